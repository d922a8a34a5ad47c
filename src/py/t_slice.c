/*
 * t_slice.c -- slice objects, and how sequences read them.
 *
 * What this file owns
 * -------------------
 * PY_T(slice) (what a[1:2:3] builds, BUILD_SLICE) and py_slice_indices,
 * the one function that turns a slice and a length into start, stop,
 * step and count with Python's clamping rules, for every sequence type.
 *
 * Invariants
 * ----------
 * SC1. After py_slice_indices succeeds, the items are start, start + step,
 *      ... (count of them), each in [0, len).
 */
#include "py/py.h"

typedef struct py_slice {
    OH_OBJECT_HEAD;
    oh_object *start, *stop, *step;     /* never NULL: None when absent */
} py_slice;

#define SLICE(o) ((py_slice *)(void *)(o))

oh_object *
py_slice_new(oh_object *start, oh_object *stop, oh_object *step)
{
    py_slice *s = (py_slice *)(void *)ohi_object_alloc(&PY_T(slice)->ot, 0);
    if (s == NULL)
        return NULL;
    s->start = start ? start : OH_NONE;
    s->stop = stop ? stop : OH_NONE;
    s->step = step ? step : OH_NONE;
    oh_incref(s->start);
    oh_incref(s->stop);
    oh_incref(s->step);
    ohi_gc_track(&s->ob_base);
    return &s->ob_base;
}

bool
py_slice_check(const oh_object *o)
{
    return o->type == &PY_T(slice)->ot;
}

/* A slice bound as an index: None -> def; clamped to int64. */
static inline int
bound(oh_object *o, int64_t def, int64_t *out)
{
    if (o == OH_NONE) {
        *out = def;
        return 0;
    }
    if (o->type == &oh_int_type) {      /* the common case: no __index__ */
        *out = OHI_INT_VALUE(o);
        return 0;
    }
    oh_object *i = py_index(o);
    if (i == NULL) {
        if (py_err_matches(PY_EXC(TypeError))) {
            py_err_clear();
            py_err_set_string(PY_EXC(TypeError), "slice indices must be "
                              "integers or None or have an __index__ "
                              "method");
        }
        return -1;
    }
    if (oh_int_as_i64(i, out) < 0) {
        /* Out of range for int64: clamp by sign. */
        int s = 0;
        py_err_clear();
        oh_int_sign(i, &s);
        *out = s < 0 ? INT64_MIN : INT64_MAX;
    }
    oh_decref(i);
    return 0;
}

int
py_slice_indices(oh_object *slice, int64_t len, int64_t *start,
                 int64_t *stop, int64_t *step, int64_t *count)
{
    py_slice *s = SLICE(slice);
    return py_slice_unpack(s->start, s->stop, s->step, len, start, stop,
                           step, count);
}

int
py_slice_unpack(oh_object *ostart, oh_object *ostop, oh_object *ostep,
                int64_t len, int64_t *start, int64_t *stop, int64_t *step,
                int64_t *count)
{
    if (bound(ostep, 1, step) < 0)
        return -1;
    if (*step == 0) {
        py_err_set_string(PY_EXC(ValueError), "slice step cannot be zero");
        return -1;
    }
    if (*step < -INT64_MAX)
        *step = -INT64_MAX;
    int64_t lo_def = *step < 0 ? len - 1 : 0;
    int64_t hi_def = *step < 0 ? -1 : len;
    if (bound(ostart, lo_def, start) < 0 || bound(ostop, hi_def, stop) < 0)
        return -1;
    if (ostart != OH_NONE) {
        if (*start < 0) {
            *start += len;
            if (*start < 0)
                *start = *step < 0 ? -1 : 0;
        }
        else if (*start >= len)
            *start = *step < 0 ? len - 1 : len;
    }
    if (ostop != OH_NONE) {
        if (*stop < 0) {
            *stop += len;
            if (*stop < 0)
                *stop = *step < 0 ? -1 : 0;
        }
        else if (*stop >= len)
            *stop = *step < 0 ? len - 1 : len;
    }
    if (*step < 0)
        *count = *stop < *start ? (*start - *stop - 1) / (-*step) + 1 : 0;
    else
        *count = *start < *stop ? (*stop - *start - 1) / *step + 1 : 0;
    return 0;
}

