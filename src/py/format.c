/*
 * format.c -- the format-spec mini-language, str % args and str.format.
 *
 * What this file owns
 * -------------------
 * format(value, spec) for int, float, complex and str (py_format_int,
 * py_format_float, py_format_complex, py_format_str: what their
 * __format__ methods and f-strings call), printf-style formatting of str
 * and bytes (py_str_percent, py_bytes_percent), and str.format /
 * str.format_map (py_str_format_method, py_str_format_map).  Each one
 * prints what CPython 3.11 prints, errors included; tests/py/cases
 * int_format_spec, float_format_spec, float_format_digits (150 doubles
 * over the whole range), complex_format, str_percent_all,
 * str_format_fields, builtin_format and the f-string cases compare them
 * with CPython byte for byte.
 *
 * The pieces
 * ----------
 *
 *   spec text --parse_spec--> fm_spec --+--> int:   digits of the int
 *                                       |            (oh_int_to_string)
 *                                       +--> float: double_to_text
 *                                       +--> str:   pad / truncate
 *                                                 |
 *   a number's text: [sign][prefix][digits][.][rest]
 *                                                 |
 *                              write_number: padding, grouping, '0' fill
 *
 * A formatted number is laid out as CPython lays it out:
 *
 *   | lpad | sign | prefix | spad | grouped digits | . | rest | rpad |
 *
 * where at most one of the three paddings is not empty (the alignment
 * picks it), and zero padding ('0' fill with '=' alignment) is not
 * padding at all but leading zeros that take part in grouping
 * ("00,001,234"): group_digits inserts them.
 *
 * Doubles: CPython turns a double into digits with David Gay's dtoa in
 * three modes (0: shortest repr; 2: n significant digits; 3: n digits
 * after the point), then lays the digits out itself (notation, trailing
 * zeros, '#').  Here the digits come from the C library's correctly
 * rounded printf ("%.*e" for mode 2, "%.*f" for mode 3, the shortest of
 * "%.{1..17}e" that reads back for mode 0, as the library's float repr
 * does), reduced to what dtoa returns -- significant digits without
 * trailing zeros and the position of the decimal point -- and the layout
 * rules follow from there (double_to_text).
 *
 * Text: strs are UTF-8 (src/types/str.c).  Every character with meaning
 * in a format ('%', '{', '}', ':', '!', '.', '[', ']', digits, flags) is
 * ASCII, so the parsers scan bytes; lengths and widths count code points,
 * and fill characters may be any code point.  Results are built in an
 * ohi_strbuf, which records an allocation failure (MemoryError) and
 * makes every later append a no-op, so building code checks once at the
 * end.
 *
 * Invariants
 * ----------
 * FM1. An fm_spec leaving parse_spec is consistent: align is one of
 *      "<>=^", sign is 0 or one of "+- ", sep is 0, ',' or '_', group is
 *      3, or 4 for '_' with 'b', 'o', 'x', 'X' (PEP 515), width and
 *      precision are -1 (not given) or >= 0.
 * FM2. The digits handed to write_number are ASCII; only `rest` (the
 *      part after the decimal point, a 'c' character, "inf") may hold
 *      other code points, and its code point count is given with it.
 * FM3. In the percent formatter `cnt` is CPython's fmtcnt: the bytes of
 *      the format not yet read, so `cnt < 0` means a read ran past the
 *      end ("incomplete format"); pos + cnt == n whenever no read is in
 *      progress.
 * FM4. str.format's automatic numbering state only moves INIT -> AUTO
 *      or INIT -> MANUAL; a field that would move it back is an error.
 */
#include "py/py.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define MIN(a, b) ((a) < (b) ? (a) : (b))

/* ==========================================================================
 * Text helpers
 * ========================================================================== */

static void
add_char(ohi_strbuf *b, uint32_t c)
{
    char buf[4];
    int n = py_utf8_encode(c, buf);
    ohi_strbuf_add(b, buf, (size_t)n);
}

/* n copies of code point c (n <= 0: none). */
static void
add_fill(ohi_strbuf *b, uint32_t c, int64_t n)
{
    if (n <= 0)
        return;
    char buf[64];
    if (c < 0x80) {
        memset(buf, (int)c, sizeof buf);
        while (n > 0) {
            size_t k = (size_t)MIN(n, (int64_t)sizeof buf);
            ohi_strbuf_add(b, buf, k);
            n -= (int64_t)k;
        }
        return;
    }
    for (int64_t i = 0; i < n && !b->failed; i++)
        add_char(b, c);
}

/* Code points in n bytes of valid UTF-8. */
static int64_t
utf8_length(const char *s, size_t n)
{
    int64_t cont = 0;
    for (size_t i = 0; i < n; i++)
        cont += ((unsigned char)s[i] & 0xc0) == 0x80;
    return (int64_t)n - cont;
}

/* Byte offset of code point k in valid UTF-8 s[0..n) (k <= length). */
static size_t
utf8_offset(const char *s, size_t n, int64_t k)
{
    size_t i = 0;
    for (int64_t seen = 0; seen < k && i < n; seen++) {
        unsigned char c = (unsigned char)s[i];
        i += c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    }
    return i;
}

/* The str built in b, or NULL (MemoryError if the buffer failed). */
static oh_object *
finish(ohi_strbuf *b)
{
    if (b->failed) {
        ohi_strbuf_discard(b);
        return py_err_no_memory();
    }
    return ohi_strbuf_finish(b);
}

/* The plain int with o's value: o itself for the library's ints and
 * bools, a copy of a subclass instance's value (t_int.c keeps those in
 * the small layout).  New reference. */
static oh_object *
plain_int(oh_object *o)
{
    if (OHI_ANYINT_CHECK(o)) {
        oh_incref(o);
        return o;
    }
    if (OHI_TYPE_KIND(o->type) == OHI_KIND_INT)
        return oh_int_from_i64(OHI_INT_VALUE(o));
    return py_index(o);
}

static const char *
type_name(oh_object *o)
{
    return PY_TYPE(o)->tp_name;
}

/* ==========================================================================
 * The format spec
 * ========================================================================== */

typedef struct fm_spec {
    uint32_t fill;              /* the fill character */
    uint32_t type;              /* presentation type, 0: none */
    char align;                 /* '<' '>' '=' '^' */
    char sign;                  /* 0, '+', '-', ' ' */
    char sep;                   /* thousands separator: 0, ',' or '_' */
    int group;                  /* digits per group (FM1) */
    bool no_neg_0;              /* 'z' */
    bool alt;                   /* '#' */
    int64_t width;              /* -1: not given */
    int64_t precision;          /* -1: not given */
} fm_spec;

static bool
is_align(uint32_t c)
{
    return c == '<' || c == '>' || c == '=' || c == '^';
}

/* Read a decimal number (Unicode decimal digits, as CPython) at c[*i]:
 * the count of digits read, or -1 with ValueError on overflow. */
static int
spec_integer(const uint32_t *c, size_t n, size_t *i, int64_t *out)
{
    int64_t acc = 0;
    int count = 0;
    while (*i < n) {
        int d = py_unicode_decimal(c[*i]);
        if (d < 0)
            break;
        if (acc > (INT64_MAX - d) / 10) {
            py_err_set_string(PY_EXC(ValueError), "Too many decimal digits "
                              "in format string");
            return -1;
        }
        acc = acc * 10 + d;
        ++*i;
        count++;
    }
    *out = acc;
    return count;
}

static void *
bad_separator(char sep, uint32_t type)
{
    if (type > 32 && type < 128)
        return py_err_format(PY_EXC(ValueError), "Cannot specify '%c' with "
                             "'%c'.", sep, (int)type);
    return py_err_format(PY_EXC(ValueError), "Cannot specify '%c' with "
                         "'\\x%x'.", sep, (unsigned)type);
}

/* Parse a non-empty spec (a str) for formatting obj: 0, or -1 with
 * ValueError.  Establishes FM1. */
