# len() of every built-in container.
print(len(""), len("abc"), len("é"), len(b"\x00\x01"), len([1, 2]), len((1,)), len({1: 2}), len({1, 2, 3}))
print(len(range(10)), len(range(0, 10, 3)), len(range(10, 0)), len(frozenset()), len({}.keys()), len(bytearray(5)))
print(len(range(-5, 5, 2)), len(range(10 ** 6)))
for bad in (5, 1.0, None, iter([])):
    try:
        len(bad)
    except TypeError as e:
        print(e)
