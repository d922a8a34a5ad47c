/*
 * weakref.c -- weak references, weak containers, and finalize.
 *
 * What this file owns
 * -------------------
 * The weak reference type and the per-object lists of weak references;
 * clearing them and running their callbacks when an object dies by
 * reference counting (oh_weakref_clear_all, called from deallocs); the
 * weak-value dict, weak-key dict and weak set; and finalize objects with
 * their registry.  When an object dies in the collector, gc.c clears its
 * weak references itself (gc.c, step 6) with ohi_weakref_clear_ref, and
 * decides which callbacks run.  CPython's Objects/weakrefobject.c and
 * Lib/weakref.py are the models.
 *
 * Data structures
 * ---------------
 * A weakly referenceable object holds one pointer, at its type's
 * weaklistoffset: the head of a doubly linked list of the weak references
 * to it.  The callback-less, data-less reference ("basic"), if any, comes
 * first, then the references with callbacks, newest first:
 *
 *   object                 ohi_weakref (basic)     ohi_weakref (newest cb)
 *   +----------+           +------------------+    +------------------+
 *   | weaklist |---------> | object  ---------|-+  | object           |
 *   +----------+           | wr_next ---------|-|->| wr_next --> ...   |
 *        ^                 | wr_prev = NULL   | |  | wr_prev          |
 *        +-----------------|------------------|-+  | callback, data   |
 *                          +------------------+    +------------------+
 *
 * The referent is borrowed: the list is how the referent finds its weak
 * references when it dies, and it clears them then, so the pointer never
 * dangles.
 *
 * States of a weak reference
 * --------------------------
 *   LIVE      object != NULL, on the object's list.
 *   CLEARED   object == NULL, on no list: the referent died (or the
 *             collector cleared it); oh_weakref_get returns None.  A
 *             cleared reference never becomes live again.
 *   Its callback, if any, runs at most once, after it has been cleared:
 *   LIVE --referent dies--> CLEARED, callback taken out and run.
 *   LIVE --the reference itself dies, or is garbage in a collection-->
 *   CLEARED with no callback run.
 *
 * Invariants
 * ----------
 * WK1. wr->object != NULL iff wr is on wr->object's weak list; the list is
 *      doubly linked through wr_prev / wr_next, and the head's wr_prev is
 *      NULL.
 * WK2. At most one basic reference (callback, data and owner all NULL) per
 *      object, and it is the head of the list; oh_weakref_new(o, NULL)
 *      returns it when it exists (CPython: ref(a) is ref(a), verified).
 * WK3. References with callbacks follow the basic one, newest first, so
 *      clearing the list from its head runs callbacks newest first
 *      (CPython order, verified [3, 2, 1]).
 * WK4. All references to a dying object are cleared before any of their
 *      callbacks runs, so no callback can reach the dying object.
 * WK5. A weak reference on a list has a count >= 1 and is tracked (its
 *      dealloc unlinks it before anything else).
 *
 * Weak containers
 * ---------------
 * Each is a container object holding a private dict (`table`):
 *   weak-value dict   key -> weak reference to value (data = key)
 *   weak-key dict     weak reference to key -> value
 *   weak set          weak reference to item -> None
 * The weak references carry an internal callback and `owner`, a borrowed
 * pointer back to the container; the container sets every owner to NULL
 * before it drops its table (in clear and dealloc), so a callback never
 * reaches a dead container.  A weak reference used as a key hashes as its
 * referent (hash cached while it lives) and compares equal to another
 * live one whose referent is equal; a dead one equals only itself, which
 * is how its callback finds and deletes its own entry (Lib/weakref.py).
 *
 * WC1. While `iterating` > 0, callbacks do not change the table; they
 *      count the dead entries in `pending`, which iteration skips and
 *      oh_weak_size subtracts.  When the last iterator ends, the dead
 *      entries are removed and pending returns to 0 (Lib/weakref.py's
 *      _IterationGuard and _pending_removals).
 * WC2. Every weak reference in a table has owner == the container.
 *
 * Finalize objects
 * ----------------
 * A finalize object holds a weak reference to its object whose callback
 * calls func(arg).  While alive it is on the registry (a list in the
 * runtime), which owns one reference to it, so a program may drop its
 * own.  WF1: alive iff ref != NULL iff on the registry.  Calling or
 * detaching it (or the object dying) makes it dead, once.
 *
 * Tunables: none.
 */
#include "internal.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define WR(o) ((ohi_weakref *)(void *)(o))

