# int() from strings in various bases.
print(int("42"), int("  -17  "), int("+5"), int("1_000"), int("0"))
print(int("ff", 16), int("FF", 16), int("0xff", 16), int("0xff", 0), int("777", 8))
print(int("0o17", 0), int("0b101", 0), int("101", 2), int("z", 36), int("Zz", 36))
print(int("10", 3), int("-0b11", 0), int("1" * 70, 2))
print(int(3.99), int(-3.99), int(True), int(b"12"))
for bad in [("12", 1), ("9", 8), ("0x", 16), ("", 10), ("1 2", 10), ("08", 0), ("1__0", 10), ("_1", 10)]:
    try:
        int(*bad)
    except ValueError as e:
        print(e)
try:
    int("5", 37)
except ValueError as e:
    print(e)
try:
    int(5, 10)
except TypeError as e:
    print(e)
try:
    int(None)
except TypeError as e:
    print(e)
