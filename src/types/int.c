/*
 * int.c -- Python's int: integers of any size, in two layouts.
 *
 * What this file owns
 * -------------------
 * The int type's two layouts and their descriptors, the immortal small
 * ints -5..256, every integer operation of the public API (arithmetic
 * with Python's signs, comparison, conversion to and from strings),
 * the numeric hash that int, bool and float share, and the runtime's
 * limit on int<->str conversion.  longint.c holds the arithmetic on
 * magnitudes (limb arrays) that the big layout rests on.
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
 * products for the same number and one divq per limb in division
 * (docs/OBJECTS.md, "Multiplication", has the measurement).
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
 * Strings: oh_int_from_string is Python's int(s, base), every rule of
 * the grammar included (whitespace, sign, 0x/0o/0b prefixes, single
 * underscores between digits, base 0's refusal of "010", Unicode
 * decimal digits and spaces); oh_int_to_string is str/bin/oct/hex.
 * Power-of-two bases convert in linear time.  Other bases go through
 * chunks of the largest power of the base that fits a limb (10^19):
 * quadratic, and so bounded, as in CPython 3.11, by a limit on the
 * number of digits (4300 by default; oh_int_set_max_str_digits is
 * sys.set_int_max_str_digits) with CPython's messages.
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
 *     function building it until big_finish.
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

/* Limbs in an int64's magnitude. */
#define I64_LIMBS (64 / LB)

/* The most limbs a big int may have: 2^32 64-bit limbs (32 GiB) is far
 * past any allocation that can succeed, and keeps every bit count of a
 * big int inside int64_t. */
#define MAX_LIMBS ((size_t)1 << 32)

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

/* A view of an int of either layout: its magnitude d[0..n) (normalised;
 * n == 0 for zero) and its sign.  A small int's magnitude is written
 * into `own`, so a view must stay where ival_of put it. */
typedef struct ival {
    const limb *d;
    size_t n;
    bool neg;
    limb own[I64_LIMBS];
} ival;

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

/* o must be an int of either layout (or a bool). */
static void
ival_of(oh_object *o, ival *v)
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
    if (n > I64_LIMBS)
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

/* A big int with room for n >= 1 limbs, for the caller to fill and pass
 * to big_finish (B5).  NULL with MemoryError. */
static ohi_bigint *
big_new(size_t n)
{
    OH_ASSERT(n >= 1);
    if (n > MAX_LIMBS) {
        oh_err_no_memory();
        return NULL;
    }
    oh_object *o = ohi_object_alloc(&ohi_bigint_type, n);
    return o != NULL ? OHI_BIGINT(o) : NULL;
}

/* Release a big int that big_finish never saw. */
static void
big_discard(ohi_bigint *b)
{
    ohi_object_free(&b->ob_base);
}

/* Make b, whose first n limbs hold a magnitude, an int with that
 * magnitude and sign: normalised (B1, B2), so a value that fits in int64
 * comes back small and b is freed.  New reference; NULL with MemoryError
 * (b is freed then too). */
static oh_object *
big_finish(ohi_bigint *b, size_t n, bool neg)
{
    n = ohi_limbs_norm(b->limb, n);
    int64_t v;
    if (limbs_to_i64(b->limb, n, neg, &v)) {
        big_discard(b);
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
    ohi_bigint *b = big_new(n);
    if (b == NULL)
        return NULL;
    memcpy(b->limb, d, n * sizeof(limb));
    return big_finish(b, n, neg);
}

oh_object *
oh_int_from_u64(uint64_t v)
{
    if (v <= (uint64_t)INT64_MAX)
        return oh_int_from_i64((int64_t)v);
    limb d[I64_LIMBS];
    size_t n = u64_to_limbs(v, d);
    return int_from_limbs(d, n, false);
}

/* Bits in a magnitude (0 for zero). */
static inline uint64_t
limbs_bit_length(const limb *d, size_t n)
{
    if (n == 0)
        return 0;
    limb top = d[n - 1];
#if LB == 64
    unsigned lz = (unsigned)__builtin_clzll(top);
#else
    unsigned lz = (unsigned)__builtin_clz(top);
#endif
    return (uint64_t)(n - 1) * LB + (LB - lz);
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
    ival x, y;
    ival_of(a, &x);
    ival_of(b, &y);
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
    if (b->type == &oh_float_type) {
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
        return cpython_int_size(m == 0 ? 0 : 64 - (uint64_t)__builtin_clzll(m));
    }
    ival v;
    ival_of(o, &v);
    return cpython_int_size(limbs_bit_length(v.d, v.n));
}

/* ==========================================================================
 * Conversions to C integers
 * ========================================================================== */

/* 0 with TypeError unless o is an int of either layout. */
static bool
check_int(oh_object *o)
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
    if (OH_LIKELY(OHI_INT_CHECK(o))) {
        *out = OHI_INT_VALUE(o);
        return 0;
    }
    if (!check_int(o))
        return -1;
    oh_err_set(OH_ERR_OVERFLOW, "Python int too large to convert to C "
               "int64_t");
    return -1;
}

int
oh_int_fits_i64(oh_object *o)
{
    if (OHI_INT_CHECK(o))
        return 1;
    return check_int(o) ? 0 : -1;
}

