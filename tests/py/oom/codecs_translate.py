# Fail-each-allocation workload (oom_main.c): maketrans/translate,
# format_map with __missing__, join over iterators, UTF-16/32, bytearray
# construction and slice assignment, case mapping with final sigma.
class D(dict):
    def __missing__(self, k): return k.upper()
def gen():
    yield 'a'
    yield 'é'
def run():
    t = str.maketrans({'a': 'b', 98: None, 'c': 'xyz'})
    t2 = str.maketrans('abc', 'xyz', 'q')
    r = ['abcq'.translate(t), 'abcq'.translate(t2), '{x}{y}'.format_map(D(x=1)), '-'.join(gen()), ''.join(iter(['a', 'b'])),
         'é😀x'.encode('utf-16'), 'é😀x'.encode('utf-32-be'), b'\xff\xfea\x00=\xd8\x00\xde'.decode('utf-16'), b'\x00\xd8'.decode('utf-16-le', 'replace'),
         bytearray('héllo', 'utf-8'), bytearray([1, 2, 3]), bytearray(iter([4, 5])), bytearray(b'xy') * 3, bytes(bytearray(b'q')), b'ab'.join([bytearray(b'c'), b'd']),
         'ΣΑΣ ΌΣΟΣ'.lower(), 'ß'.upper(), 'ǅ'.title(), 'ﬁ'.casefold(), 'abc'[::-1], 'é😀x'[::2], 'é😀x'[1], str(b'abc', 'ascii'), str(bytearray(b'x'), 'latin-1'),
         'a b c'.rsplit(None, 1), 'a\u2028b\x85c'.splitlines(True), '\u3000x\u3000'.strip(), 'x\ty'.expandtabs(3), 'é'.center(5, '·'), '-5'.zfill(4)]
    ba = bytearray(b'hello')
    ba[1:3] = [65, 66, 67]
    ba[::2] = b'xyz'
    del ba[1:2]
    ba.insert(0, 1); ba.remove(1); ba.reverse(); ba.extend(iter(range(3))); ba.pop(); ba.clear()
    r.append(ba)
    try:
        b'\xc3'.decode()
    except UnicodeDecodeError as e:
        r.append(e.reason)
    try:
        'é'.encode('ascii')
    except UnicodeEncodeError as e:
        r.append(e.reason)
    return r
