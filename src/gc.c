/*
 * gc.c -- the generational cycle collector.
 *
 * What this file owns
 * -------------------
 * Tracking (which containers the collector knows), the three generations
 * and the permanent one, when collections run, the collection itself
 * (finding unreachable objects, clearing weak references to them, running
 * their finalizers, checking for resurrection, breaking the cycles), and
 * the API that mirrors Python's gc module, and the observer through which
 * a tool sees a collection's objects.  Weak references themselves are
 * weakref.c's; this file only clears them at the right moment.
 * CPython 3.11's Modules/gcmodule.c is the model; the algorithm is the
 * one it describes, the code is ours.
 *
 * Terms
 * -----
 * container    an object whose type has OH_TYPE_CONTAINER; it carries an
 *              ohi_gc_head in front of its header (internal.h, G1-G3).
 * tracked      on one of this file's lists (next != 0).  Containers are
 *              tracked from construction until their dealloc begins; some
 *              are untracked early because they cannot be in a cycle (see
 *              "Untracking" below).
 * generation   one of three lists of tracked objects, 0 the youngest.
 * young        the list being collected: the collected generation with
 *              every younger one merged into it.
 * reachable    referenced from outside young, or from a reachable object.
 * unreachable  in young and not reachable: cyclic garbage.
 * finalized    its finalize has run (OHI_GC_FINALIZED, G2); never again.
 *
 * The gc head
 * -----------
 *
 *          next (word 0)                         prev (word 1)
 *   +----------------------------+--+   +-------------------------+--+--+
 *   | address of the next head   |U |   | address of the previous |C |F |
 *   +----------------------------+--+   +-------------------------+--+--+
 *                               bit 0                           bit 1  bit 0
 *
 *   F  OHI_GC_FINALIZED   set once finalize has run (G2); permanent.
 *   C  OHI_GC_COLLECTING  set while the object is a candidate of a
 *                         running collection (C1).
 *   U  OHI_GC_UNREACHABLE set while the object is on the tentatively
 *                         unreachable list of move_unreachable (C3).
 *
 * Heads are 16-byte aligned, so the low bits of an address are free for
 * the flags.  Outside a collection, next and prev make a doubly linked
 * circular list through a sentinel head.  During update_refs and
 * subtract_refs, prev's address bits hold gc_refs instead (prev >> 2): a
 * scratch count, so that the collection needs no memory beyond the heads
 * (CPython's trick).  move_unreachable restores the prev addresses as it
 * goes.
 *
 * The lists
 * ---------
 *
 *   gens[0].head <-> o <-> o <-> o <-> (back to gens[0].head)   new objects
 *   gens[1].head <-> o <-> o <-> ...                survived one collection
 *   gens[2].head <-> o <-> ...                      survived two or more
 *   permanent    <-> o <-> ...                      oh_gc_freeze moved here
 *
 * A collection of generation g merges gens[0..g-1] into gens[g] ("young")
 * and works on that list alone.  Objects older than g are not scanned:
 * a reference from an older object counts as an outside reference, which
 * keeps young objects it reaches alive until the older generation is
 * collected itself.  Survivors move to gens[g+1] (gens[2] stays put).
 *
 * States of a container and their transitions
 * -------------------------------------------
 *
 *   built --ohi_gc_track--> TRACKED in gens[0]
 *   TRACKED in gens[i] --survives a collection of i--> gens[min(i+1, 2)]
 *   TRACKED --oh_gc_freeze--> in permanent --oh_gc_unfreeze--> gens[2]
 *   TRACKED --collection: update_refs--> COLLECTING (gc_refs in prev)
 *   COLLECTING --move_unreachable, reachable--> TRACKED (survivor)
 *   COLLECTING --move_unreachable, not reachable--> UNREACHABLE
 *   UNREACHABLE --weak refs cleared, finalize run--> FINALIZED
 *   UNREACHABLE --resurrection check finds it reachable--> TRACKED, gens[g+1]
 *   UNREACHABLE --clear; its count reaches 0--> dealloc --> freed
 *   any TRACKED state --count reaches 0--> untracked (oh_object_dealloc_)
 *   TRACKED tuple/dict holding nothing trackable --collection--> untracked
 *   untracked dict --a trackable key or value inserted--> TRACKED
 *
 * Invariants
 * ----------
 * C1. During a collection, every object in young and in the unreachable
 *     list has OHI_GC_COLLECTING set until it is classified reachable;
 *     outside one, no object has it set.  (So "COLLECTING" answers, in
 *     O(1), "is this referent a candidate of the running collection?")
 * C2. Outside update_refs .. move_unreachable, every tracked head's prev
 *     holds the address of its predecessor, and every list is circular and
 *     doubly linked.
 * C3. OHI_GC_UNREACHABLE is set in next exactly for the objects on the
 *     tentatively unreachable list of move_unreachable, and nowhere once
 *     move_unreachable's caller has cleared it (before any program code
 *     runs).
 * C4. Program code (finalizers, callbacks, deallocs) runs only while C2
 *     holds, so ohi_gc_untrack is valid whenever it can be called.
 * C5. Outside a collection, gens[0].count == container allocations minus
 *     container frees since generation 0 was last collected (never below
 *     0), and gens[i].count (i = 1, 2) == collections of gens[i - 1]
 *     since gens[i] was last collected.
 * C6. `collecting` is true exactly while a collection (or its callbacks)
 *     runs.  A collection never starts while it is true: oh_gc_collect
 *     returns 0 and automatic collection waits.
 * C7. An automatic collection starts only at a safe point
 *     (ohi_gc_safe_point, internal.h): the end of a container constructor,
 *     after the new object is complete and tracked (or deliberately left
 *     untracked), when the constructor holds no half-built object and no
 *     pointer into another object's storage.  auto_limit is threshold0
 *     while automatic collection is enabled and threshold0 > 0, else
 *     INT64_MAX.
 * C8. A collection leaves the caller's error indicator as it found it;
 *     finalizers and callbacks start with it clear, and what they leave is
 *     reported (ohi_gc_write_unraisable) and cleared.
 * C9. A type's traverse may visit NULL (CPython's Py_VISIT skips it, but a
 *     traverse written by hand need not use it): every visitor the library
 *     passes to a traverse, here and in refgraph.c, first returns 0 for a
 *     NULL child, in every build.
 * C10. In debug mode every child a traverse visits is checked before a
 *     visitor sees it (ohi_gc_traverse, internal.h): a live object on
 *     objheap's heap, allocated with the collector's prefix exactly when
 *     its type is a container, or a static immortal.  A freed object, a
 *     pointer into the middle of a block or into raw memory, a static
 *     object that is not immortal, or a pointer objheap never handed out
 *     aborts the process with a report that names the object traversed,
 *     its type, the child and the call whose work it was, instead of the
 *     corruption (or segfault) that following it would cause.
 *
 * Why safe points instead of collecting inside allocation (C7)
 * ------------------------------------------------------------
 * CPython 3.11 collects inside the allocation of a container, before the
 * new object exists.  A collection runs finalizers and callbacks, which
 * may change any reachable object; a function that read a list's size and
 * items pointer and then allocated (list repeat, concat, slice) would go
 * on with stale values.  CPython 3.12 moved collection out of allocation
 * for this reason (to the eval breaker).  A C library has no eval
 * breaker; its nearest equivalent is the return of a constructor: every
 * constructor ends by calling ohi_gc_safe_point, once its object is
 * complete and tracked and nothing is pending.  Allocation only counts
 * (C5); the collection waits at most until the constructor returns.
 *
 * The collection, step by step (collect)
 * --------------------------------------
 *  1. Merge younger generations into young; bump the counts (C5).
 *  2. update_refs: gc_refs = refcnt for each object of young; set C.
 *  3. subtract_refs: traverse each; every reference to a candidate
 *     decrements its gc_refs.  Now gc_refs > 0 means "referenced from
 *     outside young".
 *  4. move_unreachable: walk young; objects with gc_refs > 0 are reachable
 *     and their traverse rescues what they reach; objects with gc_refs ==
 *     0 move, for now, to the unreachable list.  No recursion, O(1) extra
 *     memory (see the function).
 *  5. Untrack tuples (and, in full collections, dicts) among the survivors
 *     that hold nothing trackable; promote the survivors.
 *  6. prepare_unreachable: one pass that clears U, clears every weak
 *     reference to an unreachable object (and every unreachable weak
 *     reference), sets aside the reachable weak references whose
 *     callbacks must run, and notes whether any finalizer is due.
 *  7. Run those callbacks (after all clearing: a callback must not reach a
 *     dying object through a weak reference not yet cleared).
 *  8. Run each due finalizer once, marking it FINALIZED.
 *  9. If any finalizer ran, repeat steps 2-4 on the unreachable list:
 *     what a finalizer made reachable again survives with everything it
 *     reaches (bpo-38379's behaviour).  When none ran, nothing can have
 *     been resurrected (callbacks cannot reach unreachable objects: every
 *     weak reference to them is clear and no reachable object refers to
 *     them), so the pass is skipped; CPython 3.11 always runs it.
 * 10. delete_garbage: with DEBUG_SAVEALL append each to gc.garbage;
 *     otherwise call clear on each, which breaks the cycles so that the
 *     counts reach zero and ordinary deallocation frees them.  Objects
 *     still alive afterwards join the older generation.
 * 11. A full collection empties the object layer's free lists; update
 *     statistics; call the callbacks with "stop".
 *
 * The observer
 * ------------
 * One internal hook (ohi_gc_state.observer, set by ohi_gc_set_observer)
 * is told about the objects of each collection, so that a tool can show
 * what the collector did (`objheap run --show-memory`, issue 15): each
 * unreachable object (told in one pass before step 6 touches any), each
 * weak reference whose callback step 7 will run (with its dying referent),
 * each finalizer step 8 is about to run, each object a finalizer
 * resurrected (step 9), and each survivor promoted to the next generation
 * (step 5; generation 2's survivors stay and are not told).  The
 * collection's start and end, and its counts, are oh_gc_callback's.
 * C11. The observer runs no program code, changes no reference count,
 *      allocates nothing on objheap's heap and starts no collection: the
 *      lists it is called from are mid-walk (C1-C3 may not hold), so it
 *      may read the object it is given and its type, nothing that follows
 *      the gc heads.
 * C12. With no observer (NULL, the default) a collection does exactly what
 *      it did without one: each phase loads the pointer once (the passes
 *      made only for the observer test it before starting and are
 *      skipped; steps 6 and 8 test the loaded copy per callback and per
 *      finalizer, beside the call they already make).
 *
 * Untracking
 * ----------
 * Tuples and dicts that hold only objects that cannot take part in a
 * cycle cannot take part in one either, so the collector need not visit
 * them (CPython 3.11, verified: gc.is_tracked((1,)) is True until a
 * collection, gc.is_tracked({}) and gc.is_tracked({1: 2}) are False,
 * gc.is_tracked({1: []}) is True).  Tuples are checked in every
 * collection, dicts only in full ones; a dict is tracked again when a
 * trackable key or value is inserted (dict.c).
 *
 * Tunables
 * --------
 * - Thresholds (700, 10, 10): CPython's defaults (verified with
 *   gc.get_threshold() on 3.11.7), so programs see the same rhythm.
 * - long_lived_pending > long_lived_total / 4 before a full collection:
 *   CPython's rule.  Without it, building a big structure of containers
 *   would scan all of it every 7,000 allocations: quadratic time.  With
 *   it, full collections cost amortised O(1) per object.
 */
