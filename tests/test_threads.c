/*
 * test_threads.c -- the allocator from many threads (alloc.c, "Heaps and
 * threads"; H1-H4).
 *
 * Every block a test allocates is filled with a pattern derived from its
 * size and a per-block seed, and checked byte for byte before it is freed
 * (the shadow model: a block handed out twice, written by another thread
 * or freed into the wrong pool shows as a broken pattern, not as a crash
 * somewhere later).  After each workload every block is freed and the
 * allocator's own consistency check (oh_alloc_check) must pass, with no
 * block of ours left in use.  `make test` also runs this program built
 * with ThreadSanitizer (build/tsan/), which reports any unsynchronised
 * access the workloads make inside objheap.  Criterion's runner does not
 * start under ThreadSanitizer, so that build (-DTHREADS_STANDALONE) has a
 * main of its own that runs the same tests one after another in one
 * process; CHECK and THREAD_TEST below are the two builds' common words.
 */
#include "internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef THREADS_STANDALONE
#  include <criterion/criterion.h>
#  define CHECK(...) cr_assert(__VA_ARGS__)
#  define THREAD_TEST(name) Test(threads, name)
#else
/* The condition's text is the message here; Criterion prints both. */
#  include <stdio.h>
#  define CHECK(...) CHECK_COND(__VA_ARGS__, "")
#  define CHECK_COND(cond, ...)                                            \
    do {                                                                  \
        if (!(cond)) {                                                    \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,        \
                    __LINE__, #cond);                                     \
            abort();                                                      \
        }                                                                 \
    } while (0)
