while x:
    x -= 1
    if x: break
    continue
else:
    done()
while 1: pass
