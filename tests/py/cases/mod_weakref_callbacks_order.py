# Several weak references with callbacks: most recent first.
import weakref
class T: pass
t = T()
order = []
refs = [weakref.ref(t, lambda r, i=i: order.append(i)) for i in range(1, 4)]
del t
print(order)
class Big: pass
b = Big()
calls = []
def cb(ref):
    calls.append(ref() is None)
keep = weakref.ref(b, cb)
b = None
print(calls)
x = Big()
dead = weakref.ref(x, cb)
del dead
del x
print(calls)
