# filter and map.
print(list(filter(None, [0, 1, "", "a", None, [], [0]])))
print(list(filter(lambda v: v % 2, range(10))))
print(list(map(str, [1, 2, 3])), list(map(lambda a, b: a * b, [1, 2, 3], [4, 5])))
print(list(map(pow, [2, 3], [3, 2], [5, 5])))
m = map(int, "123")
print(next(m), list(m), list(m))
print(type(map(len, [])).__name__, type(filter(None, [])).__name__)
print(sum(map(len, ["ab", "cde"])), list(filter(str.isdigit, "a1b2c3")))
try:
    list(map(None, [1]))
except TypeError as e:
    print(e)
