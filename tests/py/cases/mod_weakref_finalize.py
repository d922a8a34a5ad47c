# weakref.finalize: called once on death or when called; alive, detach, peek.
import weakref
class Res: pass
r = Res()
f = weakref.finalize(r, print, "finalizer ran", 1, sep=" | ")
print(f.alive)
del r
print(f.alive)
r2 = Res()
f2 = weakref.finalize(r2, lambda: print("explicit call"))
print(f2(), f2.alive, f2())
r3 = Res()
f3 = weakref.finalize(r3, print, "detached, never runs")
obj, func, args, kwargs = f3.detach()
print(obj is r3, args, f3.alive, f3.detach())
r4 = Res()
f4 = weakref.finalize(r4, len, [1, 2, 3])
print(f4.peek()[2], f4(), f4.peek())
print(f.atexit)
