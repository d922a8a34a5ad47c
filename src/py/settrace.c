/*
 * settrace.c -- watching a program run: trace hooks, sys.settrace.
 *
 * What this file owns
 * -------------------
 * The interpreter's trace events, as CPython 3.11's sys.settrace defines
 * them, for two kinds of watcher:
 *   - a C hook (py_trace_set_hook), for tools that watch the program from
 *     the outside: `objheap run --show-memory` records the heap at each
 *     line through it;
 *   - sys.settrace(func): the Python-level trace function (debuggers,
 *     coverage tools), with the frame's f_trace as its local function.
 * Each has its slot (PY_TRACE_TOOL, PY_TRACE_SYS); both see the same
 * events, the tool first.
 *
 * Events
 * ------
 *   CALL       a frame starts running: a call, or a generator resumed;
 *   LINE       an instruction on a new line is about to run, or a jump
 *              went backwards (a loop's next iteration), as 3.11 decides;
 *   RETURN     the frame is about to return or yield (obj: the value), or
 *              it is leaving with an exception (obj: NULL, None for
 *              Python);
 *   EXCEPTION  an exception was raised in the frame or passes through it
 *              (obj: the exception).
 *
 * Zero cost when nothing watches
 * ------------------------------
 * The loop (ceval.c) dispatches through a table of label addresses.  While
 * a hook is set, every entry of that table points at one label that calls
 * py_trace_instruction and then jumps to the real instruction; when the
 * last hook goes, the table is restored.  So a program that is not traced
 * runs exactly the code it ran before tracing existed; CALL, LINE and the
 * RETURN of a return or yield come from that label, the EXCEPTION events
 * and the RETURN of an unwinding frame from the loop's error path, which
 * tests the flag (it is cold).
 *
 * Lines: an instruction's line is looked up in an array of one int32 per
 * code unit, made from the code's line table the first time the code is
 * traced (py_code.trace_lines, freed with the code).
 *
 * Invariants
 * ----------
 * ST1. in->trace_active is true iff a hook is set, and then the loop's
 *      dispatch table is the tracing one (py_ceval_set_tracing).
 * ST2. While a hook runs, in->trace_busy is true and no event is sent:
 *      Python code the hook runs (a trace function) is not traced.
 * ST3. A frame's trace_lasti is the index of the last instruction the
 *      loop traced in it (-1: none yet), or, until its first traced
 *      instruction after a (re)start, PY_TRACE_RESTART(that index): a new
 *      frame has PY_TRACE_START (= PY_TRACE_RESTART(-1)), a resumed
 *      generator the index of its yield.
 */
#include "py/py.h"

#include <string.h>

/* ==========================================================================
 * Hooks
 * ========================================================================== */

static void
update_active(py_interp *in)
{
    bool on = in->trace_hook[PY_TRACE_TOOL] != NULL
              || in->trace_hook[PY_TRACE_SYS] != NULL;
    if (on != in->trace_active) {
        in->trace_active = on;
        py_ceval_set_tracing(on);       /* ST1 */
    }
}

void
py_trace_set_hook(int slot, py_trace_hook hook, void *arg)
{
    py_interp *in = OHI_RT->py;
    if (hook != NULL && !in->trace_active) {
        /* The frames already running did not start under the hook: no
         * CALL for them, and their next line is a new one (CPython sends
         * them only the events their f_trace asks for). */
        for (py_frame *f = in->frame; f != NULL; f = f->previous)
            f->trace_lasti = -1;
    }
    in->trace_hook[slot] = hook;
    in->trace_arg[slot] = hook != NULL ? arg : NULL;
    update_active(in);
}

/* The line of instruction i of co (-1 for none), from the array made on
 * first use.  -2 when the array cannot be made (no memory): no line
 * events then, rather than an error in the middle of an instruction. */
static int
line_of(py_code *co, int i)
{
    if (co->trace_lines == NULL) {
        int32_t *lines = oh_malloc((size_t)co->ncode * sizeof(int32_t));
        if (lines == NULL)
            return -2;
        for (uint32_t k = 0; k < co->ncode; k++)
            lines[k] = py_code_addr2line(co, (int)k);
        co->trace_lines = lines;
    }
    return i >= 0 && (uint32_t)i < co->ncode ? co->trace_lines[i] : -1;
}

/* Send one event to both hooks (ST2).  0, or -1 with the error a hook
 * raised. */
static int
emit(py_interp *in, py_frame *f, py_trace_event ev, oh_object *obj)
{
    if (in->trace_busy)
        return 0;
    in->trace_busy = true;
    int r = 0;
    for (int s = 0; s < PY_TRACE_SLOTS && r == 0; s++)
        if (in->trace_hook[s] != NULL)
            r = in->trace_hook[s](in->trace_arg[s], f, ev, obj);
    in->trace_busy = false;
    return r;
}

