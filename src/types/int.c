/*
 * int.c -- Python's int: integers of any size, in two layouts.
 *
 * What this file owns
 * -------------------
 * The int type's two layouts and their descriptors, the immortal small
 * ints -5..256, views of either layout as sign and magnitude, the
 * integer arithmetic of the public API (with Python's signs), comparison,
 * and the numeric hash that int, bool and float share.  longint.c holds
 * the arithmetic on magnitudes (limb arrays) that the big layout rests
 * on; intconv.c the conversions to and from str, bytes and double (and
 * true division, which ends in a double).
 *
 * Layouts
 * -------
 *   small  ohi_int     | refcnt | type | value (int64) |        24 bytes
 *   big    ohi_bigint  | refcnt | type | ssize | limb 0 | limb 1 | ...
 *                                  24 bytes + 8 per limb (64-bit limbs)
 *
 * A value that fits in int64_t is small; one that does not is big (B1):
 * so the C API's 64-bit fast path (OHI_INT_CHECK, OHI_INT_VALUE) sees
 * every value it can represent, and a big int is never equal to a small
 * one.  Every result is normalised before it is returned.
 *
 * Descriptors: small ints point at oh_int_type (True and False at
 * oh_bool_type, none.c), big ints at ohi_bigint_type.  Both are named
 * "int" and carry kind OHI_KIND_INT, so oh_type_name, repr and the
 * interpreter's type(x) cannot tell them apart; two descriptors keep
 * the fast path's test a pointer comparison (OHI_INT_CHECK), where one
 * shared descriptor would need a second load to find the layout.
 * oh_int_check (OHI_ANYINT_CHECK) accepts either.
 *
 * Limbs are 64-bit, with products and quotients through a 128-bit type
 * (32-bit limbs where the compiler has none).  CPython uses 30-bit digits
 * so that C can see carries; 64-bit limbs do 4.5 times fewer digit
 * products for the same number and one divq per limb in division (see
 * "Tunables").
 *
 * sys.getsizeof reports CPython 3.11's figure for the value (24 + 4 per
 * 30-bit digit, at least one: 28 for 0 and 1, 32 up to 2^60 - 1, 36 up to
 * 2^90 - 1), as a program measuring its objects expects.  The memory
 * really used is the layout's (24 for a small int, 24 + 8n for n limbs):
 * a few bytes less for most values, 4 more for 65- to 90-bit ones.
 *
 * Small ints: oh_int_from_i64(v) for -5 <= v <= 256 returns the shared
 * object small_ints[v + 5] instead of allocating, as CPython does, so
 * "x = 10; y = 10" gives one object and "x + 1" a different one.  They
 * are immortal (object.c): statically allocated and never freed.
 *
 * Hash: Python's numeric hash, so that equal numbers hash equal across
 * int, bool and float: hash(v) = sign(v) * (|v| mod P) with P = 2^61 - 1,
 * and -1 becomes -2.  A big int is reduced limb by limb from the top:
 * B = 2^64 is 2^3 modulo P, so multiplying by B is a rotation of a
 * 61-bit number by 3.  float.c reduces a double modulo P the same way.
 *
 * Strings, bytes and doubles: intconv.c.
 *
 * Invariants
 * ----------
 * B1. An int object is small (ohi_int, oh_int_type) iff its value lies in
 *     [INT64_MIN, INT64_MAX]; otherwise it is big (ohi_bigint,
 *     ohi_bigint_type).
 * B2. A big int has |ssize| >= 1 limbs, its top limb is not zero, and
 *     ssize < 0 iff its value is negative.
 * B3. An int with a value in [-5, 256] is one of small_ints: no int in that
 *     range is ever allocated.
 * B4. small_ints[i].value == i - 5.
 * B5. An int's value never changes once it has been returned (ints are
 *     immutable); a big int under construction is private to the
 *     function building it until ohi_bigint_finish.
 * B6. An object whose descriptor is neither of the two above but has kind
 *     OHI_KIND_INT (an interpreter's subclass of int) starts with the
 *     small layout and holds an int64 value; OHI_INT_CHECK accepts it, so
 *     every function here reads it as an int.  Results are always plain
 *     ints: nothing here returns such an object as its result.
 *
 * Tunables
 * --------
 * - Limb width, 64 bits: against the same code with 32-bit limbs
 *   (-DOHI_LIMB32, close to CPython's 30-bit digits), str(2**100000) is
 *   2.9 times faster, a 100,000-digit product 2 times, a 200,000-by-
 *   100,000-digit division 3.5 times (docs/OBJECTS.md, "Integers of any
 *   size", has the table and CPython's times).
 * - OHI_INT_MAX_LIMBS, 2^32 limbs (32 GiB): a size no allocation can
 *   reach, so requests past it fail at once with MemoryError and bit
 *   counts stay far inside int64.
 * - longint.c's KARATSUBA_CUTOFF and KARATSUBA_SQR_CUTOFF are measured
 *   there; intconv.c's digit limit is CPython's.
 */
#include "internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef ohi_limb limb;
#define LB OHI_LIMB_BITS

_Static_assert(sizeof(ohi_int) == 24, "small ints are 24 bytes");
_Static_assert(offsetof(ohi_bigint, limb) == 24,
               "a big int's limbs follow a 24-byte header");
_Static_assert(64 % LB == 0, "limbs divide 64 bits");



static oh_object *int_repr(oh_object *o);

/* ==========================================================================
 * The descriptors and the small ints
 * ========================================================================== */

static void
int_dealloc(oh_object *o)
{
    ohi_object_free(o);
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
    .getsizeof = ohi_int_sizeof,
};

