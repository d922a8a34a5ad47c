# Extended slices whose step does not fit in 64 bits (clamped to the
# largest index), from a start past 0: the index after the last item is
# past INT64_MAX and must never be computed as a signed overflow.
s = "abcdef"
t = (1, 2, 3, 4)
b = b"wxyz"
big = 2 ** 66
print(s[1::big], s[5::big], s[-2::-big], s[::-big])
print(t[1::big], t[3::-big], b[2::big], bytearray(b"pq")[1::big])
print([1, 2, 3][2::big], [1, 2, 3][1::-big])
l = [1, 2, 3]
l[1::big] = [9]
print(l)
del l[2::big]
print(l)
ba = bytearray(b"abc")
ba[1::big] = b"z"
print(ba)
del ba[1::big]
print(ba)
try:
    l[::big] = [1, 2]
except ValueError as e:
    print("ValueError", e)

# Shifts too big to make: CPython's two answers.
for n in (2 ** 63, 2 ** 65, 2 ** 66, 2 ** 70, 2 ** 200):
    try:
        1 << n
    except (MemoryError, OverflowError) as e:
        print(n.bit_length(), type(e).__name__, e)
print(0 << 2 ** 70, 1 >> 2 ** 70, -1 >> 2 ** 70)
