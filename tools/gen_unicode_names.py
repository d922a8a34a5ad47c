#!/usr/bin/env python3
"""Generate the Unicode name tables of src/py/unicode_names.c and the
property tables of src/py/mod_unicodedata.c.

Run by hand with the CPython whose behaviour the interpreter copies (3.11,
Unicode 14.0.0), from the top of the checkout:

    python3.11 tools/gen_unicode_names.py src/py

It writes src/py/unicode_names.h and src/py/unicodedata_db.h (commit both)
and prints the tables' sizes and its checks to stderr.

Where the data comes from: the running Python only.
  names      unicodedata.name() of every code point;
  aliases,   CPython keeps them at private-use code points from U+F0000
  named      and hands them out through the capsule unicodedata.
  sequences  _ucnhash_CAPI (getname with aliases and sequences, ctypes
             reads it); unicodedata.lookup() tells the two apart (one
             character: an alias; more: a named sequence), and the
             unicode_escape codec confirms that \\N{} takes every alias
             and refuses every sequence;
  category,  unicodedata.category(), digit(), decimal(), numeric().
  numbers

How names are stored (unicode_names.c's design comment draws it):

  algorithmic  never stored.  As CPython: HANGUL SYLLABLE + jamo short
               names (the jamo read back from the syllables' names) and
               CJK UNIFIED IDEOGRAPH-XXXX over un_cjk_ranges.  Ours only:
               every other "PREFIX-XXXX" name whose hex digits are its
               own code point, for prefixes with at least FAMILY_MIN such
               names (CJK COMPATIBILITY IDEOGRAPH-, KHITAN SMALL SCRIPT
               CHARACTER-, NUSHU CHARACTER-): un_family_ranges.
  entries      every other name: the code points' names in code point
               order, then the aliases (by code point), then the named
               sequences.  A name is a list of words: split at spaces,
               and before each hyphen ("O-E" is "O", "-E"; "MGO -UM" is
               "MGO", " -UM"); joined with a space except before a word
               that starts with a hyphen or a space.
  lexicon      the distinct words, sorted, front-coded in blocks of
               LEX_BLOCK: a byte "characters shared with the previous
               word" (0 at a block's start), then the rest, the last
               character with 0x80 set.  un_lex_block[b] is block b's
               offset.
  phrasebook   the entries, front-coded in blocks of PHRASE_BLOCK: a byte
               (words shared with the previous entry) << 4 | (new words),
               then each new word as a code: c < NCOMMON is the common
               word un_common[c] (the most frequent words), otherwise
               ((c - NCOMMON) << 8) + next byte is a lexicon index.
               un_phrase_block[b] is block b's offset.
  runs         the code points with a stored name as runs of consecutive
               code points: (first code point, first entry, length); both
               columns increase, so the table maps either way.
  sorted       the entries' indices in the byte order of their names: a
               binary search finds a name.

Every table is checked before it is written: a model of the C code in
unicode_names.c (decode_entry, lookup) decodes every entry, names every
code point and looks every name, alias and sequence up again, and the
results must equal what this Python says.
"""
import codecs
import ctypes
import os
import re
import sys
import unicodedata

NCHARS = 0x110000
LEX_BLOCK = 16
PHRASE_BLOCK = 32
NCOMMON = 192
FAMILY_MIN = 64
NAME_MAXLEN = 256       # unicodedata.lookup's limit ("name too long")

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
HANGUL_L, HANGUL_V, HANGUL_T = 19, 21, 28
CJK_PREFIX = "CJK UNIFIED IDEOGRAPH-"
HANGUL_PREFIX = "HANGUL SYLLABLE "

CATEGORIES = [
    "Cn", "Lu", "Ll", "Lt", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Zs", "Zl",
    "Zp", "Cc", "Cf", "Cs", "Co", "Lm", "Lo", "Pc", "Pd", "Ps", "Pe", "Pi",
    "Pf", "Po", "Sm", "Sc", "Sk", "So",
]


