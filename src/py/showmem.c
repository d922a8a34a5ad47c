/*
 * showmem.c -- `objheap run --show-memory=OUT.html`: a running program's
 * memory, recorded step by step and written as one self-contained page.
 *
 * What this file owns
 * -------------------
 * The recorder behind --show-memory (issue 15).  It sits in the C tool
 * slot of the trace hooks (settrace.c, PY_TRACE_TOOL) and, at each LINE
 * event of a frame of the program's own file (and at the RETURN of such
 * a frame), records one step:
 *   - the line, the event, and how many bytes the program had printed;
 *   - the frame stack (the program's frames only, outermost first): each
 *     frame's function name, line and local names -> object ids; the
 *     module's frame shows __main__'s globals (dunder names left out);
 *   - every object reachable from those names (a breadth-first walk,
 *     SM_MAX_OBJS objects and SM_MAX_DEPTH levels at most), each with its
 *     type, a short value, id, reference count, sys.getsizeof, whether
 *     the collector tracks it and in which generation, the arena, pool
 *     and block it occupies, and its items as labelled edges.
 * Then, at the end, it writes the page: showmem_page.html (embedded at
 * build time as build/gen/showmem_page.h) with the steps as JSON inside
 * it.  The page's script draws the steps; this file only records.
 *
 * Data structures
 * ---------------
 *   records   every distinct object record, as JSON text:
 *               [id, "type", "value", refcount, size, gc, arena, pool,
 *                block, [[label, id], ...]]
 *             interned through `rtab` (a hash of the text), so an object
 *             that did not change between steps is stored once;
 *   steps     one JSON array per step:
 *               [line, "event", [[name, line, [[local, id], ...]], ...],
 *                [record index, ...], output bytes, return id or null,
 *                collections so far]
 *   out       what the program wrote to sys.stdout (py_file_set_tee).
 *   gcev      one entry per collection: [step, generation, collected,
 *             uncollectable, unreachable, nunreachable, callbacks,
 *             finalized, promoted, resurrected, end], where step is the
 *             number of steps recorded before it started (the steps
 *             recorded while it ran are its weakref callbacks' and
 *             finalizers' lines, when they are the program's), and the
 *             rest is what
 *             gc.c's observer (ohi_gc_set_observer) told while it ran:
 *               unreachable  [[id, "type", "value", arena, pool, block],
 *                            ...] the first SM_MAX_GC_OBJS objects it
 *                            found unreachable, intact (nunreachable
 *                            counts them all);
 *               callbacks    [[weak reference id, referent id], ...] the
 *                            weak references whose callbacks it ran;
 *               finalized    [id, ...] the objects whose finalizers
 *                            (__del__) it ran;
 *               promoted     [id, ...] survivors moved up a generation,
 *                            only those the previous step showed;
 *               resurrected  [id, ...] objects a finalizer made reachable
 *                            again;
 *             and end is the number of steps recorded when it ended.
 * The fields encode: refcount -1 for an immortal object; gc -2 for an
 * object that is not a container, -1 untracked, 0..2 its generation, 3
 * the permanent generation (gc.freeze); arena >= 0 the arena's serial
 * (arenas mapped before it), -1 a static object (not on the heap), -2 a
 * large object from the C library, -3 a huge mapping (pool and block are
 * then -1).
 *
 * Invariants
 * ----------
 * SM1. The recorder holds no reference to any object between steps:
 *      records keep ids (addresses as numbers), never pointers that are
 *      followed later.  So the counts it records are the program's own,
 *      with nothing of the recorder's in them (sys.getrefcount(x) inside
 *      the program is the recorded count plus one: its argument).
 * SM2. Recording runs no Python code: values come from the built-in
 *      types' own C repr, taken only for objects of exactly those types
 *      (int, float, complex, str, bytes, bool, None); items are read from
 *      the containers' C structures (list, tuple, dict, set, an instance's
 *      inline values or __dict__, a cell).  Everything else is shown as
 *      "<type object at 0x..>" and not followed.
 * SM3. The recorder's own memory comes from the C library (malloc), not
 *      from objheap's heap, so recording does not move the arenas and
 *      pools it reports.  The one exception is the repr strs of SM2,
 *      freed at once (the block goes back to where it came from).
 * SM4. At most one recorder exists per process (`sm`, a file-scope
 *      pointer), between py_showmem_start and py_showmem_finish.
 * SM6. The collector's observer (on_gc_object) obeys gc.c's C11: it reads
 *      the object it is told about and its type, writes C-library memory
 *      (SM3) and nothing else; no repr, no count, no walk of the lists.
 *      It is set only between py_showmem_start and py_showmem_finish,
 *      and only for a page (a still picture has no collector panel).
 * SM5. steps.n <= SM_MAX_STEPS; when a further step would pass it, the
 *      hook is removed (the program runs on untraced) and `capped` is set,
 *      which the page and stderr report.
 *
 * Tunables
 * --------
 * SM_MAX_STEPS 10000: issue 15's figure for a page that must stay usable.
 * SM_MAX_OBJS 400 and SM_MAX_DEPTH 8 per step: a screenful of boxes;
 * more is not readable, and the walk's cost grows with it.
 * SM_MAX_REPR 60 characters of a value.
 * SM_MAX_OUT 1 MiB of the program's output kept.
 * SM_MAX_GC_OBJS 64 objects of each kind per collection: a full
 * collection of a big program's cycles is counted, not listed.
 */
#include "py/py.h"

#include "showmem_page.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SM_MAX_STEPS 10000
#define SM_MAX_OBJS 400
#define SM_MAX_DEPTH 8
#define SM_MAX_REPR 60
#define SM_MAX_OUT ((size_t)1 << 20)
#define SM_MAX_ITEMS 64                 /* edges shown per container */
#define SM_MAX_GC_OBJS 64

/* ==========================================================================
 * Growing buffers (C library memory: SM3)
 * ========================================================================== */

typedef struct sbuf {
    char *p;
    size_t n, cap;
    bool failed;                        /* an allocation failed: the
                                           text is incomplete */
} sbuf;