static int
parse_spec(oh_object *obj, oh_object *spec, fm_spec *f,
           uint32_t default_type, char default_align)
{
    const unsigned char *p = (const unsigned char *)OHI_STR(spec)->data;
    size_t nbytes = (size_t)OHI_STR(spec)->nbytes;
    uint32_t small[64];
    uint32_t *c = small;
    if (nbytes > sizeof small / sizeof small[0]) {
        c = oh_malloc(nbytes * sizeof *c);
        if (c == NULL) {
            py_err_no_memory();
            return -1;
        }
    }
    size_t n = 0;
    for (size_t off = 0; off < nbytes; n++) {
        int len;
        c[n] = py_utf8_decode(p + off, &len);
        off += (size_t)len;
    }
    f->fill = ' ';
    f->align = default_align;
    f->sign = 0;
    f->no_neg_0 = false;
    f->alt = false;
    f->width = -1;
    f->precision = -1;
    f->sep = 0;
    f->group = 3;
    f->type = default_type;
    bool fill_given = false, align_given = false;
    int rc = -1;
    size_t i = 0;
    if (n - i >= 2 && is_align(c[i + 1])) {
        f->align = (char)c[i + 1];
        f->fill = c[i];
        fill_given = align_given = true;
        i += 2;
    }
    else if (n - i >= 1 && is_align(c[i])) {
        f->align = (char)c[i];
        align_given = true;
        i++;
    }
    if (i < n && (c[i] == '+' || c[i] == '-' || c[i] == ' '))
        f->sign = (char)c[i++];
    if (i < n && c[i] == 'z') {
        f->no_neg_0 = true;
        i++;
    }
    if (i < n && c[i] == '#') {
        f->alt = true;
        i++;
    }
    if (!fill_given && i < n && c[i] == '0') {
        f->fill = '0';
        if (!align_given && default_align == '>')
            f->align = '=';
        i++;
    }
    int got = spec_integer(c, n, &i, &f->width);
    if (got < 0)
        goto done;
    if (got == 0)
        f->width = -1;
    if (i < n && c[i] == ',') {
        f->sep = ',';
        i++;
    }
    if (i < n && c[i] == '_') {
        if (f->sep != 0) {
            py_err_set_string(PY_EXC(ValueError), "Cannot specify both ',' "
                              "and '_'.");
            goto done;
        }
        f->sep = '_';
        i++;
    }
    if (i < n && c[i] == ',' && f->sep == '_') {
        py_err_set_string(PY_EXC(ValueError), "Cannot specify both ',' and "
                          "'_'.");
        goto done;
    }
    if (i < n && c[i] == '.') {
        i++;
        got = spec_integer(c, n, &i, &f->precision);
        if (got < 0)
            goto done;
        if (got == 0) {
            py_err_set_string(PY_EXC(ValueError), "Format specifier missing "
                              "precision");
            goto done;
        }
    }
    if (n - i > 1) {
        py_err_format(PY_EXC(ValueError), "Invalid format specifier '%U' "
                      "for object of type '%s'", spec, type_name(obj));
        goto done;
    }
    if (n - i == 1)
        f->type = c[i];
    if (f->sep != 0) {
        switch (f->type) {
        case 'd': case 'e': case 'f': case 'g': case 'E': case 'G':
        case '%': case 'F': case 0:
            break;
        case 'b': case 'o': case 'x': case 'X':
            if (f->sep == '_') {
                f->group = 4;
                break;
            }
            bad_separator(f->sep, f->type);
            goto done;
        default:
            bad_separator(f->sep, f->type);
            goto done;
        }
    }
    OH_ASSERT(is_align((uint32_t)f->align));
    OH_ASSERT(f->width >= -1 && f->precision >= -1);
    OH_ASSERT(f->group == 3 || (f->group == 4 && f->sep == '_'));
    rc = 0;
done:
    if (c != small)
        oh_free(c);
    return rc;
}

static void *
unknown_type(uint32_t type, oh_object *obj)
{
    if (type > 32 && type < 128)
        return py_err_format(PY_EXC(ValueError), "Unknown format code '%c' "
                             "for object of type '%s'", (int)type,
                             type_name(obj));
    return py_err_format(PY_EXC(ValueError), "Unknown format code '\\x%x' "
                         "for object of type '%s'", (unsigned)type,
                         type_name(obj));
}

/* ==========================================================================
 * Laying out a number
 * ========================================================================== */

/* A number's text in parts (FM2). */
typedef struct fm_number {
    bool neg;                   /* the value is negative */
    const char *prefix;         /* "0x", "0o", "0b", or NULL */
    const char *digits;         /* ASCII digits before the point */
    size_t ndigits;
    bool has_decimal;           /* a decimal point follows the digits */
    const char *rest;           /* UTF-8 after the point (or all of a
                                   'c' character, "inf", "nan", ...) */
    size_t rest_bytes;
    int64_t nrest;              /* code points in rest */
    bool upper;                 /* upper-case prefix and digits ('X') */
} fm_number;

/* CPython's digit grouping: the digits in groups of `group` from the
 * right (sep 0: one group), with leading zeros added until min_width
 * characters are written.  With out == NULL only counts; otherwise
 * fills out[0..count) from the right.  Returns the count. */
static size_t
group_digits(char *out, size_t count, const char *digits, size_t ndigits,
             int64_t min_width, char sep, int group, bool upper)
{
    int64_t mw = MAX(min_width, 0);
    int64_t remaining = (int64_t)ndigits;
    size_t total = 0;
    size_t pos = count;                 /* out[pos..count) written */
    size_t dpos = ndigits;              /* digits[dpos..) placed */
    bool use_sep = false, done = false;
    while (!done) {
        int64_t len;
        bool last = sep == 0;
        if (!last) {
            len = MIN((int64_t)group, MAX(MAX(remaining, mw), 1));
        }
        else
            len = MAX(MAX(remaining, mw), 1);
        int64_t zeros = MAX(0, len - remaining);
        int64_t chars = MAX(0, MIN(remaining, len));
        total += (size_t)(use_sep ? 1 : 0) + (size_t)zeros + (size_t)chars;
        if (out != NULL) {
            if (use_sep)
                out[--pos] = sep;
            for (int64_t k = 0; k < chars; k++) {
                char ch = digits[--dpos];
                if (upper && ch >= 'a' && ch <= 'z')
                    ch = (char)(ch - 'a' + 'A');
                out[--pos] = ch;
            }
            for (int64_t k = 0; k < zeros; k++)
                out[--pos] = '0';
        }
        else
            dpos -= (size_t)chars;
        use_sep = true;
        remaining -= chars;
        mw -= len;
        if (last || (remaining <= 0 && mw <= 0))
            done = true;
        mw -= 1;                        /* the separator's width */
    }
    return total;
}

/* Append num laid out per f (sep/group: the grouping in force).  0, or
 * -1 with MemoryError. */
static int
write_number(ohi_strbuf *b, const fm_spec *f, const fm_number *num,
             char sep, int group)
{
    char sign = 0;
    switch (f->sign) {
    case '+':
        sign = num->neg ? '-' : '+';
        break;
    case ' ':
        sign = num->neg ? '-' : ' ';
        break;
    default:
        if (num->neg)
            sign = '-';
        break;
    }
    size_t nprefix = num->prefix ? strlen(num->prefix) : 0;
    int64_t nondigit = (sign != 0) + (int64_t)nprefix
                       + (num->has_decimal ? 1 : 0) + num->nrest;
    int64_t min_width = f->fill == '0' && f->align == '='
                        ? f->width - nondigit : 0;
    size_t ngrouped = 0;
    if (num->ndigits != 0)
        ngrouped = group_digits(NULL, 0, num->digits, num->ndigits,
                                min_width, sep, group, false);
    int64_t pad = f->width - (nondigit + (int64_t)ngrouped);
    int64_t lpad = 0, spad = 0, rpad = 0;
    if (pad > 0) {
        switch (f->align) {
        case '<': rpad = pad; break;
        case '^': lpad = pad / 2; rpad = pad - lpad; break;
        case '=': spad = pad; break;
        default: lpad = pad; break;
        }
    }
    add_fill(b, f->fill, lpad);
    if (sign != 0)
        ohi_strbuf_add(b, &sign, 1);
    if (nprefix != 0) {
        char pre[2] = {num->prefix[0], num->prefix[1]};
        if (num->upper)
            pre[1] = (char)(pre[1] - 'a' + 'A');
        ohi_strbuf_add(b, pre, 2);
    }
    add_fill(b, f->fill, spad);
    if (ngrouped != 0) {
        char small[128];
        char *g = ngrouped <= sizeof small ? small : oh_malloc(ngrouped);
        if (g == NULL) {
            py_err_no_memory();
            return -1;
        }
        size_t wrote = group_digits(g, ngrouped, num->digits, num->ndigits,
                                    min_width, sep, group, num->upper);
        OH_ASSERT(wrote == ngrouped);
        (void)wrote;
        ohi_strbuf_add(b, g, ngrouped);
        if (g != small)
            oh_free(g);
    }
    if (num->has_decimal)
        ohi_strbuf_add(b, ".", 1);
    ohi_strbuf_add(b, num->rest, num->rest_bytes);
    add_fill(b, f->fill, rpad);
    return b->failed ? -1 : 0;
}

/* ==========================================================================
 * Doubles to text
 * ========================================================================== */

/* The digits of a double as Gay's dtoa returns them: the significant
 * digits of |d|, no trailing zeros (exactly "0" for zero), and decpt, the
 * position of the decimal point relative to them (0.0123: "123", -1). */
typedef struct fm_digits {
    char *buf;                  /* printf's output (oh_malloc or small) */
    char small[80];
    const char *digits;
    size_t len;
    int64_t decpt;
    bool neg;
} fm_digits;

static void
digits_free(fm_digits *g)
{
    if (g->buf != g->small)
        oh_free(g->buf);
}

/* Take "D.DDDDe+XX" (printf's %e of a finite |d|) apart. */
static void
digits_from_e(fm_digits *g, char *s)
{
    char *w = s;
    const char *r = s;
    while (*r != 'e') {
        if (*r != '.')
            *w++ = *r;
        r++;
    }
    long e = strtol(r + 1, NULL, 10);
    size_t len = (size_t)(w - s);
    while (len > 1 && s[len - 1] == '0')
        len--;
    g->digits = s;
    g->len = len;
    g->decpt = (int64_t)e + 1;
}

/* Fill g for |d| (finite) in dtoa's mode 0 (shortest), 2 (nd significant
 * digits) or 3 (nd digits after the point).  0, or -1 with MemoryError. */