typedef struct thread_test {
    const char *name;
    void (*fn)(void);
} thread_test;
static thread_test tests[24];
static int ntests;
#  define THREAD_TEST(name)                                                \
    static void name(void);                                               \
    __attribute__((constructor)) static void register_##name(void)        \
    {                                                                     \
        tests[ntests++] = (thread_test){#name, name};                     \
    }                                                                     \
    static void name(void)
#endif

/* --- the shadow model ----------------------------------------------------- */

typedef struct shadow {
    unsigned char *p;
    size_t n;
    uint32_t seed;
} shadow;

static unsigned char
pattern_byte(uint32_t seed, size_t i)
{
    return (unsigned char)((seed * 2654435761u + (uint32_t)i * 40503u) >> 13);
}

static void
fill(shadow *s)
{
    for (size_t i = 0; i < s->n; i++)
        s->p[i] = pattern_byte(s->seed, i);
}

/* Is the block as its owner wrote it?  Checks every byte of small blocks,
 * and the first and last 64 of big ones (the middle costs time, not
 * coverage: a block is handed out as a whole). */
static bool
intact(const shadow *s)
{
    for (size_t i = 0; i < s->n; i++) {
        if (s->n > 256 && i == 64)
            i = s->n - 64;
        if (s->p[i] != pattern_byte(s->seed, i))
            return false;
    }
    return true;
}

/* A size from each range the allocator serves differently: mostly small
 * (pools), some medium (spans, 1025 bytes to OH_MEDIUM_MAX), a few from
 * the C library (up to the huge threshold) and a few huge (mapped). */
static size_t
pick_size(uint32_t *rng)
{
    *rng = *rng * 1103515245u + 12345u;
    uint32_t r = *rng >> 8;
    if (r % 100 == 0)
        return 128 * 1024 + r % 70000;
    if (r % 50 == 1)
        return OH_MEDIUM_MAX + 1 + r % (OHI_HUGE_MIN - OH_MEDIUM_MAX - 1);
    if (r % 10 == 2)
        return OH_SMALL_MAX + 1 + r % 4000;
    if (r % 10 == 3)
        return OH_SMALL_MAX + 1 + r % (OH_MEDIUM_MAX - OH_SMALL_MAX);
    return 1 + r % OH_SMALL_MAX;
}

static bool
make_block(shadow *s, uint32_t *rng, uint32_t seed)
{
    s->n = pick_size(rng);
    s->seed = seed;
    s->p = oh_malloc(s->n);
    if (s->p == NULL)
        return false;
    fill(s);
    return true;
}

static size_t
baseline_blocks(void)
{
    return oh_alloc_blocks_in_use();
}

/* --- each thread churns its own blocks ------------------------------------ */

#define CHURN_THREADS 8
#define CHURN_SLOTS 512
#define CHURN_ROUNDS 20000

typedef struct churn_arg {
    uint32_t id;
    atomic_int bad;
} churn_arg;

static void *
churn(void *varg)
{
    churn_arg *arg = varg;
    shadow slots[CHURN_SLOTS] = {{0}};
    uint32_t rng = arg->id * 7919u + 1;
    for (uint32_t round = 0; round < CHURN_ROUNDS; round++) {
        shadow *s = &slots[(rng >> 4) % CHURN_SLOTS];
        if (s->p != NULL) {
            if (!intact(s))
                atomic_fetch_add(&arg->bad, 1);
            if (round % 3 == 0) {
                /* grow or shrink it in place of a free */
                size_t n = pick_size(&rng);
                unsigned char *q = oh_realloc(s->p, n);
                if (q == NULL) {
                    atomic_fetch_add(&arg->bad, 1);
                    continue;
                }
                size_t keep = n < s->n ? n : s->n;
                s->p = q;
                s->n = keep;
                if (!intact(s))
                    atomic_fetch_add(&arg->bad, 1);
                s->n = n;
                fill(s);
                continue;
            }
            oh_free(s->p);
            s->p = NULL;
        }
        else if (!make_block(s, &rng, arg->id << 20 | round)) {
            atomic_fetch_add(&arg->bad, 1);
        }
        rng = rng * 1103515245u + 12345u;
    }
    for (size_t i = 0; i < CHURN_SLOTS; i++) {
        if (slots[i].p != NULL) {
            if (!intact(&slots[i]))
                atomic_fetch_add(&arg->bad, 1);
            oh_free(slots[i].p);
        }
    }
    return NULL;
}

THREAD_TEST(each_thread_churns_its_own_blocks)
{
    size_t before = baseline_blocks();
    pthread_t t[CHURN_THREADS];
    churn_arg args[CHURN_THREADS];
    for (uint32_t i = 0; i < CHURN_THREADS; i++) {
        args[i].id = i + 1;
        atomic_init(&args[i].bad, 0);
        CHECK(pthread_create(&t[i], NULL, churn, &args[i]) == 0);
    }
    for (int i = 0; i < CHURN_THREADS; i++) {
        pthread_join(t[i], NULL);
        CHECK(atomic_load(&args[i].bad) == 0,
              "thread %d saw %d broken blocks", i, atomic_load(&args[i].bad));
    }
    oh_alloc_check();
    CHECK(baseline_blocks() == before);
}

/* --- more heaps than the radix map has owner ids ------------------------- *
 * The first OHI_MAP_IDS heaps have their id in their arenas' map bytes
 * (MB1); the ones after write the plain ARENA and MEDIUM bytes and their
 * frees take the owner test of the arena header.  All of them alive at
 * once, each allocating small and medium blocks and freeing half of its
 * neighbour's: a heap past the ids frees into one with an id and back. */

#define MANY_HEAPS (OHI_MAP_IDS + 12)
#define MANY_BLOCKS 64

typedef struct many_arg {
    uint32_t id;
    shadow blocks[MANY_BLOCKS];
    struct many_arg *next;      /* the neighbour whose blocks it frees */
    pthread_barrier_t *made, *freed;
    atomic_int bad;
} many_arg;

static void *
many_heaps_thread(void *varg)
{
    many_arg *arg = varg;
    uint32_t rng = arg->id * 104729u + 7;
    for (size_t i = 0; i < MANY_BLOCKS; i++) {
        shadow *s = &arg->blocks[i];
        s->n = i % 4 == 3 ? OH_SMALL_MAX + 1 + (rng >> 8) % 20000
                          : 1 + (rng >> 8) % OH_SMALL_MAX;
        s->seed = arg->id << 8 | (uint32_t)i;
        rng = rng * 1103515245u + 12345u;
        s->p = oh_malloc(s->n);
        if (s->p == NULL)
            atomic_fetch_add(&arg->bad, 1);
        else
            fill(s);
    }
    pthread_barrier_wait(arg->made);
    /* The neighbour's even blocks (another heap), then our odd ones. */
    for (size_t i = 0; i < MANY_BLOCKS; i += 2) {
        shadow *s = &arg->next->blocks[i];
        if (s->p != NULL && !intact(s))
            atomic_fetch_add(&arg->bad, 1);
        oh_free(s->p);
    }
    for (size_t i = 1; i < MANY_BLOCKS; i += 2) {
        shadow *s = &arg->blocks[i];
        if (s->p != NULL && !intact(s))
            atomic_fetch_add(&arg->bad, 1);
        oh_free(s->p);
    }
    pthread_barrier_wait(arg->freed);   /* every heap alive until here */
    return NULL;
}

THREAD_TEST(more_heaps_than_map_ids)
{
    size_t before = baseline_blocks();
    static many_arg args[MANY_HEAPS];
    static pthread_t t[MANY_HEAPS];
    pthread_barrier_t made, freed;
    CHECK(pthread_barrier_init(&made, NULL, MANY_HEAPS) == 0);
    CHECK(pthread_barrier_init(&freed, NULL, MANY_HEAPS) == 0);
    for (uint32_t i = 0; i < MANY_HEAPS; i++) {
        args[i].id = i + 1;
        args[i].next = &args[(i + 1) % MANY_HEAPS];
        args[i].made = &made;
        args[i].freed = &freed;
        atomic_init(&args[i].bad, 0);
    }
    for (uint32_t i = 0; i < MANY_HEAPS; i++)
        CHECK(pthread_create(&t[i], NULL, many_heaps_thread, &args[i]) == 0);
    for (uint32_t i = 0; i < MANY_HEAPS; i++) {
        pthread_join(t[i], NULL);
        CHECK(atomic_load(&args[i].bad) == 0,
              "thread %u saw %d broken blocks", i, atomic_load(&args[i].bad));
    }
    pthread_barrier_destroy(&made);
    pthread_barrier_destroy(&freed);
    CHECK(ohi_alloc_sh.map_ids == OHI_MAP_IDS, "every map id given out");
    oh_alloc_check();
    CHECK(baseline_blocks() == before);
}

/* --- blocks freed by another thread (producer / consumer) --------------- */

#define QUEUE_CAP 1024
/* Under ThreadSanitizer a fifth: the pair passes the same paths, and took
 * two minutes of `make test` with the full count. */
#ifdef THREADS_STANDALONE
#  define PAIR_BLOCKS 40000
#else
#  define PAIR_BLOCKS 200000
#endif

/* A bounded single-producer single-consumer queue of shadows. */
typedef struct queue {
    shadow slot[QUEUE_CAP];
    atomic_size_t head;         /* next to take */
    atomic_size_t tail;         /* next to fill */
    atomic_int bad;
    uint32_t blocks;            /* how many pass; 0: PAIR_BLOCKS */
} queue;

static uint32_t
queue_blocks(const queue *q)
{
    return q->blocks != 0 ? q->blocks : PAIR_BLOCKS;
}

static void *
producer(void *varg)
{
    queue *q = varg;
    uint32_t rng = 99;
    for (uint32_t i = 0; i < queue_blocks(q); i++) {
        size_t tail = atomic_load_explicit(&q->tail, memory_order_relaxed);
        while (tail - atomic_load_explicit(&q->head, memory_order_acquire)
               == QUEUE_CAP)
            sched_yield();
        shadow *s = &q->slot[tail % QUEUE_CAP];
        if (!make_block(s, &rng, i))
            atomic_fetch_add(&q->bad, 1);
        atomic_store_explicit(&q->tail, tail + 1, memory_order_release);
    }
    return NULL;
}

static void *
consumer(void *varg)
{
    queue *q = varg;
    for (uint32_t i = 0; i < queue_blocks(q); i++) {
        size_t head = atomic_load_explicit(&q->head, memory_order_relaxed);
        while (atomic_load_explicit(&q->tail, memory_order_acquire) == head)
            sched_yield();
        shadow s = q->slot[head % QUEUE_CAP];
        atomic_store_explicit(&q->head, head + 1, memory_order_release);
        if (s.p == NULL || !intact(&s))
            atomic_fetch_add(&q->bad, 1);
        /* Every third block is resized by the consumer first: a realloc
         * of another thread's block moves it into the consumer's heap. */
        if (s.p != NULL && i % 3 == 0) {
            unsigned char *r = oh_realloc(s.p, s.n + 100);
            if (r == NULL || memcmp(r, (unsigned char[]){pattern_byte(
                                           s.seed, 0)}, 1) != 0)
                atomic_fetch_add(&q->bad, 1);
            s.p = r;
        }
        oh_free(s.p);
    }
    return NULL;
}

/* A producer and a consumer passing `blocks` blocks (0: PAIR_BLOCKS);
 * every one must arrive intact. */
static void
run_pair(uint32_t blocks)
{
    queue *q = calloc(1, sizeof *q);
    CHECK(q != NULL);
    q->blocks = blocks;
    pthread_t p, c;
    CHECK(pthread_create(&p, NULL, producer, q) == 0);
    CHECK(pthread_create(&c, NULL, consumer, q) == 0);
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    CHECK(atomic_load(&q->bad) == 0, "%d broken blocks",
          atomic_load(&q->bad));
    free(q);
}

THREAD_TEST(blocks_freed_by_another_thread_go_back_to_their_owner)
{
    size_t before = baseline_blocks();
    run_pair(0);
    oh_alloc_check();
    CHECK(baseline_blocks() == before,
          "every block went back: the producer's heap, abandoned at "
                 "its exit, collected the consumer's frees");
}

/* --- a thread that exits with live blocks --------------------------------- */

#define ORPHANS 20000

typedef struct orphan_arg {
    shadow *blocks;
    size_t n;
    size_t max;                 /* sizes from 1 to max */
} orphan_arg;

static void *
make_orphans(void *varg)
{
    orphan_arg *arg = varg;
    uint32_t rng = 4242;
    for (size_t i = 0; i < arg->n; i++) {
        arg->blocks[i].n = 1 + (rng >> 8) % arg->max;
        rng = rng * 1103515245u + 12345u;
        arg->blocks[i].seed = (uint32_t)i;
        arg->blocks[i].p = oh_malloc(arg->blocks[i].n);
        if (arg->blocks[i].p != NULL)
            fill(&arg->blocks[i]);
    }
    return NULL;
}

static void *
thread_allocates_little(void *varg)
{
    (void)varg;
    void *p = oh_malloc(40);
    oh_free(p);
    return NULL;
}

THREAD_TEST(a_thread_may_exit_with_live_blocks)
{
    size_t before = baseline_blocks();
    oh_alloc_stats_t st0 = {.size = sizeof st0};
    CHECK(oh_alloc_stats(&st0) == 0);
    shadow *blocks = calloc(ORPHANS, sizeof *blocks);
    orphan_arg arg = {blocks, ORPHANS, 480};    /* all in pools, in debug
                                                   mode too */
    pthread_t t;
    CHECK(pthread_create(&t, NULL, make_orphans, &arg) == 0);
    pthread_join(t, NULL);
    /* Its heap is abandoned now; its blocks are live and ours to free. */
    CHECK(baseline_blocks() >= before + ORPHANS);
    oh_alloc_check();
    /* A new thread takes the abandoned heap over (H4) while the blocks
     * are still live; its own block comes and goes. */
    CHECK(pthread_create(&t, NULL, thread_allocates_little, NULL) == 0);
    pthread_join(t, NULL);
    for (size_t i = 0; i < ORPHANS; i++) {
        CHECK(blocks[i].p != NULL);
        CHECK(intact(&blocks[i]), "block %zu was overwritten", i);
        oh_free(blocks[i].p);
    }
    free(blocks);
    oh_alloc_check();
    CHECK(baseline_blocks() == before);
    /* The memory went back: the abandoned heap keeps no reserve pool and
     * no drained arena, so the arenas are back where they were. */
    oh_alloc_stats_t st1 = {.size = sizeof st1};
    CHECK(oh_alloc_stats(&st1) == 0);
    CHECK(st1.arenas.current <= st0.arenas.current + 1,
          "%lld arenas mapped, %lld before", (long long)st1.arenas.current,
          (long long)st0.arenas.current);
}

/* Threads that come and go reuse the heaps of those that went: the heap
 * list does not grow with every thread ever started (H2, H4). */
THREAD_TEST(exited_threads_heaps_are_reused)
{
    pthread_t t;
    CHECK(pthread_create(&t, NULL, thread_allocates_little, NULL) == 0);
    pthread_join(t, NULL);
    size_t heaps = 0;
    for (ohi_alloc_state *h = ohi_alloc_heaps(); h; h = h->next_heap)
        heaps++;
    for (int i = 0; i < 50; i++) {
        CHECK(pthread_create(&t, NULL, thread_allocates_little, NULL) == 0);
        pthread_join(t, NULL);
    }
    size_t after = 0;
    for (ohi_alloc_state *h = ohi_alloc_heaps(); h; h = h->next_heap)
        after++;
    CHECK(after == heaps, "%zu heaps after 50 threads, %zu before", after,
          heaps);
}

/* Threads that fill and free arenas in rounds hand their drained arenas
 * to the shared warm list and take them back (alloc/warm.inc): the list
 * stays ordered and counted (W1-W3) whatever the interleaving. */
enum { WARM_THREADS = 4 };

static void *
fill_and_free_arenas(void *varg)
{
    (void)varg;
    /* About 3 arenas of 256-byte blocks: small enough that a debug
     * build's blocks, with their header and guard, stay in pools. */
    enum { N = 12000 };
    void **ps = malloc(N * sizeof *ps);
    CHECK(ps != NULL);
    for (int round = 0; round < 20; round++) {
        for (int i = 0; i < N; i++)
            CHECK((ps[i] = oh_malloc(256)) != NULL);
        for (int i = 0; i < N; i++)
            oh_free(ps[i]);
    }
    free(ps);
    return NULL;
}

THREAD_TEST(threads_share_warm_arenas)
{
    unsigned old = oh_alloc_set_retain(60000);
    pthread_t t[WARM_THREADS];
    for (int i = 0; i < WARM_THREADS; i++)
        CHECK(pthread_create(&t[i], NULL, fill_and_free_arenas, NULL) == 0);
    for (int i = 0; i < WARM_THREADS; i++)
        pthread_join(t[i], NULL);
    oh_alloc_check();
    oh_alloc_stats_t st = {.size = sizeof st};
    CHECK(oh_alloc_stats(&st) == 0);
    CHECK(st.retained_bytes > 0, "the drained arenas are warm");
    oh_alloc_set_retain(old);
    oh_alloc_trim();
    CHECK(oh_alloc_stats(&st) == 0 && st.retained_bytes == 0);
    oh_alloc_check();
}

/* The statistics add up over every heap: blocks allocated by two threads
 * and still live are counted once each. */
static void *
hold_blocks(void *varg)
{
    void **out = varg;
    for (int i = 0; i < 100; i++)
        out[i] = oh_malloc(24);
    return NULL;
}

THREAD_TEST(statistics_count_every_heap)
{
    oh_alloc_stats_t st0 = {.size = sizeof st0};
    CHECK(oh_alloc_stats(&st0) == 0);
    void *mine[100], *theirs[100];
    for (int i = 0; i < 100; i++)
        mine[i] = oh_malloc(24);
    pthread_t t;
    CHECK(pthread_create(&t, NULL, hold_blocks, theirs) == 0);
    pthread_join(t, NULL);
    oh_alloc_stats_t st1 = {.size = sizeof st1};
    CHECK(oh_alloc_stats(&st1) == 0);
    CHECK(st1.blocks_in_use == st0.blocks_in_use + 200);
    for (int i = 0; i < 100; i++) {
        oh_free(mine[i]);
        oh_free(theirs[i]);
    }
    oh_alloc_stats_t st2 = {.size = sizeof st2};
    CHECK(oh_alloc_stats(&st2) == 0);
    CHECK(st2.blocks_in_use == st0.blocks_in_use);
}

/* Fault injection and debug mode are process-wide: a thread started after
 * they are switched on runs under them too. */
static void *
alloc_one(void *varg)
{
    (void)varg;
    return oh_malloc(32);
}

THREAD_TEST(settings_reach_every_thread)
{
    oh_alloc_set_fail(1, 1);
    pthread_t t;
    void *res = (void *)1;
    CHECK(pthread_create(&t, NULL, alloc_one, NULL) == 0);
    pthread_join(t, &res);
    oh_alloc_set_fail(0, 0);
    CHECK(res == NULL, "the other thread's allocation failed on purpose");
    CHECK(pthread_create(&t, NULL, alloc_one, NULL) == 0);
    pthread_join(t, &res);
    CHECK(res != NULL);
    oh_free(res);
    oh_alloc_check();
}

/* Tracing is process-wide as well: the hooks of every thread record into
 * the one table (under the tables' lock), while the main thread reads
 * it (snapshots, traced memory) at the same time.  Not in the
 * ThreadSanitizer build: the tracer captures stacks with libunwind, whose
 * thread-exit destructor crashes under ThreadSanitizer's interceptors
 * (run by hand before that, it found the snapshot reading the table
 * before taking the lock). */
#ifndef THREADS_STANDALONE
#define TRACED_THREADS 4
#define TRACED_LEFT 100

static void *
traced_worker(void *varg)
{
    void **left = varg;
    void *ring[64] = {0};
    for (int i = 0; i < 20000; i++) {
        oh_free(ring[i % 64]);
        ring[i % 64] = oh_malloc(16 + (size_t)i % 300);
    }
    for (int i = 0; i < 64; i++)
        oh_free(ring[i]);
    for (int i = 0; i < TRACED_LEFT; i++)
        left[i] = oh_malloc(77);
    return NULL;
}

THREAD_TEST(tracing_sees_every_thread)
{
    CHECK(oh_trace_start(2) == 0);
    size_t before = 0;
    oh_trace_get_traced_memory(&before, NULL);
    static void *left[TRACED_THREADS][TRACED_LEFT];
    pthread_t t[TRACED_THREADS];
    for (int i = 0; i < TRACED_THREADS; i++)
        CHECK(pthread_create(&t[i], NULL, traced_worker, left[i]) == 0);
    for (int k = 0; k < 5; k++) {
        oh_snapshot *s = oh_trace_take_snapshot();
        CHECK(s != NULL);
        oh_snapshot_free(s);
        size_t now = 0;
        oh_trace_get_traced_memory(&now, NULL);
    }
    for (int i = 0; i < TRACED_THREADS; i++)
        pthread_join(t[i], NULL);
    size_t now = 0;
    oh_trace_get_traced_memory(&now, NULL);
    CHECK(now >= before + TRACED_THREADS * TRACED_LEFT * 77,
          "%zu bytes traced, %zu before", now, before);
    oh_snapshot *s = oh_trace_take_snapshot();
    CHECK(s != NULL && oh_snapshot_ntraces(s) >= TRACED_THREADS * TRACED_LEFT);
    oh_snapshot_free(s);
    for (int i = 0; i < TRACED_THREADS; i++)
        for (int j = 0; j < TRACED_LEFT; j++)
            oh_free(left[i][j]);
    oh_trace_get_traced_memory(&now, NULL);
    CHECK(now == before, "%zu bytes traced after the frees, %zu before", now,
          before);
    oh_trace_stop();
    oh_alloc_check();
}
#endif

/* --- tracing at one frame, without the allocator's lock ------------------
 * The traced small paths take only the tracer's own lock (trace.c, T7): a
 * block freed by another thread has its trace removed before it is
 * pushed to its owner (alloc/slow.inc, free_traced_small), and tracing
 * may stop and start while other threads allocate.  These run in the
 * ThreadSanitizer build too: at one frame the capture follows frame
 * pointers, so the threads never enter libunwind. */

#define HANDED 2000

THREAD_TEST(traced_blocks_freed_by_another_thread)
{
    size_t before = baseline_blocks();
    CHECK(oh_trace_start(1) == 0);
    size_t traced0 = 0, now = 0;
    oh_trace_get_traced_memory(&traced0, NULL);

    /* Another thread's blocks, each traced, freed here (remote frees). */
    static shadow blocks[HANDED];
    orphan_arg arg = {blocks, HANDED, OH_SMALL_MAX};    /* pools */
    pthread_t t;
    CHECK(pthread_create(&t, NULL, make_orphans, &arg) == 0);
    pthread_join(t, NULL);
    size_t sum = 0;
    for (size_t i = 0; i < HANDED; i++) {
        CHECK(blocks[i].p != NULL && intact(&blocks[i]));
        size_t size = 0;
        ohi_raw_tb *tb = NULL;
        ohi_trace_lock();
        int found = ohi_trace_lookup((uintptr_t)blocks[i].p, &size, &tb);
        ohi_trace_unlock();
        CHECK(found == 1 && size == blocks[i].n && tb != NULL,
              "block %zu: its trace, of its size", i);
        sum += blocks[i].n;
    }
    oh_trace_get_traced_memory(&now, NULL);
    CHECK(now == traced0 + sum, "%zu bytes traced, %zu expected", now,
          traced0 + sum);
    for (size_t i = 0; i < HANDED; i++)
        oh_free(blocks[i].p);
    oh_trace_get_traced_memory(&now, NULL);
    CHECK(now == traced0, "%zu bytes traced after the frees, %zu before",
          now, traced0);

    /* A producer and a consumer, all sizes, reallocs of the other's
     * blocks: every trace goes when its block does.  A tenth of the
     * untraced test's blocks, which take long enough under
     * ThreadSanitizer. */
    run_pair(PAIR_BLOCKS / 10);
    oh_trace_get_traced_memory(&now, NULL);
    CHECK(now == traced0, "%zu bytes traced after the pair, %zu before",
          now, traced0);
    oh_trace_stop();
    oh_alloc_check();
    CHECK(baseline_blocks() == before);
}

THREAD_TEST(tracing_starts_and_stops_while_threads_allocate)
{
    size_t before = baseline_blocks();
    churn_arg args[2] = {{.id = 11}, {.id = 12}};
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&t[i], NULL, churn, &args[i]) == 0);
    for (int k = 0; k < 200; k++) {
        CHECK(oh_trace_start(1) == 0);
        if (k % 10 == 0) {
            oh_snapshot *s = oh_trace_take_snapshot();
            CHECK(s != NULL);
            oh_snapshot_free(s);
        }
        if (k % 10 == 5)
            oh_trace_clear_traces();
        oh_trace_stop();
    }
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 2; i++)
        CHECK(atomic_load(&args[i].bad) == 0, "%d broken blocks",
              atomic_load(&args[i].bad));
    oh_alloc_check();
    CHECK(baseline_blocks() == before);
}

