/*
 * ceval.c -- the interpreter loop.
 *
 * What this file owns
 * -------------------
 * py_eval_frame, which runs bytecode (opcodes.h) until its entry frame
 * returns or yields, and the glue around it: calling a Python function
 * from C (py_function_call), running a code object with given globals
 * and locals (py_eval_code), super() without arguments.
 *
 * Dispatch
 * --------
 * Computed goto: each opcode's code ends by loading the next instruction
 * and jumping through a table of label addresses, so the branch predictor
 * sees one indirect jump per opcode site rather than one shared switch
 * (CPython's, MicroPython's and Lua's loops do the same where the
 * compiler allows).  `next_instr` points at the instruction after the one
 * running; f->prev_instr at the one running, always current, so a
 * traceback or f_lineno read from anywhere (a finalizer run by a
 * collection, say) sees the right line.
 *
 * Calls (EV1)
 * -----------
 * A call of a Python function from Python code does not recurse in C:
 * CALL pushes the callee's frame on the frame stack (frame.c) and the loop
 * continues in it; RETURN_VALUE pops it and continues in the caller.  So
 * the depth of Python recursion is bounded by sys.getrecursionlimit()
 * (py_frame_push raises RecursionError past it), not by the C stack, and
 * sys.setrecursionlimit(100000) with a 50,000-deep recursion works.  Only
 * C code calling Python (a __repr__ called by repr(), a key function
 * called by sorted(), a generator resumed by next()) starts a new
 * py_eval_frame, whose first frame is marked is_entry: returning from it
 * leaves the C function.  Those nestings are bounded by the C stack
 * itself (EV3).
 *
 * Exceptions
 * ----------
 * An instruction that fails jumps to `error` with the exception set.  The
 * loop takes it out of the error indicator, adds a traceback entry for
 * the frame (unless it re-raises), and looks up the code's exception
 * table (opcodes.h): a handler found gets the exception pushed on a stack
 * cut back to its depth; otherwise the frame is popped and the exception
 * continues in the caller, at the CALL that made the call.
 *
 * Invariants
 * ----------
 * EV1. Python-to-Python calls made by CALL, CALL_KW and CALL_FUNCTION_EX
 *      on a plain function push a frame and stay in this C call.
 * EV2. Between instructions, stack_pointer - localsplus - nlocalsplus is
 *      the number of values on the stack, and every one of them is an
 *      owned reference or NULL (FR1).
 * EV3. py_eval_frame is never entered with less than 256 KiB of C stack
 *      left: deeper nesting of C calls into Python raises RecursionError.
 */
#include "py/py.h"

#include <string.h>

/* ==========================================================================
 * The C stack (EV3)
 * ========================================================================== */

#define C_STACK_LIMIT ((uintptr_t)7 * 1024 * 1024)

static uintptr_t c_stack_base;

/* Called once from the thread that runs Python (interp.c). */
void
py_ceval_set_stack_base(void)
{
    c_stack_base = (uintptr_t)__builtin_frame_address(0);
}

/* Is the C stack too deep to enter Python (or recurse in C) again? */
bool
py_c_stack_exhausted(void)
{
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    return c_stack_base != 0 && c_stack_base > here
           && c_stack_base - here > C_STACK_LIMIT;
}

/* ==========================================================================
 * Helpers for the instructions
 * ========================================================================== */

static void
format_unbound_local(py_code *co, int i)
{
    oh_object *name = OHI_TUPLE(co->localsplusnames)->items[i];
    py_err_format(PY_EXC(UnboundLocalError), "cannot access local "
                  "variable '%U' where it is not associated with a value",
                  name);
}

static void
format_unbound_free(py_code *co, int i)
{
    oh_object *name = OHI_TUPLE(co->localsplusnames)->items[i];
    if (co->localspluskinds[i] & PY_LOCAL_FREE)
        py_err_format(PY_EXC(NameError), "cannot access free variable "
                      "'%U' where it is not associated with a value in "
                      "enclosing scope", name);
    else
        format_unbound_local(co, i);
}

/* NameError with the name attribute set (tracebacks suggest names). */
static void
format_name_error(oh_object *name)
{
    py_err_format(PY_EXC(NameError), "name '%U' is not defined", name);
    oh_object *exc = py_err_peek();
    if (exc != NULL) {
        oh_object *d = py_object_get_dict(exc);
        if (d != NULL)
            oh_dict_set(d, PY_ID(name), name);
        else
            oh_err_clear();
    }
}

/* Look a name up in a mapping that may not be a dict (exec with a
 * user mapping as locals): 1 and *out (new), 0, -1. */
static int
mapping_lookup(oh_object *m, oh_object *name, oh_object **out)
{
    if (m->type == &oh_dict_type) {
        int r = oh_dict_lookup(m, name, out);
        if (r > 0)
            oh_incref(*out);
        return r;
    }
    oh_object *v = py_getitem(m, name);
    if (v != NULL) {
        *out = v;
        return 1;
    }
    if (py_err_matches(PY_EXC(KeyError))) {
        py_err_clear();
        return 0;
    }
    return -1;
}

/* globals, then builtins: 1 and *out (new reference), 0, -1. */
static int
load_global(py_frame *f, oh_object *name, oh_object **out)
{
    oh_object *v;
    int r = oh_dict_lookup(f->globals, name, &v);
    if (r == 0)
        r = mapping_lookup(f->builtins, name, out);
    else if (r > 0) {
        oh_incref(v);
        *out = v;
    }
    return r;
}

static int
check_exc_class(oh_object *t)
{
    if (py_is_instance(t, PY_T(type))
        && py_type_is_subtype((py_type *)(void *)t, PY_EXC(BaseException)))
        return 0;
    if (t->type == &oh_tuple_type) {
        for (int64_t i = 0; i < OHI_TUPLE_SIZE(t); i++)
            if (check_exc_class(OHI_TUPLE(t)->items[i]) < 0)
                return -1;
        return 0;
    }
    py_err_set_string(PY_EXC(TypeError), "catching classes that do not "
                      "inherit from BaseException is not allowed");
    return -1;
}

static bool
exc_matches(oh_object *exc, oh_object *t)
{
    if (t->type == &oh_tuple_type) {
        for (int64_t i = 0; i < OHI_TUPLE_SIZE(t); i++)
            if (exc_matches(exc, OHI_TUPLE(t)->items[i]))
                return true;
        return false;
    }
    return py_is_instance(exc, (py_type *)(void *)t);
}

/* raise exc [from cause]: 0 with the exception set (always fails). */
static void
do_raise(oh_object *exc, oh_object *cause)
{
    oh_object *value;
    if (py_is_instance(exc, PY_T(type))
        && py_type_is_subtype((py_type *)(void *)exc,
                              PY_EXC(BaseException))) {
        value = py_call0(exc);
        if (value == NULL)
            return;
        if (!py_is_instance(value, PY_EXC(BaseException))) {
            py_err_format(PY_EXC(TypeError), "calling %R should have "
                          "returned an instance of BaseException, not %T",
                          exc, value);
            oh_decref(value);
            return;
        }
    }
    else if (py_is_instance(exc, PY_EXC(BaseException))) {
        oh_incref(exc);
        value = exc;
    }
    else {
        py_err_set_string(PY_EXC(TypeError), "exceptions must derive from "
                          "BaseException");
        return;
    }
    if (cause != NULL) {
        oh_object *c;
        if (cause == OH_NONE) {
            c = NULL;
        }
        else if (py_is_instance(cause, PY_T(type))
                 && py_type_is_subtype((py_type *)(void *)cause,
                                       PY_EXC(BaseException))) {
            c = py_call0(cause);
            if (c == NULL) {
                oh_decref(value);
                return;
            }
        }
        else if (py_is_instance(cause, PY_EXC(BaseException))) {
            oh_incref(cause);
            c = cause;
        }
        else {
            oh_decref(value);
            py_err_set_string(PY_EXC(TypeError), "exception causes must "
                              "derive from BaseException");
            return;
        }
        py_exception *e = (py_exception *)(void *)value;
        oh_object *old = e->cause;
        e->cause = c;
        e->suppress_context = true;
        oh_xdecref(old);
    }
    py_err_raise_new(value);
}

/* UNPACK_SEQUENCE / UNPACK_EX into out[0..n) in reverse order (out[n-1]
 * is the first item): `before` items, a list of the rest if `star`,
 * `after` items. */
static int
unpack_iterable(oh_object *seq, int before, int after, bool star,
                oh_object **sp_top)
{
    int total = before + after + (star ? 1 : 0);
    oh_object **out = sp_top + total;       /* items go downwards */
    if (seq->type == &oh_tuple_type || seq->type == &oh_list_type) {
        int64_t n = seq->type == &oh_tuple_type ? OHI_TUPLE_SIZE(seq)
                                                 : OHI_LIST(seq)->size;
        oh_object **items = seq->type == &oh_tuple_type
                                ? OHI_TUPLE(seq)->items
                                : OHI_LIST(seq)->items;
        if (!star && n == before) {
            for (int i = 0; i < before; i++) {
                oh_incref(items[i]);
                *--out = items[i];
            }
            return 0;
        }
        if (!star) {
            if (n < before)
                py_err_format(PY_EXC(ValueError), "not enough values to "
                              "unpack (expected %d, got %lld)", before,
                              (long long)n);
            else
                py_err_format(PY_EXC(ValueError), "too many values to "
                              "unpack (expected %d)", before);
            return -1;
        }
    }
    oh_object *it = py_iter(seq);
    if (it == NULL) {
        if (py_err_matches(PY_EXC(TypeError))
            && PY_TYPE(seq)->tp_iter == NULL
            && PY_TYPE(seq)->mp_subscript == NULL) {
            py_err_clear();
            py_err_format(PY_EXC(TypeError), "cannot unpack non-iterable "
                          "%s object", PY_TYPE(seq)->tp_name);
        }
        return -1;
    }
    int got = 0;
    for (; got < before; got++) {
        oh_object *v = py_iter_next(it);
        if (v == NULL) {
            if (!py_err_occurred()) {
                if (star)
                    py_err_format(PY_EXC(ValueError), "not enough values "
                                  "to unpack (expected at least %d, got "
                                  "%d)", before + after, got);
                else
                    py_err_format(PY_EXC(ValueError), "not enough values "
                                  "to unpack (expected %d, got %d)",
                                  before, got);
            }
            goto fail;
        }
        *--out = v;
    }
    if (!star) {
        oh_object *extra = py_iter_next(it);
        if (extra != NULL) {
            oh_decref(extra);
            py_err_format(PY_EXC(ValueError), "too many values to unpack "
                          "(expected %d)", before);
            goto fail;
        }
        if (py_err_occurred())
            goto fail;
        oh_decref(it);
        return 0;
    }
    oh_object *rest = py_sequence_list(it);
    if (rest == NULL)
        goto fail;
    int64_t nrest = OHI_LIST(rest)->size;
    if (nrest < after) {
        py_err_format(PY_EXC(ValueError), "not enough values to unpack "
                      "(expected at least %d, got %lld)", before + after,
                      (long long)(before + nrest));
        oh_decref(rest);
        goto fail;
    }
    /* The last `after` items come off the end of the list. */
    for (int i = 0; i < after; i++) {
        oh_object *v = OHI_LIST(rest)->items[nrest - after + i];
        oh_incref(v);
        out[-2 - i] = v;
    }
    for (int i = 0; i < after; i++)
        oh_list_delete(rest, nrest - after);
    *--out = rest;
    got++;
    out -= after;
    oh_decref(it);
    return 0;
fail:
    /* Drop what was stored so far. */
    for (oh_object **p = sp_top + total - 1; p >= out; p--)
        oh_decref(*p);
    oh_decref(it);
    return -1;
}

/* The exception-table entry covering instruction i, or NULL. */
static const py_exc_entry *
find_handler(const py_code *co, uint32_t i)
{
    const py_exc_entry *e = co->exctable;
    uint32_t lo = 0, hi = co->nexc;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (e[mid].end <= i)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < co->nexc && e[lo].start <= i && i < e[lo].end)
        return &e[lo];
    return NULL;
}

