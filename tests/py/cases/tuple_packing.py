# Tuple packing, unpacking, swapping, returning several values.
def minmax(seq):
    return min(seq), max(seq)
lo, hi = minmax([3, 9, 1])
print(lo, hi, minmax("hello"))
a, b, c = 1, 2, 3
a, b, c = c, a, b
print(a, b, c)
point = 3, 4
x, y = point
print(point, x * y, type(point).__name__)
nested = (1, (2, (3, (4,))))
_, (_, (_, (deep,))) = nested
print(deep)
records = [("a", 1), ("b", 2)]
print([name * n for name, n in records])
print(tuple(reversed((1, 2, 3))), (1, 2) + (3,), (0,) * 3, len(((),)))
