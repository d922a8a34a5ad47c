/*
 * mod_math.c -- the math module.
 *
 * What this file owns
 * -------------------
 * py_module_math: every function and constant of CPython 3.11's math
 * module.  Results must be CPython's to the last bit, so where CPython
 * does not simply call the C library it uses the same method here:
 *
 *   gamma, lgamma   Lanczos' approximation (N = 13, g = 6.0246800407767...,
 *                   the coefficients Boost publishes), written as a
 *                   rational function, with the reflection formula for
 *                   x < 0 and a first-order correction for the rounding of
 *                   x + g - 0.5;
 *   hypot, dist     a vector norm scaled by a power of two, squares split
 *                   exactly (Veltkamp-Dekker), summed with three
 *                   compensation terms and a final square-root correction
 *                   (CPython 3.11's vector_norm);
 *   fsum            Shewchuk's exact partial sums, rounded half-even across
 *                   the last partials;
 *   log of an int   too large for a double: log(m) + e * log(2) for
 *                   n = m * 2**e, m in [0.5, 1) correctly rounded;
 *   isqrt, factorial, comb, perm, gcd, lcm   exact integer arithmetic on
 *                   the library's ints (any algorithm gives the same
 *                   answer; these split products in halves so that big
 *                   multiplications stay balanced).
 *
 * Errors follow CPython's rules for libm results: a NaN from non-NaN
 * arguments is ValueError "math domain error"; an infinity from finite
 * arguments is OverflowError "math range error" for functions that can
 * overflow (exp, cosh, ...) and ValueError otherwise (a singularity, as
 * log(0)); errno set by the C library is read the same way.
 *
 * Invariants
 * ----------
 * MM1. Every function converts its float arguments with as_double, which
 *      accepts exactly what CPython's PyFloat_AsDouble accepts (floats,
 *      ints, objects with __float__ or __index__) and words the TypeError
 *      as CPython does ("must be real number, not str").
 * MM2. errno is cleared before each C library call whose errno is read.
 */
#include "py/py.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <string.h>

#define PI 3.141592653589793238462643383279502884197
#define LOGPI 1.144729885849400174143427351353058711647
/* math.h's NAN and INFINITY are floats. */
#define DNAN ((double)NAN)
#define DINF ((double)INFINITY)

/* ==========================================================================
 * Arguments and results
 * ========================================================================== */

/* MM1: float(o) for numbers only.  0, or -1 with an exception. */
static int
as_double(oh_object *o, double *out)
{
    if (o->type == &oh_float_type) {
        oh_float_as_double(o, out);
        return 0;
    }
    if (OHI_ANYINT_CHECK(o))
        return oh_int_as_double(o, out);
    py_type *t = PY_TYPE(o);
    if (t->nb_float != NULL) {
        oh_object *f = t->nb_float(o);
        if (f == NULL)
            return -1;
        if (OHI_TYPE_KIND(f->type) != OHI_KIND_FLOAT) {
            py_err_format(PY_EXC(TypeError), "%s.__float__ returned "
                          "non-float (type %T)", t->tp_name, f);
            oh_decref(f);
            return -1;
        }
        oh_float_as_double(f, out);
        oh_decref(f);
        return 0;
    }
    if (OHI_TYPE_KIND(o->type) == OHI_KIND_FLOAT) {
        oh_float_as_double(o, out);
        return 0;
    }
    if (t->nb_index != NULL || OHI_TYPE_KIND(o->type) == OHI_KIND_INT) {
        oh_object *i = py_index(o);
        if (i == NULL)
            return -1;
        int r = oh_int_as_double(i, out);
        oh_decref(i);
        return r;
    }
    py_err_format(PY_EXC(TypeError), "must be real number, not %T", o);
    return -1;
}

static oh_object *
float_result(double d)
{
    return oh_float_from_double(d);
}

/* CPython's is_error: errno is set; x is the C library's result.  1 with
 * an exception, or 0 when errno only reported an underflow. */
static int
is_error(double x)
{
    if (errno == EDOM) {
        py_err_set_string(PY_EXC(ValueError), "math domain error");
        return 1;
    }
    if (errno == ERANGE) {
        /* Underflow (a result near zero, or expm1 near -1) is no error. */
        if (fabs(x) < 1.5)
            return 0;
        py_err_set_string(PY_EXC(OverflowError), "math range error");
        return 1;
    }
    py_err_set_string(PY_EXC(ValueError), "math domain error");
    return 1;
}

/* A function of one float, with the rules in the banner. */
static oh_object *
math_1(oh_object *arg, double (*f)(double), bool can_overflow)
{
    double x;
    if (as_double(arg, &x) < 0)
        return NULL;
    errno = 0;                                          /* MM2 */
    double r = f(x);
    if (isnan(r) && !isnan(x))
        return py_err_set_string(PY_EXC(ValueError), "math domain error");
    if (isinf(r) && isfinite(x)) {
        if (can_overflow)
            return py_err_set_string(PY_EXC(OverflowError),
                                     "math range error");
        return py_err_set_string(PY_EXC(ValueError), "math domain error");
    }
    if (isfinite(r) && errno != 0 && is_error(r))
        return NULL;
    return float_result(r);
}

/* A function of one float that sets errno itself (gamma, erf). */
static oh_object *
math_1a(oh_object *arg, double (*f)(double))
{
    double x;
    if (as_double(arg, &x) < 0)
        return NULL;
    errno = 0;
    double r = f(x);
    if (errno != 0 && is_error(r))
        return NULL;
    return float_result(r);
}

/* A function of two floats. */
static oh_object *
math_2(oh_object *const *args, size_t nargs, oh_object *kwnames,
       double (*f)(double, double), const char *name)
{
    if (py_no_kwargs(name, kwnames) < 0)
        return NULL;
    if (nargs != 2)
        return py_err_format(PY_EXC(TypeError), "%s expected 2 arguments, "
                             "got %zu", name, nargs);
    double x, y;
    if (as_double(args[0], &x) < 0 || as_double(args[1], &y) < 0)
        return NULL;
    errno = 0;
    double r = f(x, y);
    if (isnan(r))
        errno = (!isnan(x) && !isnan(y)) ? EDOM : 0;
    else if (isinf(r))
        errno = (isfinite(x) && isfinite(y)) ? ERANGE : 0;
    if (errno != 0 && is_error(r))
        return NULL;
    return float_result(r);
}

/* Two float arguments for the functions that handle errors themselves. */
static int
two_doubles(const char *name, oh_object *const *args, size_t nargs,
            oh_object *kwnames, double *x, double *y)
{
    if (py_no_kwargs(name, kwnames) < 0)
        return -1;
    if (nargs != 2) {
        py_err_format(PY_EXC(TypeError), "%s expected 2 arguments, got %zu",
                      name, nargs);
        return -1;
    }
    if (as_double(args[0], x) < 0 || as_double(args[1], y) < 0)
        return -1;
    return 0;
}

static int
one_double(const char *qualname, oh_object *const *args, size_t nargs,
           oh_object *kwnames, double *x)
{
    if (py_check_args(qualname, nargs, kwnames, 1, 1) < 0)
        return -1;
    return as_double(args[0], x);
}

