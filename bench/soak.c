/*
 * soak.c -- a long mixed workload that watches resident memory.
 *
 *   make soak [SOAK_MINUTES=2]      (or ./build/soak MINUTES [SEED])
 *
 * What it runs
 * ------------
 * A steady state: a table of SLOTS slots, each holding one "unit" of live
 * data, and a loop that replaces a random slot's unit with a new one.  The
 * live data therefore stays near SLOTS units for the whole run while
 * everything else churns.  A unit is one of, chosen at random:
 *
 *   raw      oh_malloc blocks of 8..600 bytes (pools) and, one time in
 *            sixteen, 1..65 KiB (medium spans), realloc'd once, painted
 *   list     a list of ints, floats and strs of mixed sizes
 *   dict     a dict of str keys to bytes and tuples
 *   cycle    instances in a ring (a.next = b, ...), one of them with a
 *            finalizer, each ring member also in a set: unreachable
 *            only as a whole, so only the collector frees it
 *   weak     an instance, a weak reference with a callback to it, a
 *            WeakValueDictionary entry and an oh_finalize registration
 *
 * Replacing a cycle or weak unit makes garbage that only the collector
 * frees; collections run automatically (default thresholds), and every
 * 50,000 replacements a full collection runs too.
 *
 * What it reports
 * ---------------
 * Every INTERVAL seconds a line: elapsed time, replacements per second in
 * the interval, resident memory (VmRSS from /proc/self/statm), live data
 * (bytes in pool blocks in use, from oh_alloc_stats, plus the bytes of
 * live C-library blocks the workload holds), arena bytes, collections in
 * the interval, and the longest and mean collection pause (timed with a gc
 * callback from OH_GC_START to OH_GC_STOP), both in wall time and in the
 * thread's CPU time: on a shared machine (and under `nice`) the wall-time
 * pause includes time the process was not running, the CPU-time pause is
 * the collector's own work.  At the end a summary with both pause
 * distributions and the growth rule's numbers.
 *
 * The rule (non-zero exit)
 * ------------------------
 * Over the second half of the samples (the first half is warm-up: arenas
 * and the C library's heap fill to their working size), fit least-squares
 * lines to resident memory and to live data.  Their growth over that half
 * (slope x duration) is G_rss and G_live.  The run fails when
 *
 *     G_rss > max(4 MiB, 5% of the mean RSS)  and  G_rss > 2 x G_live
 *
 * that is, resident memory kept growing by a meaningful amount and live
 * data does not explain it (fragmentation that never ends, a leak outside
 * the accounted blocks, arenas never given back).  Runs shorter than 8
 * samples only report.  The run also fails if a weak reference callback
 * or finalize did not run exactly once per dead referent (counted).
 */
#include "objheap.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SLOTS 20000
#define INTERVAL 5.0            /* seconds between report lines */
#define MAXSAMPLES 4096
#define NRAW 6

enum unit_kind { U_EMPTY, U_RAW, U_LIST, U_DICT, U_CYCLE, U_WEAK };

typedef struct unit {
    int kind;
    oh_object *obj;             /* the object units' root */
    oh_object *ref;             /* weak: the weak reference */
    void *raw[NRAW];            /* raw: blocks */
    size_t rawn[NRAW];          /* raw: their sizes */
} unit;

static struct soak {
    unit slot[SLOTS];
    uint64_t rng;
    size_t big_live;            /* bytes of live C-library raw blocks */
    oh_object *cls_plain, *cls_fin, *wvd;
    int64_t weak_made, weak_called, fin_made, fin_called;
    /* pauses */
    double gc_t0, gc_c0;
    double pause_max_iv, pause_sum_iv, cpu_max_iv;
    int64_t ncoll_iv, ncoll;
    double *pauses;             /* every pause (wall), for percentiles */
    double *cpus;               /* the same pauses in CPU time */
    size_t npauses, cap_pauses;
} S;

static double
now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double
cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint32_t
rnd(void)
{
    S.rng ^= S.rng << 13;
    S.rng ^= S.rng >> 7;
    S.rng ^= S.rng << 17;
    return (uint32_t)(S.rng >> 11);
}

static void
die(const char *what)
{
    fprintf(stderr, "soak: %s: %s\n", what, oh_err_message());
    exit(2);
}

