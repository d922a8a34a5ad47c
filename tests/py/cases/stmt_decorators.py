# Function and class decorators, stacked, with arguments.
def trace(fn):
    def wrapper(*a, **k):
        print("calling", fn.__name__, a, k)
        return fn(*a, **k)
    return wrapper
def times(n):
    def deco(fn):
        def wrapper(*a):
            return [fn(*a) for _ in range(n)]
        return wrapper
    return deco
@trace
def add(a, b):
    return a + b
print(add(1, b=2))
@times(3)
@trace
def one():
    return 1
print(one())
order = []
def mark(tag):
    order.append("make " + tag)
    def d(f):
        order.append("apply " + tag)
        return f
    return d
@mark("outer")
@mark("inner")
def g(): pass
print(order)
def register(cls):
    cls.registered = True
    return cls
@register
class K: pass
print(K.registered)
@(lambda f: f.__name__.upper())
def expression_decorator(): pass
print(expression_decorator)
