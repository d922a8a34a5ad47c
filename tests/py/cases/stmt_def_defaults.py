# Default arguments and their evaluation time.
def f(a, b=2, c=3):
    return (a, b, c)
print(f(1), f(1, 5), f(1, c=9), f(a=0, b=0, c=0))
counter = 10
def g(x=counter):
    return x
counter = 20
print(g())
def append_to(item, target=[]):
    target.append(item)
    return target
print(append_to(1), append_to(2))
print(append_to.__defaults__)
def h(a, b=None):
    if b is None:
        b = []
    b.append(a)
    return b
print(h(1), h(2))
print(f.__defaults__, f.__name__)
