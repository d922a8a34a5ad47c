[x for x in y]
[x for x in y if x if z]
[(x, y) for x in a for y in b]
{x for x in y}
{k: v for k, v in d.items()}
(x for x in y)
[x for x, in y]
[x for *a, x in y]
[[x for x in y] for y in z]
