/*
 * t_tuple.c -- tuple as a Python type, and its iterator.
 *
 * What this file owns
 * -------------------
 * PY_T(tuple) and PY_T(tuple_iter): the Python face of the library's
 * tuples (src/types/tuple.c owns the layout, the free lists and the
 * empty tuple).  tuple(iterable), repr, comparisons item by item, hash,
 * +, *, in, indexing and slicing, index, count and __getnewargs__.
 *
 * Tuples are reached by kind (OHI_KIND_TUPLE), not by the library's
 * descriptor, so every function here accepts instances of subclasses of
 * tuple too; those are allocated with py_alloc_instance and have the
 * library's layout (their class adds no fields: a variable-size base gets
 * no __dict__, typeobject.c).
 *
 * Hash
 * ----
 * CPython 3.11's tuple hash (xxHash's round over the items' hashes), so
 * that hash((1, 2)) prints what python3 prints and sets of tuples iterate
 * in CPython's order.  src/types/tuple.c computes the same value for the
 * library's own hashing (dicts, sets); TT2 ties the two.
 *
 * Invariants
 * ----------
 * TT1. Every tuple this file returns has all its items set (U1).
 * TT2. tuple_hash(t) == oh_hash(t) for an exact tuple whose items hash
 *      the same through py_hash and oh_hash.
 * TT3. A tuple iterator's `seq` is NULL once it has returned its last
 *      item or failed; it never reads past the tuple's size.
 */
#include "py/py.h"

#include <string.h>

#define NOTIMPL() (oh_incref(PY_NOTIMPL), PY_NOTIMPL)

OHI_INLINE bool
is_tuple(const oh_object *o)
{
    return OHI_TYPE_KIND(o->type) == OHI_KIND_TUPLE;
}

#define SIZE(o) ((int64_t)OHI_TUPLE_SIZE(o))
#define ITEMS(o) (OHI_TUPLE(o)->items)

/* A new exact tuple holding items[0..n) (increfed). */
static oh_object *
tuple_from_items(oh_object *const *items, int64_t n)
{
    return oh_tuple_from_array(items, (size_t)n);
}

/* ==========================================================================
 * Slots
 * ========================================================================== */

static oh_object *
tuple_repr(oh_object *o)
{
    int64_t n = SIZE(o);
    if (n == 0)
        return oh_str_from_cstr("()");
    int seen = ohi_repr_enter(o);
    if (seen != 0)
        return seen > 0 ? oh_str_from_cstr("(...)") : NULL;
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    ohi_strbuf_add(&b, "(", 1);
    bool ok = true;
    for (int64_t i = 0; i < n && ok; i++) {
        if (i > 0)
            ohi_strbuf_add(&b, ", ", 2);
        oh_object *r = py_repr(ITEMS(o)[i]);
        if (r == NULL) {
            ok = false;
            break;
        }
        ohi_strbuf_add(&b, OHI_STR(r)->data, (size_t)OHI_STR(r)->nbytes);
        oh_decref(r);
    }
    ohi_repr_leave(o);
    if (!ok) {
        ohi_strbuf_discard(&b);
        return NULL;
    }
    ohi_strbuf_adds(&b, n == 1 ? ",)" : ")");
    return ohi_strbuf_finish(&b);
}

/* CPython's tuplehash: xxHash64's round (multiply by prime 2, rotate 31,
 * multiply by prime 1) per item, then the length mixed in (TT2). */
static oh_hash_t
tuple_hash(oh_object *o)
{
    const uint64_t p1 = 11400714785074694791u, p2 = 14029467366897019727u;
    const uint64_t p5 = 2870177450012600261u;
    int64_t n = SIZE(o);
    uint64_t acc = p5;
    for (int64_t i = 0; i < n; i++) {
        oh_hash_t h = py_hash(ITEMS(o)[i]);
        if (h == -1)
            return -1;
        acc += (uint64_t)h * p2;
        acc = (acc << 31) | (acc >> 33);
        acc *= p1;
    }
    acc += (uint64_t)n ^ (p5 ^ 3527539u);
    if (acc == UINT64_MAX)
        return 1546275796;
    return (oh_hash_t)acc;
}

