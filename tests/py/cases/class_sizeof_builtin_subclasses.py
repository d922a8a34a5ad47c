# __sizeof__() and sys.getsizeof of instances of classes derived from
# built-in types, as CPython 3.11 reports them: the builtin's own figure
# for the items, plus what the class adds (8 bytes for a weak reference
# list, 8 per slot), plus -- to getsizeof -- the collector's 16-byte
# header and 16 bytes for a __dict__ kept before the object.  int and
# str count only their digits or characters.  Where objheap's builtin
# is smaller than CPython's (dict, set, str, bytearray, deque) only an
# upper bound is printed, and differences.
import collections
import sys


def sizes(o):
    return o.__sizeof__(), sys.getsizeof(o)


def show(name, o):
    print(name, sizes(o))


class L(list):
    pass


class LS(list):
    __slots__ = ()


class LSW(list):
    __slots__ = ('__weakref__',)


class LL(L):
    pass


l = L()
show('L', l)
l.attr = 1
l.__dict__
show('L attr', l)
l.extend(range(10))
show('L 10', l)
l.append(0)
show('L 11', l)
show('L [1,2,3]', L([1, 2, 3]))
show('list [1,2,3]', [1, 2, 3])
show('LS', LS([1, 2]))
show('LSW', LSW())
show('LL', LL(range(5)))


class T(tuple):
    pass


class TS(tuple):
    __slots__ = ()


show('TS', TS((1, 2)))
show('TS ()', TS())
print('T', [a <= b for a, b in zip(sizes(T((1, 2, 3))), (56, 72))])


class I(int):
    pass


class IS(int):
    __slots__ = ()


i = I(5)
show('I', i)
i.tag = 'x'
show('I attr', i)
show('I 0', I(0))
show('I -7', I(-7))
show('I big', I(2 ** 40))
show('IS', IS(3))
show('int', 5)


class F(float):
    pass


class Cx(complex):
    pass


class By(bytes):
    __slots__ = ()


show('F', F(1.5))
f = F(2.5)
f.unit = 'm'
show('F attr', f)
show('Cx', Cx(1, 2))
show('By', By(b'abc'))
show('By empty', By())


class E(Exception):
    pass


class ES(Exception):
    __slots__ = ('z',)


class EW(Exception):
    __slots__ = ('__weakref__',)


class EE(E):
    pass


class VE(ValueError):
    pass


show('E', E())
show('E args', E(1, 2, 3))
show('ES', ES())
show('EW', EW())
show('EE', EE())
show('VE', VE('x'))
show('Exception', Exception())


class Q(collections.deque):
    pass


class QS(collections.deque):
    __slots__ = ('a',)


print('Q', [a <= b for a, b in zip(sizes(Q()), (744, 776))])
print('QS', [a <= b for a, b in zip(sizes(QS()), (752, 768))])
print('QS - Q', sizes(QS())[0] - sizes(Q())[0],
      sys.getsizeof(QS()) - sys.getsizeof(Q()))
print('Q grows', sizes(Q(range(100)))[0] > sizes(Q())[0],
      sizes(Q(range(100)))[0] - sizes(Q())[0]
      == sizes(collections.deque(range(100)))[0]
      - sizes(collections.deque())[0])


class D(dict):
    pass


class St(str):
    pass


class Se(set):
    pass


class Fs(frozenset):
    pass


class Ba(bytearray):
    pass


print('Se - set', sizes(Se(range(7)))[0] - sizes(set(range(7)))[0],
      sys.getsizeof(Se(range(7))) - sys.getsizeof(set(range(7))))
print('D - dict', sizes(D(a=1))[0] - sizes(dict(a=1))[0],
      sys.getsizeof(D(a=1)) - sys.getsizeof(dict(a=1)))
for name, o, cpython in [('D', D(), (56, 88)), ('D 1', D(a=1), (216, 248)),
                         ('St', St('abc'), (84, 116)),
                         ('Se', Se(), (200, 232)),
                         ('Fs', Fs([1]), (200, 232)),
                         ('Ba', Ba(b'xy'), (67, 99))]:
    print(name, [a <= b for a, b in zip(sizes(o), cpython)])
print('St sizeof', St('abc').__sizeof__(), St('').__sizeof__(),
      St('\xe9t\xe9').__sizeof__(), St('\u20ac').__sizeof__(),
      St('\U0001f600x').__sizeof__(), 'abc'.__sizeof__())