/* ==========================================================================
 * The weak lists
 * ========================================================================== */

void
ohi_weakref_clear_ref(ohi_weakref *wr)
{
    oh_object *o = wr->object;
    if (o == NULL)
        return;
    /* On o's list, between neighbours that point back at it (WK1). */
    OH_ASSERT((wr->wr_prev == NULL || (wr->wr_prev->wr_next == wr
                                       && wr->wr_prev->object == o))
              && (wr->wr_next == NULL || (wr->wr_next->wr_prev == wr
                                          && wr->wr_next->object == o)));
    if (wr->wr_prev != NULL) {
        wr->wr_prev->wr_next = wr->wr_next;
    }
    else {
        ohi_weakref **list = ohi_weaklist_of(o);
        OH_ASSERT(list != NULL && *list == wr);                 /* WK1 */
        if (list != NULL)               /* always, by WK1 */
            *list = wr->wr_next;
    }
    if (wr->wr_next != NULL)
        wr->wr_next->wr_prev = wr->wr_prev;
    wr->object = NULL;
    wr->wr_prev = NULL;
    wr->wr_next = NULL;
}

static bool
is_basic(const ohi_weakref *wr)
{
    return wr->callback == NULL && wr->data == NULL && wr->owner == NULL;
}

/* Link wr into o's list, `list` (WK2, WK3). */
static void
insert_ref(ohi_weakref *wr, oh_object *o, ohi_weakref **list)
{
    /* wr is new (its link fields not yet set) and alive (WK5); the
     * list's head has no predecessor (WK1), and a second basic reference
     * is never made: the caller returns the first (WK2). */
    OH_ASSERT(wr->ob_base.refcnt >= 1
              && (*list == NULL || ((*list)->wr_prev == NULL
                                    && (*list)->object == o
                                    && !(is_basic(wr)
                                         && is_basic(*list)))));
    ohi_weakref *after = NULL;
    if (!is_basic(wr) && *list != NULL && is_basic(*list))
        after = *list;
    wr->object = o;
    if (after == NULL) {
        wr->wr_prev = NULL;
        wr->wr_next = *list;
        if (*list != NULL)
            (*list)->wr_prev = wr;
        *list = wr;
    }
    else {
        wr->wr_prev = after;
        wr->wr_next = after->wr_next;
        if (after->wr_next != NULL)
            after->wr_next->wr_prev = wr;
        after->wr_next = wr;
    }
}

/* Run one cleared reference's callback, taking it out first (it runs at
 * most once), with a clear error indicator; report what it leaves.  The
 * collector runs its deferred callbacks through here too. */
void
ohi_weakref_run_callback(ohi_weakref *wr)
{
    oh_weakref_callback cb = wr->callback;
    oh_object *data = wr->data;
    wr->callback = NULL;
    wr->data = NULL;
    if (cb != NULL) {
        if (cb(&wr->ob_base, data) < 0 && !oh_err_occurred())
            oh_err_set(OH_ERR_RUNTIME, "weakref callback failed without "
                       "setting an error");
        ohi_gc_write_unraisable("weakref callback for", &wr->ob_base);
    }
    oh_xdecref(data);
}

void
oh_weakref_clear_all(oh_object *o)
{
    OHI_NOT_NULL(o, );
    if (o == NULL)
        return;
    ohi_weakref **list = ohi_weaklist_of(o);
    if (list == NULL || *list == NULL)
        return;
    /* WK4: clear every reference first, keeping those with callbacks (and
     * a reference to each) on a private chain through wr_next; no
     * allocation, so this cannot fail. */
    ohi_weakref *chain = NULL, **tail = &chain, *wr;
    while ((wr = *list) != NULL) {
        ohi_weakref_clear_ref(wr);
        if (wr->callback == NULL)
            continue;
        oh_incref(&wr->ob_base);
        *tail = wr;
        tail = &wr->wr_next;
    }
    ohi_err_state saved;
    ohi_err_save(&saved);
    while (chain != NULL) {
        wr = chain;
        chain = wr->wr_next;
        wr->wr_next = NULL;
        ohi_weakref_run_callback(wr);
        oh_decref(&wr->ob_base);
    }
    ohi_err_restore(&saved);
}

/* ==========================================================================
 * The weak reference type
 * ========================================================================== */

static void
weakref_dealloc(oh_object *o)
{
    ohi_weakref_clear_ref(WR(o));       /* WK5: first */
    if (!ohi_trashcan_begin(o))
        return;
    WR(o)->callback = NULL;
    OH_CLEAR(WR(o)->data);
    ohi_object_free(o);
    ohi_trashcan_end();
}

