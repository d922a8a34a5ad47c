/*
 * snapshot.c -- snapshots of the traces, and what is read from them:
 * filters, statistics, comparisons, and the snapshot file.
 *
 * What this file owns
 * -------------------
 * tracemalloc's Snapshot for C: a snapshot is a copy of every trace at one
 * moment, each traceback resolved to file, line and function
 * (symbolize.c) and interned by content, so that statistics compare
 * tracebacks by what they say, not by address.  It belongs to the caller
 * and lives on after tracing stops: every name is copied into the
 * snapshot's own string pool.  It reads the tracer's tables through
 * ohi_trace_walk (trace.c) and uses no other file's state.
 *
 *   oh_snapshot
 *   +-------------------+       tbs (interned by content)
 *   | traces: size, tb -+-----> [0] oh_traceback: frames -> strings
 *   | ...               |       [1] ...
 *   | tb_index ---------+-----> open-addressing set over tbs
 *   | strings           |       (the snapshot's string pool)
 *   +-------------------+
 *
 * Statistics group the traces by a key made from their tracebacks (the
 * first frame's file and line, its file, or the whole traceback; with
 * `cumulative`, every frame) in a hash table of groups, then sort them.
 * A frame without a line ("f+0x1d" in a module, symbolize.c) is keyed by
 * its module and function, so such frames group by call site.
 *
 * The file (oh_snapshot_dump, oh_snapshot_load; `objheap top` and
 * `objheap compare` read it) is text, one record a line:
 *
 *   objheap-snapshot 1
 *   limit N
 *   tracebacks N
 *   tb NFRAMES TOTAL_NFRAME           one per traceback, then its frames:
 *   f LINENO FILENAME<TAB>FUNCTION
 *   traces N
 *   t TRACEBACK_INDEX SIZE
 *
 * File and function names may not contain a tab or a newline; a name that
 * does is written with those characters replaced by '?'.
 *
 * Invariants
 * ----------
 * SN1. Every trace's tb is an index below ntbs.
 * SN2. A snapshot taken or filtered holds no two equal tracebacks (equal:
 *     same frames and total_nframe); tb_index is a set over all of tbs,
 *     at most half full.  A loaded snapshot keeps the file's numbering,
 *     equal tracebacks included, and its tb_index is unused.
 * SN3. Every name a snapshot's frames point to lives in its own string
 *     pool; statistics and comparisons borrow the snapshot's tracebacks
 *     through their group keys' copies, whose names stay the snapshot's
 *     (so they must be freed before it).
 */
#include "internal.h"

#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define SNAPSHOT_MAGIC "objheap-snapshot 1"

static uint64_t
hash_str(const char *s, uint64_t h)
{
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ull;
    }
    return h;
}

/* ==========================================================================
 * Snapshots
 * ========================================================================== */

typedef struct snap_trace {
    size_t size;
    size_t tb;                  /* index into tbs */
} snap_trace;

struct oh_snapshot {
    int limit;
    size_t ntraces, traces_cap;
    snap_trace *traces;
    size_t ntbs, tbs_cap;
    oh_traceback **tbs;         /* interned by content */
    size_t *tb_index;           /* open-addressing set over tbs */
    size_t index_cap;
    ohi_strpool *strings;         /* every file and function name */
};

static uint64_t
frame_hash(const oh_frame *f, uint64_t h)
{
    h = hash_str(f->filename, h);
    h = hash_str(f->function, h ^ 0x5bd1e995u);
    return h ^ ((uint64_t)(unsigned)f->lineno * 0x9e3779b97f4a7c15ull);
}

static bool
frame_equal(const oh_frame *a, const oh_frame *b)
{
    return a->lineno == b->lineno && strcmp(a->filename, b->filename) == 0
           && strcmp(a->function, b->function) == 0;
}

static uint64_t
tb_hash(const oh_traceback *tb)
{
    uint64_t h = 0xcbf29ce484222325ull ^ tb->nframes;
    for (size_t i = 0; i < tb->nframes; i++)
        h = frame_hash(&tb->frames[i], h);
    return h;
}