static int
double_digits(fm_digits *g, double d, int mode, int64_t nd)
{
    g->buf = g->small;
    g->neg = signbit(d) != 0;
    d = fabs(d);
    if (d == 0.0) {
        g->small[0] = '0';
        g->digits = g->small;
        g->len = 1;
        g->decpt = 1;
        return 0;
    }
    /* A double's exact decimal expansion has at most 767 significant
     * digits and 1074 after the point: asking for more only adds zeros,
     * which dtoa strips, so the C library is never asked for more. */
    if (mode == 2 && nd > 800)
        nd = 800;
    if (mode == 3 && nd > 1100)
        nd = 1100;
    size_t need = mode == 3 ? (size_t)nd + 330 : (size_t)nd + 16;
    if (mode == 0)
        need = 40;
    if (need > sizeof g->small) {
        g->buf = oh_malloc(need);
        if (g->buf == NULL) {
            g->buf = g->small;
            py_err_no_memory();
            return -1;
        }
    }
    if (mode == 0) {
        for (int p = 1; p <= 17; p++) {
            snprintf(g->buf, need, "%.*e", p - 1, d);
            if (strtod(g->buf, NULL) == d)
                break;
        }
        digits_from_e(g, g->buf);
        return 0;
    }
    if (mode == 2) {
        snprintf(g->buf, need, "%.*e", (int)(nd - 1), d);
        digits_from_e(g, g->buf);
        return 0;
    }
    /* Mode 3: "III.FFF"; the digits start at the first non-zero one. */
    snprintf(g->buf, need, "%.*f", (int)nd, d);
    char *s = g->buf, *w = s;
    int64_t intlen = -1;
    for (const char *r = s; *r; r++) {
        if (*r == '.')
            intlen = w - s;
        else
            *w++ = *r;
    }
    size_t total = (size_t)(w - s);
    if (intlen < 0)
        intlen = (int64_t)total;
    size_t k = 0;
    while (k < total && s[k] == '0')
        k++;
    if (k == total) {
        /* Rounds to zero: dtoa gives no digits, decpt = -nd. */
        g->digits = s;
        g->len = 0;
        g->decpt = -nd;
        return 0;
    }
    size_t len = total;
    while (len > k + 1 && s[len - 1] == '0')
        len--;
    g->digits = s + k;
    g->len = len - k;
    g->decpt = intlen - (int64_t)k;
    return 0;
}

#define FM_ADD_DOT_0 0x1        /* an integer value keeps ".0" ('r', '') */
#define FM_ALT 0x2              /* '#': keep the point and zeros */
#define FM_NO_NEG_0 0x4         /* 'z': -0.0 prints as 0.0 */

static void
add_zeros(ohi_strbuf *b, int64_t n)
{
    add_fill(b, '0', n);
}

/* Append d as CPython's PyOS_double_to_string writes it for code 'e',
 * 'E', 'f', 'F', 'g', 'G' or 'r' (repr: precision unused).  0, or -1
 * with MemoryError. */
static int
double_to_text(ohi_strbuf *b, double d, char code, int64_t precision,
               unsigned flags)
{
    bool upper = code == 'E' || code == 'F' || code == 'G';
    if (upper)
        code = (char)(code - 'A' + 'a');
    int mode = 0;
    int64_t nd = precision;
    switch (code) {
    case 'e':
        mode = 2;
        nd = precision + 1;
        break;
    case 'f':
        mode = 3;
        break;
    case 'g':
        mode = 2;
        if (nd == 0)
            nd = 1;
        break;
    default:
        break;
    }
    if (isnan(d)) {
        ohi_strbuf_adds(b, upper ? "NAN" : "nan");
        return b->failed ? -1 : 0;
    }
    if (isinf(d)) {
        if (d < 0)
            ohi_strbuf_add(b, "-", 1);
        ohi_strbuf_adds(b, upper ? "INF" : "inf");
        return b->failed ? -1 : 0;
    }
    fm_digits g;
    if (double_digits(&g, d, mode, nd) < 0)
        return -1;
    bool alt = (flags & FM_ALT) != 0;
    bool add_dot_0 = (flags & FM_ADD_DOT_0) != 0;
    if ((flags & FM_NO_NEG_0) && g.neg
        && (g.len == 0 || (g.len == 1 && g.digits[0] == '0')))
        g.neg = false;
    int64_t len = (int64_t)g.len;
    int64_t decpt = g.decpt;
    int64_t vend = len;
    bool use_exp = false;
    switch (code) {
    case 'e':
        use_exp = true;
        vend = nd;
        break;
    case 'f':
        vend = decpt + precision;
        break;
    case 'g':
        if (decpt <= -4 || decpt > (add_dot_0 ? nd - 1 : nd))
            use_exp = true;
        if (alt)
            vend = nd;
        break;
    default:
        if (decpt <= -4 || decpt > 16)
            use_exp = true;
        break;
    }
    int64_t exp = 0;
    if (use_exp) {
        exp = decpt - 1;
        decpt = 1;
    }
    int64_t vstart = decpt <= 0 ? decpt - 1 : 0;
    if (!use_exp && add_dot_0)
        vend = MAX(vend, decpt + 1);
    else
        vend = MAX(vend, decpt);
    if (g.neg)
        ohi_strbuf_add(b, "-", 1);
    if (decpt <= 0) {
        add_zeros(b, decpt - vstart);
        ohi_strbuf_add(b, ".", 1);
        add_zeros(b, -decpt);
    }
    else
        add_zeros(b, -vstart);
    if (0 < decpt && decpt <= len) {
        ohi_strbuf_add(b, g.digits, (size_t)decpt);
        ohi_strbuf_add(b, ".", 1);
        ohi_strbuf_add(b, g.digits + decpt, (size_t)(len - decpt));
    }
    else
        ohi_strbuf_add(b, g.digits, (size_t)len);
    if (len < decpt) {
        add_zeros(b, decpt - len);
        ohi_strbuf_add(b, ".", 1);
        add_zeros(b, vend - decpt);
    }
    else
        add_zeros(b, vend - len);
    digits_free(&g);
    if (b->failed)
        return -1;
    if (b->data[b->len - 1] == '.' && !alt)
        b->len--;
    if (use_exp) {
        char e[24];
        int k = snprintf(e, sizeof e, "%c%+.02d", upper ? 'E' : 'e',
                         (int)exp);
        ohi_strbuf_add(b, e, (size_t)k);
    }
    return b->failed ? -1 : 0;
}

/* ==========================================================================
 * format(int, spec), format(float, spec), format(str, spec)
 * ========================================================================== */

/* The value of a float or an object with __float__ (PyFloat_AsDouble).
 * 0, or -1 with an error. */
static int
as_double(oh_object *o, double *out)
{
    if (o->type == &oh_float_type) {
        oh_float_as_double(o, out);
        return 0;
    }
    oh_object *f = py_number_float(o);
    if (f == NULL)
        return -1;
    int rc = oh_float_as_double(f, out);
    oh_decref(f);
    return rc;
}

/* Format a double per f (type one of 0 e E f F g G n %). */
static int
format_double(ohi_strbuf *b, double val, const fm_spec *f)
{
    if (f->precision > INT_MAX) {
        py_err_set_string(PY_EXC(ValueError), "precision too big");
        return -1;
    }
    int64_t precision = f->precision;
    int64_t default_precision = 6;
    unsigned flags = 0;
    char type = (char)f->type;
    bool add_pct = false;
    if (f->alt)
        flags |= FM_ALT;
    if (f->no_neg_0)
        flags |= FM_NO_NEG_0;
    if (type == 0) {
        /* Like repr without a precision; like 'g' with one, but with at
         * least one digit after the point. */
        flags |= FM_ADD_DOT_0;
        type = 'r';
        default_precision = 0;
    }
    if (type == 'n')
        type = 'g';
    if (type == '%') {
        type = 'f';
        val *= 100;
        add_pct = true;
    }
    if (precision < 0)
        precision = default_precision;
    else if (type == 'r')
        type = 'g';
    ohi_strbuf t;
    ohi_strbuf_init(&t);
    if (double_to_text(&t, val, type, precision, flags) < 0) {
        ohi_strbuf_discard(&t);
        if (!py_err_occurred())
            py_err_no_memory();
        return -1;
    }
    if (add_pct)
        ohi_strbuf_add(&t, "%", 1);
    if (t.failed) {
        ohi_strbuf_discard(&t);
        py_err_no_memory();
        return -1;
    }
    fm_number num = {0};
    const char *s = t.data, *end = t.data + t.len;
    if (*s == '-') {
        num.neg = true;
        s++;
    }
    num.digits = s;
    while (s < end && *s >= '0' && *s <= '9')
        s++;
    num.ndigits = (size_t)(s - num.digits);
    if (s < end && *s == '.') {
        num.has_decimal = true;
        s++;
    }
    num.rest = s;
    num.rest_bytes = (size_t)(end - s);
    num.nrest = (int64_t)num.rest_bytes;
    int rc = write_number(b, f, &num, f->type == 'n' ? 0 : f->sep,
                          f->group);
    ohi_strbuf_discard(&t);
    return rc;
}

