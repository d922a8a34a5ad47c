/*
 * t_range.c -- range and its iterator.
 *
 * What this file owns
 * -------------------
 * PY_T(range), PY_T(range_iter) and PY_T(longrange_iter): range(stop), range(start, stop[,
 * step]) over ints of any size, len, indexing, slicing (a range), `in`
 * (O(1) for ints), iteration, reversed, count, index, ==, hash, repr and
 * the start/stop/step attributes.
 *
 * Layout
 * ------
 *
 *   py_range   | refcnt | type | start | stop | step | length |  48 bytes
 *
 * The four fields are exact ints (the library's, small or big), as
 * CPython's rangeobject keeps them, so sys.getsizeof(range(10)) is 48 as
 * in python3.  A range holds only ints, which cannot refer back to it, so
 * it is not a container.  Arithmetic takes an int64 fast path when every
 * int involved is small (OHI_INT_CHECK) and goes through the library's
 * int functions otherwise.
 *
 *   range_iter | refcnt | type | index | start | step | len |  48 bytes
 *
 * The iterator has two modes in the same 48 bytes, under two type names
 * as in CPython (range_iterator, longrange_iterator): while index >= 0
 * the int64 fields hold the start, step and item count, and the n-th
 * item is start + n * step; when the range does not fit int64 (index ==
 * BIG, a longrange_iterator) the union holds ints: the next value, the
 * step and the count left.
 *
 * Invariants
 * ----------
 * TR1. start, stop, step and length are exact ints (never an int
 *      subclass or bool), step != 0, and length == max(0, ceil((stop -
 *      start) / step)).
 * TR2. An iterator in int64 mode never computes an item past len - 1,
 *      so start + index * step cannot overflow: every such item is an
 *      item of a range whose items all fit int64.
 */
#include "py/py.h"

#include <string.h>

#define NOTIMPL() (oh_incref(PY_NOTIMPL), PY_NOTIMPL)

typedef struct py_range {
    OH_OBJECT_HEAD;
    oh_object *start, *stop, *step, *length;    /* TR1 */
} py_range;

_Static_assert(sizeof(py_range) == 48, "range: 48 bytes, as CPython");

#define RANGE(o) ((py_range *)(void *)(o))

OHI_INLINE bool
is_range(const oh_object *o)
{
    return o->type == &PY_T(range)->ot;
}

OHI_INLINE bool
small(const oh_object *o)
{
    return OHI_INT_CHECK(o);
}

#define V(o) OHI_INT_VALUE(o)

/* ==========================================================================
 * Int helpers
 * ========================================================================== */

/* An exact int with o's value (py_index, then a copy for subclasses and
 * bools: TR1). */
static oh_object *
exact_index(oh_object *o)
{
    oh_object *i = py_index(o);
    if (i == NULL || i->type == &oh_int_type || OHI_BIGINT_CHECK(i))
        return i;
    oh_object *zero = oh_int_from_i64(0);
    oh_object *r = oh_int_add(i, zero);
    oh_decref(zero);
    oh_decref(i);
    return r;
}

static int
int_cmp(oh_object *a, oh_object *b)
{
    if (small(a) && small(b))
        return V(a) < V(b) ? -1 : V(a) > V(b);
    int c = 0;
    (void)oh_int_compare(a, b, &c);
    return c;
}

static int
int_sign(oh_object *a)
{
    int s = 0;
    (void)oh_int_sign(a, &s);
    return s;
}

/* a + b * c.  New reference. */
static oh_object *
int_muladd(oh_object *a, oh_object *b, oh_object *c)
{
    oh_object *p = oh_int_mul(b, c);
    if (p == NULL)
        return NULL;
    oh_object *r = oh_int_add(a, p);
    oh_decref(p);
    return r;
}

