# Under `ulimit -v`, running out of memory raises MemoryError, which the
# program catches and goes on (run by tests/py/run_limits.sh).
x = []
try:
    while True:
        x.append(bytearray(10**6))
except MemoryError:
    n = len(x)
    x = None
    print("caught MemoryError after", n > 10, "allocations")
try:
    y = [0] * (10**10)
except MemoryError as e:
    print("big list:", type(e).__name__)
try:
    s = "a" * (10**11)
except MemoryError:
    print("big str: MemoryError")
l = []
try:
    while True:
        l.append([1, 2, 3, 4, 5, 6, 7, 8])
except MemoryError:
    k = len(l)
    del l
    print("small objects: MemoryError", k > 1000)
print("still running", sum(range(100)))
