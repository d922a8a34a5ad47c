/*
 * t_complex.c -- complex numbers.
 *
 * What this file owns
 * -------------------
 * PY_T(complex): its objects, arithmetic with ints and floats on either
 * side, comparison, hashing, repr, the constructor (numbers, strings,
 * __complex__) and the methods.  format(z, spec) is format.c's
 * (py_format_complex), next to float's, whose layout it shares.
 *
 *   py_complex | refcnt | type | real (double) | imag (double) |  32 bytes
 *
 * The type is the interpreter's, not the library's: no C program below
 * the interpreter needs complex numbers, and an object with no references
 * needs nothing from the library but memory.  So the descriptor is
 * PY_T(complex)->ot (OHI_TYPE_PY), as range's and slice's are: objects
 * point at it, py_type_of is one subtraction, and sys.getsizeof is the
 * struct's 32 bytes (not a container: no gc head), CPython's figure.
 *
 * Arithmetic is CPython 3.11's, operation for operation, so that results
 * agree to the last bit, infinities and NaNs included:
 *   - an int or float operand is first made (x, 0.0): (inf+0j) * 2 has a
 *     NaN imaginary part, as in CPython 3.11;
 *   - division is Smith's algorithm (scale by the larger part of the
 *     divisor), ZeroDivisionError "complex division by zero" when both
 *     parts of the divisor are zero;
 *   - z ** n for an integral n with |n| <= 100 is repeated squaring (and
 *     1 / z ** -n for negative n); other exponents go through polar form
 *     (hypot, atan2, pow, exp, log).  A result with an infinite part is
 *     OverflowError "complex exponentiation"; 0 ** w for w negative or
 *     not real is ZeroDivisionError "0.0 to a negative or complex power".
 *     The C library's errno is read as CPython reads it (the same libm
 *     gives the same answers);
 *   - abs is hypot, with C99's rule that an infinite part wins over a
 *     NaN, and OverflowError "absolute value too large" past the largest
 *     double.
 *
 * hash(z) == hash(z.real) + 1000003 * hash(z.imag) (mod 2**64, -1 read
 * as -2), so a complex with a zero imaginary part hashes as the float
 * and the int it equals.  repr writes each part as float's repr does but
 * without ".0", the real part only if it is not +0.0 (then in
 * parentheses), the imaginary part with its sign: 1j, (1+2j), (-0-0j),
 * (nan+infj).
 *
 * Invariants
 * ----------
 * TC1. A binary slot returns NotImplemented unless each operand is a
 *      complex, an int (bools included) or a float, subclasses included.
 * TC2. Every result of an operation is an exact complex (a subclass's
 *      operands give complex, as in CPython); only complex(x) of an
 *      exact complex returns its argument.
 * TC3. A complex's parts never change after it is made.
 */
#include "py/py.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(py_complex) == 32, "complex objects are 32 bytes");

#define NOTIMPL() (oh_incref(PY_NOTIMPL), PY_NOTIMPL)

/* A complex value, computed with. */
typedef struct cnum {
    double re, im;
} cnum;

OHI_INLINE cnum
value(oh_object *o)
{
    cnum c = {PY_COMPLEX(o)->real, PY_COMPLEX(o)->imag};
    return c;
}

OHI_INLINE bool
is_intlike(const oh_object *o)
{
    unsigned k = OHI_TYPE_KIND(o->type);
    return k == OHI_KIND_INT || k == OHI_KIND_BOOL;
}

oh_object *
py_complex_from_doubles(double real, double imag)
{
    oh_object *o = ohi_object_alloc(&PY_T(complex)->ot, 0);
    if (o == NULL)
        return NULL;
    PY_COMPLEX(o)->real = real;
    PY_COMPLEX(o)->imag = imag;
    return o;
}

static oh_object *
from_cnum(cnum c)
{
    return py_complex_from_doubles(c.re, c.im);
}

/* An instance of `type` (complex or a subclass) with these parts. */
static oh_object *
new_of_type(py_type *type, double real, double imag)
{
    if (type == PY_T(complex))
        return py_complex_from_doubles(real, imag);
    oh_object *o = py_alloc_instance(type, 0);
    if (o != NULL) {
        PY_COMPLEX(o)->real = real;
        PY_COMPLEX(o)->imag = imag;
    }
    return o;
}

