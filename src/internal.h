/*
 * internal.h -- what objheap's source files share, grouped under the file
 * that defines it, so that this header doubles as a map of the library.
 *
 *   common        debug levels, assertions, hidden linkage, the runtime
 *   os.c          the only file that maps and unmaps memory
 *   error.c       the error indicator; fatal reports that never allocate
 *   alloc.c       arenas, pools, blocks (struct layouts and invariants here),
 *                 with its parts in alloc/: heaps and threads, huge blocks,
 *                 the slow paths, debug mode, the walkers
 *   trace.c       allocation tracing: capture, the tables, the observer
 *   symbolize.c   the tracer's addresses to names (libdw, ELF symbols)
 *   snapshot.c    snapshots, filters, statistics, the snapshot file
 *   marks.c       memory over time: marks, their table and chart
 *   inspect.c     the census, growth, leak reports
 *   heapmap.c     the heap map: arenas, pools, spans as a picture, its file
 *   refgraph.c    the whole heap's reference graph: backref chains, DOT
 *   object.c      object allocation, the gc head, trashcan, checks
 *   gc.c          the cycle collector: generations, tracking, collection
 *   weakref.c     weak references, weak containers, finalize
 *   types/<name>.c layouts the built-in types share (int, str, tuple, list)
 *
 * Names: ohi_<layer>_<verb> for what crosses files (hidden from the shared
 * library's exports by OHI_FUNC), plain static names inside a file.
 *
 * Terms, defined once:
 *   arena       1 MiB of address space mapped from the OS, aligned to 1 MiB.
 *   pool        one 16 KiB slice of an arena; holds blocks of one size class.
 *   block       the unit handed out by oh_malloc: 16 * k bytes, k in 1..32.
 *   size class  k - 1, the index of a block size (class 0 = 16 bytes).
 *   OS page     the kernel's 4 KiB page; "page" alone is never used here.
 */
#ifndef OBJHEAP_INTERNAL_H
#define OBJHEAP_INTERNAL_H

#include "objheap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* ==========================================================================
 * Common
 * ========================================================================== */

/* OH_DEBUG levels, as mimalloc's MI_DEBUG:
 *   0  release.
 *   1  cheap misuse checks: the allocator's debug checks default to on.
 *   2  internal assertions (OH_ASSERT).
 *   3  walkers (ohi_alloc_check_pool, oh_alloc_check) after operations.
 * OH_ASSERTS=1 turns the assertions on alone, in a build that otherwise
 * behaves as a release one (level 1 changes the block layout and makes
 * misuse fatal): `make test`'s sanitizer build defines it, so that every
 * test and every Python case there checks the invariants too. */
#ifndef OH_DEBUG
#  define OH_DEBUG 0
#endif
#ifndef OH_ASSERTS
#  define OH_ASSERTS (OH_DEBUG >= 2)
#endif

#define OHI_FUNC __attribute__((visibility("hidden")))
#define OHI_NORETURN __attribute__((noreturn))
#define OHI_NOINLINE __attribute__((noinline))
#define OHI_INLINE static inline __attribute__((always_inline))

