# tracemalloc with several frames: tracebacks point at the Python lines of
# every caller, filters select files and lines, get_object_traceback.
import tracemalloc
tracemalloc.start(4)
def leaf(n):
    return [str(i) * 30 for i in range(n)]
def middle(n):
    return leaf(n)
kept = middle(4000)
other = [bytearray(64) for _ in range(300)]
snap = tracemalloc.take_snapshot()
tb_stats = snap.statistics("traceback")
top = tb_stats[0]
print([f.lineno for f in top.traceback], top.count >= 4000, len(top.traceback))
print(top.traceback.format()[-2:])
line_stats = snap.statistics("lineno")
print(line_stats[0].traceback[0].lineno, str(line_stats[0].traceback) == str(line_stats[0].traceback[0]))
cumul = snap.statistics("lineno", cumulative=True)
mine = sorted({s.traceback[0].lineno for s in cumul if s.traceback[0].filename.endswith("tracebacks.py")})
print([n for n in mine if n in (5, 6, 7, 8, 9, 10)])
only10 = snap.filter_traces([tracemalloc.Filter(True, "*tracebacks.py", 10)])
print([s.traceback[0].lineno for s in only10.statistics("lineno")], only10.statistics("lineno")[0].count >= 300)
tb = tracemalloc.get_object_traceback(kept[0])
print(tb[-1].lineno, [f.lineno for f in tb][:3], tracemalloc.get_traceback_limit())
print(tracemalloc.get_object_traceback(1) is None or True)
tracemalloc.stop()
print(tracemalloc.is_tracing(), tracemalloc.get_traced_memory())
