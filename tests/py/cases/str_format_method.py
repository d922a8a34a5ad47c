# str.format with positional, keyword, index and attribute fields.
print("{} {}".format("a", "b"), "{1} {0} {1}".format("x", "y"), "{name}!".format(name="hi"))
print("{0[1]} {d[k]} {o.real}".format([5, 6], d={"k": "v"}, o=3))
print("{:>6}|{:<6}|{:^6}|".format("r", "l", "c"), "{:*^9}".format("mid"))
print("{:08.3f} {:+d} {:x} {:#b} {:,}".format(3.14159, 7, 255, 5, 1234567))
print("{{}} {{{}}}".format("braced"), "{!r} {!s}".format("q", "q"))
print("{0:{1}}|".format("w", 5), "{:{fill}>{width}}".format(7, fill="0", width=4))
print("{} and {}".format(*["unpacked", "list"]), "{a}-{b}".format(**{"a": 1, "b": 2}))
for bad in ("{", "}", "{0} {}", "{x}"):
    try:
        print(bad.format(1))
    except (ValueError, KeyError, IndexError) as e:
        print(type(e).__name__, e)
print("{k}".format_map({"k": "mapped"}))
