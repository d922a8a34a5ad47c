# id() is stable for an object's lifetime and distinct for live objects.
a = [1]
b = a
c = [1]
print(id(a) == id(b), id(a) == id(c), id(a) == id(a))
print(type(id(a)).__name__, id(a) > 0)
x = "shared"
print(id(x) == id(x), id(None) == id(None), id(True) == id(1 == 1))
objs = [object() for _ in range(100)]
print(len(set(id(o) for o in objs)))
