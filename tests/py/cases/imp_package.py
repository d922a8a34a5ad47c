# Packages, submodules and relative imports.
import imp_pkg
print(imp_pkg.PKG_NAME, imp_pkg.sub_function())
import imp_pkg.sub
from imp_pkg.nested import deep
from imp_pkg import nested
print(imp_pkg.sub.__name__, deep.__name__, nested.parent_name, deep.sub_name)
print(imp_pkg.nested is nested, hasattr(imp_pkg, "sub"))
import imp_pkg.nested.deep as d2
print(d2 is deep, d2.deep_value())
