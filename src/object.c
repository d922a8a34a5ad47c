/*
 * object.c -- the object core: allocation, deallocation, the trashcan,
 * misuse checks, and the operations every object has.
 *
 * What this file owns
 * -------------------
 * How an object's memory is obtained and returned (ohi_object_alloc, inline
 * in internal.h, and ohi_object_free), the slow path of oh_decref, the
 * default dealloc of program-defined types, finalizer calls, the trashcan
 * that keeps deallocation of deep structures off the C stack, the
 * recursion guards of repr/equal/hash, and the generic entry points
 * (oh_repr, oh_equal, oh_hash, oh_getsizeof, oh_id, ...) that dispatch
 * through the type descriptor.  The built-in types live in src/types/.
 *
 * Layout of an object in memory
 * -----------------------------
 *
 *   non-container:        | refcnt | type | fields ...            |
 *                         ^ block start = oh_object *
 *
 *   container:   | gc next | gc prev | refcnt | type | fields ...  |
 *                ^ block start       ^ oh_object *
 *
 * The gc head (internal.h, G1-G3) is CPython's PyGC_Head: two words the
 * collector links tracked containers through.  Objects are allocated in
 * the allocator's object families, OHI_FAMILY_GC for containers and
 * OHI_FAMILY_OBJ for the rest, so walking those pools finds every live
 * object and knows where its header is (the heap census), and the
 * allocator's debug mode reports an object freed with oh_free, or raw
 * memory freed as an object.
 *
 * Life of an object
 * -----------------
 *
 *   ohi_object_alloc --> ALIVE (refcnt >= 1) --decref to 0--> DYING
 *                                                               |
 *          untracked by the collector (containers; gc.c)  <-----+
 *          finalize (once; may resurrect: back to ALIVE, tracked again)
 *          trashcan: too deep? park on trash_later, resume later
 *          drop the references it holds (dealloc / clear)
 *          ohi_object_free --> FREED (type = ohi_freed_type)
 *
 * Immortal objects never leave ALIVE: they are statically allocated and
 * their count starts at OH_IMMORTAL_REFCNT = 2^60.  We chose this over a
 * flag tested in oh_incref/oh_decref (CPython 3.12's PEP 683 saturating
 * count, which adds a branch to every incref) because a count of 2^60
 * cannot reach zero: that would take 2^60 unmatched decrefs, about 36
 * years at a billion per second, and a mortal count cannot climb near it
 * either (2^59 references need 2^62 bytes).  oh_is_immortal tests
 * count >= 2^59, so drift in either direction never changes the answer.
 * This is CPython 3.11's "very large initial count" made safe by the
 * range; the cost PEP 683 worries about, writes to shared immortal
 * objects dirtying cache lines across threads and forked processes, does
 * not arise with one runtime used by one thread at a time.  Immortals are
 * the one kind of state outside the runtime struct: no runtime owns them,
 * so several runtimes could share them as CPython's interpreters do.
 *
 * The trashcan
 * ------------
 * Freeing a list that holds a list that holds a list ... recurses once per
 * level: list dealloc drops its items, an item's count reaches zero, its
 * dealloc runs inside ours.  Ten million levels would need gigabytes of C
 * stack.  Every container's dealloc is bracketed by ohi_trashcan_begin /
 * ohi_trashcan_end (internal.h).  Begin counts the nesting; past
 * OHI_TRASHCAN_DEPTH it does not dealloc but parks the object (its count is
 * zero, nobody can reach it) on `trash_later`, linked through its gc head's
 * `next` word, so parking never allocates and cannot fail.  When the
 * outermost dealloc ends, ohi_trashcan_drain deallocs the parked objects
 * one by one from that shallow depth; each may park more, and the loop
 * runs until the chain is empty.  The stack never holds more than
 * OHI_TRASHCAN_DEPTH container deallocs.
 *
 * Misuse checks
 * -------------
 * ohi_object_free sets a dead object's type pointer to ohi_freed_type,
 * whose operations report "use of a freed object" instead of running.
 * With the allocator's debug mode on (`make debug`, OBJHEAP_DEBUG=1 or
 * oh_alloc_set_debug(1)) the object layer checks too, and a freed
 * object's memory is filled with 0xDB, so its type pointer reads
 * OHI_FREED_WORD and its count is negative.  Then:
 *   - a decref that takes a live object's count below zero, and any decref
 *     of a freed object (its count is already negative), reach
 *     oh_object_dealloc_ and are reported with the address and type;
 *   - oh_repr, oh_equal, oh_hash, oh_getsizeof, oh_type_name and every
 *     type check of the built-in types' functions report a freed object.
 * The report names the type a freed object had by looking its address up
 * in a ring of the last OHI_FREED_RING objects freed, and the call that
 * caught it (its count is not shown: it is the dead fill).  Reports go
 * through ohi_fatal, which never allocates, and abort.  Without debug
 * mode the same mistakes are TypeErrors where an error can be returned,
 * and are ignored by oh_decref (a count already below zero is left
 * alone).
 *
 * NULL objects, in every build (objheap.h's rule): each public function
 * that takes an object checks it first (OHI_NOT_NULL, internal.h) and
 * reports SystemError naming itself (ohi_null_arg, here).  A type's hash
 * or equal that returns -1 without an error gets SystemError "error
 * return without exception set" (failed_without_error), as CPython says
 * of a C function that fails without an exception.
 *
 * Invariants
 * ----------
 * O1. A live object's type pointer is a valid descriptor that outlives it.
 * O2. refcnt >= 1 while an object is reachable; refcnt == 0 only during
 *     its dealloc or while parked in the trashcan (O6).
 * O3. A container's block starts sizeof(ohi_gc_head) bytes before the
 *     object; every other object's block starts at the object.
 * O4. recursion_depth counts the repr/equal/hash calls on the C stack;
 *     repr_stack[0..repr_len) holds the containers whose repr is being
 *     built, outermost first.
 *
 * Tunables
 * --------
 * - OHI_TRASHCAN_DEPTH = 50: CPython's unwind level.  Deeper means fewer
 *   parkings on deep structures; 50 container deallocs take under 10 KiB
 *   of stack even in the sanitizer build, leaving the rest to the program.
 * - OHI_RECURSION_LIMIT = 1000: Python's default recursion limit; repr
 *   and equality of structures nested deeper raise RuntimeError rather
 *   than overflow the stack.
 */
