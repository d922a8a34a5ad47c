# str() constructor forms.
print(str(), str(5), str(2.5), str([1, "a"]), str(None), str(b"bytes"), str(b"\xc3\xa9", "utf-8"))
print(str(b"abc", encoding="ascii"), str(b"\xff", "utf-8", "replace"), str(b"a\xffb", "utf-8", "ignore"))
class S:
    def __str__(self): return "custom"
print(str(S()), str(str), str(True))
try:
    str(b"\xff", "utf-8")
except UnicodeDecodeError as e:
    print(e)
