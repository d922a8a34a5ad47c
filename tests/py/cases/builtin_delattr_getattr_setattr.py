# getattr, setattr, delattr, hasattr.
class C:
    cls = "class attr"
c = C()
setattr(c, "x", 1)
setattr(c, "with space", 2)
print(getattr(c, "x"), getattr(c, "with space"), getattr(c, "cls"), getattr(c, "nope", None))
print(hasattr(c, "x"), hasattr(c, "nope"), hasattr(C, "cls"))
delattr(c, "x")
print(hasattr(c, "x"))
try:
    getattr(c, "nope")
except AttributeError as e:
    print(e)
try:
    delattr(c, "nope")
except AttributeError as e:
    print(e)
try:
    getattr(c, 5)
except TypeError as e:
    print(e)
print(getattr([], "append").__name__, getattr(5, "real"))
class Raises:
    @property
    def bad(self):
        raise ValueError("property raised")
try:
    hasattr(Raises(), "bad")
except ValueError as e:
    print("hasattr propagates non-AttributeError:", e)
