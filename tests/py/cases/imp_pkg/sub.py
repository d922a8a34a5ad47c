# imp_pkg.sub: a submodule using a relative import of a sibling package.
print("imp_pkg.sub: runs")
def sub_function():
    from .nested import deep
    return "sub_function -> " + deep.deep_value()