const oh_type ohi_bigint_type = {
    .name = "int",
    .basicsize = offsetof(ohi_bigint, limb),
    .itemsize = sizeof(ohi_limb),
    .flags = OH_TYPE_IMMUTABLE | OH_TYPE_HASHABLE
             | OHI_KIND(OHI_KIND_INT),
    .dealloc = int_dealloc,
    .hash = ohi_int_hash,
    .equal = ohi_int_equal,
    .repr = int_repr,
    .getsizeof = ohi_int_sizeof,
};

/* B4, written out by doubling: S1 makes one object, S4 four, ... */
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
    OHI_NOT_NULL(o, 0);
    return OHI_ANYINT_CHECK(o);
}

oh_object *
oh_int_from_i64(int64_t v)
{
    if ((uint64_t)v - (uint64_t)OHI_SMALL_INT_MIN < (uint64_t)NSMALL) {
        /* B3 */
        oh_object *o = &small_ints[v - OHI_SMALL_INT_MIN].ob_base;
        oh_incref(o);
        return o;
    }
    oh_object *o = ohi_object_alloc(&oh_int_type, 0);
    if (o != NULL)
        OHI_INT_VALUE(o) = v;
    return o;
}

/* ==========================================================================
 * Values as sign and magnitude
 * ========================================================================== */

/* The limbs of a 64-bit magnitude m into out[]; their count. */
static inline size_t
u64_to_limbs(uint64_t m, limb *out)
{
    size_t n = 0;
    while (m != 0) {
        out[n++] = (limb)m;
#if LB == 64
        m = 0;
#else
        m >>= LB;
#endif
    }
    return n;
}

static inline uint64_t
abs_u64(int64_t v)
{
    return v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
}

void
ohi_int_view_of(oh_object *o, ohi_int_view *v)
{
    if (OHI_INT_CHECK(o)) {
        int64_t x = OHI_INT_VALUE(o);
        v->neg = x < 0;
        v->n = u64_to_limbs(abs_u64(x), v->own);
        v->d = v->own;
    }
    else {
        const ohi_bigint *b = OHI_BIGINT(o);
        v->neg = b->ssize < 0;
        v->n = (size_t)(b->ssize < 0 ? -b->ssize : b->ssize);
        v->d = b->limb;
    }
}

/* The magnitude d[0..n) (normalised) as a uint64, if it fits. */
static inline bool
limbs_to_u64(const limb *d, size_t n, uint64_t *out)
{
    if (n > OHI_I64_LIMBS)
        return false;
    uint64_t m = 0;
    for (size_t i = n; i-- > 0;)
        m = (LB == 64 ? 0 : m << (LB % 64)) | d[i];
    *out = m;
    return true;
}

/* The signed value of a magnitude and a sign, if it fits in int64. */
static bool
limbs_to_i64(const limb *d, size_t n, bool neg, int64_t *out)
{
    uint64_t m;
    if (!limbs_to_u64(d, n, &m))
        return false;
    if (!neg) {
        if (m > (uint64_t)INT64_MAX)
            return false;
        *out = (int64_t)m;
        return true;
    }
    if (m > (uint64_t)1 << 63)
        return false;
    *out = m == (uint64_t)1 << 63 ? INT64_MIN : -(int64_t)m;
    return true;
}

ohi_bigint *
ohi_bigint_new(size_t n)
{
    OH_ASSERT(n >= 1);
    if (n > OHI_INT_MAX_LIMBS) {
        oh_err_no_memory();
        return NULL;
    }
    oh_object *o = ohi_object_alloc(&ohi_bigint_type, n);
    return o != NULL ? OHI_BIGINT(o) : NULL;
}

void
ohi_bigint_discard(ohi_bigint *b)
{
    ohi_object_free(&b->ob_base);
}

oh_object *
ohi_bigint_finish(ohi_bigint *b, size_t n, bool neg)
{
    n = ohi_limbs_norm(b->limb, n);
    int64_t v;
    if (limbs_to_i64(b->limb, n, neg, &v)) {
        ohi_bigint_discard(b);
        return oh_int_from_i64(v);
    }
    b->ssize = neg ? -(int64_t)n : (int64_t)n;
    return &b->ob_base;
}

/* An int from a magnitude (copied) and a sign.  New reference. */
static oh_object *
int_from_limbs(const limb *d, size_t n, bool neg)
{
    n = ohi_limbs_norm(d, n);
    int64_t v;
    if (limbs_to_i64(d, n, neg, &v))
        return oh_int_from_i64(v);
    ohi_bigint *b = ohi_bigint_new(n);
    if (b == NULL)
        return NULL;
    memcpy(b->limb, d, n * sizeof(limb));
    return ohi_bigint_finish(b, n, neg);
}

oh_object *
oh_int_from_u64(uint64_t v)
{
    if (v <= (uint64_t)INT64_MAX)
        return oh_int_from_i64((int64_t)v);
    limb d[OHI_I64_LIMBS];
    size_t n = u64_to_limbs(v, d);
    return int_from_limbs(d, n, false);
}

/* ==========================================================================
 * Hash, equality, size
 * ========================================================================== */

#define HASH_BITS 61
#define HASH_MODULUS (((uint64_t)1 << HASH_BITS) - 1)

oh_hash_t
ohi_hash_i64(int64_t v)
{
    int64_t h = (int64_t)(abs_u64(v) % HASH_MODULUS);
    if (v < 0)
        h = -h;
    return h == -1 ? -2 : h;
}

