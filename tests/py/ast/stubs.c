/*
 * stubs.c -- the few interpreter functions the parser calls, for
 * parse_main (the parser's test driver) only.
 *
 * The parser (src/py/lexer.c, parser.c, ast.c) raises its errors through
 * py_err_syntax and friends, uses the Ellipsis singleton, the character
 * database's predicates (t_str.c) and complex constants (t_complex.c),
 * which the interpreter core defines.  Until that core links with the
 * driver, this file stands in: it records the last error in a plain
 * struct the driver prints, defines the exception type objects as empty
 * descriptors whose only use is their address (PY_EXC(...)), answers the
 * predicates from the same generated tables t_str.c uses, and makes
 * complex constants of a minimal type whose repr is Python's.
 * This file disappears when the interpreter core links with the driver;
 * nothing here is part of the library.
 *
 * Invariant (SB1): stub_err.type != NULL iff a stub error is set; a
 * library error (oh_err_*) counts as set too.
 */
#include "py/py.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "py/t_str_db.h"
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

/* The character database's predicates (t_str.c's), over its tables. */
static uint32_t
stub_flags(uint32_t c)
{
    if (c >= 0x110000)
        return 0;
    unsigned b2 = stdb_index1[c >> STDB_SHIFT1];
    unsigned b3 = stdb_index2[(b2 << (STDB_SHIFT1 - STDB_SHIFT2))
                              + ((c >> STDB_SHIFT2)
                                 & ((1u << (STDB_SHIFT1 - STDB_SHIFT2)) - 1))];
    return stdb_records[stdb_index3[(b3 << STDB_SHIFT2)
                                    + (c & ((1u << STDB_SHIFT2) - 1))]]
        .flags;
}

bool
py_unicode_isprintable(uint32_t c)
{
    return (stub_flags(c) & STDB_PRINTABLE) != 0;
}

bool
py_unicode_isidentifier(uint32_t c, bool first)
{
    return (stub_flags(c) & (first ? STDB_XID_START : STDB_XID_CONTINUE))
           != 0;
}

/* Complex constants: two doubles, and complex's repr ("1j", "(1-2j)"):
 * each part as float's repr without a trailing ".0". */
static void
stub_part(double v, char *buf, size_t size, bool sign)
{
    oh_object *f = oh_float_from_double(v);
    oh_object *r = f ? oh_repr(f) : NULL;
    const char *s = r ? oh_str_utf8(r, NULL) : "?";
    size_t n = strlen(s);
    if (n > 2 && strcmp(s + n - 2, ".0") == 0)
        n -= 2;
    snprintf(buf, size, "%s%.*s", sign && s[0] != '-' ? "+" : "", (int)n, s);
    if (r)
        oh_decref(r);
    if (f)
        oh_decref(f);
}

static oh_object *
stub_complex_repr(oh_object *o)
{
    py_complex *c = PY_COMPLEX(o);
    char re[64], im[64];
    stub_part(c->imag, im, sizeof im, c->real != 0.0 || signbit(c->real));
    if (c->real == 0.0 && !signbit(c->real))
        return oh_str_from_format("%sj", im);
    stub_part(c->real, re, sizeof re, false);
    return oh_str_from_format("(%s%sj)", re, im);
}

static const oh_type stub_complex_type = {
    .name = "complex",
    .basicsize = sizeof(py_complex),
    .flags = OH_TYPE_IMMUTABLE,
    .repr = stub_complex_repr,
};

oh_object *
py_complex_from_doubles(double real, double imag)
{
    oh_object *o = oh_object_new(&stub_complex_type);
    if (o == NULL)
        return NULL;
    PY_COMPLEX(o)->real = real;
    PY_COMPLEX(o)->imag = imag;
    return o;
}
