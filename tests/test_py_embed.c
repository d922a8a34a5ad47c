/*
 * test_py_embed.c -- the embedding API of the Python interpreter
 * (include/objheap/py.h, src/py/interp.c).
 *
 * Suites:
 *   lifetime   oh_py_init and oh_py_fini: arguments, twice, again after
 *              fini, and that a stopped interpreter leaves no block.
 *   stopped    every function before oh_py_init: an error, never a crash.
 *   run        source text, files, expressions, __main__'s globals.
 *   call       oh_py_call: Python callables called from C.
 *   cfunc      oh_py_def_function: C functions called from Python.
 *   errors     fetching, formatting and printing exceptions; exit codes.
 *   oom        a whole embedding session (start, define, run, call both
 *              ways, format an exception, stop) with each allocation
 *              failing in turn: every failure is a MemoryError and leaves
 *              no block behind.
 *
 * Criterion runs each test in its own process, so each starts with no
 * interpreter; the suites that need one start it in .init and stop it in
 * .fini.
 */
#include <criterion/criterion.h>
#include <criterion/redirect.h>

#include "testutil.h"

#include <limits.h>
#include <signal.h>

/* ==========================================================================
 * Helpers
 * ========================================================================== */

static void
start(void)
{
    cr_assert_eq(oh_py_init(0, NULL), 0, "oh_py_init: %s", oh_err_message());
}

static void
stop(void)
{
    cr_assert_eq(oh_py_fini(), 0, "oh_py_fini: %s", oh_err_message());
}

/* Run source that must succeed; on failure the test fails with the
 * exception's text. */
static void run_ok(const char *source);

/* The text of the current exception (format_exception_only, or the whole
 * traceback), which is taken out of the indicator.  The buffer is static:
 * valid until the next call. */
static const char *
take_error(int whole)
{
    static char buf[4096];
    oh_object *exc = oh_py_err_fetch();
    if (exc == NULL)
        return oh_err_occurred() ? oh_err_message() : "(no error)";
    oh_object *text = whole ? oh_py_format_exception(exc)
                            : oh_py_format_exception_only(exc);
    oh_decref(exc);
    if (text == NULL)
        return "(format failed)";
    snprintf(buf, sizeof buf, "%s", oh_str_utf8(text, NULL));
    oh_decref(text);
    return buf;
}

static void
run_ok(const char *source)
{
    int rc = oh_py_run_string(source, "<test>");
    cr_assert_eq(rc, 0, "%s\nraised: %s", source, take_error(1));
}

/* The int value of an expression evaluated in __main__. */
static int64_t
eval_i64(const char *expression)
{
    oh_object *v = oh_py_eval(expression);
    cr_assert_not_null(v, "%s: %s", expression, take_error(1));
    int64_t out = 0;
    cr_assert_eq(oh_int_as_i64(v, &out), 0, "%s is not an int", expression);
    oh_decref(v);
    return out;
}

/* 1 if the expression is true in __main__. */
static int
eval_true(const char *expression)
{
    oh_object *v = oh_py_eval(expression);
    cr_assert_not_null(v, "%s: %s", expression, take_error(1));
    int t = oh_is_true(v);
    oh_decref(v);
    return t;
}

/* The current error is `kind` with this message; then it is cleared. */
static void
expect_error(oh_errkind kind, const char *message)
{
    cr_assert_eq(oh_err_occurred(), kind, "expected %s, got %s: %s",
                 oh_err_kind_name(kind),
                 oh_err_kind_name(oh_err_occurred()), oh_err_message());
    cr_assert_str_eq(oh_err_message(), message);
    oh_err_clear();
}

/* A NULL object argument was reported: an error whose message starts by
 * naming the function (its kind is the library's rule for NULL objects);
 * then it is cleared. */
static void
expect_null_reported(const char *fn)
{
    size_t n = strlen(fn);
    const char *msg = oh_err_message();
    cr_assert_neq(oh_err_occurred(), OH_ERR_NONE, "%s: no error", fn);
    cr_assert(strncmp(msg, fn, n) == 0 && msg[n] == ':',
              "%s: the message does not name it: %s", fn, msg);
    oh_err_clear();
}

/* The current exception's last line is `text` (with its '\n'). */
static void
expect_exception(const char *text)
{
    cr_assert_neq(oh_err_occurred(), OH_ERR_NONE, "no error set");
    const char *got = take_error(0);
    cr_assert_str_eq(got, text);
    cr_assert_eq(oh_err_occurred(), OH_ERR_NONE);
}

/* ==========================================================================
 * lifetime
 * ========================================================================== */

Test(lifetime, init_run_fini_leaves_no_block)
{
    size_t base = live_blocks();
    start();
    run_ok("class Node:\n"
           "    def __init__(self, parent):\n"
           "        self.parent = parent\n"
           "        self.children = []\n"
           "root = Node(None)\n"
           "root.children.append(Node(root))\n"
           "squares = {i: i * i for i in range(100)}\n");
    stop();
    cr_assert_eq(live_blocks(), base, "%zd blocks left",
                 (ssize_t)(live_blocks() - base));
}

Test(lifetime, init_again_after_fini)
{
    size_t base = live_blocks();
    for (int round = 0; round < 3; round++) {
        start();
        run_ok("import sys\nx = [n * 2 for n in range(10)]\n");
        cr_assert_eq(eval_i64("sum(x)"), 90);
        /* Nothing of the last round is left in __main__. */
        cr_assert(eval_true("'y' not in globals()"));
        run_ok("y = 1\n");
        stop();
        cr_assert_eq(live_blocks(), base, "round %d left %zd blocks", round,
                     (ssize_t)(live_blocks() - base));
    }
    oh_census *c = oh_census_take();
    cr_assert_not_null(c);
    cr_assert_eq(c->total_count, 0, "live objects after fini");
    oh_census_free(c);
}

