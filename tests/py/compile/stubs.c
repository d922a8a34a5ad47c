/*
 * stubs.c -- what the compiler's test driver needs from the rest of the
 * interpreter before the interpreter links as a whole.
 *
 * dis_main links the compiler (symtable.c, compile.c, code.c) and the
 * front end (lexer.c, parser.c, ast.c) against the library alone.  The
 * few interpreter functions they call are stood in for here: raising an
 * exception records a library error whose message carries the class name
 * and, for SyntaxError, the attributes CPython's compiler sets, which the
 * driver prints.  The exception classes, `type` and Ellipsis are
 * placeholders with the right symbols only.
 *
 * This file goes away when src/py/ links into the library (the Makefile
 * gains the interpreter): dis_main then links the real exceptions.c,
 * typeobject.c and abstract.c instead.
 */
#include "py/py.h"

#include <stdio.h>
#include <string.h>

py_static_type py_type_static;

#define STUB_EXC(name, base) py_static_type py_exc_##name##_static;
PY_EXCEPTIONS(STUB_EXC)
#undef STUB_EXC

static oh_object *
ellipsis_repr(oh_object *o)
{
    (void)o;
    return oh_str_from_cstr("Ellipsis");
}

static const oh_type ellipsis_type = {
    .name = "ellipsis",
    .basicsize = sizeof(oh_object),
    .flags = OH_TYPE_HASHABLE,
    .repr = ellipsis_repr,
};

oh_object py_ellipsis_object = {OH_IMMORTAL_REFCNT, &ellipsis_type};

/* The class name of a stub exception type. */
static const char *
exc_name(py_type *t)
{
#define STUB_NAME(name, base)                                               \
    if (t == PY_EXC(name))                                                  \
        return #name;
    PY_EXCEPTIONS(STUB_NAME)
#undef STUB_NAME
    return "Exception";
}

void *
py_err_set_string(py_type *type, const char *msg)
{
    oh_err_format(OH_ERR_USER, "%s: %s", exc_name(type), msg);
    return NULL;
}

void *
py_err_format(py_type *type, const char *fmt, ...)
{
    char buf[OH_ERR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return py_err_set_string(type, buf);
}

void *
py_err_syntax(py_type *type, const char *msg, oh_object *filename,
              int lineno, int offset, const char *line, size_t linelen,
              int end_lineno, int end_offset)
{
    char text[80] = "None";
    if (line != NULL)
        snprintf(text, sizeof text, "'%.*s'",
                 (int)(linelen < 60 ? linelen : 60), line);
    oh_err_format(OH_ERR_USER, "%s: %s (%s, line %d, offset %d, end %d %d, "
                  "text %s)", exc_name(type), msg,
                  oh_str_utf8(filename, NULL), lineno, offset, end_lineno,
                  end_offset, text);
    return NULL;
}

/* Until parser.c defines py_parse, a weak stand-in: the driver's -s
 * mode (python3's trees) does not need it. */
__attribute__((weak)) py_mod *
py_parse(py_arena *arena, const char *src, size_t len, oh_object *filename,
         py_parse_mode mode, int *incomplete)
{
    (void)arena, (void)src, (void)len, (void)filename, (void)mode;
    (void)incomplete;
    py_err_set_string(PY_EXC(SystemError), "the parser is not built yet");
    return NULL;
}
