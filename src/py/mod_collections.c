/*
 * mod_collections.c -- the _collections module: deque and the helpers
 * src/py/lib/collections.py builds on.
 *
 * What this file owns
 * -------------------
 * py_module__collections, with the interface of CPython's _collections:
 *
 *   deque            a double-ended queue with an optional maxlen, every
 *                    method of CPython 3.11's, its iterators (forward and
 *                    reversed) that fail once the deque changes;
 *   _count_elements  the loop of Counter.update over an iterable;
 *   _tuplegetter     the descriptor namedtuple uses for each field.
 *
 * The deque
 * ---------
 * CPython keeps a deque in linked blocks of 64 items; here it is one ring
 * buffer whose capacity is a power of two, so that both ends take and
 * give items in O(1) (amortised over the doublings) and indexing is O(1)
 * too:
 *
 *        items: [ . . e f g h . . . . . . . . a b c d ]   cap 16
 *                         ^tail              ^head
 *   item i is items[(head + i) & (cap - 1)]; len items from head on.
 *
 * The buffer grows by doubling when full and shrinks by half when a
 * quarter full (above 16 slots), so a deque that was once large does not
 * keep its memory.
 *
 * Invariants
 * ----------
 * DQ1. cap is 0 (items NULL) or a power of two >= len; the len slots from
 *      head (cyclically) hold owned references, the others are garbage.
 * DQ2. 0 <= len <= maxlen when maxlen >= 0 (maxlen -1: unbounded).
 * DQ3. `state` changes on every change of the items' order or number, so
 *      an iterator that remembers it notices mutation.
 */
#include "py/py.h"

#include <string.h>

static oh_object *
none(void)
{
    oh_incref(OH_NONE);
    return OH_NONE;
}

static oh_object *
iter_self(oh_object *o)
{
    oh_incref(o);
    return o;
}

/* ==========================================================================
 * The ring buffer
 * ========================================================================== */

typedef struct py_deque {
    OH_OBJECT_HEAD;
    oh_object **items;                  /* DQ1 */
    int64_t cap;
    int64_t head;
    int64_t len;
    int64_t maxlen;                     /* DQ2 */
    uint64_t state;                     /* DQ3 */
    oh_object *weaklist;
} py_deque;

#define DQ(o) ((py_deque *)(void *)(o))
#define AT(d, i) ((d)->items[((d)->head + (i)) & ((d)->cap - 1)])

#define DEQUE_MINCAP 8
#define DEQUE_SHRINK_ABOVE 16

static py_static_type py_deque_static;
#define DEQUE_TYPE (&py_deque_static.t)

static bool
is_deque(const oh_object *o)
{
    return o->type == &DEQUE_TYPE->ot
           || py_type_is_subtype(py_type_of(o), DEQUE_TYPE);
}

/* Move the items into a buffer of newcap slots (>= len).  0 or -1. */
static int
deque_resize(py_deque *d, int64_t newcap)
{
    oh_object **n = oh_malloc((size_t)newcap * sizeof *n);
    if (n == NULL) {
        py_err_no_memory();
        return -1;
    }
    for (int64_t i = 0; i < d->len; i++)
        n[i] = AT(d, i);
    oh_free(d->items);
    d->items = n;
    d->cap = newcap;
    d->head = 0;
    return 0;
}

/* Room for one more item (DQ1). */
static int
deque_reserve(py_deque *d)
{
    if (d->len < d->cap)
        return 0;
    return deque_resize(d, d->cap ? d->cap * 2 : DEQUE_MINCAP);
}

static void
deque_maybe_shrink(py_deque *d)
{
    if (d->cap > DEQUE_SHRINK_ABOVE && d->len * 4 <= d->cap
        && deque_resize(d, d->cap / 2) < 0)
        py_err_clear();                 /* keep the larger buffer */
}

/* Take the item at one end.  The caller owns it. */
static oh_object *
take_right(py_deque *d)
{
    oh_object *x = AT(d, d->len - 1);
    d->len--;
    d->state++;
    deque_maybe_shrink(d);
    return x;
}

static oh_object *
take_left(py_deque *d)
{
    oh_object *x = AT(d, 0);
    d->head = (d->head + 1) & (d->cap - 1);
    d->len--;
    d->state++;
    deque_maybe_shrink(d);
    return x;
}

/* Add x (a new reference, stolen) at one end, trimming the other end to
 * maxlen (DQ2).  0 or -1 (x is dropped). */
static int
put_right(py_deque *d, oh_object *x)
{
    if (d->maxlen == 0) {
        oh_decref(x);
        return 0;
    }
    if (deque_reserve(d) < 0) {
        oh_decref(x);
        return -1;
    }
    AT(d, d->len) = x;
    d->len++;
    d->state++;
    if (d->maxlen >= 0 && d->len > d->maxlen)
        oh_decref(take_left(d));
    OH_ASSERT(d->len <= d->cap);                        /* DQ1 */
    OH_ASSERT(d->maxlen < 0 || d->len <= d->maxlen);    /* DQ2 */
    return 0;
}

