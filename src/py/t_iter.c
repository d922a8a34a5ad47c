/*
 * t_iter.c -- the iterator types of the builtins: enumerate, zip, map,
 * filter and reversed.
 *
 * What this file owns
 * -------------------
 * PY_T(enumerate), PY_T(zip), PY_T(map), PY_T(filter) and PY_T(reversed):
 * lazy iterators over other iterators, with CPython 3.11's constructors,
 * error messages (zip's strict=True ValueErrors included) and
 * __length_hint__ where CPython has one (reversed).
 *
 * Each is a small container holding its source iterators; once a source
 * reports its end, the object keeps no promise about later calls beyond
 * what CPython gives (map, zip and enumerate just ask their sources
 * again; reversed drops its sequence and stays exhausted).
 *
 * Invariants
 * ----------
 * IT1. A zip's, map's iters are a tuple of iterators (tp_iternext set),
 *      made once by the constructor.
 * IT2. enumerate counts in `index` until it would pass INT64_MAX, then in
 *      `big` (an int), which is NULL until then.
 * IT3. reversed's `seq` is NULL once exhausted; index is the next index
 *      to read, -1 when none is left.
 * IT4. A zip's or enumerate's `result` is NULL or the first tuple it
 *      returned, which it keeps a reference to.  When that reference is
 *      the only one left (the loop has unpacked and dropped the tuple),
 *      the next item is built in it instead of in a new tuple, its old
 *      items dropped one by one as they are replaced; it is tracked
 *      again if a collection had untracked it (CPython 3.11 does the
 *      same).
 */
#include "py/py.h"

#include <string.h>

static oh_object *
iter_self(oh_object *o)
{
    oh_incref(o);
    return o;
}

/* IT4: a tuple of n items to fill, reusing *result when no one else
 * holds it; NULL on no memory.  A reused tuple keeps its old items until
 * set_item replaces them. */
static oh_object *
result_tuple(oh_object **result, size_t n)
{
    oh_object *t = *result;
    if (t != NULL && t->refcnt == 1) {
        oh_incref(t);
        if (!ohi_gc_is_tracked(t))
            ohi_gc_track(t);
        return t;
    }
    t = ohi_tuple_alloc(n);
    if (t != NULL && *result == NULL) {
        oh_incref(t);
        *result = t;
    }
    return t;
}

/* Put v (a new reference) at item i of a tuple from result_tuple. */
static inline void
set_item(oh_object *t, size_t i, oh_object *v)
{
    oh_object *old = OHI_TUPLE(t)->items[i];
    OHI_TUPLE(t)->items[i] = v;
    oh_xdecref(old);
}

/* The next item of iterator it, or NULL: at the end without an exception
 * (StopIteration raised by a Python __next__ is cleared). */
static oh_object *
next_of(oh_object *it)
{
    oh_object *v = PY_TYPE(it)->tp_iternext(it);
    if (v == NULL && py_err_occurred()
        && py_err_matches(PY_EXC(StopIteration)))
        py_err_clear();
    return v;
}

/* A tuple of iter(x) for each of the n objects.  New reference. */
static oh_object *
iter_tuple(oh_object *const *objs, size_t n)
{
    oh_object *t = ohi_tuple_alloc(n);
    if (t == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        oh_object *it = py_iter(objs[i]);
        if (it == NULL) {
            oh_decref(t);
            return NULL;
        }
        OHI_TUPLE(t)->items[i] = it;
    }
    return t;
}

/* kwnames holds only names from `allowed` (NULL-terminated)?  Else
 * TypeError "'x' is an invalid keyword argument for NAME()". */
static int
check_kwnames(const char *fname, oh_object *kwnames,
              const char *const *allowed)
{
    size_t nk = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    for (size_t k = 0; k < nk; k++) {
        const char *s = oh_str_utf8(OHI_TUPLE(kwnames)->items[k], NULL);
        bool ok = false;
        for (size_t j = 0; allowed[j] != NULL; j++)
            if (strcmp(allowed[j], s) == 0)
                ok = true;
        if (!ok) {
            py_err_format(PY_EXC(TypeError), "'%s' is an invalid keyword "
                          "argument for %s()", s, fname);
            return -1;
        }
    }
    return 0;
}

