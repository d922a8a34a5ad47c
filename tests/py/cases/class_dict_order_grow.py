# Instance attribute order while the class's shared table of names grows:
# many attributes (past the room an instance starts with, past the most
# the table holds), instances made before and after the class saw more
# names, __dict__ read, changed and replaced, copies, __class__
# assignment, subclasses and classes with __slots__ and a __dict__.
import copy


class C:
    pass


# An instance made before the class has many names, set backwards.
early = C()
late_names = ['n%02d' % i for i in range(12)]
first = C()
for i, n in enumerate(late_names):
    setattr(first, n, i)
for i, n in enumerate(reversed(late_names)):
    setattr(early, n, i)
print(list(vars(early)) == list(reversed(late_names)), list(vars(first))[:4])

# Growing one at a time, interleaving two instances in opposite orders.
x, y = C(), C()
for i in range(40):
    setattr(x, 'g%d' % i, i)
    setattr(y, 'g%d' % (39 - i), i)
print(list(vars(x))[:3], list(vars(x))[-3:], len(vars(x)))
print(list(vars(y))[:3], list(vars(y))[-3:], len(vars(y)))
print(x.g0 + x.g39, y.g0 + y.g39)

# Past the table's limit with deletes in between.
z = C()
for i in range(35):
    setattr(z, 'h%d' % i, i)
    if i % 4 == 3:
        delattr(z, 'h%d' % (i - 2))
print(list(vars(z))[:6], len(vars(z)))


# A fresh class: a wide instance, then a narrow one in another order.
class W:
    pass


def fill(o, names):
    for n in names:
        setattr(o, n, n)
    return o


wide = fill(W(), 'abcdefghij')
narrow = fill(W(), 'jeb')
print(vars(narrow), vars(wide)['j'])
narrow.a = 'A'
narrow.k = 'K'
print(vars(narrow))

# __dict__: once asked for, changes through either side show in order.
o = fill(W(), 'dcba')
d = o.__dict__
o.e = 'E'
d['f'] = 'F'
del o.c
o.c = 'C'
print(d, vars(o) is d, o.f)
d.clear()
o.b = 1
print(vars(o))

# __dict__ replaced: the new dict's order, then appends.
o = fill(W(), 'abc')
o.__dict__ = {'z': 26, 'y': 25}
o.a = 1
print(vars(o), o.z)
o2 = fill(W(), 'cb')
o2.__dict__ = dict(reversed(list(vars(fill(W(), 'xyz')).items())))
print(vars(o2))

# Copies keep the order of the original.
src = fill(W(), 'hgf')
del src.g
src.g = 'g2'
c1 = copy.copy(src)
c2 = copy.deepcopy(src)
print(vars(c1), vars(c2), vars(c1) == vars(src))


# __class__ assignment between compatible classes keeps the order.
class A:
    pass


class B:
    def who(self):
        return 'B'


a = A()
a.q = 1
a.p = 2
a.__class__ = B
a.o = 3
print(type(a).__name__, a.who(), vars(a))


# Subclasses: base __init__ first or last, and extra names.
class Base:
    def __init__(self):
        self.base1 = 1
        self.base2 = 2


class Child(Base):
    def __init__(self, flip):
        if flip:
            self.child = 'c'
            super().__init__()
        else:
            super().__init__()
            self.child = 'c'


class GrandChild(Child):
    def __init__(self):
        self.grand = 'g'
        super().__init__(True)
        self.base1 = 'overwritten'


print(vars(Child(False)), vars(Child(True)))
print(vars(GrandChild()))
print([list(vars(Child(i % 2 == 0))) for i in range(4)])


# __slots__ with a __dict__: slots are not in it; the rest keep order.
class S:
    __slots__ = ('s1', '__dict__')


s = S()
s.k2 = 2
s.s1 = 'slot'
s.k1 = 1
print(vars(s), s.s1)
t = S()
t.k1 = 1
t.k2 = 2
del t.k1
t.k1 = 3
print(vars(t))


class SS(S):
    pass


u = SS()
u.b = 1
u.s1 = 0
u.a = 2
print(vars(u))


# A class whose instances are made in many orders inside a loop.
class R:
    pass


def make(order):
    r = R()
    for n in order:
        setattr(r, n, ord(n))
    return r


orders = ['abcd', 'dcba', 'badc', 'cadb', 'abcdefgh', 'hgfedcba', 'ae',
          'ea']
rs = [make(order) for _ in range(30) for order in orders]
print(all(''.join(vars(r)) == order
          for r, order in zip(rs, orders * 30)))
print([''.join(vars(r)) for r in rs[:8]])
