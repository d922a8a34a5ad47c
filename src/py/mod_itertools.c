/*
 * mod_itertools.c -- the itertools module.
 *
 * What this file owns
 * -------------------
 * py_module_itertools: the iterator types of CPython 3.11's itertools,
 * each a small container type whose tp_iternext does one step:
 *
 *   infinite        count, cycle, repeat
 *   terminating     accumulate, chain (and chain.from_iterable), compress,
 *                   dropwhile, takewhile, filterfalse, groupby (with its
 *                   _grouper), islice, pairwise, starmap, tee (with its
 *                   shared _tee_dataobject), zip_longest
 *   combinatoric    product, permutations, combinations,
 *                   combinations_with_replacement
 *
 * Each produces exactly CPython's sequence (the combinatoric ones in
 * lexicographic order of input positions, by the same index updates), and
 * drops its source iterator as soon as it is exhausted, so an exhausted
 * itertools object keeps nothing alive.
 *
 * tee
 * ---
 * The n iterators tee() returns share one chain of buffer blocks
 * (teedata), each holding up to TEE_BLOCK items read from the source.
 * A tee iterator points at a block and a position in it; when it moves
 * past a block it follows the block's link (made on demand), and a block
 * nobody points at any more is freed with everything in it.  Memory is
 * thus the span between the slowest and the fastest iterator.
 *
 * Invariants
 * ----------
 * IX1. A teedata's values[0 .. numread) are the items its block has read
 *      (owned); numread <= TEE_BLOCK; nextlink is non-NULL only when
 *      numread == TEE_BLOCK.
 * IX2. groupby: currgrouper is the only _grouper that may still yield
 *      (borrowed; compared by identity, never dereferenced); tgtkey is the
 *      key of the current group, currkey/currvalue the item read ahead.
 * IX3. The combinatoric iterators' indices always describe the tuple
 *      returned last; `stopped` is set once, and then nothing is read.
 */
#include "py/py.h"

#include <string.h>

static oh_object *
iter_self(oh_object *o)
{
    oh_incref(o);
    return o;
}

/* A tuple of items[idx[i]] for i < n.  New reference. */
static oh_object *
tuple_from_indices(oh_object *pool, const int64_t *idx, int64_t n)
{
    oh_object *t = ohi_tuple_alloc((size_t)n);
    if (t == NULL)
        return NULL;
    for (int64_t i = 0; i < n; i++) {
        oh_object *x = OHI_TUPLE(pool)->items[idx[i]];
        oh_incref(x);
        OHI_TUPLE(t)->items[i] = x;
    }
    return t;
}

/* ==========================================================================
 * count
 * ========================================================================== */

typedef struct countobject {
    OH_OBJECT_HEAD;
    int64_t cnt;                        /* the next value, while fast */
    bool fast;                          /* cnt and an int step of 1 */
    oh_object *long_cnt;                /* the next value otherwise */
    oh_object *step;
} countobject;

#define COUNT(o) ((countobject *)(void *)(o))

/* count's start and step: numbers, as PyNumber_Check says (the types with
 * __index__, __int__ or __float__). */
static bool
is_number(oh_object *o)
{
    py_type *t = PY_TYPE(o);
    return OHI_ANYINT_CHECK(o) || OHI_TYPE_KIND(o->type) == OHI_KIND_FLOAT
           || t->nb_index != NULL || t->nb_float != NULL
           || t->nb_int != NULL;
}

static bool
is_int_one(oh_object *o)
{
    return o->type == &oh_int_type && OHI_INT_VALUE(o) == 1;
}

static oh_object *
count_new(py_type *type, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    static const char *const kw[] = {"start", "step", NULL};
    static const py_argspec spec = {"count", kw, 0, 2, 0};
    oh_object *a[2];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    oh_object *start = a[0] ? a[0] : oh_int_from_i64(0);
    oh_object *step = a[1] ? a[1] : oh_int_from_i64(1);
    if (!is_number(start) || !is_number(step))
        return py_err_set_string(PY_EXC(TypeError), "a number is required");
    oh_object *o = py_alloc_instance(type, 0);
    if (o == NULL)
        return NULL;
    countobject *c = COUNT(o);
    oh_incref(step);
    c->step = step;
    if (start->type == &oh_int_type && is_int_one(step)) {
        c->fast = true;
        c->cnt = OHI_INT_VALUE(start);
    }
    else {
        oh_incref(start);
        c->long_cnt = start;
    }
    return o;
}

static int
count_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(COUNT(o)->long_cnt);
    OH_VISIT(COUNT(o)->step);
    return 0;
}

static void
count_clear(oh_object *o)
{
    OH_CLEAR(COUNT(o)->long_cnt);
    OH_CLEAR(COUNT(o)->step);
}

static oh_object *
count_next(oh_object *o)
{
    countobject *c = COUNT(o);
    if (c->fast) {
        if (c->cnt < INT64_MAX)
            return oh_int_from_i64(c->cnt++);
        /* Past int64: continue with objects. */
        c->fast = false;
        c->long_cnt = oh_int_from_i64(c->cnt);
        if (c->long_cnt == NULL)
            return NULL;
    }
    oh_object *r = c->long_cnt;
    oh_object *n = py_binary_op(r, c->step, PY_OP_ADD);
    if (n == NULL)
        return NULL;
    c->long_cnt = n;
    return r;
}

static oh_object *
count_repr(oh_object *o)
{
    countobject *c = COUNT(o);
    oh_object *cur = c->fast ? oh_int_from_i64(c->cnt) : c->long_cnt;
    if (!c->fast)
        oh_incref(cur);
    if (cur == NULL)
        return NULL;
    oh_object *r = is_int_one(c->step)
                   ? py_str_format("count(%R)", cur)
                   : py_str_format("count(%R, %R)", cur, c->step);
    oh_decref(cur);
    return r;
}

static py_static_type py_count_static = {.t = {
    PY_TYPE_INIT("itertools.count", countobject, OH_TYPE_CONTAINER),
    .ot.traverse = count_traverse,
    .ot.clear = count_clear,
    .doc = "Return a count object whose .__next__() method returns "
           "consecutive values.",
    .tp_new = count_new,
    .tp_repr = count_repr,
    .tp_iter = iter_self,
    .tp_iternext = count_next,
}};

/* ==========================================================================
 * cycle
 * ========================================================================== */

typedef struct cycleobject {
    OH_OBJECT_HEAD;
    oh_object *it;                      /* NULL once exhausted */
    oh_object *saved;                   /* list */
    int64_t index;
} cycleobject;

#define CYCLE(o) ((cycleobject *)(void *)(o))

static oh_object *
cycle_new(py_type *type, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_no_kwargs("cycle", kwnames) < 0
        || py_check_args("cycle", nargs, NULL, 1, 1) < 0)
        return NULL;
    oh_object *it = py_iter(args[0]);
    if (it == NULL)
        return NULL;
    oh_object *saved = oh_list_new();
    oh_object *o = saved ? py_alloc_instance(type, 0) : NULL;
    if (o == NULL) {
        oh_decref(it);
        oh_xdecref(saved);
        return NULL;
    }
    CYCLE(o)->it = it;
    CYCLE(o)->saved = saved;
    return o;
}

static int
cycle_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(CYCLE(o)->it);
    OH_VISIT(CYCLE(o)->saved);
    return 0;
}

