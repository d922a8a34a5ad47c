# printf-style % formatting.
print("%s %s" % ("a", 1), "%r" % "q", "%d%%" % 50, "%5s|%-5s|" % ("r", "l"))
print("%d %i %u" % (3.9, -2, 7), "%x %X %o %#x %#o" % (255, 255, 8, 255, 8))
print("%05d %+d % d %.3d" % (42, 42, 42, 7), "%e %E %g %G" % (12345.678, 0.00001, 1e-10, 1e20))
print("%(name)s is %(age)d" % {"name": "Ann", "age": 30}, "%c%c" % (72, "i"))
print("%.2s" % "abcdef", "%*d|" % (5, 1), "%-*.*f|" % (8, 2, 3.14159))
print("%s" % [1, 2], "%s" % (1,), "%s %s" % ((1, 2), [3]))
for bad in (lambda: "%d" % "s", lambda: "%s %s" % (1,), lambda: "%s" % (1, 2), lambda: "%z" % 1, lambda: "%(k)s" % 5):
    try:
        bad()
    except (TypeError, ValueError, KeyError) as e:
        print(type(e).__name__, e)
