# replace, find, rfind, index, rindex, count.
s = "the cat sat on the mat"
print(s.replace("at", "og"), s.replace("at", "og", 2), s.replace("", "-")[:12], s.replace("x", "y") == s)
print(s.find("at"), s.find("at", 6), s.find("dog"), s.rfind("at"), s.rfind("at", 0, 10))
print(s.index("the"), s.rindex("the"), s.count("at"), s.count("the", 1), s.count(""), "aaaa".count("aa"))
print(s.find(""), s.rfind(""), "abc".find("c", -1), "abc".find("a", 1))
try:
    s.index("dog")
except ValueError as e:
    print(e)
try:
    s.rindex("dog")
except ValueError as e:
    print(e)
