# CPython 3.11 suggests a close variable name for an uncaught NameError.
counter = 10
def report():
    return countr + 1
report()
