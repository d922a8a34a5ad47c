# format(int, spec): every part of the mini-language (fill, align, sign, #, 0,
# width, grouping, types) and its errors, for small, big and bool values.
vals = [0, 1, -1, 7, -42, 255, 1234567, -1234567, 10**20, -(10**25), True, False]
specs = ['', 'd', '5', '<5', '>5', '^5', '=8', '+', '-', ' ', '05', '+05', '#x', '#X', '#o', '#b', 'x', 'X', 'o', 'b', 'c', ',', '_', '_x', '_b', '#_b', ',d', '010,', '012_', '0=10', '*^9', '*<+9,', 'n', '10n', '#010x', '-#10o', '+#x', ' 08', 'e', '.2e', 'f', '.3f', 'g', '%', '.1%', 'E', 'G', '10.2f', ',.2f', '013,', '014_d', '#015_x', 'z', '.2', '.0', 's', 'r', '=', '0', '00', '1_0', 'xx', ',_', '_,', ',,', '.', '.x']
for v in vals:
    out = []
    for s in specs:
        try:
            out.append(repr(format(v, s)))
        except Exception as e:
            out.append(type(e).__name__ + ':' + str(e))
    print(v, ' | '.join(out))
for c in [65, 0x1F600, 0xe9, 0, 10, 0x110000, -1]:
    for s in ['c', '5c', '<5c', '05c', '=5c', '+c', '#c', ',c', '_c']:
        try:
            print(s, repr(format(c, s)))
        except Exception as e:
            print(s, type(e).__name__, e)
print(format(10**30, ','), format(-10**30, '_x'), format(2**64, '#b'))
