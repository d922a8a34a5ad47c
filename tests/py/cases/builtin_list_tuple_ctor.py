# list() and tuple() constructors.
print(list(), list("abc"), list((1, 2)), list(range(3)), list({"a": 1, "b": 2}), list({3: 0}.values()))
print(tuple(), tuple([1, 2]), tuple("hi"), tuple(x * x for x in range(4)))
t = (1, 2)
print(tuple(t) is t, list(t) == [1, 2])
l = [1, 2]
print(list(l) is l, list(l) == l)
try:
    list(5)
except TypeError as e:
    print(e)
