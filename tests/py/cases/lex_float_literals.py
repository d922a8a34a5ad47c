# Float literals.
print(1.0, 1., .5, 0.0, 00.5)
print(1e10, 1E-5, 1.5e+3, 2.e2, .5e1)
print(1_000.000_1, 1e1_0)
print(3.141592653589793, 1e308, 1e-320)
print(1e309, -1e309)
print(0.1 + 0.2, 1/3)
print(type(1e0).__name__, 10e0 == 10)
