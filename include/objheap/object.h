/*
 * objheap/object.h -- the object core.
 * ===========================================================================
 * Section: object.  Header, type descriptors, reference counts, identity,
 * size, repr, equality, hash.  Each function says New or Borrowed reference.
 *
 * Every object starts with an oh_object header: a reference count and a
 * pointer to its type descriptor.  The count says how many references to
 * the object exist; oh_incref adds one, oh_decref drops one, and the drop
 * that reaches zero frees the object at once, dropping in turn the
 * references it held (CPython's model, Include/object.h).
 *
 *     oh_object *l = oh_list_new();          l: count 1 (we own it)
 *     oh_object *n = oh_int_from_i64(1000);  n: count 1
 *     oh_list_append(l, n);                  n: count 2 (the list's)
 *     oh_decref(n);                          n: count 1
 *     oh_decref(l);                          l freed, then n freed
 *
 * New reference: the caller owns it and must oh_decref it.  Borrowed
 * reference: valid while its owner (the container it came from) keeps it;
 * oh_incref it to keep it longer.  Arguments are borrowed unless a comment
 * says "steals".
 *
 * Immortal objects (None, True, False, the ints -5..256, the empty tuple,
 * the empty str and the one-character ASCII strs)
 * are created once and never freed.  Counting them is harmless and costs
 * nothing extra: their count starts at OH_IMMORTAL_REFCNT (2^60), which no
 * sequence of oh_decref calls a program could make will bring to zero, so
 * oh_incref and oh_decref need no test for immortality.
 */
#ifndef OBJHEAP_OBJECT_H
#define OBJHEAP_OBJECT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct oh_type;

/* -- The header ------------------------------------------------------------ */

/* The header every object begins with (16 bytes on 64-bit targets). */
typedef struct oh_object {
    intptr_t refcnt;                    /* references to this object */
    const struct oh_type *type;         /* what it is; never NULL */
} oh_object;

/* The header of a variable-size object: `size` counts its items. */
typedef struct oh_varobject {
    oh_object ob_base;
    intptr_t size;                      /* items, set by oh_object_new_var */
} oh_varobject;

/* Begin a program's own object struct with one of these:
 *     typedef struct node { OH_OBJECT_HEAD; oh_object *parent; } node; */
#define OH_OBJECT_HEAD oh_object ob_base
#define OH_OBJECT_VAR_HEAD oh_varobject ob_base

/* The header of any object pointer, for code that wants the fields. */
#define OH_OBJECT(o) ((oh_object *)(o))

/* -- Type descriptors ------------------------------------------------------ */

/* A hash value.  -1 is reserved for "error" (an object whose hash would be
 * -1 hashes to -2, as in CPython). */
typedef int64_t oh_hash_t;

typedef int (*oh_visitproc)(oh_object *child, void *arg);

/* The operations a type may define.  NULL means the default given. */
typedef void (*oh_destructor)(oh_object *self);
typedef int (*oh_traverseproc)(oh_object *self, oh_visitproc visit,
                               void *arg);
typedef void (*oh_clearproc)(oh_object *self);
typedef void (*oh_finalizeproc)(oh_object *self);
typedef oh_hash_t (*oh_hashfunc)(oh_object *self);
typedef int (*oh_equalfunc)(oh_object *self, oh_object *other);
typedef oh_object *(*oh_reprfunc)(oh_object *self);
typedef size_t (*oh_sizeoffunc)(oh_object *self);

/* Type flags. */
#define OH_TYPE_CONTAINER   (1UL << 0)  /* holds references: the collector
                                           must see it (needs traverse) */
#define OH_TYPE_WEAKREFABLE (1UL << 1)  /* has a weaklist pointer at
                                           weaklistoffset */
#define OH_TYPE_IMMUTABLE   (1UL << 2)  /* value never changes once built */
#define OH_TYPE_HASHABLE    (1UL << 3)  /* may be a dict key or set item */
/* Bits 16..31 are reserved for objheap's own descriptors; a program's
 * types leave them 0. */

/* What equal returns when it does not know how to compare with `other`:
 * the other side is asked next, then identity decides (Python's
 * NotImplemented). */
#define OH_NOT_IMPLEMENTED 2

