# dict() constructor forms.
print(dict(), dict(a=1, b=2), dict([("x", 1), ("y", 2)]), dict({"k": "v"}, extra=0))
print(dict(zip("abc", range(3))), dict([["l", "list pair"]]), dict(((1, 2),)))
print(dict.fromkeys("ab"), dict.fromkeys([1, 2], "v"))
d = dict(a=1)
d2 = dict(d)
d2["a"] = 99
print(d, d2)
try:
    dict([1, 2])
except TypeError as e:
    print(e)
try:
    dict(1)
except TypeError as e:
    print(e)