static void
cycle_clear(oh_object *o)
{
    OH_CLEAR(CYCLE(o)->it);
    OH_CLEAR(CYCLE(o)->saved);
}

static oh_object *
cycle_next(oh_object *o)
{
    cycleobject *c = CYCLE(o);
    if (c->it != NULL) {
        oh_object *item = py_iter_next(c->it);
        if (item != NULL) {
            if (oh_list_append(c->saved, item) < 0) {
                oh_decref(item);
                return NULL;
            }
            return item;
        }
        if (py_err_occurred())
            return NULL;
        OH_CLEAR(c->it);
    }
    int64_t n = OHI_LIST(c->saved)->size;
    if (n == 0)
        return NULL;
    oh_object *item = OHI_LIST(c->saved)->items[c->index];
    oh_incref(item);
    if (++c->index >= n)
        c->index = 0;
    return item;
}

static py_static_type py_cycle_static = {.t = {
    PY_TYPE_INIT("itertools.cycle", cycleobject, OH_TYPE_CONTAINER),
    .ot.traverse = cycle_traverse,
    .ot.clear = cycle_clear,
    .doc = "Return elements from the iterable until it is exhausted. Then "
           "repeat the sequence indefinitely.",
    .tp_new = cycle_new,
    .tp_iter = iter_self,
    .tp_iternext = cycle_next,
}};

/* ==========================================================================
 * repeat
 * ========================================================================== */

typedef struct repeatobject {
    OH_OBJECT_HEAD;
    oh_object *element;
    int64_t cnt;                        /* -1: for ever */
} repeatobject;

#define REPEAT(o) ((repeatobject *)(void *)(o))

static oh_object *
repeat_new(py_type *type, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    static const char *const kw[] = {"object", "times", NULL};
    static const py_argspec spec = {"repeat", kw, 1, 2, 0};
    oh_object *a[2];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    int64_t cnt = -1;
    if (a[1] != NULL) {
        if (py_index_i64(a[1], &cnt) < 0)
            return NULL;
        if (cnt < 0)
            cnt = 0;
    }
    oh_object *o = py_alloc_instance(type, 0);
    if (o == NULL)
        return NULL;
    oh_incref(a[0]);
    REPEAT(o)->element = a[0];
    REPEAT(o)->cnt = cnt;
    return o;
}

static int
repeat_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(REPEAT(o)->element);
    return 0;
}

static void
repeat_clear(oh_object *o)
{
    OH_CLEAR(REPEAT(o)->element);
}

static oh_object *
repeat_next(oh_object *o)
{
    repeatobject *r = REPEAT(o);
    if (r->cnt == 0)
        return NULL;
    if (r->cnt > 0)
        r->cnt--;
    oh_incref(r->element);
    return r->element;
}

static oh_object *
repeat_repr(oh_object *o)
{
    repeatobject *r = REPEAT(o);
    if (r->cnt == -1)
        return py_str_format("repeat(%R)", r->element);
    return py_str_format("repeat(%R, %lld)", r->element, (long long)r->cnt);
}

static oh_object *
repeat_m_length_hint(oh_object *self, oh_object *const *args, size_t nargs,
                     oh_object *kwnames)
{
    if (REPEAT(self)->cnt == -1)
        return py_err_set_string(PY_EXC(TypeError), "len() of unsized "
                                 "object");
    return oh_int_from_i64(REPEAT(self)->cnt);
}

static const py_method_def repeat_methods[] = {
    {"__length_hint__", repeat_m_length_hint, 0, NULL},
    {NULL, NULL, 0, NULL}
};

static py_static_type py_repeat_static = {.t = {
    PY_TYPE_INIT("itertools.repeat", repeatobject, OH_TYPE_CONTAINER),
    .ot.traverse = repeat_traverse,
    .ot.clear = repeat_clear,
    .methods = repeat_methods,
    .doc = "repeat(object [,times]) -> create an iterator which returns "
           "the object for the specified number of times.",
    .tp_new = repeat_new,
    .tp_repr = repeat_repr,
    .tp_iter = iter_self,
    .tp_iternext = repeat_next,
}};

/* ==========================================================================
 * Iterators over one source with a function: accumulate, dropwhile,
 * takewhile, filterfalse, starmap, compress, pairwise
 * ========================================================================== */

/* One layout serves them all. */
typedef struct funcit {
    OH_OBJECT_HEAD;
    oh_object *it;                      /* source; NULL once exhausted */
    oh_object *func;                    /* or NULL */
    oh_object *a;                       /* accumulate: total; compress:
                                           selectors; pairwise: old */
    oh_object *b;                       /* accumulate: initial */
    bool flag;                          /* dropwhile: dropped; takewhile:
                                           stopped */
} funcit;

#define FI(o) ((funcit *)(void *)(o))

static int
funcit_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(FI(o)->it);
    OH_VISIT(FI(o)->func);
    OH_VISIT(FI(o)->a);
    OH_VISIT(FI(o)->b);
    return 0;
}

static void
funcit_clear(oh_object *o)
{
    OH_CLEAR(FI(o)->it);
    OH_CLEAR(FI(o)->func);
    OH_CLEAR(FI(o)->a);
    OH_CLEAR(FI(o)->b);
}

/* A funcit over iter(iterable) with func (may be NULL, not stolen). */
static oh_object *
funcit_make(py_type *type, oh_object *iterable, oh_object *func)
{
    oh_object *it = py_iter(iterable);
    if (it == NULL)
        return NULL;
    oh_object *o = py_alloc_instance(type, 0);
    if (o == NULL) {
        oh_decref(it);
        return NULL;
    }
    FI(o)->it = it;
    if (func != NULL) {
        oh_incref(func);
        FI(o)->func = func;
    }
    return o;
}

/* The next item of the source; NULL at its end (and the source is
 * dropped) or on error. */
static oh_object *
source_next(funcit *f)
{
    if (f->it == NULL)
        return NULL;
    oh_object *x = py_iter_next(f->it);
    if (x == NULL && !py_err_occurred())
        OH_CLEAR(f->it);
    return x;
}

#define FUNCIT_TYPE(var, name, next, newf, docstr)                          \
    static py_static_type var = {.t = {                                     \
        PY_TYPE_INIT(name, funcit, OH_TYPE_CONTAINER),                      \
        .ot.traverse = funcit_traverse,                                     \
        .ot.clear = funcit_clear,                                           \
        .doc = docstr,                                                      \
        .tp_new = newf,                                                     \
        .tp_iter = iter_self,                                               \
        .tp_iternext = next,                                                \
    }}

/* --- accumulate --------------------------------------------------------- */

static oh_object *
accumulate_new(py_type *type, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    static const char *const kw[] = {"iterable", "func", "initial", NULL};
    static const py_argspec spec = {"accumulate", kw, 1, 2, 0};
    oh_object *a[3];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    oh_object *func = a[1] == OH_NONE ? NULL : a[1];
    oh_object *o = funcit_make(type, a[0], func);
    if (o != NULL && a[2] != NULL && a[2] != OH_NONE) {
        oh_incref(a[2]);
        FI(o)->b = a[2];
    }
    return o;
}