static void
sb_reserve(sbuf *b, size_t more)
{
    if (b->failed || b->n + more + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + more + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (p == NULL) {
        b->failed = true;
        return;
    }
    b->p = p;
    b->cap = cap;
}

static void
sb_put(sbuf *b, const char *s, size_t n)
{
    sb_reserve(b, n);
    if (b->failed)
        return;
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void
sb_puts(sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

static void OH_PRINTF(2, 3)
sb_printf(sbuf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    sb_put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* s[0..n) as a JSON string, cut at `limit` code points (0: no limit)
 * with "..." added.  "</" is written "<\/" so that the text can sit in
 * a <script> element. */
static void
sb_json_str(sbuf *b, const char *s, size_t n, size_t limit)
{
    sb_put(b, "\"", 1);
    size_t chars = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) != 0x80 && limit != 0 && chars++ == limit) {
            sb_puts(b, "...");
            break;
        }
        switch (c) {
        case '"': sb_puts(b, "\\\""); break;
        case '\\': sb_puts(b, "\\\\"); break;
        case '\n': sb_puts(b, "\\n"); break;
        case '\r': sb_puts(b, "\\r"); break;
        case '\t': sb_puts(b, "\\t"); break;
        case '/':
            if (i > 0 && s[i - 1] == '<')
                sb_puts(b, "\\/");
            else
                sb_put(b, "/", 1);
            break;
        default:
            if (c < 0x20)
                sb_printf(b, "\\u%04x", c);
            else
                sb_put(b, (const char *)&c, 1);
        }
    }
    sb_put(b, "\"", 1);
}

static void
sb_json_cstr(sbuf *b, const char *s)
{
    sb_json_str(b, s, strlen(s), 0);
}

/* ==========================================================================
 * The recorder's state
 * ========================================================================== */

/* An object met by one step's walk. */
typedef struct sm_obj {
    oh_object *o;
    int depth;
    int gen;                            /* gc field (see the top) */
    size_t e0, nedges;                  /* its edges in showmem.edges */
} sm_obj;

/* An edge: what the child is to its parent ("0" in a list, the key in a
 * dict, the attribute of an instance), and the child. */
#define SM_LABEL 40
typedef struct sm_edge {
    char label[SM_LABEL];
    oh_object *to;
} sm_edge;

typedef struct showmem {
    char *path;                         /* the page to write */
    char *script;                       /* the program's file name, as
                                           its code objects carry it */
    int line_lo, line_hi;               /* --show-memory-lines (0: all) */
    int at_line;                        /* --at-line (0: none) */
    bool svg_mode;                      /* path ends in .svg: one still
                                           picture of the first step at
                                           at_line */
    sbuf svg;                           /* that picture, once drawn */
    bool capped;                        /* SM5 */
    bool hooked;
    /* Records, interned (rtab: open addressing, index + 1, 0 empty). */
    sbuf records;                       /* "rec,rec,..." */
    size_t *rec_off, *rec_len;          /* where each one is in records */
    size_t nrec, rec_cap;
    uint32_t *rtab;
    size_t rtab_cap;                    /* a power of two */
    /* Steps. */
    sbuf steps;
    size_t nsteps;
    /* The program's output. */
    sbuf out;
    bool out_cut;
    /* Collections. */
    sbuf gcev;
    size_t ngc;
    /* The collection running now: what the observer told (SM6), by
     * ohi_gc_obs_event, each a JSON list's items, and how many. */
    sbuf told[OHI_GC_OBS_NEVENTS];
    size_t ntold[OHI_GC_OBS_NEVENTS];
    size_t gc_step;                     /* nsteps when it started */
    /* One step's walk (reused). */
    sm_obj *objs;
    size_t nobjs;
    sm_edge *edges;
    size_t nedges, edges_cap;
    uintptr_t *seen;                    /* open addressing: o, or 0 */
    uint32_t *seen_ix;                  /* index into objs */
    size_t seen_cap;                    /* > 2 * SM_MAX_OBJS, power of 2 */
    sbuf scratch;
} showmem;

static showmem *sm;                     /* SM4 */

/* ==========================================================================
 * One step's walk
 * ========================================================================== */

static size_t
hash_ptr(uintptr_t p)
{
    p ^= p >> 33;
    p *= 0xff51afd7ed558ccdULL;
    p ^= p >> 33;
    return (size_t)p;
}

/* The index of o in this step's objects, or -1. */
static long
seen_find(showmem *s, const oh_object *o)
{
    size_t mask = s->seen_cap - 1;
    for (size_t i = hash_ptr((uintptr_t)o) & mask;; i = (i + 1) & mask) {
        if (s->seen[i] == 0)
            return -1;
        if (s->seen[i] == (uintptr_t)o)
            return s->seen_ix[i];
    }
}

/* Add o to the walk (once).  False when the cap is reached. */
static bool
walk_add(showmem *s, oh_object *o, int depth)
{
    if (o == NULL || seen_find(s, o) >= 0)
        return true;
    if (s->nobjs >= SM_MAX_OBJS || depth > SM_MAX_DEPTH)
        return false;
    size_t mask = s->seen_cap - 1;
    size_t i = hash_ptr((uintptr_t)o) & mask;
    while (s->seen[i] != 0)
        i = (i + 1) & mask;
    s->seen[i] = (uintptr_t)o;
    s->seen_ix[i] = (uint32_t)s->nobjs;
    s->objs[s->nobjs++] = (sm_obj){o, depth, -2, 0, 0};
    return true;
}

/* Is o of exactly one of the built-in types whose C repr runs no Python
 * code (SM2)? */
static bool
is_plain_scalar(const oh_object *o)
{
    const oh_type *t = o->type;
    if (t->flags & OHI_TYPE_PY)
        return PY_TYPE(o) == PY_T(complex);
    switch (OHI_TYPE_KIND(t)) {
    case OHI_KIND_NONE: case OHI_KIND_BOOL: case OHI_KIND_INT:
    case OHI_KIND_FLOAT: case OHI_KIND_STR: case OHI_KIND_BYTES:
        return true;
    default:
        return false;
    }
}

/* Does the walk follow o's items?  Containers of the built-in kinds (a
 * Python subclass keeps its base's layout), instances of classes made by
 * `class`, and cells. */
static bool
is_followed(const oh_object *o)
{
    switch (OHI_TYPE_KIND(o->type)) {
    case OHI_KIND_TUPLE: case OHI_KIND_LIST: case OHI_KIND_DICT:
    case OHI_KIND_SET: case OHI_KIND_FROZENSET:
        return true;
    default:
        break;
    }
    py_type *t = PY_TYPE(o);
    return t == PY_T(cell) || (t->tpflags & PY_TPFLAGS_HEAPTYPE) != 0;
}

/* The short value of o (SM2) into b, as a JSON string. */
static void
write_value(showmem *s, sbuf *b, oh_object *o)
{
    (void)s;
    py_type *t = PY_TYPE(o);
    const char *tn = t->tp_name ? t->tp_name : "object";
    char tmp[200];
    if (is_plain_scalar(o)) {
        /* Only the start of a long str or bytes is shown: repr the
         * start, not the whole; a big int is described, not converted
         * (its repr costs time quadratic in its digits). */
        oh_object *part = NULL, *r;
        unsigned kind = OHI_TYPE_KIND(o->type);
        if (kind == OHI_KIND_STR && oh_str_length(o) > SM_MAX_REPR)
            part = oh_str_slice(o, 0, SM_MAX_REPR);
        else if (kind == OHI_KIND_BYTES && oh_bytes_size(o) > SM_MAX_REPR)
            part = oh_bytes_from(oh_bytes_data(o), SM_MAX_REPR);
        else if (kind == OHI_KIND_INT && oh_int_bit_length(o) > 200) {
            snprintf(tmp, sizeof tmp, "<int of %lld bits>",
                     (long long)oh_int_bit_length(o));
            sb_json_cstr(b, tmp);
            return;
        }
        r = py_repr(part != NULL ? part : o);
        oh_xdecref(part);
        if (r != NULL) {
            size_t n;
            const char *u = oh_str_utf8(r, &n);
            if (part != NULL) {
                sbuf cut = {0};
                sb_put(&cut, u, n);
                sb_puts(&cut, "...");
                sb_json_str(b, cut.p ? cut.p : "", cut.n, 0);
                free(cut.p);
            }
            else
                sb_json_str(b, u, n, SM_MAX_REPR);
            oh_decref(r);
            return;
        }
        py_err_clear();
    }
    if (t == PY_T(function)) {
        py_function *f = (py_function *)(void *)o;
        snprintf(tmp, sizeof tmp, "<function %s>",
                 oh_str_utf8(f->qualname, NULL));
    }
    else if (t == PY_T(module)) {
        py_module *m = (py_module *)(void *)o;
        snprintf(tmp, sizeof tmp, "<module '%s'>",
                 m->name ? oh_str_utf8(m->name, NULL) : "?");
    }
    else if (py_is_instance(o, PY_T(type))) {
        py_type *c = (py_type *)(void *)o;
        snprintf(tmp, sizeof tmp, "<class '%s'>",
                 c->qualname ? oh_str_utf8(c->qualname, NULL)
                             : (c->tp_name ? c->tp_name : "?"));
    }
    else if (OHI_TYPE_KIND(o->type) == OHI_KIND_LIST)
        snprintf(tmp, sizeof tmp, "len %lld",
                 (long long)OHI_LIST(o)->size);
    else if (OHI_TYPE_KIND(o->type) == OHI_KIND_TUPLE)
        snprintf(tmp, sizeof tmp, "len %lld",
                 (long long)OHI_TUPLE_SIZE(o));
    else if (OHI_TYPE_KIND(o->type) == OHI_KIND_DICT)
        snprintf(tmp, sizeof tmp, "len %lld",
                 (long long)OHI_DICT(o)->used);
    else
        snprintf(tmp, sizeof tmp, "<%s object at %#llx>", tn,
                 (unsigned long long)(uintptr_t)o);
    sb_json_cstr(b, tmp);
}

/* Where o's block is: arena serial, pool index, block index, or the
 * codes at the top of the file. */
static void
locate(const oh_object *o, long *arena, long *pool, long *block)
{
    *pool = *block = -1;
    const char *data = (const char *)o - OHI_GC_SIZE(o->type);
    int where = ohi_alloc_map_lookup(data);
    if (where == OHI_MAP_ARENA) {
        ohi_pool *pl = ohi_alloc_pool_of(data);
        ohi_arena *ar = (ohi_arena *)((uintptr_t)data
                                      & ~(uintptr_t)(OHI_ARENA_SIZE - 1));
        *arena = (long)ar->serial;
        *pool = (long)(pl - ar->pools);
        *block = (long)((size_t)(data - ohi_alloc_pool_first_block(pl))
                        / OHI_CLASS_SIZE(pl->szidx));
    }
    else if (where == OHI_MAP_HUGE)
        *arena = -3;
    else
        *arena = oh_is_immortal(o) ? -1 : -2;
}

/* The collector's generation of each tracked object of this step: walk
 * the generation lists once, looking each member up in the step's set. */
static void
find_generations(showmem *s)
{
    ohi_gc_state *gc = &OHI_RT->gc;
    for (int g = 0; g <= OHI_GC_NGENS; g++) {
        ohi_gc_head *head = g < OHI_GC_NGENS ? &gc->gens[g].head
                                             : &gc->permanent;
        if (head->next == 0)
            continue;
        for (ohi_gc_head *h = (ohi_gc_head *)(head->next & ~OHI_GC_FLAGS);
             h != head; h = (ohi_gc_head *)(h->next & ~OHI_GC_FLAGS)) {
            long i = seen_find(s, (oh_object *)(void *)(h + 1));
            if (i >= 0)
                s->objs[i].gen = g;
        }
    }
}

/* A label into buf (SM_LABEL bytes): the text, cut at a character
 * boundary. */
static void
label_set(char *buf, const char *u, size_t n)
{
    if (n >= SM_LABEL) {
        n = SM_LABEL - 4;
        while (n > 0 && ((unsigned char)u[n] & 0xC0) == 0x80)
            n--;
        memcpy(buf, u, n);
        memcpy(buf + n, "...", 4);
        return;
    }
    memcpy(buf, u, n);
    buf[n] = '\0';
}

/* The label of a dict key: its value when it is a plain scalar (SM2),
 * else "key@0x...". */
static void
key_label(char *buf, oh_object *k)
{
    if (is_plain_scalar(k) && !(OHI_TYPE_KIND(k->type) == OHI_KIND_INT
                                && oh_int_bit_length(k) > 64)) {
        oh_object *part = NULL;
        if (OHI_TYPE_KIND(k->type) == OHI_KIND_STR
            && oh_str_length(k) > SM_LABEL)
            part = oh_str_slice(k, 0, SM_LABEL);
        oh_object *r = py_repr(part != NULL ? part : k);
        oh_xdecref(part);
        if (r != NULL) {
            size_t n;
            const char *u = oh_str_utf8(r, &n);
            label_set(buf, u, n);
            oh_decref(r);
            return;
        }
        py_err_clear();
    }
    snprintf(buf, SM_LABEL, "key@%#llx", (unsigned long long)(uintptr_t)k);
}

/* Add an edge of objs[from] to `to`, and `to` to the walk. */
static void
edge_add(showmem *s, size_t from, const char *label, oh_object *to)
{
    if (s->nedges == s->edges_cap) {
        size_t cap = s->edges_cap ? s->edges_cap * 2 : 256;
        sm_edge *e = realloc(s->edges, cap * sizeof *e);
        if (e == NULL) {
            s->steps.failed = true;
            return;
        }
        s->edges = e;
        s->edges_cap = cap;
    }
    sm_edge *e = &s->edges[s->nedges++];
    label_set(e->label, label, strlen(label));
    e->to = to;
    s->objs[from].nedges++;
    walk_add(s, to, s->objs[from].depth + 1);
}

/* Find the edges of objs[i] (its items: SM2) and add their targets to
 * the walk.  On return they are edges[objs[i].e0 .. + nedges). */
static void
find_edges(showmem *s, size_t i)
{
    oh_object *o = s->objs[i].o;
    char label[SM_LABEL];
    s->objs[i].e0 = s->nedges;
    s->objs[i].nedges = 0;
    if (!is_followed(o))
        return;
    switch (OHI_TYPE_KIND(o->type)) {
    case OHI_KIND_LIST: {
        ohi_list *l = OHI_LIST(o);
        for (int64_t k = 0; k < l->size && k < SM_MAX_ITEMS; k++) {
            snprintf(label, sizeof label, "%lld", (long long)k);
            edge_add(s, i, label, l->items[k]);
        }
        break;
    }
    case OHI_KIND_TUPLE:
        for (int64_t k = 0; k < OHI_TUPLE_SIZE(o) && k < SM_MAX_ITEMS; k++)
            if (OHI_TUPLE(o)->items[k] != NULL) {
                snprintf(label, sizeof label, "%lld", (long long)k);
                edge_add(s, i, label, OHI_TUPLE(o)->items[k]);
            }
        break;
    case OHI_KIND_DICT: {
        int64_t n = ohi_dict_nentries(o), shown = 0;
        for (int64_t k = 0; k < n && shown < SM_MAX_ITEMS; k++) {
            oh_object *key, *v;
            if (ohi_dict_entry_at(o, k, &key, &v) != 1)
                continue;
            shown++;
            if (!is_plain_scalar(key))
                edge_add(s, i, "(key)", key);
            key_label(label, key);
            edge_add(s, i, label, v);
        }
        break;
    }
    case OHI_KIND_SET: case OHI_KIND_FROZENSET: {
        oh_set_iter it;
        oh_object *item;
        int64_t k = 0;
        if (oh_set_iter_init(&it, o) == 0)
            while (k++ < SM_MAX_ITEMS && oh_set_iter_next(&it, &item) == 1)
                edge_add(s, i, "", item);
        py_err_clear();
        break;
    }
    default: {
        py_type *t = PY_TYPE(o);
        if (t == PY_T(cell)) {
            oh_object *r = ((py_cell *)(void *)o)->ref;
            if (r != NULL)
                edge_add(s, i, "", r);
            break;
        }
        /* An instance: its inline values, or its __dict__'s items. */
        if ((t->tpflags & PY_TPFLAGS_HAS_INLINE) && t->valuesoffset != 0
            && *py_values_ptr(o, t) != NULL) {
            py_values *vals = *py_values_ptr(o, t);
            for (uint32_t k = 0; k < t->keys->n && k < vals->cap; k++)
                if (vals->v[k] != NULL)
                    edge_add(s, i, oh_str_utf8(t->keys->names[k], NULL),
                             vals->v[k]);
        }
        else if (t->dictoffset != 0 && *py_dict_ptr(o, t) != NULL) {
            oh_object *dict = *py_dict_ptr(o, t);
            int64_t n = ohi_dict_nentries(dict);
            for (int64_t k = 0; k < n && k < SM_MAX_ITEMS; k++) {
                oh_object *key, *v;
                if (ohi_dict_entry_at(dict, k, &key, &v) != 1)
                    continue;
                key_label(label, key);
                edge_add(s, i, label, v);
            }
        }
        break;
    }
    }
}

/* objs[i]'s edges as JSON, [[label, id], ...]. */
static void
write_edges(showmem *s, sbuf *b, size_t i)
{
    sb_puts(b, "[");
    for (size_t k = 0; k < s->objs[i].nedges; k++) {
        const sm_edge *e = &s->edges[s->objs[i].e0 + k];
        sb_puts(b, k ? ",[" : "[");
        sb_json_cstr(b, e->label);
        sb_printf(b, ",%llu]", (unsigned long long)(uintptr_t)e->to);
    }
    sb_puts(b, "]");
}

/* Intern the record in s->scratch: its index. */
static long
intern_record(showmem *s)
{
    const char *t = s->scratch.p;
    size_t n = s->scratch.n;
    size_t h = 5381;
    for (size_t i = 0; i < n; i++)
        h = h * 33 + (unsigned char)t[i];
    if (s->nrec * 2 >= s->rtab_cap) {
        size_t cap = s->rtab_cap ? s->rtab_cap * 2 : 1024;
        uint32_t *tab = calloc(cap, sizeof *tab);
        if (tab == NULL)
            return -1;
        for (size_t r = 0; r < s->nrec; r++) {
            size_t hh = 5381;
            for (size_t i = 0; i < s->rec_len[r]; i++)
                hh = hh * 33 + (unsigned char)s->records.p[s->rec_off[r] + i];
            size_t j = hh & (cap - 1);
            while (tab[j] != 0)
                j = (j + 1) & (cap - 1);
            tab[j] = (uint32_t)r + 1;
        }
        free(s->rtab);
        s->rtab = tab;
        s->rtab_cap = cap;
    }
    size_t mask = s->rtab_cap - 1;
    size_t j = h & mask;
    for (; s->rtab[j] != 0; j = (j + 1) & mask) {
        size_t r = s->rtab[j] - 1;
        if (s->rec_len[r] == n
            && memcmp(s->records.p + s->rec_off[r], t, n) == 0)
            return (long)r;
    }
    if (s->nrec == s->rec_cap) {
        size_t cap = s->rec_cap ? s->rec_cap * 2 : 1024;
        size_t *off = realloc(s->rec_off, cap * sizeof *off);
        if (off == NULL)
            return -1;
        s->rec_off = off;
        size_t *len = realloc(s->rec_len, cap * sizeof *len);
        if (len == NULL)
            return -1;
        s->rec_len = len;
        s->rec_cap = cap;
    }
    if (s->nrec > 0)
        sb_put(&s->records, ",\n", 2);
    s->rec_off[s->nrec] = s->records.n;
    s->rec_len[s->nrec] = n;
    sb_put(&s->records, t, n);
    s->rtab[j] = (uint32_t)s->nrec + 1;
    return (long)s->nrec++;
}

/* ==========================================================================
 * Recording a step
 * ========================================================================== */

static bool
in_script(showmem *s, const py_frame *f)
{
    const char *fn = oh_str_utf8(f->code->filename, NULL);
    return fn != NULL && strcmp(fn, s->script) == 0;
}

static bool
is_dunder(oh_object *name)
{
    size_t n;
    const char *u = oh_str_utf8(name, &n);
    return n > 4 && u[0] == '_' && u[1] == '_' && u[n - 1] == '_'
           && u[n - 2] == '_';
}

/* One frame's locals, [[name, id], ...], into b; the walk gets the
 * objects as roots. */
static void
write_locals(showmem *s, sbuf *b, py_frame *f)
{
    bool first = true;
    sb_puts(b, "[");
    if (f->locals != NULL && OHI_TYPE_KIND(f->locals->type) == OHI_KIND_DICT) {
        int64_t n = ohi_dict_nentries(f->locals);
        for (int64_t i = 0; i < n; i++) {
            oh_object *k, *v;
            if (ohi_dict_entry_at(f->locals, i, &k, &v) != 1
                || !oh_str_check(k) || is_dunder(k))
                continue;
            sb_puts(b, first ? "[" : ",[");
            first = false;
            size_t kn;
            const char *ku = oh_str_utf8(k, &kn);
            sb_json_str(b, ku, kn, 40);
            sb_printf(b, ",%llu]", (unsigned long long)(uintptr_t)v);
            walk_add(s, v, 0);
        }
    }
    else if (f->locals == NULL) {
        py_code *co = f->code;
        for (int i = 0; i < co->nlocalsplus; i++) {
            oh_object *v = f->localsplus[i];
            if (v == NULL)
                continue;
            if ((co->localspluskinds[i] & (PY_LOCAL_CELL | PY_LOCAL_FREE))
                && PY_TYPE(v) == PY_T(cell)) {
                v = ((py_cell *)(void *)v)->ref;
                if (v == NULL)
                    continue;
            }
            sb_puts(b, first ? "[" : ",[");
            first = false;
            size_t kn;
            const char *ku =
                oh_str_utf8(OHI_TUPLE(co->localsplusnames)->items[i], &kn);
            sb_json_str(b, ku, kn, 40);
            sb_printf(b, ",%llu]", (unsigned long long)(uintptr_t)v);
            walk_add(s, v, 0);
        }
    }
    sb_puts(b, "]");
}

/* Record the step at frame f (a frame of the script). */
static void
record_step(showmem *s, py_frame *f, py_trace_event ev, oh_object *retval)
{
    py_interp *in = OHI_RT->py;
    memset(s->seen, 0, s->seen_cap * sizeof *s->seen);
    s->nobjs = 0;
    int line = py_code_addr2line(f->code, PY_FRAME_LASTI(f));
    sbuf *b = &s->steps;
    if (s->nsteps > 0)
        sb_put(b, ",\n", 2);
    sb_printf(b, "[%d,\"%s\",[", line, ev == PY_TRACE_RETURN ? "return"
                                                              : "line");
    /* Frames, outermost first: collect the script's frames innermost
     * first, then write them backwards. */
    py_frame *stack[256];
    int nf = 0;
    for (py_frame *g = in->frame; g != NULL && nf < 256; g = g->previous)
        if (in_script(s, g))
            stack[nf++] = g;
    for (int k = nf - 1; k >= 0; k--) {
        py_frame *g = stack[k];
        sb_puts(b, k == nf - 1 ? "[" : ",[");
        const char *name = oh_str_utf8(g->code->name, NULL);
        sb_json_cstr(b, name);
        sb_printf(b, ",%d,", py_code_addr2line(g->code, PY_FRAME_LASTI(g)));
        write_locals(s, b, g);
        sb_puts(b, "]");
    }
    sb_puts(b, "],[");
    if (retval != NULL)
        walk_add(s, retval, 0);
    /* The walk, breadth first: each object's edges add its items to the
     * queue, so every edge is written before any record; then the
     * generations of all of them, in one pass over the lists; then the
     * records. */
    s->nedges = 0;
    for (size_t i = 0; i < s->nobjs; i++)
        find_edges(s, i);
    find_generations(s);
    for (size_t i = 0; i < s->nobjs; i++) {
        sm_obj *so = &s->objs[i];
        oh_object *o = so->o;
        sbuf *r = &s->scratch;
        r->n = 0;
        py_type *t = PY_TYPE(o);
        sb_printf(r, "[%llu,", (unsigned long long)(uintptr_t)o);
        sb_json_cstr(r, t->tp_name ? t->tp_name : "object");
        sb_puts(r, ",");
        write_value(s, r, o);
        long arena, pool, block;
        locate(o, &arena, &pool, &block);
        int gen = !OHI_IS_CONTAINER(o->type) ? -2
                  : !oh_gc_is_tracked(o) ? -1 : so->gen;
        sb_printf(r, ",%lld,%zu,%d,%ld,%ld,%ld,",
                  oh_is_immortal(o) ? -1LL : (long long)oh_refcount(o),
                  oh_getsizeof(o), gen, arena, pool, block);
        write_edges(s, r, i);
        sb_puts(r, "]");
        long idx = r->failed ? -1 : intern_record(s);
        sb_printf(b, "%s%ld", i ? "," : "", idx);
    }
    sb_printf(b, "],%zu,", s->out.n);
    if (retval != NULL)
        sb_printf(b, "%llu", (unsigned long long)(uintptr_t)retval);
    else
        sb_puts(b, "null");
    sb_printf(b, ",%zu]", s->ngc);
    s->nsteps++;
}

/* ==========================================================================
 * The still picture (--show-memory=OUT.svg --at-line N)
 * ========================================================================== */

/* Text as XML character data. */
static void
sb_xml(sbuf *b, const char *t)
{
    for (; *t; t++)
        switch (*t) {
        case '&': sb_puts(b, "&amp;"); break;
        case '<': sb_puts(b, "&lt;"); break;
        case '>': sb_puts(b, "&gt;"); break;
        case '"': sb_puts(b, "&quot;"); break;
        default: sb_put(b, t, 1);
        }
}

/* The text of a JSON string sb_json_str wrote (its own escapes only). */
static void
json_text(sbuf *out, const char *j)
{
    if (*j == '"')
        j++;
    for (; *j && *j != '"'; j++) {
        if (*j != '\\') {
            sb_put(out, j, 1);
            continue;
        }
        j++;
        char c = *j == 'n' ? ' ' : *j == 't' ? ' ' : *j == 'r' ? ' ' : *j;
        if (*j == 'u' && j[1] && j[2] && j[3] && j[4]) {
            j += 4;
            c = '?';
        }
        sb_put(out, &c, 1);
    }
}

#define SV_FW 190                       /* frame width */
#define SV_BW 210                       /* object box width */
#define SV_RH 16                        /* row height */
#define SV_COL 250                      /* object column pitch */
#define SV_X0 250                       /* first object column */
#define SV_TOP 44

static void
svg_row(sbuf *b, int x, int y, int w, const char *k, const char *v)
{
    sb_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
              "stroke=\"#ddd\"/>", x, y, x + w, y);
    sb_printf(b, "<text x=\"%d\" y=\"%d\" class=\"k\">", x + 5, y + 12);
    sb_xml(b, k);
    sb_printf(b, "</text><text x=\"%d\" y=\"%d\" class=\"v\">", x + 70,
              y + 12);
    sb_xml(b, v);
    sb_puts(b, "</text>");
}

