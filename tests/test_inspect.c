/*
 * test_inspect.c -- the census, growth reports and the heap map
 * (src/inspect.c).
 *
 * The census must count exactly the objects a test makes, whether the
 * collector would track them or not, and nothing that is not a live object
 * (tuples parked on a free list, raw oh_malloc blocks).  The heap map's SVG
 * is checked with a real XML parser (xmllint, from Debian's
 * libxml2-utils) and for its expected elements.
 */
#include "internal.h"
#include "testutil.h"

#include <criterion/criterion.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>

extern char **environ;

static size_t
count_of(const oh_census *c, const char *type)
{
    const oh_census_row *r = oh_census_find(c, type);
    return r ? r->count : 0;
}

static int64_t
delta_of(const oh_growth *g, const char *type)
{
    for (size_t i = 0; i < g->nrows; i++)
        if (strcmp(g->rows[i].type_name, type) == 0)
            return g->rows[i].delta;
    return 0;
}

Test(census, counts_exactly_the_objects_made)
{
    oh_census *before = oh_census_take();
    cr_assert_not_null(before);
    oh_object *ints[100], *lists[50], *tuples[10], *strs[5];
    for (int i = 0; i < 100; i++)
        ints[i] = I(1000 + i);                  /* not the small-int cache */
    for (int i = 0; i < 50; i++)
        lists[i] = oh_list_new();
    for (int i = 0; i < 10; i++)
        tuples[i] = oh_tuple_pack(2, ints[i], ints[i + 1]);
    for (int i = 0; i < 5; i++)
        strs[i] = oh_str_from_format("string number %d", i);
    oh_object *items[200];
    for (int i = 0; i < 200; i++)
        items[i] = I(5000 + i);
    oh_object *big = oh_tuple_from_array(items, 200);   /* over 512 bytes */
    for (int i = 0; i < 200; i++)
        oh_decref(items[i]);            /* the tuple holds them now */
    oh_census *after = oh_census_take();
    oh_growth *g = oh_census_growth(after, before);
    cr_assert_eq(delta_of(g, "int"), 300);
    cr_assert_eq(delta_of(g, "list"), 50);
    cr_assert_eq(delta_of(g, "tuple"), 11);
    cr_assert_eq(delta_of(g, "str"), 5);
    cr_assert_eq(g->nrows, 4, "nothing else changed");
    cr_assert_eq(g->rows[0].delta, 300, "biggest increase first");
    /* Sizes are oh_getsizeof summed. */
    size_t list_bytes = 0;
    for (int i = 0; i < 50; i++)
        list_bytes += oh_getsizeof(lists[i]);
    cr_assert_eq(oh_census_find(after, "list")->size
                 - (oh_census_find(before, "list")
                    ? oh_census_find(before, "list")->size : 0),
                 list_bytes);
    cr_assert_geq(after->total_count, before->total_count + 366);
    oh_census_free(before);
    oh_census_free(after);
    oh_growth_free(g);
    /* Drop everything: the counts go back. */
    oh_census *full = oh_census_take();
    oh_decref(big);
    for (int i = 0; i < 100; i++)
        oh_decref(ints[i]);
    for (int i = 0; i < 50; i++)
        oh_decref(lists[i]);
    for (int i = 0; i < 10; i++)
        oh_decref(tuples[i]);
    for (int i = 0; i < 5; i++)
        oh_decref(strs[i]);
    oh_census *gone = oh_census_take();
    cr_assert_eq(count_of(gone, "list"), count_of(full, "list") - 50);
    cr_assert_eq(count_of(gone, "tuple"), count_of(full, "tuple") - 11,
                 "tuples parked on the free list are not live objects");
    cr_assert_eq(count_of(gone, "int"), count_of(full, "int") - 300);
    oh_census_free(full);
    oh_census_free(gone);
}

