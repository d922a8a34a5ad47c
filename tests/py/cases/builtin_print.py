# print() with sep, end, file and flush.
import sys
print()
print("a", "b", "c")
print("a", "b", sep="")
print("a", "b", sep=", ", end="!\n")
print(1, 2.5, None, [1], (2,), {"k": 3}, sep="|")
print("no newline", end="")
print(" <- continued")
print("to stderr", file=sys.stderr)
print("flushed", flush=True)
print(*range(5), sep="-")
print("x", sep=None, end=None)
try:
    print("x", sep=5)
except TypeError as e:
    print(e)
sys.stdout.write("via write\n")
