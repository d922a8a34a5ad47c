/*
 * t_set.c -- set and frozenset as Python types, and their iterator.
 *
 * What this file owns
 * -------------------
 * PY_T(set), PY_T(frozenset) and PY_T(set_iter): the Python face of the
 * library's sets (src/types/set.c owns the hash table: its layout,
 * probing and growth decide the iteration order, which follows CPython's
 * setobject.c).  Constructors, repr, comparisons as subset tests, the
 * frozenset hash, in, iteration, the methods, the operators | & - ^ and
 * their in-place forms, and py_set_from_array / py_set_update for the
 * interpreter loop.
 *
 * Order
 * -----
 * A set's iteration order is its table order, so two sets with the same
 * items can iterate differently depending on how they were built.  The
 * algorithms here follow CPython's step for step -- which operand is
 * iterated, which set the result starts as a copy of, when the other
 * operand is swapped for the smaller one -- so that for ints (whose
 * hashes are their values) every result iterates as python3's does.
 *
 * Both kinds are handled by kind (OHI_KIND_SET, OHI_KIND_FROZENSET); a
 * result's type is the base of its first operand: set for set and its
 * subclasses, frozenset otherwise (CPython's make_new_set_basetype).
 *
 * Invariants
 * ----------
 * TS1. Every operation that adds items to a set made here does so
 *      through add_item / merge_into, in CPython's order.
 * TS2. A frozenset is never changed after its constructor returns.
 * TS3. A set iterator's `it.set` is NULL once it reported its end or an
 *      error; it never reads a table that changed since it started
 *      (oh_set_iter_next checks size and version first).
 */
#include "py/py.h"

#include <string.h>

#define NOTIMPL() (oh_incref(PY_NOTIMPL), PY_NOTIMPL)

OHI_INLINE bool
is_set(const oh_object *o)
{
    return OHI_TYPE_KIND(o->type) == OHI_KIND_SET;
}

OHI_INLINE bool
is_frozenset(const oh_object *o)
{
    return OHI_TYPE_KIND(o->type) == OHI_KIND_FROZENSET;
}

OHI_INLINE bool
is_anyset(const oh_object *o)
{
    return is_set(o) || is_frozenset(o);
}

static oh_object *
none_ref(void)
{
    oh_incref(OH_NONE);
    return OH_NONE;
}

static void *
key_error(oh_object *key)
{
    oh_object *exc = py_exc_new(PY_EXC(KeyError), &key, 1);
    if (exc != NULL)
        py_err_raise_new(exc);
    return NULL;
}

/* ==========================================================================
 * The table, through the library
 * ========================================================================== */

static int64_t
set_size(oh_object *s)
{
    return oh_set_size(s);
}

/* A new empty set or frozenset. */
static oh_object *
new_base(bool frozen)
{
    return frozen ? ohi_frozenset_new() : oh_set_new();
}

static int
add_item(oh_object *s, oh_object *item)
{
    return oh_set_add(s, item);
}

/* Look an item up; an unhashable set is looked up as a frozenset, as
 * CPython's set_contains does.  1, 0, -1. */
static int
has_item(oh_object *s, oh_object *item)
{
    int r = oh_set_contains(s, item);
    if (r < 0 && is_set(item) && py_err_matches(PY_EXC(TypeError))) {
        py_err_clear();
        oh_object *tmp = new_base(true);
        if (tmp == NULL)
            return -1;
        if (py_set_update(tmp, item) < 0) {
            oh_decref(tmp);
            return -1;
        }
        r = oh_set_contains(s, tmp);
        oh_decref(tmp);
    }
    return r;
}

/* Discard: 1 removed, 0 absent, -1 error (sets as keys as in has_item). */
static int
discard_item(oh_object *s, oh_object *item)
{
    int r = oh_set_discard(s, item);
    if (r < 0 && is_set(item) && py_err_matches(PY_EXC(TypeError))) {
        py_err_clear();
        oh_object *tmp = new_base(true);
        if (tmp == NULL)
            return -1;
        if (py_set_update(tmp, item) < 0) {
            oh_decref(tmp);
            return -1;
        }
        r = oh_set_discard(s, tmp);
        oh_decref(tmp);
    }
    return r;
}

