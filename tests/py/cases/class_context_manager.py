# __enter__/__exit__ receiving exception details; suppressing.
class Tx:
    def __init__(self): self.log = []
    def __enter__(self):
        self.log.append("begin")
        return self
    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.log.append("commit")
        else:
            self.log.append(f"rollback {exc_type.__name__}: {exc}")
            self.log.append(f"tb is traceback: {type(tb).__name__}")
        return exc_type is KeyError
t = Tx()
with t:
    pass
with t:
    raise KeyError("suppressed")
try:
    with t:
        raise ValueError("not suppressed")
except ValueError:
    t.log.append("caught outside")
for line in t.log:
    print(line)
class NoEnter:
    def __exit__(self, *a): pass
try:
    with NoEnter():
        pass
except (AttributeError, TypeError) as e:
    print(type(e).__name__, e)
