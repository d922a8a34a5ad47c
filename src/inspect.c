/*
 * inspect.c -- seeing the heap: the census, growth between censuses, and
 * leak reports.  (The heap map, a picture of arenas, pools and spans, is
 * heapmap.c's.)
 *
 * What this file owns
 * -------------------
 * Reports that read the heap without changing it.  Every live object is
 * found by walking the allocator's object pools (ohi_alloc_walk_objects):
 * containers sit after the collector's 16-byte prefix in OHI_FAMILY_GC
 * pools, other objects at the start of their block in OHI_FAMILY_OBJ pools,
 * and objects too big for a pool on the allocator's large-object lists.  A
 * block that holds a dead object (a tuple parked on its free list) carries
 * ohi_freed_type and is skipped.  So the census counts tracked and
 * untracked objects alike, which walking the collector's lists cannot.
 *
 * The reports' own memory comes from the C library, never objheap's pools:
 * a census must not change the heap it counts, and the walk forbids
 * allocating from objheap while it runs.  The lists the inspection calls
 * return (oh_census_by_type, oh_find_backref_chain) are left out of every
 * count: an inspecting tool's answer is not the heap it reports on
 * (refgraph.c, "The inspection's own results").
 */
#include "internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ==========================================================================
 * The census
 * ========================================================================== */

typedef struct tally {
    const oh_type *type;        /* NULL: empty slot */
    size_t count, size;
} tally;

typedef struct census_walk {
    tally *slots;
    size_t cap, len;
    bool failed;                /* out of memory during the walk */
} census_walk;

static size_t
type_slot(const census_walk *w, const oh_type *t)
{
    size_t mask = w->cap - 1;
    size_t i = (size_t)(((uintptr_t)t >> 4) * 0x9e3779b97f4a7c15ull >> 20)
               & mask;
    while (w->slots[i].type != NULL && w->slots[i].type != t)
        i = (i + 1) & mask;
    return i;
}

static int
census_visit(void *p, int family, void *arg)
{
    census_walk *w = arg;
    oh_object *o = (oh_object *)(void *)((char *)p
                   + (family == OHI_FAMILY_GC ? sizeof(ohi_gc_head) : 0));
    if (o->type == &ohi_freed_type || OHI_IS_RESULT_LIST(o))
        return 0;
    if ((w->len + 1) * 2 > w->cap) {
        census_walk bigger = {calloc(w->cap * 2, sizeof(tally)), w->cap * 2,
                              0, false};
        if (bigger.slots == NULL) {
            w->failed = true;
            return 1;
        }
        for (size_t j = 0; j < w->cap; j++)
            if (w->slots[j].type != NULL)
                bigger.slots[type_slot(&bigger, w->slots[j].type)]
                    = w->slots[j];
        bigger.len = w->len;
        free(w->slots);
        *w = bigger;
    }
    tally *t = &w->slots[type_slot(w, o->type)];
    if (t->type == NULL) {
        t->type = o->type;
        w->len++;
    }
    t->count++;
    t->size += oh_getsizeof(o);
    return 0;
}

static int
cmp_rows(const void *pa, const void *pb)
{
    const oh_census_row *a = pa, *b = pb;
    if (a->size != b->size)
        return a->size > b->size ? -1 : 1;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return strcmp(a->type_name, b->type_name);
}

void
oh_census_free(oh_census *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->nrows; i++)
        free((char *)(uintptr_t)c->rows[i].type_name);
    free(c->rows);
    free(c);
}

oh_census *
oh_census_take(void)
{
    census_walk w = {calloc(64, sizeof(tally)), 64, 0, false};
    oh_census *c = calloc(1, sizeof *c);
    if (w.slots == NULL || c == NULL)
        goto nomem;
    ohi_alloc_walk_objects(census_visit, &w);
    if (w.failed)
        goto nomem;
    c->rows = calloc(w.len ? w.len : 1, sizeof *c->rows);
    if (c->rows == NULL)
        goto nomem;
    /* Two types may share a name (two classes called "Node"): they stay
     * two rows, as they are two types. */
    for (size_t i = 0; i < w.cap; i++) {
        const tally *t = &w.slots[i];
        if (t->type == NULL)
            continue;
        char *name = strdup(t->type->name ? t->type->name : "?");
        if (name == NULL)
            goto nomem;
        c->rows[c->nrows++] = (oh_census_row){name, t->count, t->size};
        c->total_count += t->count;
        c->total_size += t->size;
    }
    free(w.slots);
    qsort(c->rows, c->nrows, sizeof *c->rows, cmp_rows);
    return c;
nomem:
    free(w.slots);
    oh_census_free(c);
    return oh_err_no_memory();
}

