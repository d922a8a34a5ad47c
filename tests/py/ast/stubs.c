/*
 * stubs.c -- the few interpreter functions the parser calls, for
 * parse_main (the parser's test driver) only.
 *
 * The parser (src/py/lexer.c, parser.c, ast.c) raises its errors through
 * py_err_syntax and friends and uses the Ellipsis singleton, which the
 * interpreter core (exceptions.c, abstract.c) defines.  Until that core
 * links, this file stands in: it records the last error in a plain
 * struct the driver prints, and defines the exception type objects as
 * empty descriptors whose only use is their address (PY_EXC(...)).
 * This file disappears when the interpreter core links with the driver;
 * nothing here is part of the library.
 *
 * Invariant (ST1): stub_err.type != NULL iff a stub error is set; a
 * library error (oh_err_*) counts as set too.
 */
#include "py/py.h"

#include <string.h>

#include "stubs.h"

stub_error stub_err;

/* The exception classes the parser names, as bare type objects. */
#define STUB_EXC(name, base)                                                \
    py_static_type py_exc_##name##_static = {.t = {.tp_name = #name}};
PY_EXCEPTIONS(STUB_EXC)
#undef STUB_EXC

static oh_object *
ellipsis_repr(oh_object *self)
{
    (void)self;
    return oh_str_from_cstr("Ellipsis");
}

static const oh_type stub_ellipsis_type = {
    .name = "ellipsis",
    .basicsize = sizeof(oh_object),
    .flags = OH_TYPE_IMMUTABLE,
    .repr = ellipsis_repr,
};

oh_object py_ellipsis_object = {OH_IMMORTAL_REFCNT, &stub_ellipsis_type};

static void
stub_set(py_type *type, const char *msg)
{
    oh_err_clear();
    memset(&stub_err, 0, sizeof stub_err);
    stub_err.type = type;
    snprintf(stub_err.msg, sizeof stub_err.msg, "%s", msg);
}

void *
py_err_syntax(py_type *type, const char *msg, oh_object *filename,
              int lineno, int offset, const char *line, size_t linelen,
              int end_lineno, int end_offset)
{
    (void)filename;
    stub_set(type, msg);
    stub_err.has_location = 1;
    stub_err.lineno = lineno;
    stub_err.offset = offset;
    stub_err.end_lineno = end_lineno;
    stub_err.end_offset = end_offset;
    size_t n = linelen < sizeof stub_err.text - 1 ? linelen
                                                  : sizeof stub_err.text - 1;
    if (line != NULL && n > 0)
        memcpy(stub_err.text, line, n);
    stub_err.text[n] = '\0';
    return NULL;
}

void *
py_err_set_string(py_type *type, const char *msg)
{
    stub_set(type, msg);
    return NULL;
}

bool
py_err_occurred(void)
{
    return stub_err.type != NULL || oh_err_occurred() != OH_ERR_NONE;
}

void
py_err_clear(void)
{
    memset(&stub_err, 0, sizeof stub_err);
    oh_err_clear();
}

bool
py_err_matches(py_type *t)
{
    py_type *e = stub_err.type;
    if (e == NULL)
        return t == PY_EXC(MemoryError)
               && oh_err_occurred() == OH_ERR_MEMORY;
    if (e == t)
        return true;
    if (t == PY_EXC(SyntaxError))
        return e == PY_EXC(IndentationError) || e == PY_EXC(TabError);
    if (t == PY_EXC(IndentationError))
        return e == PY_EXC(TabError);
    return false;
}
