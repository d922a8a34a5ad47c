# Integer literals in every base, with underscores.
print(0, 00, 0_0, 123, 1_000_000)
print(0x1F, 0XFF, 0x_ff, 0xdead_beef)
print(0o17, 0O777, 0o_7)
print(0b1010, 0B1111_0000, 0b_1)
print(123456789012345678901234567890)
print(0xFFFFFFFFFFFFFFFFFFFF)
print(-0x10, +0b11, ~0o7)
print(type(10**20).__name__, 1_2_3)
