# Comparisons between ints, floats, bools and big ints.
print(1 == 1.0, 1 == True, 0 == False, 2 == True)
print(2 ** 53 + 1 == float(2 ** 53 + 1), 2 ** 53 + 1 > float(2 ** 53))
print(10 ** 400 > 1e308, -(10 ** 400) < -1e308, 10 ** 400 < float("inf"))
print(1 < 1.5 < 2, max(1, 2.0, True), min(3, 2.5), sorted([3, 1.5, True, 0]))
print(hash(1) == hash(1.0) == hash(True), hash(0.5) == hash(0.5))
print({1: "int"}[1.0], {True: "bool"}[1])
print(float("nan") == float("nan"), float("inf") > 10 ** 1000)