/* Format an int per f (type one of b c d o x X n). */
static int
format_long(ohi_strbuf *b, oh_object *v, const fm_spec *f)
{
    if (f->precision != -1) {
        py_err_set_string(PY_EXC(ValueError), "Precision not allowed in "
                          "integer format specifier");
        return -1;
    }
    if (f->no_neg_0) {
        py_err_set_string(PY_EXC(ValueError), "Negative zero coercion (z) "
                          "not allowed in integer format specifier");
        return -1;
    }
    fm_number num = {0};
    if (f->type == 'c') {
        if (f->sign != 0) {
            py_err_set_string(PY_EXC(ValueError), "Sign not allowed with "
                              "integer format specifier 'c'");
            return -1;
        }
        if (f->alt) {
            py_err_set_string(PY_EXC(ValueError), "Alternate form (#) not "
                              "allowed with integer format specifier 'c'");
            return -1;
        }
        oh_object *i = plain_int(v);
        if (i == NULL)
            return -1;
        int64_t x;
        int rc = oh_int_as_i64(i, &x);
        oh_decref(i);
        if (rc < 0) {
            py_err_clear();
            py_err_set_string(PY_EXC(OverflowError), "Python int too large "
                              "to convert to C long");
            return -1;
        }
        if (x < 0 || x > 0x10ffff) {
            py_err_set_string(PY_EXC(OverflowError), "%c arg not in "
                              "range(0x110000)");
            return -1;
        }
        if (x >= 0xd800 && x <= 0xdfff) {
            py_err_set_string(PY_EXC(ValueError), "surrogate code points "
                              "are not supported");
            return -1;
        }
        char cbuf[4];
        num.rest = cbuf;
        num.rest_bytes = (size_t)py_utf8_encode((uint32_t)x, cbuf);
        num.nrest = 1;
        return write_number(b, f, &num, f->sep, f->group);
    }
    int base = 10;
    switch (f->type) {
    case 'b': base = 2; num.prefix = "0b"; break;
    case 'o': base = 8; num.prefix = "0o"; break;
    case 'x': base = 16; num.prefix = "0x"; break;
    case 'X': base = 16; num.prefix = "0x"; num.upper = true; break;
    default: break;
    }
    if (!f->alt)
        num.prefix = NULL;
    oh_object *i = plain_int(v);
    if (i == NULL)
        return -1;
    oh_object *text = oh_int_to_string(i, base, 0);
    oh_decref(i);
    if (text == NULL)
        return -1;
    const char *s = OHI_STR(text)->data;
    size_t n = (size_t)OHI_STR(text)->nbytes;
    if (s[0] == '-') {
        num.neg = true;
        s++;
        n--;
    }
    num.digits = s;
    num.ndigits = n;
    num.rest = "";
    int rc = write_number(b, f, &num, f->type == 'n' ? 0 : f->sep,
                          f->group);
    oh_decref(text);
    return rc;
}

oh_object *
py_format_int(oh_object *o, oh_object *spec)
{
    if (OHI_STR(spec)->nbytes == 0) {
        if (o->type == &oh_int_type || OHI_BIGINT_CHECK(o))
            return oh_int_to_string(o, 10, 0);
        return py_str(o);
    }
    fm_spec f;
    if (parse_spec(o, spec, &f, 'd', '>') < 0)
        return NULL;
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    int rc;
    switch (f.type) {
    case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n':
        rc = format_long(&b, o, &f);
        break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%': {
        oh_object *fl = py_number_float(o);
        if (fl == NULL) {
            rc = -1;
            break;
        }
        double d;
        oh_float_as_double(fl, &d);
        oh_decref(fl);
        rc = format_double(&b, d, &f);
        break;
    }
    default:
        unknown_type(f.type, o);
        rc = -1;
        break;
    }
    if (rc < 0) {
        ohi_strbuf_discard(&b);
        return NULL;
    }
    return finish(&b);
}

oh_object *
py_format_float(oh_object *o, oh_object *spec)
{
    if (OHI_STR(spec)->nbytes == 0)
        return py_str(o);
    fm_spec f;
    if (parse_spec(o, spec, &f, 0, '>') < 0)
        return NULL;
    switch (f.type) {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
    case 'n': case '%':
        break;
    default:
        return unknown_type(f.type, o);
    }
    double d;
    if (as_double(o, &d) < 0)
        return NULL;
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    if (format_double(&b, d, &f) < 0) {
        ohi_strbuf_discard(&b);
        return NULL;
    }
    return finish(&b);
}

oh_object *
py_format_str(oh_object *o, oh_object *spec)
{
    if (OHI_STR(spec)->nbytes == 0)
        return py_str(o);
    fm_spec f;
    if (parse_spec(o, spec, &f, 's', '<') < 0)
        return NULL;
    if (f.type != 's')
        return unknown_type(f.type, o);
    if (f.sign != 0)
        return py_err_set_string(PY_EXC(ValueError), f.sign == ' '
                                 ? "Space not allowed in string format "
                                   "specifier"
                                 : "Sign not allowed in string format "
                                   "specifier");
    if (f.no_neg_0)
        return py_err_set_string(PY_EXC(ValueError), "Negative zero "
                                 "coercion (z) not allowed in string "
                                 "format specifier");
    if (f.alt)
        return py_err_set_string(PY_EXC(ValueError), "Alternate form (#) "
                                 "not allowed in string format specifier");
    if (f.align == '=')
        return py_err_set_string(PY_EXC(ValueError), "'=' alignment not "
                                 "allowed in string format specifier");
    const char *s = OHI_STR(o)->data;
    size_t nbytes = (size_t)OHI_STR(o)->nbytes;
    int64_t len = OHI_STR_LENGTH(OHI_STR(o));
    if ((f.width == -1 || f.width <= len)
        && (f.precision == -1 || f.precision >= len))
        return py_str(o);
    if (f.precision >= 0 && len >= f.precision) {
        nbytes = utf8_offset(s, nbytes, f.precision);
        len = f.precision;
    }
    int64_t total = MAX(f.width, len);
    int64_t lpad = f.align == '>' ? total - len
                   : f.align == '^' ? (total - len) / 2 : 0;
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    add_fill(&b, f.fill, lpad);
    ohi_strbuf_add(&b, s, nbytes);
    add_fill(&b, f.fill, total - len - lpad);
    return finish(&b);
}

/* ==========================================================================
 * format(complex, spec) and complex's repr
 *
 * CPython's format_complex_internal: each part is a float laid out
 * without padding (its digits grouped, its sign as the spec asks, the
 * imaginary part's always shown unless the real part is left out), then
 * 'j', the parentheses of the form without a type, and the padding of
 * the whole.  With no type, the parts are written as repr writes them
 * (no ".0" added) and a real part of +0.0 is left out, as repr leaves it
 * out; zero padding and '=' alignment have no meaning for two numbers
 * and are errors.  tests/py/cases complex_format compares with CPython.
 * ========================================================================== */

/* Append d in presentation `type` (double_to_text's codes) laid out per
 * f, without padding (f's width is not used).  0, or -1 with an error. */
static int
write_complex_part(ohi_strbuf *b, double d, char type, int64_t precision,
                   unsigned flags, const fm_spec *f, char sep)
{
    ohi_strbuf t;
    ohi_strbuf_init(&t);
    if (double_to_text(&t, d, type, precision, flags) < 0 || t.failed) {
        ohi_strbuf_discard(&t);
        if (!py_err_occurred())
            py_err_no_memory();
        return -1;
    }
    fm_number num = {0};
    const char *s = t.data, *end = t.data + t.len;
    if (*s == '-') {
        num.neg = true;
        s++;
    }
    num.digits = s;
    while (s < end && *s >= '0' && *s <= '9')
        s++;
    num.ndigits = (size_t)(s - num.digits);
    if (s < end && *s == '.') {
        num.has_decimal = true;
        s++;
    }
    num.rest = s;
    num.rest_bytes = (size_t)(end - s);
    num.nrest = (int64_t)num.rest_bytes;
    fm_spec unpadded = *f;
    unpadded.fill = ' ';
    unpadded.align = '<';
    unpadded.width = -1;
    int rc = write_number(b, &unpadded, &num, sep, f->group);
    ohi_strbuf_discard(&t);
    return rc;
}

