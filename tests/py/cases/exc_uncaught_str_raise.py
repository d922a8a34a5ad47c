# Raising a non-exception is itself a TypeError.
def fail():
    raise "a string"
fail()
