# Formatting floats with format specs and % formatting.
x = 1234.56789
print(format(x, ".2f"), format(x, "e"), format(x, ".3E"), format(x, "g"), format(x, ".3g"))
print(format(x, "10.1f") + "|", format(x, "<12.2f") + "|", format(x, "+.0f"), format(-x, " .1f"))
print(format(0.000012345, "g"), format(1e20, "g"), format(1.0, "g"), format(100.0, ""))
print(format(x, ",.2f"), format(x, "_.1f"), format(0.25, "%"), format(0.25, ".0%"))
print("%f %.2f %e %g %10.3f|%-10.1f|" % (x, x, x, x, x, x))
print("%5.1f%%" % 99.44, "%+d" % 3, "%x %o %X" % (255, 8, 255))
print(format(float("inf"), "f"), format(float("nan"), ".2f"), format(-0.0, ".1f"))
print(f"{2.5:.0f} {3.5:.0f} {0.125:.2f} {0.375:.2f}")
print(str(1e16), str(1.0e15), f"{1e16}", f"{123.0:g}")
