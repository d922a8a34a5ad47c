# get_objects, get_referrers and get_referents used deterministically.
import gc
target = ["target list"]
print(any(o is target for o in gc.get_objects()))
number = 123456789
print(any(o is number for o in gc.get_objects()))
holder = [target]
other = {"key": target}
refs = gc.get_referrers(target)
print(any(r is holder for r in refs), any(r is other for r in refs))
print(sorted(gc.get_referents([1, "two", None]), key=repr))
print(sorted(gc.get_referents((3, 4))))
print(gc.get_referents(5), gc.get_referents())
class P:
    pass
p = P()
print(any(r is P for r in gc.get_referents(p)))
