/*
 * t_file.c -- file objects: open(), sys.stdin, sys.stdout, sys.stderr.
 *
 * What this file owns
 * -------------------
 * One file type over a C stdio stream, in text mode (str in and out,
 * UTF-8, '\r\n' read as '\n') or binary mode (bytes), with the methods
 * programs use: read, readline, readlines, iteration by line, write,
 * writelines, flush, close, seek, tell, and the context manager protocol.
 * It is not the io module's layered design (raw, buffered, text): C's
 * stdio does the buffering, which is what CPython's layers amount to for
 * a program that reads and writes whole lines.
 *
 * Invariants
 * ----------
 * FI1. fp is NULL iff the file is closed.
 * FI2. A file that does not own its stream (sys.stdout) never fcloses
 *      it: close() flushes and marks it closed, so later prints fail
 *      with ValueError as in CPython, and the process's stream stays
 *      usable for the interpreter's own last words.
 */
#include "py/py.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

typedef struct py_file {
    OH_OBJECT_HEAD;
    FILE *fp;                           /* FI1 */
    oh_object *name;                    /* str (or int for fds) */
    oh_object *mode;                    /* str */
    bool binary;
    bool readable;
    bool writable;
    bool owns;                          /* fclose on close (FI2) */
    oh_object *weaklist;
} py_file;

#define FILE_(o) ((py_file *)(void *)(o))

/* The tee of writes to stdout (py_file_set_tee; --show-memory). */
static py_file_tee_fn stdout_tee;
static void *stdout_tee_arg;

void
py_file_set_tee(py_file_tee_fn fn, void *arg)
{
    stdout_tee = fn;
    stdout_tee_arg = fn != NULL ? arg : NULL;
}

oh_object *
py_file_new(FILE *fp, const char *name, const char *mode, bool owns)
{
    py_file *f = (py_file *)(void *)ohi_object_alloc(&PY_T(file)->ot, 0);
    if (f == NULL)
        return NULL;
    f->fp = fp;
    f->owns = owns;
    f->binary = strchr(mode, 'b') != NULL;
    f->readable = strchr(mode, 'r') != NULL || strchr(mode, '+') != NULL;
    f->writable = strchr(mode, 'w') != NULL || strchr(mode, 'a') != NULL
                  || strchr(mode, 'x') != NULL || strchr(mode, '+') != NULL;
    f->weaklist = NULL;
    f->name = oh_str_from_cstr(name);
    f->mode = oh_str_from_cstr(mode);
    ohi_gc_track(&f->ob_base);
    if (f->name == NULL || f->mode == NULL) {
        f->fp = owns ? f->fp : NULL;
        oh_decref(&f->ob_base);
        return NULL;
    }
    return &f->ob_base;
}

static int
file_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(FILE_(o)->name);
    OH_VISIT(FILE_(o)->mode);
    return 0;
}

static void
file_clear(oh_object *o)
{
    OH_CLEAR(FILE_(o)->name);
    OH_CLEAR(FILE_(o)->mode);
}

static void
file_dealloc(oh_object *o)
{
    py_file *f = FILE_(o);
    if (!ohi_trashcan_begin(o))
        return;
    if (f->weaklist != NULL)
        oh_weakref_clear_all(o);
    if (f->fp != NULL) {
        if (f->owns)
            fclose(f->fp);
        else
            fflush(f->fp);
    }
    file_clear(o);
    ohi_object_free(o);
    ohi_trashcan_end();
}

static int
check_open(py_file *f)
{
    if (f->fp == NULL) {
        py_err_set_string(PY_EXC(ValueError),
                          "I/O operation on closed file.");
        return -1;
    }
    return 0;
}

/* io.UnsupportedOperation in CPython, an OSError. */
static oh_object *
unsupported(const char *what)
{
    return py_err_set_string(PY_EXC(OSError), what);
}

