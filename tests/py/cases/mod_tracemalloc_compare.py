# Comparing two snapshots finds the line that grew.
import tracemalloc
tracemalloc.start()
before = tracemalloc.take_snapshot()
grown = [str(i) * 10 for i in range(5000)]
after = tracemalloc.take_snapshot()
tracemalloc.stop()
diffs = after.compare_to(before, "lineno")
top = diffs[0]
print(top.traceback[0].lineno, top.size_diff > 50000, top.count_diff >= 5000)
