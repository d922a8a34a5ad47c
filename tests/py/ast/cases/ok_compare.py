a < b
a <= b > c >= d == e != f
a is b
a is not b
a in b
a not in b
a < b < c < d
