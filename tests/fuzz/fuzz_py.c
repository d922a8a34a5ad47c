/*
 * fuzz_py.c -- a coverage-guided fuzzer for the Python interpreter: the
 * lexer, parser, compiler and interpreter loop, and every built-in a
 * program reaches.
 *
 * The input is Python source text, run as the body of __main__ in an
 * interpreter started for it and stopped after it:
 *
 *   py_interp_init; sandbox; limits on; compile "<fuzz>" (exec); run;
 *   clear the error; limits off; py_interp_fini; checks
 *
 * An input may start with the line "#fail N" (N a decimal number): the
 * Nth allocation after start-up fails (oh_alloc_set_fail), so the
 * interpreter's MemoryError paths are fuzzed too; "#fail N+" makes that
 * one and every later allocation fail until the program ends.
 *
 * Limits (so that no input hangs or takes the machine's memory)
 * ------------------------------------------------------------
 * - Steps: oh_py_set_step_limit(STEP_LIMIT).  Each backward jump, each
 *   Python call and each item a built-in takes from an iterator is a
 *   step; once they are spent every further step raises
 *   KeyboardInterrupt, so `while True: pass`, exponential recursion
 *   through except clauses, and sum(itertools.repeat(1)) all end.
 * - Memory: oh_alloc_set_limit(MEMORY_LIMIT) while the program runs:
 *   [0] * 10**9, 'x' * 2**40 and a list that grows for ever end in
 *   MemoryError.  The limit is lifted before the interpreter stops, so
 *   that shutdown is never refused memory (it is its own question:
 *   tests/py/oom).
 * - Recursion: Python calls do not recurse in C (ceval.c, EV1), and C
 *   recursion into Python stops at the C stack limit (EV3): deep
 *   recursion is RecursionError, and the sanitizers report a stack
 *   overflow as a crash.
 *
 * The sandbox (nothing a program does reaches the file system or the
 * terminal)
 * -----------------------------------------------------------------------
 * - An audit hook (oh_py_add_audit_hook) refuses "open" with
 *   PermissionError: open() of any path, and reading the source of a
 *   module to import or of a traceback's line.  Imports of built-in and
 *   library modules work; sys.path starts empty, so an import looks at
 *   no directory unless the program adds one, and then cannot read what
 *   it finds.
 * - It refuses "time.sleep" (RuntimeError): a program cannot wait.
 * - The C library's stdin, stdout and stderr are /dev/null while the
 *   input runs (the FILE pointers are swapped; file descriptors 0-2 are
 *   untouched, so libFuzzer's and the sanitizers' reports still reach
 *   the terminal).  sys.stdin, sys.stdout and sys.stderr are made over
 *   them, so print() costs what formatting costs and writes nowhere,
 *   input() and sys.stdin.read() see end of file at once, and tracebacks
 *   printed by the unraisable hook and sys.excepthook are formatted in
 *   full and thrown away.  Set FUZZ_PY_TRACE=1 to keep the real streams
 *   and print the uncaught exception: that is how to read a finding.
 * - sys.exit() and exit() raise SystemExit, which is cleared like any
 *   other exception: it never ends the process.
 *
 * Checks (each violation is ohi_fatal, so libFuzzer keeps the input)
 * ------------------------------------------------------------------
 *   P1. Nothing crashes, and ASan, UBSan and LeakSanitizer report
 *       nothing (the C library's blocks: libFuzzer's leak check).
 *   P2. After py_interp_fini no object is alive (the census, as
 *       OBJHEAP_REPORT=fail counts them), and the pool blocks and huge
 *       blocks in use are what they were before py_interp_init: an
 *       interpreter leaves nothing behind.
 *   P3. No error is left set after the interpreter stopped.
 *   P4. The runtime's settings a program can change (gc enabled,
 *       thresholds and debug flags, frozen objects, tracing, the int
 *       digit limit) are back to what they were: the next interpreter
 *       starts as this one did.
 *
 * Built two ways, like fuzz_alloc.c: with clang -fsanitize=fuzzer for
 * `make fuzz`, and with the test build's compiler and tests/fuzz/replay.c
 * for `make test`, which replays tests/fuzz/corpus/py/.  The seed corpus
 * holds small programs from tests/py/cases and the reproducers of what
 * the fuzzer found (docs/RELIABILITY.md, "The Python fuzzer");
 * tests/fuzz/py.dict gives libFuzzer Python's keywords and operators.
 */
#include "internal.h"
#include "py/py.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A runaway loop costs about 50 ms under ASan at this many steps, and
 * no program of the seed corpus needs more than a tenth of it. */
#define STEP_LIMIT 200000
/* Room for lists of millions of items and strs of tens of MB, small
 * enough that ASan's shadow and quarantine stay well under libFuzzer's
 * -rss_limit_mb. */
#define MEMORY_LIMIT ((size_t)64 << 20)

static FILE *null_in, *null_out;
static bool trace;

/* The runtime settings P4 compares. */
typedef struct settings {
    int gc_enabled;
    int64_t threshold[OH_GC_GENERATIONS];
    unsigned gc_debug;
    int64_t frozen;
    int tracing;
    int64_t max_str_digits;
} settings;

static void
settings_read(settings *s)
{
    memset(s, 0, sizeof *s);
    s->gc_enabled = oh_gc_isenabled();
    oh_gc_get_threshold(s->threshold);
    s->gc_debug = oh_gc_get_debug();
    s->frozen = oh_gc_get_freeze_count();
    s->tracing = oh_trace_is_tracing();
    s->max_str_digits = oh_int_get_max_str_digits();
}