/* --- the counts while several threads trace -----------------------------
 * Each thread's hooks count into a part of their own (trace.c, T8), added
 * to the shared total in steps, and whole when the thread exits; a
 * thread's part goes to the next thread that starts. */

#define COUNTED_THREADS 40
#define COUNTED_BLOCKS 1000     /* of 100 bytes: over a step of 64 KiB */

typedef struct counted_arg {
    void *left[COUNTED_BLOCKS / 2];
    size_t keep;                /* how many it leaves allocated */
} counted_arg;

static void *
counted_worker(void *varg)
{
    counted_arg *a = varg;
    void *all[COUNTED_BLOCKS];
    for (size_t i = 0; i < COUNTED_BLOCKS; i++)
        all[i] = oh_malloc(100);
    for (size_t i = 0; i < COUNTED_BLOCKS; i++) {
        if (i < a->keep)
            a->left[i] = all[i];
        else
            oh_free(all[i]);
    }
    return NULL;
}

static size_t
trace_parts(void)
{
    size_t n = 0;
    ohi_trace_lock();
    for (const ohi_trace_thread *s = OHI_TRACE->threads; s != NULL;
         s = s->next)
        n++;
    ohi_trace_unlock();
    return n;
}

THREAD_TEST(traced_counts_across_threads_and_their_exits)
{
    size_t before = baseline_blocks();
    CHECK(oh_trace_start(1) == 0);
    oh_free(oh_malloc(8));      /* this thread has a part of its own */
    size_t c0 = 0, now = 0, peak = 0;
    oh_trace_get_traced_memory(&c0, NULL);
    oh_trace_reset_peak();

    /* One thread at a time: each leaves some blocks and exits.  With one
     * thread tracing, and the ones before it gone (their counts added
     * whole), the peak is exact: the most left before a thread, plus all
     * that thread allocates. */
    static counted_arg args[COUNTED_THREADS];
    size_t left = 0, expect_peak = c0, parts0 = 0;
    for (int i = 0; i < COUNTED_THREADS; i++) {
        if (i == 1)
            parts0 = trace_parts();
        args[i].keep = (size_t)(i * 37) % (COUNTED_BLOCKS / 2);
        if (c0 + left + COUNTED_BLOCKS * 100 > expect_peak)
            expect_peak = c0 + left + COUNTED_BLOCKS * 100;
        pthread_t t;
        CHECK(pthread_create(&t, NULL, counted_worker, &args[i]) == 0);
        pthread_join(t, NULL);
        left += args[i].keep * 100;
    }
    /* This thread's view has the exited threads' counts whole: a peak it
     * reaches is exact too. */
    static void *mine[600];
    for (int i = 0; i < 600; i++)
        mine[i] = oh_malloc(100);
    for (int i = 0; i < 600; i++)
        oh_free(mine[i]);
    if (c0 + left + 60000 > expect_peak)
        expect_peak = c0 + left + 60000;
    oh_trace_get_traced_memory(&now, &peak);
    CHECK(now == c0 + left, "%zu bytes traced, %zu expected", now, c0 + left);
    CHECK(peak == expect_peak, "peak %zu, %zu expected", peak, expect_peak);
    /* The exited threads' parts were taken over: no more than the first
     * thread made (one more, should a thread start before the last one's
     * exit is done). */
    size_t parts = trace_parts();
    CHECK(parts <= parts0 + 1, "%zu parts after %d threads, %zu after one",
          parts, COUNTED_THREADS, parts0);

    /* Two at once, each allocating 100,000 bytes and freeing them: the
     * peak is at least one thread's whole, at most both. */
    oh_trace_reset_peak();
    counted_arg two[2] = {{.keep = 0}, {.keep = 0}};
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&t[i], NULL, counted_worker, &two[i]) == 0);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    oh_trace_get_traced_memory(&now, &peak);
    CHECK(now == c0 + left, "%zu bytes traced, %zu expected", now, c0 + left);
    CHECK(peak >= c0 + left + COUNTED_BLOCKS * 100
              && peak <= c0 + left + 2 * COUNTED_BLOCKS * 100,
          "peak %zu of two threads", peak);

    for (int i = 0; i < COUNTED_THREADS; i++)
        for (size_t j = 0; j < args[i].keep; j++)
            oh_free(args[i].left[j]);
    oh_trace_get_traced_memory(&now, NULL);
    CHECK(now == c0, "%zu bytes traced after the frees, %zu before", now, c0);
    oh_trace_stop();
    oh_alloc_check();
    CHECK(baseline_blocks() == before);
}

