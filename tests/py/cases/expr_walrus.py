# Assignment expressions.
print((a := 10) + a)
values = [1, 2, 3, 4, 5]
print([s for v in values if (s := v * v) > 5])
print(s)
def chunks():
    it = iter(range(7))
    out = []
    while (c := [x for _, x in zip(range(3), it)]):
        out.append(c)
    return out
print(chunks())
print(any((hit := w) == "b" for w in "abc"), hit)
print(f"{(z := 3) * 2} {z}")