static oh_hash_t
big_hash(const ohi_bigint *b)
{
    size_t n = (size_t)(b->ssize < 0 ? -b->ssize : b->ssize);
    uint64_t h = 0;
    /* Horner's rule modulo P, from the top limb: h = h * B + limb. */
    for (size_t i = n; i-- > 0;) {
        /* h * 2^LB mod P: a rotation of h's 61 bits by LB mod 61. */
        const unsigned r = LB % HASH_BITS;
        h = ((h << r) & HASH_MODULUS) | (h >> (HASH_BITS - r));
        uint64_t x = b->limb[i];
        x = (x & HASH_MODULUS) + (x >> HASH_BITS);     /* <= P + 7 */
        h += x;                                         /* < 2^62 */
        h = (h & HASH_MODULUS) + (h >> HASH_BITS);
        if (h >= HASH_MODULUS)
            h -= HASH_MODULUS;
    }
    int64_t s = b->ssize < 0 ? -(int64_t)h : (int64_t)h;
    return s == -1 ? -2 : s;
}

oh_hash_t
ohi_int_hash(oh_object *o)
{
    if (OHI_INT_CHECK(o))
        return ohi_hash_i64(OHI_INT_VALUE(o));
    return big_hash(OHI_BIGINT(o));
}

/* Three-way comparison of two ints of either layout. */
static int
int_cmp(oh_object *a, oh_object *b)
{
    if (OHI_INT_CHECK(a) && OHI_INT_CHECK(b)) {
        int64_t x = OHI_INT_VALUE(a), y = OHI_INT_VALUE(b);
        return (x > y) - (x < y);
    }
    ohi_int_view x, y;
    ohi_int_view_of(a, &x);
    ohi_int_view_of(b, &y);
    if (x.neg != y.neg)
        return x.neg ? -1 : 1;
    int c = ohi_limbs_cmp(x.d, x.n, y.d, y.n);
    return x.neg ? -c : c;
}

int
ohi_int_equal(oh_object *a, oh_object *b)
{
    if (OHI_ANYINT_CHECK(b)) {
        if (OHI_INT_CHECK(a) != OHI_INT_CHECK(b))
            return 0;                   /* B1: one fits, one does not */
        return int_cmp(a, b) == 0;
    }
    if (OHI_FLOAT_CHECK(b)) {
        double d = 0;
        (void)oh_float_as_double(b, &d);
        return ohi_int_cmp_double(a, d) == 0;
    }
    return OH_NOT_IMPLEMENTED;
}

/* CPython 3.11's int_sizeof: the header (24) and at least one 30-bit
 * digit. */
static size_t
cpython_int_size(uint64_t bits)
{
    uint64_t digits = (bits + 29) / 30;
    return 24 + 4 * (size_t)(digits > 0 ? digits : 1);
}

size_t
ohi_int_sizeof(oh_object *o)
{
    if (OHI_INT_CHECK(o)) {
        uint64_t m = abs_u64(OHI_INT_VALUE(o));
        return cpython_int_size(m == 0 ? 0
                                       : 64 - (uint64_t)__builtin_clzll(m));
    }
    ohi_int_view v;
    ohi_int_view_of(o, &v);
    return cpython_int_size(ohi_limbs_bit_length(v.d, v.n));
}

/* ==========================================================================
 * Conversions to C integers
 * ========================================================================== */

bool
ohi_int_arg_check(oh_object *o)
{
    ohi_check_live(o, "int");
    if (OH_LIKELY(OHI_ANYINT_CHECK(o)))
        return true;
    ohi_type_error(o, "int");
    return false;
}

int
oh_int_as_i64(oh_object *o, int64_t *out)
{
    OHI_NOT_NULL(o, -1);
    if (OH_LIKELY(OHI_INT_CHECK(o))) {
        *out = OHI_INT_VALUE(o);
        return 0;
    }
    if (!ohi_int_arg_check(o))
        return -1;
    oh_err_set(OH_ERR_OVERFLOW, "Python int too large to convert to C "
               "int64_t");
    return -1;
}

int
oh_int_fits_i64(oh_object *o)
{
    OHI_NOT_NULL(o, -1);
    if (OHI_INT_CHECK(o))
        return 1;
    return ohi_int_arg_check(o) ? 0 : -1;
}

int
oh_int_sign(oh_object *o, int *out)
{
    OHI_NOT_NULL(o, -1);
    if (!ohi_int_arg_check(o))
        return -1;
    if (OHI_INT_CHECK(o)) {
        int64_t v = OHI_INT_VALUE(o);
        *out = (v > 0) - (v < 0);
    }
    else {
        *out = OHI_BIGINT(o)->ssize < 0 ? -1 : 1;
    }
    return 0;
}

/* ==========================================================================
 * Arithmetic
 * ========================================================================== */

int
ohi_int_operands(oh_object *a, oh_object *b, const char *op)
{
    ohi_check_live(a, op);
    ohi_check_live(b, op);
    if (OH_LIKELY(OHI_ANYINT_CHECK(a) && OHI_ANYINT_CHECK(b)))
        return 0;
    oh_err_format(OH_ERR_TYPE, "unsupported operand type(s) for %s: "
                  "'%s' and '%s'", op, oh_type_name(a), oh_type_name(b));
    return -1;
}

static int
unary(oh_object *a, const char *op)
{
    ohi_check_live(a, op);
    if (OH_LIKELY(OHI_ANYINT_CHECK(a)))
        return 0;
    oh_err_format(OH_ERR_TYPE, "bad operand type for %s: '%s'", op,
                  oh_type_name(a));
    return -1;
}

