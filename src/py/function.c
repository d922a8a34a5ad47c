/*
 * function.c -- functions, cells, bound methods, built-in functions, and
 * binding a call's arguments to parameters.
 *
 * What this file owns
 * -------------------
 * The Python function (code + globals + defaults + closure), the cell a
 * closure shares a variable through, the bound method (a callable plus
 * the self to pass first), the built-in function (a C function with the
 * object it is bound to), and the two argument binders: py_bind_frame_args
 * fills a new frame's parameters for a Python function with CPython's
 * rules and error messages, and py_bind_args does the same for C
 * functions described by a py_argspec.
 *
 * Calls of Python functions from Python code never come here: ceval.c
 * pushes their frame and jumps (EV1).  Calls from C (py_call) reach
 * function_vectorcall, which pushes a frame and runs a new loop.
 *
 *   function --code--> code object (bytecode, names)
 *            --globals--> the module's dict
 *            --closure--> (cell, cell, ...) --ref--> the shared value
 *
 * Invariants
 * ----------
 * FN1. A function's closure has exactly code->nfrees cells (or is NULL
 *      when nfrees is 0).
 * FN2. After py_bind_frame_args succeeds, every parameter slot of the
 *      frame holds a reference (the *args tuple and **kwargs dict
 *      included); on failure the slots it filled hold references the
 *      caller drops.
 */
#include "py/py.h"

#include <string.h>

#define FUNC(o) ((py_function *)(void *)(o))
#define CELL(o) ((py_cell *)(void *)(o))
#define METHOD(o) ((py_method *)(void *)(o))
#define CFUNC(o) ((py_cfunction *)(void *)(o))

/* ==========================================================================
 * Functions
 * ========================================================================== */

static oh_object *function_vectorcall(oh_object *callable,
                                      oh_object *const *args, size_t nargs,
                                      oh_object *kwnames);

/* __builtins__ and __name__ of a globals dict (borrowed, NULL where
 * absent), read through the value slots that the interpreter's cache
 * found under the dict's present version: a closure or generator
 * expression made in a loop costs two loads instead of two look-ups
 * (docs/PYTHON.md, "Speed").  The version changes whenever a key is
 * added or removed (D6 in src/types/dict.c), so a slot stays the key's
 * while it holds; a replaced value is read through it.  0, or -1 when
 * the globals cannot be cached so (not an exact dict of str keys). */
static int
globals_lookup(oh_object *globals, oh_object **b, oh_object **mod)
{
    py_interp *in = OHI_RT->py;
    if (globals->type != &oh_dict_type)
        return -1;
    uint64_t ver = OHI_DICT(globals)->version;
    if (ver == 0 || ver != in->fn_globals_version) {
        oh_object **bs = NULL, **ns = NULL;
        if (ohi_dict_value_slot(globals, PY_ID(__builtins__), &bs) < 0
            || ohi_dict_value_slot(globals, PY_ID(__name__), &ns) < 0)
            return -1;
        if (ver == 0)
            return -1;      /* never had keys: nothing to cache */
        in->fn_globals_version = ver;
        in->fn_builtins_slot = bs;
        in->fn_name_slot = ns;
    }
    *b = in->fn_builtins_slot ? *in->fn_builtins_slot : NULL;
    *mod = in->fn_name_slot ? *in->fn_name_slot : NULL;
    return 0;
}

oh_object *
py_function_new(oh_object *code, oh_object *globals, oh_object *qualname)
{
    py_code *co = (py_code *)(void *)code;
    py_function *f = (py_function *)(void *)ohi_object_alloc(
        &PY_T(function)->ot, 0);
    if (f == NULL)
        return NULL;
    memset((char *)f + sizeof(oh_object), 0,
           sizeof(py_function) - sizeof(oh_object));
    f->vectorcall = function_vectorcall;
    oh_incref(code);
    f->code = code;
    oh_incref(globals);
    f->globals = globals;
    oh_incref(co->name);
    f->name = co->name;
    if (qualname == NULL)
        qualname = co->qualname;
    oh_incref(qualname);
    f->qualname = qualname;
    /* builtins: the globals' __builtins__ (a module or dict), else the
     * interpreter's; module: the globals' __name__. */
    oh_object *b = NULL, *mod = NULL;
    if (globals_lookup(globals, &b, &mod) < 0) {
        if (oh_dict_lookup(globals, PY_ID(__builtins__), &b) <= 0)
            b = NULL;
        if (oh_dict_lookup(globals, PY_ID(__name__), &mod) <= 0)
            mod = NULL;
    }
    if (b != NULL) {
        if (PY_TYPE(b) == PY_T(module))
            b = ((py_module *)(void *)b)->dict;
        else if (b->type != &oh_dict_type)
            b = NULL;
    }
    if (b == NULL)
        b = OHI_RT->py->builtins;
    oh_incref(b);
    f->builtins = b;
    if (mod != NULL) {
        oh_incref(mod);
        f->module = mod;
    }
    /* The docstring: the first constant when it is a str and the code
     * says so (compile.c puts it first for functions with one). */
    ohi_gc_track(&f->ob_base);
    ohi_gc_safe_point();
    return &f->ob_base;
}