#include "internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define GC_ALL_FLAGS OHI_GC_FLAGS
/* The call named when a collection's traverse meets a bad child (C10). */
#define GC_CALL "a collection (oh_gc_collect, or an automatic one)"
#define FROM_GC(g) ((oh_object *)(void *)((ohi_gc_head *)(uintptr_t)(g) + 1))

/* ==========================================================================
 * List primitives (C2 must hold for their arguments)
 * ========================================================================== */

static inline ohi_gc_head *
gc_next(const ohi_gc_head *g)
{
    return (ohi_gc_head *)g->next;
}

static inline ohi_gc_head *
gc_prev(const ohi_gc_head *g)
{
    return (ohi_gc_head *)(g->prev & ~GC_ALL_FLAGS);
}

static inline void
gc_set_prev(ohi_gc_head *g, ohi_gc_head *p)
{
    g->prev = (g->prev & GC_ALL_FLAGS) | (uintptr_t)p;
}

static inline void
list_init(ohi_gc_head *list)
{
    list->next = (uintptr_t)list;
    list->prev = (uintptr_t)list;
}

static inline bool
list_is_empty(const ohi_gc_head *list)
{
    return list->next == (uintptr_t)list;
}

static inline void
list_append(ohi_gc_head *node, ohi_gc_head *list)
{
    ohi_gc_head *last = (ohi_gc_head *)list->prev;
    OH_ASSERT(gc_next(last) == list);                           /* C2 */
    last->next = (uintptr_t)node;
    gc_set_prev(node, last);
    node->next = (uintptr_t)list;
    list->prev = (uintptr_t)node;
}

static inline void
list_move(ohi_gc_head *node, ohi_gc_head *list)
{
    ohi_gc_head *prev = gc_prev(node);
    ohi_gc_head *next = gc_next(node);
    OH_ASSERT(gc_next(prev) == node && gc_prev(next) == node);  /* C2 */
    prev->next = (uintptr_t)next;
    gc_set_prev(next, prev);
    list_append(node, list);
}

