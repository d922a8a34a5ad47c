# tuple: CPython's hash for tuples of ints, floats, bools and nested
# tuples (so sets of tuples print in CPython's order), comparisons item
# by item, repetition, concatenation and slicing identities.
print(hash(()), hash((1,)), hash((1, 2)), hash((1, (2, 3))), hash((-1,)), hash((0.5, -0.5, True)))
print({(1, 2), (2, 1), (0, 0), (3, 4)}, {(i, -i) for i in range(5)})
a = (1, 2, 3)
print(a < (1, 2, 4), a <= (1, 2), (1, 2) < (1, 2, 0), () < (0,), a == (1, 2, 3), (1, (2,)) > (1, (1, 9)))
try:
    (1, 2) < (1, "a")
except TypeError as e:
    print("TypeError:", e)
n = float("nan")
print((n,) == (n,), (n, 1) < (n, 2), [n] == [n], n in (n,))
print(a[:] is a, a[0:3] is a, a + () is a, () + a is a, a * 1 is a, a * 0, a * -1, 2 * a)
print(a[::-1], a[::2], a[5:], a[-10:1], a.index(3), a.count(1), a.index(2, 1, 3))
try:
    a.index(9)
except ValueError as e:
    print("ValueError:", e)
try:
    a[3]
except IndexError as e:
    print("IndexError:", e)
try:
    a + [4]
except TypeError as e:
    print("TypeError:", e)
class T(tuple):
    pass
t = T([1, 2])
print(t, type(t).__name__, t + (3,), type(t + (3,)).__name__, t[:], type(t[:]).__name__, hash(t) == hash((1, 2)))
print(tuple("ab"), tuple({1: 2}), tuple(range(3)), tuple(x * 2 for x in range(3)), a.__getnewargs__())
