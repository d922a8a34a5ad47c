/*
 * test_gc.c -- src/gc.c: tracking, generations, thresholds, collection,
 * finalizers (PEP 442), resurrection, weak references in cycles, the gc
 * API, debug flags.
 *
 * The seeds' scenarios and those of CPython's Lib/test/test_gc.py and
 * test_finalization.py, in C.  Numbers marked "CPython 3.11" were checked
 * with the installed python3 (3.11.7).  Where our object model differs
 * (an instance's attributes live in a separate dict object here, inline in
 * CPython 3.11), the test says so and uses the count our model implies.
 */
#include <criterion/criterion.h>

#include "internal.h"
#include "testutil.h"

#include <inttypes.h>

/* A program-defined container with two reference fields and an optional
 * finalizer: the C version of a Python class with __del__. */
typedef struct node {
    OH_OBJECT_HEAD;
    oh_object *a;
    oh_object *b;
    oh_object *weaklist;
} node;

static int finalized;                   /* finalizer calls */
static oh_object *stash;                /* where resurrecting ones go */

static int
node_traverse(oh_object *self, oh_visitproc visit, void *arg)
{
    OH_VISIT(((node *)self)->a);
    OH_VISIT(((node *)self)->b);
    return 0;
}

static void
node_clear(oh_object *self)
{
    OH_CLEAR(((node *)self)->a);
    OH_CLEAR(((node *)self)->b);
}

static void
count_finalize(oh_object *self)
{
    finalized++;
}

static void
resurrect_finalize(oh_object *self)
{
    finalized++;
    oh_list_append(stash, self);
}

static void
failing_finalize(oh_object *self)
{
    finalized++;
    oh_err_set(OH_ERR_VALUE, "boom");
}

static void
collecting_finalize(oh_object *self)
{
    finalized++;
    /* A collection from inside a collection does not recurse. */
    cr_assert_eq(oh_gc_collect(2), 0);
}

#define NODE_TYPE(cname, fin)                                               \
    static const oh_type cname = {                                          \
        .name = #cname,                                                     \
        .basicsize = sizeof(node),                                          \
        .flags = OH_TYPE_CONTAINER | OH_TYPE_WEAKREFABLE,                   \
        .weaklistoffset = offsetof(node, weaklist),                         \
        .traverse = node_traverse,                                          \
        .clear = node_clear,                                                \
        .finalize = fin,                                                    \
    }

NODE_TYPE(counted_node, count_finalize);
NODE_TYPE(resurrecting_node, resurrect_finalize);
NODE_TYPE(failing_node, failing_finalize);
NODE_TYPE(collecting_node, collecting_finalize);

static oh_object *
new_node(const oh_type *t)
{
    oh_object *o = oh_object_new(t);
    cr_assert_not_null(o);
    return o;
}

static void
set_field(oh_object **field, oh_object *value)
{
    oh_object *old = *field;
    oh_xincref(value);
    *field = value;
    oh_xdecref(old);
}

#define A(o) (((node *)(o))->a)
#define B(o) (((node *)(o))->b)

/* Start every test from a clean heap with no automatic collections. */
static void
quiet(void)
{
    oh_gc_collect(2);
    oh_gc_disable();
    finalized = 0;
}

/* The seed's create_cycle: a list [8, 9, 10] that contains itself. */
static void
create_cycle(void)
{
    oh_object *l = oh_list_new();
    for (int i = 8; i <= 10; i++) {
        oh_object *n = I(i);
        oh_list_append(l, n);
        oh_decref(n);
    }
    oh_list_append(l, l);
    oh_decref(l);
}

/* ==========================================================================
 * The seeds
 * ========================================================================== */

Test(gc, thresholds_read_and_set)
{
    int64_t t[3];
    cr_assert_eq(oh_gc_get_threshold(t), 0);
    cr_assert(t[0] == 700 && t[1] == 10 && t[2] == 10, "CPython 3.11");
    cr_assert_eq(oh_gc_set_threshold(1200, 25, 25), 0);
    oh_gc_get_threshold(t);
    cr_assert(t[0] == 1200 && t[1] == 25 && t[2] == 25);
    oh_gc_set_threshold(900, -1, -1);   /* set_threshold(900) */
    oh_gc_get_threshold(t);
    cr_assert(t[0] == 900 && t[1] == 25 && t[2] == 25);
    cr_assert_eq(oh_gc_get_threshold(NULL), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_VALUE);
    oh_err_clear();
    cr_assert(oh_gc_isenabled());
    oh_gc_disable();
    cr_assert(!oh_gc_isenabled());
    oh_gc_enable();
    cr_assert(oh_gc_isenabled());
}

Test(gc, list_containing_itself)
{
    quiet();
    size_t base = live_blocks();
    oh_object *l = oh_list_new();
    oh_list_append(l, l);
    cr_assert_eq(oh_refcount(l), 2);
    oh_decref(l);
    cr_assert_gt(live_blocks(), base, "reference counting cannot free it");
    cr_assert_eq(oh_gc_collect(2), 1, "CPython 3.11: 1");
    cr_assert_eq(live_blocks(), base);
}

