# A name used before its global declaration.
counter = 0
def bump():
    counter = 1
    global counter
