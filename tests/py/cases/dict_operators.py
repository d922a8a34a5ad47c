# dict | and |=, equality, ordering of keys, membership.
a = {"x": 1, "y": 2}
b = {"y": 20, "z": 30}
print(a | b, b | a)
a |= b
print(a)
a |= [("w", 0)]
print(a)
print({"a": 1, "b": 2} == {"b": 2, "a": 1}, list({"b": 1, "a": 2}), {1: "a", 1.0: "b"})
d = {}
d[3] = "c"; d[1] = "a"; d[2] = "b"
del d[1]
d[1] = "again"
print(d, list(d.items()))
print("x" in a, 30 in a, len(a), bool({}), {**a} == a)
try:
    {} | []
except TypeError as e:
    print(e)
try:
    {[1]: 2}
except TypeError as e:
    print(e)
print({(1, 2): "tuple key", None: "none key", 1.5: "float key", True: "bool key"})
