/*
 * objheap/gc.h -- the generational cycle collector (Python's gc module).
 * ===========================================================================
 * Section: gc.  oh_gc_get_objects, oh_gc_get_referrers and
 * oh_gc_get_referents return new references (lists); oh_gc_garbage returns
 * a borrowed one.  Nothing else here returns an object.
 *
 * Reference counting frees an object as soon as its last reference goes,
 * but objects that refer to each other in a cycle keep each other's counts
 * above zero for ever.  The collector finds such groups and frees them:
 *
 *     oh_object *l = oh_list_new();
 *     oh_list_append(l, l);                  l refers to itself
 *     oh_decref(l);                          count 1: not freed
 *     oh_gc_collect(2);                      returns 1: l was freed
 *
 * Containers (types flagged OH_TYPE_CONTAINER) are "tracked": the
 * collector knows them from the moment they are built until they die.
 * Tracked containers live in three generations; a new one starts in
 * generation 0, and each collection it survives moves it one generation
 * older.  Young generations are collected often and old ones rarely, the
 * bet being that most objects die young.  Collections run by themselves
 * once generation 0 has grown past its threshold (700 by default), or when
 * oh_gc_collect is called.
 *
 * Finalizers (a type's `finalize`, an instance class's finalizer) of
 * objects in unreachable cycles run once each, as PEP 442 says; a
 * finalizer that stores a new reference to its object resurrects it and
 * whatever it reaches.  Weak references to unreachable objects are cleared
 * before any finalizer runs (objheap/weakref.h).
 *
 * A callback or finalizer that fails (returns -1, or leaves an error set)
 * has its error written to stderr, as Python's unraisable hook writes an
 * exception it cannot raise ("Exception ignored in: ..."), and the
 * collection goes on.  No collection changes the caller's error indicator.
 */
#ifndef OBJHEAP_GC_H
#define OBJHEAP_GC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The number of generations; valid generation numbers are 0, 1, 2. */
#define OH_GC_GENERATIONS 3

/* Debug flags (gc.set_debug), with Python's values and meanings. */
#define OH_GC_DEBUG_STATS         1   /* print statistics per collection */
#define OH_GC_DEBUG_COLLECTABLE   2   /* print each collectable object */
#define OH_GC_DEBUG_UNCOLLECTABLE 4   /* print each uncollectable object */
#define OH_GC_DEBUG_SAVEALL      32   /* keep unreachable objects in the
                                         garbage list instead of freeing
                                         them */
#define OH_GC_DEBUG_LEAK (OH_GC_DEBUG_COLLECTABLE \
                          | OH_GC_DEBUG_UNCOLLECTABLE | OH_GC_DEBUG_SAVEALL)

/* Collect `generation` and every younger one (2: a full collection).
 * Returns the number of unreachable objects found (collected plus
 * uncollectable), as gc.collect does; 0 when called from inside a
 * collection (a finalizer or callback), which never recurses.  -1 with
 * ValueError "invalid generation" when generation is not 0, 1 or 2.  A
 * full collection also empties the object layer's free lists. */
OH_API int64_t oh_gc_collect(int generation);

/* Automatic collection on (the default) or off; 1 if on. */
OH_API void oh_gc_enable(void);
OH_API void oh_gc_disable(void);
OH_API int oh_gc_isenabled(void);

/* gc.get_count(): count[0] is container allocations minus deallocations
 * since generation 0 was last collected; count[1] and count[2] are the
 * collections of the generation below since their own last collection.
 * 0, or -1 with ValueError if count is NULL. */
OH_API int oh_gc_get_count(int64_t count[OH_GC_GENERATIONS]);

/* gc.get_threshold(): (700, 10, 10) by default.  0 or -1 (NULL). */
OH_API int oh_gc_get_threshold(int64_t threshold[OH_GC_GENERATIONS]);

/* gc.set_threshold(t0, t1, t2).  A negative value leaves that threshold
 * as it is (Python's optional arguments).  t0 == 0 disables automatic
 * collection, as in Python.  Always returns 0. */
