# for loops over different iterables and targets.
for k, v in {'a': 1, 'b': 2}.items():
    print(k, v)
for i, (a, b) in enumerate([(1, 2), (3, 4)]):
    print(i, a, b)
class Holder: pass
h = Holder()
for h.attr in [1, 2]:
    pass
print(h.attr)
lst = [0, 0, 0]
for lst[1] in "xy":
    pass
print(lst)
for c in "hi":
    print(c)
for b in b"AB":
    print(b)
for x in range(10, 0, -3):
    print(x, end=" ")
print()
