# while with else, break and continue.
i = 0
while i < 5:
    i += 1
    if i == 2:
        continue
    print("i", i)
else:
    print("while ended normally")
n = 0
while True:
    n += 1
    if n > 3:
        break
else:
    print("never")
print("n", n)
k = 10
while k < 5:
    print("not run")
else:
    print("else runs even with zero iterations")
