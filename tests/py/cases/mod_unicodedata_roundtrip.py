# unicodedata.name and lookup round-trip over a sample of code points
# (every 29th of all of Unicode but the surrogates, which no str holds
# here, and every one of a few blocks mixing stored and algorithmic
# names), and "\N{...}" agrees with lookup.
import unicodedata

def sample():
    for c in range(0, 0x110000, 29):
        if not 0xD800 <= c <= 0xDFFF:
            yield c
    for lo, hi in [(0x0, 0x250), (0x1100, 0x1200), (0xac00, 0xac40),
                   (0xd780, 0xd7b0), (0xf8f0, 0xfb10), (0x4db0, 0x4e10),
                   (0x9ff0, 0xa010), (0x1b160, 0x1b180), (0x2f7f0, 0x2f810),
                   (0x18af0, 0x18b10), (0x18cd0, 0x18d10), (0x1f600, 0x1f650),
                   (0xe0000, 0xe0080), (0xe0100, 0xe01f0), (0x3134a, 0x3134c)]:
        for c in range(lo, hi):
            yield c

named = unnamed = chars = lower_refused = 0
kinds = {}
for c in sample():
    name = unicodedata.name(chr(c), None)
    if name is None:
        unnamed += 1
        continue
    named += 1
    chars += len(name)
    word = name.split(" ")[0]
    kinds[word] = kinds.get(word, 0) + 1
    if unicodedata.lookup(name) != chr(c):
        print("lookup differs:", hex(c), name)
    if not name.startswith(("CJK UNIFIED", "HANGUL SYLLABLE")):
        if unicodedata.lookup(name.lower()) != chr(c):
            print("lowercase lookup differs:", hex(c), name)
    elif unicodedata.lookup(name.lower().upper()) == chr(c):
        try:
            unicodedata.lookup(name.lower())
            print("lowercase lookup found:", hex(c), name)
        except KeyError:
            lower_refused += 1
    if eval('"\\N{%s}"' % name) != chr(c):
        print("\\N differs:", hex(c), name)
print(named, unnamed, chars, lower_refused)
print(sorted(kinds.items())[:40])
print(len(kinds), max(kinds.values()))
