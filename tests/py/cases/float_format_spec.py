# format(float, spec): notation, precision, trailing zeros, #, z, %, grouping
# and zero padding for ordinary, tiny, huge, signed-zero and special values.
vals = [0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, 3.14159265358979, -2.718281828, 1e16, 1e-5, 1.234e-7, 123456789.123, 1e100, 1e-300, 5e-324, 1.7976931348623157e308, float('inf'), float('-inf'), float('nan'), 0.1, 0.125, 0.375, 100.0, 1e15, 123.456, 9.999999, 0.00001234, 999999.5, 1e22, 12345.6789]
specs = ['', 'f', '.0f', '.1f', '.2f', '.10f', 'e', '.0e', '.3e', 'E', 'g', '.0g', '.1g', '.3g', '.10g', 'G', '%', '.0%', '.2%', 'n', '.3n', '.3', '.0', '.1', '.17', '10', '<10', '^12', '=+12', '012', '+.2f', ' .2f', 'z.1f', 'z', 'z.0f', '#', '#.0f', '#.0e', '#g', '#.3g', '#.0', ',', ',.2f', '_.3f', '015,.2f', '020_', ',e', '10.3e', '*>15.4g', '-010.1f', '.25f', '.20e', '.30g', '#.5', 'd', 's', ',%', '.0n']
for v in vals:
    out = []
    for s in specs:
        try:
            out.append(format(v, s))
        except Exception as e:
            out.append(type(e).__name__ + ':' + str(e))
    print(repr(v), ' | '.join(out))
for v in [1, 12, 123456, -5]:
    print([format(v, s) for s in ['e', '.2f', 'g', '%', '.1%', 'E', 'G', 'F', '010.3f', ',.1f']])
print(format(1e200, ',.2f'))
print(format(2**70, 'f'), format(2**70, 'e'))
