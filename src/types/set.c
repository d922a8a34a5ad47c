/*
 * set.c -- unordered collections of distinct hashable objects.
 *
 * What this file owns
 * -------------------
 * The set type: an open-addressed hash table of (key, hash) entries, and
 * every set operation.
 *
 * Layout (a container: gc head first, object.c)
 * ------
 *
 *   ohi_set | gc (16) | refcnt | type | used | fill | mask | version |
 *           | finger | table |                               80 bytes
 *                        |
 *                        v  oh_malloc'd: mask + 1 entries of 16 bytes
 *           | key, hash | key, hash | ... |
 *
 * An entry's key is NULL (never used), DUMMY (its key was removed: probes
 * must go on past it) or a live key.  Unlike a dict, a set needs no order,
 * so the table holds the entries themselves (CPython's layout too).
 * CPython embeds an 8-entry table in every set object (200 bytes before
 * the gc head, even when empty); ours is allocated on the first add, so an
 * empty set is 80 bytes and a small one 80 + 128.
 *
 * Probing: the dict's recurrence (i = 5i + perturb + 1), so every slot is
 * reached.  Growth: when an add would bring fill (live + dummy entries) to
 * 3/5 of the slots, the table is first rebuilt at the smallest power of two
 * above 4 * used (2 * used past 50,000 items), dropping dummies: CPython
 * 3.11's rule, which keeps our sizes at or below its sys.getsizeof.
 *
 * Invariants
 * ----------
 * E1. used == live entries; fill == live + DUMMY entries.
 * E2. table == NULL iff mask == 0 (no table yet); otherwise mask + 1 is a
 *     power of two >= 8 and fill * 5 < mask * 3 after every operation,
 *     so a NULL entry always exists and probes terminate.
 * E3. Every live key is hashable, held by one reference, and appears once.
 * E4. version changes whenever an item is added or removed (iteration
 *     safety, as dict.c).
 *
 * Tunables
 * --------
 * - MIN_SLOTS = 8, fill limit 3/5, growth x4 then x2 past 50,000: CPython's
 *   PySet_MINSIZE and set_add_entry figures.
 */
#include "internal.h"

#include <string.h>

#define MIN_SLOTS 8

typedef struct setentry {
    oh_object *key;
    oh_hash_t hash;
} setentry;

typedef struct ohi_set {
    oh_object ob_base;
    int64_t used;               /* live entries (E1) */
    int64_t fill;               /* live + dummy entries (E1) */
    size_t mask;                /* slots - 1, or 0 without a table (E2) */
    uint64_t version;           /* E4 */
    size_t finger;              /* where oh_set_pop looks first */
    setentry *table;
} ohi_set;

_Static_assert(sizeof(ohi_set) == 64, "set header: 64 bytes + gc head");

/* The marker left by a removal.  Never visible outside this file. */
static oh_object dummy_key = {OH_IMMORTAL_REFCNT, &oh_none_type};
#define DUMMY (&dummy_key)

#define SET(o) ((ohi_set *)(void *)(o))
/* By kind: frozensets (ohi_frozenset_type) and the interpreter's
 * subclasses of set and frozenset have this layout too. */
#define SET_CHECK(o)                                                        \
    (OHI_TYPE_KIND((o)->type) == OHI_KIND_SET                               \
     || OHI_TYPE_KIND((o)->type) == OHI_KIND_FROZENSET)

static inline oh_hash_t
item_hash(oh_object *key)
{
    if (key->type == &oh_str_type) {
        oh_hash_t h = OHI_STR(key)->hash;
        return h != -1 ? h : ohi_str_hash(key);
    }
    return oh_hash(key);
}

/* Find key: 1 and *slot = its entry; 0 and *slot = where to insert it (the
 * first dummy on its probe path, else the NULL entry ending it); -1 on a
 * comparison error.  The table must exist. */
