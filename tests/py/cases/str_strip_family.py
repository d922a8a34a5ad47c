# strip, lstrip, rstrip, removeprefix, removesuffix.
s = "  \t padded \n "
print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()))
print("xxhixx".strip("x"), "abcHELLOcba".strip("abc"), "www.example.com".lstrip("w."), "file.txt..".rstrip("."))
print("prefix_body".removeprefix("prefix_"), "body.py".removesuffix(".py"), "same".removeprefix("x"))
print(repr("".strip()), repr("   ".strip()), "aaa".strip("a") == "")
