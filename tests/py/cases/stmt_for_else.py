# for with else, break, continue, and nested loops.
for x in [1, 3, 5]:
    if x % 2 == 0:
        print("found even")
        break
else:
    print("no even number")
for x in [1, 4, 5]:
    if x % 2 == 0:
        print("found even", x)
        break
else:
    print("not printed")
for i in range(3):
    for j in range(3):
        if j == i:
            continue
        if j > i:
            break
        print(i, j)
for ch in "":
    print("no")
else:
    print("empty else")
for i in range(3):
    pass
print("loop var after loop", i)
