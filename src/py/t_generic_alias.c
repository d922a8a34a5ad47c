/*
 * t_generic_alias.c -- types.GenericAlias: list[int], dict[str, int].
 *
 * What this file owns
 * -------------------
 * PY_T(generic_alias), what subscripting a built-in container class makes
 * (PEP 585): list[int], dict[str, list[int]], tuple[int, ...].  In 3.11
 * annotations are evaluated when a def runs, so `def f(x: list[int])`
 * needs one.  The alias keeps its origin (list) and its arguments (a
 * tuple), prints as python3 prints it, compares and hashes by both,
 * calls its origin (list[int]() is []), and hands every other attribute
 * to its origin (list[int].append is list.append), as CPython's
 * genericaliasobject.c does.  Type variables are not modelled:
 * __parameters__ is always ().
 *
 * The built-in containers reach it through their __class_getitem__
 * (py_class_getitem), a class method each defines in its method table.
 *
 * Invariants
 * ----------
 * GA1. origin is never NULL; args is always a tuple (a single argument
 *      is wrapped in a 1-tuple, as CPython's Py_GenericAlias does).
 */
#include "py/py.h"

#include <string.h>

typedef struct py_generic_alias {
    OH_OBJECT_HEAD;
    oh_object *origin;                  /* GA1 */
    oh_object *args;                    /* GA1: a tuple */
    oh_object *parameters;              /* () until asked; or NULL */
    oh_object *weaklist;
} py_generic_alias;

#define GA(o) ((py_generic_alias *)(void *)(o))

static int
ga_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(GA(o)->origin);
    OH_VISIT(GA(o)->args);
    OH_VISIT(GA(o)->parameters);
    return 0;
}

static void
ga_clear(oh_object *o)
{
    OH_CLEAR(GA(o)->origin);
    OH_CLEAR(GA(o)->args);
    OH_CLEAR(GA(o)->parameters);
}

oh_object *
py_generic_alias_new(oh_object *origin, oh_object *args)
{
    oh_object *t;
    if (args->type == &oh_tuple_type) {
        oh_incref(args);
        t = args;
    }
    else {
        t = oh_tuple_pack(1, args);
        if (t == NULL)
            return NULL;
    }
    py_generic_alias *a = (py_generic_alias *)(void *)ohi_object_alloc(
        &PY_T(generic_alias)->ot, 0);
    if (a == NULL) {
        oh_decref(t);
        return NULL;
    }
    oh_incref(origin);
    a->origin = origin;
    a->args = t;
    a->parameters = NULL;
    a->weaklist = NULL;
    ohi_gc_track(&a->ob_base);
    ohi_gc_safe_point();
    return &a->ob_base;
}

