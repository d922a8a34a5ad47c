/*
 * objheap/trace.h -- allocation tracing: tracemalloc for C.
 * ===========================================================================
 * Section: trace.  Nothing here returns an object; snapshots, tracebacks and
 * statistics are plain structures the caller frees with the matching
 * oh_*_free function.
 *
 * While tracing is on, every allocation, reallocation and free through
 * objheap (raw blocks and objects alike) is recorded with the native call
 * stack that made it, up to `nframes` frames of the caller's code: frames
 * inside objheap itself are left out, so one frame is the line of the
 * program that called oh_malloc, oh_list_new, oh_dict_set...  Capture costs
 * one stack walk (glibc's backtrace) and one hash-table insert; function,
 * file and line are looked up (with libdw, from the DWARF debug
 * information) only when a snapshot is taken or a traceback is asked for.
 *
 *     oh_trace_start(1);
 *     oh_snapshot *before = oh_trace_take_snapshot();
 *     ... work ...
 *     oh_snapshot *after = oh_trace_take_snapshot();
 *     oh_stat_diffs *d = oh_snapshot_compare_to(after, before,
 *                                               OH_STAT_LINENO, 0);
 *     oh_stat_diffs_print(d, stdout, 10);
 *
 * An allocation whose trace cannot be recorded fails (NULL, ENOMEM): a
 * block is never handed out untraced.  The tracer's own memory comes from
 * the C library, never from objheap's pools, and is reported by
 * oh_trace_get_tracemalloc_memory().
 */
#ifndef OBJHEAP_TRACE_H
#define OBJHEAP_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The most frames a traceback keeps. */
#define OH_TRACE_MAX_FRAMES 64

/* -- Tracing on and off ---------------------------------------------------- */

/* Start tracing, keeping up to nframes (1..OH_TRACE_MAX_FRAMES) frames per
 * allocation; -1 with ValueError otherwise.  Blocks allocated before the
 * start are not traced.  Starting while tracing changes nothing, the frame
 * limit included, and keeps the traces (CPython 3.11's tracemalloc.start
 * does the same).
 * Returns 0, or -1 with MemoryError if the tables cannot be made, or with
 * RuntimeError in a fully static program (cc -static), into which the
 * unwinder and symbolizer cannot be loaded, or in a build without tracing
 * (OH_NO_TRACE). */
OH_API int oh_trace_start(int nframes);
/* Stop tracing and forget every trace. */
OH_API void oh_trace_stop(void);
OH_API int oh_trace_is_tracing(void);
/* The frame limit given to oh_trace_start (0 when not tracing). */
OH_API int oh_trace_get_traceback_limit(void);

/* Bytes currently traced (as requested, not rounded) and the highest that
 * figure reached since tracing started or the peak was reset.  The
 * current figure is exact.  So is the peak while one thread allocates at
 * a time; while several do, each thread counts its own changes at once
 * and sees the others' in steps of up to 64 KiB, so a peak reached then
 * may read up to 64 KiB per other thread away from the exact one (never
 * below the current figure). */
OH_API void oh_trace_get_traced_memory(size_t *current, size_t *peak);
OH_API void oh_trace_reset_peak(void);
/* Bytes the tracer itself uses for its tables. */
OH_API size_t oh_trace_get_tracemalloc_memory(void);
/* Forget every trace, keep tracing. */
OH_API void oh_trace_clear_traces(void);

/* -- Tracebacks ------------------------------------------------------------ */

typedef struct oh_frame {
    const char *filename;       /* source file, or "??" without debug info */
    int lineno;                 /* line, or 0 when unknown */
    const char *function;       /* function name, or "??" */
    uintptr_t pc;               /* the return address (0 when loaded) */
} oh_frame;

/* Frames innermost (the allocating call) first. */
typedef struct oh_traceback {
    size_t nframes;             /* frames kept here */
    size_t total_nframe;        /* frames the capture looked at: the stack
                                 * may have more (at limit 1, it looks at
                                 * one) */
    oh_frame frames[];
} oh_traceback;

/* Where the block at p was allocated: a new traceback, or NULL (no error)
 * if p is not traced.  p may also be an object (the block that holds it is
 * found).  NULL with MemoryError if the copy cannot be made. */
OH_API oh_traceback *oh_trace_get_traceback(const void *p);
/* tracemalloc.get_object_traceback: the same, for an object. */
OH_API oh_traceback *oh_trace_get_object_traceback(const struct oh_object *o);
OH_API void oh_traceback_free(oh_traceback *tb);
/* Print "  File "f", line n, in fn" lines, innermost first. */
OH_API void oh_traceback_print(const oh_traceback *tb, FILE *out);

/* -- Snapshots ------------------------------------------------------------- */

typedef struct oh_snapshot oh_snapshot;

/* A copy of every trace, with its traceback resolved to file, line and
 * function.  NULL with an error when not tracing (RuntimeError) or out of
 * memory. */
