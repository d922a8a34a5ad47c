/*
 * descr.c -- descriptors: how attributes that live on a type reach
 * instances.
 *
 * What this file owns
 * -------------------
 * The descriptor types: methods of built-in types (str.upper: a
 * method_descr that binds to an instance as a cfunction), class methods
 * of built-in types (dict.fromkeys), computed attributes (getset_descr)
 * and struct fields (member_descr) of built-in types and __slots__; the
 * Python-level staticmethod, classmethod and property; super; and
 * mappingproxy, the read-only view a class's __dict__ gives.
 *
 * The protocol (typeobject.c, py_object_generic_getattr): an attribute
 * found on the type is a descriptor if its type has tp_descr_get; it is a
 * data descriptor, which wins over the instance's own attributes, if it
 * also has tp_descr_set.  getset, member and property are data
 * descriptors; methods, classmethod, staticmethod and functions are not.
 *
 * Invariants
 * ----------
 * DS1. A method_descr, classmethod_descr, getset_descr or member_descr
 *      points at a definition in static storage (or, for __slots__, in
 *      its heap type, which it keeps alive) and at its type.
 * DS2. A super object's `type` is on the mro of its object's type (or of
 *      the object itself when it is a type).
 */
#include "py/py.h"

#include <string.h>

#define ID(i) (OHI_RT->py->ids[(i)])

/* ==========================================================================
 * Methods of built-in types
 * ========================================================================== */

#define MDESCR(o) ((py_method_descr *)(void *)(o))

/* Every descriptor of this file that names a type holds a reference to it
 * when it is a class (a heap type), and the class's dict holds the
 * descriptor: the collector must see that edge, or no class with a
 * method written in C, a __dict__ or a __slots__ member could ever be
 * collected.  The descriptor structs share their first two fields. */
typedef struct typed_descr {
    OH_OBJECT_HEAD;
    const void *def;
    py_type *type;
} typed_descr;

static int
descr_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    py_type *t = ((typed_descr *)(void *)o)->type;
    if (t != NULL && (t->tpflags & PY_TPFLAGS_HEAPTYPE))
        OH_VISIT(&t->ob_base);
    return 0;
}

/* A new descriptor of descriptor type dt for (def, type); tracked. */
static oh_object *
descr_new(py_type *dt, const void *def, py_type *type)
{
    typed_descr *d = (typed_descr *)(void *)ohi_object_alloc(&dt->ot, 0);
    if (d == NULL)
        return NULL;
    d->def = def;
    d->type = type;
    if (type->tpflags & PY_TPFLAGS_HEAPTYPE)
        oh_incref(&type->ob_base);
    ohi_gc_track(&d->ob_base);
    return &d->ob_base;
}

oh_object *
py_descr_new_method(py_type *type, const py_method_def *def)
{
    return descr_new(PY_T(method_descr), def, type);
}

static void
method_descr_dealloc(oh_object *o)
{
    py_type *t = MDESCR(o)->type;
    ohi_object_free(o);
    if (t->tpflags & PY_TPFLAGS_HEAPTYPE)
        oh_decref(&t->ob_base);
}

/* str.upper("abc"): the first argument is self. */
static oh_object *
method_descr_call(oh_object *callable, oh_object *const *args, size_t nargs,
                  oh_object *kwnames)
{
    py_method_descr *d = MDESCR(callable);
    if (nargs < 1)
        return py_err_format(PY_EXC(TypeError), "unbound method %s.%s() "
                             "needs an argument", d->type->tp_name,
                             d->def->name);
    if (!py_is_instance(args[0], d->type))
        return py_err_format(PY_EXC(TypeError), "descriptor '%s' for "
                             "'%s' objects doesn't apply to a '%T' object",
                             d->def->name, d->type->tp_name, args[0]);
    return d->def->fn(args[0], args + 1, nargs - 1, kwnames);
}

static oh_object *
method_descr_get(oh_object *descr, oh_object *obj, oh_object *type)
{
    py_method_descr *d = MDESCR(descr);
    if (obj == NULL) {
        oh_incref(descr);
        return descr;
    }
    if (!py_is_instance(obj, d->type))
        return py_err_format(PY_EXC(TypeError), "descriptor '%s' for "
                             "'%s' objects doesn't apply to a '%T' object",
                             d->def->name, d->type->tp_name, obj);
    return py_cfunction_new(d->def, obj, NULL);
}

static oh_object *
method_descr_repr(oh_object *o)
{
    return oh_str_from_format("<method '%s' of '%s' objects>",
                              MDESCR(o)->def->name,
                              MDESCR(o)->type->tp_name);
}

static oh_object *
descr_get_name(oh_object *o)
{
    return oh_str_from_cstr(MDESCR(o)->def->name);
}

static oh_object *
descr_get_qualname(oh_object *o)
{
    return oh_str_from_format("%s.%s", MDESCR(o)->type->tp_name,
                              MDESCR(o)->def->name);
}

