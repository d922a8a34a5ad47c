# bin, oct, hex, str, repr, format and float conversion of ints.
for v in (0, 1, -1, 255, -255, 2 ** 40, -(2 ** 70)):
    print(v, bin(v), oct(v), hex(v), format(v, "x"), format(v, "#o"), str(v) == repr(v))
print(float(2 ** 53), float(2 ** 53 + 1), float(-(2 ** 70)))
print(int(1e20), int(1.5e16), int(-2.5))
print(format(1234567, ","), format(-1234567, "_"), format(42, "08d"), format(42, "+"))
print(format(255, "c") == "\xff", format(65, "c"))
print(str(10 ** 25), repr(-10 ** 25))
print(int.__name__, type(10 ** 100) is int, isinstance(True, int))
