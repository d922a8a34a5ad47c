# Generator expressions: the first iterable is evaluated at once, the rest lazily.
def source():
    print("source evaluated")
    return [1, 2]
g = (x for x in source())
print("generator made")
print(list(g))
try:
    g2 = (x for x in 5)
except TypeError as e:
    print("raised at creation:", e)
g3 = (1 / x for x in [1, 0])
print(next(g3))
try:
    next(g3)
except ZeroDivisionError as e:
    print("raised lazily:", e)
n = 10
g4 = (x + n for x in range(2))
n = 20
print(list(g4))
