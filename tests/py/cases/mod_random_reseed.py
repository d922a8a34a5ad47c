# Reseeding repeats the sequence; int, str and big-int seeds; Random
# instances, getstate/setstate, sample, getrandbits, choices, expovariate.
import random
random.seed(12345)
first = [random.random() for _ in range(3)]
random.seed(12345)
second = [random.random() for _ in range(3)]
print(first == second, first)
random.seed(0)
print(random.random(), random.randint(0, 10 ** 20))
random.seed("a string seed")
print(random.random())
random.seed(2 ** 100)
print(random.random())
r = random.Random(7)
print(r.random(), r.choice("xyz"), r.randint(-10, 10))
state = r.getstate()
x = r.random()
r.setstate(state)
print(r.random() == x)
random.seed(99)
print(random.choices(range(10), k=5), random.expovariate(1.0))
random.seed(42)
print(random.sample(range(100), 5), random.getrandbits(64))
