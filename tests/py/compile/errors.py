#!/usr/bin/env python3
"""Compare the compiler's SyntaxErrors with python3's.

    errors.py [SNIPPETS]     (default: errors.txt next to this file)

Snippets are separated by lines "# ---"; a line "# mode: eval" (or
single) in a snippet sets its mode.  Each is compiled by python3 and, from
python3's own tree, by build/pycompile/dis_main -e; the class, message,
line, offset, end line and end offset must agree (or both succeed).
Prints one line per disagreement and exits 1 if there was any.
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
DIS = os.path.join(ROOT, "build", "pycompile", "dis_main")


def theirs(src, mode):
    try:
        compile(src, "<test>", mode)
    except SyntaxError as e:
        return "%s: %s (line %s, offset %s, end %s %s)" % (
            type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno,
            e.end_offset)
    return "ok"


def ours(src, mode, tmp):
    path = os.path.join(tmp, "snippet.py")
    with open(path, "w") as f:
        f.write(src)
    sexp = subprocess.run([sys.executable, os.path.join(HERE, "ast2sexp.py"),
                           "-m", mode, path], capture_output=True, text=True)
    if sexp.stdout.startswith("parse-error"):
        return None                     # the parser's error, not ours
    with open(path + ".sexp", "w") as f:
        f.write(sexp.stdout)
    r = subprocess.run([DIS, "-e", "-m", mode, "-s", path + ".sexp",
                        "<test>"], capture_output=True, text=True)
    out = (r.stdout + r.stderr).strip()
    m = re.match(r"(\w+): (.*) \(<test>, line (-?\d+), offset (-?\d+), "
                 r"end (-?\d+|None) (-?\d+|None), text .*\)$", out)
    if m is None:
        return out
    cls, msg, line, off, eline, eoff = m.groups()
    # CPython shows unknown end offsets (0) as None.
    eoff = None if eoff in ("0", "-1") else eoff
    return "%s: %s (line %s, offset %s, end %s %s)" % (cls, msg, line, off,
                                                        eline, eoff)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE,
                                                              "errors.txt")
    with open(path) as f:
        snippets = re.split(r"^# ---\n", f.read(), flags=re.M)
    bad = n = 0
    with tempfile.TemporaryDirectory() as tmp:
        for src in snippets:
            if not src.strip():
                continue
            m = re.search(r"^# mode: (\w+)", src, re.M)
            mode = m.group(1) if m else "exec"
            want, got = theirs(src, mode), ours(src, mode, tmp)
            if got is None:
                continue
            n += 1
            if want != got:
                bad += 1
                print("MISMATCH %r\n  python3: %s\n  ours:    %s" % (
                    src, want, got))
    print("%d snippets, %d mismatches" % (n, bad))
    sys.exit(1 if bad else 0)


main()