static oh_object *
descr_get_objclass(oh_object *o)
{
    oh_incref(&MDESCR(o)->type->ob_base);
    return &MDESCR(o)->type->ob_base;
}

static oh_object *
descr_get_doc(oh_object *o)
{
    const char *doc = MDESCR(o)->def->doc;
    if (doc == NULL) {
        oh_incref(OH_NONE);
        return OH_NONE;
    }
    return oh_str_from_cstr(doc);
}

static const py_getset_def method_descr_getsets[] = {
    {"__name__", descr_get_name, NULL, NULL},
    {"__qualname__", descr_get_qualname, NULL, NULL},
    {"__objclass__", descr_get_objclass, NULL, NULL},
    {"__doc__", descr_get_doc, NULL, NULL},
    {NULL, NULL, NULL, NULL}
};

py_static_type py_method_descr_static = {.t = {
    PY_TYPE_INIT("method_descriptor", py_method_descr,
                 OH_TYPE_HASHABLE | OH_TYPE_CONTAINER),
    .ot.traverse = descr_traverse,
    .ot.dealloc = method_descr_dealloc,
    .getsets = method_descr_getsets,
    .tp_call = method_descr_call,
    .tp_descr_get = method_descr_get,
    .tp_repr = method_descr_repr,
}};

/* --- class methods of built-in types (dict.fromkeys) --------------------- */

oh_object *
py_descr_new_classmethod(py_type *type, const py_method_def *def)
{
    return descr_new(PY_T(classmethod_descr), def, type);
}

static oh_object *
classmethod_descr_get(oh_object *descr, oh_object *obj, oh_object *type)
{
    if (type == NULL)
        type = &PY_TYPE(obj)->ob_base;
    return py_cfunction_new(MDESCR(descr)->def, type, NULL);
}

static oh_object *
classmethod_descr_call(oh_object *callable, oh_object *const *args,
                       size_t nargs, oh_object *kwnames)
{
    py_method_descr *d = MDESCR(callable);
    if (nargs < 1 || !py_is_instance(args[0], PY_T(type)))
        return py_err_format(PY_EXC(TypeError), "descriptor '%s' for "
                             "type '%s' needs a type, not a '%T' as arg 2",
                             d->def->name, d->type->tp_name,
                             nargs ? args[0] : OH_NONE);
    return d->def->fn(args[0], args + 1, nargs - 1, kwnames);
}

static oh_object *
classmethod_descr_repr(oh_object *o)
{
    return oh_str_from_format("<method '%s' of '%s' objects>",
                              MDESCR(o)->def->name,
                              MDESCR(o)->type->tp_name);
}

py_static_type py_classmethod_descr_static = {.t = {
    PY_TYPE_INIT("classmethod_descriptor", py_method_descr,
                 OH_TYPE_HASHABLE | OH_TYPE_CONTAINER),
    .ot.traverse = descr_traverse,
    .ot.dealloc = method_descr_dealloc,
    .getsets = method_descr_getsets,
    .tp_call = classmethod_descr_call,
    .tp_descr_get = classmethod_descr_get,
    .tp_repr = classmethod_descr_repr,
}};

/* ==========================================================================
 * getset and member descriptors
 * ========================================================================== */

typedef struct getset_descr {
    OH_OBJECT_HEAD;
    const py_getset_def *def;
    py_type *type;
} getset_descr;

#define GSDESCR(o) ((getset_descr *)(void *)(o))

oh_object *
py_descr_new_getset(py_type *type, const py_getset_def *def)
{
    return descr_new(PY_T(getset_descr), def, type);
}

static void
getset_dealloc(oh_object *o)
{
    py_type *t = GSDESCR(o)->type;
    ohi_object_free(o);
    if (t->tpflags & PY_TPFLAGS_HEAPTYPE)
        oh_decref(&t->ob_base);
}

static oh_object *
getset_get(oh_object *descr, oh_object *obj, oh_object *type)
{
    getset_descr *d = GSDESCR(descr);
    if (obj == NULL) {
        oh_incref(descr);
        return descr;
    }
    if (!py_is_instance(obj, d->type))
        return py_err_format(PY_EXC(TypeError), "descriptor '%s' for '%s' "
                             "objects doesn't apply to a '%T' object",
                             d->def->name, d->type->tp_name, obj);
    if (d->def->get == NULL)
        return py_err_format(PY_EXC(AttributeError), "attribute '%s' of "
                             "'%s' objects is not readable", d->def->name,
                             d->type->tp_name);
    return d->def->get(obj);
}

static int
getset_set(oh_object *descr, oh_object *obj, oh_object *value)
{
    getset_descr *d = GSDESCR(descr);
    if (d->def->set == NULL) {
        py_err_format(PY_EXC(AttributeError), "attribute '%s' of '%s' "
                      "objects is not writable", d->def->name,
                      d->type->tp_name);
        return -1;
    }
    return d->def->set(obj, value);
}