Test(gc, eight_cycles_made_in_a_function)
{
    quiet();
    size_t base = live_blocks();
    for (int i = 0; i < 8; i++)
        create_cycle();
    cr_assert_eq(oh_gc_collect(2), 8, "CPython 3.11 prints 8");
    cr_assert_eq(oh_gc_collect(2), 0);
    cr_assert_eq(live_blocks(), base);
    oh_object *g = oh_gc_garbage();
    cr_assert_eq(oh_list_size(g), 0, "Uncollectable garbage: []");
}

Test(gc, two_objects_referring_to_each_other)
{
    quiet();
    size_t base = live_blocks();
    oh_object *a = oh_list_new(), *b = oh_list_new();
    oh_list_append(a, b);
    oh_list_append(b, a);
    oh_decref(a);
    oh_decref(b);
    cr_assert_eq(oh_gc_collect(2), 2);
    cr_assert_eq(live_blocks(), base);

    /* Two instances: a.o = b, b.o = a.  CPython 3.11 reports 2 (its
     * attributes live inline); here each instance's attributes are a dict
     * object, so 4 objects are unreachable. */
    oh_object *C = oh_class_new("C", NULL);
    a = oh_instance_new(C);
    b = oh_instance_new(C);
    oh_instance_setattr(a, "o", b);
    oh_instance_setattr(b, "o", a);
    oh_decref(a);
    oh_decref(b);
    cr_assert_eq(oh_gc_collect(2), 4);
    oh_decref(C);
    cr_assert_eq(live_blocks(), base);
}

Test(gc, cycle_through_a_dict_and_an_instance)
{
    quiet();
    size_t base = live_blocks();
    oh_object *C = oh_class_new("C", NULL);
    oh_object *inst = oh_instance_new(C);
    oh_object *d = oh_dict_new();
    cr_assert(!oh_gc_is_tracked(d), "CPython 3.11: {} is untracked");
    oh_dict_set_str(d, "a", inst);
    cr_assert(oh_gc_is_tracked(d), "tracked once it holds a container");
    oh_instance_setattr(inst, "d", d);
    oh_decref(inst);
    oh_decref(d);
    /* inst, d and inst's attribute dict (CPython 3.11: 2, see above). */
    cr_assert_eq(oh_gc_collect(2), 3);
    oh_decref(C);
    cr_assert_eq(live_blocks(), base);
}

Test(gc, counts_rise_with_allocations_and_drop_with_frees)
{
    quiet();
    int64_t c[3];
    oh_gc_get_count(c);
    cr_assert_eq(c[0], 0, "a collection resets generation 0's count");
    oh_object *ls[100];
    for (int i = 0; i < 100; i++)
        ls[i] = oh_list_new();
    oh_gc_get_count(c);
    cr_assert_eq(c[0], 100);
    for (int i = 0; i < 20; i++)
        oh_decref(ls[i]);
    oh_gc_get_count(c);
    cr_assert_eq(c[0], 80, "CPython 3.11: 102 then 82 for the same");
    /* Atomic objects are not counted. */
    oh_object *n = oh_float_from_double(1.5);
    oh_gc_get_count(c);
    cr_assert_eq(c[0], 80);
    oh_decref(n);
    oh_gc_collect(0);
    oh_gc_get_count(c);
    cr_assert(c[0] == 0 && c[1] == 1 && c[2] == 0,
              "CPython 3.11: (0, 1, 0) after collect(0)");
    oh_gc_collect(1);
    oh_gc_get_count(c);
    cr_assert(c[0] == 0 && c[1] == 0 && c[2] == 1);
    oh_gc_collect(2);
    oh_gc_get_count(c);
    cr_assert(c[0] == 0 && c[1] == 0 && c[2] == 0);
    for (int i = 20; i < 100; i++)
        oh_decref(ls[i]);
}

static int
in_generation(oh_object *o, int gen)
{
    oh_object *objs = oh_gc_get_objects(gen);
    int r = oh_list_contains(objs, o);
    oh_decref(objs);
    return r;
}

Test(gc, promotion_from_generation_to_generation)
{
    quiet();
    oh_object *l = oh_list_new();
    cr_assert(oh_gc_is_tracked(l));
    cr_assert(in_generation(l, 0) && !in_generation(l, 1));
    oh_gc_collect(0);
    cr_assert(!in_generation(l, 0) && in_generation(l, 1));
    oh_gc_collect(0);
    cr_assert(in_generation(l, 1), "collecting 0 does not touch 1");
    oh_gc_collect(1);
    cr_assert(in_generation(l, 2) && !in_generation(l, 1));
    oh_gc_collect(2);
    cr_assert(in_generation(l, 2), "the oldest stays oldest");
    oh_object *all = oh_gc_get_objects(-1);
    cr_assert_eq(oh_list_contains(all, l), 1);
    cr_assert_eq(oh_list_contains(all, all), 0, "not itself");
    oh_decref(all);
    oh_decref(l);
}

Test(gc, young_collection_leaves_old_cycles_alone)
{
    quiet();
    oh_object *l = oh_list_new();
    oh_list_append(l, l);
    oh_gc_collect(0);                   /* l survives (it is referenced) */
    oh_decref(l);                       /* now garbage, in generation 1 */
    cr_assert_eq(oh_gc_collect(0), 0, "generation 0 does not see it");
    cr_assert_eq(oh_gc_collect(1), 1);
}

