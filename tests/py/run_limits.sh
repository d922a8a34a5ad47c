#!/bin/bash
# The interpreter at the edges of its environment: out of memory under
# `ulimit -v`, and Ctrl-C (SIGINT).  Usage: tests/py/run_limits.sh [OBJHEAP]
# (default: build/objheap run, from the repository root).  Not for a
# sanitizer build: ASan reserves terabytes of address space, which
# `ulimit -v` forbids.
#
#   limits/memory_error.py      under ulimit -v 400000 (400 MB): the program
#                               exhausts memory four ways, catches each
#                               MemoryError and goes on; its stdout must be
#                               what CPython 3.11 printed (below), status 0.
#   limits/interrupt_uncaught.py  SIGINT while it loops: the traceback ends
#                               in KeyboardInterrupt and the process dies by
#                               SIGINT (status 130), as CPython's does.
#   limits/interrupt_caught.py  SIGINT twice: in a loop and in time.sleep;
#                               both are caught and the program finishes.
# Prints one line per check and "limits: N passed, M failed"; exits 1 if
# any failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
read -r -a cmd <<<"${1:-build/objheap run}"
[[ ${cmd[0]} == */* && ${cmd[0]} != /* ]] && cmd[0]="$root/${cmd[0]}"
dir="$here/limits"
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0

ok() { echo "  ok   $1"; passed=$((passed + 1)); }
bad() { echo "  FAIL $1"; failed=$((failed + 1)); }

# --- MemoryError --------------------------------------------------------
expected='caught MemoryError after True allocations
big list: MemoryError
big str: MemoryError
small objects: MemoryError True
still running 4950'
(ulimit -v 400000; exec timeout 120 "${cmd[@]}" "$dir/memory_error.py") \
    >"$tmp/out" 2>"$tmp/err"
rc=$?
if [[ $rc -eq 0 && $(cat "$tmp/out") == "$expected" ]]; then
    ok "memory_error: every MemoryError caught under ulimit -v"
else
    bad "memory_error: status $rc; stdout/stderr:"
    sed 's/^/    /' "$tmp/out" "$tmp/err" | head -20
fi

# --- Ctrl-C -----------------------------------------------------------------
# Start $1 in the background with its stdout to $tmp/out; send SIGINT each
# time a new "ready" line appears, $2 times; wait; status in $rc.
run_interrupted() {
    local script=$1 times=$2 sent=0 i
    : >"$tmp/out"
    # A background job of a non-interactive shell ignores SIGINT unless
    # the job resets it: `trap - INT` in a subshell that then execs.
    (trap - INT; exec timeout --foreground 60 "${cmd[@]}" "$dir/$script") \
        >"$tmp/out" 2>"$tmp/err" &
    local pid=$!
    for ((i = 0; i < 600 && sent < times; i++)); do
        if [[ $(grep -c '^ready$' "$tmp/out") -gt $sent ]]; then
            sleep 0.2               # let it get into the loop or the sleep
            # timeout --foreground forwards each SIGINT to the interpreter
            # (without --foreground it ignores SIGINT after the first).
            kill -INT "$pid" 2>/dev/null
            sent=$((sent + 1))
        else
            sleep 0.05
        fi
    done
    wait "$pid"
    rc=$?
}

run_interrupted interrupt_uncaught.py 1
if [[ $rc -eq 130 && $(tail -n 1 "$tmp/err") == KeyboardInterrupt ]] &&
   grep -q '^Traceback (most recent call last):$' "$tmp/err"; then
    ok "interrupt_uncaught: traceback, KeyboardInterrupt, status 130"
else
    bad "interrupt_uncaught: status $rc; stderr:"
    sed 's/^/    /' "$tmp/err" | head -20
fi

run_interrupted interrupt_caught.py 2
want='ready
caught in a loop
ready
caught in sleep
done'
if [[ $rc -eq 0 && $(cat "$tmp/out") == "$want" ]]; then
    ok "interrupt_caught: caught in a loop and in time.sleep"
else
    bad "interrupt_caught: status $rc; stdout/stderr:"
    sed 's/^/    /' "$tmp/out" "$tmp/err" | head -20
fi

echo "limits: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
