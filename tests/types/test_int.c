/* test_int.c -- src/types/int.c: the int64 range, overflow checks, Python's
 * floor division and modulo, small-int sharing, repr. */
#include <criterion/criterion.h>

#include "internal.h"
#include "testutil.h"

static int64_t
val(oh_object *o)
{
    int64_t v = 0;
    cr_assert_eq(oh_int_as_i64(o, &v), 0);
    return v;
}

Test(int, full_range_round_trips)
{
    int64_t vals[] = {0, 1, -1, 255, 256, 257, -5, -6, INT64_MAX, INT64_MIN,
                      1234567890123LL};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        oh_object *o = I(vals[i]);
        cr_assert_eq(val(o), vals[i]);
        cr_assert(oh_int_check(o));
        oh_decref(o);
    }
}

Test(int, arithmetic)
{
    oh_object *a = I(7), *b = I(-2);
    struct { oh_object *(*fn)(oh_object *, oh_object *); int64_t want; } ops[]
        = {{oh_int_add, 5}, {oh_int_sub, 9}, {oh_int_mul, -14},
           {oh_int_floordiv, -4}, {oh_int_mod, -1}};
    for (size_t i = 0; i < 5; i++) {
        oh_object *r = ops[i].fn(a, b);
        cr_assert_not_null(r);
        cr_assert_eq(val(r), ops[i].want, "op %zu", i);
        oh_decref(r);
    }
    oh_object *r = oh_int_floordiv(b, a);          /* -2 // 7 == -1 */
    cr_assert_eq(val(r), -1);
    oh_decref(r);
    r = oh_int_mod(b, a);                          /* -2 % 7 == 5 */
    cr_assert_eq(val(r), 5);
    oh_decref(r);
    r = oh_int_neg(a);
    cr_assert_eq(val(r), -7);
    oh_decref(r);
    r = oh_int_abs(b);
    cr_assert_eq(val(r), 2);
    oh_decref(r);
    oh_object *two = I(2), *sixty2 = I(62);
    r = oh_int_pow(two, sixty2);
    cr_assert_eq(val(r), (int64_t)1 << 62);
    oh_decref(r);
    int c;
    cr_assert_eq(oh_int_compare(a, b, &c), 0);
    cr_assert_eq(c, 1);
    r = oh_int_add(OH_TRUE, OH_TRUE);              /* True + True == 2 */
    cr_assert_eq(val(r), 2);
    oh_decref(r);
    oh_decref(a);
    oh_decref(b);
    oh_decref(two);
    oh_decref(sixty2);
}

static void
expect_overflow(oh_object *r)
{
    cr_assert_null(r);
    cr_assert_eq(oh_err_occurred(), OH_ERR_OVERFLOW);
    cr_assert(strstr(oh_err_message(), "does not fit in 64 bits") != NULL,
              "%s", oh_err_message());
    oh_err_clear();
}

Test(int, overflow_is_an_error_not_a_wrap)
{
    size_t base = live_blocks();
    oh_object *max = I(INT64_MAX), *min = I(INT64_MIN), *one = I(1);
    oh_object *m1 = I(-1), *two = I(2), *big = I(64);
    expect_overflow(oh_int_add(max, one));
    expect_overflow(oh_int_sub(min, one));
    expect_overflow(oh_int_mul(max, two));
    expect_overflow(oh_int_floordiv(min, m1));
    expect_overflow(oh_int_neg(min));
    expect_overflow(oh_int_abs(min));
    expect_overflow(oh_int_pow(two, big));
    oh_object *r = oh_int_add(max, I(0));
    cr_assert_eq(val(r), INT64_MAX, "the edge itself is fine");
    oh_decref(r);
    r = oh_int_mod(min, m1);
    cr_assert_eq(val(r), 0);
    oh_decref(r);
    cr_assert_eq(oh_refcount(max), 1, "arguments untouched");
    oh_decref(max);
    oh_decref(min);
    oh_decref(one);
    oh_decref(m1);
    oh_decref(two);
    oh_decref(big);
    cr_assert_eq(live_blocks(), base);
}

Test(int, division_by_zero)
{
    oh_object *a = I(5), *z = I(0);
    cr_assert_null(oh_int_floordiv(a, z));
    cr_assert_eq(oh_err_occurred(), OH_ERR_ZERODIV);
    cr_assert_str_eq(oh_err_message(), "integer division or modulo by zero");
    oh_err_clear();
    cr_assert_null(oh_int_mod(a, z));
    cr_assert_eq(oh_err_occurred(), OH_ERR_ZERODIV);
    oh_err_clear();
    oh_object *m = I(-1);
    cr_assert_null(oh_int_pow(a, m));
    cr_assert_eq(oh_err_occurred(), OH_ERR_VALUE);
    oh_err_clear();
    oh_decref(a);
    oh_decref(z);
    oh_decref(m);
}

Test(int, wrong_types)
{
    oh_object *a = I(1), *s = S("x");
    cr_assert_null(oh_int_add(a, s));
    cr_assert_eq(oh_err_occurred(), OH_ERR_TYPE);
    cr_assert_str_eq(oh_err_message(),
                     "unsupported operand type(s) for +: 'int' and 'str'");
    oh_err_clear();
    int64_t v;
    cr_assert_eq(oh_int_as_i64(s, &v), -1);
    cr_assert_str_eq(oh_err_message(), "expected int, got str");
    oh_err_clear();
    cr_assert_null(oh_int_neg(s));
    cr_assert_str_eq(oh_err_message(), "bad operand type for unary -: 'str'");
    oh_err_clear();
    oh_decref(a);
    oh_decref(s);
}

Test(int, repr_and_bool)
{
    oh_object *a = I(-123456789), *b = I(INT64_MIN);
    cr_assert(repr_is(a, "-123456789"));
    cr_assert(repr_is(b, "-9223372036854775808"));
    cr_assert(repr_is(OH_TRUE, "True"));
    cr_assert(repr_is(OH_FALSE, "False"));
    cr_assert(repr_is(OH_NONE, "None"));
    cr_assert_eq(oh_bool_from(7), OH_TRUE);
    cr_assert_eq(oh_bool_from(0), OH_FALSE);
    cr_assert(oh_int_check(OH_TRUE));
    cr_assert_eq(oh_getsizeof(a), 24);
    cr_assert_eq(oh_getsizeof(OH_NONE), 16);
    oh_decref(a);
    oh_decref(b);
}

Test(int, small_int_refcounts_do_not_matter)
{
    oh_object *o = I(42);
    intptr_t before = oh_refcount(o);
    oh_object *one = oh_list_from_array(&o, 1);
    oh_object *l = oh_list_repeat(one, 1000);
    cr_assert_eq(oh_refcount(o), before + 1001);
    cr_assert(oh_is_immortal(o));
    oh_decref(l);
    oh_decref(one);
    cr_assert_eq(oh_refcount(o), before);
    oh_decref(o);
}
