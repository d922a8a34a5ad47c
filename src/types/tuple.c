/*
 * tuple.c -- immutable sequences, and their free lists.
 *
 * What this file owns
 * -------------------
 * The tuple type, the immortal empty tuple, and the free lists of dead
 * small tuples kept for reuse.
 *
 * Layout (a container: the gc head comes first, object.c)
 * ------
 *
 *   | gc next | gc prev | refcnt | type | size | items[0] ... items[n-1] |
 *   <---- 16 ---------> <---------- 24 ------> <------ 8 * n ---------->
 *
 * 40 + 8n bytes, as CPython 3.11.  Items live in the same block as the
 * header: a tuple is one allocation.
 *
 * Free lists
 * ----------
 * Programs make and drop small tuples at a high rate (argument packs, dict
 * items, pairs).  A dead tuple of n items, 1 <= n <= OHI_TUPLE_MAXSAVESIZE
 * (20), is kept on free list n, up to OHI_TUPLE_MAXFREELIST (2000) per
 * size, instead of going back to the allocator; the next n-tuple takes it
 * back without a call into the allocator.  The list is chained through
 * items[0], so it costs no memory beyond the tuples themselves.
 * tuple_reused counts tuples served from the lists (tests read it).
 *
 *   free[2] --> | dead 2-tuple | --items[0]--> | dead 2-tuple | --> NULL
 *
 * States of a tuple block: ALIVE (refcnt >= 1, type = tuple) -> dealloc ->
 * FREE-LISTED (type = ohi_freed_type, items[0] = next) -> ALIVE again, or
 * -> returned to the allocator by ohi_tuple_clear_freelists (called by
 * oh_object_clear_freelists, and later by full collections).
 *
 * Invariants
 * ----------
 * U1. (internal.h) A tuple handed to a caller has every item set.
 * U2. free[n] holds exactly nfree[n] tuples of size n, each with a zero
 *     gc head, and nfree[n] <= OHI_TUPLE_MAXFREELIST.
 * U3. The empty tuple is the static immortal one; no other tuple has size
 *     0, and it is never free-listed.
 *
 * Tunables
 * --------
 * - 20 sizes, 2000 per size: CPython's figures (PyTuple_MAXSAVESIZE,
 *   PyTuple_MAXFREELIST).  At most 2000 * (48 + 56 + ... + 200) bytes,
 *   about 4.6 MB, could be held, and only after a program had that many
 *   tuples alive at once.
 */
#include "internal.h"

#include <string.h>

_Static_assert(sizeof(ohi_tuple) == 24, "the tuple header is 24 bytes");

/* U3: the empty tuple, with its gc head in front like any container. */
static struct {
    ohi_gc_head gc;
    oh_varobject t;
} empty_tuple = {{0, 0}, {{OH_IMMORTAL_REFCNT, &oh_tuple_type}, 0}};

#define EMPTY_TUPLE ((oh_object *)&empty_tuple.t)
/* A tuple, or an instance of an interpreter's subclass of tuple (same
 * layout, kind OHI_KIND_TUPLE).  Results are always plain tuples. */
#define TUPLE_CHECK(o) \
    ((o)->type == &oh_tuple_type || ohi_kind(o) == OHI_KIND_TUPLE)

static void
tuple_dealloc(oh_object *o)
{
    int64_t n = OHI_TUPLE_SIZE(o);
    if (OH_UNLIKELY(n == 0) && o->type == &oh_tuple_type) {
        o->refcnt = OH_IMMORTAL_REFCNT;         /* U3: immortal */
        return;
    }
    /* Past here also an instance of a subclass of tuple (the Python
     * layer's), whose dealloc ends in this one: an empty one is freed
     * like any other, and has no items[0] to link a free list by. */
    if (!ohi_trashcan_begin(o))
        return;
    oh_object **items = OHI_TUPLE(o)->items;
    for (int64_t i = n; --i >= 0;)
        oh_xdecref(items[i]);           /* NULL only in a half-built tuple */
    ohi_object_state *st = &OHI_RT->obj;
    if (n != 0 && n <= OHI_TUPLE_MAXSAVESIZE
        && st->tuple_nfree[n] < OHI_TUPLE_MAXFREELIST) {
        ohi_object_mark_dead(o);
        items[0] = st->tuple_free[n];
        st->tuple_free[n] = o;
        st->tuple_nfree[n]++;
    }
    else {
        ohi_object_free(o);
    }
    ohi_trashcan_end();
}

