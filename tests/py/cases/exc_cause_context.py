# __cause__, __context__ and __suppress_context__.
def get(f):
    try:
        f()
    except Exception as e:
        return e
def explicit():
    try:
        {}["x"]
    except KeyError as e:
        raise ValueError("converted") from e
def implicit():
    try:
        [][0]
    except IndexError:
        raise TypeError("while handling")
def in_finally():
    try:
        raise KeyError("first")
    finally:
        raise RuntimeError("second")
for f in (explicit, implicit, in_finally):
    e = get(f)
    print(f.__name__, repr(e), repr(e.__cause__), repr(e.__context__), e.__suppress_context__)
e = RuntimeError("r")
e.__cause__ = ValueError("set by hand")
print(repr(e.__cause__), e.__suppress_context__)
try:
    raise e
except RuntimeError as caught:
    print(caught.__suppress_context__)
e2 = get(lambda: (_ for _ in ()).throw(KeyError("thrown")))
print(repr(e2))
