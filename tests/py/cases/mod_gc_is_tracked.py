# gc.is_tracked for atoms, containers, and dicts holding atoms.
import gc
class C:
    pass
print(gc.is_tracked(1), gc.is_tracked("s"), gc.is_tracked(None), gc.is_tracked(1.5))
print(gc.is_tracked([]), gc.is_tracked(set()), gc.is_tracked(C()), gc.is_tracked(C))
print(gc.is_tracked({}), gc.is_tracked({"a": 1}), gc.is_tracked({"a": []}))
d = {"x": 1}
print(gc.is_tracked(d))
d["y"] = [2]
print(gc.is_tracked(d))
t = tuple([1, 2])
print(gc.is_tracked(t))
gc.collect()
print(gc.is_tracked(t))
t2 = tuple([[], 1])
gc.collect()
print(gc.is_tracked(t2))
print(gc.is_tracked(lambda: 0), gc.is_tracked(b"bytes"))
