/* test_dict.c -- src/types/dict.c: set/get/delete/contains, insertion
 * order, both key-table kinds, unhashable keys, KeyError, safe iteration,
 * sizes against CPython. */
#include <criterion/criterion.h>

#include "internal.h"
#include "testutil.h"

Test(dict, set_get_delete_contains)
{
    size_t base = live_blocks();
    oh_object *d = oh_dict_new();
    oh_object *k = S("key"), *v = I(100000), *k2 = S("key");
    cr_assert_eq(oh_dict_set(d, k, v), 0);
    cr_assert_eq(oh_refcount(k), 2);
    cr_assert_eq(oh_refcount(v), 2);
    cr_assert_eq(oh_dict_get(d, k2), v, "found by an equal key");
    cr_assert_eq(oh_dict_contains(d, k2), 1);
    cr_assert_eq(oh_dict_size(d), 1);
    oh_object *v2 = I(7);
    cr_assert_eq(oh_dict_set(d, k2, v2), 0, "replaces the value");
    cr_assert_eq(oh_dict_size(d), 1);
    cr_assert_eq(oh_refcount(v), 1);
    cr_assert_eq(oh_dict_get_str(d, "key"), v2);
    cr_assert_eq(oh_dict_delete(d, k), 0);
    cr_assert_eq(oh_dict_size(d), 0);
    cr_assert_eq(oh_refcount(k), 1);
    cr_assert_eq(oh_dict_contains(d, k), 0);
    oh_decref(d);
    oh_decref(k);
    oh_decref(k2);
    oh_decref(v);
    oh_decref(v2);
    cr_assert_eq(live_blocks(), base);
}

Test(dict, missing_keys_and_unhashable_keys)
{
    oh_object *d = oh_dict_new();
    oh_object *k = S("nope");
    cr_assert_null(oh_dict_get(d, k));
    cr_assert_eq(oh_err_occurred(), OH_ERR_KEY);
    cr_assert_str_eq(oh_err_message(), "'nope'");
    oh_err_clear();
    cr_assert_eq(oh_dict_delete(d, k), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_KEY);
    oh_err_clear();
    oh_object *v;
    cr_assert_eq(oh_dict_lookup(d, k, &v), 0, "lookup does not raise");
    cr_assert_eq(oh_err_occurred(), OH_ERR_NONE);
    oh_object *l = oh_list_new();
    cr_assert_eq(oh_dict_set(d, l, OH_NONE), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_TYPE);
    cr_assert_str_eq(oh_err_message(), "unhashable type: 'list'");
    oh_err_clear();
    cr_assert_eq(oh_refcount(l), 1, "the key was not kept");
    cr_assert_eq(oh_dict_contains(d, l), -1);
    oh_err_clear();
    oh_object *s = oh_set_new();
    cr_assert_eq(oh_dict_set(d, s, OH_NONE), -1);
    cr_assert_str_eq(oh_err_message(), "unhashable type: 'set'");
    oh_err_clear();
    cr_assert_eq(oh_dict_set(d, d, OH_NONE), -1);
    cr_assert_str_eq(oh_err_message(), "unhashable type: 'dict'");
    oh_err_clear();
    oh_object *i = I(5);
    cr_assert_null(oh_dict_get(d, i));
    cr_assert_str_eq(oh_err_message(), "5");
    oh_err_clear();
    cr_assert_eq(oh_dict_size(d), 0);
    cr_assert_eq(oh_dict_set(l, k, OH_NONE), -1);
    cr_assert_str_eq(oh_err_message(), "expected dict, got list");
    oh_err_clear();
    oh_decref(i);
    oh_decref(s);
    oh_decref(l);
    oh_decref(k);
    oh_decref(d);
}

