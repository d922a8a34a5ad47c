# abs, divmod, pow built-ins.
print(abs(-5), abs(5), abs(-2.5), abs(0), abs(-0.0), abs(True), abs(-10 ** 30))
print(divmod(17, 5), divmod(-17, 5), divmod(17, -5), divmod(17.5, 5), divmod(10 ** 20, 7))
print(pow(2, 8), pow(2.0, 3), pow(4, -1), pow(7, 2, 5))
class A:
    def __abs__(self): return "abs called"
print(abs(A()))
for bad in (lambda: abs("x"), lambda: divmod(1, 0), lambda: divmod("a", 1), lambda: pow()):
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e)
