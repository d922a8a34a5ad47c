/* test_set.c -- src/types/set.c: add/contains/discard/remove/pop, no
 * duplicates across equal numbers, unhashable items, safe iteration,
 * growth, sizes; CPython 3.11's iteration order after adds, removals,
 * pops and every set operation, frozenset and its hash (expected values
 * computed with python3 3.11.7). */
#include <criterion/criterion.h>

#include "internal.h"
#include "testutil.h"

#include <limits.h>

Test(set, add_contains_discard)
{
    size_t base = live_blocks();
    oh_object *s = oh_set_new();
    /* Not a one-character str: those are immortal, like CPython's. */
    oh_object *a = S("apple"), *one = I(1), *f = oh_float_from_double(1.0);
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
    cr_assert_str_eq(oh_err_message(), "'apple'");
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
    cr_assert_eq(oh_getsizeof(s), 88, "no table yet: 72 + the gc head");
    for (int i = 0; i < 20; i++) {
        oh_object *v = I(i);
        oh_set_add(s, v);
        oh_set_add(t, v);
        cr_assert_leq(oh_getsizeof(s), cpython[i], "after %d adds", i + 1);
        size_t cpy_slots = cpython[i] == 216 ? 8 : (cpython[i] - 216) / 16;
        cr_assert_eq((oh_getsizeof(s) - 88) / 16, cpy_slots,
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

/* A set made by adding the n ints of vals in order (as a loop of
 * s.add() or a set comprehension does). */
static oh_object *
set_of_ints(const int64_t *vals, size_t n)
{
    oh_object *s = oh_set_new();
    for (size_t i = 0; i < n; i++) {
        oh_object *v = I(vals[i]);
        cr_assert_eq(oh_set_add(s, v), 0);
        oh_decref(v);
    }
    return s;
}

#define SET_OF(...)                                                         \
    set_of_ints((const int64_t[]){__VA_ARGS__},                             \
                sizeof((const int64_t[]){__VA_ARGS__}) / sizeof(int64_t))

/* 1 if repr(o) is want; drops o. */
static int
shows(oh_object *o, const char *want)
{
    cr_assert_not_null(o, "%s", oh_err_message());
    int ok = repr_is(o, want);
    oh_decref(o);
    return ok;
}

Test(set, iteration_order_is_cpythons)
{
    size_t base = live_blocks();
    /* s = set(); s.add(v) for each: print(s) */
    cr_assert(shows(SET_OF(10, 100, 5, 3, 1000000, -1),
                    "{1000000, 3, 100, 5, 10, -1}"));
    cr_assert(shows(SET_OF(17, 3, 99, -4, 1024, 65, 33, 1, (int64_t)1 << 40,
                           8, 16, 24, 7),
                    "{1024, 65, 33, 99, 3, 1, 1099511627776, 7, 8, 16, 17, "
                    "24, -4}"));
    /* {x * x % 37 for x in range(50)} */
    int64_t sq[50];
    for (int x = 0; x < 50; x++)
        sq[x] = x * x % 37;
    cr_assert(shows(set_of_ints(sq, 50),
                    "{0, 1, 3, 4, 7, 9, 10, 11, 12, 16, 21, 25, 26, 27, 28, "
                    "30, 33, 34, 36}"));
    /* s = set(range(30)); discard the evens; add 100..110 */
    oh_object *s = oh_set_new();
    for (int64_t v = 0; v < 30; v++) {
        oh_object *o = I(v);
        oh_set_add(s, o);
        oh_decref(o);
    }
    for (int64_t v = 0; v < 30; v += 2) {
        oh_object *o = I(v);
        cr_assert_eq(oh_set_discard(s, o), 1);
        oh_decref(o);
    }
    for (int64_t v = 100; v <= 110; v++) {
        oh_object *o = I(v);
        oh_set_add(s, o);
        oh_decref(o);
    }
    cr_assert(shows(s, "{1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, "
                       "29, 100, 101, 102, 103, 104, 105, 106, 107, 108, "
                       "109, 110}"));
    /* A new key takes the last dummy on its probe path, as in 3.11:
     * s = {0, ..., 5}; discard 1 and 2; add 33 -> {0, 33, 3, 4, 5}. */
    s = SET_OF(0, 1, 2, 3, 4, 5);
    oh_object *one = I(1), *two = I(2), *v33 = I(33);
    oh_set_discard(s, one);
    oh_set_discard(s, two);
    oh_set_add(s, v33);
    cr_assert(shows(s, "{0, 33, 3, 4, 5}"));
    oh_decref(one);
    oh_decref(two);
    oh_decref(v33);
    /* Pops come in CPython's order. */
    s = SET_OF(11, 22, 33, 44, 55, 66, 77, 88, 99, 110);
    static const int64_t popped[10] = {33, 66, 99, 11, 44, 77, 110, 22, 55,
                                       88};
    for (int i = 0; i < 10; i++) {
        oh_object *p = oh_set_pop(s);
        int64_t v;
        oh_int_as_i64(p, &v);
        cr_assert_eq(v, popped[i], "pop %d", i);
        oh_decref(p);
    }
    oh_decref(s);
    cr_assert_eq(live_blocks(), base);
}

Test(set, floats_tuples_and_big_ints_in_cpythons_order)
{
    oh_object *s = oh_set_new();
    oh_object *one = I(1), *two = I(2), *zero = I(0);
    oh_object *items[] = {oh_float_from_double(1.5), oh_tuple_pack(2, one,
                                                                   two),
                          I(3), oh_float_from_double(2.5),
                          oh_tuple_pack(1, zero),
                          oh_float_from_double(-0.5),
                          oh_int_lshift(one, oh_int_from_i64(100))};
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        cr_assert_eq(oh_set_add(s, items[i]), 0);
        oh_decref(items[i]);
    }
    cr_assert(shows(s, "{-0.5, 1.5, 2.5, 3, (1, 2), "
                       "1267650600228229401496703205376, (0,)}"));
    oh_decref(one);
    oh_decref(two);
    oh_decref(zero);
}

/* The operators and their in-place forms, with sets and lists. */
Test(set, operations_insert_in_cpythons_order)
{
    size_t base = live_blocks();
    oh_object *a = SET_OF(3, 14, 15, 92, 65, 35, 89, 79, 32, 38, 46, 26, 43);
    oh_object *b = SET_OF(27, 18, 28, 18, 28, 45, 90, 45, 23, 53, 60, 28, 74,
                          71, 35, 26, 43, 38);
    cr_assert(repr_is(a, "{32, 65, 3, 35, 38, 43, 14, 15, 79, 46, 89, 26, "
                         "92}"));
    cr_assert(repr_is(b, "{35, 26, 38, 71, 74, 43, 45, 60, 18, 53, 23, 90, "
                         "27, 28}"));
    cr_assert(shows(oh_set_union(a, b),
                    "{65, 3, 71, 74, 14, 15, 79, 18, 23, 89, 26, 90, 92, "
                    "27, 28, 32, 35, 38, 43, 45, 46, 53, 60}"));
    cr_assert(shows(oh_set_union(b, a),
                    "{65, 3, 71, 74, 14, 15, 79, 18, 23, 89, 26, 90, 27, "
                    "28, 92, 32, 35, 38, 43, 45, 46, 53, 60}"));
    cr_assert(shows(oh_set_intersection(a, b), "{43, 26, 35, 38}"));
    cr_assert(shows(oh_set_intersection(b, a), "{43, 26, 35, 38}"));
    cr_assert(shows(oh_set_difference(a, b),
                    "{32, 65, 3, 14, 15, 79, 46, 89, 92}"));
    cr_assert(shows(oh_set_difference(b, a),
                    "{71, 74, 45, 28, 18, 53, 23, 90, 27, 60}"));
    cr_assert(shows(oh_set_symmetric_difference(a, b),
                    "{3, 14, 15, 18, 23, 27, 28, 32, 45, 46, 53, 60, 65, "
                    "71, 74, 79, 89, 90, 92}"));
    cr_assert(shows(oh_set_symmetric_difference(b, a),
                    "{65, 3, 71, 74, 14, 15, 79, 18, 23, 89, 90, 27, 92, "
                    "28, 32, 45, 46, 53, 60}"));
    /* With a list: a.union(l), a.intersection(l), ... */
    oh_object *lst = oh_list_new();
    int64_t lv[] = {43, 7, 3, 3, 100, 14, 92};
    for (size_t i = 0; i < sizeof lv / sizeof lv[0]; i++) {
        oh_object *o = I(lv[i]);
        oh_list_append(lst, o);
        oh_decref(o);
    }
    oh_object *big = oh_int_lshift(I(1), I(70)), *v26 = I(26);
    oh_list_append(lst, big);
    oh_list_append(lst, v26);
    oh_decref(big);
    oh_decref(v26);
    cr_assert(shows(oh_set_union(a, lst),
                    "{32, 65, 1180591620717411303424, 3, 35, 100, 38, 7, 43, "
                    "14, 15, 79, 46, 89, 26, 92}"));
    cr_assert(shows(oh_set_intersection(a, lst), "{3, 43, 14, 26, 92}"));
    cr_assert(shows(oh_set_difference(a, lst),
                    "{32, 65, 35, 38, 15, 79, 46, 89}"));
    cr_assert(shows(oh_set_symmetric_difference(a, lst),
                    "{1180591620717411303424, 32, 65, 35, 100, 38, 7, 46, "
                    "15, 79, 89}"));
    /* In place: c = set(a); c op= b. */
    oh_object *c = oh_set_copy(a);
    cr_assert_eq(oh_set_intersection_update(c, b), 0);
    cr_assert(shows(c, "{43, 26, 35, 38}"));
    c = oh_set_from(a);
    cr_assert_eq(oh_set_difference_update(c, b), 0);
    cr_assert(shows(c, "{32, 65, 3, 14, 15, 79, 46, 89, 92}"));
    c = oh_set_from(a);
    cr_assert_eq(oh_set_symmetric_difference_update(c, b), 0);
    cr_assert(shows(c, "{65, 3, 71, 74, 14, 15, 79, 18, 23, 89, 90, 27, 92, "
                       "28, 32, 45, 46, 53, 60}"));
    c = oh_set_from(a);
    oh_object *ls = oh_set_from(lst);
    cr_assert_eq(oh_set_update(c, ls), 0);
    cr_assert(shows(c, "{1180591620717411303424, 65, 3, 7, 14, 15, 79, 89, "
                       "26, 92, 32, 35, 100, 38, 43, 46}"));
    /* Subsets. */
    oh_object *ab = oh_set_intersection(a, b);
    cr_assert_eq(oh_set_issubset(ab, a), 1);
    cr_assert_eq(oh_set_issubset(a, ab), 0);
    cr_assert_eq(oh_set_issuperset(a, ab), 1);
    cr_assert_eq(oh_set_isdisjoint(a, b), 0);
    oh_object *d = oh_set_difference(a, b);
    cr_assert_eq(oh_set_isdisjoint(d, b), 1);
    cr_assert_eq(oh_set_issuperset(a, lst), 0);
    oh_decref(d);
    oh_decref(ab);
    oh_decref(ls);
    oh_decref(lst);
    oh_decref(a);
    oh_decref(b);
    cr_assert_eq(live_blocks(), base);
}

/* A display of three or more constants, {27, 18, 28, ...}, is compiled by
 * CPython 3.11 to BUILD_SET 0; LOAD_CONST frozenset(...); SET_UPDATE 1.
 * The constant is built from the constants' tuple, then rebuilt by the
 * compiler's merging of constants (merge_consts_recursive) from a tuple
 * of its own items in iteration order; SET_UPDATE merges it into the
 * new set slot for slot.  The result is ordered differently from adding
 * the items one by one (the test above); a compiler on this library
 * must make the same two frozensets to print what Python prints. */
Test(set, constant_displays_go_through_a_frozenset)
{
    int64_t vals[] = {27, 18, 28, 18, 28, 45, 90, 45, 23, 53, 60, 28, 74, 71,
                      35, 26, 43, 38};
    size_t n = sizeof vals / sizeof vals[0];
    oh_object *objs[sizeof vals / sizeof vals[0]];
    for (size_t i = 0; i < n; i++)
        objs[i] = I(vals[i]);
    oh_object *t = oh_tuple_from_array(objs, n);
    oh_object *f1 = oh_frozenset_from(t);
    /* tuple(f1), in f1's order */
    oh_object *items[sizeof vals / sizeof vals[0]];
    size_t m = 0;
    oh_set_iter it;
    oh_object *k;
    oh_set_iter_init(&it, f1);
    while (oh_set_iter_next(&it, &k) == 1)
        items[m++] = k;
    oh_object *t2 = oh_tuple_from_array(items, m);
    oh_object *f = oh_frozenset_from(t2);
    oh_object *s = oh_set_new();
    cr_assert_eq(oh_set_update(s, f), 0);
    cr_assert(repr_is(s, "{35, 90, 38, 71, 74, 43, 45, 28, 18, 53, 23, 26, "
                         "27, 60}"));
    for (size_t i = 0; i < n; i++)
        oh_decref(objs[i]);
    oh_decref(s);
    oh_decref(f);
    oh_decref(t2);
    oh_decref(f1);
    oh_decref(t);
}

Test(set, frozenset)
{
    size_t base = live_blocks();
    oh_object *l = oh_list_new();
    oh_object *vals[] = {I(5), I(1), I(9), oh_int_lshift(I(1), I(64)),
                         I(-3)};
    for (size_t i = 0; i < 5; i++) {
        oh_list_append(l, vals[i]);
        oh_decref(vals[i]);
    }
    oh_object *f = oh_frozenset_from(l);
    cr_assert(oh_frozenset_check(f));
    cr_assert(oh_anyset_check(f));
    cr_assert(!oh_set_check(f));
    cr_assert_str_eq(oh_type_name(f), "frozenset");
    cr_assert_eq(OHI_TYPE_KIND(f->type), OHI_KIND_FROZENSET);
    cr_assert(repr_is(f, "frozenset({1, 5, 18446744073709551616, 9, -3})"));
    cr_assert_eq(oh_hash(f), -7712241802544673359LL);
    cr_assert_eq(oh_frozenset_from(f), f, "frozenset(f) is f");
    oh_decref(f);
    cr_assert_eq(oh_set_copy(f), f, "f.copy() is f");
    oh_decref(f);
    /* Immutable: the mutators refuse it. */
    oh_object *x = I(4);
    cr_assert_eq(oh_set_add(f, x), -1);
    cr_assert_str_eq(oh_err_message(), "expected set, got frozenset");
    oh_err_clear();
    cr_assert_eq(oh_set_update(f, l), -1);
    oh_err_clear();
    cr_assert_null(oh_set_pop(f));
    oh_err_clear();
    cr_assert_eq(oh_set_contains(f, x), 0);
    /* frozenset | set is a frozenset, set | frozenset a set. */
    oh_object *s = oh_set_new();
    oh_object *two = I(2);
    oh_set_add(s, x);
    oh_set_add(s, two);
    cr_assert(shows(oh_set_union(f, s),
                    "frozenset({1, 2, 4, 5, 18446744073709551616, 9, -3})"));
    cr_assert(shows(oh_set_union(s, f),
                    "{1, 2, 4, 5, 18446744073709551616, 9, -3}"));
    /* Equal sets and frozensets compare equal; frozensets hash by
     * content (CPython's hash of frozenset(), of {1, 2, 3}). */
    oh_object *fs = oh_frozenset_from(s), *e = oh_frozenset_from(NULL);
    cr_assert_eq(oh_equal(fs, s), 1);
    cr_assert_eq(oh_hash(e), 133146708735736LL);
    cr_assert(repr_is(e, "frozenset()"));
    oh_object *t = oh_tuple_pack(3, I(1), I(2), I(3));
    oh_object *f123 = oh_frozenset_from(t);
    cr_assert_eq(oh_hash(f123), -272375401224217160LL);
    /* A frozenset is a valid set item and dict key. */
    oh_object *outer = oh_set_new();
    cr_assert_eq(oh_set_add(outer, f123), 0);
    cr_assert_eq(oh_set_contains(outer, f123), 1);
    oh_decref(outer);
    oh_decref(f123);
    oh_decref(t);
    oh_decref(e);
    oh_decref(fs);
    oh_decref(two);
    oh_decref(s);
    oh_decref(x);
    oh_decref(f);
    oh_decref(l);
    cr_assert_eq(live_blocks(), base);
}

/* set(d) for a dict: one resize for the dict's size, then its keys in
 * insertion order (CPython's set_update_internal). */
Test(set, from_a_dict)
{
    oh_object *d = oh_dict_new();
    int64_t keys[] = {5, 13, 21, 1};
    for (size_t i = 0; i < 4; i++) {
        oh_object *k = I(keys[i]);
        oh_dict_set(d, k, OH_NONE);
        oh_decref(k);
    }
    cr_assert(shows(oh_set_from(d), "{1, 13, 21, 5}"));
    oh_object *wrong = I(7);
    cr_assert_null(oh_set_from(wrong));
    cr_assert_str_eq(oh_err_message(), "'int' object is not iterable");
    oh_err_clear();
    oh_decref(wrong);
    oh_decref(d);
}

/* Past 50,000 items the table grows by 2, not 4: the 60,000 residues of
 * i * 7919 mod 100003 iterate as in CPython. */
Test(set, large_sets)
{
    oh_object *s = oh_set_new();
    for (int64_t i = 0; i < 60000; i++) {
        oh_object *o = I(i * 7919 % 100003);
        oh_set_add(s, o);
        oh_decref(o);
    }
    static const int64_t first[12] = {0, 1, 3, 5, 7, 9, 11, 13, 15, 16, 17,
                                      18};
    oh_set_iter it;
    oh_object *item;
    oh_set_iter_init(&it, s);
    for (int i = 0; i < 12; i++) {
        cr_assert_eq(oh_set_iter_next(&it, &item), 1);
        int64_t v;
        oh_int_as_i64(item, &v);
        cr_assert_eq(v, first[i], "item %d", i);
    }
    cr_assert_eq(oh_set_size(s), 60000);
    oh_decref(s);
}

/* Out of memory in every allocation of a set workload: MemoryError, no
 * leak, and an add that fails leaves its set as it was. */
static int
set_workload(void)
{
    int rc = -1;
    oh_object *a = NULL, *b = NULL, *r = NULL, *l = NULL;
    if ((a = oh_set_new()) == NULL || (b = oh_set_new()) == NULL
        || (l = oh_list_new()) == NULL)
        goto done;
    for (int64_t i = 0; i < 40; i++) {
        oh_object *o = oh_int_from_i64(i * 37 - 500);
        if (o == NULL)
            goto done;
        int64_t before = oh_set_size(a);
        int x = oh_set_add(a, o);
        if (x == 0 && i % 3 == 0)
            x = oh_set_add(b, o);
        if (x == 0)
            x = oh_list_append(l, o);
        oh_decref(o);
        if (x < 0) {
            if (oh_set_size(a) != before && oh_set_size(a) != before + 1)
                goto done;
            goto done;
        }
    }
    oh_object *(*ops[])(oh_object *, oh_object *) = {
        oh_set_union, oh_set_intersection, oh_set_difference,
        oh_set_symmetric_difference};
    for (size_t i = 0; i < 4; i++) {
        if ((r = ops[i](a, b)) == NULL)
            goto done;
        OH_CLEAR(r);
        if ((r = ops[i](b, l)) == NULL)
            goto done;
        OH_CLEAR(r);
    }
    int (*upd[])(oh_object *, oh_object *) = {
        oh_set_update, oh_set_intersection_update, oh_set_difference_update,
        oh_set_symmetric_difference_update};
    for (size_t i = 0; i < 4; i++) {
        if ((r = oh_set_copy(a)) == NULL || upd[i](r, l) < 0)
            goto done;
        OH_CLEAR(r);
    }
    if ((r = oh_frozenset_from(l)) == NULL || oh_hash(r) == -1)
        goto done;
    OH_CLEAR(r);
    if ((r = oh_repr(a)) == NULL)
        goto done;
    rc = 0;
done:
    oh_xdecref(a);
    oh_xdecref(b);
    oh_xdecref(r);
    oh_xdecref(l);
    return rc;
}

Test(set, out_of_memory_at_every_allocation, .timeout = 120)
{
    size_t base = live_blocks();
    oh_alloc_set_fail(ULONG_MAX, 0);
    cr_assert_eq(set_workload(), 0, "%s", oh_err_message());
    unsigned long total = oh_alloc_fail_counter();
    oh_alloc_set_fail(0, 0);
    cr_assert_gt(total, 30, "%lu allocations", total);
    for (int every = 0; every <= 1; every++) {
        for (unsigned long n = 1; n <= total; n++) {
            oh_err_clear();
            oh_alloc_set_fail(n, every);
            int rc = set_workload();
            oh_alloc_set_fail(0, 0);
            if (rc < 0)
                cr_assert_eq(oh_err_occurred(), OH_ERR_MEMORY,
                             "allocation %lu: %s", n, oh_err_message());
            oh_err_clear();
            cr_assert_eq(live_blocks(), base, "allocation %lu leaked", n);
        }
    }
    /* An add whose growth fails takes its key out again. */
    oh_object *s = oh_set_new();
    for (int64_t i = 0; i < 4; i++) {
        oh_object *o = I(i);
        oh_set_add(s, o);
        oh_decref(o);
    }
    oh_object *five = I(5000);
    oh_alloc_set_fail(1, 0);
    cr_assert_eq(oh_set_add(s, five), -1, "the 5th add grows the table");
    oh_alloc_set_fail(0, 0);
    cr_assert_eq(oh_err_occurred(), OH_ERR_MEMORY);
    oh_err_clear();
    cr_assert_eq(oh_set_size(s), 4);
    cr_assert_eq(oh_set_contains(s, five), 0);
    cr_assert_eq(oh_refcount(five), 1);
    cr_assert(repr_is(s, "{0, 1, 2, 3}"));
    oh_decref(five);
    oh_decref(s);
}