#if OH_ASSERTS
#  define OH_ASSERT(cond) \
    ((cond) ? (void)0 : ohi_assert_fail(#cond, __FILE__, __LINE__, __func__))
#else
#  define OH_ASSERT(cond) ((void)0)
#endif

/* AddressSanitizer support.  In a sanitizer build the allocator poisons
 * every byte it has not handed out (free blocks, untouched pools, the slack
 * between a request and its block's end), so ASan reports overruns and uses
 * after free inside our pools as it would inside malloc's. */
#if defined(__SANITIZE_ADDRESS__)
#  define OHI_ASAN 1
#elif defined(__has_feature)
#  if __has_feature(address_sanitizer)
#    define OHI_ASAN 1
#  endif
#endif
#ifdef OHI_ASAN
#  include <sanitizer/asan_interface.h>
#  define OHI_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#  define OHI_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#  define OHI_ASAN 0
#  define OHI_POISON(p, n) ((void)(p), (void)(n))
#  define OHI_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

/* ==========================================================================
 * error.c: the error indicator and fatal reports
 * ========================================================================== */

/* ER1. kind == OH_ERR_NONE iff message[0] == '\0'; then exc is NULL.
 * ER2. exc, when set, is a Python exception object (src/py/) the record
 *     owns: the interpreter's raise is the library's error with the
 *     exception attached, so one indicator serves both layers. */
typedef struct ohi_err_state {
    oh_errkind kind;                    /* OH_ERR_NONE when clear */
    oh_object *exc;                     /* ER2, or NULL */
    char message[OH_ERR_MESSAGE_MAX];   /* NUL-terminated; "" when clear */
} ohi_err_state;

/* Record an error with an exception object attached (steals exc). */
OHI_FUNC void ohi_err_set_object(oh_errkind kind, const char *message,
                                 oh_object *exc);
/* Take the record's exception object (new reference, or NULL) and clear
 * the record. */
OHI_FUNC oh_object *ohi_err_take_object(void);
/* Move the record into *saved, leaving the indicator clear; put it back,
 * dropping whatever was recorded meanwhile.  Code that runs a finalizer
 * or a callback between the two keeps its caller's error. */
OHI_FUNC void ohi_err_save(ohi_err_state *saved);
OHI_FUNC void ohi_err_restore(ohi_err_state *saved);
/* How errors that cannot be raised are reported (finalizers, callbacks):
 * the interpreter installs its own, which prints Python's traceback;
 * NULL: the library's plain report. */
typedef void (*ohi_unraisable_hook)(const char *what, const oh_object *o);

/* Write "objheap: fatal: <message>" to stderr and abort.  Formats into a
 * stack buffer and writes with write(2): never allocates, so it is safe
 * with a corrupt heap. */
OHI_FUNC OHI_NORETURN void ohi_fatal(const char *fmt, ...) OH_PRINTF(1, 2);
OHI_FUNC OHI_NORETURN void ohi_assert_fail(const char *cond, const char *file,
                                           int line, const char *func);

/* ==========================================================================
 * os.c: memory from the operating system
 * ========================================================================== */

/* Map `size` bytes (a multiple of the OS page) aligned to `align` (a power
 * of two, at least the OS page).  Returns NULL on failure.  The memory reads
 * as zero and costs no resident memory until touched. */
OHI_FUNC void *ohi_os_map_aligned(size_t size, size_t align);
/* The same with OS-page alignment only: exactly `size` bytes of address
 * space, none more even for an instant (huge blocks, radix-map leaves). */
OHI_FUNC void *ohi_os_map(size_t size);
/* Map `size` bytes exactly at `hint` (a multiple of the OS page), or
 * return NULL without mapping anything if that address space is taken. */
OHI_FUNC void *ohi_os_map_at(void *hint, size_t size);
/* Resize a mapping, moved (never copied) where the kernel finds room when
 * it cannot grow in place; its new address, or NULL, nothing changed. */
OHI_FUNC void *ohi_os_remap(void *p, size_t old_size, size_t new_size);
/* Map `size` bytes (a multiple of OHI_HUGE_PAGE) for a large table that is
 * read at random: as ohi_os_map_aligned, aligned to OHI_HUGE_PAGE and
 * advised to be backed by huge pages where the kernel offers them (fewer
 * page faults, fewer TLB misses).  NULL on failure. */
#define OHI_HUGE_PAGE ((size_t)2 << 20)
OHI_FUNC void *ohi_os_map_huge(size_t size);
/* Give a mapping (or a page-aligned part of one) back to the OS. */
OHI_FUNC void ohi_os_unmap(void *p, size_t size);
/* Drop the pages of a page-aligned range of a mapping, which stays mapped
 * and reads as zero again: they stop counting as resident. */
OHI_FUNC void ohi_os_discard(void *p, size_t size);
/* Resident set size of this process, in bytes, from /proc/self/statm; 0 if
 * it cannot be read. */
OHI_FUNC size_t ohi_os_rss(void);
/* The segments ohi_os_in_image found last, zero at first.  Two: static
 * objects live in the program and in the libraries it loaded (with
 * libobjheap.so, None in the library and a program's static types in the
 * program), and a check point meets both by turns. */
typedef struct ohi_image_cache {
    uintptr_t seg[2][2];                /* {lo, hi} of each; {0, 0}: none */
    unsigned next;                      /* the slot the next miss fills */
} ohi_image_cache;
/* Does [p, p + n) lie inside a readable segment of the program or of a
 * shared library it loaded (where static objects live)?  `cache`
 * remembers the segments found. */
OHI_FUNC bool ohi_os_in_image(const void *p, size_t n,
                              ohi_image_cache *cache);
/* Run a program found on PATH (no shell), its stdout discarded, and wait:
 * 0 if it ran and exited 0, else -1. */
OHI_FUNC int ohi_os_run(char *const argv[]);

/* ==========================================================================
 * alloc.c: arenas, pools and blocks; its parts, one compilation unit with
 * it: alloc/heap.inc, huge.inc, slow.inc, debug.inc, walk.inc
 * ========================================================================== */

/* Geometry (see "Tunables" in alloc.c).  Overridable for measurement, as
 * long as an arena holds 64 pools. */
#ifndef OHI_ARENA_SHIFT
#  define OHI_ARENA_SHIFT 20                    /* 1 MiB arenas */
#endif
#ifndef OHI_POOL_SHIFT
#  define OHI_POOL_SHIFT 14                     /* 16 KiB pools */
#endif
#define OHI_ARENA_SIZE ((size_t)1 << OHI_ARENA_SHIFT)
#define OHI_POOL_SIZE ((size_t)1 << OHI_POOL_SHIFT)
#define OHI_POOLS_PER_ARENA (OHI_ARENA_SIZE / OHI_POOL_SIZE)
#define OHI_ARENA_MASK (OHI_ARENA_SIZE - 1)
#define OHI_POOL_MASK (OHI_POOL_SIZE - 1)
/* Pool 0 shares its 16 KiB with the arena header (ohi_arena, below); its
 * blocks start right after it, 16-aligned. */
#define OHI_ARENA_HEADER_SIZE                                               \
    ((sizeof(struct ohi_arena) + OH_ALIGNMENT - 1)                          \
     & ~(size_t)(OH_ALIGNMENT - 1))

/* Where a pool's first block starts, after the arena header in pool 0.
 * Blocks laid out from a pool's very start made CPython's full
 * collections 1.45x slower than over pymalloc, whose blocks start 48
 * bytes in (after its pool header); at 48 they run at pymalloc's speed
 * (16 and 64 measured as slow as 0; docs/ALLOCATOR.md). */
#ifndef OHI_POOL_FIRST
#  define OHI_POOL_FIRST ((size_t)48)
#endif

/* The size class of a request of n bytes, 1 <= n <= OH_SMALL_MAX. */
#define OHI_SIZE_CLASS(n) (((n) - 1) >> 4)
#define OHI_CLASS_SIZE(c) (((size_t)(c) + 1) << 4)

#define OHI_NMEDIUM OH_NMEDIUM
/* Medium classes (alloc/medium.inc): requests of OH_SMALL_MAX + 1 to
 * OH_MEDIUM_MAX bytes, eight classes per doubling, so that a block is at
 * most 1/9 larger than its request: 1152, 1280, ... 2048, 2304, ...
 * 122880.  Class j's blocks are (1024 + 128 * (j % 8 + 1)) << (j / 8)
 * bytes. */
#define OHI_MEDIUM_SIZE(j)                                                  \
    ((size_t)(1024 + 128 * ((j) % 8 + 1)) << ((j) / 8))
OHI_INLINE unsigned
ohi_medium_class(size_t n)
{
    size_t m = n - 1;                           /* 1024 <= m < 122880 */
    unsigned d = (unsigned)(63 - __builtin_clzll(m)) - 10;
    return d * 8 + (unsigned)(m >> (d + 7)) - 8;
}
/* Drained medium arenas kept mapped (M3 in alloc/medium.inc), and 16 KiB
 * units held by reserve spans (M4).  Overridable for measurement. */
#ifndef OHI_MEDIUM_KEEP
#  define OHI_MEDIUM_KEEP 1
#endif
#ifndef OHI_MEDIUM_RESERVE_UNITS
#  define OHI_MEDIUM_RESERVE_UNITS 16
#endif
/* Reserve pools (P2) of the classes over 512 bytes that a heap keeps at
 * once, the ones set last.  Their sizes vary more than the smaller
 * classes' (CPython's dict tables and buffers take a dozen of them), and
 * a reserve in each held 0.8 MB of objheap-python's peak on the dicts
 * benchmark, as a reserve span per medium class once did (M4); with none,
 * a loop that allocates and frees one 600-byte block took 44 ns a pair
 * instead of 9 (docs/ALLOCATOR.md, "Pools to 1024 bytes").  Overridable
 * for measurement. */
#define OHI_BIG_CLASS 32                /* the first class over 512 bytes */
#ifndef OHI_BIG_RESERVES
#  define OHI_BIG_RESERVES 2
#endif

/* A free block: its first word links it into its pool's free list. */
typedef struct ohi_block {
    struct ohi_block *next;
} ohi_block;

/* Pool states.  A pool is always in exactly one:
 *   UNTOUCHED  never carved from its arena; its memory was never written.
 *   EMPTY      carved, holds no block; on its arena's `freepools` stack.
 *   USED       holds a block and has room for another; on used[class].
 *   FULL       every block handed out; on no list. */
enum { OHI_POOL_UNTOUCHED = 0, OHI_POOL_EMPTY, OHI_POOL_USED, OHI_POOL_FULL,
       OHI_POOL_TAIL };
/* (TAIL: a unit of a medium span after its first, alloc/medium.inc.) */

/* A pool header.  Headers live together in their arena's header, not in the
 * pools, so a pool is nothing but blocks and walking every pool's state
 * touches one contiguous table per arena.
 *
 * P1. state == USED iff the pool is on used[family][szidx].
 * P2. state == USED or FULL  =>  nalloc >= 1, except for its class's
 *     reserve pool (reserve[family][szidx] == pool), which may be USED
 *     with nalloc == 0.  state == EMPTY  =>  nalloc == 0.  At most
 *     OHI_BIG_RESERVES classes from OHI_BIG_CLASS up have a reserve at
 *     once: big_order[0, big_reserves) holds their slots, each once,
 *     oldest first.
 * P3. state == USED  =>  freeblock != NULL.  The pool's free blocks are the
 *     free list from freeblock plus the never-used blocks [bump, end).
 *     (A pool keeps one block on its free list whenever it has any room, so
 *     the allocation fast path tests a single pointer.)
 * P4. nalloc + length(free list) + never-used blocks + the pool's blocks
 *     in the free cache (F1, below) == capacity (pool_capacity).
 * P5. Every block address is first + i * block size for some i < capacity,
 *     where first is the pool's start + OHI_POOL_FIRST (+
 *     OHI_ARENA_HEADER_SIZE for pool 0 of an arena).  Every block starts
 *     inside its pool, so its address finds its header, but the last one
 *     may end up to OHI_POOL_FIRST bytes into the next pool, in the gap
 *     before that pool's first block (not in an arena's last pool).  A
 *     pool's blocks thus lie in [first, next pool's first): 16 KiB, less
 *     the arena header for pool 0 and less the gap for pool 63.
 *
 * 32 bytes, so two headers share a 64-byte cache line and none straddles
 * two: a free touches one line of metadata. */
typedef struct ohi_pool {
    ohi_block *freeblock;       /* head of the free list, or NULL */
    struct ohi_pool *nextpool;  /* used list, or freepools stack */
    struct ohi_pool *prevpool;  /* used list only */
    uint16_t nalloc;            /* blocks handed out (P2, P4); unused in
                                   a medium arena, whose spans count in
                                   ohi_span_fields (M8) */
    uint16_t nextoffset;        /* offset, from the pool's start, of the
                                   first never-used block; one exists iff
                                   a whole block fits there */
    uint8_t szidx;              /* size class while USED or FULL */
    uint8_t family;             /* OHI_FAMILY_* of its blocks */
    uint8_t state;              /* OHI_POOL_* */
    uint8_t fcache;             /* OHI_FCACHE_INDEX(family, szidx) */
} ohi_pool;

/* An arena header, at the start of its arena:
 *
 *   arena base (aligned to 1 MiB)
 *   +----------------------------+ 0
 *   | ohi_arena: fields, then    |
 *   | pools[64] (pool headers)   |
 *   +----------------------------+ OHI_ARENA_HEADER_SIZE (2.1 KiB)
 *   | 48 bytes, pool 0's blocks  |  (every pool's blocks start
 *   | (13.9 KiB)                 |   OHI_POOL_FIRST = 48 bytes in)
 *   +----------------------------+ 16 KiB
 *   | gap: pool 0's last block   |  (P5: a last block may end in the
 *   | may end here; pool 1's     |   next pool's gap)
 *   | blocks (16 KiB)            |
 *   +----------------------------+ 32 KiB
 *   | ...                        |
 *   +----------------------------+ 1 MiB
 *
 * A1. nfreepools == number of pools in state EMPTY or UNTOUCHED.
 * A2. Pools [0, ntouched) have been carved; pools [ntouched, 64) are
 *     UNTOUCHED.  Carving goes in address order, so untouched memory is one
 *     run at the arena's end.
 * A3. An arena with 1 <= nfreepools is on buckets[k][nfreepools - 1] and
 *     that bucket's bit is set in bucket_mask[k], where k is
 *     OHI_BUCKET_CARVED if it has a carved EMPTY pool (freepools is not
 *     NULL) and OHI_BUCKET_FRESH if all its free pools are UNTOUCHED; an
 *     arena with nfreepools == 0 is on no bucket.  An arena's freepools
 *     changes only while it is off its bucket.
 * A4. The radix map holds OHI_MAP_ARENA for every 1 MiB slot of a mapped
 *     arena and 0 for every other slot.
 * A5. Every mapped arena is on its heap's `arenas_all` list, exactly once.
 * A6. nreserve == the number of reserve pools (reserve[f][c]) in it.
 *     An arena "holds no live block" when nfreepools + nreserve == 64 and
 *     every reserve pool in it has nalloc == 0 (it is "drained").
 * A7. Every drained arena is kept_arena: each operation that can drain
 *     one (a pool's last free, onto the pool or into the free cache)
 *     either records it as kept_arena or unmaps it.  Checked after every
 *     free in the debug build (OH_DEBUG >= 3) and by oh_alloc_check. */
enum { OHI_BUCKET_FRESH = 0, OHI_BUCKET_CARVED = 1 };    /* A3 */
typedef struct ohi_arena {
    union {
        struct ohi_arena *next; /* bucket list (A3); the warm list */
        uint64_t touchedunits;  /* a medium arena's: bit i set iff unit
                                   i may be resident (M9 in
                                   alloc/medium.inc) */
    };
    struct ohi_arena *prev;
    struct ohi_arena *all_next; /* list of every mapped arena of its
                                   heap (A5) */
    struct ohi_arena *all_prev;
    union {
        ohi_pool *freepools;    /* stack of EMPTY pools */
        uint64_t freeunits;     /* a medium arena's: bit i set iff unit i
                                   is free (M2 in alloc/medium.inc) */
    };
    union {
        uint16_t nfreepools;    /* A1 */
        uint16_t warm_medium;   /* while warm: 1 if it held spans */
    };
    union {
        uint16_t ntouched;      /* A2 */
        uint16_t nlive;         /* a medium arena's: spans holding a live
                                   block (M3) */
    };
    uint16_t nreserve;          /* pools here that are a class's reserve
                                   (A6) */
    uint16_t nresident;         /* pools [0, nresident) may be resident
                                   though UNTOUCHED: a warm arena's,
                                   taken again (alloc/warm.inc) */
    union {
        uint64_t serial;        /* arenas mapped before this one */
        uint64_t warm_since;    /* while warm: when it was given back
                                   (alloc/warm.inc) */
    };
    struct ohi_alloc_state *heap;       /* the heap that owns it, for its
                                   whole life (H1, alloc/heap.inc) */
    ohi_pool pools[OHI_POOLS_PER_ARENA];
} ohi_arena;

/* A medium arena's header goes on past ohi_arena with its spans' fields
 * packed in four lines (M8 in alloc/medium.inc): unit i belongs to the
 * span whose head is unit head[i]; a head h has class cls[h] and live[h]
 * blocks in use.  An arena of pools has pool 0's blocks there. */
typedef struct ohi_span_fields {
    uint8_t head[OHI_POOLS_PER_ARENA];
    uint8_t cls[OHI_POOLS_PER_ARENA];
    uint16_t live[OHI_POOLS_PER_ARENA];
} ohi_span_fields;
#define OHI_MEDIUM_HEADER_SIZE                                              \
    (OHI_ARENA_HEADER_SIZE + sizeof(ohi_span_fields))

/* The radix map: is an address inside one of our arenas?  Addresses are 48
 * bits; the top 28 bits name a 1 MiB slot (an arena's worth of address space),
 * split 14/14 into a root index and a leaf index.  The root is part of the
 * runtime (128 KiB of zero pages until used); a leaf (16 KiB) is mapped on
 * first need and holds one byte per slot.  Two dependent loads answer, and
 * nothing outside the map is read, so foreign pointers are safe to ask
 * about. */
#define OHI_MAP_BITS (48 - OHI_ARENA_SHIFT)
#define OHI_MAP_LEAF_BITS 14
#define OHI_MAP_ROOT_BITS (OHI_MAP_BITS - OHI_MAP_LEAF_BITS)
enum { OHI_MAP_NONE = 0, OHI_MAP_ARENA = 1, OHI_MAP_MEDIUM = 2,
       OHI_MAP_HUGE = 3, OHI_MAP_OWNED = 16 };
/* A slot's map byte is NONE, OHI_MAP_HUGE - 1 + k where k >= 1 live huge
 * blocks have their header in the slot (HG2 in alloc/huge.inc), or an
 * arena's: ARENA or MEDIUM (an arena of medium spans, alloc/medium.inc)
 * for a heap with no map id, and for a heap with id i (MB1 below)
 * OHI_MAP_OWNED + 2i for its arenas of pools and the byte after it for its
 * medium arenas.  What an address is (map_lookup, ohi_alloc_map_lookup)
 * is one of the first four enum values: an owned byte reads as ARENA or
 * MEDIUM, and in a slot that counts huge blocks HUGE only for a live
 * block's data pointer, NONE for everything else.
 *
 * MB1. The first OHI_MAP_IDS heaps registered get ids 0, 1, ... for life
 *     (heaps are never freed, H2); map_arena is OHI_MAP_OWNED + 2 * id,
 *     or ARENA for a heap past them.  Every arena of a heap holds
 *     map_arena (arenas of pools) or map_arena + 1 (medium arenas) in its
 *     map slot.
 * MB2. map_key is map_arena + 1 while the heap has an id, slow == 0 and
 *     it is set up, 0 otherwise; heap_set_slow writes it with free_key.
 *     The free path's first test `byte + 1 == map_key` is then "a block
 *     of my own pools, fast path open" with no read of the arena header
 *     (GT2's owner test read a line of it on every free), and
 *     `byte == map_key`, a medium block of my own. */
#define OHI_MAP_IDS ((256 - OHI_MAP_OWNED) / 2)

/* Huge blocks: requests of OHI_HUGE_MIN bytes or more are mapped directly,
 * each in a mapping of its own that starts with its header and is aligned
 * to an OS page only.  It reserves the whole pages it needs, plus growth
 * room only after it grew by realloc (HG1-HG3 in alloc/huge.inc): until issue 16
 * every huge block reserved whole 1 MiB slots, so under an address-space
 * limit (`ulimit -v`) 300 KB buffers ran out at 177 where the C library
 * fit 619.  Other mappings may share a huge block's slots, so the radix map
 * only counts, in the slot of each block's header, the live huge blocks
 * whose headers lie there; the registry (huge_set in ohi_alloc_state) says
 * which address is one.  128 KiB is glibc's default mmap threshold: the C
 * library then never maps (and never raises its threshold), so its heap
 * trims as designed.  See docs/BENCHMARKS.md, "realloc". */
#ifndef OHI_HUGE_MIN
#  define OHI_HUGE_MIN ((size_t)128 << 10)
#endif
#define OHI_HUGE_HEAD 32                /* header before the data */
/* Freed huge blocks kept mapped for reuse, so a program that allocates and
 * frees big buffers in a loop (CPython's json, building strings of a few
 * hundred KB) does not map, fault in and unmap them every time: at most
 * OHI_HUGE_CACHED of them, OHI_HUGE_CACHE_BYTES of address space in all,
 * so that little stays resident after everything is freed.  A cached
 * mapping handed to a smaller block than its last first gives back the
 * address space past the new block's pages, and with it their pages (and
 * a huge block shrunk in place gives back its tail): without dropping
 * those pages, a dict table of 325 KB reusing the mapping of one of 650 KB
 * kept both resident, and objheap-python's peak on the dicts and strings
 * benchmarks was 0.5 MB above pymalloc's, now level with it.  Of the kept
 * mappings big enough for a block, it gets the smallest that holds all its
 * pages, else the biggest; a block that becomes huge by growing (realloc
 * from the C library) takes the one with the most pages and keeps all of
 * it, to grow on into it (huge_cache_take; `resident` in its header says
 * how far its pages go). */
#ifndef OHI_HUGE_CACHED
#  define OHI_HUGE_CACHED 4
#endif
#ifndef OHI_HUGE_CACHE_BYTES
#  define OHI_HUGE_CACHE_BYTES ((size_t)2 << 20)
#endif
/* Slots of the huge cache: the kept mappings above, plus those freed
 * beyond them that stay warm for the retain delay (alloc/warm.inc). */
#ifndef OHI_HUGE_SLOTS
#  define OHI_HUGE_SLOTS 32
#endif
_Static_assert(OHI_HUGE_SLOTS >= OHI_HUGE_CACHED, "the kept ones fit");
/* Retention of freed memory (alloc/warm.inc): how long, by default, a
 * drained arena or a huge mapping beyond the kept ones stays mapped for
 * reuse (oh_alloc_set_retain, OBJHEAP_RETAIN_MS), and the most address
 * space that may stay so. */
#ifndef OHI_RETAIN_MS
#  define OHI_RETAIN_MS 100
#endif
#ifndef OHI_WARM_MAX
#  define OHI_WARM_MAX ((size_t)64 << 20)
#endif
/* Warm memory of one kind given back before the other kind is mapped
 * afresh must have been warm this long (ms): shedding at once cost
 * bench_alloc's realloc 3x the page faults (docs/ALLOCATOR.md). */
#ifndef OHI_WARM_SHED_AGE
#  define OHI_WARM_SHED_AGE 20
#endif
/* A freed huge mapping kept for reuse (ohi_alloc_state.huge_cache). */
typedef struct ohi_huge_cached {
    char *base;                 /* NULL: empty slot */
    size_t reserved;
    size_t extent;              /* bytes from base that may be resident
                                   (whole pages) */
    uint64_t since;             /* when it was freed, warm_clock()'s ms */
} ohi_huge_cached;

typedef struct ohi_huge_head {
    size_t reserved;            /* bytes of address space, whole pages */
    size_t n;                   /* bytes requested */
    size_t resident;            /* bytes from the mapping's start that may
                                   be resident: its extent or more, when
                                   a growing block took a warm mapping */
    uint32_t off;               /* where the header sits in the mapping:
                                   its cache colour (HG4, alloc/huge.inc) */
} ohi_huge_head;                /* OHI_HUGE_HEAD bytes, padding included */

/* Allocator families.  Each pool holds blocks of one family, so walking
 * the pools of the object families finds every live object, tracked by the
 * collector or not (the heap census), and knows where its header is: at
 * the block's start (OBJ), or after the collector's 16-byte prefix (GC).
 * In debug mode every block's header records its family too, so freeing an
 * object with oh_free (or raw memory as an object) is caught. */
enum {
    OHI_FAMILY_MEM = 0,         /* oh_malloc: raw memory */
    OHI_FAMILY_OBJ = 1,         /* objects without a collector prefix */
    OHI_FAMILY_GC = 2,          /* objects with one (containers) */
    OHI_NFAMILIES = 3
};

/* An object too big for a pool (over OH_SMALL_MAX with its prefixes) is
 * preceded by this link, which keeps it on its family's list of large
 * objects, so the census finds it too. */
typedef struct ohi_large_link {
    struct ohi_large_link *prev;
    struct ohi_large_link *next;
    struct ohi_alloc_state *heap;       /* the runtime's heap whose list
                                           it is on (RT3 in runtime.c) */
    uintptr_t spare;                    /* keeps the object 16-aligned */
} ohi_large_link;

/* Why an operation must leave the fast path (bits of `slow`). */
enum {
    OHI_SLOW_DEBUG = 1,         /* debug checks are on */
    OHI_SLOW_FAIL = 2,          /* fault injection is armed */
    OHI_SLOW_HOOK = 4,          /* an allocation hook (tracing) is set */
    OHI_SLOW_LIMIT = 8,         /* a limit is set (oh_alloc_set_limit) */
    OHI_SLOW_NOHEAP = 16        /* the empty heap of a thread that has
                                   none yet (alloc/heap.inc) */
};

/* The gate: `slow` folded into the one test the allocation fast path
 * makes anyway.
 *
 * GT1. malloc_gate is OH_SMALL_MAX while slow == 0 and 0 otherwise, so
 *     `n - 1 < malloc_gate` both picks the small sizes and closes the fast
 *     path.  Only heap_set_slow (alloc/heap.inc) writes a heap's slow and
 *     gate.  Before the allocator is initialised the gate is 0 (the
 *     runtime starts all-zero): the first allocation takes the slow path,
 *     which initialises.  (The free path keeps its two tests: the same fold
 *     there, `kind & free_gate`, made a mass free 5-10% slower; see
 *     docs/ALLOCATOR.md.)
 * GT2. free_key is the heap itself while slow == 0 and the heap is set
 *     up, NULL otherwise; heap_set_slow writes it with the gate.  The
 *     test `arena->heap == free_key` is then both "is this block my
 *     heap's" (H1) and "is the fast path open": no arena belongs to NULL.
 *     (Two tests, the gate's and the owner's, cost 2 instructions more
 *     per free.)  The free fast path now asks the map byte instead (MB2,
 *     below the radix map), which needs no read of the arena header; this
 *     test remains for heaps with no map id (free_other in alloc.c). */

/* The free cache: per family and class, a stack of blocks freed recently,
 * handed out again before any pool's free list (see alloc.c, "The free
 * cache").
 *
 * F1. Every block in fcache[OHI_FCACHE_INDEX(f, c)] is a block of a USED or FULL pool of
 *     family f and class c that the program has freed: it is on no free
 *     list, is not counted in its pool's nalloc, and appears once.
 * F2. A pool with a block in the cache has nalloc >= 1 or is its class's
 *     reserve and USED, so the cache never holds a block of an EMPTY pool
 *     and never keeps a pool from emptying; a pool that stops being a
 *     reserve takes its cached blocks back (pool_release).
 * F3. Every stack is empty while debug mode, fault injection or a limit
 *     is on: they see every block go through their own paths.  Tracing
 *     keeps using the cache: its hooks see every allocation and free
 *     either way (alloc/slow.inc, malloc_traced_small and free_traced_small). */
#ifndef OHI_FCACHE_SLOTS
#  define OHI_FCACHE_SLOTS 32         /* a stack is then 256 bytes */
#endif
typedef struct ohi_fcache {
    void *slot[OHI_FCACHE_SLOTS];       /* slot[n - 1] was freed last, n
                                           in fcache_n (below) */
} ohi_fcache;
/* Stacks are indexed by family and class together; a pool keeps its
 * stack's index (ohi_pool.fcache), so a free finds it in one load. */
#define OHI_FCACHE_INDEX(family, c) ((family) * OH_NCLASSES + (c))

/* The medium blocks' free cache: a stack per medium class (M7 in
 * alloc/medium.inc).  32 slots: with the packed span fields (M8) the
 * stack's fast paths cost little, and a class's stack that runs dry or
 * full sends the block to its span, a cold header and a cold link: the
 * medium churn took 0.91-0.92 of 8 slots' time (docs/ALLOCATOR.md). */
#ifndef OHI_MCACHE_SLOTS
#  define OHI_MCACHE_SLOTS 32
#endif
typedef struct ohi_mcache {
    void *slot[OHI_MCACHE_SLOTS];       /* slot[n - 1] was freed last, n
                                           in mcache_n */
    uint16_t *live[OHI_MCACHE_SLOTS];   /* live[i]: the live count of
                                           slot[i]'s span (M8) */
} ohi_mcache;

/* The observer: what the allocator calls, from its slow paths, around
 * every allocation, reallocation and free while one is set.  The tracer
 * (trace.c) is the one observer; it registers here, and the allocator
 * names no file above it.  Setting an observer routes every operation
 * through the slow paths (OHI_SLOW_HOOK); the fast paths never read it.
 *
 *   prepare       before an allocation in the general slow path, or a
 *                 reallocation: everything that can fail.  A token for
 *                 record, or NULL: the operation then fails (ENOMEM)
 *                 before a block exists, so none is handed out unobserved.
 *   record        after it, with prepare's token: cannot fail.
 *   record_small  both at once for a block of class `cls` just taken from
 *                 a pool, when the observer is the only reason for the
 *                 slow path (the common case); `frame` is the allocator
 *                 function's own frame (__builtin_frame_address(0)).  -1:
 *                 the allocator puts the block back and fails.
 *   forget        p is being freed, or moved by a reallocation; cls is the
 *                 class of p's pool, read before the free, or -1 when p is
 *                 not in a pool. */
typedef struct ohi_alloc_observer {
    void *(*prepare)(void);
    void (*record)(void *p, size_t n, void *token);
    int (*record_small)(void *p, size_t n, unsigned cls, const void *frame);
    void (*forget)(void *p, int cls);
} ohi_alloc_observer;


/* Large debug blocks freed and remembered, to report a second free. */
#define OHI_DEBUG_DEAD_RING 64

/* A heap: the pools, arenas and free cache that one thread (or one
 * runtime) allocates from without a lock (alloc/heap.inc).
 * Every thread that calls oh_malloc gets a heap of its own; each runtime
 * has one for its objects (ohi_runtime.alloc).  Only the heap's owner
 * touches its fields, except `remote`, which any thread pushes onto, and
 * `slow`, `malloc_gate` and `flush_pending`, which a thread changing a
 * process-wide setting writes (under the shared lock, atomically). */
typedef struct ohi_alloc_state {
    /* Hot: read by every allocation and free.  The gate, `slow` and the
     * counts of the free-cache stacks (those of the raw and object
     * families) share one cache line, since every free reads `slow` and a
     * count; the stacks themselves are further down, read only when a
     * block goes on or off one. */
    _Alignas(64) size_t malloc_gate;    /* GT1 */
    struct ohi_alloc_state *free_key;   /* GT2: this heap while slow == 0,
                                           else NULL */
    uint32_t slow;                      /* OHI_SLOW_* bits, 0 normally */
    uint32_t map_key;                   /* MB2 */
    uint8_t map_arena;                  /* MB1 */
    bool initialized;                   /* on the heap list, settings
                                           copied */
    bool flush_pending;                 /* F3: a setting that forbids the
                                           free cache was switched on by
                                           another thread; the owner
                                           empties its cache in its next
                                           slow path */
    uint8_t fcache_n[OHI_NFAMILIES * OH_NCLASSES];  /* blocks on each
                                           stack of fcache (below) */
    ohi_pool *used[OHI_NFAMILIES][OH_NCLASSES];  /* USED pools (P1) */
    ohi_pool *reserve[OHI_NFAMILIES][OH_NCLASSES];  /* per class: a pool
                                           kept when it empties (P2, A6) */
    unsigned big_reserves;              /* of them, those of classes from
                                           OHI_BIG_CLASS up (P2): */
    ohi_pool **big_order[OHI_BIG_RESERVES];     /* their slots, the one
                                           set longest ago first */
    /* Arenas (A3): buckets[k][i] lists arenas with i + 1 free pools, of
     * which some are carved EMPTY ones (k = OHI_BUCKET_CARVED) or none
     * (OHI_BUCKET_FRESH). */
    uint64_t bucket_mask[2];
    ohi_arena *buckets[2][OHI_POOLS_PER_ARENA];
    ohi_arena *arenas_all;              /* every arena of this heap (A5) */
    ohi_arena *kept_arena;              /* the one arena allowed to stay
                                           mapped with no live block (A6) */
    /* Medium blocks (alloc/medium.inc, M1-M7). */
    ohi_pool *mused[OHI_NMEDIUM];       /* USED spans per class */
    ohi_pool *mreserve[OHI_NMEDIUM];    /* per class: a span kept when it
                                           empties */
    ohi_arena *marenas;                 /* every medium arena of this heap */
    unsigned mreserve_units;            /* units those reserves hold,
                                           the soft ones left out */
    uint64_t msoft;                     /* bit j: class j's reserve is
                                           soft (M4) */
    uint8_t mcache_n[OHI_NMEDIUM];      /* blocks on each stack of mcache */
    ohi_mcache mcache[OHI_NMEDIUM];     /* M7 */
    ohi_large_link *large_objects[OHI_NFAMILIES];   /* objects too big for
                                           pools, per family */
    size_t nlarge_objects;              /* on those lists */
    _Alignas(64) ohi_fcache fcache[OHI_NFAMILIES * OH_NCLASSES];
                                        /* F1..F3; each stack on four
                                           whole lines */
    /* Counters (OH_ALLOC_COUNTERS), summed over the heaps by the stats. */
#define OHI_X_COUNTER(name, doc) int64_t name;
    OH_ALLOC_COUNTERS(OHI_X_COUNTER)
#undef OHI_X_COUNTER
    struct ohi_alloc_state *next_heap;  /* the list of every heap (H2) */
    bool is_thread_heap;                /* a thread's, not a runtime's */
    /* Blocks of this heap freed by other threads (H3), linked through
     * their first word; on a line of its own, since other threads write
     * it. */
    _Alignas(64) struct ohi_block *remote;
    bool abandoned;                     /* its thread has exited (H4) */
} ohi_alloc_state;

/* What every heap shares: the process-wide settings, the radix map, huge
 * blocks, the gauges, and the lock that guards what has no owner
 * (alloc/heap.inc). */
typedef struct ohi_alloc_shared {
    bool initialized;                   /* environment read */
    bool debug;                         /* debug block layout in force */
    uint32_t slow;                      /* the OHI_SLOW_* bits every heap
                                           copies */
    ohi_alloc_state *heaps;             /* every heap (H2) */
    unsigned map_ids;                   /* map ids given out (MB1) */
    ohi_alloc_observer observer;        /* its copy, while OHI_SLOW_HOOK
                                           is set */
    /* Gauges (OH_ALLOC_GAUGES), updated atomically. */
#define OHI_X_GAUGE(name, doc) oh_gauge name;
    OH_ALLOC_GAUGES(OHI_X_GAUGE)
#undef OHI_X_GAUGE
    uint64_t arena_serial;              /* arenas mapped so far */
    char *arena_hint;                   /* where the next arena is tried
                                           first: just below the last */
    /* Freed memory kept mapped (alloc/warm.inc), under warm_lock. */
    ohi_huge_cached huge_cache[OHI_HUGE_SLOTS]; /* freed huge mappings,
                                                   kept or warm */
    size_t huge_cache_bytes;            /* their address space, summed */
    unsigned huge_colour;               /* huge blocks coloured (HG4) */
    unsigned huge_cache_n;              /* slots in use */
    struct ohi_arena *warm_arenas;      /* warm arenas, newest first (W1) */
    size_t warm_arena_bytes;            /* their address space */
    uint64_t warm_deadline;             /* when something warm expires, or
                                           0 (W3); read without the lock */
    unsigned retain_ms;                 /* the retain delay (0: none) */
    int warm_bypass;                    /* a trim is running: give back
                                           at once */
    /* The huge-block registry (HG1 in alloc/huge.inc): an open-addressing set of
     * the live huge blocks' bases, in a mapping of its own. */
    uintptr_t *huge_set;                /* huge_set_cap slots (0: empty) */
    size_t huge_set_cap;                /* a power of two, or 0 */
    size_t huge_set_n;                  /* entries: the live huge blocks */
    /* Fault injection. */
    unsigned long fail_nth;             /* fail when counter reaches it */
    unsigned long fail_counter;         /* allocations since arming */
    bool fail_every;                    /* keep failing after the nth */
    /* The limit (oh_alloc_set_limit; L1 in alloc/slow.inc). */
    int64_t limit;                      /* bytes; 0: none */
    int64_t limit_base;                 /* arena_bytes + huge_bytes when
                                           it was set */
    int64_t limit_clib;                 /* C-library bytes since then:
                                           usable sizes allocated minus
                                           those freed */
    /* Debug mode. */
    uint32_t debug_serial;              /* blocks allocated in debug mode */
    size_t debug_large_live;            /* large debug blocks not freed */
    /* Debug mode: every large debug block not freed (DL1 in alloc/debug.inc), an
     * open-addressing set of their starts in C-library memory, and the
     * data pointers of the last ones freed. */
    void **debug_large;                 /* debug_large_cap slots, or NULL */
    size_t debug_large_cap;             /* a power of two, or 0 */
    void *debug_large_dead[OHI_DEBUG_DEAD_RING];
    unsigned debug_large_dead_next;     /* next slot of the ring */
    /* The radix map (A4). */
    uint8_t *map_spare;                 /* a leaf mapped in advance for
                                           huge_realloc, or NULL */
    uint8_t *map_root[(size_t)1 << OHI_MAP_ROOT_BITS];
} ohi_alloc_shared;

OHI_FUNC extern ohi_alloc_shared ohi_alloc_sh;

/* The heaps, for the walkers of other files (heapmap.c): the first of the
 * list (H2), under the shared lock, which ohi_alloc_lock takes (it is
 * recursive) and ohi_alloc_unlock releases. */
OHI_FUNC ohi_alloc_state *ohi_alloc_heaps(void);
/* The calling thread's heap (where oh_malloc's blocks come from), made now
 * if it has none. */
OHI_FUNC ohi_alloc_state *ohi_alloc_thread_heap(void);
OHI_FUNC void ohi_alloc_lock(void);
OHI_FUNC void ohi_alloc_unlock(void);
/* Trim one runtime's heap, which the caller owns (alloc/heap.inc):
 * remote frees collected, cache flushed, every mapping without a live
 * block unmapped.  Bytes given back. */
OHI_FUNC size_t ohi_alloc_heap_trim(ohi_alloc_state *a);

/* oh_malloc / oh_free for a given family.  oh_malloc is FAMILY_MEM. */
OHI_FUNC void *ohi_alloc_malloc(size_t n, int family);
OHI_FUNC void ohi_alloc_free(void *p, int family);

/* Call fn(p, family, arg) for every live block of the object families,
 * with p the address ohi_alloc_malloc returned for it.  Stops at, and
 * returns, the first non-zero result.  fn must not allocate or free. */
typedef int (*ohi_block_visitor)(void *p, int family, void *arg);
OHI_FUNC int ohi_alloc_walk_objects(ohi_block_visitor fn, void *arg);

/* Debug mode: what the allocator knows of `data`, as the data pointer of
 * a block it handed out (what oh_malloc returned; an object's block's,
 * before the gc head and large-object link).  Reads no memory it does
 * not own, so a wild pointer is safe to ask about.  The block's family
 * goes to *family for LIVE and FREED. */
enum {
    OHI_DBLOCK_UNKNOWN,         /* not a block of ours (foreign or wild) */
    OHI_DBLOCK_LIVE,            /* handed out and not freed */
    OHI_DBLOCK_FREED,           /* a block of ours that was freed */
    OHI_DBLOCK_INTERIOR         /* in a block of ours, not its data start */
};
OHI_FUNC int ohi_alloc_debug_block(const void *data, int *family);

/* Which map entry covers address p (OHI_MAP_NONE for foreign memory). */
OHI_FUNC int ohi_alloc_map_lookup(const void *p);
/* The pool header of a block address inside an arena. */
OHI_FUNC ohi_pool *ohi_alloc_pool_of(const void *p);
/* The pool's first block (P5), its first never-used block, and the
 * number of blocks it holds at its current class. */
OHI_FUNC char *ohi_alloc_pool_first_block(const ohi_pool *pool);
OHI_FUNC char *ohi_alloc_pool_bump(const ohi_pool *pool);
OHI_FUNC unsigned ohi_alloc_pool_capacity(const ohi_pool *pool);
/* The 16 KiB units of a span of medium class j (alloc/medium.inc). */
OHI_FUNC unsigned ohi_alloc_span_units(unsigned j);
/* Unit i of medium arena ar as a reader of the whole arena sees it (the
 * heap map; alloc/walk.inc): its state, UNTOUCHED, EMPTY, USED, FULL or
 * TAIL (M1, M2 in alloc/medium.inc); for a span's head (USED or FULL)
 * also its class, blocks in use, capacity and length in units; for a
 * TAIL, the unit of its head.  Read-only; the caller holds the lock
 * (ohi_alloc_lock) while the heap may change. */
typedef struct ohi_span_view {
    uint8_t state;              /* OHI_POOL_* */
    uint8_t szidx;              /* medium class (head and TAIL) */
    uint8_t units;              /* head: the span's length, 1..64 */
    uint8_t head;               /* TAIL: its head's unit */
    uint16_t nalloc, capacity;  /* head: blocks in use, of how many */
} ohi_span_view;
OHI_FUNC void ohi_alloc_medium_unit(const ohi_arena *ar, unsigned i,
                                    ohi_span_view *out);
/* What is warm (alloc/warm.inc) as the heap map shows it: the warm
 * arenas, newest first, into out[0..max) (the kind each was, how long
 * ago it was given back), and the huge cache and the retain delay into
 * *w.  Returns the number of warm arenas, which may exceed max.  Takes
 * the warm lock itself; the caller may hold ohi_alloc_lock. */
typedef struct ohi_warm_arena_view {
    bool medium;                /* it held spans, not pools */
    uint64_t ms;                /* warm for this long */
} ohi_warm_arena_view;
typedef struct ohi_warm_view {
    unsigned retain_ms;         /* the delay before warm memory goes back */
    size_t huge_cached;         /* huge mappings kept for reuse */
    size_t huge_cached_bytes;   /* their address space */
} ohi_warm_view;
OHI_FUNC size_t ohi_alloc_warm_arenas(ohi_warm_arena_view *out, size_t max,
                                      ohi_warm_view *w);
/* Walk one pool and check P2..P5; aborts with a report on a violation. */
OHI_FUNC void ohi_alloc_check_pool(const ohi_pool *pool);

/* Set the observer (a copy is kept), or remove it with NULL. */
OHI_FUNC void ohi_alloc_set_observer(const ohi_alloc_observer *obs);

/* Where a block sits, for an observer that keeps its records by pool: the
 * size class of the pool that holds p when that pool has blocks in use,
 * else -1 (p is not in an arena, or its pool is empty or untouched). */
OHI_INLINE int
ohi_alloc_block_class(const void *p)
{
    if (ohi_alloc_map_lookup(p) != OHI_MAP_ARENA)
        return -1;
    const ohi_pool *pool = ohi_alloc_pool_of(p);
    return pool->state == OHI_POOL_USED || pool->state == OHI_POOL_FULL
               ? (int)pool->szidx : -1;
}

/* ==========================================================================
 * The tracer, in four files (each opens with its design and invariants):
 *   trace.c      the hot path that records traces: capture, the tables,
 *                the allocator's observer, tracing on and off (T1-T6)
 *   symbolize.c  addresses to names: libdw, the ELF symbol table, frame
 *                sources; resolved tracebacks (Y1-Y3)
 *   snapshot.c   snapshots, filters, statistics, the snapshot file (SN1-SN3)
 *   marks.c      memory over time: marks, their table and chart (MK1-MK2)
 * Each uses only the ones above it in this list.
 * ========================================================================== */

/* --- trace.c -------------------------------------------------------------- */

/* A call stack as captured: return addresses, innermost first.  When
 * objheap's code range is known, capture drops objheap's own frames and
 * keeps at most `limit` of the caller's; otherwise they are all here and
 * dropped when resolved.  `total` counts the frames the capture saw, from
 * the first one kept; OHI_TB_SOURCE in it marks the words of a frame
 * source instead of return addresses (T6).  Interned (T3). */
typedef struct ohi_raw_tb {
    uint64_t hash;
    uint32_t nframes;
    uint32_t total;
    uint32_t index;             /* its place in tb_list */
    uintptr_t frames[];
} ohi_raw_tb;
#define OHI_TB_SOURCE 0x80000000u

/* One traced block.  ptr == 0 marks an empty slot. */
typedef struct ohi_trace_entry {
    uintptr_t ptr;
    size_t size;                /* bytes requested */
    ohi_raw_tb *tb;
} ohi_trace_entry;

typedef struct ohi_symbolizer ohi_symbolizer;
typedef struct ohi_side_arena ohi_side_arena;

/* One slot of the side tables' cache (trace.c): a pool's address with a
 * class in its low bits, and the pool's side_pool of that class.  key ==
 * 0 marks an empty slot. */
typedef struct ohi_side_cache_slot {
    uintptr_t key;
    struct ohi_side_pool *sp;
} ohi_side_cache_slot;
#define OHI_SIDE_CACHE_BITS 12  /* 4,096 pools, 64 KiB */

/* A thread's part of the tracer (trace.c, T7 and T8): the lock its hooks
 * take, and the bytes they counted.  One per thread that has traced,
 * on cache lines of its own; kept for the process's life (a thread that
 * exits leaves it to the next one), as heaps are. */
typedef struct ohi_trace_thread {
    _Alignas(64) int lock;      /* 1 while a hook runs on the part */
    bool solo;                  /* one thread's, and its hooks take
                                   `lock` with plain stores (T7) */
    bool owned;                 /* a live thread's (or the spare) */
    int64_t pub;                /* bytes its hooks recorded, less those
                                   they forgot (any sign), as added to
                                   `published` */
    int64_t delta;              /* what they have counted since */
    int64_t high;               /* the highest total it saw since the
                                   counts were last read (T8) */
    struct ohi_trace_thread *next;      /* every one (threads) */
} ohi_trace_thread;

/* Captures up to n return addresses of the current stack (backtrace's
 * signature). */
typedef int (*ohi_capture_fn)(void **pcs, int n);

/* A frame source: the call stack of a language that runs on objheap (the
 * Python interpreter: mod_tracemalloc.c), recorded instead of the native
 * stack while it is installed (trace.c, "Frame sources").  capture writes
 * the words of up to n frames, innermost first, and the depth of the
 * whole stack in *total, and returns how many it wrote (at least 1); it
 * runs inside allocations, so it must not allocate through objheap.
 * resolve gives a word's file, line and function, names that stay valid
 * while the source is installed and tracing runs. */
typedef struct ohi_frame_source {
    int (*capture)(uintptr_t *frames, int n, uint32_t *total);
    void (*resolve)(uintptr_t frame, oh_frame *out);
} ohi_frame_source;

/* Invariants T1-T8 are in trace.c; the symbolizer's fields are
 * symbolize.c's, the marks' marks.c's. */
typedef struct ohi_trace_state {
    /* Written by the hooks only when they change more than a little
     * (T8), so two threads tracing share the line unmoved. */
    _Alignas(64) int64_t published;     /* the threads' pub, summed */
    bool tracing;
    /* What every hook reads and only whoever holds every lock (the gate:
     * whoever takes them) writes, on lines of their own: two threads
     * tracing share them unmoved. */
    _Alignas(64) int gate;      /* 1 while someone holds every lock:
                                   hooks wait (T7) */
    int limit;                  /* frames kept per traceback */
    bool walk_fp;               /* limit 1: follow frame pointers */
    uintptr_t text_lo, text_hi; /* objheap's code; both 0 when unknown */
    ohi_raw_tb **pc_cache;      /* limit 1: caller's pc -> its tb */
    ohi_side_arena ***side_root; /* pool blocks' traces, by address */
    ohi_capture_fn capture;     /* unw_backtrace, or backtrace */
    const ohi_frame_source *source; /* or NULL: native stacks */
    const struct ohi_runtime *source_rt;    /* the runtime that installed
                                   it: only its thread's captures use it */
    /* The rest. */
    _Alignas(64) int lock;      /* the tables' lock (trace.c, T7) */
    size_t own_bytes;           /* the tables' own memory (atomic) */
    ohi_trace_thread *threads;  /* every thread's part (T7) */
    ohi_trace_thread spare;     /* for a thread that cannot have one */
    int64_t peak;               /* the highest total, as of the last
                                   reading (T8) */
    int64_t mark_peak;          /* the same since the last mark */
    ohi_trace_entry *traces;    /* open addressing, power-of-two size */
    size_t traces_cap, traces_len;
    ohi_raw_tb **tbs;           /* interned tracebacks */
    size_t tbs_cap, tbs_len;
    ohi_raw_tb **tb_list;       /* the same, by index (tbs_cap / 2) */
    void (*on_stop)(void);      /* run when tracing stops: how a file
                                   below (symbolize.c) drops what is only
                                   valid while tracing, unnamed here */
    /* symbolize.c */
    ohi_symbolizer *sym;        /* made on first report, freed at stop */
    int64_t sym_rss;            /* resident bytes the symbolizer brought
                                   in and has not given back (Y3) */
    /* marks.c */
    oh_mark *marks;             /* oh_trace_mark's records, oldest first */
    size_t nmarks, marks_cap;
    double mark_epoch;          /* monotonic seconds of the first mark */
    /* Last, so that the fields above share their cache lines: recently
     * used pools' side_pools, by pool address (untouched, so never
     * resident, in a program that does not trace). */
    ohi_side_cache_slot side_cache[1u << OHI_SIDE_CACHE_BITS];
} ohi_trace_state;

/* The tracer is process-wide: the allocator's observer records blocks
 * of every thread and every runtime into one set of tables (under the
 * tables' lock), so its state is not a runtime's but this one. */
OHI_FUNC extern ohi_trace_state ohi_trace_g;
#define OHI_TRACE (&ohi_trace_g)

/* Every lock of the tracer's (T7), for the files above trace.c that
 * read its tables (ohi_trace_lookup, ohi_trace_walk, the counts): no hook
 * runs while they are held.  Not recursive, and taken by the hooks of
 * every thread: whoever holds them must not allocate through objheap. */
OHI_FUNC void ohi_trace_lock(void);
OHI_FUNC void ohi_trace_unlock(void);
/* Under ohi_trace_lock: the bytes traced now, and the most traced since
 * the last mark, which then starts again from now (marks.c, MK2). */
OHI_FUNC void ohi_trace_mark_counts(size_t *current, size_t *mark_peak);

/* For tests, before any thread has traced: every thread's hooks take
 * their part's lock with an atomic exchange, as where membarrier cannot
 * be registered (trace.c, "each thread's part"). */
OHI_FUNC void ohi_trace_use_fences(void);

/* Install a frame source (NULL: back to native stacks).  Tracebacks
 * already recorded keep the kind they were captured with. */
OHI_FUNC void ohi_trace_set_frame_source(const ohi_frame_source *src);
/* p's trace, if p is a traced block's address: 1 with its size and raw
 * traceback, else 0. */
OHI_FUNC int ohi_trace_lookup(uintptr_t p, size_t *size, ohi_raw_tb **tb);
/* Call fn(arg, size, tb) for every trace, in no particular order; stops
 * at, and returns, the first negative result. */
typedef int (*ohi_trace_visitor)(void *arg, size_t size,
                                 const ohi_raw_tb *tb);
OHI_FUNC int ohi_trace_walk(ohi_trace_visitor fn, void *arg);

/* Is pc in objheap's own code?  Never while the range is unknown (both
 * bounds 0: a build that compiled the sources without objheap_text.ld). */
OHI_INLINE bool
ohi_trace_in_text(const ohi_trace_state *t, uintptr_t pc)
{
    return pc - t->text_lo < t->text_hi - t->text_lo;
}

/* Built with tracing support?  (-DOH_NO_TRACE leaves it out.) */
#ifdef OH_NO_TRACE
#  define OHI_TRACE_SUPPORTED 0
#else
#  define OHI_TRACE_SUPPORTED 1
#endif

/* --- symbolize.c ---------------------------------------------------------- */

/* A string pool: strings copied into chunks, freed all at once. */
typedef struct ohi_strpool ohi_strpool;
/* A copy of s in *pool (NULL when out of memory). */
OHI_FUNC const char *ohi_strpool_dup(ohi_strpool **pool, const char *s);
OHI_FUNC void ohi_strpool_free(ohi_strpool *pool);

/* A traceback of nframes zeroed frames (calloc'd; free with free), or
 * NULL. */
OHI_FUNC oh_traceback *ohi_traceback_new(size_t nframes);
/* Is f a native frame named without a line ("f+0x1d" in a module)?  Such
 * a frame is printed as "f+0x1d in module" rather than file and line. */
OHI_INLINE bool
ohi_frame_has_no_line(const oh_frame *f)
{
    if (f->lineno != 0)
        return false;
    for (const char *c = f->function; *c != '\0'; c++)
        if (*c == '+')
            return true;
    return false;
}
/* Resolve a raw traceback to names (Y1, Y2): objheap's leading frames
 * dropped, at most `limit` of the caller's kept, none past main.  Names
 * are copied into *strings.  NULL when out of memory (or when the
 * symbolizer cannot be made). */
OHI_FUNC oh_traceback *ohi_sym_resolve(const ohi_raw_tb *raw, int limit,
                                       ohi_strpool **strings);

/* --- snapshot.c ----------------------------------------------------------- */

/* Trace i (0 <= i < oh_snapshot_ntraces) of a snapshot: its size and
 * traceback (borrowed from the snapshot).  0, or -1 if i is out of
 * range. */
OHI_FUNC int ohi_snapshot_trace(const oh_snapshot *s, size_t i,
                                size_t *size, const oh_traceback **tb);

/* ==========================================================================
 * object.c: the object core
 * ========================================================================== */

/* Terms: a *container* is an object whose type has OH_TYPE_CONTAINER; it
 * is allocated with an ohi_gc_head in front of it, which the collector
 * uses (CPython's PyGC_Head):
 *
 *   block start                      what oh_object * points to
 *   +-----------+-----------+        +-----------+-----------+-------
 *   | gc next   | gc prev   |        | refcnt    | type      | fields
 *   +-----------+-----------+        +-----------+-----------+-------
 *   <---- ohi_gc_head (16) ---->     <---- oh_object (16) ---->
 *
 * G1. A container is untracked iff next == 0, and then the pointer bits of
 *     prev are 0 too.  A tracked container is on exactly one of gc.c's
 *     lists (a generation, the permanent generation, or a collection's
 *     working list); gc.c's design comment gives the encoding.
 * G2. Bit 0 of prev (OHI_GC_FINALIZED) is set once the type's finalize has
 *     run for this object; it is never cleared.  Bit 1 (OHI_GC_COLLECTING)
 *     belongs to the collector (gc.c, C1).
 * G3. While a container waits in the trashcan (object.c), it is untracked
 *     and its `next` word links the trashcan's chain.  The collector must
 *     untrack a container before its dealloc calls ohi_trashcan_begin. */
typedef struct ohi_gc_head {
    uintptr_t next;
    uintptr_t prev;
} ohi_gc_head;

#define OHI_GC_FINALIZED ((uintptr_t)1)
#define OHI_GC_FLAGS ((uintptr_t)3)
#define OHI_AS_GC(o) ((ohi_gc_head *)(void *)(o) - 1)
#define OHI_IS_CONTAINER(t) (((t)->flags & OH_TYPE_CONTAINER) != 0)

/* Kinds.  Bits 24..31 of a descriptor's flags name the built-in layout
 * its objects have (OHI_KIND_LIST: an ohi_list), 0 for a program's own
 * types; bit 23 (OHI_TYPE_PY) says the descriptor is embedded in one of
 * the Python interpreter's type objects (src/py/py.h, py_type_of).  A
 * Python subclass of a built-in type keeps its base's kind, so checks by
 * kind accept subclass instances.  The public header reserves bits 16..31
 * for objheap. */
#define OHI_TYPE_PY (1UL << 23)
#define OHI_KIND(k) ((unsigned long)(k) << 24)
#define OHI_TYPE_KIND(t) ((unsigned)(((t)->flags >> 24) & 0xffu))
enum {
    OHI_KIND_OTHER = 0,         /* a program's own type */
    OHI_KIND_NONE,
    OHI_KIND_BOOL,
    OHI_KIND_INT,
    OHI_KIND_FLOAT,
    OHI_KIND_STR,
    OHI_KIND_BYTES,
    OHI_KIND_TUPLE,
    OHI_KIND_LIST,
    OHI_KIND_DICT,
    OHI_KIND_SET,
    OHI_KIND_FROZENSET,
    OHI_KIND_CLASS,             /* oh_class_new's classes */
    OHI_KIND_INSTANCE,          /* their instances */
    OHI_KIND_WEAKREF,
    OHI_KIND_WEAKVALUEDICT,
    OHI_KIND_WEAKKEYDICT,
    OHI_KIND_WEAKSET,
    OHI_KIND_FINALIZE,
    OHI_NKINDS
};
#define OHI_GC_SIZE(t) (OHI_IS_CONTAINER(t) ? sizeof(ohi_gc_head) : 0)

/* What layout t says o occupies, the collector's header left out: its
 * getsizeof when it has one, else its basic size plus its items. */
OHI_INLINE size_t
ohi_layout_size(const oh_type *t, oh_object *o)
{
    if (t->getsizeof != NULL)
        return t->getsizeof(o);
    if (t->itemsize != 0)
        return t->basicsize
               + t->itemsize * (size_t)((oh_varobject *)(void *)o)->size;
    return t->basicsize;
}

/* What the allocator's debug mode leaves in a freed object's words (its
 * OHI_DEADBYTE, 0xDB, repeated; alloc.c). */
#define OHI_FREED_WORD ((uintptr_t)0xDBDBDBDBDBDBDBDBu)

/* The kind of o's descriptor, for the type checks that accept subclasses
 * (an interpreter's subclass of list has kind OHI_KIND_LIST): 0 for an
 * object freed in debug mode, whose type word is OHI_FREED_WORD and must
 * not be followed, so that the check fails and reports the freed object. */
OHI_INLINE unsigned
ohi_kind(const oh_object *o)
{
    if (OH_UNLIKELY((uintptr_t)o->type == OHI_FREED_WORD))
        return 0;
    return OHI_TYPE_KIND(o->type);
}

/* Tunables (their reasons are in object.c and tuple.c). */
#define OHI_TRASHCAN_DEPTH 50       /* nested deallocs before deferring */
#define OHI_RECURSION_LIMIT 1000    /* nested repr/equal/hash calls */
#define OHI_TUPLE_MAXSAVESIZE 20    /* tuples of 1..20 items are kept */
#define OHI_TUPLE_MAXFREELIST 2000  /* dead tuples kept per size */
#define OHI_FLOAT_MAXFREELIST 100   /* dead floats kept (float.c) */
#define OHI_FREED_RING 64           /* freed objects remembered (debug) */

/* A freed object remembered in debug mode, to name its type in reports. */
typedef struct ohi_freed_entry {
    uintptr_t addr;                     /* the object's address */
    char name[24];                      /* its type's name, cut to fit */
} ohi_freed_entry;

typedef struct ohi_object_state {
    /* Trashcan (object.c).  O5: depth == number of container deallocs
     * active on the C stack that passed ohi_trashcan_begin.  O6: every
     * object on `later` has refcnt 0 and is not yet freed. */
    int trash_depth;
    bool trash_draining;                /* a drain loop is running */
    oh_object *trash_later;             /* chain through gc next (G3) */
    /* The object whose dealloc is running and is about to call its base
     * layout's dealloc (a Python subclass of list, of type): that inner
     * ohi_trashcan_begin for the same object must not park it, or the
     * outer dealloc would run twice. */
    oh_object *trash_nested;
    /* Recursion guard for repr, equal and hash. */
    int recursion_depth;
    /* Containers whose repr is being built (innermost last). */
    size_t repr_len;
    oh_object *repr_stack[OHI_RECURSION_LIMIT];
    /* Tuple free lists (tuple.c): free[n] chains dead n-tuples through
     * items[0]; nfree[n] counts them (<= OHI_TUPLE_MAXFREELIST). */
    oh_object *tuple_free[OHI_TUPLE_MAXSAVESIZE + 1];
    uint32_t tuple_nfree[OHI_TUPLE_MAXSAVESIZE + 1];
    uint64_t tuple_reused;              /* tuples served from free lists */
    /* dict.c: the last version given to a dict (D6). */
    uint64_t dict_version;
    /* The float free list (float.c): dead floats chained through their
     * value word; float_nfree <= OHI_FLOAT_MAXFREELIST. */
    oh_object *float_free;
    uint32_t float_nfree;
    /* Interned strs (str.c): an open-addressed set of borrowed str
     * pointers, NULL when no str is interned. */
    oh_object **interned;
    size_t interned_mask;               /* slots - 1 */
    size_t interned_count;
    /* Debug mode: the most recently freed objects. */
    unsigned freed_next;
    ohi_freed_entry freed[OHI_FREED_RING];
} ohi_object_state;

/* The type a freed object's type pointer is set to. */
OHI_FUNC extern const oh_type ohi_freed_type;

/* Are the object layer's debug checks on?  They follow the allocator's
 * debug mode (on in `make debug`, or with OBJHEAP_DEBUG=1, or after
 * oh_alloc_set_debug(1)). */
#define OHI_CHECKS_ON() (ohi_alloc_sh.debug)

OHI_FUNC void *ohi_object_alloc_failed(void);

/* Allocate an object of `type` with room for nitems items (0 for fixed-size
 * types): the gc head (containers) is zeroed, refcnt is 1, type is set;
 * the fields are not initialised.  NULL with MemoryError.  This is the one
 * place objects are allocated, so the collector can hook in here. */
OHI_INLINE oh_object *ohi_object_alloc(const oh_type *type, size_t nitems);
/* Free the memory of an object whose fields are already released: poisons
 * its type pointer (to ohi_freed_type), remembers it in debug mode, and
 * returns its block (gc head included) to the allocator. */
OHI_FUNC void ohi_object_free(oh_object *o);
/* Remember o (of type t) as freed, for debug mode's reports. */
OHI_FUNC void ohi_object_remember_freed(const oh_object *o,
                                        const oh_type *t);

/* The trashcan.  A container's dealloc starts with
 *     if (!ohi_trashcan_begin(o)) return;
 * and ends with ohi_trashcan_end().  Past OHI_TRASHCAN_DEPTH nested
 * deallocs, begin parks o and returns false; o's dealloc runs again later
 * from a shallow stack. */
OHI_FUNC void ohi_trashcan_drain(void);

OHI_INLINE bool ohi_trashcan_begin(oh_object *o);
OHI_INLINE void ohi_trashcan_end(void);

/* Run type->finalize once (G2), as the first step of a dealloc.  Returns
 * true if the object was resurrected (its dealloc must stop). */
OHI_FUNC bool ohi_call_finalizer(oh_object *o);

/* Guard a recursive repr, equal or hash: -1 with RuntimeError "maximum
 * recursion depth exceeded<where>" past OHI_RECURSION_LIMIT. */
OHI_FUNC int ohi_recursion_enter(const char *where);
OHI_FUNC void ohi_recursion_leave(void);
/* Is o's repr already being built?  1 yes (print [...]), 0 no (o is now
 * on the stack: call ohi_repr_leave), -1 on error. */
OHI_FUNC int ohi_repr_enter(oh_object *o);
OHI_FUNC void ohi_repr_leave(oh_object *o);

/* Set TypeError "expected <what>, got <type of o>" and return NULL.  A
 * freed o is reported as such (fatal in debug mode), naming the function
 * that called. */
OHI_FUNC void *ohi_type_error_(const oh_object *o, const char *what,
                               const char *func);
#define ohi_type_error(o, what) ohi_type_error_((o), (what), __func__)

/* NULL objects (the rule at the top of objheap.h).  Every public function
 * that takes an object starts by checking each object argument with
 * OHI_NOT_NULL(arg, failure value): NULL records SystemError "<function>:
 * an object argument is NULL ..." (CPython's PyErr_BadInternalCall) and
 * returns the failure value (leave it empty in a void function).  One
 * predictable branch per argument; the record is made out of line. */
OHI_FUNC void *ohi_null_arg(const char *func);
#define OHI_NOT_NULL(o, fail)                                               \
    do {                                                                    \
        if (OH_UNLIKELY((o) == NULL)) {                                     \
            ohi_null_arg(__func__);                                         \
            return fail;                                                    \
        }                                                                   \
        OHI_RT_CHECK((o), __func__);    /* RT2, RT3 */                      \
    } while (0)
/* The same for an array of n objects: the array itself NULL (with
 * n > 0), or any item NULL.  The scan is inline (these arrays are short
 * and about to be read anyway); the record, naming the item, is not. */
OHI_FUNC void ohi_null_in_array(oh_object *const *objs, size_t n,
                                const char *func);

OHI_INLINE bool
ohi_has_null(oh_object *const *objs, size_t n)
{
    if (objs == NULL)
        return n != 0;
    for (size_t i = 0; i < n; i++)
        if (objs[i] == NULL)
            return true;
    return false;
}

#define OHI_NOT_NULL_ARRAY(objs, n, fail)                                   \
    do {                                                                    \
        if (OH_UNLIKELY(ohi_has_null((objs), (n)))) {                       \
            ohi_null_in_array((objs), (n), __func__);                       \
            return fail;                                                    \
        }                                                                   \
    } while (0)
/* In debug mode, abort with a report if o has been freed. */
OHI_FUNC void ohi_check_live(const oh_object *o, const char *op);
/* Debug mode: the type name a freed object at addr had (the ring of the
 * last OHI_FREED_RING freed), or NULL when it is not remembered. */
OHI_FUNC const char *ohi_object_freed_name(const void *addr);
/* The identity hash of an object (its address, mixed). */
OHI_FUNC oh_hash_t ohi_hash_pointer(const void *p);
/* A hash of n bytes (str and bytes). */
OHI_FUNC oh_hash_t ohi_hash_bytes(const void *data, size_t n);
/* Python's index rule: i < 0 counts from the end; 0 <= result < n, or -1
 * if out of range. */
OHI_FUNC int64_t ohi_index(int64_t i, int64_t n);
/* Python's slice rule: clamp start and stop into [0, n]. */
OHI_FUNC void ohi_slice_bounds(int64_t *start, int64_t *stop, int64_t n);

/* ==========================================================================
 * types/<name>.c: layouts shared between the built-in types
 * ========================================================================== */

/* int.c, intconv.c and longint.c: Python's int in two layouts (design,
 * invariants B1-B5 and the measurements in int.c):
 *
 *   small  ohi_int     | refcnt | type | value (int64) |       24 bytes
 *          descriptor oh_int_type (bool: oh_bool_type, same layout)
 *   big    ohi_bigint  | refcnt | type | ssize | limb[0] ... limb[n-1] |
 *          descriptor ohi_bigint_type (name "int", kind OHI_KIND_INT)
 *
 * A value is big iff it does not fit in int64_t (B1), so the 64-bit fast
 * paths need one test: OHI_INT_CHECK(o) (small or bool) says that
 * OHI_INT_VALUE(o) holds the whole value.  OHI_ANYINT_CHECK(o) accepts
 * either layout (what "is an int" means); oh_int_check is that test. */
struct oh_int_object {
    oh_object ob_base;
    int64_t value;
};
typedef struct oh_int_object ohi_int;
#define OHI_SMALL_INT_MIN (-5)
#define OHI_SMALL_INT_MAX 256
#define OHI_INT_CHECK(o) \
    ((o)->type == &oh_int_type || ohi_small_int_layout(o))
#define OHI_INT_VALUE(o) (((ohi_int *)(void *)(o))->value)
#define OHI_BIGINT_CHECK(o) ((o)->type == &ohi_bigint_type)
#define OHI_ANYINT_CHECK(o) (OHI_INT_CHECK(o) || OHI_BIGINT_CHECK(o))

/* Limbs: 64 bits with a 128-bit product where the compiler has one (GCC
 * and Clang on 64-bit targets), else 32 bits; -DOHI_LIMB32 forces 32
 * (int.c, "Tunables", compares the two). */
#if defined(__SIZEOF_INT128__) && !defined(OHI_LIMB32)
#  define OHI_LIMB_BITS 64
typedef uint64_t ohi_limb;
__extension__ typedef unsigned __int128 ohi_dlimb;
#else
#  define OHI_LIMB_BITS 32
typedef uint32_t ohi_limb;
typedef uint64_t ohi_dlimb;
#endif
#define OHI_LIMB_MAX ((ohi_limb)-1)

/* B2: |ssize| >= 1 limbs, limb[|ssize| - 1] != 0; ssize < 0 for a
 * negative value (CPython's ob_size convention). */
typedef struct ohi_bigint {
    oh_object ob_base;
    int64_t ssize;                      /* limbs, negated when negative */
    ohi_limb limb[];                    /* magnitude, least significant
                                           first */
} ohi_bigint;
#define OHI_BIGINT(o) ((ohi_bigint *)(void *)(o))
OHI_FUNC extern const oh_type ohi_bigint_type;

/* The slow half of OHI_INT_CHECK: bool, or a descriptor of kind int that
 * is not the big layout's -- an interpreter's subclass of int, whose
 * instances start with the small layout (B6 in int.c). */
OHI_INLINE bool
ohi_small_int_layout(const oh_object *o)
{
    unsigned k = ohi_kind(o);
    return k == OHI_KIND_BOOL
           || (k == OHI_KIND_INT && o->type != &ohi_bigint_type);
}

/* A float's layout (float.c), for the fast paths of the interpreter. */
typedef struct ohi_float {
    oh_object ob_base;
    double value;
} ohi_float;
#define OHI_FLOAT_VALUE(o) (((ohi_float *)(void *)(o))->value)

/* A float, or an instance of a subclass of float (whose objects start
 * with the float layout).  oh_float_check stays exact. */
#define OHI_FLOAT_CHECK(o) \
    ((o)->type == &oh_float_type || ohi_kind(o) == OHI_KIND_FLOAT)

OHI_FUNC oh_hash_t ohi_hash_i64(int64_t v);
OHI_FUNC oh_hash_t ohi_int_hash(oh_object *o);
OHI_FUNC int ohi_int_equal(oh_object *a, oh_object *b);
/* sys.getsizeof of an int of either layout (and of a bool): CPython
 * 3.11's figure, 24 + 4 * max(1, 30-bit digits). */
OHI_FUNC size_t ohi_int_sizeof(oh_object *o);
/* Compare an int (either layout) with a double exactly: -1, 0 or 1 as
 * i < d, i == d, i > d; 2 if d is a NaN (unordered).  Never fails. */
OHI_FUNC int ohi_int_cmp_double(oh_object *i, double d);

/* The most limbs a big int may have (int.c, "Tunables"). */
#define OHI_INT_MAX_LIMBS ((size_t)1 << 32)
/* Limbs in an int64's magnitude. */
#define OHI_I64_LIMBS (64 / OHI_LIMB_BITS)

/* A view of an int of either layout as sign and magnitude: d[0..n)
 * normalised (n == 0 for zero).  A small int's magnitude is written into
 * `own`, so a view must stay where ohi_int_view_of put it. */
typedef struct ohi_int_view {
    const ohi_limb *d;
    size_t n;
    bool neg;
    ohi_limb own[OHI_I64_LIMBS];
} ohi_int_view;
/* o must be an int of either layout (or a bool). */
OHI_FUNC void ohi_int_view_of(oh_object *o, ohi_int_view *v);
/* A big int with room for n >= 1 limbs, for the caller to fill (B5);
 * NULL with MemoryError (also past OHI_INT_MAX_LIMBS). */
OHI_FUNC ohi_bigint *ohi_bigint_new(size_t n);
/* Make b, whose first n limbs hold a magnitude, the int of that
 * magnitude and sign, normalised (B1, B2: a value that fits int64 comes
 * back small and b is freed).  New reference; NULL with MemoryError (b
 * freed too). */
OHI_FUNC oh_object *ohi_bigint_finish(ohi_bigint *b, size_t n, bool neg);
/* Free a big int that ohi_bigint_finish never saw. */
OHI_FUNC void ohi_bigint_discard(ohi_bigint *b);
/* true if o is an int of either layout; else false with TypeError
 * "expected int, got str". */
OHI_FUNC bool ohi_int_arg_check(oh_object *o);
/* 0 if a and b are ints; else -1 with TypeError "unsupported operand
 * type(s) for <op>: 'int' and 'str'". */
OHI_FUNC int ohi_int_operands(oh_object *a, oh_object *b, const char *op);

/* The runtime's int state (OHI_RT->ints). */
typedef struct ohi_int_state {
    int64_t max_str_digits;             /* 0: never set, the default
                                           (OH_INT_MAX_STR_DIGITS); -1:
                                           no limit (Python's 0) */
} ohi_int_state;

/* longint.c: natural numbers as little-endian limb arrays.  Lengths count
 * limbs; "normalised" means the top limb is not zero (zero has length 0).
 * Unless a comment says otherwise, outputs must not overlap inputs.
 * Functions that return int allocate scratch memory: 0, or -1 with
 * MemoryError and the output undefined. */

/* Length of a[0..n) without its top zero limbs. */
OHI_INLINE size_t
ohi_limbs_norm(const ohi_limb *a, size_t n)
{
    while (n > 0 && a[n - 1] == 0)
        n--;
    return n;
}
/* -1, 0, 1 as a < b, a == b, a > b (both normalised). */
OHI_FUNC int ohi_limbs_cmp(const ohi_limb *a, size_t an, const ohi_limb *b,
                           size_t bn);
/* r[0..an) = a + b, an >= bn; returns the carry out.  r may be a. */
OHI_FUNC ohi_limb ohi_limbs_add(ohi_limb *r, const ohi_limb *a, size_t an,
                                const ohi_limb *b, size_t bn);
/* r[0..an) = a - b, a >= b as numbers, an >= bn; returns the borrow out
 * (0 when a >= b).  r may be a. */
OHI_FUNC ohi_limb ohi_limbs_sub(ohi_limb *r, const ohi_limb *a, size_t an,
                                const ohi_limb *b, size_t bn);
/* a[0..n) = a * m + c; returns the limb carried out. */
OHI_FUNC ohi_limb ohi_limbs_mul_1_add(ohi_limb *a, size_t n, ohi_limb m,
                                      ohi_limb c);
/* r[0..an + bn) = a * b (an, bn >= 1). */
OHI_FUNC int ohi_limbs_mul(ohi_limb *r, const ohi_limb *a, size_t an,
                           const ohi_limb *b, size_t bn);
/* q[0..n) = a / d, d != 0; returns a % d.  q may be a. */
OHI_FUNC ohi_limb ohi_limbs_divrem_1(ohi_limb *q, const ohi_limb *a,
                                     size_t n, ohi_limb d);
/* q[0..an - bn + 1) = a / b and r[0..bn) = a % b, for an >= bn >= 2 and
 * b normalised; q or r may be NULL when not wanted. */
OHI_FUNC int ohi_limbs_divrem(ohi_limb *q, ohi_limb *r, const ohi_limb *a,
                              size_t an, const ohi_limb *b, size_t bn);
/* Bits in a magnitude (0 for zero). */
OHI_INLINE uint64_t
ohi_limbs_bit_length(const ohi_limb *d, size_t n)
{
    if (n == 0)
        return 0;
#if OHI_LIMB_BITS == 64
    unsigned lz = (unsigned)__builtin_clzll(d[n - 1]);
#else
    unsigned lz = (unsigned)__builtin_clz(d[n - 1]);
#endif
    return (uint64_t)(n - 1) * OHI_LIMB_BITS + (OHI_LIMB_BITS - lz);
}
/* The 64 bits of a magnitude from bit `pos` up (bits past its top are
 * 0). */
OHI_FUNC uint64_t ohi_limbs_bits_at(const ohi_limb *d, size_t n,
                                    uint64_t pos);
/* Is any bit of the magnitude below bit `pos` set? */
OHI_FUNC bool ohi_limbs_any_below(const ohi_limb *d, size_t n, uint64_t pos);
/* r[0..n) = a << s, 0 <= s < OHI_LIMB_BITS; returns the bits shifted out
 * of the top.  r may be a. */
OHI_FUNC ohi_limb ohi_limbs_lshift(ohi_limb *r, const ohi_limb *a, size_t n,
                                   unsigned s);
/* r[0..n) = a >> s, 0 <= s < OHI_LIMB_BITS; returns the bits shifted out
 * of the bottom, in the returned limb's top s bits.  r may be a. */
OHI_FUNC ohi_limb ohi_limbs_rshift(ohi_limb *r, const ohi_limb *a, size_t n,
                                   unsigned s);

/* float.c */
OHI_FUNC oh_hash_t ohi_hash_double(double v);
OHI_FUNC int ohi_float_equal_int(double d, int64_t v);

/* str.c.  S1: data[nbytes] == '\0'.  S2: data is valid UTF-8 of `length`
 * code points.  S3: hash is -1 or the hash of data[0..nbytes). */
typedef struct ohi_str {
    oh_object ob_base;
    int64_t nbytes;                     /* bytes of UTF-8, NUL excluded */
    uint64_t len_state;                 /* code points << 1 | interned */
    oh_hash_t hash;                     /* -1 until computed */
    char data[];                        /* nbytes + 1 */
} ohi_str;
#define OHI_STR(o) ((ohi_str *)(void *)(o))
#define OHI_STR_LENGTH(s) ((int64_t)((s)->len_state >> 1))
#define OHI_STR_INTERNED ((uint64_t)1)
OHI_FUNC oh_hash_t ohi_str_hash(oh_object *s);
OHI_FUNC int ohi_str_eq(const oh_object *a, const oh_object *b);
/* Remove a str being freed from the interned set (str dealloc). */
OHI_FUNC void ohi_str_unintern(oh_object *s);

/* A growing UTF-8 buffer for building strs (repr).  oh_malloc'd. */
typedef struct ohi_strbuf {
    char *data;
    size_t len;
    size_t cap;
    bool failed;                        /* an append ran out of memory */
    char small[120];                    /* used until it overflows */
} ohi_strbuf;
OHI_FUNC void ohi_strbuf_init(ohi_strbuf *b);
OHI_FUNC void ohi_strbuf_add(ohi_strbuf *b, const char *s, size_t n);
OHI_FUNC void ohi_strbuf_adds(ohi_strbuf *b, const char *s);
OHI_FUNC void ohi_strbuf_addf(ohi_strbuf *b, const char *fmt, ...)
    OH_PRINTF(2, 3);
/* Append repr(o); -1 on error (recorded). */
OHI_FUNC int ohi_strbuf_add_repr(ohi_strbuf *b, oh_object *o);
/* The str built (new reference), or NULL with MemoryError; frees b. */
OHI_FUNC oh_object *ohi_strbuf_finish(ohi_strbuf *b);
OHI_FUNC void ohi_strbuf_discard(ohi_strbuf *b);

/* tuple.c.  U1: items[0..size) are non-NULL once the tuple is returned
 * to a caller. */
typedef struct ohi_tuple {
    oh_varobject ob_base;
    oh_object *items[];
} ohi_tuple;
#define OHI_TUPLE(o) ((ohi_tuple *)(void *)(o))
#define OHI_TUPLE_SIZE(o) (((oh_varobject *)(void *)(o))->size)
/* A tuple of n items, every item NULL: the caller fills all n.  It is
 * tracked already (the collector keeps a tuple with a NULL item tracked,
 * so nothing it will hold is hidden from it).  New reference; NULL with
 * MemoryError. */
OHI_FUNC oh_object *ohi_tuple_alloc(size_t n);
OHI_FUNC size_t ohi_tuple_clear_freelists(void);
/* Free the floats the float free list keeps (float.c); how many. */
OHI_FUNC size_t ohi_float_clear_freelist(void);

/* list.c.  LS1: 0 <= size <= allocated.  LS2: items[0..size) are
 * non-NULL.  LS3: allocated == 0 iff items == NULL. */
typedef struct ohi_list {
    oh_object ob_base;
    int64_t size;
    oh_object **items;
    int64_t allocated;
} ohi_list;
#define OHI_LIST(o) ((ohi_list *)(void *)(o))
/* The descriptor of the lists the inspection calls return (list.c): the
 * census and the reference graph leave them out (refgraph.c). */
OHI_FUNC extern const oh_type ohi_list_result_type;

/* dict.c.  The dict's header, here for the interpreter's global caches
 * (D6 in dict.c); its key table is dict.c's own. */
struct ohi_dictkeys;
typedef struct ohi_dict {
    oh_object ob_base;
    int64_t used;               /* live items (D1) */
    uint64_t version;           /* a new one from the runtime's counter
                                   whenever a key is added or removed (D6) */
    struct ohi_dictkeys *keys;  /* NULL while empty and never filled */
} ohi_dict;
#define OHI_DICT(o) ((ohi_dict *)(void *)(o))
/* Where the value of key (a str) lives in the exact dict d, valid while
 * d's version stays what it is now (D6): 1 and *slot; 0 when the key is
 * missing; -1 (no error) when d is not an exact dict whose keys are all
 * strs, where a lookup could run code. */
OHI_FUNC int ohi_dict_value_slot(oh_object *d, oh_object *key,
                                 oh_object ***slot);
OHI_FUNC int ohi_dict_lookup_str(oh_object *d, const char *key,
                                 oh_object **value);
/* Look key up in dict d: 1 with the stored key and value (borrowed), 0
 * when missing, -1 with an error (weakref.c's weak-key tables). */
OHI_FUNC int ohi_dict_lookup_entry(oh_object *d, oh_object *key,
                                   oh_object **key_out,
                                   oh_object **value_out);
/* Entries by position, for the interpreter's dict iterators (which keep
 * CPython's rules for a dict changed during iteration): the number of
 * entries appended (deleted ones included), and entry i: 1 with its key
 * and value (borrowed; either pointer may be NULL), 0 if deleted or out
 * of range. */
OHI_FUNC int64_t ohi_dict_nentries(oh_object *d);
OHI_FUNC int ohi_dict_entry_at(oh_object *d, int64_t i, oh_object **key,
                               oh_object **value);
/* dict.popitem(): remove the last item; 1 with its key and value (the
 * dict's references, now the caller's), 0 when empty. */
OHI_FUNC int ohi_dict_popitem(oh_object *d, oh_object **key,
                              oh_object **value);

/* set.c: is item (whose hash is `hash`) in set or frozenset o?  1, 0, or
 * -1 with an error from a comparison.  No check of o's kind: for the
 * interpreter's `in`, which has checked it. */
OHI_FUNC int ohi_set_contains_hashed(oh_object *o, oh_object *item,
                                     oh_hash_t hash);

/* set.c, for the interpreter's subclasses of set and frozenset, whose
 * instances py_alloc_instance makes zeroed: ohi_set_init makes such a
 * block a valid empty set (E2, E5 in set.c); ohi_set_fill adds other's
 * items (as oh_set_update) to a set or to a frozenset no one else has
 * seen yet, the only way a frozenset subclass instance gets its items.
 * 0, or -1 with an error. */
OHI_FUNC void ohi_set_init(oh_object *s);
OHI_FUNC int ohi_set_fill(oh_object *s, oh_object *other);

/* ==========================================================================
 * gc.c: the cycle collector (design, states and invariants C1-C8 in gc.c)
 * ========================================================================== */

#define OHI_GC_NGENS OH_GC_GENERATIONS
#define OHI_GC_COLLECTING ((uintptr_t)2)    /* prev bit 1 (G2, gc.c C1) */
#define OHI_GC_UNREACHABLE ((uintptr_t)1)   /* next bit 0, in a collection */
#define OHI_GC_REFS_SHIFT 2                 /* gc_refs live in prev >> 2 */

/* Default thresholds (gc.c, "Tunables"). */
#define OHI_GC_THRESHOLD0 700
#define OHI_GC_THRESHOLD1 10
#define OHI_GC_THRESHOLD2 10

/* A generation: a circular list of gc heads through a sentinel head. */
typedef struct ohi_gc_gen {
    ohi_gc_head head;                   /* sentinel; never an object */
    int64_t threshold;                  /* collect when count > this */
    int64_t count;                      /* gen 0: allocations minus frees;
                                           older: collections below */
} ohi_gc_gen;

typedef struct ohi_gc_callback_entry {
    oh_gc_callback fn;
    void *arg;
} ohi_gc_callback_entry;

/* The collector's observer (gc.c, "The observer"): an internal hook told
 * about the objects of each collection, for tools that show a collection
 * (src/py/showmem.c).  It must not run program code, change a reference
 * count, allocate on objheap's heap or start a collection (C11 in gc.c).
 * `o` is the object the event is about; `other` is the referent whose
 * death is calling a weak reference's callback (OHI_GC_OBS_CALLBACK), else
 * NULL; `generation` is the generation being collected. */
typedef enum ohi_gc_obs_event {
    OHI_GC_OBS_UNREACHABLE,     /* o is unreachable (step 6, intact: no
                                   weak reference cleared, no finalizer
                                   run yet) */
    OHI_GC_OBS_CALLBACK,        /* o, a weak reference to `other` (one of
                                   the unreachable), will have its callback
                                   run in step 7, in this order */
    OHI_GC_OBS_FINALIZE,        /* o's finalizer is about to run (step 8) */
    OHI_GC_OBS_RESURRECTED,     /* o, unreachable, was made reachable again
                                   by a finalizer: it survives (step 9) */
    OHI_GC_OBS_PROMOTED,        /* o survived the collection of `generation`
                                   and moves to generation + 1 (step 5;
                                   not told for generation 2) */
    OHI_GC_OBS_NEVENTS          /* how many kinds there are */
} ohi_gc_obs_event;
typedef void (*ohi_gc_observer)(ohi_gc_obs_event ev, oh_object *o,
                                oh_object *other, int generation, void *arg);

typedef struct ohi_gc_state {
    /* Hot: read by every container allocation and safe point. */
    ohi_gc_gen gens[OHI_GC_NGENS];
    int64_t auto_limit;                 /* gens[0].count above this asks
                                           for a collection (C7) */
    bool initialized;                   /* lists and thresholds set up */
    bool enabled;                       /* automatic collection on */
    bool collecting;                    /* a collection is running (C6) */
    unsigned debug;                     /* OH_GC_DEBUG_* */
    ohi_gc_head permanent;              /* frozen objects (oh_gc_freeze) */
    int64_t long_lived_total;           /* survivors of the last full
                                           collection */
    int64_t long_lived_pending;         /* objects promoted into gen 2
                                           since then */
    oh_gc_stats stats[OHI_GC_NGENS];
    oh_object *garbage;                 /* gc.garbage; NULL until needed */
    ohi_gc_callback_entry *callbacks;   /* oh_malloc'd, ncallbacks used */
    size_t ncallbacks, callbacks_cap;
    ohi_image_cache image_cache;        /* debug mode: the static segments
                                           last found (ohi_os_in_image) */
    ohi_gc_observer observer;           /* NULL: none, and no cost (C12) */
    void *observer_arg;
} ohi_gc_state;

/* Set up the lists and thresholds (the runtime starts all zero). */
OHI_FUNC void ohi_gc_init(void);
/* Run the automatic collection a safe point found due (C7). */
OHI_FUNC void ohi_gc_collect_auto(void);
/* 1 if o is a container that is, or may later become, tracked: anything
 * a tuple or dict holding it must stay tracked for (CPython's
 * _PyObject_GC_MAY_BE_TRACKED: every container but untracked tuples). */
OHI_FUNC int ohi_gc_may_be_tracked(const oh_object *o);
/* Report an error a finalizer or callback left (or returned), as
 * Python's unraisable hook does, and clear it.  `what` names the kind
 * of code ("finalizer of", "weakref callback for"), o its object. */
OHI_FUNC void ohi_gc_write_unraisable(const char *what, const oh_object *o);
/* OH_DEBUG >= 3: walk every list and check G1, C1-C3; abort on a
 * violation. */
OHI_FUNC void ohi_gc_check_lists(void);
/* Set (or, with NULL, remove) the collector's one observer; a second
 * observer replaces the first.  Not while a collection runs. */
OHI_FUNC void ohi_gc_set_observer(ohi_gc_observer fn, void *arg);
/* ohi_gc_traverse's debug-mode path (C10). */
OHI_FUNC int ohi_gc_traverse_checked(oh_object *o, oh_visitproc visit,
                                     void *arg, const char *call);

/* ==========================================================================
 * weakref.c: weak references, weak containers, finalize
 * ========================================================================== */

/* A weak reference (invariants WK1-WK5 in weakref.c). */
typedef struct ohi_weakref {
    oh_object ob_base;
    oh_object *object;                  /* referent (borrowed), NULL once
                                           cleared */
    oh_weakref_callback callback;       /* or NULL */
    oh_object *data;                    /* passed to callback; owned */
    oh_object *owner;                   /* weak container or finalize
                                           object this serves (borrowed;
                                           the owner clears it) */
    oh_hash_t hash;                     /* -1 until hashed */
    struct ohi_weakref *wr_prev;        /* the referent's weak list */
    struct ohi_weakref *wr_next;
} ohi_weakref;

typedef struct ohi_weakref_state {
    oh_object *finalizers;              /* live finalize objects (a list
                                           through their own links; each
                                           holds one reference for it) */
    int64_t nfinalizers;
} ohi_weakref_state;

/* The weak list head of o, or NULL if o's type has none. */
OHI_INLINE ohi_weakref **
ohi_weaklist_of(oh_object *o)
{
    const oh_type *t = o->type;
    if (!(t->flags & OH_TYPE_WEAKREFABLE))
        return NULL;
    return (ohi_weakref **)(void *)((char *)o + t->weaklistoffset);
}

/* Clear a weak reference without calling its callback (gc.c, for weak
 * references that are garbage themselves).  No-op if already clear. */
OHI_FUNC void ohi_weakref_clear_ref(ohi_weakref *wr);
/* Run a cleared reference's callback once (it is taken out first), with
 * the error indicator clear; whatever it leaves is reported as
 * unraisable. */
OHI_FUNC void ohi_weakref_run_callback(ohi_weakref *wr);

#define OHI_WEAKREF_CHECK(o) ((o)->type == &oh_weakref_type)

/* ==========================================================================
 * inspect.c: reports
 * ========================================================================== */

/* Arrange for oh_shutdown's leak report to run at exit (runtime.c calls it
 * at start-up when OBJHEAP_REPORT is set), unless the program calls
 * oh_shutdown itself first. */
OHI_FUNC void ohi_inspect_report_at_exit(void);

/* refgraph.c, for the leak report: the census's first max_rows types, each
 * with the shortest chain from a root to one of its objects, then up to
 * max_roots roots (those that hold the most bytes first), with their
 * allocation tracebacks when tracing.  Every line starts "objheap: ".  0,
 * or -1 with MemoryError before anything is written. */
OHI_FUNC int ohi_refgraph_print_holders(FILE *out, const oh_census *c,
                                        size_t max_rows, size_t max_roots);
/* refgraph.c: a new, empty list for an inspection call's answer, of
 * ohi_list_result_type, so that censuses, chains and graphs leave it out.
 * New reference; NULL with MemoryError. */
OHI_FUNC oh_object *ohi_result_list_new(void);
/* Is o one of those lists? */
#define OHI_IS_RESULT_LIST(o) ((o)->type == &ohi_list_result_type)

/* ==========================================================================
 * runtime.c: the one struct that holds all mutable state
 * ========================================================================== */

/* Who is inside a runtime (oh_runtime_enter), for the messages that name
 * threads: the kernel's thread id (its name is read from the kernel when
 * a message is written). */
typedef struct ohi_thread_tag {
    pid_t tid;                  /* 0: nobody */
} ohi_thread_tag;

typedef struct ohi_runtime {
    ohi_alloc_state alloc;      /* the heap of its objects: first, its
                                   hot fields */
    ohi_err_state err;
    ohi_object_state obj;
    ohi_gc_state gc;
    ohi_weakref_state weakref;
    ohi_int_state ints;         /* intconv.c: the digit limit */
    struct py_interp *py;       /* the Python interpreter, once started
                                   (src/py/py.h); NULL before */
    ohi_unraisable_hook unraisable;     /* error.c; NULL: plain report */
    bool shutdown_done;         /* inspect.c: oh_shutdown has run, so the
                                   at-exit report does not run again */
    /* runtime.c: runtimes and threads (RT1-RT4 there). */
    uint32_t magic;             /* OHI_RUNTIME_MAGIC while it may be used */
    uintptr_t owner;            /* the token of the thread inside it
                                   (entered), or 0; atomics (RT2) */
    ohi_thread_tag owner_tag;   /* its tag, for messages */
    struct ohi_runtime *prev;   /* the owner's current runtime before it
                                   entered this one */
    struct ohi_runtime *next_free;      /* on the list of destroyed
                                   runtimes kept for reuse (RT4) */
} ohi_runtime;

#define OHI_RUNTIME_MAGIC 0x6f687274u           /* "ohrt" */

/* The main runtime: static, all-zero at start, never destroyed; the
 * current runtime of every thread that has not entered another. */
OHI_FUNC extern ohi_runtime ohi_runtime_main;

/* The calling thread's current runtime (RT1 in runtime.c).  All state is
 * reached through OHI_RT.  initial-exec, as the allocator's thread_heap:
 * one load at a fixed offset from the thread pointer, in the shared
 * library too; the cost is measured in docs/OBJECTS.md ("Runtimes per
 * thread"). */
OHI_FUNC extern __thread ohi_runtime *ohi_runtime_current
    __attribute__((tls_model("initial-exec")));
#define OHI_RT (ohi_runtime_current)

/* The runtime of the heap a (a runtime's, not a thread's). */
#define OHI_RUNTIME_OF_HEAP(a) \
    ((ohi_runtime *)(void *)((char *)(a) - offsetof(ohi_runtime, alloc)))

/* OH_DEBUG >= 1: abort, naming both threads, when the calling thread is
 * not the one inside its current runtime, or when o belongs to another
 * runtime than the current one (RT2, RT3).  `op` names the public
 * operation.  Static objects (immortals, static types) belong to no
 * runtime and pass. */
OHI_FUNC void ohi_runtime_check_object(const oh_object *o, const char *op);
#if OH_DEBUG >= 1
#  define OHI_RT_CHECK(o, op) ohi_runtime_check_object((o), (op))
#else
#  define OHI_RT_CHECK(o, op) ((void)0)
#endif

/* ==========================================================================
 * object.c: fast paths inlined into every type's file (after the runtime,
 * which they reach through OHI_RT)
 * ========================================================================== */

/* A new object of `type` with nitems items and `extra` bytes past them
 * (the interpreter's inline attribute values, TY7 in src/py/typeobject.c);
 * fields after the header are not set. */
OHI_INLINE oh_object *
ohi_object_alloc_extra(const oh_type *type, size_t nitems, size_t extra)
{
    size_t pre = OHI_GC_SIZE(type);
    size_t size = type->basicsize + pre + extra;
    if (nitems != 0) {
        if (nitems > (SIZE_MAX / 2 - size) / type->itemsize)
            return ohi_object_alloc_failed();
        size += nitems * type->itemsize;
    }
    char *mem = ohi_alloc_malloc(size, pre ? OHI_FAMILY_GC : OHI_FAMILY_OBJ);
    if (OH_UNLIKELY(mem == NULL))
        return ohi_object_alloc_failed();
    if (pre != 0) {
        ohi_gc_head *g = (ohi_gc_head *)(void *)mem;
        g->next = 0;
        g->prev = 0;
        OHI_RT->gc.gens[0].count++;     /* gc.c: allocations minus frees */
    }
    oh_object *o = (oh_object *)(void *)(mem + pre);
    o->refcnt = 1;
    o->type = type;
    return o;
}

OHI_INLINE oh_object *
ohi_object_alloc(const oh_type *type, size_t nitems)
{
    return ohi_object_alloc_extra(type, nitems, 0);
}

/* Track o (G1): link it at the end of generation 0.  o must be an
 * untracked container that its traverse can already walk (every field
 * NULL or valid).  Never collects. */
OHI_INLINE void
ohi_gc_track(oh_object *o)
{
    OHI_RT_CHECK(o, "ohi_gc_track");   /* RT2, RT3 */
    ohi_gc_state *gc = &OHI_RT->gc;
    if (OH_UNLIKELY(!gc->initialized))
        ohi_gc_init();
    ohi_gc_head *g = OHI_AS_GC(o);
    ohi_gc_head *head = &gc->gens[0].head;
    ohi_gc_head *last = (ohi_gc_head *)head->prev;
    OH_ASSERT(g->next == 0 && (g->prev & ~OHI_GC_FLAGS) == 0     /* G1 */
              && last->next == (uintptr_t)head);                /* C2 */
    g->prev = (g->prev & OHI_GC_FINALIZED) | (uintptr_t)last;
    g->next = (uintptr_t)head;
    last->next = (uintptr_t)g;
    head->prev = (uintptr_t)g;
}

/* Untrack o if it is tracked.  Valid whenever program code can run (C4:
 * the list o is on is doubly linked then). */
OHI_INLINE void
ohi_gc_untrack(oh_object *o)
{
    ohi_gc_head *g = OHI_AS_GC(o);
    if (g->next == 0)
        return;
    ohi_gc_head *prev = (ohi_gc_head *)(g->prev & ~OHI_GC_FLAGS);
    ohi_gc_head *next = (ohi_gc_head *)g->next;
    /* Its neighbours point back at it: no collection is between
     * update_refs and move_unreachable, when prev holds a count (C4). */
    OH_ASSERT(prev->next == (uintptr_t)g
              && (next->prev & ~OHI_GC_FLAGS) == (uintptr_t)g);
    prev->next = (uintptr_t)next;
    next->prev = (next->prev & OHI_GC_FLAGS) | (uintptr_t)prev;
    g->next = 0;
    g->prev &= OHI_GC_FINALIZED;
}

OHI_INLINE bool
ohi_gc_is_tracked(const oh_object *o)
{
    return ((const ohi_gc_head *)(const void *)o - 1)->next != 0;
}

/* Mark a dead object whose memory a free list keeps: type poisoned to
 * ohi_freed_type, remembered in debug mode (the tuple and float free
 * lists).  Inline: a float's death is a few instructions. */
OHI_INLINE void
ohi_object_mark_dead(oh_object *o)
{
    if (OH_UNLIKELY(OHI_CHECKS_ON()))
        ohi_object_remember_freed(o, o->type);
    o->type = &ohi_freed_type;
}

/* float.c's free list, shared with the interpreter's float arithmetic.
 * A dead float keeps its block on the list with its type poisoned and
 * the next one's address in its value word (float.c). */
OHI_INLINE oh_object *
ohi_float_next_free(oh_object *o)
{
    oh_object *next;
    __builtin_memcpy(&next, &((ohi_float *)(void *)o)->value, sizeof next);
    return next;
}

OHI_INLINE void
ohi_float_set_next_free(oh_object *o, oh_object *next)
{
    __builtin_memcpy(&((ohi_float *)(void *)o)->value, &next, sizeof next);
}

/* Put dead float o on the list; the caller checked there is room. */
OHI_FUNC OHI_NOINLINE void ohi_float_free_push_checked(oh_object *o);

OHI_INLINE void
ohi_float_free_push(oh_object *o)
{
    /* Debug mode's remembering is a call of its own, so that the fast
     * path keeps nothing (the runtime's address) across a call, which
     * would cost it a stack frame. */
    if (OH_UNLIKELY(OHI_CHECKS_ON())) {
        ohi_float_free_push_checked(o);
        return;
    }
    o->type = &ohi_freed_type;
    ohi_object_state *st = &OHI_RT->obj;
    ohi_float_set_next_free(o, st->float_free);
    st->float_free = o;
    st->float_nfree++;
}

/* A float from the list, alive again (count 1, value unset), or NULL
 * when the list is empty. */
OHI_INLINE oh_object *
ohi_float_free_pop(void)
{
    ohi_object_state *st = &OHI_RT->obj;
    oh_object *o = st->float_free;
    if (o == NULL)
        return NULL;
    st->float_free = ohi_float_next_free(o);
    st->float_nfree--;
    o->refcnt = 1;
    o->type = &oh_float_type;
    return o;
}

/* o, an exact float whose count just reached 0: onto the free list when
 * it has room (and no debug checks want to see the free), else the
 * ordinary dealloc. */
OHI_INLINE void
ohi_float_dealloc_fast(oh_object *o)
{
    if (OH_LIKELY(OHI_RT->obj.float_nfree < OHI_FLOAT_MAXFREELIST
                  && !OHI_CHECKS_ON()))
        ohi_float_free_push(o);
    else
        oh_object_dealloc_(o);
}

/* A new float of value v, from the free list when it has one. */
OHI_INLINE oh_object *
ohi_float_new_fast(double v)
{
    oh_object *o = ohi_float_free_pop();
    if (OH_UNLIKELY(o == NULL))
        return oh_float_from_double(v);
    OHI_FLOAT_VALUE(o) = v;
    return o;
}

/* Run o's traverse with `visit`: how the library calls every traverse.
 * Visitors skip NULL children themselves (C9); in debug mode each child
 * is first checked to be an object objheap can know, else the process
 * aborts naming o, its type, the child and `call`, the public work that
 * traversed (C10).  Outside debug mode this is the bare call. */
OHI_INLINE int
ohi_gc_traverse(oh_object *o, oh_visitproc visit, void *arg,
                const char *call)
{
    if (OH_LIKELY(!OHI_CHECKS_ON()))
        return o->type->traverse(o, visit, arg);
    return ohi_gc_traverse_checked(o, visit, arg, call);
}

/* A safe point (gc.c, C7): the end of a container constructor, where the
 * new object is complete and the constructor holds no other state.  Runs
 * the automatic collection that allocations have made due. */
OHI_INLINE void
ohi_gc_safe_point(void)
{
    ohi_gc_state *gc = &OHI_RT->gc;
    if (OH_UNLIKELY(gc->gens[0].count > gc->auto_limit))
        ohi_gc_collect_auto();
}

OHI_INLINE bool
ohi_trashcan_begin(oh_object *o)
{
    ohi_object_state *s = &OHI_RT->obj;
    if (OH_UNLIKELY(s->trash_depth >= OHI_TRASHCAN_DEPTH)
        && o != s->trash_nested) {
        OHI_AS_GC(o)->next = (uintptr_t)s->trash_later;
        s->trash_later = o;
        return false;
    }
    s->trash_depth++;
    return true;
}

OHI_INLINE void
ohi_trashcan_end(void)
{
    ohi_object_state *s = &OHI_RT->obj;
    if (--s->trash_depth == 0 && OH_UNLIKELY(s->trash_later != NULL))
        ohi_trashcan_drain();
}

#endif /* OBJHEAP_INTERNAL_H */
