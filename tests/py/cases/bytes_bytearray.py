# bytearray: mutable bytes.
ba = bytearray(b"abc")
ba[0] = 65
ba.append(100)
ba.extend(b"ef")
ba += b"!"
print(ba, len(ba), ba.pop(), ba)
ba[1:3] = b"XYZ"
del ba[0]
print(ba, bytes(ba), ba.decode(), ba.find(b"Z"), ba.upper())
ba.insert(0, 33)
ba.remove(ord("X"))
ba.reverse()
print(ba, bytearray(3), bytearray([1, 2]), bytearray("hé", "utf-8"))
try:
    ba.append(300)
except ValueError as e:
    print(e)
print(bytearray(b"x") == b"x", type(ba[0:1]).__name__)
