x y
z = 1_