#include "internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static void generic_dealloc(oh_object *o);

/* ==========================================================================
 * Freed objects: the dead type, the ring of recently freed objects
 * ========================================================================== */

static bool
type_is_freed(const oh_type *t)
{
    return t == &ohi_freed_type || (uintptr_t)t == OHI_FREED_WORD;
}

/* The name of the type a freed object at `addr` had, or NULL. */
static const char *
freed_name(const void *addr)
{
    ohi_object_state *s = &OHI_RT->obj;
    for (unsigned i = 1; i <= OHI_FREED_RING; i++) {
        ohi_freed_entry *e = &s->freed[(s->freed_next - i) % OHI_FREED_RING];
        if (e->addr == (uintptr_t)addr && e->name[0] != '\0')
            return e->name;
    }
    return NULL;
}

const char *
ohi_object_freed_name(const void *addr)
{
    return freed_name(addr);
}

static void
remember_freed(const oh_object *o, const oh_type *t)
{
    ohi_object_state *s = &OHI_RT->obj;
    ohi_freed_entry *e = &s->freed[s->freed_next++ % OHI_FREED_RING];
    e->addr = (uintptr_t)o;
    snprintf(e->name, sizeof e->name, "%s", t->name ? t->name : "?");
}

/* A freed object was used.  Fatal in debug mode; otherwise a TypeError
 * (for callers that can return one). */
static void
report_freed(const oh_object *o, const char *op)
{
    const char *name = freed_name(o);
    /* Not its count: a freed object's memory holds the dead fill. */
    if (OHI_CHECKS_ON())
        ohi_fatal("use of a freed object: the object at %p (%s%s%s) was "
                  "freed already; caught by %s", (const void *)o,
                  name ? "a '" : "its type is not remembered",
                  name ? name : "", name ? "'" : "", op);
    oh_err_format(OH_ERR_TYPE, "%s: the object at %p was already freed",
                  op, (const void *)o);
}

