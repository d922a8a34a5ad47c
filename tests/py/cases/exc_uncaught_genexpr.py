# An uncaught exception inside a generator expression consumed by sum().
words = ["one", "three", None, "four"]
print(sum(len(w) for w in words))
