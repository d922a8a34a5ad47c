# Several statements on one line with semicolons.
a = 1; b = 2; c = a + b
print(a, b, c); print("second");
x = [];  x.append(1); x.append(2)
print(x)
if a: b = 10; c = 20
print(b, c)
