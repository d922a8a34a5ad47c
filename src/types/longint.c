/*
 * longint.c -- natural-number arithmetic on limb arrays: the kernels
 * under int.c's big ints.
 *
 * What this file owns
 * -------------------
 * Addition, subtraction, multiplication (schoolbook, and Karatsuba above
 * a measured size), division (by one limb, and Knuth's algorithm D),
 * and shifts by less than a limb, on magnitudes stored as arrays of
 * limbs, least significant first.  Nothing here knows about objects,
 * signs or errors other than MemoryError: int.c gives the numbers their
 * signs, layouts and Python semantics.
 *
 *   a = a[0] + a[1] * B + a[2] * B^2 + ... + a[n-1] * B^(n-1)
 *
 * with B = 2^OHI_LIMB_BITS (2^64 where the compiler has a 128-bit type,
 * so one multiply instruction gives a limb product's both halves).
 *
 * Karatsuba
 * ---------
 * For a = a1 B^h + a0 and b = b1 B^h + b0:
 *
 *   a b = z2 B^2h + (z1 - z2 - z0) B^h + z0,
 *   z0 = a0 b0,  z2 = a1 b1,  z1 = (a0 + a1)(b0 + b1)
 *
 * three half-size products instead of four.  z0 and z2 go straight into
 * the result's low and high halves; z1 is built in scratch space, the
 * other two are subtracted from it, and it is added in at B^h.  One
 * scratch buffer is allocated for the whole multiplication, sized by
 * mul_scratch, which follows the same recursion; so a multiplication
 * makes at most one allocation, and MemoryError can only come first.
 *
 * Operands of very different lengths (the longer at least twice the
 * shorter, so Karatsuba's halves would not overlap) are cut into pieces
 * of the shorter's length, each multiplied as a balanced product.
 *
 * Division
 * --------
 * Knuth, TAOCP vol. 2, 4.3.1, algorithm D: the divisor is shifted left
 * until its top bit is set, so that the quotient digit estimated from the
 * top two limbs of the remainder and the top limb of the divisor is at
 * most 2 too large; the second limb of the divisor corrects it to at
 * most 1 too large, and the rare overshoot is repaired by adding the
 * divisor back.  The estimate is a 2-by-1 limb division: one divq
 * instruction on x86-64 (div2by1).
 *
 * Invariants
 * ----------
 * K1. Every function's inputs stay unchanged, except where its comment
 *     in internal.h lets the output overlap an input.
 * K2. In algorithm D's loop, after step j, u[j .. j + bn) holds the
 *     remainder of the top limbs divided so far, and it is < v (so the
 *     next estimate's high limb u[j + bn - 1] <= v[bn - 1]).
 * K3. Karatsuba's recursion writes only inside its result r[0 .. an +
 *     bn) and the scratch it is given (mul_scratch(an, bn) limbs).
 *
 * Tunables
 * --------
 * - KARATSUBA_CUTOFF 24: below this many limbs in the shorter operand the
 *   schoolbook product is faster; KARATSUBA_SQR_CUTOFF 48 is the same for
 *   squares, whose schoolbook form does half the multiplications.  Both
 *   measured with products and squares of 8 to 1024 limbs under cutoffs
 *   16 to 64 (docs/OBJECTS.md, "Multiplication").
 */
#include "internal.h"

#include <string.h>

typedef ohi_limb limb;
typedef ohi_dlimb dlimb;
#define LB OHI_LIMB_BITS

#ifndef KARATSUBA_CUTOFF
#  define KARATSUBA_CUTOFF 24
#endif
#ifndef KARATSUBA_SQR_CUTOFF
#  define KARATSUBA_SQR_CUTOFF 48
#endif
_Static_assert(KARATSUBA_CUTOFF >= 4, "Karatsuba's halves need limbs");
/* mul_scratch sizes for products; a square, which stops recursing at
 * this larger size, needs no more. */
_Static_assert(KARATSUBA_SQR_CUTOFF >= KARATSUBA_CUTOFF,
               "squares recurse no deeper than products");

/* ==========================================================================
 * Single-limb helpers
 * ========================================================================== */

