# Fail-each-allocation workload (oom_main.c): format() of ints, floats and
# strs over many specs, % with a mapping, str.format and format_map, and
# the errors they raise.
def run():
    out = []
    for v in [0, -7, 255, 10**30, 3.14159, -0.0, 1e300, float('nan'), 'text', 'é']:
        for spec in ['', '>10', '<+8', '^12,', '#x', '010.3f', 'e', 'g', '%', '_b', 'c', 's', '.3']:
            try:
                out.append(format(v, spec))
            except (ValueError, TypeError, OverflowError):
                pass
    out.append('%(a)s %(b)05.1f %%' % {'a': 'x', 'b': 2.25})
    out.append('%-10s|%+5d|%#o|%e' % ('ab', 3, 8, 1e-5))
    out.append('{:{}{}}|{!s:>5}|{a[0]}|{b.real}'.format(1, '<', 6, 'z', a=[1], b=2))
    out.append('{x}{y}'.format_map({'x': 1, 'y': 'é'}))
    try:
        '{0}{}'.format(1, 2)
    except ValueError as e:
        out.append(str(e))
    try:
        '%d' % 'x'
    except TypeError as e:
        out.append(str(e))
    return out
