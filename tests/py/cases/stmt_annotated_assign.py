# Annotated assignments and __annotations__.
x: int = 5
y: "a string annotation"
z: list = [1]
print(x, z)
print(__annotations__)
print('y' in globals())
class P:
    a: int
    b: str = "default"
    c = 3
print(P.__annotations__)
print(P.b, hasattr(P, 'a'))
def f():
    local: int = 1
    return local
print(f())