static bool
tb_equal(const oh_traceback *a, const oh_traceback *b)
{
    if (a->nframes != b->nframes || a->total_nframe != b->total_nframe)
        return false;
    for (size_t i = 0; i < a->nframes; i++)
        if (!frame_equal(&a->frames[i], &b->frames[i]))
            return false;
    return true;
}

void
oh_snapshot_free(oh_snapshot *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->ntbs; i++)
        free(s->tbs[i]);
    free(s->tbs);
    free(s->tb_index);
    free(s->traces);
    ohi_strpool_free(s->strings);
    free(s);
}

static oh_snapshot *
snapshot_new(int limit)
{
    oh_snapshot *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->limit = limit;
    s->index_cap = 64;
    s->tb_index = malloc(s->index_cap * sizeof *s->tb_index);
    if (s->tb_index == NULL) {
        free(s);
        return NULL;
    }
    memset(s->tb_index, 0xff, s->index_cap * sizeof *s->tb_index);
    return s;
}

/* Intern a traceback in the snapshot, taking ownership of `tb` (freed if
 * an equal one exists).  Returns its index, or SIZE_MAX when out of
 * memory (tb freed). */
static size_t
snapshot_intern_tb(oh_snapshot *s, oh_traceback *tb)
{
    uint64_t h = tb_hash(tb);
    size_t mask = s->index_cap - 1;
    size_t i = (size_t)h & mask;
    for (; s->tb_index[i] != SIZE_MAX; i = (i + 1) & mask) {
        if (tb_equal(s->tbs[s->tb_index[i]], tb)) {
            free(tb);
            return s->tb_index[i];
        }
    }
    if (s->ntbs == s->tbs_cap) {
        size_t cap = s->tbs_cap ? s->tbs_cap * 2 : 64;
        oh_traceback **tbs = realloc(s->tbs, cap * sizeof *tbs);
        if (tbs == NULL) {
            free(tb);
            return SIZE_MAX;
        }
        s->tbs = tbs;
        s->tbs_cap = cap;
    }
    if ((s->ntbs + 1) * 2 > s->index_cap) {
        size_t cap = s->index_cap * 2;
        size_t *idx = malloc(cap * sizeof *idx);
        if (idx == NULL) {
            free(tb);
            return SIZE_MAX;
        }
        memset(idx, 0xff, cap * sizeof *idx);
        for (size_t j = 0; j < s->ntbs; j++) {
            size_t k = (size_t)tb_hash(s->tbs[j]) & (cap - 1);
            while (idx[k] != SIZE_MAX)
                k = (k + 1) & (cap - 1);
            idx[k] = j;
        }
        free(s->tb_index);
        s->tb_index = idx;
        s->index_cap = cap;
        mask = cap - 1;
        for (i = (size_t)h & mask; s->tb_index[i] != SIZE_MAX;
             i = (i + 1) & mask)
            ;
    }
    s->tb_index[i] = s->ntbs;
    s->tbs[s->ntbs] = tb;
    return s->ntbs++;
}

static int
snapshot_add_trace(oh_snapshot *s, size_t size, size_t tb)
{
    if (s->ntraces == s->traces_cap) {
        size_t cap = s->traces_cap ? s->traces_cap * 2 : 256;
        snap_trace *t = realloc(s->traces, cap * sizeof *t);
        if (t == NULL)
            return -1;
        s->traces = t;
        s->traces_cap = cap;
    }
    s->traces[s->ntraces].size = size;
    s->traces[s->ntraces].tb = tb;
    s->ntraces++;
    return 0;
}

/* Taking a snapshot: each trace (ohi_trace_walk) added once, its raw
 * traceback resolved once (memo). */
typedef struct snap_ctx {
    int limit;
    oh_snapshot *s;
    size_t *memo;               /* raw tb index -> snapshot tb, or SIZE_MAX */
} snap_ctx;

static int
snap_one(void *arg, size_t size, const ohi_raw_tb *raw)
{
    snap_ctx *c = arg;
    size_t *m = &c->memo[raw->index];
    if (*m == SIZE_MAX) {
        oh_traceback *tb = ohi_sym_resolve(raw, c->limit, &c->s->strings);
        *m = tb ? snapshot_intern_tb(c->s, tb) : SIZE_MAX;
        if (*m == SIZE_MAX)
            return -1;
    }
    return snapshot_add_trace(c->s, size, *m);
}

