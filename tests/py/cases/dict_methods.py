# dict get, setdefault, pop, popitem, update, copy, clear, fromkeys.
d = {"a": 1, "b": 2}
print(d.get("a"), d.get("z"), d.get("z", 0), d.setdefault("c", 3), d.setdefault("a", 100), d)
print(d.pop("b"), d.pop("zz", "default"), d)
d.update({"x": 9}, y=10)
d.update([("z", 11)])
print(d)
print(d.popitem(), d.popitem(), d)
c = d.copy()
c["new"] = 1
print(d, c)
d.clear()
print(d, len(c))
print(dict.fromkeys(["k1", "k2"], []), {}.fromkeys("ab", 0))
try:
    {}.pop("missing")
except KeyError as e:
    print(repr(e))
try:
    {}.popitem()
except KeyError as e:
    print(e)