/* A worker that allocates and frees traced blocks until told to stop. */
static atomic_int traced_stop;

static void *
traced_until_stopped(void *varg)
{
    (void)varg;
    void *ring[32] = {0};
    for (unsigned i = 0; !atomic_load(&traced_stop); i++) {
        oh_free(ring[i % 32]);
        ring[i % 32] = oh_malloc(16 + i % 600);
    }
    for (int i = 0; i < 32; i++)
        oh_free(ring[i]);
    return NULL;
}

/* --- readers find no hook half way ------------------------------------------
 * Whoever holds every lock of the tracer's (trace.c, T7: a reader, start,
 * stop, a fork) must find no hook at work: its hooks take their thread's
 * lock with plain stores, and the reader's side makes that exclusive
 * (a gate and a memory barrier on every thread, or atomic exchanges).
 * So, under the locks, the traces walked add up to the bytes counted
 * (T2), and a second walk finds the same, while two threads trace all
 * the time; a hook caught between its side entry and its count, or still
 * at work during the walks, shows as a difference.  Between readings
 * the workers run a while, so that the locks are taken while hooks are
 * at work.  (It catches a reader that does not wait for the hooks; the
 * barrier's part, a store of the hook's seen late, is a matter of
 * nanoseconds, which a test does not reach.) */
