#!/bin/sh
# Fail each allocation of the str, bytes and formatting workloads in turn
# (oom_main.c says what is checked):
#   tests/py/oom/run.sh [FILE.py...]        default: tests/py/oom/*.py
# Builds build/pyoom/oom_main under AddressSanitizer + UBSan against
# build/asan/libobjheap.a (make -j2 build/asan/libobjheap.a first; the
# library must hold the interpreter).  Exit status 1 if any workload
# failed uncleanly.
set -e
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../../.."
mkdir -p "$root/build/pyoom"
CFLAGS="-std=c11 -D_GNU_SOURCE -Wall -Wextra -Wpedantic -Wshadow \
 -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith -Wwrite-strings \
 -Wundef -Wvla -Wformat=2 -Wcast-qual -Wold-style-definition \
 -Wnull-dereference -Wdouble-promotion -Wno-unused-parameter \
 -I$root/include -O1 -g -fno-omit-frame-pointer \
 -fsanitize=address,undefined -fno-sanitize-recover=all"
${CC:-cc} $CFLAGS -o "$root/build/pyoom/oom_main" "$here/oom_main.c" \
    "${LIBOBJHEAP:-$root/build/asan/libobjheap.a}" -lm -ldl
[ $# -eq 0 ] && set -- "$here"/*.py
status=0
for f in "$@"; do
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} \
        "$root/build/pyoom/oom_main" "$f" || status=1
done
exit $status