static int
function_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    py_function *f = FUNC(o);
    OH_VISIT(f->code);
    OH_VISIT(f->globals);
    OH_VISIT(f->builtins);
    OH_VISIT(f->name);
    OH_VISIT(f->qualname);
    OH_VISIT(f->defaults);
    OH_VISIT(f->kwdefaults);
    OH_VISIT(f->closure);
    OH_VISIT(f->doc);
    OH_VISIT(f->dict);
    OH_VISIT(f->annotations);
    OH_VISIT(f->module);
    return 0;
}

static void
function_clear(oh_object *o)
{
    py_function *f = FUNC(o);
    OH_CLEAR(f->globals);
    OH_CLEAR(f->builtins);
    OH_CLEAR(f->defaults);
    OH_CLEAR(f->kwdefaults);
    OH_CLEAR(f->closure);
    OH_CLEAR(f->doc);
    OH_CLEAR(f->dict);
    OH_CLEAR(f->annotations);
    OH_CLEAR(f->module);
}

static void
function_dealloc(oh_object *o)
{
    py_function *f = FUNC(o);
    if (!ohi_trashcan_begin(o))
        return;
    if (f->weaklist != NULL)
        oh_weakref_clear_all(o);
    function_clear(o);
    OH_CLEAR(f->code);
    OH_CLEAR(f->name);
    OH_CLEAR(f->qualname);
    ohi_object_free(o);
    ohi_trashcan_end();
}

static oh_object *
function_repr(oh_object *o)
{
    return oh_str_from_format("<function %s at %p>",
                              oh_str_utf8(FUNC(o)->qualname, NULL),
                              (void *)o);
}

static oh_object *
function_vectorcall(oh_object *callable, oh_object *const *args,
                    size_t nargs, oh_object *kwnames)
{
    return py_function_call(callable, args, nargs, kwnames);
}

static oh_object *
function_descr_get(oh_object *f, oh_object *obj, oh_object *type)
{
    if (obj == NULL) {
        oh_incref(f);
        return f;
    }
    return py_method_new(f, obj);
}

/* --- attributes ---------------------------------------------------------- */

static oh_object *
func_get_code(oh_object *o)
{
    oh_incref(FUNC(o)->code);
    return FUNC(o)->code;
}

static int
func_set_code(oh_object *o, oh_object *v)
{
    if (v == NULL || PY_TYPE(v) != PY_T(code)) {
        py_err_set_string(PY_EXC(TypeError),
                          "__code__ must be set to a code object");
        return -1;
    }
    py_code *co = (py_code *)(void *)v;
    int64_t nclosure = FUNC(o)->closure ? OHI_TUPLE_SIZE(FUNC(o)->closure)
                                        : 0;
    if (co->nfrees != nclosure) {
        py_err_format(PY_EXC(ValueError), "%U() requires a code object "
                      "with %lld free vars, not %d", FUNC(o)->name,
                      (long long)nclosure, co->nfrees);
        return -1;
    }
    oh_incref(v);
    oh_object *old = FUNC(o)->code;
    FUNC(o)->code = v;
    oh_decref(old);
    FUNC(o)->version = 0;
    return 0;
}

static oh_object *
func_get_defaults(oh_object *o)
{
    oh_object *d = FUNC(o)->defaults ? FUNC(o)->defaults : OH_NONE;
    oh_incref(d);
    return d;
}

static int
func_set_defaults(oh_object *o, oh_object *v)
{
    if (v == OH_NONE)
        v = NULL;
    if (v != NULL && v->type != &oh_tuple_type) {
        py_err_set_string(PY_EXC(TypeError),
                          "__defaults__ must be set to a tuple object");
        return -1;
    }
    oh_xincref(v);
    oh_object *old = FUNC(o)->defaults;
    FUNC(o)->defaults = v;
    oh_xdecref(old);
    FUNC(o)->version = 0;
    return 0;
}

static oh_object *
func_get_kwdefaults(oh_object *o)
{
    oh_object *d = FUNC(o)->kwdefaults ? FUNC(o)->kwdefaults : OH_NONE;
    oh_incref(d);
    return d;
}

static int
func_set_kwdefaults(oh_object *o, oh_object *v)
{
    if (v == OH_NONE)
        v = NULL;
    if (v != NULL && v->type != &oh_dict_type) {
        py_err_set_string(PY_EXC(TypeError),
                          "__kwdefaults__ must be set to a dict object");
        return -1;
    }
    oh_xincref(v);
    oh_object *old = FUNC(o)->kwdefaults;
    FUNC(o)->kwdefaults = v;
    oh_xdecref(old);
    return 0;
}