/* An operand of arithmetic as a complex value (TC1): 1 when it is one,
 * 0 when it is not a number complex knows (NotImplemented), -1 with
 * OverflowError for an int too large for a double. */
static int
operand(oh_object *o, cnum *out)
{
    out->im = 0.0;
    if (OHI_FLOAT_CHECK(o)) {
        oh_float_as_double(o, &out->re);
        return 1;
    }
    if (is_intlike(o))
        return oh_int_as_double(o, &out->re) < 0 ? -1 : 1;
    if (py_complex_check(o)) {
        *out = value(o);
        return 1;
    }
    return 0;
}

#define COMPLEX_OPERANDS(a, b, x, y)                                        \
    cnum x, y;                                                              \
    int okx_ = operand(a, &x);                                              \
    if (okx_ <= 0)                                                          \
        return okx_ < 0 ? NULL : NOTIMPL();                                 \
    int oky_ = operand(b, &y);                                              \
    if (oky_ <= 0)                                                          \
        return oky_ < 0 ? NULL : NOTIMPL()

/* ==========================================================================
 * Arithmetic on values (CPython's _Py_c_* functions, in order)
 * ========================================================================== */

static cnum
c_prod(cnum a, cnum b)
{
    cnum r = {a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re};
    return r;
}

/* a / b by Smith's algorithm: the ratio of b's smaller part to its larger
 * keeps the intermediate values in range.  errno = EDOM when b is zero;
 * a NaN in b gives NaN parts. */
static cnum
c_quot(cnum a, cnum b)
{
    cnum r;
    double abs_re = fabs(b.re), abs_im = fabs(b.im);
    if (abs_re >= abs_im) {
        if (abs_re == 0.0) {
            errno = EDOM;
            r.re = r.im = 0.0;
        }
        else {
            double ratio = b.im / b.re;
            double denom = b.re + b.im * ratio;
            r.re = (a.re + a.im * ratio) / denom;
            r.im = (a.im - a.re * ratio) / denom;
        }
    }
    else if (abs_im >= abs_re) {
        double ratio = b.re / b.im;
        double denom = b.re * ratio + b.im;
        r.re = (a.re * ratio + a.im) / denom;
        r.im = (a.im * ratio - a.re) / denom;
    }
    else {
        /* Neither comparison held: a part of b is a NaN. */
        r.re = r.im = (double)NAN;
    }
    return r;
}

/* a ** b in polar form.  errno = EDOM for 0 ** b with b negative or not
 * real; the C library may set ERANGE. */
static cnum
c_pow(cnum a, cnum b)
{
    cnum r;
    if (b.re == 0.0 && b.im == 0.0) {
        r.re = 1.0;
        r.im = 0.0;
    }
    else if (a.re == 0.0 && a.im == 0.0) {
        if (b.im != 0.0 || b.re < 0.0)
            errno = EDOM;
        r.re = r.im = 0.0;
    }
    else {
        double vabs = hypot(a.re, a.im);
        double len = pow(vabs, b.re);
        double at = atan2(a.im, a.re);
        double phase = at * b.re;
        if (b.im != 0.0) {
            len /= exp(at * b.im);
            phase += b.im * log(vabs);
        }
        r.re = len * cos(phase);
        r.im = len * sin(phase);
    }
    return r;
}

/* x ** n for n >= 0 by repeated squaring (x ** 0 is 1). */
static cnum
c_powu(cnum x, long n)
{
    cnum r = {1.0, 0.0}, p = x;
    /* r * p ** (n >> k) is x ** n after k steps. */
    for (long mask = 1; mask > 0 && n >= mask; mask <<= 1) {
        if (n & mask)
            r = c_prod(r, p);
        p = c_prod(p, p);
    }
    return r;
}

/* x ** n for an integral n, |n| <= 100. */
static cnum
c_powi(cnum x, long n)
{
    cnum one = {1.0, 0.0};
    if (n > 0)
        return c_powu(x, n);
    return c_quot(one, c_powu(x, -n));
}

/* |z|, errno = ERANGE when it overflows (CPython's _Py_c_abs). */
static double
c_abs(cnum z)
{
    errno = 0;
    if (!isfinite(z.re) || !isfinite(z.im)) {
        if (isinf(z.re))
            return fabs(z.re);
        if (isinf(z.im))
            return fabs(z.im);
        return (double)NAN;
    }
    double r = hypot(z.re, z.im);
    errno = isfinite(r) ? 0 : ERANGE;
    return r;
}

