/*
 * t_bytes.c -- bytes and bytearray as Python types.
 *
 * What this file owns
 * -------------------
 * PY_T(bytes): the library's immutable byte strings (src/types/bytes.c)
 * with Python's constructors, operators, hash and methods; PY_T(bytearray):
 * the mutable byte array, whose layout is this file's; PY_T(bytes_iter),
 * the iterator of both.  Also the codecs the interpreter knows (UTF-8,
 * ASCII, Latin-1: py_bytes_decode, py_codec_lookup) and the bytes-like
 * view other files use (py_buffer_view).  bytes % args is format.c's
 * (py_bytes_percent).
 *
 * Layouts
 * -------
 *
 *   bytes      | refcnt | type | size | hash | data ... \0 |   (bytes.c)
 *   bytearray  | refcnt | type | data* | size | alloc |        (here)
 *                                   |
 *                                   +--> oh_malloc'd, alloc bytes
 *
 * A subclass of bytes keeps the bytes layout (its instances are made by
 * py_alloc_instance with the same items), so reading any object of kind
 * OHI_KIND_BYTES goes through tb_bytes below, a mirror of bytes.c's
 * private struct.  A bytearray grows by about an eighth past what is
 * asked, with CPython's exact rule (ba_resize), so appending in a loop is
 * amortised O(1) and __sizeof__ says what CPython's does.
 *
 * Methods are written once for both types over a `bview` (pointer and
 * length); the receiver's type decides the type of what they return
 * (bytearray methods return bytearrays, as in CPython).
 *
 * Invariants
 * ----------
 * TB1. tb_bytes has the layout of bytes.c's ohi_bytes (size, then the
 *      cached hash, then the data with a NUL after it); the
 *      _Static_assert below pins its size.
 * TB2. A bytearray has 0 <= size < alloc and data[size] == '\0', or
 *      size == alloc == 0 and data == NULL (never allocated).
 * TB3. No method keeps a bview of a bytearray across a call that can run
 *      Python code (conversions of its arguments, iteration, __index__):
 *      that code may resize the array and move its data.  Arguments are
 *      converted first, the view taken after.
 */
#include "py/py.h"

#include <stdio.h>
#include <string.h>

#define NOTIMPL() (oh_incref(PY_NOTIMPL), PY_NOTIMPL)

/* ==========================================================================
 * Layouts and views
 * ========================================================================== */

typedef struct tb_bytes {
    oh_varobject ob_base;
    oh_hash_t hash;
    unsigned char data[];
} tb_bytes;

_Static_assert(sizeof(tb_bytes) == 32, "TB1: the bytes header is 32 bytes");

#define TB(o) ((tb_bytes *)(void *)(o))

typedef struct tb_bytearray {
    OH_OBJECT_HEAD;
    unsigned char *data;                /* TB2: alloc bytes or NULL */
    int64_t size;
    int64_t alloc;
} tb_bytearray;

#define BA(o) ((tb_bytearray *)(void *)(o))

typedef struct bview {
    const unsigned char *p;
    size_t n;
} bview;

OHI_INLINE bool
is_bytes(const oh_object *o)
{
    return OHI_TYPE_KIND(o->type) == OHI_KIND_BYTES;
}

OHI_INLINE bool
is_bytearray(oh_object *o)
{
    return o->type == &PY_T(bytearray)->ot
           || py_is_instance(o, PY_T(bytearray));
}

/* The bytes of a bytes-like object: true with *v set, false when o is
 * not one (no error). */
static bool
view_of(oh_object *o, bview *v)
{
    v->p = (const unsigned char *)"";
    v->n = 0;
    if (is_bytes(o)) {
        v->p = TB(o)->data;
        v->n = (size_t)TB(o)->ob_base.size;
        return true;
    }
    if (is_bytearray(o)) {
        if (BA(o)->data != NULL)
            v->p = BA(o)->data;
        v->n = (size_t)BA(o)->size;
        return true;
    }
    return false;
}

int
py_buffer_view(oh_object *o, const unsigned char **data, size_t *len)
{
    bview v;
    if (!view_of(o, &v)) {
        py_err_format(PY_EXC(TypeError), "a bytes-like object is required, "
                      "not '%T'", o);
        return -1;
    }
    *data = v.p;
    *len = v.n;
    return 0;
}

/* view_of, or -1 with the TypeError. */
static int
need_view(oh_object *o, bview *v)
{
    return py_buffer_view(o, &v->p, &v->n);
}

/* ==========================================================================
 * bytearray storage
 * ========================================================================== */

/* Set the size to n, keeping the contents up to the old size, with
 * CPython's allocation rule (so __sizeof__ agrees): shrinking below half
 * the allocation or growing past an eighth over it allocates exactly
 * n + 1; a moderate growth over-allocates by about an eighth; anything
 * else keeps the buffer.  0, or -1 with MemoryError and nothing changed. */
static int
ba_resize(oh_object *o, int64_t n)
{
    tb_bytearray *b = BA(o);
    if (n < 0 || n > INT64_MAX / 2) {
        py_err_no_memory();
        return -1;
    }
    if (n == b->size)
        return 0;
    int64_t want;
    if (n + 1 <= b->alloc) {
        if (n >= b->alloc / 2) {
            b->size = n;
            b->data[n] = '\0';
            return 0;
        }
        want = n + 1;
    }
    else if (n <= b->alloc + (b->alloc >> 3))
        want = n + (n >> 3) + (n < 9 ? 3 : 6);
    else
        want = n + 1;
    unsigned char *p = oh_realloc(b->data, (size_t)want);
    if (p == NULL) {
        py_err_no_memory();
        return -1;
    }
    b->data = p;
    b->alloc = want;
    b->size = n;
    b->data[n] = '\0';
    OH_ASSERT(b->size < b->alloc && b->data != NULL);
    return 0;
}

/* A new bytearray (exactly PY_T(bytearray) or a subclass) with a copy of
 * data[0..n). */
static oh_object *
ba_new_of(py_type *type, const void *data, size_t n)
{
    oh_object *o = py_alloc_instance(type, 0);
    if (o == NULL)
        return NULL;
    if (n != 0) {
        if (ba_resize(o, (int64_t)n) < 0) {
            oh_decref(o);
            return NULL;
        }
        memcpy(BA(o)->data, data, n);
    }
    return o;
}

static oh_object *
bytearray_from(const void *data, size_t n)
{
    return ba_new_of(PY_T(bytearray), data, n);
}

static void
bytearray_dealloc(oh_object *o)
{
    oh_free(BA(o)->data);
    BA(o)->data = NULL;
    ohi_object_free(o);
}

/* sys.getsizeof: the header and the buffer.  CPython 3.11's header is 56
 * bytes, ours 40; the buffer follows CPython's sizes (ba_resize), so a
 * bytearray is always 16 bytes smaller here. */
static size_t
bytearray_sizeof(oh_object *o)
{
    return sizeof(tb_bytearray) + (size_t)BA(o)->alloc;
}

_Static_assert(sizeof(tb_bytearray) == 40, "the bytearray header is 40 "
               "bytes (CPython's is 56)");

/* The result of a method: a bytearray when the receiver is one. */
static oh_object *
make(bool ba, const void *data, size_t n)
{
    return ba ? bytearray_from(data, n) : oh_bytes_from(data, n);
}

/* The receiver unchanged: itself for an exact bytes, else a copy. */
static oh_object *
unchanged(oh_object *self, bool ba)
{
    if (self->type == &oh_bytes_type) {
        oh_incref(self);
        return self;
    }
    bview v;
    view_of(self, &v);
    return make(ba, v.p, v.n);
}

/* A bytes subclass instance with the bytes of b. */
static oh_object *
bytes_subtype_from(py_type *type, oh_object *b)
{
    size_t n = (size_t)TB(b)->ob_base.size;
    oh_object *o = py_alloc_instance(type, n + 1);
    if (o == NULL)
        return NULL;
    TB(o)->ob_base.size = (intptr_t)n;
    TB(o)->hash = -1;
    memcpy(TB(o)->data, TB(b)->data, n);
    TB(o)->data[n] = '\0';
    return o;
}

/* A growing byte buffer on ohi_strbuf (its text need not be UTF-8 as
 * long as it is never finished as a str). */
static oh_object *
buf_result(ohi_strbuf *b, bool ba)
{
    if (b->failed) {
        ohi_strbuf_discard(b);
        return py_err_no_memory();
    }
    oh_object *r = make(ba, b->data, b->len);
    ohi_strbuf_discard(b);
    return r;
}

/* A type's name as Argument Clinic writes it ("must be str, not None"). */
static const char *
clinic_type(oh_object *o)
{
    return o == OH_NONE ? "None" : PY_TYPE(o)->tp_name;
}

/* ==========================================================================
 * Codecs
 * ========================================================================== */

int
py_codec_lookup(const char *name)
{
    /* Python's normalisation: lower case, runs of other characters than
     * letters, digits and '.' become one '_'. */
    char norm[64];
    size_t k = 0;
    bool pending = false;
    for (const char *p = name; *p && k < sizeof norm - 2; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.';
        if (!keep) {
            pending = k > 0;
            continue;
        }
        if (pending)
            norm[k++] = '_';
        pending = false;
        norm[k++] = c;
    }
    norm[k] = '\0';
    static const char *const utf8[] = {
        "utf_8", "utf8", "u8", "utf", "utf8_ucs2", "utf8_ucs4", "cp65001",
        NULL};
    static const char *const ascii[] = {
        "ascii", "646", "us_ascii", "us", "ansi_x3.4_1968",
        "ansi_x3_4_1968", "ansi_x3.4_1986", "cp367", "csascii", "ibm367",
        "iso646_us", "iso_646.irv_1991", "iso_ir_6", NULL};
    static const char *const latin1[] = {
        "latin_1", "latin1", "latin", "l1", "iso8859_1", "iso_8859_1",
        "iso_8859_1_1987", "8859", "cp819", "csisolatin1", "ibm819",
        "iso_ir_100", NULL};
    static const char *const utf16[] = {"utf_16", "utf16", "u16", NULL};
    static const char *const utf16le[] = {
        "utf_16_le", "utf_16le", "unicodelittleunmarked", NULL};
    static const char *const utf16be[] = {
        "utf_16_be", "utf_16be", "unicodebigunmarked", NULL};
    static const char *const utf32[] = {"utf_32", "utf32", "u32", NULL};
    static const char *const utf32le[] = {"utf_32_le", "utf_32le", NULL};
    static const char *const utf32be[] = {"utf_32_be", "utf_32be", NULL};
    static const char *const *const tables[] = {
        utf8, ascii, latin1, utf16, utf16le, utf16be, utf32, utf32le,
        utf32be};
    static const int codes[] = {
        PY_CODEC_UTF8, PY_CODEC_ASCII, PY_CODEC_LATIN1, PY_CODEC_UTF16,
        PY_CODEC_UTF16LE, PY_CODEC_UTF16BE, PY_CODEC_UTF32,
        PY_CODEC_UTF32LE, PY_CODEC_UTF32BE};
    for (size_t t = 0; t < sizeof codes / sizeof codes[0]; t++) {
        for (const char *const *n = tables[t]; *n; n++)
            if (strcmp(norm, *n) == 0)
                return codes[t];
    }
    py_err_format(PY_EXC(LookupError), "unknown encoding: %s", name);
    return -1;
}

/* Raise UnicodeDecodeError(codec, bytes, start, end, reason). */
static void
decode_error(const char *codec, const unsigned char *p, size_t n,
             int64_t start, int64_t end, const char *reason)
{
    oh_object *a[5] = {oh_str_from_cstr(codec), oh_bytes_from(p, n),
                       oh_int_from_i64(start), oh_int_from_i64(end),
                       oh_str_from_cstr(reason)};
    if (a[0] && a[1] && a[2] && a[3] && a[4]) {
        oh_object *exc = py_exc_new(PY_EXC(UnicodeDecodeError), a, 5);
        if (exc != NULL)
            py_err_raise_new(exc);
    }
    for (int i = 0; i < 5; i++)
        oh_xdecref(a[i]);
}

enum { ERR_STRICT, ERR_IGNORE, ERR_REPLACE, ERR_BACKSLASH, ERR_UNKNOWN };

static int
error_handler(const char *errors)
{
    if (strcmp(errors, "strict") == 0)
        return ERR_STRICT;
    if (strcmp(errors, "ignore") == 0)
        return ERR_IGNORE;
    if (strcmp(errors, "replace") == 0)
        return ERR_REPLACE;
    if (strcmp(errors, "backslashreplace") == 0)
        return ERR_BACKSLASH;
    return ERR_UNKNOWN;
}