Test(lifetime, init_twice_is_an_error)
{
    start();
    cr_assert_eq(oh_py_init(0, NULL), -1);
    expect_error(OH_ERR_RUNTIME, "the Python interpreter is already running");
    /* The running one is untouched. */
    run_ok("x = 1\n");
    stop();
}

Test(lifetime, fini_when_not_running_does_nothing)
{
    cr_assert_eq(oh_py_fini(), 0);
    start();
    stop();
    cr_assert_eq(oh_py_fini(), 0);
}

Test(lifetime, init_bad_arguments)
{
    char *argv[] = {(char *)(uintptr_t)"prog", NULL, NULL};
    cr_assert_eq(oh_py_init(-1, argv), -1);
    expect_error(OH_ERR_VALUE, "oh_py_init: argc < 0, or argv is NULL");
    cr_assert_eq(oh_py_init(1, NULL), -1);
    expect_error(OH_ERR_VALUE, "oh_py_init: argc < 0, or argv is NULL");
    cr_assert_eq(oh_py_init(2, argv), -1);
    expect_error(OH_ERR_VALUE, "oh_py_init: argv[1] is NULL");
    /* None of them started it. */
    cr_assert_eq(oh_py_run_string("x = 1\n", NULL), -1);
    expect_error(OH_ERR_RUNTIME,
                 "the Python interpreter is not running (oh_py_init)");
}

Test(lifetime, argv_becomes_sys_argv)
{
    char *argv[] = {(char *)(uintptr_t)"/opt/app/main.py",
                    (char *)(uintptr_t)"--fast", NULL};
    cr_assert_eq(oh_py_init(2, argv), 0, "%s", oh_err_message());
    run_ok("import sys\n");
    cr_assert(eval_true("sys.argv == ['/opt/app/main.py', '--fast']"));
    cr_assert(eval_true("sys.path[0] == '/opt/app'"));
    stop();
    /* No arguments: sys.argv == [''], as an embedded CPython has. */
    start();
    run_ok("import sys\n");
    cr_assert(eval_true("sys.argv == [''] and sys.path[0] == ''"));
    stop();
}

static void
on_sigint(int sig)
{
}

/* An embedding program keeps its own Ctrl-C: only oh_py_main takes it. */
Test(lifetime, signal_handlers_left_alone)
{
    struct sigaction mine = {.sa_handler = on_sigint}, now;
    cr_assert_eq(sigaction(SIGINT, &mine, NULL), 0);
    start();
    cr_assert_eq(sigaction(SIGINT, NULL, &now), 0);
    cr_assert_eq(now.sa_handler, on_sigint);
    stop();
    cr_assert_eq(sigaction(SIGINT, NULL, &now), 0);
    cr_assert_eq(now.sa_handler, on_sigint);
}

static oh_object *
stop_from_python(oh_object *data, oh_object *const *args, size_t nargs)
{
    if (oh_py_fini() < 0)
        return NULL;
    return oh_str_from_cstr("stopped");
}

Test(lifetime, fini_refused_while_python_runs)
{
    start();
    cr_assert_eq(oh_py_def_function("stop", stop_from_python, NULL), 0);
    run_ok("try:\n"
           "    stop()\n"
           "except RuntimeError as e:\n"
           "    message = str(e)\n");
    cr_assert(eval_true("message.startswith('oh_py_fini: Python code is "
                        "running')"));
    stop();
}

Test(lifetime, library_objects_outlive_fini)
{
    start();
    oh_object *kept = oh_py_eval("[1, 'two', 3.0, (4, b'5'), {'six': 6}]");
    cr_assert_not_null(kept);
    stop();
    cr_assert(repr_is(kept, "[1, 'two', 3.0, (4, b'5'), {'six': 6}]"));
    oh_object *item = oh_list_get(kept, 1);
    cr_assert_str_eq(oh_str_utf8(item, NULL), "two");
    oh_decref(kept);
    cr_assert_eq(live_blocks(), 0);
}

/* ==========================================================================
 * stopped: every function without an interpreter
 * ========================================================================== */

#define NOT_RUNNING "the Python interpreter is not running (oh_py_init)"

static oh_object *
never_called(oh_object *data, oh_object *const *args, size_t nargs)
{
    cr_assert_fail("called without an interpreter");
    return NULL;
}

