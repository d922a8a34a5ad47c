# Equality of complex with int, float, bool and complex (exact, even for
# ints past 2**53), the orderings' TypeError, hash(z) == hash(real) +
# 1000003 * hash(imag) equal to the int and float hashes of equal values,
# and complex numbers as dict keys and set members.

inf = float("inf")
nan = float("nan")

print("-- equality")
pairs = [(1 + 0j, 1), (1 + 0j, 1.0), (1 + 0j, True), (0j, False), (0j, 0),
         (-0j, 0.0), (1j, 1), (1 + 1j, 1 + 1j), (1 + 1j, 1 - 1j),
         (complex(2 ** 53), 2 ** 53), (complex(2 ** 53), 2 ** 53 + 1),
         (complex(2 ** 60), 2 ** 60), (complex(2 ** 60), 2 ** 60 + 1),
         (complex(1e300), 10 ** 300), (complex(inf), 10 ** 400),
         (complex(inf), inf), (complex(nan), nan), (complex(nan, 0), 0),
         (complex(0.5), 0), (1j, "1j"), (1j, None), (1j, [1j]),
         (complex(3, 0), 3.0000000000000004)]
for x, y in pairs:
    print(repr(x), repr(y), x == y, y == x, x != y, y != x)
z = complex(nan, nan)
print(z == z, z != z, z in [z], [z] == [z], (nan + 0j) in {1: 2})

print("-- ordering")
for x, y in [(1j, 2j), (1j, 1), (1, 1j), (1.5, 1j), (1j, "a"), (1j, None)]:
    for op in ["<", "<=", ">", ">="]:
        try:
            eval("x %s y" % op)
        except TypeError as e:
            print("TypeError:", e)
try:
    sorted([1j, 2j])
except TypeError as e:
    print("TypeError:", e)
try:
    max(1j, 2)
except TypeError as e:
    print("TypeError:", e)

print("-- hash")
for v in [0, 1, -1, -2, 2 ** 61 - 1, 2 ** 61, 10 ** 30, -10 ** 30, 0.5,
          -0.5, 1.5, 1e300, 5e-324, -0.0, inf, -inf]:
    print(repr(v), hash(complex(v)) == hash(v), hash(complex(v, 0)),
          hash(complex(v, -0.0)))
for z in [1j, -1j, 2j, 0.5j, 1 + 1j, 1 - 1j, -1 + 1j, 3 + 4j, complex(1, inf),
          complex(inf, inf), complex(-inf, 1), complex(2 ** 61, 1),
          complex(1e300, 1e300), complex(-1, 0), complex(-2, 0),
          complex(1000002, -1), complex(1000004, -1), complex(-1000004, 1),
          complex(1, 2 ** 40), complex(7, -7)]:
    print(repr(z), hash(z))
print(hash(complex(-1000002, -0.0)), hash(complex(-2, 0)))
z = complex(nan, 1)
print(hash(z) == hash(z), type(hash(z)).__name__)

print("-- dict and set keys")
d = {1: "int one", 2.5: "float", 0: "zero"}
print(d[1 + 0j], d[2.5 + 0j], d[0j], d[-0j], (1 + 1j) in d, 1j in d)
d[1 + 0j] = "complex one"
d[3j] = "three j"
print(d)
s = {1, 1.0, 1 + 0j, 2j, 2j, complex(0, 2), 0j, -0j, False}
print(len(s), 2j in s, 0 in s, 1 in s, sorted(x.imag for x in map(complex, s)))
print({1j: 1, complex(0, 1): 2, 0 + 1j: 3})
print(len({complex(nan, 0), complex(nan, 0)}))
