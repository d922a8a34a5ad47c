/*
 * trace.c -- allocation tracing (tracemalloc for C), the hot path: capture
 * the stack of every allocation, record its trace, forget it at the free.
 *
 * What this file owns
 * -------------------
 * The tracer's state (ohi_trace_state in internal.h), its tables, the
 * capture of call stacks, the allocator's observer, and tracing on and
 * off.  Three files build on it, each using only the ones before it:
 * symbolize.c turns raw tracebacks into names, snapshot.c copies the
 * traces into snapshots and groups them, marks.c records memory over time.
 * Nothing here names them: they read the tables through ohi_trace_walk
 * and ohi_trace_lookup.
 *
 * While tracing, the tracer is the allocator's observer (internal.h,
 * ohi_alloc_observer): the allocator calls in here around every
 * allocation, reallocation and free that passes through its slow path
 * (an observer sets OHI_SLOW_HOOK, so with tracing off the fast paths pay
 * nothing), through the four functions it was given:
 *
 *   oh_malloc ... malloc_slow --> prepare        capture + intern the
 *     (general case)                             stack, room for 1
 *                             --> (allocate)
 *                             --> record         cannot fail
 *   oh_malloc ... malloc_slow --> (pop a block)
 *     (small, only tracing)   --> record_small   capture and record
 *                                                in one call
 *   oh_free ..... free_slow ----> forget
 *
 * Either way the promise "an allocation whose trace cannot be recorded
 * fails" is kept: prepare does every step that can run out of memory
 * before the block exists; record_small, when it fails, has recorded
 * nothing, and the allocator puts the block straight back in its pool.
 * The second way is the one nearly every traced allocation takes, and is
 * built to cost as few instructions as possible: one call into this file,
 * nothing kept in registers across a call on its common path.
 *
 * Data structures (all in C-library memory or, when large, mapped
 * directly; never objheap's pools, so the tracer cannot recurse into
 * itself)
 * -----------------------------------------------------------------------
 * A trace (a live block's size and traceback) is kept in one of two
 * places.  A block from one of objheap's pools that record_small records
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
 *   side_cache: 4,096 slots, a pool's address and class -> its side_pool
 *   threads: one part per thread: its lock and its counts (T7, T8)
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
 *    stack below the observer has a frame record {saved frame pointer,
 *    return address}.  Starting at a record of objheap's (prepare's own,
 *    or for record_small the allocator function's that calls it), it steps
 *    up while the return address is objheap's; the first one that is not
 *    is the caller's.  The caller's record is never read: its code may
 *    have been compiled without frame pointers.  Each record is checked
 *    anyway (further up the stack, less than 256 KiB away, 16-byte
 *    aligned, at most OHI_TRACE_MARGIN of them); a record that fails sends
 *    the capture to the unwinder.  When tracing starts, a probe (two calls
 *    deep) checks that this build does keep records; if not, limit 1 uses
 *    the unwinder too.  The return address is then looked up in pc_cache
 *    before interning, so an allocation from a known call site costs
 *    about twenty instructions in all.
 *  - Above limit 1, or where the walk is not possible, the unwinder
 *    captures limit + 2 * OHI_TRACE_MARGIN frames (OHI_TRACE_MARGIN
 *    covers objheap's deepest internal chain); the leading ones in
 *    objheap's range are dropped and at most `limit` of the caller's
 *    kept.  `total` counts what the capture saw from the first kept
 *    frame, up to limit + OHI_TRACE_MARGIN (so it does not depend on
 *    objheap's own depth), which is what a traceback reports as
 *    total_nframe (at limit 1, one).
 *  - Where the range is unknown (a build that compiles the sources without
 *    the script: tests/fuzz), capture keeps every raw frame as before, and
 *    which are objheap's is decided at report time by the symbolizer
 *    (symbolize.c): a frame is objheap's own when its compile unit is one
 *    of the library's sources.
 *
 * Why libunwind for the unwinder: it reads the DWARF call-frame
 * information, so it needs no frame pointers in the program's code, and
 * its unw_backtrace caches what it learns about each return address: it
 * walks a stack in 24 ns for one frame and 54 ns for sixteen.  glibc's
 * backtrace() goes through libgcc's unwinder, which re-reads the DWARF for
 * every frame: about 1 us per capture here, which made tracing 25 to 250
 * times slower than not tracing (docs/BENCHMARKS.md).  Even libunwind's
 * 50 ns is several times a 6 ns malloc/free pair, hence the frame-pointer
 * walk at limit 1 (about 20 instructions).  libunwind is loaded with
 * dlopen(RTLD_LOCAL) when tracing starts, never linked: it exports
 * _Unwind_RaiseException and friends, which must not replace libgcc's in
 * a program that throws C++ exceptions.  Without it (libunwind8 not
 * installed) the unwinder is backtrace().
 *
 * A fully static program (cc -static) cannot trace: loading libunwind,
 * libdw or glibc's own unwinder (libgcc_s) into it brings in a second
 * C library, and libunwind's unw_backtrace crashed inside the first
 * capture (issue 16).  oh_trace_start refuses it with an error that says
 * so (program_is_static), as the issue allows.
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
 * interned as a raw traceback like return addresses, with OHI_TB_SOURCE
 * set in `total`, so they never compare equal to a native traceback; the
 * symbolizer hands them back to the source for file, line and function.
 * Removing the source changes only later captures.  The source belongs
 * to the runtime that installed it (the interpreter runs in one): a
 * capture on a thread whose current runtime is another one walks the
 * native stack, so no thread reads another's interpreter frames.
 *
 * The tracer is process-wide (ohi_trace_g, not a runtime's state): its
 * tables record the blocks of every thread and every runtime.  Each
 * thread's hooks lock and count in a part of their own (T7, T8), so that
 * two threads tracing do not take turns on one lock.
 *
 * Invariants
 * ----------
 * T1. Every traced block has exactly one entry, in `traces` or in the
 *     side tables, and every entry is a live block allocated while
 *     tracing.  A side entry is at the position its block's address and
 *     pool class give, and holds that address's offset in the pool.
 * T2. current, the parts' pub + delta summed (T8), == sum of the
 *     entries' sizes whenever every lock is free; peak >= current.
 * T3. Every entry's tb is in `tbs`, and tb_list[tb->index] == tb; tbs
 *     only grows until the traces are cleared, when all the tables are
 *     emptied together.
 * T4. (traces_len + 1) * 2 <= traces_cap whenever the tables' lock is
 *     free (traces_len: the entries in `traces`): prepare and
 *     record_small grow the table to room for two more before they
 *     insert, so a record that a prepare promised (the one the
 *     allocator's lock allows at a time) still finds its slot, and the
 *     load stays at most 1/2.
 * T5. Every pc_cache slot in use holds a one-frame traceback that
 *     tb_intern gave, at the slot its frame (a return address) gives;
 *     every side_cache slot with a key holds a pool's address with a
 *     class c in its low bits, at the slot the address gives, and the
 *     pool's side_pool, of class c.  Both are written only under the
 *     tables' lock, and read by the hooks without it: a pc_cache slot is
 *     one word, whose tb says whose it is; a side_cache slot's key is
 *     emptied first and written last (side_cache_put), so a reader tells
 *     a slot caught half written.  Both are emptied with the tables; a
 *     side_pool leaves the cache before it is freed, and tbs are freed
 *     only with the tables.
 * T6. A raw traceback's `total` has OHI_TB_SOURCE iff its frames are the
 *     words of a frame source; tb_intern compares `total`, so the two
 *     kinds never share an entry.
 * T7. The locks.  Each thread that traces has a part (ohi_trace_thread)
 *     with a lock of its own, which its hooks take first; the tables'
 *     lock (`lock`) guards what the threads share.  A hook's common path
 *     (a small block, its traceback and side_pool in the caches) writes
 *     only its block's side entry, which no other hook touches at the
 *     time, and its part's counts: so it takes its part's lock alone,
 *     and two threads tracing never wait for each other there; what it
 *     reads of the rest (limit, walk_fp, the caches' arrays) changes
 *     only under every lock.  Every other path takes the tables' lock
 *     too, after its part's (prepare, which counts nothing, the tables'
 *     alone): the general ones also hold the allocator's lock, taken
 *     before both.
 *     Whoever reads or changes the tables from outside a hook takes
 *     every lock (lock_all: the list of parts; every part, by raising
 *     the gate and seeing each part's word free after a barrier on every
 *     thread, for a solo part's hooks take it with plain stores; then the
 *     tables'), and what frees or remakes them (stop, clear) the
 *     allocator's before those, so it never runs between a prepare and
 *     its record.  `tracing` is also read without a lock
 *     (oh_trace_is_tracing), as an atomic; a hook reads it under the
 *     tables' lock and records nothing once it is off.  No lock is
 *     recursive: whoever holds one must not allocate through objheap.
 * T8. The counts.  A part's pub is what its hooks have counted (bytes
 *     recorded less bytes forgotten, either sign) up to the last time it
 *     was added to `published`, which sums them; its delta is what they
 *     have counted since, under PUBLISH_STEP either way.  Its high is
 *     the most that `published` + delta reached, as that thread saw it,
 *     since the counts were last read; a reading folds the highs into
 *     peak and mark_peak.
 */
