# str.encode with codecs and error handlers.
s = "héllo €"
print(s.encode(), s.encode("utf-8"), s.encode("latin-1", "replace"), s.encode("ascii", "ignore"))
print(s.encode("ascii", "replace"), s.encode("ascii", "xmlcharrefreplace"), s.encode("ascii", "backslashreplace"))
print("abc".encode("ascii"), "é".encode("latin-1"), len("€".encode("utf-8")), "x".encode("utf-16-le"))
try:
    s.encode("ascii")
except UnicodeEncodeError as e:
    print(e.reason, e.start, e.end)
try:
    "x".encode("no-such-codec")
except LookupError as e:
    print(e)
