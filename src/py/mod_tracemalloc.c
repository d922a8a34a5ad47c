/*
 * mod_tracemalloc.c -- the tracemalloc module, on objheap's tracer
 * (src/trace.c), reporting Python files and lines.
 *
 * What this file owns
 * -------------------
 * py_module_tracemalloc, in two halves.  This C half has the functions
 * that drive the tracer (start, stop, is_tracing, clear_traces,
 * get_traceback_limit, get_traced_memory, reset_peak,
 * get_tracemalloc_memory) and a raw snapshot type, _Snapshot, over the
 * library's oh_snapshot: its grouping (oh_snapshot_statistics,
 * oh_snapshot_compare_to), filtering, traces, dump and load, answered as
 * plain tuples.  Its exec then runs the Python half, src/py/lib/
 * tracemalloc.py (embedded; see py_frozen_source), in the same module
 * namespace: the classes programs see (Snapshot, Statistic,
 * StatisticDiff, Traceback, Frame, Filter, DomainFilter, Trace),
 * take_snapshot and get_object_traceback, with CPython's reprs and
 * formatting.  `import tracemalloc` finds this built-in module first, so
 * the Python half is never imported on its own.
 *
 * Python frames in the tracer (the design)
 * ----------------------------------------
 * objheap's tracer records native call stacks, which in the interpreter
 * would all say "ceval.c".  So the tracer has frame sources (trace.c,
 * "Frame sources"): while one is installed, each traced allocation asks
 * it for the current stack as opaque words.  This file's source walks
 * the interpreter's frames (OHI_RT->py->frame, innermost first, through
 * `previous`) and packs each into one word:
 *
 *     63            32 31             0
 *    +----------------+----------------+
 *    | file number+1  | line           |     0: no Python frame running
 *    +----------------+----------------+        ("<unknown>", line 0)
 *
 * The line is the one of the frame's current instruction (what CPython's
 * tracemalloc records); the file number indexes a table of file names
 * kept in C-library memory (the capture runs inside an allocation, so it
 * must not allocate through objheap), looked up by the address of the
 * code object's filename str and confirmed by comparing the text.  The
 * table lives as long as the process, so a word can be resolved whenever
 * a snapshot is taken (MT2).  start() installs the source and stop()
 * removes it; C programs never install one, so the tracer's behaviour for
 * them is unchanged.
 *
 * Invariants
 * ----------
 * MT1. Every word the capture returns is 0 or names an entry of
 *      file_names (index word >> 32, minus one).
 * MT2. file_names only grows; its strings are never freed or moved.
 * MT3. The address index has at least one empty slot (nused <= nslots /
 *      2), so every probe ends; the fuzzer found the old rule, which
 *      counted names rather than addresses, filling it with the
 *      addresses of one file's many name strs and probing for ever.
 */
#include "py/py.h"

#include <stdlib.h>
#include <string.h>

static oh_object *
none(void)
{
    oh_incref(OH_NONE);
    return OH_NONE;
}

/* ==========================================================================
 * The frame source: Python frames as words
 * ========================================================================== */

/* The file table (MT2): names by number, and an open-addressing index by
 * the address of the filename str last seen for each. */
typedef struct file_slot {
    const void *str;                    /* a filename str object, or NULL */
    uint32_t id;
} file_slot;

static struct {
    char **names;                       /* names[id] (malloc'd copies) */
    uint32_t n, cap;
    file_slot *slots;
    size_t nslots;                      /* power of two */
    size_t nused;                       /* slots holding an address */
} files;

