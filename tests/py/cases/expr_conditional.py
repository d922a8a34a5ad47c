# Conditional expressions evaluate only the chosen branch.
def boom():
    raise RuntimeError("not evaluated")
print(1 if True else boom())
print(boom() if False else 2)
xs = [1, 2, 3, 4]
print(["even" if x % 2 == 0 else "odd" for x in xs])
print(max(xs) if xs else None)
y = 0
print(10 / y if y else "avoided division")
