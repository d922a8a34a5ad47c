"""The seed tutorials' examples, run in a loop, written for objheap's
suite.

Every program of tests/py/cases/seed_*.py (the Python examples of the
tutorials in /work/shared/seeds/, verbatim, and the companions that run
what the tutorials meant) is compiled and run with exec() in a fresh
namespace, round after round, with print and id replaced by functions
that record what the program prints (ids as small numbers by first
appearance, since addresses differ).  The examples that are not valid
Python record their SyntaxError or IndentationError, and the fragments
their NameError.  The tutorials' own subjects are exercised: lists of a
million items and their concatenation, reference cycles collected by
gc.collect(), thresholds set and read.  Automatic collection is off
while the examples run, so what gc.collect() finds does not depend on
when an implementation's thresholds happen to fire.

Usage: bm_seeds.py [N]   N rounds (default 35).
Prints the last round's output of each example and a length checksum.
"""
import gc
import sys

SEEDS = [
    "seed_0_c_new_int", "seed_0_c_static", "seed_0_del_aa",
    "seed_0_del_aa_intended", "seed_0_gc_thresholds",
    "seed_0_gc_thresholds_intended",
    "seed_1_assign", "seed_1_func_def", "seed_1_func_final_value",
    "seed_1_id_x", "seed_1_id_x_plus_1", "seed_1_id_xy", "seed_1_id_xyz",
    "seed_1_main_only",
    "seed_3_memory_usage", "seed_3_memory_usage_reflowed",
    "seed_4_create_cycle", "seed_4_create_cycle_session",
    "seed_4_del_x", "seed_4_del_x_session", "seed_4_gc_collect",
    "seed_4_gc_main", "seed_4_gc_main_intended",
    "seed_4_get_threshold_intended", "seed_4_import_gc",
    "seed_4_set_threshold",
]


def cases_folder():
    here = __file__.rsplit("/", 1)[0] if "/" in __file__ else "."
    return here + "/../../tests/py/cases"


def load():
    folder = cases_folder()
    sources = []
    for name in SEEDS:
        with open(folder + "/" + name + ".py", "rb") as f:
            sources.append((name, f.read().decode("utf-8")))
    return sources


def run_one(name, source):
    """Compile and run one example; return the lines it printed."""
    out = []
    ids = {}

    def fake_print(*args, sep=" ", end="\n"):
        out.append(sep.join(str(a) for a in args) + end)

    def fake_id(obj):
        return ids.setdefault(id(obj), len(ids) + 1)

    ns = {"__name__": "__main__", "print": fake_print, "id": fake_id}
    try:
        exec(compile(source, name + ".py", "exec"), ns)
    except SyntaxError as e:
        out.append("%s: %s (line %s)\n" % (type(e).__name__, e.msg, e.lineno))
    except NameError as e:
        out.append("NameError: %s\n" % e)
    ns.clear()
    return "".join(out)


def main(n):
    sources = load()
    threshold = gc.get_threshold()
    gc.collect()
    gc.disable()
    total = 0
    last = []
    for _ in range(n):
        last = []
        for name, source in sources:
            text = run_one(name, source)
            gc.set_threshold(*threshold)
            total += len(text)
            last.append((name, text))
    gc.enable()
    for name, text in last:
        print("==", name)
        print(text, end="")
    print("seeds", n, len(sources), total)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 35)
