/*
 * dict.c -- insertion-ordered hash tables in CPython's compact layout.
 *
 * What this file owns
 * -------------------
 * The dict type: its key table, lookup, insertion, deletion, growth,
 * iteration, and the C-string conveniences instances use for attributes.
 *
 * Layout (a container: gc head first, object.c)
 * ------
 *
 *   ohi_dict | gc (16) | refcnt | type | used | version | keys |   56 bytes
 *                                                          |
 *            +---------------------------------------------+
 *            v   one oh_malloc'd block
 *   dictkeys | log2_size, index width, kind | usable | nentries |  24 bytes
 *            | indices: 2^log2_size slots of 1, 2, 4 or 8 bytes    |
 *            | entries: usable + nentries entries, in insertion order |
 *
 * The table is split in two, as in CPython 3.6+: a sparse array of small
 * indices that hashing probes, and a dense array of entries that holds
 * keys and values in insertion order.  Iteration walks the entries, so it
 * is ordered and touches no empty slots; the sparse part costs 1 byte per
 * slot in small dicts instead of a 24-byte entry.
 *
 *   index slot:  EMPTY (-1)   never used since the table was built
 *                DUMMY (-2)   its entry was deleted (keeps probe chains)
 *                i >= 0       entries[i]
 *
 * Two entry kinds.  A table whose keys are all strs stores (key, value)
 * pairs, 16 bytes, and reads a key's hash from the str, which caches it;
 * any other table stores (hash, key, value), 24 bytes.  Inserting a
 * non-str key converts a str table to the general kind (one rebuild).
 * CPython 3.11 does the same ("unicode" keys); it keeps our str-keyed
 * dicts, the common case, a third smaller.
 *
 * Probing: slot i = hash & mask, then i = 5i + perturb + 1 (mod size) with
 * perturb = hash shifted right by 5 at each step, so every bit of the hash
 * takes part and every slot is eventually visited (CPython's recurrence).
 *
 * Growth: a table of size 2^k holds usable = 2/3 * 2^k entries (deleted
 * ones included).  When an insertion finds none left, the table is rebuilt
 * at the smallest power of two >= max(8, 3 * used), dropping deleted
 * entries: the same sizes as CPython 3.11, so oh_getsizeof matches its
 * sys.getsizeof figures or beats them by the smaller object header.  An
 * empty dict has no table at all (keys == NULL).
 *
 * Index width: 1 byte while 2^k <= 128, 2 while <= 2^15, 4 while <= 2^31,
 * else 8: an index must hold any entry number, and usable < 2^k.
 *
 * Iteration safety: `version` changes whenever a key is added or removed
 * (not when a value is replaced), to a number no dict has had (D6).  oh_dict_iter_next compares size and
 * version with what it saw at the start and fails with RuntimeError when
 * they differ, so no iterator ever reads a freed or moved table.
 *
 * Invariants
 * ----------
 * D1. used == number of entries in [0, nentries) with a non-NULL key.
 * D2. nentries + usable <= USABLE(2^log2_size) < 2^log2_size (equal
 *     unless ohi_dict_popitem dropped trailing entries), and only index
 *     slots of entries appended since the table was built are non-EMPTY
 *     (at most USABLE - usable of them), so at least one slot is EMPTY
 *     and every probe loop terminates.
 * D3. Every live entry i is referenced by exactly one index slot, the one
 *     its key's probe sequence reaches first among slots not EMPTY whose
 *     entry has that key; deleted entries have key == value == NULL and
 *     their slot holds DUMMY.
 * D4. kind == KIND_STR implies every live key is a str whose hash is
 *     cached.
 * D5. A dict holds one reference to each live key and value.
 * D6. Versions come from one counter of the runtime, so no two dicts
 *     with keys share a version, and a version names one state of one
 *     key table: while a dict's version is v, its table is neither
 *     rebuilt nor freed and every entry stays where it is.  The
 *     interpreter's LOAD_GLOBAL caches lean on this (ohi_dict_value_slot):
 *     a value slot found under version v is the key's while the version
 *     stays v.  An empty dict that never had keys has version 0.
 *
 * Tunables
 * --------
 * - MIN_SIZE = 8 slots (5 usable): CPython's PyDict_MINSIZE.
 * - Load 2/3 and growth to 3 * used: CPython's USABLE_FRACTION and
 *   GROWTH_RATE; keeping them keeps the size table in tests/test_sizes.c
 *   comparable entry for entry.
 */
