/*
 * frame.c -- the frame stack, and frame objects.
 *
 * What this file owns
 * -------------------
 * Where a call's state lives: the seeds' "stack memory".  A Python call
 * pushes a py_frame (py.h) on the interpreter's frame stack: the function,
 * then localsplus -- the arguments and other locals, the cells and free
 * variables, then the value stack -- all references into the heap.
 * Returning pops it, dropping those references, which is how objects
 * whose last reference was a local are freed the moment a function
 * returns.
 *
 *   frame stack (chunks, oh_malloc)         heap (objheap objects)
 *   +---------------------------+
 *   | <module> frame            |   x ----> 10 (immortal small int)
 *   |   localsplus: x, y        |   y ----> [1, 2, 3] (list)
 *   +---------------------------+
 *   | func frame  (innermost)   |   value --^ (same 10)
 *   |   value | stack ...       |
 *   +---------------------------+ <- chunk top
 *
 * The stack is a list of chunks, each a bump region: pushing a frame that
 * does not fit starts a new chunk (at least twice the frame, 16 KiB
 * first), and popping the last frame of a chunk frees the chunk.  Frames
 * are contiguous within a chunk, so the memory of a deep recursion is
 * sizeof(frame) + 8 bytes per local and stack slot, no more: 50,000 frames
 * of a small recursive function take about 10 MiB.
 *
 * Frame objects.  A frame is not an object: nothing can refer to it but
 * the interpreter.  When something needs a reference -- a traceback, a
 * generator's gi_frame, sys._getframe() -- py_frame_get_object makes a
 * frame object (PY_T(frame)) pointing at the frame.  If the frame object
 * is still referenced when the call returns, it takes over the frame's
 * contents (a copy in its own memory, FR2), so a traceback keeps the
 * locals of the calls it lists, as in CPython.
 *
 * Invariants (FR1, FR2 at struct py_frame in py.h)
 * ----------
 * FR3. The chunk list's top chunk holds the innermost frame pushed by a
 *      call, and frames are popped in reverse order of pushing.
 * FR4. A frame object owns its frame (owner == PY_FRAME_OWNED_BY_OBJECT)
 *      or points at a live frame that points back at it (frame_obj).
 */
#include "py/py.h"

#include <string.h>

#define CHUNK_MIN ((size_t)16 * 1024)

/* The frame object. */
typedef struct py_frameobject {
    OH_OBJECT_HEAD;
    py_frame *frame;                    /* FR4 */
    oh_object *back;                    /* f_back once the frame is owned,
                                           or NULL */
    oh_object *locals_cache;            /* f_locals of a function frame */
    oh_object *trace;                   /* f_trace (settrace.c), or NULL */
    bool trace_lines;                   /* f_trace_lines */
} py_frameobject;

#define FOBJ(o) ((py_frameobject *)(void *)(o))

size_t
py_frame_size(const py_code *co)
{
    return sizeof(py_frame)
           + (size_t)(co->nlocalsplus + co->stacksize) * sizeof(oh_object *);
}

/* ==========================================================================
 * The stack
 * ========================================================================== */

static OHI_NOINLINE void *stack_alloc_chunk(py_interp *in, size_t n);

/* Room for n bytes at the top of the frame stack; NULL with MemoryError.
 * Inline: every call takes this path, a new chunk is rare. */
static inline void *
stack_alloc(py_interp *in, size_t n)
{
    py_stack_chunk *c = in->stack;
    if (OH_LIKELY(c != NULL
                  && (size_t)((char *)c + c->size - c->top) >= n)) {
        void *p = c->top;
        c->top += n;
        return p;
    }
    return stack_alloc_chunk(in, n);
}

static void *
stack_alloc_chunk(py_interp *in, size_t n)
{
    py_stack_chunk *c = in->stack;
    size_t size = CHUNK_MIN;
    if (c != NULL && c->size * 2 > size)
        size = c->size * 2;
    while (size < n + sizeof(py_stack_chunk))
        size *= 2;
    py_stack_chunk *nc = oh_malloc(size);
    if (nc == NULL) {
        py_err_no_memory();
        return NULL;
    }
    nc->previous = c;
    nc->size = size;
    nc->top = nc->data + n;
    in->stack = nc;
    return nc->data;
}

static inline void
stack_free_top(py_interp *in, py_frame *f)
{
    py_stack_chunk *c = in->stack;
    OH_ASSERT((char *)f >= c->data && (char *)f < (char *)c + c->size);
    c->top = (char *)f;
    if (c->top == c->data && c->previous != NULL) {
        in->stack = c->previous;
        oh_free(c);
    }
}

