"""bench/py/run.py -- `make bench-py`: the programs of bench/py/ under
objheap's interpreter and under CPython 3.11, side by side (issue 14).

Run by CPython (the Makefile runs it with the interpreter it compares
against); it needs GNU time (/usr/bin/time), which the Makefile
installs when it is missing.

What it does:
  - runs every program listed in bench/py/programs at its default size,
    once under `OBJHEAP run` and once under PYTHON, for ROUNDS rounds;
    within a round the two alternate which goes first, so a slow
    stretch of a shared machine falls on both;
  - measures each run's wall time (perf_counter around the child),
    CPU time (user + system) and peak resident memory (ru_maxrss), the
    last two through /usr/bin/time -f, whose own small process forks
    the interpreter: a child forked from this Python process would
    report the parent's resident size as its peak;
  - checks that both printed the same output (the checksums): a program
    that differs, or exits non-zero, is marked in the table and makes
    the exit status 1;
  - times start-up: `OBJHEAP run -c pass` against `PYTHON -c pass`,
    STARTUP runs each, interleaved, with the cost of starting /bin/true
    the same way for scale;
  - prints a Markdown table of the medians, each with its ratio to
    CPython's (below 1.00 objheap is faster or smaller) and the
    geometric mean of the ratios, and writes it to OUT.

Usage: python3 bench/py/run.py [--objheap build/objheap] [--python PY]
           [--rounds 3] [--only NAME,NAME] [--startup 20] [--out FILE]
Every child runs from the repository root in a fixed environment (as
tests/py runs its cases), with PYTHONHASHSEED=0.
"""
import argparse
import datetime
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GNU_TIME = "/usr/bin/time"
ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/nonexistent",
       "PYTHONHASHSEED": "0", "PYTHONIOENCODING": "utf-8",
       "LC_ALL": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1", "TZ": "UTC"}


def programs(only):
    """The names listed in bench/py/programs, in order."""
    names = []
    with open(os.path.join(HERE, "programs")) as f:
        for line in f:
            words = line.split("#", 1)[0].split()
            if words:
                names.append(words[0])
    if only:
        wanted = only.split(",")
        unknown = [w for w in wanted if w not in names]
        if unknown:
            sys.exit("run.py: not in bench/py/programs: " + ", ".join(unknown))
        names = [n for n in names if n in wanted]
    return names


def measure(argv, stats_file):
    """Run argv under GNU time; return (wall s, cpu s, peak KiB, exit
    status, stdout)."""
    start = time.perf_counter()
    proc = subprocess.run([GNU_TIME, "-f", "%U %S %M %x", "-o", stats_file]
                          + argv, cwd=ROOT, env=ENV, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    with open(stats_file) as f:
        # GNU time writes "Command exited with non-zero status N" first
        # when the status is not 0: the numbers are on the last line.
        user, system, peak, status = f.read().split("\n")[-2].split()
    if proc.returncode != 0 and proc.stderr:
        sys.stderr.write(proc.stderr.decode(errors="replace")[-2000:])
    return (wall, float(user) + float(system), int(peak), int(status),
            proc.stdout)


def wall_only(argv):
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs))


def ratio(a, b):
    return a / b if b else float("nan")


