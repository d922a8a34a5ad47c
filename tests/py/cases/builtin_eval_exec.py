# eval and exec with default and explicit namespaces.
x = 10
print(eval("x + 1"), eval("[i * 2 for i in range(3)]"))
print(eval("a + b", {"a": 1, "b": 2}), eval("a * x", {"a": 3}, {"x": 4}))
ns = {}
exec("def sq(n):\n    return n * n\nresult = sq(7)", ns)
print(ns["result"], ns["sq"](3), "__builtins__" in ns)
exec("y = x * 3")
print(y)
def f():
    loc = {}
    exec("z = 5", globals(), loc)
    return loc
print(f())
print(eval("len('abc')"), eval(" 1 + 1 "))
try:
    eval("1 +")
except SyntaxError as e:
    print(type(e).__name__, e.msg)
try:
    eval("undefined_name_here")
except NameError as e:
    print(e)
code = compile("3 * 7", "<string>", "eval")
print(eval(code))
exec(compile("print('compiled exec')", "<s>", "exec"))
print(exec("1"), eval("None"))
