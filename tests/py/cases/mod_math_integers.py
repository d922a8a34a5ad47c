# math on ints of any size: factorial, comb, perm, isqrt, gcd, lcm, and
# logarithms of ints too large for a float.
import math
print(math.factorial(0), math.factorial(20), math.factorial(25))
print(len(str(math.factorial(500))), math.factorial(100) % 10**9)
print(math.comb(10, 3), math.comb(52, 5), math.comb(5, 9), math.comb(10**20, 2))
print(math.perm(5), math.perm(10, 3), math.perm(3, 5), math.perm(10**15, 2))
print(math.isqrt(0), math.isqrt(15), math.isqrt(16), math.isqrt(2**64 - 1), math.isqrt(10**40 + 12345))
print(math.gcd(), math.gcd(12), math.gcd(12, 18), math.gcd(-12, 18, 27), math.gcd(2**100, 6**50))
print(math.lcm(), math.lcm(4, 6), math.lcm(4, 6, 10), math.lcm(0, 5), math.lcm(-3, 4))
print(math.log(2**1000), math.log2(2**1000), math.log10(10**300), math.log(10**400, 10))
print(math.log(10**500), math.log2(3**1000), math.log10(7**800))
print(math.prod(range(1, 11)), math.prod([]), math.prod([2, 3], start=5), math.prod([1.5, 2]))
print(math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.5), math.floor(10**20), math.ceil(1e20))
for bad in ("math.factorial(-1)", "math.factorial(2.0)", "math.comb(-1, 2)", "math.comb(3, -1)",
            "math.perm(3, -2)", "math.isqrt(-4)", "math.gcd(1.5)", "math.log(0)", "math.log(-5)",
            "math.trunc('x')", "math.floor('x')"):
    try:
        print(bad, eval(bad))
    except (ValueError, TypeError) as e:
        print(bad, type(e).__name__, e)
