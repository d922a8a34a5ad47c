# The Ellipsis literal.
print(...)
print(... is Ellipsis, type(...).__name__)
def stub(): ...
print(stub())
x = [1, ..., 3]
print(x)
print(repr(Ellipsis), str(...))