void
ohi_check_live(const oh_object *o, const char *op)
{
    if (OH_UNLIKELY(OHI_CHECKS_ON()) && type_is_freed(o->type))
        report_freed(o, op);
}

static void
freed_dealloc(oh_object *o)
{
    report_freed(o, "its dealloc");
}

static oh_object *
freed_repr(oh_object *o)
{
    report_freed(o, "oh_repr");
    return NULL;
}

static oh_hash_t
freed_hash(oh_object *o)
{
    report_freed(o, "oh_hash");
    return -1;
}

static int
freed_equal(oh_object *o, oh_object *other)
{
    report_freed(o, "oh_equal");
    return -1;
}

static size_t
freed_sizeof(oh_object *o)
{
    return 0;
}

/* Not a container: a freed container's gc head belongs to the allocator. */
const oh_type ohi_freed_type = {
    .name = "<freed object>",
    .basicsize = sizeof(oh_object),
    .dealloc = freed_dealloc,
    .hash = freed_hash,
    .equal = freed_equal,
    .repr = freed_repr,
    .getsizeof = freed_sizeof,
};

void *
ohi_null_arg(const char *func)
{
    oh_err_format(OH_ERR_SYSTEM, "%s: an object argument is NULL (bad "
                  "argument to an objheap function)", func);
    return NULL;
}

void
ohi_null_in_array(oh_object *const *objs, size_t n, const char *func)
{
    if (objs == NULL) {
        oh_err_format(OH_ERR_SYSTEM, "%s: the array of %zu objects is NULL "
                      "(bad argument to an objheap function)", func, n);
        return;
    }
    size_t i = 0;
    while (i < n && objs[i] != NULL)
        i++;
    oh_err_format(OH_ERR_SYSTEM, "%s: item %zu of the object array is NULL "
                  "(bad argument to an objheap function)", func, i);
}

void *
ohi_type_error_(const oh_object *o, const char *what, const char *func)
{
    if (o == NULL) {
        oh_err_format(OH_ERR_SYSTEM, "expected %s, got NULL (bad argument "
                      "to an objheap function)", what);
        return NULL;
    }
    if (type_is_freed(o->type)) {
        report_freed(o, func);
        return NULL;
    }
    oh_err_format(OH_ERR_TYPE, "expected %s, got %s", what, o->type->name);
    return NULL;
}

/* ==========================================================================
 * Allocation and deallocation
 * ========================================================================== */

void *
ohi_object_alloc_failed(void)
{
    return oh_err_no_memory();
}

void
ohi_object_remember_freed(const oh_object *o, const oh_type *t)
{
    remember_freed(o, t);
}

OHI_INLINE void
object_free_plain(oh_object *o)
{
    const oh_type *t = o->type;
    bool gc = OHI_IS_CONTAINER(t);
    void *block = gc ? (void *)OHI_AS_GC(o) : (void *)o;
    o->type = &ohi_freed_type;
    if (gc) {
        /* gc.c, C5: generation 0 counts allocations minus frees. */
        OH_ASSERT(OHI_AS_GC(o)->next == 0);
        ohi_gc_gen *g0 = &OHI_RT->gc.gens[0];
        if (g0->count > 0)
            g0->count--;
    }
    ohi_alloc_free(block, gc ? OHI_FAMILY_GC : OHI_FAMILY_OBJ);
}

static OHI_NOINLINE void
object_free_checked(oh_object *o)
{
    remember_freed(o, o->type);
    object_free_plain(o);
}

/* Debug mode's remembering is a call of its own, so that the plain path
 * keeps nothing (the runtime's address) across a call, which would cost
 * it a stack frame. */
void
ohi_object_free(oh_object *o)
{
    if (OH_UNLIKELY(OHI_CHECKS_ON()))
        object_free_checked(o);
    else
        object_free_plain(o);
}

/* A debug build's oh_incref / oh_decref met NULL (object.h). */
void
oh_refcount_null_(const char *op, const char *func, const char *file,
                  int line)
{
    ohi_fatal("%s(NULL) in %s (%s:%d): there is no object to count (the "
              "pointer is NULL)", op, func, file, line);
}

