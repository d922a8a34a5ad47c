# Codecs by their many names: UTF-8, ASCII, Latin-1, UTF-16 and UTF-32 (with
# and without byte order marks), every error handler on both sides, and the
# UnicodeEncodeError/UnicodeDecodeError attributes CPython sets.
s = 'h€llo😀 é'
for name in ['utf-8', 'UTF8', 'utf_8', 'u8', 'latin-1', 'ISO-8859-1', 'l1', 'ascii', 'US-ASCII', 'utf-16', 'UTF-16LE', 'utf_16_be', 'u16', 'utf-32', 'utf-32-le', 'UTF-32BE']:
    try:
        e = s.encode(name, 'replace')
        print(name, e, e.decode(name, 'replace'))
    except LookupError as err:
        print(name, 'LookupError', err)
for handler in ['strict', 'ignore', 'replace', 'backslashreplace', 'xmlcharrefreplace']:
    for codec in ['ascii', 'latin-1']:
        try:
            print(handler, codec, s.encode(codec, handler))
        except UnicodeEncodeError as err:
            print(handler, codec, err, err.encoding, err.start, err.end, err.reason)
samples = [b'a\xffb', b'\xc3', b'x\xe2\x82', b'\xe2\x28\xa1', b'\xf0\x90\x28', b'\xed\xa0\x80', b'\xc0\x80', b'ab\xf5', b'\xf4\x90\x80\x80', b'\xe0\x80\x80', b'\xf0\x9f\x98']
for b in samples:
    try:
        b.decode()
    except UnicodeDecodeError as err:
        print(b, err, err.start, err.end, err.reason)
    print(' ', repr(b.decode('utf-8', 'replace')), repr(b.decode('utf-8', 'ignore')), repr(b.decode('utf-8', 'backslashreplace')), repr(b.decode('ascii', 'replace')))
wide = [(b'a\x00\x00', 'utf-16-le'), (b'\x00\xd8', 'utf-16-le'), (b'\x00\xdc', 'utf-16-le'), (b'\x00\xd8a\x00', 'utf-16-le'), (b'\xff\xfe\x00\xdc', 'utf-16'), (b'\xfe\xff\xdc\x00', 'utf-16'), (b'\x00\x00\x11\x00', 'utf-32-le'), (b'\x00\xd8\x00\x00', 'utf-32'), (b'abc', 'utf-32'), (b'\x00\x00\xfe\xff\x00\x00\xd8\x00', 'utf-32')]
for b, codec in wide:
    try:
        print(repr(b.decode(codec)))
    except UnicodeDecodeError as err:
        print(b, err)
    print(' ', repr(b.decode(codec, 'replace')), repr(b.decode(codec, 'backslashreplace')), repr(b.decode(codec, 'ignore')))
for bad in [lambda: s.encode('nope'), lambda: b'x'.decode('nope'), lambda: b'\xff'.decode('utf-8', 'nope'), lambda: 'é'.encode('ascii', 'nope'), lambda: s.encode(errors=5), lambda: str(b'x', 'nope')]:
    try:
        print(bad())
    except (LookupError, TypeError) as err:
        print(type(err).__name__, err)
print(str(b'caf\xc3\xa9', 'utf-8'), str(b'caf\xe9', encoding='latin-1'), str(b'caf\xe9', 'utf-8', 'replace'), bytes('é', 'utf-16-le'), bytearray('é', 'latin-1'))
