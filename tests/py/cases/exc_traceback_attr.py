# __traceback__, tb_lineno, tb_next and with_traceback.
def inner():
    raise ValueError("deep")
def outer():
    inner()
try:
    outer()
except ValueError as e:
    tb = e.__traceback__
    lines = []
    while tb is not None:
        lines.append((tb.tb_frame.f_code.co_name, tb.tb_lineno))
        tb = tb.tb_next
    print(lines)
e = ValueError("fresh")
print(e.__traceback__)
try:
    raise e
except ValueError:
    pass
print(type(e.__traceback__).__name__)
e2 = KeyError("k").with_traceback(None)
print(e2.__traceback__)