/* Append every node of `from` to `to`; `from` becomes empty. */
static void
list_merge(ohi_gc_head *from, ohi_gc_head *to)
{
    if (list_is_empty(from))
        return;
    ohi_gc_head *to_last = (ohi_gc_head *)to->prev;
    ohi_gc_head *first = gc_next(from);
    ohi_gc_head *last = (ohi_gc_head *)from->prev;
    OH_ASSERT(gc_next(to_last) == to && gc_next(last) == from
              && gc_prev(first) == from);                      /* C2 */
    to_last->next = (uintptr_t)first;
    gc_set_prev(first, to_last);
    last->next = (uintptr_t)to;
    to->prev = (uintptr_t)last;
    list_init(from);
}

static int64_t
list_size(const ohi_gc_head *list)
{
    int64_t n = 0;
    for (ohi_gc_head *g = gc_next(list); g != list; g = gc_next(g))
        n++;
    return n;
}

/* gc_refs, kept in prev's address bits during steps 2-4 and 9. */
static inline uintptr_t
gc_get_refs(const ohi_gc_head *g)
{
    return g->prev >> OHI_GC_REFS_SHIFT;
}

static inline void
gc_set_refs(ohi_gc_head *g, uintptr_t refs)
{
    g->prev = (g->prev & GC_ALL_FLAGS) | (refs << OHI_GC_REFS_SHIFT);
}

static inline bool
gc_is_collecting(const ohi_gc_head *g)
{
    return (g->prev & OHI_GC_COLLECTING) != 0;
}

/* ==========================================================================
 * State
 * ========================================================================== */

static void
update_auto_limit(ohi_gc_state *gc)
{
    gc->auto_limit = gc->enabled && gc->gens[0].threshold > 0
                     ? gc->gens[0].threshold : INT64_MAX;
}

void
ohi_gc_init(void)
{
    ohi_gc_state *gc = &OHI_RT->gc;
    if (gc->initialized)
        return;
    static const int64_t thresholds[OHI_GC_NGENS] = {
        OHI_GC_THRESHOLD0, OHI_GC_THRESHOLD1, OHI_GC_THRESHOLD2
    };
    for (int i = 0; i < OHI_GC_NGENS; i++) {
        list_init(&gc->gens[i].head);
        gc->gens[i].threshold = thresholds[i];
    }
    list_init(&gc->permanent);
    gc->enabled = true;
    gc->initialized = true;
    update_auto_limit(gc);
}

static ohi_gc_state *
gc_state(void)
{
    ohi_gc_state *gc = &OHI_RT->gc;
    if (OH_UNLIKELY(!gc->initialized))
        ohi_gc_init();
    return gc;
}

int
ohi_gc_may_be_tracked(const oh_object *o)
{
    const oh_type *t = o->type;
    if (!OHI_IS_CONTAINER(t))
        return 0;
    return t != &oh_tuple_type || ohi_gc_is_tracked(o);
}

/* ==========================================================================
 * Reporting errors nobody can receive (Python's unraisable hook)
 * ========================================================================== */

void
ohi_gc_write_unraisable(const char *what, const oh_object *o)
{
    oh_errkind kind = oh_err_occurred();
    if (kind == OH_ERR_NONE)
        return;
    if (OHI_RT->unraisable != NULL) {
        OHI_RT->unraisable(what, o);
        oh_err_clear();
        return;
    }
    /* Python prints "Exception ignored in: <obj>" and then the exception;
     * the object is named by type and address (a repr could fail or run
     * code). */
    fprintf(stderr, "Exception ignored in: %s <%s object at %p>\n%s: %s\n",
            what, o != NULL ? oh_type_name(o) : "?", (const void *)o,
            oh_err_kind_name(kind), oh_err_message());
    oh_err_clear();
}

/* ==========================================================================
 * Steps 2-4: finding the unreachable objects
 * ========================================================================== */

/* Step 2.  On return every object of `young` has COLLECTING set and
 * gc_refs == its reference count; prev no longer holds addresses. */
static void
update_refs(ohi_gc_head *young)
{
    for (ohi_gc_head *g = gc_next(young); g != young; g = gc_next(g)) {
        oh_object *o = FROM_GC(g);
        /* A tracked object with count 0 would be mid-dealloc, which
         * untracks first (oh_object_dealloc_): it cannot be here. */
        OH_ASSERT(o->refcnt > 0);
        /* Not a candidate yet, and on no unreachable list (C1, C3). */
        OH_ASSERT(!gc_is_collecting(g) && !(g->next & OHI_GC_UNREACHABLE));
        g->prev = (g->prev & OHI_GC_FINALIZED) | OHI_GC_COLLECTING
                  | ((uintptr_t)o->refcnt << OHI_GC_REFS_SHIFT);
    }
}

static int
visit_decref(oh_object *child, void *arg)
{
    (void)arg;
    if (child == NULL)                  /* C9 */
        return 0;
    if (OHI_IS_CONTAINER(child->type)) {
        ohi_gc_head *g = OHI_AS_GC(child);
        /* Only candidates (C1); others keep their prev address. */
        if (gc_is_collecting(g)) {
            OH_ASSERT(gc_get_refs(g) > 0);
            g->prev -= (uintptr_t)1 << OHI_GC_REFS_SHIFT;
        }
    }
    return 0;
}

/* Step 3.  On return gc_refs of each object of young counts the
 * references to it from outside young. */
static void
subtract_refs(ohi_gc_head *young)
{
    for (ohi_gc_head *g = gc_next(young); g != young; g = gc_next(g)) {
        oh_object *o = FROM_GC(g);
        ohi_gc_traverse(o, visit_decref, NULL, GC_CALL);
    }
}

/* Called by move_unreachable on each referent of a reachable object. */
static int
visit_reachable(oh_object *child, void *arg)
{
    ohi_gc_head *reachable = arg;
    if (child == NULL || !OHI_IS_CONTAINER(child->type))       /* C9 */
        return 0;
    ohi_gc_head *g = OHI_AS_GC(child);
    /* Not a candidate, or already known reachable and scanned. */
    if (!gc_is_collecting(g))
        return 0;
    if (g->next & OHI_GC_UNREACHABLE) {
        /* On the tentatively unreachable list: take it off (its neighbours
         * there have valid prev addresses) and put it at the end of young,
         * where the walk will come to it and scan it. */
        ohi_gc_head *prev = gc_prev(g);
        ohi_gc_head *next = (ohi_gc_head *)(g->next & ~OHI_GC_UNREACHABLE);
        prev->next = g->next;           /* keeps U when prev is on it */
        gc_set_prev(next, prev);
        list_append(g, reachable);
        gc_set_refs(g, 1);
    }
    else if (gc_get_refs(g) == 0) {
        /* Not yet reached by the walk: mark it so that the walk treats it
         * as reachable when it gets there. */
        gc_set_refs(g, 1);
    }
    /* else: gc_refs > 0, the walk will scan it anyway. */
    return 0;
}

