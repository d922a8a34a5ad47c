[y for x in data if (y := f(x))]
{(y := x): 1 for x in z}
