/*
 * t_str.c -- str as a Python type.
 *
 * What this file owns
 * -------------------
 * PY_T(str): the library's UTF-8 strs (src/types/str.c) with Python's
 * operators (+, *, %, in, comparisons by code point), indexing and
 * slicing by code point, iteration, str(x) and str(bytes, encoding), and
 * the methods.  Also the code point helpers the rest of the interpreter
 * uses (py_str_char_at, py_str_offset, py_str_from_char).
 *
 * Code points and bytes
 * ---------------------
 * A str stores UTF-8 and its length in code points.  When the two are
 * equal the text is ASCII and code point i is byte i: indexing and
 * slicing are O(1), which is the common case.  Otherwise finding code
 * point i walks the bytes (O(i)); UTF-8's order is code point order, so
 * comparisons are memcmp either way.
 *
 * Invariants
 * ----------
 * ST1. Every str this file makes is valid UTF-8 with the right length
 *      (it builds strs through the library's constructors only).
 */
#include "py/py.h"

#include <string.h>

#define NOTIMPL() (oh_incref(PY_NOTIMPL), PY_NOTIMPL)

OHI_INLINE bool
is_str(const oh_object *o)
{
    return OHI_TYPE_KIND(o->type) == OHI_KIND_STR;
}

/* ==========================================================================
 * Code points
 * ========================================================================== */

