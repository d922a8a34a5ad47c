"""tests/cpython/module.py -- the objheap module of objheap-python, tested
from Python.

Usage: LAUNCHER tests/cpython/module.py CONTROL

Runs under the launcher (build/objheap-python); CONTROL
(build/libc-python) must have no objheap module.  The heap map's SVG is
checked with xmllint (libxml2-utils), which the Makefile installs.
"""
import contextlib
import inspect
import io
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import unittest

import objheap

CONTROL = None

GAUGES = {'arenas', 'arena_bytes', 'pools', 'huge_blocks', 'huge_bytes'}
COUNTERS = {'arenas_released', 'large_requests', 'pool_inits', 'failed'}
WALKED = {'arena_size', 'pool_size', 'pools_empty', 'pools_untouched',
          'blocks_in_use', 'bytes_in_use', 'bytes_free', 'bytes_empty_pools',
          'bytes_untouched', 'bytes_overhead', 'medium_arenas',
          'retained_bytes'}
BYTES = ['bytes_in_use', 'bytes_free', 'bytes_empty_pools', 'bytes_untouched',
         'bytes_overhead']


def blocks_in_map(svg_path):
    """The blocks in use that a heap map's heading counts."""
    with open(svg_path, encoding='utf-8') as f:
        m = re.search(r'; (\d+) blocks in use<', f.read())
    return int(m.group(1))


class Module(unittest.TestCase):
    def test_documented(self):
        self.assertIn('objheap', objheap.__doc__)
        for name, sig in (('stats', '()'), ('print_stats', '(file=None)'),
                          ('heapmap', '(path)')):
            func = getattr(objheap, name)
            self.assertEqual(str(inspect.signature(func)), sig)
            self.assertGreater(len(func.__doc__), 100, name)


class Stats(unittest.TestCase):
    def test_keys_and_types(self):
        s = objheap.stats()
        self.assertEqual(set(s),
                         GAUGES | COUNTERS | WALKED | {'classes', 'medium'})
        for g in GAUGES:
            self.assertEqual(set(s[g]), {'current', 'peak', 'total'}, g)
            self.assertLessEqual(s[g]['current'], s[g]['peak'], g)
            self.assertLessEqual(s[g]['peak'], s[g]['total'], g)
        for k in COUNTERS | WALKED:
            self.assertIsInstance(s[k], int, k)
        self.assertEqual(len(s['classes']), 64)
        self.assertEqual([c['block_size'] for c in s['classes']],
                         list(range(16, 1025, 16)))
        self.assertEqual(len(s['medium']), 55)
        self.assertEqual(s['medium'][0]['block_size'], 1152)
        self.assertEqual(s['medium'][-1]['block_size'], 122880)

    def test_accounts_for_every_arena_byte(self):
        s = objheap.stats()
        self.assertGreater(s['arenas']['current'], 0)
        self.assertEqual(sum(s[k] for k in BYTES),
                         s['arena_bytes']['current'])
        self.assertEqual(sum(c['blocks_in_use']
                             for c in s['classes'] + s['medium']),
                         s['blocks_in_use'])

    def test_numbers_move_with_the_program(self):
        before = objheap.stats()
        objs = [(i,) for i in range(100_000)]    # a tuple and an int each
        during = objheap.stats()
        del objs
        after = objheap.stats()
        grown = during['blocks_in_use'] - before['blocks_in_use']
        self.assertGreaterEqual(grown, 150_000)
        self.assertGreater(during['arenas']['current'],
                           before['arenas']['current'])
        self.assertLess(after['blocks_in_use'],
                        during['blocks_in_use'] - 150_000)

    def test_active(self):
        self.assertIs(objheap.active, True)
        out = subprocess.run(
            [sys.executable, '-c', 'import objheap; print(objheap.active)'],
            env=dict(os.environ, PYTHONMALLOC='pymalloc'),
            capture_output=True, text=True, check=True).stdout
        self.assertEqual(out, 'False\n')


    def test_debug(self):
        # OBJHEAP_DEBUG=1: objheap's own checks (guard bytes, fill
        # patterns) under CPython, which runs an allocation-heavy program
        # on them without a report.
        code = ('import objheap, json\n'
                'assert objheap.debug\n'
                'x = [{str(i): [i] * (i % 9)} for i in range(30_000)]\n'
                'assert json.loads(json.dumps(x)) == x\n'
                'print("ok")\n')
        out = subprocess.run([sys.executable, '-c', code],
                             env=dict(os.environ, OBJHEAP_DEBUG='1'),
                             capture_output=True, text=True)
        self.assertEqual((out.returncode, out.stdout, out.stderr),
                         (0, 'ok\n', ''))


