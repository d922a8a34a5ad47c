/*
 * marks.c -- memory over time (memory_profiler's idea, for C): marks, the
 * table of them, and their chart.
 *
 * What this file owns
 * -------------------
 * oh_trace_mark records, under a label, what memory looks like at that
 * point of the program: the bytes traced now and their peak since the mark
 * before (trace.c), objheap's heap in use (the allocator's statistics),
 * the process's resident memory, and how much of it the symbolizer
 * brought in reading debug information (symbolize.c).  The marks are kept in the tracer's
 * state (ohi_trace_state: marks, nmarks) in C-library memory, and work
 * whether tracing is on or not (the traced figures are then 0).
 * oh_trace_marks_print writes them as a table, oh_trace_marks_write_svg
 * as a line chart.
 *
 *   marks[0]  "start"      seconds traced traced_peak heap rss symbolizer
 *   marks[1]  "loaded"     ...
 *   ...                    (oldest first; labels copied)
 *
 * Invariants
 * ----------
 * MK1. marks[0..nmarks) are the marks in the order they were made, each
 *      label a copy owned here; nmarks <= marks_cap.
 * MK2. A mark's traced_peak >= its traced, and is the highest `current`
 *      since the mark before (trace.c keeps it with the peak, T8; a mark
 *      starts it again from current).
 * MK3. A mark's symbolizer <= its rss at the time it is taken, up to the
 *      precision of two readings of /proc/self/statm (symbolize.c, Y3);
 *      the table and the chart show rss - symbolizer as the program's
 *      resident memory, never below 0.
 */
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
    ohi_trace_state *t = OHI_TRACE;
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
    ohi_trace_lock();           /* the counts: trace.c's hooks */
    size_t traced, traced_peak;
    ohi_trace_mark_counts(&traced, &traced_peak);
    if (t->nmarks == 0)
        t->mark_epoch = now;
    t->marks[t->nmarks++] = (oh_mark){
        .label = copy,
        .seconds = now - t->mark_epoch,
        .traced = traced,
        .traced_peak = t->tracing ? traced_peak : 0,
        .heap = st.bytes_in_use + (size_t)st.huge_bytes.current,
        .rss = ohi_os_rss(),
        .symbolizer = (size_t)t->sym_rss,
    };
    ohi_trace_unlock();
    return 0;
}

size_t
oh_trace_marks(const oh_mark **marks)
{
    const ohi_trace_state *t = OHI_TRACE;
    if (marks != NULL)
        *marks = t->marks;
    return t->nmarks;
}