/* Decode the code point at p (valid UTF-8); *len gets its byte count. */
static uint32_t
decode_at(const unsigned char *p, int *len)
{
    uint32_t c = p[0];
    if (c < 0x80) {
        *len = 1;
        return c;
    }
    if (c < 0xe0) {
        *len = 2;
        return (c & 0x1f) << 6 | (p[1] & 0x3f);
    }
    if (c < 0xf0) {
        *len = 3;
        return (c & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6
               | (p[2] & 0x3f);
    }
    *len = 4;
    return (c & 0x07) << 18 | (uint32_t)(p[1] & 0x3f) << 12
           | (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
}

size_t
py_str_offset(oh_object *s, int64_t i)
{
    if (py_str_is_ascii(s))
        return (size_t)i;
    const unsigned char *p = (const unsigned char *)OHI_STR(s)->data;
    size_t off = 0;
    for (int64_t k = 0; k < i; k++) {
        unsigned char c = p[off];
        off += c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    }
    return off;
}

uint32_t
py_str_char_at(oh_object *s, int64_t i)
{
    const unsigned char *p = (const unsigned char *)OHI_STR(s)->data;
    if (py_str_is_ascii(s))
        return p[i];
    int len;
    return decode_at(p + py_str_offset(s, i), &len);
}

/* Encode c as UTF-8 into buf (4 bytes); the byte count. */
static int
encode_utf8(uint32_t c, char *buf)
{
    if (c < 0x80) {
        buf[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        buf[0] = (char)(0xc0 | (c >> 6));
        buf[1] = (char)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        buf[0] = (char)(0xe0 | (c >> 12));
        buf[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        buf[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    buf[0] = (char)(0xf0 | (c >> 18));
    buf[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    buf[2] = (char)(0x80 | ((c >> 6) & 0x3f));
    buf[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

oh_object *
py_str_from_char(uint32_t c)
{
    if (c > 0x10ffff)
        return py_err_set_string(PY_EXC(ValueError),
                                 "chr() arg not in range(0x110000)");
    if (c >= 0xd800 && c <= 0xdfff)
        return py_err_set_string(PY_EXC(ValueError), "surrogate code "
                                 "points are not supported");
    char buf[4];
    int n = encode_utf8(c, buf);
    return oh_str_from_utf8(buf, (size_t)n);
}

oh_object *
py_unicode_join_array(oh_object *const *items, size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += (size_t)OHI_STR(items[i])->nbytes;
    if (n == 1) {
        oh_incref(items[0]);
        return items[0];
    }
    char small[256];
    char *buf = total <= sizeof small ? small : oh_malloc(total);
    if (buf == NULL)
        return py_err_no_memory();
    size_t off = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = (size_t)OHI_STR(items[i])->nbytes;
        memcpy(buf + off, OHI_STR(items[i])->data, k);
        off += k;
    }
    oh_object *r = oh_str_from_utf8(buf, total);
    if (buf != small)
        oh_free(buf);
    return r;
}

/* ==========================================================================
 * Slots
 * ========================================================================== */

static oh_object *
str_add(oh_object *a, oh_object *b)
{
    if (!is_str(a) || !is_str(b))
        return NOTIMPL();
    oh_object *items[2] = {a, b};
    return py_unicode_join_array(items, 2);
}

static oh_object *
str_repeat(oh_object *s, int64_t n)
{
    if (n <= 0)
        return oh_str_from_utf8("", 0);
    size_t k = (size_t)OHI_STR(s)->nbytes;
    if (k != 0 && (uint64_t)n > (SIZE_MAX / 2) / k)
        return py_err_no_memory();
    char *buf = oh_malloc(k * (size_t)n + 1);
    if (buf == NULL)
        return py_err_no_memory();
    for (int64_t i = 0; i < n; i++)
        memcpy(buf + (size_t)i * k, OHI_STR(s)->data, k);
    oh_object *r = oh_str_from_utf8(buf, k * (size_t)n);
    oh_free(buf);
    return r;
}

static oh_object *
str_mul(oh_object *a, oh_object *b)
{
    oh_object *s = is_str(a) ? a : is_str(b) ? b : NULL;
    oh_object *n = s == a ? b : a;
    if (s == NULL || PY_TYPE(n)->nb_index == NULL)
        return NOTIMPL();
    int64_t k;
    if (py_index_i64(n, &k) < 0) {
        if (py_err_matches(PY_EXC(OverflowError))) {
            py_err_clear();
            py_err_set_string(PY_EXC(OverflowError), "cannot fit 'int' "
                              "into an index-sized integer");
        }
        return NULL;
    }
    return str_repeat(s, k);
}

static oh_object *
str_mod(oh_object *a, oh_object *b)
{
    if (!is_str(a))
        return NOTIMPL();
    return py_str_percent(a, b);
}

static int
str_cmp(oh_object *a, oh_object *b)
{
    size_t na = (size_t)OHI_STR(a)->nbytes, nb = (size_t)OHI_STR(b)->nbytes;
    int c = memcmp(OHI_STR(a)->data, OHI_STR(b)->data, na < nb ? na : nb);
    if (c != 0)
        return c < 0 ? -1 : 1;
    return na < nb ? -1 : na > nb;
}

static oh_object *
str_richcompare(oh_object *a, oh_object *b, int op)
{
    if (!is_str(a) || !is_str(b))
        return NOTIMPL();
    if (op == PY_CMP_EQ || op == PY_CMP_NE) {
        bool eq = a == b || ohi_str_eq(a, b);
        return oh_bool_from(op == PY_CMP_EQ ? eq : !eq);
    }
    int c = str_cmp(a, b);
    bool r;
    switch (op) {
    case PY_CMP_LT: r = c < 0; break;
    case PY_CMP_LE: r = c <= 0; break;
    case PY_CMP_GT: r = c > 0; break;
    default: r = c >= 0; break;
    }
    return oh_bool_from(r);
}

static oh_hash_t
str_hash(oh_object *o)
{
    return ohi_str_hash(o);
}

static oh_object *
str_repr(oh_object *o)
{
    return oh_repr(o);
}

/* str(subclass instance) gives a plain str with the same text. */
static oh_object *
str_str(oh_object *o)
{
    if (o->type == &oh_str_type) {
        oh_incref(o);
        return o;
    }
    return oh_str_from_utf8(OHI_STR(o)->data, (size_t)OHI_STR(o)->nbytes);
}

static int64_t
str_len(oh_object *o)
{
    return OHI_STR_LENGTH(OHI_STR(o));
}

/* Byte offset of substring sub in s[from..], or -1. */
static int64_t
find_bytes(const char *s, size_t n, const char *sub, size_t k, size_t from)
{
    if (k == 0)
        return from <= n ? (int64_t)from : -1;
    if (k > n)
        return -1;
    for (size_t i = from; i + k <= n; i++) {
        if (s[i] == sub[0] && memcmp(s + i, sub, k) == 0)
            return (int64_t)i;
    }
    return -1;
}

static int
str_contains(oh_object *s, oh_object *sub)
{
    if (!is_str(sub)) {
        py_err_format(PY_EXC(TypeError), "'in <string>' requires string as "
                      "left operand, not %T", sub);
        return -1;
    }
    return find_bytes(OHI_STR(s)->data, (size_t)OHI_STR(s)->nbytes,
                      OHI_STR(sub)->data, (size_t)OHI_STR(sub)->nbytes, 0)
           >= 0;
}

static oh_object *
str_getitem(oh_object *s, oh_object *key)
{
    int64_t n = OHI_STR_LENGTH(OHI_STR(s));
    if (py_slice_check(key)) {
        int64_t start, stop, step, count;
        if (py_slice_indices(key, n, &start, &stop, &step, &count) < 0)
            return NULL;
        if (step == 1)
            return oh_str_slice(s, start, stop);
        ohi_strbuf b;
        ohi_strbuf_init(&b);
        for (int64_t i = 0, j = start; i < count; i++, j += step) {
            char buf[4];
            int len = encode_utf8(py_str_char_at(s, j), buf);
            ohi_strbuf_add(&b, buf, (size_t)len);
        }
        return ohi_strbuf_finish(&b);
    }
    if (PY_TYPE(key)->nb_index == NULL)
        return py_err_format(PY_EXC(TypeError), "string indices must be "
                             "integers, not '%T'", key);
    int64_t i;
    if (py_index_i64(key, &i) < 0)
        return NULL;
    if (i < 0)
        i += n;
    if (i < 0 || i >= n)
        return py_err_set_string(PY_EXC(IndexError),
                                 "string index out of range");
    if (py_str_is_ascii(s)) {
        char c = OHI_STR(s)->data[i];
        return oh_str_from_utf8(&c, 1);
    }
    return py_str_from_char(py_str_char_at(s, i));
}

/* --- the iterator -------------------------------------------------------- */

typedef struct str_iter {
    OH_OBJECT_HEAD;
    oh_object *s;                       /* NULL when exhausted */
    size_t off;                         /* byte offset of the next one */
} str_iter;

static int
striter_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(((str_iter *)(void *)o)->s);
    return 0;
}

static void
striter_clear(oh_object *o)
{
    OH_CLEAR(((str_iter *)(void *)o)->s);
}

static oh_object *
striter_next(oh_object *o)
{
    str_iter *it = (str_iter *)(void *)o;
    if (it->s == NULL)
        return NULL;
    ohi_str *s = OHI_STR(it->s);
    if ((int64_t)it->off >= s->nbytes) {
        OH_CLEAR(it->s);
        return NULL;
    }
    int len;
    decode_at((const unsigned char *)s->data + it->off, &len);
    oh_object *r = oh_str_from_utf8(s->data + it->off, (size_t)len);
    it->off += (size_t)len;
    return r;
}

static oh_object *
iter_self(oh_object *o)
{
    oh_incref(o);
    return o;
}

py_static_type py_str_iter_static = {.t = {
    PY_TYPE_INIT("str_ascii_iterator", str_iter, OH_TYPE_CONTAINER),
    .ot.traverse = striter_traverse,
    .ot.clear = striter_clear,
    .tp_iter = iter_self,
    .tp_iternext = striter_next,
}};

static oh_object *
str_iter_new(oh_object *s)
{
    str_iter *it = (str_iter *)(void *)ohi_object_alloc(
        &PY_T(str_iter)->ot, 0);
    if (it == NULL)
        return NULL;
    oh_incref(s);
    it->s = s;
    it->off = 0;
    ohi_gc_track(&it->ob_base);
    return &it->ob_base;
}

/* --- str(x) -------------------------------------------------------------- */

static oh_object *
str_new(py_type *type, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    static const char *const kw[] = {"object", "encoding", "errors", NULL};
    static const py_argspec spec = {"str", kw, 0, 3, 0};
    oh_object *a[3];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    oh_object *r;
    if (a[0] == NULL)
        r = oh_str_from_utf8("", 0);
    else if (a[1] == NULL && a[2] == NULL)
        r = py_str(a[0]);
    else {
        const char *enc = a[1] ? oh_str_utf8(a[1], NULL) : "utf-8";
        const char *err = a[2] ? oh_str_utf8(a[2], NULL) : "strict";
        if ((a[1] && !is_str(a[1])) || (a[2] && !is_str(a[2])))
            return py_err_set_string(PY_EXC(TypeError), "str() argument "
                                     "'encoding' must be str");
        if (a[0]->type != &oh_bytes_type)
            return py_err_format(PY_EXC(TypeError), "decoding to str: need "
                                 "a bytes-like object, %T found", a[0]);
        r = py_bytes_decode(a[0], enc, err);
    }
    if (r == NULL || type == PY_T(str))
        return r;
    /* A subclass instance: the same layout, the text copied. */
    size_t n = (size_t)OHI_STR(r)->nbytes;
    oh_object *o = py_alloc_instance(type, n + 1);
    if (o != NULL) {
        ohi_str *d = OHI_STR(o);
        d->nbytes = (int64_t)n;
        d->len_state = OHI_STR(r)->len_state & ~OHI_STR_INTERNED;
        d->hash = -1;
        memcpy(d->data, OHI_STR(r)->data, n + 1);
    }
    oh_decref(r);
    return o;
}

/* ==========================================================================
 * Methods (the core ones; the rest of str's methods follow)
 * ========================================================================== */

static oh_object *
str_m_join(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_check_args("join", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *seq = py_sequence_list(args[0]);
    if (seq == NULL)
        return NULL;
    int64_t n = OHI_LIST(seq)->size;
    size_t total = 0;
    size_t sepn = (size_t)OHI_STR(self)->nbytes;
    for (int64_t i = 0; i < n; i++) {
        oh_object *it = OHI_LIST(seq)->items[i];
        if (!is_str(it)) {
            py_err_format(PY_EXC(TypeError), "sequence item %lld: expected "
                          "str instance, %T found", (long long)i, it);
            oh_decref(seq);
            return NULL;
        }
        total += (size_t)OHI_STR(it)->nbytes + (i > 0 ? sepn : 0);
    }
    char *buf = oh_malloc(total + 1);
    if (buf == NULL) {
        oh_decref(seq);
        return py_err_no_memory();
    }
    size_t off = 0;
    for (int64_t i = 0; i < n; i++) {
        if (i > 0) {
            memcpy(buf + off, OHI_STR(self)->data, sepn);
            off += sepn;
        }
        oh_object *it = OHI_LIST(seq)->items[i];
        memcpy(buf + off, OHI_STR(it)->data, (size_t)OHI_STR(it)->nbytes);
        off += (size_t)OHI_STR(it)->nbytes;
    }
    oh_decref(seq);
    oh_object *r = oh_str_from_utf8(buf, total);
    oh_free(buf);
    return r;
}

static oh_object *
str_m_format(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    return py_str_format_method(self, args, nargs, kwnames);
}

static oh_object *
str_m_dunder_format(oh_object *self, oh_object *const *args, size_t nargs,
                    oh_object *kwnames)
{
    if (py_check_args("__format__", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (!is_str(args[0]))
        return py_err_format(PY_EXC(TypeError), "__format__() argument "
                             "must be str, not %T", args[0]);
    return py_format_str(self, args[0]);
}

static oh_object *
str_m_encode(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    static const char *const kw[] = {"encoding", "errors", NULL};
    static const py_argspec spec = {"encode", kw, 0, 2, 0};
    oh_object *a[2];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    const char *enc = a[0] ? oh_str_utf8(a[0], NULL) : "utf-8";
    if (enc == NULL)
        return NULL;
    if (strcmp(enc, "utf-8") && strcmp(enc, "utf8") && strcmp(enc, "UTF-8")
        && strcmp(enc, "ascii") && strcmp(enc, "latin-1")
        && strcmp(enc, "latin1") && strcmp(enc, "iso-8859-1"))
        return py_err_format(PY_EXC(LookupError), "unknown encoding: %s",
                             enc);
    bool ascii = strcmp(enc, "ascii") == 0;
    bool latin = !ascii && (enc[0] == 'l' || enc[0] == 'i');
    if (!ascii && !latin)
        return oh_bytes_from(OHI_STR(self)->data,
                             (size_t)OHI_STR(self)->nbytes);
    const char *errors = a[1] ? oh_str_utf8(a[1], NULL) : "strict";
    int64_t n = OHI_STR_LENGTH(OHI_STR(self));
    unsigned char *buf = oh_malloc((size_t)n * 10 + 1);
    if (buf == NULL)
        return py_err_no_memory();
    size_t k = 0;
    uint32_t limit = ascii ? 0x80 : 0x100;
    for (int64_t i = 0; i < n; i++) {
        uint32_t c = py_str_char_at(self, i);
        if (c < limit) {
            buf[k++] = (unsigned char)c;
            continue;
        }
        if (strcmp(errors, "ignore") == 0)
            continue;
        if (strcmp(errors, "replace") == 0) {
            buf[k++] = '?';
            continue;
        }
        oh_free(buf);
        oh_object *eargs[5] = {oh_str_from_cstr(ascii ? "ascii" : "latin-1"),
                               self, oh_int_from_i64(i),
                               oh_int_from_i64(i + 1),
                               oh_str_from_cstr(ascii ? "ordinal not in "
                                                        "range(128)"
                                                      : "ordinal not in "
                                                        "range(256)")};
        if (eargs[0] && eargs[2] && eargs[3] && eargs[4]) {
            oh_object *exc = py_exc_new(PY_EXC(UnicodeEncodeError), eargs,
                                        5);
            if (exc != NULL)
                py_err_raise_new(exc);
        }
        oh_xdecref(eargs[0]);
        oh_xdecref(eargs[2]);
        oh_xdecref(eargs[3]);
        oh_xdecref(eargs[4]);
        return NULL;
    }
    oh_object *r = oh_bytes_from(buf, k);
    oh_free(buf);
    return r;
}

static oh_object *
str_m_getnewargs(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    oh_object *s = str_str(self);
    if (s == NULL)
        return NULL;
    oh_object *t = oh_tuple_pack(1, s);
    oh_decref(s);
    return t;
}

static const py_method_def str_methods[] = {
    {"join", str_m_join, 0, NULL},
    {"format", str_m_format, 0, NULL},
    {"__format__", str_m_dunder_format, 0, NULL},
    {"encode", str_m_encode, 0, NULL},
    {"__getnewargs__", str_m_getnewargs, 0, NULL},
    {NULL, NULL, 0, NULL}
};

py_static_type py_str_static = {.t = {
    PY_TYPE_INIT_KIND("str", oh_str_type),
    .tpflags = PY_TPFLAGS_BASETYPE | PY_TPFLAGS_SEQUENCE,
    .methods = str_methods,
    .doc = "str(object='') -> str",
    .tp_new = str_new,
    .tp_repr = str_repr,
    .tp_str = str_str,
    .tp_hash = str_hash,
    .tp_richcompare = str_richcompare,
    .tp_iter = str_iter_new,
    .mp_length = str_len,
    .mp_subscript = str_getitem,
    .sq_contains = str_contains,
    .nb_binary = {
        [PY_OP_ADD] = str_add, [PY_OP_MULT] = str_mul, [PY_OP_MOD] = str_mod,
    },
}};