OHI_INLINE bool
is_cont(unsigned char c)
{
    return (c & 0xc0) == 0x80;
}

/* The length of the valid UTF-8 sequence at p[0..n) (1..4), or 0 when
 * it is not valid, with *bad the number of bytes CPython's decoder
 * reports as invalid (0: "unexpected end of data", the rest of the input;
 * -1: "invalid start byte"; k > 0: "invalid continuation byte", k
 * bytes). */
static int
utf8_seq(const unsigned char *p, size_t n, int *bad)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    if (c < 0xc2 || c > 0xf4) {
        *bad = -1;
        return 0;
    }
    if (c < 0xe0) {
        if (n < 2) {
            *bad = 0;
            return 0;
        }
        if (!is_cont(p[1])) {
            *bad = 1;
            return 0;
        }
        return 2;
    }
    if (c < 0xf0) {
        if (n < 2) {
            *bad = 0;
            return 0;
        }
        unsigned char c2 = p[1];
        if (!is_cont(c2) || (c == 0xe0 && c2 < 0xa0)
            || (c == 0xed && c2 >= 0xa0)) {
            *bad = 1;
            return 0;
        }
        if (n < 3) {
            *bad = 0;
            return 0;
        }
        if (!is_cont(p[2])) {
            *bad = 2;
            return 0;
        }
        return 3;
    }
    if (n < 2) {
        *bad = 0;
        return 0;
    }
    unsigned char c2 = p[1];
    if (!is_cont(c2) || (c == 0xf0 && c2 < 0x90)
        || (c == 0xf4 && c2 >= 0x90)) {
        *bad = 1;
        return 0;
    }
    if (n < 3) {
        *bad = 0;
        return 0;
    }
    if (!is_cont(p[2])) {
        *bad = 2;
        return 0;
    }
    if (n < 4) {
        *bad = 0;
        return 0;
    }
    if (!is_cont(p[3])) {
        *bad = 3;
        return 0;
    }
    return 4;
}

/* Append the replacement of bad bytes p[0..k) for an error handler. */
static void
add_replacement(ohi_strbuf *b, int handler, const unsigned char *p,
                size_t k)
{
    if (handler == ERR_REPLACE)
        ohi_strbuf_add(b, "\xef\xbf\xbd", 3);
    else if (handler == ERR_BACKSLASH) {
        for (size_t i = 0; i < k; i++) {
            char esc[8];
            snprintf(esc, sizeof esc, "\\x%02x", p[i]);
            ohi_strbuf_adds(b, esc);
        }
    }
}

/* UTF-16 and UTF-32: the code unit at p (little- or big-endian). */
static uint32_t
unit_at(const unsigned char *p, int size, bool big)
{
    uint32_t u = 0;
    for (int k = 0; k < size; k++)
        u |= (uint32_t)p[big ? size - 1 - k : k] << (8 * k);
    return u;
}

static void
add_utf8(ohi_strbuf *b, uint32_t c)
{
    char buf[4];
    int k = py_utf8_encode(c, buf);
    ohi_strbuf_add(b, buf, (size_t)k);
}

/* Decode UTF-16 or UTF-32 (codec PY_CODEC_UTF16* / UTF32*) with CPython's
 * error ranges and reasons. */
static oh_object *
decode_wide(const unsigned char *p, size_t n, int codec, int handler,
            const char *errors)
{
    bool u32 = codec >= PY_CODEC_UTF32;
    int size = u32 ? 4 : 2;
    bool big = codec == PY_CODEC_UTF16BE || codec == PY_CODEC_UTF32BE;
    const char *name;
    switch (codec) {
    case PY_CODEC_UTF16: name = "utf-16"; break;
    case PY_CODEC_UTF16LE: name = "utf-16-le"; break;
    case PY_CODEC_UTF16BE: name = "utf-16-be"; break;
    case PY_CODEC_UTF32: name = "utf-32"; break;
    case PY_CODEC_UTF32LE: name = "utf-32-le"; break;
    default: name = "utf-32-be"; break;
    }
    size_t i = 0;
    if (codec == PY_CODEC_UTF16 && n >= 2) {
        if (p[0] == 0xff && p[1] == 0xfe)
            i = 2;
        else if (p[0] == 0xfe && p[1] == 0xff) {
            i = 2;
            big = true;
        }
    }
    if (codec == PY_CODEC_UTF32 && n >= 4) {
        if (p[0] == 0xff && p[1] == 0xfe && p[2] == 0 && p[3] == 0)
            i = 4;
        else if (p[0] == 0 && p[1] == 0 && p[2] == 0xfe && p[3] == 0xff) {
            i = 4;
            big = true;
        }
    }
    /* With a BOM (or without one) the errors name the byte order used. */
    if (codec == PY_CODEC_UTF16)
        name = big ? "utf-16-be" : "utf-16-le";
    if (codec == PY_CODEC_UTF32)
        name = big ? "utf-32-be" : "utf-32-le";
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    while (i < n) {
        size_t start = i, end;
        const char *reason;
        if (n - i < (size_t)size) {
            end = n;
            reason = "truncated data";
        }
        else if (u32) {
            uint32_t c = unit_at(p + i, 4, big);
            end = i + 4;
            if (c > 0x10ffff)
                reason = "code point not in range(0x110000)";
            else if (c >= 0xd800 && c < 0xe000)
                reason = "code point in surrogate code point range(0xd800, "
                         "0xe000)";
            else {
                add_utf8(&b, c);
                i = end;
                continue;
            }
        }
        else {
            uint32_t u = unit_at(p + i, 2, big);
            if (u < 0xd800 || u >= 0xe000) {
                add_utf8(&b, u);
                i += 2;
                continue;
            }
            if (u >= 0xdc00) {
                end = i + 2;
                reason = "illegal encoding";
            }
            else if (n - i < 4) {
                end = n;
                reason = "unexpected end of data";
            }
            else {
                uint32_t u2 = unit_at(p + i + 2, 2, big);
                if (u2 >= 0xdc00 && u2 < 0xe000) {
                    add_utf8(&b, 0x10000 + ((u - 0xd800) << 10)
                                 + (u2 - 0xdc00));
                    i += 4;
                    continue;
                }
                end = i + 2;
                reason = "illegal UTF-16 surrogate";
            }
        }
        if (handler == ERR_STRICT || handler == ERR_UNKNOWN) {
            ohi_strbuf_discard(&b);
            if (handler == ERR_UNKNOWN)
                py_err_format(PY_EXC(LookupError), "unknown error handler "
                              "name '%s'", errors);
            else
                decode_error(name, p, n, (int64_t)start, (int64_t)end,
                             reason);
            return NULL;
        }
        add_replacement(&b, handler, p + start, end - start);
        i = end;
    }
    if (b.failed) {
        ohi_strbuf_discard(&b);
        return py_err_no_memory();
    }
    return ohi_strbuf_finish(&b);
}

static oh_object *
decode_bytes(const unsigned char *p, size_t n, int codec,
             const char *errors)
{
    if (codec == PY_CODEC_UTF8) {
        /* The common case: valid UTF-8 goes straight into a str. */
        size_t i = 0;
        int bad = 0;
        while (i < n) {
            int k = utf8_seq(p + i, n - i, &bad);
            if (k == 0)
                break;
            i += (size_t)k;
        }
        if (i == n)
            return oh_str_from_utf8((const char *)p, n);
    }
    int handler = error_handler(errors);
    if (codec >= PY_CODEC_UTF16)
        return decode_wide(p, n, codec, handler, errors);
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    const char *name = codec == PY_CODEC_UTF8 ? "utf-8"
                       : codec == PY_CODEC_ASCII ? "ascii" : "latin-1";
    size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        size_t start = i, end;
        const char *reason;
        if (codec == PY_CODEC_LATIN1) {
            char u[2];
            if (c < 0x80)
                ohi_strbuf_add(&b, (const char *)&c, 1);
            else {
                u[0] = (char)(0xc0 | (c >> 6));
                u[1] = (char)(0x80 | (c & 0x3f));
                ohi_strbuf_add(&b, u, 2);
            }
            i++;
            continue;
        }
        if (codec == PY_CODEC_ASCII) {
            if (c < 0x80) {
                ohi_strbuf_add(&b, (const char *)&c, 1);
                i++;
                continue;
            }
            end = i + 1;
            reason = "ordinal not in range(128)";
        }
        else {
            int bad = 0;
            int k = utf8_seq(p + i, n - i, &bad);
            if (k > 0) {
                ohi_strbuf_add(&b, (const char *)p + i, (size_t)k);
                i += (size_t)k;
                continue;
            }
            if (bad == 0) {
                end = n;
                reason = "unexpected end of data";
            }
            else if (bad < 0) {
                end = i + 1;
                reason = "invalid start byte";
            }
            else {
                end = i + (size_t)bad;
                reason = "invalid continuation byte";
            }
        }
        if (handler == ERR_STRICT || handler == ERR_UNKNOWN) {
            ohi_strbuf_discard(&b);
            if (handler == ERR_UNKNOWN)
                py_err_format(PY_EXC(LookupError), "unknown error handler "
                              "name '%s'", errors);
            else
                decode_error(name, p, n, (int64_t)start, (int64_t)end,
                             reason);
            return NULL;
        }
        add_replacement(&b, handler, p + start, end - start);
        i = end;
    }
    if (b.failed) {
        ohi_strbuf_discard(&b);
        return py_err_no_memory();
    }
    return ohi_strbuf_finish(&b);
}

oh_object *
py_bytes_decode(oh_object *o, const char *encoding, const char *errors)
{
    bview v;
    if (need_view(o, &v) < 0)
        return NULL;
    int codec = py_codec_lookup(encoding ? encoding : "utf-8");
    if (codec < 0)
        return NULL;
    return decode_bytes(v.p, v.n, codec, errors ? errors : "strict");
}

/* s.encode(encoding[, errors]) for bytes(str, encoding) and
 * bytearray(str, encoding). */
static oh_object *
encode_str(oh_object *s, oh_object *encoding, oh_object *errors)
{
    oh_object *args[2] = {encoding, errors};
    oh_object *name = py_static_str("encode");
    if (name == NULL)
        return NULL;
    return py_call_method(s, name, args, errors != NULL ? 2 : 1);
}

/* ==========================================================================
 * Construction
 * ========================================================================== */

/* The bytes of an iterable of ints in range(256) into b.  msg_range is
 * the ValueError's text ("bytes must be in range(0, 256)").  0 or -1. */
static int
ints_into(ohi_strbuf *b, oh_object *iterable, const char *msg_range)
{
    oh_object *it = py_iter(iterable);
    if (it == NULL)
        return -1;
    for (;;) {
        oh_object *item = py_iter_next(it);
        if (item == NULL) {
            oh_decref(it);
            return py_err_occurred() ? -1 : 0;
        }
        int64_t v;
        int rc = py_index_i64(item, &v);
        oh_decref(item);
        if (rc < 0 && py_err_matches(PY_EXC(OverflowError))) {
            py_err_clear();
            v = -1;
            rc = 0;
        }
        if (rc < 0) {
            oh_decref(it);
            return -1;
        }
        if (v < 0 || v > 255) {
            oh_decref(it);
            py_err_set_string(PY_EXC(ValueError), msg_range);
            return -1;
        }
        unsigned char c = (unsigned char)v;
        ohi_strbuf_add(b, (const char *)&c, 1);
    }
}

/* bytes(x) for an x that is not an int, str or __bytes__ object
 * (PyBytes_FromObject).  New reference to a bytes. */
static oh_object *
bytes_from_object(oh_object *x)
{
    bview v;
    if (view_of(x, &v))
        return oh_bytes_from(v.p, v.n);
    if (OHI_TYPE_KIND(x->type) != OHI_KIND_STR) {
        oh_object *it = py_iter(x);
        if (it != NULL) {
            ohi_strbuf b;
            ohi_strbuf_init(&b);
            int rc = ints_into(&b, it, "bytes must be in range(0, 256)");
            oh_decref(it);
            if (rc < 0) {
                ohi_strbuf_discard(&b);
                return NULL;
            }
            return buf_result(&b, false);
        }
        if (!py_err_matches(PY_EXC(TypeError)))
            return NULL;
        py_err_clear();
    }
    return py_err_format(PY_EXC(TypeError), "cannot convert '%T' object to "
                         "bytes", x);
}

