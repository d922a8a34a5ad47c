# __sizeof__() and sys.getsizeof of instances of classes, as CPython 3.11
# reports them: a class whose instances have a __dict__ is 24 bytes to
# __sizeof__ and 56 to getsizeof (its dict pointers sit before the
# object there), __slots__ add 8 bytes each, a weak reference list 8;
# neither the number of attributes nor whether __dict__ was asked for
# changes the figures.  A __sizeof__ written in Python is what getsizeof
# adds the object's header bytes to.
import sys


def sizes(o):
    return o.__sizeof__(), sys.getsizeof(o), object.__sizeof__(o)


class C:
    pass


c = C()
print('C', sizes(c))
c.a = 1
c.b = 2
print('C attrs', sizes(c))
for i in range(40):
    setattr(c, 'x%d' % i, i)
print('C 42 attrs', sizes(c))
c.__dict__
print('C __dict__', sizes(c))
del c.a
print('C del', sizes(c))
c.__dict__ = {}
print('C new __dict__', sizes(c))


class O(object):
    def __init__(self):
        self.v = 1


print('O', sizes(O()), sizes(object()))


class S2:
    __slots__ = ('a', 'b')


class S0:
    __slots__ = ()


class SD:
    __slots__ = ('a', '__dict__')


class SW:
    __slots__ = ('a', '__weakref__')


class SDW:
    __slots__ = ('a', 'b', 'c', '__dict__', '__weakref__')


s = S2()
print('S2', sizes(s))
s.a = 1
print('S2 set', sizes(s))
print('S0', sizes(S0()))
sd = SD()
sd.x = 1
print('SD', sizes(sd))
sd.__dict__
print('SD __dict__', sizes(sd))
print('SW', sizes(SW()))
print('SDW', sizes(SDW()))


# Inheritance: slots add up; a dict or weak list is added once.
class CS(C):
    __slots__ = ('q',)


class SC(S2):
    pass


class SCS(SC):
    __slots__ = ('r', 's')


class S0S(S0):
    __slots__ = ('m',)


class S0C(S0):
    pass


class CC(C):
    pass


class CCC(CC):
    def __init__(self):
        self.z = 0


for k in (CS, SC, SCS, S0S, S0C, CC, CCC):
    o = k()
    print(k.__name__, sizes(o))
    if hasattr(o, '__dict__'):
        o.extra = 1
        print(k.__name__, 'with attr', sizes(o))


# Multiple bases with no slots of their own.
class M1:
    pass


class M2:
    pass


class M(M1, M2):
    pass


class MS(S2, M1):
    pass


print('M', sizes(M()), 'MS', sizes(MS()))


# A __sizeof__ of the class's own: getsizeof adds 16 (the collector's
# header) and, for a class with a __dict__, 16 more.
class Own:
    def __sizeof__(self):
        return 100


class OwnSlots:
    __slots__ = ('a',)

    def __sizeof__(self):
        return 100


class OwnInherited(Own):
    pass


class OwnSuper(C):
    def __sizeof__(self):
        return super().__sizeof__() + 1


print(sys.getsizeof(Own()), sys.getsizeof(OwnSlots()),
      sys.getsizeof(OwnInherited()), sys.getsizeof(OwnSuper()),
      OwnSuper().__sizeof__())


class Bad:
    def __sizeof__(self):
        return -1


class NotInt:
    def __sizeof__(self):
        return 'big'


for k in (Bad, NotInt):
    try:
        sys.getsizeof(k())
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(sys.getsizeof(NotInt(), 'default'))


# Many instances, all alike.
objs = [C() for _ in range(100)]
for i, o in enumerate(objs):
    o.i = i
    if i % 2:
        o.j = i
print(sorted({sys.getsizeof(o) for o in objs}),
      sorted({o.__sizeof__() for o in objs}),
      sum(sys.getsizeof(o) for o in objs))
