#!/bin/sh
# tests/cpython/run.sh -- `make test-cpython`: CPython's own regression
# tests, and our checks, through objheap-python.
#
# Usage: PYTHON=STOCK sh tests/cpython/run.sh LAUNCHER CONTROL MODULE...
#
#   LAUNCHER  build/objheap-python
#   CONTROL   build/libc-python, the same launcher on the C library's malloc
#   STOCK     the stock interpreter of the same libpython (for launcher.sh)
#
# Steps, one process at a time (the machine is shared; no -j):
#  1. tests/cpython/launcher.sh: behaves as python3, objheap underneath.
#  2. tests/cpython/oom.sh: out of memory is a MemoryError; then
#     tests/cpython/module.py: the objheap module, from Python.
#  3. each MODULE: LAUNCHER -m test MODULE, with the tests listed in
#     tests/cpython/skips.txt ignored.  A module that fails is run once
#     more; passing then is reported as FLAKY, with the first failures.
#     Failing again, it is run a third time in verbose mode, only to name
#     the failing tests (regrtest's quiet mode says "multiple errors
#     occurred" and no more), and fails the step.
#  4. each listed test of those modules: excused only if it fails on
#     CONTROL too; otherwise it must pass on LAUNCHER.
# Prints the time of each step and of the whole run; exits non-zero if
# anything failed.
launcher=$1; control=$2; shift 2
here=$(dirname "$0")
skips=$here/skips.txt
log=$(mktemp)
trap 'rm -f "$log" "$log.first" "$log.v"' EXIT
failed=""

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
# The listed test ids of module $1.
skipped_ids() { grep -v '^#' "$skips" | awk -v m="$1" '$1 ~ "^test\\." m "\\." { print $1 }'; }

start=$(now)

t=$(now)
echo "== launcher checks"
sh "$here/launcher.sh" "$launcher" || failed="$failed launcher"
echo "   ($(since "$t") s)"

t=$(now)
echo "== out of memory"
sh "$here/oom.sh" "$launcher" || failed="$failed oom"
echo "   ($(since "$t") s)"

t=$(now)
echo "== the objheap module"
"$launcher" "$here/module.py" "$control" || failed="$failed module"
echo "   ($(since "$t") s)"

echo "== CPython regression tests on objheap ($launcher)"
for m in "$@"; do
    t=$(now)
    ignores=""
    for id in $(skipped_ids "$m"); do ignores="$ignores --ignore $id"; done
    # shellcheck disable=SC2086
    "$launcher" -m test $ignores "$m" >"$log" 2>&1
    rc=$?
    summary=$(grep -E '^Total tests:' "$log" | sed 's/^Total tests: //')
    if [ $rc -eq 0 ] && grep -q '^Result: SUCCESS' "$log"; then
        printf '   %-20s ok      %6s s  %s\n' "$m" "$(since "$t")" "$summary"
    elif cp "$log" "$log.first" &&
         "$launcher" -m test $ignores "$m" >"$log" 2>&1 &&
         grep -q '^Result: SUCCESS' "$log"; then
        # A second run passed: report it, with the first run's failures,
        # as flaky rather than hide it or fail the whole suite on it.
        grep -E '^(FAIL|ERROR):' "$log.first"
        printf '   %-20s ok      %6s s  %s (FLAKY: failed once, passed '\
'on a second run)\n' "$m" "$(since "$t")" "$summary"
    else
        cat "$log"
        # shellcheck disable=SC2086
        "$launcher" -m test -v $ignores "$m" >"$log.v" 2>&1
        echo "   the failures of a third run, in verbose mode:"
        grep -E -A 30 '^(FAIL|ERROR):' "$log.v" | head -n 300
        grep -E '^(Result|Total tests):' "$log.v"
        printf '   %-20s FAILED  %6s s  %s\n' "$m" "$(since "$t")" "$summary"
        failed="$failed $m"
    fi
done

echo "== listed tests: excused only if they fail on the control ($control)"
for m in "$@"; do
    for id in $(skipped_ids "$m"); do
        reason=$(grep -F "$id " "$skips" | sed 's/^[^ ]* *//')
        if ! "$control" -m test "$m" --match "$id" >"$log" 2>&1; then
            echo "   excused  $id"
            echo "            fails on the control too: $reason"
        elif "$launcher" -m test "$m" --match "$id" >"$log" 2>&1; then
            echo "   passed   $id (the control passes here, and so do we)"
        else
            cat "$log"
            echo "   FAILED   $id: passes on the control, fails on objheap"
            failed="$failed $id"
        fi
    done
done

echo "== test-cpython: $# modules, total $(since "$start") s"
if [ -n "$failed" ]; then
    echo "test-cpython: FAILED:$failed"
    exit 1
fi
echo "test-cpython: all passed"
