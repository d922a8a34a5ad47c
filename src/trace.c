/*
 * trace.c -- allocation tracing (tracemalloc for C): traces, tracebacks,
 * snapshots, statistics, filters, and the symbolizer.
 *
 * What this file owns
 * -------------------
 * While tracing, the allocator calls in here around every allocation,
 * reallocation and free that passes through its slow path (tracing sets
 * OHI_SLOW_HOOK, so with tracing off the fast paths pay nothing):
 *
 *   oh_malloc ... malloc_slow --> ohi_trace_prepare()   capture + intern the
 *     (general case)                                     stack, room for 1
 *                             --> (allocate)
 *                             --> ohi_trace_insert()     cannot fail
 *   oh_malloc ... malloc_slow --> (pop a block)
 *     (small, only tracing)   --> ohi_trace_add()        capture and record
 *                                                        in one call
 *   oh_free ..... free_slow ----> ohi_trace_remove()
 *
 * Either way the promise "an allocation whose trace cannot be recorded
 * fails" is kept: prepare does every step that can run out of memory
 * before the block exists; add, when it fails, has recorded nothing, and
 * the allocator puts the block straight back in its pool.  The second way
 * is the one nearly every traced allocation takes, and is built to cost
 * as few instructions as possible: one call into this file, nothing kept
 * in registers across a call on its common path.
 *
 * Data structures (all in C-library memory or, when large, mapped
 * directly; never objheap's pools, so the tracer cannot recurse into
 * itself)
 * -----------------------------------------------------------------------
 * A trace (a live block's size and traceback) is kept in one of two
 * places.  A block from one of objheap's pools that ohi_trace_add records
 * goes in the side tables: found from its address in a few dependent
 * loads, 8 bytes per block position, next to the entries of its pool's
 * other blocks (see "side tables" below for the layout).  Every other
 * trace (large and huge blocks, debug-mode blocks, reallocations, blocks
 * whose side entry could not be made) goes in the trace table, keyed by
 * address; a look-up tries the side tables first, for a pointer in a
 * pool, then the table.
 *
 *   traces: open addressing, linear probing, backward-shift deletion
 *   +--------+--------+--------+--------+
 *   | ptr    | ptr    |   0    | ptr    |  ...   load <= 1/2
 *   | size   | size   |        | size   |
 *   | tb  ---+-+      |        | tb     |
 *   +--------+-|------+--------+--------+
 *              |  from 2 MiB up, on huge pages (table_alloc)
 *              |
 *   side tables (pool blocks): root -> leaf -> arena -> side_pool
 *   +--------------------------------------+
 *   | tb index | size | offset in pool    |  one per block position
 *   +----|---------------------------------+
 *        v     (tb_list: the tbs by index)
 *   tbs: interned raw tracebacks (hash set keyed by their frames)
 *   +---------------------------------------------+
 *   | hash | nframes | total | index | pc0 ...    |
 *   +---------------------------------------------+
 *        ^
 *   pc_cache (limit 1): 64 slots, caller's return address -> its tb
 *
 * Why two places: every malloc and free while tracing does a look-up, at
 * a place only the block's address tells.  A hash table puts each at a
 * random place in a table that, with millions of traces, is far larger
 * than the caches (24 bytes a trace at load 1/4 to 1/2, rehashed as it
 * doubles): a cache miss on nearly every free, and the table's pages
 * faulted in twice over.  The side tables cost 8 bytes per block position
 * of the pools that have traced blocks, grow with the heap a pool at a
 * time, and keep the entries of neighbouring blocks together; the
 * fragmentation benchmark (2 million 64-byte blocks) went from 2.5-3.3x
 * to 1.7-1.8x its untraced time with them, the churn benchmark from
 * 2.6-2.8x to 1.8-2.1x (docs/BENCHMARKS.md).
 *
 * Capture: whose frames, found how
 * --------------------------------
 * A traceback starts at the first frame of the caller's code.  objheap's
 * own frames below it are told apart by address: src/objheap_text.ld
 * gathers all of the library's code into one section of one object
 * (objheap.o, from which libobjheap.a and libobjheap.so are made) with
 * the symbols ohi_text_start and ohi_text_end at its ends.  A linker never
 * splits an input section, so in whatever program or shared library the
 * object ends up, [ohi_text_start, ohi_text_end) is objheap's code and
 * nothing else.  Inline functions from the public header compile into the
 * caller's code, so they count as the caller's, as they should.
 *
 *  - At limit 1 (the common case, and the one the benchmark measures) the
 *    capture follows frame pointers: the library is compiled with them
 *    (Makefile: LIB_CFLAGS), so every objheap function that is on the
 *    stack below the hook has a frame record {saved frame pointer, return
 *    address}.  Starting at a record of objheap's (the hook's own, or for
 *    ohi_trace_add the allocator function's that calls it), it steps up
 *    while the return address is objheap's; the first one that is not is
 *    the caller's.  The caller's record is never read: its code may have
 *    been compiled without frame pointers.  Each record is checked anyway
 *    (further up the stack, less than 256 KiB away, 16-byte aligned, at
 *    most OHI_TRACE_MARGIN of them); a record that fails sends the capture
 *    to the unwinder.  When tracing starts, a probe (two calls deep)
 *    checks that this build does keep records; if not, limit 1 uses the
 *    unwinder too.  The return address is then looked up in pc_cache
 *    before interning, so an allocation from a known call site costs
 *    about twenty instructions in all.
 *  - Above limit 1, or where the walk is not possible, the unwinder
 *    captures limit + OHI_TRACE_MARGIN frames (OHI_TRACE_MARGIN covers
 *    objheap's deepest internal chain); the leading ones in objheap's
 *    range are dropped and at most `limit` of the caller's kept.  `total`
 *    counts what the capture saw from the first kept frame, which is what
 *    a traceback reports as total_nframe (at limit 1, one).
 *  - Where the range is unknown (a build that compiles the sources without
 *    the script: tests/fuzz), capture keeps every raw frame as before, and
 *    which are objheap's is decided at report time by the symbolizer: a
 *    frame is objheap's own when its compile unit is one of the library's
 *    sources (same module and compile directory as this file, and a name
 *    under the same directory, "src/").
 *
 * Frame sources
 * -------------
 * A language running on objheap has its own call stack, and its users
 * want its lines, not the interpreter's C functions: tracemalloc for
 * Python reports "x.py:12".  Such a language installs a frame source
 * (ohi_trace_set_frame_source: two callbacks, internal.h).  While one is
 * installed, every capture asks it instead of walking the native stack
 * (the frame-pointer walk and its cache are off: capture_setup), and it
 * answers with opaque words, one per frame, innermost first -- the Python
 * interpreter packs a file number and a line into each.  The words are
 * interned as a raw traceback like return addresses, with SOURCE_BIT set
 * in `total`, so they never compare equal to a native traceback, and
 * resolve() hands them back to the source for file, line and function
 * instead of to the symbolizer.  Removing the source changes only later
 * captures.
 *
 * The symbolizer (libdw, elfutils' DWARF library) is made on first need and
 * caches every address it resolves.
 *
 * Why libunwind for the unwinder, and libdw for symbols: both read the
 * DWARF call-frame and debug information, so neither needs frame pointers
 * in the program's code.  libunwind's unw_backtrace caches what it learns
 * about each return address, and walks a stack in 24 ns for one frame and
 * 54 ns for sixteen; glibc's backtrace() goes through libgcc's unwinder,
 * which re-reads the DWARF for every frame: about 1 us per capture here,
 * which made tracing 25 to 250 times slower than not tracing
 * (docs/BENCHMARKS.md).  Even libunwind's 50 ns is several times a 6 ns
 * malloc/free pair, hence the frame-pointer walk at limit 1 (about 20
 * instructions).  libunwind is loaded with dlopen(RTLD_LOCAL) when tracing
 * starts, never linked: it exports _Unwind_RaiseException and friends,
 * which must not replace libgcc's in a program that throws C++ exceptions.
 * Without it (libunwind8 not installed) the unwinder is backtrace().  libdw
 * gives function, file and line for the executable and every shared
 * library, with no external program; it too is loaded with dlopen, on the
 * first report, so that a program that never traces does not carry it and
 * its compression libraries (about 450 KB resident, measured in
 * objheap-python).  Without libdw1, frames are reported as "??" (and, where
 * the code range is unknown, objheap's own frames are not told apart).
 *
 * Invariants
 * ----------
 * T1. Every traced block has exactly one entry, in `traces` or in the
 *     side tables, and every entry is a live block allocated while
 *     tracing.  A side entry is at the position its block's address and
 *     pool class give, and holds that address's offset in the pool.
 * T2. current == sum of the entries' sizes; peak >= current.
 * T3. Every entry's tb is in `tbs`, and tb_list[tb->index] == tb; tbs
 *     only grows until the traces are cleared, when all the tables are
 *     emptied together.
 * T4. traces_len (the entries in `traces`) * 2 <= traces_cap after every
 *     insert (prepare and add grow the table first), so an insert always
 *     finds a free slot.
 * T5. Every pc_cache slot in use holds a return address and the tb that
 *     tb_intern gives for it as a one-frame traceback; every side_last
 *     pair names a pool and its side_pool, of that class.  Both are
 *     emptied with the tables.
 * T6. A raw traceback's `total` has SOURCE_BIT iff its frames are the
 *     words of a frame source; tb_intern compares `total`, so the two
 *     kinds never share an entry.
 */
#include "internal.h"

#include <dwarf.h>
#include <dlfcn.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <execinfo.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define OHI_TRACE_MARGIN 16     /* objheap's own frames, at most */
#define PC_CACHE_BITS 6         /* the capture's cache: 64 slots */
#define PC_CACHE_SLOTS (1u << PC_CACHE_BITS)
#define SNAPSHOT_MAGIC "objheap-snapshot 1"
/* In a raw traceback's `total`: its frames are a frame source's words. */
#define SOURCE_BIT 0x80000000u

/* ==========================================================================
 * Small tools: hashing, counted C-library memory, a string pool
 * ========================================================================== */

static uint64_t
hash_words(const uintptr_t *w, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (uint64_t)w[i];
        h *= 0x100000001b3ull;
        h ^= h >> 29;
    }
    return h;
}

static uint64_t
hash_str(const char *s, uint64_t h)
{
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ull;
    }
    return h;
}

static inline size_t
hash_ptr(uintptr_t p)
{
    return (size_t)(((uint64_t)p >> 4) * 0x9e3779b97f4a7c15ull >> 16);
}

/* The tracer's own memory, counted for oh_trace_get_tracemalloc_memory. */
static void *
own_calloc(ohi_trace_state *t, size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (p != NULL)
        t->own_bytes += n * size;
    return p;
}

static void
own_free(ohi_trace_state *t, void *p, size_t bytes)
{
    if (p != NULL) {
        t->own_bytes -= bytes;
        free(p);
    }
}

/* The trace table's memory: from the C library while small; from 2 MiB up,
 * mapped on huge pages (ohi_os_map_huge), because every access to it is at
 * a random place: with 4 KiB pages, 2 million traces (a 96 MiB table) cost
 * a TLB miss on nearly every malloc and free and a page fault per 4 KiB as
 * the table grows.  Zeroed either way. */
static size_t
table_bytes(size_t cap)
{
    size_t bytes = cap * sizeof(ohi_trace_entry);
    return bytes < OHI_HUGE_PAGE ? bytes
                                 : (bytes + OHI_HUGE_PAGE - 1)
                                   & ~(OHI_HUGE_PAGE - 1);
}

static ohi_trace_entry *
table_alloc(ohi_trace_state *t, size_t cap)
{
    size_t bytes = table_bytes(cap);
    if (cap > SIZE_MAX / 2 / sizeof(ohi_trace_entry))
        return NULL;
    void *p = bytes < OHI_HUGE_PAGE ? calloc(1, bytes)
                                    : ohi_os_map_huge(bytes);
    if (p != NULL)
        t->own_bytes += bytes;
    return p;
}