#include "internal.h"

#include <dlfcn.h>
#include <elf.h>
#include <execinfo.h>
#include <link.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#if defined(__linux__)
#  include <linux/membarrier.h>
#endif

ohi_trace_state ohi_trace_g;

#define OHI_TRACE_MARGIN 16     /* objheap's own frames, at most */
#define PC_CACHE_BITS 6         /* the capture's cache: 64 slots */
#define PC_CACHE_SLOTS (1u << PC_CACHE_BITS)

/* ==========================================================================
 * The locks (T7) and the counts (T8)
 * ========================================================================== */

/* The tables' lock is one word: taken with an atomic exchange, given
 * back with a plain store (a release).  A thread that finds it taken
 * spins a little, then yields its core until the holder is done: a
 * holder may be a walk (a snapshot, a traceback being resolved) that
 * takes milliseconds.  A thread's part has a word of the same kind, but
 * its hooks need no atomic instruction to take it ("each thread's part",
 * below).
 *
 * Where the assertions are on, a thread that would wait for a lock it
 * holds itself stops the program naming the mistake instead of spinning
 * for ever. */
#if OH_ASSERTS
static __thread bool held_part, held_all;
#endif

/* One step of a wait: a pause for the first hundred, then the core
 * yielded. */
OHI_INLINE void
wait_step(unsigned spins)
{
    if (spins >= 100)
        sched_yield();
#if defined(__x86_64__) || defined(__i386__)
    else
        __builtin_ia32_pause();
#elif defined(__aarch64__)
    else
        __asm__ volatile("yield");
#endif
}

static OHI_NOINLINE void
word_lock_wait(int *w)
{
    for (unsigned spins = 0;; spins++) {
        if (__atomic_load_n(w, __ATOMIC_RELAXED) == 0
            && __atomic_exchange_n(w, 1, __ATOMIC_ACQUIRE) == 0)
            return;
        wait_step(spins);
    }
}

/* Wait, holding nothing of the tracer's, until *w reads 0: the gate, or
 * a part's word. */
static OHI_NOINLINE void
word_wait_zero(int *w)
{
    for (unsigned spins = 0; __atomic_load_n(w, __ATOMIC_ACQUIRE); spins++)
        wait_step(spins);
}

OHI_INLINE bool
word_trylock(int *w)
{
    return OH_LIKELY(__atomic_exchange_n(w, 1, __ATOMIC_ACQUIRE) == 0);
}

OHI_INLINE void
word_lock(int *w)
{
    if (OH_UNLIKELY(!word_trylock(w)))
        word_lock_wait(w);
}

OHI_INLINE void
word_unlock(int *w)
{
    OH_ASSERT(__atomic_load_n(w, __ATOMIC_RELAXED) == 1);
    __atomic_store_n(w, 0, __ATOMIC_RELEASE);
}

static void
assert_free_to_wait(void)
{
#if OH_ASSERTS
    if (held_all || held_part)
        ohi_fatal("a lock of the tracer's was taken twice by one thread "
                  "(an allocation through objheap while holding it?)");
#endif
}

/* The tables' lock (`lock`): the hooks take it, after their thread's, for
 * what the threads share. */
OHI_INLINE void
tables_lock(ohi_trace_state *t)
{
    if (OH_UNLIKELY(!word_trylock(&t->lock))) {
#if OH_ASSERTS
        if (held_all)
            assert_free_to_wait();
#endif
        word_lock_wait(&t->lock);
    }
}

OHI_INLINE void
tables_unlock(ohi_trace_state *t)
{
    word_unlock(&t->lock);
}

/* --- each thread's part -------------------------------------------------
 *
 * A part's word `lock` is 1 while a hook of its thread runs on it.  Its
 * hooks write it with plain stores, and whoever must exclude them
 * (lock_all: a reader, start, stop, clear, a fork) does not write it at
 * all: it raises the gate (`gate`), makes every thread of the process
 * pass a full memory barrier (membarrier(2), "private expedited"), and
 * waits until every part's word reads 0.  A hook writes 1 and then reads
 * the gate.  Either the hook's load came before the barrier its core
 * passed, and then so did its store, which the reader therefore sees (and
 * waits for the hook's 0), or the load came after, and sees the gate (the
 * hook gives its word back and waits for the gate to fall).  This is
 * Dekker's exclusion with the fence moved to the rare side, as in
 * asymmetric locks and user-space RCU.
 *
 * Why: the locked exchange that took the word before is a full barrier,
 * and a barrier on every traced malloc and free kept the processor from
 * overlapping the cache misses of the blocks and side entries around
 * it; the churn workload (100,000 blocks, random frees) ran 3.6x its
 * untraced time with it and 2.0x with a plain store (docs/BENCHMARKS.md,
 * "Tracing: no barrier on the hooks' lock").
 *
 * A part is `solo` when it belongs to one thread and membarrier is
 * registered.  Otherwise (no membarrier, ThreadSanitizer builds, which do
 * not model it, the spare, which threads share, and part_none) its hooks
 * take the word with an atomic exchange, waiting while another holds it,
 * and a full fence before they read the gate: the ordinary Dekker. */

