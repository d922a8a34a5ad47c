# functools: total_ordering, cached_property, cmp_to_key, partial
# flattening and attributes, singledispatch, partialmethod, lru_cache
# with typed and keyword arguments.
import functools
@functools.total_ordering
class Version:
    def __init__(self, n): self.n = n
    def __eq__(self, other): return self.n == other.n
    def __lt__(self, other): return self.n < other.n
    def __repr__(self): return "V%d" % self.n
vs = [Version(3), Version(1), Version(2)]
print(sorted(vs), Version(1) <= Version(1), Version(2) > Version(1), Version(1) >= Version(2))
class Data:
    calls = 0
    @functools.cached_property
    def total(self):
        Data.calls += 1
        return 42
d = Data(); print(d.total, d.total, Data.calls, "total" in d.__dict__)
del d.total; print(d.total, Data.calls)
print(sorted(["bb", "a", "ccc", "dd"], key=functools.cmp_to_key(lambda x, y: len(x) - len(y))))
k = functools.cmp_to_key(lambda x, y: (x > y) - (x < y)); print(k(1) < k(2), k(3) == k(3), k(5).obj)
base = functools.partial(max, 1, key=abs)
p = functools.partial(base, -7)
print(p(3), p.func is max, p.args, sorted(p.keywords.items()), functools.partial(int, "10", base=2)())
print(repr(functools.partial(int, base=16)))
@functools.singledispatch
def describe(x): return "object"
@describe.register(int)
def _(x): return "int %d" % x
@describe.register
def _(x: list): return "list of %d" % len(x)
print(describe("s"), describe(5), describe([1, 2]), describe(True), describe(2.5))
class Cell:
    def __init__(self): self.state = None
    def set_state(self, state): self.state = state
    set_alive = functools.partialmethod(set_state, True)
c = Cell(); c.set_alive(); print(c.state)
@functools.lru_cache(maxsize=None, typed=True)
def kind(x, *, tag=""): return type(x).__name__ + tag
print(kind(1), kind(1.0), kind(1, tag="!"), kind(1), kind.cache_info())
@functools.lru_cache(maxsize=3)
def sq(x): return x * x
for v in [1, 2, 3, 1, 4, 2, 5]: sq(v)
print(sq.cache_info(), sq.cache_parameters())
print(functools.reduce(lambda acc, x: acc * 10 + x, [1, 2, 3]), functools.reduce(max, [], "empty"))
for bad in ("functools.reduce(max, [])", "functools.partial(1)", "functools.lru_cache('x')"):
    try:
        eval(bad)
    except TypeError as e:
        print(bad, e)
