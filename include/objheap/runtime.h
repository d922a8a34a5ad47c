/*
 * objheap/runtime.h -- runtimes: independent object worlds in one process.
 * No function here takes or returns an object.
 *
 * A runtime holds everything of the object layer: the heap its objects
 * come from, the error indicator, the collector's generations, weak
 * references, free lists, interned strs, the Python interpreter.  Every
 * thread has a current runtime, which every call of the object layer
 * uses.  The main runtime needs no set-up and is the current runtime of
 * every thread that has not entered another, so a program that never
 * calls these functions has one runtime, as before.
 *
 * A program that wants objects on several threads at once gives each
 * thread a runtime of its own (as Lua gives each a lua_State, or CPython
 * 3.12 each thread an interpreter with its own allocator):
 *
 *     oh_runtime *rt = oh_runtime_new();      on any thread
 *     oh_runtime_enter(rt);                   on the thread that uses it
 *     ... objects, collections, weak references ...
 *     oh_runtime_leave();                     back to the runtime before
 *     oh_runtime_free(rt);                    everything it owns, freed
 *
 * The rules (objheap.h, THREADS, states them as the contract):
 *   - A runtime is inside at most one thread at a time.  A thread may
 *     enter a second runtime while inside one (they nest: leave returns
 *     to the one before), and a runtime left by one thread may be entered
 *     by another.
 *   - An object belongs to the runtime that made it, and is used only
 *     while that runtime is the current one.  Objects never cross: pass
 *     values between runtimes as C data.  Static objects (None, True,
 *     False, the small ints, the empty tuple, the one-character strs,
 *     the built-in types) belong to none and may be used in any.
 *   - The Python interpreter (objheap/py.h) runs in one runtime of the
 *     process at a time: oh_py_init elsewhere fails with RuntimeError.
 *   - Tracing (objheap/trace.h) and the raw allocator are process-wide.
 *
 * Misuse in a build with OH_DEBUG >= 1 (`make debug`) aborts with a
 * message naming both threads: a thread entering a runtime another
 * thread is inside; a thread using its current runtime while another
 * thread is inside it (through oh_runtime_enter); an object of one
 * runtime handed to a function, an oh_incref or oh_decref (in a program
 * built with OH_DEBUG), or the collector, while another is current.  A
 * release build reports the first as RuntimeError and does not look for
 * the others.
 */
#ifndef OBJHEAP_RUNTIME_H
#define OBJHEAP_RUNTIME_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct oh_runtime oh_runtime;

/* A new runtime, empty and entered by no thread.  NULL with MemoryError
 * (in the calling thread's current runtime) when memory is short. */
OH_API oh_runtime *oh_runtime_new(void);

/* Make rt the calling thread's current runtime, until oh_runtime_leave.
 * 0, or -1 with RuntimeError in the runtime current before the call:
 * rt is NULL or freed, the calling thread is inside rt already, or
 * another thread is (OH_DEBUG >= 1: that aborts, naming both). */
OH_API int oh_runtime_enter(oh_runtime *rt);

/* Leave the runtime the calling thread entered last: the one current
 * before it is current again.  Objects of the runtime left stay its
 * own, for the next thread to enter it.  0, or -1 with RuntimeError when
 * the thread has not entered one. */
OH_API int oh_runtime_leave(void);

/* Free rt and everything it owns: the Python interpreter if it runs
 * there, then every object (the collector's last collections run
 * finalizers and weak reference callbacks; what the program still holds
 * is freed without them), then its heap's memory, back to the system.
 * rt must be entered by no thread, or be the calling thread's current
 * runtime (which is then left first).  0, or -1 with RuntimeError, in
 * the calling thread's current runtime: rt is NULL, freed, the main
 * runtime (never freed), or another thread is inside it (OH_DEBUG >= 1:
 * that aborts, naming both).  Using rt's objects afterwards is a use
 * after free, which OH_DEBUG >= 1 in debug mode (oh_alloc_set_debug, on
 * by default there) catches at its check points while the memory is not
 * mapped again: "object 0x... is in no heap and not static". */
OH_API int oh_runtime_free(oh_runtime *rt);

/* The calling thread's current runtime, and the main runtime. */
OH_API oh_runtime *oh_runtime_current(void);
OH_API oh_runtime *oh_runtime_main(void);

#ifdef __cplusplus
}
#endif

#endif /* OBJHEAP_RUNTIME_H */