/* A frame for calling func, on the stack and linked in, func not yet
 * referenced and localsplus not yet set; NULL with an error. */
static inline py_frame *
frame_new(py_interp *in, py_function *func, py_code *co)
{
    if (OH_UNLIKELY(in->depth >= in->recursion_limit)) {
        py_err_set_string(PY_EXC(RecursionError),
                          "maximum recursion depth exceeded");
        return NULL;
    }
    py_frame *f = stack_alloc(in, py_frame_size(co));
    if (f == NULL)
        return NULL;
    py_frame_init(f, func, co, PY_FRAME_OWNED_BY_STACK);
    f->previous = in->frame;
    in->frame = f;
    in->depth++;
    return f;
}

/* The arguments into the new frame's first slots, the other locals
 * NULL.  A few slots: plain loops beat calls to memcpy and memset. */
static inline void
frame_take_args(py_frame *f, const py_code *co, oh_object **args,
                size_t nargs)
{
    oh_object **lp = f->localsplus;
    size_t i = 0;
    for (; i < nargs; i++)
        lp[i] = args[i];
    for (size_t n = (size_t)co->nlocalsplus; i < n; i++)
        lp[i] = NULL;
}

/* py_frame_push_steal when the step count runs out, the recursion
 * limit is reached or the chunk is full: the general path. */
static OHI_NOINLINE py_frame *
push_steal_slow(py_function *func, oh_object **args, size_t nargs)
{
    py_interp *in = OHI_RT->py;
    py_code *co = (py_code *)(void *)func->code;
    /* A call is a step (IN4 in py.h): recursion that never loops, which
     * a big recursion limit lets run long, is bounded too. */
    if (PY_STEP_FAILED(in))
        return NULL;
    py_frame *f = frame_new(in, func, co);
    if (f == NULL)
        return NULL;
    frame_take_args(f, co, args, nargs);
    return f;
}

py_frame *
py_frame_push_steal(py_function *func, oh_object **args, size_t nargs)
{
    py_interp *in = OHI_RT->py;
    py_code *co = (py_code *)(void *)func->code;
    size_t size = py_frame_size(co);
    py_stack_chunk *c = in->stack;
    /* The common case with no call made, so that it saves no registers:
     * a step left (PY_STEP_FAILED would not fail), the depth under the
     * limit, room in the chunk.  The rest is push_steal_slow. */
    if (OH_UNLIKELY(in->steps_left <= 0
                    || in->depth >= in->recursion_limit || c == NULL
                    || (size_t)((char *)c + c->size - c->top) < size))
        return push_steal_slow(func, args, nargs);
    in->steps_left--;
    py_frame *f = frame_new(in, func, co);     /* cannot fail now */
    frame_take_args(f, co, args, nargs);
    return f;
}

py_frame *
py_frame_push(py_function *func, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    py_interp *in = OHI_RT->py;
    py_code *co = (py_code *)(void *)func->code;
    py_frame *f = frame_new(in, func, co);
    if (f == NULL)
        return NULL;
    oh_incref(&func->ob_base);
    oh_object **lp = f->localsplus;
    if (kwnames == NULL && nargs == (size_t)co->argcount
        && co->kwonlyargcount == 0
        && !(co->flags & (PY_CO_VARARGS | PY_CO_VARKEYWORDS))) {
        /* The arguments fill the parameters exactly (a method called
         * from C, __init__ from a class call): copy them, as
         * py_bind_frame_args would with nothing else to do. */
        size_t i = 0;
        for (; i < nargs; i++) {
            oh_incref(args[i]);
            lp[i] = args[i];
        }
        for (size_t n = (size_t)co->nlocalsplus; i < n; i++)
            lp[i] = NULL;
        return f;
    }
    memset(lp, 0, (size_t)co->nlocalsplus * sizeof(oh_object *));
    if (py_bind_frame_args(func, lp, args, nargs, kwnames) < 0) {
        py_frame_pop(f);
        return NULL;
    }
    return f;
}

/* py_frame_clear's work, inline in py_frame_pop: every return takes it. */
static inline void
frame_clear(py_frame *f)
{
    int n = f->code->nlocalsplus + f->stacktop;
    f->stacktop = 0;
    for (int i = 0; i < n; i++) {
        oh_object *o = f->localsplus[i];
        f->localsplus[i] = NULL;
        oh_xdecref(o);
    }
    OH_CLEAR(f->locals);
    f->state = PY_FRAME_CLEARED;
}

void
py_frame_clear(py_frame *f)
{
    frame_clear(f);
}