/* (xneg ? -X : X) + (yneg ? -Y : Y) for magnitudes X and Y. */
static oh_object *
addsub(const ohi_int_view *x, bool xneg, const ohi_int_view *y, bool yneg)
{
    if (xneg == yneg) {
        if (x->n < y->n) {
            const ohi_int_view *t = x;
            x = y;
            y = t;
        }
        ohi_bigint *r = ohi_bigint_new(x->n + 1);
        if (r == NULL)
            return NULL;
        r->limb[x->n] = ohi_limbs_add(r->limb, x->d, x->n, y->d, y->n);
        return ohi_bigint_finish(r, x->n + 1, xneg);
    }
    int c = ohi_limbs_cmp(x->d, x->n, y->d, y->n);
    if (c == 0)
        return oh_int_from_i64(0);
    if (c < 0) {
        const ohi_int_view *t = x;
        x = y;
        y = t;
        xneg = yneg;
    }
    ohi_bigint *r = ohi_bigint_new(x->n);
    if (r == NULL)
        return NULL;
    ohi_limbs_sub(r->limb, x->d, x->n, y->d, y->n);
    return ohi_bigint_finish(r, x->n, xneg);
}

/* The fast paths test the small layout first: a freed object's type is
 * poisoned (object.c), so it fails this test and reaches
 * ohi_int_operands, which reports it. */
oh_object *
oh_int_add(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    int64_t r;
    if (OH_LIKELY(OHI_INT_CHECK(a) && OHI_INT_CHECK(b))) {
        if (!__builtin_add_overflow(OHI_INT_VALUE(a), OHI_INT_VALUE(b), &r))
            return oh_int_from_i64(r);
    }
    else if (ohi_int_operands(a, b, "+") < 0) {
        return NULL;
    }
    ohi_int_view x, y;
    ohi_int_view_of(a, &x);
    ohi_int_view_of(b, &y);
    return addsub(&x, x.neg, &y, y.neg);
}

oh_object *
oh_int_sub(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    int64_t r;
    if (OH_LIKELY(OHI_INT_CHECK(a) && OHI_INT_CHECK(b))) {
        if (!__builtin_sub_overflow(OHI_INT_VALUE(a), OHI_INT_VALUE(b), &r))
            return oh_int_from_i64(r);
    }
    else if (ohi_int_operands(a, b, "-") < 0) {
        return NULL;
    }
    ohi_int_view x, y;
    ohi_int_view_of(a, &x);
    ohi_int_view_of(b, &y);
    return addsub(&x, x.neg, &y, !y.neg);
}

/* |x| * |y| with the given sign. */
static oh_object *
mul_mag(const ohi_int_view *x, const ohi_int_view *y, bool neg)
{
    if (x->n == 0 || y->n == 0)
        return oh_int_from_i64(0);
    ohi_bigint *r = ohi_bigint_new(x->n + y->n);
    if (r == NULL)
        return NULL;
    if (ohi_limbs_mul(r->limb, x->d, x->n, y->d, y->n) < 0) {
        ohi_bigint_discard(r);
        return NULL;
    }
    return ohi_bigint_finish(r, x->n + y->n, neg);
}

oh_object *
oh_int_mul(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    int64_t r;
    if (OH_LIKELY(OHI_INT_CHECK(a) && OHI_INT_CHECK(b))) {
        if (!__builtin_mul_overflow(OHI_INT_VALUE(a), OHI_INT_VALUE(b), &r))
            return oh_int_from_i64(r);
    }
    else if (ohi_int_operands(a, b, "*") < 0) {
        return NULL;
    }
    ohi_int_view x, y;
    ohi_int_view_of(a, &x);
    ohi_int_view_of(b, &y);
    return mul_mag(&x, &y, x.neg != y.neg);
}

oh_object *
oh_int_neg(oh_object *a)
{
    OHI_NOT_NULL(a, NULL);
    if (unary(a, "unary -") < 0)
        return NULL;
    if (OHI_INT_CHECK(a) && OHI_INT_VALUE(a) != INT64_MIN)
        return oh_int_from_i64(-OHI_INT_VALUE(a));
    ohi_int_view x;
    ohi_int_view_of(a, &x);
    return int_from_limbs(x.d, x.n, !x.neg);
}

oh_object *
oh_int_abs(oh_object *a)
{
    OHI_NOT_NULL(a, NULL);
    if (unary(a, "abs()") < 0)
        return NULL;
    if (OHI_INT_CHECK(a) && OHI_INT_VALUE(a) != INT64_MIN) {
        int64_t v = OHI_INT_VALUE(a);
        if (v >= 0 && a->type == &oh_int_type) {
            oh_incref(a);
            return a;
        }
        return oh_int_from_i64(v < 0 ? -v : v);
    }
    ohi_int_view x;
    ohi_int_view_of(a, &x);
    if (!x.neg) {
        oh_incref(a);
        return a;
    }
    return int_from_limbs(x.d, x.n, false);
}

int
oh_int_compare(oh_object *a, oh_object *b, int *out)
{
    OHI_NOT_NULL(a, -1);
    OHI_NOT_NULL(b, -1);
    if (OH_UNLIKELY(!(OHI_INT_CHECK(a) && OHI_INT_CHECK(b)))
        && ohi_int_operands(a, b, "comparison") < 0)
        return -1;
    *out = int_cmp(a, b);
    return 0;
}

/* --------------------------------------------------------------------------
 * Division
 * -------------------------------------------------------------------------- */

/* ZeroDivisionError: Python 3.11 says "integer modulo by zero" for %,
 * "integer division or modulo by zero" for // and divmod. */
static int
zero_division(bool modulo_only)
{
    oh_err_set(OH_ERR_ZERODIV, modulo_only ? "integer modulo by zero"
                                           : "integer division or modulo "
                                             "by zero");
    return -1;
}