/* Bytes read become a str (text) or bytes (binary). */
static oh_object *
make_result(py_file *f, const char *buf, size_t n)
{
    if (f->binary)
        return oh_bytes_from(buf, n);
    /* Universal newlines: \r\n and \r become \n. */
    if (memchr(buf, '\r', n) == NULL)
        return oh_str_from_utf8(buf, n);
    char *t = oh_malloc(n ? n : 1);
    if (t == NULL)
        return py_err_no_memory();
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (buf[i] == '\r') {
            t[k++] = '\n';
            if (i + 1 < n && buf[i + 1] == '\n')
                i++;
        }
        else
            t[k++] = buf[i];
    }
    oh_object *r = oh_str_from_utf8(t, k);
    oh_free(t);
    return r;
}

static oh_object *
file_m_read(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    py_file *f = FILE_(self);
    if (py_check_args("read", nargs, kwnames, 0, 1) < 0 || check_open(f) < 0)
        return NULL;
    if (!f->readable)
        return unsupported("not readable");
    int64_t want = -1;
    if (nargs == 1 && args[0] != OH_NONE && py_index_i64(args[0], &want) < 0)
        return NULL;
    size_t cap = want >= 0 ? (size_t)want * (f->binary ? 1 : 4) + 1 : 8192;
    size_t n = 0;
    char *buf = oh_malloc(cap);
    if (buf == NULL)
        return py_err_no_memory();
    if (want >= 0 && !f->binary) {
        /* want characters: read bytes until that many code points. */
        int64_t chars = 0;
        while (chars < want) {
            int c = fgetc(f->fp);
            if (c == EOF)
                break;
            buf[n++] = (char)c;
            if ((c & 0xc0) != 0x80) {
                /* a lead byte: count once its continuation follows */
                int extra = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;
                for (int i = 0; i < extra; i++) {
                    int d = fgetc(f->fp);
                    if (d == EOF)
                        break;
                    buf[n++] = (char)d;
                }
                chars++;
            }
        }
    }
    else if (want >= 0) {
        n = fread(buf, 1, (size_t)want, f->fp);
    }
    else {
        for (;;) {
            if (n + 4096 > cap) {
                char *nb = oh_realloc(buf, cap * 2);
                if (nb == NULL) {
                    oh_free(buf);
                    return py_err_no_memory();
                }
                buf = nb;
                cap *= 2;
            }
            size_t got = fread(buf + n, 1, cap - n, f->fp);
            n += got;
            if (got == 0)
                break;
        }
    }
    oh_object *r = make_result(f, buf, n);
    oh_free(buf);
    return r;
}

/* One line, its newline included (empty at the end). */
static oh_object *
read_line(py_file *f, int64_t limit)
{
    size_t cap = 256, n = 0;
    char *buf = oh_malloc(cap);
    if (buf == NULL)
        return py_err_no_memory();
    int c;
    while ((limit < 0 || (int64_t)n < limit) && (c = fgetc(f->fp)) != EOF) {
        if (n + 2 > cap) {
            char *nb = oh_realloc(buf, cap * 2);
            if (nb == NULL) {
                oh_free(buf);
                return py_err_no_memory();
            }
            buf = nb;
            cap *= 2;
        }
        if (c == '\r' && !f->binary) {
            int d = fgetc(f->fp);
            if (d != '\n' && d != EOF)
                ungetc(d, f->fp);
            c = '\n';
        }
        buf[n++] = (char)c;
        if (c == '\n')
            break;
    }
    oh_object *r = f->binary ? oh_bytes_from(buf, n)
                             : oh_str_from_utf8(buf, n);
    oh_free(buf);
    return r;
}

static oh_object *
file_m_readline(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    py_file *f = FILE_(self);
    if (py_check_args("readline", nargs, kwnames, 0, 1) < 0
        || check_open(f) < 0)
        return NULL;
    int64_t limit = -1;
    if (nargs == 1 && args[0] != OH_NONE && py_index_i64(args[0], &limit) < 0)
        return NULL;
    return read_line(f, limit);
}

