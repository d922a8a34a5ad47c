# lambda expressions.
sq = lambda x: x * x
print(sq(7), sq.__name__)
add = lambda a, b=10, *c, d=1, **e: (a, b, c, d, e)
print(add(1), add(1, 2, 3, d=4, z=5))
print((lambda: "no args")())
print(sorted([3, -1, 2], key=lambda v: abs(v)))
adders = [lambda x, i=i: x + i for i in range(3)]
print([f(10) for f in adders])
late = [lambda x: x + i for i in range(3)]
print([f(10) for f in late])
print((lambda x: (lambda y: x + y))(1)(2))