/* ==========================================================================
 * enumerate
 * ========================================================================== */

typedef struct py_enumerate {
    OH_OBJECT_HEAD;
    oh_object *it;
    int64_t index;
    oh_object *big;                     /* IT2 */
    oh_object *result;                  /* IT4 */
} py_enumerate;

#define ENUM(o) ((py_enumerate *)(void *)(o))

static int
enum_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(ENUM(o)->it);
    OH_VISIT(ENUM(o)->big);
    OH_VISIT(ENUM(o)->result);
    return 0;
}

static void
enum_clear(oh_object *o)
{
    OH_CLEAR(ENUM(o)->it);
    OH_CLEAR(ENUM(o)->big);
    OH_CLEAR(ENUM(o)->result);
}

static oh_object *
enum_new(py_type *type, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    static const char *const kw[] = {"iterable", "start", NULL};
    if (check_kwnames("enumerate", kwnames, kw) < 0)
        return NULL;
    size_t nk = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    if (nargs + nk > 2)
        return py_err_format(PY_EXC(TypeError), "enumerate() takes at most "
                             "2 arguments (%zu given)", nargs + nk);
    oh_object *a[2] = {nargs > 0 ? args[0] : NULL,
                       nargs > 1 ? args[1] : NULL};
    for (size_t k = 0; k < nk; k++) {
        const char *s = oh_str_utf8(OHI_TUPLE(kwnames)->items[k], NULL);
        int j = strcmp(s, "iterable") == 0 ? 0 : 1;
        if (a[j] != NULL)
            return py_err_format(PY_EXC(TypeError), "argument for "
                                 "enumerate() given by name ('%s') and "
                                 "position (%d)", s, j + 1);
        a[j] = args[nargs + k];
    }
    if (a[0] == NULL)
        return py_err_set_string(PY_EXC(TypeError), "enumerate() missing "
                                 "required argument 'iterable'");
    int64_t start = 0;
    oh_object *big = NULL;
    if (a[1] != NULL) {
        oh_object *s = py_index(a[1]);
        if (s == NULL)
            return NULL;
        if (oh_int_as_i64(s, &start) < 0) {
            py_err_clear();
            big = oh_int_add(s, oh_int_from_i64(0));
            oh_decref(s);
            if (big == NULL)
                return NULL;
        }
        else
            oh_decref(s);
    }
    oh_object *it = py_iter(a[0]);
    if (it == NULL) {
        oh_xdecref(big);
        return NULL;
    }
    oh_object *o = py_alloc_instance(type, 0);
    if (o == NULL) {
        oh_decref(it);
        oh_xdecref(big);
        return NULL;
    }
    ENUM(o)->it = it;
    ENUM(o)->index = start;
    ENUM(o)->big = big;
    return o;
}

static oh_object *
enum_next(oh_object *o)
{
    py_enumerate *e = ENUM(o);
    if (e->it == NULL)
        return NULL;
    oh_object *v = next_of(e->it);
    if (v == NULL)
        return NULL;
    oh_object *i;
    if (e->big == NULL && e->index < INT64_MAX) {
        i = oh_int_from_i64(e->index++);
    }
    else {
        if (e->big == NULL) {
            e->big = oh_int_from_i64(e->index);
            if (e->big == NULL) {
                oh_decref(v);
                return NULL;
            }
        }
        i = e->big;
        oh_object *one = oh_int_from_i64(1);
        oh_object *n = oh_int_add(i, one);
        oh_decref(one);
        if (n == NULL) {
            oh_decref(v);
            return NULL;
        }
        e->big = n;                     /* our reference to i moves out */
    }
    if (i == NULL) {
        oh_decref(v);
        return NULL;
    }
    oh_object *t = result_tuple(&e->result, 2);
    if (t == NULL) {
        oh_decref(i);
        oh_decref(v);
        return NULL;
    }
    set_item(t, 0, i);
    set_item(t, 1, v);
    return t;
}

static const py_method_def enum_methods[] = {
    {"__class_getitem__", py_class_getitem, PY_METH_CLASS, NULL},
    {NULL, NULL, 0, NULL}
};

