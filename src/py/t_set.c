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
 * library (set.c) keeps CPython's tables and does each operation of the
 * set algebra in CPython's order; this file only decides what reaches
 * it: an operand that is not a set, frozenset, dict, list or tuple is
 * first iterated into a list (its iteration order is what CPython would
 * have used), and the methods with several arguments combine the
 * library's operations as setobject.c's *_multi functions do.
 *
 * Both kinds are reached by kind (OHI_KIND_SET, OHI_KIND_FROZENSET), so
 * subclasses work; their instances come zeroed from py_alloc_instance and
 * are made valid empty sets by ohi_set_init before anything else.  A
 * result's type is the base of its first operand: set for set and its
 * subclasses, frozenset otherwise (CPython's make_new_set_basetype).
 *
 * Invariants
 * ----------
 * TS1. An `other` operand reaches the library as a set, frozenset,
 *      exact dict, list or tuple (other_arg), never as a lazy iterable.
 * TS2. A frozenset is changed only while it is being built: by
 *      ohi_set_fill in frozenset(), or in union(*others) on the new
 *      result, before anyone else holds it.
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
 * Operands and items
 * ========================================================================== */

/* An `other` operand as the library takes it (a set, frozenset, exact
 * dict, list or tuple: their order is CPython's) -- anything else is
 * iterated into a list first, in its iteration order.  New reference. */
static oh_object *
other_arg(oh_object *o)
{
    if (is_anyset(o) || o->type == &oh_dict_type || o->type == &oh_list_type
        || o->type == &oh_tuple_type) {
        oh_incref(o);
        return o;
    }
    return py_sequence_list(o);
}

/* An unhashable set used as an item is looked up as a frozenset, as
 * CPython's set_contains and set_discard do: a frozenset of item after a
 * TypeError from a set item, else NULL with the error left. */
static oh_object *
as_frozen_key(oh_object *item)
{
    if (!is_set(item) || !py_err_matches(PY_EXC(TypeError)))
        return NULL;
    py_err_clear();
    return oh_frozenset_from(item);
}

static int
has_item(oh_object *s, oh_object *item)
{
    int r = oh_set_contains(s, item);
    if (r < 0) {
        oh_object *tmp = as_frozen_key(item);
        if (tmp != NULL) {
            r = oh_set_contains(s, tmp);
            oh_decref(tmp);
        }
    }
    return r;
}

/* 1 removed, 0 absent, -1 error. */
static int
discard_item(oh_object *s, oh_object *item)
{
    int r = oh_set_discard(s, item);
    if (r < 0) {
        oh_object *tmp = as_frozen_key(item);
        if (tmp != NULL) {
            r = oh_set_discard(s, tmp);
            oh_decref(tmp);
        }
    }
    return r;
}

/* ==========================================================================
 * For the interpreter loop
 * ========================================================================== */

int
py_set_update(oh_object *s, oh_object *iterable)
{
    oh_object *other = other_arg(iterable);
    if (other == NULL)
        return -1;
    int r = oh_set_update(s, other);
    oh_decref(other);
    return r;
}

oh_object *
py_set_from_array(oh_object *const *items, size_t n)
{
    oh_object *s = oh_set_new();
    if (s == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (oh_set_add(s, items[i]) < 0) {
            oh_decref(s);
            return NULL;
        }
    return s;
}

/* The set algebra with any iterable as the second operand. */
typedef oh_object *(*set_binop)(oh_object *, oh_object *);
typedef int (*set_inplace)(oh_object *, oh_object *);
typedef int (*set_test)(oh_object *, oh_object *);

static oh_object *
binop(set_binop fn, oh_object *a, oh_object *b)
{
    oh_object *other = other_arg(b);
    if (other == NULL)
        return NULL;
    oh_object *r = fn(a, other);
    oh_decref(other);
    return r;
}

static int
inplace(set_inplace fn, oh_object *a, oh_object *b)
{
    oh_object *other = other_arg(b);
    if (other == NULL)
        return -1;
    int r = fn(a, other);
    oh_decref(other);
    return r;
}

static int
test(set_test fn, oh_object *a, oh_object *b)
{
    oh_object *other = other_arg(b);
    if (other == NULL)
        return -1;
    int r = fn(a, other);
    oh_decref(other);
    return r;
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
    oh_object *s = py_alloc_instance(type, 0);
    if (s != NULL)
        ohi_set_init(s);
    return s;
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
    if (oh_set_size(self) > 0 && oh_set_clear(self) < 0)
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
    oh_object *other = NULL;
    if (nargs == 1) {
        other = other_arg(args[0]);
        if (other == NULL)
            return NULL;
    }
    oh_object *s;
    if (type == PY_T(frozenset))
        s = oh_frozenset_from(other);
    else {
        s = py_alloc_instance(type, 0);
        if (s != NULL) {
            ohi_set_init(s);
            if (other != NULL && ohi_set_fill(s, other) < 0)
                OH_CLEAR(s);
        }
    }
    oh_xdecref(other);
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
    if (oh_set_size(o) == 0) {
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
    int64_t na = oh_set_size(a), nb = oh_set_size(b);
    int r;
    switch (op) {
    case PY_CMP_EQ:
    case PY_CMP_NE:
        r = na == nb ? oh_set_issubset(a, b) : 0;
        if (r >= 0 && op == PY_CMP_NE)
            r = !r;
        break;
    case PY_CMP_LE:
        r = oh_set_issubset(a, b);
        break;
    case PY_CMP_GE:
        r = oh_set_issubset(b, a);
        break;
    case PY_CMP_LT:
        r = na < nb ? oh_set_issubset(a, b) : 0;
        break;
    default:
        r = na > nb ? oh_set_issubset(b, a) : 0;
        break;
    }
    if (r < 0)
        return NULL;
    return oh_bool_from(r);
}

/* The library's frozenset hash (CPython's, cached in the object), called
 * through frozenset's own descriptor: a subclass's descriptor sends hash
 * back to this slot. */
static oh_hash_t
frozenset_hash(oh_object *o)
{
    return oh_frozenset_type.hash(o);
}

static int64_t
set_len(oh_object *o)
{
    return oh_set_size(o);
}

static int
set_contains(oh_object *o, oh_object *item)
{
    return has_item(o, item);
}

#define SET_BINOP(cname, libfn)                                             \
    static oh_object *cname(oh_object *a, oh_object *b)                     \
    {                                                                       \
        if (!is_anyset(a) || !is_anyset(b))                                 \
            return NOTIMPL();                                               \
        return libfn(a, b);                                                 \
    }
SET_BINOP(set_or, oh_set_union)
SET_BINOP(set_and, oh_set_intersection)
SET_BINOP(set_sub, oh_set_difference)
SET_BINOP(set_xor, oh_set_symmetric_difference)
#undef SET_BINOP

#define SET_INPLACE(cname, libfn)                                           \
    static oh_object *cname(oh_object *a, oh_object *b)                     \
    {                                                                       \
        if (!is_anyset(b))                                                  \
            return NOTIMPL();                                               \
        if (libfn(a, b) < 0)                                                \
            return NULL;                                                    \
        oh_incref(a);                                                       \
        return a;                                                           \
    }
SET_INPLACE(set_ior, oh_set_update)
SET_INPLACE(set_iand, oh_set_intersection_update)
SET_INPLACE(set_isub, oh_set_difference_update)
SET_INPLACE(set_ixor, oh_set_symmetric_difference_update)
#undef SET_INPLACE

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
    if (si->it.set != NULL && si->it.used == oh_set_size(si->it.set)) {
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
    if (oh_set_add(self, args[0]) < 0)
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
    if (oh_set_size(self) == 0) {
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
    return oh_set_copy(self);
}

/* union(*others): a copy updated with each (the set itself skipped). */
static oh_object *
set_m_union(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (py_no_kwargs("union", kwnames) < 0)
        return NULL;
    if (nargs == 0)
        return oh_set_union(self, self);
    oh_object *r = binop(oh_set_union, self, args[0]);
    for (size_t i = 1; r != NULL && i < nargs; i++) {
        if (args[i] == self)
            continue;
        /* In place, as CPython: r is new, even when a frozenset. */
        if (inplace(ohi_set_fill, r, args[i]) < 0)
            OH_CLEAR(r);
    }
    return r;
}

/* intersection(*others): a chain of intersections. */
static oh_object *
set_m_intersection(oh_object *self, oh_object *const *args, size_t nargs,
                   oh_object *kwnames)
{
    if (py_no_kwargs("intersection", kwnames) < 0)
        return NULL;
    if (nargs == 0)
        return oh_set_union(self, self);
    oh_object *r = binop(oh_set_intersection, self, args[0]);
    for (size_t i = 1; r != NULL && i < nargs; i++) {
        oh_object *n = binop(oh_set_intersection, r, args[i]);
        oh_decref(r);
        r = n;
    }
    return r;
}

/* difference(*others): one difference, then difference_update with the
 * rest. */
static oh_object *
set_m_difference(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_no_kwargs("difference", kwnames) < 0)
        return NULL;
    if (nargs == 0)
        return oh_set_union(self, self);
    oh_object *r = binop(oh_set_difference, self, args[0]);
    if (r != NULL && nargs > 1 && is_frozenset(r)) {
        /* A frozenset result is built by chained differences (CPython
         * updates it in place; the items are the same, their slots may
         * differ when the arguments overlap). */
        for (size_t i = 1; r != NULL && i < nargs; i++) {
            oh_object *n = binop(oh_set_difference, r, args[i]);
            oh_decref(r);
            r = n;
        }
        return r;
    }
    for (size_t i = 1; r != NULL && i < nargs; i++)
        if (inplace(oh_set_difference_update, r, args[i]) < 0)
            OH_CLEAR(r);
    return r;
}

static oh_object *
set_m_symmetric_difference(oh_object *self, oh_object *const *args,
                           size_t nargs, oh_object *kwnames)
{
    if (py_check_args("symmetric_difference", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return binop(oh_set_symmetric_difference, self, args[0]);
}

static oh_object *
set_m_update(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_no_kwargs("update", kwnames) < 0)
        return NULL;
    for (size_t i = 0; i < nargs; i++)
        if (inplace(oh_set_update, self, args[i]) < 0)
            return NULL;
    return none_ref();
}

static oh_object *
set_m_intersection_update(oh_object *self, oh_object *const *args,
                          size_t nargs, oh_object *kwnames)
{
    if (py_no_kwargs("intersection_update", kwnames) < 0)
        return NULL;
    for (size_t i = 0; i < nargs; i++)
        if (inplace(oh_set_intersection_update, self, args[i]) < 0)
            return NULL;
    return none_ref();
}

static oh_object *
set_m_difference_update(oh_object *self, oh_object *const *args,
                        size_t nargs, oh_object *kwnames)
{
    if (py_no_kwargs("difference_update", kwnames) < 0)
        return NULL;
    for (size_t i = 0; i < nargs; i++)
        if (inplace(oh_set_difference_update, self, args[i]) < 0)
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
    if (inplace(oh_set_symmetric_difference_update, self, args[0]) < 0)
        return NULL;
    return none_ref();
}

#define BOOL_METHOD(cname, pyname, fn)                                      \
    static oh_object *cname(oh_object *self, oh_object *const *args,        \
                            size_t nargs, oh_object *kwnames)               \
    {                                                                       \
        if (py_check_args(pyname, nargs, kwnames, 1, 1) < 0)                \
            return NULL;                                                    \
        int r = test(fn, self, args[0]);                                    \
        return r < 0 ? NULL : oh_bool_from(r);                              \
    }
BOOL_METHOD(set_m_issubset, "issubset", oh_set_issubset)
BOOL_METHOD(set_m_issuperset, "issuperset", oh_set_issuperset)
BOOL_METHOD(set_m_isdisjoint, "isdisjoint", oh_set_isdisjoint)
#undef BOOL_METHOD

/* What sys.getsizeof counts, less the collector's 16-byte prefix (as
 * CPython's __sizeof__ leaves out its gc head). */
static oh_object *
set_m_sizeof(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("__sizeof__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return oh_int_from_i64((int64_t)py_sizeof(self));
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
    {"__class_getitem__", py_class_getitem, PY_METH_CLASS, NULL},
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
    {"__class_getitem__", py_class_getitem, PY_METH_CLASS, NULL},
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
    PY_TYPE_INIT_KIND("frozenset", oh_frozenset_type),
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