/* Iterate a set's items in table order: items are borrowed and valid
 * until the set changes. */
typedef oh_set_iter set_walk;

static void
walk_init(set_walk *w, oh_object *s)
{
    (void)oh_set_iter_init(w, s);
}

/* 1 with *item, 0 at the end, -1 if the set changed. */
static int
walk_next(set_walk *w, oh_object **item)
{
    return oh_set_iter_next(w, item);
}

/* Add every item of set `other` to s (CPython's set_merge). */
static int
merge_into(oh_object *s, oh_object *other)
{
    if (s == other)
        return 0;
    set_walk w;
    oh_object *k;
    int r;
    walk_init(&w, other);
    while ((r = walk_next(&w, &k)) == 1) {
        oh_incref(k);
        int a = add_item(s, k);
        oh_decref(k);
        if (a < 0)
            return -1;
    }
    return r;
}

/* ==========================================================================
 * The algorithms (CPython's setobject.c, step for step: TS1)
 * ========================================================================== */

int
py_set_update(oh_object *s, oh_object *iterable)
{
    if (is_anyset(iterable))
        return merge_into(s, iterable);
    if (iterable->type == &oh_dict_type) {
        for (int64_t i = 0; i < ohi_dict_nentries(iterable); i++) {
            oh_object *k;
            if (!ohi_dict_entry_at(iterable, i, &k, NULL))
                continue;
            oh_incref(k);
            int r = add_item(s, k);
            oh_decref(k);
            if (r < 0)
                return -1;
        }
        return 0;
    }
    oh_object *it = py_iter(iterable);
    if (it == NULL)
        return -1;
    oh_object *v;
    while ((v = py_iter_next(it)) != NULL) {
        int r = add_item(s, v);
        oh_decref(v);
        if (r < 0) {
            oh_decref(it);
            return -1;
        }
    }
    oh_decref(it);
    return py_err_occurred() ? -1 : 0;
}

