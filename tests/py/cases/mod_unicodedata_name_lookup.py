# unicodedata.name and unicodedata.lookup: names of every kind (stored,
# Hangul syllables, CJK unified ideographs, the numbered families),
# aliases, named sequences, case-insensitivity, defaults and every error.
import unicodedata

for c in [0x20, 0x41, 0x7e, 0xa0, 0xe9, 0x3a3, 0x5d0, 0x905, 0xe01, 0x1100,
          0x1e9e, 0x2028, 0x20ac, 0x2603, 0x3042, 0xac00, 0xac01, 0xd7a3,
          0x3400, 0x4dbf, 0x4e00, 0x9fff, 0x20000, 0x2ebe0, 0x30000, 0x3134a,
          0xf900, 0xfa0e, 0xfad9, 0x2f800, 0x2fa1d, 0x18b00, 0x18cd5,
          0x1b170, 0x1b2fb, 0x18800, 0x18aff, 0xfe00, 0xe01ef, 0xfbf9,
          0x1f600, 0x1f9ff, 0xe007f, 0xf02, 0xf0a, 0xfd0, 0xfe18, 0x1a2]:
    print(hex(c), unicodedata.name(chr(c)))

# No name: controls (they have aliases only), unassigned, private use,
# noncharacters, the CJK and Tangut ranges CPython does not name.
for c in [0, 0xa, 0x7f, 0x85, 0x9f, 0x378, 0xe000, 0xf8ff, 0xfdd0, 0xffff,
          0x2a6e0, 0x3134b, 0x17000, 0x18d00, 0x1b2fc, 0x10ffff]:
    print(hex(c), unicodedata.name(chr(c), None), unicodedata.name(chr(c), 7))
    try:
        unicodedata.name(chr(c))
    except ValueError as e:
        print("ValueError", e)

# lookup: names in any case, aliases, algorithmic names.
for n in ["LATIN SMALL LETTER A", "latin small letter a", "Euro Sign",
          "SNOWMAN", "HANGUL SYLLABLE GA", "HANGUL SYLLABLE HIH",
          "CJK UNIFIED IDEOGRAPH-4E00", "CJK UNIFIED IDEOGRAPH-04E00",
          "CJK UNIFIED IDEOGRAPH-2A6DF", "CJK COMPATIBILITY IDEOGRAPH-F900",
          "cjk compatibility ideograph-fa0e", "NUSHU CHARACTER-1B170",
          "KHITAN SMALL SCRIPT CHARACTER-18B00", "TANGUT COMPONENT-100",
          "LINE FEED", "LF", "nel", "NULL", "BOM", "ZWNBSP", "SHY",
          "PADDING CHARACTER", "SGC", "VS1", "VS256",
          "PRESENTATION FORM FOR VERTICAL RIGHT WHITE LENTICULAR BRACKET",
          "LATIN CAPITAL LETTER GHA", "HANGUL JUNGSEONG O-E",
          "TIBETAN MARK GTER YIG MGO -UM RNAM BCAD MA"]:
    print(repr(n), hex(ord(unicodedata.lookup(n))))
# bytes work as str does.
print(repr(unicodedata.lookup(b"DIGIT SEVEN")),
      repr(unicodedata.lookup(b"hangul syllable GAG".upper())))

# Named sequences: lookup gives several characters (\N{} refuses them).
for n in ["KEYCAP NUMBER SIGN", "keycap digit zero",
          "LATIN SMALL LETTER R WITH TILDE",
          "LATIN CAPITAL LETTER A WITH MACRON AND GRAVE",
          "TAMIL SYLLABLE KSSAU", "GEORGIAN LETTER U-BRJGU",
          "BENGALI LETTER KHINYA", "HIRAGANA LETTER BIDAKUON NGA"]:
    s = unicodedata.lookup(n)
    print(repr(n), len(s), [hex(ord(c)) for c in s])

# Not names.
for n in ["", "NO SUCH THING", "LATIN SMALL LETTER A ", " LATIN SMALL LETTER A",
          "LATIN  SMALL LETTER A", "LATIN_SMALL_LETTER_A",
          "hangul syllable ga", "HANGUL SYLLABLE Ga", "HANGUL SYLLABLE ",
          "HANGUL SYLLABLE GAX", "cjk unified ideograph-4E00",
          "CJK UNIFIED IDEOGRAPH-4e00", "CJK UNIFIED IDEOGRAPH-4DC0",
          "CJK UNIFIED IDEOGRAPH-004E00", "CJK UNIFIED IDEOGRAPH-F900",
          "CJK COMPATIBILITY IDEOGRAPH-0F900", "CJK COMPATIBILITY IDEOGRAPH-FA6E",
          "TANGUT IDEOGRAPH-17000", "N\u00e9", "SPACE\0X", "\u00e9t\u00e9",
          "A" * 256, "A" * 257, b"X\0Y", b"caf\xe9", b"\xff\xfe"]:
    try:
        print(repr(unicodedata.lookup(n)))
    except KeyError as e:
        print("KeyError", e)

# Argument errors.
calls = [
    lambda: unicodedata.name(),
    lambda: unicodedata.name("a", 1, 2),
    lambda: unicodedata.name(65),
    lambda: unicodedata.name("ab"),
    lambda: unicodedata.name(""),
    lambda: unicodedata.name(None),
    lambda: unicodedata.name(b"a"),
    lambda: unicodedata.name("a", default=1),
    lambda: unicodedata.name(chr="a"),
    lambda: unicodedata.lookup(),
    lambda: unicodedata.lookup("a", "b"),
    lambda: unicodedata.lookup(name="SPACE"),
    lambda: unicodedata.lookup(5),
    lambda: unicodedata.lookup(None),
    lambda: unicodedata.lookup(bytearray(b"SPACE")),
    lambda: unicodedata.lookup(["SPACE"]),
]
for f in calls:
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)

# A str subclass is a str.
class S(str):
    pass
print(unicodedata.name(S("x")), repr(unicodedata.lookup(S("DIGIT ONE"))))
print(unicodedata.unidata_version, unicodedata.__name__)
