# `x in s` for a set or frozenset and an int or str key goes straight to
# the lookup; what it answers must not change.
s = {1, 2.5, "a", (1, 2), True, None}
print(1 in s, 0 in s, "a" in s, "b" in s, 2 in s, 1.0 in s, True in s)
fs = frozenset(range(0, 100, 7))
print([k for k in range(30) if k in fs], 7 not in fs, 8 not in fs)
big = 2 ** 70
print(big in {big}, big + 1 in {big}, -1 in {-1, -2}, -2 in {-1})
print("é" in {"é"}, "e" in {"é"}, "" in {""}, "x" * 50 in {"x" * 50})


class Weird:
    def __init__(self, h):
        self.h = h

    def __hash__(self):
        return self.h

    def __eq__(self, other):
        if isinstance(other, int):
            raise ValueError("compared with %r" % other)
        return self is other


w = Weird(5)
t = {w}
print(6 in t)
try:
    print(5 in t)               # same hash: the comparison runs and raises
except ValueError as e:
    print("ValueError:", e)


class MySet(set):
    def __contains__(self, item):
        return "MySet says yes"


print(3 in MySet(), "k" in MySet({"k"}))
print({1: 2}.keys() and 1 in {1: 2}, "a" in "cat", 2 in [1, 2], 3 in (1, 2))
try:
    [] in {1}
except TypeError as e:
    print("TypeError:", e)
