if x:
# comment at col 0
    y = 1
        # deeper comment
    z = 2
