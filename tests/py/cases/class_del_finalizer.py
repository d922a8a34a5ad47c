# __del__ runs when the last reference goes away.
class Res:
    def __init__(self, name):
        self.name = name
        print("open", name)
    def __del__(self):
        print("close", self.name)
a = Res("a")
b = a
del a
print("a deleted, b alive")
del b
print("after del b")
def scope():
    r = Res("local")
    print("leaving scope")
scope()
print("after scope")
lst = [Res("in list")]
lst.clear()
print("after clear")
x = Res("rebound")
x = None
print("end")
