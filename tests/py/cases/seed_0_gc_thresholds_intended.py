import gc
# The tutorial prints gc.get_count(), e.g. (529, 6, 3): the counts depend on
# the implementation, so only their shape is printed here.
print(len(gc.get_count()))
# The tutorial prints what gc.collect() found, e.g. 517.
print(gc.collect() >= 0)
# After a full collection the two older generations' counts are zero.
print(gc.get_count()[1:])
print(gc.get_threshold())
gc.set_threshold(1200, 25, 25)
print(gc.get_threshold())
