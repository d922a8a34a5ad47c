# Reachable cycles are not collected; only unreachable ones are.
import gc
gc.disable()
gc.collect()
class Node:
    def __init__(self, name):
        self.name = name
keep = Node("kept")
keep.self = keep
print(gc.collect())
print(keep.self.name)
holder = [keep]
del keep
print(gc.collect(), holder[0].name)
holder.clear()
print(gc.collect())
t = ([],)
t[0].append(t)
print(gc.collect())
del t
print(gc.collect())
gc.enable()
