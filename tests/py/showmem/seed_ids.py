# --show-memory's data checked against the program's own view: each line
# that starts with CHECK names a variable and prints what the program sees
# (id, sys.getrefcount minus its argument's reference, the ids it refers
# to); tests/py/showmem_check.py finds the first step recorded after that
# line was printed and compares.  The examples are the seeds' (id() of
# equal small ints, x = x + 1, func(x) with its frame, lists, a dict, an
# instance, a self-referencing list and gc.collect()).
import gc
import sys


def ids(objs):
    return [id(o) for o in objs]


def check(name, obj, refs=None):
    # The count the object had on the caller's line: getrefcount's argument
    # and our parameter are the two references this call adds (3.11 moves
    # the caller's stack entry into the parameter).
    n = sys.getrefcount(obj) - 2
    r = " ".join(str(i) for i in refs) if refs is not None else "-"
    print("CHECK", name, id(obj), n, r)


x = 10
y = 10
z = y
check("x", x)
check("z", z)
x = x + 1
check("x", x)


def func(value):
    value = value + 1000
    check("value", value)
    return value


r = func(x)
check("r", r)
lst = [1, "two", [3]]
check("lst", lst, ids(gc.get_referents(lst)))
d = {"a": lst, "b": 2.5}
check("d", d, ids(list(d.values())))
check("lst", lst, ids(gc.get_referents(lst)))
t = (lst, d)
check("t", t, ids(gc.get_referents(t)))


class Point:
    def __init__(self, px, py):
        self.px = px
        self.py = py


p = Point(1.5, lst)
check("p", p, ids([p.px, p.py]))
cyc = []
cyc.append(cyc)
check("cyc", cyc, ids(gc.get_referents(cyc)))
del cyc
n = gc.collect()
print("collected", n)
big = [0] * 100
check("big", big)
