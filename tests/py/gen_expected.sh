#!/bin/bash
# Write the expected results of the interpreter's differential tests.
# Usage: tests/py/gen_expected.sh [FILTER]
#
# For each program tests/py/cases/NAME.py (top level only; subfolders hold
# helper modules and are never run), runs CPython 3.11 on it exactly as
# tests/py/run_cases.sh runs the interpreter:
#
#   cd tests/py/cases && python3 [FLAGS] NAME.py < NAME.in (or /dev/null)
#
# (FLAGS: the words of NAME.flags, when it exists: `-i` runs the
# interactive prompt after the program, on NAME.in)
#
# in a fixed, otherwise empty environment (see case_env below), and writes
# NAME.out (stdout), NAME.err (stderr) and NAME.rc (the exit status, one
# line).  CPython 3.11 makes the script's path absolute (since 3.9: __file__,
# tracebacks, warnings, SyntaxError reports), so every occurrence of the
# absolute path of the cases folder followed by "/" is deleted from stdout
# and stderr: the committed files say `File "NAME.py", line 3` wherever the
# checkout is.  run_cases.sh deletes the same prefix from the
# interpreter's output.  Nothing else is changed.  These files are committed, so running the tests needs
# no python3.  FILTER picks the cases whose name contains it (shell glob
# characters work too).  PYTHON overrides the interpreter (default python3;
# it must be CPython 3.11).
set -u
here=$(cd "$(dirname "$0")" && pwd)
cases="$here/cases"
filter=${1:-}
python=${PYTHON:-python3}

if ! "$python" -c 'import sys, platform
sys.exit(not (sys.version_info[:2] == (3, 11)
              and platform.python_implementation() == "CPython"))'
then
    echo "gen_expected.sh: $python is not CPython 3.11" >&2
    exit 2
fi
pypath=$(command -v "$python")

# The environment both scripts run every program in (keep the two in step).
case_env=(env -i "PATH=/usr/local/bin:/usr/bin:/bin" "HOME=/nonexistent"
          PYTHONHASHSEED=0 PYTHONIOENCODING=utf-8 LC_ALL=C.UTF-8
          PYTHONDONTWRITEBYTECODE=1 TZ=UTC)

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# Delete every occurrence of "$cases/" (a literal string) from file $1.
# (perl, from Debian's essential perl-base, keeps every byte else as is,
# a missing final newline included.)
strip_prefix() {
    PREFIX="$cases/" perl -pe 'BEGIN { $p = $ENV{PREFIX} } s/\Q$p\E//g' "$1"
}

n=0
cd "$cases" || exit 2
for f in *.py; do
    name=${f%.py}
    [[ -n $filter && $name != *$filter* ]] && continue
    input=/dev/null
    [[ -f $name.in ]] && input=$name.in
    flags=()
    [[ -f $name.flags ]] && read -r -a flags <"$name.flags"
    "${case_env[@]}" timeout 60 "$pypath" "${flags[@]}" "$f" <"$input" \
        >"$tmp/out" 2>"$tmp/err"
    rc=$?
    strip_prefix "$tmp/out" >"$name.out"
    strip_prefix "$tmp/err" >"$name.err"
    echo "$rc" >"$name.rc"
    if [[ $rc -eq 3 ]]; then
        echo "warning: $name exits with 3, the leak-report status" \
             "(run_cases.sh --leaks cannot tell them apart)" >&2
    fi
    if [[ $rc -eq 124 ]]; then
        echo "warning: $name timed out" >&2
    fi
    n=$((n + 1))
done
echo "gen_expected: wrote the results of $n programs"
