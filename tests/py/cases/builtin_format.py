# format() built-in with various types and specs.
print(format(42), format(42, "5"), format(42, "<5") + "|", format(42, "^5") + "|")
print(format(3.14159, ".3"), format("text", ">8"), format("text", "*^10"))
print(format(1e6, ","), format(-42, "=+8"), format(42, "=8"), format("s", ""))
print(format(True), format(None), format([1, 2]), format((1,)))
try:
    format("s", "d")
except ValueError as e:
    print(e)
try:
    format(1, "s")
except ValueError as e:
    print(e)
try:
    format(1.5, "d")
except ValueError as e:
    print(e)
