# Soft keywords (match, case, _, type) are ordinary names elsewhere.
match = 1
case = 2
type_ = type(match)
print(match + case, type_.__name__)
def match(x):
    return x * 2
print(match(21))
_ = "underscore"
print(_)
