#!/bin/sh
# Run each program under tests/py/compile/e2e/ (or those given) with
# build/objheap run and with python3; their stdout, stderr (without the
# caret lines) and exit status must agree.
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../../.."
[ $# -eq 0 ] && set -- "$here"/e2e/*.py
tmp="${TMPDIR:-/tmp}/pycompile-e2e.$$"
mkdir -p "$tmp"
n=0; bad=0
for f in "$@"; do
    n=$((n + 1))
    dir=$(dirname "$f"); base=$(basename "$f")
    (cd "$dir" && "$root/build/objheap" run "$base" > "$tmp/o1" 2> "$tmp/e1";
     echo "rc $?" >> "$tmp/o1")
    (cd "$dir" && python3 "$base" > "$tmp/o2" 2> "$tmp/e2"; echo "rc $?" >> "$tmp/o2")
    for e in e1 e2; do
        grep -v '^ *[~^]*$' "$tmp/$e" | sed "s#$dir/##g" > "$tmp/$e.f"
    done
    if ! diff "$tmp/o1" "$tmp/o2" > "$tmp/d" || ! diff "$tmp/e1.f" "$tmp/e2.f" >> "$tmp/d"; then
        echo "== $base"; head -30 "$tmp/d"; bad=$((bad + 1))
    fi
done
rm -rf "$tmp"
echo "e2e: $n programs, $bad differ"
[ $bad -eq 0 ]
