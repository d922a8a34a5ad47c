{x: y for x, y in z if x}
{x for x in y for z in x}
{(a, b): c for a, b, c in d}
