/*
 * mod_sys.c -- the sys module.
 *
 * What this file owns
 * -------------------
 * sys: the interpreter's view of itself.  argv, path, modules, the
 * standard streams, exit, the recursion limit, and the memory functions
 * the seeds use -- getsizeof and getrefcount, answered by objheap's own
 * objects (oh_getsizeof counts the struct, the collector's 16-byte
 * prefix of containers and owned buffers, as CPython's does).
 *
 * sys.modules, sys.argv and sys.path are the interpreter's own objects
 * (py_interp.modules, .argv, .path): changing them from Python changes
 * what import and the command line see.
 *
 * Invariants
 * ----------
 * SS1. sys.modules is py_interp.modules (the same dict) while the
 *      interpreter runs.
 */
#include "py/py.h"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MOD(o) ((py_module *)(void *)(o))

static oh_object *
none(void)
{
    oh_incref(OH_NONE);
    return OH_NONE;
}

static oh_object *
sys_exit(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    if (py_check_args("exit", nargs, kwnames, 0, 1) < 0)
        return NULL;
    return py_err_set_object(PY_EXC(SystemExit), nargs ? args[0] : NULL);
}

static oh_object *
sys_getrecursionlimit(oh_object *self, oh_object *const *args, size_t nargs,
                      oh_object *kwnames)
{
    if (py_check_args("getrecursionlimit", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return oh_int_from_i64(OHI_RT->py->recursion_limit);
}

static oh_object *
sys_setrecursionlimit(oh_object *self, oh_object *const *args, size_t nargs,
                      oh_object *kwnames)
{
    if (py_check_args("setrecursionlimit", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (args[0]->type == &oh_float_type)
        return py_err_set_string(PY_EXC(TypeError), "'float' object cannot "
                                 "be interpreted as an integer");
    int64_t n;
    if (py_index_i64(args[0], &n) < 0)
        return NULL;
    if (n < 1)
        return py_err_set_string(PY_EXC(ValueError), "recursion limit must "
                                 "be greater or equal than 1");
    py_interp *in = OHI_RT->py;
    if (n <= in->depth)
        return py_err_format(PY_EXC(RecursionError), "cannot set the "
                             "recursion limit to %lld at the recursion "
                             "depth %d: the limit is too low",
                             (long long)n, in->depth);
    in->recursion_limit = n > INT32_MAX ? INT32_MAX : (int)n;
    return none();
}

static oh_object *
sys_getsizeof(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    static const char *const kw[] = {"object", "default", NULL};
    static const py_argspec spec = {"getsizeof", kw, 1, 2, 0};
    oh_object *a[2];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    oh_object *o = a[0];
    py_type *t = PY_TYPE(o);
    /* A class that overrides __sizeof__ is asked; the rest is the
     * library's own count. */
    if (t->tpflags & PY_TPFLAGS_HEAPTYPE) {
        oh_object *f = py_type_lookup(t, PY_ID(__sizeof__));
        if (f != NULL && PY_TYPE(f) == PY_T(function)) {
            oh_object *r = py_call_method(o, PY_ID(__sizeof__), NULL, 0);
            if (r == NULL) {
                if (a[1] != NULL && py_err_matches(PY_EXC(TypeError))) {
                    py_err_clear();
                    oh_incref(a[1]);
                    return a[1];
                }
                return NULL;
            }
            int64_t n;
            if (!oh_int_check(r) || oh_int_as_i64(r, &n) < 0) {
                oh_decref(r);
                if (!py_err_occurred())
                    py_err_set_string(PY_EXC(TypeError), "an integer is "
                                      "required");
                if (a[1] != NULL && py_err_matches(PY_EXC(TypeError))) {
                    py_err_clear();
                    oh_incref(a[1]);
                    return a[1];
                }
                return NULL;
            }
            oh_decref(r);
            if (n < 0)
                return py_err_set_string(PY_EXC(ValueError), "__sizeof__() "
                                         "should return >= 0");
            /* The gc head, and a managed dict's 16 bytes (TY9). */
            if (t->tpflags & PY_TPFLAGS_MANAGED_DICT)
                n += 2 * (int64_t)sizeof(oh_object *);
            return oh_int_from_i64(n + (int64_t)OHI_GC_SIZE(o->type));
        }
    }
    return oh_int_from_i64((int64_t)oh_getsizeof(o));
}

static oh_object *
sys_getrefcount(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (py_check_args("getrefcount", nargs, kwnames, 1, 1) < 0)
        return NULL;
    /* The argument's own reference on the caller's stack is counted, as
     * CPython counts it. */
    intptr_t n = args[0]->refcnt;
    return oh_int_from_i64((int64_t)n);
}

static oh_object *
sys_intern(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_check_args("intern", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (args[0]->type != &oh_str_type)
        return py_err_format(PY_EXC(TypeError), "intern() argument must be "
                             "str, not %T", args[0]);
    return oh_str_intern(args[0]);
}

static oh_object *
sys_exc_info(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    oh_object *e = OHI_RT->py->exc_info;
    if (e == NULL)
        return oh_tuple_pack(3, OH_NONE, OH_NONE, OH_NONE);
    oh_object *tb = ((py_exception *)(void *)e)->traceback;
    return oh_tuple_pack(3, &PY_TYPE(e)->ob_base, e, tb ? tb : OH_NONE);
}

static oh_object *
sys_exception(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    oh_object *e = OHI_RT->py->exc_info ? OHI_RT->py->exc_info : OH_NONE;
    oh_incref(e);
    return e;
}

/* sys.settrace(func) / sys.gettrace() (settrace.c). */
static oh_object *
sys_settrace(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("settrace", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (py_sys_settrace(args[0]) < 0)
        return NULL;
    oh_incref(OH_NONE);
    return OH_NONE;
}

static oh_object *
sys_gettrace(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("gettrace", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return py_sys_gettrace();
}

static oh_object *
sys_getframe(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("_getframe", nargs, kwnames, 0, 1) < 0)
        return NULL;
    int64_t depth = 0;
    if (nargs == 1 && py_index_i64(args[0], &depth) < 0)
        return NULL;
    py_frame *f = OHI_RT->py->frame;
    while (f != NULL && depth-- > 0)
        f = f->previous;
    if (f == NULL)
        return py_err_set_string(PY_EXC(ValueError),
                                 "call stack is not deep enough");
    oh_object *fo = py_frame_get_object(f);
    oh_xincref(fo);
    return fo;
}

/* The interactive echo: print repr(v) unless None, keep it as _. */
static oh_object *
sys_displayhook(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (py_check_args("displayhook", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *v = args[0];
    py_interp *in = OHI_RT->py;
    if (v == OH_NONE)
        return none();
    if (oh_dict_set(in->builtins, PY_ID(_), OH_NONE) < 0)
        return NULL;
    oh_object *r = py_repr(v);
    if (r == NULL)
        return NULL;
    oh_object *out;
    int found = oh_dict_lookup(MOD(in->sys)->dict, PY_ID(stdout), &out);
    if (found > 0) {
        oh_object *nl = oh_str_from_utf8("\n", 1);
        oh_object *parts[2] = {r, nl};
        oh_object *line = nl ? py_unicode_join_array(parts, 2) : NULL;
        oh_xdecref(nl);
        oh_object *w = line ? py_call_method(out, PY_ID(write), &line, 1)
                            : NULL;
        oh_xdecref(line);
        if (w == NULL) {
            oh_decref(r);
            return NULL;
        }
        oh_decref(w);
    }
    oh_decref(r);
    if (oh_dict_set(in->builtins, PY_ID(_), v) < 0)
        return NULL;
    return none();
}

static oh_object *
sys_excepthook(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (py_check_args("excepthook", nargs, kwnames, 3, 3) < 0)
        return NULL;
    if (py_is_instance(args[1], PY_EXC(BaseException)))
        py_err_print_exception(args[1]);
    return none();
}

static oh_object *
sys_getdefaultencoding(oh_object *self, oh_object *const *args,
                       size_t nargs, oh_object *kwnames)
{
    return oh_str_from_cstr("utf-8");
}

static oh_object *
sys_get_int_max_str_digits(oh_object *self, oh_object *const *args,
                           size_t nargs, oh_object *kwnames)
{
    return oh_int_from_i64(oh_int_get_max_str_digits());
}

static oh_object *
sys_set_int_max_str_digits(oh_object *self, oh_object *const *args,
                           size_t nargs, oh_object *kwnames)
{
    static const char *const kw[] = {"maxdigits", NULL};
    static const py_argspec spec = {"set_int_max_str_digits", kw, 1, 1, 0};
    oh_object *a[1];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    int64_t n;
    if (py_index_i64(a[0], &n) < 0)
        return NULL;
    if (oh_int_set_max_str_digits(n) < 0)
        return NULL;
    return none();
}

static const py_method_def sys_methods[] = {
    {"exit", sys_exit, 0, NULL},
    {"getrecursionlimit", sys_getrecursionlimit, 0, NULL},
    {"setrecursionlimit", sys_setrecursionlimit, 0, NULL},
    {"getsizeof", sys_getsizeof, 0, NULL},
    {"getrefcount", sys_getrefcount, 0, NULL},
    {"intern", sys_intern, 0, NULL},
    {"exc_info", sys_exc_info, 0, NULL},
    {"exception", sys_exception, 0, NULL},
    {"_getframe", sys_getframe, 0, NULL},
    {"settrace", sys_settrace, 0, NULL},
    {"gettrace", sys_gettrace, 0, NULL},
    {"displayhook", sys_displayhook, 0, NULL},
    {"excepthook", sys_excepthook, 0, NULL},
    {"getdefaultencoding", sys_getdefaultencoding, 0, NULL},
    {"getfilesystemencoding", sys_getdefaultencoding, 0, NULL},
    {"get_int_max_str_digits", sys_get_int_max_str_digits, 0, NULL},
    {"set_int_max_str_digits", sys_set_int_max_str_digits, 0, NULL},
    {NULL, NULL, 0, NULL}
};

/* The struct sequences (t_structseq.c): each its own class, as in
 * CPython (type(sys.float_info) is <class 'sys.float_info'>). */
#define F(name, i) PY_STRUCTSEQ_FIELD(name, i)
static const py_member_def version_info_fields[] = {
    F("major", 0), F("minor", 1), F("micro", 2), F("releaselevel", 3),
    F("serial", 4),
};
static const py_member_def float_info_fields[] = {
    F("max", 0), F("max_exp", 1), F("max_10_exp", 2), F("min", 3),
    F("min_exp", 4), F("min_10_exp", 5), F("dig", 6), F("mant_dig", 7),
    F("epsilon", 8), F("radix", 9), F("rounds", 10),
};
static const py_member_def int_info_fields[] = {
    F("bits_per_digit", 0), F("sizeof_digit", 1),
    F("default_max_str_digits", 2), F("str_digits_check_threshold", 3),
};
static const py_member_def hash_info_fields[] = {
    F("width", 0), F("modulus", 1), F("inf", 2), F("nan", 3), F("imag", 4),
    F("algorithm", 5), F("hash_bits", 6), F("seed_bits", 7), F("cutoff", 8),
};
static const py_member_def flags_fields[] = {
    F("debug", 0), F("inspect", 1), F("interactive", 2), F("optimize", 3),
    F("dont_write_bytecode", 4), F("no_user_site", 5), F("no_site", 6),
    F("ignore_environment", 7), F("verbose", 8), F("bytes_warning", 9),
    F("quiet", 10), F("hash_randomization", 11), F("isolated", 12),
    F("dev_mode", 13), F("utf8_mode", 14), F("warn_default_encoding", 15),
    F("safe_path", 16), F("int_max_str_digits", 17),
};
#undef F

/* sys.<name> = a struct sequence of the n values (new references, which
 * this takes; a NULL among them is an allocation that failed). */
static int
add_record(oh_object *m, const char *name, const py_member_def *fields,
           oh_object **values, size_t n)
{
    oh_object *rec = NULL;
    bool ok = true;
    for (size_t i = 0; i < n; i++)
        ok = ok && values[i] != NULL;
    py_type *t = ok ? py_structseq_type("sys", name, fields, n) : NULL;
    if (t != NULL) {
        rec = py_structseq_new(t, values, n);
        oh_decref(&t->ob_base);
    }
    for (size_t i = 0; i < n; i++)
        oh_xdecref(values[i]);
    return py_module_add(m, name, rec);
}

#define I(v) oh_int_from_i64(v)
#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))

static int
add_records(oh_object *m)
{
    oh_object *vi[] = {I(3), I(11), I(7), oh_str_from_cstr("final"), I(0)};
    if (add_record(m, "version_info", version_info_fields, vi, NITEMS(vi))
        < 0)
        return -1;
    oh_object *fi[] = {
        oh_float_from_double(DBL_MAX), I(DBL_MAX_EXP), I(DBL_MAX_10_EXP),
        oh_float_from_double(DBL_MIN), I(DBL_MIN_EXP), I(DBL_MIN_10_EXP),
        I(DBL_DIG), I(DBL_MANT_DIG), oh_float_from_double(DBL_EPSILON),
        I(FLT_RADIX), I(FLT_ROUNDS),
    };
    if (add_record(m, "float_info", float_info_fields, fi, NITEMS(fi)) < 0)
        return -1;
    /* Ints are stored in 64-bit limbs (src/types/int.c), but
     * sys.getsizeof reports CPython's 30-bit digits, and so does this. */
    oh_object *ii[] = {I(30), I(4), I(4300), I(640)};
    if (add_record(m, "int_info", int_info_fields, ii, NITEMS(ii)) < 0)
        return -1;
    /* The numeric hash is CPython's (modulus 2**61 - 1); str and bytes
     * use objheap's own unkeyed hash (object.c), not SipHash. */
    oh_object *hi[] = {
        I(64), I(((int64_t)1 << 61) - 1), I(314159), I(0), I(1000003),
        oh_str_from_cstr("fmix64"), I(64), I(0), I(0),
    };
    if (add_record(m, "hash_info", hash_info_fields, hi, NITEMS(hi)) < 0)
        return -1;
    oh_object *fl[] = {
        I(0), I(0), I(0), I(0), I(1), I(0), I(0), I(0), I(0), I(0), I(0),
        I(0), I(0), oh_bool_from(false), I(0), I(0), oh_bool_from(false),
        I(-1),
    };
    return add_record(m, "flags", flags_fields, fl, NITEMS(fl));
}
#undef I
#undef NITEMS

static int
sys_exec(oh_object *m)
{
    py_interp *in = OHI_RT->py;
    oh_incref(in->modules);
    if (py_module_add(m, "modules", in->modules) < 0)
        return -1;
    oh_object *out = py_file_new(stdout, "<stdout>", "w", false);
    oh_object *err = py_file_new(stderr, "<stderr>", "w", false);
    oh_object *inp = py_file_new(stdin, "<stdin>", "r", false);
    if (out == NULL || err == NULL || inp == NULL) {
        oh_xdecref(out);
        oh_xdecref(err);
        oh_xdecref(inp);
        return -1;
    }
    oh_incref(out);
    oh_incref(err);
    oh_incref(inp);
    if (py_module_add(m, "stdout", out) < 0
        || py_module_add(m, "stderr", err) < 0
        || py_module_add(m, "stdin", inp) < 0
        || py_module_add(m, "__stdout__", out) < 0
        || py_module_add(m, "__stderr__", err) < 0
        || py_module_add(m, "__stdin__", inp) < 0)
        return -1;
    if (py_module_add(m, "maxsize", oh_int_from_i64(INT64_MAX)) < 0
        || py_module_add(m, "maxunicode", oh_int_from_i64(0x10ffff)) < 0
        || py_module_add(m, "byteorder", oh_str_from_cstr("little")) < 0
        || py_module_add(m, "platform", oh_str_from_cstr("linux")) < 0
        || py_module_add(m, "executable",
                         oh_str_from_cstr("/usr/local/bin/objheap")) < 0
        || py_module_add(m, "prefix", oh_str_from_cstr("/usr/local")) < 0
        || py_module_add(m, "version",
                         py_str_format("3.11.7 (objheap %s)",
                                       OH_VERSION_STRING)) < 0
        || py_module_add(m, "hexversion", oh_int_from_i64(0x030b07f0)) < 0
        || py_module_add(m, "dont_write_bytecode",
                         (oh_incref(OH_TRUE), OH_TRUE)) < 0)
        return -1;
    if (add_records(m) < 0)
        return -1;
    oh_object *vi = oh_dict_get_str(MOD(m)->dict, "version_info");
    /* sys.implementation: name and version. */
    oh_object *impl_ns = oh_dict_new();
    if (impl_ns == NULL)
        return -1;
    oh_object *ver = NULL;
    oh_incref(vi);
    ver = vi;
    if (oh_dict_set_str(impl_ns, "name", py_static_str("objheap")) < 0
        || oh_dict_set_str(impl_ns, "version", ver) < 0
        || oh_dict_set_str(impl_ns, "cache_tag", OH_NONE) < 0) {
        oh_decref(ver);
        oh_decref(impl_ns);
        return -1;
    }
    oh_decref(ver);
    oh_object *name = oh_str_from_cstr("implementation");
    oh_object *bases = oh_tuple_from_array(NULL, 0);
    oh_object *impl = (name && bases)
                          ? py_type_new(PY_T(type), name, bases, impl_ns)
                          : NULL;
    oh_xdecref(name);
    oh_xdecref(bases);
    oh_decref(impl_ns);
    if (py_module_add(m, "implementation", impl) < 0)
        return -1;
    /* builtin_module_names */
    static const char *const names[] = {
#define PY_MODULE_NAME(n) #n,
        PY_BUILTIN_MODULES(PY_MODULE_NAME)
#undef PY_MODULE_NAME
    };
    size_t nn = sizeof names / sizeof names[0];
    oh_object *bl = oh_list_new();
    for (size_t i = 0; bl != NULL && i < nn; i++) {
        oh_object *s = oh_str_from_cstr(names[i]);
        if (s == NULL || oh_list_append(bl, s) < 0) {
            oh_xdecref(s);
            oh_decref(bl);
            bl = NULL;
            break;
        }
        oh_decref(s);
    }
    oh_object *bt = bl ? oh_tuple_from_array(OHI_LIST(bl)->items,
                                             (size_t)OHI_LIST(bl)->size)
                       : NULL;
    oh_xdecref(bl);
    if (py_module_add(m, "builtin_module_names", bt) < 0)
        return -1;
    oh_object *warn = oh_list_new();
    if (py_module_add(m, "warnoptions", warn) < 0)
        return -1;
    return 0;
}

const py_module_def py_module_sys = {
    .name = "sys",
    .doc = "This module provides access to some objects used or maintained "
           "by the\ninterpreter and to functions that interact strongly "
           "with the interpreter.",
    .methods = sys_methods,
    .exec = sys_exec,
};

/* Make sys (py_interp_init): argv, path (the script's directory first). */
int
py_sys_init(int argc, char **argv)
{
    py_interp *in = OHI_RT->py;
    in->argv = oh_list_new();
    in->path = oh_list_new();
    if (in->argv == NULL || in->path == NULL)
        return -1;
    for (int i = 0; i < argc; i++) {
        oh_object *s = oh_str_from_cstr(argv[i]);
        if (s == NULL || oh_list_append(in->argv, s) < 0) {
            oh_xdecref(s);
            return -1;
        }
        oh_decref(s);
    }
    /* sys.path[0]: the directory of the script with every symbolic link
     * resolved, as python3's ('' for -c, - and the prompt; the script's
     * directory as written if it cannot be resolved). */
    oh_object *first;
    if (argc > 0 && strcmp(argv[0], "-c") && strcmp(argv[0], "-")
        && argv[0][0] != '\0') {
        char *real = realpath(argv[0], NULL);
        const char *p = real != NULL ? real : argv[0];
        const char *slash = strrchr(p, '/');
        first = slash ? oh_str_from_utf8(p, (size_t)(slash - p)
                                                + (slash == p))
                      : oh_str_from_cstr("");
        free(real);
    }
    else
        first = oh_str_from_cstr("");
    if (first == NULL || oh_list_append(in->path, first) < 0) {
        oh_xdecref(first);
        return -1;
    }
    oh_decref(first);
    in->sys = py_module_from_def(&py_module_sys);
    if (in->sys == NULL)
        return -1;
    oh_incref(in->argv);
    oh_incref(in->path);
    if (py_module_add(in->sys, "argv", in->argv) < 0
        || py_module_add(in->sys, "path", in->path) < 0)
        return -1;
    oh_object *orig = oh_list_new();
    if (py_module_add(in->sys, "orig_argv", orig) < 0)
        return -1;
    return oh_dict_set(in->modules, PY_ID(sys), in->sys);
}
