# list operators, slicing assignment, comparisons and copies.
a = [1, 2, 3]
b = a + [4]
print(a * 2, b, a == [1, 2, 3], a < [1, 2, 4], [1, 2] < [1, 2, 0], [] < [0])
a[1:2] = ["x", "y", "z"]
print(a)
a[::2] = [0, 0, 0]
print(a)
try:
    a[::2] = [1]
except ValueError as e:
    print(e)
nested = [[0] * 2] * 2
nested[0][0] = 1
print(nested)
grid = [[0] * 2 for _ in range(2)]
grid[0][0] = 1
print(grid)
a += "ab"
print(a)
try:
    a + "ab"
except TypeError as e:
    print(e)
print(list.__name__, [1, [2, [3]]][1][1][0], [0] * 0, len([None] * 10))
