/*
 * marks.c -- memory over time (memory_profiler's idea, for C): marks, the
 * table of them, and their chart.
 *
 * What this file owns
 * -------------------
 * oh_trace_mark records, under a label, what memory looks like at that
 * point of the program: the bytes traced now and their peak since the mark
 * before (trace.c), objheap's heap in use (the allocator's statistics),
 * and the process's resident memory.  The marks are kept in the tracer's
 * state (ohi_trace_state: marks, nmarks) in C-library memory, and work
 * whether tracing is on or not (the traced figures are then 0).
 * oh_trace_marks_print writes them as a table, oh_trace_marks_write_svg
 * as a line chart.
 *
 *   marks[0]  "start"      seconds traced traced_peak heap rss
 *   marks[1]  "loaded"     ...
 *   ...                    (oldest first; labels copied)
 *
 * Invariants
 * ----------
 * M1. marks[0..nmarks) are the marks in the order they were made, each
 *     label a copy owned here; nmarks <= marks_cap.
 * M2. mark_peak >= current, and is the highest `current` since the last
 *     mark (trace.c raises it with `peak`; a mark lowers it to current).
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
    ohi_trace_state *t = &OHI_RT->trace;
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
    if (t->nmarks == 0)
        t->mark_epoch = now;
    t->marks[t->nmarks++] = (oh_mark){
        .label = copy,
        .seconds = now - t->mark_epoch,
        .traced = t->current,
        .traced_peak = t->tracing ? t->mark_peak : 0,
        .heap = st.bytes_in_use + (size_t)st.huge_bytes.current,
        .rss = ohi_os_rss(),
    };
    t->mark_peak = t->current;
    return 0;
}

size_t
oh_trace_marks(const oh_mark **marks)
{
    const ohi_trace_state *t = &OHI_RT->trace;
    if (marks != NULL)
        *marks = t->marks;
    return t->nmarks;
}

void
oh_trace_marks_clear(void)
{
    ohi_trace_state *t = &OHI_RT->trace;
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

void
oh_trace_marks_print(FILE *out)
{
    const ohi_trace_state *t = &OHI_RT->trace;
    if (out == NULL)
        return;
    fprintf(out, "%-24s %8s %20s %20s %20s %12s\n", "mark", "seconds",
            "traced (change)", "heap (change)", "resident (change)",
            "traced peak");
    for (size_t i = 0; i < t->nmarks; i++) {
        const oh_mark *m = &t->marks[i], *p = i ? &t->marks[i - 1] : m;
        char a[16], da[16], b[16], db[16], c[16], dc[16], pk[16];
        format_mib(a, sizeof a, (double)m->traced, false);
        format_mib(da, sizeof da, (double)m->traced - (double)p->traced, true);
        format_mib(b, sizeof b, (double)m->heap, false);
        format_mib(db, sizeof db, (double)m->heap - (double)p->heap, true);
        format_mib(c, sizeof c, (double)m->rss, false);
        format_mib(dc, sizeof dc, (double)m->rss - (double)p->rss, true);
        format_mib(pk, sizeof pk, (double)m->traced_peak, false);
        fprintf(out, "%-24.24s %8.3f %9s (%8s) %9s (%8s) %9s (%8s) %12s\n",
                m->label, m->seconds, a, da, b, db, c, dc, pk);
    }
}
/* ==========================================================================
 * Memory over time: the marks as an SVG line chart
 * ========================================================================== */

typedef struct series {
    const char *name;
    const char *colour;
    const char *dash;           /* stroke-dasharray, or "" */
    size_t offset;              /* of the size_t field in oh_mark */
} series;

static size_t
mark_value(const oh_mark *m, const series *s)
{
    return *(const size_t *)(const void *)((const char *)m + s->offset);
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

/* The smallest round number (1, 2 or 5 times a power of ten) that is at
 * least v: the top of an axis with five grid steps of a fifth of it. */
static double
axis_top(double v)
{
    for (double decade = 1e-3;; decade *= 10)
        for (int k = 0; k < 3; k++) {
            static const double mult[3] = {1, 2, 5};
            if (mult[k] * decade >= v)
                return mult[k] * decade;
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
        {"traced", "#1f5fbf", "", offsetof(oh_mark, traced)},
        {"traced peak since the mark before", "#7fa7e6", "5,3",
         offsetof(oh_mark, traced_peak)},
        {"objheap heap in use", "#2a9d4b", "", offsetof(oh_mark, heap)},
        {"resident (whole process)", "#8c8c8c", "2,2", offsetof(oh_mark, rss)},
    };
    enum { W = 780, H = 440, L = 80, R = 30, T = 70, B = 120 };
    double top = 1;
    bool traced = false;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < 4; k++) {
            double v = (double)mark_value(&m[i], &all[k]);
            top = v > top ? v : top;
            traced |= k < 2 && v > 0;
        }
    double ymax = axis_top(top / (1 << 20) * 1.05);
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
               " (MiB)</text>\n", W, H, W, H, L);
    for (int k = 0; k <= 5; k++) {
        double y = T + ph - ph * k / 5.0;
        fprintf(f, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" "
                   "y2=\"%.1f\" stroke=\"#ddd\"/>\n<text x=\"%d\" y=\"%.1f\" "
                   "text-anchor=\"end\">%.4g</text>\n", L, W - R, y, y, L - 6,
                y + 4, ymax * k / 5);
    }
    fprintf(f, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\""
               "/>\n<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" "
               "stroke=\"#333\"/>\n", L, W - R, T + (int)ph, T + (int)ph, L,
            L, T, T + (int)ph);
    int legend_x = L;
    for (size_t k = 0; k < 4; k++) {
        if (k < 2 && !traced)
            continue;           /* not tracing: nothing to draw */
        const series *s = &all[k];
        fprintf(f, "<g class=\"series\"><polyline fill=\"none\" "
                   "stroke=\"%s\" stroke-width=\"2\" stroke-dasharray=\"%s\" "
                   "points=\"", s->colour, s->dash);
        for (size_t i = 0; i < n; i++) {
            double x = L + (n > 1 ? pw * (double)i / (double)(n - 1) : pw / 2);
            double y = T + ph - ph * ((double)mark_value(&m[i], s)
                                      / (1 << 20)) / ymax;
            fprintf(f, "%.1f,%.1f ", x, y);
        }
        fprintf(f, "\"/>\n");
        for (size_t i = 0; i < n; i++) {
            double x = L + (n > 1 ? pw * (double)i / (double)(n - 1) : pw / 2);
            double v = (double)mark_value(&m[i], s) / (1 << 20);
            fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\">"
                       "<title>", x, T + ph - ph * v / ymax, s->colour);
            put_xml(f, m[i].label);
            fprintf(f, ": %s %.2f MiB</title></circle>\n", s->name, v);
        }
        fprintf(f, "<rect x=\"%d\" y=\"36\" width=\"14\" height=\"4\" "
                   "fill=\"%s\"/><text x=\"%d\" y=\"42\">%s</text></g>\n",
                legend_x, s->colour, legend_x + 18, s->name);
        legend_x += 30 + 6 * (int)strlen(s->name);
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

