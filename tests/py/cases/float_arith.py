# Float arithmetic and special values.
print(0.1 + 0.2, 0.1 * 3, 1 - 0.9, 3.0 / 2, 2.5 * 4, 7.0 // 2, 7.0 % 2)
print(1e308 * 10, -1e308 * 10, 1e-320 / 1e10)
inf = float("inf")
nan = float("nan")
print(inf - inf, inf * 0, inf + 1, -inf < 0 < inf, nan != nan)
print(nan > 1, nan < 1, nan == nan, inf == inf)
try:
    1.0 / 0.0
except ZeroDivisionError as e:
    print(e)
try:
    1.0 % 0.0
except ZeroDivisionError as e:
    print(e)
try:
    2.0 ** 10000
except OverflowError as e:
    print(e)
print((-8.0) ** 2, 2.0 ** 0.5, 10.0 ** -3, abs(-2.5), -(-0.0))
print(3.7 // 1, -3.7 // 1, 3.7 % 1 < 0.71)