/* A type descriptor.  A program describes its own types with one of these
 * (designated initialisers keep it readable; see examples/tree.c):
 *
 *   name        shown by oh_type_name and oh_repr.
 *   basicsize   bytes of the struct, header included.
 *   itemsize    bytes per item of a variable-size type (0 otherwise); such
 *               a struct begins with OH_OBJECT_VAR_HEAD.
 *   flags       OH_TYPE_*.
 *   weaklistoffset  where the weaklist pointer is (WEAKREFABLE types).
 *   dealloc     frees the object.  Default: finalize (once), clear, free.
 *   traverse    calls visit(child, arg) on each object it references and
 *               returns the first non-zero result.  Required for
 *               containers.
 *   clear       drops the references it holds (OH_CLEAR on each field).
 *               Required for containers with the default dealloc.
 *   finalize    runs once before the object is freed (Python's __del__).
 *               It may resurrect the object by storing a new reference.
 *   hash        default: identity hash if HASHABLE, else unhashable.
 *   equal       1, 0, -1 with an error set, or OH_NOT_IMPLEMENTED.
 *               Default: identity.
 *   repr        a new str.  Default: "<name object at 0x...>".
 *   getsizeof   bytes the object occupies, buffers it owns included and
 *               the collector's prefix excluded.  Default: basicsize +
 *               itemsize * size.
 */
typedef struct oh_type {
    const char *name;
    size_t basicsize;
    size_t itemsize;
    unsigned long flags;
    size_t weaklistoffset;
    oh_destructor dealloc;
    oh_traverseproc traverse;
    oh_clearproc clear;
    oh_finalizeproc finalize;
    oh_hashfunc hash;
    oh_equalfunc equal;
    oh_reprfunc repr;
    oh_sizeoffunc getsizeof;
} oh_type;

/* -- Reference counts ------------------------------------------------------ */

/* The starting count of an immortal object (see the banner). */
#define OH_IMMORTAL_REFCNT ((intptr_t)1 << 60)

/* Frees an object whose count reached zero; reports a count below zero.
 * Called by oh_decref: programs do not call it. */
OH_API void oh_object_dealloc_(oh_object *o);

/* oh_incref and oh_decref do not check for NULL: they are a few
 * instructions in every program's hottest loops (Py_INCREF does not check
 * either); oh_xincref and oh_xdecref accept NULL.  A program compiled with
 * OH_DEBUG defined non-zero (-DOH_DEBUG=1; objheap's own `make debug`
 * builds with 3) gets checked versions: NULL aborts with
 *     objheap: fatal: oh_decref(NULL) in build_tree (tree.c:42)
 * naming the function, file and line of the call. */
/* Reports oh_incref/oh_decref of NULL at the call site and aborts. */
OH_API void oh_refcount_null_(const char *op, const char *func,
                              const char *file, int line)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((noreturn))
#endif
    ;

/* Checks that o belongs to the calling thread's current runtime, and
 * that no other thread is inside that runtime (objheap/runtime.h);
 * aborts naming both threads otherwise.  Called by the checked
 * oh_incref and oh_decref for objects that are not immortal. */
OH_API void oh_refcount_check_(oh_object *o, const char *op,
                               const char *func, const char *file,
                               int line);

#if defined(OH_DEBUG) && OH_DEBUG
static inline void
oh_incref_at_(oh_object *o, const char *func, const char *file, int line)
{
    if (OH_UNLIKELY(o == NULL))
        oh_refcount_null_("oh_incref", func, file, line);
    if (o->refcnt < OH_IMMORTAL_REFCNT / 2)
        oh_refcount_check_(o, "oh_incref", func, file, line);
    o->refcnt++;
}

static inline void
oh_decref_at_(oh_object *o, const char *func, const char *file, int line)
{
    if (OH_UNLIKELY(o == NULL))
        oh_refcount_null_("oh_decref", func, file, line);
    if (o->refcnt < OH_IMMORTAL_REFCNT / 2)
        oh_refcount_check_(o, "oh_decref", func, file, line);
    if (--o->refcnt <= 0)
        oh_object_dealloc_(o);
}
#endif

static inline void
oh_incref(oh_object *o)
{
#if defined(OH_DEBUG) && OH_DEBUG
    oh_incref_at_(o, "?", "?", 0);
#else
    o->refcnt++;
#endif
}

static inline void
oh_decref(oh_object *o)
{
#if defined(OH_DEBUG) && OH_DEBUG
    oh_decref_at_(o, "?", "?", 0);
#else
    /* <= rather than ==: a count that went below zero is misuse, and the
     * slow path reports it; the test costs the same. */
    if (--o->refcnt <= 0)
        oh_object_dealloc_(o);
#endif
}

