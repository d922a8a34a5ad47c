f = lambda a=1, b=(2, 3), *c, d=4, **e: (a, b, c, d, e)
g = lambda a, b=lambda: 1: b
