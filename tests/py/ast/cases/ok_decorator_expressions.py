@a.b.c
@a[0]
@a(b)(c)
@x if y else z
def f(): pass
