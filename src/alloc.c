/*
 * alloc.c -- the small-object allocator: arenas, pools and blocks.
 *
 * What this file owns
 * -------------------
 * Every byte objheap hands out for requests of up to OH_SMALL_MAX (512)
 * bytes, the arenas those bytes live in, the radix map that recognises
 * them, the statistics about them, the debug block layout, and the fault
 * injection point that every allocation in objheap passes through.  Huge
 * requests (OHI_HUGE_MIN, 128 KiB, and more) are mapped directly; the ones
 * between go to the C library's malloc, as CPython sends them; oh_free
 * recognises everything else as foreign and passes it on.
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
 * Size classes: a request of n bytes (1..512) is served from class
 * (n - 1) >> 4, whose blocks are 16 * (class + 1) bytes.  oh_malloc(0) is
 * served as 1 byte, so it returns a unique pointer.
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
 *   and its arena has no EMPTY pool; carving goes in address order.
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
 * Arenas are kept in 64 buckets by their free-pool count, with a bit mask of
 * non-empty buckets, so "the fullest arena with a free pool" is one
 * count-trailing-zeros instruction and moving an arena between buckets is
 * O(1) (CPython keeps a sorted list plus a table of bucket ends instead).
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
 * the radix map, then a push on the class's cache (uncount), or, with the
 * cache full or the pool's last live block, a push on the pool's free
 * list; only the FULL -> USED and USED -> EMPTY transitions leave the fast
 * path.  Everything unusual (debug checks, fault injection, tracing hooks)
 * is one bit in `slow`, so the fast paths test one word for all of it.
 *
 * Heaps and threads
 * -----------------
 * Everything above happens inside a heap (ohi_alloc_state): its used
 * pools, reserves, free cache and arenas.  Each thread that calls
 * oh_malloc gets a heap of its own on its first call, found through a
 * thread-local pointer, and each runtime has one for its objects
 * (ohi_runtime.alloc; a runtime is used by one thread at a time, so its
 * heap is too).  A heap is touched only by its owner, so the fast paths
 * take no lock and make no atomic operation: they read the thread-local
 * pointer where they read a global before.  What the heaps share is kept
 * apart (ohi_alloc_shared): the radix map, whose bytes and leaves are
 * written atomically and read with plain loads; the gauges, updated with
 * atomic adds; the settings (debug mode, fault injection, the limit, the
 * tracer's observer), copied into every heap's `slow` bits; and huge
 * blocks, debug tables and the observer's calls, which run under one
 * recursive lock (`lock`), as every slow mode does.
 *
 * H1. An arena belongs to one heap for its whole life (arena->heap); all
 *     its pools are used by that heap only.  (mimalloc gives segments to
 *     threads the same way; giving whole arenas, not pools, keeps the
 *     arena rules above, kept arena and reserves included, inside one
 *     heap, with no lock.)
 * H2. Every heap that was ever used is on the shared list `heaps`, and is
 *     never unmapped: a thread may still hold its address to push onto
 *     its `remote` list.
 * H3. A block freed by a thread other than its arena's heap's owner is
 *     pushed onto that heap's `remote` stack (a lock-free push; the owner
 *     takes the whole stack with one exchange, so there is no ABA), and
 *     stays counted in its pool until the owner collects it: when a class
 *     runs out of pools (before taking a new one), when it trims, and
 *     when its thread exits.  A pool whose blocks wait there cannot
 *     empty, so cross-thread frees never race with a pool changing hands.
 * H4. A thread that exits gives its heap up (`abandoned`): its cache and
 *     remote blocks go back to its pools, its empty reserves and kept
 *     arena back to the OS, and the rest waits, under the lock, for the
 *     frees of other threads (each collects the remote stack of an
 *     abandoned heap it pushed onto) or for a new thread, which takes
 *     over the first abandoned heap whole rather than start a new one.  A
 *     push and the abandonment are ordered (both sequentially consistent,
 *     push-then-read against mark-then-collect), so no block is left on
 *     the stack of a heap nobody collects.
 *
 * A thread with no heap yet sees a shared, read-only empty heap whose gate
 * is closed and whose `slow` has OHI_SLOW_NOHEAP: its first call takes the
 * slow path, which gives it a heap.  Walkers (the statistics, the checks,
 * the heap map, oh_alloc_trim's other heaps) read other threads' heaps
 * under the lock, and are exact only while those threads do not allocate.
 *
 * Debug block layout (debug mode only)
 * ------------------------------------
 *
 *   | n (8) | serial (4) | tag (4) | data: n bytes | guard bytes ... |
 *   ^ block                        ^ returned pointer (16-aligned)
 *
 * The tag says alive or freed and which family (oh_malloc or object)
 * allocated it.  Fresh data is filled with OHI_CLEANBYTE, the guard (to the
 * block's end, at least 8 bytes) with OHI_GUARDBYTE, freed data with
 * OHI_DEADBYTE.  oh_free checks, in order: the pointer is a block start
 * (not inside a block), the tag is not "freed" (double free), the tag is
 * intact, the family matches, the guard is intact (overrun); each failure
 * prints the pointer, its size class and block size, then aborts.  A block
 * taken from a free list must still be all OHI_DEADBYTE (a write after free
 * is reported).  Large requests get the same layout inside a malloc'd
 * block.
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
#include <unistd.h>
#include <stdarg.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

/* Debug fill values: three distinct bytes, none a plausible pointer or
 * small integer, so a read of them stands out. */
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
               "one class per 16-byte step up to 512");
_Static_assert(OHI_SIZE_CLASS(1) == 0 && OHI_SIZE_CLASS(16) == 0
               && OHI_SIZE_CLASS(17) == 1 && OHI_SIZE_CLASS(512) == 31,
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
_Static_assert(sizeof(ohi_huge_head) <= OHI_HUGE_HEAD
               && OHI_HUGE_HEAD % OH_ALIGNMENT == 0,
               "a huge block's header fits before its 16-aligned data");
_Static_assert(alignof(max_align_t) >= OH_ALIGNMENT,
               "the C library's malloc aligns to 16 as well");
_Static_assert(OHI_DEBUG_HEAD % OH_ALIGNMENT == 0,
               "debug data stays 16-aligned");

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

static void alloc_init(void);
static void *malloc_slow(ohi_alloc_state *a, size_t n, int family);
static void free_slow(ohi_alloc_state *a, void *p, int family, int kind);
static void cache_evict_pool(ohi_alloc_state *a, ohi_pool *pool);
static void pool_after_free(ohi_alloc_state *a, ohi_pool *pool,
                            bool was_full);

/* ==========================================================================
 * Heaps, threads and the shared state
 * ========================================================================== */

ohi_alloc_shared ohi_alloc_sh;
#define SH (&ohi_alloc_sh)

/* The lock of what no heap owns (huge blocks, debug tables, fault
 * injection, the observer's tables, the heap list).  Recursive: a slow
 * path under it may reach another (an observer's record that allocates, a
 * huge free inside a debug free). */
static pthread_mutex_t shared_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

void
ohi_alloc_lock(void)
{
    pthread_mutex_lock(&shared_lock);
}

void
ohi_alloc_unlock(void)
{
    pthread_mutex_unlock(&shared_lock);
}

ohi_alloc_state *
ohi_alloc_heaps(void)
{
    return __atomic_load_n(&SH->heaps, __ATOMIC_ACQUIRE);
}

/* What a thread without a heap sees: every path closed (GT1), so its
 * first call takes a slow path, which gives it a heap (heap_of_thread).
 * Never written. */
static ohi_alloc_state heap_empty = {
    .malloc_gate = 0,
    .slow = OHI_SLOW_NOHEAP,
};

/* The calling thread's heap.  initial-exec: one load at a fixed offset
 * from the thread pointer, in the shared library too (glibc reserves room
 * for such variables in libraries loaded at start-up, as its own malloc's
 * thread cache uses). */
static __thread ohi_alloc_state *thread_heap
    __attribute__((tls_model("initial-exec"))) = &heap_empty;

/* The heap to put a thread's abandoned heap in at exit (H4). */
static pthread_key_t heap_key;
static pthread_once_t heap_key_once = PTHREAD_ONCE_INIT;

static void heap_abandon(void *heap);
static void heap_collect(ohi_alloc_state *a);

static void
fork_prepare(void)
{
    pthread_mutex_lock(&shared_lock);
}

static void
fork_parent(void)
{
    pthread_mutex_unlock(&shared_lock);
}

/* In the child, only the forking thread lives: every other thread's heap
 * is abandoned, as if its thread had exited (H4), so that the blocks it
 * holds are still freed properly and the heap is taken over by the
 * child's next thread.  The lock is made anew rather than unlocked: the
 * child's thread is not the parent's, so it does not own the recursive
 * lock the parent took. */
static void
fork_child(void)
{
    pthread_mutex_t fresh = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
    shared_lock = fresh;
    for (ohi_alloc_state *a = SH->heaps; a != NULL; a = a->next_heap)
        if (a->is_thread_heap && a != thread_heap)
            __atomic_store_n(&a->abandoned, true, __ATOMIC_SEQ_CST);
}

static void
heap_key_create(void)
{
    if (pthread_key_create(&heap_key, heap_abandon) != 0)
        ohi_fatal("cannot create the thread key of objheap's heaps");
    pthread_atfork(fork_prepare, fork_parent, fork_child);
}

/* Copy the shared slow bits into a heap, closing or opening its gate
 * (GT1).  Other threads read both without a lock: relaxed atomics, plain
 * moves on every machine we run on. */
static void
heap_set_slow(ohi_alloc_state *a, uint32_t s)
{
    __atomic_store_n(&a->slow, s, __ATOMIC_RELAXED);
    __atomic_store_n(&a->malloc_gate, s == 0 ? OH_SMALL_MAX : 0,
                     __ATOMIC_RELAXED);
    __atomic_store_n(&a->free_key, s == 0 ? a : NULL, __ATOMIC_RELAXED);
                                                                /* GT2 */
}

/* Put heap a on the list with the current settings.  Under the lock. */
static void
heap_register(ohi_alloc_state *a, bool thread_heap_)
{
    if (!SH->initialized)
        alloc_init();
    a->initialized = true;
    a->is_thread_heap = thread_heap_;
    a->thread_id = (unsigned long)gettid();
    heap_set_slow(a, SH->slow);
    a->next_heap = SH->heaps;
    __atomic_store_n(&SH->heaps, a, __ATOMIC_RELEASE);
}

/* The calling thread's heap, made or taken over now if it has none: an
 * abandoned heap of an exited thread if there is one (H4), else a new
 * one.  Exits the process if no memory can be mapped for it (the thread
 * could allocate nothing anyway). */
static OHI_NOINLINE ohi_alloc_state *
heap_of_thread(void)
{
    ohi_alloc_state *a = thread_heap;
    if (a != &heap_empty)
        return a;
    pthread_once(&heap_key_once, heap_key_create);
    pthread_mutex_lock(&shared_lock);
    for (a = SH->heaps; a != NULL; a = a->next_heap)
        if (a->is_thread_heap
            && __atomic_load_n(&a->abandoned, __ATOMIC_SEQ_CST))
            break;
    if (a != NULL) {
        __atomic_store_n(&a->abandoned, false, __ATOMIC_SEQ_CST);
        a->thread_id = (unsigned long)gettid();
    }
    else {
        a = ohi_os_map(sizeof *a);
        if (a == NULL)
            ohi_fatal("cannot map the %zu bytes of a thread's heap",
                      sizeof *a);
        heap_register(a, true);
    }
    pthread_mutex_unlock(&shared_lock);
    thread_heap = a;
    pthread_setspecific(heap_key, a);
    heap_collect(a);            /* frees that came while it was abandoned */
    return a;
}

ohi_alloc_state *
ohi_alloc_thread_heap(void)
{
    return heap_of_thread();
}

/* A runtime's heap on its first use: on the list, with the settings. */
static OHI_NOINLINE void
heap_init(ohi_alloc_state *a)
{
    pthread_mutex_lock(&shared_lock);
    if (!a->initialized)
        heap_register(a, false);
    pthread_mutex_unlock(&shared_lock);
}

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
 * compile to the plain loads they were. */
OHI_INLINE int
map_lookup(const void *p)
{
    uintptr_t slot = (uintptr_t)p >> OHI_ARENA_SHIFT;
    if (OH_UNLIKELY(slot >> OHI_MAP_BITS))
        return OHI_MAP_NONE;
    const uint8_t *leaf = __atomic_load_n(
        &SH->map_root[slot >> OHI_MAP_LEAF_BITS], __ATOMIC_ACQUIRE);
    if (leaf == NULL)
        return OHI_MAP_NONE;
    return __atomic_load_n(
        &leaf[slot & (((uintptr_t)1 << OHI_MAP_LEAF_BITS) - 1)],
        __ATOMIC_RELAXED);
}

static int huge_kind(const void *p, int kind);

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
 * not an arena base plus an index: 3 instructions fewer in oh_free, and
 * its mass free of random blocks (frag) about 5% faster. */
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
 * too, this is one more block in ten of the 32 classes (64-byte blocks:
 * 256 instead of 255, 512-byte: 32 instead of 31).  Debug mode keeps every
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

OHI_INLINE void
bucket_insert(ohi_alloc_state *a, ohi_arena *ar)
{
    unsigned b = ar->nfreepools - 1;
    OH_ASSERT(ar->nfreepools >= 1 && ar->nfreepools <= OHI_POOLS_PER_ARENA);
    ar->prev = NULL;
    ar->next = a->buckets[b];
    if (ar->next != NULL)
        ar->next->prev = ar;
    a->buckets[b] = ar;
    a->bucket_mask |= (uint64_t)1 << b;
}

OHI_INLINE void
bucket_remove(ohi_alloc_state *a, ohi_arena *ar)
{
    unsigned b = ar->nfreepools - 1;
    if (ar->prev != NULL)
        ar->prev->next = ar->next;
    else
        a->buckets[b] = ar->next;
    if (ar->next != NULL)
        ar->next->prev = ar->prev;
    if (a->buckets[b] == NULL)
        a->bucket_mask &= ~((uint64_t)1 << b);
}

/* Move an arena to the bucket of its new free-pool count (A3). */
static void
arena_set_nfree(ohi_alloc_state *a, ohi_arena *ar, uint32_t nfree)
{
    if (ar->nfreepools != 0)
        bucket_remove(a, ar);
    ar->nfreepools = nfree;
    if (nfree != 0)
        bucket_insert(a, ar);
}

/* Map a new arena, enter it in the map, the all-arenas list and the
 * bucket of arenas with 64 free pools.  NULL if the OS refuses. */
static ohi_arena *
arena_new(ohi_alloc_state *a)
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
    char *hint = __atomic_load_n(&SH->arena_hint, __ATOMIC_RELAXED);
    char *mem = hint ? ohi_os_map_at(hint, OHI_ARENA_SIZE) : NULL;
    if (mem == NULL)
        mem = ohi_os_map_aligned(OHI_ARENA_SIZE, OHI_ARENA_SIZE);
    if (mem == NULL)
        return NULL;
    __atomic_store_n(&SH->arena_hint,
                     (uintptr_t)mem > OHI_ARENA_SIZE ? mem - OHI_ARENA_SIZE
                                                      : NULL,
                     __ATOMIC_RELAXED);
    if (((uintptr_t)mem >> OHI_ARENA_SHIFT) >> OHI_MAP_BITS
        || map_set(mem, OHI_MAP_ARENA, false) < 0) {
        ohi_os_unmap(mem, OHI_ARENA_SIZE);
        return NULL;
    }
    /* The mapping reads as zero: every pool header is UNTOUCHED. */
    ohi_arena *ar = (ohi_arena *)mem;
    ar->ntouched = 0;
    ar->freepools = NULL;
    ar->serial = __atomic_fetch_add(&SH->arena_serial, 1, __ATOMIC_RELAXED);
    ar->heap = a;
    ar->nfreepools = OHI_POOLS_PER_ARENA;
    ar->nreserve = 0;
    bucket_insert(a, ar);
    ar->all_prev = NULL;
    ar->all_next = a->arenas_all;
    if (ar->all_next != NULL)
        ar->all_next->all_prev = ar;
    a->arenas_all = ar;
    gauge_add(&SH->arenas, 1);
    gauge_add(&SH->arena_bytes, (int64_t)OHI_ARENA_SIZE);
    OHI_POISON(mem + OHI_ARENA_HEADER_SIZE,
               OHI_ARENA_SIZE - OHI_ARENA_HEADER_SIZE);
    return ar;
}

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
    map_set(ar, OHI_MAP_NONE, false);   /* the leaf exists: cannot fail */
    gauge_add(&SH->arenas, -1);
    gauge_add(&SH->arena_bytes, -(int64_t)OHI_ARENA_SIZE);
    a->arenas_released++;
    OHI_UNPOISON(ar, OHI_ARENA_SIZE);
    ohi_os_unmap(ar, OHI_ARENA_SIZE);
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