static size_t
rss_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long size = 0, res = 0;
    if (f != NULL) {
        if (fscanf(f, "%lu %lu", &size, &res) != 2)
            res = 0;
        fclose(f);
    }
    return (size_t)res * (size_t)sysconf(_SC_PAGESIZE);
}

/* -- collection pauses ---------------------------------------------------- */

static int
on_gc(oh_gc_phase phase, const oh_gc_info *info, void *arg)
{
    if (phase == OH_GC_START) {
        S.gc_t0 = now();
        S.gc_c0 = cpu_now();
        return 0;
    }
    double p = now() - S.gc_t0, c = cpu_now() - S.gc_c0;
    if (p > S.pause_max_iv)
        S.pause_max_iv = p;
    if (c > S.cpu_max_iv)
        S.cpu_max_iv = c;
    S.pause_sum_iv += p;
    S.ncoll_iv++;
    S.ncoll++;
    if (S.npauses == S.cap_pauses) {
        size_t cap = S.cap_pauses ? S.cap_pauses * 2 : 4096;
        double *np = realloc(S.pauses, cap * sizeof *np);
        if (np != NULL)
            S.pauses = np;
        double *nc = realloc(S.cpus, cap * sizeof *nc);
        if (nc != NULL)
            S.cpus = nc;
        if (np == NULL || nc == NULL)
            return 0;           /* keep running; percentiles lose some */
        S.cap_pauses = cap;
    }
    S.cpus[S.npauses] = c;
    S.pauses[S.npauses++] = p;
    return 0;
}

/* -- units ---------------------------------------------------------------- */

static void
cycle_finalizer(oh_object *self)
{
    (void)self;
}

static int
weak_cb(oh_object *ref, oh_object *data)
{
    S.weak_called++;
    return 0;
}

static void
fin_func(void *arg)
{
    S.fin_called++;
}

static void
unit_free(unit *u)
{
    if (u->kind == U_RAW) {
        for (int i = 0; i < NRAW; i++) {
            if (u->rawn[i] > 512)
                S.big_live -= u->rawn[i];
            oh_free(u->raw[i]);
        }
    }
    if (u->obj != NULL)
        oh_decref(u->obj);
    if (u->ref != NULL)
        oh_decref(u->ref);
    memset(u, 0, sizeof *u);
}

static oh_object *
mixed_leaf(void)
{
    switch (rnd() % 3) {
    case 0:
        return oh_int_from_i64((int64_t)rnd() * 1000);
    case 1:
        return oh_float_from_double(rnd() / 3.0);
    default: {
        char buf[200];
        size_t n = rnd() % sizeof buf;
        memset(buf, 'a' + (int)(rnd() % 26), n);
        return oh_str_from_utf8(buf, n);
    }
    }
}