oh_object *
py_set_from_array(oh_object *const *items, size_t n)
{
    oh_object *s = oh_set_new();
    if (s == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (add_item(s, items[i]) < 0) {
            oh_decref(s);
            return NULL;
        }
    return s;
}

/* A new set of so's base type holding the items of iterable (or none). */
static oh_object *
make_new_like(oh_object *so, oh_object *iterable)
{
    oh_object *r = new_base(!is_set(so));
    if (r != NULL && iterable != NULL && py_set_update(r, iterable) < 0)
        OH_CLEAR(r);
    return r;
}

static oh_object *
set_copy(oh_object *so)
{
    return make_new_like(so, so);
}

static oh_object *
set_intersection(oh_object *so, oh_object *other)
{
    if (so == other)
        return set_copy(so);
    oh_object *result = make_new_like(so, NULL);
    if (result == NULL)
        return NULL;
    if (is_anyset(other)) {
        if (set_size(other) > set_size(so)) {
            oh_object *t = so;
            so = other;
            other = t;
        }
        set_walk w;
        oh_object *k;
        int r;
        walk_init(&w, other);
        while ((r = walk_next(&w, &k)) == 1) {
            oh_incref(k);
            int c = has_item(so, k);
            if (c > 0)
                c = add_item(result, k);
            oh_decref(k);
            if (c < 0) {
                r = -1;
                break;
            }
        }
        if (r < 0) {
            oh_decref(result);
            return NULL;
        }
        return result;
    }
    oh_object *it = py_iter(other);
    if (it == NULL) {
        oh_decref(result);
        return NULL;
    }
    oh_object *k;
    while ((k = py_iter_next(it)) != NULL) {
        int c = oh_set_contains(so, k);
        if (c > 0)
            c = add_item(result, k);
        oh_decref(k);
        if (c < 0)
            break;
    }
    oh_decref(it);
    if (py_err_occurred()) {
        oh_decref(result);
        return NULL;
    }
    return result;
}

static oh_object *
set_intersection_multi(oh_object *so, oh_object *const *others, size_t n)
{
    if (n == 0)
        return set_copy(so);
    oh_incref(so);
    oh_object *result = so;
    for (size_t i = 0; i < n; i++) {
        oh_object *nr = set_intersection(result, others[i]);
        oh_decref(result);
        if (nr == NULL)
            return NULL;
        result = nr;
    }
    return result;
}

/* so's items become those of tmp (CPython's set_swap_bodies, here a
 * clear and a merge). */
static int
replace_body(oh_object *so, oh_object *tmp)
{
    if (oh_set_clear(so) < 0)
        return -1;
    return merge_into(so, tmp);
}

static int
set_difference_update_internal(oh_object *so, oh_object *other)
{
    if (so == other)
        return oh_set_clear(so);
    if (is_anyset(other)) {
        oh_object *src;
        if ((set_size(other) >> 3) > set_size(so)) {
            src = set_intersection(so, other);
            if (src == NULL)
                return -1;
        }
        else {
            oh_incref(other);
            src = other;
        }
        /* Removing from so while walking src: src is not so. */
        set_walk w;
        oh_object *k;
        int r;
        walk_init(&w, src);
        while ((r = walk_next(&w, &k)) == 1) {
            oh_incref(k);
            int d = discard_item(so, k);
            oh_decref(k);
            if (d < 0) {
                r = -1;
                break;
            }
        }
        oh_decref(src);
        return r < 0 ? -1 : 0;
    }
    oh_object *it = py_iter(other);
    if (it == NULL)
        return -1;
    oh_object *k;
    while ((k = py_iter_next(it)) != NULL) {
        int d = discard_item(so, k);
        oh_decref(k);
        if (d < 0)
            break;
    }
    oh_decref(it);
    return py_err_occurred() ? -1 : 0;
}

static oh_object *
set_copy_and_difference(oh_object *so, oh_object *other)
{
    oh_object *r = set_copy(so);
    if (r != NULL && set_difference_update_internal(r, other) < 0)
        OH_CLEAR(r);
    return r;
}

static oh_object *
set_difference(oh_object *so, oh_object *other)
{
    int64_t other_size;
    if (is_anyset(other))
        other_size = set_size(other);
    else if (other->type == &oh_dict_type)
        other_size = oh_dict_size(other);
    else
        return set_copy_and_difference(so, other);
    if ((set_size(so) >> 2) > other_size)
        return set_copy_and_difference(so, other);
    oh_object *result = make_new_like(so, NULL);
    if (result == NULL)
        return NULL;
    set_walk w;
    oh_object *k;
    int r;
    walk_init(&w, so);
    while ((r = walk_next(&w, &k)) == 1) {
        oh_incref(k);
        int c = is_anyset(other) ? oh_set_contains(other, k)
                                 : oh_dict_contains(other, k);
        if (c == 0)
            c = add_item(result, k);
        oh_decref(k);
        if (c < 0) {
            r = -1;
            break;
        }
    }
    if (r < 0) {
        oh_decref(result);
        return NULL;
    }
    return result;
}

static int
set_symmetric_difference_update(oh_object *so, oh_object *other)
{
    if (so == other)
        return oh_set_clear(so);
    if (other->type == &oh_dict_type) {
        for (int64_t i = 0; i < ohi_dict_nentries(other); i++) {
            oh_object *k;
            if (!ohi_dict_entry_at(other, i, &k, NULL))
                continue;
            oh_incref(k);
            int d = discard_item(so, k);
            if (d == 0)
                d = add_item(so, k);
            oh_decref(k);
            if (d < 0)
                return -1;
        }
        return 0;
    }
    oh_object *otherset;
    if (is_anyset(other)) {
        oh_incref(other);
        otherset = other;
    }
    else {
        otherset = make_new_like(so, other);
        if (otherset == NULL)
            return -1;
    }
    set_walk w;
    oh_object *k;
    int r;
    walk_init(&w, otherset);
    while ((r = walk_next(&w, &k)) == 1) {
        oh_incref(k);
        int d = discard_item(so, k);
        if (d == 0)
            d = add_item(so, k);
        oh_decref(k);
        if (d < 0) {
            r = -1;
            break;
        }
    }
    oh_decref(otherset);
    return r < 0 ? -1 : 0;
}

static oh_object *
set_symmetric_difference(oh_object *so, oh_object *other)
{
    oh_object *r = make_new_like(so, other);
    if (r != NULL && set_symmetric_difference_update(r, so) < 0)
        OH_CLEAR(r);
    return r;
}

/* so <= other: 1, 0, -1. */
static int
set_issubset(oh_object *so, oh_object *other)
{
    if (!is_anyset(other)) {
        oh_object *tmp = new_base(false);
        if (tmp == NULL || py_set_update(tmp, other) < 0) {
            oh_xdecref(tmp);
            return -1;
        }
        int r = set_issubset(so, tmp);
        oh_decref(tmp);
        return r;
    }
    if (set_size(so) > set_size(other))
        return 0;
    set_walk w;
    oh_object *k;
    int r;
    walk_init(&w, so);
    while ((r = walk_next(&w, &k)) == 1) {
        oh_incref(k);
        int c = oh_set_contains(other, k);
        oh_decref(k);
        if (c <= 0)
            return c;
    }
    return r < 0 ? -1 : 1;
}

static int
set_issuperset(oh_object *so, oh_object *other)
{
    if (is_anyset(other))
        return set_issubset(other, so);
    oh_object *it = py_iter(other);
    if (it == NULL)
        return -1;
    oh_object *k;
    int res = 1;
    while ((k = py_iter_next(it)) != NULL) {
        int c = oh_set_contains(so, k);
        oh_decref(k);
        if (c <= 0) {
            res = c;
            break;
        }
    }
    oh_decref(it);
    if (res >= 0 && py_err_occurred())
        res = -1;
    return res;
}

static int
set_isdisjoint(oh_object *so, oh_object *other)
{
    if (so == other)
        return set_size(so) == 0;
    if (is_anyset(other)) {
        if (set_size(other) > set_size(so)) {
            oh_object *t = so;
            so = other;
            other = t;
        }
        set_walk w;
        oh_object *k;
        int r;
        walk_init(&w, other);
        while ((r = walk_next(&w, &k)) == 1) {
            oh_incref(k);
            int c = oh_set_contains(so, k);
            oh_decref(k);
            if (c != 0)
                return c < 0 ? -1 : 0;
        }
        return r < 0 ? -1 : 1;
    }
    oh_object *it = py_iter(other);
    if (it == NULL)
        return -1;
    oh_object *k;
    int res = 1;
    while ((k = py_iter_next(it)) != NULL) {
        int c = oh_set_contains(so, k);
        oh_decref(k);
        if (c != 0) {
            res = c < 0 ? -1 : 0;
            break;
        }
    }
    oh_decref(it);
    if (res >= 0 && py_err_occurred())
        res = -1;
    return res;
}

/* ==========================================================================
 * Slots
 * ========================================================================== */

static oh_object *
set_new(py_type *type, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    if (type == PY_T(set))
        return oh_set_new();
    return py_alloc_instance(type, 0);
}

static int
set_init(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    py_type *t = PY_TYPE(self);
    if ((t == PY_T(set) || t->tp_new == PY_T(set)->tp_new)
        && py_no_kwargs("set", kwnames) < 0)
        return -1;
    if (nargs > 1) {
        py_err_format(PY_EXC(TypeError), "set expected at most 1 argument, "
                      "got %zu", nargs);
        return -1;
    }
    if (set_size(self) > 0 && oh_set_clear(self) < 0)
        return -1;
    return nargs == 1 ? py_set_update(self, args[0]) : 0;
}

static oh_object *
frozenset_new(py_type *type, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (type == PY_T(frozenset) && py_no_kwargs("frozenset", kwnames) < 0)
        return NULL;
    if (nargs > 1)
        return py_err_format(PY_EXC(TypeError), "frozenset expected at most "
                             "1 argument, got %zu", nargs);
    if (type == PY_T(frozenset) && nargs == 1
        && PY_TYPE(args[0]) == PY_T(frozenset)) {
        oh_incref(args[0]);
        return args[0];
    }
    oh_object *s = type == PY_T(frozenset) ? new_base(true)
                                           : py_alloc_instance(type, 0);
    if (s != NULL && nargs == 1 && py_set_update(s, args[0]) < 0)
        OH_CLEAR(s);
    return s;
}

static oh_object *
set_repr(oh_object *o)
{
    py_type *t = PY_TYPE(o);
    int seen = ohi_repr_enter(o);
    if (seen != 0)
        return seen > 0 ? py_str_format("%s(...)", t->tp_name) : NULL;
    oh_object *r = NULL;
    if (set_size(o) == 0) {
        r = py_str_format("%s()", t->tp_name);
        ohi_repr_leave(o);
        return r;
    }
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    if (t != PY_T(set)) {
        ohi_strbuf_adds(&b, t->tp_name);
        ohi_strbuf_add(&b, "(", 1);
    }
    ohi_strbuf_add(&b, "{", 1);
    /* The items first, as CPython's list of them: their reprs may run
     * code that changes the set. */
    oh_object *items = py_sequence_list(o);
    bool ok = items != NULL;
    for (int64_t i = 0; ok && i < OHI_LIST(items)->size; i++) {
        if (i > 0)
            ohi_strbuf_add(&b, ", ", 2);
        oh_object *rep = py_repr(OHI_LIST(items)->items[i]);
        if (rep == NULL) {
            ok = false;
            break;
        }
        ohi_strbuf_add(&b, OHI_STR(rep)->data, (size_t)OHI_STR(rep)->nbytes);
        oh_decref(rep);
    }
    oh_xdecref(items);
    ohi_repr_leave(o);
    if (!ok) {
        ohi_strbuf_discard(&b);
        return NULL;
    }
    ohi_strbuf_adds(&b, t != PY_T(set) ? "})" : "}");
    return ohi_strbuf_finish(&b);
}

static oh_object *
set_richcompare(oh_object *a, oh_object *b, int op)
{
    if (!is_anyset(a) || !is_anyset(b))
        return NOTIMPL();
    int64_t na = set_size(a), nb = set_size(b);
    int r;
    switch (op) {
    case PY_CMP_EQ:
    case PY_CMP_NE:
        r = na == nb ? set_issubset(a, b) : 0;
        if (r >= 0 && op == PY_CMP_NE)
            r = !r;
        break;
    case PY_CMP_LE:
        r = set_issubset(a, b);
        break;
    case PY_CMP_GE:
        r = set_issubset(b, a);
        break;
    case PY_CMP_LT:
        r = na < nb ? set_issubset(a, b) : 0;
        break;
    default:
        r = na > nb ? set_issubset(b, a) : 0;
        break;
    }
    if (r < 0)
        return NULL;
    return oh_bool_from(r);
}

static uint64_t
shuffle_bits(uint64_t h)
{
    return ((h ^ 89869747u) ^ (h << 16)) * 3644798167u;
}

/* CPython's frozenset_hash: order-independent (xor of the shuffled item
 * hashes), then the size and a final dispersion. */
static oh_hash_t
frozenset_hash(oh_object *o)
{
    uint64_t h = 0;
    set_walk w;
    oh_object *k;
    int r;
    walk_init(&w, o);
    while ((r = walk_next(&w, &k)) == 1) {
        oh_hash_t kh = py_hash(k);
        if (kh == -1)
            return -1;
        h ^= shuffle_bits((uint64_t)kh);
    }
    if (r < 0)
        return -1;
    h ^= ((uint64_t)set_size(o) + 1) * 1927868237u;
    h ^= (h >> 11) ^ (h >> 25);
    h = h * 69069u + 907133923u;
    if (h == UINT64_MAX)
        h = 590923713u;
    return (oh_hash_t)h;
}

static int64_t
set_len(oh_object *o)
{
    return set_size(o);
}

static int
set_contains(oh_object *o, oh_object *item)
{
    return has_item(o, item);
}

static oh_object *
set_or(oh_object *a, oh_object *b)
{
    if (!is_anyset(a) || !is_anyset(b))
        return NOTIMPL();
    oh_object *r = set_copy(a);
    if (r != NULL && a != b && py_set_update(r, b) < 0)
        OH_CLEAR(r);
    return r;
}

static oh_object *
set_and(oh_object *a, oh_object *b)
{
    if (!is_anyset(a) || !is_anyset(b))
        return NOTIMPL();
    return set_intersection(a, b);
}

static oh_object *
set_sub(oh_object *a, oh_object *b)
{
    if (!is_anyset(a) || !is_anyset(b))
        return NOTIMPL();
    return set_difference(a, b);
}

static oh_object *
set_xor(oh_object *a, oh_object *b)
{
    if (!is_anyset(a) || !is_anyset(b))
        return NOTIMPL();
    return set_symmetric_difference(a, b);
}

static oh_object *
return_self(oh_object *a)
{
    oh_incref(a);
    return a;
}

static oh_object *
set_ior(oh_object *a, oh_object *b)
{
    if (!is_anyset(b))
        return NOTIMPL();
    return py_set_update(a, b) < 0 ? NULL : return_self(a);
}

static oh_object *
set_iand(oh_object *a, oh_object *b)
{
    if (!is_anyset(b))
        return NOTIMPL();
    oh_object *tmp = set_intersection(a, b);
    if (tmp == NULL)
        return NULL;
    int r = replace_body(a, tmp);
    oh_decref(tmp);
    return r < 0 ? NULL : return_self(a);
}

static oh_object *
set_isub(oh_object *a, oh_object *b)
{
    if (!is_anyset(b))
        return NOTIMPL();
    return set_difference_update_internal(a, b) < 0 ? NULL : return_self(a);
}

static oh_object *
set_ixor(oh_object *a, oh_object *b)
{
    if (!is_anyset(b))
        return NOTIMPL();
    return set_symmetric_difference_update(a, b) < 0 ? NULL
                                                     : return_self(a);
}

/* ==========================================================================
 * The iterator
 * ========================================================================== */

typedef struct set_iter {
    OH_OBJECT_HEAD;
    oh_set_iter it;                     /* TS3: it.set NULL at the end */
} set_iter;

#define SIT(o) ((set_iter *)(void *)(o))

static int
setiter_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(SIT(o)->it.set);
    return 0;
}

