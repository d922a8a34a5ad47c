/*
 * objheap/weakref.h -- weak references, weak containers, finalize.
 * ===========================================================================
 * Section: weakref.  Constructors, oh_weakref_get, oh_weakref_list and the
 * weak containers' getters and iterators return new references; nothing
 * here returns a borrowed one.
 *
 * A weak reference points at an object without keeping it alive.  When
 * the object dies (its count reaches zero, or the collector frees it),
 * every weak reference to it is cleared first, then their callbacks run:
 *
 *     oh_object *r = oh_weakref_new(obj, on_death);
 *     oh_object *o = oh_weakref_get(r);      obj itself (new reference)
 *     oh_decref(o);
 *     oh_decref(obj);                        obj dies: on_death(r, NULL)
 *     o = oh_weakref_get(r);                 None from now on
 *
 * Only objects of types flagged OH_TYPE_WEAKREFABLE can be referenced
 * weakly: instances, and a program's own types that reserve a pointer
 * (initially NULL) for the list of weak references to them and give its
 * offset as weaklistoffset.  Such a type with its own dealloc calls
 * oh_weakref_clear_all(self) first thing in it; the default dealloc does
 * so itself.
 *
 * As in Python (CPython 3.11, verified): a weak reference without a
 * callback is shared, so oh_weakref_new(o, NULL) twice returns the same
 * object; callbacks run most recently registered first; a callback runs
 * at most once; when the collector frees a cycle, the callbacks of weak
 * references that are themselves part of the garbage do not run.
 */
#ifndef OBJHEAP_WEAKREF_H
#define OBJHEAP_WEAKREF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* -- Weak references ------------------------------------------------------- */

OH_API extern const oh_type oh_weakref_type;

/* Called once when the referent of `ref` dies, with the weak reference
 * (already cleared: oh_weakref_get returns None) and the `data` given to
 * oh_weakref_new_data (NULL otherwise).  Both are borrowed.  Returns 0,
 * or -1 with an error set, which is reported like Python's unraisable
 * exceptions and otherwise ignored. */
typedef int (*oh_weakref_callback)(oh_object *ref, oh_object *data);

/* 1 if o is a weak reference. */
OH_API int oh_weakref_check(const oh_object *o);

/* weakref.ref(obj, callback): a weak reference to obj; callback may be
 * NULL, and then an existing callback-less reference to obj is returned
 * if there is one.  New reference; NULL with TypeError "cannot create
 * weak reference to 'int' object" for types that are not weakly
 * referenceable, MemoryError. */
OH_API oh_object *oh_weakref_new(oh_object *obj, oh_weakref_callback cb);

/* The same with an object passed to the callback.  The weak reference
 * holds a strong reference to `data` (like the callable of a Python weak
 * reference) until it dies or its callback has run.  New reference. */
OH_API oh_object *oh_weakref_new_data(oh_object *obj, oh_weakref_callback cb,
                                      oh_object *data);

/* ref(): the referent, or None once it has died.  New reference; NULL
 * with TypeError if ref is not a weak reference. */
OH_API oh_object *oh_weakref_get(oh_object *ref);

/* weakref.getweakrefcount(obj): weak references to obj (0 for types that
 * cannot have any); -1 with SystemError for NULL. */
OH_API int64_t oh_weakref_count(oh_object *obj);

/* weakref.getweakrefs(obj): a new list of the weak references to obj,
 * newest callback first as Python lists them.  New reference. */
OH_API oh_object *oh_weakref_list(oh_object *obj);

/* PyObject_ClearWeakRefs: clear every weak reference to obj and run their
 * callbacks.  For the dealloc of a program's own weakly referenceable
 * type; a no-op for other objects. */
OH_API void oh_weakref_clear_all(oh_object *obj);

/* -- Weak containers --------------------------------------------------------
 * WeakValueDictionary, WeakKeyDictionary and WeakSet.  An entry vanishes
 * when its weakly held object dies.  Keys of a weak-key dict and items of
 * a weak set must be weakly referenceable and hashable; values of a
 * weak-value dict weakly referenceable; the other side is held strongly,
 * as in Python.  Entries whose object dies while an iterator is open are
 * skipped, and removed when the last iterator ends.
 */

