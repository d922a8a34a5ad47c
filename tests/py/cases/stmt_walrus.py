# Assignment expressions (walrus) in statements.
data = [1, 5, 12, 3]
if (n := len(data)) > 3:
    print("long list", n)
while (item := data.pop()) != 5:
    print("popped", item)
print(data)
print([y for x in range(5) if (y := x * x) > 4])
print(y)
def f():
    [(z := i) for i in range(3)]
    return z
print(f())
