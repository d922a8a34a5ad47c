# copy: classes with __slots__, __getstate__/__setstate__, __reduce__,
# list and dict subclasses, memo sharing, and copying collections types.
import copy
from collections import OrderedDict, Counter, deque, namedtuple, defaultdict
class Slotted:
    __slots__ = ("a", "b")
    def __init__(self): self.a = [1]; self.b = {"k": [2]}
s = Slotted(); t = copy.deepcopy(s)
print(t.a, t.b, t.a is s.a, t.b["k"] is s.b["k"], copy.copy(s).a is s.a)
class Stateful:
    def __init__(self): self.x = 1; self.cache = "big"
    def __getstate__(self):
        st = self.__dict__.copy(); del st["cache"]; return st
    def __setstate__(self, st): self.__dict__.update(st); self.cache = None
u = copy.copy(Stateful()); print(u.x, u.cache)
class Reduced:
    def __init__(self, v): self.v = v
    def __reduce__(self): return (Reduced, (self.v * 2,))
print(copy.copy(Reduced(5)).v, copy.deepcopy(Reduced(5)).v)
class MyList(list): pass
ml = MyList([[1], [2]]); ml.tag = "t"; ml2 = copy.deepcopy(ml)
print(type(ml2).__name__, ml2, ml2.tag, ml2[0] is ml[0])
shared = [0]; data = {"a": shared, "b": shared, "c": (shared,)}
dc = copy.deepcopy(data); print(dc["a"] is dc["b"], dc["c"][0] is dc["a"], dc["a"] is shared)
od = OrderedDict(a=[1], b=[2]); od2 = copy.deepcopy(od); print(od2, od2["a"] is od["a"], type(od2).__name__)
cn = copy.copy(Counter("aab")); print(cn, type(cn).__name__)
dq = deque([[1], [2]], maxlen=5); dq2 = copy.deepcopy(dq); print(dq2, dq2.maxlen, dq2[0] is dq[0])
P = namedtuple("P", "x y"); pp = copy.deepcopy(P([1], 2)); print(pp, type(pp).__name__)
dd = defaultdict(list, a=[1]); dd2 = copy.deepcopy(dd); dd2["b"].append(3); print(dd2, dd2["a"] is dd["a"])
memo = {}; x = [1]; y = copy.deepcopy([x, x], memo); print(y[0] is y[1], id(x) in memo)
class Cyc:
    def __init__(self): self.me = self; self.items = [self]
cc = copy.deepcopy(Cyc()); print(cc.me is cc, cc.items[0] is cc)
