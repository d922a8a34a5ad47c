/*
 * ast.h -- the abstract syntax tree: what the parser builds and the
 * compiler reads.
 *
 * The node kinds and their fields are those of CPython 3.11's `ast`
 * module (Parser/Python.asdl), minus what this interpreter does not
 * support (async, await, match, except*, type comments), so that
 * py_ast_dump() prints exactly what `ast.dump(ast.parse(src))` prints and
 * the parser can be tested differentially against python3.
 *
 * Memory
 * ------
 * Every node, sequence and identifier buffer lives in one py_arena:
 * bump-allocated chunks from oh_malloc, freed all at once with the arena
 * when compilation ends.  Objects in the tree (identifiers, constants) are
 * owned by the arena too: py_arena_own() records a new reference, and
 * freeing the arena drops them all.  So a node never frees anything, and
 * an error at any point of parsing leaks nothing: the caller frees the
 * arena.
 *
 *   py_arena --+-- chunk (oh_malloc, 8 KiB or the request) --> next chunk
 *              +-- owned objects (identifiers, constants), decref'd on free
 *
 * Invariants
 * ----------
 * AST1. Every identifier (a name, an attribute, an argument, an alias) is
 *       an interned str (oh_str_intern), owned by the arena.
 * AST2. Every Constant's value is an object owned by the arena: None,
 *       True, False, Ellipsis (py_ellipsis), an int, a float, a str or a
 *       bytes.
 * AST3. A sequence's items are never NULL, except Dict.keys (NULL for a
 *       `**mapping` entry) and arguments.kw_defaults (NULL for a
 *       keyword-only argument without a default), as in CPython.
 * AST4. Every stmt and expr has lineno >= 1 and col_offset >= 0 (UTF-8
 *       byte offsets, as CPython's), and end positions after their start.
 */
#ifndef OBJHEAP_PY_AST_H
#define OBJHEAP_PY_AST_H

#include "internal.h"

/* ==========================================================================
 * The arena
 * ========================================================================== */

typedef struct py_arena py_arena;

/* A new arena; NULL with MemoryError. */
OHI_FUNC py_arena *py_arena_new(void);
/* Free every chunk and drop every owned object. */
OHI_FUNC void py_arena_free(py_arena *a);
/* n bytes, 8-aligned, zeroed; NULL with MemoryError. */
OHI_FUNC void *py_arena_alloc(py_arena *a, size_t n);
/* The arena takes over the reference o (steals it) and drops it when it
 * is freed.  Returns o, or NULL (o dropped, MemoryError) when the arena
 * cannot record it; o == NULL passes NULL through. */
OHI_FUNC oh_object *py_arena_own(py_arena *a, oh_object *o);

/* A sequence of n pointers (nodes or objects), in the arena. */
typedef struct py_seq {
    size_t n;
    void *items[];
} py_seq;

/* A sequence with room for n items, n set; NULL with MemoryError. */
OHI_FUNC py_seq *py_seq_new(py_arena *a, size_t n);
#define PY_SEQ_LEN(s) ((s) == NULL ? (size_t)0 : (s)->n)
#define PY_SEQ_GET(s, i) ((s)->items[(i)])

/* ==========================================================================
 * Enumerations (values match nothing in particular; names match ast)
 * ========================================================================== */

typedef enum py_expr_context { PY_LOAD = 1, PY_STORE, PY_DEL } py_expr_context;

typedef enum py_boolop { PY_AND = 1, PY_OR } py_boolop;

/* Binary operators.  The order is the BINARY_OP oparg order too
 * (opcodes.h): PY_OP_ADD + n is the operator, PY_OP_INPLACE + that is the
 * augmented form. */
typedef enum py_operator {
    PY_OP_ADD = 0,
    PY_OP_SUB,
    PY_OP_MULT,
    PY_OP_MATMULT,
    PY_OP_DIV,
    PY_OP_MOD,
    PY_OP_POW,
    PY_OP_LSHIFT,
    PY_OP_RSHIFT,
    PY_OP_BITOR,
    PY_OP_BITXOR,
    PY_OP_BITAND,
    PY_OP_FLOORDIV,
    PY_OP_NBINARY               /* count; PY_OP_INPLACE == PY_OP_NBINARY */
} py_operator;
#define PY_OP_INPLACE PY_OP_NBINARY

typedef enum py_unaryop {
    PY_INVERT = 1, PY_NOT, PY_UADD, PY_USUB
} py_unaryop;

/* Comparison operators.  PY_CMP_LT..PY_CMP_GE are also the rich
 * comparison codes of the object protocol (py.h, py_compare) and the
 * COMPARE_OP oparg. */
typedef enum py_cmpop {
    PY_CMP_LT = 0,
    PY_CMP_LE,
    PY_CMP_EQ,
    PY_CMP_NE,
    PY_CMP_GT,
    PY_CMP_GE,
    PY_CMP_IS,
    PY_CMP_ISNOT,
    PY_CMP_IN,
    PY_CMP_NOTIN
} py_cmpop;