static size_t
slot_of(const void *p, size_t mask)
{
    return (size_t)(((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15u) & mask;
}

/* The number of file `name` (the text of str object `str`), adding it if
 * new; UINT32_MAX when the C library is out of memory. */
static uint32_t
file_id(const void *str, const char *name)
{
    if (files.nslots != 0) {
        size_t mask = files.nslots - 1;
        for (size_t i = slot_of(str, mask);; i = (i + 1) & mask) {
            file_slot *s = &files.slots[i];
            if (s->str == NULL)
                break;
            if (s->str == str && strcmp(files.names[s->id], name) == 0)
                return s->id;
        }
    }
    /* A str not seen at this address: look the text up among the names
     * (a new str with an old name, or an old address reused). */
    uint32_t id = UINT32_MAX;
    for (uint32_t i = 0; i < files.n; i++)
        if (strcmp(files.names[i], name) == 0) {
            id = i;
            break;
        }
    if (id == UINT32_MAX) {
        if (files.n == files.cap) {
            uint32_t cap = files.cap ? files.cap * 2 : 16;
            char **n = realloc(files.names, cap * sizeof *n);
            if (n == NULL)
                return UINT32_MAX;
            files.names = n;
            files.cap = cap;
        }
        char *copy = strdup(name);
        if (copy == NULL)
            return UINT32_MAX;
        id = files.n;
        files.names[files.n++] = copy;
    }
    /* Index the address, keeping the table at most half full of
     * addresses (MT3).  The index is a cache: many str objects may carry
     * one name over time (a file run again, a new interpreter), so when
     * it fills it starts again empty, sized for the names, instead of
     * keeping the addresses of strs long gone. */
    if ((files.nused + 1) * 2 > files.nslots) {
        size_t ncap = 64;
        while (ncap < (size_t)files.n * 4)
            ncap *= 2;
        file_slot *ns = calloc(ncap, sizeof *ns);
        if (ns == NULL)
            return id;                  /* found, just not indexed */
        free(files.slots);
        files.slots = ns;
        files.nslots = ncap;
        files.nused = 0;
    }
    size_t mask = files.nslots - 1;
    size_t i = slot_of(str, mask);
    while (files.slots[i].str != NULL && files.slots[i].str != str)
        i = (i + 1) & mask;
    if (files.slots[i].str == NULL)
        files.nused++;
    files.slots[i].str = str;
    files.slots[i].id = id;
    return id;
}

static uintptr_t
frame_word(py_frame *f)
{
    py_code *co = f->code;
    int line = py_code_addr2line(co, PY_FRAME_LASTI(f));
    if (line < 0)
        line = 0;
    uint32_t id = file_id(co->filename, oh_str_utf8(co->filename, NULL));
    if (id == UINT32_MAX)
        return 0;
    return ((uintptr_t)id + 1) << 32 | (uint32_t)line;
}

/* The frame source's capture (MT1). */
static int
python_capture(uintptr_t *words, int n, uint32_t *total)
{
    py_interp *in = OHI_RT->py;
    int k = 0;
    uint32_t depth = 0;
    for (py_frame *f = in ? in->frame : NULL; f != NULL; f = f->previous) {
        if (k < n)
            words[k++] = frame_word(f);
        depth++;
    }
    if (k == 0) {
        words[k++] = 0;
        depth = 1;
    }
    *total = depth;
    return k;
}

static void
python_resolve(uintptr_t word, oh_frame *out)
{
    uint64_t id = (uint64_t)word >> 32;
    out->function = "";
    out->pc = 0;
    if (id == 0 || id > files.n) {
        out->filename = "<unknown>";
        out->lineno = 0;
        return;
    }
    out->filename = files.names[id - 1];
    out->lineno = (int)(uint32_t)word;
}

static const ohi_frame_source python_frames = {
    python_capture,
    python_resolve,
};

/* ==========================================================================
 * Tracebacks as tuples
 * ========================================================================== */

/* ((filename, lineno), ...), innermost first, of a resolved traceback.
 * New reference. */
static oh_object *
frames_tuple(const oh_traceback *tb)
{
    oh_object *t = ohi_tuple_alloc(tb->nframes);
    if (t == NULL)
        return NULL;
    for (size_t i = 0; i < tb->nframes; i++) {
        oh_object *file = oh_str_from_cstr(tb->frames[i].filename);
        oh_object *line = oh_int_from_i64(tb->frames[i].lineno);
        oh_object *pair = (file && line) ? oh_tuple_pack(2, file, line)
                                         : NULL;
        oh_xdecref(file);
        oh_xdecref(line);
        if (pair == NULL) {
            for (size_t j = i; j < tb->nframes; j++) {
                oh_incref(OH_NONE);
                OHI_TUPLE(t)->items[j] = OH_NONE;
            }
            oh_decref(t);
            return NULL;
        }
        OHI_TUPLE(t)->items[i] = pair;
    }
    return t;
}

/* ==========================================================================
 * _Snapshot: the library's snapshot
 * ========================================================================== */

typedef struct py_rawsnap {
    OH_OBJECT_HEAD;
    oh_snapshot *snap;                  /* owned */
} py_rawsnap;

#define RAW(o) ((py_rawsnap *)(void *)(o))

static py_static_type py_rawsnap_static;
#define RAWSNAP_TYPE (&py_rawsnap_static.t)

/* Wrap a snapshot (stolen).  New reference. */
static oh_object *
rawsnap_wrap(oh_snapshot *s)
{
    oh_object *o = py_alloc_instance(RAWSNAP_TYPE, 0);
    if (o == NULL) {
        oh_snapshot_free(s);
        return NULL;
    }
    RAW(o)->snap = s;
    return o;
}

static void
rawsnap_dealloc(oh_object *o)
{
    oh_snapshot_free(RAW(o)->snap);
    RAW(o)->snap = NULL;
    ohi_object_free(o);
}

/* 'lineno', 'filename' or 'traceback'.  0, or -1 with ValueError. */
static int
stat_key(oh_object *name, oh_stat_key *out)
{
    if (OHI_TYPE_KIND(name->type) == OHI_KIND_STR) {
        if (oh_str_equal_cstr(name, "lineno")) {
            *out = OH_STAT_LINENO;
            return 0;
        }
        if (oh_str_equal_cstr(name, "filename")) {
            *out = OH_STAT_FILENAME;
            return 0;
        }
        if (oh_str_equal_cstr(name, "traceback")) {
            *out = OH_STAT_TRACEBACK;
            return 0;
        }
    }
    py_err_format(PY_EXC(ValueError), "unknown key_type: %R", name);
    return -1;
}

static int
stat_args(const char *fname, oh_object *const *args, size_t nargs,
          oh_object *kwnames, size_t npos, oh_stat_key *key,
          int *cumulative)
{
    if (py_check_args(fname, nargs, kwnames, npos, npos) < 0
        || stat_key(args[npos - 2], key) < 0)
        return -1;
    *cumulative = py_is_true(args[npos - 1]);
    if (*cumulative < 0)
        return -1;
    if (*cumulative && *key == OH_STAT_TRACEBACK) {
        py_err_format(PY_EXC(ValueError), "cumulative mode cannot by used "
                      "with key type %R", args[npos - 2]);
        return -1;
    }
    return 0;
}

/* statistics(key_type, cumulative): [(size, count, frames), ...] */
static oh_object *
rawsnap_m_statistics(oh_object *self, oh_object *const *args, size_t nargs,
                     oh_object *kwnames)
{
    oh_stat_key key;
    int cumulative;
    if (stat_args("statistics", args, nargs, kwnames, 2, &key,
                  &cumulative) < 0)
        return NULL;
    oh_stats *st = oh_snapshot_statistics(RAW(self)->snap, key, cumulative);
    if (st == NULL)
        return NULL;
    oh_object *out = oh_list_new();
    for (size_t i = 0; out != NULL && i < st->n; i++) {
        oh_object *size = oh_int_from_u64(st->items[i].size);
        oh_object *count = oh_int_from_u64(st->items[i].count);
        oh_object *tb = frames_tuple(st->items[i].traceback);
        oh_object *row = (size && count && tb)
                         ? oh_tuple_pack(3, size, count, tb) : NULL;
        oh_xdecref(size);
        oh_xdecref(count);
        oh_xdecref(tb);
        if (row == NULL || oh_list_append(out, row) < 0)
            OH_CLEAR(out);
        oh_xdecref(row);
    }
    oh_stats_free(st);
    return out;
}

/* compare_to(old, key_type, cumulative):
 * [(size, size_diff, count, count_diff, frames), ...] */
static oh_object *
rawsnap_m_compare_to(oh_object *self, oh_object *const *args, size_t nargs,
                     oh_object *kwnames)
{
    oh_stat_key key;
    int cumulative;
    if (stat_args("compare_to", args, nargs, kwnames, 3, &key,
                  &cumulative) < 0)
        return NULL;
    if (args[0]->type != &RAWSNAP_TYPE->ot)
        return py_err_format(PY_EXC(TypeError), "expected a snapshot, not "
                             "%T", args[0]);
    oh_stat_diffs *d = oh_snapshot_compare_to(RAW(self)->snap,
                                              RAW(args[0])->snap, key,
                                              cumulative);
    if (d == NULL)
        return NULL;
    oh_object *out = oh_list_new();
    for (size_t i = 0; out != NULL && i < d->n; i++) {
        const oh_stat_diff *e = &d->items[i];
        oh_object *v[5] = {
            oh_int_from_u64(e->size), oh_int_from_i64(e->size_diff),
            oh_int_from_u64(e->count), oh_int_from_i64(e->count_diff),
            frames_tuple(e->traceback)
        };
        oh_object *row = NULL;
        if (v[0] && v[1] && v[2] && v[3] && v[4])
            row = oh_tuple_from_array(v, 5);
        for (int j = 0; j < 5; j++)
            oh_xdecref(v[j]);
        if (row == NULL || oh_list_append(out, row) < 0)
            OH_CLEAR(out);
        oh_xdecref(row);
    }
    oh_stat_diffs_free(d);
    return out;
}

/* filter([(inclusive, pattern, lineno, all_frames), ...]): a new raw
 * snapshot. */
static oh_object *
rawsnap_m_filter(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_check_args("filter", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *list = py_sequence_tuple(args[0]);
    if (list == NULL)
        return NULL;
    size_t n = (size_t)OHI_TUPLE_SIZE(list);
    oh_trace_filter *f = oh_malloc((n ? n : 1) * sizeof *f);
    oh_object *r = NULL;
    if (f == NULL) {
        py_err_no_memory();
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        oh_object *t = OHI_TUPLE(list)->items[i];
        if (!oh_tuple_check(t) || OHI_TUPLE_SIZE(t) != 4
            || OHI_TYPE_KIND(OHI_TUPLE(t)->items[1]->type)
               != OHI_KIND_STR) {
            py_err_set_string(PY_EXC(TypeError), "bad filter");
            goto done;
        }
        int64_t line;
        int incl = py_is_true(OHI_TUPLE(t)->items[0]);
        int all = py_is_true(OHI_TUPLE(t)->items[3]);
        if (incl < 0 || all < 0
            || py_index_i64(OHI_TUPLE(t)->items[2], &line) < 0)
            goto done;
        f[i].inclusive = incl;
        f[i].filename_pattern = oh_str_utf8(OHI_TUPLE(t)->items[1], NULL);
        f[i].lineno = (int)line;
        f[i].all_frames = all;
    }
    oh_snapshot *s = oh_snapshot_filter_traces(RAW(self)->snap, f, n);
    if (s != NULL)
        r = rawsnap_wrap(s);
done:
    oh_free(f);
    oh_decref(list);
    return r;
}

/* traces(): [(0, size, frames, total_nframe), ...] */
static oh_object *
rawsnap_m_traces(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_check_args("traces", nargs, kwnames, 0, 0) < 0)
        return NULL;
    oh_snapshot *s = RAW(self)->snap;
    size_t n = oh_snapshot_ntraces(s);
    oh_object *out = oh_list_new();
    for (size_t i = 0; out != NULL && i < n; i++) {
        size_t size;
        const oh_traceback *tb;
        if (ohi_snapshot_trace(s, i, &size, &tb) < 0)
            break;
        oh_object *v[4] = {
            oh_int_from_i64(0), oh_int_from_u64(size), frames_tuple(tb),
            oh_int_from_u64(tb->total_nframe)
        };
        oh_object *row = NULL;
        if (v[0] && v[1] && v[2] && v[3])
            row = oh_tuple_from_array(v, 4);
        for (int j = 0; j < 4; j++)
            oh_xdecref(v[j]);
        if (row == NULL || oh_list_append(out, row) < 0)
            OH_CLEAR(out);
        oh_xdecref(row);
    }
    return out;
}

static oh_object *
rawsnap_m_dump(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (py_check_args("dump", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *path = py_str(args[0]);
    if (path == NULL)
        return NULL;
    int r = oh_snapshot_dump(RAW(self)->snap, oh_str_utf8(path, NULL));
    oh_decref(path);
    return r < 0 ? NULL : none();
}

static oh_object *
rawsnap_get_limit(oh_object *self)
{
    return oh_int_from_i64(oh_snapshot_traceback_limit(RAW(self)->snap));
}

static oh_object *
rawsnap_get_ntraces(oh_object *self)
{
    return oh_int_from_u64(oh_snapshot_ntraces(RAW(self)->snap));
}

static const py_method_def rawsnap_methods[] = {
    {"statistics", rawsnap_m_statistics, 0, NULL},
    {"compare_to", rawsnap_m_compare_to, 0, NULL},
    {"filter", rawsnap_m_filter, 0, NULL},
    {"traces", rawsnap_m_traces, 0, NULL},
    {"dump", rawsnap_m_dump, 0, NULL},
    {NULL, NULL, 0, NULL}
};

static const py_getset_def rawsnap_getsets[] = {
    {"traceback_limit", rawsnap_get_limit, NULL, NULL},
    {"ntraces", rawsnap_get_ntraces, NULL, NULL},
    {NULL, NULL, NULL, NULL}
};

static py_static_type py_rawsnap_static = {.t = {
    PY_TYPE_INIT("tracemalloc._Snapshot", py_rawsnap, 0),
    .ot.dealloc = rawsnap_dealloc,
    .methods = rawsnap_methods,
    .getsets = rawsnap_getsets,
}};

/* ==========================================================================
 * The module's C functions
 * ========================================================================== */

/* get_traceback_limit() after stop() is the last limit set, as CPython's
 * (1 before any start). */
static int last_limit = 1;

static oh_object *
tracemalloc_start(oh_object *self, oh_object *const *args, size_t nargs,
                  oh_object *kwnames)
{
    static const char *const kw[] = {"nframe", NULL};
    static const py_argspec spec = {"start", kw, 0, 1, 1};
    oh_object *a[1];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    int64_t n = 1;
    if (a[0] != NULL && py_index_i64(a[0], &n) < 0)
        return NULL;
    if (n < 1 || n > 65535)
        return py_err_set_string(PY_EXC(ValueError), "the number of frames "
                                 "must be in range [1; 65535]");
    /* The library keeps at most OH_TRACE_MAX_FRAMES frames. */
    int limit = n > OH_TRACE_MAX_FRAMES ? OH_TRACE_MAX_FRAMES : (int)n;
    last_limit = (int)n;
    ohi_trace_set_frame_source(&python_frames);
    if (oh_trace_start(limit) < 0)
        return NULL;
    return none();
}

static oh_object *
tracemalloc_stop(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_check_args("tracemalloc.stop", nargs, kwnames, 0, 0) < 0)
        return NULL;
    oh_trace_stop();
    /* Later tracing from C (objheap's own API) records native stacks. */
    ohi_trace_set_frame_source(NULL);
    return none();
}

static oh_object *
tracemalloc_is_tracing(oh_object *self, oh_object *const *args,
                       size_t nargs, oh_object *kwnames)
{
    if (py_check_args("tracemalloc.is_tracing", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return oh_bool_from(oh_trace_is_tracing());
}

static oh_object *
tracemalloc_clear_traces(oh_object *self, oh_object *const *args,
                         size_t nargs, oh_object *kwnames)
{
    if (py_check_args("tracemalloc.clear_traces", nargs, kwnames, 0, 0) < 0)
        return NULL;
    oh_trace_clear_traces();
    return none();
}

static oh_object *
tracemalloc_get_traceback_limit(oh_object *self, oh_object *const *args,
                                size_t nargs, oh_object *kwnames)
{
    if (py_check_args("tracemalloc.get_traceback_limit", nargs, kwnames, 0,
                      0) < 0)
        return NULL;
    return oh_int_from_i64(last_limit);
}

static oh_object *
tracemalloc_get_traced_memory(oh_object *self, oh_object *const *args,
                              size_t nargs, oh_object *kwnames)
{
    if (py_check_args("tracemalloc.get_traced_memory", nargs, kwnames, 0,
                      0) < 0)
        return NULL;
    size_t current = 0, peak = 0;
    if (oh_trace_is_tracing())
        oh_trace_get_traced_memory(&current, &peak);
    oh_object *c = oh_int_from_u64(current), *p = oh_int_from_u64(peak);
    oh_object *t = (c && p) ? oh_tuple_pack(2, c, p) : NULL;
    oh_xdecref(c);
    oh_xdecref(p);
    return t;
}

static oh_object *
tracemalloc_reset_peak(oh_object *self, oh_object *const *args,
                       size_t nargs, oh_object *kwnames)
{
    if (py_check_args("tracemalloc.reset_peak", nargs, kwnames, 0, 0) < 0)
        return NULL;
    oh_trace_reset_peak();
    return none();
}

static oh_object *
tracemalloc_get_tracemalloc_memory(oh_object *self, oh_object *const *args,
                                   size_t nargs, oh_object *kwnames)
{
    if (py_check_args("tracemalloc.get_tracemalloc_memory", nargs, kwnames,
                      0, 0) < 0)
        return NULL;
    return oh_int_from_u64(oh_trace_get_tracemalloc_memory());
}

static oh_object *
tracemalloc_take_raw(oh_object *self, oh_object *const *args, size_t nargs,
                     oh_object *kwnames)
{
    if (py_check_args("_take_raw_snapshot", nargs, kwnames, 0, 0) < 0)
        return NULL;
    oh_snapshot *s = oh_trace_take_snapshot();
    return s ? rawsnap_wrap(s) : NULL;
}

static oh_object *
tracemalloc_load_raw(oh_object *self, oh_object *const *args, size_t nargs,
                     oh_object *kwnames)
{
    if (py_check_args("_load_raw_snapshot", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *path = py_str(args[0]);
    if (path == NULL)
        return NULL;
    oh_snapshot *s = oh_snapshot_load(oh_str_utf8(path, NULL));
    oh_decref(path);
    return s ? rawsnap_wrap(s) : NULL;
}

/* The frames where obj was allocated, innermost first, or None. */
static oh_object *
tracemalloc_object_frames(oh_object *self, oh_object *const *args,
                          size_t nargs, oh_object *kwnames)
{
    if (py_check_args("_get_object_traceback", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_traceback *tb = oh_trace_get_object_traceback(args[0]);
    if (tb == NULL)
        return py_err_occurred() ? NULL : none();
    oh_object *t = frames_tuple(tb);
    oh_traceback_free(tb);
    return t;
}

static const py_method_def tracemalloc_methods[] = {
    {"start", tracemalloc_start, 0, "Start tracing Python memory "
     "allocations."},
    {"stop", tracemalloc_stop, 0, "Stop tracing Python memory "
     "allocations."},
    {"is_tracing", tracemalloc_is_tracing, 0, "Return True if the "
     "tracemalloc module is tracing Python memory allocations."},
    {"clear_traces", tracemalloc_clear_traces, 0, "Clear traces of memory "
     "blocks allocated by Python."},
    {"get_traceback_limit", tracemalloc_get_traceback_limit, 0,
     "Get the maximum number of frames stored in the traceback of a "
     "trace."},
    {"get_traced_memory", tracemalloc_get_traced_memory, 0, "Get the "
     "current size and peak size of memory blocks traced by tracemalloc."},
    {"reset_peak", tracemalloc_reset_peak, 0, "Set the peak size of memory "
     "blocks traced by tracemalloc to the current size."},
    {"get_tracemalloc_memory", tracemalloc_get_tracemalloc_memory, 0,
     "Get the memory usage in bytes of the tracemalloc module."},
    {"_take_raw_snapshot", tracemalloc_take_raw, 0, NULL},
    {"_load_raw_snapshot", tracemalloc_load_raw, 0, NULL},
    {"_get_object_frames", tracemalloc_object_frames, 0, NULL},
    {NULL, NULL, 0, NULL}
};

/* Run the Python half (src/py/lib/tracemalloc.py) in the module. */
static int
tracemalloc_exec(oh_object *m)
{
    if (py_type_ready(RAWSNAP_TYPE) < 0)
        return -1;
    size_t len;
    const char *src = py_frozen_source("tracemalloc", &len);
    if (src == NULL) {
        py_err_set_string(PY_EXC(ImportError), "tracemalloc: the Python "
                          "half (lib/tracemalloc.py) is not built in");
        return -1;
    }
    oh_object *file = oh_str_from_cstr("<frozen tracemalloc>");
    if (file == NULL)
        return -1;
    oh_object *code = py_compile_source(src, len, file, PY_MODE_EXEC);
    oh_decref(file);
    if (code == NULL)
        return -1;
    oh_object *d = ((py_module *)(void *)m)->dict;
    if (oh_dict_contains(d, PY_ID(__builtins__)) == 0
        && oh_dict_set(d, PY_ID(__builtins__),
                       OHI_RT->py->builtins_module) < 0) {
        oh_decref(code);
        return -1;
    }
    oh_object *r = py_eval_code(code, d, d);
    oh_decref(code);
    if (r == NULL)
        return -1;
    oh_decref(r);
    return 0;
}

/* At shutdown: tracing stops, as CPython's does, and the frame source
 * goes (no Python frames after this). */
static void
tracemalloc_fini(void)
{
    oh_trace_stop();
    ohi_trace_set_frame_source(NULL);
}

const py_module_def py_module_tracemalloc = {
    .name = "tracemalloc",
    .doc = "Debug module to trace memory blocks allocated by Python.",
    .methods = tracemalloc_methods,
    .exec = tracemalloc_exec,
    .fini = tracemalloc_fini,
};
