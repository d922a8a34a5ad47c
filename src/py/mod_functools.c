/*
 * mod_functools.c -- the _functools module: the parts of functools that
 * programs call in their inner loops.
 *
 * What this file owns
 * -------------------
 * py_module__functools, with the interface of CPython's _functools, on
 * which src/py/lib/functools.py builds the rest of functools:
 *
 *   reduce(function, iterable[, initial])
 *   partial(func, /, *args, **keywords)  a type: func, args and keywords
 *        attributes, an instance __dict__, weak references; a partial of
 *        a partial is flattened, as in CPython.
 *   cmp_to_key(mycmp)  KeyWrapper objects: callable with an object, whose
 *        results compare by mycmp.
 *   _lru_cache_wrapper(user_function, maxsize, typed, cache_info_type)
 *        the caching callable behind functools.lru_cache and cache.
 *
 * The LRU cache
 * -------------
 * The cache maps a key made from the call's arguments to a link; the
 * links form a circular doubly linked list through a sentinel, oldest
 * first, as CPython's lru_cache does:
 *
 *   root <-> oldest <-> ... <-> newest <-> root      cache: key -> link
 *
 * A hit moves its link to the newest end; a miss on a full cache drops
 * the oldest link.  With maxsize None the cache maps keys straight to
 * results (no order kept); with maxsize 0 nothing is stored.  The key is
 * the argument tuple, then a marker and the keyword items, then the
 * argument types when typed -- except for one positional int or str
 * argument, which is its own key (CPython's fast path, which also makes
 * f(1) and f(1.0) share an entry unless typed).
 *
 * Invariants
 * ----------
 * FT1. In a bounded cache, every link on the list is the value of its
 *      key in `cache`, and every value in `cache` is on the list; the
 *      list never holds more than maxsize links.
 * FT2. The user function runs with the cache consistent: a recursive call
 *      may add the same key, and the outer call then leaves the entry it
 *      finds.
 */
#include "py/py.h"

#include <string.h>

static oh_object *
none(void)
{
    oh_incref(OH_NONE);
    return OH_NONE;
}

/* ==========================================================================
 * reduce
 * ========================================================================== */

static oh_object *
functools_reduce(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_no_kwargs("reduce", kwnames) < 0)
        return NULL;
    if (nargs < 2 || nargs > 3)
        return py_err_format(PY_EXC(TypeError), "reduce expected at %s %d "
                             "arguments, got %zu",
                             nargs < 2 ? "least" : "most", nargs < 2 ? 2 : 3,
                             nargs);
    oh_object *func = args[0];
    oh_object *it = py_iter(args[1]);
    if (it == NULL) {
        if (py_err_matches(PY_EXC(TypeError))) {
            py_err_clear();
            py_err_set_string(PY_EXC(TypeError), "reduce() arg 2 must "
                              "support iteration");
        }
        return NULL;
    }
    oh_object *acc = NULL;
    if (nargs == 3) {
        oh_incref(args[2]);
        acc = args[2];
    }
    oh_object *x;
    while ((x = py_iter_next(it)) != NULL) {
        if (acc == NULL) {
            acc = x;
            continue;
        }
        oh_object *r = py_call2(func, acc, x);
        oh_decref(acc);
        oh_decref(x);
        acc = r;
        if (r == NULL)
            break;
    }
    oh_decref(it);
    if (py_err_occurred()) {
        oh_xdecref(acc);
        return NULL;
    }
    if (acc == NULL)
        py_err_set_string(PY_EXC(TypeError), "reduce() of empty iterable "
                          "with no initial value");
    return acc;
}

/* ==========================================================================
 * partial
 * ========================================================================== */

typedef struct py_partial {
    OH_OBJECT_HEAD;
    oh_object *fn;
    oh_object *args;                    /* tuple */
    oh_object *kw;                      /* dict */
    oh_object *dict;                    /* __dict__ or NULL */
    oh_object *weaklist;
} py_partial;

#define PARTIAL(o) ((py_partial *)(void *)(o))

