# An uncaught OverflowError from float conversion of a huge int.
big = 10 ** 400
print(len(str(big)))
print(float(big))
