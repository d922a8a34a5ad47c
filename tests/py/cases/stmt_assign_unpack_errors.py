# Unpacking with the wrong number of values.
def attempt(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__, e)
def f1():
    a, b = 1, 2, 3
def f2():
    a, b, c = [1, 2]
def f3():
    a, b = 5
def f4():
    a, *b, c = [1]
def f5():
    a, b = "xyz"
def f6():
    x, y = {}
attempt(f1); attempt(f2); attempt(f3); attempt(f4); attempt(f5); attempt(f6)