static py_static_type py_partial_static;
#define PARTIAL_TYPE (&py_partial_static.t)

static oh_object *
partial_new(py_type *type, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (nargs < 1)
        return py_err_set_string(PY_EXC(TypeError), "type 'partial' takes "
                                 "at least one argument");
    oh_object *func = args[0];
    oh_object *pargs = NULL, *pkw = NULL;
    /* A partial of an exact partial (with no __dict__) is flattened. */
    if (func->type == &PARTIAL_TYPE->ot && PARTIAL(func)->dict == NULL) {
        pargs = PARTIAL(func)->args;
        pkw = PARTIAL(func)->kw;
        func = PARTIAL(func)->fn;
    }
    if (!py_callable(func))
        return py_err_set_string(PY_EXC(TypeError), "the first argument "
                                 "must be callable");
    oh_object *o = py_alloc_instance(type, 0);
    if (o == NULL)
        return NULL;
    py_partial *p = PARTIAL(o);
    oh_incref(func);
    p->fn = func;
    size_t npre = pargs ? (size_t)OHI_TUPLE_SIZE(pargs) : 0;
    p->args = ohi_tuple_alloc(npre + nargs - 1);
    if (p->args == NULL)
        goto fail;
    for (size_t i = 0; i < npre; i++) {
        oh_object *x = OHI_TUPLE(pargs)->items[i];
        oh_incref(x);
        OHI_TUPLE(p->args)->items[i] = x;
    }
    for (size_t i = 1; i < nargs; i++) {
        oh_incref(args[i]);
        OHI_TUPLE(p->args)->items[npre + i - 1] = args[i];
    }
    p->kw = oh_dict_new();
    if (p->kw == NULL)
        goto fail;
    if (pkw != NULL) {
        oh_dict_iter it;
        oh_object *k, *v;
        oh_dict_iter_init(&it, pkw);
        while (oh_dict_iter_next(&it, &k, &v) == 1)
            if (oh_dict_set(p->kw, k, v) < 0)
                goto fail;
    }
    size_t nkw = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    for (size_t i = 0; i < nkw; i++)
        if (oh_dict_set(p->kw, OHI_TUPLE(kwnames)->items[i],
                        args[nargs + i]) < 0)
            goto fail;
    return o;
fail:
    oh_decref(o);
    return NULL;
}

static int
partial_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(PARTIAL(o)->fn);
    OH_VISIT(PARTIAL(o)->args);
    OH_VISIT(PARTIAL(o)->kw);
    OH_VISIT(PARTIAL(o)->dict);
    return 0;
}

static void
partial_clear(oh_object *o)
{
    OH_CLEAR(PARTIAL(o)->fn);
    OH_CLEAR(PARTIAL(o)->args);
    OH_CLEAR(PARTIAL(o)->kw);
    OH_CLEAR(PARTIAL(o)->dict);
}

static void
partial_dealloc(oh_object *o)
{
    if (PARTIAL(o)->weaklist != NULL)
        oh_weakref_clear_all(o);
    partial_clear(o);
    ohi_object_free(o);
}