static void
svg_arrow(sbuf *b, int x1, int y1, int x2, int y2)
{
    int dx = abs(x2 - x1) / 2 > 30 ? abs(x2 - x1) / 2 : 30;
    sb_printf(b, "<circle cx=\"%d\" cy=\"%d\" r=\"3.5\" fill=\"#36c\"/>"
              "<path d=\"M%d,%d C%d,%d %d,%d %d,%d\" class=\"a\"/>",
              x1, y1, x1, y1, x1 + dx, y1, x2 - dx, y2, x2, y2);
}

/* Draw the step just recorded (s->objs, s->edges, the frames) into
 * s->svg: frames on the left, then one column of boxes per distance from
 * the frames, arrows from names and items to their objects. */
static void
render_svg(showmem *s, py_frame *f)
{
    py_interp *in = OHI_RT->py;
    sbuf *b = &s->svg;
    int *oy = calloc(s->nobjs + 1, sizeof *oy);
    int colh[SM_MAX_DEPTH + 2] = {0};
    if (oy == NULL) {
        b->failed = true;
        return;
    }
    /* Layout: each object's top; the picture's height. */
    int height = 0;
    for (size_t i = 0; i < s->nobjs; i++) {
        int c = s->objs[i].depth;
        if (colh[c] == 0)
            colh[c] = SV_TOP;
        oy[i] = colh[c];
        colh[c] += 22 + SV_RH * (3 + (int)s->objs[i].nedges) + 16;
        if (colh[c] > height)
            height = colh[c];
    }
    py_frame *stack[256];
    int nf = 0;
    for (py_frame *g = in->frame; g != NULL && nf < 256; g = g->previous)
        if (in_script(s, g))
            stack[nf++] = g;
    int fy = SV_TOP;
    sbuf body = {0}, arrows = {0}, tmp = {0};
    for (int k = nf - 1; k >= 0; k--) {
        py_frame *g = stack[k];
        /* The frame's names (write_locals adds nothing to the walk now:
         * record_step has added them all). */
        sbuf names = {0}, rowsb = {0};
        write_locals(s, &names, g);
        const char *name = oh_str_utf8(g->code->name, NULL);
        int rows = 0;
        int y0 = fy;
        fy += 22;
        /* names is [["n",id],...]: read it back. */
        for (const char *p = names.p ? names.p + 1 : ""; *p == '[';) {
            tmp.n = 0;
            json_text(&tmp, p + 1);
            const char *q = p + 2;
            while (*q && !(*q == '"' && q[-1] != '\\'))
                q++;
            char *endp;
            unsigned long long id = strtoull(q + 2, &endp, 10);
            q = endp;
            svg_row(&rowsb, 10, fy, SV_FW, tmp.p ? tmp.p : "", "");
            long t = seen_find(s, (oh_object *)(uintptr_t)id);
            if (t >= 0)
                svg_arrow(&arrows, 10 + SV_FW - 12, fy + 8,
                          SV_X0 + SV_COL * s->objs[t].depth, oy[t] + 11);
            fy += SV_RH;
            rows++;
            p = q + 1;
            if (*p == ',')
                p++;
        }
        free(names.p);
        sb_printf(&body, "<rect x=\"10\" y=\"%d\" width=\"%d\" height=\"%d\" "
                  "class=\"fr%s\"/><text x=\"16\" y=\"%d\" class=\"h\">",
                  y0, SV_FW, 22 + rows * SV_RH, k == 0 ? " top" : "",
                  y0 + 15);
        sb_xml(&body, strcmp(name, "<module>") == 0 ? "Global frame" : name);
        sb_puts(&body, "</text>");
        if (rowsb.p)
            sb_puts(&body, rowsb.p);
        free(rowsb.p);
        fy += 12;
    }
    if (fy > height)
        height = fy;
    for (size_t i = 0; i < s->nobjs; i++) {
        sm_obj *so = &s->objs[i];
        oh_object *o = so->o;
        int x = SV_X0 + SV_COL * so->depth, y = oy[i];
        int h = 22 + SV_RH * (3 + (int)so->nedges);
        sb_printf(&body, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                  "class=\"ob\"/><text x=\"%d\" y=\"%d\" class=\"h\">",
                  x, y, SV_BW, h, x + 6, y + 15);
        sb_xml(&body, PY_TYPE(o)->tp_name ? PY_TYPE(o)->tp_name : "object");
        sb_printf(&body, "</text><text x=\"%d\" y=\"%d\" class=\"id\" "
                  "text-anchor=\"end\">id %llu</text>", x + SV_BW - 6, y + 15,
                  (unsigned long long)(uintptr_t)o);
        int ry = y + 22;
        sbuf j = {0};
        write_value(s, &j, o);
        tmp.n = 0;
        json_text(&tmp, j.p ? j.p : "");
        free(j.p);
        svg_row(&body, x, ry, SV_BW, "value", tmp.p ? tmp.p : "");
        ry += SV_RH;
        char line[160];
        if (oh_is_immortal(o))
            snprintf(line, sizeof line, "immortal, %zu bytes",
                     oh_getsizeof(o));
        else
            snprintf(line, sizeof line, "%lld, %zu bytes",
                     (long long)oh_refcount(o), oh_getsizeof(o));
        svg_row(&body, x, ry, SV_BW, "refcount", line);
        ry += SV_RH;
        long arena, pool, block;
        locate(o, &arena, &pool, &block);
        int gen = !OHI_IS_CONTAINER(o->type) ? -2
                  : !oh_gc_is_tracked(o) ? -1 : so->gen;
        char where[80];
        if (arena >= 0)
            snprintf(where, sizeof where, "a%ld p%ld b%ld", arena, pool,
                     block);
        else
            snprintf(where, sizeof where, "%s", arena == -1 ? "static"
                     : arena == -2 ? "large" : "huge");
        snprintf(line, sizeof line, "%s; %s",
                 gen == -2 ? "no gc" : gen == -1 ? "untracked"
                 : gen == 0 ? "gen 0" : gen == 1 ? "gen 1"
                 : gen == 2 ? "gen 2" : "permanent", where);
        svg_row(&body, x, ry, SV_BW, "gc; where", line);
        ry += SV_RH;
        for (size_t k = 0; k < so->nedges; k++) {
            const sm_edge *e = &s->edges[so->e0 + k];
            svg_row(&body, x, ry, SV_BW, e->label, "");
            long t = seen_find(s, e->to);
            if (t >= 0)
                svg_arrow(&arrows, x + SV_BW - 12, ry + 8,
                          SV_X0 + SV_COL * s->objs[t].depth, oy[t] + 11);
            ry += SV_RH;
        }
    }
    int maxd = 0;
    for (size_t i = 0; i < s->nobjs; i++)
        if (s->objs[i].depth > maxd)
            maxd = s->objs[i].depth;
    int width = SV_X0 + SV_COL * maxd + SV_BW + 20;
    sb_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
              "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
              "font-size=\"11\">\n", width, height + 10, width, height + 10);
    sb_puts(b, "<style>.fr{fill:#eef3ff;stroke:#888}.fr.top{stroke:#3a6;"
            "stroke-width:2}.ob{fill:#fffdf4;stroke:#999}.h{font-weight:bold}"
            ".id{fill:#777}.k{fill:#555}.v{font-family:monospace}"
            ".a{fill:none;stroke:#36c;stroke-opacity:.75;"
            "marker-end:url(#ah)}</style>\n<defs><marker id=\"ah\" "
            "viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
            "markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" "
            "fill=\"#36c\"/></marker></defs>\n");
    sb_puts(b, "<text x=\"10\" y=\"20\" class=\"h\">");
    sb_xml(b, s->script);
    sb_printf(b, ", as line %d is about to run",
              py_code_addr2line(f->code, PY_FRAME_LASTI(f)));
    sb_puts(b, "</text>\n");
    if (body.p)
        sb_puts(b, body.p);
    if (arrows.p)
        sb_puts(b, arrows.p);
    sb_puts(b, "\n</svg>\n");
    if (body.failed || arrows.failed)
        b->failed = true;
    free(body.p);
    free(arrows.p);
    free(tmp.p);
    free(oy);
}

