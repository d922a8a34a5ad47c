# Shadowing built-in names locally and globally.
def f():
    list = "not a list"
    return list
print(f(), list("ab"))
print = print
print("print rebound to itself")
def g(str=int):
    return str("5") + 1
print(g())
import builtins
original = builtins.abs
builtins.abs = lambda x: "patched"
print(abs(-1))
builtins.abs = original
print(abs(-1))
