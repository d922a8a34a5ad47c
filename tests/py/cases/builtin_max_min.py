# max and min with key, default and several arguments.
print(max(3, 1, 2), min(3, 1, 2), max([1, 5, 2]), min("hello"), max("a", "b"))
print(max(["aa", "b", "ccc"], key=len), min(["aa", "b", "ccc"], key=len))
print(max([], default="empty"), min((), default=None))
print(max([(1, "b"), (1, "a"), (0, "z")]), min([3, 1, 1.0, 2]))
print(max([1, 3, 3.0], key=lambda v: v), max([3.0, 3], key=lambda v: v))
print(max({"x": 1, "y": 2}), max({"x": 1, "y": 2}.values()))
for bad in (lambda: max(), lambda: max([]), lambda: min(1), lambda: max([1, "a"])):
    try:
        bad()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
