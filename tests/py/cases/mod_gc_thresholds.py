# get_threshold / set_threshold and get_count's shape.
import gc
print(gc.get_threshold())
gc.set_threshold(1200, 25, 25)
print(gc.get_threshold())
gc.set_threshold(500)
print(gc.get_threshold())
gc.set_threshold(700, 10, 10)
print(gc.get_threshold())
count = gc.get_count()
print(type(count).__name__, len(count), all(type(c) is int and c >= 0 for c in count))
gc.collect()
print(gc.get_count()[1:])
try:
    gc.set_threshold()
except TypeError as e:
    print(type(e).__name__)
