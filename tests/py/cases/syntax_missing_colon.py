# A def without its colon.
print("never printed: the whole file fails to compile")
def f()
    return 1
