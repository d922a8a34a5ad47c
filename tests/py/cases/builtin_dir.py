# dir() of objects, classes, modules and the current scope.
class Base:
    base_attr = 1
    def base_method(self): pass
class C(Base):
    z = 1
    a = 2
    def __init__(self):
        self.inst = 3
names = [n for n in dir(C()) if not n.startswith("__")]
print(names)
print([n for n in dir(C) if not n.startswith("__")])
def f():
    local_b = 1
    local_a = 2
    return dir()
print(f())
import math
print("sqrt" in dir(math), "pi" in dir(math))
print([n for n in dir([]) if not n.startswith("_")])
print([n for n in dir({}) if not n.startswith("_")])
print("__add__" in dir(1), "upper" in dir("s"))