static void
table_free(ohi_trace_state *t, ohi_trace_entry *e, size_t cap)
{
    if (e == NULL)
        return;
    size_t bytes = table_bytes(cap);
    t->own_bytes -= bytes;
    if (bytes < OHI_HUGE_PAGE)
        free(e);
    else
        ohi_os_unmap(e, bytes);
}

/* A string pool: strings copied into chunks, freed all at once. */
typedef struct str_chunk {
    struct str_chunk *next;
    size_t used, cap;
    char data[];
} str_chunk;

static const char *
pool_strdup(str_chunk **pool, const char *s)
{
    size_t n = strlen(s) + 1;
    str_chunk *c = *pool;
    if (c == NULL || c->cap - c->used < n) {
        size_t cap = n > 4000 ? n : 4000;
        c = malloc(sizeof *c + cap);
        if (c == NULL)
            return NULL;
        c->next = *pool;
        c->used = 0;
        c->cap = cap;
        *pool = c;
    }
    char *d = c->data + c->used;
    memcpy(d, s, n);
    c->used += n;
    return d;
}

static void
pool_free(str_chunk *c)
{
    while (c != NULL) {
        str_chunk *next = c->next;
        free(c);
        c = next;
    }
}

/* ==========================================================================
 * Raw tracebacks (interned) and the trace table
 * ========================================================================== */

static ohi_raw_tb *
tb_intern(ohi_trace_state *t, const uintptr_t *pcs, size_t n, size_t total)
{
    uint64_t h = hash_words(pcs, n, 0xcbf29ce484222325ull
                                    ^ (n | (uint64_t)total << 32));
    size_t mask = t->tbs_cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        ohi_raw_tb *tb = t->tbs[i];
        if (tb == NULL)
            break;
        if (tb->hash == h && tb->nframes == n && tb->total == total
            && memcmp(tb->frames, pcs, n * sizeof *pcs) == 0)
            return tb;
    }
    /* New.  Its index must fit a side entry; and the set is grown first,
     * so that it stays at most half full. */
    if (t->tbs_len >= UINT32_MAX)
        return NULL;
    if ((t->tbs_len + 1) * 2 > t->tbs_cap) {
        size_t cap = t->tbs_cap * 2;
        ohi_raw_tb **tbs = own_calloc(t, cap, sizeof *tbs);
        if (tbs == NULL)
            return NULL;
        for (size_t j = 0; j < t->tbs_cap; j++) {
            ohi_raw_tb *tb = t->tbs[j];
            if (tb == NULL)
                continue;
            size_t k = (size_t)tb->hash & (cap - 1);
            while (tbs[k] != NULL)
                k = (k + 1) & (cap - 1);
            tbs[k] = tb;
        }
        ohi_raw_tb **list = own_calloc(t, cap / 2, sizeof *list);
        if (list == NULL) {
            own_free(t, tbs, cap * sizeof *tbs);
            return NULL;
        }
        memcpy(list, t->tb_list, t->tbs_len * sizeof *list);
        own_free(t, t->tb_list, t->tbs_cap / 2 * sizeof *t->tb_list);
        own_free(t, t->tbs, t->tbs_cap * sizeof *t->tbs);
        t->tbs = tbs;
        t->tb_list = list;
        t->tbs_cap = cap;
        mask = cap - 1;
    }
    ohi_raw_tb *tb = own_calloc(t, 1, sizeof *tb + n * sizeof *pcs);
    if (tb == NULL)
        return NULL;
    tb->hash = h;
    tb->nframes = (uint32_t)n;
    tb->total = (uint32_t)total;
    tb->index = (uint32_t)t->tbs_len;
    memcpy(tb->frames, pcs, n * sizeof *pcs);
    size_t i = (size_t)h & mask;
    while (t->tbs[i] != NULL)
        i = (i + 1) & mask;
    t->tbs[i] = tb;
    t->tb_list[t->tbs_len++] = tb;
    return tb;
}

static int
traces_grow(ohi_trace_state *t)
{
    size_t cap = t->traces_cap * 2;
    ohi_trace_entry *e = table_alloc(t, cap);
    if (e == NULL)
        return -1;
    for (size_t j = 0; j < t->traces_cap; j++) {
        ohi_trace_entry *old = &t->traces[j];
        if (old->ptr == 0)
            continue;
        size_t k = hash_ptr(old->ptr) & (cap - 1);
        while (e[k].ptr != 0)
            k = (k + 1) & (cap - 1);
        e[k] = *old;
    }
    table_free(t, t->traces, t->traces_cap);
    t->traces = e;
    t->traces_cap = cap;
    return 0;
}

static ohi_trace_entry *
trace_find(const ohi_trace_state *t, uintptr_t p)
{
    if (t->traces == NULL)
        return NULL;
    size_t mask = t->traces_cap - 1;
    for (size_t i = hash_ptr(p) & mask;; i = (i + 1) & mask) {
        if (t->traces[i].ptr == p)
            return &t->traces[i];
        if (t->traces[i].ptr == 0)
            return NULL;
    }
}

/* --- side tables: the traces of pool blocks ------------------------------
 *
 *   (with the default 1 MiB arenas and 16 KiB pools)
 *   side_root[address >> 34]  -> leaf: ohi_side_arena *[16384], one per
 *                                1 MiB arena slot (address >> 20)
 *   ohi_side_arena            -> side_pool *[64], one per 16 KiB pool
 *   side_pool                 -> class, then one 8-byte entry per block
 *                                position: entry k holds the trace of the
 *                                block whose offset in the pool, divided by
 *                                the class's block size, is k
 *
 *   entry: | tb index (32) | size (18) | offset in the pool (14) |, 0 empty
 *
 * A block's entry is found from its address and its pool's class (which
 * the allocator passes): the side_pool from a cache of the last one used
 * per class (side_last), else by three dependent loads; no hashing and no
 * probing.  It lies next to the entries of the blocks around it: the
 * blocks a pool hands out one after the other are traced in consecutive
 * words, and the whole of it takes 8 bytes per block position (half the
 * pool's size for 16-byte blocks, 1/64 of it for 512-byte ones), where
 * the trace table takes 48 to 96 bytes per trace.  The offset stored
 * in the entry makes a look-up exact: an address that is not the one
 * recorded there (a debug-mode pointer 16 bytes into its block, a pointer
 * into the middle of one) is not taken for it, and goes to the trace
 * table.  A side_pool is kept while tracing even when its pool empties,
 * and is remade for a new class only when all its entries are empty. */

#define SIDE_LEAF_BITS 14
#define SIDE_ROOT_BITS (48 - OHI_ARENA_SHIFT - SIDE_LEAF_BITS)
#define SIDE_OFF_MASK ((uint64_t)OHI_POOL_SIZE - 1)
#define SIDE_SIZE_SHIFT OHI_POOL_SHIFT
#define SIDE_SIZE_MASK (((uint64_t)1 << (32 - OHI_POOL_SHIFT)) - 1)
#define SIDE_CLASSES (OH_SMALL_MAX / 16)

_Static_assert(OHI_POOL_FIRST > 0, "a pool block's offset is never 0");
_Static_assert(OH_SMALL_MAX <= SIDE_SIZE_MASK, "sizes fit an entry");
_Static_assert(OHI_SIZE_CLASS(OH_SMALL_MAX) == SIDE_CLASSES - 1,
               "one side class per size class");

typedef struct ohi_side_pool {
    uint32_t cls;               /* the pool's size class */
    uint32_t n;                 /* entries: see side_make */
    uint64_t e[];
} side_pool;

struct ohi_side_arena {
    side_pool *pools[OHI_POOLS_PER_ARENA];
};

/* ceil(2^32 / block size) of each class: an offset times it, shifted
 * right by 32, is the offset divided by the block size, exactly (offsets
 * are below 2^14, block sizes below 2^18). */
#define RECIP(c) ((uint32_t)((((uint64_t)1 << 32) + OHI_CLASS_SIZE(c) - 1) \
                             / OHI_CLASS_SIZE(c)))
#define RECIP4(c) RECIP(c), RECIP((c) + 1), RECIP((c) + 2), RECIP((c) + 3)
static const uint32_t side_recip[SIDE_CLASSES] = {
    RECIP4(0), RECIP4(4), RECIP4(8), RECIP4(12),
    RECIP4(16), RECIP4(20), RECIP4(24), RECIP4(28),
};
_Static_assert(SIDE_CLASSES == 32, "side_recip lists 32 classes");

static inline uint64_t
side_entry(const ohi_raw_tb *tb, size_t n, uintptr_t p)
{
    return (uint64_t)tb->index << 32 | (uint64_t)n << SIDE_SIZE_SHIFT
           | ((uint64_t)p & SIDE_OFF_MASK);
}

static inline size_t
side_entry_size(uint64_t e)
{
    return (size_t)(e >> SIDE_SIZE_SHIFT & SIDE_SIZE_MASK);
}

static inline ohi_raw_tb *
side_entry_tb(const ohi_trace_state *t, uint64_t e)
{
    return t->tb_list[e >> 32];
}

/* The side_pool of p's pool, or NULL.  p must be in one of objheap's
 * arenas (so within the 48 bits the root covers). */
static inline side_pool *
side_pool_walk(const ohi_trace_state *t, uintptr_t p)
{
    uintptr_t slot = p >> OHI_ARENA_SHIFT;
    ohi_side_arena **leaf = t->side_root[slot >> SIDE_LEAF_BITS];
    if (OH_UNLIKELY(leaf == NULL))
        return NULL;
    ohi_side_arena *sa = leaf[slot & (((uintptr_t)1 << SIDE_LEAF_BITS) - 1)];
    if (OH_UNLIKELY(sa == NULL))
        return NULL;
    return sa->pools[(p >> OHI_POOL_SHIFT) & (OHI_POOLS_PER_ARENA - 1)];
}

/* The same for a block of class cls, through a cache of one pool per
 * class: consecutive allocations (and frees) of a class are mostly in the
 * same pool. */
static inline side_pool *
side_pool_of(ohi_trace_state *t, uintptr_t p, unsigned cls)
{
    uintptr_t base = p & ~(uintptr_t)SIDE_OFF_MASK;
    if (OH_LIKELY(base == t->side_last[cls]))
        return t->side_last_pool[cls];
    side_pool *sp = side_pool_walk(t, p);
    if (sp != NULL) {
        t->side_last[cls] = base;
        t->side_last_pool[cls] = sp;
    }
    return sp;
}

/* Forget the cache's pools (sp, or all when sp is NULL). */
static void
side_cache_drop(ohi_trace_state *t, const side_pool *sp)
{
    for (size_t c = 0; c < SIDE_CLASSES; c++)
        if (sp == NULL || t->side_last_pool[c] == sp) {
            t->side_last[c] = 0;
            t->side_last_pool[c] = NULL;
        }
}

/* The entry position for p, a block of class cls in sp (p's side_pool, or
 * NULL when it has none yet), or NULL. */
static inline uint64_t *
side_slot(side_pool *sp, uintptr_t p, unsigned cls)
{
    if (OH_UNLIKELY(sp == NULL || sp->cls != cls))
        return NULL;
    return &sp->e[((p & SIDE_OFF_MASK) * side_recip[cls]) >> 32];
}

static size_t
side_pool_bytes(uint32_t n)
{
    return sizeof(side_pool) + n * sizeof(uint64_t);
}

/* side_find, making what is missing; NULL when out of memory, or when p's
 * side_pool still holds entries of another class. */
