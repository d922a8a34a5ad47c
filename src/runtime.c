/*
 * runtime.c -- the runtime: one struct that holds all mutable state, and
 * the switches read from the environment at start-up.
 *
 * Every layer keeps its state in a member of ohi_runtime (internal.h) and
 * reaches it through OHI_RT, never through a global of its own.  There is
 * one runtime per process for now, used by one thread at a time (the
 * contract in objheap.h); keeping the state in one place keeps it visible,
 * and leaves room for a runtime per thread later.
 *
 * The runtime needs no explicit set-up: all-zero is its valid initial state
 * (empty lists, no arenas, no error), so it lives in zero-initialised
 * storage and each layer finishes its own set-up on first use.
 *
 * Switches from the environment
 * -----------------------------
 * So that an unmodified program can be watched, as PYTHONTRACEMALLOC and
 * PYTHONMALLOCSTATS let a Python program be, these are read once, before
 * main runs (a constructor of the library), and act as the table says:
 *
 *   OBJHEAP_DEBUG=1|0       the allocator's debug checks on or off (read by
 *                           alloc.c when it first initialises)
 *   OBJHEAP_TRACE=N         oh_trace_start(N) now, N frames (1..64; 0 or
 *                           unset: no tracing)
 *   OBJHEAP_REPORT=1|fail   the leak report at exit (inspect.c), and with
 *                           fail, status 3 when something is still held
 *   OBJHEAP_STATS=1         oh_alloc_print_stats to stderr at exit
 *   OBJHEAP_HEAPMAP=F.svg   oh_heapmap_write_svg(F.svg) at exit; F.png
 *                           writes F.svg and converts it to F.png
 *
 * A value that cannot be used is reported on stderr, once, with the
 * variable's name, and that switch stays off; the program runs on.  The
 * exit work is registered with atexit after the leak report's, so it runs
 * before it (atexit runs the last registered first) and shows the heap as
 * the program left it, before the report's collections.  The program's
 * own atexit handlers, registered later, run before all of them.  Each
 * exit switch reads its variable again when it runs, so a program (the
 * objheap-python launcher) that did the work itself can take the variable
 * out of its environment and the library will not repeat it.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ohi_runtime ohi_runtime_main;

/* Is the switch set to something other than "" or "0"? */
static const char *
switch_value(const char *name)
{
    const char *v = getenv(name);
    return v != NULL && v[0] != '\0' && strcmp(v, "0") != 0 ? v : NULL;
}

/* OBJHEAP_TRACE=N: trace from before main. */
static void
start_tracing(const char *value)
{
    char *end;
    errno = 0;
    long n = strtol(value, &end, 10);
    if (errno != 0 || end == value || *end != '\0' || n < 1
        || n > OH_TRACE_MAX_FRAMES) {
        fprintf(stderr, "objheap: OBJHEAP_TRACE=%s: expected a number of "
                "frames from 1 to %d (0: off); not tracing\n", value,
                OH_TRACE_MAX_FRAMES);
        return;
    }
    if (oh_trace_start((int)n) < 0) {
        fprintf(stderr, "objheap: OBJHEAP_TRACE=%s: %s; not tracing\n",
                value, oh_err_message());
        oh_err_clear();
    }
}

static void
stats_at_exit(void)
{
    if (switch_value("OBJHEAP_STATS") == NULL)
        return;
    fflush(stdout);
    fprintf(stderr, "objheap: the allocator at exit (OBJHEAP_STATS)\n");
    oh_alloc_print_stats(stderr);
}

static void
heapmap_at_exit(void)
{
    const char *path = switch_value("OBJHEAP_HEAPMAP");
    if (path == NULL)
        return;
    /* F.png: the SVG beside it, then the PNG when a converter is
     * installed. */
    size_t len = strlen(path);
    char *svg = NULL;
    const char *png = NULL;
    if (len > 4 && strcmp(path + len - 4, ".png") == 0) {
        svg = malloc(len + 1);
        if (svg != NULL) {
            memcpy(svg, path, len - 4);
            memcpy(svg + len - 4, ".svg", 5);
        }
        png = path;
    }
    int rc = oh_heapmap_write_svg(svg != NULL ? svg : path, png);
    if (rc < 0) {
        fprintf(stderr, "objheap: OBJHEAP_HEAPMAP=%s: %s\n", path,
                oh_err_message());
        oh_err_clear();
    }
    else if (png != NULL && rc == 0) {
        fprintf(stderr, "objheap: OBJHEAP_HEAPMAP=%s: no SVG to PNG "
                "converter (rsvg-convert, ImageMagick); wrote %s only\n",
                path, svg != NULL ? svg : path);
    }
    free(svg);
}

__attribute__((constructor)) static void
runtime_start(void)
{
    const char *report = getenv("OBJHEAP_REPORT");
    if (report != NULL && report[0] != '\0' && report[0] != '0')
        ohi_inspect_report_at_exit();
    const char *trace = switch_value("OBJHEAP_TRACE");
    if (trace != NULL)
        start_tracing(trace);
    if (switch_value("OBJHEAP_STATS") != NULL)
        atexit(stats_at_exit);
    if (switch_value("OBJHEAP_HEAPMAP") != NULL)
        atexit(heapmap_at_exit);
}

unsigned long
oh_version(void)
{
    return OH_VERSION_HEX;
}
