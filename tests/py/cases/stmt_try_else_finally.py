# try/except/else/finally in all combinations.
def run(fail):
    log = []
    try:
        log.append("try")
        if fail:
            raise KeyError(fail)
    except KeyError:
        log.append("except")
    else:
        log.append("else")
    finally:
        log.append("finally")
    return log
print(run(None))
print(run("k"))
def only_finally():
    try:
        return "from try"
    finally:
        print("cleanup")
print(only_finally())
def finally_overrides():
    try:
        return 1
    finally:
        return 2
print(finally_overrides())
def finally_swallows():
    for i in range(3):
        try:
            raise ValueError
        finally:
            break
    return "swallowed"
print(finally_swallows())
try:
    pass
finally:
    print("try/finally without except")
def try_else_only():
    try:
        x = 1
    except Exception:
        x = 2
    else:
        x += 10
    return x
print(try_else_only())
def continue_in_finally():
    out = []
    for i in range(3):
        try:
            if i == 1:
                continue
            out.append(i)
        finally:
            out.append("f%d" % i)
    return out
print(continue_in_finally())
