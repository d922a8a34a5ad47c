# bytes methods: decode, hex, fromhex, searching, splitting.
b = b"hello world"
print(b.upper(), b.title(), b.split(), b.split(b"o"), b.replace(b"l", b"L", 2), b.strip(b"hd"))
print(b.find(b"o"), b.rfind(b"o"), b.index(b"w"), b.count(b"l"), b.startswith(b"he"), b.endswith((b"x", b"ld")))
print(b.hex(), b"\x01\xab".hex(), b"\x01\x02\x03\x04".hex(":", 2), bytes.fromhex("de ad be ef"), b"abc".hex("-"))
print(b.decode(), b"\xc3\xa9".decode("utf-8"), b"\xe9".decode("latin-1"), b"a\xffb".decode("utf-8", "replace"))
print(b"-".join([b"a", b"b"]), b.partition(b" "), b.isalpha(), b"123".isdigit(), b"  x ".strip())
print(b[0], b[-1], b[1:4], list(b[:3]), b * 2, b + b"!", b"o" in b, 111 in b)
print(bytes(3), bytes([65, 66]), bytes("é", "utf-8"), bytes(b"copy"), b"%d-%s" % (5, b"x"))
print(b"abc" < b"abd", b"abc" == b"abc", b"a" == "a", len(b"\x00\x00"))
try:
    b"abc"[0] = 1
except TypeError as e:
    print(e)
try:
    b"x" + "y"
except TypeError as e:
    print(e)
try:
    bytes.fromhex("zz")
except ValueError as e:
    print(e)