oh_object *
py_format_complex(oh_object *o, oh_object *spec)
{
    if (OHI_STR(spec)->nbytes == 0)
        return py_str(o);
    fm_spec f;
    if (parse_spec(o, spec, &f, 0, '>') < 0)
        return NULL;
    switch (f.type) {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
    case 'n':
        break;
    default:
        return unknown_type(f.type, o);
    }
    if (f.precision > INT_MAX)
        return py_err_set_string(PY_EXC(ValueError), "precision too big");
    if (f.fill == '0')
        return py_err_set_string(PY_EXC(ValueError), "Zero padding is not "
                                 "allowed in complex format specifier");
    if (f.align == '=')
        return py_err_set_string(PY_EXC(ValueError), "'=' alignment flag is "
                                 "not allowed in complex format specifier");
    double re = PY_COMPLEX(o)->real, im = PY_COMPLEX(o)->imag;
    char type = (char)f.type;
    int64_t precision = f.precision, default_precision = 6;
    unsigned flags = 0;
    bool skip_re = false, parens = false;
    if (f.alt)
        flags |= FM_ALT;
    if (f.no_neg_0)
        flags |= FM_NO_NEG_0;
    if (type == 0) {
        type = 'r';
        default_precision = 0;
        if (re == 0.0 && !signbit(re))
            skip_re = true;
        else
            parens = true;
    }
    if (type == 'n')
        type = 'g';
    if (precision < 0)
        precision = default_precision;
    else if (type == 'r')
        type = 'g';
    char sep = f.type == 'n' ? 0 : f.sep;
    ohi_strbuf body;
    ohi_strbuf_init(&body);
    int rc = 0;
    if (parens)
        ohi_strbuf_add(&body, "(", 1);
    if (!skip_re) {
        rc = write_complex_part(&body, re, type, precision, flags, &f, sep);
        f.sign = '+';
    }
    if (rc == 0)
        rc = write_complex_part(&body, im, type, precision, flags, &f, sep);
    ohi_strbuf_add(&body, parens ? "j)" : "j", parens ? 2 : 1);
    if (rc < 0 || body.failed) {
        ohi_strbuf_discard(&body);
        return rc < 0 ? NULL : py_err_no_memory();
    }
    /* The text is ASCII: its bytes are its width. */
    int64_t pad = f.width - (int64_t)body.len, lpad = 0, rpad = 0;
    if (pad > 0) {
        if (f.align == '<')
            rpad = pad;
        else if (f.align == '^') {
            lpad = pad / 2;
            rpad = pad - lpad;
        }
        else
            lpad = pad;
    }
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    add_fill(&b, f.fill, lpad);
    ohi_strbuf_add(&b, body.data, body.len);
    add_fill(&b, f.fill, rpad);
    ohi_strbuf_discard(&body);
    return finish(&b);
}

int
py_double_repr_short(ohi_strbuf *b, double d)
{
    return double_to_text(b, d, 'r', 0, 0);
}

/* ==========================================================================
 * str % args and bytes % args
 * ========================================================================== */

#define F_LJUST 0x1
#define F_SIGN 0x2
#define F_BLANK 0x4
#define F_ALT 0x8
#define F_ZERO 0x10

typedef struct pct_ctx {
    const unsigned char *fmt;
    size_t n;
    size_t pos;                 /* the next byte to read */
    int64_t cnt;                /* FM3 */
    oh_object *args;            /* the tuple, the single argument, or the
                                   value of a %(key) */
    oh_object *owned;           /* a %(key) value we hold, or NULL */
    int64_t arglen;             /* tuple size, or -1: a single object */
    int64_t argidx;
    oh_object *dict;            /* the mapping of %(key), or NULL */
    bool bytes;                 /* bytes % args */
    ohi_strbuf out;
} pct_ctx;

typedef struct pct_arg {
    unsigned ch;                /* the conversion (a byte) */
    unsigned flags;             /* F_* */
    int64_t width;              /* -1: not given */
    int64_t prec;               /* -1: not given */
    bool sign;                  /* a number: sign and '0' fill apply */
} pct_arg;

/* CPython's FORMAT_READ: the byte at pos, or 0 past the end. */
static unsigned
pct_peek(const pct_ctx *c)
{
    OH_ASSERT(c->pos <= c->n);
    return c->pos < c->n ? c->fmt[c->pos] : 0;
}

static oh_object *
pct_next_arg(pct_ctx *c)
{
    int64_t i = c->argidx;
    if (i < c->arglen) {
        c->argidx++;
        if (c->arglen < 0)
            return c->args;
        return OHI_TUPLE(c->args)->items[i];
    }
    return py_err_set_string(PY_EXC(TypeError), "not enough arguments for "
                             "format string");
}

/* Read an int argument for '*': 0, or -1 with an error. */
static int
pct_star(pct_ctx *c, int64_t *out)
{
    oh_object *v = pct_next_arg(c);
    if (v == NULL)
        return -1;
    unsigned k = OHI_TYPE_KIND(v->type);
    if (k != OHI_KIND_INT && k != OHI_KIND_BOOL) {
        py_err_set_string(PY_EXC(TypeError), "* wants int");
        return -1;
    }
    return py_index_i64(v, out);
}

/* Parse the mapping key, flags, width, precision and length modifier
 * after a '%' (CPython's unicode_format_arg_parse).  0 or -1. */
static int
pct_parse(pct_ctx *c, pct_arg *a)
{
    if (a->ch == '(') {
        if (c->dict == NULL) {
            py_err_set_string(PY_EXC(TypeError), "format requires a "
                              "mapping");
            return -1;
        }
        c->pos++;
        c->cnt--;
        size_t keystart = c->pos;
        int pcount = 1;
        while (pcount > 0 && --c->cnt >= 0) {
            a->ch = pct_peek(c);
            if (a->ch == ')')
                pcount--;
            else if (a->ch == '(')
                pcount++;
            c->pos++;
        }
        if (c->cnt < 0 || pcount > 0) {
            py_err_set_string(PY_EXC(ValueError), "incomplete format key");
            return -1;
        }
        size_t keylen = c->pos - keystart - 1;
        const char *k = (const char *)c->fmt + keystart;
        oh_object *key = c->bytes ? oh_bytes_from(k, keylen)
                                  : oh_str_from_utf8(k, keylen);
        if (key == NULL)
            return -1;
        oh_object *v = py_getitem(c->dict, key);
        oh_decref(key);
        if (v == NULL)
            return -1;
        oh_xdecref(c->owned);
        c->owned = v;
        c->args = v;
        c->arglen = -1;
        c->argidx = -2;
    }
    while (--c->cnt >= 0) {
        a->ch = pct_peek(c);
        c->pos++;
        switch (a->ch) {
        case '-': a->flags |= F_LJUST; continue;
        case '+': a->flags |= F_SIGN; continue;
        case ' ': a->flags |= F_BLANK; continue;
        case '#': a->flags |= F_ALT; continue;
        case '0': a->flags |= F_ZERO; continue;
        default: break;
        }
        break;
    }
    if (a->ch == '*') {
        if (pct_star(c, &a->width) < 0)
            return -1;
        if (a->width < 0) {
            a->flags |= F_LJUST;
            a->width = -a->width;
        }
        if (--c->cnt >= 0) {
            a->ch = pct_peek(c);
            c->pos++;
        }
    }
    else if (a->ch >= '0' && a->ch <= '9') {
        a->width = a->ch - '0';
        while (--c->cnt >= 0) {
            a->ch = pct_peek(c);
            c->pos++;
            if (a->ch < '0' || a->ch > '9')
                break;
            int d = (int)a->ch - '0';
            if (a->width > (INT64_MAX - d) / 10) {
                py_err_set_string(PY_EXC(ValueError), "width too big");
                return -1;
            }
            a->width = a->width * 10 + d;
        }
    }
    if (a->ch == '.') {
        a->prec = 0;
        if (--c->cnt >= 0) {
            a->ch = pct_peek(c);
            c->pos++;
        }
        if (a->ch == '*') {
            int64_t p;
            if (pct_star(c, &p) < 0)
                return -1;
            if (p > INT_MAX || p < INT_MIN) {
                py_err_set_string(PY_EXC(OverflowError), "Python int too "
                                  "large to convert to C int");
                return -1;
            }
            a->prec = p < 0 ? 0 : p;
            if (--c->cnt >= 0) {
                a->ch = pct_peek(c);
                c->pos++;
            }
        }
        else if (a->ch >= '0' && a->ch <= '9') {
            a->prec = a->ch - '0';
            while (--c->cnt >= 0) {
                a->ch = pct_peek(c);
                c->pos++;
                if (a->ch < '0' || a->ch > '9')
                    break;
                int d = (int)a->ch - '0';
                if (a->prec > (INT_MAX - d) / 10) {
                    py_err_set_string(PY_EXC(ValueError), "precision too "
                                      "big");
                    return -1;
                }
                a->prec = a->prec * 10 + d;
            }
        }
    }
    if (c->cnt >= 0 && (a->ch == 'h' || a->ch == 'l' || a->ch == 'L')) {
        if (--c->cnt >= 0) {
            a->ch = pct_peek(c);
            c->pos++;
        }
    }
    if (c->cnt < 0) {
        py_err_set_string(PY_EXC(ValueError), "incomplete format");
        return -1;
    }
    return 0;
}

/* Does o support the number protocol (PyNumber_Check)? */
static bool
is_number(oh_object *o)
{
    py_type *t = PY_TYPE(o);
    return t->nb_index != NULL || t->nb_int != NULL || t->nb_float != NULL;
}

/* %d %i %u %o %x %X: the digits as CPython's _PyUnicode_FormatLong
 * writes them (a str of ASCII).  New reference. */
