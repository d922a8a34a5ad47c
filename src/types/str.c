/*
 * str.c -- immutable text stored as UTF-8, and interning.
 *
 * What this file owns
 * -------------------
 * The str type: construction from UTF-8 (validated), length in code
 * points, the cached hash, concatenation, slicing, repr; the interned set
 * (sys.intern); and ohi_strbuf, the buffer every repr is built in.
 *
 * Layout
 * ------
 *
 *   ohi_str   | refcnt | type | nbytes | len_state | hash | data ... \0 |
 *             0        8      16       24          32     40
 *
 * One block holds header and text: 41 + nbytes bytes.  len_state packs the
 * length in code points (len_state >> 1) with the INTERNED bit (bit 0), so
 * the header stays at 40 bytes.  CPython 3.11 stores text as Latin-1,
 * UCS-2 or UCS-4 after a 40- to 72-byte header (49 + n for ASCII); we store
 * UTF-8 only.  That is smaller for ASCII and for text with characters past
 * U+FFFF, and larger for long text dominated by accented Latin-1 letters
 * (2 UTF-8 bytes against CPython's 1) or by BMP characters such as CJK (3
 * against 2): past about 32 such characters.  docs/OBJECTS.md gives the
 * figures.
 *
 * Validation: every str holds well-formed UTF-8 (S2 in internal.h):
 * overlong forms, surrogates (U+D800..U+DFFF), values past U+10FFFF, stray
 * continuation bytes and truncated sequences are ValueError, with
 * CPython's wording ("'utf-8' codec can't decode byte 0xff in position 3:
 * invalid start byte").  ASCII runs are checked eight bytes at a time.
 *
 * Hash: computed on first use (ohi_hash_bytes, object.c) and cached in
 * `hash`; -1 means "not yet" (S3).  Equal strs have equal hashes because
 * UTF-8 is canonical once validated.
 *
 * Interning
 * ---------
 * The interned set is an open-addressed table of borrowed str pointers
 * with linear probing, in the runtime (ohi_object_state.interned).  It
 * does not own its strs (CPython 3.11's "mortal" interned strings): a str
 * leaves the table in its dealloc, and the table itself is freed when the
 * last interned str dies, so interning never keeps memory alive.
 *
 * Invariants
 * ----------
 * R1. A str has INTERNED set iff it is in the interned table.
 * R2. No two strs in the table are equal.
 * R3. interned_count <= 2/3 of the table's slots, and the table is NULL iff
 *     interned_count == 0.
 * R4. Linear probing without tombstones: for every str in the table, the
 *     slots from its home slot (hash & mask) up to its own are all full.
 *     Deletion shifts later entries back to keep this (no tombstones).
 *
 * Tunables
 * --------
 * - INTERN_MIN_SLOTS = 64: a program that interns anything usually interns
 *   dozens of names.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define INTERN_MIN_SLOTS 64

_Static_assert(sizeof(ohi_str) == 40, "the str header is 40 bytes");

static void
str_dealloc(oh_object *o)
{
    if (OHI_STR(o)->len_state & OHI_STR_INTERNED)
        ohi_str_unintern(o);
    ohi_object_free(o);
}

static size_t
str_sizeof(oh_object *o)
{
    return sizeof(ohi_str) + (size_t)OHI_STR(o)->nbytes + 1;
}

oh_hash_t
ohi_str_hash(oh_object *o)
{
    ohi_str *s = OHI_STR(o);
    if (s->hash == -1)
        s->hash = ohi_hash_bytes(s->data, (size_t)s->nbytes);
    return s->hash;
}

int
ohi_str_eq(const oh_object *a, const oh_object *b)
{
    const ohi_str *x = (const ohi_str *)(const void *)a;
    const ohi_str *y = (const ohi_str *)(const void *)b;
    if (x->nbytes != y->nbytes)
        return 0;
    if (x->hash != -1 && y->hash != -1 && x->hash != y->hash)
        return 0;
    return memcmp(x->data, y->data, (size_t)x->nbytes) == 0;
}

static int
str_equal(oh_object *a, oh_object *b)
{
    if (ohi_kind(b) != OHI_KIND_STR)  /* subclasses too */
        return OH_NOT_IMPLEMENTED;
    return ohi_str_eq(a, b);
}

static oh_object *str_repr(oh_object *o);