/* Whether membarrier's private expedited command is registered for this
 * process (part_key_create, once; fork_child).  Set before any part is
 * solo, and read under parts_mu by whoever could find one; atomic, since
 * the first part_take writes it before taking parts_mu. */
static bool barrier_ready;

static bool
barrier_register(void)
{
#if defined(__SANITIZE_THREAD__) || !defined(__linux__)                 \
    || !defined(SYS_membarrier)
    return false;
#else
#  if defined(__has_feature)
#    if __has_feature(thread_sanitizer)
    return false;
#    endif
#  endif
    long cmds = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0);
    if (cmds < 0 || !(cmds & MEMBARRIER_CMD_PRIVATE_EXPEDITED))
        return false;
    return syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED,
                   0) == 0;
#endif
}

/* A full memory barrier on every thread of the process now running.
 * Once registered, the command fails only if something took it away (a
 * seccomp filter installed since): the exclusion of the hooks would then
 * be lost, so that stops the program rather than reading tables that
 * hooks may be changing. */
static void
barrier_all(void)
{
#if defined(__linux__) && defined(SYS_membarrier)
    if (syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0) != 0)
        ohi_fatal("the tracer: membarrier(2) failed after it was registered "
                  "(a seccomp filter installed since tracing started?)");
#endif
}

/* The part of a thread that has none yet: not solo, so the thread's first
 * hook goes to part_lock_wait, which gives it one. */
static ohi_trace_thread part_none;

/* The calling thread's part, or part_none before its first traced call. */
static __thread ohi_trace_thread *my_part
    __attribute__((tls_model("initial-exec"))) = &part_none;

/* Guards the list of parts and their `owned` and `solo`, and is held by
 * whoever holds every lock (lock_all), so no part joins the list
 * meanwhile. */
static pthread_mutex_t parts_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_key_t part_key;
static pthread_once_t part_key_once = PTHREAD_ONCE_INIT;

static void add_published(ohi_trace_state *t, ohi_trace_thread *s);
static ohi_trace_thread *part_lock(ohi_trace_state *t);
static void part_unlock(ohi_trace_thread *s);

/* The thread key's destructor: the exiting thread's counts go into
 * `published` whole, and its part to the next thread that needs one. */
static void
part_release(void *arg)
{
    ohi_trace_state *t = OHI_TRACE;
    ohi_trace_thread *s = part_lock(t);
    OH_ASSERT(s == arg);
    add_published(t, s);
    part_unlock(s);
    my_part = &part_none;
    pthread_mutex_lock(&parts_mu);
    s->owned = false;
    pthread_mutex_unlock(&parts_mu);
}

static void
part_key_create(void)
{
    if (pthread_key_create(&part_key, part_release) != 0)
        part_key = (pthread_key_t)-1;
    __atomic_store_n(&barrier_ready, barrier_register(), __ATOMIC_RELAXED);
}

void
ohi_trace_use_fences(void)
{
    pthread_once(&part_key_once, part_key_create);
    pthread_mutex_lock(&parts_mu);
    for (const ohi_trace_thread *s = OHI_TRACE->threads; s != NULL;
         s = s->next)
        if (s->solo)
            ohi_fatal("ohi_trace_use_fences: a thread has traced already");
    __atomic_store_n(&barrier_ready, false, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&parts_mu);
}

/* A part for the calling thread: one an exited thread left, else a new
 * one; the spare, shared, when there is no memory for one (or no key to
 * give it back at exit with). */
static OHI_NOINLINE ohi_trace_thread *
part_take(ohi_trace_state *t)
{
    pthread_once(&part_key_once, part_key_create);
    pthread_mutex_lock(&parts_mu);
    if (!t->spare.owned) {
        t->spare.owned = true;          /* always, and always listed */
        t->spare.next = t->threads;
        t->threads = &t->spare;
    }
    ohi_trace_thread *s = t->threads;
    while (s != NULL && s->owned)
        s = s->next;
    void *mem;
    if (s == NULL && part_key != (pthread_key_t)-1
        && posix_memalign(&mem, _Alignof(ohi_trace_thread), sizeof *s) == 0) {
        __atomic_add_fetch(&t->own_bytes, sizeof *s, __ATOMIC_RELAXED);
        s = memset(mem, 0, sizeof *s);
        s->next = t->threads;
        t->threads = s;
    }
    if (s == NULL)
        s = &t->spare;
    else {
        s->owned = true;
        s->solo = __atomic_load_n(&barrier_ready, __ATOMIC_RELAXED);
    }
    pthread_mutex_unlock(&parts_mu);
    my_part = s;
    if (s != &t->spare)
        pthread_setspecific(part_key, s);
    return s;
}

/* Take s's word for a hook of the calling thread and find the gate down
 * (true), or find it up and give the word back (false).  A solo part's
 * word is taken with a plain store, which a reader's membarrier orders
 * before the gate's load; any other with an exchange and a fence. */
OHI_INLINE bool
part_enter(ohi_trace_state *t, ohi_trace_thread *s, bool solo)
{
    if (solo) {
        __atomic_store_n(&s->lock, 1, __ATOMIC_RELAXED);
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
    }
    else {
        word_lock(&s->lock);
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    }
    if (OH_LIKELY(!__atomic_load_n(&t->gate, __ATOMIC_ACQUIRE)))
        return true;
    __atomic_store_n(&s->lock, 0, __ATOMIC_RELEASE);
    return false;
}

/* The calling thread's part, locked, however long that takes. */
static OHI_NOINLINE ohi_trace_thread *
part_lock_wait(ohi_trace_state *t)
{
    assert_free_to_wait();
    ohi_trace_thread *s = my_part;
    if (s == &part_none)
        s = part_take(t);
    while (!part_enter(t, s, s->solo))
        word_wait_zero(&t->gate);
#if OH_ASSERTS
    held_part = true;
#endif
    return s;
}

/* The calling thread's part in *sp, locked (true), or false when it has
 * none yet, is not solo, or the gate is up: what every hook tries first.
 * A store, a compiler barrier and a load, on lines no other thread
 * writes while hooks run. */
OHI_INLINE bool
part_trylock(ohi_trace_thread **sp)
{
    ohi_trace_thread *s = *sp = my_part;
    if (OH_UNLIKELY(!s->solo) || OH_UNLIKELY(!part_enter(OHI_TRACE, s, true)))
        return false;
#if OH_ASSERTS
    held_part = true;
#endif
    return true;
}

