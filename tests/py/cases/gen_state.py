# Generator objects: exhaustion, reuse, independence, and local state.
def gen():
    total = 0
    for i in range(3):
        total += i
        yield total
g = gen()
print(list(g), list(g))
a, b = gen(), gen()
print(next(a), next(a), next(b))
print(type(gen).__name__, type(g).__name__, gen.__name__, g.__name__)
print(iter(g) is g, hasattr(g, "send"), hasattr(g, "throw"), hasattr(g, "close"))
def fib():
    x, y = 0, 1
    while True:
        yield x
        x, y = y, x + y
f = fib()
print([next(f) for _ in range(15)])
