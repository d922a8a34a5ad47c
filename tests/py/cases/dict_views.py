# keys/values/items views: dynamic, set operations on keys and items.
d = {"a": 1, "b": 2, "c": 3}
k, v, i = d.keys(), d.values(), d.items()
print(k, v, i)
d["d"] = 4
print(list(k), list(v), len(i), "a" in k, 4 in v, ("a", 1) in i, ("a", 2) in i)
print(sorted(k & {"a", "z", "b"}), sorted(k | {"z"}), sorted(k - {"a"}), sorted(k ^ {"a", "q"}))
print(k == {"a", "b", "c", "d"}, k.isdisjoint({"x"}), sorted(i & {("a", 1), ("b", 0)}))
print(list(reversed(d.keys())), list(reversed(d.values())), list(reversed(d.items()))[0])
del d["a"]
print(list(k), type(k).__name__, type(v).__name__, type(i).__name__)
try:
    for key in d:
        d["new"] = 0
except RuntimeError as e:
    print(e)
print(d.keys() == d.keys(), d.values() == d.values())
