# Chained generators forming a lazy pipeline.
def read(lines):
    for line in lines:
        print("read", repr(line))
        yield line
def strip(items):
    for s in items:
        yield s.strip()
def nonempty(items):
    for s in items:
        if s:
            yield s
pipeline = nonempty(strip(read(["  a ", "   ", "b"])))
print("nothing read yet")
for item in pipeline:
    print("got", item)
def take(n, it):
    for _ in range(n):
        yield next(it)
def naturals():
    n = 0
    while True:
        yield n
        n += 1
print(list(take(5, naturals())))
squares = (n * n for n in naturals())
print([next(squares) for _ in range(4)])