/* fn(*args, *call_args, **{**kw, **call_kwargs}) */
static oh_object *
partial_call(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    py_partial *p = PARTIAL(self);
    size_t npre = (size_t)OHI_TUPLE_SIZE(p->args);
    size_t nkw = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    int64_t nstored = oh_dict_size(p->kw);
    if (npre == 0 && nstored == 0)
        return py_call(p->fn, args, nargs, kwnames);
    oh_object *stack[16];
    oh_object **all = stack;
    oh_object *names = NULL, *merged = NULL, *r = NULL;
    size_t total_kw = nkw;
    if (nstored > 0) {
        /* Merge: the stored keywords, then the call's (which win). */
        merged = oh_dict_new();
        if (merged == NULL)
            return NULL;
        oh_dict_iter it;
        oh_object *k, *v;
        oh_dict_iter_init(&it, p->kw);
        while (oh_dict_iter_next(&it, &k, &v) == 1)
            if (oh_dict_set(merged, k, v) < 0)
                goto done;
        for (size_t i = 0; i < nkw; i++)
            if (oh_dict_set(merged, OHI_TUPLE(kwnames)->items[i],
                            args[nargs + i]) < 0)
                goto done;
        total_kw = (size_t)oh_dict_size(merged);
    }
    size_t n = npre + nargs + total_kw;
    if (n > 16 && (all = oh_malloc(n * sizeof *all)) == NULL) {
        py_err_no_memory();
        goto done;
    }
    memcpy(all, OHI_TUPLE(p->args)->items, npre * sizeof *all);
    if (nargs > 0)                      /* args may be NULL then */
        memcpy(all + npre, args, nargs * sizeof *all);
    if (merged != NULL) {
        names = ohi_tuple_alloc(total_kw);
        if (names == NULL)
            goto done;
        oh_dict_iter it;
        oh_object *k, *v;
        size_t i = 0;
        oh_dict_iter_init(&it, merged);
        while (oh_dict_iter_next(&it, &k, &v) == 1) {
            oh_incref(k);
            OHI_TUPLE(names)->items[i] = k;
            all[npre + nargs + i] = v;
            i++;
        }
    }
    else if (nkw > 0) {
        memcpy(all + npre + nargs, args + nargs, nkw * sizeof *all);
        oh_incref(kwnames);
        names = kwnames;
    }
    r = py_call(p->fn, all, npre + nargs, names);
done:
    if (all != stack)
        oh_free(all);
    oh_xdecref(names);
    oh_xdecref(merged);
    return r;
}

/* functools.partial(<function f at 0x...>, 1, a=2) */
static oh_object *
partial_repr(oh_object *self)
{
    py_partial *p = PARTIAL(self);
    py_type *t = PY_TYPE(self);
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    if (t == PARTIAL_TYPE)
        ohi_strbuf_adds(&b, "functools.partial(");
    else {
        oh_object *q = t->qualname;
        ohi_strbuf_adds(&b, q ? oh_str_utf8(q, NULL) : t->tp_name);
        ohi_strbuf_adds(&b, "(");
    }
    if (ohi_strbuf_add_repr(&b, p->fn) < 0)
        goto fail;
    for (int64_t i = 0; i < OHI_TUPLE_SIZE(p->args); i++) {
        ohi_strbuf_adds(&b, ", ");
        if (ohi_strbuf_add_repr(&b, OHI_TUPLE(p->args)->items[i]) < 0)
            goto fail;
    }
    oh_dict_iter it;
    oh_object *k, *v;
    oh_dict_iter_init(&it, p->kw);
    while (oh_dict_iter_next(&it, &k, &v) == 1) {
        oh_object *ks = py_str(k);
        if (ks == NULL)
            goto fail;
        ohi_strbuf_addf(&b, ", %s=", oh_str_utf8(ks, NULL));
        oh_decref(ks);
        if (ohi_strbuf_add_repr(&b, v) < 0)
            goto fail;
    }
    ohi_strbuf_adds(&b, ")");
    return ohi_strbuf_finish(&b);
fail:
    ohi_strbuf_discard(&b);
    return NULL;
}

static oh_object *
get_instance_dict(oh_object *self)
{
    oh_object *d = py_object_get_dict(self);
    oh_xincref(d);
    return d;
}

static int
set_instance_dict(oh_object *self, oh_object *value)
{
    if (value == NULL || !oh_dict_check(value)) {
        py_err_set_string(PY_EXC(TypeError), "__dict__ must be set to a "
                          "dictionary");
        return -1;
    }
    oh_object **slot = (oh_object **)(void *)((char *)self
                                              + PY_TYPE(self)->dictoffset);
    oh_incref(value);
    oh_xdecref(*slot);
    *slot = value;
    return 0;
}

