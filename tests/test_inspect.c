/*
 * test_inspect.c -- the census, growth reports and leak reports
 * (src/inspect.c); the heap map's tests are test_heapmap.c.
 *
 * The census must count exactly the objects a test makes, whether the
 * collector would track them or not, and nothing that is not a live object
 * (tuples parked on a free list, raw oh_malloc blocks).
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
    oh_object *big = oh_tuple_from_array(items, 200);   /* over 1024 bytes */
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

/* objgraph's by_type and count: every live object of a type, and how
 * many; the list by_type returns is not counted itself. */
Test(census, by_type_and_count_as_objgraph)
{
    oh_object *Cls = oh_class_new("ByTypeThing", NULL);
    oh_object *objs[5];
    for (int i = 0; i < 5; i++)
        objs[i] = oh_instance_new(Cls);
    cr_assert_eq(oh_census_count("ByTypeThing"), 5);
    size_t lists = oh_census_count("list");
    oh_object *all = oh_census_by_type("ByTypeThing");
    cr_assert_not_null(all);
    cr_assert_eq(oh_list_size(all), 5);
    for (int i = 0; i < 5; i++) {
        bool found = false;
        for (int64_t k = 0; k < 5; k++)
            found |= oh_list_get(all, k) == objs[i];
        cr_assert(found, "object %d is in the list", i);
    }
    cr_assert_eq(oh_census_count("list"), lists, "the answer is not a list "
                 "of the heap's");
    oh_census *c = oh_census_take();
    cr_assert_eq(count_of(c, "list"), lists);
    oh_census_free(c);
    cr_assert_eq(oh_census_count("no such type"), 0);
    oh_object *none = oh_census_by_type("no such type");
    cr_assert_eq(oh_list_size(none), 0);
    oh_decref(none);
    cr_assert_null(oh_census_by_type(NULL));
    cr_assert_eq(oh_err_occurred(), OH_ERR_TYPE);
    oh_err_clear();
    oh_decref(all);
    for (int i = 0; i < 5; i++)
        oh_decref(objs[i]);
    cr_assert_eq(oh_census_count("ByTypeThing"), 0);
    oh_decref(Cls);
}
