# Generator expressions: laziness, scope, consumption.
g = (x * x for x in range(5))
print(type(g).__name__)
print(sum(g), sum(g))
log = []
def noisy(x):
    log.append(x)
    return x
lazy = (noisy(x) for x in range(3))
print(log)
print(next(lazy), log)
print(list(lazy), log)
print(max(len(w) for w in ["a", "abc", "ab"]))
print(sorted((c for c in "hello" if c != 'l'), reverse=True))
pairs = list((i, j) for i in range(3) for j in range(i))
print(pairs)
x = "outer"
print(list(x for x in "ab"), x)
