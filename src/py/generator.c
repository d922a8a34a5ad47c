/*
 * generator.c -- generators: functions whose frame outlives a call.
 *
 * What this file owns
 * -------------------
 * The generator object that calling a generator function returns, and
 * its protocol: next(), send(), throw(), close(), and the finalizer that
 * closes a suspended generator when it is collected (PEP 442).
 *
 * A generator's frame is the one case where a frame lives in the heap
 * rather than on the frame stack: the generator object carries the frame
 * inline, its locals and value stack included, so the function's state
 * survives between yields.
 *
 *   gen object | header | name, qualname | ... | py_frame | localsplus ... |
 *                                                 ^ linked into the frame
 *                                                   chain while it runs
 *
 * Calling a generator function pushes a frame on the frame stack as any
 * call does (arguments bound), then py_gen_from_frame moves its contents
 * into a new generator and pops it.  Each send links the generator's frame
 * under the caller's (so tracebacks and sys._getframe see it) and runs
 * py_eval_frame on it until it yields (frame SUSPENDED) or returns or
 * raises (COMPLETED, then its references are dropped at once).
 *
 * States: CREATED --send--> EXECUTING --yield--> SUSPENDED --send--> ...
 *         EXECUTING --return/raise--> COMPLETED (--> CLEARED)
 *
 * Invariants
 * ----------
 * GE1. running iff frame.state == EXECUTING; then frame is linked into
 *      the interpreter's frame chain.
 * GE2. A completed generator holds no references from its frame.
 * GE3. exc_state is the exception the generator was handling when it
 *      last yielded (restored on resume), or NULL.
 */
#include "py/py.h"

#include <string.h>

typedef struct py_gen {
    OH_OBJECT_HEAD;
    oh_object *name;
    oh_object *qualname;
    oh_object *weaklist;
    oh_object *exc_state;               /* GE3 */
    bool running;                       /* GE1 */
    py_frame *frame;                    /* points at frame_data */
    _Alignas(16) char frame_data[];     /* a py_frame and its localsplus */
} py_gen;

#define GEN(o) ((py_gen *)(void *)(o))

static size_t
gen_slots(const py_code *co)
{
    return (size_t)(co->nlocalsplus + co->stacksize);
}

/* A generator for a frame of fn's code, its own fields set and the
 * frame's left to the caller; NULL with MemoryError. */
static py_gen *
gen_alloc(py_function *fn, py_code *co)
{
    size_t nslots = gen_slots(co);
    py_gen *g = (py_gen *)(void *)ohi_object_alloc(
        &PY_T(generator)->ot,
        sizeof(py_frame) + nslots * sizeof(oh_object *));
    if (g == NULL)
        return NULL;
    oh_incref(fn->name);
    g->name = fn->name;
    oh_incref(fn->qualname);
    g->qualname = fn->qualname;
    g->weaklist = NULL;
    g->exc_state = NULL;
    g->running = false;
    g->frame = (py_frame *)(void *)g->frame_data;
    return g;
}

oh_object *
py_gen_new_steal(py_function *fn, oh_object **args, size_t nargs)
{
    py_interp *in = OHI_RT->py;
    py_code *co = (py_code *)(void *)fn->code;
    py_gen *g = NULL;
    /* What pushing the function's frame checks (frame.c): a call is a
     * step (IN4), and the recursion limit holds. */
    if (PY_STEP_FAILED(in))
        goto fail;
    if (OH_UNLIKELY(in->depth >= in->recursion_limit)) {
        py_err_set_string(PY_EXC(RecursionError),
                          "maximum recursion depth exceeded");
        goto fail;
    }
    g = gen_alloc(fn, co);
    if (g == NULL)
        goto fail;
    py_frame *gf = g->frame;
    /* func: the caller's reference, as are the arguments below. */
    py_frame_init(gf, fn, co, PY_FRAME_OWNED_BY_GENERATOR);
    size_t i = 0;
    for (; i < nargs; i++)
        gf->localsplus[i] = args[i];    /* the caller's references */
    for (size_t n = (size_t)co->nlocalsplus; i < n; i++)
        gf->localsplus[i] = NULL;
    ohi_gc_track(&g->ob_base);
    ohi_gc_safe_point();
    return &g->ob_base;
fail:
    for (size_t j = 0; j < nargs; j++)
        oh_decref(args[j]);
    oh_decref(&fn->ob_base);
    return NULL;
}