static int
put_left(py_deque *d, oh_object *x)
{
    if (d->maxlen == 0) {
        oh_decref(x);
        return 0;
    }
    if (deque_reserve(d) < 0) {
        oh_decref(x);
        return -1;
    }
    d->head = (d->head - 1) & (d->cap - 1);
    d->items[d->head] = x;
    d->len++;
    d->state++;
    if (d->maxlen >= 0 && d->len > d->maxlen)
        oh_decref(take_right(d));
    OH_ASSERT(d->len <= d->cap);                        /* DQ1 */
    OH_ASSERT(d->maxlen < 0 || d->len <= d->maxlen);    /* DQ2 */
    return 0;
}

/* Drop every item; their deallocs run after the deque is consistent. */
static void
deque_drop_all(py_deque *d)
{
    oh_object **items = d->items;
    int64_t cap = d->cap, head = d->head, len = d->len;
    d->items = NULL;
    d->cap = d->head = d->len = 0;
    d->state++;
    for (int64_t i = 0; i < len; i++)
        oh_decref(items[(head + i) & (cap - 1)]);
    oh_free(items);
}

/* Append every item of iterable at one end.  0 or -1. */
static int
deque_extend_side(py_deque *d, oh_object *iterable, bool left)
{
    oh_object *src = iterable;
    if (iterable == &d->ob_base) {
        /* d.extend(d): a snapshot first. */
        src = py_sequence_list(iterable);
        if (src == NULL)
            return -1;
    }
    oh_object *it = py_iter(src);
    if (src != iterable)
        oh_decref(src);
    if (it == NULL)
        return -1;
    oh_object *x;
    while ((x = py_iter_next(it)) != NULL)
        if ((left ? put_left(d, x) : put_right(d, x)) < 0)
            break;
    oh_decref(it);
    return py_err_occurred() ? -1 : 0;
}

/* ==========================================================================
 * Creation and the object protocol
 * ========================================================================== */

static oh_object *
deque_new(py_type *type, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    oh_object *o = py_alloc_instance(type, 0);
    if (o != NULL)
        DQ(o)->maxlen = -1;
    return o;
}

/* maxlen: None or an int >= 0.  0 or -1. */
static int
maxlen_arg(oh_object *o, int64_t *out)
{
    if (o == NULL || o == OH_NONE) {
        *out = -1;
        return 0;
    }
    if (!OHI_ANYINT_CHECK(o) && PY_TYPE(o)->nb_index == NULL) {
        py_err_set_string(PY_EXC(TypeError), "an integer is required");
        return -1;
    }
    if (py_index_i64(o, out) < 0)
        return -1;
    if (*out < 0) {
        py_err_set_string(PY_EXC(ValueError), "maxlen must be "
                          "non-negative");
        return -1;
    }
    return 0;
}

/* deque(iterable=(), maxlen=None): __init__ may run again on a deque. */
static int
deque_init(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    static const char *const kw[] = {"iterable", "maxlen", NULL};
    static const py_argspec spec = {"deque", kw, 0, 2, 0};
    oh_object *a[2];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return -1;
    int64_t maxlen;
    if (maxlen_arg(a[1], &maxlen) < 0)
        return -1;
    py_deque *d = DQ(self);
    d->maxlen = maxlen;
    if (d->len > 0)
        deque_drop_all(d);
    if (a[0] != NULL && deque_extend_side(d, a[0], false) < 0)
        return -1;
    return 0;
}

static int
deque_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    py_deque *d = DQ(o);
    for (int64_t i = 0; i < d->len; i++)
        OH_VISIT(AT(d, i));
    return 0;
}

static void
deque_clear_refs(oh_object *o)
{
    if (DQ(o)->len > 0 || DQ(o)->items != NULL)
        deque_drop_all(DQ(o));
}

static void
deque_dealloc(oh_object *o)
{
    if (!ohi_trashcan_begin(o))
        return;
    if (DQ(o)->weaklist != NULL)
        oh_weakref_clear_all(o);
    deque_clear_refs(o);
    ohi_object_free(o);
    ohi_trashcan_end();
}

static int64_t
deque_length(oh_object *o)
{
    return DQ(o)->len;
}

/* A new list of the items.  New reference. */
static oh_object *
deque_to_list(py_deque *d)
{
    oh_object *l = oh_list_new();
    for (int64_t i = 0; l != NULL && i < d->len; i++)
        if (oh_list_append(l, AT(d, i)) < 0)
            OH_CLEAR(l);
    return l;
}

/* deque([1, 2]) / deque([], maxlen=3); a subclass by its name. */
static oh_object *
deque_repr(oh_object *o)
{
    int seen = ohi_repr_enter(o);
    if (seen != 0)
        return seen > 0 ? oh_str_from_cstr("[...]") : NULL;
    oh_object *l = deque_to_list(DQ(o));
    oh_object *lr = l ? py_repr(l) : NULL;
    oh_xdecref(l);
    ohi_repr_leave(o);
    if (lr == NULL)
        return NULL;
    py_type *t = PY_TYPE(o);
    const char *name = t->name ? oh_str_utf8(t->name, NULL) : "deque";
    oh_object *r;
    if (DQ(o)->maxlen >= 0)
        r = oh_str_from_format("%s(%s, maxlen=%lld)", name,
                               oh_str_utf8(lr, NULL),
                               (long long)DQ(o)->maxlen);
    else
        r = oh_str_from_format("%s(%s)", name, oh_str_utf8(lr, NULL));
    oh_decref(lr);
    return r;
}

