if a:
    pass
elif b:
    x = (1 +
         2)
else:
    def f(a,
          b=2): return a