static uint64_t *
side_make(ohi_trace_state *t, uintptr_t p, unsigned cls)
{
    uintptr_t slot = p >> OHI_ARENA_SHIFT;
    if (slot >> (SIDE_ROOT_BITS + SIDE_LEAF_BITS))
        return NULL;
    ohi_side_arena ***leafp = &t->side_root[slot >> SIDE_LEAF_BITS];
    if (*leafp == NULL
        && (*leafp = own_calloc(t, (size_t)1 << SIDE_LEAF_BITS,
                                sizeof **leafp)) == NULL)
        return NULL;
    ohi_side_arena **sap =
        &(*leafp)[slot & (((uintptr_t)1 << SIDE_LEAF_BITS) - 1)];
    if (*sap == NULL && (*sap = own_calloc(t, 1, sizeof **sap)) == NULL)
        return NULL;
    side_pool **spp = &(*sap)->pools[(p >> OHI_POOL_SHIFT)
                                     & (OHI_POOLS_PER_ARENA - 1)];
    side_pool *sp = *spp;
    if (sp != NULL && sp->cls != cls) {
        for (uint32_t k = 0; k < sp->n; k++)
            if (sp->e[k] != 0)
                return NULL;    /* not yet all gone: the table takes p */
        side_cache_drop(t, sp);
        own_free(t, sp, side_pool_bytes(sp->n));
        *spp = sp = NULL;
    }
    if (sp == NULL) {
        /* One entry per offset / block size of every 16-aligned offset
         * a block can start at: a pool's last block may start as late as
         * 16 bytes before its end (P5). */
        uint32_t n = (uint32_t)((OHI_POOL_SIZE - OH_ALIGNMENT)
                                / OHI_CLASS_SIZE(cls) + 1);
        if ((sp = own_calloc(t, 1, side_pool_bytes(n))) == NULL)
            return NULL;
        sp->cls = cls;
        sp->n = n;
        *spp = sp;
    }
    return side_slot(sp, p, cls);
}

/* The first side arena at or after position *pos (a leaf index counted
 * across the whole root, in address order), with *pos moved past it; NULL
 * when there is none.  The one walk over the tree, for side_walk and
 * side_free. */
static ohi_side_arena *
side_arena_next(const ohi_trace_state *t, size_t *pos)
{
    const size_t leaf_mask = ((size_t)1 << SIDE_LEAF_BITS) - 1;
    const size_t end = (size_t)1 << (SIDE_ROOT_BITS + SIDE_LEAF_BITS);
    while (*pos < end) {
        ohi_side_arena **leaf = t->side_root[*pos >> SIDE_LEAF_BITS];
        if (leaf == NULL) {
            *pos = (*pos | leaf_mask) + 1;      /* the next leaf */
            continue;
        }
        ohi_side_arena *sa = leaf[(*pos)++ & leaf_mask];
        if (sa != NULL)
            return sa;
    }
    return NULL;
}

/* Call fn on every side entry in use. */
static int
side_walk(const ohi_trace_state *t, int (*fn)(void *, uint64_t), void *arg)
{
    if (t->side_root == NULL)
        return 0;
    size_t pos = 0;
    for (ohi_side_arena *sa; (sa = side_arena_next(t, &pos)) != NULL;) {
        for (size_t i = 0; i < OHI_POOLS_PER_ARENA; i++) {
            side_pool *sp = sa->pools[i];
            for (uint32_t k = 0; sp != NULL && k < sp->n; k++)
                if (sp->e[k] != 0 && fn(arg, sp->e[k]) < 0)
                    return -1;
        }
    }
    return 0;
}

static void
side_free(ohi_trace_state *t)
{
    if (t->side_root == NULL)
        return;
    size_t pos = 0;
    for (ohi_side_arena *sa; (sa = side_arena_next(t, &pos)) != NULL;) {
        for (size_t i = 0; i < OHI_POOLS_PER_ARENA; i++)
            if (sa->pools[i] != NULL)
                own_free(t, sa->pools[i], side_pool_bytes(sa->pools[i]->n));
        own_free(t, sa, sizeof *sa);
    }
    for (size_t r = 0; r < (size_t)1 << SIDE_ROOT_BITS; r++)
        if (t->side_root[r] != NULL)
            own_free(t, t->side_root[r],
                     ((size_t)1 << SIDE_LEAF_BITS) * sizeof *t->side_root[r]);
    own_free(t, t->side_root,
             ((size_t)1 << SIDE_ROOT_BITS) * sizeof *t->side_root);
    t->side_root = NULL;
    side_cache_drop(t, NULL);
}

static void
tables_free(ohi_trace_state *t)
{
    for (size_t i = 0; t->tbs != NULL && i < t->tbs_cap; i++)
        if (t->tbs[i] != NULL)
            own_free(t, t->tbs[i], sizeof *t->tbs[i]
                                   + t->tbs[i]->nframes
                                     * sizeof t->tbs[i]->frames[0]);
    side_free(t);
    own_free(t, t->tbs, t->tbs_cap * sizeof *t->tbs);
    own_free(t, t->tb_list, t->tbs_cap / 2 * sizeof *t->tb_list);
    table_free(t, t->traces, t->traces_cap);
    own_free(t, t->pc_cache, PC_CACHE_SLOTS * sizeof *t->pc_cache);
    t->tbs = NULL;
    t->tb_list = NULL;
    t->traces = NULL;
    t->pc_cache = NULL;
    t->tbs_cap = t->tbs_len = t->traces_cap = t->traces_len = 0;
    t->current = t->peak = 0;
}

static int
tables_make(ohi_trace_state *t)
{
    t->traces_cap = 1024;
    t->tbs_cap = 256;
    t->traces = table_alloc(t, t->traces_cap);
    t->tbs = own_calloc(t, t->tbs_cap, sizeof *t->tbs);
    t->tb_list = own_calloc(t, t->tbs_cap / 2, sizeof *t->tb_list);
    t->pc_cache = own_calloc(t, PC_CACHE_SLOTS, sizeof *t->pc_cache);
    t->side_root = own_calloc(t, (size_t)1 << SIDE_ROOT_BITS,
                              sizeof *t->side_root);
    if (t->traces == NULL || t->tbs == NULL || t->tb_list == NULL
        || t->pc_cache == NULL || t->side_root == NULL) {
        tables_free(t);
        return -1;
    }
    return 0;
}

/* ==========================================================================
 * Capture
 * ========================================================================== */

/* The bounds of objheap's own code, which src/objheap_text.ld gathers into
 * one section of the library's object.  Weak, so that a build that
 * compiled the sources without the script (tests/fuzz) still links; there
 * both are null and the range is unknown. */
extern const char ohi_text_start[] __attribute__((weak));
extern const char ohi_text_end[] __attribute__((weak));

/* Is pc in objheap's code?  Never, when the range is unknown (0, 0). */
static inline bool
in_text(const ohi_trace_state *t, uintptr_t pc)
{
    return pc - t->text_lo < t->text_hi - t->text_lo;
}

/* pc's slot in the capture's cache. */
static inline size_t
pc_slot(uintptr_t pc)
{
    return (size_t)((pc * 0x9e3779b97f4a7c15ull) >> (64 - PC_CACHE_BITS));
}

#if defined(__x86_64__) || defined(__aarch64__)
/* Both keep a frame record {saved frame pointer, return address} where the
 * frame pointer points, in every function compiled with frame pointers
 * that calls another (Makefile: LIB_CFLAGS). */
#  define FP_WALK 1
#else
#  define FP_WALK 0
#endif

#define FRAME_MAX ((uintptr_t)1 << 18)  /* no frame of ours is larger */
/* What fp_caller returns when it fails: never a return address, and never
 * in pc_cache (whose empty slots hold 0). */
#define WALK_FAILED ((uintptr_t)1)

/* Is `up` a believable frame record above the one at fp (16-byte
 * aligned)?  At least one record further up the stack, not far, and
 * aligned as both ABIs keep it: d - 16 is below FRAME_MAX and a multiple
 * of 16, tested at once by rotating its low four bits to the top. */
static inline bool
fp_record_ok(const uintptr_t *fp, const uintptr_t *up)
{
    uintptr_t d = (uintptr_t)up - (uintptr_t)fp - 16;
    uintptr_t r = d >> 4 | d << (sizeof d * 8 - 4);
    return r < FRAME_MAX >> 4;
}

/* The return address into the caller's code: from the frame record at fp
 * (a function of objheap's), follow saved frame pointers while the return
 * address is objheap's own, so every record read belongs to a function
 * compiled with frame pointers; the first return address outside is the
 * caller's, and its frame record is never read (its code may keep none).
 * WALK_FAILED when a record looks wrong or the chain is too long. */
static inline uintptr_t
fp_caller(const ohi_trace_state *t, const uintptr_t *fp)
{
    for (int depth = 0; depth < OHI_TRACE_MARGIN; depth++) {
        uintptr_t ret = fp[1];
        if (!in_text(t, ret))
            return ret;
        const uintptr_t *up = (const uintptr_t *)fp[0];
        if (!fp_record_ok(fp, up))
            return WALK_FAILED;
        fp = up;
    }
    return WALK_FAILED;
}

/* A check, when tracing starts, that this build keeps frame records:
 * probe_inner must find, one record up, the return address that
 * probe_outer's caller is owed.  A library compiled without frame pointers
 * fails it (or passes it by chance, and then fp_caller's checks remain). */
static OHI_NOINLINE bool
probe_inner(uintptr_t expect)
{
    const uintptr_t *fp = __builtin_frame_address(0);
    const uintptr_t *up = (const uintptr_t *)fp[0];
    return fp_record_ok(fp, up) && up[1] == expect;
}

static OHI_NOINLINE bool
probe_outer(void)
{
    bool ok = probe_inner((uintptr_t)__builtin_return_address(0));
    __asm__ volatile("" ::: "memory");  /* a call, not a jump */
    return ok;
}

/* Find objheap's code range, and whether the frame-pointer walk can be
 * used: only if the range holds this file's code and another file's. */
static void
capture_setup(ohi_trace_state *t)
{
    uintptr_t lo = (uintptr_t)ohi_text_start;
    uintptr_t hi = (uintptr_t)ohi_text_end;
    t->text_lo = t->text_hi = 0;
    t->walk_fp = false;
    if (lo == 0 || hi <= lo)
        return;
    t->text_lo = lo;
    t->text_hi = hi;
    if (!in_text(t, (uintptr_t)&oh_trace_start)
        || !in_text(t, (uintptr_t)&oh_malloc)) {
        t->text_lo = t->text_hi = 0;
        return;
    }
    t->walk_fp = FP_WALK && t->limit == 1 && t->source == NULL
                 && probe_outer();
}

/* The general capture: the unwinder (libunwind, or backtrace()), which
 * needs no frame pointers in the caller's code.  With the range known,
 * objheap's frames are dropped here and `limit` of the caller's kept. */
static OHI_NOINLINE ohi_raw_tb *
capture_unwind(ohi_trace_state *t)
{
    if (t->source != NULL) {
        /* The language's own frames (see "Frame sources"). */
        uintptr_t words[OH_TRACE_MAX_FRAMES];
        uint32_t total = 0;
        int got = t->source->capture(words, t->limit, &total);
        size_t n = got > 0 ? (size_t)got : 0;
        return tb_intern(t, words, n, (total & ~SOURCE_BIT) | SOURCE_BIT);
    }
    void *pcs[OH_TRACE_MAX_FRAMES + OHI_TRACE_MARGIN];
    int got = t->capture(pcs, t->limit + OHI_TRACE_MARGIN);
    size_t n = got > 0 ? (size_t)got : 0;
    const uintptr_t *f = (const uintptr_t *)(void *)pcs;
    /* Frame 0 is this function: never the caller's. */
    size_t first = n > 0 ? 1 : 0;
    if (t->text_lo == 0)
        return tb_intern(t, f + first, n - first, n - first);
    while (first < n && in_text(t, f[first]))
        first++;
    size_t avail = n - first;
    size_t keep = avail < (size_t)t->limit ? avail : (size_t)t->limit;
    /* At limit 1 the frame-pointer walk sees one frame: so do we. */
    return tb_intern(t, f + first, keep, t->limit == 1 ? keep : avail);
}

/* ==========================================================================
 * The allocator's hooks
 * ========================================================================== */