oh_object *
py_class_getitem(oh_object *cls, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_check_args("__class_getitem__", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return py_generic_alias_new(cls, args[0]);
}

/* One argument as ga_repr writes it: ... for Ellipsis, a class as
 * module.qualname (the module left out for builtins), anything else by
 * its repr. */
static int
repr_item(ohi_strbuf *b, oh_object *p)
{
    if (p == PY_ELLIPSIS) {
        ohi_strbuf_adds(b, "...");
        return 0;
    }
    if (p->type == &PY_T(generic_alias)->ot || !py_is_instance(p,
                                                               PY_T(type)))
        return ohi_strbuf_add_repr(b, p);
    py_type *t = (py_type *)(void *)p;
    oh_object *mod = NULL;
    int r = py_lookup_attr(p, PY_ID(__module__), &mod);
    if (r < 0)
        return -1;
    if (r > 0 && mod->type == &oh_str_type
        && !oh_str_equal_cstr(mod, "builtins")) {
        ohi_strbuf_add(b, OHI_STR(mod)->data, (size_t)OHI_STR(mod)->nbytes);
        ohi_strbuf_add(b, ".", 1);
    }
    oh_xdecref(mod);
    oh_object *qn = t->qualname != NULL ? t->qualname : t->name;
    ohi_strbuf_add(b, OHI_STR(qn)->data, (size_t)OHI_STR(qn)->nbytes);
    return b->failed ? -1 : 0;
}

static oh_object *
ga_repr(oh_object *o)
{
    py_generic_alias *a = GA(o);
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    int rc = repr_item(&b, a->origin);
    ohi_strbuf_add(&b, "[", 1);
    int64_t n = (int64_t)OHI_TUPLE_SIZE(a->args);
    if (n == 0)
        ohi_strbuf_adds(&b, "()");
    for (int64_t i = 0; rc == 0 && i < n; i++) {
        if (i > 0)
            ohi_strbuf_add(&b, ", ", 2);
        oh_object *p = OHI_TUPLE(a->args)->items[i];
        if (p->type == &oh_list_type) {
            /* Callable[[int, str], ...]: a list of arguments. */
            ohi_strbuf_add(&b, "[", 1);
            for (int64_t j = 0; rc == 0 && j < OHI_LIST(p)->size; j++) {
                if (j > 0)
                    ohi_strbuf_add(&b, ", ", 2);
                rc = repr_item(&b, OHI_LIST(p)->items[j]);
            }
            ohi_strbuf_add(&b, "]", 1);
        }
        else
            rc = repr_item(&b, p);
    }
    if (rc < 0) {
        ohi_strbuf_discard(&b);
        return NULL;
    }
    ohi_strbuf_add(&b, "]", 1);
    return ohi_strbuf_finish(&b);
}

static oh_object *
ga_richcompare(oh_object *x, oh_object *y, int op)
{
    if (x->type != &PY_T(generic_alias)->ot
        || y->type != &PY_T(generic_alias)->ot
        || (op != PY_CMP_EQ && op != PY_CMP_NE)) {
        oh_incref(PY_NOTIMPL);
        return PY_NOTIMPL;
    }
    int eq = py_compare_bool(GA(x)->origin, GA(y)->origin, PY_CMP_EQ);
    if (eq > 0)
        eq = py_compare_bool(GA(x)->args, GA(y)->args, PY_CMP_EQ);
    if (eq < 0)
        return NULL;
    return oh_bool_from(op == PY_CMP_EQ ? eq : !eq);
}

static oh_hash_t
ga_hash(oh_object *o)
{
    oh_hash_t h0 = py_hash(GA(o)->origin);
    if (h0 == -1)
        return -1;
    oh_hash_t h1 = py_hash(GA(o)->args);
    if (h1 == -1)
        return -1;
    oh_hash_t h = h0 ^ h1;
    return h == -1 ? -2 : h;
}

/* list[int](...) is list(...); the result learns its alias through
 * __orig_class__ when it can hold attributes. */
static oh_object *
ga_call(oh_object *callable, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    oh_object *r = py_call(GA(callable)->origin, args, nargs, kwnames);
    if (r == NULL)
        return NULL;
    oh_object *name = py_static_str("__orig_class__");
    if (name == NULL || py_setattr(r, name, callable) < 0) {
        if (name == NULL || (!py_err_matches(PY_EXC(AttributeError))
                             && !py_err_matches(PY_EXC(TypeError)))) {
            oh_decref(r);
            return NULL;
        }
        py_err_clear();
    }
    return r;
}

/* The attributes the alias answers itself; the rest are its origin's.
 * CPython's list, plus the two checks, which CPython finds on the type
 * (isinstance here asks the object). */
static const char *const own_attrs[] = {
    "__origin__", "__args__", "__parameters__", "__mro_entries__",
    "__reduce_ex__", "__reduce__", "__copy__", "__deepcopy__", "__class__",
    "__unpacked__", "__typing_unpacked_tuple_args__", "__instancecheck__",
    "__subclasscheck__", NULL
};

static oh_object *
ga_getattro(oh_object *o, oh_object *name)
{
    const char *s = oh_str_utf8(name, NULL);
    for (size_t i = 0; s != NULL && own_attrs[i] != NULL; i++)
        if (strcmp(own_attrs[i], s) == 0)
            return py_object_generic_getattr(o, name);
    return py_getattr(GA(o)->origin, name);
}

static oh_object *
ga_get_parameters(oh_object *self)
{
    py_generic_alias *a = GA(self);
    if (a->parameters == NULL) {
        a->parameters = oh_tuple_from_array(NULL, 0);
        if (a->parameters == NULL)
            return NULL;
    }
    oh_incref(a->parameters);
    return a->parameters;
}

static oh_object *
ga_m_mro_entries(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_check_args("__mro_entries__", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return oh_tuple_pack(1, GA(self)->origin);
}

static oh_object *
ga_m_instancecheck(oh_object *self, oh_object *const *args, size_t nargs,
                   oh_object *kwnames)
{
    return py_err_set_string(PY_EXC(TypeError), "isinstance() argument 2 "
                             "cannot be a parameterized generic");
}

static oh_object *
ga_m_subclasscheck(oh_object *self, oh_object *const *args, size_t nargs,
                   oh_object *kwnames)
{
    return py_err_set_string(PY_EXC(TypeError), "issubclass() argument 2 "
                             "cannot be a parameterized generic");
}

static const py_method_def ga_methods[] = {
    {"__mro_entries__", ga_m_mro_entries, 0, NULL},
    {"__instancecheck__", ga_m_instancecheck, 0, NULL},
    {"__subclasscheck__", ga_m_subclasscheck, 0, NULL},
    {NULL, NULL, 0, NULL}
};

static const py_member_def ga_members[] = {
    {"__origin__", PY_MEMBER_OBJECT, offsetof(py_generic_alias, origin),
     true},
    {"__args__", PY_MEMBER_OBJECT, offsetof(py_generic_alias, args), true},
    {NULL, 0, 0, false}
};

static const py_getset_def ga_getsets[] = {
    {"__parameters__", ga_get_parameters, NULL, NULL},
    {NULL, NULL, NULL, NULL}
};

py_static_type py_generic_alias_static = {.t = {
    PY_TYPE_INIT("types.GenericAlias", py_generic_alias,
                 OH_TYPE_CONTAINER | OH_TYPE_WEAKREFABLE),
    .ot.traverse = ga_traverse,
    .ot.clear = ga_clear,
    .ot.weaklistoffset = offsetof(py_generic_alias, weaklist),
    .weaklistoffset = offsetof(py_generic_alias, weaklist),
    .methods = ga_methods,
    .members = ga_members,
    .getsets = ga_getsets,
    .doc = "Represent a PEP 585 generic type\n\n"
           "E.g. for t = list[int], t.__origin__ is list and t.__args__ "
           "is (int,).",
    .tp_repr = ga_repr,
    .tp_hash = ga_hash,
    .tp_richcompare = ga_richcompare,
    .tp_call = ga_call,
    .tp_getattro = ga_getattro,
}};
