/*
 * test_trace.c -- allocation tracing (src/trace.c) and what is read from
 * it (src/symbolize.c, src/snapshot.c): exact counts and sizes,
 * attribution to function and line, realloc and free, traced memory and
 * peak, snapshots, statistics (by line, file, traceback; cumulative),
 * comparisons, filters, dump and load, bad input, and the capture's ways
 * of finding the caller's frames.  Code without debug information is
 * test_symbolize.c's; marks are test_marks.c's.
 *
 * Allocation sites are marked with SITE(), which records __LINE__ on the
 * same line as the call, so expectations do not depend on line numbers
 * written by hand.
 */
#include "internal.h"
#include "testutil.h"

#include <criterion/criterion.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#define SITE(var, expr) (var = __LINE__, (expr))

static int site_leaf, site_direct, site_realloc;

/* The empty asm after each call keeps it from becoming a tail call, which
 * would take the helper's own frame off the stack. */
static __attribute__((noinline)) void *
alloc_leaf(size_t n)
{
    void *p = SITE(site_leaf, oh_malloc(n));
    __asm__ volatile("" ::: "memory");
    return p;
}

static __attribute__((noinline)) void *
alloc_mid(size_t n)
{
    void *p = alloc_leaf(n);
    __asm__ volatile("" ::: "memory");
    return p;
}

