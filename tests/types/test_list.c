/* test_list.c -- src/types/list.c: every operation, Python's index rules
 * and messages, slicing copies references, CPython's growth pattern. */
#include <criterion/criterion.h>

#include "internal.h"
#include "testutil.h"

static oh_object *
range_list(int n)
{
    oh_object *l = oh_list_new();
    for (int i = 0; i < n; i++) {
        oh_object *v = I(i);
        cr_assert_eq(oh_list_append(l, v), 0);
        oh_decref(v);
    }
    return l;
}

Test(list, append_get_set_insert_delete_pop)
{
    size_t base = live_blocks();
    oh_object *l = range_list(5);
    cr_assert(repr_is(l, "[0, 1, 2, 3, 4]"));
    cr_assert_eq(oh_list_size(l), 5);
    oh_object *x = S("xy");
    cr_assert_eq(oh_list_set(l, -1, x), 0);
    cr_assert_eq(oh_list_get(l, 4), x);
    cr_assert_eq(oh_refcount(x), 2);
    cr_assert_eq(oh_list_insert(l, 0, x), 0);
    cr_assert_eq(oh_list_insert(l, -100, OH_NONE), 0);
    cr_assert_eq(oh_list_insert(l, 100, OH_TRUE), 0);
    cr_assert(repr_is(l, "[None, 'xy', 0, 1, 2, 3, 'xy', True]"));
    cr_assert_eq(oh_list_delete(l, 1), 0);
    cr_assert_eq(oh_refcount(x), 2);
    oh_object *p = oh_list_pop(l, -2);
    cr_assert_eq(p, x, "pop returns the item (a new reference)");
    oh_decref(p);
    cr_assert_eq(oh_refcount(x), 1);
    cr_assert(repr_is(l, "[None, 0, 1, 2, 3, True]"));
    oh_decref(x);
    oh_decref(l);
    cr_assert_eq(live_blocks(), base);
}

Test(list, index_errors_leave_the_list_alone)
{
    oh_object *l = range_list(3);
    cr_assert_null(oh_list_get(l, 3));
    cr_assert_eq(oh_err_occurred(), OH_ERR_INDEX);
    cr_assert_str_eq(oh_err_message(), "list index out of range");
    oh_err_clear();
    cr_assert_null(oh_list_get(l, -4));
    oh_err_clear();
    cr_assert_eq(oh_list_set(l, 3, OH_NONE), -1);
    cr_assert_str_eq(oh_err_message(), "list assignment index out of range");
    oh_err_clear();
    cr_assert_eq(oh_list_delete(l, 7), -1);
    oh_err_clear();
    cr_assert_null(oh_list_pop(l, 3));
    cr_assert_str_eq(oh_err_message(), "pop index out of range");
    oh_err_clear();
    oh_object *e = oh_list_new();
    cr_assert_null(oh_list_pop(e, -1));
    cr_assert_str_eq(oh_err_message(), "pop from empty list");
    oh_err_clear();
    cr_assert(repr_is(l, "[0, 1, 2]"));
    cr_assert_eq(oh_refcount(OH_NONE) >= OH_IMMORTAL_REFCNT / 2, 1);
    oh_decref(e);
    oh_decref(l);
}

Test(list, wrong_types)
{
    oh_object *d = oh_dict_new();
    cr_assert_eq(oh_list_append(d, OH_NONE), -1, "appending to a dict");
    cr_assert_eq(oh_err_occurred(), OH_ERR_TYPE);
    cr_assert_str_eq(oh_err_message(), "expected list, got dict");
    oh_err_clear();
    cr_assert_eq(oh_dict_size(d), 0, "the dict is untouched");
    oh_object *l = oh_list_new();
    cr_assert_null(oh_list_concat(l, d));
    cr_assert_str_eq(oh_err_message(),
                     "can only concatenate list (not \"dict\") to list");
    oh_err_clear();
    cr_assert_eq(oh_list_extend(l, d), -1);
    oh_err_clear();
    oh_decref(l);
    oh_decref(d);
}

