# enumerate and zip.
print(list(enumerate("abc")), list(enumerate("ab", 1)), list(enumerate([], 5)))
e = enumerate(["x", "y"], start=10)
print(next(e), next(e), next(e, "end"))
print(list(zip()), list(zip([1, 2, 3], "ab")), list(zip(range(3), range(3), range(3))))
names, vals = zip(*[("a", 1), ("b", 2)])
print(names, vals)
print(dict(zip("abc", range(10))))
try:
    list(zip([1, 2], [1], strict=True))
except ValueError as e:
    print(e)
print(list(zip([1], [2], strict=True)))
print(type(enumerate([])).__name__, type(zip()).__name__)