void
oh_trace_marks_clear(void)
{
    ohi_trace_state *t = OHI_TRACE;
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

/* The process's resident memory less what the symbolizer brought in: the
 * program's, as far as objheap can tell (MK3). */
static size_t
program_rss(const oh_mark *m)
{
    return m->rss > m->symbolizer ? m->rss - m->symbolizer : 0;
}

void
oh_trace_marks_print(FILE *out)
{
    const ohi_trace_state *t = OHI_TRACE;
    if (out == NULL)
        return;
    fprintf(out, "%-24s %8s %20s %20s %20s %12s %11s\n", "mark", "seconds",
            "traced (change)", "heap (change)", "resident (change)",
            "traced peak", "symbolizer");
    for (size_t i = 0; i < t->nmarks; i++) {
        const oh_mark *m = &t->marks[i], *p = i ? &t->marks[i - 1] : m;
        char a[16], da[16], b[16], db[16], c[16], dc[16], pk[16], sy[16];
        format_mib(a, sizeof a, (double)m->traced, false);
        format_mib(da, sizeof da, (double)m->traced - (double)p->traced, true);
        format_mib(b, sizeof b, (double)m->heap, false);
        format_mib(db, sizeof db, (double)m->heap - (double)p->heap, true);
        format_mib(c, sizeof c, (double)program_rss(m), false);
        format_mib(dc, sizeof dc,
                   (double)program_rss(m) - (double)program_rss(p), true);
        format_mib(pk, sizeof pk, (double)m->traced_peak, false);
        format_mib(sy, sizeof sy, (double)m->symbolizer, false);
        fprintf(out, "%-24.24s %8.3f %9s (%8s) %9s (%8s) %9s (%8s) %12s "
                "%11s\n", m->label, m->seconds, a, da, b, db, c, dc, pk,
                sy);
    }
}

/* ==========================================================================
 * Memory over time: the marks as an SVG line chart
 *
 *          traced, heap                                 resident
 *    MiB  +----------------------------------------------+  MiB
 *    2.0  |                 o-----o  traced            |  40
 *         |        o-------'                          ..|
 *    1.0  |  o----'  - - - - - - - - - - - - - - - -..  |  20
 *         |                 ......resident .........    |
 *      0  +--+--------+--------+--------+--------+------+  0
 *          start    1,000     2,000    reports  cleared
 *
 * Two axes.  The program's own figures (traced bytes, their peak, the
 * heap in use) share the left one, scaled to them; resident memory, which
 * also holds the C library, the program's code and everything else, has
 * the right one, scaled to it.  With one axis, resident memory set the
 * scale and a 2 MiB leak in a 30 MiB process drew as a flat line
 * (issue 16).  The resident curve leaves out what the symbolizer brought
 * in (MK3): reading debug information to name frames is objheap's work,
 * not the program's.  It added 20 MiB to the tour's marks when tracebacks
 * still went past main into the C library's start-up code, whose debug
 * information is most of that; stopping at main (symbolize.c) left
 * 3.8 MiB, which the resident curve now leaves out.
 * ========================================================================== */

typedef struct series {
    const char *name;
    const char *colour;
    const char *dash;           /* stroke-dasharray, or "" */
    bool right;                 /* on the right axis (resident) */
    size_t (*value)(const oh_mark *);
} series;

static size_t
v_traced(const oh_mark *m)
{
    return m->traced;
}

static size_t
v_peak(const oh_mark *m)
{
    return m->traced_peak;
}

static size_t
v_heap(const oh_mark *m)
{
    return m->heap;
}

/* Escape text for XML. */
static void
put_xml(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

/* An axis: its unit and its top, the smallest round number (1, 1.5, 2,
 * 2.5, 3, 4, 5, 6 or 8 times a power of ten, in that unit) at least 5%
 * above the largest value, so that five grid steps of a fifth of it read
 * well and the largest value fills most of the height (with 1, 2 and 5
 * only, 2.1 MiB took an axis of 5 and drew at 40% of it). */
typedef struct axis {
    const char *unit;           /* "KiB" or "MiB" */
    double scale;               /* bytes per unit */
    double top;                 /* in units */
} axis;

static axis
axis_for(double max_bytes)
{
    axis a = {"MiB", 1 << 20, 1};
    if (max_bytes < 1 << 20) {
        a.unit = "KiB";
        a.scale = 1024;
    }
    double v = max_bytes / a.scale * 1.05;
    for (double decade = 1e-3;; decade *= 10)
        for (int k = 0; k < 9; k++) {
            static const double mult[9] = {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8};
            if (mult[k] * decade >= v) {
                a.top = mult[k] * decade;
                return a;
            }
        }
}

int
oh_trace_marks_write_svg(const char *path)
{
    const oh_mark *m;
    size_t n = oh_trace_marks(&m);
    if (path == NULL || n == 0) {
        oh_err_set(OH_ERR_VALUE, path ? "no marks to draw (call "
                   "oh_trace_mark first)" : "oh_trace_marks_write_svg: NULL "
                   "path");
        return -1;
    }
    static const series all[] = {
        {"traced", "#1f5fbf", "", false, v_traced},
        {"traced peak since the mark before", "#7fa7e6", "5,3", false,
         v_peak},
        {"objheap heap in use", "#2a9d4b", "", false, v_heap},
        {"resident, less the symbolizer's (right axis)", "#8c8c8c", "2,2",
         true, program_rss},
    };
    enum { W = 820, H = 480, L = 80, R = 80, T = 100, B = 120 };
    double left_max = 1, right_max = 1;
    size_t sym_max = 0;
    bool traced = false;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < 4; k++) {
            double v = (double)all[k].value(&m[i]);
            if (all[k].right)
                right_max = v > right_max ? v : right_max;
            else
                left_max = v > left_max ? v : left_max;
            traced |= k < 2 && v > 0;
        }
        sym_max = m[i].symbolizer > sym_max ? m[i].symbolizer : sym_max;
    }
    axis ax[2] = {axis_for(left_max), axis_for(right_max)};
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        oh_err_format(OH_ERR_VALUE, "cannot write %s: %s", path,
                      strerror(errno));
        return -1;
    }
    double pw = W - L - R, ph = H - T - B;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
               "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
               "font-size=\"11\">\n<title>objheap: memory over time</title>\n"
               "<rect width=\"100%%\" height=\"100%%\" fill=\"#fbfbf8\"/>\n"
               "<text x=\"%d\" y=\"22\" font-size=\"14\">Memory at each mark"
               "</text>\n", W, H, W, H, L);
    if (sym_max > 0)
        fprintf(f, "<text class=\"note\" x=\"%d\" y=\"38\" fill=\"#666\">"
                   "Resident memory leaves out the %.1f MiB the symbolizer "
                   "brought in to name frames (objheap's, not the program's)."
                   "</text>\n", L, (double)sym_max / (1 << 20));
    /* The grid follows the left axis; each axis has its own numbers. */
    for (int k = 0; k <= 5; k++) {
        double y = T + ph - ph * k / 5.0;
        fprintf(f, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" "
                   "y2=\"%.1f\" stroke=\"#ddd\"/>\n<text class=\"left\" "
                   "x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.4g</text>\n"
                   "<text class=\"right\" x=\"%d\" y=\"%.1f\" fill=\"#777\">"
                   "%.4g</text>\n", L, W - R, y, y, L - 6, y + 4,
                ax[0].top * k / 5, W - R + 6, y + 4, ax[1].top * k / 5);
    }
    fprintf(f, "<text x=\"12\" y=\"%d\">traced, heap (%s)</text>\n"
               "<text x=\"%d\" y=\"%d\" fill=\"#777\" text-anchor=\"end\">"
               "resident (%s)</text>\n", T - 10, ax[0].unit, W - 12, T - 10,
            ax[1].unit);
    fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\""
               "/>\n<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" "
               "stroke=\"#333\"/>\n<line x1=\"%d\" x2=\"%d\" y1=\"%d\" "
               "y2=\"%d\" stroke=\"#999\"/>\n", L, W - R, T + (int)ph,
            T + (int)ph, L, L, T, T + (int)ph, W - R, W - R, T, T + (int)ph);
    int legend_x = L, legend_y = 58;
    for (size_t k = 0; k < 4; k++) {
        if (k < 2 && !traced)
            continue;           /* not tracing: nothing to draw */
        const series *s = &all[k];
        const axis *a = &ax[s->right];
        fprintf(f, "<g class=\"series\"><polyline fill=\"none\" "
                   "stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\" "
                   "points=\"", s->colour, s->dash);
        for (size_t i = 0; i < n; i++) {
            double x = L + (n > 1 ? pw * (double)i / (double)(n - 1) : pw / 2);
            double y = T + ph - ph * ((double)s->value(&m[i]) / a->scale)
                                / a->top;
            fprintf(f, "%.1f,%.1f ", x, y);
        }
        fprintf(f, "\"/>\n");
        for (size_t i = 0; i < n; i++) {
            double x = L + (n > 1 ? pw * (double)i / (double)(n - 1) : pw / 2);
            double v = (double)s->value(&m[i]) / a->scale;
            fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\">"
                       "<title>", x, T + ph - ph * v / a->top, s->colour);
            put_xml(f, m[i].label);
            fprintf(f, ": %s %.2f %s</title></circle>\n", s->name, v,
                    a->unit);
        }
        int width = 30 + 6 * (int)strlen(s->name);
        if (legend_x + width > W - R) {
            legend_x = L;
            legend_y += 14;
        }
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" "
                   "fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text></g>\n",
                legend_x, legend_y - 6, s->colour, legend_x + 18, legend_y,
                s->name);
        legend_x += width;
    }
    for (size_t i = 0; i < n; i++) {
        double x = L + (n > 1 ? pw * (double)i / (double)(n - 1) : pw / 2);
        fprintf(f, "<text class=\"label\" transform=\"translate(%.1f,%d) "
                   "rotate(-35)\" text-anchor=\"end\">", x, T + (int)ph + 14);
        put_xml(f, m[i].label);
        fprintf(f, "</text>\n");
    }
    fprintf(f, "</svg>\n");
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        oh_err_format(OH_ERR_VALUE, "cannot write %s", path);
        return -1;
    }
    return 0;
}
