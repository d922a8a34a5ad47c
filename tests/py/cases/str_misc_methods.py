# translate/maketrans, str operators, iteration and comparisons.
table = str.maketrans("abc", "xyz", "d")
print("abcd-abcd".translate(table), str.maketrans({"a": "1"}), "banana".translate({ord("a"): None}))
s = "hello"
print(s * 2, s + "!", s[1:3], "ell" in s, s < "help", s == "hello", min(s), max(s), sorted(s))
print(list(s), len(s), s[::-1], s.__len__(), s.__contains__("h"))
print("a" < "B", "a" < "b", "Z" < "a", "abc" < "abd", "ab" < "abc", "" < "a")
try:
    s[0] = "j"
except TypeError as e:
    print(e)
print("".join(reversed(s)), "%s" % s.upper(), str(s) is s)
