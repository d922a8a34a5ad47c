# splitlines with different line endings and keepends.
text = "one\ntwo\r\nthree\rfour\n\nsix"
print(text.splitlines())
print(text.splitlines(keepends=True))
print("".splitlines(), "\n".splitlines(), "x\n".splitlines(True), "a\x0bb\x0cc\x1cd".splitlines())
print("line1\nline2\n".split("\n"), "line1\nline2\n".splitlines())
