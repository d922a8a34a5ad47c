#!/bin/bash
# bench/py/check.sh -- `make test-bench-py`: the benchmark programs'
# checksums as tests.
# Usage: bench/py/check.sh [--leaks] OBJHEAP
#
# Runs every program listed in bench/py/programs at its small size, as
#   OBJHEAP run bench/py/NAME.py ARGS
# from the repository root, in the fixed environment tests/py uses, and
# compares its standard output with bench/py/expected/NAME.out (CPython
# 3.11's, written by gen_expected.sh); the exit status must be 0.  So a
# change to the interpreter that makes a benchmark compute something
# else fails `make test`, and no python3 is needed to check.
# --leaks runs each with OBJHEAP_REPORT=fail (objheap's leak report at
# exit: status 3 if any object leaked), for the ASan + UBSan build.
# Prints one FAIL line per failing program, then a summary; exits 1 if
# any failed.
set -u
leaks=0
if [[ ${1:-} == --leaks ]]; then
    leaks=1
    shift
fi
objheap=${1:?usage: bench/py/check.sh [--leaks] OBJHEAP}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
[[ -x $objheap ]] || { echo "check.sh: $objheap is not built" >&2; exit 2; }

run_env=(env -i "PATH=/usr/local/bin:/usr/bin:/bin" "HOME=/nonexistent"
         PYTHONHASHSEED=0 PYTHONIOENCODING=utf-8 LC_ALL=C.UTF-8
         PYTHONDONTWRITEBYTECODE=1 TZ=UTC)
for v in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS; do
    [[ -n ${!v:-} ]] && run_env+=("$v=${!v}")
done
((leaks)) && run_env+=(OBJHEAP_REPORT=fail)

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
while read -r name args; do
    [[ -z $name || $name == \#* ]] && continue
    read -r -a argv <<<"${args%%#*}"
    "${run_env[@]}" timeout 120 "$objheap" run "bench/py/$name.py" \
        "${argv[@]}" >"$tmp/out" 2>"$tmp/err" </dev/null
    rc=$?
    why=""
    if [[ $rc -eq 3 && $leaks -eq 1 ]]; then
        why="leaked"
    elif [[ $rc -eq 124 ]]; then
        why="timed out"
    elif [[ $rc -ne 0 ]]; then
        why="exit status $rc"
    elif ! cmp -s "$tmp/out" "bench/py/expected/$name.out"; then
        why="output differs from CPython's"
    fi
    if [[ -n $why ]]; then
        echo "FAIL $name ${argv[*]}: $why"
        diff -u "bench/py/expected/$name.out" "$tmp/out" | head -20
        head -20 "$tmp/err"
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
done <bench/py/programs
echo "bench-py checksums ($objheap): $pass passed, $fail failed"
[[ $fail -eq 0 ]]
