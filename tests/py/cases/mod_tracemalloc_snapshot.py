# tracemalloc snapshot statistics point at the line that allocated most.
import tracemalloc
tracemalloc.start()
small = [0] * 10
big = [None] * 200000
snapshot = tracemalloc.take_snapshot()
tracemalloc.stop()
stats = snapshot.statistics("lineno")
top = stats[0]
frame = top.traceback[0]
print(frame.lineno, frame.filename.endswith("mod_tracemalloc_snapshot.py"))
print(top.size >= 200000 * 8, top.count >= 1)
print(type(stats).__name__, type(top).__name__)
