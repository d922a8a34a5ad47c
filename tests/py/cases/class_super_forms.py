# super() with and without arguments, in class methods and properties.
class A:
    def m(self): return "A.m"
    @classmethod
    def cm(cls): return "A.cm of " + cls.__name__
    @property
    def p(self): return "A.p"
class B(A):
    def m(self): return "B.m>" + super().m()
    @classmethod
    def cm(cls): return "B.cm>" + super().cm()
    @property
    def p(self): return "B.p>" + super().p
    def explicit(self): return super(B, self).m()
b = B()
print(b.m(), B.cm(), b.p, b.explicit())
print(super(B, b).m(), super(B, B).cm())
s = super(B, b)
print(type(s).__name__)
def outside(self):
    return super().m()
try:
    outside(b)
except RuntimeError as e:
    print("RuntimeError", e)
