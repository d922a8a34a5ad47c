"""Generators and closures, written for objheap's suite.

Lazy pipelines of generator functions and generator expressions over
itertools (a sieve of primes by stacked filters, running sums, a
moving window), a tree walked by recursive `yield from`, coroutines
driven by send(), closures built and called by the thousand (counters
with nonlocal state, composed functions, a decorator that counts
calls), and generators abandoned half-way and closed.  Measures the
creation, resumption and destruction of generator frames, cells and
function objects.

Usage: bm_generators.py [N]   N rounds (default 600).
Prints a checksum per kind of work, summed over the rounds.
"""
import functools
import itertools
import sys


def naturals(start):
    n = start
    while True:
        yield n
        n += 1


def primes():
    """The unfaithful sieve: a stack of filtering generators."""
    stream = naturals(2)
    while True:
        p = next(stream)
        yield p
        stream = (x for x in stream if x % p)


def window(it, size):
    buf = []
    for x in it:
        buf.append(x)
        if len(buf) == size:
            yield tuple(buf)
            del buf[0]


def walk(tree):
    """In-order walk of nested (left, value, right) tuples."""
    if tree is None:
        return
    left, value, right = tree
    yield from walk(left)
    yield value
    yield from walk(right)


def build(lo, hi):
    if lo >= hi:
        return None
    mid = (lo + hi) // 2
    return (build(lo, mid), mid, build(mid + 1, hi))


def averager():
    total = count = 0
    avg = None
    while True:
        x = yield avg
        if x is None:
            return total
        total += x
        count += 1
        avg = total // count


def make_counter(step):
    n = 0

    def bump():
        nonlocal n
        n += step
        return n
    return bump


def compose(*fs):
    def run(x):
        for f in reversed(fs):
            x = f(x)
        return x
    return run


def counted(f):
    @functools.wraps(f)
    def wrapper(*args):
        wrapper.calls += 1
        return f(*args)
    wrapper.calls = 0
    return wrapper


@counted
def scale(x, k=3):
    return x * k


def closed_early():
    try:
        for i in range(1000):
            yield i
    finally:
        closed_early.closed += 1


closed_early.closed = 0


def one_round(r):
    sums = [0, 0, 0, 0, 0]
    sums[0] = sum(itertools.islice(primes(), 60 + r % 7))
    evens = (x * x for x in range(3000) if x % 2 == 0)
    sums[1] = sum(a * b - c for a, b, c in window(
        itertools.accumulate(evens), 3)) % 1000000007
    tree = build(0, 500 + r)
    sums[2] = sum(v for v in walk(tree) if v % 3 == 0)
    co = averager()
    next(co)
    last = 0
    for x in range(1, 400):
        last = co.send(x * x)
    try:
        co.send(None)
    except StopIteration as stop:
        sums[3] = last + stop.value
    counters = [make_counter(k) for k in range(1, 40)]
    f = compose(lambda x: x + 1, scale, lambda x: x - r)
    acc = 0
    for i in range(150):
        for c in counters:
            acc += c()
        acc += f(i)
    for i in range(20):
        g = closed_early()
        for x in g:
            if x > i:
                break
        g.close()
    groups = itertools.groupby(sorted(range(300), key=lambda x: x % 7),
                               key=lambda x: x % 7)
    acc += sum(k * len(list(g)) for k, g in groups)
    sums[4] = acc
    return sums


def main(n):
    totals = [0, 0, 0, 0, 0]
    for r in range(n):
        for i, s in enumerate(one_round(r)):
            totals[i] += s
    print("generators", n, *totals)
    print("calls", scale.calls, scale.__name__, closed_early.closed)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 600)
