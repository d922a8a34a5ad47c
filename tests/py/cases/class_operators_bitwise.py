# Bitwise and shift special methods, reflected too.
class Bits:
    def __init__(self, v): self.v = v
    def __repr__(self): return f"Bits({self.v:#b})"
    def __and__(self, o): return Bits(self.v & int(o))
    def __or__(self, o): return Bits(self.v | int(o))
    def __xor__(self, o): return Bits(self.v ^ int(o))
    def __lshift__(self, n): return Bits(self.v << n)
    def __rshift__(self, n): return Bits(self.v >> n)
    def __rand__(self, o): return ("rand", o)
    def __ror__(self, o): return ("ror", o)
    def __rxor__(self, o): return ("rxor", o)
    def __rlshift__(self, o): return ("rlshift", o)
    def __rrshift__(self, o): return ("rrshift", o)
    def __int__(self): return self.v
    def __index__(self): return self.v
b = Bits(0b1100)
print(b & 0b1010, b | 1, b ^ 0b1111, b << 2, b >> 2)
print(1 & b, 1 | b, 1 ^ b, 1 << b, 1 >> b)
print(bin(b), hex(b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13][b])
print(b & b)
