/*
 * mod_weakref.c -- the weakref module: Python's face of objheap's weak
 * references, weak containers and finalize.
 *
 * What this file owns
 * -------------------
 * py_module_weakref and the types behind it:
 *
 *   ReferenceType (PY_T(weakref))  the library's weak references
 *        themselves (layout oh_weakref_type, kind OHI_KIND_WEAKREF): ref(o)
 *        is oh_weakref_new, ref(o, cb) is oh_weakref_new_data with the
 *        callable as data and ref_callback, which calls it with the
 *        reference.  So sharing (ref(o) is ref(o)), callback order (newest
 *        first) and the collector's rules (a callback runs only if the
 *        reference survives) are the library's, verified against CPython.
 *   ProxyType, CallableProxyType (PY_T(weakproxy), PY_T(callable_proxy))
 *        objects of our own that hold a library weak reference; every
 *        operation is forwarded to the referent, or is ReferenceError once
 *        it has died.
 *   WeakValueDictionary, WeakKeyDictionary, WeakSet  the library's weak
 *        containers (kinds OHI_KIND_WEAKVALUEDICT, ...; py_kind_types in
 *        typeobject.c points those kinds here), with the methods of
 *        Lib/weakref.py's and Lib/_weakrefset.py's classes that programs
 *        use, over the oh_weakdict_* / oh_weakset_* / oh_weak_iter_* API.
 *   finalize  a Python-level finalize object built on oh_finalize.
 *   WeakMethod  weak references to a bound method's __self__ and
 *        __func__ (a type of its own here, not a subclass of ref).
 *
 * Proxies and their callbacks
 * ---------------------------
 * A proxy's callback must be called with the proxy, but the library calls
 * a weak reference's callback with the reference.  So a proxy's reference
 * carries a small `link` object as its data: the callable and a borrowed
 * pointer back to the proxy, which the proxy clears when it dies (MW1):
 *
 *   proxy --ref--> weak reference --data--> link --callback--> callable
 *     ^                                      |
 *     +-------------- proxy (borrowed) ------+
 *
 * A proxy without a callback is shared, as in CPython: proxy(o) finds an
 * existing one through o's weak list (links whose callback is NULL).
 *
 * finalize
 * --------
 * weakref.finalize(obj, func, *args, **kwargs) keeps func and its
 * arguments and asks the library for a finalize object whose C function,
 * finalize_fire, gets our object as its argument.  While alive, our object
 * holds a reference to itself on behalf of that registration (Lib/
 * weakref.py keeps it in a class-level registry for the same reason), and
 * is on the live list that py_weakref_atexit walks.
 *
 * Invariants
 * ----------
 * MW1. A link's proxy pointer is the live proxy whose reference carries
 *      the link, or NULL once that proxy has died; a proxy's dealloc
 *      clears it before dropping the reference.
 * MW2. A finalize object is alive iff fin != NULL iff it is on the live
 *      list iff it holds the registration's reference to itself.
 * MW3. Weak-container iterators hold an oh_weak_iter that is either open
 *      (container owned) or ended; their dealloc ends it.
 */
#include "py/py.h"

#include <string.h>

static oh_object *
none(void)
{
    oh_incref(OH_NONE);
    return OH_NONE;
}

/* KeyError(key), with a tuple key kept whole. */
static void *
raise_key_error(oh_object *key)
{
    oh_object *exc = py_exc_new(PY_EXC(KeyError), &key, 1);
    if (exc != NULL)
        py_err_raise_new(exc);
    return NULL;
}

static oh_object *
iter_self(oh_object *o)
{
    oh_incref(o);
    return o;
}

/* ==========================================================================
 * ReferenceType
 * ========================================================================== */

#define WR(o) ((ohi_weakref *)(void *)(o))

/* The library calls this when the referent of a reference made with a
 * Python callback dies: call it with the reference. */
static int
ref_callback(oh_object *ref, oh_object *data)
{
    oh_object *r = py_call1(data, ref);
    if (r == NULL) {
        /* Reported here, naming the callable as CPython does (the
         * library would name the reference). */
        py_err_write_unraisable(NULL, data);
        return 0;
    }
    oh_decref(r);
    return 0;
}

static oh_object *
ref_new(py_type *type, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    if (kwnames != NULL && OHI_TUPLE_SIZE(kwnames) > 0)
        return py_err_set_string(PY_EXC(TypeError), "ref() takes no keyword "
                                 "arguments");
    if (nargs < 1 || nargs > 2)
        return py_err_format(PY_EXC(TypeError), "__new__ expected at %s %d "
                             "argument%s, got %zu",
                             nargs < 1 ? "least" : "most", nargs < 1 ? 1 : 2,
                             nargs < 1 ? "" : "s", nargs);
    oh_object *cb = nargs == 2 && args[1] != OH_NONE ? args[1] : NULL;
    if (cb == NULL)
        return oh_weakref_new(args[0], NULL);
    return oh_weakref_new_data(args[0], ref_callback, cb);
}

static oh_object *
ref_call(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    if (OH_UNLIKELY(nargs != 0 || kwnames != NULL)) {
        if (py_no_kwargs("weakref", kwnames) < 0)
            return NULL;
        if (nargs != 0)
            return py_err_format(PY_EXC(TypeError), "weakref expected 0 "
                                 "arguments, got %zu", nargs);
    }
    oh_object *o = WR(self)->object;
    if (o == NULL)
        o = OH_NONE;
    oh_incref(o);
    return o;
}

static oh_hash_t
ref_hash(oh_object *self)
{
    return oh_hash(self);
}

/* == between live references compares their referents; a dead one is
 * equal only to itself. */
static oh_object *
ref_richcompare(oh_object *a, oh_object *b, int op)
{
    if ((op != PY_CMP_EQ && op != PY_CMP_NE) || !oh_weakref_check(a)
        || !oh_weakref_check(b)) {
        oh_incref(PY_NOTIMPL);
        return PY_NOTIMPL;
    }
    oh_object *x = WR(a)->object, *y = WR(b)->object;
    if (x == NULL || y == NULL) {
        bool same = a == b;
        return oh_bool_from(op == PY_CMP_EQ ? same : !same);
    }
    oh_incref(x);
    oh_incref(y);
    oh_object *r = py_compare(x, y, op);
    oh_decref(x);
    oh_decref(y);
    return r;
}

/* <weakref at 0x...; to 'A' at 0x... (name)> */
static oh_object *
ref_repr(oh_object *self)
{
    oh_object *o = WR(self)->object;
    if (o == NULL)
        return oh_str_from_format("<weakref at %p; dead>", (void *)self);
    oh_incref(o);
    oh_object *name = NULL;
    if (py_lookup_attr(o, PY_ID(__name__), &name) < 0)
        py_err_clear();
    oh_object *r;
    if (name != NULL && OHI_TYPE_KIND(name->type) == OHI_KIND_STR)
        r = oh_str_from_format("<weakref at %p; to '%s' at %p (%s)>",
                               (void *)self, PY_TYPE(o)->tp_name, (void *)o,
                               oh_str_utf8(name, NULL));
    else
        r = oh_str_from_format("<weakref at %p; to '%s' at %p>",
                               (void *)self, PY_TYPE(o)->tp_name,
                               (void *)o);
    oh_xdecref(name);
    oh_decref(o);
    return r;
}

static oh_object *
ref_get_callback(oh_object *self)
{
    oh_object *d = WR(self)->data;
    if (d == NULL || WR(self)->callback != ref_callback)
        d = OH_NONE;
    oh_incref(d);
    return d;
}

static const py_method_def ref_methods[] = {
    {"__class_getitem__", py_class_getitem, PY_METH_CLASS,
     "See PEP 585"},
    {NULL, NULL, 0, NULL}
};

static const py_getset_def ref_getsets[] = {
    {"__callback__", ref_get_callback, NULL, NULL},
    {NULL, NULL, NULL, NULL}
};

py_static_type py_weakref_static = {.t = {
    PY_TYPE_INIT_KIND("weakref.ReferenceType", oh_weakref_type),
    .methods = ref_methods,
    .getsets = ref_getsets,
    .tp_new = ref_new,
    .tp_call = ref_call,
    .tp_repr = ref_repr,
    .tp_hash = ref_hash,
    .tp_richcompare = ref_richcompare,
}};

/* ==========================================================================
 * Proxies
 * ========================================================================== */

typedef struct py_proxy {
    OH_OBJECT_HEAD;
    oh_object *ref;                     /* library weak reference; its data
                                           is a link (MW1) */
} py_proxy;

typedef struct py_proxy_link {
    OH_OBJECT_HEAD;
    oh_object *callback;                /* or NULL */
    py_proxy *proxy;                    /* borrowed (MW1): the proxy or
                                           WeakMethod the reference serves */
} py_proxy_link;

#define PROXY(o) ((py_proxy *)(void *)(o))
#define LINK(o) ((py_proxy_link *)(void *)(o))

