# list methods: append, extend, insert, pop, remove, index, count, reverse, copy, clear.
l = [3, 1, 4]
l.append(1)
l.extend([5, 9])
l.extend(range(2))
l.insert(0, "first")
l.insert(100, "last")
l.insert(-1, "before last")
print(l)
print(l.pop(), l.pop(0), l.pop(-2), l)
l.remove(1)
print(l, l.index(4), l.index(1), l.index(5, 2), l.count(1), l.count(7))
l.reverse()
print(l)
c = l.copy()
c.append("only in copy")
print(len(l), len(c), c is l)
l.clear()
print(l, c[-1])
a = [1, 2]
a.append(a)
print(a, a[2] is a)
for bad in (lambda: [].pop(), lambda: [1].pop(5), lambda: [1].remove(2), lambda: [1].index(2), lambda: [1].index(1, 1)):
    try:
        bad()
    except (IndexError, ValueError) as e:
        print(type(e).__name__, e)