/* The same, waiting. */
OHI_INLINE ohi_trace_thread *
part_lock(ohi_trace_state *t)
{
    ohi_trace_thread *s;
    return OH_LIKELY(part_trylock(&s)) ? s : part_lock_wait(t);
}

OHI_INLINE void
part_unlock(ohi_trace_thread *s)
{
#if OH_ASSERTS
    held_part = false;
#endif
    word_unlock(&s->lock);
}

/* Every lock: the list's, every part's (the gate, then each part's word
 * seen 0), the tables'.  No hook runs until unlock_all; a thread's first
 * hook waits for the list. */
static void
lock_all(ohi_trace_state *t)
{
    assert_free_to_wait();
    pthread_mutex_lock(&parts_mu);
    __atomic_store_n(&t->gate, 1, __ATOMIC_SEQ_CST);
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (__atomic_load_n(&barrier_ready, __ATOMIC_RELAXED))
        barrier_all();
    for (ohi_trace_thread *s = t->threads; s != NULL; s = s->next)
        word_wait_zero(&s->lock);
    word_lock(&t->lock);
#if OH_ASSERTS
    held_all = true;
#endif
}

static void
unlock_all(ohi_trace_state *t)
{
#if OH_ASSERTS
    held_all = false;
#endif
    word_unlock(&t->lock);
    __atomic_store_n(&t->gate, 0, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&parts_mu);
}

/* --- fork -----------------------------------------------------------------
 * A child has only the thread that forked: a lock of the tracer's that
 * another thread held at the fork would stay taken there for ever, and
 * the tables it was changing would be half changed.  So a fork waits for
 * every lock (the allocator's first, as stop takes them), the parent
 * gives them back, and the child releases them and leaves the parts of
 * the threads it does not have to its own new threads.  The allocator's
 * handlers are registered first (oh_trace_start makes the caller's heap
 * before registering these), so they run around these: its child handler
 * makes its lock anew, which this thread, a new one in the child, could
 * not give back. */
static void
fork_prepare(void)
{
    ohi_alloc_lock();
    lock_all(OHI_TRACE);
}

static void
fork_parent(void)
{
    unlock_all(OHI_TRACE);
    ohi_alloc_unlock();
}

static void
fork_child(void)
{
    ohi_trace_state *t = OHI_TRACE;
    /* The child is a process of its own to membarrier: its parts stay
     * solo only if it is registered too.  (Linux 6.18 here lets a child
     * inherit the registration; registering again costs nothing.) */
    bool ready = __atomic_load_n(&barrier_ready, __ATOMIC_RELAXED)
                 && barrier_register();
    __atomic_store_n(&barrier_ready, ready, __ATOMIC_RELAXED);
    for (ohi_trace_thread *s = t->threads; s != NULL; s = s->next) {
        if (s != my_part && s != &t->spare)
            s->owned = false;
        if (!ready)
            s->solo = false;
        __atomic_store_n(&s->lock, 0, __ATOMIC_RELAXED);
    }
    __atomic_store_n(&t->lock, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&t->gate, 0, __ATOMIC_RELAXED);
    pthread_mutex_t fresh = PTHREAD_MUTEX_INITIALIZER;
    parts_mu = fresh;
#if OH_ASSERTS
    held_all = false;
#endif
}

static pthread_once_t fork_once = PTHREAD_ONCE_INIT;

static void
fork_register(void)
{
    pthread_atfork(fork_prepare, fork_parent, fork_child);
}

void
ohi_trace_lock(void)
{
    lock_all(OHI_TRACE);
}

void
ohi_trace_unlock(void)
{
    unlock_all(OHI_TRACE);
}

/* --- the counts (T8) ------------------------------------------------------
 *
 * Each part counts the bytes its thread's hooks record and forget
 * (`delta`, below 0 in a thread that frees what others allocated), and
 * adds that to the shared sum `published` only once it reaches
 * PUBLISH_STEP either way (then `pub` keeps what it added).  So a hook
 * writes nothing that another thread's hooks write, and reads one shared
 * word that changes seldom.  A thread's view of the total is `published`
 * with its own delta: with one thread tracing, that is the total, and
 * the peak is exact, as tracemalloc's; with several, each view lacks
 * the others' deltas, under PUBLISH_STEP bytes each, so a peak reached
 * while several threads allocate reads within that much per other
 * thread.  Whoever holds every lock adds every delta in (counts_read):
 * `current` is then exact, and so are the views again from there. */
#define PUBLISH_STEP ((int64_t)64 << 10)

static void
add_published(ohi_trace_state *t, ohi_trace_thread *s)
{
    __atomic_add_fetch(&t->published, s->delta, __ATOMIC_RELAXED);
    s->pub += s->delta;
    s->delta = 0;
}

/* n bytes more traced, by s's thread. */
OHI_INLINE void
count_in(ohi_trace_state *t, ohi_trace_thread *s, size_t n)
{
    int64_t delta = s->delta += (int64_t)n;
    int64_t view = __atomic_load_n(&t->published, __ATOMIC_RELAXED) + delta;
    if (view > s->high)
        s->high = view;
    if (OH_UNLIKELY(delta >= PUBLISH_STEP))
        add_published(t, s);
}

OHI_INLINE void
count_out(ohi_trace_state *t, ohi_trace_thread *s, size_t n)
{
    if (OH_UNLIKELY((s->delta -= (int64_t)n) <= -PUBLISH_STEP))
        add_published(t, s);
}

/* The bytes traced now, exactly: every part's delta added in (so the
 * views are exact again), and the parts' highs folded into peak and
 * mark_peak, each high starting again from now.  Under lock_all. */
static size_t
counts_read(ohi_trace_state *t)
{
    int64_t sum = 0;
    for (ohi_trace_thread *s = t->threads; s != NULL; s = s->next) {
        s->pub += s->delta;
        s->delta = 0;
        sum += s->pub;
    }
    __atomic_store_n(&t->published, sum, __ATOMIC_RELAXED);
    OH_ASSERT(sum >= 0);                                        /* T2 */
    int64_t high = sum;
    for (ohi_trace_thread *s = t->threads; s != NULL; s = s->next) {
        if (s->high > high)
            high = s->high;
        s->high = sum;
    }
    if (high > t->peak)
        t->peak = high;
    if (high > t->mark_peak)
        t->mark_peak = high;
    return sum > 0 ? (size_t)sum : 0;
}

/* The counts back to 0, with the tables emptied (the peak since the
 * last mark stays: marks outlive the tables).  Under lock_all. */
static void
counts_clear(ohi_trace_state *t)
{
    for (ohi_trace_thread *s = t->threads; s != NULL; s = s->next)
        s->delta = s->pub = s->high = 0;
    __atomic_store_n(&t->published, 0, __ATOMIC_RELAXED);
    t->peak = 0;
}