/* The object's __bytes__, or NULL without an error when it has none. */
static oh_object *
call_dunder_bytes(oh_object *x, bool *found)
{
    oh_object *name = py_static_str("__bytes__");
    *found = false;
    if (name == NULL)
        return NULL;
    if (py_type_lookup(PY_TYPE(x), name) == NULL)
        return NULL;
    *found = true;
    oh_object *r = py_call_method(x, name, NULL, 0);
    if (r != NULL && !is_bytes(r)) {
        py_err_format(PY_EXC(TypeError), "__bytes__ returned non-bytes "
                      "(type %T)", r);
        oh_decref(r);
        return NULL;
    }
    return r;
}

static oh_object *
bytes_new(py_type *type, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    static const char *const kw[] = {"source", "encoding", "errors", NULL};
    static const py_argspec spec = {"bytes", kw, 0, 3, 0};
    oh_object *a[3];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    oh_object *x = a[0], *r = NULL;
    for (int i = 1; i < 3; i++) {
        if (a[i] != NULL && OHI_TYPE_KIND(a[i]->type) != OHI_KIND_STR)
            return py_err_format(PY_EXC(TypeError), "bytes() argument '%s' "
                                 "must be str, not %s", kw[i],
                                 clinic_type(a[i]));
    }
    if (x == NULL) {
        if (a[1] != NULL || a[2] != NULL)
            return py_err_set_string(PY_EXC(TypeError), a[1] != NULL
                                     ? "encoding without a string argument"
                                     : "errors without a string argument");
        r = oh_bytes_from("", 0);
    }
    else if (a[1] != NULL) {
        if (OHI_TYPE_KIND(x->type) != OHI_KIND_STR)
            return py_err_set_string(PY_EXC(TypeError), "encoding without a "
                                     "string argument");
        r = encode_str(x, a[1], a[2]);
    }
    else if (a[2] != NULL) {
        return py_err_set_string(PY_EXC(TypeError),
                                 OHI_TYPE_KIND(x->type) == OHI_KIND_STR
                                 ? "string argument without an encoding"
                                 : "errors without a string argument");
    }
    else {
        bool found;
        r = call_dunder_bytes(x, &found);
        if (!found && !py_err_occurred()) {
            if (OHI_TYPE_KIND(x->type) == OHI_KIND_STR)
                return py_err_set_string(PY_EXC(TypeError), "string "
                                         "argument without an encoding");
            if (PY_TYPE(x)->nb_index != NULL) {
                int64_t size;
                if (py_index_i64(x, &size) < 0) {
                    if (!py_err_matches(PY_EXC(TypeError)))
                        return NULL;
                    py_err_clear();
                    r = bytes_from_object(x);
                }
                else if (size < 0)
                    return py_err_set_string(PY_EXC(ValueError), "negative "
                                             "count");
                else {
                    unsigned char *z = oh_malloc((size_t)size + 1);
                    if (z == NULL)
                        return py_err_no_memory();
                    memset(z, 0, (size_t)size);
                    r = oh_bytes_from(z, (size_t)size);
                    oh_free(z);
                }
            }
            else
                r = bytes_from_object(x);
        }
    }
    if (r == NULL || type == PY_T(bytes))
        return r;
    oh_object *o = bytes_subtype_from(type, r);
    oh_decref(r);
    return o;
}

static oh_object *
bytearray_new(py_type *type, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    return py_alloc_instance(type, 0);
}

static int
bytearray_init(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    static const char *const kw[] = {"source", "encoding", "errors", NULL};
    static const py_argspec spec = {"bytearray", kw, 0, 3, 0};
    oh_object *a[3];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return -1;
    oh_object *x = a[0];
    for (int i = 1; i < 3; i++) {
        if (a[i] != NULL && OHI_TYPE_KIND(a[i]->type) != OHI_KIND_STR) {
            py_err_format(PY_EXC(TypeError), "bytearray() argument '%s' "
                          "must be str, not %s", kw[i], clinic_type(a[i]));
            return -1;
        }
    }
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    if (x == NULL) {
        if (a[1] != NULL || a[2] != NULL) {
            py_err_set_string(PY_EXC(TypeError), a[1] != NULL
                              ? "encoding without a string argument"
                              : "errors without a string argument");
            return -1;
        }
    }
    else if (OHI_TYPE_KIND(x->type) == OHI_KIND_STR) {
        if (a[1] == NULL) {
            py_err_set_string(PY_EXC(TypeError), "string argument without "
                              "an encoding");
            return -1;
        }
        oh_object *e = encode_str(x, a[1], a[2]);
        if (e == NULL)
            return -1;
        ohi_strbuf_add(&b, (const char *)TB(e)->data,
                       (size_t)TB(e)->ob_base.size);
        oh_decref(e);
    }
    else if (a[1] != NULL || a[2] != NULL) {
        py_err_set_string(PY_EXC(TypeError), a[1] != NULL
                          ? "encoding without a string argument"
                          : "errors without a string argument");
        return -1;
    }
    else {
        bool done = false;
        if (PY_TYPE(x)->nb_index != NULL) {
            int64_t count;
            if (py_index_i64(x, &count) < 0) {
                if (!py_err_matches(PY_EXC(TypeError)))
                    return -1;
                py_err_clear();
            }
            else {
                if (count < 0) {
                    py_err_set_string(PY_EXC(ValueError), "negative count");
                    return -1;
                }
                if (ba_resize(self, count) < 0)
                    return -1;
                if (count > 0)
                    memset(BA(self)->data, 0, (size_t)count);
                return 0;
            }
        }
        bview v;
        if (view_of(x, &v)) {
            ohi_strbuf_add(&b, (const char *)v.p, v.n);
            done = true;
        }
        if (!done) {
            oh_object *it = py_iter(x);
            if (it == NULL) {
                if (py_err_matches(PY_EXC(TypeError))) {
                    py_err_clear();
                    py_err_format(PY_EXC(TypeError), "cannot convert '%T' "
                                  "object to bytearray", x);
                }
                return -1;
            }
            int rc = ints_into(&b, it, "byte must be in range(0, 256)");
            oh_decref(it);
            if (rc < 0) {
                ohi_strbuf_discard(&b);
                return -1;
            }
        }
    }
    if (b.failed) {
        ohi_strbuf_discard(&b);
        py_err_no_memory();
        return -1;
    }
    if (ba_resize(self, (int64_t)b.len) < 0) {
        ohi_strbuf_discard(&b);
        return -1;
    }
    if (b.len > 0)
        memcpy(BA(self)->data, b.data, b.len);
    ohi_strbuf_discard(&b);
    return 0;
}

/* ==========================================================================
 * repr, hash, comparisons, sequence slots
 * ========================================================================== */

/* b'...' with CPython's escapes; a bytearray's repr escapes every single
 * quote, even inside double quotes (CPython's bytearray_repr). */
static void
repr_into(ohi_strbuf *b, const unsigned char *p, size_t n, bool ba)
{
    char quote = '\'';
    if (memchr(p, '\'', n) != NULL && memchr(p, '"', n) == NULL)
        quote = '"';
    ohi_strbuf_add(b, "b", 1);
    ohi_strbuf_add(b, &quote, 1);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        char esc[8];
        esc[0] = '\0';
        if (c == (unsigned char)quote || c == '\\' || (ba && c == '\'')) {
            esc[0] = '\\';
            esc[1] = (char)c;
            esc[2] = '\0';
        }
        else if (c == '\t')
            memcpy(esc, "\\t", 3);
        else if (c == '\n')
            memcpy(esc, "\\n", 3);
        else if (c == '\r')
            memcpy(esc, "\\r", 3);
        else if (c < 0x20 || c >= 0x7f)
            snprintf(esc, sizeof esc, "\\x%02x", c);
        if (esc[0] != '\0') {
            ohi_strbuf_add(b, (const char *)p + run, i - run);
            ohi_strbuf_adds(b, esc);
            run = i + 1;
        }
    }
    ohi_strbuf_add(b, (const char *)p + run, n - run);
    ohi_strbuf_add(b, &quote, 1);
}

static oh_object *
bytes_repr(oh_object *o)
{
    bview v;
    view_of(o, &v);
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    repr_into(&b, v.p, v.n, false);
    if (b.failed) {
        ohi_strbuf_discard(&b);
        return py_err_no_memory();
    }
    return ohi_strbuf_finish(&b);
}

static oh_object *
bytearray_repr(oh_object *o)
{
    bview v;
    view_of(o, &v);
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    ohi_strbuf_adds(&b, PY_TYPE(o)->tp_name);
    ohi_strbuf_add(&b, "(", 1);
    repr_into(&b, v.p, v.n, true);
    ohi_strbuf_add(&b, ")", 1);
    if (b.failed) {
        ohi_strbuf_discard(&b);
        return py_err_no_memory();
    }
    return ohi_strbuf_finish(&b);
}

/* str(b) is repr(b) (no -b warnings here). */
static oh_object *
bytes_str(oh_object *o)
{
    return PY_TYPE(o)->tp_repr(o);
}

static oh_hash_t
bytes_hash(oh_object *o)
{
    tb_bytes *b = TB(o);
    if (b->hash == -1)
        b->hash = ohi_hash_bytes(b->data, (size_t)b->ob_base.size);
    return b->hash;
}

static oh_object *
compare_views(const bview *x, const bview *y, int op)
{
    if ((op == PY_CMP_EQ || op == PY_CMP_NE) && x->n != y->n)
        return oh_bool_from(op == PY_CMP_NE);
    size_t m = x->n < y->n ? x->n : y->n;
    int c = m ? memcmp(x->p, y->p, m) : 0;
    if (c == 0)
        c = x->n < y->n ? -1 : x->n > y->n;
    bool r;
    switch (op) {
    case PY_CMP_LT: r = c < 0; break;
    case PY_CMP_LE: r = c <= 0; break;
    case PY_CMP_EQ: r = c == 0; break;
    case PY_CMP_NE: r = c != 0; break;
    case PY_CMP_GT: r = c > 0; break;
    default: r = c >= 0; break;
    }
    return oh_bool_from(r);
}

static oh_object *
bytes_richcompare(oh_object *a, oh_object *b, int op)
{
    if (!is_bytes(a) || !is_bytes(b))
        return NOTIMPL();
    bview x, y;
    view_of(a, &x);
    view_of(b, &y);
    return compare_views(&x, &y, op);
}

static oh_object *
bytearray_richcompare(oh_object *a, oh_object *b, int op)
{
    bview x, y;
    if (!view_of(a, &x) || !view_of(b, &y))
        return NOTIMPL();
    return compare_views(&x, &y, op);
}

static int64_t
bytes_len(oh_object *o)
{
    bview v;
    view_of(o, &v);
    return (int64_t)v.n;
}

/* An index argument of a subscript: 0, or -1 with the errors of
 * CPython ("byte indices must be integers or slices, not str"). */
static int
item_index(oh_object *self, oh_object *key, int64_t *i)
{
    bool ba = is_bytearray(self);
    if (PY_TYPE(key)->nb_index == NULL) {
        py_err_format(PY_EXC(TypeError), "%s indices must be integers or "
                      "slices, not %T", ba ? "bytearray" : "byte", key);
        return -1;
    }
    if (py_index_i64(key, i) < 0) {
        if (py_err_matches(PY_EXC(OverflowError))) {
            py_err_clear();
            py_err_format(PY_EXC(IndexError), "cannot fit '%T' into an "
                          "index-sized integer", key);
        }
        return -1;
    }
    return 0;
}

static oh_object *
bytes_subscript(oh_object *self, oh_object *key)
{
    bool ba = is_bytearray(self);
    bview v;
    view_of(self, &v);
    if (py_slice_check(key)) {
        int64_t start, stop, step, count;
        if (py_slice_indices(key, (int64_t)v.n, &start, &stop, &step,
                             &count) < 0)
            return NULL;
        view_of(self, &v);              /* TB3: __index__ may have run */
        if (count <= 0)
            return make(ba, "", 0);
        if (step == 1) {
            if (!ba && count == (int64_t)v.n)
                return unchanged(self, false);
            return make(ba, v.p + start, (size_t)count);
        }
        unsigned char *tmp = oh_malloc((size_t)count);
        if (tmp == NULL)
            return py_err_no_memory();
        for (int64_t i = 0, j = start; i < count;
             i++, j = py_slice_next(j, step))
            tmp[i] = v.p[j];
        oh_object *r = make(ba, tmp, (size_t)count);
        oh_free(tmp);
        return r;
    }
    int64_t i;
    if (item_index(self, key, &i) < 0)
        return NULL;
    view_of(self, &v);
    if (i < 0)
        i += (int64_t)v.n;
    if (i < 0 || i >= (int64_t)v.n)
        return py_err_set_string(PY_EXC(IndexError), ba
                                 ? "bytearray index out of range"
                                 : "index out of range");
    return oh_int_from_i64(v.p[i]);
}