static void
every_function_refuses(void)
{
    oh_object *one = oh_int_from_i64(1);
    cr_assert_eq(oh_py_run_string("x = 1\n", NULL), -1);
    expect_error(OH_ERR_RUNTIME, NOT_RUNNING);
    cr_assert_eq(oh_py_run_file("/nonexistent/x.py"), -1);
    expect_error(OH_ERR_RUNTIME, NOT_RUNNING);
    cr_assert_null(oh_py_eval("1"));
    expect_error(OH_ERR_RUNTIME, NOT_RUNNING);
    cr_assert_null(oh_py_get_global("x"));
    expect_error(OH_ERR_RUNTIME, NOT_RUNNING);
    cr_assert_eq(oh_py_set_global("x", one), -1);
    expect_error(OH_ERR_RUNTIME, NOT_RUNNING);
    cr_assert_null(oh_py_call(one, NULL, 0));
    expect_error(OH_ERR_RUNTIME, NOT_RUNNING);
    cr_assert_eq(oh_py_def_function("f", never_called, NULL), -1);
    expect_error(OH_ERR_RUNTIME, NOT_RUNNING);
    cr_assert_null(oh_py_format_exception(one));
    expect_error(OH_ERR_RUNTIME, NOT_RUNNING);
    cr_assert_null(oh_py_format_exception_only(one));
    expect_error(OH_ERR_RUNTIME, NOT_RUNNING);
    /* No error to fetch: NULL, nothing set. */
    cr_assert_null(oh_py_err_fetch());
    cr_assert_eq(oh_err_occurred(), OH_ERR_NONE);
    /* An error, but no interpreter to make an exception of it: NULL, and
     * the record stays for oh_err_occurred to read. */
    oh_err_set(OH_ERR_KEY, "'k'");
    cr_assert_null(oh_py_err_fetch());
    cr_assert_eq(oh_py_exit_code(), -1);
    expect_error(OH_ERR_KEY, "'k'");
    cr_assert_eq(oh_py_fini(), 0);
    oh_decref(one);
}

Test(stopped, before_init)
{
    every_function_refuses();
}

Test(stopped, after_fini)
{
    start();
    stop();
    every_function_refuses();
}

Test(stopped, print_error_prints_the_record, .init = cr_redirect_stderr)
{
    oh_err_set(OH_ERR_INDEX, "list index out of range");
    oh_py_print_error();
    cr_assert_eq(oh_err_occurred(), OH_ERR_NONE);
    oh_py_print_error();                /* nothing set: nothing printed */
    fflush(stderr);
    cr_assert_stderr_eq_str("IndexError: list index out of range\n");
}

/* ==========================================================================
 * run: source, files, expressions, globals
 * ========================================================================== */

TestSuite(run, .init = start, .fini = stop);

Test(run, source_defines_globals)
{
    cr_assert_eq(oh_py_run_string("def area(w, h):\n"
                                  "    return w * h\n"
                                  "side = 7\n", NULL), 0);
    cr_assert_eq(eval_i64("area(side, 6)"), 42);
    oh_object *side = oh_py_get_global("side");
    cr_assert_not_null(side);
    int64_t v = 0;
    cr_assert_eq(oh_int_as_i64(side, &v), 0);
    cr_assert_eq(v, 7);
    oh_decref(side);
    /* The builtins are reached from code, not as globals. */
    cr_assert_null(oh_py_get_global("len"));
    expect_exception("NameError: name 'len' is not defined\n");
}

Test(run, syntax_error)
{
    cr_assert_eq(oh_py_run_string("x = 1\ndef f(:\n    pass\n", "cfg.py"),
                 -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_USER);
    cr_assert_str_eq(oh_err_message(), "SyntaxError");
    oh_object *exc = oh_py_err_fetch();
    cr_assert_not_null(exc);
    cr_assert_str_eq(oh_type_name(exc), "SyntaxError");
    oh_object *text = oh_py_format_exception_only(exc);
    cr_assert_str_eq(oh_str_utf8(text, NULL),
                     "  File \"cfg.py\", line 2\n"
                     "    def f(:\n"
                     "          ^\n"
                     "SyntaxError: invalid syntax\n");
    oh_decref(text);
    oh_decref(exc);
    /* Nothing of the source ran. */
    cr_assert_null(oh_py_get_global("x"));
    oh_err_clear();
}

Test(run, exception_with_traceback)
{
    cr_assert_eq(oh_py_run_string("def inverse(x):\n"
                                  "    return 1 / x\n"
                                  "inverse(0)\n", "calc.py"), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_ZERODIV);
    cr_assert_str_eq(take_error(1),
                     "Traceback (most recent call last):\n"
                     "  File \"calc.py\", line 3, in <module>\n"
                     "  File \"calc.py\", line 2, in inverse\n"
                     "ZeroDivisionError: division by zero\n");
    /* What ran before the exception stays. */
    cr_assert(eval_true("callable(inverse)"));
}

Test(run, stale_error_is_discarded)
{
    oh_err_set(OH_ERR_VALUE, "left over from an earlier call");
    run_ok("total = sum(n for n in range(5))\n");
    cr_assert_eq(eval_i64("total"), 10);
}

Test(run, null_arguments)
{
    cr_assert_eq(oh_py_run_string(NULL, "<test>"), -1);
    expect_error(OH_ERR_VALUE, "oh_py_run_string: source is NULL");
    cr_assert_eq(oh_py_run_file(NULL), -1);
    expect_error(OH_ERR_VALUE, "oh_py_run_file: path is NULL");
    cr_assert_null(oh_py_eval(NULL));
    expect_error(OH_ERR_VALUE, "oh_py_eval: expression is NULL");
    cr_assert_null(oh_py_get_global(NULL));
    expect_error(OH_ERR_VALUE, "oh_py_get_global: name is NULL");
    cr_assert_eq(oh_py_set_global(NULL, OH_NONE), -1);
    expect_error(OH_ERR_VALUE, "oh_py_set_global: name is NULL");
    cr_assert_eq(oh_py_set_global("x", NULL), -1);
    expect_null_reported("oh_py_set_global");
}

/* A file under /tmp with the given text; its path is written to path. */
static void
write_temp(char *path, const char *text)
{
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    size_t n = strlen(text);
    cr_assert_eq(write(fd, text, n), (ssize_t)n);
    close(fd);
}