static void
settings_check(const settings *before)
{
    settings now;
    settings_read(&now);
    if (memcmp(&now, before, sizeof now) != 0)
        ohi_fatal("fuzz_py: the runtime's settings changed across an "
                  "interpreter: gc enabled %d -> %d, thresholds %lld/%lld/"
                  "%lld -> %lld/%lld/%lld, debug %u -> %u, frozen %lld -> "
                  "%lld, tracing %d -> %d, int digits %lld -> %lld",
                  before->gc_enabled, now.gc_enabled,
                  (long long)before->threshold[0],
                  (long long)before->threshold[1],
                  (long long)before->threshold[2],
                  (long long)now.threshold[0], (long long)now.threshold[1],
                  (long long)now.threshold[2], before->gc_debug,
                  now.gc_debug, (long long)before->frozen,
                  (long long)now.frozen, before->tracing, now.tracing,
                  (long long)before->max_str_digits,
                  (long long)now.max_str_digits);
}

/* The sandbox's audit hook: no files, no sleeping. */
static int
audit(const char *event, oh_object *args, void *data)
{
    (void)args;
    (void)data;
    if (strcmp(event, "open") == 0) {
        py_err_set_string(PY_EXC(PermissionError), "fuzz_py: no files");
        return -1;
    }
    if (strcmp(event, "time.sleep") == 0) {
        py_err_set_string(PY_EXC(RuntimeError), "fuzz_py: no sleeping");
        return -1;
    }
    return 0;
}

/* "#fail N" or "#fail N+" on the first line: 0 (none), or N with
 * *every set for the "+" form. */
static unsigned long
fail_directive(const uint8_t *in, size_t len, int *every)
{
    static const char tag[] = "#fail ";
    size_t n = sizeof tag - 1, i = n;
    *every = 0;
    if (len <= n || memcmp(in, tag, n) != 0)
        return 0;
    unsigned long v = 0;
    while (i < len && in[i] >= '0' && in[i] <= '9' && v < 100000000)
        v = v * 10 + (unsigned long)(in[i++] - '0');
    if (i < len && in[i] == '+')
        *every = 1;
    return v;
}

/* The interpreter's side of the sandbox, after py_interp_init. */
static void
sandbox(void)
{
    py_interp *in = OHI_RT->py;
    if (oh_py_add_audit_hook(audit, NULL) < 0 || oh_list_clear(in->path) < 0)
        ohi_fatal("fuzz_py: cannot set up the sandbox: %s",
                  oh_err_message());
}

static void
run(const uint8_t *in, size_t len)
{
    oh_object *filename = oh_str_from_cstr("<fuzz>");
    if (filename == NULL)
        ohi_fatal("fuzz_py: no memory for the file name");
    int every;
    unsigned long nth = fail_directive(in, len, &every);
    oh_py_set_step_limit(STEP_LIMIT);
    oh_alloc_set_limit(MEMORY_LIMIT);
    if (nth != 0)
        oh_alloc_set_fail(nth, every);
    oh_object *code = py_compile_source((const char *)in, len, filename,
                                        PY_MODE_EXEC);
    if (code != NULL) {
        oh_object *d = ((py_module *)(void *)OHI_RT->py->main_module)->dict;
        oh_object *r = py_eval_code(code, d, d);
        oh_xdecref(r);
        oh_decref(code);
    }
    oh_alloc_set_fail(0, 0);
    oh_alloc_set_limit(0);
    if (trace && py_err_occurred())
        oh_py_print_error();
    py_err_clear();
    oh_decref(filename);
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
    if (null_in == NULL) {
        const char *t = getenv("FUZZ_PY_TRACE");
        trace = t != NULL && t[0] != '\0' && t[0] != '0';
        null_in = fopen("/dev/null", "r");
        null_out = fopen("/dev/null", "w");
        if (null_in == NULL || null_out == NULL)
            ohi_fatal("fuzz_py: cannot open /dev/null");
    }
    FILE *saved_in = stdin, *saved_out = stdout, *saved_err = stderr;
    stdin = null_in;
    if (!trace) {
        stdout = null_out;
        stderr = null_out;
    }
    settings before;
    settings_read(&before);
    oh_alloc_trim();
    oh_alloc_stats_t st0 = {.size = sizeof st0};
    oh_alloc_stats(&st0);
    size_t blocks0 = oh_alloc_blocks_in_use();
    if (py_interp_init(0, NULL) < 0)
        ohi_fatal("fuzz_py: the interpreter did not start: %s",
                  oh_err_message());
    sandbox();
    run(in, len);
    py_interp_fini();
    fflush(null_out);
    clearerr(null_in);
    stdin = saved_in;
    stdout = saved_out;
    stderr = saved_err;
    /* P3 */
    if (oh_err_occurred() != OH_ERR_NONE)
        ohi_fatal("fuzz_py: an error was left set after shutdown: %s",
                  oh_err_message());
    /* P2: the census first, with a report of what leaked by type. */
    size_t live = oh_leak_report(NULL);
    if (live != 0) {
        oh_leak_report(stderr);
        ohi_fatal("fuzz_py: %zu objects outlived the interpreter", live);
    }
    oh_alloc_stats_t st1 = {.size = sizeof st1};
    oh_alloc_stats(&st1);
    if (oh_alloc_blocks_in_use() != blocks0
        || st1.huge_blocks.current != st0.huge_blocks.current)
        ohi_fatal("fuzz_py: %zu pool blocks and %lld huge blocks in use "
                  "after shutdown, %zu and %lld before start-up",
                  oh_alloc_blocks_in_use(),
                  (long long)st1.huge_blocks.current, blocks0,
                  (long long)st0.huge_blocks.current);
    settings_check(&before);            /* P4 */
    return 0;
}
