# An uncaught user exception with a custom __str__ and a module-level class.
class ParseError(Exception):
    def __init__(self, line, msg):
        super().__init__(line, msg)
        self.line = line
        self.msg = msg
    def __str__(self):
        return f"line {self.line}: {self.msg}"
def parse(lines):
    for i, l in enumerate(lines, 1):
        if not l.strip():
            raise ParseError(i, "empty line")
parse(["a", "b", "  "])