const oh_census_row *
oh_census_find(const oh_census *c, const char *type_name)
{
    if (c == NULL || type_name == NULL)
        return NULL;
    for (size_t i = 0; i < c->nrows; i++)
        if (strcmp(c->rows[i].type_name, type_name) == 0)
            return &c->rows[i];
    return NULL;
}

void
oh_census_print(const oh_census *c, FILE *out, size_t limit)
{
    if (c == NULL || out == NULL)
        return;
    size_t n = limit && limit < c->nrows ? limit : c->nrows;
    fprintf(out, "%-24s %10s %14s\n", "type", "objects", "bytes");
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%-24s %10zu %14zu\n", c->rows[i].type_name,
                c->rows[i].count, c->rows[i].size);
    fprintf(out, "%-24s %10zu %14zu\n", "(all types)", c->total_count,
            c->total_size);
}

/* --- objgraph's by_type and count ------------------------------------------ */

/* The live objects of the types named `name`, found by one walk; the walk
 * may not allocate from objheap, so they are gathered in C-library memory
 * first. */
typedef struct named_walk {
    const char *name;
    bool collect;               /* gather them in objs, or only count */
    oh_object **objs;
    size_t n, cap;
    bool failed;
} named_walk;

static int
named_visit(void *p, int family, void *arg)
{
    named_walk *w = arg;
    oh_object *o = (oh_object *)(void *)((char *)p
                   + (family == OHI_FAMILY_GC ? sizeof(ohi_gc_head) : 0));
    if (o->type == &ohi_freed_type || OHI_IS_RESULT_LIST(o)
        || o->type->name == NULL || strcmp(o->type->name, w->name) != 0)
        return 0;
    if (w->collect) {
        if (w->n == w->cap) {
            size_t cap = w->cap ? w->cap * 2 : 64;
            oh_object **objs = realloc(w->objs, cap * sizeof *objs);
            if (objs == NULL) {
                w->failed = true;
                return 1;
            }
            w->objs = objs;
            w->cap = cap;
        }
        w->objs[w->n] = o;
    }
    w->n++;
    return 0;
}

oh_object *
oh_census_by_type(const char *type_name)
{
    if (type_name == NULL) {
        oh_err_set(OH_ERR_TYPE, "oh_census_by_type: NULL type name");
        return NULL;
    }
    /* The list first: making a container may run a collection, which must
     * not free what the walk has found. */
    oh_object *list = ohi_result_list_new();
    if (list == NULL)
        return NULL;
    named_walk w = {type_name, true, NULL, 0, 0, false};
    ohi_alloc_walk_objects(named_visit, &w);
    for (size_t i = 0; i < w.n && !w.failed; i++)
        if (oh_list_append(list, w.objs[i]) < 0)
            w.failed = true;
    free(w.objs);
    if (w.failed) {
        oh_decref(list);
        oh_err_clear();
        return oh_err_no_memory();
    }
    return list;
}

size_t
oh_census_count(const char *type_name)
{
    if (type_name == NULL)
        return 0;
    named_walk w = {type_name, false, NULL, 0, 0, false};
    ohi_alloc_walk_objects(named_visit, &w);
    return w.n;
}

/* --- growth --------------------------------------------------------------- */

/* A census's count for a type name (rows with the same name summed). */
static size_t
count_named(const oh_census *c, const char *name)
{
    size_t n = 0;
    for (size_t i = 0; i < c->nrows; i++)
        if (strcmp(c->rows[i].type_name, name) == 0)
            n += c->rows[i].count;
    return n;
}

static int
cmp_growth(const void *pa, const void *pb)
{
    const oh_growth_row *a = pa, *b = pb;
    if (a->delta != b->delta)
        return a->delta > b->delta ? -1 : 1;
    return strcmp(a->type_name, b->type_name);
}

void
oh_growth_free(oh_growth *g)
{
    if (g == NULL)
        return;
    for (size_t i = 0; i < g->nrows; i++)
        free((char *)(uintptr_t)g->rows[i].type_name);
    free(g->rows);
    free(g);
}

