# Every escape sequence in a str literal.
s = "\\ \' \" \a \b \f \n \r \t \v"
print([ord(c) for c in s if c != ' '])
print(repr("\0"), repr("\x41\x7e"), repr("\101\102\7"), repr("\1234"))
print("\u00e9" == "\xe9", ord("\u20ac"), ord("\U0001F600"))
print(len("\N{LATIN SMALL LETTER E WITH ACUTE}"), ord("\N{EURO SIGN}"))
print(repr("tab\there"))
print("line one\
 continued")
print(repr("\q"), len("\q"))
