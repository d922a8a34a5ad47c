# Classes created with type(name, bases, dict).
def hello(self):
    return "hello from " + type(self).__name__
Dyn = type("Dyn", (), {"x": 1, "hello": hello})
d = Dyn()
print(Dyn.__name__, d.x, d.hello())
Sub = type("Sub", (Dyn,), {})
print(Sub().hello(), Sub.__mro__ == (Sub, Dyn, object))
print(type(1) is int, type("s") is str, type(type) is type)
try:
    type("Bad", (1,), {})
except TypeError as e:
    print(e)
try:
    type("a", "b")
except TypeError as e:
    print(e)
