# Names in nested functions: reading, rebinding, and deleting.
def outer():
    items = []
    def add(x):
        items.append(x)
    add(1); add(2)
    def rebind():
        nonlocal items
        items = ["rebound"]
    rebind()
    return items
print(outer())
def counter_pair():
    n = 0
    def get(): return n
    def inc():
        nonlocal n
        n += 1
    return get, inc
get, inc = counter_pair()
inc(); inc(); inc()
print(get())
def del_nonlocal():
    v = 1
    def d():
        nonlocal v
        del v
    d()
    try:
        return v
    except NameError as e:
        return str(e)
print(del_nonlocal())