static int
tuple_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    for (int64_t i = 0; i < OHI_TUPLE_SIZE(o); i++)
        OH_VISIT(OHI_TUPLE(o)->items[i]);
    return 0;
}

static inline uint64_t
rotl64(uint64_t x, unsigned r)
{
    return (x << r) | (x >> (64 - r));
}

/* CPython 3.11's tuplehash, so that hash((1, 2)) is Python's value and
 * sets of tuples iterate in Python's order (set.c): the items' hashes are
 * combined with xxHash64's round (add times prime 2, rotate by 31, times
 * prime 1), so that (a, b) and (b, a) differ; the length is folded in
 * with prime 5 and CPython's constant 3527539; a result of -1 becomes
 * 1546275796 as there.  A hash of -1 from an item (an error) stops the
 * walk. */
static oh_hash_t
tuple_hash(oh_object *o)
{
    const uint64_t p1 = 0x9e3779b185ebca87u, p2 = 0xc2b2ae3d27d4eb4fu;
    const uint64_t p5 = 0x27d4eb2f165667c5u;
    int64_t n = OHI_TUPLE_SIZE(o);
    uint64_t acc = p5;
    for (int64_t i = 0; i < n; i++) {
        oh_hash_t h = oh_hash(OHI_TUPLE(o)->items[i]);
        if (h == -1)
            return -1;
        acc += (uint64_t)h * p2;
        acc = rotl64(acc, 31);
        acc *= p1;
    }
    acc += (uint64_t)n ^ (p5 ^ 3527539u);
    if (acc == UINT64_MAX)
        return 1546275796;
    return (oh_hash_t)acc;
}

static int
tuple_equal(oh_object *a, oh_object *b)
{
    if (!TUPLE_CHECK(b))
        return OH_NOT_IMPLEMENTED;
    int64_t n = OHI_TUPLE_SIZE(a);
    if (n != OHI_TUPLE_SIZE(b))
        return 0;
    for (int64_t i = 0; i < n; i++) {
        int r = oh_equal(OHI_TUPLE(a)->items[i], OHI_TUPLE(b)->items[i]);
        if (r != 1)
            return r;
    }
    return 1;
}

static oh_object *
tuple_repr(oh_object *o)
{
    int64_t n = OHI_TUPLE_SIZE(o);
    if (n == 0)
        return oh_str_from_cstr("()");
    int seen = ohi_repr_enter(o);
    if (seen != 0)
        return seen > 0 ? oh_str_from_cstr("(...)") : NULL;
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    ohi_strbuf_add(&b, "(", 1);
    int rc = 0;
    for (int64_t i = 0; i < n && rc == 0; i++) {
        if (i > 0)
            ohi_strbuf_add(&b, ", ", 2);
        rc = ohi_strbuf_add_repr(&b, OHI_TUPLE(o)->items[i]);
    }
    ohi_repr_leave(o);
    if (rc < 0) {
        ohi_strbuf_discard(&b);
        return NULL;
    }
    ohi_strbuf_adds(&b, n == 1 ? ",)" : ")");
    return ohi_strbuf_finish(&b);
}

const oh_type oh_tuple_type = {
    .name = "tuple",
    .basicsize = sizeof(ohi_tuple),
    .itemsize = sizeof(oh_object *),
    .flags = OH_TYPE_CONTAINER | OH_TYPE_IMMUTABLE | OH_TYPE_HASHABLE
             | OHI_KIND(OHI_KIND_TUPLE),
    .dealloc = tuple_dealloc,
    .traverse = tuple_traverse,
    .hash = tuple_hash,
    .equal = tuple_equal,
    .repr = tuple_repr,
};

int
oh_tuple_check(const oh_object *o)
{
    OHI_NOT_NULL(o, 0);
    return o->type == &oh_tuple_type;
}

/* A new tuple of n NULL items, untracked (its constructor tracks it when
 * it is complete: tuple_done). */
static oh_object *
tuple_alloc(size_t n)
{
    if (n == 0) {
        oh_incref(EMPTY_TUPLE);
        return EMPTY_TUPLE;
    }
    ohi_object_state *st = &OHI_RT->obj;
    oh_object *o;
    if (n <= OHI_TUPLE_MAXSAVESIZE && st->tuple_free[n] != NULL) {
        o = st->tuple_free[n];
        st->tuple_free[n] = OHI_TUPLE(o)->items[0];
        st->tuple_nfree[n]--;
        st->tuple_reused++;
        o->refcnt = 1;
        o->type = &oh_tuple_type;
    }
    else {
        if (n > (size_t)INT64_MAX / sizeof(oh_object *)) {
            oh_err_set(OH_ERR_OVERFLOW, "tuple is too large");
            return NULL;
        }
        o = ohi_object_alloc(&oh_tuple_type, n);
        if (o == NULL)
            return NULL;
        OHI_TUPLE_SIZE(o) = (intptr_t)n;
    }
    memset(OHI_TUPLE(o)->items, 0, n * sizeof(oh_object *));
    return o;
}

