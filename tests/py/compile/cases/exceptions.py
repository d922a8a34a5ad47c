def f(x):
    try:
        x()
    except ValueError:
        pass
    except (TypeError, KeyError) as e:
        print(e)
    except Exception as e:
        raise RuntimeError("x") from e
    else:
        print("else")
    finally:
        print("finally")

def g():
    for i in range(10):
        try:
            if i == 2:
                continue
            if i == 5:
                break
            if i == 7:
                return i
        finally:
            print(i)
    while True:
        try:
            return 1
        except:
            raise
        finally:
            pass

def h(m):
    with m as a, m as (b, c):
        return a
    with m:
        for x in a:
            if x:
                break
            continue

def nested():
    try:
        try:
            pass
        finally:
            return 2
    except E as e:
        try:
            return e
        finally:
            del e

def in_handler():
    try:
        pass
    except Exception as e:
        for i in e:
            break
        return 3
    finally:
        while 1:
            break

assert x, "msg"
assert y
raise
