# __hash__ and __eq__ interplay; unhashable instances.
class Key:
    def __init__(self, k): self.k = k
    def __eq__(self, o): return isinstance(o, Key) and self.k == o.k
    def __hash__(self): return hash(self.k)
d = {Key(1): "one", Key(2): "two"}
print(d[Key(1)], Key(2) in d, Key(3) in d, len({Key(1), Key(1)}))
class EqOnly:
    def __eq__(self, o): return True
print(EqOnly.__hash__)
try:
    {EqOnly()}
except TypeError as e:
    print(e)
class Plain: pass
p = Plain()
print(hash(p) == hash(p), {p: 1}[p])
class NoHash:
    __hash__ = None
try:
    hash(NoHash())
except TypeError as e:
    print(e)
class BigHash:
    def __hash__(self): return 2 ** 70
print(hash(BigHash()) == hash(2 ** 70))
class BadHash:
    def __hash__(self): return "x"
try:
    hash(BadHash())
except TypeError as e:
    print(e)
