# from __future__ import annotations: annotations are their source text,
# normalised as CPython 3.11 unparses it (this folder has a stand-in
# __future__ module until the interpreter ships one).
from __future__ import annotations
def f():
    x = 1
    def g(a: x, b: "q" = 2, *c: list[int], d: dict[str, int | None], **e: (lambda: 1)) -> tuple[x, ...]: pass
    return g
print(f.__code__.co_cellvars, f.__code__.co_varnames, f().__annotations__)
class C:
    y: Foo[Bar] = 3
    z: -1 + 2 * (3 - 4) ** -5
    w: a if b else c
    v: [i for i in range(3)]
    u: 1e400
    t: {1: 2, **d}
    s: f"x{y!r:>{w}}z"
    r: (a, b)
    q: a[1:2, ::3]
    p: not a and b or c
    o: a < b <= c
    n: 1 .real
    m: "it's"
print(C.__annotations__)
x: undefined_name
print(__annotations__)
