# open() to read this program's own source; writing to /dev/null.
with open(__file__) as f:
    first = f.readline()
    rest = f.read()
print(repr(first))
print(len(rest.splitlines()), rest.splitlines()[0])
f = open(__file__, "rb")
head = f.read(8)
f.close()
print(head, f.closed)
with open(__file__) as f:
    lines = list(f)
print(len(lines), lines[-1].rstrip())
with open(__file__, encoding="utf-8") as f:
    print(sum(1 for _ in f))
with open("/dev/null", "w") as out:
    print(out.write("ignored"), out.writable(), out.readable())
try:
    open("no_such_file_here.txt")
except FileNotFoundError as e:
    print(type(e).__name__, e.errno, e.strerror, e.filename)
# last line of the file
