# An uncaught TypeError from item assignment on a tuple inside a method.
class Config:
    def __init__(self):
        self.values = (1, 2, 3)
    def set(self, i, v):
        self.values[i] = v
Config().set(0, 10)