static oh_object *
partial_m_reduce(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    py_partial *p = PARTIAL(self);
    oh_object *fa = oh_tuple_pack(1, p->fn);
    oh_object *d = p->dict ? p->dict : OH_NONE;
    oh_object *st = oh_tuple_pack(4, p->fn, p->args, p->kw, d);
    oh_object *r = (fa && st) ? oh_tuple_pack(3, &PY_TYPE(self)->ob_base,
                                              fa, st)
                              : NULL;
    oh_xdecref(fa);
    oh_xdecref(st);
    return r;
}

static oh_object *
partial_m_setstate(oh_object *self, oh_object *const *args, size_t nargs,
                   oh_object *kwnames)
{
    if (py_check_args("__setstate__", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *st = args[0];
    if (!oh_tuple_check(st) || OHI_TUPLE_SIZE(st) != 4)
        return py_err_set_string(PY_EXC(TypeError), "invalid partial "
                                 "state");
    oh_object **it = OHI_TUPLE(st)->items;
    if (!py_callable(it[0]) || !oh_tuple_check(it[1])
        || (it[2] != OH_NONE && !oh_dict_check(it[2])))
        return py_err_set_string(PY_EXC(TypeError), "invalid partial "
                                 "state");
    py_partial *p = PARTIAL(self);
    oh_incref(it[0]);
    OH_CLEAR(p->fn);
    p->fn = it[0];
    oh_object *a = py_sequence_tuple(it[1]);
    if (a == NULL)
        return NULL;
    OH_CLEAR(p->args);
    p->args = a;
    oh_object *kw = oh_dict_new();
    if (kw == NULL)
        return NULL;
    if (it[2] != OH_NONE) {
        oh_dict_iter di;
        oh_object *k, *v;
        oh_dict_iter_init(&di, it[2]);
        while (oh_dict_iter_next(&di, &k, &v) == 1)
            oh_dict_set(kw, k, v);
    }
    OH_CLEAR(p->kw);
    p->kw = kw;
    OH_CLEAR(p->dict);
    if (it[3] != OH_NONE) {
        oh_incref(it[3]);
        p->dict = it[3];
    }
    return none();
}

static const py_method_def partial_methods[] = {
    {"__reduce__", partial_m_reduce, 0, NULL},
    {"__setstate__", partial_m_setstate, 0, NULL},
    {"__class_getitem__", py_class_getitem, PY_METH_CLASS,
     "See PEP 585"},
    {NULL, NULL, 0, NULL}
};

static const py_member_def partial_members[] = {
    {"func", PY_MEMBER_OBJECT, offsetof(py_partial, fn), true},
    {"args", PY_MEMBER_OBJECT, offsetof(py_partial, args), true},
    {"keywords", PY_MEMBER_OBJECT, offsetof(py_partial, kw), true},
    {NULL, 0, 0, false}
};

static const py_getset_def partial_getsets[] = {
    {"__dict__", get_instance_dict, set_instance_dict, NULL},
    {NULL, NULL, NULL, NULL}
};

static py_static_type py_partial_static = {.t = {
    PY_TYPE_INIT("functools.partial", py_partial,
                 OH_TYPE_CONTAINER | OH_TYPE_WEAKREFABLE),
    .ot.weaklistoffset = offsetof(py_partial, weaklist),
    .ot.dealloc = partial_dealloc,
    .ot.traverse = partial_traverse,
    .ot.clear = partial_clear,
    .tpflags = PY_TPFLAGS_BASETYPE,
    .dictoffset = offsetof(py_partial, dict),
    .weaklistoffset = offsetof(py_partial, weaklist),
    .methods = partial_methods,
    .members = partial_members,
    .getsets = partial_getsets,
    .doc = "partial(func, *args, **keywords) - new function with partial "
           "application\n    of the given arguments and keywords.\n",
    .tp_new = partial_new,
    .tp_call = partial_call,
    .tp_repr = partial_repr,
}};

/* ==========================================================================
 * cmp_to_key
 * ========================================================================== */

typedef struct py_keywrapper {
    OH_OBJECT_HEAD;
    oh_object *cmp;
    oh_object *object;                  /* NULL for the key function */
} py_keywrapper;

#define KW(o) ((py_keywrapper *)(void *)(o))

static py_static_type py_keywrapper_static;
#define KEYWRAPPER_TYPE (&py_keywrapper_static.t)

static oh_object *
keywrapper_make(oh_object *cmp, oh_object *obj)
{
    oh_object *o = py_alloc_instance(KEYWRAPPER_TYPE, 0);
    if (o == NULL)
        return NULL;
    oh_incref(cmp);
    KW(o)->cmp = cmp;
    oh_xincref(obj);
    KW(o)->object = obj;
    return o;
}

static int
keywrapper_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(KW(o)->cmp);
    OH_VISIT(KW(o)->object);
    return 0;
}

static void
keywrapper_clear(oh_object *o)
{
    OH_CLEAR(KW(o)->cmp);
    OH_CLEAR(KW(o)->object);
}

static oh_object *
keywrapper_call(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    static const char *const kw[] = {"obj", NULL};
    static const py_argspec spec = {"K", kw, 1, 1, 0};
    oh_object *a[1];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    return keywrapper_make(KW(self)->cmp, a[0]);
}

static oh_object *
keywrapper_richcompare(oh_object *a, oh_object *b, int op)
{
    if (b->type != &KEYWRAPPER_TYPE->ot)
        return py_err_set_string(PY_EXC(TypeError), "other argument must "
                                 "be K instance");
    oh_object *x = KW(a)->object ? KW(a)->object : OH_NONE;
    oh_object *y = KW(b)->object ? KW(b)->object : OH_NONE;
    oh_object *r = py_call2(KW(a)->cmp, x, y);
    if (r == NULL)
        return NULL;
    oh_object *zero = oh_int_from_i64(0);
    oh_object *c = py_compare(r, zero, op);
    oh_decref(r);
    return c;
}

static oh_object *
keywrapper_get_obj(oh_object *self)
{
    if (KW(self)->object == NULL)
        return py_err_set_string(PY_EXC(AttributeError), "obj");
    oh_incref(KW(self)->object);
    return KW(self)->object;
}

static int
keywrapper_set_obj(oh_object *self, oh_object *value)
{
    oh_xincref(value);
    oh_object *old = KW(self)->object;
    KW(self)->object = value;
    oh_xdecref(old);
    return 0;
}

static const py_getset_def keywrapper_getsets[] = {
    {"obj", keywrapper_get_obj, keywrapper_set_obj,
     "Value wrapped by a key function."},
    {NULL, NULL, NULL, NULL}
};

static py_static_type py_keywrapper_static = {.t = {
    PY_TYPE_INIT("functools.KeyWrapper", py_keywrapper, OH_TYPE_CONTAINER),
    .ot.traverse = keywrapper_traverse,
    .ot.clear = keywrapper_clear,
    .getsets = keywrapper_getsets,
    .tp_call = keywrapper_call,
    .tp_richcompare = keywrapper_richcompare,
}};

static oh_object *
functools_cmp_to_key(oh_object *self, oh_object *const *args, size_t nargs,
                     oh_object *kwnames)
{
    static const char *const kw[] = {"mycmp", NULL};
    static const py_argspec spec = {"cmp_to_key", kw, 1, 1, 0};
    oh_object *a[1];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    return keywrapper_make(a[0], NULL);
}

/* ==========================================================================
 * _lru_cache_wrapper
 * ========================================================================== */

typedef struct lru_link {
    OH_OBJECT_HEAD;
    struct lru_link *prev, *next;       /* borrowed: the cache owns links */
    oh_object *key;
    oh_object *result;
} lru_link;

typedef struct py_lru {
    OH_OBJECT_HEAD;
    oh_object *func;
    oh_object *cache;                   /* dict: key -> link, or -> result
                                           when unbounded (FT1) */
    oh_object *cache_info_type;
    oh_object *kwd_mark;                /* the marker between args and
                                           keywords in a key */
    int64_t maxsize;                    /* -1: unbounded */
    bool typed;
    int64_t hits, misses;
    lru_link root;                      /* the list's sentinel (FT1) */
    oh_object *dict;
    oh_object *weaklist;
} py_lru;

#define LRU(o) ((py_lru *)(void *)(o))

static py_static_type py_lru_link_static, py_lru_static;

static int
link_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    lru_link *l = (lru_link *)(void *)o;
    OH_VISIT(l->key);
    OH_VISIT(l->result);
    return 0;
}

