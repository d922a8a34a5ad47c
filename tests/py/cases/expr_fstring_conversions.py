# f-string conversions and objects with custom __format__/__str__/__repr__.
class W:
    def __repr__(self): return "W-repr"
    def __str__(self): return "W-str"
    def __format__(self, spec): return "W-format(" + spec + ")"
w = W()
print(f"{w} {w!s} {w!r} {w:xyz} {w!r:>10}")
tab = "tab\t"
print(f"{'naïve'!a} {tab!r}")
print(f"{3.0!s} {[1, 'a']!r} {None}")
print(format(w, "abc"), str(w), repr(w))
nested = {'k': [10, 20]}
print(f"{nested['k'][1]:05d}")
print(f"{'{'}{'}'}")
width = 6
print(f"{'x':{'>' if True else '<'}{width}}|")
