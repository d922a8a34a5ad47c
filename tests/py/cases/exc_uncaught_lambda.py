# An uncaught exception inside a lambda called by a built-in.
data = [3, 1, 0, 2]
print(sorted(data, key=lambda v: -v))
print(list(map(lambda v: 10 // v, data)))
