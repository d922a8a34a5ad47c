# weakref.ref: dereferencing, death, callbacks, sharing.
import weakref
class Obj:
    def __init__(self, name): self.name = name
o = Obj("target")
r = weakref.ref(o)
print(r() is o, r().name, type(r).__name__)
print(weakref.ref(o) is r)
log = []
r2 = weakref.ref(o, lambda ref: log.append(("callback", ref is r2, ref())))
print(r2 is r, weakref.getweakrefcount(o))
del o
print(r(), r2(), log)
try:
    weakref.ref(5)
except TypeError as e:
    print(e)
try:
    weakref.ref([])
except TypeError as e:
    print(e)
def func(): pass
print(weakref.ref(func)() is func)
print(r == r, r == r2)
