# int() constructor from numbers, strings, and objects.
print(int(), int(5), int(-5.9), int("  12  "), int("-0"), int(True), int(b"42"))
class I:
    def __int__(self): return 9
class X:
    def __index__(self): return 11
class T:
    def __trunc__(self): return 13
print(int(I()), int(X()))
print(int("1" * 30), int("-" + "9" * 25))
print(int("0b11", 0), int("11", base=2), int("11", base=16))
