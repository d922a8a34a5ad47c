#!/usr/bin/env python3
"""gen_null_calls.py -- the calls tests/test_null.c makes, from the headers.

Usage: tests/gen_null_calls.py OUT.h include/objheap/*.h

objheap.h's rule for NULL objects: every public function that takes an
object reports NULL as SystemError naming itself, and never crashes.
tests/test_null.c checks the rule by calling every such function with NULL
in each of its object arguments, one call per child process.  This script
writes those calls: it reads every OH_API prototype, and for each argument
that is an object (oh_object *, const oh_object *, const struct oh_object
*) or an array of objects (oh_object *const *) it writes one call with
NULL there (for an array: one with a NULL array and one with an array
holding NULL) and a valid value of the right kind everywhere else, so that
a missing check is met by a crash and not hidden by some other error.

The valid values come from the rules below, by the function's prefix and
the argument's name and type.  An argument no rule covers stops the
script with a message saying so: a new public function cannot be left out
of the test by accident; whoever adds it adds its rule here.
"""

import re
import sys

# Arguments where NULL has a documented meaning: the call is still made
# (it must not crash), but no error is expected.  (function, argument):
# the reason.
NULL_ALLOWED = {
    ("oh_set_from", "iterable"): "NULL is the empty iterable",
    ("oh_frozenset_from", "iterable"): "NULL is the empty iterable",
    ("oh_weakref_new_data", "data"): "NULL: no data for the callback",
    ("oh_py_def_function", "data"): "NULL: no data for the function",
    ("oh_trace_get_object_traceback", "o"):
        "NULL: not traced (documented: no error for an untraced pointer)",
}

# Functions whose results are only 1 or 0 (predicates): for NULL they
# return 0, with the error set.  Other int results return -1; pointers
# NULL; unsigned results (sizes, ids) 0.
PREDICATES = {"oh_is_immortal", "oh_str_equal_cstr", "oh_gc_is_tracked",
              "oh_gc_is_finalized"}


def is_predicate(name):
    return name in PREDICATES or name.endswith("_check")


# The valid object for an argument: by function prefix, then argument
# name.  "*" matches any argument name.  The first matching rule wins.
OBJECT_RULES = [
    ("oh_int_", "*", "fx.int_"),
    ("oh_float_", "*", "fx.flt"),
    ("oh_str_", "*", "fx.str"),
    ("oh_bytes_", "*", "fx.bytes"),
    ("oh_tuple_", "*", "fx.tuple"),
    ("oh_list_", "item", "fx.int_"),
    ("oh_list_", "*", "fx.list"),
    ("oh_dict_", "d", "fx.dict"),
    ("oh_dict_", "key", "fx.str"),
    ("oh_dict_", "value", "fx.int_"),
    ("oh_set_", "item", "fx.int_"),
    ("oh_set_", "iterable", "fx.list"),
    ("oh_set_", "*", "fx.set"),
    ("oh_frozenset_", "iterable", "fx.list"),
    ("oh_frozenset_", "*", "fx.set"),
    ("oh_anyset_", "*", "fx.set"),
    ("oh_class_", "*", "fx.cls"),
    ("oh_instance_", "cls", "fx.cls"),
    ("oh_instance_", "value", "fx.int_"),
    ("oh_instance_", "*", "fx.inst"),
    ("oh_weakref_", "obj", "fx.inst"),
    ("oh_weakref_", "data", "fx.int_"),
    ("oh_weakref_", "*", "fx.wref"),
    ("oh_weakdict_", "d", "fx.wvd"),
    ("oh_weakdict_", "key", "fx.str"),
    ("oh_weakdict_", "value", "fx.inst"),
    ("oh_weakset_", "s", "fx.wset"),
    ("oh_weakset_", "item", "fx.inst"),
    ("oh_weak_", "c", "fx.wvd"),
    ("oh_finalize_", "f", "fx.fin"),
    ("oh_finalize", "obj", "fx.inst"),
    ("oh_gc_", "*", "fx.list"),
    ("oh_find_backref_chain", "obj", "fx.list"),
    ("oh_graph_", "objs", "fx.objs"),
    ("oh_trace_", "o", "fx.list"),
    ("oh_py_", "callable", "fx.callable"),
    ("oh_py_", "args", "fx.objs"),
    ("oh_py_", "*", "fx.int_"),
    # The object core (object.h): any object will do.
    ("oh_", "o", "fx.int_"),
    ("oh_", "a", "fx.int_"),
    ("oh_", "b", "fx.int_"),
]

