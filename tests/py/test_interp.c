/*
 * test_interp.c -- the embedding API's controls for untrusted code
 * (src/py/interp.c): the step limit (oh_py_set_step_limit, IN4 in
 * src/py/py.h) and audit hooks (oh_py_add_audit_hook).  Each Criterion
 * test runs in its own process and starts its own interpreter.
 */
#include "internal.h"
#include "py/py.h"

#include <criterion/criterion.h>

#include <string.h>

static void
start(void)
{
    cr_assert_eq(oh_py_init(0, NULL), 0);
}

/* Run src; the kind of the error it ends with (OH_ERR_NONE if none), and
 * the exception's type name in *name (when it has one). */
static oh_errkind
run(const char *src, char *name, size_t size)
{
    if (name != NULL)
        name[0] = '\0';
    if (oh_py_run_string(src, "<test>") == 0)
        return OH_ERR_NONE;
    oh_errkind k = oh_err_occurred();
    oh_object *exc = oh_py_err_fetch();
    if (exc != NULL && name != NULL)
        snprintf(name, size, "%s", oh_type_name(exc));
    oh_xdecref(exc);
    oh_err_clear();
    return k;
}

static int64_t
global_int(const char *name)
{
    oh_object *v = oh_py_get_global(name);
    cr_assert_not_null(v, "no global %s", name);
    int64_t i = 0;
    cr_assert_eq(oh_int_as_i64(v, &i), 0);
    oh_decref(v);
    return i;
}

/* --- the step limit ------------------------------------------------------ */

Test(steps, no_limit_by_default)
{
    start();
    cr_assert_eq(oh_py_steps_left(), -1);
    cr_assert_eq(run("n = 0\nwhile n < 200000:\n    n += 1\n", NULL, 0),
                 OH_ERR_NONE);
    cr_assert_eq(oh_py_steps_left(), -1);
    oh_py_fini();
}

Test(steps, a_loop_counts_one_step_per_iteration)
{
    start();
    cr_assert_eq(oh_py_set_step_limit(1000), 0);
    cr_assert_eq(oh_py_steps_left(), 1000);
    cr_assert_eq(run("n = 0\nwhile n < 300:\n    n += 1\n", NULL, 0),
                 OH_ERR_NONE);
    cr_assert_eq(oh_py_steps_left(), 700);
    cr_assert_eq(run("for i in range(100): pass\n", NULL, 0), OH_ERR_NONE);
    cr_assert_eq(oh_py_steps_left(), 600);
    oh_py_fini();
}

Test(steps, an_endless_loop_ends)
{
    start();
    char name[64];
    cr_assert_eq(oh_py_set_step_limit(100000), 0);
    cr_assert_neq(run("while True: pass\n", name, sizeof name),
                  OH_ERR_NONE);
    cr_assert_str_eq(name, "KeyboardInterrupt");
    cr_assert_eq(oh_py_steps_left(), 0);
    /* Spent: every step from now on fails, even in a new program. */
    cr_assert_neq(run("for i in range(2): pass\n", name, sizeof name),
                  OH_ERR_NONE);
    cr_assert_str_eq(name, "KeyboardInterrupt");
    /* A program with no step in it still runs. */
    cr_assert_eq(run("x = 1 + 2\n", NULL, 0), OH_ERR_NONE);
    oh_py_set_step_limit(0);
    cr_assert_eq(oh_py_steps_left(), -1);
    cr_assert_eq(run("for i in range(100000): pass\n", NULL, 0),
                 OH_ERR_NONE);
    oh_py_fini();
}

Test(steps, a_program_cannot_swallow_it)
{
    start();
    char name[64];
    cr_assert_eq(oh_py_set_step_limit(50000), 0);
    /* except Exception does not catch it; a bare except does, once, and
     * the loop around it meets it again at its next iteration. */
    cr_assert_neq(run("caught = 0\n"
                      "while True:\n"
                      "    try:\n"
                      "        while True: pass\n"
                      "    except Exception:\n"
                      "        caught = -1000\n"
                      "    except:\n"
                      "        caught += 1\n", name, sizeof name),
                  OH_ERR_NONE);
    cr_assert_str_eq(name, "KeyboardInterrupt");
    cr_assert_eq(global_int("caught"), 1);
    oh_py_fini();
}

Test(steps, recursion_without_loops_ends)
{
    start();
    char name[64];
    cr_assert_eq(oh_py_set_step_limit(200000), 0);
    /* 2^100000 calls, none of them a loop's. */
    cr_assert_neq(run("import sys\n"
                      "sys.setrecursionlimit(100000)\n"
                      "def f():\n"
                      "    try:\n"
                      "        f()\n"
                      "    except BaseException:\n"
                      "        f()\n"
                      "f()\n", name, sizeof name),
                  OH_ERR_NONE);
    cr_assert_str_eq(name, "KeyboardInterrupt");
    oh_py_fini();
}

