def f(a, b=1, *args, c, d=2, **kw): pass
def g(a, /, b, *, c): pass
def h(a=1, /, b=2, *, c=3): pass
def k(*, a): pass
def m(**kw): pass
def n(a, b, /): pass
