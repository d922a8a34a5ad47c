/*
 * test_oom.c -- out of memory at every allocation of a realistic workload.
 *
 * The workload builds and mutates lists, dicts, sets, strs, bytes, tuples
 * and instances, formats reprs, interns names, slices and concatenates,
 * then drops everything.  It is first run with fault injection armed but
 * never firing, to count its allocations (T); then once for every N in
 * 1..T with the Nth allocation failing, and once more for every N with
 * the Nth and all later allocations failing.  Each run must either
 * succeed or stop with MemoryError (no other error may surface: a failed
 * allocation must never be mistaken for, say, a missing key), and
 * afterwards the allocator's count of blocks in use must be back at its
 * starting value: nothing leaked, under ASan nothing was touched after
 * being freed.
 *
 * The baseline is taken with the object layer's caches empty: tuple free
 * lists are cleared by oh_object_clear_freelists (live_blocks() in
 * testutil.h) before each comparison, and the interned-str table frees
 * itself when its last str dies (str.c, R3), so caches never count as
 * leaks.
 */
#include <criterion/criterion.h>

#include "internal.h"
#include "testutil.h"

#include <limits.h>

static int finalizers_run;

static void
finalizer(oh_object *self)
{
    finalizers_run++;
    /* A finalizer that allocates, and may fail: its error is discarded. */
    oh_object *r = oh_repr(self);
    oh_xdecref(r);
}

#define CHECK(expr)                                                         \
    do {                                                                    \
        if (!(expr))                                                        \
            goto fail;                                                      \
    } while (0)

/* 0 on success; -1 with an error set. */
static int
workload(void)
{
    int rc = -1;
    oh_object *cls = NULL, *list = NULL, *dict = NULL, *set = NULL;
    oh_object *tmp = NULL, *tmp2 = NULL, *tmp3 = NULL, *inst = NULL;
    oh_object *key = NULL;

    CHECK(cls = oh_class_new("Record", finalizer));
    CHECK(list = oh_list_new());
    CHECK(dict = oh_dict_new());
    CHECK(set = oh_set_new());
    for (int i = 0; i < 40; i++) {
        CHECK(tmp = oh_int_from_i64(i * 1000));
        CHECK(oh_list_append(list, tmp) == 0);
        CHECK(oh_set_add(set, tmp) == 0);
        CHECK(key = oh_str_from_format("key-%d", i));
        CHECK(tmp2 = oh_tuple_pack(2, key, tmp));
        CHECK(oh_dict_set(dict, key, tmp2) == 0);
        oh_decref(tmp2);
        tmp2 = NULL;
        oh_decref(key);
        key = NULL;
        oh_decref(tmp);
        tmp = NULL;
    }
    for (int i = 0; i < 8; i++) {
        CHECK(inst = oh_instance_new(cls));
        CHECK(tmp = oh_float_from_double(i * 0.5));
        CHECK(oh_instance_setattr(inst, "value", tmp) == 0);
        CHECK(oh_instance_setattr(inst, "items", list) == 0);
        CHECK(tmp2 = oh_str_intern_cstr("shared-name"));
        CHECK(oh_instance_setattr(inst, "name", tmp2) == 0);
        CHECK(oh_list_insert(list, 0, inst) == 0);
        oh_decref(tmp2);
        tmp2 = NULL;
        oh_decref(tmp);
        tmp = NULL;
        oh_decref(inst);
        inst = NULL;
    }
    /* Slices, concatenation, strs and bytes. */
    CHECK(tmp = oh_list_slice(list, 2, 30));
    CHECK(tmp2 = oh_list_concat(tmp, list));
    CHECK(oh_list_extend(tmp2, tmp) == 0);
    oh_decref(tmp2);
    tmp2 = NULL;
    oh_decref(tmp);
    tmp = NULL;
    CHECK(tmp = oh_str_from_cstr("h\xc3\xa9llo "));
    CHECK(tmp2 = oh_str_from_cstr("w\xc3\xb6rld"));
    CHECK(tmp3 = oh_str_concat(tmp, tmp2));
    CHECK(oh_dict_set(dict, tmp3, set) == 0);
    oh_decref(tmp3);
    tmp3 = NULL;
    CHECK(tmp3 = oh_bytes_from("\x00\x01", 2));
    CHECK(oh_set_add(set, tmp3) == 0);
    oh_decref(tmp3);
    tmp3 = NULL;
    oh_decref(tmp);
    oh_decref(tmp2);
    tmp = tmp2 = NULL;
    /* Mutation: deletes, pops, overwrites, then a repr of everything. */
    for (int i = 0; i < 40; i += 3) {
        CHECK(key = oh_str_from_format("key-%d", i));
        CHECK(oh_dict_delete(dict, key) == 0);
        oh_decref(key);
        key = NULL;
        CHECK(tmp = oh_list_pop(list, -1));
        oh_decref(tmp);
        tmp = NULL;
    }
    for (int i = 100; i < 130; i++) {
        CHECK(key = oh_int_from_i64(i * 7));
        CHECK(oh_dict_set(dict, key, list) == 0);
        oh_decref(key);
        key = NULL;
    }
    CHECK(tmp = oh_repr(dict));
    oh_decref(tmp);
    CHECK(tmp = oh_repr(list));
    oh_decref(tmp);
    tmp = NULL;
    CHECK(tmp = oh_dict_keys(dict));
    oh_decref(tmp);
    tmp = NULL;
    rc = 0;
fail:
    oh_xdecref(key);
    oh_xdecref(tmp);
    oh_xdecref(tmp2);
    oh_xdecref(tmp3);
    oh_xdecref(inst);
    /* Instances hold the list and the list holds them: this workload
     * breaks the cycle by hand (the object layer's own leak check); the gc
     * workload below leaves its cycles to the collector. */
    if (list != NULL)
        oh_list_clear(list);
    oh_xdecref(set);
    oh_xdecref(dict);
    oh_xdecref(list);
    oh_xdecref(cls);
    return rc;
}