# Valid values for arguments that are not objects: (type regex, name
# regex, value).
OTHER_RULES = [
    (r"size_t", r"n|nargs|nitems", "1"),
    (r"size_t", r"length", "8"),
    (r"int64_t", r"i|start|stop", "0"),
    (r"int", r"base", "10"),
    (r"int", r"prefix|little_endian|is_signed", "0"),
    (r"int", r"max_depth", "1"),
    (r"int", r"line", "1"),
    (r"oh_graph_direction", r".*", "OH_GRAPH_REFERENTS"),
    (r"const char \*", r"dot_path|svg_path", '"/dev/null"'),
    (r"const char \*", r".*", '"x"'),
    (r"int64_t \*", r".*", "&fx.i64"),
    (r"int \*", r".*", "&fx.i"),
    (r"double \*", r".*", "&fx.d"),
    (r"size_t \*", r".*", "&fx.sz"),
    (r"oh_object \*\*", r".*", "&fx.out"),
    (r"oh_dict_iter \*", r".*", "&fx.dit"),
    (r"oh_set_iter \*", r".*", "&fx.sit"),
    (r"oh_weak_iter \*", r".*", "&fx.wit"),
    (r"oh_weakref_callback", r".*", "NULL"),
    (r"oh_finalize_func", r".*", "fx_func"),
    (r"oh_py_cfunction", r".*", "fx_cfunction"),
    (r"void \*", r"arg", "NULL"),
]

# Variadic functions whose variable arguments are objects: the calls are
# written out here.
VARIADIC_CALLS = {
    "oh_tuple_pack": [("1st of 1", "oh_tuple_pack(1, (oh_object *)NULL)"),
                      ("2nd of 2",
                       "oh_tuple_pack(2, fx.int_, (oh_object *)NULL)")],
}

OBJECT_TYPE = re.compile(r"^(const )?(struct )?oh_object \*$")
ARRAY_TYPE = re.compile(r"^oh_object \*const \*$")


def die(msg):
    sys.stderr.write("gen_null_calls.py: %s\n" % msg)
    sys.exit(1)


def prototypes(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"^\s*#.*$", " ", text, flags=re.M)
    text = re.sub(r"\s+", " ", text)
    for m in re.finditer(r"OH_API ([^;(){}]*?)\b(oh_\w+) ?\(([^()]*)\)", text):
        ret, name, params = m.group(1).strip(), m.group(2), m.group(3)
        if ret.startswith("extern"):
            continue
        args = []
        if params.strip() not in ("", "void"):
            for p in params.split(","):
                p = p.strip()
                if p == "...":
                    args.append(("...", "..."))
                    continue
                pm = re.match(r"^(.*?)(\w+)(\[[^]]*\])?$", p)
                if pm is None:
                    die("cannot read parameter '%s' of %s" % (p, name))
                ptype = pm.group(1).strip()
                if pm.group(3):
                    ptype += " *"
                ptype = re.sub(r"\s*\*\s*", " *", ptype).replace(" *const", " *const")
                ptype = re.sub(r"\* \*", "**", ptype)
                args.append((ptype, pm.group(2)))
        yield ret, name, args


def kind_of(ptype):
    if OBJECT_TYPE.match(ptype):
        return "object"
    if ARRAY_TYPE.match(ptype):
        return "array"
    return "other"