static oh_object *
pct_format_long(oh_object *v, const pct_arg *a)
{
    char type = (char)a->ch;
    unsigned k = OHI_TYPE_KIND(v->type);
    oh_object *iobj;
    if (!is_number(v))
        goto wrongtype;
    if (k == OHI_KIND_INT || k == OHI_KIND_BOOL)
        iobj = plain_int(v);
    else if (type == 'o' || type == 'x' || type == 'X')
        iobj = py_index(v);
    else
        iobj = py_number_int(v);
    if (iobj == NULL) {
        if (py_err_matches(PY_EXC(TypeError))) {
            py_err_clear();
            goto wrongtype;
        }
        return NULL;
    }
    if (OHI_TYPE_KIND(iobj->type) == OHI_KIND_INT
        && !OHI_ANYINT_CHECK(iobj)) {
        oh_object *p = plain_int(iobj);
        oh_decref(iobj);
        if (p == NULL)
            return NULL;
        iobj = p;
    }
    int base = type == 'o' ? 8 : type == 'x' || type == 'X' ? 16 : 10;
    oh_object *text = oh_int_to_string(iobj, base, 0);
    oh_decref(iobj);
    if (text == NULL)
        return NULL;
    const char *s = OHI_STR(text)->data;
    size_t n = (size_t)OHI_STR(text)->nbytes;
    bool neg = s[0] == '-';
    size_t ndig = n - neg;
    bool alt = (a->flags & F_ALT) && base != 10;
    int64_t prec = a->prec;
    size_t zeros = prec > (int64_t)ndig ? (size_t)prec - ndig : 0;
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    if (neg)
        ohi_strbuf_add(&b, "-", 1);
    if (alt) {
        char pre[2] = {'0', type == 'X' ? 'X' : type};
        ohi_strbuf_add(&b, pre, 2);
    }
    add_zeros(&b, (int64_t)zeros);
    size_t start = b.len;
    ohi_strbuf_add(&b, s + neg, ndig);
    oh_decref(text);
    if (type == 'X' && !b.failed) {
        for (size_t i = start; i < b.len; i++)
            if (b.data[i] >= 'a' && b.data[i] <= 'z')
                b.data[i] = (char)(b.data[i] - 'a' + 'A');
    }
    return finish(&b);

wrongtype:
    if (type == 'o' || type == 'x' || type == 'X')
        return py_err_format(PY_EXC(TypeError), "%%%c format: an integer "
                             "is required, not %s", type, type_name(v));
    return py_err_format(PY_EXC(TypeError), "%%%c format: a real number is "
                         "required, not %s", type, type_name(v));
}

/* %e %f %g ...: PyFloat_AsDouble, then the text.  New reference. */
static oh_object *
pct_format_float(oh_object *v, const pct_arg *a)
{
    double d;
    if (v->type == &oh_float_type)
        oh_float_as_double(v, &d);
    else if (PY_TYPE(v)->nb_float != NULL || PY_TYPE(v)->nb_index != NULL) {
        if (as_double(v, &d) < 0)
            return NULL;
    }
    else
        return py_err_format(PY_EXC(TypeError), "must be real number, not "
                             "%s", type_name(v));
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    int64_t prec = a->prec < 0 ? 6 : a->prec;
    if (double_to_text(&b, d, (char)a->ch, prec,
                       (a->flags & F_ALT) ? FM_ALT : 0) < 0) {
        ohi_strbuf_discard(&b);
        return NULL;
    }
    return finish(&b);
}

/* The bytes of %s / %b in bytes % args (format_obj in CPython's
 * bytesobject.c).  New reference to a bytes object. */
static oh_object *
pct_bytes_of(oh_object *v)
{
    if (v->type == &oh_bytes_type) {
        oh_incref(v);
        return v;
    }
    const unsigned char *data;
    size_t len;
    if (OHI_TYPE_KIND(v->type) == OHI_KIND_BYTES
        || py_is_instance(v, PY_T(bytearray))) {
        if (py_buffer_view(v, &data, &len) < 0)
            return NULL;
        return oh_bytes_from(data, len);
    }
    oh_object *name = py_static_str("__bytes__");
    if (name == NULL)
        return NULL;
    if (py_type_lookup(PY_TYPE(v), name) != NULL) {
        oh_object *r = py_call_method(v, name, NULL, 0);
        if (r == NULL)
            return NULL;
        if (OHI_TYPE_KIND(r->type) != OHI_KIND_BYTES) {
            py_err_format(PY_EXC(TypeError), "__bytes__ returned non-bytes "
                          "(type %s)", type_name(r));
            oh_decref(r);
            return NULL;
        }
        return r;
    }
    return py_err_format(PY_EXC(TypeError), "%%b requires a bytes-like "
                         "object, or an object that implements __bytes__, "
                         "not '%s'", type_name(v));
}

/* %c: the character (str mode) or byte.  0, or -1 with an error. */
static int
pct_char(const pct_ctx *c, oh_object *v, uint32_t *out)
{
    if (c->bytes) {
        const unsigned char *data;
        size_t len;
        if ((OHI_TYPE_KIND(v->type) == OHI_KIND_BYTES
             || py_is_instance(v, PY_T(bytearray)))
            && py_buffer_view(v, &data, &len) == 0 && len == 1) {
            *out = data[0];
            return 0;
        }
    }
    else if (OHI_TYPE_KIND(v->type) == OHI_KIND_STR) {
        if (OHI_STR_LENGTH(OHI_STR(v)) == 1) {
            int len;
            *out = py_utf8_decode((const unsigned char *)OHI_STR(v)->data,
                                  &len);
            return 0;
        }
        goto type_error;
    }
    if (PY_TYPE(v)->nb_index == NULL)
        goto type_error;
    int64_t x;
    if (py_index_i64(v, &x) < 0) {
        if (!py_err_matches(PY_EXC(OverflowError)))
            return -1;
        py_err_clear();
        x = -1;
    }
    if (c->bytes ? (x < 0 || x > 255) : (x < 0 || x > 0x10ffff)) {
        py_err_set_string(PY_EXC(OverflowError), c->bytes
                          ? "%c arg not in range(256)"
                          : "%c arg not in range(0x110000)");
        return -1;
    }
    if (!c->bytes && x >= 0xd800 && x <= 0xdfff) {
        py_err_set_string(PY_EXC(ValueError), "surrogate code points are "
                          "not supported");
        return -1;
    }
    *out = (uint32_t)x;
    return 0;

type_error:
    py_err_set_string(PY_EXC(TypeError), c->bytes
                      ? "%c requires an integer in range(256) or a single "
                        "byte"
                      : "%c requires int or char");
    return -1;
}

/* Write converted text p[0..nbytes) (len code points) with the arg's
 * sign, prefix, padding and truncation (unicode_format_arg_output). */
static void
pct_output(pct_ctx *c, pct_arg *a, const char *p, size_t nbytes,
           int64_t len)
{
    ohi_strbuf *b = &c->out;
    uint32_t fill = a->sign && (a->flags & F_ZERO) ? '0' : ' ';
    if ((a->width == -1 || a->width <= len)
        && (a->prec == -1 || a->prec >= len)
        && !(a->flags & (F_SIGN | F_BLANK))) {
        ohi_strbuf_add(b, p, nbytes);
        return;
    }
    if ((a->ch == 's' || a->ch == 'r' || a->ch == 'a' || a->ch == 'b')
        && a->prec >= 0 && len > a->prec) {
        nbytes = c->bytes ? (size_t)a->prec
                          : utf8_offset(p, nbytes, a->prec);
        len = a->prec;
    }
    size_t pi = 0;
    char signchar = 0;
    if (a->sign) {
        char ch = nbytes > 0 ? p[0] : 0;
        if (ch == '-' || ch == '+') {
            signchar = ch;
            len--;
            pi++;
        }
        else if (a->flags & F_SIGN)
            signchar = '+';
        else if (a->flags & F_BLANK)
            signchar = ' ';
        else
            a->sign = false;
    }
    if (a->width < len)
        a->width = len;
    if (a->sign) {
        if (fill != ' ')
            ohi_strbuf_add(b, &signchar, 1);
        if (a->width > len)
            a->width--;
    }
    bool prefix = (a->flags & F_ALT)
                  && (a->ch == 'x' || a->ch == 'X' || a->ch == 'o');
    if (prefix) {
        if (fill != ' ') {
            ohi_strbuf_add(b, p + pi, 2);
            pi += 2;
        }
        a->width -= 2;
        if (a->width < 0)
            a->width = 0;
        len -= 2;
    }
    if (a->width > len && !(a->flags & F_LJUST)) {
        add_fill(b, fill, a->width - len);
        a->width = len;
    }
    if (fill == ' ') {
        if (a->sign)
            ohi_strbuf_add(b, &signchar, 1);
        if (prefix) {
            ohi_strbuf_add(b, p + pi, 2);
            pi += 2;
        }
    }
    ohi_strbuf_add(b, p + pi, nbytes - pi);
    if (a->width > len)
        add_fill(b, ' ', a->width - len);
}

