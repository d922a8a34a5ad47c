# The character database behind str's predicates, case mappings and repr:
# for every code point of the first two planes (surrogates excepted), a
# count per predicate and a checksum of the case mappings and of the repr
# of unprintable characters, one line per block of 4096 code points.
preds = ['isalpha', 'isdecimal', 'isdigit', 'isnumeric', 'isspace',
         'islower', 'isupper', 'istitle', 'isprintable', 'isidentifier',
         'isalnum']
for block in range(0, 0x20000, 0x1000):
    counts = [0] * len(preds)
    check = 0
    for c in range(block, block + 0x1000):
        if 0xD800 <= c <= 0xDFFF:
            continue
        ch = chr(c)
        for i, p in enumerate(preds):
            if getattr(ch, p)():
                counts[i] += 1
        u, l, t, f = ch.upper(), ch.lower(), ch.title(), ch.casefold()
        if u != ch or l != ch or t != ch or f != ch:
            check = (check * 31 + c + sum(map(ord, u + l + t + f))) % 1000000007
        if not ch.isprintable():
            check = (check * 7 + len(repr(ch))) % 1000000007
    print(hex(block), counts, check)
# Final sigma: after a cased letter (skipping case-ignorable characters),
# not before one.
for s in ['ΑΣ', 'Σ', 'ΑΣΑ', 'Α\u0345Σ', 'ΑΣ\u0345', 'ΑΣ\u0345Α', "Α'Σ", '1Σ', 'ΣΑΣ ΣΑΣ.', 'ΑΣ.Α']:
    print(repr(s.lower()), repr(s.title()), repr(s.capitalize()), repr(s.swapcase()))