def fail(msg):
    sys.exit("gen_unicode_names.py: " + msg)


def check(cond, msg):
    if not cond:
        fail("check failed: " + msg)


# ---------------------------------------------------------------------------
# Reading the running Python
# ---------------------------------------------------------------------------

def capsule_getname():
    """CPython's getname(code, buffer, buflen, with_alias_and_seq)."""
    get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
    get_pointer.restype = ctypes.c_void_p
    get_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
    api = get_pointer(unicodedata._ucnhash_CAPI,
                      b"unicodedata._ucnhash_CAPI")
    check(api, "the _ucnhash_CAPI capsule")
    proto = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_uint32, ctypes.c_char_p,
                             ctypes.c_int, ctypes.c_int)
    return proto(ctypes.c_void_p.from_address(api).value)


def read_aliases_and_sequences():
    getname = capsule_getname()
    buf = ctypes.create_string_buffer(NAME_MAXLEN + 1)
    aliases, sequences = [], []
    for c in range(0xF0000, 0xF1000):
        if not getname(c, buf, NAME_MAXLEN, 1):
            continue
        check(unicodedata.name(chr(c), None) is None, "U+%X is unnamed" % c)
        name = buf.value.decode("ascii")
        text = unicodedata.lookup(name)
        esc = ("\\N{%s}" % name).encode("ascii")
        if len(text) == 1:
            check(unicodedata.name(text, None) != name,
                  "alias %s is not a name" % name)
            check(codecs.decode(esc, "unicode_escape") == text,
                  "\\N{} takes alias %s" % name)
            aliases.append((ord(text), name))
        else:
            try:
                codecs.decode(esc, "unicode_escape")
                fail("\\N{} took named sequence %s" % name)
            except UnicodeDecodeError:
                pass
            sequences.append(([ord(x) for x in text], name))
    aliases.sort()
    return aliases, sequences


def is_hex_name(name, prefix, c):
    return name == prefix + "%04X" % c


def classify_names():
    """Split the code points' names into the algorithmic ones and the
    stored ones."""
    stored = {}
    cjk = []                    # code points named CJK UNIFIED IDEOGRAPH-
    hex_named = {}              # prefix -> code points
    for c in range(NCHARS):
        name = unicodedata.name(chr(c), None)
        if name is None:
            continue
        if HANGUL_FIRST <= c <= HANGUL_LAST:
            check(name.startswith(HANGUL_PREFIX), "U+%X is a syllable" % c)
            continue
        if name.startswith(CJK_PREFIX):
            check(is_hex_name(name, CJK_PREFIX, c), name)
            cjk.append(c)
            continue
        m = re.match(r"(.*-)[0-9A-F]{4,5}$", name)
        if m and is_hex_name(name, m.group(1), c):
            hex_named.setdefault(m.group(1), []).append(c)
        stored[c] = name
    families = sorted(p for p, cs in hex_named.items()
                      if len(cs) >= FAMILY_MIN)
    family_ranges = []
    for fam, prefix in enumerate(families):
        for c in hex_named[prefix]:
            del stored[c]
            if family_ranges and family_ranges[-1][0] == fam \
                    and family_ranges[-1][2] == c - 1:
                family_ranges[-1][2] = c
            else:
                family_ranges.append([fam, c, c])
    family_ranges.sort(key=lambda r: r[1])
    return stored, to_ranges(cjk), families, family_ranges


def to_ranges(cps):
    ranges = []
    for c in cps:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return ranges