static int
slice_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(SLICE(o)->start);
    OH_VISIT(SLICE(o)->stop);
    OH_VISIT(SLICE(o)->step);
    return 0;
}

static void
slice_clear(oh_object *o)
{
    OH_CLEAR(SLICE(o)->start);
    OH_CLEAR(SLICE(o)->stop);
    OH_CLEAR(SLICE(o)->step);
}

static oh_object *
slice_repr(oh_object *o)
{
    oh_object *r[3] = {py_repr(SLICE(o)->start), py_repr(SLICE(o)->stop),
                       py_repr(SLICE(o)->step)};
    oh_object *res = NULL;
    if (r[0] && r[1] && r[2])
        res = oh_str_from_format("slice(%s, %s, %s)",
                                 oh_str_utf8(r[0], NULL),
                                 oh_str_utf8(r[1], NULL),
                                 oh_str_utf8(r[2], NULL));
    for (int i = 0; i < 3; i++)
        oh_xdecref(r[i]);
    return res;
}

static oh_object *
slice_new_slot(py_type *type, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (py_no_kwargs("slice", kwnames) < 0)
        return NULL;
    if (nargs == 0)
        return py_err_set_string(PY_EXC(TypeError), "slice expected at "
                                 "least 1 argument, got 0");
    if (nargs > 3)
        return py_err_format(PY_EXC(TypeError), "slice expected at most 3 "
                             "arguments, got %zu", nargs);
    if (nargs == 1)
        return py_slice_new(NULL, args[0], NULL);
    return py_slice_new(args[0], args[1], nargs == 3 ? args[2] : NULL);
}

static oh_object *
slice_richcompare(oh_object *a, oh_object *b, int op)
{
    if (!py_slice_check(b)) {
        oh_incref(PY_NOTIMPL);
        return PY_NOTIMPL;
    }
    oh_object *ta = oh_tuple_pack(3, SLICE(a)->start, SLICE(a)->stop,
                                  SLICE(a)->step);
    oh_object *tb = oh_tuple_pack(3, SLICE(b)->start, SLICE(b)->stop,
                                  SLICE(b)->step);
    oh_object *r = (ta && tb) ? py_compare(ta, tb, op) : NULL;
    oh_xdecref(ta);
    oh_xdecref(tb);
    return r;
}

static oh_object *
slice_m_indices(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (py_check_args("indices", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int64_t len, start, stop, step, count;
    if (py_index_i64(args[0], &len) < 0)
        return NULL;
    if (len < 0)
        return py_err_set_string(PY_EXC(ValueError), "length should not "
                                 "be negative");
    if (py_slice_indices(self, len, &start, &stop, &step, &count) < 0)
        return NULL;
    oh_object *a = oh_int_from_i64(start), *b = oh_int_from_i64(stop);
    oh_object *c = oh_int_from_i64(step);
    oh_object *t = (a && b && c) ? oh_tuple_pack(3, a, b, c) : NULL;
    oh_xdecref(a);
    oh_xdecref(b);
    oh_xdecref(c);
    return t;
}

static const py_method_def slice_methods[] = {
    {"indices", slice_m_indices, 0, NULL},
    {NULL, NULL, 0, NULL}
};

static const py_member_def slice_members[] = {
    {"start", PY_MEMBER_OBJECT, offsetof(py_slice, start), true},
    {"stop", PY_MEMBER_OBJECT, offsetof(py_slice, stop), true},
    {"step", PY_MEMBER_OBJECT, offsetof(py_slice, step), true},
    {NULL, 0, 0, false}
};

py_static_type py_slice_static = {.t = {
    PY_TYPE_INIT("slice", py_slice, OH_TYPE_CONTAINER),
    .ot.traverse = slice_traverse,
    .ot.clear = slice_clear,
    .methods = slice_methods,
    .members = slice_members,
    .tp_new = slice_new_slot,
    .tp_repr = slice_repr,
    .tp_richcompare = slice_richcompare,
}};
