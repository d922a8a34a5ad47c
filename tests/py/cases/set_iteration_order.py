# The iteration order of small-int sets reproduces CPython's table layout.
print({5, 3, 1}, {10, 2, 30, 4}, {100, 1, 50})
print(set([8, 16, 24, 32, 40]), {-1, -2, 0}, set(range(20, 0, -1)))
s = set()
for v in (33, 1, 65, 17):
    s.add(v)
print(s, list(s))
print({1, 9, 17, 25}, {0, 8, 16, 32, 64, 128})
print(frozenset({7, 3, 11}), sorted({7, 3, 11}))