int
py_trace_instruction(py_frame *f, int opcode, oh_object *top)
{
    py_interp *in = OHI_RT->py;
    if (in->trace_busy)
        return 0;
    py_code *co = f->code;
    int lasti = PY_FRAME_LASTI(f);
    int prev = f->trace_lasti;
    if (prev <= PY_TRACE_START) {
        /* (Re)started: CALL, with f_lineno the def line for a new frame
         * (CPython's frame is before its first instruction then) and the
         * yield's line for a resumed generator. */
        prev = PY_TRACE_PREV(prev);
        py_codeunit *at = f->prev_instr;
        if (prev < 0)
            f->prev_instr = co->code - 1;
        int r = emit(in, f, PY_TRACE_CALL, NULL);
        f->prev_instr = at;
        if (r < 0)
            return -1;
    }
    /* A loop's unconditional jump back is not a line of its own: CPython
     * 3.11 repeats a while loop's test at the bottom instead, so its
     * events are test, body, test, body...; seen through, ours match. */
    if (opcode == PY_JUMP && PY_ARG(co->code[lasti]) <= (uint32_t)lasti) {
        if (prev != f->trace_lasti)
            f->trace_lasti = prev;      /* the CALL above is sent */
        return 0;
    }
    f->trace_lasti = lasti;             /* ST3 */
    int line = line_of(co, lasti);
    if (line >= 0) {
        int lastline = prev >= 0 ? line_of(co, prev) : -1;
        /* CPython 3.11: a new line, or a jump backwards (not the SEND of
         * a `yield from` going round). */
        bool backwards = prev >= 0 && lasti < prev
                         && PY_OP(co->code[prev]) != PY_SEND;
        if ((line != lastline || backwards)
            && emit(in, f, PY_TRACE_LINE, NULL) < 0)
            return -1;
    }
    if (opcode == PY_RETURN_VALUE || opcode == PY_YIELD_VALUE)
        return emit(in, f, PY_TRACE_RETURN, top);
    return 0;
}

int
py_trace_exception(py_frame *f, oh_object *exc)
{
    py_interp *in = OHI_RT->py;
    if (f->trace_lasti <= PY_TRACE_START)
        return 0;                       /* never started: no events */
    return emit(in, f, PY_TRACE_EXCEPTION, exc);
}

int
py_trace_unwind(py_frame *f)
{
    py_interp *in = OHI_RT->py;
    if (f->trace_lasti <= PY_TRACE_START)
        return 0;
    return emit(in, f, PY_TRACE_RETURN, NULL);
}

/* ==========================================================================
 * sys.settrace
 * ========================================================================== */

static const char *const event_names[] = {
    [PY_TRACE_CALL] = "call",
    [PY_TRACE_LINE] = "line",
    [PY_TRACE_RETURN] = "return",
    [PY_TRACE_EXCEPTION] = "exception",
};

/* The hook behind sys.settrace: CALL goes to the global trace function,
 * the others to the frame's f_trace (when set); what a call returns
 * becomes f_trace unless it is None.  A trace function that raises turns
 * tracing off, and its exception replaces whatever the frame was doing,
 * as in CPython. */
static int
sys_trace_hook(void *arg, py_frame *f, py_trace_event ev, oh_object *obj)
{
    py_interp *in = OHI_RT->py;
    oh_object *fo = py_frame_get_object(f);
    if (fo == NULL)
        return -1;
    oh_object *callback;
    if (ev == PY_TRACE_CALL)
        callback = in->sys_trace;
    else {
        if (ev == PY_TRACE_LINE && !py_frameobject_trace_lines(fo))
            return 0;
        callback = py_frameobject_get_trace(fo);
    }
    if (callback == NULL)
        return 0;
    oh_object *evname = py_static_str(event_names[ev]);
    oh_object *a;
    if (ev == PY_TRACE_EXCEPTION) {
        /* (type, value, traceback), as sys.exc_info() */
        py_exception *e = (py_exception *)(void *)obj;
        a = oh_tuple_pack(3, &PY_TYPE(obj)->ob_base, obj,
                          e->traceback ? e->traceback : OH_NONE);
    }
    else {
        a = obj != NULL ? obj : OH_NONE;
        oh_incref(a);
    }
    if (a == NULL)
        return -1;
    oh_incref(callback);
    oh_object *args[3] = {fo, evname, a};
    /* The frame's state must be current for the trace function: its
     * locals are read through f_locals. */
    oh_object *r = py_call(callback, args, 3, NULL);
    oh_decref(callback);
    oh_decref(a);
    if (r == NULL) {
        OH_CLEAR(in->sys_trace);
        py_trace_set_hook(PY_TRACE_SYS, NULL, NULL);
        py_frameobject_set_trace(fo, NULL);
        return -1;
    }
    if (r != OH_NONE)
        py_frameobject_set_trace(fo, r);
    oh_decref(r);
    return 0;
}

int
py_sys_settrace(oh_object *func)
{
    py_interp *in = OHI_RT->py;
    if (func == OH_NONE)
        func = NULL;
    oh_xincref(func);
    oh_object *old = in->sys_trace;
    in->sys_trace = func;
    oh_xdecref(old);
    py_trace_set_hook(PY_TRACE_SYS, func ? sys_trace_hook : NULL, NULL);
    return 0;
}

oh_object *
py_sys_gettrace(void)
{
    py_interp *in = OHI_RT->py;
    oh_object *r = in->sys_trace ? in->sys_trace : OH_NONE;
    oh_incref(r);
    return r;
}
