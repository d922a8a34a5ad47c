/*
 * alloc.c -- the small-object allocator: arenas, pools and blocks.
 *
 * What this file owns
 * -------------------
 * Every byte objheap hands out for requests of up to OH_SMALL_MAX (1024)
 * bytes, the arenas those bytes live in, the radix map that recognises
 * them, the free cache, and the fast paths and public entry points of
 * the whole allocator (oh_malloc, oh_free, oh_realloc and friends, and
 * the object families' ohi_alloc_malloc and ohi_alloc_free).  Medium
 * requests (1025 bytes to OH_MEDIUM_MAX, 120 KiB) come from spans
 * (alloc/medium.inc); huge ones (OHI_HUGE_MIN, 128 KiB, and more) are
 * mapped directly; the few between go to the C library's malloc; oh_free
 * recognises everything else as foreign and passes it on.
 *
 * The allocator's other mechanisms are files of their own under
 * src/alloc/, each opening with its design and invariants.  None is
 * compiled alone: this file includes them, so that the allocator stays
 * one compilation unit and its fast paths inline what they need from any
 * of them, as mimalloc's alloc.c includes its free.c
 * (docs/ALLOCATOR.md, "Files", measures that the split costs nothing).
 *
 *   alloc.c          arenas, pools, blocks, the free cache, the fast
 *                    paths and the entry points (P1-P5, A1-A7, F1-F3,
 *                    GT1-GT2 and MB1-MB2 in internal.h)
 *   alloc/heap.inc   heaps and threads: a heap per thread, frees from
 *                    other threads, abandoned heaps, fork, trimming
 *                    (H1-H4)
 *   alloc/huge.inc   huge blocks: their mappings, registry and kept
 *                    mappings (HG1-HG3)
 *   alloc/slow.inc   the slow paths and the settings that lead there:
 *                    first use, the limit, fault injection, the observer
 *                    (L1)
 *   alloc/debug.inc  the debug allocator: block layout, checks, reports
 *                    (DL1)
 *   alloc/walk.inc   the walkers: statistics, the report, consistency
 *                    checks, the object census
 *
 * They are included where their definitions are first needed, in the
 * order above; what a part calls in a later one is declared ahead, below
 * the includes of system headers.
 *
 * Layers of memory (terms are defined in internal.h)
 * ---------------------------------------------------
 *
 *    OS  --mmap 1 MiB, aligned-->  arena  --carve 16 KiB-->  pool
 *                                                             |
 *                       oh_malloc(n) <-- block of 16*k bytes --+
 *
 * An arena is 1 MiB of address space aligned to 1 MiB.  Its first 2.1 KiB
 * hold the arena header and the headers of its 64 pools, so pools contain
 * only blocks (see the picture at ohi_arena in internal.h); a pool's first
 * block starts OHI_POOL_FIRST (48) bytes in.  Alignment makes every lookup
 * arithmetic: a block's arena is its address rounded down to 1 MiB and its
 * pool header is arena->pools[(addr >> 14) & 63].  Each new arena is
 * mapped just below the last one when that address space is free, so the
 * kernel merges the arenas into one mapping.
 *
 * Families: raw memory (oh_malloc), objects, and objects with the
 * collector's prefix each have pools of their own (used[family][class]).
 * Walking the object families' pools therefore finds every live object,
 * untracked ones included, which is how the heap census works; an object
 * too big for a pool carries a two-pointer link on its family's list
 * instead.  Separate pools cost some partly used pools per family; they
 * keep raw buffers and objects apart in memory as a bonus.
 *
 * Size classes: a request of n bytes (1..1024) is served from class
 * (n - 1) >> 4, whose blocks are 16 * (class + 1) bytes.  oh_malloc(0) is
 * served as 1 byte, so it returns a unique pointer.  pymalloc stops at
 * 512; the classes go on to 1024, as mimalloc's small pages do, because
 * a size split is a branch on both fast paths that a program mixing sizes
 * on both sides of it mispredicts every other call: with the split at
 * 512, a churn of 8-1000-byte blocks (larson's sizes, bench_alloc's
 * `mixed`) ran at 0.49 of tcmalloc's speed and 0.68 of mimalloc's, with
 * 2.2 mispredicted branches per malloc/free pair against mimalloc's 0.2
 * (docs/ALLOCATOR.md, "Pools to 1024 bytes").  A pool of 16 KiB still
 * holds 14 to 16 blocks of the largest class.
 *
 * Pool life cycle (states in internal.h)
 * --------------------------------------
 *
 *   UNTOUCHED --carve--> USED <--alloc/free--> FULL
 *                         |  ^
 *              last free  |  | acquire for any class
 *                         v  |
 *                         EMPTY --(arena empty)--> unmapped with its arena
 *
 * - A pool is carved (UNTOUCHED -> USED) only when a class has no USED pool
 *   and no arena has an EMPTY pool; carving goes in address order.
 * - Inside a pool, never-used blocks are handed out by bumping
 *   `nextoffset`, so memory is written only when a block is first needed;
 *   freed blocks go on the pool's free list (LIFO) and are preferred over
 *   new ones.
 * - An EMPTY pool can be re-acquired for any class.
 *
 * Arena choice (why "fullest first")
 * ----------------------------------
 * New pools come from the arena with the fewest free pools.  Busy arenas
 * fill up, lightly used ones get no new pools and drain, and a drained
 * arena is unmapped: this is what returns memory to the OS after a peak.
 * EMPTY pools come first, though: the fullest arena that has one gives
 * it, and only when no arena has one does the fullest arena carve an
 * UNTOUCHED pool, since an EMPTY pool's pages are resident already and
 * an UNTOUCHED pool's are not (pymalloc carves in its fullest arena even
 * then; pool_acquire says what that cost).  Arenas are kept in two sets
 * of 64 buckets by their free-pool count, one for arenas with an EMPTY
 * pool and one for the others (A3), each with a bit mask of non-empty
 * buckets, so either choice is one count-trailing-zeros instruction and
 * moving an arena between buckets is O(1) (CPython keeps a sorted list
 * plus a table of bucket ends instead).
 *
 * Reserve pools and hysteresis
 * ----------------------------
 * When the last block of a pool is freed and the pool is the only USED pool
 * of its class, it is not given back: it stays on its used list, empty and
 * still set up, as the class's reserve (mimalloc keeps a lone page the same
 * way).  A loop that allocates and frees one block would otherwise carve,
 * set up and give back a pool on every iteration: 23 ns per malloc/free pair
 * before, 6.3 ns after (docs/ALLOCATOR.md).  A reserve counts as a used pool
 * in its arena, so reserves could keep arenas mapped forever; instead, an
 * arena that holds no live block (all pools free or empty reserves, A6) is
 * "drained".  A drained arena is kept mapped (kept_arena) only when the
 * next new pool would have to come from it, that is when no other arena
 * has a free pool, and no other drained arena is kept; any other is
 * unmapped at once, its reserves first given back.  A workload working at
 * the edge of an arena does not map and unmap in a loop, at most one
 * arena stays resident after everything is freed, and no arena sits
 * resident and idle while others have room: keeping every first drained
 * arena cost objheap-python 1 MiB of peak memory on binary_trees (it stayed
 * resident, unused, while the pools of other arenas took the work).
 *
 * The free cache
 * --------------
 * A freed block first goes on a small stack per family and class (32
 * slots, F1..F3 in internal.h), and oh_malloc takes from that stack before
 * any pool.  A program that frees and allocates at random over a large
 * heap then gets back a block it freed a moment ago, still in the CPU's
 * cache, instead of the head of some pool's free list, freed long ago:
 * 100,000 live blocks replaced 10 million times took 0.55 of the time
 * (docs/BENCHMARKS.md).  A mass free pays for the check: with the stack
 * full, 1.8 million random frees ran about 20% slower, because every
 * instruction ahead of the push costs such a free far more than its
 * count (docs/ALLOCATOR.md, "What the mass free is sensitive to"; the
 * free path is kept short for that reason).  The cache never writes into
 * the freed block, and a free only touches the pool header it must read
 * anyway.  What it must not do is keep memory from going back to the OS,
 * so:
 * - cached blocks are free as far as their pool's count knows (nalloc
 *   excludes them), and a free that would leave a pool with no live block
 *   goes to the pool, not the cache (F2): the pool then empties as
 *   before, and the cached blocks of a pool being released move to its
 *   free list first (cache_evict_pool, at most 32 compares);
 * - the one exception is the class's reserve pool, which stays anyway: a
 *   loop that allocates and frees one block runs on the cache alone;
 * - debug checks and fault injection must see every block: the cache is
 *   emptied whenever one is switched on (F3) and used only when neither
 *   is; tracing's slow paths use it too (a traced run keeps its speed
 *   relative to an untraced one), calling the tracer on every block;
 * - walkers (census, checks) count cached blocks as free.
 * Bounded at 32 x 96 blocks, none of which can hold an empty pool, it
 * costs nothing in resident memory after a peak.  jemalloc's and
 * tcmalloc's thread caches do the same job with more slots and with
 * garbage-collection passes, because they may pin pages.
 *
 * Fast paths
 * ----------
 * oh_malloc for a small request: pop the class's free cache when it holds
 * a block (count it in its pool); otherwise pop the USED pool's free list
 * (P3 guarantees it is non-empty), prefetch the next free block (the next
 * allocation of the class reads its link: 7% off the churn benchmark
 * before the cache), count, and return; only when the list runs dry does
 * it bump or retire the pool.  oh_free for one of our blocks: two loads in
 * the radix map, whose byte also names the owning heap (MB1, MB2 in
 * internal.h), then a push on the class's cache (uncount), or, with the
 * cache full or the pool's last live block, a push on the pool's free
 * list; only the FULL -> USED and USED -> EMPTY transitions leave the fast
 * path.  Everything unusual (debug checks, fault injection, the
 * observer) is one bit in `slow`, so the fast paths test one word for all
 * of it (alloc/slow.inc).
 *
 * All of this happens inside a heap (ohi_alloc_state): its used pools,
 * reserves, free cache and arenas.  Each thread has one, and so has each
 * runtime; a heap is touched only by its owner, so the fast paths take no
 * lock and make no atomic operation (alloc/heap.inc, H1-H4).
 *
 * Tunables
 * --------
 * - 1 MiB arenas, 16 KiB pools: CPython's geometry since 3.10 on 64-bit.
 *   The radix map makes arena size free to choose; 16 KiB pools hold 32 of
 *   the largest blocks, so a class's pool is rarely re-acquired.  Against
 *   256 KiB / 4 KiB (the OHI_ARENA_SHIFT / OHI_POOL_SHIFT overrides): 0.7
 *   MiB less resident with 2 million 64-byte blocks live, the arena header
 *   being paid per 1 MiB (docs/ALLOCATOR.md, "Choices measured").
 * - At most one drained arena kept, and only when no other arena has a
 *   free pool (CPython keeps one too, python/cpython#135153).
 * - OHI_POOL_FIRST = 48: blocks laid out from each pool's very start made
 *   CPython's full collections 1.45x slower than on pymalloc (same heap,
 *   same object order and page count); 48, pymalloc's own layout, matches
 *   it, while 16 and 64 do not.  It costs one block in pools whose class
 *   divides 16 KiB evenly (docs/ALLOCATOR.md).
 * - Shrinking realloc keeps the block unless it shrinks by over a quarter
 *   (CPython's rule): copying costs more than the slack saves.
 */
