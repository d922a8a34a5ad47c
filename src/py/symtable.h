/*
 * symtable.h -- scopes of a module: what symtable.c computes from the
 * AST and compile.c reads to choose each name's instruction.
 *
 * One entry (py_ste) per block that has its own namespace: the module,
 * each class body, each def and lambda, each comprehension and generator
 * expression (compiled as a nested function, as CPython 3.11 does).  Each
 * entry maps the names it mentions (mangled: __x in a class becomes _C__x)
 * to flags: how the block uses the name (PY_DEF_*) and, once the whole
 * tree is analysed, its scope (PY_SCOPE_*) in bits PY_SCOPE_SHIFT..:
 *
 *   def f(a):                 f:  a  PARAM | USE       scope CELL
 *       def g():              g:  a  USE               scope FREE
 *           return a + b          b  USE               scope GLOBAL_IMPLICIT
 *       return g
 *
 * Entries are oh_malloc'd and owned by their py_symtable; the compiler
 * finds the entry of a def, class, lambda or comprehension node with
 * py_symtable_lookup(st, node).
 */
#ifndef OBJHEAP_PY_SYMTABLE_H
#define OBJHEAP_PY_SYMTABLE_H

#include "py/py.h"

/* ==========================================================================
 * Errors with source positions (shared by symtable.c and compile.c)
 * ========================================================================== */

/* Where the tree came from, for SyntaxError's filename and text.  src may
 * be NULL (a tree built without source). */
typedef struct py_srcinfo {
    oh_object *filename;                /* str */
    const char *src;                    /* UTF-8 source, or NULL */
    size_t len;
} py_srcinfo;

/* Raise SyntaxError with the message fmt % (name,) (fmt has at most one
 * %s; name may be NULL) at pos, as CPython's compiler reports it: offset
 * and end offset are the byte columns + 1, the text is the source line
 * when the source came from a file (a filename not starting with '<').
 * Returns NULL. */
OHI_FUNC void *py_syntax_error(const py_srcinfo *si, const py_pos *pos,
                               const char *fmt, oh_object *name);

/* _Py_Mangle: "__x" inside class C (privateobj "C") is "_C__x"; names
 * that end in "__", contain a dot, or are outside a class (privateobj
 * NULL) are unchanged.  New reference to an interned str; NULL with
 * MemoryError. */
OHI_FUNC oh_object *py_mangle(oh_object *privateobj, oh_object *name);

/* ==========================================================================
 * Symbol tables
 * ========================================================================== */

typedef enum py_block_type {
    PY_BLOCK_FUNCTION = 1,              /* def, lambda, comprehension */
    PY_BLOCK_CLASS,
    PY_BLOCK_MODULE
} py_block_type;

typedef enum py_comp_type {
    PY_COMP_NONE = 0,
    PY_COMP_LIST,
    PY_COMP_SET,
    PY_COMP_DICT,
    PY_COMP_GEN
} py_comp_type;

/* How a block uses a name (CPython's DEF_* values). */
#define PY_DEF_GLOBAL     0x001     /* global statement */
#define PY_DEF_LOCAL      0x002     /* bound here */
#define PY_DEF_PARAM      0x004     /* a parameter */
#define PY_DEF_NONLOCAL   0x008     /* nonlocal statement */
#define PY_DEF_USE        0x010     /* read here */
#define PY_DEF_FREE_CLASS 0x040     /* a class's own name that one of its
                                       methods also uses as a free
                                       variable */
#define PY_DEF_IMPORT     0x080     /* bound by an import */
#define PY_DEF_ANNOT      0x100     /* annotated (x: int) */
#define PY_DEF_COMP_ITER  0x200     /* a comprehension's loop variable */
#define PY_DEF_BOUND (PY_DEF_LOCAL | PY_DEF_PARAM | PY_DEF_IMPORT)

/* Scopes, after analysis: (flags >> PY_SCOPE_SHIFT) & PY_SCOPE_MASK. */
#define PY_SCOPE_SHIFT 11
#define PY_SCOPE_MASK 7
enum {
    PY_SCOPE_LOCAL = 1,                 /* fast local (functions) or name
                                           in the namespace (others) */
    PY_SCOPE_GLOBAL_EXPLICIT,           /* declared global */
    PY_SCOPE_GLOBAL_IMPLICIT,           /* not bound anywhere around */
    PY_SCOPE_FREE,                      /* bound in an enclosing function */
    PY_SCOPE_CELL                       /* bound here, used by an inner
                                           function */
};

/* A global or nonlocal statement's name and position (for the errors
 * the analysis finds later). */
typedef struct py_directive {
    oh_object *name;                    /* mangled; borrowed from symbols */
    py_pos pos;
} py_directive;

/* One block's scope.
 *
 * SY1. Every key of `symbols` is an interned str, every value an int:
 *        PY_DEF_* flags, and after analysis the scope in the scope bits.
 * SY2. varnames lists the parameters in order: positional-only,
 *        positional, keyword-only, *args, **kwargs (".0" for a
 *        comprehension); each is in symbols with PY_DEF_PARAM. */
typedef struct py_ste {
    const void *key;                    /* the AST node (stmt, expr, mod) */
    oh_object *name;                    /* "top", "f", "lambda", "listcomp",
                                           ... (owned) */
    py_block_type type;
    py_comp_type comp;                  /* PY_COMP_NONE unless a
                                           comprehension */
    oh_object *symbols;                 /* dict (owned; SY1) */
    oh_object *varnames;                /* list (owned; SY2) */
    struct py_ste **children;           /* blocks nested directly inside,
                                           in source order (oh_malloc) */
    size_t nchildren, capchildren;
    py_directive *directives;           /* oh_malloc'd */
    size_t ndirectives, capdirectives;
    py_pos pos;                         /* of the node */
    bool nested;                        /* inside a function */
    bool generator;                     /* contains yield */
    bool varargs, varkeywords;
    bool free;                          /* has free variables */
    bool child_free;                    /* a nested block has some */
    bool needs_class_closure;           /* a class whose methods use
                                           __class__ or super() */
    bool comp_iter_target;              /* visiting a comprehension's
                                           loop target (build time) */
    int comp_iter_expr;                 /* inside a comprehension's
                                           iterable (build time) */
} py_ste;

typedef struct py_symtable py_symtable;

/* Flags of py_symtable_build. */
#define PY_ST_FUTURE_ANNOTATIONS 0x1    /* annotations are not evaluated:
                                           their names are not uses */

/* Build and analyse the scopes of a tree.  NULL with SyntaxError (the
 * scoping errors, with CPython's messages and positions) or MemoryError;
 * si must outlive the table. */
OHI_FUNC py_symtable *py_symtable_build(const py_mod *mod,
                                        const py_srcinfo *si,
                                        unsigned flags);
OHI_FUNC void py_symtable_free(py_symtable *st);
/* The entry of a def, class, lambda or comprehension node, or of the
 * module (key: the py_mod); NULL if there is none. */
OHI_FUNC py_ste *py_symtable_lookup(py_symtable *st, const void *key);
/* The flags of a (mangled) name in a block; 0 when it is not there. */
OHI_FUNC long py_ste_flags(const py_ste *ste, oh_object *name);
/* Its scope (PY_SCOPE_*), 0 when it is not there. */
OHI_INLINE int
py_ste_scope(const py_ste *ste, oh_object *name)
{
    return (int)((py_ste_flags(ste, name) >> PY_SCOPE_SHIFT)
                 & PY_SCOPE_MASK);
}

#endif /* OBJHEAP_PY_SYMTABLE_H */