/* The number of items of range(start, stop, step) (TR1). */
static oh_object *
compute_length(oh_object *start, oh_object *stop, oh_object *step)
{
    if (small(start) && small(stop) && small(step)) {
        int64_t lo = V(start), hi = V(stop), st = V(step);
        uint64_t n = 0;
        if (st > 0 && lo < hi)
            n = ((uint64_t)hi - (uint64_t)lo - 1) / (uint64_t)st + 1;
        else if (st < 0 && lo > hi)
            n = ((uint64_t)lo - (uint64_t)hi - 1)
                / (0 - (uint64_t)st) + 1;
        return oh_int_from_u64(n);
    }
    int s = int_sign(step);
    oh_object *lo = s > 0 ? start : stop, *hi = s > 0 ? stop : start;
    if (int_cmp(lo, hi) >= 0)
        return oh_int_from_i64(0);
    /* (hi - lo - 1) // |step| + 1 */
    oh_object *one = oh_int_from_i64(1);
    oh_object *diff = oh_int_sub(hi, lo);
    oh_object *d1 = diff ? oh_int_sub(diff, one) : NULL;
    oh_object *astep = oh_int_abs(step);
    oh_object *q = d1 && astep ? oh_int_floordiv(d1, astep) : NULL;
    oh_object *r = q ? oh_int_add(q, one) : NULL;
    oh_decref(one);
    oh_xdecref(diff);
    oh_xdecref(d1);
    oh_xdecref(astep);
    oh_xdecref(q);
    return r;
}

/* A range from exact ints (each stolen, any may be NULL after a failed
 * conversion: then NULL is returned and the rest dropped). */
static oh_object *
range_make(oh_object *start, oh_object *stop, oh_object *step)
{
    oh_object *length = start && stop && step
                        ? compute_length(start, stop, step) : NULL;
    py_range *r = NULL;
    if (length != NULL)
        r = (py_range *)(void *)ohi_object_alloc(&PY_T(range)->ot, 0);
    if (r == NULL) {
        oh_xdecref(start);
        oh_xdecref(stop);
        oh_xdecref(step);
        oh_xdecref(length);
        return NULL;
    }
    r->start = start;
    r->stop = stop;
    r->step = step;
    r->length = length;
    return &r->ob_base;
}

/* ==========================================================================
 * Slots
 * ========================================================================== */

static void
range_clear(oh_object *o)
{
    OH_CLEAR(RANGE(o)->start);
    OH_CLEAR(RANGE(o)->stop);
    OH_CLEAR(RANGE(o)->step);
    OH_CLEAR(RANGE(o)->length);
}

static oh_object *
range_new(py_type *type, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_no_kwargs("range", kwnames) < 0)
        return NULL;
    if (nargs == 0)
        return py_err_set_string(PY_EXC(TypeError), "range expected at "
                                 "least 1 argument, got 0");
    if (nargs > 3)
        return py_err_format(PY_EXC(TypeError), "range expected at most 3 "
                             "arguments, got %zu", nargs);
    oh_object *start, *stop, *step;
    if (nargs == 1) {
        stop = exact_index(args[0]);
        if (stop == NULL)
            return NULL;
        start = oh_int_from_i64(0);
        step = oh_int_from_i64(1);
    }
    else {
        start = exact_index(args[0]);
        if (start == NULL)
            return NULL;
        stop = exact_index(args[1]);
        if (stop == NULL) {
            oh_decref(start);
            return NULL;
        }
        if (nargs == 3) {
            step = exact_index(args[2]);
            if (step == NULL) {
                oh_decref(start);
                oh_decref(stop);
                return NULL;
            }
            if (int_sign(step) == 0) {
                oh_decref(start);
                oh_decref(stop);
                oh_decref(step);
                return py_err_set_string(PY_EXC(ValueError),
                                         "range() arg 3 must not be zero");
            }
        }
        else
            step = oh_int_from_i64(1);
    }
    return range_make(start, stop, step);
}

static oh_object *
range_repr(oh_object *o)
{
    py_range *r = RANGE(o);
    bool unit = small(r->step) && V(r->step) == 1;
    return unit ? py_str_format("range(%R, %R)", r->start, r->stop)
                : py_str_format("range(%R, %R, %R)", r->start, r->stop,
                                r->step);
}

static int64_t
range_len(oh_object *o)
{
    int64_t n;
    if (oh_int_as_i64(RANGE(o)->length, &n) < 0) {
        py_err_clear();
        py_err_set_string(PY_EXC(OverflowError), "Python int too large to "
                          "convert to C ssize_t");
        return -1;
    }
    return n;
}

