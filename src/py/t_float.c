/*
 * t_float.c -- float as a Python type.
 *
 * What this file owns
 * -------------------
 * PY_T(float): the library's doubles (src/types/float.c owns the object
 * and its shortest repr) with Python's arithmetic -- mixed int/float
 * operands, floor division and modulo with the divisor's sign, the
 * exact messages of ZeroDivisionError -- comparisons that are exact
 * between any int and any float, float(x), round() and the methods
 * programs use.
 *
 * Invariants
 * ----------
 * TF1. A binary slot returns NotImplemented unless both operands are
 *      floats or ints (bools included) and at least one is a float.
 * TF2. Comparisons between an int and a float are exact (no rounding of
 *      the int to a double first), as CPython's float_richcompare.
 */
#include "py/py.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NOTIMPL() (oh_incref(PY_NOTIMPL), PY_NOTIMPL)

OHI_INLINE bool
is_float(const oh_object *o)
{
    return OHI_FLOAT_CHECK(o);          /* subclasses included */
}

OHI_INLINE bool
is_intlike(const oh_object *o)
{
    unsigned k = OHI_TYPE_KIND(o->type);
    return k == OHI_KIND_INT || k == OHI_KIND_BOOL;
}

/* Both operands as doubles: 1 when they are, 0 for NotImplemented, -1
 * on error (an int too big for a double). */
static int
both_doubles(oh_object *a, oh_object *b, double *x, double *y)
{
    if (!(is_float(a) || is_float(b)))
        return 0;
    if (!(is_float(a) || is_intlike(a)) || !(is_float(b) || is_intlike(b)))
        return 0;
    if (is_float(a))
        oh_float_as_double(a, x);
    else if (oh_int_as_double(a, x) < 0)
        return -1;
    if (is_float(b))
        oh_float_as_double(b, y);
    else if (oh_int_as_double(b, y) < 0)
        return -1;
    return 1;
}

#define FLOAT_OPERANDS(a, b, x, y)                                          \
    double x, y;                                                            \
    int both_ = both_doubles(a, b, &x, &y);                                 \
    if (both_ <= 0)                                                         \
        return both_ < 0 ? NULL : NOTIMPL()

static oh_object *
float_add(oh_object *a, oh_object *b)
{
    FLOAT_OPERANDS(a, b, x, y);
    return oh_float_from_double(x + y);
}

static oh_object *
float_sub(oh_object *a, oh_object *b)
{
    FLOAT_OPERANDS(a, b, x, y);
    return oh_float_from_double(x - y);
}

static oh_object *
float_mul(oh_object *a, oh_object *b)
{
    FLOAT_OPERANDS(a, b, x, y);
    return oh_float_from_double(x * y);
}

static oh_object *
float_div(oh_object *a, oh_object *b)
{
    FLOAT_OPERANDS(a, b, x, y);
    if (y == 0.0)
        return py_err_set_string(PY_EXC(ZeroDivisionError),
                                 "float division by zero");
    return oh_float_from_double(x / y);
}

/* Python's divmod for doubles (CPython's float_divmod). */
static void
float_divmod_raw(double vx, double wx, double *floordiv, double *mod)
{
    double m = fmod(vx, wx);
    double div = (vx - m) / wx;
    if (m != 0.0) {
        if ((wx < 0) != (m < 0)) {
            m += wx;
            div -= 1.0;
        }
    }
    else
        m = copysign(0.0, wx);
    double fd;
    if (div != 0.0) {
        fd = floor(div);
        if (div - fd > 0.5)
            fd += 1.0;
    }
    else
        fd = copysign(0.0, vx / wx);
    *floordiv = fd;
    *mod = m;
}

static oh_object *
float_floordiv(oh_object *a, oh_object *b)
{
    FLOAT_OPERANDS(a, b, x, y);
    if (y == 0.0)
        return py_err_set_string(PY_EXC(ZeroDivisionError),
                                 "float floor division by zero");
    double d, m;
    float_divmod_raw(x, y, &d, &m);
    return oh_float_from_double(d);
}