#if defined(OH_DEBUG) && OH_DEBUG
/* Calls (not the functions' addresses) name their call site. */
#  define oh_incref(o) oh_incref_at_((o), __func__, __FILE__, __LINE__)
#  define oh_decref(o) oh_decref_at_((o), __func__, __FILE__, __LINE__)
#endif

static inline void
oh_xincref(oh_object *o)
{
    if (o != NULL)
        oh_incref(o);
}

static inline void
oh_xdecref(oh_object *o)
{
    if (o != NULL)
        oh_decref(o);
}

/* Drop the reference in a field and set the field to NULL, in that order
 * reversed: the field is NULL before the drop runs any code (Py_CLEAR). */
#define OH_CLEAR(field)                                                     \
    do {                                                                    \
        oh_object *oh_clear_tmp_ = (oh_object *)(field);                    \
        if (oh_clear_tmp_ != NULL) {                                        \
            (field) = NULL;                                                 \
            oh_decref(oh_clear_tmp_);                                       \
        }                                                                   \
    } while (0)

/* In a traverse function: visit a field if it is set (Py_VISIT). */
#define OH_VISIT(field)                                                     \
    do {                                                                    \
        if ((field) != NULL) {                                              \
            int oh_visit_rc_ = visit((oh_object *)(field), arg);            \
            if (oh_visit_rc_ != 0)                                          \
                return oh_visit_rc_;                                        \
        }                                                                   \
    } while (0)

/* The reference count of o (sys.getrefcount without the +1 for the
 * argument).  Immortal objects report about 2^60. */
OH_API intptr_t oh_refcount(const oh_object *o);

/* 1 if o is immortal (never freed), else 0. */
OH_API int oh_is_immortal(const oh_object *o);

/* -- Creating objects of a program's own types ----------------------------- */

/* A new object of `type` with every field after the header zeroed.  The
 * type must be fixed-size (itemsize 0).  New reference; NULL with
 * TypeError for a malformed type, MemoryError when memory is short. */
OH_API oh_object *oh_object_new(const oh_type *type);

/* A new variable-size object with room for `nitems` items, zeroed, its
 * size field set to nitems.  New reference. */
OH_API oh_object *oh_object_new_var(const oh_type *type, size_t nitems);

/* -- Identity, size, type -------------------------------------------------- */

/* An integer that identifies o while it lives (its address, like id() in
 * CPython).  Two objects whose lives do not overlap may share one. */
OH_API uintptr_t oh_id(const oh_object *o);

/* Bytes o occupies (sys.getsizeof): its struct, the collector's 16-byte
 * prefix for containers, and the buffers it owns (a list's item array at
 * its allocated length, a dict's table); not the objects it references. */
OH_API size_t oh_getsizeof(oh_object *o);

/* o's type descriptor. */
OH_API const oh_type *oh_type_of(const oh_object *o);

/* The name of o's type ("int", "list", a class's name). */
OH_API const char *oh_type_name(const oh_object *o);

/* -- Operations every object has ------------------------------------------- */

/* repr(o): a str.  Containers that contain themselves print [...] / {...}.
 * New reference; NULL with an error set. */
OH_API oh_object *oh_repr(oh_object *o);

/* a == b: 1 if equal, 0 if not, -1 with an error set.  Identical objects
 * are equal (as in CPython's containers).  Numbers compare across int,
 * bool and float.  A type's equal that returns -1 without recording an
 * error gets SystemError "error return without exception set", as
 * CPython reports a C function that fails silently; so does its hash. */
OH_API int oh_equal(oh_object *a, oh_object *b);

/* hash(o), equal for equal objects (hash(1) == hash(1.0) == hash(True)).
 * -1 with TypeError "unhashable type: 'list'" for lists, dicts, sets and
 * unhashable program types. */
OH_API oh_hash_t oh_hash(oh_object *o);

/* bool(o): 1 if true, 0 if false (None, False, 0, 0.0, empty containers),
 * never an error for an object (-1 with SystemError for NULL). */
OH_API int oh_is_true(oh_object *o);

/* -- Caches ---------------------------------------------------------------- */

/* Give the blocks kept by the object layer's free lists (dead tuples kept
 * for reuse) back to the allocator.  Returns the number of objects freed.
 * Leak checks call this before comparing block counts; a full collection
 * will call it too, as CPython's does. */
OH_API size_t oh_object_clear_freelists(void);

#ifdef __cplusplus
}
#endif

#endif /* OBJHEAP_OBJECT_H */
