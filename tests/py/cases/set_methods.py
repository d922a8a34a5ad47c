# set add, discard, remove, pop, clear, copy with small ints.
s = {3, 1, 2}
s.add(4); s.add(1)
print(s, len(s))
s.discard(10); s.discard(4)
s.remove(3)
print(s)
try:
    s.remove(99)
except KeyError as e:
    print("KeyError", e)
c = s.copy()
print(s.pop(), s, c)
s.clear()
print(s, c, 1 in c, 5 not in c)
big = set(range(100))
for i in range(0, 100, 3):
    big.discard(i)
print(len(big), min(big), max(big), sorted(big)[:5])
