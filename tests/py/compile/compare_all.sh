#!/bin/sh
# Compare our code objects (-i) and instruction positions (-p) with
# python3's for every FILE given (default: the interpreter's test corpus,
# tests/py/cases/*.py); print the files that differ and a summary.
#   tests/py/compile/compare_all.sh [FILE...]
here="$(cd "$(dirname "$0")" && pwd)"
[ $# -eq 0 ] && set -- "$here"/../cases/*.py "$here"/cases/*.py
tmp="${TMPDIR:-/tmp}/pycompile-cmp.$$"
mkdir -p "$tmp"
n=0; bad=0
for f in "$@"; do
    n=$((n + 1))
    python3 -c "import ast,sys; ast.parse(open(sys.argv[1],'rb').read())" \
        "$f" 2>/dev/null || continue
    for opt in i p; do
        if [ $opt = i ]; then script=info.py; else script=positions.py; fi
        "$here/run.sh" -$opt "$f" > "$tmp/ours" 2>&1
        python3 "$here/$script" "$f" > "$tmp/theirs" 2>&1
        if ! diff "$tmp/ours" "$tmp/theirs" > "$tmp/diff"; then
            echo "== $f (-$opt): $(grep -c '^[<>]' "$tmp/diff") lines"
            bad=$((bad + 1))
        fi
    done
done
rm -rf "$tmp"
echo "$n files, $bad differences"
