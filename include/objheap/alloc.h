/*
 * objheap/alloc.h -- the small-object allocator.
 * ===========================================================================
 * Section: alloc.  Raw memory only; nothing here returns an object.
 *
 * oh_malloc and friends keep malloc's contract: results are aligned to 16
 * bytes, oh_malloc(0) returns a unique pointer, oh_free(NULL) does nothing,
 * and failure is NULL with errno set to ENOMEM (the error indicator is left
 * alone, as malloc would leave it).
 *
 * Requests of up to 1024 bytes are served from pools of one size class
 * (16, 32, ... 1024 bytes: 64 classes) carved from 1 MiB arenas mapped
 * from the operating system; requests of 1025 bytes to 120 KiB from
 * medium classes (1152, 1280, ... 122880 bytes: 55 classes, eight per
 * doubling, so a block is at most 1/9 larger than its request) in spans
 * of one to thirty 16 KiB units carved from 1 MiB arenas of their own;
 * requests of 128 KiB or more are mapped directly (and grown by
 * remapping, without copying); the few between go to the C library's
 * malloc.  oh_free and oh_realloc accept any pointer the C library's
 * malloc returned as well: they tell ours from theirs in constant time
 * without reading the memory.
 *
 * Debug checks (guard bytes, dead-pattern fill, double free, overrun and
 * interior-pointer detection) are on by default in the `make debug` build and
 * can be switched on in any build with OBJHEAP_DEBUG=1 in the environment or
 * oh_alloc_set_debug(1) before the first allocation.
 */
#ifndef OBJHEAP_ALLOC_H
#define OBJHEAP_ALLOC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* -- Allocation ----------------------------------------------------------- */

OH_API void *oh_malloc(size_t n) OH_MALLOC_ATTR;
/* Zeroed; NULL with errno == ENOMEM when count * size overflows. */
OH_API void *oh_calloc(size_t count, size_t size) OH_MALLOC_ATTR;
/* oh_realloc(NULL, n) is oh_malloc(n).  oh_realloc(p, 0) returns a unique
 * minimal block (it does not free p and return NULL, as some C libraries
 * do).  On failure p is left untouched and NULL is returned. */
OH_API void *oh_realloc(void *p, size_t n);
OH_API void oh_free(void *p);
/* The bytes that may really be used at p (at least what was asked for).
 * 0 for NULL. */
OH_API size_t oh_usable_size(const void *p);
/* The same allocator in the shape of the allocator tables that pass a
 * context pointer first (CPython's PyMemAllocatorEx, for one); `ctx` is
 * ignored.  oh_ctx_malloc and oh_ctx_free, the pair called for every
 * object, have oh_malloc's and oh_free's fast paths compiled in, so a
 * caller through a table pays one call, not a call to an adapter and a
 * jump from it. */
OH_API void *oh_ctx_malloc(void *ctx, size_t n) OH_MALLOC_ATTR;
OH_API void *oh_ctx_calloc(void *ctx, size_t count, size_t size)
    OH_MALLOC_ATTR;
OH_API void *oh_ctx_realloc(void *ctx, void *p, size_t n);
OH_API void oh_ctx_free(void *ctx, void *p);

/* -- Geometry ------------------------------------------------------------- */

#define OH_ALIGNMENT 16         /* every result is aligned to this */
#define OH_SMALL_MAX 1024       /* largest request served from pools */
#define OH_NCLASSES 64          /* size classes: 16, 32, ..., 1024 bytes */
#define OH_MEDIUM_MAX 122880    /* largest request served from spans */
#define OH_NMEDIUM 55           /* medium classes: 1152, 1280, ..., 122880 */

/* -- Statistics ----------------------------------------------------------- */

/* A gauge keeps its current value, the highest it reached, and the total of
 * all increases since start.  A counter keeps only a total. */
typedef struct oh_gauge {
    int64_t current;
    int64_t peak;
    int64_t total;
} oh_gauge;

/* Every gauge and counter the allocator keeps, declared once:
 * X(name, description). */
#define OH_ALLOC_GAUGES(X)                                                  \
    X(arenas, "arenas mapped from the OS")                                  \
    X(arena_bytes, "bytes mapped for arenas")                               \
    X(pools, "pools holding blocks (used or full)")                         \
    X(huge_blocks, "blocks of 128 KiB or more, mapped directly")            \
    X(huge_bytes, "bytes requested in those blocks")
#define OH_ALLOC_COUNTERS(X)                                                \
    X(arenas_released, "arenas their heaps gave back (to the OS, or warm)") \
    X(large_requests, "requests of 120 KiB to 128 KiB, sent to the C library")\
    X(pool_inits, "times a pool was (re)initialised for a size class")      \
    X(failed, "allocations that failed (real or injected)")

typedef struct oh_alloc_class_stats {
    size_t block_size;          /* bytes per block in this class */
    size_t pools;               /* pools of this class (used or full) */
    size_t blocks_in_use;       /* blocks handed out and not yet freed */
    size_t blocks_free;         /* free blocks in those pools, never-used
                                   ones included */
} oh_alloc_class_stats;

#define OH_ALLOC_STATS_VERSION 3      /* 2: medium classes; 3: retained */

