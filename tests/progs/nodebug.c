/*
 * nodebug.c -- a program built without debug information (the Makefile
 * compiles it with -g0), run by tests/test_symbolize.c and
 * tests/test_runtime.c.  It uses nothing but the public header.
 *
 *   nodebug trace   trace 8 frames, allocate from make_blocks (called by
 *                   main) and from main itself, and print the statistics
 *                   by line and every traceback
 *   nodebug leak    allocate 100 lists in make_nodes and keep them (no
 *                   call to the tracer: OBJHEAP_TRACE and OBJHEAP_REPORT
 *                   do the rest) and 16 raw blocks in make_blocks
 */
#include <objheap.h>

#include <stdio.h>
#include <string.h>

static oh_object *kept[100];
static void *blocks[16];

/* noinline, noclone and the empty asm keep each function a frame of its
 * own, under its own name (no ".constprop.0"). */
static __attribute__((noinline, noclone)) void
make_nodes(int n)
{
    for (int i = 0; i < n; i++)
        kept[i] = oh_list_new();
    __asm__ volatile("" ::: "memory");
}

static __attribute__((noinline, noclone)) void
make_blocks(int n)
{
    for (int i = 0; i < n; i++)
        blocks[i] = oh_malloc(200);
    __asm__ volatile("" ::: "memory");
}

static int
trace(void)
{
    if (oh_trace_start(8) < 0)
        return 1;
    make_blocks(16);
    void *mine = oh_malloc(77);
    oh_snapshot *s = oh_trace_take_snapshot();
    oh_stats *st = s ? oh_snapshot_statistics(s, OH_STAT_LINENO, 0) : NULL;
    if (st == NULL)
        return 1;
    oh_stats_print(st, stdout, 0);
    oh_stats_free(st);
    st = oh_snapshot_statistics(s, OH_STAT_TRACEBACK, 0);
    for (size_t i = 0; st != NULL && i < st->n; i++) {
        const oh_traceback *tb = st->items[i].traceback;
        printf("traceback of %zu bytes, %zu of %zu frames:\n",
               st->items[i].size, tb->nframes, tb->total_nframe);
        oh_traceback_print(tb, stdout);
    }
    oh_stats_free(st);
    oh_snapshot_free(s);
    for (int i = 0; i < 16; i++)
        oh_free(blocks[i]);
    oh_free(mine);
    oh_trace_stop();
    return 0;
}

int
main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "trace") == 0)
        return trace();
    if (argc == 2 && strcmp(argv[1], "leak") == 0) {
        make_nodes(100);
        make_blocks(16);
        return 0;
    }
    fprintf(stderr, "usage: nodebug trace|leak\n");
    return 2;
}