static oh_object *
float_mod(oh_object *a, oh_object *b)
{
    FLOAT_OPERANDS(a, b, x, y);
    if (y == 0.0)
        return py_err_set_string(PY_EXC(ZeroDivisionError),
                                 "float modulo");
    double d, m;
    float_divmod_raw(x, y, &d, &m);
    return oh_float_from_double(m);
}

oh_object *
py_float_divmod(oh_object *a, oh_object *b)
{
    FLOAT_OPERANDS(a, b, x, y);
    if (y == 0.0)
        return py_err_set_string(PY_EXC(ZeroDivisionError),
                                 "float divmod()");
    double d, m;
    float_divmod_raw(x, y, &d, &m);
    oh_object *q = oh_float_from_double(d), *r = oh_float_from_double(m);
    oh_object *t = (q && r) ? oh_tuple_pack(2, q, r) : NULL;
    oh_xdecref(q);
    oh_xdecref(r);
    return t;
}

static oh_object *
float_pow(oh_object *a, oh_object *b)
{
    FLOAT_OPERANDS(a, b, x, y);
    if (x == 0.0 && y < 0.0)
        return py_err_set_string(PY_EXC(ZeroDivisionError),
                                 "0.0 cannot be raised to a negative power");
    if (x < 0.0 && isfinite(x) && y != floor(y) && isfinite(y))
        return py_complex_pow(a, b);    /* (-8) ** (1/3) is complex */
    errno = 0;
    double r = pow(x, y);
    if (isinf(r) && isfinite(x) && isfinite(y))
        return py_err_set_string(PY_EXC(OverflowError),
                                 "(34, 'Numerical result out of range')");
    return oh_float_from_double(r);
}

static oh_object *
float_powmod(oh_object *a, oh_object *b, oh_object *m)
{
    if (!is_float(a) && !is_float(b) && !is_float(m))
        return NOTIMPL();
    return py_err_set_string(PY_EXC(TypeError), "pow() 3rd argument not "
                             "allowed unless all arguments are integers");
}

static double
value(oh_object *o)
{
    double d = 0;
    oh_float_as_double(o, &d);
    return d;
}

static oh_object *
float_neg(oh_object *o)
{
    return oh_float_from_double(-value(o));
}

static oh_object *
float_pos(oh_object *o)
{
    return oh_float_from_double(value(o));
}

static oh_object *
float_abs(oh_object *o)
{
    return oh_float_from_double(fabs(value(o)));
}

static int
float_bool(oh_object *o)
{
    return value(o) != 0.0;
}

static oh_object *
float_int(oh_object *o)
{
    return oh_int_from_double(value(o));
}

/* -1, 0, 1 comparing int i with finite double d, exactly (TF2). */
static int
compare_int_double(oh_object *i, double d)
{
    int64_t v;
    if (oh_int_fits_i64(i) == 1 && oh_int_as_i64(i, &v) == 0
        && v > -((int64_t)1 << 53) && v < ((int64_t)1 << 53)) {
        double x = (double)v;
        return x < d ? -1 : x > d;
    }
    return ohi_int_cmp_double(i, d);
}

static oh_object *
float_richcompare(oh_object *a, oh_object *b, int op)
{
    double x = value(a);
    int c;
    if (is_float(b)) {
        double y = value(b);
        if (isnan(x) || isnan(y))
            return oh_bool_from(op == PY_CMP_NE);
        c = x < y ? -1 : x > y;
    }
    else if (is_intlike(b)) {
        if (isnan(x))
            return oh_bool_from(op == PY_CMP_NE);
        if (isinf(x))
            c = x > 0 ? 1 : -1;
        else
            c = -compare_int_double(b, x);
    }
    else
        return NOTIMPL();
    bool r;
    switch (op) {
    case PY_CMP_LT: r = c < 0; break;
    case PY_CMP_LE: r = c <= 0; break;
    case PY_CMP_EQ: r = c == 0; break;
    case PY_CMP_NE: r = c != 0; break;
    case PY_CMP_GT: r = c > 0; break;
    default: r = c >= 0; break;
    }
    return oh_bool_from(r);
}