/* The traceback when the cache does not have it: pc interned (pc is 0 or
 * WALK_FAILED when there is none: then the unwinder captures).  NULL when
 * out of memory. */
static OHI_NOINLINE ohi_raw_tb *
tb_slow(ohi_trace_state *t, uintptr_t pc)
{
    if (pc == 0 || pc == WALK_FAILED)
        return capture_unwind(t);
    ohi_pc_slot *slot = &t->pc_cache[pc_slot(pc)];
    if (slot->pc != pc) {
        ohi_raw_tb *tb = tb_intern(t, &pc, 1, 1);
        if (tb == NULL)
            return NULL;
        slot->pc = pc;
        slot->tb = tb;
    }
    return slot->tb;
}

/* The common case of the hooks below: at limit 1, the caller's return
 * address from the frame records from `fp` up (fp: the frame of an
 * objheap function that the allocation went through), found in the cache.
 * NULL otherwise, with *pc the return address (0 when no walk was made,
 * WALK_FAILED), for tb_slow. */
OHI_INLINE ohi_raw_tb *
tb_cached(ohi_trace_state *t, const uintptr_t *fp, uintptr_t *pc)
{
    *pc = 0;
    if (OH_UNLIKELY(!t->walk_fp))
        return NULL;
    uintptr_t ret = fp_caller(t, fp);
    /* Most allocations come from a few call sites, whose tracebacks the
     * cache holds. */
    const ohi_pc_slot *slot = &t->pc_cache[pc_slot(ret)];
    *pc = ret;
    return OH_LIKELY(slot->pc == ret) ? slot->tb : NULL;
}

/* Count n more bytes traced (T2). */
OHI_INLINE void
count_in(ohi_trace_state *t, size_t n)
{
    t->current += n;
    if (t->current > t->peak)
        t->peak = t->current;
    if (t->current > t->mark_peak)
        t->mark_peak = t->current;
}

/* Record p's trace in a free slot of the trace table (T4 promises one). */
OHI_INLINE void
trace_put(ohi_trace_state *t, void *p, size_t n, ohi_raw_tb *tb)
{
    OH_ASSERT((t->traces_len + 1) * 2 <= t->traces_cap);
    OH_ASSERT(trace_find(t, (uintptr_t)p) == NULL);        /* T1 */
    ohi_trace_entry *traces = t->traces;
    size_t mask = t->traces_cap - 1;
    size_t i = hash_ptr((uintptr_t)p) & mask;
    while (traces[i].ptr != 0)
        i = (i + 1) & mask;
    traces[i].ptr = (uintptr_t)p;
    traces[i].size = n;
    traces[i].tb = tb;
    t->traces_len++;
    count_in(t, n);
}

/* Room in the trace table for one more trace, growing it if need be (T4);
 * -1 when out of memory. */
static inline int
table_room(ohi_trace_state *t)
{
    if (OH_LIKELY((t->traces_len + 1) * 2 <= t->traces_cap))
        return 0;
    return traces_grow(t);
}

ohi_raw_tb *
ohi_trace_prepare(void)
{
    ohi_trace_state *t = &OHI_RT->trace;
    uintptr_t pc;
    ohi_raw_tb *tb = tb_cached(t, __builtin_frame_address(0), &pc);
    if (OH_UNLIKELY(tb == NULL) && (tb = tb_slow(t, pc)) == NULL)
        return NULL;
    return table_room(t) < 0 ? NULL : tb;
}

void
ohi_trace_insert(void *p, size_t n, ohi_raw_tb *tb)
{
    trace_put(&OHI_RT->trace, p, n, tb);
}

/* ohi_trace_add's other cases, apart so that the common case makes no
 * call and keeps nothing across one: no traceback at hand (tb NULL), no
 * side entry yet, or its place taken (then the trace table has p). */
static OHI_NOINLINE int
add_slow(ohi_trace_state *t, void *p, size_t n, unsigned cls,
         ohi_raw_tb *tb, uintptr_t pc)
{
    if (tb == NULL && (tb = tb_slow(t, pc)) == NULL)
        return -1;
    uint64_t *e = side_make(t, (uintptr_t)p, cls);
    if (e != NULL && *e == 0) {
        *e = side_entry(tb, n, (uintptr_t)p);
        count_in(t, n);
        return 0;
    }
    if (table_room(t) < 0)
        return -1;
    trace_put(t, p, n, tb);
    return 0;
}

int
ohi_trace_add(void *p, size_t n, unsigned cls, const void *frame)
{
    ohi_trace_state *t = &OHI_RT->trace;
    uintptr_t pc;
    ohi_raw_tb *tb = tb_cached(t, frame, &pc);
    uint64_t *e = side_slot(side_pool_of(t, (uintptr_t)p, cls), (uintptr_t)p,
                            cls);
    if (OH_UNLIKELY(tb == NULL || e == NULL || *e != 0))
        return add_slow(t, p, n, cls, tb, pc);
    *e = side_entry(tb, n, (uintptr_t)p);
    count_in(t, n);
    return 0;
}

/* Remove p's trace from the trace table, if it is there (a block allocated
 * before tracing started is nowhere), shifting later members of its probe
 * run back so that no tombstones are needed.  A slot is empty when its ptr
 * is 0; its other fields are then meaningless. */
static void
table_remove(ohi_trace_state *t, uintptr_t p)
{
    ohi_trace_entry *traces = t->traces;
    size_t mask = t->traces_cap - 1;
    size_t i = hash_ptr(p) & mask;
    for (;; i = (i + 1) & mask) {
        uintptr_t q = traces[i].ptr;
        if (q == p)
            break;
        if (q == 0)
            return;
    }
    t->current -= traces[i].size;
    t->traces_len--;
    for (size_t j = (i + 1) & mask;; j = (j + 1) & mask) {
        uintptr_t q = traces[j].ptr;
        if (q == 0)
            break;
        /* Move j into the hole at i unless its home lies in (i, j]. */
        if (((j - hash_ptr(q)) & mask) >= ((j - i) & mask)) {
            traces[i] = traces[j];
            i = j;
        }
    }
    traces[i].ptr = 0;
}

void
ohi_trace_remove(void *p, int cls)
{
    ohi_trace_state *t = &OHI_RT->trace;
    if (cls >= 0) {
        uint64_t *e = side_slot(side_pool_of(t, (uintptr_t)p, (unsigned)cls),
                                (uintptr_t)p, (unsigned)cls);
        if (OH_LIKELY(e != NULL)
            && OH_LIKELY((*e & SIDE_OFF_MASK)
                         == ((uintptr_t)p & SIDE_OFF_MASK))) {
            t->current -= side_entry_size(*e);
            *e = 0;
            return;
        }
    }
    table_remove(t, (uintptr_t)p);
}

/* p's trace, wherever it is kept: its size and traceback, or 0. */
static int
trace_lookup(const ohi_trace_state *t, uintptr_t p, size_t *size,
             ohi_raw_tb **tb)
{
    if (ohi_alloc_map_lookup((const void *)p) == OHI_MAP_ARENA) {
        const ohi_pool *pool = ohi_alloc_pool_of((const void *)p);
        uint64_t *e = NULL;
        if (pool->state == OHI_POOL_USED || pool->state == OHI_POOL_FULL)
            e = side_slot(side_pool_walk(t, p), p, pool->szidx);
        if (e != NULL && *e != 0
            && (*e & SIDE_OFF_MASK) == (p & SIDE_OFF_MASK)) {
            *size = side_entry_size(*e);
            *tb = side_entry_tb(t, *e);
            return 1;
        }
    }
    const ohi_trace_entry *te = trace_find(t, p);
    if (te == NULL)
        return 0;
    *size = te->size;
    *tb = te->tb;
    return 1;
}

static void symbolizer_free(ohi_symbolizer *s);

/* ==========================================================================
 * Tracing on and off
 * ========================================================================== */

int
oh_trace_start(int nframes)
{
    ohi_trace_state *t = &OHI_RT->trace;
    if (nframes < 1 || nframes > OH_TRACE_MAX_FRAMES) {
        oh_err_format(OH_ERR_VALUE, "the number of frames must be in "
                      "1..%d, not %d", OH_TRACE_MAX_FRAMES, nframes);
        return -1;
    }
    if (t->tracing)
        return 0;               /* as tracemalloc.start: no change */
    if (!OHI_TRACE_SUPPORTED) {
        oh_err_set(OH_ERR_RUNTIME, "objheap was built without tracing "
                   "support (OH_NO_TRACE)");
        return -1;
    }
    if (t->capture == NULL) {
        void *lib = dlopen("libunwind.so.8", RTLD_NOW | RTLD_LOCAL);
        void *fn = lib ? dlsym(lib, "unw_backtrace") : NULL;
        t->capture = backtrace;
        if (fn != NULL)         /* POSIX's way to convert dlsym's result */
            memcpy(&t->capture, &fn, sizeof fn);
    }
    /* Both load what they need on first use, with malloc: do that now, not
     * inside an allocation. */
    void *warm[2];
    t->capture(warm, 2);
    if (tables_make(t) < 0) {
        oh_err_no_memory();
        return -1;
    }
    t->limit = nframes;
    capture_setup(t);
    t->tracing = true;
    ohi_alloc_set_hook(true);
    return 0;
}

void
oh_trace_stop(void)
{
    ohi_trace_state *t = &OHI_RT->trace;
    if (!t->tracing)
        return;
    ohi_alloc_set_hook(false);
    t->tracing = false;
    t->limit = 0;
    t->walk_fp = false;
    tables_free(t);
    symbolizer_free(t->sym);
    t->sym = NULL;
}

void
ohi_trace_set_frame_source(const ohi_frame_source *src)
{
    ohi_trace_state *t = &OHI_RT->trace;
    t->source = src;
    if (t->tracing)
        capture_setup(t);       /* the walk is only for native stacks */
}

int
oh_trace_is_tracing(void)
{
    return OHI_RT->trace.tracing;
}

int
oh_trace_get_traceback_limit(void)
{
    return OHI_RT->trace.limit;
}

void
oh_trace_get_traced_memory(size_t *current, size_t *peak)
{
    const ohi_trace_state *t = &OHI_RT->trace;
    if (current != NULL)
        *current = t->current;
    if (peak != NULL)
        *peak = t->peak;
}

void
oh_trace_reset_peak(void)
{
    ohi_trace_state *t = &OHI_RT->trace;
    t->peak = t->current;
}

size_t
oh_trace_get_tracemalloc_memory(void)
{
    return OHI_RT->trace.own_bytes;
}

void
oh_trace_clear_traces(void)
{
    ohi_trace_state *t = &OHI_RT->trace;
    if (!t->tracing)
        return;
    tables_free(t);
    if (tables_make(t) < 0) {
        /* Nothing left to trace into: stop rather than run untraced. */
        t->tracing = false;
        t->limit = 0;
        t->walk_fp = false;
        ohi_alloc_set_hook(false);
    }
}

/* ==========================================================================
 * The symbolizer: return address -> function, file, line (libdw)
 * ========================================================================== */

typedef struct sym_entry {
    uintptr_t pc;               /* 0: empty slot */
    const char *function;
    const char *filename;
    int lineno;
    bool internal;              /* objheap's own code */
} sym_entry;

/* libdw's functions, looked up in the library loaded on first need. */
typedef struct dw_api {
    Dwfl *(*begin)(const Dwfl_Callbacks *);
    void (*end)(Dwfl *);
    void (*report_begin)(Dwfl *);
    int (*proc_report)(Dwfl *, pid_t);
    int (*report_end)(Dwfl *, int (*)(Dwfl_Module *, void *, const char *,
                                      Dwarf_Addr, void *), void *);
    Dwfl_Module *(*addrmodule)(Dwfl *, Dwarf_Addr);
    Dwarf_Die *(*addrdie)(Dwfl_Module *, Dwarf_Addr, Dwarf_Addr *);
    const char *(*addrname)(Dwfl_Module *, GElf_Addr);
    Dwfl_Line *(*getsrc)(Dwfl_Module *, Dwarf_Addr);
    const char *(*lineinfo)(Dwfl_Line *, Dwarf_Addr *, int *, int *,
                            Dwarf_Word *, Dwarf_Word *);
    const char *(*diename)(Dwarf_Die *);
    Dwarf_Attribute *(*attr)(Dwarf_Die *, unsigned int, Dwarf_Attribute *);
    const char *(*formstring)(Dwarf_Attribute *);
} dw_api;

