#!/bin/sh
# Run each test program of one build variant and add up Criterion's counts.
# Usage: tests/run.sh VARIANT PROGRAM... [-- "COMMAND LINE"...]
# Each command line after "--" (the tour, the fuzz corpus replays, built in
# the same variant) is run too and counts as one test that passes when it
# exits 0.
# Prints one closing line, "VARIANT: N passed, N failed", and exits non-zero
# when any test failed or crashed or a program did not report.
variant=$1; shift
# Sanitizer builds: a failed allocation returns NULL (objheap's contract
# passes the C library's NULL through), and any report fails the test.
export ASAN_OPTIONS="allocator_may_return_null=1:detect_leaks=1:abort_on_error=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
passed=0; failed=0; bad=""
commands=""
for prog in "$@"; do
    if [ "$prog" = "--" ]; then commands=yes; continue; fi
    if [ -n "$commands" ]; then
        if out=$(sh -c "$prog" 2>&1); then
            passed=$((passed + 1))
            printf '  %-40s %s\n' "$(echo "$prog" | cut -d' ' -f1 | sed 's|^build/||')" "ran cleanly"
        else
            printf '%s\n' "$out"
            failed=$((failed + 1)); bad="$bad $prog"
        fi
        continue
    fi
    out=$("$prog" 2>&1); rc=$?
    line=$(printf '%s\n' "$out" | grep 'Synthesis:' | tail -n 1)
    if [ -z "$line" ]; then
        printf '%s\n' "$out"
        echo "$prog: no Criterion synthesis (exit $rc)"
        failed=$((failed + 1)); bad="$bad $prog"; continue
    fi
    p=$(printf '%s' "$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
    f=$(printf '%s' "$line" | sed -n 's/.*Failing: \([0-9]*\).*/\1/p')
    c=$(printf '%s' "$line" | sed -n 's/.*Crashing: \([0-9]*\).*/\1/p')
    passed=$((passed + p)); failed=$((failed + f + c))
    if [ "$rc" -ne 0 ] || [ $((f + c)) -ne 0 ]; then
        printf '%s\n' "$out"; bad="$bad $prog"
    fi
    printf '  %-40s %s passed\n' "${prog#build/}" "$p"
done
[ -n "$bad" ] && echo "failing:$bad"
echo "$variant: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ -z "$bad" ]
