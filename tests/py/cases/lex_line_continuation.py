# Explicit and implicit line continuation.
total = 1 + \
        2 + \
        3
print(total)
items = [
    1,
    2,   # a comment inside brackets
    3,
]
print(items)
d = {'a':
     1, 'b': (2,
              3)}
print(d)
if total > 5 and \
   items:
    print("both")
s = ("implicit "
     "concatenation")
print(s)
def f(a,
      b):
    return a + b
print(f(1,
        2))
