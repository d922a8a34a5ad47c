x = 10
print(id(x))
