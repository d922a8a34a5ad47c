/*
 * bench.h -- small helpers shared by objheap's benchmarks: a monotonic
 * clock, medians, resident memory, and running one measurement in a fresh
 * child process so that allocators and repetitions cannot disturb each
 * other's heaps or resident-memory figures.
 */
#ifndef OBJHEAP_BENCH_H
#define OBJHEAP_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static inline double
bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Resident set size in bytes (/proc/self/statm). */
static inline size_t
bench_rss(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long total = 0, resident = 0;
    if (f == NULL)
        return 0;
    if (fscanf(f, "%lu %lu", &total, &resident) != 2)
        resident = 0;
    fclose(f);
    return (size_t)resident * (size_t)sysconf(_SC_PAGESIZE);
}

/* Anonymous resident memory in bytes: the resident set less its pages
 * backed by files (statm's third field), which are code and read-only
 * data.  What a heap holds is anonymous; the code pages a run touches
 * move with the program's layout (docs/BENCHMARKS.md, "Heap memory, not
 * code pages"). */
static inline size_t
bench_anon_rss(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long total = 0, resident = 0, file = 0;
    if (f == NULL)
        return 0;
    if (fscanf(f, "%lu %lu %lu", &total, &resident, &file) != 3)
        resident = file = 0;
    fclose(f);
    return (size_t)(resident - file) * (size_t)sysconf(_SC_PAGESIZE);
}

static int
bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median of n values (sorts them in place). */
static inline double
bench_median(double *v, size_t n)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, bench_cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* xorshift64*: the same pseudo-random stream for every allocator. */
static inline uint64_t
bench_rand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

/* Run fn(arg, out, nout) in a fresh child; the child fills up to nout
 * doubles that come back through a pipe.  Returns the number received, or
 * -1 if the child failed. */
/* In a child started by bench_in_child: the pipe its results go to.  A
 * child that execs another program (to preload an allocator) hands this
 * descriptor on as that program's standard output. */
static int bench_child_fd = -1;

static inline int
bench_in_child(void (*fn)(void *arg, double *out, size_t nout), void *arg,
               double *out, size_t nout)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(fds[0]);
        bench_child_fd = fds[1];
        double res[16] = {0};
        size_t n = nout < 16 ? nout : 16;
        fn(arg, res, n);
        ssize_t w = write(fds[1], res, n * sizeof(double));
        _exit(w == (ssize_t)(n * sizeof(double)) ? 0 : 1);
    }
    close(fds[1]);
    size_t got = 0;
    ssize_t r;
    while (got < nout * sizeof(double)
           && (r = read(fds[0], (char *)out + got,
                        nout * sizeof(double) - got)) > 0)
        got += (size_t)r;
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    return (int)(got / sizeof(double));
}

#endif