static int
showmem_hook(void *arg, py_frame *f, py_trace_event ev, oh_object *obj)
{
    showmem *s = arg;
    if ((ev != PY_TRACE_LINE && ev != PY_TRACE_RETURN) || !in_script(s, f))
        return 0;
    if (s->svg_mode) {
        if (ev != PY_TRACE_LINE
            || py_code_addr2line(f->code, PY_FRAME_LASTI(f)) != s->at_line)
            return 0;
        record_step(s, f, ev, NULL);
        render_svg(s, f);
        py_trace_set_hook(PY_TRACE_TOOL, NULL, NULL);
        s->hooked = false;
        return 0;
    }
    if (s->line_lo > 0) {
        int line = py_code_addr2line(f->code, PY_FRAME_LASTI(f));
        if (line < s->line_lo || line > s->line_hi)
            return 0;
    }
    if (s->nsteps >= SM_MAX_STEPS) {
        s->capped = true;               /* SM5 */
        py_trace_set_hook(PY_TRACE_TOOL, NULL, NULL);
        s->hooked = false;
        fprintf(stderr, "objheap: --show-memory: stopped recording after "
                "%d steps (the cap); the program runs on.  Use "
                "--show-memory-lines=N-M to record the lines of "
                "interest.\n", SM_MAX_STEPS);
        return 0;
    }
    record_step(s, f, ev, ev == PY_TRACE_RETURN ? obj : NULL);
    return 0;
}