/* One conversion after a '%' (pos at the byte after it).  0 or -1. */
static int
pct_one(pct_ctx *c)
{
    pct_arg a = {.ch = pct_peek(c), .flags = 0, .width = -1, .prec = -1,
                 .sign = false};
    if (a.ch == '%') {
        c->pos++;
        c->cnt--;
        ohi_strbuf_add(&c->out, "%", 1);
        return 0;
    }
    if (pct_parse(c, &a) < 0)
        return -1;
    oh_object *v = pct_next_arg(c);
    if (v == NULL)
        return -1;
    oh_object *text = NULL;             /* a str (or bytes) to output */
    char cbuf[4];
    const char *p = NULL;
    size_t nbytes = 0;
    int64_t len = 0;
    switch (a.ch) {
    case 's':
    case 'r':
    case 'a':
    case 'b':
        if (a.ch == 'b' && !c->bytes)
            goto unsupported;
        if (c->bytes && (a.ch == 's' || a.ch == 'b')) {
            text = pct_bytes_of(v);
            if (text == NULL)
                return -1;
            p = (const char *)oh_bytes_data(text);
            nbytes = (size_t)oh_bytes_size(text);
            len = (int64_t)nbytes;
            break;
        }
        if (a.ch == 's')
            text = py_str(v);
        else if (a.ch == 'r' && !c->bytes)
            text = py_repr(v);
        else
            text = py_ascii(v);
        if (text == NULL)
            return -1;
        p = OHI_STR(text)->data;
        nbytes = (size_t)OHI_STR(text)->nbytes;
        len = OHI_STR_LENGTH(OHI_STR(text));
        break;
    case 'i': case 'd': case 'u': case 'o': case 'x': case 'X':
        text = pct_format_long(v, &a);
        if (text == NULL)
            return -1;
        a.sign = true;
        p = OHI_STR(text)->data;
        nbytes = (size_t)OHI_STR(text)->nbytes;
        len = (int64_t)nbytes;
        break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
        text = pct_format_float(v, &a);
        if (text == NULL)
            return -1;
        a.sign = true;
        p = OHI_STR(text)->data;
        nbytes = (size_t)OHI_STR(text)->nbytes;
        len = (int64_t)nbytes;
        break;
    case 'c': {
        uint32_t ch;
        if (pct_char(c, v, &ch) < 0)
            return -1;
        if (c->bytes) {
            cbuf[0] = (char)ch;
            nbytes = 1;
        }
        else
            nbytes = (size_t)py_utf8_encode(ch, cbuf);
        p = cbuf;
        len = 1;
        break;
    }
    default:
        goto unsupported;
    }
    pct_output(c, &a, p, nbytes, len);
    oh_xdecref(text);
    if (c->dict != NULL && c->argidx < c->arglen) {
        py_err_set_string(PY_EXC(TypeError), c->bytes
                          ? "not all arguments converted during bytes "
                            "formatting"
                          : "not all arguments converted during string "
                            "formatting");
        return -1;
    }
    return 0;

unsupported: {
        size_t at = c->pos - 1;
        int64_t index = c->bytes
                        ? (int64_t)at
                        : utf8_length((const char *)c->fmt, at);
        unsigned code = a.ch;
        if (!c->bytes && a.ch >= 0x80) {
            int n;
            code = py_utf8_decode(c->fmt + at, &n);
        }
        if (c->bytes && code >= 0x80) {
            /* CPython passes the byte as a signed char to %c. */
            py_err_set_string(PY_EXC(OverflowError), "character argument "
                              "not in range(0x110000)");
            return -1;
        }
        py_err_format(PY_EXC(ValueError), "unsupported format character "
                      "'%c' (0x%x) at index %zd",
                      c->bytes || (code >= 31 && code <= 126) ? (int)code
                                                              : '?',
                      code, (ptrdiff_t)index);
        return -1;
    }
}

/* The shared engine of str % args and bytes % args: fills c->out.  0 or
 * -1. */
static int
pct_run(pct_ctx *c, oh_object *args)
{
    unsigned kind = OHI_TYPE_KIND(args->type);
    c->pos = 0;
    c->cnt = (int64_t)c->n;
    c->args = args;
    c->owned = NULL;
    c->dict = NULL;
    if (kind == OHI_KIND_TUPLE) {
        c->arglen = OHI_TUPLE_SIZE(args);
        c->argidx = 0;
    }
    else {
        c->arglen = -1;
        c->argidx = -2;
    }
    bool excluded = kind == OHI_KIND_TUPLE || kind == OHI_KIND_STR
                    || (c->bytes && (kind == OHI_KIND_BYTES
                                     || py_is_instance(args,
                                                       PY_T(bytearray))));
    if (PY_TYPE(args)->mp_subscript != NULL && !excluded)
        c->dict = args;
    ohi_strbuf_init(&c->out);
    int rc = 0;
    while (--c->cnt >= 0) {
        if (c->fmt[c->pos] != '%') {
            size_t start = c->pos++;
            while (c->cnt >= 0 && c->pos < c->n && c->fmt[c->pos] != '%') {
                c->pos++;
                c->cnt--;
            }
            if (c->pos >= c->n) {
                /* The run reached the end: cnt went one past it. */
                c->cnt = 0;
            }
            ohi_strbuf_add(&c->out, (const char *)c->fmt + start,
                           c->pos - start);
        }
        else {
            c->pos++;
            if (pct_one(c) < 0) {
                rc = -1;
                break;
            }
        }
    }
    if (rc == 0 && c->argidx < c->arglen && c->dict == NULL) {
        py_err_set_string(PY_EXC(TypeError), c->bytes
                          ? "not all arguments converted during bytes "
                            "formatting"
                          : "not all arguments converted during string "
                            "formatting");
        rc = -1;
    }
    oh_xdecref(c->owned);
    c->owned = NULL;
    if (rc == 0 && c->out.failed) {
        py_err_no_memory();
        rc = -1;
    }
    if (rc < 0)
        ohi_strbuf_discard(&c->out);
    return rc;
}

oh_object *
py_str_percent(oh_object *fmt, oh_object *args)
{
    pct_ctx c;
    c.fmt = (const unsigned char *)OHI_STR(fmt)->data;
    c.n = (size_t)OHI_STR(fmt)->nbytes;
    c.bytes = false;
    if (pct_run(&c, args) < 0)
        return NULL;
    return ohi_strbuf_finish(&c.out);
}

oh_object *
py_bytes_percent(const unsigned char *fmt, size_t n, oh_object *args)
{
    pct_ctx c;
    c.fmt = fmt;
    c.n = n;
    c.bytes = true;
    if (pct_run(&c, args) < 0)
        return NULL;
    oh_object *r = oh_bytes_from(c.out.data, c.out.len);
    ohi_strbuf_discard(&c.out);
    return r;
}

/* ==========================================================================
 * str.format and str.format_map
 * ========================================================================== */

/* Where the fields' values come from. */
typedef struct fmt_source {
    oh_object *const *args;     /* positional; NULL for format_map */
    size_t nargs;
    oh_object *kwnames;         /* str.format's keyword names, or NULL */
    oh_object *const *kwvalues;
    oh_object *mapping;         /* format_map's mapping, or NULL */
} fmt_source;

enum { AN_INIT, AN_AUTO, AN_MANUAL };

typedef struct autonum {
    int state;                  /* FM4 */
    int64_t next;               /* the next automatic field number */
} autonum;

/* A field name part as an index: its value when all of s[0..n) are
 * decimal digits (any script), -1 when not, -2 with ValueError on
 * overflow (CPython's get_integer). */
static int64_t
field_integer(const char *s, size_t n)
{
    if (n == 0)
        return -1;
    int64_t acc = 0;
    for (size_t i = 0; i < n;) {
        int len;
        int d = py_unicode_decimal(py_utf8_decode((const unsigned char *)s
                                                  + i, &len));
        if (d < 0)
            return -1;
        if (acc > (INT64_MAX - d) / 10) {
            py_err_set_string(PY_EXC(ValueError), "Too many decimal digits "
                              "in format string");
            return -2;
        }
        acc = acc * 10 + d;
        i += (size_t)len;
    }
    return acc;
}

/* The value of a named field.  New reference. */
static oh_object *
field_by_name(const fmt_source *src, const char *s, size_t n)
{
    oh_object *key = oh_str_from_utf8(s, n);
    if (key == NULL)
        return NULL;
    oh_object *v = NULL;
    if (src->mapping != NULL)
        v = py_getitem(src->mapping, key);
    else {
        size_t nkw = src->kwnames ? (size_t)OHI_TUPLE_SIZE(src->kwnames) : 0;
        for (size_t i = 0; i < nkw; i++) {
            if (ohi_str_eq(OHI_TUPLE(src->kwnames)->items[i], key)) {
                v = src->kwvalues[i];
                oh_incref(v);
                break;
            }
        }
        if (v == NULL)
            py_err_set_object(PY_EXC(KeyError), key);
    }
    oh_decref(key);
    return v;
}

/* The object a field name ("0", "name", "0.attr[key][1]") designates
 * (CPython's get_field_object).  New reference. */
