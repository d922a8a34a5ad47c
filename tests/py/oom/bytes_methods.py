# Fail-each-allocation workload (oom_main.c): bytes and bytearray methods,
# mutation, decode with its error handlers, hex/fromhex, bytes %.
def run():
    b = b'hello \xff world'
    ba = bytearray(b)
    ba.extend(b'xyz'); ba.append(1); ba[0:2] = b'HE'; del ba[3]; ba += b'!'; ba *= 2
    r = [b.upper(), b.split(), b.split(b'o'), b.hex(':', 2), bytes.fromhex('de ad be ef'), b.replace(b'l', b'LL'), b.decode('utf-8', 'replace'), b.decode('latin-1'), b.decode('utf-8', 'backslashreplace'), repr(b), repr(ba), ba.upper(), ba.split(), b'%s-%d-%5.1f' % (b'x', 5, 2.5), b.center(30), b.partition(b' '), list(b), bytes(range(5)), bytearray(3), b * 3, b + ba, b.translate(None, b'l'), ba.pop(), ba.copy()]
    try:
        b.decode()
    except UnicodeDecodeError as e:
        r.append(str(e))
    return r
