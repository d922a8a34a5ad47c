# An uncaught exception inside __repr__ called while printing a list.
class Broken:
    def __repr__(self):
        raise RuntimeError("cannot describe myself")
print([1, 2])
print([1, Broken()])
