# isinstance and issubclass with tuples and built-in types.
class A: pass
class B(A): pass
b = B()
print(isinstance(b, A), isinstance(b, (int, str)), isinstance(b, (int, A)))
print(issubclass(B, (str, A)), issubclass(bool, int), issubclass(int, object))
print(isinstance(True, int), isinstance(1, bool), isinstance(None, object))
print(isinstance(A, type), isinstance(type, type), issubclass(type, object))
print(isinstance([], list), isinstance((), list), isinstance("", str))
print(issubclass(KeyError, LookupError), issubclass(KeyError, (ValueError, Exception)))
try:
    isinstance(1, 1)
except TypeError as e:
    print(e)
try:
    issubclass(1, int)
except TypeError as e:
    print(e)
print(type(b) is B, type(b) == A)
