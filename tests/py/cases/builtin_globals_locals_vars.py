# globals, locals, vars.
top = "module level"
print(globals()["top"], globals() is vars(), "top" in locals())
class P:
    def __init__(self):
        self.a = 1
        self.b = 2
print(vars(P()))
def f(x):
    y = x + 1
    return locals()
print(f(1))
import math
print(vars(math)["pi"] == math.pi)
try:
    vars(5)
except TypeError as e:
    print(e)
print(sorted(k for k in vars(P) if not k.startswith("__")))