static oh_object *
accumulate_next(oh_object *o)
{
    funcit *f = FI(o);
    if (f->b != NULL) {
        /* initial comes first and starts the total. */
        oh_object *init = f->b;
        f->b = NULL;
        oh_incref(init);
        f->a = init;
        return init;
    }
    oh_object *val = source_next(f);
    if (val == NULL)
        return NULL;
    if (f->a == NULL) {
        oh_incref(val);
        f->a = val;
        return val;
    }
    oh_object *total = f->func ? py_call2(f->func, f->a, val)
                               : py_binary_op(f->a, val, PY_OP_ADD);
    oh_decref(val);
    if (total == NULL)
        return NULL;
    oh_decref(f->a);
    oh_incref(total);
    f->a = total;
    return total;
}

FUNCIT_TYPE(py_accumulate_static, "itertools.accumulate", accumulate_next,
            accumulate_new, "Return series of accumulated sums (or other "
            "binary function results).");

/* --- dropwhile, takewhile, filterfalse, starmap -------------------------- */

static oh_object *
pred_new(py_type *type, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    const char *name = type->name ? oh_str_utf8(type->name, NULL)
                                  : type->tp_name;
    if (py_no_kwargs(name, kwnames) < 0
        || py_check_args(name, nargs, NULL, 2, 2) < 0)
        return NULL;
    return funcit_make(type, args[1], args[0]);
}

/* pred(x) as 1/0/-1; a None predicate means bool (filterfalse). */
static int
pred_true(oh_object *func, oh_object *x)
{
    if (func == NULL || func == OH_NONE)
        return py_is_true(x);
    oh_object *r = py_call1(func, x);
    if (r == NULL)
        return -1;
    int t = py_is_true(r);
    oh_decref(r);
    return t;
}

static oh_object *
dropwhile_next(oh_object *o)
{
    funcit *f = FI(o);
    for (;;) {
        oh_object *x = source_next(f);
        if (x == NULL || f->flag)
            return x;
        int t = pred_true(f->func, x);
        if (t == 0) {
            f->flag = true;
            return x;
        }
        oh_decref(x);
        if (t < 0)
            return NULL;
    }
}

FUNCIT_TYPE(py_dropwhile_static, "itertools.dropwhile", dropwhile_next,
            pred_new, "Drop items from the iterable while predicate(item) "
            "is true.");

static oh_object *
takewhile_next(oh_object *o)
{
    funcit *f = FI(o);
    if (f->flag)
        return NULL;
    oh_object *x = source_next(f);
    if (x == NULL)
        return NULL;
    int t = pred_true(f->func, x);
    if (t > 0)
        return x;
    oh_decref(x);
    if (t == 0) {
        f->flag = true;
        OH_CLEAR(f->it);
    }
    return NULL;
}

FUNCIT_TYPE(py_takewhile_static, "itertools.takewhile", takewhile_next,
            pred_new, "Return successive entries from an iterable as long "
            "as the predicate evaluates to true for each entry.");

static oh_object *
filterfalse_next(oh_object *o)
{
    funcit *f = FI(o);
    for (;;) {
        oh_object *x = source_next(f);
        if (x == NULL)
            return NULL;
        int t = pred_true(f->func, x);
        if (t == 0)
            return x;
        oh_decref(x);
        if (t < 0)
            return NULL;
    }
}

FUNCIT_TYPE(py_filterfalse_static, "itertools.filterfalse",
            filterfalse_next, pred_new, "Return those items of iterable "
            "for which function(item) is false.");

static oh_object *
starmap_next(oh_object *o)
{
    funcit *f = FI(o);
    oh_object *args = source_next(f);
    if (args == NULL)
        return NULL;
    oh_object *t = py_sequence_tuple(args);
    oh_decref(args);
    if (t == NULL)
        return NULL;
    oh_object *r = py_call(f->func, OHI_TUPLE(t)->items,
                           (size_t)OHI_TUPLE_SIZE(t), NULL);
    oh_decref(t);
    return r;
}

FUNCIT_TYPE(py_starmap_static, "itertools.starmap", starmap_next, pred_new,
            "Return an iterator whose values are returned from the "
            "function evaluated with an argument tuple taken from the "
            "given sequence.");

/* --- compress ------------------------------------------------------------ */

static oh_object *
compress_new(py_type *type, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    static const char *const kw[] = {"data", "selectors", NULL};
    static const py_argspec spec = {"compress", kw, 2, 2, 0};
    oh_object *a[2];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    oh_object *sel = py_iter(a[1]);
    if (sel == NULL)
        return NULL;
    oh_object *o = funcit_make(type, a[0], NULL);
    if (o == NULL) {
        oh_decref(sel);
        return NULL;
    }
    FI(o)->a = sel;
    return o;
}

static oh_object *
compress_next(oh_object *o)
{
    funcit *f = FI(o);
    for (;;) {
        if (f->a == NULL)
            return NULL;
        oh_object *x = source_next(f);
        if (x == NULL)
            return NULL;
        oh_object *s = py_iter_next(f->a);
        if (s == NULL) {
            oh_decref(x);
            if (!py_err_occurred())
                OH_CLEAR(f->a);
            return NULL;
        }
        int t = py_is_true(s);
        oh_decref(s);
        if (t > 0)
            return x;
        oh_decref(x);
        if (t < 0)
            return NULL;
    }
}

FUNCIT_TYPE(py_compress_static, "itertools.compress", compress_next,
            compress_new, "Return data elements corresponding to true "
            "selector elements.");

/* --- pairwise ------------------------------------------------------------ */

static oh_object *
pairwise_new(py_type *type, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_no_kwargs("pairwise", kwnames) < 0
        || py_check_args("pairwise", nargs, NULL, 1, 1) < 0)
        return NULL;
    return funcit_make(type, args[0], NULL);
}

static oh_object *
pairwise_next(oh_object *o)
{
    funcit *f = FI(o);
    if (f->a == NULL) {
        f->a = source_next(f);
        if (f->a == NULL)
            return NULL;
    }
    oh_object *n = source_next(f);
    if (n == NULL) {
        OH_CLEAR(f->a);
        return NULL;
    }
    oh_object *r = oh_tuple_pack(2, f->a, n);
    oh_decref(f->a);
    f->a = n;
    return r;
}

FUNCIT_TYPE(py_pairwise_static, "itertools.pairwise", pairwise_next,
            pairwise_new, "Return an iterator of overlapping pairs taken "
            "from the input iterator.");

/* ==========================================================================
 * chain
 * ========================================================================== */

typedef struct chainobject {
    OH_OBJECT_HEAD;
    oh_object *source;                  /* iterator of iterables */
    oh_object *active;                  /* current iterator */
} chainobject;

#define CHAIN(o) ((chainobject *)(void *)(o))

static py_static_type py_chain_static;

static oh_object *
chain_make(py_type *type, oh_object *source)
{
    oh_object *o = py_alloc_instance(type, 0);
    if (o == NULL) {
        oh_decref(source);
        return NULL;
    }
    CHAIN(o)->source = source;
    return o;
}

static oh_object *
chain_new(py_type *type, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_no_kwargs("chain", kwnames) < 0)
        return NULL;
    oh_object *t = oh_tuple_from_array(args, nargs);
    if (t == NULL)
        return NULL;
    oh_object *src = py_iter(t);
    oh_decref(t);
    return src ? chain_make(type, src) : NULL;
}

