# An uncaught AssertionError with a message.
def check(v):
    assert v > 0, f"expected a positive value, got {v}"
    return v
check(3)
check(-2)
