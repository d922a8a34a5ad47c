# sys.exc_info inside and outside handlers.
import sys
print(sys.exc_info())
try:
    raise KeyError("k")
except KeyError:
    t, v, tb = sys.exc_info()
    print(t.__name__, repr(v), type(tb).__name__)
    print(sys.exception() is v)
print(sys.exc_info())
