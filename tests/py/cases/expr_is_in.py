# Identity and membership operators.
a = [1, 2]
b = a
c = [1, 2]
print(a is b, a is c, a is not c, a == c)
print(None is None, type(None) is type(None))
print(2 in a, 3 in a, 3 not in a, not 3 in a)
print("ell" in "hello", "" in "abc", "x" not in "abc")
print(1 in {1: 'one'}, 'one' in {1: 'one'})
print(2 in (1, 2), 5 in range(0, 10, 5), 6 in range(0, 10, 5))
print(b"b" in b"abc", 98 in b"abc")
print([1, 2] in [[1, 2], 3])
class Box:
    def __init__(self, items): self.items = items
    def __contains__(self, x): return x in self.items
print(3 in Box([3]), 4 in Box([3]))
