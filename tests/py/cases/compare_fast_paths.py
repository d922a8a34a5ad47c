# Comparisons the interpreter makes without the protocol (two ints, two
# floats, == and != of two strs) must answer what the protocol answers.
nan = float("nan")
print(nan == nan, nan != nan, nan < 1.0, nan >= nan, nan in [nan], [nan] == [nan])
print((nan,) == (nan,), (1, nan) < (1, 2.0), (1, nan) > (1, 2.0), [nan].count(nan))
print(1 == 1.0, 2 < 2.5, True == 1, True < 2, 10 ** 30 > 10 ** 29, -(10 ** 30) < 5)
print("ab" == "ab", "ab" != "a" + "b", "é" == "\u00e9", "a" < "b", "b" <= "a")

class Int(int):
    def __eq__(self, other):
        return "Int.__eq__"
    __hash__ = int.__hash__


class Str(str):
    def __lt__(self, other):
        return "Str.__lt__"


print(Int(3) == 3, 3 == Int(3), Str("a") < "b", "b" > Str("a"))

rows = [(2, "b"), (1, "z"), (2, "a"), (1,), (1, "a", 0), (0, "q"), (2, "a")]
print(sorted(rows))
print(sorted(rows, reverse=True))
print(sorted([(1.5, 2), (1.5, 1), (-0.0, 3), (0.0, 2)]))
print(sorted([("b", 2), ("a", 3), ("b", 1)]), max([(1, 2), (1, 3)]), min([(2,), (1, 9)]))
try:
    sorted([(1, "a"), (1, 2)])
except TypeError as e:
    print("TypeError:", e)
print(sorted([(1, Str("x")), (1, Str("y"))], key=lambda t: t[0]))
words = "the quick brown fox jumps over the lazy dog".split()
print(sorted(zip(map(len, words), words)))
print([1, 2, 3].index(2), (1, 2, 3) < (1, 2), (1, 2) < (1, 2, 3), (1, 2) == (1, 2))
print(sorted([3, 1, 2]) == [1, 2, 3], sorted([0.5, -1.0, nan, 2.0])[1:])
