x = 1if y else 2
x = [0x1for x in y]
x = 1or 2
x = 1and 2
x = 1in y
x = 1is 1
x = 1not in y
