# repr of str: the quote CPython picks, the escapes of ASCII controls, and
# which non-ASCII characters it escapes (the unprintable ones: controls,
# format characters, separators other than the space, unassigned and
# private-use code points) as \xNN, \uNNNN or \UNNNNNNNN; ascii() too.
chars = [0, 7, 9, 10, 13, 27, 31, 32, 39, 34, 92, 126, 127, 128, 159, 160, 173, 255, 0x300, 0x378, 0x5d0, 0x600, 0x61c, 0x200b, 0x200d, 0x2028, 0x2029, 0x202e, 0x2060, 0x2066, 0x3000, 0x3042, 0xd7ff, 0xe000, 0xf8ff, 0xfeff, 0xfff9, 0xfffd, 0xfffe, 0x1f600, 0x1d173, 0xe0001, 0xe0100, 0xf0000, 0x10ffff, 0x30000, 0x2fa1d]
for c in chars:
    ch = chr(c)
    print(hex(c), repr(ch), ascii(ch), ch.isprintable(), repr('a' + ch + 'b'))
for s in ["it's", 'say "hi"', 'both \' and "', '\\', '', 'tab\tnew\nline\rret', 'é\xa0ü']:
    print(repr(s), ascii(s), repr([s]), '%r' % s, '{!r}'.format(s), f'{s!a}')
