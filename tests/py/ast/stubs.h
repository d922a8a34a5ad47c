/*
 * stubs.h -- what stubs.c records of the last error, for parse_main.
 * (Goes with stubs.c when the interpreter core links.)
 */
#ifndef OBJHEAP_TESTS_PY_AST_STUBS_H
#define OBJHEAP_TESTS_PY_AST_STUBS_H

#include "py/py.h"

typedef struct stub_error {
    py_type *type;                  /* NULL: none (SB1) */
    char msg[512];
    int has_location;               /* set by py_err_syntax */
    int lineno, offset, end_lineno, end_offset;
    char text[512];                 /* the error's source line */
} stub_error;

extern stub_error stub_err;

#endif
