# zfill, center, ljust, rjust, expandtabs.
print("42".zfill(5), "-42".zfill(5), "+7".zfill(4), "abc".zfill(2), "".zfill(3))
print("[" + "mid".center(9) + "]", "[" + "mid".center(8, "*") + "]", "[" + "ab".center(5) + "]")
print("[" + "l".ljust(4) + "]", "[" + "r".rjust(4, ".") + "]", "[" + "long".ljust(2) + "]")
print("a\tb\tc".expandtabs(4), "a\tbc".expandtabs(), "x\ty".expandtabs(1))
try:
    "x".center(5, "ab")
except TypeError as e:
    print(e)