/* ==========================================================================
 * Slots
 * ========================================================================== */

static oh_object *
complex_add(oh_object *a, oh_object *b)
{
    COMPLEX_OPERANDS(a, b, x, y);
    cnum r = {x.re + y.re, x.im + y.im};
    return from_cnum(r);
}

static oh_object *
complex_sub(oh_object *a, oh_object *b)
{
    COMPLEX_OPERANDS(a, b, x, y);
    cnum r = {x.re - y.re, x.im - y.im};
    return from_cnum(r);
}

static oh_object *
complex_mul(oh_object *a, oh_object *b)
{
    COMPLEX_OPERANDS(a, b, x, y);
    return from_cnum(c_prod(x, y));
}

static oh_object *
complex_div(oh_object *a, oh_object *b)
{
    COMPLEX_OPERANDS(a, b, x, y);
    errno = 0;
    cnum r = c_quot(x, y);
    if (errno == EDOM)
        return py_err_set_string(PY_EXC(ZeroDivisionError),
                                 "complex division by zero");
    return from_cnum(r);
}

static oh_object *
complex_pow(oh_object *a, oh_object *b)
{
    COMPLEX_OPERANDS(a, b, x, y);
    errno = 0;
    cnum r;
    if (y.im == 0.0 && y.re == floor(y.re) && fabs(y.re) <= 100.0)
        r = c_powi(x, (long)y.re);
    else
        r = c_pow(x, y);
    /* An infinite part is an overflow; a range error whose result is
     * finite was an underflow, which is no error (Py_ADJUST_ERANGE2). */
    if (isinf(r.re) || isinf(r.im)) {
        if (errno == 0)
            errno = ERANGE;
    }
    else if (errno == ERANGE)
        errno = 0;
    if (errno == EDOM)
        return py_err_set_string(PY_EXC(ZeroDivisionError), "0.0 to a "
                                 "negative or complex power");
    if (errno == ERANGE)
        return py_err_set_string(PY_EXC(OverflowError),
                                 "complex exponentiation");
    return from_cnum(r);
}

oh_object *
py_complex_pow(oh_object *a, oh_object *b)
{
    return complex_pow(a, b);
}

/* pow(a, b, m) with a complex among them: no modular form. */
static oh_object *
complex_powmod(oh_object *a, oh_object *b, oh_object *m)
{
    cnum x, y;
    int ok = operand(a, &x);
    if (ok > 0)
        ok = operand(b, &y);
    if (ok <= 0)
        return ok < 0 ? NULL : NOTIMPL();
    if (m == OH_NONE)
        return complex_pow(a, b);
    return py_err_set_string(PY_EXC(ValueError), "complex modulo");
}

static oh_object *
complex_neg(oh_object *o)
{
    cnum c = value(o);
    return py_complex_from_doubles(-c.re, -c.im);
}

static oh_object *
complex_pos(oh_object *o)
{
    if (o->type == &PY_T(complex)->ot) {
        oh_incref(o);
        return o;
    }
    return from_cnum(value(o));
}

static oh_object *
complex_abs(oh_object *o)
{
    double r = c_abs(value(o));
    if (errno == ERANGE)
        return py_err_set_string(PY_EXC(OverflowError),
                                 "absolute value too large");
    return oh_float_from_double(r);
}

static int
complex_bool(oh_object *o)
{
    cnum c = value(o);
    return c.re != 0.0 || c.im != 0.0;
}

/* == and != with ints, floats and complexes; the orderings are not
 * defined (NotImplemented, so that abstract.c words the TypeError). */
static oh_object *
complex_richcompare(oh_object *a, oh_object *b, int op)
{
    if (op != PY_CMP_EQ && op != PY_CMP_NE)
        return NOTIMPL();
    cnum x = value(a);
    bool equal;
    if (is_intlike(b)) {
        /* Exact, as float == int is: no rounding of the int. */
        if (x.im != 0.0)
            equal = false;
        else {
            oh_object *f = oh_float_from_double(x.re);
            if (f == NULL)
                return NULL;
            oh_object *r = py_compare(f, b, op);
            oh_decref(f);
            return r;
        }
    }
    else if (OHI_FLOAT_CHECK(b)) {
        double d = 0;
        oh_float_as_double(b, &d);
        equal = x.re == d && x.im == 0.0;
    }
    else if (py_complex_check(b)) {
        cnum y = value(b);
        equal = x.re == y.re && x.im == y.im;
    }
    else
        return NOTIMPL();
    return oh_bool_from(equal == (op == PY_CMP_EQ));
}

