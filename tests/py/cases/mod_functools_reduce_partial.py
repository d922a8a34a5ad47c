# functools.reduce and functools.partial.
import functools
import operator
print(functools.reduce(operator.add, [1, 2, 3, 4]), functools.reduce(lambda a, b: a * b, range(1, 6), 10))
print(functools.reduce(max, [3, 9, 2]), functools.reduce(operator.add, [], "empty"))
try:
    functools.reduce(operator.add, [])
except TypeError as e:
    print(e)
def power(base, exp, *, mod=None):
    return pow(base, exp, mod)
square = functools.partial(power, exp=2)
cube_mod = functools.partial(power, exp=3, mod=5)
two_to = functools.partial(power, 2)
print(square(7), cube_mod(4), two_to(10), square.func is power, square.args, square.keywords)
int2 = functools.partial(int, base=2)
print(int2("1011"), int2("11", base=10))
