/*
 * builtins.c -- the builtins module: print, len, isinstance, sorted, ...
 *
 * What this file owns
 * -------------------
 * The functions of Python's builtins module and the module itself: its
 * names are put in the order CPython 3.11's builtins dict has them (the
 * order decides ties among "Did you mean" suggestions), functions first,
 * then constants, types and exceptions.  Also __build_class__, which the
 * class statement calls (LOAD_BUILD_CLASS): it picks the metaclass, runs
 * the class body with a fresh namespace as its locals, and makes the
 * class.
 *
 * The types themselves (int, list, ...) live in their own files; the
 * functions here are thin: each binds its arguments, calls the object
 * protocol (abstract.c) and words its errors as CPython does.
 *
 * Invariants
 * ----------
 * BI1. Every function here returns a new reference or NULL with an
 *      exception set, and leaves its arguments unchanged.
 */
#include "py/py.h"

#include <stdio.h>
#include <string.h>

#define MOD(o) ((py_module *)(void *)(o))

static oh_object *
none(void)
{
    oh_incref(OH_NONE);
    return OH_NONE;
}

/* sys.<name> (borrowed), or NULL. */
static oh_object *
sys_attr(const char *name)
{
    py_interp *in = OHI_RT->py;
    if (in->sys == NULL)
        return NULL;
    oh_object *v;
    oh_object *key = py_static_str(name);
    if (key == NULL || oh_dict_lookup(MOD(in->sys)->dict, key, &v) <= 0) {
        py_err_clear();
        return NULL;
    }
    return v;
}

/* ==========================================================================
 * I/O: print, input
 * ========================================================================== */

/* Write the str s to a file object (its write method). */
static int
file_write(oh_object *file, oh_object *s)
{
    oh_object *r = py_call_method(file, PY_ID(write), &s, 1);
    if (r == NULL)
        return -1;
    oh_decref(r);
    return 0;
}

static oh_object *
bi_print(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    oh_object *sep = NULL, *end = NULL, *file = NULL, *flush = NULL;
    size_t nkw = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    for (size_t i = 0; i < nkw; i++) {
        oh_object *k = OHI_TUPLE(kwnames)->items[i];
        oh_object *v = args[nargs + i];
        if (oh_str_equal_cstr(k, "sep"))
            sep = v;
        else if (oh_str_equal_cstr(k, "end"))
            end = v;
        else if (oh_str_equal_cstr(k, "file"))
            file = v;
        else if (oh_str_equal_cstr(k, "flush"))
            flush = v;
        else
            return py_err_format(PY_EXC(TypeError), "'%U' is an invalid "
                                 "keyword argument for print()", k);
    }
    if (sep == OH_NONE)
        sep = NULL;
    if (end == OH_NONE)
        end = NULL;
    if (sep != NULL && sep->type != &oh_str_type)
        return py_err_format(PY_EXC(TypeError), "sep must be None or a "
                             "string, not %T", sep);
    if (end != NULL && end->type != &oh_str_type)
        return py_err_format(PY_EXC(TypeError), "end must be None or a "
                             "string, not %T", end);
    if (file == NULL || file == OH_NONE) {
        file = sys_attr("stdout");
        if (file == NULL || file == OH_NONE)
            return none();              /* sys.stdout is gone: nothing */
    }
    /* One str for the whole line: fewer writes, and a line is written
     * whole even when file is a Python object. */
    size_t n = nargs * 2 + 1;
    oh_object **parts = oh_malloc(n * sizeof(oh_object *));
    if (parts == NULL)
        return py_err_no_memory();
    oh_object *space = NULL, *newline = NULL;
    size_t k = 0;
    oh_object *r = NULL;
    for (size_t i = 0; i < nargs; i++) {
        if (i > 0) {
            if (sep == NULL && space == NULL
                && (space = oh_str_from_utf8(" ", 1)) == NULL)
                goto done;
            parts[k] = sep ? sep : space;
            oh_incref(parts[k]);
            k++;
        }
        parts[k] = py_str(args[i]);
        if (parts[k] == NULL)
            goto done;
        k++;
    }
    if (end == NULL && (newline = oh_str_from_utf8("\n", 1)) == NULL)
        goto done;
    parts[k] = end ? end : newline;
    oh_incref(parts[k]);
    k++;
    oh_object *line = py_unicode_join_array(parts, k);
    if (line == NULL)
        goto done;
    int w = file_write(file, line);
    oh_decref(line);
    if (w < 0)
        goto done;
    if (flush != NULL) {
        int t = py_is_true(flush);
        if (t < 0)
            goto done;
        if (t) {
            oh_object *fr = py_call_method(file, PY_ID(flush), NULL, 0);
            if (fr == NULL)
                goto done;
            oh_decref(fr);
        }
    }
    r = none();
done:
    for (size_t i = 0; i < k; i++)
        oh_decref(parts[i]);
    oh_free(parts);
    oh_xdecref(space);
    oh_xdecref(newline);
    return r;
}

static oh_object *
bi_input(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    if (py_check_args("input", nargs, kwnames, 0, 1) < 0)
        return NULL;
    if (py_audit("builtins.input", 1, nargs == 1 ? args[0] : NULL) < 0)
        return NULL;
    oh_object *out = sys_attr("stdout");
    if (nargs == 1 && out != NULL) {
        oh_object *s = py_str(args[0]);
        if (s == NULL)
            return NULL;
        int w = file_write(out, s);
        oh_decref(s);
        if (w < 0)
            return NULL;
    }
    if (out != NULL) {
        oh_object *fr = py_call_method(out, PY_ID(flush), NULL, 0);
        if (fr == NULL)
            return NULL;
        oh_decref(fr);
    }
    oh_object *in = sys_attr("stdin");
    if (in == NULL)
        return py_err_set_string(PY_EXC(RuntimeError), "input(): lost "
                                 "sys.stdin");
    oh_object *line = py_call_method(in, PY_ID(readline), NULL, 0);
    if (line == NULL)
        return NULL;
    if (line->type != &oh_str_type) {
        oh_decref(line);
        return py_err_set_string(PY_EXC(TypeError), "object.readline() "
                                 "returned non-string");
    }
    size_t n;
    const char *s = oh_str_utf8(line, &n);
    if (n == 0) {
        oh_decref(line);
        return py_err_set_string(PY_EXC(EOFError),
                                 "EOF when reading a line");
    }
    if (s[n - 1] == '\n') {
        oh_object *r = oh_str_from_utf8(s, n - 1);
        oh_decref(line);
        return r;
    }
    return line;
}

