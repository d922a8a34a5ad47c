f(1, 2, x=3, y=4)
f(*a, **k)
f(1, *a, 2, *b, x=1, **k, y=2, **m)
o.m(1, 2)
o.m(x=1)
o.m(*a)
o.a.b.c(1)
f(**{'a': 1})
f(a)(b)(c)
f(*a)
f(0, *a)
print("a", "b", sep="")
class A(B, C, metaclass=M, x=1): pass
class B(*bases, **kw): pass
@dec1
@dec2(3)
def decorated(): pass
@dec
class Decorated: pass
def defaults(a, b=1, *, c, d=2, e=3): pass
def annotated(a: int, /, b: "s" = 1, *c: tuple, d: float, **e: dict) -> None: pass
d = {}
d = {'a': 1, 'b': 2}
d = {'a': 1, **x, 'b': 2}
d = {a: 1, b: 2}
s = {1, 2, 3}
s = {*a, 1}
l = [1, 2, 3]
l = [*a, *b, 1]
t = (1, 2, 3)
t = (*a, 1)
t = ()
t = (1,)
x = a[1:2]
x = a[1:2:3]
x = a[::2]
x = a[1, 2:3]
a[1:2] = b
del a[1:2], a.b, a[0]
x = f"{a}{b!r:>{w}}{c!s}{d!a} text {e:.2f}"
x = f"plain"
x = ...
x = b"bytes"
x = 1.5
x = -1
x = not a
x = ~a
x = +a
x = a if b else c
x = a and b or c
x = a < b < c
x = a is not b
x = a not in b
x, *y, z = w
[a, b] = c
a = b = c
a += 1
a.b += 1
a[i] -= 1
a.b.c **= 2
x: int = 1
y: str
z.q: int
w[0]: int = 3
import a.b.c
import a.b.c as d
from m import x as y, z
