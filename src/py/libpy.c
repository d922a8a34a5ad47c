/*
 * libpy.c -- the modules written in Python, compiled into the library.
 *
 * What this file owns
 * -------------------
 * The source text of every src/py/lib/NAME.py, embedded at build time
 * (tools/embed_py.sh writes build/gen/py_lib.h, which this file includes)
 * so that `import functools` works in a program that has no Python
 * installation beside it.  import.c compiles a module from here only when
 * no NAME.py is found on sys.path, as a file there shadows a standard
 * module in CPython too.
 *
 * Invariants
 * ----------
 * LP1. py_lib_table ends with an entry whose name is NULL; every other
 *      entry's src is NUL-terminated and len bytes long.
 */
#include "py/py.h"

#include <string.h>

#include "py_lib.h"

const char *
py_frozen_source(const char *name, size_t *len)
{
    for (const struct py_lib_entry *e = py_lib_table; e->name; e++) {
        if (strcmp(e->name, name) == 0) {
            *len = e->len;
            return e->src;
        }
    }
    return NULL;
}
