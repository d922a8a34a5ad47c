/*
 * float.c -- floating-point numbers (IEEE 754 doubles).
 *
 * What this file owns
 * -------------------
 * The float type, float arithmetic, the numeric hash of a double, and the
 * shortest round-tripping repr.
 *
 *   ohi_float | refcnt | type | value (double) |   24 bytes (CPython: 24)
 *
 * Equality and hash across types: 1.0 == 1 and hash(1.0) == hash(1).  The
 * hash reduces the exact value of the double modulo P = 2^61 - 1 (the
 * prime int.c uses): a finite double is m * 2^e with m < 1; the mantissa
 * is folded in 28 bits at a time (multiplying by 2^28 mod P is a rotation
 * of a 61-bit number), then the exponent is applied as one more rotation.
 * inf and -inf hash to +-314159, and NaN to its identity, as in Python
 * 3.10+ (NaNs are never equal, so equal objects still hash equal).
 *
 * repr: the fewest significant digits (1..17) that read back as the same
 * double, printed as Python does: positional notation for exponents in
 * [-4, 16), otherwise "1e+16" style; always a ".0" or an exponent, so a
 * float never reads as an int.
 *
 * Invariants
 * ----------
 * FL1. A float's value never changes after creation (floats are immutable).
 */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(ohi_float) == 24, "float objects are 24 bytes");

#define FLOAT_VALUE(o) OHI_FLOAT_VALUE(o)

/* Free list: a float is the most often made and dropped object of a
 * numeric program (every intermediate result of x * y + z), so, as
 * CPython does, up to OHI_FLOAT_MAXFREELIST dead floats keep their
 * blocks and are handed out again without a trip through the allocator.
 * A dead float on the list has its type poisoned (ohi_object_mark_dead)
 * and the next one's address in its value word; the list's operations
 * are inline in internal.h, shared with the interpreter's float
 * arithmetic.  Measured on bench/py/bm_nbody.py: docs/PYTHON.md,
 * "Speed". */
static void
float_dealloc(oh_object *o)
{
    if (o->type == &oh_float_type
        && OHI_RT->obj.float_nfree < OHI_FLOAT_MAXFREELIST) {
        ohi_float_free_push(o);
        return;
    }
    ohi_object_free(o);
}

/* ohi_float_free_push in debug mode: the dead float is remembered. */
void
ohi_float_free_push_checked(oh_object *o)
{
    ohi_object_mark_dead(o);
    ohi_object_state *st = &OHI_RT->obj;
    ohi_float_set_next_free(o, st->float_free);
    st->float_free = o;
    st->float_nfree++;
}

size_t
ohi_float_clear_freelist(void)
{
    ohi_object_state *st = &OHI_RT->obj;
    size_t freed = 0;
    while (st->float_free != NULL) {
        oh_object *o = st->float_free;
        st->float_free = ohi_float_next_free(o);
        o->type = &oh_float_type;
        ohi_object_free(o);
        freed++;
    }
    st->float_nfree = 0;
    return freed;
}

oh_hash_t
ohi_hash_double(double v)
{
    const uint64_t p = ((uint64_t)1 << 61) - 1;
    if (isinf(v))
        return v > 0 ? 314159 : -314159;
    if (isnan(v))
        return 0;               /* callers hash NaN objects by identity */
    int e;
    double m = frexp(v, &e);
    int sign = 1;
    if (m < 0) {
        sign = -1;
        m = -m;
    }
    uint64_t x = 0;
    while (m != 0.0) {
        x = ((x << 28) & p) | x >> (61 - 28);
        m *= 268435456.0;       /* 2^28 */
        e -= 28;
        uint64_t y = (uint64_t)m;
        m -= (double)y;
        x += y;
        if (x >= p)
            x -= p;
    }
    /* Multiply by 2^e mod P: a rotation by e mod 61. */
    e = e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61);
    x = ((x << e) & p) | x >> (61 - e);
    int64_t h = (int64_t)x * sign;
    return h == -1 ? -2 : h;
}

int
ohi_float_equal_int(double d, int64_t v)
{
    /* Compare exactly: a double past 2^63 cannot equal an int64, and
     * within range the conversion of an integral double is exact. */
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
        return 0;
    if (d != floor(d))
        return 0;
    return (int64_t)d == v;
}

static oh_hash_t
float_hash(oh_object *o)
{
    double v = FLOAT_VALUE(o);
    return isnan(v) ? ohi_hash_pointer(o) : ohi_hash_double(v);
}

static int
float_equal(oh_object *a, oh_object *b)
{
    double x = FLOAT_VALUE(a);
    if (OHI_FLOAT_CHECK(b))
        return x == FLOAT_VALUE(b);
    if (OHI_INT_CHECK(b))
        return ohi_float_equal_int(x, OHI_INT_VALUE(b));
    if (OHI_BIGINT_CHECK(b))
        return ohi_int_cmp_double(b, x) == 0;
    return OH_NOT_IMPLEMENTED;
}

