/*
 * inspect.c -- seeing the heap: the census, growth between censuses, and
 * the heap map (a picture of arenas and pools).
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
 * allocating from objheap while it runs.
 *
 * The heap map
 * ------------
 *
 *     arena 0   [][][][][][][][] ... 64 cells, one per pool
 *     arena 1   [][][][][]  ...
 *
 * Each cell is coloured by its pool's size class (hue: 32 classes around
 * the colour wheel) and shaded by how full the pool is (dark: full, pale:
 * nearly empty); an empty pool is grey, an untouched one white.  Pools of
 * the object families carry a dark corner.  Every cell has a tooltip with
 * its numbers.  The layout can be saved to a text file and rendered later
 * (`objheap heapmap FILE`), so a picture can be made of another process's
 * heap.
 *
 *     objheap-heapmap 1
 *     arenas N
 *     arena SERIAL
 *     p STATE FAMILY CLASS NALLOC CAPACITY      (64 lines per arena)
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
    if (o->type == &ohi_freed_type)
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
 * The heap map
 * ========================================================================== */

typedef struct cell {
    uint8_t state, family, szidx;
    uint16_t nalloc, capacity;
} cell;

typedef struct layout {
    size_t narenas;
    uint64_t *serial;
    cell (*cells)[OHI_POOLS_PER_ARENA];
} layout;

static void
layout_free(layout *l)
{
    free(l->serial);
    free(l->cells);
    l->serial = NULL;
    l->cells = NULL;
    l->narenas = 0;
}

static int
layout_alloc(layout *l, size_t narenas)
{
    l->narenas = narenas;
    l->serial = calloc(narenas ? narenas : 1, sizeof *l->serial);
    l->cells = calloc(narenas ? narenas : 1, sizeof *l->cells);
    if (l->serial == NULL || l->cells == NULL) {
        layout_free(l);
        return -1;
    }
    return 0;
}

/* Read the live heap's layout, oldest arena first. */
static int
layout_from_heap(layout *l)
{
    const ohi_alloc_state *a = &OHI_RT->alloc;
    size_t n = 0;
    for (const ohi_arena *ar = a->arenas_all; ar; ar = ar->all_next)
        n++;
    if (layout_alloc(l, n) < 0)
        return -1;
    size_t row = n;
    for (const ohi_arena *ar = a->arenas_all; ar; ar = ar->all_next) {
        row--;
        l->serial[row] = ar->serial;
        for (size_t i = 0; i < OHI_POOLS_PER_ARENA; i++) {
            const ohi_pool *p = &ar->pools[i];
            cell *c = &l->cells[row][i];
            c->state = i < ar->ntouched ? p->state : OHI_POOL_UNTOUCHED;
            c->family = p->family;
            c->szidx = p->szidx;
            c->nalloc = p->nalloc;
            c->capacity = c->state == OHI_POOL_UNTOUCHED
                              ? 0 : (uint16_t)ohi_alloc_pool_capacity(p);
        }
    }
    return 0;
}

static int
layout_write(const layout *l, FILE *f)
{
    fprintf(f, "objheap-heapmap 1\narenas %zu\n", l->narenas);
    for (size_t r = 0; r < l->narenas; r++) {
        fprintf(f, "arena %" PRIu64 "\n", l->serial[r]);
        for (size_t i = 0; i < OHI_POOLS_PER_ARENA; i++) {
            const cell *c = &l->cells[r][i];
            fprintf(f, "p %u %u %u %u %u\n", c->state, c->family, c->szidx,
                    c->nalloc, c->capacity);
        }
    }
    return ferror(f) ? -1 : 0;
}