/* Give class c of a family a USED pool: an EMPTY or UNTOUCHED pool of the
 * fullest arena that has one, mapping a new arena if none has.  NULL if
 * the OS refuses. */
static OHI_NOINLINE ohi_pool *
pool_acquire(ohi_alloc_state *a, int family, unsigned c)
{
    ohi_arena *ar;
    if (a->bucket_mask == 0) {
        ar = arena_new(a);
        if (ar == NULL)
            return NULL;
    }
    else {
        ar = a->buckets[__builtin_ctzll(a->bucket_mask)];
    }
    ohi_pool *pool;
    arena_set_nfree(a, ar, ar->nfreepools - 1);
    if (ar->freepools != NULL) {
        pool = ar->freepools;
        ar->freepools = pool->nextpool;
        if (pool->szidx == c && pool->family == family) {
            /* It last held this class: its free list and bump pointer
             * still describe every block as free (P4 with nalloc 0). */
            gauge_add(&SH->pools, 1);
            used_push(a, pool);
            return pool;
        }
    }
    else {
        OH_ASSERT(ar->ntouched < OHI_POOLS_PER_ARENA);
        pool = &ar->pools[ar->ntouched++];
    }
    pool_init(a, pool, family, c);
    return pool;
}

/* A pool with no block left to hand out leaves its used list (P1, P3). */
static OHI_NOINLINE void
pool_retire(ohi_alloc_state *a, ohi_pool *pool)
{
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
 * since every allocation of a never-used block comes here: a call cost 26
 * instructions a block, a tenth of the fragmentation workload's.  The
 * pool's start is the taken block's address rounded down (P5: it starts
 * inside the pool), 5 instructions fewer than from the header's place.
 * Returns `taken`, so that the call to the edge case is the caller's last
 * act (a jump): with a value to keep across a call, every oh_malloc saved
 * and restored a register on every path, 2 instructions (6 in the build
 * with frame pointers, which then set up a frame as well). */
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

static void
set_reserve(ohi_alloc_state *a, ohi_pool **slot, ohi_pool *pool)
{
    if (*slot != NULL)
        arena_of(*slot)->nreserve--;
    *slot = pool;
    if (pool != NULL)
        arena_of(pool)->nreserve++;
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
    pool->nextpool = ar->freepools;
    ar->freepools = pool;
    arena_set_nfree(a, ar, ar->nfreepools + 1);
}

/* Has an arena other than ar a free pool to give? */
static bool
other_arena_has_free_pool(const ohi_alloc_state *a, const ohi_arena *ar)
{
    if (ar->nfreepools == 0)            /* all 64 pools reserves */
        return a->bucket_mask != 0;
    uint64_t bit = (uint64_t)1 << (ar->nfreepools - 1);
    uint64_t others = a->bucket_mask & ~bit;
    if (a->buckets[ar->nfreepools - 1] != ar || ar->next != NULL)
        others |= bit;                  /* ar shares its bucket (A3) */
    return others != 0;
}

/* The arena holds no live block.  Keep it if the next new pool would have
 * to come from it (no other arena has a free pool) and no other drained
 * arena is kept; otherwise give back its reserves and unmap it. */
static void
arena_on_drained(ohi_alloc_state *a, ohi_arena *ar)
{
    ohi_arena *kept = a->kept_arena;
    if (!other_arena_has_free_pool(a, ar)
        && (kept == NULL || kept == ar || !arena_drained(a, kept))
        && !__atomic_load_n(&a->abandoned, __ATOMIC_RELAXED)) {   /* H4 */
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

/* A free made a FULL pool usable again, or emptied a pool.  The pool's
 * free list already holds the freed block. */
static OHI_NOINLINE void
pool_after_free(ohi_alloc_state *a, ohi_pool *pool, bool was_full)
{
    if (was_full)
        used_push(a, pool);
    if (pool->nalloc != 0)
        return;
    ohi_arena *ar = arena_of(pool);
    ohi_pool **reserve = &a->reserve[pool->family][pool->szidx];
    if (*reserve != pool) {
        if (a->used[pool->family][pool->szidx] == pool
            && pool->nextpool == NULL
            && !__atomic_load_n(&a->abandoned, __ATOMIC_RELAXED))   /* H4 */
            set_reserve(a, reserve, pool);  /* the class's last pool */
        else
            pool_release(a, pool);
    }
    if (ar != a->kept_arena && arena_drained(a, ar))
        arena_on_drained(a, ar);
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
static void heap_collect(ohi_alloc_state *a);

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
cached_free_rare(ohi_alloc_state *a, void *p, ohi_pool *pool)
{
    size_t idx = pool->fcache;
    if (a->fcache_n[idx] < OHI_FCACHE_SLOTS && pool->nalloc != 0
        && a->reserve[pool->family][pool->szidx] == pool
        && pool->state == OHI_POOL_USED) {
        cache_push(a, idx, pool, p);
        ohi_arena *ar = arena_of(pool);
        if (pool->nalloc == 0 && ar != a->kept_arena
            && arena_drained(a, ar))
            arena_on_drained(a, ar);
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
         * free cannot drain (or the kept one): cached here, since a loop
         * that allocates and frees one block frees it every time.  Out
         * of line (cached_free_rare), that loop took 11 ns a pair where
         * tcmalloc takes 5.  The reserve slot has the cache's index
         * (reserve[f][c] is entry f * 32 + c), and the arena's counts
         * share the line of its owner, which the caller has read. */
        ohi_arena *ar = arena_of(p);
        if (pool->nalloc == 1 && (&a->reserve[0][0])[idx] == pool
            && a->fcache_n[idx] < OHI_FCACHE_SLOTS
            && pool->state == OHI_POOL_USED
            && (ar == a->kept_arena
                || ar->nfreepools + ar->nreserve != OHI_POOLS_PER_ARENA)) {
            cache_push(a, idx, pool, p);
            return;
        }
        cached_free_rare(a, p, pool);
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

/* --- frees from other threads (H3, H4) ----------------------------------- */

static void heap_collect_abandoned(ohi_alloc_state *a);

/* Free p, a block of another heap's arena, onto that heap's remote stack.
 * The push is sequentially consistent, and so is the read of
 * `abandoned` after it: against heap_abandon's mark-then-collect, either
 * the push is collected there or this thread sees the mark and collects
 * it itself (H4). */
static OHI_NOINLINE void
remote_free(void *p)
{
    ohi_alloc_state *owner = arena_of(p)->heap;
    ohi_block *b = p;
    OHI_POISON(b, OHI_CLASS_SIZE(pool_of(p)->szidx));
    ohi_block *head = __atomic_load_n(&owner->remote, __ATOMIC_RELAXED);
    do
        block_set_next(b, head);
    while (!__atomic_compare_exchange_n(&owner->remote, &head, b, true,
                                        __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
    if (__atomic_load_n(&owner->abandoned, __ATOMIC_SEQ_CST))
        heap_collect_abandoned(owner);
}

/* Free a block of one of our arenas, with no checks, from heap a: onto
 * its pool if a owns it, else onto its owner's remote stack. */
OHI_INLINE void
pool_free(ohi_alloc_state *a, void *p)
{
    if (OH_LIKELY(arena_of(p)->heap == a))
        small_free(a, p);
    else
        remote_free(p);
}

/* The owner takes every block other threads freed into its heap and frees
 * each onto its pool (H3). */
static void
heap_collect(ohi_alloc_state *a)
{
    if (__atomic_load_n(&a->remote, __ATOMIC_SEQ_CST) == NULL)
        return;
    ohi_block *b = __atomic_exchange_n(&a->remote, NULL, __ATOMIC_SEQ_CST);
    while (b != NULL) {
        ohi_block *next = block_next(b);
        small_free(a, b);
        b = next;
    }
}

/* Collect an abandoned heap's remote stack on behalf of nobody: under the
 * lock, which every user of an abandoned heap holds (H4).  A thread may
 * have taken the heap over meanwhile; its owner collects then. */
static OHI_NOINLINE void
heap_collect_abandoned(ohi_alloc_state *a)
{
    pthread_mutex_lock(&shared_lock);
    if (__atomic_load_n(&a->abandoned, __ATOMIC_SEQ_CST))
        heap_collect(a);
    pthread_mutex_unlock(&shared_lock);
}

static size_t heap_trim(ohi_alloc_state *a);

/* The thread key's destructor: the exiting thread gives its heap up (H4).
 * Its cached and remote blocks go back to their pools, its empty
 * reserves and drained arenas back to the OS (heap_trim), and from the
 * mark on it keeps none (pool_after_free, arena_on_drained). */
static void
heap_abandon(void *heap)
{
    ohi_alloc_state *a = heap;
    pthread_mutex_lock(&shared_lock);
    heap_collect(a);
    heap_trim(a);
    a->thread_id = 0;
    __atomic_store_n(&a->abandoned, true, __ATOMIC_SEQ_CST);
    heap_collect(a);            /* a push that came before the mark */
    heap_trim(a);
    pthread_mutex_unlock(&shared_lock);
    thread_heap = &heap_empty;
}

/* ==========================================================================
 * Trimming: every mapping without a live block, back to the OS
 * ========================================================================== */

/* What oh_alloc_trim gives back of one heap, owned by the caller or
 * abandoned (under the lock): its cache, empty reserves and every arena
 * with no live block.  Bytes unmapped. */
static size_t
heap_trim(ohi_alloc_state *a)
{
    size_t given = 0;
    cache_flush(a);
    ohi_pool **slots = &a->reserve[0][0];
    for (size_t i = 0; i < OHI_NFAMILIES * OH_NCLASSES; i++) {
        ohi_pool *r = slots[i];
        if (r != NULL && r->nalloc == 0) {
            set_reserve(a, &slots[i], NULL);
            pool_release(a, r);
        }
    }
    ohi_arena *next;
    for (ohi_arena *ar = a->arenas_all; ar != NULL; ar = next) {
        next = ar->all_next;
        if (ar->nfreepools == OHI_POOLS_PER_ARENA) {
            arena_release(a, ar);
            given += OHI_ARENA_SIZE;
        }
    }
    return given;
}

/* The steady-state rules keep one drained arena, each class's reserve
 * pool, the free cache and some huge mappings, each against a measured
 * thrash; oh_alloc_trim drops all of them at once, in the heaps the
 * caller may touch: its thread's, the runtime's and the abandoned ones
 * (other threads' heaps are theirs).  On return no arena of those is
 * drained (A7 holds with kept_arena NULL) and the huge cache is empty. */
size_t
oh_alloc_trim(void)
{
    size_t given = 0;
    ohi_alloc_state *mine = thread_heap;
    if (mine != &heap_empty) {
        heap_collect(mine);
        given += heap_trim(mine);
    }
    ohi_alloc_state *rt = &OHI_RT->alloc;
    if (rt->initialized) {
        heap_collect(rt);
        given += heap_trim(rt);
    }
    pthread_mutex_lock(&shared_lock);
    for (ohi_alloc_state *a = SH->heaps; a != NULL; a = a->next_heap) {
        if (__atomic_load_n(&a->abandoned, __ATOMIC_SEQ_CST)) {
            heap_collect(a);
            given += heap_trim(a);
        }
    }
    for (int i = 0; i < OHI_HUGE_CACHED; i++) {
        ohi_huge_cached *c = &SH->huge_cache[i];
        if (c->base != NULL) {
            ohi_os_unmap(c->base, c->reserved);
            given += c->reserved;
            SH->huge_cache_bytes -= c->reserved;
            c->base = NULL;
        }
    }
    pthread_mutex_unlock(&shared_lock);
    return given;
}

/* ==========================================================================
 * Huge blocks: 128 KiB and more, mapped directly (see internal.h)
 * ==========================================================================
 *
 * A huge block is a mapping of whole OS pages that begins with its header:
 *
 *   | ohi_huge_head | data: n bytes ......... | page end | growth room  |
 *   ^ base (page)   ^ the pointer handed out             ^ base + extent
 *   |<------------------------ reserved (whole pages) ------------------>|
 *
 * extent = huge_extent(n), the pages the block can touch; reserved is the
 * address space it holds.  Until issue 16 reserved was whole 1 MiB slots,
 * aligned to 1 MiB, mapped as size + 1 MiB and trimmed, so that the radix
 * map could mark each block's first slot and own it: 100 blocks of
 * 140,000 bytes cost 99 MiB of address space (the C library: 13 MiB), and
 * under `ulimit -v 200000` objheap-python held 177 buffers of 300 KB
 * against the C library's 619.  Now a block reserves what it needs:
 *
 * HG3. A live block's reserved is whole pages, at least its extent, and
 *      beyond it only growth room: none after malloc, calloc or a shrink;
 *      after it grew by realloc past what it held, its extent rounded up
 *      to OHI_HUGE_ROOM (less than 1 MiB more).  The one exception is a
 *      block that became huge by growing and took a kept mapping: it
 *      keeps all of it (at most OHI_HUGE_CACHE_BYTES), since it will
 *      likely grow into it again.
 *
 * Which pointer is a huge block?  Its mapping is aligned to a page only,
 * so other mappings (the C library's, say) may share its 1 MiB slots and
 * the radix map alone cannot answer.  The map counts, in the slot of each
 * live block's base, the blocks based there, and the registry holds every
 * live block's base: p is a huge block iff its slot counts one and
 * p - OHI_HUGE_HEAD is registered (huge_kind).  Neither reads anything but
 * our own tables, so a foreign or wild pointer is still safe to ask about,
 * and only pointers in such a slot pay the registry's probe: the fast
 * paths, which look for ARENA, are unchanged.  The registry is an
 * open-addressing set like debug_large's, in a mapping of its own.  A
 * pointer into the middle of a huge block is therefore foreign to us and
 * goes to the C library, which rejects it (before issue 16 it was
 * reported here).
 *
 * HG1. huge_set holds exactly the bases of the live huge blocks, and
 *      huge_set_n == huge_blocks.current; kept mappings are not in it.
 * HG2. The map byte of a slot that holds the bases of k >= 1 live huge
 *      blocks is OHI_MAP_HUGE - 1 + k; no arena shares such a slot (an
 *      arena's mapping is its whole slot).  At most
 *      OHI_ARENA_SIZE / OHI_HUGE_MIN + 1 bases fit in one slot.
 *
 * Tunable: growth room (huge_room, OHI_HUGE_ROOM).  Room proportional
 * to the block (a quarter, a half, a whole of its extent, at most 1 MiB)
 * made bench_alloc's realloc workload (CPython's list growth to 800 KB)
 * 3-8% slower than with 1 MiB slots: every few steps the list outgrew its
 * room and mremap moved it (2,000 moves; the kernel places mappings top
 * down, so the space after a block is rarely free).  Rounding up to 1 MiB
 * moves none below 1 MiB, and that workload runs as before
 * (docs/ALLOCATOR.md, "Large requests").
 */

#define OHI_OS_PAGE ((size_t)4096)
#ifndef OHI_HUGE_ROOM
#  define OHI_HUGE_ROOM ((size_t)1 << 20)
#endif
_Static_assert((OHI_HUGE_ROOM & (OHI_HUGE_ROOM - 1)) == 0
               && OHI_HUGE_ROOM % OHI_OS_PAGE == 0,
               "growth room rounds to a power-of-two multiple of pages");

_Static_assert(OHI_ARENA_SIZE / OHI_HUGE_MIN + 1 <= 255 - (OHI_MAP_HUGE - 1),
               "a slot's count of huge bases fits its map byte (HG2)");
_Static_assert(OHI_HUGE_MIN % OHI_OS_PAGE == 0 && OHI_ARENA_SIZE
               % OHI_OS_PAGE == 0, "huge blocks are whole pages");

/* The whole pages a huge block of n bytes touches, from its mapping's
 * start: the address space it needs.  0 if that overflows. */
OHI_INLINE size_t
huge_extent(size_t n)
{
    if (n > SIZE_MAX - OHI_HUGE_HEAD - OHI_OS_PAGE)
        return 0;
    return (OHI_HUGE_HEAD + n + OHI_OS_PAGE - 1) & ~(OHI_OS_PAGE - 1);
}

/* The address space for a block of `extent` bytes that grew by realloc:
 * the extent rounded up to OHI_HUGE_ROOM (1 MiB), so that it grows on
 * without a remap, by less than 1 MiB (HG3).  0 on overflow. */
OHI_INLINE size_t
huge_room(size_t extent)
{
    if (extent == 0 || extent > SIZE_MAX - OHI_HUGE_ROOM)
        return 0;
    return (extent + OHI_HUGE_ROOM - 1) & ~(OHI_HUGE_ROOM - 1);
}

/* --- the registry (HG1, HG2) --------------------------------------------- */

static size_t
huge_set_slot(const uintptr_t *set, size_t cap, uintptr_t base)
{
    size_t mask = cap - 1;
    size_t i = (size_t)((base >> 12) * 0x9e3779b97f4a7c15ull >> 20) & mask;
    while (set[i] != 0 && set[i] != base)
        i = (i + 1) & mask;
    return i;
}

/* Is base the base of a live huge block (HG1)?  Under the lock. */
static bool
huge_set_has(uintptr_t base)
{
    return SH->huge_set_cap != 0
           && SH->huge_set[huge_set_slot(SH->huge_set, SH->huge_set_cap,
                                         base)] == base;
}

/* What p is, given its slot's map byte `kind`: in a slot that counts huge
 * bases (HG2), HUGE if p is a live block's data pointer, else NONE; any
 * other byte as it is.  The registry is read under the lock; the fast
 * paths never come here (their slots read ARENA). */
static int
huge_kind(const void *p, int kind)
{
    if (kind < OHI_MAP_HUGE)
        return kind;
    pthread_mutex_lock(&shared_lock);
    bool huge = huge_set_has((uintptr_t)p - OHI_HUGE_HEAD);
    pthread_mutex_unlock(&shared_lock);
    return huge ? OHI_MAP_HUGE : OHI_MAP_NONE;
}

/* The radix map's answer for p, with huge slots resolved (huge_kind). */
OHI_INLINE int
kind_of(const void *p)
{
    return huge_kind(p, map_lookup(p));
}

/* Make sure the next huge_register cannot fail for want of memory: room
 * in the registry (grown at half full) and a spare radix-map leaf, in case
 * the block lands where no leaf is mapped yet.  huge_realloc needs that:
 * the kernel picks where a growing block moves, and once it has moved
 * there is no going back.  -1 when out of memory, nothing lost. */
static int
huge_prepare(void)
{
    if (SH->map_spare == NULL
        && (SH->map_spare = ohi_os_map((size_t)1 << OHI_MAP_LEAF_BITS))
           == NULL)
        return -1;
    if ((SH->huge_set_n + 1) * 2 > SH->huge_set_cap) {
        /* Mapped, not calloc'd: a table in the C library's heap, made in
         * the middle of a workload, kept the heap from trimming below it
         * (bench_alloc's realloc left 1 MiB more resident). */
        size_t cap = SH->huge_set_cap ? SH->huge_set_cap * 2
                                     : OHI_OS_PAGE / sizeof(uintptr_t);
        uintptr_t *slots = ohi_os_map(cap * sizeof *slots);
        if (slots == NULL)
            return -1;
        for (size_t i = 0; i < SH->huge_set_cap; i++)
            if (SH->huge_set[i] != 0)
                slots[huge_set_slot(slots, cap, SH->huge_set[i])]
                    = SH->huge_set[i];
        if (SH->huge_set != NULL)
            ohi_os_unmap(SH->huge_set, SH->huge_set_cap * sizeof *slots);
        SH->huge_set = slots;
        SH->huge_set_cap = cap;
    }
    return 0;
}

/* Register the huge block based at `base`: the registry and its slot's
 * count (HG1, HG2).  -1 when out of memory or when base is beyond the
 * map's 48 bits; nothing changed then.  Cannot fail right after
 * huge_prepare for a base the kernel chose (it hands out addresses above
 * 47 bits only when asked for them). */
static int
huge_register(char *base)
{
    uintptr_t b = (uintptr_t)base;
    if ((b >> OHI_ARENA_SHIFT) >> OHI_MAP_BITS || huge_prepare() < 0)
        return -1;
    int v = map_lookup(base);
    OH_ASSERT(v == OHI_MAP_NONE || v >= OHI_MAP_HUGE);
    if (map_set(base, v == OHI_MAP_NONE ? OHI_MAP_HUGE
                                        : (uint8_t)(v + 1), true) < 0)
        return -1;                      /* cannot happen: a spare leaf */
    SH->huge_set[huge_set_slot(SH->huge_set, SH->huge_set_cap, b)] = b;
    SH->huge_set_n++;
    return 0;
}

/* Take a live block's base out of the registry (linear probing: the
 * entries after it in its run move back) and out of its slot's count. */
static void
huge_unregister(char *base)
{
    uintptr_t b = (uintptr_t)base;
    OH_ASSERT(huge_set_has(b));
    size_t mask = SH->huge_set_cap - 1;
    size_t i = huge_set_slot(SH->huge_set, SH->huge_set_cap, b);
    SH->huge_set[i] = 0;
    for (size_t j = (i + 1) & mask; SH->huge_set[j] != 0;
         j = (j + 1) & mask) {
        uintptr_t e = SH->huge_set[j];
        SH->huge_set[j] = 0;
        SH->huge_set[huge_set_slot(SH->huge_set, SH->huge_set_cap, e)] = e;
    }
    SH->huge_set_n--;
    int v = map_lookup(base);
    OH_ASSERT(v >= OHI_MAP_HUGE);
    map_set(base, v == OHI_MAP_HUGE ? OHI_MAP_NONE       /* leaf exists */
                                    : (uint8_t)(v - 1), true);
}

/* --- mappings and the cache of kept ones --------------------------------- */

/* Map `reserved` bytes (whole pages, nothing over) and register them. */
static char *
huge_map(size_t reserved)
{
    char *base = ohi_os_map(reserved);
    if (base == NULL)
        return NULL;
    if (huge_register(base) < 0) {
        ohi_os_unmap(base, reserved);
        return NULL;
    }
    return base;
}

/* A kept mapping for a block of n bytes, taken out of the cache and
 * registered again; NULL if there is none.  Its address space and the
 * bytes from its start that may be resident go to *reserved_out and
 * *resident_out (a growing block's mapping may be bigger than it needs). */
static char *
huge_cache_take(size_t n, bool growing,
                size_t *reserved_out, size_t *resident_out)
{
    /* Of the mappings big enough: the one with the fewest pages beyond
     * this block's among those that hold all of its pages (nothing to
     * fault in now, the least to give back), else the one with the most
     * pages (the fewest faults).  The first big enough, as before, gave a
     * 136 KB string the mapping an 800 KB one had just left, and the next
     * 800 KB string the 136 KB one: 160 pages given back and faulted in
     * again on every round of the strings benchmark.
     *
     * A block that arrives by growing (realloc from the C library's heap)
     * will likely grow on: it takes the mapping with the most pages and
     * keeps all of it (HG3's exception), so that it grows into pages
     * already there (json's and strings' lists of chunks, rebuilt to the
     * same size every round, faulted in every page of them each time). */
    size_t extent = huge_extent(n);
    int best = -1;
    bool best_covers = false;
    size_t best_gap = SIZE_MAX;
    for (int i = 0; i < OHI_HUGE_CACHED; i++) {
        const ohi_huge_cached *c = &SH->huge_cache[i];
        if (c->base == NULL || c->reserved < extent)
            continue;
        if (growing) {
            if (best < 0 || c->extent > SH->huge_cache[best].extent)
                best = i;
            continue;
        }
        bool covers = c->extent >= extent;
        size_t gap = covers ? c->extent - extent : extent - c->extent;
        if ((covers && !best_covers) || (covers == best_covers
                                         && gap < best_gap)) {
            best = i;
            best_covers = covers;
            best_gap = gap;
        }
    }
    if (best < 0) {
        /* None is big enough: the one with the most pages, resized to
         * what this block needs and moved by the kernel if it must be,
         * keeps its pages (no copy), so only the rest are faulted in.
         * With 1 MiB slots a block of up to 1 MiB could use any kept
         * mapping; without this, a strings-like cycle of buffers of
         * 136 KB to 1.5 MB ran 784 ms against 609 ms before issue 16
         * (one run; docs/ALLOCATOR.md). */
        for (int i = 0; i < OHI_HUGE_CACHED; i++)
            if (SH->huge_cache[i].base != NULL
                && (best < 0
                    || SH->huge_cache[i].extent > SH->huge_cache[best].extent))
                best = i;
        if (best < 0)
            return NULL;
        ohi_huge_cached *c = &SH->huge_cache[best];
        size_t want = growing ? huge_room(extent) : extent;
        char *moved = want == 0 || huge_prepare() < 0
                      ? NULL : ohi_os_remap(c->base, c->reserved, want);
        if (moved == NULL)
            return NULL;                /* it stays kept, as it was */
        SH->huge_cache_bytes -= c->reserved;
        c->base = NULL;
        int rc = huge_register(moved);       /* prepared: cannot fail */
        OH_ASSERT(rc == 0);
        (void)rc;
        *reserved_out = want;
        *resident_out = c->extent > extent ? c->extent : extent;
        return moved;
    }
    ohi_huge_cached *c = &SH->huge_cache[best];
    char *base = c->base;
    if (huge_register(base) < 0)
        return NULL;                    /* it stays kept */
    size_t reserved = c->reserved, resident = c->extent;
    c->base = NULL;
    SH->huge_cache_bytes -= c->reserved;
    /* Bigger than this block needs: unless it grows, the address space
     * past its pages goes back, and their pages with it (HG3). */
    if (!growing && reserved > extent) {
        ohi_os_unmap(base + extent, reserved - extent);
        reserved = extent;
    }
    if (resident > reserved)
        resident = reserved;
    *reserved_out = reserved;
    *resident_out = resident > extent ? resident : extent;
    return base;
}

/* A huge block of n bytes; zeroed when `zero` (fresh mappings are, a
 * reused one is cleared).  `growing`: it replaces a smaller block being
 * reallocated, so it gets growth room (HG3). */
static void *
huge_alloc_locked(ohi_alloc_state *a, size_t n, bool zero, bool growing)
{
    size_t extent = huge_extent(n);
    size_t reserved = growing ? huge_room(extent) : extent;
    if (reserved == 0)
        return alloc_failed(a);
    size_t resident = extent;
    char *base = huge_cache_take(n, growing, &reserved, &resident);
    if (base != NULL && zero)
        memset(base + OHI_HUGE_HEAD, 0, n);
    if (base == NULL && (base = huge_map(reserved)) == NULL)
        return alloc_failed(a);
    ohi_huge_head *h = (ohi_huge_head *)(void *)base;
    h->reserved = reserved;
    h->n = n;
    h->resident = resident;
    gauge_add(&SH->huge_blocks, 1);
    gauge_add(&SH->huge_bytes, (int64_t)n);
    return base + OHI_HUGE_HEAD;
}

/* The header of the huge block at p, which huge_kind said is one. */
OHI_INLINE ohi_huge_head *
huge_head(void *p)
{
    return (ohi_huge_head *)(void *)((char *)p - OHI_HUGE_HEAD);
}

static void
huge_free_locked(ohi_alloc_state *a, void *p)
{
    ohi_huge_head *h = huge_head(p);
    gauge_add(&SH->huge_blocks, -1);
    gauge_add(&SH->huge_bytes, -(int64_t)h->n);
    huge_unregister((char *)h);
    if (SH->huge_cache_bytes + h->reserved <= OHI_HUGE_CACHE_BYTES) {
        for (int i = 0; i < OHI_HUGE_CACHED; i++) {
            if (SH->huge_cache[i].base == NULL) {
                SH->huge_cache[i].base = (char *)h;
                SH->huge_cache[i].reserved = h->reserved;
                SH->huge_cache[i].extent = h->resident;
                SH->huge_cache_bytes += h->reserved;
                return;
            }
        }
    }
    ohi_os_unmap(h, h->reserved);
}

static void *raw_malloc(ohi_alloc_state *a, size_t n, int family);

/* Resize a huge block.  Growth past what it holds remaps the pages with
 * new growth room (in place when the address space after the block is
 * free, else onto a new mapping): the data is never copied.  A shrink
 * gives back all the address space past its new extent (HG3); shrinking
 * far below the huge threshold moves the data to a smaller block. */
static void *
huge_realloc_locked(ohi_alloc_state *a, void *p, size_t n)
{
    ohi_huge_head *h = huge_head(p);
    if (n < OHI_HUGE_MIN / 2) {
        void *q = raw_malloc(a, n, OHI_FAMILY_MEM);
        if (q == NULL)
            return NULL;
        memcpy(q, p, n);
        huge_free_locked(a, p);
        return q;
    }
    size_t extent = huge_extent(n);
    size_t reserved = h->reserved;
    if (extent > reserved)
        reserved = huge_room(extent);
    else if (n < h->n)
        reserved = extent;
    if (extent == 0 || reserved == 0)
        return alloc_failed(a);
    if (reserved != h->reserved) {
        /* One mremap: in place when the address space after the block is
         * free, else moved where the kernel finds room.  Registering the
         * new place must not fail after the move, so its memory comes
         * first.  (Three calls before: a resize in place that mostly
         * failed, a new mapping, a move onto it.) */
        if (huge_prepare() < 0)
            return alloc_failed(a);
        char *moved = ohi_os_remap(h, h->reserved, reserved);
        if (moved == NULL)
            return alloc_failed(a);
        if (moved != (char *)h) {
            int rc = huge_register(moved);
            OH_ASSERT(rc == 0);
            (void)rc;
            huge_unregister((char *)h);      /* reads no memory */
            h = (ohi_huge_head *)(void *)moved;
        }
    }
    /* A shrink unmapped the pages past the new end; growth keeps all. */
    size_t resident = h->resident < reserved ? h->resident : reserved;
    h->resident = resident > extent ? resident : extent;
    h->reserved = reserved;
    gauge_add(&SH->huge_bytes, (int64_t)n - (int64_t)h->n);
    h->n = n;
    return (char *)h + OHI_HUGE_HEAD;
}

/* The huge-block operations as the rest of the file calls them: each
 * under the shared lock, since the registry, the map's huge slots and the
 * kept mappings belong to no heap. */
static void *
huge_alloc(ohi_alloc_state *a, size_t n, bool zero, bool growing)
{
    pthread_mutex_lock(&shared_lock);
    void *p = huge_alloc_locked(a, n, zero, growing);
    pthread_mutex_unlock(&shared_lock);
    return p;
}

static void
huge_free(ohi_alloc_state *a, void *p)
{
    pthread_mutex_lock(&shared_lock);
    huge_free_locked(a, p);
    pthread_mutex_unlock(&shared_lock);
}

static void *
huge_realloc(ohi_alloc_state *a, void *p, size_t n)
{
    pthread_mutex_lock(&shared_lock);
    void *q = huge_realloc_locked(a, p, n);
    pthread_mutex_unlock(&shared_lock);
    return q;
}

/* ==========================================================================
 * The paths with no checks
 * ========================================================================== */

/* The allocation path with no checks: small from pools, huge mapped, the
 * rest from the C library.  n == 0 is served as 1 byte. */
static void *
raw_malloc(ohi_alloc_state *a, size_t n, int family)
{
    if (n == 0)
        n = 1;
    if (n <= OH_SMALL_MAX)
        return small_alloc(a, family, OHI_SIZE_CLASS(n), n);
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
    /* n - 1 < 512 excludes n == 0, which the slow path serves; the gate is
     * 0 whenever slow != 0 (GT1): one test where there were two, 3
     * instructions fewer. */
    if (OH_LIKELY(n - 1 < GATE_OF(a))) {
        size_t idx = OHI_FCACHE_INDEX(family, OHI_SIZE_CLASS(n));
        if (a->fcache_n[idx] != 0)
            return cache_pop(a, idx, n);
        ohi_pool *pool = a->used[family][OHI_SIZE_CLASS(n)];
        if (OH_LIKELY(pool != NULL))
            return pool_pop(a, pool, n);
    }
    return malloc_slow(a, n, family);
}

/* A block of the caller's own heap takes the fast path; one of another
 * heap's (H3) leaves it, as everything unusual does. */
OHI_INLINE void
free_impl(ohi_alloc_state *a, void *p, int family)
{
    int kind = map_lookup(p);
    if (OH_LIKELY(kind == OHI_MAP_ARENA
                  && arena_of(p)->heap
                     == __atomic_load_n(&a->free_key, __ATOMIC_RELAXED)))
        cached_free(a, p);                                      /* GT2 */
    else
        free_slow(a, p, family, kind);
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

void
ohi_alloc_free(void *p, int family)
{
    ohi_alloc_state *a = &OHI_RT->alloc;
    int kind = map_lookup(p);
    /* Objects come from the runtime's heap and go back to it: no owner
     * test on this path.  (Debug mode takes the slow path, whose debug
     * free names a block of the wrong family.) */
    if (OH_LIKELY(kind == OHI_MAP_ARENA
                  && __atomic_load_n(&a->free_key, __ATOMIC_RELAXED) != NULL))
        cached_free(a, p);
    else if (p != NULL && kind != OHI_MAP_ARENA)
        large_object_free(a, p, family);
    else
        free_slow(a, p, family, kind);
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
    if (n > OH_SMALL_MAX && SLOW_OF(a) == 0) {
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

static void *realloc_slow(ohi_alloc_state *a, void *p, size_t n);
static bool looks_like_debug_block(const void *p);
static bool is_debug_block(ohi_alloc_state *a, const void *p,
                           const char *call);

/* Keep a block of `size` bytes for a request of n bytes?  Yes if n fits and
 * does not shrink it by more than a quarter. */
OHI_INLINE bool
realloc_keeps(size_t size, size_t n)
{
    return n <= size && 4 * n > 3 * size;
}

/* Realloc with no checks: the C library's realloc for foreign and large
 * blocks, keep-or-move for ours. */
static void *
realloc_plain(ohi_alloc_state *a, void *p, size_t n)
{
    int kind = kind_of(p);
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
        if (n > OH_SMALL_MAX)
            a->large_requests++;
        void *q = realloc(p, n == 0 ? 1 : n);
        return q != NULL ? q : alloc_failed(a);
    }
    size_t size = OHI_CLASS_SIZE(pool_of(p)->szidx);
    if (realloc_keeps(size, n)) {
        OHI_UNPOISON(p, n);
        OHI_POISON((char *)p + n, size - n);
        return p;
    }
    void *q = raw_malloc(a, n, OHI_FAMILY_MEM);
    if (q == NULL)
        return NULL;
    /* The old block's slack is poisoned in sanitizer builds, and its
     * requested size is not recorded: copy it whole. */
    OHI_UNPOISON(p, size);
    memcpy(q, p, n < size ? n : size);
    if (arena_of(p)->heap != a)
        remote_free(p);         /* H3 */
    else if (SLOW_OF(a) == 0)
        cached_free(a, p);
    else
        small_free(a, p);       /* F3, when debugging or failing */
    return q;
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
        return ((h->n + OHI_HUGE_HEAD + OHI_OS_PAGE - 1) & ~(OHI_OS_PAGE - 1))
               - OHI_HUGE_HEAD;
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
    return malloc_usable_size((void *)(uintptr_t)p);
}

/* ==========================================================================
 * Slow paths: first use, fault injection, debug mode
 * ========================================================================== */

/* The settings changed (or were read for the first time): recompute the
 * shared slow bits and copy them into every heap.  Under the lock.  F3:
 * when the new bits forbid the free cache, the caller's own heaps (its
 * thread's, the runtime's) and the abandoned ones empty their caches now;
 * other threads' heaps are marked, and empty theirs at their next slow
 * path, before they do anything else. */
static void
settings_changed(void)
{
    uint32_t s = SH->slow & (uint32_t)OHI_SLOW_HOOK;
    if (SH->debug)
        s |= OHI_SLOW_DEBUG;
    if (SH->fail_nth != 0)
        s |= OHI_SLOW_FAIL;
    if (SH->limit != 0)
        s |= OHI_SLOW_LIMIT;
    SH->slow = s;
    bool flush = s & (OHI_SLOW_DEBUG | OHI_SLOW_FAIL | OHI_SLOW_LIMIT);
    for (ohi_alloc_state *h = SH->heaps; h != NULL; h = h->next_heap) {
        heap_set_slow(h, s);
        if (!flush)
            continue;
        if (h == thread_heap || h == &OHI_RT->alloc
            || __atomic_load_n(&h->abandoned, __ATOMIC_SEQ_CST))
            cache_flush(h);
        else
            __atomic_store_n(&h->flush_pending, true, __ATOMIC_RELAXED);
    }
}

/* Read the environment once, before the first block is handed out.
 * OBJHEAP_DEBUG=1 switches the debug checks on, =0 off; unset, they follow
 * the build (on when OH_DEBUG >= 1).  Under the lock. */
static void
alloc_init(void)
{
    SH->initialized = true;
    SH->debug = OH_DEBUG >= 1;
    const char *env = getenv("OBJHEAP_DEBUG");
    if (env != NULL && env[0] != '\0')
        SH->debug = env[0] != '0';
    settings_changed();
}

/* Take the lock for a setter, reading the environment first if nobody
 * has yet. */
static void
settings_lock(void)
{
    pthread_mutex_lock(&shared_lock);
    if (!SH->initialized)
        alloc_init();
}

/* --- the limit ---------------------------------------------------------------
 * L1. While a limit is set (slow & OHI_SLOW_LIMIT), every allocation goes
 *     through malloc_general or realloc_slow and every free of a block
 *     outside the arenas through free_general, and limit_clib is the sum
 *     of the usable sizes of the C library's blocks allocated since it was
 *     set, less those freed since: limit_used is then the memory taken
 *     since, the quantity oh_alloc_set_limit caps. */

/* The usable size of p if it is a C-library block (our large debug
 * blocks included, measured from their real start), else 0. */
static size_t
clib_size(const ohi_alloc_state *a, void *p)
{
    if (p == NULL || kind_of(p) != OHI_MAP_NONE)
        return 0;
    if (SH->debug && looks_like_debug_block(p))
        return malloc_usable_size((char *)p - OHI_DEBUG_HEAD);
    return malloc_usable_size(p);
}

static int64_t
limit_used(const ohi_alloc_state *a)
{
    return gauge_read(&SH->arena_bytes).current
           + gauge_read(&SH->huge_bytes).current - SH->limit_base
           + SH->limit_clib;
}

/* Would a request for n bytes pass the limit?  A small block costs
 * nothing by itself, only the arena it may need: it fails once the limit
 * is passed (by at most the last arena mapped), not as soon as the limit
 * is reached; any other request costs its size. */
static bool
over_limit(const ohi_alloc_state *a, size_t n)
{
    if (n <= OH_SMALL_MAX)
        return limit_used(a) > SH->limit;
    return n > (uint64_t)SH->limit
           || limit_used(a) > SH->limit - (int64_t)n;
}

void
oh_alloc_set_limit(size_t bytes)
{
    settings_lock();
    SH->limit = bytes > (size_t)INT64_MAX ? INT64_MAX : (int64_t)bytes;
    SH->limit_base = gauge_read(&SH->arena_bytes).current
                     + gauge_read(&SH->huge_bytes).current;
    SH->limit_clib = 0;
    settings_changed();
    pthread_mutex_unlock(&shared_lock);
}

/* Should this allocation fail on purpose?  Counts it either way. */
static bool
injected_failure(ohi_alloc_state *a)
{
    if (!(SLOW_OF(a) & OHI_SLOW_FAIL))
        return false;
    SH->fail_counter++;
    return SH->fail_counter == SH->fail_nth
           || (SH->fail_every && SH->fail_counter > SH->fail_nth);
}

void
oh_alloc_set_fail(unsigned long n, int every)
{
    settings_lock();
    SH->fail_nth = n;
    SH->fail_every = every != 0;
    SH->fail_counter = 0;
    settings_changed();
    pthread_mutex_unlock(&shared_lock);
}

unsigned long
oh_alloc_fail_counter(void)
{
    pthread_mutex_lock(&shared_lock);
    unsigned long n = SH->fail_counter;
    pthread_mutex_unlock(&shared_lock);
    return n;
}

static void *debug_malloc(ohi_alloc_state *a, size_t n, int family);
static void debug_free(ohi_alloc_state *a, void *p, int family,
                       const char *call);
static const char *family_deallocator(int family);

/* The class the tracer files p under: its pool's, or -1 when p is not in
 * one (kind: p's radix-map entry). */
static int
trace_class(const void *p, int kind)
{
    return kind == OHI_MAP_ARENA ? pool_of(p)->szidx : -1;
}

/* OH_NO_TRACE builds the library without tracing support: the hooks are
 * compiled out (docs/BENCHMARKS.md compares the two builds).  ONLY_TRACING:
 * the hook is the one reason for the slow path (no debug mode, no fault
 * injection), which the slow paths serve first and most directly. */
#ifdef OH_NO_TRACE
#  define TRACING(a) false
#  define ONLY_TRACING(a) false
#else
#  define TRACING(a) (SLOW_OF(a) & OHI_SLOW_HOOK)
#  define ONLY_TRACING(a) (SLOW_OF(a) == OHI_SLOW_HOOK)
#endif

void
ohi_alloc_set_observer(const ohi_alloc_observer *obs)
{
    if (obs != NULL && !OHI_TRACE_SUPPORTED)
        return;
    settings_lock();
    if (obs != NULL) {
        SH->observer = *obs;
        SH->slow |= OHI_SLOW_HOOK;
    }
    else {
        SH->slow &= ~(uint32_t)OHI_SLOW_HOOK;
    }
    settings_changed();
    pthread_mutex_unlock(&shared_lock);
}

/* Every allocation that leaves the fast path: first use, fault injection,
 * tracing (prepared before allocating, so that a block is never handed
 * out untraced), debug mode. */
static OHI_NOINLINE void *
malloc_general(ohi_alloc_state *a, size_t n, int family)
{
    if (OH_UNLIKELY(!a->initialized)) {
        heap_init(a);           /* a runtime's heap, on its first use */
        if (SLOW_OF(a) != 0)
            return malloc_slow(a, n, family);
    }
    if (injected_failure(a))
        return alloc_failed(a);
    bool limited = SLOW_OF(a) & OHI_SLOW_LIMIT;
    if (limited && over_limit(a, n))
        return alloc_failed(a);
    void *tb = NULL;
    if (TRACING(a) && (tb = SH->observer.prepare()) == NULL)
        return alloc_failed(a);
    void *p = SH->debug ? debug_malloc(a, n, family)
                       : raw_malloc(a, n, family);
    if (p != NULL && tb != NULL)
        SH->observer.record(p, n, tb);
    if (limited)
        SH->limit_clib += (int64_t)clib_size(a, p);     /* L1 */
    return p;
}

/* The same for a small request while tracing and nothing else: the common
 * case when tracing, with none of the other checks and one call to the
 * tracer.  The block is taken first (from the free cache, else from a
 * pool) and traced after; if the trace cannot be recorded, it goes back to
 * its pool before anyone has seen it (traced_undo), and the allocation
 * fails.  The common cases, a cached block or a USED pool whose free list
 * does not run dry, are kept apart from the rest (malloc_traced_refill),
 * so that they keep only the block in a register across the call. */
static OHI_NOINLINE void *
traced_undo(ohi_alloc_state *a, void *p)
{
    small_free(a, p);
    return alloc_failed(a);
}

static OHI_NOINLINE void *
malloc_traced_refill(ohi_alloc_state *a, size_t n, int family)
{
    unsigned c = OHI_SIZE_CLASS(n);
    void *p = small_alloc(a, family, c, n);
    if (p == NULL)
        return NULL;
    if (SH->observer.record_small(p, n, c, __builtin_frame_address(0)) < 0)
        return traced_undo(a, p);
    return p;
}

static OHI_NOINLINE void *
malloc_traced_small(ohi_alloc_state *a, size_t n, int family)
{
    unsigned c = OHI_SIZE_CLASS(n);
    size_t idx = OHI_FCACHE_INDEX(family, c);
    void *p;
    if (a->fcache_n[idx] != 0) {
        p = cache_pop(a, idx, n);
    }
    else {
        ohi_pool *pool = a->used[family][c];
        if (OH_UNLIKELY(pool == NULL || block_next(pool->freeblock) == NULL))
            return malloc_traced_refill(a, n, family);
        p = pool_pop(a, pool, n);
        CHECK_POOL(pool);
    }
    if (OH_UNLIKELY(SH->observer.record_small(p, n, c,
                                             __builtin_frame_address(0))
                    < 0))
        return traced_undo(a, p);
    return p;
}

/* A heap's slow path begins here when a setting is on (slow != 0): under
 * the lock, which the settings' tables (debug, fault injection, limit,
 * the observer's) need, after emptying the cache if another thread's
 * setting asked for it (F3). */
static OHI_NOINLINE void
slow_enter(ohi_alloc_state *a)
{
    pthread_mutex_lock(&shared_lock);
    if (__atomic_load_n(&a->flush_pending, __ATOMIC_RELAXED)) {
        __atomic_store_n(&a->flush_pending, false, __ATOMIC_RELAXED);
        if (SLOW_OF(a) & (OHI_SLOW_DEBUG | OHI_SLOW_FAIL | OHI_SLOW_LIMIT))
            cache_flush(a);
    }
}

/* The slow path's entry.  With no setting on, only jumps, so that it
 * saves no registers and builds no frame on the way: requests the fast
 * path does not serve (sizes over 512 bytes, a class with no pool) take
 * no lock.  A thread with no heap gets one here (heap_of_thread). */
static OHI_NOINLINE void *
malloc_slow(ohi_alloc_state *a, size_t n, int family)
{
    uint32_t slow = SLOW_OF(a);
    if (OH_LIKELY(slow == 0))
        return malloc_general(a, n, family);
    if (slow & OHI_SLOW_NOHEAP)
        return malloc_impl(heap_of_thread(), n, family);
    slow_enter(a);
    void *p = ONLY_TRACING(a) && n - 1 < OH_SMALL_MAX
                  ? malloc_traced_small(a, n, family)
                  : malloc_general(a, n, family);
    pthread_mutex_unlock(&shared_lock);
    return p;
}

/* Every free that leaves the fast path: NULL, blocks that are not in a
 * pool, tracing, debug mode.  `kind` is p's radix-map byte, which the
 * caller has already read; a slot that counts huge blocks is resolved
 * here (huge_kind), off the fast paths. */
static OHI_NOINLINE void
free_general(ohi_alloc_state *a, void *p, int family, int kind)
{
    if (p == NULL)
        return;
    kind = huge_kind(p, kind);
    if (TRACING(a))
        SH->observer.forget(p, trace_class(p, kind));
    if ((SLOW_OF(a) & OHI_SLOW_LIMIT) && kind == OHI_MAP_NONE)
        SH->limit_clib -= (int64_t)clib_size(a, p);     /* L1 */
    if (kind == OHI_MAP_HUGE)
        huge_free(a, p);        /* never made in debug mode */
    else if (SH->debug)
        debug_free(a, p, family, family_deallocator(family));
    else if (kind == OHI_MAP_ARENA)
        pool_free(a, p);
    else
        free(p);
}

/* The same for a pool's block while tracing and nothing else.  The
 * tracer needs the block's class, read before the free (which may give
 * the pool, even its arena, back), and nothing else of the block: the
 * block is freed first and removing its trace is the last thing done. */
static OHI_NOINLINE void
free_traced_small(ohi_alloc_state *a, void *p)
{
    int cls = pool_of(p)->szidx;
    if (arena_of(p)->heap == a)
        cached_free(a, p);
    else
        remote_free(p);         /* H3 */
    SH->observer.forget(p, cls);
}

/* The slow path's entry, as malloc_slow.  With no setting on, a block of
 * another heap's goes to its owner (H3) and everything else to
 * free_general, without the lock. */
static OHI_NOINLINE void
free_slow(ohi_alloc_state *a, void *p, int family, int kind)
{
    uint32_t slow = SLOW_OF(a);
    if (OH_UNLIKELY(slow & OHI_SLOW_NOHEAP)) {
        /* A first call that frees.  Even a block of another heap's needs
         * this thread's mode (debug mode frees a block through its
         * checks, not as it stands), so it gets its heap first. */
        a = heap_of_thread();
        slow = SLOW_OF(a);
    }
    if (OH_UNLIKELY(!a->initialized)) {
        heap_init(a);           /* a runtime's heap, on its first use */
        slow = SLOW_OF(a);
    }
    if (OH_LIKELY(slow == 0)) {
        if (kind == OHI_MAP_ARENA)
            pool_free(a, p);
        else
            free_general(a, p, family, kind);
        return;
    }
    slow_enter(a);
    kind = huge_kind(p, kind);       /* the fast path read the map only */
    if (ONLY_TRACING(a) && kind == OHI_MAP_ARENA)
        free_traced_small(a, p);
    else
        free_general(a, p, family, kind);
    pthread_mutex_unlock(&shared_lock);
}

static void *realloc_general(ohi_alloc_state *a, void *p, size_t n);

/* oh_realloc's slow path: a thread's first call (it gets its heap), or a
 * setting on (under the lock, as malloc_slow). */
static OHI_NOINLINE void *
realloc_slow(ohi_alloc_state *a, void *p, size_t n)
{
    if (SLOW_OF(a) & OHI_SLOW_NOHEAP) {
        a = heap_of_thread();
        if (SLOW_OF(a) == 0)
            return realloc_plain(a, p, n);
    }
    slow_enter(a);
    void *q = realloc_general(a, p, n);
    pthread_mutex_unlock(&shared_lock);
    return q;
}

static void *
realloc_general(ohi_alloc_state *a, void *p, size_t n)
{
    if (injected_failure(a))
        return alloc_failed(a);
    /* Under a limit the whole new size must fit (a shrink near the limit
     * may fail: realloc may always fail). */
    bool limited = SLOW_OF(a) & OHI_SLOW_LIMIT;
    if (limited && over_limit(a, n))
        return alloc_failed(a);
    size_t clib_before = limited ? clib_size(a, p) : 0;
    void *tb = NULL;
    if (TRACING(a) && (tb = SH->observer.prepare()) == NULL)
        return alloc_failed(a);
    int cls = tb != NULL ? trace_class(p, map_lookup(p)) : -1;
    void *q;
    if (SH->debug && (map_lookup(p) == OHI_MAP_ARENA
                     || is_debug_block(a, p, "oh_realloc"))) {
        debug_head *h = (debug_head *)((char *)p - OHI_DEBUG_HEAD);
        size_t old = h->n;      /* debug_free below validates the block */
        q = debug_malloc(a, n, OHI_FAMILY_MEM);
        if (q != NULL) {
            memcpy(q, p, old < n ? old : n);
            debug_free(a, p, OHI_FAMILY_MEM, "oh_realloc");
        }
    }
    else {
        q = realloc_plain(a, p, n);
    }
    if (q != NULL && tb != NULL) {
        SH->observer.forget(p, cls);
        SH->observer.record(q, n, tb);
    }
    if (q != NULL && limited)                           /* L1 */
        SH->limit_clib += (int64_t)clib_size(a, q) - (int64_t)clib_before;
    return q;
}

/* --- debug mode ------------------------------------------------------------
 * Every message says what happened, names the pointer with its size class
 * and block size (so a user can tell which allocation went wrong), and
 * ends with the call that caught it: "...; caught by oh_free".
 *
 * Large debug blocks (the debug layout inside a block of the C library's)
 * are kept in a set (debug_large_*), so that a free outside the arenas is
 * told ours from the C library's without reading the memory before the
 * pointer, which for a block already freed may be unmapped (a second free
 * of a block of 128 KiB or more segfaulted here):
 *
 * DL1. While debug mode is on, debug_large holds exactly the starts of the
 *      large debug blocks handed out and not freed (debug_large_live of
 *      them), and debug_large_dead the data pointers of up to
 *      OHI_DEBUG_DEAD_RING of those freed since, none of them live. */

/* Who allocated a block of this family, and who frees one. */
static const char *
family_allocator(int family)
{
    static const char *const names[OHI_NFAMILIES] = {
        [OHI_FAMILY_MEM] = "oh_malloc",
        [OHI_FAMILY_OBJ] = "the object allocator (an object)",
        [OHI_FAMILY_GC] = "the object allocator (a container object)",
    };
    return family >= 0 && family < OHI_NFAMILIES ? names[family] : "?";
}

static const char *
family_deallocator(int family)
{
    static const char *const names[OHI_NFAMILIES] = {
        [OHI_FAMILY_MEM] = "oh_free",
        [OHI_FAMILY_OBJ] = "the object deallocator (an object's dealloc)",
        [OHI_FAMILY_GC] = "the object deallocator (a container's dealloc)",
    };
    return family >= 0 && family < OHI_NFAMILIES ? names[family] : "?";
}

static size_t
debug_large_slot_in(void *const *set, size_t cap, const void *blk)
{
    size_t mask = cap - 1;
    size_t i = (size_t)(((uintptr_t)blk >> 4) * 0x9e3779b97f4a7c15ull >> 20)
               & mask;
    while (set[i] != NULL && set[i] != blk)
        i = (i + 1) & mask;
    return i;
}

/* Under the lock, as every use of the debug tables. */
static size_t
debug_large_slot(const ohi_alloc_state *a, const void *blk)
{
    return debug_large_slot_in(SH->debug_large, SH->debug_large_cap, blk);
}

/* Is blk the start of a live large debug block (DL1)? */
static bool
debug_large_has(const ohi_alloc_state *a, const void *blk)
{
    return SH->debug_large_cap != 0
           && SH->debug_large[debug_large_slot(a, blk)] == blk;
}

/* Add blk to the set, growing it at half full; -1 when out of memory
 * (nothing changed).  The set is C-library memory: it must not come from
 * the pools it describes. */
static int
debug_large_add(ohi_alloc_state *a, void *blk)
{
    if ((SH->debug_large_live + 1) * 2 > SH->debug_large_cap) {
        size_t cap = SH->debug_large_cap ? SH->debug_large_cap * 2 : 64;
        void **slots = calloc(cap, sizeof *slots);
        if (slots == NULL)
            return -1;
        for (size_t i = 0; i < SH->debug_large_cap; i++)
            if (SH->debug_large[i] != NULL)
                slots[debug_large_slot_in(slots, cap, SH->debug_large[i])]
                    = SH->debug_large[i];
        free(SH->debug_large);
        SH->debug_large = slots;
        SH->debug_large_cap = cap;
    }
    SH->debug_large[debug_large_slot(a, blk)] = blk;
    /* A block at an address freed before: that free is history. */
    for (unsigned i = 0; i < OHI_DEBUG_DEAD_RING; i++)
        if (SH->debug_large_dead[i] == (char *)blk + OHI_DEBUG_HEAD)
            SH->debug_large_dead[i] = NULL;
    return 0;
}

/* Take blk out of the set (linear probing: the entries after it in its
 * run move back, so no search stops early) and remember it as freed. */
static void
debug_large_remove(ohi_alloc_state *a, void *blk)
{
    size_t mask = SH->debug_large_cap - 1;
    size_t i = debug_large_slot(a, blk);
    SH->debug_large[i] = NULL;
    for (size_t j = (i + 1) & mask; SH->debug_large[j] != NULL;
         j = (j + 1) & mask) {
        void *e = SH->debug_large[j];
        SH->debug_large[j] = NULL;
        SH->debug_large[debug_large_slot(a, e)] = e;
    }
    SH->debug_large_dead[SH->debug_large_dead_next++ % OHI_DEBUG_DEAD_RING]
        = (char *)blk + OHI_DEBUG_HEAD;
}

static bool
debug_large_was_freed(const ohi_alloc_state *a, const void *p)
{
    for (unsigned i = 0; i < OHI_DEBUG_DEAD_RING; i++)
        if (p != NULL && SH->debug_large_dead[i] == p)
            return true;
    return false;
}

/* p, outside the arenas in debug mode: one of our large blocks (true), or
 * the C library's (false).  A large block freed already is fatal, naming
 * `call` (its memory may be gone: nothing of it is read). */
static bool
is_debug_block(ohi_alloc_state *a, const void *p, const char *call)
{
    if (debug_large_has(a, (const char *)p - OHI_DEBUG_HEAD))
        return true;
    if (debug_large_was_freed(a, p))
        ohi_fatal("%s %p (a large block, over %d bytes): it was freed "
                  "already; caught by %s", strcmp(call, "oh_free") == 0
                  || strncmp(call, "the object deallocator", 22) == 0
                  ? "double free of" : "use of freed block", p, OH_SMALL_MAX,
                  call);
    return false;
}

int
ohi_alloc_debug_block(const void *data, int *family)
{
    ohi_alloc_state *a = &OHI_RT->alloc;
    const char *blk = (const char *)data - OHI_DEBUG_HEAD;
    if (map_lookup(data) == OHI_MAP_ARENA) {
        const ohi_pool *pool = pool_of(data);
        if (pool->state != OHI_POOL_USED && pool->state != OHI_POOL_FULL)
            return pool->state == OHI_POOL_EMPTY ? OHI_DBLOCK_FREED
                                                 : OHI_DBLOCK_UNKNOWN;
        const char *first = pool_first_block(pool);
        size_t size = OHI_CLASS_SIZE(pool->szidx);
        if (blk < first || (size_t)(blk - first) % size != 0)
            return OHI_DBLOCK_INTERIOR;
    }
    else if (!debug_large_has(a, blk)) {
        return debug_large_was_freed(a, data) ? OHI_DBLOCK_FREED
                                              : OHI_DBLOCK_UNKNOWN;
    }
    const debug_head *h = (const debug_head *)(const void *)blk;
    *family = (int)(h->tag & 0xffu);
    if ((h->tag & 0xffffff00u) == OHI_TAG_LIVE)
        return OHI_DBLOCK_LIVE;
    return (h->tag & 0xffffff00u) == OHI_TAG_DEAD ? OHI_DBLOCK_FREED
                                                  : OHI_DBLOCK_INTERIOR;
}

static void *
debug_malloc(ohi_alloc_state *a, size_t n, int family)
{
    const char *call = family == OHI_FAMILY_MEM ? "oh_malloc, reusing the "
                       "block" : "the object allocator, reusing the block";
    if (n > SIZE_MAX - OHI_DEBUG_HEAD - OHI_DEBUG_TAIL)
        return alloc_failed(a);
    size_t total = n + OHI_DEBUG_HEAD + OHI_DEBUG_TAIL;
    size_t blocksize;
    char *blk;
    if (total <= OH_SMALL_MAX) {
        unsigned c = OHI_SIZE_CLASS(total);
        blocksize = OHI_CLASS_SIZE(c);
        blk = small_alloc(a, family, c, blocksize);
        if (blk == NULL)
            return NULL;
        /* A block from a free list must still be dead-filled. */
        debug_head *old = (debug_head *)blk;
        if ((old->tag & 0xffffff00u) == OHI_TAG_DEAD) {
            for (size_t i = OHI_DEBUG_HEAD; i < blocksize; i++) {
                if ((unsigned char)blk[i] != OHI_DEADBYTE)
                    ohi_fatal("write to freed block %p (size class %u, "
                              "%zu-byte blocks): byte %zu of the data was "
                              "changed after it was freed; caught by %s",
                              (void *)(blk + OHI_DEBUG_HEAD),
                              (unsigned)OHI_SIZE_CLASS(total), blocksize,
                              i - OHI_DEBUG_HEAD, call);
            }
        }
    }
    else {
        a->large_requests++;
        blocksize = total;
        blk = malloc(total);
        if (blk == NULL)
            return alloc_failed(a);
        if (debug_large_add(a, blk) < 0) {      /* DL1 */
            free(blk);
            return alloc_failed(a);
        }
        SH->debug_large_live++;
    }
    debug_head *h = (debug_head *)blk;
    h->n = n;
    h->serial = ++SH->debug_serial;
    h->tag = OHI_TAG_LIVE | (uint32_t)family;
    memset(blk + OHI_DEBUG_HEAD, OHI_CLEANBYTE, n);
    memset(blk + OHI_DEBUG_HEAD + n, OHI_GUARDBYTE,
           blocksize - OHI_DEBUG_HEAD - n);
    return blk + OHI_DEBUG_HEAD;
}

/* Is p, outside the arenas, one of our live large debug blocks (DL1)?
 * Reads no memory of p's, so a foreign or freed pointer is safe. */
static bool
looks_like_debug_block(const void *p)
{
    return debug_large_has(&OHI_RT->alloc, (const char *)p - OHI_DEBUG_HEAD);
}

/* Check the block's tag, family and guard; abort with a report if any is
 * wrong.  `cls` is the size class, or -1 for a large block. */
static void
debug_check_block(char *blk, size_t blocksize, int cls, int family,
                  const char *call)
{
    debug_head *h = (debug_head *)blk;
    void *p = blk + OHI_DEBUG_HEAD;
    char where[64];
    if (cls >= 0)
        snprintf(where, sizeof where, "size class %d, %zu-byte blocks", cls,
                 blocksize);
    else
        snprintf(where, sizeof where, "large block of %zu bytes",
                 blocksize);
    if ((h->tag & 0xffffff00u) == OHI_TAG_DEAD)
        ohi_fatal("double free of %p (%s): the block was already freed "
                  "(serial %u); caught by %s", p, where, h->serial, call);
    if ((h->tag & 0xffffff00u) != OHI_TAG_LIVE
        || h->n > blocksize - OHI_DEBUG_HEAD - OHI_DEBUG_TAIL)
        ohi_fatal("the block header before %p (%s) was overwritten: a "
                  "write before the block, or a pointer objheap never "
                  "handed out; caught by %s", p, where, call);
    if (family >= 0 && (int)(h->tag & 0xffu) != family)
        ohi_fatal("block %p (%s) was allocated by %s and freed by %s, which "
                  "frees only blocks of %s (the wrong deallocator)", p,
                  where, family_allocator((int)(h->tag & 0xffu)), call,
                  family_allocator(family));
    for (size_t i = OHI_DEBUG_HEAD + h->n; i < blocksize; i++) {
        if ((unsigned char)blk[i] != OHI_GUARDBYTE)
            ohi_fatal("write past the end of block %p (%s, %zu bytes "
                      "requested): guard byte %zu after the data was "
                      "overwritten (serial %u); caught by %s", p, where,
                      h->n, i - OHI_DEBUG_HEAD - h->n, h->serial, call);
    }
}

/* Free p in debug mode; `call` is the public call that frees it, named
 * in every report (oh_free, oh_realloc, or an object's dealloc). */
static void
debug_free(ohi_alloc_state *a, void *p, int family, const char *call)
{
    char *blk = (char *)p - OHI_DEBUG_HEAD;
    if (map_lookup(p) == OHI_MAP_ARENA) {
        ohi_pool *pool = pool_of(p);
        if (pool->state != OHI_POOL_USED && pool->state != OHI_POOL_FULL) {
            /* The last free emptied the pool; its blocks keep their tags
             * until the pool is carved again. */
            if (pool->state == OHI_POOL_EMPTY
                && (((debug_head *)blk)->tag & 0xffffff00u) == OHI_TAG_DEAD)
                ohi_fatal("double free of %p (size class %u, %zu-byte "
                          "blocks): the block was already freed, and with "
                          "it its pool; caught by %s", p, pool->szidx,
                          OHI_CLASS_SIZE(pool->szidx), call);
            ohi_fatal("free of %p, which is in a pool that holds no blocks: "
                      "a double free, or a pointer objheap never handed "
                      "out; caught by %s", p, call);
        }
        unsigned c = pool->szidx;
        size_t size = OHI_CLASS_SIZE(c);
        char *first = pool_first_block(pool);
        if ((char *)p < first + OHI_DEBUG_HEAD)
            ohi_fatal("free of %p, which is not a block: it lies before the "
                      "first block of its pool (size class %u, %zu-byte "
                      "blocks; the first starts at %p); caught by %s", p, c,
                      size, (void *)(first + OHI_DEBUG_HEAD), call);
        if (((size_t)(blk - first)) % size != 0)
            ohi_fatal("free of %p, a pointer into the middle of a block "
                      "(size class %u, %zu-byte blocks; the block holding "
                      "it starts at %p); caught by %s", p, c, size,
                      (void *)(first + ((size_t)((char *)p - first) / size)
                                       * size + OHI_DEBUG_HEAD), call);
        debug_check_block(blk, size, (int)c, family, call);
        debug_head *h = (debug_head *)blk;
        h->tag = OHI_TAG_DEAD | (h->tag & 0xffu);
        memset(blk + OHI_DEBUG_HEAD, OHI_DEADBYTE, size - OHI_DEBUG_HEAD);
        pool_free(a, blk);      /* or to its heap's owner (H3) */
        /* Debug mode checks its own fills; keep them readable. */
        OHI_UNPOISON(blk, size);
        return;
    }
    if (!is_debug_block(a, p, call)) {
        free(p);                /* foreign: the C library's */
        return;
    }
    debug_head *h = (debug_head *)blk;
    debug_check_block(blk, h->n + OHI_DEBUG_HEAD + OHI_DEBUG_TAIL, -1,
                      family, call);
    h->tag = OHI_TAG_DEAD | (h->tag & 0xffu);
    debug_large_remove(a, blk);         /* DL1 */
    SH->debug_large_live--;
    free(blk);
}

int
oh_alloc_set_debug(int on)
{
    settings_lock();
    if ((on != 0) == SH->debug) {
        pthread_mutex_unlock(&shared_lock);
        return 0;
    }
    size_t live = oh_alloc_blocks_in_use() + SH->debug_large_live
                  + (size_t)gauge_read(&SH->huge_blocks).current
                  + OHI_RT->alloc.nlarge_objects;
    if (live != 0) {
        pthread_mutex_unlock(&shared_lock);
        oh_err_format(OH_ERR_RUNTIME,
                      "cannot switch debug checks %s while %zu blocks are "
                      "live (their layout would not match)",
                      on ? "on" : "off", live);
        return -1;
    }
    SH->debug = on != 0;
    settings_changed();
    pthread_mutex_unlock(&shared_lock);
    return 0;
}

int
oh_alloc_get_debug(void)
{
    settings_lock();
    int on = SH->debug;
    pthread_mutex_unlock(&shared_lock);
    return on;
}

/* ==========================================================================
 * Walkers: statistics and consistency checks
 * ========================================================================== */

/* Call fn(block, pool, arg) for each live block of a USED or FULL pool:
 * below the bump offset and not on the free list.  Returns the first
 * non-zero result. */
static int
pool_for_each_live(const ohi_pool *pool,
                   int (*fn)(char *blk, const ohi_pool *pool, void *arg),
                   void *arg)
{
    size_t size = OHI_CLASS_SIZE(pool->szidx);
    char *first = pool_first_block(pool);
    size_t touched = (size_t)(pool_base(pool) + pool->nextoffset - first)
                     / size;
    uint64_t is_free[OHI_POOL_SIZE / OH_ALIGNMENT / 64] = {0};
    for (ohi_block *b = pool->freeblock; b != NULL; b = block_next(b)) {
        size_t i = (size_t)((char *)b - first) / size;
        is_free[i / 64] |= (uint64_t)1 << (i % 64);
    }
    cache_count_pool(arena_of(pool)->heap, pool, is_free);
    for (size_t i = 0; i < touched; i++) {
        if (is_free[i / 64] & ((uint64_t)1 << (i % 64)))
            continue;
        int rc = fn(first + i * size, pool, arg);
        if (rc != 0)
            return rc;
    }
    return 0;
}

typedef struct walk_ctx {
    ohi_block_visitor fn;
    void *arg;
    size_t skip;                /* debug header before the data */
} walk_ctx;

static int
walk_block(char *blk, const ohi_pool *pool, void *arg)
{
    walk_ctx *w = arg;
    return w->fn(blk + w->skip, pool->family, w->arg);
}

int
ohi_alloc_walk_objects(ohi_block_visitor fn, void *arg)
{
    ohi_alloc_state *a = &OHI_RT->alloc;
    walk_ctx w = {fn, arg, SH->debug ? OHI_DEBUG_HEAD : 0};
    for (ohi_arena *ar = a->arenas_all; ar; ar = ar->all_next) {
        for (uint32_t i = 0; i < ar->ntouched; i++) {
            const ohi_pool *pool = &ar->pools[i];
            if (pool->family == OHI_FAMILY_MEM || pool->nalloc == 0
                || (pool->state != OHI_POOL_USED
                    && pool->state != OHI_POOL_FULL))
                continue;
            int rc = pool_for_each_live(pool, walk_block, &w);
            if (rc != 0)
                return rc;
        }
    }
    for (int f = OHI_FAMILY_OBJ; f < OHI_NFAMILIES; f++) {
        for (ohi_large_link *l = a->large_objects[f]; l; l = l->next) {
            int rc = fn(l + 1, f, arg);
            if (rc != 0)
                return rc;
        }
    }
    return 0;
}

/* Before counting: the blocks other threads freed into the heaps the
 * caller may touch (its thread's, the runtime's, the abandoned ones) go
 * back to their pools, so that they do not count as in use.  Blocks
 * waiting for another live thread still count, until it collects them. */
static void
collect_reachable(void)
{
    if (thread_heap != &heap_empty)
        heap_collect(thread_heap);
    if (OHI_RT->alloc.initialized)
        heap_collect(&OHI_RT->alloc);
    for (ohi_alloc_state *a = SH->heaps; a != NULL; a = a->next_heap)
        if (__atomic_load_n(&a->abandoned, __ATOMIC_SEQ_CST))
            heap_collect(a);
}

size_t
oh_alloc_blocks_in_use(void)
{
    size_t n = 0;
    pthread_mutex_lock(&shared_lock);
    collect_reachable();
    for (ohi_alloc_state *a = SH->heaps; a != NULL; a = a->next_heap)
        for (ohi_arena *ar = a->arenas_all; ar; ar = ar->all_next)
            for (uint32_t i = 0; i < ar->ntouched; i++)
                n += ar->pools[i].nalloc;
    pthread_mutex_unlock(&shared_lock);
    return n;
}

/* Add one arena's pools to the statistics. */
static void
stats_add_arena(oh_alloc_stats_t *out, const ohi_arena *ar)
{
    /* The header, and the gap before pool 0's first block (every
     * other gap is in the pool below's bytes). */
    out->bytes_overhead += OHI_ARENA_HEADER_SIZE + OHI_POOL_FIRST;
    for (size_t i = 0; i < OHI_POOLS_PER_ARENA; i++) {
        const ohi_pool *pool = &ar->pools[i];
        size_t bytes = pool_bytes(i);
        if (i >= ar->ntouched) {
            out->pools_untouched++;
            out->bytes_untouched += bytes;
            continue;
        }
        if (pool->state == OHI_POOL_EMPTY) {
            out->pools_empty++;
            out->bytes_empty_pools += bytes;
            continue;
        }
        oh_alloc_class_stats *cs = &out->classes[pool->szidx];
        size_t size = OHI_CLASS_SIZE(pool->szidx);
        size_t capacity = pool_capacity(pool);
        cs->pools++;
        cs->blocks_in_use += pool->nalloc;
        cs->blocks_free += capacity - pool->nalloc;
        out->blocks_in_use += pool->nalloc;
        out->bytes_in_use += pool->nalloc * size;
        out->bytes_free += (capacity - pool->nalloc) * size;
        out->bytes_overhead += bytes - capacity * size;
    }
}

int
oh_alloc_stats(oh_alloc_stats_t *out)
{
    if (out == NULL || out->size != sizeof *out) {
        oh_err_format(OH_ERR_VALUE,
                      "oh_alloc_stats: the caller's struct has size %zu, "
                      "this library's has %zu (set out->size first)",
                      out ? out->size : 0, sizeof *out);
        return -1;
    }
    memset(out, 0, sizeof *out);
    out->size = sizeof *out;
    out->version = OH_ALLOC_STATS_VERSION;
    pthread_mutex_lock(&shared_lock);
    collect_reachable();
#define OHI_X_GAUGE_COPY(name, doc) out->name = gauge_read(&SH->name);
    OH_ALLOC_GAUGES(OHI_X_GAUGE_COPY)
#undef OHI_X_GAUGE_COPY
    for (ohi_alloc_state *h = SH->heaps; h != NULL; h = h->next_heap) {
#define OHI_X_COUNTER_ADD(name, doc) out->name += h->name;
        OH_ALLOC_COUNTERS(OHI_X_COUNTER_ADD)
#undef OHI_X_COUNTER_ADD
    }
    out->arena_size = OHI_ARENA_SIZE;
    out->pool_size = OHI_POOL_SIZE;
    for (unsigned c = 0; c < OH_NCLASSES; c++)
        out->classes[c].block_size = OHI_CLASS_SIZE(c);
    for (ohi_alloc_state *h = SH->heaps; h != NULL; h = h->next_heap)
        for (ohi_arena *ar = h->arenas_all; ar; ar = ar->all_next)
            stats_add_arena(out, ar);
    pthread_mutex_unlock(&shared_lock);
    return 0;
}

/* Print a size in bytes with thousands separators, right-aligned. */
static void
print_count(FILE *out, const char *label, size_t n)
{
    char digits[32], grouped[48];
    int len = snprintf(digits, sizeof digits, "%zu", n);
    int j = 0;
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            grouped[j++] = ',';
        grouped[j++] = digits[i];
    }
    grouped[j] = '\0';
    fprintf(out, "%-44s = %15s\n", label, grouped);
}

void
oh_alloc_print_stats(FILE *out)
{
    oh_alloc_stats_t st = {.size = sizeof st};
    if (out == NULL || oh_alloc_stats(&st) < 0)
        return;
    fprintf(out, "objheap allocator: %zu KiB arenas, %zu KiB pools, "
                 "%d size classes of %d bytes\n\n",
            st.arena_size >> 10, st.pool_size >> 10, OH_NCLASSES,
            OH_ALIGNMENT);
    fprintf(out, "class   size   num pools   blocks in use  avail blocks\n"
                 "-----   ----   ---------   -------------  ------------\n");
    for (unsigned c = 0; c < OH_NCLASSES; c++) {
        const oh_alloc_class_stats *cs = &st.classes[c];
        if (cs->pools == 0)
            continue;
        fprintf(out, "%5u %6zu %11zu %15zu %13zu\n", c, cs->block_size,
                cs->pools, cs->blocks_in_use, cs->blocks_free);
    }
    fputc('\n', out);
    print_count(out, "# arenas mapped now", (size_t)st.arenas.current);
    print_count(out, "# arenas highest at once", (size_t)st.arenas.peak);
    print_count(out, "# arenas mapped in total", (size_t)st.arenas.total);
    print_count(out, "# arenas given back to the OS",
                (size_t)st.arenas_released);
    print_count(out, "# pools in use (used or full)",
                (size_t)st.pools.current);
    print_count(out, "# pools empty", st.pools_empty);
    print_count(out, "# pools untouched", st.pools_untouched);
    print_count(out, "# blocks in use", st.blocks_in_use);
    print_count(out, "# huge blocks (128 KiB+, mapped directly)",
                (size_t)st.huge_blocks.current);
    print_count(out, "bytes requested in huge blocks",
                (size_t)st.huge_bytes.current);
    print_count(out, "# requests 513 B to 128 KiB (C library)",
                (size_t)st.large_requests);
    fputc('\n', out);
    print_count(out, "bytes in blocks in use", st.bytes_in_use);
    print_count(out, "bytes in free blocks of used pools", st.bytes_free);
    print_count(out, "bytes in empty pools", st.bytes_empty_pools);
    print_count(out, "bytes in untouched pools", st.bytes_untouched);
    print_count(out, "bytes in headers and pool tails", st.bytes_overhead);
    size_t sum = st.bytes_in_use + st.bytes_free + st.bytes_empty_pools
                 + st.bytes_untouched + st.bytes_overhead;
    fprintf(out, "%-44s   %15s\n", "", "---------------");
    print_count(out, "total", sum);
    fprintf(out, "%zu arenas x %zu bytes = %zu: %s\n",
            (size_t)st.arenas.current, st.arena_size,
            (size_t)st.arena_bytes.current,
            sum == (size_t)st.arena_bytes.current
                ? "every arena byte accounted for"
                : "MISMATCH: the allocator's books do not balance");
}

/* --- consistency checks --------------------------------------------------- */

void
ohi_alloc_check_pool(const ohi_pool *pool)
{
    if (pool->state != OHI_POOL_USED && pool->state != OHI_POOL_FULL) {
        if (pool->state == OHI_POOL_EMPTY && pool->nalloc != 0)
            check_failed("pool %p is empty but counts %u blocks in use",
                         (const void *)pool, pool->nalloc);
        return;
    }
    size_t size = OHI_CLASS_SIZE(pool->szidx);
    char *first = pool_first_block(pool);
    unsigned capacity = pool_capacity(pool);
    char *end = first + (size_t)capacity * size;
    char *bump = pool_base(pool) + pool->nextoffset;
    const ohi_alloc_state *a = arena_of(pool)->heap;
    if ((pool->nalloc == 0
         && a->reserve[pool->family][pool->szidx] != pool)
        || pool->nalloc > capacity)
        check_failed("pool %p (size class %u) counts %u blocks in use of %u",
                     (const void *)pool, pool->szidx, pool->nalloc, capacity);
    if (pool->state == OHI_POOL_USED && pool->freeblock == NULL)
        check_failed("pool %p (size class %u) is on the used list with an "
                     "empty free list", (const void *)pool, pool->szidx);
    size_t nfree = 0;
    for (ohi_block *b = pool->freeblock; b != NULL; b = block_next(b)) {
        if ((char *)b < first || (char *)b >= bump
            || (size_t)((char *)b - first) % size != 0)
            check_failed("pool %p (size class %u): free list holds %p, not "
                         "a block of the pool (corrupt free list)",
                         (const void *)pool, pool->szidx, (void *)b);
        if (++nfree > capacity)
            check_failed("pool %p (size class %u): free list longer than "
                         "the pool (a cycle: double free?)",
                         (const void *)pool, pool->szidx);
    }
    size_t untouched = bump < end ? (size_t)(end - bump) / size : 0;
    size_t cached = cache_count_pool(a, pool, NULL);
    if (cached != 0 && pool->nalloc == 0
        && (a->reserve[pool->family][pool->szidx] != pool
            || pool->state != OHI_POOL_USED))
        check_failed("pool %p (size class %u) has no live block but %zu in "
                     "the free cache", (const void *)pool, pool->szidx,
                     cached);                                          /* F2 */
    if (pool->nalloc + nfree + untouched + cached != capacity)
        check_failed("pool %p (size class %u): %u in use + %zu free + %zu "
                     "never used + %zu cached != capacity %u",
                     (const void *)pool, pool->szidx, pool->nalloc, nfree,
                     untouched, cached, capacity);
}

/* In debug mode: check the tag and guard of a live block. */
static int
check_live_block(char *blk, const ohi_pool *pool, void *arg)
{
    (void)arg;
    const debug_head *h = (const debug_head *)(void *)blk;
    debug_check_block(blk, OHI_CLASS_SIZE(pool->szidx), pool->szidx,
                      (int)(h->tag & 0xffu), "oh_alloc_check");
    return 0;
}

/* HG1-HG3: every registered base is a live huge block whose slot counts
 * it, with whole pages reserved for at least its extent; as many as the
 * gauge says.  The exact count per slot is checked while the registry is
 * small (it is quadratic). */
static void
check_huge(void)
{
    size_t n = 0;
    for (size_t i = 0; i < SH->huge_set_cap; i++) {
        uintptr_t b = SH->huge_set[i];
        if (b == 0)
            continue;
        n++;
        const ohi_huge_head *h = (const ohi_huge_head *)b;
        int v = map_lookup((const void *)b);
        if (b % OHI_OS_PAGE != 0 || v < OHI_MAP_HUGE || !huge_set_has(b))
            check_failed("huge block %p is registered, but misaligned, "
                         "unreachable or not counted in the radix map "
                         "(byte %d)", (const void *)b, v);
        size_t extent = huge_extent(h->n);
        if (h->n < OHI_HUGE_MIN / 2 || h->reserved % OHI_OS_PAGE != 0
            || h->reserved < extent || h->resident < extent
            || h->resident > h->reserved)
            check_failed("huge block %p: %zu bytes, %zu reserved, %zu "
                         "resident (HG3)", (const void *)b, h->n,
                         h->reserved, h->resident);
        if (SH->huge_set_n > 64)
            continue;
        int k = 0;
        for (size_t j = 0; j < SH->huge_set_cap; j++)
            k += SH->huge_set[j] != 0 && (SH->huge_set[j] >> OHI_ARENA_SHIFT
                                         == b >> OHI_ARENA_SHIFT);
        if (v != OHI_MAP_HUGE - 1 + k)
            check_failed("the slot of huge block %p counts %d blocks, holds "
                         "%d (HG2)", (const void *)b, v - (OHI_MAP_HUGE - 1),
                         k);
    }
    if (n != SH->huge_set_n || (int64_t)n != SH->huge_blocks.current)
        check_failed("%zu huge blocks registered, %zu counted, %lld live "
                     "(HG1)", n, SH->huge_set_n,
                     (long long)SH->huge_blocks.current);
}

/* Every invariant of one heap's arenas, pools, cache and lists. */
static void
check_heap(const ohi_alloc_state *a)
{
    size_t drained = 0;
    if (a->malloc_gate
        != (a->initialized && a->slow == 0 ? OH_SMALL_MAX : 0))
        check_failed("the fast-path gate (%zu) disagrees with slow = %u",
                     a->malloc_gate, a->slow);
    if (a->free_key != (a->malloc_gate != 0 ? a : NULL))
        check_failed("heap %p: the free key (%p) disagrees with the gate "
                     "(GT2)", (const void *)a, (const void *)a->free_key);
    for (ohi_arena *ar = a->arenas_all; ar; ar = ar->all_next) {
        uint32_t nreserve = 0;
        for (int f = 0; f < OHI_NFAMILIES; f++)
            for (unsigned c = 0; c < OH_NCLASSES; c++)
                if (a->reserve[f][c] != NULL
                    && arena_of(a->reserve[f][c]) == ar)
                    nreserve++;
        if (nreserve != ar->nreserve)
            check_failed("arena %p counts %u reserve pools, has %u",
                         (void *)ar, ar->nreserve, nreserve);
        if (map_lookup(ar) != OHI_MAP_ARENA)
            check_failed("arena %p is missing from the radix map", (void *)ar);
        if (ar->heap != a)
            check_failed("arena %p is on the list of heap %p but belongs to "
                         "heap %p (H1)", (void *)ar, (const void *)a,
                         (void *)ar->heap);
        uint32_t nfree = OHI_POOLS_PER_ARENA - ar->ntouched;
        for (uint32_t i = 0; i < ar->ntouched; i++) {
            const ohi_pool *pool = &ar->pools[i];
            if (pool->state == OHI_POOL_EMPTY)
                nfree++;
            else if (pool->state == OHI_POOL_UNTOUCHED)
                check_failed("arena %p: carved pool %u is marked untouched",
                             (void *)ar, i);
            ohi_alloc_check_pool(pool);
            if (SH->debug && pool->state != OHI_POOL_EMPTY)
                pool_for_each_live(pool, check_live_block, NULL);
        }
        if (nfree != ar->nfreepools)
            check_failed("arena %p counts %u free pools, has %u", (void *)ar,
                         ar->nfreepools, nfree);
        if (nfree != 0
            && !(a->bucket_mask & ((uint64_t)1 << (nfree - 1))))
            check_failed("arena %p: bucket %u is marked empty", (void *)ar,
                         nfree - 1);
        if (arena_drained(a, ar) && ar != a->kept_arena)
            drained++;
    }
    if (drained != 0)
        check_failed("%zu arenas hold no live block besides the kept one "
                     "(A7)", drained);
    for (int f = 0; f < OHI_NFAMILIES; f++) {
        for (unsigned c = 0; c < OH_NCLASSES; c++) {
            const ohi_fcache *fc = &a->fcache[OHI_FCACHE_INDEX(f, c)];
            unsigned n = a->fcache_n[OHI_FCACHE_INDEX(f, c)];
            if (n != 0 && (a->slow & (OHI_SLOW_DEBUG | OHI_SLOW_FAIL))
                && !a->flush_pending)
                check_failed("free cache of family %d class %u holds %u "
                             "blocks while debug mode or fault injection is "
                             "on", f, c, n);
            if (n > OHI_FCACHE_SLOTS)
                check_failed("free cache of family %d class %u counts %u "
                             "blocks in %d slots", f, c, n,
                             OHI_FCACHE_SLOTS);
            for (size_t i = 0; i < n; i++) {              /* F1 */
                const ohi_pool *p = pool_of(fc->slot[i]);
                if (map_lookup(fc->slot[i]) != OHI_MAP_ARENA
                    || (p->state != OHI_POOL_USED
                        && p->state != OHI_POOL_FULL)
                    || p->family != f || p->szidx != c)
                    check_failed("free cache of family %d class %u holds %p, "
                                 "not a block of a pool in use of that class",
                                 f, c, fc->slot[i]);
                for (size_t j = 0; j < i; j++)
                    if (fc->slot[j] == fc->slot[i])
                        check_failed("free cache of family %d class %u holds "
                                     "%p twice (double free)", f, c,
                                     fc->slot[i]);
            }
        }
    }
    for (int f = 0; f < OHI_NFAMILIES; f++)
        for (unsigned c = 0; c < OH_NCLASSES; c++)
            for (ohi_pool *p = a->used[f][c]; p != NULL; p = p->nextpool)
                if (p->state != OHI_POOL_USED || p->szidx != c
                    || p->family != f)
                    check_failed("used list of family %d class %u holds pool "
                                 "%p in state %u of family %u class %u", f, c,
                                 (void *)p, p->state, p->family, p->szidx);
}

int
oh_alloc_check(void)
{
    pthread_mutex_lock(&shared_lock);
    for (ohi_alloc_state *h = SH->heaps; h != NULL; h = h->next_heap)
        check_heap(h);
    check_huge();
    pthread_mutex_unlock(&shared_lock);
    return 0;
}