/* Step 4.  On entry young has gc_refs set (steps 2-3) and `unreachable`
 * is empty.  On return young holds exactly the reachable objects, doubly
 * linked again with COLLECTING clear, and `unreachable` the rest, with
 * COLLECTING and UNREACHABLE set (C1, C3); unreachable's own next word has
 * no flag.  Returns the number of reachable objects (saves the callers a
 * walk to count them).
 *
 * Objects are never moved out of young's order more than once per rescue,
 * and the walk needs no stack: a rescued object goes to young's end, so
 * the walk reaches it later and scans its referents then. */
static int64_t
move_unreachable(ohi_gc_head *young, ohi_gc_head *unreachable)
{
    int64_t nreachable = 0;
    ohi_gc_head *prev = young;
    ohi_gc_head *g = gc_next(young);
    while (g != young) {
        /* Loop invariant: young from its head up to `prev` is doubly
         * linked and holds only objects known reachable and already
         * scanned (COLLECTING clear); `g` is prev's successor; objects
         * after g have gc_refs in prev; unreachable holds the objects
         * seen so far with gc_refs == 0, singly linked through next (with
         * U set) and doubly through prev. */
        OH_ASSERT(gc_is_collecting(g)
                  && !(g->next & OHI_GC_UNREACHABLE));          /* C1, C3 */
        if (gc_get_refs(g) != 0) {
            oh_object *o = FROM_GC(g);
            /* Reachable: anything it reaches is reachable too. */
            ohi_gc_traverse(o, visit_reachable, young, GC_CALL);
            gc_set_prev(g, prev);
            g->prev &= ~OHI_GC_COLLECTING;
            prev = g;
            nreachable++;
        }
        else {
            /* Maybe unreachable; a later rescue may bring it back. */
            prev->next = g->next;
            ohi_gc_head *last = (ohi_gc_head *)unreachable->prev;
            last->next = OHI_GC_UNREACHABLE | (uintptr_t)g;
            gc_set_prev(g, last);
            g->next = OHI_GC_UNREACHABLE | (uintptr_t)unreachable;
            unreachable->prev = (uintptr_t)g;
        }
        g = gc_next(prev);
    }
    young->prev = (uintptr_t)prev;
    unreachable->next &= ~OHI_GC_UNREACHABLE;
    return nreachable;
}

/* Steps 2-4 together; returns the number of reachable objects. */
static int64_t
deduce_unreachable(ohi_gc_head *young, ohi_gc_head *unreachable)
{
    update_refs(young);
    subtract_refs(young);
    return move_unreachable(young, unreachable);
}

/* ==========================================================================
 * Step 5: untracking what cannot be in a cycle
 * ========================================================================== */

static int
visit_may_be_tracked(oh_object *child, void *arg)
{
    (void)arg;
    return child != NULL && ohi_gc_may_be_tracked(child);     /* C9 */
}

/* Returns the number of objects untracked. */
static int64_t
untrack_atomic_holders(ohi_gc_head *young, bool dicts)
{
    int64_t n = 0;
    ohi_gc_head *next;
    for (ohi_gc_head *g = gc_next(young); g != young; g = next) {
        next = gc_next(g);
        oh_object *o = FROM_GC(g);
        const oh_type *t = o->type;
        if (t == &oh_tuple_type) {
            /* A tuple with a NULL item is half built: keep it (U1). */
            bool complete = true;
            for (int64_t i = 0; i < OHI_TUPLE_SIZE(o); i++) {
                if (OHI_TUPLE(o)->items[i] == NULL)
                    complete = false;
            }
            if (complete && ohi_gc_traverse(o, visit_may_be_tracked, NULL,
                                            GC_CALL) == 0) {
                ohi_gc_untrack(o);
                n++;
            }
        }
        else if (dicts && t == &oh_dict_type) {
            if (ohi_gc_traverse(o, visit_may_be_tracked, NULL, GC_CALL)
                == 0) {
                ohi_gc_untrack(o);
                n++;
            }
        }
    }
    return n;
}

/* ==========================================================================
 * Steps 6-8: weak references and finalizers
 * ========================================================================== */

/* Clear COLLECTING on every object of `list` (C1), keeping the rest. */
static void
clear_collecting(ohi_gc_head *list)
{
    for (ohi_gc_head *g = gc_next(list); g != list; g = gc_next(g))
        g->prev &= ~OHI_GC_COLLECTING;
}

static void
debug_cycle(const char *what, oh_object *o)
{
    fprintf(stderr, "gc: %s <%s %p>\n", what, oh_type_name(o), (void *)o);
}

/* Tell the observer `obs` (the phase's one load of gc->observer, C12)
 * about o.  It may read o, and change nothing (C11): the debug build
 * checks that the counts of o and of `other` are what they were and that
 * the collection is still marked running (C6). */
static void
observe(ohi_gc_state *gc, ohi_gc_observer obs, ohi_gc_obs_event ev,
        oh_object *o, oh_object *other, int generation)
{
#if OH_ASSERTS
    int64_t refcnt = o->refcnt;
    int64_t other_refcnt = other != NULL ? other->refcnt : 0;
#endif
    obs(ev, o, other, generation, gc->observer_arg);
    OH_ASSERT(o->refcnt == refcnt && gc->collecting
              && (other == NULL || other->refcnt == other_refcnt));  /* C11 */
}

/* Tell the observer `ev` about every object of `list` (C11: it reads them,
 * and changes nothing; the list may be mid-collection, so it is walked
 * with U masked off). */
static void
observe_list(ohi_gc_state *gc, ohi_gc_obs_event ev, ohi_gc_head *list,
             int generation)
{
    ohi_gc_observer obs = gc->observer;
    for (ohi_gc_head *g = gc_next(list); g != list;
         g = (ohi_gc_head *)(g->next & ~OHI_GC_UNREACHABLE))
        observe(gc, obs, ev, FROM_GC(g), NULL, generation);
}

/* Step 6.  On entry `unreachable` comes from move_unreachable (U set in
 * every next word).  On return U is clear everywhere (C3), no weak
 * reference refers to an unreachable object, and no unreachable weak
 * reference refers to anything; *callbacks is a chain (through wr_next)
 * of reachable, cleared weak references whose callbacks must run, each
 * holding one extra reference taken here; *count is the length of the
 * list.  Returns whether an object of the list has a finalizer that has
 * not yet run. */