Test(gc, old_objects_keep_young_ones_alive)
{
    quiet();
    oh_object *holder = oh_list_new();
    oh_gc_collect(1);                   /* holder in generation 2 */
    oh_object *young = oh_list_new();
    oh_list_append(young, young);
    oh_list_append(holder, young);
    oh_decref(young);
    cr_assert_eq(oh_gc_collect(0), 0, "referenced from an older one");
    oh_list_clear(holder);
    cr_assert_eq(oh_gc_collect(2), 1);
    oh_decref(holder);
}

Test(gc, automatic_collection)
{
    quiet();
    oh_gc_enable();
    oh_gc_set_threshold(10, 10, 10);
    oh_gc_stats before[3], after[3];
    oh_gc_get_stats(before);
    size_t base = live_blocks();
    for (int i = 0; i < 100; i++)
        create_cycle();
    oh_gc_get_stats(after);
    cr_assert_geq(after[0].collections - before[0].collections, 5);
    int64_t collected = 0;
    for (int i = 0; i < 3; i++)
        collected += after[i].collected - before[i].collected;
    cr_assert_geq(collected, 90, "most cycles freed without a call");
    oh_gc_collect(2);
    cr_assert_eq(live_blocks(), base);
    /* Disabled: no automatic collection. */
    oh_gc_disable();
    oh_gc_get_stats(before);
    for (int i = 0; i < 100; i++)
        create_cycle();
    oh_gc_get_stats(after);
    cr_assert_eq(after[0].collections, before[0].collections);
    cr_assert_eq(oh_gc_collect(2), 100);
    /* threshold0 == 0 disables it too, as in Python. */
    oh_gc_enable();
    oh_gc_set_threshold(0, -1, -1);
    oh_gc_get_stats(before);
    for (int i = 0; i < 50; i++)
        create_cycle();
    oh_gc_get_stats(after);
    cr_assert_eq(after[0].collections, before[0].collections);
    cr_assert_eq(oh_gc_collect(2), 50);
}

Test(gc, full_collections_wait_for_a_quarter_more)
{
    quiet();
    /* 1000 long-lived containers survive a full collection... */
    oh_object *keep = oh_list_new();
    for (int i = 0; i < 1000; i++) {
        oh_object *l = oh_list_new();
        oh_list_append(keep, l);
        oh_decref(l);
    }
    oh_gc_collect(2);
    ohi_gc_state *gc = &OHI_RT->gc;
    cr_assert_eq(gc->long_lived_total, 1001);
    cr_assert_eq(gc->long_lived_pending, 0);
    /* ...so generation 2 passing its threshold is not enough while fewer
     * than 250 objects wait: generation 1 is collected instead. */
    oh_gc_enable();
    gc->gens[2].count = 11;
    gc->gens[1].count = 11;
    oh_gc_stats before[3], after[3];
    oh_gc_get_stats(before);
    for (int i = 0; i < 701; i++)
        oh_decref(oh_list_new());       /* no net growth of count 0 */
    oh_object *hold[702];
    for (int i = 0; i < 702; i++)
        hold[i] = oh_list_new();
    oh_gc_get_stats(after);
    cr_assert_eq(after[2].collections, before[2].collections);
    cr_assert_eq(after[1].collections, before[1].collections + 1);
    cr_assert_geq(gc->long_lived_pending, 250, "the 702 moved to gen 2");
    /* Now a quarter more are waiting: the next trigger is full. */
    gc->gens[2].count = 11;
    gc->gens[1].count = 11;
    oh_object *more[702];
    for (int i = 0; i < 702; i++)
        more[i] = oh_list_new();
    oh_gc_get_stats(after);
    cr_assert_eq(after[2].collections, before[2].collections + 1);
    for (int i = 0; i < 702; i++) {
        oh_decref(hold[i]);
        oh_decref(more[i]);
    }
    oh_decref(keep);
}

/* ==========================================================================
 * Finalizers (test_finalization.py) and resurrection
 * ========================================================================== */

Test(gc, finalizers_in_a_cycle_run_once_each)
{
    quiet();
    size_t base = live_blocks();
    oh_object *x = new_node(&counted_node), *y = new_node(&counted_node);
    set_field(&A(x), y);
    set_field(&A(y), x);
    oh_decref(x);
    oh_decref(y);
    cr_assert_eq(finalized, 0);
    cr_assert_eq(oh_gc_collect(2), 2, "CPython 3.11: 2, __del__ twice");
    cr_assert_eq(finalized, 2);
    cr_assert_eq(oh_gc_collect(2), 0);
    cr_assert_eq(finalized, 2);
    cr_assert_eq(live_blocks(), base);
}

Test(gc, a_finalizer_by_reference_counting_runs_once)
{
    quiet();
    oh_object *x = new_node(&counted_node);
    cr_assert(!oh_gc_is_finalized(x));
    oh_decref(x);
    cr_assert_eq(finalized, 1);
}