static oh_object *
getset_repr(oh_object *o)
{
    return oh_str_from_format("<attribute '%s' of '%s' objects>",
                              GSDESCR(o)->def->name,
                              GSDESCR(o)->type->tp_name);
}

static oh_object *
getset_get_name(oh_object *o)
{
    return oh_str_from_cstr(GSDESCR(o)->def->name);
}

static const py_getset_def getset_descr_getsets[] = {
    {"__name__", getset_get_name, NULL, NULL},
    {NULL, NULL, NULL, NULL}
};

py_static_type py_getset_descr_static = {.t = {
    PY_TYPE_INIT("getset_descriptor", getset_descr,
                 OH_TYPE_HASHABLE | OH_TYPE_CONTAINER),
    .ot.traverse = descr_traverse,
    .ot.dealloc = getset_dealloc,
    .getsets = getset_descr_getsets,
    .tp_descr_get = getset_get,
    .tp_descr_set = getset_set,
    .tp_repr = getset_repr,
}};

typedef struct member_descr {
    OH_OBJECT_HEAD;
    const py_member_def *def;
    py_type *type;
} member_descr;

#define MEMDESCR(o) ((member_descr *)(void *)(o))

oh_object *
py_descr_new_member(py_type *type, const py_member_def *def)
{
    return descr_new(PY_T(member_descr), def, type);
}

const py_member_def *
py_member_descr_def(oh_object *descr)
{
    return MEMDESCR(descr)->def;
}

static oh_object *
member_get(oh_object *descr, oh_object *obj, oh_object *type)
{
    member_descr *d = MEMDESCR(descr);
    if (obj == NULL) {
        oh_incref(descr);
        return descr;
    }
    if (!py_is_instance(obj, d->type))
        return py_err_format(PY_EXC(TypeError), "descriptor '%s' for '%s' "
                             "objects doesn't apply to a '%T' object",
                             d->def->name, d->type->tp_name, obj);
    char *p = (char *)obj + d->def->offset;
    switch (d->def->kind) {
    case PY_MEMBER_OBJECT:
    case PY_MEMBER_OBJECT_EX: {
        oh_object *v = *(oh_object **)(void *)p;
        if (v == NULL) {
            if (d->def->kind == PY_MEMBER_OBJECT_EX)
                return py_err_format(PY_EXC(AttributeError), "'%s' object "
                                     "has no attribute '%s'",
                                     PY_TYPE(obj)->tp_name, d->def->name);
            v = OH_NONE;
        }
        oh_incref(v);
        return v;
    }
    case PY_MEMBER_INT64:
        return oh_int_from_i64(*(int64_t *)(void *)p);
    case PY_MEMBER_INT:
        return oh_int_from_i64(*(int *)(void *)p);
    case PY_MEMBER_BOOL:
        return oh_bool_from(*(bool *)(void *)p);
    case PY_MEMBER_DOUBLE:
        return oh_float_from_double(*(double *)(void *)p);
    }
    return py_err_set_string(PY_EXC(SystemError), "bad member kind");
}

static int
member_set(oh_object *descr, oh_object *obj, oh_object *value)
{
    member_descr *d = MEMDESCR(descr);
    if (!py_is_instance(obj, d->type)) {
        py_err_format(PY_EXC(TypeError), "descriptor '%s' for '%s' objects "
                      "doesn't apply to a '%T' object", d->def->name,
                      d->type->tp_name, obj);
        return -1;
    }
    if (d->def->readonly) {
        py_err_format(PY_EXC(AttributeError), "readonly attribute");
        return -1;
    }
    char *p = (char *)obj + d->def->offset;
    switch (d->def->kind) {
    case PY_MEMBER_OBJECT:
    case PY_MEMBER_OBJECT_EX: {
        oh_object **slot = (oh_object **)(void *)p;
        oh_object *old = *slot;
        if (value == NULL && old == NULL
            && d->def->kind == PY_MEMBER_OBJECT_EX) {
            py_err_format(PY_EXC(AttributeError), "'%s' object has no "
                          "attribute '%s'", PY_TYPE(obj)->tp_name,
                          d->def->name);
            return -1;
        }
        oh_xincref(value);
        *slot = value;
        oh_xdecref(old);
        return 0;
    }
    case PY_MEMBER_INT64:
    case PY_MEMBER_INT:
    case PY_MEMBER_BOOL: {
        if (value == NULL) {
            py_err_set_string(PY_EXC(TypeError), "can't delete numeric/"
                              "char attribute");
            return -1;
        }
        int64_t v;
        if (d->def->kind == PY_MEMBER_BOOL) {
            if (value->type != &oh_bool_type) {
                py_err_set_string(PY_EXC(TypeError), "attribute value "
                                  "type must be bool");
                return -1;
            }
            *(bool *)(void *)p = value == OH_TRUE;
            return 0;
        }
        if (py_index_i64(value, &v) < 0)
            return -1;
        if (d->def->kind == PY_MEMBER_INT)
            *(int *)(void *)p = (int)v;
        else
            *(int64_t *)(void *)p = v;
        return 0;
    }
    case PY_MEMBER_DOUBLE: {
        if (value == NULL) {
            py_err_set_string(PY_EXC(TypeError), "can't delete numeric/"
                              "char attribute");
            return -1;
        }
        oh_object *f = py_number_float(value);
        if (f == NULL)
            return -1;
        oh_float_as_double(f, (double *)(void *)p);
        oh_decref(f);
        return 0;
    }
    }
    return -1;
}

