/*
 * test_marks.c -- memory over time (src/marks.c): the figures each mark
 * records, the table, and the chart with its two axes.
 */
#include "internal.h"
#include "testutil.h"

#include <criterion/criterion.h>

#include <stdio.h>
#include <string.h>

Test(marks, record_memory_at_each_mark)
{
    /* The heap figure counts huge blocks, which debug mode (the default of
     * `make debug`) lays out in C-library blocks instead. */
    cr_assert_eq(oh_alloc_set_debug(0), 0);
    oh_trace_start(1);
    cr_assert_eq(oh_trace_mark("start"), 0);
    void *a = oh_malloc(200000), *b = oh_malloc(300000);  /* huge blocks */
    cr_assert_eq(oh_trace_mark("two blocks"), 0);
    oh_free(b);
    cr_assert_eq(oh_trace_mark("one freed"), 0);
    const oh_mark *m;
    cr_assert_eq(oh_trace_marks(&m), 3);
    cr_assert_str_eq(m[1].label, "two blocks");
    cr_assert_eq(m[0].traced, 0);
    cr_assert_eq(m[1].traced, 500000);
    cr_assert_eq(m[2].traced, 200000);
    cr_assert_eq(m[2].traced_peak, 500000, "the peak between the marks");
    cr_assert_geq(m[1].heap, 500000);
    cr_assert_gt(m[1].rss, 0);
    cr_assert_leq(m[0].seconds, m[2].seconds);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    oh_trace_marks_print(f);
    fclose(f);
    cr_assert_not_null(strstr(text, "two blocks"));
    cr_assert_not_null(strstr(text, "(-293 KiB)"), "%s", text);
    free(text);
    char path[] = "/tmp/objheap-marks-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    cr_assert_eq(oh_trace_marks_write_svg(path), 0);
    FILE *svg = fopen(path, "r");
    char *doc = NULL;
    size_t cap = 0;
    cr_assert_gt(getdelim(&doc, &cap, '\0', svg), 0);
    fclose(svg);
    size_t circles = 0;
    for (const char *p = doc; (p = strstr(p, "<circle")) != NULL; p++)
        circles++;
    cr_assert_eq(circles, 3 * 4, "four series of three points");
    cr_assert_not_null(strstr(doc, ">two blocks</text>"));
    free(doc);
    unlink(path);
    oh_free(a);
    oh_trace_marks_clear();
    cr_assert_eq(oh_trace_marks(NULL), 0);
    cr_assert_eq(oh_trace_marks_write_svg("/tmp/x.svg"), -1, "no marks");
    oh_err_clear();
    cr_assert_eq(oh_trace_mark(NULL), -1);
    oh_err_clear();
    oh_trace_stop();
}

/* The whole file, malloc'd.  (Not inlined: GCC 12 then takes the
 * pointer getdelim fills in for a dangling one.) */
static __attribute__((noinline)) char *
read_all(const char *path)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    char *doc = NULL;
    size_t cap = 0;
    cr_assert_gt(getdelim(&doc, &cap, '\0', f), 0);
    fclose(f);
    return doc;
}

/* The y of the last point of the first polyline (the traced series), or
 * -1 when there is none. */
static double
last_traced_y(const char *doc)
{
    const char *p = strstr(doc, "points=\"");
    if (p == NULL)
        return -1;
    p += 8;
    const char *end = strchr(p, '"');
    double x = 0, y = -1;
    while (p < end) {
        int used = 0;
        if (sscanf(p, "%lf,%lf %n", &x, &y, &used) != 2 || used == 0)
            break;
        p += used;
    }
    return y;
}

/* A leak of 2 MiB in a process of many more resident MiB: the traced line
 * climbs most of the chart's height, because the program's figures have
 * their own axis; resident memory has the right one. */
Test(marks, the_chart_gives_the_program_its_own_axis)
{
    cr_assert_eq(oh_alloc_set_debug(0), 0);
    oh_trace_start(1);
    cr_assert_eq(oh_trace_mark("start"), 0);
    void *leak[8];
    for (int i = 0; i < 8; i++)
        leak[i] = oh_malloc(256 << 10);
    cr_assert_eq(oh_trace_mark("leaked 2 MiB"), 0);
    char path[] = "/tmp/objheap-axes-XXXXXX";
    close(mkstemp(path));
    cr_assert_eq(oh_trace_marks_write_svg(path), 0, "%s", oh_err_message());
    char *doc = read_all(path);
    /* The plot runs from y = 100 (top) to y = 360 (0): 2 MiB is near the
     * top of the left axis. */
    double y = last_traced_y(doc);
    cr_assert(y > 99 && y < 160, "traced ends at y = %.1f", y);
    cr_assert_not_null(strstr(doc, ">traced, heap (MiB)</text>"));
    cr_assert_not_null(strstr(doc, "resident (MiB)</text>"));
    cr_assert_eq(strstr(doc, "class=\"right\"") != NULL, true);
    free(doc);
    unlink(path);
    for (int i = 0; i < 8; i++)
        oh_free(leak[i]);
    oh_trace_marks_clear();
    oh_trace_stop();
}

/* Naming frames brings debug information in: the mark counts it apart,
 * and the table's resident column leaves it out. */
Test(marks, the_symbolizers_memory_is_counted_apart)
{
    oh_trace_start(4);
    void *p = oh_malloc(64);
    cr_assert_eq(oh_trace_mark("before names"), 0);
    oh_snapshot *s = oh_trace_take_snapshot();
    cr_assert_not_null(s);
    oh_stats *st = oh_snapshot_statistics(s, OH_STAT_TRACEBACK, 0);
    oh_stats_free(st);
    oh_snapshot_free(s);
    cr_assert_eq(oh_trace_mark("after names"), 0);
    const oh_mark *m;
    cr_assert_eq(oh_trace_marks(&m), 2);
    cr_assert_eq(m[0].symbolizer, 0, "nothing named yet");
    cr_assert_leq(m[1].symbolizer, m[1].rss);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    oh_trace_marks_print(f);
    fclose(f);
    cr_assert_not_null(strstr(text, "symbolizer\n"), "%s", text);
    free(text);
    oh_free(p);
    oh_trace_marks_clear();
    oh_trace_stop();
    cr_assert_eq(OHI_TRACE->sym, NULL, "freed when tracing stops");
}
