# float() constructor.
print(float(), float(3), float("3.5"), float(" -1e-3 "), float("inf"), float(10 ** 20))
class F:
    def __float__(self): return 2.5
class I:
    def __index__(self): return 7
print(float(F()), float(I()))
for bad in ("", "abc", "1.2.3", "1e", "0x10"):
    try:
        float(bad)
    except ValueError as e:
        print(e)
try:
    float([1])
except TypeError as e:
    print(e)
