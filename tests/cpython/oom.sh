#!/bin/sh
# tests/cpython/oom.sh -- running out of memory is a MemoryError, not a crash.
#
# Usage: sh tests/cpython/oom.sh LAUNCHER
#
# Runs tests/cpython/oom.py under `ulimit -v` (address space), so the
# kernel refuses mmap and malloc long before the machine runs short:
#  1. every phase of oom.py must end in a MemoryError it catches, after
#     which the interpreter must still allocate normally (exit status 0);
#  2. an uncaught MemoryError must end the program the ordinary way: a
#     traceback ending in "MemoryError" and exit status 1, not a signal or
#     a "Fatal Python error".
launcher=$1
here=$(dirname "$0")
limit_kib=${OOM_LIMIT_KIB:-200000}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
failed=0

(ulimit -v "$limit_kib" && exec "$launcher" "$here/oom.py") >"$out" 2>&1
rc=$?
if [ $rc -eq 0 ] && tail -n 1 "$out" | grep -q "all phases raised MemoryError"
then
    sed 's/^/  /' "$out"
else
    cat "$out"
    echo "oom: caught phases: exit status $rc (expected 0)"
    failed=1
fi

(ulimit -v "$limit_kib" && exec "$launcher" "$here/oom.py" uncaught) \
    >"$out" 2>&1
rc=$?
if [ $rc -eq 1 ] && tail -n 1 "$out" | grep -qx "MemoryError" \
   && ! grep -q "Fatal Python error" "$out"; then
    echo "  oom: uncaught MemoryError: traceback, exit status 1"
else
    tail -n 20 "$out"
    echo "oom: uncaught phase: exit status $rc (expected 1 and a traceback)"
    failed=1
fi
[ $failed -eq 0 ] && echo "oom: passed (ulimit -v $limit_kib KiB)"
[ $failed -eq 0 ]
