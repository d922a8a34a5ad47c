# list, set, dict comprehensions and generator expressions.
print([x * 2 for x in range(5)])
print([x for x in range(10) if x % 3 == 0 if x])
print([(i, j) for i in range(3) for j in range(i)])
print({x % 4 for x in range(10)})
print({k: v for k, v in zip("abc", range(3))})
print({x: x ** 2 for x in range(4) if x != 2})
print([[j for j in range(i)] for i in range(4)])
print(list(x + 1 for x in [1, 2]))
m = [[1, 2], [3, 4]]
print([v for row in m for v in row])
print([c.upper() for c in "abc"])