static oh_object *
func_get_annotations(oh_object *o)
{
    if (FUNC(o)->annotations == NULL) {
        FUNC(o)->annotations = oh_dict_new();
        if (FUNC(o)->annotations == NULL)
            return NULL;
    }
    oh_incref(FUNC(o)->annotations);
    return FUNC(o)->annotations;
}

static int
func_set_annotations(oh_object *o, oh_object *v)
{
    if (v == OH_NONE)
        v = NULL;
    if (v != NULL && v->type != &oh_dict_type) {
        py_err_set_string(PY_EXC(TypeError),
                          "__annotations__ must be set to a dict object");
        return -1;
    }
    oh_xincref(v);
    oh_object *old = FUNC(o)->annotations;
    FUNC(o)->annotations = v;
    oh_xdecref(old);
    return 0;
}

static oh_object *
func_get_name(oh_object *o)
{
    oh_incref(FUNC(o)->name);
    return FUNC(o)->name;
}

static int
func_set_name(oh_object *o, oh_object *v)
{
    if (v == NULL || v->type != &oh_str_type) {
        py_err_set_string(PY_EXC(TypeError),
                          "__name__ must be set to a string object");
        return -1;
    }
    oh_incref(v);
    oh_object *old = FUNC(o)->name;
    FUNC(o)->name = v;
    oh_decref(old);
    return 0;
}

static oh_object *
func_get_qualname(oh_object *o)
{
    oh_incref(FUNC(o)->qualname);
    return FUNC(o)->qualname;
}

static int
func_set_qualname(oh_object *o, oh_object *v)
{
    if (v == NULL || v->type != &oh_str_type) {
        py_err_set_string(PY_EXC(TypeError),
                          "__qualname__ must be set to a string object");
        return -1;
    }
    oh_incref(v);
    oh_object *old = FUNC(o)->qualname;
    FUNC(o)->qualname = v;
    oh_decref(old);
    return 0;
}

static oh_object *
func_get_doc(oh_object *o)
{
    oh_object *d = FUNC(o)->doc ? FUNC(o)->doc : OH_NONE;
    oh_incref(d);
    return d;
}

static int
func_set_doc(oh_object *o, oh_object *v)
{
    oh_xincref(v);
    oh_object *old = FUNC(o)->doc;
    FUNC(o)->doc = v;
    oh_xdecref(old);
    return 0;
}

static oh_object *
func_get_module(oh_object *o)
{
    oh_object *m = FUNC(o)->module ? FUNC(o)->module : OH_NONE;
    oh_incref(m);
    return m;
}

static int
func_set_module(oh_object *o, oh_object *v)
{
    oh_xincref(v);
    oh_object *old = FUNC(o)->module;
    FUNC(o)->module = v;
    oh_xdecref(old);
    return 0;
}

static oh_object *
func_get_globals(oh_object *o)
{
    oh_incref(FUNC(o)->globals);
    return FUNC(o)->globals;
}

static oh_object *
func_get_builtins(oh_object *o)
{
    oh_incref(FUNC(o)->builtins);
    return FUNC(o)->builtins;
}

static oh_object *
func_get_closure(oh_object *o)
{
    oh_object *c = FUNC(o)->closure ? FUNC(o)->closure : OH_NONE;
    oh_incref(c);
    return c;
}

static oh_object *
func_get_dict(oh_object *o)
{
    if (FUNC(o)->dict == NULL) {
        FUNC(o)->dict = oh_dict_new();
        if (FUNC(o)->dict == NULL)
            return NULL;
    }
    oh_incref(FUNC(o)->dict);
    return FUNC(o)->dict;
}

static int
func_set_dict(oh_object *o, oh_object *v)
{
    if (v == NULL || v->type != &oh_dict_type) {
        py_err_set_string(PY_EXC(TypeError),
                          "__dict__ must be set to a dictionary");
        return -1;
    }
    oh_incref(v);
    oh_object *old = FUNC(o)->dict;
    FUNC(o)->dict = v;
    oh_xdecref(old);
    return 0;
}

static const py_getset_def function_getsets[] = {
    {"__code__", func_get_code, func_set_code, NULL},
    {"__defaults__", func_get_defaults, func_set_defaults, NULL},
    {"__kwdefaults__", func_get_kwdefaults, func_set_kwdefaults, NULL},
    {"__annotations__", func_get_annotations, func_set_annotations, NULL},
    {"__name__", func_get_name, func_set_name, NULL},
    {"__qualname__", func_get_qualname, func_set_qualname, NULL},
    {"__doc__", func_get_doc, func_set_doc, NULL},
    {"__module__", func_get_module, func_set_module, NULL},
    {"__globals__", func_get_globals, NULL, NULL},
    {"__builtins__", func_get_builtins, NULL, NULL},
    {"__closure__", func_get_closure, NULL, NULL},
    {"__dict__", func_get_dict, func_set_dict, NULL},
    {NULL, NULL, NULL, NULL}
};

