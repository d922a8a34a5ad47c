# pow operator corners and the @ operator with a user type.
print(0 ** 0, 2 ** 100, (-2) ** 3, (-2) ** -2, 2 ** -2)
print(4 ** 0.5, 0.0 ** 0, 10 ** 20 // 10 ** 18)
try:
    0 ** -1
except ZeroDivisionError as e:
    print(e)
class M:
    def __init__(self, v): self.v = v
    def __matmul__(self, o): return M(self.v * o.v + 1)
    def __rmatmul__(self, o): return M(o * self.v)
    def __imatmul__(self, o): self.v = -1; return self
m = M(3) @ M(4)
print(m.v, (2 @ M(5)).v)
m @= M(0)
print(m.v)