#include "internal.h"

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

/* Debug fill values: three distinct bytes, none a plausible pointer or
 * small integer, so a read of them stands out.  The debug layout is
 * alloc/debug.inc's; it is defined here because the pools (fresh_block)
 * and the entry points (object_pool_max, oh_usable_size) know it too. */
#define OHI_CLEANBYTE 0xCB      /* fresh data, never written by the user */
#define OHI_DEADBYTE 0xDB       /* freed data */
#define OHI_GUARDBYTE 0xFB      /* guard bytes after the data */
#define OHI_DEBUG_HEAD 16       /* header before the data */
#define OHI_DEBUG_TAIL 8        /* fewest guard bytes after the data */
#define OHI_TAG_LIVE 0x4c495600u        /* "LIV" + family byte */
#define OHI_TAG_DEAD 0x44454400u        /* "DED" + family byte */

_Static_assert(sizeof(ohi_arena) <= OHI_ARENA_HEADER_SIZE,
               "the arena header must fit before pool 0's blocks");
_Static_assert(OHI_NFAMILIES * OH_NCLASSES <= 256,
               "a pool's free-cache index fits its uint8_t field");
_Static_assert(OHI_FCACHE_SLOTS < 256,
               "a free-cache stack's count fits its uint8_t");
_Static_assert(OHI_POOLS_PER_ARENA == 64,
               "bucket_mask has one bit per free-pool count 1..64");
_Static_assert(OH_SMALL_MAX / OH_ALIGNMENT == OH_NCLASSES,
               "one class per 16-byte step up to 1024");
_Static_assert(OHI_SIZE_CLASS(1) == 0 && OHI_SIZE_CLASS(16) == 0
               && OHI_SIZE_CLASS(17) == 1 && OHI_SIZE_CLASS(1024) == 63,
               "size class mapping");
_Static_assert(OHI_CLASS_SIZE(OH_NCLASSES - 1) == OH_SMALL_MAX,
               "the largest class is the small-request limit");
_Static_assert(OHI_POOL_FIRST % OH_ALIGNMENT == 0
               && OHI_POOL_FIRST + OH_SMALL_MAX <= OHI_POOL_SIZE,
               "a pool's first block is aligned and a pool holds a block");
_Static_assert(OHI_ARENA_HEADER_SIZE % OH_ALIGNMENT == 0
               && OHI_POOL_SIZE % OH_ALIGNMENT == 0,
               "blocks stay 16-aligned");
_Static_assert(OHI_POOL_SIZE < UINT16_MAX,
               "pool offsets and block counts fit in 16 bits");
_Static_assert(sizeof(ohi_pool) == 32, "two pool headers per cache line");
_Static_assert(alignof(max_align_t) >= OH_ALIGNMENT,
               "the C library's malloc aligns to 16 as well");
_Static_assert(OHI_DEBUG_HEAD % OH_ALIGNMENT == 0,
               "debug data stays 16-aligned");
_Static_assert(OHI_MAP_OWNED % 2 == 0 && OHI_MAP_OWNED + 2 * OHI_MAP_IDS <= 256,
               "owned map bytes: even for pools, odd for medium (MB1)");

typedef struct debug_head {
    size_t n;                   /* bytes requested */
    uint32_t serial;            /* debug allocations before this one */
    uint32_t tag;               /* OHI_TAG_LIVE/DEAD | family */
} debug_head;
_Static_assert(sizeof(debug_head) == OHI_DEBUG_HEAD, "debug header size");

#if OH_DEBUG >= 3
#  define CHECK_POOL(pool) ohi_alloc_check_pool(pool)
#else
#  define CHECK_POOL(pool) ((void)0)
#endif

/* Defined in a part included further down (see the list at the top),
 * called before it. */
static void alloc_init(void);                           /* slow.inc */
static void *malloc_slow(ohi_alloc_state *a, size_t n, int family);
static void free_slow(ohi_alloc_state *a, void *p, int family, int kind);
static void *realloc_slow(ohi_alloc_state *a, void *p, size_t n);
static void heap_collect(ohi_alloc_state *a);           /* heap.inc */
static void medium_give_kept(ohi_alloc_state *a);       /* medium.inc */
static int huge_kind(const void *p, int kind);          /* huge.inc */
static void *raw_malloc(ohi_alloc_state *a, size_t n, int family);
static bool looks_like_debug_block(const void *p);      /* debug.inc */
static bool is_debug_block(ohi_alloc_state *a, const void *p,
                           const char *call);
static void *debug_malloc(ohi_alloc_state *a, size_t n, int family);
static void debug_free(ohi_alloc_state *a, void *p, int family,
                       const char *call);
static const char *family_deallocator(int family);
/* Defined below, called before. */
static void cache_evict_pool(ohi_alloc_state *a, ohi_pool *pool);
static void pool_after_free(ohi_alloc_state *a, ohi_pool *pool,
                            bool was_full);

/* What every heap shares (alloc/heap.inc). */
ohi_alloc_shared ohi_alloc_sh;
#define SH (&ohi_alloc_sh)

/* ==========================================================================
 * Small helpers: gauges, the radix map, pool geometry
 * ========================================================================== */

/* Gauges are shared by every heap: atomic adds, and a peak raised by
 * compare-and-swap. */
static void
gauge_add(oh_gauge *g, int64_t delta)
{
    int64_t now = __atomic_add_fetch(&g->current, delta, __ATOMIC_RELAXED);
    if (delta > 0)
        __atomic_add_fetch(&g->total, delta, __ATOMIC_RELAXED);
    int64_t peak = __atomic_load_n(&g->peak, __ATOMIC_RELAXED);
    while (now > peak
           && !__atomic_compare_exchange_n(&g->peak, &peak, now, true,
                                           __ATOMIC_RELAXED,
                                           __ATOMIC_RELAXED))
        ;
}

static oh_gauge
gauge_read(const oh_gauge *g)
{
    oh_gauge r;
    r.current = __atomic_load_n(&g->current, __ATOMIC_RELAXED);
    r.peak = __atomic_load_n(&g->peak, __ATOMIC_RELAXED);
    r.total = __atomic_load_n(&g->total, __ATOMIC_RELAXED);
    return r;
}

/* The map's leaves and bytes are written by any thread (arenas come and
 * go in every heap) and read by every free: relaxed atomic loads, which
 * compile to the plain loads they were.  The byte as it is, owner and all
 * (MB1).  An address past 48 bits is refused by its root index, which the
 * look-up computes anyway: one instruction fewer than testing the
 * address's top bits apart (every free runs it). */
