#!/bin/sh
# tests/cpython/launcher.sh -- does objheap-python behave as python3 does,
# and is objheap really the allocator underneath?
#
# Usage: PYTHON=/path/to/python3.11 sh tests/cpython/launcher.sh LAUNCHER
#
# PYTHON is the stock interpreter of the same libpython (the Makefile's
# PYTHON).  Each check prints "ok" or "FAIL" and a line; the script exits
# non-zero if any failed.
launcher=$1
: "${PYTHON:?set PYTHON to the matching stock interpreter}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

check() {
    # check DESCRIPTION COMMAND...: the command must succeed.
    what=$1; shift
    if "$@" >"$tmp/out" 2>&1; then
        echo "  ok    $what"
    else
        echo "  FAIL  $what"
        sed 's/^/        /' "$tmp/out" | head -n 20
        failed=$((failed + 1))
    fi
}

same_output() {
    # same_output ARGS...: stdout, stderr and exit status equal python3's.
    # (A usage message names the program: that name is the one difference.)
    "$launcher" "$@" >"$tmp/a.out" 2>"$tmp/a.raw"; echo $? >>"$tmp/a.out"
    "$PYTHON" "$@" >"$tmp/b.out" 2>"$tmp/b.raw"; echo $? >>"$tmp/b.out"
    sed "s|$launcher|PROGRAM|" "$tmp/a.raw" >"$tmp/a.err"
    sed "s|$PYTHON|PROGRAM|" "$tmp/b.raw" >"$tmp/b.err"
    cmp -s "$tmp/a.out" "$tmp/b.out" && cmp -s "$tmp/a.err" "$tmp/b.err" \
        || { diff "$tmp/a.out" "$tmp/b.out"; diff "$tmp/a.err" "$tmp/b.err";
             return 1; }
}

# --- the same interpreter, the same behaviour -------------------------------
cat >"$tmp/script.py" <<'EOF'
import sys
print(sys.argv[1:], sys.version_info[:3], sys.prefix, sys.exec_prefix)
print([p for p in sys.path[1:]])
sys.exit(int(sys.argv[1]))
EOF
check "-c: output and exit status as python3" \
    same_output -c 'import sys; print(sys.version); sys.exit(3)'
check "script.py with arguments: argv, prefix, sys.path as python3" \
    same_output "$tmp/script.py" 7 two
check "uncaught exception: traceback and exit status 1 as python3" \
    same_output -c 'raise ValueError("boom")'
check "stdin program (-) as python3" \
    sh -c "echo 'print(6 * 7)' | '$launcher' - | grep -qx 42"
check "-m module as python3" same_output -m json.tool "$tmp/script.py"
check "-E -I -S -X options parsed by CPython as python3" \
    same_output -I -S -X utf8 -c 'import sys; print(sys.flags)'
check "an unknown option fails as in python3" same_output --no-such-option
check "sys.executable is the launcher (subprocesses run on objheap)" \
    "$launcher" -c "import sys, os
assert os.path.samefile(sys.executable, '$launcher'), sys.executable"
check "PYTHONHOME is honoured" \
    env PYTHONHOME="$("$PYTHON" -c 'import sys; print(sys.prefix)')" \
    "$launcher" -c 'import os, sys; assert sys.prefix == os.environ["PYTHONHOME"]'

check "-X warn_default_encoding is honoured, as python3 does" \
    same_output -X warn_default_encoding -c 'import sys
print(sys.flags.warn_default_encoding); open("/dev/null").close()'
check "-X dev: warning filters and faulthandler as python3" \
    same_output -X dev -c 'import sys, warnings, faulthandler
print(sys.flags.dev_mode, warnings.filters[:3], faulthandler.is_enabled())'

# --- where the standard library comes from ----------------------------------
# (the design comment of tools/objheap-python.c, "Finding the standard
# library").  Each case runs a copy of, or a link to, the launcher.
prefix=$("$PYTHON" -c 'import sys; print(sys.prefix)')
stdlib=$("$PYTHON" -c 'import os; print(os.path.dirname(os.__file__))')
mkdir -p "$tmp/decoy/lib/python3.11" "$tmp/decoy/src/build" \
         "$tmp/inst/bin" "$tmp/inst/lib" "$tmp/pth"
