# An uncaught RecursionError: CPython abbreviates the repeated lines.
def down(n):
    return down(n + 1)
down(0)
