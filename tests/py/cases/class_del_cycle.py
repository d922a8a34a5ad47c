# __del__ on objects in a reference cycle runs when the collector frees them.
import gc
class Node:
    def __init__(self, name):
        self.name = name
        self.other = None
    def __del__(self):
        print("finalize", self.name)
gc.disable()
a, b = Node("a"), Node("b")
a.other, b.other = b, a
del a, b
print("cycle unreachable, not yet collected")
n = gc.collect()
print("collected", n)
class Resurrect:
    saved = None
    def __del__(self):
        print("resurrecting")
        Resurrect.saved = self
r = Resurrect()
r.self = r
del r
print(gc.collect(), Resurrect.saved is not None, gc.is_finalized(Resurrect.saved))
Resurrect.saved = None
print(gc.collect())
gc.enable()