void
ohi_trace_mark_counts(size_t *current, size_t *mark_peak)
{
    ohi_trace_state *t = OHI_TRACE;
    *current = counts_read(t);
    *mark_peak = (size_t)t->mark_peak;
    t->mark_peak = (int64_t)*current;
}

/* ==========================================================================
 * Small tools: hashing, counted C-library memory
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
        __atomic_add_fetch(&t->own_bytes, n * size, __ATOMIC_RELAXED);
    return p;
}

static void
own_free(ohi_trace_state *t, void *p, size_t bytes)
{
    if (p != NULL) {
        __atomic_sub_fetch(&t->own_bytes, bytes, __ATOMIC_RELAXED);
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
        __atomic_add_fetch(&t->own_bytes, bytes, __ATOMIC_RELAXED);
    return p;
}

static void
table_free(ohi_trace_state *t, ohi_trace_entry *e, size_t cap)
{
    if (e == NULL)
        return;
    size_t bytes = table_bytes(cap);
    __atomic_sub_fetch(&t->own_bytes, bytes, __ATOMIC_RELAXED);
    if (bytes < OHI_HUGE_PAGE)
        free(e);
    else
        ohi_os_unmap(e, bytes);
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
 * the allocator passes): the side_pool from a direct-mapped cache of 4,096
 * pools (side_cache: a program whose live blocks fill fewer pools finds
 * nearly all there, with one load and one compare), else by three
 * dependent loads; no hashing and no probing.  It lies next to the
 * entries of the blocks around it: the blocks a pool hands out one after
 * the other are traced in consecutive words, and the whole of it takes 8
 * bytes per block position (half the pool's size for 16-byte blocks,
 * 1/128 of it for 1024-byte ones), where the trace table takes 48 to 96
 * bytes per trace.  The offset stored in the entry makes a look-up exact:
 * an address that is not the one recorded there (a debug-mode pointer 16
 * bytes into its block, a pointer into the middle of one) is not taken for
 * it, and goes to the trace table.  A side_pool is kept while tracing even when its pool empties,
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
    RECIP4(32), RECIP4(36), RECIP4(40), RECIP4(44),
    RECIP4(48), RECIP4(52), RECIP4(56), RECIP4(60),
};
_Static_assert(SIDE_CLASSES == 64, "side_recip lists 64 classes");

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

/* The side cache's slot for p's pool (T5).  The 1 MiB arenas' 64 pools
 * fall in 64 consecutive slots, so 64 arenas in a 64 MiB stretch share
 * none. */
OHI_INLINE ohi_side_cache_slot *
side_cache_slot(ohi_trace_state *t, uintptr_t p)
{
    return &t->side_cache[(p >> OHI_POOL_SHIFT)
                          & ((1u << OHI_SIDE_CACHE_BITS) - 1)];
}

/* The key of p's pool with class cls: a pool's address leaves its low
 * OHI_POOL_SHIFT bits free for the class. */
OHI_INLINE uintptr_t
side_key(uintptr_t p, unsigned cls)
{
    return (p & ~(uintptr_t)SIDE_OFF_MASK) | cls;
}

/* p's side_pool of class cls from the cache, or NULL: the hooks' common
 * path, without the tables' lock, while another thread's slow path may
 * rewrite the slot (side_cache_put).  The key read on both sides of the
 * pointer tells a slot read whole from one caught half-written (a
 * sequence lock whose count is the key: a slot never goes from one key
 * back to the same key with another side_pool, since a pool's side_pool
 * changes only with its class).  The side_pool read is never freed
 * under the reader: it is freed only when its pool has changed class,
 * and then no hook is at work on a block of its old class, the only ones
 * whose key finds it. */
OHI_INLINE bool
side_cached(ohi_trace_state *t, uintptr_t p, unsigned cls, side_pool **sp)
{
    ohi_side_cache_slot *slot = side_cache_slot(t, p);
    uintptr_t key = side_key(p, cls);
    if (OH_UNLIKELY(__atomic_load_n(&slot->key, __ATOMIC_ACQUIRE) != key))
        return false;
    /* Acquire: the second read of the key comes after this one.  (A slot
     * with a key has a side_pool.) */
    *sp = __atomic_load_n(&slot->sp, __ATOMIC_ACQUIRE);
    return OH_LIKELY(__atomic_load_n(&slot->key, __ATOMIC_RELAXED) == key);
}

/* Write a slot (key 0: empty it), so that side_cached never takes one
 * half written.  Under the tables' lock, which orders the writers. */
static void
side_cache_put(ohi_side_cache_slot *slot, uintptr_t key, side_pool *sp)
{
    __atomic_store_n(&slot->key, 0, __ATOMIC_RELAXED);
    /* Release: a reader that sees this pointer sees the key emptied. */
    __atomic_store_n(&slot->sp, sp, __ATOMIC_RELEASE);
    __atomic_store_n(&slot->key, key, __ATOMIC_RELEASE);
}

/* p's side_pool (of any class) through the cache, else the walk, caching
 * what it finds if it is of class cls; NULL when it has none.  Under the
 * tables' lock. */
static inline side_pool *
side_pool_of(ohi_trace_state *t, uintptr_t p, unsigned cls)
{
    side_pool *sp;
    if (OH_LIKELY(side_cached(t, p, cls, &sp)))
        return sp;
    sp = side_pool_walk(t, p);
    if (sp != NULL && sp->cls == cls)
        side_cache_put(side_cache_slot(t, p), side_key(p, cls), sp);
    return sp;
}

/* Forget p's pool's side_pool sp in the cache, before it is freed.  Under
 * the tables' lock. */
static void
side_cache_drop(ohi_trace_state *t, uintptr_t p, const side_pool *sp)
{
    ohi_side_cache_slot *slot = side_cache_slot(t, p);
    if (__atomic_load_n(&slot->sp, __ATOMIC_RELAXED) == sp)
        side_cache_put(slot, 0, NULL);
}

/* The entry position for p, a block of class cls in sp, p's side_pool of
 * that class. */
OHI_INLINE uint64_t *
side_at(side_pool *sp, uintptr_t p, unsigned cls)
{
    return &sp->e[((p & SIDE_OFF_MASK) * side_recip[cls]) >> 32];
}

/* The same for sp p's side_pool of any class, or NULL when p has none
 * yet: NULL unless it is of class cls. */