static oh_object *
chain_m_from_iterable(oh_object *cls, oh_object *const *args, size_t nargs,
                      oh_object *kwnames)
{
    if (py_check_args("from_iterable", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *src = py_iter(args[0]);
    return src ? chain_make((py_type *)(void *)cls, src) : NULL;
}

static int
chain_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(CHAIN(o)->source);
    OH_VISIT(CHAIN(o)->active);
    return 0;
}

static void
chain_clear(oh_object *o)
{
    OH_CLEAR(CHAIN(o)->source);
    OH_CLEAR(CHAIN(o)->active);
}

static oh_object *
chain_next(oh_object *o)
{
    chainobject *c = CHAIN(o);
    while (c->source != NULL) {
        if (c->active == NULL) {
            oh_object *iterable = py_iter_next(c->source);
            if (iterable == NULL) {
                if (!py_err_occurred())
                    OH_CLEAR(c->source);
                return NULL;
            }
            c->active = py_iter(iterable);
            oh_decref(iterable);
            if (c->active == NULL)
                return NULL;
        }
        oh_object *x = py_iter_next(c->active);
        if (x != NULL || py_err_occurred())
            return x;
        OH_CLEAR(c->active);
    }
    return NULL;
}

static const py_method_def chain_methods[] = {
    {"from_iterable", chain_m_from_iterable, PY_METH_CLASS,
     "Alternative chain() constructor taking a single iterable argument "
     "that evaluates lazily."},
    {"__class_getitem__", py_class_getitem, PY_METH_CLASS,
     "See PEP 585"},
    {NULL, NULL, 0, NULL}
};

static py_static_type py_chain_static = {.t = {
    PY_TYPE_INIT("itertools.chain", chainobject, OH_TYPE_CONTAINER),
    .ot.traverse = chain_traverse,
    .ot.clear = chain_clear,
    .methods = chain_methods,
    .doc = "chain(*iterables) --> chain object",
    .tp_new = chain_new,
    .tp_iter = iter_self,
    .tp_iternext = chain_next,
}};

/* ==========================================================================
 * groupby and _grouper
 * ========================================================================== */

typedef struct groupbyobject {
    OH_OBJECT_HEAD;
    oh_object *it;
    oh_object *keyfunc;                 /* or NULL */
    oh_object *tgtkey;                  /* IX2 */
    oh_object *currkey;
    oh_object *currvalue;
    const oh_object *currgrouper;       /* borrowed, identity only */
} groupbyobject;

typedef struct grouperobject {
    OH_OBJECT_HEAD;
    oh_object *parent;                  /* groupbyobject */
    oh_object *tgtkey;
} grouperobject;

#define GB(o) ((groupbyobject *)(void *)(o))
#define GR(o) ((grouperobject *)(void *)(o))

static py_static_type py_grouper_static;

static oh_object *
groupby_new(py_type *type, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    static const char *const kw[] = {"iterable", "key", NULL};
    static const py_argspec spec = {"groupby", kw, 1, 2, 0};
    oh_object *a[2];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    oh_object *it = py_iter(a[0]);
    if (it == NULL)
        return NULL;
    oh_object *o = py_alloc_instance(type, 0);
    if (o == NULL) {
        oh_decref(it);
        return NULL;
    }
    GB(o)->it = it;
    if (a[1] != NULL && a[1] != OH_NONE) {
        oh_incref(a[1]);
        GB(o)->keyfunc = a[1];
    }
    return o;
}

static int
groupby_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(GB(o)->it);
    OH_VISIT(GB(o)->keyfunc);
    OH_VISIT(GB(o)->tgtkey);
    OH_VISIT(GB(o)->currkey);
    OH_VISIT(GB(o)->currvalue);
    return 0;
}

static void
groupby_clear(oh_object *o)
{
    OH_CLEAR(GB(o)->it);
    OH_CLEAR(GB(o)->keyfunc);
    OH_CLEAR(GB(o)->tgtkey);
    OH_CLEAR(GB(o)->currkey);
    OH_CLEAR(GB(o)->currvalue);
}

/* Read the next item and its key into currvalue/currkey.  0, or -1 at the
 * end (no exception) or on error. */
static int
groupby_step(groupbyobject *g)
{
    if (g->it == NULL)
        return -1;
    oh_object *v = py_iter_next(g->it);
    if (v == NULL)
        return -1;
    oh_object *k;
    if (g->keyfunc == NULL) {
        oh_incref(v);
        k = v;
    }
    else if ((k = py_call1(g->keyfunc, v)) == NULL) {
        oh_decref(v);
        return -1;
    }
    oh_xdecref(g->currvalue);
    g->currvalue = v;
    oh_xdecref(g->currkey);
    g->currkey = k;
    return 0;
}

static oh_object *
groupby_next(oh_object *o)
{
    groupbyobject *g = GB(o);
    g->currgrouper = NULL;
    /* Skip what is left of the current group. */
    for (;;) {
        if (g->currkey != NULL) {
            if (g->tgtkey == NULL)
                break;
            int eq = py_compare_bool(g->tgtkey, g->currkey, PY_CMP_EQ);
            if (eq < 0)
                return NULL;
            if (eq == 0)
                break;
        }
        if (groupby_step(g) < 0)
            return NULL;
    }
    oh_incref(g->currkey);
    oh_xdecref(g->tgtkey);
    g->tgtkey = g->currkey;
    oh_object *gr = py_alloc_instance(&py_grouper_static.t, 0);
    if (gr == NULL)
        return NULL;
    oh_incref(o);
    GR(gr)->parent = o;
    oh_incref(g->tgtkey);
    GR(gr)->tgtkey = g->tgtkey;
    g->currgrouper = gr;                                /* IX2 */
    oh_object *r = oh_tuple_pack(2, g->currkey, gr);
    oh_decref(gr);
    return r;
}

static py_static_type py_groupby_static = {.t = {
    PY_TYPE_INIT("itertools.groupby", groupbyobject, OH_TYPE_CONTAINER),
    .ot.traverse = groupby_traverse,
    .ot.clear = groupby_clear,
    .doc = "make an iterator that returns consecutive keys and groups "
           "from the iterable",
    .tp_new = groupby_new,
    .tp_iter = iter_self,
    .tp_iternext = groupby_next,
}};

static int
grouper_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(GR(o)->parent);
    OH_VISIT(GR(o)->tgtkey);
    return 0;
}

static void
grouper_clear(oh_object *o)
{
    OH_CLEAR(GR(o)->parent);
    OH_CLEAR(GR(o)->tgtkey);
}

static oh_object *
grouper_next(oh_object *o)
{
    groupbyobject *g = GB(GR(o)->parent);
    if (g->currgrouper != o)
        return NULL;
    if (g->currvalue == NULL && groupby_step(g) < 0)
        return NULL;
    int eq = py_compare_bool(GR(o)->tgtkey, g->currkey, PY_CMP_EQ);
    if (eq <= 0)
        return NULL;
    oh_object *r = g->currvalue;
    g->currvalue = NULL;
    OH_CLEAR(g->currkey);
    return r;
}

static py_static_type py_grouper_static = {.t = {
    PY_TYPE_INIT("itertools._grouper", grouperobject, OH_TYPE_CONTAINER),
    .ot.traverse = grouper_traverse,
    .ot.clear = grouper_clear,
    .tp_iter = iter_self,
    .tp_iternext = grouper_next,
}};

