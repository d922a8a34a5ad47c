# __repr__, __str__, __format__ and their defaults and fallbacks.
class Both:
    def __repr__(self): return "Both()"
    def __str__(self): return "a Both"
class ReprOnly:
    def __repr__(self): return "ReprOnly()"
class Fmt:
    def __format__(self, spec):
        return f"Fmt[{spec}]"
b, r = Both(), ReprOnly()
print(b, str(b), repr(b), [b], (b,), {"k": b})
print(r, str(r), [r])
print(f"{b}", f"{b!r}", "{} {!r}".format(b, b), "%s %r" % (b, b))
print(format(Fmt(), ">10"), f"{Fmt():abc}", "{:xyz}".format(Fmt()))
try:
    format(b, "10")
except TypeError as e:
    print(e)
class BadRepr:
    def __repr__(self): return 42
try:
    repr(BadRepr())
except TypeError as e:
    print(e)
class BadStr:
    def __str__(self): return None
try:
    str(BadStr())
except TypeError as e:
    print(e)
print(str(object()).startswith("<object object at "), repr(Both).startswith("<class '__main__.Both'>"))