static size_t
function_sizeof(oh_object *o)
{
    return sizeof(py_function);
}

py_static_type py_function_static = {.t = {
    PY_TYPE_INIT("function", py_function,
                 OH_TYPE_CONTAINER | OH_TYPE_WEAKREFABLE),
    .ot.weaklistoffset = offsetof(py_function, weaklist),
    .ot.dealloc = function_dealloc,
    .ot.traverse = function_traverse,
    .ot.clear = function_clear,
    .ot.getsizeof = function_sizeof,
    .dictoffset = offsetof(py_function, dict),
    .weaklistoffset = offsetof(py_function, weaklist),
    .getsets = function_getsets,
    .tp_call = function_vectorcall,
    .tp_descr_get = function_descr_get,
    .tp_repr = function_repr,
}};

/* ==========================================================================
 * Cells
 * ========================================================================== */

oh_object *
py_cell_new(oh_object *ref)
{
    py_cell *c = (py_cell *)(void *)ohi_object_alloc(&PY_T(cell)->ot, 0);
    if (c == NULL)
        return NULL;
    oh_xincref(ref);
    c->ref = ref;
    ohi_gc_track(&c->ob_base);
    ohi_gc_safe_point();
    return &c->ob_base;
}

static int
cell_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(CELL(o)->ref);
    return 0;
}

static void
cell_clear(oh_object *o)
{
    OH_CLEAR(CELL(o)->ref);
}

static oh_object *
cell_repr(oh_object *o)
{
    oh_object *r = CELL(o)->ref;
    if (r == NULL)
        return oh_str_from_format("<cell at %p: empty>", (void *)o);
    return oh_str_from_format("<cell at %p: %s object at %p>", (void *)o,
                              PY_TYPE(r)->tp_name, (void *)r);
}

static oh_object *
cell_get_contents(oh_object *o)
{
    if (CELL(o)->ref == NULL)
        return py_err_set_string(PY_EXC(ValueError), "Cell is empty");
    oh_incref(CELL(o)->ref);
    return CELL(o)->ref;
}

static int
cell_set_contents(oh_object *o, oh_object *v)
{
    oh_xincref(v);
    oh_object *old = CELL(o)->ref;
    CELL(o)->ref = v;
    oh_xdecref(old);
    return 0;
}

static const py_getset_def cell_getsets[] = {
    {"cell_contents", cell_get_contents, cell_set_contents, NULL},
    {NULL, NULL, NULL, NULL}
};

py_static_type py_cell_static = {.t = {
    PY_TYPE_INIT("cell", py_cell, OH_TYPE_CONTAINER),
    .ot.traverse = cell_traverse,
    .ot.clear = cell_clear,
    .getsets = cell_getsets,
    .tp_repr = cell_repr,
}};

/* ==========================================================================
 * Bound methods
 * ========================================================================== */

oh_object *
py_method_new(oh_object *func, oh_object *self)
{
    py_method *m = (py_method *)(void *)ohi_object_alloc(
        &PY_T(method)->ot, 0);
    if (m == NULL)
        return NULL;
    oh_incref(func);
    m->func = func;
    oh_incref(self);
    m->self = self;
    m->weaklist = NULL;
    ohi_gc_track(&m->ob_base);
    ohi_gc_safe_point();
    return &m->ob_base;
}

static int
method_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(METHOD(o)->func);
    OH_VISIT(METHOD(o)->self);
    return 0;
}

static void
method_clear(oh_object *o)
{
    OH_CLEAR(METHOD(o)->func);
    OH_CLEAR(METHOD(o)->self);
}

static void
method_dealloc(oh_object *o)
{
    if (!ohi_trashcan_begin(o))
        return;
    if (METHOD(o)->weaklist != NULL)
        oh_weakref_clear_all(o);
    method_clear(o);
    ohi_object_free(o);
    ohi_trashcan_end();
}

/* self, then the arguments. */
static oh_object *
method_call(oh_object *callable, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    py_method *m = METHOD(callable);
    size_t n = nargs + (kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0);
    oh_object *small[8];
    oh_object **stack = n + 1 <= 8 ? small
                        : oh_malloc((n + 1) * sizeof(oh_object *));
    if (stack == NULL)
        return py_err_no_memory();
    stack[0] = m->self;
    if (n > 0)                          /* args may be NULL when n == 0 */
        memcpy(stack + 1, args, n * sizeof(oh_object *));
    oh_object *func = m->func, *self = m->self;
    oh_incref(func);        /* the method may die during the call */
    oh_incref(self);
    oh_object *r = py_call(func, stack, nargs + 1, kwnames);
    oh_decref(func);
    oh_decref(self);
    if (stack != small)
        oh_free(stack);
    return r;
}

