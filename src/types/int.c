/*
 * int.c -- integers: signed 64-bit values with overflow checks.
 *
 * What this file owns
 * -------------------
 * The int type, the immortal small ints -5..256, integer arithmetic, and
 * the numeric hash that int, bool and float share.
 *
 *   ohi_int   | refcnt | type | value (int64) |    24 bytes
 *             (CPython 3.11: 28 bytes for |v| < 2^30, 32 up to 2^60)
 *
 * Range: int64_t.  CPython's ints are unbounded; ours report a result that
 * does not fit as OverflowError, using the compiler's checked arithmetic
 * (__builtin_add_overflow and friends), never by wrapping.  Arbitrary
 * precision can come later behind the same API.
 *
 * Small ints: oh_int_from_i64(v) for -5 <= v <= 256 returns the shared
 * object small_ints[v + 5] instead of allocating, as CPython does, so
 * "x = 10; y = 10" gives one object and "x + 1" a different one.  They
 * are immortal (object.c): statically allocated and never freed.
 *
 * Hash: Python's numeric hash, so that equal numbers hash equal across
 * int, bool and float: hash(v) = v mod P with P = 2^61 - 1 (the sign kept),
 * and -1 becomes -2.  float.c reduces a double modulo P the same way.
 *
 * Invariants
 * ----------
 * I1. An int with a value in [-5, 256] is one of small_ints: no int in that
 *     range is ever allocated.
 * I2. small_ints[i].value == i - 5.
 */
#include "internal.h"

#include <inttypes.h>

_Static_assert(sizeof(ohi_int) == 24, "int objects are 24 bytes");

static void
int_dealloc(oh_object *o)
{
    ohi_object_free(o);
}

static oh_object *
int_repr(oh_object *o)
{
    return oh_str_from_format("%" PRId64, OHI_INT_VALUE(o));
}

oh_hash_t
ohi_hash_i64(int64_t v)
{
    const uint64_t p = ((uint64_t)1 << 61) - 1;
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    int64_t h = (int64_t)(a % p);
    if (v < 0)
        h = -h;
    return h == -1 ? -2 : h;
}

oh_hash_t
ohi_int_hash(oh_object *o)
{
    return ohi_hash_i64(OHI_INT_VALUE(o));
}

int
ohi_int_equal(oh_object *a, oh_object *b)
{
    if (OHI_INT_CHECK(b))
        return OHI_INT_VALUE(a) == OHI_INT_VALUE(b);
    if (b->type == &oh_float_type) {
        double d = 0;
        (void)oh_float_as_double(b, &d);
        return ohi_float_equal_int(d, OHI_INT_VALUE(a));
    }
    return OH_NOT_IMPLEMENTED;
}

const oh_type oh_int_type = {
    .name = "int",
    .basicsize = sizeof(ohi_int),
    .flags = OH_TYPE_IMMUTABLE | OH_TYPE_HASHABLE
             | OHI_KIND(OHI_KIND_INT),
    .dealloc = int_dealloc,
    .hash = ohi_int_hash,
    .equal = ohi_int_equal,
    .repr = int_repr,
};

/* I2, written out by doubling: S1 makes one object, S4 four, ... */
#define S1(v) {{OH_IMMORTAL_REFCNT, &oh_int_type}, (v)},
#define S4(v) S1(v) S1((v) + 1) S1((v) + 2) S1((v) + 3)
#define S16(v) S4(v) S4((v) + 4) S4((v) + 8) S4((v) + 12)
#define S64(v) S16(v) S16((v) + 16) S16((v) + 32) S16((v) + 48)
#define S256(v) S64(v) S64((v) + 64) S64((v) + 128) S64((v) + 192)

#define NSMALL (OHI_SMALL_INT_MAX - OHI_SMALL_INT_MIN + 1)
static ohi_int small_ints[NSMALL] = {
    S256(-5) S4(251) S1(255) S1(256)
};
_Static_assert(sizeof small_ints / sizeof small_ints[0] == NSMALL,
               "one small int per value in [-5, 256]");

#undef S1
#undef S4
#undef S16
#undef S64
#undef S256

int
oh_int_check(const oh_object *o)
{
    return OHI_INT_CHECK(o);
}

oh_object *
oh_int_from_i64(int64_t v)
{
    if ((uint64_t)v - (uint64_t)OHI_SMALL_INT_MIN < (uint64_t)NSMALL) {
        /* I1 */
        oh_object *o = &small_ints[v - OHI_SMALL_INT_MIN].ob_base;
        oh_incref(o);
        return o;
    }
    oh_object *o = ohi_object_alloc(&oh_int_type, 0);
    if (o != NULL)
        OHI_INT_VALUE(o) = v;
    return o;
}

int
oh_int_as_i64(oh_object *o, int64_t *out)
{
    if (!OHI_INT_CHECK(o)) {
        ohi_type_error(o, "int");
        return -1;
    }
    *out = OHI_INT_VALUE(o);
    return 0;
}

/* ==========================================================================
 * Arithmetic
 * ========================================================================== */

