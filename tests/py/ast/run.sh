#!/bin/sh
# tests/py/ast/run.sh -- the parser's tests: build parse_main with ASan
# and UBSan, run it on every tests/py/ast/cases/*.py and compare with the
# .expected beside it (made by expect.py from python3, or by hand for the
# cases listed in cases/HAND).  A case fails on a different output, a
# sanitizer report, a crash or a leak (parse_main exits 2).
#
#   sh tests/py/ast/run.sh [CASE.py ...]      from anywhere
#
# Then a second pass runs parse_main -m (every allocation failed in turn;
# no crash, no leak) on the cases named in cases/OOM, or on every case
# with OOM=all.
# The driver links the parser (src/py/lexer.c, parser.c, ast.c) with the
# library's core (src/*.c, src/types/*.c, built here into build/pyast/:
# the library's own archive also holds the rest of the interpreter, which
# the parser does not need) and tests/py/ast/stubs.c.
set -u
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$ROOT" || exit 1
B=build/pyast
CC=${CC:-cc}
JOBS=${JOBS:-2}
CFLAGS="-std=c11 -D_GNU_SOURCE -O1 -g -fno-omit-frame-pointer \
-fsanitize=address,undefined -fno-sanitize-recover=all \
-Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
-Wpointer-arith -Wwrite-strings -Wundef -Wvla -Wformat=2 -Wcast-qual \
-Wold-style-definition -Wnull-dereference -Wdouble-promotion \
-Wno-unused-parameter -Wno-comment -Iinclude -Isrc"
mkdir -p "$B/core" || exit 1

# The core objects, rebuilt when a source or a header is newer.
newest_header=$(ls -t include/*.h include/objheap/*.h src/*.h src/types/*.h \
                2>/dev/null | head -1)
for f in src/*.c src/types/*.c; do
    o="$B/core/$(echo "$f" | tr / _ | sed 's/\.c$/.o/')"
    if [ ! -f "$o" ] || [ "$f" -nt "$o" ] || [ "$newest_header" -nt "$o" ]; then
        echo "$CC $CFLAGS -c $f -o $o"
    fi
done | xargs -r -P "$JOBS" -I CMD sh -c 'CMD' || exit 1

PARSER="src/py/lexer.c src/py/parser.c src/py/ast.c tests/py/ast/parse_main.c \
tests/py/ast/stubs.c"
# shellcheck disable=SC2086
$CC $CFLAGS -Itests/py/ast $PARSER "$B"/core/*.o -o "$B/parse_main" -lm -ldl \
    || exit 1

if [ $# -gt 0 ]; then
    CASES="$*"
else
    CASES=$(ls tests/py/ast/cases/*.py)
fi
pass=0
fail=0
for c in $CASES; do
    exp="${c%.py}.expected"
    out=$(ASAN_OPTIONS=detect_leaks=1 "$B/parse_main" "$c" 2>"$B/stderr")
    rc=$?
    if [ $rc -ne 0 ] || [ ! -f "$exp" ] || [ "$out" != "$(cat "$exp")" ]; then
        fail=$((fail + 1))
        echo "FAIL $c (exit $rc)"
        if [ -f "$exp" ]; then
            echo "  expected: $(cat "$exp")" | cut -c1-300
        fi
        echo "  got:      $out" | cut -c1-300
        head -c 2000 "$B/stderr"
    else
        pass=$((pass + 1))
    fi
done
echo "tests/py/ast: $pass passed, $fail failed"

if [ $# -eq 0 ]; then
    if [ "${OOM:-}" = all ]; then
        OOM_CASES=$CASES
    else
        OOM_CASES=$(grep -v '^#' tests/py/ast/cases/OOM | \
                    sed 's#^#tests/py/ast/cases/#')
    fi
    opass=0
    ofail=0
    for c in $OOM_CASES; do
        if "$B/parse_main" -m "$c" >/dev/null 2>"$B/stderr"; then
            opass=$((opass + 1))
        else
            ofail=$((ofail + 1))
            echo "FAIL (out of memory) $c"
            head -c 2000 "$B/stderr"
        fi
    done
    echo "tests/py/ast, allocations failed in turn: $opass passed, $ofail failed"
    fail=$((fail + ofail))
fi
[ $fail -eq 0 ]
