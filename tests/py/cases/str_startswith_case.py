# startswith/endswith and case conversions.
s = "Hello, World"
print(s.startswith("Hello"), s.startswith("World", 7), s.endswith("World"), s.endswith(("x", "ld")), s.startswith(("a", "b")))
print(s.upper(), s.lower(), s.swapcase(), s.title(), "hello world".capitalize(), "HELLO".capitalize())
print("they're bill's friends".title(), "ABC".casefold(), "x".upper())
print("mixed Case 123".upper(), "ÀÉÎ".lower())