static inline uint64_t *
side_slot(side_pool *sp, uintptr_t p, unsigned cls)
{
    if (OH_UNLIKELY(sp == NULL || sp->cls != cls))
        return NULL;
    return side_at(sp, p, cls);
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
            if (__atomic_load_n(&sp->e[k], __ATOMIC_RELAXED) != 0)
                return NULL;    /* not yet all gone: the table takes p */
        side_cache_drop(t, p, sp);
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
    memset(t->side_cache, 0, sizeof t->side_cache);
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
    counts_clear(t);
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
static OHI_NOINLINE uintptr_t
fp_caller_walk(const ohi_trace_state *t, const uintptr_t *fp)
{
    for (int depth = 0; depth < OHI_TRACE_MARGIN; depth++) {
        uintptr_t ret = fp[1];
        if (!ohi_trace_in_text(t, ret))
            return ret;
        const uintptr_t *up = (const uintptr_t *)fp[0];
        if (!fp_record_ok(fp, up))
            return WALK_FAILED;
        fp = up;
    }
    return WALK_FAILED;
}

/* The same, with the first step apart: the traced small paths reach the
 * hook by jumps from the caller's call, so the record at fp holds the
 * caller's return address, and the walk is one load and one test. */
OHI_INLINE uintptr_t
fp_caller(const ohi_trace_state *t, const uintptr_t *fp)
{
    uintptr_t ret = fp[1];
    if (OH_LIKELY(!ohi_trace_in_text(t, ret)))
        return ret;
    return fp_caller_walk(t, fp);
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
    if (!ohi_trace_in_text(t, (uintptr_t)&oh_trace_start)
        || !ohi_trace_in_text(t, (uintptr_t)&oh_malloc)) {
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
    if (t->source != NULL && t->source_rt == OHI_RT) {
        /* The language's own frames (see "Frame sources"). */
        uintptr_t words[OH_TRACE_MAX_FRAMES];
        uint32_t total = 0;
        int got = t->source->capture(words, t->limit, &total);
        size_t n = got > 0 ? (size_t)got : 0;
        return tb_intern(t, words, n, (total & ~OHI_TB_SOURCE) | OHI_TB_SOURCE);
    }
    void *pcs[OH_TRACE_MAX_FRAMES + 2 * OHI_TRACE_MARGIN];
    int got = t->capture(pcs, t->limit + 2 * OHI_TRACE_MARGIN);
    size_t n = got > 0 ? (size_t)got : 0;
    const uintptr_t *f = (const uintptr_t *)(void *)pcs;
    /* Frame 0 is this function: never the caller's. */
    size_t first = n > 0 ? 1 : 0;
    if (t->text_lo == 0)
        return tb_intern(t, f + first, n - first, n - first);
    while (first < n && ohi_trace_in_text(t, f[first]))
        first++;
    size_t avail = n - first;
    size_t keep = avail < (size_t)t->limit ? avail : (size_t)t->limit;
    /* The total seen, up to limit + OHI_TRACE_MARGIN.  objheap's own
     * frames, at most OHI_TRACE_MARGIN, took the rest of the capture: so a
     * deep stack reads the same total whatever path through objheap the
     * allocation took (a cut at the capture's end would make one call
     * site's tracebacks differ by objheap's depth). */
    size_t seen = avail < (size_t)t->limit + OHI_TRACE_MARGIN
                      ? avail : (size_t)t->limit + OHI_TRACE_MARGIN;
    /* At limit 1 the frame-pointer walk sees one frame: so do we. */
    return tb_intern(t, f + first, keep, t->limit == 1 ? keep : seen);
}

/* ==========================================================================
 * The allocator's observer
 * ========================================================================== */

/* The one-frame traceback of return address pc from the capture's cache,
 * or NULL.  Read without the tables' lock (the hooks' common path): a
 * slot holds a tb, written after the tb was made, and tbs stay until the
 * tables go (T3), so the tb a slot points to can be read, and its frame
 * says whether it is pc's. */
OHI_INLINE bool
pc_cached(const ohi_trace_state *t, uintptr_t pc, ohi_raw_tb **tbp)
{
    ohi_raw_tb *tb = *tbp = __atomic_load_n(&t->pc_cache[pc_slot(pc)],
                                            __ATOMIC_ACQUIRE);
    return OH_LIKELY(tb != NULL) && OH_LIKELY(tb->frames[0] == pc);
}

/* The traceback when the cache does not have it: pc interned (pc is 0 or
 * WALK_FAILED when there is none: then the unwinder captures).  NULL when
 * out of memory.  Under the tables' lock. */
static OHI_NOINLINE ohi_raw_tb *
tb_slow(ohi_trace_state *t, uintptr_t pc)
{
    if (pc == 0 || pc == WALK_FAILED)
        return capture_unwind(t);
    ohi_raw_tb *tb;
    if (!pc_cached(t, pc, &tb)) {
        tb = tb_intern(t, &pc, 1, 1);
        if (tb == NULL)
            return NULL;
        __atomic_store_n(&t->pc_cache[pc_slot(pc)], tb, __ATOMIC_RELEASE);
    }
    return tb;
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
    /* Most allocations come from a few call sites, whose tracebacks the
     * cache holds. */
    *pc = fp_caller(t, fp);
    ohi_raw_tb *tb;
    return pc_cached(t, *pc, &tb) ? tb : NULL;
}

/* Record p's trace in a free slot of the trace table (T4 promises one).
 * Under the tables' lock and s's. */
OHI_INLINE void
trace_put(ohi_trace_state *t, ohi_trace_thread *s, void *p, size_t n,
          ohi_raw_tb *tb)
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
    count_in(t, s, n);
}

/* Room in the trace table for two more traces, growing it if need be:
 * the one about to be put, and one that a prepare may have promised and
 * not yet recorded (T4).  -1 when out of memory. */
static inline int
table_room(ohi_trace_state *t)
{
    if (OH_LIKELY((t->traces_len + 2) * 2 <= t->traces_cap))
        return 0;
    return traces_grow(t);
}

/* The observer's prepare: the traceback of the allocation about to be
 * made, and room for its trace (T4).  Called, as record, only from the
 * allocator's general slow path, which holds its lock from prepare to
 * record: tracing cannot stop between them, and no other prepare can
 * come.  It counts nothing, so needs only the tables' lock. */
static void *
trace_prepare(void)
{
    ohi_trace_state *t = OHI_TRACE;
    uintptr_t pc;
    tables_lock(t);
    ohi_raw_tb *tb = tb_cached(t, __builtin_frame_address(0), &pc);
    if (OH_UNLIKELY(tb == NULL))
        tb = tb_slow(t, pc);
    if (tb != NULL && table_room(t) < 0)
        tb = NULL;
    tables_unlock(t);
    return tb;
}

static void
trace_record(void *p, size_t n, void *tb)
{
    ohi_trace_state *t = OHI_TRACE;
    ohi_trace_thread *s = part_lock(t);
    tables_lock(t);
    trace_put(t, s, p, n, tb);
    tables_unlock(t);
    part_unlock(s);
}

/* trace_record_small's other cases, apart so that the common case makes no
 * call and keeps nothing across one: tracing stopped, the traceback not
 * in the cache (or the caller's return address not one step up), no side
 * entry cached, or its place taken (then the trace table has p).  Called
 * with s's lock; takes the tables'; gives both back. */
static OHI_NOINLINE int
add_slow(ohi_trace_state *t, ohi_trace_thread *s, void *p, size_t n,
         unsigned cls, const void *frame)
{
    int rc = 0;
    uintptr_t pc;
    ohi_raw_tb *tb;
    uint64_t *e;
    tables_lock(t);
    if (!t->tracing)
        ;                       /* stopped since the allocator looked */
    else if ((tb = tb_cached(t, frame, &pc)) == NULL
             && (tb = tb_slow(t, pc)) == NULL)
        rc = -1;
    else if (((e = side_slot(side_pool_of(t, (uintptr_t)p, cls),
                             (uintptr_t)p, cls)) != NULL
              || (e = side_make(t, (uintptr_t)p, cls)) != NULL)
             && __atomic_load_n(e, __ATOMIC_RELAXED) == 0) {
        __atomic_store_n(e, side_entry(tb, n, (uintptr_t)p),
                         __ATOMIC_RELAXED);
        count_in(t, s, n);
    }
    else if (table_room(t) < 0)
        rc = -1;
    else
        trace_put(t, s, p, n, tb);
    tables_unlock(t);
    part_unlock(s);
    return rc;
}

/* The traced small allocation: runs without the allocator's lock
 * (alloc/slow.inc), so tracing may have stopped since the allocator saw
 * it on: the tables are then gone, and the block goes untraced, as one
 * allocated a moment later would.  `tracing` is read under the tables'
 * lock (add_slow), and walk_fp is false while tracing is off, which
 * sends that case there.
 *
 * The common case takes only the thread's own lock (T7): the caller's
 * return address one step up (the traced small paths reach here by
 * jumps from the caller's call, so `frame`'s record holds it), its
 * traceback and p's side_pool from the caches, and p's entry free. */
OHI_INLINE int
record_small_locked(ohi_trace_state *t, ohi_trace_thread *s, void *p,
                    size_t n, unsigned cls, const void *frame)
{
    uintptr_t ret = ((const uintptr_t *)frame)[1];
    if (OH_UNLIKELY(!t->walk_fp || ohi_trace_in_text(t, ret)))
        return add_slow(t, s, p, n, cls, frame);
    ohi_raw_tb *tb;
    side_pool *sp;
    if (OH_UNLIKELY(!pc_cached(t, ret, &tb)
                    || !side_cached(t, (uintptr_t)p, cls, &sp)))
        return add_slow(t, s, p, n, cls, frame);
    uint64_t *e = side_at(sp, (uintptr_t)p, cls);
    if (OH_UNLIKELY(__atomic_load_n(e, __ATOMIC_RELAXED) != 0))
        return add_slow(t, s, p, n, cls, frame);
    __atomic_store_n(e, side_entry(tb, n, (uintptr_t)p), __ATOMIC_RELAXED);
    count_in(t, s, n);
    part_unlock(s);
    return 0;
}

static OHI_NOINLINE int
record_small_wait(void *p, size_t n, unsigned cls, const void *frame)
{
    ohi_trace_state *t = OHI_TRACE;
    return record_small_locked(t, part_lock_wait(t), p, n, cls, frame);
}

/* The thread's lock is tried here and waited for apart, so that this
 * path makes no call and keeps nothing in registers across one. */
static int
trace_record_small(void *p, size_t n, unsigned cls, const void *frame)
{
    ohi_trace_thread *s;
    if (OH_UNLIKELY(!part_trylock(&s)))
        return record_small_wait(p, n, cls, frame);
    return record_small_locked(OHI_TRACE, s, p, n, cls, frame);
}

/* Remove p's trace from the trace table, if it is there (a block allocated
 * before tracing started is nowhere), shifting later members of its probe
 * run back so that no tombstones are needed.  A slot is empty when its ptr
 * is 0; its other fields are then meaningless.  Under the tables' lock and
 * s's. */
static void
table_remove(ohi_trace_state *t, ohi_trace_thread *s, uintptr_t p)
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
    OH_ASSERT(t->traces_len > 0);
    count_out(t, s, traces[i].size);
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

/* p's side entry, if it is p's: the offset it holds is p's (T1). */
OHI_INLINE bool
side_entry_is(uint64_t e, uintptr_t p)
{
    return (e & SIDE_OFF_MASK) == (p & SIDE_OFF_MASK);
}

/* forget's other cases: tracing stopped since the allocator looked (a
 * free made without the allocator's lock), p's side_pool not the cached
 * one, p not in the side tables.  Called with s's lock; takes the
 * tables'; gives both back. */
static OHI_NOINLINE void
forget_slow(ohi_trace_state *t, ohi_trace_thread *s, void *p, int cls)
{
    uint64_t *e, v;
    tables_lock(t);
    if (!t->tracing)
        ;
    else if (cls >= 0
             && (e = side_slot(side_pool_of(t, (uintptr_t)p, (unsigned)cls),
                               (uintptr_t)p, (unsigned)cls)) != NULL
             && side_entry_is(v = __atomic_load_n(e, __ATOMIC_RELAXED),
                              (uintptr_t)p)) {
        /* One entry per block, side or table (T1). */
        OH_ASSERT(trace_find(t, (uintptr_t)p) == NULL);
        __atomic_store_n(e, 0, __ATOMIC_RELAXED);
        count_out(t, s, side_entry_size(v));
    }
    else
        table_remove(t, s, (uintptr_t)p);
    tables_unlock(t);
    part_unlock(s);
}

/* The common case takes only the thread's own lock (T7): p's side_pool
 * the cached one (never while tracing is off: the cache is emptied with
 * the tables, T5), and the entry p's. */
OHI_INLINE void
forget_locked(ohi_trace_state *t, ohi_trace_thread *s, void *p, int cls)
{
    side_pool *sp;
    if (OH_UNLIKELY(cls < 0
                    || !side_cached(t, (uintptr_t)p, (unsigned)cls, &sp))) {
        forget_slow(t, s, p, cls);
        return;
    }
    uint64_t *e = side_at(sp, (uintptr_t)p, (unsigned)cls);
    uint64_t v = __atomic_load_n(e, __ATOMIC_RELAXED);
    if (OH_UNLIKELY(!side_entry_is(v, (uintptr_t)p))) {
        forget_slow(t, s, p, cls);
        return;
    }
    __atomic_store_n(e, 0, __ATOMIC_RELAXED);
    count_out(t, s, side_entry_size(v));
    part_unlock(s);
}

static OHI_NOINLINE void
forget_wait(void *p, int cls)
{
    ohi_trace_state *t = OHI_TRACE;
    forget_locked(t, part_lock_wait(t), p, cls);
}

static void
trace_forget(void *p, int cls)
{
    ohi_trace_thread *s;
    if (OH_UNLIKELY(!part_trylock(&s)))
        forget_wait(p, cls);
    else
        forget_locked(OHI_TRACE, s, p, cls);
}

static const ohi_alloc_observer trace_observer = {
    trace_prepare,
    trace_record,
    trace_record_small,
    trace_forget,
};

/* ==========================================================================
 * The traces, for the files above (symbolize.c, snapshot.c)
 * ========================================================================== */

int
ohi_trace_lookup(uintptr_t p, size_t *size, ohi_raw_tb **tb)
{
    const ohi_trace_state *t = OHI_TRACE;
    if (!t->tracing)
        return 0;
    int cls = ohi_alloc_block_class((const void *)p);
    uint64_t *e = cls >= 0 ? side_slot(side_pool_walk(t, p), p, (unsigned)cls)
                           : NULL;
    if (e != NULL && *e != 0 && (*e & SIDE_OFF_MASK) == (p & SIDE_OFF_MASK)) {
        *size = side_entry_size(*e);
        *tb = side_entry_tb(t, *e);
        return 1;
    }
    const ohi_trace_entry *te = trace_find(t, p);
    if (te == NULL)
        return 0;
    *size = te->size;
    *tb = te->tb;
    return 1;
}

typedef struct walk_ctx {
    const ohi_trace_state *t;
    ohi_trace_visitor fn;
    void *arg;
} walk_ctx;

static int
walk_side(void *arg, uint64_t e)
{
    const walk_ctx *c = arg;
    return c->fn(c->arg, side_entry_size(e), side_entry_tb(c->t, e));
}

int
ohi_trace_walk(ohi_trace_visitor fn, void *arg)
{
    const ohi_trace_state *t = OHI_TRACE;
    if (!t->tracing)
        return 0;
    for (size_t i = 0; i < t->traces_cap; i++)
        if (t->traces[i].ptr != 0) {
            int rc = fn(arg, t->traces[i].size, t->traces[i].tb);
            if (rc < 0)
                return rc;
        }
    walk_ctx c = {t, fn, arg};
    return side_walk(t, walk_side, &c);
}

/* ==========================================================================
 * Tracing on and off
 * ========================================================================== */

/* Is the running program fully static?  The first object
 * dl_iterate_phdr reports is the program itself: a dynamically linked
 * one has a PT_INTERP header (also when started as `ld.so ./prog`), a
 * static one, static-pie included, has none. */
static int
first_object_interp(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size;
    bool *has_interp = arg;
    for (ElfW(Half) i = 0; i < info->dlpi_phnum; i++)
        if (info->dlpi_phdr[i].p_type == PT_INTERP)
            *has_interp = true;
    return 1;                           /* the program only */
}

static bool
program_is_static(void)
{
    bool has_interp = false;
    dl_iterate_phdr(first_object_interp, &has_interp);
    return !has_interp;
}

int
oh_trace_start(int nframes)
{
    ohi_trace_state *t = OHI_TRACE;
    if (nframes < 1 || nframes > OH_TRACE_MAX_FRAMES) {
        oh_err_format(OH_ERR_VALUE, "the number of frames must be in "
                      "1..%d, not %d", OH_TRACE_MAX_FRAMES, nframes);
        return -1;
    }
    if (oh_trace_is_tracing())
        return 0;               /* as tracemalloc.start: no change */
    if (!OHI_TRACE_SUPPORTED) {
        oh_err_set(OH_ERR_RUNTIME, "objheap was built without tracing "
                   "support (OH_NO_TRACE)");
        return -1;
    }
    if (t->capture == NULL && program_is_static()) {
        oh_err_set(OH_ERR_RUNTIME, "tracing needs a dynamically linked "
                   "program: this one is static (cc -static), and the "
                   "unwinder and symbolizer cannot be loaded into it");
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
    /* The fork handlers: the allocator's (made with the first heap) before
     * the tracer's. */
    ohi_alloc_thread_heap();
    pthread_once(&fork_once, fork_register);
    /* The allocator's lock first, then the tracer's (T7). */
    ohi_alloc_lock();
    lock_all(t);
    int rc = 0;
    if (t->tracing)
        ;                       /* another thread started it meanwhile */
    else if (tables_make(t) < 0) {
        oh_err_no_memory();
        rc = -1;
    }
    else {
        t->limit = nframes;
        capture_setup(t);
        __atomic_store_n(&t->tracing, true, __ATOMIC_RELAXED);
        ohi_alloc_set_observer(&trace_observer);
    }
    unlock_all(t);
    ohi_alloc_unlock();
    return rc;
}

/* Tracing off, with the tables already freed or never made; whatever a
 * file above keeps only while tracing goes too (on_stop).  Under both
 * locks. */
static void
trace_off(ohi_trace_state *t)
{
    ohi_alloc_set_observer(NULL);
    __atomic_store_n(&t->tracing, false, __ATOMIC_RELAXED);
    t->limit = 0;
    t->walk_fp = false;
    void (*on_stop)(void) = t->on_stop;
    t->on_stop = NULL;
    if (on_stop != NULL)
        on_stop();
}

/* Threads: the hooks record into the tables from any thread that
 * allocates, each under its thread's lock, so every function here that
 * reads or changes them from outside a hook takes every lock (lock_all);
 * those that free or remake the tables take the allocator's lock first
 * (T7). */
void
oh_trace_stop(void)
{
    ohi_trace_state *t = OHI_TRACE;
    ohi_alloc_lock();
    lock_all(t);
    if (t->tracing) {
        tables_free(t);
        trace_off(t);
    }
    unlock_all(t);
    ohi_alloc_unlock();
}

void
ohi_trace_set_frame_source(const ohi_frame_source *src)
{
    ohi_trace_state *t = OHI_TRACE;
    lock_all(t);                /* other threads' hooks read them */
    t->source = src;
    t->source_rt = src != NULL ? OHI_RT : NULL;
    if (t->tracing)
        capture_setup(t);       /* the walk is only for native stacks */
    unlock_all(t);
}

int
oh_trace_is_tracing(void)
{
    return __atomic_load_n(&OHI_TRACE->tracing, __ATOMIC_RELAXED);
}

int
oh_trace_get_traceback_limit(void)
{
    return OHI_TRACE->limit;
}

void
oh_trace_get_traced_memory(size_t *current, size_t *peak)
{
    ohi_trace_state *t = OHI_TRACE;
    lock_all(t);
    size_t now = counts_read(t);
    if (current != NULL)
        *current = now;
    if (peak != NULL)
        *peak = (size_t)t->peak;
    unlock_all(t);
}

void
oh_trace_reset_peak(void)
{
    ohi_trace_state *t = OHI_TRACE;
    lock_all(t);
    t->peak = (int64_t)counts_read(t);
    unlock_all(t);
}

size_t
oh_trace_get_tracemalloc_memory(void)
{
    return __atomic_load_n(&OHI_TRACE->own_bytes, __ATOMIC_RELAXED);
}

void
oh_trace_clear_traces(void)
{
    ohi_trace_state *t = OHI_TRACE;
    ohi_alloc_lock();
    lock_all(t);
    if (t->tracing) {
        tables_free(t);
        if (tables_make(t) < 0) {
            /* Nothing left to trace into: stop rather than run
             * untraced. */
            trace_off(t);
        }
    }
    unlock_all(t);
    ohi_alloc_unlock();
}