static oh_hash_t
float_hash(oh_object *o)
{
    /* Not oh_hash: for a subclass that would come back here.  A NaN
     * hashes by identity, as in 3.10+. */
    double v = 0;
    (void)oh_float_as_double(o, &v);
    return isnan(v) ? ohi_hash_pointer(o) : ohi_hash_double(v);
}

static oh_object *
float_repr(oh_object *o)
{
    if (o->type == &oh_float_type)
        return oh_repr(o);
    oh_object *f = oh_float_from_double(value(o));
    if (f == NULL)
        return NULL;
    oh_object *r = oh_repr(f);
    oh_decref(f);
    return r;
}

/* float(str): Python's rules (whitespace, underscores between digits,
 * inf/nan in any case). */
oh_object *
py_float_from_string(const char *s, size_t n, oh_object *orig)
{
    while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'
                     || *s == '\f' || *s == '\v')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'
                     || s[n - 1] == '\n' || s[n - 1] == '\r'
                     || s[n - 1] == '\f' || s[n - 1] == '\v'))
        n--;
    char buf[512];
    bool ok = n > 0 && n < sizeof buf;
    size_t k = 0;
    for (size_t i = 0; ok && i < n; i++) {
        char c = s[i];
        if (c == '_') {
            /* Only between two digits. */
            if (i == 0 || i + 1 == n || !(s[i - 1] >= '0' && s[i - 1] <= '9')
                || !(s[i + 1] >= '0' && s[i + 1] <= '9'))
                ok = false;
            continue;
        }
        if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E'
              || c == '+' || c == '-' || (c | 32) == 'i' || (c | 32) == 'n'
              || (c | 32) == 'f' || (c | 32) == 't' || (c | 32) == 'y'
              || (c | 32) == 'a'))
            ok = false;
        buf[k++] = c;
    }
    buf[k] = '\0';
    if (ok) {
        /* strtod accepts hex and "infinity"; Python accepts the latter
         * only, and no hex. */
        if (strchr(buf, 'x') || strchr(buf, 'X'))
            ok = false;
    }
    if (ok) {
        char *end;
        double d = strtod(buf, &end);
        if (*end == '\0' && end != buf)
            return oh_float_from_double(d);
    }
    if (orig != NULL)
        return py_err_format(PY_EXC(ValueError), "could not convert string "
                             "to float: %R", orig);
    return py_err_set_string(PY_EXC(ValueError),
                             "could not convert string to float");
}

static oh_object *
float_new(py_type *type, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_no_kwargs("float", kwnames) < 0)
        return NULL;
    if (nargs > 1)
        return py_err_format(PY_EXC(TypeError), "float expected at most 1 "
                             "argument, got %zu", nargs);
    oh_object *r;
    if (nargs == 0)
        r = oh_float_from_double(0.0);
    else {
        oh_object *x = args[0];
        if (x->type == &oh_float_type) {
            oh_incref(x);
            r = x;
        }
        else if (is_float(x))
            r = oh_float_from_double(value(x));
        else if (OHI_TYPE_KIND(x->type) == OHI_KIND_STR) {
            size_t n;
            const char *s = oh_str_utf8(x, &n);
            r = py_float_from_string(s, n, x);
        }
        else if (x->type == &oh_bytes_type) {
            r = py_float_from_string((const char *)oh_bytes_data(x),
                                     (size_t)oh_bytes_size(x), x);
        }
        else if (is_intlike(x)) {
            double d;
            r = oh_int_as_double(x, &d) < 0 ? NULL : oh_float_from_double(d);
        }
        else {
            r = py_number_float(x);
            if (r != NULL && !is_float(r)
                && OHI_TYPE_KIND(r->type) != OHI_KIND_FLOAT) {
                py_err_format(PY_EXC(TypeError), "%T.__float__ returned "
                              "non-float (type %T)", x, r);
                oh_decref(r);
                r = NULL;
            }
        }
    }
    if (r == NULL || type == PY_T(float))
        return r;
    double d = value(r);
    oh_decref(r);
    oh_object *o = py_alloc_instance(type, 0);
    if (o != NULL)
        *(double *)(void *)((char *)o + sizeof(oh_object)) = d;
    return o;
}

