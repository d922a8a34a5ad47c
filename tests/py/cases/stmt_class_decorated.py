# Class decorators and class keyword arguments.
def add_repr(cls):
    def __repr__(self):
        return f"<{cls.__name__} {vars(self)}>"
    cls.__repr__ = __repr__
    return cls
@add_repr
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
print(Point(1, 2))
class Base:
    def __init_subclass__(cls, tag=None, **kw):
        super().__init_subclass__(**kw)
        cls.tag = tag
class D(Base, tag="dee"):
    pass
print(D.tag)
