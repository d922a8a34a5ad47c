# Slice assignment and deletion on lists: simple slices of any length,
# extended slices (same length only), negative steps, assigning a list to
# a slice of itself, iterables on the right, and the errors.
def attempt(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ":", e)

l = list(range(10))
l[2:5] = ["a"]
print(l)
l[0:0] = [7, 8, 9]
print(l)
l[-1:] = []
print(l)
l[len(l):] = (100, 101)
print(l)
l[3:1] = "xy"
print(l)
l[::2] = range(len(l[::2]))
print(l)
l[::-3] = [0] * len(l[::-3])
print(l)
del l[::3]
print(l)
del l[-2:]
print(l)
del l[5:2]
print(l)
l[1:3] = l
print(l)
m = [5, 3, 1, 4]
m[::-1] = m
print(m)
m[:] = (x * x for x in range(4))
print(m)
m[1:2] = {7: "seven"}
print(m)
attempt(lambda: m.__setitem__(slice(None, None, 2), [1]))
attempt(lambda: m.__setitem__(slice(0, 1), 5))
attempt(lambda: m.__setitem__(slice(None, None, 2), 5))
attempt(lambda: m.__setitem__(slice(None, None, 0), [1]))
attempt(lambda: m.__setitem__(10, 1))
attempt(lambda: m.__delitem__(-10))
attempt(lambda: m.__setitem__("a", 1))
n = list(range(20))
del n[1:15:4]
print(n)
del n[::-2]
print(n)
n[10:] = [1, 2, 3]
print(n, len(n))
