x = 10
print(id(x))
y = 10
print(id(y))

z = y
print(id(z))
x = x + 1
print(id(x))
