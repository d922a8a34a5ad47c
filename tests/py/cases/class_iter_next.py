# The iterator protocol: __iter__ and __next__.
class Countdown:
    def __init__(self, start): self.n = start
    def __iter__(self): return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
print(list(Countdown(3)))
for v in Countdown(2):
    print("v", v)
c = Countdown(2)
print(next(c), next(c), next(c, "exhausted"))
class Reusable:
    def __init__(self, items): self.items = items
    def __iter__(self): return iter(self.items)
r = Reusable("ab")
print(list(r), list(r), "b" in r)
class GenIter:
    def __iter__(self):
        yield 1
        yield 2
print(list(GenIter()), sum(GenIter()), dict(zip(GenIter(), "xy")))
class NotIter: pass
try:
    iter(NotIter())
except TypeError as e:
    print(e)
class BadIter:
    def __iter__(self): return 5
try:
    iter(BadIter())
except TypeError as e:
    print(e)
