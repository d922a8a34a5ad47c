# collections.deque.
from collections import deque
d = deque([1, 2, 3])
d.append(4); d.appendleft(0)
print(d, d.pop(), d.popleft(), d)
d.extend([7, 8]); d.extendleft([-1, -2])
print(d, len(d), d[0], d[-1])
d.rotate(2); print(d)
d.rotate(-3); print(d)
print(d.count(7), d.index(7), 8 in d)
d.remove(7); d.reverse(); print(d)
b = deque(range(10), maxlen=3)
print(b, b.maxlen)
b.append(10); print(b)
b.appendleft(0); print(b)
d.clear(); print(d)
try:
    d.pop()
except IndexError as e:
    print(e)
print(deque("abc") == deque("abc"), list(reversed(deque([1, 2]))))
