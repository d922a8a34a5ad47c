# Attribute, subscript and slice targets.
class Box:
    pass
b = Box()
b.x = 1
b.y = b.x + 1
print(b.x, b.y)
lst = [0] * 5
lst[0] = 'a'
lst[-1] = 'z'
print(lst)
lst[1:3] = [1, 2, 3, 4]
print(lst)
lst[::2] = ['e0', 'e1', 'e2', 'e3']
print(lst)
lst[:] = []
print(lst)
d = {}
d['k'] = 'v'
d[1, 2] = 'tuple key'
print(d)
m = [[0, 0], [0, 0]]
m[1][0] = 5
print(m)
b.items = [1, 2]
b.items[0], b.y = 'swap', 'both'
print(b.items, b.y)
i = 0
lst = [10, 20]
i, lst[i] = 1, 99
print(i, lst)