oh_snapshot *
oh_trace_take_snapshot(void)
{
    const ohi_trace_state *t = OHI_TRACE;
    if (!oh_trace_is_tracing()) {
        oh_err_set(OH_ERR_RUNTIME, "the tracemalloc module must be tracing "
                   "memory allocations to take a snapshot (call "
                   "oh_trace_start first)");
        return NULL;
    }
    oh_snapshot *s = snapshot_new(t->limit);
    if (s == NULL)
        return oh_err_no_memory();
    /* The tables, as other threads' hooks (trace.c) leave them: under
     * their lock from here to the end of the walk. */
    ohi_trace_lock();
    /* Resolve each raw traceback once: its index -> the snapshot's. */
    size_t *memo = malloc((t->tbs_len + 1) * sizeof *memo);
    if (memo == NULL) {
        ohi_trace_unlock();
        oh_snapshot_free(s);
        return oh_err_no_memory();
    }
    memset(memo, 0xff, (t->tbs_len + 1) * sizeof *memo);
    snap_ctx c = {t->limit, s, memo};
    int rc = ohi_trace_walk(snap_one, &c);
    ohi_trace_unlock();
    free(memo);
    if (rc < 0) {
        oh_snapshot_free(s);
        return oh_err_no_memory();
    }
    return s;
}

size_t
oh_snapshot_ntraces(const oh_snapshot *s)
{
    return s ? s->ntraces : 0;
}

int
oh_snapshot_traceback_limit(const oh_snapshot *s)
{
    return s ? s->limit : 0;
}

int
ohi_snapshot_trace(const oh_snapshot *s, size_t i, size_t *size,
                   const oh_traceback **tb)
{
    if (s == NULL || i >= s->ntraces)
        return -1;
    *size = s->traces[i].size;
    *tb = s->tbs[s->traces[i].tb];
    return 0;
}

/* Copy a resolved traceback (names borrowed from `s`). */
static oh_traceback *
tb_copy(const oh_traceback *src)
{
    oh_traceback *tb = ohi_traceback_new(src->nframes);
    if (tb == NULL)
        return NULL;
    tb->total_nframe = src->total_nframe;
    memcpy(tb->frames, src->frames, src->nframes * sizeof *src->frames);
    return tb;
}

/* ==========================================================================
 * Filters
 * ========================================================================== */

static bool
frame_matches(const oh_trace_filter *f, const oh_frame *fr)
{
    if (fnmatch(f->filename_pattern, fr->filename, 0) != 0)
        return false;
    return f->lineno == 0 || f->lineno == fr->lineno;
}

/* Does the trace pass the filter (tracemalloc.Filter semantics)? */
static bool
filter_passes(const oh_trace_filter *f, const oh_traceback *tb)
{
    bool match = false;
    size_t n = f->all_frames ? tb->nframes : (tb->nframes ? 1 : 0);
    for (size_t i = 0; i < n && !match; i++)
        match = frame_matches(f, &tb->frames[i]);
    return f->inclusive ? match : !match;
}

