# A traceback for a call that spans several lines shows its first line.
def combine(a, b, c):
    return a + b + c
result = combine(
    1,
    2,
    "three",
)
