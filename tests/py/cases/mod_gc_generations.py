# Collecting one generation at a time; survivors move to older generations.
import gc
gc.disable()
gc.collect()
for gen in range(3):
    l = []
    l.append(l)
    del l
    print("collect(%d):" % gen, gc.collect(gen))
old = []
old.append(old)
gc.collect(0)
gc.collect(1)
del old
print("young collection misses the promoted cycle:", gc.collect(0))
print("full collection finds it:", gc.collect(2))
try:
    gc.collect(3)
except ValueError as e:
    print(e)
gc.enable()