OH_API int oh_gc_set_threshold(int64_t t0, int64_t t1, int64_t t2);

/* gc.get_stats(): per generation, since the process started. */
typedef struct oh_gc_stats {
    int64_t collections;        /* collections of this generation */
    int64_t collected;          /* unreachable objects freed */
    int64_t uncollectable;      /* unreachable objects that could not be
                                   freed (always 0: objheap has no
                                   pre-PEP 442 finalizers) */
} oh_gc_stats;

/* 0, or -1 with ValueError if stats is NULL. */
OH_API int oh_gc_get_stats(oh_gc_stats stats[OH_GC_GENERATIONS]);

/* gc.get_objects(generation): a new list of the objects tracked in that
 * generation, or in all three for -1 (Python's None).  The frozen
 * generation is not included, as in Python.  New reference; NULL with
 * ValueError for another generation, MemoryError. */
OH_API oh_object *oh_gc_get_objects(int generation);

/* gc.get_referrers(*objs): a new list of the tracked objects that refer
 * directly to any of objs[0..n).  New reference; NULL with SystemError
 * (objs NULL with n > 0, or a NULL item: objheap.h) or MemoryError. */
OH_API oh_object *oh_gc_get_referrers(oh_object *const *objs, size_t n);

/* gc.get_referents(*objs): a new list of the objects that any container
 * among objs[0..n) refers to directly (through its traverse).  New
 * reference; NULL with ValueError or MemoryError. */
OH_API oh_object *oh_gc_get_referents(oh_object *const *objs, size_t n);

/* gc.is_tracked(o): 1 if the collector tracks o, else 0. */
OH_API int oh_gc_is_tracked(oh_object *o);

/* gc.is_finalized(o): 1 if o's finalizer has run (it then never runs
 * again), else 0. */
OH_API int oh_gc_is_finalized(oh_object *o);

/* gc.freeze(): move every tracked object into the permanent generation,
 * which no collection looks at.  gc.unfreeze() moves them back into the
 * oldest generation; gc.get_freeze_count() counts them. */
OH_API void oh_gc_freeze(void);
OH_API void oh_gc_unfreeze(void);
OH_API int64_t oh_gc_get_freeze_count(void);

/* gc.set_debug(flags) / gc.get_debug().  set returns 0, or -1 with
 * ValueError for bits that are not OH_GC_DEBUG_* flags. */
OH_API int oh_gc_set_debug(unsigned flags);
OH_API unsigned oh_gc_get_debug(void);

/* gc.garbage: the list that keeps what OH_GC_DEBUG_SAVEALL saved.  The
 * program may empty it (oh_list_clear).  Borrowed reference; NULL with
 * MemoryError if it could not be created. */
OH_API oh_object *oh_gc_garbage(void);

/* gc.callbacks.  Every registered callback is called with OH_GC_START
 * before each collection and OH_GC_STOP after it, in registration order,
 * with the generation and (at stop) the counts.  A callback returns 0, or
 * -1 with an error set, which is reported and ignored. */
typedef enum oh_gc_phase { OH_GC_START = 0, OH_GC_STOP = 1 } oh_gc_phase;

typedef struct oh_gc_info {
    int generation;             /* the generation being collected */
    int64_t collected;          /* at stop: objects freed */
    int64_t uncollectable;      /* at stop: objects that could not be */
} oh_gc_info;

typedef int (*oh_gc_callback)(oh_gc_phase phase, const oh_gc_info *info,
                              void *arg);

/* Add a callback (the same pair may be added twice, as a Python list
 * allows).  0, or -1 with ValueError (NULL) / MemoryError. */
OH_API int oh_gc_callback_register(oh_gc_callback cb, void *arg);
/* Remove the first registration of (cb, arg).  0, or -1 with ValueError
 * when there is none. */
OH_API int oh_gc_callback_unregister(oh_gc_callback cb, void *arg);

#ifdef __cplusplus
}
#endif

#endif /* OBJHEAP_GC_H */
