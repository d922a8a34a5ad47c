# An uncaught exception inside a property getter.
class Ratio:
    def __init__(self, num, den):
        self.num, self.den = num, den
    @property
    def value(self):
        return self.num / self.den
r = Ratio(1, 4)
print(r.value)
r.den = 0
print(r.value)