/* ==========================================================================
 * Special functions the C library lacks or gets wrong
 * ========================================================================== */

/* sin(pi * x), exact for integers and halves (for the reflection
 * formula). */
static double
sinpi(double x)
{
    double y = fmod(fabs(x), 2.0);
    int n = (int)round(2.0 * y);
    double r;
    switch (n) {
    case 0: r = sin(PI * y); break;
    case 1: r = cos(PI * (y - 0.5)); break;
    case 2: r = sin(PI * (1.0 - y)); break;    /* not -sin(pi(y-1)): sign */
    case 3: r = -cos(PI * (y - 1.5)); break;
    default: r = sin(PI * (y - 2.0)); break;
    }
    return copysign(1.0, x) * r;
}

/* Lanczos' approximation, N = 13, as a rational function whose
 * denominator is x (x + 1) ... (x + 11). */
#define LANCZOS_N 13
static const double lanczos_g = 6.024680040776729583740234375;
static const double lanczos_g_minus_half = 5.524680040776729583740234375;
static const double lanczos_num[LANCZOS_N] = {
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408
};
static const double lanczos_den[LANCZOS_N] = {
    0.0, 39916800.0, 120543840.0, 150917976.0, 105258076.0, 45995730.0,
    13339535.0, 2637558.0, 357423.0, 32670.0, 1925.0, 66.0, 1.0
};

/* Gamma of 1..23, exactly. */
#define NGAMMA_INTEGRAL 23
static const double gamma_integral[NGAMMA_INTEGRAL] = {
    1.0, 1.0, 2.0, 6.0, 24.0, 120.0, 720.0, 5040.0, 40320.0, 362880.0,
    3628800.0, 39916800.0, 479001600.0, 6227020800.0, 87178291200.0,
    1307674368000.0, 20922789888000.0, 355687428096000.0,
    6402373705728000.0, 121645100408832000.0, 2432902008176640000.0,
    51090942171709440000.0, 1124000727777607680000.0,
};

/* L_g(x) for x > 0.  Past 5 the polynomials are evaluated in 1/x, which
 * neither overflows nor loses accuracy. */
static double
lanczos_sum(double x)
{
    double num = 0.0, den = 0.0;
    if (x < 5.0) {
        for (int i = LANCZOS_N; --i >= 0;) {
            num = num * x + lanczos_num[i];
            den = den * x + lanczos_den[i];
        }
    }
    else {
        for (int i = 0; i < LANCZOS_N; i++) {
            num = num / x + lanczos_num[i];
            den = den / x + lanczos_den[i];
        }
    }
    return num / den;
}

