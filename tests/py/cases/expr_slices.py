# Slicing with negative indices and steps.
s = list(range(10))
print(s[2:5], s[:3], s[7:], s[-3:], s[:-7], s[:])
print(s[::2], s[1::3], s[::-1], s[8:2:-2], s[-1:-4:-1])
print(s[100:], s[-100:2], s[5:2], s[::-3])
t = "abcdefg"
print(t[1:4], t[::-1], t[::3], t[-2:], t[10:20] == "")
u = (1, 2, 3, 4)
print(u[1:], u[::-2])
print(b"bytes"[1:3], b"bytes"[::-1])
print(range(10)[2:8:2], list(range(10)[::-4]))
sl = slice(1, None, 2)
print(s[sl], sl.start, sl.stop, sl.step)
print(slice(5).indices(3), slice(None, None, -1).indices(4))