static void
link_clear(oh_object *o)
{
    lru_link *l = (lru_link *)(void *)o;
    OH_CLEAR(l->key);
    OH_CLEAR(l->result);
}

static py_static_type py_lru_link_static = {.t = {
    PY_TYPE_INIT("functools._lru_list_elem", lru_link, OH_TYPE_CONTAINER),
    .ot.traverse = link_traverse,
    .ot.clear = link_clear,
}};

static void
link_unlink(lru_link *l)
{
    l->prev->next = l->next;
    l->next->prev = l->prev;
}

/* Put l at the newest end. */
static void
link_append(py_lru *c, lru_link *l)
{
    lru_link *last = c->root.prev;
    l->prev = last;
    l->next = &c->root;
    last->next = l;
    c->root.prev = l;
}

/* The cache key of a call (see the banner).  New reference. */
static oh_object *
make_key(py_lru *c, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    size_t nkw = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    if (nkw == 0 && !c->typed && nargs == 1
        && (args[0]->type == &oh_int_type || args[0]->type == &oh_str_type
            || OHI_BIGINT_CHECK(args[0]))) {
        oh_incref(args[0]);
        return args[0];
    }
    size_t n = nargs + (nkw ? 1 + 2 * nkw : 0)
               + (c->typed ? nargs + nkw : 0);
    oh_object *key = ohi_tuple_alloc(n);
    if (key == NULL)
        return NULL;
    oh_object **k = OHI_TUPLE(key)->items;
    size_t j = 0;
    for (size_t i = 0; i < nargs; i++) {
        oh_incref(args[i]);
        k[j++] = args[i];
    }
    if (nkw) {
        oh_incref(c->kwd_mark);
        k[j++] = c->kwd_mark;
        for (size_t i = 0; i < nkw; i++) {
            oh_object *name = OHI_TUPLE(kwnames)->items[i];
            oh_incref(name);
            k[j++] = name;
            oh_incref(args[nargs + i]);
            k[j++] = args[nargs + i];
        }
    }
    if (c->typed) {
        for (size_t i = 0; i < nargs + nkw; i++) {
            oh_object *t = &PY_TYPE(args[i])->ob_base;
            oh_incref(t);
            k[j++] = t;
        }
    }
    return key;
}

