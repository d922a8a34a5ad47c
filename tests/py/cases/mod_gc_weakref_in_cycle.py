# Weak references to objects in a garbage cycle are cleared; callbacks run
# only for weak references that are themselves reachable.
import gc
import weakref
gc.disable()
class Obj:
    pass
a, b = Obj(), Obj()
a.b, b.a = b, a
fired = []
outside = weakref.ref(a, lambda r: fired.append("outside"))
b.inside = weakref.ref(b, lambda r: fired.append("inside"))
del a, b
print(outside() is not None)
gc.collect()
print(outside(), fired)
gc.enable()
