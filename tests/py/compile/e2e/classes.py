# Classes: __class__ cells, zero-argument super, metaclasses, keywords,
# star bases, decorators, __init_subclass__, __set_name__, class scoping.
class Meta(type):
    def __new__(mcls, name, bases, ns, **kw):
        ns["made_by"] = "Meta"
        cls = super().__new__(mcls, name, bases, ns)
        cls.kw = kw
        return cls
class A(metaclass=Meta, flag=True):
    def who(self):
        return "A"
class B(A):
    def who(self):
        return "B>" + super().who()
    @classmethod
    def cm(cls):
        return cls.__name__, __class__.__name__
    @staticmethod
    def sm():
        return __class__.__name__
print(B().who(), B.cm(), B.sm(), B.made_by, A.kw, B.kw)
bases = (B,)
class C(*bases, **{"flag": 2}):
    pass
print(C().who(), C.kw, C.__mro__[1].__name__)
def deco(tag):
    def wrap(cls):
        cls.tag = tag
        return cls
    return wrap
@deco("one")
@deco("two")
class D:
    """Doc of D."""
    x: int = 3
    y: "str"
print(D.tag, D.__doc__, D.__annotations__, D.__qualname__)
class Base:
    def __init_subclass__(cls, **kw):
        cls.sub_kw = kw
        super().__init_subclass__()
class Sub(Base, opt=1):
    pass
print(Sub.sub_kw)
class Desc:
    def __set_name__(self, owner, name):
        self.name = owner.__name__ + "." + name
class H:
    d = Desc()
print(H.d.name)
def factory():
    val = "closure"
    class K:
        val = "class attr"
        def get(self):
            return val
        def get2(self):
            return self.val
    return K()
k = factory()
print(k.get(), k.get2())
class Outer:
    class Inner:
        def m(self):
            return type(self).__qualname__
print(Outer.Inner().m(), Outer.Inner.m.__qualname__)
class WithCell:
    def m(self):
        return __class__
print(WithCell().m() is WithCell)
class Props:
    def __init__(self):
        self._v = 0
    @property
    def v(self):
        return self._v
    @v.setter
    def v(self, value):
        self._v = value * 2
p = Props()
p.v = 5
p.v += 1
print(p.v)
class Private:
    __x = 1
    def __m(self):
        return self.__x
    def call(self):
        return self.__m(), hasattr(self, "_Private__x"), "__x" in dir(self)
print(Private().call())
