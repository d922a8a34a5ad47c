# Bound and unbound methods.
class C:
    def __init__(self, v): self.v = v
    def get(self): return self.v
c = C(5)
m = c.get
print(m(), C.get(c), m.__self__ is c, m.__func__ is C.get)
print(type(m).__name__, type(C.get).__name__)
print(c.get == c.get, c.get is c.get)
d = C(6)
print(c.get == d.get)
methods = [C(i).get for i in range(3)]
print([f() for f in methods])
c.get = lambda: "instance attribute wins"
print(c.get())
print(m.__name__, m.__qualname__)
