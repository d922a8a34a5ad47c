# An exception whose context chain has three links.
try:
    try:
        int("x")
    except ValueError:
        [].pop()
except IndexError:
    {}["missing"]
