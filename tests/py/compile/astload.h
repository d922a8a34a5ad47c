/*
 * astload.h -- python3's AST, written by ast2sexp.py, as ast.h nodes
 * (astload.c).  For the compiler's tests only.
 */
#ifndef OBJHEAP_TESTS_PY_COMPILE_ASTLOAD_H
#define OBJHEAP_TESTS_PY_COMPILE_ASTLOAD_H

#include "py/py.h"

/* The tree in `a`, or NULL with an error set. */
py_mod *astload(py_arena *a, const char *text, size_t len);

#endif
