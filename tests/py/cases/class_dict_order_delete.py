# Deleting an instance attribute takes it out of the instance's order
# and setting it again puts it last, as a dict would; deleting a name the
# instance does not have raises AttributeError and changes nothing.
# Each scenario runs on fresh instances whose attributes are still kept
# inline (no __dict__ asked for until the end), in key order and out of
# it, through plain code and through a loop whose stores are cached.


class C:
    pass


def fresh(*names):
    o = C()
    for i, n in enumerate(names):
        setattr(o, n, i)
    return o


# Delete the last, re-add: same order as before.
o = fresh('a', 'b', 'c')
del o.c
o.c = 'again'
print(vars(o))

# Delete the first or a middle one, re-add: it moves to the end.
o = fresh('a', 'b', 'c')
del o.a
o.a = 'again'
print(vars(o))
o = fresh('a', 'b', 'c')
del o.b
print(hasattr(o, 'b'), o.a, o.c)
o.b = 'again'
print(vars(o))

# Delete two, re-add in the other order.
o = fresh('a', 'b', 'c', 'd')
del o.b
del o.d
o.d = 'D'
o.b = 'B'
print(vars(o))

# Delete everything, then set again in a new order.
o = fresh('a', 'b', 'c')
del o.a, o.b, o.c
print(vars(o) == {}, hasattr(o, 'a'))
o = fresh('a', 'b', 'c')
for n in 'cab':
    delattr(o, n)
for n in 'bca':
    setattr(o, n, n * 2)
print(vars(o))

# Out of key order first, then deletes.
o = fresh('c', 'a', 'b')
del o.a
o.d = 4
o.a = 1
print(vars(o))
o = fresh('b', 'a')
del o.b
del o.a
o.a = 'x'
print(vars(o))

# Deleting a missing name: AttributeError, the rest unchanged.
o = fresh('a', 'b')
for name in ('c', 'zzz_never_seen', 'b', 'b'):
    try:
        delattr(o, name)
        print('deleted', name)
    except AttributeError as e:
        print('AttributeError:', e)
print(vars(o))
o = fresh('a')
try:
    del o.a
    del o.a
except AttributeError as e:
    print('AttributeError:', e)
print(vars(o))

# Reads after deletes: the class attribute shows through again.


class K:
    x = 'class x'

    def m(self):
        return 'method'


k = K()
k.x = 'mine'
k.m = lambda: 'shadow'
print(k.x, k.m())
del k.x
del k.m
print(k.x, k.m(), vars(k))
k.m = 1
print(vars(k))


# Many instances, deletes and re-adds through cached stores and loads.
class P:
    def __init__(self, i):
        self.a = i
        self.b = i * 2
        self.c = i * 3


def churn(objs, rounds):
    for r in range(rounds):
        for o in objs:
            if r % 3 == 0:
                del o.a
                o.a = r
            elif r % 3 == 1:
                del o.c
                o.d = r
                o.c = r
            else:
                del o.d
                o.b = o.b + 1


ps = [P(i) for i in range(50)]
churn(ps, 7)
print([(p.a, p.b, p.c, getattr(p, 'd', None)) for p in ps[:3]])
print([list(vars(p)) for p in ps[:2]], len({tuple(vars(p)) for p in ps}))


def total(objs):
    s = 0
    for o in objs:
        s += o.a + o.b + o.c
    return s


print(total(ps))
qs = [P(i) for i in range(20)]
for q in qs[::2]:
    del q.b
for q in qs:
    q.b = -1
print([list(vars(q)) for q in qs[:4]], total(qs))
