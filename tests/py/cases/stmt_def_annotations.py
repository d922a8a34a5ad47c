# Function annotations kept in __annotations__.
def f(a: int, b: "str" = "x", *args: float, c: bool = True, **kw: dict) -> list:
    return [a, b, args, c, kw]
print(f.__annotations__)
print(f(1))
def g(x, y): pass
print(g.__annotations__)
def h() -> None: pass
print(h.__annotations__)
