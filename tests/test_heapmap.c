/*
 * test_heapmap.c -- the heap map (src/heapmap.c): its SVG, checked with a
 * real XML parser (xmllint, from Debian's libxml2-utils) and for its
 * expected elements; a row for each arena of pools and each medium
 * arena, a span as one cell over its units, a warm arena as one dashed
 * cell after them; the numbers of its legend, its rows and its tooltips;
 * the types in each pool and span; the layout file, saved and drawn again
 * to the same picture, in all four of its versions; and bad input.
 */
#include "internal.h"
#include "testutil.h"

#include <criterion/criterion.h>

#include <fcntl.h>
#include <inttypes.h>
#include <spawn.h>
#include <sys/stat.h>

extern char **environ;

/* Run a program with its output discarded; its exit status, or -1. */
static int
run(char *const argv[])
{
    pid_t pid;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null",
                                     O_WRONLY, 0);
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return -1;
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static char *
slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot read %s", path);
    char *buf = NULL;
    size_t cap = 0;
    ssize_t n = getdelim(&buf, &cap, '\0', f);
    fclose(f);
    cr_assert_gt(n, 0);
    return buf;
}

/* A saved layout renders to exactly the picture `svg_text` drawn live. */
static void
renders_the_same(const char *layout, const char *svg_text)
{
    char svg2[] = "/tmp/objheap-map2-XXXXXX";
    close(mkstemp(svg2));
    cr_assert_eq(oh_heapmap_render(layout, svg2, NULL), 0, "%s",
                 oh_err_message());
    char *text2 = slurp(svg2);
    cr_assert_str_eq(svg_text, text2);
    free(text2);
    unlink(svg2);
}

