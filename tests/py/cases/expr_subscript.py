# Subscription of sequences and mappings, negative indices, nesting.
lst = [10, 20, 30]
print(lst[0], lst[-1], lst[-3])
print("hello"[1], "hello"[-1], (1, 2, 3)[1], b"abc"[0])
d = {"a": {"b": [1, {"c": "deep"}]}}
print(d["a"]["b"][1]["c"])
print(range(5)[3], range(5)[-1])
grid = [[1, 2, 3], [4, 5, 6]]
print(grid[1][2], grid[-1][-3])
for bad in (lambda: lst[3], lambda: lst[-4], lambda: "ab"[2], lambda: (1,)[5],
            lambda: range(3)[3], lambda: d["missing"], lambda: b"x"[1]):
    try:
        bad()
    except (IndexError, KeyError) as e:
        print(type(e).__name__, e)
