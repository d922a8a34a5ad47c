# class statements: bases, body execution, attributes.
print("before")
class A:
    print("executing body")
    x = 1
    def m(self):
        return "A.m"
print("after")
class B(A):
    y = 2
class C(B, object):
    pass
print(C.x, C.y, C().m())
print(C.__name__, C.__bases__ == (B, object), A.__bases__ == (object,))
print(type(A).__name__, type(A()).__name__)
print(C.__mro__ == (C, B, A, object))
class Empty: pass
print(Empty.__qualname__, Empty.__module__)
def factory():
    class Local:
        pass
    return Local
print(factory().__qualname__)
