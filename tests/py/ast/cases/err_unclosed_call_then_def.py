f(1,
def g(): pass