Test(run, file)
{
    char path[] = "/tmp/objheap-embed-XXXXXX";
    write_temp(path, "import sys\n"
                     "def check(limit):\n"
                     "    if limit > 3:\n"
                     "        raise ValueError(f'limit {limit} > 3')\n"
                     "    return limit\n"
                     "here = __file__\n");
    cr_assert_eq(oh_py_run_file(path), 0, "%s", take_error(1));
    oh_object *here = oh_py_get_global("here");
    cr_assert_str_eq(oh_str_utf8(here, NULL), path);
    oh_decref(here);
    /* Tracebacks show the file's lines. */
    cr_assert_null(oh_py_eval("check(5)"));
    char expected[1024];
    snprintf(expected, sizeof expected,
             "Traceback (most recent call last):\n"
             "  File \"<string>\", line 1, in <module>\n"
             "  File \"%s\", line 4, in check\n"
             "    raise ValueError(f'limit {limit} > 3')\n"
             "ValueError: limit 5 > 3\n", path);
    cr_assert_str_eq(take_error(1), expected);
    unlink(path);
}

Test(run, missing_file)
{
    cr_assert_eq(oh_py_run_file("/nonexistent/script.py"), -1);
    oh_object *exc = oh_py_err_fetch();
    cr_assert_not_null(exc);
    oh_object *text = oh_py_format_exception_only(exc);
    cr_assert_str_eq(oh_str_utf8(text, NULL),
                     "FileNotFoundError: [Errno 2] No such file or "
                     "directory: '/nonexistent/script.py'\n");
    oh_decref(text);
    /* It is an OSError, with errno and filename, as open() raises. */
    cr_assert_eq(oh_py_set_global("exc", exc), 0);
    oh_decref(exc);
    cr_assert(eval_true("isinstance(exc, OSError) and exc.errno == 2 and "
                        "exc.filename == '/nonexistent/script.py'"));
    /* A directory opens, but cannot be read. */
    cr_assert_eq(oh_py_run_file("/"), -1);
    expect_exception("IsADirectoryError: [Errno 21] Is a directory: '/'\n");
}

Test(run, eval)
{
    oh_object *v = oh_py_eval("[n * n for n in range(4)]");
    cr_assert(repr_is(v, "[0, 1, 4, 9]"));
    oh_decref(v);
    /* The builtins are in reach. */
    cr_assert_eq(eval_i64("len('four')"), 4);
    /* A statement is not an expression. */
    cr_assert_null(oh_py_eval("x = 1"));
    cr_assert_eq(oh_err_occurred(), OH_ERR_USER);
    expect_exception("  File \"<string>\", line 1\n"
                     "    x = 1\n"
                     "      ^\n"
                     "SyntaxError: invalid syntax\n");
    cr_assert_null(oh_py_eval("undefined_name + 1"));
    expect_exception("NameError: name 'undefined_name' is not defined\n");
}

Test(run, set_global_takes_a_reference)
{
    oh_object *config = oh_dict_new();
    oh_object *port = oh_int_from_i64(8080);
    cr_assert_eq(oh_dict_set_str(config, "port", port), 0);
    oh_decref(port);
    intptr_t before = oh_refcount(config);
    cr_assert_eq(oh_py_set_global("config", config), 0);
    cr_assert_eq(oh_refcount(config), before + 1);
    /* Python sees the very object, and changes it in place. */
    run_ok("config['debug'] = config['port'] != 80\n");
    oh_object *debug = oh_dict_get_str(config, "debug");
    cr_assert_eq(debug, OH_TRUE);
    /* Replacing the global drops its reference. */
    cr_assert_eq(oh_py_set_global("config", OH_NONE), 0);
    cr_assert_eq(oh_refcount(config), before);
    oh_decref(config);
}

/* ==========================================================================
 * call: Python called from C
 * ========================================================================== */

TestSuite(call, .init = start, .fini = stop);

Test(call, python_function_with_objheap_objects)
{
    run_ok("def summarise(items, label):\n"
           "    return {'label': label.upper(), 'count': len(items),\n"
           "            'total': sum(items)}\n");
    oh_object *f = oh_py_get_global("summarise");
    oh_object *items = oh_list_new();
    for (int i = 1; i <= 4; i++) {
        oh_object *n = oh_int_from_i64(i * 10);
        oh_list_append(items, n);
        oh_decref(n);
    }
    oh_object *label = oh_str_from_cstr("sales");
    oh_object *args[2] = {items, label};
    intptr_t items_refs = oh_refcount(items), label_refs = oh_refcount(label);
    oh_object *r = oh_py_call(f, args, 2);
    cr_assert_not_null(r, "%s", take_error(1));
    /* The arguments were borrowed: their counts are as they were. */
    cr_assert_eq(oh_refcount(items), items_refs);
    cr_assert_eq(oh_refcount(label), label_refs);
    cr_assert(repr_is(r, "{'label': 'SALES', 'count': 4, 'total': 100}"));
    /* The result is the library's dict, read with its functions. */
    int64_t total = 0;
    cr_assert_eq(oh_int_as_i64(oh_dict_get_str(r, "total"), &total), 0);
    cr_assert_eq(total, 100);
    cr_assert_eq(oh_refcount(r), 1);
    oh_decref(r);
    oh_decref(label);
    oh_decref(items);
    oh_decref(f);
}

