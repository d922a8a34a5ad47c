# type() with one argument, and type names of built-ins.
for v in (1, 2.0, "s", b"b", None, [], (), {}, set(), range(0), print, lambda: 0, iter([]), (x for x in ()), object()):
    print(type(v).__name__, type(v).__qualname__)
print(type(int), type(type), int.__class__ is type)
print(type.__name__, str(type(1)), repr(type("")), repr(object))
