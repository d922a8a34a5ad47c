# range over ints of any size: len (OverflowError past ssize_t), items,
# slices (a range), in, index, count, reversed, equality and hashing,
# the iterator's length hint.
r = range(10**20, 10**20 + 10, 3)
print(r, len(r), r[0], r[-1], r[1:3], r[::-1], list(r), list(reversed(r)))
print(10**20 + 3 in r, 10**20 + 4 in r, r.index(10**20 + 6), r.count(10**20 + 9))
huge = range(10**30)
try:
    len(huge)
except OverflowError as e:
    print("OverflowError:", e)
print(huge[10**29], huge[-1], huge[5:10**29:10**28], bool(huge), 10**29 in huge)
print(range(0, -10, -3), list(range(0, -10, -3)), range(0, -10, -3)[1:], list(range(5)[::-2]))
print(range(3) == range(0, 3, 1), range(0) == range(4, 1), range(1, 2) == range(1, 5, 9))
print(hash(range(3)) == hash(range(0, 3)), hash(range(0)) == hash(range(9, 2)))
print(range(2**63 - 3, 2**63 + 2)[::2], list(range(2**63 - 3, 2**63 + 2)))
print(list(reversed(range(-2**63, -2**63 + 3))))
it = iter(range(5))
next(it)
print(it.__length_hint__(), list(it), it.__length_hint__())
print(range(7).index(3), range(7).count(3.0), 3.0 in range(7), "3" in range(7))
for args in ((), (1, 2, 3, 4), (1, 2, 0), ("a",), (1.5,)):
    try:
        range(*args)
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)
try:
    range(10)[10]
except IndexError as e:
    print("IndexError:", e)
try:
    range(10).index(10)
except ValueError as e:
    print("ValueError:", e)
print(r.start, r.stop, r.step, range(5).start, range(1, 5).step)