Test(dict, insertion_order_survives_deletes_and_growth)
{
    oh_object *d = oh_dict_new();
    for (int i = 0; i < 10; i++) {
        oh_object *k = oh_str_from_format("k%d", i), *v = I(i);
        oh_dict_set(d, k, v);
        oh_decref(k);
        oh_decref(v);
    }
    oh_object *k3 = S("k3");
    oh_dict_delete(d, k3);
    oh_object *v = I(99);
    oh_dict_set(d, k3, v);                  /* goes to the end */
    oh_object *k0 = S("k0");
    oh_dict_set(d, k0, v);                  /* stays first */
    cr_assert(repr_is(d, "{'k0': 99, 'k1': 1, 'k2': 2, 'k4': 4, 'k5': 5, "
                         "'k6': 6, 'k7': 7, 'k8': 8, 'k9': 9, 'k3': 99}"));
    oh_object *keys = oh_dict_keys(d);
    cr_assert_eq(oh_list_size(keys), 10);
    cr_assert(oh_str_equal_cstr(oh_list_get(keys, 9), "k3"));
    oh_decref(keys);
    oh_decref(v);
    oh_decref(k0);
    oh_decref(k3);
    oh_decref(d);
}

Test(dict, mixed_keys_convert_the_table)
{
    oh_object *d = oh_dict_new();
    oh_object *a = S("a"), *one = I(1), *f = oh_float_from_double(1.0);
    oh_object *t = oh_tuple_pack(2, a, one);
    oh_dict_set(d, a, one);
    cr_assert_eq(oh_getsizeof(d), 56 + 24 + 8 + 5 * 16, "str-keyed table");
    oh_dict_set(d, one, a);
    cr_assert_eq(oh_getsizeof(d), 56 + 24 + 8 + 5 * 24, "general table");
    oh_dict_set(d, t, OH_NONE);
    oh_dict_set(d, OH_NONE, t);
    cr_assert_eq(oh_dict_get(d, a), one);
    cr_assert_eq(oh_dict_get(d, f), a, "1.0 finds the key 1");
    cr_assert_eq(oh_dict_get(d, OH_TRUE), a, "so does True");
    oh_object *t2 = oh_tuple_pack(2, a, one);
    cr_assert_eq(oh_dict_get(d, t2), OH_NONE);
    cr_assert_eq(oh_dict_get(d, OH_NONE), t);
    cr_assert_eq(oh_dict_get_str(d, "a"), one);
    cr_assert(repr_is(d, "{'a': 1, 1: 'a', ('a', 1): None, None: ('a', 1)}"));
    oh_decref(t2);
    oh_decref(t);
    oh_decref(f);
    oh_decref(one);
    oh_decref(a);
    oh_decref(d);
}

Test(dict, many_keys)
{
    size_t base = live_blocks();
    enum { N = 100000 };
    oh_object *d = oh_dict_new(), *ds = oh_dict_new();
    for (int i = 0; i < N; i++) {
        oh_object *k = I(i * 7919), *v = I(i);
        cr_assert_eq(oh_dict_set(d, k, v), 0);
        oh_object *ks = oh_str_from_format("key-%d", i);
        cr_assert_eq(oh_dict_set(ds, ks, v), 0);
        oh_decref(ks);
        oh_decref(k);
        oh_decref(v);
    }
    cr_assert_eq(oh_dict_size(d), N);
    for (int i = 0; i < N; i++) {
        oh_object *k = I(i * 7919);
        int64_t got;
        oh_int_as_i64(oh_dict_get(d, k), &got);
        cr_assert_eq(got, i);
        oh_object *ks = oh_str_from_format("key-%d", i);
        oh_int_as_i64(oh_dict_get(ds, ks), &got);
        cr_assert_eq(got, i);
        if (i % 2 == 0) {
            cr_assert_eq(oh_dict_delete(d, k), 0);
            cr_assert_eq(oh_dict_delete(ds, ks), 0);
        }
        oh_decref(ks);
        oh_decref(k);
    }
    cr_assert_eq(oh_dict_size(d), N / 2);
    cr_assert_eq(oh_dict_size(ds), N / 2);
    oh_object *k1 = I(7919);
    cr_assert_eq(oh_dict_contains(d, k1), 1);
    oh_decref(k1);
    oh_object *d2 = oh_dict_new();
    oh_dict_iter it;
    oh_object *k, *v;
    oh_dict_iter_init(&it, ds);
    while (oh_dict_iter_next(&it, &k, &v) == 1)
        oh_dict_set(d2, k, v);
    cr_assert_eq(oh_equal(ds, d2), 1);
    cr_assert_eq(oh_equal(d, d2), 0);
    oh_decref(d2);
    cr_assert_eq(oh_dict_clear(d), 0);
    cr_assert_eq(oh_dict_size(d), 0);
    oh_decref(d);
    oh_decref(ds);
    cr_assert_eq(live_blocks(), base);
}

