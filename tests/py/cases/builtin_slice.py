# slice objects.
s = slice(1, 10, 2)
print(s, s.start, s.stop, s.step, slice(5), slice(None, None, None))
print(list(range(20))[s], "abcdefghijkl"[slice(2, None)], (1, 2, 3)[slice(None, None, -1)])
print(s.indices(5), slice(-3, None).indices(10), slice(None, None, -2).indices(7))
print(slice(1, 2) == slice(1, 2), slice(1, 2) == slice(1, 3))
try:
    [1, 2][slice(None, None, 0)]
except ValueError as e:
    print(e)
