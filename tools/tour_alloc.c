/*
 * tour_alloc.c -- the tour's chapter on the allocator: size classes,
 * arenas, pools and blocks, block reuse, and arenas going back to the OS.
 */
#include "objheap.h"
#include "tour.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NBLOCKS 200000
/* The allocator's default retain delay (OHI_RETAIN_MS in src/internal.h;
 * the tour runs with the default, and sets it to be sure). */
#define OHI_TOUR_RETAIN_MS 100u

static oh_alloc_stats_t
stats(void)
{
    oh_alloc_stats_t st = {.size = sizeof st};
    oh_alloc_stats(&st);
    return st;
}

int
tour_alloc(void)
{
    tour_heading("1. The allocator: arenas, pools and blocks");
    oh_alloc_set_retain(OHI_TOUR_RETAIN_MS);
    tour_say("CPython does not call malloc for every small object.  It maps "
             "big arenas from the\nOS, cuts them into pools, and cuts each "
             "pool into blocks of one size.  objheap does\nthe same: "
             "%zu KiB arenas, %zu KiB pools, %d size classes of %d bytes.\n",
             (size_t)1024, (size_t)16, OH_NCLASSES, OH_ALIGNMENT);

    tour_say("A request is rounded up to its size class:");
    size_t asks[] = {0, 1, 16, 17, 100, 500, 512, 513, 1024, 1025, 4000,
                     200000};
    for (size_t i = 0; i < sizeof asks / sizeof asks[0]; i++) {
        void *p = oh_malloc(asks[i]);
        if (p == NULL)
            return -1;
        size_t u = oh_usable_size(p);
        if (asks[i] <= OH_SMALL_MAX)
            tour_say("  oh_malloc(%4zu) -> %p  block of %3zu bytes, class %zu",
                     asks[i], p, u, asks[i] ? (asks[i] - 1) / 16 : 0);
        else if (asks[i] <= OH_MEDIUM_MAX)
            tour_say("  oh_malloc(%4zu) -> %p  over %d bytes: a medium "
                     "block of %zu bytes, from a span", asks[i], p,
                     OH_SMALL_MAX, u);
        else
            tour_say("  oh_malloc(%zu) -> %p  128 KiB and more: a mapping "
                     "of its own (%zu usable)", asks[i], p, u);
        oh_free(p);
    }

    size_t rss0 = tour_rss();
    tour_say("\nNow %d blocks of 24 to 400 bytes.  Resident memory before: "
             "%.1f MiB.", NBLOCKS, (double)rss0 / (1 << 20));
    static void *blocks[NBLOCKS];
    for (size_t i = 0; i < NBLOCKS; i++) {
        size_t n = 24 + (i * 7919) % 377;
        blocks[i] = oh_malloc(n);
        if (blocks[i] == NULL)
            return -1;
        memset(blocks[i], 0x5a, n);
    }
    oh_alloc_stats_t st = stats();
    tour_say("After: %.1f MiB resident, %lld arenas mapped, %lld pools in "
             "use, %zu blocks in use.\n", (double)tour_rss() / (1 << 20),
             (long long)st.arenas.current, (long long)st.pools.current,
             st.blocks_in_use);
    tour_say("The allocator's own table (like sys._debugmallocstats()):\n");
    oh_alloc_print_stats(stdout);

    tour_say("\nFreed blocks are reused first, most recent first: free "
             "three 64-byte blocks,\nask for three more, and the same "
             "addresses come back in reverse order.");
    void *a = oh_malloc(64), *b = oh_malloc(64), *c = oh_malloc(64);
    tour_say("  allocated %p %p %p", a, b, c);
    oh_free(a);
    oh_free(b);
    oh_free(c);
    void *x = oh_malloc(64), *y = oh_malloc(64), *z = oh_malloc(64);
    tour_say("  reused    %p %p %p  (%s)", x, y, z,
             x == c && y == b && z == a ? "same blocks" : "different!");
    oh_free(x);
    oh_free(y);
    oh_free(z);

    tour_say("\nFree everything.  A pool with no blocks left is empty; an "
             "arena whose pools are\nall empty leaves the heap (one is "
             "kept, so that a program working at the edge\ndoes not map "
             "and unmap in a loop).  The others stay mapped, warm, for "
             "%u ms:\na program that fills its heap again soon finds its "
             "pages there.", OHI_TOUR_RETAIN_MS);
    int64_t mapped = st.arenas.current;
    for (size_t i = 0; i < NBLOCKS; i++)
        oh_free(blocks[i]);
    st = stats();
    tour_say("  arenas mapped: %lld -> %lld; given back by the heap so far: "
             "%lld", (long long)mapped, (long long)st.arenas.current,
             (long long)st.arenas_released);
    tour_say("  resident memory: %.1f MiB (it started at %.1f MiB): the "
             "warm arenas", (double)tour_rss() / (1 << 20),
             (double)rss0 / (1 << 20));
    /* After the delay, any call over 1024 bytes gives them back. */
    usleep((OHI_TOUR_RETAIN_MS + 50) * 1000);
    oh_free(oh_malloc(2000));
    tour_say("  %u ms later, after one oh_malloc(2000): %.1f MiB resident",
             OHI_TOUR_RETAIN_MS + 50, (double)tour_rss() / (1 << 20));
    tour_say("  blocks in use: %zu", oh_alloc_blocks_in_use());
    return st.blocks_in_use == 0 && oh_alloc_check() == 0 ? 0 : -1;
}