static void
unit_make(unit *u)
{
    uint32_t r = rnd() % 16;
    if (r < 5) {
        u->kind = U_RAW;
        for (int i = 0; i < NRAW; i++) {
            size_t n = rnd() % 16 == 0 ? 1024 + rnd() % 65536
                                       : 8 + rnd() % 593;
            unsigned char *p = oh_malloc(n / 2 + 1);
            if (p == NULL || (p = oh_realloc(p, n)) == NULL)
                die("oh_malloc");
            memset(p, (int)i, n);
            u->raw[i] = p;
            u->rawn[i] = n;
            if (n > 512)
                S.big_live += n;
        }
    } else if (r < 8) {
        u->kind = U_LIST;
        u->obj = oh_list_new();
        if (u->obj == NULL)
            die("oh_list_new");
        for (int i = 0, n = (int)(rnd() % 24); i < n; i++) {
            oh_object *x = mixed_leaf();
            if (x == NULL || oh_list_append(u->obj, x) < 0)
                die("list");
            oh_decref(x);
        }
    } else if (r < 10) {
        u->kind = U_DICT;
        u->obj = oh_dict_new();
        if (u->obj == NULL)
            die("oh_dict_new");
        for (int i = 0, n = (int)(rnd() % 12); i < n; i++) {
            char key[16], data[64];
            snprintf(key, sizeof key, "k%d", (int)(rnd() % 64));
            memset(data, i, sizeof data);
            oh_object *b = oh_bytes_from(data, rnd() % sizeof data);
            oh_object *t = b ? oh_tuple_pack(2, b, OH_NONE) : NULL;
            if (t == NULL || oh_dict_set_str(u->obj, key, t) < 0)
                die("dict");
            oh_decref(t);
            oh_decref(b);
        }
    } else if (r < 14) {
        /* A ring of instances, each also in a shared set, the set held
         * by the first: only the collector can free it. */
        u->kind = U_CYCLE;
        int n = 2 + (int)(rnd() % 6);
        oh_object *set = oh_set_new(), *first = NULL, *prev = NULL;
        if (set == NULL)
            die("oh_set_new");
        for (int i = 0; i < n; i++) {
            oh_object *x = oh_instance_new(i == 0 ? S.cls_fin
                                                  : S.cls_plain);
            if (x == NULL || oh_set_add(set, x) < 0)
                die("cycle");
            if (prev != NULL) {
                if (oh_instance_setattr(prev, "next", x) < 0)
                    die("setattr");
                oh_decref(prev);
            } else {
                first = x;
                oh_incref(first);
            }
            prev = x;
        }
        if (oh_instance_setattr(prev, "next", first) < 0
            || oh_instance_setattr(first, "members", set) < 0)
            die("setattr");
        oh_decref(prev);
        oh_decref(set);
        u->obj = first;
    } else {
        u->kind = U_WEAK;
        u->obj = oh_instance_new(S.cls_plain);
        if (u->obj == NULL)
            die("oh_instance_new");
        u->ref = oh_weakref_new(u->obj, weak_cb);
        oh_object *key = oh_int_from_i64(rnd() % 4096);
        oh_object *f = oh_finalize(u->obj, fin_func, NULL);
        if (u->ref == NULL || key == NULL || f == NULL
            || oh_weakdict_set(S.wvd, key, u->obj) < 0)
            die("weak");
        S.weak_made++;
        S.fin_made++;
        oh_decref(f);
        oh_decref(key);
    }
}

/* -- the growth rule ------------------------------------------------------ */

typedef struct sample {
    double t;
    double rss, live;
} sample;

