# Exceptions raised inside except, else and finally blocks.
def f(where):
    try:
        try:
            if where != "else":
                raise ValueError("original")
        except ValueError:
            if where == "except":
                raise KeyError("from except")
        else:
            raise IndexError("from else")
        finally:
            if where == "finally":
                raise TypeError("from finally")
    except Exception as e:
        ctx = e.__context__
        return f"{type(e).__name__}({e}) context={type(ctx).__name__ if ctx else None}"
    return "nothing"
for w in ("except", "else", "finally", "none"):
    print(w, "->", f(w))
