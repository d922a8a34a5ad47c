# frozenset: hashing (equal to the set-independent CPython value for
# ints), use as dict keys and set items, a set looked up as a frozenset;
# subclasses of set and frozenset; the set methods with several and with
# non-set iterables.
f = frozenset([1, 2, 3])
print(f, frozenset(), hash(f) == hash(frozenset([3, 2, 1])), hash(frozenset()))
print(hash(frozenset([1, 2])), hash(frozenset(range(10))), hash(frozenset([-1, 7])))
print({f: "f"}[frozenset({1, 2, 3})], {1, 2, 3} in {f}, {f, frozenset([1, 2, 3])})
s = {frozenset([1]), frozenset([2])}
s.discard({1})
print(s, frozenset(f) is f, f.copy() is f, type(f | {4}).__name__, type({4} | f).__name__)
class S(set):
    pass
class F(frozenset):
    pass
a = S([3, 1, 2])
print(a, S(), F([1]), F(), type(a | {9}).__name__, type(a.copy()).__name__, a == {1, 2, 3})
print(type(F([1]) & {1}).__name__, F([1, 2]) == frozenset([2, 1]), hash(F([1, 2])) == hash(frozenset([1, 2])))
a.add(7)
a -= {1}
print(a, sorted(a), len(a), 7 in a)
t = {1, 2, 3, 4}
print(t.union([5], (6,), range(7, 9)), t.intersection([2, 3, 9], {3, 4}), t.difference((1,), [2]))
print(t.symmetric_difference(x for x in [4, 5]), t.issubset(range(10)), t.issuperset([1, 2]), t.isdisjoint(iter([9])))
t.update("ab")
print(sorted(map(str, t)))
u = set(range(10))
u.intersection_update([1, 2, 3, 4], (2, 3, 4, 5))
print(u)
u.difference_update([3], {9})
print(u)
u.symmetric_difference_update(range(3))
print(u)
try:
    frozenset().add
except AttributeError as e:
    print("AttributeError:", e)
try:
    {1} | [2]
except TypeError as e:
    print("TypeError:", e)
try:
    set().pop()
except KeyError as e:
    print("KeyError:", e)
try:
    {1}.remove(5)
except KeyError as e:
    print(repr(e))