/* Write the shortest repr of v into buf (at least 32 bytes). */
static void
format_double(char *buf, size_t size, double v)
{
    if (isnan(v)) {
        snprintf(buf, size, "nan");
        return;
    }
    if (isinf(v)) {
        snprintf(buf, size, v > 0 ? "inf" : "-inf");
        return;
    }
    /* Shortest digits: %.{p-1}e for p = 1..17 until it reads back. */
    char digits[40];
    for (int p = 1; p <= 17; p++) {
        snprintf(digits, sizeof digits, "%.*e", p - 1, v);
        if (strtod(digits, NULL) == v)
            break;
    }
    /* digits = [-]D[.DDD]e[+-]XX */
    char *e = strchr(digits, 'e');
    int exp10 = atoi(e + 1);
    *e = '\0';
    const char *mant = digits;
    bool neg = false;
    if (*mant == '-') {
        neg = true;
        mant++;
    }
    char sig[20];
    size_t n = 0;
    for (const char *q = mant; *q && n < sizeof sig - 1; q++) {
        if (*q != '.')
            sig[n++] = *q;
    }
    sig[n] = '\0';
    /* Trailing zeros of the digits are not significant. */
    while (n > 1 && sig[n - 1] == '0')
        sig[--n] = '\0';
    size_t pos = 0;
    if (neg)
        buf[pos++] = '-';
    if (exp10 >= -4 && exp10 < 16) {
        if (exp10 < 0) {
            /* 0.000ddd */
            pos += (size_t)snprintf(buf + pos, size - pos, "0.");
            for (int i = -1; i > exp10; i--)
                buf[pos++] = '0';
            snprintf(buf + pos, size - pos, "%s", sig);
        }
        else {
            size_t intdigits = (size_t)exp10 + 1;
            for (size_t i = 0; i < intdigits; i++)
                buf[pos++] = i < n ? sig[i] : '0';
            buf[pos++] = '.';
            if (n > intdigits)
                snprintf(buf + pos, size - pos, "%s", sig + intdigits);
            else
                snprintf(buf + pos, size - pos, "0");
        }
        return;
    }
    buf[pos++] = sig[0];
    if (n > 1) {
        buf[pos++] = '.';
        memcpy(buf + pos, sig + 1, n - 1);
        pos += n - 1;
    }
    snprintf(buf + pos, size - pos, "e%c%02d", exp10 < 0 ? '-' : '+',
             exp10 < 0 ? -exp10 : exp10);
}

static oh_object *
float_repr(oh_object *o)
{
    char buf[64];
    format_double(buf, sizeof buf, FLOAT_VALUE(o));
    return oh_str_from_cstr(buf);
}

const oh_type oh_float_type = {
    .name = "float",
    .basicsize = sizeof(ohi_float),
    .flags = OH_TYPE_IMMUTABLE | OH_TYPE_HASHABLE
             | OHI_KIND(OHI_KIND_FLOAT),
    .dealloc = float_dealloc,
    .hash = float_hash,
    .equal = float_equal,
    .repr = float_repr,
};

int
oh_float_check(const oh_object *o)
{
    OHI_NOT_NULL(o, 0);
    return o->type == &oh_float_type;
}

oh_object *
oh_float_from_double(double v)
{
    oh_object *o = ohi_float_free_pop();
    if (o == NULL) {
        o = ohi_object_alloc(&oh_float_type, 0);
        if (o == NULL)
            return NULL;
    }
    FLOAT_VALUE(o) = v;
    return o;
}

int
oh_float_as_double(oh_object *o, double *out)
{
    OHI_NOT_NULL(o, -1);
    if (OHI_FLOAT_CHECK(o)) {
        *out = FLOAT_VALUE(o);
        return 0;
    }
    if (OHI_INT_CHECK(o)) {
        *out = (double)OHI_INT_VALUE(o);
        return 0;
    }
    if (OHI_BIGINT_CHECK(o))
        return oh_int_as_double(o, out);    /* may be OverflowError */
    ohi_type_error(o, "float");
    return -1;
}

/* ==========================================================================
 * Arithmetic (ints are converted, as Python does for mixed operands)
 * ========================================================================== */

static int
operands(oh_object *a, oh_object *b, const char *op, double *x, double *y)
{
    ohi_check_live(a, op);
    ohi_check_live(b, op);
    bool ok_a = OHI_FLOAT_CHECK(a) || OHI_ANYINT_CHECK(a);
    bool ok_b = OHI_FLOAT_CHECK(b) || OHI_ANYINT_CHECK(b);
    if (!ok_a || !ok_b) {
        oh_err_format(OH_ERR_TYPE, "unsupported operand type(s) for %s: "
                      "'%s' and '%s'", op, oh_type_name(a),
                      oh_type_name(b));
        return -1;
    }
    /* A big int too large for a double is OverflowError, as in Python
     * ("int too large to convert to float"). */
    if (oh_float_as_double(a, x) < 0 || oh_float_as_double(b, y) < 0)
        return -1;
    return 0;
}

oh_object *
oh_float_add(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    double x, y;
    if (operands(a, b, "+", &x, &y) < 0)
        return NULL;
    return oh_float_from_double(x + y);
}

oh_object *
oh_float_sub(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    double x, y;
    if (operands(a, b, "-", &x, &y) < 0)
        return NULL;
    return oh_float_from_double(x - y);
}

oh_object *
oh_float_mul(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    double x, y;
    if (operands(a, b, "*", &x, &y) < 0)
        return NULL;
    return oh_float_from_double(x * y);
}

oh_object *
oh_float_div(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    double x, y;
    if (operands(a, b, "/", &x, &y) < 0)
        return NULL;
    if (y == 0.0) {
        oh_err_set(OH_ERR_ZERODIV, "float division by zero");
        return NULL;
    }
    return oh_float_from_double(x / y);
}