static void
member_dealloc(oh_object *o)
{
    py_type *t = MEMDESCR(o)->type;
    ohi_object_free(o);
    if (t->tpflags & PY_TPFLAGS_HEAPTYPE)
        oh_decref(&t->ob_base);
}

static oh_object *
member_repr(oh_object *o)
{
    return oh_str_from_format("<member '%s' of '%s' objects>",
                              MEMDESCR(o)->def->name,
                              MEMDESCR(o)->type->tp_name);
}

py_static_type py_member_descr_static = {.t = {
    PY_TYPE_INIT("member_descriptor", member_descr,
                 OH_TYPE_HASHABLE | OH_TYPE_CONTAINER),
    .ot.traverse = descr_traverse,
    .ot.dealloc = member_dealloc,
    .tp_descr_get = member_get,
    .tp_descr_set = member_set,
    .tp_repr = member_repr,
}};

/* ==========================================================================
 * staticmethod and classmethod
 * ========================================================================== */

/* Both wrap a callable; they share a layout.  The dict lets
 * functools.wraps copy attributes onto them. */
typedef struct wrapped_callable {
    OH_OBJECT_HEAD;
    oh_object *callable;
    oh_object *dict;
} wrapped_callable;

#define WCALL(o) ((wrapped_callable *)(void *)(o))

static int
wrapped_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(WCALL(o)->callable);
    OH_VISIT(WCALL(o)->dict);
    return 0;
}

static void
wrapped_clear(oh_object *o)
{
    OH_CLEAR(WCALL(o)->callable);
    OH_CLEAR(WCALL(o)->dict);
}

static oh_object *
wrapped_new(py_type *type, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (py_no_kwargs(type->tp_name, kwnames) < 0)
        return NULL;
    if (nargs != 1)
        return py_err_format(PY_EXC(TypeError), "%s expected 1 argument, "
                             "got %zu", type->tp_name, nargs);
    oh_object *o = ohi_object_alloc(type->layout, 0);
    if (o == NULL)
        return NULL;
    memset((char *)o + sizeof(oh_object), 0,
           type->layout->basicsize - sizeof(oh_object));
    if (type->tpflags & PY_TPFLAGS_HEAPTYPE)
        oh_incref(&type->ob_base);
    oh_incref(args[0]);
    WCALL(o)->callable = args[0];
    ohi_gc_track(o);
    ohi_gc_safe_point();
    return o;
}

oh_object *
py_staticmethod_new(oh_object *callable)
{
    return wrapped_new(PY_T(staticmethod), &callable, 1, NULL);
}

static oh_object *
staticmethod_get(oh_object *descr, oh_object *obj, oh_object *type)
{
    oh_incref(WCALL(descr)->callable);
    return WCALL(descr)->callable;
}

static oh_object *
staticmethod_call(oh_object *callable, oh_object *const *args, size_t nargs,
                  oh_object *kwnames)
{
    return py_call(WCALL(callable)->callable, args, nargs, kwnames);
}

static oh_object *
classmethod_get(oh_object *descr, oh_object *obj, oh_object *type)
{
    if (type == NULL)
        type = &PY_TYPE(obj)->ob_base;
    oh_object *f = WCALL(descr)->callable;
    /* A classmethod around a descriptor (a property, another
     * classmethod) binds through it, as 3.9-3.12 do. */
    py_descrgetfunc get = PY_TYPE(f)->tp_descr_get;
    if (get != NULL && f->type != &PY_T(function)->ot)
        return get(f, type, type);
    return py_method_new(f, type);
}

static oh_object *
wrapped_get_func(oh_object *o)
{
    oh_incref(WCALL(o)->callable);
    return WCALL(o)->callable;
}

static oh_object *
wrapped_get_dict(oh_object *o)
{
    if (WCALL(o)->dict == NULL) {
        WCALL(o)->dict = oh_dict_new();
        if (WCALL(o)->dict == NULL)
            return NULL;
    }
    oh_incref(WCALL(o)->dict);
    return WCALL(o)->dict;
}