static int
layout_read(layout *l, FILE *f, const char *path)
{
    char line[128];
    size_t n, lineno = 2;
    if (!fgets(line, sizeof line, f)
        || strcmp(line, "objheap-heapmap 1\n") != 0
        || !fgets(line, sizeof line, f)
        || sscanf(line, "arenas %zu", &n) != 1 || n > (1u << 24)) {
        oh_err_format(OH_ERR_VALUE, "%s: not an objheap heap map", path);
        return -1;
    }
    if (layout_alloc(l, n) < 0) {
        oh_err_no_memory();
        return -1;
    }
    for (size_t r = 0; r < n; r++) {
        lineno++;
        if (!fgets(line, sizeof line, f)
            || sscanf(line, "arena %" SCNu64, &l->serial[r]) != 1)
            goto bad;
        for (size_t i = 0; i < OHI_POOLS_PER_ARENA; i++) {
            unsigned st, fam, cls, na, cap;
            lineno++;
            if (!fgets(line, sizeof line, f)
                || sscanf(line, "p %u %u %u %u %u", &st, &fam, &cls, &na,
                          &cap) != 5
                || st > OHI_POOL_FULL || fam >= OHI_NFAMILIES
                || cls >= OH_NCLASSES || na > cap
                || cap > OHI_POOL_SIZE / OH_ALIGNMENT)
                goto bad;
            l->cells[r][i] = (cell){(uint8_t)st, (uint8_t)fam, (uint8_t)cls,
                                    (uint16_t)na, (uint16_t)cap};
        }
    }
    return 0;
bad:
    oh_err_format(OH_ERR_VALUE, "%s, line %zu: malformed heap map", path,
                  lineno);
    layout_free(l);
    return -1;
}

/* The colour of a pool: hue by class, lightness by fullness. */
static void
cell_colour(const cell *c, char *buf, size_t len)
{
    if (c->state == OHI_POOL_UNTOUCHED)
        snprintf(buf, len, "#ffffff");
    else if (c->state == OHI_POOL_EMPTY || c->nalloc == 0)
        snprintf(buf, len, "#d9d9d9");
    else {
        double fill = c->capacity ? (double)c->nalloc / c->capacity : 1;
        int hue = (int)c->szidx * 360 / OH_NCLASSES;
        int light = (int)(88 - 53 * fill);
        snprintf(buf, len, "hsl(%d,75%%,%d%%)", hue, light);
    }
}

static const char *
state_name(unsigned s)
{
    static const char *const names[] = {"untouched", "empty", "used",
                                        "full"};
    return s <= OHI_POOL_FULL ? names[s] : "?";
}

static const char *
family_label(unsigned f)
{
    static const char *const names[] = {"raw memory", "objects",
                                        "collected objects"};
    return f < OHI_NFAMILIES ? names[f] : "?";
}

enum { CELL = 12, GAP = 2, LEFT = 90, TOP = 56 };