const oh_type oh_str_type = {
    .name = "str",
    .basicsize = sizeof(ohi_str),
    .itemsize = 1,
    .flags = OH_TYPE_IMMUTABLE | OH_TYPE_HASHABLE
             | OHI_KIND(OHI_KIND_STR),
    .dealloc = str_dealloc,
    .hash = ohi_str_hash,
    .equal = str_equal,
    .repr = str_repr,
    .getsizeof = str_sizeof,
};

int
oh_str_check(const oh_object *o)
{
    OHI_NOT_NULL(o, 0);
    return o->type == &oh_str_type;
}

/* ==========================================================================
 * Construction and validation
 * ========================================================================== */

/* A str with room for nbytes of text (the NUL is added); nbytes, hash and
 * the NUL are set, the length and text are the caller's. */
static oh_object *
str_alloc(size_t nbytes)
{
    if (nbytes > (size_t)INT64_MAX / 4) {
        oh_err_set(OH_ERR_OVERFLOW, "str is too long");
        return NULL;
    }
    oh_object *o = ohi_object_alloc(&oh_str_type, nbytes + 1);
    if (o == NULL)
        return NULL;
    ohi_str *s = OHI_STR(o);
    s->nbytes = (int64_t)nbytes;
    s->hash = -1;
    s->data[nbytes] = '\0';
    return o;
}

#define HIGH_BITS ((uint64_t)0x8080808080808080u)

/* Validate n bytes of UTF-8.  Returns the number of code points, or -1
 * with ValueError. */
static int64_t
utf8_check(const unsigned char *p, size_t n)
{
    size_t i = 0;
    int64_t count = 0;
    while (i < n) {
        /* ASCII runs, a word at a time. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & HIGH_BITS)
                break;
            i += 8;
            count += 8;
        }
        if (i >= n)
            break;
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
            count++;
            continue;
        }
        size_t need;
        unsigned lo = 0x80, hi = 0xbf;         /* range of the 2nd byte */
        if (c >= 0xc2 && c <= 0xdf)
            need = 1;
        else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            if (c == 0xe0)
                lo = 0xa0;                      /* no overlong forms */
            else if (c == 0xed)
                hi = 0x9f;                      /* no surrogates */
        }
        else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            if (c == 0xf0)
                lo = 0x90;                      /* no overlong forms */
            else if (c == 0xf4)
                hi = 0x8f;                      /* nothing past U+10FFFF */
        }
        else {
            oh_err_format(OH_ERR_VALUE, "'utf-8' codec can't decode byte "
                          "0x%02x in position %zu: invalid start byte", c, i);
            return -1;
        }
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= n) {
                oh_err_format(OH_ERR_VALUE, "'utf-8' codec can't decode "
                              "byte 0x%02x in position %zu: unexpected end "
                              "of data", c, i);
                return -1;
            }
            unsigned d = p[i + k];
            unsigned l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xbf;
            if (d < l || d > h) {
                oh_err_format(OH_ERR_VALUE, "'utf-8' codec can't decode "
                              "byte 0x%02x in position %zu: invalid "
                              "continuation byte", c, i);
                return -1;
            }
        }
        i += need + 1;
        count++;
    }
    return count;
}

/* Code points in valid UTF-8: the bytes that are not continuations. */
static int64_t
utf8_count(const char *s, size_t n)
{
    int64_t cont = 0;
    for (size_t i = 0; i < n; i++)
        cont += ((unsigned char)s[i] & 0xc0) == 0x80;
    return (int64_t)n - cont;
}

/* A str from text known to be valid UTF-8 of `length` code points. */
/* The empty str and the 128 one-character ASCII strs are immortal and
 * shared, as in CPython (where '' is '' and s[0] is 'a' for s = 'abc'
 * hold): static storage laid out as an ohi_str, made whole (hash
 * included) before main runs, so that no runtime ever writes them but
 * for their counts (objheap.h, THREADS). */
typedef struct static_str {
    oh_object ob_base;
    int64_t nbytes;
    uint64_t len_state;
    oh_hash_t hash;
    char data[8];
} static_str;

_Static_assert(offsetof(static_str, data) == offsetof(ohi_str, data)
               && offsetof(static_str, hash) == offsetof(ohi_str, hash),
               "a static str has the layout of ohi_str");

static static_str small_strs[129];      /* [c] for c < 128, [128] empty */