static int
weakref_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(WR(o)->data);
    return 0;
}

/* The collector's clear (CPython's gc_clear): no callback will run. */
static void
weakref_clear(oh_object *o)
{
    ohi_weakref_clear_ref(WR(o));
    WR(o)->callback = NULL;
    OH_CLEAR(WR(o)->data);
}

static oh_hash_t
weakref_hash(oh_object *o)
{
    ohi_weakref *wr = WR(o);
    if (wr->hash != -1)
        return wr->hash;
    if (wr->object == NULL) {
        oh_err_set(OH_ERR_TYPE, "weak object has gone away");
        return -1;
    }
    oh_object *ref = wr->object;
    oh_incref(ref);
    oh_hash_t h = oh_hash(ref);
    oh_decref(ref);
    wr->hash = h;
    return h;
}

static int
weakref_equal(oh_object *a, oh_object *b)
{
    if (!OHI_WEAKREF_CHECK(b))
        return OH_NOT_IMPLEMENTED;
    oh_object *x = WR(a)->object, *y = WR(b)->object;
    if (x == NULL || y == NULL)
        return a == b;
    oh_incref(x);
    oh_incref(y);
    int r = oh_equal(x, y);
    oh_decref(x);
    oh_decref(y);
    return r;
}

static oh_object *
weakref_repr(oh_object *o)
{
    oh_object *ref = WR(o)->object;
    if (ref == NULL)
        return oh_str_from_format("<weakref at %p; dead>", (void *)o);
    return oh_str_from_format("<weakref at %p; to '%s' at %p>", (void *)o,
                              oh_type_name(ref), (void *)ref);
}

const oh_type oh_weakref_type = {
    .name = "weakref.ReferenceType",
    .basicsize = sizeof(ohi_weakref),
    .flags = OH_TYPE_CONTAINER | OH_TYPE_HASHABLE
             | OHI_KIND(OHI_KIND_WEAKREF),
    .dealloc = weakref_dealloc,
    .traverse = weakref_traverse,
    .clear = weakref_clear,
    .hash = weakref_hash,
    .equal = weakref_equal,
    .repr = weakref_repr,
};

int
oh_weakref_check(const oh_object *o)
{
    OHI_NOT_NULL(o, 0);
    return o != NULL && OHI_WEAKREF_CHECK(o);
}

static int
check_referent(oh_object *obj)
{
    if (obj == NULL) {
        oh_err_set(OH_ERR_TYPE, "cannot create weak reference to NULL");
        return -1;
    }
    ohi_check_live(obj, "oh_weakref_new");
    if (ohi_weaklist_of(obj) == NULL) {
        oh_err_format(OH_ERR_TYPE, "cannot create weak reference to '%s' "
                      "object", oh_type_name(obj));
        return -1;
    }
    return 0;
}

/* A new, untracked reference with owner set: the caller tracks it. */
static ohi_weakref *
weakref_make(oh_object *obj, oh_weakref_callback cb, oh_object *data,
             oh_object *owner)
{
    if (check_referent(obj) < 0)
        return NULL;
    ohi_weakref **list = ohi_weaklist_of(obj);
    if (list == NULL)
        return NULL;                    /* checked just above */
    if (cb == NULL && data == NULL && owner == NULL) {
        ohi_weakref *head = *list;
        if (head != NULL && is_basic(head)) {
            oh_incref(&head->ob_base);  /* WK2: shared */
            return head;
        }
    }
    oh_object *o = ohi_object_alloc(&oh_weakref_type, 0);
    if (o == NULL)
        return NULL;
    ohi_weakref *wr = WR(o);
    wr->callback = cb;
    wr->data = data;
    oh_xincref(data);
    wr->owner = owner;
    wr->hash = -1;
    insert_ref(wr, obj, list);
    ohi_gc_track(o);
    return wr;
}

oh_object *
oh_weakref_new_data(oh_object *obj, oh_weakref_callback cb, oh_object *data)
{
    OHI_NOT_NULL(obj, NULL);
    ohi_weakref *wr = weakref_make(obj, cb, data, NULL);
    if (wr == NULL)
        return NULL;
    ohi_gc_safe_point();
    return &wr->ob_base;
}

oh_object *
oh_weakref_new(oh_object *obj, oh_weakref_callback cb)
{
    OHI_NOT_NULL(obj, NULL);
    return oh_weakref_new_data(obj, cb, NULL);
}