Test(gc, resurrection_in_a_finalizer)
{
    quiet();
    size_t base = live_blocks();
    stash = oh_list_new();
    /* A self-cycle whose finalizer stashes self: CPython 3.11 collect()
     * returns 0, is_finalized is True, and after dropping the stash the
     * next collection returns 1 without calling __del__ again. */
    oh_object *r = new_node(&resurrecting_node);
    set_field(&A(r), r);
    oh_decref(r);
    cr_assert_eq(oh_gc_collect(2), 0);
    cr_assert_eq(finalized, 1);
    cr_assert_eq(oh_list_size(stash), 1);
    oh_object *back = oh_list_get(stash, 0);
    cr_assert_eq(back, r);
    cr_assert(oh_gc_is_finalized(back));
    cr_assert(oh_gc_is_tracked(back), "resurrected: still a container");
    cr_assert_eq(A(back), back, "intact: clear never ran on it");
    oh_list_clear(stash);
    cr_assert_eq(oh_gc_collect(2), 1);
    cr_assert_eq(finalized, 1, "never finalized twice");
    oh_decref(stash);
    stash = NULL;
    cr_assert_eq(live_blocks(), base);
}

Test(gc, resurrected_objects_keep_what_they_reach)
{
    quiet();
    stash = oh_list_new();
    /* r -> l -> r, plus l -> x: r resurrects itself, so l and x, which it
     * reaches, survive intact; an unrelated cycle in the same collection
     * is still freed. */
    oh_object *r = new_node(&resurrecting_node);
    oh_object *l = oh_list_new(), *x = oh_list_new();
    oh_object *n = I(12345);
    oh_list_append(x, n);
    set_field(&A(r), l);
    oh_list_append(l, r);
    oh_list_append(l, x);
    oh_decref(r);
    oh_decref(l);
    oh_decref(x);
    create_cycle();
    cr_assert_eq(oh_gc_collect(2), 1, "only the unrelated cycle");
    cr_assert_eq(oh_list_size(stash), 1);
    cr_assert_eq(oh_list_size(l), 2);
    cr_assert_eq(oh_list_get(l, 1), x);
    cr_assert_eq(oh_list_get(x, 0), n);
    cr_assert_eq(oh_refcount(n), 2);
    oh_list_clear(stash);
    cr_assert_eq(oh_gc_collect(2), 3, "r, l and x");
    cr_assert_eq(oh_refcount(n), 1);
    oh_decref(n);
    oh_decref(stash);
}

Test(gc, failing_finalizer_is_reported_and_collection_goes_on)
{
    quiet();
    oh_err_set(OH_ERR_KEY, "the caller's error");
    oh_object *x = new_node(&failing_node), *y = new_node(&failing_node);
    set_field(&A(x), y);
    set_field(&A(y), x);
    oh_decref(x);
    oh_decref(y);
    cr_assert_eq(oh_gc_collect(2), 2);
    cr_assert_eq(finalized, 2);
    cr_assert_eq(oh_err_occurred(), OH_ERR_KEY, "left as it was");
    cr_assert_str_eq(oh_err_message(), "the caller's error");
    oh_err_clear();
}

static void
failing_finalizer_child(void)
{
    oh_gc_disable();
    oh_object *x = oh_object_new(&failing_node);
    A(x) = x;
    oh_incref(x);
    oh_decref(x);
    oh_gc_collect(2);
}

Test(gc, failing_finalizer_message)
{
    child_result res;
    cr_assert_eq(run_in_child(failing_finalizer_child, &res), 0);
    cr_assert_eq(res.exit_code, 0);
    cr_assert(strstr(res.output, "Exception ignored in: finalizer of "
                     "<failing_node object at 0x") != NULL, "%s",
              res.output);
    cr_assert(strstr(res.output, "ValueError: boom") != NULL);
}

Test(gc, collection_during_collection)
{
    quiet();
    oh_object *x = new_node(&collecting_node);
    set_field(&A(x), x);
    oh_decref(x);
    cr_assert_eq(oh_gc_collect(2), 1);
    cr_assert_eq(finalized, 1);
}

/* ==========================================================================
 * Weak references in cycles (test_gc.py, test_weakref.py)
 * ========================================================================== */

static int callbacks_run;
static oh_object *seen_by_callback;

static int
note_callback(oh_object *ref, oh_object *data)
{
    callbacks_run++;
    seen_by_callback = oh_weakref_get(ref);
    return 0;
}

Test(gc, weakref_in_a_cycle_does_not_call_back)
{
    quiet();
    callbacks_run = 0;
    oh_object *C = oh_class_new("C", NULL);
    oh_object *a = oh_instance_new(C), *b = oh_instance_new(C);
    oh_instance_setattr(a, "o", b);
    oh_instance_setattr(b, "o", a);
    /* b.wr = ref(b, cb): the weak reference is garbage with b. */
    oh_object *inner = oh_weakref_new(b, note_callback);
    oh_instance_setattr(b, "wr", inner);
    oh_decref(inner);
    /* An outside reference to a, whose callback must run and see None. */
    oh_object *outer = oh_weakref_new(a, note_callback);
    oh_decref(a);
    oh_decref(b);
    /* a, b, their dicts, b.wr (CPython 3.11: 4 with the lambda). */
    cr_assert_eq(oh_gc_collect(2), 5);
    cr_assert_eq(callbacks_run, 1, "only the reachable one (CPython)");
    cr_assert_eq(seen_by_callback, OH_NONE,
                 "the object is already gone for the callback");
    oh_decref(seen_by_callback);
    oh_object *got = oh_weakref_get(outer);
    cr_assert_eq(got, OH_NONE);
    oh_decref(got);
    oh_decref(outer);
    oh_decref(C);
}

