def f(a: int, b: 'str' = '', *args: int, c: float = 1.0, **kw: dict) -> None:
    pass
def g(*args: *Ts): pass
