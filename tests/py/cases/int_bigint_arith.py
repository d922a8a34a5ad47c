# Arbitrary-precision integer arithmetic.
a = 2 ** 1000
print(a)
print(len(str(a)), a % 1000007, a.bit_length())
b = 3 ** 200 - 7 ** 90
print(b, -b)
print(a // b, a % b, divmod(-a, b) == (-a // b, -a % b))
print(a * b - b * a, (a + 1) - a, (-a) * (-a) == a * a)
f = 1
for i in range(1, 60):
    f *= i
print(f)
print(10 ** 50 + 1, (10 ** 50 + 1) // 7, -(10 ** 50) // 7)
print(2 ** 64, 2 ** 64 - 1, -2 ** 63, 2 ** 63 - 1)
print(123456789 ** 5, (-12345) ** 7)
print(int("9" * 60) + 1)
print(abs(-10 ** 30), hash(2 ** 61 - 1), hash(2 ** 61), hash(-(2 ** 70)))
print(1 << 200, (1 << 200) >> 199, -1 << 100, (-1 << 100) >> 98)
print((2 ** 130 - 1) & (2 ** 65 + 5), (2 ** 70) | 1, (2 ** 70) ^ (2 ** 70 + 3), ~(2 ** 80))
print(2 ** 100 == 2.0 ** 100, 2 ** 100 < 2 ** 100 + 1, 10 ** 30 > 1e29)
