# Keyword-only parameters.
def f(a, *, b, c=3):
    return a, b, c
print(f(1, b=2))
print(f(1, c=0, b=9))
try:
    f(1, 2)
except TypeError as e:
    print(e)
try:
    f(1)
except TypeError as e:
    print(e)
def g(*args, flag=False):
    return args, flag
print(g(1, 2, flag=True))
print(f.__kwdefaults__)
def h(*, x, y):
    return x - y
print(h(y=1, x=10))
try:
    h()
except TypeError as e:
    print(e)
