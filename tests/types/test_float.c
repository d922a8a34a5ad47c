/* test_float.c -- src/types/float.c: values, arithmetic with ints, division
 * by zero, the shortest repr, equality with ints and NaN. */
#include <criterion/criterion.h>

#include "internal.h"
#include "testutil.h"

#include <math.h>

static double
dval(oh_object *o)
{
    double d = 0;
    cr_assert_eq(oh_float_as_double(o, &d), 0);
    return d;
}

Test(float, arithmetic_mixes_with_ints)
{
    oh_object *a = oh_float_from_double(1.5), *b = I(2);
    oh_object *r = oh_float_add(a, b);
    cr_assert_eq(dval(r), 3.5);
    oh_decref(r);
    r = oh_float_sub(b, a);
    cr_assert_eq(dval(r), 0.5);
    oh_decref(r);
    r = oh_float_mul(a, b);
    cr_assert_eq(dval(r), 3.0);
    oh_decref(r);
    r = oh_float_div(b, a);
    cr_assert_float_eq(dval(r), 4.0 / 3.0, 1e-15);
    oh_decref(r);
    cr_assert_eq(dval(b), 2.0, "an int reads as a double");
    oh_decref(a);
    oh_decref(b);
}

Test(float, division_by_zero)
{
    oh_object *a = oh_float_from_double(1.0), *z = oh_float_from_double(0.0);
    cr_assert_null(oh_float_div(a, z));
    cr_assert_eq(oh_err_occurred(), OH_ERR_ZERODIV);
    cr_assert_str_eq(oh_err_message(), "float division by zero");
    oh_err_clear();
    oh_object *s = S("x");
    cr_assert_null(oh_float_add(a, s));
    cr_assert_eq(oh_err_occurred(), OH_ERR_TYPE);
    oh_err_clear();
    oh_decref(a);
    oh_decref(z);
    oh_decref(s);
}

Test(float, repr_like_python)
{
    struct { double v; const char *r; } cases[] = {
        {0.1, "0.1"}, {1.0, "1.0"}, {-0.0, "-0.0"}, {100.0, "100.0"},
        {1e16, "1e+16"}, {1.5e-7, "1.5e-07"}, {0.0001, "0.0001"},
        {123456789.125, "123456789.125"}, {1.0 / 3.0, "0.3333333333333333"},
        {2.5e300, "2.5e+300"}, {INFINITY, "inf"}, {-INFINITY, "-inf"},
        {NAN, "nan"}, {1e15, "1000000000000000.0"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        oh_object *o = oh_float_from_double(cases[i].v);
        cr_assert(repr_is(o, cases[i].r), "repr of case %zu", i);
        oh_decref(o);
    }
}

Test(float, equality_and_nan)
{
    oh_object *n1 = oh_float_from_double(NAN), *n2 = oh_float_from_double(NAN);
    cr_assert_eq(oh_equal(n1, n2), 0, "nan != nan");
    cr_assert_eq(oh_equal(n1, n1), 1, "but identity wins, as in lists");
    cr_assert_neq(oh_hash(n1), -1);
    oh_object *big = oh_float_from_double(9223372036854775808.0);
    oh_object *max = I(INT64_MAX);
    cr_assert_eq(oh_equal(big, max), 0, "2**63 is not 2**63 - 1");
    oh_object *f3 = oh_float_from_double(3.0), *i3 = I(3);
    cr_assert_eq(oh_equal(f3, i3), 1);
    cr_assert_eq(oh_getsizeof(f3), 24);
    oh_decref(n1);
    oh_decref(n2);
    oh_decref(big);
    oh_decref(max);
    oh_decref(f3);
    oh_decref(i3);
}

/* hash(x) for floats is CPython 3.11's, value for value (computed with
 * python3), so that 1.5 in a set sits where Python puts it; NaN hashes by
 * identity as in 3.10+. */
Test(float, hash_is_cpythons)
{
    struct { double v; long long hash; } cases[] = {
        {0.0, 0LL},
        {-0.0, 0LL},
        {0.5, 1152921504606846976LL},
        {1.5, 1152921504606846977LL},
        {-2.5, -1152921504606846978LL},
        {1e+300, 1224995262755759164LL},
        {-1e+300, -1224995262755759164LL},
        {5e-324, 16777216LL},
        {2.305843009213694e+18, 1LL},
        {4.611686018427388e+18, 2LL},
        {1e+16, 10000000000000000LL},
        {0.1, 230584300921369408LL},
        {-0.3333333333333333, -768614336404564608LL},
        {INFINITY, 314159LL},
        {-INFINITY, -314159LL},
        {1.348269851146737e+308, 211106232532992LL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        oh_object *f = oh_float_from_double(cases[i].v);
        cr_assert_eq(oh_hash(f), cases[i].hash, "%g", cases[i].v);
        oh_decref(f);
    }
    /* Equal ints and floats hash equal, past int64 too. */
    oh_object *f = oh_float_from_double(0x1p100), *i = oh_int_lshift(I(1),
                                                                     I(100));
    cr_assert_eq(oh_equal(f, i), 1);
    cr_assert_eq(oh_hash(f), oh_hash(i));
    oh_decref(f);
    oh_decref(i);
    oh_object *n1 = oh_float_from_double(NAN), *n2 = oh_float_from_double(NAN);
    cr_assert_eq(oh_hash(n1), ohi_hash_pointer(n1));
    cr_assert_neq(oh_hash(n1), oh_hash(n2));
    oh_decref(n1);
    oh_decref(n2);
}
