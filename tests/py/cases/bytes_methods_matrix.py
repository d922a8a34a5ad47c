# Every bytes and bytearray method over many samples, decode with each
# error handler and CPython's UnicodeDecodeError ranges, the constructors
# and their errors, % formatting, hashing, iteration.
samples = [b'', b'a', b'abc', b'  hello  world  ', b'a,b,,c,', b'Hello World', b'\x00\xff\x80\t\n\r\\\'"', b"it's", b'line1\nline2\r\nline3\rline4\x0bx', b'123', b'a1_b2', b'ABC', b'AbC dEf', b'-42']
m0 = ['upper', 'lower', 'swapcase', 'title', 'capitalize', 'isalpha', 'isdigit', 'isalnum', 'isspace', 'isupper', 'islower', 'istitle', 'isascii', 'split', 'rsplit', 'splitlines', 'strip', 'lstrip', 'rstrip', 'hex', '__len__']
for t in (bytes, bytearray):
  for s0 in samples:
    s = t(s0)
    print(repr(s), [getattr(s, m)() for m in m0])
    print(' ', s.splitlines(True), s.split(None, 1), s.rsplit(None, 1), s.split(b' '), s.rsplit(b' ', 1), s.split(b',', 2), s.rsplit(b',', 2))
    print(' ', s.center(12, b'*'), s.ljust(8), s.rjust(9, b'-'), s.zfill(6), s.expandtabs(4), s.strip(b'a!x'), s.lstrip(b' lh'), s.rstrip(b'dl '))
    print(' ', s.find(b'l'), s.rfind(b'l'), s.find(108), s.find(b'o', 5), s.find(b'', 3), s.rfind(b'', 2), s.count(b'l'), s.count(b''), s.count(b'a', 1, -1), s.startswith((b'he', b'a')), s.endswith(b'd'), s.startswith(b'', 100))
    print(' ', s.replace(b'l', b'L'), s.replace(b'', b'|', 3), s.replace(b'a', b'', 1), s.partition(b' '), s.rpartition(b' '), s.partition(b'zz'), s.rpartition(b'zz'), s.removeprefix(b'he'), s.removesuffix(b'ld'))
    print(' ', s.decode('latin-1'), s[::-1], s[1:4], s[::2], s[-3:], list(s)[:5], s * 2, s + b'!', b'l' in s, 108 in s, s.hex(':'), s.hex('-', -2), s.hex(b'.', 3))
    print(' ', s == s0, s < b'b', s >= bytearray(b'a'), str(s)[:20])
print(b'-'.join([b'a', bytearray(b'b')]), bytearray(b', ').join([b'x', b'y']), bytes.fromhex('de ad  BE ef'), bytearray.fromhex(''), bytes.fromhex(' 01 '))
for bad in [lambda: bytes.fromhex('zz'), lambda: bytes.fromhex('a'), lambda: bytes.fromhex('0g'), lambda: bytes.fromhex('00é'), lambda: bytes.fromhex(b'00'), lambda: b'a'.index(b'z'), lambda: b'a'.rindex(122), lambda: b'a'.split(b''), lambda: b'a'.partition(b''), lambda: b'a'.center(5, b'ab'), lambda: b'a'.center(5, 'a'), lambda: b'a'.find('a'), lambda: b'a'.find(300), lambda: b'a'.startswith('a'), lambda: b'a'.startswith(('a',)), lambda: b'a'.strip('a'), lambda: b'a'.replace('a', b'x'), lambda: b'a'.join([1]), lambda: b'a'.join(1), lambda: b'a' + 'b', lambda: bytearray(b'a') + 'b', lambda: b'a'[5], lambda: bytearray(b'a')[5], lambda: bytearray()['x'], lambda: 'x' in b'a', lambda: 300 in b'a', lambda: b'a'.hex('ab'), lambda: b'a'.hex(1), lambda: b'a'.hex('é'), lambda: b'abc'.hex(':', 0), lambda: b'x'.decode('nope'), lambda: b'\xff'.decode(), lambda: b'\xff'.decode('ascii'), lambda: b'a\xc3'.decode(), lambda: b'\xe2\x82'.decode(), lambda: b'\xe2\x28\xa1'.decode(), lambda: b'\xf0\x90\x28'.decode(), lambda: b'\xed\xa0\x80'.decode(), lambda: b'\xc0\x80'.decode(), lambda: b'ab\xf5'.decode(), lambda: b'\xff'.decode('utf-8', 'bogus'), lambda: b'a'.upper(1), lambda: b'a'.translate(b'ab'), lambda: bytes.maketrans(b'a', b'bc')]:
    try: print(repr(bad()))
    except Exception as e: print(type(e).__name__, e)
for b in [b'a\xffb\xc3', b'\xe2\x82\xac\xe2\x82', b'\xf0\x9f\x98\x80\xf0', b'\xed\xa0\x80x', b'\x80\x80']:
    print(b.decode('utf-8', 'replace'), b.decode('utf-8', 'ignore'), b.decode('utf-8', 'backslashreplace'), b.decode('ascii', 'replace'), b.decode('latin-1'))
print(bytes(3), bytes([65, 66]), bytes('é', 'utf-8'), bytes(b'copy'), bytes(bytearray(b'ba')), bytes(range(5)), bytes((x for x in [1, 2])), bytes('a', encoding='ascii'))
for bad in [lambda: bytes('abc'), lambda: bytes(1, 'utf-8'), lambda: bytes(-1), lambda: bytes([256]), lambda: bytes(['a']), lambda: bytes(1.5), lambda: bytes(None), lambda: bytes('a', errors='x'), lambda: bytes(encoding='x'), lambda: bytearray('abc'), lambda: bytearray(1, 'utf-8'), lambda: bytearray(-1), lambda: bytearray([256]), lambda: bytearray(['a']), lambda: bytearray(1.5), lambda: bytearray(None), lambda: bytes('é', 'ascii')]:
    try: print(repr(bad()))
    except Exception as e: print(type(e).__name__, e)
class WB:
    def __bytes__(self): return b'wb'
class BadB:
    def __bytes__(self): return 'x'
print(bytes(WB()), b'%s|%b' % (WB(), b'x'))
try: bytes(BadB())
except TypeError as e: print(e)
print(b'%d-%s' % (5, b'x'), b'%5.2f|%-4d|%c%c' % (3.14159, 7, 65, b'B'), b'%r %a' % ('é', b'x'), bytearray(b'%x') % 255, b'%(k)s' % {b'k': b'v'})
print(hash(b'abc') == hash('abc'), hash(b'') == hash(''), len({b'a', b'a', bytes(b'a')}))
try: hash(bytearray(b'a'))
except TypeError as e: print(e)
it = iter(b'ab'); print(next(it), next(it), list(it), type(iter(b'')).__name__)
print(b'abc' == bytearray(b'abc'), bytearray(b'abc') == b'abc', b'a' == 'a', b'a' != 'a', bytearray(b'a') < b'b')
print(b'x'.__getnewargs__(), b'xy'.__sizeof__(), b''.__sizeof__())
print(b'ab' * 3, 2 * bytearray(b'ab'), b'ab' * 0, bytearray(b'x') * -1)
print(bytes.maketrans(b'abc', b'xyz')[97:100], b'abcabc'.translate(bytes.maketrans(b'abc', b'xyz'), b'b'), b'abc'.translate(None, b'a'), b'abc'.translate(None, delete=b'c'))