static bool
prepare_unreachable(ohi_gc_state *gc, ohi_gc_head *unreachable,
                    int generation, ohi_weakref **callbacks, int64_t *count)
{
    unsigned debug = gc->debug;
    ohi_gc_observer obs = gc->observer;
    bool finalizers_due = false;
    int64_t n = 0;
    ohi_weakref *chain = NULL, **tail = &chain;
    for (ohi_gc_head *g = gc_next(unreachable); g != unreachable;) {
        /* From move_unreachable: a candidate, on its list (C1, C3). */
        OH_ASSERT(gc_is_collecting(g) && (g->next & OHI_GC_UNREACHABLE)
                  && FROM_GC(g)->refcnt > 0);
        g->next &= ~OHI_GC_UNREACHABLE;
        oh_object *o = FROM_GC(g);
        const oh_type *t = o->type;
        if (debug & OH_GC_DEBUG_COLLECTABLE)
            debug_cycle("collectable", o);
        if (t->finalize != NULL && !(g->prev & OHI_GC_FINALIZED))
            finalizers_due = true;
        /* A weak reference that is garbage itself: clear it now, so its
         * callback cannot run later from a dealloc and see objects that
         * clear has already emptied (bpo-38006). */
        if (OHI_WEAKREF_CHECK(o))
            ohi_weakref_clear_ref((ohi_weakref *)(void *)o);
        ohi_weakref **list = ohi_weaklist_of(o);
        if (list != NULL) {
            ohi_weakref *wr;
            while ((wr = *list) != NULL) {
                ohi_weakref_clear_ref(wr);
                if (wr->callback == NULL)
                    continue;
                /* A weak reference that is garbage too dies with its
                 * referent, and we may pretend it died first: no callback
                 * (CPython's "headache time" rule; verified on 3.11 with
                 * b.wr = ref(b, cb) inside a cycle: cb did not run). */
                if (gc_is_collecting(OHI_AS_GC(&wr->ob_base)))
                    continue;
                if (obs != NULL)
                    observe(gc, obs, OHI_GC_OBS_CALLBACK, &wr->ob_base, o,
                            generation);
                oh_incref(&wr->ob_base);
                wr->wr_next = NULL;
                *tail = wr;
                tail = &wr->wr_next;
            }
        }
        g = (ohi_gc_head *)(g->next & ~OHI_GC_UNREACHABLE);
        n++;
    }
    *count = n;
    *callbacks = chain;
    return finalizers_due;
}

/* Step 7.  Runs the callbacks prepare_unreachable set aside, in the order
 * found.  Returns how many of those weak references the callbacks freed
 * (they count as collected, as in CPython). */
static int64_t
run_weakref_callbacks(ohi_weakref *chain)
{
    int64_t freed = 0;
    while (chain != NULL) {
        ohi_weakref *wr = chain;
        chain = wr->wr_next;
        wr->wr_next = NULL;
        OH_ASSERT(wr->object == NULL
                  && oh_err_occurred() == OH_ERR_NONE);     /* WK4, C8 */
        ohi_weakref_run_callback(wr);
        if (wr->ob_base.refcnt == 1)
            freed++;
        oh_decref(&wr->ob_base);
    }
    return freed;
}

/* Step 8.  Calls each due finalizer once.  Objects a finalizer frees
 * (by breaking the cycle itself) leave the list by untracking. */
static void
finalize_garbage(ohi_gc_state *gc, ohi_gc_head *unreachable, int generation)
{
    ohi_gc_observer obs = gc->observer;
    ohi_gc_head seen;
    list_init(&seen);
    while (!list_is_empty(unreachable)) {
        ohi_gc_head *g = gc_next(unreachable);
        list_move(g, &seen);
        oh_object *o = FROM_GC(g);
        const oh_type *t = o->type;
        if (t->finalize == NULL || (g->prev & OHI_GC_FINALIZED))
            continue;
        g->prev |= OHI_GC_FINALIZED;
        if (obs != NULL)
            observe(gc, obs, OHI_GC_OBS_FINALIZE, o, NULL, generation);
        /* Program code runs now: U is clear and the lists are whole (C3,
         * C4), and the finalizer starts with no error set (C8). */
        OH_ASSERT(!(g->next & OHI_GC_UNREACHABLE)
                  && oh_err_occurred() == OH_ERR_NONE);
        oh_incref(o);
        t->finalize(o);
        ohi_gc_write_unraisable("finalizer of", o);
        oh_decref(o);
    }
    list_merge(&seen, unreachable);
}

/* ==========================================================================
 * Step 10: breaking the cycles
 * ========================================================================== */

static void
delete_garbage(ohi_gc_state *gc, ohi_gc_head *collectable, ohi_gc_head *old)
{
    while (!list_is_empty(collectable)) {
        ohi_gc_head *g = gc_next(collectable);
        oh_object *o = FROM_GC(g);
        /* Still a candidate, alive (an object freed by another's clear
         * has left the list), and clear runs with no error set (C1, C8). */
        OH_ASSERT(gc_is_collecting(g) && o->refcnt > 0
                  && oh_err_occurred() == OH_ERR_NONE);
        if (gc->debug & OH_GC_DEBUG_SAVEALL) {
            if (gc->garbage == NULL)
                gc->garbage = oh_list_new();
            if (gc->garbage == NULL || oh_list_append(gc->garbage, o) < 0)
                oh_err_clear();     /* not saved: it is simply kept */
        }
        else if (o->type->clear != NULL) {
            oh_incref(o);
            o->type->clear(o);
            ohi_gc_write_unraisable("clear of", o);
            oh_decref(o);
        }
        if (gc_next(collectable) == g) {
            /* Still alive (saved, or held by something clear did not
             * drop): it joins the older generation, as a survivor. */
            g->prev &= ~OHI_GC_COLLECTING;
            list_move(g, old);
        }
    }
}

/* ==========================================================================
 * The collection
 * ========================================================================== */

#if OH_DEBUG >= 3
static void check_list(const ohi_gc_head *list, const char *name);

/* OH_DEBUG >= 3: walk generations 0..generation (and, after a full
 * collection, everything: its cost is amortised like the collection's). */
static void
check_generations(ohi_gc_state *gc, int generation)
{
    static const char *const names[] = {"generation 0", "generation 1",
                                        "generation 2"};
    for (int i = 0; i <= generation; i++)
        check_list(&gc->gens[i].head, names[i]);
}
#endif

static void
invoke_callbacks(ohi_gc_state *gc, oh_gc_phase phase, int generation,
                 int64_t collected, int64_t uncollectable)
{
    if (gc->ncallbacks == 0)
        return;
    oh_gc_info info = {generation, collected, uncollectable};
    /* A callback may register or unregister callbacks: index each time. */
    for (size_t i = 0; i < gc->ncallbacks; i++) {
        ohi_gc_callback_entry e = gc->callbacks[i];
        if (e.fn(phase, &info, e.arg) < 0 && !oh_err_occurred())
            oh_err_set(OH_ERR_RUNTIME, "gc callback failed without "
                       "setting an error");
        if (oh_err_occurred()) {
            fprintf(stderr, "Exception ignored in: gc callback %p\n%s: "
                    "%s\n", (void *)(uintptr_t)e.fn,
                    oh_err_kind_name(oh_err_occurred()), oh_err_message());
            oh_err_clear();
        }
    }
}

static double
now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One collection of `generation` (C6: the caller has set collecting).
 * Returns the number of unreachable objects found. */
