# bin, hex and oct, including objects with __index__.
print(bin(10), hex(255), oct(8), bin(-3), hex(-255), oct(-8), bin(0))
class Idx:
    def __index__(self): return 42
print(bin(Idx()), hex(Idx()), oct(Idx()))
try:
    hex(1.5)
except TypeError as e:
    print(e)
print(int(bin(100), 2), int(hex(100), 16), int(oct(100), 8))