/* The slow path of oh_decref: the count reached zero, or went below. */
void
oh_object_dealloc_(oh_object *o)
{
    OHI_NOT_NULL(o, );
    if (OH_LIKELY(o->refcnt == 0)) {
        const oh_type *t = o->type;
        if (OH_UNLIKELY(OHI_CHECKS_ON()) && type_is_freed(t)) {
            report_freed(o, "oh_decref");
            return;
        }
        /* Untrack before anything else (gc.c): the dealloc may park o in
         * the trashcan, which reuses the gc head (G3), and a collection
         * must never see an object whose count is zero. */
        if (OHI_IS_CONTAINER(t))
            ohi_gc_untrack(o);
        if (OH_LIKELY(t->dealloc != NULL))
            t->dealloc(o);
        else
            generic_dealloc(o);
        return;
    }
    /* Below zero: a decref of a freed object, or one too many. */
    if (type_is_freed(o->type)) {
        if (OHI_CHECKS_ON())
            report_freed(o, "oh_decref");
        return;
    }
    if (OHI_CHECKS_ON())
        ohi_fatal("reference count below zero: the object at %p of type "
                  "'%s' went to %" PRIdPTR " (a reference was dropped that "
                  "was never owned); caught by oh_decref", (void *)o,
                  o->type->name, o->refcnt);
    /* Release build: the count stays negative; the object is not freed
     * twice. */
}

bool
ohi_call_finalizer(oh_object *o)
{
    const oh_type *t = o->type;
    if (t->finalize == NULL)
        return false;
    if (OHI_IS_CONTAINER(t)) {
        ohi_gc_head *g = OHI_AS_GC(o);
        if (g->prev & OHI_GC_FINALIZED)
            return false;
        g->prev |= OHI_GC_FINALIZED;
    }
    /* The finalizer sees a live object (count 1) and a clear error
     * indicator; the caller's error survives it. */
    ohi_err_state saved;
    ohi_err_save(&saved);
    o->refcnt = 1;
    t->finalize(o);
    ohi_gc_write_unraisable("finalizer of", o);
    ohi_err_restore(&saved);
    if (--o->refcnt > 0) {
        /* Resurrected: a new reference exists.  oh_object_dealloc_
         * untracked it; it is a live container again (CPython re-tracks
         * in subtype_dealloc the same way). */
        if (OHI_IS_CONTAINER(t) && !ohi_gc_is_tracked(o))
            ohi_gc_track(o);
        return true;
    }
    if (o->refcnt < 0 && OHI_CHECKS_ON())
        ohi_fatal("reference count below zero: the finalizer of the object "
                  "at %p of type '%s' dropped a reference it did not own; "
                  "caught when the finalizer returned", (void *)o, t->name);
    o->refcnt = 0;
    return false;
}

/* The dealloc of program-defined types that leave `dealloc` NULL:
 * finalize once, drop references with `clear`, free. */
static void
generic_dealloc(oh_object *o)
{
    const oh_type *t = o->type;
    bool gc = OHI_IS_CONTAINER(t);
    if (gc && !ohi_trashcan_begin(o))
        return;
    if (!ohi_call_finalizer(o)) {
        /* After the finalizer, before anything is dropped (CPython's
         * subtype_dealloc order). */
        if (t->flags & OH_TYPE_WEAKREFABLE)
            oh_weakref_clear_all(o);
        if (t->clear != NULL)
            t->clear(o);
        ohi_object_free(o);
    }
    if (gc)
        ohi_trashcan_end();
}

void
ohi_trashcan_drain(void)
{
    ohi_object_state *s = &OHI_RT->obj;
    if (s->trash_draining)
        return;                 /* the loop below is already running */
    s->trash_draining = true;
    while (s->trash_later != NULL) {
        /* O6: o's count is zero and nothing references it. */
        oh_object *o = s->trash_later;
        ohi_gc_head *g = OHI_AS_GC(o);
        s->trash_later = (oh_object *)g->next;
        g->next = 0;
        if (o->type->dealloc != NULL)
            o->type->dealloc(o);
        else
            generic_dealloc(o);
    }
    s->trash_draining = false;
}

