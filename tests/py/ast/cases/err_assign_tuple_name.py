1, a = x
