#!/usr/bin/env python3
"""Generate src/py/t_str_db.h, the character database of src/py/t_str.c.

Run with the CPython whose behaviour the interpreter copies (3.11, Unicode
14.0.0):

    python3.11 tools/gen_str_db.py > src/py/t_str_db.h

Every property is read from the running Python's own str methods and
unicodedata, one character at a time, so the table says exactly what that
Python does:

  flags     isalpha isdecimal isdigit isnumeric isspace islower isupper,
            titlecase (category Lt), cased (upper, lower or title),
            case-ignorable (found by asking lower() about a final sigma),
            isprintable, identifier start / continue, line boundary
            (splitlines), and one "ext" bit per case mapping
  mappings  upper lower title casefold: a delta to the code point, or,
            for mappings to several characters ("ß".upper() == "SS"), an
            index into stdb_ext (a count, then the code points)
  decimal   unicodedata.decimal(c), or -1

Characters sharing all of these share a record.  A three-level table maps a
code point to its record:

    b2 = stdb_index1[c >> SHIFT1]
    b3 = stdb_index2[(b2 << (SHIFT1 - SHIFT2)) + ((c >> SHIFT2) & mask)]
    record = stdb_index3[(b3 << SHIFT2) + (c & ((1 << SHIFT2) - 1))]

Identical blocks at each level are stored once; SHIFT1 and SHIFT2 are the
ones giving the smallest tables (about 28 KB for Unicode 14).
"""
import sys
import unicodedata

NCHARS = 0x110000

FLAG_NAMES = [
    "ALPHA", "DECIMAL", "DIGIT", "NUMERIC", "SPACE", "LOWER", "UPPER",
    "TITLE", "CASED", "CASE_IGNORABLE", "PRINTABLE", "XID_START",
    "XID_CONTINUE", "LINEBREAK", "EXT_UPPER", "EXT_LOWER", "EXT_TITLE",
    "EXT_FOLD",
]
FLAG = {name: 1 << i for i, name in enumerate(FLAG_NAMES)}


def case_ignorable(ch, cased):
    # lower() turns a capital sigma into a final sigma when a cased
    # letter comes before it (skipping case-ignorable characters) and
    # none comes after.  Put ch between a letter (or a digit) and a sigma.
    if cased:
        return ("1" + ch + "\u03a3").lower().endswith("\u03c3")
    return ("A" + ch + "\u03a3").lower().endswith("\u03c2")


