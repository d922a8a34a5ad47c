/*
 * fuzz_alloc.c -- a coverage-guided fuzzer for the allocator.
 *
 * The input is a program: a sequence of operations on 64 slots, each op one
 * byte of opcode followed by its operands.
 *
 *   op & 7   0,1  malloc(size) into a slot        size: 2 bytes, scaled
 *            2    calloc(count, size) into a slot       by a size byte to
 *            3    realloc(slot, size)                    reach small, medium,
 *            4,5  free(slot)                             C library and huge
 *            6    arm fault injection: fail the nth      blocks
 *                 allocation from now (n: 1 byte; bit 7 of the op: every
 *                 allocation from then on)
 *            7    walk the heap: oh_alloc_check, blocks in use == model
 *                 (bit 3 of the op: oh_alloc_trim first; bit 5: the
 *                 second thread exits first, and a new one starts, which
 *                 takes its heap over; bit 6: tracing at one frame
 *                 starts, or stops, first)
 *   op & 0x10     run the operation on the second thread (below)
 *
 * Two threads.  Every operation runs on one of two threads: the fuzzer's
 * own, or a second one that it hands the operation to and waits for.  So
 * a block may be allocated on one thread and freed or resized on the
 * other (a free from another heap, H3 in alloc.c), and a thread may exit
 * with blocks live and its heap be taken over (H4), while the run stays
 * deterministic: one thread works at a time.  Races between threads at
 * work are the ThreadSanitizer test's job (tests/test_threads.c).
 *
 * A shadow model keeps each slot's size and the seed of the pattern
 * written into every byte; before a block is freed or moved its whole
 * pattern is verified, after a realloc the kept prefix is verified, calloc
 * must return zeros, every result must be 16-aligned, and a failed
 * allocation (injected or real) must return NULL and change nothing.
 * While tracing, the model also knows which blocks were allocated (or
 * moved) since tracing started, and at every walk the tracer's traced
 * bytes must be the sum of their sizes: no trace lost or left behind by a
 * free from the other thread, a realloc, a failed allocation or a trim.  At
 * the end of the input every slot is freed and the heap must be back to no
 * blocks in use, so one input cannot leak into the next.
 *
 * Each input starts from a heap with no arena (oh_alloc_trim): the
 * allocator's state must not carry over from one input to the next.  It
 * did before: the first input that drained the arena made it the kept one
 * for the rest of the process, which hid every later way of draining it
 * (the reserve's last block freed into the cache, found from outside in
 * 50,005 operations; six suffice from an empty heap).  An input now means
 * the same thing alone, in a replay and in a long fuzzing run.
 *
 * Built two ways: with clang -fsanitize=fuzzer,address,undefined for
 * `make fuzz`, and with the test build's compiler and tests/fuzz/replay.c
 * for `make test`, which replays every input kept in
 * tests/fuzz/corpus/alloc/.
 */
#include "internal.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NSLOTS 64

typedef struct slot {
    unsigned char *p;
    size_t n;
    uint8_t seed;
    bool traced;                /* allocated or moved while tracing */
} slot;

static void
paint(unsigned char *p, size_t n, uint8_t seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(seed + i * 7);
}

static void
verify(const unsigned char *p, size_t n, uint8_t seed)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (unsigned char)(seed + i * 7))
            ohi_fatal("fuzz_alloc: block %p of %zu bytes: byte %zu changed",
                      (const void *)p, n, i);
}

/* A size from two operand bytes and a scale byte: mostly pool sizes, some
 * medium (spans, to 120 KiB), a few around 128 KiB (the top medium
 * classes, the C library just below 128 KiB, huge blocks). */
static size_t
size_from(const uint8_t *in, size_t len, size_t *pos)
{
    uint8_t b[3] = {0, 0, 0};
    for (int i = 0; i < 3 && *pos < len; i++)
        b[i] = in[(*pos)++];
    size_t v = (size_t)b[0] | (size_t)b[1] << 8;
    switch (b[2] & 3) {
    case 0:
    case 1:
        return v % 1100;                        /* pools, and just over */
    case 2:
        return v % 70000;                       /* medium */
    default:
        return 100000 + (size_t)b[1] * 1500;    /* around and over 128 KiB */
    }
}

