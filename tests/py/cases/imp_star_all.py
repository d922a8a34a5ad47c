# from module import * respects __all__.
import sys
sys.path.insert(0, "mods")
from imp_helper import *
print(greet("star"), CONSTANT, Greeter.__name__)
print("not_in_all" in globals(), "_hidden" in globals(), "bump" in globals())
