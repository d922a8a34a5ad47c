# sys.getsizeof of lists, tuples and bytes (equal to CPython's) and of
# strs, dicts and sets (no larger than CPython's).
import sys
print(sys.getsizeof([]), sys.getsizeof(()), sys.getsizeof((1,)), sys.getsizeof((1, 2)))
print(sys.getsizeof(tuple(range(10))), sys.getsizeof(b""), sys.getsizeof(b"abc"), sys.getsizeof(bytes(1000)))
l = []
sizes = []
for i in range(20):
    l.append(i)
    sizes.append(sys.getsizeof(l))
print(sizes)
print(sys.getsizeof([None] * 1000000), sys.getsizeof([1] * 10), sys.getsizeof(list(range(5))))
print(sys.getsizeof(None), sys.getsizeof(1.5))
print(sys.getsizeof("") <= 49, sys.getsizeof("hello") <= 54, sys.getsizeof("x" * 1000) <= 1049)
print(sys.getsizeof({}) <= 64, sys.getsizeof({"a": 1}) <= 184, sys.getsizeof(set()) <= 216)
print(sys.getsizeof(set(range(3))) <= 216, sys.getsizeof({i: i for i in range(1000)}) <= 36952)
class C:
    pass
print(sys.getsizeof(C()) <= 56, sys.getsizeof(5, "default"))