static void take_ownership(py_frameobject *fo, py_frame *f);

/* The frame is ending (a return, or a generator finishing): its frame
 * object, if something else holds it, takes the contents (FR2) -- the
 * frame's own slots are left empty then.  Returns true if it did. */
static bool release_object_slow(py_frame *f);

static inline bool
release_object(py_frame *f)
{
    return f->frame_obj != NULL && release_object_slow(f);
}

static bool
release_object_slow(py_frame *f)
{
    oh_object *fo = f->frame_obj;
    f->frame_obj = NULL;
    if (fo->refcnt > 1) {
        take_ownership(FOBJ(fo), f);
        oh_decref(fo);
        return true;
    }
    FOBJ(fo)->frame = NULL;
    oh_decref(fo);
    return false;
}

void
py_frame_release_object(py_frame *f)
{
    if (release_object(f)) {
        /* The contents moved: nothing is left to drop here. */
        memset(f->localsplus, 0,
               (size_t)f->code->nlocalsplus * sizeof(oh_object *));
        f->locals = NULL;
        f->func = NULL;
        f->state = PY_FRAME_CLEARED;
    }
}

void
py_frame_pop(py_frame *f)
{
    py_interp *in = OHI_RT->py;
    OH_ASSERT(in->frame == f);
    in->frame = f->previous;
    in->depth--;
    if (release_object(f)) {
        stack_free_top(in, f);
        return;
    }
    oh_object *func = f->func;
    frame_clear(f);
    f->func = NULL;
    oh_decref(func);
    stack_free_top(in, f);
}

/* ==========================================================================
 * Frame objects
 * ========================================================================== */

static oh_object *frameobject_new(py_frame *f);

oh_object *
py_frame_get_object(py_frame *f)
{
    if (f->frame_obj == NULL) {
        oh_object *fo = frameobject_new(f);
        if (fo == NULL)
            return NULL;
        f->frame_obj = fo;                      /* the frame's reference */
    }
    return f->frame_obj;
}

static oh_object *
frameobject_new(py_frame *f)
{
    py_frameobject *fo = (py_frameobject *)(void *)ohi_object_alloc(
        &PY_T(frame)->ot, 0);
    if (fo == NULL)
        return NULL;
    fo->frame = f;
    fo->back = NULL;
    fo->locals_cache = NULL;
    fo->trace = NULL;
    fo->trace_lines = true;
    ohi_gc_track(&fo->ob_base);
    return &fo->ob_base;
}

/* The call returned while fo lives: move the frame's contents into memory
 * fo owns (FR2).  The value stack is empty by then except for what an
 * exception left, which py_frame_clear would drop anyway. */
static void
take_ownership(py_frameobject *fo, py_frame *f)
{
    size_t size = sizeof(py_frame)
                  + (size_t)f->code->nlocalsplus * sizeof(oh_object *);
    py_frame *copy = oh_malloc(size);
    /* The value stack's entries are dropped, not copied. */
    for (int i = 0; i < f->stacktop; i++)
        OH_CLEAR(f->localsplus[f->code->nlocalsplus + i]);
    f->stacktop = 0;
    if (copy == NULL) {
        /* Out of memory: the frame object forgets the frame (its f_locals
         * become empty) rather than keeping freed memory. */
        oh_object *func = f->func;
        py_frame_clear(f);
        f->func = NULL;
        oh_decref(func);
        fo->frame = NULL;
        oh_err_clear();
        return;
    }
    memcpy(copy, f, size);
    copy->owner = PY_FRAME_OWNED_BY_OBJECT;
    copy->previous = NULL;
    copy->frame_obj = &fo->ob_base;
    if (copy->state != PY_FRAME_CLEARED)
        copy->state = PY_FRAME_COMPLETED;
    fo->frame = copy;
    /* f_back: the caller, while it is still running. */
    if (f->previous != NULL && fo->back == NULL) {
        oh_object *b = py_frame_get_object(f->previous);
        if (b != NULL) {
            oh_incref(b);
            fo->back = b;
        }
        else
            oh_err_clear();
    }
}

static int
frameobject_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    py_frameobject *fo = FOBJ(o);
    OH_VISIT(fo->back);
    OH_VISIT(fo->locals_cache);
    OH_VISIT(fo->trace);
    py_frame *f = fo->frame;
    if (f != NULL && f->owner == PY_FRAME_OWNED_BY_OBJECT) {
        OH_VISIT(f->func);
        OH_VISIT(f->locals);
        for (int i = 0; i < f->code->nlocalsplus; i++)
            OH_VISIT(f->localsplus[i]);
    }
    return 0;
}

