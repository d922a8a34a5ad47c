# str.split, rsplit, join.
s = "  a  b\tc\nd  "
print(s.split(), s.split(" "), s.split(None, 1), s.rsplit(None, 1))
print("a,b,,c".split(","), "a,b,,c".split(",", 1), "a,b,,c".rsplit(",", 1), "".split(","), "".split())
print("a--b--c".split("--"), "abc".split("abc"), "k=v=w".partition("="), "k=v=w".rpartition("="))
print("x".partition("="), "x".rpartition("="))
print("-".join(["a", "b", "c"]), "".join("xyz"), ", ".join(map(str, range(4))), "|".join([]))
try:
    ",".join([1, 2])
except TypeError as e:
    print(e)
print("1 2 3".split(maxsplit=1), "a b c".rsplit(maxsplit=1), "a\u3000b".split())
