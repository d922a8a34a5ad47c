/*
 * tour_gc.c -- the tour's chapter on the cycle collector: thresholds and
 * counts, the seed's eight cycles and collect() returning 8, promotion
 * through the generations, and a finalizer in a cycle.  Live numbers from
 * the public API only.
 */
#include "objheap.h"
#include "tour.h"

#include <stdio.h>

static void
show_counts(const char *when)
{
    int64_t c[OH_GC_GENERATIONS];
    oh_gc_get_count(c);
    tour_say("  %-44s get_count() = (%lld, %lld, %lld)", when,
             (long long)c[0], (long long)c[1], (long long)c[2]);
}

/* The seed's create_cycle: l = [8, 9, 10]; l.append(l). */
static int
create_cycle(void)
{
    oh_object *l = oh_list_new();
    if (l == NULL)
        return -1;
    for (int i = 8; i <= 10; i++) {
        oh_object *n = oh_int_from_i64(i);
        if (n == NULL || oh_list_append(l, n) < 0) {
            oh_xdecref(n);
            oh_decref(l);
            return -1;
        }
        oh_decref(n);
    }
    int rc = oh_list_append(l, l);
    oh_decref(l);
    return rc;
}

static int
generation_of(oh_object *o)
{
    for (int g = 0; g < OH_GC_GENERATIONS; g++) {
        oh_object *objs = oh_gc_get_objects(g);
        int in = objs != NULL && oh_list_contains(objs, o) == 1;
        oh_xdecref(objs);
        if (in)
            return g;
    }
    return -1;
}

static int finalizer_runs;

static void
goodbye(oh_object *self)
{
    finalizer_runs++;
    oh_object *name = oh_instance_getattr(self, "name");
    tour_say("    ... finalizer of %s runs (once), while its partner is "
             "still intact", name ? oh_str_utf8(name, NULL) : "?");
    oh_xdecref(name);
    oh_err_clear();
}

int
tour_gc(void)
{
    tour_heading("3. The cycle collector: generations, thresholds, cycles");
    int64_t t[OH_GC_GENERATIONS];
    oh_gc_get_threshold(t);
    tour_say("gc.get_threshold() = (%lld, %lld, %lld): generation 0 is "
             "collected when its\ncount passes %lld; generations 1 and 2 "
             "when %lld and %lld collections of the\none below have "
             "happened (CPython 3.11's defaults).\n", (long long)t[0],
             (long long)t[1], (long long)t[2], (long long)t[0],
             (long long)t[1], (long long)t[2]);
    oh_gc_collect(2);
    oh_gc_disable();
    show_counts("after a full collection:");
    oh_object *keep[100];
    for (int i = 0; i < 100; i++)
        keep[i] = oh_list_new();
    show_counts("after making 100 lists:");
    for (int i = 0; i < 40; i++)
        oh_decref(keep[i]);
    show_counts("after freeing 40 of them:");
    tour_say("  (generation 0 counts container allocations minus frees; "
             "ints, strs and\n  floats are never tracked)\n");

    tour_say("Eight self-referencing lists made in a function (the seed's "
             "create_cycle):\ntheir counts never reach zero, so reference "
             "counting alone keeps them.");
    for (int i = 0; i < 8; i++) {
        if (create_cycle() < 0)
            return -1;
    }
    int64_t n = oh_gc_collect(2);
    oh_object *garbage = oh_gc_garbage();
    tour_say("  Number of unreachable objects collected by GC: %lld",
             (long long)n);
    tour_say("  Uncollectable garbage: %lld objects (CPython 3.11 prints "
             "8 and [])\n", (long long)oh_list_size(garbage));
    if (n != 8)
        return -1;

    tour_say("Promotion: each collection an object survives moves it one "
             "generation older.");
    oh_object *l = keep[99];
    tour_say("  a new list is in generation %d", generation_of(l));
    oh_gc_collect(0);
    tour_say("  after collect(0):            generation %d",
             generation_of(l));
    oh_gc_collect(1);
    tour_say("  after collect(1):            generation %d",
             generation_of(l));
    show_counts("counts now:");
    for (int i = 40; i < 100; i++)
        oh_decref(keep[i]);

    tour_say("\nA finalizer in a cycle (PEP 442): a and b refer to each "
             "other and each has a\nfinalizer.");
    oh_object *cls = oh_class_new("Resource", goodbye);
    oh_object *a = oh_instance_new(cls), *b = oh_instance_new(cls);
    oh_object *na = oh_str_from_cstr("a"), *nb = oh_str_from_cstr("b");
    if (!cls || !a || !b || !na || !nb)
        return -1;
    oh_instance_setattr(a, "name", na);
    oh_instance_setattr(b, "name", nb);
    oh_instance_setattr(a, "peer", b);
    oh_instance_setattr(b, "peer", a);
    oh_decref(na);
    oh_decref(nb);
    oh_decref(a);
    oh_decref(b);
    tour_say("  dropped both: no finalizer ran yet (%d runs)",
             finalizer_runs);
    n = oh_gc_collect(2);
    tour_say("  collect() = %lld: a, b and their attribute dicts; "
             "finalizers run: %d", (long long)n, finalizer_runs);
    n = oh_gc_collect(2);
    tour_say("  collect() again = %lld; finalizers run: %d (never twice)",
             (long long)n, finalizer_runs);
    oh_decref(cls);
    oh_gc_stats st[OH_GC_GENERATIONS];
    oh_gc_get_stats(st);
    tour_say("\ngc.get_stats(): generation 2 was collected %lld times and "
             "freed %lld objects.", (long long)st[2].collections,
             (long long)st[2].collected);
    oh_gc_enable();
    return finalizer_runs == 2 ? 0 : -1;
}