def fmt_row(cells):
    return "| " + " | ".join(cells) + " |"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--objheap", default="build/objheap")
    ap.add_argument("--python", default="python3")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", default="")
    ap.add_argument("--startup", type=int, default=20)
    ap.add_argument("--out", default="build/bench-py.md")
    args = ap.parse_args()

    # The interpreter itself, not a launcher in front of it (a pyenv
    # shim is a shell script: it would add its own start-up and memory).
    python = subprocess.run(
        [args.python, "-c", "import sys, platform; print(sys.executable); "
         "print(platform.python_implementation(), platform.python_version())"],
        env=dict(os.environ), stdout=subprocess.PIPE, check=True,
        text=True).stdout.split("\n")
    py_exe, py_version = python[0], python[1]
    if not py_version.startswith("CPython 3.11"):
        print("run.py: warning: %s is %s, not CPython 3.11"
              % (py_exe, py_version), file=sys.stderr)
    objheap = os.path.join(ROOT, args.objheap)
    names = programs(args.only)
    configs = [("objheap", [objheap, "run"]), ("python3", [py_exe])]

    fd, stats_file = tempfile.mkstemp(prefix="bench-py-")
    os.close(fd)
    # results[name][config] = list of (wall, cpu, peak)
    results = {n: {c: [] for c, _ in configs} for n in names}
    failed = {}
    started = datetime.datetime.now(datetime.timezone.utc)
    try:
        for r in range(args.rounds):
            for i, name in enumerate(names):
                order = configs if (r + i) % 2 == 0 else configs[::-1]
                outputs = {}
                for label, argv in order:
                    prog = os.path.join("bench", "py", name + ".py")
                    wall, cpu, peak, status, out = measure(argv + [prog],
                                                           stats_file)
                    results[name][label].append((wall, cpu, peak))
                    outputs[label] = (status, out)
                    if status != 0:
                        failed[name] = "%s exited with %d" % (label, status)
                if (name not in failed
                        and outputs["objheap"][1] != outputs["python3"][1]):
                    failed[name] = "output differs from CPython's"
                o = results[name]["objheap"][-1]
                p = results[name]["python3"][-1]
                print("round %d/%d %-18s objheap %6.3f s  python3 %6.3f s%s"
                      % (r + 1, args.rounds, name, o[0], p[0],
                         "  FAILED: " + failed[name] if name in failed
                         else ""), file=sys.stderr)
        startup = {"objheap": [], "python3": [], "true": []}
        argvs = {"objheap": [objheap, "run", "-c", "pass"],
                 "python3": [py_exe, "-c", "pass"], "true": ["/bin/true"]}
        for k in range(args.startup):
            for label in (("objheap", "python3", "true") if k % 2 == 0
                          else ("python3", "objheap", "true")):
                startup[label].append(wall_only(argvs[label]))
        startup_rss = {label: measure(argvs[label], stats_file)[2]
                       for label in ("objheap", "python3")}
    finally:
        os.unlink(stats_file)

    lines = []
    lines.append("`make bench-py` %s UTC, %d rounds, medians; ratio = "
                 "objheap / CPython (below 1.00 objheap is faster or "
                 "smaller). objheap %s (git %s), CPython %s (%s), %s."
                 % (started.strftime("%Y-%m-%d %H:%M"), args.rounds,
                    args.objheap, git_head(), py_version.split()[1], py_exe,
                    machine()))
    lines.append("")
    lines.append(fmt_row(["program", "wall objheap", "wall CPython", "ratio",
                          "CPU objheap", "CPU CPython", "ratio",
                          "peak RSS objheap", "peak RSS CPython", "ratio"]))
    lines.append("|---|" + "---:|" * 9)
    ratios = ([], [], [])
    for name in names:
        med = {}
        for label, _ in configs:
            rows = results[name][label]
            med[label] = [statistics.median(x[k] for x in rows)
                          for k in range(3)]
        o, p = med["objheap"], med["python3"]
        rs = [ratio(o[k], p[k]) for k in range(3)]
        if name not in failed:
            for k in range(3):
                ratios[k].append(rs[k])
        label = name[3:] if name.startswith("bm_") else name
        if name in failed:
            label += " (FAILED: %s)" % failed[name]
        lines.append(fmt_row([
            label,
            "%.3f s" % o[0], "%.3f s" % p[0], "%.2f" % rs[0],
            "%.3f s" % o[1], "%.3f s" % p[1], "%.2f" % rs[1],
            "%.1f MiB" % (o[2] / 1024), "%.1f MiB" % (p[2] / 1024),
            "%.2f" % rs[2]]))
    means = ["**%.2f**" % geomean(r) if r else "n/a" for r in ratios]
    lines.append(fmt_row(["**geometric mean**", "", "", means[0], "", "",
                          means[1], "", "", means[2]]))
    lines.append("")
    so, sp = (statistics.median(startup[k]) for k in ("objheap", "python3"))
    st = statistics.median(startup["true"])
    lines.append("Start-up (`-c pass`, median of %d interleaved runs, wall "
                 "time as seen by the parent, which includes starting a "
                 "process: /bin/true takes %.1f ms the same way): objheap "
                 "%.1f ms, CPython %.1f ms (ratio %.2f); peak RSS objheap "
                 "%.1f MiB, CPython %.1f MiB (ratio %.2f)."
                 % (args.startup, st * 1e3, so * 1e3, sp * 1e3,
                    ratio(so, sp), startup_rss["objheap"] / 1024,
                    startup_rss["python3"] / 1024,
                    ratio(startup_rss["objheap"], startup_rss["python3"])))
    if failed:
        lines.append("")
        lines.append("Failed (left out of the geometric means): "
                     + "; ".join("%s: %s" % kv for kv in failed.items()))
    text = "\n".join(lines) + "\n"
    print(text, end="")
    out = os.path.join(ROOT, args.out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as f:
        f.write(text)
    return 1 if failed else 0


def git_head():
    """The commit built, marked "+changes" when the interpreter's sources
    differ from it (a shared checkout often holds work in progress)."""
    def git(*argv):
        return subprocess.run(("git",) + argv, cwd=ROOT,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL,
                              text=True).stdout.strip()
    try:
        head = git("rev-parse", "--short", "HEAD") or "?"
        if git("status", "--porcelain", "--untracked-files=no", "--",
               "src", "include", "tools", "Makefile"):
            head += "+changes"
        return head
    except OSError:
        return "?"


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%s, %d CPUs" % (cpu, os.cpu_count() or 0)


if __name__ == "__main__":
    sys.exit(main())
