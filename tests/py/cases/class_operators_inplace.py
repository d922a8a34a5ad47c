# In-place operators: __iadd__ and friends, and the fallback to __add__.
class Acc:
    def __init__(self, v): self.v = v
    def __repr__(self): return f"Acc({self.v})"
    def __iadd__(self, o): self.v += o; return self
    def __isub__(self, o): self.v -= o; return self
    def __imul__(self, o): self.v *= o; return self
    def __itruediv__(self, o): self.v /= o; return self
    def __ifloordiv__(self, o): self.v //= o; return self
    def __imod__(self, o): self.v %= o; return self
    def __ipow__(self, o): self.v **= o; return self
    def __ilshift__(self, o): self.v <<= o; return self
    def __irshift__(self, o): self.v >>= o; return self
    def __iand__(self, o): self.v &= o; return self
    def __ior__(self, o): self.v |= o; return self
    def __ixor__(self, o): self.v ^= o; return self
a = Acc(10)
orig = a
a += 5; a -= 3; a *= 4; print(a)
a //= 5; a %= 7; a **= 3; print(a)
a <<= 2; a >>= 1; a &= 0xFF; a |= 1; a ^= 3; print(a)
a /= 2; print(a, a is orig)
class OnlyAdd:
    def __init__(self, v): self.v = v
    def __add__(self, o): return OnlyAdd(self.v + o)
x = OnlyAdd(1)
y = x
x += 1
print(x.v, y.v, x is y)
class Ret:
    def __iadd__(self, o): return "replaced"
r = Ret()
r += 1
print(r)
