# imp_pkg.nested: a subpackage.
print("imp_pkg.nested: __init__ runs")
from .. import PKG_NAME as parent_name
