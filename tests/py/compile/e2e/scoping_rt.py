# Scoping at run time: closures, nonlocal, class bodies, comprehensions.
x = "global"
def outer():
    x = "outer"
    class C:
        x = "class"
        y = x
        def m(self):
            return x
        z = [x for _ in range(1)]
        w = (lambda: x)()
    return C
C = outer()
print(C.y, C().m(), C.z, C.w)

def counter():
    n = 0
    def inc():
        nonlocal n
        n += 1
        return n
    return inc
c = counter()
print(c(), c(), c())

def late():
    fs = [lambda: i for i in range(3)]
    return [f() for f in fs]
print(late())

def walrus():
    data = [1, 2, 3, 4]
    if any((hit := v) > 2 for v in data):
        return hit
print(walrus())
print([y := 5, y ** 2])
total = 0
vals = [total := total + v for v in range(4)]
print(vals, total)

class Base:
    def hello(self):
        return "base"
class Derived(Base):
    def hello(self):
        return "derived+" + super().hello()
    def cls(self):
        return __class__.__name__
print(Derived().hello(), Derived().cls())

def make():
    v = 1
    class K:
        v = 2
        def get(self):
            return v
    return K().get(), K.v
print(make())

def unbound():
    try:
        print(q)
        q = 1
    except UnboundLocalError as e:
        print(type(e).__name__, e)
unbound()

def free_unbound():
    def inner():
        return r
    try:
        inner()
    except NameError as e:
        print(type(e).__name__, e)
    r = 1
free_unbound()

def g():
    global newglobal
    newglobal = 42
g()
print(newglobal)

class Priv:
    __secret = 7
    def reveal(self):
        return self.__secret, Priv._Priv__secret
print(Priv().reveal())

def defaults(a, b=[], *, c={}):
    b.append(a)
    return b, c
print(defaults(1), defaults(2))
import pkg.sub
import pkg.sub as ps
from pkg import sub as s2
from pkg.sub import hello, NAME as subname
print(pkg.NAME, pkg.sub is ps, s2 is ps, hello(), subname)
def import_in_func():
    import pkg.sub as p
    from pkg import sub
    return p is sub
print(import_in_func())
