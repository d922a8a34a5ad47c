/*
 * test_heapmap.c -- the heap map (src/heapmap.c): its SVG, checked with a
 * real XML parser (xmllint, from Debian's libxml2-utils) and for its
 * expected elements; the numbers of its legend; the types in each pool's
 * tooltip; the layout file, saved and drawn again to the same picture,
 * in both of its versions; and bad input.
 */
#include "internal.h"
#include "testutil.h"

#include <criterion/criterion.h>

#include <fcntl.h>
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

static size_t
occurrences(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

Test(heapmap, svg_is_well_formed_with_a_row_per_arena)
{
    static void *blocks[40000];
    for (int i = 0; i < 40000; i++)
        blocks[i] = oh_malloc((size_t)(16 + (i * 37) % 496));
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
    static char xmllint[] = "xmllint", noout[] = "--noout";
    char *argv[] = {xmllint, noout, svg, NULL};
    cr_assert_eq(run(argv), 0, "xmllint rejects the heap map");
    char *text = slurp(svg);
    oh_alloc_stats_t st = {.size = sizeof st};
    oh_alloc_stats(&st);
    size_t pool_arenas = (size_t)st.arenas.current - st.medium_arenas;
    cr_assert_eq(occurrences(text, "<g class=\"arena\""), pool_arenas);
    cr_assert_eq(occurrences(text, "<rect class=\"pool\""),
                 pool_arenas * OHI_POOLS_PER_ARENA);
    cr_assert_geq(occurrences(text, "collected objects, class"), 1,
                  "the list's pool is labelled");
    cr_assert_geq(occurrences(text, "raw memory, class"), 1);
    /* Save the layout and render it again: the same picture. */
    char layout_path[] = "/tmp/objheap-layout-XXXXXX";
    fd = mkstemp(layout_path);
    close(fd);
    cr_assert_eq(oh_heapmap_dump(layout_path), 0);
    char svg2[] = "/tmp/objheap-map2-XXXXXX";
    fd = mkstemp(svg2);
    close(fd);
    cr_assert_eq(oh_heapmap_render(layout_path, svg2, NULL), 0);
    char *text2 = slurp(svg2);
    cr_assert_str_eq(text, text2);
    free(text);
    free(text2);
    unlink(svg);
    unlink(svg2);
    unlink(layout_path);
    for (int i = 0; i < 40000; i++)
        oh_free(blocks[i]);
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
    /* One count per arena row. */
    oh_alloc_stats_t st = {.size = sizeof st};
    oh_alloc_stats(&st);
    cr_assert_eq(occurrences(text, "<text class=\"blocks\""),
                 (size_t)st.arenas.current - st.medium_arenas);
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
    cr_assert_not_null(strstr(saved, "objheap-heapmap 2\n"));
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