/* --- methods ------------------------------------------------------------- */

static oh_object *
float_m_is_integer(oh_object *self, oh_object *const *args, size_t nargs,
                   oh_object *kwnames)
{
    if (py_check_args("is_integer", nargs, kwnames, 0, 0) < 0)
        return NULL;
    double d = value(self);
    return oh_bool_from(isfinite(d) && d == floor(d));
}

static oh_object *
float_m_as_integer_ratio(oh_object *self, oh_object *const *args,
                         size_t nargs, oh_object *kwnames)
{
    if (py_check_args("as_integer_ratio", nargs, kwnames, 0, 0) < 0)
        return NULL;
    double d = value(self);
    if (isinf(d))
        return py_err_set_string(PY_EXC(OverflowError), "cannot convert "
                                 "Infinity to integer ratio");
    if (isnan(d))
        return py_err_set_string(PY_EXC(ValueError), "cannot convert NaN "
                                 "to integer ratio");
    int e;
    double m = frexp(d, &e);
    for (int i = 0; i < 300 && m != floor(m); i++) {
        m *= 2.0;
        e--;
    }
    oh_object *num = oh_int_from_double(m);
    oh_object *den = oh_int_from_i64(1);
    oh_object *shift = oh_int_from_i64(e < 0 ? -e : e);
    oh_object *r = NULL;
    if (num && den && shift) {
        if (e > 0) {
            oh_object *n2 = oh_int_lshift(num, shift);
            oh_decref(num);
            num = n2;
        }
        else {
            oh_object *d2 = oh_int_lshift(den, shift);
            oh_decref(den);
            den = d2;
        }
        if (num && den)
            r = oh_tuple_pack(2, num, den);
    }
    oh_xdecref(num);
    oh_xdecref(den);
    oh_xdecref(shift);
    return r;
}

static oh_object *
float_m_trunc(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    return oh_int_from_double(value(self));
}

static oh_object *
float_m_floor(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    return oh_int_from_double(floor(value(self)));
}

static oh_object *
float_m_ceil(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    return oh_int_from_double(ceil(value(self)));
}

/* round(x[, ndigits]): halves to even, on the exact binary value. */
static oh_object *
float_m_round(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("__round__", nargs, kwnames, 0, 1) < 0)
        return NULL;
    double x = value(self);
    if (nargs == 0 || args[0] == OH_NONE) {
        double r = round(x);
        if (fabs(x - trunc(x)) == 0.5)
            r = 2.0 * round(x / 2.0);
        return oh_int_from_double(r);
    }
    int64_t nd;
    if (py_index_i64(args[0], &nd) < 0)
        return NULL;
    if (!isfinite(x) || x == 0.0)
        return oh_float_from_double(x);
    if (nd > 323)
        return oh_float_from_double(x);
    if (nd < -308)
        return oh_float_from_double(copysign(0.0, x));
    /* The decimal string rounded correctly by the C library (exact
     * binary value, ties to even), read back. */
    char buf[400];
    if (nd >= 0) {
        snprintf(buf, sizeof buf, "%.*f", (int)nd, x);
        return oh_float_from_double(strtod(buf, NULL));
    }
    double p = pow(10.0, (double)-nd);
    double y = x / p;
    double r = round(y);
    if (fabs(y - trunc(y)) == 0.5)
        r = 2.0 * round(y / 2.0);
    double z = r * p;
    if (isinf(z))
        return py_err_set_string(PY_EXC(OverflowError),
                                 "rounded value too large to represent");
    return oh_float_from_double(z);
}

