/*
 * heapmap.c -- the heap map: a picture of the allocator's arenas, their
 * pools and medium spans, and the file that keeps one to draw later.
 *
 * What this file owns
 * -------------------
 * oh_heapmap_write_svg draws the heap as it is; oh_heapmap_dump saves its
 * layout to a text file, and oh_heapmap_render (`objheap heapmap FILE`)
 * draws a saved one, so that a picture can be made of another process's
 * heap or of a moment long past.  Both go through one structure, the
 * layout, read from the live heap (layout_from_heap) or from a file
 * (layout_read), so a saved layout draws exactly as the live heap did.
 *
 *   arena 0         [][][][][][][] ... 64 cells, one per pool  1,234 blocks
 *   medium arena 1  [    ][][     ][] ... one cell per span        12 blocks
 *   arena 2         [][][][][]  ...                                56 blocks
 *   warm arena      [- - - - - - - - - - - - - - - - - - -]   1024 KiB warm
 *
 *   size class    [][][][] ... 64 hues                    16 B ... 1024 B
 *   medium class  [][][][] ... 55 hues of their own   1152 B ... 120 KiB
 *   blocks in use  [][][][][][][][][][]  10% ... 100% of a cell's blocks
 *
 * A row is an arena, of either kind, oldest (lowest serial) first; a
 * medium arena's row says so in its label.  In a row of pools each cell
 * is a pool, coloured by its size class (hue: 64 classes around the
 * colour wheel) and shaded by how full the pool is (dark: full, pale:
 * nearly empty); an empty pool is grey, an untouched one white.  In a
 * medium row (alloc/medium.inc) each 16 KiB unit has its place, and a
 * span is one cell over all its units, coloured by its medium class on a
 * scale of its own (55 muted hues around the wheel: the medium classes
 * are not a continuation of the small ones, and a span should not be
 * read as a pool) and shaded by how full it is on the same fullness
 * scale; a free unit is grey (empty) or white (untouched) as a pool is,
 * and a class's reserve span, with no block in use, is grey over its
 * units.  Pools of the object families, and spans holding objects, carry
 * a dark corner.  Every cell has a tooltip (an SVG <title>) with its
 * numbers: state, family (pools) or units spanned (spans), class and
 * block size, blocks in use of how many, and for objects the types that
 * fill it, most objects first.  The legend carries the numbers of the
 * three colour scales, and each row ends with its arena's blocks in use.
 *
 * After the heaps' arenas come the warm ones (alloc/warm.inc), newest
 * first: arenas a heap gave back that stay mapped, their pages resident,
 * for the next arena any heap needs, until the retain delay has passed.
 * They hold nothing, so each is one pale dashed cell whose tooltip says
 * what it held (pools or spans), how long ago it was given back and when
 * it goes to the OS; the heading counts them, with the huge mappings the
 * huge cache keeps (huge blocks are drawn nowhere else either).  Without
 * them a picture of a heap that has just freed much would show fewer
 * arenas than the process has resident.
 *
 * The types come from one walk over every live object
 * (ohi_alloc_walk_objects), each counted in the cell its block lies in:
 * its pool, or for an object over 1024 bytes (a large object, alloc.c)
 * the head of its medium span (HM3).  Objects in huge blocks are in no
 * arena, so in no cell.  Raw memory (oh_malloc) has no type to name; a
 * span holds raw blocks and objects side by side, so its blocks in use
 * may exceed the objects its tooltip counts.
 *
 * The layout and its file
 * -----------------------
 *   layout.serial[r]          row r's arena's serial (oldest arena first)
 *   layout.kind[r]            ROW_POOLS or ROW_MEDIUM
 *   layout.cells[r][i]        pool or unit i of arena r: state, family,
 *                             class, nalloc, capacity (a span's on its
 *                             head, with units; TAIL after it, HM3); its
 *                             types are
 *   layout.types[first..first+ntypes)   (name, count), most first, at
 *                             most HEAPMAP_TYPES of them, and `others`
 *                             objects of the types left out
 *
 *   objheap-heapmap 5
 *   arenas N                                  (rows of all three kinds)
 *   retain MS                                 (the retain delay)
 *   huge COUNT BYTES                          (the huge cache)
 *   arena SERIAL                              (an arena of pools)
 *   p STATE FAMILY CLASS NALLOC CAPACITY      (64 per arena, in order)
 *   t COUNT NAME                              (after a p line: its types)
 *   r COUNT                                   (after them: the others)
 *   medium SERIAL                             (a medium arena; then, in
 *                                              order, over its 64 units:)
 *   s STATE CLASS NALLOC CAPACITY UNITS       (a span, then its t, r)
 *   u STATE                                   (a free unit)
 *   warm pools|medium MS                      (a warm arena, given back
 *                                              MS ms before; no lines
 *                                              follow it)
 *
 * Files of versions 1 (no t and r lines), 2 (no medium arenas) and 3 (no
 * warm arenas, retain or huge lines) still read; what they did not
 * record, the picture says so rather than draw a heap without it.  Up to
 * version 4 pools stopped at 512 bytes and medium classes began at 576
 * (eight more of them, before today's class 0 of 1152 bytes): their
 * numbers are read as today's, and a span of one of the eight, whose
 * sizes pools serve now, draws in class 0's hue with its own block size
 * in its tooltip (old_medium_size).  Type
 * names may not contain a newline; one that does is written with '?'
 * for it.
 *
 * Invariants
 * ----------
 * HM1. In a layout, every cell's types lie inside `types`, ordered by
 *      count (most first, then by name), and a cell's counts plus its
 *      `others` never exceed its nalloc.
 * HM2. A layout's memory, names included, is its own (C-library memory):
 *      reading the heap allocates nothing from objheap, so the picture
 *      does not change the heap it draws.
 * HM3. A medium row's cells cover its 64 units in order with spans and
 *      free units: a span is a head (USED or FULL, units = k >= 1,
 *      capacity >= 1) and the k - 1 TAIL cells after it, of its class;
 *      a free unit is EMPTY or UNTOUCHED.  Only a head has blocks and
 *      types.  A row of pools has no TAIL cell.
 * HM4. Warm rows come after every row of a heap's arena, and their cells
 *      are all UNTOUCHED with no block and no type: a warm arena holds
 *      nothing (W1 in alloc/warm.inc).  Its `serial` is its age in ms.
 */