/* ==========================================================================
 * Program-defined types
 * ========================================================================== */

static int
check_type(const oh_type *type, bool var)
{
    if (type == NULL) {
        oh_err_set(OH_ERR_TYPE, "oh_object_new: type is NULL");
        return -1;
    }
    const char *why = NULL;
    size_t head = var ? sizeof(oh_varobject) : sizeof(oh_object);
    if (type->basicsize < head)
        why = var ? "basicsize is smaller than OH_OBJECT_VAR_HEAD"
                  : "basicsize is smaller than OH_OBJECT_HEAD";
    else if (var && type->itemsize == 0)
        why = "itemsize is 0; use oh_object_new";
    else if (!var && type->itemsize != 0)
        why = "itemsize is not 0; use oh_object_new_var";
    else if (OHI_IS_CONTAINER(type) && type->traverse == NULL)
        why = "a container type needs traverse";
    else if (OHI_IS_CONTAINER(type) && type->dealloc == NULL
             && type->clear == NULL)
        why = "a container type needs clear or dealloc";
    else if ((type->flags & OH_TYPE_WEAKREFABLE)
             && (type->weaklistoffset < head
                 || type->weaklistoffset + sizeof(void *) > type->basicsize))
        why = "weaklistoffset is outside the struct";
    if (why != NULL) {
        oh_err_format(OH_ERR_TYPE, "type '%s': %s",
                      type->name ? type->name : "?", why);
        return -1;
    }
    return 0;
}

oh_object *
oh_object_new(const oh_type *type)
{
    if (check_type(type, false) < 0)
        return NULL;
    oh_object *o = ohi_object_alloc(type, 0);
    if (o == NULL)
        return NULL;
    memset((char *)o + sizeof(oh_object), 0,
           type->basicsize - sizeof(oh_object));
    if (OHI_IS_CONTAINER(type)) {
        /* Every field is NULL: traverse can walk it already. */
        ohi_gc_track(o);
        ohi_gc_safe_point();
    }
    return o;
}

oh_object *
oh_object_new_var(const oh_type *type, size_t nitems)
{
    if (check_type(type, true) < 0)
        return NULL;
    if (nitems > (size_t)INT64_MAX) {
        oh_err_set(OH_ERR_OVERFLOW, "too many items");
        return NULL;
    }
    oh_object *o = ohi_object_alloc(type, nitems);
    if (o == NULL)
        return NULL;
    memset((char *)o + sizeof(oh_object), 0,
           type->basicsize - sizeof(oh_object) + nitems * type->itemsize);
    ((oh_varobject *)(void *)o)->size = (intptr_t)nitems;
    if (OHI_IS_CONTAINER(type)) {
        ohi_gc_track(o);
        ohi_gc_safe_point();
    }
    return o;
}

/* ==========================================================================
 * Recursion guards
 * ========================================================================== */

int
ohi_recursion_enter(const char *where)
{
    ohi_object_state *s = &OHI_RT->obj;
    if (OH_UNLIKELY(s->recursion_depth >= OHI_RECURSION_LIMIT)) {
        oh_err_format(OH_ERR_RUNTIME, "maximum recursion depth exceeded%s",
                      where);
        return -1;
    }
    s->recursion_depth++;
    return 0;
}

void
ohi_recursion_leave(void)
{
    OHI_RT->obj.recursion_depth--;
}

int
ohi_repr_enter(oh_object *o)
{
    ohi_object_state *s = &OHI_RT->obj;
    for (size_t i = 0; i < s->repr_len; i++) {
        if (s->repr_stack[i] == o)
            return 1;
    }
    /* repr_len <= recursion_depth < OHI_RECURSION_LIMIT (O4). */
    if (s->repr_len >= OHI_RECURSION_LIMIT) {
        oh_err_set(OH_ERR_RUNTIME, "maximum recursion depth exceeded "
                   "while getting the repr of an object");
        return -1;
    }
    s->repr_stack[s->repr_len++] = o;
    return 0;
}