OHI_INLINE unsigned
map_byte(const void *p)
{
    uintptr_t slot = (uintptr_t)p >> OHI_ARENA_SHIFT;
    uintptr_t root = slot >> OHI_MAP_LEAF_BITS;
    if (OH_UNLIKELY(root >= (uintptr_t)1 << OHI_MAP_ROOT_BITS))
        return OHI_MAP_NONE;
    const uint8_t *leaf = __atomic_load_n(&SH->map_root[root],
                                          __ATOMIC_ACQUIRE);
    /* Unlikely, so that the free of an arena block runs straight on: laid
     * out as a taken branch, it cost hot32 and lifo 6-10% when called
     * through a pointer or the PLT (docs/ALLOCATOR.md, "The fast
     * paths"). */
    if (OH_UNLIKELY(leaf == NULL))
        return OHI_MAP_NONE;
    return __atomic_load_n(
        &leaf[slot & (((uintptr_t)1 << OHI_MAP_LEAF_BITS) - 1)],
        __ATOMIC_RELAXED);
}

/* A map byte without its owner: NONE, ARENA, MEDIUM or a huge count. */
OHI_INLINE int
map_kind(unsigned b)
{
    return b < OHI_MAP_OWNED ? (int)b : OHI_MAP_ARENA + (int)(b & 1);
}

OHI_INLINE int
map_lookup(const void *p)
{
    return map_kind(map_byte(p));
}

/* What p is: NONE, ARENA or HUGE (a live huge block's data pointer), with
 * the slots that count huge blocks resolved through their registry. */
int
ohi_alloc_map_lookup(const void *p)
{
    return huge_kind(p, map_lookup(p));
}

/* Set the map entry of the 1 MiB slot at `base`.  A missing leaf is the
 * spare one (map_spare, which only code under the lock may take: pass
 * use_spare) if there is one, else mapped now, and installed with a
 * compare-and-swap, since two heaps may need the same leaf at once;
 * returns -1 if that fails (nothing changed).  Two heaps never write the
 * same byte at once: an arena's slot is its heap's, and huge slots are
 * written under the lock. */