/* Floor division and modulo of x by y (y != 0), as Python defines them:
 * q = floor(x / y), r = x - q y, so r has y's sign.  *q and *r (either
 * may be NULL when not wanted) get new references.  0, or -1 with
 * MemoryError. */
static int
divmod_mag(const ohi_int_view *x, const ohi_int_view *y, oh_object **qo,
           oh_object **ro)
{
    OH_ASSERT(y->n > 0);
    ohi_bigint *q = NULL, *r = NULL;
    size_t qn = 0, rn = 0;
    if (ohi_limbs_cmp(x->d, x->n, y->d, y->n) < 0) {
        /* |x| < |y|: truncated quotient 0, remainder |x|. */
        rn = x->n;
        if (rn > 0) {
            if ((r = ohi_bigint_new(rn)) == NULL)
                return -1;
            memcpy(r->limb, x->d, rn * sizeof(limb));
        }
    }
    else {
        qn = x->n - y->n + 1;
        rn = y->n;
        /* One limb more in each, for the floor adjustments below. */
        if ((q = ohi_bigint_new(qn + 1)) == NULL)
            return -1;
        if ((r = ohi_bigint_new(rn + 1)) == NULL) {
            ohi_bigint_discard(q);
            return -1;
        }
        if (y->n == 1) {
            r->limb[0] = ohi_limbs_divrem_1(q->limb, x->d, x->n, y->d[0]);
        }
        else if (ohi_limbs_divrem(q->limb, r->limb, x->d, x->n, y->d,
                                  y->n) < 0) {
            ohi_bigint_discard(q);
            ohi_bigint_discard(r);
            return -1;
        }
        q->limb[qn] = 0;
    }
    rn = r != NULL ? ohi_limbs_norm(r->limb, rn) : 0;
    bool qneg = x->neg != y->neg;
    bool qminus1 = false;               /* q is -1 (and q == NULL) */
    if (qneg && rn > 0) {
        /* Truncation went toward zero: q = -(|q| + 1), r = |y| - |r|,
         * with y's sign. */
        if (q != NULL) {
            /* q has qn + 1 limbs, the top one 0: the carry stops. */
            size_t i = 0;
            while (++q->limb[i] == 0)
                i++;
            qn++;
        }
        else {
            qminus1 = true;
        }
        ohi_bigint *r2 = ohi_bigint_new(y->n);
        if (r2 == NULL)
            goto fail;
        ohi_limbs_sub(r2->limb, y->d, y->n, r->limb, rn);
        ohi_bigint_discard(r);
        r = r2;
        rn = y->n;
    }
    oh_object *qres = NULL, *rres = NULL;
    if (qo != NULL) {
        if (q != NULL) {
            qres = ohi_bigint_finish(q, qn, qneg);
            q = NULL;
        }
        else {
            qres = oh_int_from_i64(qminus1 ? -1 : 0);
        }
        if (qres == NULL)
            goto fail;
    }
    if (ro != NULL) {
        if (r != NULL) {
            rres = ohi_bigint_finish(r, rn, y->neg);
            r = NULL;
        }
        else {
            rres = oh_int_from_i64(0);
        }
        if (rres == NULL) {
            oh_xdecref(qres);
            goto fail;
        }
    }
    if (q != NULL)
        ohi_bigint_discard(q);
    if (r != NULL)
        ohi_bigint_discard(r);
    if (qo != NULL)
        *qo = qres;
    if (ro != NULL)
        *ro = rres;
    return 0;
fail:
    if (q != NULL)
        ohi_bigint_discard(q);
    if (r != NULL)
        ohi_bigint_discard(r);
    return -1;
}

/* The general floor division and modulo of two ints. */
static int
int_divmod(oh_object *a, oh_object *b, oh_object **q, oh_object **r)
{
    if (OHI_INT_CHECK(a) && OHI_INT_CHECK(b)) {
        int64_t x = OHI_INT_VALUE(a), y = OHI_INT_VALUE(b);
        if (y == 0)
            return zero_division(q == NULL);
        if (!(x == INT64_MIN && y == -1)) {
            /* C truncates toward zero; Python floors. */
            int64_t qv = x / y, rv = x % y;
            if (rv != 0 && ((rv < 0) != (y < 0))) {
                qv--;
                rv += y;
            }
            oh_object *qo = NULL;
            if (q != NULL && (qo = oh_int_from_i64(qv)) == NULL)
                return -1;
            if (r != NULL && (*r = oh_int_from_i64(rv)) == NULL) {
                oh_xdecref(qo);
                return -1;
            }
            if (q != NULL)
                *q = qo;
            return 0;
        }
    }
    ohi_int_view x, y;
    ohi_int_view_of(a, &x);
    ohi_int_view_of(b, &y);
    if (y.n == 0)
        return zero_division(q == NULL);
    return divmod_mag(&x, &y, q, r);
}

oh_object *
oh_int_floordiv(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    oh_object *q;
    if (ohi_int_operands(a, b, "//") < 0 || int_divmod(a, b, &q, NULL) < 0)
        return NULL;
    return q;
}

oh_object *
oh_int_mod(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    oh_object *r;
    if (ohi_int_operands(a, b, "%") < 0 || int_divmod(a, b, NULL, &r) < 0)
        return NULL;
    return r;
}

oh_object *
oh_int_divmod(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    oh_object *q, *r;
    if (ohi_int_operands(a, b, "divmod()") < 0 || int_divmod(a, b, &q, &r) < 0)
        return NULL;
    oh_object *t = ohi_tuple_alloc(2);
    if (t == NULL) {
        oh_decref(q);
        oh_decref(r);
        return NULL;
    }
    OHI_TUPLE(t)->items[0] = q;
    OHI_TUPLE(t)->items[1] = r;
    return t;
}

