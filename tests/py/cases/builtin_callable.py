# callable() on various objects.
class C:
    def m(self): pass
class WithCall:
    def __call__(self): pass
for obj in [len, print, C, C(), C().m, WithCall(), lambda: 0, 5, "s", None, int, type]:
    print(type(obj).__name__, callable(obj))
