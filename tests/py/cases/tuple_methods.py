# tuple count, index, and tuple operations.
t = (1, 2, 3, 2, 1, 2)
print(t.count(2), t.count(9), t.index(3), t.index(2, 2), t.index(1, 1))
try:
    t.index(9)
except ValueError as e:
    print(e)
print(t + (4,), t * 2 if len(t) < 3 else t[:2] * 3, t[1:4], t[::-1], 3 in t, len(t))
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 9), () == ())
a, b = (1, 2)
print(a, b, tuple("ab"), (1, [2])[1])
t2 = (1, [2])
t2[1].append(3)
print(t2)
try:
    t2[0] = 5
except TypeError as e:
    print(e)
try:
    t2 += 1
except TypeError as e:
    print(e)