/* __doc__, __name__, ... come from the wrapped function (3.10+). */
static oh_object *
wrapped_getattro(oh_object *o, oh_object *name)
{
    oh_object *r = py_object_generic_getattr(o, name);
    if (r != NULL || !py_err_matches(PY_EXC(AttributeError)))
        return r;
    const char *s = oh_str_utf8(name, NULL);
    if (strcmp(s, "__doc__") && strcmp(s, "__name__")
        && strcmp(s, "__qualname__") && strcmp(s, "__module__")
        && strcmp(s, "__wrapped__"))
        return NULL;
    py_err_clear();
    if (!strcmp(s, "__wrapped__"))
        return wrapped_get_func(o);
    return py_getattr(WCALL(o)->callable, name);
}

static const py_getset_def wrapped_getsets[] = {
    {"__func__", wrapped_get_func, NULL, NULL},
    {"__dict__", wrapped_get_dict, NULL, NULL},
    {NULL, NULL, NULL, NULL}
};

static int
wrapped_init(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    return 0;
}

py_static_type py_staticmethod_static = {.t = {
    PY_TYPE_INIT("staticmethod", wrapped_callable, OH_TYPE_CONTAINER),
    .ot.traverse = wrapped_traverse,
    .ot.clear = wrapped_clear,
    .tpflags = PY_TPFLAGS_BASETYPE,
    .dictoffset = offsetof(wrapped_callable, dict),
    .getsets = wrapped_getsets,
    .tp_new = wrapped_new,
    .tp_init = wrapped_init,
    .tp_call = staticmethod_call,
    .tp_descr_get = staticmethod_get,
    .tp_getattro = wrapped_getattro,
}};

py_static_type py_classmethod_static = {.t = {
    PY_TYPE_INIT("classmethod", wrapped_callable, OH_TYPE_CONTAINER),
    .ot.traverse = wrapped_traverse,
    .ot.clear = wrapped_clear,
    .tpflags = PY_TPFLAGS_BASETYPE,
    .dictoffset = offsetof(wrapped_callable, dict),
    .getsets = wrapped_getsets,
    .tp_new = wrapped_new,
    .tp_init = wrapped_init,
    .tp_descr_get = classmethod_get,
    .tp_getattro = wrapped_getattro,
}};

/* ==========================================================================
 * property
 * ========================================================================== */

typedef struct property_obj {
    OH_OBJECT_HEAD;
    oh_object *fget, *fset, *fdel;      /* or NULL */
    oh_object *doc;                     /* or NULL */
    oh_object *name;                    /* from __set_name__, or NULL */
} property_obj;

#define PROP(o) ((property_obj *)(void *)(o))

static int
property_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(PROP(o)->fget);
    OH_VISIT(PROP(o)->fset);
    OH_VISIT(PROP(o)->fdel);
    OH_VISIT(PROP(o)->doc);
    OH_VISIT(PROP(o)->name);
    return 0;
}

static void
property_clear(oh_object *o)
{
    OH_CLEAR(PROP(o)->fget);
    OH_CLEAR(PROP(o)->fset);
    OH_CLEAR(PROP(o)->fdel);
    OH_CLEAR(PROP(o)->doc);
    OH_CLEAR(PROP(o)->name);
}

static oh_object *
property_new(py_type *type, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    oh_object *o = ohi_object_alloc(type->layout, 0);
    if (o == NULL)
        return NULL;
    memset((char *)o + sizeof(oh_object), 0,
           type->layout->basicsize - sizeof(oh_object));
    if (type->tpflags & PY_TPFLAGS_HEAPTYPE)
        oh_incref(&type->ob_base);
    ohi_gc_track(o);
    ohi_gc_safe_point();
    return o;
}

static int
property_init(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    static const char *const kw[] = {"fget", "fset", "fdel", "doc", NULL};
    static const py_argspec spec = {"property", kw, 0, 4, 0};
    oh_object *a[4];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return -1;
    property_obj *p = PROP(self);
    oh_object **fields[4] = {&p->fget, &p->fset, &p->fdel, &p->doc};
    for (int i = 0; i < 4; i++) {
        oh_object *v = a[i] == OH_NONE ? NULL : a[i];
        oh_xincref(v);
        oh_object *old = *fields[i];
        *fields[i] = v;
        oh_xdecref(old);
    }
    /* The getter's name is the property's (3.11's error messages use
     * it); __set_name__ may set it again. */
    if (p->fget != NULL && p->name == NULL) {
        oh_object *n;
        int r = py_lookup_attr(p->fget, PY_ID(__name__), &n);
        if (r < 0)
            return -1;
        if (r > 0)
            p->name = n;
    }
    /* The getter's docstring becomes the property's. */
    if (p->doc == NULL && p->fget != NULL) {
        oh_object *d;
        int r = py_lookup_attr(p->fget, PY_ID(__doc__), &d);
        if (r < 0)
            return -1;
        if (r > 0) {
            if (d == OH_NONE)
                oh_decref(d);
            else
                p->doc = d;
        }
    }
    return 0;
}