static int
render_svg(const layout *l, FILE *f)
{
    int width = LEFT + OHI_POOLS_PER_ARENA * (CELL + GAP) + 20;
    int legend_y = TOP + (int)l->narenas * (CELL + GAP) + 24;
    int height = legend_y + 3 * (CELL + GAP) + 40;
    size_t used = 0, empty = 0, untouched = 0, blocks = 0;
    for (size_t r = 0; r < l->narenas; r++)
        for (size_t i = 0; i < OHI_POOLS_PER_ARENA; i++) {
            const cell *c = &l->cells[r][i];
            /* A reserve pool (set up for its class, no block in it) is
             * drawn and counted as empty. */
            bool in_use = c->state >= OHI_POOL_USED && c->nalloc != 0;
            untouched += c->state == OHI_POOL_UNTOUCHED;
            empty += c->state != OHI_POOL_UNTOUCHED && !in_use;
            used += in_use;
            blocks += in_use ? c->nalloc : 0;
        }
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
               "height=\"%d\" viewBox=\"0 0 %d %d\" "
               "font-family=\"monospace\" font-size=\"11\">\n"
               "<title>objheap heap map</title>\n"
               "<rect width=\"100%%\" height=\"100%%\" fill=\"#fbfbf8\"/>\n"
               "<text x=\"10\" y=\"20\" font-size=\"14\">objheap heap map: "
               "%zu arenas of %zu KiB, %zu pools of %zu KiB each</text>\n"
               "<text x=\"10\" y=\"38\">%zu pools in use, %zu empty, %zu "
               "untouched; %zu blocks in use</text>\n",
            width, height, width, height, l->narenas,
            OHI_ARENA_SIZE >> 10, (size_t)OHI_POOLS_PER_ARENA,
            OHI_POOL_SIZE >> 10, used, empty, untouched, blocks);
    for (size_t r = 0; r < l->narenas; r++) {
        int y = TOP + (int)r * (CELL + GAP);
        fprintf(f, "<g class=\"arena\" id=\"arena-%" PRIu64 "\">\n"
                   "<text x=\"10\" y=\"%d\">arena %" PRIu64 "</text>\n",
                l->serial[r], y + CELL - 2, l->serial[r]);
        for (size_t i = 0; i < OHI_POOLS_PER_ARENA; i++) {
            const cell *c = &l->cells[r][i];
            char colour[32];
            cell_colour(c, colour, sizeof colour);
            int x = LEFT + (int)i * (CELL + GAP);
            fprintf(f, "<rect class=\"pool\" x=\"%d\" y=\"%d\" width=\"%d\" "
                       "height=\"%d\" fill=\"%s\" stroke=\"#999\" "
                       "stroke-width=\"0.5\">", x, y, CELL, CELL, colour);
            if (c->state >= OHI_POOL_USED && c->nalloc == 0)
                fprintf(f, "<title>pool %zu: empty, kept set up as the "
                           "reserve of class %u (%zu-byte blocks, %s)"
                           "</title>", i, c->szidx, OHI_CLASS_SIZE(c->szidx),
                        family_label(c->family));
            else if (c->state >= OHI_POOL_USED)
                fprintf(f, "<title>pool %zu: %s, %s, class %u (%zu-byte "
                           "blocks), %u of %u blocks in use</title>",
                        i, state_name(c->state), family_label(c->family),
                        c->szidx, OHI_CLASS_SIZE(c->szidx), c->nalloc,
                        c->capacity);
            else
                fprintf(f, "<title>pool %zu: %s</title>", i,
                        state_name(c->state));
            fprintf(f, "</rect>\n");
            if (c->state >= OHI_POOL_USED && c->nalloc != 0
                && c->family != OHI_FAMILY_MEM)
                fprintf(f, "<path d=\"M%d %d h5 l-5 5 z\" fill=\"#222\"/>\n",
                        x, y);
        }
        fprintf(f, "</g>\n");
    }
    /* Legend: the class hues, the fullness scale, the special cells. */
    fprintf(f, "<g class=\"legend\">\n<text x=\"10\" y=\"%d\">size class"
               "</text>\n", legend_y + CELL - 2);
    for (unsigned k = 0; k < OH_NCLASSES; k++) {
        cell c = {OHI_POOL_FULL, 0, (uint8_t)k, 1, 1};
        char colour[32];
        cell_colour(&c, colour, sizeof colour);
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                   "fill=\"%s\"><title>class %u: %zu bytes</title></rect>\n",
                LEFT + (int)k * (CELL + GAP), legend_y, CELL, CELL, colour,
                k, OHI_CLASS_SIZE(k));
    }
    int y2 = legend_y + CELL + GAP + 4;
    fprintf(f, "<text x=\"10\" y=\"%d\">fullness</text>\n", y2 + CELL - 2);
    for (int k = 0; k <= 10; k++) {
        cell c = {OHI_POOL_USED, 0, 8, (uint16_t)(k ? k : 1), 10};
        char colour[32];
        cell_colour(&c, colour, sizeof colour);
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                   "fill=\"%s\"/>\n", LEFT + k * (CELL + GAP), y2, CELL,
                CELL, colour);
    }
    fprintf(f, "<text x=\"%d\" y=\"%d\">10%% .. 100%% of blocks in use"
               "</text>\n", LEFT + 11 * (CELL + GAP) + 6, y2 + CELL - 2);
    int y3 = y2 + CELL + GAP + 4;
    fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
               "fill=\"#d9d9d9\" stroke=\"#999\"/>\n<text x=\"%d\" y=\"%d\">"
               "empty</text>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" "
               "height=\"%d\" fill=\"#ffffff\" stroke=\"#999\"/>\n"
               "<text x=\"%d\" y=\"%d\">untouched</text>\n"
               "<path d=\"M%d %d h5 l-5 5 z\" fill=\"#222\"/>\n"
               "<text x=\"%d\" y=\"%d\">corner: a pool of objects</text>\n"
               "</g>\n</svg>\n",
            LEFT, y3, CELL, CELL, LEFT + CELL + 4, y3 + CELL - 2,
            LEFT + 70, y3, CELL, CELL, LEFT + 70 + CELL + 4, y3 + CELL - 2,
            LEFT + 170, y3, LEFT + 170 + 10, y3 + CELL - 2);
    return ferror(f) ? -1 : 0;
}