Test(steps, built_ins_iterating_without_end)
{
    start();
    char name[64];
    const char *programs[] = {
        "import itertools\nsum(itertools.repeat(1))\n",
        "import itertools\nany(itertools.repeat(0))\n",
        "import itertools\n5 in itertools.cycle([1, 2])\n",
    };
    for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++) {
        cr_assert_eq(oh_py_set_step_limit(100000), 0);
        cr_assert_neq(run(programs[i], name, sizeof name), OH_ERR_NONE,
                      "%s", programs[i]);
        cr_assert_str_eq(name, "KeyboardInterrupt", "%s", programs[i]);
    }
    oh_py_fini();
}

Test(steps, needs_an_interpreter)
{
    cr_assert_eq(oh_py_set_step_limit(10), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_RUNTIME);
    oh_err_clear();
    cr_assert_eq(oh_py_steps_left(), -1);
}

/* --- audit hooks ------------------------------------------------------- */

typedef struct seen {
    char events[16][32];
    int n;
    int refuse_open;
} seen;

static int
record(const char *event, oh_object *args, void *data)
{
    seen *s = data;
    cr_assert(oh_tuple_check(args));
    if (s->n < 16)
        snprintf(s->events[s->n++], sizeof s->events[0], "%s/%lld", event,
                 (long long)oh_tuple_size(args));
    if (s->refuse_open && strcmp(event, "open") == 0) {
        oh_err_set(OH_ERR_RUNTIME, "no files here");
        return -1;
    }
    return 0;
}

Test(audit, events_with_their_arguments)
{
    start();
    seen s = {.refuse_open = 1};
    cr_assert_eq(oh_py_add_audit_hook(record, &s), 0);
    char name[64];
    cr_assert_neq(run("open('/etc/hostname')\n", name, sizeof name),
                  OH_ERR_NONE);
    cr_assert_str_eq(name, "RuntimeError");
    cr_assert_eq(s.n, 1);
    cr_assert_str_eq(s.events[0], "open/3");
    cr_assert_eq(run("import math\nimport math\n", NULL, 0), OH_ERR_NONE);
    cr_assert_eq(s.n, 2, "once: the second import is sys.modules'");
    cr_assert_str_eq(s.events[1], "import/5");
    cr_assert_eq(run("import time\ntime.sleep(0)\n", NULL, 0), OH_ERR_NONE);
    cr_assert_str_eq(s.events[s.n - 1], "time.sleep/1");
    oh_py_fini();
}

Test(audit, hooks_run_in_order_until_one_refuses)
{
    start();
    seen a = {.refuse_open = 1}, b = {0};
    cr_assert_eq(oh_py_add_audit_hook(record, &a), 0);
    cr_assert_eq(oh_py_add_audit_hook(record, &b), 0);
    cr_assert_eq(run("import gc\n", NULL, 0), OH_ERR_NONE);
    cr_assert_eq(a.n, 1);
    cr_assert_eq(b.n, 1);
    cr_assert_neq(run("open('x', 'w')\n", NULL, 0), OH_ERR_NONE);
    cr_assert_eq(a.n, 2);
    cr_assert_eq(b.n, 1, "the second hook is not asked after a refusal");
    oh_py_fini();
    /* A new interpreter starts with none. */
    start();
    cr_assert_eq(run("import gc\n", NULL, 0), OH_ERR_NONE);
    cr_assert_eq(a.n, 2);
    oh_py_fini();
}

Test(audit, needs_an_interpreter_and_a_hook)
{
    cr_assert_eq(oh_py_add_audit_hook(record, NULL), -1);
    oh_err_clear();
    start();
    cr_assert_eq(oh_py_add_audit_hook(NULL, NULL), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_VALUE);
    oh_err_clear();
    oh_py_fini();
}

/* --- the runtime's settings outlive no interpreter (IN5) ------------------ */

Test(settings, a_program_leaves_the_runtime_as_it_found_it)
{
    int64_t before[OH_GC_GENERATIONS];
    oh_gc_get_threshold(before);
    start();
    cr_assert_eq(run("import gc, sys, tracemalloc\n"
                     "gc.disable()\n"
                     "gc.set_threshold(5, 6, 7)\n"
                     "gc.set_debug(gc.DEBUG_SAVEALL)\n"
                     "sys.set_int_max_str_digits(1000)\n"
                     "keep = [[i] for i in range(10)]\n"
                     "gc.freeze()\n"
                     "tracemalloc.start()\n", NULL, 0), OH_ERR_NONE);
    cr_assert_eq(oh_gc_isenabled(), 0);
    cr_assert_neq(oh_gc_get_freeze_count(), 0);
    cr_assert(oh_trace_is_tracing());
    oh_py_fini();
    int64_t after[OH_GC_GENERATIONS];
    oh_gc_get_threshold(after);
    cr_assert_eq(oh_gc_isenabled(), 1);
    cr_assert_eq(memcmp(before, after, sizeof before), 0);
    cr_assert_eq(oh_gc_get_debug(), 0u);
    cr_assert_eq(oh_gc_get_freeze_count(), 0);
    cr_assert(!oh_trace_is_tracing());
    cr_assert_eq(oh_int_get_max_str_digits(), 4300);
    size_t live = oh_leak_report(NULL);
    if (live != 0)
        oh_leak_report(stderr);
    cr_assert_eq(live, 0u, "nothing the program made lives");
}
