# random's distributions and helpers reproduce CPython's numbers for a seed.
import random
random.seed(2024)
print(random.normalvariate(), random.normalvariate(10, 2), random.lognormvariate(0, 0.5))
print(random.gauss(), random.gauss(), random.gauss(5, 1))
print(random.expovariate(2), random.vonmisesvariate(1.0, 4.0), random.vonmisesvariate(0, 0))
print(random.gammavariate(0.5, 2), random.gammavariate(1.0, 3), random.gammavariate(7.5, 1))
print(random.betavariate(2, 5), random.paretovariate(2.5), random.weibullvariate(1.5, 3))
print(random.triangular(), random.triangular(0, 10), random.triangular(0, 10, 9), random.uniform(5, 1))
print(random.choices("abcde", weights=(5, 1, 1, 1, 10), k=8))
print(random.choices(range(6), cum_weights=(1, 2, 3, 4, 5, 100), k=5))
print(random.sample(range(1000), 8), random.sample("abcdefgh", 3))
print(random.sample(["red", "blue"], counts=[4, 2], k=5))
deck = list(range(30)); random.shuffle(deck); print(deck)
print(random.randrange(-50, 50, 5), random.randrange(100, 0, -7), random.randint(10**30, 10**30 + 5))
print(random.getrandbits(1), random.getrandbits(33), random.getrandbits(100), random.randbytes(6).hex())
r1 = random.Random("seed"); r2 = random.Random("seed")
print(r1.random() == r2.random(), r1.randint(1, 6), r1.choice(["x", "y", "z"]))
st = random.getstate(); a = [random.random() for _ in range(3)]; random.setstate(st)
print(a == [random.random() for _ in range(3)])
random.seed(1.5); print(random.random())
random.seed(b"\x00\x01"); print(random.random())
random.seed(bytearray(b"ab")); print(random.random())
class Loaded(random.Random):
    def random(self):
        return 0.75
lo = Loaded(3)
print(lo.random(), lo.randrange(100), lo.choice("abcd"), lo.uniform(0, 4), lo.sample(range(10), 3))
for bad in ("random.randrange(0)", "random.randrange(3, 3)", "random.randrange(1, 5, 0)",
            "random.choice([])", "random.sample(range(3), 4)", "random.sample({1, 2}, 1)",
            "random.choices('ab', weights=(1,), k=2)", "random.choices('ab', 3)",
            "random.gammavariate(-1, 1)", "random.seed([1])", "random.getrandbits(-1)"):
    try:
        print(bad, eval(bad))
    except (ValueError, TypeError, IndexError) as e:
        print(bad, type(e).__name__, e)