#include "internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HEAPMAP_TYPES 3         /* types named in a cell's tooltip */
#define HEAPMAP_TALLY 8         /* distinct types counted per cell while
                                   walking; the rest go to `others` */
#define HEAPMAP_VERSION 5       /* of the file layout_write writes */

/* ==========================================================================
 * The layout
 * ========================================================================== */

typedef struct cell {
    uint8_t state, family, szidx;
    uint8_t units;              /* a span's head: its length (HM3) */
    uint16_t nalloc, capacity;
    uint32_t size;              /* a span's head: its blocks' size */
    uint32_t first, ntypes;     /* its types: layout.types[first..] */
    uint32_t others;            /* objects of the types not named */
} cell;

typedef struct pool_type {
    const char *name;           /* in the layout's string pool */
    uint32_t count;
} pool_type;

enum { ROW_POOLS = 0, ROW_MEDIUM = 1, ROW_WARM = 2 };

typedef struct layout {
    size_t narenas;             /* rows, of all three kinds */
    int version;                /* of its file; HEAPMAP_VERSION when read
                                   from the heap */
    uint64_t *serial;           /* a warm row's: how many ms ago its heap
                                   gave it back (HM4) */
    uint8_t *kind;              /* ROW_POOLS, ROW_MEDIUM or ROW_WARM */
    bool *warm_medium;          /* a warm row's: it held spans */
    ohi_warm_view warm;         /* the retain delay, the huge cache (HM4) */
    cell (*cells)[OHI_POOLS_PER_ARENA];
    pool_type *types;           /* HM1 */
    size_t ntypes, types_cap;
    ohi_strpool *strings;
} layout;

static void
layout_free(layout *l)
{
    free(l->serial);
    free(l->kind);
    free(l->warm_medium);
    free(l->cells);
    free(l->types);
    ohi_strpool_free(l->strings);
    memset(l, 0, sizeof *l);
}

static int
layout_alloc(layout *l, size_t narenas)
{
    memset(l, 0, sizeof *l);
    l->narenas = narenas;
    l->version = HEAPMAP_VERSION;
    l->serial = calloc(narenas ? narenas : 1, sizeof *l->serial);
    l->kind = calloc(narenas ? narenas : 1, sizeof *l->kind);
    l->warm_medium = calloc(narenas ? narenas : 1, sizeof *l->warm_medium);
    l->cells = calloc(narenas ? narenas : 1, sizeof *l->cells);
    if (l->serial == NULL || l->kind == NULL || l->warm_medium == NULL
        || l->cells == NULL) {
        layout_free(l);
        return -1;
    }
    return 0;
}

/* Append a type to the layout (for the cell being filled).  -1 when out
 * of memory. */
static int
layout_add_type(layout *l, const char *name, uint32_t count)
{
    if (l->ntypes == l->types_cap) {
        size_t cap = l->types_cap ? l->types_cap * 2 : 64;
        pool_type *t = realloc(l->types, cap * sizeof *t);
        if (t == NULL)
            return -1;
        l->types = t;
        l->types_cap = cap;
    }
    const char *copy = ohi_strpool_dup(&l->strings, name);
    if (copy == NULL)
        return -1;
    l->types[l->ntypes++] = (pool_type){copy, count};
    return 0;
}

/* --- from the live heap ---------------------------------------------------- */

/* While walking the objects: per cell, up to HEAPMAP_TALLY types. */
typedef struct tally {
    const oh_type *type;
    uint32_t count;
} tally;

typedef struct type_walk {
    const layout *l;            /* its rows' kinds and cells (HM3) */
    const ohi_arena **arena;    /* row -> arena */
    size_t narenas;
    size_t *slot;               /* open addressing: arena -> row + 1 */
    size_t nslots;
    tally (*tallies)[OHI_POOLS_PER_ARENA][HEAPMAP_TALLY];
    uint32_t (*rest)[OHI_POOLS_PER_ARENA];
} type_walk;

static size_t
arena_hash(const void *a)
{
    return (size_t)(((uintptr_t)a >> OHI_ARENA_SHIFT) * 0x9e3779b97f4a7c15ull
                    >> 20);
}

/* The row of the arena at `a`, or SIZE_MAX. */
static size_t
row_of(const type_walk *w, const void *a)
{
    size_t mask = w->nslots - 1;
    for (size_t i = arena_hash(a) & mask; w->slot[i] != 0; i = (i + 1) & mask)
        if (w->arena[w->slot[i] - 1] == a)
            return w->slot[i] - 1;
    return SIZE_MAX;
}

static int
count_type(void *p, int family, void *arg)
{
    type_walk *w = arg;
    const oh_object *o = (const oh_object *)(void *)((char *)p
                         + (family == OHI_FAMILY_GC ? sizeof(ohi_gc_head)
                                                    : 0));
    int where = ohi_alloc_map_lookup(p);
    if (o->type == &ohi_freed_type
        || (where != OHI_MAP_ARENA && where != OHI_MAP_MEDIUM))
        return 0;               /* dead, or in no arena (a huge block) */
    size_t row = row_of(w, (const void *)((uintptr_t)p
                                          & ~(uintptr_t)OHI_ARENA_MASK));
    if (row == SIZE_MAX
        || w->l->kind[row] != (where == OHI_MAP_MEDIUM ? ROW_MEDIUM
                                                       : ROW_POOLS))
        return 0;
    size_t pool = ((uintptr_t)p & OHI_ARENA_MASK) >> OHI_POOL_SHIFT;
    /* A large object's address (after its link) may lie in any unit of
     * its span: it counts at the head, the span's one cell (HM3). */
    while (pool > 0 && w->l->cells[row][pool].state == OHI_POOL_TAIL)
        pool--;
    tally *t = w->tallies[row][pool];
    for (size_t k = 0; k < HEAPMAP_TALLY; k++) {
        if (t[k].type == o->type || t[k].type == NULL) {
            t[k].type = o->type;
            t[k].count++;
            return 0;
        }
    }
    w->rest[row][pool]++;
    return 0;
}