static int64_t
collect(ohi_gc_state *gc, int generation)
{
    OH_ASSERT(gc->collecting && gc->initialized
              && oh_err_occurred() == OH_ERR_NONE);             /* C6, C8 */
    double t0 = 0;
#if OH_DEBUG >= 3
    /* The generations about to be collected (walking all of them on
     * every young collection would make a debug build quadratic). */
    check_generations(gc, generation);
#endif
    if (gc->debug & OH_GC_DEBUG_STATS) {
        fprintf(stderr, "gc: collecting generation %d...\n", generation);
        fprintf(stderr, "gc: objects in each generation: %" PRId64 " %"
                PRId64 " %" PRId64 "\n", list_size(&gc->gens[0].head),
                list_size(&gc->gens[1].head), list_size(&gc->gens[2].head));
        fprintf(stderr, "gc: objects in permanent generation: %" PRId64
                "\n", list_size(&gc->permanent));
        t0 = now_seconds();
    }

    /* Step 1 (C5). */
    if (generation + 1 < OHI_GC_NGENS)
        gc->gens[generation + 1].count += 1;
    for (int i = 0; i <= generation; i++)
        gc->gens[i].count = 0;
    for (int i = 0; i < generation; i++)
        list_merge(&gc->gens[i].head, &gc->gens[generation].head);
    ohi_gc_head *young = &gc->gens[generation].head;
    ohi_gc_head *old = generation + 1 < OHI_GC_NGENS
                       ? &gc->gens[generation + 1].head : young;

    /* Steps 2-4. */
    ohi_gc_head unreachable;
    list_init(&unreachable);
    int64_t survivors = deduce_unreachable(young, &unreachable);

    /* Step 5. */
    survivors -= untrack_atomic_holders(young,
                                        generation == OHI_GC_NGENS - 1);
    if (young != old) {
        if (gc->observer != NULL)
            observe_list(gc, OHI_GC_OBS_PROMOTED, young, generation);
        if (generation == OHI_GC_NGENS - 2)
            gc->long_lived_pending += survivors;
        list_merge(young, old);
    }
    else {
        gc->long_lived_pending = 0;
        gc->long_lived_total = survivors;
    }

    /* Step 6. */
    if (gc->observer != NULL)
        observe_list(gc, OHI_GC_OBS_UNREACHABLE, &unreachable, generation);
    ohi_weakref *callbacks;
    int64_t nfinal;
    bool finalizers_due = prepare_unreachable(gc, &unreachable, generation,
                                              &callbacks, &nfinal);
    /* Step 7. */
    int64_t m = run_weakref_callbacks(callbacks);
    /* Steps 8-9. */
    ohi_gc_head final;
    list_init(&final);
    if (finalizers_due) {
        finalize_garbage(gc, &unreachable, generation);
        /* Re-run 2-4 on the unreachable set itself: C1 needs COLLECTING
         * clear before update_refs sets it again. */
        clear_collecting(&unreachable);
        deduce_unreachable(&unreachable, &final);
        for (ohi_gc_head *g = gc_next(&final); g != &final; g = gc_next(g))
            g->next &= ~OHI_GC_UNREACHABLE;
        /* What is left in `unreachable` was resurrected. */
        if (gc->observer != NULL)
            observe_list(gc, OHI_GC_OBS_RESURRECTED, &unreachable,
                         generation);
        list_merge(&unreachable, old);
        nfinal = list_size(&final);
    }
    else {
        list_merge(&unreachable, &final);
    }
    /* Step 10.  Counted before: clearing one object frees others. */
    m += nfinal;
    delete_garbage(gc, &final, old);
    /* Every object of the collection is in a generation again, or freed:
     * none is left on the collection's own lists, which die here. */
    OH_ASSERT(list_is_empty(&final) && list_is_empty(&unreachable));
    int64_t n = 0;              /* uncollectable: no legacy finalizers */

    /* Step 11. */
    if (generation == OHI_GC_NGENS - 1)
        oh_object_clear_freelists();
    if (gc->debug & OH_GC_DEBUG_STATS)
        fprintf(stderr, "gc: done, %" PRId64 " unreachable, %" PRId64
                " uncollectable, %.4fs elapsed\n", n + m, n,
                now_seconds() - t0);
    gc->stats[generation].collections++;
    gc->stats[generation].collected += m;
    gc->stats[generation].uncollectable += n;
    if (gc->garbage == NULL && (gc->debug & OH_GC_DEBUG_SAVEALL)) {
        gc->garbage = oh_list_new();
        oh_err_clear();
    }
#if OH_DEBUG >= 3
    check_generations(gc, generation);
#endif
    return n + m;
}

/* collect() with the callbacks around it and the caller's error kept. */
static int64_t
collect_with_callbacks(ohi_gc_state *gc, int generation)
{
    ohi_err_state saved;
    ohi_err_save(&saved);
    invoke_callbacks(gc, OH_GC_START, generation, 0, 0);
    int64_t found = collect(gc, generation);
    invoke_callbacks(gc, OH_GC_STOP, generation, found, 0);
    OH_ASSERT(oh_err_occurred() == OH_ERR_NONE);                /* C8 */
    ohi_err_restore(&saved);
    return found;
}

void
ohi_gc_set_observer(ohi_gc_observer fn, void *arg)
{
    ohi_gc_state *gc = gc_state();
    OH_ASSERT(!gc->collecting);
    gc->observer = fn;
    gc->observer_arg = fn != NULL ? arg : NULL;
}

void
ohi_gc_collect_auto(void)
{
    ohi_gc_state *gc = gc_state();
    if (gc->collecting || gc->gens[0].count <= gc->auto_limit)
        return;
    gc->collecting = true;
    /* The oldest generation whose count passed its threshold (the full
     * one only if enough objects await it: "Tunables"). */
    for (int i = OHI_GC_NGENS - 1; i >= 0; i--) {
        if (gc->gens[i].count > gc->gens[i].threshold) {
            if (i == OHI_GC_NGENS - 1
                && gc->long_lived_pending < gc->long_lived_total / 4)
                continue;
            collect_with_callbacks(gc, i);
            break;
        }
    }
    gc->collecting = false;
}

/* ==========================================================================
 * The API
 * ========================================================================== */

int64_t
oh_gc_collect(int generation)
{
    ohi_gc_state *gc = gc_state();
    if (generation < 0 || generation >= OHI_GC_NGENS) {
        oh_err_set(OH_ERR_VALUE, "invalid generation");
        return -1;
    }
    if (gc->collecting)
        return 0;               /* C6: never recurse */
    gc->collecting = true;
    int64_t n = collect_with_callbacks(gc, generation);
    gc->collecting = false;
    return n;
}

void
oh_gc_enable(void)
{
    ohi_gc_state *gc = gc_state();
    gc->enabled = true;
    update_auto_limit(gc);
}

void
oh_gc_disable(void)
{
    ohi_gc_state *gc = gc_state();
    gc->enabled = false;
    update_auto_limit(gc);
}

int
oh_gc_isenabled(void)
{
    return gc_state()->enabled;
}

static int
null_array(const void *p, const char *fn)
{
    if (p != NULL)
        return 0;
    oh_err_format(OH_ERR_VALUE, "%s: the array is NULL", fn);
    return -1;
}

