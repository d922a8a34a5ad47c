# StopIteration inside a generator becomes RuntimeError (PEP 479).
def bad():
    yield 1
    raise StopIteration("inside")
g = bad()
print(next(g))
try:
    next(g)
except RuntimeError as e:
    print(type(e).__name__, e, repr(e.__cause__))
def uses_next():
    it = iter([1])
    yield next(it)
    yield next(it)
try:
    print(list(uses_next()))
except RuntimeError as e:
    print(e)
