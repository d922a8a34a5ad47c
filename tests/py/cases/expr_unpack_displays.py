# * and ** unpacking in list, tuple, set and dict displays.
a = [1, 2]
b = (3, 4)
print([*a, *b, 5])
print((*a, *b))
print(*a, *"xy")
print({*a, *b, 1} == {1, 2, 3, 4})
d1 = {'x': 1, 'y': 2}
d2 = {'y': 20, 'z': 30}
print({**d1, **d2})
print({**d2, **d1, 'w': 0})
print([*range(3), *{}.keys()])
print((*a,))
t = *a, *b
print(t)