Test(call, any_callable)
{
    run_ok("class Counter:\n"
           "    def __init__(self, start):\n"
           "        self.n = start\n"
           "    def bump(self, by):\n"
           "        self.n += by\n"
           "        return self.n\n"
           "c = Counter(5)\n");
    oh_object *cls = oh_py_get_global("Counter");
    oh_object *five = oh_int_from_i64(5);
    oh_object *inst = oh_py_call(cls, &five, 1);
    cr_assert_not_null(inst);
    cr_assert_str_eq(oh_type_name(inst), "Counter");
    oh_object *bump = oh_py_eval("c.bump");
    oh_object *r = oh_py_call(bump, &five, 1);
    cr_assert(repr_is(r, "10"));
    oh_decref(r);
    /* A built-in, with no arguments (args may be NULL then). */
    oh_object *list = oh_py_eval("list");
    r = oh_py_call(list, NULL, 0);
    cr_assert(repr_is(r, "[]"));
    oh_decref(r);
    oh_decref(list);
    oh_decref(bump);
    oh_decref(inst);
    oh_decref(five);
    oh_decref(cls);
}

Test(call, errors)
{
    run_ok("def pair(a, b):\n"
           "    return (a, b)\n"
           "def fails(x):\n"
           "    raise KeyError(x)\n");
    oh_object *pair = oh_py_get_global("pair");
    oh_object *fails = oh_py_get_global("fails");
    oh_object *one = oh_int_from_i64(1);
    oh_object *three[3] = {one, one, one};
    /* Not callable. */
    cr_assert_null(oh_py_call(one, &one, 1));
    cr_assert_eq(oh_err_occurred(), OH_ERR_TYPE);
    expect_exception("TypeError: 'int' object is not callable\n");
    /* Arguments that do not fit. */
    cr_assert_null(oh_py_call(pair, three, 3));
    expect_exception("TypeError: pair() takes 2 positional arguments but 3 "
                     "were given\n");
    /* What the function raises, with its traceback. */
    cr_assert_null(oh_py_call(fails, &one, 1));
    cr_assert_eq(oh_err_occurred(), OH_ERR_KEY);
    cr_assert_str_eq(take_error(1),
                     "Traceback (most recent call last):\n"
                     "  File \"<test>\", line 4, in fails\n"
                     "KeyError: 1\n");
    /* NULLs. */
    cr_assert_null(oh_py_call(NULL, &one, 1));
    expect_null_reported("oh_py_call");
    cr_assert_null(oh_py_call(pair, NULL, 2));
    expect_null_reported("oh_py_call");
    oh_object *with_null[2] = {one, NULL};
    cr_assert_null(oh_py_call(pair, with_null, 2));
    expect_null_reported("oh_py_call");
    oh_decref(one);
    oh_decref(fails);
    oh_decref(pair);
}

/* ==========================================================================
 * cfunc: C called from Python
 * ========================================================================== */

TestSuite(cfunc, .init = start, .fini = stop);

static oh_object *last_args[4];
static size_t last_nargs;
static oh_object *last_data;

/* scale(x, ...): each argument times data (an int), as a tuple. */
static oh_object *
scale(oh_object *data, oh_object *const *args, size_t nargs)
{
    last_data = data;
    last_nargs = nargs;
    for (size_t i = 0; i < nargs && i < 4; i++)
        last_args[i] = args[i];
    oh_object *out = oh_list_new();
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < nargs; i++) {
        oh_object *v = oh_int_mul(args[i], data);
        if (v == NULL || oh_list_append(out, v) < 0) {
            oh_xdecref(v);
            oh_decref(out);
            return NULL;
        }
        oh_decref(v);
    }
    return out;
}

Test(cfunc, receives_and_returns_objects)
{
    oh_object *factor = oh_int_from_i64(1000);
    intptr_t factor_refs = oh_refcount(factor);
    cr_assert_eq(oh_py_def_function("scale", scale, factor), 0);
    /* The function keeps its data alive. */
    cr_assert_eq(oh_refcount(factor), factor_refs + 1);
    run_ok("a, b = 2, 3\n"
           "r = scale(a, b)\n");
    cr_assert_eq(last_data, factor);
    cr_assert_eq(last_nargs, 2);
    /* The arguments are Python's own objects, borrowed. */
    oh_object *a = oh_py_get_global("a");
    cr_assert_eq(last_args[0], a);
    oh_decref(a);
    cr_assert(eval_true("r == [2000, 3000] and type(r) is list"));
    /* The result was a new reference: the global holds the only one. */
    cr_assert_eq(eval_i64("__import__('sys').getrefcount(r)"), 2);
    /* No arguments. */
    cr_assert(eval_true("scale() == []"));
    cr_assert_eq(last_nargs, 0);
    /* What Python sees. */
    cr_assert(eval_true("scale.__name__ == 'scale' and "
                        "scale.__module__ == '__main__' and "
                        "callable(scale)"));
    /* Passed to Python code as a callback. */
    cr_assert(eval_true("list(map(scale, [1, 2])) == [[1000], [2000]]"));
    /* Redefining drops the old function, and with it its data. */
    cr_assert_eq(oh_py_def_function("scale", scale, NULL), 0);
    cr_assert_eq(oh_refcount(factor), factor_refs);
    oh_decref(factor);
}

Test(cfunc, keywords_are_refused_before_the_call)
{
    oh_object *factor = oh_int_from_i64(2);
    cr_assert_eq(oh_py_def_function("scale", scale, factor), 0);
    oh_decref(factor);
    last_nargs = 99;
    cr_assert_eq(oh_py_run_string("scale(1, by=2)\n", NULL), -1);
    expect_exception("TypeError: scale() takes no keyword arguments\n");
    cr_assert_eq(last_nargs, 99);
}

/* Instances of a class whose deaths are counted: what a careless C
 * function returns along with an error must be dropped, not leaked. */
static int probes_freed;

static void
count_probe(oh_object *self)
{
    probes_freed++;
}

