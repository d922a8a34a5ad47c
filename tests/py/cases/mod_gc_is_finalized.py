# gc.is_finalized after a finalizer ran during a collection.
import gc
gc.disable()
class Lazarus:
    saved = []
    def __del__(self):
        print("__del__ runs once")
        Lazarus.saved.append(self)
x = Lazarus()
x.cycle = x
print(gc.is_finalized(x))
del x
print("collected:", gc.collect())
obj = Lazarus.saved[0]
print(gc.is_finalized(obj))
Lazarus.saved.clear()
del obj
print("collected:", gc.collect())
print(gc.is_finalized(object()))
gc.enable()