oh_snapshot *
oh_snapshot_filter_traces(const oh_snapshot *s,
                          const oh_trace_filter *filters, size_t nfilters)
{
    if (s == NULL || (nfilters != 0 && filters == NULL)) {
        oh_err_set(OH_ERR_VALUE, "oh_snapshot_filter_traces: NULL snapshot "
                   "or filter array");
        return NULL;
    }
    for (size_t i = 0; i < nfilters; i++)
        if (filters[i].filename_pattern == NULL) {
            oh_err_format(OH_ERR_VALUE, "filter %zu has no filename "
                          "pattern", i);
            return NULL;
        }
    oh_snapshot *out = snapshot_new(s->limit);
    if (out == NULL)
        return oh_err_no_memory();
    size_t *remap = malloc((s->ntbs ? s->ntbs : 1) * sizeof *remap);
    if (remap == NULL) {
        oh_snapshot_free(out);
        return oh_err_no_memory();
    }
    memset(remap, 0xff, (s->ntbs ? s->ntbs : 1) * sizeof *remap);
    bool any_inclusive = false;
    for (size_t i = 0; i < nfilters; i++)
        any_inclusive |= filters[i].inclusive != 0;
    for (size_t k = 0; k < s->ntraces; k++) {
        const oh_traceback *tb = s->tbs[s->traces[k].tb];
        bool included = !any_inclusive, excluded = false;
        for (size_t i = 0; i < nfilters; i++) {
            bool pass = filter_passes(&filters[i], tb);
            if (filters[i].inclusive)
                included |= pass;
            else
                excluded |= !pass;
        }
        if (!included || excluded)
            continue;
        size_t *r = &remap[s->traces[k].tb];
        if (*r == SIZE_MAX) {
            /* Names stay valid: copy them into the new snapshot too. */
            oh_traceback *c = tb_copy(tb);
            for (size_t i = 0; c && i < c->nframes; i++) {
                c->frames[i].filename = ohi_strpool_dup(&out->strings,
                                                    tb->frames[i].filename);
                c->frames[i].function = ohi_strpool_dup(&out->strings,
                                                    tb->frames[i].function);
                if (!c->frames[i].filename || !c->frames[i].function) {
                    free(c);
                    c = NULL;
                }
            }
            *r = c ? snapshot_intern_tb(out, c) : SIZE_MAX;
            if (*r == SIZE_MAX)
                goto nomem;
        }
        if (snapshot_add_trace(out, s->traces[k].size, *r) < 0)
            goto nomem;
    }
    free(remap);
    return out;
nomem:
    free(remap);
    oh_snapshot_free(out);
    return oh_err_no_memory();
}

/* ==========================================================================
 * Statistics and comparisons
 * ========================================================================== */

/* A group under construction: its key (a traceback the group owns) and
 * totals. */
typedef struct group {
    oh_traceback *key;
    uint64_t hash;
    size_t size, count;
} group;

typedef struct grouping {
    group *g;
    size_t n, cap;
    size_t *index;              /* open addressing over g */
    size_t index_cap;
} grouping;

static void
grouping_free(grouping *gr, bool keys_too)
{
    if (keys_too)
        for (size_t i = 0; i < gr->n; i++)
            free(gr->g[i].key);
    free(gr->g);
    free(gr->index);
}

/* Add size/count to the group keyed by `key` (copied when new).  -1 when
 * out of memory. */
static int
grouping_add(grouping *gr, const oh_traceback *key, size_t size,
             size_t count)
{
    uint64_t h = tb_hash(key);
    if ((gr->n + 1) * 2 > gr->index_cap) {
        size_t cap = gr->index_cap ? gr->index_cap * 2 : 64;
        size_t *idx = malloc(cap * sizeof *idx);
        if (idx == NULL)
            return -1;
        memset(idx, 0xff, cap * sizeof *idx);
        for (size_t j = 0; j < gr->n; j++) {
            size_t k = (size_t)gr->g[j].hash & (cap - 1);
            while (idx[k] != SIZE_MAX)
                k = (k + 1) & (cap - 1);
            idx[k] = j;
        }
        free(gr->index);
        gr->index = idx;
        gr->index_cap = cap;
    }
    size_t mask = gr->index_cap - 1, i = (size_t)h & mask;
    for (; gr->index[i] != SIZE_MAX; i = (i + 1) & mask) {
        group *g = &gr->g[gr->index[i]];
        if (g->hash == h && tb_equal(g->key, key)) {
            g->size += size;
            g->count += count;
            return 0;
        }
    }
    if (gr->n == gr->cap) {
        size_t cap = gr->cap ? gr->cap * 2 : 64;
        group *g = realloc(gr->g, cap * sizeof *g);
        if (g == NULL)
            return -1;
        gr->g = g;
        gr->cap = cap;
    }
    oh_traceback *k = tb_copy(key);
    if (k == NULL)
        return -1;
    gr->g[gr->n] = (group){k, h, size, count};
    gr->index[i] = gr->n++;
    return 0;
}

/* The key of frame i of tb under `key`: one frame, the line dropped for
 * OH_STAT_FILENAME.  Uses the caller's buffer. */
static const oh_traceback *
frame_key(const oh_traceback *tb, size_t i, oh_stat_key key,
          oh_traceback *buf)
{
    buf->nframes = 1;
    buf->total_nframe = 1;
    buf->frames[0] = tb->frames[i];
    buf->frames[0].pc = 0;
    if (key == OH_STAT_FILENAME) {
        buf->frames[0].lineno = 0;
        buf->frames[0].function = "";
    }
    return buf;
}

