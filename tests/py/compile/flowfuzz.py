#!/usr/bin/env python3
"""Random control flow, run by python3 and by build/objheap run.

    flowfuzz.py [COUNT [SEED]]

Writes COUNT random programs (default 200) of nested for/while loops,
try/except/else/finally, with blocks (some suppressing), break, continue,
return, raise and generators, each logging the path it takes; runs each
with both interpreters and compares their output.  What it exercises is
the compiler's hardest part: unwinding through finally bodies and
__exit__ calls, and the exception table's handlers and depths.  Prints
the first programs that differ (kept in /tmp/flowfuzz-N.py) and exits 1
if any did.
"""
import os
import random
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OBJHEAP = os.path.join(HERE, "..", "..", "..", "build", "objheap")

PRELUDE = '''
log = []
class CM:
    def __init__(self, name, suppress):
        self.name, self.suppress = name, suppress
    def __enter__(self):
        log.append("enter " + self.name)
        return self.name
    def __exit__(self, t, v, tb):
        log.append("exit %s %s" % (self.name, t.__name__ if t else "-"))
        return self.suppress
class E1(Exception): pass
class E2(Exception): pass
'''


class Gen:
    def __init__(self, rng):
        self.rng = rng
        self.n = 0

    def tag(self):
        self.n += 1
        return self.n

    def block(self, depth, ind, loop, func, gen):
        """A few statements at indentation ind."""
        out = []
        for _ in range(self.rng.randint(1, 3)):
            out.extend(self.stmt(depth, ind, loop, func, gen))
        return out

    def stmt(self, depth, ind, loop, func, gen):
        r = self.rng
        p = "    " * ind
        t = self.tag()
        simple = [p + "log.append(%d)" % t]
        if loop:
            simple += [p + "if i == %d: break" % r.randint(0, 2),
                       p + "if i == %d: continue" % r.randint(0, 2)]
        if func:
            simple += [p + "if i == %d: return %d" % (r.randint(0, 2), t)]
        if gen:
            simple += [p + "x = yield %d" % t]
        simple += [p + "if i == %d: raise E%d(%d)" % (r.randint(0, 2),
                                                      r.randint(1, 2), t)]
        if depth <= 0 or r.random() < 0.35:
            return [r.choice(simple)]
        kind = r.choice(["for", "while", "try", "tryfin", "with", "if"])
        d = depth - 1
        if kind == "for":
            out = [p + "for i in range(3):"]
            out += self.block(d, ind + 1, True, func, gen)
            if r.random() < 0.3:
                out += [p + "else:"]
                out += self.block(d, ind + 1, loop, func, gen)
            return out
        if kind == "while":
            v = "w%d" % t
            out = [p + "%s = 0" % v, p + "while %s < 3:" % v,
                   p + "    i = %s" % v, p + "    %s += 1" % v]
            out += self.block(d, ind + 1, True, func, gen)
            return out
        if kind == "try":
            out = [p + "try:"]
            out += self.block(d, ind + 1, loop, func, gen)
            name = r.choice(["", " as e"])
            out += [p + "except %s%s:" % (r.choice(["E1", "E2",
                                                    "(E1, E2)"]), name)]
            out += [p + "    log.append('caught %d')" % t]
            out += self.block(d, ind + 1, loop, func, gen)
            if r.random() < 0.3:
                out += [p + "else:"]
                out += self.block(d, ind + 1, loop, func, gen)
            if r.random() < 0.5:
                out += [p + "finally:"]
                out += self.block(d, ind + 1, loop, func, gen)
            return out
        if kind == "tryfin":
            out = [p + "try:"]
            out += self.block(d, ind + 1, loop, func, gen)
            out += [p + "finally:", p + "    log.append('fin %d')" % t]
            if r.random() < 0.4:
                out += self.block(d, ind + 1, loop, func, gen)
            return out
        if kind == "with":
            out = [p + "with CM('c%d', %s) as n%d:" % (t, r.random() < 0.4,
                                                      t)]
            out += self.block(d, ind + 1, loop, func, gen)
            return out
        out = [p + "if i %% 2 == %d:" % r.randint(0, 1)]
        out += self.block(d, ind + 1, loop, func, gen)
        out += [p + "else:"]
        out += self.block(d, ind + 1, loop, func, gen)
        return out

    def program(self):
        r = self.rng
        lines = [PRELUDE]
        nfuncs = r.randint(1, 3)
        for k in range(nfuncs):
            gen = r.random() < 0.3
            lines.append("def f%d(i):" % k)
            lines.append("    log.append('start f%d')" % k)
            lines += self.block(4, 1, False, True, gen)
            lines.append("    return 'end'")
            lines.append("for a in range(4):")
            lines.append("    log.clear()")
            lines.append("    try:")
            if gen and r.random() < 0.5:
                lines.append("        r = list(f%d(a))" % k)
            elif gen:
                # Two items, then the generator is closed (GeneratorExit
                # through its finally bodies and __exit__ calls).
                lines.append("        g = f%d(a)" % k)
                lines.append("        r = [next(g, 'x'), next(g, 'x')]")
                lines.append("        g.close()")
            else:
                lines.append("        r = f%d(a)" % k)
            lines.append("    except Exception as e:")
            lines.append("        r = '%s %s %r %r' % (type(e).__name__, "
                         "e, e.__context__, e.__cause__)")
            lines.append("    print(%d, a, r, log)" % k)
        return "\n".join(lines) + "\n"


def run(cmd, path):
    for attempt in range(30):
        try:
            p = subprocess.run(cmd + [path], capture_output=True, text=True,
                               timeout=60)
            return p.returncode, p.stdout, p.stderr
        except OSError:
            time.sleep(2)               # the binary is being rebuilt
    raise SystemExit("flowfuzz: cannot run %s" % cmd[0])


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    bad = 0
    for n in range(count):
        src = Gen(random.Random(seed * 100003 + n)).program()
        path = "/tmp/flowfuzz-%d.py" % n
        with open(path, "w") as f:
            f.write(src)
        want = run([sys.executable], path)
        got = run([OBJHEAP, "run"], path)
        if want[0] != 0 and "SyntaxError" in want[2]:
            os.unlink(path)
            continue                    # e.g. 'continue' in a finally
        # stdout holds every path taken; stderr only has "Exception
        # ignored" reports (a generator that yields in a finally while
        # closed), which print addresses.
        if want[:2] != got[:2]:
            bad += 1
            if bad <= 3:
                print("DIFFER %s\n--- python3 (%d)\n%s%s--- objheap (%d)\n"
                      "%s%s" % (path, want[0], want[1][-800:],
                                want[2][-800:], got[0], got[1][-800:],
                                got[2][-800:]))
            continue
        os.unlink(path)
    print("flowfuzz: %d programs, %d differ" % (count, bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
