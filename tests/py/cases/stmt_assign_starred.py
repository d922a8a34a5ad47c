# Starred targets in unpacking.
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = range(5)
print(init, last)
a, *mid, z = "abcdef"
print(a, mid, z)
a, *mid, z = "az"
print(a, mid, z)
(x, *y), w = (1, 2, 3), 4
print(x, y, w)
*all_, = (7, 8)
print(all_)
for h, *t in [(1, 2, 3), (4,)]:
    print(h, t)