/* Convert an SVG file to PNG with whichever converter is installed.
 * Returns 1 when a PNG was written, 0 when no converter worked. */
static int
svg_to_png(const char *svg, const char *png)
{
    static char rsvg_convert[] = "rsvg-convert", dash_o[] = "-o",
                convert[] = "convert";
    char *rsvg[] = {rsvg_convert, dash_o, (char *)(uintptr_t)png,
                    (char *)(uintptr_t)svg, NULL};
    char *magick[] = {convert, (char *)(uintptr_t)svg,
                      (char *)(uintptr_t)png, NULL};
    if (ohi_os_run(rsvg) == 0 || ohi_os_run(magick) == 0)
        return access(png, R_OK) == 0 ? 1 : 0;
    return 0;
}

static int
render_files(const layout *l, const char *svg_path, const char *png_path)
{
    FILE *f = fopen(svg_path, "w");
    if (f == NULL) {
        oh_err_format(OH_ERR_VALUE, "cannot write %s: %s", svg_path,
                      strerror(errno));
        return -1;
    }
    int rc = render_svg(l, f);
    if (fclose(f) != 0 || rc < 0) {
        oh_err_format(OH_ERR_VALUE, "cannot write %s", svg_path);
        return -1;
    }
    return png_path ? svg_to_png(svg_path, png_path) : 0;
}

int
oh_heapmap_write_svg(const char *svg_path, const char *png_path)
{
    if (svg_path == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_heapmap_write_svg: NULL path");
        return -1;
    }
    layout l = {0};
    if (layout_from_heap(&l) < 0) {
        oh_err_no_memory();
        return -1;
    }
    int rc = render_files(&l, svg_path, png_path);
    layout_free(&l);
    return rc;
}

int
oh_heapmap_dump(const char *path)
{
    if (path == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_heapmap_dump: NULL path");
        return -1;
    }
    layout l = {0};
    if (layout_from_heap(&l) < 0) {
        oh_err_no_memory();
        return -1;
    }
    FILE *f = fopen(path, "w");
    int rc = f ? layout_write(&l, f) : -1;
    if (f != NULL && fclose(f) != 0)
        rc = -1;
    layout_free(&l);
    if (rc < 0)
        oh_err_format(OH_ERR_VALUE, "cannot write %s", path);
    return rc;
}

int
oh_heapmap_render(const char *layout_path, const char *svg_path,
                  const char *png_path)
{
    if (layout_path == NULL || svg_path == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_heapmap_render: NULL path");
        return -1;
    }
    FILE *f = fopen(layout_path, "r");
    if (f == NULL) {
        oh_err_format(OH_ERR_VALUE, "cannot read %s: %s", layout_path,
                      strerror(errno));
        return -1;
    }
    layout l = {0};
    int rc = layout_read(&l, f, layout_path);
    fclose(f);
    if (rc < 0)
        return -1;
    rc = render_files(&l, svg_path, png_path);
    layout_free(&l);
    return rc;
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
