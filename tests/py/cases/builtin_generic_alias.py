# Subscripted built-in containers (PEP 585): list[int] and friends as
# annotations, their repr, origin and arguments, equality, calling them.
def f(x: list[int], y: dict[str, tuple[int, ...]] = None) -> set[frozenset[str]]:
    return x
print(f([1]), f.__annotations__["x"], f.__annotations__["y"], f.__annotations__["return"])
a = list[int]
print(a, a.__origin__, a.__args__, a.__parameters__, a == list[int], a == list[str], a == list)
print(dict[str, list[int]], tuple[()], list[...], enumerate[str], type[int] if False else "-")
print(a([1, 2]), dict[str, int](x=1), a.append is list.append, hash(a) == hash(list[int]))
class Box:
    pass
print(list[Box] == list[Box], repr(list[Box]).endswith("Box]"), tuple[int, str])
try:
    isinstance([], list[int])
except TypeError as e:
    print("TypeError:", e)
