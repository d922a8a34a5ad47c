# An assignment inside a lambda body.
f = lambda x: y = x