py_static_type py_enumerate_static = {.t = {
    PY_TYPE_INIT("enumerate", py_enumerate, OH_TYPE_CONTAINER),
    .ot.traverse = enum_traverse,
    .ot.clear = enum_clear,
    .tpflags = PY_TPFLAGS_BASETYPE,
    .methods = enum_methods,
    .doc = "Return an enumerate object.",
    .tp_new = enum_new,
    .tp_iter = iter_self,
    .tp_iternext = enum_next,
}};

/* ==========================================================================
 * zip
 * ========================================================================== */

typedef struct py_zip {
    OH_OBJECT_HEAD;
    oh_object *iters;                   /* IT1 */
    oh_object *result;                  /* IT4 */
    bool strict;
} py_zip;

#define ZIP(o) ((py_zip *)(void *)(o))

static int
zip_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(ZIP(o)->iters);
    OH_VISIT(ZIP(o)->result);
    return 0;
}

static void
zip_clear(oh_object *o)
{
    OH_CLEAR(ZIP(o)->iters);
    OH_CLEAR(ZIP(o)->result);
}

static oh_object *
zip_new(py_type *type, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    static const char *const kw[] = {"strict", NULL};
    if (check_kwnames("zip", kwnames, kw) < 0)
        return NULL;
    int strict = 0;
    if (kwnames != NULL && OHI_TUPLE_SIZE(kwnames) == 1) {
        strict = py_is_true(args[nargs]);
        if (strict < 0)
            return NULL;
    }
    oh_object *iters = iter_tuple(args, nargs);
    if (iters == NULL)
        return NULL;
    oh_object *o = py_alloc_instance(type, 0);
    if (o == NULL) {
        oh_decref(iters);
        return NULL;
    }
    ZIP(o)->iters = iters;
    ZIP(o)->strict = strict != 0;
    return o;
}

/* zip(strict=True) found iterator i (0-based) at its end while the ones
 * before were not (i > 0), or one after it not at its end. */
static oh_object *
zip_strict_error(py_zip *z, size_t i)
{
    size_t n = (size_t)OHI_TUPLE_SIZE(z->iters);
    if (i > 0)
        return py_err_format(PY_EXC(ValueError), "zip() argument %zu is "
                             "shorter than argument%s%zu%s", i + 1,
                             i == 1 ? " " : "s 1-", i,
                             "");
    /* The first ended: is any later one not done? */
    for (size_t k = 1; k < n; k++) {
        oh_object *v = next_of(OHI_TUPLE(z->iters)->items[k]);
        if (v != NULL) {
            oh_decref(v);
            return py_err_format(PY_EXC(ValueError), "zip() argument %zu "
                                 "is longer than argument%s%zu", k + 1,
                                 k == 1 ? " " : "s 1-", k);
        }
        if (py_err_occurred())
            return NULL;
    }
    return NULL;
}

static oh_object *
zip_next(oh_object *o)
{
    py_zip *z = ZIP(o);
    if (z->iters == NULL)
        return NULL;
    size_t n = (size_t)OHI_TUPLE_SIZE(z->iters);
    if (n == 0)
        return NULL;
    oh_object *t = result_tuple(&z->result, n);
    if (t == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        oh_object *v = next_of(OHI_TUPLE(z->iters)->items[i]);
        if (v == NULL) {
            oh_decref(t);
            if (z->strict && !py_err_occurred())
                return zip_strict_error(z, i);
            return NULL;
        }
        set_item(t, i, v);
    }
    return t;
}

py_static_type py_zip_static = {.t = {
    PY_TYPE_INIT("zip", py_zip, OH_TYPE_CONTAINER),
    .ot.traverse = zip_traverse,
    .ot.clear = zip_clear,
    .tpflags = PY_TPFLAGS_BASETYPE,
    .doc = "zip(*iterables, strict=False) --> Yield tuples until an input "
           "is exhausted.",
    .tp_new = zip_new,
    .tp_iter = iter_self,
    .tp_iternext = zip_next,
}};

/* ==========================================================================
 * map
 * ========================================================================== */

