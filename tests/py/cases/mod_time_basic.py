# time.time returns a float; sleep(0) returns None; monotonic does not go back.
import time
t = time.time()
print(type(t).__name__, t > 1.6e9)
print(time.sleep(0))
a = time.monotonic()
b = time.monotonic()
print(b >= a, type(time.perf_counter()).__name__)
print(type(time.time_ns()).__name__)
