# import statement forms with built-in modules.
import math
import sys as system
from math import sqrt, pi as PI
from math import (floor,
                  ceil)
import gc, weakref
print(math.sqrt(16), system.maxsize > 0, system.__name__)
print(sqrt(2) == math.sqrt(2), PI == math.pi, floor(2.5), ceil(2.5))
print(type(gc).__name__, weakref.__name__)
import math as m2
print(m2 is math)
def local_import():
    import itertools
    return list(itertools.islice(itertools.count(5), 3))
print(local_import())
print('itertools' in dir())
print('sys' in system.modules, 'math' in system.modules)
