# try/except with one and several handlers, tuples and bare except.
def attempt(x):
    try:
        return 10 // x
    except ZeroDivisionError:
        return "div by zero"
    except (TypeError, ValueError) as e:
        return "bad type: " + type(e).__name__
print(attempt(2), attempt(0), attempt("s"))
try:
    [][1]
except:
    print("bare except caught")
try:
    {}['k']
except LookupError as e:
    print("LookupError catches", type(e).__name__, e)
try:
    raise ValueError("x")
except ValueError as err:
    pass
try:
    err
except NameError as e:
    print("the as-name is deleted:", e)
