# Many code objects whose file names are equal but distinct str objects,
# all allocating while tracemalloc traces.
import tracemalloc
tracemalloc.start()
codes = []
keep = []
for i in range(300):
    name = "".join(["gen", "erated.py"])    # a new str each time, same text
    code = compile("keep.append([0] * 10)", name, "exec")
    codes.append(code)
    exec(code)
snap = tracemalloc.take_snapshot()
stats = [s for s in snap.statistics("filename")
         if s.traceback[0].filename == "generated.py"]
print(len(keep), len(stats), stats[0].count >= 300)
tracemalloc.stop()
