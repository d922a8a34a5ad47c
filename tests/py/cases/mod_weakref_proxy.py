# weakref.proxy forwards attribute access and fails after death.
import weakref
class Item:
    def __init__(self): self.value = 42
    def double(self): return self.value * 2
    def __len__(self): return 3
i = Item()
p = weakref.proxy(i)
print(p.value, p.double(), len(p), type(p).__name__)
p.value = 7
print(i.value)
del i
try:
    p.value
except ReferenceError as e:
    print(type(e).__name__, e)
def f(x): return x + 1
cp = weakref.proxy(f)
print(cp(1), type(cp).__name__)
