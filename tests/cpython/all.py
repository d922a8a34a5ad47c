"""tests/cpython/all.py -- `make test-cpython-all`: CPython's whole
regression suite on objheap-python and on the control, and only what
differs between them.

Usage: python3 tests/cpython/all.py [options] OUTDIR LAUNCHER CONTROL...
           [-- REGRTEST-ARGS...]

    LAUNCHER   build/objheap-python
    CONTROL    build/libc-python: the same launcher on the C library's
               malloc (see tools/objheap-python.c).  A test that fails on
               both does not come from objheap.  More than one may be
               given (stock python3, say): each is compared with LAUNCHER.
    REGRTEST-ARGS  what to run, as `python3 -m test` takes it (default:
               every test file, no -u resources, as `python3 -m test`).

Steps:
 1. `LAUNCHER -m test -jJOBS --timeout T -W`, its output in OUTDIR/A.log
    (-W shows a failed file's output, which names each failed case and
    subtest); then the same on each CONTROL (B.log, C.log, ...).  The
    runs take turns, never overlap, and are niced (--nice, 19 by
    default): the suite is long and the machine is shared.
 2. Compare: the test files each run failed (regrtest's summary) and the
    test cases each run failed or errored (unittest's FAIL: and ERROR:
    lines; regrtest's --junit-xml loses the names of failed subtests).
 3. Each difference is run again, alone, on both: a case with `--match
    ID`, a file that failed without a failing case (a crash, a timeout)
    as a whole file.  A difference that holds on the second run is
    CONFIRMED; one that does not is FLAKY (the first run was loaded:
    timing tests fail under -j on a busy machine).  A confirmed failure
    of LAUNCHER's that tests/cpython/skips.txt lists is LISTED, with the
    list's reason: expected against stock python3, and not counted.

Prints each run's totals and the differences only; the full lists are in
OUTDIR (A.log, B.log, ..., the rechecks' logs, report.txt).  Exit status
1 when a confirmed difference, not listed, fails on LAUNCHER and passes
on a CONTROL: something in objheap or its launcher breaks a CPython test.
"""
import argparse
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def listed_tests():
    """{test id: reason} from tests/cpython/skips.txt: the tests no
    allocator installed in place of pymalloc can pass."""
    listed = {}
    with open(os.path.join(HERE, 'skips.txt'), encoding='utf-8') as f:
        for line in f:
            if line.strip() and not line.startswith('#'):
                test_id, _, reason = line.strip().partition(' ')
                listed[test_id] = reason.strip()
    return listed

# A block of regrtest's summary: "3 tests failed:", then indented names.
BLOCK = re.compile(r'^(\d+) (?:re-run )?tests? (.+):$')
OK_LINE = re.compile(r'^(?:All )?(\d+) tests? OK\.$')
TOTAL_LINE = re.compile(r'^Total (tests|test files): (.*)$')


def summary(log_path):
    """The test files of each kind in a regrtest log's final summary:
    {'failed': [...], 'skipped': [...], ..., 'OK': count}, and its
    'Total' lines."""
    kinds = {}
    totals = {}
    current = None
    with open(log_path, encoding='utf-8', errors='replace') as f:
        lines = f.read().splitlines()
    # Only the final summary: after the last "== Tests result" line.
    start = max((i for i, line in enumerate(lines)
                 if line.startswith('== Tests result')), default=0)
    for line in lines[start:]:
        m = BLOCK.match(line)
        if m:
            current = kinds.setdefault(m.group(2), [])
            continue
        m = OK_LINE.match(line)
        if m:
            kinds['OK'] = int(m.group(1))
            current = None
            continue
        m = TOTAL_LINE.match(line)
        if m:
            totals[m.group(1)] = m.group(2)
            current = None
            continue
        if current is not None and line.startswith('    '):
            current.extend(line.split())
        else:
            current = None
    return kinds, totals


