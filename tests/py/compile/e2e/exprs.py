# Evaluation order and expression forms.
order = []
def t(v, tag=None):
    order.append(tag if tag is not None else v)
    return v
print(t(1) < t(2) < t(3), order); order.clear()
print(t(3) < t(2) < t(t(1, "never")), order); order.clear()
d = {t("k1"): t("v1"), t("k2"): t("v2")}
print(order); order.clear()
a = [0, 0, 0]
i = 0
a[t(1, "idx")] += t(5, "val")
print(a, order); order.clear()
class O: pass
o = O(); o.x = 1
t(o, "obj").x += t(2, "inc")
print(o.x, order); order.clear()
x, *rest, y = range(6)
print(x, rest, y)
(p, q), r = (1, 2), 3
print(p, q, r)
first, *_ = "abc"
print(first, _)
print([*range(3), *"ab"], (*range(2),), {*range(2)}, {**{"a": 1}, "b": 2})
def f(*args, **kw):
    return args, kw
print(f(1, *[2, 3], x=1, **{"y": 2}))
print(f(*(), **{}))
print(t(0) or t("") or t("last"), t(1) and t(2) and t(0), order); order.clear()
print(1 if t(True) else t("no"), order); order.clear()
print(not 1, -(-2), ~0, +3.5)
print(f"{1+1} {'s'!r:>5} {3.14159:.2f} {'x':{'>'}{4}}")
s = "abcdef"
print(s[1:4], s[::-1], s[::2], s[-2:])
lst = list(range(10))
lst[2:5] = ["x"]
del lst[::3]
print(lst)
print(1 in [1, 2], 3 not in (1, 2), None is None, [] is not [])
print((lambda *a, k=3, **kw: (a, k, kw))(1, 2, k=4, z=5))
print(__debug__)
try:
    assert 1 > 2, "msg here"
except AssertionError as e:
    print("assert", e)
try:
    assert False
except AssertionError as e:
    print("assert empty", repr(e))
g = (i * i for i in range(4))
print(next(g), list(g))
def gen():
    x = yield 1
    print("got", x)
    y = yield from range(2)
    return y
it = gen()
print(next(it), it.send("sent"), next(it))
try:
    next(it)
except StopIteration as e:
    print("stop", e.value)
print({k: v for k, v in zip("ab", range(2))}, sorted({c for c in "aab"}))
print([(i, j) for i in range(3) if i for j in range(i)])
