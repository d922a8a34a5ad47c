# unicodedata.category, decimal, digit and numeric: values over samples of
# Unicode, defaults, and the errors.
import unicodedata

chars = ("aZ09 \t\n\x00\x7f\xa0\xb2\xb9\xbc\xbd\xbe\xe9\u0378\u0660\u06f9"
         "\u0966\u0bf0\u0f33\u2150\u2155\u2160\u216f\u2180\u2460\u2473\u24ea"
         "\u2776\u3007\u3021\u3405\u4e00\u4e03\u5146\u842c\uf96b\uf973"
         "\ufb29\uff10\uff41\U00010107\U00010117\U0001012f\U000102e1"
         "\U0001d7ce\U0001f100\U0001f10a\U0001f10c\U00020001\U0002092a"
         "\U000e0001\U000f0000\U0010ffff\u2028\u2029\u01c5\u02b0\u0300"
         "\u0903\u20dd\u203f\u2010\u2045\u2046\u00ab\u00bb\u00a1\u00a2\u00a8"
         "\u00ac\u00a9\u0605\ue000")
for ch in chars:
    print(hex(ord(ch)), unicodedata.category(ch),
          unicodedata.decimal(ch, None), unicodedata.digit(ch, None),
          unicodedata.numeric(ch, None))

# Whole-range tallies (but the surrogates, which no str holds here):
# every category's count, and sums of the values.
counts = {}
dec = dig = num = 0
total = 0.0
for c in range(0, 0x110000, 7):
    if 0xD800 <= c <= 0xDFFF:
        continue
    ch = chr(c)
    k = unicodedata.category(ch)
    counts[k] = counts.get(k, 0) + 1
    if unicodedata.decimal(ch, None) is not None:
        dec += 1
    if unicodedata.digit(ch, None) is not None:
        dig += 1
    v = unicodedata.numeric(ch, None)
    if v is not None:
        num += 1
        total += v
print(sorted(counts.items()))
print(dec, dig, num, total)

# Defaults are returned as given; errors without them.
print(unicodedata.decimal("x", "d"), unicodedata.digit("x", []),
      unicodedata.numeric("x", None), unicodedata.decimal("7", "d"))
calls = [
    lambda: unicodedata.decimal("x"),
    lambda: unicodedata.decimal("\xb2"),
    lambda: unicodedata.digit("x"),
    lambda: unicodedata.digit("\xbd"),
    lambda: unicodedata.numeric("x"),
    lambda: unicodedata.category(),
    lambda: unicodedata.category("a", "b"),
    lambda: unicodedata.category(1),
    lambda: unicodedata.category("ab"),
    lambda: unicodedata.category(None),
    lambda: unicodedata.category(c="a"),
    lambda: unicodedata.decimal(),
    lambda: unicodedata.decimal("1", 2, 3),
    lambda: unicodedata.decimal(1),
    lambda: unicodedata.digit(b"1"),
    lambda: unicodedata.numeric(""),
    lambda: unicodedata.numeric("1", default=2),
]
for f in calls:
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)
print(sorted(n for n in dir(unicodedata) if not n.startswith("_")
             and n in ("category", "decimal", "digit", "lookup", "name",
                       "numeric", "unidata_version")))