static oh_object *
method_repr(oh_object *o)
{
    py_method *m = METHOD(o);
    oh_object *name = py_getattr(m->func, PY_ID(__qualname__));
    if (name == NULL) {
        py_err_clear();
        name = py_getattr(m->func, PY_ID(__name__));
        if (name == NULL) {
            py_err_clear();
            name = oh_str_from_cstr("?");
            if (name == NULL)
                return NULL;
        }
    }
    oh_object *sr = py_repr(m->self);
    if (sr == NULL) {
        oh_decref(name);
        return NULL;
    }
    oh_object *r = oh_str_from_format("<bound method %s of %s>",
                                      oh_str_utf8(name, NULL),
                                      oh_str_utf8(sr, NULL));
    oh_decref(name);
    oh_decref(sr);
    return r;
}

static oh_object *
method_richcompare(oh_object *a, oh_object *b, int op)
{
    if ((op != PY_CMP_EQ && op != PY_CMP_NE) || PY_TYPE(b) != PY_T(method)) {
        oh_incref(PY_NOTIMPL);
        return PY_NOTIMPL;
    }
    bool eq = METHOD(a)->func == METHOD(b)->func
              && METHOD(a)->self == METHOD(b)->self;
    return oh_bool_from(op == PY_CMP_EQ ? eq : !eq);
}

static oh_hash_t
method_hash(oh_object *o)
{
    oh_hash_t h = ohi_hash_pointer(METHOD(o)->self)
                  ^ ohi_hash_pointer(METHOD(o)->func);
    return h == -1 ? -2 : h;
}

/* Other attributes come from the function (m.__name__, m.__doc__). */
static oh_object *
method_getattro(oh_object *o, oh_object *name)
{
    py_type *t = PY_TYPE(o);
    oh_object *descr = py_type_lookup(t, name);
    if (descr != NULL) {
        py_descrgetfunc get = PY_TYPE(descr)->tp_descr_get;
        if (get != NULL)
            return get(descr, o, &t->ob_base);
        oh_incref(descr);
        return descr;
    }
    return py_getattr(METHOD(o)->func, name);
}

static oh_object *
method_get_doc(oh_object *o)
{
    return py_getattr(METHOD(o)->func, PY_ID(__doc__));
}

static const py_getset_def method_getsets[] = {
    {"__doc__", method_get_doc, NULL, NULL},
    {NULL, NULL, NULL, NULL}
};

static const py_member_def method_members[] = {
    {"__func__", PY_MEMBER_OBJECT, offsetof(py_method, func), true},
    {"__self__", PY_MEMBER_OBJECT, offsetof(py_method, self), true},
    {NULL, 0, 0, false}
};

static oh_object *
method_descr_get(oh_object *m, oh_object *obj, oh_object *type)
{
    oh_incref(m);
    return m;
}

py_static_type py_method_static = {.t = {
    PY_TYPE_INIT("method", py_method,
                 OH_TYPE_CONTAINER | OH_TYPE_WEAKREFABLE),
    .ot.weaklistoffset = offsetof(py_method, weaklist),
    .ot.dealloc = method_dealloc,
    .ot.traverse = method_traverse,
    .ot.clear = method_clear,
    .weaklistoffset = offsetof(py_method, weaklist),
    .members = method_members,
    .getsets = method_getsets,
    .tp_call = method_call,
    .tp_repr = method_repr,
    .tp_richcompare = method_richcompare,
    .tp_hash = method_hash,
    .tp_getattro = method_getattro,
    .tp_descr_get = method_descr_get,
}};

/* ==========================================================================
 * Built-in functions
 * ========================================================================== */

oh_object *
py_cfunction_new(const py_method_def *def, oh_object *self,
                 oh_object *module)
{
    py_cfunction *f = (py_cfunction *)(void *)ohi_object_alloc(
        &PY_T(cfunction)->ot, 0);
    if (f == NULL)
        return NULL;
    f->def = def;
    oh_xincref(self);
    f->self = self;
    oh_xincref(module);
    f->module = module;
    f->weaklist = NULL;
    ohi_gc_track(&f->ob_base);
    ohi_gc_safe_point();
    return &f->ob_base;
}

static int
cfunction_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(CFUNC(o)->self);
    OH_VISIT(CFUNC(o)->module);
    return 0;
}

static void
cfunction_clear(oh_object *o)
{
    OH_CLEAR(CFUNC(o)->self);
    OH_CLEAR(CFUNC(o)->module);
}

static void
cfunction_dealloc(oh_object *o)
{
    if (!ohi_trashcan_begin(o))
        return;
    if (CFUNC(o)->weaklist != NULL)
        oh_weakref_clear_all(o);
    cfunction_clear(o);
    ohi_object_free(o);
    ohi_trashcan_end();
}

static oh_object *
cfunction_call(oh_object *callable, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    py_cfunction *f = CFUNC(callable);
    return f->def->fn(f->self, args, nargs, kwnames);
}

