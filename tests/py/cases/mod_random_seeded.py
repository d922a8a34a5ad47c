# random with a fixed seed reproduces CPython's Mersenne Twister exactly.
import random
random.seed(42)
print(random.random(), random.random())
print([random.randint(1, 100) for _ in range(10)])
print([random.randrange(0, 1000, 7) for _ in range(5)], random.randrange(10))
print(random.choice("abcdefg"), random.choice([10, 20, 30]), random.choice(range(1000)))
deck = list(range(20))
random.shuffle(deck)
print(deck)
print(random.uniform(1, 10), random.uniform(-5, 5))
print(random.gauss(0, 1), random.gauss(100, 15))