static int
link_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(LINK(o)->callback);
    return 0;
}

static void
link_clear(oh_object *o)
{
    OH_CLEAR(LINK(o)->callback);
}

static oh_object *
link_repr(oh_object *o)
{
    if (LINK(o)->callback != NULL)
        return py_repr(LINK(o)->callback);
    return oh_str_from_format("<proxy link at %p>", (void *)o);
}

static py_static_type py_proxy_link_static = {.t = {
    PY_TYPE_INIT("weakref.proxy_link", py_proxy_link, OH_TYPE_CONTAINER),
    .ot.traverse = link_traverse,
    .ot.clear = link_clear,
    .tp_repr = link_repr,
}};
#define LINK_TYPE (&py_proxy_link_static.t)

static bool
is_proxy(const oh_object *o)
{
    return o->type == &PY_T(weakproxy)->ot
           || o->type == &PY_T(callable_proxy)->ot;
}

/* The library calls this when a proxy's referent dies. */
static int
proxy_callback(oh_object *ref, oh_object *data)
{
    py_proxy_link *l = LINK(data);
    if (l->callback == NULL || l->proxy == NULL)
        return 0;
    oh_object *p = &l->proxy->ob_base;
    oh_incref(p);
    oh_object *r = py_call1(l->callback, p);
    oh_decref(p);
    if (r == NULL) {
        py_err_write_unraisable(NULL, l->callback);
        return 0;
    }
    oh_decref(r);
    return 0;
}

/* proxy(object, callback=None) */
static oh_object *
weakref_proxy(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_no_kwargs("proxy", kwnames) < 0)
        return NULL;
    if (nargs < 1 || nargs > 2)
        return py_err_format(PY_EXC(TypeError), "proxy expected at %s, got "
                             "%zu", nargs < 1 ? "least 1 argument"
                                              : "most 2 arguments", nargs);
    oh_object *obj = args[0];
    oh_object *cb = nargs == 2 && args[1] != OH_NONE ? args[1] : NULL;
    py_type *pt = py_callable(obj) ? PY_T(callable_proxy) : PY_T(weakproxy);
    ohi_weakref **list = ohi_weaklist_of(obj);
    if (list == NULL)
        return py_err_format(PY_EXC(TypeError), "cannot create weak "
                             "reference to '%s' object",
                             PY_TYPE(obj)->tp_name);
    if (cb == NULL) {
        /* Shared, like CPython's callback-less proxies. */
        for (ohi_weakref *wr = *list; wr != NULL; wr = wr->wr_next)
            if (wr->callback == proxy_callback && wr->data != NULL
                && LINK(wr->data)->callback == NULL
                && LINK(wr->data)->proxy != NULL
                && LINK(wr->data)->proxy->ob_base.type == &pt->ot) {
                oh_object *p = &LINK(wr->data)->proxy->ob_base;
                oh_incref(p);
                return p;
            }
    }
    oh_object *link = py_alloc_instance(LINK_TYPE, 0);
    if (link == NULL)
        return NULL;
    if (cb != NULL) {
        oh_incref(cb);
        LINK(link)->callback = cb;
    }
    oh_object *ref = oh_weakref_new_data(obj, proxy_callback, link);
    oh_decref(link);
    if (ref == NULL)
        return NULL;
    oh_object *p = py_alloc_instance(pt, 0);
    if (p == NULL) {
        oh_decref(ref);
        return NULL;
    }
    PROXY(p)->ref = ref;
    LINK(link)->proxy = PROXY(p);                        /* MW1 */
    return p;
}

static int
proxy_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(PROXY(o)->ref);
    return 0;
}

static void
proxy_clear(oh_object *o)
{
    oh_object *ref = PROXY(o)->ref;
    if (ref != NULL && WR(ref)->data != NULL
        && WR(ref)->callback == proxy_callback) {
        OH_ASSERT(LINK(WR(ref)->data)->proxy == PROXY(o)
                  || LINK(WR(ref)->data)->proxy == NULL);   /* MW1 */
        LINK(WR(ref)->data)->proxy = NULL;
    }
    OH_CLEAR(PROXY(o)->ref);
}

static void
proxy_dealloc(oh_object *o)
{
    proxy_clear(o);
    ohi_object_free(o);
}

/* The referent, or NULL with ReferenceError.  New reference. */
static oh_object *
proxy_get(oh_object *p)
{
    oh_object *o = PROXY(p)->ref ? WR(PROXY(p)->ref)->object : NULL;
    if (o == NULL)
        return py_err_set_string(PY_EXC(ReferenceError), "weakly-referenced "
                                 "object no longer exists");
    oh_incref(o);
    return o;
}

/* o itself, or its referent if o is a proxy.  New reference. */
static oh_object *
unwrap(oh_object *o)
{
    if (is_proxy(o))
        return proxy_get(o);
    oh_incref(o);
    return o;
}

static oh_object *
proxy_getattro(oh_object *p, oh_object *name)
{
    oh_object *o = proxy_get(p);
    if (o == NULL)
        return NULL;
    oh_object *r = py_getattr(o, name);
    oh_decref(o);
    return r;
}

static int
proxy_setattro(oh_object *p, oh_object *name, oh_object *value)
{
    oh_object *o = proxy_get(p);
    if (o == NULL)
        return -1;
    int r = value ? py_setattr(o, name, value) : py_delattr(o, name);
    oh_decref(o);
    return r;
}

static oh_object *
proxy_repr(oh_object *p)
{
    oh_object *o = PROXY(p)->ref ? WR(PROXY(p)->ref)->object : NULL;
    if (o == NULL)
        return oh_str_from_format("<weakproxy at %p to NoneType at %p>",
                                  (void *)p, (void *)OH_NONE);
    return oh_str_from_format("<weakproxy at %p to %s at %p>", (void *)p,
                              PY_TYPE(o)->tp_name, (void *)o);
}

static oh_object *
proxy_str(oh_object *p)
{
    oh_object *o = proxy_get(p);
    if (o == NULL)
        return NULL;
    oh_object *r = py_str(o);
    oh_decref(o);
    return r;
}

static oh_object *
proxy_call(oh_object *p, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    oh_object *o = proxy_get(p);
    if (o == NULL)
        return NULL;
    oh_object *r = py_call(o, args, nargs, kwnames);
    oh_decref(o);
    return r;
}

static oh_object *
proxy_richcompare(oh_object *a, oh_object *b, int op)
{
    oh_object *x = unwrap(a);
    if (x == NULL)
        return NULL;
    oh_object *y = unwrap(b);
    if (y == NULL) {
        oh_decref(x);
        return NULL;
    }
    oh_object *r = py_compare(x, y, op);
    oh_decref(x);
    oh_decref(y);
    return r;
}

static oh_object *
proxy_iter(oh_object *p)
{
    oh_object *o = proxy_get(p);
    if (o == NULL)
        return NULL;
    oh_object *r = py_iter(o);
    oh_decref(o);
    return r;
}

static oh_object *
proxy_iternext(oh_object *p)
{
    oh_object *o = proxy_get(p);
    if (o == NULL)
        return NULL;
    if (PY_TYPE(o)->tp_iternext == NULL) {
        py_err_format(PY_EXC(TypeError), "Weakref proxy referenced a "
                      "non-iterator '%.200s' object", PY_TYPE(o)->tp_name);
        oh_decref(o);
        return NULL;
    }
    oh_object *r = py_iter_next(o);
    oh_decref(o);
    return r;
}

static int64_t
proxy_length(oh_object *p)
{
    oh_object *o = proxy_get(p);
    if (o == NULL)
        return -1;
    int64_t n = py_len(o);
    oh_decref(o);
    return n;
}

static oh_object *
proxy_subscript(oh_object *p, oh_object *key)
{
    oh_object *o = proxy_get(p);
    if (o == NULL)
        return NULL;
    oh_object *r = py_getitem(o, key);
    oh_decref(o);
    return r;
}

static int
proxy_ass_subscript(oh_object *p, oh_object *key, oh_object *value)
{
    oh_object *o = proxy_get(p);
    if (o == NULL)
        return -1;
    int r = value ? py_setitem(o, key, value) : py_delitem(o, key);
    oh_decref(o);
    return r;
}

static int
proxy_contains(oh_object *p, oh_object *item)
{
    oh_object *o = proxy_get(p);
    if (o == NULL)
        return -1;
    int r = py_contains(o, item);
    oh_decref(o);
    return r;
}

static int
proxy_bool(oh_object *p)
{
    oh_object *o = proxy_get(p);
    if (o == NULL)
        return -1;
    int r = py_is_true(o);
    oh_decref(o);
    return r;
}