static void
setiter_clear(oh_object *o)
{
    OH_CLEAR(SIT(o)->it.set);
}

static oh_object *
iter_self(oh_object *o)
{
    oh_incref(o);
    return o;
}

static oh_object *
setiter_next(oh_object *o)
{
    set_iter *si = SIT(o);
    if (si->it.set == NULL)
        return NULL;
    oh_object *k;
    int r = oh_set_iter_next(&si->it, &k);
    if (r == 1) {
        oh_incref(k);
        return k;
    }
    OH_CLEAR(si->it.set);
    return NULL;
}

/* The items left: counted on a copy of the position (O(n), rarely
 * asked: list(s) reads len(s) instead). */
static oh_object *
setiter_m_length_hint(oh_object *self, oh_object *const *args,
                      size_t nargs, oh_object *kwnames)
{
    set_iter *si = SIT(self);
    int64_t n = 0;
    if (si->it.set != NULL && si->it.used == set_size(si->it.set)) {
        oh_set_iter copy = si->it;
        oh_object *k;
        while (oh_set_iter_next(&copy, &k) == 1)
            n++;
        py_err_clear();
    }
    return oh_int_from_i64(n);
}

static const py_method_def setiter_methods[] = {
    {"__length_hint__", setiter_m_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL}
};

py_static_type py_set_iter_static = {.t = {
    PY_TYPE_INIT("set_iterator", set_iter, OH_TYPE_CONTAINER),
    .ot.traverse = setiter_traverse,
    .ot.clear = setiter_clear,
    .methods = setiter_methods,
    .tp_iter = iter_self,
    .tp_iternext = setiter_next,
}};

