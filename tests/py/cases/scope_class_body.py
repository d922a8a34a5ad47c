# Class bodies are not enclosing scopes for methods.
y = "global y"
class C:
    y = "class y"
    def m(self):
        return y
    z = y + " used in body"
    def n(self):
        return self.y, C.y
print(C().m(), C.z, C().n())
def func():
    v = "func local"
    class Inner:
        w = v
        def get(self):
            return v
    return Inner
I = func()
print(I.w, I().get())
class Counter:
    count = 0
    def inc(self):
        self.count += 1
a = Counter(); a.inc(); a.inc()
print(a.count, Counter.count)