typedef struct py_map {
    OH_OBJECT_HEAD;
    oh_object *func;
    oh_object *iters;                   /* IT1 */
} py_map;

#define MAP(o) ((py_map *)(void *)(o))

static int
map_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(MAP(o)->func);
    OH_VISIT(MAP(o)->iters);
    return 0;
}

static void
map_clear(oh_object *o)
{
    OH_CLEAR(MAP(o)->func);
    OH_CLEAR(MAP(o)->iters);
}

static oh_object *
map_new(py_type *type, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    if (type == PY_T(map) && py_no_kwargs("map", kwnames) < 0)
        return NULL;
    if (nargs < 2)
        return py_err_set_string(PY_EXC(TypeError), "map() must have at "
                                 "least two arguments.");
    oh_object *iters = iter_tuple(args + 1, nargs - 1);
    if (iters == NULL)
        return NULL;
    oh_object *o = py_alloc_instance(type, 0);
    if (o == NULL) {
        oh_decref(iters);
        return NULL;
    }
    oh_incref(args[0]);
    MAP(o)->func = args[0];
    MAP(o)->iters = iters;
    return o;
}

static oh_object *
map_next(oh_object *o)
{
    py_map *m = MAP(o);
    if (m->iters == NULL)
        return NULL;
    size_t n = (size_t)OHI_TUPLE_SIZE(m->iters);
    oh_object *small[8];
    oh_object **vals = small;
    if (n > 8) {
        vals = oh_malloc(n * sizeof(oh_object *));
        if (vals == NULL)
            return py_err_no_memory();
    }
    size_t got = 0;
    oh_object *r = NULL;
    for (; got < n; got++) {
        vals[got] = next_of(OHI_TUPLE(m->iters)->items[got]);
        if (vals[got] == NULL)
            break;
    }
    if (got == n)
        r = py_call(m->func, vals, n, NULL);
    for (size_t i = 0; i < got; i++)
        oh_decref(vals[i]);
    if (vals != small)
        oh_free(vals);
    return r;
}

py_static_type py_map_static = {.t = {
    PY_TYPE_INIT("map", py_map, OH_TYPE_CONTAINER),
    .ot.traverse = map_traverse,
    .ot.clear = map_clear,
    .tpflags = PY_TPFLAGS_BASETYPE,
    .doc = "map(func, *iterables) --> map object",
    .tp_new = map_new,
    .tp_iter = iter_self,
    .tp_iternext = map_next,
}};

/* ==========================================================================
 * filter
 * ========================================================================== */

typedef struct py_filter {
    OH_OBJECT_HEAD;
    oh_object *func;                    /* None: test the item itself */
    oh_object *it;
} py_filter;

#define FILTER(o) ((py_filter *)(void *)(o))

static int
filter_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(FILTER(o)->func);
    OH_VISIT(FILTER(o)->it);
    return 0;
}

static void
filter_clear(oh_object *o)
{
    OH_CLEAR(FILTER(o)->func);
    OH_CLEAR(FILTER(o)->it);
}

static oh_object *
filter_new(py_type *type, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (type == PY_T(filter) && py_no_kwargs("filter", kwnames) < 0)
        return NULL;
    if (nargs != 2)
        return py_err_format(PY_EXC(TypeError), "filter expected 2 "
                             "arguments, got %zu", nargs);
    oh_object *it = py_iter(args[1]);
    if (it == NULL)
        return NULL;
    oh_object *o = py_alloc_instance(type, 0);
    if (o == NULL) {
        oh_decref(it);
        return NULL;
    }
    oh_incref(args[0]);
    FILTER(o)->func = args[0];
    FILTER(o)->it = it;
    return o;
}

static oh_object *
filter_next(oh_object *o)
{
    py_filter *f = FILTER(o);
    if (f->it == NULL)
        return NULL;
    for (;;) {
        oh_object *v = next_of(f->it);
        if (v == NULL)
            return NULL;
        int ok;
        if (f->func == OH_NONE || f->func == &PY_T(boolean)->ob_base)
            ok = py_is_true(v);
        else {
            oh_object *r = py_call1(f->func, v);
            ok = r == NULL ? -1 : py_is_true(r);
            oh_xdecref(r);
        }
        if (ok > 0)
            return v;
        oh_decref(v);
        if (ok < 0)
            return NULL;
    }
}

