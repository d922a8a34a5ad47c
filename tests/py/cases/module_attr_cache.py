# m.name remembers where the value lives in the module's dict; changes to
# the module must still be seen.
import math
import sys


def pi():
    return math.pi


out = []
for i in range(6):
    out.append(pi())
    if i == 1:
        math.pi = 3                 # a new value
    if i == 3:
        del math.pi                 # gone ...
        math.pi = "back"            # ... and back
print(out)

this = sys.modules[__name__]
counter = 0


def read_counter():
    return this.counter


seen = []
for i in range(5):
    seen.append(read_counter())
    counter += 1
print(seen)


def missing():
    return this.not_yet


for i in range(3):
    try:
        print(missing())
    except AttributeError as e:
        print("AttributeError:", e)
    if i == 1:
        not_yet = "here"


def __getattr__(name):
    return "from __getattr__: " + name


for i in range(3):
    print(this.dynamic)
    if i == 1:
        dynamic = "now real"

# One site, modules and other objects.
class Box:
    sqrt = "a Box's sqrt"


for obj in [math, Box(), math, Box, math]:
    print(obj.sqrt if obj is not math else obj.sqrt(16.0))

# Another module of the same name in between.
import types
fake = types.ModuleType("math")
fake.pi = "fake pi"
for m in [math, fake, math, fake]:
    print(m.pi)
math.pi = 3.141592653589793
print(pi(), this.__name__, math.__dict__ is vars(math))
