# A simple metaclass.
class Meta(type):
    def __new__(mcls, name, bases, ns):
        ns["created_by"] = mcls.__name__
        cls = super().__new__(mcls, name, bases, ns)
        print("creating", name)
        return cls
    def __call__(cls, *a):
        print("calling", cls.__name__, a)
        return super().__call__(*a)
class A(metaclass=Meta):
    def __init__(self, v): self.v = v
class B(A): pass
b = B(5)
print(b.v, B.created_by, type(B).__name__, isinstance(B, Meta))
