# gc.freeze, gc.unfreeze, gc.get_freeze_count.
import gc
gc.collect()
print(gc.get_freeze_count())
keep = [[i] for i in range(100)]
gc.freeze()
print(gc.get_freeze_count() >= 100)
gc.unfreeze()
print(gc.get_freeze_count())
gc.disable()
l = []
l.append(l)
gc.freeze()
del l
print("frozen cycle not collected:", gc.collect())
gc.unfreeze()
print("after unfreeze:", gc.collect())
gc.enable()
