# repr and str of complex numbers: each part as float's shortest repr
# without ".0", parentheses only when the real part is not +0.0, signed
# zeros, inf and nan, exponents, and imaginary literals of every form.

inf = float("inf")
nan = float("nan")
values = [
    0j, -0j, complex(0.0, -0.0), complex(-0.0, 0.0), complex(-0.0, -0.0),
    1j, -1j, 2.5j, 1 + 2j, 1 - 2j, -1 - 2j, 1.5 + 0j, -1.5 + 0j,
    complex(1, 0.0), complex(1, -0.0), complex(0.1, 0.2), 0.1 + 0.2j,
    1e16j, 1e15j, 123456789012345678j, 1e-5j, 1e-4j, 0.0001j, 1e300 + 1e-300j,
    complex(5e-324, -5e-324), complex(1.7976931348623157e308, 1),
    complex(inf, 0), complex(-inf, 0), complex(0, inf), complex(0, -inf),
    complex(inf, inf), complex(inf, -inf), complex(nan, 0), complex(0, nan),
    complex(nan, nan), complex(-nan, -nan), complex(1, nan), complex(nan, 1),
    complex(-0.0, nan), complex(inf, nan), complex(2 ** 53, 2 ** 53 + 1),
    complex(1 / 3, 2 / 3), complex(100, 1e22), complex(1e22, 100),
]
for z in values:
    print(repr(z), str(z), z.real, z.imag)

print("-- literals")
print(1j, 1J, 2.5j, 2.5J, 1e3j, 1E3J, 1e-3j, 1_0j, 1_0.5_5j, 0j, 00j, 0777j,
      .5j, 5.j, 1e+3j, 1e1_0j, 0.0j, 000.000j)
print(3 + 4j, 3 - 4j, -3 + 4j, -3 - 4j, -(3 + 4j), +(3 + 4j), -0j, +0j)
print(1 + 0j, 1.0 + 0j, 0 + 1j, 0.0 + 1j, -0.0 + 1j, 0.0 - 0j, -0.0 - 0j)
print(repr(1e400j), repr(-1e400j), repr(1e-400j), 1e1000j - 1e1000j)
print([1j, 2 + 3j], (1j,), {"k": 1j}, {1j: "v"})
print("%s %r" % (1 + 1j, 1 - 1j), "{} {!r} {!s}".format(1j, 2j, 3j))
print(f"{1+2j} {1+2j!r} {(1+2j)*2=}")
print(str(complex(-1.25e-7, 6.02e23)), ascii(1j))
