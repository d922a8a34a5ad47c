  x = 1
y = 0b2
