# Precedence of shifts and bitwise operators versus arithmetic and comparisons.
print(1 << 2 + 1, (1 << 2) + 1)
print(6 & 3 | 8, 6 & (3 | 8))
print(5 ^ 3 & 1, (5 ^ 3) & 1)
print(1 | 2 ^ 3 & 4)
print(256 >> 2 >> 1, 1 << 3 << 2)
print(~0, ~5 & 0xF, -1 & 0xFF)
print(3 & 1 == 1, (3 & 1) == 1)
print(2 * 3 << 1, 8 >> 1 - 1)