/* Binary operators: unwrap whichever operands are proxies. */
static oh_object *
proxy_binary(oh_object *a, oh_object *b, int op, bool inplace)
{
    oh_object *x = unwrap(a);
    if (x == NULL)
        return NULL;
    oh_object *y = unwrap(b);
    if (y == NULL) {
        oh_decref(x);
        return NULL;
    }
    oh_object *r = inplace ? py_inplace_op(x, y, op) : py_binary_op(x, y, op);
    oh_decref(x);
    oh_decref(y);
    return r;
}

#define PROXY_BINOP(name, op)                                               \
    static oh_object *proxy_##name(oh_object *a, oh_object *b)              \
    {                                                                       \
        return proxy_binary(a, b, op, false);                               \
    }                                                                       \
    static oh_object *proxy_i##name(oh_object *a, oh_object *b)             \
    {                                                                       \
        return proxy_binary(a, b, op, true);                                \
    }
PROXY_BINOP(add, PY_OP_ADD)
PROXY_BINOP(sub, PY_OP_SUB)
PROXY_BINOP(mul, PY_OP_MULT)
PROXY_BINOP(matmul, PY_OP_MATMULT)
PROXY_BINOP(truediv, PY_OP_DIV)
PROXY_BINOP(mod, PY_OP_MOD)
PROXY_BINOP(pow, PY_OP_POW)
PROXY_BINOP(lshift, PY_OP_LSHIFT)
PROXY_BINOP(rshift, PY_OP_RSHIFT)
PROXY_BINOP(or, PY_OP_BITOR)
PROXY_BINOP(xor, PY_OP_BITXOR)
PROXY_BINOP(and, PY_OP_BITAND)
PROXY_BINOP(floordiv, PY_OP_FLOORDIV)
#undef PROXY_BINOP

#define PROXY_UNARY(name, fn)                                               \
    static oh_object *proxy_##name(oh_object *p)                            \
    {                                                                       \
        oh_object *o = proxy_get(p);                                        \
        if (o == NULL)                                                      \
            return NULL;                                                    \
        oh_object *r = fn(o);                                               \
        oh_decref(o);                                                       \
        return r;                                                           \
    }
PROXY_UNARY(neg, py_negative)
PROXY_UNARY(pos, py_positive)
PROXY_UNARY(abs, py_absolute)
PROXY_UNARY(invert, py_invert)
PROXY_UNARY(int, py_number_int)
PROXY_UNARY(float, py_number_float)
PROXY_UNARY(index, py_index)
#undef PROXY_UNARY

#define PROXY_SLOTS                                                         \
    .ot.dealloc = proxy_dealloc,                                            \
    .ot.traverse = proxy_traverse,                                          \
    .ot.clear = proxy_clear,                                                \
    .tp_repr = proxy_repr,                                                  \
    .tp_str = proxy_str,                                                    \
    .tp_richcompare = proxy_richcompare,                                    \
    .tp_getattro = proxy_getattro,                                          \
    .tp_setattro = proxy_setattro,                                          \
    .tp_iter = proxy_iter,                                                  \
    .tp_iternext = proxy_iternext,                                          \
    .mp_length = proxy_length,                                              \
    .mp_subscript = proxy_subscript,                                        \
    .mp_ass_subscript = proxy_ass_subscript,                                \
    .sq_contains = proxy_contains,                                          \
    .nb_binary = {                                                          \
        [PY_OP_ADD] = proxy_add, [PY_OP_SUB] = proxy_sub,                   \
        [PY_OP_MULT] = proxy_mul, [PY_OP_MATMULT] = proxy_matmul,           \
        [PY_OP_DIV] = proxy_truediv, [PY_OP_MOD] = proxy_mod,               \
        [PY_OP_POW] = proxy_pow, [PY_OP_LSHIFT] = proxy_lshift,             \
        [PY_OP_RSHIFT] = proxy_rshift, [PY_OP_BITOR] = proxy_or,            \
        [PY_OP_BITXOR] = proxy_xor, [PY_OP_BITAND] = proxy_and,             \
        [PY_OP_FLOORDIV] = proxy_floordiv,                                  \
    },                                                                      \
    .nb_inplace = {                                                         \
        [PY_OP_ADD] = proxy_iadd, [PY_OP_SUB] = proxy_isub,                 \
        [PY_OP_MULT] = proxy_imul, [PY_OP_MATMULT] = proxy_imatmul,         \
        [PY_OP_DIV] = proxy_itruediv, [PY_OP_MOD] = proxy_imod,             \
        [PY_OP_POW] = proxy_ipow, [PY_OP_LSHIFT] = proxy_ilshift,           \
        [PY_OP_RSHIFT] = proxy_irshift, [PY_OP_BITOR] = proxy_ior,          \
        [PY_OP_BITXOR] = proxy_ixor, [PY_OP_BITAND] = proxy_iand,           \
        [PY_OP_FLOORDIV] = proxy_ifloordiv,                                 \
    },                                                                      \
    .nb_negative = proxy_neg,                                               \
    .nb_positive = proxy_pos,                                               \
    .nb_absolute = proxy_abs,                                               \
    .nb_invert = proxy_invert,                                              \
    .nb_bool = proxy_bool,                                                  \
    .nb_int = proxy_int,                                                    \
    .nb_float = proxy_float,                                                \
    .nb_index = proxy_index

py_static_type py_weakproxy_static = {.t = {
    PY_TYPE_INIT("weakref.ProxyType", py_proxy, OH_TYPE_CONTAINER),
    PROXY_SLOTS,
}};

py_static_type py_callable_proxy_static = {.t = {
    PY_TYPE_INIT("weakref.CallableProxyType", py_proxy, OH_TYPE_CONTAINER),
    PROXY_SLOTS,
    .tp_call = proxy_call,
}};

/* ==========================================================================
 * WeakMethod
 * ========================================================================== */

/* A weak reference to a bound method: weak references to its __self__
 * and __func__, rebuilt into a bound method when called while both live.
 * Both references carry the same link (as a proxy's does, MW1) so the
 * callback gets the WeakMethod, once, whichever dies first.  CPython's
 * WeakMethod is a subclass of ref; this one is a type of its own. */
typedef struct py_weakmethod {
    OH_OBJECT_HEAD;
    oh_object *obj_ref;                 /* to __self__; data: the link */
    oh_object *func_ref;                /* to __func__; data: the link */
    bool alive;                         /* neither has died yet */
    oh_object *weaklist;
} py_weakmethod;

#define WM(o) ((py_weakmethod *)(void *)(o))

static py_static_type py_weakmethod_static;
#define WEAKMETHOD_TYPE (&py_weakmethod_static.t)

static int
weakmethod_callback(oh_object *ref, oh_object *data)
{
    py_proxy_link *l = LINK(data);
    if (l->proxy == NULL)
        return 0;
    oh_object *wm = &l->proxy->ob_base;
    if (!WM(wm)->alive)
        return 0;
    WM(wm)->alive = false;
    if (l->callback == NULL)
        return 0;
    oh_incref(wm);
    oh_object *r = py_call1(l->callback, wm);
    oh_decref(wm);
    if (r == NULL) {
        py_err_write_unraisable(NULL, l->callback);
        return 0;
    }
    oh_decref(r);
    return 0;
}

static oh_object *
weakmethod_new(py_type *type, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    static const char *const kw[] = {"meth", "callback", NULL};
    static const py_argspec spec = {"WeakMethod", kw, 1, 2, 0};
    oh_object *a[2];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    oh_object *obj = NULL, *func = NULL;
    if (py_lookup_attr(a[0], py_static_str("__self__"), &obj) < 0
        || (obj != NULL
            && py_lookup_attr(a[0], py_static_str("__func__"), &func) < 0)) {
        oh_xdecref(obj);
        return NULL;
    }
    if (obj == NULL || func == NULL) {
        oh_xdecref(obj);
        oh_xdecref(func);
        return py_err_format(PY_EXC(TypeError), "argument should be a bound "
                             "method, not %R", &PY_TYPE(a[0])->ob_base);
    }
    oh_object *o = NULL;
    oh_object *link = py_alloc_instance(LINK_TYPE, 0);
    if (link == NULL)
        goto done;
    if (a[1] != NULL && a[1] != OH_NONE) {
        oh_incref(a[1]);
        LINK(link)->callback = a[1];
    }
    o = py_alloc_instance(type, 0);
    if (o == NULL)
        goto done;
    WM(o)->obj_ref = oh_weakref_new_data(obj, weakmethod_callback, link);
    WM(o)->func_ref = WM(o)->obj_ref
                      ? oh_weakref_new_data(func, weakmethod_callback, link)
                      : NULL;
    if (WM(o)->func_ref == NULL) {
        OH_CLEAR(o);
        goto done;
    }
    WM(o)->alive = true;
    LINK(link)->proxy = (py_proxy *)(void *)o;          /* MW1 */
done:
    oh_xdecref(link);
    oh_decref(obj);
    oh_decref(func);
    return o;
}

static int
weakmethod_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(WM(o)->obj_ref);
    OH_VISIT(WM(o)->func_ref);
    return 0;
}