/* The first index whose items differ decides; when none does, the
 * lengths do (CPython's tuplerichcompare: no shortcut on lengths). */
static oh_object *
tuple_richcompare(oh_object *a, oh_object *b, int op)
{
    if (!is_tuple(a) || !is_tuple(b))
        return NOTIMPL();
    int64_t na = SIZE(a), nb = SIZE(b);
    int64_t i;
    for (i = 0; i < na && i < nb; i++) {
        int eq = py_compare_bool(ITEMS(a)[i], ITEMS(b)[i], PY_CMP_EQ);
        if (eq < 0)
            return NULL;
        if (!eq)
            break;
    }
    if (i >= na || i >= nb) {
        bool r;
        switch (op) {
        case PY_CMP_LT: r = na < nb; break;
        case PY_CMP_LE: r = na <= nb; break;
        case PY_CMP_EQ: r = na == nb; break;
        case PY_CMP_NE: r = na != nb; break;
        case PY_CMP_GT: r = na > nb; break;
        default: r = na >= nb; break;
        }
        return oh_bool_from(r);
    }
    if (op == PY_CMP_EQ)
        return oh_bool_from(0);
    if (op == PY_CMP_NE)
        return oh_bool_from(1);
    int fast = py_compare_fast(ITEMS(a)[i], ITEMS(b)[i], op);
    if (fast >= 0)
        return oh_bool_from(fast);
    return py_compare(ITEMS(a)[i], ITEMS(b)[i], op);
}

static int64_t
tuple_len(oh_object *o)
{
    return SIZE(o);
}

static int
tuple_contains(oh_object *o, oh_object *item)
{
    for (int64_t i = 0; i < SIZE(o); i++) {
        int r = py_compare_bool(ITEMS(o)[i], item, PY_CMP_EQ);
        if (r != 0)
            return r;
    }
    return 0;
}

static oh_object *
tuple_getitem(oh_object *o, oh_object *key)
{
    int64_t n = SIZE(o);
    if (py_slice_check(key)) {
        int64_t start, stop, step, count;
        if (py_slice_indices(key, n, &start, &stop, &step, &count) < 0)
            return NULL;
        if (step == 1 && count == n && o->type == &oh_tuple_type) {
            oh_incref(o);
            return o;
        }
        if (step == 1)
            return tuple_from_items(ITEMS(o) + start, count);
        oh_object *t = ohi_tuple_alloc((size_t)count);
        if (t == NULL)
            return NULL;
        for (int64_t k = 0, j = start; k < count;
             k++, j = py_slice_next(j, step)) {
            oh_incref(ITEMS(o)[j]);
            ITEMS(t)[k] = ITEMS(o)[j];
        }
        return t;
    }
    int64_t i;
    int r = py_seq_index(key, "tuple", &i);
    if (r < 0)
        return NULL;
    if (i < 0)
        i += n;
    if (i < 0 || i >= n)
        return py_err_set_string(PY_EXC(IndexError),
                                 "tuple index out of range");
    oh_incref(ITEMS(o)[i]);
    return ITEMS(o)[i];
}

static oh_object *
tuple_add(oh_object *a, oh_object *b)
{
    if (!is_tuple(a) || !is_tuple(b))
        return NOTIMPL();
    int64_t na = SIZE(a), nb = SIZE(b);
    if (nb == 0 && a->type == &oh_tuple_type) {
        oh_incref(a);
        return a;
    }
    if (na == 0 && b->type == &oh_tuple_type) {
        oh_incref(b);
        return b;
    }
    oh_object *t = ohi_tuple_alloc((size_t)(na + nb));
    if (t == NULL)
        return NULL;
    for (int64_t i = 0; i < na; i++) {
        oh_incref(ITEMS(a)[i]);
        ITEMS(t)[i] = ITEMS(a)[i];
    }
    for (int64_t i = 0; i < nb; i++) {
        oh_incref(ITEMS(b)[i]);
        ITEMS(t)[na + i] = ITEMS(b)[i];
    }
    return t;
}