/* Add a row for `name` unless it is there already or did not change. */
static int
growth_add(oh_growth *g, const char *name, const oh_census *now,
           const oh_census *old)
{
    for (size_t i = 0; i < g->nrows; i++)
        if (strcmp(g->rows[i].type_name, name) == 0)
            return 0;
    size_t a = count_named(now, name), b = count_named(old, name);
    if (a == b)
        return 0;
    char *copy = strdup(name);
    if (copy == NULL)
        return -1;
    g->rows[g->nrows++] = (oh_growth_row){copy, a, (int64_t)a - (int64_t)b};
    return 0;
}

oh_growth *
oh_census_growth(const oh_census *now, const oh_census *old)
{
    if (now == NULL || old == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_census_growth: NULL census");
        return NULL;
    }
    oh_growth *g = calloc(1, sizeof *g);
    size_t most = now->nrows + old->nrows;
    if (g == NULL || (g->rows = calloc(most ? most : 1,
                                       sizeof *g->rows)) == NULL) {
        free(g);
        return oh_err_no_memory();
    }
    for (size_t i = 0; i < now->nrows; i++)
        if (growth_add(g, now->rows[i].type_name, now, old) < 0)
            goto nomem;
    for (size_t i = 0; i < old->nrows; i++)
        if (growth_add(g, old->rows[i].type_name, now, old) < 0)
            goto nomem;
    qsort(g->rows, g->nrows, sizeof *g->rows, cmp_growth);
    return g;
nomem:
    oh_growth_free(g);
    return oh_err_no_memory();
}

void
oh_growth_print(const oh_growth *g, FILE *out, size_t limit)
{
    if (g == NULL || out == NULL)
        return;
    size_t n = limit && limit < g->nrows ? limit : g->nrows;
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%-24s %10zu %+10" PRId64 "\n", g->rows[i].type_name,
                g->rows[i].count, g->rows[i].delta);
}

/* ==========================================================================
 * Leak reports
 * ==========================================================================
 *
 * A count of the live objects is no leak report on its own: a program that
 * drops the last reference to a cycle (an object that refers to itself, a
 * tree whose nodes point at their parents) has leaked nothing, but the
 * cycle lives until a collection finds it.  So the report first runs full
 * collections, finalizers and weak reference callbacks included, until one
 * frees nothing (a finalizer may leave new garbage; at most
 * LEAK_COLLECTIONS), then empties the free lists, and then tells apart:
 *
 *   still held   what survived: held by a reference from outside the heap
 *                (a variable, a global, a count never decremented) or by
 *                another held object.  A leak.  Shown by type with the
 *                shortest chain from a root to one object of each type,
 *                then the roots, with where each was allocated when
 *                tracing (refgraph.c, ohi_refgraph_print_holders).
 *   freed at exit  what only those collections freed: cycles the program
 *                left to the collector, which CPython would also have
 *                freed.  Not a leak; listed by type, for information.
 *
 * The two censuses, before and after the collections, give the second
 * list: a type's count before minus its count after.
 *
 * Every line the report writes begins with "objheap: ", so that a test
 * runner can tell it from the program's own output (tests/py/run_cases.sh
 * deletes those lines); a clean run writes one line, "objheap: 0 live
 * objects (0 bytes)".
 *
 * oh_shutdown runs the report once: when the program calls it, the
 * at-exit report that OBJHEAP_REPORT arranges (runtime.c) does not run
 * again (`shutdown_done` in the runtime).
 */

#define LEAK_COLLECTIONS 8      /* full collections at most, before the
                                   report counts what is left */
#define LEAK_ROWS 20            /* types shown in each list */
#define LEAK_ROOTS 10           /* roots shown */

/* Write `text` (lines) with "objheap:   " before each line. */
static void
put_prefixed(FILE *out, const char *text)
{
    while (*text != '\0') {
        const char *nl = strchr(text, '\n');
        size_t len = nl ? (size_t)(nl - text) : strlen(text);
        fprintf(out, "objheap:   %.*s\n", (int)len, text);
        text += len + (nl != NULL);
    }
}

/* A census's bytes for a type name (rows with the same name summed). */
static size_t
size_named(const oh_census *c, const char *name)
{
    size_t n = 0;
    for (size_t i = 0; i < c->nrows; i++)
        if (strcmp(c->rows[i].type_name, name) == 0)
            n += c->rows[i].size;
    return n;
}

/* The types whose count went down between the two censuses: what the
 * collections freed.  Pass 0 adds up, pass 1 prints. */