struct ohi_symbolizer {
    dw_api dw;
    Dwfl *dwfl;
    Dwfl_Callbacks callbacks;   /* dwfl keeps a pointer to these */
    char *debuginfo_path;
    sym_entry *cache;
    size_t cap, len;
    str_chunk *strings;
    /* What identifies objheap's own compile units. */
    Dwfl_Module *self_module;
    const char *self_comp_dir;
    const char *self_prefix;    /* "src/" from "src/trace.c" */
};

static const char *
die_comp_dir(const ohi_symbolizer *s, Dwarf_Die *cu)
{
    Dwarf_Attribute attr;
    if (s->dw.attr(cu, DW_AT_comp_dir, &attr) == NULL)
        return NULL;
    return s->dw.formstring(&attr);
}

/* Load libdw and look up what the symbolizer calls.  0, or -1 when libdw
 * is not installed (the symbolizer then names nothing). */
static int
load_libdw(ohi_symbolizer *s)
{
    static const struct {
        const char *name;
        size_t offset;
    } fns[] = {
        {"dwfl_begin", offsetof(dw_api, begin)},
        {"dwfl_end", offsetof(dw_api, end)},
        {"dwfl_report_begin", offsetof(dw_api, report_begin)},
        {"dwfl_linux_proc_report", offsetof(dw_api, proc_report)},
        {"dwfl_report_end", offsetof(dw_api, report_end)},
        {"dwfl_addrmodule", offsetof(dw_api, addrmodule)},
        {"dwfl_module_addrdie", offsetof(dw_api, addrdie)},
        {"dwfl_module_addrname", offsetof(dw_api, addrname)},
        {"dwfl_module_getsrc", offsetof(dw_api, getsrc)},
        {"dwfl_lineinfo", offsetof(dw_api, lineinfo)},
        {"dwarf_diename", offsetof(dw_api, diename)},
        {"dwarf_attr", offsetof(dw_api, attr)},
        {"dwarf_formstring", offsetof(dw_api, formstring)},
    };
    void *lib = dlopen("libdw.so.1", RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL)
        return -1;
    /* POSIX's way to turn dlsym's results into function pointers: copy
     * the bits (every function pointer here has the same size). */
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        void *fn = dlsym(lib, fns[i].name);
        if (fn == NULL)
            return -1;
        memcpy((char *)&s->dw + fns[i].offset, &fn, sizeof fn);
    }
    void *find_elf = dlsym(lib, "dwfl_linux_proc_find_elf");
    void *find_debuginfo = dlsym(lib, "dwfl_standard_find_debuginfo");
    if (find_elf == NULL || find_debuginfo == NULL)
        return -1;
    memcpy(&s->callbacks.find_elf, &find_elf, sizeof find_elf);
    memcpy(&s->callbacks.find_debuginfo, &find_debuginfo,
           sizeof find_debuginfo);
    return 0;
}

static void
symbolizer_free(ohi_symbolizer *s)
{
    if (s == NULL)
        return;
    if (s->dwfl != NULL)
        s->dw.end(s->dwfl);
    pool_free(s->strings);
    free(s->cache);
    free(s);
}

static ohi_symbolizer *
symbolizer_new(void)
{
    ohi_symbolizer *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->cap = 1024;
    s->cache = calloc(s->cap, sizeof *s->cache);
    if (s->cache == NULL) {
        symbolizer_free(s);
        return NULL;
    }
    s->callbacks.debuginfo_path = &s->debuginfo_path;
    if (load_libdw(s) < 0 || (s->dwfl = s->dw.begin(&s->callbacks)) == NULL)
        return s;               /* no libdw: every name is "??" */
    s->dw.report_begin(s->dwfl);
    s->dw.proc_report(s->dwfl, getpid());
    s->dw.report_end(s->dwfl, NULL, NULL);
    /* Which compile units are ours: the one holding this function. */
    Dwarf_Addr a = (Dwarf_Addr)(uintptr_t)&oh_trace_start;
    s->self_module = s->dw.addrmodule(s->dwfl, a);
    if (s->self_module != NULL) {
        Dwarf_Addr bias;
        Dwarf_Die *cu = s->dw.addrdie(s->self_module, a, &bias);
        const char *name = cu ? s->dw.diename(cu) : NULL;
        const char *dir = cu ? die_comp_dir(s, cu) : NULL;
        const char *slash = name ? strrchr(name, '/') : NULL;
        if (name != NULL && dir != NULL) {
            char prefix[256];
            size_t len = slash ? (size_t)(slash - name) + 1 : 0;
            if (len >= sizeof prefix)
                len = 0;
            memcpy(prefix, name, len);
            prefix[len] = '\0';
            s->self_comp_dir = pool_strdup(&s->strings, dir);
            s->self_prefix = pool_strdup(&s->strings, prefix);
        }
    }
    return s;
}

/* Is the code at address a (in module m) one of objheap's own units?  The
 * code range answers when it is known; the compile units otherwise. */
static bool
is_internal(ohi_symbolizer *s, Dwfl_Module *m, Dwarf_Addr a)
{
    const ohi_trace_state *t = &OHI_RT->trace;
    if (t->text_lo != 0)
        return in_text(t, (uintptr_t)a);
    if (m == NULL || m != s->self_module || s->self_comp_dir == NULL)
        return false;
    Dwarf_Addr bias;
    Dwarf_Die *cu = s->dw.addrdie(m, a, &bias);
    if (cu == NULL)
        return false;
    const char *name = s->dw.diename(cu);
    const char *dir = die_comp_dir(s, cu);
    return name != NULL && dir != NULL && strcmp(dir, s->self_comp_dir) == 0
           && strncmp(name, s->self_prefix, strlen(s->self_prefix)) == 0;
}

static const sym_entry *
symbolize(ohi_symbolizer *s, uintptr_t pc)
{
    size_t mask = s->cap - 1;
    size_t i = hash_ptr(pc) & mask;
    for (; s->cache[i].pc != 0; i = (i + 1) & mask)
        if (s->cache[i].pc == pc)
            return &s->cache[i];
    if ((s->len + 1) * 2 > s->cap) {
        size_t cap = s->cap * 2;
        sym_entry *c = calloc(cap, sizeof *c);
        if (c == NULL)
            return NULL;
        for (size_t j = 0; j < s->cap; j++) {
            if (s->cache[j].pc == 0)
                continue;
            size_t k = hash_ptr(s->cache[j].pc) & (cap - 1);
            while (c[k].pc != 0)
                k = (k + 1) & (cap - 1);
            c[k] = s->cache[j];
        }
        free(s->cache);
        s->cache = c;
        s->cap = cap;
        mask = cap - 1;
        for (i = hash_ptr(pc) & mask; s->cache[i].pc != 0; i = (i + 1) & mask)
            ;
    }
    /* A return address points after its call: look up the call. */
    Dwarf_Addr a = (Dwarf_Addr)pc - 1;
    Dwfl_Module *m = s->dwfl ? s->dw.addrmodule(s->dwfl, a) : NULL;
    const char *fn = m ? s->dw.addrname(m, a) : NULL;
    Dwfl_Line *line = m ? s->dw.getsrc(m, a) : NULL;
    int lineno = 0;
    const char *file = line ? s->dw.lineinfo(line, NULL, &lineno, NULL,
                                             NULL, NULL)
                            : NULL;
    sym_entry e = {
        .pc = pc,
        .function = pool_strdup(&s->strings, fn ? fn : "??"),
        .filename = pool_strdup(&s->strings, file ? file : "??"),
        .lineno = file ? lineno : 0,
        .internal = is_internal(s, m, a),
    };
    if (e.function == NULL || e.filename == NULL)
        return NULL;
    s->cache[i] = e;
    s->len++;
    return &s->cache[i];
}

static ohi_symbolizer *
symbolizer(void)
{
    ohi_trace_state *t = &OHI_RT->trace;
    if (t->sym == NULL)
        t->sym = symbolizer_new();
    return t->sym;
}

/* ==========================================================================
 * Resolved tracebacks and snapshots
 * ========================================================================== */

typedef struct snap_trace {
    size_t size;
    size_t tb;                  /* index into tbs */
} snap_trace;

struct oh_snapshot {
    int limit;
    size_t ntraces, traces_cap;
    snap_trace *traces;
    size_t ntbs, tbs_cap;
    oh_traceback **tbs;         /* interned by content */
    size_t *tb_index;           /* open-addressing set over tbs */
    size_t index_cap;
    str_chunk *strings;         /* every file and function name */
};

static uint64_t
frame_hash(const oh_frame *f, uint64_t h)
{
    h = hash_str(f->filename, h);
    h = hash_str(f->function, h ^ 0x5bd1e995u);
    return h ^ ((uint64_t)(unsigned)f->lineno * 0x9e3779b97f4a7c15ull);
}

static bool
frame_equal(const oh_frame *a, const oh_frame *b)
{
    return a->lineno == b->lineno && strcmp(a->filename, b->filename) == 0
           && strcmp(a->function, b->function) == 0;
}

static uint64_t
tb_hash(const oh_traceback *tb)
{
    uint64_t h = 0xcbf29ce484222325ull ^ tb->nframes;
    for (size_t i = 0; i < tb->nframes; i++)
        h = frame_hash(&tb->frames[i], h);
    return h;
}

static bool
tb_equal(const oh_traceback *a, const oh_traceback *b)
{
    if (a->nframes != b->nframes || a->total_nframe != b->total_nframe)
        return false;
    for (size_t i = 0; i < a->nframes; i++)
        if (!frame_equal(&a->frames[i], &b->frames[i]))
            return false;
    return true;
}

static oh_traceback *
tb_alloc(size_t nframes)
{
    oh_traceback *tb = calloc(1, sizeof *tb + nframes * sizeof(oh_frame));
    if (tb != NULL)
        tb->nframes = nframes;
    return tb;
}

void
oh_traceback_free(oh_traceback *tb)
{
    free(tb);
}

void
oh_snapshot_free(oh_snapshot *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->ntbs; i++)
        free(s->tbs[i]);
    free(s->tbs);
    free(s->tb_index);
    free(s->traces);
    pool_free(s->strings);
    free(s);
}

static oh_snapshot *
snapshot_new(int limit)
{
    oh_snapshot *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->limit = limit;
    s->index_cap = 64;
    s->tb_index = malloc(s->index_cap * sizeof *s->tb_index);
    if (s->tb_index == NULL) {
        free(s);
        return NULL;
    }
    memset(s->tb_index, 0xff, s->index_cap * sizeof *s->tb_index);
    return s;
}

/* Intern a traceback in the snapshot, taking ownership of `tb` (freed if
 * an equal one exists).  Returns its index, or SIZE_MAX when out of
 * memory (tb freed). */