static int
range_bool(oh_object *o)
{
    return int_sign(RANGE(o)->length) != 0;
}

/* The i-th item, 0 <= i < length (an exact int).  New reference. */
static oh_object *
range_item(py_range *r, oh_object *i)
{
    if (small(r->start) && small(r->step) && small(i)) {
        int64_t p;
        if (!__builtin_mul_overflow(V(i), V(r->step), &p)
            && !__builtin_add_overflow(p, V(r->start), &p))
            return oh_int_from_i64(p);
    }
    return int_muladd(r->start, i, r->step);
}

/* A slice attribute (start, stop or step) of a slice object: None or an
 * exact int.  New reference. */
static oh_object *
slice_attr(oh_object *slice, const char *name)
{
    oh_object *n = py_static_str(name);
    if (n == NULL)
        return NULL;
    oh_object *v = py_getattr(slice, n);
    if (v == NULL || v == OH_NONE)
        return v;
    oh_object *i = py_index(v);
    oh_decref(v);
    if (i == NULL) {
        if (py_err_matches(PY_EXC(TypeError))) {
            py_err_clear();
            py_err_set_string(PY_EXC(TypeError), "slice indices must be "
                              "integers or None or have an __index__ "
                              "method");
        }
        return NULL;
    }
    return i;
}

/* Clamp a slice bound v (or None: dflt) for a sequence of `length`
 * items, CPython's _PySlice_GetLongIndices rule.  New reference. */
static oh_object *
clamp_bound(oh_object *v, oh_object *dflt, oh_object *lower,
            oh_object *upper, oh_object *length)
{
    if (v == OH_NONE) {
        oh_incref(dflt);
        return dflt;
    }
    oh_object *x;
    if (int_sign(v) < 0) {
        x = oh_int_add(v, length);
        if (x == NULL)
            return NULL;
        if (int_cmp(x, lower) < 0) {
            oh_decref(x);
            oh_incref(lower);
            return lower;
        }
        return x;
    }
    if (int_cmp(v, upper) > 0) {
        oh_incref(upper);
        return upper;
    }
    oh_incref(v);
    return v;
}

/* r[slice]: another range. */
static oh_object *
range_slice(py_range *r, oh_object *slice)
{
    oh_object *sstep = slice_attr(slice, "step");
    if (sstep == NULL && py_err_occurred())
        return NULL;
    if (sstep == OH_NONE) {
        oh_decref(sstep);
        sstep = oh_int_from_i64(1);
    }
    if (sstep == NULL)
        return NULL;
    if (int_sign(sstep) == 0) {
        oh_decref(sstep);
        return py_err_set_string(PY_EXC(ValueError),
                                 "slice step cannot be zero");
    }
    oh_object *sstart = slice_attr(slice, "start");
    oh_object *sstop = sstart ? slice_attr(slice, "stop") : NULL;
    if (sstart == NULL || sstop == NULL) {
        oh_xdecref(sstart);
        oh_decref(sstep);
        return NULL;
    }
    bool neg = int_sign(sstep) < 0;
    oh_object *one = oh_int_from_i64(1), *zero = oh_int_from_i64(0);
    oh_object *lower = neg ? oh_int_from_i64(-1) : (oh_incref(zero), zero);
    oh_object *upper = neg ? oh_int_sub(r->length, one)
                           : (oh_incref(r->length), r->length);
    oh_object *a = NULL, *b = NULL, *res = NULL;
    if (lower != NULL && upper != NULL) {
        a = clamp_bound(sstart, neg ? upper : lower, lower, upper,
                        r->length);
        b = a ? clamp_bound(sstop, neg ? lower : upper, lower, upper,
                            r->length) : NULL;
    }
    if (a != NULL && b != NULL) {
        oh_object *nstart = int_muladd(r->start, a, r->step);
        oh_object *nstop = int_muladd(r->start, b, r->step);
        oh_object *nstep = oh_int_mul(r->step, sstep);
        res = range_make(nstart, nstop, nstep);
    }
    oh_decref(one);
    oh_decref(zero);
    oh_xdecref(lower);
    oh_xdecref(upper);
    oh_xdecref(a);
    oh_xdecref(b);
    oh_decref(sstart);
    oh_decref(sstop);
    oh_decref(sstep);
    return res;
}