static void
tee(void *arg, const char *data, size_t n)
{
    showmem *s = arg;
    if (s->out.n + n > SM_MAX_OUT) {
        s->out_cut = true;
        n = s->out.n < SM_MAX_OUT ? SM_MAX_OUT - s->out.n : 0;
    }
    sb_put(&s->out, data, n);
}

/* gc.c's observer (SM6): note what a collection does to each object. */
static void
on_gc_object(ohi_gc_obs_event ev, oh_object *o, oh_object *other,
             int generation, void *arg)
{
    showmem *s = arg;
    (void)generation;
    if (ev >= OHI_GC_OBS_NEVENTS)
        return;
    /* Promotions: only of objects the previous step showed (its walk is
     * still in `seen`); the rest are the program's modules, functions
     * and classes, thousands in a full collection. */
    if (ev == OHI_GC_OBS_PROMOTED && seen_find(s, o) < 0)
        return;
    if (s->ntold[ev]++ >= SM_MAX_GC_OBJS)
        return;
    sbuf *b = &s->told[ev];
    if (b->n > 0)
        sb_puts(b, ",");
    unsigned long long id = (unsigned long long)(uintptr_t)o;
    if (ev == OHI_GC_OBS_UNREACHABLE) {
        py_type *t = PY_TYPE(o);
        sb_printf(b, "[%llu,", id);
        sb_json_cstr(b, t->tp_name ? t->tp_name : "object");
        /* A short value that needs no repr and no allocation. */
        char v[48] = "";
        unsigned kind = OHI_TYPE_KIND(o->type);
        if (kind == OHI_KIND_LIST)
            snprintf(v, sizeof v, "len %lld", (long long)OHI_LIST(o)->size);
        else if (kind == OHI_KIND_TUPLE)
            snprintf(v, sizeof v, "len %lld", (long long)OHI_TUPLE_SIZE(o));
        else if (kind == OHI_KIND_DICT)
            snprintf(v, sizeof v, "len %lld", (long long)OHI_DICT(o)->used);
        sb_puts(b, ",");
        sb_json_cstr(b, v);
        long arena, pool, block;
        locate(o, &arena, &pool, &block);
        sb_printf(b, ",%ld,%ld,%ld]", arena, pool, block);
    }
    else if (ev == OHI_GC_OBS_CALLBACK)
        sb_printf(b, "[%llu,%llu]", id,
                  (unsigned long long)(uintptr_t)other);
    else
        sb_printf(b, "%llu", id);
}