static oh_object *
lru_call(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    py_lru *c = LRU(self);
    if (c->maxsize == 0) {
        c->misses++;
        return py_call(c->func, args, nargs, kwnames);
    }
    oh_object *key = make_key(c, args, nargs, kwnames);
    if (key == NULL)
        return NULL;
    oh_object *found;
    int r = oh_dict_lookup(c->cache, key, &found);
    if (r < 0) {
        oh_decref(key);
        return NULL;
    }
    if (r > 0) {
        c->hits++;
        oh_decref(key);
        if (c->maxsize < 0) {
            oh_incref(found);
            return found;
        }
        lru_link *l = (lru_link *)(void *)found;
        link_unlink(l);
        link_append(c, l);
        oh_incref(l->result);
        return l->result;
    }
    c->misses++;
    oh_object *result = py_call(c->func, args, nargs, kwnames);
    if (result == NULL) {
        oh_decref(key);
        return NULL;
    }
    /* FT2: a recursive call may have stored this key meanwhile. */
    r = oh_dict_contains(c->cache, key);
    if (r != 0) {
        oh_decref(key);
        if (r < 0) {
            oh_decref(result);
            return NULL;
        }
        return result;
    }
    if (c->maxsize < 0) {
        r = oh_dict_set(c->cache, key, result);
        oh_decref(key);
        if (r < 0) {
            oh_decref(result);
            return NULL;
        }
        return result;
    }
    if (oh_dict_size(c->cache) >= c->maxsize && c->root.next != &c->root) {
        /* Full: drop the oldest entry (FT1). */
        lru_link *old = c->root.next;
        link_unlink(old);
        oh_object *ok = old->key;
        oh_incref(ok);
        if (oh_dict_delete(c->cache, ok) < 0)
            py_err_clear();
        oh_decref(ok);
    }
    oh_object *lo = py_alloc_instance(&py_lru_link_static.t, 0);
    if (lo == NULL) {
        oh_decref(key);
        oh_decref(result);
        return NULL;
    }
    lru_link *l = (lru_link *)(void *)lo;
    l->key = key;
    oh_incref(result);
    l->result = result;
    r = oh_dict_set(c->cache, key, lo);
    oh_decref(lo);
    if (r < 0) {
        oh_decref(result);
        return NULL;
    }
    link_append(c, l);
    OH_ASSERT(oh_dict_size(c->cache) <= c->maxsize);    /* FT1 */
    return result;
}