static oh_object *
set_iter_new(oh_object *s)
{
    set_iter *si = (set_iter *)(void *)ohi_object_alloc(
        &PY_T(set_iter)->ot, 0);
    if (si == NULL)
        return NULL;
    si->it.set = NULL;
    if (oh_set_iter_init(&si->it, s) < 0) {
        si->it.set = NULL;
        oh_decref(&si->ob_base);
        return NULL;
    }
    oh_incref(s);
    ohi_gc_track(&si->ob_base);
    ohi_gc_safe_point();
    return &si->ob_base;
}

/* ==========================================================================
 * Methods
 * ========================================================================== */

static oh_object *
set_m_add(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_check_args("set.add", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (add_item(self, args[0]) < 0)
        return NULL;
    return none_ref();
}

static oh_object *
set_m_discard(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("set.discard", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (discard_item(self, args[0]) < 0)
        return NULL;
    return none_ref();
}

static oh_object *
set_m_remove(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("set.remove", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int r = discard_item(self, args[0]);
    if (r < 0)
        return NULL;
    if (r == 0)
        return key_error(args[0]);
    return none_ref();
}

static oh_object *
set_m_pop(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_check_args("pop", nargs, kwnames, 0, 0) < 0)
        return NULL;
    if (set_size(self) == 0) {
        oh_object *msg = oh_str_from_cstr("pop from an empty set");
        if (msg != NULL) {
            key_error(msg);
            oh_decref(msg);
        }
        return NULL;
    }
    return oh_set_pop(self);
}

static oh_object *
set_m_clear(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (py_check_args("clear", nargs, kwnames, 0, 0) < 0)
        return NULL;
    if (oh_set_clear(self) < 0)
        return NULL;
    return none_ref();
}

static oh_object *
set_m_copy(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_check_args("copy", nargs, kwnames, 0, 0) < 0)
        return NULL;
    if (PY_TYPE(self) == PY_T(frozenset)) {
        oh_incref(self);
        return self;
    }
    return set_copy(self);
}

static oh_object *
set_m_union(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (py_no_kwargs("union", kwnames) < 0)
        return NULL;
    oh_object *r = set_copy(self);
    for (size_t i = 0; r != NULL && i < nargs; i++)
        if (args[i] != self && py_set_update(r, args[i]) < 0)
            OH_CLEAR(r);
    return r;
}

static oh_object *
set_m_intersection(oh_object *self, oh_object *const *args, size_t nargs,
                   oh_object *kwnames)
{
    if (py_no_kwargs("intersection", kwnames) < 0)
        return NULL;
    return set_intersection_multi(self, args, nargs);
}

static oh_object *
set_m_difference(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_no_kwargs("difference", kwnames) < 0)
        return NULL;
    if (nargs == 0)
        return set_copy(self);
    oh_object *r = set_difference(self, args[0]);
    for (size_t i = 1; r != NULL && i < nargs; i++)
        if (set_difference_update_internal(r, args[i]) < 0)
            OH_CLEAR(r);
    return r;
}