def hangul_jamo():
    """The jamo short names, read back from the syllables' names (every
    syllable's name is the three short names joined)."""
    def syl(l, v, t):
        c = HANGUL_FIRST + (l * HANGUL_V + v) * HANGUL_T + t
        return unicodedata.name(chr(c))[len(HANGUL_PREFIX):]
    # G is L 0; A is V 0; T 0 is empty.
    lead = [syl(l, 0, 0)[:-1] for l in range(HANGUL_L)]
    vowel = [syl(0, v, 0)[1:] for v in range(HANGUL_V)]
    trail = [syl(0, 0, t)[2:] for t in range(HANGUL_T)]
    check(lead[0] == "G" and vowel[0] == "A" and trail[0] == "", "jamo")
    for l in range(HANGUL_L):
        for v in range(HANGUL_V):
            for t in range(HANGUL_T):
                check(syl(l, v, t) == lead[l] + vowel[v] + trail[t],
                      "syllable %d %d %d" % (l, v, t))
    return lead, vowel, trail


# ---------------------------------------------------------------------------
# Compression
# ---------------------------------------------------------------------------

def split_words(name):
    words = []
    for part in name.split(" "):
        check(part != "", "no double or edge spaces in %r" % name)
        pieces = re.split(r"(?=-)", part)
        if pieces[0] == "":
            # " -UM": the word keeps its space.
            check(words != [], "no name starts with a hyphen: %r" % name)
            pieces = pieces[1:]
            pieces[0] = " " + pieces[0]
        words.extend(pieces)
    check(join_words(words) == name, "words of %r" % name)
    return words


def join_words(words):
    out = ""
    for i, w in enumerate(words):
        if i > 0 and w[0] not in "- ":
            out += " "
        out += w
    return out


def front_code_lexicon(words):
    """Sorted words -> (bytes, block offsets)."""
    data = bytearray()
    blocks = []
    prev = ""
    for i, w in enumerate(words):
        check(all(32 <= ord(ch) < 128 for ch in w), "ASCII word %r" % w)
        if i % LEX_BLOCK == 0:
            blocks.append(len(data))
            shared = 0
        else:
            shared = 0
            while shared < len(prev) and prev[shared] == w[shared]:
                shared += 1
        check(shared < len(w), "sorted distinct words")
        data.append(shared)
        rest = w[shared:].encode("ascii")
        data.extend(rest[:-1])
        data.append(rest[-1] | 0x80)
        prev = w
    return bytes(data), blocks


def build_phrasebook(entries, word_index, common_code):
    data = bytearray()
    blocks = []
    prev = []
    for i, words in enumerate(entries):
        if i % PHRASE_BLOCK == 0:
            blocks.append(len(data))
            shared = 0
        else:
            shared = 0
            while (shared < min(len(prev), len(words), 15)
                   and prev[shared] == words[shared]):
                shared += 1
        new = words[shared:]
        check(len(new) <= 15, "at most 15 new words: %r" % words)
        data.append(shared << 4 | len(new))
        for w in new:
            code = common_code.get(w)
            if code is not None:
                data.append(code)
            else:
                k = word_index[w]
                hi = NCOMMON + (k >> 8)
                check(hi < 256, "lexicon index fits two bytes")
                data.append(hi)
                data.append(k & 0xFF)
        prev = words
    return bytes(data), blocks


# ---------------------------------------------------------------------------
# A model of unicode_names.c, run over every name before writing
# ---------------------------------------------------------------------------