/* A part's hash as float's: a NaN hashes by the object's identity. */
static uint64_t
part_hash(oh_object *o, double d)
{
    return (uint64_t)(isnan(d) ? ohi_hash_pointer(o) : ohi_hash_double(d));
}

static oh_hash_t
complex_hash(oh_object *o)
{
    cnum c = value(o);
    uint64_t h = part_hash(o, c.re) + 1000003u * part_hash(o, c.im);
    oh_hash_t r = (oh_hash_t)h;
    return r == -1 ? -2 : r;
}

static oh_object *
complex_repr(oh_object *o)
{
    cnum c = value(o);
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    if (c.re == 0.0 && !signbit(c.re)) {
        py_double_repr_short(&b, c.im);
        ohi_strbuf_add(&b, "j", 1);
    }
    else {
        ohi_strbuf_add(&b, "(", 1);
        py_double_repr_short(&b, c.re);
        /* The imaginary part always shows its sign; a NaN's is '+'. */
        if (isnan(c.im) || !signbit(c.im))
            ohi_strbuf_add(&b, "+", 1);
        py_double_repr_short(&b, c.im);
        ohi_strbuf_add(&b, "j)", 2);
    }
    if (b.failed) {
        ohi_strbuf_discard(&b);
        return py_err_no_memory();
    }
    return ohi_strbuf_finish(&b);
}

/* ==========================================================================
 * complex(real=0, imag=0) and complex(string)
 * ========================================================================== */

static bool
ascii_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool
ascii_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool
starts_with_nocase(const char *s, const char *end, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(end - s) < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((s[i] | 0x20) != word[i])
            return false;
    return true;
}

/* Read a float at s as float(s) would accept it ([sign] digits with an
 * optional point and exponent, or inf, infinity, nan in any case): the
 * end of it, or s when there is none.  *out gets its value, rounded
 * correctly (strtod on exactly the characters accepted). */
