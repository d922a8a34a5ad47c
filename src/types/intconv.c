/*
 * intconv.c -- ints to and from text, bytes and doubles.
 *
 * What this file owns
 * -------------------
 * Python's int(s, base) (oh_int_from_string) and str/bin/oct/hex
 * (oh_int_to_string) with the runtime's limit on digits; int.to_bytes and
 * int.from_bytes; float(int), int(float) and the exact comparison of an
 * int with a double; true division, which ends in a double.  int.c owns
 * the layouts these read and build (through ohi_int_view_of and
 * ohi_bigint_new/finish), longint.c the arithmetic on magnitudes.
 *
 * Text
 * ----
 * oh_int_from_string follows CPython 3.11's PyLong_FromString and
 * PyLong_FromUnicodeObject rule for rule, in their order:
 *
 *   [spaces] [+|-] [0x|0o|0b [_]] digit { [_] digit } [spaces]
 *
 * Non-ASCII text is first folded to ASCII as CPython folds it: Unicode
 * whitespace to a space, Unicode decimal digits (category Nd) to their
 * ASCII digit, anything else to '?', which no base accepts.  Base 0 takes
 * the base from the prefix, and without one refuses a leading zero unless
 * every digit is 0 ("010" is an error, "00" and "0_0" are 0).  The digit
 * count (underscores not counted) is checked against the limit before
 * trailing characters are looked at, as CPython does.  An error quotes
 * the whole text as repr() quotes a str, cut to 200 characters (%.200R).
 *
 * Conversion: power-of-two bases pack bits, in linear time.  Other bases
 * go through chunks: the largest power of the base that fits a limb
 * (10^19 for base 10) is multiplied in (text to int) or divided out (int
 * to text) a chunk at a time, so the work is quadratic in the digits, as
 * CPython 3.11's is; hence the limit (4300 digits by default,
 * sys.set_int_max_str_digits's rules and messages), which only applies
 * to those bases.
 *
 * Doubles
 * -------
 * Both float(int) and a / b round once, to nearest with ties to even,
 * from an integer q of at least 55 bits (2 more than a double holds) and
 * a sticky bit saying whether anything nonzero lies below it
 * (round_to_double); subnormal results round at their own last bit
 * (2^-1074).  a / b computes q = floor(|a| 2^s / |b|) with s chosen to
 * make q 55 or 56 bits long, so the quotient is correctly rounded as
 * CPython's long_true_divide's is, bit for bit.
 *
 * Invariants
 * ----------
 * V1. A text accepted by oh_int_from_string is exactly one Python accepts
 *     with the same base, and the int is the same (tests/types/test_int.c
 *     and the differential runs of docs/OBJECTS.md check this).
 * V2. oh_int_to_string(o, b, 1) read back by oh_int_from_string with base
 *     0 (2, 8, 16) or b gives o.
 * V3. round_to_double's input has two bits below the result's last bit
 *     whenever sticky is set, so one rounding is exact.
 *
 * Tunables
 * --------
 * - The digit limit, 4300 (at least 640, or none): CPython 3.11's, not
 *   ours to tune.  With it lifted, str(2**100000) takes 6.5 ms on a
 *   quiet machine (CPython 3.11: 14.6 ms; docs/OBJECTS.md, "Integers of
 *   any size").
 */
#include "internal.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef ohi_limb limb;
#define LB OHI_LIMB_BITS

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
    if (dlimbs > (double)OHI_INT_MAX_LIMBS) {
        oh_err_no_memory();
        return NULL;
    }
    size_t cap = (size_t)dlimbs;
    ohi_bigint *b = ohi_bigint_new(cap);
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
    return ohi_bigint_finish(b, n, neg);
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
    OHI_NOT_NULL(o, NULL);
    if (!ohi_int_arg_check(o))
        return NULL;
    if (base < 2 || base > 36) {
        oh_err_set(OH_ERR_VALUE, "base must be >= 2 and <= 36");
        return NULL;
    }
    ohi_int_view v;
    ohi_int_view_of(o, &v);
    uint64_t bits = ohi_limbs_bit_length(v.d, v.n);
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

/* ==========================================================================
 * Floats
 * ========================================================================== */

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
    uint64_t bits = ohi_limbs_bit_length(d, n);
    if (bits > 1024) {
        return -1;
    }
    if (bits <= 64)
        return round_to_double(ohi_limbs_bits_at(d, n, 0), false, 0, out);
    uint64_t e = bits - 64;
    return round_to_double(ohi_limbs_bits_at(d, n, e),
                           ohi_limbs_any_below(d, n, e),
                           (int64_t)e, out);
}

