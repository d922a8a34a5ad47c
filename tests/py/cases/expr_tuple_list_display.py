# Tuple and list displays, trailing commas, parentheses.
print((), (1,), (1, 2,), [], [1,], [1, 2, 3,])
t = 1, 2, 3
print(t, type(t).__name__)
single = 5,
print(single)
print((1), (1,) == (1), ((1, 2),))
x = [
    (1, 'a'),
    (2, 'b'),
]
print(x, len(x))
print({}, {1: 2,}, {1, 2,} == {1, 2})
print(type({}).__name__, type(set()).__name__)