oh_object *
py_gen_from_frame(py_frame *f)
{
    py_code *co = f->code;
    py_function *fn = (py_function *)(void *)f->func;
    py_gen *g = gen_alloc(fn, co);
    if (g == NULL) {
        py_frame_pop(f);
        return NULL;
    }
    py_frame *gf = g->frame;
    memcpy(gf, f, sizeof(py_frame));
    oh_incref(gf->func);
    gf->locals = NULL;
    if (f->locals != NULL) {
        oh_incref(f->locals);
        gf->locals = f->locals;
    }
    for (int i = 0; i < co->nlocalsplus; i++) {
        gf->localsplus[i] = f->localsplus[i];
        oh_xincref(gf->localsplus[i]);
    }
    gf->stacktop = 0;
    gf->previous = NULL;
    gf->frame_obj = NULL;
    gf->owner = PY_FRAME_OWNED_BY_GENERATOR;
    gf->state = PY_FRAME_CREATED;
    gf->is_entry = false;
    py_frame_pop(f);
    ohi_gc_track(&g->ob_base);
    ohi_gc_safe_point();
    return &g->ob_base;
}

/* Drop the frame's references once the generator has finished (GE2). */
static void
gen_clear_frame(py_gen *g)
{
    py_frame *f = g->frame;
    if (f->state == PY_FRAME_CLEARED)
        return;
    if (f->frame_obj != NULL)
        py_frame_release_object(f);
    oh_object *func = f->func;
    py_frame_clear(f);
    f->func = NULL;
    oh_xdecref(func);
    OH_CLEAR(g->exc_state);
}

/* Run the generator once: v is the value sent (NULL when throwing: the
 * exception is already set).  Returns the value yielded, or NULL: with
 * *retval set (a return; bare mode) or an exception set. */
static oh_object *
gen_run(py_gen *g, oh_object *v, bool bare, oh_object **retval)
{
    py_interp *in = OHI_RT->py;
    py_frame *f = g->frame;
    if (g->running)
        return py_err_set_string(PY_EXC(ValueError),
                                 "generator already executing");
    if (f->state >= PY_FRAME_COMPLETED) {
        if (v == NULL)
            return NULL;                /* throw into a finished one */
        if (!bare)
            py_err_set_object(PY_EXC(StopIteration), NULL);
        return NULL;
    }
    if (f->state == PY_FRAME_CREATED && v != NULL && v != OH_NONE)
        return py_err_set_string(PY_EXC(TypeError), "can't send non-None "
                                 "value to a just-started generator");
    if (f->state == PY_FRAME_SUSPENDED && v != NULL) {
        /* The value of the yield expression. */
        oh_incref(v);
        f->localsplus[f->code->nlocalsplus + f->stacktop++] = v;
    }
    if (in->depth >= in->recursion_limit) {
        if (v == NULL)
            py_err_clear();
        return py_err_set_string(PY_EXC(RecursionError),
                                 "maximum recursion depth exceeded");
    }
    oh_object *saved_exc = in->exc_info;
    in->exc_info = g->exc_state;
    g->exc_state = NULL;
    f->previous = in->frame;
    in->frame = f;
    in->depth++;
    /* A resume is a CALL event; the yield was the last instruction. */
    f->trace_lasti = PY_TRACE_RESTART(PY_FRAME_LASTI(f));
    g->running = true;
    oh_incref(&g->ob_base);             /* the generator lives while it runs */
    oh_object *r = py_eval_frame(f, v == NULL);
    g->running = false;
    in->depth--;
    in->frame = f->previous;
    f->previous = NULL;
    g->exc_state = in->exc_info;
    in->exc_info = saved_exc;
    if (r != NULL && f->state == PY_FRAME_SUSPENDED) {
        oh_decref(&g->ob_base);
        return r;
    }
    /* Returned or raised: the generator is finished. */
    if (r == NULL && py_err_matches(PY_EXC(StopIteration))) {
        /* PEP 479: a StopIteration escaping a generator is an error. */
        oh_object *stop = py_err_fetch();
        py_err_set_string(PY_EXC(RuntimeError),
                          "generator raised StopIteration");
        oh_object *rt = py_err_peek();
        if (rt != NULL && stop != NULL) {
            py_exception *e = (py_exception *)(void *)rt;
            oh_incref(stop);
            oh_xdecref(e->cause);
            e->cause = stop;
            e->suppress_context = true;
            oh_xdecref(e->context);
            e->context = stop;
            oh_incref(stop);
        }
        oh_xdecref(stop);
    }
    gen_clear_frame(g);
    oh_decref(&g->ob_base);
    if (r == NULL)
        return NULL;
    if (bare) {
        *retval = r;
        return NULL;
    }
    /* return value -> StopIteration(value) */
    if (r == OH_NONE)
        py_err_set_object(PY_EXC(StopIteration), NULL);
    else {
        oh_object *exc = py_exc_new(PY_EXC(StopIteration), &r, 1);
        if (exc != NULL)
            py_err_raise_new(exc);
    }
    oh_decref(r);
    return NULL;
}

