# imp_pkg.nested.deep: imports from its parent packages.
print("imp_pkg.nested.deep: runs")
from . import parent_name
from ..sub import __name__ as sub_name
def deep_value():
    return f"deep value (parent {parent_name}, sibling {sub_name})"
def fail():
    raise ValueError("raised inside imp_pkg.nested.deep")
