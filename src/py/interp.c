/*
 * interp.c -- starting and stopping the interpreter, running programs,
 * the interactive prompt, and the embedding API (objheap/py.h).
 *
 * What this file owns
 * -------------------
 * The py_interp struct (py.h) from birth to death: py_interp_init makes
 * the interned identifiers, readies every static type, builds the builtins
 * and sys modules and __main__; py_interp_fini takes it all down and
 * collects what cycles remain, so a program's objects are freed and
 * OBJHEAP_REPORT can tell a leak from a clean exit.  On top of that, the
 * `python3`-like command line (oh_py_main) and the public functions of
 * objheap/py.h.
 *
 * Start-up order matters: identifiers first (everything uses PY_ID), then
 * the attribute cache, then `type` and `object`, then the other static
 * types (any order: py_type_ready readies a base first), then modules.
 *
 * Invariants
 * ----------
 * IN1, IN2 are at struct py_interp in py.h.
 * IN3. OHI_RT->py is NULL before py_interp_init and after py_interp_fini;
 *      in between, every static type is READY.
 * IN6. py_runtime is the runtime whose OHI_RT->py is not NULL, or NULL
 *      when none is: the interpreter runs in one runtime of the process
 *      at a time (objheap/runtime.h), since the static types and
 *      static_strs hold objects of that runtime.
 * EF1 (the C functions of oh_py_def_function) is at struct embedded_fn.
 */
#include "py/py.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const id_names[PY_NIDS] = {
#define PY_ID_NAME(name) #name,
    PY_IDS(PY_ID_NAME)
#undef PY_ID_NAME
};

/* ==========================================================================
 * py_static_str: interned strs of C literals, by the literal's address
 * ========================================================================== */

#define STATIC_STR_SLOTS 512

typedef struct static_str {
    const char *lit;
    oh_object *str;
} static_str;

static static_str static_strs[STATIC_STR_SLOTS];

oh_object *
py_static_str(const char *literal)
{
    size_t h = ((uintptr_t)literal >> 3) * 0x9E3779B97F4A7C15u;
    for (size_t i = 0; i < STATIC_STR_SLOTS; i++) {
        static_str *s = &static_strs[(h + i) & (STATIC_STR_SLOTS - 1)];
        if (s->lit == literal)
            return s->str;
        if (s->lit == NULL) {
            oh_object *str = oh_str_intern_cstr(literal);
            if (str == NULL)
                return NULL;
            s->lit = literal;
            s->str = str;
            return str;
        }
    }
    /* The table is full (more than 512 distinct literals): keep the str
     * alive through the interned set's owner, the caller's use. */
    return py_err_set_string(PY_EXC(SystemError),
                             "py_static_str: too many literals");
}

static void
static_strs_clear(void)
{
    for (size_t i = 0; i < STATIC_STR_SLOTS; i++) {
        if (static_strs[i].str != NULL)
            oh_decref(static_strs[i].str);
        static_strs[i].lit = NULL;
        static_strs[i].str = NULL;
    }
}

/* ==========================================================================
 * Start and stop
 * ========================================================================== */

#define PY_TYPE_PTR(name) PY_T(name),
#define PY_EXC_PTR(name, base) PY_EXC(name),
static py_type *const static_types[] = {
    PY_STATIC_TYPES(PY_TYPE_PTR)
    PY_EXCEPTIONS(PY_EXC_PTR)
};
#undef PY_TYPE_PTR
#undef PY_EXC_PTR

/* Ctrl-C: raised as KeyboardInterrupt at the next step (IN4). */
static void
on_sigint(int sig)
{
    (void)sig;
    if (OHI_RT->py != NULL) {
        OHI_RT->py->interrupted = 1;
        OHI_RT->py->steps_left = 0;
    }
}

/* The runtime the interpreter runs in, or NULL (IN6).  Process-wide:
 * the static types, the literal strs above and the loop's dispatch state
 * hold objects of that runtime. */
static ohi_runtime *py_runtime;