/* ==========================================================================
 * Positions
 * ========================================================================== */

typedef struct py_pos {
    int lineno, col_offset;         /* first line (1-based), byte column */
    int end_lineno, end_col_offset;
} py_pos;

/* ==========================================================================
 * Expressions
 * ========================================================================== */

typedef enum py_expr_kind {
    PY_E_BOOLOP = 1,
    PY_E_NAMEDEXPR,
    PY_E_BINOP,
    PY_E_UNARYOP,
    PY_E_LAMBDA,
    PY_E_IFEXP,
    PY_E_DICT,
    PY_E_SET,
    PY_E_LISTCOMP,
    PY_E_SETCOMP,
    PY_E_DICTCOMP,
    PY_E_GENERATOREXP,
    PY_E_YIELD,
    PY_E_YIELDFROM,
    PY_E_COMPARE,
    PY_E_CALL,
    PY_E_FORMATTEDVALUE,
    PY_E_JOINEDSTR,
    PY_E_CONSTANT,
    PY_E_ATTRIBUTE,
    PY_E_SUBSCRIPT,
    PY_E_STARRED,
    PY_E_NAME,
    PY_E_LIST,
    PY_E_TUPLE,
    PY_E_SLICE
} py_expr_kind;

typedef struct py_expr py_expr;
typedef struct py_stmt py_stmt;
typedef struct py_arguments py_arguments;

/* comprehension(target, iter, ifs) -- one `for ... in ... if ...` */
typedef struct py_comprehension {
    py_expr *target;
    py_expr *iter;
    py_seq *ifs;                    /* of py_expr */
} py_comprehension;

/* keyword(arg, value): arg NULL for `**value` */
typedef struct py_keyword {
    oh_object *arg;                 /* identifier or NULL */
    py_expr *value;
    py_pos pos;
} py_keyword;

struct py_expr {
    py_expr_kind kind;
    py_pos pos;
    union {
        struct { py_boolop op; py_seq *values; } boolop;
        struct { py_expr *target, *value; } namedexpr;
        struct { py_expr *left; py_operator op; py_expr *right; } binop;
        struct { py_unaryop op; py_expr *operand; } unaryop;
        struct { py_arguments *args; py_expr *body; } lambda;
        struct { py_expr *test, *body, *orelse; } ifexp;
        struct { py_seq *keys, *values; } dict;     /* keys[i] may be NULL */
        struct { py_seq *elts; } set;
        /* ListComp, SetComp, GeneratorExp: elt; DictComp: key, value */
        struct { py_expr *elt, *value; py_seq *generators; } comp;
        struct { py_expr *value; } yield;           /* value may be NULL */
        struct { py_expr *value; } yieldfrom;
        struct { py_expr *left; py_seq *ops; py_seq *comparators; } compare;
        /* ops: each item is (void *)(intptr_t)py_cmpop */
        struct { py_expr *func; py_seq *args, *keywords; } call;
        /* conversion: -1 none, 's', 'r', 'a'; format_spec NULL or a
         * JoinedStr */
        struct { py_expr *value; int conversion; py_expr *format_spec; }
            formattedvalue;
        struct { py_seq *values; } joinedstr;
        /* kind: NULL, or the str "u" for a u'' literal (ast.dump shows it) */
        struct { oh_object *value; oh_object *kind; } constant;
        struct { py_expr *value; oh_object *attr; py_expr_context ctx; }
            attribute;
        struct { py_expr *value, *slice; py_expr_context ctx; } subscript;
        struct { py_expr *value; py_expr_context ctx; } starred;
        struct { oh_object *id; py_expr_context ctx; } name;
        struct { py_seq *elts; py_expr_context ctx; } list;
        struct { py_seq *elts; py_expr_context ctx; } tuple;
        struct { py_expr *lower, *upper, *step; } slice;  /* each may be NULL */
    } v;
};

/* ==========================================================================
 * Statements
 * ========================================================================== */

typedef enum py_stmt_kind {
    PY_S_FUNCTIONDEF = 1,
    PY_S_CLASSDEF,
    PY_S_RETURN,
    PY_S_DELETE,
    PY_S_ASSIGN,
    PY_S_AUGASSIGN,
    PY_S_ANNASSIGN,
    PY_S_FOR,
    PY_S_WHILE,
    PY_S_IF,
    PY_S_WITH,
    PY_S_RAISE,
    PY_S_TRY,
    PY_S_ASSERT,
    PY_S_IMPORT,
    PY_S_IMPORTFROM,
    PY_S_GLOBAL,
    PY_S_NONLOCAL,
    PY_S_EXPR,
    PY_S_PASS,
    PY_S_BREAK,
    PY_S_CONTINUE
} py_stmt_kind;

/* arg(arg, annotation) */
typedef struct py_arg {
    oh_object *arg;                 /* identifier */
    py_expr *annotation;            /* or NULL */
    py_pos pos;
} py_arg;

/* arguments(posonlyargs, args, vararg, kwonlyargs, kw_defaults, kwarg,
 * defaults): defaults belong to the last len(defaults) of
 * posonlyargs + args. */