static int
group_snapshot(const oh_snapshot *s, oh_stat_key key, int cumulative,
               grouping *gr)
{
    union {
        oh_traceback tb;
        char bytes[sizeof(oh_traceback) + sizeof(oh_frame)];
    } one;
    static const oh_traceback empty = {0, 0};
    for (size_t k = 0; k < s->ntraces; k++) {
        const oh_traceback *tb = s->tbs[s->traces[k].tb];
        size_t size = s->traces[k].size;
        if (key == OH_STAT_TRACEBACK || tb->nframes == 0) {
            if (grouping_add(gr, key == OH_STAT_TRACEBACK ? tb : &empty,
                             size, 1) < 0)
                return -1;
            continue;
        }
        size_t n = cumulative ? tb->nframes : 1;
        for (size_t i = 0; i < n; i++) {
            /* Count each distinct key once per trace. */
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++)
                seen = strcmp(tb->frames[j].filename,
                              tb->frames[i].filename) == 0
                       && (key == OH_STAT_FILENAME
                           || (tb->frames[j].lineno == tb->frames[i].lineno
                               && strcmp(tb->frames[j].function,
                                         tb->frames[i].function) == 0));
            if (!seen
                && grouping_add(gr, frame_key(tb, i, key, &one.tb), size,
                                1) < 0)
                return -1;
        }
    }
    return 0;
}

static int
cmp_keys(const oh_traceback *a, const oh_traceback *b)
{
    for (size_t i = 0; i < a->nframes && i < b->nframes; i++) {
        int c = strcmp(a->frames[i].filename, b->frames[i].filename);
        if (c != 0)
            return c;
        if (a->frames[i].lineno != b->frames[i].lineno)
            return a->frames[i].lineno < b->frames[i].lineno ? -1 : 1;
        c = strcmp(a->frames[i].function, b->frames[i].function);
        if (c != 0)
            return c;
    }
    return (a->nframes > b->nframes) - (a->nframes < b->nframes);
}

static int
cmp_stat(const void *pa, const void *pb)
{
    const oh_stat *a = pa, *b = pb;
    if (a->size != b->size)
        return a->size > b->size ? -1 : 1;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return cmp_keys(a->traceback, b->traceback);
}

static int
check_key(oh_stat_key key, int cumulative)
{
    if (key != OH_STAT_LINENO && key != OH_STAT_FILENAME
        && key != OH_STAT_TRACEBACK) {
        oh_err_format(OH_ERR_VALUE, "unknown statistics key %d", (int)key);
        return -1;
    }
    if (cumulative && key == OH_STAT_TRACEBACK) {
        oh_err_set(OH_ERR_VALUE, "cumulative mode cannot be used with key "
                   "type 'traceback'");
        return -1;
    }
    return 0;
}

oh_stats *
oh_snapshot_statistics(const oh_snapshot *s, oh_stat_key key, int cumulative)
{
    if (s == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_snapshot_statistics: NULL snapshot");
        return NULL;
    }
    if (check_key(key, cumulative) < 0)
        return NULL;
    grouping gr = {0};
    oh_stats *st = calloc(1, sizeof *st);
    if (st == NULL || group_snapshot(s, key, cumulative, &gr) < 0) {
        free(st);
        grouping_free(&gr, true);
        return oh_err_no_memory();
    }
    st->items = calloc(gr.n ? gr.n : 1, sizeof *st->items);
    if (st->items == NULL) {
        free(st);
        grouping_free(&gr, true);
        return oh_err_no_memory();
    }
    st->n = gr.n;
    for (size_t i = 0; i < gr.n; i++)
        st->items[i] = (oh_stat){gr.g[i].key, gr.g[i].size, gr.g[i].count};
    grouping_free(&gr, false);
    qsort(st->items, st->n, sizeof *st->items, cmp_stat);
    return st;
}

void
oh_stats_free(oh_stats *st)
{
    if (st == NULL)
        return;
    for (size_t i = 0; i < st->n; i++)
        free((void *)(uintptr_t)st->items[i].traceback);
    free(st->items);
    free(st);
}