static oh_object *
cfunction_repr(oh_object *o)
{
    py_cfunction *f = CFUNC(o);
    if (f->self == NULL || PY_TYPE(f->self) == PY_T(module))
        return oh_str_from_format("<built-in function %s>", f->def->name);
    return oh_str_from_format("<built-in method %s of %s object at %p>",
                              f->def->name, PY_TYPE(f->self)->tp_name,
                              (void *)f->self);
}

static oh_object *
cfunction_get_name(oh_object *o)
{
    return oh_str_from_cstr(CFUNC(o)->def->name);
}

static oh_object *
cfunction_get_qualname(oh_object *o)
{
    py_cfunction *f = CFUNC(o);
    if (f->self == NULL || PY_TYPE(f->self) == PY_T(module))
        return oh_str_from_cstr(f->def->name);
    py_type *t = py_is_instance(f->self, PY_T(type))
                     ? (py_type *)(void *)f->self : PY_TYPE(f->self);
    return oh_str_from_format("%s.%s", t->tp_name, f->def->name);
}

static oh_object *
cfunction_get_self(oh_object *o)
{
    oh_object *s = CFUNC(o)->self ? CFUNC(o)->self : OH_NONE;
    oh_incref(s);
    return s;
}

static oh_object *
cfunction_get_module(oh_object *o)
{
    py_cfunction *f = CFUNC(o);
    if (f->module != NULL) {
        oh_incref(f->module);
        return f->module;
    }
    if (f->self != NULL && PY_TYPE(f->self) == PY_T(module)) {
        oh_incref(((py_module *)(void *)f->self)->name);
        return ((py_module *)(void *)f->self)->name;
    }
    oh_incref(OH_NONE);
    return OH_NONE;
}

static oh_object *
cfunction_get_doc(oh_object *o)
{
    if (CFUNC(o)->def->doc == NULL) {
        oh_incref(OH_NONE);
        return OH_NONE;
    }
    return oh_str_from_cstr(CFUNC(o)->def->doc);
}

static const py_getset_def cfunction_getsets[] = {
    {"__name__", cfunction_get_name, NULL, NULL},
    {"__qualname__", cfunction_get_qualname, NULL, NULL},
    {"__self__", cfunction_get_self, NULL, NULL},
    {"__module__", cfunction_get_module, NULL, NULL},
    {"__doc__", cfunction_get_doc, NULL, NULL},
    {NULL, NULL, NULL, NULL}
};

static oh_object *
cfunction_richcompare(oh_object *a, oh_object *b, int op)
{
    if ((op != PY_CMP_EQ && op != PY_CMP_NE)
        || PY_TYPE(b) != PY_T(cfunction)) {
        oh_incref(PY_NOTIMPL);
        return PY_NOTIMPL;
    }
    bool eq = CFUNC(a)->def == CFUNC(b)->def
              && CFUNC(a)->self == CFUNC(b)->self;
    return oh_bool_from(op == PY_CMP_EQ ? eq : !eq);
}

static oh_hash_t
cfunction_hash(oh_object *o)
{
    oh_hash_t h = ohi_hash_pointer(CFUNC(o)->def)
                  ^ (CFUNC(o)->self ? ohi_hash_pointer(CFUNC(o)->self) : 0);
    return h == -1 ? -2 : h;
}

py_static_type py_cfunction_static = {.t = {
    PY_TYPE_INIT("builtin_function_or_method", py_cfunction,
                 OH_TYPE_CONTAINER | OH_TYPE_WEAKREFABLE),
    .ot.weaklistoffset = offsetof(py_cfunction, weaklist),
    .ot.dealloc = cfunction_dealloc,
    .ot.traverse = cfunction_traverse,
    .ot.clear = cfunction_clear,
    .weaklistoffset = offsetof(py_cfunction, weaklist),
    .getsets = cfunction_getsets,
    .tp_call = cfunction_call,
    .tp_repr = cfunction_repr,
    .tp_richcompare = cfunction_richcompare,
    .tp_hash = cfunction_hash,
}};

/* ==========================================================================
 * Binding arguments of Python functions (FN2)
 * ========================================================================== */

/* "'x'", "'x' and 'y'", "'x', 'y', and 'z'" into b. */
static void
format_name_list(ohi_strbuf *b, oh_object *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            ohi_strbuf_adds(b, n == 2 ? " and " : i == n - 1 ? ", and "
                                                             : ", ");
        ohi_strbuf_addf(b, "'%s'", oh_str_utf8(names[i], NULL));
    }
}

static void
raise_missing(py_function *f, oh_object **localsplus, int from, int to,
              bool kwonly)
{
    py_code *co = (py_code *)(void *)f->code;
    oh_object *missing[64];
    size_t n = 0;
    for (int i = from; i < to; i++)
        if (localsplus[i] == NULL && n < 64)
            missing[n++] = OHI_TUPLE(co->localsplusnames)->items[i];
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    ohi_strbuf_addf(&b, "%s() missing %zu required %s argument%s: ",
                    oh_str_utf8(f->qualname, NULL), n,
                    kwonly ? "keyword-only" : "positional",
                    n == 1 ? "" : "s");
    format_name_list(&b, missing, n);
    oh_object *msg = ohi_strbuf_finish(&b);
    if (msg != NULL) {
        py_err_set_object(PY_EXC(TypeError), msg);
        oh_decref(msg);
    }
}

