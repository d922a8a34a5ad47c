# sys.getsizeof of lists equals CPython's after every kind of growth and
# shrinking: appends, pops, literals, list(), extend from lists, tuples,
# sized and unsized iterables, slices, +, *, *=, += and slice assignment.
import sys
sizes = []
l = []
for i in range(40):
    l.append(i)
    sizes.append(sys.getsizeof(l))
print(sizes)
sizes = []
for i in range(38):
    l.pop()
    sizes.append(sys.getsizeof(l))
print(sizes)
print(sys.getsizeof([]), sys.getsizeof([1]), sys.getsizeof([1, 2, 3]))
print([sys.getsizeof(list(range(n))) for n in range(12)])
print([sys.getsizeof([*range(n)]) for n in range(12)])
print([sys.getsizeof(list(x for x in range(n))) for n in range(12)])
for n in range(0, 14, 3):
    a = []
    a.extend(iter(range(n)))
    b = [1]
    b.extend(iter(range(n)))
    c = [1, 2]
    c += range(n)
    print(n, sys.getsizeof(a), sys.getsizeof(b), sys.getsizeof(c))
big = list(range(100))
print(sys.getsizeof(big[10:20]), sys.getsizeof(big[::3]), sys.getsizeof(big + big))
print(sys.getsizeof([0] * 10), sys.getsizeof([1, 2] * 7))
m = list(range(10))
m *= 3
print(sys.getsizeof(m))
m[2:25] = []
print(sys.getsizeof(m), len(m))
m[0:0] = range(50)
print(sys.getsizeof(m))
m.clear()
print(sys.getsizeof(m))
s = list(range(10, 0, -1))
s.sort()
print(sys.getsizeof(s), sys.getsizeof(s.copy()), [].__sizeof__(), s.__sizeof__())
