# Helper module for the imp_* cases (not a test: it lives in a subfolder).
print("imp_helper: executing module body")
__all__ = ["greet", "Greeter", "CONSTANT"]
CONSTANT = 42
_hidden = "private by convention"
not_in_all = "public but not in __all__"
def greet(name):
    return f"hello, {name}"
class Greeter:
    def __init__(self, prefix):
        self.prefix = prefix
    def greet(self, name):
        return f"{self.prefix} {name}"
counter = 0
def bump():
    global counter
    counter += 1
    return counter