# With -W regrtest shows a failed file's output, unittest's "FAIL: name
# (id)" and "ERROR: name (id)" headers included, subtests too, after the
# file's progress line ("[ 86/462/1] test_cmd_line failed").
FAILED_CASE = re.compile(r'^(?:FAIL|ERROR): \S+ \(([\w.]+)\)')
FAILED_FILE = re.compile(r'^\S+ load avg: [\d.]+ \[ *\d+/\d+(?:/\d+)?\] '
                         r'(\S+) failed')


def finished(log_path):
    """Does the log hold a complete run (regrtest's final result)?"""
    try:
        with open(log_path, encoding='utf-8', errors='replace') as f:
            return any(line.startswith('Result: ') for line in f)
    except OSError:
        return False


def failed_cases(log_path):
    """The test cases that failed or errored in a regrtest log (run with
    -W), subtests counted under their test: {case id: its test file}."""
    failed = {}
    current = None
    with open(log_path, encoding='utf-8', errors='replace') as f:
        for line in f:
            m = FAILED_FILE.match(line)
            if m:
                current = m.group(1)
                continue
            m = FAILED_CASE.match(line)
            if m:
                failed[m.group(1)] = current or file_of(m.group(1))
    return failed


def file_of(case_id):
    """The test file that holds a case id such as
    test.test_asyncio.test_tasks.Tests.test_x, when the log did not say."""
    parts = case_id.split('.')
    return parts[1] if len(parts) > 1 and parts[0] == 'test' else parts[0]


def regrtest(exe, args, nice, log_path, timeout=None):
    """Run `exe -m test ARGS` under nice; its output goes to log_path.
    Returns (passed, seconds)."""
    cmd = ['nice', '-n', str(nice), exe, '-m', 'test'] + args
    t = time.monotonic()
    with open(log_path, 'w') as log:
        try:
            rc = subprocess.call(cmd, stdout=log, stderr=subprocess.STDOUT,
                                 timeout=timeout)
        except subprocess.TimeoutExpired:
            rc = -1
    return rc == 0, time.monotonic() - t


