# With gc enabled, cycles are collected automatically as allocations go on.
import gc
import weakref
gc.collect()
class C:
    pass
refs = []
for i in range(3000):
    c = C()
    c.self = c
    refs.append(weakref.ref(c))
del c
alive = sum(1 for r in refs if r() is not None)
print("most early cycles already collected:", alive < 2000)
gc.collect()
print("all collected after gc.collect():", sum(1 for r in refs if r() is not None))
