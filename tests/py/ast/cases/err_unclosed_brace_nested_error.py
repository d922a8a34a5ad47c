x{t b
c