static void
weakmethod_clear(oh_object *o)
{
    oh_object *r = WM(o)->obj_ref;
    if (r != NULL && WR(r)->data != NULL
        && WR(r)->callback == weakmethod_callback)
        LINK(WR(r)->data)->proxy = NULL;                /* MW1 */
    OH_CLEAR(WM(o)->obj_ref);
    OH_CLEAR(WM(o)->func_ref);
}

static void
weakmethod_dealloc(oh_object *o)
{
    if (WM(o)->weaklist != NULL)
        oh_weakref_clear_all(o);
    weakmethod_clear(o);
    ohi_object_free(o);
}

/* The bound method again, or None once either part has died. */
static oh_object *
weakmethod_call(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (py_check_args("WeakMethod", nargs, kwnames, 0, 0) < 0)
        return NULL;
    oh_object *obj = WM(self)->obj_ref ? WR(WM(self)->obj_ref)->object
                                        : NULL;
    oh_object *func = WM(self)->func_ref ? WR(WM(self)->func_ref)->object
                                          : NULL;
    if (obj == NULL || func == NULL)
        return none();
    return py_method_new(func, obj);
}

static oh_object *
weakmethod_richcompare(oh_object *a, oh_object *b, int op)
{
    if ((op != PY_CMP_EQ && op != PY_CMP_NE)
        || b->type != &WEAKMETHOD_TYPE->ot) {
        oh_incref(PY_NOTIMPL);
        return PY_NOTIMPL;
    }
    int eq;
    if (!WM(a)->alive || !WM(b)->alive)
        eq = a == b;
    else {
        eq = py_compare_bool(WM(a)->obj_ref, WM(b)->obj_ref, PY_CMP_EQ);
        if (eq > 0)
            eq = py_compare_bool(WM(a)->func_ref, WM(b)->func_ref,
                                 PY_CMP_EQ);
        if (eq < 0)
            return NULL;
    }
    return oh_bool_from(op == PY_CMP_EQ ? eq : !eq);
}

static oh_hash_t
weakmethod_hash(oh_object *self)
{
    return oh_hash(WM(self)->obj_ref);
}

static py_static_type py_weakmethod_static = {.t = {
    PY_TYPE_INIT("weakref.WeakMethod", py_weakmethod,
                 OH_TYPE_CONTAINER | OH_TYPE_WEAKREFABLE),
    .ot.weaklistoffset = offsetof(py_weakmethod, weaklist),
    .ot.dealloc = weakmethod_dealloc,
    .ot.traverse = weakmethod_traverse,
    .ot.clear = weakmethod_clear,
    .weaklistoffset = offsetof(py_weakmethod, weaklist),
    .doc = "A custom `weakref.ref` subclass which simulates a weak "
           "reference to a bound method, working around the lifetime "
           "problem of bound methods.",
    .tp_new = weakmethod_new,
    .tp_call = weakmethod_call,
    .tp_hash = weakmethod_hash,
    .tp_richcompare = weakmethod_richcompare,
}};

/* ==========================================================================
 * Weak containers: shared pieces
 * ========================================================================== */

#define IS_WVD(o) ((o)->type == &oh_weakvaluedict_type)
#define IS_WKD(o) ((o)->type == &oh_weakkeydict_type)

/* An iterator over a weak container (MW3): keys, values or items. */
typedef struct py_weakiter {
    OH_OBJECT_HEAD;
    oh_weak_iter it;
    int what;                           /* WI_* */
} py_weakiter;

enum { WI_KEYS, WI_VALUES, WI_ITEMS };

#define WITER(o) ((py_weakiter *)(void *)(o))

static int
weakiter_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(WITER(o)->it.container);
    return 0;
}

static void
weakiter_clear(oh_object *o)
{
    oh_weak_iter_end(&WITER(o)->it);                    /* MW3 */
}

static oh_object *
weakiter_next(oh_object *o)
{
    py_weakiter *wi = WITER(o);
    oh_object *k, *v = NULL;
    int r = oh_weak_iter_next(&wi->it, &k,
                              wi->what == WI_KEYS ? NULL : &v);
    if (r <= 0)
        return NULL;
    if (wi->what == WI_KEYS)
        return k;
    if (wi->what == WI_VALUES) {
        oh_decref(k);
        return v;
    }
    oh_object *t = oh_tuple_pack(2, k, v);
    oh_decref(k);
    oh_decref(v);
    return t;
}

static py_static_type py_weakiter_static = {.t = {
    PY_TYPE_INIT("weakref.weak_iterator", py_weakiter, OH_TYPE_CONTAINER),
    .ot.traverse = weakiter_traverse,
    .ot.clear = weakiter_clear,
    .tp_iter = iter_self,
    .tp_iternext = weakiter_next,
}};

static oh_object *
weakiter_new(oh_object *c, int what)
{
    oh_object *o = py_alloc_instance(&py_weakiter_static.t, 0);
    if (o == NULL)
        return NULL;
    WITER(o)->what = what;
    if (oh_weak_iter_init(&WITER(o)->it, c) < 0) {
        oh_decref(o);
        return NULL;
    }
    return o;
}

/* For a WeakSet, the iterator gives items (as "keys"). */
static oh_object *
weak_iter(oh_object *self)
{
    return weakiter_new(self, WI_KEYS);
}

static int64_t
weak_len(oh_object *self)
{
    return oh_weak_size(self);
}

/* A list of the live entries (keys, values or (key, value) pairs). */
static oh_object *
weak_list(oh_object *self, int what)
{
    oh_object *it = weakiter_new(self, what);
    if (it == NULL)
        return NULL;
    oh_object *l = py_sequence_list(it);
    oh_decref(it);
    return l;
}

