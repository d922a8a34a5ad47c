# An instance's __dict__ (vars(), dict(), repr, iteration) lists its
# attributes in the order that instance set them, not in the order its
# class first saw the names: instances of one class set up in different
# orders, through plain stores, setattr, and stores inside a function
# run often enough to take the interpreter's cached path.


class C:
    pass


a = C()
a.x0 = 0
a.x3 = 3
b = C()
b.x3 = 3
b.x0 = 0
print(a.__dict__, b.__dict__)
print(vars(a), vars(b))
print(list(vars(b)), list(b.__dict__.items()), dict(b.__dict__))
print(a.__dict__ == b.__dict__, list(a.__dict__) == list(b.__dict__))


# Reordering through a fresh instance after the class saw a, b, c.
c = C()
c.x3 = 1
c.x1 = 2
c.x0 = 3
c.x2 = 4
print(vars(c))
# Overwriting keeps the place.
c.x1 = 20
c.x3 = 10
print(vars(c))


# The same code path, many instances: the stores are specialised.
class P:
    def __init__(self, flag, k):
        if flag == 0:
            self.a = k
            self.b = k + 1
            self.c = k + 2
        elif flag == 1:
            self.c = k
            self.a = k + 1
        else:
            self.b = k
            self.c = k + 1
            self.a = k + 2


def build(n):
    out = []
    for i in range(n):
        out.append(P(i % 3, i))
    return out


ps = build(300)


# Overwrites through the cached path after an out-of-order start, then
# new names in a loop, all before any __dict__ is asked for (asking
# turns the values into a dict).
def bump(objs):
    for o in objs:
        o.a = o.a * 2
        o.c = -o.c


def extend(objs, name, base):
    for i, o in enumerate(objs):
        setattr(o, name, base + i)


def extend_attr(objs, base):
    for i, o in enumerate(objs):
        o.w = base + i


for _ in range(3):
    bump(ps)
extend(ps[:9], 'z', 100)
extend(ps[:9], 'y', 200)
extend_attr(ps, 300)
print([(p.a, p.c, p.w) for p in ps[:3]])
for p in ps[:9]:
    print(list(vars(p)), p.z, p.y, p.w)
print(sum(1 for p in ps if list(vars(p)) == ['a', 'b', 'c', 'w']),
      sum(1 for p in ps if list(vars(p)) == ['c', 'a', 'w']),
      sum(1 for p in ps if list(vars(p)) == ['b', 'c', 'a', 'w']))
print([vars(p) for p in ps[-3:]])


# setattr with names made at run time (not interned), read back.
q = C()
for name in ['k' + str(i) for i in (5, 2, 9, 0)]:
    setattr(q, name, name.upper())
print(vars(q), getattr(q, 'k' + '9'))
r = C()
for name in ['k' + str(i) for i in (0, 9, 2, 5)]:
    setattr(r, name, len(name))
print(vars(r), repr(r.__dict__))


# Class attributes do not show; instance ones shadow them in order.
class D:
    shared = 'class'
    other = 'class'


d1 = D()
d1.other = 'mine'
d1.shared = 'mine too'
d2 = D()
d2.shared = 's'
print(vars(d1), vars(d2), d2.other, D.__dict__['shared'])


# Equality and iteration over the __dict__ views keep the order.
e1, e2 = C(), C()
for k in 'pqrs':
    setattr(e1, k, k)
for k in 'srqp':
    setattr(e2, k, k)
print(e1.__dict__ == e2.__dict__, list(e2.__dict__.keys()),
      list(e2.__dict__.values()), list(reversed(e2.__dict__)))