static size_t
snapshot_intern_tb(oh_snapshot *s, oh_traceback *tb)
{
    uint64_t h = tb_hash(tb);
    size_t mask = s->index_cap - 1;
    size_t i = (size_t)h & mask;
    for (; s->tb_index[i] != SIZE_MAX; i = (i + 1) & mask) {
        if (tb_equal(s->tbs[s->tb_index[i]], tb)) {
            free(tb);
            return s->tb_index[i];
        }
    }
    if (s->ntbs == s->tbs_cap) {
        size_t cap = s->tbs_cap ? s->tbs_cap * 2 : 64;
        oh_traceback **tbs = realloc(s->tbs, cap * sizeof *tbs);
        if (tbs == NULL) {
            free(tb);
            return SIZE_MAX;
        }
        s->tbs = tbs;
        s->tbs_cap = cap;
    }
    if ((s->ntbs + 1) * 2 > s->index_cap) {
        size_t cap = s->index_cap * 2;
        size_t *idx = malloc(cap * sizeof *idx);
        if (idx == NULL) {
            free(tb);
            return SIZE_MAX;
        }
        memset(idx, 0xff, cap * sizeof *idx);
        for (size_t j = 0; j < s->ntbs; j++) {
            size_t k = (size_t)tb_hash(s->tbs[j]) & (cap - 1);
            while (idx[k] != SIZE_MAX)
                k = (k + 1) & (cap - 1);
            idx[k] = j;
        }
        free(s->tb_index);
        s->tb_index = idx;
        s->index_cap = cap;
        mask = cap - 1;
        for (i = (size_t)h & mask; s->tb_index[i] != SIZE_MAX;
             i = (i + 1) & mask)
            ;
    }
    s->tb_index[i] = s->ntbs;
    s->tbs[s->ntbs] = tb;
    return s->ntbs++;
}

static int
snapshot_add_trace(oh_snapshot *s, size_t size, size_t tb)
{
    if (s->ntraces == s->traces_cap) {
        size_t cap = s->traces_cap ? s->traces_cap * 2 : 256;
        snap_trace *t = realloc(s->traces, cap * sizeof *t);
        if (t == NULL)
            return -1;
        s->traces = t;
        s->traces_cap = cap;
    }
    s->traces[s->ntraces].size = size;
    s->traces[s->ntraces].tb = tb;
    s->ntraces++;
    return 0;
}

/* Resolve a frame source's traceback: each word through the source (a
 * word it cannot name, after the source was removed, reads "??"). */
static oh_traceback *
resolve_source(const ohi_raw_tb *raw, int limit, str_chunk **strings)
{
    const ohi_frame_source *src = OHI_RT->trace.source;
    size_t keep = raw->nframes < (size_t)limit ? raw->nframes
                                                : (size_t)limit;
    oh_traceback *tb = tb_alloc(keep);
    if (tb == NULL)
        return NULL;
    tb->total_nframe = raw->total & ~SOURCE_BIT;
    for (size_t i = 0; i < keep; i++) {
        oh_frame f = {"??", 0, "??", 0};
        if (src != NULL)
            src->resolve(raw->frames[i], &f);
        const char *file = pool_strdup(strings, f.filename);
        const char *fn = pool_strdup(strings, f.function);
        if (file == NULL || fn == NULL) {
            free(tb);
            return NULL;
        }
        tb->frames[i].filename = file;
        tb->frames[i].function = fn;
        tb->frames[i].lineno = f.lineno;
        tb->frames[i].pc = 0;
    }
    return tb;
}

/* Resolve a raw traceback: drop objheap's own leading frames, keep up to
 * `limit` of the caller's.  Names point into the symbolizer's pool, which
 * lives while tracing; the snapshot copies them into its own. */
static oh_traceback *
resolve(ohi_symbolizer *sym, const ohi_raw_tb *raw, int limit,
        str_chunk **strings)
{
    if (raw->total & SOURCE_BIT)
        return resolve_source(raw, limit, strings);
    size_t first = 0;
    const sym_entry *e = NULL;
    while (first < raw->nframes) {
        e = symbolize(sym, raw->frames[first]);
        if (e == NULL)
            return NULL;
        if (!e->internal)
            break;
        first++;
    }
    size_t avail = raw->nframes - first;
    size_t keep = avail < (size_t)limit ? avail : (size_t)limit;
    oh_traceback *tb = tb_alloc(keep);
    if (tb == NULL)
        return NULL;
    tb->total_nframe = raw->total - first;
    for (size_t i = 0; i < keep; i++) {
        e = symbolize(sym, raw->frames[first + i]);
        const char *file = e ? pool_strdup(strings, e->filename) : NULL;
        const char *fn = e ? pool_strdup(strings, e->function) : NULL;
        if (file == NULL || fn == NULL) {
            free(tb);
            return NULL;
        }
        tb->frames[i].filename = file;
        tb->frames[i].function = fn;
        tb->frames[i].lineno = e->lineno;
        tb->frames[i].pc = e->pc;
    }
    return tb;
}

/* Taking a snapshot: each trace, from either table, added once. */
typedef struct snap_ctx {
    ohi_trace_state *t;
    ohi_symbolizer *sym;
    oh_snapshot *s;
    size_t *memo;               /* raw tb index -> snapshot tb, or SIZE_MAX */
} snap_ctx;

static int
snap_one(snap_ctx *c, size_t size, const ohi_raw_tb *raw)
{
    size_t *m = &c->memo[raw->index];
    if (*m == SIZE_MAX) {
        oh_traceback *tb = resolve(c->sym, raw, c->t->limit,
                                   &c->s->strings);
        *m = tb ? snapshot_intern_tb(c->s, tb) : SIZE_MAX;
        if (*m == SIZE_MAX)
            return -1;
    }
    return snapshot_add_trace(c->s, size, *m);
}

static int
snap_side(void *arg, uint64_t e)
{
    snap_ctx *c = arg;
    return snap_one(c, side_entry_size(e), side_entry_tb(c->t, e));
}

oh_snapshot *
oh_trace_take_snapshot(void)
{
    ohi_trace_state *t = &OHI_RT->trace;
    if (!t->tracing) {
        oh_err_set(OH_ERR_RUNTIME, "the tracemalloc module must be tracing "
                   "memory allocations to take a snapshot (call "
                   "oh_trace_start first)");
        return NULL;
    }
    ohi_symbolizer *sym = symbolizer();
    oh_snapshot *s = snapshot_new(t->limit);
    if (sym == NULL || s == NULL) {
        oh_snapshot_free(s);
        return oh_err_no_memory();
    }
    /* Resolve each raw traceback once: its index -> the snapshot's. */
    size_t *memo = malloc((t->tbs_len + 1) * sizeof *memo);
    if (memo == NULL) {
        oh_snapshot_free(s);
        return oh_err_no_memory();
    }
    memset(memo, 0xff, (t->tbs_len + 1) * sizeof *memo);
    snap_ctx c = {t, sym, s, memo};
    int rc = 0;
    for (size_t i = 0; i < t->traces_cap && rc == 0; i++)
        if (t->traces[i].ptr != 0)
            rc = snap_one(&c, t->traces[i].size, t->traces[i].tb);
    if (rc == 0)
        rc = side_walk(t, snap_side, &c);
    free(memo);
    if (rc < 0) {
        oh_snapshot_free(s);
        return oh_err_no_memory();
    }
    return s;
}

size_t
oh_snapshot_ntraces(const oh_snapshot *s)
{
    return s ? s->ntraces : 0;
}

int
oh_snapshot_traceback_limit(const oh_snapshot *s)
{
    return s ? s->limit : 0;
}

int
ohi_snapshot_trace(const oh_snapshot *s, size_t i, size_t *size,
                   const oh_traceback **tb)
{
    if (s == NULL || i >= s->ntraces)
        return -1;
    *size = s->traces[i].size;
    *tb = s->tbs[s->traces[i].tb];
    return 0;
}

/* Copy a resolved traceback (names borrowed from `s`). */
static oh_traceback *
tb_copy(const oh_traceback *src)
{
    oh_traceback *tb = tb_alloc(src->nframes);
    if (tb == NULL)
        return NULL;
    tb->total_nframe = src->total_nframe;
    memcpy(tb->frames, src->frames, src->nframes * sizeof *src->frames);
    return tb;
}

oh_traceback *
oh_trace_get_traceback(const void *p)
{
    ohi_trace_state *t = &OHI_RT->trace;
    if (!t->tracing || p == NULL)
        return NULL;
    /* An object may sit after the collector's prefix and a large-object
     * link: its block starts 0, 16 or 32 bytes before it. */
    ohi_raw_tb *raw = NULL;
    for (uintptr_t back = 0; back <= 32 && raw == NULL; back += 16) {
        size_t size;
        if (trace_lookup(t, (uintptr_t)p - back, &size, &raw)
            && size < back)
            raw = NULL;
    }
    if (raw == NULL)
        return NULL;
    ohi_symbolizer *sym = symbolizer();
    if (sym == NULL)
        return oh_err_no_memory();
    /* Names live in the symbolizer's pool until tracing stops; the copy
     * returned must outlive that, so it carries its own strings. */
    str_chunk *strings = NULL;
    oh_traceback *tb = resolve(sym, raw, t->limit, &strings);
    if (tb == NULL) {
        pool_free(strings);
        return oh_err_no_memory();
    }
    size_t bytes = 0;
    for (size_t i = 0; i < tb->nframes; i++)
        bytes += strlen(tb->frames[i].filename)
                 + strlen(tb->frames[i].function) + 2;
    oh_traceback *out = realloc(tb, sizeof *tb + tb->nframes
                                    * sizeof(oh_frame) + bytes);
    if (out == NULL) {
        free(tb);
        pool_free(strings);
        return oh_err_no_memory();
    }
    char *dst = (char *)&out->frames[out->nframes];
    for (size_t i = 0; i < out->nframes; i++) {
        size_t lf = strlen(out->frames[i].filename) + 1;
        memcpy(dst, out->frames[i].filename, lf);
        out->frames[i].filename = dst;
        dst += lf;
        size_t ln = strlen(out->frames[i].function) + 1;
        memcpy(dst, out->frames[i].function, ln);
        out->frames[i].function = dst;
        dst += ln;
    }
    pool_free(strings);
    return out;
}

oh_traceback *
oh_trace_get_object_traceback(const oh_object *o)
{
    return oh_trace_get_traceback(o);
}

void
oh_traceback_print(const oh_traceback *tb, FILE *out)
{
    if (tb == NULL || out == NULL)
        return;
    for (size_t i = 0; i < tb->nframes; i++)
        fprintf(out, "  File \"%s\", line %d, in %s\n",
                tb->frames[i].filename, tb->frames[i].lineno,
                tb->frames[i].function);
}

/* ==========================================================================
 * Filters
 * ========================================================================== */

static bool
frame_matches(const oh_trace_filter *f, const oh_frame *fr)
{
    if (fnmatch(f->filename_pattern, fr->filename, 0) != 0)
        return false;
    return f->lineno == 0 || f->lineno == fr->lineno;
}

/* Does the trace pass the filter (tracemalloc.Filter semantics)? */
static bool
filter_passes(const oh_trace_filter *f, const oh_traceback *tb)
{
    bool match = false;
    size_t n = f->all_frames ? tb->nframes : (tb->nframes ? 1 : 0);
    for (size_t i = 0; i < n && !match; i++)
        match = frame_matches(f, &tb->frames[i]);
    return f->inclusive ? match : !match;
}