/* ==========================================================================
 * islice
 * ========================================================================== */

typedef struct isliceobject {
    OH_OBJECT_HEAD;
    oh_object *it;                      /* NULL once done */
    int64_t next;                       /* index of the next item to give */
    int64_t stop;                       /* -1: no stop */
    int64_t step;
    int64_t cnt;                        /* items read */
} isliceobject;

#define ISL(o) ((isliceobject *)(void *)(o))

/* An islice index: None (-1 when none_ok) or 0 <= int <= sys.maxsize.
 * 0, or -1 with ValueError `msg`. */
static int
islice_index(oh_object *o, int64_t dflt, int64_t *out, const char *msg)
{
    if (o == NULL || o == OH_NONE) {
        *out = dflt;
        return 0;
    }
    oh_object *i = PY_TYPE(o)->nb_index != NULL || OHI_ANYINT_CHECK(o)
                   ? py_index(o) : NULL;
    if (i == NULL) {
        py_err_clear();
        py_err_set_string(PY_EXC(ValueError), msg);
        return -1;
    }
    int64_t v;
    int r = oh_int_as_i64(i, &v);
    int s = 0;
    oh_int_sign(i, &s);
    oh_decref(i);
    if (r < 0) {
        py_err_clear();
        if (s > 0) {
            *out = INT64_MAX;
            return 0;
        }
        v = -1;
    }
    if (v < 0) {
        py_err_set_string(PY_EXC(ValueError), msg);
        return -1;
    }
    *out = v;
    return 0;
}

static oh_object *
islice_new(py_type *type, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_no_kwargs("islice", kwnames) < 0)
        return NULL;
    if (nargs < 2 || nargs > 4)
        return py_err_format(PY_EXC(TypeError), "islice expected at %s %d "
                             "arguments, got %zu",
                             nargs < 2 ? "least" : "most", nargs < 2 ? 2 : 4,
                             nargs);
    int64_t start = 0, stop = -1, step = 1;
    if (nargs == 2) {
        if (islice_index(args[1], -1, &stop, "Stop argument for islice() "
                         "must be None or an integer: 0 <= x <= "
                         "sys.maxsize.") < 0)
            return NULL;
    }
    else {
        const char *msg = "Indices for islice() must be None or an integer: "
                          "0 <= x <= sys.maxsize.";
        if (islice_index(args[1], 0, &start, msg) < 0
            || islice_index(args[2], -1, &stop, msg) < 0)
            return NULL;
        if (nargs == 4) {
            int64_t s = -1;
            if (args[3] != OH_NONE
                && (islice_index(args[3], 1, &s, "Step for islice() must "
                                 "be a positive integer or None.") < 0
                    || s == 0)) {
                py_err_clear();
                return py_err_set_string(PY_EXC(ValueError), "Step for "
                                         "islice() must be a positive "
                                         "integer or None.");
            }
            if (s > 0)
                step = s;
        }
    }
    oh_object *it = py_iter(args[0]);
    if (it == NULL)
        return NULL;
    oh_object *o = py_alloc_instance(type, 0);
    if (o == NULL) {
        oh_decref(it);
        return NULL;
    }
    isliceobject *s = ISL(o);
    s->it = it;
    s->next = start;
    s->stop = stop;
    s->step = step;
    return o;
}

static int
islice_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(ISL(o)->it);
    return 0;
}

static void
islice_clear(oh_object *o)
{
    OH_CLEAR(ISL(o)->it);
}

static oh_object *
islice_next(oh_object *o)
{
    isliceobject *s = ISL(o);
    if (s->it == NULL)
        return NULL;
    while (s->cnt < s->next) {
        oh_object *x = py_iter_next(s->it);
        if (x == NULL)
            goto empty;
        oh_decref(x);
        s->cnt++;
    }
    if (s->stop != -1 && s->cnt >= s->stop)
        goto empty;
    oh_object *x = py_iter_next(s->it);
    if (x == NULL)
        goto empty;
    s->cnt++;
    int64_t old = s->next;
    if (s->next > INT64_MAX - s->step)
        s->next = s->stop;
    else
        s->next += s->step;
    if (s->next < old || (s->stop != -1 && s->next > s->stop))
        s->next = s->stop;
    return x;
empty:
    OH_CLEAR(s->it);
    return NULL;
}

static py_static_type py_islice_static = {.t = {
    PY_TYPE_INIT("itertools.islice", isliceobject, OH_TYPE_CONTAINER),
    .ot.traverse = islice_traverse,
    .ot.clear = islice_clear,
    .doc = "islice(iterable, stop) --> islice object\nislice(iterable, "
           "start, stop[, step]) --> islice object",
    .tp_new = islice_new,
    .tp_iter = iter_self,
    .tp_iternext = islice_next,
}};

/* ==========================================================================
 * tee
 * ========================================================================== */

#define TEE_BLOCK 57

typedef struct teedata {
    OH_OBJECT_HEAD;
    oh_object *it;                      /* the shared source */
    int numread;                        /* IX1 */
    bool running;                       /* reading the source now */
    oh_object *nextlink;                /* IX1 */
    oh_object *values[TEE_BLOCK];
} teedata;

typedef struct teeobject {
    OH_OBJECT_HEAD;
    oh_object *dataobj;                 /* teedata */
    int index;                          /* position in dataobj */
    oh_object *weaklist;
} teeobject;

#define TD(o) ((teedata *)(void *)(o))
#define TEE(o) ((teeobject *)(void *)(o))

static py_static_type py_teedata_static, py_tee_static;

static oh_object *
teedata_new(oh_object *it)
{
    oh_object *o = py_alloc_instance(&py_teedata_static.t, 0);
    if (o == NULL)
        return NULL;
    oh_incref(it);
    TD(o)->it = it;
    return o;
}

static int
teedata_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(TD(o)->it);
    for (int i = 0; i < TD(o)->numread; i++)
        OH_VISIT(TD(o)->values[i]);
    OH_VISIT(TD(o)->nextlink);
    return 0;
}

static void
teedata_clear(oh_object *o)
{
    teedata *d = TD(o);
    OH_CLEAR(d->it);
    int n = d->numread;
    d->numread = 0;
    for (int i = 0; i < n; i++)
        OH_CLEAR(d->values[i]);
    OH_CLEAR(d->nextlink);
}

static void
teedata_dealloc(oh_object *o)
{
    if (!ohi_trashcan_begin(o))
        return;
    teedata_clear(o);
    ohi_object_free(o);
    ohi_trashcan_end();
}

static py_static_type py_teedata_static = {.t = {
    PY_TYPE_INIT("itertools._tee_dataobject", teedata, OH_TYPE_CONTAINER),
    .ot.dealloc = teedata_dealloc,
    .ot.traverse = teedata_traverse,
    .ot.clear = teedata_clear,
}};

static oh_object *
tee_from_data(oh_object *data, int index)
{
    oh_object *o = py_alloc_instance(&py_tee_static.t, 0);
    if (o == NULL)
        return NULL;
    oh_incref(data);
    TEE(o)->dataobj = data;
    TEE(o)->index = index;
    return o;
}

