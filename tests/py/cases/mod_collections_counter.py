# collections.Counter.
from collections import Counter
c = Counter("abracadabra")
print(c, c["a"], c["z"], c.most_common(2))
c.update("aaz")
print(c["a"], c["z"])
c.subtract({"a": 10})
print(c["a"], sorted(c.elements()))
d = Counter(a=3, b=1)
e = Counter(a=1, b=2, c=5)
print(d + e, d - e, d & e, d | e)
print(sum(e.values()), e.total(), list(Counter([3, 1, 3, 2, 3, 1])))
print(Counter({"x": 2}) == Counter(x=2), Counter().most_common())