oh_object *
oh_weakref_get(oh_object *ref)
{
    OHI_NOT_NULL(ref, NULL);
    if (ref == NULL || !OHI_WEAKREF_CHECK(ref)) {
        if (ref == NULL) {
            oh_err_set(OH_ERR_TYPE, "expected weakref, got NULL");
            return NULL;
        }
        return ohi_type_error(ref, "weakref");
    }
    oh_object *o = WR(ref)->object;
    if (o == NULL)
        o = OH_NONE;
    oh_incref(o);
    return o;
}

int64_t
oh_weakref_count(oh_object *obj)
{
    OHI_NOT_NULL(obj, -1);
    ohi_weakref **list = ohi_weaklist_of(obj);
    int64_t n = 0;
    for (ohi_weakref *wr = list ? *list : NULL; wr != NULL; wr = wr->wr_next)
        n++;
    return n;
}

oh_object *
oh_weakref_list(oh_object *obj)
{
    OHI_NOT_NULL(obj, NULL);
    oh_object *out = oh_list_new();
    if (out == NULL)
        return NULL;
    ohi_weakref **list = ohi_weaklist_of(obj);
    for (ohi_weakref *wr = list ? *list : NULL; wr != NULL;
         wr = wr->wr_next) {
        if (oh_list_append(out, &wr->ob_base) < 0) {
            oh_decref(out);
            return NULL;
        }
    }
    return out;
}

/* ==========================================================================
 * Weak containers
 * ========================================================================== */

typedef struct weakcontainer {
    oh_object ob_base;
    oh_object *table;           /* private dict (see the banner) */
    int64_t iterating;          /* open iterators (WC1) */
    int64_t pending;            /* dead entries left in table (WC1) */
} weakcontainer;

#define WC(o) ((weakcontainer *)(void *)(o))
#define IS_WVD(o) ((o)->type == &oh_weakvaluedict_type)
#define IS_WKD(o) ((o)->type == &oh_weakkeydict_type)
#define IS_WSET(o) ((o)->type == &oh_weakset_type)
#define IS_WEAKCONTAINER(o) (IS_WVD(o) || IS_WKD(o) || IS_WSET(o))

/* The weak reference of a table entry. */
static ohi_weakref *
entry_ref(oh_object *c, oh_object *key, oh_object *value)
{
    return WR(IS_WVD(c) ? value : key);
}

/* WC2 undone: no callback of c's references may reach c any more. */
static void
detach_all(oh_object *c)
{
    oh_object *t = WC(c)->table;
    if (t == NULL)
        return;
    oh_dict_iter it;
    oh_object *k, *v;
    oh_dict_iter_init(&it, t);
    while (oh_dict_iter_next(&it, &k, &v) == 1)
        entry_ref(c, k, v)->owner = NULL;
}

static void
weakcontainer_clear(oh_object *o)
{
    detach_all(o);
    OH_CLEAR(WC(o)->table);
    WC(o)->pending = 0;
}

static void
weakcontainer_dealloc(oh_object *o)
{
    if (!ohi_trashcan_begin(o))
        return;
    weakcontainer_clear(o);
    ohi_object_free(o);
    ohi_trashcan_end();
}

static int
weakcontainer_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(WC(o)->table);
    return 0;
}

static oh_object *
weakcontainer_repr(oh_object *o)
{
    return oh_str_from_format("<%s at %p>", o->type->name, (void *)o);
}

#define WEAKCONTAINER_TYPE(cname, pyname, kind)                                 \
    const oh_type cname = {                                                 \
        .name = pyname,                                                     \
        .basicsize = sizeof(weakcontainer),                                 \
        .flags = OH_TYPE_CONTAINER | OHI_KIND(kind),                        \
        .dealloc = weakcontainer_dealloc,                                   \
        .traverse = weakcontainer_traverse,                                 \
        .clear = weakcontainer_clear,                                       \
        .repr = weakcontainer_repr,                                         \
    }

WEAKCONTAINER_TYPE(oh_weakvaluedict_type, "WeakValueDictionary",
                   OHI_KIND_WEAKVALUEDICT);
WEAKCONTAINER_TYPE(oh_weakkeydict_type, "WeakKeyDictionary",
                   OHI_KIND_WEAKKEYDICT);
WEAKCONTAINER_TYPE(oh_weakset_type, "WeakSet", OHI_KIND_WEAKSET);

