# Exception args, str and repr with zero, one and several arguments.
for e in [Exception(), Exception("one"), Exception("a", 2), ValueError(3),
          KeyError("key"), KeyError(), KeyError("a", "b"), IndexError("idx"),
          StopIteration(5), SystemExit(2), OSError(2, "No such file")]:
    print(type(e).__name__, e.args, repr(str(e)), repr(e))
e = OSError(2, "No such file or directory")
print(e.errno, e.strerror, type(e).__name__)
print(StopIteration(7).value, SystemExit(3).code, SystemExit().code)
e = Exception("x")
e.args = ("replaced", 1)
print(e, e.args)