/* --- the second thread ------------------------------------------------------
 * It waits for a job (a function and its argument), runs it, and says it
 * is done; run_on() hands it one and waits. */

typedef struct worker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    void (*job)(void *);
    void *arg;
    bool started;
    bool quit;
} worker;

static worker second = {
    .mu = PTHREAD_MUTEX_INITIALIZER,
    .cv = PTHREAD_COND_INITIALIZER,
};

static void *
worker_main(void *varg)
{
    worker *w = varg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (w->job == NULL && !w->quit)
            pthread_cond_wait(&w->cv, &w->mu);
        if (w->job == NULL)
            break;
        pthread_mutex_unlock(&w->mu);
        w->job(w->arg);
        pthread_mutex_lock(&w->mu);
        w->job = NULL;
        pthread_cond_broadcast(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

static void
worker_start(worker *w)
{
    w->quit = false;
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0)
        ohi_fatal("fuzz_alloc: cannot start the second thread");
    w->started = true;
}

/* The second thread exits, giving its heap up (H4). */
static void
worker_stop(worker *w)
{
    pthread_mutex_lock(&w->mu);
    w->quit = true;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    w->started = false;
}

static void
run_on(bool on_second, void (*job)(void *), void *arg)
{
    if (!on_second) {
        job(arg);
        return;
    }
    worker *w = &second;
    if (!w->started)
        worker_start(w);
    pthread_mutex_lock(&w->mu);
    w->job = job;
    w->arg = arg;
    pthread_cond_broadcast(&w->cv);
    while (w->job != NULL)
        pthread_cond_wait(&w->cv, &w->mu);
    pthread_mutex_unlock(&w->mu);
}

/* The operations as jobs.  `call` holds the operands and the result. */
typedef struct call {
    int what;                   /* MALLOC, CALLOC, REALLOC, FREE, ... */
    void *p;
    size_t n;
    void *result;
    size_t count;
} call;

enum { MALLOC, CALLOC, REALLOC, FREE, TRIM, COUNT };

static void
do_call(void *varg)
{
    call *c = varg;
    switch (c->what) {
    case MALLOC:
        c->result = oh_malloc(c->n);
        break;
    case CALLOC:
        c->result = oh_calloc(1, c->n);
        break;
    case REALLOC:
        c->result = oh_realloc(c->p, c->n);
        break;
    case FREE:
        oh_free(c->p);
        break;
    case TRIM:
        oh_alloc_trim();
        break;
    default:
        /* Counting from this thread first collects the blocks the other
         * thread freed into its heap (H3), so that they do not count. */
        c->count = oh_alloc_blocks_in_use();
        break;
    }
}

static void *
call_on(bool on_second, int what, void *p, size_t n)
{
    call c = {what, p, n, NULL, 0};
    run_on(on_second, do_call, &c);
    return c.result;
}

/* Blocks in use, with both threads' remote blocks collected. */
static size_t
blocks_in_use(void)
{
    call c = {COUNT, NULL, 0, NULL, 0};
    if (second.started)
        run_on(true, do_call, &c);
    run_on(false, do_call, &c);
    return c.count;
}

static void
check_alignment(const void *p)
{
    if (((uintptr_t)p & (OH_ALIGNMENT - 1)) != 0)
        ohi_fatal("fuzz_alloc: %p is not 16-aligned", p);
}

static size_t
model_pool_blocks(const slot *s)
{
    size_t k = 0;
    for (int i = 0; i < NSLOTS; i++)
        if (s[i].p != NULL
            && (ohi_alloc_map_lookup(s[i].p) == OHI_MAP_ARENA
                || ohi_alloc_map_lookup(s[i].p) == OHI_MAP_MEDIUM))
            k++;
    return k;
}

/* The traced bytes the model expects: the sizes of the traced blocks. */
static size_t
model_traced(const slot *s)
{
    size_t sum = 0;
    for (int i = 0; i < NSLOTS; i++)
        if (s[i].p != NULL && s[i].traced)
            sum += s[i].n;
    return sum;
}

static void
check_traced(const slot *s)
{
    if (!oh_trace_is_tracing())
        return;
    size_t now = 0;
    oh_trace_get_traced_memory(&now, NULL);
    if (now != model_traced(s))
        ohi_fatal("fuzz_alloc: %zu bytes traced, the model has %zu", now,
                  model_traced(s));
}

/* Tracing on if it was off (no block live now is traced), off if on. */
static void
toggle_tracing(slot *s)
{
    if (oh_trace_is_tracing()) {
        oh_trace_stop();
        return;
    }
    for (int i = 0; i < NSLOTS; i++)
        s[i].traced = false;
    if (oh_trace_start(1) < 0)
        oh_err_clear();
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len);

int
LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
    slot s[NSLOTS];
    memset(s, 0, sizeof s);
    if (second.started)
        call_on(true, TRIM, NULL, 0);
    oh_alloc_trim();
    size_t base = blocks_in_use();
    size_t pos = 0;
    while (pos + 1 < len) {
        uint8_t op = in[pos++];
        bool two = (op & 0x10) != 0;
        slot *t = &s[in[pos++] % NSLOTS];
        switch (op & 7) {
        case 0:
        case 1:
        case 2: {
            if (t->p != NULL)
                break;
            size_t n = size_from(in, len, &pos);
            bool zero = (op & 7) == 2;
            unsigned char *p = call_on(two, zero ? CALLOC : MALLOC, NULL,
                                       n);
            if (p == NULL)
                break;          /* injected: nothing to check */
            check_alignment(p);
            if (zero)
                for (size_t i = 0; i < n; i++)
                    if (p[i] != 0)
                        ohi_fatal("fuzz_alloc: calloc byte %zu not zero", i);
            t->p = p;
            t->n = n;
            t->traced = oh_trace_is_tracing();
            t->seed = (uint8_t)(op ^ pos);
            paint(p, n, t->seed);
            break;
        }
        case 3: {
            size_t n = size_from(in, len, &pos);
            unsigned char *q = call_on(two, REALLOC, t->p, n);
            if (q == NULL) {
                if (t->p != NULL)       /* failed: the old block stands */
                    verify(t->p, t->n, t->seed);
                break;
            }
            check_alignment(q);
            if (t->p != NULL)
                verify(q, t->n < n ? t->n : n, t->seed);
            t->p = q;
            t->n = n;
            t->traced = oh_trace_is_tracing();
            t->seed = (uint8_t)(op + pos);
            paint(q, n, t->seed);
            break;
        }
        case 4:
        case 5:
            if (t->p != NULL)
                verify(t->p, t->n, t->seed);
            call_on(two, FREE, t->p, 0);
            t->p = NULL;
            break;
        case 6:
            oh_alloc_set_fail(1 + (pos < len ? in[pos++] : 0), op >> 7);
            break;
        default: {
            if ((op & 0x20) && second.started)
                worker_stop(&second);
            if (op & 0x40)
                toggle_tracing(s);
            if (op & 8)
                call_on(two, TRIM, NULL, 0);
            size_t in_use = blocks_in_use();
            oh_alloc_check();
            if (in_use != base + model_pool_blocks(s))
                ohi_fatal("fuzz_alloc: %zu blocks in use, the model has "
                          "%zu", in_use, base + model_pool_blocks(s));
            check_traced(s);
            break;
        }
        }
    }
    oh_alloc_set_fail(0, 0);
    check_traced(s);
    for (int i = 0; i < NSLOTS; i++) {
        if (s[i].p != NULL)
            verify(s[i].p, s[i].n, s[i].seed);
        oh_free(s[i].p);
        s[i].p = NULL;
    }
    check_traced(s);            /* every trace gone with its block */
    if (oh_trace_is_tracing())
        oh_trace_stop();        /* each input starts untraced */
    size_t in_use = blocks_in_use();
    oh_alloc_check();
    if (in_use != base)
        ohi_fatal("fuzz_alloc: %zu blocks leaked", in_use - base);
    return 0;
}
