# Special attributes of classes and instances.
class Base:
    "Base docstring"
    pass
class Derived(Base):
    x = 1
    def method(self): pass
d = Derived()
print(Derived.__name__, Derived.__qualname__, Derived.__module__)
print(Derived.__doc__, Base.__doc__)
print(Derived.__bases__ == (Base,), d.__class__ is Derived)
print('x' in Derived.__dict__, 'method' in Derived.__dict__, 'x' in Base.__dict__)
print(type(Derived.__dict__).__name__)
d.y = 5
print(d.__dict__)
d.__class__ = Base
print(type(d).__name__)
print(Derived.__subclasses__() == [], Base.__subclasses__() == [Derived])
