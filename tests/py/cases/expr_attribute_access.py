# Attribute access on instances, classes, modules and built-ins.
import math
class A:
    cls_attr = "class"
    def __init__(self):
        self.inst = "instance"
a = A()
print(a.inst, a.cls_attr, A.cls_attr)
print(math.pi > 3, "abc".upper(), (1).bit_length(), 1.5.is_integer())
print([].append.__name__, A.__name__, a.__class__.__name__)
for bad in (lambda: a.nope, lambda: A.nope, lambda: math.nope, lambda: (1).nope,
            lambda: "s".nope, lambda: None.nope, lambda: [].nope):
    try:
        bad()
    except AttributeError as e:
        print(e)
