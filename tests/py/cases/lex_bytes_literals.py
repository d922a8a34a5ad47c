# bytes literals: prefixes, escapes, repr.
b = b'abc\x00\xff\n\t\\\''
print(b)
print(len(b), list(b))
print(B"double", b'''triple''', b"""triple2""")
print(b'\101\x42C')
print(repr(b'"'), repr(b"'"), repr(b'\'"'))
print(b'a' b'b' b'c')
print(bytes(range(0, 256, 37)))
print(b'\u00e9', len(b'\u00e9'))