static inline unsigned
limb_clz(limb x)
{
#if OHI_LIMB_BITS == 64
    return (unsigned)__builtin_clzll(x);
#else
    return (unsigned)__builtin_clz(x);
#endif
}

/* (hi * B + lo) / d and its remainder, for hi < d (so the quotient fits
 * a limb).  On x86-64 with 64-bit limbs, one divq: the compiler would
 * call a 128-by-128 division routine instead. */
static inline limb
div2by1(limb hi, limb lo, limb d, limb *rem)
{
#if OHI_LIMB_BITS == 64 && defined(__x86_64__)
    limb q, r;
    __asm__("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "rm"(d));
    *rem = r;
    return q;
#else
    dlimb n = ((dlimb)hi << LB) | lo;
    *rem = (limb)(n % d);
    return (limb)(n / d);
#endif
}

/* ==========================================================================
 * Comparison, addition, subtraction
 * ========================================================================== */

int
ohi_limbs_cmp(const limb *a, size_t an, const limb *b, size_t bn)
{
    if (an != bn)
        return an < bn ? -1 : 1;
    while (an-- > 0) {
        if (a[an] != b[an])
            return a[an] < b[an] ? -1 : 1;
    }
    return 0;
}

/* r[0..n) = a + b + c (c is 0 or 1); the carry out. */
static inline limb
add_n(limb *r, const limb *a, const limb *b, size_t n, limb c)
{
    for (size_t i = 0; i < n; i++) {
        limb s = a[i] + c;
        c = s < c;
        s += b[i];
        c += s < b[i];
        r[i] = s;
    }
    return c;
}

/* r[0..n) = a - b - c (c is 0 or 1); the borrow out. */
static inline limb
sub_n(limb *r, const limb *a, const limb *b, size_t n, limb c)
{
    for (size_t i = 0; i < n; i++) {
        limb x = a[i], y = b[i];
        limb d = x - y;
        limb c1 = x < y;
        r[i] = d - c;
        c = c1 | (d < c);
    }
    return c;
}

/* r[0..n) = a + c; the carry out. */
static inline limb
add_1(limb *r, const limb *a, size_t n, limb c)
{
    size_t i = 0;
    for (; i < n && c != 0; i++) {
        limb s = a[i] + c;
        c = s < c;
        r[i] = s;
    }
    if (r != a && i < n)
        memcpy(r + i, a + i, (n - i) * sizeof(limb));
    return c;
}

/* r[0..n) = a - c; the borrow out. */
static inline limb
sub_1(limb *r, const limb *a, size_t n, limb c)
{
    size_t i = 0;
    for (; i < n && c != 0; i++) {
        limb x = a[i];
        r[i] = x - c;
        c = x < c;
    }
    if (r != a && i < n)
        memcpy(r + i, a + i, (n - i) * sizeof(limb));
    return c;
}

limb
ohi_limbs_add(limb *r, const limb *a, size_t an, const limb *b, size_t bn)
{
    OH_ASSERT(an >= bn);
    limb c = add_n(r, a, b, bn, 0);
    return add_1(r + bn, a + bn, an - bn, c);
}

limb
ohi_limbs_sub(limb *r, const limb *a, size_t an, const limb *b, size_t bn)
{
    OH_ASSERT(an >= bn);
    limb c = sub_n(r, a, b, bn, 0);
    return sub_1(r + bn, a + bn, an - bn, c);
}

/* ==========================================================================
 * Products with one limb
 * ========================================================================== */

limb
ohi_limbs_mul_1_add(limb *a, size_t n, limb m, limb c)
{
    for (size_t i = 0; i < n; i++) {
        dlimb p = (dlimb)a[i] * m + c;
        a[i] = (limb)p;
        c = (limb)(p >> LB);
    }
    return c;
}

/* r[0..n) = a * m; the limb carried out. */
static inline limb
mul_1(limb *r, const limb *a, size_t n, limb m)
{
    limb c = 0;
    for (size_t i = 0; i < n; i++) {
        dlimb p = (dlimb)a[i] * m + c;
        r[i] = (limb)p;
        c = (limb)(p >> LB);
    }
    return c;
}

/* r[0..n) += a * m; the limb carried out.  The inner loop of the
 * schoolbook product: (B-1)^2 + 2(B-1) < B^2, so one double limb holds
 * each step. */
static inline limb
addmul_1(limb *r, const limb *a, size_t n, limb m)
{
    limb c = 0;
    for (size_t i = 0; i < n; i++) {
        dlimb p = (dlimb)a[i] * m + r[i] + c;
        r[i] = (limb)p;
        c = (limb)(p >> LB);
    }
    return c;
}

/* r[0..n) -= a * m; the limb borrowed out (algorithm D's step D4). */
static inline limb
submul_1(limb *r, const limb *a, size_t n, limb m)
{
    limb c = 0;
    for (size_t i = 0; i < n; i++) {
        dlimb p = (dlimb)a[i] * m + c;
        limb lo = (limb)p;
        c = (limb)(p >> LB);
        limb x = r[i];
        r[i] = x - lo;
        c += x < lo;
    }
    return c;
}

/* ==========================================================================
 * Multiplication
 * ========================================================================== */

/* r[0..an + bn) = a * b, schoolbook: an >= bn >= 1. */
static void
mul_basecase(limb *r, const limb *a, size_t an, const limb *b, size_t bn)
{
    r[an] = mul_1(r, a, an, b[0]);
    for (size_t j = 1; j < bn; j++)
        r[an + j] = addmul_1(r + j, a, an, b[j]);
}

/* r[0..2n) = a^2, schoolbook: each cross product a[i] a[j] (i < j) once,
 * doubled by a shift, then the squares a[i]^2 added on the diagonal:
 * about half the multiplications of mul_basecase. */
static void
sqr_basecase(limb *r, const limb *a, size_t n)
{
    memset(r, 0, 2 * n * sizeof(limb));
    for (size_t i = 0; i + 1 < n; i++)
        r[n + i] = addmul_1(r + 2 * i + 1, a + i + 1, n - i - 1, a[i]);
    r[2 * n - 1] = ohi_limbs_lshift(r, r, 2 * n - 1, 1);
    limb c = 0;
    for (size_t i = 0; i < n; i++) {
        dlimb p = (dlimb)a[i] * a[i];
        limb lo = (limb)p, hi = (limb)(p >> LB);
        limb s = r[2 * i] + lo;
        limb c1 = s < lo;
        s += c;
        c1 += s < c;
        r[2 * i] = s;
        limb t = r[2 * i + 1] + hi;
        limb c2 = t < hi;
        t += c1;
        c2 += t < c1;
        r[2 * i + 1] = t;
        c = c2;
    }
    OH_ASSERT(c == 0);
}

/* The scratch limbs mul_rec needs for an an-by-bn product (an >= bn). */
static size_t
mul_scratch(size_t an, size_t bn)
{
    if (bn < KARATSUBA_CUTOFF)
        return 0;
    size_t h = (an + 1) / 2;
    if (bn <= h) {
        /* Pieces of bn limbs: a product buffer and the pieces' own. */
        size_t s = mul_scratch(bn, bn);
        size_t last = an % bn;
        if (last != 0) {
            size_t s2 = last >= bn ? mul_scratch(last, bn)
                                   : mul_scratch(bn, last);
            if (s2 > s)
                s = s2;
        }
        return 2 * bn + s;
    }
    /* Karatsuba: z0 and z2 first, each with all of it; then two sums
     * of h + 1 limbs, their product of 2h + 2, and what that needs. */
    size_t s = 4 * h + 4 + mul_scratch(h + 1, h + 1);
    size_t s0 = mul_scratch(h, h), s2 = mul_scratch(an - h, bn - h);
    if (s0 > s)
        s = s0;
    return s2 > s ? s2 : s;
}

static void mul_rec(limb *r, const limb *a, size_t an, const limb *b,
                    size_t bn, limb *scratch);

/* r[0..an + bn) = a * b for an >= 2 bn: a in pieces of bn limbs. */
static void
mul_pieces(limb *r, const limb *a, size_t an, const limb *b, size_t bn,
           limb *scratch)
{
    limb *prod = scratch;
    limb *rest = scratch + 2 * bn;
    /* The first piece is written, the others added. */
    mul_rec(r, a, bn, b, bn, rest);
    memset(r + 2 * bn, 0, (an - bn) * sizeof(limb));
    for (size_t off = bn; off < an; off += bn) {
        size_t pn = an - off < bn ? an - off : bn;
        if (pn == bn)
            mul_rec(prod, a + off, pn, b, bn, rest);
        else
            mul_rec(prod, b, bn, a + off, pn, rest);
        /* r has an + bn - off limbs from r + off, >= pn + bn. */
        limb c = ohi_limbs_add(r + off, r + off, an + bn - off, prod,
                               pn + bn);
        OH_ASSERT(c == 0);
        (void)c;
    }
}

/* r[0..an + bn) = a * b, an >= bn >= 1, with mul_scratch(an, bn) limbs
 * of scratch (K3).  a == b with an == bn is a squaring. */
static void
mul_rec(limb *r, const limb *a, size_t an, const limb *b, size_t bn,
        limb *scratch)
{
    OH_ASSERT(an >= bn && bn >= 1);
    bool square = a == b && an == bn;
    if (bn < (square ? KARATSUBA_SQR_CUTOFF : KARATSUBA_CUTOFF)) {
        if (square)
            sqr_basecase(r, a, an);
        else
            mul_basecase(r, a, an, b, bn);
        return;
    }
    size_t h = (an + 1) / 2;
    if (bn <= h) {
        mul_pieces(r, a, an, b, bn, scratch);
        return;
    }
    const limb *a0 = a, *a1 = a + h, *b0 = b, *b1 = b + h;
    size_t a1n = an - h, b1n = bn - h;    /* 1 <= b1n <= a1n <= h */
    /* z0 = a0 b0 into r[0..2h), z2 = a1 b1 into r[2h..an + bn). */
    mul_rec(r, a0, h, square ? a0 : b0, h, scratch);
    mul_rec(r + 2 * h, a1, a1n, square ? a1 : b1, b1n, scratch);
    /* z1 = (a0 + a1)(b0 + b1) in scratch: sa and sb have h + 1 limbs. */
    limb *sa = scratch, *sb = scratch + h + 1, *t = scratch + 2 * h + 2;
    limb *rest = t + 2 * h + 2;
    sa[h] = ohi_limbs_add(sa, a0, h, a1, a1n);
    if (square) {
        mul_rec(t, sa, h + 1, sa, h + 1, rest);
    }
    else {
        sb[h] = ohi_limbs_add(sb, b0, h, b1, b1n);
        mul_rec(t, sa, h + 1, sb, h + 1, rest);
    }
    /* z1 - z0 - z2 >= 0: a0 b1 + a1 b0. */
    limb br = ohi_limbs_sub(t, t, 2 * h + 2, r, 2 * h);
    br += ohi_limbs_sub(t, t, 2 * h + 2, r + 2 * h, a1n + b1n);
    OH_ASSERT(br == 0);
    (void)br;
    size_t tn = ohi_limbs_norm(t, 2 * h + 2);
    /* Fits: the whole product has an + bn limbs. */
    OH_ASSERT(tn <= an + bn - h);
    limb c = ohi_limbs_add(r + h, r + h, an + bn - h, t, tn);
    OH_ASSERT(c == 0);
    (void)c;
}

int
ohi_limbs_mul(limb *r, const limb *a, size_t an, const limb *b, size_t bn)
{
    if (an < bn) {
        const limb *t = a;
        a = b;
        b = t;
        size_t tn = an;
        an = bn;
        bn = tn;
    }
    size_t need = mul_scratch(an, bn);
    limb *scratch = NULL;
    if (need != 0) {
        if (need > SIZE_MAX / sizeof(limb)
            || (scratch = oh_malloc(need * sizeof(limb))) == NULL) {
            oh_err_no_memory();
            return -1;
        }
    }
    mul_rec(r, a, an, b, bn, scratch);
    oh_free(scratch);
    return 0;
}

/* ==========================================================================
 * Shifts by less than a limb
 * ========================================================================== */

limb
ohi_limbs_lshift(limb *r, const limb *a, size_t n, unsigned s)
{
    if (s == 0) {
        if (r != a)
            memmove(r, a, n * sizeof(limb));
        return 0;
    }
    limb out = 0;
    /* From the top, so that r may be a. */
    for (size_t i = n; i-- > 0;) {
        limb x = a[i];
        if (i == n - 1)
            out = x >> (LB - s);
        r[i] = (x << s) | (i > 0 ? a[i - 1] >> (LB - s) : 0);
    }
    return out;
}

limb
ohi_limbs_rshift(limb *r, const limb *a, size_t n, unsigned s)
{
    if (s == 0) {
        if (r != a)
            memmove(r, a, n * sizeof(limb));
        return 0;
    }
    limb out = n > 0 ? a[0] << (LB - s) : 0;
    for (size_t i = 0; i < n; i++)
        r[i] = (a[i] >> s) | (i + 1 < n ? a[i + 1] << (LB - s) : 0);
    return out;
}

/* ==========================================================================
 * Bits at any position
 * ========================================================================== */

uint64_t
ohi_limbs_bits_at(const limb *d, size_t n, uint64_t pos)
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

bool
ohi_limbs_any_below(const limb *d, size_t n, uint64_t pos)
{
    size_t li = (size_t)(pos / LB);
    unsigned off = (unsigned)(pos % LB);
    for (size_t i = 0; i < li && i < n; i++) {
        if (d[i] != 0)
            return true;
    }
    return li < n && off != 0 && (d[li] & (((limb)1 << off) - 1)) != 0;
}

/* ==========================================================================
 * Division
 * ========================================================================== */

limb
ohi_limbs_divrem_1(limb *q, const limb *a, size_t n, limb d)
{
    OH_ASSERT(d != 0);
    limb r = 0;
    for (size_t i = n; i-- > 0;)
        q[i] = div2by1(r, a[i], d, &r);
    return r;
}

int
ohi_limbs_divrem(limb *q, limb *r, const limb *a, size_t an, const limb *b,
                 size_t bn)
{
    OH_ASSERT(an >= bn && bn >= 2 && b[bn - 1] != 0);
    /* D1: normalise.  u = a << s gets an extra top limb; v = b << s. */
    size_t total = an + 1 + bn;
    limb *u = oh_malloc(total * sizeof(limb));
    if (u == NULL) {
        oh_err_no_memory();
        return -1;
    }
    limb *v = u + an + 1;
    unsigned s = limb_clz(b[bn - 1]);
    ohi_limbs_lshift(v, b, bn, s);
    u[an] = ohi_limbs_lshift(u, a, an, s);
    limb v1 = v[bn - 1], v2 = v[bn - 2];
    /* D2-D7: one quotient limb per step, from the top. */
    for (size_t j = an - bn + 1; j-- > 0;) {
        /* K2: u[j + bn] <= v1. */
        limb *uj = u + j;
        limb u0 = uj[bn], u1 = uj[bn - 1], u2 = uj[bn - 2];
        limb qhat, rhat;
        bool rhat_big = false;          /* rhat >= B: stop correcting */
        if (u0 >= v1) {
            /* The estimate would not fit a limb: start from B - 1, with
             * rhat = u0 B + u1 - (B - 1) v1 = u1 + v1 (u0 == v1). */
            qhat = OHI_LIMB_MAX;
            rhat = u1 + v1;
            rhat_big = rhat < u1;
        }
        else {
            qhat = div2by1(u0, u1, v1, &rhat);
        }
        /* D3: at most two corrections make qhat at most 1 too big. */
        while (!rhat_big
               && (dlimb)qhat * v2 > (((dlimb)rhat << LB) | u2)) {
            qhat--;
            limb old = rhat;
            rhat += v1;
            rhat_big = rhat < old;
        }
        /* D4: multiply and subtract. */
        limb borrow = submul_1(uj, v, bn, qhat);
        limb top = uj[bn];
        uj[bn] = top - borrow;
        if (top < borrow) {
            /* D6: qhat was one too big: add v back. */
            qhat--;
            limb c = add_n(uj, uj, v, bn, 0);
            uj[bn] += c;
        }
        if (q != NULL)
            q[j] = qhat;
    }
    /* D8: the remainder is u[0..bn) >> s. */
    if (r != NULL)
        ohi_limbs_rshift(r, u, bn, s);
    oh_free(u);
    return 0;
}