static void
frameobject_clear(oh_object *o)
{
    py_frameobject *fo = FOBJ(o);
    OH_CLEAR(fo->back);
    OH_CLEAR(fo->locals_cache);
    OH_CLEAR(fo->trace);
    py_frame *f = fo->frame;
    if (f != NULL && f->owner == PY_FRAME_OWNED_BY_OBJECT
        && f->state != PY_FRAME_CLEARED)
        py_frame_clear(f);
}

static void
frameobject_dealloc(oh_object *o)
{
    py_frameobject *fo = FOBJ(o);
    if (!ohi_trashcan_begin(o))
        return;
    py_frame *f = fo->frame;
    if (f != NULL) {
        if (f->owner == PY_FRAME_OWNED_BY_OBJECT) {
            oh_object *func = f->func;
            if (f->state != PY_FRAME_CLEARED)
                py_frame_clear(f);
            f->func = NULL;
            oh_xdecref(func);
            oh_free(f);
        }
        else if (f->frame_obj == o)
            f->frame_obj = NULL;
    }
    OH_CLEAR(fo->back);
    OH_CLEAR(fo->locals_cache);
    OH_CLEAR(fo->trace);
    ohi_object_free(o);
    ohi_trashcan_end();
}

/* The frame's locals as a dict: the locals mapping of a module or class
 * body, or a new dict made from a function's fast locals and cells. */
oh_object *
py_frame_locals(py_frame *f)
{
    if (f->locals != NULL) {
        oh_incref(f->locals);
        return f->locals;
    }
    oh_object *d = oh_dict_new();
    if (d == NULL)
        return NULL;
    py_code *co = f->code;
    for (int i = 0; i < co->nlocalsplus; i++) {
        oh_object *v = f->localsplus[i];
        if (v == NULL)
            continue;
        uint8_t kind = co->localspluskinds[i];
        if (kind & (PY_LOCAL_CELL | PY_LOCAL_FREE)) {
            /* Before MAKE_CELL runs an argument slot holds the value. */
            if (PY_TYPE(v) == PY_T(cell))
                v = ((py_cell *)(void *)v)->ref;
            if (v == NULL)
                continue;
            /* Free variables are shown only in functions (not class
             * bodies), as CPython does. */
        }
        if (oh_dict_set(d, OHI_TUPLE(co->localsplusnames)->items[i], v) < 0) {
            oh_decref(d);
            return NULL;
        }
    }
    return d;
}

static oh_object *
frame_get_locals(oh_object *o)
{
    py_frame *f = FOBJ(o)->frame;
    if (f == NULL)
        return oh_dict_new();
    return py_frame_locals(f);
}

static oh_object *
frame_get_lineno(oh_object *o)
{
    py_frame *f = FOBJ(o)->frame;
    if (f == NULL) {
        oh_incref(OH_NONE);
        return OH_NONE;
    }
    /* Before the first instruction (a new frame, a generator not yet
     * started): the def line, as CPython says. */
    return oh_int_from_i64(py_code_addr2line(f->code, PY_FRAME_LASTI(f)));
}

static oh_object *
frame_get_lasti(oh_object *o)
{
    py_frame *f = FOBJ(o)->frame;
    int lasti = f ? PY_FRAME_LASTI(f) : -1;
    return oh_int_from_i64(lasti < 0 ? -1 : lasti * 2);
}

static oh_object *
frame_get_code(oh_object *o)
{
    py_frame *f = FOBJ(o)->frame;
    if (f == NULL) {
        oh_incref(OH_NONE);
        return OH_NONE;
    }
    oh_incref(&f->code->ob_base);
    return &f->code->ob_base;
}

static oh_object *
frame_get_globals(oh_object *o)
{
    py_frame *f = FOBJ(o)->frame;
    oh_object *g = f ? f->globals : OH_NONE;
    oh_incref(g);
    return g;
}

static oh_object *
frame_get_builtins(oh_object *o)
{
    py_frame *f = FOBJ(o)->frame;
    oh_object *b = f ? f->builtins : OH_NONE;
    oh_incref(b);
    return b;
}

static oh_object *
frame_get_back(oh_object *o)
{
    py_frameobject *fo = FOBJ(o);
    if (fo->back != NULL) {
        oh_incref(fo->back);
        return fo->back;
    }
    py_frame *f = fo->frame;
    if (f != NULL && f->owner != PY_FRAME_OWNED_BY_OBJECT
        && f->previous != NULL) {
        oh_object *b = py_frame_get_object(f->previous);
        oh_xincref(b);
        return b;
    }
    oh_incref(OH_NONE);
    return OH_NONE;
}

