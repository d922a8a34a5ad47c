/*
 * test_symbolize.c -- the tracer's names (src/symbolize.c) for code built
 * without debug information: tests/progs/nodebug, which the Makefile
 * compiles with -g0, traced and run in a child.  Frames are named
 * "function+0xoffset in module", statistics group by call site, and
 * tracebacks stop at main; in a stripped copy, "+0xoffset in module",
 * stopping at the C library's start-up.  (Frames with debug information, and the
 * dropping of objheap's own frames, are test_trace.c's.)
 */
#include "internal.h"
#include "testutil.h"

#include <criterion/criterion.h>

#include <sys/stat.h>

static char out[65536];

static int
run_nodebug(const char *mode, char *const env[])
{
    char dir[1024], path[1100];
    build_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/tests/progs/nodebug", dir);
    cr_assert_eq(access(path, X_OK), 0, "no %s", path);
    char *argv[] = {path, (char *)(uintptr_t)mode, NULL};
    return run_program(path, argv, env, out, sizeof out);
}

/* The number of times `needle` occurs in out. */
static size_t
count(const char *needle)
{
    size_t n = 0;
    for (const char *p = out; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

Test(symbolize, frames_without_lines_are_named_by_function_and_module)
{
    cr_assert_eq(run_nodebug("trace", NULL), 0, "%s", out);
    /* By line: one row per call site, each naming its function, none the
     * "??:0" that every site used to share. */
    cr_assert_not_null(strstr(out, "make_blocks+0x"), "%s", out);
    cr_assert_not_null(strstr(out, "progs/nodebug: size=3200 B, count=16"),
                       "%s", out);
    cr_assert_not_null(strstr(out, "main+0x"), "%s", out);
    cr_assert_not_null(strstr(out, "progs/nodebug: size=77 B, count=1"),
                       "%s", out);
    cr_assert_null(strstr(out, "??"), "%s", out);
}

Test(symbolize, tracebacks_stop_at_main)
{
    cr_assert_eq(run_nodebug("trace", NULL), 0, "%s", out);
    /* make_blocks, then main; never the C library's start-up frames,
     * and total_nframe counts only the frames up to main. */
    cr_assert_not_null(strstr(out, "traceback of 3200 bytes, 2 of 2 "
                                   "frames:\n  make_blocks+0x"), "%s", out);
    cr_assert_not_null(strstr(out, "traceback of 77 bytes, 1 of 1 frames:"
                                   "\n  main+0x"), "%s", out);
    cr_assert_eq(count("  main+0x"), 2, "%s", out);
    cr_assert_null(strstr(out, "libc_start"), "%s", out);
    cr_assert_null(strstr(out, "_start"), "%s", out);
}

/* Stripped (no .symtab: strip(1) on a copy), main has no name: frames are
 * "+0xoffset in module", and the traceback stops at the first of the C
 * library's start-up functions instead (symbolize.c, Y2): the same frame
 * counts as with the symbols. */
Test(symbolize, stripped_program_frames_are_offsets_and_stop_at_startup)
{
    char dir[1024], path[1100], copy[] = "/tmp/objheap-stripped-XXXXXX";
    build_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/tests/progs/nodebug", dir);
    close(mkstemp(copy));
    static char strip[] = "strip", dash_o[] = "-o";
    char *argv_strip[] = {strip, dash_o, copy, path, NULL};
    cr_assert_eq(ohi_os_run(argv_strip), 0, "strip -o %s %s", copy, path);
    cr_assert_eq(chmod(copy, 0700), 0);
    static char trace[] = "trace";
    char *argv[] = {copy, trace, NULL};
    int rc = run_program(copy, argv, NULL, out, sizeof out);
    unlink(copy);
    cr_assert_eq(rc, 0, "%s", out);
    cr_assert_null(strstr(out, "make_blocks"), "stripped: %s", out);
    cr_assert_not_null(strstr(out, "traceback of 3200 bytes, 2 of 2 "
                                   "frames:\n  +0x"), "%s", out);
    cr_assert_not_null(strstr(out, "traceback of 77 bytes, 1 of 1 frames:"
                                   "\n  +0x"), "%s", out);
    cr_assert_null(strstr(out, "libc_start"), "%s", out);
    cr_assert_null(strstr(out, "??"), "%s", out);
}

/* In this program, built with -g: a traceback of depth 3 ends at main when
 * main is among the frames captured (the tests run from Criterion's own
 * main, far below, so here it is not). */
static __attribute__((noinline)) void *
alloc_here(void)
{
    void *p = oh_malloc(12);
    __asm__ volatile("" ::: "memory");
    return p;
}

Test(symbolize, frames_with_lines_keep_file_line_and_function)
{
    cr_assert_eq(oh_trace_start(3), 0);
    void *p = alloc_here();
    oh_traceback *tb = oh_trace_get_traceback(p);
    cr_assert_not_null(tb);
    cr_assert_str_eq(tb->frames[0].function, "alloc_here");
    cr_assert_gt(tb->frames[0].lineno, 0);
    cr_assert_not_null(strstr(tb->frames[0].filename, "test_symbolize.c"));
    cr_assert(!ohi_frame_has_no_line(&tb->frames[0]));
    oh_traceback_free(tb);
    oh_free(p);
    oh_trace_stop();
}
