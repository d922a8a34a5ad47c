# Float arithmetic may build its result in an operand that only the
# stack held; no variable, list item or alias may ever see it change.
a = 2.0
b = a
c = (a + 1.0) - b               # the left temporary becomes the result
d = b - (a * 3.0)               # the right temporary becomes the result
e = a * a                       # one object on both sides
f = 1 + (a / 4.0)               # an int on the left, a temporary right
print(a, b, c, d, e, f, a is b)
xs = [0.5, 1.5, 2.5]
total = 0.0
for x in xs:
    total = total + x * (x - 1.0)
print(xs, total)
ys = [x * 2.0 for x in xs]
zs = [(x + 1.0) * (x + 2.0) - (x * x) for x in xs]
print(ys, zs, xs)
acc = 1.0
keep = []
for i in range(5):
    acc = acc * 1.5
    keep.append(acc)
print(keep)
m = 10.0
n = -(m - 4.0) / (2.0 - m)
print(m, n, 7 - (m * 0.5), (m * 0.5) - 7)
v = 1e308
print(v * 10.0, -(v * 10.0), (v * 10.0) - (v * 10.0))
try:
    print(1.0 / (a - 2.0))
except ZeroDivisionError as err:
    print("ZeroDivisionError:", err, a)
