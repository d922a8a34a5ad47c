# format(complex, spec): every presentation type complex accepts (none,
# e E f F g G n), precision, width and alignment of the whole, fill
# characters, signs (the imaginary part's is always shown unless the real
# part is left out), '#', 'z', grouping, and the errors (zero padding, '='
# alignment, other types, precision too big); f-strings and str.format.

inf = float("inf")
nan = float("nan")
values = [1 + 2j, -1.5 - 2.25j, 0j, -0j, complex(-0.0, 0.0), 3j, -3j,
          12345.678 + 0.001j, 1e20 - 1e-20j, complex(inf, nan),
          complex(-inf, -inf), complex(nan, -0.0), 1234567 + 7654321j]
specs = ["", "g", "e", "E", "f", "F", "G", "n", ".3", ".0", ".1g", ".2e",
         ".3f", "#", "#g", "#.0f", "#.0e", "+", "-", " ", "+.2f", " .2f",
         "z", "z.1f", "z.0e", "20", "<20", ">20", "^20", "*^24.3f",
         "\u2022<18", "_>18.2", ",", "_", ",.2f", "_.1e", ",g", "10.3n",
         "+^30,.4F", "#<15.1", ".2147483647", "1", "3.1"]
for z in values:
    print(repr(z))
    for spec in specs:
        if spec == ".2147483647" and z != 1 + 2j:
            continue
        print("  %-12r %r" % (spec, format(z, spec)))

print("-- errors")
for spec in ["010", "0<10", "=10", "*=10", "%", "d", "x", "s", "r", "c",
             "b", "o", "%10", ",n", "_n", ".2147483648", "020.2147483648",
             ".99999999999999999999", "1.", "x*<20", "<<<", "+-", "z#z",
             ".2147483648x"]:
    try:
        print(repr(spec), repr(format(1 + 2j, spec)))
    except ValueError as e:
        print(repr(spec), "ValueError:", e)
try:
    (1j).__format__(5)
except TypeError as e:
    print("TypeError:", e)

print("-- f-strings and str.format")
z = 3.14159 - 2.71828j
print(f"{z}|{z:.2f}|{z:>20.3g}|{z!r:>20}|{z!s:<20}|")
print("{0:e}|{0:^30}|{0.real:.1f}|{0.imag:+.1f}|".format(z))
print("%s|%r|%20s" % (z, z, z))
w = 7
print(f"{z:{w}.{w - 5}f}|{z:_^{w * 3}}")
print(format(1j), format(1j, ""), str(1j) == format(1j, ""))

class C(complex):
    def __str__(self):
        return "C!"

print(format(C(1, 2)), format(C(1, 2), ""), format(C(1, 2), ".1f"),
      f"{C(1, 2)}", f"{C(1, 2)!r}")