echo 'raise SystemExit("the decoy standard library was loaded")' \
    >"$tmp/decoy/lib/python3.11/os.py"
cp "$launcher" "$tmp/decoy/src/build/"
check "a standard library above the build directory is not taken" \
    "$tmp/decoy/src/build/${launcher##*/}" -c "import sys
assert sys.prefix == sys.base_prefix == '$prefix', sys.prefix"
cp "$launcher" "$tmp/inst/bin/"
ln -s "$stdlib" "$tmp/inst/lib/python3.11"
check "installed as PREFIX/bin beside PREFIX/lib/python3.11: that prefix" \
    "$tmp/inst/bin/${launcher##*/}" -c "import sys
assert sys.prefix == '$tmp/inst', sys.prefix"
ln -s "$(cd "$(dirname "$launcher")" && pwd)/${launcher##*/}" "$tmp/pth/py"
printf '%s\n' "$stdlib" "$stdlib/lib-dynload" extra '# a comment' \
    >"$tmp/pth/py._pth"
check "a ._pth file sets sys.path and isolates, as in python3" \
    "$tmp/pth/py" -c "import sys
assert sys.path == ['$stdlib', '$stdlib/lib-dynload', '$tmp/pth/extra'], sys.path
assert sys.flags.isolated and sys.flags.no_site and sys.prefix == '$tmp/pth'"
check "a venv: sys.prefix is the venv, base_prefix python3's, objheap below" \
    sh -c "'$launcher' -m venv --without-pip '$tmp/venv' &&
    '$tmp/venv/bin/python' -c \"import sys
assert sys.prefix == '$tmp/venv' and sys.base_prefix == '$prefix', sys.prefix
assert sys.getallocatedblocks() == 0\""

# --- objheap is the allocator ------------------------------------------------
# sys.getallocatedblocks() counts live pymalloc blocks: 0 means no MEM or OBJ
# block was ever left to pymalloc, i.e. the switch happened before the first.
check "no pymalloc block is alive (switch before the first allocation)" \
    "$launcher" -c 'import sys; assert sys.getallocatedblocks() == 0, sys.getallocatedblocks()'
check "OBJHEAP_STATS prints objheap's table with blocks in use" \
    sh -c "OBJHEAP_STATS=1 '$launcher' -c 'x = [str(i) for i in range(100000)]' 2>&1 \
           | grep -q 'every arena byte accounted for'"
check "PyMem_Malloc(0), PyMem_Calloc(0, n), realloc(p, 0) contracts" \
    "$launcher" -c 'import _testcapi; _testcapi.test_pymem_alloc0()'
check "PYTHONMALLOC=pymalloc: CPython's pymalloc instead (A/B in one binary)" \
    env PYTHONMALLOC=pymalloc "$launcher" -c 'import sys, _testcapi
assert sys.getallocatedblocks() > 0
assert _testcapi.pymem_getallocatorsname() == "pymalloc"'
check "PYTHONMALLOC=malloc: CPython's malloc allocator instead" \
    env PYTHONMALLOC=malloc "$launcher" -c 'import _testcapi
assert _testcapi.pymem_getallocatorsname() == "malloc"'
check "-E ignores PYTHONMALLOC, as python3 does" \
    env PYTHONMALLOC=pymalloc "$launcher" -E -c 'import sys
assert sys.getallocatedblocks() == 0'
check "an unknown PYTHONMALLOC fails as in python3" \
    env PYTHONMALLOC=bogus sh -c \
    "'$launcher' -c pass 2>&1 | grep -q 'PYTHONMALLOC: unknown allocator'"

# --- debug hooks on top of objheap --------------------------------------------
# With -X dev (or PYTHONMALLOC=debug) CPython's debug hooks wrap objheap:
# an overrun is reported, and so is a PyMem_Malloc call without the GIL.
debug_crash() {
    # debug_crash ENV OPTION FUNCTION PATTERN
    env $1 "$launcher" $2 -c "import _testcapi; _testcapi.$3()" >"$tmp/d" 2>&1
    rc=$?
    [ $rc -ne 0 ] && grep -q "$4" "$tmp/d" || { cat "$tmp/d"; return 1; }
}
check "-X dev: debug hooks over objheap catch a buffer overflow" \
    debug_crash "A=1" "-X dev" pymem_buffer_overflow "bad trailing pad byte"
