# Set algebra methods and operators, with small ints.
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union(b, [9]), a.intersection(b, {4}), a.difference(b, [1]), a.symmetric_difference([1, 7]))
print({1, 2} <= a, {1, 2} < a, a < a, a <= a, a >= {1}, a > a, {1, 2}.issubset([1, 2, 3]), a.issuperset([1]))
print(a.isdisjoint({7, 8}), a.isdisjoint(b), a == {4, 3, 2, 1}, a != b)
c = set(a)
c |= {10}; print(c)
c &= {1, 2, 10}; print(c)
c -= {1}; print(c)
c ^= {2, 3}; print(c)
c.update([7], (8,)); print(c)
c.intersection_update(range(8)); print(c)
c.difference_update({3}); print(c)
c.symmetric_difference_update({0, 7}); print(c)
fs = frozenset({1, 2})
print(fs | {3}, fs & {2}, {2} & fs, fs.union([5]), type(fs.copy()).__name__, fs.copy() is fs)
try:
    a | [1]
except TypeError as e:
    print(e)
try:
    fs.add(3)
except AttributeError as e:
    print(e)
