# math functions with exact or shortest-repr results.
import math
print(math.sqrt(16), math.sqrt(2), math.isqrt(17), math.isqrt(10 ** 40))
print(math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.5), math.floor(3), type(math.floor(2.5)).__name__)
print(math.fabs(-3), math.factorial(20), math.factorial(30), math.gcd(12, 18), math.gcd(0, 0), math.lcm(4, 6))
print(math.pow(2, 10), math.exp(0), math.exp(1), math.log(math.e), math.log(8, 2), math.log10(1000), math.log2(1024))
print(math.sin(0), math.cos(0), math.tan(0), math.sin(math.pi / 2), math.atan2(1, 1), math.atan(1) * 4)
print(math.degrees(math.pi), math.radians(180), math.hypot(3, 4), math.hypot(1, 1, 1))
print(math.copysign(3, -0.0), math.fmod(-7, 3), math.modf(2.5), math.frexp(8.0), math.ldexp(0.5, 4))
print(math.isclose(0.1 + 0.2, 0.3), math.isfinite(1e308), math.isinf(-math.inf), math.isnan(math.nan))
print(math.comb(10, 3), math.perm(5, 2), math.prod([1, 2, 3, 4]), math.fsum([0.1] * 10), sum([0.1] * 10))
print(math.dist((0, 0), (3, 4)), math.asin(1), math.acos(1), math.sinh(0), math.cosh(0), math.tanh(0))
for bad in (lambda: math.sqrt(-1), lambda: math.log(0), lambda: math.factorial(-1), lambda: math.exp(1000)):
    try:
        bad()
    except (ValueError, OverflowError) as e:
        print(type(e).__name__, e)
