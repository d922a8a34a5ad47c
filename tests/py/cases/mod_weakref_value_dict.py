# WeakValueDictionary drops entries when values die.
import weakref
class Image:
    def __init__(self, name): self.name = name
cache = weakref.WeakValueDictionary()
a, b = Image("a.png"), Image("b.png")
cache["a"] = a
cache["b"] = b
print(len(cache), sorted(cache.keys()), cache["a"].name)
del a
print(len(cache), sorted(cache), "a" in cache, cache.get("a"))
print(cache.get("b").name, [v.name for v in cache.values()])
b = None
print(len(cache), list(cache.items()))
try:
    cache["zzz"]
except KeyError as e:
    print("KeyError", e)
