#!/usr/bin/env python3
"""Check the data `objheap run --show-memory` records against the program.

Usage: tests/py/showmem_check.py [--browser] OBJHEAP [WORKDIR]
  OBJHEAP  the interpreter command, e.g. "build/objheap run"

1. Runs tests/py/showmem/seed_ids.py with --show-memory and reads the JSON
   embedded in the page.  For each "CHECK name id count refs" line the
   program printed, the first step recorded after that line was printed,
   outside check(), must show `name` in a frame bound to that id, the object's record must
   have that reference count (or be immortal when the program saw an
   immortal's count), and its edges must point at exactly those ids.  The
   collection the program ran must be among the page's collector events.
2. A loop longer than the step cap: the page says it was capped, holds
   exactly the cap's steps, and stderr says so.
3. --show-memory-lines=N-M records only those lines.
4. --show-memory=OUT.svg --at-line=N draws one still picture: well-formed
   SVG with the frames and the boxes of that moment (checked at the
   `return value` line of func(): its frame, and the box of the id the
   program printed for value); a line that never runs writes nothing and
   fails.
5. The collector made visible: tests/py/showmem/collector.py prints the
   ids of a cycle with finalizers, a weak reference with a callback, an
   object its finalizer resurrects and a list that survives, then runs
   gc.collect(0).  The page's event for that collection must list exactly
   the objects the program saw finalized, as unreachable (with their
   types) and as finalized, the weak reference and its referent as the one
   callback, the resurrected object, the surviving list among those moved
   up to generation 1, and the count gc.collect returned; the first step
   recorded after it started must be the callback's line.
6. With --browser (and Debian's chromium installed; skipped otherwise):
   headless Chromium loads the seed's page at a step in func(), makes
   clicks on the controls (next, next, prev), and the DOM it dumps must
   show that step: its frames, one box per object with its id, and an
   arrow for every pointer whose object is on the page; a screenshot is
   left in WORKDIR when one is given.  Then it loads collector.py's page
   at the first step of the collection, whose collector panel must name
   each unreachable, finalized and callback id.
Exits 1 with a message on the first failure.
"""
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def fail(msg):
    print("showmem: FAIL:", msg)
    sys.exit(1)


def run(objheap, args, env=None):
    cmd = shlex.split(objheap) + args
    return subprocess.run(cmd, capture_output=True, text=True, env=env,
                          timeout=120)


def page_data(path):
    with open(path, encoding="utf-8") as f:
        s = f.read()
    m = re.search(r'<script id="data" type="application/json">(.*?)</script>',
                  s, re.S)
    if not m:
        fail(path + ": no embedded data")
    if "http://" in s.replace("http://www.w3.org/2000/svg", ""):
        fail(path + ": the page refers to the network")
    return json.loads(m.group(1))


def chromium():
    for name in ("chromium", "chromium-browser"):
        for d in os.environ.get("PATH", "").split(os.pathsep):
            if os.access(os.path.join(d, name), os.X_OK):
                return os.path.join(d, name)
    return None


def check_browser(page, D, shots):
    exe = chromium()
    if exe is None:
        print("showmem: browser check skipped (no chromium)")
        return
    # The first step inside func(): k is its index; open k - 1, then
    # next, next, prev lands on k.
    k = next(i for i, s in enumerate(D["steps"]) if s[2][-1][0] == "func")
    url = "file://%s#step=%d&clicks=next,next,prev" % (page, k)
    flags = [exe, "--headless=new", "--no-sandbox", "--disable-gpu",
             "--hide-scrollbars", "--window-size=1400,1000"]
    r = subprocess.run(flags + ["--dump-dom", url], capture_output=True,
                       text=True, timeout=60)
    dom = r.stdout
    step = D["steps"][k]
    frames = re.findall(r'<div class="frame[^"]*"><h3>([^<]*)</h3>', dom)
    want = [("Global frame" if f[0] == "<module>" else f[0])
            + "  (line %d)" % f[1] for f in step[2]]
    if frames != want:
        fail("browser: frames %r, want %r" % (frames, want))
    boxes = re.findall(r'<div class="obj[^"]*" id="o(\d+)"', dom)
    ids = [D["records"][i][0] for i in step[3]]
    if [int(b) for b in boxes] != ids:
        fail("browser: boxes %r, want %r" % (boxes, ids))
    ptrs = re.findall(r'<span class="ptr" data-to="(\d+)"', dom)
    drawn = sum(1 for p in ptrs if int(p) in ids)
    paths = dom.count("marker-end=\"url(#ah)\"")
    if paths != drawn:
        fail("browser: %d arrows for %d pointers" % (paths, drawn))
    if shots:
        subprocess.run(flags + ["--screenshot=" + os.path.join(
            shots, "showmem_seed.png"), url], capture_output=True,
            timeout=60)
    print("showmem: browser shows step %d: %d frames, %d objects, %d arrows"
          % (k + 1, len(frames), len(boxes), paths))


