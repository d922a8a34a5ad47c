# round() with floats and ints: banker's rounding and ndigits.
print(round(0.5), round(1.5), round(2.5), round(-0.5), round(-1.5))
print(round(2.675, 2), round(1.005, 2), round(3.14159, 3), round(1234.5678, -2))
print(round(7), round(7, 1), round(1234, -2), round(1250, -2), round(1350, -2), round(-1250, -2))
print(type(round(2.5)).__name__, type(round(2.5, 0)).__name__, round(2.5, 0))
print(round(1e300), round(0.1 + 0.2, 10))
try:
    round(float("inf"))
except OverflowError as e:
    print(e)
try:
    round(float("nan"))
except ValueError as e:
    print(e)