check "PYTHONMALLOC=debug: debug hooks over objheap catch API misuse" \
    debug_crash "PYTHONMALLOC=debug" "" pymem_api_misuse "bad ID"
check "-X dev: PyMem_Malloc without the GIL is caught" \
    debug_crash "A=1" "-X dev" pymem_malloc_without_gil \
    "called without holding the GIL"
check "-X dev: still objheap underneath (no pymalloc block alive)" \
    "$launcher" -X dev -c 'import sys; assert sys.getallocatedblocks() == 0'

# --- the launcher's own pages (tools/objheap-python.ld) -----------------------
# The code every run executes must lie in the first 64 KiB of the text
# segment, which must start at a 64 KiB boundary: then fault-around maps
# one window of it, not two.  Checked on the binary as linked (a
# measurement of resident pages would depend on the kernel's settings).
cat >"$tmp/layout.py" <<'EOF'
import subprocess, sys
exe = sys.argv[1]
def run(*a):
    return subprocess.run(a, capture_output=True, text=True, check=True).stdout
text = [l.split() for l in run("readelf", "-lW", exe).splitlines()
        if l.split()[:1] == ["LOAD"] and l.split()[-2] == "E"]
assert len(text) == 1, "one executable segment expected: %r" % text
start, align = int(text[0][2], 16), int(text[0][-1], 16)
assert align >= 0x10000 and start % 0x10000 == 0, \
    "text at %#x, aligned to %#x: not a 64 KiB boundary" % (start, align)
hot = [l.split() for l in run("readelf", "-SW", exe).splitlines()
       if ".text.objheap_hot" in l]
assert hot, "no .text.objheap_hot section: the linker script was not used"
f = hot[0][hot[0].index(".text.objheap_hot") + 2:]
end = int(f[0], 16) + int(f[2], 16)
assert end <= start + 0x10000, \
    "the hot code ends %d bytes into the text, past its first 64 KiB" \
    % (end - start)
syms = {}
for l in run("nm", exe).splitlines():
    p = l.split()
    if len(p) == 3:
        syms.setdefault(p[2], int(p[0], 16))
for name in ("main", "_fini", "oh_malloc", "oh_free", "oh_realloc",
             "oh_calloc", "oh_ctx_malloc", "oh_ctx_free", "oh_ctx_realloc",
             "oh_ctx_calloc", "ohi_os_map"):
    assert name in syms, name + " missing"
    assert start <= syms[name] < end, \
        "%s at %#x, outside the hot code (%#x-%#x)" % (name, syms[name],
                                                       start, end)
EOF
check "the code every run executes lies in the text's first 64 KiB window" \
    "$PYTHON" "$tmp/layout.py" "$launcher"

# --- threads -----------------------------------------------------------------
# Eight threads allocate and free concurrently.  The GIL serialises their
# calls into objheap; under -X dev the debug hooks would abort on any MEM or
# OBJ call made without it.
cat >"$tmp/threads.py" <<'EOF'
import sys, threading
sys.setswitchinterval(1e-6)
results = [None] * 8
def work(k):
    total = 0
    for i in range(3000):
        d = {j: [str(j)] * (j % 7) for j in range(i % 50)}
        total += sum(len(v) for v in d.values())
    results[k] = total
ts = [threading.Thread(target=work, args=(k,)) for k in range(8)]
for t in ts: t.start()
for t in ts: t.join()
assert len(set(results)) == 1 and results[0] > 0, results
EOF
check "threads allocating concurrently" "$launcher" "$tmp/threads.py"
check "threads allocating concurrently, -X dev (GIL checked per call)" \
    "$launcher" -X dev "$tmp/threads.py"

[ $failed -eq 0 ] && echo "launcher: all checks passed" \
    || echo "launcher: $failed checks failed"
[ $failed -eq 0 ]
