# __getattr__, __getattribute__, __setattr__, __delattr__.
class Dyn:
    def __init__(self):
        self.real = "real value"
    def __getattr__(self, name):
        if name.startswith("x_"):
            return "computed " + name
        raise AttributeError(f"no {name}")
d = Dyn()
print(d.real, d.x_one, getattr(d, "x_two"), hasattr(d, "y"), getattr(d, "y", "dflt"))
try:
    d.y
except AttributeError as e:
    print(e)
class Logged:
    def __setattr__(self, name, value):
        print("set", name, value)
        super().__setattr__(name, value * 2)
    def __delattr__(self, name):
        print("del", name)
        super().__delattr__(name)
l = Logged()
l.a = 5
print(l.a, vars(l))
del l.a
print(vars(l))
class Every:
    def __getattribute__(self, name):
        if name == "secret":
            return "intercepted"
        return object.__getattribute__(self, name)
e = Every()
e.normal = 1
print(e.secret, e.normal)
class Frozen:
    def __setattr__(self, n, v):
        raise AttributeError("frozen")
try:
    Frozen().x = 1
except AttributeError as err:
    print(err)
