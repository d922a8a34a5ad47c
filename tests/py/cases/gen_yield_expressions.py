# yield as an expression in various positions.
def g():
    x = (yield 1) + 10
    y = [(yield x), (yield x * 2)]
    print("y is", y)
    z = yield
    print("z is", z)
it = g()
print(next(it))
print(it.send(5))
print(it.send("first"))
print(it.send("second"))
try:
    it.send("last")
except StopIteration:
    print("done")
def in_call():
    print((yield "a"), (yield "b"))
c = in_call()
print(next(c), c.send(1))
try:
    c.send(2)
except StopIteration:
    pass