/* For code outside this file that fills a tuple itself: the tuple is
 * tracked at once, so no caller can forget to; while an item is still
 * NULL the collector keeps it tracked (gc.c, untrack_atomic_holders), and
 * a traverse skips the NULLs. */
oh_object *
ohi_tuple_alloc(size_t n)
{
    oh_object *t = tuple_alloc(n);
    if (t != NULL && t != EMPTY_TUPLE)
        ohi_gc_track(t);
    return t;
}

size_t
ohi_tuple_clear_freelists(void)
{
    ohi_object_state *st = &OHI_RT->obj;
    size_t freed = 0;
    for (size_t n = 1; n <= OHI_TUPLE_MAXSAVESIZE; n++) {
        while (st->tuple_free[n] != NULL) {
            oh_object *o = st->tuple_free[n];
            st->tuple_free[n] = OHI_TUPLE(o)->items[0];
            o->type = &oh_tuple_type;   /* so the gc head is found */
            ohi_object_free(o);
            freed++;
        }
        st->tuple_nfree[n] = 0;
    }
    return freed;
}

/* The last step of the constructors: t is complete (U1).  Track it (the
 * empty tuple, immortal and atomic, never is), then reach the collector's
 * safe point (gc.c, C7).  A tuple holding only atomic objects is untracked
 * by the next collection, as in CPython. */
static oh_object *
tuple_done(oh_object *t)
{
    if (t != EMPTY_TUPLE) {
        ohi_gc_track(t);
        ohi_gc_safe_point();
    }
    return t;
}

oh_object *
oh_tuple_from_array(oh_object *const *items, size_t n)
{
    OHI_NOT_NULL_ARRAY(items, n, NULL);
    oh_object *t = tuple_alloc(n);
    if (t == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        oh_incref(items[i]);
        OHI_TUPLE(t)->items[i] = items[i];
    }
    return tuple_done(t);
}

oh_object *
oh_tuple_pack(size_t n, ...)
{
    oh_object *t = tuple_alloc(n);
    if (t == NULL)
        return NULL;
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++) {
        oh_object *item = va_arg(ap, oh_object *);
        if (item == NULL) {
            va_end(ap);
            oh_decref(t);               /* items so far are dropped */
            oh_err_format(OH_ERR_SYSTEM, "oh_tuple_pack: item %zu is NULL "
                          "(bad argument to an objheap function)", i);
            return NULL;
        }
        oh_incref(item);
        OHI_TUPLE(t)->items[i] = item;
    }
    va_end(ap);
    return tuple_done(t);
}

oh_object *
oh_tuple_get(oh_object *t, int64_t i)
{
    OHI_NOT_NULL(t, NULL);
    if (!TUPLE_CHECK(t))
        return ohi_type_error(t, "tuple");
    int64_t k = ohi_index(i, OHI_TUPLE_SIZE(t));
    if (k < 0) {
        oh_err_set(OH_ERR_INDEX, "tuple index out of range");
        return NULL;
    }
    return OHI_TUPLE(t)->items[k];
}

int64_t
oh_tuple_size(oh_object *t)
{
    OHI_NOT_NULL(t, -1);
    if (!TUPLE_CHECK(t)) {
        ohi_type_error(t, "tuple");
        return -1;
    }
    return OHI_TUPLE_SIZE(t);
}

oh_object *
oh_tuple_slice(oh_object *t, int64_t start, int64_t stop)
{
    OHI_NOT_NULL(t, NULL);
    if (!TUPLE_CHECK(t))
        return ohi_type_error(t, "tuple");
    int64_t n = OHI_TUPLE_SIZE(t);
    ohi_slice_bounds(&start, &stop, n);
    if (start == 0 && stop == n && t->type == &oh_tuple_type) {
        oh_incref(t);                   /* immutable: share, as CPython */
        return t;
    }
    return oh_tuple_from_array(OHI_TUPLE(t)->items + start,
                               (size_t)(stop - start));
}
