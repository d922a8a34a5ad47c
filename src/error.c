/*
 * error.c -- the error indicator, and fatal reports.
 *
 * The indicator is one record in the runtime: a kind and a message copied
 * into a fixed buffer.  Recording an error never allocates, so running out
 * of memory can always be reported, and a failed allocation deep inside a
 * call leaves the same record at the surface.
 *
 * Invariants ER1 and ER2 are at ohi_err_state in internal.h: the record may
 * carry a Python exception object, which the Python interpreter
 * (src/py/exceptions.c) attaches to every error it raises and reads back
 * when it catches one.  Dropping that object may run code (a finalizer);
 * so every function that replaces or clears the record first finishes
 * the new record, then drops the old object.
 *
 * Fatal reports (ohi_fatal) are for corruption that is already done: a
 * double free, an overrun guard, a reference count below zero.  They format
 * into a stack buffer and write(2) it, because the heap they would
 * otherwise use is the thing that is broken; then they abort.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const kind_names[OH_ERR_NKINDS] = {
    [OH_ERR_NONE] = "NoError",
    [OH_ERR_MEMORY] = "MemoryError",
    [OH_ERR_TYPE] = "TypeError",
    [OH_ERR_VALUE] = "ValueError",
    [OH_ERR_INDEX] = "IndexError",
    [OH_ERR_KEY] = "KeyError",
    [OH_ERR_OVERFLOW] = "OverflowError",
    [OH_ERR_ZERODIV] = "ZeroDivisionError",
    [OH_ERR_RUNTIME] = "RuntimeError",
    [OH_ERR_USER] = "UserError",
    [OH_ERR_ATTRIBUTE] = "AttributeError",
    [OH_ERR_SYSTEM] = "SystemError",
};

oh_errkind
oh_err_occurred(void)
{
    return OHI_RT->err.kind;
}

const char *
oh_err_message(void)
{
    return OHI_RT->err.message;
}

void
oh_err_clear(void)
{
    oh_object *old = OHI_RT->err.exc;
    OHI_RT->err.kind = OH_ERR_NONE;
    OHI_RT->err.exc = NULL;
    OHI_RT->err.message[0] = '\0';
    if (old != NULL)
        oh_decref(old);
}

oh_object *
ohi_err_take_object(void)
{
    oh_object *exc = OHI_RT->err.exc;
    OHI_RT->err.exc = NULL;
    oh_err_clear();
    return exc;
}

void
ohi_err_save(ohi_err_state *saved)
{
    *saved = OHI_RT->err;
    OHI_RT->err.kind = OH_ERR_NONE;
    OHI_RT->err.exc = NULL;
    OHI_RT->err.message[0] = '\0';
}

void
ohi_err_restore(ohi_err_state *saved)
{
    oh_err_clear();
    OHI_RT->err = *saved;
}

/* A kind outside the enum is recorded as a RuntimeError that says so: bad
 * input is reported, never trusted. */
static oh_errkind
checked_kind(oh_errkind kind, const char **message)
{
    if (kind <= OH_ERR_NONE || kind >= OH_ERR_NKINDS) {
        *message = "oh_err_set: invalid error kind";
        return OH_ERR_RUNTIME;
    }
    return kind;
}

void
oh_err_set(oh_errkind kind, const char *message)
{
    ohi_err_set_object(kind, message, NULL);
}

void
ohi_err_set_object(oh_errkind kind, const char *message, oh_object *exc)
{
    ohi_err_state *e = &OHI_RT->err;
    oh_object *old = e->exc;
    if (message == NULL)
        message = "(no message)";
    e->kind = checked_kind(kind, &message);
    e->exc = exc;
    snprintf(e->message, sizeof e->message, "%s", message);
    if (e->message[0] == '\0')
        snprintf(e->message, sizeof e->message, "%s", kind_names[e->kind]);
    if (old != NULL)
        oh_decref(old);
}

void
oh_err_format(oh_errkind kind, const char *fmt, ...)
{
    char buf[OH_ERR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt ? fmt : "(no message)", ap);
    va_end(ap);
    oh_err_set(kind, buf);
}

void *
oh_err_no_memory(void)
{
    oh_err_set(OH_ERR_MEMORY, "out of memory");
    return NULL;
}

const char *
oh_err_kind_name(oh_errkind kind)
{
    if (kind < OH_ERR_NONE || kind >= OH_ERR_NKINDS)
        return "UnknownError";
    return kind_names[kind];
}

/* ==========================================================================
 * Fatal reports
 * ========================================================================== */

void
ohi_fatal(const char *fmt, ...)
{
    char buf[1024];
    int n = snprintf(buf, sizeof buf, "objheap: fatal: ");
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(buf + n, sizeof buf - (size_t)n - 1, fmt, ap);
    va_end(ap);
    size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
    if (len > sizeof buf - 2)
        len = sizeof buf - 2;
    buf[len++] = '\n';
    /* Best effort: nothing can be done if stderr is gone. */
    ssize_t w = write(STDERR_FILENO, buf, len);
    (void)w;
    abort();
}

void
ohi_assert_fail(const char *cond, const char *file, int line,
                const char *func)
{
    ohi_fatal("assertion failed: %s (%s:%d, in %s)", cond, file, line, func);
}
