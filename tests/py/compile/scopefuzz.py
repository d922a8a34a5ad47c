#!/usr/bin/env python3
"""Random nested scopes, run by python3 and by build/objheap run.

    scopefuzz.py [COUNT [SEED]]

Each program nests defs, classes, lambdas and comprehensions that bind,
read, delete and declare (global, nonlocal) names from a small pool, and
prints what every read finds -- or the NameError/UnboundLocalError it
raises.  Programs python3 rejects must be rejected with the same
SyntaxError (message and line).  Compares stdout, the exit status and
stderr without the caret lines; keeps the first differing programs in
/tmp/scopefuzz-N.py and exits 1 if any differed.
"""
import os
import random
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OBJHEAP = os.path.join(HERE, "..", "..", "..", "build", "objheap")
NAMES = ["a", "b", "c"]


class Gen:
    def __init__(self, rng):
        self.rng = rng
        self.n = 0

    def read(self, p):
        self.n += 1
        v = self.rng.choice(NAMES)
        return [p + "try:", p + "    out(%d, %s)" % (self.n, v),
                p + "except NameError as e:",
                p + "    out(%d, type(e).__name__, str(e))" % self.n]

    def body(self, depth, ind, kind):
        r = self.rng
        p = "    " * ind
        out = []
        if kind == "def" and r.random() < 0.3:
            out.append(p + "%s %s" % (r.choice(["global", "nonlocal"]),
                                      r.choice(NAMES)))
        for _ in range(r.randint(1, 4)):
            c = r.random()
            if c < 0.3:
                out += self.read(p)
            elif c < 0.5:
                self.n += 1
                out.append(p + "%s = %d" % (r.choice(NAMES), self.n))
            elif c < 0.55:
                v = r.choice(NAMES)
                out += [p + "try:", p + "    del %s" % v,
                        p + "except NameError as e:",
                        p + "    out('del', type(e).__name__, str(e))"]
            elif c < 0.65:
                self.n += 1
                v = r.choice(NAMES)
                out.append(p + "out(%d, [%s for %s in range(2)], %s)"
                           % (self.n, r.choice(NAMES), r.choice(NAMES),
                              "'-'"))
                out.append(p + "out(%d, [(%s := 7) for _ in range(1)])"
                           % (self.n, v) if kind != "class" else p + "pass")
            elif c < 0.72:
                self.n += 1
                out.append(p + "f%d = lambda: %s" % (self.n,
                                                     r.choice(NAMES)))
                out += [p + "try:", p + "    out(%d, f%d())" % (self.n,
                                                               self.n),
                        p + "except NameError as e:",
                        p + "    out(%d, type(e).__name__, str(e))" % self.n]
            elif depth > 0:
                self.n += 1
                k = r.choice(["def", "def", "class"])
                name = "%s%d" % ("g" if k == "def" else "K", self.n)
                if k == "def":
                    out.append(p + "def %s():" % name)
                    out += self.body(depth - 1, ind + 1, "def")
                    out.append(p + "    return 0")
                    out += [p + "try:", p + "    %s()" % name,
                            p + "except NameError as e:",
                            p + "    out('call', type(e).__name__, str(e))"]
                else:
                    out.append(p + "class %s:" % name)
                    out += self.body(depth - 1, ind + 1, "class")
                    out.append(p + "    x_ = 0")
        return out

    def program(self):
        lines = ["def out(*args):", "    print(*args)"]
        if self.rng.random() < 0.5:
            lines.append("a = 'global a'")
        lines += self.body(4, 0, "module")
        return "\n".join(lines) + "\n"


def run(cmd, path):
    for attempt in range(30):
        try:
            p = subprocess.run(cmd + [path], capture_output=True, text=True,
                               timeout=60, cwd=os.path.dirname(path))
            err = "\n".join(l for l in p.stderr.splitlines()
                            if not re.fullmatch(r" *[~^]+ *", l))
            return p.returncode, p.stdout, err.replace(path, "P")
        except OSError:
            time.sleep(2)               # the binary is being rebuilt
    raise SystemExit("scopefuzz: cannot run %s" % cmd[0])


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    bad = 0
    syntax = 0
    for n in range(count):
        src = Gen(random.Random(seed * 100003 + n)).program()
        path = "/tmp/scopefuzz-%d.py" % n
        with open(path, "w") as f:
            f.write(src)
        want = run([sys.executable], path)
        got = run([OBJHEAP, "run"], path)
        syntax += "SyntaxError" in want[2]
        if want != got:
            bad += 1
            if bad <= 3:
                print("DIFFER %s\n--- python3 (%d)\n%s%s\n--- objheap (%d)"
                      "\n%s%s" % (path, want[0], want[1][-600:],
                                  want[2][-600:], got[0], got[1][-600:],
                                  got[2][-600:]))
            continue
        os.unlink(path)
    print("scopefuzz: %d programs (%d SyntaxErrors), %d differ"
          % (count, syntax, bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