static oh_object *
weakcontainer_new(const oh_type *type)
{
    oh_object *table = oh_dict_new();
    if (table == NULL)
        return NULL;
    oh_object *o = ohi_object_alloc(type, 0);
    if (o == NULL) {
        oh_decref(table);
        return NULL;
    }
    WC(o)->table = table;
    WC(o)->iterating = 0;
    WC(o)->pending = 0;
    ohi_gc_track(o);
    ohi_gc_safe_point();
    return o;
}

oh_object *
oh_weakvaluedict_new(void)
{
    return weakcontainer_new(&oh_weakvaluedict_type);
}

oh_object *
oh_weakkeydict_new(void)
{
    return weakcontainer_new(&oh_weakkeydict_type);
}

oh_object *
oh_weakset_new(void)
{
    return weakcontainer_new(&oh_weakset_type);
}

/* Remove the entries whose object has died (WC1, when the last iterator
 * ends).  Restarts its scan after each deletion: no allocation, and the
 * pending entries are few. */
static void
commit_removals(oh_object *c)
{
    while (WC(c)->pending > 0 && WC(c)->table != NULL) {
        oh_dict_iter it;
        oh_object *k, *v, *dead = NULL, *dead_value = NULL;
        oh_dict_iter_init(&it, WC(c)->table);
        while (dead == NULL && oh_dict_iter_next(&it, &k, &v) == 1) {
            if (entry_ref(c, k, v)->object == NULL) {
                dead = k;
                dead_value = v;
            }
        }
        if (dead == NULL)
            break;
        entry_ref(c, dead, dead_value)->owner = NULL;
        oh_incref(dead);
        if (oh_dict_delete(WC(c)->table, dead) < 0)
            ohi_gc_write_unraisable("removing a dead entry of", c);
        oh_decref(dead);
        WC(c)->pending--;
    }
    WC(c)->pending = 0;
}

/* The callback of every weak reference in a weak container's table. */
static int
entry_died(oh_object *ref, oh_object *key)
{
    oh_object *c = WR(ref)->owner;
    if (c == NULL || WC(c)->table == NULL)
        return 0;                       /* the container is gone */
    if (WC(c)->iterating > 0) {
        WC(c)->pending++;               /* WC1 */
        return 0;
    }
    WR(ref)->owner = NULL;
    if (IS_WVD(c)) {
        /* Remove key only if it still maps to this reference. */
        oh_object *cur;
        int r = oh_dict_lookup(WC(c)->table, key, &cur);
        if (r <= 0 || cur != ref)
            return r < 0 ? -1 : 0;
        return oh_dict_delete(WC(c)->table, key);
    }
    /* A dead reference equals only itself, and its hash is cached. */
    oh_object *k, *v;
    int r = ohi_dict_lookup_entry(WC(c)->table, ref, &k, &v);
    if (r <= 0)
        return r;
    return oh_dict_delete(WC(c)->table, ref);
}

static int
check_container(oh_object *c, bool dict, const char *fn)
{
    if (dict ? !(IS_WVD(c) || IS_WKD(c)) : !IS_WSET(c)) {
        ohi_type_error(c, dict ? "WeakValueDictionary or "
                       "WeakKeyDictionary" : "WeakSet");
        return -1;
    }
    if (WC(c)->table == NULL) {
        oh_err_format(OH_ERR_RUNTIME, "%s: the %s was cleared", fn,
                      c->type->name);
        return -1;
    }
    return 0;
}

/* A weak reference to `obj` made for container c (owner c). */
static oh_object *
container_ref(oh_object *c, oh_object *obj, oh_object *data)
{
    ohi_weakref *wr = weakref_make(obj, entry_died, data, c);
    return wr != NULL ? &wr->ob_base : NULL;
}

/* A probe for looking `key` up in a weak-key table: a callback-less
 * reference (shared if one exists).  New reference, NULL with TypeError
 * if key cannot be referenced weakly (then it cannot be in the table). */
static oh_object *
probe_ref(oh_object *key)
{
    ohi_weakref *wr = weakref_make(key, NULL, NULL, NULL);
    return wr != NULL ? &wr->ob_base : NULL;
}

/* Find key; 1 with *ref (the entry's weak reference) and *value
 * (borrowed) if present and alive, 0 if missing or dead, -1 with an
 * error. */
