# Three-argument pow and modular inverse.
print(pow(2, 10), pow(2, 10, 1000), pow(3, 200, 10 ** 9 + 7))
print(pow(-2, 3, 5), pow(2, -1, 7), pow(3, -2, 11), pow(0, 0, 1), pow(5, 0, 7))
print(pow(2 ** 100, 2 ** 50, 2 ** 61 - 1))
try:
    pow(2, -1, 4)
except ValueError as e:
    print(e)
try:
    pow(2, 3, 0)
except ValueError as e:
    print(e)
try:
    pow(2.0, 3, 5)
except TypeError as e:
    print(e)
print(pow(2, 0.5), pow(-8, 2), pow(2, -2))
