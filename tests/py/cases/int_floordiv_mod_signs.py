# Floor division and modulo follow the sign of the divisor.
for a in (7, -7):
    for b in (3, -3):
        print(a, b, a // b, a % b, divmod(a, b))
print(0 // 5, 0 % -5, -1 // 10, -1 % 10, 1 % -10)
print(7.5 // 2, -7.5 // 2, 7.5 % -2, -0.0 % 5)
print(10 ** 20 // -3, 10 ** 20 % -3, -(10 ** 20) // 3, -(10 ** 20) % 3)
print(round(-7 / 2), int(-7 / 2), -7 // 2)
