# TypeError messages for wrong argument counts and names.
def f0(): pass
def f1(a): pass
def f2(a, b): pass
def f3(a, b, c=1): pass
def fk(a, *, k): pass
def fv(a, *args): pass
class C:
    def m(self, x): pass
calls = [
    lambda: f0(1),
    lambda: f0(1, 2),
    lambda: f1(),
    lambda: f1(1, 2),
    lambda: f2(1),
    lambda: f2(),
    lambda: f3(),
    lambda: f3(1, 2, 3, 4),
    lambda: f2(1, 2, c=3),
    lambda: f2(1, a=1),
    lambda: fk(1),
    lambda: fk(1, 2),
    lambda: fk(1, 2, k=3),
    lambda: fv(),
    lambda: fv(b=1),
    lambda: C().m(),
    lambda: C().m(1, 2),
    lambda: C.m(),
    lambda: (lambda x: x)(),
    lambda: f1(**{'a': 1, 'z': 2}),
]
for c in calls:
    try:
        c()
    except TypeError as e:
        print(e)