Test(census, raw_memory_is_not_an_object)
{
    oh_census *before = oh_census_take();
    void *raw[100];
    for (int i = 0; i < 100; i++)
        raw[i] = oh_malloc(48);
    oh_census *after = oh_census_take();
    cr_assert_eq(after->total_count, before->total_count);
    for (int i = 0; i < 100; i++)
        oh_free(raw[i]);
    oh_census_free(before);
    oh_census_free(after);
}

Test(census, works_in_debug_mode)
{
    cr_assert_eq(oh_alloc_set_debug(1), 0);
    oh_object *l = oh_list_new(), *d = oh_dict_new();
    oh_object *nones[100];
    for (int i = 0; i < 100; i++)
        nones[i] = OH_NONE;
    oh_object *big = oh_tuple_from_array(nones, 100);
    oh_census *c = oh_census_take();
    cr_assert_eq(count_of(c, "list"), 1);
    cr_assert_eq(count_of(c, "dict"), 1);
    cr_assert_eq(count_of(c, "tuple"), 1);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    oh_census_print(c, f, 0);
    fclose(f);
    cr_assert_not_null(strstr(text, "(all types)"));
    free(text);
    oh_census_free(c);
    oh_decref(l);
    oh_decref(d);
    oh_decref(big);
}

/* --- the heap map --------------------------------------------------------- */

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
    cr_assert_eq(occurrences(text, "<g class=\"arena\""),
                 (size_t)st.arenas.current);
    cr_assert_eq(occurrences(text, "<rect class=\"pool\""),
                 (size_t)st.arenas.current * OHI_POOLS_PER_ARENA);
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

/* --- leak reports --------------------------------------------------------- */

Test(leaks, report_counts_live_objects_and_their_sites)
{
    oh_trace_start(1);
    size_t base = oh_leak_report(NULL);
    oh_object *kept = oh_list_new();
    oh_object *s = S("kept alive");
    oh_list_append(kept, s);
    oh_decref(s);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    cr_assert_eq(oh_leak_report(f), base + 2);
    fclose(f);
    cr_assert_not_null(strstr(text, "live objects"), "%s", text);
    cr_assert_not_null(strstr(text, "memory still allocated, by allocation "
                              "site:"), "%s", text);
    cr_assert_not_null(strstr(text, "test_inspect.c:"), "%s", text);
    /* The list is a root, allocated here; the str is held through it. */
    cr_assert_not_null(strstr(text, "reference from outside the heap; 1 "
                              "more object"), "%s", text);
    cr_assert_not_null(strstr(text, " -> str@"), "%s", text);
    cr_assert_not_null(strstr(text, "in leaks_report_counts_live_objects"),
                       "%s", text);
    /* Every line is the report's. */
    for (char *line = text; *line != '\0'; line = strchr(line, '\n') + 1)
        cr_assert_eq(strncmp(line, "objheap: ", 9), 0, "%s", line);
    free(text);
    oh_decref(kept);
    cr_assert_eq(oh_leak_report(NULL), base);
    oh_trace_stop();
}

static void
leak_then_exit(void)
{
    setenv("OBJHEAP_REPORT", "fail", 1);
    ohi_inspect_report_at_exit();       /* what start-up does */
    oh_object *leaked = oh_list_new();
    (void)leaked;
    exit(0);
}

static void
clean_exit(void)
{
    setenv("OBJHEAP_REPORT", "fail", 1);
    ohi_inspect_report_at_exit();
    oh_object *l = oh_list_new();
    oh_decref(l);
    exit(0);
}

/* An object that refers to itself, dropped: only a collection frees it,
 * and its finalizer runs then. */
static void
say_finalized(oh_object *self)
{
    fprintf(stderr, "finalizer ran\n");
}

static void
dropped_cycle_exit(void)
{
    setenv("OBJHEAP_REPORT", "fail", 1);
    ohi_inspect_report_at_exit();
    oh_gc_disable();                    /* nothing collects before exit */
    oh_object *Node = oh_class_new("Node", say_finalized);
    oh_object *n = oh_instance_new(Node);
    oh_instance_setattr(n, "self", n);
    oh_decref(n);
    oh_decref(Node);
    exit(0);
}