static int
find(oh_object *c, oh_object *key, oh_object **ref_out,
     oh_object **value_out)
{
    oh_object *k, *v;
    if (IS_WVD(c)) {
        int r = oh_dict_lookup(WC(c)->table, key, &v);
        if (r <= 0)
            return r;
        *ref_out = v;
        *value_out = WR(v)->object;
        return WR(v)->object != NULL;
    }
    if (ohi_weaklist_of(key) == NULL)
        return 0;                       /* cannot be a key */
    oh_object *probe = probe_ref(key);
    if (probe == NULL)
        return -1;
    int r = ohi_dict_lookup_entry(WC(c)->table, probe, &k, &v);
    oh_decref(probe);
    if (r <= 0)
        return r;
    *ref_out = k;
    *value_out = IS_WKD(c) ? v : WR(k)->object;
    return 1;
}

int
oh_weakdict_set(oh_object *d, oh_object *key, oh_object *value)
{
    OHI_NOT_NULL(d, -1);
    OHI_NOT_NULL(key, -1);
    OHI_NOT_NULL(value, -1);
    if (check_container(d, true, "oh_weakdict_set") < 0)
        return -1;
    oh_object *table = WC(d)->table;
    oh_object *old = NULL, *ref, *cur;
    int r;
    if (IS_WVD(d)) {
        if (oh_hash(key) == -1)
            return -1;
        ref = container_ref(d, value, key);
        if (ref == NULL)
            return -1;
        r = oh_dict_lookup(table, key, &old);
        if (r > 0)
            oh_incref(old);
        if (r >= 0)
            r = oh_dict_set(table, key, ref);
    }
    else {
        r = find(d, key, &old, &cur);
        if (r > 0)                      /* a live equal key: new value */
            return oh_dict_set(table, old, value);
        old = NULL;
        if (r < 0)
            return -1;
        ref = container_ref(d, key, NULL);
        if (ref == NULL)
            return -1;
        r = oh_hash(ref) == -1 ? -1 : oh_dict_set(table, ref, value);
    }
    if (r < 0) {
        WR(ref)->owner = NULL;
        oh_decref(ref);
        oh_xdecref(old);
        return -1;
    }
    if (old != NULL) {
        /* The entry's old reference has left the table (WC2). */
        if (WR(old)->object == NULL && WC(d)->pending > 0)
            WC(d)->pending--;
        WR(old)->owner = NULL;
        oh_decref(old);
    }
    oh_decref(ref);
    return 0;
}

oh_object *
oh_weakdict_get(oh_object *d, oh_object *key)
{
    OHI_NOT_NULL(d, NULL);
    OHI_NOT_NULL(key, NULL);
    if (check_container(d, true, "oh_weakdict_get") < 0)
        return NULL;
    oh_object *ref, *value;
    int r = find(d, key, &ref, &value);
    if (r < 0)
        return NULL;
    if (r == 0) {
        oh_object *kr = oh_repr(key);
        oh_err_set(OH_ERR_KEY, kr != NULL ? oh_str_utf8(kr, NULL) : "?");
        oh_xdecref(kr);
        return NULL;
    }
    oh_incref(value);
    return value;
}

int
oh_weakdict_contains(oh_object *d, oh_object *key)
{
    OHI_NOT_NULL(d, -1);
    OHI_NOT_NULL(key, -1);
    if (check_container(d, true, "oh_weakdict_contains") < 0)
        return -1;
    oh_object *ref, *value;
    return find(d, key, &ref, &value);
}

int
oh_weakdict_delete(oh_object *d, oh_object *key)
{
    OHI_NOT_NULL(d, -1);
    OHI_NOT_NULL(key, -1);
    if (check_container(d, true, "oh_weakdict_delete") < 0)
        return -1;
    oh_object *ref, *value;
    int r = find(d, key, &ref, &value);
    if (r < 0)
        return -1;
    if (r == 0) {
        oh_object *kr = oh_repr(key);
        oh_err_set(OH_ERR_KEY, kr != NULL ? oh_str_utf8(kr, NULL) : "?");
        oh_xdecref(kr);
        return -1;
    }
    oh_incref(ref);
    WR(ref)->owner = NULL;
    r = oh_dict_delete(WC(d)->table, IS_WVD(d) ? key : ref);
    if (r < 0)
        WR(ref)->owner = d;
    oh_decref(ref);
    return r;
}

int
oh_weakset_add(oh_object *s, oh_object *item)
{
    OHI_NOT_NULL(s, -1);
    OHI_NOT_NULL(item, -1);
    if (check_container(s, false, "oh_weakset_add") < 0)
        return -1;
    int r = oh_weakset_contains(s, item);
    if (r != 0)
        return r < 0 ? -1 : 0;
    oh_object *ref = container_ref(s, item, NULL);
    if (ref == NULL)
        return -1;
    if (oh_hash(ref) == -1 || oh_dict_set(WC(s)->table, ref, OH_NONE) < 0) {
        WR(ref)->owner = NULL;
        oh_decref(ref);
        return -1;
    }
    oh_decref(ref);
    return 0;
}

