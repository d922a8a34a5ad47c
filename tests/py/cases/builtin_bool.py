# bool() and the truth value of built-in objects.
for v in [0, 1, -1, 0.0, 0.1, "", " ", [], [0], (), (0,), {}, {0: 0}, set(), None, b"", b"\0", range(0), range(1)]:
    print(repr(v), bool(v))
print(bool(), True + 1, False * 5, True == 1, type(True).__name__, bool.__bases__[0].__name__)
print(str(True), repr(False), int(True), f"{True}", f"{True:d}", f"{False:>6}")
print(True & False, True | False, not True, ~False)