static int
on_gc(oh_gc_phase phase, const oh_gc_info *info, void *arg)
{
    showmem *s = arg;
    if (phase == OH_GC_START) {
        for (int k = 0; k < OHI_GC_OBS_NEVENTS; k++) {
            s->told[k].n = 0;
            if (s->told[k].p != NULL)
                s->told[k].p[0] = '\0';
            s->ntold[k] = 0;
        }
        s->gc_step = s->nsteps;
        return 0;
    }
    if (phase != OH_GC_STOP)
        return 0;
    /* sb_printf is for short items: the lists go in with sb_puts. */
    static const ohi_gc_obs_event order[] = {
        OHI_GC_OBS_UNREACHABLE, OHI_GC_OBS_CALLBACK, OHI_GC_OBS_FINALIZE,
        OHI_GC_OBS_PROMOTED, OHI_GC_OBS_RESURRECTED
    };
    sb_printf(&s->gcev, "%s[%zu,%d,%lld,%lld", s->ngc ? ",\n" : "",
              s->gc_step, info->generation, (long long)info->collected,
              (long long)info->uncollectable);
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        sbuf *t = &s->told[order[k]];
        sb_puts(&s->gcev, ",[");
        if (t->p != NULL)
            sb_put(&s->gcev, t->p, t->n);
        sb_puts(&s->gcev, "]");
        if (order[k] == OHI_GC_OBS_UNREACHABLE)
            sb_printf(&s->gcev, ",%zu", s->ntold[OHI_GC_OBS_UNREACHABLE]);
    }
    sb_printf(&s->gcev, ",%zu]", s->nsteps);
    for (int k = 0; k < OHI_GC_OBS_NEVENTS; k++)
        s->gcev.failed |= s->told[k].failed;
    s->ngc++;
    return 0;
}