py_static_type py_filter_static = {.t = {
    PY_TYPE_INIT("filter", py_filter, OH_TYPE_CONTAINER),
    .ot.traverse = filter_traverse,
    .ot.clear = filter_clear,
    .tpflags = PY_TPFLAGS_BASETYPE,
    .doc = "filter(function or None, iterable) --> filter object",
    .tp_new = filter_new,
    .tp_iter = iter_self,
    .tp_iternext = filter_next,
}};

/* ==========================================================================
 * reversed
 * ========================================================================== */

typedef struct py_reversed {
    OH_OBJECT_HEAD;
    oh_object *seq;                     /* IT3 */
    int64_t index;
} py_reversed;

#define REV(o) ((py_reversed *)(void *)(o))

static int
reversed_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(REV(o)->seq);
    return 0;
}

static void
reversed_clear(oh_object *o)
{
    OH_CLEAR(REV(o)->seq);
}

static oh_object *
reversed_new(py_type *type, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (type == PY_T(reversed) && py_no_kwargs("reversed", kwnames) < 0)
        return NULL;
    if (nargs != 1)
        return py_err_format(PY_EXC(TypeError), "reversed expected 1 "
                             "argument, got %zu", nargs);
    oh_object *seq = args[0];
    py_type *t = PY_TYPE(seq);
    oh_object *meth = py_type_lookup(t, PY_ID(__reversed__));
    if (meth == OH_NONE)
        return py_err_format(PY_EXC(TypeError), "'%s' object is not "
                             "reversible", t->tp_name);
    if (meth != NULL)
        return py_call_method(seq, PY_ID(__reversed__), NULL, 0);
    /* The sequence protocol: items by index, a dict excepted. */
    if (t->mp_subscript == NULL || py_type_is_subtype(t, PY_T(dict))
        || t == PY_T(dict))
        return py_err_format(PY_EXC(TypeError), "'%s' object is not "
                             "reversible", t->tp_name);
    int64_t n = py_len(seq);
    if (n < 0)
        return NULL;
    oh_object *o = py_alloc_instance(type, 0);
    if (o == NULL)
        return NULL;
    oh_incref(seq);
    REV(o)->seq = seq;
    REV(o)->index = n - 1;
    return o;
}

static oh_object *
reversed_next(oh_object *o)
{
    py_reversed *r = REV(o);
    if (r->seq == NULL)
        return NULL;
    if (r->index >= 0) {
        oh_object *i = oh_int_from_i64(r->index);
        if (i == NULL)
            return NULL;
        oh_object *v = py_getitem(r->seq, i);
        oh_decref(i);
        if (v != NULL) {
            r->index--;
            return v;
        }
        if (!py_err_matches(PY_EXC(IndexError))
            && !py_err_matches(PY_EXC(StopIteration)))
            return NULL;
        py_err_clear();
    }
    r->index = -1;
    OH_CLEAR(r->seq);
    return NULL;
}

static oh_object *
reversed_m_length_hint(oh_object *self, oh_object *const *args,
                       size_t nargs, oh_object *kwnames)
{
    py_reversed *r = REV(self);
    if (r->seq == NULL)
        return oh_int_from_i64(0);
    int64_t n = py_len(r->seq);
    if (n < 0)
        return NULL;
    return oh_int_from_i64(n < r->index + 1 ? 0 : r->index + 1);
}

static const py_method_def reversed_methods[] = {
    {"__length_hint__", reversed_m_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL}
};

py_static_type py_reversed_static = {.t = {
    PY_TYPE_INIT("reversed", py_reversed, OH_TYPE_CONTAINER),
    .ot.traverse = reversed_traverse,
    .ot.clear = reversed_clear,
    .tpflags = PY_TPFLAGS_BASETYPE,
    .methods = reversed_methods,
    .doc = "Return a reverse iterator over the values of the given "
           "sequence.",
    .tp_new = reversed_new,
    .tp_iter = iter_self,
    .tp_iternext = reversed_next,
}};
