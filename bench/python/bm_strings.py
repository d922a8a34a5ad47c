"""String building: formatting, joining, slicing, splitting, replacing.

A report generator's work: many short-lived small strings (f-strings,
str(), slices), lists of them joined into larger ones, then split and
rewritten.  Strings up to ~470 characters are small blocks.
"""
import sys


def report(n, r):
    lines = []
    for i in range(n):
        name = "item-%05d" % (i * 7 + r)
        lines.append(f"{name:<12}|{i * 3.5:>10.2f}|{hex(i):>8}|"
                     f"{'*' * (i % 13)}")
    return "\n".join(lines)


def rewrite(text):
    out = []
    for line in text.split("\n"):
        fields = line.split("|")
        fields[0] = fields[0].upper().replace("ITEM", "it")
        out.append(",".join(f.strip() for f in fields))
    return "\n".join(out)


def main(rounds):
    checksum = 0
    for r in range(rounds):
        text = report(20000, r)
        csv = rewrite(text)
        words = csv.replace(",", " ").split()
        checksum += len(text) + len(csv) + len(words)
        acc = ""
        for w in words[:3000]:
            acc += w[:4]               # in-place growth of a string
        checksum += len(acc)
    print("strings", checksum)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 24)