/* f_trace: the local trace function sys.settrace's events go to. */
static oh_object *
frame_get_trace(oh_object *o)
{
    oh_object *t = FOBJ(o)->trace ? FOBJ(o)->trace : OH_NONE;
    oh_incref(t);
    return t;
}

static int
frame_set_trace(oh_object *o, oh_object *v)
{
    py_frameobject_set_trace(o, v == OH_NONE ? NULL : v);
    return 0;
}

static oh_object *
frame_get_trace_lines(oh_object *o)
{
    return oh_bool_from(FOBJ(o)->trace_lines);
}

static int
frame_set_trace_lines(oh_object *o, oh_object *v)
{
    if (v == NULL || (v != OH_TRUE && v != OH_FALSE)) {
        py_err_set_string(PY_EXC(TypeError),
                          "attribute value type must be bool");
        return -1;
    }
    FOBJ(o)->trace_lines = v == OH_TRUE;
    return 0;
}

oh_object *
py_frameobject_get_trace(oh_object *fo)
{
    return FOBJ(fo)->trace;
}

void
py_frameobject_set_trace(oh_object *fo, oh_object *func)
{
    oh_xincref(func);
    oh_object *old = FOBJ(fo)->trace;
    FOBJ(fo)->trace = func;
    oh_xdecref(old);
}

bool
py_frameobject_trace_lines(oh_object *fo)
{
    return FOBJ(fo)->trace_lines;
}

static const py_getset_def frame_getsets[] = {
    {"f_trace", frame_get_trace, frame_set_trace, NULL},
    {"f_trace_lines", frame_get_trace_lines, frame_set_trace_lines, NULL},
    {"f_locals", frame_get_locals, NULL, NULL},
    {"f_lineno", frame_get_lineno, NULL, NULL},
    {"f_lasti", frame_get_lasti, NULL, NULL},
    {"f_code", frame_get_code, NULL, NULL},
    {"f_globals", frame_get_globals, NULL, NULL},
    {"f_builtins", frame_get_builtins, NULL, NULL},
    {"f_back", frame_get_back, NULL, NULL},
    {NULL, NULL, NULL, NULL}
};

static oh_object *
frame_m_clear(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    py_frame *f = FOBJ(self)->frame;
    if (f != NULL && f->owner != PY_FRAME_OWNED_BY_OBJECT
        && f->state == PY_FRAME_EXECUTING)
        return py_err_set_string(PY_EXC(RuntimeError),
                                 "cannot clear an executing frame");
    frameobject_clear(self);
    oh_incref(OH_NONE);
    return OH_NONE;
}

static const py_method_def frame_methods[] = {
    {"clear", frame_m_clear, 0, NULL},
    {NULL, NULL, 0, NULL}
};

static oh_object *
frame_repr(oh_object *o)
{
    py_frame *f = FOBJ(o)->frame;
    if (f == NULL)
        return oh_str_from_format("<frame at %p>", (void *)o);
    int lasti = PY_FRAME_LASTI(f);
    return oh_str_from_format("<frame at %p, file '%s', line %d, code %s>",
                              (void *)o,
                              oh_str_utf8(f->code->filename, NULL),
                              py_code_addr2line(f->code,
                                                lasti < 0 ? 0 : lasti),
                              oh_str_utf8(f->code->name, NULL));
}

static size_t
frame_sizeof(oh_object *o)
{
    py_frame *f = FOBJ(o)->frame;
    return sizeof(py_frameobject) + (f ? py_frame_size(f->code) : 0);
}

py_static_type py_frame_static = {.t = {
    PY_TYPE_INIT("frame", py_frameobject, OH_TYPE_CONTAINER),
    .ot.dealloc = frameobject_dealloc,
    .ot.traverse = frameobject_traverse,
    .ot.clear = frameobject_clear,
    .ot.getsizeof = frame_sizeof,
    .getsets = frame_getsets,
    .methods = frame_methods,
    .tp_repr = frame_repr,
}};

/* The frame of a frame object (NULL when cleared). */
py_frame *
py_frameobject_frame(oh_object *fo)
{
    return FOBJ(fo)->frame;
}

/* Free the chunks of an empty frame stack (interpreter shutdown). */
void
py_frame_stack_fini(void)
{
    py_interp *in = OHI_RT->py;
    while (in->stack != NULL) {
        py_stack_chunk *c = in->stack;
        in->stack = c->previous;
        oh_free(c);
    }
}