/* ==========================================================================
 * Start, finish
 * ========================================================================== */

static void
showmem_free(showmem *s)
{
    free(s->path);
    free(s->script);
    free(s->records.p);
    free(s->rec_off);
    free(s->rec_len);
    free(s->rtab);
    free(s->steps.p);
    free(s->out.p);
    free(s->gcev.p);
    for (int k = 0; k < OHI_GC_OBS_NEVENTS; k++)
        free(s->told[k].p);
    free(s->objs);
    free(s->edges);
    free(s->seen);
    free(s->seen_ix);
    free(s->scratch.p);
    free(s->svg.p);
    free(s);
}

int
py_showmem_start(const char *path, const char *script, int line_lo,
                 int line_hi, int at_line)
{
    if (sm != NULL) {
        oh_err_set(OH_ERR_VALUE, "--show-memory: already recording");
        return -1;
    }
    showmem *s = calloc(1, sizeof *s);
    if (s == NULL)
        goto nomem;
    s->path = strdup(path);
    s->script = strdup(script);
    s->line_lo = line_lo;
    s->line_hi = line_hi;
    s->at_line = at_line;
    size_t plen = strlen(path);
    s->svg_mode = plen >= 4 && strcmp(path + plen - 4, ".svg") == 0;
    if (s->svg_mode && at_line <= 0) {
        showmem_free(s);
        oh_err_set(OH_ERR_VALUE, "--show-memory=FILE.svg needs --at-line=N "
                   "(the moment to draw)");
        return -1;
    }
    s->seen_cap = 1024;
    _Static_assert(1024 > 2 * SM_MAX_OBJS, "seen_cap: load under 1/2");
    s->objs = calloc(SM_MAX_OBJS, sizeof *s->objs);
    s->seen = calloc(s->seen_cap, sizeof *s->seen);
    s->seen_ix = calloc(s->seen_cap, sizeof *s->seen_ix);
    if (s->path == NULL || s->script == NULL || s->objs == NULL
        || s->seen == NULL || s->seen_ix == NULL) {
        showmem_free(s);
        goto nomem;
    }
    if (oh_gc_callback_register(on_gc, s) < 0) {
        showmem_free(s);
        return -1;
    }
    sm = s;
    if (!s->svg_mode)
        ohi_gc_set_observer(on_gc_object, s);
    py_file_set_tee(tee, s);
    py_trace_set_hook(PY_TRACE_TOOL, showmem_hook, s);
    s->hooked = true;
    return 0;
nomem:
    oh_err_set(OH_ERR_MEMORY, "--show-memory: out of memory");
    return -1;
}

