# itertools chain, groupby, accumulate, zip_longest, starmap, takewhile, dropwhile, tee, compress, filterfalse, pairwise.
import itertools as it
import operator
print(list(it.chain([1, 2], "ab", (3,))), list(it.chain.from_iterable([[1], [2, 3]])))
for key, group in it.groupby("aaabccdd"):
    print(key, list(group))
print([(k, len(list(g))) for k, g in it.groupby([1, 3, 2, 4, 5], key=lambda v: v % 2)])
print(list(it.accumulate([1, 2, 3, 4])), list(it.accumulate([1, 2, 3], operator.mul)), list(it.accumulate([5, 1], initial=10)))
print(list(it.zip_longest("abc", [1], fillvalue="-")), list(it.starmap(pow, [(2, 3), (3, 2)])))
print(list(it.takewhile(lambda v: v < 3, [1, 2, 3, 1])), list(it.dropwhile(lambda v: v < 3, [1, 2, 3, 1])))
a, b = it.tee([1, 2, 3])
print(list(a), list(b), list(it.compress("abcd", [1, 0, 1, 0])), list(it.filterfalse(None, [0, 1, 2, 0])))
print(list(it.pairwise([1, 2, 3, 4])))
