# not, and, or precedence and conditional expressions.
print(not True or True, not (True or True))
print(True or False and False, (True or False) and False)
print(1 if True else 2 if False else 3)
print((1 if False else 2) + 10, 1 if False else 2 + 10)
f = lambda x: "pos" if x > 0 else "zero" if x == 0 else "neg"
print(f(5), f(0), f(-5))
print(not 0 == 1, not (0 == 1), (not 0) == 1)
print(None or 0 or [] or "last", 1 and 2 and 3, 1 and 0 and 3)