__attribute__((constructor)) static void
small_strs_init(void)
{
    for (size_t i = 0; i < 129; i++) {
        static_str *s = &small_strs[i];
        size_t n = i < 128 ? 1 : 0;
        s->ob_base.refcnt = OH_IMMORTAL_REFCNT;
        s->ob_base.type = &oh_str_type;
        s->nbytes = (int64_t)n;
        s->len_state = (uint64_t)n << 1;
        s->data[0] = (char)(n ? i : 0);
        s->data[1] = '\0';
        s->hash = ohi_hash_bytes(s->data, n);
    }
}

static oh_object *
small_str(size_t n, unsigned char c)
{
    return &small_strs[n == 0 ? 128 : c].ob_base;
}

static oh_object *
str_from_valid(const char *data, size_t n, int64_t length)
{
    if (n == 0 || (n == 1 && (unsigned char)data[0] < 128))
        return small_str(n, n ? (unsigned char)data[0] : 0);
    oh_object *o = str_alloc(n);
    if (o == NULL)
        return NULL;
    memcpy(OHI_STR(o)->data, data, n);
    OHI_STR(o)->len_state = (uint64_t)length << 1;
    return o;
}

oh_object *
oh_str_from_utf8(const char *s, size_t n)
{
    if (s == NULL && n != 0) {
        oh_err_set(OH_ERR_VALUE, "oh_str_from_utf8: NULL text");
        return NULL;
    }
    int64_t length = utf8_check((const unsigned char *)s, n);
    if (length < 0)
        return NULL;
    return str_from_valid(s, n, length);
}

oh_object *
oh_str_from_cstr(const char *s)
{
    if (s == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_str_from_cstr: NULL text");
        return NULL;
    }
    return oh_str_from_utf8(s, strlen(s));
}

oh_object *
oh_str_from_format(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) {
        oh_err_set(OH_ERR_VALUE, "oh_str_from_format: bad format");
        return NULL;
    }
    if ((size_t)n < sizeof buf)
        return oh_str_from_utf8(buf, (size_t)n);
    /* Too long for the stack buffer: format into the str itself. */
    oh_object *o = str_alloc((size_t)n);
    if (o == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(OHI_STR(o)->data, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int64_t length = utf8_check((unsigned char *)OHI_STR(o)->data,
                                (size_t)n);
    if (length < 0) {
        oh_decref(o);
        return NULL;
    }
    OHI_STR(o)->len_state = (uint64_t)length << 1;
    return o;
}

/* ==========================================================================
 * Accessors and operations
 * ========================================================================== */

const char *
oh_str_utf8(oh_object *o, size_t *nbytes)
{
    OHI_NOT_NULL(o, NULL);
    if (o->type != &oh_str_type)
        return ohi_type_error(o, "str");
    if (nbytes != NULL)
        *nbytes = (size_t)OHI_STR(o)->nbytes;
    return OHI_STR(o)->data;
}

int64_t
oh_str_length(oh_object *o)
{
    OHI_NOT_NULL(o, -1);
    if (o->type != &oh_str_type) {
        ohi_type_error(o, "str");
        return -1;
    }
    return OHI_STR_LENGTH(OHI_STR(o));
}

oh_object *
oh_str_concat(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    if (a->type != &oh_str_type || b->type != &oh_str_type) {
        ohi_check_live(a, "oh_str_concat");
        ohi_check_live(b, "oh_str_concat");
        oh_err_format(OH_ERR_TYPE, "can only concatenate str (not \"%s\") "
                      "to str", oh_type_name(a->type != &oh_str_type ? a : b));
        return NULL;
    }
    ohi_str *x = OHI_STR(a), *y = OHI_STR(b);
    if (y->nbytes == 0 || x->nbytes == 0) {
        oh_object *r = y->nbytes == 0 ? a : b;
        oh_incref(r);
        return r;
    }
    oh_object *o = str_alloc((size_t)x->nbytes + (size_t)y->nbytes);
    if (o == NULL)
        return NULL;
    ohi_str *s = OHI_STR(o);
    memcpy(s->data, x->data, (size_t)x->nbytes);
    memcpy(s->data + x->nbytes, y->data, (size_t)y->nbytes);
    s->len_state = (uint64_t)(OHI_STR_LENGTH(x) + OHI_STR_LENGTH(y)) << 1;
    return o;
}

/* The byte offset of code point k in valid UTF-8. */
static size_t
utf8_offset(const ohi_str *s, int64_t k)
{
    if (OHI_STR_LENGTH(s) == s->nbytes)
        return (size_t)k;               /* ASCII */
    size_t i = 0;
    for (int64_t seen = 0; seen < k; i++) {
        if (((unsigned char)s->data[i + 1] & 0xc0) != 0x80)
            seen++;
    }
    return i;
}

oh_object *
oh_str_slice(oh_object *o, int64_t start, int64_t stop)
{
    OHI_NOT_NULL(o, NULL);
    if (o->type != &oh_str_type)
        return ohi_type_error(o, "str");
    ohi_str *s = OHI_STR(o);
    ohi_slice_bounds(&start, &stop, OHI_STR_LENGTH(s));
    size_t b0 = utf8_offset(s, start), b1 = utf8_offset(s, stop);
    return str_from_valid(s->data + b0, b1 - b0, stop - start);
}

int
oh_str_equal_cstr(oh_object *o, const char *cstr)
{
    OHI_NOT_NULL(o, 0);
    if (o->type != &oh_str_type || cstr == NULL)
        return 0;
    size_t n = strlen(cstr);
    return (size_t)OHI_STR(o)->nbytes == n
           && memcmp(OHI_STR(o)->data, cstr, n) == 0;
}

/* ==========================================================================
 * repr
 * ========================================================================== */

static oh_object *
str_repr(oh_object *o)
{
    ohi_str *s = OHI_STR(o);
    const char *p = s->data;
    size_t n = (size_t)s->nbytes;
    /* Python's choice: single quotes unless the text has ' and no ". */
    char quote = '\'';
    if (memchr(p, '\'', n) != NULL && memchr(p, '"', n) == NULL)
        quote = '"';
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    ohi_strbuf_add(&b, &quote, 1);
    size_t run = 0;                     /* start of the unescaped run */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        const char *esc = NULL;
        char hex[8];
        if (c == (unsigned char)quote || c == '\\') {
            hex[0] = '\\';
            hex[1] = (char)c;
            hex[2] = '\0';
            esc = hex;
        }
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\r')
            esc = "\\r";
        else if (c == '\t')
            esc = "\\t";
        else if (c < 0x20 || c == 0x7f) {
            snprintf(hex, sizeof hex, "\\x%02x", c);
            esc = hex;
        }
        else if (c == 0xc2 && i + 1 < n
                 && (unsigned char)p[i + 1] < 0xa0) {
            /* U+0080..U+009F: C1 control characters. */
            snprintf(hex, sizeof hex, "\\x%02x", (unsigned char)p[i + 1]);
            ohi_strbuf_add(&b, p + run, i - run);
            ohi_strbuf_adds(&b, hex);
            i++;
            run = i + 1;
            continue;
        }
        if (esc != NULL) {
            ohi_strbuf_add(&b, p + run, i - run);
            ohi_strbuf_adds(&b, esc);
            run = i + 1;
        }
    }
    ohi_strbuf_add(&b, p + run, n - run);
    ohi_strbuf_add(&b, &quote, 1);
    return ohi_strbuf_finish(&b);
}

