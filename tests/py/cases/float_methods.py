# float.is_integer, as_integer_ratio, hex, fromhex, int conversion.
for v in (1.0, 1.5, -2.0, 0.1, 1e300, 0.0):
    print(v, v.is_integer(), v.as_integer_ratio())
print((0.5).hex(), (1.0).hex(), float.fromhex("0x1.8p1"), float.fromhex("-0x1p-2"))
print(int(2.9), int(-2.9), float(7), float("1e3"), float(True))
try:
    float("inf").as_integer_ratio()
except OverflowError as e:
    print(e)
try:
    float("nan").as_integer_ratio()
except ValueError as e:
    print(e)
try:
    int(float("nan"))
except ValueError as e:
    print(e)
try:
    int(float("inf"))
except OverflowError as e:
    print(e)
print((3.5).real, (3.5).imag, (3.5).conjugate())
