# WeakSet membership follows object lifetimes.
import weakref
class Listener:
    def __init__(self, n): self.n = n
s = weakref.WeakSet()
ls = [Listener(i) for i in range(4)]
for l in ls:
    s.add(l)
print(len(s), ls[0] in s)
del ls[1]
print(len(s), sorted(l.n for l in s))
ls.clear()
del l
print(len(s), list(s))
s.add(Listener(9))
print(len(s))
keep = Listener(5)
s.add(keep)
s.discard(keep)
print(len(s), keep in s)