/* Both operands' values, or -1 with TypeError naming the operator. */
static int
operands(oh_object *a, oh_object *b, const char *op, int64_t *x, int64_t *y)
{
    ohi_check_live(a, op);
    ohi_check_live(b, op);
    if (!OHI_INT_CHECK(a) || !OHI_INT_CHECK(b)) {
        oh_err_format(OH_ERR_TYPE, "unsupported operand type(s) for %s: "
                      "'%s' and '%s'", op, oh_type_name(a),
                      oh_type_name(b));
        return -1;
    }
    *x = OHI_INT_VALUE(a);
    *y = OHI_INT_VALUE(b);
    return 0;
}

static oh_object *
overflow(const char *op, int64_t x, int64_t y)
{
    oh_err_format(OH_ERR_OVERFLOW, "integer overflow: %" PRId64 " %s %"
                  PRId64 " does not fit in 64 bits", x, op, y);
    return NULL;
}

oh_object *
oh_int_add(oh_object *a, oh_object *b)
{
    int64_t x, y, r;
    if (operands(a, b, "+", &x, &y) < 0)
        return NULL;
    if (__builtin_add_overflow(x, y, &r))
        return overflow("+", x, y);
    return oh_int_from_i64(r);
}

oh_object *
oh_int_sub(oh_object *a, oh_object *b)
{
    int64_t x, y, r;
    if (operands(a, b, "-", &x, &y) < 0)
        return NULL;
    if (__builtin_sub_overflow(x, y, &r))
        return overflow("-", x, y);
    return oh_int_from_i64(r);
}

oh_object *
oh_int_mul(oh_object *a, oh_object *b)
{
    int64_t x, y, r;
    if (operands(a, b, "*", &x, &y) < 0)
        return NULL;
    if (__builtin_mul_overflow(x, y, &r))
        return overflow("*", x, y);
    return oh_int_from_i64(r);
}

static int
check_divisor(int64_t y)
{
    if (y == 0) {
        oh_err_set(OH_ERR_ZERODIV, "integer division or modulo by zero");
        return -1;
    }
    return 0;
}

oh_object *
oh_int_floordiv(oh_object *a, oh_object *b)
{
    int64_t x, y;
    if (operands(a, b, "//", &x, &y) < 0 || check_divisor(y) < 0)
        return NULL;
    if (x == INT64_MIN && y == -1)
        return overflow("//", x, y);
    int64_t q = x / y;
    /* C truncates toward zero; Python floors. */
    if (x % y != 0 && ((x < 0) != (y < 0)))
        q--;
    return oh_int_from_i64(q);
}

oh_object *
oh_int_mod(oh_object *a, oh_object *b)
{
    int64_t x, y;
    if (operands(a, b, "%", &x, &y) < 0 || check_divisor(y) < 0)
        return NULL;
    if (y == -1)
        return oh_int_from_i64(0);      /* INT64_MIN % -1 is UB in C */
    int64_t r = x % y;
    /* Python's remainder takes the divisor's sign. */
    if (r != 0 && ((r < 0) != (y < 0)))
        r += y;
    return oh_int_from_i64(r);
}

static oh_object *
unary(oh_object *a, const char *op, int64_t *x)
{
    ohi_check_live(a, op);
    if (!OHI_INT_CHECK(a)) {
        oh_err_format(OH_ERR_TYPE, "bad operand type for %s: '%s'", op,
                      oh_type_name(a));
        return NULL;
    }
    *x = OHI_INT_VALUE(a);
    return a;
}

oh_object *
oh_int_neg(oh_object *a)
{
    int64_t x;
    if (unary(a, "unary -", &x) == NULL)
        return NULL;
    if (x == INT64_MIN) {
        oh_err_format(OH_ERR_OVERFLOW, "integer overflow: -(%" PRId64
                      ") does not fit in 64 bits", x);
        return NULL;
    }
    return oh_int_from_i64(-x);
}

oh_object *
oh_int_abs(oh_object *a)
{
    int64_t x;
    if (unary(a, "abs()", &x) == NULL)
        return NULL;
    if (x == INT64_MIN) {
        oh_err_format(OH_ERR_OVERFLOW, "integer overflow: abs(%" PRId64
                      ") does not fit in 64 bits", x);
        return NULL;
    }
    return oh_int_from_i64(x < 0 ? -x : x);
}

oh_object *
oh_int_pow(oh_object *a, oh_object *b)
{
    int64_t x, y;
    if (operands(a, b, "**", &x, &y) < 0)
        return NULL;
    if (y < 0) {
        oh_err_set(OH_ERR_VALUE, "negative exponent: the result would be a "
                   "float (use oh_float_* for that)");
        return NULL;
    }
    /* Square and multiply; every step checked. */
    int64_t result = 1, base = x, e = y;
    while (e > 0) {
        if ((e & 1) && __builtin_mul_overflow(result, base, &result))
            return overflow("**", x, y);
        e >>= 1;
        if (e > 0 && __builtin_mul_overflow(base, base, &base))
            return overflow("**", x, y);
    }
    return oh_int_from_i64(result);
}

int
oh_int_compare(oh_object *a, oh_object *b, int *out)
{
    int64_t x, y;
    if (operands(a, b, "comparison", &x, &y) < 0)
        return -1;
    *out = (x > y) - (x < y);
    return 0;
}
