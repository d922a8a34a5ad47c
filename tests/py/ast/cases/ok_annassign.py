x: int
y: int = 1
(z): str = 'a'
a.b: int
a[0]: int = 2
x: list[int] = []
y: int = yield 1
