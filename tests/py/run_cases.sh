#!/bin/bash
# Differential tests of the Python interpreter against CPython 3.11.
# Usage: tests/py/run_cases.sh [--leaks] [--keep DIR] [OBJHEAP] [FILTER]
#
# Runs each program tests/py/cases/NAME.py (top level only; subfolders hold
# helper modules) with OBJHEAP (default: build/objheap run, relative to the
# repository root), from the cases folder, as `OBJHEAP NAME.py`, with stdin
# from NAME.in when it exists (else /dev/null), with the options in
# NAME.flags before NAME.py when it exists (`-i`: the interactive prompt
# after the program, reading NAME.in), in the same fixed environment
# gen_expected.sh gave CPython, and compares with the committed NAME.out,
# NAME.err and NAME.rc:
#   - first, as gen_expected.sh did for CPython's, every occurrence of the
#     absolute path of the cases folder followed by "/" is deleted from the
#     interpreter's stdout and stderr (CPython 3.11 prints the script's
#     absolute path in tracebacks; the committed files say "NAME.py");
#   - stdout and the exit status byte for byte;
#   - stderr byte for byte after deleting, from both sides, every line that
#     consists only of spaces and at least one '^' or '~' (CPython 3.11's
#     position markers under traceback and SyntaxError lines, which the
#     interpreter need not print);
#   - when NAME.norm exists, the normalisers it names (one a line) are
#     applied to both stdouts first.  `ids`: each integer of 7 or more
#     digits becomes <id1>, <id2>, ... in order of first appearance, so
#     programs that print id() values (the seeds) compare by which ids are
#     equal, not by address.
# FILTER picks the cases whose name contains it (glob characters work).
# Prints one line per failing case with a short diff, then
# "py: N passed, M failed"; exits 1 if any failed, 2 on a usage error.
#
# --leaks runs every program with OBJHEAP_REPORT=fail (the interpreter's
#   leak report at exit, which exits with status 3 when objects leaked);
#   an exit status of 3 fails the case as a leak.  No case exits with 3 by
#   itself (gen_expected.sh warns if one does).  The report's lines, which
#   all begin with "objheap: " (a clean run prints one, "objheap: 0 live
#   objects (0 bytes)"), are deleted from the interpreter's stderr before
#   comparing; when the program's stderr did not end with a newline (a
#   prompt), the report's first line follows it on the same line, and
#   only the report's part of that line is deleted.
# --keep DIR keeps each failing case's actual NAME.out/.err/.rc in DIR.
# PY_CASES_TIMEOUT: seconds per program (default 30); a timeout fails.
# The variables OBJHEAP_*, ASAN_OPTIONS, UBSAN_OPTIONS and LSAN_OPTIONS of
# the caller's environment are passed through to the interpreter.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cases="$here/cases"

leaks=""; keep=""
while [[ $# -gt 0 ]]; do
    case $1 in
    --leaks) leaks=yes; shift ;;
    --keep) keep=${2:?--keep needs a folder}; shift 2 ;;
    --help|-h) sed -n '2,38p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --*) echo "run_cases.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done
objheap=${1:-}
filter=${2:-}
timeout_s=${PY_CASES_TIMEOUT:-30}

# The command, as words; a relative path in its first word is taken from
# the caller's folder (the default, from the repository root).
if [[ -z $objheap ]]; then
    cmd=("$root/build/objheap" run)
else
    read -r -a cmd <<<"$objheap"
    if [[ ${cmd[0]} == */* && ${cmd[0]} != /* ]]; then
        cmd[0]="$PWD/${cmd[0]}"
    fi
fi
if ! command -v "${cmd[0]}" >/dev/null 2>&1; then
    echo "run_cases.sh: ${cmd[0]} not found or not executable" >&2
    exit 2
fi
if [[ ${cmd[0]} != */* ]]; then
    cmd[0]=$(command -v "${cmd[0]}")
fi
if [[ -n $keep ]]; then
    mkdir -p "$keep" || exit 2
    keep=$(cd "$keep" && pwd)
fi

# The environment (as in gen_expected.sh), plus the pass-through variables.
case_env=(env -i "PATH=/usr/local/bin:/usr/bin:/bin" "HOME=/nonexistent"
          PYTHONHASHSEED=0 PYTHONIOENCODING=utf-8 LC_ALL=C.UTF-8
          PYTHONDONTWRITEBYTECODE=1 TZ=UTC)
