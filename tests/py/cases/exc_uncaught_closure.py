# An uncaught exception in a closure returned by a factory.
def make_divider(d):
    def divide(n):
        return n / d
    return divide
half = make_divider(2)
never = make_divider(0)
print(half(10))
print(never(10))
