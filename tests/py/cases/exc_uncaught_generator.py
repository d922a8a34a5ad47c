# An uncaught exception inside a generator being consumed.
def numbers():
    yield 1
    yield 2
    raise RuntimeError("generator failed after two items")
for n in numbers():
    print("got", n)