static oh_object *
tuple_mul(oh_object *a, oh_object *b)
{
    oh_object *t = is_tuple(a) ? a : is_tuple(b) ? b : NULL;
    oh_object *nobj = t == a ? b : a;
    if (t == NULL || PY_TYPE(nobj)->nb_index == NULL)
        return NOTIMPL();
    int64_t k;
    if (py_repeat_count(nobj, &k) < 0)
        return NULL;
    int64_t n = SIZE(t);
    if (k <= 0 || n == 0)
        return oh_tuple_from_array(NULL, 0);
    if (k == 1 && t->type == &oh_tuple_type) {
        oh_incref(t);
        return t;
    }
    if (k > INT64_MAX / 8 / n)
        return py_err_no_memory();
    oh_object *r = ohi_tuple_alloc((size_t)(n * k));
    if (r == NULL)
        return NULL;
    oh_object **to = ITEMS(r);
    for (int64_t j = 0; j < k; j++)
        for (int64_t i = 0; i < n; i++) {
            oh_incref(ITEMS(t)[i]);
            *to++ = ITEMS(t)[i];
        }
    return r;
}

/* ==========================================================================
 * The iterator
 * ========================================================================== */

typedef struct tuple_iter {
    OH_OBJECT_HEAD;
    oh_object *seq;                     /* NULL when exhausted (TT3) */
    int64_t index;
} tuple_iter;

#define TIT(o) ((tuple_iter *)(void *)(o))

static int
tupleiter_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(TIT(o)->seq);
    return 0;
}

static void
tupleiter_clear(oh_object *o)
{
    OH_CLEAR(TIT(o)->seq);
}

static oh_object *
iter_self(oh_object *o)
{
    oh_incref(o);
    return o;
}

static oh_object *
tupleiter_next(oh_object *o)
{
    tuple_iter *it = TIT(o);
    if (it->seq == NULL)
        return NULL;
    if (it->index < SIZE(it->seq)) {
        oh_object *v = ITEMS(it->seq)[it->index++];
        oh_incref(v);
        return v;
    }
    OH_CLEAR(it->seq);
    return NULL;
}

static oh_object *
tupleiter_m_length_hint(oh_object *self, oh_object *const *args,
                        size_t nargs, oh_object *kwnames)
{
    tuple_iter *it = TIT(self);
    int64_t n = it->seq == NULL ? 0 : SIZE(it->seq) - it->index;
    return oh_int_from_i64(n < 0 ? 0 : n);
}

static const py_method_def tupleiter_methods[] = {
    {"__length_hint__", tupleiter_m_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL}
};

py_static_type py_tuple_iter_static = {.t = {
    PY_TYPE_INIT("tuple_iterator", tuple_iter, OH_TYPE_CONTAINER),
    .ot.traverse = tupleiter_traverse,
    .ot.clear = tupleiter_clear,
    .methods = tupleiter_methods,
    .tp_iter = iter_self,
    .tp_iternext = tupleiter_next,
}};

static oh_object *
tuple_iter_new(oh_object *seq)
{
    tuple_iter *it = (tuple_iter *)(void *)ohi_object_alloc(
        &PY_T(tuple_iter)->ot, 0);
    if (it == NULL)
        return NULL;
    oh_incref(seq);
    it->seq = seq;
    it->index = 0;
    ohi_gc_track(&it->ob_base);
    ohi_gc_safe_point();
    return &it->ob_base;
}

/* ==========================================================================
 * tuple(iterable)
 * ========================================================================== */