static void
raise_too_many(py_function *f, oh_object **localsplus, size_t nargs,
               size_t ndefaults, size_t kwonly_given)
{
    py_code *co = (py_code *)(void *)f->code;
    size_t n = (size_t)co->argcount;
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    const char *fname = oh_str_utf8(f->qualname, NULL);
    if (ndefaults > 0)
        ohi_strbuf_addf(&b, "%s() takes from %zu to %zu positional "
                        "arguments but %zu ", fname, n - ndefaults, n,
                        nargs);
    else
        ohi_strbuf_addf(&b, "%s() takes %zu positional argument%s but %zu ",
                        fname, n, n == 1 ? "" : "s", nargs);
    if (kwonly_given > 0)
        ohi_strbuf_addf(&b, "positional argument%s (and %zu keyword-only "
                        "argument%s) were given", nargs == 1 ? "" : "s",
                        kwonly_given, kwonly_given == 1 ? "" : "s");
    else
        ohi_strbuf_adds(&b, nargs == 1 ? "was given" : "were given");
    oh_object *msg = ohi_strbuf_finish(&b);
    if (msg != NULL) {
        py_err_set_object(PY_EXC(TypeError), msg);
        oh_decref(msg);
    }
}

/* The parameter index named `name` among [from, to), or -1. */
static int
find_param(py_code *co, oh_object *name, int from, int to)
{
    oh_object *const *names = OHI_TUPLE(co->localsplusnames)->items;
    for (int i = from; i < to; i++)
        if (names[i] == name)
            return i;
    for (int i = from; i < to; i++)
        if (ohi_str_eq(names[i], name))
            return i;
    return -1;
}

int
py_bind_frame_args(py_function *f, oh_object **localsplus,
                   oh_object *const *args, size_t nargs, oh_object *kwnames)
{
    py_code *co = (py_code *)(void *)f->code;
    int argcount = co->argcount;
    int total = argcount + co->kwonlyargcount;
    bool varargs = (co->flags & PY_CO_VARARGS) != 0;
    bool varkw = (co->flags & PY_CO_VARKEYWORDS) != 0;
    int kwslot = total + (varargs ? 1 : 0);
    oh_object *kwdict = NULL;
    if (varkw) {
        kwdict = oh_dict_new();
        if (kwdict == NULL)
            return -1;
        localsplus[kwslot] = kwdict;
    }
    size_t npos = nargs < (size_t)argcount ? nargs : (size_t)argcount;
    for (size_t i = 0; i < npos; i++) {
        oh_incref(args[i]);
        localsplus[i] = args[i];
    }
    if (varargs) {
        oh_object *rest = nargs > npos
                              ? oh_tuple_from_array(args + npos, nargs - npos)
                              : oh_tuple_from_array(NULL, 0);
        if (rest == NULL)
            return -1;
        localsplus[total] = rest;
    }
    /* Keyword arguments. */
    size_t nkw = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    for (size_t k = 0; k < nkw; k++) {
        oh_object *name = OHI_TUPLE(kwnames)->items[k];
        oh_object *value = args[nargs + k];
        int j = find_param(co, name, co->posonlyargcount, total);
        if (j >= 0) {
            if (localsplus[j] != NULL) {
                py_err_format(PY_EXC(TypeError), "%U() got multiple values "
                              "for argument '%U'", f->qualname, name);
                return -1;
            }
            oh_incref(value);
            localsplus[j] = value;
            continue;
        }
        if (kwdict != NULL) {
            if (oh_dict_set(kwdict, name, value) < 0)
                return -1;
            continue;
        }
        if (find_param(co, name, 0, co->posonlyargcount) >= 0)
            py_err_format(PY_EXC(TypeError), "%U() got some positional-only "
                          "arguments passed as keyword arguments: '%U'",
                          f->qualname, name);
        else
            py_err_format(PY_EXC(TypeError), "%U() got an unexpected "
                          "keyword argument '%U'", f->qualname, name);
        return -1;
    }
    size_t ndefaults = f->defaults ? (size_t)OHI_TUPLE_SIZE(f->defaults) : 0;
    if (nargs > (size_t)argcount && !varargs) {
        size_t kwonly_given = 0;
        for (int i = argcount; i < total; i++)
            if (localsplus[i] != NULL)
                kwonly_given++;
        raise_too_many(f, localsplus, nargs, ndefaults, kwonly_given);
        return -1;
    }
    /* Defaults for the positional parameters not given. */
    if ((int)nargs < argcount) {
        int first_default = argcount - (int)ndefaults;
        bool missing = false;
        for (int i = (int)nargs; i < argcount; i++) {
            if (localsplus[i] != NULL)
                continue;
            if (i >= first_default) {
                oh_object *d = OHI_TUPLE(f->defaults)->items[i
                                                             - first_default];
                oh_incref(d);
                localsplus[i] = d;
            }
            else
                missing = true;
        }
        if (missing) {
            raise_missing(f, localsplus, (int)nargs, argcount, false);
            return -1;
        }
    }
    /* Keyword-only parameters. */
    if (co->kwonlyargcount > 0) {
        bool missing = false;
        for (int i = argcount; i < total; i++) {
            if (localsplus[i] != NULL)
                continue;
            oh_object *d;
            oh_object *name = OHI_TUPLE(co->localsplusnames)->items[i];
            if (f->kwdefaults != NULL
                && oh_dict_lookup(f->kwdefaults, name, &d) > 0) {
                oh_incref(d);
                localsplus[i] = d;
            }
            else
                missing = true;
        }
        if (missing) {
            raise_missing(f, localsplus, argcount, total, true);
            return -1;
        }
    }
    return 0;
}