static uint64_t
abs64(int64_t v)
{
    return v < 0 ? (uint64_t)-(v + 1) + 1 : (uint64_t)v;
}

static int
cmp_diff(const void *pa, const void *pb)
{
    const oh_stat_diff *a = pa, *b = pb;
    if (abs64(a->size_diff) != abs64(b->size_diff))
        return abs64(a->size_diff) > abs64(b->size_diff) ? -1 : 1;
    if (a->size != b->size)
        return a->size > b->size ? -1 : 1;
    if (abs64(a->count_diff) != abs64(b->count_diff))
        return abs64(a->count_diff) > abs64(b->count_diff) ? -1 : 1;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return cmp_keys(a->traceback, b->traceback);
}

oh_stat_diffs *
oh_snapshot_compare_to(const oh_snapshot *now, const oh_snapshot *old,
                       oh_stat_key key, int cumulative)
{
    if (now == NULL || old == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_snapshot_compare_to: NULL snapshot");
        return NULL;
    }
    if (check_key(key, cumulative) < 0)
        return NULL;
    /* Group the new snapshot, then the old one into the same table with
     * the sizes kept apart: old totals go to a parallel array. */
    grouping gr = {0};
    oh_stat_diffs *d = calloc(1, sizeof *d);
    size_t nnew = 0;
    if (d == NULL || group_snapshot(now, key, cumulative, &gr) < 0)
        goto nomem;
    nnew = gr.n;
    size_t *snap_size = malloc((nnew ? nnew : 1) * sizeof *snap_size);
    size_t *snap_count = malloc((nnew ? nnew : 1) * sizeof *snap_count);
    if (snap_size == NULL || snap_count == NULL) {
        free(snap_size);
        free(snap_count);
        goto nomem;
    }
    for (size_t i = 0; i < nnew; i++) {
        snap_size[i] = gr.g[i].size;
        snap_count[i] = gr.g[i].count;
        gr.g[i].size = gr.g[i].count = 0;
    }
    if (group_snapshot(old, key, cumulative, &gr) < 0) {
        free(snap_size);
        free(snap_count);
        goto nomem;
    }
    d->items = calloc(gr.n ? gr.n : 1, sizeof *d->items);
    if (d->items == NULL) {
        free(snap_size);
        free(snap_count);
        goto nomem;
    }
    d->n = gr.n;
    for (size_t i = 0; i < gr.n; i++) {
        size_t ns = i < nnew ? snap_size[i] : 0;
        size_t nc = i < nnew ? snap_count[i] : 0;
        d->items[i] = (oh_stat_diff){
            gr.g[i].key, ns, (int64_t)ns - (int64_t)gr.g[i].size,
            nc, (int64_t)nc - (int64_t)gr.g[i].count};
    }
    free(snap_size);
    free(snap_count);
    grouping_free(&gr, false);
    qsort(d->items, d->n, sizeof *d->items, cmp_diff);
    return d;
nomem:
    grouping_free(&gr, true);
    free(d);
    return oh_err_no_memory();
}

void
oh_stat_diffs_free(oh_stat_diffs *d)
{
    if (d == NULL)
        return;
    for (size_t i = 0; i < d->n; i++)
        free((void *)(uintptr_t)d->items[i].traceback);
    free(d->items);
    free(d);
}

/* A byte count as tracemalloc writes it: "512 B", "12.3 KiB", "45 MiB",
 * with a sign when asked. */
static void
format_size(char *buf, size_t len, double size, bool sign)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    for (size_t u = 0; u < 5; u++) {
        double a = size < 0 ? -size : size;
        if (a < 100 && u != 0) {
            snprintf(buf, len, sign ? "%+.1f %s" : "%.1f %s", size, units[u]);
            return;
        }
        if (a < 10 * 1024 || u == 4) {
            snprintf(buf, len, sign ? "%+.0f %s" : "%.0f %s", size, units[u]);
            return;
        }
        size /= 1024;
    }
}

