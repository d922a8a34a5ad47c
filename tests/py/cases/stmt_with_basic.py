# with statements: one item, several items, as targets, exceptions.
class CM:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, et, ev, tb):
        print("exit", self.name, et.__name__ if et else None, ev)
        return self.swallow
with CM("a") as x:
    print("body", x)
with CM("a") as x, CM("b") as y:
    print("body", x, y)
with CM("s", swallow=True):
    raise ValueError("swallowed")
print("after swallow")
try:
    with CM("p"):
        raise KeyError("propagates")
except KeyError as e:
    print("caught", e)
with CM("t") as (first, *rest):
    print(first, rest)
with (CM("paren1") as p1,
      CM("paren2") as p2):
    print(p1, p2)
def early():
    with CM("ret"):
        return "returned"
print(early())
for i in range(2):
    with CM("loop%d" % i):
        if i == 0:
            continue
        break