/* A byte value argument: 0..255 through __index__.  0 or -1. */
static int
byte_value(oh_object *o, int *out)
{
    int64_t v;
    if (py_index_i64(o, &v) < 0) {
        if (!py_err_matches(PY_EXC(OverflowError)))
            return -1;
        py_err_clear();
        v = -1;
    }
    if (v < 0 || v > 255) {
        py_err_set_string(PY_EXC(ValueError), "byte must be in range(0, "
                          "256)");
        return -1;
    }
    *out = (int)v;
    return 0;
}

static int
bytes_contains(oh_object *self, oh_object *x)
{
    bview v, s;
    if (PY_TYPE(x)->nb_index != NULL) {
        int c;
        if (byte_value(x, &c) < 0)
            return -1;
        view_of(self, &v);
        return v.n > 0 && memchr(v.p, c, v.n) != NULL;
    }
    if (need_view(x, &s) < 0)
        return -1;
    view_of(self, &v);
    if (s.n == 0)
        return 1;
    return v.n >= s.n && memmem(v.p, v.n, s.p, s.n) != NULL;
}

/* Replace self[start:start+len) by data[0..n) (data may point into self:
 * it is copied first when it does).  0 or -1. */
static int
ba_splice(oh_object *self, int64_t start, int64_t len,
          const unsigned char *data, size_t n)
{
    unsigned char *copy = NULL;
    tb_bytearray *b = BA(self);
    if (n > 0 && b->data != NULL && data >= b->data
        && data < b->data + b->alloc) {
        copy = oh_malloc(n);
        if (copy == NULL) {
            py_err_no_memory();
            return -1;
        }
        memcpy(copy, data, n);
        data = copy;
    }
    int64_t old = b->size;
    int64_t tail = old - start - len;
    int64_t size = old - len + (int64_t)n;
    if ((int64_t)n > len) {
        if (ba_resize(self, size) < 0) {
            oh_free(copy);
            return -1;
        }
        memmove(b->data + start + (int64_t)n, b->data + start + len,
                (size_t)tail);
    }
    else if ((int64_t)n < len) {
        memmove(b->data + start + (int64_t)n, b->data + start + len,
                (size_t)tail);
        if (ba_resize(self, size) < 0) {
            oh_free(copy);
            return -1;
        }
    }
    if (n > 0)
        memcpy(b->data + start, data, n);
    oh_free(copy);
    return 0;
}

/* The bytes to assign to a slice (values may be any bytes-like object or
 * an iterable of ints).  New reference to a bytes. */
static oh_object *
assign_source(oh_object *values)
{
    bview v;
    if (view_of(values, &v))
        return oh_bytes_from(v.p, v.n);
    py_type *t = PY_TYPE(values);
    if (t->nb_index != NULL || t->nb_int != NULL || t->nb_float != NULL
        || OHI_TYPE_KIND(values->type) == OHI_KIND_STR)
        return py_err_set_string(PY_EXC(TypeError), "can assign only bytes, "
                                 "buffers, or iterables of ints in range(0, "
                                 "256)");
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    oh_object *it = py_iter(values);
    if (it == NULL) {
        if (py_err_matches(PY_EXC(TypeError))) {
            py_err_clear();
            py_err_format(PY_EXC(TypeError), "cannot convert '%T' object to "
                          "bytearray", values);
        }
        return NULL;
    }
    int rc = ints_into(&b, it, "byte must be in range(0, 256)");
    oh_decref(it);
    if (rc < 0) {
        ohi_strbuf_discard(&b);
        return NULL;
    }
    return buf_result(&b, false);
}

static int
bytearray_ass_subscript(oh_object *self, oh_object *key, oh_object *value)
{
    if (py_slice_check(key)) {
        oh_object *src = NULL;
        if (value != NULL) {
            src = assign_source(value);
            if (src == NULL)
                return -1;
        }
        int64_t start, stop, step, count;
        if (py_slice_indices(key, BA(self)->size, &start, &stop, &step,
                             &count) < 0) {
            oh_xdecref(src);
            return -1;
        }
        const unsigned char *d = src ? TB(src)->data : NULL;
        size_t n = src ? (size_t)TB(src)->ob_base.size : 0;
        int rc = 0;
        if (step == 1) {
            if (count < 0)
                count = 0;
            rc = ba_splice(self, start, count, d, n);
        }
        else if (src == NULL) {
            /* Delete an extended slice: keep the others in order. */
            if (count > 0) {
                if (step < 0) {
                    start = start + step * (count - 1);
                    step = -step;
                }
                unsigned char *p = BA(self)->data;
                int64_t w = start, next = start;
                int64_t removed = 0;
                for (int64_t r = start; r < BA(self)->size; r++) {
                    if (removed < count && r == next) {
                        removed++;
                        next = py_slice_next(next, step);
                        continue;
                    }
                    p[w++] = p[r];
                }
                rc = ba_resize(self, BA(self)->size - count);
            }
        }
        else if ((int64_t)n != count) {
            py_err_format(PY_EXC(ValueError), "attempt to assign bytes of "
                          "size %zu to extended slice of size %lld", n,
                          (long long)count);
            rc = -1;
        }
        else {
            for (int64_t i = 0, j = start; i < count;
                 i++, j = py_slice_next(j, step))
                BA(self)->data[j] = d[i];
        }
        oh_xdecref(src);
        return rc;
    }
    int64_t i;
    if (item_index(self, key, &i) < 0)
        return -1;
    int c = 0;
    if (value != NULL && byte_value(value, &c) < 0)
        return -1;
    int64_t n = BA(self)->size;
    if (i < 0)
        i += n;
    if (i < 0 || i >= n) {
        py_err_set_string(PY_EXC(IndexError), "bytearray index out of "
                          "range");
        return -1;
    }
    if (value == NULL)
        return ba_splice(self, i, 1, NULL, 0);
    BA(self)->data[i] = (unsigned char)c;
    return 0;
}

/* --- + * % ---------------------------------------------------------------- */

static oh_object *
concat(oh_object *a, oh_object *b, bool ba)
{
    bview x, y;
    if (!view_of(a, &x))
        return NOTIMPL();
    if (!view_of(b, &y))
        return py_err_format(PY_EXC(TypeError), "can't concat %T to %s", b,
                             ba ? "bytearray" : "bytes");
    size_t n = x.n + y.n;
    unsigned char *tmp = oh_malloc(n ? n : 1);
    if (tmp == NULL)
        return py_err_no_memory();
    memcpy(tmp, x.p, x.n);
    memcpy(tmp + x.n, y.p, y.n);
    oh_object *r = make(ba, tmp, n);
    oh_free(tmp);
    return r;
}

static oh_object *
bytes_add(oh_object *a, oh_object *b)
{
    if (!is_bytes(a))
        return NOTIMPL();
    return concat(a, b, false);
}

static oh_object *
bytearray_add(oh_object *a, oh_object *b)
{
    if (!is_bytearray(a))
        return NOTIMPL();
    return concat(a, b, true);
}

static oh_object *
bytearray_iadd(oh_object *a, oh_object *b)
{
    if (!is_bytearray(a))
        return NOTIMPL();
    bview y;
    if (!view_of(b, &y))
        return py_err_format(PY_EXC(TypeError), "can't concat %T to "
                             "bytearray", b);
    if (a == b && y.n != 0)
        /* CPython exports a's buffer to itself and refuses to resize. */
        return py_err_set_string(PY_EXC(BufferError), "Existing exports "
                                 "of data: object cannot be re-sized");
    if (ba_splice(a, BA(a)->size, 0, y.p, y.n) < 0)
        return NULL;
    oh_incref(a);
    return a;
}

/* The count of a repetition: 0, or -1 (NotImplemented: 1). */
static int
repeat_count(oh_object *n, int64_t *k)
{
    if (PY_TYPE(n)->nb_index == NULL)
        return 1;
    if (py_index_i64(n, k) < 0) {
        if (py_err_matches(PY_EXC(OverflowError))) {
            py_err_clear();
            py_err_format(PY_EXC(OverflowError), "cannot fit '%T' into an "
                          "index-sized integer", n);
        }
        return -1;
    }
    if (*k < 0)
        *k = 0;
    return 0;
}

static oh_object *
repeat(oh_object *s, oh_object *n, bool ba)
{
    int64_t k;
    int rc = repeat_count(n, &k);
    if (rc != 0)
        return rc < 0 ? NULL : NOTIMPL();
    bview v;
    view_of(s, &v);
    if (!ba && (k == 1 || v.n == 0) && s->type == &oh_bytes_type) {
        oh_incref(s);
        return s;
    }
    if (v.n != 0 && (uint64_t)k > (INT64_MAX / 2) / v.n)
        return py_err_no_memory();
    size_t total = v.n * (size_t)k;
    unsigned char *tmp = oh_malloc(total ? total : 1);
    if (tmp == NULL)
        return py_err_no_memory();
    for (int64_t i = 0; i < k; i++)
        memcpy(tmp + (size_t)i * v.n, v.p, v.n);
    oh_object *r = make(ba, tmp, total);
    oh_free(tmp);
    return r;
}

static oh_object *
bytes_mul(oh_object *a, oh_object *b)
{
    if (is_bytes(a))
        return repeat(a, b, false);
    if (is_bytes(b))
        return repeat(b, a, false);
    return NOTIMPL();
}

static oh_object *
bytearray_mul(oh_object *a, oh_object *b)
{
    if (is_bytearray(a))
        return repeat(a, b, true);
    if (is_bytearray(b))
        return repeat(b, a, true);
    return NOTIMPL();
}

static oh_object *
bytearray_imul(oh_object *a, oh_object *b)
{
    if (!is_bytearray(a))
        return NOTIMPL();
    oh_object *r = repeat(a, b, true);
    if (r == NULL || r == PY_NOTIMPL)
        return r;
    int rc = ba_splice(a, 0, BA(a)->size, BA(r)->data,
                       (size_t)BA(r)->size);
    oh_decref(r);
    if (rc < 0)
        return NULL;
    oh_incref(a);
    return a;
}

static oh_object *
bytes_mod(oh_object *a, oh_object *b)
{
    bview v;
    if (!is_bytes(a) && !is_bytearray(a))
        return NOTIMPL();
    view_of(a, &v);
    oh_object *r = py_bytes_percent(v.p, v.n, b);
    if (r == NULL || !is_bytearray(a))
        return r;
    oh_object *ba = bytearray_from(TB(r)->data, (size_t)TB(r)->ob_base.size);
    oh_decref(r);
    return ba;
}

/* --- the iterator -------------------------------------------------------- */

typedef struct bytes_iter {
    OH_OBJECT_HEAD;
    oh_object *seq;                     /* NULL when exhausted */
    int64_t index;
} bytes_iter;

static int
biter_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(((bytes_iter *)(void *)o)->seq);
    return 0;
}

static void
biter_clear(oh_object *o)
{
    OH_CLEAR(((bytes_iter *)(void *)o)->seq);
}

static oh_object *
biter_next(oh_object *o)
{
    bytes_iter *it = (bytes_iter *)(void *)o;
    if (it->seq == NULL)
        return NULL;
    bview v;
    view_of(it->seq, &v);
    if (it->index >= (int64_t)v.n) {
        OH_CLEAR(it->seq);
        return NULL;
    }
    return oh_int_from_i64(v.p[it->index++]);
}

static oh_object *
biter_self(oh_object *o)
{
    oh_incref(o);
    return o;
}

py_static_type py_bytes_iter_static = {.t = {
    PY_TYPE_INIT("bytes_iterator", bytes_iter, OH_TYPE_CONTAINER),
    .ot.traverse = biter_traverse,
    .ot.clear = biter_clear,
    .tp_iter = biter_self,
    .tp_iternext = biter_next,
}};

static oh_object *
bytes_iter_new(oh_object *s)
{
    bytes_iter *it = (bytes_iter *)(void *)ohi_object_alloc(
        &PY_T(bytes_iter)->ot, 0);
    if (it == NULL)
        return NULL;
    oh_incref(s);
    it->seq = s;
    it->index = 0;
    ohi_gc_track(&it->ob_base);
    return &it->ob_base;
}

/* ==========================================================================
 * Argument helpers
 * ========================================================================== */

static const char *
type_prefix(oh_object *self)
{
    return is_bytearray(self) ? "bytearray" : "bytes";
}

/* py_check_args for a method named "bytes.NAME" or "bytearray.NAME". */
static int
check_args(oh_object *self, const char *name, size_t nargs,
           oh_object *kwnames, size_t min, size_t max)
{
    char q[48];
    snprintf(q, sizeof q, "%s.%s", type_prefix(self), name);
    return py_check_args(q, nargs, kwnames, min, max);
}