/* The program's source as a JSON array of lines. */
static void
write_source(FILE *out, const char *script)
{
    sbuf b = {0};
    sb_puts(&b, "[");
    FILE *f = fopen(script, "rb");
    if (f != NULL) {
        char line[4096];
        bool first = true;
        while (fgets(line, sizeof line, f) != NULL) {
            size_t n = strlen(line);
            while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
                n--;
            if (!first)
                sb_puts(&b, ",");
            first = false;
            sb_json_str(&b, line, n, 0);
        }
        fclose(f);
    }
    sb_puts(&b, "]");
    if (b.p != NULL)
        fputs(b.p, out);
    free(b.p);
}

int
py_showmem_finish(void)
{
    showmem *s = sm;
    if (s == NULL)
        return 0;
    sm = NULL;
    if (s->hooked)
        py_trace_set_hook(PY_TRACE_TOOL, NULL, NULL);
    py_file_set_tee(NULL, NULL);
    oh_gc_callback_unregister(on_gc, s);
    if (!s->svg_mode)
        ohi_gc_set_observer(NULL, NULL);
    py_err_clear();
    int rc = 0;
    if (s->records.failed || s->steps.failed || s->out.failed
        || s->gcev.failed) {
        fprintf(stderr, "objheap: --show-memory: out of memory while "
                "recording\n");
        rc = -1;
    }
    FILE *out = fopen(s->path, "wb");
    if (out == NULL) {
        fprintf(stderr, "objheap: --show-memory: cannot write %s: %s\n",
                s->path, strerror(errno));
        showmem_free(s);
        return -1;
    }
    if (s->svg_mode) {
        if (s->svg.n == 0) {
            fprintf(stderr, "objheap: --show-memory: line %d of %s never "
                    "ran; no picture written\n", s->at_line, s->script);
            rc = -1;
        }
        else
            fputs(s->svg.p, out);
        if (fclose(out) != 0)
            rc = -1;
        showmem_free(s);
        return rc;
    }
    /* The page: the template up to its marker, the data, the rest. */
    const char *page = showmem_page;
    const char *mark = strstr(page, "/*SHOWMEM-DATA*/");
    size_t head = mark ? (size_t)(mark - page) : strlen(page);
    fwrite(page, 1, head, out);
    fputs("{\"version\":1,\"file\":", out);
    sbuf b = {0};
    sb_json_cstr(&b, s->script);
    if (b.p)
        fputs(b.p, out);
    free(b.p);
    fputs(",\n\"source\":", out);
    write_source(out, s->script);
    fprintf(out, ",\n\"pools\":%d", (int)OHI_POOLS_PER_ARENA);
    fprintf(out, ",\n\"cap\":%d,\"capped\":%s,\"lines\":[%d,%d],"
            "\"out_cut\":%s,\n\"output\":", SM_MAX_STEPS,
            s->capped ? "true" : "false", s->line_lo, s->line_hi,
            s->out_cut ? "true" : "false");
    b = (sbuf){0};
    sb_json_str(&b, s->out.p ? s->out.p : "", s->out.n, 0);
    if (b.p)
        fputs(b.p, out);
    free(b.p);
    fputs(",\n\"gc\":[", out);
    if (s->gcev.p)
        fputs(s->gcev.p, out);
    fputs("],\n\"records\":[\n", out);
    if (s->records.p)
        fputs(s->records.p, out);
    fputs("],\n\"steps\":[\n", out);
    if (s->steps.p)
        fputs(s->steps.p, out);
    fputs("]}", out);
    if (mark != NULL)
        fputs(mark + strlen("/*SHOWMEM-DATA*/"), out);
    if (fclose(out) != 0)
        rc = -1;
    showmem_free(s);
    return rc;
}
