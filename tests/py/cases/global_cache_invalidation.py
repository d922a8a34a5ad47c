# LOAD_GLOBAL remembers where a name's value lives; every way of changing
# globals or builtins must still be seen.
import builtins

x = 1


def get_x():
    return x


def get_len():
    return len("abc")


results = []
for i in range(6):
    results.append(get_x())
    if i == 1:
        x = 10                    # a new value, same key
    if i == 3:
        del x                     # the key goes ...
        x = 20                    # ... and comes back
print(results)

# A global that shadows a built-in, then goes away again.
out = []
for i in range(6):
    out.append(get_len())
    if i == 1:
        len = lambda s: 99
    if i == 3:
        del len
print(out)

# Changing builtins themselves.
saved = builtins.abs


def use_abs():
    return abs(-5)


vals = [use_abs() for _ in range(3)]
builtins.abs = lambda v: "patched"
vals.append(use_abs())
builtins.abs = saved
vals.append(use_abs())
del builtins.abs
try:
    use_abs()
except NameError as e:
    vals.append(str(e))
builtins.abs = saved
vals.append(use_abs())
print(vals)

# A name that is missing, then defined.
def late():
    return later_name


for i in range(3):
    try:
        print(late())
    except NameError as e:
        print("NameError:", e)
    if i == 1:
        later_name = "now defined"

# One code object run with several globals dicts.
code = compile("r = [k for k in range(2)] + [y]", "<exec>", "exec")
for y in range(3):
    g = {"y": y * 100}
    exec(code, g)
    print(g["r"])
    g2 = {"y": -y, "__builtins__": {"range": lambda n: ["own range"]}}
    exec(code, g2)
    print(g2["r"])

# Many globals added while a function keeps reading one.
def read_a():
    return a


a = "a0"
seen = []
for i in range(40):
    globals()["filler%d" % i] = i   # grows (and rebuilds) the table
    seen.append(read_a())
    if i == 20:
        a = "a1"
print(seen[0], seen[20], seen[21], seen[-1], len(set(seen)))

# A dict subclass as globals.
class G(dict):
    pass


gs = G(y=7)
exec(code, gs)
print(gs["r"])
for k in list(globals()):
    if k.startswith("filler"):
        del globals()[k]
print(read_a(), sorted(k for k in globals() if k.startswith("filler")))
