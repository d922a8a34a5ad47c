# "\N{name}" in str literals: every kind of name CPython 3.11 takes (names,
# aliases, algorithmic names), in any case where CPython allows it, and
# the SyntaxErrors with their positions where it does not.

# Names from many scripts and blocks.
s = ("\N{LATIN SMALL LETTER A}\N{GREEK SMALL LETTER FINAL SIGMA}"
     "\N{CYRILLIC CAPITAL LETTER ZHE}\N{HEBREW LETTER ALEF}"
     "\N{ARABIC LETTER BEH}\N{DEVANAGARI LETTER KA}\N{THAI CHARACTER KO KAI}"
     "\N{HIRAGANA LETTER A}\N{KATAKANA LETTER KA}\N{EURO SIGN}"
     "\N{BOX DRAWINGS LIGHT HORIZONTAL}\N{SNOWMAN}\N{GRINNING FACE}"
     "\N{EGYPTIAN HIEROGLYPH A001}\N{CUNEIFORM SIGN A}\N{LINEAR B SYLLABLE B008 A}"
     "\N{MATHEMATICAL BOLD CAPITAL A}\N{TAG LATIN SMALL LETTER Z}"
     "\N{VARIATION SELECTOR-1}\N{VARIATION SELECTOR-256}"
     "\N{TANGUT COMPONENT-001}\N{TANGUT COMPONENT-768}"
     "\N{HANGUL JUNGSEONG O-E}\N{TIBETAN MARK GTER YIG MGO -UM RNAM BCAD MA}"
     "\N{TIBETAN MARK BKA- SHOG YIG MGO}\N{BRAILLE PATTERN DOTS-12345678}"
     "\N{ARABIC LIGATURE UIGHUR KIRGHIZ YEH WITH HAMZA ABOVE WITH ALEF MAKSURA ISOLATED FORM}")
print([hex(ord(c)) for c in s])

# Any case: Unicode's lookup ignores the case of ASCII letters.
print(ord("\N{latin small letter a}"), ord("\N{Latin Capital Letter B}"),
      ord("\N{eUrO sIgN}"), ord("\N{snowman}"), ord("\N{tangut component-042}"))

# Aliases: corrections, controls, alternates, figments, abbreviations.
print([hex(ord(c)) for c in "\N{LINE FEED}\N{LF}\N{lf}\N{NEL}\N{NULL}\N{NUL}"
       "\N{BYTE ORDER MARK}\N{BOM}\N{ZWNBSP}\N{SHY}\N{NBSP}\N{ESC}\N{DEL}"
       "\N{PADDING CHARACTER}\N{HIGH OCTET PRESET}\N{SGC}\N{VS1}\N{VS256}"
       "\N{CHARACTER TABULATION}\N{TAB}\N{END OF LINE}\N{EOL}"])
print(hex(ord("\N{PRESENTATION FORM FOR VERTICAL RIGHT WHITE LENTICULAR BRACKET}")),
      hex(ord("\N{PRESENTATION FORM FOR VERTICAL RIGHT WHITE LENTICULAR BRAKCET}")),
      hex(ord("\N{LATIN CAPITAL LETTER GHA}")), hex(ord("\N{LATIN CAPITAL LETTER OI}")),
      hex(ord("\N{WEIERSTRASS ELLIPTIC FUNCTION}")), hex(ord("\N{SCRIPT CAPITAL P}")))

# Hangul syllables: prefix and jamo in capitals only.
print([hex(ord(c)) for c in "\N{HANGUL SYLLABLE GA}\N{HANGUL SYLLABLE GAG}"
       "\N{HANGUL SYLLABLE GGA}\N{HANGUL SYLLABLE A}\N{HANGUL SYLLABLE HIH}"
       "\N{HANGUL SYLLABLE GGWAELH}\N{HANGUL SYLLABLE YEOLS}"])