int
oh_int_as_double(oh_object *o, double *out)
{
    OHI_NOT_NULL(o, -1);
    if (OH_LIKELY(OHI_INT_CHECK(o))) {
        *out = (double)OHI_INT_VALUE(o);    /* rounds to nearest */
        return 0;
    }
    if (!ohi_int_arg_check(o))
        return -1;
    ohi_int_view v;
    ohi_int_view_of(o, &v);
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
    ohi_bigint *b = ohi_bigint_new(n);
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
    return ohi_bigint_finish(b, n, d < 0);
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
    ohi_int_view v;
    ohi_int_view_of(i, &v);
    int isign = v.n == 0 ? 0 : v.neg ? -1 : 1;
    int dsign = (d > 0) - (d < 0);
    if (isign != dsign)
        return isign < dsign ? -1 : 1;
    if (isign == 0)
        return 0;
    /* Same sign: compare |i| with |d| in [2^(e-1), 2^e). */
    int e;
    double m = frexp(fabs(d), &e);
    uint64_t nbits = ohi_limbs_bit_length(v.d, v.n);
    int c;
    if (nbits < (uint64_t)e)
        c = -1;
    else if (nbits > (uint64_t)e)
        c = 1;
    else {
        /* Same length, past 2^53: |d| = M 2^(e - 53) is an integer. */
        uint64_t mant = (uint64_t)ldexp(m, 53);
        uint64_t shift = (uint64_t)e - 53;
        uint64_t top = ohi_limbs_bits_at(v.d, v.n, shift);
        if (top != mant)
            c = top < mant ? -1 : 1;
        else
            c = ohi_limbs_any_below(v.d, v.n, shift) ? 1 : 0;
    }
    return isign < 0 ? -c : c;
}

oh_object *
oh_int_truediv(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    if (ohi_int_operands(a, b, "/") < 0)
        return NULL;
    ohi_int_view x, y;
    ohi_int_view_of(a, &x);
    ohi_int_view_of(b, &y);
    if (y.n == 0) {
        oh_err_set(OH_ERR_ZERODIV, "division by zero");
        return NULL;
    }
    bool neg = x.neg != y.neg;
    uint64_t xb = ohi_limbs_bit_length(x.d, x.n);
    uint64_t yb = ohi_limbs_bit_length(y.d, y.n);
    if (xb <= 53 && yb <= 53) {
        /* Both exact as doubles: IEEE division rounds correctly. */
        double xd = (double)ohi_limbs_bits_at(x.d, x.n, 0);
        double yd = (double)ohi_limbs_bits_at(y.d, y.n, 0);
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
        sticky = ohi_limbs_any_below(x.d, x.n, sh);
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
    uint64_t qv = ohi_limbs_bits_at(q, qn, 0);
    OH_ASSERT(ohi_limbs_bit_length(q, qn) <= 56);
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
 * Bytes
 * ========================================================================== */

oh_object *
oh_int_to_bytes(oh_object *o, size_t length, int little_endian,
                int is_signed)
{
    OHI_NOT_NULL(o, NULL);
    if (!ohi_int_arg_check(o))
        return NULL;
    ohi_int_view v;
    ohi_int_view_of(o, &v);
    if (v.neg && !is_signed) {
        oh_err_set(OH_ERR_OVERFLOW, "can't convert negative int to "
                   "unsigned");
        return NULL;
    }
    /* Fits: unsigned needs bit_length <= 8 length; signed, a value in
     * [-2^(8 length - 1), 2^(8 length - 1)). */
    uint64_t bits = ohi_limbs_bit_length(v.d, v.n);
    uint64_t room = length > UINT64_MAX / 8 ? UINT64_MAX
                                            : 8 * (uint64_t)length;
    bool fits;
    if (!is_signed)
        fits = bits <= room;
    else if (!v.neg)
        fits = bits < room || (bits == 0 && room == 0);
    else {
        /* |v| <= 2^(room - 1): fewer bits, or exactly a power of two. */
        fits = room > 0 && (bits < room
                            || (bits == room
                                && !ohi_limbs_any_below(v.d, v.n, bits - 1)));
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
    if (nl > OHI_INT_MAX_LIMBS) {
        oh_err_no_memory();
        return NULL;
    }
    ohi_bigint *r = ohi_bigint_new(nl);
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
    return ohi_bigint_finish(r, nl, neg);
}