void
ohi_repr_leave(oh_object *o)
{
    ohi_object_state *s = &OHI_RT->obj;
    OH_ASSERT(s->repr_len > 0 && s->repr_stack[s->repr_len - 1] == o);
    (void)o;
    s->repr_len--;
}

/* ==========================================================================
 * Identity, size, type
 * ========================================================================== */

intptr_t
oh_refcount(const oh_object *o)
{
    OHI_NOT_NULL(o, -1);
    ohi_check_live(o, "oh_refcount");
    return o->refcnt;
}

int
oh_is_immortal(const oh_object *o)
{
    OHI_NOT_NULL(o, 0);
    return o->refcnt >= OH_IMMORTAL_REFCNT / 2;
}

uintptr_t
oh_id(const oh_object *o)
{
    OHI_NOT_NULL(o, 0);
    return (uintptr_t)o;
}

size_t
oh_getsizeof(oh_object *o)
{
    OHI_NOT_NULL(o, 0);
    ohi_check_live(o, "oh_getsizeof");
    const oh_type *t = o->type;
    return ohi_layout_size(t, o) + OHI_GC_SIZE(t);
}

const oh_type *
oh_type_of(const oh_object *o)
{
    OHI_NOT_NULL(o, NULL);
    ohi_check_live(o, "oh_type_of");
    return o->type;
}

const char *
oh_type_name(const oh_object *o)
{
    OHI_NOT_NULL(o, NULL);
    if (type_is_freed(o->type)) {
        ohi_check_live(o, "oh_type_name");
        return ohi_freed_type.name;
    }
    return o->type->name;
}

/* ==========================================================================
 * repr, equal, hash, truth
 * ========================================================================== */

oh_object *
oh_repr(oh_object *o)
{
    OHI_NOT_NULL(o, NULL);
    ohi_check_live(o, "oh_repr");
    const oh_type *t = o->type;
    if (t->repr == NULL)
        return oh_str_from_format("<%s object at %p>", t->name, (void *)o);
    if (ohi_recursion_enter(" while getting the repr of an object") < 0)
        return NULL;
    oh_object *r = t->repr(o);
    ohi_recursion_leave();
    return r;
}

/* A type's equal or hash returned -1: its error stands, and when it
 * recorded none, the caller gets CPython's SystemError for a failure
 * without an exception rather than a failure nobody can explain. */
static OHI_NOINLINE int
failed_without_error(int r)
{
    if (oh_err_occurred() == OH_ERR_NONE)
        oh_err_set(OH_ERR_SYSTEM, "error return without exception set");
    return r;
}

int
oh_equal(oh_object *a, oh_object *b)
{
    OHI_NOT_NULL(a, -1);
    OHI_NOT_NULL(b, -1);
    if (a == b)
        return 1;
    ohi_check_live(a, "oh_equal");
    ohi_check_live(b, "oh_equal");
    const oh_type *ta = a->type, *tb = b->type;
    if (ta->equal == NULL && tb->equal == NULL)
        return 0;
    if (ohi_recursion_enter(" in comparison") < 0)
        return -1;
    int r = OH_NOT_IMPLEMENTED;
    if (ta->equal != NULL)
        r = ta->equal(a, b);
    if (r == OH_NOT_IMPLEMENTED && tb->equal != NULL && tb != ta)
        r = tb->equal(b, a);
    ohi_recursion_leave();
    if (OH_UNLIKELY(r < 0))
        return failed_without_error(-1);
    return r == OH_NOT_IMPLEMENTED ? 0 : r;
}

oh_hash_t
ohi_hash_pointer(const void *p)
{
    /* Blocks are 16-aligned: rotate the four always-zero bits away. */
    uintptr_t x = (uintptr_t)p;
    x = (x >> 4) | (x << (8 * sizeof x - 4));
    oh_hash_t h = (oh_hash_t)x;
    return h == -1 ? -2 : h;
}

