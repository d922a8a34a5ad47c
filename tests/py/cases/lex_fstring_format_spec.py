# f-string format specs, conversions, nested fields and '='.
x = 3.14159
n = 255
s = "hi"
w = 10
p = 3
print(f"{x:.2f}|{x:10.3f}|{x:<10.1f}|{x:^10.2f}|{x:+.1e}")
print(f"{n:x} {n:X} {n:o} {n:b} {n:#x} {n:#o} {n:#b} {n:08b}")
print(f"{n:,} {1234567:,} {1234567:_} {n:>6} {n:<6}| {n:^7}|")
print(f"{s!r} {s!s} {'é'!a} {s:>{w}} {x:.{p}f} {x:{w}.{p}}")
print(f"{n=} {s=!r} {x=:.1f} {n + 1 = }")
print(f"{'left':*<8}{'right':*>8}{'mid':*^9}")
print(f"{-5:05d} {5:+d} {-5:+d} {5: d}")
print(f"{0.5:%} {0.125:.1%}")
print(f"{12345.6789:,.2f}")
print(f"{'abc':.2}")
