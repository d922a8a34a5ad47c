# An uncaught exception twelve frames deep: every frame is shown.
def step(n):
    if n == 0:
        raise ZeroDivisionError("reached the bottom")
    return step(n - 1)
step(11)