/* Raises the kind its data names: KeyError, a library-only kind,
 * MemoryError, or a C mistake (NULL with no error; a result with an
 * error). */
static oh_object *
raiser(oh_object *data, oh_object *const *args, size_t nargs)
{
    const char *what = oh_str_utf8(data, NULL);
    if (strcmp(what, "key") == 0)
        oh_err_set(OH_ERR_KEY, "no such record");
    else if (strcmp(what, "user") == 0)
        oh_err_set(OH_ERR_USER, "refused by the application");
    else if (strcmp(what, "memory") == 0)
        oh_err_no_memory();
    else if (strcmp(what, "result and error") == 0) {
        oh_object *cls = oh_class_new("Probe", count_probe);
        oh_object *probe = cls ? oh_instance_new(cls) : NULL;
        oh_xdecref(cls);
        oh_err_set(OH_ERR_VALUE, "forgotten");
        return probe;
    }
    return NULL;
}

static void
def_raiser(const char *name, const char *kind)
{
    oh_object *data = oh_str_from_cstr(kind);
    cr_assert_eq(oh_py_def_function(name, raiser, data), 0);
    oh_decref(data);
}

Test(cfunc, errors_become_python_exceptions)
{
    def_raiser("lookup", "key");
    def_raiser("refuse", "user");
    def_raiser("alloc", "memory");
    def_raiser("careless", "nothing");
    def_raiser("confused", "result and error");
    probes_freed = 0;
    run_ok("def catch(f):\n"
           "    try:\n"
           "        f()\n"
           "    except Exception as e:\n"
           "        return f'{type(e).__name__}: {e}'\n"
           "results = [catch(f) for f in\n"
           "           (lookup, refuse, alloc, careless, confused)]\n");
    cr_assert(eval_true("results == ["
                        "\"KeyError: 'no such record'\", "
                        "'RuntimeError: refused by the application', "
                        "'MemoryError: ', "
                        "'SystemError: careless() returned NULL without "
                        "setting an error', "
                        "'SystemError: confused() returned a result with "
                        "an error set']"),
              "%s", take_error(0));
    /* The result returned with an error was dropped, not leaked. */
    cr_assert_eq(probes_freed, 1);
    /* Uncaught, with the Python caller in the traceback. */
    cr_assert_eq(oh_py_run_string("def load():\n"
                                  "    return lookup()\n"
                                  "load()\n", "app.py"), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_KEY);
    cr_assert_str_eq(take_error(1),
                     "Traceback (most recent call last):\n"
                     "  File \"app.py\", line 3, in <module>\n"
                     "  File \"app.py\", line 2, in load\n"
                     "KeyError: 'no such record'\n");
}

/* apply(f, x): calls the Python callable f with x, from C. */
static oh_object *
apply(oh_object *data, oh_object *const *args, size_t nargs)
{
    if (nargs != 2) {
        oh_err_format(OH_ERR_TYPE, "apply() takes 2 arguments (%zu given)",
                      nargs);
        return NULL;
    }
    return oh_py_call(args[0], &args[1], 1);
}

Test(cfunc, calls_back_into_python)
{
    cr_assert_eq(oh_py_def_function("apply", apply, NULL), 0);
    run_ok("def double(x):\n"
           "    return x * 2\n"
           "def check(x):\n"
           "    if x < 0:\n"
           "        raise ValueError('negative')\n"
           "    return x\n");
    cr_assert_eq(eval_i64("apply(double, 21)"), 42);
    /* C -> Python -> C -> Python. */
    oh_object *apply_fn = oh_py_get_global("apply");
    oh_object *args[2];
    args[0] = oh_py_get_global("double");
    args[1] = oh_int_from_i64(4);
    oh_object *r = oh_py_call(apply_fn, args, 2);
    cr_assert(repr_is(r, "8"));
    oh_decref(r);
    oh_decref(args[0]);
    oh_decref(args[1]);
    /* An exception raised by the Python callee crosses the C function
     * unchanged, traceback included, and can be caught in Python. */
    cr_assert_eq(oh_py_run_string("apply(check, -1)\n", "main.py"), -1);
    cr_assert_str_eq(take_error(1),
                     "Traceback (most recent call last):\n"
                     "  File \"main.py\", line 1, in <module>\n"
                     "  File \"<test>\", line 5, in check\n"
                     "ValueError: negative\n");
    run_ok("try:\n"
           "    apply(check, -2)\n"
           "except ValueError as e:\n"
           "    caught = str(e)\n");
    cr_assert(eval_true("caught == 'negative'"));
    /* The C function's own error. */
    cr_assert_null(oh_py_call(apply_fn, args, 1));
    expect_exception("TypeError: apply() takes 2 arguments (1 given)\n");
    oh_decref(apply_fn);
}

Test(cfunc, bad_arguments)
{
    cr_assert_eq(oh_py_def_function(NULL, apply, NULL), -1);
    expect_error(OH_ERR_VALUE, "oh_py_def_function: name is NULL");
    cr_assert_eq(oh_py_def_function("f", NULL, NULL), -1);
    expect_error(OH_ERR_VALUE, "oh_py_def_function: fn is NULL");
    cr_assert_null(oh_py_get_global("f"));
    oh_err_clear();
}

Test(cfunc, data_freed_with_the_interpreter)
{
    /* A data object in a cycle with the function (data holds it). */
    oh_object *registry = oh_list_new();
    cr_assert_eq(oh_py_def_function("register", apply, registry), 0);
    oh_object *f = oh_py_get_global("register");
    cr_assert_eq(oh_list_append(registry, f), 0);
    oh_decref(f);
    oh_decref(registry);
    size_t base = live_blocks();
    cr_assert_gt(base, 0);
    stop();
    cr_assert_eq(live_blocks(), 0, "%zu blocks left", live_blocks());
    start();
}

