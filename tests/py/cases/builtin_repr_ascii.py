# repr() and ascii() of built-in values.
print(repr("it's"), repr('say "x"'), repr("both ' \""), repr("\n\t\\"), repr("\x7f\x00"))
print(repr(b"\x00a'"), repr([1, "a", None]), repr((1,)), repr({"k": [1.5]}), repr(set()))
print(ascii("héllo"), ascii("€"), ascii("\U0001F600"), ascii(["ü"]), ascii("plain"))
print(repr(1.0), repr(-0.0), repr(10 ** 20), repr(True), repr(None), repr(...))
print(repr(range(3)), repr(slice(1, 2)), repr(frozenset()), repr(frozenset({1})))
l = [1]
l.append(l)
print(repr(l))
d = {}
d["self"] = d
print(d)