static double
slope(const sample *s, size_t n, int which)
{
    double mt = 0, my = 0;
    for (size_t i = 0; i < n; i++) {
        mt += s[i].t;
        my += which ? s[i].live : s[i].rss;
    }
    mt /= (double)n;
    my /= (double)n;
    double num = 0, den = 0;
    for (size_t i = 0; i < n; i++) {
        double y = which ? s[i].live : s[i].rss;
        num += (s[i].t - mt) * (y - my);
        den += (s[i].t - mt) * (s[i].t - mt);
    }
    return den > 0 ? num / den : 0;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double
live_bytes(void)
{
    oh_alloc_stats_t st;
    st.size = sizeof st;
    if (oh_alloc_stats(&st) < 0)
        die("oh_alloc_stats");
    return (double)st.bytes_in_use + (double)S.big_live;
}

static double
arena_bytes(void)
{
    oh_alloc_stats_t st;
    st.size = sizeof st;
    if (oh_alloc_stats(&st) < 0)
        die("oh_alloc_stats");
    return (double)st.arena_bytes.current;
}

int
main(int argc, char **argv)
{
    double minutes = argc > 1 ? atof(argv[1]) : 2;
    S.rng = argc > 2 ? strtoull(argv[2], NULL, 10) : 0x9e3779b97f4a7c15u;
    if (S.rng == 0)
        S.rng = 1;
    S.cls_plain = oh_class_new("Plain", NULL);
    S.cls_fin = oh_class_new("Fin", cycle_finalizer);
    S.wvd = oh_weakvaluedict_new();
    if (S.cls_plain == NULL || S.cls_fin == NULL || S.wvd == NULL
        || oh_gc_callback_register(on_gc, NULL) < 0)
        die("setup");

    static sample samples[MAXSAMPLES];
    size_t ns = 0;
    double t0 = now(), next = t0 + INTERVAL, end = t0 + minutes * 60;
    int64_t reps = 0, reps_iv = 0;
    printf("soak: %.1f minutes, %d slots\n", minutes, SLOTS);
    printf("%8s %10s %8s %8s %9s %6s %8s %8s %8s\n", "t (s)", "repl/s",
           "rss MiB", "live MiB", "arena MiB", "gcs", "max ms", "mean ms",
           "cpu max");
    for (;;) {
        for (int k = 0; k < 1000; k++) {
            unit *u = &S.slot[rnd() % SLOTS];
            unit_free(u);
            unit_make(u);
            if (++reps % 50000 == 0)
                oh_gc_collect(2);
        }
        reps_iv += 1000;
        double t = now();
        if (t < next)
            continue;
        double rss = (double)rss_bytes(), live = live_bytes();
        if (ns < MAXSAMPLES)
            samples[ns++] = (sample){t - t0, rss, live};
        printf("%8.1f %10.0f %8.1f %8.1f %9.1f %6lld %8.2f %8.3f %8.2f\n",
               t - t0, (double)reps_iv / (t - next + INTERVAL),
               rss / 1048576, live / 1048576, arena_bytes() / 1048576,
               (long long)S.ncoll_iv, S.pause_max_iv * 1e3,
               S.ncoll_iv ? S.pause_sum_iv / (double)S.ncoll_iv * 1e3 : 0.0,
               S.cpu_max_iv * 1e3);
        fflush(stdout);
        reps_iv = 0;
        S.ncoll_iv = 0;
        S.pause_max_iv = S.pause_sum_iv = S.cpu_max_iv = 0;
        next = t + INTERVAL;
        if (t >= end)
            break;
    }
    double elapsed = now() - t0;

    /* The steady state's size, and one full collection of it timed. */
    oh_object *all = oh_gc_get_objects(-1);
    if (all == NULL)
        die("oh_gc_get_objects");
    int64_t tracked = oh_list_size(all);
    oh_decref(all);
    double c0 = cpu_now();
    oh_gc_collect(2);
    printf("steady state: %lld tracked objects; a full collection of them: "
           "%.2f ms of CPU\n", (long long)tracked, (cpu_now() - c0) * 1e3);

    /* Every unit goes; what the weak units registered must all have run. */
    for (int i = 0; i < SLOTS; i++)
        unit_free(&S.slot[i]);
    oh_gc_collect(2);
    int fail = 0;
    if (S.weak_called != S.weak_made || S.fin_called != S.fin_made) {
        printf("soak: FAIL: %lld weak references, %lld callbacks; %lld "
               "finalize, %lld called\n", (long long)S.weak_made,
               (long long)S.weak_called, (long long)S.fin_made,
               (long long)S.fin_called);
        fail = 1;
    }

    printf("summary: %.0f s, %lld replacements (%.0f/s), %lld "
           "collections\n", elapsed, (long long)reps,
           (double)reps / elapsed, (long long)S.ncoll);
    for (int k = 0; k < 2 && S.npauses > 0; k++) {
        double *v = k == 0 ? S.pauses : S.cpus;
        qsort(v, S.npauses, sizeof *v, cmp_double);
        printf("pauses (%s): p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, "
               "max %.2f ms\n", k == 0 ? "wall" : "cpu",
               v[S.npauses / 2] * 1e3, v[S.npauses * 99 / 100] * 1e3,
               v[S.npauses * 999 / 1000] * 1e3, v[S.npauses - 1] * 1e3);
    }
    if (ns >= 8) {
        const sample *h = samples + ns / 2;
        size_t nh = ns - ns / 2;
        double span = h[nh - 1].t - h[0].t, mean = 0;
        for (size_t i = 0; i < nh; i++)
            mean += h[i].rss / (double)nh;
        double g_rss = slope(h, nh, 0) * span;
        double g_live = slope(h, nh, 1) * span;
        double limit = mean * 0.05 > 4194304 ? mean * 0.05 : 4194304;
        bool grew = g_rss > limit && g_rss > 2 * g_live;
        printf("growth over the second half (%.0f s): rss %+.2f MiB, live "
               "%+.2f MiB, limit %.2f MiB: %s\n", span, g_rss / 1048576,
               g_live / 1048576, limit / 1048576, grew ? "FAIL" : "ok");
        fail |= grew;
    } else {
        printf("growth: too few samples for the rule (%zu)\n", ns);
    }
    oh_decref(S.wvd);
    oh_decref(S.cls_plain);
    oh_decref(S.cls_fin);
    free(S.pauses);
    free(S.cpus);
    return fail;
}