class Model:
    def __init__(self, t):
        self.t = t

    def word(self, k):
        t = self.t
        p = t["lex_block"][k // LEX_BLOCK]
        lex = t["lexicon"]
        text = ""
        for _ in range(k % LEX_BLOCK + 1):
            shared = lex[p]
            p += 1
            text = text[:shared]
            while True:
                b = lex[p]
                p += 1
                text += chr(b & 0x7F)
                if b & 0x80:
                    break
        return text

    def entry(self, e):
        t = self.t
        pb = t["phrases"]
        p = t["phrase_block"][e // PHRASE_BLOCK]
        toks = []
        for _ in range(e % PHRASE_BLOCK + 1):
            h = pb[p]
            p += 1
            toks = toks[:h >> 4]
            for _ in range(h & 15):
                c = pb[p]
                p += 1
                if c < NCOMMON:
                    toks.append(t["common"][c])
                else:
                    toks.append(((c - NCOMMON) << 8) | pb[p])
                    p += 1
        return join_words([self.word(k) for k in toks])

    def name(self, c):
        t = self.t
        if HANGUL_FIRST <= c <= HANGUL_LAST:
            s = c - HANGUL_FIRST
            l, v, tt = (s // (HANGUL_V * HANGUL_T),
                        s // HANGUL_T % HANGUL_V, s % HANGUL_T)
            return (HANGUL_PREFIX + t["lead"][l] + t["vowel"][v]
                    + t["trail"][tt])
        for lo, hi in t["cjk"]:
            if lo <= c <= hi:
                return CJK_PREFIX + "%X" % c
        for fam, lo, hi in t["family_ranges"]:
            if lo <= c <= hi:
                return t["families"][fam] + "%04X" % c
        for first, entry, count in t["runs"]:
            if first <= c < first + count:
                return self.entry(entry + c - first)
        return None

    def lookup(self, name):
        """(kind, value) as the C lookup finds it: ("cp", c),
        ("seq", [c...]) or None."""
        t = self.t
        up = name.upper()
        for fam, prefix in enumerate(t["families"]):
            rest = up[len(prefix):]
            if up.startswith(prefix) and re.fullmatch("[0-9A-F]{4,5}", rest):
                c = int(rest, 16)
                if "%04X" % c == rest and any(
                        f == fam and lo <= c <= hi
                        for f, lo, hi in t["family_ranges"]):
                    return ("cp", c)
        lo, hi = 0, len(t["sorted"])
        while lo < hi:
            mid = (lo + hi) // 2
            e = t["sorted"][mid]
            n = self.entry(e)
            if n == up:
                break
            if n < up:
                lo = mid + 1
            else:
                hi = mid
        else:
            return None
        if e < t["nnames"]:
            for first, entry, count in t["runs"]:
                if entry <= e < entry + count:
                    return ("cp", first + e - entry)
        e -= t["nnames"]
        if e < len(t["alias_cp"]):
            return ("cp", t["alias_cp"][e])
        e -= len(t["alias_cp"])
        return ("seq", t["seqs"][e])


def verify(t, stored, aliases, sequences):
    m = Model(t)
    named = 0
    for c in range(NCHARS):
        expect = unicodedata.name(chr(c), None)
        check(m.name(c) == expect, "name of U+%X" % c)
        if expect is None:
            continue
        named += 1
        if expect.startswith(HANGUL_PREFIX) or expect.startswith(CJK_PREFIX):
            continue            # the C code's own path, CPython's rules
        check(m.lookup(expect) == ("cp", c), "lookup of %s" % expect)
        check(m.lookup(expect.lower()) == ("cp", c), "lower %s" % expect)
    for c, name in aliases:
        check(m.lookup(name) == ("cp", c), "alias %s" % name)
    for seq, name in sequences:
        check(m.lookup(name) == ("seq", seq), "sequence %s" % name)
    return named


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

class Writer:
    def __init__(self, f):
        self.f = f
        self.sizes = []

    def write(self, s):
        self.f.write(s)

    def array(self, ctype, name, values, width, fmt="%d"):
        self.sizes.append((name, len(values) * width))
        self.f.write("static const %s %s[%d] = {\n"
                     % (ctype, name, len(values)))
        line = "   "
        for v in values:
            text = fmt(v) if callable(fmt) else fmt % v
            item = " " + text + ","
            if len(line) + len(item) > 79:
                self.f.write(line + "\n")
                line = "   "
            line += item
        self.f.write(line + "\n};\n\n")

    def uint_array(self, name, values):
        top = max(values) if values else 0
        if top < 1 << 8:
            ctype, width = "uint8_t", 1
        elif top < 1 << 16:
            ctype, width = "uint16_t", 2
        else:
            ctype, width = "uint32_t", 4
        self.array(ctype, name, values, width)
        return ctype


def header(f, what):
    f.write("/*\n * %s\n *\n * Generated by tools/gen_unicode_names.py "
            "from Python %s's unicodedata\n * (Unicode %s); do not edit.\n"
            " */\n" % (what, sys.version.split()[0],
                        unicodedata.unidata_version))


def write_names(path, t, stats):
    with open(path, "w") as f:
        w = Writer(f)
        header(f, "unicode_names.h -- the name tables of unicode_names.c.")
        w.write("#define UN_UNICODE_VERSION \"%s\"\n"
                % unicodedata.unidata_version)
        for key in ("NAME_MAX", "WORD_MAX", "WORDS_MAX", "NNAMES",
                    "NALIASES", "NSEQUENCES", "NENTRIES", "SEQ_MAX"):
            w.write("#define UN_%s %d\n" % (key, t[key.lower()]))
        w.write("#define UN_LEX_BLOCK %d\n#define UN_PHRASE_BLOCK %d\n"
                "#define UN_NCOMMON %d\n\n"
                % (LEX_BLOCK, PHRASE_BLOCK, NCOMMON))

        w.write("/* Hangul syllables: the jamo short names. */\n")
        for name, key in (("un_jamo_lead", "lead"),
                          ("un_jamo_vowel", "vowel"),
                          ("un_jamo_trail", "trail")):
            w.array("char *const", name, t[key], 0, "\"%s\"")
        w.write("/* Code points named CJK UNIFIED IDEOGRAPH-XXXX "
                "(first, last). */\n")
        w.array("uint32_t", "un_cjk_ranges",
                [v for r in t["cjk"] for v in r], 4, "0x%X")
        w.write("/* Names \"PREFIX%04X\": the prefixes, and their ranges "
                "(prefix,\n * first, last), by first. */\n")
        w.array("char *const", "un_families", t["families"], 0, "\"%s\"")
        w.write("typedef struct un_family_range {\n"
                "    uint32_t first, last;       /* code points */\n"
                "    uint32_t family;            /* un_families[] */\n"
                "} un_family_range;\n\n")
        w.array("un_family_range", "un_family_ranges",
                ["{0x%X, 0x%X, %d}" % (lo, hi, fam)
                 for fam, lo, hi in t["family_ranges"]], 12, "%s")

        w.write("/* The lexicon: words sorted and front-coded. */\n")
        w.array("unsigned char", "un_lexicon", t["lexicon"], 1)
        w.uint_array("un_lex_block", t["lex_block"])
        w.write("/* One-byte word codes: lexicon indices. */\n")
        w.uint_array("un_common", t["common"])
        w.write("/* The phrasebook: entries front-coded by words. */\n")
        w.array("unsigned char", "un_phrases", t["phrases"], 1)
        w.uint_array("un_phrase_block", t["phrase_block"])
        w.write("/* Code points with a stored name: runs (first code "
                "point, first entry,\n * length). */\n")
        w.write("typedef struct un_run {\n"
                "    uint32_t first;             /* code point */\n"
                "    uint16_t entry;             /* its entry */\n"
                "    uint16_t count;             /* code points */\n"
                "} un_run;\n\n")
        w.array("un_run", "un_runs",
                ["{0x%X, %d, %d}" % tuple(r) for r in t["runs"]], 8, "%s")
        w.write("/* Entries in the byte order of their names. */\n")
        w.uint_array("un_sorted", t["sorted"])
        w.write("/* Aliases' code points, entry UN_NNAMES + i. */\n")
        w.array("uint32_t", "un_alias_cp", t["alias_cp"], 4, "0x%X")
        w.write("/* Named sequences (entry UN_NNAMES + UN_NALIASES + i): "
                "code points\n * un_seq_cps[un_seq_start[i] .. "
                "un_seq_start[i + 1]). */\n")
        starts, flat = [0], []
        for seq in t["seqs"]:
            flat.extend(seq)
            starts.append(len(flat))
        w.uint_array("un_seq_start", starts)
        w.uint_array("un_seq_cps", flat)
        stats["names"] = w.sizes


def category_tables(cats):
    """A three-level table as gen_str_db.py builds it; the smallest."""
    best = None
    for shift2 in range(2, 9):
        blocks3, index3, level2 = {}, [], []
        for start in range(0, NCHARS, 1 << shift2):
            block = tuple(cats[start:start + (1 << shift2)])
            if block not in blocks3:
                blocks3[block] = len(blocks3)
                index3.extend(block)
            level2.append(blocks3[block])
        for shift1 in range(shift2 + 1, 15):
            per = 1 << (shift1 - shift2)
            blocks2, index2, index1 = {}, [], []
            for start in range(0, len(level2), per):
                block = tuple(level2[start:start + per])
                if block not in blocks2:
                    blocks2[block] = len(blocks2)
                    index2.extend(block)
                index1.append(blocks2[block])
            w1 = 1 if len(blocks2) <= 256 else 2
            w2 = 1 if len(blocks3) <= 256 else 2
            total = len(index1) * w1 + len(index2) * w2 + len(index3)
            if best is None or total < best[0]:
                best = (total, shift1, shift2, index1, index2, index3)
    return best


def write_db(path, stats):
    cats = [CATEGORIES.index(unicodedata.category(chr(c)))
            for c in range(NCHARS)]
    total, shift1, shift2, index1, index2, index3 = category_tables(cats)
    # Numbers: kind 2 decimal, 1 digit (not decimal), 0 numeric only.
    values, value_index, numbers = [], {}, []
    for c in range(NCHARS):
        ch = chr(c)
        v = unicodedata.numeric(ch, None)
        if v is None:
            check(unicodedata.digit(ch, None) is None, "digit U+%X" % c)
            continue
        kind = 0
        d = unicodedata.digit(ch, None)
        if d is not None:
            check(d == v, "digit value U+%X" % c)
            kind = 1
            if unicodedata.decimal(ch, None) is not None:
                check(unicodedata.decimal(ch) == d, "decimal U+%X" % c)
                check(unicodedata.category(ch) == "Nd", "Nd U+%X" % c)
                kind = 2
        else:
            check(unicodedata.decimal(ch, None) is None, "dec U+%X" % c)
        if v not in value_index:
            value_index[v] = len(values)
            values.append(v)
        numbers.append(c << 10 | kind << 8 | value_index[v])
    check(len(values) <= 256, "number values fit a byte")
    with open(path, "w") as f:
        w = Writer(f)
        header(f, "unicodedata_db.h -- the property tables of "
               "mod_unicodedata.c.")
        w.write("#define UD_UNICODE_VERSION \"%s\"\n"
                % unicodedata.unidata_version)
        w.write("#define UD_SHIFT1 %d\n#define UD_SHIFT2 %d\n\n"
                % (shift1, shift2))
        w.write("/* General categories, by number. */\n")
        w.array("char *const", "ud_category_names", CATEGORIES, 0,
                "\"%s\"")
        w.write("/* c -> category: three levels, as t_str_db.h's. */\n")
        w.uint_array("ud_cat_index1", index1)
        w.uint_array("ud_cat_index2", index2)
        w.uint_array("ud_cat_index3", index3)
        w.write("/* Characters with a numeric value, by code point: "
                "c << 10 | kind << 8 | value,\n * kind 2 decimal, 1 digit, "
                "0 numeric only; the value ud_values[value]. */\n")
        w.array("uint32_t", "ud_numbers", numbers, 4, "0x%X")
        w.write("/* The values as C99 hex floats: exactly CPython's "
                "doubles. */\n")
        w.array("double", "ud_values", values, 8, float.hex)
    stats["db"] = w.sizes


def main():
    if sys.version_info[:2] != (3, 11):
        fail("run it with Python 3.11 (this is %d.%d)"
             % sys.version_info[:2])
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        fail("usage: gen_unicode_names.py OUTPUT_DIR (src/py)")
    outdir = sys.argv[1]

    stored, cjk, families, family_ranges = classify_names()
    aliases, sequences = read_aliases_and_sequences()
    lead, vowel, trail = hangul_jamo()

    cps = sorted(stored)
    entry_names = ([stored[c] for c in cps] + [n for _, n in aliases]
                   + [n for _, n in sequences])
    check(len(set(entry_names)) == len(entry_names), "names are distinct")
    for n in entry_names:
        check(not n.startswith(CJK_PREFIX) and not n.startswith(
            HANGUL_PREFIX), "no stored name is algorithmic: %s" % n)
    entries = [split_words(n) for n in entry_names]

    counts = {}
    for words in entries:
        for wd in words:
            counts[wd] = counts.get(wd, 0) + 1
    lexicon_words = sorted(counts)
    word_index = {wd: i for i, wd in enumerate(lexicon_words)}
    common = sorted(counts, key=lambda wd: (-counts[wd], wd))[:NCOMMON]
    common_code = {wd: i for i, wd in enumerate(common)}
    lexicon, lex_block = front_code_lexicon(lexicon_words)
    phrases, phrase_block = build_phrasebook(entries, word_index,
                                             common_code)
    runs = []
    for i, c in enumerate(cps):
        if runs and runs[-1][0] + runs[-1][2] == c:
            runs[-1][2] += 1
        else:
            runs.append([c, i, 1])
    order = sorted(range(len(entry_names)),
                   key=lambda i: entry_names[i].encode("ascii"))
    check(len(entry_names) < 1 << 16, "entries fit 16 bits")
    check(all(r[2] < 1 << 16 for r in runs), "runs fit 16 bits")

    algorithmic = ([HANGUL_PREFIX + "GGWAELH"]   # the longest syllable
                   + [p + "XXXXX" for p in families]
                   + [CJK_PREFIX + "XXXXX"])
    t = {
        "lexicon": lexicon, "lex_block": lex_block,
        "common": [word_index[wd] for wd in common],
        "phrases": phrases, "phrase_block": phrase_block,
        "runs": runs, "sorted": order, "nnames": len(cps),
        "alias_cp": [c for c, _ in aliases],
        "seqs": [s for s, _ in sequences],
        "cjk": cjk, "families": families, "family_ranges": family_ranges,
        "lead": lead, "vowel": vowel, "trail": trail,
        "name_max": max(len(n) for n in entry_names + algorithmic),
        "word_max": max(len(wd) for wd in lexicon_words),
        "words_max": max(len(e) for e in entries),
        "naliases": len(aliases), "nsequences": len(sequences),
        "nentries": len(entry_names),
        "seq_max": max(len(s) for s, _ in sequences),
    }
    check(max(max(s) for s, _ in sequences) < 1 << 16, "sequences in BMP")
    check(t["name_max"] < NAME_MAXLEN, "names fit NAME_MAXLEN")
    named = verify(t, stored, aliases, sequences)

    stats = {}
    write_names(os.path.join(outdir, "unicode_names.h"), t, stats)
    write_db(os.path.join(outdir, "unicodedata_db.h"), stats)
    err = sys.stderr
    err.write("checked: %d named code points (name and lookup), %d aliases,"
              " %d named sequences\n" % (named, len(aliases), len(sequences)))
    err.write("entries: %d stored names, %d words, %d families over %d "
              "ranges, %d CJK ranges\n"
              % (len(cps), len(lexicon_words), len(families),
                 len(family_ranges), len(cjk)))
    for key in ("names", "db"):
        total = sum(size for _, size in stats[key])
        err.write("%s: %d bytes (%s)\n" % (key, total, ", ".join(
            "%s %d" % s for s in stats[key] if s[1])))


if __name__ == "__main__":
    main()