#define EXCLUSION_ROUNDS 2000

static int
add_size(void *arg, size_t size, const ohi_raw_tb *tb)
{
    (void)tb;
    *(size_t *)arg += size;
    return 0;
}

static void
readers_against_two_tracing_threads(void)
{
    CHECK(oh_trace_start(1) == 0);
    atomic_store(&traced_stop, 0);
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&t[i], NULL, traced_until_stopped, NULL) == 0);
    int bad = 0;
    size_t bad_walked[2] = {0, 0}, bad_counted = 0;
    for (int k = 0; k < EXCLUSION_ROUNDS; k++) {
        struct timespec pause = {0, 20 * 1000};
        nanosleep(&pause, NULL);
        size_t walked[2] = {0, 0}, counted = 0, mark_peak = 0;
        ohi_trace_lock();
        int rc = ohi_trace_walk(add_size, &walked[0]);
        ohi_trace_mark_counts(&counted, &mark_peak);
        rc |= ohi_trace_walk(add_size, &walked[1]);
        ohi_trace_unlock();
        CHECK(rc == 0);
        if ((walked[0] != counted || walked[1] != counted) && bad++ == 0) {
            memcpy(bad_walked, walked, sizeof walked);
            bad_counted = counted;
        }
    }
    atomic_store(&traced_stop, 1);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    CHECK(bad == 0, "%d of %d readings differ: %zu and %zu bytes walked, %zu "
          "counted", bad, EXCLUSION_ROUNDS, bad_walked[0], bad_walked[1],
          bad_counted);
    oh_trace_stop();
    oh_alloc_check();
}

