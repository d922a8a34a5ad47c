# break, continue and return through try/finally, with and except.
log = []
class CM:
    def __init__(self, name, suppress=False):
        self.name, self.suppress = name, suppress
    def __enter__(self):
        log.append("enter " + self.name)
        return self
    def __exit__(self, t, v, tb):
        log.append("exit %s %s" % (self.name, t.__name__ if t else None))
        return self.suppress

def f1():
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            log.append("body %d" % i)
        finally:
            log.append("finally %d" % i)
    return "done"

def f2():
    try:
        return "try"
    finally:
        log.append("f2 finally")

def f3():
    try:
        return "try"
    finally:
        return "finally wins"

def f4():
    for i in range(3):
        try:
            raise ValueError(i)
        except ValueError as e:
            if i == 1:
                continue
            log.append("caught %s" % e)
        finally:
            log.append("fin %d" % i)
    try:
        e
    except NameError as exc:
        log.append("e deleted: " + str(exc))

def f5():
    with CM("a"), CM("b"):
        return "from with"

def f6():
    with CM("s", suppress=True):
        raise KeyError("x")
    return "suppressed"

def f7():
    for i in range(3):
        with CM("loop%d" % i):
            if i == 1:
                break
            continue
    return i

def f8():
    try:
        try:
            raise ValueError("inner")
        finally:
            log.append("inner finally")
    except ValueError as e:
        return "outer caught %s" % e

def f9():
    x = 0
    while True:
        try:
            x += 1
            if x < 3:
                continue
            return x
        finally:
            log.append("w%d" % x)

def f10():
    try:
        raise TypeError("a")
    except TypeError:
        try:
            raise ValueError("b")
        except ValueError as e:
            return repr(e.__context__)

def f11():
    def gen():
        try:
            yield 1
            yield 2
        finally:
            log.append("gen finally")
    for v in gen():
        if v == 1:
            break
    return v

def f12():
    for i in range(3):
        try:
            pass
        finally:
            if i == 1:
                break
    return i

for f in (f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12):
    log.clear()
    print(f.__name__, f(), log)

try:
    with CM("raise"):
        1 / 0
except ZeroDivisionError as e:
    print("propagated", e, log)