def object_value(func, pname):
    for prefix, arg, value in OBJECT_RULES:
        if func.startswith(prefix) and arg in ("*", pname):
            return value
    die("no valid object for argument '%s' of %s: add a rule to "
        "OBJECT_RULES" % (pname, func))


def other_value(func, ptype, pname):
    for tre, nre, value in OTHER_RULES:
        if re.fullmatch(tre, ptype) and re.fullmatch(nre, pname):
            return value
    die("no valid value for argument '%s %s' of %s: add a rule to "
        "OTHER_RULES" % (ptype, pname, func))


def result_kind(ret):
    ret = ret.replace("OH_MALLOC_ATTR", "").strip()
    if ret == "void":
        return "RET_VOID"
    if "*" in ret:
        return "RET_PTR"
    if ret in ("size_t", "uintptr_t", "unsigned", "unsigned long"):
        return "RET_UNSIGNED"
    return "RET_SIGNED"


def main():
    if len(sys.argv) < 3:
        die("usage: gen_null_calls.py OUT.h HEADER...")
    text = ""
    for path in sys.argv[2:]:
        with open(path) as f:
            text += f.read() + "\n"
    calls = []      # (func, what, ret kind, expected, allowed, C call)
    seen = set()
    for ret, name, args in prototypes(text):
        if name in seen:
            continue
        seen.add(name)
        kinds = [kind_of(t) for t, _ in args]
        rk = result_kind(ret)
        if rk == "RET_VOID":
            want = "0"
        elif rk == "RET_PTR":
            want = "0"
        elif rk == "RET_UNSIGNED":
            want = "0"
        else:
            want = "0" if is_predicate(name) else "-1"
        if name in VARIADIC_CALLS:
            for what, call in VARIADIC_CALLS[name]:
                calls.append((name, what, rk, want, None, call))
            continue
        if "object" not in kinds and "array" not in kinds:
            continue
        if any(t == "..." for t, _ in args):
            die("%s is variadic with object arguments: write its calls "
                "in VARIADIC_CALLS" % name)
        for i, (ptype, pname) in enumerate(args):
            if kinds[i] == "other":
                continue
            variants = ([("NULL", pname)] if kinds[i] == "object" else
                        [("NULL", pname + " (NULL array)"),
                         ("fx.nulls", pname + "[0]")])
            for null_value, what in variants:
                vals = []
                for j, (t2, n2) in enumerate(args):
                    if j == i:
                        vals.append(null_value)
                    elif kinds[j] == "other":
                        vals.append(other_value(name, t2, n2))
                    else:
                        vals.append(object_value(name, n2))
                allowed = NULL_ALLOWED.get((name, pname))
                calls.append((name, what, rk, want, allowed,
                              "%s(%s)" % (name, ", ".join(vals))))
    for (func, arg) in NULL_ALLOWED:
        if func not in seen:
            die("NULL_ALLOWED names %s, which no header declares" % func)
    out = ["/* Generated by tests/gen_null_calls.py from the public "
           "headers; do not edit. */"]
    for k, (func, what, rk, want, allowed, call) in enumerate(calls):
        field = {"RET_VOID": None, "RET_PTR": "p", "RET_UNSIGNED": "u",
                 "RET_SIGNED": "s"}[rk]
        if field is None:
            body = "%s;" % call
        elif field == "p":
            body = "r->p = (const void *)%s;" % call
        elif field == "u":
            body = "r->u = (unsigned long long)%s;" % call
        else:
            body = "r->s = (long long)%s;" % call
        out.append("static void\nnull_call_%d(null_result *r)\n{\n"
                   "    (void)r;\n    %s\n}\n" % (k, body))
    out.append("static const null_call null_calls[] = {")
    for k, (func, what, rk, want, allowed, call) in enumerate(calls):
        out.append('    {"%s", "%s", %s, %s, %s, null_call_%d},'
                   % (func, what, rk, want,
                      '"%s"' % allowed if allowed else "NULL", k))
    out.append("};")
    with open(sys.argv[1], "w") as f:
        f.write("\n".join(out) + "\n")


main()
