# Cooperative super() calls in a diamond.
class Base:
    def hello(self):
        return ["Base"]
class Left(Base):
    def hello(self):
        return ["Left"] + super().hello()
class Right(Base):
    def hello(self):
        return ["Right"] + super().hello()
class Child(Left, Right):
    def hello(self):
        return ["Child"] + super().hello()
print(Child().hello())
print(super(Left, Child()).hello())
class Init:
    def __init__(self, **kw):
        print("Init leftover", kw)
class A(Init):
    def __init__(self, a=None, **kw):
        print("A", a)
        super().__init__(**kw)
class B(Init):
    def __init__(self, b=None, **kw):
        print("B", b)
        super().__init__(**kw)
class AB(A, B):
    pass
AB(a=1, b=2, c=3)
