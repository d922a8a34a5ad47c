# __new__ and __init__: order, arguments, returning other objects.
class Tracked:
    def __new__(cls, *args, **kw):
        print("new", cls.__name__, args, kw)
        return super().__new__(cls)
    def __init__(self, x, y=0):
        print("init", x, y)
        self.x = x
t = Tracked(1, y=2)
print(t.x)
class Singleton:
    _inst = None
    def __new__(cls):
        if cls._inst is None:
            cls._inst = super().__new__(cls)
        return cls._inst
print(Singleton() is Singleton())
class NotMine:
    def __new__(cls):
        return 42
    def __init__(self):
        print("never called")
print(NotMine())
class PosInt(int):
    def __new__(cls, v):
        return super().__new__(cls, abs(v))
print(PosInt(-5), type(PosInt(-5)).__name__, PosInt(-5) + 1)
class InitReturns:
    def __init__(self):
        return 1
try:
    InitReturns()
except TypeError as e:
    print(e)
try:
    object.__new__(Tracked).x
except AttributeError as e:
    print(e)
class NoArgs: pass
try:
    NoArgs(1)
except TypeError as e:
    print(e)