int
oh_weakset_contains(oh_object *s, oh_object *item)
{
    OHI_NOT_NULL(s, -1);
    OHI_NOT_NULL(item, -1);
    if (check_container(s, false, "oh_weakset_contains") < 0)
        return -1;
    oh_object *ref, *value;
    return find(s, item, &ref, &value);
}

int
oh_weakset_discard(oh_object *s, oh_object *item)
{
    OHI_NOT_NULL(s, -1);
    OHI_NOT_NULL(item, -1);
    if (check_container(s, false, "oh_weakset_discard") < 0)
        return -1;
    oh_object *ref, *value;
    int r = find(s, item, &ref, &value);
    if (r <= 0)
        return r;
    oh_incref(ref);
    WR(ref)->owner = NULL;
    r = oh_dict_delete(WC(s)->table, ref);
    if (r < 0)
        WR(ref)->owner = s;
    oh_decref(ref);
    return r < 0 ? -1 : 1;
}

int64_t
oh_weak_size(oh_object *c)
{
    OHI_NOT_NULL(c, -1);
    if (!IS_WEAKCONTAINER(c)) {
        ohi_type_error(c, "weak container");
        return -1;
    }
    if (WC(c)->table == NULL)
        return 0;
    return oh_dict_size(WC(c)->table) - WC(c)->pending;
}

int
oh_weak_iter_init(oh_weak_iter *it, oh_object *c)
{
    if (it == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_weak_iter_init: it is NULL");
        return -1;
    }
    it->container = NULL;       /* so that oh_weak_iter_end is harmless */
    OHI_NOT_NULL(c, -1);
    if (!IS_WEAKCONTAINER(c)) {
        ohi_type_error(c, "weak container");
        return -1;
    }
    if (WC(c)->table == NULL) {
        oh_err_set(OH_ERR_RUNTIME, "oh_weak_iter_init: the container was "
                   "cleared");
        return -1;
    }
    oh_incref(c);
    it->container = c;
    WC(c)->iterating++;
    return oh_dict_iter_init(&it->inner, WC(c)->table);
}

void
oh_weak_iter_end(oh_weak_iter *it)
{
    if (it == NULL || it->container == NULL)
        return;
    oh_object *c = it->container;
    it->container = NULL;
    if (--WC(c)->iterating == 0 && WC(c)->pending > 0)
        commit_removals(c);
    oh_decref(c);
}

int
oh_weak_iter_next(oh_weak_iter *it, oh_object **key, oh_object **value)
{
    if (it == NULL || key == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_weak_iter_next: NULL argument");
        return -1;
    }
    oh_object *c = it->container;
    if (c == NULL)
        return 0;                       /* ended */
    oh_object *k, *v;
    int r;
    while ((r = oh_dict_iter_next(&it->inner, &k, &v)) == 1) {
        ohi_weakref *wr = entry_ref(c, k, v);
        if (wr->object == NULL)
            continue;                   /* died meanwhile (WC1) */
        if (IS_WVD(c)) {
            *key = k;
            oh_incref(k);
            if (value != NULL) {
                *value = wr->object;
                oh_incref(wr->object);
            }
        }
        else {
            *key = wr->object;
            oh_incref(wr->object);
            if (value != NULL) {
                *value = IS_WKD(c) ? v : NULL;
                oh_xincref(*value);
            }
        }
        return 1;
    }
    oh_weak_iter_end(it);
    return r;
}

/* ==========================================================================
 * finalize
 * ========================================================================== */

typedef struct finalizeobj {
    oh_object ob_base;
    oh_object *ref;                     /* WF1: NULL once dead */
    oh_finalize_func func;
    void *arg;
    struct finalizeobj *prev, *next;    /* the registry, while alive */
} finalizeobj;

#define FIN(o) ((finalizeobj *)(void *)(o))

/* Make f dead (WF1): off the registry, its reference detached and
 * dropped.  The registry's reference stays for the caller to drop once
 * it is done with f. */
