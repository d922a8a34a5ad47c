# Every str method over ASCII, Latin-1, Greek, CJK, emoji, combining and
# whitespace-heavy samples, then their argument errors.
samples = ['', 'a', 'abc', '  hello  world  ', 'a,b,,c,', 'Hello World', 'ÀÉÎõü straße', 'ΣΑΣ ΌΣΟΣ', 'ǅǆǄ', 'ﬁ ﬂ', 'İı', '\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u2028\u2029\u3000 x', 'line1\nline2\r\nline3\rline4\x0bline5\u2028', '日本語テキスト', '😀a😀b😀', 'x\u0301y', '123', '١٢٣', '²³', 'Ⅻ', '½', 'a1_b2', '_x', '1x', 'αβγ', 'ABC', 'AbC dEf', "it's a dog's life", 'hello_world42', '\x00\x7f\x80\x9f']
methods0 = ['upper', 'lower', 'casefold', 'swapcase', 'title', 'capitalize', 'isalpha', 'isdecimal', 'isdigit', 'isnumeric', 'isalnum', 'isspace', 'isupper', 'islower', 'istitle', 'isidentifier', 'isprintable', 'isascii', 'split', 'rsplit', 'splitlines', 'strip', 'lstrip', 'rstrip', '__len__']
for s in samples:
    print(repr(s), [getattr(s, m)() for m in methods0])
    print(' ', s.splitlines(True), s.split(None, 1), s.rsplit(None, 1), s.split(' '), s.rsplit(' ', 1), s.split(',', 2), s.rsplit(',', 2))
    print(' ', s.center(12, '*'), s.ljust(8, 'é'), s.rjust(9), s.zfill(6), s.expandtabs(4), s.strip('a!ëx'), s.lstrip(' lh'), s.rstrip('dl '))
    print(' ', s.find('l'), s.rfind('l'), s.find('o', 5), s.find('', 3), s.rfind('', 2), s.count('l'), s.count(''), s.count('a', 1, -1), s.startswith(('he', 'a')), s.endswith('d'), s.startswith('', 100), s.endswith('c', 0, 3))
    print(' ', s.replace('l', 'L'), s.replace('', '|', 3), s.replace('a', '', 1), s.partition(' '), s.rpartition(' '), s.partition('zz'), s.rpartition('zz'), s.removeprefix('he'), s.removesuffix('ld'))
    print(' ', repr(s), ascii(s), s.encode('utf-8', 'strict')[:20], s[::-1], s[1:4], s[::2], s[-3:], list(s)[:5])
print('-'.join(['a', 'b']), ''.join(x for x in 'abc'), ', '.join(map(str, range(5))), 'x'.join('αβγ'))
try: ','.join([1, 2])
except TypeError as e: print(e)
try: ','.join(5)
except TypeError as e: print(e)
for bad in [lambda: 'a'.index('z'), lambda: 'a'.rindex('z'), lambda: 'a'.split(''), lambda: 'a'.partition(''), lambda: 'a'.center(5, 'ab'), lambda: 'a'.center(5, 5), lambda: 'a'.find(1), lambda: 'a'.startswith(1), lambda: 'a'.startswith((1,)), lambda: 'a'.strip(1), lambda: 'a'.replace(1, 'x'), lambda: 'a'.replace('a', 2), lambda: 'a'.removeprefix(1), lambda: 'a'.split(1), lambda: 'a'.split(maxsplit='x'), lambda: 'a'.split(foo=1), lambda: 'a'.zfill('x'), lambda: 'a'.find('a', 'x'), lambda: 'a'.find('a', start=1), lambda: 'a'.upper(1), lambda: 'a'.join(), lambda: 'a'.encode(1), lambda: 'a'.encode('zzz'), lambda: 'é'.encode('ascii'), lambda: 'é€x€€'.encode('latin-1'), lambda: 'é'.encode('ascii', 'bogus'), lambda: 'a' * 'b', lambda: 'a'[5], lambda: 'a' + 1, lambda: 1 in 'a', lambda: 'a' < 1]:
    try: print(repr(bad()))
    except Exception as e: print(type(e).__name__, e)
print('a\tb\tc'.expandtabs(), 'ab\tc\n\td'.expandtabs(3), '\t'.expandtabs(0))
print('Straße'.upper(), 'ǈ'.swapcase(), 'ǈ'.title(), 'hello WORLD'.title(), "they're bill's".title(), 'ŉ'.upper(), 'ΐ'.upper(), 'ΐ'.casefold())
print('-3'.zfill(5), '+x'.zfill(4), ''.zfill(3), 'ab'.zfill(1))
print('abc'.center(6), 'abc'.center(7, '-'), 'ab'.center(5), 'ab'.center(6, 'é'))
t = str.maketrans('abc', 'xyz', 'd')
print(sorted(t.items()), 'abcdd'.translate(t), 'abc'.translate({97: None, 98: 'BB', 99: 0x263a}))
print(sorted(str.maketrans({'a': 'b', 98: None}).items()))
for bad in [lambda: str.maketrans('ab', 'c'), lambda: str.maketrans(1, 'c'), lambda: str.maketrans({'ab': 1}), lambda: str.maketrans({1.5: 1}), lambda: str.maketrans([1]), lambda: 'a'.translate({97: 1.5}), lambda: 'a'.translate({97: 0x110000})]:
    try: print(repr(bad()))
    except Exception as e: print(type(e).__name__, e)
print('x'.__sizeof__(), 'é'.__sizeof__(), '€'.__sizeof__(), '😀'.__sizeof__(), ''.__sizeof__())
print(str(b'abc', 'ascii'), str(b'a\xffb', 'utf-8', 'replace'), str(bytearray(b'xy'), 'latin-1'), str(), str(5), str('x', 'utf-8') if False else 0)
try: str('x', 'utf-8')
except TypeError as e: print(e)
print('%s' % 'a', 'a' 'b', 'abc'[1], 'é😀x'[1], 'é😀x'[-1], 'é😀x'[0:2], 'abc' * 3, 3 * 'ab', 'ab' * -1, 'abc' < 'abd', 'é' > 'z', 'abc'.__getnewargs__())
print(repr('\xa0\u200b\u2028\ud7ff\ue000\U0010ffff\x7f\x1b\u0300'), repr("'"), repr('"'), repr('\'"'), repr('\\'))
