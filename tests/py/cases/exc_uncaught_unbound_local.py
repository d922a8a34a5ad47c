# An uncaught UnboundLocalError.
total = 0
def add(v):
    total += v
    return total
add(5)
