# Arithmetic between int, float, bool, and sequence operators.
print(1 + 2.0, True + True, 3 * False, 2 ** 0.5)
print(7 / 2, 7 // 2, 7.0 // 2, 7 % 2.5, -7 % 3, 7 % -3)
print([1, 2] + [3], [0] * 3, 3 * "ab", (1,) * 2, b"ab" * 2)
print("a" + "b", [] * 5, "x" * 0, "x" * -1)
print(divmod(7, 2), divmod(-7, 2), divmod(7.5, 2))
print(True & False, True | False, True ^ True, ~True)
print(1 == 1.0, 0.1 + 0.2 == 0.3, 2 ** 10, 2.0 ** 10)
print(10 ** -2, (-8) ** (1 / 3) == (-8) ** (1 / 3))
