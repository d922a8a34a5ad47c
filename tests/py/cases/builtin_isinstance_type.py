# type() of built-in values and isinstance checks.
values = [1, 1.0, "s", b"b", [], (), {}, set(), frozenset(), None, True, range(1), len, print, type, object(), ..., NotImplemented, slice(1)]
for v in values:
    print(type(v).__name__, isinstance(v, object))
print(type(len).__name__, type([].append).__name__, type(str.upper).__name__)
print(isinstance(1, (float, int)), isinstance(True, (str,)), isinstance("", (str, bytes)))
