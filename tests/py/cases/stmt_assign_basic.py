# Plain, chained and multiple-target assignment.
a = 1
b = c = d = [1, 2]
print(a, b, c, d, b is c is d)
b.append(3)
print(d)
x, y = 1, 2
x, y = y, x
print(x, y)
(p, q), r = (1, 2), 3
print(p, q, r)
[m, n] = "ab"
print(m, n)
i = j = 0
i += 1
print(i, j)