static const char *
scan_double(const char *s, const char *end, double *out)
{
    const char *p = s;
    bool neg = false;
    if (p < end && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
    if (starts_with_nocase(p, end, "infinity")) {
        *out = neg ? -(double)INFINITY : (double)INFINITY;
        return p + 8;
    }
    if (starts_with_nocase(p, end, "inf")) {
        *out = neg ? -(double)INFINITY : (double)INFINITY;
        return p + 3;
    }
    if (starts_with_nocase(p, end, "nan")) {
        *out = neg ? -(double)NAN : (double)NAN;
        return p + 3;
    }
    const char *digits = p;
    while (p < end && ascii_digit(*p))
        p++;
    size_t nint = (size_t)(p - digits), nfrac = 0;
    if (p < end && *p == '.') {
        const char *f = ++p;
        while (p < end && ascii_digit(*p))
            p++;
        nfrac = (size_t)(p - f);
    }
    if (nint + nfrac == 0)
        return s;
    if (p < end && (*p == 'e' || *p == 'E')) {
        const char *q = p + 1;
        if (q < end && (*q == '+' || *q == '-'))
            q++;
        if (q < end && ascii_digit(*q)) {
            while (q < end && ascii_digit(*q))
                q++;
            p = q;
        }
    }
    /* strtod reads these characters exactly as they are (no hex, no
     * "nan(...)": neither can occur in them). */
    size_t n = (size_t)(p - s);
    char small[64];
    char *buf = n < sizeof small ? small : oh_malloc(n + 1);
    if (buf == NULL) {
        *out = 0.0;
        return NULL;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    *out = strtod(buf, NULL);
    if (buf != small)
        oh_free(buf);
    return p;
}

#define MALFORMED ((const char *)1)

/* Parse s[0..n) (ASCII, underscores removed) as CPython's
 * complex_from_string_inner: [ws] ['('] [ws] form [ws] [')' [ws]], where
 * form is <float>, <float>j, <float><signed float>j, or the old forms
 * <float><sign>j, <sign>j and j.  NULL on MemoryError; MALFORMED when
 * the text is not a complex. */
static const char *
parse_complex(const char *s, size_t n, double *re, double *im)
{
    const char *p = s, *end = s + n;
    bool bracket = false;
    double x = 0.0, y = 0.0, z = 0.0;
    while (p < end && ascii_space(*p))
        p++;
    if (p < end && *p == '(') {
        bracket = true;
        p++;
        while (p < end && ascii_space(*p))
            p++;
    }
    const char *q = scan_double(p, end, &z);
    if (q == NULL)
        return NULL;
    if (q != p) {
        p = q;
        if (p < end && (*p == '+' || *p == '-')) {
            /* <float><signed float>j or <float><sign>j */
            x = z;
            q = scan_double(p, end, &y);
            if (q == NULL)
                return NULL;
            if (q != p)
                p = q;
            else
                y = *p++ == '+' ? 1.0 : -1.0;
            if (!(p < end && (*p == 'j' || *p == 'J')))
                return MALFORMED;
            p++;
        }
        else if (p < end && (*p == 'j' || *p == 'J')) {
            y = z;
            p++;
        }
        else
            x = z;
    }
    else {
        /* <sign>j or j */
        y = 1.0;
        if (p < end && (*p == '+' || *p == '-'))
            y = *p++ == '+' ? 1.0 : -1.0;
        if (!(p < end && (*p == 'j' || *p == 'J')))
            return MALFORMED;
        p++;
    }
    while (p < end && ascii_space(*p))
        p++;
    if (bracket) {
        if (!(p < end && *p == ')'))
            return MALFORMED;
        p++;
        while (p < end && ascii_space(*p))
            p++;
    }
    if (p != end)
        return MALFORMED;
    *re = x;
    *im = y;
    return p;
}

/* complex(s) for a str s.  The text is first made ASCII as CPython
 * makes it: Unicode white space becomes ' ', decimal digits their ASCII
 * digit, and the text ends at any other character past '~', with a '?'
 * (which no form accepts).
 * Underscores may stand only between digits ("could not convert string
 * to complex: '1__0'"). */
static oh_object *
complex_from_str(py_type *type, oh_object *str)
{
    size_t nbytes;
    const char *s = oh_str_utf8(str, &nbytes);
    char *buf = oh_malloc(nbytes + 1);
    if (buf == NULL)
        return py_err_no_memory();
    size_t n = 0;
    bool underscore = false;
    for (size_t i = 0; i < nbytes;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x7f) {
            buf[n++] = (char)c;
            underscore |= c == '_';
            i++;
            continue;
        }
        int len;
        uint32_t cp = py_utf8_decode((const unsigned char *)s + i, &len);
        i += (size_t)len;
        int d = py_unicode_decimal(cp);
        if (py_unicode_isspace(cp))
            buf[n++] = ' ';
        else if (d >= 0)
            buf[n++] = (char)('0' + d);
        else {
            /* CPython stops the text here: "\u00e91__0" is malformed,
             * not a misplaced underscore. */
            buf[n++] = '?';
            break;
        }
    }
    buf[n] = '\0';
    if (underscore) {
        /* Drop the underscores, each of which must follow a digit and
         * precede one; text past a NUL is not read, and is an error. */
        size_t k = 0;
        char prev = '\0';
        bool bad = false;
        size_t i = 0;
        for (; i < n && buf[i] != '\0'; i++) {
            char c = buf[i];
            if (c == '_') {
                if (!ascii_digit(prev))
                    bad = true;
            }
            else {
                if (prev == '_' && !ascii_digit(c))
                    bad = true;
                buf[k++] = c;
            }
            prev = c;
        }
        if (prev == '_' || i != n)
            bad = true;
        if (bad) {
            oh_free(buf);
            return py_err_format(PY_EXC(ValueError), "could not convert "
                                 "string to complex: %R", str);
        }
        n = k;
    }
    double re = 0, im = 0;
    const char *r = parse_complex(buf, n, &re, &im);
    oh_free(buf);
    if (r == NULL)
        return py_err_no_memory();
    if (r == MALFORMED)
        return py_err_set_string(PY_EXC(ValueError), "complex() arg is a "
                                 "malformed string");
    return new_of_type(type, re, im);
}

/* o.__complex__() if type(o) defines it: 1 and *out (new reference, an
 * exact complex or a subclass), 0 when it has none, -1 on error. */
static int
call_dunder_complex(oh_object *o, oh_object **out)
{
    bool found = false;
    oh_object *none[1] = {NULL};        /* no arguments (never NULL: it
                                           may reach memcpy) */
    oh_object *r = py_call_special(o, PY_ID(__complex__), none, 0, &found);
    if (!found)
        return 0;
    if (r == NULL)
        return -1;
    if (!py_complex_check(r)) {
        py_err_format(PY_EXC(TypeError), "__complex__ returned non-complex "
                      "(type %T)", r);
        oh_decref(r);
        return -1;
    }
    *out = r;
    return 1;
}

/* Can o be a part of complex(real, imag)?  A number: a complex, or
 * something with __float__ or __index__. */
static bool
is_number(oh_object *o)
{
    py_type *t = PY_TYPE(o);
    return t->nb_float != NULL || t->nb_index != NULL
           || py_complex_check(o);
}

/* A real argument's value: float(o). */
static int
real_part(oh_object *o, double *out)
{
    oh_object *f = py_number_float(o);
    if (f == NULL)
        return -1;
    int rc = 0;
    if (OHI_FLOAT_CHECK(f))
        oh_float_as_double(f, out);
    else {
        py_err_format(PY_EXC(TypeError), "%T.__float__ returned non-float "
                      "(type %T)", o, f);
        rc = -1;
    }
    oh_decref(f);
    return rc;
}

/* complex(real, imag) once the arguments are bound (either may be
 * NULL).  real + imag * 1j, where each may itself be complex:
 * complex(1j, 1j) is (-1+1j). */
static oh_object *
complex_from_parts(py_type *type, oh_object *r, oh_object *i)
{
    if (r == NULL)
        r = oh_int_from_i64(0);         /* immortal small int */
    if (i == NULL && type == PY_T(complex)
        && r->type == &PY_T(complex)->ot) {
        oh_incref(r);
        return r;                       /* TC2 */
    }
    if (OHI_TYPE_KIND(r->type) == OHI_KIND_STR) {
        if (i != NULL)
            return py_err_set_string(PY_EXC(TypeError), "complex() can't "
                                     "take second arg if first is a "
                                     "string");
        return complex_from_str(type, r);
    }
    if (i != NULL && OHI_TYPE_KIND(i->type) == OHI_KIND_STR)
        return py_err_set_string(PY_EXC(TypeError), "complex() second arg "
                                 "can't be a string");
    oh_object *own = NULL;
    int got = call_dunder_complex(r, &own);
    if (got < 0)
        return NULL;
    if (got > 0)
        r = own;
    if (!is_number(r)) {
        py_err_format(PY_EXC(TypeError), "complex() first argument must be "
                      "a string or a number, not '%s'", PY_TYPE(r)->tp_name);
        oh_xdecref(own);
        return NULL;
    }
    if (i != NULL && !is_number(i)) {
        py_err_format(PY_EXC(TypeError), "complex() second argument must be "
                      "a number, not '%s'", PY_TYPE(i)->tp_name);
        oh_xdecref(own);
        return NULL;
    }
    cnum cr = {0.0, 0.0}, ci = {0.0, 0.0};
    bool cr_complex = false, ci_complex = false;
    if (py_complex_check(r)) {
        cr = value(r);
        cr_complex = true;
        oh_xdecref(own);
    }
    else {
        int rc = real_part(r, &cr.re);
        oh_xdecref(own);
        if (rc < 0)
            return NULL;
    }
    if (i == NULL)
        ci.re = cr.im;
    else if (py_complex_check(i)) {
        ci = value(i);
        ci_complex = true;
    }
    else if (real_part(i, &ci.re) < 0)
        return NULL;
    /* real + imag * 1j, with each part's own imaginary part moved. */
    if (ci_complex)
        cr.re -= ci.im;
    if (cr_complex && i != NULL)
        ci.re += cr.im;
    return new_of_type(type, cr.re, ci.re);
}

/* complex(real=0, imag=0): keyword errors worded as CPython's argument
 * clinic words them. */
static oh_object *
complex_new(py_type *type, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (nargs > 2)
        return py_err_format(PY_EXC(TypeError), "complex() takes at most 2 "
                             "arguments (%zu given)", nargs);
    oh_object *a[2] = {nargs > 0 ? args[0] : NULL,
                       nargs > 1 ? args[1] : NULL};
    size_t nkw = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    if (nargs + nkw > 2)
        return py_err_format(PY_EXC(TypeError), "complex() takes at most 2 "
                             "arguments (%zu given)", nargs + nkw);
    for (size_t k = 0; k < nkw; k++) {
        oh_object *name = OHI_TUPLE(kwnames)->items[k];
        size_t slot;
        if (oh_str_equal_cstr(name, "real"))
            slot = 0;
        else if (oh_str_equal_cstr(name, "imag"))
            slot = 1;
        else
            return py_err_format(PY_EXC(TypeError), "%R is an invalid "
                                 "keyword argument for complex()", name);
        if (slot < nargs)
            return py_err_format(PY_EXC(TypeError), "argument for complex() "
                                 "given by name ('%U') and position (%zu)",
                                 name, slot + 1);
        a[slot] = args[nargs + k];
    }
    return complex_from_parts(type, a[0], a[1]);
}

/* ==========================================================================
 * Methods and attributes
 * ========================================================================== */

static oh_object *
complex_m_conjugate(oh_object *self, oh_object *const *args, size_t nargs,
                    oh_object *kwnames)
{
    if (py_check_args("complex.conjugate", nargs, kwnames, 0, 0) < 0)
        return NULL;
    cnum c = value(self);
    return py_complex_from_doubles(c.re, -c.im);
}

static oh_object *
complex_m_complex(oh_object *self, oh_object *const *args, size_t nargs,
                  oh_object *kwnames)
{
    if (py_check_args("complex.__complex__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return complex_pos(self);
}

static oh_object *
complex_m_getnewargs(oh_object *self, oh_object *const *args, size_t nargs,
                     oh_object *kwnames)
{
    if (py_check_args("complex.__getnewargs__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    cnum c = value(self);
    oh_object *re = oh_float_from_double(c.re);
    oh_object *im = oh_float_from_double(c.im);
    oh_object *t = re && im ? oh_tuple_pack(2, re, im) : NULL;
    oh_xdecref(re);
    oh_xdecref(im);
    return t;
}

static oh_object *
complex_m_format(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_check_args("complex.__format__", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (OHI_TYPE_KIND(args[0]->type) != OHI_KIND_STR)
        return py_err_format(PY_EXC(TypeError), "__format__() argument "
                             "must be str, not %T", args[0]);
    return py_format_complex(self, args[0]);
}

static const py_method_def complex_methods[] = {
    {"conjugate", complex_m_conjugate, 0,
     "Return the complex conjugate of its argument. (3-4j).conjugate() "
     "== 3+4j."},
    {"__complex__", complex_m_complex, 0,
     "Convert this value to exact type complex."},
    {"__getnewargs__", complex_m_getnewargs, 0, NULL},
    {"__format__", complex_m_format, 0,
     "Convert to a string according to format_spec."},
    {NULL, NULL, 0, NULL}
};

static const py_member_def complex_members[] = {
    {"real", PY_MEMBER_DOUBLE, offsetof(py_complex, real), true},
    {"imag", PY_MEMBER_DOUBLE, offsetof(py_complex, imag), true},
    {NULL, 0, 0, false}
};

py_static_type py_complex_static = {.t = {
    PY_TYPE_INIT("complex", py_complex,
                 OH_TYPE_IMMUTABLE | OH_TYPE_HASHABLE),
    .tpflags = PY_TPFLAGS_BASETYPE,
    .methods = complex_methods,
    .members = complex_members,
    .doc = "Create a complex number from a real part and an optional "
           "imaginary part.\n\nThis is equivalent to (real + imag*1j) where "
           "imag defaults to 0.",
    .tp_new = complex_new,
    .tp_repr = complex_repr,
    .tp_hash = complex_hash,
    .tp_richcompare = complex_richcompare,
    .nb_binary = {
        [PY_OP_ADD] = complex_add, [PY_OP_SUB] = complex_sub,
        [PY_OP_MULT] = complex_mul, [PY_OP_DIV] = complex_div,
        [PY_OP_POW] = complex_pow,
    },
    .nb_power3 = complex_powmod,
    .nb_negative = complex_neg,
    .nb_positive = complex_pos,
    .nb_absolute = complex_abs,
    .nb_bool = complex_bool,
}};
