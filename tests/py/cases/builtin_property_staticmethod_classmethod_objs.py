# property, staticmethod and classmethod used as plain functions.
class C:
    def __init__(self): self._v = 1
    def get_v(self): return self._v
    def set_v(self, v): self._v = v * 10
    v = property(get_v, set_v)
    def plain(x): return x * 2
    plain = staticmethod(plain)
    def make(cls): return cls.__name__
    make = classmethod(make)
c = C()
c.v = 4
print(c.v, C.plain(3), c.plain(4), C.make(), c.make())
p = property(lambda self: 42)
print(p.fget(None), p.fset, p.fdel)
p2 = p.setter(lambda self, v: None)
print(p2 is p, p2.fset is not None)
print(type(staticmethod(len)).__name__, type(classmethod(len)).__name__)