static int
cmp_tally(const void *pa, const void *pb)
{
    const tally *a = pa, *b = pb;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    const char *na = a->type ? a->type->name : "", *nb = b->type ? b->type->name
                                                                  : "";
    return strcmp(na ? na : "?", nb ? nb : "?");
}

/* Count each cell's objects (a pool's, a span's) by type and keep the
 * commonest in the layout (HM1).  0, or -1 when out of memory. */
static int
layout_types_from_heap(layout *l, const ohi_arena **arenas)
{
    type_walk w = {l, arenas, l->narenas, NULL, 16, NULL, NULL};
    while (w.nslots < 2 * l->narenas + 2)
        w.nslots *= 2;
    size_t n = l->narenas ? l->narenas : 1;
    w.slot = calloc(w.nslots, sizeof *w.slot);
    w.tallies = calloc(n, sizeof *w.tallies);
    w.rest = calloc(n, sizeof *w.rest);
    int rc = -1;
    if (w.slot == NULL || w.tallies == NULL || w.rest == NULL)
        goto done;
    for (size_t r = 0; r < l->narenas; r++) {
        size_t i = arena_hash(arenas[r]) & (w.nslots - 1);
        while (w.slot[i] != 0)
            i = (i + 1) & (w.nslots - 1);
        w.slot[i] = r + 1;
    }
    ohi_alloc_walk_objects(count_type, &w);
    for (size_t r = 0; r < l->narenas; r++)
        for (size_t i = 0; i < OHI_POOLS_PER_ARENA; i++) {
            tally *t = w.tallies[r][i];
            cell *c = &l->cells[r][i];
            qsort(t, HEAPMAP_TALLY, sizeof *t, cmp_tally);
            c->first = (uint32_t)l->ntypes;
            c->others = w.rest[r][i];
            for (size_t k = 0; k < HEAPMAP_TALLY && t[k].type != NULL; k++) {
                if (k >= HEAPMAP_TYPES) {
                    c->others += t[k].count;
                    continue;
                }
                const char *name = t[k].type->name ? t[k].type->name : "?";
                if (layout_add_type(l, name, t[k].count) < 0)
                    goto done;
                c->ntypes++;
            }
        }
    rc = 0;
done:
    free(w.slot);
    free(w.tallies);
    free(w.rest);
    return rc;
}

/* An arena and the kind of row it makes, while sorting them. */
typedef struct row_src {
    const ohi_arena *ar;
    uint8_t kind;
} row_src;

static int
row_by_serial(const void *x, const void *y)
{
    uint64_t a = ((const row_src *)x)->ar->serial;
    uint64_t b = ((const row_src *)y)->ar->serial;
    return (a > b) - (a < b);
}

/* A medium arena's units into its row's cells (HM3), through the
 * allocator's view of a unit, which keeps the span encoding its own. */
static void
medium_row_from_heap(cell *row, const ohi_arena *ar)
{
    for (unsigned i = 0; i < OHI_POOLS_PER_ARENA; i++) {
        ohi_span_view v;
        ohi_alloc_medium_unit(ar, i, &v);
        row[i] = (cell){.state = v.state, .family = OHI_FAMILY_MEM,
                        .szidx = v.szidx,
                        .size = (uint32_t)OHI_MEDIUM_SIZE(v.szidx)};
        /* HM3 holds by the allocator's M1 and M2. */
        OH_ASSERT(v.state != OHI_POOL_TAIL
                  || (v.head < i && row[v.head].szidx == v.szidx));
        if (v.state == OHI_POOL_USED || v.state == OHI_POOL_FULL) {
            OH_ASSERT(v.units >= 1 && i + v.units <= OHI_POOLS_PER_ARENA
                      && v.capacity >= 1);
            row[i].units = v.units;
            row[i].nalloc = v.nalloc;
            row[i].capacity = v.capacity;
        }
    }
}

/* Read the live heap's layout, oldest arena first, then the warm
 * arenas, given back last first.  0, or -1 when out of memory. */