/* ==========================================================================
 * Binding arguments of C functions
 * ========================================================================== */

int
py_no_kwargs(const char *fname, oh_object *kwnames)
{
    if (kwnames != NULL && OHI_TUPLE_SIZE(kwnames) != 0) {
        py_err_format(PY_EXC(TypeError), "%s() takes no keyword arguments",
                      fname);
        return -1;
    }
    return 0;
}

int
py_check_args(const char *fname, size_t nargs, oh_object *kwnames,
              size_t min, size_t max)
{
    if (py_no_kwargs(fname, kwnames) < 0)
        return -1;
    if (nargs >= min && nargs <= max)
        return 0;
    if (min == max) {
        if (min == 0)
            py_err_format(PY_EXC(TypeError), "%s() takes no arguments (%zu "
                          "given)", fname, nargs);
        else if (min == 1)
            py_err_format(PY_EXC(TypeError), "%s() takes exactly one "
                          "argument (%zu given)", fname, nargs);
        else
            py_err_format(PY_EXC(TypeError), "%s expected %zu arguments, "
                          "got %zu", fname, min, nargs);
    }
    else if (nargs < min)
        py_err_format(PY_EXC(TypeError), "%s expected at least %zu "
                      "argument%s, got %zu", fname, min,
                      min == 1 ? "" : "s", nargs);
    else
        py_err_format(PY_EXC(TypeError), "%s expected at most %zu "
                      "argument%s, got %zu", fname, max,
                      max == 1 ? "" : "s", nargs);
    return -1;
}

int
py_bind_args(const py_argspec *spec, oh_object *const *args, size_t nargs,
             oh_object *kwnames, oh_object **out)
{
    int n = 0;
    while (spec->names[n] != NULL)
        n++;
    for (int i = 0; i < n; i++)
        out[i] = NULL;
    if (nargs > (size_t)spec->npos) {
        if (spec->npos == n)
            py_err_format(PY_EXC(TypeError), "%s() takes at most %d "
                          "argument%s (%zu given)", spec->fname, n,
                          n == 1 ? "" : "s", nargs);
        else
            py_err_format(PY_EXC(TypeError), "%s() takes at most %d "
                          "positional argument%s (%zu given)", spec->fname,
                          spec->npos, spec->npos == 1 ? "" : "s", nargs);
        return -1;
    }
    for (size_t i = 0; i < nargs; i++)
        out[i] = args[i];
    size_t nkw = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    for (size_t k = 0; k < nkw; k++) {
        oh_object *name = OHI_TUPLE(kwnames)->items[k];
        const char *s = oh_str_utf8(name, NULL);
        int j = -1;
        for (int i = spec->posonly; i < n; i++)
            if (strcmp(spec->names[i], s) == 0)
                j = i;
        if (j < 0) {
            py_err_format(PY_EXC(TypeError), "%s() got an unexpected "
                          "keyword argument '%s'", spec->fname, s);
            return -1;
        }
        if (out[j] != NULL) {
            py_err_format(PY_EXC(TypeError), "argument for %s() given by "
                          "name ('%s') and position (%d)", spec->fname, s,
                          j + 1);
            return -1;
        }
        out[j] = args[nargs + k];
    }
    for (int i = 0; i < spec->min; i++) {
        if (out[i] != NULL)
            continue;
        if (i < spec->posonly || i >= spec->npos)
            py_err_format(PY_EXC(TypeError), "%s() missing required "
                          "argument '%s' (pos %d)", spec->fname,
                          spec->names[i], i + 1);
        else
            py_err_format(PY_EXC(TypeError), "%s() missing required "
                          "argument '%s' (pos %d)", spec->fname,
                          spec->names[i], i + 1);
        return -1;
    }
    return 0;
}
