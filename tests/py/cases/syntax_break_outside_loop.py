# break outside any loop.
if True:
    break