int
oh_gc_get_count(int64_t count[OH_GC_GENERATIONS])
{
    if (null_array(count, "oh_gc_get_count") < 0)
        return -1;
    ohi_gc_state *gc = gc_state();
    for (int i = 0; i < OHI_GC_NGENS; i++)
        count[i] = gc->gens[i].count;
    return 0;
}

int
oh_gc_get_threshold(int64_t threshold[OH_GC_GENERATIONS])
{
    if (null_array(threshold, "oh_gc_get_threshold") < 0)
        return -1;
    ohi_gc_state *gc = gc_state();
    for (int i = 0; i < OHI_GC_NGENS; i++)
        threshold[i] = gc->gens[i].threshold;
    return 0;
}

int
oh_gc_set_threshold(int64_t t0, int64_t t1, int64_t t2)
{
    ohi_gc_state *gc = gc_state();
    int64_t t[OHI_GC_NGENS] = {t0, t1, t2};
    for (int i = 0; i < OHI_GC_NGENS; i++) {
        if (t[i] >= 0)
            gc->gens[i].threshold = t[i];
    }
    update_auto_limit(gc);
    return 0;
}

int
oh_gc_get_stats(oh_gc_stats stats[OH_GC_GENERATIONS])
{
    if (null_array(stats, "oh_gc_get_stats") < 0)
        return -1;
    ohi_gc_state *gc = gc_state();
    memcpy(stats, gc->stats, sizeof gc->stats);
    return 0;
}

/* Append the objects of `list` (all but `skip`) to `out`. */
static int
append_objects(oh_object *out, ohi_gc_head *list)
{
    for (ohi_gc_head *g = gc_next(list); g != list; g = gc_next(g)) {
        oh_object *o = FROM_GC(g);
        if (o != out && oh_list_append(out, o) < 0)
            return -1;
    }
    return 0;
}

oh_object *
oh_gc_get_objects(int generation)
{
    ohi_gc_state *gc = gc_state();
    if (generation < -1) {
        oh_err_set(OH_ERR_VALUE, "generation parameter cannot be negative");
        return NULL;
    }
    if (generation >= OHI_GC_NGENS) {
        oh_err_format(OH_ERR_VALUE, "generation parameter must be less "
                      "than the number of available generations (%d)",
                      OHI_GC_NGENS);
        return NULL;
    }
    oh_object *out = oh_list_new();
    if (out == NULL)
        return NULL;
    for (int i = 0; i < OHI_GC_NGENS; i++) {
        if (generation != -1 && generation != i)
            continue;
        if (append_objects(out, &gc->gens[i].head) < 0) {
            oh_decref(out);
            return NULL;
        }
    }
    return out;
}

/* In debug mode, a freed object among objs is fatal (NULLs were refused
 * already: OHI_NOT_NULL_ARRAY). */
static void
check_objs(oh_object *const *objs, size_t n, const char *fn)
{
    for (size_t i = 0; i < n; i++)
        ohi_check_live(objs[i], fn);
}

typedef struct referrers_arg {
    oh_object *const *objs;
    size_t n;
} referrers_arg;

static int
visit_is_target(oh_object *child, void *arg)
{
    referrers_arg *a = arg;
    /* C9: a NULL child matches no target (none is NULL). */
    for (size_t i = 0; i < a->n; i++) {
        if (a->objs[i] == child)
            return 1;
    }
    return 0;
}

oh_object *
oh_gc_get_referrers(oh_object *const *objs, size_t n)
{
    OHI_NOT_NULL_ARRAY(objs, n, NULL);
    check_objs(objs, n, "oh_gc_get_referrers");
    ohi_gc_state *gc = gc_state();
    oh_object *out = oh_list_new();
    if (out == NULL)
        return NULL;
    referrers_arg a = {objs, n};
    for (int i = 0; i < OHI_GC_NGENS; i++) {
        ohi_gc_head *list = &gc->gens[i].head;
        for (ohi_gc_head *g = gc_next(list); g != list; g = gc_next(g)) {
            oh_object *o = FROM_GC(g);
            if (o == out || ohi_gc_traverse(o, visit_is_target, &a,
                                            "oh_gc_get_referrers") == 0)
                continue;
            if (oh_list_append(out, o) < 0) {
                oh_decref(out);
                return NULL;
            }
        }
    }
    return out;
}

static int
visit_append(oh_object *child, void *arg)
{
    if (child == NULL)                  /* C9 */
        return 0;
    return oh_list_append(arg, child) < 0 ? -1 : 0;
}

oh_object *
oh_gc_get_referents(oh_object *const *objs, size_t n)
{
    OHI_NOT_NULL_ARRAY(objs, n, NULL);
    check_objs(objs, n, "oh_gc_get_referents");
    oh_object *out = oh_list_new();
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const oh_type *t = objs[i]->type;
        if (!OHI_IS_CONTAINER(t) || t->traverse == NULL)
            continue;
        if (ohi_gc_traverse(objs[i], visit_append, out,
                            "oh_gc_get_referents") != 0) {
            oh_decref(out);
            return NULL;
        }
    }
    return out;
}

int
oh_gc_is_tracked(oh_object *o)
{
    OHI_NOT_NULL(o, 0);
    if (o == NULL)
        return 0;
    ohi_check_live(o, "oh_gc_is_tracked");
    return OHI_IS_CONTAINER(o->type) && ohi_gc_is_tracked(o);
}

int
oh_gc_is_finalized(oh_object *o)
{
    OHI_NOT_NULL(o, 0);
    if (o == NULL)
        return 0;
    ohi_check_live(o, "oh_gc_is_finalized");
    return OHI_IS_CONTAINER(o->type)
           && (OHI_AS_GC(o)->prev & OHI_GC_FINALIZED) != 0;
}

void
oh_gc_freeze(void)
{
    ohi_gc_state *gc = gc_state();
    for (int i = 0; i < OHI_GC_NGENS; i++) {
        list_merge(&gc->gens[i].head, &gc->permanent);
        gc->gens[i].count = 0;
    }
}

void
oh_gc_unfreeze(void)
{
    ohi_gc_state *gc = gc_state();
    list_merge(&gc->permanent, &gc->gens[OHI_GC_NGENS - 1].head);
}

int64_t
oh_gc_get_freeze_count(void)
{
    return list_size(&gc_state()->permanent);
}

int
oh_gc_set_debug(unsigned flags)
{
    unsigned all = OH_GC_DEBUG_STATS | OH_GC_DEBUG_LEAK;
    if (flags & ~all) {
        oh_err_format(OH_ERR_VALUE, "oh_gc_set_debug: unknown flags 0x%x",
                      flags & ~all);
        return -1;
    }
    gc_state()->debug = flags;
    return 0;
}

unsigned
oh_gc_get_debug(void)
{
    return gc_state()->debug;
}

oh_object *
oh_gc_garbage(void)
{
    ohi_gc_state *gc = gc_state();
    if (gc->garbage == NULL)
        gc->garbage = oh_list_new();
    return gc->garbage;
}

