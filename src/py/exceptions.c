/*
 * exceptions.c -- the exception classes, raising, tracebacks, and how an
 * uncaught exception is printed.
 *
 * What this file owns
 * -------------------
 * The built-in exception hierarchy (PY_EXCEPTIONS in py.h: static types
 * sharing one layout, py_exception), the functions that raise
 * (py_err_set_object, py_err_format, ...), fetch and match the current
 * exception, the traceback type, and printing an exception chain in
 * CPython 3.11's format -- including its suggestions ("Did you mean:
 * 'x'?") and the collapsing of repeated frames in a deep recursion.
 *
 * One error indicator (py.h, "Conventions"): raising records the
 * exception object in the library's error record (error.c, ER2), with the
 * library kind that matches the class (a KeyError raised by Python code is
 * OH_ERR_KEY to the library's dict code), so library code that checks or
 * clears the error works on Python exceptions, and a library error with
 * no object (oh_err_set) becomes an exception of its kind's class when
 * fetched.
 *
 *   raise ValueError("x")  -->  err = {kind: OH_ERR_VALUE,
 *                                      message: "ValueError",
 *                                      exc: <ValueError('x')>}
 *   oh_list_get fails      -->  err = {kind: OH_ERR_INDEX,
 *                                      message: "list index out of range",
 *                                      exc: NULL}
 *                                  py_err_fetch -> IndexError('list index
 *                                      out of range')
 *
 * Exception instances keep class-specific attributes (StopIteration.value,
 * SystemExit.code, OSError.errno, SyntaxError.lineno, NameError.name, ...)
 * in their __dict__, set by each class's __init__.
 *
 * Invariants
 * ----------
 * EX1. Every exception object in the error record is an instance of
 *      BaseException.
 * EX2. A traceback's entries are in call order: tb_next goes from the
 *      outermost frame toward the frame where the exception was raised.
 */
#include "py/py.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#define EXC(o) ((py_exception *)(void *)(o))

/* ==========================================================================
 * BaseException
 * ========================================================================== */

static oh_object *
exc_new(py_type *type, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    oh_object *o = py_alloc_instance(type, 0);
    if (o == NULL)
        return NULL;
    EXC(o)->args = oh_tuple_from_array(args, nargs);
    if (EXC(o)->args == NULL) {
        oh_decref(o);
        return NULL;
    }
    return o;
}

static int
exc_init(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    if (py_no_kwargs(PY_TYPE(self)->tp_name, kwnames) < 0)
        return -1;
    oh_object *t = oh_tuple_from_array(args, nargs);
    if (t == NULL)
        return -1;
    oh_object *old = EXC(self)->args;
    EXC(self)->args = t;
    oh_xdecref(old);
    return 0;
}

static int
exc_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    py_exception *e = EXC(o);
    OH_VISIT(e->dict);
    OH_VISIT(e->args);
    OH_VISIT(e->traceback);
    OH_VISIT(e->context);
    OH_VISIT(e->cause);
    return 0;
}

static void
exc_clear(oh_object *o)
{
    py_exception *e = EXC(o);
    OH_CLEAR(e->dict);
    OH_CLEAR(e->args);
    OH_CLEAR(e->traceback);
    OH_CLEAR(e->context);
    OH_CLEAR(e->cause);
}

static void
exc_dealloc(oh_object *o)
{
    if (!ohi_trashcan_begin(o))
        return;
    if (EXC(o)->weaklist != NULL)
        oh_weakref_clear_all(o);
    exc_clear(o);
    ohi_object_free(o);
    ohi_trashcan_end();
}

static oh_object *
exc_str(oh_object *self)
{
    oh_object *args = EXC(self)->args;
    int64_t n = args ? OHI_TUPLE_SIZE(args) : 0;
    if (n == 0)
        return oh_str_from_cstr("");
    if (n == 1)
        return py_str(OHI_TUPLE(args)->items[0]);
    return py_str(args);
}

/* ValueError('x'), KeyError(1, 2), MyError() */
static oh_object *
exc_repr(oh_object *self)
{
    oh_object *args = EXC(self)->args;
    const char *name = PY_TYPE(self)->tp_name;
    int64_t n = args ? OHI_TUPLE_SIZE(args) : 0;
    if (n == 1) {
        oh_object *r = py_repr(OHI_TUPLE(args)->items[0]);
        if (r == NULL)
            return NULL;
        oh_object *s = oh_str_from_format("%s(%s)", name,
                                          oh_str_utf8(r, NULL));
        oh_decref(r);
        return s;
    }
    if (n == 0)
        return oh_str_from_format("%s()", name);
    oh_object *r = py_repr(args);
    if (r == NULL)
        return NULL;
    oh_object *s = oh_str_from_format("%s%s", name, oh_str_utf8(r, NULL));
    oh_decref(r);
    return s;
}

static oh_object *
exc_get_args(oh_object *self)
{
    oh_object *a = EXC(self)->args;
    if (a == NULL)
        return oh_tuple_from_array(NULL, 0);
    oh_incref(a);
    return a;
}

static int
exc_set_args(oh_object *self, oh_object *v)
{
    if (v == NULL) {
        py_err_set_string(PY_EXC(TypeError), "args may not be deleted");
        return -1;
    }
    oh_object *t = py_sequence_tuple(v);
    if (t == NULL)
        return -1;
    oh_object *old = EXC(self)->args;
    EXC(self)->args = t;
    oh_xdecref(old);
    return 0;
}

static oh_object *
exc_get_traceback(oh_object *self)
{
    oh_object *t = EXC(self)->traceback ? EXC(self)->traceback : OH_NONE;
    oh_incref(t);
    return t;
}

static int
exc_set_traceback(oh_object *self, oh_object *v)
{
    if (v == NULL) {
        py_err_set_string(PY_EXC(TypeError),
                          "__traceback__ may not be deleted");
        return -1;
    }
    if (v != OH_NONE && PY_TYPE(v) != PY_T(traceback)) {
        py_err_set_string(PY_EXC(TypeError),
                          "__traceback__ must be a traceback or None");
        return -1;
    }
    oh_object *old = EXC(self)->traceback;
    if (v == OH_NONE)
        EXC(self)->traceback = NULL;
    else {
        oh_incref(v);
        EXC(self)->traceback = v;
    }
    oh_xdecref(old);
    return 0;
}

static int
set_chain_field(oh_object **field, oh_object *v, const char *what)
{
    if (v == NULL) {
        py_err_format(PY_EXC(TypeError), "%s may not be deleted", what);
        return -1;
    }
    if (v != OH_NONE && !py_is_instance(v, PY_EXC(BaseException))) {
        py_err_format(PY_EXC(TypeError), "exception %s must be None or "
                      "derive from BaseException", what + 2);
        return -1;
    }
    oh_object *old = *field;
    if (v == OH_NONE)
        *field = NULL;
    else {
        oh_incref(v);
        *field = v;
    }
    oh_xdecref(old);
    return 0;
}

static oh_object *
exc_get_context(oh_object *self)
{
    oh_object *c = EXC(self)->context ? EXC(self)->context : OH_NONE;
    oh_incref(c);
    return c;
}

static int
exc_set_context(oh_object *self, oh_object *v)
{
    return set_chain_field(&EXC(self)->context, v, "__context__");
}

static oh_object *
exc_get_cause(oh_object *self)
{
    oh_object *c = EXC(self)->cause ? EXC(self)->cause : OH_NONE;
    oh_incref(c);
    return c;
}

static int
exc_set_cause(oh_object *self, oh_object *v)
{
    int r = set_chain_field(&EXC(self)->cause, v, "__cause__");
    if (r == 0)
        EXC(self)->suppress_context = true;
    return r;
}

static oh_object *
exc_get_suppress(oh_object *self)
{
    return oh_bool_from(EXC(self)->suppress_context);
}

static int
exc_set_suppress(oh_object *self, oh_object *v)
{
    int t = v ? py_is_true(v) : 0;
    if (t < 0)
        return -1;
    EXC(self)->suppress_context = t;
    return 0;
}