static oh_object *
file_m_readlines(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    py_file *f = FILE_(self);
    if (py_check_args("readlines", nargs, kwnames, 0, 1) < 0
        || check_open(f) < 0)
        return NULL;
    oh_object *l = oh_list_new();
    if (l == NULL)
        return NULL;
    for (;;) {
        oh_object *line = read_line(f, -1);
        if (line == NULL) {
            oh_decref(l);
            return NULL;
        }
        if (py_len(line) == 0) {
            oh_decref(line);
            return l;
        }
        int r = oh_list_append(l, line);
        oh_decref(line);
        if (r < 0) {
            oh_decref(l);
            return NULL;
        }
    }
}

static oh_object *
file_iternext(oh_object *self)
{
    py_file *f = FILE_(self);
    if (check_open(f) < 0)
        return NULL;
    oh_object *line = read_line(f, -1);
    if (line != NULL && py_len(line) == 0) {
        oh_decref(line);
        return NULL;
    }
    return line;
}

static oh_object *
file_iter(oh_object *self)
{
    if (check_open(FILE_(self)) < 0)
        return NULL;
    oh_incref(self);
    return self;
}

static oh_object *
file_m_write(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    py_file *f = FILE_(self);
    if (py_check_args("write", nargs, kwnames, 1, 1) < 0
        || check_open(f) < 0)
        return NULL;
    if (!f->writable)
        return unsupported("not writable");
    oh_object *o = args[0];
    const char *data;
    size_t n;
    int64_t count;
    if (f->binary) {
        const unsigned char *d;
        if (py_buffer_view(o, &d, &n) < 0) {
            py_err_clear();
            return py_err_format(PY_EXC(TypeError), "a bytes-like object "
                                 "is required, not '%T'", o);
        }
        data = (const char *)d;
        count = (int64_t)n;
    }
    else {
        if (OHI_TYPE_KIND(o->type) != OHI_KIND_STR)
            return py_err_format(PY_EXC(TypeError), "write() argument must "
                                 "be str, not %T", o);
        data = oh_str_utf8(o, &n);
        count = oh_str_length(o);
    }
    if (n > 0 && fwrite(data, 1, n, f->fp) != n) {
        int e = errno;
        return py_err_format(PY_EXC(OSError), "[Errno %d] %s", e,
                             strerror(e));
    }
    if (stdout_tee != NULL && f->fp == stdout && n > 0)
        stdout_tee(stdout_tee_arg, data, n);
    return oh_int_from_i64(count);
}

