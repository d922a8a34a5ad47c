import gc
n = gc.collect()
print("Number of unreachable objects collected by GC:", n)