static int
resurrecting_callback(oh_object *ref, oh_object *data)
{
    /* A callback may store anything; it cannot reach the garbage. */
    callbacks_run++;
    return oh_list_append(data, ref);
}

Test(gc, weakref_callback_freed_counts_as_collected)
{
    quiet();
    callbacks_run = 0;
    oh_object *keep = oh_list_new();
    oh_object *l = oh_instance_new(oh_class_new("T", NULL));
    oh_decref(oh_instance_class(l));        /* the instance holds it */
    oh_instance_setattr(l, "self", l);
    /* A weak reference held by nothing but its own callback machinery
     * is freed when the callback returns: CPython counts it. */
    oh_object *wr = oh_weakref_new(l, note_callback);
    oh_list_append(keep, wr);
    oh_decref(wr);
    oh_decref(l);
    cr_assert_eq(oh_gc_collect(2), 2, "l and its dict");
    cr_assert_eq(callbacks_run, 1);
    oh_decref(seen_by_callback);
    oh_decref(keep);
    /* The callback's data gets the weak reference: it survives. */
    oh_object *box = oh_list_new();
    l = oh_instance_new(oh_class_new("T", NULL));
    oh_decref(oh_instance_class(l));
    oh_instance_setattr(l, "self", l);
    wr = oh_weakref_new_data(l, resurrecting_callback, box);
    oh_object *keep2 = oh_list_new();
    oh_list_append(keep2, wr);
    oh_decref(wr);
    oh_decref(l);
    cr_assert_eq(oh_gc_collect(2), 2);
    cr_assert_eq(oh_list_size(box), 1);
    oh_decref(keep2);
    oh_decref(box);
}

/* ==========================================================================
 * The API
 * ========================================================================== */

Test(gc, bad_generations)
{
    cr_assert_eq(oh_gc_collect(3), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_VALUE);
    cr_assert_str_eq(oh_err_message(), "invalid generation");
    oh_err_clear();
    cr_assert_eq(oh_gc_collect(-1), -1);
    oh_err_clear();
    cr_assert_null(oh_gc_get_objects(3));
    cr_assert_str_eq(oh_err_message(), "generation parameter must be less "
                     "than the number of available generations (3)");
    oh_err_clear();
    cr_assert_null(oh_gc_get_objects(-2));
    cr_assert_str_eq(oh_err_message(),
                     "generation parameter cannot be negative");
    oh_err_clear();
    cr_assert_null(oh_gc_get_referrers(NULL, 1));
    oh_err_clear();
    oh_object *objs[1] = {NULL};
    cr_assert_null(oh_gc_get_referents(objs, 1));
    oh_err_clear();
    cr_assert_eq(oh_gc_get_count(NULL), -1);
    cr_assert_eq(oh_gc_get_stats(NULL), -1);
    oh_err_clear();
    cr_assert_eq(oh_gc_set_debug(64), -1);
    oh_err_clear();
    cr_assert_eq(oh_gc_callback_register(NULL, NULL), -1);
    oh_err_clear();
    cr_assert_eq(oh_gc_is_tracked(NULL), 0);
}

Test(gc, tracking_rules)
{
    quiet();
    oh_object *n = I(100000);
    cr_assert(!oh_gc_is_tracked(n), "atomic objects never are");
    cr_assert(!oh_gc_is_tracked(OH_NONE));
    oh_object *s = S("text");
    cr_assert(!oh_gc_is_tracked(s));
    oh_object *t = oh_tuple_pack(2, n, s);
    cr_assert(oh_gc_is_tracked(t), "CPython 3.11: tracked until a "
              "collection");
    oh_object *l = oh_list_new();
    oh_object *tl = oh_tuple_pack(2, n, l);
    oh_object *tt = oh_tuple_pack(1, t);
    oh_gc_collect(0);
    cr_assert(!oh_gc_is_tracked(t), "only atomic items: untracked");
    cr_assert(oh_gc_is_tracked(tl), "holds a list");
    cr_assert(!oh_gc_is_tracked(tt), "holds only an untracked tuple");
    cr_assert(!oh_gc_is_tracked(oh_tuple_pack(0)), "the empty tuple");
    /* Dicts, lazily (CPython 3.11). */
    oh_object *d = oh_dict_new();
    cr_assert(!oh_gc_is_tracked(d));
    oh_dict_set(d, n, s);
    cr_assert(!oh_gc_is_tracked(d), "{1: 2} is untracked");
    oh_dict_set(d, s, t);
    cr_assert(!oh_gc_is_tracked(d), "an untracked tuple is no reason");
    oh_dict_set(d, n, l);
    cr_assert(oh_gc_is_tracked(d), "{1: []} is tracked");
    oh_dict_delete(d, n);
    oh_gc_collect(1);
    cr_assert(oh_gc_is_tracked(d), "only full collections untrack dicts");
    oh_gc_collect(2);
    cr_assert(!oh_gc_is_tracked(d));
    cr_assert(oh_gc_is_tracked(l), "lists always are");
    oh_object *st = oh_set_new();
    cr_assert(oh_gc_is_tracked(st));
    oh_decref(st);
    oh_decref(d);
    oh_decref(tt);
    oh_decref(tl);
    oh_decref(t);
    oh_decref(l);
    oh_decref(s);
    oh_decref(n);
}