static oh_object *
field_object(const char *s, size_t n, const fmt_source *src, autonum *an)
{
    size_t k = 0;
    while (k < n && s[k] != '.' && s[k] != '[')
        k++;
    int64_t idx = field_integer(s, k);
    if (idx == -2)
        return NULL;
    bool empty = k == 0;
    bool numeric = empty || idx != -1;
    if (an->state == AN_INIT && numeric)
        an->state = empty ? AN_AUTO : AN_MANUAL;
    OH_ASSERT(an->state != AN_INIT || !numeric);              /* FM4 */
    if (numeric) {
        if (an->state == AN_MANUAL && empty)
            return py_err_set_string(PY_EXC(ValueError), "cannot switch "
                                     "from manual field specification to "
                                     "automatic field numbering");
        if (an->state == AN_AUTO && !empty)
            return py_err_set_string(PY_EXC(ValueError), "cannot switch "
                                     "from automatic field numbering to "
                                     "manual field specification");
    }
    if (empty)
        idx = an->next++;
    oh_object *obj;
    if (idx == -1) {
        obj = field_by_name(src, s, k);
        if (obj == NULL)
            return NULL;
    }
    else {
        if (src->args == NULL)
            return py_err_set_string(PY_EXC(ValueError), "Format string "
                                     "contains positional fields");
        if ((uint64_t)idx >= src->nargs)
            return py_err_format(PY_EXC(IndexError), "Replacement index %zd "
                                 "out of range for positional args tuple",
                                 (ptrdiff_t)idx);
        obj = src->args[idx];
        oh_incref(obj);
    }
    size_t i = k;
    while (i < n) {
        char c = s[i++];
        bool attr = c == '.';
        size_t start = i, end;
        if (c == '.') {
            while (i < n && s[i] != '.' && s[i] != '[')
                i++;
            end = i;
        }
        else if (c == '[') {
            while (i < n && s[i] != ']')
                i++;
            if (i >= n) {
                oh_decref(obj);
                return py_err_set_string(PY_EXC(ValueError), "Missing ']' "
                                         "in format string");
            }
            end = i++;
        }
        else {
            oh_decref(obj);
            return py_err_set_string(PY_EXC(ValueError), "Only '.' or '[' "
                                     "may follow ']' in format field "
                                     "specifier");
        }
        if (start == end) {
            oh_decref(obj);
            return py_err_set_string(PY_EXC(ValueError), "Empty attribute "
                                     "in format string");
        }
        int64_t index = attr ? -1 : field_integer(s + start, end - start);
        if (index == -2) {
            oh_decref(obj);
            return NULL;
        }
        oh_object *key = index >= 0 ? oh_int_from_i64(index)
                                    : oh_str_from_utf8(s + start,
                                                       end - start);
        oh_object *next = NULL;
        if (key != NULL) {
            next = attr ? py_getattr(obj, key) : py_getitem(obj, key);
            oh_decref(key);
        }
        oh_decref(obj);
        if (next == NULL)
            return NULL;
        obj = next;
    }
    return obj;
}

static int build_string(const char *s, size_t n, const fmt_source *src,
                        int depth, autonum *an, ohi_strbuf *out);

/* The parts of one replacement field (CPython's parse_field). */
typedef struct fmt_field {
    size_t name, name_end;      /* byte offsets into the format */
    size_t spec, spec_end;
    uint32_t conversion;        /* 0: none */
    bool expand;                /* the spec holds nested fields */
} fmt_field;

/* Parse the field starting at s[*i] (after its '{').  0 or -1. */
static int
parse_field(const char *s, size_t n, size_t *ip, fmt_field *f)
{
    size_t i = *ip;
    char c = 0;
    f->conversion = 0;
    f->expand = false;
    f->spec = f->spec_end = 0;
    f->name = i;
    while (i < n) {
        c = s[i++];
        if (c == '{') {
            py_err_set_string(PY_EXC(ValueError), "unexpected '{' in field "
                              "name");
            return -1;
        }
        if (c == '[') {
            while (i < n && s[i] != ']')
                i++;
            continue;
        }
        if (c == '}' || c == ':' || c == '!')
            break;
    }
    f->name_end = i - 1;
    if (c == '!' || c == ':') {
        if (c == '!') {
            if (i >= n) {
                py_err_set_string(PY_EXC(ValueError), "end of string while "
                                  "looking for conversion specifier");
                return -1;
            }
            int len;
            f->conversion = py_utf8_decode((const unsigned char *)s + i,
                                           &len);
            i += (size_t)len;
            if (i < n) {
                c = s[i++];
                if (c == '}') {
                    f->spec = f->spec_end = i;
                    *ip = i;
                    return 0;
                }
                if (c != ':') {
                    py_err_set_string(PY_EXC(ValueError), "expected ':' "
                                      "after conversion specifier");
                    return -1;
                }
            }
        }
        f->spec = i;
        int count = 1;
        while (i < n) {
            c = s[i++];
            if (c == '{') {
                f->expand = true;
                count++;
            }
            else if (c == '}') {
                if (--count == 0) {
                    f->spec_end = i - 1;
                    *ip = i;
                    return 0;
                }
            }
        }
        py_err_set_string(PY_EXC(ValueError), "unmatched '{' in format "
                          "spec");
        return -1;
    }
    if (c != '}') {
        py_err_set_string(PY_EXC(ValueError), "expected '}' before end of "
                          "string");
        return -1;
    }
    *ip = i;
    return 0;
}

/* format(obj, spec) for one field, with the built-in types' formatters
 * called directly.  New reference. */
static oh_object *
render(oh_object *obj, oh_object *spec)
{
    if (obj->type == &oh_str_type)
        return py_format_str(obj, spec);
    if (obj->type == &oh_int_type || OHI_BIGINT_CHECK(obj))
        return py_format_int(obj, spec);
    if (obj->type == &oh_float_type)
        return py_format_float(obj, spec);
    return py_format(obj, spec);
}

/* Expand one field into out.  0 or -1. */
static int
output_field(const char *s, const fmt_field *f, const fmt_source *src,
             int depth, autonum *an, ohi_strbuf *out)
{
    oh_object *obj = field_object(s + f->name, f->name_end - f->name, src,
                                  an);
    if (obj == NULL)
        return -1;
    if (f->conversion != 0) {
        oh_object *t = NULL;
        switch (f->conversion) {
        case 'r': t = py_repr(obj); break;
        case 's': t = py_str(obj); break;
        case 'a': t = py_ascii(obj); break;
        default:
            if (f->conversion > 32 && f->conversion < 127)
                py_err_format(PY_EXC(ValueError), "Unknown conversion "
                              "specifier %c", (int)f->conversion);
            else
                py_err_format(PY_EXC(ValueError), "Unknown conversion "
                              "specifier \\x%x", (unsigned)f->conversion);
            break;
        }
        oh_decref(obj);
        if (t == NULL)
            return -1;
        obj = t;
    }
    oh_object *spec;
    if (f->expand) {
        ohi_strbuf sb;
        ohi_strbuf_init(&sb);
        if (build_string(s + f->spec, f->spec_end - f->spec, src, depth - 1,
                         an, &sb) < 0) {
            ohi_strbuf_discard(&sb);
            oh_decref(obj);
            return -1;
        }
        spec = finish(&sb);
    }
    else
        spec = oh_str_from_utf8(s + f->spec, f->spec_end - f->spec);
    if (spec == NULL) {
        oh_decref(obj);
        return -1;
    }
    oh_object *r = render(obj, spec);
    oh_decref(spec);
    oh_decref(obj);
    if (r == NULL)
        return -1;
    ohi_strbuf_add(out, OHI_STR(r)->data, (size_t)OHI_STR(r)->nbytes);
    oh_decref(r);
    return 0;
}

/* Expand the format s[0..n) into out (CPython's build_string and
 * MarkupIterator).  0 or -1. */
static int
build_string(const char *s, size_t n, const fmt_source *src, int depth,
             autonum *an, ohi_strbuf *out)
{
    if (depth <= 0) {
        py_err_set_string(PY_EXC(ValueError), "Max string recursion "
                          "exceeded");
        return -1;
    }
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        char c = 0;
        bool markup = false;
        while (i < n) {
            c = s[i++];
            if (c == '{' || c == '}') {
                markup = true;
                break;
            }
        }
        bool at_end = i >= n;
        size_t len = i - start;
        if (c == '}' && (at_end || s[i] != '}')) {
            py_err_set_string(PY_EXC(ValueError), "Single '}' encountered "
                              "in format string");
            return -1;
        }
        if (at_end && c == '{') {
            py_err_set_string(PY_EXC(ValueError), "Single '{' encountered "
                              "in format string");
            return -1;
        }
        if (!at_end) {
            if (s[i] == c) {
                i++;
                markup = false;
            }
            else
                len--;
        }
        ohi_strbuf_add(out, s + start, len);
        if (!markup)
            continue;
        fmt_field f;
        if (parse_field(s, n, &i, &f) < 0)
            return -1;
        if (output_field(s, &f, src, depth, an, out) < 0)
            return -1;
    }
    return 0;
}

static oh_object *
format_with(oh_object *fmt, const fmt_source *src)
{
    autonum an = {AN_INIT, 0};
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    if (build_string(OHI_STR(fmt)->data, (size_t)OHI_STR(fmt)->nbytes, src,
                     2, &an, &b) < 0) {
        ohi_strbuf_discard(&b);
        return NULL;
    }
    return finish(&b);
}

oh_object *
py_str_format_method(oh_object *fmt, oh_object *const *args, size_t nargs,
                     oh_object *kwnames)
{
    fmt_source src = {args, nargs, kwnames, PY_KWVALUES(args, nargs),
                      NULL};
    if (kwnames != NULL && OHI_TUPLE_SIZE(kwnames) == 0)
        src.kwnames = NULL;
    return format_with(fmt, &src);
}

oh_object *
py_str_format_map(oh_object *fmt, oh_object *mapping)
{
    fmt_source src = {NULL, 0, NULL, NULL, mapping};
    return format_with(fmt, &src);
}
