/*
 * tour_leak.c -- the tour's chapter on finding a leak: tracing (the
 * tracemalloc of C), snapshots and their comparison, the census and its
 * growth (objgraph's show_growth), the back-reference chain that keeps a
 * leaked object alive, and pictures: the object graph, the heap map, and
 * memory over time.
 *
 * The planted leak: a request handler that builds a Session object per
 * request and, by mistake, keeps every one in a module-level registry.
 */
#include "objheap.h"
#include "tour.h"

#include <stdio.h>
#include <string.h>

static oh_object *registry;     /* the mistake: nothing ever leaves it */
static oh_object *Session;      /* a class */

/* Handle one request: build a response, and leak its session. */
static __attribute__((noinline)) int
handle_request(int i)
{
    oh_object *session = oh_instance_new(Session);
    oh_object *user = oh_str_from_format("user-%05d", i);
    oh_object *history = oh_list_new();
    if (session == NULL || user == NULL || history == NULL)
        goto fail;
    for (int k = 0; k < 3; k++) {
        oh_object *page = oh_str_from_format("/page/%d/%d", i, k);
        if (page == NULL || oh_list_append(history, page) < 0) {
            oh_xdecref(page);
            goto fail;
        }
        oh_decref(page);
    }
    if (oh_instance_setattr(session, "user", user) < 0
        || oh_instance_setattr(session, "history", history) < 0
        || oh_list_append(registry, session) < 0)     /* the leak */
        goto fail;
    oh_decref(session);
    oh_decref(user);
    oh_decref(history);
    return 0;
fail:
    oh_xdecref(session);
    oh_xdecref(user);
    oh_xdecref(history);
    return -1;
}

static int
print_diffs(oh_snapshot *after, oh_snapshot *before)
{
    oh_stat_diffs *d = oh_snapshot_compare_to(after, before, OH_STAT_LINENO,
                                              0);
    if (d == NULL)
        return -1;
    tour_say("Top differences between the snapshots, by line "
             "(tracemalloc's compare_to):");
    for (size_t i = 0; i < d->n && i < 5; i++) {
        const oh_stat_diff *s = &d->items[i];
        const oh_frame *f = &s->traceback->frames[0];
        const char *base = strrchr(f->filename, '/');
        tour_say("  %s:%d in %s: %+lld bytes in %+lld blocks",
                 base ? base + 1 : f->filename, f->lineno, f->function,
                 (long long)s->size_diff, (long long)s->count_diff);
    }
    oh_stat_diffs_free(d);
    return 0;
}

int
tour_leak(void)
{
    tour_heading("5. Finding a leak: tracing, census, chains, pictures");
    tour_say("Python programmers reach for tracemalloc and objgraph when "
             "memory grows.  Here\nis the same hunt in C.  A request "
             "handler keeps every session in a registry by\nmistake; we "
             "trace allocations (5 frames), snapshot, serve 2,000 "
             "requests,\nand snapshot again.\n");
    registry = oh_list_new();
    Session = oh_class_new("Session", NULL);
    if (registry == NULL || Session == NULL || oh_trace_start(5) < 0)
        return -1;
    oh_trace_mark("start");
    oh_census *census0 = oh_census_take();
    oh_snapshot *before = oh_trace_take_snapshot();
    if (census0 == NULL || before == NULL)
        return -1;
    for (int i = 0; i < 2000; i++) {
        if (handle_request(i) < 0)
            return -1;
        if (i == 999)
            oh_trace_mark("1,000 requests");
    }
    oh_trace_mark("2,000 requests");
    oh_snapshot *after = oh_trace_take_snapshot();
    if (after == NULL || print_diffs(after, before) < 0)
        return -1;

    oh_census *census1 = oh_census_take();
    oh_growth *growth = oh_census_growth(census1, census0);
    if (census1 == NULL || growth == NULL)
        return -1;
    tour_say("\nWhich types grew (objgraph's show_growth, over every live "
             "object):");
    for (size_t i = 0; i < growth->nrows && i < 5; i++)
        tour_say("  %-10s %6zu  %+lld", growth->rows[i].type_name,
                 growth->rows[i].count, (long long)growth->rows[i].delta);

    /* Pick one leaked session and ask who keeps it alive. */
    oh_object *victim = oh_list_get(registry, 1234);
    oh_incref(victim);
    oh_object *chain = oh_find_backref_chain(victim);
    if (chain == NULL)
        return -1;
    tour_say("\nWhat keeps session #1234 alive (objgraph's "
             "find_backref_chain):");
    for (int64_t i = 0; i < oh_list_size(chain); i++) {
        oh_object *o = oh_list_get(chain, i);
        tour_say("  %s%s at %p%s", i ? "-> " : "   ", oh_type_name(o),
                 (void *)o, o == registry ? "  (the registry: a root, "
                 "held from C)" : "");
    }
    oh_traceback *tb = oh_trace_get_object_traceback(victim);
    if (tb != NULL) {
        tour_say("and where it was allocated "
                 "(tracemalloc's get_object_traceback):");
        oh_traceback_print(tb, stdout);
        oh_traceback_free(tb);
    }
    oh_object *objs[] = {victim};
    int svg = oh_graph_write_svg(objs, 1, OH_GRAPH_REFERRERS, 3,
                                 tour_path("leak-referrers.dot"),
                                 tour_path("leak-referrers.svg"));
    tour_say("\nThe graph of its referrers: %s%s",
             tour_path(svg == 1 ? "leak-referrers.svg" : "leak-referrers.dot"),
             svg == 1 ? "" : " (`make tools` installs Graphviz for SVG)");
    oh_decref(chain);
    oh_decref(victim);

    int png = oh_heapmap_write_svg(tour_path("heapmap.svg"),
                                   tour_path("heapmap.png"));
    tour_say("The heap map (arenas as rows, pools as cells): %s%s%s",
             tour_path("heapmap.svg"), png == 1 ? " and " : "",
             png == 1 ? tour_path("heapmap.png") : "");

    /* The reports above loaded the symbolizer (libdw) and read the
     * program's debug information: resident memory, not heap, which the
     * marks count apart (the symbolizer column); a mark of its own keeps
     * it apart from what clearing the registry does. */
    oh_trace_mark("reports printed");
    /* The fix: empty the registry. */
    oh_list_clear(registry);
    oh_trace_mark("registry cleared");
    tour_say("\nClear the registry and the sessions go at once.  Memory "
             "over time (memory_profiler's\nidea: oh_trace_mark at each "
             "step; the symbolizer column is what reading debug\n"
             "information to name the frames above cost, objheap's memory "
             "and not the program's,\nso the resident column leaves it "
             "out):\n");
    oh_trace_marks_print(stdout);
    if (oh_trace_marks_write_svg(tour_path("memory.svg")) == 0)
        tour_say("\nThe same as a chart: %s", tour_path("memory.svg"));

    size_t current, peak;
    oh_trace_get_traced_memory(&current, &peak);
    tour_say("Traced now %zu bytes, peak %zu bytes; the tracer's own "
             "tables: %zu bytes.", current, peak,
             oh_trace_get_tracemalloc_memory());
    oh_growth_free(growth);
    oh_census_free(census0);
    oh_census_free(census1);
    oh_snapshot_free(before);
    oh_snapshot_free(after);
    oh_trace_marks_clear();
    oh_trace_stop();
    oh_decref(registry);
    oh_decref(Session);
    registry = Session = NULL;
    return 0;
}
