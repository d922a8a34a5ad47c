"""Long-running churn: grow a heap, free most of it at random, regrow.

The life of a cache or a session store: a large population of small
objects of mixed kinds, three quarters of it dropped in random order,
then replaced by objects of *other* sizes.  Freed blocks of one size
class cannot serve another, so this measures how well an allocator
reuses scattered free space (peak resident memory) as much as its speed.
"""
import random
import sys


def make(kind, i):
    if kind == 0:
        return ("k%d" % i, i, float(i))
    if kind == 1:
        return {"id": i, "v": "x" * (i % 40)}
    if kind == 2:
        return [i] * (i % 12)
    return "s" * (20 + i % 150)


def main(rounds):
    rng = random.Random(42)
    checksum = 0
    live = {}
    serial = 0
    for r in range(rounds):
        # Grow: 150k objects of mixed kinds.
        for _ in range(150000):
            live[serial] = make(serial % 4, serial)
            serial += 1
        # Drop three quarters of everything, in random order.
        keys = list(live)
        rng.shuffle(keys)
        for k in keys[: len(keys) * 3 // 4]:
            del live[k]
        # Regrow with other sizes: longer strings and bigger tuples.
        for _ in range(60000):
            live[serial] = (make(3, serial * 7), serial, (serial,) * 5)
            serial += 1
        checksum += len(live) + sum(len(v) for v in live.values()) % 997
    print("churn", checksum, len(live))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 4)
