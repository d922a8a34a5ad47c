# An exception propagating through a with block whose __exit__ prints.
class Guard:
    def __enter__(self):
        print("enter")
        return self
    def __exit__(self, t, v, tb):
        print("exit sees", t.__name__)
        return False
with Guard():
    raise PermissionError("access denied")