OH_API extern const oh_type oh_weakvaluedict_type;
OH_API extern const oh_type oh_weakkeydict_type;
OH_API extern const oh_type oh_weakset_type;

/* Empty containers.  New reference. */
OH_API oh_object *oh_weakvaluedict_new(void);
OH_API oh_object *oh_weakkeydict_new(void);
OH_API oh_object *oh_weakset_new(void);

/* For both weak dicts: d[key] = value.  0, or -1 with TypeError (the weak
 * side is not weakly referenceable, the key is unhashable) or
 * MemoryError. */
OH_API int oh_weakdict_set(oh_object *d, oh_object *key, oh_object *value);
/* d[key].  New reference; NULL with KeyError when missing (or dead). */
OH_API oh_object *oh_weakdict_get(oh_object *d, oh_object *key);
/* del d[key].  0, or -1 with KeyError. */
OH_API int oh_weakdict_delete(oh_object *d, oh_object *key);
/* key in d: 1, 0, or -1 with an error. */
OH_API int oh_weakdict_contains(oh_object *d, oh_object *key);

/* Weak sets: s.add(item), s.discard(item) (1 if it was there), item in s. */
OH_API int oh_weakset_add(oh_object *s, oh_object *item);
OH_API int oh_weakset_discard(oh_object *s, oh_object *item);
OH_API int oh_weakset_contains(oh_object *s, oh_object *item);

/* len(c) for any weak container: its live entries.  -1 with TypeError. */
OH_API int64_t oh_weak_size(oh_object *c);

/* Iteration over any weak container.  Entries come as new references
 * (for a weak set, *value is NULL), so they stay alive while the caller
 * uses them.  Entries whose object dies meanwhile are skipped; adding or
 * removing entries by hand during iteration is RuntimeError, as for
 * dicts.  next returns 1 (an entry), 0 (the end: the iterator has ended
 * itself) or -1 (error); call oh_weak_iter_end to stop early (calling it
 * again, or after the end, is harmless).
 *
 *     oh_weak_iter it;
 *     oh_object *k, *v;
 *     oh_weak_iter_init(&it, wvd);
 *     while (oh_weak_iter_next(&it, &k, &v) == 1) {
 *         ...
 *         oh_decref(k);
 *         oh_decref(v);
 *     } */
typedef struct oh_weak_iter {
    oh_object *container;       /* owned while the iterator is open */
    oh_dict_iter inner;         /* over the container's table */
} oh_weak_iter;

OH_API int oh_weak_iter_init(oh_weak_iter *it, oh_object *c);
OH_API int oh_weak_iter_next(oh_weak_iter *it, oh_object **key,
                             oh_object **value);
OH_API void oh_weak_iter_end(oh_weak_iter *it);

/* -- finalize ---------------------------------------------------------------
 * weakref.finalize: call func(arg) when obj dies, at most once.  The
 * finalize object keeps itself alive until it has been called or
 * detached, so the program need not keep it.  func runs from the weak
 * reference callback (so inside a collection, if obj dies in one), and
 * nothing is called at exit for objects still alive then (Python's
 * atexit option is not provided).
 */

OH_API extern const oh_type oh_finalize_type;

typedef void (*oh_finalize_func)(void *arg);

/* New reference to the finalize object; NULL with TypeError (obj not
 * weakly referenceable, func NULL) or MemoryError. */
OH_API oh_object *oh_finalize(oh_object *obj, oh_finalize_func func,
                              void *arg);
/* f(): if still alive, detach it and call func(arg) now: 1.  0 if it was
 * dead already; -1 with TypeError if f is not a finalize object. */
OH_API int oh_finalize_call(oh_object *f);
/* f.detach(): if alive, detach it without calling: 1; else 0; -1. */
OH_API int oh_finalize_detach(oh_object *f);
/* f.alive: 1 or 0; -1 with TypeError. */
OH_API int oh_finalize_alive(oh_object *f);

#ifdef __cplusplus
}
#endif

#endif /* OBJHEAP_WEAKREF_H */