static unsigned long
count_allocations(void)
{
    oh_alloc_set_fail(ULONG_MAX, 0);
    int rc = workload();
    unsigned long total = oh_alloc_fail_counter();
    oh_alloc_set_fail(0, 0);
    cr_assert_eq(rc, 0, "the workload succeeds with enough memory: %s",
                 oh_err_message());
    return total;
}

static void
fail_each(int every)
{
    size_t base = live_blocks();
    unsigned long total = count_allocations();
    cr_assert_gt(total, 500, "a workload worth the name (%lu)", total);
    cr_assert_eq(live_blocks(), base);
    unsigned long failed_runs = 0;
    for (unsigned long n = 1; n <= total; n++) {
        oh_err_clear();
        oh_alloc_set_fail(n, every);
        int rc = workload();
        oh_alloc_set_fail(0, 0);
        if (rc < 0) {
            failed_runs++;
            cr_assert_eq(oh_err_occurred(), OH_ERR_MEMORY,
                         "allocation %lu: %s (%s)", n,
                         oh_err_kind_name(oh_err_occurred()),
                         oh_err_message());
        }
        oh_err_clear();
        cr_assert_eq(live_blocks(), base, "allocation %lu failing leaked "
                     "%zd blocks", n, (ssize_t)(live_blocks() - base));
        cr_assert_eq(OHI_RT->obj.trash_depth, 0);
        cr_assert_eq(OHI_RT->obj.recursion_depth, 0);
        cr_assert_eq(OHI_RT->obj.repr_len, 0);
    }
    /* Most failures stop the workload; a few hit allocations whose failure
     * is absorbed (a finalizer's repr), and those runs succeed. */
    cr_assert_gt(failed_runs, total / 2);
}

Test(oom, nth_allocation_fails, .timeout = 300)
{
    fail_each(0);
}

Test(oom, nth_and_all_later_allocations_fail, .timeout = 300)
{
    fail_each(1);
}

Test(oom, finalizers_still_run_once)
{
    finalizers_run = 0;
    cr_assert_eq(workload(), 0);
    cr_assert_eq(finalizers_run, 8);
}

/* ==========================================================================
 * The collector's workload: cycles of lists, dicts and instances with
 * finalizers, weak references with callbacks, a weak-value dict, a
 * finalize object, freeze, and collections of every generation.  The
 * cycles are left for the collector: after each run (failed or not) a
 * full collection must bring the heap back to its starting point.
 * ========================================================================== */

static int gc_callbacks_run;

static int
gc_callback(oh_object *ref, oh_object *data)
{
    gc_callbacks_run++;
    /* A callback that allocates, and may fail: reported, ignored. */
    oh_object *l = oh_list_new();
    if (l == NULL)
        return -1;
    oh_decref(l);
    return 0;
}

