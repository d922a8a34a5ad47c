# itertools: tee, islice edge cases, accumulate with initial, zip_longest,
# pairwise, chain.from_iterable, repr of count/repeat, and error messages.
import itertools as it
a, b, c = it.tee(iter(range(6)), 3)
print(next(a), next(a), list(b), list(it.islice(c, 2)), list(a), list(c))
t1, t2 = it.tee("xyz")
t3, = it.tee(t1, 1)
print(list(t2), list(t3), list(t1))
print(list(it.islice(range(20), 3, None, 4)), list(it.islice("abc", 0)), list(it.islice(it.count(), 2, 5)))
print(list(it.accumulate([3, 1, 4, 1, 5], max)), list(it.accumulate([], initial=7)), list(it.accumulate("abc")))
print(list(it.zip_longest("abc", [1], (True, False), fillvalue=0)))
print(list(it.pairwise(range(5))), list(it.chain.from_iterable(["ab", [1, 2], ()])))
c = it.count(3, -2); print(next(c), next(c), c, it.count(1.0), it.repeat(None, 0), list(it.repeat("q", 2)))
print(list(it.compress(range(8), it.cycle([1, 0, 0]))), list(it.starmap(divmod, [(7, 2), (9, 4)])))
print([(k, len(list(g))) for k, g in it.groupby(sorted("mississippi"))])
print(list(it.product([0, 1], "ab", repeat=1))[:5], len(list(it.product(range(3), repeat=4))))
print(list(it.permutations("abcd", 2))[-3:], list(it.combinations_with_replacement([1, 2, 3], 3))[:4])
g = it.groupby([1, 1, 2, 2, 3]); k1, grp1 = next(g); k2, grp2 = next(g)
print(k1, list(grp1), k2, list(grp2), [k for k, _ in g])
for bad in ("it.islice('a', -1)", "it.islice('a', 1, 2, 0)", "it.repeat()", "it.count('x')",
            "it.tee('a', -1)", "it.permutations('a', -1)", "it.product('a', repeat=-1)",
            "next(it.starmap(len, [1]))", "it.zip_longest(1)"):
    try:
        print(bad, eval(bad))
    except (ValueError, TypeError) as e:
        print(bad, type(e).__name__, e)
