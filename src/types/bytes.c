/*
 * bytes.c -- immutable byte strings.
 *
 * What this file owns
 * -------------------
 * The bytes type: construction, access, concatenation, hash and repr.
 *
 *   ohi_bytes | refcnt | type | size | hash | data ... \0 |
 *             0        8      16     24     32
 *
 * 33 + n bytes in one block, as CPython 3.11 (PyBytesObject).  The NUL
 * after the data is not part of the value; it lets C code pass the data to
 * functions that expect a C string (when it holds no NUL of its own).
 *
 * Invariants
 * ----------
 * BY1. data[size] == '\0'.
 * BY2. hash is -1 or the hash of data[0..size) (computed on first use).
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

typedef struct ohi_bytes {
    oh_varobject ob_base;
    oh_hash_t hash;
    unsigned char data[];
} ohi_bytes;

_Static_assert(sizeof(ohi_bytes) == 32, "the bytes header is 32 bytes");

#define BYTES(o) ((ohi_bytes *)(void *)(o))
#define BYTES_SIZE(o) (BYTES(o)->ob_base.size)

static void
bytes_dealloc(oh_object *o)
{
    ohi_object_free(o);
}

static size_t
bytes_sizeof(oh_object *o)
{
    return sizeof(ohi_bytes) + (size_t)BYTES_SIZE(o) + 1;
}

static oh_hash_t
bytes_hash(oh_object *o)
{
    ohi_bytes *b = BYTES(o);
    if (b->hash == -1)
        b->hash = ohi_hash_bytes(b->data, (size_t)b->ob_base.size);
    return b->hash;
}

static int
bytes_equal(oh_object *a, oh_object *b)
{
    if (b->type != &oh_bytes_type)
        return OH_NOT_IMPLEMENTED;
    return BYTES_SIZE(a) == BYTES_SIZE(b)
           && memcmp(BYTES(a)->data, BYTES(b)->data,
                     (size_t)BYTES_SIZE(a)) == 0;
}

/* b'...' with Python's escapes: \\, \', \t \n \r, \xNN outside 0x20..0x7e;
 * double quotes when the data has ' and no ". */
static oh_object *
bytes_repr(oh_object *o)
{
    const unsigned char *p = BYTES(o)->data;
    size_t n = (size_t)BYTES_SIZE(o);
    char quote = '\'';
    if (memchr(p, '\'', n) != NULL && memchr(p, '"', n) == NULL)
        quote = '"';
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    ohi_strbuf_add(&b, "b", 1);
    ohi_strbuf_add(&b, &quote, 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        char tmp[8];
        if (c == (unsigned char)quote || c == '\\')
            snprintf(tmp, sizeof tmp, "\\%c", c);
        else if (c == '\n')
            snprintf(tmp, sizeof tmp, "\\n");
        else if (c == '\r')
            snprintf(tmp, sizeof tmp, "\\r");
        else if (c == '\t')
            snprintf(tmp, sizeof tmp, "\\t");
        else if (c < 0x20 || c >= 0x7f)
            snprintf(tmp, sizeof tmp, "\\x%02x", c);
        else {
            tmp[0] = (char)c;
            tmp[1] = '\0';
        }
        ohi_strbuf_adds(&b, tmp);
    }
    ohi_strbuf_add(&b, &quote, 1);
    return ohi_strbuf_finish(&b);
}

const oh_type oh_bytes_type = {
    .name = "bytes",
    .basicsize = sizeof(ohi_bytes),
    .itemsize = 1,
    .flags = OH_TYPE_IMMUTABLE | OH_TYPE_HASHABLE
             | OHI_KIND(OHI_KIND_BYTES),
    .dealloc = bytes_dealloc,
    .hash = bytes_hash,
    .equal = bytes_equal,
    .repr = bytes_repr,
    .getsizeof = bytes_sizeof,
};

int
oh_bytes_check(const oh_object *o)
{
    OHI_NOT_NULL(o, 0);
    return o->type == &oh_bytes_type;
}

static oh_object *
bytes_alloc(size_t n)
{
    if (n > (size_t)INT64_MAX / 2) {
        oh_err_set(OH_ERR_OVERFLOW, "bytes object is too large");
        return NULL;
    }
    oh_object *o = ohi_object_alloc(&oh_bytes_type, n + 1);
    if (o == NULL)
        return NULL;
    BYTES(o)->ob_base.size = (intptr_t)n;
    BYTES(o)->hash = -1;
    BYTES(o)->data[n] = '\0';
    return o;
}

oh_object *
oh_bytes_from(const void *data, size_t n)
{
    if (data == NULL && n != 0) {
        oh_err_set(OH_ERR_VALUE, "oh_bytes_from: NULL data");
        return NULL;
    }
    oh_object *o = bytes_alloc(n);
    if (o != NULL && n != 0)
        memcpy(BYTES(o)->data, data, n);
    return o;
}

const unsigned char *
oh_bytes_data(oh_object *o)
{
    OHI_NOT_NULL(o, NULL);
    if (o->type != &oh_bytes_type)
        return ohi_type_error(o, "bytes");
    return BYTES(o)->data;
}

int64_t
oh_bytes_size(oh_object *o)
{
    OHI_NOT_NULL(o, -1);
    if (o->type != &oh_bytes_type) {
        ohi_type_error(o, "bytes");
        return -1;
    }
    return BYTES_SIZE(o);
}

oh_object *
oh_bytes_concat(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    if (a->type != &oh_bytes_type)
        return ohi_type_error(a, "bytes");
    if (b->type != &oh_bytes_type)
        return ohi_type_error(b, "bytes");
    size_t x = (size_t)BYTES_SIZE(a), y = (size_t)BYTES_SIZE(b);
    oh_object *o = bytes_alloc(x + y);
    if (o == NULL)
        return NULL;
    memcpy(BYTES(o)->data, BYTES(a)->data, x);
    memcpy(BYTES(o)->data + x, BYTES(b)->data, y);
    return o;
}