struct py_arguments {
    py_seq *posonlyargs;            /* of py_arg */
    py_seq *args;                   /* of py_arg */
    py_arg *vararg;                 /* or NULL */
    py_seq *kwonlyargs;             /* of py_arg */
    py_seq *kw_defaults;            /* of py_expr, NULL where none */
    py_arg *kwarg;                  /* or NULL */
    py_seq *defaults;               /* of py_expr */
};

/* ExceptHandler(type, name, body) */
typedef struct py_excepthandler {
    py_expr *type;                  /* or NULL for a bare except */
    oh_object *name;                /* identifier or NULL */
    py_seq *body;
    py_pos pos;
} py_excepthandler;

/* alias(name, asname) */
typedef struct py_alias {
    oh_object *name;                /* dotted name as one str ("os.path") */
    oh_object *asname;              /* or NULL */
    py_pos pos;
} py_alias;

/* withitem(context_expr, optional_vars) */
typedef struct py_withitem {
    py_expr *context_expr;
    py_expr *optional_vars;         /* or NULL */
} py_withitem;

struct py_stmt {
    py_stmt_kind kind;
    py_pos pos;
    union {
        struct {
            oh_object *name;
            py_arguments *args;
            py_seq *body;           /* of py_stmt */
            py_seq *decorator_list; /* of py_expr */
            py_expr *returns;       /* or NULL */
        } functiondef;
        struct {
            oh_object *name;
            py_seq *bases;          /* of py_expr */
            py_seq *keywords;       /* of py_keyword */
            py_seq *body;
            py_seq *decorator_list;
        } classdef;
        struct { py_expr *value; } return_;     /* value may be NULL */
        struct { py_seq *targets; } delete_;
        struct { py_seq *targets; py_expr *value; } assign;
        struct { py_expr *target; py_operator op; py_expr *value; } augassign;
        struct {
            py_expr *target, *annotation, *value;   /* value may be NULL */
            int simple;
        } annassign;
        struct { py_expr *target, *iter; py_seq *body, *orelse; } for_;
        struct { py_expr *test; py_seq *body, *orelse; } while_;
        struct { py_expr *test; py_seq *body, *orelse; } if_;
        struct { py_seq *items; py_seq *body; } with;   /* py_withitem */
        struct { py_expr *exc, *cause; } raise;         /* each may be NULL */
        struct {
            py_seq *body;
            py_seq *handlers;       /* of py_excepthandler */
            py_seq *orelse, *finalbody;
        } try_;
        struct { py_expr *test, *msg; } assert_;         /* msg may be NULL */
        struct { py_seq *names; } import;               /* of py_alias */
        struct {
            oh_object *module;      /* or NULL for `from . import x` */
            py_seq *names;          /* of py_alias; "*" for import-star */
            int level;
        } importfrom;
        struct { py_seq *names; } global;               /* identifiers */
        struct { py_seq *names; } nonlocal;
        struct { py_expr *value; } expr;
    } v;
};

/* ==========================================================================
 * Modules and the parser's entry points (parser.c)
 * ========================================================================== */

/* What to parse, as compile()'s mode argument. */
typedef enum py_parse_mode {
    PY_MODE_EXEC = 0,               /* a module: Module(body) */
    PY_MODE_EVAL,                   /* one expression: Expression(body) */
    PY_MODE_SINGLE                  /* one interactive statement:
                                       Interactive(body) */
} py_parse_mode;

typedef struct py_mod {
    py_parse_mode mode;
    py_seq *body;                   /* of py_stmt (EXEC, SINGLE) */
    py_expr *expr;                  /* EVAL */
} py_mod;

/* Parse `len` bytes of UTF-8 source.  `filename` is used in SyntaxError
 * reports.  Returns the tree in `arena`, or NULL with SyntaxError (or
 * IndentationError, TabError, MemoryError) raised as a Python exception
 * (py_err_syntax in py.h) whose filename, lineno, offset and text are
 * those CPython 3.11 gives for the same input.
 *
 * In PY_MODE_SINGLE, *incomplete (when not NULL) is set to 1 when the
 * input ended inside a statement that more lines could complete (an open
 * bracket, a block header without its body, a triple-quoted string): the
 * interactive prompt then reads another line with "... ". */
OHI_FUNC py_mod *py_parse(py_arena *arena, const char *src, size_t len,
                          oh_object *filename, py_parse_mode mode,
                          int *incomplete);

/* ast.dump(tree) of CPython 3.11, as a new str (tests/py/ast compares it
 * with python3's); NULL with an error. */
OHI_FUNC oh_object *py_ast_dump(const py_mod *mod);
/* ast.dump(tree, include_attributes=True) when include_attributes: every
 * stmt, expr, arg, keyword, alias and excepthandler also shows lineno,
 * col_offset, end_lineno and end_col_offset (the parser's tests compare
 * positions with python3's this way). */
OHI_FUNC oh_object *py_ast_dump_attrs(const py_mod *mod,
                                      int include_attributes);

#endif /* OBJHEAP_PY_AST_H */