int
py_interp_init(int argc, char **argv)
{
    if (OHI_RT->py != NULL) {
        oh_err_set(OH_ERR_RUNTIME, "the Python interpreter is already "
                   "running");
        return -1;
    }
    ohi_runtime *none = NULL;
    if (!__atomic_compare_exchange_n(&py_runtime, &none, OHI_RT, false,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        oh_err_format(OH_ERR_RUNTIME, "the Python interpreter runs in "
                      "another runtime (%p): one runtime of the process "
                      "at a time may run it", (void *)none);
        return -1;
    }
    py_interp *in = oh_calloc(1, sizeof *in);
    if (in == NULL) {
        __atomic_store_n(&py_runtime, NULL, __ATOMIC_RELEASE);
        oh_err_no_memory();
        return -1;
    }
    OHI_RT->py = in;
    in->saved.gc_enabled = oh_gc_isenabled();
    oh_gc_get_threshold(in->saved.threshold);
    in->saved.gc_debug = oh_gc_get_debug();
    in->saved.frozen = oh_gc_get_freeze_count();
    in->saved.tracing = oh_trace_is_tracing();
    in->saved.max_str_digits = oh_int_get_max_str_digits();
    in->recursion_limit = 1000;
    in->steps_left = PY_STEP_CHUNK;
    in->steps_reserve = -1;
    py_ceval_set_stack_base();
    for (int i = 0; i < PY_NIDS; i++) {
        in->ids[i] = oh_str_intern_cstr(id_names[i]);
        if (in->ids[i] == NULL)
            goto fail;
    }
    if (py_typeobject_init() < 0)
        goto fail;
    /* The types that readying any type makes instances of, first. */
    py_type *const first[] = {
        PY_T(type), PY_T(object), PY_T(method_descr),
        PY_T(classmethod_descr), PY_T(getset_descr), PY_T(member_descr),
        PY_T(wrapper_descr), PY_T(cfunction), PY_T(staticmethod),
    };
    for (size_t i = 0; i < sizeof first / sizeof first[0]; i++)
        if (py_type_ready(first[i]) < 0)
            goto fail;
    for (size_t i = 0; i < sizeof static_types / sizeof static_types[0];
         i++)
        if (py_type_ready(static_types[i]) < 0)
            goto fail;
    in->modules = oh_dict_new();
    if (in->modules == NULL)
        goto fail;
    in->builtins_module = py_module_from_def(&py_module_builtins);
    if (in->builtins_module == NULL)
        goto fail;
    in->builtins = ((py_module *)(void *)in->builtins_module)->dict;
    if (oh_dict_set(in->modules, PY_ID(builtins),
                    in->builtins_module) < 0)
        goto fail;
    if (py_sys_init(argc, argv) < 0)
        goto fail;
    in->main_module = py_module_new(PY_ID(__main__));
    if (in->main_module == NULL)
        goto fail;
    {
        oh_object *d = ((py_module *)(void *)in->main_module)->dict;
        if (oh_dict_set(d, PY_ID(__builtins__), in->builtins_module) < 0
            || oh_dict_set(in->modules, PY_ID(__main__),
                           in->main_module) < 0)
            goto fail;
    }
    OHI_RT->unraisable = py_unraisable_hook;
    return 0;
fail:
    /* Undo what was made, keeping the error that stopped us (fini clears
     * the indicator). */
    {
        ohi_err_state saved;
        ohi_err_save(&saved);
        py_interp_fini();
        ohi_err_restore(&saved);
    }
    return -1;
}

void
py_interp_fini(void)
{
    py_interp *in = OHI_RT->py;
    if (in == NULL)
        return;
    /* weakref.finalize objects marked atexit run first, while every
     * module is still there (CPython runs them as an atexit hook). */
    py_weakref_atexit();
    oh_err_clear();
    /* No tracing while the program's objects go (and the loop's dispatch
     * table is the plain one again for the next interpreter). */
    py_sys_settrace(OH_NONE);
    py_trace_set_hook(PY_TRACE_TOOL, NULL, NULL);
    /* IN5: what the program froze goes with it; tracing it started
     * stops; the teardown's collections free what they find (no
     * DEBUG_SAVEALL into gc.garbage). */
    if (in->saved.frozen == 0 && oh_gc_get_freeze_count() != 0)
        oh_gc_unfreeze();
    (void)oh_gc_set_debug(in->saved.gc_debug);
    if (!in->saved.tracing && oh_trace_is_tracing())
        oh_trace_stop();
    /* Modules first (their dicts hold the program's objects), then a
     * collection for the cycles among them, then our own state. */
    if (in->modules != NULL) {
        oh_object *mods = in->modules;
        in->modules = NULL;
        oh_dict_clear(mods);
        oh_decref(mods);
    }
    OH_CLEAR(in->main_module);
    OH_CLEAR(in->sys);
    OH_CLEAR(in->argv);
    OH_CLEAR(in->path);
    OH_CLEAR(in->exc_info);
    oh_err_clear();
    oh_gc_collect(2);
    if (in->builtins_module != NULL) {
        /* The builtins module's dict references functions that reference
         * the module: clear the dict to break the cycle. */
        oh_dict_clear(in->builtins);
        OH_CLEAR(in->builtins_module);
    }
    in->builtins = NULL;
    oh_gc_collect(2);
    /* What C modules keep outside their dicts, then the static types' own
     * objects (dicts of descriptors, mros, names), newest first: so that
     * an interpreter leaves nothing behind and can be started again. */
    for (size_t i = in->nmade; i-- > 0;)
        in->made_modules[i]->fini();
    oh_gc_collect(2);
    for (size_t i = in->nreadied; i-- > 0;)
        py_type_unready(in->readied[i]);
    oh_free(in->readied);
    oh_free(in->made_modules);
    in->readied = NULL;
    in->made_modules = NULL;
    oh_gc_collect(2);
    OHI_RT->unraisable = NULL;
    static_strs_clear();
    py_source_cache_clear();
    py_frame_stack_fini();
    py_typeobject_fini();
    for (int i = 0; i < PY_NIDS; i++)
        OH_CLEAR(in->ids[i]);
    OHI_RT->py = NULL;
    __atomic_store_n(&py_runtime, NULL, __ATOMIC_RELEASE);     /* IN6 */
    /* IN5: the collector's and ints' settings as they were. */
    if (in->saved.gc_enabled)
        oh_gc_enable();
    else
        oh_gc_disable();
    (void)oh_gc_set_threshold(in->saved.threshold[0], in->saved.threshold[1],
                              in->saved.threshold[2]);
    (void)oh_int_set_max_str_digits(in->saved.max_str_digits);
    oh_err_clear();
    oh_free(in->audit);
    oh_free(in);
    oh_object_clear_freelists();
}

static int need_interp(void);

/* ==========================================================================
 * Steps (IN4)
 * ========================================================================== */

/* Reached when steps_left runs out: every PY_STEP_CHUNK steps, at once
 * after Ctrl-C, and at every step once a step limit is spent.  Hands the
 * next chunk (or what the limit has left of one) to steps_left, this step
 * taking the first of it.  -1 with KeyboardInterrupt for Ctrl-C or a spent
 * limit, else 0. */
int
py_step_slow(py_interp *in)
{
    int64_t chunk = PY_STEP_CHUNK;
    if (in->steps_reserve >= 0) {
        if (in->steps_reserve < chunk)
            chunk = in->steps_reserve;
        in->steps_reserve -= chunk;
    }
    in->steps_left = chunk > 0 ? (sig_atomic_t)(chunk - 1) : 0;
    /* Tested after steps_left is written: a SIGINT from here on sets it
     * to 0 again and is seen at the next step. */
    if (in->interrupted) {
        in->interrupted = 0;
        py_err_set_object(PY_EXC(KeyboardInterrupt), NULL);
        return -1;
    }
    if (chunk == 0) {
        py_err_set_string(PY_EXC(KeyboardInterrupt), "step limit reached");
        return -1;
    }
    return 0;
}

int
oh_py_set_step_limit(int64_t steps)
{
    if (need_interp() < 0)
        return -1;
    py_interp *in = OHI_RT->py;
    if (steps <= 0) {
        in->steps_reserve = -1;
        in->steps_left = PY_STEP_CHUNK;
        return 0;
    }
    int64_t now = steps < PY_STEP_CHUNK ? steps : PY_STEP_CHUNK;
    in->steps_reserve = steps - now;
    in->steps_left = (sig_atomic_t)now;
    return 0;
}

int64_t
oh_py_steps_left(void)
{
    py_interp *in = OHI_RT->py;
    if (in == NULL || in->steps_reserve < 0)
        return -1;
    return in->steps_reserve + (in->steps_left > 0 ? in->steps_left : 0);
}

/* ==========================================================================
 * Audit hooks
 * ========================================================================== */

int
oh_py_add_audit_hook(oh_py_audit_hook hook, void *data)
{
    if (need_interp() < 0)
        return -1;
    py_interp *in = OHI_RT->py;
    if (hook == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_py_add_audit_hook: hook is NULL");
        return -1;
    }
    if (in->naudit == in->audit_cap) {
        size_t cap = in->audit_cap ? in->audit_cap * 2 : 4;
        py_audit_entry *a = oh_realloc(in->audit, cap * sizeof *a);
        if (a == NULL) {
            oh_err_no_memory();
            return -1;
        }
        in->audit = a;
        in->audit_cap = cap;
    }
    in->audit[in->naudit++] = (py_audit_entry){hook, data};
    return 0;
}

int
py_audit(const char *event, size_t nargs, ...)
{
    py_interp *in = OHI_RT->py;
    if (OH_LIKELY(in == NULL || in->naudit == 0))
        return 0;
    oh_object *items[8];
    OH_ASSERT(nargs <= 8);
    va_list ap;
    va_start(ap, nargs);
    for (size_t i = 0; i < nargs && i < 8; i++) {
        oh_object *o = va_arg(ap, oh_object *);
        items[i] = o != NULL ? o : OH_NONE;
    }
    va_end(ap);
    oh_object *args = oh_tuple_from_array(items, nargs < 8 ? nargs : 8);
    if (args == NULL)
        return -1;
    int r = 0;
    /* in->audit is read again each time: a hook may add hooks. */
    for (size_t i = 0; i < in->naudit && r == 0; i++) {
        if (in->audit[i].hook(event, args, in->audit[i].data) < 0) {
            r = -1;
            if (!py_err_occurred())
                py_err_format(PY_EXC(SystemError), "audit hook refused "
                              "'%s' without setting an error", event);
        }
    }
    oh_decref(args);
    return r;
}

/* ==========================================================================
 * Running code
 * ========================================================================== */

/* Compile and run source in module m's namespace.  New reference to the
 * result (None for exec), or NULL. */
static oh_object *
run_source(const char *src, size_t len, const char *filename, int mode,
           oh_object *m)
{
    oh_object *fn = oh_str_from_cstr(filename);
    if (fn == NULL)
        return NULL;
    oh_object *code = py_compile_source(src, len, fn, mode);
    oh_decref(fn);
    if (code == NULL)
        return NULL;
    oh_object *d = ((py_module *)(void *)m)->dict;
    oh_object *r = py_eval_code(code, d, d);
    oh_decref(code);
    return r;
}

/* Raise OSError(e, strerror(e), path): the subclass errno e names, as
 * open() raises. */
static void
raise_os_error(int e, const char *path)
{
    oh_object *args[3] = {oh_int_from_i64(e), oh_str_from_cstr(strerror(e)),
                          oh_str_from_cstr(path)};
    if (args[0] && args[1] && args[2]) {
        oh_object *exc = py_exc_new(PY_EXC(OSError), args, 3);
        if (exc != NULL)
            py_err_raise(exc);
    }
    for (int i = 0; i < 3; i++)
        oh_xdecref(args[i]);
}

/* Read a whole file; NULL with OSError (a directory, say, opens but
 * cannot be read). *len gets its size. */
static char *
read_file(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (f == NULL) {
        raise_os_error(errno, path);
        return NULL;
    }
    size_t cap = 8192, n = 0;
    char *buf = oh_malloc(cap);
    while (buf != NULL) {
        if (n + 4096 > cap) {
            char *nb = oh_realloc(buf, cap * 2);
            if (nb == NULL) {
                oh_free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    int read_error = ferror(f) ? errno : 0;
    if (f != stdin)
        fclose(f);
    if (buf == NULL) {
        py_err_no_memory();
        return NULL;
    }
    if (read_error != 0) {
        oh_free(buf);
        raise_os_error(read_error, path);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* ==========================================================================
 * The embedding API (objheap/py.h)
 *
 * Each public function checks its arguments and that the interpreter
 * runs before it touches anything, so that a caller's mistake is an
 * error, never a crash (the header's promise).  The functions that run
 * code start from a clear error indicator: a record the caller left
 * unread would otherwise look, to the code they run, like an exception
 * raised in it.
 * ========================================================================== */

static int
need_interp(void)
{
    if (OHI_RT->py == NULL) {
        oh_err_set(OH_ERR_RUNTIME, "the Python interpreter is not running "
                   "(oh_py_init)");
        return -1;
    }
    return 0;
}

/* need_interp, for the functions that run code or touch __main__; also
 * a ValueError naming `fn` when `arg`, named `what`, is NULL. */
static int
enter(const char *fn, const void *arg, const char *what)
{
    if (need_interp() < 0)
        return -1;
    if (arg == NULL) {
        oh_err_format(OH_ERR_VALUE, "%s: %s is NULL", fn, what);
        return -1;
    }
    oh_err_clear();
    return 0;
}

static oh_object *
main_dict(void)
{
    return ((py_module *)(void *)OHI_RT->py->main_module)->dict;
}

int
oh_py_init(int argc, char **argv)
{
    static char *no_args[] = {(char *)(uintptr_t)"", NULL};
    if (argc < 0 || (argc > 0 && argv == NULL)) {
        oh_err_set(OH_ERR_VALUE, "oh_py_init: argc < 0, or argv is NULL");
        return -1;
    }
    for (int i = 0; i < argc; i++)
        if (argv[i] == NULL) {
            oh_err_format(OH_ERR_VALUE, "oh_py_init: argv[%d] is NULL", i);
            return -1;
        }
    if (argc == 0)
        return py_interp_init(1, no_args);
    return py_interp_init(argc, argv);
}

int
oh_py_fini(void)
{
    py_interp *in = OHI_RT->py;
    if (in != NULL && (in->frame != NULL || in->c_depth > 0)) {
        oh_err_set(OH_ERR_RUNTIME, "oh_py_fini: Python code is running "
                   "(called from a function that Python called)");
        return -1;
    }
    if (in != NULL) {
        py_interp_fini();
        oh_err_clear();
    }
    return 0;
}

int
oh_py_run_string(const char *source, const char *filename)
{
    if (enter("oh_py_run_string", source, "source") < 0)
        return -1;
    oh_object *r = run_source(source, strlen(source),
                              filename ? filename : "<string>",
                              PY_MODE_EXEC, OHI_RT->py->main_module);
    if (r == NULL)
        return -1;
    oh_decref(r);
    return 0;
}

int
oh_py_run_file(const char *path)
{
    if (enter("oh_py_run_file", path, "path") < 0)
        return -1;
    size_t len;
    char *src = read_file(path, &len);
    if (src == NULL)
        return -1;
    oh_object *fn = oh_str_from_cstr(strcmp(path, "-") ? path : "<stdin>");
    int r = -1;
    if (fn != NULL && oh_dict_set(main_dict(), PY_ID(__file__), fn) == 0) {
        oh_object *res = run_source(src, len, oh_str_utf8(fn, NULL),
                                    PY_MODE_EXEC, OHI_RT->py->main_module);
        if (res != NULL) {
            oh_decref(res);
            r = 0;
        }
    }
    oh_xdecref(fn);
    oh_free(src);
    return r;
}

oh_object *
oh_py_eval(const char *expression)
{
    if (enter("oh_py_eval", expression, "expression") < 0)
        return NULL;
    return run_source(expression, strlen(expression), "<string>",
                      PY_MODE_EVAL, OHI_RT->py->main_module);
}

oh_object *
oh_py_get_global(const char *name)
{
    if (enter("oh_py_get_global", name, "name") < 0)
        return NULL;
    oh_object *key = oh_str_from_cstr(name);
    if (key == NULL)
        return NULL;
    oh_object *v;
    int r = oh_dict_lookup(main_dict(), key, &v);
    if (r == 0)
        py_err_format(PY_EXC(NameError), "name '%U' is not defined", key);
    oh_decref(key);
    if (r <= 0)
        return NULL;
    oh_incref(v);
    return v;
}

int
oh_py_set_global(const char *name, oh_object *value)
{
    if (enter("oh_py_set_global", name, "name") < 0)
        return -1;
    OHI_NOT_NULL(value, -1);
    return oh_dict_set_str(main_dict(), name, value);
}

oh_object *
oh_py_call(oh_object *callable, oh_object *const *args, size_t nargs)
{
    OHI_NOT_NULL(callable, NULL);
    if (enter("oh_py_call", callable, "callable") < 0)
        return NULL;
    OHI_NOT_NULL_ARRAY(args, nargs, NULL);
    return py_call(callable, args, nargs, NULL);
}

/* --------------------------------------------------------------------------
 * C functions called from Python
 *
 * oh_py_def_function makes a built-in function (py_cfunction) whose
 * `self` is an embedded_fn: the program's C function, its data object,
 * and the method definition the built-in function points at.  The
 * built-in function holds its self, so the definition lives exactly as
 * long as the function does, and the data object as long as either.
 *
 *   __main__.name --> builtin_function_or_method --def--.
 *                         |  self                        |
 *                         v                              v
 *                     embedded_fn { def {name, embedded_call},
 *                                   fn, data, name (a str) }
 *
 * EF1. e->def.name points into e->name's text, which the str keeps.
 * -------------------------------------------------------------------------- */

typedef struct embedded_fn {
    OH_OBJECT_HEAD;
    py_method_def def;                  /* EF1 */
    oh_py_cfunction fn;
    oh_object *data;                    /* or NULL */
    oh_object *name;                    /* str */
} embedded_fn;

#define EMBEDDED(o) ((embedded_fn *)(void *)(o))

static int
embedded_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(EMBEDDED(o)->data);
    OH_VISIT(EMBEDDED(o)->name);
    return 0;
}

static void
embedded_clear(oh_object *o)
{
    OH_CLEAR(EMBEDDED(o)->data);
    /* The name stays until the object is freed (EF1: the function object
     * that points at def may outlive a clear during a collection). */
}

static void
embedded_dealloc(oh_object *o)
{
    ohi_gc_untrack(o);
    OH_CLEAR(EMBEDDED(o)->data);
    OH_CLEAR(EMBEDDED(o)->name);
    ohi_object_free(o);
}

/* Its name is the C type's: `add.__self__` in Python shows what it is. */
static py_static_type embedded_fn_static = {.t = {
    PY_TYPE_INIT("oh_py_cfunction", embedded_fn, OH_TYPE_CONTAINER),
    .ot.dealloc = embedded_dealloc,
    .ot.traverse = embedded_traverse,
    .ot.clear = embedded_clear,
}};

static oh_object *
embedded_call(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    embedded_fn *e = EMBEDDED(self);
    if (py_no_kwargs(e->def.name, kwnames) < 0)
        return NULL;
    /* The data may be dropped by the call (a global reassigned): keep
     * it, and the record, until the call returns. */
    oh_incref(self);
    oh_object *r = e->fn(e->data, args, nargs);
    if (r == NULL && !py_err_occurred())
        py_err_format(PY_EXC(SystemError), "%s() returned NULL without "
                      "setting an error", e->def.name);
    else if (r != NULL && py_err_occurred()) {
        oh_decref(r);
        r = NULL;
        py_err_format(PY_EXC(SystemError), "%s() returned a result with "
                      "an error set", e->def.name);
    }
    oh_decref(self);
    return r;
}

int
oh_py_def_function(const char *name, oh_py_cfunction fn, oh_object *data)
{
    if (enter("oh_py_def_function", name, "name") < 0)
        return -1;
    if (fn == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_py_def_function: fn is NULL");
        return -1;
    }
    /* Readied on first use; py_interp_fini unreadies it with the rest. */
    if (py_type_ready(&embedded_fn_static.t) < 0)
        return -1;
    oh_object *str = oh_str_from_cstr(name);
    if (str == NULL)
        return -1;
    oh_object *self = py_alloc_instance(&embedded_fn_static.t, 0);
    if (self == NULL) {
        oh_decref(str);
        return -1;
    }
    embedded_fn *e = EMBEDDED(self);
    e->name = str;
    e->def = (py_method_def){oh_str_utf8(str, NULL), embedded_call, 0,
                             NULL};
    e->fn = fn;
    oh_xincref(data);
    e->data = data;
    oh_object *f = py_cfunction_new(&e->def, self, PY_ID(__main__));
    oh_decref(self);
    if (f == NULL)
        return -1;
    int r = oh_dict_set(main_dict(), str, f);
    oh_decref(f);
    return r;
}

/* --------------------------------------------------------------------------
 * Exceptions
 * -------------------------------------------------------------------------- */

/* The current exception, taken out of the indicator; NULL with the
 * record left as it is when there is none, no interpreter to make one,
 * or no memory for it. */
static oh_object *
take_exception(void)
{
    if (oh_err_occurred() == OH_ERR_NONE || OHI_RT->py == NULL)
        return NULL;
    if (py_err_peek() == NULL)
        return NULL;
    return ohi_err_take_object();
}

oh_object *
oh_py_err_fetch(void)
{
    return take_exception();
}

/* The text py_err_write_exception writes for exc, as a str. */
static oh_object *
format_exception(const char *fn, oh_object *exc, bool traceback)
{
    if (need_interp() < 0)
        return NULL;
    if (exc == NULL)
        return ohi_null_arg(fn);
    if (!py_is_instance(exc, PY_EXC(BaseException)))
        return py_err_format(PY_EXC(TypeError), "%s: expected an "
                             "exception, got %T", fn, exc);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (out == NULL)
        return py_err_no_memory();
    py_err_write_exception(out, exc, traceback);
    /* The stream's buffer comes from the C library's malloc. */
    int failed = ferror(out) | fclose(out);
    oh_object *s = failed ? py_err_no_memory()
                          : oh_str_from_utf8(text, len);
    free(text);
    return s;
}

oh_object *
oh_py_format_exception(oh_object *exc)
{
    return format_exception("oh_py_format_exception", exc, true);
}

oh_object *
oh_py_format_exception_only(oh_object *exc)
{
    return format_exception("oh_py_format_exception_only", exc, false);
}

void
oh_py_print_error(void)
{
    oh_errkind kind = oh_err_occurred();
    if (kind == OH_ERR_NONE)
        return;
    oh_object *exc = take_exception();
    if (exc == NULL) {
        /* Only the library's record: its kind and message. */
        fflush(stdout);
        if (kind == OH_ERR_MEMORY)
            fputs("MemoryError\n", stderr);
        else
            fprintf(stderr, "%s: %s\n", oh_err_kind_name(kind),
                    oh_err_message());
        fflush(stderr);
        oh_err_clear();
        return;
    }
    py_err_print_exception(exc);
    oh_decref(exc);
}

int
oh_py_exit_code(void)
{
    if (OHI_RT->py == NULL || !py_err_matches(PY_EXC(SystemExit)))
        return -1;
    oh_object *exc = py_err_fetch();
    oh_object *d = py_object_get_dict(exc);
    oh_object *code = NULL;
    if (d != NULL)
        oh_dict_lookup(d, PY_ID(code), &code);
    else
        py_err_clear();
    int status = 0;
    if (code == NULL || code == OH_NONE)
        status = 0;
    else if (oh_int_check(code)) {
        int64_t v = 0;
        if (oh_int_as_i64(code, &v) < 0) {
            py_err_clear();
            v = -1;
        }
        status = (int)(v & 0xff);
    }
    else {
        /* sys.exit("message"): printed to stderr, status 1. */
        fflush(stdout);
        oh_object *s = py_str(code);
        if (s != NULL) {
            fprintf(stderr, "%s\n", oh_str_utf8(s, NULL));
            oh_decref(s);
        }
        else
            py_err_clear();
        status = 1;
    }
    oh_decref(exc);
    return status;
}

/* ==========================================================================
 * The command line and the interactive prompt
 * ========================================================================== */

/* An uncaught exception at the top: its exit status. */
static int
handle_uncaught(void)
{
    int code = oh_py_exit_code();
    if (code >= 0)
        return code;
    /* CPython ends a program interrupted by Ctrl-C by the signal itself:
     * its shell sees 128 + SIGINT. */
    bool interrupted = py_err_matches(PY_EXC(KeyboardInterrupt));
    oh_py_print_error();
    return interrupted ? 128 + SIGINT : 1;
}

/* Does the source need more lines?  Yes while the parser says the input
 * ended inside a statement (an open bracket, a block header without its
 * body, a triple-quoted string), and, as CPython's interactive grammar
 * has it (a compound statement ends with NEWLINE, an empty line at the
 * prompt), while a compound statement has not been followed by a blank
 * line.  A simple statement is complete as soon as it parses. */
static bool
needs_more(const char *buf, size_t len, bool last_blank)
{
    py_arena *a = py_arena_new();
    if (a == NULL)
        return false;
    int incomplete = 0;
    oh_object *fn = oh_str_from_cstr("<stdin>");
    py_mod *m = fn ? py_parse(a, buf, len, fn, PY_MODE_SINGLE, &incomplete)
                   : NULL;
    oh_xdecref(fn);
    bool more;
    if (m == NULL) {
        py_err_clear();
        more = incomplete != 0;
    }
    else if (incomplete)
        more = true;
    else {
        bool compound = false;
        for (size_t i = 0; i < m->body->n; i++) {
            const py_stmt *st = m->body->items[i];
            switch (st->kind) {
            case PY_S_FUNCTIONDEF: case PY_S_CLASSDEF: case PY_S_FOR:
            case PY_S_WHILE: case PY_S_IF: case PY_S_WITH: case PY_S_TRY:
                compound = true;
                break;
            default:
                break;
            }
        }
        more = compound && !last_blank;
    }
    py_arena_free(a);
    return more;
}

static int
repl(bool show_banner)
{
    py_interp *in = OHI_RT->py;
    if (show_banner)
        fprintf(stderr, "Python 3.11 (objheap %s) on linux\n"
                "Type \"help\", \"copyright\", \"credits\" or \"license\" "
                "for more information.\n", OH_VERSION_STRING);
    char *line = NULL;                  /* getline's, any length */
    size_t line_cap = 0;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        fputs(len == 0 ? ">>> " : "... ", stderr);
        fflush(stderr);
        ssize_t got = getline(&line, &line_cap, stdin);
        bool eof = got < 0;
        if (eof) {
            /* End of input: CPython ends the prompt's line, runs what it
             * has (an unfinished block is then an error), and stops at
             * the next empty prompt. */
            fputc('\n', stderr);
            if (len == 0)
                break;
        }
        size_t n = eof ? 0 : (size_t)got;
        if (len + n + 2 > cap) {
            size_t ncap = (len + n + 2) * 2;
            char *nb = oh_realloc(buf, ncap);
            if (nb == NULL) {
                fprintf(stderr, "MemoryError\n");
                len = 0;
                continue;
            }
            buf = nb;
            cap = ncap;
        }
        if (n > 0)
            memcpy(buf + len, line, n);
        len += n;
        buf[len] = '\0';
        bool blank = eof || strspn(line, " \t\r\n") == n;
        if (len == 0 || (blank && len == n)) {
            len = 0;
            continue;
        }
        if (!eof && needs_more(buf, len, blank))
            continue;
        oh_object *r = run_source(buf, len, "<stdin>", PY_MODE_SINGLE,
                                  in->main_module);
        len = 0;
        if (r == NULL) {
            int code = oh_py_exit_code();
            if (code >= 0) {
                oh_free(buf);
                free(line);
                return code;
            }
            oh_py_print_error();
        }
        else
            oh_decref(r);
        fflush(stdout);
    }
    oh_free(buf);
    free(line);
    return 0;
}

/* --dis FILE: the bytecode the compiler makes of FILE (a debugging aid
 * for the interpreter's authors). */
static int
disassemble_file(const char *path)
{
    bool started_here = OHI_RT->py == NULL;
    if (started_here && py_interp_init(0, NULL) < 0)
        return 1;
    int status = 0;
    size_t len;
    char *src = read_file(path, &len);
    oh_object *fn = src ? oh_str_from_cstr(path) : NULL;
    oh_object *code = fn ? py_compile_source(src, len, fn, PY_MODE_EXEC)
                         : NULL;
    if (code == NULL) {
        oh_py_print_error();
        status = 1;
    }
    else
        py_code_disassemble((py_code *)(void *)code, stdout);
    oh_xdecref(code);
    oh_xdecref(fn);
    oh_free(src);
    if (started_here)
        py_interp_fini();
    return status;
}

static int
usage(FILE *to, const char *prog)
{
    fprintf(to, "usage: %s [-i] [-c cmd | file | -] [arg] ...\n", prog);
    if (to == stdout)
        fputs("Run a Python 3.11 program on objheap's objects, counts and "
              "collector.\n"
              "  -c cmd   the program is cmd (ends the options; sys.argv[0] "
              "is '-c')\n"
              "  -i       the interactive prompt after the program "
              "(or on its own)\n"
              "  -V       print the Python version and exit\n"
              "  -h       this help\n"
              "  --show-memory=OUT.html\n"
              "           record the program's memory at each line it runs "
              "(frames,\n"
              "           objects with id, count, size, generation, arena, "
              "pool and\n"
              "           block) and write a page that steps through it\n"
              "  --show-memory-lines=N-M\n"
              "           record only the steps at lines N to M\n"
              "  --show-memory=OUT.svg --at-line=N\n"
              "           draw the memory as the program first reaches "
              "line N\n"
              "  file     the program in a file; '-' reads it from "
              "standard input;\n"
              "           none: the interactive prompt (or the program on "
              "standard input\n"
              "           when it is not a terminal)\n"
              "  arg ...  the program's arguments, in sys.argv[1:]\n",
              to);
    else
        fprintf(to, "Try `%s -h' for more information.\n", prog);
    return to == stdout ? 0 : 2;
}

/* The absolute form of a script's path as python3 makes it: the working
 * directory, "/", then the path as written; a malloc'd string, or NULL
 * (the path is used as given) when it is absolute already or the working
 * directory cannot be read. */
static char *
script_path(const char *path)
{
    if (path[0] == '/')
        return NULL;
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd) == NULL)
        return NULL;
    size_t a = strlen(cwd), b = strlen(path);
    char *r = malloc(a + 1 + b + 1);
    if (r == NULL)
        return NULL;
    memcpy(r, cwd, a);
    r[a] = '/';
    memcpy(r + a + 1, path, b + 1);
    return r;
}

int
oh_py_main(int argc, char **argv)
{
    const char *prog = argc > 0 ? argv[0] : "objheap run";
    int i = 1;
    bool interactive = false;
    const char *command = NULL;
    const char *show_memory = NULL;     /* --show-memory=PATH */
    int show_lo = 0, show_hi = 0;       /* --show-memory-lines=N-M */
    int show_at = 0;                    /* --at-line=N */
    while (i < argc && argv[i][0] == '-' && argv[i][1] != '\0') {
        if (strcmp(argv[i], "-c") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "Argument expected for the -c option\n");
                return usage(stderr, prog);
            }
            command = argv[i + 1];
            i++;                        /* argv[i] is now the code */
            break;
        }
        if (strcmp(argv[i], "-i") == 0) {
            interactive = true;
            i++;
            continue;
        }
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return usage(stdout, prog);
        if (strcmp(argv[i], "-V") == 0 || strcmp(argv[i], "--version") == 0) {
            printf("Python 3.11.7 (objheap %s)\n", OH_VERSION_STRING);
            return 0;
        }
        if (strncmp(argv[i], "--show-memory=", 14) == 0) {
            show_memory = argv[i] + 14;
            i++;
            continue;
        }
        if (strncmp(argv[i], "--at-line=", 10) == 0
            || (strcmp(argv[i], "--at-line") == 0 && i + 1 < argc)) {
            const char *v = argv[i][9] == '=' ? argv[i] + 10 : argv[++i];
            char *end;
            long n = strtol(v, &end, 10);
            if (*end != '\0' || n < 1 || n > INT_MAX) {
                fprintf(stderr, "--at-line wants a line number\n");
                return usage(stderr, prog);
            }
            show_at = (int)n;
            i++;
            continue;
        }
        if (strncmp(argv[i], "--show-memory-lines=", 20) == 0) {
            char *end;
            long lo = strtol(argv[i] + 20, &end, 10), hi = lo;
            if (*end == '-')
                hi = strtol(end + 1, &end, 10);
            if (*end != '\0' || lo < 1 || hi < lo || hi > INT_MAX) {
                fprintf(stderr, "--show-memory-lines wants N-M, with "
                        "1 <= N <= M\n");
                return usage(stderr, prog);
            }
            show_lo = (int)lo;
            show_hi = (int)hi;
            i++;
            continue;
        }
        if (strcmp(argv[i], "--dis") == 0 && i + 1 < argc)
            return disassemble_file(argv[i + 1]);
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        fprintf(stderr, "unknown option %s\n", argv[i]);
        return usage(stderr, prog);
    }
    /* sys.argv: the script (or -c, -, ''), then its arguments. */
    int pargc = argc - i;
    char **pargv = argv + i;
    static char dash_c[] = "-c";
    static char empty[] = "";
    char **args = oh_malloc(((size_t)pargc + 2) * sizeof(char *));
    if (args == NULL) {
        fprintf(stderr, "MemoryError\n");
        return 1;
    }
    int nargs = 0;
    if (command != NULL) {
        args[nargs++] = dash_c;
        for (int k = 1; k < pargc; k++)
            args[nargs++] = pargv[k];
    }
    else if (pargc == 0)
        args[nargs++] = empty;
    else
        for (int k = 0; k < pargc; k++)
            args[nargs++] = pargv[k];
    args[nargs] = NULL;
    bool started_here = OHI_RT->py == NULL;
    if (started_here && py_interp_init(nargs, args) < 0) {
        oh_free(args);
        fprintf(stderr, "objheap: cannot start Python: %s\n",
                oh_err_message());
        return 1;
    }
    oh_free(args);
    /* Ctrl-C raises KeyboardInterrupt while the program runs, as in
     * python3; an embedding program's own handler is left alone by
     * oh_py_init and put back here. */
    void (*prev_sigint)(int) = signal(SIGINT, on_sigint);
    int status = 0;
    /* As python3 since 3.9: the script's path made absolute (the working
     * directory joined to it as written, not normalised) is __file__,
     * the code's file name and what errors name. */
    char *script = command == NULL && pargc > 0 && strcmp(pargv[0], "-")
                   ? script_path(pargv[0]) : NULL;
    if (show_memory != NULL
        && py_showmem_start(show_memory,
                            command != NULL ? "<string>"
                            : script != NULL ? script
                            : pargc > 0 ? pargv[0] : "<stdin>",
                            show_lo, show_hi, show_at) < 0) {
        fprintf(stderr, "objheap: %s\n", oh_err_message());
        oh_err_clear();
        show_memory = NULL;
    }
    if (command != NULL) {
        if (oh_py_run_string(command, "<string>") < 0)
            status = handle_uncaught();
    }
    else if (pargc > 0 && strcmp(pargv[0], "-") != 0) {
        const char *name = script != NULL ? script : pargv[0];
        FILE *probe = fopen(pargv[0], "rb");
        if (probe == NULL) {
            /* python3's own words for a script it cannot open. */
            int e = errno;
            fprintf(stderr, "%s: can't open file '%s': [Errno %d] %s\n",
                    prog, name, e, strerror(e));
            status = 2;
        }
        else {
            fclose(probe);
            if (oh_py_run_file(name) < 0)
                status = handle_uncaught();
        }
    }
    else if (interactive || (pargc == 0 && isatty(STDIN_FILENO))) {
        status = repl(isatty(STDIN_FILENO));
        interactive = false;
    }
    else {
        if (oh_py_run_file("-") < 0)
            status = handle_uncaught();
    }
    if (interactive && status == 0)
        status = repl(false);
    if (show_memory != NULL && py_showmem_finish() < 0 && status == 0)
        status = 1;
    free(script);
    fflush(stdout);
    fflush(stderr);
    if (prev_sigint != SIG_ERR)
        signal(SIGINT, prev_sigint);
    if (started_here)
        py_interp_fini();
    return status;
}
