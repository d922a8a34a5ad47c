"""Dict- and str-heavy text processing, written for objheap's suite.

A pseudo-random text is made from syllables, then processed as a small
text tool would: split into words and lines, words counted in a dict,
following words counted in a dict of dicts, an index from each word to
the lines it appears on, words normalised with str methods (lower,
strip, replace, startswith, slicing), reports built with f-strings,
%-formatting, str.format and join, and a small template engine that
substitutes {names} from a dict.  Measures str creation and hashing,
dict lookups and insertions with str keys, and the resizing of both.

Usage: bm_dicts_strs.py [N]   N thousand words of text
(default 330).
Prints the most frequent words and bigrams and checksums of the reports.
"""
import sys

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "so", "vi", "pe", "da",
             "en", "or", "ist", "ung", "ba", "ch", "qu", "zy"]


def make_text(words):
    """Words from syllables, chosen by a linear congruential generator,
    with punctuation and capitals here and there; lines of 12 words."""
    state = 12345
    lines = []
    line = []
    for i in range(words):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        n = 1 + (state >> 8) % 4
        w = ""
        s = state
        for _ in range(n):
            w += SYLLABLES[(s >> 4) % len(SYLLABLES)]
            s //= 7
        if state % 11 == 0:
            w = w.capitalize()
        if state % 13 == 0:
            w += ","
        elif state % 29 == 0:
            w += "."
        line.append(w)
        if len(line) == 12:
            lines.append(" ".join(line))
            line = []
    if line:
        lines.append(" ".join(line))
    return "\n".join(lines)


def normalise(word):
    word = word.strip(",.").lower()
    if word.startswith("qu"):
        word = "kw" + word[2:]
    return word.replace("ch", "k")


def str_sum(s):
    """A checksum of a str, the same under any implementation (str's
    hash() is not: CPython's is salted, objheap's is its own)."""
    h = 0
    for ch in s.encode():
        h = (h * 131 + ch) % 1000000007
    return h


def render(template, values):
    out = []
    i = 0
    while True:
        j = template.find("{", i)
        if j < 0:
            out.append(template[i:])
            return "".join(out)
        k = template.index("}", j)
        out.append(template[i:j])
        out.append(str(values.get(template[j + 1:k], "?")))
        i = k + 1


def main(n):
    text = make_text(n * 1000)
    counts = {}
    follows = {}
    where = {}
    prev = None
    for lineno, line in enumerate(text.split("\n")):
        for raw in line.split():
            w = normalise(raw)
            counts[w] = counts.get(w, 0) + 1
            where.setdefault(w, []).append(lineno)
            if prev is not None:
                f = follows.get(prev)
                if f is None:
                    f = follows[prev] = {}
                f[w] = f.get(w, 0) + 1
            prev = w
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
    pairs = []
    for a, f in follows.items():
        for b, c in f.items():
            pairs.append((c, a + " " + b))
    pairs.sort(key=lambda p: (-p[0], p[1]))
    report = []
    template = "{word} appears {count} times, first on line {first}"
    for w, c in sorted(counts.items()):
        lines = where[w]
        report.append(f"{w:>12}|{c:6d}|{len(set(lines)):5d}")
        report.append("%s: %d..%d" % (w.upper(), lines[0], lines[-1]))
        report.append(render(template, {"word": w, "count": c,
                                        "first": lines[0]}))
        report.append("{0}-{1}".format(w[:3], w[-3:].title()))
    full = "\n".join(report)
    print("dicts_strs", n, len(counts), len(follows), len(full))
    print("top", " ".join("%s=%d" % kv for kv in top))
    print("bigrams", "; ".join("%s=%d" % (p[1], p[0]) for p in pairs[:5]))
    print("checksum", str_sum(full[:200000]), str_sum(text[-100000:]))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 330)
