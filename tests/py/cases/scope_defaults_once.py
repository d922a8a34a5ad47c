# Default values are evaluated once, at definition time.
evaluated = []
def default():
    evaluated.append("evaluated")
    return []
def f(acc=default()):
    acc.append(len(acc))
    return acc
print(evaluated)
print(f(), f(), f([9]), f())
print(evaluated)
print(f.__defaults__)
x = 1
def g(a=x, b=x * 10):
    return a, b
x = 2
print(g())
