# Importing a module from a folder put on sys.path: executed once, cached.
import sys
sys.path.insert(0, "mods")
import imp_helper
print(imp_helper.__name__, imp_helper.CONSTANT, imp_helper.greet("module"))
import imp_helper
import imp_helper as again
print(again is imp_helper, sys.modules["imp_helper"] is imp_helper)
print(imp_helper.bump(), imp_helper.bump(), again.counter)
g = imp_helper.Greeter("hey")
print(g.greet("you"), type(g).__module__, type(g).__qualname__)
print(imp_helper._hidden, "greet" in dir(imp_helper), type(imp_helper).__name__)