static void
finalize_kill(finalizeobj *f)
{
    ohi_weakref_state *ws = &OHI_RT->weakref;
    if (f->prev != NULL)
        f->prev->next = f->next;
    else
        ws->finalizers = f->next != NULL ? &f->next->ob_base : NULL;
    if (f->next != NULL)
        f->next->prev = f->prev;
    f->prev = f->next = NULL;
    ws->nfinalizers--;
    oh_object *ref = f->ref;
    f->ref = NULL;
    WR(ref)->owner = NULL;
    WR(ref)->callback = NULL;
    oh_decref(ref);
}

/* Fire or detach f.  1 if it was alive, else 0. */
static int
finalize_fire(finalizeobj *f, bool call)
{
    if (f->ref == NULL)
        return 0;
    oh_finalize_func func = f->func;
    void *arg = f->arg;
    finalize_kill(f);
    if (call)
        func(arg);
    oh_decref(&f->ob_base);             /* the registry's reference */
    return 1;
}

static int
finalize_callback(oh_object *ref, oh_object *data)
{
    oh_object *f = WR(ref)->owner;
    if (f != NULL) {
        oh_incref(f);
        finalize_fire(FIN(f), true);
        oh_decref(f);
    }
    return 0;
}

static void
finalize_dealloc(oh_object *o)
{
    /* Alive implies the registry holds it: a dying one is dead (WF1). */
    OH_CLEAR(FIN(o)->ref);
    ohi_object_free(o);
}

static int
finalize_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(FIN(o)->ref);
    return 0;
}

static void
finalize_clear(oh_object *o)
{
    /* Only a dead finalize object can be garbage (WF1: the registry's
     * reference is an outside one), so there is nothing to detach. */
    OH_CLEAR(FIN(o)->ref);
}

static oh_object *
finalize_repr(oh_object *o)
{
    return oh_str_from_format("<finalize object at %p; %s>", (void *)o,
                              FIN(o)->ref != NULL ? "alive" : "dead");
}

const oh_type oh_finalize_type = {
    .name = "finalize",
    .basicsize = sizeof(finalizeobj),
    .flags = OH_TYPE_CONTAINER | OH_TYPE_HASHABLE
             | OHI_KIND(OHI_KIND_FINALIZE),
    .dealloc = finalize_dealloc,
    .traverse = finalize_traverse,
    .clear = finalize_clear,
    .repr = finalize_repr,
};

oh_object *
oh_finalize(oh_object *obj, oh_finalize_func func, void *arg)
{
    OHI_NOT_NULL(obj, NULL);
    if (func == NULL) {
        oh_err_set(OH_ERR_TYPE, "oh_finalize: func is NULL");
        return NULL;
    }
    if (check_referent(obj) < 0)
        return NULL;
    oh_object *o = ohi_object_alloc(&oh_finalize_type, 0);
    if (o == NULL)
        return NULL;
    finalizeobj *f = FIN(o);
    f->ref = NULL;
    f->func = func;
    f->arg = arg;
    f->prev = f->next = NULL;
    ohi_weakref *wr = weakref_make(obj, finalize_callback, NULL, o);
    if (wr == NULL) {
        ohi_object_free(o);
        return NULL;
    }
    f->ref = &wr->ob_base;
    /* The registry's reference (WF1). */
    ohi_weakref_state *ws = &OHI_RT->weakref;
    oh_incref(o);
    f->next = ws->finalizers != NULL ? FIN(ws->finalizers) : NULL;
    if (f->next != NULL)
        f->next->prev = f;
    ws->finalizers = o;
    ws->nfinalizers++;
    ohi_gc_track(o);
    ohi_gc_safe_point();
    return o;
}

static int
check_finalize(oh_object *f)
{
    if (f != NULL && f->type == &oh_finalize_type)
        return 0;
    if (f == NULL)
        oh_err_set(OH_ERR_TYPE, "expected finalize, got NULL");
    else
        ohi_type_error(f, "finalize");
    return -1;
}

int
oh_finalize_call(oh_object *f)
{
    OHI_NOT_NULL(f, -1);
    if (check_finalize(f) < 0)
        return -1;
    oh_incref(f);
    int r = finalize_fire(FIN(f), true);
    oh_decref(f);
    return r;
}

int
oh_finalize_detach(oh_object *f)
{
    OHI_NOT_NULL(f, -1);
    if (check_finalize(f) < 0)
        return -1;
    oh_incref(f);
    int r = finalize_fire(FIN(f), false);
    oh_decref(f);
    return r;
}

int
oh_finalize_alive(oh_object *f)
{
    OHI_NOT_NULL(f, -1);
    if (check_finalize(f) < 0)
        return -1;
    return FIN(f)->ref != NULL;
}
