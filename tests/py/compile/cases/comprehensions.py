xs = [1, 2, 3]
a = [x * 2 for x in xs]
b = {x for x in xs if x > 1 if x < 3}
c = {x: y for x in xs for y in xs if x != y}
d = (x for x in xs)
e = [[y for y in range(x)] for x in xs]
f = [y for x in xs for y in [x * 2]]
def func(n):
    k = 3
    return [i + k for i in range(n)], sum(i for i in range(n)), {i: k for i in range(k)}
def genexp_in_func(seq):
    return list(x for x in seq if x)
class C:
    vals = [1, 2]
    doubled = [v * 2 for v in vals]
    lam = [lambda: v for v in vals]
