# Fail-each-allocation workload (oom_main.c): texts long enough that the
# builders leave their inline buffers (strbuf growth, big grouping, big
# padding, large bytearrays).
def run():
    s = 'héllo wörld ΣΑΣ ' * 20
    b = bytes(range(256)) * 2
    ba = bytearray(b)
    for i in range(50):
        ba.append(i)
    ba[10:20] = b'x' * 100
    del ba[::3]
    r = [s.upper(), s.title(), s.split(), s.replace('l', 'LLL'), s.center(400, '·'), repr(s), s.encode('utf-32'), s.encode('ascii', 'backslashreplace'), s.encode('ascii', 'xmlcharrefreplace'), s.expandtabs(), s[::-1], s[::3], '-'.join(s.split()),
         b.hex(), b.hex(':', 3), repr(b), repr(ba), b.decode('latin-1'), b.decode('utf-8', 'replace'), b.upper(), b.split(b'\x00'), bytes.fromhex(b.hex()), b.replace(b'a', b'AAA'), b'%s' % b, ba.decode('ascii', 'ignore'),
         format(10**200, ','), format(1e300, ',.2f'), '%s' % s, '%500s' % 'x', '{:>300}'.format(s), format(-1.5, '0=400,.3f'), s.zfill(500), s.ljust(500, 'é')]
    return r