Test(leaks, objheap_report_fail_makes_a_leak_fail_the_run)
{
    child_result r;
    cr_assert_eq(run_in_child(leak_then_exit, &r), 0);
    cr_assert_eq(r.exit_code, 3, "a leak fails the run; stderr:\n%s",
                 r.output);
    cr_assert_not_null(strstr(r.output, "objheap: 1 live object (56 bytes) "
                              "still held"), "%s", r.output);
    cr_assert_not_null(strstr(r.output, "list@0x"), "%s", r.output);
    cr_assert_not_null(strstr(r.output, "exiting with status 3 because 1 "
                              "object is still held"), "%s", r.output);
    cr_assert_eq(run_in_child(clean_exit, &r), 0);
    cr_assert_eq(r.exit_code, 0, "no leak, no failure:\n%s", r.output);
    cr_assert_str_eq(r.output, "objheap: 0 live objects (0 bytes)\n");
}

Test(leaks, a_dropped_cycle_is_collected_at_exit_and_is_no_leak)
{
    child_result r;
    cr_assert_eq(run_in_child(dropped_cycle_exit, &r), 0);
    cr_assert_eq(r.exit_code, 0, "a dropped cycle is no leak:\n%s",
                 r.output);
    cr_assert_not_null(strstr(r.output, "finalizer ran\n"
                              "objheap: 0 live objects (0 bytes)\n"
                              "objheap: the exit collection freed 4 objects"),
                       "%s", r.output);
    /* The instance, its attribute dict, its class and the class's name. */
    cr_assert_not_null(strstr(r.output, "objheap:   Node "), "%s", r.output);
    cr_assert_not_null(strstr(r.output, "objheap:   dict "), "%s", r.output);
}

static void
held_and_dropped_exit(void)
{
    setenv("OBJHEAP_REPORT", "fail", 1);
    ohi_inspect_report_at_exit();
    oh_object *l = oh_list_new();
    oh_list_append(l, l);
    oh_decref(l);                       /* dropped: collected */
    oh_object *kept = oh_list_new();    /* kept: a leak */
    oh_object *s = S("held through the list");
    oh_list_append(kept, s);
    oh_decref(s);
    exit(0);
}

Test(leaks, fail_counts_only_what_is_still_held)
{
    child_result r;
    cr_assert_eq(run_in_child(held_and_dropped_exit, &r), 0);
    cr_assert_eq(r.exit_code, 3, "%s", r.output);
    cr_assert_not_null(strstr(r.output, "objheap: 2 live objects"), "%s",
                       r.output);
    cr_assert_not_null(strstr(r.output, "1 root "), "%s", r.output);
    cr_assert_not_null(strstr(r.output, " -> str@0x"), "%s", r.output);
    cr_assert_not_null(strstr(r.output, "the exit collection freed 1 object "
                              "(88 bytes)"), "%s", r.output);
}

static void
shutdown_then_exit(void)
{
    setenv("OBJHEAP_REPORT", "1", 1);
    ohi_inspect_report_at_exit();
    oh_object *l = oh_list_new();
    oh_decref(l);
    oh_shutdown();
    exit(0);
}

Test(leaks, a_program_that_calls_oh_shutdown_gets_one_report)
{
    child_result r;
    cr_assert_eq(run_in_child(shutdown_then_exit, &r), 0);
    cr_assert_eq(r.exit_code, 0, "%s", r.output);
    cr_assert_str_eq(r.output, "objheap: 0 live objects (0 bytes)\n");
}

Test(leaks, the_report_keeps_the_callers_error)
{
    oh_err_set(OH_ERR_KEY, "mine");
    (void)oh_leak_report(NULL);
    cr_assert_eq(oh_err_occurred(), OH_ERR_KEY);
    cr_assert_str_eq(oh_err_message(), "mine");
    oh_err_clear();
}