/* ==========================================================================
 * errors: fetch, format, print, exit codes
 * ========================================================================== */

TestSuite(errors, .init = start, .fini = stop);

Test(errors, fetch_takes_the_exception)
{
    cr_assert_null(oh_py_err_fetch());
    cr_assert_eq(oh_py_run_string("raise LookupError('gone')\n", NULL), -1);
    oh_object *exc = oh_py_err_fetch();
    cr_assert_not_null(exc);
    cr_assert_eq(oh_err_occurred(), OH_ERR_NONE);
    cr_assert_str_eq(oh_type_name(exc), "LookupError");
    cr_assert(repr_is(exc, "LookupError('gone')"));
    oh_decref(exc);
}

Test(errors, fetch_makes_library_errors_exceptions)
{
    oh_object *list = oh_list_new();
    cr_assert_null(oh_list_get(list, 3));
    oh_object *exc = oh_py_err_fetch();
    cr_assert_not_null(exc);
    cr_assert(repr_is(exc, "IndexError('list index out of range')"));
    oh_decref(exc);
    oh_decref(list);
}

Test(errors, format_exception_with_chain)
{
    cr_assert_eq(oh_py_run_string("def parse(s):\n"
                                  "    try:\n"
                                  "        return int(s)\n"
                                  "    except ValueError as e:\n"
                                  "        raise RuntimeError('bad config') "
                                  "from e\n"
                                  "parse('x')\n", "cfg.py"), -1);
    oh_object *exc = oh_py_err_fetch();
    oh_object *whole = oh_py_format_exception(exc);
    oh_object *only = oh_py_format_exception_only(exc);
    cr_assert_str_eq(oh_str_utf8(whole, NULL),
                     "Traceback (most recent call last):\n"
                     "  File \"cfg.py\", line 3, in parse\n"
                     "ValueError: invalid literal for int() with base 10: "
                     "'x'\n"
                     "\n"
                     "The above exception was the direct cause of the "
                     "following exception:\n"
                     "\n"
                     "Traceback (most recent call last):\n"
                     "  File \"cfg.py\", line 6, in <module>\n"
                     "  File \"cfg.py\", line 5, in parse\n"
                     "RuntimeError: bad config\n");
    cr_assert_str_eq(oh_str_utf8(only, NULL), "RuntimeError: bad config\n");
    oh_decref(only);
    oh_decref(whole);
    oh_decref(exc);
}

Test(errors, format_bad_arguments)
{
    cr_assert_null(oh_py_format_exception(NULL));
    expect_null_reported("oh_py_format_exception");
    cr_assert_null(oh_py_format_exception_only(NULL));
    expect_null_reported("oh_py_format_exception_only");
    oh_object *s = oh_str_from_cstr("not an exception");
    cr_assert_null(oh_py_format_exception(s));
    expect_exception("TypeError: oh_py_format_exception: expected an "
                     "exception, got str\n");
    oh_decref(s);
    /* An exception that was never raised has no traceback. */
    oh_object *e = oh_py_eval("KeyError('k')");
    oh_object *text = oh_py_format_exception(e);
    cr_assert_str_eq(oh_str_utf8(text, NULL), "KeyError: 'k'\n");
    oh_decref(text);
    oh_decref(e);
}

Test(errors, print_error)
{
    cr_redirect_stderr();
    cr_assert_eq(oh_py_run_string("def f():\n"
                                  "    return {}['missing']\n"
                                  "f()\n", "prog.py"), -1);
    oh_py_print_error();
    cr_assert_eq(oh_err_occurred(), OH_ERR_NONE);
    oh_py_print_error();
    fflush(stderr);
    cr_assert_stderr_eq_str("Traceback (most recent call last):\n"
                            "  File \"prog.py\", line 3, in <module>\n"
                            "  File \"prog.py\", line 2, in f\n"
                            "KeyError: 'missing'\n");
}

/* With no memory to make the exception object: fetch leaves the record,
 * print_error prints it plainly. */
Test(errors, without_memory_for_the_exception)
{
    cr_redirect_stderr();
    oh_alloc_set_fail(1, 1);
    oh_err_set(OH_ERR_KEY, "'sku'");
    cr_assert_null(oh_py_err_fetch());
    cr_assert_eq(oh_err_occurred(), OH_ERR_KEY);
    oh_py_print_error();
    cr_assert_eq(oh_err_occurred(), OH_ERR_NONE);
    oh_err_no_memory();
    oh_py_print_error();
    oh_alloc_set_fail(0, 0);
    fflush(stderr);
    cr_assert_stderr_eq_str("KeyError: 'sku'\nMemoryError\n");
}

Test(errors, exit_code)
{
    cr_redirect_stderr();
    cr_assert_eq(oh_py_run_string("raise SystemExit(3)\n", NULL), -1);
    cr_assert_eq(oh_py_exit_code(), 3);
    cr_assert_eq(oh_err_occurred(), OH_ERR_NONE);
    cr_assert_eq(oh_py_run_string("import sys\nsys.exit()\n", NULL), -1);
    cr_assert_eq(oh_py_exit_code(), 0);
    cr_assert_eq(oh_py_run_string("import sys\nsys.exit('bye')\n", NULL),
                 -1);
    cr_assert_eq(oh_py_exit_code(), 1);
    /* Not a SystemExit: -1, and the error stays. */
    cr_assert_eq(oh_py_run_string("1 / 0\n", NULL), -1);
    cr_assert_eq(oh_py_exit_code(), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_ZERODIV);
    oh_err_clear();
    cr_assert_eq(oh_py_exit_code(), -1);
    fflush(stderr);
    cr_assert_stderr_eq_str("bye\n");
}

