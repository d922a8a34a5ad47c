/*
 * test_runtime.c -- the switches read from the environment at start-up
 * (src/runtime.c): OBJHEAP_TRACE, OBJHEAP_STATS, OBJHEAP_HEAPMAP, and bad
 * values of each.  tests/progs/nodebug, an unmodified program that never
 * calls the tracer or the reports, runs with them in its environment.
 * (OBJHEAP_REPORT's report is test_inspect.c's.)
 */
#include "internal.h"
#include "testutil.h"

#include <criterion/criterion.h>

static char out[1 << 17];

/* Run `nodebug leak` with the environment entries given (NULL-ended). */
static int
run_leak(char *const env[])
{
    char dir[1024], path[1100];
    build_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/tests/progs/nodebug", dir);
    cr_assert_eq(access(path, X_OK), 0, "no %s", path);
    static char leak[] = "leak";
    char *argv[] = {path, leak, NULL};
    return run_program(path, argv, env, out, sizeof out);
}

Test(env, nothing_set_prints_nothing)
{
    static char r[] = "OBJHEAP_REPORT=", t[] = "OBJHEAP_TRACE=",
                s[] = "OBJHEAP_STATS=", h[] = "OBJHEAP_HEAPMAP=";
    char *env[] = {r, t, s, h, NULL};
    cr_assert_eq(run_leak(env), 0);
    cr_assert_str_eq(out, "");
}

Test(env, objheap_trace_traces_from_before_main)
{
    static char t[] = "OBJHEAP_TRACE=4", r[] = "OBJHEAP_REPORT=1";
    char *env[] = {t, r, NULL};
    cr_assert_eq(run_leak(env), 0, "%s", out);
    /* The report names where the leaked lists were made: the program
     * never started tracing itself. */
    cr_assert_not_null(strstr(out, "make_nodes+0x"), "%s", out);
    static char off[] = "OBJHEAP_TRACE=0";
    char *env0[] = {off, r, NULL};
    cr_assert_eq(run_leak(env0), 0, "%s", out);
    cr_assert_null(strstr(out, "make_nodes"), "0 is off: %s", out);
}

Test(env, a_bad_value_is_reported_and_the_program_runs_on)
{
    static char t[] = "OBJHEAP_TRACE=lots";
    char *env[] = {t, NULL};
    cr_assert_eq(run_leak(env), 0, "%s", out);
    cr_assert_not_null(strstr(out, "objheap: OBJHEAP_TRACE=lots: expected a "
                                   "number of frames from 1 to 64"), "%s",
                       out);
    static char t2[] = "OBJHEAP_TRACE=65";
    char *env2[] = {t2, NULL};
    cr_assert_eq(run_leak(env2), 0, "%s", out);
    cr_assert_not_null(strstr(out, "OBJHEAP_TRACE=65: expected"), "%s", out);
    static char h[] = "OBJHEAP_HEAPMAP=/nonexistent/dir/map.svg";
    char *env3[] = {h, NULL};
    cr_assert_eq(run_leak(env3), 0, "%s", out);
    cr_assert_not_null(strstr(out, "OBJHEAP_HEAPMAP=/nonexistent/dir/map.svg"
                                   ": cannot write"), "%s", out);
}

Test(env, objheap_stats_prints_the_allocator_table_at_exit)
{
    static char s[] = "OBJHEAP_STATS=1";
    char *env[] = {s, NULL};
    cr_assert_eq(run_leak(env), 0, "%s", out);
    cr_assert_not_null(strstr(out, "objheap: the allocator at exit "
                                   "(OBJHEAP_STATS)"), "%s", out);
    /* 100 lists (class 3) and 16 blocks of 200 bytes (class 12) are still
     * allocated when the program ends. */
    const char *line = strstr(out, "# blocks in use ");
    cr_assert_not_null(line, "%s", out);
    const char *n = strstr(line, "116"), *nl = strchr(line, '\n');
    cr_assert(n != NULL && nl != NULL && n < nl, "%s", out);
    cr_assert_not_null(strstr(out, "every arena byte accounted for"), "%s",
                       out);
}

Test(env, objheap_heapmap_writes_the_heap_map_at_exit)
{
    char svg[] = "/tmp/objheap-env-map-XXXXXX.svg";
    int fd = mkstemps(svg, 4);
    cr_assert_geq(fd, 0);
    close(fd);
    char var[128];
    snprintf(var, sizeof var, "OBJHEAP_HEAPMAP=%s", svg);
    char *env[] = {var, NULL};
    cr_assert_eq(run_leak(env), 0, "%s", out);
    cr_assert_str_eq(out, "");
    static char xmllint[] = "xmllint", noout[] = "--noout";
    char *lint[] = {xmllint, noout, svg, NULL};
    cr_assert_eq(ohi_os_run(lint), 0, "the heap map is well-formed XML");
    FILE *f = fopen(svg, "r");
    char *doc = NULL;
    size_t cap = 0;
    cr_assert_gt(getdelim(&doc, &cap, '\0', f), 0);
    fclose(f);
    cr_assert_not_null(strstr(doc, "116 blocks in use"), "the program's "
                       "heap as it ended");
    free(doc);
    unlink(svg);
}