typedef struct oh_alloc_stats_t {
    size_t size;                /* set by the caller: sizeof(the struct) */
    int version;                /* set by oh_alloc_stats: the version */
#define OH_X_GAUGE(name, doc) oh_gauge name;
#define OH_X_COUNTER(name, doc) int64_t name;
    OH_ALLOC_GAUGES(OH_X_GAUGE)
    OH_ALLOC_COUNTERS(OH_X_COUNTER)
#undef OH_X_GAUGE
#undef OH_X_COUNTER
    /* Computed by walking the arenas when the stats are taken: */
    size_t arena_size;          /* bytes per arena */
    size_t pool_size;           /* bytes per pool */
    size_t pools_empty;         /* carved pools holding no block */
    size_t pools_untouched;     /* pools never carved from their arena */
    size_t blocks_in_use;       /* over all classes */
    size_t bytes_in_use;        /* in blocks in use, whole blocks */
    size_t bytes_free;          /* in free blocks of used or full pools */
    size_t bytes_empty_pools;   /* in carved pools holding no block */
    size_t bytes_untouched;     /* in pools never carved */
    size_t bytes_overhead;      /* arena headers, and pool tails too short
                                   for a block */
    /* bytes_in_use + bytes_free + bytes_empty_pools + bytes_untouched +
       bytes_overhead == arena_bytes.current, always.  Medium arenas count
       in every one of them: their free 16 KiB units as empty or untouched
       pools, span tails as overhead. */
    oh_alloc_class_stats classes[OH_NCLASSES];
    size_t medium_arenas;       /* of arenas.current, those of spans */
    /* Per medium class; `pools` counts its spans. */
    oh_alloc_class_stats medium[OH_NMEDIUM];
    /* Freed memory kept mapped for reuse, in none of the above: arenas
     * that left their heap within the retain delay and freed huge
     * blocks' mappings (oh_alloc_set_retain), bytes of address space. */
    size_t retained_bytes;
} oh_alloc_stats_t;

/* Fill *out.  The caller sets out->size = sizeof *out first; a size this
 * library does not know is a ValueError (returns -1, error set). */
OH_API int oh_alloc_stats(oh_alloc_stats_t *out);

/* Print a table of arenas, pools and blocks per size class, in the spirit of
 * sys._debugmallocstats(), with a line that checks every arena byte is
 * accounted for. */
OH_API void oh_alloc_print_stats(FILE *out);

/* Blocks currently handed out from pools (sys.getallocatedblocks()).  Walks
 * the arenas: O(arenas), not O(blocks). */
OH_API size_t oh_alloc_blocks_in_use(void);

/* Give back to the OS, now, every mapping that holds no live block: the
 * free cache is emptied into its pools, reserve pools with no live block
 * are released, every arena left with no live block is unmapped (the one
 * normally kept against thrashing too), and the kept huge mappings and
 * all warm memory (oh_alloc_set_retain) are unmapped.  Live blocks are untouched.  Returns the bytes of address
 * space unmapped.  Like malloc_trim(0): for a program that has finished a
 * phase and will allocate little for a while. */
OH_API size_t oh_alloc_trim(void);

/* How long freed memory stays mapped for reuse, in milliseconds; returns
 * the previous setting.  An arena left with no live block (beyond the one
 * of each kind kept for good) and a huge block's mapping freed (beyond
 * the four kept, 2 MiB) are not unmapped at once but kept "warm", so a
 * program that frees and fills its heap in rounds does not fault every
 * page in again each round; they go back to the OS once they have been
 * unused for `ms`, at the first call after that which leaves the
 * allocator's fast paths and free caches (after everything is freed, any
 * request over 1024 bytes does), or at once by oh_alloc_trim().  Nothing
 * runs in the background.  At most 64 MiB is warm.  0 gives everything
 * back at once.  The default is 100 ms, or the environment's
 * OBJHEAP_RETAIN_MS when set at start-up. */
OH_API unsigned oh_alloc_set_retain(unsigned ms);

/* -- Debug checks --------------------------------------------------------- */

/* Switch the debug checks on (1) or off (0).  Every block then carries a
 * header and guard bytes, so the switch is refused (-1, RuntimeError) while
 * any block is live.  Returns 0 on success. */
OH_API int oh_alloc_set_debug(int on);
OH_API int oh_alloc_get_debug(void);

/* Check every arena, pool and free list, and in debug mode every block's
 * guard bytes.  Returns 0 when all is well; otherwise prints what is wrong
 * to stderr and aborts (the heap is already corrupt). */
OH_API int oh_alloc_check(void);

/* -- Fault injection (for tests) ------------------------------------------ */

/* Make the nth allocation from now fail (n >= 1), as if memory had run out;
 * with `every` set, that one and all after it fail.  n == 0 disarms.  While
 * armed, allocations are counted: oh_alloc_fail_counter() returns how many
 * were attempted since arming, so a test can run a workload once with a
 * huge n to learn how many allocations it makes, then fail each in turn.
 * Every allocation in objheap (objects included) goes through this point. */
OH_API void oh_alloc_set_fail(unsigned long n, int every);
OH_API unsigned long oh_alloc_fail_counter(void);

/* -- Limit ------------------------------------------------------------------ */

/* Cap the memory objheap may take from now on: an allocation fails (NULL,
 * errno ENOMEM; MemoryError in Python) when the bytes taken since this
 * call would pass `bytes`.  Counted: arenas mapped (1 MiB each, so the cap
 * may be passed by up to one arena), huge blocks (their requested size),
 * and the C library's blocks (their usable size), each less what was
 * given back since; blocks from before the call that are freed after it
 * give room back too.  0 removes the limit.  For running untrusted code
 * (the Python fuzzer sets one per input, so that [0] * 10**9 is a
 * MemoryError and not the end of the process).  While a limit is set,
 * every allocation and free takes the slow path, as with fault
 * injection. */
OH_API void oh_alloc_set_limit(size_t bytes);

#ifdef __cplusplus
}
#endif

#endif /* OBJHEAP_ALLOC_H */
