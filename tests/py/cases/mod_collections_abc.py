# collections.abc: isinstance/issubclass through the ABCs' hooks and
# registrations, and the mixin methods Mapping, MutableSequence and
# MutableSet give their subclasses.
import collections.abc as cabc
from collections.abc import Mapping, MutableMapping, Sequence, Iterable, Iterator, Sized, Callable, Hashable, Set, MutableSet, Container, Collection, Reversible, Generator, MutableSequence
import collections
print(collections.abc is cabc, Mapping.__module__, repr(Sequence))
print(isinstance({}, Mapping), isinstance({}, MutableMapping), isinstance([], Sequence), isinstance((), MutableSequence), isinstance("s", Sequence))
print(isinstance(iter([]), Iterator), isinstance([], Iterable), isinstance(5, Iterable), isinstance(len, Callable), isinstance([], Hashable), isinstance(1, Hashable))
print(isinstance({1}, Set), isinstance(frozenset(), MutableSet), isinstance({}.keys(), Set), isinstance(range(3), Sequence), isinstance((x for x in "a"), Generator))
print(issubclass(list, Reversible), issubclass(dict, Collection), issubclass(int, Container), isinstance(collections.OrderedDict(), Mapping), isinstance(collections.deque(), Sequence))
class MyMap(Mapping):
    def __init__(self, d): self._d = dict(d)
    def __getitem__(self, k): return self._d[k]
    def __iter__(self): return iter(self._d)
    def __len__(self): return len(self._d)
m = MyMap({"a": 1, "b": 2})
print(m.get("a"), m.get("z", 0), "b" in m, sorted(m.keys()), sorted(m.items()), sorted(m.values()), m == {"a": 1, "b": 2}, len(m.keys()))
print(collections.Counter(m))
class MySeq(MutableSequence):
    def __init__(self): self.data = []
    def __getitem__(self, i): return self.data[i]
    def __setitem__(self, i, v): self.data[i] = v
    def __delitem__(self, i): del self.data[i]
    def __len__(self): return len(self.data)
    def insert(self, i, v): self.data.insert(i, v)
s = MySeq(); s.extend([3, 1, 2]); s.append(5); s.reverse(); print(s.data, s.index(1), s.count(3), 2 in s, list(reversed(s)), s.pop(), s.data)
s += [9]; s.remove(1); print(s.data)
class MySet(MutableSet):
    def __init__(self, it=()): self.s = set(it)
    def __contains__(self, x): return x in self.s
    def __iter__(self): return iter(sorted(self.s))
    def __len__(self): return len(self.s)
    def add(self, x): self.s.add(x)
    def discard(self, x): self.s.discard(x)
a = MySet([1, 2, 3]); b = MySet([2, 3, 4])
print(sorted(a & b), sorted(a | b), sorted(a - b), sorted(a ^ b), a <= MySet([1, 2, 3, 4]), a.isdisjoint([9]))
a |= [7]; print(sorted(a))
try: Mapping()
except TypeError as e: print(e)
