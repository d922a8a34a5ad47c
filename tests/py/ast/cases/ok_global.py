global a
global a, b, c
def f():
    nonlocal x
    nonlocal x, y
