# set() and frozenset() constructors with small ints.
print(set(), frozenset(), set([3, 1, 2, 3]), frozenset(range(5)))
print(set(range(10, 0, -2)), sorted(set("hello")), len(frozenset("abca")))
fs = frozenset([1, 2])
print({fs: "frozenset as key"}[frozenset([2, 1])], hash(fs) == hash(frozenset([1, 2])))
s = set(fs)
s.add(3)
print(s, fs, type(fs | s).__name__, type(s | fs).__name__)
try:
    {[1]}
except TypeError as e:
    print(e)
try:
    hash(set())
except TypeError as e:
    print(e)
print(frozenset([1]) == {1}, set() == frozenset())
