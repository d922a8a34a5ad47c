# sum with start values and different numeric types.
print(sum([]), sum([1, 2, 3]), sum([1, 2], 10), sum([0.1] * 10), sum(range(1001)))
print(sum([[1], [2, 3]], []), sum(((1,), (2,)), ()), sum([True, True, False]))
print(sum([1, 2.5]), sum([10 ** 20, 1]), sum(x * x for x in range(4)), sum([], start=5))
try:
    sum(["a", "b"], "")
except TypeError as e:
    print(e)
try:
    sum([1, None])
except TypeError as e:
    print(e)
