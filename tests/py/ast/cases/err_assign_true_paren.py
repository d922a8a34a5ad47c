(True) = 1
