# An uncaught exception raised by a function defined in a package module.
from imp_pkg.nested import deep
print(deep.deep_value())
deep.fail()
