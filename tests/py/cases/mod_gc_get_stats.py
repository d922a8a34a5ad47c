# gc.get_stats returns one dict per generation.
import gc
stats = gc.get_stats()
print(type(stats).__name__, len(stats))
for s in stats:
    print(sorted(s), all(type(v) is int for v in s.values()))
before = gc.get_stats()[2]["collections"]
gc.collect()
after = gc.get_stats()[2]["collections"]
print(after - before)
gc.disable()
l = []
l.append(l)
del l
c0 = gc.get_stats()[2]["collected"]
gc.collect()
print(gc.get_stats()[2]["collected"] - c0)
gc.enable()