static void
print_freed(FILE *out, const oh_census *before, const oh_census *after)
{
    size_t count = 0, bytes = 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t shown = 0;
        for (size_t i = 0; i < before->nrows; i++) {
            const char *name = before->rows[i].type_name;
            bool seen = false;          /* a name shared by two types */
            for (size_t j = 0; j < i && !seen; j++)
                seen = strcmp(before->rows[j].type_name, name) == 0;
            size_t b = count_named(before, name), a = count_named(after,
                                                                  name);
            size_t bs = size_named(before, name), as = size_named(after,
                                                                  name);
            if (seen || b <= a)
                continue;
            if (pass == 0) {
                count += b - a;
                bytes += bs > as ? bs - as : 0;
            }
            else if (shown++ < LEAK_ROWS) {
                fprintf(out, "objheap:   %-24s %9zu %12zu\n", name, b - a,
                        bs > as ? bs - as : 0);
            }
        }
        if (count == 0)
            return;
        if (pass == 0)
            fprintf(out, "objheap: the exit collection freed %zu object%s "
                    "(%zu bytes): cycles the program left to the collector,"
                    " not a leak\n", count, count == 1 ? "" : "s", bytes);
    }
}

/* Full collections until one finds nothing (see the banner). */
static void
collect_everything(void)
{
    for (int i = 0; i < LEAK_COLLECTIONS; i++)
        if (oh_gc_collect(2) <= 0)
            break;
    oh_object_clear_freelists();
}

size_t
oh_leak_report(FILE *out)
{
    /* The report leaves the caller's error indicator as it found it. */
    ohi_err_state saved;
    ohi_err_save(&saved);
    oh_census *before = out != NULL ? oh_census_take() : NULL;
    oh_err_clear();
    collect_everything();
    oh_census *after = oh_census_take();
    if (after == NULL) {
        if (out != NULL)
            fprintf(out, "objheap: leak report: out of memory\n");
        oh_census_free(before);
        ohi_err_restore(&saved);
        return 0;
    }
    size_t live = after->total_count;
    if (out != NULL) {
        fprintf(out, "objheap: %zu live object%s (%zu bytes)%s\n", live,
                live == 1 ? "" : "s", after->total_size,
                live != 0 ? " still held after a full collection: a leak"
                          : "");
        if (live != 0
            && ohi_refgraph_print_holders(out, after, LEAK_ROWS,
                                          LEAK_ROOTS) < 0) {
            oh_err_clear();
            char *text = NULL;
            size_t len = 0;
            FILE *f = open_memstream(&text, &len);
            if (f != NULL) {
                oh_census_print(after, f, LEAK_ROWS);
                fclose(f);
                put_prefixed(out, text);
            }
            free(text);
        }
        if (live != 0 && oh_trace_is_tracing()) {
            oh_snapshot *s = oh_trace_take_snapshot();
            oh_stats *st = s ? oh_snapshot_statistics(s, OH_STAT_LINENO, 0)
                             : NULL;
            char *text = NULL;
            size_t len = 0;
            FILE *f = st ? open_memstream(&text, &len) : NULL;
            if (f != NULL) {
                oh_stats_print(st, f, 10);
                fclose(f);
                fprintf(out, "objheap: memory still allocated, by "
                        "allocation site:\n");
                put_prefixed(out, text);
            }
            free(text);
            oh_stats_free(st);
            oh_snapshot_free(s);
            oh_err_clear();
        }
        if (before != NULL)
            print_freed(out, before, after);
    }
    oh_census_free(before);
    oh_census_free(after);
    ohi_err_restore(&saved);
    return live;
}

size_t
oh_shutdown(void)
{
    OHI_RT->shutdown_done = true;
    const char *mode = getenv("OBJHEAP_REPORT");
    bool report = mode != NULL && mode[0] != '\0' && strcmp(mode, "0") != 0;
    size_t live = oh_leak_report(report ? stderr : NULL);
    oh_trace_stop();
    if (report && strcmp(mode, "fail") == 0 && live != 0) {
        fprintf(stderr, "objheap: OBJHEAP_REPORT=fail: exiting with status "
                        "3 because %zu object%s still held\n", live,
                live == 1 ? " is" : "s are");
        fflush(NULL);
        _exit(3);
    }
    return live;
}

/* At exit: the report, unless the program ran it itself. */
static void
report_at_exit(void)
{
    if (!OHI_RT->shutdown_done)
        oh_shutdown();
}

void
ohi_inspect_report_at_exit(void)
{
    atexit(report_at_exit);
}