static oh_object *
range_getitem(oh_object *o, oh_object *key)
{
    py_range *r = RANGE(o);
    if (py_slice_check(key))
        return range_slice(r, key);
    if (PY_TYPE(key)->nb_index == NULL)
        return py_err_format(PY_EXC(TypeError), "range indices must be "
                             "integers or slices, not %T", key);
    oh_object *i = exact_index(key);
    if (i == NULL)
        return NULL;
    if (int_sign(i) < 0) {
        oh_object *j = oh_int_add(i, r->length);
        oh_decref(i);
        if (j == NULL)
            return NULL;
        i = j;
    }
    if (int_sign(i) < 0 || int_cmp(i, r->length) >= 0) {
        oh_decref(i);
        return py_err_set_string(PY_EXC(IndexError),
                                 "range object index out of range");
    }
    oh_object *v = range_item(r, i);
    oh_decref(i);
    return v;
}

/* Is the int x an item?  1 or 0. */
static int
range_has_int(py_range *r, oh_object *x)
{
    if (small(x) && small(r->start) && small(r->stop) && small(r->step)) {
        int64_t v = V(x), lo = V(r->start), hi = V(r->stop);
        int64_t st = V(r->step);
        if (st > 0 ? (v < lo || v >= hi) : (v > lo || v <= hi))
            return 0;
        uint64_t d = st > 0 ? (uint64_t)v - (uint64_t)lo
                            : (uint64_t)lo - (uint64_t)v;
        uint64_t ast = st > 0 ? (uint64_t)st : 0 - (uint64_t)st;
        return d % ast == 0;
    }
    bool pos = int_sign(r->step) > 0;
    if (pos ? (int_cmp(x, r->start) < 0 || int_cmp(x, r->stop) >= 0)
            : (int_cmp(x, r->start) > 0 || int_cmp(x, r->stop) <= 0))
        return 0;
    oh_object *d = oh_int_sub(x, r->start);
    oh_object *m = d ? oh_int_mod(d, r->step) : NULL;
    oh_xdecref(d);
    if (m == NULL)
        return -1;
    int z = int_sign(m) == 0;
    oh_decref(m);
    return z;
}

OHI_INLINE bool
exact_int_kind(const oh_object *o)
{
    return o->type == &oh_int_type || o->type == &oh_bool_type
           || OHI_BIGINT_CHECK(o);
}

static int
range_contains(oh_object *o, oh_object *x)
{
    if (exact_int_kind(x))
        return range_has_int(RANGE(o), x);
    return py_sequence_contains_by_iter(o, x);
}

static oh_object *
range_richcompare(oh_object *a, oh_object *b, int op)
{
    if (!is_range(a) || !is_range(b)
        || (op != PY_CMP_EQ && op != PY_CMP_NE))
        return NOTIMPL();
    py_range *x = RANGE(a), *y = RANGE(b);
    bool eq;
    if (a == b)
        eq = true;
    else if (int_cmp(x->length, y->length) != 0)
        eq = false;
    else if (int_sign(x->length) == 0)
        eq = true;
    else if (int_cmp(x->start, y->start) != 0)
        eq = false;
    else if (small(x->length) && V(x->length) == 1)
        eq = true;
    else
        eq = int_cmp(x->step, y->step) == 0;
    return oh_bool_from(op == PY_CMP_EQ ? eq : !eq);
}

/* hash((len, start, step)) with None for what does not matter, as
 * CPython's range_hash. */
static oh_hash_t
range_hash(oh_object *o)
{
    py_range *r = RANGE(o);
    oh_object *start = OH_NONE, *step = OH_NONE;
    if (int_sign(r->length) != 0) {
        start = r->start;
        if (!(small(r->length) && V(r->length) == 1))
            step = r->step;
    }
    oh_object *t = oh_tuple_pack(3, r->length, start, step);
    if (t == NULL)
        return -1;
    oh_hash_t h = py_hash(t);
    oh_decref(t);
    return h;
}

/* ==========================================================================
 * The iterator
 * ========================================================================== */

#define BIG INT64_MIN

