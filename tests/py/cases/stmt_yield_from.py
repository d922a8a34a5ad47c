# yield from delegation, return values, send through.
def inner():
    x = yield "inner 1"
    print("inner got", x)
    yield "inner 2"
    return "inner result"
def outer():
    result = yield from inner()
    print("outer got", result)
    yield "outer"
g = outer()
print(next(g))
print(g.send("sent"))
print(next(g))
print(list(outer()))
def flatten(items):
    for it in items:
        if isinstance(it, list):
            yield from flatten(it)
        else:
            yield it
print(list(flatten([1, [2, [3, 4], 5], [[6]]])))
def from_range():
    yield from range(3)
    yield from "ab"
print(list(from_range()))