static oh_object *
tee_from_iterable(oh_object *iterable)
{
    oh_object *it = py_iter(iterable);
    if (it == NULL)
        return NULL;
    if (it->type == &py_tee_static.t.ot)
        return it;
    oh_object *d = teedata_new(it);
    oh_decref(it);
    if (d == NULL)
        return NULL;
    oh_object *t = tee_from_data(d, 0);
    oh_decref(d);
    return t;
}

static oh_object *
tee_new(py_type *type, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    if (py_no_kwargs("_tee", kwnames) < 0
        || py_check_args("_tee", nargs, NULL, 1, 1) < 0)
        return NULL;
    return tee_from_iterable(args[0]);
}

static int
tee_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(TEE(o)->dataobj);
    return 0;
}

static void
tee_clear(oh_object *o)
{
    OH_CLEAR(TEE(o)->dataobj);
}

static void
tee_dealloc(oh_object *o)
{
    if (TEE(o)->weaklist != NULL)
        oh_weakref_clear_all(o);
    OH_CLEAR(TEE(o)->dataobj);
    ohi_object_free(o);
}

static oh_object *
tee_next(oh_object *o)
{
    teeobject *t = TEE(o);
    if (t->index >= TEE_BLOCK) {
        teedata *d = TD(t->dataobj);
        OH_ASSERT(d->numread == TEE_BLOCK);             /* IX1 */
        if (d->nextlink == NULL) {
            d->nextlink = teedata_new(d->it);
            if (d->nextlink == NULL)
                return NULL;
        }
        oh_object *next = d->nextlink;
        oh_incref(next);
        oh_decref(t->dataobj);
        t->dataobj = next;
        t->index = 0;
    }
    teedata *d = TD(t->dataobj);
    oh_object *v;
    if (t->index < d->numread)
        v = d->values[t->index];
    else {
        /* This iterator is the first to get here: read the source. */
        if (d->running) {
            py_err_set_string(PY_EXC(RuntimeError), "cannot re-enter the "
                              "tee iterator");
            return NULL;
        }
        if (d->it == NULL)
            return NULL;
        d->running = true;
        v = py_iter_next(d->it);
        d->running = false;
        if (v == NULL)
            return NULL;
        OH_ASSERT(d->numread < TEE_BLOCK);              /* IX1 */
        d->values[d->numread++] = v;
    }
    t->index++;
    oh_incref(v);
    return v;
}

static oh_object *
tee_m_copy(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_check_args("__copy__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return tee_from_data(TEE(self)->dataobj, TEE(self)->index);
}

static const py_method_def tee_methods[] = {
    {"__copy__", tee_m_copy, 0, "Returns an independent iterator."},
    {NULL, NULL, 0, NULL}
};

static py_static_type py_tee_static = {.t = {
    PY_TYPE_INIT("itertools._tee", teeobject,
                 OH_TYPE_CONTAINER | OH_TYPE_WEAKREFABLE),
    .ot.weaklistoffset = offsetof(teeobject, weaklist),
    .ot.dealloc = tee_dealloc,
    .ot.traverse = tee_traverse,
    .ot.clear = tee_clear,
    .weaklistoffset = offsetof(teeobject, weaklist),
    .methods = tee_methods,
    .doc = "Iterator wrapped to make it copyable.",
    .tp_new = tee_new,
    .tp_iter = iter_self,
    .tp_iternext = tee_next,
}};

/* tee(iterable, n=2): a tuple of n independent iterators. */
static oh_object *
itertools_tee(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_no_kwargs("tee", kwnames) < 0
        || py_check_args("tee", nargs, NULL, 1, 2) < 0)
        return NULL;
    int64_t n = 2;
    if (nargs == 2 && py_index_i64(args[1], &n) < 0)
        return NULL;
    if (n < 0)
        return py_err_set_string(PY_EXC(ValueError), "n must be >= 0");
    oh_object *result = ohi_tuple_alloc((size_t)n);
    if (result == NULL)
        return NULL;
    if (n == 0)
        return result;
    oh_object *it = py_iter(args[0]);
    if (it == NULL)
        goto fail;
    /* An iterator with __copy__ is copied as it is (a tee is). */
    oh_object *copy = NULL;
    if (py_lookup_attr(it, PY_ID(__copy__), &copy) < 0) {
        oh_decref(it);
        goto fail;
    }
    oh_object *first;
    if (copy != NULL) {
        oh_decref(copy);
        first = it;
    }
    else {
        first = tee_from_iterable(it);
        oh_decref(it);
        if (first == NULL)
            goto fail;
    }
    OHI_TUPLE(result)->items[0] = first;
    for (int64_t i = 1; i < n; i++) {
        oh_object *c = py_call_method(first, PY_ID(__copy__), NULL, 0);
        if (c == NULL) {
            for (int64_t j = i; j < n; j++)
                OHI_TUPLE(result)->items[j] = oh_int_from_i64(0);
            goto fail;
        }
        OHI_TUPLE(result)->items[i] = c;
    }
    return result;
fail:
    for (int64_t j = 0; j < n; j++)
        if (OHI_TUPLE(result)->items[j] == NULL)
            OHI_TUPLE(result)->items[j] = oh_int_from_i64(0);
    oh_decref(result);
    return NULL;
}

/* ==========================================================================
 * zip_longest
 * ========================================================================== */

typedef struct ziplongobject {
    OH_OBJECT_HEAD;
    oh_object *iters;                   /* tuple; an exhausted one becomes
                                           None */
    int64_t numactive;
    oh_object *fillvalue;
} ziplongobject;

#define ZL(o) ((ziplongobject *)(void *)(o))

static oh_object *
ziplong_new(py_type *type, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    oh_object *fill = OH_NONE;
    size_t nkw = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    for (size_t i = 0; i < nkw; i++) {
        oh_object *k = OHI_TUPLE(kwnames)->items[i];
        if (!oh_str_equal_cstr(k, "fillvalue"))
            return py_err_format(PY_EXC(TypeError), "zip_longest() got an "
                                 "unexpected keyword argument '%U'", k);
        fill = args[nargs + i];
    }
    oh_object *iters = ohi_tuple_alloc(nargs);
    if (iters == NULL)
        return NULL;
    for (size_t i = 0; i < nargs; i++) {
        oh_object *it = py_iter(args[i]);
        if (it == NULL) {
            for (size_t j = i; j < nargs; j++) {
                oh_incref(OH_NONE);
                OHI_TUPLE(iters)->items[j] = OH_NONE;
            }
            oh_decref(iters);
            return NULL;
        }
        OHI_TUPLE(iters)->items[i] = it;
    }
    oh_object *o = py_alloc_instance(type, 0);
    if (o == NULL) {
        oh_decref(iters);
        return NULL;
    }
    ZL(o)->iters = iters;
    ZL(o)->numactive = (int64_t)nargs;
    oh_incref(fill);
    ZL(o)->fillvalue = fill;
    return o;
}

static int
ziplong_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(ZL(o)->iters);
    OH_VISIT(ZL(o)->fillvalue);
    return 0;
}

static void
ziplong_clear(oh_object *o)
{
    OH_CLEAR(ZL(o)->iters);
    OH_CLEAR(ZL(o)->fillvalue);
}

