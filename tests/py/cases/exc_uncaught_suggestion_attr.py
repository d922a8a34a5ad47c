# CPython 3.11 suggests a close attribute name for an uncaught AttributeError.
class Shape:
    def __init__(self):
        self.width = 3
s = Shape()
print(s.width)
print(s.widht)
