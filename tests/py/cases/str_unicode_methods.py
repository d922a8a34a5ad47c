# str methods on non-ASCII text.
s = "Grüße, Ärger"
print(len(s), s.upper(), s.lower(), s.find("Ä"), s[2], s[::-1], s.encode("utf-8"))
print("ĳ".upper(), "ǆ".title(), "ΣΊΣΥΦΟΣ".lower(), "ﬁ".upper())
print("café".center(10, "·"), "日本".ljust(4, "_"), "x".join("αβγ"))
print(sorted(["é", "e", "f", "ä"]), "é" in "café", "naïve".split("ï"))
print("ß".upper(), "ǅ".lower(), "straße".casefold(), "²".isdigit(), "²".isdecimal(), "Ⅻ".isnumeric(), "Ⅻ".isupper())