static oh_object *
ziplong_next(oh_object *o)
{
    ziplongobject *z = ZL(o);
    if (z->iters == NULL)
        return NULL;
    int64_t n = OHI_TUPLE_SIZE(z->iters);
    if (n == 0 || z->numactive == 0)
        return NULL;
    oh_object *r = ohi_tuple_alloc((size_t)n);
    if (r == NULL)
        return NULL;
    oh_object **its = OHI_TUPLE(z->iters)->items;
    for (int64_t i = 0; i < n; i++) {
        oh_object *item;
        if (its[i] == OH_NONE) {
            oh_incref(z->fillvalue);
            item = z->fillvalue;
        }
        else {
            item = py_iter_next(its[i]);
            if (item == NULL) {
                if (py_err_occurred() || --z->numactive == 0) {
                    for (int64_t j = i; j < n; j++) {
                        oh_incref(OH_NONE);
                        OHI_TUPLE(r)->items[j] = OH_NONE;
                    }
                    oh_decref(r);
                    if (z->numactive == 0)
                        OH_CLEAR(z->iters);
                    return NULL;
                }
                oh_object *old = its[i];
                oh_incref(OH_NONE);
                its[i] = OH_NONE;
                oh_decref(old);
                oh_incref(z->fillvalue);
                item = z->fillvalue;
            }
        }
        OHI_TUPLE(r)->items[i] = item;
    }
    return r;
}

static py_static_type py_ziplong_static = {.t = {
    PY_TYPE_INIT("itertools.zip_longest", ziplongobject, OH_TYPE_CONTAINER),
    .ot.traverse = ziplong_traverse,
    .ot.clear = ziplong_clear,
    .doc = "zip_longest(iter1 [,iter2 [...]], [fillvalue=None]) --> "
           "zip_longest object",
    .tp_new = ziplong_new,
    .tp_iter = iter_self,
    .tp_iternext = ziplong_next,
}};

/* ==========================================================================
 * The combinatoric iterators
 * ========================================================================== */

/* One layout for all four (IX3). */
typedef struct combobject {
    OH_OBJECT_HEAD;
    oh_object *pool;                    /* tuple (product: of tuples) */
    int64_t *indices;                   /* oh_malloc'd */
    int64_t *cycles;                    /* permutations only */
    int64_t n;                          /* pool size (product: pools) */
    int64_t r;                          /* tuple size */
    bool started;
    bool stopped;
} combobject;

#define CB(o) ((combobject *)(void *)(o))

static int
comb_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(CB(o)->pool);
    return 0;
}

static void
comb_clear(oh_object *o)
{
    OH_CLEAR(CB(o)->pool);
}

static void
comb_dealloc(oh_object *o)
{
    OH_CLEAR(CB(o)->pool);
    oh_free(CB(o)->indices);
    oh_free(CB(o)->cycles);
    ohi_object_free(o);
}

/* A combobject over tuple(iterable) with r, indices (and cycles)
 * allocated for `nidx` entries. */
static oh_object *
comb_make(py_type *type, oh_object *pool, int64_t r, int64_t nidx,
          bool cycles)
{
    oh_object *o = py_alloc_instance(type, 0);
    if (o == NULL) {
        oh_decref(pool);
        return NULL;
    }
    combobject *c = CB(o);
    c->pool = pool;
    c->n = OHI_TUPLE_SIZE(pool);
    c->r = r;
    c->indices = oh_malloc((size_t)(nidx ? nidx : 1) * sizeof(int64_t));
    if (cycles)
        c->cycles = oh_malloc((size_t)(r ? r : 1) * sizeof(int64_t));
    if (c->indices == NULL || (cycles && c->cycles == NULL)) {
        oh_decref(o);
        return py_err_no_memory();
    }
    return o;
}

/* The r argument: required, or None/absent meaning `dflt`. */
static int
r_arg(oh_object *o, int64_t dflt, int64_t *out)
{
    if (o == NULL || o == OH_NONE) {
        *out = dflt;
        return 0;
    }
    if (py_index_i64(o, out) < 0)
        return -1;
    if (*out < 0) {
        py_err_set_string(PY_EXC(ValueError), "r must be non-negative");
        return -1;
    }
    return 0;
}

/* --- combinations -------------------------------------------------------- */

static oh_object *
combinations_new(py_type *type, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    static const char *const kw[] = {"iterable", "r", NULL};
    static const py_argspec spec = {"combinations", kw, 2, 2, 0};
    oh_object *a[2];
    int64_t r;
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0
        || r_arg(a[1], 0, &r) < 0)
        return NULL;
    oh_object *pool = py_sequence_tuple(a[0]);
    if (pool == NULL)
        return NULL;
    oh_object *o = comb_make(type, pool, r, r, false);
    if (o == NULL)
        return NULL;
    for (int64_t i = 0; i < r; i++)
        CB(o)->indices[i] = i;
    CB(o)->stopped = r > CB(o)->n;
    return o;
}

static oh_object *
combinations_next(oh_object *o)
{
    combobject *c = CB(o);
    if (c->stopped)
        return NULL;
    int64_t n = c->n, r = c->r, *idx = c->indices;
    if (c->started) {
        /* The rightmost index that can still move right. */
        int64_t i = r - 1;
        while (i >= 0 && idx[i] == i + n - r)
            i--;
        if (i < 0) {
            c->stopped = true;
            return NULL;
        }
        idx[i]++;
        for (int64_t j = i + 1; j < r; j++)
            idx[j] = idx[j - 1] + 1;
    }
    c->started = true;
    return tuple_from_indices(c->pool, idx, r);
}

/* --- combinations_with_replacement --------------------------------------- */

static oh_object *
cwr_new(py_type *type, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    static const char *const kw[] = {"iterable", "r", NULL};
    static const py_argspec spec = {"combinations_with_replacement", kw, 2,
                                    2, 0};
    oh_object *a[2];
    int64_t r;
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0
        || r_arg(a[1], 0, &r) < 0)
        return NULL;
    oh_object *pool = py_sequence_tuple(a[0]);
    if (pool == NULL)
        return NULL;
    oh_object *o = comb_make(type, pool, r, r, false);
    if (o == NULL)
        return NULL;
    for (int64_t i = 0; i < r; i++)
        CB(o)->indices[i] = 0;
    CB(o)->stopped = CB(o)->n == 0 && r > 0;
    return o;
}

static oh_object *
cwr_next(oh_object *o)
{
    combobject *c = CB(o);
    if (c->stopped)
        return NULL;
    int64_t n = c->n, r = c->r, *idx = c->indices;
    if (c->started) {
        int64_t i = r - 1;
        while (i >= 0 && idx[i] == n - 1)
            i--;
        if (i < 0) {
            c->stopped = true;
            return NULL;
        }
        int64_t v = idx[i] + 1;
        for (int64_t j = i; j < r; j++)
            idx[j] = v;
    }
    c->started = true;
    return tuple_from_indices(c->pool, idx, r);
}

/* --- permutations -------------------------------------------------------- */

