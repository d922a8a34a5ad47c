# math's special functions and float tools, bit for bit as CPython:
# gamma, lgamma, erf, hypot/dist, fsum, remainder, frexp/ldexp/modf, ulp.
import math
print([math.gamma(x) for x in (0.5, 1, 5, 10.5, 171.5, -0.5, -2.5)])
print([math.lgamma(x) for x in (0.5, 3, 100, 1e10, -0.5, -7.25)])
print([math.erf(x) for x in (0, 0.5, -1, 3)], [math.erfc(x) for x in (0, 0.5, 5)])
print(math.hypot(3, 4), math.hypot(1, 2, 3, 4), math.hypot(1e200, 1e200), math.hypot(), math.hypot(-7))
print(math.dist((1, 2), (4, 6)), math.dist([0, 0, 0], [1, 1, 1]), math.hypot(1e-200, 2e-200))
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]))
print(math.fsum([1, 1e-16, 1e16]), math.fsum([]), math.fsum(i / 7 for i in range(100)))
print(math.remainder(10, 3), math.remainder(11, 3), math.remainder(-7.5, 2), math.fmod(-7.5, 2))
print(math.frexp(10.0), math.frexp(-0.1), math.ldexp(0.625, 4), math.modf(3.75), math.modf(-2.5))
print(math.copysign(3, -0.0), math.fabs(-4), math.sqrt(2), math.exp(1), math.expm1(1e-12), math.log1p(1e-12))
print(math.ulp(1.0), math.ulp(1e300), math.nextafter(1.0, 2.0), math.nextafter(0.0, -1.0))
print(math.isclose(1.0, 1.0 + 1e-10), math.isclose(1.0, 1.1), math.isclose(0.0, 1e-12, abs_tol=1e-9))
print(math.isfinite(1e308 * 10), math.isinf(-math.inf), math.isnan(math.nan), math.degrees(math.pi), math.radians(180))
print(math.atan2(1, -1), math.atan2(-0.0, -1), math.asinh(1), math.acosh(2), math.atanh(0.5), math.cbrt(-27), math.exp2(0.5))
for bad in ("math.sqrt(-1)", "math.exp(1000)", "math.gamma(0)", "math.gamma(-3)", "math.lgamma(-2)",
            "math.log1p(-1)", "math.acos(2)", "math.pow(0, -1)", "math.pow(-8, 1/3)", "math.fmod(1, 0)",
            "math.fsum([math.inf, -math.inf])", "math.fsum([1e308, 1e308])", "math.ldexp(1.0, 5000)",
            "math.dist((1,), (1, 2))", "math.isclose(1, 2, rel_tol=-1)", "math.sqrt('4')"):
    try:
        print(bad, eval(bad))
    except (ValueError, TypeError, OverflowError) as e:
        print(bad, type(e).__name__, e)