oh_snapshot *
oh_snapshot_filter_traces(const oh_snapshot *s,
                          const oh_trace_filter *filters, size_t nfilters)
{
    if (s == NULL || (nfilters != 0 && filters == NULL)) {
        oh_err_set(OH_ERR_VALUE, "oh_snapshot_filter_traces: NULL snapshot "
                   "or filter array");
        return NULL;
    }
    for (size_t i = 0; i < nfilters; i++)
        if (filters[i].filename_pattern == NULL) {
            oh_err_format(OH_ERR_VALUE, "filter %zu has no filename "
                          "pattern", i);
            return NULL;
        }
    oh_snapshot *out = snapshot_new(s->limit);
    if (out == NULL)
        return oh_err_no_memory();
    size_t *remap = malloc((s->ntbs ? s->ntbs : 1) * sizeof *remap);
    if (remap == NULL) {
        oh_snapshot_free(out);
        return oh_err_no_memory();
    }
    memset(remap, 0xff, (s->ntbs ? s->ntbs : 1) * sizeof *remap);
    bool any_inclusive = false;
    for (size_t i = 0; i < nfilters; i++)
        any_inclusive |= filters[i].inclusive != 0;
    for (size_t k = 0; k < s->ntraces; k++) {
        const oh_traceback *tb = s->tbs[s->traces[k].tb];
        bool included = !any_inclusive, excluded = false;
        for (size_t i = 0; i < nfilters; i++) {
            bool pass = filter_passes(&filters[i], tb);
            if (filters[i].inclusive)
                included |= pass;
            else
                excluded |= !pass;
        }
        if (!included || excluded)
            continue;
        size_t *r = &remap[s->traces[k].tb];
        if (*r == SIZE_MAX) {
            /* Names stay valid: copy them into the new snapshot too. */
            oh_traceback *c = tb_copy(tb);
            for (size_t i = 0; c && i < c->nframes; i++) {
                c->frames[i].filename = pool_strdup(&out->strings,
                                                    tb->frames[i].filename);
                c->frames[i].function = pool_strdup(&out->strings,
                                                    tb->frames[i].function);
                if (!c->frames[i].filename || !c->frames[i].function) {
                    free(c);
                    c = NULL;
                }
            }
            *r = c ? snapshot_intern_tb(out, c) : SIZE_MAX;
            if (*r == SIZE_MAX)
                goto nomem;
        }
        if (snapshot_add_trace(out, s->traces[k].size, *r) < 0)
            goto nomem;
    }
    free(remap);
    return out;
nomem:
    free(remap);
    oh_snapshot_free(out);
    return oh_err_no_memory();
}

/* ==========================================================================
 * Statistics and comparisons
 * ========================================================================== */

/* A group under construction: its key (a traceback the group owns) and
 * totals. */
typedef struct group {
    oh_traceback *key;
    uint64_t hash;
    size_t size, count;
} group;

typedef struct grouping {
    group *g;
    size_t n, cap;
    size_t *index;              /* open addressing over g */
    size_t index_cap;
} grouping;

static void
grouping_free(grouping *gr, bool keys_too)
{
    if (keys_too)
        for (size_t i = 0; i < gr->n; i++)
            free(gr->g[i].key);
    free(gr->g);
    free(gr->index);
}

/* Add size/count to the group keyed by `key` (copied when new).  -1 when
 * out of memory. */
static int
grouping_add(grouping *gr, const oh_traceback *key, size_t size,
             size_t count)
{
    uint64_t h = tb_hash(key);
    if ((gr->n + 1) * 2 > gr->index_cap) {
        size_t cap = gr->index_cap ? gr->index_cap * 2 : 64;
        size_t *idx = malloc(cap * sizeof *idx);
        if (idx == NULL)
            return -1;
        memset(idx, 0xff, cap * sizeof *idx);
        for (size_t j = 0; j < gr->n; j++) {
            size_t k = (size_t)gr->g[j].hash & (cap - 1);
            while (idx[k] != SIZE_MAX)
                k = (k + 1) & (cap - 1);
            idx[k] = j;
        }
        free(gr->index);
        gr->index = idx;
        gr->index_cap = cap;
    }
    size_t mask = gr->index_cap - 1, i = (size_t)h & mask;
    for (; gr->index[i] != SIZE_MAX; i = (i + 1) & mask) {
        group *g = &gr->g[gr->index[i]];
        if (g->hash == h && tb_equal(g->key, key)) {
            g->size += size;
            g->count += count;
            return 0;
        }
    }
    if (gr->n == gr->cap) {
        size_t cap = gr->cap ? gr->cap * 2 : 64;
        group *g = realloc(gr->g, cap * sizeof *g);
        if (g == NULL)
            return -1;
        gr->g = g;
        gr->cap = cap;
    }
    oh_traceback *k = tb_copy(key);
    if (k == NULL)
        return -1;
    gr->g[gr->n] = (group){k, h, size, count};
    gr->index[i] = gr->n++;
    return 0;
}

/* The key of frame i of tb under `key`: one frame, the line dropped for
 * OH_STAT_FILENAME.  Uses the caller's buffer. */
static const oh_traceback *
frame_key(const oh_traceback *tb, size_t i, oh_stat_key key,
          oh_traceback *buf)
{
    buf->nframes = 1;
    buf->total_nframe = 1;
    buf->frames[0] = tb->frames[i];
    buf->frames[0].pc = 0;
    if (key == OH_STAT_FILENAME) {
        buf->frames[0].lineno = 0;
        buf->frames[0].function = "";
    }
    return buf;
}

static int
group_snapshot(const oh_snapshot *s, oh_stat_key key, int cumulative,
               grouping *gr)
{
    union {
        oh_traceback tb;
        char bytes[sizeof(oh_traceback) + sizeof(oh_frame)];
    } one;
    static const oh_traceback empty = {0, 0};
    for (size_t k = 0; k < s->ntraces; k++) {
        const oh_traceback *tb = s->tbs[s->traces[k].tb];
        size_t size = s->traces[k].size;
        if (key == OH_STAT_TRACEBACK || tb->nframes == 0) {
            if (grouping_add(gr, key == OH_STAT_TRACEBACK ? tb : &empty,
                             size, 1) < 0)
                return -1;
            continue;
        }
        size_t n = cumulative ? tb->nframes : 1;
        for (size_t i = 0; i < n; i++) {
            /* Count each distinct key once per trace. */
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++)
                seen = strcmp(tb->frames[j].filename,
                              tb->frames[i].filename) == 0
                       && (key == OH_STAT_FILENAME
                           || tb->frames[j].lineno == tb->frames[i].lineno);
            if (!seen
                && grouping_add(gr, frame_key(tb, i, key, &one.tb), size,
                                1) < 0)
                return -1;
        }
    }
    return 0;
}

static int
cmp_keys(const oh_traceback *a, const oh_traceback *b)
{
    for (size_t i = 0; i < a->nframes && i < b->nframes; i++) {
        int c = strcmp(a->frames[i].filename, b->frames[i].filename);
        if (c != 0)
            return c;
        if (a->frames[i].lineno != b->frames[i].lineno)
            return a->frames[i].lineno < b->frames[i].lineno ? -1 : 1;
    }
    return (a->nframes > b->nframes) - (a->nframes < b->nframes);
}

static int
cmp_stat(const void *pa, const void *pb)
{
    const oh_stat *a = pa, *b = pb;
    if (a->size != b->size)
        return a->size > b->size ? -1 : 1;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return cmp_keys(a->traceback, b->traceback);
}

static int
check_key(oh_stat_key key, int cumulative)
{
    if (key != OH_STAT_LINENO && key != OH_STAT_FILENAME
        && key != OH_STAT_TRACEBACK) {
        oh_err_format(OH_ERR_VALUE, "unknown statistics key %d", (int)key);
        return -1;
    }
    if (cumulative && key == OH_STAT_TRACEBACK) {
        oh_err_set(OH_ERR_VALUE, "cumulative mode cannot be used with key "
                   "type 'traceback'");
        return -1;
    }
    return 0;
}

oh_stats *
oh_snapshot_statistics(const oh_snapshot *s, oh_stat_key key, int cumulative)
{
    if (s == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_snapshot_statistics: NULL snapshot");
        return NULL;
    }
    if (check_key(key, cumulative) < 0)
        return NULL;
    grouping gr = {0};
    oh_stats *st = calloc(1, sizeof *st);
    if (st == NULL || group_snapshot(s, key, cumulative, &gr) < 0) {
        free(st);
        grouping_free(&gr, true);
        return oh_err_no_memory();
    }
    st->items = calloc(gr.n ? gr.n : 1, sizeof *st->items);
    if (st->items == NULL) {
        free(st);
        grouping_free(&gr, true);
        return oh_err_no_memory();
    }
    st->n = gr.n;
    for (size_t i = 0; i < gr.n; i++)
        st->items[i] = (oh_stat){gr.g[i].key, gr.g[i].size, gr.g[i].count};
    grouping_free(&gr, false);
    qsort(st->items, st->n, sizeof *st->items, cmp_stat);
    return st;
}

void
oh_stats_free(oh_stats *st)
{
    if (st == NULL)
        return;
    for (size_t i = 0; i < st->n; i++)
        free((void *)(uintptr_t)st->items[i].traceback);
    free(st->items);
    free(st);
}

static uint64_t
abs64(int64_t v)
{
    return v < 0 ? (uint64_t)-(v + 1) + 1 : (uint64_t)v;
}

static int
cmp_diff(const void *pa, const void *pb)
{
    const oh_stat_diff *a = pa, *b = pb;
    if (abs64(a->size_diff) != abs64(b->size_diff))
        return abs64(a->size_diff) > abs64(b->size_diff) ? -1 : 1;
    if (a->size != b->size)
        return a->size > b->size ? -1 : 1;
    if (abs64(a->count_diff) != abs64(b->count_diff))
        return abs64(a->count_diff) > abs64(b->count_diff) ? -1 : 1;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return cmp_keys(a->traceback, b->traceback);
}

oh_stat_diffs *
oh_snapshot_compare_to(const oh_snapshot *now, const oh_snapshot *old,
                       oh_stat_key key, int cumulative)
{
    if (now == NULL || old == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_snapshot_compare_to: NULL snapshot");
        return NULL;
    }
    if (check_key(key, cumulative) < 0)
        return NULL;
    /* Group the new snapshot, then the old one into the same table with
     * the sizes kept apart: old totals go to a parallel array. */
    grouping gr = {0};
    oh_stat_diffs *d = calloc(1, sizeof *d);
    size_t nnew = 0;
    if (d == NULL || group_snapshot(now, key, cumulative, &gr) < 0)
        goto nomem;
    nnew = gr.n;
    size_t *snap_size = malloc((nnew ? nnew : 1) * sizeof *snap_size);
    size_t *snap_count = malloc((nnew ? nnew : 1) * sizeof *snap_count);
    if (snap_size == NULL || snap_count == NULL) {
        free(snap_size);
        free(snap_count);
        goto nomem;
    }
    for (size_t i = 0; i < nnew; i++) {
        snap_size[i] = gr.g[i].size;
        snap_count[i] = gr.g[i].count;
        gr.g[i].size = gr.g[i].count = 0;
    }
    if (group_snapshot(old, key, cumulative, &gr) < 0) {
        free(snap_size);
        free(snap_count);
        goto nomem;
    }
    d->items = calloc(gr.n ? gr.n : 1, sizeof *d->items);
    if (d->items == NULL) {
        free(snap_size);
        free(snap_count);
        goto nomem;
    }
    d->n = gr.n;
    for (size_t i = 0; i < gr.n; i++) {
        size_t ns = i < nnew ? snap_size[i] : 0;
        size_t nc = i < nnew ? snap_count[i] : 0;
        d->items[i] = (oh_stat_diff){
            gr.g[i].key, ns, (int64_t)ns - (int64_t)gr.g[i].size,
            nc, (int64_t)nc - (int64_t)gr.g[i].count};
    }
    free(snap_size);
    free(snap_count);
    grouping_free(&gr, false);
    qsort(d->items, d->n, sizeof *d->items, cmp_diff);
    return d;
nomem:
    grouping_free(&gr, true);
    free(d);
    return oh_err_no_memory();
}

void
oh_stat_diffs_free(oh_stat_diffs *d)
{
    if (d == NULL)
        return;
    for (size_t i = 0; i < d->n; i++)
        free((void *)(uintptr_t)d->items[i].traceback);
    free(d->items);
    free(d);
}

/* A byte count as tracemalloc writes it: "512 B", "12.3 KiB", "45 MiB",
 * with a sign when asked. */
static void
format_size(char *buf, size_t len, double size, bool sign)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    for (size_t u = 0; u < 5; u++) {
        double a = size < 0 ? -size : size;
        if (a < 100 && u != 0) {
            snprintf(buf, len, sign ? "%+.1f %s" : "%.1f %s", size, units[u]);
            return;
        }
        if (a < 10 * 1024 || u == 4) {
            snprintf(buf, len, sign ? "%+.0f %s" : "%.0f %s", size, units[u]);
            return;
        }
        size /= 1024;
    }
}

