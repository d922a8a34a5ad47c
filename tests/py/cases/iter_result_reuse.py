# zip and enumerate build each item in the tuple they returned last time
# when no one else holds it (CPython does the same); what a program can
# see must not change.
import gc

# Kept tuples are distinct and keep their values.
pairs = list(zip(range(4), "abcd"))
print(pairs, len(set(map(id, pairs))))
numbered = list(enumerate(["x", "y", "z"], 10))
print(numbered)

# A dropped tuple comes back with new items.
z = zip(range(3), range(10, 13))
first = id(next(z))
print(first == id(next(z)))

# A tuple held by the program is never rebuilt behind its back.
z = zip("ab", "cd")
t1 = next(z)
t2 = next(z)
print(t1, t2, t1 is t2)

# Tracking: a collection untracks a kept tuple of atoms; the tuple is
# tracked again when it is reused, so containers in it are seen.
z = zip([1, 2, [], "s"], [3, 4, {}, "t"])
next(z)
gc.collect()
t = next(z)
print(t, gc.is_tracked(t))
del t
gc.collect()
t = next(z)
print(t, gc.is_tracked(t))
del t
t = next(z)
print(t)

e = enumerate([[1], 2, [3]])
for i, v in e:
    print(i, v)

# A cycle through a reused tuple is collected.
class Node:
    pass


src = [Node() for _ in range(3)]
z = zip(src, src)
for a, b in z:
    a.ref = z                   # the zip refers to its own results' items
del a, b, src
z = None
print("collected", gc.collect() > 0)

# Unpacking a tuple of the wrong size still fails as CPython fails.
try:
    for a, b in zip(range(2), range(2), range(2)):
        pass
except ValueError as e:
    print("ValueError:", e)
try:
    a, b = (1,)
except ValueError as e:
    print("ValueError:", e)
a, b, c = (1, 2, 3)
print(a, b, c)
