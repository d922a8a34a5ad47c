# Identifiers: underscores, digits, keywords as attribute-ish names.
_x = 1
__y = 2
x_1 = 3
CamelCase = 4
_ = 5
print(_x, __y, x_1, CamelCase, _)
class A:
    pass
a = A()
a.if_ = 1
a.class_ = 2
setattr(a, 'def', 3)
print(a.if_, a.class_, getattr(a, 'def'))
café = "accent"
print(café)
print('pass'.isidentifier(), 'x1'.isidentifier(), '1x'.isidentifier())
