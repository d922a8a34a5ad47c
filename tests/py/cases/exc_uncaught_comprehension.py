# An uncaught exception inside a list comprehension.
values = ["10", "20", "x30"]
total = sum([int(v) for v in values])
print(total)
