# WeakKeyDictionary drops entries when keys die.
import weakref
class Widget:
    pass
meta = weakref.WeakKeyDictionary()
w1, w2 = Widget(), Widget()
meta[w1] = "first"
meta[w2] = "second"
print(len(meta), meta[w1], w2 in meta)
del w1
print(len(meta), list(meta.values()))
meta[w2] = "updated"
print(meta[w2], len(meta))
del w2
print(len(meta), dict(meta))
