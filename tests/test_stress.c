/*
 * test_stress.c -- seeded random churn against a shadow model (in the
 * spirit of mimalloc's test-stress).
 *
 * The model is a table of live blocks: address, size, and the seed of the
 * pattern written into every byte.  Each step mallocs, callocs, reallocs or
 * frees at random; before a block is freed or moved its whole pattern is
 * verified, and after a realloc the preserved prefix is verified too.  At
 * intervals the allocator's own walker (oh_alloc_check) runs and its count
 * of blocks in use must equal the model's count of blocks served from
 * pools and medium spans.
 *
 * Sizes: mostly small (1..1024, the pools), some medium (1025..120 KiB, the
 * spans), a few from the C library (to 128 KiB) and a few huge, so
 * realloc crosses every boundary.  Fault injection variants
 * make random allocations fail and check that a failure loses nothing.
 */
#include "internal.h"
#include "testutil.h"

#include <criterion/criterion.h>

#include <stdint.h>
#include <string.h>

#define MAX_LIVE 20000

typedef struct live {
    unsigned char *p;
    size_t n;
    uint32_t seed;
} live;

static live table[MAX_LIVE];
static size_t nlive;
static uint64_t rng;

static uint64_t
next_rand(void)
{
    /* xorshift64* */
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}

static size_t
random_size(void)
{
    uint64_t r = next_rand() % 1000;
    if (r < 850)
        return (size_t)(next_rand() % (OH_SMALL_MAX + 1));     /* pools */
    if (r < 950)
        return OH_SMALL_MAX + 1
               + (size_t)(next_rand() % (8192 - OH_SMALL_MAX - 1));
    if (r < 990)
        return 8192 + (size_t)(next_rand() % (OH_MEDIUM_MAX - 8192 + 1));
    return 8192 + (size_t)(next_rand() % 200000);
}

static void
paint(unsigned char *p, size_t n, uint32_t seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(seed + i * 131);
}

static void
verify(const unsigned char *p, size_t n, uint32_t seed, const char *when)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (unsigned char)(seed + i * 131))
            cr_assert_fail("block %p of %zu bytes: byte %zu corrupt %s",
                           (const void *)p, n, i, when);
}

/* The model's blocks in pools or medium spans: what the walker counts. */
static size_t
model_small_blocks(void)
{
    size_t k = 0;
    for (size_t i = 0; i < nlive; i++) {
        int kind = ohi_alloc_map_lookup(table[i].p);
        if (kind == OHI_MAP_ARENA || kind == OHI_MAP_MEDIUM)
            k++;
    }
    return k;
}

/* One step of churn.  With `may_fail`, an allocation returning NULL is
 * accepted (injected failure) and must leave the model unchanged. */
static void
step(bool may_fail)
{
    uint64_t op = next_rand() % 100;
    if (nlive > 0 && (op < 40 || nlive == MAX_LIVE)) {
        /* free */
        size_t i = (size_t)(next_rand() % nlive);
        verify(table[i].p, table[i].n, table[i].seed, "before free");
        oh_free(table[i].p);
        table[i] = table[--nlive];
    }
    else if (nlive > 0 && op < 60) {
        /* realloc */
        size_t i = (size_t)(next_rand() % nlive);
        size_t n = random_size();
        unsigned char *q = oh_realloc(table[i].p, n);
        if (q == NULL) {
            cr_assert(may_fail, "realloc(%zu) failed", n);
            verify(table[i].p, table[i].n, table[i].seed,
                   "after a failed realloc");
            return;
        }
        cr_assert_eq((uintptr_t)q & 15, 0);
        size_t keep = n < table[i].n ? n : table[i].n;
        verify(q, keep, table[i].seed, "after realloc");
        table[i].p = q;
        table[i].n = n;
        table[i].seed = (uint32_t)next_rand();
        paint(q, n, table[i].seed);
    }
    else {
        /* malloc or calloc */
        size_t n = random_size();
        bool zeroed = op >= 90;
        unsigned char *p = zeroed ? oh_calloc(1, n) : oh_malloc(n);
        if (p == NULL) {
            cr_assert(may_fail, "allocation of %zu failed", n);
            return;
        }
        cr_assert_eq((uintptr_t)p & 15, 0);
        cr_assert_geq(oh_usable_size(p), n);
        if (zeroed)
            for (size_t j = 0; j < n; j++)
                cr_assert_eq(p[j], 0, "calloc byte %zu not zero", j);
        table[nlive].p = p;
        table[nlive].n = n;
        table[nlive].seed = (uint32_t)next_rand();
        paint(p, n, table[nlive].seed);
        nlive++;
    }
}

static void
drain(void)
{
    while (nlive > 0) {
        nlive--;
        verify(table[nlive].p, table[nlive].n, table[nlive].seed, "at end");
        oh_free(table[nlive].p);
    }
    cr_assert_eq(oh_alloc_blocks_in_use(), 0);
    oh_alloc_check();
    oh_alloc_stats_t st = {.size = sizeof st};
    oh_alloc_stats(&st);
    cr_assert_leq(st.arenas.current - (int64_t)st.medium_arenas, 1,
                  "all arenas but the kept one are unmapped after "
                  "everything is freed");
    cr_assert_leq(st.medium_arenas, OHI_MEDIUM_KEEP,
                  "and of medium arenas, all but the kept ones");
}

static void
churn(uint64_t seed, long steps, bool may_fail)
{
    rng = seed;
    nlive = 0;
    for (long s = 0; s < steps; s++) {
        step(may_fail);
        if (s % 20000 == 0) {
            oh_alloc_check();
            cr_assert_eq(oh_alloc_blocks_in_use(), model_small_blocks());
        }
    }
    oh_alloc_check();
    cr_assert_eq(oh_alloc_blocks_in_use(), model_small_blocks());
    drain();
}

Test(stress, seeded_churn)
{
    uint64_t seeds[] = {1, 0x9e3779b97f4a7c15ull, 42, 123456789};
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++)
        churn(seeds[i], 150000, false);
}

Test(stress, seeded_churn_debug_mode)
{
    cr_assert_eq(oh_alloc_set_debug(1), 0);
    churn(7, 60000, false);
}

Test(stress, churn_with_injected_failures)
{
    rng = 99;
    nlive = 0;
    for (int round = 0; round < 200; round++) {
        /* Fail one allocation at a random point in the next 500, or
         * every allocation after it in one round of ten. */
        oh_alloc_set_fail(1 + next_rand() % 500, round % 10 == 0);
        for (int s = 0; s < 600; s++)
            step(true);
        oh_alloc_set_fail(0, 0);
        oh_alloc_check();
        cr_assert_eq(oh_alloc_blocks_in_use(), model_small_blocks());
    }
    drain();
}
