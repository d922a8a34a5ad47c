/*
 * objheap.h -- the one public header of objheap.
 *
 * objheap gives C programs the memory management CPython gives Python: a
 * private heap of reference-counted objects on a small-object allocator
 * (arenas, pools, blocks), a generational cycle collector, weak references,
 * and tools that show where memory goes.
 *
 * The header reads top to bottom in layer order.  Each layer's section lives
 * in its own file under objheap/ and opens with a banner that says what it
 * covers and whether its functions return new or borrowed references:
 *
 *     objheap/runtime.h  runtimes: one per thread, entered and left
 *     objheap/errors.h   the error indicator (kinds, messages)
 *     objheap/alloc.h    oh_malloc and friends, statistics, debug checks
 *     objheap/object.h   the object header, types, reference counts
 *     objheap/types.h    the built-in types, one section each
 *     objheap/gc.h       the cycle collector (Python's gc module)
 *     objheap/weakref.h  weak references, weak containers, finalize
 *     objheap/trace.h    allocation tracing, snapshots, statistics
 *     objheap/inspect.h  census, growth, the heap map
 *     objheap/py.h       the Python interpreter, for embedding
 *
 * Naming: public names start with oh_ (functions, types) or OH_ (macros and
 * constants).  Where Python has a counterpart, the name follows it:
 * gc.collect is oh_gc_collect, sys.getsizeof is oh_getsizeof.
 *
 * Errors: a function that can fail returns NULL or -1 and records an error
 * kind and message in the error indicator (objheap/errors.h), which the
 * caller reads and clears.  The raw allocator (oh_malloc and friends) keeps
 * the C library's contract instead: NULL with errno set to ENOMEM.
 *
 * NULL OBJECTS.  One rule for every function that takes an object
 * (oh_object *, or an array of them): NULL where an object is expected is
 * a bad call, reported as CPython reports one (PyErr_BadInternalCall):
 * SystemError "oh_list_append: an object argument is NULL (bad argument
 * to an objheap function)", naming the function, before anything else is
 * looked at or changed.  The function then returns its failure value:
 * NULL for a pointer, -1 for a signed result, 0 for a predicate (a
 * result that is only 1 or 0: oh_list_check, oh_is_immortal,
 * oh_gc_is_tracked, ...) and for an unsigned one (oh_getsizeof, oh_id);
 * a void function only records the error.  Never a crash, in any build.
 * Where NULL has a meaning, the function's comment says so (oh_set_from's
 * iterable, a weak reference's data, oh_xincref and oh_xdecref), and
 * oh_trace_get_object_traceback answers NULL, without an error, for
 * anything not traced.  The inline reference count operations oh_incref
 * and oh_decref are the exception: they do not check (one instruction in
 * every hot loop), except in a program compiled with OH_DEBUG defined
 * non-zero, where NULL aborts with "objheap: fatal: oh_decref(NULL) in
 * FUNCTION (FILE:LINE)" (objheap/object.h).  tests/test_null.c calls every
 * public function with NULL in each object argument, from a list made
 * from these headers.
 *
 * THREADS.  Two contracts, one per layer:
 *
 *   - The raw allocator is thread-safe.  oh_malloc, oh_calloc, oh_realloc,
 *     oh_free, oh_usable_size and their oh_ctx_ forms may be called from
 *     any thread at any time, and a block may be freed or resized by a
 *     thread other than the one that allocated it.  Each thread allocates
 *     from a heap of its own, with no lock on the fast path; a block freed
 *     by another thread goes back to its heap's owner, which collects it
 *     the next time it needs memory; the heap of a thread that exits is
 *     taken over by the next thread that starts.  The settings
 *     (oh_alloc_set_debug, oh_alloc_set_fail, oh_alloc_set_limit, tracing)
 *     are process-wide and reach a running thread at its next call.
 *     oh_alloc_stats, oh_alloc_check and the heap map look at every
 *     thread's heap and are exact while the other threads do not
 *     allocate.  oh_alloc_trim gives back what the calling thread's heap,
 *     its current runtime's and those of exited threads hold.
 *   - Everything else (objects, the collector, weak references,
 *     inspection, the interpreter) belongs to a runtime
 *     (objheap/runtime.h), and CPython's contract under its GIL holds
 *     inside each runtime:
 *       - Every thread has a current runtime, which all those calls use:
 *         the main runtime, until the thread enters another with
 *         oh_runtime_enter (and after it leaves it).  A program that
 *         never calls oh_runtime_* has the main runtime alone, used by
 *         every thread.
 *       - A runtime is used by one thread at a time.  A thread inside a
 *         runtime it entered owns it until it leaves; a runtime left by
 *         one thread may be entered by another, and keeps its objects.
 *         Threads that share the main runtime without entering it must
 *         serialise their calls themselves (one mutex around every call
 *         is enough); two threads inside one runtime at once corrupt it.
 *         A thread that exits inside runtimes leaves them (its own
 *         objects stay in them), so another thread may enter them.
 *       - An object belongs to the runtime that made it, and is used,
 *         counted and stored into containers only while that runtime is
 *         current.  No object is shared between runtimes, except the
 *         static ones (None, True, False, the ints -5..256, the empty
 *         tuple, the empty and one-character ASCII strs, the built-in
 *         types and a program's static types), which belong to none.
 *         Their contents are never written; their counts are, by every
 *         runtime, without atomics: a count starts at 2^60 and no number
 *         of lost updates a process could make brings it near zero
 *         (objheap/object.h), so only oh_refcount's answer for them is
 *         inexact.
 *       - Each runtime has its own error indicator, collector (its
 *         generations, thresholds, callbacks, gc.garbage), free lists,
 *         interned strs, weak references and finalizers.  A collection
 *         in one runtime never sees another's objects.
 *       - oh_runtime_free frees a runtime and everything it owns, objects
 *         the program still holds included; using them afterwards is a
 *         use after free.
 *       - The Python interpreter (objheap/py.h) runs in one runtime of
 *         the process at a time: oh_py_init in another fails with
 *         RuntimeError while it runs.  Its C calls (oh_py_run_string,
 *         oh_py_eval, ...) use the interpreter of the current runtime,
 *         and fail with RuntimeError in a runtime where none runs.
 *       - Tracing (objheap/trace.h) is process-wide: one set of traces
 *         for every thread's and every runtime's blocks; the census, the
 *         heap map's objects and the leak report show the current
 *         runtime's objects.
 *     A build with OH_DEBUG >= 1 (`make debug`, or a program compiled
 *     with -DOH_DEBUG=1 for its oh_incref and oh_decref) checks the
 *     first three rules where they matter: entering a runtime, every
 *     public function's object arguments, the collector's tracking, the
 *     deallocator, and oh_incref and oh_decref; a breach aborts with
 *     "objheap: fatal: runtime 0x... used by thread T2 while thread T1
 *     (name) is inside it" or "...: object 0x... (list) belongs to
 *     runtime 0x..., which thread T1 is inside, but thread T2 uses it in
 *     runtime 0x...".  The same check points catch, in debug mode
 *     (oh_alloc_set_debug, on by default in those builds), an object used
 *     after oh_runtime_free freed its runtime, or a large one after it
 *     was freed: "...: object 0x... is in no heap and not static".  A
 *     release build reports entering a runtime in use as RuntimeError
 *     and checks nothing else.
 */
