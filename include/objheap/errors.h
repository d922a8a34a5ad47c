/*
 * objheap/errors.h -- the error indicator.
 * ===========================================================================
 * Section: errors.  No function here returns an object.
 *
 * objheap reports failure the way CPython's C API does.  A function that
 * fails returns NULL or -1 and records an error: a kind (what went wrong,
 * named after Python's exception classes) and a message (a sentence for a
 * person).  The record stays until the caller reads it and clears it, or a
 * later failure replaces it.  Setting an error never allocates, so a
 * MemoryError can always be recorded.
 *
 *     void *p = oh_list_get(list, 99);
 *     if (p == NULL) {
 *         if (oh_err_occurred() == OH_ERR_INDEX)
 *             fprintf(stderr, "%s\n", oh_err_message());
 *         oh_err_clear();
 *     }
 */
#ifndef OBJHEAP_ERRORS_H
#define OBJHEAP_ERRORS_H

#ifdef __cplusplus
extern "C" {
#endif

/* Error kinds.  OH_ERR_NONE (0) means "no error is recorded". */
typedef enum oh_errkind {
    OH_ERR_NONE = 0,
    OH_ERR_MEMORY,      /* MemoryError: an allocation failed */
    OH_ERR_TYPE,        /* TypeError: an argument of the wrong type */
    OH_ERR_VALUE,       /* ValueError: right type, unacceptable value */
    OH_ERR_INDEX,       /* IndexError: a sequence index out of range */
    OH_ERR_KEY,         /* KeyError: a mapping has no such key */
    OH_ERR_OVERFLOW,    /* OverflowError: a result does not fit */
    OH_ERR_ZERODIV,     /* ZeroDivisionError */
    OH_ERR_RUNTIME,     /* RuntimeError: an operation is not allowed now */
    OH_ERR_USER,        /* raised by a program's own callback */
    OH_ERR_ATTRIBUTE,   /* AttributeError: an instance has no such
                           attribute */
    OH_ERR_SYSTEM,      /* SystemError: objheap was called wrongly (a NULL
                           object: see objheap.h) or a type's function
                           broke its contract (returned -1 and recorded
                           no error) */
    OH_ERR_NKINDS
} oh_errkind;

/* The longest message kept, terminating NUL included; longer ones are cut. */
#define OH_ERR_MESSAGE_MAX 256

/* The kind of the recorded error, or OH_ERR_NONE. */
OH_API oh_errkind oh_err_occurred(void);

/* The recorded message, or "" when none is recorded.  The pointer stays
 * valid until the next call that sets or clears the error. */
OH_API const char *oh_err_message(void);

/* Forget the recorded error. */
OH_API void oh_err_clear(void);

/* Record an error, replacing any recorded one.  `message` is copied. */
OH_API void oh_err_set(oh_errkind kind, const char *message);

/* Record an error with a printf-style message. */
OH_API void oh_err_format(oh_errkind kind, const char *fmt, ...)
    OH_PRINTF(2, 3);

/* Record a MemoryError ("out of memory").  Returns NULL so that an
 * allocating function can write `return oh_err_no_memory();`. */
OH_API void *oh_err_no_memory(void);

/* The Python name of a kind: "MemoryError", "TypeError", ... */
OH_API const char *oh_err_kind_name(oh_errkind kind);

#ifdef __cplusplus
}
#endif

#endif /* OBJHEAP_ERRORS_H */
