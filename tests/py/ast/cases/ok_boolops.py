a and b
a or b
a and b or c and d
not a
not not a
a or b or c
a and (b or c)