static oh_object *
property_get(oh_object *descr, oh_object *obj, oh_object *type)
{
    property_obj *p = PROP(descr);
    if (obj == NULL) {
        oh_incref(descr);
        return descr;
    }
    if (p->fget == NULL) {
        if (p->name != NULL)
            return py_err_format(PY_EXC(AttributeError), "property %R of "
                                 "%R object has no getter", p->name,
                                 PY_TYPE(obj)->qualname);
        return py_err_set_string(PY_EXC(AttributeError),
                                 "unreadable attribute");
    }
    return py_call1(p->fget, obj);
}

static int
property_set(oh_object *descr, oh_object *obj, oh_object *value)
{
    property_obj *p = PROP(descr);
    oh_object *f = value == NULL ? p->fdel : p->fset;
    if (f == NULL) {
        if (p->name != NULL)
            py_err_format(PY_EXC(AttributeError), "property %R of %R "
                          "object has no %s", p->name,
                          PY_TYPE(obj)->qualname,
                          value == NULL ? "deleter" : "setter");
        else
            py_err_set_string(PY_EXC(AttributeError),
                              value == NULL ? "can't delete attribute"
                                            : "can't set attribute");
        return -1;
    }
    oh_object *r = value == NULL ? py_call1(f, obj) : py_call2(f, obj, value);
    if (r == NULL)
        return -1;
    oh_decref(r);
    return 0;
}

/* property.getter/setter/deleter: a copy with one function replaced. */
static oh_object *
property_copy(oh_object *self, int which, oh_object *f)
{
    property_obj *p = PROP(self);
    oh_object *a[4] = {p->fget, p->fset, p->fdel, p->doc};
    for (int i = 0; i < 4; i++)
        if (a[i] == NULL)
            a[i] = OH_NONE;
    a[which] = f;
    py_type *t = PY_TYPE(self);
    oh_object *r = py_call(&t->ob_base, a, 4, NULL);
    if (r != NULL && p->name != NULL && PY_TYPE(r) == PY_T(property)) {
        /* init named it after its getter; the original's name wins. */
        oh_incref(p->name);
        oh_object *old = PROP(r)->name;
        PROP(r)->name = p->name;
        oh_xdecref(old);
    }
    return r;
}

