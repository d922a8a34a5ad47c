"""Run bench/python/bm_*.py under several allocators; print a table.

Usage (bench/python/run.sh does this):
    python3 bench/python/run.py --python PYTHON --launcher LAUNCHER
        [--runs N] [--mimalloc LIB] [--only NAME,...] [--out FILE]

Configurations, all on the same libpython (PYTHON is the stock interpreter
linked against the libpython that LAUNCHER embeds):

    pymalloc   PYTHON                          CPython's own allocator
    objheap    LAUNCHER                        objheap for MEM and OBJ
    malloc     PYTHONMALLOC=malloc PYTHON      glibc malloc for everything
    mimalloc   PYTHONMALLOC=malloc LD_PRELOAD=libmimalloc.so.2 PYTHON
    launcher   PYTHONMALLOC=pymalloc LAUNCHER  the control: the launcher
                                               binary with pymalloc inside

mimalloc needs PYTHONMALLOC=malloc: preloading it replaces malloc(), but
pymalloc serves every request up to 512 bytes itself and would hide it.

Each program runs in its own process with -S (no site module: a .pth file
in site-packages would add its own start-up work to every run).  Runs are
interleaved (round r runs every program under every configuration) so
that a burst of load on the shared machine spreads over all of them.
Per run we take the wall time, the CPU time (user + system) and the peak
resident set (see run_measured for why through /usr/bin/time).  The table gives
medians and ratios to pymalloc, and geometric means over the programs.
A run whose output differs from pymalloc's is an error: every
configuration must compute the same result.
"""
import argparse
import glob
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def configs(python, launcher, mimalloc):
    return [
        ("pymalloc", [python], {}),
        ("objheap", [launcher], {}),
        ("malloc", [python], {"PYTHONMALLOC": "malloc"}),
        ("mimalloc", [python], {"PYTHONMALLOC": "malloc",
                                "LD_PRELOAD": mimalloc}),
        ("launcher", [launcher], {"PYTHONMALLOC": "pymalloc"}),
    ]


def run_measured(argv, extra_env, rss_file):
    """Run argv; return (wall s, cpu s, peak RSS KiB, stdout, status).

    The child runs under /usr/bin/time, which forks it from a process of
    about 2 MiB.  Measuring it directly would be wrong: Linux carries the
    peak RSS of the process image that exec replaces into the new image's
    ru_maxrss, and a child spawned from this runner starts out as a copy
    (or, with vfork, a share) of a 15 MiB Python process.  GNU time's %M
    is ru_maxrss of its own child, whose starting image is time's.  Wall
    time is ours; CPU time comes from wait4 on time, which includes the
    child it reaped."""
    env = dict(os.environ)
    for k in ("PYTHONMALLOC", "LD_PRELOAD", "OBJHEAP_STATS",
              "OBJHEAP_DEBUG", "PYTHONDEVMODE", "PYTHONTRACEMALLOC"):
        env.pop(k, None)
    env.update(extra_env)
    timed = ["/usr/bin/time", "-f", "%M", "-o", rss_file] + argv
    r, w = os.pipe()
    start = time.perf_counter()
    pid = os.posix_spawn(timed[0], timed, env,
                         file_actions=[(os.POSIX_SPAWN_DUP2, w, 1),
                                       (os.POSIX_SPAWN_CLOSE, r)])
    os.close(w)
    chunks = []
    while True:
        data = os.read(r, 65536)
        if not data:
            break
        chunks.append(data)
    os.close(r)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    with open(rss_file) as f:
        rss = int(f.read().split()[-1])
    return (wall, ru.ru_utime + ru.ru_stime, rss, b"".join(chunks),
            os.waitstatus_to_exitcode(status))


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--python", required=True)
    ap.add_argument("--launcher", required=True)
    ap.add_argument("--mimalloc",
                    default="/usr/lib/x86_64-linux-gnu/libmimalloc.so.2")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", default="")
    ap.add_argument("--out", default="")
    args = ap.parse_args()

    progs = sorted(glob.glob(os.path.join(HERE, "bm_*.py")))
    if args.only:
        wanted = set(args.only.split(","))
        progs = [p for p in progs
                 if os.path.basename(p)[3:-3] in wanted]
    cfgs = configs(os.path.abspath(args.python),
                   os.path.abspath(args.launcher), args.mimalloc)
    if not os.path.exists(args.mimalloc):
        print(f"run.py: {args.mimalloc} missing; skipping mimalloc",
              file=sys.stderr)
        cfgs = [c for c in cfgs if c[0] != "mimalloc"]
    names = [c[0] for c in cfgs]
    # results[prog][cfg] = list of (wall, cpu, rss)
    results = {p: {n: [] for n in names} for p in progs}
    expected = {}
    rss_file = os.path.join(tempfile.mkdtemp(prefix="bench-python-"), "rss")
    for rnd in range(args.runs):
        for prog in progs:
            for name, argv, env in cfgs:
                wall, cpu, rss, out, rc = run_measured(
                    argv + ["-S", prog], env, rss_file)
                short = os.path.basename(prog)[3:-3]
                if rc != 0:
                    sys.exit(f"run.py: {short} under {name} exited {rc}")
                if expected.setdefault(prog, out) != out:
                    sys.exit(f"run.py: {short} under {name} printed "
                             f"{out!r}, pymalloc printed {expected[prog]!r}")
                results[prog][name].append((wall, cpu, rss))
        print(f"run.py: round {rnd + 1}/{args.runs} done", file=sys.stderr)

    med = {p: {n: tuple(statistics.median(x[i] for x in results[p][n])
                        for i in range(3))
               for n in names} for p in progs}
    lines = []
    emit = lines.append
    head = "| program | " + " | ".join(names) + " |"
    rule = "|---|" + "---:|" * len(names)
    for title, idx, fmt in (("Wall time, seconds (median of %d runs); "
                             "ratio to pymalloc" % args.runs, 0, "%.3f"),
                            ("CPU time (user + system), seconds (median); "
                             "ratio to pymalloc", 1, "%.3f"),
                            ("Peak resident memory, MiB (median); ratio "
                             "to pymalloc", 2, None)):
        emit("")
        emit(f"**{title}**")
        emit("")
        emit(head)
        emit(rule)
        ratios = {n: [] for n in names}
        for p in progs:
            base = med[p]["pymalloc"][idx]
            cells = []
            for n in names:
                v = med[p][n][idx]
                ratios[n].append(v / base)
                shown = (fmt % v) if fmt else "%.1f" % (v / 1024)
                cells.append(shown if n == "pymalloc"
                             else "%s (%.2f)" % (shown, v / base))
            emit(f"| {os.path.basename(p)[3:-3]} | " + " | ".join(cells)
                 + " |")
        # Four decimals: the targets (no slower, no more memory) are
        # decided near 1.000, where three left ties.
        emit("| **geometric mean of ratios** | " + " | ".join(
            "%.4f" % geomean(ratios[n]) for n in names) + " |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