int
oh_int_sign(oh_object *o, int *out)
{
    if (!check_int(o))
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

/* -1 with TypeError naming the operator unless both are ints. */
static int
operands(oh_object *a, oh_object *b, const char *op)
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
addsub(const ival *x, bool xneg, const ival *y, bool yneg)
{
    if (xneg == yneg) {
        if (x->n < y->n) {
            const ival *t = x;
            x = y;
            y = t;
        }
        ohi_bigint *r = big_new(x->n + 1);
        if (r == NULL)
            return NULL;
        r->limb[x->n] = ohi_limbs_add(r->limb, x->d, x->n, y->d, y->n);
        return big_finish(r, x->n + 1, xneg);
    }
    int c = ohi_limbs_cmp(x->d, x->n, y->d, y->n);
    if (c == 0)
        return oh_int_from_i64(0);
    if (c < 0) {
        const ival *t = x;
        x = y;
        y = t;
        xneg = yneg;
    }
    ohi_bigint *r = big_new(x->n);
    if (r == NULL)
        return NULL;
    ohi_limbs_sub(r->limb, x->d, x->n, y->d, y->n);
    return big_finish(r, x->n, xneg);
}

oh_object *
oh_int_add(oh_object *a, oh_object *b)
{
    if (operands(a, b, "+") < 0)
        return NULL;
    int64_t r;
    if (OHI_INT_CHECK(a) && OHI_INT_CHECK(b)
        && !__builtin_add_overflow(OHI_INT_VALUE(a), OHI_INT_VALUE(b), &r))
        return oh_int_from_i64(r);
    ival x, y;
    ival_of(a, &x);
    ival_of(b, &y);
    return addsub(&x, x.neg, &y, y.neg);
}

oh_object *
oh_int_sub(oh_object *a, oh_object *b)
{
    if (operands(a, b, "-") < 0)
        return NULL;
    int64_t r;
    if (OHI_INT_CHECK(a) && OHI_INT_CHECK(b)
        && !__builtin_sub_overflow(OHI_INT_VALUE(a), OHI_INT_VALUE(b), &r))
        return oh_int_from_i64(r);
    ival x, y;
    ival_of(a, &x);
    ival_of(b, &y);
    return addsub(&x, x.neg, &y, !y.neg);
}

/* |x| * |y| with the given sign. */
static oh_object *
mul_mag(const ival *x, const ival *y, bool neg)
{
    if (x->n == 0 || y->n == 0)
        return oh_int_from_i64(0);
    ohi_bigint *r = big_new(x->n + y->n);
    if (r == NULL)
        return NULL;
    if (ohi_limbs_mul(r->limb, x->d, x->n, y->d, y->n) < 0) {
        big_discard(r);
        return NULL;
    }
    return big_finish(r, x->n + y->n, neg);
}

oh_object *
oh_int_mul(oh_object *a, oh_object *b)
{
    if (operands(a, b, "*") < 0)
        return NULL;
    int64_t r;
    if (OHI_INT_CHECK(a) && OHI_INT_CHECK(b)
        && !__builtin_mul_overflow(OHI_INT_VALUE(a), OHI_INT_VALUE(b), &r))
        return oh_int_from_i64(r);
    ival x, y;
    ival_of(a, &x);
    ival_of(b, &y);
    return mul_mag(&x, &y, x.neg != y.neg);
}

oh_object *
oh_int_neg(oh_object *a)
{
    if (unary(a, "unary -") < 0)
        return NULL;
    if (OHI_INT_CHECK(a) && OHI_INT_VALUE(a) != INT64_MIN)
        return oh_int_from_i64(-OHI_INT_VALUE(a));
    ival x;
    ival_of(a, &x);
    return int_from_limbs(x.d, x.n, !x.neg);
}

oh_object *
oh_int_abs(oh_object *a)
{
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
    ival x;
    ival_of(a, &x);
    if (!x.neg) {
        oh_incref(a);
        return a;
    }
    return int_from_limbs(x.d, x.n, false);
}

int
oh_int_compare(oh_object *a, oh_object *b, int *out)
{
    if (operands(a, b, "comparison") < 0)
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
divmod_mag(const ival *x, const ival *y, oh_object **qo, oh_object **ro)
{
    OH_ASSERT(y->n > 0);
    ohi_bigint *q = NULL, *r = NULL;
    size_t qn = 0, rn = 0;
    if (ohi_limbs_cmp(x->d, x->n, y->d, y->n) < 0) {
        /* |x| < |y|: truncated quotient 0, remainder |x|. */
        rn = x->n;
        if (rn > 0) {
            if ((r = big_new(rn)) == NULL)
                return -1;
            memcpy(r->limb, x->d, rn * sizeof(limb));
        }
    }
    else {
        qn = x->n - y->n + 1;
        rn = y->n;
        /* One limb more in each, for the floor adjustments below. */
        if ((q = big_new(qn + 1)) == NULL)
            return -1;
        if ((r = big_new(rn + 1)) == NULL) {
            big_discard(q);
            return -1;
        }
        if (y->n == 1) {
            r->limb[0] = ohi_limbs_divrem_1(q->limb, x->d, x->n, y->d[0]);
        }
        else if (ohi_limbs_divrem(q->limb, r->limb, x->d, x->n, y->d,
                                  y->n) < 0) {
            big_discard(q);
            big_discard(r);
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
        ohi_bigint *r2 = big_new(y->n);
        if (r2 == NULL)
            goto fail;
        ohi_limbs_sub(r2->limb, y->d, y->n, r->limb, rn);
        big_discard(r);
        r = r2;
        rn = y->n;
    }
    oh_object *qres = NULL, *rres = NULL;
    if (qo != NULL) {
        if (q != NULL) {
            qres = big_finish(q, qn, qneg);
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
            rres = big_finish(r, rn, y->neg);
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
        big_discard(q);
    if (r != NULL)
        big_discard(r);
    if (qo != NULL)
        *qo = qres;
    if (ro != NULL)
        *ro = rres;
    return 0;
fail:
    if (q != NULL)
        big_discard(q);
    if (r != NULL)
        big_discard(r);
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
    ival x, y;
    ival_of(a, &x);
    ival_of(b, &y);
    if (y.n == 0)
        return zero_division(q == NULL);
    return divmod_mag(&x, &y, q, r);
}

oh_object *
oh_int_floordiv(oh_object *a, oh_object *b)
{
    oh_object *q;
    if (operands(a, b, "//") < 0 || int_divmod(a, b, &q, NULL) < 0)
        return NULL;
    return q;
}

oh_object *
oh_int_mod(oh_object *a, oh_object *b)
{
    oh_object *r;
    if (operands(a, b, "%") < 0 || int_divmod(a, b, NULL, &r) < 0)
        return NULL;
    return r;
}

oh_object *
oh_int_divmod(oh_object *a, oh_object *b)
{
    oh_object *q, *r;
    if (operands(a, b, "divmod()") < 0 || int_divmod(a, b, &q, &r) < 0)
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
    if (operands(a, b, "** or pow()") < 0)
        return NULL;
    ival x, e;
    ival_of(a, &x);
    ival_of(b, &e);
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
    uint64_t bits = limbs_bit_length(x.d, x.n);
    if (!limbs_to_u64(e.d, e.n, &n)
        || (n != 0 && (bits - 1) > (uint64_t)MAX_LIMBS * LB / n)) {
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
 * Strings
 * ========================================================================== */

/* The digit limit (Python's sys.get_int_max_str_digits()): 0 for none. */
static int64_t
str_digits_limit(void)
{
    int64_t m = OHI_RT->ints.max_str_digits;
    return m == 0 ? OH_INT_MAX_STR_DIGITS : m < 0 ? 0 : m;
}

int
oh_int_set_max_str_digits(int64_t n)
{
    if (n != 0 && n < OH_INT_MAX_STR_DIGITS_THRESHOLD) {
        oh_err_format(OH_ERR_VALUE, "maxdigits must be 0 or larger than %d",
                      OH_INT_MAX_STR_DIGITS_THRESHOLD);
        return -1;
    }
    OHI_RT->ints.max_str_digits = n == 0 ? -1 : n;
    return 0;
}

int64_t
oh_int_get_max_str_digits(void)
{
    return str_digits_limit();
}

/* Digit values of ASCII characters; 36 for "not a digit in any base". */
static const unsigned char digit_value[256] = {
#define X36 36, 36, 36, 36, 36, 36, 36, 36, 36, 36, 36, 36, 36, 36, 36, 36
    X36, X36, X36,
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 36, 36, 36, 36, 36, 36,
    36, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
    25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 36, 36, 36, 36,
    36, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
    25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 36, 36, 36, 36,
    X36, X36, X36, X36, X36, X36, X36, X36,
#undef X36
};

static const char digit_chars[] = "0123456789abcdefghijklmnopqrstuvwxyz";

/* Python's ASCII whitespace for int(): space, \t, \n, \v, \f, \r. */
static inline bool
is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Unicode's decimal digits (category Nd, Unicode 14.0 as in Python 3.11):
 * the code point of each run's zero; each run holds ten digits. */
static const uint32_t unicode_zeros[] = {
    0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66,
    0xce6, 0xd66, 0xde6, 0xe50, 0xed0, 0xf20, 0x1040, 0x1090, 0x17e0,
    0x1810, 0x1946, 0x19d0, 0x1a80, 0x1a90, 0x1b50, 0x1bb0, 0x1c40, 0x1c50,
    0xa620, 0xa8d0, 0xa900, 0xa9d0, 0xa9f0, 0xaa50, 0xabf0, 0xff10,
    0x104a0, 0x10d30, 0x11066, 0x110f0, 0x11136, 0x111d0, 0x112f0,
    0x11450, 0x114d0, 0x11650, 0x116c0, 0x11730, 0x118e0, 0x11950,
    0x11c50, 0x11d50, 0x11da0, 0x16a60, 0x16ac0, 0x16b50, 0x1d7ce,
    0x1d7d8, 0x1d7e2, 0x1d7ec, 0x1d7f6, 0x1e140, 0x1e2f0, 0x1e950,
    0x1fbf0,
};

/* What int() makes of a non-ASCII character, as CPython's
 * _PyUnicode_TransformDecimalAndSpaceToASCII does: a space for Unicode
 * whitespace, the ASCII digit for a decimal digit, '?' (never valid)
 * for anything else. */
static char
fold_code_point(uint32_t cp)
{
    if (cp == 0x85 || cp == 0xa0 || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029
        || cp == 0x202f || cp == 0x205f || cp == 0x3000)
        return ' ';
    size_t lo = 0, hi = sizeof unicode_zeros / sizeof unicode_zeros[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (unicode_zeros[mid] <= cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0 && cp - unicode_zeros[lo - 1] < 10)
        return (char)('0' + (cp - unicode_zeros[lo - 1]));
    return '?';
}

/* Fold UTF-8 text to ASCII for parsing (fold_code_point for each
 * non-ASCII character) into out (at least len bytes); its length, or
 * SIZE_MAX if the text is not valid UTF-8. */
static size_t
fold_to_ascii(const unsigned char *s, size_t len, char *out)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = s[i];
        if (c < 0x80) {
            out[n++] = (char)c;
            i++;
            continue;
        }
        size_t k = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
        if (k == 0 || c > 0xf4 || len - i <= k)
            return SIZE_MAX;
        uint32_t cp = c & (0x3fu >> k);
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xc0) != 0x80)
                return SIZE_MAX;
            cp = cp << 6 | (s[i + j] & 0x3f);
        }
        static const uint32_t least[4] = {0, 0x80, 0x800, 0x10000};
        if (cp < least[k] || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
            return SIZE_MAX;
        out[n++] = fold_code_point(cp);
        i += k + 1;
    }
    return n;
}

/* ValueError "invalid literal for int() with base 10: 'abc'": the text
 * quoted as repr() quotes a str, cut to 200 characters (CPython's
 * %.200R).  Returns NULL. */
static oh_object *
invalid_literal(const char *s, size_t len, int base)
{
    oh_object *str = oh_str_from_utf8(s, len);
    if (str == NULL) {
        if (oh_err_occurred() == OH_ERR_MEMORY)
            return NULL;
        /* Not UTF-8 (only a C caller can pass that): show the bytes. */
        oh_err_clear();
        char buf[208];
        size_t n = 0;
        buf[n++] = '\'';
        for (size_t i = 0; i < len && n < 200; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'')
                buf[n++] = (char)c;
            else
                n += (size_t)snprintf(buf + n, sizeof buf - n, "\\x%02x", c);
        }
        if (n > 200)
            n = 200;
        if (n < 200)
            buf[n++] = '\'';
        oh_err_format(OH_ERR_VALUE, "invalid literal for int() with base "
                      "%d: %.*s", base, (int)n, buf);
        return NULL;
    }
    oh_object *rep = oh_repr(str);
    oh_decref(str);
    if (rep == NULL)
        return NULL;
    size_t nbytes;
    const char *r = oh_str_utf8(rep, &nbytes);
    /* The byte length of the first 200 code points. */
    size_t cut = 0, chars = 0;
    while (cut < nbytes && chars < 200) {
        cut++;
        while (cut < nbytes && ((unsigned char)r[cut] & 0xc0) == 0x80)
            cut++;
        chars++;
    }
    oh_err_format(OH_ERR_VALUE, "invalid literal for int() with base %d: "
                  "%.*s", base, (int)cut, r);
    oh_decref(rep);
    return NULL;
}

static oh_object *
too_many_digits_to_int(size_t ndigits)
{
    oh_err_format(OH_ERR_VALUE, "Exceeds the limit (%" PRId64 " digits) for "
                  "integer string conversion: value has %zu digits; use "
                  "sys.set_int_max_str_digits() to increase the limit",
                  str_digits_limit(), ndigits);
    return NULL;
}

/* The largest power of base that fits a limb, and its exponent. */
static limb
chunk_power(unsigned base, unsigned *digits)
{
    limb p = base;
    unsigned k = 1;
    while (p <= OHI_LIMB_MAX / base) {
        p *= base;
        k++;
    }
    *digits = k;
    return p;
}

/* The magnitude of the digits in [p, end) (underscores skipped; every
 * other character a digit of base), ndigits of them.  New reference. */
static oh_object *
digits_to_int(const char *p, const char *end, size_t ndigits, unsigned base,
              bool neg)
{
    double bits_per_digit = log2((double)base);
    if ((double)ndigits * bits_per_digit < 63.0) {
        /* Fits in int64 whatever the digits. */
        uint64_t m = 0;
        for (; p < end; p++) {
            if (*p != '_')
                m = m * base + digit_value[(unsigned char)*p];
        }
        return oh_int_from_i64(neg ? -(int64_t)m : (int64_t)m);
    }
    double dlimbs = (double)ndigits * bits_per_digit / LB + 2;
    if (dlimbs > (double)MAX_LIMBS) {
        oh_err_no_memory();
        return NULL;
    }
    size_t cap = (size_t)dlimbs;
    ohi_bigint *b = big_new(cap);
    if (b == NULL)
        return NULL;
    limb *acc = b->limb;
    size_t n = 0;
    if ((base & (base - 1)) == 0) {
        /* Power of two: k bits per digit, packed from the last digit. */
        unsigned k = (unsigned)__builtin_ctz(base);
        memset(acc, 0, cap * sizeof(limb));
        uint64_t bit = 0;
        for (const char *q = end; q-- > p;) {
            if (*q == '_')
                continue;
            limb v = digit_value[(unsigned char)*q];
            size_t i = (size_t)(bit / LB);
            unsigned off = (unsigned)(bit % LB);
            acc[i] |= v << off;
            if (off + k > LB)
                acc[i + 1] |= v >> (LB - off);
            bit += k;
        }
        n = cap;
    }
    else {
        /* acc = acc * base^k + chunk, k digits at a time from the top;
         * the first chunk takes the odd digits. */
        unsigned k;
        limb big = chunk_power(base, &k);
        size_t first = ndigits % k;
        if (first == 0)
            first = k;
        limb chunk = 0, mult = 1;
        size_t in_chunk = 0, want = first;
        for (; p < end; p++) {
            if (*p == '_')
                continue;
            chunk = chunk * base + digit_value[(unsigned char)*p];
            mult *= base;
            if (++in_chunk == want) {
                limb c = ohi_limbs_mul_1_add(acc, n, want == k ? big : mult,
                                             chunk);
                if (c != 0)
                    acc[n++] = c;
                chunk = 0;
                mult = 1;
                in_chunk = 0;
                want = k;
            }
        }
        OH_ASSERT(in_chunk == 0 && n <= cap);
    }
    return big_finish(b, n, neg);
}

oh_object *
oh_int_from_string(const char *s, size_t len, int base)
{
    if (s == NULL) {
        oh_err_set(OH_ERR_TYPE, "oh_int_from_string: NULL text");
        return NULL;
    }
    if (base != 0 && (base < 2 || base > 36)) {
        oh_err_set(OH_ERR_VALUE, "int() base must be >= 2 and <= 36, or 0");
        return NULL;
    }
    /* Non-ASCII text is folded to ASCII first (fold_code_point). */
    char *folded = NULL;
    const char *text = s;
    size_t n = len;
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)s[i] >= 0x80) {
            if ((folded = oh_malloc(len)) == NULL)
                return oh_err_no_memory();
            n = fold_to_ascii((const unsigned char *)s, len, folded);
            if (n == SIZE_MAX) {
                oh_free(folded);
                return invalid_literal(s, len, base);
            }
            text = folded;
            break;
        }
    }
    oh_object *result = NULL;
    const char *p = text, *end = text + n;
    unsigned b = (unsigned)base;
    bool neg = false, zero_only = false;
    while (p < end && is_space((unsigned char)*p))
        p++;
    if (p < end && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
    if (b == 0) {
        char c = end - p >= 2 && p[0] == '0' ? (char)(p[1] | 0x20) : 0;
        if (c == 'x')
            b = 16;
        else if (c == 'o')
            b = 8;
        else if (c == 'b')
            b = 2;
        else {
            /* No prefix: decimal, and "010" (C's octal) is refused
             * unless every digit is 0. */
            b = 10;
            zero_only = p < end && *p == '0';
        }
    }
    if (end - p >= 2 && p[0] == '0') {
        char c = (char)(p[1] | 0x20);
        if ((b == 16 && c == 'x') || (b == 8 && c == 'o')
            || (b == 2 && c == 'b')) {
            p += 2;
            if (p < end && *p == '_')
                p++;                    /* one underscore may follow */
        }
    }
    if (p < end && *p == '_')
        goto invalid;
    /* The digits, with single underscores between them. */
    const char *start = p;
    size_t ndigits = 0;
    char prev = 0;
    while (p < end && (digit_value[(unsigned char)*p] < b || *p == '_')) {
        if (*p == '_') {
            if (prev == '_')
                goto invalid;
        }
        else {
            ndigits++;
        }
        prev = *p++;
    }
    const char *dend = p;
    if (prev == '_')
        goto invalid;
    if ((b & (b - 1)) != 0 && ndigits > OH_INT_MAX_STR_DIGITS_THRESHOLD) {
        int64_t limit = str_digits_limit();
        if (limit > 0 && ndigits > (uint64_t)limit) {
            too_many_digits_to_int(ndigits);
            goto done;
        }
    }
    while (p < end && is_space((unsigned char)*p))
        p++;
    if (ndigits == 0 || p != end)
        goto invalid;
    if (zero_only) {
        for (const char *q = start; q < dend; q++) {
            if (*q != '0' && *q != '_')
                goto invalid;
        }
    }
    result = digits_to_int(start, dend, ndigits, b, neg);
    goto done;
invalid:
    invalid_literal(s, len, base);
done:
    oh_free(folded);
    return result;
}

static oh_object *
too_many_digits_to_str(void)
{
    oh_err_format(OH_ERR_VALUE, "Exceeds the limit (%" PRId64 " digits) for "
                  "integer string conversion; use "
                  "sys.set_int_max_str_digits() to increase the limit",
                  str_digits_limit());
    return NULL;
}

oh_object *
oh_int_to_string(oh_object *o, int base, int prefix)
{
    if (!check_int(o))
        return NULL;
    if (base < 2 || base > 36) {
        oh_err_set(OH_ERR_VALUE, "base must be >= 2 and <= 36");
        return NULL;
    }
    ival v;
    ival_of(o, &v);
    uint64_t bits = limbs_bit_length(v.d, v.n);
    bool pow2 = (base & (base - 1)) == 0;
    int64_t limit = str_digits_limit();
    double digits_per_bit = log(2.0) / log((double)base);
    if (!pow2 && limit > 0 && bits > 64) {
        /* A lower bound on the digits ((bits - 1) log_base 2, rounded
         * down, plus one) says early when the limit is surely passed. */
        double least = floor((double)(bits - 1) * digits_per_bit
                             * (1.0 - 1e-12)) + 1;
        if (least > (double)limit)
            return too_many_digits_to_str();
    }
    /* Room: the digits, a sign, a prefix. */
    size_t cap = (size_t)((double)bits * digits_per_bit) + 5;
    char small[80];
    char *buf = small;
    if (cap > sizeof small && (buf = oh_malloc(cap)) == NULL)
        return oh_err_no_memory();
    size_t len = 0;
    char *digits_at;
    if (v.neg)
        buf[len++] = '-';
    if (prefix && (base == 2 || base == 8 || base == 16)) {
        buf[len++] = '0';
        buf[len++] = base == 2 ? 'b' : base == 8 ? 'o' : 'x';
    }
    digits_at = buf + len;
    if (v.n == 0) {
        buf[len++] = '0';
    }
    else if (pow2) {
        unsigned k = (unsigned)__builtin_ctz((unsigned)base);
        uint64_t nd = (bits + k - 1) / k;
        for (uint64_t i = nd; i-- > 0;) {
            uint64_t bit = i * k;
            size_t li = (size_t)(bit / LB);
            unsigned off = (unsigned)(bit % LB);
            limb d = v.d[li] >> off;
            if (off + k > LB && li + 1 < v.n)
                d |= v.d[li + 1] << (LB - off);
            buf[len++] = digit_chars[d & ((1u << k) - 1)];
        }
    }
    else {
        /* Chunks of k digits, least significant first, by repeated
         * division of a copy by base^k; then written out from the top. */
        unsigned k;
        limb big = chunk_power((unsigned)base, &k);
        limb *t = NULL;
        limb *chunks = NULL;
        size_t nchunks = 0, tn = v.n;
        size_t maxchunks = cap / k + 2;
        t = oh_malloc((tn + maxchunks) * sizeof(limb));
        if (t == NULL) {
            if (buf != small)
                oh_free(buf);
            return oh_err_no_memory();
        }
        chunks = t + tn;
        memcpy(t, v.d, tn * sizeof(limb));
        while (tn > 0) {
            chunks[nchunks++] = ohi_limbs_divrem_1(t, t, tn, big);
            tn = ohi_limbs_norm(t, tn);
        }
        OH_ASSERT(nchunks <= maxchunks);
        /* The top chunk without leading zeros, the others with. */
        char tmp[72];
        size_t m = 0;
        for (limb c = chunks[nchunks - 1]; c != 0; c /= (limb)base)
            tmp[m++] = digit_chars[c % (limb)base];
        while (m > 0)
            buf[len++] = tmp[--m];
        for (size_t i = nchunks - 1; i-- > 0;) {
            limb c = chunks[i];
            for (unsigned j = k; j-- > 0;) {
                buf[len + j] = digit_chars[c % (limb)base];
                c /= (limb)base;
            }
            len += k;
        }
        oh_free(t);
    }
    OH_ASSERT(len <= cap);
    oh_object *r = NULL;
    size_t ndigits = (size_t)(buf + len - digits_at);
    if (!pow2 && limit > 0 && ndigits > (uint64_t)limit)
        too_many_digits_to_str();
    else
        r = oh_str_from_utf8(buf, len);
    if (buf != small)
        oh_free(buf);
    return r;
}

static oh_object *
int_repr(oh_object *o)
{
    if (OHI_INT_CHECK(o))
        return oh_str_from_format("%" PRId64, OHI_INT_VALUE(o));
    return oh_int_to_string(o, 10, 0);
}

/* ==========================================================================
 * Floats
 * ========================================================================== */

/* The 64 bits of a magnitude from bit `pos` up (bits past the top are
 * 0). */
static uint64_t
bits_at(const limb *d, size_t n, uint64_t pos)
{
    size_t li = (size_t)(pos / LB);
    unsigned off = (unsigned)(pos % LB);
    uint64_t r = 0;
    unsigned got = 0;
    if (li < n) {
        r = (uint64_t)(d[li] >> off);
        got = LB - off;
        li++;
    }
    while (got < 64 && li < n) {
        r |= (uint64_t)d[li] << got;
        got += LB;
        li++;
    }
    return r;
}

/* Is any bit below bit `pos` of the magnitude set? */
static bool
any_bits_below(const limb *d, size_t n, uint64_t pos)
{
    size_t li = (size_t)(pos / LB);
    unsigned off = (unsigned)(pos % LB);
    for (size_t i = 0; i < li && i < n; i++) {
        if (d[i] != 0)
            return true;
    }
    return li < n && off != 0 && (d[li] & (((limb)1 << off) - 1)) != 0;
}

/* The double nearest to (q + f) 2^e, ties to even, where 0 <= f < 1 and
 * f != 0 iff sticky; q's top bit must leave at least two bits below the
 * result's last bit whenever sticky is set (so the rounding is exact).
 * 0, or -1 if the result overflows (it rounds to 2^1024 or more). */
static int
round_to_double(uint64_t q, bool sticky, int64_t e, double *out)
{
    if (q == 0) {
        *out = 0.0;
        return 0;
    }
    int64_t top = 64 - __builtin_clzll(q) + e;     /* value < 2^top */
    if (top > 1024)
        return -1;
    /* The exponent of the result's last bit: 53 bits, or fewer when the
     * result is subnormal (its last bit is 2^-1074). */
    int64_t quantum = top - 53 > -1074 ? top - 53 : -1074;
    int64_t drop = quantum - e;
    if (drop <= 0) {
        OH_ASSERT(!sticky);
        *out = ldexp((double)q, (int)e);
        return 0;
    }
    uint64_t keep, rem, half;
    if (drop > 64) {
        *out = 0.0;                     /* below half the last bit */
        return 0;
    }
    if (drop == 64) {
        keep = 0;
        rem = q;
        half = (uint64_t)1 << 63;
    }
    else {
        keep = q >> drop;
        rem = q & (((uint64_t)1 << drop) - 1);
        half = (uint64_t)1 << (drop - 1);
    }
    if (rem > half || (rem == half && (sticky || (keep & 1))))
        keep++;
    double r = ldexp((double)keep, (int)quantum);
    if (isinf(r))
        return -1;
    *out = r;
    return 0;
}

/* The double nearest to a magnitude; -1 if it overflows. */
static int
limbs_to_double(const limb *d, size_t n, double *out)
{
    uint64_t bits = limbs_bit_length(d, n);
    if (bits > 1024) {
        return -1;
    }
    if (bits <= 64)
        return round_to_double(bits_at(d, n, 0), false, 0, out);
    uint64_t e = bits - 64;
    return round_to_double(bits_at(d, n, e), any_bits_below(d, n, e),
                           (int64_t)e, out);
}

int
oh_int_as_double(oh_object *o, double *out)
{
    if (OH_LIKELY(OHI_INT_CHECK(o))) {
        *out = (double)OHI_INT_VALUE(o);    /* rounds to nearest */
        return 0;
    }
    if (!check_int(o))
        return -1;
    ival v;
    ival_of(o, &v);
    double r;
    if (limbs_to_double(v.d, v.n, &r) < 0) {
        oh_err_set(OH_ERR_OVERFLOW, "int too large to convert to float");
        return -1;
    }
    *out = v.neg ? -r : r;
    return 0;
}

oh_object *
oh_int_from_double(double d)
{
    if (isnan(d)) {
        oh_err_set(OH_ERR_VALUE, "cannot convert float NaN to integer");
        return NULL;
    }
    if (isinf(d)) {
        oh_err_set(OH_ERR_OVERFLOW, "cannot convert float infinity to "
                   "integer");
        return NULL;
    }
    if (d > -9223372036854775808.0 && d < 9223372036854775808.0)
        return oh_int_from_i64((int64_t)d);     /* truncates, as int() */
    /* |d| >= 2^63: an integer, M 2^(e - 53) with M of 53 bits. */
    int e;
    double m = frexp(fabs(d), &e);
    uint64_t mant = (uint64_t)ldexp(m, 53);
    uint64_t shift = (uint64_t)e - 53;
    size_t n = (size_t)((shift + 53 + LB - 1) / LB);
    ohi_bigint *b = big_new(n);
    if (b == NULL)
        return NULL;
    memset(b->limb, 0, n * sizeof(limb));
    size_t li = (size_t)(shift / LB);
    unsigned off = (unsigned)(shift % LB);
    for (unsigned got = 0; li < n; li++) {
        /* The mantissa's bits from `got` go in at bit off of limb li. */
        b->limb[li] |= (limb)((mant >> got) << off);
        got += LB - off;
        off = 0;
        if (got >= 64)
            break;
    }
    return big_finish(b, n, d < 0);
}

int
ohi_int_cmp_double(oh_object *i, double d)
{
    if (isnan(d))
        return 2;
    if (isinf(d))
        return d > 0 ? -1 : 1;
    if (OHI_INT_CHECK(i)) {
        int64_t v = OHI_INT_VALUE(i);
        if (v >= -((int64_t)1 << 53) && v <= (int64_t)1 << 53) {
            double x = (double)v;       /* exact */
            return (x > d) - (x < d);
        }
    }
    ival v;
    ival_of(i, &v);
    int isign = v.n == 0 ? 0 : v.neg ? -1 : 1;
    int dsign = (d > 0) - (d < 0);
    if (isign != dsign)
        return isign < dsign ? -1 : 1;
    if (isign == 0)
        return 0;
    /* Same sign: compare |i| with |d| in [2^(e-1), 2^e). */
    int e;
    double m = frexp(fabs(d), &e);
    uint64_t nbits = limbs_bit_length(v.d, v.n);
    int c;
    if (nbits < (uint64_t)e)
        c = -1;
    else if (nbits > (uint64_t)e)
        c = 1;
    else {
        /* Same length, past 2^53: |d| = M 2^(e - 53) is an integer. */
        uint64_t mant = (uint64_t)ldexp(m, 53);
        uint64_t shift = (uint64_t)e - 53;
        uint64_t top = bits_at(v.d, v.n, shift);
        if (top != mant)
            c = top < mant ? -1 : 1;
        else
            c = any_bits_below(v.d, v.n, shift) ? 1 : 0;
    }
    return isign < 0 ? -c : c;
}

oh_object *
oh_int_truediv(oh_object *a, oh_object *b)
{
    if (operands(a, b, "/") < 0)
        return NULL;
    ival x, y;
    ival_of(a, &x);
    ival_of(b, &y);
    if (y.n == 0) {
        oh_err_set(OH_ERR_ZERODIV, "division by zero");
        return NULL;
    }
    bool neg = x.neg != y.neg;
    uint64_t xb = limbs_bit_length(x.d, x.n);
    uint64_t yb = limbs_bit_length(y.d, y.n);
    if (xb <= 53 && yb <= 53) {
        /* Both exact as doubles: IEEE division rounds correctly. */
        double xd = (double)bits_at(x.d, x.n, 0);
        double yd = (double)bits_at(y.d, y.n, 0);
        double r = xd / yd;
        return oh_float_from_double(neg ? -r : r);
    }
    int64_t diff = (int64_t)xb - (int64_t)yb;
    if (x.n == 0 || diff < -1077)
        return oh_float_from_double(neg ? -0.0 : 0.0);
    if (diff > 1025)
        goto overflow;
    /* q = floor(|x| 2^s / |y|) has 55 or 56 bits: enough to round once,
     * with the remainder (and any bits of x shifted out) as sticky. */
    int64_t s = 55 - diff;
    bool sticky = false;
    size_t xn;                          /* limbs of |x| 2^s */
    if (s >= 0)
        xn = x.n + (size_t)s / LB + 1;
    else
        xn = x.n - (size_t)(-s) / LB;
    if (xn < y.n)
        xn = y.n;
    size_t qn = xn - y.n + 1;
    limb *t = oh_malloc((xn + qn + y.n) * sizeof(limb));
    if (t == NULL)
        return oh_err_no_memory();
    limb *q = t + xn, *r = q + qn;
    memset(t, 0, xn * sizeof(limb));
    if (s >= 0) {
        size_t w = (size_t)s / LB;
        limb c = ohi_limbs_lshift(t + w, x.d, x.n, (unsigned)(s % LB));
        if (c != 0)
            t[w + x.n] = c;
    }
    else {
        uint64_t sh = (uint64_t)-s;
        size_t w = (size_t)(sh / LB);
        sticky = any_bits_below(x.d, x.n, sh);
        ohi_limbs_rshift(t, x.d + w, x.n - w, (unsigned)(sh % LB));
    }
    size_t tn = ohi_limbs_norm(t, xn);
    OH_ASSERT(tn >= y.n);               /* |x| 2^s >= 2^54 |y| */
    if (y.n == 1) {
        limb rem = ohi_limbs_divrem_1(q, t, tn, y.d[0]);
        sticky |= rem != 0;
        qn = tn;
    }
    else {
        if (ohi_limbs_divrem(q, r, t, tn, y.d, y.n) < 0) {
            oh_free(t);
            return NULL;
        }
        sticky |= ohi_limbs_norm(r, y.n) != 0;
        qn = tn - y.n + 1;
    }
    qn = ohi_limbs_norm(q, qn);
    uint64_t qv = bits_at(q, qn, 0);
    OH_ASSERT(limbs_bit_length(q, qn) <= 56);
    oh_free(t);
    double result;
    if (round_to_double(qv, sticky, -s, &result) < 0)
        goto overflow;
    return oh_float_from_double(neg ? -result : result);
overflow:
    oh_err_set(OH_ERR_OVERFLOW, "integer division result too large for a "
               "float");
    return NULL;
}

/* ==========================================================================
 * Bits
 * ========================================================================== */

int64_t
oh_int_bit_length(oh_object *o)
{
    if (!check_int(o))
        return -1;
    ival v;
    ival_of(o, &v);
    return (int64_t)limbs_bit_length(v.d, v.n);
}

int64_t
oh_int_bit_count(oh_object *o)
{
    if (!check_int(o))
        return -1;
    ival v;
    ival_of(o, &v);
    int64_t c = 0;
    for (size_t i = 0; i < v.n; i++)
        c += __builtin_popcountll((unsigned long long)v.d[i]);
    return c;
}

oh_object *
oh_int_invert(oh_object *a)
{
    if (unary(a, "unary ~") < 0)
        return NULL;
    if (OHI_INT_CHECK(a))
        return oh_int_from_i64(~OHI_INT_VALUE(a));
    /* ~x == -(x + 1). */
    ival x, one;
    ival_of(a, &x);
    one.neg = false;
    one.n = u64_to_limbs(1, one.own);
    one.d = one.own;
    return addsub(&x, !x.neg, &one, true);
}

/* x & y, x | y, x ^ y on two's complement, sign-extended to n limbs. */
static oh_object *
bitwise(oh_object *a, oh_object *b, char op)
{
    ival x, y;
    ival_of(a, &x);
    ival_of(b, &y);
    size_t n = (x.n > y.n ? x.n : y.n) + 1;
    ohi_bigint *r = big_new(n);
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
    return big_finish(r, n, neg);
}

oh_object *
oh_int_and(oh_object *a, oh_object *b)
{
    if (operands(a, b, "&") < 0)
        return NULL;
    if (OHI_INT_CHECK(a) && OHI_INT_CHECK(b))
        return oh_int_from_i64(OHI_INT_VALUE(a) & OHI_INT_VALUE(b));
    return bitwise(a, b, '&');
}

oh_object *
oh_int_or(oh_object *a, oh_object *b)
{
    if (operands(a, b, "|") < 0)
        return NULL;
    if (OHI_INT_CHECK(a) && OHI_INT_CHECK(b))
        return oh_int_from_i64(OHI_INT_VALUE(a) | OHI_INT_VALUE(b));
    return bitwise(a, b, '|');
}

oh_object *
oh_int_xor(oh_object *a, oh_object *b)
{
    if (operands(a, b, "^") < 0)
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
    ival s;
    ival_of(b, &s);
    if (s.neg) {
        oh_err_set(OH_ERR_VALUE, "negative shift count");
        return -1;
    }
    if (!limbs_to_u64(s.d, s.n, n))
        *n = UINT64_MAX;
    return 0;
}

oh_object *
oh_int_lshift(oh_object *a, oh_object *b)
{
    uint64_t sh;
    if (operands(a, b, "<<") < 0 || shift_count(b, &sh) < 0)
        return NULL;
    ival x;
    ival_of(a, &x);
    if (x.n == 0)
        return oh_int_from_i64(0);
    if (OHI_INT_CHECK(a) && sh < 63) {
        int64_t v = OHI_INT_VALUE(a);
        if (abs_u64(v) < (uint64_t)1 << (63 - sh))
            return oh_int_from_i64((int64_t)((uint64_t)v << sh));
    }
    if (sh / LB >= MAX_LIMBS) {
        oh_err_no_memory();
        return NULL;
    }
    size_t w = (size_t)(sh / LB);
    size_t n = x.n + w + 1;
    ohi_bigint *r = big_new(n);
    if (r == NULL)
        return NULL;
    memset(r->limb, 0, w * sizeof(limb));
    r->limb[n - 1] = ohi_limbs_lshift(r->limb + w, x.d, x.n,
                                      (unsigned)(sh % LB));
    return big_finish(r, n, x.neg);
}

oh_object *
oh_int_rshift(oh_object *a, oh_object *b)
{
    uint64_t sh;
    if (operands(a, b, ">>") < 0 || shift_count(b, &sh) < 0)
        return NULL;
    if (OHI_INT_CHECK(a)) {
        int64_t v = OHI_INT_VALUE(a);
        if (sh >= 64)
            return oh_int_from_i64(v < 0 ? -1 : 0);
        /* Floor for negatives: ~(~v >> s), with ~v >= 0. */
        return oh_int_from_i64(v >= 0 ? v >> sh : ~(~v >> sh));
    }
    ival x;
    ival_of(a, &x);
    if (sh >= limbs_bit_length(x.d, x.n))
        return oh_int_from_i64(x.neg ? -1 : 0);
    size_t w = (size_t)(sh / LB);
    size_t n = x.n - w + 1;
    ohi_bigint *r = big_new(n);
    if (r == NULL)
        return NULL;
    ohi_limbs_rshift(r->limb, x.d + w, x.n - w, (unsigned)(sh % LB));
    r->limb[n - 1] = 0;
    if (x.neg && any_bits_below(x.d, x.n, sh)) {
        /* Floor: a negative value that lost bits goes one further down. */
        size_t i = 0;
        while (++r->limb[i] == 0)
            i++;
    }
    return big_finish(r, n, x.neg);
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
    if (operands(a, b, "pow()") < 0 || operands(a, m, "pow()") < 0)
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
    ival ev;
    ival_of(e, &ev);
    uint64_t nbits = limbs_bit_length(ev.d, ev.n);
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
 * Bytes
 * ========================================================================== */

oh_object *
oh_int_to_bytes(oh_object *o, size_t length, int little_endian,
                int is_signed)
{
    if (!check_int(o))
        return NULL;
    ival v;
    ival_of(o, &v);
    if (v.neg && !is_signed) {
        oh_err_set(OH_ERR_OVERFLOW, "can't convert negative int to "
                   "unsigned");
        return NULL;
    }
    /* Fits: unsigned needs bit_length <= 8 length; signed, a value in
     * [-2^(8 length - 1), 2^(8 length - 1)). */
    uint64_t bits = limbs_bit_length(v.d, v.n);
    uint64_t room = length > UINT64_MAX / 8 ? UINT64_MAX : 8 * (uint64_t)length;
    bool fits;
    if (!is_signed)
        fits = bits <= room;
    else if (!v.neg)
        fits = bits < room || (bits == 0 && room == 0);
    else {
        /* |v| <= 2^(room - 1): fewer bits, or exactly a power of two. */
        fits = room > 0 && (bits < room
                            || (bits == room
                                && !any_bits_below(v.d, v.n, bits - 1)));
    }
    if (!fits) {
        oh_err_set(OH_ERR_OVERFLOW, "int too big to convert");
        return NULL;
    }
    unsigned char *buf = oh_malloc(length > 0 ? length : 1);
    if (buf == NULL)
        return oh_err_no_memory();
    /* Byte i of the two's complement, least significant first. */
    unsigned carry = 1;
    for (size_t i = 0; i < length; i++) {
        size_t li = i / (LB / 8);
        unsigned byte = li < v.n
                        ? (unsigned)(v.d[li] >> (8 * (i % (LB / 8)))) & 0xff
                        : 0;
        if (v.neg) {
            byte = (~byte & 0xff) + carry;
            carry = byte >> 8;
            byte &= 0xff;
        }
        buf[little_endian ? i : length - 1 - i] = (unsigned char)byte;
    }
    oh_object *r = oh_bytes_from(buf, length);
    oh_free(buf);
    return r;
}

oh_object *
oh_int_from_bytes(const void *data, size_t n, int little_endian,
                  int is_signed)
{
    const unsigned char *p = data;
    if (n == 0)
        return oh_int_from_i64(0);
    if (p == NULL) {
        oh_err_set(OH_ERR_TYPE, "oh_int_from_bytes: NULL data");
        return NULL;
    }
    unsigned char top = little_endian ? p[n - 1] : p[0];
    bool neg = is_signed && (top & 0x80);
    size_t nl = (n + LB / 8 - 1) / (LB / 8);
    if (nl > MAX_LIMBS) {
        oh_err_no_memory();
        return NULL;
    }
    ohi_bigint *r = big_new(nl);
    if (r == NULL)
        return NULL;
    memset(r->limb, 0, nl * sizeof(limb));
    unsigned carry = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned byte = little_endian ? p[i] : p[n - 1 - i];
        if (neg) {
            /* The magnitude of a negative: two's complement again. */
            byte = (~byte & 0xff) + carry;
            carry = byte >> 8;
            byte &= 0xff;
        }
        r->limb[i / (LB / 8)] |= (limb)byte << (8 * (i % (LB / 8)));
    }
    return big_finish(r, nl, neg);
}
