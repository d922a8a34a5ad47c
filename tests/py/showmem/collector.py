# What one collection did, as the program sees it, for
# tests/py/showmem_check.py to compare with the page's collector events:
# the ids of a cycle with finalizers, a weak reference with a callback, an
# object a finalizer resurrects, and a list that survives.
import gc
import weakref

gc.disable()
gc.collect()
saved = []


class Res:
    def __del__(self):
        print("FINALIZED", id(self))


class Phoenix:
    def __del__(self):
        print("FINALIZED", id(self))
        saved.append(self)


def gone(ref):
    print("CALLBACK", id(ref))


keep = [1, 2]
a = Res()
b = Res()
a.peer = b
b.peer = a
watch = weakref.ref(a, gone)
ph = Phoenix()
ph.me = ph
print("IDS", id(a), id(b), id(watch), id(ph), id(keep))
del a, b, ph
print("collected", gc.collect(0))
print("saved", len(saved))
