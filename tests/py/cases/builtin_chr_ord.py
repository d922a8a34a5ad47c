# chr and ord.
print(ord("a"), ord("A"), ord("0"), ord("\n"), ord("é"), ord("€"), ord("\U0001F600"))
print(chr(97), chr(65), repr(chr(0)), chr(233), chr(8364), chr(0x1F600) == "\U0001F600")
print([chr(c) for c in range(ord("a"), ord("f"))])
print(ord(b"A"), ord(bytearray(b"z")))
for bad in (lambda: chr(0x110000), lambda: chr(-1), lambda: ord(""), lambda: ord("ab"), lambda: chr("a")):
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
