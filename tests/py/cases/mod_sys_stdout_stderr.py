# sys.stdout and sys.stderr: write returns the length; flush.
import sys
n = sys.stdout.write("written to stdout\n")
print(n)
m = sys.stderr.write("written to stderr\n")
print(m)
sys.stdout.flush()
sys.stderr.flush()
print("print goes to stdout", file=sys.stdout)
print("and this to stderr", file=sys.stderr)
try:
    sys.stdout.write(5)
except TypeError as e:
    print(e)
