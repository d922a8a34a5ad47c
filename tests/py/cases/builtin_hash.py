# hash() of ints, tuples and other hashable built-ins with fixed hashes.
print(hash(0), hash(1), hash(-1), hash(-2), hash(2 ** 61 - 1), hash(2 ** 61), hash(10 ** 30))
print(hash(True), hash(False), hash(1.0), hash(0.5), hash(-0.0), hash(1.5))
print(hash((1, 2)), hash(()), hash((1, (2, 3))), hash((None,)) == hash((None,)))
print(hash(None) == hash(None), hash(float("inf")), hash(float("-inf")))
print(hash((0,)) , hash((1, 2, 3)), hash((-1, -2)))
print(hash(range(3)) == hash(range(3)), hash(3) == hash(3.0))
