def gen(n):
    for i in range(n):
        x = yield i
        print(x)
    yield from range(3)
    return 5

def gen2():
    yield

def gen_lambda():
    return lambda: (yield)

def g3():
    y = yield from gen(2)
    return y