static oh_object *
permutations_new(py_type *type, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    static const char *const kw[] = {"iterable", "r", NULL};
    static const py_argspec spec = {"permutations", kw, 1, 2, 0};
    oh_object *a[2];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    oh_object *pool = py_sequence_tuple(a[0]);
    if (pool == NULL)
        return NULL;
    int64_t r;
    if (r_arg(a[1], OHI_TUPLE_SIZE(pool), &r) < 0) {
        oh_decref(pool);
        return NULL;
    }
    int64_t n = OHI_TUPLE_SIZE(pool);
    oh_object *o = comb_make(type, pool, r, n, true);
    if (o == NULL)
        return NULL;
    for (int64_t i = 0; i < n; i++)
        CB(o)->indices[i] = i;
    for (int64_t i = 0; i < r && i < n; i++)
        CB(o)->cycles[i] = n - i;
    CB(o)->stopped = r > n;
    return o;
}

static oh_object *
permutations_next(oh_object *o)
{
    combobject *c = CB(o);
    if (c->stopped)
        return NULL;
    int64_t n = c->n, r = c->r, *idx = c->indices, *cyc = c->cycles;
    if (c->started) {
        if (n == 0)
            goto stop;
        int64_t i = r - 1;
        for (; i >= 0; i--) {
            if (--cyc[i] == 0) {
                /* Rotate idx[i:] left by one. */
                int64_t first = idx[i];
                memmove(&idx[i], &idx[i + 1],
                        (size_t)(n - i - 1) * sizeof *idx);
                idx[n - 1] = first;
                cyc[i] = n - i;
            }
            else {
                int64_t j = cyc[i];
                int64_t t = idx[i];
                idx[i] = idx[n - j];
                idx[n - j] = t;
                break;
            }
        }
        if (i < 0)
            goto stop;
    }
    c->started = true;
    return tuple_from_indices(c->pool, idx, r);
stop:
    c->stopped = true;
    return NULL;
}

/* --- product ------------------------------------------------------------- */

static oh_object *
product_new(py_type *type, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    int64_t repeat = 1;
    size_t nkw = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    for (size_t i = 0; i < nkw; i++) {
        oh_object *k = OHI_TUPLE(kwnames)->items[i];
        if (!oh_str_equal_cstr(k, "repeat"))
            return py_err_format(PY_EXC(TypeError), "product() got an "
                                 "unexpected keyword argument '%U'", k);
        if (py_index_i64(args[nargs + i], &repeat) < 0)
            return NULL;
        if (repeat < 0)
            return py_err_set_string(PY_EXC(ValueError), "repeat argument "
                                     "cannot be negative");
    }
    int64_t npools = (int64_t)nargs * repeat;
    if (nargs != 0 && npools / (int64_t)nargs != repeat)
        return py_err_set_string(PY_EXC(OverflowError), "repeat argument "
                                 "too large");
    oh_object *pools = ohi_tuple_alloc((size_t)npools);
    if (pools == NULL)
        return NULL;
    for (size_t i = 0; i < nargs; i++) {
        oh_object *p = py_sequence_tuple(args[i]);
        if (p == NULL) {
            for (int64_t j = (int64_t)i; j < npools; j++)
                OHI_TUPLE(pools)->items[j] = oh_int_from_i64(0);
            oh_decref(pools);
            return NULL;
        }
        OHI_TUPLE(pools)->items[i] = p;
    }
    for (int64_t i = (int64_t)nargs; i < npools; i++) {
        oh_object *p = OHI_TUPLE(pools)->items[i - (int64_t)nargs];
        oh_incref(p);
        OHI_TUPLE(pools)->items[i] = p;
    }
    oh_object *o = comb_make(type, pools, npools, npools, false);
    if (o == NULL)
        return NULL;
    for (int64_t i = 0; i < npools; i++) {
        CB(o)->indices[i] = 0;
        if (OHI_TUPLE_SIZE(OHI_TUPLE(pools)->items[i]) == 0)
            CB(o)->stopped = true;
    }
    return o;
}

static oh_object *
product_next(oh_object *o)
{
    combobject *c = CB(o);
    if (c->stopped)
        return NULL;
    int64_t np = c->r, *idx = c->indices;
    oh_object **pools = OHI_TUPLE(c->pool)->items;
    if (c->started) {
        /* Odometer: advance the rightmost pool, carrying leftwards. */
        int64_t i = np - 1;
        for (; i >= 0; i--) {
            if (++idx[i] < OHI_TUPLE_SIZE(pools[i]))
                break;
            idx[i] = 0;
        }
        if (i < 0) {
            c->stopped = true;
            return NULL;
        }
    }
    c->started = true;
    oh_object *t = ohi_tuple_alloc((size_t)np);
    if (t == NULL)
        return NULL;
    for (int64_t i = 0; i < np; i++) {
        oh_object *x = OHI_TUPLE(pools[i])->items[idx[i]];
        oh_incref(x);
        OHI_TUPLE(t)->items[i] = x;
    }
    return t;
}

#define COMB_TYPE(var, name, newf, next, docstr)                            \
    static py_static_type var = {.t = {                                     \
        PY_TYPE_INIT(name, combobject, OH_TYPE_CONTAINER),                  \
        .ot.dealloc = comb_dealloc,                                         \
        .ot.traverse = comb_traverse,                                       \
        .ot.clear = comb_clear,                                             \
        .doc = docstr,                                                      \
        .tp_new = newf,                                                     \
        .tp_iter = iter_self,                                               \
        .tp_iternext = next,                                                \
    }}

COMB_TYPE(py_combinations_static, "itertools.combinations",
          combinations_new, combinations_next,
          "Return successive r-length combinations of elements in the "
          "iterable.");
COMB_TYPE(py_cwr_static, "itertools.combinations_with_replacement",
          cwr_new, cwr_next, "Return successive r-length combinations of "
          "elements in the iterable allowing individual elements to have "
          "successive repeats.");
COMB_TYPE(py_permutations_static, "itertools.permutations",
          permutations_new, permutations_next,
          "Return successive r-length permutations of elements in the "
          "iterable.");
COMB_TYPE(py_product_static, "itertools.product", product_new,
          product_next, "Cartesian product of input iterables.  "
          "Equivalent to nested for-loops.");

/* ==========================================================================
 * The module
 * ========================================================================== */

static const py_method_def itertools_methods[] = {
    {"tee", itertools_tee, 0, "Returns a tuple of n independent iterators."},
    {NULL, NULL, 0, NULL}
};

static int
itertools_exec(oh_object *m)
{
    static const struct {
        const char *name;
        py_static_type *type;
    } types[] = {
        {"count", &py_count_static},
        {"cycle", &py_cycle_static},
        {"repeat", &py_repeat_static},
        {"accumulate", &py_accumulate_static},
        {"chain", &py_chain_static},
        {"compress", &py_compress_static},
        {"dropwhile", &py_dropwhile_static},
        {"takewhile", &py_takewhile_static},
        {"filterfalse", &py_filterfalse_static},
        {"groupby", &py_groupby_static},
        {"_grouper", &py_grouper_static},
        {"islice", &py_islice_static},
        {"starmap", &py_starmap_static},
        {"_tee", &py_tee_static},
        {"_tee_dataobject", &py_teedata_static},
        {"zip_longest", &py_ziplong_static},
        {"pairwise", &py_pairwise_static},
        {"product", &py_product_static},
        {"permutations", &py_permutations_static},
        {"combinations", &py_combinations_static},
        {"combinations_with_replacement", &py_cwr_static},
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

const py_module_def py_module_itertools = {
    .name = "itertools",
    .doc = "Functional tools for creating and using iterators.",
    .methods = itertools_methods,
    .exec = itertools_exec,
};
