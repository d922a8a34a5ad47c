# tracemalloc: start, is_tracing, get_traced_memory, stop.
import tracemalloc
print(tracemalloc.is_tracing())
tracemalloc.start()
print(tracemalloc.is_tracing())
data = [bytes(1000) for _ in range(100)]
current, peak = tracemalloc.get_traced_memory()
print(current > 100000, peak >= current)
del data
current2, peak2 = tracemalloc.get_traced_memory()
print(current2 < current, peak2 >= current)
tracemalloc.stop()
print(tracemalloc.is_tracing(), tracemalloc.get_traced_memory())
