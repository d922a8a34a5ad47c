/*
 * set.c -- set and frozenset: collections of distinct hashable objects,
 * laid out and iterated exactly as CPython 3.11 lays them out.
 *
 * What this file owns
 * -------------------
 * The set and frozenset types, one implementation for both: an open-
 * addressed hash table of (key, hash) entries, lookups, insertion,
 * removal, growth, and the set algebra (union, intersection, difference,
 * symmetric difference, subset tests) with the order in which CPython's
 * Objects/setobject.c visits and inserts items, and frozenset's hash.
 *
 * Why CPython's order
 * -------------------
 * A set has no order of its own: iteration walks the table from slot 0.
 * So `print({10, 100, 5, 3, 1000000, -1})` prints what Python prints only
 * if every slot of every table is the one CPython would use: same hashes
 * (int.c, float.c, tuple.c give CPython's), same table sizes, same probe
 * sequence, same growth points, and the same order of insertions inside
 * each operation (a | b copies a, then adds b's items in b's table order;
 * a & b walks the smaller operand; a ^ b starts from a copy of b; ...).
 * Each function below says which CPython routine its order follows.
 *
 * Layout (a container: gc head first, object.c)
 * ------
 *
 *   ohi_set | gc (16) | refcnt | type | used | fill | mask | version |
 *           | finger | table | hash |                       72 bytes
 *                        |
 *                        v  oh_malloc'd: mask + 1 entries of 16 bytes
 *           | key, hash | key, hash | ... |
 *
 * An entry is unused (key NULL, hash 0), a dummy (key DUMMY, hash -1: its
 * key was removed, so probes go on past it) or live.  CPython embeds an
 * 8-entry table in every set (200 bytes before the gc head, even when
 * empty); ours is allocated on the first insertion and until then is an
 * empty 8-entry table that is not there (mask 7, table NULL), so an empty
 * set is 88 bytes with the gc head and a small one 216, as in CPython.
 *
 * Probing (CPython's set_lookkey and set_insert_clean): start at hash &
 * mask; look at that entry and, while they lie inside the table, the
 * LINEAR_PROBES entries after it (tables of 16 slots or more), then jump:
 * perturb >>= 5, i = (5i + 1 + perturb) & mask, and look again.  An
 * insertion takes the last dummy seen on the way (not the first: CPython
 * 3.11 overwrites its freeslot) if the probe ends at an unused entry.
 * Growth (set_add_entry): after an insertion into an unused entry makes
 * fill * 5 >= mask * 3, the table is rebuilt at the smallest power of two
 * above 4 * used (2 * used past 50,000), live entries reinserted in the
 * old table's slot order, dummies dropped.
 *
 * Invariants
 * ----------
 * E1. used == live entries; fill == live + dummy entries.
 * E2. mask + 1 is a power of two >= MIN_SLOTS.  table == NULL implies
 *     mask == MIN_SLOTS - 1 and used == fill == 0.  With a table,
 *     fill < mask + 1 between operations, so an unused entry ends every
 *     probe.
 * E3. Every live key is hashable, held by one reference, and appears
 *     once; its entry's hash is its hash, never -1.  A dummy's hash is -1,
 *     an unused entry's 0.
 * E4. version changes whenever an item is added or removed or the table
 *     is rebuilt (iteration safety, as dict.c).
 * E5. A frozenset's items never change once its constructor returns;
 *     hash is -1 until frozenset_hash caches it (always -1 for a set).
 *
 * Tunables
 * --------
 * - MIN_SLOTS 8, LINEAR_PROBES 9, PERTURB_SHIFT 5, the fill limit 3/5 and
 *   growth x4 (x2 past 50,000 items): CPython 3.11's PySet_MINSIZE and
 *   setobject.c's figures.  They are not ours to tune: changing any of
 *   them changes the order a program prints.
 */
#include "internal.h"

#include <string.h>

#define MIN_SLOTS 8
#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5

typedef struct setentry {
    oh_object *key;
    oh_hash_t hash;
} setentry;

typedef struct ohi_set {
    oh_object ob_base;
    int64_t used;               /* live entries (E1) */
    int64_t fill;               /* live + dummy entries (E1) */
    size_t mask;                /* slots - 1 (E2) */
    uint64_t version;           /* E4 */
    size_t finger;              /* where oh_set_pop looks first */
    setentry *table;            /* NULL: empty, MIN_SLOTS slots (E2) */
    oh_hash_t hash;             /* frozenset's cached hash, or -1 (E5) */
} ohi_set;

_Static_assert(sizeof(ohi_set) == 72, "set header: 72 bytes + gc head");

/* The marker left by a removal.  Never visible outside this file. */
static oh_object dummy_key = {OH_IMMORTAL_REFCNT, &oh_none_type};
#define DUMMY (&dummy_key)

#define SET(o) ((ohi_set *)(void *)(o))
/* Checks by kind, so that a Python subclass's instances (which keep the
 * layout) pass. */
#define KIND(o) ohi_kind(o)
#define SET_CHECK(o) (KIND(o) == OHI_KIND_SET)
#define FROZENSET_CHECK(o) (KIND(o) == OHI_KIND_FROZENSET)
#define ANYSET_CHECK(o) (SET_CHECK(o) || FROZENSET_CHECK(o))

