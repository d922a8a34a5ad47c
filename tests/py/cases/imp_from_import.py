# from-import of functions, classes and constants, with aliases.
import sys
sys.path.insert(0, "mods")
from imp_helper import greet, Greeter as G, CONSTANT as C, bump, counter
print(greet("from"), G("yo").greet("x"), C)
print(bump(), counter)
import imp_helper
print(imp_helper.counter, counter)
