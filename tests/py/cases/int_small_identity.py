# Small ints are shared objects; larger computed ones are not.
a = 256
b = 255 + 1
print(a is b, id(a) == id(b))
x = 10
y = 5 + 5
print(x is y)
c = 257
d = int("257")
print(c == d, c is d)
e = -5
f = -10 + 5
print(e is f)
g = -6
h = int("-6")
print(g is h)
lst = [i for i in range(300)]
v100, v256 = 100, 256
print(lst[100] is v100, lst[256] is v256, lst[257] is int("257"))