/* --------------------------------------------------------------------------
 * Powers
 * -------------------------------------------------------------------------- */

/* a ** b for b < 0: a float, as Python computes it (float(a) ** float(b)). */
static oh_object *
pow_negative(oh_object *a, oh_object *b)
{
    double x, y;
    if (oh_int_as_double(a, &x) < 0)
        return NULL;
    if (x == 0.0) {
        oh_err_set(OH_ERR_ZERODIV, "0.0 cannot be raised to a negative "
                   "power");
        return NULL;
    }
    if (oh_int_as_double(b, &y) < 0)
        return NULL;
    return oh_float_from_double(pow(x, y));
}

oh_object *
oh_int_pow(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    if (ohi_int_operands(a, b, "** or pow()") < 0)
        return NULL;
    ohi_int_view x, e;
    ohi_int_view_of(a, &x);
    ohi_int_view_of(b, &e);
    if (e.neg)
        return pow_negative(a, b);
    if (x.n == 0 || (x.n == 1 && x.d[0] == 1)) {
        /* 0 ** e, 1 ** e, (-1) ** e: no work, whatever e's size. */
        int64_t base = x.n == 0 ? 0 : x.neg ? -1 : 1;
        if (e.n == 0)
            return oh_int_from_i64(1);
        if (base == -1 && (e.d[0] & 1) == 0)
            base = 1;
        return oh_int_from_i64(base);
    }
    if (e.n == 0)
        return oh_int_from_i64(1);
    uint64_t n;
    uint64_t bits = ohi_limbs_bit_length(x.d, x.n);
    if (!limbs_to_u64(e.d, e.n, &n)
        || (n != 0 && (bits - 1) > (uint64_t)OHI_INT_MAX_LIMBS * LB / n)) {
        /* At least (bits - 1) n bits: more than memory holds. */
        oh_err_no_memory();
        return NULL;
    }
    if (OHI_INT_CHECK(a)) {
        /* Square and multiply in int64 while it fits. */
        int64_t result = 1, sq = OHI_INT_VALUE(a);
        uint64_t k = n;
        bool fits = true;
        while (k > 0 && fits) {
            if ((k & 1) && __builtin_mul_overflow(result, sq, &result))
                fits = false;
            k >>= 1;
            if (k > 0 && __builtin_mul_overflow(sq, sq, &sq))
                fits = false;
        }
        if (fits)
            return oh_int_from_i64(result);
    }
    /* Left to right: for each bit of n from the top, square, and
     * multiply by a where the bit is set. */
    oh_object *r = a;
    oh_incref(r);
    for (int i = 62 - __builtin_clzll(n); i >= 0; i--) {
        oh_object *t = oh_int_mul(r, r);
        oh_decref(r);
        if (t == NULL)
            return NULL;
        r = t;
        if ((n >> i) & 1) {
            t = oh_int_mul(r, a);
            oh_decref(r);
            if (t == NULL)
                return NULL;
            r = t;
        }
    }
    if (r->type == &oh_bool_type) {
        /* True ** 1 is the int 1. */
        oh_decref(r);
        return oh_int_from_i64(1);
    }
    return r;
}

/* ==========================================================================
 * Bits
 * ========================================================================== */

int64_t
oh_int_bit_length(oh_object *o)
{
    OHI_NOT_NULL(o, -1);
    if (!ohi_int_arg_check(o))
        return -1;
    ohi_int_view v;
    ohi_int_view_of(o, &v);
    return (int64_t)ohi_limbs_bit_length(v.d, v.n);
}

int64_t
oh_int_bit_count(oh_object *o)
{
    OHI_NOT_NULL(o, -1);
    if (!ohi_int_arg_check(o))
        return -1;
    ohi_int_view v;
    ohi_int_view_of(o, &v);
    int64_t c = 0;
    for (size_t i = 0; i < v.n; i++)
        c += __builtin_popcountll((unsigned long long)v.d[i]);
    return c;
}

oh_object *
oh_int_invert(oh_object *a)
{
    OHI_NOT_NULL(a, NULL);
    if (unary(a, "unary ~") < 0)
        return NULL;
    if (OHI_INT_CHECK(a))
        return oh_int_from_i64(~OHI_INT_VALUE(a));
    /* ~x == -(x + 1). */
    ohi_int_view x, one;
    ohi_int_view_of(a, &x);
    one.neg = false;
    one.n = u64_to_limbs(1, one.own);
    one.d = one.own;
    return addsub(&x, !x.neg, &one, true);
}

/* x & y, x | y, x ^ y on two's complement, sign-extended to n limbs. */
static oh_object *
bitwise(oh_object *a, oh_object *b, char op)
{
    ohi_int_view x, y;
    ohi_int_view_of(a, &x);
    ohi_int_view_of(b, &y);
    size_t n = (x.n > y.n ? x.n : y.n) + 1;
    ohi_bigint *r = ohi_bigint_new(n);
    if (r == NULL)
        return NULL;
    limb cx = 1, cy = 1;                /* carries of ~|v| + 1 */
    for (size_t i = 0; i < n; i++) {
        limb xi = i < x.n ? x.d[i] : 0, yi = i < y.n ? y.d[i] : 0;
        if (x.neg) {
            xi = ~xi + cx;
            cx = cx && xi == 0;
        }
        if (y.neg) {
            yi = ~yi + cy;
            cy = cy && yi == 0;
        }
        r->limb[i] = op == '&' ? (xi & yi) : op == '|' ? (xi | yi)
                                                        : (xi ^ yi);
    }
    /* The top limb is all sign: 0 or all ones. */
    bool neg = r->limb[n - 1] != 0;
    if (neg) {
        limb c = 1;
        for (size_t i = 0; i < n; i++) {
            limb t = ~r->limb[i] + c;
            c = c && t == 0;
            r->limb[i] = t;
        }
    }
    return ohi_bigint_finish(r, n, neg);
}