class PrintStats(unittest.TestCase):
    def test_to_a_file_object(self):
        f = io.StringIO()
        self.assertIsNone(objheap.print_stats(f))
        self.assertIn('every arena byte accounted for', f.getvalue())
        f = io.StringIO()
        objheap.print_stats(file=f)
        self.assertIn('every arena byte accounted for', f.getvalue())

    def test_to_sys_stderr_by_default(self):
        f = io.StringIO()
        with contextlib.redirect_stderr(f):
            objheap.print_stats()
        self.assertIn('every arena byte accounted for', f.getvalue())

    def test_bad_arguments(self):
        with self.assertRaises(AttributeError):     # as print(file=5)
            objheap.print_stats(5)
        with self.assertRaises(TypeError):
            objheap.print_stats(io.StringIO(), 2)
        with self.assertRaises(TypeError):
            objheap.print_stats(stream=io.StringIO())


class Heapmap(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def assert_valid_svg(self, path):
        subprocess.run(['xmllint', '--noout', path], check=True)
        with open(path, encoding='utf-8') as f:
            self.assertIn('<svg', f.read(200))

    def test_writes_valid_svg(self):
        objs = [(i,) for i in range(100_000)]
        for path in (self.path('a.svg'), pathlib.Path(self.path('b.svg')),
                     os.fsencode(self.path('c.svg'))):
            self.assertIs(objheap.heapmap(path), False)
            self.assert_valid_svg(path)
        self.assertGreaterEqual(blocks_in_map(self.path('a.svg')), 200_000)
        del objs

    def test_bad_arguments(self):
        with self.assertRaises(TypeError):
            objheap.heapmap(5)
        with self.assertRaises(TypeError):
            objheap.heapmap()
        with self.assertRaises(ValueError):
            objheap.heapmap('a\0b.svg')
        missing = self.path('no/such/dir/map.svg')
        with self.assertRaises(FileNotFoundError) as cm:
            objheap.heapmap(missing)
        self.assertEqual(cm.exception.filename, missing)
        with self.assertRaises(IsADirectoryError):
            objheap.heapmap(self.dir.name)

    def test_objheap_heapmap_at_exit(self):
        # One map, written after the program's own exit handlers, while
        # its objects are alive: the program's 100,000 tuples are in it.
        # (The library's own switch, after finalisation, would see a few
        # hundred blocks and must not overwrite it.)
        path = self.path('exit.svg')
        code = ('import atexit\n'
                'objs = [(i,) for i in range(100_000)]\n'
                'atexit.register(print, "handler ran")\n')
        out = subprocess.run(
            [sys.executable, '-c', code],
            env=dict(os.environ, OBJHEAP_HEAPMAP=path),
            capture_output=True, text=True, check=True)
        self.assertEqual(out.stdout, 'handler ran\n')
        self.assertEqual(out.stderr, '')
        self.assert_valid_svg(path)
        self.assertGreaterEqual(blocks_in_map(path), 200_000)

    def test_objheap_heapmap_bad_path(self):
        path = self.path('no/such/dir/map.svg')
        out = subprocess.run(
            [sys.executable, '-c', 'pass'],
            env=dict(os.environ, OBJHEAP_HEAPMAP=path),
            capture_output=True, text=True)
        self.assertEqual(out.returncode, 0)
        self.assertIn(f'OBJHEAP_HEAPMAP={path}', out.stderr)
        self.assertIn('FileNotFoundError', out.stderr)
        self.assertEqual(out.stderr.count('OBJHEAP_HEAPMAP'), 1)


class Control(unittest.TestCase):
    def test_no_module_in_the_control(self):
        out = subprocess.run(
            [CONTROL, '-c', 'import objheap'], capture_output=True, text=True,
            env=dict(os.environ, OBJHEAP_STATS='1',
                     OBJHEAP_HEAPMAP=os.devnull + '/x.svg'))
        self.assertEqual(out.returncode, 1)
        self.assertIn("ModuleNotFoundError: No module named 'objheap'",
                      out.stderr)
        self.assertNotIn('OBJHEAP', out.stderr)     # switches: not in use


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    CONTROL = sys.argv.pop()
    unittest.main()
