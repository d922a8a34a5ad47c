# Non-ASCII text in literals.
s = "héllo wörld"
print(s, len(s))
print("日本語", len("日本語"))
print("emoji: \U0001F600", len("\U0001F600"))
print(s.upper(), s.encode('utf-8'))
print(ascii(s), repr(s))
print([hex(ord(c)) for c in "aé€"])
print("é" < "z", "é" > "e")
