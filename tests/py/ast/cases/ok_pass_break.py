pass
while 1:
    break
    continue