static inline oh_hash_t
item_hash(oh_object *key)
{
    if (key->type == &oh_str_type) {
        oh_hash_t h = OHI_STR(key)->hash;
        return h != -1 ? h : ohi_str_hash(key);
    }
    return oh_hash(key);
}

static inline bool
is_live(const oh_object *k)
{
    return k != NULL && k != DUMMY;
}

/* ==========================================================================
 * The table
 * ========================================================================== */

/* The table, allocated (MIN_SLOTS unused entries) if it was not yet
 * (E2).  NULL with MemoryError. */
static setentry *
ensure_table(ohi_set *s)
{
    if (OH_LIKELY(s->table != NULL))
        return s->table;
    OH_ASSERT(s->mask == MIN_SLOTS - 1 && s->used == 0 && s->fill == 0);
    s->table = oh_calloc(MIN_SLOTS, sizeof(setentry));
    if (s->table == NULL)
        oh_err_no_memory();
    return s->table;
}

/* Find key: 1 and *found = its entry; 0 when it is not there; -1 on a
 * comparison's error.  CPython's set_lookkey, comparisons included:
 * hash first, then identity, then equality; if a comparison changed the
 * table, the search starts again. */
static int
set_lookkey(ohi_set *s, oh_object *key, oh_hash_t hash, setentry **found)
{
restart:;
    setentry *table = s->table;
    if (table == NULL)
        return 0;
    size_t mask = s->mask;
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    for (;;) {
        setentry *e = &table[i];
        int probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
        do {
            if (e->key == NULL)
                return 0;
            if (e->hash == hash) {
                oh_object *start = e->key;
                if (start == key) {
                    *found = e;
                    return 1;
                }
                oh_incref(start);
                int cmp = oh_equal(start, key);
                oh_decref(start);
                if (cmp < 0)
                    return -1;
                if (s->table != table || e->key != start)
                    goto restart;
                if (cmp > 0) {
                    *found = e;
                    return 1;
                }
            }
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

/* Put a key known to be absent into a table with no dummies, on the same
 * probe sequence (CPython's set_insert_clean).  No reference changes. */
static void
insert_clean(setentry *table, size_t mask, oh_object *key, oh_hash_t hash)
{
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    for (;;) {
        setentry *e = &table[i];
        if (e->key == NULL) {
            e->key = key;
            e->hash = hash;
            return;
        }
        if (i + LINEAR_PROBES <= mask) {
            for (int j = 0; j < LINEAR_PROBES; j++) {
                e++;
                if (e->key == NULL) {
                    e->key = key;
                    e->hash = hash;
                    return;
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

/* Rebuild the table at the smallest power of two above minused (at least
 * MIN_SLOTS), reinserting live entries in the old table's slot order
 * (CPython's set_table_resize; a table of MIN_SLOTS with no dummies is
 * left alone, as there).  0, or -1 with MemoryError and s unchanged. */
static int
set_table_resize(ohi_set *s, int64_t minused)
{
    size_t slots = MIN_SLOTS;
    while (slots <= (size_t)minused)
        slots <<= 1;
    if (slots == MIN_SLOTS && s->mask + 1 == MIN_SLOTS && s->fill == s->used)
        return 0;
    setentry *table = oh_calloc(slots, sizeof(setentry));
    if (table == NULL) {
        oh_err_no_memory();
        return -1;
    }
    setentry *old = s->table;
    size_t oldslots = old != NULL ? s->mask + 1 : 0;
    size_t mask = slots - 1;
    for (size_t j = 0; j < oldslots; j++) {
        if (is_live(old[j].key))
            insert_clean(table, mask, old[j].key, old[j].hash);
    }
    oh_free(old);
    s->table = table;
    s->mask = mask;
    s->fill = s->used;
    s->version++;
    return 0;
}

/* Add key (hash known) unless an equal key is there: CPython's
 * set_add_entry, including where a new key goes (the last dummy on its
 * probe path, else the unused entry that ended it) and the growth check
 * after it.  0 (added or already there), or -1 with an error and s
 * unchanged. */
static int
set_add_entry(ohi_set *s, oh_object *key, oh_hash_t hash)
{
    if (ensure_table(s) == NULL)
        return -1;
    oh_incref(key);                     /* held across comparisons */
restart:;
    setentry *table = s->table;
    size_t mask = s->mask;
    size_t perturb = (size_t)hash;
    size_t i = (size_t)hash & mask;
    setentry *freeslot = NULL, *e;
    for (;;) {
        e = &table[i];
        int probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
        do {
            if (e->key == NULL)
                goto found_unused_or_dummy;
            if (e->hash == hash) {
                oh_object *start = e->key;
                if (start == key)
                    goto found_active;
                oh_incref(start);
                int cmp = oh_equal(start, key);
                oh_decref(start);
                if (cmp > 0)
                    goto found_active;
                if (cmp < 0)
                    goto error;
                if (s->table != table || e->key != start)
                    goto restart;
            }
            else if (e->hash == -1) {
                /* The last dummy on the path, not the first: CPython
                 * 3.11 keeps overwriting freeslot. */
                OH_ASSERT(e->key == DUMMY);
                freeslot = e;
            }
            e++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_unused_or_dummy:
    s->version++;
    if (freeslot != NULL) {
        freeslot->key = key;            /* the reference taken above */
        freeslot->hash = hash;
        s->used++;
        return 0;
    }
    e->key = key;
    e->hash = hash;
    s->fill++;
    s->used++;
    if ((size_t)s->fill * 5 < mask * 3)
        return 0;
    if (set_table_resize(s, s->used > 50000 ? s->used * 2
                                            : s->used * 4) == 0)
        return 0;
    /* No memory to grow: take the key out again (the entry was unused,
     * so the table is as it was). */
    e->key = NULL;
    e->hash = 0;
    s->fill--;
    s->used--;
error:
    oh_decref(key);
    return -1;
found_active:
    oh_decref(key);
    return 0;
}

static int
set_add_key(ohi_set *s, oh_object *key)
{
    oh_hash_t h = item_hash(key);
    if (h == -1)
        return -1;
    return set_add_entry(s, key, h);
}

/* 1 if key is in s, 0 if not, -1 on error. */
static int
set_contains_entry(ohi_set *s, oh_object *key, oh_hash_t hash)
{
    setentry *e;
    return set_lookkey(s, key, hash, &e);
}

/* Remove key if present: 1 if it was, 0 if not, -1 on error.  Its entry
 * becomes a dummy (E3); the table never shrinks here. */
static int
set_discard_entry(ohi_set *s, oh_object *key, oh_hash_t hash)
{
    setentry *e;
    int r = set_lookkey(s, key, hash, &e);
    if (r <= 0)
        return r;
    oh_object *old = e->key;
    e->key = DUMMY;
    e->hash = -1;
    s->used--;
    s->version++;
    oh_decref(old);                     /* last: may run code */
    return 1;
}

/* The next live entry at or after *pos, in slot order (CPython's
 * set_next): 1 and *e, or 0 at the end.  Reads the table afresh each
 * call, so a table rebuilt meanwhile is walked from the same index. */
static int
set_next(ohi_set *s, size_t *pos, setentry **e)
{
    size_t i = *pos;
    setentry *table = s->table;
    if (table == NULL)
        return 0;
    while (i <= s->mask && !is_live(table[i].key))
        i++;
    *pos = i + 1;
    if (i > s->mask)
        return 0;
    *e = &table[i];
    return 1;
}

/* Empty s (CPython's set_clear_internal): the table is detached first,
 * then its keys are released, so code run by a release sees an empty
 * set. */
static void
set_clear_internal(ohi_set *s)
{
    setentry *table = s->table;
    size_t slots = table != NULL ? s->mask + 1 : 0;
    s->table = NULL;
    s->mask = MIN_SLOTS - 1;
    s->used = 0;
    s->fill = 0;
    s->version++;
    for (size_t i = 0; i < slots; i++) {
        if (is_live(table[i].key))
            oh_decref(table[i].key);
    }
    oh_free(table);
}

/* ==========================================================================
 * The types
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
            if (is_live(k))
                oh_decref(k);
        }
        oh_free(s->table);
    }
    ohi_object_free(o);
    ohi_trashcan_end();
}

/* The collector's clear. */
static void
set_gc_clear(oh_object *o)
{
    set_clear_internal(SET(o));
}

static int
set_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    ohi_set *s = SET(o);
    for (size_t i = 0; s->table != NULL && i <= s->mask; i++) {
        oh_object *k = s->table[i].key;
        if (is_live(k))
            OH_VISIT(k);
    }
    return 0;
}

/* CPython's set_sizeof counts its embedded 8-entry table always and a
 * separate table when there is one; ours counts the table it has. */
static size_t
set_sizeof(oh_object *o)
{
    ohi_set *s = SET(o);
    return sizeof(ohi_set)
           + (s->table != NULL ? (s->mask + 1) * sizeof(setentry) : 0);
}

static int set_issubset_internal(ohi_set *a, ohi_set *b);

/* set == set, set == frozenset: same size and a <= b (CPython's
 * set_richcompare, with its shortcut on two known frozenset hashes). */
static int
set_equal(oh_object *a, oh_object *b)
{
    if (!ANYSET_CHECK(b))
        return OH_NOT_IMPLEMENTED;
    ohi_set *x = SET(a), *y = SET(b);
    if (x->used != y->used)
        return 0;
    if (x->hash != -1 && y->hash != -1 && x->hash != y->hash)
        return 0;
    return set_issubset_internal(x, y);
}

static oh_object *
set_repr(oh_object *o)
{
    bool frozen = FROZENSET_CHECK(o);
    if (SET(o)->used == 0)
        return oh_str_from_cstr(frozen ? "frozenset()" : "set()");
    int seen = ohi_repr_enter(o);
    if (seen != 0)
        return seen > 0 ? oh_str_from_format("%s(...)", oh_type_name(o))
                        : NULL;     /* CPython's set_repr: "set(...)" */
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    if (frozen)
        ohi_strbuf_adds(&b, "frozenset(");
    ohi_strbuf_add(&b, "{", 1);
    int rc = 0;
    bool first = true;
    size_t pos = 0;
    setentry *e;
    while (rc == 0 && set_next(SET(o), &pos, &e)) {
        oh_object *k = e->key;
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
    ohi_strbuf_adds(&b, frozen ? "})" : "}");
    return ohi_strbuf_finish(&b);
}

/* CPython's frozenset_hash: the xor of every live entry's hash, each
 * shuffled ((h ^ 89869747 ^ h << 16) * 3644798167) so that xor does not
 * cancel patterns, then the size and a final mix; cached (E5).  The xor
 * makes it independent of the table's order. */
static oh_hash_t
frozenset_hash(oh_object *o)
{
    ohi_set *s = SET(o);
    if (s->hash != -1)
        return s->hash;
    uint64_t h = 0;
    size_t pos = 0;
    setentry *e;
    while (set_next(s, &pos, &e)) {
        uint64_t x = (uint64_t)e->hash;
        h ^= ((x ^ 89869747u) ^ (x << 16)) * 3644798167u;
    }
    h ^= ((uint64_t)s->used + 1) * 1927868237u;
    h ^= (h >> 11) ^ (h >> 25);
    h = h * 69069u + 907133923u;
    if (h == UINT64_MAX)
        h = 590923713u;
    s->hash = (oh_hash_t)h;
    return s->hash;
}

const oh_type oh_set_type = {
    .name = "set",
    .basicsize = sizeof(ohi_set),
    .flags = OH_TYPE_CONTAINER
             | OHI_KIND(OHI_KIND_SET),
    .dealloc = set_dealloc,
    .traverse = set_traverse,
    .clear = set_gc_clear,
    .equal = set_equal,
    .repr = set_repr,
    .getsizeof = set_sizeof,
};

const oh_type oh_frozenset_type = {
    .name = "frozenset",
    .basicsize = sizeof(ohi_set),
    .flags = OH_TYPE_CONTAINER | OH_TYPE_IMMUTABLE | OH_TYPE_HASHABLE
             | OHI_KIND(OHI_KIND_FROZENSET),
    .dealloc = set_dealloc,
    .traverse = set_traverse,
    .clear = set_gc_clear,
    .hash = frozenset_hash,
    .equal = set_equal,
    .repr = set_repr,
    .getsizeof = set_sizeof,
};

int
oh_set_check(const oh_object *o)
{
    OHI_NOT_NULL(o, 0);
    return SET_CHECK(o);
}

int
oh_frozenset_check(const oh_object *o)
{
    OHI_NOT_NULL(o, 0);
    return FROZENSET_CHECK(o);
}

int
oh_anyset_check(const oh_object *o)
{
    OHI_NOT_NULL(o, 0);
    return ANYSET_CHECK(o);
}

/* An empty set (frozen: a frozenset), tracked.  NULL with MemoryError. */
static ohi_set *
make_empty(bool frozen)
{
    oh_object *o = ohi_object_alloc(frozen ? &oh_frozenset_type
                                           : &oh_set_type, 0);
    if (o == NULL)
        return NULL;
    ohi_set *s = SET(o);
    s->used = 0;
    s->fill = 0;
    s->mask = MIN_SLOTS - 1;
    s->version = 0;
    s->finger = 0;
    s->table = NULL;
    s->hash = -1;
    ohi_gc_track(o);                    /* complete: traverse sees none */
    return s;
}

/* The hash of `key` for an operation on `o`, after checking that `o` is a
 * set (frozensets too when frozen_ok): -1 with a TypeError (or the hash's
 * own error) on either failure. */
static oh_hash_t
checked_hash(oh_object *o, oh_object *key, bool frozen_ok)
{
    if (OH_UNLIKELY(!(SET_CHECK(o) || (frozen_ok && FROZENSET_CHECK(o))))) {
        ohi_type_error(o, "set");
        return -1;
    }
    return item_hash(key);
}

/* ==========================================================================
 * One set at a time
 * ========================================================================== */

oh_object *
oh_set_new(void)
{
    ohi_set *s = make_empty(false);
    if (s == NULL)
        return NULL;
    ohi_gc_safe_point();
    return &s->ob_base;
}

int
oh_set_add(oh_object *o, oh_object *item)
{
    OHI_NOT_NULL(o, -1);
    OHI_NOT_NULL(item, -1);
    oh_hash_t h = checked_hash(o, item, false);
    if (h == -1)
        return -1;
    return set_add_entry(SET(o), item, h);
}

int
oh_set_contains(oh_object *o, oh_object *item)
{
    OHI_NOT_NULL(o, -1);
    OHI_NOT_NULL(item, -1);
    oh_hash_t h = checked_hash(o, item, true);
    if (h == -1)
        return -1;
    return set_contains_entry(SET(o), item, h);
}

int
ohi_set_contains_hashed(oh_object *o, oh_object *item, oh_hash_t hash)
{
    return set_contains_entry(SET(o), item, hash);
}

int
oh_set_discard(oh_object *o, oh_object *item)
{
    OHI_NOT_NULL(o, -1);
    OHI_NOT_NULL(item, -1);
    oh_hash_t h = checked_hash(o, item, false);
    if (h == -1)
        return -1;
    return set_discard_entry(SET(o), item, h);
}

int
oh_set_remove(oh_object *o, oh_object *item)
{
    OHI_NOT_NULL(o, -1);
    OHI_NOT_NULL(item, -1);
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
    OHI_NOT_NULL(o, NULL);
    if (!SET_CHECK(o))
        return ohi_type_error(o, "set");
    ohi_set *s = SET(o);
    if (s->used == 0) {
        oh_err_set(OH_ERR_KEY, "pop from an empty set");
        return NULL;
    }
    /* CPython's set_pop: from the finger on, wrapping; the finger makes
     * popping everything O(n), not O(n^2). */
    size_t i = s->finger & s->mask;
    while (!is_live(s->table[i].key))
        i = (i + 1) & s->mask;
    oh_object *k = s->table[i].key;
    s->table[i].key = DUMMY;
    s->table[i].hash = -1;
    s->used--;
    s->version++;
    s->finger = i + 1;
    return k;                           /* the set's reference, now ours */
}

int64_t
oh_set_size(oh_object *o)
{
    OHI_NOT_NULL(o, -1);
    if (!ANYSET_CHECK(o)) {
        ohi_type_error(o, "set");
        return -1;
    }
    return SET(o)->used;
}

int
oh_set_clear(oh_object *o)
{
    OHI_NOT_NULL(o, -1);
    if (!SET_CHECK(o)) {
        ohi_type_error(o, "set");
        return -1;
    }
    set_clear_internal(SET(o));
    return 0;
}

int
oh_set_iter_init(oh_set_iter *it, oh_object *o)
{
    OHI_NOT_NULL(o, -1);
    if (!ANYSET_CHECK(o)) {
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
    size_t pos = (size_t)it->pos;
    setentry *e;
    if (!set_next(s, &pos, &e)) {
        it->pos = (int64_t)(s->mask + 1);
        return 0;
    }
    it->pos = (int64_t)pos;
    *item = e->key;
    return 1;
}

/* ==========================================================================
 * Building from other collections
 * ========================================================================== */

/* Add every item of a set into so: CPython's set_merge.  One resize up
 * front for the expected size; an empty so of the same size as a
 * dummy-free other gets other's entries slot for slot; an empty so
 * otherwise gets clean inserts in other's slot order; else ordinary adds
 * in other's slot order. */
static int
set_merge(ohi_set *so, ohi_set *other)
{
    if (so == other || other->used == 0)
        return 0;
    if ((so->fill + other->used) * 5 >= (int64_t)so->mask * 3
        && set_table_resize(so, (so->used + other->used) * 2) < 0)
        return -1;
    if (ensure_table(so) == NULL)
        return -1;
    if (so->fill == 0 && so->mask == other->mask
        && other->fill == other->used) {
        for (size_t i = 0; i <= other->mask; i++) {
            oh_object *k = other->table[i].key;
            if (k != NULL) {
                oh_incref(k);
                so->table[i] = other->table[i];
            }
        }
        so->fill = other->fill;
        so->used = other->used;
        so->version++;
        return 0;
    }
    if (so->fill == 0) {
        for (size_t i = 0; i <= other->mask; i++) {
            setentry *e = &other->table[i];
            if (is_live(e->key)) {
                oh_incref(e->key);
                insert_clean(so->table, so->mask, e->key, e->hash);
            }
        }
        so->fill = other->used;
        so->used = other->used;
        so->version++;
        return 0;
    }
    /* Comparisons may run code that changes other: reread it each
     * step. */
    for (size_t i = 0; other->table != NULL && i <= other->mask; i++) {
        setentry *e = &other->table[i];
        if (is_live(e->key) && set_add_entry(so, e->key, e->hash) < 0)
            return -1;
    }
    return 0;
}

static int
not_iterable(oh_object *o)
{
    oh_err_format(OH_ERR_TYPE, "'%s' object is not iterable",
                  oh_type_name(o));
    return -1;
}

/* The items of a dict (its keys, as a new list), list or tuple (a new
 * reference to it), in order; NULL with TypeError for anything else. */
static oh_object *
items_of(oh_object *o)
{
    unsigned kind = OHI_TYPE_KIND(o->type);
    if (kind == OHI_KIND_DICT)
        return oh_dict_keys(o);
    if (kind == OHI_KIND_LIST || kind == OHI_KIND_TUPLE) {
        oh_incref(o);
        return o;
    }
    not_iterable(o);
    return NULL;
}

/* Item i of items_of's result, or NULL past its end (a list is reread:
 * comparisons may change it).  Borrowed. */
static oh_object *
item_at(oh_object *items, int64_t i)
{
    if (OHI_TYPE_KIND(items->type) == OHI_KIND_LIST)
        return i < OHI_LIST(items)->size ? OHI_LIST(items)->items[i] : NULL;
    return i < OHI_TUPLE_SIZE(items) ? OHI_TUPLE(items)->items[i] : NULL;
}

/* Add every item of other (a set or frozenset, a dict's keys, a list's
 * or tuple's items) into so: CPython's set_update_internal. */
static int
set_update_internal(ohi_set *so, oh_object *other)
{
    if (ANYSET_CHECK(other))
        return set_merge(so, SET(other));
    if (OHI_TYPE_KIND(other->type) == OHI_KIND_DICT) {
        /* One resize for the dict's size, then its keys in order. */
        int64_t n = oh_dict_size(other);
        if ((so->fill + n) * 5 >= (int64_t)so->mask * 3
            && set_table_resize(so, (so->used + n) * 2) < 0)
            return -1;
        oh_dict_iter it;
        oh_object *k;
        int rc;
        oh_dict_iter_init(&it, other);
        while ((rc = oh_dict_iter_next(&it, &k, NULL)) == 1) {
            oh_incref(k);
            rc = set_add_key(so, k);
            oh_decref(k);
            if (rc < 0)
                return -1;
        }
        return rc;
    }
    if (OHI_TYPE_KIND(other->type) == OHI_KIND_LIST) {
        /* The list may change under comparisons: reread it each step. */
        for (int64_t i = 0; i < OHI_LIST(other)->size; i++) {
            oh_object *k = OHI_LIST(other)->items[i];
            oh_incref(k);
            int rc = set_add_key(so, k);
            oh_decref(k);
            if (rc < 0)
                return -1;
        }
        return 0;
    }
    if (OHI_TYPE_KIND(other->type) == OHI_KIND_TUPLE) {
        for (int64_t i = 0; i < OHI_TUPLE_SIZE(other); i++) {
            if (set_add_key(so, OHI_TUPLE(other)->items[i]) < 0)
                return -1;
        }
        return 0;
    }
    return not_iterable(other);
}

static bool check_anyset(oh_object *o);

/* A new set (frozen: frozenset) holding other's items, added as
 * set_update_internal adds them (CPython's make_new_set); other NULL:
 * empty.  New reference. */
static oh_object *
make_new_set(bool frozen, oh_object *other)
{
    ohi_set *s = make_empty(frozen);
    if (s == NULL)
        return NULL;
    if (other != NULL && set_update_internal(s, other) < 0) {
        oh_decref(&s->ob_base);
        return NULL;
    }
    ohi_gc_safe_point();
    return &s->ob_base;
}

void
ohi_set_init(oh_object *o)
{
    ohi_set *s = SET(o);
    s->used = 0;
    s->fill = 0;
    s->mask = MIN_SLOTS - 1;
    s->version = 0;
    s->finger = 0;
    s->table = NULL;
    s->hash = -1;
}

int
ohi_set_fill(oh_object *s, oh_object *other)
{
    if (!check_anyset(s))
        return -1;
    return set_update_internal(SET(s), other);
}

oh_object *
oh_set_from(oh_object *iterable)
{
    return make_new_set(false, iterable);
}

oh_object *
oh_frozenset_from(oh_object *iterable)
{
    if (iterable != NULL && iterable->type == &oh_frozenset_type) {
        oh_incref(iterable);            /* immutable: itself (E5) */
        return iterable;
    }
    return make_new_set(true, iterable);
}

/* ==========================================================================
 * The set algebra
 * ========================================================================== */

/* The first operand of a set operation: a set or frozenset. */
static bool
check_anyset(oh_object *o)
{
    if (OH_LIKELY(ANYSET_CHECK(o)))
        return true;
    ohi_type_error(o, "set");
    return false;
}

/* s.copy(), and the start of a | b: a new set of s's base kind with its
 * items (CPython's set_copy: make_new_set_basetype(type(s), s)). */
static oh_object *
set_copy(oh_object *s)
{
    return make_new_set(FROZENSET_CHECK(s), s);
}

oh_object *
oh_set_copy(oh_object *s)
{
    OHI_NOT_NULL(s, NULL);
    if (!check_anyset(s))
        return NULL;
    if (s->type == &oh_frozenset_type) {
        oh_incref(s);                   /* frozenset.copy() is itself */
        return s;
    }
    return set_copy(s);
}

int
oh_set_update(oh_object *s, oh_object *other)
{
    OHI_NOT_NULL(s, -1);
    OHI_NOT_NULL(other, -1);
    if (!SET_CHECK(s)) {
        ohi_type_error(s, "set");
        return -1;
    }
    return set_update_internal(SET(s), other);
}

/* a | b, a.union(b): a copy of a, then b's items (CPython's set_or). */
oh_object *
oh_set_union(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    if (!check_anyset(a))
        return NULL;
    oh_object *r = set_copy(a);
    if (r == NULL || a == b)
        return r;
    if (set_update_internal(SET(r), b) < 0) {
        oh_decref(r);
        return NULL;
    }
    return r;
}

/* a & b (CPython's set_intersection).  With a set or frozenset b, the
 * smaller operand is walked in slot order (b when sizes tie) and the
 * items found in the other added; otherwise b's items in order, stopping
 * once every item of a has been found. */
static oh_object *
set_intersection(oh_object *a, oh_object *b)
{
    if (a == b)
        return set_copy(a);
    ohi_set *r = make_empty(FROZENSET_CHECK(a));
    if (r == NULL)
        return NULL;
    oh_object *result = &r->ob_base;
    if (ANYSET_CHECK(b)) {
        ohi_set *so = SET(a), *other = SET(b);
        if (other->used > so->used) {
            ohi_set *t = so;
            so = other;
            other = t;
        }
        size_t pos = 0;
        setentry *e;
        while (set_next(other, &pos, &e)) {
            oh_object *k = e->key;
            oh_hash_t h = e->hash;
            oh_incref(k);
            int rv = set_contains_entry(so, k, h);
            if (rv > 0)
                rv = set_add_entry(r, k, h);
            oh_decref(k);
            if (rv < 0)
                goto fail;
        }
        return result;
    }
    /* A dict's keys, a list's or a tuple's items, in order. */
    oh_object *items = items_of(b), *k;
    if (items == NULL)
        goto fail;
    for (int64_t i = 0; (k = item_at(items, i)) != NULL; i++) {
        oh_incref(k);
        oh_hash_t h = item_hash(k);
        int rv = h == -1 ? -1 : set_contains_entry(SET(a), k, h);
        if (rv > 0)
            rv = set_add_entry(r, k, h);
        oh_decref(k);
        if (rv < 0) {
            oh_decref(items);
            goto fail;
        }
        if (rv > 0 && r->used >= SET(a)->used)
            break;
    }
    oh_decref(items);
    return result;
fail:
    oh_decref(result);
    return NULL;
}

oh_object *
oh_set_intersection(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    if (!check_anyset(a))
        return NULL;
    oh_object *r = set_intersection(a, b);
    if (r != NULL)
        ohi_gc_safe_point();
    return r;
}

/* Exchange the contents of two sets (CPython's set_swap_bodies): s &= b
 * is the intersection's table moved into s. */
static void
swap_bodies(ohi_set *a, ohi_set *b)
{
    ohi_set t = *a;
    a->used = b->used;
    a->fill = b->fill;
    a->mask = b->mask;
    a->table = b->table;
    a->hash = b->hash;
    b->used = t.used;
    b->fill = t.fill;
    b->mask = t.mask;
    b->table = t.table;
    b->hash = t.hash;
    a->version++;
    b->version++;
}

int
oh_set_intersection_update(oh_object *s, oh_object *other)
{
    OHI_NOT_NULL(s, -1);
    OHI_NOT_NULL(other, -1);
    if (!SET_CHECK(s)) {
        ohi_type_error(s, "set");
        return -1;
    }
    oh_object *t = set_intersection(s, other);
    if (t == NULL)
        return -1;
    swap_bodies(SET(s), SET(t));
    SET(s)->hash = -1;
    oh_decref(t);
    return 0;
}

/* s -= other (CPython's set_difference_update_internal): other's items
 * (other replaced by s & other when it is more than 8 times larger)
 * discarded one by one; then, if more than a quarter of the slots are
 * dummies, the table is rebuilt. */
static int
set_difference_update_internal(ohi_set *so, oh_object *other)
{
    if (&so->ob_base == other) {
        set_clear_internal(so);
        return 0;
    }
    if (ANYSET_CHECK(other)) {
        oh_object *o = other;
        if ((SET(other)->used >> 3) > so->used) {
            if ((o = set_intersection(&so->ob_base, other)) == NULL)
                return -1;
        }
        else {
            oh_incref(o);
        }
        size_t pos = 0;
        setentry *e;
        while (set_next(SET(o), &pos, &e)) {
            oh_object *k = e->key;
            oh_incref(k);
            int rv = set_discard_entry(so, k, e->hash);
            oh_decref(k);
            if (rv < 0) {
                oh_decref(o);
                return -1;
            }
        }
        oh_decref(o);
    }
    else {
        oh_object *items = items_of(other), *k;
        if (items == NULL)
            return -1;
        for (int64_t i = 0; (k = item_at(items, i)) != NULL; i++) {
            oh_incref(k);
            oh_hash_t h = item_hash(k);
            int rv = h == -1 ? -1 : set_discard_entry(so, k, h);
            oh_decref(k);
            if (rv < 0) {
                oh_decref(items);
                return -1;
            }
        }
        oh_decref(items);
    }
    if ((size_t)(so->fill - so->used) <= so->mask / 4)
        return 0;
    return set_table_resize(so, so->used > 50000 ? so->used * 2
                                                 : so->used * 4);
}

int
oh_set_difference_update(oh_object *s, oh_object *other)
{
    OHI_NOT_NULL(s, -1);
    OHI_NOT_NULL(other, -1);
    if (!SET_CHECK(s)) {
        ohi_type_error(s, "set");
        return -1;
    }
    return set_difference_update_internal(SET(s), other);
}

/* a - b (CPython's set_difference): for a set, frozenset or dict b no
 * more than four times smaller than a, a new set of a's items not in b,
 * walked in a's slot order; otherwise a copy of a with b's items
 * discarded. */
oh_object *
oh_set_difference(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    if (!check_anyset(a))
        return NULL;
    int64_t other_size;
    bool dict = OHI_TYPE_KIND(b->type) == OHI_KIND_DICT;
    if (ANYSET_CHECK(b))
        other_size = SET(b)->used;
    else if (dict)
        other_size = oh_dict_size(b);
    else
        other_size = -1;
    if (other_size < 0 || (SET(a)->used >> 2) > other_size) {
        oh_object *r = set_copy(a);
        if (r != NULL && set_difference_update_internal(SET(r), b) < 0)
            OH_CLEAR(r);
        return r;
    }
    ohi_set *r = make_empty(FROZENSET_CHECK(a));
    if (r == NULL)
        return NULL;
    size_t pos = 0;
    setentry *e;
    while (set_next(SET(a), &pos, &e)) {
        oh_object *k = e->key;
        oh_hash_t h = e->hash;
        oh_incref(k);
        int rv = dict ? oh_dict_contains(b, k)
                      : set_contains_entry(SET(b), k, h);
        if (rv == 0)
            rv = set_add_entry(r, k, h);
        oh_decref(k);
        if (rv < 0) {
            oh_decref(&r->ob_base);
            return NULL;
        }
    }
    ohi_gc_safe_point();
    return &r->ob_base;
}

/* s ^= other (CPython's set_symmetric_difference_update): each item of
 * other (a dict's keys in order; a set's in slot order; a list or tuple
 * made a set of s's base kind first) is discarded from s if there and
 * added if not. */
static int
symmetric_update_internal(ohi_set *so, oh_object *other)
{
    if (&so->ob_base == other) {
        set_clear_internal(so);
        return 0;
    }
    oh_object *o;
    if (OHI_TYPE_KIND(other->type) == OHI_KIND_DICT) {
        if ((o = oh_dict_keys(other)) == NULL)
            return -1;
        for (int64_t i = 0; i < OHI_LIST(o)->size; i++) {
            oh_object *k = OHI_LIST(o)->items[i];
            oh_hash_t h = item_hash(k);
            int rv = h == -1 ? -1 : set_discard_entry(so, k, h);
            if (rv == 0)
                rv = set_add_entry(so, k, h);
            if (rv < 0) {
                oh_decref(o);
                return -1;
            }
        }
        oh_decref(o);
        return 0;
    }
    if (ANYSET_CHECK(other)) {
        o = other;
        oh_incref(o);
    }
    else if ((o = make_new_set(FROZENSET_CHECK(&so->ob_base), other))
             == NULL) {
        return -1;
    }
    size_t pos = 0;
    setentry *e;
    while (set_next(SET(o), &pos, &e)) {
        oh_object *k = e->key;
        oh_hash_t h = e->hash;
        oh_incref(k);
        int rv = set_discard_entry(so, k, h);
        if (rv == 0)
            rv = set_add_entry(so, k, h);
        oh_decref(k);
        if (rv < 0) {
            oh_decref(o);
            return -1;
        }
    }
    oh_decref(o);
    return 0;
}

int
oh_set_symmetric_difference_update(oh_object *s, oh_object *other)
{
    OHI_NOT_NULL(s, -1);
    OHI_NOT_NULL(other, -1);
    if (!SET_CHECK(s)) {
        ohi_type_error(s, "set");
        return -1;
    }
    return symmetric_update_internal(SET(s), other);
}

/* a ^ b (CPython's set_symmetric_difference): a new set of a's base kind
 * made from b, then updated with a. */
oh_object *
oh_set_symmetric_difference(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, NULL);
    OHI_NOT_NULL(b, NULL);
    if (!check_anyset(a))
        return NULL;
    oh_object *r = make_new_set(FROZENSET_CHECK(a), b);
    if (r != NULL && symmetric_update_internal(SET(r), a) < 0)
        OH_CLEAR(r);
    return r;
}

/* a <= b for two sets: a's items, in slot order, all in b. */
static int
set_issubset_internal(ohi_set *a, ohi_set *b)
{
    if (a->used > b->used)
        return 0;
    size_t pos = 0;
    setentry *e;
    while (set_next(a, &pos, &e)) {
        oh_object *k = e->key;
        oh_incref(k);
        int rv = set_contains_entry(b, k, e->hash);
        oh_decref(k);
        if (rv <= 0)
            return rv;
    }
    return 1;
}

int
oh_set_issubset(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, -1);
    OHI_NOT_NULL(b, -1);
    if (!check_anyset(a))
        return -1;
    if (ANYSET_CHECK(b))
        return set_issubset_internal(SET(a), SET(b));
    oh_object *t = make_new_set(false, b);
    if (t == NULL)
        return -1;
    int r = set_issubset_internal(SET(a), SET(t));
    oh_decref(t);
    return r;
}

/* found_means = 1: 1 if every item of b (in order) is in a, 0 at the
 * first that is not (CPython's set_issuperset on an iterable);
 * found_means = 0: 0 at the first item of b in a, else 1 (isdisjoint).
 * -1 on error. */
static int
scan_items(ohi_set *a, oh_object *b, int found_means)
{
    oh_object *items = items_of(b);
    if (items == NULL)
        return -1;
    int r = 1;
    oh_object *k;
    for (int64_t i = 0; r == 1 && (k = item_at(items, i)) != NULL; i++) {
        oh_incref(k);
        oh_hash_t h = item_hash(k);
        int rv = h == -1 ? -1 : set_contains_entry(a, k, h);
        oh_decref(k);
        if (rv < 0)
            r = -1;
        else if (rv != found_means)
            r = 0;
    }
    oh_decref(items);
    return r;
}

int
oh_set_issuperset(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, -1);
    OHI_NOT_NULL(b, -1);
    if (!check_anyset(a))
        return -1;
    if (ANYSET_CHECK(b))
        return set_issubset_internal(SET(b), SET(a));
    return scan_items(SET(a), b, 1);
}

/* CPython's set_isdisjoint: with two sets, the smaller walked in slot
 * order against the larger; otherwise b's items in order. */
int
oh_set_isdisjoint(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, -1);
    OHI_NOT_NULL(b, -1);
    if (!check_anyset(a))
        return -1;
    if (a == b)
        return SET(a)->used == 0;
    if (!ANYSET_CHECK(b))
        return scan_items(SET(a), b, 0);
    ohi_set *small = SET(b), *large = SET(a);
    if (small->used > large->used) {
        ohi_set *t = small;
        small = large;
        large = t;
    }
    size_t pos = 0;
    setentry *e;
    while (set_next(small, &pos, &e)) {
        oh_object *k = e->key;
        oh_incref(k);
        int rv = set_contains_entry(large, k, e->hash);
        oh_decref(k);
        if (rv != 0)
            return rv < 0 ? -1 : 0;
    }
    return 1;
}
