# Iterating a dict while it changes: a size change is RuntimeError (and
# stays one), a delete-then-add of the same size keeps iterating until an
# unexpected key shows up, values may be replaced freely; the order of
# popitem, reversed() and the views.
d = {i: i * i for i in range(6)}
for k in d:
    d[k] = -k
print(d)
it = iter(d)
next(it)
d["new"] = 1
try:
    next(it)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    next(it)
except RuntimeError as e:
    print("again RuntimeError:", e)
except StopIteration:
    print("StopIteration")
d = {1: "a", 2: "b"}
seen = []
try:
    for k in d:
        seen.append(k)
        del d[k]
        d[k + 10] = "x"
except RuntimeError as e:
    print("RuntimeError:", e)
print(seen, d)
d = dict.fromkeys("abcde", 0)
print([d.popitem() for _ in range(3)], d)
d["z"] = 1
d["a"] = 2
print(list(reversed(d)), list(reversed(d.values())), list(reversed(d.items())))
h = iter(d.items())
print(h.__length_hint__(), next(h), h.__length_hint__())
r = reversed(d.keys())
print(next(r), list(r))
e = {}
try:
    e.popitem()
except KeyError as err:
    print("KeyError:", err)
big = {i: i for i in range(100)}
for i in range(0, 100, 3):
    del big[i]
print(len(big), list(big)[:5], list(reversed(big))[:3], big.popitem(), big.popitem())
while len(big) > 2:
    big.popitem()
print(big)