/* ==========================================================================
 * The string builder
 * ========================================================================== */

void
ohi_strbuf_init(ohi_strbuf *b)
{
    b->data = b->small;
    b->len = 0;
    b->cap = sizeof b->small;
    b->failed = false;
}

static bool
strbuf_reserve(ohi_strbuf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->len + extra <= b->cap)
        return true;
    size_t cap = b->cap * 2;
    while (cap < b->len + extra)
        cap *= 2;
    char *p;
    if (b->data == b->small) {
        p = oh_malloc(cap);
        if (p != NULL)
            memcpy(p, b->small, b->len);
    }
    else {
        p = oh_realloc(b->data, cap);
    }
    if (p == NULL) {
        b->failed = true;
        oh_err_no_memory();
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void
ohi_strbuf_add(ohi_strbuf *b, const char *s, size_t n)
{
    if (n == 0 || !strbuf_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
}

void
ohi_strbuf_adds(ohi_strbuf *b, const char *s)
{
    ohi_strbuf_add(b, s, strlen(s));
}

void
ohi_strbuf_addf(ohi_strbuf *b, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        ohi_strbuf_add(b, tmp, (size_t)n);
        return;
    }
    if (!strbuf_reserve(b, (size_t)n + 1))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

int
ohi_strbuf_add_repr(ohi_strbuf *b, oh_object *o)
{
    oh_object *r = oh_repr(o);
    if (r == NULL)
        return -1;
    ohi_strbuf_add(b, OHI_STR(r)->data, (size_t)OHI_STR(r)->nbytes);
    oh_decref(r);
    return b->failed ? -1 : 0;
}

void
ohi_strbuf_discard(ohi_strbuf *b)
{
    if (b->data != b->small)
        oh_free(b->data);
    b->data = b->small;
    b->len = 0;
}

oh_object *
ohi_strbuf_finish(ohi_strbuf *b)
{
    oh_object *r = NULL;
    if (!b->failed)
        r = str_from_valid(b->data, b->len, utf8_count(b->data, b->len));
    ohi_strbuf_discard(b);
    return r;
}

/* ==========================================================================
 * Interning
 * ========================================================================== */

/* The slot holding a str equal to o, or the empty slot where it would go. */
static oh_object **
intern_slot(ohi_object_state *st, oh_object *o, oh_hash_t h)
{
    size_t i = (size_t)h & st->interned_mask;
    for (;;) {
        oh_object **slot = &st->interned[i];
        if (*slot == NULL || *slot == o
            || (OHI_STR(*slot)->hash == h && ohi_str_eq(*slot, o)))
            return slot;
        i = (i + 1) & st->interned_mask;
    }
}

/* Make room for one more entry (R3).  -1 with MemoryError. */
static int
intern_reserve(ohi_object_state *st)
{
    size_t slots = st->interned ? st->interned_mask + 1 : 0;
    if (3 * (st->interned_count + 1) <= 2 * slots)
        return 0;
    size_t nslots = slots ? slots * 2 : INTERN_MIN_SLOTS;
    oh_object **table = oh_calloc(nslots, sizeof *table);
    if (table == NULL) {
        oh_err_no_memory();
        return -1;
    }
    oh_object **old = st->interned;
    st->interned = table;
    st->interned_mask = nslots - 1;
    for (size_t i = 0; i < slots; i++) {
        if (old[i] != NULL)
            *intern_slot(st, old[i], OHI_STR(old[i])->hash) = old[i];
    }
    oh_free(old);
    return 0;
}

oh_object *
oh_str_intern(oh_object *o)
{
    OHI_NOT_NULL(o, NULL);
    if (o->type != &oh_str_type)
        return ohi_type_error(o, "str");
    ohi_str *s = OHI_STR(o);
    ohi_object_state *st = &OHI_RT->obj;
    /* The shared small strs are their value's one object already: no
     * entry in the table (which would then outlive every other interned
     * str). */
    if (s->nbytes == 0 || (s->nbytes == 1 && (unsigned char)s->data[0] < 128))
        return small_str((size_t)s->nbytes, (unsigned char)s->data[0]);
    if (!(s->len_state & OHI_STR_INTERNED)) {
        oh_hash_t h = ohi_str_hash(o);
        if (st->interned != NULL) {
            oh_object **slot = intern_slot(st, o, h);
            if (*slot != NULL) {
                oh_incref(*slot);       /* R2: the earlier equal str */
                return *slot;
            }
        }
        if (intern_reserve(st) < 0)
            return NULL;
        *intern_slot(st, o, h) = o;
        st->interned_count++;
        s->len_state |= OHI_STR_INTERNED;
    }
    oh_incref(o);
    return o;
}

oh_object *
oh_str_intern_cstr(const char *cstr)
{
    oh_object *s = oh_str_from_cstr(cstr);
    if (s == NULL)
        return NULL;
    oh_object *r = oh_str_intern(s);
    oh_decref(s);
    return r;
}

void
ohi_str_unintern(oh_object *o)
{
    ohi_object_state *st = &OHI_RT->obj;
    size_t mask = st->interned_mask;
    size_t i = (size_t)OHI_STR(o)->hash & mask;
    while (st->interned[i] != o)
        i = (i + 1) & mask;
    /* Backward-shift deletion (R4): move each later entry of the run into
     * the hole when its home slot does not lie between hole and entry. */
    size_t hole = i;
    for (size_t j = (i + 1) & mask; st->interned[j] != NULL;
         j = (j + 1) & mask) {
        size_t home = (size_t)OHI_STR(st->interned[j])->hash & mask;
        bool stays = hole <= j ? (hole < home && home <= j)
                               : (hole < home || home <= j);
        if (!stays) {
            st->interned[hole] = st->interned[j];
            hole = j;
        }
    }
    st->interned[hole] = NULL;
    OHI_STR(o)->len_state &= ~OHI_STR_INTERNED;
    if (--st->interned_count == 0) {
        oh_free(st->interned);          /* R3 */
        st->interned = NULL;
        st->interned_mask = 0;
    }
}
