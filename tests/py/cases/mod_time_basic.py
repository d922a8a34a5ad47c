# time.time returns a float; sleep(0) returns None.
import time
t = time.time()
print(type(t).__name__, t > 1.6e9)
print(time.sleep(0))
t2 = time.time()
print(t2 >= t, isinstance(t2 - t, float))