THREAD_TEST(readers_find_no_hook_half_way)
{
    readers_against_two_tracing_threads();
}

/* The same where the hooks take their words with atomic exchanges, as in
 * a process that cannot register membarrier (and in the ThreadSanitizer
 * build, which runs both tests so). */
THREAD_TEST(readers_find_no_fenced_hook_half_way)
{
    ohi_trace_use_fences();
    readers_against_two_tracing_threads();
}

/* --- fork while threads trace ---------------------------------------------
 * The child of a fork has only the thread that forked.  The tracer's
 * locks, which the other threads' hooks take all the time, must not stay
 * taken there (trace.c, "fork"): each child reads its traced memory,
 * takes a snapshot, allocates traced and stops tracing, within a time
 * limit.  Not in the ThreadSanitizer build, which does not follow a
 * multi-threaded fork. */
#ifndef THREADS_STANDALONE
#define FORKS 20

THREAD_TEST(fork_while_threads_trace)
{
    CHECK(oh_trace_start(1) == 0);
    atomic_store(&traced_stop, 0);
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        CHECK(pthread_create(&t[i], NULL, traced_until_stopped, NULL) == 0);
    for (int k = 0; k < FORKS; k++) {
        pid_t pid = fork();
        CHECK(pid >= 0);
        if (pid == 0) {
            alarm(20);          /* a lock left taken: killed, not hung */
            void *p = oh_malloc(100);
            size_t now = 0, peak = 0;
            oh_trace_get_traced_memory(&now, &peak);
            oh_snapshot *snap = oh_trace_take_snapshot();
            int ok = p != NULL && snap != NULL && now >= 100 && peak >= now;
            oh_snapshot_free(snap);
            oh_free(p);
            oh_trace_stop();
            _exit(ok ? 0 : 1);
        }
        int status = 0;
        CHECK(waitpid(pid, &status, 0) == pid);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
              "child %d: wait status %#x", k, (unsigned)status);
    }
    atomic_store(&traced_stop, 1);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    oh_trace_stop();
    oh_alloc_check();
}
#endif

#ifdef THREADS_STANDALONE
int
main(void)
{
    for (int i = 0; i < ntests; i++) {
        tests[i].fn();
        printf("[PASS] threads::%s\n", tests[i].name);
    }
    printf("[====] Synthesis: Tested: %d | Passing: %d | Failing: 0 | "
           "Crashing: 0\n", ntests, ntests);
    return 0;
}
#endif
