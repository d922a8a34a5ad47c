def g():
    x = yield
    y = yield 1
    z = yield 1, 2
    w = yield from a
    await_it = (yield)
    f((yield))
    [(yield)]