/* ==========================================================================
 * oom: a whole session with each allocation failing in turn
 * ========================================================================== */

/* total(items): the sum of a list of ints, computed in C by calling the
 * Python function `weight` on each. */
static oh_object *
c_total(oh_object *data, oh_object *const *args, size_t nargs)
{
    if (nargs != 1 || !oh_list_check(args[0])) {
        oh_err_set(OH_ERR_TYPE, "total() takes a list");
        return NULL;
    }
    oh_object *weight = oh_py_get_global("weight");
    if (weight == NULL)
        return NULL;
    oh_object *sum = oh_int_from_i64(0);
    for (int64_t i = 0; sum != NULL && i < oh_list_size(args[0]); i++) {
        oh_object *item = oh_list_get(args[0], i);
        oh_object *w = oh_py_call(weight, &item, 1);
        oh_object *next = w ? oh_int_add(sum, w) : NULL;
        oh_xdecref(w);
        oh_decref(sum);
        sum = next;
    }
    oh_decref(weight);
    return sum;
}

#define CHECK(expr)                                                         \
    do {                                                                    \
        if (!(expr))                                                        \
            goto done;                                                      \
    } while (0)

/* What a program embedding the interpreter does, start to stop.  0, or
 * -1 with *kind the error that stopped it. */
static int
session(oh_errkind *kind)
{
    int rc = -1;
    oh_object *f = NULL, *items = NULL, *n = NULL, *r = NULL, *exc = NULL;
    oh_object *text = NULL;
    *kind = OH_ERR_NONE;
    if (oh_py_init(0, NULL) < 0) {
        *kind = oh_err_occurred();
        oh_err_clear();
        return -1;
    }
    CHECK(oh_py_def_function("total", c_total, NULL) == 0);
    CHECK(oh_py_run_string("class Item:\n"
                           "    def __init__(self, name, price):\n"
                           "        self.name, self.price = name, price\n"
                           "def weight(x):\n"
                           "    return x * 2 + 1\n"
                           "def report(items, label):\n"
                           "    t = total(items)\n"
                           "    names = [str(i) for i in items]\n"
                           "    return f'{label}: {t} ({\", \".join(names)})'\n"
                           "stock = {n: Item(f'item{n}', n * 1.5)\n"
                           "         for n in range(20)}\n", "<oom>") == 0);
    CHECK(f = oh_py_get_global("report"));
    CHECK(items = oh_list_new());
    for (int i = 0; i < 12; i++) {
        CHECK(n = oh_int_from_i64(i * 1000));
        CHECK(oh_list_append(items, n) == 0);
        oh_decref(n);
        n = NULL;
    }
    CHECK(n = oh_str_from_cstr("stock"));
    oh_object *args[2] = {items, n};
    CHECK(r = oh_py_call(f, args, 2));
    CHECK(oh_py_set_global("last_report", r) == 0);
    oh_decref(r);
    CHECK(r = oh_py_eval("len(last_report) + len(stock)"));
    /* An error on purpose, fetched and formatted. */
    if (oh_py_run_string("report([1, 'two'], 'bad')\n", "<oom>") == 0)
        goto done;
    CHECK(oh_err_occurred() != OH_ERR_MEMORY);
    CHECK(exc = oh_py_err_fetch());
    CHECK(text = oh_py_format_exception(exc));
    rc = 0;
done:
    if (rc < 0)
        *kind = oh_err_occurred();
    oh_xdecref(text);
    oh_xdecref(exc);
    oh_xdecref(r);
    oh_xdecref(n);
    oh_xdecref(items);
    oh_xdecref(f);
    oh_py_fini();
    return rc;
}

static void
session_fails_cleanly(int every)
{
    size_t base = live_blocks();
    oh_errkind kind;
    oh_alloc_set_fail(ULONG_MAX, 0);
    int rc = session(&kind);
    unsigned long total = oh_alloc_fail_counter();
    oh_alloc_set_fail(0, 0);
    cr_assert_eq(rc, 0, "the session succeeds with memory enough: %s",
                 oh_err_kind_name(kind));
    cr_assert_eq(live_blocks(), base);
    cr_assert_gt(total, 1000, "a session worth the name (%lu)", total);
    unsigned long failed = 0;
    for (unsigned long n = 1; n <= total; n++) {
        oh_alloc_set_fail(n, every);
        rc = session(&kind);
        oh_alloc_set_fail(0, 0);
        if (rc < 0) {
            failed++;
            cr_assert_eq(kind, OH_ERR_MEMORY, "allocation %lu failing: %s",
                         n, oh_err_kind_name(kind));
        }
        cr_assert_eq(oh_err_occurred(), OH_ERR_NONE);
        cr_assert_eq(live_blocks(), base, "allocation %lu failing leaked "
                     "%zd blocks", n, (ssize_t)(live_blocks() - base));
    }
    /* Most failures stop the session; a few are absorbed on the way (a
     * cache that is only an optimisation), and the session succeeds. */
    cr_assert_gt(failed, total / 2, "%lu of %lu", failed, total);
}

Test(oom, nth_allocation_fails, .timeout = 600)
{
    session_fails_cleanly(0);
}

Test(oom, nth_and_all_later_allocations_fail, .timeout = 600)
{
    session_fails_cleanly(1);
}
