a, *b = c
*a, = b
print(*a)
x = *a, *b
for x in *a, *b: pass
return_ = [*a]