static const char *
base(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* The statistic whose first frame is this file at `line`, or NULL. */
static const oh_stat *
stat_at(const oh_stats *st, int line)
{
    for (size_t i = 0; i < st->n; i++) {
        const oh_traceback *tb = st->items[i].traceback;
        if (tb->nframes > 0 && tb->frames[0].lineno == line
            && strcmp(base(tb->frames[0].filename), "test_trace.c") == 0)
            return &st->items[i];
    }
    return NULL;
}

Test(trace, records_exactly_the_allocations_made)
{
    cr_assert_eq(oh_trace_start(1), 0);
    cr_assert(oh_trace_is_tracing());
    cr_assert_eq(oh_trace_get_traceback_limit(), 1);
    void *ps[10];
    for (int i = 0; i < 10; i++)
        ps[i] = alloc_leaf(100 + (size_t)i);   /* 1045 bytes in all */
    void *big = SITE(site_direct, oh_malloc(300000));   /* a huge block */
    oh_snapshot *s = oh_trace_take_snapshot();
    cr_assert_not_null(s);
    cr_assert_eq(oh_snapshot_ntraces(s), 11);
    oh_stats *st = oh_snapshot_statistics(s, OH_STAT_LINENO, 0);
    const oh_stat *leaf = stat_at(st, site_leaf);
    cr_assert_not_null(leaf, "no statistic at test_trace.c:%d", site_leaf);
    cr_assert_eq(leaf->count, 10);
    cr_assert_eq(leaf->size, 1045);
    cr_assert_str_eq(leaf->traceback->frames[0].function, "alloc_leaf");
    const oh_stat *direct = stat_at(st, site_direct);
    cr_assert_not_null(direct);
    cr_assert_eq(direct->count, 1);
    cr_assert_eq(direct->size, 300000);
    cr_assert_eq(st->items[0].size, 300000, "sorted by size");
    size_t current, peak;
    oh_trace_get_traced_memory(&current, &peak);
    cr_assert_eq(current, 301045);
    cr_assert_eq(peak, 301045);
    cr_assert_gt(oh_trace_get_tracemalloc_memory(), 0);
    oh_stats_free(st);
    oh_snapshot_free(s);
    for (int i = 0; i < 10; i++)
        oh_free(ps[i]);
    oh_free(big);
    oh_trace_get_traced_memory(&current, &peak);
    cr_assert_eq(current, 0, "frees are untraced");
    cr_assert_eq(peak, 301045);
    oh_trace_reset_peak();
    oh_trace_get_traced_memory(&current, &peak);
    cr_assert_eq(peak, 0);
    oh_trace_stop();
    cr_assert(!oh_trace_is_tracing());
}

Test(trace, realloc_moves_the_trace_and_free_drops_it)
{
    oh_trace_start(1);
    char *p = oh_malloc(40);
    p = SITE(site_realloc, oh_realloc(p, 4000));
    oh_snapshot *s = oh_trace_take_snapshot();
    cr_assert_eq(oh_snapshot_ntraces(s), 1, "the old block's trace is gone");
    oh_stats *st = oh_snapshot_statistics(s, OH_STAT_LINENO, 0);
    cr_assert_eq(st->n, 1);
    const oh_stat *r = stat_at(st, site_realloc);
    cr_assert_not_null(r, "realloc is attributed to its own line");
    cr_assert_eq(r->size, 4000);
    oh_stats_free(st);
    oh_snapshot_free(s);
    size_t current;
    oh_trace_get_traced_memory(&current, NULL);
    cr_assert_eq(current, 4000);
    oh_free(p);
    oh_trace_get_traced_memory(&current, NULL);
    cr_assert_eq(current, 0);
    oh_trace_stop();
}

Test(trace, blocks_from_before_the_start_are_not_traced)
{
    void *before = oh_malloc(64);
    oh_trace_start(1);
    void *after = oh_malloc(64);
    cr_assert_null(oh_trace_get_traceback(before));
    oh_traceback *tb = oh_trace_get_traceback(after);
    cr_assert_not_null(tb);
    oh_traceback_free(tb);
    oh_free(before);    /* freeing an untraced block is fine */
    oh_free(after);
    size_t current;
    oh_trace_get_traced_memory(&current, NULL);
    cr_assert_eq(current, 0);
    oh_trace_stop();
}

Test(trace, blocks_reused_from_the_free_cache_are_traced)
{
    /* Freed before tracing starts: the block waits in its class's free
     * cache, and the first traced allocation of its size takes it. */
    void *keep = oh_malloc(48), *p = oh_malloc(48);
    oh_free(p);
    oh_trace_start(1);
    void *q = oh_malloc(48);
    cr_assert_eq(q, p, "the cached block is reused");
    oh_traceback *tb = oh_trace_get_traceback(q);
    cr_assert_not_null(tb, "and traced");
    oh_traceback_free(tb);
    /* Freed while tracing: cached again, its trace dropped, and traced
     * anew when handed out. */
    oh_free(q);
    size_t current;
    oh_trace_get_traced_memory(&current, NULL);
    cr_assert_eq(current, 0);
    cr_assert_null(oh_trace_get_traceback(q));
    void *r = oh_malloc(48);
    cr_assert_eq(r, q);
    oh_trace_get_traced_memory(&current, NULL);
    cr_assert_eq(current, 48);
    oh_trace_stop();
    oh_free(r);     /* traced while tracing ran: freeing it after is fine */
    oh_free(keep);
    oh_alloc_check();
}

Test(trace, tracebacks_keep_the_callers_frames_up_to_the_limit)
{
    oh_trace_start(2);
    void *p = alloc_mid(24);
    oh_traceback *tb = oh_trace_get_traceback(p);
    cr_assert_not_null(tb);
    cr_assert_eq(tb->nframes, 2, "limit 2");
    cr_assert_geq(tb->total_nframe, 3, "the stack was deeper");
    cr_assert_str_eq(tb->frames[0].function, "alloc_leaf");
    cr_assert_eq(tb->frames[0].lineno, site_leaf);
    cr_assert_str_eq(tb->frames[1].function, "alloc_mid");
    cr_assert_str_eq(base(tb->frames[1].filename), "test_trace.c");
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    oh_traceback_print(tb, f);
    fclose(f);
    cr_assert_not_null(strstr(text, ", in alloc_leaf\n"), "%s", text);
    free(text);
    oh_traceback_free(tb);
    oh_free(p);
    oh_trace_stop();
}

Test(trace, starting_twice_keeps_the_first_limit)
{
    oh_trace_start(3);
    cr_assert_eq(oh_trace_start(7), 0);
    cr_assert_eq(oh_trace_get_traceback_limit(), 3);
    oh_trace_stop();
}

Test(trace, statistics_by_file_traceback_and_cumulative)
{
    oh_trace_start(3);
    void *a[3], *b[2];
    for (int i = 0; i < 3; i++)
        a[i] = alloc_leaf(10);          /* leaf <- this test */
    for (int i = 0; i < 2; i++)
        b[i] = alloc_mid(20);           /* leaf <- mid <- this test */
    oh_snapshot *s = oh_trace_take_snapshot();
    oh_stats *byfile = oh_snapshot_statistics(s, OH_STAT_FILENAME, 0);
    cr_assert_eq(byfile->n, 1, "every first frame is in this file");
    cr_assert_eq(byfile->items[0].count, 5);
    cr_assert_eq(byfile->items[0].size, 70);
    cr_assert_eq(byfile->items[0].traceback->frames[0].lineno, 0);
    oh_stats *bytb = oh_snapshot_statistics(s, OH_STAT_TRACEBACK, 0);
    cr_assert_eq(bytb->n, 2, "two distinct call paths");
    cr_assert_eq(bytb->items[0].size, 40);
    cr_assert_eq(bytb->items[0].count, 2);
    cr_assert_eq(bytb->items[1].size, 30);
    cr_assert_eq(bytb->items[0].traceback->nframes, 3);
    oh_stats *cum = oh_snapshot_statistics(s, OH_STAT_LINENO, 1);
    /* alloc_leaf's line holds all 5; alloc_mid's call line holds 2. */
    const oh_stat *leaf = stat_at(cum, site_leaf);
    cr_assert_eq(leaf->count, 5);
    cr_assert_eq(leaf->size, 70);
    bool found_mid = false;
    for (size_t i = 0; i < cum->n; i++)
        if (strcmp(cum->items[i].traceback->frames[0].function,
                   "alloc_mid") == 0) {
            found_mid = true;
            cr_assert_eq(cum->items[i].count, 2);
            cr_assert_eq(cum->items[i].size, 40);
        }
    cr_assert(found_mid);
    cr_assert_null(oh_snapshot_statistics(s, OH_STAT_TRACEBACK, 1));
    cr_assert_eq(oh_err_occurred(), OH_ERR_VALUE);
    oh_err_clear();
    oh_stats_free(byfile);
    oh_stats_free(bytb);
    oh_stats_free(cum);
    oh_snapshot_free(s);
    for (int i = 0; i < 3; i++)
        oh_free(a[i]);
    for (int i = 0; i < 2; i++)
        oh_free(b[i]);
    oh_trace_stop();
}

Test(trace, compare_two_snapshots)
{
    oh_trace_start(1);
    void *keep[4], *grow[6];
    for (int i = 0; i < 4; i++)
        keep[i] = alloc_leaf(50);
    oh_snapshot *old = oh_trace_take_snapshot();
    oh_free(keep[3]);                           /* -1 block, -50 bytes */
    for (int i = 0; i < 6; i++)
        grow[i] = SITE(site_direct, oh_malloc(1000));   /* +6, +6000 */
    oh_snapshot *now = oh_trace_take_snapshot();
    oh_stat_diffs *d = oh_snapshot_compare_to(now, old, OH_STAT_LINENO, 0);
    cr_assert_eq(d->n, 2);
    cr_assert_eq(d->items[0].traceback->frames[0].lineno, site_direct);
    cr_assert_eq(d->items[0].size, 6000);
    cr_assert_eq(d->items[0].size_diff, 6000);
    cr_assert_eq(d->items[0].count_diff, 6);
    cr_assert_eq(d->items[1].traceback->frames[0].lineno, site_leaf);
    cr_assert_eq(d->items[1].size, 150);
    cr_assert_eq(d->items[1].size_diff, -50);
    cr_assert_eq(d->items[1].count, 3);
    cr_assert_eq(d->items[1].count_diff, -1);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    oh_stat_diffs_print(d, f, 1);
    fclose(f);
    char want[128];
    snprintf(want, sizeof want, "test_trace.c:%d: size=6000 B (+6000 B), "
             "count=6 (+6), average=1000 B\n", site_direct);
    cr_assert_not_null(strstr(text, want), "got: %s", text);
    free(text);
    oh_stat_diffs_free(d);
    oh_snapshot_free(old);
    oh_snapshot_free(now);
    for (int i = 0; i < 3; i++)
        oh_free(keep[i]);
    for (int i = 0; i < 6; i++)
        oh_free(grow[i]);
    oh_trace_stop();
}

Test(trace, filters_include_and_exclude)
{
    oh_trace_start(3);
    void *a = alloc_leaf(10), *b = alloc_mid(20);
    void *c = SITE(site_direct, oh_malloc(30));
    oh_snapshot *s = oh_trace_take_snapshot();
    oh_trace_filter only_direct[] = {{1, "*test_trace.c", site_direct, 0}};
    oh_snapshot *f1 = oh_snapshot_filter_traces(s, only_direct, 1);
    cr_assert_eq(oh_snapshot_ntraces(f1), 1);
    oh_trace_filter no_leaf[] = {{0, "*test_trace.c", site_leaf, 0}};
    oh_snapshot *f2 = oh_snapshot_filter_traces(s, no_leaf, 1);
    cr_assert_eq(oh_snapshot_ntraces(f2), 1, "a and b start at the leaf");
    /* all_frames: exclude anything that passed through alloc_mid's file
     * line... here: any frame in this file, so nothing is left. */
    oh_trace_filter none[] = {{0, "*test_trace.c", 0, 1}};
    oh_snapshot *f3 = oh_snapshot_filter_traces(s, none, 1);
    cr_assert_eq(oh_snapshot_ntraces(f3), 0);
    oh_trace_filter other[] = {{1, "*/no_such_file.c", 0, 1}};
    oh_snapshot *f4 = oh_snapshot_filter_traces(s, other, 1);
    cr_assert_eq(oh_snapshot_ntraces(f4), 0);
    oh_trace_filter bad[] = {{1, NULL, 0, 0}};
    cr_assert_null(oh_snapshot_filter_traces(s, bad, 1));
    cr_assert_eq(oh_err_occurred(), OH_ERR_VALUE);
    oh_err_clear();
    oh_snapshot_free(f1);
    oh_snapshot_free(f2);
    oh_snapshot_free(f3);
    oh_snapshot_free(f4);
    oh_snapshot_free(s);
    oh_free(a);
    oh_free(b);
    oh_free(c);
    oh_trace_stop();
}

Test(trace, dump_and_load_round_trip)
{
    oh_trace_start(2);
    void *ps[5];
    for (int i = 0; i < 5; i++)
        ps[i] = i < 3 ? alloc_leaf(64) : alloc_mid(128);
    oh_snapshot *s = oh_trace_take_snapshot();
    char path[] = "/tmp/objheap-snapshot-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    close(fd);
    cr_assert_eq(oh_snapshot_dump(s, path), 0);
    oh_snapshot *l = oh_snapshot_load(path);
    cr_assert_not_null(l, "%s", oh_err_message());
    cr_assert_eq(oh_snapshot_ntraces(l), 5);
    cr_assert_eq(oh_snapshot_traceback_limit(l), 2);
    oh_stat_diffs *d = oh_snapshot_compare_to(s, l, OH_STAT_TRACEBACK, 0);
    cr_assert_eq(d->n, 2);
    for (size_t i = 0; i < d->n; i++) {
        cr_assert_eq(d->items[i].size_diff, 0, "loaded == dumped");
        cr_assert_eq(d->items[i].count_diff, 0);
    }
    oh_stat_diffs_free(d);
    oh_snapshot_free(l);
    oh_snapshot_free(s);
    oh_trace_stop();
    /* A loaded snapshot needs no tracing. */
    oh_snapshot *again = oh_snapshot_load(path);
    cr_assert_eq(oh_snapshot_ntraces(again), 5);
    oh_snapshot_free(again);
    unlink(path);
    for (int i = 0; i < 5; i++)
        oh_free(ps[i]);
}

Test(trace, bad_input_is_an_error)
{
    cr_assert_eq(oh_trace_start(0), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_VALUE);
    oh_err_clear();
    cr_assert_eq(oh_trace_start(OH_TRACE_MAX_FRAMES + 1), -1);
    oh_err_clear();
    cr_assert_null(oh_trace_take_snapshot(), "not tracing");
    cr_assert_eq(oh_err_occurred(), OH_ERR_RUNTIME);
    oh_err_clear();
    cr_assert_null(oh_snapshot_load("/nonexistent/snapshot"));
    cr_assert_eq(oh_err_occurred(), OH_ERR_VALUE);
    oh_err_clear();
    char path[] = "/tmp/objheap-bad-XXXXXX";
    int fd = mkstemp(path);
    const char *junk = "objheap-snapshot 1\nlimit 1\ntracebacks 1\n"
                       "tb 1 1\nf 3 a.c\tf\ntraces 1\nt 7 100\n";
    cr_assert_eq(write(fd, junk, strlen(junk)), (ssize_t)strlen(junk));
    close(fd);
    cr_assert_null(oh_snapshot_load(path));
    cr_assert_eq(oh_err_occurred(), OH_ERR_VALUE);
    cr_assert_not_null(strstr(oh_err_message(), "line 7"), "%s",
                       oh_err_message());
    oh_err_clear();
    unlink(path);
}

Test(trace, injected_failures_while_tracing_lose_nothing)
{
    oh_trace_start(1);
    oh_alloc_set_fail(2, 0);
    void *a = oh_malloc(10);
    errno = 0;
    void *b = oh_malloc(10);
    cr_assert_null(b);
    cr_assert_eq(errno, ENOMEM);
    oh_alloc_set_fail(0, 0);
    oh_snapshot *s = oh_trace_take_snapshot();
    cr_assert_eq(oh_snapshot_ntraces(s), 1, "a failed allocation is not "
                 "traced");
    oh_snapshot_free(s);
    oh_free(a);
    oh_trace_stop();
    cr_assert_eq(oh_alloc_blocks_in_use(), 0);
}

Test(trace, tracing_in_debug_mode)
{
    cr_assert_eq(oh_alloc_set_debug(1), 0);
    oh_trace_start(1);
    void *p = alloc_leaf(77);
    oh_traceback *tb = oh_trace_get_traceback(p);
    cr_assert_not_null(tb);
    cr_assert_eq(tb->frames[0].lineno, site_leaf);
    oh_traceback_free(tb);
    size_t current;
    oh_trace_get_traced_memory(&current, NULL);
    cr_assert_eq(current, 77, "requested bytes, not the debug layout's");
    oh_free(p);
    oh_trace_stop();
}

/* --- capture: whose frames, found how ------------------------------------
 * objheap's code range is known in these builds (the Makefile links the
 * library through src/objheap_text.ld), so capture drops objheap's frames
 * itself; at limit 1 it finds the caller's frame by following objheap's
 * frame pointers.  The unwinder, and the symbolizer's decision when the
 * range is unknown (the fuzz build), must give the same frames. */

static int site_list;

static __attribute__((noinline)) oh_object *
list_leaf(void)
{
    oh_object *l = SITE(site_list, oh_list_new());
    __asm__ volatile("" ::: "memory");
    return l;
}

static __attribute__((noinline)) oh_object *
list_mid(void)
{
    oh_object *l = list_leaf();
    __asm__ volatile("" ::: "memory");
    return l;
}

/* p's traceback starts in this file, at `line` of `fn`; returns it. */
static oh_traceback *
expect_first(const void *p, int line, const char *fn)
{
    oh_traceback *tb = oh_trace_get_traceback(p);
    cr_assert_not_null(tb);
    cr_assert_geq(tb->nframes, 1);
    cr_assert_str_eq(base(tb->frames[0].filename), "test_trace.c",
                     "first frame in %s, %s", tb->frames[0].filename,
                     tb->frames[0].function);
    cr_assert_eq(tb->frames[0].lineno, line);
    cr_assert_str_eq(tb->frames[0].function, fn);
    return tb;
}

static bool
in_objheap(uintptr_t pc)
{
    const ohi_trace_state *t = OHI_TRACE;
    return pc - t->text_lo < t->text_hi - t->text_lo;
}

Test(trace, capture_knows_objheaps_code_and_walks_its_frames)
{
    cr_assert_eq(oh_trace_start(1), 0);
    cr_assert_neq(OHI_TRACE->text_lo, 0, "objheap's code range");
    cr_assert(in_objheap((uintptr_t)&oh_list_new));
    cr_assert(in_objheap((uintptr_t)&oh_malloc));
    cr_assert(!in_objheap((uintptr_t)&list_leaf), "this file is not ours");
    cr_assert(OHI_TRACE->walk_fp, "limit 1 walks frame pointers");
    oh_trace_stop();
    cr_assert_eq(oh_trace_start(2), 0);
    cr_assert_neq(OHI_TRACE->text_lo, 0);
    cr_assert(!OHI_TRACE->walk_fp, "limit 2 unwinds");
    oh_trace_stop();
}

/* At limit 1, through oh_malloc and through a constructor, whichever way
 * the stack is captured. */
Test(trace, one_frame_is_the_callers_line_in_every_capture_mode)
{
    cr_assert_eq(oh_trace_start(1), 0);
    ohi_trace_state *t = OHI_TRACE;
    for (int mode = 0; mode < 3; mode++) {
        if (mode == 1)
            t->walk_fp = false;             /* the unwinder, range known */
        if (mode == 2)
            t->text_lo = t->text_hi = 0;    /* decided when resolved */
        void *p = alloc_leaf(24);
        oh_object *l = list_leaf();
        oh_object *m = list_mid();
        oh_traceback *tb = expect_first(p, site_leaf, "alloc_leaf");
        cr_assert_eq(tb->nframes, 1, "mode %d", mode);
        if (mode < 2)
            cr_assert_eq(tb->total_nframe, 1, "one frame seen at limit 1");
        else
            cr_assert_geq(tb->total_nframe, 2, "every frame captured");
        oh_traceback_free(tb);
        oh_traceback_free(expect_first(l, site_list, "list_leaf"));
        oh_traceback_free(expect_first(m, site_list, "list_leaf"));
        oh_free(p);
        oh_decref(l);
        oh_decref(m);
    }
    oh_trace_stop();
}

/* Above limit 1 the unwinder captures; objheap's frames are still left
 * out, and the caller's kept up to the limit. */
Test(trace, three_frames_are_the_callers_in_every_capture_mode)
{
    cr_assert_eq(oh_trace_start(3), 0);
    ohi_trace_state *t = OHI_TRACE;
    for (int mode = 0; mode < 2; mode++) {
        if (mode == 1)
            t->text_lo = t->text_hi = 0;
        oh_object *m = list_mid();
        void *p = alloc_mid(8);
        oh_traceback *tb = expect_first(m, site_list, "list_leaf");
        cr_assert_eq(tb->nframes, 3, "mode %d", mode);
        cr_assert_geq(tb->total_nframe, 4, "the stack was deeper");
        cr_assert_str_eq(tb->frames[1].function, "list_mid");
        cr_assert_str_eq(base(tb->frames[2].filename), "test_trace.c");
        oh_traceback_free(tb);
        tb = expect_first(p, site_leaf, "alloc_leaf");
        cr_assert_eq(tb->nframes, 3);
        cr_assert_str_eq(tb->frames[1].function, "alloc_mid");
        oh_traceback_free(tb);
        oh_free(p);
        oh_decref(m);
    }
    oh_trace_stop();
}

/* Pool blocks' traces are kept by address in side tables, one per pool
 * and size class.  A pool emptied and reused for another class, and a
 * block freed through the allocator's general slow path (here: fault
 * injection armed, never firing), must find them right. */
static int site_reuse;

Test(trace, side_tables_follow_pools_across_classes_and_paths)
{
    enum { N = 3000 };
    static void *ps[N];
    cr_assert_eq(oh_trace_start(1), 0);
    for (int i = 0; i < N; i++)
        ps[i] = oh_malloc(16);
    for (int i = 0; i < N; i++)
        oh_free(ps[i]);
    for (int i = 0; i < N; i++)
        ps[i] = SITE(site_reuse, oh_malloc(496));
    size_t current;
    oh_trace_get_traced_memory(&current, NULL);
    cr_assert_eq(current, (size_t)N * 496);
    oh_snapshot *s = oh_trace_take_snapshot();
    cr_assert_eq(oh_snapshot_ntraces(s), N);
    oh_stats *st = oh_snapshot_statistics(s, OH_STAT_LINENO, 0);
    const oh_stat *reuse = stat_at(st, site_reuse);
    cr_assert_not_null(reuse);
    cr_assert_eq(reuse->count, N);
    oh_stats_free(st);
    oh_snapshot_free(s);
    for (int i = 0; i < N; i += 97) {
        oh_traceback *tb = oh_trace_get_traceback(ps[i]);
        cr_assert_not_null(tb, "block %d", i);
        cr_assert_eq(tb->frames[0].lineno, site_reuse);
        oh_traceback_free(tb);
    }
    oh_alloc_set_fail(ULONG_MAX, 0);    /* frees take the general path */
    for (int i = 0; i < N; i += 2)
        oh_free(ps[i]);
    oh_alloc_set_fail(0, 0);
    for (int i = 1; i < N; i += 2)
        oh_free(ps[i]);
    oh_trace_get_traced_memory(&current, NULL);
    cr_assert_eq(current, 0);
    s = oh_trace_take_snapshot();
    cr_assert_eq(oh_snapshot_ntraces(s), 0);
    oh_snapshot_free(s);
    oh_trace_stop();
}

/* When a trace cannot be recorded, the allocation fails and nothing is
 * left behind: on the common path (a small block, taken from its pool and
 * put back) and on the general one (a large block, never made).  The
 * tracer is made to look as if it had interned as many tracebacks as an
 * index can count, so that a new call site's cannot be; a known call
 * site's still can. */
Test(trace, an_allocation_whose_trace_cannot_be_recorded_fails)
{
    cr_assert_eq(oh_trace_start(1), 0);
    void *keep = alloc_leaf(32);        /* the call site is interned */
    ohi_trace_state *t = OHI_TRACE;
    size_t ntbs = t->tbs_len;
    size_t blocks = oh_alloc_blocks_in_use(), current;
    oh_trace_get_traced_memory(&current, NULL);
    t->tbs_len = UINT32_MAX;
    errno = 0;
    void *small = oh_malloc(32);
    int small_errno = errno;
    errno = 0;
    void *large = oh_malloc(100000);
    int large_errno = errno;
    void *known = alloc_leaf(32);
    t->tbs_len = ntbs;
    cr_assert_null(small);
    cr_assert_eq(small_errno, ENOMEM);
    cr_assert_null(large);
    cr_assert_eq(large_errno, ENOMEM);
    cr_assert_not_null(known, "a known call site is still traced");
    cr_assert_eq(oh_alloc_blocks_in_use(), blocks + 1, "the block went "
                 "back");
    size_t now;
    oh_trace_get_traced_memory(&now, NULL);
    cr_assert_eq(now, current + 32);
    oh_traceback_free(expect_first(known, site_leaf, "alloc_leaf"));
    void *again = oh_malloc(32);
    cr_assert_not_null(again, "tracing goes on");
    oh_free(again);
    oh_free(known);
    oh_free(keep);
    oh_trace_get_traced_memory(&now, NULL);
    cr_assert_eq(now, 0);
    oh_trace_stop();
}