static void
print_key(const oh_traceback *tb, FILE *out)
{
    if (tb->nframes == 0)
        fprintf(out, "<unknown>");
    else if (tb->frames[0].lineno == 0 && tb->frames[0].function[0] == '\0')
        fprintf(out, "%s", tb->frames[0].filename);
    else if (ohi_frame_has_no_line(&tb->frames[0]))
        fprintf(out, "%s in %s", tb->frames[0].function,
                tb->frames[0].filename);
    else
        fprintf(out, "%s:%d", tb->frames[0].filename, tb->frames[0].lineno);
}

void
oh_stats_print(const oh_stats *st, FILE *out, size_t limit)
{
    if (st == NULL || out == NULL)
        return;
    size_t n = limit && limit < st->n ? limit : st->n;
    for (size_t i = 0; i < n; i++) {
        const oh_stat *s = &st->items[i];
        char size[32], avg[32];
        format_size(size, sizeof size, (double)s->size, false);
        format_size(avg, sizeof avg,
                    s->count ? (double)s->size / (double)s->count : 0, false);
        print_key(s->traceback, out);
        fprintf(out, ": size=%s, count=%zu, average=%s\n", size, s->count,
                avg);
    }
}

void
oh_stat_diffs_print(const oh_stat_diffs *d, FILE *out, size_t limit)
{
    if (d == NULL || out == NULL)
        return;
    size_t n = limit && limit < d->n ? limit : d->n;
    for (size_t i = 0; i < n; i++) {
        const oh_stat_diff *s = &d->items[i];
        char size[32], diff[32], avg[32];
        format_size(size, sizeof size, (double)s->size, false);
        format_size(diff, sizeof diff, (double)s->size_diff, true);
        format_size(avg, sizeof avg,
                    s->count ? (double)s->size / (double)s->count : 0, false);
        print_key(s->traceback, out);
        fprintf(out, ": size=%s (%s), count=%zu (%+" PRId64 "), "
                     "average=%s\n", size, diff, s->count, s->count_diff,
                avg);
    }
}

/* ==========================================================================
 * Dump and load
 *
 *   objheap-snapshot 1
 *   limit N
 *   tracebacks N
 *   tb NFRAMES TOTAL_NFRAME           one per traceback, then its frames:
 *   f LINENO FILENAME<TAB>FUNCTION
 *   traces N
 *   t TRACEBACK_INDEX SIZE
 *
 * File and function names may not contain a tab or a newline; a name that
 * does is written with those characters replaced by '?'.
 * ========================================================================== */

static void
put_name(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\t' || *s == '\n' ? '?' : *s, f);
}

int
oh_snapshot_dump(const oh_snapshot *s, const char *path)
{
    if (s == NULL || path == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_snapshot_dump: NULL snapshot or path");
        return -1;
    }
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        oh_err_format(OH_ERR_VALUE, "cannot write %s: %s", path,
                      strerror(errno));
        return -1;
    }
    fprintf(f, "%s\nlimit %d\ntracebacks %zu\n", SNAPSHOT_MAGIC, s->limit,
            s->ntbs);
    for (size_t i = 0; i < s->ntbs; i++) {
        const oh_traceback *tb = s->tbs[i];
        fprintf(f, "tb %zu %zu\n", tb->nframes, tb->total_nframe);
        for (size_t j = 0; j < tb->nframes; j++) {
            fprintf(f, "f %d ", tb->frames[j].lineno);
            put_name(f, tb->frames[j].filename);
            fputc('\t', f);
            put_name(f, tb->frames[j].function);
            fputc('\n', f);
        }
    }
    fprintf(f, "traces %zu\n", s->ntraces);
    for (size_t i = 0; i < s->ntraces; i++)
        fprintf(f, "t %zu %zu\n", s->traces[i].tb, s->traces[i].size);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        oh_err_format(OH_ERR_VALUE, "cannot write %s", path);
        return -1;
    }
    return 0;
}

typedef struct reader {
    FILE *f;
    const char *path;
    char *line;
    size_t cap;
    size_t lineno;
} reader;

static int
next_line(reader *r)
{
    ssize_t n = getline(&r->line, &r->cap, r->f);
    if (n <= 0)
        return -1;
    r->lineno++;
    if (r->line[n - 1] == '\n')
        r->line[n - 1] = '\0';
    return 0;
}

static oh_snapshot *
load_failed(reader *r, oh_snapshot *s, const char *what)
{
    oh_err_format(OH_ERR_VALUE, "%s, line %zu: %s", r->path, r->lineno, what);
    oh_snapshot_free(s);
    return NULL;
}

