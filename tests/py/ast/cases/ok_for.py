for i in range(10):
    print(i)
for a, b in pairs: pass
for (a, b), c in x: pass
for x in 1, 2, 3: pass
for x, in y: pass
for i in x:
    pass
else:
    pass
for *a, b in c: pass
