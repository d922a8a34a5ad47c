# The built-ins and modules that meet complex numbers: abs, pow (with a
# modulus: ValueError), sum, round, divmod, int(), float(), math's
# functions (TypeError), isinstance, hash, format; the attributes and
# methods (real, imag, conjugate, __complex__, __getnewargs__), copy,
# sys.getsizeof, and imaginary constants in code objects (folded as
# CPython folds them).
import copy
import math
import sys

def show(label, f):
    try:
        print(label, "->", repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)

z = 3 + 4j
print(abs(z), abs(-z), abs(1j), pow(z, 2), pow(2, z), pow(z, 0.5), pow(z, z))
show("pow(z, 2, 3)", lambda: pow(z, 2, 3))
show("pow(2, z, 3)", lambda: pow(2, z, 3))
show("pow(2, 3, z)", lambda: pow(2, 3, z))
show("pow(2.0, 3, z)", lambda: pow(2.0, 3, z))
show("pow(z, 2, None)", lambda: pow(z, 2, None))
show("pow('a', z, 3)", lambda: pow("a", z, 3))
show("pow(z, 'a', 3)", lambda: pow(z, "a", 3))
show("pow(2, 3, 5.0)", lambda: pow(2, 3, 5.0))
show("pow(2, 3.0, 5)", lambda: pow(2, 3.0, 5))
show("z.__pow__(2, 3)", lambda: z.__pow__(2, 3))
show("z.__rpow__(2)", lambda: z.__rpow__(2))
print(sum([1j, 2j, 3]), sum([0.5, 1j]), sum([1j], 1), sum([1j], 0.5),
      sum([], 1j), sum(complex(i, -i) for i in range(5)))
show("round(z)", lambda: round(z))
show("round(z, 2)", lambda: round(z, 2))
show("divmod(z, 2)", lambda: divmod(z, 2))
show("int(z)", lambda: int(z))
show("float(z)", lambda: float(z))
show("int(1j)", lambda: int(1j))
show("float(0j)", lambda: float(0j))
show("int('1j')", lambda: int("1j"))
show("float('1j')", lambda: float("1j"))
show("complex('1j').real", lambda: complex("1j").real)
show("range(1j)", lambda: range(1j))
seq = [1, 2]
show("[1, 2][1j]", lambda: seq[1j])
show("'ab' * 1j", lambda: "ab" * 1j)
show("hex(1j)", lambda: hex(1j))
show("chr(1j)", lambda: chr(1j))
show("len(1j)", lambda: len(1j))
show("iter(1j)", lambda: iter(1j))
show("bool(1j)", lambda: bool(1j))

print("-- math rejects complex")
for name in ["sqrt", "floor", "ceil", "exp", "log", "fabs", "isnan",
             "isinf", "isfinite", "sin", "atan2", "copysign", "hypot",
             "trunc", "pow", "fsum", "isclose", "dist"]:
    f = getattr(math, name)
    args = {"atan2": (1j, 1), "copysign": (1, 1j), "hypot": (1j, 1),
            "pow": (1j, 2), "fsum": ([1, 1j],), "isclose": (1j, 1j),
            "dist": ([1j], [1])}.get(name, (1j,))
    show("math." + name, lambda: f(*args))

print("-- types and attributes")
print(isinstance(1j, complex), isinstance(1, complex), isinstance(1.0, complex),
      issubclass(complex, object), issubclass(bool, complex), type(1j) is complex)
print(complex.__name__, complex.__qualname__, type(complex).__name__,
      complex.__base__.__name__, complex.__mro__)
print(z.real, z.imag, type(z.real).__name__, z.conjugate(), (3 - 4j).conjugate(),
      (1j).conjugate(), complex(0, -0.0).conjugate(), z.__getnewargs__(),
      z.__complex__(), z.__complex__() is z)
for name in ["real", "imag", "conjugate", "__complex__", "__getnewargs__",
             "__format__", "__add__", "__radd__", "__sub__", "__rsub__",
             "__mul__", "__rmul__", "__truediv__", "__rtruediv__", "__pow__",
             "__rpow__", "__neg__", "__pos__", "__abs__", "__bool__",
             "__eq__", "__ne__", "__lt__", "__hash__", "__repr__",
             "__floordiv__", "__rfloordiv__", "__mod__", "__divmod__",
             "__int__", "__float__", "__round__", "__trunc__", "__index__",
             "__invert__", "__lshift__"]:
    print(name, hasattr(z, name), end="; ")
print()
show("z.real = 1", lambda: setattr(z, "real", 1))
show("del z.imag", lambda: delattr(z, "imag"))
show("z.foo = 1", lambda: setattr(z, "foo", 1))
show("z.foo", lambda: z.foo)
show("z.conjugate(1)", lambda: z.conjugate(1))
show("z.conjugate(x=1)", lambda: z.conjugate(x=1))
show("z.__format__()", lambda: z.__format__())
show("z.__complex__(1)", lambda: z.__complex__(1))
show("z.__getnewargs__(1)", lambda: z.__getnewargs__(1))
show("complex.conjugate(1)", lambda: complex.conjugate(1))
show("complex.real.__get__(1)", lambda: complex.real.__get__(1))
print(type(complex.real).__name__, type(complex.conjugate).__name__)
print(z.__add__(1), z.__radd__(1), z.__rsub__(1), z.__rtruediv__(1),
      z.__add__("x"), z.__eq__(3 + 4j), z.__lt__(1), z.__ne__(1))
print(complex.__add__(1j, 2), complex.conjugate(2j), complex.real.__get__(5j))

print("-- copy, getsizeof, ids")
c = copy.copy(z)
d = copy.deepcopy([z, z])
print(c == z, c is z, d[0] is d[1], d[0] == z)
print(sys.getsizeof(1j), sys.getsizeof(complex(1e300, -1e300)),
      sys.getsizeof(0j))

class Sub(complex):
    pass

print(type(Sub(1)).__name__, Sub(1) + 1, hash(Sub(2, 0)) == hash(2),
      Sub(1, 1) == 1 + 1j, repr(Sub(0, 1)), abs(Sub(3, 4)), -Sub(1, 1))

print("-- constants")

def f():
    return 1j, 2 + 3j, 1j * 1j, -1j, 2 ** 1j, 1 / 1j, 1j, (1j, 2j)

print(f())
print([c for c in f.__code__.co_consts if not isinstance(c, tuple)])
def same():
    x = 1j
    y = 1j
    w = -(-1j)
    v = -0j
    u = 0j
    return x is y, x is w, u is v, u is -(-u)

print(same())

def g():
    return 1 / 0j

def h():
    return 1j // 2

print(g.__code__.co_consts, h.__code__.co_consts)
show("g()", g)
show("h()", h)
print(eval("3j"), eval("-2.5e-3J"), eval("(1+2j)*(3-4j)"), compile("4j", "<s>", "eval").co_consts)
