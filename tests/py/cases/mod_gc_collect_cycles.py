# gc.collect returns how many unreachable objects a collection found.
import gc
gc.disable()
gc.collect()
class Node:
    pass
a, b = Node(), Node()
a.other, b.other = b, a
del a, b
print("two instances in a cycle:", gc.collect())
l = []
l.append(l)
del l
print("self-referencing list:", gc.collect())
d = {}
d["me"] = d
del d
print("self-referencing dict:", gc.collect())
ring = [[] for _ in range(10)]
for i in range(10):
    ring[i].append(ring[(i + 1) % 10])
del ring
print("ring of ten lists (the outer list went by refcount):", gc.collect())
items = [[] for _ in range(5)]
for x in items:
    x.append(x)
del items, x
print("five self-cycles:", gc.collect())
print("nothing left:", gc.collect())
gc.enable()