int
oh_gc_callback_register(oh_gc_callback cb, void *arg)
{
    if (cb == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_gc_callback_register: cb is NULL");
        return -1;
    }
    ohi_gc_state *gc = gc_state();
    if (gc->ncallbacks == gc->callbacks_cap) {
        size_t cap = gc->callbacks_cap ? 2 * gc->callbacks_cap : 4;
        ohi_gc_callback_entry *p = oh_realloc(gc->callbacks,
                                              cap * sizeof *p);
        if (p == NULL) {
            oh_err_no_memory();
            return -1;
        }
        gc->callbacks = p;
        gc->callbacks_cap = cap;
    }
    gc->callbacks[gc->ncallbacks++] = (ohi_gc_callback_entry){cb, arg};
    return 0;
}

int
oh_gc_callback_unregister(oh_gc_callback cb, void *arg)
{
    ohi_gc_state *gc = gc_state();
    for (size_t i = 0; i < gc->ncallbacks; i++) {
        if (gc->callbacks[i].fn == cb && gc->callbacks[i].arg == arg) {
            memmove(&gc->callbacks[i], &gc->callbacks[i + 1],
                    (gc->ncallbacks - i - 1) * sizeof gc->callbacks[0]);
            if (--gc->ncallbacks == 0) {
                oh_free(gc->callbacks);
                gc->callbacks = NULL;
                gc->callbacks_cap = 0;
            }
            return 0;
        }
    }
    oh_err_set(OH_ERR_VALUE, "oh_gc_callback_unregister: not registered");
    return -1;
}

/* ==========================================================================
 * Checked traversal: debug mode (C10)
 * ========================================================================== */

/* What `child` is, when it is not an object the collector may follow: a
 * phrase for the report, or NULL when all is well. */
static const char *
bad_child(oh_object *child, char *buf, size_t len)
{
    ohi_gc_state *gc = &OHI_RT->gc;
    int family = -1, state;
    if ((uintptr_t)child % sizeof(void *) != 0)
        return "a misaligned pointer, not an object";
    int kind = ohi_alloc_map_lookup(child);
    if (kind == OHI_MAP_HUGE)
        return "a pointer into a block of raw memory, not an object";
    if (kind == OHI_MAP_ARENA) {
        /* Its pool says which family, so where its block's data starts. */
        bool gcfam = ohi_alloc_pool_of(child)->family == OHI_FAMILY_GC;
        state = ohi_alloc_debug_block((const char *)child
                                      - (gcfam ? sizeof(ohi_gc_head) : 0),
                                      &family);
    }
    else {
        /* Outside the arenas: a large object, after its link (and the
         * collector's prefix), or nothing of ours. */
        state = ohi_alloc_debug_block((const char *)child
                                      - sizeof(ohi_gc_head)
                                      - sizeof(ohi_large_link), &family);
        if (state != OHI_DBLOCK_LIVE || family != OHI_FAMILY_GC)
            state = ohi_alloc_debug_block((const char *)child
                                          - sizeof(ohi_large_link),
                                          &family);
    }
    switch (state) {
    case OHI_DBLOCK_LIVE:
        if (family == OHI_FAMILY_MEM)
            return "a block of raw memory from oh_malloc, not an object";
        if (child->type == &ohi_freed_type
            || (uintptr_t)child->type == OHI_FREED_WORD)
            break;                      /* a dead object a free list keeps */
        if (OHI_IS_CONTAINER(child->type) != (family == OHI_FAMILY_GC))
            return "an object whose type and block disagree about the "
                   "collector's prefix (the collector cannot know it)";
        return NULL;
    case OHI_DBLOCK_FREED:
        break;
    case OHI_DBLOCK_INTERIOR:
        return "a pointer into the middle of a block, not an object's start";
    default:
        if (ohi_os_in_image(child, sizeof(oh_object), &gc->image_cache)) {
            if (oh_is_immortal(child))
                return NULL;            /* None, small ints, static types */
            return "a static object that is not immortal: not on objheap's "
                   "heap, so the collector cannot know it";
        }
        return "not an object objheap allocated (a wild pointer, or memory "
               "from malloc or the stack): the collector cannot know it";
    }
    const char *name = ohi_object_freed_name(child);
    snprintf(buf, len, "a freed object (%s%s%s)", name ? "a '" : "",
             name ? name : "its type is not remembered", name ? "'" : "");
    return buf;
}

typedef struct checked_visit {
    oh_visitproc visit;                 /* the caller's visitor */
    void *arg;                          /* and its argument */
    oh_object *parent;                  /* the object traversed */
    const char *call;                   /* the work it is for */
} checked_visit;

static int
visit_checked(oh_object *child, void *arg)
{
    checked_visit *c = arg;
    char buf[96];
    const char *why = child != NULL ? bad_child(child, buf, sizeof buf)
                                    : NULL;
    if (why != NULL)
        ohi_fatal("the traverse of the object at %p of type '%s' visited "
                  "%p, %s; caught by %s", (void *)c->parent,
                  c->parent->type->name, (void *)child, why, c->call);
    return c->visit(child, c->arg);
}

int
ohi_gc_traverse_checked(oh_object *o, oh_visitproc visit, void *arg,
                        const char *call)
{
    checked_visit c = {visit, arg, o, call};
    return o->type->traverse(o, visit_checked, &c);
}

/* ==========================================================================
 * Debug walker (OH_DEBUG >= 3)
 * ========================================================================== */

static void
check_list(const ohi_gc_head *list, const char *name)
{
    const ohi_gc_head *prev = list;
    for (const ohi_gc_head *g = gc_next(list); g != list; g = gc_next(g)) {
        const oh_object *o = FROM_GC(g);
        if (g->next == 0 || (g->next & GC_ALL_FLAGS) != 0
            || gc_prev(g) != prev || (g->prev & OHI_GC_COLLECTING)
            || !OHI_IS_CONTAINER(o->type) || o->refcnt <= 0)
            ohi_fatal("the collector's list %s is corrupt at the object at "
                      "%p (type '%s', refcount %" PRIdPTR ", next %#"
                      PRIxPTR ", prev %#" PRIxPTR "); caught by the "
                      "collector's list check (ohi_gc_check_lists)", name,
                      (const void *)o, o->type->name, o->refcnt, g->next,
                      g->prev);
        prev = g;
    }
    if (gc_prev(list) != prev)
        ohi_fatal("the collector's list %s is corrupt: its head's prev is "
                  "not its last object; caught by the collector's list "
                  "check (ohi_gc_check_lists)", name);
}

void
ohi_gc_check_lists(void)
{
    ohi_gc_state *gc = &OHI_RT->gc;
    if (!gc->initialized)
        return;
    static const char *const names[] = {"generation 0", "generation 1",
                                        "generation 2"};
    for (int i = 0; i < OHI_GC_NGENS; i++)
        check_list(&gc->gens[i].head, names[i]);
    check_list(&gc->permanent, "permanent");
}