oh_snapshot *
oh_snapshot_load(const char *path)
{
    if (path == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_snapshot_load: NULL path");
        return NULL;
    }
    reader r = {fopen(path, "r"), path, NULL, 0, 0};
    if (r.f == NULL) {
        oh_err_format(OH_ERR_VALUE, "cannot read %s: %s", path,
                      strerror(errno));
        return NULL;
    }
    oh_snapshot *s = NULL, *result = NULL;
    int limit;
    size_t ntbs, ntraces;
    if (next_line(&r) < 0 || strcmp(r.line, SNAPSHOT_MAGIC) != 0) {
        load_failed(&r, NULL, "not an objheap snapshot");
        goto done;
    }
    if (next_line(&r) < 0 || sscanf(r.line, "limit %d", &limit) != 1
        || limit < 1 || limit > OH_TRACE_MAX_FRAMES) {
        load_failed(&r, NULL, "expected 'limit N' (1..64)");
        goto done;
    }
    if ((s = snapshot_new(limit)) == NULL) {
        oh_err_no_memory();
        goto done;
    }
    if (next_line(&r) < 0 || sscanf(r.line, "tracebacks %zu", &ntbs) != 1) {
        s = load_failed(&r, s, "expected 'tracebacks N'");
        goto done;
    }
    for (size_t i = 0; i < ntbs; i++) {
        size_t nframes, total;
        if (next_line(&r) < 0
            || sscanf(r.line, "tb %zu %zu", &nframes, &total) != 2
            || nframes > OH_TRACE_MAX_FRAMES) {
            s = load_failed(&r, s, "expected 'tb NFRAMES TOTAL' (at most "
                                   "64 frames)");
            goto done;
        }
        oh_traceback *tb = ohi_traceback_new(nframes);
        if (tb == NULL) {
            oh_err_no_memory();
            goto done;
        }
        tb->total_nframe = total;
        for (size_t j = 0; j < nframes; j++) {
            int lineno, off = 0;
            char *tab;
            if (next_line(&r) < 0
                || sscanf(r.line, "f %d %n", &lineno, &off) != 1 || off == 0
                || (tab = strchr(r.line + off, '\t')) == NULL) {
                free(tb);
                s = load_failed(&r, s, "expected 'f LINENO FILE<tab>"
                                       "FUNCTION'");
                goto done;
            }
            *tab = '\0';
            tb->frames[j].lineno = lineno;
            tb->frames[j].filename = ohi_strpool_dup(&s->strings, r.line + off);
            tb->frames[j].function = ohi_strpool_dup(&s->strings, tab + 1);
            if (!tb->frames[j].filename || !tb->frames[j].function) {
                free(tb);
                oh_err_no_memory();
                goto done;
            }
        }
        /* Keep the file's numbering: traces refer to tracebacks by
         * position, so an equal pair stays two entries. */
        if (s->ntbs == s->tbs_cap) {
            size_t cap = s->tbs_cap ? s->tbs_cap * 2 : 64;
            oh_traceback **tbs = realloc(s->tbs, cap * sizeof *tbs);
            if (tbs == NULL) {
                free(tb);
                oh_err_no_memory();
                goto done;
            }
            s->tbs = tbs;
            s->tbs_cap = cap;
        }
        s->tbs[s->ntbs++] = tb;
    }
    if (next_line(&r) < 0 || sscanf(r.line, "traces %zu", &ntraces) != 1) {
        s = load_failed(&r, s, "expected 'traces N'");
        goto done;
    }
    for (size_t i = 0; i < ntraces; i++) {
        size_t tb, size;
        if (next_line(&r) < 0 || sscanf(r.line, "t %zu %zu", &tb, &size) != 2
            || tb >= s->ntbs) {
            s = load_failed(&r, s, "expected 't TRACEBACK SIZE' with a "
                                   "known traceback");
            goto done;
        }
        if (snapshot_add_trace(s, size, tb) < 0) {
            oh_err_no_memory();
            goto done;
        }
    }
    result = s;
    s = NULL;
done:
    oh_snapshot_free(s);
    free(r.line);
    fclose(r.f);
    return result;
}

