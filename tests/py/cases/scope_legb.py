# Local, enclosing, global, built-in lookup order.
x = "global"
def outer():
    x = "enclosing"
    def inner():
        x = "local"
        return x
    def reads_enclosing():
        return x
    return inner(), reads_enclosing()
print(outer())
def reads_global():
    return x
print(reads_global())
def uses_builtin():
    return len("abc")
print(uses_builtin())
len = lambda s: "shadowed len"
print(uses_builtin())
del len
print(uses_builtin())
import builtins
print(builtins.len is __builtins__.len if hasattr(__builtins__, 'len') else True)
