@dec
@dec.attr
@dec(1, x=2)
@(lambda f: f)
def f():
    pass
