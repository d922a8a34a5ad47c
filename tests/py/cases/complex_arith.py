# Complex arithmetic with ints, floats and complexes on either side:
# + - * / ** and unary operators, CPython 3.11's algorithms to the last bit
# (Smith's division, repeated squaring for small integer powers, polar
# form otherwise), infinities and NaNs, and the errors of each operator.

inf = float("inf")
nan = float("nan")

def r(v):
    return "10**400" if v == 10 ** 400 else repr(v)

def show(label, f):
    try:
        print(label, "->", repr(f()))
    except Exception as e:
        print(label, "->", type(e).__name__ + ":", e)

a, b = 3 + 4j, 1 - 2j
print(a + b, a - b, a * b, a / b, b / a, a ** 2, -a, +a, abs(a))
print(a + 1, 1 + a, a - 1, 1 - a, a * 2, 2 * a, a / 2, 2 / a)
print(a + 1.5, 1.5 + a, a - 1.5, 1.5 - a, a * 0.5, 0.5 * a, a / 0.5, 0.5 / a)
print(a + True, True + a, a * False, a - True)
print(1j * 1j, 1j ** 2, 1j ** 3, 1j ** 4, (-1) ** 0.5, (-1.0) ** 0.5)
print(0.1 + 0.2j + 0.3, (0.1 + 0.2j) * (0.3 + 0.4j), (1e308 + 1e308j) * 2)

print("-- division")
for x, y in [(1, 1j), (1j, 1), (1 + 1j, 1 - 1j), (1, 3 + 4j), (1e300j, 1e-300),
             (1 + 2j, 1e308 + 1e308j), (1 + 2j, 1e-308 + 1e-308j),
             (1 + 2j, 2 + 1e-320j), (1 + 2j, 1e-320 + 2j), (5, 2j), (-5, 2j),
             (1 + 1j, inf), (1 + 1j, complex(inf, inf)), (inf, 1 + 1j),
             (complex(inf, inf), 2), (1, complex(nan, 1)),
             (1, complex(1, nan)), (complex(nan, 0), 1j), (0j, 1 + 1j),
             (1, 0j), (1j, 0), (1j, 0.0), (0, 0j), (1j, -0.0), (0j, 0j),
             (1 + 1j, complex(0, -0.0)), (10 ** 400, 1j), (1j, 10 ** 400)]:
    show(r(x) + " / " + r(y), lambda: x / y)

print("-- powers")
for x, y in [(1j, 0), (0j, 0), (0j, 0j), (0j, 1), (0j, 2.5), (0j, -1),
             (0j, 1j), (0j, -1 + 0j), (0j, 0.5j), (2 + 3j, 5), (2 + 3j, -5),
             (2 + 3j, 100), (2 + 3j, 101), (2 + 3j, -100), (1.5 + 0.5j, 100),
             (1.5 + 0.5j, 100.0), (1.5 + 0.5j, 100.5), (1.5 + 0.5j, 2 + 0j),
             (1 + 1j, 0.5), (1 + 1j, 1j), (1j, 1j), (2, 1j), (2.0, 1 + 1j),
             (-8, 1 / 3), (-8.0, 1 / 3), (-2, 0.5), (-2.5, 1.5), (-1, 2.5),
             (-2, -0.5), (-1e300, 0.5), (-inf, 0.5), (-inf, 1.5),
             (-1, inf), (-0.5, inf), (-1, nan), (1e200 + 1j, 100),
             (1e200 + 1j, 2), (1e154 + 1e154j, 2), (1e300j, 1.5),
             (1e300 + 1e300j, 0.5), (1e-200j, 2), (1e-200j, 2.5),
             (10, 1000j), (complex(inf, 0), 2), (complex(inf, 1), 0.5),
             (complex(nan, 1), 2), (1 + 1j, complex(nan, 0)),
             (1 + 1j, complex(0, nan)), (1 + 1j, inf), (0.5 + 0.5j, inf),
             (1j, 2 ** 62), (1j, -2.0 ** 63), (1j, 1e300), (1j, -1e300),
             (2, 0.5j), (10 ** 400, 1j), (1j, 10 ** 400)]:
    show(r(x) + " ** " + r(y), lambda: x ** y)

print("-- abs")
for z in [3 + 4j, -3 - 4j, 0j, -0j, 1e308 + 1e308j, 1.5e308 + 1.5e308j,
          complex(inf, nan), complex(nan, -inf), complex(nan, 1),
          complex(1, nan), complex(5e-324, 5e-324), 1e-200 + 1e-200j]:
    show("abs(%r)" % (z,), lambda: abs(z))

print("-- unary, bool, in-place")
for z in [0j, -0j, complex(-0.0, 0.0), 1j, complex(nan, 0), 1e-320j]:
    print(repr(z), repr(-z), repr(+z), bool(z), not z)
z = 1 + 1j
z += 1
z *= 2j
z -= 0.5
z /= 2
z **= 2
print(z)
y = z
y += 0
print(y == z, y is z)

print("-- what complex does not do")
for op in ["//", "%", "<<", ">>", "&", "|", "^", "@"]:
    show("(1+2j) %s 2" % op, lambda: eval("(1+2j) %s 2" % op))
    show("2 %s (1+2j)" % op, lambda: eval("2 %s (1+2j)" % op))
show("~1j", lambda: ~(1j + 0))
show("1j + 'a'", lambda: 1j + "a")
show("'a' + 1j", lambda: "a" + 1j)
show("[1] * 1j", lambda: [1] * 1j)
show("1j * [1]", lambda: 1j * [1])
show("1j + None", lambda: 1j + None)
show("divmod(1j, 1)", lambda: divmod(1j, 1))
show("divmod(1, 1j)", lambda: divmod(1, 1j))
show("divmod(1.5, 2j)", lambda: divmod(1.5, 2j))
x = 1j
try:
    x //= 2
except TypeError as e:
    print("TypeError:", e)
try:
    x %= 2
except TypeError as e:
    print("TypeError:", e)
