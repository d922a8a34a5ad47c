#!/usr/bin/env python3
"""Write python3's AST of a file in the form astload.c reads.

    ast2sexp.py [-m exec|eval|single] FILE > FILE.sexp

The compiler's tests compile CPython's own tree (the positions included)
with this, so they do not depend on our parser: a node is
"(Kind lineno col end_lineno end_col field...)" with the fields in ast's
_fields order (positions only for nodes that have them), a list is
"[ ... ]", None is "_", a str is "s" + its UTF-8 in hex, bytes "b" + hex,
an int "n" + decimal, a float "f" + float.hex(), an imaginary number
"j" + float.hex() of its imaginary part, True/False/Ellipsis "T"/"F"/"E".
"""
import ast
import sys


def emit(node, out):
    if node is None:
        out.append("_")
    elif isinstance(node, list):
        out.append("[")
        for item in node:
            emit(item, out)
        out.append("]")
    elif isinstance(node, ast.AST):
        out.append("(" + type(node).__name__)
        if "lineno" in node._attributes:
            for attr in ("lineno", "col_offset", "end_lineno",
                         "end_col_offset"):
                v = getattr(node, attr, None)
                out.append(str(-1 if v is None else v))
        for field in node._fields:
            emit(getattr(node, field, None), out)
        out.append(")")
    elif isinstance(node, bool):
        out.append("T" if node else "F")
    elif isinstance(node, int):
        out.append("n%d" % node)
    elif isinstance(node, float):
        out.append("f" + node.hex())
    elif isinstance(node, complex) and node.real == 0:
        out.append("j" + node.imag.hex())
    elif isinstance(node, str):
        out.append("s" + node.encode("utf-8", "surrogatepass").hex())
    elif isinstance(node, bytes):
        out.append("b" + node.hex())
    elif node is Ellipsis:
        out.append("E")
    else:
        raise SystemExit("ast2sexp: cannot write %r" % (node,))


def main():
    args = sys.argv[1:]
    mode = "exec"
    if args[:1] == ["-m"]:
        mode = args[1]
        args = args[2:]
    with open(args[0], "rb") as f:
        src = f.read()
    try:
        tree = ast.parse(src, args[0], mode)
    except SyntaxError as e:
        print("parse-error %s" % e.msg)
        return
    out = []
    emit(tree, out)
    print(" ".join(out))


main()