/* Drop every entry: the list first, then the dict that owns the links. */
static void
lru_empty(py_lru *c)
{
    c->root.next = c->root.prev = &c->root;
    if (c->cache != NULL)
        oh_dict_clear(c->cache);
}

static oh_object *
lru_new(py_type *type, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    static const char *const kw[] = {"user_function", "maxsize", "typed",
                                     "cache_info_type", NULL};
    static const py_argspec spec = {"_lru_cache_wrapper", kw, 4, 4, 0};
    oh_object *a[4];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    if (!py_callable(a[0]))
        return py_err_set_string(PY_EXC(TypeError), "the first argument "
                                 "must be callable");
    int64_t maxsize = -1;
    if (a[1] != OH_NONE) {
        if (!OHI_ANYINT_CHECK(a[1]))
            return py_err_set_string(PY_EXC(TypeError), "maxsize should be "
                                     "integer or None");
        if (py_index_i64(a[1], &maxsize) < 0)
            return NULL;
        if (maxsize < 0)
            maxsize = 0;
    }
    int typed = py_is_true(a[2]);
    if (typed < 0)
        return NULL;
    oh_object *o = py_alloc_instance(type, 0);
    if (o == NULL)
        return NULL;
    py_lru *c = LRU(o);
    c->root.next = c->root.prev = &c->root;
    oh_incref(a[0]);
    c->func = a[0];
    oh_incref(a[3]);
    c->cache_info_type = a[3];
    c->maxsize = maxsize;
    c->typed = typed;
    c->cache = oh_dict_new();
    c->kwd_mark = py_alloc_instance(PY_T(object), 0);
    if (c->cache == NULL || c->kwd_mark == NULL) {
        oh_decref(o);
        return NULL;
    }
    return o;
}

static int
lru_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(LRU(o)->func);
    OH_VISIT(LRU(o)->cache);
    OH_VISIT(LRU(o)->cache_info_type);
    OH_VISIT(LRU(o)->kwd_mark);
    OH_VISIT(LRU(o)->dict);
    return 0;
}

static void
lru_clear(oh_object *o)
{
    lru_empty(LRU(o));
    OH_CLEAR(LRU(o)->func);
    OH_CLEAR(LRU(o)->cache);
    OH_CLEAR(LRU(o)->cache_info_type);
    OH_CLEAR(LRU(o)->kwd_mark);
    OH_CLEAR(LRU(o)->dict);
}

static void
lru_dealloc(oh_object *o)
{
    if (LRU(o)->weaklist != NULL)
        oh_weakref_clear_all(o);
    lru_clear(o);
    ohi_object_free(o);
}

/* Bind as a method when looked up on an instance. */
static oh_object *
lru_descr_get(oh_object *self, oh_object *obj, oh_object *type)
{
    if (obj == NULL || obj == OH_NONE) {
        oh_incref(self);
        return self;
    }
    return py_method_new(self, obj);
}

