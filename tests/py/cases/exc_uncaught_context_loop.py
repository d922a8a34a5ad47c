# An exception whose __context__ chain runs through 100 exceptions and
# then loops back to the 81st: the printer shows each once, cutting the
# chain where it comes back round (it used to remember only the first 64
# and recursed until the C stack ran out).
excs = [ValueError(i) for i in range(100)]
for a, b in zip(excs, excs[1:]):
    a.__context__ = b
excs[99].__context__ = excs[80]
print("raising")
raise excs[0]