oh_object *
py_gen_send(oh_object *gen, oh_object *v, bool bare, oh_object **retval)
{
    return gen_run(GEN(gen), v ? v : OH_NONE, bare, retval);
}

/* next(gen): the end is NULL without an exception when the generator
 * returned None, else StopIteration(value) -- so that next() shows the
 * value while a for loop pays nothing for the common case. */
static oh_object *
gen_iternext(oh_object *o)
{
    oh_object *ret = NULL;
    oh_object *r = gen_run(GEN(o), OH_NONE, true, &ret);
    if (ret != NULL) {
        if (ret != OH_NONE) {
            oh_object *exc = py_exc_new(PY_EXC(StopIteration), &ret, 1);
            if (exc != NULL)
                py_err_raise(exc);
        }
        oh_decref(ret);
    }
    return r;
}

static oh_object *
gen_iter(oh_object *o)
{
    oh_incref(o);
    return o;
}

static oh_object *
gen_m_send(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_check_args("send", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return gen_run(GEN(self), args[0], false, NULL);
}

/* throw(exc) / throw(type, value, tb): raise inside the generator. */
static oh_object *
gen_throw_exc(py_gen *g, oh_object *typ, oh_object *val, oh_object *tb)
{
    oh_object *exc;
    if (py_is_instance(typ, PY_T(type))
        && py_type_is_subtype((py_type *)(void *)typ,
                              PY_EXC(BaseException))) {
        if (val != NULL && val != OH_NONE
            && py_is_instance(val, (py_type *)(void *)typ)) {
            oh_incref(val);
            exc = val;
        }
        else if (val == NULL || val == OH_NONE)
            exc = py_exc_new((py_type *)(void *)typ, NULL, 0);
        else
            exc = py_exc_new((py_type *)(void *)typ, &val, 1);
        if (exc == NULL)
            return NULL;
    }
    else if (py_is_instance(typ, PY_EXC(BaseException))) {
        if (val != NULL && val != OH_NONE)
            return py_err_set_string(PY_EXC(TypeError), "instance "
                                     "exception may not have a separate "
                                     "value");
        oh_incref(typ);
        exc = typ;
    }
    else
        return py_err_format(PY_EXC(TypeError), "exceptions must be "
                             "classes or instances deriving from "
                             "BaseException, not %T", typ);
    if (tb != NULL && tb != OH_NONE) {
        oh_object *r = NULL;
        oh_object *n = py_static_str("__traceback__");
        if (n != NULL && py_setattr(exc, n, tb) < 0)
            r = exc;
        if (r != NULL) {
            oh_decref(exc);
            return NULL;
        }
    }
    if (g->frame->state >= PY_FRAME_COMPLETED) {
        py_err_raise(exc);
        return NULL;
    }
    if (g->frame->state == PY_FRAME_CREATED) {
        /* Never started: the exception ends it where it stands (the
         * frame is CLEARED, which counts as completed). */
        gen_clear_frame(g);
        py_err_raise(exc);
        return NULL;
    }
    py_err_raise(exc);
    return gen_run(g, NULL, false, NULL);
}

static oh_object *
gen_m_throw(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (py_check_args("throw", nargs, kwnames, 1, 3) < 0)
        return NULL;
    return gen_throw_exc(GEN(self), args[0], nargs > 1 ? args[1] : NULL,
                         nargs > 2 ? args[2] : NULL);
}

/* close(): GeneratorExit inside; it must not yield again. */
static int
gen_close(py_gen *g)
{
    if (g->frame->state >= PY_FRAME_COMPLETED)
        return 0;
    if (g->frame->state == PY_FRAME_CREATED) {
        gen_clear_frame(g);             /* CLEARED: completed, and its
                                           references already dropped */
        return 0;
    }
    oh_object *exc = py_exc_new(PY_EXC(GeneratorExit), NULL, 0);
    if (exc == NULL)
        return -1;
    py_err_raise(exc);
    oh_object *r = gen_run(g, NULL, false, NULL);
    if (r != NULL) {
        oh_decref(r);
        py_err_set_string(PY_EXC(RuntimeError),
                          "generator ignored GeneratorExit");
        return -1;
    }
    if (py_err_matches(PY_EXC(GeneratorExit))
        || py_err_matches(PY_EXC(StopIteration))) {
        py_err_clear();
        return 0;
    }
    return py_err_occurred() ? -1 : 0;
}

static oh_object *
gen_m_close(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (py_check_args("close", nargs, kwnames, 0, 0) < 0)
        return NULL;
    if (gen_close(GEN(self)) < 0)
        return NULL;
    oh_incref(OH_NONE);
    return OH_NONE;
}

/* PEP 442: a suspended generator is closed before it is freed. */
static void
gen_finalize(oh_object *o)
{
    py_gen *g = GEN(o);
    if (g->frame->state != PY_FRAME_SUSPENDED)
        return;
    if (gen_close(g) < 0)
        py_err_write_unraisable(NULL, o);
}

static int
gen_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    py_gen *g = GEN(o);
    OH_VISIT(g->name);
    OH_VISIT(g->qualname);
    OH_VISIT(g->exc_state);
    py_frame *f = g->frame;
    if (f->state != PY_FRAME_CLEARED) {
        OH_VISIT(f->func);
        OH_VISIT(f->locals);
        OH_VISIT(f->frame_obj);
        int n = f->code->nlocalsplus + f->stacktop;
        for (int i = 0; i < n; i++)
            OH_VISIT(f->localsplus[i]);
    }
    return 0;
}

