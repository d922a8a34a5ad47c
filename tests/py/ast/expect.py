"""Print what CPython 3.11's parser makes of a file, in the format
parse_main (the C driver) prints: ast.dump of the tree, or one line

    <ErrorClass>: <msg> (<lineno>, <offset>, <end_lineno>, <end_offset>)

The mode comes from the file name: NAME.eval.py is parsed with
mode='eval', NAME.single.py with mode='single', anything else 'exec'.
NAME.repl.single.py is parsed as the interactive prompt parses (codeop's
PyCF_ALLOW_INCOMPLETE_INPUT): a statement that more lines could complete
is the error "incomplete input", after which a line "incomplete" follows
(parse_main -i prints the same when py_parse sets *incomplete).

NAME.attrs.py is dumped with include_attributes=True (node positions;
parse_main -a).

--write leaves alone the .expected of the cases listed in cases/HAND,
which CPython parses differently on purpose (complex numbers, async,
match: not supported here).

Usage: python3 expect.py FILE...      (prints each result)
       python3 expect.py --write FILE... (writes FILE's .expected beside it)
"""
import ast
import os
import re
import sys

PYCF_ALLOW_INCOMPLETE_INPUT = 0x4000    # CPython 3.11's compile() flag


def mode_of(path):
    if path.endswith(".eval.py"):
        return "eval"
    if path.endswith(".single.py"):
        return "single"
    return "exec"


def source_of(data):
    """What to give ast.parse: CPython reports error columns in
    characters when it knows the source's encoding (a str, or bytes with
    a BOM or a coding declaration) and in bytes otherwise; the parser
    under test counts characters, as compile(str) does."""
    if data.startswith(b"\xef\xbb\xbf") or re.match(
            rb"^[ \t\f]*#.*?coding[:=]|^[ \t\f]*(#.*)?\r?\n[ \t\f]*#.*?coding[:=]",
            data):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data


def result(path):
    with open(path, "rb") as f:
        data = f.read()
    flags = ast.PyCF_ONLY_AST
    if path.endswith(".repl.single.py"):
        flags |= PYCF_ALLOW_INCOMPLETE_INPUT
    try:
        tree = compile(source_of(data), "<test>", mode_of(path), flags,
                       dont_inherit=True)
    except SyntaxError as e:
        text = "%s: %s (%s, %s, %s, %s)\n" % (
            type(e).__name__, e.msg, e.lineno, e.offset, e.end_lineno,
            e.end_offset)
        if e.msg == "incomplete input":
            text += "incomplete\n"
        return text
    except Exception as e:
        return "%s: %s\n" % (type(e).__name__, e)
    return ast.dump(tree, include_attributes=path.endswith(".attrs.py")) + "\n"


def main(argv):
    write = False
    if argv and argv[0] == "--write":
        write = True
        argv = argv[1:]
    hand = set()
    for path in argv:
        listing = os.path.join(os.path.dirname(path), "HAND")
        if os.path.exists(listing):
            with open(listing) as f:
                hand.update(l.strip() for l in f if not l.startswith("#"))
    for path in argv:
        if write and os.path.basename(path) in hand:
            continue
        text = result(path)
        if write:
            out = path[:-3] + ".expected"
            with open(out, "w", encoding="utf-8") as f:
                f.write(text)
        else:
            sys.stdout.write(text)


if __name__ == "__main__":
    main(sys.argv[1:])
