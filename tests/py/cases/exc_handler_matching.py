# Catching by base class, ordering of handlers, exception matching rules.
def which(exc):
    try:
        raise exc
    except KeyError:
        return "KeyError handler"
    except LookupError:
        return "LookupError handler"
    except (ArithmeticError, TypeError) as e:
        return "tuple handler " + type(e).__name__
    except Exception:
        return "Exception handler"
for exc in (KeyError, IndexError, ZeroDivisionError, TypeError("t"), ValueError):
    print(which(exc))
try:
    try:
        raise SystemExit(0)
    except Exception:
        print("not caught here")
except BaseException as e:
    print("BaseException caught", type(e).__name__)
try:
    raise KeyboardInterrupt
except Exception:
    print("no")
except KeyboardInterrupt:
    print("KeyboardInterrupt is not an Exception")