static oh_object *
tuple_new(py_type *type, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if ((type == PY_T(tuple) || type->tp_init == PY_T(tuple)->tp_init)
        && py_no_kwargs("tuple", kwnames) < 0)
        return NULL;
    if (nargs > 1)
        return py_err_format(PY_EXC(TypeError), "tuple expected at most 1 "
                             "argument, got %zu", nargs);
    oh_object *t = nargs == 0 ? oh_tuple_from_array(NULL, 0)
                              : py_sequence_tuple(args[0]);
    if (t == NULL || type == PY_T(tuple))
        return t;
    /* A subclass: the same items in an instance of `type`. */
    int64_t n = SIZE(t);
    oh_object *o = py_alloc_instance(type, (size_t)n);
    if (o != NULL)
        for (int64_t i = 0; i < n; i++) {
            oh_incref(ITEMS(t)[i]);
            ITEMS(o)[i] = ITEMS(t)[i];
        }
    oh_decref(t);
    return o;
}

/* ==========================================================================
 * Methods
 * ========================================================================== */

static oh_object *
tuple_m_index(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("index", nargs, kwnames, 1, 3) < 0)
        return NULL;
    int64_t n = SIZE(self), start = 0, stop = n;
    if (nargs > 1 && py_slice_bound(args[1], &start) < 0)
        return NULL;
    if (nargs > 2 && py_slice_bound(args[2], &stop) < 0)
        return NULL;
    py_clamp_range(&start, &stop, n);
    for (int64_t i = start; i < stop && i < SIZE(self); i++) {
        int r = py_compare_bool(ITEMS(self)[i], args[0], PY_CMP_EQ);
        if (r < 0)
            return NULL;
        if (r)
            return oh_int_from_i64(i);
    }
    return py_err_set_string(PY_EXC(ValueError),
                             "tuple.index(x): x not in tuple");
}

static oh_object *
tuple_m_count(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("tuple.count", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int64_t c = 0;
    for (int64_t i = 0; i < SIZE(self); i++) {
        int r = py_compare_bool(ITEMS(self)[i], args[0], PY_CMP_EQ);
        if (r < 0)
            return NULL;
        c += r;
    }
    return oh_int_from_i64(c);
}

static oh_object *
tuple_m_getnewargs(oh_object *self, oh_object *const *args, size_t nargs,
                   oh_object *kwnames)
{
    if (py_check_args("__getnewargs__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    oh_object *copy = tuple_from_items(ITEMS(self), SIZE(self));
    if (copy == NULL)
        return NULL;
    oh_object *r = oh_tuple_pack(1, copy);
    oh_decref(copy);
    return r;
}

static oh_object *
tuple_m_sizeof(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (py_check_args("__sizeof__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return oh_int_from_i64((int64_t)sizeof(ohi_tuple)
                           + SIZE(self) * (int64_t)sizeof(oh_object *)
                           + (int64_t)py_sizeof_extra(self));
}

static const py_method_def tuple_methods[] = {
    {"index", tuple_m_index, 0, NULL},
    {"count", tuple_m_count, 0, NULL},
    {"__getnewargs__", tuple_m_getnewargs, 0, NULL},
    {"__sizeof__", tuple_m_sizeof, 0, NULL},
    {"__class_getitem__", py_class_getitem, PY_METH_CLASS, NULL},
    {NULL, NULL, 0, NULL}
};

py_static_type py_tuple_static = {.t = {
    PY_TYPE_INIT_KIND("tuple", oh_tuple_type),
    .tpflags = PY_TPFLAGS_BASETYPE | PY_TPFLAGS_SEQUENCE,
    .methods = tuple_methods,
    .doc = "Built-in immutable sequence.",
    .tp_new = tuple_new,
    .tp_repr = tuple_repr,
    .tp_hash = tuple_hash,
    .tp_richcompare = tuple_richcompare,
    .tp_iter = tuple_iter_new,
    .mp_length = tuple_len,
    .mp_subscript = tuple_getitem,
    .sq_contains = tuple_contains,
    .nb_binary = {[PY_OP_ADD] = tuple_add, [PY_OP_MULT] = tuple_mul},
}};