Test(dict, iteration_is_ordered_and_safe)
{
    oh_object *d = oh_dict_new();
    for (int i = 0; i < 5; i++) {
        oh_object *k = I(i * 1000);
        oh_dict_set(d, k, k);
        oh_decref(k);
    }
    oh_dict_iter it;
    oh_object *k, *v;
    int64_t expect = 0, n = 0;
    cr_assert_eq(oh_dict_iter_init(&it, d), 0);
    int rc;
    while ((rc = oh_dict_iter_next(&it, &k, &v)) == 1) {
        int64_t x;
        oh_int_as_i64(k, &x);
        cr_assert_eq(x, expect);
        expect += 1000;
        n++;
        oh_dict_set(d, k, OH_NONE);     /* replacing values is allowed */
    }
    cr_assert_eq(rc, 0);
    cr_assert_eq(n, 5);
    oh_dict_iter_init(&it, d);
    cr_assert_eq(oh_dict_iter_next(&it, &k, NULL), 1);
    oh_object *nk = S("new");
    oh_dict_set(d, nk, OH_NONE);
    cr_assert_eq(oh_dict_iter_next(&it, &k, NULL), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_RUNTIME);
    cr_assert_str_eq(oh_err_message(),
                     "dictionary changed size during iteration");
    oh_err_clear();
    /* Delete one key and add another: same size, keys changed. */
    oh_dict_iter_init(&it, d);
    cr_assert_eq(oh_dict_iter_next(&it, &k, NULL), 1);
    oh_dict_delete(d, nk);
    oh_object *nk2 = S("other");
    oh_dict_set(d, nk2, OH_NONE);
    cr_assert_eq(oh_dict_iter_next(&it, &k, NULL), -1);
    cr_assert_str_eq(oh_err_message(),
                     "dictionary keys changed during iteration");
    oh_err_clear();
    oh_object *l = oh_list_new();
    cr_assert_eq(oh_dict_iter_init(&it, l), -1);
    oh_err_clear();
    oh_decref(l);
    oh_decref(nk);
    oh_decref(nk2);
    oh_decref(d);
}

Test(dict, sizes_follow_cpython_growth)
{
    /* sys.getsizeof after each of 20 insertions, CPython 3.11: str keys
     * and int keys.  Ours are 8 bytes smaller (a 24-byte table header
     * against 32) plus 8 for the object (56 against 64): 16 in all. */
    static const size_t cpy_str[20] = {
        184, 184, 184, 184, 184, 272, 272, 272, 272, 272,
        464, 464, 464, 464, 464, 464, 464, 464, 464, 464};
    static const size_t cpy_int[20] = {
        224, 224, 224, 224, 224, 352, 352, 352, 352, 352,
        632, 632, 632, 632, 632, 632, 632, 632, 632, 632};
    oh_object *ds = oh_dict_new(), *di = oh_dict_new();
    cr_assert_eq(oh_getsizeof(ds), 56);
    for (int i = 0; i < 20; i++) {
        oh_object *ks = oh_str_from_format("%d", i), *ki = I(i);
        oh_dict_set(ds, ks, ki);
        oh_dict_set(di, ki, ki);
        cr_assert_eq(oh_getsizeof(ds), cpy_str[i] - 16, "str %d", i);
        cr_assert_eq(oh_getsizeof(di), cpy_int[i] - 16, "int %d", i);
        oh_decref(ks);
        oh_decref(ki);
    }
    oh_decref(ds);
    oh_decref(di);
}

Test(dict, self_reference_and_equality)
{
    oh_object *a = oh_dict_new(), *b = oh_dict_new();
    cr_assert_eq(oh_equal(a, b), 1);
    oh_object *one = I(1), *f = oh_float_from_double(1.0);
    oh_dict_set_str(a, "x", one);
    oh_dict_set_str(b, "x", f);
    cr_assert_eq(oh_equal(a, b), 1, "values compare with ==");
    oh_dict_set_str(b, "y", f);
    cr_assert_eq(oh_equal(a, b), 0);
    oh_decref(one);
    oh_decref(f);
    oh_decref(a);
    oh_decref(b);
}