Test(gc, freeze)
{
    quiet();
    oh_object *l = oh_list_new();
    oh_list_append(l, l);
    oh_gc_freeze();
    cr_assert_geq(oh_gc_get_freeze_count(), 1);
    int64_t c[3];
    oh_gc_get_count(c);
    cr_assert(c[0] == 0 && c[1] == 0 && c[2] == 0, "CPython: (0, 0, 0)");
    oh_decref(l);
    cr_assert_eq(oh_gc_collect(2), 0, "frozen objects are not scanned");
    oh_object *all = oh_gc_get_objects(-1);
    cr_assert_eq(oh_list_contains(all, l), 0);
    oh_decref(all);
    oh_gc_unfreeze();
    cr_assert_eq(oh_gc_get_freeze_count(), 0);
    cr_assert_eq(oh_gc_collect(2), 1);
}

Test(gc, referrers_and_referents)
{
    quiet();
    oh_object *x = oh_list_new(), *n = I(424242);
    oh_object *a = oh_list_new(), *b = oh_list_new();
    oh_list_append(a, x);
    oh_list_append(b, x);
    oh_list_append(b, n);
    oh_object *objs[1] = {x};
    oh_object *r = oh_gc_get_referrers(objs, 1);
    cr_assert_eq(oh_list_size(r), 2);
    cr_assert(oh_list_contains(r, a) == 1 && oh_list_contains(r, b) == 1);
    oh_decref(r);
    oh_object *objs2[2] = {b, n};
    r = oh_gc_get_referents(objs2, 2);
    cr_assert_eq(oh_list_size(r), 2, "b's two items; n has none");
    cr_assert_eq(oh_list_get(r, 0), x);
    cr_assert_eq(oh_list_get(r, 1), n);
    oh_decref(r);
    oh_decref(a);
    oh_decref(b);
    oh_decref(x);
    oh_decref(n);
}

Test(gc, garbage_with_saveall)
{
    quiet();
    cr_assert_eq(oh_gc_set_debug(OH_GC_DEBUG_SAVEALL), 0);
    cr_assert_eq(oh_gc_get_debug(), OH_GC_DEBUG_SAVEALL);
    oh_object *l = oh_list_new();
    oh_list_append(l, l);
    oh_decref(l);
    cr_assert_eq(oh_gc_collect(2), 1, "CPython 3.11: 1, len(garbage) 1");
    oh_object *g = oh_gc_garbage();
    cr_assert_eq(oh_list_size(g), 1);
    cr_assert_eq(oh_list_get(g, 0), l);
    cr_assert_eq(oh_list_get(l, 0), l, "saved, not cleared");
    oh_gc_set_debug(0);
    oh_list_clear(g);
    cr_assert_eq(oh_gc_collect(2), 1);
    cr_assert_eq(OH_GC_DEBUG_LEAK, 38);
}

static void
debug_stats_child(void)
{
    oh_gc_disable();
    oh_gc_set_debug(OH_GC_DEBUG_STATS | OH_GC_DEBUG_COLLECTABLE);
    create_cycle();
    oh_gc_collect(2);
}

Test(gc, debug_messages)
{
    child_result res;
    cr_assert_eq(run_in_child(debug_stats_child, &res), 0);
    cr_assert(strstr(res.output, "gc: collecting generation 2...\n"),
              "%s", res.output);
    cr_assert(strstr(res.output, "gc: objects in each generation: "));
    cr_assert(strstr(res.output, "gc: collectable <list 0x"));
    cr_assert(strstr(res.output, "gc: done, 1 unreachable, 0 "
                     "uncollectable, "));
}

typedef struct cb_log {
    int calls;
    oh_gc_phase phases[8];
    oh_gc_info infos[8];
    int64_t nested;
} cb_log;

static int
log_callback(oh_gc_phase phase, const oh_gc_info *info, void *arg)
{
    cb_log *log = arg;
    if (log->calls < 8) {
        log->phases[log->calls] = phase;
        log->infos[log->calls] = *info;
    }
    log->calls++;
    log->nested = oh_gc_collect(2);
    return 0;
}

static int
failing_callback(oh_gc_phase phase, const oh_gc_info *info, void *arg)
{
    oh_err_set(OH_ERR_RUNTIME, "callback failed");
    return -1;
}

Test(gc, callbacks)
{
    quiet();
    cb_log log = {0};
    cr_assert_eq(oh_gc_callback_register(log_callback, &log), 0);
    cr_assert_eq(oh_gc_callback_register(failing_callback, NULL), 0);
    create_cycle();
    oh_err_set(OH_ERR_KEY, "mine");
    cr_assert_eq(oh_gc_collect(1), 1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_KEY);
    oh_err_clear();
    cr_assert_eq(log.calls, 2);
    cr_assert_eq(log.phases[0], OH_GC_START);
    cr_assert_eq(log.infos[0].generation, 1);
    cr_assert_eq(log.infos[0].collected, 0);
    cr_assert_eq(log.phases[1], OH_GC_STOP);
    cr_assert_eq(log.infos[1].collected, 1);
    cr_assert_eq(log.infos[1].uncollectable, 0);
    cr_assert_eq(log.nested, 0, "no collection inside a callback");
    cr_assert_eq(oh_gc_callback_unregister(log_callback, &log), 0);
    cr_assert_eq(oh_gc_callback_unregister(log_callback, &log), -1);
    oh_err_clear();
    oh_gc_collect(0);
    cr_assert_eq(log.calls, 2);
    cr_assert_eq(oh_gc_callback_unregister(failing_callback, NULL), 0);
}

