# sys.getrefcount in simple cases: the argument itself adds one.
import sys
a = []
print(sys.getrefcount(a))
b = a
print(sys.getrefcount(a))
container = [a, a]
print(sys.getrefcount(a))
del b
print(sys.getrefcount(a))
container.clear()
print(sys.getrefcount(a))
d = {"k": a}
print(sys.getrefcount(a))
def f(x):
    return sys.getrefcount(x)
print(f(a) > sys.getrefcount(a))
print(sys.getrefcount(None) > 1000, sys.getrefcount(1) > 100)
