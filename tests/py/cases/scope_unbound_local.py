# UnboundLocalError when a name is assigned later in the function.
x = 10
def f():
    try:
        print(x)
    except UnboundLocalError as e:
        print(type(e).__name__, e)
    x = 5
    return x
print(f())
def g():
    try:
        y += 1
    except UnboundLocalError as e:
        print(e)
    y = 0
g()
def h():
    for i in range(0):
        pass
    try:
        return i
    except NameError as e:
        return type(e).__name__ + ": " + str(e)
print(h())
def k():
    def inner():
        return z
    try:
        return inner()
    except NameError as e:
        return type(e).__name__ + ": " + str(e)
    z = 1
print(k())
print(issubclass(UnboundLocalError, NameError))
