# Subclasses of dict: __missing__ for d[k] (not for get or in), the
# methods and operators on subclass instances, views of them, dict(...)
# and copy() returning plain dicts, KeyError carrying the key itself.
class Counter(dict):
    def __missing__(self, key):
        return 0
c = Counter(a=2)
c["b"] += 5
print(c, c["zz"], c.get("zz"), "zz" in c, len(c), type(c).__name__)
print(dict(c), type(c.copy()).__name__, c == {"a": 2, "b": 5}, c | {"q": 1})
class Defaulting(dict):
    def __missing__(self, key):
        value = self[key] = [key]
        return value
d = Defaulting()
d["x"].append(1)
d["y"]
print(d, list(d.keys()), list(d.items()))
class Plain(dict):
    pass
p = Plain({1: 2}, three=3)
print(p, p.keys(), sorted(p.values()), p.pop(1), p)
try:
    p["missing"]
except KeyError as e:
    print(repr(e), e.args)
try:
    {}[(1, 2)]
except KeyError as e:
    print(repr(e), e.args)
try:
    del p["nope"]
except KeyError as e:
    print(repr(e))
p.update([("k", "v")], w=0)
p |= {"or": True}
print(p, isinstance(p, dict), dict.fromkeys.__self__ is dict)
print(Plain.fromkeys("ab", 1), type(Plain.fromkeys("ab")).__name__)
class Logged(dict):
    def __setitem__(self, k, v):
        print("set", k, v)
        super().__setitem__(k, v)
lg = Logged()
lg["a"] = 1
lg.update(b=2)
lg.setdefault("c", 3)
print(lg)
