/*
 * objheap -- the tour of every mechanism, and reports.
 *
 *   objheap [tour]          walk through each mechanism with live numbers
 *   objheap tour CHAPTER    one chapter (see `objheap help`)
 *   objheap stats           the allocator's table for an empty heap
 *
 * Uses nothing but the public header: what the tour does, a user can do.
 */
#include "objheap.h"
#include "tour.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const struct chapter {
    const char *name;
    const char *what;
    int (*run)(void);
} chapters[] = {
    {"alloc", "arenas, pools and blocks", tour_alloc},
    {"objects", "identity, reference counts, freeing, sizes", tour_objects},
    {"gc", "the cycle collector: thresholds, cycles, generations",
     tour_gc},
    {"weakref", "weak references, callbacks, weak dicts, finalize",
     tour_weakref},
};
#define NCHAPTERS (sizeof chapters / sizeof chapters[0])

void
tour_heading(const char *title)
{
    size_t n = strlen(title);
    printf("\n%s\n", title);
    for (size_t i = 0; i < n; i++)
        putchar('=');
    printf("\n\n");
}

void
tour_say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

size_t
tour_rss(void)
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

static void
usage(FILE *out)
{
    fprintf(out, "usage: objheap [tour [CHAPTER]] | stats | help\n\n"
                 "chapters of the tour:\n");
    for (size_t i = 0; i < NCHAPTERS; i++)
        fprintf(out, "  %-10s %s\n", chapters[i].name, chapters[i].what);
}

int
main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : "tour";
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "stats") == 0) {
        oh_alloc_print_stats(stdout);
        return 0;
    }
    if (strcmp(cmd, "tour") != 0) {
        fprintf(stderr, "objheap: unknown command '%s'\n", cmd);
        usage(stderr);
        return 2;
    }
    const char *only = argc > 2 ? argv[2] : NULL;
    int failed = 0, ran = 0;
    printf("objheap %s: a tour of CPython's memory management, in C\n",
           OH_VERSION_STRING);
    for (size_t i = 0; i < NCHAPTERS; i++) {
        if (only != NULL && strcmp(only, chapters[i].name) != 0)
            continue;
        ran++;
        if (chapters[i].run() != 0) {
            fprintf(stderr, "objheap: chapter '%s' failed\n",
                    chapters[i].name);
            failed = 1;
        }
    }
    if (ran == 0) {
        fprintf(stderr, "objheap: no chapter named '%s'\n", only);
        usage(stderr);
        return 2;
    }
    return failed;
}
