# object() instances.
o = object()
print(type(o).__name__, isinstance(o, object), o == o, o != object())
try:
    o.attr = 1
except AttributeError as e:
    print(e)
try:
    object(1)
except TypeError as e:
    print(e)
