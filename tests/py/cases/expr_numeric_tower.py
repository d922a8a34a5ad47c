# Mixed int/float/bool arithmetic results and their types.
vals = [True, 3, 2.5]
for x in vals:
    for y in vals:
        r = x + y
        print(type(x).__name__, type(y).__name__, r, type(r).__name__)
print(7 / 7, type(7 / 7).__name__, 2 ** 2, type(2 ** -1).__name__, type(True * 2).__name__)
print(10 // 3.0, 10 % 3.0, -10 // 3.0, divmod(10, 3.0))
