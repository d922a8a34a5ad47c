# Order of finally blocks as an exception unwinds through functions.
def level(n):
    try:
        if n == 0:
            raise LookupError("bottom")
        level(n - 1)
    finally:
        print("finally at level", n)
try:
    level(3)
except LookupError as e:
    print("caught", e)
def gen():
    try:
        yield 1
        yield 2
    finally:
        print("generator finally")
g = gen()
print(next(g))
g.close()
print("closed")
