# bit_length, to_bytes, from_bytes.
for v in (0, 1, 2, 255, 256, -1, -128, -129, 2 ** 64, -(2 ** 64)):
    print(v, v.bit_length())
print((1024).to_bytes(2, "big"), (1024).to_bytes(4, "little"))
print((-1).to_bytes(2, "big", signed=True), (-129).to_bytes(2, "little", signed=True))
print((2 ** 64 - 1).to_bytes(8, "big"), (0).to_bytes(0, "big"))
print(int.from_bytes(b"\x04\x00", "big"), int.from_bytes(b"\x04\x00", "little"))
print(int.from_bytes(b"\xff\xff", "big", signed=True), int.from_bytes(b"\xff\xff", "big"))
print(int.from_bytes(bytes(range(1, 17)), "big"))
print(int.from_bytes([1, 2], "big"), int.from_bytes(b"", "little"))
try:
    (256).to_bytes(1, "big")
except OverflowError as e:
    print(e)
try:
    (-1).to_bytes(1, "big")
except OverflowError as e:
    print(e)
print((255).to_bytes(1, "big", signed=False), (12345).to_bytes(3, byteorder="big"))