static oh_object *
set_m_symmetric_difference(oh_object *self, oh_object *const *args,
                           size_t nargs, oh_object *kwnames)
{
    if (py_check_args("symmetric_difference", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return set_symmetric_difference(self, args[0]);
}

static oh_object *
set_m_update(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_no_kwargs("update", kwnames) < 0)
        return NULL;
    for (size_t i = 0; i < nargs; i++)
        if (py_set_update(self, args[i]) < 0)
            return NULL;
    return none_ref();
}

static oh_object *
set_m_intersection_update(oh_object *self, oh_object *const *args,
                          size_t nargs, oh_object *kwnames)
{
    if (py_no_kwargs("intersection_update", kwnames) < 0)
        return NULL;
    oh_object *tmp = set_intersection_multi(self, args, nargs);
    if (tmp == NULL)
        return NULL;
    int r = replace_body(self, tmp);
    oh_decref(tmp);
    return r < 0 ? NULL : none_ref();
}

static oh_object *
set_m_difference_update(oh_object *self, oh_object *const *args,
                        size_t nargs, oh_object *kwnames)
{
    if (py_no_kwargs("difference_update", kwnames) < 0)
        return NULL;
    for (size_t i = 0; i < nargs; i++)
        if (set_difference_update_internal(self, args[i]) < 0)
            return NULL;
    return none_ref();
}

static oh_object *
set_m_symmetric_difference_update(oh_object *self, oh_object *const *args,
                                  size_t nargs, oh_object *kwnames)
{
    if (py_check_args("symmetric_difference_update", nargs, kwnames, 1, 1)
        < 0)
        return NULL;
    if (set_symmetric_difference_update(self, args[0]) < 0)
        return NULL;
    return none_ref();
}

#define BOOL_METHOD(cname, pyname, fn)                                      \
    static oh_object *cname(oh_object *self, oh_object *const *args,        \
                            size_t nargs, oh_object *kwnames)               \
    {                                                                       \
        if (py_check_args(pyname, nargs, kwnames, 1, 1) < 0)                \
            return NULL;                                                    \
        int r = fn(self, args[0]);                                          \
        return r < 0 ? NULL : oh_bool_from(r);                              \
    }
BOOL_METHOD(set_m_issubset, "issubset", set_issubset)
BOOL_METHOD(set_m_issuperset, "issuperset", set_issuperset)
BOOL_METHOD(set_m_isdisjoint, "isdisjoint", set_isdisjoint)
#undef BOOL_METHOD

/* What sys.getsizeof counts, less the collector's 16-byte prefix (as
 * CPython's __sizeof__ leaves out its gc head). */
static oh_object *
set_m_sizeof(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("__sizeof__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    int64_t ours = (int64_t)oh_getsizeof(self) - (int64_t)sizeof(ohi_gc_head);
    return oh_int_from_i64(ours);
}

static const py_method_def set_methods[] = {
    {"add", set_m_add, 0, NULL},
    {"discard", set_m_discard, 0, NULL},
    {"remove", set_m_remove, 0, NULL},
    {"pop", set_m_pop, 0, NULL},
    {"clear", set_m_clear, 0, NULL},
    {"copy", set_m_copy, 0, NULL},
    {"union", set_m_union, 0, NULL},
    {"intersection", set_m_intersection, 0, NULL},
    {"difference", set_m_difference, 0, NULL},
    {"symmetric_difference", set_m_symmetric_difference, 0, NULL},
    {"update", set_m_update, 0, NULL},
    {"intersection_update", set_m_intersection_update, 0, NULL},
    {"difference_update", set_m_difference_update, 0, NULL},
    {"symmetric_difference_update", set_m_symmetric_difference_update, 0,
     NULL},
    {"issubset", set_m_issubset, 0, NULL},
    {"issuperset", set_m_issuperset, 0, NULL},
    {"isdisjoint", set_m_isdisjoint, 0, NULL},
    {"__sizeof__", set_m_sizeof, 0, NULL},
    {NULL, NULL, 0, NULL}
};

static const py_method_def frozenset_methods[] = {
    {"copy", set_m_copy, 0, NULL},
    {"union", set_m_union, 0, NULL},
    {"intersection", set_m_intersection, 0, NULL},
    {"difference", set_m_difference, 0, NULL},
    {"symmetric_difference", set_m_symmetric_difference, 0, NULL},
    {"issubset", set_m_issubset, 0, NULL},
    {"issuperset", set_m_issuperset, 0, NULL},
    {"isdisjoint", set_m_isdisjoint, 0, NULL},
    {"__sizeof__", set_m_sizeof, 0, NULL},
    {NULL, NULL, 0, NULL}
};

py_static_type py_set_static = {.t = {
    PY_TYPE_INIT_KIND("set", oh_set_type),
    .tpflags = PY_TPFLAGS_BASETYPE,
    .methods = set_methods,
    .doc = "set() -> new empty set object\n"
           "set(iterable) -> new set object",
    .tp_new = set_new,
    .tp_init = set_init,
    .tp_repr = set_repr,
    .tp_richcompare = set_richcompare,
    .tp_iter = set_iter_new,
    .mp_length = set_len,
    .sq_contains = set_contains,
    .nb_binary = {
        [PY_OP_BITOR] = set_or, [PY_OP_BITAND] = set_and,
        [PY_OP_SUB] = set_sub, [PY_OP_BITXOR] = set_xor,
    },
    .nb_inplace = {
        [PY_OP_BITOR] = set_ior, [PY_OP_BITAND] = set_iand,
        [PY_OP_SUB] = set_isub, [PY_OP_BITXOR] = set_ixor,
    },
}};

py_static_type py_frozenset_static = {.t = {
    PY_TYPE_INIT_KIND("frozenset", ohi_frozenset_type),
    .tpflags = PY_TPFLAGS_BASETYPE,
    .methods = frozenset_methods,
    .doc = "frozenset() -> empty frozenset object\n"
           "frozenset(iterable) -> frozenset object",
    .tp_new = frozenset_new,
    .tp_repr = set_repr,
    .tp_hash = frozenset_hash,
    .tp_richcompare = set_richcompare,
    .tp_iter = set_iter_new,
    .mp_length = set_len,
    .sq_contains = set_contains,
    .nb_binary = {
        [PY_OP_BITOR] = set_or, [PY_OP_BITAND] = set_and,
        [PY_OP_SUB] = set_sub, [PY_OP_BITXOR] = set_xor,
    },
}};
