# iter() and next() including the two-argument iter form.
it = iter([1, 2, 3])
print(next(it), next(it), next(it), next(it, "default"))
print(type(iter([1])).__name__, type(iter((1,))).__name__, type(iter({})).__name__, type(iter(range(2))).__name__)
vals = [5, 4, 3, 0, 9]
pos = iter(vals)
print(list(iter(lambda: next(pos), 0)))
print(iter(it) is it)
try:
    next([1])
except TypeError as e:
    print(e)
try:
    iter(5)
except TypeError as e:
    print(e)
d = {"a": 1, "b": 2}
di = iter(d)
print(next(di), list(di))