#define WEAK_VIEW(name, what)                                               \
    static oh_object *                                                      \
    weak_m_##name(oh_object *self, oh_object *const *args, size_t nargs,    \
                  oh_object *kwnames)                                       \
    {                                                                       \
        if (py_check_args(#name, nargs, kwnames, 0, 0) < 0)                 \
            return NULL;                                                    \
        return weakiter_new(self, what);                                    \
    }
WEAK_VIEW(keys, WI_KEYS)
WEAK_VIEW(values, WI_VALUES)
WEAK_VIEW(items, WI_ITEMS)
#undef WEAK_VIEW

/* d[key] for either dict: KeyError(key) when missing or dead. */
static oh_object *
weakdict_subscript(oh_object *self, oh_object *key)
{
    oh_object *v = oh_weakdict_get(self, key);
    if (v == NULL && py_err_matches(PY_EXC(KeyError))) {
        py_err_clear();
        return raise_key_error(key);
    }
    return v;
}

static int
weakdict_ass_subscript(oh_object *self, oh_object *key, oh_object *value)
{
    if (value != NULL)
        return oh_weakdict_set(self, key, value);
    if (oh_weakdict_delete(self, key) < 0) {
        if (py_err_matches(PY_EXC(KeyError))) {
            py_err_clear();
            raise_key_error(key);
        }
        return -1;
    }
    return 0;
}

/* key in d.  A weak-key dict answers False for keys that cannot be
 * weakly referenced, as Lib/weakref.py does. */
static int
weakdict_contains(oh_object *self, oh_object *key)
{
    int r = oh_weakdict_contains(self, key);
    if (r < 0 && IS_WKD(self) && py_err_matches(PY_EXC(TypeError))) {
        py_err_clear();
        return 0;
    }
    return r;
}

static oh_object *
weakdict_repr(oh_object *self)
{
    return oh_str_from_format("<%s at %p>", PY_TYPE(self)->name
                                            ? oh_str_utf8(PY_TYPE(self)->name,
                                                          NULL)
                                            : "WeakDictionary",
                              (void *)self);
}

static oh_object *
weakdict_m_get(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (py_check_args("get", nargs, kwnames, 1, 2) < 0)
        return NULL;
    oh_object *v = oh_weakdict_get(self, args[0]);
    if (v != NULL)
        return v;
    if (!py_err_matches(PY_EXC(KeyError))
        && !(IS_WKD(self) && py_err_matches(PY_EXC(TypeError))))
        return NULL;
    py_err_clear();
    oh_object *d = nargs == 2 ? args[1] : OH_NONE;
    oh_incref(d);
    return d;
}

static oh_object *
weakdict_m_setdefault(oh_object *self, oh_object *const *args, size_t nargs,
                      oh_object *kwnames)
{
    if (py_check_args("setdefault", nargs, kwnames, 1, 2) < 0)
        return NULL;
    oh_object *v = oh_weakdict_get(self, args[0]);
    if (v != NULL || !py_err_matches(PY_EXC(KeyError)))
        return v;
    py_err_clear();
    oh_object *d = nargs == 2 ? args[1] : OH_NONE;
    if (oh_weakdict_set(self, args[0], d) < 0)
        return NULL;
    oh_incref(d);
    return d;
}

static oh_object *
weakdict_m_pop(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (py_check_args("pop", nargs, kwnames, 1, 2) < 0)
        return NULL;
    oh_object *v = oh_weakdict_get(self, args[0]);
    if (v == NULL) {
        if (!py_err_matches(PY_EXC(KeyError)))
            return NULL;
        py_err_clear();
        if (nargs == 2) {
            oh_incref(args[1]);
            return args[1];
        }
        return raise_key_error(args[0]);
    }
    if (oh_weakdict_delete(self, args[0]) < 0) {
        oh_decref(v);
        return NULL;
    }
    return v;
}

/* popitem(): the last live entry, as dict.popitem. */
static oh_object *
weakdict_m_popitem(oh_object *self, oh_object *const *args, size_t nargs,
                   oh_object *kwnames)
{
    if (py_check_args("popitem", nargs, kwnames, 0, 0) < 0)
        return NULL;
    oh_object *items = weak_list(self, WI_ITEMS);
    if (items == NULL)
        return NULL;
    int64_t n = OHI_LIST(items)->size;
    if (n == 0) {
        oh_decref(items);
        return py_err_set_string(PY_EXC(KeyError), "popitem(): dictionary "
                                 "is empty");
    }
    oh_object *t = OHI_LIST(items)->items[n - 1];
    oh_incref(t);
    oh_decref(items);
    if (oh_weakdict_delete(self, OHI_TUPLE(t)->items[0]) < 0) {
        oh_decref(t);
        return NULL;
    }
    return t;
}

static oh_object *
weakdict_m_clear(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_check_args("clear", nargs, kwnames, 0, 0) < 0)
        return NULL;
    oh_object *keys = weak_list(self, WI_KEYS);
    if (keys == NULL)
        return NULL;
    for (int64_t i = 0; i < OHI_LIST(keys)->size; i++)
        if (oh_weakdict_delete(self, OHI_LIST(keys)->items[i]) < 0)
            py_err_clear();
    oh_decref(keys);
    return none();
}

/* Store the pairs of `other` (a mapping or an iterable of pairs). */
static int
weakdict_update_from(oh_object *self, oh_object *other)
{
    oh_object *items;
    if (oh_dict_check(other)) {
        oh_dict_iter it;
        oh_object *k, *v;
        int r;
        oh_dict_iter_init(&it, other);
        while ((r = oh_dict_iter_next(&it, &k, &v)) == 1)
            if (oh_weakdict_set(self, k, v) < 0)
                return -1;
        return r;
    }
    oh_object *meth = NULL;
    if (py_lookup_attr(other, PY_ID(items), &meth) < 0)
        return -1;
    if (meth != NULL) {
        items = py_call0(meth);
        oh_decref(meth);
    }
    else {
        oh_incref(other);
        items = other;
    }
    if (items == NULL)
        return -1;
    oh_object *it = py_iter(items);
    oh_decref(items);
    if (it == NULL)
        return -1;
    oh_object *pair;
    while ((pair = py_iter_next(it)) != NULL) {
        oh_object *t = py_sequence_tuple(pair);
        oh_decref(pair);
        if (t == NULL)
            break;
        if (OHI_TUPLE_SIZE(t) != 2) {
            py_err_format(PY_EXC(ValueError), "dictionary update sequence "
                          "element has length %zd; 2 is required",
                          (ssize_t)OHI_TUPLE_SIZE(t));
            oh_decref(t);
            break;
        }
        int r = oh_weakdict_set(self, OHI_TUPLE(t)->items[0],
                                OHI_TUPLE(t)->items[1]);
        oh_decref(t);
        if (r < 0)
            break;
    }
    oh_decref(it);
    return py_err_occurred() ? -1 : 0;
}

/* update(other=None, /, **kwargs) */
static int
weakdict_update_args(oh_object *self, oh_object *const *args, size_t nargs,
                     oh_object *kwnames, const char *fname)
{
    if (nargs > 1) {
        py_err_format(PY_EXC(TypeError), "%s expected at most 1 argument, "
                      "got %zu", fname, nargs);
        return -1;
    }
    if (nargs == 1 && args[0] != OH_NONE
        && weakdict_update_from(self, args[0]) < 0)
        return -1;
    size_t nkw = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    for (size_t i = 0; i < nkw; i++)
        if (oh_weakdict_set(self, OHI_TUPLE(kwnames)->items[i],
                            args[nargs + i]) < 0)
            return -1;
    return 0;
}

static oh_object *
weakdict_m_update(oh_object *self, oh_object *const *args, size_t nargs,
                  oh_object *kwnames)
{
    if (weakdict_update_args(self, args, nargs, kwnames, "update") < 0)
        return NULL;
    return none();
}

static oh_object *
weakdict_m_copy(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (py_check_args("copy", nargs, kwnames, 0, 0) < 0)
        return NULL;
    oh_object *n = IS_WVD(self) ? oh_weakvaluedict_new()
                                : oh_weakkeydict_new();
    oh_object *items = n ? weak_list(self, WI_ITEMS) : NULL;
    if (items == NULL) {
        oh_xdecref(n);
        return NULL;
    }
    for (int64_t i = 0; i < OHI_LIST(items)->size; i++) {
        oh_object *t = OHI_LIST(items)->items[i];
        if (oh_weakdict_set(n, OHI_TUPLE(t)->items[0],
                            OHI_TUPLE(t)->items[1]) < 0) {
            oh_decref(items);
            oh_decref(n);
            return NULL;
        }
    }
    oh_decref(items);
    return n;
}

/* The weak references the dict holds (valuerefs / keyrefs). */
static oh_object *
weakdict_refs(oh_object *self, bool values)
{
    oh_object *objs = weak_list(self, values ? WI_VALUES : WI_KEYS);
    if (objs == NULL)
        return NULL;
    oh_object *out = oh_list_new();
    for (int64_t i = 0; out && i < OHI_LIST(objs)->size; i++) {
        oh_object *r = oh_weakref_new(OHI_LIST(objs)->items[i], NULL);
        if (r == NULL || oh_list_append(out, r) < 0)
            OH_CLEAR(out);
        oh_xdecref(r);
    }
    oh_decref(objs);
    return out;
}

static oh_object *
weakdict_m_valuerefs(oh_object *self, oh_object *const *args, size_t nargs,
                     oh_object *kwnames)
{
    if (py_check_args("valuerefs", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return weakdict_refs(self, true);
}

static oh_object *
weakdict_m_keyrefs(oh_object *self, oh_object *const *args, size_t nargs,
                   oh_object *kwnames)
{
    if (py_check_args("keyrefs", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return weakdict_refs(self, false);
}

/* WeakValueDictionary(other=(), /, **kwargs) and WeakKeyDictionary(dict=
 * None). */
static oh_object *
weakvaluedict_new(py_type *type, oh_object *const *args, size_t nargs,
                  oh_object *kwnames)
{
    oh_object *d = oh_weakvaluedict_new();
    if (d != NULL && weakdict_update_args(d, args, nargs, kwnames,
                                          "WeakValueDictionary") < 0)
        OH_CLEAR(d);
    return d;
}

static oh_object *
weakkeydict_new(py_type *type, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    oh_object *d = oh_weakkeydict_new();
    if (d != NULL && weakdict_update_args(d, args, nargs, kwnames,
                                          "WeakKeyDictionary") < 0)
        OH_CLEAR(d);
    return d;
}

static const py_method_def weakvaluedict_methods[] = {
    {"get", weakdict_m_get, 0, NULL},
    {"setdefault", weakdict_m_setdefault, 0, NULL},
    {"pop", weakdict_m_pop, 0, NULL},
    {"popitem", weakdict_m_popitem, 0, NULL},
    {"keys", weak_m_keys, 0, NULL},
    {"values", weak_m_values, 0, NULL},
    {"items", weak_m_items, 0, NULL},
    {"update", weakdict_m_update, 0, NULL},
    {"copy", weakdict_m_copy, 0, NULL},
    {"__copy__", weakdict_m_copy, 0, NULL},
    {"clear", weakdict_m_clear, 0, NULL},
    {"valuerefs", weakdict_m_valuerefs, 0, NULL},
    {"itervaluerefs", weakdict_m_valuerefs, 0, NULL},
    {"__class_getitem__", py_class_getitem, PY_METH_CLASS,
     "See PEP 585"},
    {NULL, NULL, 0, NULL}
};

static const py_method_def weakkeydict_methods[] = {
    {"get", weakdict_m_get, 0, NULL},
    {"setdefault", weakdict_m_setdefault, 0, NULL},
    {"pop", weakdict_m_pop, 0, NULL},
    {"popitem", weakdict_m_popitem, 0, NULL},
    {"keys", weak_m_keys, 0, NULL},
    {"values", weak_m_values, 0, NULL},
    {"items", weak_m_items, 0, NULL},
    {"update", weakdict_m_update, 0, NULL},
    {"copy", weakdict_m_copy, 0, NULL},
    {"__copy__", weakdict_m_copy, 0, NULL},
    {"clear", weakdict_m_clear, 0, NULL},
    {"keyrefs", weakdict_m_keyrefs, 0, NULL},
    {"__class_getitem__", py_class_getitem, PY_METH_CLASS,
     "See PEP 585"},
    {NULL, NULL, 0, NULL}
};

py_static_type py_weakvaluedict_static = {.t = {
    PY_TYPE_INIT_KIND("weakref.WeakValueDictionary", oh_weakvaluedict_type),
    .methods = weakvaluedict_methods,
    .tp_new = weakvaluedict_new,
    .tp_repr = weakdict_repr,
    .tp_iter = weak_iter,
    .mp_length = weak_len,
    .mp_subscript = weakdict_subscript,
    .mp_ass_subscript = weakdict_ass_subscript,
    .sq_contains = weakdict_contains,
}};

py_static_type py_weakkeydict_static = {.t = {
    PY_TYPE_INIT_KIND("weakref.WeakKeyDictionary", oh_weakkeydict_type),
    .methods = weakkeydict_methods,
    .tp_new = weakkeydict_new,
    .tp_repr = weakdict_repr,
    .tp_iter = weak_iter,
    .mp_length = weak_len,
    .mp_subscript = weakdict_subscript,
    .mp_ass_subscript = weakdict_ass_subscript,
    .sq_contains = weakdict_contains,
}};

/* ==========================================================================
 * WeakSet
 * ========================================================================== */

static int
weakset_contains(oh_object *self, oh_object *item)
{
    int r = oh_weakset_contains(self, item);
    if (r < 0 && py_err_matches(PY_EXC(TypeError))) {
        py_err_clear();
        return 0;
    }
    return r;
}

/* Add every item of an iterable. */
static int
weakset_add_all(oh_object *s, oh_object *iterable)
{
    oh_object *it = py_iter(iterable);
    if (it == NULL)
        return -1;
    oh_object *x;
    while ((x = py_iter_next(it)) != NULL) {
        int r = oh_weakset_add(s, x);
        oh_decref(x);
        if (r < 0)
            break;
    }
    oh_decref(it);
    return py_err_occurred() ? -1 : 0;
}

static oh_object *
weakset_new(py_type *type, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (py_no_kwargs("WeakSet", kwnames) < 0)
        return NULL;
    if (nargs > 1)
        return py_err_format(PY_EXC(TypeError), "WeakSet expected at most 1 "
                             "argument, got %zu", nargs);
    oh_object *s = oh_weakset_new();
    if (s != NULL && nargs == 1 && args[0] != OH_NONE
        && weakset_add_all(s, args[0]) < 0)
        OH_CLEAR(s);
    return s;
}

static oh_object *
weakset_repr(oh_object *self)
{
    oh_object *items = weak_list(self, WI_KEYS);
    if (items == NULL)
        return NULL;
    int64_t n = OHI_LIST(items)->size;
    if (n == 0) {
        oh_decref(items);
        return oh_str_from_cstr("set()");
    }
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    ohi_strbuf_adds(&b, "{");
    for (int64_t i = 0; i < n; i++) {
        oh_object *r = oh_weakref_new(OHI_LIST(items)->items[i], NULL);
        oh_object *s = r ? ref_repr(r) : NULL;
        oh_xdecref(r);
        if (s == NULL) {
            ohi_strbuf_discard(&b);
            oh_decref(items);
            return NULL;
        }
        if (i > 0)
            ohi_strbuf_adds(&b, ", ");
        ohi_strbuf_adds(&b, oh_str_utf8(s, NULL));
        oh_decref(s);
    }
    ohi_strbuf_adds(&b, "}");
    oh_decref(items);
    return ohi_strbuf_finish(&b);
}

static oh_object *
weakset_m_add(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("add", nargs, kwnames, 1, 1) < 0
        || oh_weakset_add(self, args[0]) < 0)
        return NULL;
    return none();
}

static oh_object *
weakset_m_discard(oh_object *self, oh_object *const *args, size_t nargs,
                  oh_object *kwnames)
{
    if (py_check_args("discard", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (oh_weakset_discard(self, args[0]) < 0) {
        if (!py_err_matches(PY_EXC(TypeError)))
            return NULL;
        py_err_clear();
    }
    return none();
}

static oh_object *
weakset_m_remove(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_check_args("remove", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int r = oh_weakset_discard(self, args[0]);
    if (r < 0)
        return NULL;
    if (r == 0)
        return raise_key_error(args[0]);
    return none();
}

static oh_object *
weakset_m_pop(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("pop", nargs, kwnames, 0, 0) < 0)
        return NULL;
    oh_object *it = weakiter_new(self, WI_KEYS);
    if (it == NULL)
        return NULL;
    oh_object *x = weakiter_next(it);
    oh_decref(it);
    if (x == NULL) {
        if (!py_err_occurred())
            py_err_set_string(PY_EXC(KeyError), "pop from empty WeakSet");
        return NULL;
    }
    if (oh_weakset_discard(self, x) < 0) {
        oh_decref(x);
        return NULL;
    }
    return x;
}

static oh_object *
weakset_m_clear(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (py_check_args("clear", nargs, kwnames, 0, 0) < 0)
        return NULL;
    oh_object *items = weak_list(self, WI_KEYS);
    if (items == NULL)
        return NULL;
    for (int64_t i = 0; i < OHI_LIST(items)->size; i++)
        oh_weakset_discard(self, OHI_LIST(items)->items[i]);
    oh_decref(items);
    return none();
}

static oh_object *
weakset_copy(oh_object *self)
{
    oh_object *s = oh_weakset_new();
    if (s != NULL && weakset_add_all(s, self) < 0)
        OH_CLEAR(s);
    return s;
}

static oh_object *
weakset_m_copy(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (py_check_args("copy", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return weakset_copy(self);
}

static oh_object *
weakset_m_update(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_no_kwargs("update", kwnames) < 0)
        return NULL;
    for (size_t i = 0; i < nargs; i++)
        if (weakset_add_all(self, args[i]) < 0)
            return NULL;
    return none();
}

/* The set operations, on a copy (or a new set). */
enum { SET_UNION, SET_INTER, SET_DIFF, SET_SYMDIFF };

static oh_object *
weakset_combine(oh_object *self, oh_object *other, int op)
{
    oh_object *items = py_sequence_list(other);
    if (items == NULL)
        return NULL;
    oh_object *s = op == SET_INTER ? oh_weakset_new() : weakset_copy(self);
    int64_t n = OHI_LIST(items)->size;
    for (int64_t i = 0; s != NULL && i < n; i++) {
        oh_object *x = OHI_LIST(items)->items[i];
        int r = 0;
        switch (op) {
        case SET_UNION:
            r = oh_weakset_add(s, x);
            break;
        case SET_INTER:
            r = weakset_contains(self, x);
            if (r > 0)
                r = oh_weakset_add(s, x);
            break;
        case SET_DIFF:
            r = oh_weakset_discard(s, x);
            if (r < 0 && py_err_matches(PY_EXC(TypeError))) {
                py_err_clear();
                r = 0;
            }
            break;
        default:
            r = weakset_contains(self, x);
            if (r > 0)
                r = oh_weakset_discard(s, x);
            else if (r == 0)
                r = oh_weakset_add(s, x);
            break;
        }
        if (r < 0)
            OH_CLEAR(s);
    }
    oh_decref(items);
    return s;
}

#define WEAKSET_OP(name, op)                                                \
    static oh_object *                                                      \
    weakset_m_##name(oh_object *self, oh_object *const *args, size_t nargs, \
                     oh_object *kwnames)                                    \
    {                                                                       \
        if (py_check_args(#name, nargs, kwnames, 1, 1) < 0)                 \
            return NULL;                                                    \
        return weakset_combine(self, args[0], op);                          \
    }                                                                       \
    static oh_object *                                                      \
    weakset_nb_##name(oh_object *a, oh_object *b)                           \
    {                                                                       \
        if (a->type != &oh_weakset_type || b->type != &oh_weakset_type) {   \
            oh_incref(PY_NOTIMPL);                                          \
            return PY_NOTIMPL;                                              \
        }                                                                   \
        return weakset_combine(a, b, op);                                   \
    }
WEAKSET_OP(union, SET_UNION)
WEAKSET_OP(intersection, SET_INTER)
WEAKSET_OP(difference, SET_DIFF)
WEAKSET_OP(symmetric_difference, SET_SYMDIFF)
#undef WEAKSET_OP

/* Is every live item of a in b? */
static int
weakset_subset(oh_object *a, oh_object *b)
{
    oh_object *items = weak_list(a, WI_KEYS);
    if (items == NULL)
        return -1;
    int r = 1;
    for (int64_t i = 0; r == 1 && i < OHI_LIST(items)->size; i++)
        r = py_contains(b, OHI_LIST(items)->items[i]);
    oh_decref(items);
    return r;
}

static oh_object *
weakset_m_issubset(oh_object *self, oh_object *const *args, size_t nargs,
                   oh_object *kwnames)
{
    if (py_check_args("issubset", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int r = weakset_subset(self, args[0]);
    return r < 0 ? NULL : oh_bool_from(r);
}

static oh_object *
weakset_m_issuperset(oh_object *self, oh_object *const *args, size_t nargs,
                     oh_object *kwnames)
{
    if (py_check_args("issuperset", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *it = py_iter(args[0]);
    if (it == NULL)
        return NULL;
    int r = 1;
    oh_object *x;
    while (r == 1 && (x = py_iter_next(it)) != NULL) {
        r = weakset_contains(self, x);
        oh_decref(x);
    }
    oh_decref(it);
    if (r < 0 || py_err_occurred())
        return NULL;
    return oh_bool_from(r);
}

static oh_object *
weakset_m_isdisjoint(oh_object *self, oh_object *const *args, size_t nargs,
                     oh_object *kwnames)
{
    if (py_check_args("isdisjoint", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *inter = weakset_combine(self, args[0], SET_INTER);
    if (inter == NULL)
        return NULL;
    int64_t n = oh_weak_size(inter);
    oh_decref(inter);
    return oh_bool_from(n == 0);
}

static oh_object *
weakset_richcompare(oh_object *a, oh_object *b, int op)
{
    if (a->type != &oh_weakset_type || b->type != &oh_weakset_type) {
        oh_incref(PY_NOTIMPL);
        return PY_NOTIMPL;
    }
    int64_t na = oh_weak_size(a), nb = oh_weak_size(b);
    int sub = weakset_subset(a, b), sup = weakset_subset(b, a);
    if (sub < 0 || sup < 0)
        return NULL;
    bool r;
    switch (op) {
    case PY_CMP_EQ: r = sub && sup; break;
    case PY_CMP_NE: r = !(sub && sup); break;
    case PY_CMP_LE: r = sub; break;
    case PY_CMP_GE: r = sup; break;
    case PY_CMP_LT: r = sub && na < nb; break;
    default: r = sup && na > nb; break;
    }
    return oh_bool_from(r);
}

static const py_method_def weakset_methods[] = {
    {"add", weakset_m_add, 0, NULL},
    {"discard", weakset_m_discard, 0, NULL},
    {"remove", weakset_m_remove, 0, NULL},
    {"pop", weakset_m_pop, 0, NULL},
    {"clear", weakset_m_clear, 0, NULL},
    {"copy", weakset_m_copy, 0, NULL},
    {"__copy__", weakset_m_copy, 0, NULL},
    {"update", weakset_m_update, 0, NULL},
    {"union", weakset_m_union, 0, NULL},
    {"intersection", weakset_m_intersection, 0, NULL},
    {"difference", weakset_m_difference, 0, NULL},
    {"symmetric_difference", weakset_m_symmetric_difference, 0, NULL},
    {"issubset", weakset_m_issubset, 0, NULL},
    {"issuperset", weakset_m_issuperset, 0, NULL},
    {"isdisjoint", weakset_m_isdisjoint, 0, NULL},
    {"__class_getitem__", py_class_getitem, PY_METH_CLASS,
     "See PEP 585"},
    {NULL, NULL, 0, NULL}
};

py_static_type py_weakset_static = {.t = {
    PY_TYPE_INIT_KIND("_weakrefset.WeakSet", oh_weakset_type),
    .methods = weakset_methods,
    .tp_new = weakset_new,
    .tp_repr = weakset_repr,
    .tp_iter = weak_iter,
    .tp_richcompare = weakset_richcompare,
    .mp_length = weak_len,
    .sq_contains = weakset_contains,
    .nb_binary = {
        [PY_OP_BITOR] = weakset_nb_union,
        [PY_OP_BITAND] = weakset_nb_intersection,
        [PY_OP_SUB] = weakset_nb_difference,
        [PY_OP_BITXOR] = weakset_nb_symmetric_difference,
    },
}};

/* ==========================================================================
 * finalize
 * ========================================================================== */

typedef struct py_finalize {
    OH_OBJECT_HEAD;
    oh_object *fin;                     /* the library's finalize object, or
                                           NULL once dead (MW2) */
    oh_object *wr;                      /* weak reference to the object */
    oh_object *func, *args, *kwargs;    /* kwargs: dict or NULL */
    bool atexit;
    struct py_finalize *prev, *next;    /* the live list (MW2) */
} py_finalize;

#define FIN(o) ((py_finalize *)(void *)(o))

/* Live finalize objects, newest first: what py_weakref_atexit calls.  A
 * file-level list like the library's own registry of finalize objects
 * (OHI_RT->weakref.finalizers), which has no room for ours. */
static py_finalize *finalize_live;

static py_static_type py_finalize_static;
#define FINALIZE_TYPE (&py_finalize_static.t)

/* Make f dead (MW2): off the live list, the library's object dropped.
 * Returns the registration's reference, which the caller drops once done
 * with f. */
static void
finalize_kill(py_finalize *f)
{
    OH_ASSERT(f->fin != NULL);                          /* MW2 */
    if (f->prev != NULL)
        f->prev->next = f->next;
    else
        finalize_live = f->next;
    if (f->next != NULL)
        f->next->prev = f->prev;
    f->prev = f->next = NULL;
    OH_CLEAR(f->fin);
}

/* func(*args, **kwargs).  New reference. */
static oh_object *
finalize_run(oh_object *func, oh_object *args, oh_object *kwargs)
{
    return py_call_tuple_dict(func, args, kwargs);
}

/* The library calls this when the object dies: call func, once. */
static void
finalize_fire(void *arg)
{
    py_finalize *f = arg;
    if (f->fin == NULL)
        return;
    oh_object *func = f->func, *args = f->args, *kwargs = f->kwargs;
    f->func = f->args = f->kwargs = NULL;
    finalize_kill(f);
    oh_object *saved = py_err_fetch();
    oh_object *r = func ? finalize_run(func, args, kwargs) : NULL;
    if (r == NULL && py_err_occurred())
        py_err_write_unraisable(NULL, &f->ob_base);
    oh_xdecref(r);
    if (saved != NULL)
        py_err_raise(saved);
    oh_xdecref(func);
    oh_xdecref(args);
    oh_xdecref(kwargs);
    oh_decref(&f->ob_base);             /* the registration's (MW2) */
}

/* finalize(obj, func, /, *args, **kwargs) */
static oh_object *
finalize_new(py_type *type, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (nargs < 2)
        return py_err_format(PY_EXC(TypeError), "__init__() missing %zu "
                             "required positional argument%s",
                             2 - nargs, nargs == 1 ? "" : "s");
    oh_object *o = py_alloc_instance(type, 0);
    if (o == NULL)
        return NULL;
    py_finalize *f = FIN(o);
    f->atexit = true;
    f->args = oh_tuple_from_array(args + 2, nargs - 2);
    if (f->args == NULL)
        goto fail;
    size_t nkw = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    if (nkw > 0) {
        f->kwargs = oh_dict_new();
        if (f->kwargs == NULL)
            goto fail;
        for (size_t i = 0; i < nkw; i++)
            if (oh_dict_set(f->kwargs, OHI_TUPLE(kwnames)->items[i],
                            args[nargs + i]) < 0)
                goto fail;
    }
    oh_incref(args[1]);
    f->func = args[1];
    f->wr = oh_weakref_new(args[0], NULL);
    if (f->wr == NULL)
        goto fail;
    f->fin = oh_finalize(args[0], finalize_fire, f);
    if (f->fin == NULL)
        goto fail;
    /* The registration's reference and the live list (MW2). */
    oh_incref(o);
    f->next = finalize_live;
    if (f->next != NULL)
        f->next->prev = f;
    finalize_live = f;
    return o;
fail:
    oh_decref(o);
    return NULL;
}

static int
finalize_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    py_finalize *f = FIN(o);
    OH_VISIT(f->fin);
    OH_VISIT(f->wr);
    OH_VISIT(f->func);
    OH_VISIT(f->args);
    OH_VISIT(f->kwargs);
    return 0;
}

static void
finalize_clear(oh_object *o)
{
    py_finalize *f = FIN(o);
    /* Only a dead one can be garbage (MW2: the registration's reference
     * comes from outside), so there is nothing to detach. */
    OH_CLEAR(f->fin);
    OH_CLEAR(f->wr);
    OH_CLEAR(f->func);
    OH_CLEAR(f->args);
    OH_CLEAR(f->kwargs);
}

static void
finalize_dealloc(oh_object *o)
{
    finalize_clear(o);
    ohi_object_free(o);
}

/* Detach f if alive: 1 with its func, args and kwargs moved to the
 * caller (kwargs may be NULL), else 0. */
static int
finalize_take(py_finalize *f, oh_object **func, oh_object **args,
              oh_object **kwargs)
{
    if (f->fin == NULL)
        return 0;
    oh_finalize_detach(f->fin);
    *func = f->func;
    *args = f->args;
    *kwargs = f->kwargs;
    f->func = f->args = f->kwargs = NULL;
    finalize_kill(f);
    return 1;
}

/* f(): call func now if alive; its result, or None. */
static oh_object *
finalize_call(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("__call__", nargs, kwnames, 0, 1) < 0)
        return NULL;
    oh_object *func = NULL, *fargs = NULL, *kwargs = NULL;
    if (!finalize_take(FIN(self), &func, &fargs, &kwargs))
        return none();
    oh_object *r = finalize_run(func, fargs, kwargs);
    oh_decref(func);
    oh_decref(fargs);
    oh_xdecref(kwargs);
    oh_decref(self);                    /* the registration's (MW2) */
    return r;
}

/* (obj, func, args, kwargs) or None; detach too when `detach`. */
static oh_object *
finalize_info(oh_object *self, bool detach)
{
    py_finalize *f = FIN(self);
    if (f->fin == NULL)
        return none();
    oh_object *obj = oh_weakref_get(f->wr);
    if (obj == NULL)
        return NULL;
    if (obj == OH_NONE)
        return obj;
    oh_object *kw = f->kwargs ? f->kwargs : oh_dict_new();
    if (kw == NULL) {
        oh_decref(obj);
        return NULL;
    }
    if (f->kwargs != NULL)
        oh_incref(kw);
    oh_object *t = oh_tuple_pack(4, obj, f->func, f->args, kw);
    oh_decref(obj);
    oh_decref(kw);
    if (t != NULL && detach) {
        oh_object *func = NULL, *args = NULL, *kwargs = NULL;
        if (finalize_take(f, &func, &args, &kwargs)) {
            oh_xdecref(func);
            oh_xdecref(args);
            oh_xdecref(kwargs);
            oh_decref(self);            /* the registration's (MW2) */
        }
    }
    return t;
}

static oh_object *
finalize_m_detach(oh_object *self, oh_object *const *args, size_t nargs,
                  oh_object *kwnames)
{
    if (py_check_args("detach", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return finalize_info(self, true);
}

static oh_object *
finalize_m_peek(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (py_check_args("peek", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return finalize_info(self, false);
}

static oh_object *
finalize_get_alive(oh_object *self)
{
    return oh_bool_from(FIN(self)->fin != NULL);
}

static oh_object *
finalize_get_atexit(oh_object *self)
{
    return oh_bool_from(FIN(self)->fin != NULL && FIN(self)->atexit);
}

static int
finalize_set_atexit(oh_object *self, oh_object *value)
{
    if (value == NULL) {
        py_err_set_string(PY_EXC(AttributeError), "can't delete attribute");
        return -1;
    }
    int t = py_is_true(value);
    if (t < 0)
        return -1;
    if (FIN(self)->fin != NULL)
        FIN(self)->atexit = t;
    return 0;
}

static oh_object *
finalize_repr(oh_object *self)
{
    py_finalize *f = FIN(self);
    oh_object *o = f->fin && f->wr ? WR(f->wr)->object : NULL;
    if (o == NULL)
        return oh_str_from_format("<finalize object at %p; dead>",
                                  (void *)self);
    return oh_str_from_format("<finalize object at %p; for '%s' at %p>",
                              (void *)self, PY_TYPE(o)->tp_name, (void *)o);
}

static const py_method_def finalize_methods[] = {
    {"detach", finalize_m_detach, 0,
     "If alive then mark as dead and return (obj, func, args, kwargs); "
     "otherwise return None"},
    {"peek", finalize_m_peek, 0,
     "If alive then return (obj, func, args, kwargs); otherwise return "
     "None"},
    {NULL, NULL, 0, NULL}
};

static const py_getset_def finalize_getsets[] = {
    {"alive", finalize_get_alive, NULL, "Whether finalizer is alive"},
    {"atexit", finalize_get_atexit, finalize_set_atexit,
     "Whether finalizer should be called at exit"},
    {NULL, NULL, NULL, NULL}
};

static py_static_type py_finalize_static = {.t = {
    PY_TYPE_INIT("weakref.finalize", py_finalize, OH_TYPE_CONTAINER),
    .ot.dealloc = finalize_dealloc,
    .ot.traverse = finalize_traverse,
    .ot.clear = finalize_clear,
    .methods = finalize_methods,
    .getsets = finalize_getsets,
    .doc = "Class for finalization of weakrefable objects",
    .tp_new = finalize_new,
    .tp_call = finalize_call,
    .tp_repr = finalize_repr,
}};

static void finalize_detach_all(void);

void
py_weakref_atexit(void)
{
    /* Newest first, as Lib/weakref.py's _exitfunc; each call may create
     * or kill others, so restart from the head each time. */
    for (;;) {
        py_finalize *f = finalize_live;
        while (f != NULL && !f->atexit)
            f = f->next;
        if (f == NULL)
            break;
        oh_object *self = &f->ob_base;
        oh_incref(self);
        oh_object *r = finalize_call(self, NULL, 0, NULL);
        if (r == NULL)
            py_err_write_unraisable(NULL, self);
        oh_xdecref(r);
        oh_decref(self);
    }
    /* Then, as Lib/weakref.py sets finalize._shutdown: no finalizer runs
     * any more, not even when its object dies as the modules are
     * cleared. */
    finalize_detach_all();
}

/* ==========================================================================
 * The module
 * ========================================================================== */

static oh_object *
weakref_getweakrefcount(oh_object *self, oh_object *const *args,
                        size_t nargs, oh_object *kwnames)
{
    if (py_check_args("_weakref.getweakrefcount", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int64_t n = oh_weakref_count(args[0]);
    return n < 0 ? NULL : oh_int_from_i64(n);
}

static oh_object *
weakref_getweakrefs(oh_object *self, oh_object *const *args, size_t nargs,
                    oh_object *kwnames)
{
    if (py_check_args("_weakref.getweakrefs", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return oh_weakref_list(args[0]);
}

static const py_method_def weakref_methods[] = {
    {"proxy", weakref_proxy, 0, "Create a proxy object that weakly "
     "references 'object'."},
    {"getweakrefcount", weakref_getweakrefcount, 0,
     "Return the number of weak references to 'object'."},
    {"getweakrefs", weakref_getweakrefs, 0,
     "Return a list of all weak reference objects pointing to 'object'."},
    {NULL, NULL, 0, NULL}
};

static int
add_type(oh_object *m, const char *name, py_type *t)
{
    if (py_type_ready(t) < 0)
        return -1;
    oh_incref(&t->ob_base);
    return py_module_add(m, name, &t->ob_base);
}

static int
weakref_exec(oh_object *m)
{
    if (py_type_ready(LINK_TYPE) < 0
        || py_type_ready(&py_weakiter_static.t) < 0
        || add_type(m, "ref", PY_T(weakref)) < 0
        || add_type(m, "ReferenceType", PY_T(weakref)) < 0
        || add_type(m, "ProxyType", PY_T(weakproxy)) < 0
        || add_type(m, "CallableProxyType", PY_T(callable_proxy)) < 0
        || add_type(m, "WeakValueDictionary",
                    &py_weakvaluedict_static.t) < 0
        || add_type(m, "WeakKeyDictionary", &py_weakkeydict_static.t) < 0
        || add_type(m, "WeakSet", &py_weakset_static.t) < 0
        || add_type(m, "finalize", FINALIZE_TYPE) < 0
        || add_type(m, "WeakMethod", WEAKMETHOD_TYPE) < 0)
        return -1;
    return py_module_add(m, "ProxyTypes",
                         oh_tuple_pack(2, &PY_T(weakproxy)->ob_base,
                                       &PY_T(callable_proxy)->ob_base));
}

/* The finalize objects still alive keep themselves (MW2): detach them,
 * uncalled. */
static void
finalize_detach_all(void)
{
    while (finalize_live != NULL) {
        oh_object *self = &finalize_live->ob_base;
        oh_object *func = NULL, *args = NULL, *kwargs = NULL;
        oh_incref(self);
        if (finalize_take(FIN(self), &func, &args, &kwargs)) {
            oh_xdecref(func);
            oh_xdecref(args);
            oh_xdecref(kwargs);
            oh_decref(self);            /* the registration's (MW2) */
        }
        oh_decref(self);
    }
}

/* At shutdown (those with atexit were called by py_weakref_atexit,
 * earlier in the shutdown, which detached the rest). */
static void
weakref_fini(void)
{
    finalize_detach_all();
}

const py_module_def py_module_weakref = {
    .name = "weakref",
    .doc = "Support for weak references and the weak containers "
           "(objheap's own).",
    .methods = weakref_methods,
    .exec = weakref_exec,
    .fini = weakref_fini,
};
