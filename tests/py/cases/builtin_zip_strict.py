# zip(strict=True) and its ValueErrors, enumerate with a start past
# int64 and by keyword, map over several iterables, filter with None,
# reversed() through __reversed__ or __len__/__getitem__.
def attempt(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__ + ":", e)
attempt(lambda: list(zip([1, 2], [3], strict=True)))
attempt(lambda: list(zip([1], [3, 4], strict=True)))
attempt(lambda: list(zip([1, 2], [3, 4], [5], strict=True)))
attempt(lambda: list(zip([1], [3], [5, 6], strict=True)))
attempt(lambda: list(zip("ab", "cd", strict=True)))
attempt(lambda: list(zip(strict=True)))
attempt(lambda: zip([1], bad=True))
attempt(lambda: list(enumerate("ab", 2**64)))
attempt(lambda: list(enumerate(iterable="xy", start=-1)))
attempt(lambda: enumerate())
attempt(lambda: enumerate([], 1, 2))
attempt(lambda: enumerate("a", "b"))
attempt(lambda: list(map(lambda a, b, c: a + b + c, [1, 2], [10, 20, 30], [100, 200])))
attempt(lambda: map(len))
attempt(lambda: list(filter(None, [0, 1, "", "a", [], [0]])))
attempt(lambda: filter(None))
class Seq:
    def __len__(self):
        return 3
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError(i)
        return "s%d" % i
class Rev:
    def __reversed__(self):
        return iter("zyx")
class NotRev:
    __reversed__ = None
    def __len__(self):
        return 1
    def __getitem__(self, i):
        return i
attempt(lambda: list(reversed(Seq())))
attempt(lambda: list(reversed(Rev())))
attempt(lambda: reversed(NotRev()))
attempt(lambda: reversed(5))
attempt(lambda: list(reversed({1: 2, 3: 4})))
r = reversed([1, 2, 3])
print(r.__length_hint__(), next(r), r.__length_hint__(), list(r), r.__length_hint__())
