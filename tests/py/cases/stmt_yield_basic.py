# Generator functions with yield.
def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1
print(list(count_up(4)))
g = count_up(2)
print(type(g).__name__, next(g), next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration", e.value)
def with_return():
    yield 1
    return "done"
g = with_return()
next(g)
try:
    next(g)
except StopIteration as e:
    print("return value:", e.value)
def echo():
    received = None
    while True:
        received = yield received
        if received is None:
            return
        received = received * 2
e = echo()
print(next(e), e.send(5), e.send("ab"))
