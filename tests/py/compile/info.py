#!/usr/bin/env python3
"""Print python3's code objects of FILE the way `dis_main -i` prints ours:
    info.py [-m exec|eval|single] FILE
one line per code object (qualname, flags, argument counts, stack size,
first line, the localsplus slots with L(ocal)/C(ell)/F(ree) kinds)."""
import sys
import types


def info(co):
    names = list(co.co_varnames)
    kinds = ["L" for _ in names]
    for c in co.co_cellvars:
        if c in names:
            kinds[names.index(c)] += "C"
        else:
            names.append(c)
            kinds.append("C")
    for f in co.co_freevars:
        names.append(f)
        kinds.append("F")
    slots = ",".join("%s:%s" % nk for nk in zip(names, kinds))
    # co_flags bits above NOFREE (futures, coroutine...) are not ours.
    print("%s flags=0x%x args=%d/%d/%d stack=%d line=%d locals=%s" % (
        co.co_qualname, co.co_flags & 0x7f, co.co_argcount,
        co.co_posonlyargcount, co.co_kwonlyargcount, co.co_stacksize,
        co.co_firstlineno, slots))
    for c in co.co_consts:
        if isinstance(c, types.CodeType):
            info(c)


args = sys.argv[1:]
mode = "exec"
if args[:1] == ["-m"]:
    mode, args = args[1], args[2:]
with open(args[0], "rb") as f:
    info(compile(f.read(), args[0], mode))