#ifndef OBJHEAP_H
#define OBJHEAP_H

#define OH_VERSION_MAJOR 0
#define OH_VERSION_MINOR 1
#define OH_VERSION_PATCH 0
#define OH_VERSION_STRING "0.1.0"
/* One number that grows with every release: 0x00MMmmpp. */
#define OH_VERSION_HEX ((OH_VERSION_MAJOR << 16) | (OH_VERSION_MINOR << 8) \
                        | OH_VERSION_PATCH)

/* OH_API marks what the shared library exports; everything else is hidden
 * (the library is built with -fvisibility=hidden). */
#if defined(__GNUC__) || defined(__clang__)
#  define OH_API __attribute__((visibility("default")))
#  define OH_LIKELY(x) __builtin_expect(!!(x), 1)
#  define OH_UNLIKELY(x) __builtin_expect(!!(x), 0)
#  define OH_MALLOC_ATTR __attribute__((malloc, warn_unused_result))
#  define OH_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define OH_API
#  define OH_LIKELY(x) (x)
#  define OH_UNLIKELY(x) (x)
#  define OH_MALLOC_ATTR
#  define OH_PRINTF(f, a)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The version of the library actually linked, as OH_VERSION_HEX. */
OH_API unsigned long oh_version(void);

#ifdef __cplusplus
}
#endif

#include "objheap/runtime.h"
#include "objheap/errors.h"
#include "objheap/alloc.h"
#include "objheap/object.h"
#include "objheap/types.h"
#include "objheap/gc.h"
#include "objheap/weakref.h"
#include "objheap/trace.h"
#include "objheap/inspect.h"
#include "objheap/py.h"

#endif /* OBJHEAP_H */
