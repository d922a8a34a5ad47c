# String concatenation, repetition, comparison and membership in expressions.
a = "abc"
print(a + "def", a * 3, 2 * a, a * 0 == "", a[0] + a[-1])
print("a" < "b" < "c", "abc" < "abd", "B" < "a", "" < " ", "abc" == "ab" + "c")
print("b" in a, "bc" in a, "" in a, "cb" not in a)
s = ""
for ch in "xyz":
    s += ch
print(s, len(s), s.join("--"), "-".join(s))
print(f"{a!r:>8}|{a:^7}|{len(a):03}")