static double
m_tgamma(double x)
{
    if (!isfinite(x)) {
        if (isnan(x) || x > 0.0)
            return x;
        errno = EDOM;
        return DNAN;
    }
    if (x == 0.0) {
        errno = EDOM;
        return copysign(HUGE_VAL, x);
    }
    if (x == floor(x)) {
        if (x < 0.0) {
            errno = EDOM;
            return DNAN;
        }
        if (x <= NGAMMA_INTEGRAL)
            return gamma_integral[(int)x - 1];
    }
    double absx = fabs(x);
    if (absx < 1e-20) {
        double r = 1.0 / x;
        if (isinf(r))
            errno = ERANGE;
        return r;
    }
    if (absx > 200.0) {
        if (x < 0.0)
            return 0.0 / sinpi(x);
        errno = ERANGE;
        return HUGE_VAL;
    }
    volatile double y = absx + lanczos_g_minus_half;
    /* z: the rounding error in y, times g / y (the correction factor's
     * first-order term; see the banner). */
    volatile double q, z;
    if (absx > lanczos_g_minus_half) {
        q = y - absx;
        z = q - lanczos_g_minus_half;
    }
    else {
        q = y - lanczos_g_minus_half;
        z = q - absx;
    }
    z = z * lanczos_g / y;
    double r;
    if (x < 0.0) {
        r = -PI / sinpi(absx) / absx * exp(y) / lanczos_sum(absx);
        r -= z * r;
        if (absx < 140.0)
            r /= pow(y, absx - 0.5);
        else {
            double sqrtpow = pow(y, absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
    }
    else {
        r = lanczos_sum(absx) / exp(y);
        r += z * r;
        if (absx < 140.0)
            r *= pow(y, absx - 0.5);
        else {
            double sqrtpow = pow(y, absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
    }
    if (isinf(r))
        errno = ERANGE;
    return r;
}

static double
m_lgamma(double x)
{
    if (!isfinite(x))
        return isnan(x) ? x : HUGE_VAL;
    if (x == floor(x) && x <= 2.0) {
        if (x <= 0.0) {
            errno = EDOM;
            return HUGE_VAL;
        }
        return 0.0;
    }
    double absx = fabs(x);
    if (absx < 1e-20)
        return -log(absx);
    double r = log(lanczos_sum(absx)) - lanczos_g;
    r += (absx - 0.5) * (log(absx + lanczos_g - 0.5) - 1);
    if (x < 0.0)
        r = LOGPI - log(fabs(sinpi(absx))) - log(absx) - r;
    if (isinf(r))
        errno = ERANGE;
    return r;
}

static double
m_erf(double x)
{
    return erf(x);
}

static double
m_erfc(double x)
{
    return erfc(x);
}

/* atan2 with C99's special values, whatever the platform. */
static double
m_atan2(double y, double x)
{
    if (isnan(x) || isnan(y))
        return DNAN;
    if (isinf(y)) {
        if (isinf(x))
            return copysign(copysign(1.0, x) == 1.0 ? 0.25 * PI : 0.75 * PI,
                            y);
        return copysign(0.5 * PI, y);
    }
    if (isinf(x) || y == 0.0)
        return copysign(copysign(1.0, x) == 1.0 ? 0.0 : PI, y);
    return atan2(y, x);
}

/* IEEE remainder: x - n*y for the n nearest x/y, ties to even.  Exact. */
static double
m_remainder(double x, double y)
{
    if (isfinite(x) && isfinite(y)) {
        if (y == 0.0)
            return DNAN;
        double absx = fabs(x), absy = fabs(y);
        double m = fmod(absx, absy);
        /* Compare m with absy - m rather than with absy / 2, which may
         * not be representable; absy - m is exact where it matters. */
        double c = absy - m, r;
        if (m < c)
            r = m;
        else if (m > c)
            r = -c;
        else
            /* A tie: m if the multiple below is even, else -m. */
            r = m - 2.0 * fmod(0.5 * (absx - m), absy);
        return copysign(1.0, x) * r;
    }
    if (isnan(x))
        return x;
    if (isnan(y))
        return y;
    if (isinf(x))
        return DNAN;
    return x;
}

static double
m_log(double x)
{
    if (isfinite(x)) {
        if (x > 0.0)
            return log(x);
        errno = EDOM;
        return x == 0.0 ? -HUGE_VAL : DNAN;
    }
    if (isnan(x) || x > 0.0)
        return x;
    errno = EDOM;
    return DNAN;
}

static double
m_log2(double x)
{
    if (!isfinite(x)) {
        if (isnan(x) || x > 0.0)
            return x;
        errno = EDOM;
        return DNAN;
    }
    if (x > 0.0)
        return log2(x);
    errno = EDOM;
    return x == 0.0 ? -HUGE_VAL : DNAN;
}

static double
m_log10(double x)
{
    if (isfinite(x)) {
        if (x > 0.0)
            return log10(x);
        errno = EDOM;
        return x == 0.0 ? -HUGE_VAL : DNAN;
    }
    if (isnan(x) || x > 0.0)
        return x;
    errno = EDOM;
    return DNAN;
}

static double
m_log1p(double x)
{
    /* log1p(-0.0) keeps its sign everywhere. */
    if (x == 0.0)
        return x;
    return log1p(x);
}

/* ==========================================================================
 * Functions of one float
 * ========================================================================== */

#define FUNC1(name, fn, can_overflow)                                       \
    static oh_object *                                                      \
    math_##name(oh_object *self, oh_object *const *args, size_t nargs,      \
                oh_object *kwnames)                                         \
    {                                                                       \
        if (py_check_args("math." #name, nargs, kwnames, 1, 1) < 0)         \
            return NULL;                                                    \
        return math_1(args[0], fn, can_overflow);                           \
    }
#define FUNC1A(name, fn)                                                    \
    static oh_object *                                                      \
    math_##name(oh_object *self, oh_object *const *args, size_t nargs,      \
                oh_object *kwnames)                                         \
    {                                                                       \
        if (py_check_args("math." #name, nargs, kwnames, 1, 1) < 0)         \
            return NULL;                                                    \
        return math_1a(args[0], fn);                                        \
    }
#define FUNC2(name, fn)                                                     \
    static oh_object *                                                      \
    math_##name(oh_object *self, oh_object *const *args, size_t nargs,      \
                oh_object *kwnames)                                         \
    {                                                                       \
        return math_2(args, nargs, kwnames, fn, #name);                     \
    }

FUNC1(acos, acos, false)
FUNC1(acosh, acosh, false)
FUNC1(asin, asin, false)
FUNC1(asinh, asinh, false)
FUNC1(atan, atan, false)
FUNC1(atanh, atanh, false)
FUNC1(cbrt, cbrt, false)
FUNC1(cos, cos, false)
FUNC1(cosh, cosh, true)
FUNC1A(erf, m_erf)
FUNC1A(erfc, m_erfc)
FUNC1(exp, exp, true)
FUNC1(exp2, exp2, true)
FUNC1(expm1, expm1, true)
FUNC1(fabs, fabs, false)
FUNC1A(gamma, m_tgamma)
FUNC1A(lgamma, m_lgamma)
FUNC1(log1p, m_log1p, false)
FUNC1(sin, sin, false)
FUNC1(sinh, sinh, true)
FUNC1(sqrt, sqrt, false)
FUNC1(tan, tan, false)
FUNC1(tanh, tanh, false)
FUNC2(atan2, m_atan2)
FUNC2(copysign, copysign)
FUNC2(remainder, m_remainder)

#undef FUNC1
#undef FUNC1A
#undef FUNC2

/* ==========================================================================
 * floor, ceil, trunc: ints, through the special methods
 * ========================================================================== */

/* Call type(o).<name>(o) if the type has it: 1 and *out, 0 when it does
 * not, -1 on error. */
static int
call_special(oh_object *o, oh_object *name, oh_object **out)
{
    oh_object *m = py_type_lookup(PY_TYPE(o), name);
    if (m == NULL)
        return py_err_occurred() ? -1 : 0;
    oh_incref(m);
    oh_object *bound = NULL;
    py_type *mt = PY_TYPE(m);
    if (mt->tp_descr_get != NULL)
        bound = mt->tp_descr_get(m, o, &PY_TYPE(o)->ob_base);
    else {
        oh_incref(m);
        bound = m;
    }
    oh_decref(m);
    if (bound == NULL)
        return -1;
    *out = py_call0(bound);
    oh_decref(bound);
    return *out == NULL ? -1 : 1;
}

static oh_object *
round_to_int(const char *qualname, oh_object *const *args, size_t nargs,
             oh_object *kwnames, oh_object *special, double (*f)(double))
{
    if (py_check_args(qualname, nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *x = args[0];
    double d;
    if (x->type != &oh_float_type) {
        if (OHI_ANYINT_CHECK(x)) {
            oh_incref(x);
            return x;
        }
        oh_object *r;
        int found = call_special(x, special, &r);
        if (found != 0)
            return found > 0 ? r : NULL;
    }
    if (as_double(x, &d) < 0)
        return NULL;
    return oh_int_from_double(f(d));
}

static oh_object *
math_floor(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    return round_to_int("math.floor", args, nargs, kwnames,
                        PY_ID(__floor__), floor);
}

static oh_object *
math_ceil(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    return round_to_int("math.ceil", args, nargs, kwnames, PY_ID(__ceil__),
                        ceil);
}

static oh_object *
math_trunc(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_check_args("math.trunc", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *x = args[0];
    if (x->type == &oh_float_type) {
        double d;
        oh_float_as_double(x, &d);
        return oh_int_from_double(d);
    }
    oh_object *r;
    int found = call_special(x, PY_ID(__trunc__), &r);
    if (found > 0)
        return r;
    if (found == 0)
        py_err_format(PY_EXC(TypeError), "type %s doesn't define __trunc__ "
                      "method", PY_TYPE(x)->tp_name);
    return NULL;
}

/* ==========================================================================
 * frexp, ldexp, modf, fmod, pow, degrees, radians, predicates
 * ========================================================================== */

/* A tuple of a float and an int, or of two floats. */
static oh_object *
pack2(oh_object *a, oh_object *b)
{
    oh_object *t = (a && b) ? oh_tuple_pack(2, a, b) : NULL;
    oh_xdecref(a);
    oh_xdecref(b);
    return t;
}

static oh_object *
math_frexp(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    double x;
    if (one_double("math.frexp", args, nargs, kwnames, &x) < 0)
        return NULL;
    int e = 0;
    if (!(isnan(x) || isinf(x) || x == 0.0))
        x = frexp(x, &e);
    return pack2(oh_float_from_double(x), oh_int_from_i64(e));
}

static oh_object *
math_ldexp(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_no_kwargs("ldexp", kwnames) < 0)
        return NULL;
    if (nargs != 2)
        return py_err_format(PY_EXC(TypeError), "ldexp expected 2 "
                             "arguments, got %zu", nargs);
    double x;
    if (as_double(args[0], &x) < 0)
        return NULL;
    if (!OHI_ANYINT_CHECK(args[1]))
        return py_err_set_string(PY_EXC(TypeError), "Expected an int as "
                                 "second argument to ldexp.");
    int64_t e;
    if (oh_int_as_i64(args[1], &e) < 0) {
        oh_err_clear();
        int s = 0;
        oh_int_sign(args[1], &s);
        e = s < 0 ? INT64_MIN : INT64_MAX;
    }
    double r;
    errno = 0;
    if (x == 0.0 || !isfinite(x))
        r = x;
    else if (e > INT32_MAX) {
        r = copysign(HUGE_VAL, x);
        errno = ERANGE;
    }
    else if (e < INT32_MIN)
        r = copysign(0.0, x);
    else {
        r = ldexp(x, (int)e);
        if (isinf(r))
            errno = ERANGE;
    }
    if (errno != 0 && is_error(r))
        return NULL;
    return float_result(r);
}

static oh_object *
math_modf(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    double x;
    if (one_double("math.modf", args, nargs, kwnames, &x) < 0)
        return NULL;
    if (isinf(x))
        return pack2(oh_float_from_double(copysign(0.0, x)),
                     oh_float_from_double(x));
    if (isnan(x))
        return pack2(oh_float_from_double(x), oh_float_from_double(x));
    double ip;
    double fp = modf(x, &ip);
    return pack2(oh_float_from_double(fp), oh_float_from_double(ip));
}

static oh_object *
math_fmod(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    double x, y;
    if (two_doubles("fmod", args, nargs, kwnames, &x, &y) < 0)
        return NULL;
    if (isinf(y) && isfinite(x))
        return float_result(x);
    errno = 0;
    double r = fmod(x, y);
    if (isnan(r))
        errno = (!isnan(x) && !isnan(y)) ? EDOM : 0;
    if (errno != 0 && is_error(r))
        return NULL;
    return float_result(r);
}

static oh_object *
math_pow(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    double x, y, r = 0.0;
    if (two_doubles("pow", args, nargs, kwnames, &x, &y) < 0)
        return NULL;
    errno = 0;
    if (!isfinite(x) || !isfinite(y)) {
        /* IEEE specials, as C99's Annex F says, whatever the libm. */
        if (isnan(x))
            r = y == 0.0 ? 1.0 : x;
        else if (isnan(y))
            r = x == 1.0 ? 1.0 : y;
        else if (isinf(x)) {
            bool odd_y = isfinite(y) && fmod(fabs(y), 2.0) == 1.0;
            if (y > 0.0)
                r = odd_y ? x : fabs(x);
            else if (y == 0.0)
                r = 1.0;
            else
                r = odd_y ? copysign(0.0, x) : 0.0;
        }
        else {
            if (fabs(x) == 1.0)
                r = 1.0;
            else if (y > 0.0 && fabs(x) > 1.0)
                r = y;
            else if (y < 0.0 && fabs(x) < 1.0)
                r = -y;
            else
                r = 0.0;
        }
    }
    else {
        r = pow(x, y);
        if (!isfinite(r)) {
            if (isnan(r))
                errno = EDOM;
            else
                errno = x == 0.0 ? EDOM : ERANGE;   /* 0**-n, or overflow */
        }
    }
    if (errno != 0 && is_error(r))
        return NULL;
    return float_result(r);
}

static oh_object *
math_degrees(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    double x;
    if (one_double("math.degrees", args, nargs, kwnames, &x) < 0)
        return NULL;
    return float_result(x * (180.0 / PI));
}

static oh_object *
math_radians(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    double x;
    if (one_double("math.radians", args, nargs, kwnames, &x) < 0)
        return NULL;
    return float_result(x * (PI / 180.0));
}

static oh_object *
math_isfinite(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    double x;
    if (one_double("math.isfinite", args, nargs, kwnames, &x) < 0)
        return NULL;
    return oh_bool_from(isfinite(x));
}

static oh_object *
math_isinf(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    double x;
    if (one_double("math.isinf", args, nargs, kwnames, &x) < 0)
        return NULL;
    return oh_bool_from(isinf(x));
}

static oh_object *
math_isnan(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    double x;
    if (one_double("math.isnan", args, nargs, kwnames, &x) < 0)
        return NULL;
    return oh_bool_from(isnan(x));
}

/* isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0) */
static oh_object *
math_isclose(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    static const char *const kw[] = {"a", "b", "rel_tol", "abs_tol", NULL};
    static const py_argspec spec = {"isclose", kw, 2, 2, 0};
    oh_object *a[4];
    if (nargs > 2)
        return py_err_format(PY_EXC(TypeError), "isclose() takes exactly 2 "
                             "positional arguments (%zu given)", nargs);
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    double x, y, rel_tol = 1e-09, abs_tol = 0.0;
    if (as_double(a[0], &x) < 0 || as_double(a[1], &y) < 0
        || (a[2] && as_double(a[2], &rel_tol) < 0)
        || (a[3] && as_double(a[3], &abs_tol) < 0))
        return NULL;
    if (rel_tol < 0.0 || abs_tol < 0.0)
        return py_err_set_string(PY_EXC(ValueError), "tolerances must be "
                                 "non-negative");
    if (x == y)
        return oh_bool_from(1);
    if (isinf(x) || isinf(y))
        return oh_bool_from(0);
    double diff = fabs(y - x);
    return oh_bool_from(diff <= fabs(rel_tol * y) || diff <= fabs(rel_tol * x)
                        || diff <= abs_tol);
}

static oh_object *
math_nextafter(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    double x, y;
    if (two_doubles("nextafter", args, nargs, kwnames, &x, &y) < 0)
        return NULL;
    return float_result(nextafter(x, y));
}

static oh_object *
math_ulp(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    double x;
    if (one_double("math.ulp", args, nargs, kwnames, &x) < 0)
        return NULL;
    if (isnan(x))
        return float_result(x);
    x = fabs(x);
    if (isinf(x))
        return float_result(x);
    double x2 = nextafter(x, DINF);
    if (isinf(x2))
        return float_result(x - nextafter(x, -DINF));
    return float_result(x2 - x);
}

/* ==========================================================================
 * Logarithms (ints of any size)
 * ========================================================================== */

/* A positive int n too large for a double as m * 2**e, m in [0.5, 1)
 * correctly rounded to 53 bits.  0, or -1 with an error. */
static int
int_frexp(oh_object *n, double *m, int64_t *e)
{
    int64_t nbits = oh_int_bit_length(n);
    if (nbits < 0)
        return -1;
    /* The top 63 bits, then one sticky bit for everything below: the
     * conversion of those 64 bits to a double rounds as the whole would. */
    int64_t shift = nbits - 63;
    oh_object *sh = oh_int_from_i64(shift);
    oh_object *top = sh ? oh_int_rshift(n, sh) : NULL;
    oh_object *back = top ? oh_int_lshift(top, sh) : NULL;
    int64_t t = 0;
    int c = 0;
    int rc = -1;
    if (back != NULL && oh_int_as_i64(top, &t) == 0
        && oh_int_compare(back, n, &c) == 0) {
        uint64_t u = (uint64_t)t << 1 | (c != 0);
        double d = ldexp((double)u, -64);
        int64_t ex = nbits;
        if (d == 1.0) {
            d = 0.5;
            ex++;
        }
        *m = d;
        *e = ex;
        rc = 0;
    }
    oh_xdecref(sh);
    oh_xdecref(top);
    oh_xdecref(back);
    return rc;
}

/* log, log2, log10 of an int (any size) or a float. */
static oh_object *
loghelper(oh_object *arg, double (*f)(double))
{
    if (OHI_ANYINT_CHECK(arg)) {
        int s = 0;
        oh_int_sign(arg, &s);
        if (s <= 0)
            return py_err_set_string(PY_EXC(ValueError),
                                     "math domain error");
        double x;
        if (oh_int_as_double(arg, &x) == 0)
            return float_result(f(x));
        if (!py_err_matches(PY_EXC(OverflowError)))
            return NULL;
        py_err_clear();
        int64_t e;
        if (int_frexp(arg, &x, &e) < 0)
            return NULL;
        return float_result(f(x) + f(2.0) * (double)e);
    }
    return math_1(arg, f, false);
}

static oh_object *
math_log(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    if (py_no_kwargs("log", kwnames) < 0)
        return NULL;
    if (nargs < 1 || nargs > 2)
        return py_err_format(PY_EXC(TypeError), "log expected %s, got %zu",
                             nargs < 1 ? "at least 1 argument"
                                       : "at most 2 arguments", nargs);
    oh_object *num = loghelper(args[0], m_log);
    if (num == NULL || nargs == 1)
        return num;
    oh_object *den = loghelper(args[1], m_log);
    if (den == NULL) {
        oh_decref(num);
        return NULL;
    }
    oh_object *r = py_binary_op(num, den, PY_OP_DIV);
    oh_decref(num);
    oh_decref(den);
    return r;
}

static oh_object *
math_log2(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_check_args("math.log2", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return loghelper(args[0], m_log2);
}

static oh_object *
math_log10(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_check_args("math.log10", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return loghelper(args[0], m_log10);
}

/* ==========================================================================
 * fsum, prod
 * ========================================================================== */

#define FSUM_PARTIALS 32

/* fsum(iterable): the correctly rounded sum.  partials[0..n) are
 * non-overlapping, increasing in magnitude, and sum exactly to what has
 * been added; hi + lo == x + y exactly at each step. */
static oh_object *
math_fsum(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_check_args("math.fsum", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *it = py_iter(args[0]);
    if (it == NULL)
        return NULL;
    double stack[FSUM_PARTIALS], *p = stack;
    size_t n = 0, cap = FSUM_PARTIALS;
    double special_sum = 0.0, inf_sum = 0.0;
    volatile double hi, yr, lo = 0.0;
    oh_object *result = NULL;
    oh_object *item;
    while ((item = py_iter_next(it)) != NULL) {
        double x, y, t;
        int r = as_double(item, &x);
        oh_decref(item);
        if (r < 0)
            goto done;
        double xsave = x;
        size_t i = 0;
        for (size_t j = 0; j < n; j++) {
            y = p[j];
            if (fabs(x) < fabs(y)) {
                t = x;
                x = y;
                y = t;
            }
            hi = x + y;
            yr = hi - x;
            lo = y - yr;
            if (lo != 0.0)
                p[i++] = lo;
            x = hi;
        }
        n = i;
        if (x != 0.0) {
            if (!isfinite(x)) {
                /* From an inf or nan summand, or an overflow. */
                if (isfinite(xsave)) {
                    py_err_set_string(PY_EXC(OverflowError),
                                      "intermediate overflow in fsum");
                    goto done;
                }
                if (isinf(xsave))
                    inf_sum += xsave;
                special_sum += xsave;
                n = 0;
            }
            else {
                if (n >= cap) {
                    size_t ncap = cap * 2;
                    double *np = p == stack ? oh_malloc(ncap * sizeof *np)
                                            : oh_realloc(p, ncap * sizeof *np);
                    if (np == NULL) {
                        py_err_no_memory();
                        goto done;
                    }
                    if (p == stack)
                        memcpy(np, stack, n * sizeof *np);
                    p = np;
                    cap = ncap;
                }
                p[n++] = x;
            }
        }
    }
    if (py_err_occurred())
        goto done;
    if (special_sum != 0.0) {
        if (isnan(inf_sum))
            py_err_set_string(PY_EXC(ValueError), "-inf + inf in fsum");
        else
            result = float_result(special_sum);
        goto done;
    }
    hi = 0.0;
    if (n > 0) {
        hi = p[--n];
        /* Add from the top while the sum stays exact. */
        while (n > 0) {
            double x = hi, y = p[--n];
            hi = x + y;
            yr = hi - x;
            lo = y - yr;
            if (lo != 0.0)
                break;
        }
        /* Round half-even across the partials left: a tie in hi + lo is
         * broken by the sign of the next partial. */
        if (n > 0 && ((lo < 0.0 && p[n - 1] < 0.0)
                      || (lo > 0.0 && p[n - 1] > 0.0))) {
            double y = lo * 2.0;
            double x = hi + y;
            yr = x - hi;
            if (y == yr)
                hi = x;
        }
    }
    result = float_result(hi);
done:
    if (p != stack)
        oh_free(p);
    oh_decref(it);
    return result;
}

/* prod(iterable, /, *, start=1) */
static oh_object *
math_prod(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    static const char *const kw[] = {"", "start", NULL};
    static const py_argspec spec = {"prod", kw, 1, 1, 1};
    oh_object *a[2];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    oh_object *it = py_iter(a[0]);
    if (it == NULL)
        return NULL;
    oh_object *result;
    if (a[1] != NULL) {
        oh_incref(a[1]);
        result = a[1];
    }
    else
        result = oh_int_from_i64(1);
    oh_object *item;
    while ((item = py_iter_next(it)) != NULL) {
        oh_object *r = py_binary_op(result, item, PY_OP_MULT);
        oh_decref(item);
        oh_decref(result);
        result = r;
        if (r == NULL)
            break;
    }
    oh_decref(it);
    if (result != NULL && py_err_occurred()) {
        oh_decref(result);
        return NULL;
    }
    return result;
}

/* ==========================================================================
 * hypot and dist: CPython 3.11's vector norm
 * ========================================================================== */

/* sqrt(sum(v[i]**2)), v[i] >= 0 finite, max the largest (0 if n == 0,
 * inf if any is infinite). */
static double
vector_norm(size_t n, const double *v, double max, bool found_nan)
{
    const double T27 = 134217729.0;     /* 2**27 + 1: Veltkamp's split */
    volatile double x, csum = 1.0, oldcsum, frac1 = 0.0, frac2 = 0.0,
                    frac3 = 0.0;
    double scale, t, hi, lo, h;
    int max_e;
    if (isinf(max))
        return max;
    if (found_nan)
        return DNAN;
    if (max == 0.0 || n <= 1)
        return max;
    frexp(max, &max_e);
    if (max_e >= -1023) {
        /* Scale so the largest is in [0.5, 1); csum starts at 1.0 so it
         * always dominates what is added (the 1.0 is taken out at the
         * end). */
        scale = ldexp(1.0, -max_e);
        for (size_t i = 0; i < n; i++) {
            x = v[i] * scale;
            t = x * T27;
            hi = t - (t - x);
            lo = x - hi;
            x = hi * hi;
            oldcsum = csum;
            csum += x;
            frac1 += (oldcsum - csum) + x;
            x = 2.0 * hi * lo;
            oldcsum = csum;
            csum += x;
            frac2 += (oldcsum - csum) + x;
            frac3 += lo * lo;
        }
        h = sqrt(csum - 1.0 + (frac1 + frac2 + frac3));
        /* One Newton step on the square root: subtract h**2 exactly. */
        x = h;
        t = x * T27;
        hi = t - (t - x);
        lo = x - hi;
        x = -hi * hi;
        oldcsum = csum;
        csum += x;
        frac1 += (oldcsum - csum) + x;
        x = -2.0 * hi * lo;
        oldcsum = csum;
        csum += x;
        frac2 += (oldcsum - csum) + x;
        x = -lo * lo;
        oldcsum = csum;
        csum += x;
        frac3 += (oldcsum - csum) + x;
        x = csum - 1.0 + (frac1 + frac2 + frac3);
        return (h + x / (2.0 * h)) / scale;
    }
    /* Subnormal max: 2**-max_e would overflow; divide by max instead. */
    for (size_t i = 0; i < n; i++) {
        x = v[i] / max;
        x = x * x;
        oldcsum = csum;
        csum += x;
        frac1 += (oldcsum - csum) + x;
    }
    return max * sqrt(csum - 1.0 + frac1);
}

#define NORM_STACK 16

static oh_object *
math_hypot(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_no_kwargs("hypot", kwnames) < 0)
        return NULL;
    double stack[NORM_STACK];
    double *v = nargs > NORM_STACK ? oh_malloc(nargs * sizeof *v) : stack;
    if (v == NULL)
        return py_err_no_memory();
    double max = 0.0;
    bool found_nan = false;
    oh_object *r = NULL;
    for (size_t i = 0; i < nargs; i++) {
        double x;
        if (as_double(args[i], &x) < 0)
            goto done;
        x = fabs(x);
        v[i] = x;
        found_nan |= isnan(x);
        if (x > max)
            max = x;
    }
    r = float_result(vector_norm(nargs, v, max, found_nan));
done:
    if (v != stack)
        oh_free(v);
    return r;
}

static oh_object *
math_dist(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_no_kwargs("dist", kwnames) < 0)
        return NULL;
    if (nargs != 2)
        return py_err_format(PY_EXC(TypeError), "dist expected 2 arguments, "
                             "got %zu", nargs);
    oh_object *p = py_sequence_tuple(args[0]);
    if (p == NULL)
        return NULL;
    oh_object *q = py_sequence_tuple(args[1]);
    if (q == NULL) {
        oh_decref(p);
        return NULL;
    }
    oh_object *r = NULL;
    double stack[NORM_STACK], *v = stack;
    size_t n = (size_t)OHI_TUPLE_SIZE(p);
    if ((size_t)OHI_TUPLE_SIZE(q) != n) {
        py_err_set_string(PY_EXC(ValueError), "both points must have the "
                          "same number of dimensions");
        goto done;
    }
    if (n > NORM_STACK && (v = oh_malloc(n * sizeof *v)) == NULL) {
        py_err_no_memory();
        goto done;
    }
    double max = 0.0;
    bool found_nan = false;
    for (size_t i = 0; i < n; i++) {
        double px, qx;
        if (as_double(OHI_TUPLE(p)->items[i], &px) < 0
            || as_double(OHI_TUPLE(q)->items[i], &qx) < 0)
            goto done;
        double x = fabs(px - qx);
        v[i] = x;
        found_nan |= isnan(x);
        if (x > max)
            max = x;
    }
    r = float_result(vector_norm(n, v, max, found_nan));
done:
    if (v != stack)
        oh_free(v);
    oh_decref(p);
    oh_decref(q);
    return r;
}

/* ==========================================================================
 * Integer functions: gcd, lcm, isqrt, factorial, comb, perm
 * ========================================================================== */

static oh_object *
int_abs_index(oh_object *o)
{
    oh_object *i = py_index(o);
    if (i == NULL)
        return NULL;
    oh_object *a = oh_int_abs(i);
    oh_decref(i);
    return a;
}

static bool
int_is_zero(oh_object *i)
{
    int s = 0;
    oh_int_sign(i, &s);
    return s == 0;
}

/* gcd of two non-negative ints. */
static oh_object *
int_gcd(oh_object *a, oh_object *b)
{
    int64_t x, y;
    if (oh_int_as_i64(a, &x) == 0 && oh_int_as_i64(b, &y) == 0) {
        uint64_t u = (uint64_t)x, v = (uint64_t)y;
        while (v != 0) {
            uint64_t t = u % v;
            u = v;
            v = t;
        }
        return oh_int_from_u64(u);
    }
    oh_err_clear();
    oh_incref(a);
    oh_incref(b);
    while (!int_is_zero(b)) {
        oh_object *r = oh_int_mod(a, b);
        oh_decref(a);
        if (r == NULL) {
            oh_decref(b);
            return NULL;
        }
        a = b;
        b = r;
    }
    oh_decref(b);
    return a;
}

static oh_object *
math_gcd(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    if (py_no_kwargs("gcd", kwnames) < 0)
        return NULL;
    oh_object *res = oh_int_from_i64(0);
    for (size_t i = 0; i < nargs; i++) {
        oh_object *x = int_abs_index(args[i]);
        if (x == NULL) {
            oh_decref(res);
            return NULL;
        }
        oh_object *g = int_gcd(res, x);
        oh_decref(x);
        oh_decref(res);
        if (g == NULL)
            return NULL;
        res = g;
    }
    return res;
}

static oh_object *
math_lcm(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    if (py_no_kwargs("lcm", kwnames) < 0)
        return NULL;
    oh_object *res = oh_int_from_i64(1);
    for (size_t i = 0; i < nargs; i++) {
        oh_object *x = int_abs_index(args[i]);
        if (x == NULL) {
            oh_decref(res);
            return NULL;
        }
        oh_object *r;
        if (int_is_zero(x) || int_is_zero(res))
            r = oh_int_from_i64(0);
        else {
            oh_object *g = int_gcd(res, x);
            oh_object *q = g ? oh_int_floordiv(res, g) : NULL;
            r = q ? oh_int_mul(q, x) : NULL;
            oh_xdecref(g);
            oh_xdecref(q);
        }
        oh_decref(x);
        oh_decref(res);
        if (r == NULL)
            return NULL;
        res = r;
    }
    return res;
}

/* floor(sqrt(n)) for n < 2**64. */
static uint64_t
isqrt_u64(uint64_t n)
{
    uint64_t r = (uint64_t)sqrt((double)n);
    /* The double may be off by one either way. */
    if (r > UINT32_MAX)
        r = UINT32_MAX;
    while (r * r > n)
        r--;
    while ((r + 1) <= UINT32_MAX && (r + 1) * (r + 1) <= n)
        r++;
    return r;
}

static oh_object *
math_isqrt(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_check_args("math.isqrt", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *n = py_index(args[0]);
    if (n == NULL)
        return NULL;
    int s = 0;
    oh_int_sign(n, &s);
    if (s < 0) {
        oh_decref(n);
        return py_err_set_string(PY_EXC(ValueError), "isqrt() argument "
                                 "must be nonnegative");
    }
    int64_t small;
    if (oh_int_as_i64(n, &small) == 0) {
        oh_decref(n);
        return oh_int_from_u64(isqrt_u64((uint64_t)small));
    }
    oh_err_clear();
    /* Newton's iteration from above: x = 2**ceil(bits / 2) >= sqrt(n);
     * y = (x + n // x) // 2 decreases until it stops, at floor(sqrt(n)). */
    int64_t bits = oh_int_bit_length(n);
    oh_object *one = oh_int_from_i64(1);
    oh_object *sh = oh_int_from_i64((bits + 1) / 2);
    oh_object *x = oh_int_lshift(one, sh);
    oh_decref(sh);
    while (x != NULL) {
        oh_object *q = oh_int_floordiv(n, x);
        oh_object *sum = q ? oh_int_add(x, q) : NULL;
        oh_object *y = sum ? oh_int_rshift(sum, one) : NULL;
        oh_xdecref(q);
        oh_xdecref(sum);
        if (y == NULL) {
            oh_decref(x);
            x = NULL;
            break;
        }
        int c = 0;
        oh_int_compare(y, x, &c);
        if (c >= 0) {
            oh_decref(y);
            break;
        }
        oh_decref(x);
        x = y;
    }
    oh_decref(n);
    return x;
}

/* The product lo * (lo + 1) * ... * hi of u64 values, split in halves so
 * that the big multiplications are balanced; runs that fit 64 bits are
 * multiplied in C. */
static oh_object *
range_product(uint64_t lo, uint64_t hi)
{
    if (lo > hi)
        return oh_int_from_i64(1);
    uint64_t acc = lo;
    uint64_t i = lo + 1;
    while (i <= hi && i != 0) {
        if (acc > UINT64_MAX / i)
            break;
        acc *= i;
        i++;
    }
    if (i > hi || i == 0)
        return oh_int_from_u64(acc);
    uint64_t mid = lo + (hi - lo) / 2;
    oh_object *a = range_product(lo, mid);
    oh_object *b = a ? range_product(mid + 1, hi) : NULL;
    oh_object *r = b ? oh_int_mul(a, b) : NULL;
    oh_xdecref(a);
    oh_xdecref(b);
    return r;
}

/* The same for big values: start * (start + 1) * ... (count factors). */
static oh_object *
range_product_big(oh_object *start, uint64_t count)
{
    if (count == 0)
        return oh_int_from_i64(1);
    if (count == 1) {
        oh_incref(start);
        return start;
    }
    uint64_t h = count / 2;
    oh_object *hh = oh_int_from_u64(h);
    oh_object *mid = hh ? oh_int_add(start, hh) : NULL;
    oh_xdecref(hh);
    oh_object *a = mid ? range_product_big(start, h) : NULL;
    oh_object *b = a ? range_product_big(mid, count - h) : NULL;
    oh_object *r = b ? oh_int_mul(a, b) : NULL;
    oh_xdecref(mid);
    oh_xdecref(a);
    oh_xdecref(b);
    return r;
}

static oh_object *
factorial_of(oh_object *arg)
{
    if (arg->type == &oh_float_type
        || OHI_TYPE_KIND(arg->type) == OHI_KIND_FLOAT)
        return py_err_set_string(PY_EXC(TypeError), "'float' object cannot "
                                 "be interpreted as an integer");
    oh_object *n = py_index(arg);
    if (n == NULL)
        return NULL;
    int64_t v;
    int r = oh_int_as_i64(n, &v);
    int s = 0;
    oh_int_sign(n, &s);
    oh_decref(n);
    if (r < 0) {
        oh_err_clear();
        if (s > 0)
            return py_err_format(PY_EXC(OverflowError), "factorial() "
                                 "argument should not exceed %lld",
                                 (long long)INT64_MAX);
        v = -1;
    }
    if (v < 0)
        return py_err_set_string(PY_EXC(ValueError), "factorial() not "
                                 "defined for negative values");
    if (v < 2)
        return oh_int_from_i64(1);
    return range_product(2, (uint64_t)v);
}

static oh_object *
math_factorial(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (py_check_args("math.factorial", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return factorial_of(args[0]);
}

/* n and k as non-negative ints for comb and perm.  0 or -1. */
static int
comb_args(oh_object *na, oh_object *ka, oh_object **n, oh_object **k)
{
    *n = py_index(na);
    if (*n == NULL)
        return -1;
    *k = py_index(ka);
    if (*k == NULL) {
        oh_decref(*n);
        return -1;
    }
    int s = 0;
    oh_int_sign(*n, &s);
    const char *msg = NULL;
    if (s < 0)
        msg = "n must be a non-negative integer";
    else {
        oh_int_sign(*k, &s);
        if (s < 0)
            msg = "k must be a non-negative integer";
    }
    if (msg != NULL) {
        oh_decref(*n);
        oh_decref(*k);
        py_err_set_string(PY_EXC(ValueError), msg);
        return -1;
    }
    return 0;
}

/* n * (n - 1) * ... * (n - k + 1), for 0 <= k <= n. */
static oh_object *
falling_product(oh_object *n, uint64_t k)
{
    if (k == 0)
        return oh_int_from_i64(1);
    int64_t nv;
    if (oh_int_as_i64(n, &nv) == 0)
        return range_product((uint64_t)nv - k + 1, (uint64_t)nv);
    oh_err_clear();
    oh_object *kk = oh_int_from_u64(k - 1);
    oh_object *start = kk ? oh_int_sub(n, kk) : NULL;
    oh_xdecref(kk);
    if (start == NULL)
        return NULL;
    oh_object *r = range_product_big(start, k);
    oh_decref(start);
    return r;
}

static oh_object *
math_comb(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_no_kwargs("comb", kwnames) < 0)
        return NULL;
    if (nargs != 2)
        return py_err_format(PY_EXC(TypeError), "comb expected 2 arguments, "
                             "got %zu", nargs);
    oh_object *n, *k;
    if (comb_args(args[0], args[1], &n, &k) < 0)
        return NULL;
    oh_object *r = NULL;
    /* k = min(k, n - k); 0 when k > n. */
    oh_object *nk = oh_int_sub(n, k);
    if (nk == NULL)
        goto done;
    int s = 0, c = 0;
    oh_int_sign(nk, &s);
    if (s < 0) {
        oh_decref(nk);
        r = oh_int_from_i64(0);
        goto done;
    }
    oh_int_compare(nk, k, &c);
    if (c < 0) {
        oh_decref(k);
        k = nk;
    }
    else
        oh_decref(nk);
    int64_t kv;
    if (oh_int_as_i64(k, &kv) < 0) {
        oh_err_clear();
        py_err_format(PY_EXC(OverflowError), "min(n - k, k) must not exceed "
                      "%lld", (long long)INT64_MAX);
        goto done;
    }
    oh_object *num = falling_product(n, (uint64_t)kv);
    oh_object *den = num ? range_product(1, (uint64_t)kv) : NULL;
    r = den ? oh_int_floordiv(num, den) : NULL;
    oh_xdecref(num);
    oh_xdecref(den);
done:
    oh_decref(n);
    oh_decref(k);
    return r;
}

static oh_object *
math_perm(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_no_kwargs("perm", kwnames) < 0)
        return NULL;
    if (nargs < 1 || nargs > 2)
        return py_err_format(PY_EXC(TypeError), "perm expected %s, got %zu",
                             nargs < 1 ? "at least 1 argument"
                                       : "at most 2 arguments", nargs);
    if (nargs == 1 || args[1] == OH_NONE)
        return factorial_of(args[0]);
    oh_object *n, *k;
    if (comb_args(args[0], args[1], &n, &k) < 0)
        return NULL;
    oh_object *r = NULL;
    int c = 0;
    oh_int_compare(n, k, &c);
    if (c < 0) {
        r = oh_int_from_i64(0);
        goto done;
    }
    int64_t kv;
    if (oh_int_as_i64(k, &kv) < 0) {
        oh_err_clear();
        py_err_format(PY_EXC(OverflowError), "k must not exceed %lld",
                      (long long)INT64_MAX);
        goto done;
    }
    r = falling_product(n, (uint64_t)kv);
done:
    oh_decref(n);
    oh_decref(k);
    return r;
}

/* ==========================================================================
 * The module
 * ========================================================================== */

static int
math_exec(oh_object *m)
{
    if (py_module_add(m, "pi", oh_float_from_double(PI)) < 0
        || py_module_add(m, "e", oh_float_from_double(
                             2.718281828459045235360287471352662498)) < 0
        || py_module_add(m, "tau", oh_float_from_double(
                             6.283185307179586476925286766559005768)) < 0
        || py_module_add(m, "inf", oh_float_from_double(DINF)) < 0
        || py_module_add(m, "nan", oh_float_from_double(DNAN)) < 0)
        return -1;
    return 0;
}

static const py_method_def math_methods[] = {
    {"acos", math_acos, 0, "Return the arc cosine (measured in radians) "
     "of x."},
    {"acosh", math_acosh, 0, "Return the inverse hyperbolic cosine of x."},
    {"asin", math_asin, 0, "Return the arc sine (measured in radians) of "
     "x."},
    {"asinh", math_asinh, 0, "Return the inverse hyperbolic sine of x."},
    {"atan", math_atan, 0, "Return the arc tangent (measured in radians) "
     "of x."},
    {"atan2", math_atan2, 0, "Return the arc tangent (measured in radians) "
     "of y/x."},
    {"atanh", math_atanh, 0, "Return the inverse hyperbolic tangent of x."},
    {"cbrt", math_cbrt, 0, "Return the cube root of x."},
    {"ceil", math_ceil, 0, "Return the ceiling of x as an Integral."},
    {"comb", math_comb, 0, "Number of ways to choose k items from n items "
     "without repetition and without order."},
    {"copysign", math_copysign, 0, "Return a float with the magnitude "
     "(absolute value) of x but the sign of y."},
    {"cos", math_cos, 0, "Return the cosine of x (measured in radians)."},
    {"cosh", math_cosh, 0, "Return the hyperbolic cosine of x."},
    {"degrees", math_degrees, 0, "Convert angle x from radians to "
     "degrees."},
    {"dist", math_dist, 0, "Return the Euclidean distance between two "
     "points p and q."},
    {"erf", math_erf, 0, "Error function at x."},
    {"erfc", math_erfc, 0, "Complementary error function at x."},
    {"exp", math_exp, 0, "Return e raised to the power of x."},
    {"exp2", math_exp2, 0, "Return 2 raised to the power of x."},
    {"expm1", math_expm1, 0, "Return exp(x)-1."},
    {"fabs", math_fabs, 0, "Return the absolute value of the float x."},
    {"factorial", math_factorial, 0, "Find x!."},
    {"floor", math_floor, 0, "Return the floor of x as an Integral."},
    {"fmod", math_fmod, 0, "Return fmod(x, y), according to platform C."},
    {"frexp", math_frexp, 0, "Return the mantissa and exponent of x, as "
     "pair (m, e)."},
    {"fsum", math_fsum, 0, "Return an accurate floating point sum of "
     "values in the iterable seq."},
    {"gamma", math_gamma, 0, "Gamma function at x."},
    {"gcd", math_gcd, 0, "Greatest Common Divisor."},
    {"hypot", math_hypot, 0, "Multidimensional Euclidean distance from the "
     "origin to a point."},
    {"isclose", math_isclose, 0, "Determine whether two floating point "
     "numbers are close in value."},
    {"isfinite", math_isfinite, 0, "Return True if x is neither an "
     "infinity nor a NaN, and False otherwise."},
    {"isinf", math_isinf, 0, "Return True if x is a positive or negative "
     "infinity, and False otherwise."},
    {"isnan", math_isnan, 0, "Return True if x is a NaN (not a number), "
     "and False otherwise."},
    {"isqrt", math_isqrt, 0, "Return the integer part of the square root "
     "of the input."},
    {"lcm", math_lcm, 0, "Least Common Multiple."},
    {"ldexp", math_ldexp, 0, "Return x * (2**i)."},
    {"lgamma", math_lgamma, 0, "Natural logarithm of absolute value of "
     "Gamma function at x."},
    {"log", math_log, 0, "Return the logarithm of x to the given base."},
    {"log1p", math_log1p, 0, "Return the natural logarithm of 1+x (base "
     "e)."},
    {"log10", math_log10, 0, "Return the base 10 logarithm of x."},
    {"log2", math_log2, 0, "Return the base 2 logarithm of x."},
    {"modf", math_modf, 0, "Return the fractional and integer parts of "
     "x."},
    {"nextafter", math_nextafter, 0, "Return the next floating-point value "
     "after x towards y."},
    {"perm", math_perm, 0, "Number of ways to choose k items from n items "
     "without repetition and with order."},
    {"pow", math_pow, 0, "Return x**y (x to the power of y)."},
    {"prod", math_prod, 0, "Calculate the product of all the elements in "
     "the input iterable."},
    {"radians", math_radians, 0, "Convert angle x from degrees to "
     "radians."},
    {"remainder", math_remainder, 0, "Difference between x and the closest "
     "integer multiple of y."},
    {"sin", math_sin, 0, "Return the sine of x (measured in radians)."},
    {"sinh", math_sinh, 0, "Return the hyperbolic sine of x."},
    {"sqrt", math_sqrt, 0, "Return the square root of x."},
    {"tan", math_tan, 0, "Return the tangent of x (measured in radians)."},
    {"tanh", math_tanh, 0, "Return the hyperbolic tangent of x."},
    {"trunc", math_trunc, 0, "Truncates the Real x to the nearest Integral "
     "toward 0."},
    {"ulp", math_ulp, 0, "Return the value of the least significant bit of "
     "the float x."},
    {NULL, NULL, 0, NULL}
};

const py_module_def py_module_math = {
    .name = "math",
    .doc = "This module provides access to the mathematical functions\n"
           "defined by the C standard.",
    .methods = math_methods,
    .exec = math_exec,
};