typedef struct range_iter {
    OH_OBJECT_HEAD;
    int64_t index;                      /* items returned, or BIG */
    union {
        struct {
            int64_t start, step, len;   /* TR2 */
        } s;
        struct {
            oh_object *next, *step, *left;  /* exact ints */
        } b;
    } u;
} range_iter;

_Static_assert(sizeof(range_iter) == 48, "range_iter: 48 bytes, as "
               "CPython");

#define RIT(o) ((range_iter *)(void *)(o))

static void
rangeiter_clear(oh_object *o)
{
    range_iter *it = RIT(o);
    if (it->index == BIG) {
        OH_CLEAR(it->u.b.next);
        OH_CLEAR(it->u.b.step);
        OH_CLEAR(it->u.b.left);
    }
}

static oh_object *
rangeiter_next(oh_object *o)
{
    range_iter *it = RIT(o);
    if (it->index != BIG) {
        if (it->index >= it->u.s.len)
            return NULL;
        /* TR2: no overflow.  Unsigned arithmetic keeps it defined. */
        uint64_t v = (uint64_t)it->u.s.start
                     + (uint64_t)it->index * (uint64_t)it->u.s.step;
        it->index++;
        return oh_int_from_i64((int64_t)v);
    }
    if (it->u.b.left == NULL || int_sign(it->u.b.left) == 0)
        return NULL;
    oh_object *one = oh_int_from_i64(1);
    oh_object *left = oh_int_sub(it->u.b.left, one);
    oh_decref(one);
    oh_object *next = left ? oh_int_add(it->u.b.next, it->u.b.step) : NULL;
    if (next == NULL) {
        oh_xdecref(left);
        return NULL;
    }
    oh_object *v = it->u.b.next;
    it->u.b.next = next;
    oh_decref(it->u.b.left);
    it->u.b.left = left;
    return v;
}

static oh_object *
rangeiter_m_length_hint(oh_object *self, oh_object *const *args,
                        size_t nargs, oh_object *kwnames)
{
    range_iter *it = RIT(self);
    if (it->index != BIG)
        return oh_int_from_i64(it->u.s.len - it->index);
    if (it->u.b.left == NULL)
        return oh_int_from_i64(0);
    oh_incref(it->u.b.left);
    return it->u.b.left;
}

static oh_object *
iter_self(oh_object *o)
{
    oh_incref(o);
    return o;
}

static const py_method_def rangeiter_methods[] = {
    {"__length_hint__", rangeiter_m_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL}
};

py_static_type py_range_iter_static = {.t = {
    PY_TYPE_INIT("range_iterator", range_iter, 0),
    .ot.clear = rangeiter_clear,
    .methods = rangeiter_methods,
    .tp_iter = iter_self,
    .tp_iternext = rangeiter_next,
}};

/* The same iterator in its int mode under CPython's other name. */
py_static_type py_longrange_iter_static = {.t = {
    PY_TYPE_INIT("longrange_iterator", range_iter, 0),
    .ot.clear = rangeiter_clear,
    .methods = rangeiter_methods,
    .tp_iter = iter_self,
    .tp_iternext = rangeiter_next,
}};

/* An iterator over start, start + step, ... (len items).  Borrowed
 * arguments. */
static oh_object *
range_iter_make(oh_object *start, oh_object *step, oh_object *len)
{
    /* int64 mode when the last item fits too (TR2). */
    int64_t last = 0;
    bool fits = small(start) && small(step) && small(len)
                && (V(len) == 0
                    || (!__builtin_mul_overflow(V(len) - 1, V(step), &last)
                        && !__builtin_add_overflow(last, V(start), &last)));
    py_type *t = fits ? PY_T(range_iter) : PY_T(longrange_iter);
    range_iter *it = (range_iter *)(void *)ohi_object_alloc(&t->ot, 0);
    if (it == NULL)
        return NULL;
    if (fits) {
        it->index = 0;
        it->u.s.start = V(start);
        it->u.s.step = V(step);
        it->u.s.len = V(len);
        return &it->ob_base;
    }
    it->index = BIG;
    oh_incref(start);
    oh_incref(step);
    oh_incref(len);
    it->u.b.next = start;
    it->u.b.step = step;
    it->u.b.left = len;
    return &it->ob_base;
}

