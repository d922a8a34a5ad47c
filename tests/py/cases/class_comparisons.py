# Rich comparisons, reflection, NotImplemented, and defaults.
class N:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return isinstance(o, N) and self.v == o.v
    def __lt__(self, o):
        if not isinstance(o, N): return NotImplemented
        return self.v < o.v
    def __le__(self, o): return self.v <= o.v
    def __repr__(self): return f"N({self.v})"
a, b = N(1), N(2)
print(a == N(1), a != N(1), a != b, a < b, b > a, a <= b, b >= a)
print(sorted([N(3), N(1), N(2)]), max(N(5), N(7)))
try:
    a < 5
except TypeError as e:
    print(e)
class Plain: pass
p, q = Plain(), Plain()
print(p == p, p == q, p != q)
try:
    p < q
except TypeError as e:
    print(e)
class Gt:
    def __gt__(self, o):
        print("Gt.__gt__ called")
        return True
print(1 < Gt())
class Ne:
    def __eq__(self, o): return "eq result"
print(Ne() == 1, Ne() != 1)
