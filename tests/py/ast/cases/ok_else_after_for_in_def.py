def f():
    for x in y:
        pass
    else:
        return 1