/* Deques compare as the lists of their items, with each other only. */
static oh_object *
deque_richcompare(oh_object *a, oh_object *b, int op)
{
    if (!is_deque(a) || !is_deque(b)) {
        oh_incref(PY_NOTIMPL);
        return PY_NOTIMPL;
    }
    if ((op == PY_CMP_EQ || op == PY_CMP_NE) && DQ(a)->len != DQ(b)->len)
        return oh_bool_from(op == PY_CMP_NE);
    oh_object *la = deque_to_list(DQ(a));
    oh_object *lb = la ? deque_to_list(DQ(b)) : NULL;
    oh_object *r = lb ? py_compare(la, lb, op) : NULL;
    oh_xdecref(la);
    oh_xdecref(lb);
    return r;
}

static int
deque_contains(oh_object *o, oh_object *x)
{
    py_deque *d = DQ(o);
    uint64_t state = d->state;
    for (int64_t i = 0; i < d->len; i++) {
        oh_object *item = AT(d, i);
        oh_incref(item);
        int eq = py_compare_bool(item, x, PY_CMP_EQ);
        oh_decref(item);
        if (eq != 0)
            return eq;
        if (d->state != state) {
            py_err_set_string(PY_EXC(RuntimeError), "deque mutated during "
                              "iteration");
            return -1;
        }
    }
    return 0;
}

/* The position of an index key, or -1 with an error. */
static int
deque_index_of(py_deque *d, oh_object *key, int64_t *out)
{
    if (!OHI_ANYINT_CHECK(key) && PY_TYPE(key)->nb_index == NULL) {
        py_err_format(PY_EXC(TypeError), "sequence index must be integer, "
                      "not '%s'", PY_TYPE(key)->tp_name);
        return -1;
    }
    int64_t i;
    if (py_index_i64(key, &i) < 0)
        return -1;
    if (i < 0)
        i += d->len;
    if (i < 0 || i >= d->len) {
        py_err_set_string(PY_EXC(IndexError), "deque index out of range");
        return -1;
    }
    *out = i;
    return 0;
}

static oh_object *
deque_subscript(oh_object *o, oh_object *key)
{
    int64_t i;
    if (deque_index_of(DQ(o), key, &i) < 0)
        return NULL;
    oh_object *x = AT(DQ(o), i);
    oh_incref(x);
    return x;
}

/* Remove the item at position i (0 <= i < len). */
static void
deque_del_at(py_deque *d, int64_t i)
{
    oh_object *x = AT(d, i);
    /* Close the gap from the nearer end. */
    if (i < d->len / 2) {
        for (int64_t j = i; j > 0; j--)
            AT(d, j) = AT(d, j - 1);
        d->head = (d->head + 1) & (d->cap - 1);
    }
    else {
        for (int64_t j = i; j < d->len - 1; j++)
            AT(d, j) = AT(d, j + 1);
    }
    d->len--;
    d->state++;
    oh_decref(x);
    deque_maybe_shrink(d);
}

static int
deque_ass_subscript(oh_object *o, oh_object *key, oh_object *value)
{
    py_deque *d = DQ(o);
    int64_t i;
    if (deque_index_of(d, key, &i) < 0)
        return -1;
    if (value == NULL) {
        deque_del_at(d, i);
        return 0;
    }
    oh_object *old = AT(d, i);
    oh_incref(value);
    AT(d, i) = value;
    oh_decref(old);
    return 0;
}

/* ==========================================================================
 * Methods
 * ========================================================================== */

