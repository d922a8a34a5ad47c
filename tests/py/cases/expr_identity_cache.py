# Identity of singletons and cached objects that CPython guarantees.
print(None is None, True is (1 == 1), False is (1 == 2), ... is Ellipsis)
e1 = ()
e2 = tuple()
empty = ""
print(e1 is e2, empty is str(), type(None)() is None)
a = [1, 2]
print(a[:] is a, a[:] == a, list(a) is a)
t = (1, 2)
print(t[:] is t, tuple(t) is t)
s = "text"
print(s[:] is s, str(s) is s)
print(NotImplemented is NotImplemented, type(NotImplemented)() is NotImplemented)