#include "internal.h"

#include <string.h>

#define MIN_LOG2 3
#define IX_EMPTY (-1)
#define IX_DUMMY (-2)
#define USABLE(size) (((size) << 1) / 3)

enum { KIND_STR = 1, KIND_GENERAL = 2 };

struct ohi_dictkeys {
    uint8_t log2_size;          /* index slots = 1 << log2_size */
    uint8_t log2_width;         /* bytes per index = 1 << log2_width */
    uint8_t kind;               /* KIND_STR or KIND_GENERAL */
    uint8_t unused_[5];
    int64_t usable;             /* entries that can still be appended */
    int64_t nentries;           /* entries appended (deleted included) */
    char indices[];             /* then the entries */
};
typedef struct ohi_dictkeys dictkeys;

typedef struct str_entry {
    oh_object *key;
    oh_object *value;
} str_entry;

typedef struct gen_entry {
    oh_hash_t hash;
    oh_object *key;
    oh_object *value;
} gen_entry;

/* ohi_dict is in internal.h, for the interpreter's global caches. */

_Static_assert(sizeof(dictkeys) == 24, "the key table header is 24 bytes");
_Static_assert(sizeof(ohi_dict) == 40, "dict header: 40 bytes + gc head");

#define DICT(o) ((ohi_dict *)(void *)(o))

/* A version no dict has had (D6). */
static inline uint64_t
next_version(void)
{
    return ++OHI_RT->obj.dict_version;
}
/* By kind, so instances of the interpreter's subclasses of dict (which
 * have this layout and a descriptor of their own) are dicts here too. */
#define DICT_CHECK(o) (ohi_kind(o) == OHI_KIND_DICT)

/* ==========================================================================
 * The key table
 * ========================================================================== */

static inline size_t
keys_nslots(const dictkeys *k)
{
    return (size_t)1 << k->log2_size;
}

static inline void *
keys_entries(const dictkeys *k)
{
    return (void *)(uintptr_t)(k->indices
                               + (keys_nslots(k) << k->log2_width));
}

static inline size_t
entry_size(int kind)
{
    return kind == KIND_STR ? sizeof(str_entry) : sizeof(gen_entry);
}

static size_t
keys_bytes(const dictkeys *k)
{
    size_t slots = keys_nslots(k);
    return sizeof(dictkeys) + (slots << k->log2_width)
           + (size_t)USABLE(slots) * entry_size(k->kind);
}

static inline int64_t
ix_get(const dictkeys *k, size_t i)
{
    switch (k->log2_width) {
    case 0:
        return ((const int8_t *)(const void *)k->indices)[i];
    case 1:
        return ((const int16_t *)(const void *)k->indices)[i];
    case 2:
        return ((const int32_t *)(const void *)k->indices)[i];
    default:
        return ((const int64_t *)(const void *)k->indices)[i];
    }
}

static inline void
ix_set(dictkeys *k, size_t i, int64_t ix)
{
    switch (k->log2_width) {
    case 0:
        ((int8_t *)(void *)k->indices)[i] = (int8_t)ix;
        break;
    case 1:
        ((int16_t *)(void *)k->indices)[i] = (int16_t)ix;
        break;
    case 2:
        ((int32_t *)(void *)k->indices)[i] = (int32_t)ix;
        break;
    default:
        ((int64_t *)(void *)k->indices)[i] = ix;
        break;
    }
}

static inline oh_object **
entry_key(const dictkeys *k, int64_t i)
{
    if (k->kind == KIND_STR)
        return &((str_entry *)keys_entries(k))[i].key;
    return &((gen_entry *)keys_entries(k))[i].key;
}

static inline oh_object **
entry_value(const dictkeys *k, int64_t i)
{
    if (k->kind == KIND_STR)
        return &((str_entry *)keys_entries(k))[i].value;
    return &((gen_entry *)keys_entries(k))[i].value;
}

static inline oh_hash_t
entry_hash(const dictkeys *k, int64_t i)
{
    if (k->kind == KIND_STR)
        return OHI_STR(((str_entry *)keys_entries(k))[i].key)->hash;
    return ((gen_entry *)keys_entries(k))[i].hash;
}

