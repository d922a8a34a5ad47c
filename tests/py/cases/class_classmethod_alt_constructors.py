# Alternative constructors and class-level state.
class Date:
    instances = 0
    def __init__(self, y, m, d):
        self.y, self.m, self.d = y, m, d
        type(self).instances += 1
    @classmethod
    def parse(cls, text):
        return cls(*map(int, text.split("-")))
    def __repr__(self):
        return f"{type(self).__name__}({self.y}, {self.m:02d}, {self.d:02d})"
class Birthday(Date):
    instances = 0
print(Date.parse("2024-01-15"), Birthday.parse("1999-12-31"))
print(Date.instances, Birthday.instances)
