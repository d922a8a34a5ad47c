# repr and str of floats use the shortest round-tripping digits.
vals = [0.1, 0.2, 0.3, 1/3, 2/3, 1e16, 1e-7, 123456789.123456789, 1.0, -0.0, 0.0,
        5e-324, 1.7976931348623157e308, 1e22, 1e21, 12345678901234567890.0,
        0.000123, 100.0, 1.5, 2.675, float("inf"), float("-inf"), float("nan")]
for v in vals:
    print(repr(v), str(v))
print(float("1e500"), float("-1e500"), float(" 3.25 "), float("1_0.5"), float("-nan"))
print(float("infinity"), float("INF"), float("+inf"), float("nAn"))