/* A new empty table of 2^log2 slots.  NULL with MemoryError. */
static dictkeys *
keys_new(unsigned log2, int kind)
{
    size_t slots = (size_t)1 << log2;
    unsigned width = log2 <= 7 ? 0 : log2 <= 15 ? 1 : log2 <= 31 ? 2 : 3;
    size_t bytes = sizeof(dictkeys) + (slots << width)
                   + (size_t)USABLE(slots) * entry_size(kind);
    dictkeys *k = oh_malloc(bytes);
    if (k == NULL)
        return oh_err_no_memory();
    k->log2_size = (uint8_t)log2;
    k->log2_width = (uint8_t)width;
    k->kind = (uint8_t)kind;
    memset(k->unused_, 0, sizeof k->unused_);
    k->usable = (int64_t)USABLE(slots);
    k->nentries = 0;
    memset(k->indices, 0xff, slots << width);   /* all IX_EMPTY */
    return k;
}

/* The first slot of hash's probe sequence that holds no entry. */
static size_t
find_empty_slot(const dictkeys *k, oh_hash_t hash)
{
    size_t mask = keys_nslots(k) - 1;
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    while (ix_get(k, i) >= 0) {
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
    return i;
}

/* Point the index slots of entries [0, n) of a fresh table at them, by
 * probing for each hash's first EMPTY slot.  Specialised by index width
 * (the constant `width` after inlining): rebuilding is most of the cost of
 * growing a big dict. */
OHI_INLINE void
build_indices_width(dictkeys *k, int64_t n, unsigned width)
{
    size_t mask = keys_nslots(k) - 1;
    for (int64_t ix = 0; ix < n; ix++) {
        oh_hash_t hash = entry_hash(k, ix);
        size_t perturb = (size_t)hash;
        size_t i = (size_t)hash & mask;
        for (;;) {
            bool empty;
            switch (width) {
            case 0:
                empty = ((int8_t *)(void *)k->indices)[i] == IX_EMPTY;
                break;
            case 1:
                empty = ((int16_t *)(void *)k->indices)[i] == IX_EMPTY;
                break;
            case 2:
                empty = ((int32_t *)(void *)k->indices)[i] == IX_EMPTY;
                break;
            default:
                empty = ((int64_t *)(void *)k->indices)[i] == IX_EMPTY;
                break;
            }
            if (empty)
                break;
            perturb >>= 5;
            i = (i * 5 + perturb + 1) & mask;
        }
        ix_set(k, i, ix);
    }
}

static void
build_indices(dictkeys *k, int64_t n)
{
    switch (k->log2_width) {
    case 0:
        build_indices_width(k, n, 0);
        break;
    case 1:
        build_indices_width(k, n, 1);
        break;
    case 2:
        build_indices_width(k, n, 2);
        break;
    default:
        build_indices_width(k, n, 3);
        break;
    }
}

/* Rebuild d's table for at least `minused` items, of kind `kind`, keeping
 * the entries in order and dropping deleted ones.  0, or -1 with
 * MemoryError and d unchanged. */
static int
dict_resize(ohi_dict *d, int64_t minused, int kind)
{
    unsigned log2 = MIN_LOG2;
    while (((int64_t)1 << log2) < minused)
        log2++;
    dictkeys *nk = keys_new(log2, kind);
    if (nk == NULL)
        return -1;
    dictkeys *ok = d->keys;
    int64_t n = 0;
    if (ok != NULL) {
        if (ok->kind == kind && ok->nentries == d->used) {
            /* No deleted entries: the entries move as one block. */
            n = ok->nentries;
            memcpy(keys_entries(nk), keys_entries(ok),
                   (size_t)n * entry_size(kind));
        }
        else {
            for (int64_t i = 0; i < ok->nentries; i++) {
                oh_object *key = *entry_key(ok, i);
                if (key == NULL)
                    continue;
                if (kind == KIND_STR) {
                    str_entry *e = &((str_entry *)keys_entries(nk))[n];
                    e->key = key;
                    e->value = *entry_value(ok, i);
                }
                else {
                    gen_entry *e = &((gen_entry *)keys_entries(nk))[n];
                    e->hash = entry_hash(ok, i);
                    e->key = key;
                    e->value = *entry_value(ok, i);
                }
                n++;
            }
        }
        oh_free(ok);
    }
    build_indices(nk, n);
    nk->nentries = n;
    nk->usable -= n;
    d->keys = nk;
    return 0;
}

/* ==========================================================================
 * Lookup
 * ========================================================================== */

/* The hash of a key; strs use their cached hash.  -1 with TypeError for
 * an unhashable key. */
static inline oh_hash_t
key_hash(oh_object *key)
{
    if (key->type == &oh_str_type) {
        oh_hash_t h = OHI_STR(key)->hash;
        return h != -1 ? h : ohi_str_hash(key);
    }
    return oh_hash(key);
}

/* The lookup of a str key in a str-keyed table (the common case, and the
 * one docs/BENCHMARKS.md measures), specialised by index width so the
 * probe loop has no width switch: each probe costs the index load, the
 * entry's key load and, on a hash match, one memcmp.  Results as lookup's
 * below; a str never compares equal to a str of another value, so no
 * code runs and no restart is needed. */
OHI_INLINE int
lookup_str_width(const dictkeys *k, oh_object *key, oh_hash_t hash,
                 int64_t *ix_out, size_t *slot_out, unsigned width)
{
    const str_entry *entries = keys_entries(k);
    const ohi_str *ks = OHI_STR(key);
    size_t mask = keys_nslots(k) - 1;
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    for (;;) {
        int64_t ix;
        switch (width) {
        case 0:
            ix = ((const int8_t *)(const void *)k->indices)[i];
            break;
        case 1:
            ix = ((const int16_t *)(const void *)k->indices)[i];
            break;
        case 2:
            ix = ((const int32_t *)(const void *)k->indices)[i];
            break;
        default:
            ix = ((const int64_t *)(const void *)k->indices)[i];
            break;
        }
        if (ix == IX_EMPTY) {
            *slot_out = i;
            return 0;
        }
        if (ix >= 0) {
            const ohi_str *e = OHI_STR(entries[ix].key);
            if (e == ks
                || (e->hash == hash && e->nbytes == ks->nbytes
                    && memcmp(e->data, ks->data, (size_t)ks->nbytes) == 0)) {
                *ix_out = ix;
                *slot_out = i;
                return 1;
            }
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

static int
lookup_str(const dictkeys *k, oh_object *key, oh_hash_t hash,
           int64_t *ix_out, size_t *slot_out)
{
    switch (k->log2_width) {
    case 0:
        return lookup_str_width(k, key, hash, ix_out, slot_out, 0);
    case 1:
        return lookup_str_width(k, key, hash, ix_out, slot_out, 1);
    case 2:
        return lookup_str_width(k, key, hash, ix_out, slot_out, 2);
    default:
        return lookup_str_width(k, key, hash, ix_out, slot_out, 3);
    }
}

/* Find key.  Returns 1 (found: *ix its entry, *slot its index slot), 0
 * (missing: *slot the EMPTY slot that ends its probe sequence), or -1
 * with an error from a comparison. */
static int
lookup(ohi_dict *d, oh_object *key, oh_hash_t hash, int64_t *ix_out,
       size_t *slot_out)
{
restart:;
    dictkeys *k = d->keys;
    if (k == NULL)
        return 0;
    if (k->kind == KIND_STR && key->type == &oh_str_type)
        return lookup_str(k, key, hash, ix_out, slot_out);
    size_t mask = keys_nslots(k) - 1;
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    for (;;) {
        int64_t ix = ix_get(k, i);
        if (ix == IX_EMPTY) {
            *slot_out = i;
            return 0;
        }
        if (ix >= 0) {
            oh_object *ek = *entry_key(k, ix);
            if (ek == key)
                goto found;
            if (entry_hash(k, ix) == hash) {
                /* oh_equal may run code that changes d: hold the key,
                 * and start again if the key set changed meanwhile. */
                uint64_t version = d->version;
                oh_incref(ek);
                int r = oh_equal(ek, key);
                oh_decref(ek);
                if (r < 0)
                    return -1;
                if (d->version != version || d->keys != k)
                    goto restart;
                if (r > 0)
                    goto found;
            }
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
        continue;
    found:
        *ix_out = ix;
        *slot_out = i;
        return 1;
    }
}

/* Store key -> value (both borrowed; increfed here). */
static int
insert(ohi_dict *d, oh_object *key, oh_hash_t hash, oh_object *value)
{
    int64_t ix;
    size_t slot;
    int r = lookup(d, key, hash, &ix, &slot);
    if (r < 0)
        return -1;
    /* Lazy tracking (gc.c, "Untracking"): a dict is tracked once it
     * holds something that may be in a cycle; CPython 3.11's
     * MAINTAIN_TRACKING. */
    if (!ohi_gc_is_tracked(&d->ob_base)
        && (ohi_gc_may_be_tracked(key) || ohi_gc_may_be_tracked(value)))
        ohi_gc_track(&d->ob_base);
    if (r > 0) {
        oh_object **vp = entry_value(d->keys, ix);
        oh_object *old = *vp;
        oh_incref(value);
        *vp = value;
        oh_decref(old);                 /* last: may run code */
        return 0;
    }
    bool str_key = key->type == &oh_str_type;
    dictkeys *k = d->keys;
    if (k == NULL || k->usable <= 0 || (k->kind == KIND_STR && !str_key)) {
        int kind = (k == NULL || k->kind == KIND_STR) && str_key
                   ? KIND_STR : KIND_GENERAL;
        if (dict_resize(d, d->used * 3, kind) < 0)
            return -1;
        k = d->keys;
        slot = find_empty_slot(k, hash);
    }
    ix = k->nentries;
    oh_incref(key);
    oh_incref(value);
    if (k->kind == KIND_STR) {
        str_entry *e = &((str_entry *)keys_entries(k))[ix];
        e->key = key;
        e->value = value;
    }
    else {
        gen_entry *e = &((gen_entry *)keys_entries(k))[ix];
        e->hash = hash;
        e->key = key;
        e->value = value;
    }
    ix_set(k, slot, ix);
    k->nentries++;
    k->usable--;
    d->used++;
    d->version = next_version();
    return 0;
}

/* ==========================================================================
 * The type
 * ========================================================================== */

static void
dict_dealloc(oh_object *o)
{
    if (!ohi_trashcan_begin(o))
        return;
    dictkeys *k = DICT(o)->keys;
    if (k != NULL) {
        for (int64_t i = k->nentries; --i >= 0;) {
            oh_object *key = *entry_key(k, i);
            if (key != NULL) {
                oh_decref(key);
                oh_decref(*entry_value(k, i));
            }
        }
        oh_free(k);
    }
    ohi_object_free(o);
    ohi_trashcan_end();
}

/* The collector's clear. */
static void
dict_clear(oh_object *o)
{
    (void)oh_dict_clear(o);
}

static int
dict_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    dictkeys *k = DICT(o)->keys;
    for (int64_t i = 0; k != NULL && i < k->nentries; i++) {
        OH_VISIT(*entry_key(k, i));
        OH_VISIT(*entry_value(k, i));
    }
    return 0;
}

static size_t
dict_sizeof(oh_object *o)
{
    dictkeys *k = DICT(o)->keys;
    return sizeof(ohi_dict) + (k != NULL ? keys_bytes(k) : 0);
}

static int
dict_equal(oh_object *a, oh_object *b)
{
    if (!DICT_CHECK(b))
        return OH_NOT_IMPLEMENTED;
    if (DICT(a)->used != DICT(b)->used)
        return 0;
    dictkeys *k = DICT(a)->keys;
    for (int64_t i = 0; k != NULL && i < k->nentries; i++) {
        oh_object *key = *entry_key(k, i);
        if (key == NULL)
            continue;
        oh_object *va = *entry_value(k, i);
        oh_incref(key);
        oh_incref(va);
        oh_object *vb = NULL;
        int r = oh_dict_lookup(b, key, &vb);
        if (r > 0) {
            oh_incref(vb);
            r = oh_equal(va, vb);
            oh_decref(vb);
        }
        oh_decref(key);
        oh_decref(va);
        if (r != 1)
            return r;
        if (DICT(a)->keys != k)
            break;              /* changed under us: compare what is left */
    }
    return DICT(a)->used == DICT(b)->used;
}

static oh_object *
dict_repr(oh_object *o)
{
    if (DICT(o)->used == 0)
        return oh_str_from_cstr("{}");
    int seen = ohi_repr_enter(o);
    if (seen != 0)
        return seen > 0 ? oh_str_from_cstr("{...}") : NULL;
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    ohi_strbuf_add(&b, "{", 1);
    int rc = 0;
    bool first = true;
    for (int64_t i = 0; rc == 0 && DICT(o)->keys != NULL
                        && i < DICT(o)->keys->nentries; i++) {
        dictkeys *k = DICT(o)->keys;
        oh_object *key = *entry_key(k, i);
        if (key == NULL)
            continue;
        oh_object *value = *entry_value(k, i);
        if (!first)
            ohi_strbuf_add(&b, ", ", 2);
        first = false;
        oh_incref(key);
        oh_incref(value);
        rc = ohi_strbuf_add_repr(&b, key);
        if (rc == 0) {
            ohi_strbuf_add(&b, ": ", 2);
            rc = ohi_strbuf_add_repr(&b, value);
        }
        oh_decref(key);
        oh_decref(value);
    }
    ohi_repr_leave(o);
    if (rc < 0) {
        ohi_strbuf_discard(&b);
        return NULL;
    }
    ohi_strbuf_add(&b, "}", 1);
    return ohi_strbuf_finish(&b);
}

const oh_type oh_dict_type = {
    .name = "dict",
    .basicsize = sizeof(ohi_dict),
    .flags = OH_TYPE_CONTAINER
             | OHI_KIND(OHI_KIND_DICT),
    .dealloc = dict_dealloc,
    .traverse = dict_traverse,
    .clear = dict_clear,
    .equal = dict_equal,
    .repr = dict_repr,
    .getsizeof = dict_sizeof,
};

int
oh_dict_check(const oh_object *o)
{
    OHI_NOT_NULL(o, 0);
    return DICT_CHECK(o);
}

/* The hash of `key` for an operation on `o`, after checking that `o` is a
 * dict: -1 with a TypeError (or the hash's own error) on either failure. */
static oh_hash_t
dict_key_hash(oh_object *o, oh_object *key)
{
    if (OH_UNLIKELY(!DICT_CHECK(o))) {
        ohi_type_error(o, "dict");
        return -1;
    }
    return key_hash(key);
}

/* ==========================================================================
 * The API
 * ========================================================================== */

oh_object *
oh_dict_new(void)
{
    oh_object *o = ohi_object_alloc(&oh_dict_type, 0);
    if (o == NULL)
        return NULL;
    DICT(o)->used = 0;
    DICT(o)->version = 0;
    DICT(o)->keys = NULL;
    /* Untracked until it holds a container (CPython 3.11, verified:
     * gc.is_tracked({}) is False). */
    ohi_gc_safe_point();
    return o;
}

int
oh_dict_set(oh_object *d, oh_object *key, oh_object *value)
{
    OHI_NOT_NULL(d, -1);
    OHI_NOT_NULL(key, -1);
    OHI_NOT_NULL(value, -1);
    oh_hash_t h = dict_key_hash(d, key);
    if (h == -1)
        return -1;
    return insert(DICT(d), key, h, value);
}

int
oh_dict_lookup(oh_object *d, oh_object *key, oh_object **value)
{
    OHI_NOT_NULL(d, -1);
    OHI_NOT_NULL(key, -1);
    oh_hash_t h = dict_key_hash(d, key);
    if (h == -1)
        return -1;
    int64_t ix;
    size_t slot;
    int r = lookup(DICT(d), key, h, &ix, &slot);
    if (r > 0 && value != NULL)
        *value = *entry_value(DICT(d)->keys, ix);
    return r;
}

int
ohi_dict_lookup_entry(oh_object *d, oh_object *key, oh_object **key_out,
                      oh_object **value_out)
{
    oh_hash_t h = key_hash(key);
    if (h == -1)
        return -1;
    int64_t ix;
    size_t slot;
    int r = lookup(DICT(d), key, h, &ix, &slot);
    if (r > 0) {
        *key_out = *entry_key(DICT(d)->keys, ix);
        *value_out = *entry_value(DICT(d)->keys, ix);
    }
    return r;
}

int
ohi_dict_value_slot(oh_object *d, oh_object *key, oh_object ***slot_out)
{
    if (d->type != &oh_dict_type || key->type != &oh_str_type)
        return -1;
    dictkeys *k = DICT(d)->keys;
    if (k == NULL)
        return 0;
    if (k->kind != KIND_STR)
        return -1;
    int64_t ix;
    size_t slot;
    if (lookup_str(k, key, key_hash(key), &ix, &slot) <= 0)
        return 0;
    *slot_out = entry_value(k, ix);
    return 1;
}

/* KeyError whose message is the key's repr, as Python's. */
static void
key_error(oh_object *key)
{
    oh_object *r = oh_repr(key);
    if (r == NULL)
        return;                 /* the repr's error stands */
    oh_err_set(OH_ERR_KEY, oh_str_utf8(r, NULL));
    oh_decref(r);
}

oh_object *
oh_dict_get(oh_object *d, oh_object *key)
{
    OHI_NOT_NULL(d, NULL);
    OHI_NOT_NULL(key, NULL);
    oh_object *value = NULL;
    int r = oh_dict_lookup(d, key, &value);
    if (r == 0)
        key_error(key);
    return r > 0 ? value : NULL;
}

int
oh_dict_contains(oh_object *d, oh_object *key)
{
    OHI_NOT_NULL(d, -1);
    OHI_NOT_NULL(key, -1);
    return oh_dict_lookup(d, key, NULL);
}

int
oh_dict_delete(oh_object *o, oh_object *key)
{
    OHI_NOT_NULL(o, -1);
    OHI_NOT_NULL(key, -1);
    oh_hash_t h = dict_key_hash(o, key);
    if (h == -1)
        return -1;
    ohi_dict *d = DICT(o);
    int64_t ix;
    size_t slot;
    int r = lookup(d, key, h, &ix, &slot);
    if (r <= 0) {
        if (r == 0)
            key_error(key);
        return -1;
    }
    dictkeys *k = d->keys;
    oh_object **kp = entry_key(k, ix), **vp = entry_value(k, ix);
    oh_object *oldkey = *kp, *oldvalue = *vp;
    *kp = NULL;
    *vp = NULL;
    ix_set(k, slot, IX_DUMMY);
    d->used--;
    d->version = next_version();
    oh_decref(oldkey);                  /* last: may run code */
    oh_decref(oldvalue);
    return 0;
}

int64_t
oh_dict_size(oh_object *d)
{
    OHI_NOT_NULL(d, -1);
    if (!DICT_CHECK(d)) {
        ohi_type_error(d, "dict");
        return -1;
    }
    return DICT(d)->used;
}

int
oh_dict_clear(oh_object *o)
{
    OHI_NOT_NULL(o, -1);
    if (!DICT_CHECK(o)) {
        ohi_type_error(o, "dict");
        return -1;
    }
    ohi_dict *d = DICT(o);
    dictkeys *k = d->keys;
    /* Empty the dict first: dropping the items may run code. */
    d->keys = NULL;
    d->used = 0;
    d->version = next_version();
    if (k != NULL) {
        for (int64_t i = 0; i < k->nentries; i++) {
            oh_object *key = *entry_key(k, i);
            if (key != NULL) {
                oh_decref(key);
                oh_decref(*entry_value(k, i));
            }
        }
        oh_free(k);
    }
    return 0;
}

oh_object *
oh_dict_keys(oh_object *o)
{
    OHI_NOT_NULL(o, NULL);
    if (!DICT_CHECK(o))
        return ohi_type_error(o, "dict");
    oh_object *l = oh_list_new();
    if (l == NULL)
        return NULL;
    dictkeys *k = DICT(o)->keys;
    for (int64_t i = 0; k != NULL && i < k->nentries; i++) {
        oh_object *key = *entry_key(k, i);
        if (key != NULL && oh_list_append(l, key) < 0) {
            oh_decref(l);
            return NULL;
        }
    }
    return l;
}

int
ohi_dict_lookup_str(oh_object *o, const char *s, oh_object **value)
{
    ohi_dict *d = DICT(o);
    dictkeys *k = d->keys;
    if (k == NULL)
        return 0;
    size_t n = strlen(s);
    oh_hash_t hash = ohi_hash_bytes(s, n);
    size_t mask = keys_nslots(k) - 1;
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    for (;;) {
        int64_t ix = ix_get(k, i);
        if (ix == IX_EMPTY)
            return 0;
        if (ix >= 0) {
            oh_object *ek = *entry_key(k, ix);
            if (ek->type == &oh_str_type && entry_hash(k, ix) == hash
                && (size_t)OHI_STR(ek)->nbytes == n
                && memcmp(OHI_STR(ek)->data, s, n) == 0) {
                *value = *entry_value(k, ix);
                return 1;
            }
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

int
oh_dict_set_str(oh_object *d, const char *key, oh_object *value)
{
    OHI_NOT_NULL(d, -1);
    OHI_NOT_NULL(value, -1);
    if (!DICT_CHECK(d)) {
        ohi_type_error(d, "dict");
        return -1;
    }
    oh_object *k = oh_str_intern_cstr(key);
    if (k == NULL)
        return -1;
    int r = insert(DICT(d), k, ohi_str_hash(k), value);
    oh_decref(k);
    return r;
}

oh_object *
oh_dict_get_str(oh_object *d, const char *key)
{
    OHI_NOT_NULL(d, NULL);
    if (!DICT_CHECK(d))
        return ohi_type_error(d, "dict");
    oh_object *value;
    if (ohi_dict_lookup_str(d, key, &value) > 0)
        return value;
    oh_err_format(OH_ERR_KEY, "'%s'", key);
    return NULL;
}

/* ==========================================================================
 * Iteration
 * ========================================================================== */

int
oh_dict_iter_init(oh_dict_iter *it, oh_object *d)
{
    OHI_NOT_NULL(d, -1);
    if (!DICT_CHECK(d)) {
        ohi_type_error(d, "dict");
        return -1;
    }
    it->dict = d;
    it->pos = 0;
    it->used = DICT(d)->used;
    it->version = DICT(d)->version;
    return 0;
}

int
oh_dict_iter_next(oh_dict_iter *it, oh_object **key, oh_object **value)
{
    ohi_dict *d = DICT(it->dict);
    if (d->used != it->used) {
        it->used = -1;          /* stays failed */
        oh_err_set(OH_ERR_RUNTIME,
                   "dictionary changed size during iteration");
        return -1;
    }
    if (d->version != it->version) {
        oh_err_set(OH_ERR_RUNTIME,
                   "dictionary keys changed during iteration");
        return -1;
    }
    dictkeys *k = d->keys;
    while (k != NULL && it->pos < k->nentries) {
        int64_t i = it->pos++;
        oh_object *ek = *entry_key(k, i);
        if (ek != NULL) {
            if (key != NULL)
                *key = ek;
            if (value != NULL)
                *value = *entry_value(k, i);
            return 1;
        }
    }
    return 0;
}

/* ==========================================================================
 * Entries by position (the interpreter's dict iterators, popitem)
 * ========================================================================== */

int64_t
ohi_dict_nentries(oh_object *d)
{
    return DICT(d)->keys != NULL ? DICT(d)->keys->nentries : 0;
}

int
ohi_dict_entry_at(oh_object *d, int64_t i, oh_object **key,
                  oh_object **value)
{
    dictkeys *k = DICT(d)->keys;
    if (k == NULL || i < 0 || i >= k->nentries)
        return 0;
    oh_object *ek = *entry_key(k, i);
    if (ek == NULL)
        return 0;
    if (key != NULL)
        *key = ek;
    if (value != NULL)
        *value = *entry_value(k, i);
    return 1;
}

int
ohi_dict_popitem(oh_object *o, oh_object **key, oh_object **value)
{
    ohi_dict *d = DICT(o);
    dictkeys *k = d->keys;
    if (k == NULL || d->used == 0)
        return 0;
    int64_t i = k->nentries - 1;
    while (i >= 0 && *entry_key(k, i) == NULL)
        i--;
    OH_ASSERT(i >= 0);
    /* The index slot that points at entry i. */
    oh_hash_t hash = entry_hash(k, i);
    size_t mask = keys_nslots(k) - 1;
    size_t perturb = (size_t)hash;
    size_t slot = (size_t)hash & mask;
    while (ix_get(k, slot) != i) {
        perturb >>= 5;
        slot = (slot * 5 + perturb + 1) & mask;
    }
    ix_set(k, slot, IX_DUMMY);
    *key = *entry_key(k, i);
    *value = *entry_value(k, i);
    *entry_key(k, i) = NULL;
    *entry_value(k, i) = NULL;
    /* Trailing deleted entries are dropped; usable stays (D2: the DUMMY
     * slot still counts against the table). */
    k->nentries = i;
    d->used--;
    d->version = next_version();
    return 1;
}