/* Argument Clinic's binding (see t_str.c's bind_clinic). */
static int
bind_clinic(const py_argspec *spec, oh_object *const *args, size_t nargs,
            oh_object *kwnames, oh_object **out)
{
    size_t nkw = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    for (size_t k = 0; k < nkw; k++) {
        oh_object *name = OHI_TUPLE(kwnames)->items[k];
        bool known = false;
        for (int i = spec->posonly; spec->names[i] != NULL; i++)
            known |= oh_str_equal_cstr(name, spec->names[i]) != 0;
        if (!known) {
            py_err_format(PY_EXC(TypeError), "'%U' is an invalid keyword "
                          "argument for %s()", name, spec->fname);
            return -1;
        }
    }
    return py_bind_args(spec, args, nargs, kwnames, out);
}

/* An int argument through __index__: 0 or -1 (OverflowError past
 * int64; clamped instead when `clamp`). */
static int
int_arg(oh_object *v, bool clamp, int64_t *out)
{
    if (py_index_i64(v, out) == 0)
        return 0;
    if (!clamp || !py_err_matches(PY_EXC(OverflowError)))
        return -1;
    py_err_clear();
    oh_object *i = py_index(v);
    if (i == NULL)
        return -1;
    int sign = 0;
    oh_int_sign(i, &sign);
    oh_decref(i);
    *out = sign < 0 ? INT64_MIN : INT64_MAX;
    return 0;
}

static int
slice_arg(oh_object *v, int64_t *out)
{
    if (v == NULL || v == OH_NONE)
        return 0;
    if (PY_TYPE(v)->nb_index == NULL) {
        py_err_set_string(PY_EXC(TypeError), "slice indices must be "
                          "integers or None or have an __index__ method");
        return -1;
    }
    return int_arg(v, true, out);
}

static void
adjust_indices(int64_t *start, int64_t *end, int64_t len)
{
    if (*end > len)
        *end = len;
    else if (*end < 0) {
        *end += len;
        if (*end < 0)
            *end = 0;
    }
    if (*start < 0) {
        *start += len;
        if (*start < 0)
            *start = 0;
    }
}

/* (sub[, start[, end]]) where sub is bytes-like or an int: the needle
 * goes to *sub (a bytes, new reference).  0 or -1. */
static int
sub_args(oh_object *self, const char *name, oh_object *const *args,
         size_t nargs, oh_object *kwnames, bool int_ok, oh_object **sub,
         int64_t *start, int64_t *end)
{
    if (kwnames != NULL && OHI_TUPLE_SIZE(kwnames) != 0) {
        py_err_format(PY_EXC(TypeError), "%s.%s() takes no keyword "
                      "arguments", type_prefix(self), name);
        return -1;
    }
    if (nargs < 1 || nargs > 3) {
        py_err_format(PY_EXC(TypeError), "%s() takes at %s %d argument%s "
                      "(%zu given)", name, nargs < 1 ? "least" : "most",
                      nargs < 1 ? 1 : 3, nargs < 1 ? "" : "s", nargs);
        return -1;
    }
    *start = 0;
    *end = INT64_MAX;
    if (nargs > 1 && slice_arg(args[1], start) < 0)
        return -1;
    if (nargs > 2 && slice_arg(args[2], end) < 0)
        return -1;
    if (!int_ok) {
        *sub = args[0];
        oh_incref(*sub);
        return 0;
    }
    bview v;
    if (view_of(args[0], &v)) {
        *sub = oh_bytes_from(v.p, v.n);
        return *sub ? 0 : -1;
    }
    if (PY_TYPE(args[0])->nb_index != NULL) {
        int c;
        if (byte_value(args[0], &c) < 0)
            return -1;
        unsigned char ch = (unsigned char)c;
        *sub = oh_bytes_from(&ch, 1);
        return *sub ? 0 : -1;
    }
    py_err_format(PY_EXC(TypeError), "argument should be integer or "
                  "bytes-like object, not '%T'", args[0]);
    return -1;
}

static int64_t
find_in(const bview *v, const bview *s, size_t from, size_t to, int dir)
{
    if (from > to || s->n > to - from)
        return -1;
    if (s->n == 0)
        return dir > 0 ? (int64_t)from : (int64_t)to;
    if (dir > 0) {
        const unsigned char *r = memmem(v->p + from, to - from, s->p, s->n);
        return r ? r - v->p : -1;
    }
    for (size_t i = to - s->n + 1; i-- > from;)
        if (v->p[i] == s->p[0] && memcmp(v->p + i, s->p, s->n) == 0)
            return (int64_t)i;
    return -1;
}

/* ==========================================================================
 * Methods: searching
 * ========================================================================== */

static oh_object *
find_common(const char *name, oh_object *self, oh_object *const *args,
            size_t nargs, oh_object *kwnames, int dir, bool raise)
{
    oh_object *sub;
    int64_t start, end;
    if (sub_args(self, name, args, nargs, kwnames, true, &sub, &start,
                 &end) < 0)
        return NULL;
    bview v, s;
    view_of(self, &v);
    view_of(sub, &s);
    adjust_indices(&start, &end, (int64_t)v.n);
    int64_t r = -1;
    if (end - start >= (int64_t)s.n)
        r = find_in(&v, &s, (size_t)start, (size_t)end, dir);
    oh_decref(sub);
    if (r < 0 && raise)
        return py_err_set_string(PY_EXC(ValueError), "subsection not "
                                 "found");
    return oh_int_from_i64(r);
}

static oh_object *
b_find(oh_object *self, oh_object *const *args, size_t nargs,
       oh_object *kwnames)
{
    return find_common("find", self, args, nargs, kwnames, 1, false);
}

static oh_object *
b_rfind(oh_object *self, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    return find_common("rfind", self, args, nargs, kwnames, -1, false);
}

static oh_object *
b_index(oh_object *self, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    return find_common("index", self, args, nargs, kwnames, 1, true);
}

static oh_object *
b_rindex(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    return find_common("rindex", self, args, nargs, kwnames, -1, true);
}

static oh_object *
b_count(oh_object *self, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    oh_object *sub;
    int64_t start, end;
    if (sub_args(self, "count", args, nargs, kwnames, true, &sub, &start,
                 &end) < 0)
        return NULL;
    bview v, s;
    view_of(self, &v);
    view_of(sub, &s);
    adjust_indices(&start, &end, (int64_t)v.n);
    int64_t count = 0;
    if (end - start < (int64_t)s.n)
        count = 0;
    else if (s.n == 0)
        count = end - start + 1;
    else {
        size_t from = (size_t)start;
        for (;;) {
            int64_t off = find_in(&v, &s, from, (size_t)end, 1);
            if (off < 0)
                break;
            count++;
            from = (size_t)off + s.n;
        }
    }
    oh_decref(sub);
    return oh_int_from_i64(count);
}

static bool
tail_match(const bview *v, const bview *s, int64_t start, int64_t end,
           int dir)
{
    adjust_indices(&start, &end, (int64_t)v->n);
    end -= (int64_t)s->n;
    if (end < start)
        return false;
    if (s->n == 0)
        return true;
    size_t at = (size_t)(dir > 0 ? end : start);
    return memcmp(v->p + at, s->p, s->n) == 0;
}

static oh_object *
starts_ends(const char *name, oh_object *self, oh_object *const *args,
            size_t nargs, oh_object *kwnames, int dir)
{
    oh_object *x;
    int64_t start, end;
    if (sub_args(self, name, args, nargs, kwnames, false, &x, &start,
                 &end) < 0)
        return NULL;
    oh_object *r = NULL;
    bview v, s;
    if (OHI_TYPE_KIND(x->type) == OHI_KIND_TUPLE) {
        bool found = false;
        for (int64_t i = 0; i < OHI_TUPLE_SIZE(x) && !found; i++) {
            oh_object *item = OHI_TUPLE(x)->items[i];
            if (!view_of(item, &s)) {
                py_err_format(PY_EXC(TypeError), "a bytes-like object is "
                              "required, not '%T'", item);
                goto done;
            }
            view_of(self, &v);
            found = tail_match(&v, &s, start, end, dir);
        }
        r = oh_bool_from(found);
    }
    else if (!view_of(x, &s))
        py_err_format(PY_EXC(TypeError), "%s first arg must be bytes or a "
                      "tuple of bytes, not %T", name, x);
    else {
        view_of(self, &v);
        r = oh_bool_from(tail_match(&v, &s, start, end, dir));
    }
done:
    oh_decref(x);
    return r;
}

static oh_object *
b_startswith(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    return starts_ends("startswith", self, args, nargs, kwnames, -1);
}

static oh_object *
b_endswith(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    return starts_ends("endswith", self, args, nargs, kwnames, 1);
}

/* ==========================================================================
 * Methods: splitting, joining, stripping, replacing
 * ========================================================================== */

OHI_INLINE bool
b_isspace(unsigned char c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0d);
}

static int
list_add(oh_object *list, bool ba, const unsigned char *p, size_t n)
{
    oh_object *item = make(ba, p, n);
    if (item == NULL)
        return -1;
    int rc = oh_list_append(list, item);
    oh_decref(item);
    return rc;
}