static int
lookup(ohi_set *s, oh_object *key, oh_hash_t hash, size_t *slot)
{
restart:;
    setentry *table = s->table;
    if (table == NULL)
        return 0;
    size_t mask = s->mask;
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    size_t free_slot = SIZE_MAX;
    for (;;) {
        setentry *e = &table[i];
        if (e->key == NULL) {
            *slot = free_slot != SIZE_MAX ? free_slot : i;
            return 0;
        }
        if (e->key == DUMMY) {
            if (free_slot == SIZE_MAX)
                free_slot = i;
        }
        else if (e->key == key) {
            *slot = i;
            return 1;
        }
        else if (e->hash == hash) {
            oh_object *k = e->key;
            uint64_t version = s->version;
            oh_incref(k);
            int r = oh_equal(k, key);
            oh_decref(k);
            if (r < 0)
                return -1;
            if (s->version != version || s->table != table)
                goto restart;
            if (r > 0) {
                *slot = i;
                return 1;
            }
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* Rebuild the table for `minused` items.  0, or -1 with MemoryError and
 * the set unchanged. */
static int
set_resize(ohi_set *s, int64_t minused)
{
    size_t slots = MIN_SLOTS;
    while (slots <= (size_t)minused)
        slots <<= 1;
    setentry *table = oh_calloc(slots, sizeof(setentry));
    if (table == NULL) {
        oh_err_no_memory();
        return -1;
    }
    setentry *old = s->table;
    size_t oldslots = old != NULL ? s->mask + 1 : 0;
    size_t mask = slots - 1;
    for (size_t j = 0; j < oldslots; j++) {
        oh_object *k = old[j].key;
        if (k == NULL || k == DUMMY)
            continue;
        size_t perturb = (size_t)old[j].hash;
        size_t i = (size_t)old[j].hash & mask;
        while (table[i].key != NULL) {
            perturb >>= 5;
            i = (i * 5 + perturb + 1) & mask;
        }
        table[i] = old[j];
    }
    oh_free(old);
    s->table = table;
    s->mask = mask;
    s->fill = s->used;
    return 0;
}

static int
set_add_hashed(ohi_set *s, oh_object *key, oh_hash_t hash)
{
    if (s->table == NULL && set_resize(s, 0) < 0)
        return -1;
    size_t slot;
    int r = lookup(s, key, hash, &slot);
    if (r != 0)
        return r < 0 ? -1 : 0;
    if (s->table[slot].key == NULL
        && (size_t)(s->fill + 1) * 5 >= s->mask * 3) {
        /* E2: grow before the add that would reach 3/5 (the point at
         * which CPython grows just after it, so the sizes agree). */
        int64_t n = s->used + 1;
        if (set_resize(s, n > 50000 ? n * 2 : n * 4) < 0)
            return -1;
        size_t mask = s->mask, perturb = (size_t)hash;
        slot = (size_t)hash & mask;
        while (s->table[slot].key != NULL) {
            perturb >>= 5;
            slot = (slot * 5 + perturb + 1) & mask;
        }
    }
    setentry *e = &s->table[slot];
    if (e->key == NULL)
        s->fill++;
    oh_incref(key);
    e->key = key;
    e->hash = hash;
    s->used++;
    s->version++;
    return 0;
}

/* ==========================================================================
 * The type
 * ========================================================================== */

static void
set_dealloc(oh_object *o)
{
    if (!ohi_trashcan_begin(o))
        return;
    ohi_set *s = SET(o);
    if (s->table != NULL) {
        for (size_t i = 0; i <= s->mask; i++) {
            oh_object *k = s->table[i].key;
            if (k != NULL && k != DUMMY)
                oh_decref(k);
        }
        oh_free(s->table);
    }
    ohi_object_free(o);
    ohi_trashcan_end();
}

/* The collector's clear. */
static void
set_clear(oh_object *o)
{
    (void)oh_set_clear(o);
}

static int
set_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    ohi_set *s = SET(o);
    for (size_t i = 0; s->table != NULL && i <= s->mask; i++) {
        oh_object *k = s->table[i].key;
        if (k != NULL && k != DUMMY)
            OH_VISIT(k);
    }
    return 0;
}

static size_t
set_sizeof(oh_object *o)
{
    ohi_set *s = SET(o);
    return sizeof(ohi_set)
           + (s->table != NULL ? (s->mask + 1) * sizeof(setentry) : 0);
}

static int
set_equal(oh_object *a, oh_object *b)
{
    if (!SET_CHECK(b))
        return OH_NOT_IMPLEMENTED;
    if (SET(a)->used != SET(b)->used)
        return 0;
    oh_set_iter it;
    oh_object *k;
    int r;
    oh_set_iter_init(&it, a);
    while ((r = oh_set_iter_next(&it, &k)) == 1) {
        oh_incref(k);
        int c = oh_set_contains(b, k);
        oh_decref(k);
        if (c != 1)
            return c;
    }
    return r == 0 ? 1 : -1;
}

static oh_object *
set_repr(oh_object *o)
{
    if (SET(o)->used == 0)
        return oh_str_from_cstr("set()");
    int seen = ohi_repr_enter(o);
    if (seen != 0)
        return seen > 0 ? oh_str_from_cstr("{...}") : NULL;
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    ohi_strbuf_add(&b, "{", 1);
    int rc = 0;
    bool first = true;
    for (size_t i = 0; rc == 0 && SET(o)->table != NULL && i <= SET(o)->mask;
         i++) {
        oh_object *k = SET(o)->table[i].key;
        if (k == NULL || k == DUMMY)
            continue;
        if (!first)
            ohi_strbuf_add(&b, ", ", 2);
        first = false;
        oh_incref(k);
        rc = ohi_strbuf_add_repr(&b, k);
        oh_decref(k);
    }
    ohi_repr_leave(o);
    if (rc < 0) {
        ohi_strbuf_discard(&b);
        return NULL;
    }
    ohi_strbuf_add(&b, "}", 1);
    return ohi_strbuf_finish(&b);
}

const oh_type oh_set_type = {
    .name = "set",
    .basicsize = sizeof(ohi_set),
    .flags = OH_TYPE_CONTAINER
             | OHI_KIND(OHI_KIND_SET),
    .dealloc = set_dealloc,
    .traverse = set_traverse,
    .clear = set_clear,
    .equal = set_equal,
    .repr = set_repr,
    .getsizeof = set_sizeof,
};

/* CPython's frozenset_hash: the xor of every item's hash, shuffled so
 * that nearby hashes spread, then the size folded in and the bits
 * dispersed (nested frozensets would otherwise cancel out). */
static uint64_t
shuffle_bits(uint64_t h)
{
    return ((h ^ 89869747u) ^ (h << 16)) * 3644798167u;
}

static oh_hash_t
frozenset_hash(oh_object *o)
{
    ohi_set *s = SET(o);
    uint64_t h = 0;
    for (size_t i = 0; s->table != NULL && i <= s->mask; i++) {
        oh_object *k = s->table[i].key;
        if (k != NULL && k != DUMMY)
            h ^= shuffle_bits((uint64_t)s->table[i].hash);
    }
    h ^= ((uint64_t)s->used + 1) * 1927868237u;
    h ^= (h >> 11) ^ (h >> 25);
    h = h * 69069u + 907133923u;
    if (h == UINT64_MAX)
        h = 590923713u;
    return (oh_hash_t)h;
}

/* The interpreter's frozenset: a set's layout and behaviour, hashable,
 * and never changed once built (its constructor is the only writer). */
const oh_type ohi_frozenset_type = {
    .name = "frozenset",
    .basicsize = sizeof(ohi_set),
    .flags = OH_TYPE_CONTAINER | OH_TYPE_IMMUTABLE | OH_TYPE_HASHABLE
             | OHI_KIND(OHI_KIND_FROZENSET),
    .dealloc = set_dealloc,
    .traverse = set_traverse,
    .clear = set_clear,
    .hash = frozenset_hash,
    .equal = set_equal,
    .repr = set_repr,
    .getsizeof = set_sizeof,
};

int
oh_set_check(const oh_object *o)
{
    return SET_CHECK(o);
}

/* The hash of `key` for an operation on `o`, after checking that `o` is a
 * set: -1 with a TypeError (or the hash's own error) on either failure. */
static oh_hash_t
set_item_hash(oh_object *o, oh_object *key)
{
    if (OH_UNLIKELY(!SET_CHECK(o))) {
        ohi_type_error(o, "set");
        return -1;
    }
    return item_hash(key);
}

/* ==========================================================================
 * The API
 * ========================================================================== */

static oh_object *
set_new_of(const oh_type *type)
{
    oh_object *o = ohi_object_alloc(type, 0);
    if (o == NULL)
        return NULL;
    ohi_set *s = SET(o);
    s->used = 0;
    s->fill = 0;
    s->mask = 0;
    s->version = 0;
    s->finger = 0;
    s->table = NULL;
    ohi_gc_track(o);                    /* complete: traverse sees none */
    ohi_gc_safe_point();
    return o;
}

oh_object *
oh_set_new(void)
{
    return set_new_of(&oh_set_type);
}

oh_object *
ohi_frozenset_new(void)
{
    return set_new_of(&ohi_frozenset_type);
}

int
oh_set_add(oh_object *o, oh_object *item)
{
    oh_hash_t h = set_item_hash(o, item);
    if (h == -1)
        return -1;
    return set_add_hashed(SET(o), item, h);
}

int
oh_set_contains(oh_object *o, oh_object *item)
{
    oh_hash_t h = set_item_hash(o, item);
    if (h == -1)
        return -1;
    size_t slot;
    return lookup(SET(o), item, h, &slot);
}

int
oh_set_discard(oh_object *o, oh_object *item)
{
    oh_hash_t h = set_item_hash(o, item);
    if (h == -1)
        return -1;
    ohi_set *s = SET(o);
    size_t slot;
    int r = lookup(s, item, h, &slot);
    if (r <= 0)
        return r;
    oh_object *old = s->table[slot].key;
    s->table[slot].key = DUMMY;
    s->used--;
    s->version++;
    oh_decref(old);                     /* last: may run code */
    return 1;
}

int
oh_set_remove(oh_object *o, oh_object *item)
{
    int r = oh_set_discard(o, item);
    if (r == 0) {
        oh_object *rep = oh_repr(item);
        if (rep != NULL) {
            oh_err_set(OH_ERR_KEY, oh_str_utf8(rep, NULL));
            oh_decref(rep);
        }
        return -1;
    }
    return r < 0 ? -1 : 0;
}

oh_object *
oh_set_pop(oh_object *o)
{
    if (!SET_CHECK(o))
        return ohi_type_error(o, "set");
    ohi_set *s = SET(o);
    if (s->used == 0) {
        oh_err_set(OH_ERR_KEY, "pop from an empty set");
        return NULL;
    }
    /* The finger makes popping everything O(n), not O(n^2). */
    size_t i = s->finger & s->mask;
    while (s->table[i].key == NULL || s->table[i].key == DUMMY)
        i = (i + 1) & s->mask;
    oh_object *k = s->table[i].key;
    s->table[i].key = DUMMY;
    s->used--;
    s->version++;
    s->finger = i + 1;
    return k;                           /* the set's reference, now ours */
}

int64_t
oh_set_size(oh_object *o)
{
    if (!SET_CHECK(o)) {
        ohi_type_error(o, "set");
        return -1;
    }
    return SET(o)->used;
}

int
oh_set_clear(oh_object *o)
{
    if (!SET_CHECK(o)) {
        ohi_type_error(o, "set");
        return -1;
    }
    ohi_set *s = SET(o);
    setentry *table = s->table;
    size_t slots = table != NULL ? s->mask + 1 : 0;
    s->table = NULL;
    s->mask = 0;
    s->used = 0;
    s->fill = 0;
    s->version++;
    for (size_t i = 0; i < slots; i++) {
        if (table[i].key != NULL && table[i].key != DUMMY)
            oh_decref(table[i].key);
    }
    oh_free(table);
    return 0;
}

int
oh_set_iter_init(oh_set_iter *it, oh_object *o)
{
    if (!SET_CHECK(o)) {
        ohi_type_error(o, "set");
        return -1;
    }
    it->set = o;
    it->pos = 0;
    it->used = SET(o)->used;
    it->version = SET(o)->version;
    return 0;
}

int
oh_set_iter_next(oh_set_iter *it, oh_object **item)
{
    ohi_set *s = SET(it->set);
    if (s->used != it->used || s->version != it->version) {
        oh_err_set(OH_ERR_RUNTIME, s->used != it->used
                   ? "Set changed size during iteration"
                   : "set changed during iteration");
        return -1;
    }
    while (s->table != NULL && (size_t)it->pos <= s->mask) {
        oh_object *k = s->table[it->pos++].key;
        if (k != NULL && k != DUMMY) {
            *item = k;
            return 1;
        }
    }
    return 0;
}