OH_API oh_snapshot *oh_trace_take_snapshot(void);
OH_API void oh_snapshot_free(oh_snapshot *s);
OH_API size_t oh_snapshot_ntraces(const oh_snapshot *s);
OH_API int oh_snapshot_traceback_limit(const oh_snapshot *s);

/* Write a snapshot to a file (a text format, one record per line) and read
 * one back.  -1 / NULL with an error (ValueError for a malformed file). */
OH_API int oh_snapshot_dump(const oh_snapshot *s, const char *path);
OH_API oh_snapshot *oh_snapshot_load(const char *path);

/* A filter, as tracemalloc.Filter: a trace passes an inclusive filter when
 * a frame matches (the first frame, or any with all_frames), and passes an
 * exclusive filter when none does.  filename_pattern is an fnmatch(3)
 * pattern; lineno 0 matches any line. */
typedef struct oh_trace_filter {
    int inclusive;
    const char *filename_pattern;
    int lineno;
    int all_frames;
} oh_trace_filter;

/* A new snapshot with the traces that pass every filter (all inclusive
 * filters: at least one must match; every exclusive one must not). */
OH_API oh_snapshot *oh_snapshot_filter_traces(const oh_snapshot *s,
                                              const oh_trace_filter *filters,
                                              size_t nfilters);

/* -- Statistics ------------------------------------------------------------ */

typedef enum oh_stat_key {
    OH_STAT_LINENO,             /* group by the first frame's file:line */
    OH_STAT_FILENAME,           /* group by the first frame's file */
    OH_STAT_TRACEBACK           /* group by the whole traceback */
} oh_stat_key;

typedef struct oh_stat {
    const oh_traceback *traceback;      /* the group's key, as frames */
    size_t size;                        /* bytes */
    size_t count;                       /* blocks */
} oh_stat;

typedef struct oh_stats {
    size_t n;
    oh_stat *items;             /* biggest size first */
} oh_stats;

typedef struct oh_stat_diff {
    const oh_traceback *traceback;
    size_t size;
    int64_t size_diff;          /* this snapshot minus the old one */
    size_t count;
    int64_t count_diff;
} oh_stat_diff;

typedef struct oh_stat_diffs {
    size_t n;
    oh_stat_diff *items;        /* biggest |size_diff| first */
} oh_stat_diffs;

/* Group a snapshot's traces.  With cumulative, every frame of a traceback
 * counts towards its own group (OH_STAT_LINENO and OH_STAT_FILENAME only,
 * as in tracemalloc).  The result borrows the snapshot's tracebacks: free
 * it before the snapshot. */
OH_API oh_stats *oh_snapshot_statistics(const oh_snapshot *s,
                                        oh_stat_key key, int cumulative);
OH_API void oh_stats_free(oh_stats *st);

/* Compare two snapshots group by group (new minus old). */
OH_API oh_stat_diffs *oh_snapshot_compare_to(const oh_snapshot *now,
                                             const oh_snapshot *old,
                                             oh_stat_key key,
                                             int cumulative);
OH_API void oh_stat_diffs_free(oh_stat_diffs *d);

/* Print the first `limit` entries (0: all), one a line, as tracemalloc
 * prints them: "file:line: size=1.2 KiB, count=3, average=416 B". */
OH_API void oh_stats_print(const oh_stats *st, FILE *out, size_t limit);
OH_API void oh_stat_diffs_print(const oh_stat_diffs *d, FILE *out,
                                size_t limit);

/* -- Memory over time (memory_profiler's idea, for C) ---------------------- */

typedef struct oh_mark {
    const char *label;          /* a copy of the label given */
    double seconds;             /* since the first mark */
    size_t traced;              /* traced bytes now (0 when not tracing) */
    size_t traced_peak;         /* highest traced bytes since the mark
                                   before (0 when not tracing) */
    size_t heap;                /* bytes in objheap's blocks in use: pool,
                                   medium and huge blocks, whether tracing
                                   or not (requests of 120 KiB to 128 KiB
                                   are the C library's, not counted) */
    size_t rss;                 /* resident memory of the process */
    size_t symbolizer;          /* of rss, what objheap's symbolizer
                                   brought in reading debug information
                                   to name frames: not the program's */
} oh_mark;

/* Record memory at this point under a label.  0, or -1 with an error
 * (ValueError for a NULL label, MemoryError). */
OH_API int oh_trace_mark(const char *label);
/* The marks so far, oldest first (borrowed; valid until the next mark or
 * clear).  Returns how many. */
OH_API size_t oh_trace_marks(const oh_mark **marks);
OH_API void oh_trace_marks_clear(void);
/* A table: one line per mark with each figure and its change since the
 * mark before; "resident" is rss less the symbolizer's. */
OH_API void oh_trace_marks_print(FILE *out);
/* The marks as an SVG line chart: traced, its peak and heap on the left
 * axis, scaled to them; resident memory (less the symbolizer's) on the
 * right axis, scaled to it.  0, or -1 with an error. */
OH_API int oh_trace_marks_write_svg(const char *path);

#ifdef __cplusplus
}
#endif

#endif /* OBJHEAP_TRACE_H */
