# gc.enable, gc.disable, gc.isenabled.
import gc
print(gc.isenabled())
gc.disable()
print(gc.isenabled())
gc.disable()
print(gc.isenabled())
gc.enable()
print(gc.isenabled())
gc.disable()
class C: pass
for i in range(5000):
    c = C()
    c.self = c
print("with gc disabled, cycles accumulate:", gc.collect() >= 4999)
gc.enable()
print(gc.isenabled())
