/*
 * objheap -- the tour of every mechanism, and reports.
 *
 *   objheap                 the usage (exit status 2)
 *   objheap tour [CHAPTER]  walk through each mechanism with live numbers
 *   objheap top SNAPSHOT    the biggest allocation sites of a saved snapshot
 *   objheap compare NEW OLD what grew between two saved snapshots
 *   objheap heapmap LAYOUT OUT.svg [OUT.png]   render a saved heap layout
 *   objheap stats           the allocator's table for an empty heap
 *   objheap run [FILE | -c CODE | -] [ARGS]   run Python, as python3 does
 *   objheap help [COMMAND]  the usage, or one command's
 *   objheap --version       the library's version
 *
 * Uses nothing but the public header: what the tour does, a user can do.
 * docs/man/objheap.1 is this program's manual page: keep the two in step.
 */
#include "objheap.h"
#include "tour.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
    {"leak", "finding a planted leak: tracing, census, chains, pictures",
     tour_leak},
    {"showmem", "the seeds' Python examples, their memory drawn as they run",
     tour_showmem},
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

const char *tour_out_dir = "objheap-tour";

const char *
tour_path(const char *name)
{
    static char buf[4][512];
    static int next;
    char *p = buf[next++ % 4];
    mkdir(tour_out_dir, 0777);
    snprintf(p, sizeof buf[0], "%s/%s", tour_out_dir, name);
    return p;
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

/* Each command: its synopsis (after "objheap ") and what `help COMMAND`
 * says of it.  The usage lists the synopses. */
static const struct command {
    const char *name;
    const char *synopsis;
    const char *help;
} commands[] = {
    {"tour", "tour [CHAPTER] [--out DIR]",
     "Walk through every mechanism of objheap with live numbers: arenas,\n"
     "pools and blocks; reference counts; the cycle collector; weak\n"
     "references; finding a planted leak; Python programs drawn as they\n"
     "run.  With CHAPTER, that chapter only.  The pictures it makes (heap\n"
     "map, memory chart, object graphs, pages) go to DIR, default\n"
     "./objheap-tour/.  Exit status 1 if a chapter failed.\n"},
    {"top", "top SNAPSHOT [N] [lineno|filename|traceback]",
     "The N (default 10; 0 for all) biggest allocation sites of a snapshot\n"
     "saved with oh_snapshot_dump(), grouped by source line (default), by\n"
     "file, or by whole traceback.\n"},
    {"compare", "compare NEW OLD [N] [lineno|filename|traceback]",
     "What grew between two snapshots saved with oh_snapshot_dump(): the N\n"
     "(default 10; 0 for all) biggest differences, NEW against OLD, grouped\n"
     "as for top.\n"},
    {"heapmap", "heapmap LAYOUT OUT.svg [OUT.png]",
     "Render a heap layout saved with oh_heapmap_dump() as an SVG picture\n"
     "of the arenas, their pools and medium spans, and as PNG too when\n"
     "rsvg-convert is installed (`make tools`).\n"},
    {"stats", "stats",
     "Print the allocator's table (size classes, pools, arenas, bytes) for\n"
     "this process, whose heap is empty: the table's layout and overheads.\n"},
    {"run", "run [-i] [FILE | -c CODE | -] [ARG ...]",
     "Run a Python 3.11 program on objheap's objects, with python3's command\n"
     "line: FILE, -c CODE, - for standard input, nothing for the interactive\n"
     "prompt.  `objheap run --help` lists its options.\n"},
    {"help", "help [COMMAND]",
     "The usage, or what COMMAND does.\n"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void
usage(FILE *out)
{
    fprintf(out, "usage: objheap COMMAND [ARG ...]\n"
                 "       objheap --version\n\ncommands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  objheap %s\n", commands[i].synopsis);
    fprintf(out, "\nchapters of the tour:\n");
    for (size_t i = 0; i < NCHAPTERS; i++)
        fprintf(out, "  %-10s %s\n", chapters[i].name, chapters[i].what);
    fprintf(out, "\n`objheap help COMMAND` says what a command does; "
                 "man objheap for more.\n");
}

/* objheap help COMMAND: its synopsis and description on stdout; 0, or 2
 * for a command there is not. */
static int
cmd_help(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (strcmp(name, commands[i].name) != 0)
            continue;
        printf("usage: objheap %s\n\n%s", commands[i].synopsis,
               commands[i].help);
        if (strcmp(name, "tour") == 0) {
            printf("\nchapters:\n");
            for (size_t j = 0; j < NCHAPTERS; j++)
                printf("  %-10s %s\n", chapters[j].name, chapters[j].what);
        }
        return 0;
    }
    fprintf(stderr, "objheap: help: no command named '%s'\n", name);
    usage(stderr);
    return 2;
}

static int
fail(const char *what)
{
    fprintf(stderr, "objheap: %s: %s\n", what, oh_err_message());
    return 1;
}

static int
parse_key(const char *s, oh_stat_key *key)
{
    if (s == NULL || strcmp(s, "lineno") == 0)
        *key = OH_STAT_LINENO;
    else if (strcmp(s, "filename") == 0)
        *key = OH_STAT_FILENAME;
    else if (strcmp(s, "traceback") == 0)
        *key = OH_STAT_TRACEBACK;
    else
        return -1;
    return 0;
}

static size_t
parse_limit(const char *s)
{
    return s ? (size_t)strtoul(s, NULL, 10) : 10;
}

/* objheap top SNAPSHOT [N] [KEY] */
static int
cmd_top(int argc, char **argv)
{
    oh_stat_key key;
    if (argc < 3 || parse_key(argc > 4 ? argv[4] : NULL, &key) < 0) {
        usage(stderr);
        return 2;
    }
    oh_snapshot *s = oh_snapshot_load(argv[2]);
    if (s == NULL)
        return fail(argv[2]);
    oh_stats *st = oh_snapshot_statistics(s, key, 0);
    if (st == NULL) {
        oh_snapshot_free(s);
        return fail("statistics");
    }
    size_t limit = parse_limit(argc > 3 ? argv[3] : NULL);
    size_t shown = limit && limit < st->n ? limit : st->n;
    printf("Top %zu of %zu allocation sites in %s (%zu traces):\n", shown,
           st->n, argv[2], oh_snapshot_ntraces(s));
    if (key == OH_STAT_TRACEBACK) {
        for (size_t i = 0; i < st->n && (limit == 0 || i < limit); i++) {
            printf("#%zu: %zu blocks, %zu bytes\n", i + 1,
                   st->items[i].count, st->items[i].size);
            oh_traceback_print(st->items[i].traceback, stdout);
        }
    }
    else {
        oh_stats_print(st, stdout, limit);
    }
    oh_stats_free(st);
    oh_snapshot_free(s);
    return 0;
}

/* objheap compare NEW OLD [N] [KEY] */
static int
cmd_compare(int argc, char **argv)
{
    oh_stat_key key;
    if (argc < 4 || parse_key(argc > 5 ? argv[5] : NULL, &key) < 0) {
        usage(stderr);
        return 2;
    }
    oh_snapshot *now = oh_snapshot_load(argv[2]);
    if (now == NULL)
        return fail(argv[2]);
    oh_snapshot *old = oh_snapshot_load(argv[3]);
    if (old == NULL) {
        oh_snapshot_free(now);
        return fail(argv[3]);
    }
    oh_stat_diffs *d = oh_snapshot_compare_to(now, old, key, 0);
    if (d == NULL) {
        oh_snapshot_free(now);
        oh_snapshot_free(old);
        return fail("compare");
    }
    size_t limit = parse_limit(argc > 4 ? argv[4] : NULL);
    printf("Top %zu of %zu differences, %s against %s:\n",
           limit && limit < d->n ? limit : d->n, d->n, argv[2], argv[3]);
    oh_stat_diffs_print(d, stdout, limit);
    oh_stat_diffs_free(d);
    oh_snapshot_free(now);
    oh_snapshot_free(old);
    return 0;
}

/* objheap heapmap LAYOUT OUT.svg [OUT.png] */
static int
cmd_heapmap(int argc, char **argv)
{
    if (argc < 4) {
        usage(stderr);
        return 2;
    }
    int rc = oh_heapmap_render(argv[2], argv[3], argc > 4 ? argv[4] : NULL);
    if (rc < 0)
        return fail(argv[2]);
    printf("wrote %s", argv[3]);
    if (argc > 4)
        printf(rc == 1 ? " and %s" : " (no SVG-to-PNG converter for %s; "
               "`make tools` installs rsvg-convert)", argv[4]);
    printf("\n");
    return 0;
}

static int
cmd_tour(const char *only)
{
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

int
main(int argc, char **argv)
{
    /* `objheap run ...` is the python3 command line: its arguments are
     * the program's, untouched. */
    if (argc > 1 && strcmp(argv[1], "run") == 0) {
        static char prog[] = "objheap run";
        argv[1] = prog;                 /* how usage and errors name it */
        return oh_py_main(argc - 1, argv + 1);
    }
    /* --out DIR may appear anywhere; take it out of the arguments. */
    int n = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
            tour_out_dir = argv[++i];
        else
            argv[n++] = argv[i];
    }
    argc = n;
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        /* The library's version as linked, which is the header's unless a
         * shared library from another release is found first. */
        unsigned long v = oh_version();
        printf("objheap %lu.%lu.%lu\n", v >> 16, (v >> 8) & 0xff, v & 0xff);
        return 0;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0
        || strcmp(cmd, "-h") == 0) {
        if (argc > 2)
            return cmd_help(argv[2]);
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "stats") == 0) {
        oh_alloc_print_stats(stdout);
        return 0;
    }
    if (strcmp(cmd, "top") == 0)
        return cmd_top(argc, argv);
    if (strcmp(cmd, "compare") == 0)
        return cmd_compare(argc, argv);
    if (strcmp(cmd, "heapmap") == 0)
        return cmd_heapmap(argc, argv);
    if (strcmp(cmd, "tour") == 0)
        return cmd_tour(argc > 2 ? argv[2] : NULL);
    fprintf(stderr, "objheap: unknown command '%s'\n", cmd);
    usage(stderr);
    return 2;
}
