#!/usr/bin/env python3
"""Print the positions of python3's instructions of FILE as `dis_main -p`
prints ours:  positions.py [-m exec|eval|single] FILE
(only the instructions both instruction sets share and tracebacks can
point at; dis_main's comparable() lists the same names)."""
import dis
import sys
import types

NAMES = set("""LOAD_NAME STORE_NAME DELETE_NAME LOAD_GLOBAL STORE_GLOBAL
DELETE_GLOBAL LOAD_FAST STORE_FAST DELETE_FAST LOAD_DEREF STORE_DEREF
DELETE_DEREF LOAD_CLASSDEREF LOAD_ATTR STORE_ATTR DELETE_ATTR LOAD_METHOD
BINARY_SUBSCR STORE_SUBSCR DELETE_SUBSCR BINARY_OP COMPARE_OP IS_OP
CONTAINS_OP UNARY_NEGATIVE UNARY_POSITIVE UNARY_INVERT UNARY_NOT CALL
CALL_FUNCTION_EX GET_ITER FOR_ITER UNPACK_SEQUENCE UNPACK_EX IMPORT_NAME
IMPORT_FROM IMPORT_STAR RAISE_VARARGS FORMAT_VALUE BUILD_STRING LIST_APPEND
SET_ADD MAP_ADD YIELD_VALUE MAKE_FUNCTION LOAD_BUILD_CLASS BEFORE_WITH
WITH_EXCEPT_START CHECK_EXC_MATCH PRINT_EXPR LOAD_ASSERTION_ERROR
GET_YIELD_FROM_ITER SEND DICT_MERGE DICT_UPDATE LIST_EXTEND SET_UPDATE
BUILD_SLICE BUILD_MAP BUILD_CONST_KEY_MAP""".split())


def show(co):
    print("%s:" % co.co_qualname)
    for ins in dis.get_instructions(co):
        if ins.opname in NAMES:
            p = ins.positions
            print("  %s %s %s %s %s" % (
                ins.opname, *(-1 if v is None else v for v in
                              (p.lineno, p.col_offset, p.end_lineno,
                               p.end_col_offset))))
    for c in co.co_consts:
        if isinstance(c, types.CodeType):
            show(c)


args = sys.argv[1:]
mode = "exec"
if args[:1] == ["-m"]:
    mode, args = args[1], args[2:]
with open(args[0], "rb") as f:
    show(compile(f.read(), args[0], mode))