static void
gen_clear(oh_object *o)
{
    gen_clear_frame(GEN(o));
    OH_CLEAR(GEN(o)->name);
    OH_CLEAR(GEN(o)->qualname);
}

static void
gen_dealloc(oh_object *o)
{
    py_gen *g = GEN(o);
    if (!ohi_trashcan_begin(o))
        return;
    /* Only a suspended generator has anything to finalize (gen_finalize
     * returns at once otherwise): skipping the call saves saving and
     * restoring the error indicator for every generator that ran to its
     * end (docs/PYTHON.md, "Speed"). */
    if (g->frame->state == PY_FRAME_SUSPENDED && ohi_call_finalizer(o)) {
        ohi_trashcan_end();
        return;
    }
    if (g->weaklist != NULL)
        oh_weakref_clear_all(o);
    gen_clear(o);
    ohi_object_free(o);
    ohi_trashcan_end();
}

static size_t
gen_sizeof(oh_object *o)
{
    return sizeof(py_gen) + sizeof(py_frame)
           + gen_slots(GEN(o)->frame->code) * sizeof(oh_object *);
}

static oh_object *
gen_repr(oh_object *o)
{
    return oh_str_from_format("<generator object %s at %p>",
                              oh_str_utf8(GEN(o)->qualname, NULL),
                              (void *)o);
}

static oh_object *
gen_get_frame(oh_object *o)
{
    py_gen *g = GEN(o);
    if (g->frame->state >= PY_FRAME_COMPLETED) {
        oh_incref(OH_NONE);
        return OH_NONE;
    }
    oh_object *fo = py_frame_get_object(g->frame);
    oh_xincref(fo);
    return fo;
}

static oh_object *
gen_get_running(oh_object *o)
{
    return oh_bool_from(GEN(o)->running);
}

static oh_object *
gen_get_code(oh_object *o)
{
    oh_object *c = &GEN(o)->frame->code->ob_base;
    oh_incref(c);
    return c;
}

static oh_object *
gen_get_suspended(oh_object *o)
{
    return oh_bool_from(GEN(o)->frame->state == PY_FRAME_SUSPENDED);
}

static const py_getset_def gen_getsets[] = {
    {"gi_frame", gen_get_frame, NULL, NULL},
    {"gi_running", gen_get_running, NULL, NULL},
    {"gi_code", gen_get_code, NULL, NULL},
    {"gi_suspended", gen_get_suspended, NULL, NULL},
    {NULL, NULL, NULL, NULL}
};

static const py_member_def gen_members[] = {
    {"__name__", PY_MEMBER_OBJECT, offsetof(py_gen, name), false},
    {"__qualname__", PY_MEMBER_OBJECT, offsetof(py_gen, qualname), false},
    {NULL, 0, 0, false}
};

static const py_method_def gen_methods[] = {
    {"send", gen_m_send, 0, NULL},
    {"throw", gen_m_throw, 0, NULL},
    {"close", gen_m_close, 0, NULL},
    {NULL, NULL, 0, NULL}
};

py_static_type py_generator_static = {.t = {
    PY_TYPE_INIT("generator", py_gen,
                 OH_TYPE_CONTAINER | OH_TYPE_WEAKREFABLE),
    .ot.itemsize = 1,
    .ot.weaklistoffset = offsetof(py_gen, weaklist),
    .ot.dealloc = gen_dealloc,
    .ot.traverse = gen_traverse,
    .ot.clear = gen_clear,
    .ot.finalize = gen_finalize,
    .ot.getsizeof = gen_sizeof,
    .weaklistoffset = offsetof(py_gen, weaklist),
    .getsets = gen_getsets,
    .members = gen_members,
    .methods = gen_methods,
    .tp_iter = gen_iter,
    .tp_iternext = gen_iternext,
    .tp_repr = gen_repr,
}};