Test(list, slicing_copies_references_not_objects)
{
    oh_object *l = oh_list_new();
    oh_object *inner = oh_list_new();
    oh_list_append(l, inner);
    oh_object *big = I(1 << 20);
    oh_list_append(l, big);
    oh_list_append(l, OH_NONE);
    cr_assert_eq(oh_refcount(inner), 2);
    oh_object *s = oh_list_slice(l, 0, 2);
    cr_assert_neq(s, l, "a new list");
    cr_assert_eq(oh_list_get(s, 0), inner, "holding the same objects");
    cr_assert_eq(oh_list_get(s, 1), big);
    cr_assert_eq(oh_refcount(inner), 3, "whose counts rose");
    cr_assert_eq(oh_refcount(big), 3);
    oh_list_append(inner, OH_TRUE);
    cr_assert(repr_is(s, "[[True], 1048576]"), "a change shows in both");
    oh_object *whole = oh_list_slice(l, -100, INT64_MAX);
    cr_assert_eq(oh_list_size(whole), 3);
    oh_object *none = oh_list_slice(l, 2, 1);
    cr_assert_eq(oh_list_size(none), 0);
    oh_decref(none);
    oh_decref(whole);
    oh_decref(s);
    cr_assert_eq(oh_refcount(inner), 2);
    oh_decref(inner);
    oh_decref(big);
    oh_decref(l);
}

Test(list, concat_extend_repeat_contains_clear)
{
    oh_object *a = range_list(3), *b = range_list(2);
    oh_object *c = oh_list_concat(a, b);
    cr_assert(repr_is(c, "[0, 1, 2, 0, 1]"));
    cr_assert_neq(c, a);
    cr_assert_eq(oh_list_extend(a, a), 0, "extending with itself");
    cr_assert(repr_is(a, "[0, 1, 2, 0, 1, 2]"));
    oh_object *t = oh_tuple_pack(1, OH_NONE);
    cr_assert_eq(oh_list_extend(b, t), 0);
    cr_assert(repr_is(b, "[0, 1, None]"));
    oh_object *r = oh_list_repeat(b, 2);
    cr_assert(repr_is(r, "[0, 1, None, 0, 1, None]"));
    oh_object *f = oh_float_from_double(1.0);
    cr_assert_eq(oh_list_contains(r, f), 1, "1.0 in [0, 1, ...]");
    oh_object *s = S("1");
    cr_assert_eq(oh_list_contains(r, s), 0);
    cr_assert_eq(oh_list_clear(r), 0);
    cr_assert_eq(oh_list_size(r), 0);
    cr_assert_eq(oh_getsizeof(r), 56);
    cr_assert_eq(oh_equal(a, c), 0);
    oh_object *a2 = oh_list_slice(a, 0, INT64_MAX);
    cr_assert_eq(oh_equal(a, a2), 1);
    oh_decref(a2);
    oh_decref(s);
    oh_decref(f);
    oh_decref(r);
    oh_decref(t);
    oh_decref(a);
    oh_decref(b);
    oh_decref(c);
}

Test(list, growth_matches_cpython)
{
    /* sys.getsizeof(l) after each of 20 appends, CPython 3.11. */
    static const size_t cpython[20] = {
        88, 88, 88, 88, 120, 120, 120, 120, 184, 184, 184, 184, 184, 184,
        184, 184, 248, 248, 248, 248};
    oh_object *l = oh_list_new();
    cr_assert_eq(oh_getsizeof(l), 56);
    for (int i = 0; i < 20; i++) {
        oh_list_append(l, OH_NONE);
        cr_assert_eq(oh_getsizeof(l), cpython[i], "after %d appends", i + 1);
    }
    oh_decref(l);
}

Test(list, append_is_amortised_constant)
{
    /* A million appends: the array is reallocated O(log n) times and the
     * spare room stays near 1/8. */
    oh_object *l = oh_list_new();
    int64_t last = 0, reallocs = 0;
    for (int i = 0; i < 1000000; i++) {
        oh_list_append(l, OH_NONE);
        if (OHI_LIST(l)->allocated != last) {
            reallocs++;
            last = OHI_LIST(l)->allocated;
        }
    }
    cr_assert_lt(reallocs, 120);
    cr_assert_leq(OHI_LIST(l)->allocated, 1000000 + 1000000 / 8 + 6);
    for (int i = 0; i < 999990; i++)
        oh_list_pop(l, -1);
    cr_assert_lt(OHI_LIST(l)->allocated, 100, "shrinks as it empties");
    oh_decref(l);
}
