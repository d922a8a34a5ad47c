# range objects.
print(range(5), range(1, 5), range(1, 10, 2), range(10, 0, -3))
print(list(range(0)), list(range(-3)), list(range(2, -2, -1)))
r = range(0, 20, 3)
print(len(r), r[2], r[-1], r[1:4], 9 in r, 10 in r, r.index(9), r.count(3))
print(range(3) == range(0, 3), range(0) == range(5, 5), r.start, r.stop, r.step)
print(list(reversed(range(4))), sum(range(101)), range(10 ** 20)[-1])
try:
    r.index(10)
except ValueError as e:
    print(e)
try:
    range(1.5)
except TypeError as e:
    print(e)