oh_hash_t
oh_hash(oh_object *o)
{
    OHI_NOT_NULL(o, -1);
    ohi_check_live(o, "oh_hash");
    const oh_type *t = o->type;
    /* The common keys, without the recursion guard and the call: a str
     * whose hash is cached, an int of the inline kind. */
    if (t == &oh_str_type && OHI_STR(o)->hash != -1)
        return OHI_STR(o)->hash;
    if (t == &oh_int_type) {
        int64_t v = OHI_INT_VALUE(o);
        /* Below the modulus 2**61 - 1 an int is its own hash, -1 aside. */
        const int64_t m = ((int64_t)1 << 61) - 1;
        return v > -m && v < m && v != -1 ? v : ohi_hash_i64(v);
    }
    if (t->hash != NULL) {
        if (ohi_recursion_enter(" while hashing an object") < 0)
            return -1;
        oh_hash_t h = t->hash(o);
        ohi_recursion_leave();
        if (OH_UNLIKELY(h == -1))
            return failed_without_error(-1);
        return h;
    }
    if (t->flags & OH_TYPE_HASHABLE)
        return ohi_hash_pointer(o);
    if (type_is_freed(t)) {
        report_freed(o, "oh_hash");
        return -1;
    }
    oh_err_format(OH_ERR_TYPE, "unhashable type: '%s'", t->name);
    return -1;
}

int
oh_is_true(oh_object *o)
{
    OHI_NOT_NULL(o, -1);
    ohi_check_live(o, "oh_is_true");
    const oh_type *t = o->type;
    if (o == OH_NONE)
        return 0;
    if (t == &oh_int_type || t == &oh_bool_type)
        return OHI_INT_VALUE(o) != 0;
    if (t == &oh_float_type) {
        double d = 0;
        (void)oh_float_as_double(o, &d);
        return d != 0.0;
    }
    if (t == &oh_str_type)
        return OHI_STR(o)->nbytes != 0;
    if (t == &oh_bytes_type || t == &oh_tuple_type)
        return ((oh_varobject *)(void *)o)->size != 0;
    if (t == &oh_list_type)
        return OHI_LIST(o)->size != 0;
    if (t == &oh_dict_type)
        return oh_dict_size(o) != 0;
    if (t == &oh_set_type)
        return oh_set_size(o) != 0;
    return 1;
}

/* ==========================================================================
 * Hashing bytes, indexes, caches
 * ========================================================================== */

static inline uint64_t
rotl64(uint64_t x, unsigned r)
{
    return (x << r) | (x >> (64 - r));
}

/* A multiply-rotate hash over 8-byte words with a final avalanche (the
 * "fmix" finaliser idea of MurmurHash3, written here with its well-known
 * odd constants).  It is fast on short keys and spreads every input bit
 * over the low bits that dict and set probing use first.  It is not keyed:
 * unlike CPython's SipHash it does not resist deliberate collision
 * flooding, a property objheap does not claim (docs/OBJECTS.md). */
oh_hash_t
ohi_hash_bytes(const void *data, size_t n)
{
    const unsigned char *p = data;
    const uint64_t k1 = 0x9e3779b97f4a7c15u, k2 = 0xbf58476d1ce4e5b9u;
    uint64_t h = k1 ^ ((uint64_t)n * k2);
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = rotl64(h ^ (w * k2), 31) * k1;
        p += 8;
        n -= 8;
    }
    if (n > 0) {
        /* The tail, little-endian, without a call to memcpy. */
        uint64_t w = 0;
        for (size_t i = 0; i < n; i++)
            w |= (uint64_t)p[i] << (8 * i);
        h = rotl64(h ^ (w * k2), 31) * k1;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    h ^= h >> 33;
    oh_hash_t r = (oh_hash_t)h;
    return r == -1 ? -2 : r;
}

int64_t
ohi_index(int64_t i, int64_t n)
{
    if (i < 0)
        i += n;
    return i >= 0 && i < n ? i : -1;
}

void
ohi_slice_bounds(int64_t *start, int64_t *stop, int64_t n)
{
    int64_t *b[2] = {start, stop};
    for (int k = 0; k < 2; k++) {
        int64_t v = *b[k];
        if (v < 0) {
            v = v < -n ? 0 : v + n;
        }
        else if (v > n) {
            v = n;
        }
        *b[k] = v;
    }
    if (*stop < *start)
        *stop = *start;
}

size_t
oh_object_clear_freelists(void)
{
    return ohi_tuple_clear_freelists() + ohi_float_clear_freelist();
}