static oh_object *
float_m_format(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (py_check_args("__format__", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (args[0]->type != &oh_str_type)
        return py_err_format(PY_EXC(TypeError), "__format__() argument "
                             "must be str, not %T", args[0]);
    return py_format_float(self, args[0]);
}

static oh_object *
float_m_conjugate(oh_object *self, oh_object *const *args, size_t nargs,
                  oh_object *kwnames)
{
    return oh_float_from_double(value(self));
}

static oh_object *
float_m_hex(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (py_check_args("hex", nargs, kwnames, 0, 0) < 0)
        return NULL;
    double x = value(self);
    if (isnan(x))
        return oh_str_from_cstr("nan");
    if (isinf(x))
        return oh_str_from_cstr(x > 0 ? "inf" : "-inf");
    if (x == 0.0)
        return oh_str_from_cstr(signbit(x) ? "-0x0.0p+0" : "0x0.0p+0");
    /* CPython's form: 0x1.<13 hex digits>p<exponent>, and for a
     * subnormal 0x0.<13 hex digits>p-1022. */
    char buf[64];
    const char *sign = x < 0 ? "-" : "";
    double a = fabs(x);
    if (a < DBL_MIN) {
        uint64_t bits = (uint64_t)ldexp(a, 1074);
        snprintf(buf, sizeof buf, "%s0x0.%013llxp-1022", sign,
                 (unsigned long long)bits);
    }
    else {
        int e;
        double m = frexp(a, &e) * 2.0;  /* [1, 2) */
        uint64_t bits = (uint64_t)ldexp(m - 1.0, 52);
        snprintf(buf, sizeof buf, "%s0x1.%013llxp%+d", sign,
                 (unsigned long long)bits, e - 1);
    }
    return oh_str_from_cstr(buf);
}

static bool
is_hex_digit(char c)
{
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

static bool
ascii_space(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* float.fromhex(s): [ws] [sign] (inf | infinity | nan |
 * [0x] hexdigits [. hexdigits] [p [sign] digits]) [ws], case-insensitive.
 * The grammar is checked here; strtod (which rounds hexadecimal input
 * correctly, half to even) computes the value from a copy in C's form. */
static oh_object *
float_m_fromhex(oh_object *cls, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (py_check_args("fromhex", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (OHI_TYPE_KIND(args[0]->type) != OHI_KIND_STR)
        return py_err_format(PY_EXC(TypeError), "must be str, not %T",
                             args[0]);
    size_t n;
    const char *s = oh_str_utf8(args[0], &n);
    const char *p = s, *end = s + n;
    while (p < end && ascii_space(*p))
        p++;
    while (end > p && ascii_space(end[-1]))
        end--;
    bool neg = false;
    if (p < end && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
    size_t rest = (size_t)(end - p);
    double d;
    if ((rest == 3 && strncasecmp(p, "inf", 3) == 0)
        || (rest == 8 && strncasecmp(p, "infinity", 8) == 0))
        d = (double)INFINITY;
    else if (rest == 3 && strncasecmp(p, "nan", 3) == 0)
        d = (double)NAN;
    else {
        const char *q = p;
        if (end - q >= 2 && q[0] == '0' && (q[1] | 0x20) == 'x')
            q += 2;
        const char *int_start = q;
        while (q < end && is_hex_digit(*q))
            q++;
        size_t n_int = (size_t)(q - int_start);
        const char *frac_start = q, *frac_end = q;
        if (q < end && *q == '.') {
            frac_start = ++q;
            while (q < end && is_hex_digit(*q))
                q++;
            frac_end = q;
        }
        size_t n_frac = (size_t)(frac_end - frac_start);
        const char *exp_start = end, *exp_end = end;
        bool ok = n_int + n_frac > 0;
        if (ok && q < end && (*q | 0x20) == 'p') {
            exp_start = ++q;
            if (q < end && (*q == '+' || *q == '-'))
                q++;
            const char *digits = q;
            while (q < end && *q >= '0' && *q <= '9')
                q++;
            ok = q > digits;
            exp_end = q;
        }
        if (!ok || q != end)
            return py_err_set_string(PY_EXC(ValueError), "invalid "
                                     "hexadecimal floating-point string");
        /* "0x" int "." frac "p" exp: at most the input's length + 6. */
        size_t cap = n_int + n_frac + (size_t)(exp_end - exp_start) + 8;
        char *c = oh_malloc(cap);
        if (c == NULL)
            return py_err_no_memory();
        size_t k = 0;
        c[k++] = '0';
        c[k++] = 'x';
        memcpy(c + k, int_start, n_int);
        k += n_int;
        if (n_int == 0)
            c[k++] = '0';
        c[k++] = '.';
        memcpy(c + k, frac_start, n_frac);
        k += n_frac;
        c[k++] = 'p';
        if (exp_start == exp_end)
            c[k++] = '0';
        memcpy(c + k, exp_start, (size_t)(exp_end - exp_start));
        k += (size_t)(exp_end - exp_start);
        c[k] = '\0';
        d = strtod(c, NULL);
        oh_free(c);
        if (isinf(d))
            return py_err_set_string(PY_EXC(OverflowError), "hexadecimal "
                                     "value too large to represent as a "
                                     "float");
    }
    oh_object *f = oh_float_from_double(neg ? -d : d);
    if (f == NULL || cls == &PY_T(float)->ob_base)
        return f;
    oh_object *r = py_call1(cls, f);     /* a subclass: cls(value) */
    oh_decref(f);
    return r;
}

static oh_object *
float_m_getnewargs(oh_object *self, oh_object *const *args, size_t nargs,
                   oh_object *kwnames)
{
    oh_object *f = oh_float_from_double(value(self));
    if (f == NULL)
        return NULL;
    oh_object *t = oh_tuple_pack(1, f);
    oh_decref(f);
    return t;
}

static const py_method_def float_methods[] = {
    {"is_integer", float_m_is_integer, 0, NULL},
    {"as_integer_ratio", float_m_as_integer_ratio, 0, NULL},
    {"__trunc__", float_m_trunc, 0, NULL},
    {"__int__", float_m_trunc, 0, NULL},
    {"__floor__", float_m_floor, 0, NULL},
    {"__ceil__", float_m_ceil, 0, NULL},
    {"__round__", float_m_round, 0, NULL},
    {"__format__", float_m_format, 0, NULL},
    {"conjugate", float_m_conjugate, 0, NULL},
    {"hex", float_m_hex, 0, NULL},
    {"fromhex", float_m_fromhex, PY_METH_CLASS, NULL},
    {"__getnewargs__", float_m_getnewargs, 0, NULL},
    {NULL, NULL, 0, NULL}
};

static oh_object *
float_get_real(oh_object *o)
{
    return oh_float_from_double(value(o));
}

static oh_object *
float_get_imag(oh_object *o)
{
    return oh_float_from_double(0.0);
}

static const py_getset_def float_getsets[] = {
    {"real", float_get_real, NULL, NULL},
    {"imag", float_get_imag, NULL, NULL},
    {NULL, NULL, NULL, NULL}
};

py_static_type py_float_static = {.t = {
    PY_TYPE_INIT_KIND("float", oh_float_type),
    .tpflags = PY_TPFLAGS_BASETYPE,
    .methods = float_methods,
    .getsets = float_getsets,
    .doc = "Convert a string or number to a floating point number, if "
           "possible.",
    .tp_new = float_new,
    .tp_repr = float_repr,
    .tp_hash = float_hash,
    .tp_richcompare = float_richcompare,
    .nb_binary = {
        [PY_OP_ADD] = float_add, [PY_OP_SUB] = float_sub,
        [PY_OP_MULT] = float_mul, [PY_OP_DIV] = float_div,
        [PY_OP_MOD] = float_mod, [PY_OP_POW] = float_pow,
        [PY_OP_FLOORDIV] = float_floordiv,
    },
    .nb_power3 = float_powmod,
    .nb_negative = float_neg,
    .nb_positive = float_pos,
    .nb_absolute = float_abs,
    .nb_bool = float_bool,
    .nb_int = float_int,
    .nb_float = float_pos,
}};
