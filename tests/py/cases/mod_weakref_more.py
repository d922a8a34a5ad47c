# weakref: proxies forward operators, proxy callbacks get the proxy,
# __callback__, WeakKeyDictionary/WeakValueDictionary methods, WeakSet
# operations, finalize with keyword arguments.
import weakref
class Num:
    def __init__(self, v): self.v = v
    def __add__(self, o): return Num(self.v + (o.v if isinstance(o, Num) else o))
    def __eq__(self, o): return isinstance(o, Num) and self.v == o.v
    def __lt__(self, o): return self.v < o.v
    def __len__(self): return self.v
    def __getitem__(self, i): return i * self.v
    def __iter__(self): return iter(range(self.v))
    def __hash__(self): return hash(self.v)
n = Num(3)
p = weakref.proxy(n)
print((p + 1).v, (p + Num(2)).v, p == Num(3), p < Num(4), len(p), p[5], list(p), 2 in p, bool(p))
log = []
p2 = weakref.proxy(n, lambda pr: log.append(type(pr).__name__))
print(p2 is not p, weakref.getweakrefcount(n))
cb = lambda r: None
r = weakref.ref(n, cb)
print(r.__callback__ is cb, weakref.ref(n).__callback__, r() is n)
del n
print(log, r(), r.__callback__)
try: p.v
except ReferenceError as e: print("ReferenceError", e)
class K:
    def __init__(self, name): self.name = name
keys = [K("a"), K("b")]
wkd = weakref.WeakKeyDictionary({keys[0]: 1})
wkd[keys[1]] = 2
print(len(wkd), sorted(k.name for k in wkd), wkd.get(keys[0]), wkd.setdefault(keys[1], 9), keys[0] in wkd, 5 in wkd)
print(wkd.pop(keys[0]), len(wkd), sorted(v for v in wkd.values()))
del keys[1]
print(len(wkd))
vals = [K("x"), K("y")]
wvd = weakref.WeakValueDictionary(first=vals[0])
wvd.update({"second": vals[1]})
print(sorted(wvd.keys()), sorted(v.name for k, v in wvd.items()), wvd.pop("first").name, len(wvd))
c2 = wvd.copy(); print(type(c2).__name__, len(c2))
try: wvd.pop("nope")
except KeyError as e: print("KeyError", e)
objs = [K(str(i)) for i in range(5)]
s1 = weakref.WeakSet(objs[:3]); s2 = weakref.WeakSet(objs[2:])
print(len(s1 | s2), len(s1 & s2), len(s1 - s2), len(s1 ^ s2), s1.issubset(objs), s1 == weakref.WeakSet(objs[:3]))
s1.remove(objs[0])
try: s1.remove(objs[0])
except KeyError: print("KeyError on remove")
print(len(s1), objs[1] in s1, 1 in s1)
target = K("t")
f = weakref.finalize(target, print, "finalized", "t", sep="-")
print(f.alive, f.peek()[3], f.atexit)
f.atexit = False
del target
print(f.alive)