# CJK unified ideographs: capitals, 4 or 5 hex digits (a leading zero is
# fine), every range's ends.
print([hex(ord(c)) for c in "\N{CJK UNIFIED IDEOGRAPH-4E00}"
       "\N{CJK UNIFIED IDEOGRAPH-04E00}\N{CJK UNIFIED IDEOGRAPH-3400}"
       "\N{CJK UNIFIED IDEOGRAPH-4DBF}\N{CJK UNIFIED IDEOGRAPH-9FFF}"
       "\N{CJK UNIFIED IDEOGRAPH-20000}\N{CJK UNIFIED IDEOGRAPH-2A6DF}"
       "\N{CJK UNIFIED IDEOGRAPH-2A700}\N{CJK UNIFIED IDEOGRAPH-2B738}"
       "\N{CJK UNIFIED IDEOGRAPH-2B740}\N{CJK UNIFIED IDEOGRAPH-2B81D}"
       "\N{CJK UNIFIED IDEOGRAPH-2B820}\N{CJK UNIFIED IDEOGRAPH-2CEA1}"
       "\N{CJK UNIFIED IDEOGRAPH-2CEB0}\N{CJK UNIFIED IDEOGRAPH-2EBE0}"
       "\N{CJK UNIFIED IDEOGRAPH-30000}\N{CJK UNIFIED IDEOGRAPH-3134A}"])

# Names numbered by their code point that CPython stores: any case.
print([hex(ord(c)) for c in "\N{CJK COMPATIBILITY IDEOGRAPH-F900}"
       "\N{cjk compatibility ideograph-fa6d}\N{CJK COMPATIBILITY IDEOGRAPH-2FA1D}"
       "\N{KHITAN SMALL SCRIPT CHARACTER-18B00}\N{khitan small script character-18cd5}"
       "\N{NUSHU CHARACTER-1B170}\N{Nushu Character-1b2fb}"])

# In every kind of str literal, and among other escapes.
print(repr('\N{DIGIT ONE}\t\N{DIGIT TWO}'), repr("""\N{COMMA}
\N{FULL STOP}"""), repr(f"{1}\N{PLUS SIGN}{2}"), repr(u"\N{TILDE}"))
print(repr(r"\N{SPACE}"), repr(b"\N{SPACE}"), len(b"\N{SPACE}"),
      repr(rb"\N{SPACE}"))

# What is not a name: each a SyntaxError when compiled, positions counted
# in the literal's text after its non-ASCII characters became \U escapes.
bad = [
    '"\\N{NO SUCH NAME}"',
    '"abc\\N{LATIN SMALL LETTER}def"',
    '"\\N{LATIN SMALL LETTER A }"',
    '"\\N{ LATIN SMALL LETTER A}"',
    '"\\N{LATIN  SMALL LETTER A}"',
    '"\\N{LATIN_SMALL_LETTER_A}"',
    '"\\N{KEYCAP NUMBER SIGN}"',                  # a named sequence
    '"\\N{LATIN SMALL LETTER R WITH TILDE}"',     # a named sequence
    '"\\N{hangul syllable ga}"',
    '"\\N{HANGUL SYLLABLE ga}"',
    '"\\N{Hangul Syllable GA}"',
    '"\\N{HANGUL SYLLABLE }"',
    '"\\N{HANGUL SYLLABLE GAX}"',
    '"\\N{HANGUL SYLLABLE GGGA}"',
    '"\\N{cjk unified ideograph-4E00}"',
    '"\\N{CJK UNIFIED IDEOGRAPH-4e00}"',
    '"\\N{CJK UNIFIED IDEOGRAPH-4E0}"',
    '"\\N{CJK UNIFIED IDEOGRAPH-004E00}"',
    '"\\N{CJK UNIFIED IDEOGRAPH-4DC0}"',
    '"\\N{CJK UNIFIED IDEOGRAPH-3134B}"',
    '"\\N{CJK UNIFIED IDEOGRAPH-F900}"',
    '"\\N{CJK COMPATIBILITY IDEOGRAPH-0F900}"',
    '"\\N{CJK COMPATIBILITY IDEOGRAPH-FA6E}"',
    '"\\N{NUSHU CHARACTER-1B2FC}"',
    '"\\N{TANGUT IDEOGRAPH-17000}"',
    '"\\N{CJK COMPATIBILITY IDEOGRAPH-}"',
    '"\\N{LATIN SMALL LETTER \u00e9}"',
    '"\u00e9\u00e9\\N{NOPE}"',
    '"\U0001F600x\\N{SNOWMANN}y"',
    '"\\N{' + "A" * 300 + '}"',
    '"\\N{}"',
    '"\\N"',
    '"\\Nabc"',
    '"\\N{SPACE"',
    '"\\N{SPACE}\\N{SPACE"',
    '"""\n\\N{LINE FEED}\n\\N{NOT A NAME}"""',
    'f"{1}\\N{NOPE}"',
]
for src in bad:
    try:
        compile(src, "<case>", "eval")
        print("compiled:", ascii(src))
    except SyntaxError as e:
        print(e.msg, e.lineno, e.offset)
