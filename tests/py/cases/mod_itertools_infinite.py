# itertools count, cycle, repeat, islice.
import itertools as it
print(list(it.islice(it.count(), 5)), list(it.islice(it.count(10, -3), 4)), list(it.islice(it.count(0.5, 0.5), 3)))
print(list(it.islice(it.cycle("ab"), 5)), list(it.repeat("x", 3)), list(it.islice(it.repeat(1), 2)))
print(list(it.islice(range(10), 2, 8, 2)), list(it.islice("abcdef", None, 3)), list(it.islice([], 5)))
