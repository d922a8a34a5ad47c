# Comprehensions have their own scope; the first iterable is evaluated outside.
x = "global"
r = [x for x in range(3)]
print(r, x)
class C:
    vals = [1, 2, 3]
    doubled = [v * 2 for v in vals]
    try:
        bad = [v * factor for v in vals for factor in (1,)]
        ok = True
    except NameError as e:
        ok = str(e)
    factor = 3
    try:
        scaled = [v * factor for v in vals]
    except NameError as e:
        scaled = "NameError: " + str(e)
print(C.doubled, C.ok, C.scaled)
def f():
    y = 10
    return [y + i for i in range(2)]
print(f())
fs = [lambda: i for i in range(3)]
print([g() for g in fs])
print({i for i in range(3)}, i if 'i' in dir() else "i not leaked")
