#!/bin/sh
# Disassemble FILE the way our compiler compiles python3's tree of it:
#   tests/py/compile/run.sh [dis_main options] FILE
# (the last argument is the file; -m MODE is passed to ast2sexp.py too).
set -e
here="$(dirname "$0")"
root="$here/../../.."
file=""; mode="exec"; prev=""
for a in "$@"; do
    [ "$prev" = "-m" ] && mode="$a"
    prev="$a"; file="$a"
done
tmp="${TMPDIR:-/tmp}/pycompile.$$.sexp"
python3 "$here/ast2sexp.py" -m "$mode" "$file" > "$tmp"
status=0
"$root/build/pycompile/dis_main" -s "$tmp" "$@" || status=$?
rm -f "$tmp"
exit $status