/* split (dir > 0) and rsplit (dir < 0). */
static oh_object *
do_split(const char *name, oh_object *self, oh_object *const *args,
         size_t nargs, oh_object *kwnames, int dir)
{
    static const char *const kw[] = {"sep", "maxsplit", NULL};
    py_argspec spec = {name, kw, 0, 2, 0};
    oh_object *a[2];
    if (bind_clinic(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    int64_t maxsplit = -1;
    if (a[1] != NULL && int_arg(a[1], false, &maxsplit) < 0)
        return NULL;
    if (maxsplit < 0)
        maxsplit = INT64_MAX;
    oh_object *sep = a[0] == OH_NONE ? NULL : a[0];
    oh_object *sepcopy = NULL;
    bview s = {NULL, 0};
    if (sep != NULL) {
        if (need_view(sep, &s) < 0)
            return NULL;
        if (s.n == 0)
            return py_err_set_string(PY_EXC(ValueError), "empty separator");
        sepcopy = oh_bytes_from(s.p, s.n);
        if (sepcopy == NULL)
            return NULL;
        view_of(sepcopy, &s);
    }
    bool ba = is_bytearray(self);
    oh_object *list = oh_list_new();
    if (list == NULL) {
        oh_xdecref(sepcopy);
        return NULL;
    }
    bview v;
    view_of(self, &v);
    const unsigned char *p = v.p;
    size_t n = v.n;
    if (sep == NULL && dir > 0) {
        size_t i = 0;
        while (maxsplit-- > 0) {
            while (i < n && b_isspace(p[i]))
                i++;
            if (i == n)
                break;
            size_t j = i;
            while (i < n && !b_isspace(p[i]))
                i++;
            if (list_add(list, ba, p + j, i - j) < 0)
                goto fail;
        }
        while (i < n && b_isspace(p[i]))
            i++;
        if (i < n && list_add(list, ba, p + i, n - i) < 0)
            goto fail;
    }
    else if (sep == NULL) {
        size_t i = n;
        while (maxsplit-- > 0) {
            while (i > 0 && b_isspace(p[i - 1]))
                i--;
            if (i == 0)
                break;
            size_t j = i;
            while (i > 0 && !b_isspace(p[i - 1]))
                i--;
            if (list_add(list, ba, p + i, j - i) < 0)
                goto fail;
        }
        while (i > 0 && b_isspace(p[i - 1]))
            i--;
        if (i > 0 && list_add(list, ba, p, i) < 0)
            goto fail;
    }
    else if (dir > 0) {
        size_t i = 0;
        while (maxsplit-- > 0) {
            int64_t off = find_in(&v, &s, i, n, 1);
            if (off < 0)
                break;
            if (list_add(list, ba, p + i, (size_t)off - i) < 0)
                goto fail;
            i = (size_t)off + s.n;
        }
        if (list_add(list, ba, p + i, n - i) < 0)
            goto fail;
    }
    else {
        size_t i = n;
        while (maxsplit-- > 0) {
            int64_t off = find_in(&v, &s, 0, i, -1);
            if (off < 0)
                break;
            size_t after = (size_t)off + s.n;
            if (list_add(list, ba, p + after, i - after) < 0)
                goto fail;
            i = (size_t)off;
        }
        if (list_add(list, ba, p, i) < 0)
            goto fail;
    }
    if (dir < 0) {
        ohi_list *l = OHI_LIST(list);
        for (int64_t x = 0, y = l->size - 1; x < y; x++, y--) {
            oh_object *t = l->items[x];
            l->items[x] = l->items[y];
            l->items[y] = t;
        }
    }
    oh_xdecref(sepcopy);
    return list;
fail:
    oh_xdecref(sepcopy);
    oh_decref(list);
    return NULL;
}

static oh_object *
b_split(oh_object *self, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    return do_split("split", self, args, nargs, kwnames, 1);
}

static oh_object *
b_rsplit(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    return do_split("rsplit", self, args, nargs, kwnames, -1);
}

static oh_object *
b_splitlines(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    static const char *const kw[] = {"keepends", NULL};
    static const py_argspec spec = {"splitlines", kw, 0, 1, 0};
    oh_object *a[1];
    if (bind_clinic(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    int64_t keepends = 0;
    if (a[0] != NULL && int_arg(a[0], false, &keepends) < 0)
        return NULL;
    bool ba = is_bytearray(self);
    oh_object *list = oh_list_new();
    if (list == NULL)
        return NULL;
    bview v;
    view_of(self, &v);
    size_t i = 0, j = 0;
    while (i < v.n) {
        while (i < v.n && v.p[i] != '\n' && v.p[i] != '\r')
            i++;
        size_t eol = i;
        if (i < v.n) {
            if (v.p[i] == '\r' && i + 1 < v.n && v.p[i + 1] == '\n')
                i += 2;
            else
                i++;
            if (keepends)
                eol = i;
        }
        if (list_add(list, ba, v.p + j, eol - j) < 0) {
            oh_decref(list);
            return NULL;
        }
        j = i;
    }
    return list;
}

static oh_object *
b_join(oh_object *self, oh_object *const *args, size_t nargs,
       oh_object *kwnames)
{
    if (check_args(self, "join", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *it = py_iter(args[0]);
    if (it == NULL) {
        if (py_err_matches(PY_EXC(TypeError))) {
            py_err_clear();
            py_err_set_string(PY_EXC(TypeError), "can only join an "
                              "iterable");
        }
        return NULL;
    }
    oh_object *seq = py_sequence_list(it);
    oh_decref(it);
    if (seq == NULL)
        return NULL;
    bool ba = is_bytearray(self);
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    for (int64_t i = 0; i < OHI_LIST(seq)->size; i++) {
        oh_object *item = OHI_LIST(seq)->items[i];
        bview iv, sv;
        if (!view_of(item, &iv)) {
            py_err_format(PY_EXC(TypeError), "sequence item %lld: expected "
                          "a bytes-like object, %T found", (long long)i,
                          item);
            ohi_strbuf_discard(&b);
            oh_decref(seq);
            return NULL;
        }
        if (i > 0) {
            view_of(self, &sv);
            ohi_strbuf_add(&b, (const char *)sv.p, sv.n);
        }
        ohi_strbuf_add(&b, (const char *)iv.p, iv.n);
    }
    oh_decref(seq);
    return buf_result(&b, ba);
}

static oh_object *
do_partition(const char *name, oh_object *self, oh_object *const *args,
             size_t nargs, oh_object *kwnames, int dir)
{
    if (check_args(self, name, nargs, kwnames, 1, 1) < 0)
        return NULL;
    bview s, v;
    if (need_view(args[0], &s) < 0)
        return NULL;
    if (s.n == 0)
        return py_err_set_string(PY_EXC(ValueError), "empty separator");
    bool ba = is_bytearray(self);
    view_of(self, &v);
    int64_t off = find_in(&v, &s, 0, v.n, dir);
    oh_object *parts[3];
    if (off < 0) {
        parts[dir > 0 ? 0 : 2] = ba ? make(true, v.p, v.n)
                                    : unchanged(self, false);
        parts[1] = make(ba, "", 0);
        parts[dir > 0 ? 2 : 0] = make(ba, "", 0);
    }
    else {
        parts[0] = make(ba, v.p, (size_t)off);
        if (ba || args[0]->type != &oh_bytes_type)
            parts[1] = make(ba, s.p, s.n);
        else {
            oh_incref(args[0]);
            parts[1] = args[0];
        }
        parts[2] = make(ba, v.p + off + (int64_t)s.n,
                        v.n - (size_t)off - s.n);
    }
    oh_object *r = NULL;
    if (parts[0] && parts[1] && parts[2])
        r = oh_tuple_pack(3, parts[0], parts[1], parts[2]);
    for (int i = 0; i < 3; i++)
        oh_xdecref(parts[i]);
    return r;
}

static oh_object *
b_partition(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    return do_partition("partition", self, args, nargs, kwnames, 1);
}

static oh_object *
b_rpartition(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    return do_partition("rpartition", self, args, nargs, kwnames, -1);
}

static oh_object *
do_strip(const char *name, oh_object *self, oh_object *const *args,
         size_t nargs, oh_object *kwnames, int which)
{
    if (py_check_args(name, nargs, kwnames, 0, 1) < 0)
        return NULL;
    bool set[256] = {false};
    bool ws = nargs == 0 || args[0] == OH_NONE;
    if (!ws) {
        bview c;
        if (need_view(args[0], &c) < 0)
            return NULL;
        for (size_t i = 0; i < c.n; i++)
            set[c.p[i]] = true;
    }
    bview v;
    view_of(self, &v);
    size_t i = 0, j = v.n;
    if (which & 1)
        while (i < j && (ws ? b_isspace(v.p[i]) : set[v.p[i]]))
            i++;
    if (which & 2)
        while (j > i && (ws ? b_isspace(v.p[j - 1]) : set[v.p[j - 1]]))
            j--;
    bool ba = is_bytearray(self);
    if (i == 0 && j == v.n)
        return unchanged(self, ba);
    return make(ba, v.p + i, j - i);
}

static oh_object *
b_strip(oh_object *self, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    return do_strip("strip", self, args, nargs, kwnames, 3);
}

static oh_object *
b_lstrip(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    return do_strip("lstrip", self, args, nargs, kwnames, 1);
}

static oh_object *
b_rstrip(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    return do_strip("rstrip", self, args, nargs, kwnames, 2);
}

static oh_object *
b_replace(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_check_args("replace", nargs, kwnames, 2, 3) < 0)
        return NULL;
    bview o, w, v;
    if (need_view(args[0], &o) < 0 || need_view(args[1], &w) < 0)
        return NULL;
    int64_t count = -1;
    if (nargs > 2 && int_arg(args[2], false, &count) < 0)
        return NULL;
    if (count < 0)
        count = INT64_MAX;
    /* TB3: __index__ may have resized a bytearray argument. */
    view_of(args[0], &o);
    view_of(args[1], &w);
    bool ba = is_bytearray(self);
    view_of(self, &v);
    if (count == 0 || o.n > v.n)
        return unchanged(self, ba);
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    int64_t done = 0;
    size_t i = 0;
    if (o.n == 0) {
        while (done < count) {
            ohi_strbuf_add(&b, (const char *)w.p, w.n);
            done++;
            if (i >= v.n)
                break;
            ohi_strbuf_add(&b, (const char *)v.p + i, 1);
            i++;
        }
    }
    else {
        while (done < count) {
            int64_t off = find_in(&v, &o, i, v.n, 1);
            if (off < 0)
                break;
            ohi_strbuf_add(&b, (const char *)v.p + i, (size_t)off - i);
            ohi_strbuf_add(&b, (const char *)w.p, w.n);
            i = (size_t)off + o.n;
            done++;
        }
    }
    if (done == 0) {
        ohi_strbuf_discard(&b);
        return unchanged(self, ba);
    }
    ohi_strbuf_add(&b, (const char *)v.p + i, v.n - i);
    return buf_result(&b, ba);
}

static oh_object *
remove_affix(const char *name, oh_object *self, oh_object *const *args,
             size_t nargs, oh_object *kwnames, bool prefix)
{
    if (check_args(self, name, nargs, kwnames, 1, 1) < 0)
        return NULL;
    bview a, v;
    if (need_view(args[0], &a) < 0)
        return NULL;
    bool ba = is_bytearray(self);
    view_of(self, &v);
    if (a.n != 0 && a.n <= v.n) {
        if (prefix && memcmp(v.p, a.p, a.n) == 0)
            return make(ba, v.p + a.n, v.n - a.n);
        if (!prefix && memcmp(v.p + v.n - a.n, a.p, a.n) == 0)
            return make(ba, v.p, v.n - a.n);
    }
    return unchanged(self, ba);
}

static oh_object *
b_removeprefix(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    return remove_affix("removeprefix", self, args, nargs, kwnames, true);
}

static oh_object *
b_removesuffix(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    return remove_affix("removesuffix", self, args, nargs, kwnames, false);
}

/* ==========================================================================
 * Methods: case, predicates, padding
 * ========================================================================== */

enum { BC_UPPER, BC_LOWER, BC_SWAP, BC_TITLE, BC_CAPITALIZE };

OHI_INLINE bool
b_isupper(unsigned char c)
{
    return c >= 'A' && c <= 'Z';
}

OHI_INLINE bool
b_islower(unsigned char c)
{
    return c >= 'a' && c <= 'z';
}

static oh_object *
case_convert(oh_object *self, const char *name, size_t nargs,
             oh_object *kwnames, int how)
{
    if (check_args(self, name, nargs, kwnames, 0, 0) < 0)
        return NULL;
    bview v;
    view_of(self, &v);
    unsigned char *tmp = oh_malloc(v.n ? v.n : 1);
    if (tmp == NULL)
        return py_err_no_memory();
    bool prev_cased = false;
    for (size_t i = 0; i < v.n; i++) {
        unsigned char c = v.p[i];
        bool up = b_isupper(c), low = b_islower(c);
        bool first = how == BC_TITLE ? !prev_cased : i == 0;
        switch (how) {
        case BC_UPPER:
            tmp[i] = low ? (unsigned char)(c - 32) : c;
            break;
        case BC_LOWER:
            tmp[i] = up ? (unsigned char)(c + 32) : c;
            break;
        case BC_SWAP:
            tmp[i] = low ? (unsigned char)(c - 32)
                         : up ? (unsigned char)(c + 32) : c;
            break;
        default:
            if (first)
                tmp[i] = low ? (unsigned char)(c - 32) : c;
            else
                tmp[i] = up ? (unsigned char)(c + 32) : c;
            break;
        }
        prev_cased = up || low;
    }
    oh_object *r = make(is_bytearray(self), tmp, v.n);
    oh_free(tmp);
    return r;
}

#define CASE_METHOD(fname, name, how)                                       \
    static oh_object *                                                      \
    fname(oh_object *self, oh_object *const *args, size_t nargs,            \
          oh_object *kwnames)                                               \
    {                                                                       \
        return case_convert(self, name, nargs, kwnames, how);               \
    }
CASE_METHOD(b_upper, "upper", BC_UPPER)
CASE_METHOD(b_lower, "lower", BC_LOWER)
CASE_METHOD(b_swapcase, "swapcase", BC_SWAP)
CASE_METHOD(b_title, "title", BC_TITLE)
CASE_METHOD(b_capitalize, "capitalize", BC_CAPITALIZE)
#undef CASE_METHOD

enum { BP_ALPHA, BP_DIGIT, BP_ALNUM, BP_SPACE, BP_UPPER, BP_LOWER,
       BP_TITLE, BP_ASCII };

static oh_object *
predicate(oh_object *self, const char *name, size_t nargs,
          oh_object *kwnames, int what)
{
    if (check_args(self, name, nargs, kwnames, 0, 0) < 0)
        return NULL;
    bview v;
    view_of(self, &v);
    bool r;
    switch (what) {
    case BP_ASCII:
        r = true;
        for (size_t i = 0; i < v.n; i++)
            r &= v.p[i] < 0x80;
        return oh_bool_from(r);
    case BP_UPPER:
    case BP_LOWER: {
        bool cased = false;
        for (size_t i = 0; i < v.n; i++) {
            unsigned char c = v.p[i];
            if (what == BP_UPPER ? b_islower(c) : b_isupper(c))
                return oh_bool_from(0);
            cased |= what == BP_UPPER ? b_isupper(c) : b_islower(c);
        }
        return oh_bool_from(cased);
    }
    case BP_TITLE: {
        bool cased = false, prev = false;
        for (size_t i = 0; i < v.n; i++) {
            unsigned char c = v.p[i];
            if (b_isupper(c)) {
                if (prev)
                    return oh_bool_from(0);
                prev = cased = true;
            }
            else if (b_islower(c)) {
                if (!prev)
                    return oh_bool_from(0);
                prev = cased = true;
            }
            else
                prev = false;
        }
        return oh_bool_from(cased);
    }
    default:
        break;
    }
    if (v.n == 0)
        return oh_bool_from(0);
    for (size_t i = 0; i < v.n; i++) {
        unsigned char c = v.p[i];
        bool alpha = b_isupper(c) || b_islower(c);
        bool digit = c >= '0' && c <= '9';
        bool ok = what == BP_ALPHA ? alpha
                  : what == BP_DIGIT ? digit
                  : what == BP_ALNUM ? alpha || digit : b_isspace(c);
        if (!ok)
            return oh_bool_from(0);
    }
    return oh_bool_from(1);
}

#define PRED_METHOD(fname, name, what)                                      \
    static oh_object *                                                      \
    fname(oh_object *self, oh_object *const *args, size_t nargs,            \
          oh_object *kwnames)                                               \
    {                                                                       \
        return predicate(self, name, nargs, kwnames, what);                 \
    }
PRED_METHOD(b_isalpha, "isalpha", BP_ALPHA)
PRED_METHOD(b_isdigit, "isdigit", BP_DIGIT)
PRED_METHOD(b_isalnum, "isalnum", BP_ALNUM)
PRED_METHOD(b_isspace_m, "isspace", BP_SPACE)
PRED_METHOD(b_isupper_m, "isupper", BP_UPPER)
PRED_METHOD(b_islower_m, "islower", BP_LOWER)
PRED_METHOD(b_istitle, "istitle", BP_TITLE)
PRED_METHOD(b_isascii, "isascii", BP_ASCII)
#undef PRED_METHOD

static oh_object *
pad(oh_object *self, int64_t left, int64_t right, unsigned char fill)
{
    bool ba = is_bytearray(self);
    if (left < 0)
        left = 0;
    if (right < 0)
        right = 0;
    if (left == 0 && right == 0)
        return unchanged(self, ba);
    bview v;
    view_of(self, &v);
    size_t n = v.n + (size_t)left + (size_t)right;
    unsigned char *tmp = oh_malloc(n);
    if (tmp == NULL)
        return py_err_no_memory();
    memset(tmp, fill, (size_t)left);
    memcpy(tmp + left, v.p, v.n);
    memset(tmp + (size_t)left + v.n, fill, (size_t)right);
    oh_object *r = make(ba, tmp, n);
    oh_free(tmp);
    return r;
}

static int
justify_args(const char *name, oh_object *const *args, size_t nargs,
             oh_object *kwnames, int64_t *width, unsigned char *fill)
{
    if (py_check_args(name, nargs, kwnames, 1, 2) < 0)
        return -1;
    if (int_arg(args[0], false, width) < 0)
        return -1;
    *fill = ' ';
    if (nargs > 1) {
        bview f;
        if (!view_of(args[1], &f) || f.n != 1) {
            py_err_format(PY_EXC(TypeError), "%s() argument 2 must be a byte "
                          "string of length 1, not %s", name,
                          clinic_type(args[1]));
            return -1;
        }
        *fill = f.p[0];
    }
    return 0;
}

static oh_object *
b_center(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    int64_t width;
    unsigned char fill;
    if (justify_args("center", args, nargs, kwnames, &width, &fill) < 0)
        return NULL;
    int64_t len = bytes_len(self);
    if (len >= width)
        return unchanged(self, is_bytearray(self));
    int64_t marg = width - len;
    int64_t left = marg / 2 + (marg & width & 1);
    return pad(self, left, marg - left, fill);
}

static oh_object *
b_ljust(oh_object *self, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    int64_t width;
    unsigned char fill;
    if (justify_args("ljust", args, nargs, kwnames, &width, &fill) < 0)
        return NULL;
    return pad(self, 0, width - bytes_len(self), fill);
}

static oh_object *
b_rjust(oh_object *self, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    int64_t width;
    unsigned char fill;
    if (justify_args("rjust", args, nargs, kwnames, &width, &fill) < 0)
        return NULL;
    return pad(self, width - bytes_len(self), 0, fill);
}

static oh_object *
b_zfill(oh_object *self, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    if (check_args(self, "zfill", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int64_t width;
    if (int_arg(args[0], false, &width) < 0)
        return NULL;
    bool ba = is_bytearray(self);
    bview v;
    view_of(self, &v);
    if ((int64_t)v.n >= width)
        return unchanged(self, ba);
    size_t fill = (size_t)width - v.n;
    unsigned char *tmp = oh_malloc((size_t)width);
    if (tmp == NULL)
        return py_err_no_memory();
    memset(tmp, '0', fill);
    memcpy(tmp + fill, v.p, v.n);
    if (v.n > 0 && (v.p[0] == '+' || v.p[0] == '-')) {
        tmp[0] = v.p[0];
        tmp[fill] = '0';
    }
    oh_object *r = make(ba, tmp, (size_t)width);
    oh_free(tmp);
    return r;
}

static oh_object *
b_expandtabs(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    static const char *const kw[] = {"tabsize", NULL};
    static const py_argspec spec = {"expandtabs", kw, 0, 1, 0};
    oh_object *a[1];
    if (bind_clinic(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    int64_t tabsize = 8;
    if (a[0] != NULL && int_arg(a[0], false, &tabsize) < 0)
        return NULL;
    bool ba = is_bytearray(self);
    bview v;
    view_of(self, &v);
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    int64_t col = 0;
    for (size_t i = 0; i < v.n && !b.failed; i++) {
        unsigned char c = v.p[i];
        if (c == '\t') {
            if (tabsize > 0) {
                int64_t incr = tabsize - col % tabsize;
                col += incr;
                for (int64_t k = 0; k < incr && !b.failed; k++)
                    ohi_strbuf_add(&b, " ", 1);
            }
        }
        else {
            ohi_strbuf_add(&b, (const char *)&c, 1);
            col++;
            if (c == '\n' || c == '\r')
                col = 0;
        }
    }
    return buf_result(&b, ba);
}

/* ==========================================================================
 * Methods: decode, hex, fromhex, translate, maketrans, the rest
 * ========================================================================== */

static oh_object *
b_decode(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    static const char *const kw[] = {"encoding", "errors", NULL};
    static const py_argspec spec = {"decode", kw, 0, 2, 0};
    oh_object *a[2];
    if (bind_clinic(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    for (int i = 0; i < 2; i++) {
        if (a[i] != NULL && OHI_TYPE_KIND(a[i]->type) != OHI_KIND_STR)
            return py_err_format(PY_EXC(TypeError), "decode() argument '%s' "
                                 "must be str, not %s", kw[i],
                                 clinic_type(a[i]));
    }
    return py_bytes_decode(self, a[0] ? OHI_STR(a[0])->data : "utf-8",
                           a[1] ? OHI_STR(a[1])->data : "strict");
}

static oh_object *
b_hex(oh_object *self, oh_object *const *args, size_t nargs,
      oh_object *kwnames)
{
    static const char *const kw[] = {"sep", "bytes_per_sep", NULL};
    static const py_argspec spec = {"hex", kw, 0, 2, 0};
    oh_object *a[2];
    if (bind_clinic(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    int64_t per = 1;
    if (a[1] != NULL && int_arg(a[1], false, &per) < 0)
        return NULL;
    char sep = 0;
    if (a[0] != NULL) {
        int64_t seplen = py_len(a[0]);
        if (seplen < 0)
            return NULL;
        if (seplen != 1)
            return py_err_set_string(PY_EXC(ValueError), "sep must be "
                                     "length 1.");
        bview sv;
        if (OHI_TYPE_KIND(a[0]->type) == OHI_KIND_STR) {
            unsigned char c0 = (unsigned char)OHI_STR(a[0])->data[0];
            if (c0 >= 0x80)
                return py_err_set_string(PY_EXC(ValueError), "sep must be "
                                         "ASCII.");
            sep = (char)c0;
        }
        else if (is_bytes(a[0]) && view_of(a[0], &sv)) {
            if (sv.p[0] >= 0x80)
                return py_err_set_string(PY_EXC(ValueError), "sep must be "
                                         "ASCII.");
            sep = (char)sv.p[0];
        }
        else
            return py_err_set_string(PY_EXC(TypeError), "sep must be str "
                                     "or bytes.");
    }
    bview v;
    view_of(self, &v);
    static const char hexd[] = "0123456789abcdef";
    if (v.n == 0)
        return oh_str_from_utf8("", 0);
    int64_t aper = per < 0 ? -per : per;
    size_t nsep = sep != 0 && per != 0 ? (v.n - 1) / (size_t)aper : 0;
    size_t total = v.n * 2 + nsep;
    char *out = oh_malloc(total);
    if (out == NULL)
        return py_err_no_memory();
    if (nsep == 0) {
        for (size_t i = 0; i < v.n; i++) {
            out[2 * i] = hexd[v.p[i] >> 4];
            out[2 * i + 1] = hexd[v.p[i] & 15];
        }
    }
    else if (per < 0) {
        size_t i = 0, j = 0;
        for (size_t chunk = 0; chunk < nsep; chunk++) {
            for (int64_t k = 0; k < aper; k++, i++) {
                out[j++] = hexd[v.p[i] >> 4];
                out[j++] = hexd[v.p[i] & 15];
            }
            out[j++] = sep;
        }
        for (; i < v.n; i++) {
            out[j++] = hexd[v.p[i] >> 4];
            out[j++] = hexd[v.p[i] & 15];
        }
    }
    else {
        size_t i = v.n, j = total;
        for (size_t chunk = 0; chunk < nsep; chunk++) {
            for (int64_t k = 0; k < aper; k++) {
                i--;
                out[--j] = hexd[v.p[i] & 15];
                out[--j] = hexd[v.p[i] >> 4];
            }
            out[--j] = sep;
        }
        while (i > 0) {
            i--;
            out[--j] = hexd[v.p[i] & 15];
            out[--j] = hexd[v.p[i] >> 4];
        }
    }
    oh_object *r = oh_str_from_utf8(out, total);
    oh_free(out);
    return r;
}

static int
hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 16;
}

/* bytes.fromhex(s) and bytearray.fromhex(s); cls is the class. */
static oh_object *
b_fromhex(oh_object *cls, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_check_args("fromhex", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *s = args[0];
    if (OHI_TYPE_KIND(s->type) != OHI_KIND_STR)
        return py_err_format(PY_EXC(TypeError), "fromhex() argument must be "
                             "str, not %T", s);
    const unsigned char *p = (const unsigned char *)OHI_STR(s)->data;
    size_t n = (size_t)OHI_STR(s)->nbytes;
    int64_t bad = -1;
    if (!py_str_is_ascii(s)) {
        int64_t i = 0;
        for (size_t off = 0; off < n; i++) {
            if (p[off] >= 0x80)
                break;
            off++;
        }
        bad = i;
    }
    unsigned char *out = oh_malloc(n / 2 + 1);
    if (out == NULL)
        return py_err_no_memory();
    size_t k = 0, i = 0;
    while (bad < 0 && i < n) {
        if (b_isspace(p[i])) {
            while (i < n && b_isspace(p[i]))
                i++;
            if (i >= n)
                break;
        }
        int top = hex_value(p[i]);
        if (top >= 16) {
            bad = (int64_t)i;
            break;
        }
        i++;
        int bot = i < n ? hex_value(p[i]) : 16;
        if (bot >= 16) {
            bad = (int64_t)i;
            break;
        }
        i++;
        out[k++] = (unsigned char)(top << 4 | bot);
    }
    if (bad >= 0) {
        oh_free(out);
        return py_err_format(PY_EXC(ValueError), "non-hexadecimal number "
                             "found in fromhex() arg at position %lld",
                             (long long)bad);
    }
    py_type *t = (py_type *)(void *)cls;
    oh_object *r;
    if (t == PY_T(bytearray) || py_type_is_subtype(t, PY_T(bytearray)))
        r = bytearray_from(out, k);
    else
        r = oh_bytes_from(out, k);
    oh_free(out);
    if (r == NULL || t == PY_T(bytes) || t == PY_T(bytearray))
        return r;
    oh_object *c = py_call1(cls, r);
    oh_decref(r);
    return c;
}

static oh_object *
b_translate(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    static const char *const kw[] = {"", "delete", NULL};
    static const py_argspec spec = {"translate", kw, 0, 2, 1};
    oh_object *a[2];
    if (nargs == 0 && (kwnames == NULL || OHI_TUPLE_SIZE(kwnames) == 0))
        return py_err_set_string(PY_EXC(TypeError), "translate() takes at "
                                 "least 1 positional argument (0 given)");
    if (bind_clinic(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    bview table = {NULL, 0}, del = {NULL, 0};
    if (a[0] != NULL && a[0] != OH_NONE) {
        if (need_view(a[0], &table) < 0)
            return NULL;
        if (table.n != 256)
            return py_err_set_string(PY_EXC(ValueError), "translation table "
                                     "must be 256 characters long");
    }
    if (a[1] != NULL && need_view(a[1], &del) < 0)
        return NULL;
    bool drop[256] = {false};
    for (size_t i = 0; i < del.n; i++)
        drop[del.p[i]] = true;
    bool ba = is_bytearray(self);
    bview v;
    view_of(self, &v);
    unsigned char *tmp = oh_malloc(v.n ? v.n : 1);
    if (tmp == NULL)
        return py_err_no_memory();
    size_t k = 0;
    for (size_t i = 0; i < v.n; i++) {
        if (drop[v.p[i]])
            continue;
        tmp[k++] = table.p ? table.p[v.p[i]] : v.p[i];
    }
    oh_object *r;
    if (!ba && k == v.n && table.p == NULL)
        r = unchanged(self, false);
    else
        r = make(ba, tmp, k);
    oh_free(tmp);
    return r;
}

static oh_object *
b_maketrans(oh_object *unused, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (py_check_args("maketrans", nargs, kwnames, 2, 2) < 0)
        return NULL;
    bview f, t;
    if (need_view(args[0], &f) < 0 || need_view(args[1], &t) < 0)
        return NULL;
    if (f.n != t.n)
        return py_err_set_string(PY_EXC(ValueError), "maketrans arguments "
                                 "must have same length");
    unsigned char table[256];
    for (int i = 0; i < 256; i++)
        table[i] = (unsigned char)i;
    for (size_t i = 0; i < f.n; i++)
        table[f.p[i]] = t.p[i];
    return oh_bytes_from(table, 256);
}

static oh_object *
b_getnewargs(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    bview v;
    view_of(self, &v);
    oh_object *b = oh_bytes_from(v.p, v.n);
    if (b == NULL)
        return NULL;
    oh_object *t = oh_tuple_pack(1, b);
    oh_decref(b);
    return t;
}

static oh_object *
b_bytes(oh_object *self, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    if (check_args(self, "__bytes__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return unchanged(self, false);
}

static oh_object *
b_sizeof(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    if (check_args(self, "__sizeof__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    int64_t extra = (int64_t)py_sizeof_extra(self);
    if (is_bytearray(self))
        return oh_int_from_i64((int64_t)bytearray_sizeof(self) + extra);
    return oh_int_from_i64(33 + bytes_len(self) + extra);
}

/* ==========================================================================
 * bytearray's own methods
 * ========================================================================== */

static oh_object *
none(void)
{
    oh_incref(OH_NONE);
    return OH_NONE;
}

static oh_object *
ba_append(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_check_args("bytearray.append", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int c;
    if (byte_value(args[0], &c) < 0)
        return NULL;
    unsigned char ch = (unsigned char)c;
    if (ba_splice(self, BA(self)->size, 0, &ch, 1) < 0)
        return NULL;
    return none();
}

static oh_object *
ba_extend(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_check_args("bytearray.extend", nargs, kwnames, 1, 1) < 0)
        return NULL;
    oh_object *x = args[0];
    bview v;
    if (view_of(x, &v)) {
        oh_object *copy = oh_bytes_from(v.p, v.n);
        if (copy == NULL)
            return NULL;
        int rc = ba_splice(self, BA(self)->size, 0, TB(copy)->data, v.n);
        oh_decref(copy);
        return rc < 0 ? NULL : none();
    }
    oh_object *it = py_iter(x);
    if (it == NULL) {
        if (py_err_matches(PY_EXC(TypeError))) {
            py_err_clear();
            py_err_format(PY_EXC(TypeError), "can't extend bytearray with "
                          "%T", x);
        }
        return NULL;
    }
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    int rc = ints_into(&b, it, "byte must be in range(0, 256)");
    oh_decref(it);
    if (rc == 0 && b.failed) {
        py_err_no_memory();
        rc = -1;
    }
    if (rc == 0)
        rc = ba_splice(self, BA(self)->size, 0, (const unsigned char *)b.data,
                       b.len);
    ohi_strbuf_discard(&b);
    return rc < 0 ? NULL : none();
}

static oh_object *
ba_pop(oh_object *self, oh_object *const *args, size_t nargs,
       oh_object *kwnames)
{
    if (py_check_args("pop", nargs, kwnames, 0, 1) < 0)
        return NULL;
    int64_t i = -1;
    if (nargs > 0 && int_arg(args[0], false, &i) < 0)
        return NULL;
    int64_t n = BA(self)->size;
    if (n == 0)
        return py_err_set_string(PY_EXC(IndexError), "pop from empty "
                                 "bytearray");
    if (i < 0)
        i += n;
    if (i < 0 || i >= n)
        return py_err_set_string(PY_EXC(IndexError), "pop index out of "
                                 "range");
    int c = BA(self)->data[i];
    if (ba_splice(self, i, 1, NULL, 0) < 0)
        return NULL;
    return oh_int_from_i64(c);
}

static oh_object *
ba_insert(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_check_args("insert", nargs, kwnames, 2, 2) < 0)
        return NULL;
    int64_t i;
    int c;
    if (int_arg(args[0], true, &i) < 0 || byte_value(args[1], &c) < 0)
        return NULL;
    int64_t n = BA(self)->size;
    if (i < 0) {
        i += n;
        if (i < 0)
            i = 0;
    }
    if (i > n)
        i = n;
    unsigned char ch = (unsigned char)c;
    if (ba_splice(self, i, 0, &ch, 1) < 0)
        return NULL;
    return none();
}

static oh_object *
ba_remove(oh_object *self, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    if (py_check_args("bytearray.remove", nargs, kwnames, 1, 1) < 0)
        return NULL;
    int c;
    if (byte_value(args[0], &c) < 0)
        return NULL;
    bview v;
    view_of(self, &v);
    const unsigned char *at = v.n ? memchr(v.p, c, v.n) : NULL;
    if (at == NULL)
        return py_err_set_string(PY_EXC(ValueError), "value not found in "
                                 "bytearray");
    if (ba_splice(self, at - v.p, 1, NULL, 0) < 0)
        return NULL;
    return none();
}

static oh_object *
ba_reverse(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_check_args("bytearray.reverse", nargs, kwnames, 0, 0) < 0)
        return NULL;
    unsigned char *p = BA(self)->data;
    for (int64_t i = 0, j = BA(self)->size - 1; i < j; i++, j--) {
        unsigned char t = p[i];
        p[i] = p[j];
        p[j] = t;
    }
    return none();
}

static oh_object *
ba_clear(oh_object *self, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    if (py_check_args("bytearray.clear", nargs, kwnames, 0, 0) < 0)
        return NULL;
    if (ba_resize(self, 0) < 0)
        return NULL;
    return none();
}

static oh_object *
ba_copy(oh_object *self, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    if (py_check_args("bytearray.copy", nargs, kwnames, 0, 0) < 0)
        return NULL;
    bview v;
    view_of(self, &v);
    return bytearray_from(v.p, v.n);
}

/* ==========================================================================
 * The types
 * ========================================================================== */

#define SHARED_METHODS                                                      \
    {"find", b_find, 0, NULL},                                              \
    {"rfind", b_rfind, 0, NULL},                                            \
    {"index", b_index, 0, NULL},                                            \
    {"rindex", b_rindex, 0, NULL},                                          \
    {"count", b_count, 0, NULL},                                            \
    {"startswith", b_startswith, 0, NULL},                                  \
    {"endswith", b_endswith, 0, NULL},                                      \
    {"split", b_split, 0, NULL},                                            \
    {"rsplit", b_rsplit, 0, NULL},                                          \
    {"splitlines", b_splitlines, 0, NULL},                                  \
    {"join", b_join, 0, NULL},                                              \
    {"partition", b_partition, 0, NULL},                                    \
    {"rpartition", b_rpartition, 0, NULL},                                  \
    {"strip", b_strip, 0, NULL},                                            \
    {"lstrip", b_lstrip, 0, NULL},                                          \
    {"rstrip", b_rstrip, 0, NULL},                                          \
    {"replace", b_replace, 0, NULL},                                        \
    {"removeprefix", b_removeprefix, 0, NULL},                              \
    {"removesuffix", b_removesuffix, 0, NULL},                              \
    {"upper", b_upper, 0, NULL},                                            \
    {"lower", b_lower, 0, NULL},                                            \
    {"swapcase", b_swapcase, 0, NULL},                                      \
    {"title", b_title, 0, NULL},                                            \
    {"capitalize", b_capitalize, 0, NULL},                                  \
    {"isalpha", b_isalpha, 0, NULL},                                        \
    {"isdigit", b_isdigit, 0, NULL},                                        \
    {"isalnum", b_isalnum, 0, NULL},                                        \
    {"isspace", b_isspace_m, 0, NULL},                                      \
    {"isupper", b_isupper_m, 0, NULL},                                      \
    {"islower", b_islower_m, 0, NULL},                                      \
    {"istitle", b_istitle, 0, NULL},                                        \
    {"isascii", b_isascii, 0, NULL},                                        \
    {"center", b_center, 0, NULL},                                          \
    {"ljust", b_ljust, 0, NULL},                                            \
    {"rjust", b_rjust, 0, NULL},                                            \
    {"zfill", b_zfill, 0, NULL},                                            \
    {"expandtabs", b_expandtabs, 0, NULL},                                  \
    {"decode", b_decode, 0, NULL},                                          \
    {"hex", b_hex, 0, NULL},                                                \
    {"fromhex", b_fromhex, PY_METH_CLASS, NULL},                            \
    {"translate", b_translate, 0, NULL},                                    \
    {"maketrans", b_maketrans, PY_METH_STATIC, NULL},                       \
    {"__sizeof__", b_sizeof, 0, NULL}

static const py_method_def bytes_methods[] = {
    SHARED_METHODS,
    {"__getnewargs__", b_getnewargs, 0, NULL},
    {"__bytes__", b_bytes, 0, NULL},
    {NULL, NULL, 0, NULL}
};

static const py_method_def bytearray_methods[] = {
    SHARED_METHODS,
    {"append", ba_append, 0, NULL},
    {"extend", ba_extend, 0, NULL},
    {"pop", ba_pop, 0, NULL},
    {"insert", ba_insert, 0, NULL},
    {"remove", ba_remove, 0, NULL},
    {"reverse", ba_reverse, 0, NULL},
    {"clear", ba_clear, 0, NULL},
    {"copy", ba_copy, 0, NULL},
    {NULL, NULL, 0, NULL}
};

py_static_type py_bytes_static = {.t = {
    PY_TYPE_INIT_KIND("bytes", oh_bytes_type),
    .tpflags = PY_TPFLAGS_BASETYPE | PY_TPFLAGS_SEQUENCE,
    .methods = bytes_methods,
    .doc = "bytes(iterable_of_ints) -> bytes",
    .tp_new = bytes_new,
    .tp_repr = bytes_repr,
    .tp_str = bytes_str,
    .tp_hash = bytes_hash,
    .tp_richcompare = bytes_richcompare,
    .tp_iter = bytes_iter_new,
    .mp_length = bytes_len,
    .mp_subscript = bytes_subscript,
    .sq_contains = bytes_contains,
    .nb_binary = {
        [PY_OP_ADD] = bytes_add, [PY_OP_MULT] = bytes_mul,
        [PY_OP_MOD] = bytes_mod,
    },
}};

py_static_type py_bytearray_static = {.t = {
    PY_TYPE_INIT("bytearray", tb_bytearray, 0),
    .ot.dealloc = bytearray_dealloc,
    .ot.getsizeof = bytearray_sizeof,
    .tpflags = PY_TPFLAGS_BASETYPE | PY_TPFLAGS_SEQUENCE,
    .methods = bytearray_methods,
    .doc = "bytearray(iterable_of_ints) -> bytearray",
    .tp_new = bytearray_new,
    .tp_init = bytearray_init,
    .tp_repr = bytearray_repr,
    .tp_str = bytes_str,
    .tp_richcompare = bytearray_richcompare,
    .tp_iter = bytes_iter_new,
    .mp_length = bytes_len,
    .mp_subscript = bytes_subscript,
    .mp_ass_subscript = bytearray_ass_subscript,
    .sq_contains = bytes_contains,
    .nb_binary = {
        [PY_OP_ADD] = bytearray_add, [PY_OP_MULT] = bytearray_mul,
        [PY_OP_MOD] = bytes_mod,
    },
    .nb_inplace = {
        [PY_OP_ADD] = bytearray_iadd, [PY_OP_MULT] = bytearray_imul,
    },
}};
