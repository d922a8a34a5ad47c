# The same parameter name twice.
def f(a, a):
    pass