static int
map_set(const void *base, uint8_t value, bool use_spare)
{
    uintptr_t slot = (uintptr_t)base >> OHI_ARENA_SHIFT;
    OH_ASSERT((slot >> OHI_MAP_BITS) == 0);
    uint8_t **rootp = &SH->map_root[slot >> OHI_MAP_LEAF_BITS];
    uint8_t *leaf = __atomic_load_n(rootp, __ATOMIC_ACQUIRE);
    if (leaf == NULL) {
        size_t leaf_bytes = (size_t)1 << OHI_MAP_LEAF_BITS;
        uint8_t *mine = NULL;
        if (use_spare && SH->map_spare != NULL) {
            mine = SH->map_spare;
            SH->map_spare = NULL;
        }
        else if ((mine = ohi_os_map(leaf_bytes)) == NULL) {
            return -1;
        }
        if (__atomic_compare_exchange_n(rootp, &leaf, mine, false,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            leaf = mine;
        else
            ohi_os_unmap(mine, leaf_bytes);     /* another heap's won */
    }
    __atomic_store_n(&leaf[slot & (((uintptr_t)1 << OHI_MAP_LEAF_BITS) - 1)],
                     value, __ATOMIC_RELAXED);
    return 0;
}

OHI_INLINE ohi_arena *
arena_of(const void *p)
{
    return (ohi_arena *)((uintptr_t)p & ~(uintptr_t)OHI_ARENA_MASK);
}

/* Written as one sum, so the compiler keeps one pointer to the header and
 * not an arena base plus an index: every free computes it, and a mass free
 * pays for each instruction ahead of its push far more than its count
 * (docs/ALLOCATOR.md, "What the mass free is sensitive to"). */
OHI_INLINE ohi_pool *
pool_of(const void *p)
{
    uintptr_t off = ((uintptr_t)p >> OHI_POOL_SHIFT)
                    % OHI_POOLS_PER_ARENA * sizeof(ohi_pool);
    return (ohi_pool *)((uintptr_t)arena_of(p) + offsetof(ohi_arena, pools)
                        + off);
}

ohi_pool *
ohi_alloc_pool_of(const void *p)
{
    return pool_of(p);
}

OHI_INLINE size_t
pool_index(const ohi_pool *pool)
{
    return (size_t)(pool - arena_of(pool)->pools);
}

OHI_INLINE char *
pool_base(const ohi_pool *pool)
{
    return (char *)arena_of(pool) + pool_index(pool) * OHI_POOL_SIZE;
}

/* Pool 0 of each arena starts after the arena header (P5). */
OHI_INLINE char *
pool_first_block(const ohi_pool *pool)
{
    size_t i = pool_index(pool);
    return pool_base(pool) + (i == 0 ? OHI_ARENA_HEADER_SIZE : 0)
           + OHI_POOL_FIRST;
}

/* The bytes a pool's blocks may occupy: from its first block to the next
 * pool's (P5), so the 48-byte gap before a pool's first block belongs to
 * the pool below it; the last pool ends with its arena. */
OHI_INLINE size_t
pool_bytes(size_t index)
{
    return OHI_POOL_SIZE - (index == 0 ? OHI_ARENA_HEADER_SIZE : 0)
           - (index == OHI_POOLS_PER_ARENA - 1 ? OHI_POOL_FIRST : 0);
}

/* Blocks of class c in pool `index`: as many as fit in its bytes, each
 * starting inside the pool (P5).  Against blocks that must end inside it
 * too, this is one more block in some classes (64-byte blocks: 256
 * instead of 255, 512-byte: 32 instead of 31, 1024-byte: 16 instead of
 * 15).  Debug mode keeps every
 * block inside its pool: it hands out the address 16 bytes into a block,
 * which must find the block's pool as the block's own address does. */
OHI_INLINE unsigned
capacity_of(size_t index, unsigned c, bool debug)
{
    size_t size = OHI_CLASS_SIZE(c);
    size_t inside = OHI_POOL_SIZE - OHI_POOL_FIRST
                    - (index == 0 ? OHI_ARENA_HEADER_SIZE : 0);
    if (debug)
        return (unsigned)(inside / size);
    size_t fit = pool_bytes(index) / size;
    size_t start = (inside + size - 1) / size;
    return (unsigned)(fit < start ? fit : start);
}

OHI_INLINE unsigned
pool_capacity(const ohi_pool *pool)
{
    return capacity_of(pool_index(pool), pool->szidx, SH->debug);
}

char *
ohi_alloc_pool_first_block(const ohi_pool *pool)
{
    return pool_first_block(pool);
}

char *
ohi_alloc_pool_bump(const ohi_pool *pool)
{
    return pool_base(pool) + pool->nextoffset;
}

unsigned
ohi_alloc_pool_capacity(const ohi_pool *pool)
{
    return pool_capacity(pool);
}

/* Read a free block's link.  Free blocks are poisoned in sanitizer builds,
 * so the word is unpoisoned for the read and poisoned again after. */
OHI_INLINE ohi_block *
block_next(const ohi_block *b)
{
    OHI_UNPOISON(b, sizeof *b);
    ohi_block *next = b->next;
    OHI_POISON(b, sizeof *b);
    return next;
}

OHI_INLINE void
block_set_next(ohi_block *b, ohi_block *next)
{
    OHI_UNPOISON(b, sizeof *b);
    b->next = next;
    OHI_POISON(b, sizeof *b);
}

/* ==========================================================================
 * Arenas
 * ========================================================================== */

/* Which of the two sets of buckets an arena belongs on (A3). */
OHI_INLINE unsigned
bucket_kind(const ohi_arena *ar)
{
    return ar->freepools != NULL ? OHI_BUCKET_CARVED : OHI_BUCKET_FRESH;
}

/* Put an arena with a free pool on its bucket (A3). */
OHI_INLINE void
bucket_insert(ohi_alloc_state *a, ohi_arena *ar)
{
    unsigned k = bucket_kind(ar), b = ar->nfreepools - 1;
    OH_ASSERT(ar->nfreepools >= 1 && ar->nfreepools <= OHI_POOLS_PER_ARENA);
    ar->prev = NULL;
    ar->next = a->buckets[k][b];
    if (ar->next != NULL)
        ar->next->prev = ar;
    a->buckets[k][b] = ar;
    a->bucket_mask[k] |= (uint64_t)1 << b;
}

/* Take an arena off its bucket, before its free pools change (A3). */
OHI_INLINE void
bucket_remove(ohi_alloc_state *a, ohi_arena *ar)
{
    if (ar->nfreepools == 0)
        return;
    unsigned k = bucket_kind(ar), b = ar->nfreepools - 1;
    if (ar->prev != NULL)
        ar->prev->next = ar->next;
    else
        a->buckets[k][b] = ar->next;
    if (ar->next != NULL)
        ar->next->prev = ar->prev;
    if (a->buckets[k][b] == NULL)
        a->bucket_mask[k] &= ~((uint64_t)1 << b);
}

/* Does any arena of the heap have a free pool? */
OHI_INLINE bool
any_free_pool(const ohi_alloc_state *a)
{
    return (a->bucket_mask[OHI_BUCKET_FRESH]
            | a->bucket_mask[OHI_BUCKET_CARVED]) != 0;
}

#include "alloc/warm.inc"

/* Map 1 MiB for an arena of heap a, entered in the radix map as `kind`
 * (ARENA, or MEDIUM for alloc/medium.inc) with the heap's id (MB1) and
 * counted.  NULL if the OS refuses. */
static ohi_arena *
arena_map(ohi_alloc_state *a, uint8_t kind)
{
    /* Arenas are mapped next to each other when the address space allows,
     * so the kernel merges them into one mapping: the page tables stay
     * dense, and walking a big heap misses in the TLB and the page-walk
     * caches no more than pymalloc's arenas do.  Aligned mappings made
     * one by one leave a hole beside each arena, and a heap of 35 arenas
     * becomes 35 mappings: CPython's full collections over such a heap
     * ran 1.33x slower than over pymalloc's (docs/ALLOCATOR.md). */
    /* The hint is shared by every heap: two heaps reading the same one
     * race harmlessly, since mapping at it never replaces a mapping. */
    OH_ASSERT(a->map_arena != OHI_MAP_NONE);    /* registered (MB1) */
    warm_tick();
    /* A warm arena first (alloc/warm.inc): its pages are there. */
    char *mem = (char *)warm_take_arena();
    if (mem == NULL) {
        warm_shed(OHI_ARENA_SIZE, false);
        char *hint = __atomic_load_n(&SH->arena_hint, __ATOMIC_RELAXED);
        mem = hint ? ohi_os_map_at(hint, OHI_ARENA_SIZE) : NULL;
        if (mem == NULL)
            mem = ohi_os_map_aligned(OHI_ARENA_SIZE, OHI_ARENA_SIZE);
        if (mem == NULL)
            return NULL;
        __atomic_store_n(&SH->arena_hint,
                         (uintptr_t)mem > OHI_ARENA_SIZE
                             ? mem - OHI_ARENA_SIZE : NULL,
                         __ATOMIC_RELAXED);
    }
    if (((uintptr_t)mem >> OHI_ARENA_SHIFT) >> OHI_MAP_BITS
        || map_set(mem, (uint8_t)(a->map_arena + (kind == OHI_MAP_MEDIUM)),
                   false) < 0) {
        ohi_os_unmap(mem, OHI_ARENA_SIZE);
        return NULL;
    }
    /* The header reads as zero (a fresh mapping, or a warm arena's
     * cleared): every pool header is UNTOUCHED. */
    ohi_arena *ar = (ohi_arena *)mem;
    ar->serial = __atomic_fetch_add(&SH->arena_serial, 1, __ATOMIC_RELAXED);
    ar->heap = a;
    gauge_add(&SH->arenas, 1);
    gauge_add(&SH->arena_bytes, (int64_t)OHI_ARENA_SIZE);
    OHI_POISON(mem + OHI_ARENA_HEADER_SIZE,
               OHI_ARENA_SIZE - OHI_ARENA_HEADER_SIZE);
    return ar;
}

/* Map a new arena of pools, enter it in the all-arenas list and the
 * bucket of arenas with 64 free pools.  NULL if the OS refuses.
 *
 * A drained medium arena kept for the next span (M3) goes back first,
 * warm, so that arena_map takes it again, newest first, with its pages
 * resident: a program whose blocks moved from medium spans to pools then
 * touches no new pages, where the kept arena used to stay idle beside
 * the new one (objheap-python's gcbench peaked 2.3% higher that way;
 * docs/ALLOCATOR.md, "A kept medium arena serves the pools"). */
static ohi_arena *
arena_new(ohi_alloc_state *a)
{
    medium_give_kept(a);
    ohi_arena *ar = arena_map(a, OHI_MAP_ARENA);
    if (ar == NULL)
        return NULL;
    ar->ntouched = 0;
    ar->freepools = NULL;
    ar->nfreepools = OHI_POOLS_PER_ARENA;
    ar->nreserve = 0;
    bucket_insert(a, ar);               /* FRESH: nothing carved yet */
    ar->all_prev = NULL;
    ar->all_next = a->arenas_all;
    if (ar->all_next != NULL)
        ar->all_next->all_prev = ar;
    a->arenas_all = ar;
    return ar;
}

static void arena_unmap(ohi_alloc_state *a, ohi_arena *ar, bool medium);

/* Unmap an arena whose pools are all free. */
static void
arena_release(ohi_alloc_state *a, ohi_arena *ar)
{
    OH_ASSERT(ar->nfreepools == OHI_POOLS_PER_ARENA && ar->nreserve == 0);
    if (a->kept_arena == ar)
        a->kept_arena = NULL;
    bucket_remove(a, ar);
    if (ar->all_prev != NULL)
        ar->all_prev->all_next = ar->all_next;
    else
        a->arenas_all = ar->all_next;
    if (ar->all_next != NULL)
        ar->all_next->all_prev = ar->all_prev;
    arena_unmap(a, ar, false);
}

/* Take an arena of either kind out of the radix map and give it back:
 * warm for a while, or to the OS at once (alloc/warm.inc). */
static void
arena_unmap(ohi_alloc_state *a, ohi_arena *ar, bool medium)
{
    map_set(ar, OHI_MAP_NONE, false);   /* the leaf exists: cannot fail */
    gauge_add(&SH->arenas, -1);
    gauge_add(&SH->arena_bytes, -(int64_t)OHI_ARENA_SIZE);
    a->arenas_released++;
    warm_put_arena(ar, medium);
}

/* ==========================================================================
 * Pools
 * ========================================================================== */

OHI_INLINE void
used_push(ohi_alloc_state *a, ohi_pool *pool)
{
    ohi_pool **head = &a->used[pool->family][pool->szidx];
    pool->prevpool = NULL;
    pool->nextpool = *head;
    if (*head != NULL)
        (*head)->prevpool = pool;
    *head = pool;
    pool->state = OHI_POOL_USED;
}

OHI_INLINE void
used_unlink(ohi_alloc_state *a, ohi_pool *pool)
{
    if (pool->prevpool != NULL)
        pool->prevpool->nextpool = pool->nextpool;
    else
        a->used[pool->family][pool->szidx] = pool->nextpool;
    if (pool->nextpool != NULL)
        pool->nextpool->prevpool = pool->prevpool;
    pool->nextpool = pool->prevpool = NULL;
}

/* A never-used block joins the free list.  In debug mode its tag is
 * cleared: the memory may hold a dead tag left by a block of another class,
 * and only blocks that were really freed are checked for the dead fill. */
OHI_INLINE void
fresh_block(const ohi_alloc_state *a, ohi_block *b)
{
    block_set_next(b, NULL);
    if (OH_UNLIKELY(SH->debug)) {
        OHI_UNPOISON(b, OHI_DEBUG_HEAD);
        ((debug_head *)(void *)b)->tag = 0;
        OHI_POISON(b, OHI_DEBUG_HEAD);
    }
}

/* Set a pool up for class c: one block on the free list (P3), the rest
 * never used. */
static void
pool_init(ohi_alloc_state *a, ohi_pool *pool, int family, unsigned c)
{
    size_t size = OHI_CLASS_SIZE(c);
    char *base = pool_base(pool);
    char *first = pool_first_block(pool);
    pool->szidx = (uint8_t)c;
    pool->family = (uint8_t)family;
    pool->fcache = (uint8_t)OHI_FCACHE_INDEX(family, c);
    pool->nalloc = 0;
    pool->freeblock = (ohi_block *)first;
    fresh_block(a, pool->freeblock);
    pool->nextoffset = (uint16_t)(first + size - base);
    a->pool_inits++;
    gauge_add(&SH->pools, 1);
    used_push(a, pool);
}

/* Give class c of a family a USED pool: an EMPTY pool of the fullest
 * arena that has one; else an UNTOUCHED pool of the fullest arena that has
 * one; else one of a new arena.  NULL if the OS refuses.
 *
 * An EMPTY pool's pages are resident, an UNTOUCHED pool's are not, so the
 * first choice costs no memory and the second does: taking the fullest
 * arena's UNTOUCHED pool while other arenas held EMPTY ones (pymalloc's
 * rule, and objheap's before) left those resident and idle while new
 * pages were touched: objheap-python's gcbench peaked 4% higher that way
 * (docs/ALLOCATOR.md, "Empty pools before untouched ones"). */
static OHI_NOINLINE ohi_pool *
pool_acquire(ohi_alloc_state *a, int family, unsigned c)
{
    warm_tick();
    ohi_arena *ar;
    uint64_t carved = a->bucket_mask[OHI_BUCKET_CARVED];
    uint64_t fresh = a->bucket_mask[OHI_BUCKET_FRESH];
    if (carved != 0) {
        ar = a->buckets[OHI_BUCKET_CARVED][__builtin_ctzll(carved)];
    }
    else if (fresh != 0) {
        ar = a->buckets[OHI_BUCKET_FRESH][__builtin_ctzll(fresh)];
    }
    else {
        ar = arena_new(a);
        if (ar == NULL)
            return NULL;
    }
    bucket_remove(a, ar);
    OH_ASSERT(ar->nfreepools >= 1);                             /* A3 */
    ar->nfreepools--;
    ohi_pool *pool;
    if (ar->freepools != NULL) {
        pool = ar->freepools;
        ar->freepools = pool->nextpool;
        OH_ASSERT(pool->state == OHI_POOL_EMPTY);               /* A1 */
    }
    else {
        OH_ASSERT(ar->ntouched < OHI_POOLS_PER_ARENA);
        pool = &ar->pools[ar->ntouched++];
        OH_ASSERT(pool->state == OHI_POOL_UNTOUCHED);           /* A2 */
        if (ar->ntouched > ar->nresident)
            warm_fresh_touch();         /* new pages: alloc/warm.inc */
    }
    if (ar->nfreepools != 0)
        bucket_insert(a, ar);
    if (pool->state == OHI_POOL_EMPTY && pool->szidx == c
        && pool->family == family) {
        /* It last held this class: its free list and bump pointer still
         * describe every block as free (P4 with nalloc 0). */
        gauge_add(&SH->pools, 1);
        used_push(a, pool);
        return pool;
    }
    pool_init(a, pool, family, c);
    return pool;
}

/* A pool with no block left to hand out leaves its used list (P1, P3). */
static OHI_NOINLINE void
pool_retire(ohi_alloc_state *a, ohi_pool *pool)
{
    OH_ASSERT(pool->state == OHI_POOL_USED);                    /* P1 */
    used_unlink(a, pool);
    pool->state = OHI_POOL_FULL;
}

/* A pool's bump offset reached its end: hand out the block that ends in
 * the next pool's gap, if capacity_of counts one (P5), or retire the
 * pool.  At most twice per filling of a pool, so the common case in
 * pool_refill tests only the pool's end. */
static OHI_NOINLINE void *
pool_refill_edge(ohi_alloc_state *a, ohi_pool *pool, void *taken)
{
    size_t size = OHI_CLASS_SIZE(pool->szidx);
    char *first = pool_first_block(pool);
    char *next = pool_base(pool) + pool->nextoffset;
    if ((size_t)(next - first) / size < pool_capacity(pool)) {
        pool->nextoffset = (uint16_t)(pool->nextoffset + size);
        fresh_block(a, (ohi_block *)next);
        pool->freeblock = (ohi_block *)next;
    }
    else {
        pool_retire(a, pool);
    }
    return taken;
}

/* The pool's free list ran dry after allocating `taken`: refill it with
 * the next never-used block, or retire the pool as FULL (P3).  Inline,
 * since every allocation of a never-used block comes here.  The pool's
 * start is the taken block's address rounded down (P5: it starts inside
 * the pool), shorter than going through the header's place.  Returns
 * `taken`, so that the call to the edge case is the caller's last act (a
 * jump): with a value to keep across a call, every oh_malloc would save
 * and restore a register on every path (docs/ALLOCATOR.md, "The fast
 * paths", has what each of these saved). */
OHI_INLINE void *
pool_refill(ohi_alloc_state *a, ohi_pool *pool, void *taken)
{
    size_t size = OHI_CLASS_SIZE(pool->szidx);
    if (OH_LIKELY(pool->nextoffset + size <= OHI_POOL_SIZE)) {
        ohi_block *b = (ohi_block *)(((uintptr_t)taken
                                      & ~(uintptr_t)OHI_POOL_MASK)
                                     + pool->nextoffset);
        pool->nextoffset = (uint16_t)(pool->nextoffset + size);
        fresh_block(a, b);
        pool->freeblock = b;
        return taken;
    }
    return pool_refill_edge(a, pool, taken);
}

/* Does the arena hold no live block (A6)?  Scans the reserves only when
 * the counts say it might. */
static bool
arena_drained(const ohi_alloc_state *a, const ohi_arena *ar)
{
    if (ar->nfreepools + ar->nreserve != OHI_POOLS_PER_ARENA)
        return false;
    ohi_pool *const *r = &a->reserve[0][0];
    for (size_t i = 0; ar->nreserve != 0 && i < OHI_NFAMILIES * OH_NCLASSES;
         i++)
        if (r[i] != NULL && arena_of(r[i]) == ar && r[i]->nalloc != 0)
            return false;
    return true;
}

/* Set a reserve slot (P2, A6).  A class over 512 bytes keeps its slot's
 * place in big_order: taken out when cleared, moved to the end (newest)
 * when set; its caller makes room first (pool_after_free). */
static void
set_reserve(ohi_alloc_state *a, ohi_pool **slot, ohi_pool *pool)
{
    bool big = (size_t)(slot - &a->reserve[0][0]) % OH_NCLASSES
               >= OHI_BIG_CLASS;
    if (*slot != NULL) {
        arena_of(*slot)->nreserve--;
        if (big) {
            unsigned i = 0;
            while (a->big_order[i] != slot)
                i++;
            a->big_reserves--;
            memmove(&a->big_order[i], &a->big_order[i + 1],
                    (a->big_reserves - i) * sizeof a->big_order[0]);
        }
    }
    OH_ASSERT(pool == NULL
              || (slot == &a->reserve[pool->family][pool->szidx]
                  && arena_of(pool)->heap == a));               /* P2 */
    *slot = pool;
    if (pool != NULL) {
        arena_of(pool)->nreserve++;
        if (big) {
            OH_ASSERT(a->big_reserves < OHI_BIG_RESERVES);
            a->big_order[a->big_reserves++] = slot;
        }
    }
}

/* An invariant found broken by a walker (oh_alloc_check, or the debug
 * build's checks after every operation): the heap is corrupt already.
 * The report says which check caught it. */
static OHI_NORETURN OH_PRINTF(1, 2) void
check_failed(const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ohi_fatal("%s; caught by the allocator's consistency check "
              "(oh_alloc_check, or the debug build's check after each "
              "operation)", msg);
}

#if OH_DEBUG >= 3
/* A7, for the one arena a free touched: the debug build's per-operation
 * walker. */
static void
check_drained_kept(const ohi_alloc_state *a, const ohi_arena *ar)
{
    if (ar != a->kept_arena && arena_drained(a, ar))
        check_failed("arena %p holds no live block and is not the kept one "
                     "(A7)", (const void *)ar);
}
#endif

/* USED -> EMPTY: give an empty pool back to its arena. */
static void
pool_release(ohi_alloc_state *a, ohi_pool *pool)
{
    OH_ASSERT(pool->nalloc == 0
              && a->reserve[pool->family][pool->szidx] != pool);
    cache_evict_pool(a, pool);  /* F2 */
    used_unlink(a, pool);
    pool->state = OHI_POOL_EMPTY;
    gauge_add(&SH->pools, -1);
    ohi_arena *ar = arena_of(pool);
    bucket_remove(a, ar);
    pool->nextpool = ar->freepools;
    ar->freepools = pool;
    ar->nfreepools++;
    bucket_insert(a, ar);
}

/* Has an arena other than ar a free pool to give? */
static bool
other_arena_has_free_pool(const ohi_alloc_state *a, const ohi_arena *ar)
{
    if (ar->nfreepools == 0)            /* all 64 pools reserves */
        return any_free_pool(a);
    unsigned k = bucket_kind(ar), b = ar->nfreepools - 1;
    if (a->buckets[k][b] != ar || ar->next != NULL)
        return true;                    /* ar shares its bucket (A3) */
    return (a->bucket_mask[k] & ~((uint64_t)1 << b)) != 0
           || a->bucket_mask[!k] != 0;
}

/* Would ar be kept if it drained now?  Yes if the next new pool would
 * have to come from it (no other arena has a free pool) and no other
 * drained arena is kept. */
static bool
arena_keeps(const ohi_alloc_state *a, const ohi_arena *ar)
{
    ohi_arena *kept = a->kept_arena;
    return !other_arena_has_free_pool(a, ar)
           && (kept == NULL || kept == ar || !arena_drained(a, kept))
           && !__atomic_load_n(&a->abandoned, __ATOMIC_RELAXED);  /* H4 */
}

/* The arena holds no live block: keep it (arena_keeps), or give back its
 * reserves and unmap it. */
static void
arena_on_drained(ohi_alloc_state *a, ohi_arena *ar)
{
    if (arena_keeps(a, ar)) {
        a->kept_arena = ar;
        return;
    }
    ohi_pool **slots = &a->reserve[0][0];
    for (size_t i = 0; ar->nreserve != 0 && i < OHI_NFAMILIES * OH_NCLASSES;
         i++) {
        ohi_pool *r = slots[i];
        if (r != NULL && arena_of(r) == ar) {
            set_reserve(a, &slots[i], NULL);
            pool_release(a, r);
        }
    }
    arena_release(a, ar);
}

/* A pool of ar has just emptied, or cached its last block (F2).  If ar
 * now holds no live block, keep it or give it back (arena_on_drained).
 * If every pool of ar is free or a reserve but a reserve still holds a
 * block, and ar would be kept were that block freed, ar becomes the kept
 * arena now: the frees of a reserve's last block then stay on the fast
 * path (cached_free tests kept_arena first), where each of them would
 * otherwise come here and scan the reserves for a live block.  A program
 * with a few live blocks of many classes, all in one arena, did that on
 * most frees (docs/ALLOCATOR.md, "A small heap of many classes").  The
 * arena is then kept when it drains as it would have been now; kept_arena
 * may name an arena that is not drained (it does once a kept arena is
 * used again), and A7 asks only that a drained arena be the kept one. */
static void
arena_after_empty(ohi_alloc_state *a, ohi_arena *ar)
{
    if (ar == a->kept_arena
        || ar->nfreepools + ar->nreserve != OHI_POOLS_PER_ARENA)
        return;
    if (arena_drained(a, ar))
        arena_on_drained(a, ar);
    else if (arena_keeps(a, ar))
        a->kept_arena = ar;
}

/* A free emptied the pool (pool_after_free): keep it as its class's
 * reserve, or give it back to its arena. */
static OHI_NOINLINE void
pool_emptied(ohi_alloc_state *a, ohi_pool *pool)
{
    ohi_arena *ar = arena_of(pool);
    ohi_pool **reserve = &a->reserve[pool->family][pool->szidx];
    ohi_pool *displaced = NULL;
    if (*reserve != pool) {
        if (a->used[pool->family][pool->szidx] == pool
            && pool->nextpool == NULL
            && !__atomic_load_n(&a->abandoned, __ATOMIC_RELAXED)) { /* H4 */
            /* The class's last pool.  Over 512 bytes, the reserve set
             * longest ago makes room if there is none. */
            if (*reserve == NULL && pool->szidx >= OHI_BIG_CLASS
                && a->big_reserves == OHI_BIG_RESERVES) {
                displaced = *a->big_order[0];
                set_reserve(a, a->big_order[0], NULL);
            }
            set_reserve(a, reserve, pool);
        }
        else
            pool_release(a, pool);
    }
    /* A displaced reserve still counts as a used pool here, so neither
     * its arena nor ar drains on its account before it is given back. */
    arena_after_empty(a, ar);
    if (displaced != NULL && displaced->nalloc == 0) {
        ohi_arena *dar = arena_of(displaced);
        pool_release(a, displaced);
        arena_after_empty(a, dar);
    }
}

/* A free made a FULL pool usable again, or emptied a pool.  The pool's
 * free list already holds the freed block.  The emptying is out of line
 * (pool_emptied), so that the common case, a FULL pool back on its used
 * list, saves no registers (it pushed six). */
static OHI_NOINLINE void
pool_after_free(ohi_alloc_state *a, ohi_pool *pool, bool was_full)
{
    if (was_full)
        used_push(a, pool);
    if (pool->nalloc == 0)
        pool_emptied(a, pool);
}

/* ==========================================================================
 * Small blocks: the operations every path shares
 * ========================================================================== */

/* Pop a block from a USED pool; `unpoison` bytes of it become usable. */
OHI_INLINE void *
pool_pop(ohi_alloc_state *a, ohi_pool *pool, size_t unpoison)
{
    ohi_block *b = pool->freeblock;
    ohi_block *next = block_next(b);
    /* The next allocation of this class reads next's link: start that
     * (likely cold) load now.  A prefetch of NULL is harmless. */
    __builtin_prefetch(next, 1, 3);
    pool->freeblock = next;
    pool->nalloc++;
    OHI_UNPOISON(b, unpoison);
    if (OH_UNLIKELY(next == NULL))
        return pool_refill(a, pool, b);
    return b;
}

/* Count a failed allocation and fail as malloc does. */
static void *
alloc_failed(ohi_alloc_state *a)
{
    a->failed++;
    errno = ENOMEM;
    return NULL;
}

/* A block of class c of a family, with `unpoison` usable bytes, or NULL
 * (errno set). */
static void *
small_alloc(ohi_alloc_state *a, int family, unsigned c, size_t unpoison)
{
    ohi_pool *pool = a->used[family][c];
    if (pool == NULL) {
        /* Blocks other threads freed may refill a pool of this class
         * before a new one is taken (H3). */
        heap_collect(a);
        pool = a->used[family][c];
    }
    if (pool == NULL) {
        pool = pool_acquire(a, family, c);
        if (pool == NULL)
            return alloc_failed(a);
    }
    void *p = pool_pop(a, pool, unpoison);
    CHECK_POOL(pool);
    return p;
}

OHI_INLINE void
small_free(ohi_alloc_state *a, void *p)
{
    ohi_pool *pool = pool_of(p);
    ohi_block *b = p;
    ohi_block *head = pool->freeblock;
    OHI_POISON(b, OHI_CLASS_SIZE(pool->szidx));
    block_set_next(b, head);
    pool->freeblock = b;
    uint32_t left = --pool->nalloc;
    if (OH_UNLIKELY(head == NULL || left == 0))
        pool_after_free(a, pool, head == NULL);
#if OH_DEBUG >= 3
    /* The free may have drained and unmapped the pool's arena. */
    if (map_lookup(pool) == OHI_MAP_ARENA) {
        ohi_alloc_check_pool(pool);
        check_drained_kept(a, arena_of(pool));
    }
#endif
}

/* --- the free cache (F1..F3 in internal.h) ------------------------------ */

/* Push a block on stack idx (its pool's), uncounted in its pool (F1). */
OHI_INLINE void
cache_push(ohi_alloc_state *a, size_t idx, ohi_pool *pool, void *p)
{
    OH_ASSERT(idx == pool->fcache && a->fcache_n[idx] < OHI_FCACHE_SLOTS
              && pool->nalloc >= 1
              && (pool->state == OHI_POOL_USED
                  || pool->state == OHI_POOL_FULL));            /* F1 */
    pool->nalloc--;
    a->fcache[idx].slot[a->fcache_n[idx]++] = p;
    OHI_POISON(p, OHI_CLASS_SIZE(pool->szidx));
#if OH_DEBUG >= 3
    ohi_alloc_check_pool(pool);
#endif
}

/* The pool's last live block, out of line: only the class's reserve may
 * cache it (F2); any other pool takes it back, and may empty.
 *
 * Caching the reserve's last live block can drain its arena as surely as
 * a free onto the pool can, so it takes the same decision
 * (arena_on_drained): keep the arena as the kept one, or give it back.
 * Without it an arena drained this way stayed mapped, unrecorded, while
 * other arenas had room (the arena-drain reproduction, 50,005 operations
 * ending in such a free; tests/test_alloc.c, "arenas"). */
static OHI_NOINLINE void
cached_free_rare(void *p, ohi_alloc_state *a, ohi_pool *pool)
{
    size_t idx = pool->fcache;
    if (a->fcache_n[idx] < OHI_FCACHE_SLOTS && pool->nalloc != 0
        && a->reserve[pool->family][pool->szidx] == pool
        && pool->state == OHI_POOL_USED) {
        cache_push(a, idx, pool, p);
        if (pool->nalloc == 0)
            arena_after_empty(a, arena_of(pool));
#if OH_DEBUG >= 3
        if (map_lookup(pool) == OHI_MAP_ARENA)
            check_drained_kept(a, arena_of(pool));
#endif
        return;
    }
    small_free(a, p);
}

/* Free a small block into its class's cache when there is room and the
 * block is not its pool's last live one; otherwise onto its pool.  The
 * three cases are laid out so that the two common ones (cache, or pool
 * when the cache is full, as in a mass free) save no registers and cost a
 * handful of instructions over a plain free-list push: with the pool path
 * out of line too, freeing 2 million blocks took 1.7 times the
 * instructions of the free list alone. */
OHI_INLINE void
cached_free(ohi_alloc_state *a, void *p)
{
    ohi_pool *pool = pool_of(p);
    size_t idx = pool->fcache;
    if (OH_UNLIKELY(pool->nalloc <= 1)) {
        /* The last live block of its class's reserve, in an arena this
         * free cannot drain (or the kept one): cached here, inline, since
         * a loop that allocates and frees one block frees it every time
         * and would otherwise pay a call per pair (docs/ALLOCATOR.md,
         * "The fast paths").  The reserve slot has the cache's index
         * (reserve[f][c] is entry f * OH_NCLASSES + c), and the arena's
         * counts share the line of its owner, which the caller has
         * read. */
        ohi_arena *ar = arena_of(p);
        /* Likely once here: the cached case then runs without a taken
         * branch, as the common path does above. */
        if (OH_LIKELY(pool->nalloc == 1
                      && (&a->reserve[0][0])[idx] == pool
                      && a->fcache_n[idx] < OHI_FCACHE_SLOTS
                      && pool->state == OHI_POOL_USED
                      && (ar == a->kept_arena
                          || ar->nfreepools + ar->nreserve
                                 != OHI_POOLS_PER_ARENA))) {
            cache_push(a, idx, pool, p);
            return;
        }
        cached_free_rare(p, a, pool);
        return;
    }
    if (OH_LIKELY(a->fcache_n[idx] < OHI_FCACHE_SLOTS)) {
        cache_push(a, idx, pool, p);
        return;
    }
    /* The cache is full: onto the pool's free list, as small_free, which
     * cannot empty the pool here (nalloc >= 2). */
    ohi_block *head = pool->freeblock;
    OHI_POISON(p, OHI_CLASS_SIZE(pool->szidx));
    block_set_next(p, head);
    pool->freeblock = p;
    pool->nalloc--;
    if (OH_UNLIKELY(head == NULL))
        pool_after_free(a, pool, true);
#if OH_DEBUG >= 3
    ohi_alloc_check_pool(pool);
#endif
}

/* Take the block freed last from non-empty stack idx. */
OHI_INLINE void *
cache_pop(ohi_alloc_state *a, size_t idx, size_t unpoison)
{
    void *p = a->fcache[idx].slot[--a->fcache_n[idx]];
    OH_ASSERT(pool_of(p)->fcache == idx
              && (pool_of(p)->state == OHI_POOL_USED
                  || pool_of(p)->state == OHI_POOL_FULL));      /* F1 */
    pool_of(p)->nalloc++;
    OHI_UNPOISON(p, unpoison);
    return p;
}

/* The pool empties (pool_release): its cached blocks join its free list,
 * where pool_acquire expects every free block of a pool it takes back. */
static void
cache_evict_pool(ohi_alloc_state *a, ohi_pool *pool)
{
    ohi_fcache *fc = &a->fcache[pool->fcache];
    uintptr_t base = (uintptr_t)pool_base(pool);
    size_t i = 0;
    size_t n = a->fcache_n[pool->fcache];
    while (i < n && ((uintptr_t)fc->slot[i] & ~(uintptr_t)OHI_POOL_MASK)
                    != base)
        i++;                    /* usually none of them: read only */
    size_t kept = i;
    for (; i < n; i++) {
        ohi_block *b = fc->slot[i];
        if (((uintptr_t)b & ~(uintptr_t)OHI_POOL_MASK) == base) {
            block_set_next(b, pool->freeblock);
            pool->freeblock = b;
        }
        else {
            fc->slot[kept++] = b;
        }
    }
    a->fcache_n[pool->fcache] = (uint8_t)kept;
}

/* Give every cached block back to its pool (F3: before debug mode or fault
 * injection is switched on).  A reserve may empty on the way, and its
 * eviction then takes the rest of its blocks off the stack being emptied:
 * hence the re-read of n. */
static void
cache_flush(ohi_alloc_state *a)
{
    ohi_fcache *fc = a->fcache;
    for (size_t i = 0; i < OHI_NFAMILIES * OH_NCLASSES; i++) {
        while (a->fcache_n[i] != 0) {
            ohi_block *b = fc[i].slot[--a->fcache_n[i]];
            pool_of(b)->nalloc++;
            small_free(a, b);
        }
    }
}

/* How many of the pool's blocks are in the cache; marks them in is_free
 * (bit per block index) when it is not NULL. */
static size_t
cache_count_pool(const ohi_alloc_state *a, const ohi_pool *pool,
                 uint64_t *is_free)
{
    const ohi_fcache *fc = &a->fcache[pool->fcache];
    const char *first = pool_first_block(pool);
    size_t size = OHI_CLASS_SIZE(pool->szidx), n = 0;
    for (size_t i = 0; i < a->fcache_n[pool->fcache]; i++) {
        if (pool_of(fc->slot[i]) != pool)
            continue;
        size_t off = (size_t)((const char *)fc->slot[i] - first);
        if ((const char *)fc->slot[i] < first || off % size != 0)
            check_failed("free cache of class %u holds %p, not a block of "
                         "pool %p", pool->szidx, fc->slot[i],
                         (const void *)pool);
        if (is_free != NULL)
            is_free[off / size / 64] |= (uint64_t)1 << (off / size % 64);
        n++;
    }
    return n;
}

#include "alloc/heap.inc"
#include "alloc/medium.inc"
#include "alloc/huge.inc"

/* ==========================================================================
 * The paths with no checks
 * ========================================================================== */

/* The allocation path with no checks: small from pools, medium from
 * spans, huge mapped, the rest from the C library.  n == 0 is served as 1
 * byte. */
static void *
raw_malloc(ohi_alloc_state *a, size_t n, int family)
{
    if (n == 0)
        n = 1;
    if (n <= OH_SMALL_MAX)
        return small_alloc(a, family, OHI_SIZE_CLASS(n), n);
    if (n <= OH_MEDIUM_MAX)
        return medium_alloc(a, n);
    if (n >= OHI_HUGE_MIN)
        return huge_alloc(a, n, false, false);
    a->large_requests++;
    void *p = malloc(n);
    return p != NULL ? p : alloc_failed(a);
}

/* ==========================================================================
 * The public entry points and their fast paths
 * ========================================================================== */

/* `slow` and the gate are written by a thread that changes a setting, and
 * read here without a lock: relaxed loads, the plain loads they were.
 * The free paths test free_key (GT2), not slow, so that a runtime's heap,
 * all zero until its first use, sends its first free to the slow path as
 * it does its first allocation. */
#define SLOW_OF(a) __atomic_load_n(&(a)->slow, __ATOMIC_RELAXED)
#define GATE_OF(a) __atomic_load_n(&(a)->malloc_gate, __ATOMIC_RELAXED)

OHI_INLINE void *
malloc_impl(ohi_alloc_state *a, size_t n, int family)
{
    /* n - 1 < 1024 excludes n == 0, which the slow path serves; the gate is
     * 0 whenever slow != 0 (GT1): one test where there were two, 3
     * instructions fewer. */
    if (OH_LIKELY(n - 1 < GATE_OF(a))) {
        size_t idx = OHI_FCACHE_INDEX(family, OHI_SIZE_CLASS(n));
        /* The cache first, falling through: a block freed since is the
         * usual case; a mass allocation takes the branch to its pool. */
        if (OH_LIKELY(a->fcache_n[idx] != 0))
            return cache_pop(a, idx, n);
        ohi_pool *pool = a->used[family][OHI_SIZE_CLASS(n)];
        if (OH_LIKELY(pool != NULL))
            return pool_pop(a, pool, n);
    }
    return malloc_slow(a, n, family);
}

/* A free that the map byte alone did not settle: a heap with no map id
 * (MB1) tests the arena's owner as every heap did before, GT2; anything
 * else is the slow path's. */
static OHI_NOINLINE void
free_other(void *p, ohi_alloc_state *a, int family, unsigned b)
{
    int kind = map_kind(b);
    ohi_alloc_state *key = __atomic_load_n(&a->free_key, __ATOMIC_RELAXED);
    if (key == NULL)            /* a setting on (GT2): no header to read */
        free_slow(a, p, family, kind);
    else if (kind == OHI_MAP_ARENA && arena_of(p)->heap == key)
        cached_free(a, p);                                      /* GT2 */
    else if (kind == OHI_MAP_MEDIUM && arena_of(p)->heap == key)
        medium_free(p, a);
    else
        free_slow(a, p, family, kind);
}

/* A block of the caller's own heap takes the fast path, told by its map
 * byte (MB2); one of another heap's (H3) leaves it, as everything unusual
 * does.  A medium block of its own goes to its span directly, 27
 * instructions fewer than through free_slow.  The byte names the owner,
 * so no line of the arena header is read before the pool header's: the
 * owner field was one load more on every free, on a line of its own, on
 * the path whose every load a mass free of random blocks waits for
 * (docs/ALLOCATOR.md, "What the mass free is sensitive to").
 *
 * The functions this path leaves for (medium_free, free_other,
 * cached_free_rare) take the block first and the heap second: the block
 * arrives in the first argument's register, and left there, it needs no
 * copy before the heap pointer is loaded, as it did when the heap came
 * first (2 moves fewer on the fast path, 4-8% off the mass free's random
 * phase; docs/ALLOCATOR.md, "The block first"). */
OHI_INLINE void
free_impl(ohi_alloc_state *a, void *p, int family)
{
    unsigned b = map_byte(p);
    unsigned key = __atomic_load_n(&a->map_key, __ATOMIC_RELAXED);
    if (OH_LIKELY(b + 1 == key))
        cached_free(a, p);                                      /* MB2 */
    else if (b == key && b != 0)
        medium_free(p, a);
    else
        free_other(p, a, family, b);
}

void *
oh_malloc(size_t n)
{
    return malloc_impl(thread_heap, n, OHI_FAMILY_MEM);
}

void
oh_free(void *p)
{
    free_impl(thread_heap, p, OHI_FAMILY_MEM);
}

/* --- objects ---------------------------------------------------------------
 * Objects come from pools of their family.  One too big for a pool gets an
 * ohi_large_link in front and joins its family's list, so that the census
 * (ohi_alloc_walk_objects) finds it as well.  Whether an object is large
 * is decided the same way at allocation and at free: by whether the block
 * is in an arena. */

/* The largest object request that fits a pool, in the current layout. */
OHI_INLINE size_t
object_pool_max(const ohi_alloc_state *a)
{
    return SH->debug ? OH_SMALL_MAX - OHI_DEBUG_HEAD - OHI_DEBUG_TAIL
                    : OH_SMALL_MAX;
}

static OHI_NOINLINE void *
large_object_alloc(ohi_alloc_state *a, size_t n, int family)
{
    if (n > SIZE_MAX - sizeof(ohi_large_link))
        return alloc_failed(a);
    ohi_large_link *link = malloc_slow(a, n + sizeof *link, family);
    if (link == NULL)
        return NULL;
    link->prev = NULL;
    link->heap = a;             /* whose object it is (runtime.c, RT3) */
    link->next = a->large_objects[family];
    if (link->next != NULL)
        link->next->prev = link;
    a->large_objects[family] = link;
    a->nlarge_objects++;
    return link + 1;
}

static OHI_NOINLINE void
large_object_free(ohi_alloc_state *a, void *p, int family)
{
    ohi_large_link *link = (ohi_large_link *)p - 1;
    if (link->prev != NULL)
        link->prev->next = link->next;
    else
        a->large_objects[family] = link->next;
    if (link->next != NULL)
        link->next->prev = link->prev;
    a->nlarge_objects--;
    free_slow(a, link, family, map_lookup(link));
}

void *
ohi_alloc_malloc(size_t n, int family)
{
    OH_ASSERT(family > OHI_FAMILY_MEM && family < OHI_NFAMILIES);
    ohi_alloc_state *a = &OHI_RT->alloc;
    if (OH_UNLIKELY(n > object_pool_max(a)))
        return large_object_alloc(a, n, family);
    return malloc_impl(a, n, family);
}

static OHI_NOINLINE void
object_free_other(ohi_alloc_state *a, void *p, int family, int kind)
{
    if (kind == OHI_MAP_ARENA
        && __atomic_load_n(&a->free_key, __ATOMIC_RELAXED) != NULL)
        cached_free(a, p);
    else if (p != NULL && kind != OHI_MAP_ARENA)
        large_object_free(a, p, family);
    else
        free_slow(a, p, family, kind);
}

void
ohi_alloc_free(void *p, int family)
{
    ohi_alloc_state *a = &OHI_RT->alloc;
    unsigned b = map_byte(p);
    /* Objects come from the runtime's heap and go back to it, so their
     * map byte is the heap's (MB2); the other path keeps the test of old,
     * with no owner test.  (Debug mode takes the slow path, whose debug
     * free names a block of the wrong family.) */
    if (OH_LIKELY(b + 1 == __atomic_load_n(&a->map_key, __ATOMIC_RELAXED)))
        cached_free(a, p);
    else
        object_free_other(a, p, family, map_kind(b));
}

void *
oh_calloc(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    size_t n = count * size;
    ohi_alloc_state *a = thread_heap;
    if (n > OH_MEDIUM_MAX && SLOW_OF(a) == 0) {
        if (n >= OHI_HUGE_MIN)
            return huge_alloc(a, n, true, false);
        /* The C library's calloc can skip zeroing fresh pages. */
        a->large_requests++;
        void *p = calloc(count, size);
        return p != NULL ? p : alloc_failed(a);
    }
    void *p = malloc_impl(a, n, OHI_FAMILY_MEM);
    if (p != NULL)
        memset(p, 0, n);
    return p;
}

/* Keep a block of `size` bytes for a request of n bytes?  Yes if n fits and
 * does not shrink it by more than a quarter. */
OHI_INLINE bool
realloc_keeps(size_t size, size_t n)
{
    return n <= size && 4 * n > 3 * size;
}

/* realloc_plain past a block of ours that keeps its place (kind: p's
 * map_lookup): the C library's realloc for foreign and large blocks, a
 * move for ours. */
static OHI_NOINLINE void *
realloc_move(ohi_alloc_state *a, void *p, size_t n, int kind)
{
    kind = huge_kind(p, kind);
    if (kind == OHI_MAP_HUGE)
        return huge_realloc(a, p, n);
    if (kind == OHI_MAP_NONE && n >= OHI_HUGE_MIN) {
        /* From the C library up to a huge block: the last copy it needs. */
        void *q = huge_alloc(a, n, false, true);
        if (q == NULL)
            return NULL;
        size_t old = malloc_usable_size(p);
        memcpy(q, p, old < n ? old : n);
        free(p);
        return q;
    }
    if (kind == OHI_MAP_NONE) {
        /* n == 0 must not free (see the header), so ask for 1 byte. */
        if (n > OH_MEDIUM_MAX)
            a->large_requests++;
        void *q = realloc(p, n == 0 ? 1 : n);
        return q != NULL ? q : alloc_failed(a);
    }
    bool medium = kind == OHI_MAP_MEDIUM;
    size_t size = medium ? OHI_MEDIUM_SIZE(pool_of(p)->szidx)
                         : OHI_CLASS_SIZE(pool_of(p)->szidx);
    /* A block that outgrows the medium classes is growing: its huge block
     * gets growth room and may take a kept mapping whole (HG3), as one
     * from the C library does above.  Through raw_malloc it got neither,
     * and a list appended past 120 KiB faulted its pages in at every
     * round (docs/ALLOCATOR.md, "Medium sizes in CPython"). */
    void *q;
    if (n >= OHI_HUGE_MIN) {
        q = huge_alloc(a, n, false, true);
    }
    else {
        /* Growth by a sliver of the block (at most 1/64: appends of a few
         * bytes to a full buffer) will go on: the new block gets a
         * quarter more, so the buffer moves half as often as through
         * every class (1/8 apart).  CPython's lists grow by 1/8 at each
         * resize and rarely take this path, so their memory is as it
         * was; growing ahead at every resize cost objheap-python 15% of
         * peak memory on growing lists, and a sliver of 1/16 0.3 MiB on
         * json (docs/ALLOCATOR.md, "Growth by slivers"). */
        size_t want = n;
        if (n > size && n - size <= size / 64 && n <= OH_MEDIUM_MAX) {
            want = n + n / 4;
            if (want > OH_MEDIUM_MAX)
                want = OH_MEDIUM_MAX;
        }
        q = raw_malloc(a, want, OHI_FAMILY_MEM);
        if (q != NULL && want != n)
            OHI_POISON((char *)q + n, want - n);
    }
    if (q == NULL)
        return NULL;
    /* The old block's slack is poisoned in sanitizer builds, and its
     * requested size is not recorded: copy it whole. */
    OHI_UNPOISON(p, size);
    memcpy(q, p, n < size ? n : size);
    if (arena_of(p)->heap != a)
        remote_free(p, size);   /* H3 */
    else if (medium)
        medium_free(p, a);
    else if (SLOW_OF(a) == 0)
        cached_free(a, p);
    else
        small_free(a, p);       /* F3, when debugging or failing */
    return q;
}

/* Realloc with no checks: keep a block of ours in its place when its
 * class still fits (realloc_keeps), else realloc_move.  The keeping is a
 * leaf's path, as the move's calls made it save six registers on every
 * call (grow keeps its place at most appends). */
static void *
realloc_plain(ohi_alloc_state *a, void *p, size_t n)
{
    int kind = map_lookup(p);
    if (OH_LIKELY(kind == OHI_MAP_ARENA || kind == OHI_MAP_MEDIUM)) {
        size_t size = kind == OHI_MAP_MEDIUM
                          ? OHI_MEDIUM_SIZE(pool_of(p)->szidx)
                          : OHI_CLASS_SIZE(pool_of(p)->szidx);
        if (realloc_keeps(size, n)) {
            OHI_UNPOISON(p, n);
            OHI_POISON((char *)p + n, size - n);
            return p;
        }
    }
    return realloc_move(a, p, n, kind);
}

void *
oh_realloc(void *p, size_t n)
{
    if (p == NULL)
        return oh_malloc(n);
    ohi_alloc_state *a = thread_heap;
    if (OH_UNLIKELY(SLOW_OF(a) != 0))
        return realloc_slow(a, p, n);
    return realloc_plain(a, p, n);
}

/* --- the entry points for allocator tables (objheap/alloc.h) ------------ */

void *
oh_ctx_malloc(void *ctx, size_t n)
{
    (void)ctx;
    return malloc_impl(thread_heap, n, OHI_FAMILY_MEM);
}

void *
oh_ctx_calloc(void *ctx, size_t count, size_t size)
{
    (void)ctx;
    return oh_calloc(count, size);
}

void *
oh_ctx_realloc(void *ctx, void *p, size_t n)
{
    (void)ctx;
    return oh_realloc(p, n);
}

void
oh_ctx_free(void *ctx, void *p)
{
    (void)ctx;
    free_impl(thread_heap, p, OHI_FAMILY_MEM);
}

size_t
oh_usable_size(const void *p)
{
    if (p == NULL)
        return 0;
    ohi_alloc_state *a = thread_heap;
    int kind = kind_of(p);
    if (kind == OHI_MAP_HUGE) {
        const ohi_huge_head *h = huge_head((void *)(uintptr_t)p);
        return huge_extent_at(h->off, h->n) - h->off - OHI_HUGE_HEAD;
    }
    if (SH->debug) {
        pthread_mutex_lock(&shared_lock);       /* the debug tables */
        bool ours = kind == OHI_MAP_ARENA
                    || is_debug_block(a, p, "oh_usable_size");
        pthread_mutex_unlock(&shared_lock);
        if (ours)
            return ((const debug_head *)((const char *)p
                                         - OHI_DEBUG_HEAD))->n;
    }
    if (kind == OHI_MAP_ARENA)
        return OHI_CLASS_SIZE(pool_of(p)->szidx);
    if (kind == OHI_MAP_MEDIUM)
        return OHI_MEDIUM_SIZE(pool_of(p)->szidx);          /* M1 */
    return malloc_usable_size((void *)(uintptr_t)p);
}

#include "alloc/slow.inc"
#include "alloc/debug.inc"
#include "alloc/walk.inc"