def check_seed(objheap, work, browser=False, shots=None):
    page = os.path.join(work, "seed_ids.html")
    prog = os.path.join(HERE, "showmem", "seed_ids.py")
    r = run(objheap, ["--show-memory=" + page, prog])
    if r.returncode != 0:
        fail("seed_ids.py exited %d: %s" % (r.returncode, r.stderr))
    D = page_data(page)
    if D["output"] != r.stdout:
        fail("the page's output differs from the program's stdout")
    recs = D["records"]
    steps = D["steps"]
    out = D["output"].encode()
    pos = 0
    nchecks = 0
    for line in D["output"].splitlines(keepends=True):
        pos += len(line.encode())
        f = line.split()
        if not f or f[0] != "CHECK":
            continue
        name, oid, count = f[1], int(f[2]), int(f[3])
        refs = [] if f[4:] == ["-"] else [int(x) for x in f[4:]]
        # The first step after the line was printed, check() itself done.
        step = next((s for s in steps
                     if s[4] >= pos and s[2][-1][0] != "check"), None)
        if step is None:
            fail("no step after %r" % line)
        where = "step at line %d after %r" % (step[0], line.strip())
        bound = None
        for fr in reversed(step[2]):
            for n, i in fr[2]:
                if n == name:
                    bound = i
                    break
            if bound is not None:
                break
        if bound != oid:
            fail("%s: %s is bound to %r, the program saw id %d"
                 % (where, name, bound, oid))
        rec = next((recs[k] for k in step[3] if recs[k][0] == oid), None)
        if rec is None:
            fail("%s: no object with id %d" % (where, oid))
        if rec[3] == -1:
            if count < 1 << 59:
                fail("%s: recorded immortal, program saw count %d"
                     % (where, count))
        elif rec[3] != count:
            fail("%s: %s recorded count %d, program saw %d"
                 % (where, name, rec[3], count))
        if refs and sorted(e[1] for e in rec[9]) != sorted(refs):
            fail("%s: %s's edges %r, the program's referents %r"
                 % (where, name, [e[1] for e in rec[9]], refs))
        nchecks += 1
    if nchecks < 10:
        fail("only %d CHECK lines were checked" % nchecks)
    m = re.search(r"^collected (\d+)$", D["output"], re.M)
    if not any(e[1] == 2 and e[2] == int(m.group(1)) for e in D["gc"]):
        fail("no full collection freeing %s among %r" % (m.group(1), D["gc"]))
    if browser:
        check_browser(page, D, shots)
    return nchecks


def check_browser_collector(page, e):
    exe = chromium()
    if exe is None:
        return
    url = "file://%s#step=%d" % (page, e[0] + 1)
    r = subprocess.run([exe, "--headless=new", "--no-sandbox",
                        "--disable-gpu", "--dump-dom", url],
                       capture_output=True, text=True, timeout=60)
    m = re.search(r'<div class="now">(.*?)</ul></div>', r.stdout, re.S)
    if not m:
        fail("browser: no current collection in the collector panel")
    panel = m.group(1)
    for label in ("found unreachable", "weakref callbacks run",
                  "finalizers (__del__) run", "resurrected by a finalizer",
                  "moved up to generation 1"):
        if label not in panel:
            fail("browser: the collector panel lacks %r: %s" % (label, panel))
    ids = [u[0] for u in e[4]] + [w for w, _ in e[6]] + e[7] + e[9]
    missing = [i for i in ids if str(i) not in panel]
    if missing:
        fail("browser: the collector panel lacks ids %r" % missing)
    print("showmem: browser shows the collection before step %d"
          % (e[0] + 1))