/* The annotations operand of MAKE_FUNCTION: a dict, or a tuple of
 * alternating names and values. */
static oh_object *
annotations_dict(oh_object *a)
{
    if (a->type == &oh_dict_type) {
        oh_incref(a);
        return a;
    }
    oh_object *d = oh_dict_new();
    if (d == NULL)
        return NULL;
    for (int64_t i = 0; i + 1 < OHI_TUPLE_SIZE(a); i += 2)
        if (oh_dict_set(d, OHI_TUPLE(a)->items[i],
                        OHI_TUPLE(a)->items[i + 1]) < 0) {
            oh_decref(d);
            return NULL;
        }
    return d;
}

static oh_object *
format_value(oh_object *v, int conv, oh_object *spec)
{
    oh_object *c;
    switch (conv) {
    case PY_FVC_STR:
        c = py_str(v);
        break;
    case PY_FVC_REPR:
        c = py_repr(v);
        break;
    case PY_FVC_ASCII:
        c = py_ascii(v);
        break;
    default:
        oh_incref(v);
        c = v;
        break;
    }
    if (c == NULL)
        return NULL;
    if (spec == NULL && c->type == &oh_str_type)
        return c;
    oh_object *r = py_format(c, spec);
    oh_decref(c);
    return r;
}

/* How call errors name a callable (CPython's _PyObject_FunctionStr):
 * "module.qualname()", or "qualname()" for builtins, or str(func) when it
 * has no __qualname__.  A new str, or NULL with an error set. */
static oh_object *
function_str(oh_object *func)
{
    oh_object *qual;
    int r = py_lookup_attr(func, PY_ID(__qualname__), &qual);
    if (r < 0)
        return NULL;
    if (r == 0)
        return py_str(func);
    oh_object *mod;
    r = py_lookup_attr(func, PY_ID(__module__), &mod);
    oh_object *s = NULL;
    if (r < 0)
        goto done;
    if (r > 0 && mod != OH_NONE
        && !(mod->type == &oh_str_type && oh_str_equal_cstr(mod, "builtins")))
        s = py_str_format("%S.%S()", mod, qual);
    else
        s = py_str_format("%S()", qual);
    if (r > 0)
        oh_decref(mod);
done:
    oh_decref(qual);
    return s;
}

/* Set TypeError "<function_str(func)> <rest>" (rest with a %T or %U
 * of `arg`), keeping any error function_str itself raised. */
static void
call_error(oh_object *func, const char *fmt, oh_object *arg)
{
    oh_object *name = function_str(func);
    if (name == NULL)
        return;
    py_err_format(PY_EXC(TypeError), fmt, oh_str_utf8(name, NULL), arg);
    oh_decref(name);
}

/* DICT_MERGE: a duplicate key names the function. */
static int
dict_merge(oh_object *dict, oh_object *update, oh_object *func)
{
    oh_object *keys;
    if (update->type == &oh_dict_type) {
        keys = oh_dict_keys(update);
    }
    else {
        oh_object *km = py_getattr(update, PY_ID(keys));
        if (km == NULL) {
            if (py_err_matches(PY_EXC(AttributeError))) {
                py_err_clear();
                call_error(func, "%s argument after ** must be a mapping, "
                           "not %T", update);
            }
            return -1;
        }
        oh_object *kl = py_call0(km);
        oh_decref(km);
        if (kl == NULL)
            return -1;
        keys = py_sequence_list(kl);
        oh_decref(kl);
    }
    if (keys == NULL)
        return -1;
    int r = 0;
    for (int64_t i = 0; i < OHI_LIST(keys)->size && r == 0; i++) {
        oh_object *k = OHI_LIST(keys)->items[i];
        if (OHI_TYPE_KIND(k->type) != OHI_KIND_STR) {
            py_err_set_string(PY_EXC(TypeError), "keywords must be "
                              "strings");
            r = -1;
            break;
        }
        if (oh_dict_contains(dict, k) > 0) {
            call_error(func, "%s got multiple values for keyword argument "
                       "'%U'", k);
            r = -1;
            break;
        }
        oh_object *v = py_getitem(update, k);
        if (v == NULL) {
            r = -1;
            break;
        }
        r = oh_dict_set(dict, k, v);
        oh_decref(v);
    }
    oh_decref(keys);
    return r;
}

static int
dict_update_from(oh_object *dict, oh_object *update)
{
    oh_object *r = py_call_method(dict, py_static_str("update"),
                                  &update, 1);
    if (r == NULL) {
        if (py_err_matches(PY_EXC(TypeError)) && update->type != &oh_dict_type
            && !py_callable(update)) {
            oh_object *k = NULL;
            int has = py_lookup_attr(update, PY_ID(keys), &k);
            oh_xdecref(k);
            if (has == 0) {
                py_err_clear();
                py_err_format(PY_EXC(TypeError), "'%T' object is not a "
                              "mapping", update);
            }
        }
        return -1;
    }
    oh_decref(r);
    return 0;
}

/* ==========================================================================
 * The loop
 * ========================================================================== */

/* The loop's dispatch table, and what tracing swaps into it (settrace.c,
 * ST1): while a trace hook is set, every opcode's entry points at the
 * TRACE_ENTRY label, which sends the events and then jumps through the
 * real table; without a hook the loop runs the untraced code as is.  Set
 * by py_eval_frame the first time it runs (the labels are its own). */
static void **dispatch_table;
static void *const *dispatch_real;
static void *dispatch_trace_label;
static bool dispatch_tracing;

void
py_ceval_set_tracing(bool on)
{
    dispatch_tracing = on;
    if (dispatch_table == NULL)
        return;                         /* applied when the loop first runs */
    for (int i = 0; i < 256; i++)
        dispatch_table[i] = on && dispatch_real[i] != NULL
                                ? dispatch_trace_label
                                : dispatch_real[i];
}

/* Python's // % & | ^ >> << on two int64 values, shaped like
 * __builtin_add_overflow: false and *z, or true when the result needs
 * the protocol (an error to raise: a zero divisor or a negative shift;
 * a result beyond int64). */
static inline bool
int_floordiv(int64_t x, int64_t y, int64_t *z)
{
    if (y == 0 || y == -1)              /* ZeroDivisionError; -x */
        return true;
    *z = x / y;
    if (x % y != 0 && (x < 0) != (y < 0))
        --*z;
    return false;
}

static inline bool
int_mod(int64_t x, int64_t y, int64_t *z)
{
    if (y == 0 || y == -1)
        return true;
    *z = x % y;
    if (*z != 0 && (*z < 0) != (y < 0))
        *z += y;
    return false;
}

static inline bool
int_and(int64_t x, int64_t y, int64_t *z)
{
    *z = x & y;
    return false;
}

static inline bool
int_or(int64_t x, int64_t y, int64_t *z)
{
    *z = x | y;
    return false;
}

static inline bool
int_xor(int64_t x, int64_t y, int64_t *z)
{
    *z = x ^ y;
    return false;
}

static inline bool
int_rshift(int64_t x, int64_t y, int64_t *z)
{
    if (y < 0)                          /* ValueError */
        return true;
    *z = y > 63 ? (x < 0 ? -1 : 0) : x >> y;
    return false;
}

/* Shifted as unsigned (a negative x shifted is undefined in C); kept only
 * if shifting back gives x, i.e. no bit and no sign was lost. */
static inline bool
int_lshift(int64_t x, int64_t y, int64_t *z)
{
    if (y < 0 || y > 62)
        return true;
    *z = (int64_t)((uint64_t)x << y);
    return *z >> y != x;
}

/* The specialised form of BINARY_OP (oparg) for operands a and b, or 0
 * when there is none. */
static inline int
binop_form(const oh_object *a, const oh_object *b, uint32_t oparg)
{
    int bop = (int)oparg < PY_OP_INPLACE ? (int)oparg
                                         : (int)oparg - PY_OP_INPLACE;
    if (a->type != b->type)
        return 0;
    if (a->type == &oh_int_type) {
        switch (bop) {
        case PY_OP_ADD: return PY_BINARY_OP_ADD_INT;
        case PY_OP_SUB: return PY_BINARY_OP_SUBTRACT_INT;
        case PY_OP_MULT: return PY_BINARY_OP_MULTIPLY_INT;
        case PY_OP_FLOORDIV: return PY_BINARY_OP_FLOOR_DIVIDE_INT;
        case PY_OP_MOD: return PY_BINARY_OP_REMAINDER_INT;
        case PY_OP_BITAND: return PY_BINARY_OP_AND_INT;
        case PY_OP_BITOR: return PY_BINARY_OP_OR_INT;
        case PY_OP_BITXOR: return PY_BINARY_OP_XOR_INT;
        case PY_OP_RSHIFT: return PY_BINARY_OP_RSHIFT_INT;
        case PY_OP_LSHIFT: return PY_BINARY_OP_LSHIFT_INT;
        default: return 0;
        }
    }
    if (a->type == &oh_float_type) {
        switch (bop) {
        case PY_OP_ADD: return PY_BINARY_OP_ADD_FLOAT;
        case PY_OP_SUB: return PY_BINARY_OP_SUBTRACT_FLOAT;
        case PY_OP_MULT: return PY_BINARY_OP_MULTIPLY_FLOAT;
        case PY_OP_DIV: return PY_BINARY_OP_TRUE_DIVIDE_FLOAT;
        default: return 0;
        }
    }
    return 0;
}

/* oh_hash of an exact int or str, inline where oh_hash itself is
 * quick (a str's cached hash, an int below the modulus 2**61 - 1, which
 * is its own hash but for -1): `x in s` does no call for them. */
static inline oh_hash_t
key_hash(oh_object *o)
{
    if (o->type == &oh_str_type) {
        if (OHI_STR(o)->hash != -1)
            return OHI_STR(o)->hash;
    }
    else if (o->type == &oh_int_type) {
        const int64_t m = ((int64_t)1 << 61) - 1;
        int64_t v = OHI_INT_VALUE(o);
        if (v > -m && v < m && v != -1)
            return v;
    }
    return oh_hash(o);
}

/* CALL's lst.append(x) for an exact list: consumes the stack's
 * references to the method descriptor, the list and x (the list keeps x
 * when it has room).  0, or -1 with MemoryError.  Out of line: the loop's
 * own code stays as it was for every other instruction. */
static OHI_NOINLINE int
call_list_append(oh_object *descr, oh_object **args)
{
    ohi_list *l = OHI_LIST(args[0]);
    int r = 0;
    if (l->size < l->allocated)
        l->items[l->size++] = args[1];
    else {
        r = oh_list_append(args[0], args[1]);
        oh_decref(args[1]);
    }
    oh_decref(args[0]);
    oh_decref(descr);
    return r;
}

/* oh_bool_from, inline: True or False, a new reference. */
static inline oh_object *
new_bool(int t)
{
    oh_object *r = t ? OH_TRUE : OH_FALSE;
    oh_incref(r);
    return r;
}

/* Computed goto (labels as values) is a GNU C extension, which gcc and
 * clang both have: -Wpedantic is told so for this function only. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
oh_object *
py_eval_frame(py_frame *entry, bool throwflag)
{
    py_interp *in = OHI_RT->py;
    if (py_c_stack_exhausted()) {
        py_err_set_string(PY_EXC(RecursionError),
                          "maximum recursion depth exceeded");
        return NULL;
    }
#define PY_OPCODE_TARGET(name, cache) [PY_##name] = &&TARGET_##name,
    static void *targets[256] = {
        PY_OPCODES(PY_OPCODE_TARGET)
    };
    static void *const real_targets[256] = {
        PY_OPCODES(PY_OPCODE_TARGET)
    };
#undef PY_OPCODE_TARGET
    if (OH_UNLIKELY(dispatch_table == NULL)) {
        dispatch_table = targets;
        dispatch_real = real_targets;
        dispatch_trace_label = &&TRACE_ENTRY;
        py_ceval_set_tracing(dispatch_tracing);
    }
    py_frame *f = entry;
    entry->is_entry = true;
    py_code *co;
    oh_object **localsplus;
    oh_object **stack_pointer;
    py_codeunit *next_instr;
    py_codeunit word;
    int opcode;
    uint32_t oparg;
    oh_object *retval = NULL;
    oh_object *exc = NULL;              /* in flight while unwinding */
    bool skip_tb = false;