def compare(a, b, ns, say):
    """Report what differs between run `a` (the launcher) and run `b`,
    each difference run again alone on both.  Returns the confirmed
    differences that fail on `a` and pass on `b`."""
    a_name, a_exe, a_kinds, a_cases = a
    b_name, b_exe, b_kinds, b_cases = b
    a_files = set(a_kinds.get('failed', []))
    b_files = set(b_kinds.get('failed', []))
    say()
    say(f'== {a_name} against {b_name}')
    say(f'   failing on both (so not objheap): {len(a_files & b_files)} '
        f'files, {len(set(a_cases) & set(b_cases))} cases')
    say('   ' + ' '.join(sorted(a_files & b_files)))

    # The differences: cases first; then files that failed on one run
    # with no case of theirs among that run's differing cases.
    diffs = []                  # (id, its file, is a file, fails on a)
    for one, other, on_a in ((a_cases, b_cases, True),
                             (b_cases, a_cases, False)):
        diffs += [(case, one[case], False, on_a)
                  for case in sorted(set(one) - set(other))]
    covered = {f for _, f, _, _ in diffs}
    for only, on_a in ((a_files - b_files, True), (b_files - a_files, False)):
        diffs += [(f, f, True, on_a) for f in sorted(only) if f not in covered]
    for kind in ('altered the execution environment (env changed)',):
        a_env, b_env = set(a_kinds.get(kind, [])), set(b_kinds.get(kind, []))
        if a_env != b_env:
            say(f'   env changed on {a_name} only: '
                f'{" ".join(sorted(a_env - b_env)) or "-"}; on {b_name} '
                f'only: {" ".join(sorted(b_env - a_env)) or "-"}')

    say()
    say(f'   differences: {len(diffs)} (each run again alone on both)')
    confirmed_against_objheap = 0
    for i, (what, test_file, is_file, on_a) in enumerate(diffs):
        if i >= ns.max_rechecks:
            say(f'   ... {len(diffs) - i} more not rechecked')
            break
        args = [what] if is_file else [test_file, '--match', what]
        log = os.path.join(ns.outdir, f'recheck-{b_name}-{i}')
        a_ok, _ = regrtest(a_exe, args, ns.nice, log + '-A.log',
                           timeout=2 * ns.timeout)
        b_ok, _ = regrtest(b_exe, args, ns.nice, log + '-B.log',
                           timeout=2 * ns.timeout)
        still = (not a_ok and b_ok) if on_a else (a_ok and not b_ok)
        verdict = 'CONFIRMED' if still else 'FLAKY'
        reason = ns.listed.get(what) if on_a else None
        if still and reason is not None:
            verdict = 'LISTED'  # expected: skips.txt gives the reason
        elif still and on_a:
            confirmed_against_objheap += 1
        say(f'   {verdict:9} fails on {a_name if on_a else b_name} only: '
            f'{what}{" (whole file)" if is_file else ""}'
            f'  [recheck: {a_name} {"ok" if a_ok else "FAIL"}, '
            f'{b_name} {"ok" if b_ok else "FAIL"}; {log}-*.log]')
        if verdict == 'LISTED':
            say(f'             in skips.txt: {reason}')
    if not diffs:
        say('   none')
    return confirmed_against_objheap


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('outdir')
    ap.add_argument('interpreters', nargs='+', metavar='LAUNCHER CONTROL')
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--nice', type=int, default=19)
    ap.add_argument('--timeout', type=int, default=600,
                    help='seconds a test file may take (regrtest --timeout)')
    ap.add_argument('--max-rechecks', type=int, default=60)
    ap.add_argument('--reuse', action='store_true',
                    help='take a run whose log in OUTDIR is complete from '
                         'that log instead of running it again')
    argv = sys.argv[1:]
    regrtest_args = []
    if '--' in argv:
        at = argv.index('--')
        argv, regrtest_args = argv[:at], argv[at + 1:]
    ns = ap.parse_args(argv)
    ns.listed = listed_tests()
    if len(ns.interpreters) < 2:
        ap.error('give LAUNCHER and at least one CONTROL')
    os.makedirs(ns.outdir, exist_ok=True)
    report = open(os.path.join(ns.outdir, 'report.txt'), 'w')

    def say(text=''):
        print(text, flush=True)
        print(text, file=report, flush=True)

    runs = []
    for tag, exe in zip('ABCDEFGH', ns.interpreters):
        name = os.path.basename(exe)
        say(f'== {tag}: {name} -m test -j{ns.jobs} (nice {ns.nice}), '
            f'started {time.strftime("%H:%M:%S")}')
        args = [f'-j{ns.jobs}', f'--timeout={ns.timeout}', '-W']
        args += regrtest_args
        log = os.path.join(ns.outdir, f'{tag}.log')
        if ns.reuse and finished(log):
            secs = 0
            say('   (reusing the log of an earlier run)')
        else:
            _, secs = regrtest(exe, args, ns.nice, log)
        kinds, totals = summary(os.path.join(ns.outdir, f'{tag}.log'))
        cases = failed_cases(os.path.join(ns.outdir, f'{tag}.log'))
        runs.append((name, exe, kinds, cases))
        say(f'   {secs:.0f} s; files: {totals.get("test files", "?")}; '
            f'OK={kinds.get("OK", 0)}')
        say(f'   cases: {totals.get("tests", "?")}; '
            f'{len(cases)} failed or errored')

    confirmed_against_objheap = 0
    for run in runs[1:]:
        confirmed_against_objheap += compare(runs[0], run, ns, say)
    say()
    others = ', '.join(run[0] for run in runs[1:])
    if confirmed_against_objheap:
        say(f'test-cpython-all: {confirmed_against_objheap} confirmed '
            f'failures on {runs[0][0]} that {others} did not have')
        return 1
    say(f'test-cpython-all: no confirmed failure on {runs[0][0]} that '
        f'{others} did not have (apart from those in skips.txt)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
