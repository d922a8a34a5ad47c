a + b * c
(a + b) * c
a ** b ** c
-a ** b
not a == b
a | b & c
a << b + c
not a in b
a if b else c or d
lambda: a or b
