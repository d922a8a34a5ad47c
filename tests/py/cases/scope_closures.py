# Closures capture variables, not values.
def make_counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc
c1 = make_counter()
c2 = make_counter()
print(c1(), c1(), c2(), c1())
def late():
    fs = []
    for i in range(3):
        fs.append(lambda: i)
    return [f() for f in fs]
print(late())
def cell_after():
    def get():
        return v
    v = "assigned after the inner def"
    return get()
print(cell_after())
def closure_info():
    a = 1
    def f():
        return a
    return f
f = closure_info()
print(f.__closure__[0].cell_contents, len(f.__closure__))
print(make_counter.__closure__)
def adder(n):
    return lambda x: x + n
add5 = adder(5)
print(add5(10), adder(-1)(1))
