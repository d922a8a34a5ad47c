# sys.getsizeof of ints grows with the number of 30-bit digits.
import sys
for v in (0, 1, -1, 255, 2 ** 30 - 1, 2 ** 30, 2 ** 60 - 1, 2 ** 60, 2 ** 62, 2 ** 90, -(2 ** 62)):
    print(v, sys.getsizeof(v))
print(sys.getsizeof(True), sys.getsizeof(False))