Test(gc, stats)
{
    quiet();
    oh_gc_stats before[3], after[3];
    oh_gc_get_stats(before);
    create_cycle();
    create_cycle();
    oh_gc_collect(0);
    oh_gc_collect(2);
    oh_gc_get_stats(after);
    cr_assert_eq(after[0].collections - before[0].collections, 1);
    cr_assert_eq(after[0].collected - before[0].collected, 2);
    cr_assert_eq(after[2].collections - before[2].collections, 1);
    cr_assert_eq(after[2].uncollectable, 0);
}

Test(gc, full_collection_clears_free_lists)
{
    quiet();
    oh_object *t = oh_tuple_pack(1, OH_NONE);
    oh_decref(t);
    cr_assert_gt(OHI_RT->obj.tuple_nfree[1], 0);
    oh_gc_collect(1);
    cr_assert_gt(OHI_RT->obj.tuple_nfree[1], 0);
    oh_gc_collect(2);
    cr_assert_eq(OHI_RT->obj.tuple_nfree[1], 0);
}

Test(gc, long_cycle_goes_through_the_trashcan, .timeout = 60)
{
    quiet();
    size_t base = live_blocks();
    /* 200,000 nested lists whose innermost holds the outermost. */
    oh_object *first = oh_list_new(), *cur = first;
    oh_incref(cur);
    for (int i = 0; i < 200000; i++) {
        oh_object *next = oh_list_new();
        oh_list_append(cur, next);
        oh_decref(cur);
        cur = next;
    }
    oh_list_append(cur, first);
    oh_decref(cur);
    oh_decref(first);
    cr_assert_eq(oh_gc_collect(2), 200001);
    cr_assert_eq(live_blocks(), base);
}

Test(gc, finalizer_resurrection_by_reference_counting_retracks)
{
    quiet();
    stash = oh_list_new();
    oh_object *r = new_node(&resurrecting_node);
    oh_decref(r);                       /* finalizer stashes it */
    cr_assert_eq(oh_list_size(stash), 1);
    cr_assert(oh_gc_is_tracked(r), "a live container is tracked again");
    cr_assert(oh_gc_is_finalized(r));
    oh_list_clear(stash);               /* dies for good: no 2nd call */
    cr_assert_eq(finalized, 1);
    oh_decref(stash);
}

/* A traverse written without OH_VISIT, that hands NULL fields to visit as
 * they are (C9: the collector and every other visitor skip NULL). */
static int
raw_traverse(oh_object *self, oh_visitproc visit, void *arg)
{
    int r = visit(((node *)self)->a, arg);
    return r != 0 ? r : visit(((node *)self)->b, arg);
}

static const oh_type raw_node_type = {
    .name = "RawNode",
    .basicsize = sizeof(node),
    .flags = OH_TYPE_CONTAINER,
    .traverse = raw_traverse,
    .clear = node_clear,
};

static void
null_visits_in_debug_mode(void)
{
    if (oh_alloc_set_debug(1) != 0)
        _exit(3);
    oh_object *n = oh_object_new(&raw_node_type);
    oh_object *l = oh_list_new();
    oh_incref(l);
    ((node *)n)->a = l;
    oh_list_append(l, n);
    oh_object *small = oh_int_from_i64(7);     /* a static immortal */
    oh_list_append(l, small);
    oh_decref(n);
    oh_decref(l);
    _exit(oh_gc_collect(2) == 2 ? 0 : 4);
}

Test(gc, a_traverse_may_visit_null)
{
    size_t before = live_blocks();
    oh_object *n = oh_object_new(&raw_node_type);       /* a and b NULL */
    oh_object *l = oh_list_new();
    oh_incref(l);
    ((node *)n)->a = l;                 /* n -> l -> n: a cycle, b NULL */
    oh_list_append(l, n);
    oh_object *refs = oh_gc_get_referents(&n, 1);
    cr_assert_eq(oh_list_size(refs), 1, "NULL is no referent");
    oh_decref(refs);
    oh_object *chain = oh_find_backref_chain(l);
    cr_assert_eq(oh_list_size(chain), 2, "n -> l");
    oh_decref(chain);
    oh_object *referrers = oh_gc_get_referrers(&l, 1);
    cr_assert_eq(oh_list_size(referrers), 1);
    oh_decref(referrers);
    oh_decref(n);
    oh_decref(l);
    int64_t found = oh_gc_collect(2);
    cr_assert_eq(found, 2, "the cycle is found through it: %" PRId64, found);
    cr_assert_eq(live_blocks(), before);
    /* The same in debug mode, where every child is checked (C10). */
    child_result r;
    cr_assert_eq(run_in_child(null_visits_in_debug_mode, &r), 0);
    cr_assert_eq(r.exit_code, 0, "%s", r.output);
}

/* ==========================================================================
 * The observer (C11, C12): what a tool is told about a collection
 * ========================================================================== */

#define MAX_SEEN 64
static struct seen_event {
    ohi_gc_obs_event ev;
    oh_object *o, *other;
    int generation;
    intptr_t refcnt;                    /* o's count when told */
} seen_events[MAX_SEEN];
static int nseen;