static int
layout_from_heap(layout *l)
{
    /* Every heap's arenas of both kinds (each thread's and the
     * runtime's), under the allocator's lock, oldest first by serial:
     * arenas of pools and medium arenas draw serials from one counter,
     * so the rows interleave as they were mapped. */
    ohi_alloc_lock();
    size_t n = 0;
    for (const ohi_alloc_state *a = ohi_alloc_heaps(); a; a = a->next_heap) {
        for (const ohi_arena *ar = a->arenas_all; ar; ar = ar->all_next)
            n++;
        for (const ohi_arena *ar = a->marenas; ar; ar = ar->all_next)
            n++;
    }
    /* The warm arenas (HM4): at most OHI_WARM_MAX of them (W2). */
    ohi_warm_arena_view warm[OHI_WARM_MAX / OHI_ARENA_SIZE];
    ohi_warm_view wv;
    size_t nwarm = ohi_alloc_warm_arenas(warm, sizeof warm / sizeof *warm,
                                         &wv);
    if (nwarm > sizeof warm / sizeof *warm)
        nwarm = sizeof warm / sizeof *warm;
    row_src *rows = calloc(n ? n : 1, sizeof *rows);
    const ohi_arena **arenas = calloc(n + nwarm ? n + nwarm : 1,
                                      sizeof *arenas);
    if (rows == NULL || arenas == NULL || layout_alloc(l, n + nwarm) < 0) {
        ohi_alloc_unlock();
        free(rows);
        free(arenas);
        return -1;
    }
    size_t k = 0;
    for (const ohi_alloc_state *a = ohi_alloc_heaps(); a; a = a->next_heap) {
        for (const ohi_arena *ar = a->arenas_all; ar; ar = ar->all_next)
            rows[k++] = (row_src){ar, ROW_POOLS};
        for (const ohi_arena *ar = a->marenas; ar; ar = ar->all_next)
            rows[k++] = (row_src){ar, ROW_MEDIUM};
    }
    qsort(rows, n, sizeof *rows, row_by_serial);
    for (size_t row = 0; row < n; row++) {
        const ohi_arena *ar = rows[row].ar;
        arenas[row] = ar;
        l->serial[row] = ar->serial;
        l->kind[row] = rows[row].kind;
        if (rows[row].kind == ROW_MEDIUM) {
            medium_row_from_heap(l->cells[row], ar);
            continue;
        }
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
    /* Warm rows hold no block, so no object: no arena to find one in. */
    for (size_t w = 0; w < nwarm; w++) {
        l->kind[n + w] = ROW_WARM;
        l->serial[n + w] = warm[w].ms;
        l->warm_medium[n + w] = warm[w].medium;
    }
    l->warm = wv;
    free(rows);
    int rc = layout_types_from_heap(l, arenas);
    ohi_alloc_unlock();
    free(arenas);
    if (rc < 0)
        layout_free(l);
    return rc;
}

/* --- the file -------------------------------------------------------------- */

static void
put_line_safe(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc(*s == '\n' ? '?' : *s, f);
}

/* A cell's t and r lines. */
static void
write_types(const layout *l, const cell *c, FILE *f)
{
    for (uint32_t k = 0; k < c->ntypes; k++) {
        fprintf(f, "t %" PRIu32 " ", l->types[c->first + k].count);
        put_line_safe(f, l->types[c->first + k].name);
        fputc('\n', f);
    }
    if (c->others != 0)
        fprintf(f, "r %" PRIu32 "\n", c->others);
}

/* Write the layout read from the heap, in the newest version. */
static int
layout_write(const layout *l, FILE *f)
{
    fprintf(f, "objheap-heapmap %d\narenas %zu\nretain %u\nhuge %zu %zu\n",
            HEAPMAP_VERSION, l->narenas, l->warm.retain_ms,
            l->warm.huge_cached, l->warm.huge_cached_bytes);
    for (size_t r = 0; r < l->narenas; r++) {
        if (l->kind[r] == ROW_WARM) {
            fprintf(f, "warm %s %" PRIu64 "\n",
                    l->warm_medium[r] ? "medium" : "pools", l->serial[r]);
            continue;
        }
        bool medium = l->kind[r] == ROW_MEDIUM;
        fprintf(f, "%s %" PRIu64 "\n", medium ? "medium" : "arena",
                l->serial[r]);
        for (size_t i = 0; i < OHI_POOLS_PER_ARENA; i++) {
            const cell *c = &l->cells[r][i];
            if (!medium)
                fprintf(f, "p %u %u %u %u %u\n", c->state, c->family,
                        c->szidx, c->nalloc, c->capacity);
            else if (c->state == OHI_POOL_USED || c->state == OHI_POOL_FULL)
                fprintf(f, "s %u %u %u %u %u\n", c->state, c->szidx,
                        c->nalloc, c->capacity, c->units);
            else if (c->state != OHI_POOL_TAIL)    /* a tail: its head's */
                fprintf(f, "u %u\n", c->state);
            write_types(l, c, f);
        }
    }
    return ferror(f) ? -1 : 0;
}

/* Reading a layout file a line at a time, with one line of look-ahead:
 * a pool's or span's t and r lines end where the next line is not one. */
typedef struct reader {
    FILE *f;
    char line[512];
    size_t lineno;
    bool pending;               /* `line` was given back (unread) */
} reader;

/* The next line, without its newline, in r->line; -1 at the end of the
 * file or on a line too long to be one of ours. */
static int
next_line(reader *r)
{
    if (r->pending) {
        r->pending = false;
        return 0;
    }
    if (fgets(r->line, sizeof r->line, r->f) == NULL)
        return -1;
    r->lineno++;
    size_t n = strlen(r->line);
    if (n > 0 && r->line[n - 1] == '\n')
        r->line[n - 1] = '\0';
    else if (!feof(r->f))
        return -1;
    return 0;
}

/* Read a pool's or span's t and r lines into cell c (HM1). 0, -1 for a
 * malformed file, -2 when out of memory. */
static int
read_types(reader *r, layout *l, cell *c)
{
    uint64_t named = 0;
    while (next_line(r) == 0) {
        unsigned count;
        int off = 0;
        if (r->line[0] == 't' && c->others == 0
            && sscanf(r->line, "t %u %n", &count, &off) == 1 && off > 0) {
            if (c->ntypes == HEAPMAP_TYPES)
                return -1;
            if (layout_add_type(l, r->line + off, count) < 0)
                return -2;
            c->ntypes++;
            named += count;
        }
        else if (r->line[0] == 'r' && c->others == 0
                 && sscanf(r->line, "r %u", &count) == 1) {
            c->others = count;
        }
        else {
            r->pending = true;  /* the next pool's, or arena's */
            break;
        }
    }
    return named + c->others <= c->nalloc ? 0 : -1;
}

/* Files before version 5 numbered medium classes from 576 bytes, eight
 * classes before today's first (the sizes pools serve since): class j's
 * blocks were (512 + 64 * (j % 8 + 1)) << (j / 8) bytes. */
#define OLD_SMALL_MEDIUM 8
static size_t
old_medium_size(unsigned j)
{
    return (size_t)(512 + 64 * (j % 8 + 1)) << (j / 8);
}

/* Read a medium arena's s and u lines (and a span's t and r lines) into
 * its row, checking HM3.  0, -1 for a malformed file, -2 when out of
 * memory. */
static int
read_medium_row(reader *r, layout *l, cell *row)
{
    for (unsigned i = 0; i < OHI_POOLS_PER_ARENA;) {
        unsigned st, cls, na, cap, units;
        if (next_line(r) < 0)
            return -1;
        if (sscanf(r->line, "u %u", &st) == 1 && r->line[0] == 'u') {
            if (st != OHI_POOL_EMPTY && st != OHI_POOL_UNTOUCHED)
                return -1;
            row[i++] = (cell){.state = (uint8_t)st,
                              .family = OHI_FAMILY_MEM};
            continue;
        }
        if (r->line[0] != 's'
            || sscanf(r->line, "s %u %u %u %u %u", &st, &cls, &na, &cap,
                      &units) != 5
            || (st != OHI_POOL_USED && st != OHI_POOL_FULL))
            return -1;
        size_t size = 0;
        if (l->version >= 5 && cls < OHI_NMEDIUM)
            size = OHI_MEDIUM_SIZE(cls);
        else if (l->version < 5 && cls < OHI_NMEDIUM + OLD_SMALL_MEDIUM) {
            size = old_medium_size(cls);
            cls = cls < OLD_SMALL_MEDIUM ? 0 : cls - OLD_SMALL_MEDIUM;
        }
        if (size == 0 || units == 0 || units > OHI_POOLS_PER_ARENA - i
            || cap == 0 || na > cap
            || (uint64_t)cap * size > (uint64_t)units * OHI_POOL_SIZE)
            return -1;
        cell *head = &row[i];
        *head = (cell){.state = (uint8_t)st, .family = OHI_FAMILY_MEM,
                       .szidx = (uint8_t)cls, .units = (uint8_t)units,
                       .nalloc = (uint16_t)na, .capacity = (uint16_t)cap,
                       .size = (uint32_t)size,
                       .first = (uint32_t)l->ntypes};
        for (unsigned u = 1; u < units; u++)
            row[i + u] = (cell){.state = OHI_POOL_TAIL,
                                .family = OHI_FAMILY_MEM,
                                .szidx = (uint8_t)cls};
        int rc = read_types(r, l, head);
        if (rc < 0)
            return rc;
        i += units;
    }
    return 0;
}

static int
layout_read(layout *l, FILE *f, const char *path)
{
    reader r = {.f = f};
    size_t n;
    int version = 0;
    if (next_line(&r) < 0
        || sscanf(r.line, "objheap-heapmap %d", &version) != 1
        || version < 1 || version > HEAPMAP_VERSION || next_line(&r) < 0
        || sscanf(r.line, "arenas %zu", &n) != 1 || n > (1u << 24)) {
        oh_err_format(OH_ERR_VALUE, "%s: not an objheap heap map", path);
        return -1;
    }
    if (layout_alloc(l, n) < 0) {
        oh_err_no_memory();
        return -1;
    }
    l->version = version;
    if (version >= 4
        && (next_line(&r) < 0
            || sscanf(r.line, "retain %u", &l->warm.retain_ms) != 1
            || next_line(&r) < 0
            || sscanf(r.line, "huge %zu %zu", &l->warm.huge_cached,
                      &l->warm.huge_cached_bytes) != 2))
        goto bad;
    for (size_t row = 0; row < n; row++) {
        if (next_line(&r) < 0)
            goto bad;
        char kind[8];
        if (version >= 4 && sscanf(r.line, "warm %7s %" SCNu64, kind,
                                   &l->serial[row]) == 2) {
            if (strcmp(kind, "pools") != 0 && strcmp(kind, "medium") != 0)
                goto bad;
            l->kind[row] = ROW_WARM;
            l->warm_medium[row] = kind[0] == 'm';
            continue;
        }
        if (row > 0 && l->kind[row - 1] == ROW_WARM)
            goto bad;                   /* a heap's arena after a warm one */
        if (version >= 3
            && sscanf(r.line, "medium %" SCNu64, &l->serial[row]) == 1) {
            l->kind[row] = ROW_MEDIUM;
            int rc = read_medium_row(&r, l, l->cells[row]);
            if (rc == -2)
                goto no_memory;
            if (rc < 0)
                goto bad;
            continue;
        }
        if (sscanf(r.line, "arena %" SCNu64, &l->serial[row]) != 1)
            goto bad;
        for (size_t i = 0; i < OHI_POOLS_PER_ARENA; i++) {
            unsigned st, fam, cls, na, cap;
            if (next_line(&r) < 0
                || sscanf(r.line, "p %u %u %u %u %u", &st, &fam, &cls, &na,
                          &cap) != 5
                || st > OHI_POOL_FULL || fam >= OHI_NFAMILIES
                || cls >= OH_NCLASSES || na > cap
                || cap > OHI_POOL_SIZE / OH_ALIGNMENT)
                goto bad;
            cell *c = &l->cells[row][i];
            *c = (cell){.state = (uint8_t)st, .family = (uint8_t)fam,
                        .szidx = (uint8_t)cls, .nalloc = (uint16_t)na,
                        .capacity = (uint16_t)cap,
                        .first = (uint32_t)l->ntypes};
            int rc = read_types(&r, l, c);
            if (rc == -2)
                goto no_memory;
            if (rc < 0)
                goto bad;
        }
    }
    if (next_line(&r) == 0)
        goto bad;                       /* more than its rows */
    return 0;
no_memory:
    oh_err_no_memory();
    layout_free(l);
    return -1;
bad:
    oh_err_format(OH_ERR_VALUE, "%s, line %zu: malformed heap map", path,
                  r.lineno);
    layout_free(l);
    return -1;
}

/* ==========================================================================
 * Drawing
 * ========================================================================== */

/* The colour of a cell: hue by class, lightness by fullness.  A span's
 * hue is on the medium scale, its own: 55 classes around the wheel, less
 * saturated than the pools' 64, so that neither reads as the other's. */
static void
cell_colour(const cell *c, bool medium, char *buf, size_t len)
{
    if (c->state == OHI_POOL_UNTOUCHED)
        snprintf(buf, len, "#ffffff");
    else if (c->state == OHI_POOL_EMPTY || c->nalloc == 0)
        snprintf(buf, len, "#d9d9d9");
    else {
        double fill = c->capacity ? (double)c->nalloc / c->capacity : 1;
        int hue = (int)c->szidx * 360 / (medium ? OHI_NMEDIUM : OH_NCLASSES);
        int light = (int)(88 - 53 * fill);
        snprintf(buf, len, "hsl(%d,%d%%,%d%%)", hue, medium ? 45 : 75, light);
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

/* ", N of M blocks in use (P%): type count, ..., K of other types": the
 * numbers of a pool or span in use, then the types that fill it. */
static void
put_use(FILE *f, const layout *l, const cell *c)
{
    unsigned pct = c->capacity ? 100u * c->nalloc / c->capacity : 0;
    fprintf(f, ", %u of %u blocks in use (%s%u%%)", c->nalloc, c->capacity,
            pct == 0 ? "&lt;" : "", pct == 0 ? 1 : pct);
    for (uint32_t k = 0; k < c->ntypes; k++) {
        const pool_type *t = &l->types[c->first + k];
        fprintf(f, "%s", k ? ", " : ": ");
        put_xml(f, t->name);
        fprintf(f, " %" PRIu32, t->count);
    }
    if (c->others != 0)
        fprintf(f, "%s%" PRIu32 " of other types", c->ntypes ? ", " : ": ",
                c->others);
}

/* A pool's tooltip: its numbers, then the types that fill it. */
static void
put_tooltip(FILE *f, const layout *l, const cell *c, size_t i)
{
    fprintf(f, "<title>");
    if (c->state >= OHI_POOL_USED && c->nalloc == 0) {
        fprintf(f, "pool %zu: empty, kept set up as the reserve of class %u "
                   "(%zu-byte blocks, %s)", i, c->szidx,
                OHI_CLASS_SIZE(c->szidx), family_label(c->family));
    }
    else if (c->state >= OHI_POOL_USED) {
        fprintf(f, "pool %zu: %s, %s, class %u (%zu-byte blocks)", i,
                state_name(c->state), family_label(c->family), c->szidx,
                OHI_CLASS_SIZE(c->szidx));
        put_use(f, l, c);
    }
    else {
        fprintf(f, "pool %zu: %s", i, state_name(c->state));
    }
    fprintf(f, "</title>");
}

/* A medium span's tooltip (c is its head, at unit i): the units it
 * covers, its state, class and block size, its blocks in use and the
 * types of the objects among them; a free unit's, its state. */
static void
put_span_tooltip(FILE *f, const layout *l, const cell *c, size_t i)
{
    fprintf(f, "<title>");
    if (c->state != OHI_POOL_USED && c->state != OHI_POOL_FULL) {
        fprintf(f, "unit %zu: %s</title>", i, state_name(c->state));
        return;
    }
    if (c->units == 1)
        fprintf(f, "unit %zu (a span of 1 unit, %zu KiB): ", i,
                OHI_POOL_SIZE >> 10);
    else
        fprintf(f, "units %zu-%zu (a span of %u units, %zu KiB): ", i,
                i + c->units - 1, c->units,
                (size_t)c->units * (OHI_POOL_SIZE >> 10));
    if (c->nalloc == 0)
        fprintf(f, "empty, kept set up as the reserve of medium class %u "
                   "(%u-byte blocks, %u of them)", c->szidx, c->size,
                c->capacity);
    else {
        fprintf(f, "%s, medium class %u (%u-byte blocks)",
                state_name(c->state), c->szidx, c->size);
        put_use(f, l, c);
    }
    fprintf(f, "</title>");
}

/* LEFT leaves room for a label "medium arena 12345". */
enum { CELL = 12, GAP = 2, LEFT = 130, TOP = 74, RIGHT = 110 };
/* A warm arena's one cell (HM4): pale, apart from the greys of empty
 * pools and units, which are inside a heap. */
#define WARM_FILL "#e3eaf2"

/* The classes whose block size the legend writes under its cell: the
 * first, and the last of every eight (a doubling, for the medium ones). */
static bool
labelled_class(unsigned k, unsigned nclasses)
{
    return k == 0 || (k + 1) % 8 == 0 || k == nclasses - 1;
}

/* What the heading counts, over every row. */
typedef struct totals {
    size_t pool_rows, medium_rows, warm_rows;
    size_t warm_medium;                         /* warm rows that held spans */
    size_t used, empty, untouched;              /* pools */
    size_t spans, span_units, units_empty, units_untouched;  /* medium */
    size_t blocks;
} totals;

static totals
count_totals(const layout *l)
{
    totals t = {0};
    for (size_t r = 0; r < l->narenas; r++) {
        if (l->kind[r] == ROW_WARM) {
            t.warm_rows++;
            t.warm_medium += l->warm_medium[r];
            continue;
        }
        bool medium = l->kind[r] == ROW_MEDIUM;
        t.pool_rows += !medium;
        t.medium_rows += medium;
        for (size_t i = 0; i < OHI_POOLS_PER_ARENA; i++) {
            const cell *c = &l->cells[r][i];
            /* A reserve (set up for its class, no block in it) is drawn
             * and counted as empty: a pool, or a span's units. */
            bool in_use = c->state >= OHI_POOL_USED
                          && c->state <= OHI_POOL_FULL && c->nalloc != 0;
            t.blocks += in_use ? c->nalloc : 0;
            if (!medium) {
                t.untouched += c->state == OHI_POOL_UNTOUCHED;
                t.empty += c->state != OHI_POOL_UNTOUCHED && !in_use;
                t.used += in_use;
            }
            else if (c->state == OHI_POOL_UNTOUCHED)
                t.units_untouched++;
            else if (c->state == OHI_POOL_EMPTY)
                t.units_empty++;
            else if (c->state != OHI_POOL_TAIL) {
                t.spans += in_use;
                t.span_units += in_use ? c->units : 0;
                t.units_empty += in_use ? 0 : c->units;
            }
        }
    }
    return t;
}

/* The heading: what the rows hold, all told, and what is warm.  A file
 * of version 1 or 2 did not record medium arenas, one older than 4 warm
 * memory: the heading says so. */
static void
put_heading(const layout *l, FILE *f)
{
    totals t = count_totals(l);
    fprintf(f, "<text x=\"10\" y=\"20\" font-size=\"14\">objheap heap map: "
               "%zu arenas of %zu KiB", l->narenas, OHI_ARENA_SIZE >> 10);
    if (l->version >= 4)
        fprintf(f, " (%zu of pools, %zu medium, %zu warm), each %zu pools "
                   "or units of %zu KiB</text>\n", t.pool_rows,
                t.medium_rows, t.warm_rows, (size_t)OHI_POOLS_PER_ARENA,
                OHI_POOL_SIZE >> 10);
    else if (l->version >= 3)
        fprintf(f, " (%zu of pools, %zu medium), each %zu pools "
                   "or units of %zu KiB</text>\n", t.pool_rows,
                t.medium_rows, (size_t)OHI_POOLS_PER_ARENA,
                OHI_POOL_SIZE >> 10);
    else
        fprintf(f, ", %zu pools of %zu KiB each (medium arenas: not "
                   "recorded in a version %d file)</text>\n",
                (size_t)OHI_POOLS_PER_ARENA, OHI_POOL_SIZE >> 10,
                l->version);
    fprintf(f, "<text x=\"10\" y=\"38\">%zu pools in use, %zu empty, %zu "
               "untouched; ", t.used, t.empty, t.untouched);
    if (l->version >= 3)
        fprintf(f, "%zu medium spans in use over %zu units, %zu units "
                   "empty, %zu untouched; ", t.spans, t.span_units,
                t.units_empty, t.units_untouched);
    fprintf(f, "%zu blocks in use</text>\n", t.blocks);
    if (l->version < 4) {
        fprintf(f, "<text x=\"10\" y=\"56\">warm memory: not recorded in "
                   "a version %d file</text>\n", l->version);
        return;
    }
    fprintf(f, "<text x=\"10\" y=\"56\">warm: %zu arenas (%zu of pools, "
               "%zu medium) and %zu huge mappings (%zu KiB) kept mapped for "
               "reuse; ", t.warm_rows, t.warm_rows - t.warm_medium,
            t.warm_medium, l->warm.huge_cached,
            l->warm.huge_cached_bytes >> 10);
    if (l->warm.retain_ms != 0)
        fprintf(f, "an arena goes back to the OS at the first slow call "
                   "after %u ms warm</text>\n", l->warm.retain_ms);
    else
        fprintf(f, "no retain delay: arenas go back at once</text>\n");
}

/* Row r of the picture at height y: its label, its cells, its blocks in
 * use.  A span is one cell as wide as its units with their gaps (HM3). */
static void
put_row(const layout *l, size_t r, int y, int width, FILE *f)
{
    const int step = CELL + GAP;
    if (l->kind[r] == ROW_WARM) {
        /* One cell over the whole arena: nothing in it is in use (HM4). */
        const char *was = l->warm_medium[r] ? "medium spans" : "pools";
        fprintf(f, "<g class=\"warm-arena\" id=\"warm-%zu\">\n"
                   "<text x=\"10\" y=\"%d\">warm arena</text>\n"
                   "<rect class=\"warm\" x=\"%d\" y=\"%d\" width=\"%d\" "
                   "height=\"%d\" fill=\"%s\" stroke=\"#789\" "
                   "stroke-width=\"0.5\" stroke-dasharray=\"3,2\"><title>"
                   "an arena of %s that its heap gave back %" PRIu64
                   " ms ago, kept mapped (its pages resident) for the next "
                   "arena any heap needs; ", r, y + CELL - 2, LEFT, y,
                (int)OHI_POOLS_PER_ARENA * step - GAP, CELL, WARM_FILL, was,
                l->serial[r]);
        if (l->warm.retain_ms != 0)
            fprintf(f, "it goes back to the OS at the first slow call once "
                       "it has been warm %u ms, or at oh_alloc_trim()",
                    l->warm.retain_ms);
        else
            fprintf(f, "with no retain delay, it goes back to the OS at "
                       "the next slow call");
        fprintf(f, "</title></rect>\n<text class=\"warm\" x=\"%d\" "
                   "y=\"%d\" text-anchor=\"end\">%zu KiB warm</text>\n"
                   "</g>\n", width - 10, y + CELL - 2,
                OHI_ARENA_SIZE >> 10);
        return;
    }
    bool medium = l->kind[r] == ROW_MEDIUM;
    size_t row_blocks = 0;
    fprintf(f, "<g class=\"%s\" id=\"arena-%" PRIu64 "\">\n"
               "<text x=\"10\" y=\"%d\">%s %" PRIu64 "</text>\n",
            medium ? "medium-arena" : "arena", l->serial[r], y + CELL - 2,
            medium ? "medium arena" : "arena", l->serial[r]);
    for (size_t i = 0; i < OHI_POOLS_PER_ARENA; i++) {
        const cell *c = &l->cells[r][i];
        if (c->state == OHI_POOL_TAIL)
            continue;                   /* drawn with its head */
        bool span = medium && c->state != OHI_POOL_UNTOUCHED
                    && c->state != OHI_POOL_EMPTY;
        char colour[32];
        cell_colour(c, medium, colour, sizeof colour);
        int x = LEFT + (int)i * step;
        int w = span ? (int)c->units * step - GAP : CELL;
        fprintf(f, "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" "
                   "height=\"%d\" fill=\"%s\" stroke=\"#999\" "
                   "stroke-width=\"0.5\">",
                !medium ? "pool" : span ? "span" : "unit", x, y, w, CELL,
                colour);
        if (medium)
            put_span_tooltip(f, l, c, i);
        else
            put_tooltip(f, l, c, i);
        fprintf(f, "</rect>\n");
        bool in_use = c->state >= OHI_POOL_USED && c->nalloc != 0;
        bool objects = medium ? c->ntypes != 0 || c->others != 0
                              : c->family != OHI_FAMILY_MEM;
        if (in_use && objects)
            fprintf(f, "<path d=\"M%d %d h5 l-5 5 z\" fill=\"#222\"/>\n",
                    x, y);
        row_blocks += c->state >= OHI_POOL_USED ? c->nalloc : 0;
    }
    fprintf(f, "<text class=\"blocks\" x=\"%d\" y=\"%d\" "
               "text-anchor=\"end\">%zu blocks</text>\n</g>\n",
            width - 10, y + CELL - 2, row_blocks);
}

/* One colour scale of the legend: a swatch per class at height y, with
 * the block sizes of some under them. */
static void
put_class_scale(FILE *f, int y, bool medium)
{
    const int step = CELL + GAP;
    unsigned n = medium ? OHI_NMEDIUM : OH_NCLASSES;
    fprintf(f, "<text x=\"10\" y=\"%d\">%s</text>\n", y + CELL - 2,
            medium ? "medium class" : "size class");
    for (unsigned k = 0; k < n; k++) {
        cell c = {.state = OHI_POOL_FULL, .szidx = (uint8_t)k, .nalloc = 1,
                  .capacity = 1, .units = 1};
        char colour[32];
        cell_colour(&c, medium, colour, sizeof colour);
        size_t size = medium ? OHI_MEDIUM_SIZE(k) : OHI_CLASS_SIZE(k);
        int x = LEFT + (int)k * step;
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                   "fill=\"%s\"><title>%sclass %u: %zu-byte blocks</title>"
                   "</rect>\n", x, y, CELL, CELL, colour,
                medium ? "medium " : "", k, size);
        if (labelled_class(k, n))
            fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"9\" "
                       "text-anchor=\"middle\">%zu</text>\n", x + CELL / 2,
                    y + CELL + 10, size);
    }
}

static int
render_svg(const layout *l, FILE *f)
{
    const int step = CELL + GAP;
    int width = LEFT + OHI_POOLS_PER_ARENA * step + RIGHT;
    int legend_y = TOP + (int)l->narenas * step + 24;
    /* Legend rows: small classes, medium classes (and a line on their
     * scale), fullness, the special cells. */
    int ym = legend_y + CELL + GAP + 16;
    int y2 = ym + CELL + GAP + 28;
    int y3 = y2 + CELL + GAP + 16;
    int y4 = y3 + CELL + GAP + 6;
    int height = y4 + CELL + 30;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
               "height=\"%d\" viewBox=\"0 0 %d %d\" "
               "font-family=\"monospace\" font-size=\"11\">\n"
               "<title>objheap heap map</title>\n"
               "<rect width=\"100%%\" height=\"100%%\" fill=\"#fbfbf8\"/>\n",
            width, height, width, height);
    put_heading(l, f);
    for (size_t r = 0; r < l->narenas; r++)
        put_row(l, r, TOP + (int)r * step, width, f);
    /* Legend: the class hues with their block sizes (a scale for pools,
     * one of its own for spans), the fullness scale with its values, the
     * special cells. */
    fprintf(f, "<g class=\"legend\">\n");
    put_class_scale(f, legend_y, false);
    fprintf(f, "<text x=\"%d\" y=\"%d\">bytes per block</text>\n",
            LEFT + OH_NCLASSES * step + 6, legend_y + CELL - 2);
    put_class_scale(f, ym, true);
    fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"10\">bytes per block "
               "of a medium span: a hue scale of its own (%d classes, "
               "muted), not an extension of the size classes'</text>\n",
            LEFT, ym + CELL + 22, OHI_NMEDIUM);
    fprintf(f, "<text x=\"10\" y=\"%d\">fullness</text>\n", y2 + CELL - 2);
    for (int k = 1; k <= 10; k++) {
        cell c = {.state = OHI_POOL_USED, .szidx = 8, .nalloc = (uint16_t)k,
                  .capacity = 10};
        char colour[32];
        cell_colour(&c, false, colour, sizeof colour);
        int x = LEFT + (k - 1) * step;
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                   "fill=\"%s\"><title>%d%% of the pool's or span's blocks "
                   "in use</title></rect>\n", x, y2, CELL, CELL, colour,
                k * 10);
        if (k % 2 == 0)
            fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"9\" "
                       "text-anchor=\"middle\">%d%%</text>\n", x + CELL / 2,
                    y2 + CELL + 10, k * 10);
    }
    /* What 100% is: a pool's blocks, by class (pool 0 holds a little
     * less, sharing its 16 KiB with the arena header); a span's vary
     * with its length, and its tooltip says. */
    fprintf(f, "<text x=\"%d\" y=\"%d\">of a pool's or span's blocks in "
               "use (a pool holds %zu of 16 bytes, %zu of 64, %zu of 256, "
               "%zu of 512, %zu of 1024)</text>\n",
            LEFT + 10 * step + 6, y2 + CELL - 2,
            (OHI_POOL_SIZE - OHI_POOL_FIRST) / OHI_CLASS_SIZE(0),
            (OHI_POOL_SIZE - OHI_POOL_FIRST) / OHI_CLASS_SIZE(3),
            (OHI_POOL_SIZE - OHI_POOL_FIRST) / OHI_CLASS_SIZE(15),
            (OHI_POOL_SIZE - OHI_POOL_FIRST) / OHI_CLASS_SIZE(31),
            (OHI_POOL_SIZE - OHI_POOL_FIRST) / OHI_CLASS_SIZE(63));
    cell sample = {.state = OHI_POOL_USED, .szidx = 20, .nalloc = 3,
                   .capacity = 4, .units = 3};
    char colour[32];
    cell_colour(&sample, true, colour, sizeof colour);
    fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
               "fill=\"#d9d9d9\" stroke=\"#999\"/>\n<text x=\"%d\" y=\"%d\">"
               "empty</text>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" "
               "height=\"%d\" fill=\"#ffffff\" stroke=\"#999\"/>\n"
               "<text x=\"%d\" y=\"%d\">untouched</text>\n"
               "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
               "fill=\"%s\" stroke=\"#999\"/>\n"
               "<text x=\"%d\" y=\"%d\">a span of 3 units</text>\n"
               "<path d=\"M%d %d h5 l-5 5 z\" fill=\"#222\"/>\n"
               "<text x=\"%d\" y=\"%d\">corner: a pool of objects, or a "
               "span holding some (its tooltip names their types)</text>\n"
               "</g>\n",
            LEFT, y3, CELL, CELL, LEFT + CELL + 4, y3 + CELL - 2,
            LEFT + 70, y3, CELL, CELL, LEFT + 70 + CELL + 4, y3 + CELL - 2,
            LEFT + 170, y3, 3 * step - GAP, CELL, colour,
            LEFT + 170 + 3 * step + 4, y3 + CELL - 2,
            LEFT + 350, y3, LEFT + 350 + 10, y3 + CELL - 2);
    fprintf(f, "<g class=\"legend-warm\">\n<rect x=\"%d\" y=\"%d\" "
               "width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#789\" "
               "stroke-dasharray=\"3,2\"/>\n<text x=\"%d\" y=\"%d\">warm: "
               "an arena its heap gave back, kept mapped for reuse until it "
               "goes back to the OS (a row of its own, after the heaps' "
               "arenas)</text>\n</g>\n</svg>\n",
            LEFT, y4, 3 * step - GAP, CELL, WARM_FILL,
            LEFT + 3 * step + 4, y4 + CELL - 2);
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

