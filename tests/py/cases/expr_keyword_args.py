# Keyword arguments, order of evaluation, and errors.
def f(a, b=2, *, c=3):
    return (a, b, c)
print(f(1, c=5), f(b=7, a=8), f(c=1, a=2))
order = []
def v(x):
    order.append(x)
    return x
f(v(1), c=v(3), b=v(2))
print(order)
def g(**kw):
    return list(kw.items())
print(g(z=1, a=2, m=3))
for call in (lambda: f(1, 2, 3), lambda: f(1, d=4), lambda: f(1, a=1), lambda: f()):
    try:
        call()
    except TypeError as e:
        print(e)
