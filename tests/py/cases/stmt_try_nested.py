# Nested try statements and re-raising.
def inner():
    try:
        raise TypeError("inner problem")
    except ValueError:
        print("wrong handler")
    finally:
        print("inner finally")
try:
    inner()
except TypeError as e:
    print("outer caught:", e)
try:
    try:
        1 / 0
    except ZeroDivisionError:
        print("handling")
        raise
except ArithmeticError as e:
    print("re-raised:", type(e).__name__, e)
try:
    try:
        raise KeyError("a")
    finally:
        print("finally during propagation")
except KeyError as e:
    print("got", repr(e))
