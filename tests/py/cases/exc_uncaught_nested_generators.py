# An exception raised in a generator delegated to with yield from.
def inner():
    yield "a"
    raise ValueError("bad item in inner generator")
def outer():
    yield from inner()
print(list(outer()))
