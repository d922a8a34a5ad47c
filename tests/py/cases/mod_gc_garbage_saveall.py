# gc.garbage stays empty normally; DEBUG_SAVEALL keeps what a collection found.
import gc
gc.disable()
gc.collect()
print(gc.garbage)
print(gc.get_debug())
gc.set_debug(gc.DEBUG_SAVEALL)
print(gc.get_debug() == gc.DEBUG_SAVEALL)
l = []
l.append(l)
del l
print(gc.collect())
print(len(gc.garbage), type(gc.garbage[0]).__name__, gc.garbage[0][0] is gc.garbage[0])
gc.set_debug(0)
gc.garbage.clear()
print(gc.collect())
print(gc.DEBUG_STATS, gc.DEBUG_COLLECTABLE, gc.DEBUG_UNCOLLECTABLE, gc.DEBUG_SAVEALL, gc.DEBUG_LEAK)
gc.enable()