#define PROPERTY_COPIER(fname, which)                                       \
    static oh_object *fname(oh_object *self, oh_object *const *args,        \
                            size_t nargs, oh_object *kwnames)               \
    {                                                                       \
        /* the name past "property_": getter, setter, deleter */            \
        if (py_check_args(&(#fname)[9], nargs, kwnames, 1, 1) < 0)          \
            return NULL;                                                    \
        return property_copy(self, which, args[0]);                         \
    }
PROPERTY_COPIER(property_getter, 0)
PROPERTY_COPIER(property_setter, 1)
PROPERTY_COPIER(property_deleter, 2)
#undef PROPERTY_COPIER

static oh_object *
property_set_name(oh_object *self, oh_object *const *args, size_t nargs,
                  oh_object *kwnames)
{
    if (py_check_args("__set_name__", nargs, kwnames, 2, 2) < 0)
        return NULL;
    oh_incref(args[1]);
    oh_object *old = PROP(self)->name;
    PROP(self)->name = args[1];
    oh_xdecref(old);
    oh_incref(OH_NONE);
    return OH_NONE;
}

static const py_method_def property_methods[] = {
    {"getter", property_getter, 0, NULL},
    {"setter", property_setter, 0, NULL},
    {"deleter", property_deleter, 0, NULL},
    {"__set_name__", property_set_name, 0, NULL},
    {NULL, NULL, 0, NULL}
};

static const py_member_def property_members[] = {
    {"fget", PY_MEMBER_OBJECT, offsetof(property_obj, fget), true},
    {"fset", PY_MEMBER_OBJECT, offsetof(property_obj, fset), true},
    {"fdel", PY_MEMBER_OBJECT, offsetof(property_obj, fdel), true},
    {"__doc__", PY_MEMBER_OBJECT, offsetof(property_obj, doc), false},
    {NULL, 0, 0, false}
};

py_static_type py_property_static = {.t = {
    PY_TYPE_INIT("property", property_obj, OH_TYPE_CONTAINER),
    .ot.traverse = property_traverse,
    .ot.clear = property_clear,
    .tpflags = PY_TPFLAGS_BASETYPE,
    .methods = property_methods,
    .members = property_members,
    .tp_new = property_new,
    .tp_init = property_init,
    .tp_descr_get = property_get,
    .tp_descr_set = property_set,
}};

/* ==========================================================================
 * super
 * ========================================================================== */

typedef struct super_obj {
    OH_OBJECT_HEAD;
    py_type *type;                      /* the class whose next we want */
    oh_object *obj;                     /* the instance (or class), or
                                           NULL for an unbound super */
    py_type *obj_type;                  /* the type whose mro is used */
} super_obj;

#define SUPER(o) ((super_obj *)(void *)(o))

static int
super_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(SUPER(o)->type ? &SUPER(o)->type->ob_base : NULL);
    OH_VISIT(SUPER(o)->obj);
    OH_VISIT(SUPER(o)->obj_type ? &SUPER(o)->obj_type->ob_base : NULL);
    return 0;
}

static void
super_clear(oh_object *o)
{
    oh_object *t = SUPER(o)->type ? &SUPER(o)->type->ob_base : NULL;
    oh_object *ot = SUPER(o)->obj_type ? &SUPER(o)->obj_type->ob_base
                                       : NULL;
    SUPER(o)->type = NULL;
    SUPER(o)->obj_type = NULL;
    oh_xdecref(t);
    oh_xdecref(ot);
    OH_CLEAR(SUPER(o)->obj);
}

/* The type whose mro super(type, obj) searches (DS2). */
static py_type *
super_check(py_type *type, oh_object *obj)
{
    if (py_is_instance(obj, PY_T(type))
        && py_type_is_subtype((py_type *)(void *)obj, type))
        return (py_type *)(void *)obj;
    if (py_type_is_subtype(PY_TYPE(obj), type))
        return PY_TYPE(obj);
    return py_err_set_string(PY_EXC(TypeError), "super(type, obj): obj "
                             "must be an instance or subtype of type");
}

static oh_object *
super_new(py_type *type, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_no_kwargs("super", kwnames) < 0)
        return NULL;
    if (nargs > 2)
        return py_err_format(PY_EXC(TypeError), "super() takes at most 2 "
                             "arguments (%zu given)", nargs);
    py_type *t;
    oh_object *obj = NULL;
    if (nargs == 0) {
        /* super(): __class__ and the first argument of the calling
         * method (ceval.c finds them in the frame). */
        if (py_super_from_frame(&t, &obj) < 0)
            return NULL;
    }
    else {
        if (!py_is_instance(args[0], PY_T(type)))
            return py_err_format(PY_EXC(TypeError), "super() argument 1 "
                                 "must be a type, not %T", args[0]);
        t = (py_type *)(void *)args[0];
        if (nargs == 2 && args[1] != OH_NONE)
            obj = args[1];
    }
    py_type *obj_type = NULL;
    if (obj != NULL) {
        obj_type = super_check(t, obj);
        if (obj_type == NULL)
            return NULL;
    }
    super_obj *s = (super_obj *)(void *)ohi_object_alloc(type->layout, 0);
    if (s == NULL)
        return NULL;
    if (type->tpflags & PY_TPFLAGS_HEAPTYPE)
        oh_incref(&type->ob_base);
    oh_incref(&t->ob_base);
    s->type = t;
    oh_xincref(obj);
    s->obj = obj;
    if (obj_type != NULL)
        oh_incref(&obj_type->ob_base);
    s->obj_type = obj_type;
    ohi_gc_track(&s->ob_base);
    ohi_gc_safe_point();
    return &s->ob_base;
}

static int
super_init(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    return 0;
}

/* Look name up on the mro of obj_type after `type`, binding descriptors
 * to obj. */
static oh_object *
super_getattro(oh_object *self, oh_object *name)
{
    super_obj *s = SUPER(self);
    py_type *start = s->obj_type;
    if (start != NULL && !(name->type == &oh_str_type
                           && oh_str_equal_cstr(name, "__class__"))) {
        oh_object *mro = start->mro;
        int64_t n = OHI_TUPLE_SIZE(mro), i = 0;
        while (i < n && OHI_TUPLE(mro)->items[i] != &s->type->ob_base)
            i++;
        for (i++; i < n; i++) {
            py_type *b = (py_type *)(void *)OHI_TUPLE(mro)->items[i];
            oh_object *v;
            int r = oh_dict_lookup(b->dict, name, &v);
            if (r < 0)
                return NULL;
            if (r == 0)
                continue;
            py_descrgetfunc get = PY_TYPE(v)->tp_descr_get;
            if (get != NULL)
                return get(v, s->obj == &start->ob_base ? NULL : s->obj,
                           &start->ob_base);
            oh_incref(v);
            return v;
        }
    }
    return py_object_generic_getattr(self, name);
}

static oh_object *
super_repr(oh_object *self)
{
    super_obj *s = SUPER(self);
    if (s->obj_type != NULL)
        return oh_str_from_format("<super: <class '%s'>, <%s object>>",
                                  s->type->tp_name, s->obj_type->tp_name);
    return oh_str_from_format("<super: <class '%s'>, NULL>",
                              s->type->tp_name);
}

static oh_object *
super_descr_get(oh_object *self, oh_object *obj, oh_object *type)
{
    super_obj *s = SUPER(self);
    if (obj == NULL || s->obj != NULL) {
        oh_incref(self);
        return self;
    }
    oh_object *args[2] = {&s->type->ob_base, obj};
    return py_call(&PY_TYPE(self)->ob_base, args, 2, NULL);
}

static const py_member_def super_members[] = {
    {"__thisclass__", PY_MEMBER_OBJECT, offsetof(super_obj, type), true},
    {"__self__", PY_MEMBER_OBJECT, offsetof(super_obj, obj), true},
    {"__self_class__", PY_MEMBER_OBJECT, offsetof(super_obj, obj_type),
     true},
    {NULL, 0, 0, false}
};

py_static_type py_super_static = {.t = {
    PY_TYPE_INIT("super", super_obj, OH_TYPE_CONTAINER),
    .ot.traverse = super_traverse,
    .ot.clear = super_clear,
    .tpflags = PY_TPFLAGS_BASETYPE,
    .members = super_members,
    .tp_new = super_new,
    .tp_init = super_init,
    .tp_getattro = super_getattro,
    .tp_repr = super_repr,
    .tp_descr_get = super_descr_get,
}};

/* ==========================================================================
 * mappingproxy: a class's __dict__, read-only
 * ========================================================================== */

typedef struct mappingproxy {
    OH_OBJECT_HEAD;
    oh_object *mapping;
} mappingproxy;

#define MP(o) ((mappingproxy *)(void *)(o))

oh_object *
py_mappingproxy_new(oh_object *mapping)
{
    mappingproxy *m = (mappingproxy *)(void *)ohi_object_alloc(
        &PY_T(mappingproxy)->ot, 0);
    if (m == NULL)
        return NULL;
    oh_incref(mapping);
    m->mapping = mapping;
    ohi_gc_track(&m->ob_base);
    ohi_gc_safe_point();
    return &m->ob_base;
}

static int
mappingproxy_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(MP(o)->mapping);
    return 0;
}

