def f():
    return
    return 1
    return 1, 2
    return *a, b
    yield
    yield 1
    yield 1, 2
    x = yield
    x = yield from g()
    await_ = 1