def check_collector(objheap, work, browser=False):
    page = os.path.join(work, "collector.html")
    prog = os.path.join(HERE, "showmem", "collector.py")
    r = run(objheap, ["--show-memory=" + page, prog])
    if r.returncode != 0:
        fail("collector.py exited %d: %s" % (r.returncode, r.stderr))
    D = page_data(page)
    out = r.stdout
    a, b, watch, ph, keep = [int(x) for x in
                             re.search(r"^IDS (.*)$", out, re.M).group(1).split()]
    finalized = [int(x) for x in re.findall(r"^FINALIZED (\d+)$", out, re.M)]
    callbacks = [int(x) for x in re.findall(r"^CALLBACK (\d+)$", out, re.M)]
    n = int(re.search(r"^collected (\d+)$", out, re.M).group(1))
    if sorted(finalized) != sorted([a, b, ph]) or callbacks != [watch]:
        fail("collector.py: unexpected output %r" % out)
    ev = [e for e in D["gc"] if e[1] == 0]
    if len(ev) != 1:
        fail("collector: %d collections of generation 0 in %r"
             % (len(ev), D["gc"]))
    e = ev[0]
    if len(e) != 11:
        fail("collector: event of %d fields: %r" % (len(e), e))
    step, gen, collected, _, unreach, nunreach, cbs, fins, prom, res, end = e
    if collected != n:
        fail("collector: page says %d collected, gc.collect said %d"
             % (collected, n))
    got = {u[0]: u[1] for u in unreach}
    want = {a: "Res", b: "Res", ph: "Phoenix"}
    if got != want or nunreach != 3:
        fail("collector: unreachable %r (%d), want %r" % (got, nunreach, want))
    if sorted(fins) != sorted(finalized):
        fail("collector: finalized %r, the program saw %r" % (fins, finalized))
    if cbs != [[watch, a]]:
        fail("collector: callbacks %r, want [[%d, %d]]" % (cbs, watch, a))
    if res != [ph]:
        fail("collector: resurrected %r, want [%d]" % (res, ph))
    if keep not in prom or any(i in prom for i in (a, b, ph)):
        fail("collector: promoted %r: want %d, and none of the garbage"
             % (prom, keep))
    first = D["steps"][step]
    if first[2][-1][0] != "gone":
        fail("collector: the step after the collection started is in %r, "
             "not the callback" % first[2][-1][0])
    inside = {s[2][-1][0] for s in D["steps"][step:end]}
    if inside != {"gone", "__del__"}:
        fail("collector: steps %d-%d, inside the collection, are in %r"
             % (step + 1, end, inside))
    if browser:
        check_browser_collector(page, e)
    return 1


def check_svg(objheap, work):
    import xml.etree.ElementTree as ET
    prog = os.path.join(HERE, "showmem", "seed_ids.py")
    with open(prog) as f:
        line = 1 + f.read().splitlines().index("    return value")
    svg = os.path.join(work, "still.svg")
    r = run(objheap, ["--show-memory=" + svg, "--at-line", str(line), prog])
    if r.returncode != 0:
        fail("--at-line: exit %d: %s" % (r.returncode, r.stderr))
    texts = [t.text or "" for t in ET.parse(svg).iter(
        "{http://www.w3.org/2000/svg}text")]
    value_id = re.search(r"^CHECK value (\d+)", r.stdout, re.M).group(1)
    for want in ("Global frame", "func", "value", "id " + value_id):
        if want not in texts:
            fail("--at-line %d: no text %r in the picture" % (line, want))
    r = run(objheap, ["--show-memory=" + svg, "--at-line=9999", prog])
    if r.returncode == 0 or "never ran" not in r.stderr:
        fail("--at-line=9999: exit %d, %r" % (r.returncode, r.stderr))


def check_cap(objheap, work):
    prog = os.path.join(work, "long.py")
    with open(prog, "w") as f:
        f.write("total = 0\nfor i in range(20000):\n    total += i\n"
                "print(total)\n")
    page = os.path.join(work, "long.html")
    r = run(objheap, ["--show-memory=" + page, prog])
    if r.returncode != 0 or r.stdout != "199990000\n":
        fail("long.py: exit %d, stdout %r" % (r.returncode, r.stdout))
    D = page_data(page)
    if not D["capped"] or len(D["steps"]) != D["cap"]:
        fail("long.py: capped %r with %d steps" % (D["capped"],
                                                   len(D["steps"])))
    if "stopped recording" not in r.stderr:
        fail("long.py: no message on stderr: %r" % r.stderr)
    page2 = os.path.join(work, "long_lines.html")
    r = run(objheap, ["--show-memory=" + page2, "--show-memory-lines=4-4",
                      prog])
    D = page_data(page2)
    if D["capped"] or sorted(set(s[0] for s in D["steps"])) != [4]:
        fail("--show-memory-lines=4-4: lines %r"
             % sorted(set(s[0] for s in D["steps"])))
    return os.path.getsize(page)


def main():
    args = sys.argv[1:]
    browser = "--browser" in args
    args = [a for a in args if a != "--browser"]
    if not args:
        print(__doc__)
        sys.exit(2)
    objheap = args[0]
    shots = os.path.abspath(args[1]) if len(args) > 1 else None
    with tempfile.TemporaryDirectory() as work:
        n = check_seed(objheap, work, browser, shots)
        n += check_collector(objheap, work, browser)
        size = check_cap(objheap, work)
        check_svg(objheap, work)
    print("showmem: %d checks passed; a capped page is %d bytes" % (n, size))


main()