oh_object *
oh_int_and(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    if (ohi_int_operands(a, b, "&") < 0)
        return NULL;
    if (OHI_INT_CHECK(a) && OHI_INT_CHECK(b))
        return oh_int_from_i64(OHI_INT_VALUE(a) & OHI_INT_VALUE(b));
    return bitwise(a, b, '&');
}

oh_object *
oh_int_or(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    if (ohi_int_operands(a, b, "|") < 0)
        return NULL;
    if (OHI_INT_CHECK(a) && OHI_INT_CHECK(b))
        return oh_int_from_i64(OHI_INT_VALUE(a) | OHI_INT_VALUE(b));
    return bitwise(a, b, '|');
}

oh_object *
oh_int_xor(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    if (ohi_int_operands(a, b, "^") < 0)
        return NULL;
    if (OHI_INT_CHECK(a) && OHI_INT_CHECK(b))
        return oh_int_from_i64(OHI_INT_VALUE(a) ^ OHI_INT_VALUE(b));
    return bitwise(a, b, '^');
}

/* A shift count: 0 and *n (UINT64_MAX for counts past that), or -1 with
 * ValueError "negative shift count". */
static int
shift_count(oh_object *b, uint64_t *n)
{
    ohi_int_view s;
    ohi_int_view_of(b, &s);
    if (s.neg) {
        oh_err_set(OH_ERR_VALUE, "negative shift count");
        return -1;
    }
    if (!limbs_to_u64(s.d, s.n, n))
        *n = UINT64_MAX;
    return 0;
}

/* A non-negative shift count divided by 30 (CPython's digit size), in
 * *q, with *rem saying whether 30 left a remainder; false when the
 * quotient does not fit 64 bits.  Counts past 64 bits are read as two
 * words and divided in 32-bit halves, so that no 128-bit type is needed. */
static bool
shift_div30(oh_object *b, uint64_t *q, bool *rem)
{
    ohi_int_view c;
    ohi_int_view_of(b, &c);
    uint64_t lo = 0, hi = 0;
    for (size_t i = 0; i < c.n; i++) {
        size_t at = i * LB;
        if (at < 64)
            lo |= (uint64_t)c.d[i] << at;
        else if (at < 128)
            hi |= (uint64_t)c.d[i] << (at - 64);
        else
            return false;
    }
    if (hi >= 30)
        return false;
    uint64_t t1 = hi << 32 | lo >> 32;
    uint64_t t0 = (t1 % 30) << 32 | (lo & 0xffffffffu);
    *q = (t1 / 30) << 32 | t0 / 30;
    *rem = t0 % 30 != 0;
    return true;
}

oh_object *
oh_int_lshift(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    uint64_t sh;
    if (ohi_int_operands(a, b, "<<") < 0 || shift_count(b, &sh) < 0)
        return NULL;
    ohi_int_view x;
    ohi_int_view_of(a, &x);
    if (x.n == 0)
        return oh_int_from_i64(0);
    if (OHI_INT_CHECK(a) && sh < 63) {
        int64_t v = OHI_INT_VALUE(a);
        if (abs_u64(v) < (uint64_t)1 << (63 - sh))
            return oh_int_from_i64((int64_t)((uint64_t)v << sh));
    }
    if (sh / LB >= OHI_INT_MAX_LIMBS) {
        /* CPython's answer: OverflowError when its result would need more
         * 30-bit digits than an object can count (_PyLong_New: at most
         * (PY_SSIZE_T_MAX - 24) / 4), MemoryError below that. */
        const uint64_t max_digits = ((uint64_t)INT64_MAX - 24) / 4;
        uint64_t q;                     /* the count / 30, when it fits */
        bool rem;
        bool fits = shift_div30(b, &q, &rem);
        uint64_t old = (ohi_limbs_bit_length(x.d, x.n) + 29) / 30;
        if (!fits || q > max_digits || q + rem + old > max_digits)
            oh_err_set(OH_ERR_OVERFLOW, "too many digits in integer");
        else
            oh_err_no_memory();
        return NULL;
    }
    size_t w = (size_t)(sh / LB);
    size_t n = x.n + w + 1;
    ohi_bigint *r = ohi_bigint_new(n);
    if (r == NULL)
        return NULL;
    memset(r->limb, 0, w * sizeof(limb));
    r->limb[n - 1] = ohi_limbs_lshift(r->limb + w, x.d, x.n,
                                      (unsigned)(sh % LB));
    return ohi_bigint_finish(r, n, x.neg);
}

oh_object *
oh_int_rshift(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    uint64_t sh;
    if (ohi_int_operands(a, b, ">>") < 0 || shift_count(b, &sh) < 0)
        return NULL;
    if (OHI_INT_CHECK(a)) {
        int64_t v = OHI_INT_VALUE(a);
        if (sh >= 64)
            return oh_int_from_i64(v < 0 ? -1 : 0);
        /* Floor for negatives: ~(~v >> s), with ~v >= 0. */
        return oh_int_from_i64(v >= 0 ? v >> sh : ~(~v >> sh));
    }
    ohi_int_view x;
    ohi_int_view_of(a, &x);
    if (sh >= ohi_limbs_bit_length(x.d, x.n))
        return oh_int_from_i64(x.neg ? -1 : 0);
    size_t w = (size_t)(sh / LB);
    size_t n = x.n - w + 1;
    ohi_bigint *r = ohi_bigint_new(n);
    if (r == NULL)
        return NULL;
    ohi_limbs_rshift(r->limb, x.d + w, x.n - w, (unsigned)(sh % LB));
    r->limb[n - 1] = 0;
    if (x.neg && ohi_limbs_any_below(x.d, x.n, sh)) {
        /* Floor: a negative value that lost bits goes one further down. */
        size_t i = 0;
        while (++r->limb[i] == 0)
            i++;
    }
    return ohi_bigint_finish(r, n, x.neg);
}

