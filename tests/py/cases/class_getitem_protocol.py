# __getitem__, __setitem__, __delitem__ with ints, slices and keys.
class Seq:
    def __init__(self): self.data = {}
    def __getitem__(self, k):
        print("get", k)
        if isinstance(k, int) and k >= 3:
            raise IndexError(k)
        return k if isinstance(k, slice) else self.data.get(k, k)
    def __setitem__(self, k, v):
        print("set", k, v)
        self.data[k] = v
    def __delitem__(self, k):
        print("del", k)
        if not isinstance(k, slice):
            self.data.pop(k, None)
s = Seq()
s[0] = "zero"
print(s[0], s[1:2], s[::2], s["key"], s[1, 2])
del s[0]
del s[1:5]
print(list(s))
print(2 in s, "x" in s)
class Old:
    def __getitem__(self, i):
        if i > 2: raise IndexError
        return i * 10
print(list(Old()), list(reversed([1, 2])))