static oh_object *
exc_get_dict(oh_object *self)
{
    oh_object *d = py_object_get_dict(self);
    oh_xincref(d);
    return d;
}

static const py_getset_def exc_getsets[] = {
    {"args", exc_get_args, exc_set_args, NULL},
    {"__traceback__", exc_get_traceback, exc_set_traceback, NULL},
    {"__context__", exc_get_context, exc_set_context, NULL},
    {"__cause__", exc_get_cause, exc_set_cause, NULL},
    {"__suppress_context__", exc_get_suppress, exc_set_suppress, NULL},
    {"__dict__", exc_get_dict, NULL, NULL},
    {NULL, NULL, NULL, NULL}
};

static oh_object *
exc_m_with_traceback(oh_object *self, oh_object *const *args, size_t nargs,
                     oh_object *kwnames)
{
    if (py_check_args("with_traceback", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (exc_set_traceback(self, args[0]) < 0)
        return NULL;
    oh_incref(self);
    return self;
}

static oh_object *
exc_m_add_note(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (py_check_args("add_note", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (args[0]->type != &oh_str_type)
        return py_err_format(PY_EXC(TypeError), "note must be a str, not "
                             "'%T'", args[0]);
    oh_object *d = py_object_get_dict(self);
    if (d == NULL)
        return NULL;
    oh_object *notes_name = py_static_str("__notes__");
    if (notes_name == NULL)
        return NULL;
    oh_object *notes;
    if (oh_dict_lookup(d, notes_name, &notes) <= 0) {
        notes = oh_list_new();
        if (notes == NULL || oh_dict_set(d, notes_name, notes) < 0) {
            oh_xdecref(notes);
            return NULL;
        }
        oh_decref(notes);
    }
    if (notes->type != &oh_list_type)
        return py_err_set_string(PY_EXC(TypeError),
                                 "Cannot add note: __notes__ is not a list");
    if (oh_list_append(notes, args[0]) < 0)
        return NULL;
    oh_incref(OH_NONE);
    return OH_NONE;
}

static oh_object *
exc_m_reduce(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    oh_object *a = exc_get_args(self);
    if (a == NULL)
        return NULL;
    oh_object *r = oh_tuple_pack(2, &PY_TYPE(self)->ob_base, a);
    oh_decref(a);
    return r;
}

static const py_method_def exc_methods[] = {
    {"with_traceback", exc_m_with_traceback, 0, NULL},
    {"add_note", exc_m_add_note, 0, NULL},
    {"__reduce__", exc_m_reduce, 0, NULL},
    {NULL, NULL, 0, NULL}
};

/* ==========================================================================
 * Subclasses with attributes of their own
 * ========================================================================== */

/* Set self.__dict__[name] = value (value may be NULL: None). */
static int
set_attr(oh_object *self, const char *name, oh_object *value)
{
    oh_object *d = py_object_get_dict(self);
    if (d == NULL)
        return -1;
    return oh_dict_set_str(d, name, value ? value : OH_NONE);
}

static oh_object *dict_item(oh_object *self, const char *name);

/* StopIteration(value): .value is args[0] or None. */
static int
stopiteration_init(oh_object *self, oh_object *const *args, size_t nargs,
                   oh_object *kwnames)
{
    if (exc_init(self, args, nargs, kwnames) < 0)
        return -1;
    return set_attr(self, "value", nargs > 0 ? args[0] : NULL);
}

/* SystemExit(code): .code is None, args[0], or args. */
static int
systemexit_init(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (exc_init(self, args, nargs, kwnames) < 0)
        return -1;
    return set_attr(self, "code", nargs == 0 ? NULL
                                  : nargs == 1 ? args[0] : EXC(self)->args);
}

/* KeyError's str is the repr of its key. */
static oh_object *
keyerror_str(oh_object *self)
{
    oh_object *args = EXC(self)->args;
    if (args != NULL && OHI_TUPLE_SIZE(args) == 1)
        return py_repr(OHI_TUPLE(args)->items[0]);
    return exc_str(self);
}

/* ImportError(msg, name=..., path=...) */
static int
importerror_init(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    size_t nkw = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    oh_object *name = NULL, *path = NULL;
    for (size_t i = 0; i < nkw; i++) {
        oh_object *k = OHI_TUPLE(kwnames)->items[i];
        if (oh_str_equal_cstr(k, "name"))
            name = args[nargs + i];
        else if (oh_str_equal_cstr(k, "path"))
            path = args[nargs + i];
        else {
            py_err_format(PY_EXC(TypeError), "'%U' is an invalid keyword "
                          "argument for %s()", k, PY_TYPE(self)->tp_name);
            return -1;
        }
    }
    if (exc_init(self, args, nargs, NULL) < 0)
        return -1;
    if (set_attr(self, "msg", nargs == 1 ? args[0] : NULL) < 0
        || set_attr(self, "name", name) < 0
        || set_attr(self, "path", path) < 0)
        return -1;
    return 0;
}

static oh_object *
importerror_str(oh_object *self)
{
    oh_object *msg = dict_item(self, "msg");
    if (msg != NULL)
        return py_str(msg);
    return exc_str(self);
}

/* NameError(..., name=...), AttributeError(..., name=..., obj=...) */
static int
nameerror_init(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    size_t nkw = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    bool attr = py_is_instance(self, PY_EXC(AttributeError));
    for (size_t i = 0; i < nkw; i++) {
        oh_object *k = OHI_TUPLE(kwnames)->items[i];
        if (!oh_str_equal_cstr(k, "name")
            && !(attr && oh_str_equal_cstr(k, "obj"))) {
            py_err_format(PY_EXC(TypeError), "'%U' is an invalid keyword "
                          "argument for %s()", k, PY_TYPE(self)->tp_name);
            return -1;
        }
    }
    if (exc_init(self, args, nargs, NULL) < 0)
        return -1;
    if (set_attr(self, "name", NULL) < 0)
        return -1;
    if (attr && set_attr(self, "obj", NULL) < 0)
        return -1;
    for (size_t i = 0; i < nkw; i++)
        if (set_attr(self, oh_str_utf8(OHI_TUPLE(kwnames)->items[i], NULL),
                     args[nargs + i]) < 0)
            return -1;
    return 0;
}

/* OSError(errno, strerror[, filename]) */
static int
oserror_init(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (exc_init(self, args, nargs, kwnames) < 0)
        return -1;
    bool full = nargs >= 2 && nargs <= 5;
    if (set_attr(self, "errno", full ? args[0] : NULL) < 0
        || set_attr(self, "strerror", full ? args[1] : NULL) < 0
        || set_attr(self, "filename", full && nargs >= 3 ? args[2] : NULL) < 0
        || set_attr(self, "filename2", full && nargs >= 5 ? args[4]
                                                         : NULL) < 0)
        return -1;
    if (full && nargs >= 3) {
        /* args keeps only (errno, strerror), as CPython's does. */
        oh_object *t = oh_tuple_from_array(args, 2);
        if (t == NULL)
            return -1;
        oh_object *old = EXC(self)->args;
        EXC(self)->args = t;
        oh_decref(old);
    }
    return 0;
}

static oh_object *
dict_item(oh_object *self, const char *name)
{
    oh_object *d = py_object_get_dict(self);
    if (d == NULL) {
        py_err_clear();
        return NULL;
    }
    oh_object *v;
    oh_object *key = py_static_str(name);
    if (key == NULL) {
        py_err_clear();
        return NULL;
    }
    if (oh_dict_lookup(d, key, &v) > 0
        && v != OH_NONE)
        return v;
    return NULL;
}

static oh_object *
oserror_str(oh_object *self)
{
    oh_object *no = dict_item(self, "errno");
    oh_object *msg = dict_item(self, "strerror");
    oh_object *fn = dict_item(self, "filename");
    if (no == NULL || msg == NULL)
        return exc_str(self);
    oh_object *ns = py_str(no), *ms = py_str(msg);
    oh_object *r = NULL;
    if (ns != NULL && ms != NULL) {
        if (fn != NULL) {
            oh_object *fr = py_repr(fn);
            if (fr != NULL)
                r = oh_str_from_format("[Errno %s] %s: %s",
                                       oh_str_utf8(ns, NULL),
                                       oh_str_utf8(ms, NULL),
                                       oh_str_utf8(fr, NULL));
            oh_xdecref(fr);
        }
        else
            r = oh_str_from_format("[Errno %s] %s", oh_str_utf8(ns, NULL),
                                   oh_str_utf8(ms, NULL));
    }
    oh_xdecref(ns);
    oh_xdecref(ms);
    return r;
}

/* OSError(errno, ...) picks the subclass for the errno, as CPython. */
static oh_object *
oserror_new(py_type *type, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (type == PY_EXC(OSError) && nargs >= 2 && oh_int_check(args[0])) {
        int64_t e = 0;
        if (oh_int_as_i64(args[0], &e) < 0)
            oh_err_clear();
        switch (e) {
        case ENOENT: type = PY_EXC(FileNotFoundError); break;
        case EEXIST: type = PY_EXC(FileExistsError); break;
        case EISDIR: type = PY_EXC(IsADirectoryError); break;
        case ENOTDIR: type = PY_EXC(NotADirectoryError); break;
        case EACCES: case EPERM: type = PY_EXC(PermissionError); break;
        case EINTR: type = PY_EXC(InterruptedError); break;
        case EPIPE: type = PY_EXC(BrokenPipeError); break;
        case ETIMEDOUT: type = PY_EXC(TimeoutError); break;
        default: break;
        }
    }
    return exc_new(type, args, nargs, kwnames);
}

/* SyntaxError(msg, (filename, lineno, offset, text[, end_lineno,
 * end_offset])) */
static int
syntaxerror_init(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (exc_init(self, args, nargs, kwnames) < 0)
        return -1;
    static const char *const names[] = {"filename", "lineno", "offset",
                                        "text", "end_lineno", "end_offset"};
    if (set_attr(self, "msg", nargs >= 1 ? args[0] : NULL) < 0
        || set_attr(self, "print_file_and_line", NULL) < 0)
        return -1;
    oh_object *info = nargs >= 2 ? args[1] : NULL;
    if (info != NULL && info->type != &oh_tuple_type) {
        py_err_set_string(PY_EXC(TypeError), "SyntaxError argument 2 must "
                          "be a tuple");
        return -1;
    }
    for (int i = 0; i < 6; i++) {
        oh_object *v = info && i < OHI_TUPLE_SIZE(info)
                           ? OHI_TUPLE(info)->items[i] : NULL;
        if (set_attr(self, names[i], v) < 0)
            return -1;
    }
    return 0;
}

/* "msg (file.py, line 3)" */
static oh_object *
syntaxerror_str(oh_object *self)
{
    oh_object *msg = dict_item(self, "msg");
    oh_object *fn = dict_item(self, "filename");
    oh_object *ln = dict_item(self, "lineno");
    oh_object *ms = msg ? py_str(msg) : exc_str(self);
    if (ms == NULL)
        return NULL;
    const char *base = NULL;
    if (fn != NULL && fn->type == &oh_str_type) {
        const char *f = oh_str_utf8(fn, NULL);
        const char *slash = strrchr(f, '/');
        base = slash ? slash + 1 : f;
    }
    int64_t line = 0;
    bool have_line = ln != NULL && oh_int_check(ln)
                     && oh_int_as_i64(ln, &line) == 0;
    oh_object *r;
    if (base && have_line)
        r = oh_str_from_format("%s (%s, line %lld)", oh_str_utf8(ms, NULL),
                               base, (long long)line);
    else if (base)
        r = oh_str_from_format("%s (%s)", oh_str_utf8(ms, NULL), base);
    else if (have_line)
        r = oh_str_from_format("%s (line %lld)", oh_str_utf8(ms, NULL),
                               (long long)line);
    else {
        oh_incref(ms);
        r = ms;
    }
    oh_decref(ms);
    return r;
}

/* UnicodeDecodeError(encoding, object, start, end, reason) */
static int
unicodeerror_init(oh_object *self, oh_object *const *args, size_t nargs,
                  oh_object *kwnames)
{
    if (exc_init(self, args, nargs, kwnames) < 0)
        return -1;
    if (nargs != 5)
        return 0;
    static const char *const names[] = {"encoding", "object", "start", "end",
                                        "reason"};
    for (int i = 0; i < 5; i++)
        if (set_attr(self, names[i], args[i]) < 0)
            return -1;
    return 0;
}

static oh_object *
unicodeerror_str(oh_object *self)
{
    oh_object *enc = dict_item(self, "encoding");
    oh_object *obj = dict_item(self, "object");
    oh_object *start = dict_item(self, "start");
    oh_object *end = dict_item(self, "end");
    oh_object *reason = dict_item(self, "reason");
    if (!enc || !obj || !start || !end || !reason)
        return exc_str(self);
    int64_t s = 0, e = 0;
    if (oh_int_as_i64(start, &s) < 0 || oh_int_as_i64(end, &e) < 0) {
        oh_err_clear();
        return exc_str(self);
    }
    bool decode = py_is_instance(self, PY_EXC(UnicodeDecodeError));
    if (decode && obj->type == &oh_bytes_type && e == s + 1
        && s < oh_bytes_size(obj))
        return oh_str_from_format("'%s' codec can't decode byte 0x%02x in "
                                  "position %lld: %s",
                                  oh_str_utf8(enc, NULL),
                                  oh_bytes_data(obj)[s], (long long)s,
                                  oh_str_utf8(reason, NULL));
    if (!decode && obj->type == &oh_str_type && e == s + 1
        && s < oh_str_length(obj)) {
        uint32_t c = py_str_char_at(obj, s);
        char esc[16];
        if (c <= 0xff)
            snprintf(esc, sizeof esc, "\\x%02x", c);
        else if (c <= 0xffff)
            snprintf(esc, sizeof esc, "\\u%04x", c);
        else
            snprintf(esc, sizeof esc, "\\U%08x", c);
        return oh_str_from_format("'%s' codec can't encode character '%s' "
                                  "in position %lld: %s",
                                  oh_str_utf8(enc, NULL), esc,
                                  (long long)s, oh_str_utf8(reason, NULL));
    }
    return oh_str_from_format("'%s' codec can't %s %s in position "
                              "%lld-%lld: %s", oh_str_utf8(enc, NULL),
                              decode ? "decode" : "encode",
                              decode ? "bytes" : "characters",
                              (long long)s, (long long)(e - 1),
                              oh_str_utf8(reason, NULL));
}

/* ==========================================================================
 * The static classes
 * ========================================================================== */

#define EXC_FLAGS (OH_TYPE_CONTAINER | OH_TYPE_WEAKREFABLE)

#define EXC_COMMON(NAME)                                                    \
    PY_TYPE_INIT(#NAME, py_exception, EXC_FLAGS),                           \
    .ot.weaklistoffset = offsetof(py_exception, weaklist),                  \
    .ot.dealloc = exc_dealloc,                                              \
    .ot.traverse = exc_traverse,                                            \
    .ot.clear = exc_clear,                                                  \
    .tpflags = PY_TPFLAGS_BASETYPE | PY_TPFLAGS_EXC,                        \
    .dictoffset = offsetof(py_exception, dict),                             \
    .weaklistoffset = offsetof(py_exception, weaklist)

/* Which classes get slots of their own (the rest inherit). */
#define EXC_SLOTS_BaseException\
    .methods = exc_methods, .getsets = exc_getsets,                         \
    .doc = "Common base class for all exceptions",                          \
    .tp_new = exc_new, .tp_init = exc_init, .tp_str = exc_str,              \
    .tp_repr = exc_repr,
#define EXC_SLOTS_SystemExit .tp_init = systemexit_init,
#define EXC_SLOTS_KeyboardInterrupt
#define EXC_SLOTS_GeneratorExit
#define EXC_SLOTS_Exception
#define EXC_SLOTS_StopIteration .tp_init = stopiteration_init,
#define EXC_SLOTS_StopAsyncIteration
#define EXC_SLOTS_ArithmeticError
#define EXC_SLOTS_FloatingPointError
#define EXC_SLOTS_OverflowError
#define EXC_SLOTS_ZeroDivisionError
#define EXC_SLOTS_AssertionError
#define EXC_SLOTS_AttributeError .tp_init = nameerror_init,
#define EXC_SLOTS_BufferError
#define EXC_SLOTS_EOFError
#define EXC_SLOTS_ImportError .tp_init = importerror_init, .tp_str = importerror_str,
#define EXC_SLOTS_ModuleNotFoundError
#define EXC_SLOTS_LookupError
#define EXC_SLOTS_IndexError
#define EXC_SLOTS_KeyError .tp_str = keyerror_str,
#define EXC_SLOTS_MemoryError
#define EXC_SLOTS_NameError .tp_init = nameerror_init,
#define EXC_SLOTS_UnboundLocalError
#define EXC_SLOTS_OSError .tp_new = oserror_new, .tp_init = oserror_init,  \
                          .tp_str = oserror_str,
#define EXC_SLOTS_BlockingIOError
#define EXC_SLOTS_ChildProcessError
#define EXC_SLOTS_ConnectionError
#define EXC_SLOTS_BrokenPipeError
#define EXC_SLOTS_ConnectionAbortedError
#define EXC_SLOTS_ConnectionRefusedError
#define EXC_SLOTS_ConnectionResetError
#define EXC_SLOTS_FileExistsError
#define EXC_SLOTS_FileNotFoundError
#define EXC_SLOTS_InterruptedError
#define EXC_SLOTS_IsADirectoryError
#define EXC_SLOTS_NotADirectoryError
#define EXC_SLOTS_PermissionError
#define EXC_SLOTS_ProcessLookupError
#define EXC_SLOTS_TimeoutError
#define EXC_SLOTS_ReferenceError
#define EXC_SLOTS_RuntimeError
#define EXC_SLOTS_NotImplementedError
#define EXC_SLOTS_RecursionError
#define EXC_SLOTS_SyntaxError .tp_init = syntaxerror_init,                 \
                              .tp_str = syntaxerror_str,
#define EXC_SLOTS_IndentationError
#define EXC_SLOTS_TabError
#define EXC_SLOTS_SystemError
#define EXC_SLOTS_TypeError
#define EXC_SLOTS_ValueError
#define EXC_SLOTS_UnicodeError .tp_init = unicodeerror_init,               \
                               .tp_str = unicodeerror_str,
#define EXC_SLOTS_UnicodeDecodeError
#define EXC_SLOTS_UnicodeEncodeError
#define EXC_SLOTS_UnicodeTranslateError
#define EXC_SLOTS_Warning
#define EXC_SLOTS_DeprecationWarning
#define EXC_SLOTS_PendingDeprecationWarning
#define EXC_SLOTS_RuntimeWarning
#define EXC_SLOTS_SyntaxWarning
#define EXC_SLOTS_UserWarning
#define EXC_SLOTS_FutureWarning
#define EXC_SLOTS_ImportWarning
#define EXC_SLOTS_UnicodeWarning
#define EXC_SLOTS_BytesWarning
#define EXC_SLOTS_ResourceWarning
#define EXC_SLOTS_EncodingWarning

/* BaseException's base is object: PY_EXC(object) names it here. */
#define py_exc_object_static py_object_static

#define DEFINE_EXC(NAME, BASE)                                              \
    py_static_type py_exc_##NAME##_static = {.t = {                         \
        EXC_COMMON(NAME),                                                   \
        .base = PY_EXC(BASE),                                               \
        EXC_SLOTS_##NAME                                                    \
    }};
PY_EXCEPTIONS(DEFINE_EXC)
#undef DEFINE_EXC
#undef py_exc_object_static

/* ==========================================================================
 * The error indicator: raising, fetching, matching
 * ========================================================================== */

/* The library kind that best describes an exception class. */
static oh_errkind
kind_of(py_type *t)
{
    static const struct { py_type *cls; oh_errkind kind; } map[] = {
        {PY_EXC(MemoryError), OH_ERR_MEMORY},
        {PY_EXC(TypeError), OH_ERR_TYPE},
        {PY_EXC(IndexError), OH_ERR_INDEX},
        {PY_EXC(KeyError), OH_ERR_KEY},
        {PY_EXC(ValueError), OH_ERR_VALUE},
        {PY_EXC(OverflowError), OH_ERR_OVERFLOW},
        {PY_EXC(ZeroDivisionError), OH_ERR_ZERODIV},
        {PY_EXC(RuntimeError), OH_ERR_RUNTIME},
        {PY_EXC(AttributeError), OH_ERR_ATTRIBUTE},
        {PY_EXC(SystemError), OH_ERR_SYSTEM},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (py_type_is_subtype(t, map[i].cls))
            return map[i].kind;
    return OH_ERR_USER;
}

/* The class of a library kind. */
static py_type *
class_of_kind(oh_errkind k)
{
    switch (k) {
    case OH_ERR_MEMORY: return PY_EXC(MemoryError);
    case OH_ERR_TYPE: return PY_EXC(TypeError);
    case OH_ERR_VALUE: return PY_EXC(ValueError);
    case OH_ERR_INDEX: return PY_EXC(IndexError);
    case OH_ERR_KEY: return PY_EXC(KeyError);
    case OH_ERR_OVERFLOW: return PY_EXC(OverflowError);
    case OH_ERR_ZERODIV: return PY_EXC(ZeroDivisionError);
    case OH_ERR_ATTRIBUTE: return PY_EXC(AttributeError);
    case OH_ERR_SYSTEM: return PY_EXC(SystemError);
    default: return PY_EXC(RuntimeError);
    }
}

void
py_err_raise(oh_object *exc)
{
    ohi_err_set_object(kind_of(PY_TYPE(exc)), PY_TYPE(exc)->tp_name, exc);
}

void
py_err_raise_new(oh_object *exc)
{
    py_interp *in = OHI_RT->py;
    oh_object *ctx = in ? in->exc_info : NULL;
    if (ctx != NULL && ctx != exc) {
        /* Cut a cycle: if exc is already in ctx's context chain, unlink
         * it there (CPython's rule). */
        oh_object *o = ctx;
        while (o != NULL) {
            oh_object *c = EXC(o)->context;
            if (c == exc) {
                EXC(o)->context = NULL;
                oh_decref(c);
                break;
            }
            o = c;
        }
        oh_incref(ctx);
        oh_object *old = EXC(exc)->context;
        EXC(exc)->context = ctx;
        oh_xdecref(old);
    }
    py_err_raise(exc);
}

void *
py_err_set_object(py_type *type, oh_object *value)
{
    oh_object *exc;
    if (value != NULL && py_is_instance(value, type)) {
        oh_incref(value);
        exc = value;
    }
    else if (value == NULL || value == OH_NONE)
        exc = py_exc_new(type, NULL, 0);
    else if (value->type == &oh_tuple_type)
        exc = py_exc_new(type, OHI_TUPLE(value)->items,
                         (size_t)OHI_TUPLE_SIZE(value));
    else
        exc = py_exc_new(type, &value, 1);
    if (exc == NULL)
        return NULL;                    /* that error is set instead */
    py_err_raise_new(exc);
    return NULL;
}

void *
py_err_set_string(py_type *type, const char *msg)
{
    oh_object *s = oh_str_from_cstr(msg);
    if (s == NULL)
        return NULL;
    py_err_set_object(type, s);
    oh_decref(s);
    return NULL;
}

void *
py_err_no_memory(void)
{
    /* A MemoryError instance may itself not fit: then the library's
     * MemoryError record, which needs no memory, stands for it. */
    oh_err_no_memory();
    return NULL;
}

/* Append one %-conversion's text to b; returns the format position after
 * it.  Handles printf's conversions plus %R %S %T %U %N.  Each printf
 * conversion is passed to the C library with its own flags, width and
 * precision, copied from the caller's (literal) format: hence the
 * non-literal formats below. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static const char *
format_one(ohi_strbuf *b, const char *p, va_list *ap, bool *failed)
{
    const char *start = p++;            /* at '%' */
    char spec[32];
    size_t n = 0;
    while (*p && strchr("-+ #0", *p))
        p++;
    while (*p >= '0' && *p <= '9')
        p++;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    int longs = 0;
    bool z = false;
    while (*p == 'l') {
        longs++;
        p++;
    }
    if (*p == 'z') {
        z = true;
        p++;
    }
    char conv = *p ? *p++ : '%';
    n = (size_t)(p - start);
    if (n >= sizeof spec)
        n = sizeof spec - 1;
    memcpy(spec, start, n);
    spec[n] = '\0';
    oh_object *o, *s = NULL;
    switch (conv) {
    case 'R':
    case 'S':
        o = va_arg(*ap, oh_object *);
        s = conv == 'R' ? py_repr(o) : py_str(o);
        if (s == NULL) {
            *failed = true;
            return p;
        }
        ohi_strbuf_adds(b, oh_str_utf8(s, NULL));
        oh_decref(s);
        return p;
    case 'T':
        o = va_arg(*ap, oh_object *);
        ohi_strbuf_adds(b, PY_TYPE(o)->tp_name);
        return p;
    case 'U':
        o = va_arg(*ap, oh_object *);
        ohi_strbuf_adds(b, o && o->type == &oh_str_type
                               ? oh_str_utf8(o, NULL) : "?");
        return p;
    case 'N':
        o = va_arg(*ap, oh_object *);
        ohi_strbuf_adds(b, ((py_type *)(void *)o)->tp_name);
        return p;
    case '%':
        ohi_strbuf_add(b, "%", 1);
        return p;
    case 's':
        ohi_strbuf_addf(b, spec, va_arg(*ap, const char *));
        return p;
    case 'c':
        ohi_strbuf_addf(b, spec, va_arg(*ap, int));
        return p;
    case 'p':
        ohi_strbuf_addf(b, spec, va_arg(*ap, void *));
        return p;
    case 'f': case 'g': case 'e': case 'F': case 'G': case 'E':
        ohi_strbuf_addf(b, spec, va_arg(*ap, double));
        return p;
    case 'd': case 'i':
        if (z)
            ohi_strbuf_addf(b, spec, va_arg(*ap, ptrdiff_t));
        else if (longs == 2)
            ohi_strbuf_addf(b, spec, va_arg(*ap, long long));
        else if (longs == 1)
            ohi_strbuf_addf(b, spec, va_arg(*ap, long));
        else
            ohi_strbuf_addf(b, spec, va_arg(*ap, int));
        return p;
    case 'u': case 'x': case 'X': case 'o':
        if (z)
            ohi_strbuf_addf(b, spec, va_arg(*ap, size_t));
        else if (longs == 2)
            ohi_strbuf_addf(b, spec, va_arg(*ap, unsigned long long));
        else if (longs == 1)
            ohi_strbuf_addf(b, spec, va_arg(*ap, unsigned long));
        else
            ohi_strbuf_addf(b, spec, va_arg(*ap, unsigned));
        return p;
    default:
        ohi_strbuf_add(b, start, (size_t)(p - start));
        return p;
    }
}

#pragma GCC diagnostic pop

/* A str from a format with the conversions of format_one. */
oh_object *
py_str_vformat(const char *fmt, va_list ap)
{
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    bool failed = false;
    va_list aq;
    va_copy(aq, ap);
    const char *p = fmt;
    while (*p && !failed) {
        const char *pct = strchr(p, '%');
        if (pct == NULL) {
            ohi_strbuf_adds(&b, p);
            break;
        }
        ohi_strbuf_add(&b, p, (size_t)(pct - p));
        p = format_one(&b, pct, &aq, &failed);
    }
    va_end(aq);
    if (failed) {
        ohi_strbuf_discard(&b);
        return NULL;
    }
    return ohi_strbuf_finish(&b);
}

oh_object *
py_str_format(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    oh_object *s = py_str_vformat(fmt, ap);
    va_end(ap);
    return s;
}

void *
py_err_vformat(py_type *type, const char *fmt, va_list ap)
{
    oh_object *msg = py_str_vformat(fmt, ap);
    if (msg == NULL)
        return NULL;
    py_err_set_object(type, msg);
    oh_decref(msg);
    return NULL;
}

void *
py_err_format(py_type *type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    py_err_vformat(type, fmt, ap);
    va_end(ap);
    return NULL;
}

void *
py_err_syntax(py_type *type, const char *msg, oh_object *filename,
              int lineno, int offset, const char *line, size_t linelen,
              int end_lineno, int end_offset)
{
    oh_object *m = oh_str_from_cstr(msg);
    oh_object *text = line ? oh_str_from_utf8(line, linelen)
                           : (oh_incref(OH_NONE), OH_NONE);
    if (text == NULL) {
        /* Not valid UTF-8 (the decoder's own error): no text. */
        oh_err_clear();
        oh_incref(OH_NONE);
        text = OH_NONE;
    }
    oh_object *ln = oh_int_from_i64(lineno);
    oh_object *off = oh_int_from_i64(offset);
    oh_object *eln = end_lineno > 0 ? oh_int_from_i64(end_lineno)
                                    : (oh_incref(OH_NONE), OH_NONE);
    oh_object *eoff = end_offset > 0 ? oh_int_from_i64(end_offset)
                                     : (oh_incref(OH_NONE), OH_NONE);
    oh_object *fn = filename ? filename : OH_NONE;
    oh_object *info = NULL, *exc = NULL;
    if (m && ln && off && eln && eoff)
        info = oh_tuple_pack(6, fn, ln, off, text, eln, eoff);
    if (info != NULL) {
        oh_object *args[2] = {m, info};
        exc = py_exc_new(type, args, 2);
    }
    oh_xdecref(m);
    oh_xdecref(text);
    oh_xdecref(ln);
    oh_xdecref(off);
    oh_xdecref(eln);
    oh_xdecref(eoff);
    oh_xdecref(info);
    if (exc != NULL)
        py_err_raise(exc);
    return NULL;
}

bool
py_err_occurred(void)
{
    return oh_err_occurred() != OH_ERR_NONE;
}

/* Make the record's exception object exist (a library error becomes an
 * instance of its kind's class).  Borrowed, or NULL when clear. */
oh_object *
py_err_peek(void)
{
    ohi_err_state *e = &OHI_RT->err;
    if (e->kind == OH_ERR_NONE)
        return NULL;
    if (e->exc != NULL)
        return e->exc;
    oh_errkind kind = e->kind;
    char msg[OH_ERR_MESSAGE_MAX];
    memcpy(msg, e->message, sizeof msg);
    oh_err_clear();
    oh_object *exc = NULL;
    if (kind == OH_ERR_MEMORY) {
        /* MemoryError() without a message, as CPython's. */
        exc = py_exc_new(PY_EXC(MemoryError), NULL, 0);
    }
    else {
        oh_object *s = oh_str_from_cstr(msg);
        if (s != NULL) {
            exc = py_exc_new(class_of_kind(kind), &s, 1);
            oh_decref(s);
        }
    }
    if (exc == NULL) {
        /* Out of memory while making it: the plain record stands. */
        oh_err_set(kind, msg);
        return NULL;
    }
    ohi_err_set_object(kind, msg, exc);
    return exc;
}

oh_object *
py_err_fetch(void)
{
    if (oh_err_occurred() == OH_ERR_NONE)
        return NULL;
    if (py_err_peek() == NULL) {
        /* Could not materialise (out of memory): a preallocated-free
         * MemoryError is the best we can do. */
        oh_err_clear();
        return NULL;
    }
    return ohi_err_take_object();
}

bool
py_err_matches(py_type *t)
{
    oh_object *exc = py_err_peek();
    return exc != NULL && py_is_instance(exc, t);
}

void
py_err_clear(void)
{
    oh_err_clear();
}

oh_object *
py_exc_new(py_type *type, oh_object *const *args, size_t nargs)
{
    return py_call(&type->ob_base, args, nargs, NULL);
}

/* ==========================================================================
 * Tracebacks
 * ========================================================================== */

typedef struct py_traceback {
    OH_OBJECT_HEAD;
    oh_object *next;                    /* tb_next, or NULL (EX2) */
    oh_object *frame;                   /* tb_frame */
    int lasti;
    int lineno;
} py_traceback;

#define TB(o) ((py_traceback *)(void *)(o))

static int
tb_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(TB(o)->next);
    OH_VISIT(TB(o)->frame);
    return 0;
}

static void
tb_clear(oh_object *o)
{
    OH_CLEAR(TB(o)->next);
    OH_CLEAR(TB(o)->frame);
}

static oh_object *
tb_get_next(oh_object *o)
{
    oh_object *n = TB(o)->next ? TB(o)->next : OH_NONE;
    oh_incref(n);
    return n;
}

static int
tb_set_next(oh_object *o, oh_object *v)
{
    if (v == NULL) {
        py_err_set_string(PY_EXC(TypeError), "can't delete tb_next "
                          "attribute");
        return -1;
    }
    if (v != OH_NONE && PY_TYPE(v) != PY_T(traceback)) {
        py_err_format(PY_EXC(TypeError), "expected traceback object or "
                      "None, got '%T'", v);
        return -1;
    }
    for (oh_object *c = v; c != NULL && c != OH_NONE; c = TB(c)->next)
        if (c == o) {
            py_err_set_string(PY_EXC(ValueError), "traceback loop "
                              "detected");
            return -1;
        }
    oh_object *old = TB(o)->next;
    if (v == OH_NONE)
        TB(o)->next = NULL;
    else {
        oh_incref(v);
        TB(o)->next = v;
    }
    oh_xdecref(old);
    return 0;
}

static oh_object *
tb_get_frame(oh_object *o)
{
    oh_incref(TB(o)->frame);
    return TB(o)->frame;
}

static oh_object *
tb_get_lasti(oh_object *o)
{
    return oh_int_from_i64((int64_t)TB(o)->lasti * 2);
}

static oh_object *
tb_get_lineno(oh_object *o)
{
    return oh_int_from_i64(TB(o)->lineno);
}

static const py_getset_def tb_getsets[] = {
    {"tb_next", tb_get_next, tb_set_next, NULL},
    {"tb_frame", tb_get_frame, NULL, NULL},
    {"tb_lasti", tb_get_lasti, NULL, NULL},
    {"tb_lineno", tb_get_lineno, NULL, NULL},
    {NULL, NULL, NULL, NULL}
};

py_static_type py_traceback_static = {.t = {
    PY_TYPE_INIT("traceback", py_traceback, OH_TYPE_CONTAINER),
    .ot.traverse = tb_traverse,
    .ot.clear = tb_clear,
    .getsets = tb_getsets,
}};

int
py_traceback_add(oh_object *exc, py_frame *f, int lasti)
{
    oh_object *fo = py_frame_get_object(f);
    if (fo == NULL) {
        oh_err_clear();
        return -1;
    }
    py_traceback *tb = (py_traceback *)(void *)ohi_object_alloc(
        &PY_T(traceback)->ot, 0);
    if (tb == NULL) {
        oh_err_clear();
        return -1;
    }
    oh_incref(fo);
    tb->frame = fo;
    tb->lasti = lasti;
    tb->lineno = py_code_addr2line(f->code, lasti);
    tb->next = EXC(exc)->traceback;     /* moves the old chain */
    EXC(exc)->traceback = &tb->ob_base;
    ohi_gc_track(&tb->ob_base);
    return 0;
}

/* ==========================================================================
 * Printing exceptions (CPython 3.11's print_exception)
 * ========================================================================== */

/* Source lines of files, read once (CPython's linecache). */
typedef struct source_file {
    struct source_file *next;
    char *name;
    char *text;                         /* NUL-terminated, or NULL */
    size_t len;
} source_file;

static source_file *source_cache;

/* May the printer read the file `name`?  Asks the audit hooks ("open");
 * a refusal's error is dropped and the error indicator left as it was:
 * the line is then just not shown. */
static bool
source_open_allowed(const char *name)
{
    if (OHI_RT->py == NULL || OHI_RT->py->naudit == 0)
        return true;
    ohi_err_state saved;
    ohi_err_save(&saved);
    oh_object *path = oh_str_from_cstr(name);
    oh_object *flags = path ? oh_int_from_i64(O_RDONLY) : NULL;
    int r = flags ? py_audit("open", 3, path, py_static_str("r"), flags)
                  : -1;
    oh_xdecref(path);
    oh_xdecref(flags);
    oh_err_clear();
    ohi_err_restore(&saved);
    return r == 0;
}

static const source_file *
source_lookup(const char *name)
{
    for (source_file *s = source_cache; s; s = s->next)
        if (strcmp(s->name, name) == 0)
            return s;
    source_file *s = oh_calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    size_t n = strlen(name) + 1;
    s->name = oh_malloc(n);
    if (s->name == NULL) {
        oh_free(s);
        return NULL;
    }
    memcpy(s->name, name, n);
    if (name[0] != '<' && source_open_allowed(name)) {
        FILE *fp = fopen(name, "rb");
        if (fp != NULL) {
            size_t cap = 4096, len = 0;
            char *buf = oh_malloc(cap);
            while (buf != NULL) {
                if (len + 1024 > cap) {
                    char *nb = oh_realloc(buf, cap * 2);
                    if (nb == NULL) {
                        oh_free(buf);
                        buf = NULL;
                        break;
                    }
                    buf = nb;
                    cap *= 2;
                }
                size_t got = fread(buf + len, 1, cap - len - 1, fp);
                len += got;
                if (got == 0)
                    break;
            }
            fclose(fp);
            if (buf != NULL) {
                buf[len] = '\0';
                s->text = buf;
                s->len = len;
            }
        }
    }
    s->next = source_cache;
    source_cache = s;
    return s;
}

/* Line `lineno` (1-based) of file `name`, without its newline and leading
 * whitespace; false if unknown. */
static bool
source_line(const char *name, int lineno, const char **out, size_t *len)
{
    const source_file *s = source_lookup(name);
    if (s == NULL || s->text == NULL || lineno < 1)
        return false;
    const char *p = s->text;
    for (int i = 1; i < lineno; i++) {
        p = strchr(p, '\n');
        if (p == NULL)
            return false;
        p++;
    }
    const char *e = strchr(p, '\n');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (n > 0 && p[n - 1] == '\r')
        n--;
    while (n > 0 && (*p == ' ' || *p == '\t' || *p == '\f')) {
        p++;
        n--;
    }
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    *out = p;
    *len = n;
    return true;
}

void
py_source_cache_clear(void)
{
    while (source_cache != NULL) {
        source_file *s = source_cache;
        source_cache = s->next;
        oh_free(s->name);
        oh_free(s->text);
        oh_free(s);
    }
}

#define TB_LIMIT 1000           /* sys.tracebacklimit's default */
#define TB_RECURSIVE_CUTOFF 3   /* identical lines shown before folding */

static void
print_tb_entry(FILE *out, py_traceback *tb)
{
    py_frame *f = py_frameobject_frame(tb->frame);
    if (f == NULL)
        return;
    const char *file = oh_str_utf8(f->code->filename, NULL);
    fprintf(out, "  File \"%s\", line %d, in %s\n", file, tb->lineno,
            oh_str_utf8(f->code->name, NULL));
    const char *line;
    size_t len;
    if (source_line(file, tb->lineno, &line, &len) && len > 0)
        fprintf(out, "    %.*s\n", (int)len, line);
}

static bool
same_entry(py_traceback *a, py_traceback *b)
{
    py_frame *fa = py_frameobject_frame(a->frame);
    py_frame *fb = py_frameobject_frame(b->frame);
    return fa != NULL && fb != NULL && a->lineno == b->lineno
           && fa->code->filename == fb->code->filename
           && fa->code->name == fb->code->name;
}

static void
print_traceback(FILE *out, oh_object *tbo)
{
    int depth = 0;
    for (oh_object *t = tbo; t; t = TB(t)->next)
        depth++;
    fputs("Traceback (most recent call last):\n", out);
    py_traceback *prev = NULL;
    int repeat = 0;
    for (oh_object *t = tbo; t; t = TB(t)->next, depth--) {
        if (depth > TB_LIMIT)
            continue;
        py_traceback *tb = TB(t);
        if (prev != NULL && same_entry(prev, tb)) {
            repeat++;
            if (repeat >= TB_RECURSIVE_CUTOFF)
                continue;
        }
        else {
            if (repeat >= TB_RECURSIVE_CUTOFF)
                fprintf(out, "  [Previous line repeated %d more time%s]\n",
                        repeat - TB_RECURSIVE_CUTOFF + 1,
                        repeat - TB_RECURSIVE_CUTOFF + 1 > 1 ? "s" : "");
            repeat = 0;
        }
        prev = tb;
        print_tb_entry(out, tb);
    }
    if (repeat >= TB_RECURSIVE_CUTOFF)
        fprintf(out, "  [Previous line repeated %d more time%s]\n",
                repeat - TB_RECURSIVE_CUTOFF + 1,
                repeat - TB_RECURSIVE_CUTOFF + 1 > 1 ? "s" : "");
}

/* --- "Did you mean" ------------------------------------------------------ */

#define SUGGEST_MAX_ITEMS 750
#define SUGGEST_MAX_SIZE 40
#define MOVE_COST 2
#define CASE_COST 1

static int
subst_cost(char a, char b)
{
    if ((a & 31) != (b & 31))
        return MOVE_COST;
    if (a == b)
        return 0;
    if (a >= 'A' && a <= 'Z')
        a = (char)(a + ('a' - 'A'));
    if (b >= 'A' && b <= 'Z')
        b = (char)(b + ('a' - 'A'));
    return a == b ? CASE_COST : MOVE_COST;
}

/* Edit distance with insertions and deletions costing MOVE_COST and a
 * change of letter case CASE_COST; anything over max_cost is max_cost+1. */
static size_t
edit_distance(const char *a, size_t na, const char *b, size_t nb,
              size_t max_cost)
{
    while (na && nb && a[0] == b[0]) {
        a++;
        b++;
        na--;
        nb--;
    }
    while (na && nb && a[na - 1] == b[nb - 1]) {
        na--;
        nb--;
    }
    if (na == 0 || nb == 0)
        return (na + nb) * MOVE_COST;
    if (nb < na) {
        const char *t = a;
        a = b;
        b = t;
        size_t tn = na;
        na = nb;
        nb = tn;
    }
    if ((nb - na) * MOVE_COST > max_cost)
        return max_cost + 1;
    size_t row[SUGGEST_MAX_SIZE];
    for (size_t i = 0; i < na; i++)
        row[i] = (i + 1) * MOVE_COST;
    size_t result = 0;
    for (size_t j = 0; j < nb; j++) {
        size_t diag = j * MOVE_COST;
        result = diag + MOVE_COST;
        size_t minimum = SIZE_MAX;
        for (size_t i = 0; i < na; i++) {
            size_t sub = diag + (size_t)subst_cost(a[i], b[j]);
            diag = row[i];
            size_t ins_del = (result < diag ? result : diag) + MOVE_COST;
            result = sub < ins_del ? sub : ins_del;
            row[i] = result;
            if (result < minimum)
                minimum = result;
        }
        if (minimum > max_cost)
            return max_cost + 1;
    }
    return result;
}

/* The closest of the str items of a list to name, or NULL (borrowed). */
static oh_object *
closest_name(oh_object *list, oh_object *name)
{
    int64_t n = OHI_LIST(list)->size;
    if (n >= SUGGEST_MAX_ITEMS)
        return NULL;
    size_t nlen;
    const char *ns = oh_str_utf8(name, &nlen);
    if (nlen > SUGGEST_MAX_SIZE)
        return NULL;
    oh_object *best = NULL;
    size_t best_dist = SIZE_MAX;
    for (int64_t i = 0; i < n; i++) {
        oh_object *item = OHI_LIST(list)->items[i];
        if (item->type != &oh_str_type || ohi_str_eq(item, name))
            continue;
        size_t ilen;
        const char *is = oh_str_utf8(item, &ilen);
        if (ilen > SUGGEST_MAX_SIZE)
            continue;
        size_t max_dist = (nlen + ilen + 3) * MOVE_COST / 6;
        if (best_dist - 1 < max_dist)
            max_dist = best_dist - 1;
        size_t d = edit_distance(ns, nlen, is, ilen, max_dist);
        if (d > max_dist)
            continue;
        if (best == NULL || d < best_dist) {
            best = item;
            best_dist = d;
        }
    }
    return best;
}

/* A new list of a dict's keys, or of any sequence. */
static oh_object *
key_list(oh_object *o)
{
    if (o == NULL)
        return NULL;
    if (o->type == &oh_dict_type)
        return oh_dict_keys(o);
    return py_sequence_list(o);
}

/* ". Did you mean: 'x'?" for a NameError or AttributeError, or NULL. */
static oh_object *
suggestion(oh_object *exc)
{
    oh_object *name = dict_item(exc, "name");
    if (name == NULL || name->type != &oh_str_type)
        return NULL;
    oh_object *found = NULL;
    oh_object *lists[3] = {NULL, NULL, NULL};
    if (py_is_instance(exc, PY_EXC(NameError))) {
        oh_object *tb = EXC(exc)->traceback;
        if (tb == NULL)
            return NULL;
        while (TB(tb)->next != NULL)
            tb = TB(tb)->next;
        py_frame *f = py_frameobject_frame(TB(tb)->frame);
        if (f == NULL)
            return NULL;
        /* The function's local variable names, then globals, then
         * builtins, each in its own order. */
        oh_object *vars = oh_list_new();
        py_code *co = f->code;
        for (int i = 0; vars != NULL && i < co->nlocalsplus; i++)
            if (co->localspluskinds[i] & PY_LOCAL_PLAIN)
                oh_list_append(vars,
                               OHI_TUPLE(co->localsplusnames)->items[i]);
        lists[0] = vars;
        lists[1] = key_list(f->globals);
        lists[2] = key_list(f->builtins);
    }
    else {
        oh_object *obj = dict_item(exc, "obj");
        if (obj == NULL)
            return NULL;
        lists[0] = py_object_dir(obj);
    }
    for (int i = 0; i < 3 && found == NULL; i++)
        if (lists[i] != NULL && lists[i]->type == &oh_list_type)
            found = closest_name(lists[i], name);
    oh_object *r = found ? oh_str_from_format(". Did you mean: '%s'?",
                                              oh_str_utf8(found, NULL))
                         : NULL;
    for (int i = 0; i < 3; i++)
        oh_xdecref(lists[i]);
    py_err_clear();
    return r;
}

/* "  File "x.py", line 1" and the line with its caret, for SyntaxError. */
static void
print_syntax_location(FILE *out, oh_object *exc)
{
    oh_object *fn = dict_item(exc, "filename");
    oh_object *ln = dict_item(exc, "lineno");
    oh_object *text = dict_item(exc, "text");
    oh_object *off = dict_item(exc, "offset");
    oh_object *eoff = dict_item(exc, "end_offset");
    oh_object *eln = dict_item(exc, "end_lineno");
    int64_t lineno = 0, offset = 0, end_offset = 0, end_lineno = 0;
    if (ln == NULL || oh_int_as_i64(ln, &lineno) < 0) {
        oh_err_clear();
        return;
    }
    fprintf(out, "  File \"%s\", line %lld\n",
            fn && fn->type == &oh_str_type ? oh_str_utf8(fn, NULL)
                                           : "<string>",
            (long long)lineno);
    if (text == NULL || text->type != &oh_str_type)
        return;
    if (off != NULL && oh_int_as_i64(off, &offset) < 0)
        oh_err_clear();
    if (eoff != NULL && oh_int_as_i64(eoff, &end_offset) < 0)
        oh_err_clear();
    if (eln != NULL && oh_int_as_i64(eln, &end_lineno) < 0)
        oh_err_clear();
    size_t tlen;
    const char *t = oh_str_utf8(text, &tlen);
    /* Offsets count characters: work in code points. */
    int64_t ncp = oh_str_length(text);
    int64_t start_cp = 0;
    while (start_cp < ncp) {
        uint32_t c = py_str_char_at(text, start_cp);
        if (c != ' ' && c != '\t' && c != '\f')
            break;
        start_cp++;
    }
    size_t start = py_str_offset(text, start_cp);
    size_t len = tlen - start;
    while (len > 0 && (t[start + len - 1] == '\n'
                       || t[start + len - 1] == '\r'))
        len--;
    fprintf(out, "    %.*s\n", (int)len, t + start);
    if (offset < 1)
        return;
    int64_t col = offset - 1 - start_cp;
    int64_t line_cps = oh_str_length(text) - start_cp;
    if (col > line_cps)
        col = line_cps;
    if (col < 0)
        return;
    int64_t carets = 1;
    if (end_offset > offset && (end_lineno == 0 || end_lineno == lineno)) {
        carets = end_offset - offset;
        if (col + carets > line_cps)
            carets = line_cps - col;
        if (carets < 1)
            carets = 1;
    }
    fputs("    ", out);
    for (int64_t i = 0; i < col; i++)
        fputc(' ', out);
    for (int64_t i = 0; i < carets; i++)
        fputc('^', out);
    fputc('\n', out);
}

/* "Type: message" (module-qualified unless builtins or __main__). */
static void
print_exception_line(FILE *out, oh_object *exc)
{
    py_type *t = PY_TYPE(exc);
    oh_object *mod = NULL;
    if (t->tpflags & PY_TPFLAGS_HEAPTYPE) {
        oh_object *m;
        if (oh_dict_lookup(t->dict, PY_ID(__module__), &m) > 0
            && m->type == &oh_str_type)
            mod = m;
    }
    if (mod != NULL && !oh_str_equal_cstr(mod, "builtins")
        && !oh_str_equal_cstr(mod, "__main__"))
        fprintf(out, "%s.", oh_str_utf8(mod, NULL));
    fputs(oh_str_utf8(t->qualname, NULL), out);
    oh_object *s;
    if (py_is_instance(exc, PY_EXC(SyntaxError))) {
        oh_object *msg = dict_item(exc, "msg");
        s = msg ? py_str(msg) : py_str(exc);
    }
    else
        s = py_str(exc);
    if (s == NULL) {
        py_err_clear();
        fputs(": <exception str() failed>\n", out);
        return;
    }
    size_t n;
    const char *text = oh_str_utf8(s, &n);
    oh_object *hint = NULL;
    if (py_is_instance(exc, PY_EXC(NameError))
        || py_is_instance(exc, PY_EXC(AttributeError)))
        hint = suggestion(exc);
    if (n > 0 || hint != NULL)
        fputs(": ", out);
    fwrite(text, 1, n, out);
    if (hint != NULL) {
        fputs(oh_str_utf8(hint, NULL), out);
        oh_decref(hint);
    }
    fputc('\n', out);
    oh_decref(s);
    /* PEP 678 notes. */
    oh_object *notes = dict_item(exc, "__notes__");
    if (notes != NULL && notes->type == &oh_list_type)
        for (int64_t i = 0; i < OHI_LIST(notes)->size; i++) {
            oh_object *ns = py_str(OHI_LIST(notes)->items[i]);
            if (ns == NULL) {
                py_err_clear();
                continue;
            }
            fprintf(out, "%s\n", oh_str_utf8(ns, NULL));
            oh_decref(ns);
        }
}

/* The longest chain of causes and contexts followed.  Every exception
 * printed is remembered, so a chain that loops back is cut where it
 * comes round (it used to remember only the first 64 and recurse for
 * ever on a longer loop); CPython's printer, recursing the same way,
 * stops at its recursion limit, 1000 by default. */
#define MAX_CHAIN 1000

/* Print exc after the chain of exceptions it was raised from.  On entry
 * *nseen < MAX_CHAIN. */
static void
print_one(FILE *out, oh_object *exc, oh_object **seen, int *nseen)
{
    seen[(*nseen)++] = exc;
    py_exception *e = EXC(exc);
    oh_object *chained = NULL;
    const char *sep = NULL;
    if (e->cause != NULL) {
        chained = e->cause;
        sep = "\nThe above exception was the direct cause of the "
              "following exception:\n\n";
    }
    else if (e->context != NULL && !e->suppress_context) {
        chained = e->context;
        sep = "\nDuring handling of the above exception, another "
              "exception occurred:\n\n";
    }
    if (chained != NULL && *nseen < MAX_CHAIN && !py_c_stack_exhausted()) {
        bool was = false;
        for (int i = 0; i < *nseen; i++)
            if (seen[i] == chained)
                was = true;
        if (!was) {
            print_one(out, chained, seen, nseen);
            fputs(sep, out);
        }
    }
    if (e->traceback != NULL)
        print_traceback(out, e->traceback);
    if (py_is_instance(exc, PY_EXC(SyntaxError)))
        print_syntax_location(out, exc);
    print_exception_line(out, exc);
}

void
py_err_write_exception(FILE *out, oh_object *exc, bool traceback)
{
    oh_object *seen[MAX_CHAIN];
    int nseen = 0;
    /* The printing may raise (a __str__ that fails): the caller's error,
     * if any, is kept. */
    ohi_err_state saved;
    ohi_err_save(&saved);
    if (traceback)
        print_one(out, exc, seen, &nseen);
    else {
        if (py_is_instance(exc, PY_EXC(SyntaxError)))
            print_syntax_location(out, exc);
        print_exception_line(out, exc);
    }
    ohi_err_restore(&saved);
}

void
py_err_print_exception(oh_object *exc)
{
    fflush(stdout);
    py_err_write_exception(stderr, exc, true);
    fflush(stderr);
}

void
py_err_write_unraisable(const char *where, oh_object *obj)
{
    oh_object *exc = py_err_fetch();
    if (exc == NULL)
        return;
    fflush(stdout);
    if (obj != NULL) {
        oh_object *r = py_repr(obj);
        if (r == NULL)
            py_err_clear();
        fprintf(stderr, "Exception ignored in: %s\n",
                r ? oh_str_utf8(r, NULL) : "<object repr() failed>");
        oh_xdecref(r);
    }
    else if (where != NULL)
        fprintf(stderr, "Exception ignored %s:\n", where);
    print_one(stderr, exc, (oh_object *[MAX_CHAIN]){NULL}, &(int){0});
    fflush(stderr);
    oh_decref(exc);
}

/* The library's finalizers and weak reference callbacks report through
 * here (OHI_RT->unraisable): name what Python names -- the __del__
 * method, or the callback. */
void
py_unraisable_hook(const char *what, const oh_object *o)
{
    oh_object *obj = (oh_object *)(uintptr_t)o;
    oh_object *named = NULL;
    if (strncmp(what, "finalizer", 9) == 0 && obj != NULL) {
        oh_object *d = py_type_lookup(PY_TYPE(obj), PY_ID(__del__));
        if (d != NULL) {
            oh_incref(d);
            named = d;
        }
    }
    else if (strncmp(what, "weakref callback", 16) == 0 && obj != NULL
             && OHI_WEAKREF_CHECK(obj)) {
        oh_object *data = ((ohi_weakref *)(void *)obj)->data;
        if (data != NULL) {
            oh_incref(data);
            named = data;
        }
    }
    py_err_write_unraisable(what, named ? named : obj);
    oh_xdecref(named);
}