/* ==========================================================================
 * Modular powers
 * ========================================================================== */

/* a mod m for m > 0, with the result in [0, m).  New reference. */
static oh_object *
mod_positive(oh_object *a, oh_object *m)
{
    oh_object *r;
    return int_divmod(a, m, NULL, &r) < 0 ? NULL : r;
}

/* The inverse of a modulo m (0 <= a < m): extended Euclid.  New
 * reference; NULL with ValueError when gcd(a, m) != 1. */
static oh_object *
mod_inverse(oh_object *a, oh_object *m)
{
    oh_object *r0 = m, *r1 = a, *t0, *t1;
    oh_incref(r0);
    oh_incref(r1);
    t0 = oh_int_from_i64(0);
    t1 = oh_int_from_i64(1);
    oh_object *result = NULL;
    /* Loop: r0 = t0 a (mod m), r1 = t1 a (mod m). */
    for (;;) {
        int sign = 0;
        (void)oh_int_sign(r1, &sign);
        if (sign == 0)
            break;
        oh_object *q, *r;
        if (int_divmod(r0, r1, &q, &r) < 0)
            goto done;
        oh_object *qt = oh_int_mul(q, t1);
        oh_decref(q);
        if (qt == NULL) {
            oh_decref(r);
            goto done;
        }
        oh_object *t2 = oh_int_sub(t0, qt);
        oh_decref(qt);
        if (t2 == NULL) {
            oh_decref(r);
            goto done;
        }
        oh_decref(r0);
        r0 = r1;
        r1 = r;
        oh_decref(t0);
        t0 = t1;
        t1 = t2;
    }
    if (!(OHI_INT_CHECK(r0) && OHI_INT_VALUE(r0) == 1)) {
        oh_err_set(OH_ERR_VALUE, "base is not invertible for the given "
                   "modulus");
        goto done;
    }
    result = mod_positive(t0, m);
done:
    oh_decref(r0);
    oh_decref(r1);
    oh_decref(t0);
    oh_decref(t1);
    return result;
}

oh_object *
oh_int_powmod(oh_object *a, oh_object *b, oh_object *m)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    OHI_NOT_NULL(m, NULL);
    if (ohi_int_operands(a, b, "pow()") < 0
        || ohi_int_operands(a, m, "pow()") < 0)
        return NULL;
    int msign, bsign;
    (void)oh_int_sign(m, &msign);
    (void)oh_int_sign(b, &bsign);
    if (msign == 0) {
        oh_err_set(OH_ERR_VALUE, "pow() 3rd argument cannot be 0");
        return NULL;
    }
    oh_object *mod = NULL, *base = NULL, *e = NULL, *r = NULL;
    if ((mod = oh_int_abs(m)) == NULL)
        return NULL;
    if (OHI_INT_CHECK(mod) && OHI_INT_VALUE(mod) == 1) {
        oh_decref(mod);
        return oh_int_from_i64(0);
    }
    if ((base = mod_positive(a, mod)) == NULL)
        goto fail;
    if (bsign < 0) {
        /* pow(a, -e, m) == pow(inverse(a), e, m). */
        oh_object *inv = mod_inverse(base, mod);
        oh_decref(base);
        if ((base = inv) == NULL)
            goto fail;
        if ((e = oh_int_neg(b)) == NULL)
            goto fail;
    }
    else {
        e = b;
        oh_incref(e);
    }
    /* Left to right over e's bits: r = r^2 mod m, then r = r a mod m
     * where the bit is set. */
    if ((r = oh_int_from_i64(1)) == NULL)
        goto fail;
    ohi_int_view ev;
    ohi_int_view_of(e, &ev);
    uint64_t nbits = ohi_limbs_bit_length(ev.d, ev.n);
    for (uint64_t i = nbits; i-- > 0;) {
        oh_object *t = oh_int_mul(r, r);
        oh_decref(r);
        r = NULL;
        if (t == NULL || (r = mod_positive(t, mod)) == NULL) {
            oh_xdecref(t);
            goto fail;
        }
        oh_decref(t);
        if ((ev.d[i / LB] >> (i % LB)) & 1) {
            t = oh_int_mul(r, base);
            oh_decref(r);
            r = NULL;
            if (t == NULL || (r = mod_positive(t, mod)) == NULL) {
                oh_xdecref(t);
                goto fail;
            }
            oh_decref(t);
        }
    }
    if (msign < 0 && !(OHI_INT_CHECK(r) && OHI_INT_VALUE(r) == 0)) {
        /* A negative modulus: the result takes its sign, in (m, 0]. */
        oh_object *t = oh_int_add(r, m);
        oh_decref(r);
        r = t;
    }
    oh_decref(mod);
    oh_decref(base);
    oh_decref(e);
    return r;
fail:
    oh_xdecref(mod);
    oh_xdecref(base);
    oh_xdecref(e);
    oh_xdecref(r);
    return NULL;
}

/* ==========================================================================
 * repr
 * ========================================================================== */

static oh_object *
int_repr(oh_object *o)
{
    if (OHI_INT_CHECK(o))
        return oh_str_from_format("%" PRId64, OHI_INT_VALUE(o));
    return oh_int_to_string(o, 10, 0);
}