#define LOAD_FRAME()                                                        \
    do {                                                                    \
        co = f->code;                                                       \
        localsplus = f->localsplus;                                         \
        stack_pointer = localsplus + co->nlocalsplus + f->stacktop;         \
        next_instr = f->prev_instr + 1;                                     \
        f->state = PY_FRAME_EXECUTING;                                      \
    } while (0)
#define SAVE_STACK()                                                        \
    (f->stacktop = (int)(stack_pointer - localsplus - co->nlocalsplus))
#define DISPATCH()                                                          \
    do {                                                                    \
        /* Between instructions the stack holds 0 to stacksize values       \
         * (EV2, CD2): a wrong depth in the compiler, or an instruction     \
         * that pops more than it pushed, stops here in a debug build. */   \
        OH_ASSERT(stack_pointer >= localsplus + co->nlocalsplus             \
                  && stack_pointer                                          \
                         <= localsplus + co->nlocalsplus + co->stacksize);  \
        word = *next_instr;                                                 \
        f->prev_instr = next_instr++;                                       \
        opcode = PY_OP(word);                                               \
        oparg = PY_ARG(word);                                               \
        goto *targets[opcode];                                              \
    } while (0)
#define TARGET(name) TARGET_##name:
#define TOP() (stack_pointer[-1])
#define SECOND() (stack_pointer[-2])
#define PEEK(n) (stack_pointer[-(ptrdiff_t)(n)])
#define PUSH(v) (*stack_pointer++ = (v))
#define POP() (*--stack_pointer)
#define JUMPTO(t) (next_instr = co->code + (t))
#define SKIP_CACHE() (next_instr += PY_CACHE(opcode))
#define LASTI() ((uint32_t)(f->prev_instr - co->code))

    LOAD_FRAME();
    if (throwflag)
        goto error;
    DISPATCH();

    /* Every instruction comes here first while a trace hook is set. */
TRACE_ENTRY:
    {
        SAVE_STACK();
        oh_object *top = opcode == PY_RETURN_VALUE
                                 || opcode == PY_YIELD_VALUE
                             ? TOP()
                             : NULL;
        if (py_trace_instruction(f, opcode, top) < 0)
            goto error;
        /* A superinstruction runs as its first half; the tracer then sees
         * the second on its own. */
        switch (opcode) {
        case PY_LOAD_FAST__LOAD_FAST:
        case PY_LOAD_FAST__LOAD_CONST:
        case PY_LOAD_CONST__LOAD_FAST:
        case PY_STORE_FAST__LOAD_FAST:
        case PY_STORE_FAST__STORE_FAST:
            opcode = py_opcode_base[opcode];
            break;
        default:
            break;
        }
        goto *real_targets[opcode];
    }

    TARGET(NOP) {
        DISPATCH();
    }

    TARGET(POP_TOP) {
        oh_object *v = POP();
        oh_xdecref(v);
        DISPATCH();
    }

    TARGET(PUSH_NULL) {
        PUSH(NULL);
        DISPATCH();
    }

    TARGET(COPY) {
        oh_object *v = PEEK(oparg);
        oh_xincref(v);
        PUSH(v);
        DISPATCH();
    }

    TARGET(SWAP) {
        oh_object *t = TOP();
        TOP() = PEEK(oparg);
        PEEK(oparg) = t;
        DISPATCH();
    }

    /* The work of LOAD_FAST, LOAD_CONST and STORE_FAST on oparg, shared
     * with the superinstructions below. */
#define DO_LOAD_FAST()                                                      \
    do {                                                                    \
        oh_object *v_ = localsplus[oparg];                                  \
        if (OH_UNLIKELY(v_ == NULL)) {                                      \
            format_unbound_local(co, (int)oparg);                           \
            goto error;                                                     \
        }                                                                   \
        oh_incref(v_);                                                      \
        PUSH(v_);                                                           \
    } while (0)
#define DO_LOAD_CONST()                                                     \
    do {                                                                    \
        oh_object *v_ = OHI_TUPLE(co->consts)->items[oparg];                \
        oh_incref(v_);                                                      \
        PUSH(v_);                                                           \
    } while (0)
#define DO_STORE_FAST()                                                     \
    do {                                                                    \
        oh_object *v_ = POP();                                              \
        oh_object *old_ = localsplus[oparg];                                \
        localsplus[oparg] = v_;                                             \
        oh_xdecref(old_);                                                   \
    } while (0)

    TARGET(LOAD_CONST) {
        DO_LOAD_CONST();
        DISPATCH();
    }

    TARGET(LOAD_FAST) {
        DO_LOAD_FAST();
        DISPATCH();
    }

    TARGET(STORE_FAST) {
        DO_STORE_FAST();
        DISPATCH();
    }

    /* Superinstructions (opcodes.h): the second half's argument is the
     * next unit's, and that unit becomes the current instruction (for a
     * traceback's line) before it is skipped. */
#define SECOND_HALF()                                                       \
    do {                                                                    \
        word = *next_instr;                                                 \
        f->prev_instr = next_instr++;                                       \
        oparg = PY_ARG(word);                                               \
    } while (0)

    TARGET(LOAD_FAST__LOAD_FAST) {
        DO_LOAD_FAST();
        SECOND_HALF();
        DO_LOAD_FAST();
        DISPATCH();
    }

    TARGET(LOAD_FAST__LOAD_CONST) {
        DO_LOAD_FAST();
        SECOND_HALF();
        DO_LOAD_CONST();
        DISPATCH();
    }

    TARGET(LOAD_CONST__LOAD_FAST) {
        DO_LOAD_CONST();
        SECOND_HALF();
        DO_LOAD_FAST();
        DISPATCH();
    }

    TARGET(STORE_FAST__LOAD_FAST) {
        DO_STORE_FAST();
        SECOND_HALF();
        DO_LOAD_FAST();
        DISPATCH();
    }

    TARGET(STORE_FAST__STORE_FAST) {
        DO_STORE_FAST();
        SECOND_HALF();
        DO_STORE_FAST();
        DISPATCH();
    }