static oh_object *
range_iter_new(oh_object *o)
{
    py_range *r = RANGE(o);
    return range_iter_make(r->start, r->step, r->length);
}

/* ==========================================================================
 * Methods
 * ========================================================================== */

static oh_object *
range_m_reversed(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_check_args("__reversed__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    py_range *r = RANGE(self);
    /* start + (len - 1) * step, stepping by -step. */
    oh_object *one = oh_int_from_i64(1);
    oh_object *lm1 = oh_int_sub(r->length, one);
    oh_decref(one);
    oh_object *last = lm1 ? int_muladd(r->start, lm1, r->step) : NULL;
    oh_object *nstep = last ? oh_int_neg(r->step) : NULL;
    oh_object *it = nstep ? range_iter_make(last, nstep, r->length) : NULL;
    oh_xdecref(lm1);
    oh_xdecref(last);
    oh_xdecref(nstep);
    return it;
}

static oh_object *
range_m_count(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("range.count", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (exact_int_kind(args[0])) {
        int r = range_has_int(RANGE(self), args[0]);
        return r < 0 ? NULL : oh_int_from_i64(r);
    }
    oh_object *it = range_iter_new(self);
    if (it == NULL)
        return NULL;
    int64_t c = 0;
    oh_object *v;
    while ((v = rangeiter_next(it)) != NULL) {
        int eq = py_compare_bool(v, args[0], PY_CMP_EQ);
        oh_decref(v);
        if (eq < 0) {
            oh_decref(it);
            return NULL;
        }
        c += eq;
    }
    oh_decref(it);
    if (py_err_occurred())
        return NULL;
    return oh_int_from_i64(c);
}

static oh_object *
range_m_index(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("range.index", nargs, kwnames, 1, 1) < 0)
        return NULL;
    py_range *r = RANGE(self);
    oh_object *x = args[0];
    if (exact_int_kind(x)) {
        int has = range_has_int(r, x);
        if (has < 0)
            return NULL;
        if (!has)
            return py_err_format(PY_EXC(ValueError), "%R is not in range",
                                 x);
        oh_object *d = oh_int_sub(x, r->start);
        oh_object *q = d ? oh_int_floordiv(d, r->step) : NULL;
        oh_xdecref(d);
        return q;
    }
    oh_object *it = range_iter_new(self);
    if (it == NULL)
        return NULL;
    int64_t i = 0;
    oh_object *v;
    while ((v = rangeiter_next(it)) != NULL) {
        int eq = py_compare_bool(v, x, PY_CMP_EQ);
        oh_decref(v);
        if (eq != 0) {
            oh_decref(it);
            return eq < 0 ? NULL : oh_int_from_i64(i);
        }
        i++;
    }
    oh_decref(it);
    if (py_err_occurred())
        return NULL;
    return py_err_set_string(PY_EXC(ValueError),
                             "sequence.index(x): x not in sequence");
}

static const py_method_def range_methods[] = {
    {"__reversed__", range_m_reversed, 0, NULL},
    {"count", range_m_count, 0, NULL},
    {"index", range_m_index, 0, NULL},
    {NULL, NULL, 0, NULL}
};

static const py_member_def range_members[] = {
    {"start", PY_MEMBER_OBJECT, offsetof(py_range, start), true},
    {"stop", PY_MEMBER_OBJECT, offsetof(py_range, stop), true},
    {"step", PY_MEMBER_OBJECT, offsetof(py_range, step), true},
    {NULL, 0, 0, false}
};

py_static_type py_range_static = {.t = {
    PY_TYPE_INIT("range", py_range, 0),
    .ot.clear = range_clear,
    .tpflags = PY_TPFLAGS_SEQUENCE,
    .methods = range_methods,
    .members = range_members,
    .doc = "range(stop) -> range object\n"
           "range(start, stop[, step]) -> range object",
    .tp_new = range_new,
    .tp_repr = range_repr,
    .tp_hash = range_hash,
    .tp_richcompare = range_richcompare,
    .tp_iter = range_iter_new,
    .mp_length = range_len,
    .mp_subscript = range_getitem,
    .sq_contains = range_contains,
    .nb_bool = range_bool,
}};
