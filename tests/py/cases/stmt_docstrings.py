# Docstrings of modules, functions, classes and methods.
"""Module docstring."""
def f():
    """Function docstring."""
class C:
    """Class docstring."""
    def m(self):
        "Method docstring."
def g():
    x = 1
    "not a docstring"
print(__doc__, f.__doc__, C.__doc__, C.m.__doc__, C().m.__doc__, g.__doc__)
print(f(), (lambda: 0).__doc__)
