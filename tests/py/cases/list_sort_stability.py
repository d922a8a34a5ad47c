# list.sort and sorted: stability (with key and reverse), runs up and
# down, only `<` is used, the TypeError of mixed types, an exception from
# a key or a comparison, and a list modified during the sort.
import random
random.seed(12345)
data = [random.randrange(20) for _ in range(300)]
pairs = [(x, i) for i, x in enumerate(data)]
by_key = sorted(pairs, key=lambda p: p[0])
print(by_key[:8])
print(all(a[1] < b[1] for a, b in zip(by_key, by_key[1:]) if a[0] == b[0]))
rev = sorted(pairs, key=lambda p: p[0], reverse=True)
print(rev[:8])
print(all(a[1] < b[1] for a, b in zip(rev, rev[1:]) if a[0] == b[0]))
print(sorted(data) == sorted(data, key=lambda x: x), sorted(data)[::37])
l = list(range(40)) + list(range(80, 0, -1)) + list(range(25))
l.sort()
print(l[::9])
words = ["pear", "Apple", "fig", "banana", "Fig", "apple"]
print(sorted(words), sorted(words, key=len), sorted(words, key=len, reverse=True))
class OnlyLess:
    calls = 0
    def __init__(self, v):
        self.v = v
    def __lt__(self, other):
        OnlyLess.calls += 1
        return self.v < other.v
    def __repr__(self):
        return "L%d" % self.v
objs = [OnlyLess(v) for v in [5, 2, 9, 2, 7]]
print(sorted(objs), OnlyLess.calls > 0)
class OnlyGreater:
    def __init__(self, v):
        self.v = v
    def __gt__(self, other):
        return self.v > other.v
    def __repr__(self):
        return "G%d" % self.v
print(sorted([OnlyGreater(3), OnlyGreater(1), OnlyGreater(2)]))
for bad in ([1, "a"], [3, 2, "a", 1], [None, 0]):
    try:
        sorted(bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    sorted([3, 1, 2], key=lambda x: 1 // (x - 1))
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
victim = [4, 1, 3]
def key(x):
    victim.append(x)
    return x
try:
    victim.sort(key=key)
except ValueError as e:
    print("ValueError:", e, victim)
try:
    [1, 2].sort(1)
except TypeError as e:
    print("TypeError:", e)
try:
    [1, 2].sort(cmp=None)
except TypeError as e:
    print("TypeError:", e)
print(sorted([], reverse=True), sorted([1]), sorted((2, 1)), sorted({3: 0, 1: 0}))
