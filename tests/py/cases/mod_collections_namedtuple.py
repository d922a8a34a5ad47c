# collections.namedtuple.
from collections import namedtuple
Point = namedtuple("Point", ["x", "y"])
p = Point(1, y=2)
print(p, p.x, p[1], p == (1, 2), len(p), tuple(p))
x, y = p
print(x + y, p._asdict(), p._replace(x=10), Point._fields)
Person = namedtuple("Person", "name age city", defaults=["unknown"])
print(Person("Ann", 30), Person._make(["Bob", 25, "Oslo"]))
try:
    p.x = 5
except AttributeError as e:
    print(e)
try:
    Point(1)
except TypeError as e:
    print(e)
print(isinstance(p, tuple), type(p).__name__)
