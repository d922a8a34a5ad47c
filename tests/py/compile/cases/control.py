i = 0
while i < 10:
    i += 1
    if i == 3:
        continue
    if i > 8:
        break
else:
    print("else")

for x in range(3):
    pass
else:
    print("done")

if a:
    pass
elif b:
    pass
else:
    pass

if not a and b or c:
    x = 1
if a < b < c:
    x = 2
if (a if b else c):
    x = 3
while True:
    break
while 0:
    x = 1
if __debug__:
    x = 4
x = 1 if a else 2