while IFS='=' read -r var _; do
    case $var in
    OBJHEAP_*|ASAN_OPTIONS|UBSAN_OPTIONS|LSAN_OPTIONS)
        case_env+=("$var=${!var}") ;;
    esac
done < <(env)
if [[ -n $leaks ]]; then
    case_env+=(OBJHEAP_REPORT=fail)
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

# Delete every occurrence of "$cases/" (a literal string) from file $1.
# (perl, from Debian's essential perl-base, keeps every byte else as is,
# a missing final newline included.)
strip_prefix() {
    PREFIX="$cases/" perl -pe 'BEGIN { $p = $ENV{PREFIX} } s/\Q$p\E//g' "$1"
}

# Delete CPython's position-marker lines (spaces and at least one ^ or ~).
strip_markers() {
    perl -ne 'print unless /^ *[~^][ ~^]*\n?\z/' "$1"
}

# Apply the normalisers of the case (file $2 or none) to stdout file $1.
normalise() {
    local file=$1 norm=$2
    if [[ -n $norm ]] && grep -qx 'ids' "$norm"; then
        perl -pe 's{(\d{7,})}{$seen{$1} //= "<id" . ++$n . ">"}ge' "$file"
    else
        cat "$file"
    fi
}

# A short diff of two files, labelled.
short_diff() {
    diff -u --label "expected $3" --label "actual $3" "$1" "$2" \
        | sed -n '3,10p' | sed 's/^/    /'
}

passed=0; failed=0
cd "$cases" || exit 2
shopt -s nullglob
for f in *.py; do
    name=${f%.py}
    [[ -n $filter && $name != *$filter* ]] && continue
    if [[ ! -f $name.rc ]]; then
        echo "FAIL $name: no expected results (run tests/py/gen_expected.sh)"
        failed=$((failed + 1)); continue
    fi
    input=/dev/null
    [[ -f $name.in ]] && input=$name.in
    flags=()
    [[ -f $name.flags ]] && read -r -a flags <"$name.flags"
    norm=""
    [[ -f $name.norm ]] && norm=$name.norm
    "${case_env[@]}" timeout "$timeout_s" "${cmd[@]}" "${flags[@]}" "$f" \
        <"$input" \
        >"$tmp/out" 2>"$tmp/err"
    rc=$?
    strip_prefix "$tmp/out" >"$tmp/out_rel"
    strip_prefix "$tmp/err" >"$tmp/err_rel"
    want_rc=$(cat "$name.rc")
    normalise "$name.out" "$norm" >"$tmp/want_out"
    normalise "$tmp/out_rel" "$norm" >"$tmp/got_out"
    strip_markers "$name.err" >"$tmp/want_err"
    if [[ -n $leaks ]]; then
        # The report's own lines ("objheap: 0 live objects (0 bytes)"),
        # the first of them maybe after an unfinished line (">>> ").
        perl -pe 's/objheap: .*\n?//' "$tmp/err_rel" >"$tmp/err_nr"
        mv "$tmp/err_nr" "$tmp/err_rel"
    fi
    strip_markers "$tmp/err_rel" >"$tmp/got_err"
    why=""
    if [[ $rc -eq 124 || $rc -eq 137 ]] && [[ $want_rc != "$rc" ]]; then
        why="timed out after ${timeout_s}s"
    elif [[ -n $leaks && $rc -eq 3 && $want_rc != 3 ]]; then
        why="leaked (OBJHEAP_REPORT=fail exited with 3)"
    elif [[ $rc != "$want_rc" ]]; then
        why="exit status $rc, expected $want_rc"
    fi
    cmp -s "$tmp/want_out" "$tmp/got_out" || why="${why:+$why; }stdout differs"
    cmp -s "$tmp/want_err" "$tmp/got_err" || why="${why:+$why; }stderr differs"
    if [[ -z $why ]]; then
        passed=$((passed + 1)); continue
    fi
    failed=$((failed + 1))
    echo "FAIL $name: $why"
    cmp -s "$tmp/want_out" "$tmp/got_out" ||
        short_diff "$tmp/want_out" "$tmp/got_out" stdout
    cmp -s "$tmp/want_err" "$tmp/got_err" ||
        short_diff "$tmp/want_err" "$tmp/got_err" stderr
    if [[ -n $keep ]]; then
        cp "$tmp/out_rel" "$keep/$name.out"
        cp "$tmp/err_rel" "$keep/$name.err"
        echo "$rc" >"$keep/$name.rc"
    fi
done
echo "py: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