static void
note_event(ohi_gc_obs_event ev, oh_object *o, oh_object *other,
           int generation, void *arg)
{
    cr_assert_eq(arg, &nseen);
    if (nseen < MAX_SEEN)
        seen_events[nseen++] = (struct seen_event){ev, o, other, generation,
                                                   o->refcnt};
}

/* How many events of kind ev were told about o. */
static int
told(ohi_gc_obs_event ev, const oh_object *o)
{
    int n = 0;
    for (int i = 0; i < nseen; i++)
        n += seen_events[i].ev == ev && seen_events[i].o == o;
    return n;
}

Test(gc, observer_sees_unreachable_callbacks_finalizers_in_order)
{
    quiet();
    callbacks_run = 0;
    nseen = 0;
    oh_object *x = new_node(&counted_node), *y = new_node(&counted_node);
    set_field(&A(x), y);
    set_field(&A(y), x);
    oh_object *wr = oh_weakref_new(x, note_callback);
    oh_object *keep = oh_list_new();    /* survives gen 0 */
    ohi_gc_set_observer(note_event, &nseen);
    oh_decref(x);
    oh_decref(y);
    cr_assert_eq(oh_gc_collect(0), 2);
    ohi_gc_set_observer(NULL, NULL);
    cr_assert_eq(told(OHI_GC_OBS_UNREACHABLE, x), 1);
    cr_assert_eq(told(OHI_GC_OBS_UNREACHABLE, y), 1);
    cr_assert_eq(told(OHI_GC_OBS_FINALIZE, x), 1);
    cr_assert_eq(told(OHI_GC_OBS_FINALIZE, y), 1);
    cr_assert_eq(told(OHI_GC_OBS_CALLBACK, wr), 1);
    cr_assert_eq(told(OHI_GC_OBS_PROMOTED, keep), 1);
    cr_assert_eq(told(OHI_GC_OBS_RESURRECTED, x), 0);
    cr_assert_eq(callbacks_run, 1);
    oh_decref(seen_by_callback);
    /* The order of the steps: every unreachable object first (step 6,
     * before any weak reference is cleared), then the callback (its
     * referent given), then the finalizers (step 8). */
    int last_unreachable = -1, callback = -1, first_finalize = -1;
    for (int i = 0; i < nseen; i++) {
        struct seen_event *e = &seen_events[i];
        cr_assert_eq(e->generation, 0);
        if (e->ev == OHI_GC_OBS_UNREACHABLE)
            last_unreachable = i;
        if (e->ev == OHI_GC_OBS_CALLBACK) {
            callback = i;
            cr_assert_eq(e->other, x);
        }
        if (e->ev == OHI_GC_OBS_FINALIZE && first_finalize < 0)
            first_finalize = i;
    }
    cr_assert(last_unreachable < callback && callback < first_finalize);
    /* Told while intact: each of x and y held by the other only. */
    for (int i = 0; i < nseen; i++) {
        if (seen_events[i].ev == OHI_GC_OBS_UNREACHABLE)
            cr_assert_eq(seen_events[i].refcnt, 1);
    }
    oh_decref(wr);
    oh_decref(keep);
}

Test(gc, observer_sees_resurrection_and_nothing_once_removed)
{
    quiet();
    nseen = 0;
    stash = oh_list_new();
    oh_object *r = new_node(&resurrecting_node);
    set_field(&A(r), r);
    oh_decref(r);
    ohi_gc_set_observer(note_event, &nseen);
    cr_assert_eq(oh_gc_collect(2), 0);
    cr_assert_eq(told(OHI_GC_OBS_UNREACHABLE, r), 1);
    cr_assert_eq(told(OHI_GC_OBS_FINALIZE, r), 1);
    cr_assert_eq(told(OHI_GC_OBS_RESURRECTED, r), 1);
    cr_assert_eq(told(OHI_GC_OBS_PROMOTED, stash), 0,
                 "generation 2's survivors stay where they are");
    ohi_gc_set_observer(NULL, NULL);
    int before = nseen;
    oh_list_clear(stash);
    cr_assert_eq(oh_gc_collect(2), 1);
    cr_assert_eq(nseen, before, "no observer, no calls");
    oh_decref(stash);
    stash = NULL;
}

#if OH_ASSERTS
/* C11 in a build that checks the invariants (make debug, and make test's
 * sanitizer build): an observer that takes a reference to what it is
 * told about stops the collection, naming the check. */
static void
observer_increfs(ohi_gc_obs_event ev, oh_object *o, oh_object *other,
                 int generation, void *arg)
{
    (void)ev;
    (void)other;
    (void)generation;
    (void)arg;
    oh_incref(o);
}

static void
collect_under_a_meddling_observer(void)
{
    quiet();
    oh_object *x = new_node(&counted_node), *y = new_node(&counted_node);
    set_field(&A(x), y);
    set_field(&A(y), x);
    oh_decref(x);
    oh_decref(y);
    ohi_gc_set_observer(observer_increfs, NULL);
    oh_gc_collect(0);
}

Test(gc, observer_that_changes_a_count_is_caught)
{
    cr_assert(expect_abort(collect_under_a_meddling_observer,
                           "assertion failed: o->refcnt == refcnt"));
    cr_assert(expect_abort(collect_under_a_meddling_observer,
                           "in observe"));
}
#endif
