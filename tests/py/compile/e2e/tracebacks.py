# Line numbers in tracebacks of multi-line expressions and statements.
import sys
def show(f):
    try:
        f()
    except Exception as e:
        tb = e.__traceback__
        lines = []
        while tb is not None:
            lines.append(tb.tb_lineno)
            tb = tb.tb_next
        print(f.__name__, type(e).__name__, lines)
def a():
    x = (1 +
         2 +
         None)
def b():
    d = {}
    return (d
            ["missing"])
def c():
    o = object()
    o.attr = (
        1)
def d():
    return [
        1,
        2,
    ][5]
def e():
    f = None
    f(
      1,
      2)
def g():
    s = "x"
    s.nomethod(
        1)
def h():
    for i in (1, 2, None):
        i + 1
def k():
    with open("/nonexistent/file") as f:
        pass
def m():
    raise ValueError(
        "multi")
def n():
    a, b = [1, 2, 3]
def p():
    import nonexistent_module_xyz
def q():
    try:
        1 / 0
    finally:
        pass
def r():
    x = [1, 2]
    x[
      10
    ] = 3
for fn in (a, b, c, d, e, g, h, k, m, n, p, q, r):
    show(fn)
