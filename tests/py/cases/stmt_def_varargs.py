# *args and **kwargs.
def f(*args, **kwargs):
    return args, kwargs
print(f())
print(f(1, 2))
print(f(a=1, b=2))
print(f(1, *[2, 3], x=4, **{'y': 5}))
def g(a, *rest, key='k', **extra):
    print(a, rest, key, extra)
g(1)
g(1, 2, 3, key='K', z=26)
def total(*nums):
    return sum(nums)
print(total(*range(5)))
print(type(f()[0]).__name__, type(f()[1]).__name__)
