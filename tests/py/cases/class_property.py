# property with getter, setter and deleter.
class Circle:
    def __init__(self, r):
        self._r = r
    @property
    def radius(self):
        "The radius."
        print("get")
        return self._r
    @radius.setter
    def radius(self, v):
        print("set", v)
        if v < 0:
            raise ValueError("negative radius")
        self._r = v
    @radius.deleter
    def radius(self):
        print("delete")
        del self._r
    @property
    def area(self):
        return round(3.14159 * self._r ** 2, 2)
c = Circle(2)
print(c.radius, c.area)
c.radius = 3
print(c.area)
try:
    c.radius = -1
except ValueError as e:
    print("ValueError", e)
del c.radius
print(hasattr(c, '_r'))
try:
    c.area = 5
except AttributeError as e:
    print("AttributeError", e)
print(Circle.radius.__doc__, type(Circle.radius).__name__)
def getx(self): return 42
class P:
    x = property(getx, doc="x doc")
print(P().x, P.x.__doc__)
