# complex(): numbers, strings (every form CPython's parser accepts), keyword
# arguments, __complex__ / __float__ / __index__, and the errors of each.

def show(f, *args, **kwargs):
    try:
        r = f(*args, **kwargs)
        print(repr(r), type(r).__name__)
    except Exception as e:
        print(type(e).__name__ + ":", e)

print("-- numbers")
show(complex)
show(complex, 0)
show(complex, 3)
show(complex, -2.5)
show(complex, True)
show(complex, True, False)
show(complex, 1, 2)
show(complex, 1.5, -0.0)
show(complex, 1j)
show(complex, 1j, 1j)
show(complex, 1 + 2j, 3 + 4j)
show(complex, 2, 3j)
show(complex, 2j, 3)
show(complex, 10 ** 20)
show(complex, 10 ** 400)
show(complex, 1, 10 ** 400)
show(complex, float("inf"), float("-inf"))
show(complex, imag=2)
show(complex, real=2)
show(complex, real=1, imag=-1)
show(complex, 1, imag=3)

print("-- argument errors")
show(complex, 1, 2, 3)
show(complex, x=1)
show(complex, 1, real=2)
show(complex, 1, 2, imag=3)
show(complex, None)
show(complex, [])
show(complex, 1, None)
show(complex, 1, [])
show(complex, b"1")
show(complex, "1", 2)
show(complex, "1", imag=2)
show(complex, 1, "2")
show(complex, 1j, "2")

print("-- strings")
for s in ["1", "1j", "1J", "-1j", "+1j", "j", "J", "-j", "+j", "1+j", "1-j",
          "1+2j", "1-2j", "-1.5+2.25j", "1e3j", "1E-3J", "1.j", ".5j", "5.",
          "1e5", "1e400j", "-1e-400", "inf", "-inf", "infj", "-infinityj",
          "InFiNiTy+NaNj", "nan", "-nanj", "1+nanj", " 1+2j", "1+2j ",
          "\t\n1+2j\r\v\f", "(1+2j)", " ( 1+2j ) ", "(1)", "(j)", "(-j)",
          "1_000", "1_000.000_1j", "1e1_0j", "0_0j", "0x10", "0x10j", "1e",
          "1e+", "1+", "1-", "+", "-", "", " ", "()", "(", ")", "(1+2j",
          "1+2j)", "((1+2j))", "1 + 2j", "1+ 2j", "1 +2j", "1+2 j", "1+2jj",
          "1++2j", "1+-2j", "j1", "1j2", ".j", "e5j", "infi", "in", "nanj1",
          "_1", "1_", "1__0", "1_j", "1_.5", "1._5", "1e_5", "(_1j)",
          "1\x002j", "1_0\x00j", "\u0661\u0662+\u0663j", "1\u3000",
          "\u30001j\u2003", "\u00e9", "1+\u00e9j", "1__0\u00e9",
          "\u00e91__0"]:
    print(repr(s), end=" ")
    show(complex, s)

print("-- __complex__, __float__, __index__")

class WithComplex:
    def __complex__(self):
        return 3 + 4j

class WithFloat:
    def __float__(self):
        return 2.5

class WithIndex:
    def __index__(self):
        return 7

class BadComplex:
    def __complex__(self):
        return 1.5

class RaisingComplex:
    def __complex__(self):
        raise RuntimeError("no complex here")

class BadFloat:
    def __float__(self):
        return "x"

class ComplexAndFloat:
    def __complex__(self):
        return 1j
    def __float__(self):
        return 9.0

show(complex, WithComplex())
show(complex, WithComplex(), 1)
show(complex, WithFloat())
show(complex, WithFloat(), WithFloat())
show(complex, WithIndex())
show(complex, 1, WithIndex())
show(complex, BadComplex())
show(complex, RaisingComplex())
show(complex, BadFloat())
show(complex, ComplexAndFloat())
show(complex, 1, WithComplex())

print("-- subclasses")

class C(complex):
    pass

class D(complex):
    def __new__(cls, *args):
        self = super().__new__(cls, *args)
        self.tag = "d"
        return self
    def __repr__(self):
        return "D" + super().__repr__()

c = C(1, 2)
print(type(c).__name__, c, c.real, c.imag, c == 1 + 2j, isinstance(c, complex))
print(type(complex(c)).__name__, complex(c))
print(type(C("3-4j")).__name__, C("3-4j"))
print(type(C(c)).__name__, C(c))
print(type(+c).__name__, type(-c).__name__, type(c + 1).__name__,
      type(c.conjugate()).__name__, type(c.__complex__()).__name__)
d = D(5j)
print(d, d.tag, str(d), format(d, ""), d + 1, type(d * 2).__name__)
show(complex.__new__, int)
show(complex.__new__, C, 1, 2)
show(complex.__new__, complex, "7j")
x = 2 + 3j
print(complex(x) is x, C(x) is x)