def main():
    if sys.version_info[:2] != (3, 11):
        sys.exit("gen_str_db.py: run it with Python 3.11 (this is %d.%d)"
                 % sys.version_info[:2])
    ext = [0]               # index 0 unused: 0 never names a mapping
    ext_index = {}
    records = []
    record_index = {}
    char_record = []
    for c in range(NCHARS):
        ch = chr(c)
        flags = 0
        if ch.isalpha():
            flags |= FLAG["ALPHA"]
        if ch.isdecimal():
            flags |= FLAG["DECIMAL"]
        if ch.isdigit():
            flags |= FLAG["DIGIT"]
        if ch.isnumeric():
            flags |= FLAG["NUMERIC"]
        if ch.isspace():
            flags |= FLAG["SPACE"]
        if ch.islower():
            flags |= FLAG["LOWER"]
        if ch.isupper():
            flags |= FLAG["UPPER"]
        if unicodedata.category(ch) == "Lt":
            flags |= FLAG["TITLE"]
        cased = bool(flags & (FLAG["LOWER"] | FLAG["UPPER"] | FLAG["TITLE"]))
        if cased:
            flags |= FLAG["CASED"]
        if 0xD800 <= c <= 0xDFFF:
            pass                # surrogates: none of the rest
        else:
            if case_ignorable(ch, cased):
                flags |= FLAG["CASE_IGNORABLE"]
            if ch.isprintable():
                flags |= FLAG["PRINTABLE"]
            if ch.isidentifier():
                flags |= FLAG["XID_START"]
            if ("a" + ch).isidentifier():
                flags |= FLAG["XID_CONTINUE"]
            if len(("a" + ch + "b").splitlines()) == 2:
                flags |= FLAG["LINEBREAK"]
        maps = []
        for name, fn in (("UPPER", str.upper), ("LOWER", str.lower),
                         ("TITLE", str.title), ("FOLD", str.casefold)):
            m = fn(ch) if not 0xD800 <= c <= 0xDFFF else ch
            if len(m) == 1:
                maps.append(ord(m) - c)
            else:
                key = tuple(ord(x) for x in m)
                if key not in ext_index:
                    ext_index[key] = len(ext)
                    ext.append(len(key))
                    ext.extend(key)
                maps.append(ext_index[key])
                flags |= FLAG["EXT_" + name]
        try:
            dec = unicodedata.decimal(ch)
        except ValueError:
            dec = -1
        rec = (flags, maps[0], maps[1], maps[2], maps[3], dec)
        if rec not in record_index:
            record_index[rec] = len(records)
            records.append(rec)
        char_record.append(record_index[rec])

    best = None
    for shift2 in range(2, 9):
        # Level 3: blocks of 1 << shift2 record numbers.
        blocks3 = {}
        index3 = []
        level2 = []
        for start in range(0, NCHARS, 1 << shift2):
            block = tuple(char_record[start:start + (1 << shift2)])
            if block not in blocks3:
                blocks3[block] = len(blocks3)
                index3.extend(block)
            level2.append(blocks3[block])
        for shift1 in range(shift2 + 1, 14):
            # Level 2: blocks of 1 << (shift1 - shift2) level-3 blocks.
            per = 1 << (shift1 - shift2)
            blocks2 = {}
            index2 = []
            index1 = []
            for start in range(0, len(level2), per):
                block = tuple(level2[start:start + per])
                if block not in blocks2:
                    blocks2[block] = len(blocks2)
                    index2.extend(block)
                index1.append(blocks2[block])
            w1 = 1 if len(blocks2) <= 256 else 2
            w2 = 1 if len(blocks3) <= 256 else 2
            w3 = 1 if len(records) <= 256 else 2
            total = len(index1) * w1 + len(index2) * w2 + len(index3) * w3
            if best is None or total < best[0]:
                best = (total, shift1, shift2, index1, index2, index3,
                        w1, w2, w3)
    total, shift1, shift2, index1, index2, index3, w1, w2, w3 = best

    out = sys.stdout
    out.write("/*\n * t_str_db.h -- the character database of t_str.c.\n"
              " *\n * Generated by tools/gen_str_db.py from Python %s's str "
              "methods and\n * unicodedata (Unicode %s); do not edit.  "
              "%d records, %d bytes of\n * index.\n */\n"
              % (sys.version.split()[0], unicodedata.unidata_version,
                 len(records), total))
    out.write("#define STDB_UNICODE_VERSION \"%s\"\n"
              % unicodedata.unidata_version)
    for name in FLAG_NAMES:
        out.write("#define STDB_%s 0x%xu\n" % (name, FLAG[name]))
    out.write("#define STDB_SHIFT1 %d\n#define STDB_SHIFT2 %d\n\n"
              % (shift1, shift2))
    out.write("typedef struct stdb_record {\n"
              "    uint32_t flags;             /* STDB_* */\n"
              "    int32_t upper, lower, title, fold; /* deltas, or "
              "stdb_ext indices */\n"
              "    int8_t decimal;             /* 0..9, or -1 */\n"
              "} stdb_record;\n\n")
    out.write("static const stdb_record stdb_records[%d] = {\n"
              % len(records))
    for r in records:
        out.write("    {0x%x, %d, %d, %d, %d, %d},\n" % r)
    out.write("};\n\n")

    def array(ctype, name, values):
        out.write("static const %s %s[%d] = {\n" % (ctype, name, len(values)))
        line = "   "
        for v in values:
            item = " %d," % v
            if len(line) + len(item) > 79:
                out.write(line + "\n")
                line = "   "
            line += item
        out.write(line + "\n};\n\n")

    for w, name, values in ((w1, "stdb_index1", index1),
                            (w2, "stdb_index2", index2),
                            (w3, "stdb_index3", index3)):
        array("uint8_t" if w == 1 else "uint16_t", name, values)
    array("uint32_t", "stdb_ext", ext)


if __name__ == "__main__":
    main()