#undef DO_LOAD_FAST
#undef DO_LOAD_CONST
#undef DO_STORE_FAST

    TARGET(DELETE_FAST) {
        oh_object *old = localsplus[oparg];
        if (old == NULL) {
            format_unbound_local(co, (int)oparg);
            goto error;
        }
        localsplus[oparg] = NULL;
        oh_decref(old);
        DISPATCH();
    }

    TARGET(MAKE_CELL) {
        oh_object *v = localsplus[oparg];
        oh_object *cell = py_cell_new(v);
        if (cell == NULL)
            goto error;
        localsplus[oparg] = cell;
        oh_xdecref(v);
        DISPATCH();
    }

    TARGET(COPY_FREE_VARS) {
        oh_object *closure = ((py_function *)(void *)f->func)->closure;
        int first = co->nlocalsplus - (int)oparg;
        for (uint32_t i = 0; i < oparg; i++) {
            oh_object *c = OHI_TUPLE(closure)->items[i];
            oh_incref(c);
            localsplus[first + (int)i] = c;
        }
        DISPATCH();
    }

    TARGET(LOAD_CLOSURE) {
        oh_object *c = localsplus[oparg];
        oh_incref(c);
        PUSH(c);
        DISPATCH();
    }

    TARGET(LOAD_DEREF) {
        oh_object *v = ((py_cell *)(void *)localsplus[oparg])->ref;
        if (v == NULL) {
            format_unbound_free(co, (int)oparg);
            goto error;
        }
        oh_incref(v);
        PUSH(v);
        DISPATCH();
    }

    TARGET(STORE_DEREF) {
        oh_object *v = POP();
        py_cell *c = (py_cell *)(void *)localsplus[oparg];
        oh_object *old = c->ref;
        c->ref = v;
        oh_xdecref(old);
        DISPATCH();
    }

    TARGET(DELETE_DEREF) {
        py_cell *c = (py_cell *)(void *)localsplus[oparg];
        oh_object *old = c->ref;
        if (old == NULL) {
            format_unbound_free(co, (int)oparg);
            goto error;
        }
        c->ref = NULL;
        oh_decref(old);
        DISPATCH();
    }

    TARGET(LOAD_CLASSDEREF) {
        oh_object *name = OHI_TUPLE(co->localsplusnames)->items[oparg];
        oh_object *v;
        int r = mapping_lookup(f->locals, name, &v);
        if (r < 0)
            goto error;
        if (r == 0) {
            v = ((py_cell *)(void *)localsplus[oparg])->ref;
            if (v == NULL) {
                format_unbound_free(co, (int)oparg);
                goto error;
            }
            oh_incref(v);
        }
        PUSH(v);
        DISPATCH();
    }

    TARGET(LOAD_NAME) {
        oh_object *name = OHI_TUPLE(co->names)->items[oparg];
        oh_object *v;
        int r = f->locals ? mapping_lookup(f->locals, name, &v) : 0;
        if (r == 0)
            r = load_global(f, name, &v);
        if (r < 0)
            goto error;
        if (r == 0) {
            format_name_error(name);
            goto error;
        }
        PUSH(v);
        DISPATCH();
    }

    TARGET(STORE_NAME) {
        oh_object *name = OHI_TUPLE(co->names)->items[oparg];
        oh_object *v = POP();
        int r;
        if (f->locals == NULL) {
            py_err_format(PY_EXC(SystemError), "no locals found when "
                          "storing %R", name);
            r = -1;
        }
        else if (f->locals->type == &oh_dict_type)
            r = oh_dict_set(f->locals, name, v);
        else
            r = py_setitem(f->locals, name, v);
        oh_decref(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DELETE_NAME) {
        oh_object *name = OHI_TUPLE(co->names)->items[oparg];
        int r = f->locals ? py_delitem(f->locals, name) : -1;
        if (r < 0) {
            if (f->locals == NULL || py_err_matches(PY_EXC(KeyError))) {
                py_err_clear();
                format_name_error(name);
            }
            goto error;
        }
        DISPATCH();
    }

    /* Adaptive as the attribute instructions below: the cached form
     * reads the value through its slot while the versions of globals and
     * builtins are the ones it saw (specialize.c). */
    TARGET(LOAD_GLOBAL) {
        if (next_instr[0] == 0) {
            if (py_specialize_load_global(f->prev_instr, f->globals,
                                          f->builtins,
                                          OHI_TUPLE(co->names)->items[oparg])) {
                next_instr = f->prev_instr;
                DISPATCH();
            }
        }
        else
            next_instr[0]--;
        goto load_global_generic;
    }

    TARGET(LOAD_GLOBAL_CACHED) {
        const py_codeunit *c = next_instr;
        uint64_t bver = py_cache_get64(c + 2);
        if (OHI_DICT(f->globals)->version == py_cache_get64(c)
            && (bver == 0 || OHI_DICT(f->builtins)->version == bver)) {
            oh_object *v = *(oh_object **)(uintptr_t)py_cache_get64(c + 4);
            oh_incref(v);
            PUSH(v);
            SKIP_CACHE();
            DISPATCH();
        }
        *f->prev_instr = PY_INSTR(PY_LOAD_GLOBAL, oparg);
        next_instr[0] = PY_SPEC_BACKOFF;
        goto load_global_generic;
    }

load_global_generic:
    {
        oh_object *name = OHI_TUPLE(co->names)->items[oparg];
        oh_object *v;
        int r = load_global(f, name, &v);
        if (r <= 0) {
            if (r == 0)
                format_name_error(name);
            goto error;
        }
        PUSH(v);
        SKIP_CACHE();
        DISPATCH();
    }

    TARGET(STORE_GLOBAL) {
        oh_object *name = OHI_TUPLE(co->names)->items[oparg];
        oh_object *v = POP();
        int r = oh_dict_set(f->globals, name, v);
        oh_decref(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DELETE_GLOBAL) {
        oh_object *name = OHI_TUPLE(co->names)->items[oparg];
        int r = oh_dict_contains(f->globals, name);
        if (r == 0) {
            format_name_error(name);
            goto error;
        }
        if (r < 0 || oh_dict_delete(f->globals, name) < 0)
            goto error;
        DISPATCH();
    }

    /* The attribute instructions are adaptive (specialize.c): the base
     * form counts down in its first cache unit and then asks for a fast
     * form; a fast form whose guard fails goes back to the base form
     * (deopt) and runs it. */
    TARGET(LOAD_ATTR) {
        oh_object *name = OHI_TUPLE(co->names)->items[oparg];
        oh_object *o = TOP();
        if (next_instr[0] == 0) {
            if (py_specialize_load_attr(f->prev_instr, o, name)) {
                next_instr = f->prev_instr;     /* run the fast form */
                DISPATCH();
            }
        }
        else
            next_instr[0]--;
        goto load_attr_generic;
    }

    TARGET(LOAD_ATTR_CACHED) {
        oh_object *o = TOP();
        py_type *t = PY_TYPE(o);
        uint32_t ver = t->version;
        const py_codeunit *c = next_instr;
        for (int k = 0; k < PY_SPEC_ENTRIES; k++, c += 2) {
            if (c[0] != ver || ver == 0)
                continue;
            oh_object *x;
            if (c[1] & PY_SPEC_SLOT) {
                x = *(oh_object **)(void *)((char *)o
                                            + (c[1] & ~PY_SPEC_SLOT));
            }
            else {
                py_values *vals = *py_values_ptr(o, t);
                x = vals != NULL && c[1] < vals->cap ? vals->v[c[1]] : NULL;
            }
            if (x == NULL)
                goto load_attr_generic;         /* o has no such value */
            oh_incref(x);
            oh_decref(o);
            TOP() = x;
            SKIP_CACHE();
            DISPATCH();
        }
        /* A type without an entry: one more, or back to the base form. */
        if (py_specialize_load_attr(f->prev_instr, o,
                                    OHI_TUPLE(co->names)->items[oparg])) {
            next_instr = f->prev_instr;
            DISPATCH();
        }
        goto load_attr_deopt;
    }

    TARGET(LOAD_ATTR_MODULE) {
        oh_object *o = TOP();
        const py_codeunit *c = next_instr;
        if (PY_TYPE(o) == PY_T(module)
            && OHI_DICT(((py_module *)(void *)o)->dict)->version
               == py_cache_get64(c)) {
            oh_object *x = *(oh_object **)(uintptr_t)py_cache_get64(c + 2);
            oh_incref(x);
            oh_decref(o);
            TOP() = x;
            SKIP_CACHE();
            DISPATCH();
        }
        goto load_attr_deopt;
    }

load_attr_deopt:
    *f->prev_instr = PY_INSTR(PY_LOAD_ATTR, oparg);
    next_instr[0] = PY_SPEC_BACKOFF;
load_attr_generic:
    {
        oh_object *name = OHI_TUPLE(co->names)->items[oparg];
        oh_object *o = TOP();
        oh_object *v = py_getattr(o, name);
        oh_decref(o);
        TOP() = v;
        if (v == NULL)
            goto error_pop1;
        SKIP_CACHE();
        DISPATCH();
    }

    TARGET(STORE_ATTR) {
        if (next_instr[0] == 0) {
            if (py_specialize_store_attr(f->prev_instr, TOP(),
                                         OHI_TUPLE(co->names)->items[oparg])) {
                next_instr = f->prev_instr;
                DISPATCH();
            }
        }
        else
            next_instr[0]--;
        goto store_attr_generic;
    }

    TARGET(STORE_ATTR_CACHED) {
        oh_object *o = TOP();
        py_type *t = PY_TYPE(o);
        uint32_t ver = t->version;
        const py_codeunit *c = next_instr;
        for (int k = 0; k < PY_SPEC_ENTRIES; k++, c += 2) {
            if (c[0] != ver || ver == 0)
                continue;
            oh_object **slot;
            if (c[1] & PY_SPEC_SLOT) {
                slot = (oh_object **)(void *)((char *)o
                                              + (c[1] & ~PY_SPEC_SLOT));
            }
            else {
                py_values *vals = *py_values_ptr(o, t);
                if (vals != NULL && c[1] < vals->cap)
                    slot = &vals->v[c[1]];
                else {
                    /* A new instance's first store, or values to grow. */
                    slot = py_instance_value_slot(o, t, c[1]);
                    if (slot == NULL)
                        goto store_attr_generic;
                }
            }
            oh_object *old = *slot;
            if (old == NULL && !(c[1] & PY_SPEC_SLOT)) {
                /* The instance's first value for the name: in key order
                 * when it is past its other names (hi grows), else the
                 * slow step lists the order (TY8 in typeobject.c). */
                py_values *vals = *py_values_ptr(o, t);
                if (c[1] >= vals->hi)
                    vals->hi = (uint8_t)(c[1] + 1);
                else {
                    if (py_instance_value_added(o, t, c[1]) < 0)
                        goto store_attr_generic;
                    slot = &(*py_values_ptr(o, t))->v[c[1]];
                }
            }
            *slot = SECOND();                   /* the stack's reference */
            stack_pointer -= 2;
            oh_xdecref(old);
            oh_decref(o);
            SKIP_CACHE();
            DISPATCH();
        }
        if (py_specialize_store_attr(f->prev_instr, o,
                                     OHI_TUPLE(co->names)->items[oparg])) {
            next_instr = f->prev_instr;
            DISPATCH();
        }
        goto store_attr_deopt;
    }

store_attr_deopt:
    *f->prev_instr = PY_INSTR(PY_STORE_ATTR, oparg);
    next_instr[0] = PY_SPEC_BACKOFF;
store_attr_generic:
    {
        oh_object *name = OHI_TUPLE(co->names)->items[oparg];
        oh_object *o = POP();
        oh_object *v = POP();
        int r = py_setattr(o, name, v);
        oh_decref(o);
        oh_decref(v);
        if (r < 0)
            goto error;
        SKIP_CACHE();
        DISPATCH();
    }

    TARGET(DELETE_ATTR) {
        oh_object *name = OHI_TUPLE(co->names)->items[oparg];
        oh_object *o = POP();
        int r = py_delattr(o, name);
        oh_decref(o);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(LOAD_METHOD) {
        if (next_instr[0] == 0) {
            if (py_specialize_load_method(f->prev_instr, TOP(),
                                          OHI_TUPLE(co->names)
                                              ->items[oparg])) {
                next_instr = f->prev_instr;
                DISPATCH();
            }
        }
        else
            next_instr[0]--;
        goto load_method_generic;
    }

    TARGET(LOAD_METHOD_CACHED) {
        oh_object *o = TOP();
        py_type *t = PY_TYPE(o);
        uint32_t ver = t->version;
        py_codeunit *c = next_instr;
        for (int k = 0; k < PY_SPEC_ENTRIES; k++, c += 4) {
            if (c[0] != ver || ver == 0)
                continue;
            if (c[1] != PY_SPEC_NODICT) {
                if (*py_dict_ptr(o, t) != NULL)
                    goto load_method_generic;   /* o has a __dict__ */
                if (t->keys->version != c[1]) {
                    c[0] = 0;                   /* stale: make it again */
                    break;
                }
            }
            oh_object *meth = (oh_object *)(uintptr_t)(
                (uint64_t)c[2] | (uint64_t)c[3] << 32);
            oh_incref(meth);
            TOP() = meth;
            PUSH(o);                            /* [function, self] */
            SKIP_CACHE();
            DISPATCH();
        }
        if (py_specialize_load_method(f->prev_instr, o,
                                      OHI_TUPLE(co->names)->items[oparg])) {
            next_instr = f->prev_instr;
            DISPATCH();
        }
        goto load_method_deopt;
    }

load_method_deopt:
    *f->prev_instr = PY_INSTR(PY_LOAD_METHOD, oparg);
    next_instr[0] = PY_SPEC_BACKOFF;
load_method_generic:
    {
        oh_object *name = OHI_TUPLE(co->names)->items[oparg];
        oh_object *o = TOP();
        oh_object *meth;
        int r = py_get_method(o, name, &meth);
        if (r < 0) {
            oh_decref(o);
            stack_pointer--;
            goto error;
        }
        if (r > 0) {
            /* [function, self] */
            TOP() = meth;
            PUSH(o);
        }
        else {
            /* [attribute, NULL] */
            oh_decref(o);
            TOP() = meth;
            PUSH(NULL);
        }
        SKIP_CACHE();
        DISPATCH();
    }

    TARGET(BINARY_SUBSCR) {
        oh_object *k = POP();
        oh_object *c = TOP();
        oh_object *v;
        /* EV4: a list or tuple indexed by a small int, a dict. */
        if (k->type == &oh_int_type
            && (c->type == &oh_list_type || c->type == &oh_tuple_type)) {
            int64_t i = OHI_INT_VALUE(k);
            int64_t n = c->type == &oh_list_type ? OHI_LIST(c)->size
                                                 : OHI_TUPLE_SIZE(c);
            if (i < 0)
                i += n;
            if ((uint64_t)i < (uint64_t)n) {
                v = c->type == &oh_list_type ? OHI_LIST(c)->items[i]
                                             : OHI_TUPLE(c)->items[i];
                oh_incref(v);
                oh_decref(k);
                oh_decref(c);
                TOP() = v;
                DISPATCH();
            }
        }
        else if (c->type == &oh_dict_type && oh_dict_lookup(c, k, &v) > 0) {
            oh_incref(v);
            oh_decref(k);
            oh_decref(c);
            TOP() = v;
            DISPATCH();
        }
        v = py_getitem(c, k);
        oh_decref(k);
        oh_decref(c);
        TOP() = v;
        if (v == NULL)
            goto error_pop1;
        DISPATCH();
    }

    TARGET(STORE_SUBSCR) {
        oh_object *k = POP();
        oh_object *c = POP();
        oh_object *v = POP();
        /* EV4: an item of a list by a small int. */
        if (k->type == &oh_int_type && c->type == &oh_list_type) {
            int64_t i = OHI_INT_VALUE(k);
            int64_t n = OHI_LIST(c)->size;
            if (i < 0)
                i += n;
            if ((uint64_t)i < (uint64_t)n) {
                oh_object *old = OHI_LIST(c)->items[i];
                OHI_LIST(c)->items[i] = v;      /* the stack's reference */
                oh_decref(old);
                oh_decref(k);
                oh_decref(c);
                DISPATCH();
            }
        }
        int r = py_setitem(c, k, v);
        oh_decref(k);
        oh_decref(c);
        oh_decref(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DELETE_SUBSCR) {
        oh_object *k = POP();
        oh_object *c = POP();
        int r = py_delitem(c, k);
        oh_decref(k);
        oh_decref(c);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(BUILD_SLICE) {
        /* EV4: l[a:b:c] and l[a:b] = v on an exact list, with bounds
         * that are None or ints (no __index__ to call, no error to
         * raise): the BINARY_SUBSCR or STORE_SUBSCR that follows is done
         * here, and no slice object is made.  The assignment takes a list
         * or tuple of items with a step of 1.  Not while tracing, which
         * sees every instruction. */
        int next_op = PY_OP(*next_instr);
        if ((next_op == PY_BINARY_SUBSCR || next_op == PY_STORE_SUBSCR)
            && PEEK(oparg + 1)->type == &oh_list_type
            && !dispatch_tracing) {
            oh_object *c = PEEK(oparg + 1);
            oh_object *a = PEEK(oparg), *b = PEEK(oparg - 1);
            oh_object *d = oparg == 3 ? TOP() : OH_NONE;
            if ((a == OH_NONE || a->type == &oh_int_type)
                && (b == OH_NONE || b->type == &oh_int_type)
                && (d == OH_NONE
                    || (d->type == &oh_int_type && OHI_INT_VALUE(d) != 0))) {
                int64_t i0, i1, di, n;
                py_slice_unpack(a, b, d, OHI_LIST(c)->size, &i0, &i1, &di,
                                &n);    /* cannot fail: checked above */
                if (next_op == PY_BINARY_SUBSCR) {
                    oh_object *r = py_list_slice(c, i0, di, n);
                    if (r == NULL)
                        goto error;
                    uint32_t nb = oparg;
                    SECOND_HALF();      /* the BINARY_SUBSCR */
                    for (uint32_t k = 0; k <= nb; k++)
                        oh_decref(POP());
                    PUSH(r);
                    DISPATCH();
                }
                oh_object *v = PEEK(oparg + 2);
                if (di == 1 && v != c
                    && (v->type == &oh_list_type
                        || v->type == &oh_tuple_type)) {
                    bool vl = v->type == &oh_list_type;
                    if (py_list_replace(c, i0, i1,
                                        vl ? OHI_LIST(v)->items
                                           : OHI_TUPLE(v)->items,
                                        vl ? OHI_LIST(v)->size
                                           : OHI_TUPLE_SIZE(v)) < 0)
                        goto error;
                    uint32_t nb = oparg;
                    SECOND_HALF();      /* the STORE_SUBSCR */
                    for (uint32_t k = 0; k <= nb + 1; k++)
                        oh_decref(POP());
                    DISPATCH();
                }
            }
        }
        oh_object *step = oparg == 3 ? POP() : NULL;
        oh_object *stop = POP();
        oh_object *start = TOP();
        oh_object *s = py_slice_new(start, stop, step);
        oh_decref(start);
        oh_decref(stop);
        oh_xdecref(step);
        TOP() = s;
        if (s == NULL)
            goto error_pop1;
        DISPATCH();
    }

    /* Where the result z of an operation on two exact ints a (TOP()) and
     * b (already popped) goes: outside the shared small ints (-5..256),
     * into an operand that only the stack held, as for floats below (no
     * allocation, no free); a small result is always the shared object,
     * as identity requires.  FAIL runs when no int can be allocated. */
#define INT_RESULT(z, FAIL)                                                 \
    do {                                                                    \
        if ((z) < OHI_SMALL_INT_MIN || (z) > OHI_SMALL_INT_MAX) {           \
            if (a->refcnt == 1) {                                           \
                OHI_INT_VALUE(a) = (z);                                     \
                oh_decref(b);                                               \
                DISPATCH();                                                 \
            }                                                               \
            if (b->refcnt == 1) {                                           \
                OHI_INT_VALUE(b) = (z);                                     \
                oh_decref(a);                                               \
                TOP() = b;                                                  \
                DISPATCH();                                                 \
            }                                                               \
        }                                                                   \
        oh_object *r_ = oh_int_from_i64(z);                                 \
        if (r_ == NULL)                                                     \
            FAIL;                                                           \
        oh_decref(a);                                                       \
        oh_decref(b);                                                       \
        TOP() = r_;                                                         \
        DISPATCH();                                                         \
    } while (0)
    /* The same for a float result of a (TOP()) and b (popped), either of
     * them a float: it goes into an operand float that only the stack
     * held, else into a float from the free list; an operand float that
     * dies goes back onto that list inline. */
#define FLOAT_RESULT(z, FAIL)                                               \
    do {                                                                    \
        if (a->type == &oh_float_type && a->refcnt == 1) {                  \
            OHI_FLOAT_VALUE(a) = (z);                                       \
            if (b->type == &oh_float_type) {                                \
                if (--b->refcnt == 0)                                       \
                    ohi_float_dealloc_fast(b);                              \
            }                                                               \
            else {                                                          \
                oh_decref(b);                                               \
            }                                                               \
            DISPATCH();                                                     \
        }                                                                   \
        if (b->type == &oh_float_type && b->refcnt == 1) {                  \
            OHI_FLOAT_VALUE(b) = (z);                                       \
            oh_decref(a);               /* held elsewhere too */            \
            TOP() = b;                                                      \
            DISPATCH();                                                     \
        }                                                                   \
        oh_object *r_ = ohi_float_new_fast(z);                              \
        if (r_ == NULL)                                                     \
            FAIL;                                                           \
        oh_decref(a);                                                       \
        oh_decref(b);                                                       \
        TOP() = r_;                                                         \
        DISPATCH();                                                         \
    } while (0)

    /* Specialised forms of BINARY_OP (SP2 in specialize.c), one per
     * operator and operand type, so that each site's code is straight
     * and its dispatch its own rather than a switch on the operator that
     * every site shares (CPython 3.11's BINARY_OP_ADD_INT and kin).
     * BINARY_OP rewrites itself into one when it meets two exact ints or
     * two exact floats and an operator below; a form that meets anything
     * else (or an int overflow, a division by zero) turns back into
     * BINARY_OP, which runs the case and chooses again. */
#define BINOP_DEOPT()                                                       \
    do {                                                                    \
        *f->prev_instr = PY_INSTR(PY_BINARY_OP, oparg);                     \
        goto binop_generic;                                                 \
    } while (0)
    /* Out of memory for the result: b back on the stack, and the generic
     * code, whose protocol reports it. */
#define BINOP_RETRY()                                                       \
    do {                                                                    \
        stack_pointer++;                                                    \
        BINOP_DEOPT();                                                      \
    } while (0)
#define INT_BINOP(NAME, OVERFLOWS)                                          \
    TARGET(NAME) {                                                          \
        oh_object *b = TOP(), *a = SECOND();                                \
        int64_t z;                                                          \
        if (a->type != &oh_int_type || b->type != &oh_int_type              \
            || OVERFLOWS(OHI_INT_VALUE(a), OHI_INT_VALUE(b), &z))           \
            BINOP_DEOPT();                                                  \
        stack_pointer--;                                                    \
        INT_RESULT(z, BINOP_RETRY());                                       \
    }
#define FLOAT_BINOP(NAME, OP)                                               \
    TARGET(NAME) {                                                          \
        oh_object *b = TOP(), *a = SECOND();                                \
        if (a->type != &oh_float_type || b->type != &oh_float_type)         \
            BINOP_DEOPT();                                                  \
        stack_pointer--;                                                    \
        double z = OHI_FLOAT_VALUE(a) OP OHI_FLOAT_VALUE(b);                \
        FLOAT_RESULT(z, BINOP_RETRY());                                     \
    }

    INT_BINOP(BINARY_OP_ADD_INT, __builtin_add_overflow)
    INT_BINOP(BINARY_OP_SUBTRACT_INT, __builtin_sub_overflow)
    INT_BINOP(BINARY_OP_MULTIPLY_INT, __builtin_mul_overflow)
    INT_BINOP(BINARY_OP_FLOOR_DIVIDE_INT, int_floordiv)
    INT_BINOP(BINARY_OP_REMAINDER_INT, int_mod)
    INT_BINOP(BINARY_OP_AND_INT, int_and)
    INT_BINOP(BINARY_OP_OR_INT, int_or)
    INT_BINOP(BINARY_OP_XOR_INT, int_xor)
    INT_BINOP(BINARY_OP_RSHIFT_INT, int_rshift)
    INT_BINOP(BINARY_OP_LSHIFT_INT, int_lshift)
    FLOAT_BINOP(BINARY_OP_ADD_FLOAT, +)
    FLOAT_BINOP(BINARY_OP_SUBTRACT_FLOAT, -)
    FLOAT_BINOP(BINARY_OP_MULTIPLY_FLOAT, *)

    TARGET(BINARY_OP_TRUE_DIVIDE_FLOAT) {
        oh_object *b = TOP(), *a = SECOND();
        if (a->type != &oh_float_type || b->type != &oh_float_type
            || OHI_FLOAT_VALUE(b) == 0.0)
            BINOP_DEOPT();
        stack_pointer--;
        double z = OHI_FLOAT_VALUE(a) / OHI_FLOAT_VALUE(b);
        FLOAT_RESULT(z, BINOP_RETRY());
    }
#undef INT_BINOP
#undef FLOAT_BINOP
#undef BINOP_RETRY
#undef BINOP_DEOPT

    TARGET(BINARY_OP) {
        {
            /* Specialise (above) when the operands and operator have a
             * form; the form runs this time too. */
            int spec = binop_form(SECOND(), TOP(), oparg);
            if (spec != 0) {
                *f->prev_instr = PY_INSTR(spec, oparg);
                goto *real_targets[spec];
            }
        }
    binop_generic:;
        oh_object *b = POP();
        oh_object *a = TOP();
        oh_object *r;
        /* EV4: + - * / on two floats, + - * // % & | ^ << >> on two
         * small ints; floats with ints for + - * /.  Anything else, and
         * any case with an error to report, takes the protocol below. */
        {
            const oh_type *ta = a->type, *tb = b->type;
            int bop = (int)oparg < PY_OP_INPLACE ? (int)oparg
                                                 : (int)oparg - PY_OP_INPLACE;
            if (ta == &oh_int_type && tb == &oh_int_type) {
                int64_t x = OHI_INT_VALUE(a), y = OHI_INT_VALUE(b), z;
                switch (bop) {
                case PY_OP_ADD:
                    if (__builtin_add_overflow(x, y, &z))
                        goto binop_slow;
                    break;
                case PY_OP_SUB:
                    if (__builtin_sub_overflow(x, y, &z))
                        goto binop_slow;
                    break;
                case PY_OP_MULT:
                    if (__builtin_mul_overflow(x, y, &z))
                        goto binop_slow;
                    break;
                case PY_OP_FLOORDIV:
                    if (int_floordiv(x, y, &z))
                        goto binop_slow;
                    break;
                case PY_OP_MOD:
                    if (int_mod(x, y, &z))
                        goto binop_slow;
                    break;
                case PY_OP_BITAND:
                    z = x & y;
                    break;
                case PY_OP_BITOR:
                    z = x | y;
                    break;
                case PY_OP_BITXOR:
                    z = x ^ y;
                    break;
                case PY_OP_RSHIFT:
                    if (int_rshift(x, y, &z))
                        goto binop_slow;
                    break;
                case PY_OP_LSHIFT:
                    if (int_lshift(x, y, &z))
                        goto binop_slow;
                    break;
                default:
                    goto binop_slow;
                }
                INT_RESULT(z, goto binop_slow);
            }
            double x, y, z;
            if (ta == &oh_float_type) {
                x = OHI_FLOAT_VALUE(a);
                if (tb == &oh_float_type)
                    y = OHI_FLOAT_VALUE(b);
                else if (tb == &oh_int_type)
                    y = (double)OHI_INT_VALUE(b);
                else
                    goto binop_slow;
            }
            else if (ta == &oh_int_type && tb == &oh_float_type) {
                x = (double)OHI_INT_VALUE(a);
                y = OHI_FLOAT_VALUE(b);
            }
            else
                goto binop_slow;
            switch (bop) {
            case PY_OP_ADD:
                z = x + y;
                break;
            case PY_OP_SUB:
                z = x - y;
                break;
            case PY_OP_MULT:
                z = x * y;
                break;
            case PY_OP_DIV:
                if (y == 0.0)
                    goto binop_slow;
                z = x / y;
                break;
            default:
                goto binop_slow;
            }
            FLOAT_RESULT(z, goto binop_slow);
        }
    binop_slow:
        if (oparg >= PY_OP_INPLACE)
            r = py_inplace_op(a, b, (int)(oparg - PY_OP_INPLACE));
        else
            r = py_binary_op(a, b, (int)oparg);
        oh_decref(a);
        oh_decref(b);
        TOP() = r;
        if (r == NULL)
            goto error_pop1;
        SKIP_CACHE();
        DISPATCH();
    }
#undef INT_RESULT
#undef FLOAT_RESULT

    TARGET(UNARY_NEGATIVE) {
        oh_object *v = TOP();
        oh_object *r = py_negative(v);
        oh_decref(v);
        TOP() = r;
        if (r == NULL)
            goto error_pop1;
        DISPATCH();
    }

    TARGET(UNARY_POSITIVE) {
        oh_object *v = TOP();
        oh_object *r = py_positive(v);
        oh_decref(v);
        TOP() = r;
        if (r == NULL)
            goto error_pop1;
        DISPATCH();
    }

    TARGET(UNARY_INVERT) {
        oh_object *v = TOP();
        oh_object *r = py_invert(v);
        oh_decref(v);
        TOP() = r;
        if (r == NULL)
            goto error_pop1;
        DISPATCH();
    }

    TARGET(UNARY_NOT) {
        oh_object *v = TOP();
        int t = py_is_true(v);
        oh_decref(v);
        if (t < 0)
            goto error_pop1;
        TOP() = new_bool(!t);
        DISPATCH();
    }

    /* A test whose result t (0 or 1) is in hand, its operands dropped and
     * its result's stack slot TOP() still to fill: when the next
     * instruction is POP_JUMP_IF_FALSE or POP_JUMP_IF_TRUE, that jump is
     * taken (or not) here, with no bool pushed and popped and no dispatch
     * in between (CPython 3.11's COMPARE_OP_*_JUMP, for every test).  Not
     * while tracing, which sees every instruction. */
#define JUMP_ON_TEST(t)                                                     \
    do {                                                                    \
        int nop_ = PY_OP(*next_instr);                                      \
        if ((nop_ == PY_POP_JUMP_IF_FALSE || nop_ == PY_POP_JUMP_IF_TRUE)   \
            && !dispatch_tracing) {                                         \
            int t_ = (t);               /* before oparg changes */          \
            stack_pointer--;                                                \
            SECOND_HALF();                                                  \
            if (t_ == (nop_ == PY_POP_JUMP_IF_TRUE))                        \
                JUMPTO(oparg);                                              \
            DISPATCH();                                                     \
        }                                                                   \
    } while (0)

    TARGET(COMPARE_OP) {
        oh_object *b = POP();
        oh_object *a = TOP();
        /* EV4: two small ints, two floats, two strs for == and !=. */
        int t = py_compare_fast(a, b, (int)oparg);
        if (t >= 0) {
            oh_decref(a);
            oh_decref(b);
            SKIP_CACHE();
            JUMP_ON_TEST(t);
            TOP() = new_bool(t);
            DISPATCH();
        }
        oh_object *r = py_compare(a, b, (int)oparg);
        oh_decref(a);
        oh_decref(b);
        TOP() = r;
        if (r == NULL)
            goto error_pop1;
        SKIP_CACHE();
        DISPATCH();
    }

    TARGET(IS_OP) {
        oh_object *b = POP();
        oh_object *a = TOP();
        bool r = (a == b) != (oparg != 0);
        oh_decref(a);
        oh_decref(b);
        JUMP_ON_TEST((int)r);
        TOP() = new_bool(r);
        DISPATCH();
    }

    TARGET(CONTAINS_OP) {
        oh_object *b = POP();
        oh_object *a = TOP();
        int r;
        /* x in s for an exact set of an int or str: the lookup itself
         * (hashing those cannot fail or run code). */
        if ((b->type == &oh_set_type || b->type == &oh_frozenset_type)
            && (a->type == &oh_int_type || a->type == &oh_str_type))
            r = ohi_set_contains_hashed(b, a, key_hash(a));
        else
            r = py_contains(b, a);
        oh_decref(a);
        oh_decref(b);
        if (r < 0)
            goto error_pop1;
        JUMP_ON_TEST((int)(r != (int)(oparg != 0)));
        oh_object *res = r != (int)(oparg != 0) ? OH_TRUE : OH_FALSE;
        oh_incref(res);
        TOP() = res;
        DISPATCH();
    }

    TARGET(BUILD_TUPLE) {
        oh_object *t = ohi_tuple_alloc(oparg);
        if (t == NULL)
            goto error;
        stack_pointer -= oparg;
        memcpy(OHI_TUPLE(t)->items, stack_pointer,
               oparg * sizeof(oh_object *));
        PUSH(t);
        DISPATCH();
    }

    TARGET(BUILD_LIST) {
        oh_object *l = oh_list_from_array(stack_pointer - oparg, oparg);
        if (l == NULL)
            goto error;
        for (uint32_t i = 0; i < oparg; i++)
            oh_decref(POP());
        PUSH(l);
        DISPATCH();
    }

    TARGET(BUILD_SET) {
        oh_object *s = py_set_from_array(stack_pointer - oparg, oparg);
        if (s == NULL)
            goto error;
        for (uint32_t i = 0; i < oparg; i++)
            oh_decref(POP());
        PUSH(s);
        DISPATCH();
    }

    TARGET(BUILD_MAP) {
        oh_object *d = oh_dict_new();
        if (d == NULL)
            goto error;
        for (uint32_t i = 0; i < oparg; i++) {
            if (oh_dict_set(d, PEEK(2 * (oparg - i)),
                            PEEK(2 * (oparg - i) - 1)) < 0) {
                oh_decref(d);
                goto error;
            }
        }
        for (uint32_t i = 0; i < 2 * oparg; i++)
            oh_decref(POP());
        PUSH(d);
        DISPATCH();
    }

    TARGET(BUILD_CONST_KEY_MAP) {
        oh_object *keys = POP();
        oh_object *d = oh_dict_new();
        if (d == NULL) {
            oh_decref(keys);
            goto error;
        }
        for (uint32_t i = 0; i < oparg; i++) {
            if (oh_dict_set(d, OHI_TUPLE(keys)->items[i],
                            PEEK(oparg - i)) < 0) {
                oh_decref(d);
                oh_decref(keys);
                goto error;
            }
        }
        oh_decref(keys);
        for (uint32_t i = 0; i < oparg; i++)
            oh_decref(POP());
        PUSH(d);
        DISPATCH();
    }

    TARGET(BUILD_STRING) {
        oh_object *s = py_unicode_join_array(stack_pointer - oparg, oparg);
        if (s == NULL)
            goto error;
        for (uint32_t i = 0; i < oparg; i++)
            oh_decref(POP());
        PUSH(s);
        DISPATCH();
    }

    TARGET(LIST_APPEND) {
        oh_object *v = POP();
        int r = oh_list_append(PEEK(oparg), v);
        oh_decref(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(SET_ADD) {
        oh_object *v = POP();
        int r = oh_set_add(PEEK(oparg), v);
        oh_decref(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(MAP_ADD) {
        oh_object *v = POP();
        oh_object *k = POP();
        int r = oh_dict_set(PEEK(oparg), k, v);
        oh_decref(k);
        oh_decref(v);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(LIST_EXTEND) {
        oh_object *it = POP();
        int r = py_list_extend(PEEK(oparg), it);
        if (r < 0 && py_err_matches(PY_EXC(TypeError))
            && PY_TYPE(it)->tp_iter == NULL
            && PY_TYPE(it)->mp_subscript == NULL) {
            py_err_clear();
            py_err_format(PY_EXC(TypeError), "Value after * must be an "
                          "iterable, not %T", it);
        }
        oh_decref(it);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(SET_UPDATE) {
        oh_object *it = POP();
        int r = py_set_update(PEEK(oparg), it);
        oh_decref(it);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DICT_UPDATE) {
        oh_object *m = POP();
        int r = dict_update_from(PEEK(oparg), m);
        oh_decref(m);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(DICT_MERGE) {
        oh_object *m = POP();
        int r = dict_merge(PEEK(oparg), m, PEEK(oparg + 3));
        oh_decref(m);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(LIST_TO_TUPLE) {
        oh_object *l = TOP();
        oh_object *t = oh_tuple_from_array(OHI_LIST(l)->items,
                                           (size_t)OHI_LIST(l)->size);
        oh_decref(l);
        TOP() = t;
        if (t == NULL)
            goto error_pop1;
        DISPATCH();
    }

    TARGET(FORMAT_VALUE) {
        oh_object *spec = (oparg & PY_FVS_HAVE_SPEC) ? POP() : NULL;
        oh_object *v = TOP();
        oh_object *r = format_value(v, (int)(oparg & PY_FVC_MASK), spec);
        oh_decref(v);
        oh_xdecref(spec);
        TOP() = r;
        if (r == NULL)
            goto error_pop1;
        DISPATCH();
    }

    TARGET(UNPACK_SEQUENCE) {
        oh_object *seq = POP();
        if (seq->type == &oh_tuple_type && OHI_TUPLE_SIZE(seq) == oparg) {
            /* for a, b in zip(...), a, b = b, a: the items as they are,
             * last first. */
            oh_object **items = OHI_TUPLE(seq)->items;
            for (uint32_t i = oparg; i-- > 0;) {
                oh_incref(items[i]);
                PUSH(items[i]);
            }
            oh_decref(seq);
            DISPATCH();
        }
        int r = unpack_iterable(seq, (int)oparg, 0, false, stack_pointer);
        oh_decref(seq);
        if (r < 0)
            goto error;
        stack_pointer += oparg;
        DISPATCH();
    }

    TARGET(UNPACK_EX) {
        int before = (int)(oparg & 0xff), after = (int)(oparg >> 8);
        oh_object *seq = POP();
        int r = unpack_iterable(seq, before, after, true, stack_pointer);
        oh_decref(seq);
        if (r < 0)
            goto error;
        stack_pointer += before + after + 1;
        DISPATCH();
    }

    TARGET(JUMP) {
        /* A backward jump is a loop's iteration: one step (IN4 in py.h),
         * which also polls for Ctrl-C.  Quickening made every forward
         * JUMP a JUMP_FORWARD (CD8 in code.c), so this one is backward. */
        if (PY_STEP_FAILED(in))
            goto error;
        JUMPTO(oparg);
        DISPATCH();
    }

    TARGET(JUMP_FORWARD) {
        JUMPTO(oparg);
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_FALSE) {
        oh_object *v = POP();
        int t;
        if (v == OH_FALSE)
            t = 0;
        else if (v == OH_TRUE)
            t = 1;
        else if (v->type == &oh_int_type)
            t = OHI_INT_VALUE(v) != 0;  /* `while k:` on a small int */
        else {
            t = py_is_true(v);
            if (t < 0) {
                oh_decref(v);
                goto error;
            }
        }
        oh_decref(v);
        if (!t)
            JUMPTO(oparg);
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_TRUE) {
        oh_object *v = POP();
        int t;
        if (v == OH_FALSE)
            t = 0;
        else if (v == OH_TRUE)
            t = 1;
        else if (v->type == &oh_int_type)
            t = OHI_INT_VALUE(v) != 0;  /* `while k:` on a small int */
        else {
            t = py_is_true(v);
            if (t < 0) {
                oh_decref(v);
                goto error;
            }
        }
        oh_decref(v);
        if (t)
            JUMPTO(oparg);
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_NONE) {
        oh_object *v = POP();
        if (v == OH_NONE)
            JUMPTO(oparg);
        oh_decref(v);
        DISPATCH();
    }

    TARGET(POP_JUMP_IF_NOT_NONE) {
        oh_object *v = POP();
        if (v != OH_NONE)
            JUMPTO(oparg);
        oh_decref(v);
        DISPATCH();
    }

    TARGET(JUMP_IF_FALSE_OR_POP) {
        oh_object *v = TOP();
        int t = py_is_true(v);
        if (t < 0)
            goto error;
        if (!t)
            JUMPTO(oparg);
        else {
            stack_pointer--;
            oh_decref(v);
        }
        DISPATCH();
    }

    TARGET(JUMP_IF_TRUE_OR_POP) {
        oh_object *v = TOP();
        int t = py_is_true(v);
        if (t < 0)
            goto error;
        if (t)
            JUMPTO(oparg);
        else {
            stack_pointer--;
            oh_decref(v);
        }
        DISPATCH();
    }

    TARGET(GET_ITER) {
        oh_object *o = TOP();
        oh_object *it = py_iter(o);
        oh_decref(o);
        TOP() = it;
        if (it == NULL)
            goto error_pop1;
        DISPATCH();
    }

    TARGET(FOR_ITER) {
        oh_object *it = TOP();
        oh_object *v;
        py_iternextfunc next = PY_TYPE(it)->tp_iternext;
        if (OH_UNLIKELY(next == NULL)) {
            py_err_format(PY_EXC(TypeError), "'%T' object is not an "
                          "iterator", it);
            goto error;
        }
        v = next(it);
        if (v != NULL) {
            PUSH(v);
            DISPATCH();
        }
        if (py_err_occurred()) {
            if (!py_err_matches(PY_EXC(StopIteration)))
                goto error;
            py_err_clear();
        }
        stack_pointer--;
        oh_decref(it);
        JUMPTO(oparg);
        DISPATCH();
    }

    TARGET(MAKE_FUNCTION) {
        oh_object *code = POP();
        oh_object *closure = (oparg & PY_MF_CLOSURE) ? POP() : NULL;
        oh_object *ann = (oparg & PY_MF_ANNOTATIONS) ? POP() : NULL;
        oh_object *kwd = (oparg & PY_MF_KWDEFAULTS) ? POP() : NULL;
        oh_object *defs = (oparg & PY_MF_DEFAULTS) ? POP() : NULL;
        oh_object *fn = py_function_new(code, f->globals, NULL);
        oh_decref(code);
        if (fn != NULL) {
            py_function *pf = (py_function *)(void *)fn;
            pf->closure = closure;
            pf->kwdefaults = kwd;
            pf->defaults = defs;
            closure = kwd = defs = NULL;
            if (ann != NULL) {
                pf->annotations = annotations_dict(ann);
                if (pf->annotations == NULL) {
                    oh_decref(fn);
                    fn = NULL;
                }
            }
            /* The docstring is the first constant of a code whose first
             * statement is a string (compile.c). */
            py_code *fc = (py_code *)(void *)pf->code;
            if (fn != NULL && (fc->flags & PY_CO_OPTIMIZED)
                && OHI_TUPLE_SIZE(fc->consts) > 0
                && OHI_TUPLE(fc->consts)->items[0]->type == &oh_str_type) {
                pf->doc = OHI_TUPLE(fc->consts)->items[0];
                oh_incref(pf->doc);
            }
        }
        oh_xdecref(closure);
        oh_xdecref(ann);
        oh_xdecref(kwd);
        oh_xdecref(defs);
        if (fn == NULL)
            goto error;
        PUSH(fn);
        DISPATCH();
    }

    TARGET(RETURN_VALUE) {
        retval = POP();
        SAVE_STACK();
        f->state = PY_FRAME_COMPLETED;
        if (f->is_entry)
            goto exit_eval;
        py_frame *caller = f->previous;
        py_frame_pop(f);
        f = caller;
        LOAD_FRAME();
        PUSH(retval);
        retval = NULL;
        DISPATCH();
    }

    TARGET(YIELD_VALUE) {
        retval = POP();
        SAVE_STACK();
        f->state = PY_FRAME_SUSPENDED;
        goto exit_eval;
    }

    TARGET(GET_YIELD_FROM_ITER) {
        oh_object *o = TOP();
        if (PY_TYPE(o) != PY_T(generator)) {
            oh_object *it = py_iter(o);
            oh_decref(o);
            TOP() = it;
            if (it == NULL)
                goto error_pop1;
        }
        DISPATCH();
    }

    TARGET(SEND) {
        oh_object *v = POP();
        oh_object *recv = TOP();
        oh_object *r, *ret = NULL;
        if (PY_TYPE(recv) == PY_T(generator)) {
            r = py_gen_send(recv, v, true, &ret);
        }
        else if (v == OH_NONE && PY_TYPE(recv)->tp_iternext != NULL) {
            r = PY_TYPE(recv)->tp_iternext(recv);
        }
        else {
            r = py_call_method(recv, PY_ID(send), &v, 1);
        }
        oh_decref(v);
        if (r != NULL) {
            PUSH(r);
            DISPATCH();
        }
        if (ret == NULL) {
            /* Not a bare return: StopIteration carries the value. */
            if (!py_err_occurred()) {
                oh_incref(OH_NONE);
                ret = OH_NONE;
            }
            else if (py_err_matches(PY_EXC(StopIteration))) {
                oh_object *e = py_err_fetch();
                ret = py_getattr(e, PY_ID(value));
                oh_decref(e);
                if (ret == NULL)
                    goto error;
            }
            else
                goto error;
        }
        oh_decref(recv);
        TOP() = ret;
        JUMPTO(oparg);
        DISPATCH();
    }

    TARGET(PUSH_EXC_INFO) {
        oh_object *e = TOP();
        oh_object *prev = in->exc_info ? in->exc_info : OH_NONE;
        if (in->exc_info == NULL)
            oh_incref(OH_NONE);
        oh_incref(e);
        in->exc_info = e;
        TOP() = prev;
        PUSH(e);
        DISPATCH();
    }

    TARGET(POP_EXCEPT) {
        oh_object *prev = POP();
        oh_object *old = in->exc_info;
        if (prev == OH_NONE) {
            oh_decref(prev);
            in->exc_info = NULL;
        }
        else
            in->exc_info = prev;
        oh_xdecref(old);
        DISPATCH();
    }

    TARGET(RERAISE) {
        oh_object *e = POP();
        if (oparg) {
            oh_object *lasti = TOP();
            int64_t li;
            if (oh_int_as_i64(lasti, &li) == 0 && li >= 0
                && (uint32_t)li < co->ncode)
                f->prev_instr = co->code + li;
            else
                oh_err_clear();
        }
        py_err_raise(e);
        skip_tb = true;
        goto error;
    }

    TARGET(RAISE_VARARGS) {
        if (oparg == 0) {
            if (in->exc_info == NULL) {
                py_err_set_string(PY_EXC(RuntimeError),
                                  "No active exception to reraise");
                goto error;
            }
            oh_incref(in->exc_info);
            py_err_raise(in->exc_info);
            skip_tb = true;
            goto error;
        }
        oh_object *cause = oparg == 2 ? POP() : NULL;
        oh_object *e = POP();
        do_raise(e, cause);
        oh_decref(e);
        oh_xdecref(cause);
        goto error;
    }

    TARGET(CHECK_EXC_MATCH) {
        oh_object *t = POP();
        if (check_exc_class(t) < 0) {
            oh_decref(t);
            goto error;
        }
        bool m = exc_matches(TOP(), t);
        oh_decref(t);
        PUSH(oh_bool_from(m));
        DISPATCH();
    }

    TARGET(LOAD_ASSERTION_ERROR) {
        oh_object *a = &PY_EXC(AssertionError)->ob_base;
        oh_incref(a);
        PUSH(a);
        DISPATCH();
    }

    TARGET(BEFORE_WITH) {
        oh_object *mgr = TOP();
        py_type *t = PY_TYPE(mgr);
        oh_object *enter = py_type_lookup(t, PY_ID(__enter__));
        oh_object *exitf = py_type_lookup(t, PY_ID(__exit__));
        if (enter == NULL || exitf == NULL) {
            py_err_format(PY_EXC(TypeError), "'%s' object does not "
                          "support the context manager protocol",
                          t->tp_name);
            goto error;
        }
        oh_object *bound_exit;
        py_descrgetfunc get = PY_TYPE(exitf)->tp_descr_get;
        if (get != NULL)
            bound_exit = get(exitf, mgr, &t->ob_base);
        else {
            oh_incref(exitf);
            bound_exit = exitf;
        }
        if (bound_exit == NULL)
            goto error;
        oh_object *res;
        get = PY_TYPE(enter)->tp_descr_get;
        if (enter->type == &PY_T(function)->ot)
            res = py_call(enter, &mgr, 1, NULL);
        else {
            oh_object *be = get ? get(enter, mgr, &t->ob_base) : enter;
            if (get == NULL)
                oh_incref(be);
            res = be ? py_call0(be) : NULL;
            oh_xdecref(be);
        }
        if (res == NULL) {
            oh_decref(bound_exit);
            goto error;
        }
        oh_decref(mgr);
        TOP() = bound_exit;
        PUSH(res);
        DISPATCH();
    }

    TARGET(WITH_EXCEPT_START) {
        oh_object *e = TOP();
        oh_object *exitf = PEEK(4);
        oh_object *tb = ((py_exception *)(void *)e)->traceback;
        oh_object *args[3] = {&PY_TYPE(e)->ob_base, e, tb ? tb : OH_NONE};
        oh_object *r = py_call(exitf, args, 3, NULL);
        if (r == NULL)
            goto error;
        PUSH(r);
        DISPATCH();
    }

    TARGET(LOAD_BUILD_CLASS) {
        oh_object *bc;
        int r = mapping_lookup(f->builtins, PY_ID(__build_class__), &bc);
        if (r <= 0) {
            if (r == 0)
                py_err_set_string(PY_EXC(NameError),
                                  "__build_class__ not found");
            goto error;
        }
        PUSH(bc);
        DISPATCH();
    }

    TARGET(SETUP_ANNOTATIONS) {
        if (f->locals == NULL) {
            py_err_set_string(PY_EXC(SystemError), "no locals found when "
                              "setting up annotations");
            goto error;
        }
        oh_object *a;
        int r = mapping_lookup(f->locals, PY_ID(__annotations__), &a);
        if (r < 0)
            goto error;
        if (r > 0)
            oh_decref(a);
        else {
            a = oh_dict_new();
            if (a == NULL)
                goto error;
            r = py_setitem(f->locals, PY_ID(__annotations__), a);
            oh_decref(a);
            if (r < 0)
                goto error;
        }
        DISPATCH();
    }

    TARGET(IMPORT_NAME) {
        oh_object *name = OHI_TUPLE(co->names)->items[oparg];
        oh_object *fromlist = POP();
        oh_object *level = TOP();
        int64_t lv = 0;
        if (oh_int_as_i64(level, &lv) < 0)
            oh_err_clear();
        oh_object *m = py_import(name, f->globals, fromlist, (int)lv);
        oh_decref(fromlist);
        oh_decref(level);
        TOP() = m;
        if (m == NULL)
            goto error_pop1;
        DISPATCH();
    }

    TARGET(IMPORT_FROM) {
        oh_object *name = OHI_TUPLE(co->names)->items[oparg];
        oh_object *v = py_import_from(TOP(), name);
        if (v == NULL)
            goto error;
        PUSH(v);
        DISPATCH();
    }

    TARGET(IMPORT_STAR) {
        oh_object *m = POP();
        int r = f->locals ? py_import_star(m, f->locals) : -1;
        if (f->locals == NULL)
            py_err_set_string(PY_EXC(SystemError),
                              "no locals found during 'import *'");
        oh_decref(m);
        if (r < 0)
            goto error;
        DISPATCH();
    }

    TARGET(PRINT_EXPR) {
        oh_object *v = POP();
        oh_object *hook = NULL;
        int r = oh_dict_lookup(((py_module *)(void *)in->sys)->dict,
                               py_static_str("displayhook"), &hook);
        if (r <= 0) {
            oh_decref(v);
            if (r == 0)
                py_err_set_string(PY_EXC(RuntimeError),
                                  "lost sys.displayhook");
            goto error;
        }
        oh_object *res = py_call1(hook, v);
        oh_decref(v);
        if (res == NULL)
            goto error;
        oh_decref(res);
        DISPATCH();
    }

    {
        /* CALL, CALL_KW and CALL_FUNCTION_EX share their tail. */
        oh_object *kwnames;
        oh_object **args;
        size_t total;
        oh_object *callable;
        oh_object *res;

    TARGET(CALL_KW) {
        kwnames = POP();
        goto do_call;
    }

    TARGET(CALL) {
        kwnames = NULL;
    do_call:;
        size_t nkw = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
        size_t nvals = oparg;                   /* positional + keyword */
        args = stack_pointer - nvals;
        callable = args[-2];
        total = nvals - nkw;                    /* positional */
        if (args[-1] != NULL) {
            args--;
            total++;
        }
        else if (PY_TYPE(callable) == PY_T(method)) {
            /* Unpack the bound method: [func, self, args...]. */
            py_method *m = (py_method *)(void *)callable;
            oh_incref(m->self);
            args[-1] = m->self;
            oh_incref(m->func);
            args[-2] = m->func;
            oh_decref(callable);
            callable = args[-2];
            args--;
            total++;
        }
        oh_object **base = stack_pointer - nvals - 2;
        if (callable->type == &PY_T(function)->ot
            && (((py_code *)(void *)((py_function *)(void *)callable)
                     ->code)->flags & PY_CO_GENERATOR)) {
            /* A generator function (a generator expression's, most
             * often) with the arguments filling the parameters exactly:
             * the generator takes the stack's references, as the frame
             * below does (EV5); anything else goes through py_call. */
            py_code *cco = (py_code *)(void *)((py_function *)(void *)
                                                   callable)->code;
            if (kwnames == NULL && total == (size_t)cco->argcount
                && cco->kwonlyargcount == 0
                && !(cco->flags & (PY_CO_VARARGS | PY_CO_VARKEYWORDS))) {
                /* The entries are the generator's from here on: a
                 * collection at its safe point must not see them twice
                 * (gen_traverse reads a running frame's stacktop). */
                stack_pointer = base;
                SAVE_STACK();
                res = py_gen_new_steal((py_function *)(void *)callable,
                                       args, total);
                if (res == NULL)
                    goto error;
                PUSH(res);
                DISPATCH();
            }
        }
        else if (callable->type == &PY_T(function)->ot) {
            /* EV1: a Python function runs in this loop. */
            SAVE_STACK();
            py_code *cco = (py_code *)(void *)((py_function *)(void *)
                                                   callable)->code;
            if (kwnames == NULL && total == (size_t)cco->argcount
                && cco->kwonlyargcount == 0
                && !(cco->flags & (PY_CO_VARARGS | PY_CO_VARKEYWORDS))) {
                /* EV5: the arguments fill the parameters exactly: the
                 * frame takes the stack's references to them and to the
                 * function instead of copying them. */
                py_frame *nf = py_frame_push_steal(
                    (py_function *)(void *)callable, args, total);
                if (nf != NULL) {
                    stack_pointer = base;
                    SAVE_STACK();
                    f = nf;
                    LOAD_FRAME();
                    DISPATCH();
                }
                while (stack_pointer > base) {
                    oh_object *o = POP();
                    oh_xdecref(o);
                }
                goto error;
            }
            /* A call is a step (IN4), as in py_frame_push_steal. */
            py_frame *nf = PY_STEP_FAILED(in) ? NULL
                : py_frame_push((py_function *)(void *)callable, args, total,
                                kwnames);
            /* The new frame holds its own references: drop the call's
             * stack entries (the caller's stack shrinks now). */
            while (stack_pointer > base) {
                oh_object *o = POP();
                oh_xdecref(o);
            }
            oh_xdecref(kwnames);
            if (nf == NULL)
                goto error;
            SAVE_STACK();
            f = nf;
            LOAD_FRAME();
            DISPATCH();
        }
        else if (callable->type == &PY_T(method_descr)->ot && total == 2
            && kwnames == NULL && args[0]->type == &oh_list_type
            && ((py_method_descr *)(void *)callable)->def->fn
                   == py_list_m_append) {
            /* lst.append(x) (CPython 3.11's PRECALL_NO_KW_LIST_APPEND):
             * the list takes the stack's reference to x when it has
             * room, without py_call, the descriptor's checks and the
             * method's argument checks (docs/PYTHON.md, "Speed"). */
            int r = call_list_append(callable, args);
            stack_pointer = base;
            if (r < 0)
                goto error;
            oh_incref(OH_NONE);
            PUSH(OH_NONE);
            DISPATCH();
        }
        res = py_call(callable, args, total, kwnames);
        while (stack_pointer > base) {
            oh_object *o = POP();
            oh_xdecref(o);
        }
        oh_xdecref(kwnames);
        if (res == NULL)
            goto error;
        PUSH(res);
        DISPATCH();
    }

    TARGET(CALL_FUNCTION_EX) {
        oh_object *kwargs = (oparg & 1) ? POP() : NULL;
        oh_object *cargs = POP();
        oh_object *null = POP();
        callable = TOP();
        if (cargs->type != &oh_tuple_type) {
            oh_object *t = py_sequence_tuple(cargs);
            if (t == NULL) {
                if (py_err_matches(PY_EXC(TypeError))
                    && PY_TYPE(cargs)->tp_iter == NULL
                    && PY_TYPE(cargs)->mp_subscript == NULL) {
                    py_err_clear();
                    call_error(callable, "%s argument after * must be an "
                               "iterable, not %T", cargs);
                }
                oh_decref(cargs);
                oh_xdecref(kwargs);
                oh_xdecref(null);
                goto error;
            }
            oh_decref(cargs);
            cargs = t;
        }
        if (null != NULL) {
            /* A method: prepend self. */
            oh_object *t = ohi_tuple_alloc((size_t)OHI_TUPLE_SIZE(cargs) + 1);
            if (t == NULL) {
                oh_decref(cargs);
                oh_xdecref(kwargs);
                oh_decref(null);
                goto error;
            }
            OHI_TUPLE(t)->items[0] = null;
            for (int64_t i = 0; i < OHI_TUPLE_SIZE(cargs); i++) {
                oh_incref(OHI_TUPLE(cargs)->items[i]);
                OHI_TUPLE(t)->items[i + 1] = OHI_TUPLE(cargs)->items[i];
            }
            oh_decref(cargs);
            cargs = t;
        }
        res = py_call_tuple_dict(callable, cargs, kwargs);
        oh_decref(cargs);
        oh_xdecref(kwargs);
        oh_decref(callable);
        TOP() = res;
        if (res == NULL)
            goto error_pop1;
        DISPATCH();
    }
    }

error_pop1:
    /* The instruction stored NULL in TOP(): drop that slot. */
    stack_pointer--;
error:
    {
        exc = py_err_fetch();
        if (exc == NULL) {
            py_err_set_string(PY_EXC(SystemError),
                              "error return without exception set");
            exc = py_err_fetch();
        }
        if (!skip_tb) {
            py_traceback_add(exc, f, (int)LASTI());
            if (OH_UNLIKELY(in->trace_active)
                && py_trace_exception(f, exc) < 0) {
                /* The trace function's error replaces ours. */
                oh_decref(exc);
                exc = py_err_fetch();
            }
        }
        skip_tb = false;
    }
exception_unwind:
    {
        /* The handler is the one of the instruction that raised, which
         * next_instr still follows: f->prev_instr may have been moved
         * (RERAISE restores the line an exception came from). */
        uint32_t at = (uint32_t)(next_instr - 1 - co->code);
        const py_exc_entry *h = find_handler(co, at);
        if (h != NULL) {
            oh_object **keep = localsplus + co->nlocalsplus + h->depth;
            while (stack_pointer > keep) {
                oh_object *o = POP();
                oh_xdecref(o);
            }
            if (h->lasti) {
                oh_object *li = oh_int_from_i64((int64_t)at);
                if (li == NULL) {
                    oh_err_clear();
                    oh_incref(OH_NONE);
                    li = OH_NONE;
                }
                PUSH(li);
            }
            PUSH(exc);
            exc = NULL;
            JUMPTO(h->target);
            DISPATCH();
        }
        /* No handler here: the frame ends with the exception. */
        while (stack_pointer > localsplus + co->nlocalsplus) {
            oh_object *o = POP();
            oh_xdecref(o);
        }
        SAVE_STACK();
        if (OH_UNLIKELY(in->trace_active) && py_trace_unwind(f) < 0) {
            oh_decref(exc);
            exc = py_err_fetch();
        }
        f->state = PY_FRAME_COMPLETED;
        if (f->is_entry) {
            py_err_raise(exc);
            exc = NULL;
            retval = NULL;
            goto exit_eval;
        }
        py_frame *caller = f->previous;
        py_frame_pop(f);
        f = caller;
        LOAD_FRAME();
        /* The exception continues at the caller's CALL. */
        py_traceback_add(exc, f, (int)LASTI());
        if (OH_UNLIKELY(in->trace_active) && py_trace_exception(f, exc) < 0) {
            oh_decref(exc);
            exc = py_err_fetch();
        }
        goto exception_unwind;
    }

exit_eval:
    entry->is_entry = false;
    return retval;
#undef LOAD_FRAME
#undef SAVE_STACK
#undef DISPATCH
#undef TARGET
#undef TOP
#undef SECOND
#undef PEEK
#undef PUSH
#undef POP
#undef JUMPTO
#undef SKIP_CACHE
#undef LASTI
#undef SECOND_HALF
#undef JUMP_ON_TEST
}
#pragma GCC diagnostic pop

/* ==========================================================================
 * Calling Python from C
 * ========================================================================== */

oh_object *
py_function_call(oh_object *func, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    py_function *fn = (py_function *)(void *)func;
    if (PY_STEP_FAILED(OHI_RT->py))     /* a call is a step (IN4) */
        return NULL;
    py_frame *f = py_frame_push(fn, args, nargs, kwnames);
    if (f == NULL)
        return NULL;
    py_code *co = (py_code *)(void *)fn->code;
    if (co->flags & PY_CO_GENERATOR)
        return py_gen_from_frame(f);
    oh_object *r = py_eval_frame(f, false);
    py_frame_pop(f);
    return r;
}

oh_object *
py_eval_code(oh_object *code, oh_object *globals, oh_object *locals)
{
    py_code *co = (py_code *)(void *)code;
    oh_object *fn = py_function_new(code, globals, NULL);
    if (fn == NULL)
        return NULL;
    py_frame *f = py_frame_push((py_function *)(void *)fn, NULL, 0, NULL);
    oh_decref(fn);
    if (f == NULL)
        return NULL;
    if (!(co->flags & PY_CO_OPTIMIZED) && locals != NULL) {
        oh_incref(locals);
        f->locals = locals;
    }
    oh_object *r = py_eval_frame(f, false);
    py_frame_pop(f);
    return r;
}

/* super() without arguments: the __class__ cell and the first argument
 * of the frame that called super. */
int
py_super_from_frame(py_type **type, oh_object **obj)
{
    py_frame *f = OHI_RT->py->frame;
    if (f == NULL) {
        py_err_set_string(PY_EXC(RuntimeError), "super(): no current frame");
        return -1;
    }
    py_code *co = f->code;
    if (co->argcount == 0) {
        py_err_set_string(PY_EXC(RuntimeError), "super(): no arguments");
        return -1;
    }
    oh_object *first = f->localsplus[0];
    if (first != NULL && (co->localspluskinds[0] & PY_LOCAL_CELL)
        && PY_TYPE(first) == PY_T(cell))
        first = ((py_cell *)(void *)first)->ref;
    if (first == NULL) {
        py_err_set_string(PY_EXC(RuntimeError), "super(): arg[0] deleted");
        return -1;
    }
    for (int i = co->nlocalsplus - co->nfrees; i < co->nlocalsplus; i++) {
        oh_object *name = OHI_TUPLE(co->localsplusnames)->items[i];
        if (!oh_str_equal_cstr(name, "__class__"))
            continue;
        oh_object *cell = f->localsplus[i];
        oh_object *cls = cell ? ((py_cell *)(void *)cell)->ref : NULL;
        if (cls == NULL) {
            py_err_set_string(PY_EXC(RuntimeError),
                              "super(): empty __class__ cell");
            return -1;
        }
        if (!py_is_instance(cls, PY_T(type))) {
            py_err_format(PY_EXC(RuntimeError), "super(): __class__ is not "
                          "a type (%T)", cls);
            return -1;
        }
        *type = (py_type *)(void *)cls;
        *obj = first;
        return 0;
    }
    py_err_set_string(PY_EXC(RuntimeError),
                      "super(): __class__ cell not found");
    return -1;
}