/* ==========================================================================
 * Object functions
 * ========================================================================== */

static oh_object *
bi_len(oh_object *self, oh_object *const *args, size_t nargs,
       oh_object *kwnames)
{
    if (py_check_args("len", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int64_t n = py_len(args[0]);
    return n < 0 ? NULL : oh_int_from_i64(n);
}

static oh_object *
bi_repr(oh_object *self, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    if (py_check_args("repr", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return py_repr(args[0]);
}

static oh_object *
bi_ascii(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    if (py_check_args("ascii", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return py_ascii(args[0]);
}

static oh_object *
bi_format(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_check_args("format", nargs, kwnames, 1, 2) < 0)
        return NULL;
    if (nargs == 2 && args[1]->type != &oh_str_type)
        return py_err_format(PY_EXC(TypeError), "format() argument 2 must "
                             "be str, not %T", args[1]);
    return py_format(args[0], nargs == 2 ? args[1] : NULL);
}

static oh_object *
bi_hash(oh_object *self, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    if (py_check_args("hash", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_hash_t h = py_hash(args[0]);
    if (h == -1 && py_err_occurred())
        return NULL;
    return oh_int_from_i64(h);
}

static oh_object *
bi_id(oh_object *self, oh_object *const *args, size_t nargs,
      oh_object *kwnames)
{
    if (py_check_args("id", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return oh_int_from_u64((uint64_t)oh_id(args[0]));
}

static oh_object *
bi_callable(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (py_check_args("callable", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return oh_bool_from(py_callable(args[0]));
}

static int
check_attr_name(oh_object *name)
{
    if (name->type != &oh_str_type
        && OHI_TYPE_KIND(name->type) != OHI_KIND_STR) {
        py_err_format(PY_EXC(TypeError), "attribute name must be string, "
                      "not '%T'", name);
        return -1;
    }
    return 0;
}

static oh_object *
bi_getattr(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_no_kwargs("getattr", kwnames) < 0)
        return NULL;
    if (nargs < 2 || nargs > 3)
        return py_err_format(PY_EXC(TypeError), "getattr expected %s 2 "
                             "arguments, got %zu",
                             nargs < 2 ? "at least" : "at most", nargs);
    if (check_attr_name(args[1]) < 0)
        return NULL;
    if (nargs == 2)
        return py_getattr(args[0], args[1]);
    oh_object *v;
    int r = py_lookup_attr(args[0], args[1], &v);
    if (r < 0)
        return NULL;
    if (r == 0) {
        oh_incref(args[2]);
        return args[2];
    }
    return v;
}

static oh_object *
bi_hasattr(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_check_args("hasattr", nargs, kwnames, 2, 2) < 0)
        return NULL;
    if (check_attr_name(args[1]) < 0)
        return NULL;
    oh_object *v;
    int r = py_lookup_attr(args[0], args[1], &v);
    if (r < 0)
        return NULL;
    if (r > 0)
        oh_decref(v);
    return oh_bool_from(r > 0);
}

static oh_object *
bi_setattr(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_check_args("setattr", nargs, kwnames, 3, 3) < 0)
        return NULL;
    if (check_attr_name(args[1]) < 0)
        return NULL;
    if (py_setattr(args[0], args[1], args[2]) < 0)
        return NULL;
    return none();
}

static oh_object *
bi_delattr(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_check_args("delattr", nargs, kwnames, 2, 2) < 0)
        return NULL;
    if (check_attr_name(args[1]) < 0)
        return NULL;
    if (py_delattr(args[0], args[1]) < 0)
        return NULL;
    return none();
}

/* isinstance with __instancecheck__ for classes whose metaclass defines
 * one; tuples (nested) of classes. */
static int
object_isinstance(oh_object *o, oh_object *cls)
{
    if (cls->type == &oh_tuple_type) {
        for (int64_t i = 0; i < OHI_TUPLE_SIZE(cls); i++) {
            int r = object_isinstance(o, OHI_TUPLE(cls)->items[i]);
            if (r != 0)
                return r;
        }
        return 0;
    }
    if (py_is_instance(cls, PY_T(type))) {
        py_type *t = (py_type *)(void *)cls;
        if (py_is_instance(o, t))
            return 1;
        py_type *meta = PY_TYPE(cls);
        if (meta != PY_T(type)) {
            oh_object *check = py_type_lookup(meta,
                                              PY_ID(__instancecheck__));
            if (check != NULL && PY_TYPE(check) == PY_T(function)) {
                oh_object *r = py_call2(check, cls, o);
                if (r == NULL)
                    return -1;
                int t2 = py_is_true(r);
                oh_decref(r);
                return t2;
            }
        }
        /* __class__ may lie (proxies). */
        oh_object *c;
        int r = py_lookup_attr(o, PY_ID(__class__), &c);
        if (r <= 0)
            return r;
        int res = c != &PY_TYPE(o)->ob_base && py_is_instance(c, PY_T(type))
                  && py_type_is_subtype((py_type *)(void *)c, t);
        oh_decref(c);
        return res;
    }
    oh_object *check;
    int r = py_lookup_attr(cls, PY_ID(__instancecheck__), &check);
    if (r < 0)
        return -1;
    if (r == 0) {
        py_err_set_string(PY_EXC(TypeError), "isinstance() arg 2 must be a "
                          "type, a tuple of types, or a union");
        return -1;
    }
    oh_object *res = py_call1(check, o);
    oh_decref(check);
    if (res == NULL)
        return -1;
    int t = py_is_true(res);
    oh_decref(res);
    return t;
}

static oh_object *
bi_isinstance(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("isinstance", nargs, kwnames, 2, 2) < 0)
        return NULL;
    int r = object_isinstance(args[0], args[1]);
    return r < 0 ? NULL : oh_bool_from(r);
}

static int
object_issubclass(oh_object *c, oh_object *cls)
{
    if (cls->type == &oh_tuple_type) {
        for (int64_t i = 0; i < OHI_TUPLE_SIZE(cls); i++) {
            int r = object_issubclass(c, OHI_TUPLE(cls)->items[i]);
            if (r != 0)
                return r;
        }
        return 0;
    }
    if (!py_is_instance(cls, PY_T(type))) {
        py_err_set_string(PY_EXC(TypeError), "issubclass() arg 2 must be a "
                          "class, a tuple of classes, or a union");
        return -1;
    }
    py_type *meta = PY_TYPE(cls);
    if (meta != PY_T(type)) {
        oh_object *check = py_type_lookup(meta, PY_ID(__subclasscheck__));
        if (check != NULL && PY_TYPE(check) == PY_T(function)) {
            oh_object *r = py_call2(check, cls, c);
            if (r == NULL)
                return -1;
            int t = py_is_true(r);
            oh_decref(r);
            return t;
        }
    }
    if (!py_is_instance(c, PY_T(type))) {
        py_err_set_string(PY_EXC(TypeError),
                          "issubclass() arg 1 must be a class");
        return -1;
    }
    return py_type_is_subtype((py_type *)(void *)c,
                              (py_type *)(void *)cls);
}

static oh_object *
bi_issubclass(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (py_check_args("issubclass", nargs, kwnames, 2, 2) < 0)
        return NULL;
    int r = object_issubclass(args[0], args[1]);
    return r < 0 ? NULL : oh_bool_from(r);
}

static oh_object *
bi_iter(oh_object *self, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    if (py_check_args("iter", nargs, kwnames, 1, 2) < 0)
        return NULL;
    if (nargs == 1)
        return py_iter(args[0]);
    if (!py_callable(args[0]))
        return py_err_set_string(PY_EXC(TypeError),
                                 "iter(v, w): v must be callable");
    return py_call_iter_new(args[0], args[1]);
}

static oh_object *
bi_next(oh_object *self, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    if (py_check_args("next", nargs, kwnames, 1, 2) < 0)
        return NULL;
    py_iternextfunc next = PY_TYPE(args[0])->tp_iternext;
    if (next == NULL)
        return py_err_format(PY_EXC(TypeError), "'%T' object is not an "
                             "iterator", args[0]);
    oh_object *v = next(args[0]);
    if (v != NULL)
        return v;
    if (py_err_occurred()) {
        if (nargs == 2 && py_err_matches(PY_EXC(StopIteration)))
            py_err_clear();
        else
            return NULL;
    }
    if (nargs == 2) {
        oh_incref(args[1]);
        return args[1];
    }
    return py_err_set_object(PY_EXC(StopIteration), NULL);
}

static oh_object *
bi_vars(oh_object *self, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    if (py_check_args("vars", nargs, kwnames, 0, 1) < 0)
        return NULL;
    if (nargs == 0) {
        py_frame *f = OHI_RT->py->frame;
        return f ? py_frame_locals(f) : oh_dict_new();
    }
    oh_object *d;
    int r = py_lookup_attr(args[0], PY_ID(__dict__), &d);
    if (r == 0)
        return py_err_set_string(PY_EXC(TypeError), "vars() argument must "
                                 "have __dict__ attribute");
    return r < 0 ? NULL : d;
}

static oh_object *
bi_dir(oh_object *self, oh_object *const *args, size_t nargs,
       oh_object *kwnames)
{
    if (py_check_args("dir", nargs, kwnames, 0, 1) < 0)
        return NULL;
    if (nargs == 1)
        return py_object_dir(args[0]);
    py_frame *f = OHI_RT->py->frame;
    oh_object *loc = f ? py_frame_locals(f) : oh_dict_new();
    if (loc == NULL)
        return NULL;
    oh_object *keys = oh_dict_keys(loc);
    oh_decref(loc);
    if (keys == NULL)
        return NULL;
    oh_object *r = py_call_method(keys, py_static_str("sort"), NULL, 0);
    if (r == NULL) {
        oh_decref(keys);
        return NULL;
    }
    oh_decref(r);
    return keys;
}

static oh_object *
bi_globals(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_check_args("globals", nargs, kwnames, 0, 0) < 0)
        return NULL;
    py_frame *f = OHI_RT->py->frame;
    if (f == NULL)
        return oh_dict_new();
    oh_incref(f->globals);
    return f->globals;
}

static oh_object *
bi_locals(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_check_args("locals", nargs, kwnames, 0, 0) < 0)
        return NULL;
    py_frame *f = OHI_RT->py->frame;
    return f ? py_frame_locals(f) : oh_dict_new();
}

/* ==========================================================================
 * Numbers
 * ========================================================================== */

static oh_object *
bi_abs(oh_object *self, oh_object *const *args, size_t nargs,
       oh_object *kwnames)
{
    if (py_check_args("abs", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return py_absolute(args[0]);
}

static oh_object *
bi_divmod(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_check_args("divmod", nargs, kwnames, 2, 2) < 0)
        return NULL;
    oh_object *a = args[0], *b = args[1];
    oh_object *r = py_int_divmod(a, b);
    if (r != PY_NOTIMPL)
        return r;
    oh_decref(r);
    r = py_float_divmod(a, b);
    if (r != PY_NOTIMPL)
        return r;
    oh_decref(r);
    oh_object *res;
    if (py_type_lookup(PY_TYPE(a), PY_ID(__divmod__)) != NULL) {
        res = py_call_method(a, PY_ID(__divmod__), &b, 1);
        if (res != PY_NOTIMPL)
            return res;
        oh_decref(res);
    }
    if (py_type_lookup(PY_TYPE(b), PY_ID(__rdivmod__)) != NULL) {
        res = py_call_method(b, PY_ID(__rdivmod__), &a, 1);
        if (res != PY_NOTIMPL)
            return res;
        oh_decref(res);
    }
    return py_err_format(PY_EXC(TypeError), "unsupported operand type(s) "
                         "for divmod(): '%T' and '%T'", a, b);
}

static oh_object *
bi_pow(oh_object *self, oh_object *const *args, size_t nargs,
       oh_object *kwnames)
{
    static const char *const kw[] = {"base", "exp", "mod", NULL};
    static const py_argspec spec = {"pow", kw, 2, 3, 0};
    oh_object *a[3];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    return py_power(a[0], a[1], a[2]);
}

static oh_object *
bi_round(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    static const char *const kw[] = {"number", "ndigits", NULL};
    static const py_argspec spec = {"round", kw, 1, 2, 0};
    oh_object *a[2];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    if (py_type_lookup(PY_TYPE(a[0]), PY_ID(__round__)) == NULL)
        return py_err_format(PY_EXC(TypeError), "type %T doesn't define "
                             "__round__ method", a[0]);
    if (a[1] == NULL || a[1] == OH_NONE)
        return py_call_method(a[0], PY_ID(__round__), NULL, 0);
    return py_call_method(a[0], PY_ID(__round__), &a[1], 1);
}

static oh_object *
int_string(oh_object *const *args, size_t nargs, oh_object *kwnames,
           const char *name, int base)
{
    if (py_check_args(name, nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *i = py_index(args[0]);
    if (i == NULL)
        return NULL;
    oh_object *r = oh_int_to_string(i, base, 1);
    oh_decref(i);
    return r;
}

static oh_object *
bi_bin(oh_object *self, oh_object *const *args, size_t nargs,
       oh_object *kwnames)
{
    return int_string(args, nargs, kwnames, "bin", 2);
}

static oh_object *
bi_oct(oh_object *self, oh_object *const *args, size_t nargs,
       oh_object *kwnames)
{
    return int_string(args, nargs, kwnames, "oct", 8);
}

static oh_object *
bi_hex(oh_object *self, oh_object *const *args, size_t nargs,
       oh_object *kwnames)
{
    return int_string(args, nargs, kwnames, "hex", 16);
}

static oh_object *
bi_chr(oh_object *self, oh_object *const *args, size_t nargs,
       oh_object *kwnames)
{
    if (py_check_args("chr", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int64_t c;
    if (py_index_i64(args[0], &c) < 0) {
        if (py_err_matches(PY_EXC(OverflowError))) {
            py_err_clear();
            return py_err_set_string(PY_EXC(OverflowError),
                                     "signed integer is greater than "
                                     "maximum");
        }
        return NULL;
    }
    if (c < 0 || c > 0x10ffff)
        return py_err_set_string(PY_EXC(ValueError),
                                 "chr() arg not in range(0x110000)");
    return py_str_from_char((uint32_t)c);
}

static oh_object *
bi_ord(oh_object *self, oh_object *const *args, size_t nargs,
       oh_object *kwnames)
{
    if (py_check_args("ord", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *o = args[0];
    if (o->type == &oh_str_type || OHI_TYPE_KIND(o->type) == OHI_KIND_STR) {
        int64_t n = oh_str_length(o);
        if (n != 1)
            return py_err_format(PY_EXC(TypeError), "ord() expected a "
                                 "character, but string of length %lld "
                                 "found", (long long)n);
        return oh_int_from_i64(py_str_char_at(o, 0));
    }
    const unsigned char *data;
    size_t len;
    if (py_buffer_view(o, &data, &len) == 0) {
        if (len != 1)
            return py_err_format(PY_EXC(TypeError), "ord() expected a "
                                 "character, but string of length %zu "
                                 "found", len);
        return oh_int_from_i64(data[0]);
    }
    py_err_clear();
    return py_err_format(PY_EXC(TypeError), "ord() expected string of "
                         "length 1, but %T found", o);
}

/* ==========================================================================
 * Iterables: sum, min, max, sorted, all, any
 * ========================================================================== */

static oh_object *
bi_sum(oh_object *self, oh_object *const *args, size_t nargs,
       oh_object *kwnames)
{
    static const char *const kw[] = {"", "start", NULL};
    static const py_argspec spec = {"sum", kw, 1, 2, 1};
    oh_object *a[2] = {NULL, NULL};
    if (kwnames == NULL && nargs == 1)
        a[0] = args[0];                 /* sum(it): no binding pass */
    else if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    oh_object *acc = a[1] ? a[1] : oh_int_from_i64(0);
    if (a[1] != NULL) {
        if (acc->type == &oh_str_type)
            return py_err_set_string(PY_EXC(TypeError), "sum() can't sum "
                                     "strings [use ''.join(seq) instead]");
        if (acc->type == &oh_bytes_type)
            return py_err_set_string(PY_EXC(TypeError), "sum() can't sum "
                                     "bytes [use b''.join(seq) instead]");
        if (PY_TYPE(acc) == PY_T(bytearray))
            return py_err_set_string(PY_EXC(TypeError), "sum() can't sum "
                                     "bytearray [use b''.join(seq) "
                                     "instead]");
        oh_incref(acc);
    }
    oh_object *it = py_iter(a[0]);
    if (it == NULL) {
        oh_decref(acc);
        return NULL;
    }
    oh_object *v;
    /* Exact ints in int64 add in C, exact floats in a double, until an
     * item of another type or an overflow sends the rest through
     * py_binary_op (CPython's builtin_sum has the same two paths): the
     * same results, without an int or float made and dropped per item
     * (docs/PYTHON.md, "Speed"). */
    if (acc->type == &oh_int_type) {
        int64_t isum = OHI_INT_VALUE(acc);
        while ((v = py_iter_next(it)) != NULL) {
            int64_t s2;
            if (v->type != &oh_int_type
                || __builtin_add_overflow(isum, OHI_INT_VALUE(v), &s2))
                break;
            isum = s2;
            oh_decref(v);
        }
        oh_decref(acc);
        acc = oh_int_from_i64(isum);
        if (acc == NULL) {
            oh_xdecref(v);
            oh_decref(it);
            return NULL;
        }
        if (v == NULL)
            goto done;
        goto slow;
    }
    else if (acc->type == &oh_float_type) {
        double fsum = OHI_FLOAT_VALUE(acc);
        while ((v = py_iter_next(it)) != NULL) {
            if (v->type != &oh_float_type)
                break;
            fsum += OHI_FLOAT_VALUE(v);
            oh_decref(v);
        }
        oh_decref(acc);
        acc = oh_float_from_double(fsum);
        if (acc == NULL) {
            oh_xdecref(v);
            oh_decref(it);
            return NULL;
        }
        if (v == NULL)
            goto done;
        goto slow;
    }
    while ((v = py_iter_next(it)) != NULL) {
    slow:;
        oh_object *n = py_binary_op(acc, v, PY_OP_ADD);
        oh_decref(v);
        oh_decref(acc);
        acc = n;
        if (acc == NULL)
            break;
    }
done:
    oh_decref(it);
    if (acc != NULL && py_err_occurred()) {
        oh_decref(acc);
        return NULL;
    }
    return acc;
}

/* min() and max(): op is PY_CMP_LT for min, PY_CMP_GT for max. */
static oh_object *
min_max(oh_object *const *args, size_t nargs, oh_object *kwnames, int op,
        const char *name)
{
    oh_object *key = NULL, *dflt = NULL;
    size_t nkw = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    for (size_t i = 0; i < nkw; i++) {
        oh_object *k = OHI_TUPLE(kwnames)->items[i];
        if (oh_str_equal_cstr(k, "key"))
            key = args[nargs + i];
        else if (oh_str_equal_cstr(k, "default"))
            dflt = args[nargs + i];
        else
            return py_err_format(PY_EXC(TypeError), "%s() got an "
                                 "unexpected keyword argument '%U'", name,
                                 k);
    }
    if (key == OH_NONE)
        key = NULL;
    if (nargs == 0)
        return py_err_format(PY_EXC(TypeError), "%s expected at least 1 "
                             "argument, got 0", name);
    if (nargs > 1 && dflt != NULL)
        return py_err_format(PY_EXC(TypeError), "Cannot specify a default "
                             "for %s() with multiple positional arguments",
                             name);
    oh_object *src = nargs == 1 ? args[0] : NULL;
    oh_object *tup = NULL;
    if (src == NULL) {
        tup = oh_tuple_from_array(args, nargs);
        if (tup == NULL)
            return NULL;
        src = tup;
    }
    oh_object *it = py_iter(src);
    oh_xdecref(tup);
    if (it == NULL)
        return NULL;
    oh_object *best = NULL, *best_key = NULL, *v;
    while ((v = py_iter_next(it)) != NULL) {
        oh_object *k = v;
        if (key != NULL) {
            k = py_call1(key, v);
            if (k == NULL) {
                oh_decref(v);
                goto fail;
            }
        }
        else
            oh_incref(k);
        if (best == NULL) {
            best = v;
            best_key = k;
            continue;
        }
        int r = py_compare_bool(k, best_key, op);
        if (r < 0) {
            oh_decref(v);
            oh_decref(k);
            goto fail;
        }
        if (r) {
            oh_decref(best);
            oh_decref(best_key);
            best = v;
            best_key = k;
        }
        else {
            oh_decref(v);
            oh_decref(k);
        }
    }
    if (py_err_occurred())
        goto fail;
    oh_decref(it);
    oh_xdecref(best_key);
    if (best == NULL) {
        if (dflt != NULL) {
            oh_incref(dflt);
            return dflt;
        }
        return py_err_format(PY_EXC(ValueError), "%s() arg is an empty "
                             "sequence", name);
    }
    return best;
fail:
    oh_decref(it);
    oh_xdecref(best);
    oh_xdecref(best_key);
    return NULL;
}

static oh_object *
bi_min(oh_object *self, oh_object *const *args, size_t nargs,
       oh_object *kwnames)
{
    return min_max(args, nargs, kwnames, PY_CMP_LT, "min");
}

static oh_object *
bi_max(oh_object *self, oh_object *const *args, size_t nargs,
       oh_object *kwnames)
{
    return min_max(args, nargs, kwnames, PY_CMP_GT, "max");
}

static oh_object *
bi_sorted(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (nargs != 1)
        return py_err_format(PY_EXC(TypeError), "sorted expected 1 "
                             "argument, got %zu", nargs);
    oh_object *l = py_sequence_list(args[0]);
    if (l == NULL)
        return NULL;
    oh_object *sort = py_getattr(l, py_static_str("sort"));
    if (sort == NULL) {
        oh_decref(l);
        return NULL;
    }
    oh_object *r = py_call(sort, args + 1, 0, kwnames);
    oh_decref(sort);
    if (r == NULL) {
        oh_decref(l);
        return NULL;
    }
    oh_decref(r);
    return l;
}

static oh_object *
all_any(oh_object *const *args, size_t nargs, oh_object *kwnames,
        bool want, const char *name)
{
    if (py_check_args(name, nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *it = py_iter(args[0]);
    if (it == NULL)
        return NULL;
    oh_object *v;
    while ((v = py_iter_next(it)) != NULL) {
        int t = py_is_true(v);
        oh_decref(v);
        if (t < 0) {
            oh_decref(it);
            return NULL;
        }
        if ((t != 0) == want) {
            oh_decref(it);
            return oh_bool_from(want);
        }
    }
    oh_decref(it);
    if (py_err_occurred())
        return NULL;
    return oh_bool_from(!want);
}

static oh_object *
bi_all(oh_object *self, oh_object *const *args, size_t nargs,
       oh_object *kwnames)
{
    return all_any(args, nargs, kwnames, false, "all");
}

static oh_object *
bi_any(oh_object *self, oh_object *const *args, size_t nargs,
       oh_object *kwnames)
{
    return all_any(args, nargs, kwnames, true, "any");
}

/* ==========================================================================
 * Code: compile, eval, exec, __import__, __build_class__
 * ========================================================================== */

/* The source text of a str or bytes argument. */
static int
source_text(oh_object *o, const char *fname, const char **s, size_t *n)
{
    if (o->type == &oh_str_type || OHI_TYPE_KIND(o->type) == OHI_KIND_STR) {
        *s = oh_str_utf8(o, n);
        return 0;
    }
    const unsigned char *d;
    if (py_buffer_view(o, &d, n) == 0) {
        *s = (const char *)d;
        return 0;
    }
    py_err_clear();
    py_err_format(PY_EXC(TypeError), "%s() arg 1 must be a string, bytes "
                  "or code object", fname);
    return -1;
}

static oh_object *
bi_compile(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    static const char *const kw[] = {"source", "filename", "mode", "flags",
                                     "dont_inherit", "optimize", NULL};
    static const py_argspec spec = {"compile", kw, 3, 6, 0};
    oh_object *a[6];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    if (PY_TYPE(a[0]) == PY_T(code)) {
        oh_incref(a[0]);
        return a[0];
    }
    const char *src;
    size_t n;
    if (source_text(a[0], "compile", &src, &n) < 0)
        return NULL;
    if (a[1]->type != &oh_str_type || a[2]->type != &oh_str_type)
        return py_err_set_string(PY_EXC(TypeError), "compile() filename "
                                 "and mode must be str");
    int mode;
    if (oh_str_equal_cstr(a[2], "exec"))
        mode = PY_MODE_EXEC;
    else if (oh_str_equal_cstr(a[2], "eval"))
        mode = PY_MODE_EVAL;
    else if (oh_str_equal_cstr(a[2], "single"))
        mode = PY_MODE_SINGLE;
    else
        return py_err_set_string(PY_EXC(ValueError), "compile() mode must "
                                 "be 'exec', 'eval' or 'single'");
    return py_compile_source(src, n, a[1], mode);
}

/* eval and exec: source or code, with globals and locals defaulting to
 * the caller's. */
static oh_object *
eval_exec(oh_object *const *args, size_t nargs, oh_object *kwnames,
          bool is_eval)
{
    const char *fname = is_eval ? "eval" : "exec";
    static const char *const kw[] = {"", "globals", "locals", NULL};
    py_argspec spec = {fname, kw, 1, 3, 1};
    oh_object *a[3];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    oh_object *globals = a[1] == OH_NONE ? NULL : a[1];
    oh_object *locals = a[2] == OH_NONE ? NULL : a[2];
    if (globals != NULL && ohi_kind(globals) != OHI_KIND_DICT)
        return py_err_format(PY_EXC(TypeError), "%s() globals must be a "
                             "dict, not %T", fname, globals);
    py_frame *f = OHI_RT->py->frame;
    oh_object *own_locals = NULL;
    if (globals == NULL) {
        if (f == NULL)
            return py_err_set_string(PY_EXC(SystemError), "no frame");
        globals = f->globals;
        if (locals == NULL) {
            own_locals = py_frame_locals(f);
            if (own_locals == NULL)
                return NULL;
            locals = own_locals;
        }
    }
    else if (locals == NULL)
        locals = globals;
    if (oh_dict_contains(globals, PY_ID(__builtins__)) == 0
        && oh_dict_set(globals, PY_ID(__builtins__),
                       OHI_RT->py->builtins_module) < 0) {
        oh_xdecref(own_locals);
        return NULL;
    }
    oh_object *code;
    if (PY_TYPE(a[0]) == PY_T(code)) {
        oh_incref(a[0]);
        code = a[0];
    }
    else {
        const char *src;
        size_t n;
        if (source_text(a[0], fname, &src, &n) < 0) {
            oh_xdecref(own_locals);
            return NULL;
        }
        /* eval ignores leading spaces and tabs. */
        if (is_eval)
            while (n > 0 && (*src == ' ' || *src == '\t')) {
                src++;
                n--;
            }
        oh_object *fn = py_static_str("<string>");
        code = fn ? py_compile_source(src, n, fn, is_eval ? PY_MODE_EVAL
                                                          : PY_MODE_EXEC)
                  : NULL;
        if (code == NULL) {
            oh_xdecref(own_locals);
            return NULL;
        }
    }
    oh_object *r = py_eval_code(code, globals, locals);
    oh_decref(code);
    oh_xdecref(own_locals);
    if (r == NULL || is_eval)
        return r;
    oh_decref(r);
    return none();
}

static oh_object *
bi_eval(oh_object *self, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    return eval_exec(args, nargs, kwnames, true);
}

static oh_object *
bi_exec(oh_object *self, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    return eval_exec(args, nargs, kwnames, false);
}

static oh_object *
bi_import(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    static const char *const kw[] = {"name", "globals", "locals",
                                     "fromlist", "level", NULL};
    static const py_argspec spec = {"__import__", kw, 1, 5, 0};
    oh_object *a[5];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    if (a[0]->type != &oh_str_type)
        return py_err_format(PY_EXC(TypeError), "__import__() argument 1 "
                             "must be str, not %T", a[0]);
    int64_t level = 0;
    if (a[4] != NULL && py_index_i64(a[4], &level) < 0)
        return NULL;
    oh_object *g = a[1] && a[1]->type == &oh_dict_type ? a[1] : NULL;
    return py_import(a[0], g, a[3], (int)level);
}

/* The most derived metaclass of meta and the bases' types. */
static py_type *
calculate_metaclass(py_type *meta, oh_object *bases)
{
    py_type *winner = meta;
    for (int64_t i = 0; i < OHI_TUPLE_SIZE(bases); i++) {
        py_type *t = PY_TYPE(OHI_TUPLE(bases)->items[i]);
        if (py_type_is_subtype(winner, t))
            continue;
        if (py_type_is_subtype(t, winner)) {
            winner = t;
            continue;
        }
        return py_err_set_string(PY_EXC(TypeError), "metaclass conflict: "
                                 "the metaclass of a derived class must be "
                                 "a (non-strict) subclass of the "
                                 "metaclasses of all its bases");
    }
    return winner;
}

/* __build_class__(func, name, *bases, metaclass=None, **kwds) */
oh_object *
py_build_class(oh_object *const *args, size_t nargs, oh_object *kwnames)
{
    if (nargs < 2)
        return py_err_set_string(PY_EXC(TypeError), "__build_class__: not "
                                 "enough arguments");
    oh_object *func = args[0], *name = args[1];
    if (PY_TYPE(func) != PY_T(function))
        return py_err_set_string(PY_EXC(TypeError), "__build_class__: func "
                                 "must be a function");
    if (name->type != &oh_str_type)
        return py_err_set_string(PY_EXC(TypeError), "__build_class__: name "
                                 "is not a string");
    oh_object *orig_bases = oh_tuple_from_array(args + 2, nargs - 2);
    if (orig_bases == NULL)
        return NULL;
    /* Keywords: metaclass, the rest for __prepare__ and the class. */
    size_t nkw = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    oh_object *meta = NULL;
    oh_object *kwn = NULL;
    oh_object **kwv = NULL;
    size_t nrest = 0;
    oh_object *ns = NULL, *cls = NULL, *cell = NULL;
    if (nkw > 0) {
        kwv = oh_malloc(nkw * sizeof(oh_object *));
        kwn = ohi_tuple_alloc(nkw);
        if (kwv == NULL || kwn == NULL) {
            py_err_no_memory();
            goto done;
        }
        for (size_t i = 0; i < nkw; i++) {
            oh_object *k = OHI_TUPLE(kwnames)->items[i];
            if (oh_str_equal_cstr(k, "metaclass")) {
                meta = args[nargs + i];
                continue;
            }
            oh_incref(k);
            OHI_TUPLE(kwn)->items[nrest] = k;
            kwv[nrest++] = args[nargs + i];
        }
        /* Unused slots of the names tuple hold None (U1). */
        for (size_t i = nrest; i < nkw; i++) {
            oh_incref(OH_NONE);
            OHI_TUPLE(kwn)->items[i] = OH_NONE;
        }
        if (nrest < nkw) {
            oh_object *shrunk = oh_tuple_from_array(OHI_TUPLE(kwn)->items,
                                                    nrest);
            oh_decref(kwn);
            kwn = shrunk;
            if (kwn == NULL)
                goto done;
        }
    }
    /* __mro_entries__ is not supported: bases are classes. */
    if (meta == NULL) {
        meta = OHI_TUPLE_SIZE(orig_bases) > 0
                   ? &PY_TYPE(OHI_TUPLE(orig_bases)->items[0])->ob_base
                   : &PY_T(type)->ob_base;
    }
    oh_incref(meta);
    if (py_is_instance(meta, PY_T(type))) {
        py_type *m = calculate_metaclass((py_type *)(void *)meta, orig_bases);
        if (m == NULL)
            goto done;
        oh_incref(&m->ob_base);
        oh_decref(meta);
        meta = &m->ob_base;
    }
    /* The namespace: meta.__prepare__(name, bases, **kwds), or {}. */
    {
        oh_object *prep;
        int r = py_lookup_attr(meta, PY_ID(__prepare__), &prep);
        if (r < 0)
            goto done;
        if (r > 0) {
            size_t np = 2 + nrest;
            oh_object **pargs = oh_malloc(np * sizeof(oh_object *));
            if (pargs == NULL) {
                oh_decref(prep);
                py_err_no_memory();
                goto done;
            }
            pargs[0] = name;
            pargs[1] = orig_bases;
            for (size_t i = 0; i < nrest; i++)
                pargs[2 + i] = kwv[i];
            ns = py_call(prep, pargs, 2, nrest ? kwn : NULL);
            oh_free(pargs);
            oh_decref(prep);
        }
        else
            ns = oh_dict_new();
        if (ns == NULL)
            goto done;
    }
    /* Run the body with ns as its locals. */
    {
        py_frame *f = py_frame_push((py_function *)(void *)func, NULL, 0,
                                    NULL);
        if (f == NULL)
            goto done;
        oh_incref(ns);
        f->locals = ns;
        cell = py_eval_frame(f, false);
        py_frame_pop(f);
        if (cell == NULL)
            goto done;
    }
    /* cls = meta(name, bases, ns, **kwds) */
    {
        size_t nc = 3 + nrest;
        oh_object **cargs = oh_malloc(nc * sizeof(oh_object *));
        if (cargs == NULL) {
            py_err_no_memory();
            goto done;
        }
        cargs[0] = name;
        cargs[1] = orig_bases;
        cargs[2] = ns;
        for (size_t i = 0; i < nrest; i++)
            cargs[3 + i] = kwv[i];
        cls = py_call(meta, cargs, 3, nrest ? kwn : NULL);
        oh_free(cargs);
    }
    if (cls != NULL && PY_TYPE(cell) == PY_T(cell)) {
        oh_object *cc = ((py_cell *)(void *)cell)->ref;
        if (cc == NULL) {
            oh_incref(cls);
            ((py_cell *)(void *)cell)->ref = cls;
        }
        else if (cc != cls) {
            py_err_format(PY_EXC(TypeError), "__class__ set to %R defining "
                          "%R as %R", cc, name, cls);
            OH_CLEAR(cls);
        }
    }
done:
    oh_decref(orig_bases);
    oh_xdecref(meta);
    oh_xdecref(kwn);
    oh_free(kwv);
    oh_xdecref(ns);
    oh_xdecref(cell);
    return cls;
}

static oh_object *
bi_build_class(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    return py_build_class(args, nargs, kwnames);
}

/* exit() and quit(): what the site module gives CPython scripts. */
static oh_object *
bi_exit(oh_object *self, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    if (py_check_args("exit", nargs, kwnames, 0, 1) < 0)
        return NULL;
    return py_err_set_object(PY_EXC(SystemExit), nargs ? args[0] : NULL);
}

/* ==========================================================================
 * The module
 * ========================================================================== */

static const py_method_def builtin_functions[] = {
    {"__build_class__", bi_build_class, 0, NULL},
    {"__import__", bi_import, 0, NULL},
    {"abs", bi_abs, 0, "Return the absolute value of the argument."},
    {"all", bi_all, 0, NULL},
    {"any", bi_any, 0, NULL},
    {"ascii", bi_ascii, 0, NULL},
    {"bin", bi_bin, 0, NULL},
    {"callable", bi_callable, 0, NULL},
    {"chr", bi_chr, 0, NULL},
    {"compile", bi_compile, 0, NULL},
    {"delattr", bi_delattr, 0, NULL},
    {"dir", bi_dir, 0, NULL},
    {"divmod", bi_divmod, 0, NULL},
    {"eval", bi_eval, 0, NULL},
    {"exec", bi_exec, 0, NULL},
    {"format", bi_format, 0, NULL},
    {"getattr", bi_getattr, 0, NULL},
    {"globals", bi_globals, 0, NULL},
    {"hasattr", bi_hasattr, 0, NULL},
    {"hash", bi_hash, 0, NULL},
    {"hex", bi_hex, 0, NULL},
    {"id", bi_id, 0, NULL},
    {"input", bi_input, 0, NULL},
    {"isinstance", bi_isinstance, 0, NULL},
    {"issubclass", bi_issubclass, 0, NULL},
    {"iter", bi_iter, 0, NULL},
    {"len", bi_len, 0, "Return the number of items in a container."},
    {"locals", bi_locals, 0, NULL},
    {"max", bi_max, 0, NULL},
    {"min", bi_min, 0, NULL},
    {"next", bi_next, 0, NULL},
    {"oct", bi_oct, 0, NULL},
    {"ord", bi_ord, 0, NULL},
    {"pow", bi_pow, 0, NULL},
    {"print", bi_print, 0, NULL},
    {"repr", bi_repr, 0, NULL},
    {"round", bi_round, 0, NULL},
    {"setattr", bi_setattr, 0, NULL},
    {"sorted", bi_sorted, 0, NULL},
    {"sum", bi_sum, 0, NULL},
    {"vars", bi_vars, 0, NULL},
    {NULL, NULL, 0, NULL}
};

/* exit/quit come last in CPython's dict, with open. */
static const py_method_def late_functions[] = {
    {"quit", bi_exit, 0, NULL},
    {"exit", bi_exit, 0, NULL},
    {NULL, NULL, 0, NULL}
};

static const py_method_def open_def[] = {
    {"open", py_open, 0, NULL},
    {NULL, NULL, 0, NULL}
};

static int
add_type(oh_object *m, const char *name, py_type *t)
{
    oh_incref(&t->ob_base);
    return py_module_add(m, name, &t->ob_base);
}

static int
builtins_exec(oh_object *m)
{
    static const struct { const char *name; oh_object *value; } consts[] = {
        {"None", &oh_none_object},
        {"Ellipsis", &py_ellipsis_object},
        {"NotImplemented", &py_notimplemented_object},
    };
    for (size_t i = 0; i < 3; i++) {
        oh_incref(consts[i].value);
        if (py_module_add(m, consts[i].name, consts[i].value) < 0)
            return -1;
    }
    oh_incref(OH_FALSE);
    oh_incref(OH_TRUE);
    if (py_module_add(m, "False", OH_FALSE) < 0
        || py_module_add(m, "True", OH_TRUE) < 0)
        return -1;
    static const struct { const char *name; py_type *t; } types[] = {
        {"bool", PY_T(boolean)}, {"bytearray", PY_T(bytearray)},
        {"bytes", PY_T(bytes)}, {"classmethod", PY_T(classmethod)},
        {"complex", PY_T(complex)},
        {"dict", PY_T(dict)}, {"enumerate", PY_T(enumerate)},
        {"filter", PY_T(filter)}, {"float", PY_T(float)},
        {"frozenset", PY_T(frozenset)}, {"property", PY_T(property)},
        {"int", PY_T(int)}, {"list", PY_T(list)}, {"map", PY_T(map)},
        {"object", PY_T(object)}, {"range", PY_T(range)},
        {"reversed", PY_T(reversed)}, {"set", PY_T(set)},
        {"slice", PY_T(slice)}, {"staticmethod", PY_T(staticmethod)},
        {"str", PY_T(str)}, {"super", PY_T(super)}, {"tuple", PY_T(tuple)},
        {"type", PY_T(type)}, {"zip", PY_T(zip)},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (add_type(m, types[i].name, types[i].t) < 0)
            return -1;
    oh_incref(OH_TRUE);
    if (py_module_add(m, "__debug__", OH_TRUE) < 0)
        return -1;
    /* The exceptions, in CPython's order. */
    static const char *const exc_order[] = {
        "BaseException", "Exception", "GeneratorExit", "KeyboardInterrupt",
        "SystemExit", "ArithmeticError", "AssertionError", "AttributeError",
        "BufferError", "EOFError", "ImportError", "LookupError",
        "MemoryError", "NameError", "OSError", "ReferenceError",
        "RuntimeError", "StopAsyncIteration", "StopIteration",
        "SyntaxError", "SystemError", "TypeError", "ValueError", "Warning",
        "FloatingPointError", "OverflowError", "ZeroDivisionError",
        "BytesWarning", "DeprecationWarning", "EncodingWarning",
        "FutureWarning", "ImportWarning", "PendingDeprecationWarning",
        "ResourceWarning", "RuntimeWarning", "SyntaxWarning",
        "UnicodeWarning", "UserWarning", "BlockingIOError",
        "ChildProcessError", "ConnectionError", "FileExistsError",
        "FileNotFoundError", "InterruptedError", "IsADirectoryError",
        "NotADirectoryError", "PermissionError", "ProcessLookupError",
        "TimeoutError", "IndentationError", "IndexError", "KeyError",
        "ModuleNotFoundError", "NotImplementedError", "RecursionError",
        "UnboundLocalError", "UnicodeError", "BrokenPipeError",
        "ConnectionAbortedError", "ConnectionRefusedError",
        "ConnectionResetError", "TabError", "UnicodeDecodeError",
        "UnicodeEncodeError", "UnicodeTranslateError",
    };
#define PY_EXC_ENTRY(name, base) {#name, PY_EXC(name)},
    static const struct { const char *name; py_type *t; } all_exc[] = {
        PY_EXCEPTIONS(PY_EXC_ENTRY)
    };
#undef PY_EXC_ENTRY
    for (size_t i = 0; i < sizeof exc_order / sizeof exc_order[0]; i++) {
        for (size_t j = 0; j < sizeof all_exc / sizeof all_exc[0]; j++) {
            if (strcmp(all_exc[j].name, exc_order[i]) == 0) {
                if (add_type(m, exc_order[i], all_exc[j].t) < 0)
                    return -1;
                break;
            }
        }
    }
    if (add_type(m, "EnvironmentError", PY_EXC(OSError)) < 0
        || add_type(m, "IOError", PY_EXC(OSError)) < 0)
        return -1;
    if (py_module_add(m, "open", py_cfunction_new(open_def, m, NULL)) < 0)
        return -1;
    for (const py_method_def *f = late_functions; f->name; f++)
        if (py_module_add(m, f->name, py_cfunction_new(f, m, NULL)) < 0)
            return -1;
    return 0;
}

const py_module_def py_module_builtins = {
    .name = "builtins",
    .doc = "Built-in functions, types, exceptions, and other objects.",
    .methods = builtin_functions,
    .exec = builtins_exec,
};