/* Counted in a static, not in gc_workload's frame: a finalizer may run in
 * a later collection, after gc_workload has returned. */
static int fin_count;

static void
noop_finalize(void *arg)
{
    (*(int *)arg)++;
}

static int
gc_workload(void)
{
    int rc = -1;
    oh_object *cls = NULL, *a = NULL, *b = NULL, *l = NULL, *d = NULL;
    oh_object *wr = NULL, *wvd = NULL, *key = NULL, *f = NULL;
    oh_object *keep = NULL;
    CHECK(keep = oh_list_new());
    CHECK(cls = oh_class_new("Cyclic", finalizer));
    CHECK(wvd = oh_weakvaluedict_new());
    for (int i = 0; i < 12; i++) {
        CHECK(a = oh_instance_new(cls));
        CHECK(b = oh_instance_new(cls));
        CHECK(oh_instance_setattr(a, "peer", b) == 0);
        CHECK(oh_instance_setattr(b, "peer", a) == 0);
        CHECK(l = oh_list_new());
        CHECK(oh_list_append(l, l) == 0);
        CHECK(oh_list_append(l, a) == 0);
        CHECK(d = oh_dict_new());
        CHECK(oh_dict_set_str(d, "list", l) == 0);
        CHECK(oh_instance_setattr(b, "d", d) == 0);
        CHECK(wr = oh_weakref_new_data(a, gc_callback, l));
        CHECK(oh_list_append(keep, wr) == 0);
        CHECK(key = oh_str_from_format("k%d", i));
        CHECK(oh_weakdict_set(wvd, key, b) == 0);
        if (i % 4 == 0) {
            CHECK(f = oh_finalize(b, noop_finalize, &fin_count));
            oh_decref(f);
            f = NULL;
        }
        oh_decref(key);
        key = NULL;
        oh_decref(wr);
        wr = NULL;
        oh_decref(d);
        d = NULL;
        oh_decref(l);
        l = NULL;
        oh_decref(a);
        oh_decref(b);
        a = b = NULL;
        if (i == 5)
            oh_gc_collect(0);
        if (i == 8) {
            oh_gc_freeze();
            oh_gc_unfreeze();
            oh_gc_collect(1);
        }
    }
    CHECK(oh_gc_collect(2) >= 0);
    rc = 0;
fail:
    oh_xdecref(key);
    oh_xdecref(wr);
    oh_xdecref(d);
    oh_xdecref(l);
    oh_xdecref(a);
    oh_xdecref(b);
    oh_xdecref(f);
    oh_xdecref(wvd);
    oh_xdecref(keep);
    oh_xdecref(cls);
    return rc;
}

static void
gc_fail_each(int every)
{
    oh_gc_disable();
    oh_gc_collect(2);
    size_t base = live_blocks();
    oh_alloc_set_fail(ULONG_MAX, 0);
    cr_assert_eq(gc_workload(), 0, "%s", oh_err_message());
    unsigned long total = oh_alloc_fail_counter();
    oh_alloc_set_fail(0, 0);
    oh_gc_collect(2);
    cr_assert_eq(live_blocks(), base);
    cr_assert_gt(total, 200, "a workload worth the name (%lu)", total);
    for (unsigned long n = 1; n <= total; n++) {
        oh_err_clear();
        oh_alloc_set_fail(n, every);
        int rc = gc_workload();
        oh_alloc_set_fail(0, 0);
        if (rc < 0)
            cr_assert_eq(oh_err_occurred(), OH_ERR_MEMORY,
                         "allocation %lu: %s (%s)", n,
                         oh_err_kind_name(oh_err_occurred()),
                         oh_err_message());
        oh_err_clear();
        oh_gc_collect(2);
        cr_assert_eq(live_blocks(), base, "allocation %lu failing leaked "
                     "%zd blocks", n, (ssize_t)(live_blocks() - base));
        cr_assert_eq(OHI_RT->weakref.nfinalizers, 0);
        cr_assert(!OHI_RT->gc.collecting);
    }
}

Test(oom, gc_nth_allocation_fails, .timeout = 300)
{
    gc_fail_each(0);
}

Test(oom, gc_nth_and_all_later_allocations_fail, .timeout = 300)
{
    gc_fail_each(1);
}
