# The str.is* predicates.
samples = ["abc", "ABC", "Abc", "123", "12.5", "a1", "", " ", "\t\n", "Title Case", "hello_world", "x2", "é"]
for s in samples:
    print(repr(s), s.isalpha(), s.isdigit(), s.isdecimal(), s.isnumeric(), s.isalnum(),
          s.isupper(), s.islower(), s.isspace(), s.istitle(), s.isidentifier(), s.isprintable(), s.isascii())