static void
print_key(const oh_traceback *tb, FILE *out)
{
    if (tb->nframes == 0)
        fprintf(out, "<unknown>");
    else if (tb->frames[0].lineno == 0 && tb->frames[0].function[0] == '\0')
        fprintf(out, "%s", tb->frames[0].filename);
    else
        fprintf(out, "%s:%d", tb->frames[0].filename, tb->frames[0].lineno);
}

void
oh_stats_print(const oh_stats *st, FILE *out, size_t limit)
{
    if (st == NULL || out == NULL)
        return;
    size_t n = limit && limit < st->n ? limit : st->n;
    for (size_t i = 0; i < n; i++) {
        const oh_stat *s = &st->items[i];
        char size[32], avg[32];
        format_size(size, sizeof size, (double)s->size, false);
        format_size(avg, sizeof avg,
                    s->count ? (double)s->size / (double)s->count : 0, false);
        print_key(s->traceback, out);
        fprintf(out, ": size=%s, count=%zu, average=%s\n", size, s->count,
                avg);
    }
}

void
oh_stat_diffs_print(const oh_stat_diffs *d, FILE *out, size_t limit)
{
    if (d == NULL || out == NULL)
        return;
    size_t n = limit && limit < d->n ? limit : d->n;
    for (size_t i = 0; i < n; i++) {
        const oh_stat_diff *s = &d->items[i];
        char size[32], diff[32], avg[32];
        format_size(size, sizeof size, (double)s->size, false);
        format_size(diff, sizeof diff, (double)s->size_diff, true);
        format_size(avg, sizeof avg,
                    s->count ? (double)s->size / (double)s->count : 0, false);
        print_key(s->traceback, out);
        fprintf(out, ": size=%s (%s), count=%zu (%+" PRId64 "), "
                     "average=%s\n", size, diff, s->count, s->count_diff,
                avg);
    }
}

/* ==========================================================================
 * Dump and load
 *
 *   objheap-snapshot 1
 *   limit N
 *   tracebacks N
 *   tb NFRAMES TOTAL_NFRAME           one per traceback, then its frames:
 *   f LINENO FILENAME<TAB>FUNCTION
 *   traces N
 *   t TRACEBACK_INDEX SIZE
 *
 * File and function names may not contain a tab or a newline; a name that
 * does is written with those characters replaced by '?'.
 * ========================================================================== */

static void
put_name(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' ? '?' : *s, f);
}

int
oh_snapshot_dump(const oh_snapshot *s, const char *path)
{
    if (s == NULL || path == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_snapshot_dump: NULL snapshot or path");
        return -1;
    }
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        oh_err_format(OH_ERR_VALUE, "cannot write %s: %s", path,
                      strerror(errno));
        return -1;
    }
    fprintf(f, "%s\nlimit %d\ntracebacks %zu\n", SNAPSHOT_MAGIC, s->limit,
            s->ntbs);
    for (size_t i = 0; i < s->ntbs; i++) {
        const oh_traceback *tb = s->tbs[i];
        fprintf(f, "tb %zu %zu\n", tb->nframes, tb->total_nframe);
        for (size_t j = 0; j < tb->nframes; j++) {
            fprintf(f, "f %d ", tb->frames[j].lineno);
            put_name(f, tb->frames[j].filename);
            fputc('\t', f);
            put_name(f, tb->frames[j].function);
            fputc('\n', f);
        }
    }
    fprintf(f, "traces %zu\n", s->ntraces);
    for (size_t i = 0; i < s->ntraces; i++)
        fprintf(f, "t %zu %zu\n", s->traces[i].tb, s->traces[i].size);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        oh_err_format(OH_ERR_VALUE, "cannot write %s", path);
        return -1;
    }
    return 0;
}

typedef struct reader {
    FILE *f;
    const char *path;
    char *line;
    size_t cap;
    size_t lineno;
} reader;

static int
next_line(reader *r)
{
    ssize_t n = getline(&r->line, &r->cap, r->f);
    if (n <= 0)
        return -1;
    r->lineno++;
    if (r->line[n - 1] == '\n')
        r->line[n - 1] = '\0';
    return 0;
}

static oh_snapshot *
load_failed(reader *r, oh_snapshot *s, const char *what)
{
    oh_err_format(OH_ERR_VALUE, "%s, line %zu: %s", r->path, r->lineno, what);
    oh_snapshot_free(s);
    return NULL;
}

oh_snapshot *
oh_snapshot_load(const char *path)
{
    if (path == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_snapshot_load: NULL path");
        return NULL;
    }
    reader r = {fopen(path, "r"), path, NULL, 0, 0};
    if (r.f == NULL) {
        oh_err_format(OH_ERR_VALUE, "cannot read %s: %s", path,
                      strerror(errno));
        return NULL;
    }
    oh_snapshot *s = NULL, *result = NULL;
    int limit;
    size_t ntbs, ntraces;
    if (next_line(&r) < 0 || strcmp(r.line, SNAPSHOT_MAGIC) != 0) {
        load_failed(&r, NULL, "not an objheap snapshot");
        goto done;
    }
    if (next_line(&r) < 0 || sscanf(r.line, "limit %d", &limit) != 1
        || limit < 1 || limit > OH_TRACE_MAX_FRAMES) {
        load_failed(&r, NULL, "expected 'limit N' (1..64)");
        goto done;
    }
    if ((s = snapshot_new(limit)) == NULL) {
        oh_err_no_memory();
        goto done;
    }
    if (next_line(&r) < 0 || sscanf(r.line, "tracebacks %zu", &ntbs) != 1) {
        s = load_failed(&r, s, "expected 'tracebacks N'");
        goto done;
    }
    for (size_t i = 0; i < ntbs; i++) {
        size_t nframes, total;
        if (next_line(&r) < 0
            || sscanf(r.line, "tb %zu %zu", &nframes, &total) != 2
            || nframes > OH_TRACE_MAX_FRAMES) {
            s = load_failed(&r, s, "expected 'tb NFRAMES TOTAL' (at most "
                                   "64 frames)");
            goto done;
        }
        oh_traceback *tb = tb_alloc(nframes);
        if (tb == NULL) {
            oh_err_no_memory();
            goto done;
        }
        tb->total_nframe = total;
        for (size_t j = 0; j < nframes; j++) {
            int lineno, off = 0;
            char *tab;
            if (next_line(&r) < 0
                || sscanf(r.line, "f %d %n", &lineno, &off) != 1 || off == 0
                || (tab = strchr(r.line + off, '\t')) == NULL) {
                free(tb);
                s = load_failed(&r, s, "expected 'f LINENO FILE<tab>"
                                       "FUNCTION'");
                goto done;
            }
            *tab = '\0';
            tb->frames[j].lineno = lineno;
            tb->frames[j].filename = pool_strdup(&s->strings, r.line + off);
            tb->frames[j].function = pool_strdup(&s->strings, tab + 1);
            if (!tb->frames[j].filename || !tb->frames[j].function) {
                free(tb);
                oh_err_no_memory();
                goto done;
            }
        }
        /* Keep the file's numbering: traces refer to tracebacks by
         * position, so an equal pair stays two entries. */
        if (s->ntbs == s->tbs_cap) {
            size_t cap = s->tbs_cap ? s->tbs_cap * 2 : 64;
            oh_traceback **tbs = realloc(s->tbs, cap * sizeof *tbs);
            if (tbs == NULL) {
                free(tb);
                oh_err_no_memory();
                goto done;
            }
            s->tbs = tbs;
            s->tbs_cap = cap;
        }
        s->tbs[s->ntbs++] = tb;
    }
    if (next_line(&r) < 0 || sscanf(r.line, "traces %zu", &ntraces) != 1) {
        s = load_failed(&r, s, "expected 'traces N'");
        goto done;
    }
    for (size_t i = 0; i < ntraces; i++) {
        size_t tb, size;
        if (next_line(&r) < 0 || sscanf(r.line, "t %zu %zu", &tb, &size) != 2
            || tb >= s->ntbs) {
            s = load_failed(&r, s, "expected 't TRACEBACK SIZE' with a "
                                   "known traceback");
            goto done;
        }
        if (snapshot_add_trace(s, size, tb) < 0) {
            oh_err_no_memory();
            goto done;
        }
    }
    result = s;
    s = NULL;
done:
    oh_snapshot_free(s);
    free(r.line);
    fclose(r.f);
    return result;
}

/* ==========================================================================
 * Marks: memory over time
 * ========================================================================== */

static double
monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int
oh_trace_mark(const char *label)
{
    ohi_trace_state *t = &OHI_RT->trace;
    if (label == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_trace_mark: NULL label");
        return -1;
    }
    if (t->nmarks == t->marks_cap) {
        size_t cap = t->marks_cap ? t->marks_cap * 2 : 16;
        oh_mark *m = realloc(t->marks, cap * sizeof *m);
        if (m == NULL) {
            oh_err_no_memory();
            return -1;
        }
        t->marks = m;
        t->marks_cap = cap;
    }
    char *copy = strdup(label);
    if (copy == NULL) {
        oh_err_no_memory();
        return -1;
    }
    oh_alloc_stats_t st = {.size = sizeof st};
    oh_alloc_stats(&st);
    double now = monotonic_seconds();
    if (t->nmarks == 0)
        t->mark_epoch = now;
    t->marks[t->nmarks++] = (oh_mark){
        .label = copy,
        .seconds = now - t->mark_epoch,
        .traced = t->current,
        .traced_peak = t->tracing ? t->mark_peak : 0,
        .heap = st.bytes_in_use + (size_t)st.huge_bytes.current,
        .rss = ohi_os_rss(),
    };
    t->mark_peak = t->current;
    return 0;
}

size_t
oh_trace_marks(const oh_mark **marks)
{
    const ohi_trace_state *t = &OHI_RT->trace;
    if (marks != NULL)
        *marks = t->marks;
    return t->nmarks;
}

void
oh_trace_marks_clear(void)
{
    ohi_trace_state *t = &OHI_RT->trace;
    for (size_t i = 0; i < t->nmarks; i++)
        free((char *)(uintptr_t)t->marks[i].label);
    free(t->marks);
    t->marks = NULL;
    t->nmarks = t->marks_cap = 0;
}

/* "12.3 MiB" / "-512 KiB" for the marks table (signed when asked). */
static void
format_mib(char *buf, size_t len, double bytes, bool sign)
{
    double a = bytes < 0 ? -bytes : bytes;
    if (a >= 1 << 20)
        snprintf(buf, len, sign ? "%+.1f MiB" : "%.1f MiB", bytes / (1 << 20));
    else
        snprintf(buf, len, sign ? "%+.0f KiB" : "%.0f KiB", bytes / 1024);
}

void
oh_trace_marks_print(FILE *out)
{
    const ohi_trace_state *t = &OHI_RT->trace;
    if (out == NULL)
        return;
    fprintf(out, "%-24s %8s %20s %20s %20s %12s\n", "mark", "seconds",
            "traced (change)", "heap (change)", "resident (change)",
            "traced peak");
    for (size_t i = 0; i < t->nmarks; i++) {
        const oh_mark *m = &t->marks[i], *p = i ? &t->marks[i - 1] : m;
        char a[16], da[16], b[16], db[16], c[16], dc[16], pk[16];
        format_mib(a, sizeof a, (double)m->traced, false);
        format_mib(da, sizeof da, (double)m->traced - (double)p->traced, true);
        format_mib(b, sizeof b, (double)m->heap, false);
        format_mib(db, sizeof db, (double)m->heap - (double)p->heap, true);
        format_mib(c, sizeof c, (double)m->rss, false);
        format_mib(dc, sizeof dc, (double)m->rss - (double)p->rss, true);
        format_mib(pk, sizeof pk, (double)m->traced_peak, false);
        fprintf(out, "%-24.24s %8.3f %9s (%8s) %9s (%8s) %9s (%8s) %12s\n",
                m->label, m->seconds, a, da, b, db, c, dc, pk);
    }
}
