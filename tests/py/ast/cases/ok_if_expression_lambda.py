x = (lambda: 1) if a else (lambda: 2)
