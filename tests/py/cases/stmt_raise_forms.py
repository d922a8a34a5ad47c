# raise with a class, an instance, from, and bare raise.
def show(f):
    try:
        f()
    except BaseException as e:
        print(type(e).__name__, e.args, repr(e.__cause__), type(e.__context__).__name__)
def r1(): raise ValueError
def r2(): raise ValueError("msg", 2)
def r3():
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise RuntimeError("wrapped") from e
def r4():
    try:
        1 / 0
    except ZeroDivisionError:
        raise RuntimeError("implicit context")
def r5():
    try:
        1 / 0
    except ZeroDivisionError:
        raise RuntimeError("suppressed") from None
def r6():
    try:
        raise KeyError("k")
    except KeyError:
        raise
show(r1); show(r2); show(r3); show(r4); show(r5); show(r6)
def r7():
    raise 42
show(r7)
def r8():
    raise
show(r8)
def r9():
    e = ValueError("v")
    raise e from KeyError("c")
show(r9)
def chk():
    try:
        r5()
    except RuntimeError as e:
        print(e.__suppress_context__, e.__cause__, type(e.__context__).__name__)
chk()
