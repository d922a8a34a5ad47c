# __slots__ restricts instance attributes.
class Point:
    __slots__ = ('x', 'y')
    def __init__(self, x, y):
        self.x = x
        self.y = y
p = Point(1, 2)
print(p.x, p.y, hasattr(p, '__dict__'))
try:
    p.z = 3
except AttributeError as e:
    print(e)
del p.x
try:
    p.x
except AttributeError as e:
    print(e)
p.x = 10
print(p.x)
class Point3(Point):
    __slots__ = ('z',)
q = Point3(1, 2)
q.z = 3
print(q.x, q.y, q.z, Point3.__slots__)
class Open(Point):
    pass
o = Open(1, 2)
o.anything = "has a dict"
print(o.anything, hasattr(o, '__dict__'))
print(type(Point.__dict__['x']).__name__)