static size_t
occurrences(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

static void
assert_valid_xml(const char *path)
{
    static char xmllint[] = "xmllint", noout[] = "--noout";
    char *argv[] = {xmllint, noout, (char *)(uintptr_t)path, NULL};
    cr_assert_eq(run(argv), 0, "xmllint rejects %s", path);
}

/* The blocks in use that the heading counts. */
static long
heading_blocks(const char *svg)
{
    const char *end = strstr(svg, " blocks in use</text>");
    cr_assert_not_null(end);
    const char *p = end;
    while (p > svg && p[-1] >= '0' && p[-1] <= '9')
        p--;
    return strtol(p, NULL, 10);
}

/* Check every row: a medium arena's cells cover its 64 units (a span's
 * width is its units' cells and the gaps between them, 14 pixels a
 * unit), a row of pools has 64 pool cells, and the rows' blocks in use
 * add up to the heading's.  *medium gets the number of medium rows. */
static void
check_rows(const char *svg, size_t *pool_rows, size_t *medium_rows)
{
    long blocks = 0;
    *pool_rows = *medium_rows = 0;
    for (const char *g = strstr(svg, "<g class=\""); g != NULL;
         g = strstr(g + 1, "<g class=\"")) {
        static const char medium_g[] = "<g class=\"medium-arena\"",
                          pools_g[] = "<g class=\"arena\"";
        bool medium = strncmp(g, medium_g, sizeof medium_g - 1) == 0;
        if (!medium && strncmp(g, pools_g, sizeof pools_g - 1) != 0)
            continue;                   /* the legend */
        const char *end = strstr(g, "</g>");
        size_t units = 0, cells = 0;
        for (const char *r = strstr(g, "<rect class=\""); r && r < end;
             r = strstr(r + 1, "<rect class=\"")) {
            const char *w = strstr(r, "width=\"");
            units += (size_t)(atoi(w + 7) + 2) / 14;
            cells++;
            cr_assert_eq(strncmp(r + 13, medium ? "span" : "pool", 4) == 0
                             || (medium && strncmp(r + 13, "unit", 4) == 0),
                         1, "a %s row holds %.20s", medium ? "medium"
                                                           : "pool", r);
        }
        cr_assert_eq(units, OHI_POOLS_PER_ARENA, "%.60s", g);
        if (!medium)
            cr_assert_eq(cells, OHI_POOLS_PER_ARENA);
        const char *total = strstr(g, "<text class=\"blocks\"");
        cr_assert(total != NULL && total < end);
        blocks += strtol(strchr(total, '>') + 1, NULL, 10);
        ++*(medium ? medium_rows : pool_rows);
    }
    cr_assert_eq(blocks, heading_blocks(svg), "the rows add up to the "
                 "heading");
}

/* Write `text` to a new file; its path in path (a mkstemp template). */
static void
write_file(char *path, const char *text)
{
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

/* Draw a layout file's `text`: the SVG, checked as XML, as a string the
 * caller frees.  Both files are gone on return. */
static char *
render_layout_text(const char *text)
{
    char path[] = "/tmp/objheap-layout-text-XXXXXX";
    write_file(path, text);
    char svg[] = "/tmp/objheap-layout-svg-XXXXXX";
    close(mkstemp(svg));
    cr_assert_eq(oh_heapmap_render(path, svg, NULL), 0, "%s",
                 oh_err_message());
    assert_valid_xml(svg);
    char *out = slurp(svg);
    unlink(svg);
    unlink(path);
    return out;
}

/* Append to text (of n characters, cap in all) untouched pools' lines,
 * pool `from` to the arena's last; the new length. */
static int
untouched_pools(char *text, int n, size_t cap, size_t from)
{
    for (size_t i = from; i < OHI_POOLS_PER_ARENA; i++)
        n += snprintf(text + n, cap - (size_t)n, "p 0 0 0 0 0\n");
    return n;
}

Test(heapmap, svg_is_well_formed_with_a_row_per_arena)
{
    static void *blocks[40000];
    for (int i = 0; i < 40000; i++)
        blocks[i] = oh_malloc((size_t)(16 + (i * 37) % 496));
    /* And medium blocks, for medium arenas (none in debug mode, whose
     * layout keeps them out of spans). */
    static void *medium[300];
    for (int i = 0; i < 300; i++)
        medium[i] = oh_malloc((size_t)(513 + (i * 7919) % 100000));
    oh_object *l = oh_list_new();
    for (int i = 0; i < 100; i++) {
        oh_object *s = oh_str_from_format("s%d", i);
        oh_list_append(l, s);
        oh_decref(s);
    }
    char svg[] = "/tmp/objheap-map-XXXXXX";
    int fd = mkstemp(svg);
    close(fd);
    cr_assert_geq(oh_heapmap_write_svg(svg, NULL), 0, "%s", oh_err_message());
    assert_valid_xml(svg);
    char *text = slurp(svg);
    oh_alloc_stats_t st = {.size = sizeof st};
    oh_alloc_stats(&st);
    size_t pool_arenas = (size_t)st.arenas.current - st.medium_arenas;
    cr_assert_eq(occurrences(text, "<g class=\"arena\""), pool_arenas);
    cr_assert_eq(occurrences(text, "<rect class=\"pool\""),
                 pool_arenas * OHI_POOLS_PER_ARENA);
    /* A row per arena of either kind, each covering its 64 units, and
     * the blocks in use are the allocator's (drawing allocated none from
     * objheap, HM2). */
    size_t pool_rows, medium_rows;
    check_rows(text, &pool_rows, &medium_rows);
    cr_assert_eq(pool_rows, pool_arenas);
    cr_assert_eq(medium_rows, st.medium_arenas);
    cr_assert_eq(occurrences(text, "<g class=\"medium-arena\""),
                 st.medium_arenas);
    cr_assert_eq(heading_blocks(text), (long)oh_alloc_blocks_in_use());
    if (!oh_alloc_get_debug())
        cr_assert_geq(st.medium_arenas, 1, "medium blocks make arenas");
    cr_assert_geq(occurrences(text, "collected objects, class"), 1,
                  "the list's pool is labelled");
    cr_assert_geq(occurrences(text, "raw memory, class"), 1);
    /* Save the layout and render it again: the same picture. */
    char layout_path[] = "/tmp/objheap-layout-XXXXXX";
    fd = mkstemp(layout_path);
    close(fd);
    cr_assert_eq(oh_heapmap_dump(layout_path), 0);
    renders_the_same(layout_path, text);
    free(text);
    unlink(svg);
    unlink(layout_path);
    for (int i = 0; i < 40000; i++)
        oh_free(blocks[i]);
    for (int i = 0; i < 300; i++)
        oh_free(medium[i]);
    oh_decref(l);
}

Test(heapmap, png_when_a_converter_is_installed)
{
    void *p = oh_malloc(100);
    char svg[] = "/tmp/objheap-png-XXXXXX";
    int fd = mkstemp(svg);
    close(fd);
    char png[64];
    snprintf(png, sizeof png, "%s.png", svg);
    int rc = oh_heapmap_write_svg(svg, png);
    cr_assert_geq(rc, 0);
    static char which[] = "rsvg-convert", version[] = "--version";
    char *argv[] = {which, version, NULL};
    if (run(argv) == 0) {
        cr_assert_eq(rc, 1, "rsvg-convert is installed: a PNG is made");
        FILE *f = fopen(png, "rb");
        unsigned char magic[8] = {0};
        cr_assert_eq(fread(magic, 1, 8, f), 8);
        fclose(f);
        cr_assert_eq(memcmp(magic, "\x89PNG\r\n\x1a\n", 8), 0);
        unlink(png);
    }
    unlink(svg);
    oh_free(p);
}

Test(heapmap, bad_layout_files_are_errors)
{
    char path[] = "/tmp/objheap-badlayout-XXXXXX";
    int fd = mkstemp(path);
    const char *junk = "objheap-heapmap 1\narenas 1\narena 0\np 9 0 0 0 0\n";
    cr_assert_eq(write(fd, junk, strlen(junk)), (ssize_t)strlen(junk));
    close(fd);
    cr_assert_eq(oh_heapmap_render(path, "/tmp/never.svg", NULL), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_VALUE);
    cr_assert_not_null(strstr(oh_err_message(), "line 4"), "%s",
                       oh_err_message());
    oh_err_clear();
    cr_assert_eq(oh_heapmap_render("/nonexistent", "/tmp/x.svg", NULL), -1);
    oh_err_clear();
    cr_assert_eq(oh_heapmap_write_svg(NULL, NULL), -1);
    oh_err_clear();
    unlink(path);
}


/* The legend gives the numbers of both colour scales, and each row its
 * arena's blocks in use. */
Test(heapmap, the_legend_has_numbers)
{
    void *p = oh_malloc(100);
    char svg[] = "/tmp/objheap-legend-XXXXXX";
    close(mkstemp(svg));
    cr_assert_eq(oh_heapmap_write_svg(svg, NULL), 0, "%s", oh_err_message());
    char *text = slurp(svg);
    /* Block sizes under the class hues, percentages under the fullness
     * scale, what a full pool holds. */
    cr_assert_geq(occurrences(text, ">16</text>"), 1);
    cr_assert_geq(occurrences(text, ">512</text>"), 1);
    cr_assert_geq(occurrences(text, "bytes per block"), 1);
    for (int k = 20; k <= 100; k += 20) {
        char pct[32];
        snprintf(pct, sizeof pct, ">%d%%</text>", k);
        cr_assert_eq(occurrences(text, pct), 1, "%s", pct);
    }
    cr_assert_geq(occurrences(text, "a pool holds 1021 of 16 bytes"), 1);
    /* The medium classes' own scale, said to be one, with its sizes. */
    cr_assert_geq(occurrences(text, ">medium class</text>"), 1);
    cr_assert_geq(occurrences(text, ">1152</text>"), 1);
    cr_assert_geq(occurrences(text, ">2048</text>"), 1);
    cr_assert_geq(occurrences(text, ">122880</text>"), 1);
    cr_assert_geq(occurrences(text, ">1024</text>"), 1, "the last pool class");
    cr_assert_geq(occurrences(text, "a hue scale of its own (55 classes"), 1);
    cr_assert_eq(occurrences(text, "<title>medium class "), OH_NMEDIUM);
    /* One count per arena row, of either kind. */
    oh_alloc_stats_t st = {.size = sizeof st};
    oh_alloc_stats(&st);
    cr_assert_eq(occurrences(text, "<text class=\"blocks\""),
                 (size_t)st.arenas.current);
    free(text);
    unlink(svg);
    oh_free(p);
}

/* Which types fill a pool: its tooltip counts them, most first. */
Test(heapmap, each_pool_names_the_types_that_fill_it)
{
    enum { N = 300 };
    static oh_object *objs[N];
    oh_object *Node = oh_class_new("HeapmapNode", NULL);
    for (int i = 0; i < N; i++)
        objs[i] = i % 3 ? oh_instance_new(Node) : oh_tuple_pack(1, Node);
    char svg[] = "/tmp/objheap-types-XXXXXX";
    close(mkstemp(svg));
    cr_assert_eq(oh_heapmap_write_svg(svg, NULL), 0, "%s", oh_err_message());
    char *text = slurp(svg);
    /* Instances and 1-tuples (48 bytes each with the gc head; more in
     * debug mode, where the blocks carry guards and 200 of them fill
     * more than one pool) share the pools of collected objects; each
     * pool's tooltip names both, the commoner first, and the counts add
     * up to what was made. */
    long nodes = 0, tuples = 0;
    for (const char *t = strstr(text, ": HeapmapNode "); t != NULL;
         t = strstr(t + 1, ": HeapmapNode ")) {
        const char *end = strstr(t, "</title>");
        const char *tuple = strstr(t, ", tuple ");
        cr_assert(tuple != NULL && tuple < end, "the tuples are named after");
        nodes += strtol(t + strlen(": HeapmapNode "), NULL, 10);
        tuples += strtol(tuple + strlen(", tuple "), NULL, 10);
    }
    cr_assert_eq(nodes, 200, "the pools name its 200 instances: %ld", nodes);
    cr_assert_geq(tuples, 100, "and the 100 tuples: %ld", tuples);
    free(text);
    /* Saved and drawn again: the same tooltips. */
    char layout[] = "/tmp/objheap-types-layout-XXXXXX";
    close(mkstemp(layout));
    cr_assert_eq(oh_heapmap_dump(layout), 0);
    char *saved = slurp(layout);
    cr_assert_not_null(strstr(saved, "objheap-heapmap 5\n"));
    long saved_nodes = 0;
    for (const char *t = strstr(saved, "\nt "); t != NULL;
         t = strstr(t + 1, "\nt ")) {
        char *after;
        long n = strtol(t + 3, &after, 10);
        if (strncmp(after, " HeapmapNode\n", 13) == 0)
            saved_nodes += n;
    }
    cr_assert_eq(saved_nodes, 200, "%s", saved);
    free(saved);
    char svg2[] = "/tmp/objheap-types2-XXXXXX";
    close(mkstemp(svg2));
    cr_assert_eq(oh_heapmap_render(layout, svg2, NULL), 0, "%s",
                 oh_err_message());
    char *a = slurp(svg), *b = slurp(svg2);
    cr_assert_str_eq(a, b);
    free(a);
    free(b);
    unlink(svg);
    unlink(svg2);
    unlink(layout);
    for (int i = 0; i < N; i++)
        oh_decref(objs[i]);
    oh_decref(Node);
}

/* A layout saved before types were kept (version 1) still draws. */
Test(heapmap, a_version_1_layout_still_draws)
{
    char path[] = "/tmp/objheap-v1-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "objheap-heapmap 1\narenas 1\narena 7\n");
    fprintf(f, "p 3 2 2 341 341\n");
    for (size_t i = 1; i < OHI_POOLS_PER_ARENA; i++)
        fprintf(f, "p 0 0 0 0 0\n");
    fclose(f);
    char svg[] = "/tmp/objheap-v1svg-XXXXXX";
    close(mkstemp(svg));
    cr_assert_eq(oh_heapmap_render(path, svg, NULL), 0, "%s",
                 oh_err_message());
    char *text = slurp(svg);
    cr_assert_not_null(strstr(text, "pool 0: full, collected objects, class "
                                    "2 (48-byte blocks), 341 of 341 blocks"));
    cr_assert_not_null(strstr(text, ">341 blocks</text>"));
    free(text);
    unlink(svg);
    unlink(path);
}

/* Types that claim more objects than the pool holds are an error. */
Test(heapmap, types_beyond_the_pool_are_an_error)
{
    char path[] = "/tmp/objheap-badtypes-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fprintf(f, "objheap-heapmap 2\narenas 1\narena 0\np 2 1 0 5 100\n"
               "t 4 str\nr 2\n");
    for (size_t i = 1; i < OHI_POOLS_PER_ARENA; i++)
        fprintf(f, "p 0 0 0 0 0\n");
    fclose(f);
    cr_assert_eq(oh_heapmap_render(path, "/tmp/never.svg", NULL), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_VALUE);
    cr_assert_not_null(strstr(oh_err_message(), "malformed heap map"), "%s",
                       oh_err_message());
    oh_err_clear();
    unlink(path);
}

/* --- medium arenas ------------------------------------------------------- */

/* Debug mode (the `make debug` build's default) keeps medium requests in
 * its own layout, out of spans: these tests switch it off first, before
 * the first allocation. */
static void
release_layout(void)
{
    cr_assert_eq(oh_alloc_set_debug(0), 0);
}

TestSuite(heapmap_medium, .init = release_layout);

/* Where block p lies: its medium arena and the unit of its span's head,
 * with the allocator's view of that head. */
static const ohi_arena *
span_at(const void *p, unsigned *head, ohi_span_view *v)
{
    cr_assert_eq(ohi_alloc_map_lookup(p), OHI_MAP_MEDIUM);
    const ohi_arena *ar = (const ohi_arena *)((uintptr_t)p
                                              & ~(uintptr_t)OHI_ARENA_MASK);
    unsigned unit = (unsigned)(((uintptr_t)p & OHI_ARENA_MASK)
                               >> OHI_POOL_SHIFT);
    ohi_alloc_medium_unit(ar, unit, v);
    *head = v->state == OHI_POOL_TAIL ? v->head : unit;
    ohi_alloc_medium_unit(ar, *head, v);
    cr_assert(v->state == OHI_POOL_USED || v->state == OHI_POOL_FULL);
    return ar;
}

/* The tooltip of the span at unit `head` of arena `ar` (up to its end),
 * found in its arena's row; NULL if not there. */
static const char *
span_title(const char *svg, const ohi_arena *ar, unsigned head)
{
    char id[64];
    snprintf(id, sizeof id, "<g class=\"medium-arena\" id=\"arena-%" PRIu64
             "\">", ar->serial);
    const char *g = strstr(svg, id);
    cr_assert_not_null(g, "%s", id);
    const char *end = strstr(g, "</g>");
    for (const char *t = strstr(g, "<title>unit"); t && t < end;
         t = strstr(t + 1, "<title>unit")) {
        char a[32], b[32];
        snprintf(a, sizeof a, "<title>unit %u ", head);
        snprintf(b, sizeof b, "<title>units %u-", head);
        if (strncmp(t, a, strlen(a)) == 0 || strncmp(t, b, strlen(b)) == 0)
            return t;
    }
    return NULL;
}

/* A span is one cell over its units, its tooltip gives the allocator's
 * numbers, the objects in it are counted by type in it, and the layout
 * saved with it draws the same picture. */
Test(heapmap_medium, a_span_is_one_cell_with_its_numbers)
{
    void *raw[3];
    for (int i = 0; i < 3; i++)
        raw[i] = oh_malloc(9000);
    char buf[5000] = {0};
    oh_object *b1 = oh_bytes_from(buf, sizeof buf);
    oh_object *b2 = oh_bytes_from(buf, sizeof buf);
    char svg[] = "/tmp/objheap-span-XXXXXX";
    close(mkstemp(svg));
    cr_assert_eq(oh_heapmap_write_svg(svg, NULL), 0, "%s", oh_err_message());
    assert_valid_xml(svg);
    char *text = slurp(svg);
    size_t pool_rows, medium_rows;
    check_rows(text, &pool_rows, &medium_rows);
    cr_assert_geq(medium_rows, 1);

    /* The raw blocks' span: 9216-byte blocks in 3 units. */
    unsigned head;
    ohi_span_view v;
    const ohi_arena *ar = span_at(raw[0], &head, &v);
    unsigned j = ohi_medium_class(9000);
    cr_assert_eq(v.szidx, j);
    cr_assert_eq(v.units, ohi_alloc_span_units(j));
    cr_assert_eq(v.units, 3, "a 9216-byte class spans 3 units");
    cr_assert_eq(v.nalloc, 3);
    char want[256];
    snprintf(want, sizeof want, "<title>units %u-%u (a span of 3 units, "
             "48 KiB): used, medium class %u (9216-byte blocks), 3 of %u "
             "blocks in use (%u%%)</title>", head, head + 2, j, v.capacity,
             300u / v.capacity);
    const char *t = span_title(text, ar, head);
    cr_assert_not_null(t);
    cr_assert_eq(strncmp(t, want, strlen(want)), 0, "%.200s\nwanted %s", t,
                 want);
    /* One cell as wide as three and their two gaps, no corner: raw
     * memory has no type. */
    const char *rect = t;
    while (strncmp(rect, "<rect ", 6) != 0)
        rect--;
    cr_assert_eq(strncmp(rect, "<rect class=\"span\"", 18), 0);
    cr_assert_not_null(strstr(rect, " width=\"40\" "));
    cr_assert_neq(strncmp(t + strlen(want), "</rect>\n<path", 13), 0);

    /* The objects' span: both bytes objects, named, with a corner. */
    unsigned head2, head3;
    ohi_span_view v2, v3;
    const ohi_arena *ar2 = span_at(b1, &head2, &v2);
    cr_assert_eq(span_at(b2, &head3, &v3), ar2);
    cr_assert_eq(head3, head2, "one span holds both");
    snprintf(want, sizeof want, "medium class %u (%zu-byte blocks), %u of "
             "%u blocks in use (%u%%): bytes 2</title></rect>\n<path ",
             v2.szidx, (size_t)OHI_MEDIUM_SIZE(v2.szidx), v2.nalloc,
             v2.capacity, 100u * v2.nalloc / v2.capacity);
    t = span_title(text, ar2, head2);
    cr_assert_not_null(t);
    const char *tail = strstr(t, "medium class");
    cr_assert(tail != NULL
              && strncmp(tail, want, strlen(want)) == 0, "%.200s\nwanted %s",
              t, want);

    /* Saved (version 4, the span and its types on their lines) and drawn
     * again: the same picture. */
    char layout[] = "/tmp/objheap-span-layout-XXXXXX";
    close(mkstemp(layout));
    cr_assert_eq(oh_heapmap_dump(layout), 0, "%s", oh_err_message());
    char *saved = slurp(layout);
    cr_assert_eq(strncmp(saved, "objheap-heapmap 5\n", 18), 0);
    char line[128];
    snprintf(line, sizeof line, "\nmedium %" PRIu64 "\n", ar2->serial);
    cr_assert_not_null(strstr(saved, line), "%s", line);
    snprintf(line, sizeof line, "\ns %u %u %u %u %u\nt 2 bytes\n", v2.state,
             v2.szidx, v2.nalloc, v2.capacity, v2.units);
    cr_assert_not_null(strstr(saved, line), "%s", line);
    free(saved);
    renders_the_same(layout, text);
    free(text);
    unlink(svg);
    unlink(layout);
    oh_decref(b1);
    oh_decref(b2);
    for (int i = 0; i < 3; i++)
        oh_free(raw[i]);
}

/* A medium row drawn from a file made by hand: every kind of unit, the
 * numbers of each, the row's and the heading's totals, the colours. */
Test(heapmap, a_medium_row_draws_from_its_file)
{
    char text[8192];
    int n = snprintf(text, sizeof text, "objheap-heapmap 3\narenas 2\n"
                     "arena 4\np 3 2 2 341 341\n");
    n = untouched_pools(text, n, sizeof text, 1);
    /* Units 0-2: a span of 9216-byte blocks, 3 of 5 in use, two of them
     * bytes objects; 3-4 empty; 5: a full span of 576-byte blocks; 6: a
     * reserve of 1024-byte ones; the rest untouched.  A version 3 file
     * numbers medium classes from 576 bytes: 9216 is class 32 there and
     * 24 now, and the spans of 576 and 1024 bytes (sizes that pools
     * serve now) draw as class 0 with their own block sizes. */
    n += snprintf(text + n, sizeof text - (size_t)n,
                  "medium 5\ns 2 32 3 5 3\nt 2 bytes\nr 1\nu 1\nu 1\n"
                  "s 3 0 28 28 1\ns 2 7 0 16 1\n");
    for (size_t i = 7; i < OHI_POOLS_PER_ARENA; i++)
        n += snprintf(text + n, sizeof text - (size_t)n, "u 0\n");
    char *out = render_layout_text(text);
    size_t pool_rows, medium_rows;
    check_rows(out, &pool_rows, &medium_rows);
    cr_assert_eq(pool_rows, 1);
    cr_assert_eq(medium_rows, 1);
    const char *pools = strstr(out, "<g class=\"arena\" id=\"arena-4\">");
    const char *spans = strstr(out, "<g class=\"medium-arena\" "
                                    "id=\"arena-5\">\n<text x=\"10\" "
                                    "y=\"");
    cr_assert(pools != NULL && spans != NULL && pools < spans,
              "rows by serial, the medium one labelled");
    cr_assert_not_null(strstr(spans, ">medium arena 5</text>"));
    static const char *const titles[] = {
        "<title>units 0-2 (a span of 3 units, 48 KiB): used, medium class "
        "24 (9216-byte blocks), 3 of 5 blocks in use (60%): bytes 2, 1 of "
        "other types</title></rect>\n<path ",
        "<title>unit 3: empty</title>",
        "<title>unit 4: empty</title>",
        "<title>unit 5 (a span of 1 unit, 16 KiB): full, medium class 0 "
        "(576-byte blocks), 28 of 28 blocks in use (100%)</title></rect>\n"
        "<rect ",
        "<title>unit 6 (a span of 1 unit, 16 KiB): empty, kept set up as "
        "the reserve of medium class 0 (1024-byte blocks, 16 of them)"
        "</title>",
        "<title>unit 63: untouched</title>",
    };
    for (size_t i = 0; i < sizeof titles / sizeof *titles; i++)
        cr_assert_not_null(strstr(spans, titles[i]), "%s", titles[i]);
    cr_assert_eq(occurrences(out, "<rect class=\"span\""), 3);
    cr_assert_eq(occurrences(out, "<rect class=\"unit\""), 59);
    cr_assert_not_null(strstr(spans, " width=\"40\" height=\"12\" "
                                     "fill=\"hsl(157,45%,56%)\""),
                       "class 24 of 55 on the wheel, 60% full");
    cr_assert_not_null(strstr(spans, ">31 blocks</text>"));
    cr_assert_not_null(strstr(out, "2 arenas of 1024 KiB (1 of pools, 1 "
                                   "medium)"));
    cr_assert_not_null(strstr(out, "1 pools in use, 0 empty, 63 untouched; "
                                   "2 medium spans in use over 4 units, 3 "
                                   "units empty, 57 untouched; 372 blocks "
                                   "in use</text>"));
    free(out);
}

/* A version 2 file (types, no medium arenas) still draws, and says that
 * its medium arenas were not recorded. */
Test(heapmap, a_version_2_layout_still_draws)
{
    char text[4096];
    int n = snprintf(text, sizeof text, "objheap-heapmap 2\narenas 1\n"
                     "arena 3\np 2 2 2 300 341\nt 200 Node\nt 100 tuple\n");
    n = untouched_pools(text, n, sizeof text, 1);
    char *out = render_layout_text(text);
    cr_assert_not_null(strstr(out, "pool 0: used, collected objects, class "
                                   "2 (48-byte blocks), 300 of 341 blocks "
                                   "in use (87%): Node 200, tuple 100"));
    cr_assert_not_null(strstr(out, "(medium arenas: not recorded in a "
                                   "version 2 file)"));
    cr_assert_not_null(strstr(out, "; 300 blocks in use</text>"));
    cr_assert_null(strstr(out, "medium-arena"));
    free(out);
}

/* A medium row that breaks HM3 or HM1, or one in a file too old for
 * them, is a malformed file. */
Test(heapmap, bad_medium_rows_are_errors)
{
    static const struct {
        const char *head;       /* then `fill` lines "u 0", then: */
        int fill;
        const char *units, *why;
        int line;               /* the error names it (0: no line) */
    } bad[] = {
        {"objheap-heapmap 2\narenas 1\nmedium 0\n", 64, "", "too old", 3},
        {"objheap-heapmap 6\narenas 1\nmedium 0\n", 64, "", "too new", 0},
        {"objheap-heapmap 3\narenas 1\nmedium 0\n", 62, "s 2 32 1 5 3\n",
         "a span past the arena's end", 66},
        {"objheap-heapmap 3\narenas 1\nmedium 0\n", 63, "u 2\n",
         "a free unit in use", 67},
        {"objheap-heapmap 3\narenas 1\nmedium 0\n", 63, "s 1 0 0 28 1\n",
         "a span neither used nor full", 67},
        {"objheap-heapmap 3\narenas 1\nmedium 0\n", 63, "s 2 0 1 29 1\n",
         "more blocks than its units hold", 67},
        {"objheap-heapmap 3\narenas 1\nmedium 0\n", 63, "s 2 0 0 0 1\n",
         "a span without a block", 67},
        {"objheap-heapmap 3\narenas 1\nmedium 0\n", 63, "s 2 0 1 2 0\n",
         "a span of no units", 67},
        {"objheap-heapmap 3\narenas 1\nmedium 0\n", 34, "s 2 63 1 1 30\n",
         "no such class", 38},
        {"objheap-heapmap 3\narenas 1\nmedium 0\n", 61,
         "s 2 32 1 5 3\nt 2 bytes\n", "more objects than blocks in use", 66},
        {"objheap-heapmap 3\narenas 1\nmedium 0\n", 62,
         "u 1\nt 1 bytes\nu 0\n", "types for a free unit", 67},
        {"objheap-heapmap 3\narenas 1\nmedium 0\n", 63, "", "a unit short",
         66},
        {"objheap-heapmap 3\narenas 1\nmedium 0\n", 64, "u 0\n",
         "a unit over", 68},
        {"objheap-heapmap 3\narenas 1\narena 0\n", 64, "",
         "free units in a row of pools", 4},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        char text[4096];
        int n = snprintf(text, sizeof text, "%s", bad[k].head);
        for (int i = 0; i < bad[k].fill; i++)
            n += snprintf(text + n, sizeof text - (size_t)n, "u 0\n");
        snprintf(text + n, sizeof text - (size_t)n, "%s", bad[k].units);
        char path[] = "/tmp/objheap-badmedium-XXXXXX";
        write_file(path, text);
        cr_assert_eq(oh_heapmap_render(path, "/tmp/never.svg", NULL), -1,
                     "%s", bad[k].why);
        cr_assert_eq(oh_err_occurred(), OH_ERR_VALUE);
        char where[32] = "not an objheap heap map";
        if (bad[k].line != 0)
            snprintf(where, sizeof where, ", line %d: ", bad[k].line);
        cr_assert_not_null(strstr(oh_err_message(), where), "%s: %s",
                           bad[k].why, oh_err_message());
        oh_err_clear();
        unlink(path);
    }
    /* For contrast, a row of 64 free units is good. */
    char path[] = "/tmp/objheap-goodmedium-XXXXXX";
    char text[4096] = "objheap-heapmap 3\narenas 1\nmedium 0\n";
    for (size_t i = 0; i < OHI_POOLS_PER_ARENA; i++)
        strcat(text, "u 0\n");
    write_file(path, text);
    char svg[] = "/tmp/objheap-goodmedium-svg-XXXXXX";
    close(mkstemp(svg));
    cr_assert_eq(oh_heapmap_render(path, svg, NULL), 0, "%s",
                 oh_err_message());
    unlink(svg);
    unlink(path);
}

/* --- warm arenas (HM4) --------------------------------------------------- */

TestSuite(heapmap_warm, .init = release_layout);

/* Arenas that their heaps gave back and that stay warm get rows of their
 * own after the heaps' arenas, one dashed cell each, and the heading
 * counts them; a saved layout keeps them. */
Test(heapmap_warm, warm_arenas_have_rows_of_their_own)
{
    unsigned old = oh_alloc_set_retain(60000);
    enum { SMALL = 12000, MEDIUM = 60 };
    static void *ps[SMALL], *ms[MEDIUM];
    for (int i = 0; i < SMALL; i++)             /* about 3 MiB of pools */
        cr_assert_not_null(ps[i] = oh_malloc(256));
    for (int i = 0; i < MEDIUM; i++)            /* and 3.6 MiB of spans */
        cr_assert_not_null(ms[i] = oh_malloc(60000));
    for (int i = 0; i < SMALL; i++)
        oh_free(ps[i]);
    for (int i = 0; i < MEDIUM; i++)
        oh_free(ms[i]);
    ohi_warm_arena_view warm[64];
    ohi_warm_view wv;
    size_t nwarm = ohi_alloc_warm_arenas(warm, 64, &wv);
    size_t nmedium = 0;
    for (size_t k = 0; k < nwarm; k++)
        nmedium += warm[k].medium;
    cr_assert_geq(nwarm - nmedium, 1, "a warm arena of pools");
    cr_assert_geq(nmedium, 1, "a warm medium arena");
    cr_assert_eq(wv.retain_ms, 60000);

    char svg[] = "/tmp/objheap-warm-XXXXXX";
    close(mkstemp(svg));
    cr_assert_eq(oh_heapmap_write_svg(svg, NULL), 0, "%s", oh_err_message());
    assert_valid_xml(svg);
    char *text = slurp(svg);
    cr_assert_eq(occurrences(text, "<g class=\"warm-arena\""), nwarm);
    cr_assert_eq(occurrences(text, "<rect class=\"warm\""), nwarm);
    char line[160];
    snprintf(line, sizeof line, "medium, %zu warm), each", nwarm);
    cr_assert_not_null(strstr(text, line), "%s", line);
    snprintf(line, sizeof line, "warm: %zu arenas (%zu of pools, %zu medium) "
             "and ", nwarm, nwarm - nmedium, nmedium);
    cr_assert_not_null(strstr(text, line), "%s", line);
    cr_assert_not_null(strstr(text, "once it has been warm 60000 ms, or at "
                                    "oh_alloc_trim()</title>"));
    cr_assert_not_null(strstr(text, "<title>an arena of medium spans that "
                                    "its heap gave back "));
    /* After every row of a heap's arena (HM4). */
    const char *last_heap = NULL;
    for (const char *g = strstr(text, "<g class=\"arena\"");
         g != NULL; g = strstr(g + 1, "<g class=\"arena\""))
        last_heap = g;
    for (const char *g = strstr(text, "<g class=\"medium-arena\"");
         g != NULL; g = strstr(g + 1, "<g class=\"medium-arena\""))
        if (last_heap == NULL || g > last_heap)
            last_heap = g;
    const char *first_warm = strstr(text, "<g class=\"warm-arena\"");
    cr_assert(last_heap == NULL || first_warm > last_heap);
    size_t pool_rows, medium_rows;
    check_rows(text, &pool_rows, &medium_rows);

    char layout[] = "/tmp/objheap-warm-layout-XXXXXX";
    close(mkstemp(layout));
    cr_assert_eq(oh_heapmap_dump(layout), 0, "%s", oh_err_message());
    char *saved = slurp(layout);
    cr_assert_not_null(strstr(saved, "\nretain 60000\nhuge "));
    cr_assert_eq(occurrences(saved, "\nwarm pools "), nwarm - nmedium);
    cr_assert_eq(occurrences(saved, "\nwarm medium "), nmedium);
    char svg2[] = "/tmp/objheap-warm2-XXXXXX";
    close(mkstemp(svg2));
    cr_assert_eq(oh_heapmap_render(layout, svg2, NULL), 0, "%s",
                 oh_err_message());
    char *text2 = slurp(svg2);
    cr_assert_eq(occurrences(text2, "<rect class=\"warm\""), nwarm);
    free(text2);
    free(saved);
    free(text);
    unlink(svg2);
    unlink(layout);
    unlink(svg);

    /* Given back, they are gone from the map. */
    oh_alloc_set_retain(old);
    oh_alloc_trim();
    cr_assert_eq(ohi_alloc_warm_arenas(warm, 64, &wv), 0);
    cr_assert_eq(oh_heapmap_write_svg(svg, NULL), 0);
    text = slurp(svg);
    cr_assert_null(strstr(text, "warm-arena"));
    cr_assert_not_null(strstr(text, "warm: 0 arenas"));
    free(text);
    unlink(svg);
}

/* A version 4 file's warm rows draw as they were recorded: what each
 * held, how long ago it was given back, the delay, the huge cache. */
Test(heapmap, a_warm_row_draws_from_its_file)
{
    char text[8192];
    int n = snprintf(text, sizeof text, "objheap-heapmap 4\narenas 3\n"
                     "retain 100\nhuge 2 4194304\narena 4\np 3 2 2 341 341\n");
    n = untouched_pools(text, n, sizeof text, 1);
    snprintf(text + n, sizeof text - (size_t)n,
             "warm medium 12\nwarm pools 80\n");
    char *out = render_layout_text(text);
    size_t pool_rows, medium_rows;
    check_rows(out, &pool_rows, &medium_rows);
    cr_assert_eq(pool_rows, 1);
    cr_assert_eq(medium_rows, 0);
    cr_assert_not_null(strstr(out, "3 arenas of 1024 KiB (1 of pools, 0 "
                                   "medium, 2 warm)"));
    cr_assert_not_null(strstr(out, ">warm: 2 arenas (1 of pools, 1 medium) "
                                   "and 2 huge mappings (4096 KiB) kept "
                                   "mapped for reuse; an arena goes back to "
                                   "the OS at the first slow call after 100 "
                                   "ms warm</text>"));
    cr_assert_not_null(strstr(out, "<title>an arena of medium spans that "
                                   "its heap gave back 12 ms ago, kept "
                                   "mapped (its pages resident) for the next "
                                   "arena any heap needs; it goes back to "
                                   "the OS at the first slow call once it "
                                   "has been warm 100 ms, or at "
                                   "oh_alloc_trim()</title>"));
    cr_assert_not_null(strstr(out, "<title>an arena of pools that its heap "
                                   "gave back 80 ms ago"));
    cr_assert_eq(occurrences(out, ">1024 KiB warm</text>"), 2);
    free(out);
    /* A version 3 file did not record warm memory, and says so. */
    n = snprintf(text, sizeof text, "objheap-heapmap 3\narenas 1\n"
                 "arena 4\n");
    n = untouched_pools(text, n, sizeof text, 0);
    out = render_layout_text(text);
    cr_assert_not_null(strstr(out, ">warm memory: not recorded in a "
                                   "version 3 file</text>"));
    free(out);
}

/* Warm rows that break the version 4 format are malformed files. */
Test(heapmap, bad_warm_rows_are_errors)
{
    static const struct {
        const char *text, *why;
        int line;
    } bad[] = {
        {"objheap-heapmap 4\narenas 1\nhuge 0 0\nwarm pools 1\n",
         "no retain line", 3},
        {"objheap-heapmap 4\narenas 1\nretain 100\nwarm pools 1\n",
         "no huge line", 4},
        {"objheap-heapmap 4\narenas 1\nretain 100\nhuge 0 0\n"
         "warm other 1\n", "neither pools nor medium", 5},
        {"objheap-heapmap 3\narenas 1\nwarm pools 1\n",
         "warm rows in a version 3 file", 3},
        {"objheap-heapmap 4\narenas 2\nretain 100\nhuge 0 0\n"
         "warm pools 1\nmedium 0\n", "a heap's arena after a warm one", 6},
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        char path[] = "/tmp/objheap-badwarm-XXXXXX";
        write_file(path, bad[k].text);
        cr_assert_eq(oh_heapmap_render(path, "/tmp/never.svg", NULL), -1,
                     "%s", bad[k].why);
        cr_assert_eq(oh_err_occurred(), OH_ERR_VALUE);
        char where[32];
        snprintf(where, sizeof where, ", line %d: ", bad[k].line);
        cr_assert_not_null(strstr(oh_err_message(), where), "%s: %s",
                           bad[k].why, oh_err_message());
        oh_err_clear();
        unlink(path);
    }
}
