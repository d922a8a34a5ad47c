# Building objects dynamically with setattr/getattr in loops.
class Record: pass
r = Record()
for i, name in enumerate(["alpha", "beta", "gamma"]):
    setattr(r, name, i * 10)
print([getattr(r, n) for n in ("alpha", "beta", "gamma")], vars(r))
class Config:
    defaults = {"debug": False, "level": 3}
    def __init__(self, **overrides):
        for k, v in {**self.defaults, **overrides}.items():
            setattr(self, k, v)
c = Config(level=5)
print(c.debug, c.level)
try:
    setattr(5, "x", 1)
except AttributeError as e:
    print(e)
try:
    setattr(r, 1, 2)
except TypeError as e:
    print(e)
