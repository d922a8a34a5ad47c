# A bare raise re-raises the original exception with its traceback.
def risky():
    return [][5]
try:
    risky()
except IndexError:
    print("logging the error, then re-raising")
    raise