static oh_object *
lru_m_cache_info(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_check_args("cache_info", nargs, kwnames, 0, 0) < 0)
        return NULL;
    py_lru *c = LRU(self);
    oh_object *v[4];
    v[0] = oh_int_from_i64(c->hits);
    v[1] = oh_int_from_i64(c->misses);
    if (c->maxsize < 0) {
        oh_incref(OH_NONE);
        v[2] = OH_NONE;
    }
    else
        v[2] = oh_int_from_i64(c->maxsize);
    v[3] = oh_int_from_i64(c->maxsize == 0 ? 0 : oh_dict_size(c->cache));
    oh_object *r = NULL;
    if (v[0] && v[1] && v[2] && v[3])
        r = py_call(c->cache_info_type, v, 4, NULL);
    for (int i = 0; i < 4; i++)
        oh_xdecref(v[i]);
    return r;
}

static oh_object *
lru_m_cache_clear(oh_object *self, oh_object *const *args, size_t nargs,
                  oh_object *kwnames)
{
    if (py_check_args("cache_clear", nargs, kwnames, 0, 0) < 0)
        return NULL;
    py_lru *c = LRU(self);
    c->hits = c->misses = 0;
    lru_empty(c);
    return none();
}

static oh_object *
lru_m_copy(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    oh_incref(self);
    return self;
}

static oh_object *
lru_m_reduce(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    return py_getattr(self, PY_ID(__qualname__));
}

static const py_method_def lru_methods[] = {
    {"cache_info", lru_m_cache_info, 0, "Report cache statistics"},
    {"cache_clear", lru_m_cache_clear, 0, "Clear the cache and cache "
     "statistics"},
    {"__copy__", lru_m_copy, 0, NULL},
    {"__deepcopy__", lru_m_copy, 0, NULL},
    {"__reduce__", lru_m_reduce, 0, NULL},
    {NULL, NULL, 0, NULL}
};

static const py_getset_def lru_getsets[] = {
    {"__dict__", get_instance_dict, set_instance_dict, NULL},
    {NULL, NULL, NULL, NULL}
};

static py_static_type py_lru_static = {.t = {
    PY_TYPE_INIT("functools._lru_cache_wrapper", py_lru,
                 OH_TYPE_CONTAINER | OH_TYPE_WEAKREFABLE),
    .ot.weaklistoffset = offsetof(py_lru, weaklist),
    .ot.dealloc = lru_dealloc,
    .ot.traverse = lru_traverse,
    .ot.clear = lru_clear,
    .dictoffset = offsetof(py_lru, dict),
    .weaklistoffset = offsetof(py_lru, weaklist),
    .methods = lru_methods,
    .getsets = lru_getsets,
    .tp_new = lru_new,
    .tp_call = lru_call,
    .tp_descr_get = lru_descr_get,
}};

/* ==========================================================================
 * The module
 * ========================================================================== */

static const py_method_def functools_methods[] = {
    {"reduce", functools_reduce, 0,
     "reduce(function, iterable[, initial]) -> value"},
    {"cmp_to_key", functools_cmp_to_key, 0,
     "Convert a cmp= function into a key= function."},
    {NULL, NULL, 0, NULL}
};

static int
functools_exec(oh_object *m)
{
    if (py_type_ready(&py_lru_link_static.t) < 0
        || py_type_ready(KEYWRAPPER_TYPE) < 0
        || py_type_ready(PARTIAL_TYPE) < 0
        || py_type_ready(&py_lru_static.t) < 0)
        return -1;
    oh_incref(&PARTIAL_TYPE->ob_base);
    if (py_module_add(m, "partial", &PARTIAL_TYPE->ob_base) < 0)
        return -1;
    oh_incref(&py_lru_static.t.ob_base);
    if (py_module_add(m, "_lru_cache_wrapper",
                      &py_lru_static.t.ob_base) < 0)
        return -1;
    oh_incref(&KEYWRAPPER_TYPE->ob_base);
    return py_module_add(m, "KeyWrapper", &KEYWRAPPER_TYPE->ob_base);
}

const py_module_def py_module__functools = {
    .name = "_functools",
    .doc = "Tools that operate on functions.",
    .methods = functools_methods,
    .exec = functools_exec,
};