static oh_object *
file_m_writelines(oh_object *self, oh_object *const *args, size_t nargs,
                  oh_object *kwnames)
{
    if (py_check_args("writelines", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *it = py_iter(args[0]);
    if (it == NULL)
        return NULL;
    oh_object *v;
    while ((v = py_iter_next(it)) != NULL) {
        oh_object *r = file_m_write(self, &v, 1, NULL);
        oh_decref(v);
        if (r == NULL) {
            oh_decref(it);
            return NULL;
        }
        oh_decref(r);
    }
    oh_decref(it);
    if (py_err_occurred())
        return NULL;
    oh_incref(OH_NONE);
    return OH_NONE;
}

static oh_object *
file_m_flush(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    py_file *f = FILE_(self);
    if (check_open(f) < 0)
        return NULL;
    fflush(f->fp);
    oh_incref(OH_NONE);
    return OH_NONE;
}

static oh_object *
file_m_close(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    py_file *f = FILE_(self);
    if (f->fp != NULL) {
        if (f->owns)
            fclose(f->fp);
        else
            fflush(f->fp);
        f->fp = NULL;
    }
    oh_incref(OH_NONE);
    return OH_NONE;
}

static oh_object *
file_m_enter(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (check_open(FILE_(self)) < 0)
        return NULL;
    oh_incref(self);
    return self;
}

static oh_object *
file_m_exit(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    return file_m_close(self, NULL, 0, NULL);
}

static oh_object *
file_m_seek(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    py_file *f = FILE_(self);
    if (py_check_args("seek", nargs, kwnames, 1, 2) < 0 || check_open(f) < 0)
        return NULL;
    int64_t off, whence = 0;
    if (py_index_i64(args[0], &off) < 0
        || (nargs == 2 && py_index_i64(args[1], &whence) < 0))
        return NULL;
    if (fseek(f->fp, (long)off, (int)whence) != 0) {
        int e = errno;
        return py_err_format(PY_EXC(OSError), "[Errno %d] %s", e,
                             strerror(e));
    }
    return oh_int_from_i64((int64_t)ftell(f->fp));
}

static oh_object *
file_m_tell(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    py_file *f = FILE_(self);
    if (check_open(f) < 0)
        return NULL;
    return oh_int_from_i64((int64_t)ftell(f->fp));
}

static oh_object *
file_m_fileno(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    py_file *f = FILE_(self);
    if (check_open(f) < 0)
        return NULL;
    return oh_int_from_i64(fileno(f->fp));
}

static oh_object *
file_m_isatty(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    return oh_bool_from(false);
}

static oh_object *
file_m_readable(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    return oh_bool_from(FILE_(self)->readable);
}

static oh_object *
file_m_writable(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    return oh_bool_from(FILE_(self)->writable);
}

static const py_method_def file_methods[] = {
    {"read", file_m_read, 0, NULL},
    {"readline", file_m_readline, 0, NULL},
    {"readlines", file_m_readlines, 0, NULL},
    {"write", file_m_write, 0, NULL},
    {"writelines", file_m_writelines, 0, NULL},
    {"flush", file_m_flush, 0, NULL},
    {"close", file_m_close, 0, NULL},
    {"seek", file_m_seek, 0, NULL},
    {"tell", file_m_tell, 0, NULL},
    {"fileno", file_m_fileno, 0, NULL},
    {"isatty", file_m_isatty, 0, NULL},
    {"readable", file_m_readable, 0, NULL},
    {"writable", file_m_writable, 0, NULL},
    {"__enter__", file_m_enter, 0, NULL},
    {"__exit__", file_m_exit, 0, NULL},
    {NULL, NULL, 0, NULL}
};

static oh_object *
file_get_closed(oh_object *o)
{
    return oh_bool_from(FILE_(o)->fp == NULL);
}

static oh_object *
file_get_encoding(oh_object *o)
{
    return oh_str_from_cstr("utf-8");
}

static const py_getset_def file_getsets[] = {
    {"closed", file_get_closed, NULL, NULL},
    {"encoding", file_get_encoding, NULL, NULL},
    {NULL, NULL, NULL, NULL}
};

static const py_member_def file_members[] = {
    {"name", PY_MEMBER_OBJECT, offsetof(py_file, name), true},
    {"mode", PY_MEMBER_OBJECT, offsetof(py_file, mode), true},
    {NULL, 0, 0, false}
};

static oh_object *
file_repr(oh_object *o)
{
    py_file *f = FILE_(o);
    oh_object *n = py_repr(f->name);
    if (n == NULL)
        return NULL;
    oh_object *r;
    if (f->binary)
        r = oh_str_from_format("<_io.Buffered%s name=%s>",
                               f->readable ? "Reader" : "Writer",
                               oh_str_utf8(n, NULL));
    else
        r = oh_str_from_format("<_io.TextIOWrapper name=%s mode='%s' "
                               "encoding='UTF-8'>", oh_str_utf8(n, NULL),
                               oh_str_utf8(f->mode, NULL));
    oh_decref(n);
    return r;
}

py_static_type py_file_static = {.t = {
    PY_TYPE_INIT("_io.TextIOWrapper", py_file,
                 OH_TYPE_CONTAINER | OH_TYPE_WEAKREFABLE),
    .ot.weaklistoffset = offsetof(py_file, weaklist),
    .ot.dealloc = file_dealloc,
    .ot.traverse = file_traverse,
    .ot.clear = file_clear,
    .weaklistoffset = offsetof(py_file, weaklist),
    .methods = file_methods,
    .getsets = file_getsets,
    .members = file_members,
    .tp_repr = file_repr,
    .tp_iter = file_iter,
    .tp_iternext = file_iternext,
}};

/* open(file, mode='r', buffering=-1, encoding=None, errors=None,
 * newline=None, closefd=True) */
oh_object *
py_open(oh_object *self, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    static const char *const kw[] = {"file", "mode", "buffering", "encoding",
                                     "errors", "newline", "closefd", NULL};
    static const py_argspec spec = {"open", kw, 1, 7, 0};
    oh_object *a[7];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    if (OHI_TYPE_KIND(a[0]->type) != OHI_KIND_STR)
        return py_err_format(PY_EXC(TypeError), "expected str, bytes or "
                             "os.PathLike object, not %T", a[0]);
    const char *mode = "r";
    if (a[1] != NULL) {
        if (a[1]->type != &oh_str_type)
            return py_err_format(PY_EXC(TypeError), "open() argument "
                                 "'mode' must be str, not %T", a[1]);
        mode = oh_str_utf8(a[1], NULL);
    }
    /* Validate as CPython: one of r w a x, optional b or t, optional +. */
    int main_modes = 0;
    bool b = false, t = false;
    for (const char *p = mode; *p; p++) {
        if (strchr("rwax", *p))
            main_modes++;
        else if (*p == 'b')
            b = true;
        else if (*p == 't')
            t = true;
        else if (*p != '+' || strchr(p + 1, '+'))
            return py_err_format(PY_EXC(ValueError), "invalid mode: '%s'",
                                 mode);
    }
    if (main_modes != 1 || (b && t))
        return py_err_format(PY_EXC(ValueError), main_modes > 1
                             ? "must have exactly one of create/read/write/"
                               "append mode"
                             : b && t ? "can't have text and binary mode at "
                                        "once"
                                      : "Must have exactly one of create/"
                                        "read/write/append mode and at most "
                                        "one plus");
    char cmode[8];
    size_t k = 0;
    char m0 = strchr(mode, 'w') ? 'w' : strchr(mode, 'a') ? 'a'
              : strchr(mode, 'x') ? 'w' : 'r';
    cmode[k++] = m0;
    if (strchr(mode, '+'))
        cmode[k++] = '+';
    cmode[k++] = 'b';
    if (strchr(mode, 'x'))
        cmode[k++] = 'x';
    cmode[k] = '\0';
    /* The audit event's flags: what os.open would be given. */
    int flags = m0 == 'r' ? 0 : O_CREAT;
    flags |= strchr(mode, '+') ? O_RDWR : m0 == 'r' ? O_RDONLY : O_WRONLY;
    flags |= m0 == 'w' && !strchr(mode, 'x') ? O_TRUNC : 0;
    flags |= m0 == 'a' ? O_APPEND : strchr(mode, 'x') ? O_EXCL : 0;
    oh_object *mode_str = a[1] != NULL ? a[1] : py_static_str("r");
    oh_object *flags_int = mode_str ? oh_int_from_i64(flags) : NULL;
    int audit = flags_int ? py_audit("open", 3, a[0], mode_str, flags_int)
                          : -1;
    oh_xdecref(flags_int);
    if (audit < 0)
        return NULL;
    const char *path = oh_str_utf8(a[0], NULL);
    FILE *fp = fopen(path, cmode);
    if (fp == NULL) {
        int e = errno;
        oh_object *eargs[3] = {oh_int_from_i64(e),
                               oh_str_from_cstr(strerror(e)), a[0]};
        if (eargs[0] && eargs[1]) {
            oh_object *exc = py_exc_new(PY_EXC(OSError), eargs, 3);
            if (exc != NULL)
                py_err_raise_new(exc);
        }
        oh_xdecref(eargs[0]);
        oh_xdecref(eargs[1]);
        return NULL;
    }
    return py_file_new(fp, path, mode, true);
}
