# Fail-each-allocation workload (oom_main.c): str methods, repr, encode,
# %, str.format, format() and f-strings on a short non-ASCII text.
def run():
    s = 'héllo wörld ΣΑΣ'
    r = [s.upper(), s.lower(), s.title(), s.split(), s.split('l'), s.rsplit(None, 1), s.replace('l', 'LL'), s.center(30, '*'), s.strip('hd'), s.partition(' '), s.splitlines(), s.encode('latin-1', 'replace'), s.encode('utf-16'), repr(s), s.casefold(), s.swapcase(), s.zfill(20), s.expandtabs(), s[::-1], s.find('w'), s.count('l'), ','.join(['a', 'b', s]), s.translate({104: 'H', 108: None}), str.maketrans('ab', 'cd')]
    r.append('%s %d %5.2f %r %x %c' % (s, 42, 3.14159, s, 255, 'é'))
    r.append('{0} {1:>10} {x!r} {0[1]} {2:,.3f}'.format(s, 12, 1234.5678, x=s))
    r.append(format(12345678, '_x') + format(-1.5e300, '.3e') + format(0.000123, 'g') + format('ab', '^9'))
    r.append(f'{s!a:>40}{3.5:%}')
    return r
