# Methods every object inherits from object.
class P: pass
p = P()
print(p.__eq__(p), p.__eq__(1), p.__ne__(1), p.__lt__(1))
print(type(p.__hash__()).__name__, p.__class__.__name__)
print(p.__str__() == p.__repr__())
print(isinstance(p.__dir__(), list), '__init__' in dir(p))
print(p.__sizeof__() > 0, p.__reduce_ex__ is not None)
print(object.__name__, object.__bases__, object.__mro__ == (object,))
o = object()
try:
    o.x = 1
except AttributeError as e:
    print(e)
print(P.__init__ is object.__init__)
