/* test_set.c -- src/types/set.c: add/contains/discard/remove/pop, no
 * duplicates across equal numbers, unhashable items, safe iteration,
 * growth, sizes. */
#include <criterion/criterion.h>

#include "internal.h"
#include "testutil.h"

Test(set, add_contains_discard)
{
    size_t base = live_blocks();
    oh_object *s = oh_set_new();
    oh_object *a = S("a"), *one = I(1), *f = oh_float_from_double(1.0);
    cr_assert_eq(oh_set_add(s, a), 0);
    cr_assert_eq(oh_set_add(s, one), 0);
    cr_assert_eq(oh_set_add(s, f), 0, "1.0 == 1: not added again");
    cr_assert_eq(oh_set_add(s, OH_TRUE), 0);
    cr_assert_eq(oh_set_size(s), 2);
    cr_assert_eq(oh_refcount(a), 2);
    cr_assert_eq(oh_refcount(f), 1);
    cr_assert_eq(oh_set_contains(s, f), 1);
    cr_assert_eq(oh_set_discard(s, a), 1);
    cr_assert_eq(oh_set_discard(s, a), 0);
    cr_assert_eq(oh_refcount(a), 1);
    cr_assert_eq(oh_set_remove(s, a), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_KEY);
    cr_assert_str_eq(oh_err_message(), "'a'");
    oh_err_clear();
    cr_assert(repr_is(s, "{1}"));
    oh_object *p = oh_set_pop(s);
    cr_assert_eq(p, one);
    oh_decref(p);
    cr_assert_null(oh_set_pop(s));
    cr_assert_str_eq(oh_err_message(), "pop from an empty set");
    oh_err_clear();
    cr_assert(repr_is(s, "set()"));
    oh_decref(a);
    oh_decref(one);
    oh_decref(f);
    oh_decref(s);
    cr_assert_eq(live_blocks(), base);
}

Test(set, unhashable_and_wrong_types)
{
    oh_object *s = oh_set_new(), *l = oh_list_new();
    cr_assert_eq(oh_set_add(s, l), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_TYPE);
    cr_assert_str_eq(oh_err_message(), "unhashable type: 'list'");
    oh_err_clear();
    cr_assert_eq(oh_set_size(s), 0);
    cr_assert_eq(oh_set_add(l, s), -1);
    cr_assert_str_eq(oh_err_message(), "expected set, got list");
    oh_err_clear();
    oh_decref(s);
    oh_decref(l);
}

Test(set, many_items_growth_and_pop_all)
{
    size_t base = live_blocks();
    enum { N = 100000 };
    oh_object *s = oh_set_new();
    for (int i = 0; i < N; i++) {
        oh_object *v = I(i);
        cr_assert_eq(oh_set_add(s, v), 0);
        oh_decref(v);
    }
    cr_assert_eq(oh_set_size(s), N);
    for (int i = 0; i < N; i += 3) {
        oh_object *v = I(i);
        cr_assert_eq(oh_set_discard(s, v), 1);
        oh_decref(v);
    }
    for (int i = 0; i < N; i++) {
        oh_object *v = I(i);
        cr_assert_eq(oh_set_contains(s, v), i % 3 != 0, "%d", i);
        oh_decref(v);
    }
    int64_t n = oh_set_size(s), popped = 0;
    oh_object *p;
    while ((p = oh_set_pop(s)) != NULL) {
        popped++;
        oh_decref(p);
    }
    oh_err_clear();
    cr_assert_eq(popped, n);
    oh_decref(s);
    cr_assert_eq(live_blocks(), base);
}

Test(set, iteration_is_safe)
{
    oh_object *s = oh_set_new();
    for (int i = 0; i < 10; i++) {
        oh_object *v = I(i);
        oh_set_add(s, v);
        oh_decref(v);
    }
    oh_set_iter it;
    oh_object *item;
    int64_t sum = 0, n = 0;
    int rc;
    oh_set_iter_init(&it, s);
    while ((rc = oh_set_iter_next(&it, &item)) == 1) {
        int64_t v;
        oh_int_as_i64(item, &v);
        sum += v;
        n++;
    }
    cr_assert_eq(rc, 0);
    cr_assert_eq(n, 10);
    cr_assert_eq(sum, 45);
    oh_set_iter_init(&it, s);
    cr_assert_eq(oh_set_iter_next(&it, &item), 1);
    oh_object *v = I(100);
    oh_set_add(s, v);
    cr_assert_eq(oh_set_iter_next(&it, &item), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_RUNTIME);
    cr_assert_str_eq(oh_err_message(), "Set changed size during iteration");
    oh_err_clear();
    oh_decref(v);
    oh_decref(s);
}

Test(set, sizes_and_equality)
{
    /* sys.getsizeof after each of 20 adds, CPython 3.11. */
    static const size_t cpython[20] = {
        216, 216, 216, 216, 728, 728, 728, 728, 728, 728,
        728, 728, 728, 728, 728, 728, 728, 728, 2264, 2264};
    oh_object *s = oh_set_new(), *t = oh_set_new();
    cr_assert_eq(oh_getsizeof(s), 80);
    for (int i = 0; i < 20; i++) {
        oh_object *v = I(i);
        oh_set_add(s, v);
        oh_set_add(t, v);
        cr_assert_leq(oh_getsizeof(s), cpython[i], "after %d adds", i + 1);
        size_t cpy_slots = cpython[i] == 216 ? 8 : (cpython[i] - 216) / 16;
        cr_assert_eq((oh_getsizeof(s) - 80) / 16, cpy_slots,
                     "the same table as CPython after %d adds", i + 1);
        oh_decref(v);
    }
    cr_assert_eq(oh_equal(s, t), 1);
    oh_object *x = S("x");
    oh_set_add(t, x);
    cr_assert_eq(oh_equal(s, t), 0);
    oh_decref(x);
    oh_decref(s);
    oh_decref(t);
}
