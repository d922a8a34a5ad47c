# sys.intern returns one shared object for equal strings.
import sys
a = "".join(["hello", " ", "world"])
b = "".join(["hello", " ", "world"])
print(a == b, a is b)
ia = sys.intern(a)
ib = sys.intern(b)
print(ia is ib, ia == a)
print(sys.intern("abc") is sys.intern("".join("abc")))
try:
    sys.intern(5)
except TypeError as e:
    print(e)