static void
mappingproxy_clear(oh_object *o)
{
    OH_CLEAR(MP(o)->mapping);
}

static oh_object *
mappingproxy_getitem(oh_object *o, oh_object *key)
{
    return py_getitem(MP(o)->mapping, key);
}

static int64_t
mappingproxy_len(oh_object *o)
{
    return py_len(MP(o)->mapping);
}

static int
mappingproxy_contains(oh_object *o, oh_object *key)
{
    return py_contains(MP(o)->mapping, key);
}

static oh_object *
mappingproxy_iter(oh_object *o)
{
    return py_iter(MP(o)->mapping);
}

static oh_object *
mappingproxy_repr(oh_object *o)
{
    oh_object *r = py_repr(MP(o)->mapping);
    if (r == NULL)
        return NULL;
    oh_object *s = oh_str_from_format("mappingproxy(%s)",
                                      oh_str_utf8(r, NULL));
    oh_decref(r);
    return s;
}

/* keys(), values(), items(), get(), copy() pass through. */
static oh_object *
mappingproxy_forward(oh_object *self, const char *name,
                     oh_object *const *args, size_t nargs)
{
    oh_object *n = py_static_str(name);
    if (n == NULL)
        return NULL;
    return py_call_method(MP(self)->mapping, n, args, nargs);
}

#define MP_FORWARD(fname, pyname)                                           \
    static oh_object *fname(oh_object *self, oh_object *const *args,        \
                            size_t nargs, oh_object *kwnames)               \
    {                                                                       \
        if (py_no_kwargs(pyname, kwnames) < 0)                              \
            return NULL;                                                    \
        return mappingproxy_forward(self, pyname, args, nargs);             \
    }
MP_FORWARD(mappingproxy_keys, "keys")
MP_FORWARD(mappingproxy_values, "values")
MP_FORWARD(mappingproxy_items, "items")
MP_FORWARD(mappingproxy_get, "get")
MP_FORWARD(mappingproxy_copy, "copy")
#undef MP_FORWARD

static const py_method_def mappingproxy_methods[] = {
    {"keys", mappingproxy_keys, 0, NULL},
    {"values", mappingproxy_values, 0, NULL},
    {"items", mappingproxy_items, 0, NULL},
    {"get", mappingproxy_get, 0, NULL},
    {"copy", mappingproxy_copy, 0, NULL},
    {NULL, NULL, 0, NULL}
};

py_static_type py_mappingproxy_static = {.t = {
    PY_TYPE_INIT("mappingproxy", mappingproxy, OH_TYPE_CONTAINER),
    .ot.traverse = mappingproxy_traverse,
    .ot.clear = mappingproxy_clear,
    .methods = mappingproxy_methods,
    .mp_subscript = mappingproxy_getitem,
    .mp_length = mappingproxy_len,
    .sq_contains = mappingproxy_contains,
    .tp_iter = mappingproxy_iter,
    .tp_repr = mappingproxy_repr,
}};
