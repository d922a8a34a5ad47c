# global and nonlocal declarations.
count = 0
def inc():
    global count
    count += 1
inc(); inc()
print(count)
def make_global():
    global created
    created = "made inside"
make_global()
print(created)
def outer():
    n = 0
    def bump():
        nonlocal n
        n += 1
        return n
    bump(); bump()
    return n, bump
n, bump = outer()
print(n, bump(), bump())
def three_levels():
    x = "outer"
    def mid():
        def inner():
            nonlocal x
            x = "changed by inner"
        inner()
    mid()
    return x
print(three_levels())
x = "global x"
def shadow():
    x = "local x"
    def g():
        global x
        return x
    return g()
print(shadow())