static oh_object *
deque_m_append(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (OH_UNLIKELY(nargs != 1 || kwnames != NULL)
        && py_check_args("append", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_incref(args[0]);
    if (put_right(DQ(self), args[0]) < 0)
        return NULL;
    return none();
}

static oh_object *
deque_m_appendleft(oh_object *self, oh_object *const *args, size_t nargs,
                   oh_object *kwnames)
{
    if (py_check_args("appendleft", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_incref(args[0]);
    if (put_left(DQ(self), args[0]) < 0)
        return NULL;
    return none();
}

static oh_object *
deque_m_pop(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (py_check_args("pop", nargs, kwnames, 0, 0) < 0)
        return NULL;
    if (DQ(self)->len == 0)
        return py_err_set_string(PY_EXC(IndexError), "pop from an empty "
                                 "deque");
    return take_right(DQ(self));
}

static oh_object *
deque_m_popleft(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (py_check_args("popleft", nargs, kwnames, 0, 0) < 0)
        return NULL;
    if (DQ(self)->len == 0)
        return py_err_set_string(PY_EXC(IndexError), "pop from an empty "
                                 "deque");
    return take_left(DQ(self));
}

static oh_object *
deque_m_extend(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (py_check_args("extend", nargs, kwnames, 1, 1) < 0
        || deque_extend_side(DQ(self), args[0], false) < 0)
        return NULL;
    return none();
}

static oh_object *
deque_m_extendleft(oh_object *self, oh_object *const *args, size_t nargs,
                   oh_object *kwnames)
{
    if (py_check_args("extendleft", nargs, kwnames, 1, 1) < 0
        || deque_extend_side(DQ(self), args[0], true) < 0)
        return NULL;
    return none();
}

static oh_object *
deque_m_clear(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("clear", nargs, kwnames, 0, 0) < 0)
        return NULL;
    deque_drop_all(DQ(self));
    return none();
}

/* A new deque of the same type (and maxlen) with the same items. */
static oh_object *
deque_copy_of(oh_object *self)
{
    py_deque *d = DQ(self);
    py_type *t = PY_TYPE(self);
    if (t == DEQUE_TYPE) {
        oh_object *n = deque_new(t, NULL, 0, NULL);
        if (n == NULL)
            return NULL;
        DQ(n)->maxlen = d->maxlen;
        for (int64_t i = 0; i < d->len; i++) {
            oh_object *x = AT(d, i);
            oh_incref(x);
            if (put_right(DQ(n), x) < 0) {
                oh_decref(n);
                return NULL;
            }
        }
        return n;
    }
    if (d->maxlen < 0)
        return py_call1(&t->ob_base, self);
    oh_object *ml = oh_int_from_i64(d->maxlen);
    oh_object *r = ml ? py_call2(&t->ob_base, self, ml) : NULL;
    oh_xdecref(ml);
    return r;
}

static oh_object *
deque_m_copy(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("copy", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return deque_copy_of(self);
}

static oh_object *
deque_m_count(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("count", nargs, kwnames, 1, 1) < 0)
        return NULL;
    py_deque *d = DQ(self);
    uint64_t state = d->state;
    int64_t n = 0;
    for (int64_t i = 0; i < d->len; i++) {
        oh_object *item = AT(d, i);
        oh_incref(item);
        int eq = py_compare_bool(item, args[0], PY_CMP_EQ);
        oh_decref(item);
        if (eq < 0)
            return NULL;
        n += eq;
        if (d->state != state)
            return py_err_set_string(PY_EXC(RuntimeError), "deque mutated "
                                     "during iteration");
    }
    return oh_int_from_i64(n);
}

/* index(x[, start[, stop]]) */
static oh_object *
deque_m_index(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("index", nargs, kwnames, 1, 3) < 0)
        return NULL;
    py_deque *d = DQ(self);
    int64_t start = 0, stop = d->len;
    if (nargs > 1 && py_slice_bound(args[1], &start) < 0)
        return NULL;
    if (nargs > 2 && py_slice_bound(args[2], &stop) < 0)
        return NULL;
    py_clamp_range(&start, &stop, d->len);
    uint64_t state = d->state;
    for (int64_t i = start; i < stop && i < d->len; i++) {
        oh_object *item = AT(d, i);
        oh_incref(item);
        int eq = py_compare_bool(item, args[0], PY_CMP_EQ);
        oh_decref(item);
        if (eq < 0)
            return NULL;
        if (d->state != state)
            return py_err_set_string(PY_EXC(RuntimeError), "deque mutated "
                                     "during iteration");
        if (eq)
            return oh_int_from_i64(i);
    }
    return py_err_format(PY_EXC(ValueError), "%R is not in deque", args[0]);
}

static oh_object *
deque_m_insert(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (py_check_args("insert", nargs, kwnames, 2, 2) < 0)
        return NULL;
    py_deque *d = DQ(self);
    int64_t i;
    if (py_index_i64(args[0], &i) < 0)
        return NULL;
    if (d->maxlen >= 0 && d->len >= d->maxlen)
        return py_err_set_string(PY_EXC(IndexError), "deque already at its "
                                 "maximum size");
    if (i < 0) {
        i += d->len;
        if (i < 0)
            i = 0;
    }
    if (i > d->len)
        i = d->len;
    oh_incref(args[1]);
    if (deque_reserve(d) < 0) {
        oh_decref(args[1]);
        return NULL;
    }
    /* Open a gap at i from the nearer end. */
    if (i < d->len / 2) {
        d->head = (d->head - 1) & (d->cap - 1);
        for (int64_t j = 0; j < i; j++)
            AT(d, j) = AT(d, j + 1);
    }
    else {
        for (int64_t j = d->len; j > i; j--)
            AT(d, j) = AT(d, j - 1);
    }
    AT(d, i) = args[1];
    d->len++;
    d->state++;
    return none();
}

static oh_object *
deque_m_remove(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (py_check_args("remove", nargs, kwnames, 1, 1) < 0)
        return NULL;
    py_deque *d = DQ(self);
    uint64_t state = d->state;
    for (int64_t i = 0; i < d->len; i++) {
        oh_object *item = AT(d, i);
        oh_incref(item);
        int eq = py_compare_bool(item, args[0], PY_CMP_EQ);
        oh_decref(item);
        if (eq < 0)
            return NULL;
        if (d->state != state)
            return py_err_set_string(PY_EXC(IndexError), "deque mutated "
                                     "during remove().");
        if (eq) {
            deque_del_at(d, i);
            return none();
        }
    }
    return py_err_format(PY_EXC(ValueError), "%R is not in deque", args[0]);
}

static oh_object *
deque_m_reverse(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (py_check_args("reverse", nargs, kwnames, 0, 0) < 0)
        return NULL;
    py_deque *d = DQ(self);
    for (int64_t i = 0, j = d->len - 1; i < j; i++, j--) {
        oh_object *t = AT(d, i);
        AT(d, i) = AT(d, j);
        AT(d, j) = t;
    }
    d->state++;
    return none();
}

/* rotate(n=1): n steps to the right (left when negative). */
static oh_object *
deque_m_rotate(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (py_check_args("rotate", nargs, kwnames, 0, 1) < 0)
        return NULL;
    int64_t n = 1;
    if (nargs == 1 && py_index_i64(args[0], &n) < 0)
        return NULL;
    py_deque *d = DQ(self);
    int64_t len = d->len;
    if (len <= 1)
        return none();
    n %= len;
    if (n < 0)
        n += len;
    if (n == 0)
        return none();
    if (len == d->cap) {
        /* A full ring rotates by moving its start. */
        d->head = (d->head - n) & (d->cap - 1);
    }
    else if (n <= len / 2) {
        for (int64_t k = 0; k < n; k++) {
            oh_object *x = AT(d, d->len - 1);
            d->len--;
            d->head = (d->head - 1) & (d->cap - 1);
            d->items[d->head] = x;
            d->len++;
        }
    }
    else {
        for (int64_t k = 0; k < len - n; k++) {
            oh_object *x = AT(d, 0);
            d->head = (d->head + 1) & (d->cap - 1);
            AT(d, d->len - 1) = x;
        }
    }
    d->state++;
    return none();
}

static oh_object *
deque_get_maxlen(oh_object *self)
{
    if (DQ(self)->maxlen < 0)
        return none();
    return oh_int_from_i64(DQ(self)->maxlen);
}

/* (type, (), state, iterator) or (type, ((), maxlen), ...) */
static oh_object *
deque_m_reduce(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    oh_object *state = NULL;
    if (PY_TYPE(self)->dictoffset != 0) {
        oh_object *d = py_object_get_dict(self);
        if (d == NULL)
            return NULL;
        if (oh_dict_size(d) > 0)
            state = d;
    }
    oh_object *cargs;
    if (DQ(self)->maxlen < 0)
        cargs = oh_tuple_from_array(NULL, 0);
    else {
        oh_object *e = oh_tuple_from_array(NULL, 0);
        oh_object *ml = oh_int_from_i64(DQ(self)->maxlen);
        cargs = (e && ml) ? oh_tuple_pack(2, e, ml) : NULL;
        oh_xdecref(e);
        oh_xdecref(ml);
    }
    oh_object *it = cargs ? py_iter(self) : NULL;
    oh_object *r = it ? oh_tuple_pack(4, &PY_TYPE(self)->ob_base, cargs,
                                      state ? state : OH_NONE, it)
                      : NULL;
    oh_xdecref(cargs);
    oh_xdecref(it);
    return r;
}

/* sys.getsizeof, less the gc head: the struct and the ring buffer. */
static size_t
deque_getsizeof(oh_object *self)
{
    return sizeof(py_deque) + (size_t)DQ(self)->cap * sizeof(oh_object *);
}

static oh_object *
deque_m_sizeof(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (py_check_args("__sizeof__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return oh_int_from_i64((int64_t)py_sizeof(self));
}

/* ==========================================================================
 * Operators
 * ========================================================================== */

static oh_object *
deque_add(oh_object *a, oh_object *b)
{
    if (!is_deque(a) || !is_deque(b)) {
        if (is_deque(a) && !(PY_TYPE(b)->tpflags & PY_TPFLAGS_HEAPTYPE))
            return py_err_format(PY_EXC(TypeError), "can only concatenate "
                                 "deque (not \"%s\") to deque",
                                 PY_TYPE(b)->tp_name);
        oh_incref(PY_NOTIMPL);
        return PY_NOTIMPL;
    }
    oh_object *n = deque_copy_of(a);
    if (n != NULL && deque_extend_side(DQ(n), b, false) < 0)
        OH_CLEAR(n);
    return n;
}

static oh_object *
deque_iadd(oh_object *a, oh_object *b)
{
    if (!is_deque(a)) {
        oh_incref(PY_NOTIMPL);
        return PY_NOTIMPL;
    }
    if (deque_extend_side(DQ(a), b, false) < 0)
        return NULL;
    oh_incref(a);
    return a;
}

/* d *= n in place: the items repeated, the last maxlen kept. */
static int
deque_repeat_inplace(py_deque *d, int64_t n)
{
    if (n <= 0 || d->len == 0) {
        deque_drop_all(d);
        return 0;
    }
    int64_t len = d->len;
    oh_object **snap = oh_malloc((size_t)len * sizeof *snap);
    if (snap == NULL) {
        py_err_no_memory();
        return -1;
    }
    for (int64_t i = 0; i < len; i++) {
        snap[i] = AT(d, i);
        oh_incref(snap[i]);
    }
    int rc = 0;
    for (int64_t k = 1; k < n && rc == 0; k++) {
        for (int64_t i = 0; i < len; i++) {
            oh_incref(snap[i]);
            if (put_right(d, snap[i]) < 0) {
                rc = -1;
                break;
            }
        }
        /* With maxlen reached, further rounds change nothing new. */
        if (d->maxlen >= 0 && k * len >= d->maxlen + len)
            break;
    }
    for (int64_t i = 0; i < len; i++)
        oh_decref(snap[i]);
    oh_free(snap);
    return rc;
}

static oh_object *
deque_mul(oh_object *a, oh_object *b)
{
    oh_object *dq = is_deque(a) ? a : b;
    oh_object *num = dq == a ? b : a;
    if (!is_deque(dq) || (!OHI_ANYINT_CHECK(num)
                          && PY_TYPE(num)->nb_index == NULL)) {
        oh_incref(PY_NOTIMPL);
        return PY_NOTIMPL;
    }
    int64_t n;
    if (py_index_i64(num, &n) < 0)
        return NULL;
    oh_object *r = deque_copy_of(dq);
    if (r != NULL && deque_repeat_inplace(DQ(r), n) < 0)
        OH_CLEAR(r);
    return r;
}

static oh_object *
deque_imul(oh_object *a, oh_object *b)
{
    if (!is_deque(a) || (!OHI_ANYINT_CHECK(b)
                         && PY_TYPE(b)->nb_index == NULL)) {
        oh_incref(PY_NOTIMPL);
        return PY_NOTIMPL;
    }
    int64_t n;
    if (py_index_i64(b, &n) < 0 || deque_repeat_inplace(DQ(a), n) < 0)
        return NULL;
    oh_incref(a);
    return a;
}

/* ==========================================================================
 * Iterators
 * ========================================================================== */

typedef struct py_dequeiter {
    OH_OBJECT_HEAD;
    oh_object *deque;                   /* NULL once exhausted */
    int64_t index;                      /* next position */
    int64_t remaining;
    uint64_t state;                     /* DQ3 */
} py_dequeiter;

#define DI(o) ((py_dequeiter *)(void *)(o))

static py_static_type py_dequeiter_static, py_dequereviter_static;

static oh_object *
dequeiter_make(oh_object *dq, bool reversed)
{
    py_type *t = reversed ? &py_dequereviter_static.t
                          : &py_dequeiter_static.t;
    oh_object *o = py_alloc_instance(t, 0);
    if (o == NULL)
        return NULL;
    py_dequeiter *it = DI(o);
    oh_incref(dq);
    it->deque = dq;
    it->index = reversed ? DQ(dq)->len - 1 : 0;
    it->remaining = DQ(dq)->len;
    it->state = DQ(dq)->state;
    return o;
}

static oh_object *
deque_iter(oh_object *o)
{
    return dequeiter_make(o, false);
}

static int
dequeiter_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(DI(o)->deque);
    return 0;
}

static void
dequeiter_clear(oh_object *o)
{
    OH_CLEAR(DI(o)->deque);
}

static oh_object *
dequeiter_step(oh_object *o, int64_t step)
{
    py_dequeiter *it = DI(o);
    if (it->deque == NULL)
        return NULL;
    py_deque *d = DQ(it->deque);
    if (d->state != it->state) {
        it->remaining = 0;
        return py_err_set_string(PY_EXC(RuntimeError), "deque mutated "
                                 "during iteration");
    }
    if (it->remaining <= 0) {
        OH_CLEAR(it->deque);
        return NULL;
    }
    oh_object *x = AT(d, it->index);
    it->index += step;
    it->remaining--;
    oh_incref(x);
    return x;
}

static oh_object *
dequeiter_next(oh_object *o)
{
    return dequeiter_step(o, 1);
}

static oh_object *
dequereviter_next(oh_object *o)
{
    return dequeiter_step(o, -1);
}

static oh_object *
dequeiter_m_length_hint(oh_object *self, oh_object *const *args,
                        size_t nargs, oh_object *kwnames)
{
    return oh_int_from_i64(DI(self)->deque ? DI(self)->remaining : 0);
}

static const py_method_def dequeiter_methods[] = {
    {"__length_hint__", dequeiter_m_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL}
};

static py_static_type py_dequeiter_static = {.t = {
    PY_TYPE_INIT("_collections._deque_iterator", py_dequeiter,
                 OH_TYPE_CONTAINER),
    .ot.traverse = dequeiter_traverse,
    .ot.clear = dequeiter_clear,
    .methods = dequeiter_methods,
    .tp_iter = iter_self,
    .tp_iternext = dequeiter_next,
}};

static py_static_type py_dequereviter_static = {.t = {
    PY_TYPE_INIT("_collections._deque_reverse_iterator", py_dequeiter,
                 OH_TYPE_CONTAINER),
    .ot.traverse = dequeiter_traverse,
    .ot.clear = dequeiter_clear,
    .methods = dequeiter_methods,
    .tp_iter = iter_self,
    .tp_iternext = dequereviter_next,
}};

static oh_object *
deque_m_reversed(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_check_args("__reversed__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return dequeiter_make(self, true);
}

static const py_method_def deque_methods[] = {
    {"append", deque_m_append, 0, "Add an element to the right side of "
     "the deque."},
    {"appendleft", deque_m_appendleft, 0, "Add an element to the left side "
     "of the deque."},
    {"pop", deque_m_pop, 0, "Remove and return the rightmost element."},
    {"popleft", deque_m_popleft, 0, "Remove and return the leftmost "
     "element."},
    {"extend", deque_m_extend, 0, "Extend the right side of the deque with "
     "elements from the iterable"},
    {"extendleft", deque_m_extendleft, 0, "Extend the left side of the "
     "deque with elements from the iterable"},
    {"clear", deque_m_clear, 0, "Remove all elements from the deque."},
    {"copy", deque_m_copy, 0, "Return a shallow copy of a deque."},
    {"__copy__", deque_m_copy, 0, "Return a shallow copy of a deque."},
    {"count", deque_m_count, 0, "D.count(value) -> integer -- return "
     "number of occurrences of value"},
    {"index", deque_m_index, 0, "D.index(value, [start, [stop]]) -> "
     "integer -- return first index of value."},
    {"insert", deque_m_insert, 0, "D.insert(index, object) -- insert "
     "object before index"},
    {"remove", deque_m_remove, 0, "D.remove(value) -- remove first "
     "occurrence of value."},
    {"reverse", deque_m_reverse, 0, "D.reverse() -- reverse *IN PLACE*"},
    {"rotate", deque_m_rotate, 0, "Rotate the deque n steps to the right "
     "(default n=1).  If n is negative, rotates left."},
    {"__reversed__", deque_m_reversed, 0, "D.__reversed__() -- return a "
     "reverse iterator over the deque"},
    {"__reduce__", deque_m_reduce, 0, "Return state information for "
     "pickling."},
    {"__sizeof__", deque_m_sizeof, 0, "D.__sizeof__() -- size of D in "
     "memory, in bytes"},
    {"__class_getitem__", py_class_getitem, PY_METH_CLASS,
     "See PEP 585"},
    {NULL, NULL, 0, NULL}
};

static const py_getset_def deque_getsets[] = {
    {"maxlen", deque_get_maxlen, NULL, "maximum size of a deque or None if "
     "unbounded"},
    {NULL, NULL, NULL, NULL}
};

static py_static_type py_deque_static = {.t = {
    PY_TYPE_INIT("collections.deque", py_deque,
                 OH_TYPE_CONTAINER | OH_TYPE_WEAKREFABLE),
    .ot.weaklistoffset = offsetof(py_deque, weaklist),
    .ot.dealloc = deque_dealloc,
    .ot.traverse = deque_traverse,
    .ot.clear = deque_clear_refs,
    .ot.getsizeof = deque_getsizeof,
    .tpflags = PY_TPFLAGS_BASETYPE | PY_TPFLAGS_SEQUENCE,
    .weaklistoffset = offsetof(py_deque, weaklist),
    .methods = deque_methods,
    .getsets = deque_getsets,
    .doc = "deque([iterable[, maxlen]]) --> deque object\n\nA list-like "
           "sequence optimized for data accesses near its endpoints.",
    .tp_new = deque_new,
    .tp_init = deque_init,
    .tp_repr = deque_repr,
    .tp_richcompare = deque_richcompare,
    .tp_iter = deque_iter,
    .mp_length = deque_length,
    .mp_subscript = deque_subscript,
    .mp_ass_subscript = deque_ass_subscript,
    .sq_contains = deque_contains,
    .nb_binary = {[PY_OP_ADD] = deque_add, [PY_OP_MULT] = deque_mul},
    .nb_inplace = {[PY_OP_ADD] = deque_iadd, [PY_OP_MULT] = deque_imul},
}};

/* ==========================================================================
 * _count_elements and _tuplegetter
 * ========================================================================== */

/* _count_elements(mapping, iterable): mapping[x] = mapping.get(x, 0) + 1
 * for each x, straight on the dict when the mapping's type keeps dict's
 * get and __setitem__ (Counter does). */
static oh_object *
collections_count_elements(oh_object *self, oh_object *const *args,
                           size_t nargs, oh_object *kwnames)
{
    if (py_check_args("_count_elements", nargs, kwnames, 2, 2) < 0)
        return NULL;
    oh_object *mapping = args[0];
    oh_object *it = py_iter(args[1]);
    if (it == NULL)
        return NULL;
    py_type *mt = PY_TYPE(mapping);
    oh_object *get_name = py_static_str("get");
    bool fast = OHI_TYPE_KIND(mapping->type) == OHI_KIND_DICT
                && py_type_lookup(mt, get_name)
                   == py_type_lookup(PY_T(dict), get_name)
                && py_type_lookup(mt, PY_ID(__setitem__))
                   == py_type_lookup(PY_T(dict), PY_ID(__setitem__));
    oh_object *one = oh_int_from_i64(1), *zero = oh_int_from_i64(0);
    oh_object *x;
    while ((x = py_iter_next(it)) != NULL) {
        oh_object *cur = NULL, *n = NULL;
        int r;
        if (fast) {
            oh_object *v;
            r = oh_dict_lookup(mapping, x, &v);
            if (r >= 0) {
                n = py_binary_op(r ? v : zero, one, PY_OP_ADD);
                r = n ? oh_dict_set(mapping, x, n) : -1;
            }
        }
        else {
            oh_object *ga[2] = {x, zero};
            cur = py_call_method(mapping, get_name, ga, 2);
            n = cur ? py_binary_op(cur, one, PY_OP_ADD) : NULL;
            r = n ? py_setitem(mapping, x, n) : -1;
        }
        oh_xdecref(cur);
        oh_xdecref(n);
        oh_decref(x);
        if (r < 0)
            break;
    }
    oh_decref(it);
    if (py_err_occurred())
        return NULL;
    return none();
}

typedef struct py_tuplegetter {
    OH_OBJECT_HEAD;
    int64_t index;
    oh_object *doc;
} py_tuplegetter;

#define TG(o) ((py_tuplegetter *)(void *)(o))

static oh_object *
tuplegetter_new(py_type *type, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (py_no_kwargs("_tuplegetter", kwnames) < 0
        || py_check_args("_tuplegetter", nargs, NULL, 2, 2) < 0)
        return NULL;
    int64_t index;
    if (py_index_i64(args[0], &index) < 0)
        return NULL;
    oh_object *o = py_alloc_instance(type, 0);
    if (o == NULL)
        return NULL;
    TG(o)->index = index;
    oh_incref(args[1]);
    TG(o)->doc = args[1];
    return o;
}

static int
tuplegetter_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(TG(o)->doc);
    return 0;
}

static void
tuplegetter_clear(oh_object *o)
{
    OH_CLEAR(TG(o)->doc);
}

static oh_object *
tuplegetter_get(oh_object *self, oh_object *obj, oh_object *type)
{
    if (obj == NULL || obj == OH_NONE) {
        oh_incref(self);
        return self;
    }
    int64_t i = TG(self)->index;
    if (OHI_TYPE_KIND(obj->type) != OHI_KIND_TUPLE)
        return py_err_format(PY_EXC(TypeError), "descriptor for index "
                             "'%lld' for tuple subclasses doesn't apply to "
                             "'%s' object", (long long)i,
                             PY_TYPE(obj)->tp_name);
    if (i < 0 || i >= OHI_TUPLE_SIZE(obj))
        return py_err_set_string(PY_EXC(IndexError), "tuple index out of "
                                 "range");
    oh_object *x = OHI_TUPLE(obj)->items[i];
    oh_incref(x);
    return x;
}

static int
tuplegetter_set(oh_object *self, oh_object *obj, oh_object *value)
{
    py_err_set_string(PY_EXC(AttributeError), value ? "can't set attribute"
                                                    : "can't delete "
                                                      "attribute");
    return -1;
}

static oh_object *
tuplegetter_repr(oh_object *self)
{
    return py_str_format("_tuplegetter(%lld, %R)",
                         (long long)TG(self)->index, TG(self)->doc);
}

static oh_object *
tuplegetter_get_doc(oh_object *self)
{
    oh_incref(TG(self)->doc);
    return TG(self)->doc;
}

static int
tuplegetter_set_doc(oh_object *self, oh_object *value)
{
    oh_object *v = value ? value : OH_NONE;
    oh_incref(v);
    oh_decref(TG(self)->doc);
    TG(self)->doc = v;
    return 0;
}

static oh_object *
tuplegetter_m_reduce(oh_object *self, oh_object *const *args, size_t nargs,
                     oh_object *kwnames)
{
    oh_object *i = oh_int_from_i64(TG(self)->index);
    oh_object *a = i ? oh_tuple_pack(2, i, TG(self)->doc) : NULL;
    oh_object *r = a ? oh_tuple_pack(2, &PY_TYPE(self)->ob_base, a) : NULL;
    oh_xdecref(i);
    oh_xdecref(a);
    return r;
}

static const py_method_def tuplegetter_methods[] = {
    {"__reduce__", tuplegetter_m_reduce, 0, NULL},
    {NULL, NULL, 0, NULL}
};

static const py_getset_def tuplegetter_getsets[] = {
    {"__doc__", tuplegetter_get_doc, tuplegetter_set_doc, NULL},
    {NULL, NULL, NULL, NULL}
};

static py_static_type py_tuplegetter_static = {.t = {
    PY_TYPE_INIT("_collections._tuplegetter", py_tuplegetter,
                 OH_TYPE_CONTAINER),
    .ot.traverse = tuplegetter_traverse,
    .ot.clear = tuplegetter_clear,
    .methods = tuplegetter_methods,
    .getsets = tuplegetter_getsets,
    .tp_new = tuplegetter_new,
    .tp_repr = tuplegetter_repr,
    .tp_descr_get = tuplegetter_get,
    .tp_descr_set = tuplegetter_set,
}};

/* ==========================================================================
 * The module
 * ========================================================================== */

/* _generic_alias(cls, item): cls[item] as types.GenericAlias, for the
 * __class_getitem__ of the classes written in Python. */
static oh_object *
collections_generic_alias(oh_object *self, oh_object *const *args,
                          size_t nargs, oh_object *kwnames)
{
    if (py_check_args("_generic_alias", nargs, kwnames, 2, 2) < 0)
        return NULL;
    return py_class_getitem(args[0], args + 1, 1, NULL);
}

static const py_method_def collections_methods[] = {
    {"_count_elements", collections_count_elements, 0,
     "Count elements in the iterable, updating the mapping"},
    {"_generic_alias", collections_generic_alias, 0,
     "cls[item] as a types.GenericAlias"},
    {NULL, NULL, 0, NULL}
};

static int
collections_exec(oh_object *m)
{
    static const struct {
        const char *name;
        py_static_type *type;
    } types[] = {
        {"deque", &py_deque_static},
        {"_deque_iterator", &py_dequeiter_static},
        {"_deque_reverse_iterator", &py_dequereviter_static},
        {"_tuplegetter", &py_tuplegetter_static},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        py_type *t = &types[i].type->t;
        if (py_type_ready(t) < 0)
            return -1;
        oh_incref(&t->ob_base);
        if (py_module_add(m, types[i].name, &t->ob_base) < 0)
            return -1;
    }
    return 0;
}

const py_module_def py_module__collections = {
    .name = "_collections",
    .doc = "High performance data structures.",
    .methods = collections_methods,
    .exec = collections_exec,
};
