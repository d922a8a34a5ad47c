#!/bin/bash
# bench/py/gen_expected.sh -- write bench/py/expected/NAME.out: what
# CPython 3.11 prints for each program of bench/py/programs at its small
# size, run exactly as check.sh runs objheap (from the repository root,
# in the same fixed environment).
# Usage: bench/py/gen_expected.sh [NAME...]   (default: every program)
# PYTHON overrides the interpreter (default python3; it must be CPython
# 3.11).
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
python=${PYTHON:-python3}
if ! "$python" -c 'import sys, platform
sys.exit(not (sys.version_info[:2] == (3, 11)
              and platform.python_implementation() == "CPython"))'
then
    echo "gen_expected.sh: $python is not CPython 3.11" >&2
    exit 2
fi
pyexe=$("$python" -c 'import sys; print(sys.executable)')
run_env=(env -i "PATH=/usr/local/bin:/usr/bin:/bin" "HOME=/nonexistent"
         PYTHONHASHSEED=0 PYTHONIOENCODING=utf-8 LC_ALL=C.UTF-8
         PYTHONDONTWRITEBYTECODE=1 TZ=UTC)
mkdir -p bench/py/expected
n=0
status=0
while read -r name args; do
    [[ -z $name || $name == \#* ]] && continue
    if [[ $# -gt 0 ]] && ! printf '%s\n' "$@" | grep -qx "$name"; then
        continue
    fi
    read -r -a argv <<<"${args%%#*}"
    if ! "${run_env[@]}" "$pyexe" "bench/py/$name.py" "${argv[@]}" \
        >"bench/py/expected/$name.out" </dev/null; then
        echo "gen_expected.sh: $name failed under $pyexe" >&2
        status=1
    fi
    n=$((n + 1))
done <bench/py/programs
echo "gen_expected: wrote the output of $n programs"
exit $status
