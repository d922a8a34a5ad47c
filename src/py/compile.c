/*
 * compile.c -- the compiler: AST to bytecode to code objects.
 *
 * What this file owns
 * -------------------
 * py_compile_ast and py_compile_source (py.h): one pass over the tree,
 * after symtable.c has decided every name's scope, that emits the
 * instructions of opcodes.h for each block (module, class body, def,
 * lambda, comprehension), then an assembler per block that turns them
 * into a code object (code.c): stack depth, exception table, positions,
 * cells and free variables.  The shapes of the code are CPython 3.11's
 * (Python/compile.c), adapted to opcodes.h's calling convention
 * (callable first, then NULL or self), without RESUME, PRECALL, KW_NAMES,
 * EXTENDED_ARG or relative jumps; `python3 -m dis` shows the model of
 * every construct, and tests/py/compile/ holds programs to compare.
 *
 * Data structures
 * ---------------
 * A unit is the block being compiled; nested blocks push a unit and pop
 * it when their code object is made:
 *
 *   compiler --u--> unit "g" --parent--> unit "f" --parent--> unit <module>
 *                    | ste (symtable.h)
 *                    | consts, names, varnames, cellvars, freevars: omaps
 *                    | instrs: [op arg pos] [op arg pos] ...  (growing)
 *                    | labels: [instr index, handler depth, lasti] ...
 *                    | fblocks: the loops, trys and withs around here
 *
 * An instruction's argument is final when emitted, except three kinds:
 *   - jumps (PY_IS_JUMP) and the SETUP_* pseudo-instructions hold a
 *     label, resolved to a code unit by the assembler;
 *   - *_DEREF, LOAD_CLOSURE and LOAD_CLASSDEREF hold a cell number
 *     (cellvars' index, or ncells + freevars' index), turned into a
 *     localsplus slot by the assembler once every local is known.
 * An omap is an insertion-ordered map object -> index; its index is the
 * argument (consts by type and value, so 1, 1.0 and True differ; names
 * by identity of interned strs).
 *
 * Exceptions: pseudo-instructions
 * -------------------------------
 * Code says where handlers begin and end as CPython's compiler does:
 * SETUP_FINALLY L, SETUP_CLEANUP L and SETUP_WITH L push handler L,
 * POP_BLOCK pops the innermost one.  They emit no code.  The assembler
 * walks the control flow with a stack of handlers and gives each real
 * instruction the handler on top at that point (a flow walk, not the
 * order of emission: a handler's own code runs under the handler that was
 * current at its SETUP).  The stack depth at the SETUP gives the handler's
 * table entry its depth:
 *
 *   SETUP_FINALLY L   depth d  ->  entry depth d,     lasti 0
 *   SETUP_CLEANUP L   depth d  ->  entry depth d,     lasti 1
 *   SETUP_WITH L      depth d  ->  entry depth d - 1, lasti 1
 *                                  (the __enter__ result is not kept)
 *
 * The assembler
 * -------------
 * 1. flow: from instruction 0 and every label reached, follow jumps and
 *    fall-through; record each instruction's stack depth (the same on
 *    every path, CO4) and handler; the largest depth is stacksize.
 * 2. drop what never runs, the pseudo-instructions, NOPs and jumps to
 *    the next instruction; give each kept instruction its code unit.
 * 3. prefix MAKE_CELL for each cell, COPY_FREE_VARS for the free
 *    variables (CPython's order); fix cell numbers to slots.
 * 4. resolve labels; coalesce runs of one handler into exception table
 *    entries; build the tuples and py_code_spec; py_code_new.
 *
 * Positions
 * ---------
 * Each instruction carries the position of the node being compiled
 * (u->loc), set for each statement and saved/restored around each
 * expression as CPython does; an attribute load, store or method call
 * whose attribute name is on a later line than the expression starts
 * takes the attribute's line (CPython's
 * update_start_location_to_match_attr).
 *
 * Optimisations (CPython's, where they change nothing observable)
 * --------------------------------------------------------------
 * CPython 3.11 folds constants in an AST pass (Python/ast_opt.c); here
 * the same happens as peepholes on the instructions just emitted:
 *   - an operator whose operands are the constants just loaded becomes
 *     one constant (-1, 2 ** 10, 'ab' * 3, not 0), computed by the types'
 *     own functions within CPython's limits (128-bit ints, 4096-item strs,
 *     256-item tuples); an error (1 / 0) leaves the operation to run time;
 *   - BUILD_TUPLE of constants is a constant tuple; a display of more
 *     than two constants is built from one (LIST_EXTEND of a tuple);
 *   - a conditional jump on a constant is a JUMP or nothing; `x is None`
 *     followed by a conditional jump is POP_JUMP_IF_(NOT_)NONE;
 *   - a list display iterated (for, comprehensions) or tested with `in`
 *     is built as a tuple, a set display of constants is a frozenset
 *     constant (and {1, 2, 3} updates an empty set from one);
 *   - m.f() for a module m imported at the top level uses LOAD_ATTR, not
 *     LOAD_METHOD (CPython's is_import_originated).
 * Under `from __future__ import annotations` an annotation is the string
 * CPython's unparser (Python/ast_unparse.c) makes of it.
 *
 * Known differences from CPython 3.11's code, none observable but in
 * dis: `while` tests once at the top and jumps back (a backward JUMP is
 * where signals are polled; CPython also tests at the bottom); the NULL
 * of a call goes after the callable and CALL_KW's names are on the stack,
 * so stack sizes differ by one now and then; a function's annotations are
 * a dict (BUILD_MAP), not a tuple; '%s' % (x,) is not rewritten as an
 * f-string.
 *
 * Invariants
 * ----------
 * CO1. Every unit on the chain from c->u is fully initialised; a failure
 *      anywhere unwinds through compiler_free, which frees them all, so
 *      an error leaks nothing (MemoryError included).
 * CO2. u->nfblocks <= CO_MAXBLOCKS; fblocks[i] encloses fblocks[i + 1].
 * CO3. consts.items[0] of a def or lambda is its docstring or None (the
 *      function object reads __doc__ there, as CPython 3.11 does).
 * CO4. On every path to an instruction the stack has the same depth and
 *      the same handlers (the code is structured); flow() checks the
 *      depth and raises SystemError if the compiler broke it.
 * CO5. Every label used by a reachable jump or SETUP is placed.
 * CO6. A peephole rewrites only the last instructions of the unit, and
 *      only when no label points at them or after them (tail_is_free):
 *      no jump can land inside what it replaces.
 */
#include "py/symtable.h"

#include <stdlib.h>
#include <string.h>

/* Nested loops, trys and withs one block may have (CPython's
 * CO_MAXBLOCKS: "too many statically nested blocks"). */
#define CO_MAXBLOCKS 20
/* Displays, calls and dicts with more items than this are built
 * incrementally (CPython's STACK_USE_GUIDELINE), so that a literal with
 * thousands of items does not make a frame thousands of slots deep. */
#define CO_STACK_USE_GUIDELINE 30
/* Recursion depth of the compiler's walk (CO_MAX_DEPTH nested
 * expressions: "maximum recursion depth exceeded during compilation"). */
#define CO_MAX_DEPTH 3000

/* Pseudo-instructions: after the real opcodes, never in a code object. */
enum {
    CO_SETUP_FINALLY = PY_NOPCODES,
    CO_SETUP_CLEANUP,
    CO_SETUP_WITH,
    CO_POP_BLOCK
};
#define IS_SETUP(op) ((op) >= CO_SETUP_FINALLY && (op) <= CO_SETUP_WITH)
#define IS_PSEUDO(op) ((op) >= PY_NOPCODES)
/* Instructions whose argument is a cell number until assembly. */
#define IS_DEREF(op)                                                        \
    ((op) == PY_LOAD_DEREF || (op) == PY_STORE_DEREF                        \
     || (op) == PY_DELETE_DEREF || (op) == PY_LOAD_CLOSURE                  \
     || (op) == PY_LOAD_CLASSDEREF)
/* Instructions after which control never falls through. */
#define IS_TERMINATOR(op)                                                   \
    ((op) == PY_JUMP || (op) == PY_RETURN_VALUE || (op) == PY_RERAISE       \
     || (op) == PY_RAISE_VARARGS)

#define CHECK(x)                                                            \
    do {                                                                    \
        if ((x) < 0)                                                        \
            return -1;                                                      \
    } while (0)

/* ==========================================================================
 * Data structures
 * ========================================================================== */

/* An insertion-ordered map from objects to their index. */
typedef struct omap {
    oh_object **items;                  /* by index, owned */
    size_t n, cap;
    uint32_t *slots;                    /* index + 1; 0 empty */
    size_t nslots;                      /* power of two, or 0 */
} omap;

typedef struct instr {
    int op;                             /* py_opcode or CO_* pseudo */
    uint32_t arg;                       /* see "Data structures" */
    py_pos pos;
} instr;

typedef struct label {
    int pos;                            /* instruction index; -1 unplaced */
    int depth;                          /* flow: stack depth on entry, -1
                                           until reached */
    int hdepth;                         /* handler: depth kept */
    uint8_t lasti;                      /* handler: push lasti */
    uint32_t snap, nsnap;               /* flow: handler stack on entry
                                           (a slice of snapshots) */
} label;

/* What encloses the code being compiled, for break, continue and return
 * (CPython's fblockinfo). */
typedef enum fb_type {
    FB_WHILE_LOOP,
    FB_FOR_LOOP,
    FB_TRY_EXCEPT,
    FB_FINALLY_TRY,
    FB_FINALLY_END,
    FB_WITH,
    FB_HANDLER_CLEANUP,
    FB_POP_VALUE,
    FB_EXCEPTION_HANDLER
} fb_type;

typedef struct fblock {
    fb_type type;
    int block;                          /* label: loop start (continue) */
    int exit;                           /* label: loop end (break) */
    const void *datum;                  /* FINALLY_TRY: the finally body
                                           (py_seq); WITH: the statement;
                                           HANDLER_CLEANUP: the name */
} fblock;

typedef enum scope_type {
    SCOPE_MODULE,
    SCOPE_CLASS,
    SCOPE_FUNCTION,
    SCOPE_LAMBDA,
    SCOPE_COMPREHENSION
} scope_type;

typedef struct unit {
    struct unit *parent;
    py_ste *ste;
    scope_type scope;
    oh_object *name;                    /* owned */
    oh_object *qualname;                /* owned */
    oh_object *private_;                /* class name for mangling
                                           (borrowed from the tree) */
    omap consts, names, varnames, cellvars, freevars;
    instr *instrs;
    size_t ninstrs, capinstrs;
    label *labels;
    size_t nlabels, caplabels;
    int last_label_pos;                 /* highest placed label position:
                                           no peephole across it */
    fblock fblocks[CO_MAXBLOCKS];       /* CO2 */
    int nfblocks;
    py_pos loc;                         /* position of new instructions */
    int argcount, posonlyargcount, kwonlyargcount;
    int firstlineno;
} unit;

/* Interned names the compiler emits itself. */
#define CO_NAMES(X)                                                         \
    X(__name__, "__name__") X(__module__, "__module__")                     \
    X(__qualname__, "__qualname__") X(__doc__, "__doc__")                   \
    X(__classcell__, "__classcell__") X(__class__, "__class__")             \
    X(__annotations__, "__annotations__") X(return_, "return")              \
    X(empty, "") X(module, "<module>") X(lambda, "<lambda>")                \
    X(listcomp, "<listcomp>") X(setcomp, "<setcomp>")                       \
    X(dictcomp, "<dictcomp>") X(genexpr, "<genexpr>")                       \
    X(__debug__, "__debug__") X(__future__, "__future__")

typedef struct compiler {
    py_srcinfo si;
    py_symtable *st;
    py_ste *top;                        /* the module's scope */
    unit *u;                            /* CO1 */
    int nestlevel;                      /* units on the chain */
    bool interactive;
    int future_lineno;                  /* line of the last __future__
                                           import at the top, or 0 */
    bool future_annotations;            /* from __future__ import
                                           annotations */
    int depth;                          /* recursion of the walk */
#define CO_NAME_FIELD(id, text) oh_object *s_##id;
    CO_NAMES(CO_NAME_FIELD)
#undef CO_NAME_FIELD
} compiler;

/* ==========================================================================
 * Errors
 * ========================================================================== */

/* SyntaxError at the current position (CPython's compiler_error). */
static int
compiler_error(compiler *c, const char *fmt, oh_object *name)
{
    py_syntax_error(&c->si, &c->u->loc, fmt, name);
    return -1;
}

static int
system_error(const char *what)
{
    py_err_format(PY_EXC(SystemError), "compiler: %s", what);
    return -1;
}

static int
no_memory(void)
{
    oh_err_no_memory();
    return -1;
}

/* Grow an oh_malloc'd array to hold at least one more item. */
static int
grow(void **items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 16;
    void *p = oh_realloc(*items, ncap * size);
    if (p == NULL)
        return no_memory();
    *items = p;
    *cap = ncap;
    return 0;
}

/* ==========================================================================
 * Constants and the ordered maps
 * ========================================================================== */

static bool
is_str(const oh_object *o)
{
    return o->type == &oh_str_type;
}

/* A hash that agrees with const_same: equal constants of different types
 * may collide, which const_same sorts out. */
static uint64_t
const_hash(oh_object *o)
{
    const oh_type *t = o->type;
    if (t == &oh_str_type)
        return (uint64_t)ohi_str_hash(o);
    if (t == &oh_int_type)
        return (uint64_t)OHI_INT_VALUE(o) * 0x9e3779b97f4a7c15u;
    if (t == &oh_float_type) {
        double d = 0;
        uint64_t bits;
        oh_float_as_double(o, &d);
        memcpy(&bits, &d, sizeof bits);
        return bits * 0xc2b2ae3d27d4eb4fu;
    }
    if (t == &oh_bytes_type)
        return (uint64_t)ohi_hash_bytes(oh_bytes_data(o),
                                        (size_t)oh_bytes_size(o));
    if (t == &PY_T(complex)->ot) {
        uint64_t re, im;
        memcpy(&re, &PY_COMPLEX(o)->real, sizeof re);
        memcpy(&im, &PY_COMPLEX(o)->imag, sizeof im);
        return (re ^ im * 0x9e3779b97f4a7c15u) * 0xc2b2ae3d27d4eb4fu;
    }
    if (t == &oh_tuple_type) {
        uint64_t h = 0x27d4eb2f165667c5u;
        for (intptr_t i = 0; i < OHI_TUPLE_SIZE(o); i++)
            h = (h ^ const_hash(OHI_TUPLE(o)->items[i]))
                * 0x100000001b3u;
        return h;
    }
    return (uint64_t)ohi_hash_pointer(o);
}

/* Same constant: same type and same value (0.0 and -0.0 differ, as do
 * 1, 1.0 and True); code objects and singletons by identity. */
static bool
const_same(oh_object *a, oh_object *b)
{
    if (a == b)
        return true;
    const oh_type *t = a->type;
    if (t != b->type)
        return false;
    if (t == &oh_str_type)
        return ohi_str_eq(a, b) == 1;
    if (t == &oh_int_type)
        return OHI_INT_VALUE(a) == OHI_INT_VALUE(b);
    if (t == &oh_float_type) {
        double x = 0, y = 0;
        oh_float_as_double(a, &x);
        oh_float_as_double(b, &y);
        return memcmp(&x, &y, sizeof x) == 0;
    }
    if (t == &oh_bytes_type)
        return oh_bytes_size(a) == oh_bytes_size(b)
               && memcmp(oh_bytes_data(a), oh_bytes_data(b),
                         (size_t)oh_bytes_size(a)) == 0;
    if (t == &PY_T(complex)->ot)        /* 0j, -0j, (-0+0j) all differ */
        return memcmp(&PY_COMPLEX(a)->real, &PY_COMPLEX(b)->real,
                      2 * sizeof(double)) == 0;
    if (t == &oh_tuple_type) {
        if (OHI_TUPLE_SIZE(a) != OHI_TUPLE_SIZE(b))
            return false;
        for (intptr_t i = 0; i < OHI_TUPLE_SIZE(a); i++)
            if (!const_same(OHI_TUPLE(a)->items[i], OHI_TUPLE(b)->items[i]))
                return false;
        return true;
    }
    return false;
}

static void
omap_free(omap *m)
{
    for (size_t i = 0; i < m->n; i++)
        oh_decref(m->items[i]);
    oh_free(m->items);
    oh_free(m->slots);
    memset(m, 0, sizeof *m);
}

/* The index of o in m, or -1. */
static int
omap_find(const omap *m, oh_object *o)
{
    if (m->nslots == 0)
        return -1;
    size_t mask = m->nslots - 1;
    for (size_t j = const_hash(o) & mask; m->slots[j] != 0;
         j = (j + 1) & mask)
        if (const_same(m->items[m->slots[j] - 1], o))
            return (int)(m->slots[j] - 1);
    return -1;
}

static int
omap_rehash(omap *m, size_t nslots)
{
    uint32_t *slots = oh_calloc(nslots, sizeof *slots);
    if (slots == NULL)
        return no_memory();
    for (size_t i = 0; i < m->n; i++) {
        size_t j = const_hash(m->items[i]) & (nslots - 1);
        while (slots[j] != 0)
            j = (j + 1) & (nslots - 1);
        slots[j] = (uint32_t)i + 1;
    }
    oh_free(m->slots);
    m->slots = slots;
    m->nslots = nslots;
    return 0;
}

/* The index of o in m, adding it (a new reference) if missing; -1 on
 * error, SystemError past what an argument can hold. */
static int
omap_add(omap *m, oh_object *o)
{
    int i = omap_find(m, o);
    if (i >= 0)
        return i;
    if (m->n >= PY_ARG_MAX)
        return system_error("more than 2**24 constants, names or locals");
    if (2 * (m->n + 1) > m->nslots
        && omap_rehash(m, m->nslots ? m->nslots * 2 : 16) < 0)
        return -1;
    CHECK(grow((void **)&m->items, &m->cap, m->n, sizeof(oh_object *)));
    size_t mask = m->nslots - 1;
    size_t j = const_hash(o) & mask;
    while (m->slots[j] != 0)
        j = (j + 1) & mask;
    oh_incref(o);
    m->items[m->n] = o;
    m->slots[j] = (uint32_t)++m->n;
    return (int)(m->n - 1);
}

/* A tuple of the map's items, in index order.  New reference. */
static oh_object *
omap_tuple(const omap *m)
{
    return oh_tuple_from_array(m->items, m->n);
}

/* ==========================================================================
 * Units, labels and emission
 * ========================================================================== */

static void
unit_free(unit *u)
{
    oh_xdecref(u->name);
    oh_xdecref(u->qualname);
    omap_free(&u->consts);
    omap_free(&u->names);
    omap_free(&u->varnames);
    omap_free(&u->cellvars);
    omap_free(&u->freevars);
    oh_free(u->instrs);
    oh_free(u->labels);
    oh_free(u);
}

/* A new label, unplaced; its number, or -1. */
static int
new_label(compiler *c)
{
    unit *u = c->u;
    if (u->nlabels >= PY_ARG_MAX)
        return system_error("too many jump targets");
    CHECK(grow((void **)&u->labels, &u->caplabels, u->nlabels,
               sizeof(label)));
    label *l = &u->labels[u->nlabels];
    memset(l, 0, sizeof *l);
    l->pos = -1;
    l->depth = -1;
    return (int)u->nlabels++;
}

/* The next instruction emitted starts at label l. */
static void
use_label(compiler *c, int l)
{
    unit *u = c->u;
    OH_ASSERT(l >= 0 && (size_t)l < u->nlabels && u->labels[l].pos < 0);
    u->labels[l].pos = (int)u->ninstrs;
    if ((int)u->ninstrs > u->last_label_pos)
        u->last_label_pos = (int)u->ninstrs;
}

static int
emit_raw(compiler *c, int op, uint32_t arg)
{
    unit *u = c->u;
    if (arg > PY_ARG_MAX)
        return system_error("an instruction's argument exceeds 2**24 - 1");
    CHECK(grow((void **)&u->instrs, &u->capinstrs, u->ninstrs,
               sizeof(instr)));
    instr *i = &u->instrs[u->ninstrs++];
    i->op = op;
    i->arg = arg;
    i->pos = u->loc;
    return 0;
}

/* Can the last n instructions be rewritten?  Not if a label points among
 * them (or at the next one): some jump would land elsewhere. */
static bool
tail_is_free(const unit *u, size_t n)
{
    return u->ninstrs >= n && u->last_label_pos <= (int)(u->ninstrs - n);
}

static int emit_const(compiler *c, oh_object *o);
static int fold_operator(compiler *c, int op, uint32_t arg);

/* BUILD_TUPLE of n constants is one constant tuple (CPython's
 * fold_tuple_on_constants).  1 when folded, 0 when not, -1 on error. */
static int
fold_tuple(compiler *c, uint32_t n)
{
    unit *u = c->u;
    if (!tail_is_free(u, n))
        return 0;
    for (size_t k = u->ninstrs - n; k < u->ninstrs; k++)
        if (u->instrs[k].op != PY_LOAD_CONST)
            return 0;
    oh_object *t = ohi_tuple_alloc(n);
    if (t == NULL)
        return -1;
    for (uint32_t k = 0; k < n; k++) {
        oh_object *item = u->consts.items[u->instrs[u->ninstrs - n + k].arg];
        oh_incref(item);
        OHI_TUPLE(t)->items[k] = item;
    }
    py_pos loc = u->loc;
    if (n > 0)
        u->loc = u->instrs[u->ninstrs - n].pos;
    u->ninstrs -= n;
    int rc = emit_const(c, t);
    u->loc = loc;
    oh_decref(t);
    return rc < 0 ? -1 : 1;
}

/* A constant's truth, when the compiler can know it: 1, 0, or -1. */
static int
const_truth(oh_object *o)
{
    const oh_type *t = o->type;
    if (o == OH_NONE || t == &oh_bool_type || t == &oh_int_type
        || t == &oh_float_type || t == &oh_str_type || t == &oh_bytes_type
        || t == &oh_tuple_type)
        return oh_is_true(o);
    if (t == &PY_T(complex)->ot)
        return PY_COMPLEX(o)->real != 0.0 || PY_COMPLEX(o)->imag != 0.0;
    return -1;
}

/* Emit an instruction with a plain argument, after the two peepholes
 * CPython's optimiser would apply: constant tuples, and conditional jumps
 * on a constant. */
static int
emit(compiler *c, int op, uint32_t arg)
{
    unit *u = c->u;
    if (op == PY_BUILD_TUPLE) {
        int r = fold_tuple(c, arg);
        if (r != 0)
            return r < 0 ? -1 : 0;
    }
    if (op == PY_BINARY_OP || op == PY_UNARY_NEGATIVE
        || op == PY_UNARY_POSITIVE || op == PY_UNARY_INVERT
        || op == PY_UNARY_NOT) {
        int r = fold_operator(c, op, arg);
        if (r != 0)
            return r < 0 ? -1 : 0;
    }
    /* x is None; POP_JUMP_IF_FALSE -> POP_JUMP_IF_NOT_NONE. */
    if ((op == PY_POP_JUMP_IF_FALSE || op == PY_POP_JUMP_IF_TRUE)
        && tail_is_free(u, 2) && u->instrs[u->ninstrs - 1].op == PY_IS_OP
        && u->instrs[u->ninstrs - 2].op == PY_LOAD_CONST
        && u->consts.items[u->instrs[u->ninstrs - 2].arg] == OH_NONE) {
        bool is_not = u->instrs[u->ninstrs - 1].arg != 0;
        u->ninstrs -= 2;
        return emit_raw(c, (op == PY_POP_JUMP_IF_TRUE) != is_not
                               ? PY_POP_JUMP_IF_NONE
                               : PY_POP_JUMP_IF_NOT_NONE, arg);
    }
    if ((op == PY_POP_JUMP_IF_FALSE || op == PY_POP_JUMP_IF_TRUE)
        && tail_is_free(u, 1)
        && u->instrs[u->ninstrs - 1].op == PY_LOAD_CONST) {
        int truth = const_truth(u->consts.items[u->instrs[u->ninstrs - 1]
                                                .arg]);
        if (truth >= 0) {
            u->ninstrs--;
            if (truth == (op == PY_POP_JUMP_IF_TRUE))
                return emit_raw(c, PY_JUMP, arg);
            return emit_raw(c, PY_NOP, 0);
        }
    }
    return emit_raw(c, op, arg);
}

/* ---- Constant folding (CPython's ast_opt.c, as a peephole) ---- */

/* CPython's limits on what folding may build: ints of at most 128 bits,
 * strs and bytes of at most 4096 items, tuples of at most 256. */
#define CO_FOLD_INT_BITS 128
#define CO_FOLD_STR_SIZE 4096
#define CO_FOLD_TUPLE_SIZE 256

static bool
is_int(const oh_object *o)
{
    return oh_int_check(o) && o->type != &oh_bool_type;
}

static bool
is_number(const oh_object *o)
{
    return oh_int_check(o) || o->type == &oh_float_type;
}

/* s * n for a str, bytes or tuple s and an int n, within the limits;
 * NULL without an error when not folded. */
static oh_object *
fold_repeat(oh_object *s, oh_object *n)
{
    int64_t count, len;
    if (oh_int_as_i64(n, &count) < 0) {
        oh_err_clear();
        return NULL;
    }
    if (s->type == &oh_tuple_type)
        len = OHI_TUPLE_SIZE(s);
    else if (s->type == &oh_str_type)
        len = oh_str_length(s);
    else
        len = oh_bytes_size(s);
    int64_t limit = s->type == &oh_tuple_type ? CO_FOLD_TUPLE_SIZE
                                              : CO_FOLD_STR_SIZE;
    if (count < 0)
        count = 0;
    if (len != 0 && count > limit / len)
        return NULL;
    if (s->type == &oh_tuple_type) {
        oh_object *t = ohi_tuple_alloc((size_t)(len * count));
        for (int64_t i = 0; t != NULL && i < len * count; i++) {
            oh_object *item = OHI_TUPLE(s)->items[i % len];
            oh_incref(item);
            OHI_TUPLE(t)->items[i] = item;
        }
        return t;
    }
    size_t nbytes = (size_t)len;
    const char *data;
    if (s->type == &oh_str_type)
        data = oh_str_utf8(s, &nbytes);
    else
        data = (const char *)oh_bytes_data(s);
    char *buf = oh_malloc(nbytes * (size_t)count + 1);
    if (buf == NULL)
        return oh_err_no_memory();
    for (int64_t i = 0; i < count; i++)
        memcpy(buf + (size_t)i * nbytes, data, nbytes);
    oh_object *r = s->type == &oh_str_type
                       ? oh_str_from_utf8(buf, nbytes * (size_t)count)
                       : oh_bytes_from(buf, nbytes * (size_t)count);
    oh_free(buf);
    return r;
}

static oh_object *
fold_concat_tuples(oh_object *a, oh_object *b)
{
    int64_t na = OHI_TUPLE_SIZE(a), nb = OHI_TUPLE_SIZE(b);
    oh_object *r = ohi_tuple_alloc((size_t)(na + nb));
    for (int64_t i = 0; r != NULL && i < na + nb; i++) {
        oh_object *item = i < na ? OHI_TUPLE(a)->items[i]
                                 : OHI_TUPLE(b)->items[i - na];
        oh_incref(item);
        OHI_TUPLE(r)->items[i] = item;
    }
    return r;
}

/* a op b for constants, where folding is exact and small: the functions
 * the int, float, str, bytes and tuple types compute with, within
 * CPython's size limits.  New reference, or NULL: with MemoryError set,
 * an error; without, "not folded" (1 / 0 is left to run time). */
static oh_object *
fold_binop(oh_object *a, oh_object *b, int op)
{
    bool ints = oh_int_check(a) && oh_int_check(b);
    bool nums = is_number(a) && is_number(b);
    const oh_type *ta = a->type, *tb = b->type;
    bool seq_a = ta == &oh_str_type || ta == &oh_bytes_type
                 || ta == &oh_tuple_type;
    bool seq_b = tb == &oh_str_type || tb == &oh_bytes_type
                 || tb == &oh_tuple_type;
    oh_object *r = NULL;
    int64_t n = 0;
    int sign = 0;
    /* Arithmetic with a complex: complex's own slots, as CPython's
     * optimiser folds it (1 + 2j is one constant); what raises (1j // 1,
     * 1 / 0j) is left to run time. */
    bool complex_a = ta == &PY_T(complex)->ot;
    bool complex_b = tb == &PY_T(complex)->ot;
    if ((complex_a || complex_b) && (complex_a || is_number(a))
        && (complex_b || is_number(b))) {
        if (op == PY_OP_ADD || op == PY_OP_SUB || op == PY_OP_MULT
            || op == PY_OP_DIV || op == PY_OP_POW)
            r = py_binary_op(a, b, op);
        op = -1;                        /* nothing else applies */
    }
    switch (op) {
    case PY_OP_ADD:
        if (ints)
            r = oh_int_add(a, b);
        else if (nums)
            r = oh_float_add(a, b);
        else if (ta == &oh_str_type && tb == &oh_str_type)
            r = oh_str_concat(a, b);
        else if (ta == &oh_bytes_type && tb == &oh_bytes_type)
            r = oh_bytes_concat(a, b);
        else if (ta == &oh_tuple_type && tb == &oh_tuple_type)
            r = fold_concat_tuples(a, b);
        break;
    case PY_OP_SUB:
        if (ints)
            r = oh_int_sub(a, b);
        else if (nums)
            r = oh_float_sub(a, b);
        break;
    case PY_OP_MULT:
        if (ints && oh_int_bit_length(a) + oh_int_bit_length(b)
                        <= CO_FOLD_INT_BITS)
            r = oh_int_mul(a, b);
        else if (nums && !ints)
            r = oh_float_mul(a, b);
        else if (seq_a && is_int(b))
            r = fold_repeat(a, b);
        else if (seq_b && is_int(a))
            r = fold_repeat(b, a);
        break;
    case PY_OP_DIV:
        if (ints)
            r = oh_int_truediv(a, b);
        else if (nums)
            r = oh_float_div(a, b);
        break;
    case PY_OP_FLOORDIV:
        if (ints)
            r = oh_int_floordiv(a, b);
        else if (nums)
            r = py_binary_op(a, b, op);        /* float's own slot */
        break;
    case PY_OP_MOD:
        if (ints)
            r = oh_int_mod(a, b);
        else if (nums)
            r = py_binary_op(a, b, op);
        break;
    case PY_OP_POW:
        if (nums && !ints)
            r = py_binary_op(a, b, op);        /* (-1.0) ** 0.5 too */
        else if (ints && oh_int_sign(b, &sign) == 0
            && (sign <= 0
                || (oh_int_as_i64(b, &n) == 0
                    && n <= CO_FOLD_INT_BITS
                    && oh_int_bit_length(a) * n <= CO_FOLD_INT_BITS)))
            r = oh_int_pow(a, b);
        break;
    case PY_OP_LSHIFT:
        if (ints && oh_int_as_i64(b, &n) == 0 && n >= 0
            && n <= CO_FOLD_INT_BITS
            && oh_int_bit_length(a) <= CO_FOLD_INT_BITS - n)
            r = oh_int_lshift(a, b);
        break;
    case PY_OP_RSHIFT:
        if (ints)
            r = oh_int_rshift(a, b);
        break;
    case PY_OP_BITAND:
    case PY_OP_BITOR:
    case PY_OP_BITXOR:
        if (!ints)
            break;
        r = op == PY_OP_BITAND  ? oh_int_and(a, b)
            : op == PY_OP_BITOR ? oh_int_or(a, b)
                                : oh_int_xor(a, b);
        if (r != NULL && ta == &oh_bool_type && tb == &oh_bool_type) {
            /* bool & bool is a bool. */
            oh_object *t = oh_bool_from(oh_is_true(r));
            oh_decref(r);
            r = t;
        }
        break;
    default:
        break;
    }
    if (r == NULL && oh_err_occurred() != OH_ERR_MEMORY)
        oh_err_clear();
    return r;
}

static oh_object *
fold_unaryop(oh_object *v, int op)
{
    oh_object *r = NULL;
    double d = 0;
    switch (op) {
    case PY_UNARY_NOT: {
        int truth = const_truth(v);
        if (truth >= 0)
            r = oh_bool_from(!truth);
        break;
    }
    case PY_UNARY_NEGATIVE:
        if (oh_int_check(v))
            r = oh_int_neg(v);
        else if (v->type == &oh_float_type && oh_float_as_double(v, &d) == 0)
            r = oh_float_from_double(-d);
        else if (v->type == &PY_T(complex)->ot)
            r = py_negative(v);
        break;
    case PY_UNARY_POSITIVE:
        if (oh_int_check(v)) {
            /* +True is 1: an int, of the same value. */
            oh_object *zero = oh_int_from_i64(0);
            r = oh_int_add(v, zero);
            oh_decref(zero);
        }
        else if (v->type == &oh_float_type
                 || v->type == &PY_T(complex)->ot) {
            oh_incref(v);
            r = v;
        }
        break;
    case PY_UNARY_INVERT:
        if (oh_int_check(v))
            r = oh_int_invert(v);
        break;
    }
    if (r == NULL && oh_err_occurred() != OH_ERR_MEMORY)
        oh_err_clear();
    return r;
}

/* An operator whose operands are the constants just loaded is a
 * constant: -1, 2 ** 10, 'ab' * 3, not 0.  1 when folded, 0 when not,
 * -1 on error. */
static int
fold_operator(compiler *c, int op, uint32_t arg)
{
    unit *u = c->u;
    size_t n = op == PY_BINARY_OP ? 2 : 1;
    if ((op == PY_BINARY_OP && arg >= PY_OP_INPLACE) || !tail_is_free(u, n))
        return 0;
    for (size_t k = u->ninstrs - n; k < u->ninstrs; k++)
        if (u->instrs[k].op != PY_LOAD_CONST)
            return 0;
    oh_object *x = u->consts.items[u->instrs[u->ninstrs - n].arg];
    oh_object *r;
    if (n == 2) {
        oh_object *y = u->consts.items[u->instrs[u->ninstrs - 1].arg];
        r = fold_binop(x, y, (int)arg);
    }
    else {
        r = fold_unaryop(x, op);
    }
    if (r == NULL)
        return oh_err_occurred() != OH_ERR_NONE ? -1 : 0;
    u->ninstrs -= n;
    int rc = emit_const(c, r);
    oh_decref(r);
    return rc < 0 ? -1 : 1;
}

static int
emit_jump(compiler *c, int op, int l)
{
    return emit(c, op, (uint32_t)l);
}

/* LOAD_CONST o (borrowed). */
static int
emit_const(compiler *c, oh_object *o)
{
    int i = omap_add(&c->u->consts, o);
    CHECK(i);
    return emit_raw(c, PY_LOAD_CONST, (uint32_t)i);
}

/* LOAD_CONST o, stealing the reference (which may be NULL: an error). */
static int
emit_const_new(compiler *c, oh_object *o)
{
    if (o == NULL)
        return -1;
    int rc = emit_const(c, o);
    oh_decref(o);
    return rc;
}

/* An instruction naming `name` in co_names, mangled. */
static int
emit_name(compiler *c, int op, oh_object *name)
{
    oh_object *m = py_mangle(c->u->private_, name);
    if (m == NULL)
        return -1;
    int i = omap_add(&c->u->names, m);
    oh_decref(m);
    CHECK(i);
    return emit(c, op, (uint32_t)i);
}

/* An instruction naming `name` in co_names as given (not mangled). */
static int
emit_name_raw(compiler *c, int op, oh_object *name)
{
    int i = omap_add(&c->u->names, name);
    CHECK(i);
    return emit(c, op, (uint32_t)i);
}

/* ==========================================================================
 * Stack effects
 * ========================================================================== */

/* The change in stack depth of op with arg: when the jump is taken
 * (jump) or not.  CPython's stack_effect, for opcodes.h's instructions. */
static int
stack_effect(int op, uint32_t arg, bool jump)
{
    int n = (int)arg;
    switch (op) {
    case PY_NOP: case PY_SWAP: case PY_DELETE_FAST: case PY_MAKE_CELL:
    case PY_COPY_FREE_VARS: case PY_DELETE_DEREF: case PY_DELETE_NAME:
    case PY_DELETE_GLOBAL: case PY_LOAD_ATTR: case PY_UNARY_NEGATIVE:
    case PY_UNARY_POSITIVE: case PY_UNARY_INVERT: case PY_UNARY_NOT:
    case PY_LIST_TO_TUPLE: case PY_GET_ITER: case PY_YIELD_VALUE:
    case PY_GET_YIELD_FROM_ITER: case PY_CHECK_EXC_MATCH:
    case PY_SETUP_ANNOTATIONS: case PY_JUMP: case CO_POP_BLOCK:
        return 0;
    case PY_PUSH_NULL: case PY_COPY: case PY_LOAD_CONST: case PY_LOAD_FAST:
    case PY_LOAD_CLOSURE: case PY_LOAD_DEREF: case PY_LOAD_CLASSDEREF:
    case PY_LOAD_NAME: case PY_LOAD_GLOBAL: case PY_LOAD_METHOD:
    case PY_PUSH_EXC_INFO: case PY_LOAD_ASSERTION_ERROR:
    case PY_BEFORE_WITH: case PY_WITH_EXCEPT_START:
    case PY_LOAD_BUILD_CLASS: case PY_IMPORT_FROM:
        return 1;
    case PY_POP_TOP: case PY_STORE_FAST: case PY_STORE_DEREF:
    case PY_STORE_NAME: case PY_STORE_GLOBAL: case PY_DELETE_ATTR:
    case PY_BINARY_SUBSCR: case PY_BINARY_OP: case PY_COMPARE_OP:
    case PY_IS_OP: case PY_CONTAINS_OP: case PY_LIST_APPEND:
    case PY_SET_ADD: case PY_LIST_EXTEND: case PY_SET_UPDATE:
    case PY_DICT_UPDATE: case PY_DICT_MERGE: case PY_POP_JUMP_IF_FALSE:
    case PY_POP_JUMP_IF_TRUE: case PY_POP_JUMP_IF_NONE:
    case PY_POP_JUMP_IF_NOT_NONE: case PY_RETURN_VALUE:
    case PY_POP_EXCEPT: case PY_RERAISE: case PY_IMPORT_NAME:
    case PY_IMPORT_STAR: case PY_PRINT_EXPR:
        return -1;
    case PY_STORE_ATTR: case PY_DELETE_SUBSCR: case PY_MAP_ADD:
        return -2;
    case PY_STORE_SUBSCR:
        return -3;
    case PY_BUILD_SLICE: case PY_BUILD_TUPLE: case PY_BUILD_LIST:
    case PY_BUILD_SET: case PY_BUILD_STRING:
        return 1 - n;
    case PY_BUILD_MAP:
        return 1 - 2 * n;
    case PY_BUILD_CONST_KEY_MAP:
        return -n;
    case PY_FORMAT_VALUE:
        return (arg & PY_FVS_HAVE_SPEC) ? -1 : 0;
    case PY_UNPACK_SEQUENCE:
        return n - 1;
    case PY_UNPACK_EX:
        return (n & 0xff) + (n >> 8);
    case PY_JUMP_IF_FALSE_OR_POP: case PY_JUMP_IF_TRUE_OR_POP:
        return jump ? 0 : -1;
    case PY_FOR_ITER:
        return jump ? -1 : 1;
    case PY_SEND:
        return jump ? -1 : 0;
    case PY_MAKE_FUNCTION:
        return -(int)(((arg & PY_MF_DEFAULTS) != 0)
                      + ((arg & PY_MF_KWDEFAULTS) != 0)
                      + ((arg & PY_MF_ANNOTATIONS) != 0)
                      + ((arg & PY_MF_CLOSURE) != 0));
    case PY_RAISE_VARARGS:
        return -n;
    case PY_CALL:
        return -(n + 1);
    case PY_CALL_KW:
        return -(n + 2);
    case PY_CALL_FUNCTION_EX:
        return -2 - (int)(arg & 1);
    case CO_SETUP_FINALLY: case CO_SETUP_WITH:
        return jump ? 1 : 0;
    case CO_SETUP_CLEANUP:
        return jump ? 2 : 0;
    }
    return 0;
}

/* ==========================================================================
 * The assembler
 * ========================================================================== */

/* The flow walk's state (assembler steps 1-2). */
typedef struct flow {
    int *depth;                         /* per instruction, -1 unreached */
    int *handler;                       /* per instruction: label, or -1 */
    int *snaps;                         /* handler stack snapshots */
    size_t nsnaps, capsnaps;
    int *work;                          /* labels to visit */
    size_t nwork, capwork;
    int maxdepth;
} flow;

static int
flow_inconsistent(void)
{
    return system_error("inconsistent stack depth or handler");
}

/* Reach label l with depth and handler stack hs[0..hn) (CO4). */
static int
flow_queue(unit *u, flow *f, int l, int depth, const int *hs, size_t hn)
{
    label *lb = &u->labels[l];
    if (lb->pos < 0)
        return system_error("a jump to a label never placed");
    if (depth > f->maxdepth)
        f->maxdepth = depth;
    if (lb->depth >= 0)
        return lb->depth == depth ? 0 : flow_inconsistent();
    lb->depth = depth;
    while (f->nsnaps + hn > f->capsnaps)
        CHECK(grow((void **)&f->snaps, &f->capsnaps, f->capsnaps,
                   sizeof(int)));
    lb->snap = (uint32_t)f->nsnaps;
    lb->nsnap = (uint32_t)hn;
    if (hn)
        memcpy(f->snaps + f->nsnaps, hs, hn * sizeof(int));
    f->nsnaps += hn;
    CHECK(grow((void **)&f->work, &f->capwork, f->nwork, sizeof(int)));
    f->work[f->nwork++] = l;
    return 0;
}

/* Walk straight-line code from instruction i (assembler step 1). */
static int
flow_run(unit *u, flow *f, size_t i, int depth, int *hs, size_t hn)
{
    for (; i < u->ninstrs; i++) {
        if (f->depth[i] >= 0) {
            /* Reached before: by fall-through into a label. */
            return f->depth[i] == depth ? 0 : flow_inconsistent();
        }
        f->depth[i] = depth;
        f->handler[i] = hn ? hs[hn - 1] : -1;
        const instr *in = &u->instrs[i];
        int op = in->op;
        if (IS_SETUP(op)) {
            int target = depth + stack_effect(op, in->arg, true);
            label *lb = &u->labels[in->arg];
            lb->lasti = op != CO_SETUP_FINALLY;
            lb->hdepth = target - 1 - lb->lasti;
            CHECK(flow_queue(u, f, (int)in->arg, target, hs, hn));
            if (hn >= CO_MAXBLOCKS * 3)
                return system_error("handler stack overflow");
            hs[hn++] = (int)in->arg;
        }
        else if (op == CO_POP_BLOCK) {
            if (hn == 0)
                return system_error("POP_BLOCK without a handler");
            hn--;
        }
        else if (PY_IS_JUMP(op)) {
            CHECK(flow_queue(u, f, (int)in->arg,
                             depth + stack_effect(op, in->arg, true), hs,
                             hn));
        }
        depth += stack_effect(op, in->arg, false);
        if (depth < 0)
            return system_error("stack underflow");
        if (depth > f->maxdepth)
            f->maxdepth = depth;
        if (IS_TERMINATOR(op))
            return 0;
    }
    return system_error("control falls off the end of the code");
}

static int
flow_walk(unit *u, flow *f)
{
    int hs[CO_MAXBLOCKS * 3];
    f->depth = oh_malloc((u->ninstrs + 1) * sizeof(int));
    f->handler = oh_malloc((u->ninstrs + 1) * sizeof(int));
    if (f->depth == NULL || f->handler == NULL)
        return no_memory();
    for (size_t i = 0; i < u->ninstrs; i++)
        f->depth[i] = -1;
    CHECK(flow_run(u, f, 0, 0, hs, 0));
    while (f->nwork > 0) {
        label *lb = &u->labels[f->work[--f->nwork]];
        if (lb->nsnap)
            memcpy(hs, f->snaps + lb->snap, lb->nsnap * sizeof(int));
        CHECK(flow_run(u, f, (size_t)lb->pos, lb->depth, hs, lb->nsnap));
    }
    return 0;
}

/* Compare two strs by code point (their UTF-8 bytes). */
static int
str_order(const void *a, const void *b)
{
    oh_object *x = *(oh_object *const *)a, *y = *(oh_object *const *)b;
    size_t nx, ny;
    const char *sx = oh_str_utf8(x, &nx), *sy = oh_str_utf8(y, &ny);
    int r = memcmp(sx, sy, nx < ny ? nx : ny);
    return r != 0 ? r : (nx > ny) - (nx < ny);
}

/* The code flags of the unit (CPython's compute_code_flags). */
static uint32_t
code_flags(const unit *u)
{
    uint32_t flags = 0;
    const py_ste *ste = u->ste;
    if (ste->type == PY_BLOCK_FUNCTION) {
        flags |= PY_CO_NEWLOCALS | PY_CO_OPTIMIZED;
        if (ste->nested)
            flags |= PY_CO_NESTED;
        if (ste->generator)
            flags |= PY_CO_GENERATOR;
        if (ste->varargs)
            flags |= PY_CO_VARARGS;
        if (ste->varkeywords)
            flags |= PY_CO_VARKEYWORDS;
    }
    return flags;
}

/* Everything the assembler allocates, freed in one place. */
typedef struct asm_state {
    flow f;
    int *fixed;                         /* cell number -> slot */
    uint32_t *offset;                   /* instruction -> code unit */
    py_codeunit *code;
    py_pos *positions;
    py_exc_entry *exc;
    uint8_t *kinds;
    oh_object *consts, *names, *lpnames;
} asm_state;

static void
asm_free(asm_state *a)
{
    oh_free(a->f.depth);
    oh_free(a->f.handler);
    oh_free(a->f.snaps);
    oh_free(a->f.work);
    oh_free(a->fixed);
    oh_free(a->offset);
    oh_free(a->code);
    oh_free(a->positions);
    oh_free(a->exc);
    oh_free(a->kinds);
    oh_xdecref(a->consts);
    oh_xdecref(a->names);
    oh_xdecref(a->lpnames);
}

/* Does the instruction survive into the code object (step 2)? */
static bool
kept(const unit *u, const flow *f, size_t i)
{
    int op = u->instrs[i].op;
    return f->depth[i] >= 0 && !IS_PSEUDO(op) && op != PY_NOP;
}

/* Build the code object of unit u (assembler steps 1-4).  addNone: the
 * code may fall off its end, which returns None. */
static oh_object *
assemble(compiler *c, bool add_none)
{
    unit *u = c->u;
    /* Falling off the end returns None (eval mode returns its value). */
    if (u->ninstrs == 0 || u->instrs[u->ninstrs - 1].op != PY_RETURN_VALUE
        || u->last_label_pos >= (int)u->ninstrs) {
        if (add_none && emit_const(c, OH_NONE) < 0)
            return NULL;
        if (emit_raw(c, PY_RETURN_VALUE, 0) < 0)
            return NULL;
    }
    asm_state a;
    memset(&a, 0, sizeof a);
    oh_object *co = NULL;
    if (flow_walk(u, &a.f) < 0)
        goto done;

    /* Step 3: the localsplus layout.  Cells that are also arguments live
     * in the argument's slot; other cells follow the locals, then the
     * free variables.  fixed[] maps cell numbers to slots. */
    size_t nvars = u->varnames.n, ncellv = u->cellvars.n;
    size_t nfree = u->freevars.n, nderef = ncellv + nfree;
    a.fixed = oh_malloc((nderef + 1) * sizeof(int));
    size_t nlp = nvars, ncells_own = 0;
    if (a.fixed == NULL) {
        no_memory();
        goto done;
    }
    for (size_t k = 0; k < ncellv; k++) {
        int v = omap_find(&u->varnames, u->cellvars.items[k]);
        a.fixed[k] = v >= 0 ? v : (int)(nvars + ncells_own++);
    }
    for (size_t k = 0; k < nfree; k++)
        a.fixed[ncellv + k] = (int)(nvars + ncells_own + k);
    nlp = nvars + ncells_own + nfree;

    /* Step 2: code units of the kept instructions; a jump to the next
     * kept instruction is dropped.  offset[i] is the unit of the first
     * kept instruction at or after i. */
    size_t prefix = ncellv + (nfree ? 1 : 0);
    a.offset = oh_malloc((u->ninstrs + 1) * sizeof(uint32_t));
    if (a.offset == NULL) {
        no_memory();
        goto done;
    }
    /* Forwards: tentative units; then jumps to the next unit go; then
     * the final units. */
    size_t units = 0;
    for (int pass = 0; pass < 2; pass++) {
        size_t at = prefix;
        for (size_t i = 0; i < u->ninstrs; i++) {
            a.offset[i] = (uint32_t)at;
            if (kept(u, &a.f, i))
                at += 1 + PY_CACHE(u->instrs[i].op);
        }
        a.offset[u->ninstrs] = (uint32_t)at;
        units = at - prefix;
        if (pass == 1)
            break;
        for (size_t i = 0; i < u->ninstrs; i++) {
            const instr *in = &u->instrs[i];
            if (kept(u, &a.f, i) && in->op == PY_JUMP
                && a.offset[u->labels[in->arg].pos]
                       == a.offset[i] + 1 + PY_CACHE(PY_JUMP))
                a.f.depth[i] = -1;      /* falls through there anyway */
        }
    }
    size_t ncode = prefix + units;
    if (ncode > PY_ARG_MAX) {
        system_error("code object too large for 24-bit jump targets");
        goto done;
    }

    /* Step 4: the units, their positions and the exception table. */
    a.code = oh_malloc(ncode * sizeof(py_codeunit));
    a.positions = oh_malloc(ncode * sizeof(py_pos));
    a.exc = oh_malloc((u->ninstrs + 1) * sizeof(py_exc_entry));
    a.kinds = oh_malloc(nlp + 1);
    if (a.code == NULL || a.positions == NULL || a.exc == NULL
        || a.kinds == NULL) {
        no_memory();
        goto done;
    }
    /* The prefix has no position, as CPython's. */
    py_pos first = {-1, -1, -1, -1};
    size_t at = 0;
    /* MAKE_CELL in slot order, then COPY_FREE_VARS. */
    for (size_t slot = 0; slot < nlp; slot++) {
        for (size_t k = 0; k < ncellv; k++) {
            if ((size_t)a.fixed[k] == slot) {
                a.positions[at] = first;
                a.code[at++] = PY_INSTR(PY_MAKE_CELL, slot);
            }
        }
    }
    if (nfree) {
        a.positions[at] = first;
        a.code[at++] = PY_INSTR(PY_COPY_FREE_VARS, nfree);
    }
    uint32_t nexc = 0;
    int cur_handler = -1;
    for (size_t i = 0; i < u->ninstrs; i++) {
        if (!kept(u, &a.f, i))
            continue;
        const instr *in = &u->instrs[i];
        uint32_t arg = in->arg;
        if (PY_IS_JUMP(in->op))
            arg = a.offset[u->labels[arg].pos];
        else if (IS_DEREF(in->op))
            arg = (uint32_t)a.fixed[arg];
        size_t start = at;
        a.code[at] = PY_INSTR(in->op, arg);
        a.positions[at++] = in->pos;
        for (int k = 0; k < PY_CACHE(in->op); k++) {
            a.code[at] = 0;
            a.positions[at++] = in->pos;
        }
        int h = a.f.handler[i];
        if (h >= 0 && h == cur_handler
            && a.exc[nexc - 1].end == (uint32_t)start) {
            a.exc[nexc - 1].end = (uint32_t)at;
        }
        else if (h >= 0) {
            const label *lb = &u->labels[h];
            py_exc_entry *e = &a.exc[nexc++];
            e->start = (uint32_t)start;
            e->end = (uint32_t)at;
            e->target = a.offset[lb->pos];
            e->depth = (uint16_t)lb->hdepth;
            e->lasti = lb->lasti;
            if (lb->hdepth > UINT16_MAX) {
                system_error("stack too deep for the exception table");
                goto done;
            }
        }
        cur_handler = h;
    }

    /* The names of the slots, and their kinds. */
    a.lpnames = ohi_tuple_alloc(nlp);
    if (a.lpnames == NULL)
        goto done;
    for (size_t k = 0; k < nvars; k++) {
        oh_incref(u->varnames.items[k]);
        OHI_TUPLE(a.lpnames)->items[k] = u->varnames.items[k];
        a.kinds[k] = PY_LOCAL_PLAIN;
    }
    for (size_t k = 0; k < nderef; k++) {
        size_t slot = (size_t)a.fixed[k];
        if (k < ncellv && slot < nvars) {
            a.kinds[slot] |= PY_LOCAL_CELL;
            continue;
        }
        oh_object *name = k < ncellv ? u->cellvars.items[k]
                                     : u->freevars.items[k - ncellv];
        oh_incref(name);
        OHI_TUPLE(a.lpnames)->items[slot] = name;
        a.kinds[slot] = k < ncellv ? PY_LOCAL_CELL : PY_LOCAL_FREE;
    }
    a.consts = omap_tuple(&u->consts);
    a.names = omap_tuple(&u->names);
    if (a.consts == NULL || a.names == NULL)
        goto done;
    py_code_spec spec = {
        .code = a.code,
        .ncode = (uint32_t)ncode,
        .positions = a.positions,
        .exctable = a.exc,
        .nexc = nexc,
        .flags = code_flags(u),
        .argcount = u->argcount + u->posonlyargcount,
        .posonlyargcount = u->posonlyargcount,
        .kwonlyargcount = u->kwonlyargcount,
        .stacksize = a.f.maxdepth,
        .firstlineno = u->firstlineno,
        .consts = a.consts,
        .names = a.names,
        .localsplusnames = a.lpnames,
        .localspluskinds = a.kinds,
        .filename = c->si.filename,
        .name = u->name,
        .qualname = u->qualname,
    };
    co = py_code_new(&spec);
done:
    asm_free(&a);
    return co;
}

/* ==========================================================================
 * Scopes
 * ========================================================================== */

/* Add to m, sorted by code point, every name of ste whose scope is
 * `scope` or whose flags have `flag` (CPython's dictbytype). */
static int
names_by_scope(omap *m, const py_ste *ste, int scope, long flag)
{
    oh_object *list = oh_list_new();
    if (list == NULL)
        return -1;
    oh_dict_iter it;
    oh_object *name, *v;
    int rc;
    oh_dict_iter_init(&it, ste->symbols);
    while ((rc = oh_dict_iter_next(&it, &name, &v)) == 1) {
        long flags = (long)OHI_INT_VALUE(v);
        if (((flags >> PY_SCOPE_SHIFT) & PY_SCOPE_MASK) == scope
            || (flags & flag)) {
            if (oh_list_append(list, name) < 0) {
                rc = -1;
                break;
            }
        }
    }
    if (rc == 0) {
        ohi_list *l = OHI_LIST(list);
        if (l->size > 1)
            qsort(l->items, (size_t)l->size, sizeof(oh_object *),
                  str_order);
        for (int64_t i = 0; i < l->size && rc == 0; i++)
            rc = omap_add(m, l->items[i]) < 0 ? -1 : 0;
    }
    oh_decref(list);
    return rc;
}

/* The qualified name of the new unit u (CPython's compiler_set_qualname):
 * "f", "C.m", "f.<locals>.g", "<listcomp>.<lambda>". */
static int
set_qualname(compiler *c, unit *u)
{
    unit *parent = u->parent;
    oh_object *base = NULL;
    if (parent != NULL && parent->parent != NULL) {
        bool force_global = false;
        if (u->scope == SCOPE_FUNCTION || u->scope == SCOPE_CLASS) {
            oh_object *m = py_mangle(parent->private_, u->name);
            if (m == NULL)
                return -1;
            force_global = py_ste_scope(parent->ste, m)
                           == PY_SCOPE_GLOBAL_EXPLICIT;
            oh_decref(m);
        }
        if (!force_global)
            base = parent->qualname;
    }
    if (base == NULL) {
        oh_incref(u->name);
        u->qualname = u->name;
        return 0;
    }
    bool locals = parent->scope == SCOPE_FUNCTION
                  || parent->scope == SCOPE_LAMBDA;
    u->qualname = oh_str_from_format("%s%s.%s", oh_str_utf8(base, NULL),
                                     locals ? ".<locals>" : "",
                                     oh_str_utf8(u->name, NULL));
    return u->qualname == NULL ? -1 : 0;
}

/* Start compiling the block of AST node `key` (CO1). */
static int
enter_scope(compiler *c, oh_object *name, scope_type scope, const void *key,
            int firstlineno)
{
    unit *u = oh_calloc(1, sizeof *u);
    if (u == NULL)
        return no_memory();
    u->ste = py_symtable_lookup(c->st, key);
    u->scope = scope;
    oh_incref(name);
    u->name = name;
    u->firstlineno = firstlineno;
    py_pos loc = {firstlineno, 0, firstlineno, 0};
    u->loc = loc;
    u->last_label_pos = -1;
    u->parent = c->u;
    if (c->u != NULL)
        u->private_ = c->u->private_;
    /* Linked first, so that compiler_free frees it on any error. */
    c->u = u;
    c->nestlevel++;
    if (u->ste == NULL)
        return system_error("no symbol table entry for a block");
    ohi_list *params = OHI_LIST(u->ste->varnames);
    for (int64_t i = 0; i < params->size; i++)
        CHECK(omap_add(&u->varnames, params->items[i]));
    if (u->ste->needs_class_closure)
        CHECK(omap_add(&u->cellvars, c->s___class__));
    else
        CHECK(names_by_scope(&u->cellvars, u->ste, PY_SCOPE_CELL, 0));
    CHECK(names_by_scope(&u->freevars, u->ste, PY_SCOPE_FREE,
                         PY_DEF_FREE_CLASS));
    if (scope != SCOPE_MODULE)
        CHECK(set_qualname(c, u));
    else {
        oh_incref(name);
        u->qualname = name;
    }
    return 0;
}

static void
exit_scope(compiler *c)
{
    unit *u = c->u;
    c->u = u->parent;
    c->nestlevel--;
    unit_free(u);
}

/* ==========================================================================
 * Names
 * ========================================================================== */

/* Load, store or delete a variable (CPython's compiler_nameop): the
 * instruction follows from its scope in the current block. */
static int
nameop(compiler *c, oh_object *name, py_expr_context ctx)
{
    unit *u = c->u;
    if (ctx != PY_LOAD && name == c->s___debug__)
        return compiler_error(c, ctx == PY_STORE
                                     ? "cannot assign to __debug__"
                                     : "cannot delete __debug__", NULL);
    oh_object *m = py_mangle(u->private_, name);
    if (m == NULL)
        return -1;
    int scope = py_ste_scope(u->ste, m);
    bool func = u->ste->type == PY_BLOCK_FUNCTION;
    static const int ops[4][3] = {
        /* Load, Store, Del */
        {PY_LOAD_NAME, PY_STORE_NAME, PY_DELETE_NAME},
        {PY_LOAD_FAST, PY_STORE_FAST, PY_DELETE_FAST},
        {PY_LOAD_GLOBAL, PY_STORE_GLOBAL, PY_DELETE_GLOBAL},
        {PY_LOAD_DEREF, PY_STORE_DEREF, PY_DELETE_DEREF},
    };
    int kind = 0;                       /* ops row: by name */
    int index = -1;
    switch (scope) {
    case PY_SCOPE_FREE:
        kind = 3;
        index = omap_find(&u->freevars, m);
        if (index >= 0)
            index += (int)u->cellvars.n;
        break;
    case PY_SCOPE_CELL:
        kind = 3;
        index = omap_find(&u->cellvars, m);
        break;
    case PY_SCOPE_LOCAL:
        if (func)
            kind = 1;
        break;
    case PY_SCOPE_GLOBAL_IMPLICIT:
        if (func)
            kind = 2;
        break;
    case PY_SCOPE_GLOBAL_EXPLICIT:
        kind = 2;
        break;
    default:
        break;
    }
    int op = ops[kind][ctx - PY_LOAD];
    int rc;
    if (kind == 3) {
        if (index < 0)
            rc = system_error("a cell or free variable is missing");
        else {
            if (op == PY_LOAD_DEREF && u->ste->type == PY_BLOCK_CLASS)
                op = PY_LOAD_CLASSDEREF;
            rc = emit(c, op, (uint32_t)index);
        }
    }
    else if (kind == 1) {
        index = omap_add(&u->varnames, m);
        rc = index < 0 ? -1 : emit(c, op, (uint32_t)index);
    }
    else {
        index = omap_add(&u->names, m);
        rc = index < 0 ? -1 : emit(c, op, (uint32_t)index);
    }
    oh_decref(m);
    return rc;
}

/* ==========================================================================
 * Expressions
 * ========================================================================== */

static int visit_expr(compiler *c, const py_expr *e);
static int visit_stmt(compiler *c, const py_stmt *s);
static int visit_iterable(compiler *c, const py_expr *e);

static int
visit_exprs(compiler *c, const py_seq *seq)
{
    for (size_t i = 0; i < PY_SEQ_LEN(seq); i++)
        CHECK(visit_expr(c, PY_SEQ_GET(seq, i)));
    return 0;
}

static int
visit_stmts(compiler *c, const py_seq *seq)
{
    for (size_t i = 0; i < PY_SEQ_LEN(seq); i++)
        CHECK(visit_stmt(c, PY_SEQ_GET(seq, i)));
    return 0;
}

/* An attribute on a later line than its object takes the attribute's
 * position (CPython's update_start_location_to_match_attr). */
static void
loc_to_attr(compiler *c, const py_expr *attr)
{
    py_pos *loc = &c->u->loc;
    if (loc->lineno == attr->pos.end_lineno)
        return;
    loc->lineno = attr->pos.end_lineno;
    size_t n;
    oh_str_utf8(attr->v.attribute.attr, &n);
    if ((int)n <= attr->pos.end_col_offset)
        loc->col_offset = attr->pos.end_col_offset - (int)n;
    else {
        loc->col_offset = -1;
        loc->end_col_offset = -1;
    }
    if (loc->end_lineno < loc->lineno)
        loc->end_lineno = loc->lineno;
    if (loc->lineno == loc->end_lineno
        && loc->end_col_offset < loc->col_offset)
        loc->end_col_offset = loc->col_offset;
}

/* The value of e when CPython's AST optimiser makes it a constant: a
 * constant, an operator on such values that folds (-1, 2 ** 8), a tuple
 * display of them.  1 and *out (a new reference), 0 when e is not one,
 * -1 on error. */
static int
const_value(compiler *c, const py_expr *e, oh_object **out)
{
    static const int unary[] = {
        [PY_INVERT] = PY_UNARY_INVERT,
        [PY_NOT] = PY_UNARY_NOT,
        [PY_UADD] = PY_UNARY_POSITIVE,
        [PY_USUB] = PY_UNARY_NEGATIVE,
    };
    oh_object *a = NULL, *b = NULL;
    int r = 0;
    *out = NULL;
    if (++c->depth > CO_MAX_DEPTH) {
        c->depth--;
        return 0;
    }
    switch (e->kind) {
    case PY_E_CONSTANT:
        oh_incref(e->v.constant.value);
        *out = e->v.constant.value;
        r = 1;
        break;
    case PY_E_UNARYOP:
        r = const_value(c, e->v.unaryop.operand, &a);
        if (r > 0)
            *out = fold_unaryop(a, unary[e->v.unaryop.op]);
        break;
    case PY_E_BINOP:
        r = const_value(c, e->v.binop.left, &a);
        if (r > 0)
            r = const_value(c, e->v.binop.right, &b);
        if (r > 0)
            *out = fold_binop(a, b, (int)e->v.binop.op);
        break;
    case PY_E_TUPLE: {
        const py_seq *elts = e->v.tuple.elts;
        size_t n = PY_SEQ_LEN(elts);
        if (e->v.tuple.ctx != PY_LOAD)
            break;
        a = ohi_tuple_alloc(n);
        if (a == NULL) {
            r = -1;
            break;
        }
        r = 1;
        for (size_t i = 0; i < n && r > 0; i++) {
            oh_object *item;
            r = const_value(c, PY_SEQ_GET(elts, i), &item);
            OHI_TUPLE(a)->items[i] = item != NULL ? item : OH_NONE;
            if (item == NULL)
                oh_incref(OH_NONE);     /* keeps the tuple whole */
        }
        if (r > 0) {
            *out = a;
            a = NULL;
        }
        break;
    }
    default:
        break;
    }
    oh_xdecref(a);
    oh_xdecref(b);
    c->depth--;
    if (r > 0 && *out == NULL)
        r = py_err_occurred() ? -1 : 0;         /* did not fold */
    return r;
}

/* seq[begin..end) as a tuple of constants when every item is one
 * (const_value): 1 and *out (new reference), 0 when not, -1 on
 * error. */
static int
const_tuple(compiler *c, const py_seq *seq, size_t begin, size_t end,
            oh_object **out)
{
    *out = NULL;
    for (size_t i = begin; i < end; i++) {
        const py_expr *e = PY_SEQ_GET(seq, i);
        if (e == NULL || (e->kind != PY_E_CONSTANT && e->kind != PY_E_UNARYOP
                          && e->kind != PY_E_BINOP
                          && e->kind != PY_E_TUPLE))
            return 0;                   /* the quick answer */
    }
    oh_object *t = ohi_tuple_alloc(end - begin);
    if (t == NULL)
        return -1;
    int r = 1;
    for (size_t i = begin; i < end; i++) {
        oh_object *v = NULL;
        if (r > 0)
            r = const_value(c, PY_SEQ_GET(seq, i), &v);
        if (v == NULL) {
            oh_incref(OH_NONE);
            v = OH_NONE;
        }
        OHI_TUPLE(t)->items[i - begin] = v;
    }
    if (r > 0)
        *out = t;
    else
        oh_decref(t);
    return r;
}

/* frozenset(t) for a tuple of constants, as a constant: NULL without an
 * error when it cannot be made (an unhashable item), with MemoryError
 * when memory ran out.  Built twice, as CPython's does: its constant
 * merging makes every frozenset constant again from the items in the
 * first one's table order, and a set's iteration order depends on the
 * order its items went in ({1, 9, 17, 25} iterates 1, 17, 25, 9). */
static oh_object *
const_frozenset(oh_object *t)
{
    oh_object *first = oh_frozenset_from(t);
    oh_object *items = first != NULL ? py_sequence_tuple(first) : NULL;
    oh_object *fs = items != NULL ? oh_frozenset_from(items) : NULL;
    oh_xdecref(first);
    oh_xdecref(items);
    if (fs == NULL && oh_err_occurred() != OH_ERR_MEMORY)
        py_err_clear();
    return fs;
}

/* Build a list, tuple or set display, or a call's positional arguments,
 * with `pushed` items already on the stack (CPython's
 * starunpack_helper). */
static int
starunpack(compiler *c, const py_seq *elts, int pushed, int build, int add,
           int extend, bool tuple)
{
    size_t n = PY_SEQ_LEN(elts);
    oh_object *folded = NULL;
    int r = n > 2 ? const_tuple(c, elts, 0, n, &folded) : 0;
    CHECK(r);
    if (r > 0 && build == PY_BUILD_SET) {
        /* {1, 2, 3}: BUILD_SET 0; SET_UPDATE of a frozenset constant. */
        oh_object *fs = const_frozenset(folded);
        oh_decref(folded);
        folded = fs;
        if (fs == NULL) {
            CHECK(py_err_occurred() ? -1 : 0);
            r = 0;
        }
    }
    if (r > 0) {
        if (tuple && pushed == 0)
            return emit_const_new(c, folded);
        int rc = emit(c, build, (uint32_t)pushed);
        if (rc == 0)
            rc = emit_const(c, folded);
        oh_decref(folded);
        CHECK(rc);
        CHECK(emit(c, extend, 1));
        return tuple ? emit(c, PY_LIST_TO_TUPLE, 0) : 0;
    }
    bool big = n + (size_t)pushed > CO_STACK_USE_GUIDELINE;
    bool star = false;
    for (size_t i = 0; i < n; i++)
        if (((const py_expr *)PY_SEQ_GET(elts, i))->kind == PY_E_STARRED)
            star = true;
    if (!star && !big) {
        CHECK(visit_exprs(c, elts));
        return emit(c, tuple ? PY_BUILD_TUPLE : build,
                    (uint32_t)(n + (size_t)pushed));
    }
    bool built = false;
    if (big) {
        CHECK(emit(c, build, (uint32_t)pushed));
        built = true;
    }
    for (size_t i = 0; i < n; i++) {
        const py_expr *elt = PY_SEQ_GET(elts, i);
        if (elt->kind == PY_E_STARRED) {
            if (!built) {
                CHECK(emit(c, build, (uint32_t)(i + (size_t)pushed)));
                built = true;
            }
            CHECK(visit_expr(c, elt->v.starred.value));
            CHECK(emit(c, extend, 1));
        }
        else {
            CHECK(visit_expr(c, elt));
            if (built)
                CHECK(emit(c, add, 1));
        }
    }
    return tuple ? emit(c, PY_LIST_TO_TUPLE, 0) : 0;
}

/* UNPACK_SEQUENCE or UNPACK_EX for an assignment target list, then store
 * each element (CPython's assignment_helper). */
static int
assign_unpack(compiler *c, const py_seq *elts)
{
    size_t n = PY_SEQ_LEN(elts);
    bool star = false;
    for (size_t i = 0; i < n; i++) {
        const py_expr *elt = PY_SEQ_GET(elts, i);
        if (elt->kind != PY_E_STARRED)
            continue;
        if (star)
            return compiler_error(c, "multiple starred expressions in "
                                  "assignment", NULL);
        if (i >= (1 << 8) || n - i - 1 >= (1 << 16))
            return compiler_error(c, "too many expressions in "
                                  "star-unpacking assignment", NULL);
        CHECK(emit(c, PY_UNPACK_EX, (uint32_t)(i + ((n - i - 1) << 8))));
        star = true;
    }
    if (!star)
        CHECK(emit(c, PY_UNPACK_SEQUENCE, (uint32_t)n));
    for (size_t i = 0; i < n; i++) {
        const py_expr *elt = PY_SEQ_GET(elts, i);
        CHECK(visit_expr(c, elt->kind == PY_E_STARRED ? elt->v.starred.value
                                                      : elt));
    }
    return 0;
}

static int
visit_list_or_tuple(compiler *c, const py_seq *elts, py_expr_context ctx,
                    bool tuple)
{
    if (ctx == PY_STORE)
        return assign_unpack(c, elts);
    if (ctx == PY_LOAD)
        return starunpack(c, elts, 0, PY_BUILD_LIST, PY_LIST_APPEND,
                          PY_LIST_EXTEND, tuple);
    return visit_exprs(c, elts);
}

/* Keys seq[begin..end) of a dict display without ** (CPython's
 * compiler_subdict). */
static int
subdict(compiler *c, const py_expr *e, size_t begin, size_t end)
{
    size_t n = end - begin;
    bool big = n * 2 > CO_STACK_USE_GUIDELINE;
    const py_seq *keys = e->v.dict.keys, *values = e->v.dict.values;
    oh_object *ckeys = NULL;
    int r = n > 1 && !big ? const_tuple(c, keys, begin, end, &ckeys) : 0;
    CHECK(r);
    if (r > 0) {
        for (size_t i = begin; i < end; i++) {
            if (visit_expr(c, PY_SEQ_GET(values, i)) < 0) {
                oh_decref(ckeys);
                return -1;
            }
        }
        CHECK(emit_const_new(c, ckeys));
        return emit(c, PY_BUILD_CONST_KEY_MAP, (uint32_t)n);
    }
    if (big)
        CHECK(emit(c, PY_BUILD_MAP, 0));
    for (size_t i = begin; i < end; i++) {
        CHECK(visit_expr(c, PY_SEQ_GET(keys, i)));
        CHECK(visit_expr(c, PY_SEQ_GET(values, i)));
        if (big)
            CHECK(emit(c, PY_MAP_ADD, 1));
    }
    return big ? 0 : emit(c, PY_BUILD_MAP, (uint32_t)n);
}

static int
visit_dict(compiler *c, const py_expr *e)
{
    size_t n = PY_SEQ_LEN(e->v.dict.values), elements = 0;
    bool have_dict = false;
    for (size_t i = 0; i < n; i++) {
        if (PY_SEQ_GET(e->v.dict.keys, i) == NULL) {
            /* {**m}: what came before, then merge m. */
            if (elements) {
                CHECK(subdict(c, e, i - elements, i));
                if (have_dict)
                    CHECK(emit(c, PY_DICT_UPDATE, 1));
                have_dict = true;
                elements = 0;
            }
            if (!have_dict) {
                CHECK(emit(c, PY_BUILD_MAP, 0));
                have_dict = true;
            }
            CHECK(visit_expr(c, PY_SEQ_GET(e->v.dict.values, i)));
            CHECK(emit(c, PY_DICT_UPDATE, 1));
        }
        else if (elements * 2 > CO_STACK_USE_GUIDELINE) {
            CHECK(subdict(c, e, i - elements, i + 1));
            if (have_dict)
                CHECK(emit(c, PY_DICT_UPDATE, 1));
            have_dict = true;
            elements = 0;
        }
        else {
            elements++;
        }
    }
    if (elements) {
        CHECK(subdict(c, e, n - elements, n));
        if (have_dict)
            CHECK(emit(c, PY_DICT_UPDATE, 1));
        have_dict = true;
    }
    return have_dict ? 0 : emit(c, PY_BUILD_MAP, 0);
}

static int
emit_compare(compiler *c, py_cmpop op)
{
    switch (op) {
    case PY_CMP_IS:
        return emit(c, PY_IS_OP, 0);
    case PY_CMP_ISNOT:
        return emit(c, PY_IS_OP, 1);
    case PY_CMP_IN:
        return emit(c, PY_CONTAINS_OP, 0);
    case PY_CMP_NOTIN:
        return emit(c, PY_CONTAINS_OP, 1);
    default:
        return emit(c, PY_COMPARE_OP, (uint32_t)op);
    }
}

#define CMP_OP(e, i) ((py_cmpop)(intptr_t)PY_SEQ_GET((e)->v.compare.ops, (i)))

/* The last comparator of `in` or `not in` is an iterable (a list display
 * becomes a tuple). */
static int
visit_last_comparator(compiler *c, const py_expr *e, size_t n)
{
    const py_expr *cmp = PY_SEQ_GET(e->v.compare.comparators, n);
    py_cmpop op = CMP_OP(e, n);
    if (op == PY_CMP_IN || op == PY_CMP_NOTIN)
        return visit_iterable(c, cmp);
    return visit_expr(c, cmp);
}

/* a < b < c evaluates b once: SWAP and COPY keep it for the next test. */
static int
visit_compare(compiler *c, const py_expr *e)
{
    size_t n = PY_SEQ_LEN(e->v.compare.ops) - 1;
    const py_seq *cmps = e->v.compare.comparators;
    CHECK(visit_expr(c, e->v.compare.left));
    if (n == 0) {
        CHECK(visit_last_comparator(c, e, 0));
        return emit_compare(c, CMP_OP(e, 0));
    }
    int cleanup = new_label(c), end = -1;
    CHECK(cleanup);
    for (size_t i = 0; i < n; i++) {
        CHECK(visit_expr(c, PY_SEQ_GET(cmps, i)));
        CHECK(emit(c, PY_SWAP, 2));
        CHECK(emit(c, PY_COPY, 2));
        CHECK(emit_compare(c, CMP_OP(e, i)));
        CHECK(emit_jump(c, PY_JUMP_IF_FALSE_OR_POP, cleanup));
    }
    CHECK(visit_last_comparator(c, e, n));
    CHECK(emit_compare(c, CMP_OP(e, n)));
    CHECK(end = new_label(c));
    CHECK(emit_jump(c, PY_JUMP, end));
    use_label(c, cleanup);
    CHECK(emit(c, PY_SWAP, 2));
    CHECK(emit(c, PY_POP_TOP, 0));
    use_label(c, end);
    return 0;
}

/* Jump to `next` when e is true (cond) or false (!cond), without making
 * a bool where it can (CPython's compiler_jump_if). */
static int
jump_if(compiler *c, const py_expr *e, int next, bool cond)
{
    switch (e->kind) {
    case PY_E_UNARYOP:
        if (e->v.unaryop.op == PY_NOT)
            return jump_if(c, e->v.unaryop.operand, next, !cond);
        break;
    case PY_E_BOOLOP: {
        const py_seq *s = e->v.boolop.values;
        size_t n = PY_SEQ_LEN(s) - 1;
        bool cond2 = e->v.boolop.op == PY_OR;
        int next2 = next;
        if (cond2 != cond)
            CHECK(next2 = new_label(c));
        for (size_t i = 0; i < n; i++)
            CHECK(jump_if(c, PY_SEQ_GET(s, i), next2, cond2));
        CHECK(jump_if(c, PY_SEQ_GET(s, n), next, cond));
        if (next2 != next)
            use_label(c, next2);
        return 0;
    }
    case PY_E_IFEXP: {
        int end, next2;
        CHECK(end = new_label(c));
        CHECK(next2 = new_label(c));
        CHECK(jump_if(c, e->v.ifexp.test, next2, false));
        CHECK(jump_if(c, e->v.ifexp.body, next, cond));
        CHECK(emit_jump(c, PY_JUMP, end));
        use_label(c, next2);
        CHECK(jump_if(c, e->v.ifexp.orelse, next, cond));
        use_label(c, end);
        return 0;
    }
    case PY_E_COMPARE: {
        /* CPython sets the position here and leaves it for what follows
         * in the statement (a comprehension's append takes it too). */
        c->u->loc = e->pos;
        size_t n = PY_SEQ_LEN(e->v.compare.ops) - 1;
        if (n == 0)
            break;
        const py_seq *cmps = e->v.compare.comparators;
        int cleanup, end;
        CHECK(cleanup = new_label(c));
        CHECK(visit_expr(c, e->v.compare.left));
        for (size_t i = 0; i < n; i++) {
            CHECK(visit_expr(c, PY_SEQ_GET(cmps, i)));
            CHECK(emit(c, PY_SWAP, 2));
            CHECK(emit(c, PY_COPY, 2));
            CHECK(emit_compare(c, CMP_OP(e, i)));
            CHECK(emit_jump(c, PY_POP_JUMP_IF_FALSE, cleanup));
        }
        CHECK(visit_last_comparator(c, e, n));
        CHECK(emit_compare(c, CMP_OP(e, n)));
        CHECK(emit_jump(c, cond ? PY_POP_JUMP_IF_TRUE : PY_POP_JUMP_IF_FALSE,
                        next));
        CHECK(end = new_label(c));
        CHECK(emit_jump(c, PY_JUMP, end));
        use_label(c, cleanup);
        CHECK(emit(c, PY_POP_TOP, 0));
        if (!cond)
            CHECK(emit_jump(c, PY_JUMP, next));
        use_label(c, end);
        return 0;
    }
    default:
        break;
    }
    CHECK(visit_expr(c, e));
    return emit_jump(c, cond ? PY_POP_JUMP_IF_TRUE : PY_POP_JUMP_IF_FALSE,
                     next);
}

static int
visit_boolop(compiler *c, const py_expr *e)
{
    int op = e->v.boolop.op == PY_AND ? PY_JUMP_IF_FALSE_OR_POP
                                      : PY_JUMP_IF_TRUE_OR_POP;
    int end;
    CHECK(end = new_label(c));
    const py_seq *s = e->v.boolop.values;
    size_t n = PY_SEQ_LEN(s) - 1;
    for (size_t i = 0; i < n; i++) {
        CHECK(visit_expr(c, PY_SEQ_GET(s, i)));
        CHECK(emit_jump(c, op, end));
    }
    CHECK(visit_expr(c, PY_SEQ_GET(s, n)));
    use_label(c, end);
    return 0;
}

static int
visit_ifexp(compiler *c, const py_expr *e)
{
    int end, next;
    CHECK(end = new_label(c));
    CHECK(next = new_label(c));
    CHECK(jump_if(c, e->v.ifexp.test, next, false));
    CHECK(visit_expr(c, e->v.ifexp.body));
    CHECK(emit_jump(c, PY_JUMP, end));
    use_label(c, next);
    CHECK(visit_expr(c, e->v.ifexp.orelse));
    use_label(c, end);
    return 0;
}

/* ---- Calls ---- */

/* f(a=1, a=2) and f(__debug__=1) are compile-time errors. */
static int
validate_keywords(compiler *c, const py_seq *kws)
{
    size_t n = PY_SEQ_LEN(kws);
    for (size_t i = 0; i < n; i++) {
        const py_keyword *k = PY_SEQ_GET(kws, i);
        if (k->arg == NULL)
            continue;
        if (k->arg == c->s___debug__)
            return compiler_error(c, "cannot assign to __debug__", NULL);
        for (size_t j = i + 1; j < n; j++) {
            const py_keyword *o = PY_SEQ_GET(kws, j);
            if (o->arg != NULL && ohi_str_eq(o->arg, k->arg) == 1) {
                c->u->loc = o->pos;
                return compiler_error(c, "keyword argument repeated: %s",
                                      k->arg);
            }
        }
    }
    return 0;
}

/* The keyword names of a call without **, as a constant tuple. */
static int
emit_kwnames(compiler *c, const py_seq *kws)
{
    size_t n = PY_SEQ_LEN(kws);
    oh_object *t = ohi_tuple_alloc(n);
    if (t == NULL)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const py_keyword *k = PY_SEQ_GET(kws, i);
        oh_incref(k->arg);
        OHI_TUPLE(t)->items[i] = k->arg;
    }
    return emit_const_new(c, t);
}

/* Keyword arguments kws[begin..end) (none of them **) as a dict
 * (CPython's compiler_subkwargs). */
static int
subkwargs(compiler *c, const py_seq *kws, size_t begin, size_t end)
{
    size_t n = end - begin;
    bool big = n * 2 > CO_STACK_USE_GUIDELINE;
    if (n > 1 && !big) {
        oh_object *keys = ohi_tuple_alloc(n);
        if (keys == NULL)
            return -1;
        for (size_t i = begin; i < end; i++) {
            const py_keyword *k = PY_SEQ_GET(kws, i);
            oh_incref(k->arg);
            OHI_TUPLE(keys)->items[i - begin] = k->arg;
            if (visit_expr(c, k->value) < 0) {
                oh_decref(keys);
                return -1;
            }
        }
        CHECK(emit_const_new(c, keys));
        return emit(c, PY_BUILD_CONST_KEY_MAP, (uint32_t)n);
    }
    if (big)
        CHECK(emit(c, PY_BUILD_MAP, 0));
    for (size_t i = begin; i < end; i++) {
        const py_keyword *k = PY_SEQ_GET(kws, i);
        CHECK(emit_const(c, k->arg));
        CHECK(visit_expr(c, k->value));
        if (big)
            CHECK(emit(c, PY_MAP_ADD, 1));
    }
    return big ? 0 : emit(c, PY_BUILD_MAP, (uint32_t)n);
}

/* The arguments of a call whose callable and NULL-or-self are on the
 * stack, with `pushed` arguments already after them; then the call
 * (CPython's compiler_call_helper). */
static int
call_helper(compiler *c, int pushed, const py_seq *args, const py_seq *kws)
{
    CHECK(validate_keywords(c, kws));
    size_t nargs = PY_SEQ_LEN(args), nkws = PY_SEQ_LEN(kws);
    bool ex = nargs + nkws * 2 > CO_STACK_USE_GUIDELINE;
    for (size_t i = 0; i < nargs && !ex; i++)
        if (((const py_expr *)PY_SEQ_GET(args, i))->kind == PY_E_STARRED)
            ex = true;
    for (size_t i = 0; i < nkws && !ex; i++)
        if (((const py_keyword *)PY_SEQ_GET(kws, i))->arg == NULL)
            ex = true;
    if (!ex) {
        CHECK(visit_exprs(c, args));
        size_t argc = (size_t)pushed + nargs + nkws;
        if (nkws == 0)
            return emit(c, PY_CALL, (uint32_t)argc);
        for (size_t i = 0; i < nkws; i++)
            CHECK(visit_expr(c, ((const py_keyword *)PY_SEQ_GET(kws, i))
                                    ->value));
        CHECK(emit_kwnames(c, kws));
        return emit(c, PY_CALL_KW, (uint32_t)argc);
    }
    /* f(*a) passes a as it is: CALL_FUNCTION_EX makes the tuple (and
     * names f in its error).  Otherwise build a tuple. */
    if (pushed == 0 && nargs == 1
        && ((const py_expr *)PY_SEQ_GET(args, 0))->kind == PY_E_STARRED)
        CHECK(visit_expr(c, ((const py_expr *)PY_SEQ_GET(args, 0))
                                ->v.starred.value));
    else
        CHECK(starunpack(c, args, pushed, PY_BUILD_LIST, PY_LIST_APPEND,
                         PY_LIST_EXTEND, true));
    if (nkws) {
        bool have_dict = false;
        size_t nseen = 0;
        for (size_t i = 0; i < nkws; i++) {
            const py_keyword *k = PY_SEQ_GET(kws, i);
            if (k->arg != NULL) {
                nseen++;
                continue;
            }
            if (nseen) {
                CHECK(subkwargs(c, kws, i - nseen, i));
                if (have_dict)
                    CHECK(emit(c, PY_DICT_MERGE, 1));
                have_dict = true;
                nseen = 0;
            }
            if (!have_dict) {
                CHECK(emit(c, PY_BUILD_MAP, 0));
                have_dict = true;
            }
            CHECK(visit_expr(c, k->value));
            CHECK(emit(c, PY_DICT_MERGE, 1));
        }
        if (nseen) {
            CHECK(subkwargs(c, kws, nkws - nseen, nkws));
            if (have_dict)
                CHECK(emit(c, PY_DICT_MERGE, 1));
        }
    }
    return emit(c, PY_CALL_FUNCTION_EX, nkws > 0);
}

/* o.m(args): LOAD_METHOD when the call has no * or ** (CPython's
 * maybe_optimize_method_call).  1 when done, 0 when not applicable. */
static int
method_call(compiler *c, const py_expr *e)
{
    const py_expr *meth = e->v.call.func;
    const py_seq *args = e->v.call.args, *kws = e->v.call.keywords;
    size_t nargs = PY_SEQ_LEN(args), nkws = PY_SEQ_LEN(kws);
    if (meth->kind != PY_E_ATTRIBUTE || meth->v.attribute.ctx != PY_LOAD
        || nargs + nkws + (nkws != 0) >= CO_STACK_USE_GUIDELINE)
        return 0;
    /* m.f() for a module m imported at the top level: its functions are
     * not methods, LOAD_ATTR serves them better (CPython's
     * is_import_originated). */
    const py_expr *obj = meth->v.attribute.value;
    if (obj->kind == PY_E_NAME
        && (py_ste_flags(c->top, obj->v.name.id) & PY_DEF_IMPORT))
        return 0;
    for (size_t i = 0; i < nargs; i++)
        if (((const py_expr *)PY_SEQ_GET(args, i))->kind == PY_E_STARRED)
            return 0;
    for (size_t i = 0; i < nkws; i++)
        if (((const py_keyword *)PY_SEQ_GET(kws, i))->arg == NULL)
            return 0;
    CHECK(validate_keywords(c, kws));
    CHECK(visit_expr(c, meth->v.attribute.value));
    /* LOAD_METHOD at the attribute, CALL at the call; both on the line
     * of the method's name. */
    c->u->loc = meth->pos;
    loc_to_attr(c, meth);
    CHECK(emit_name(c, PY_LOAD_METHOD, meth->v.attribute.attr));
    CHECK(visit_exprs(c, args));
    for (size_t i = 0; i < nkws; i++)
        CHECK(visit_expr(c, ((const py_keyword *)PY_SEQ_GET(kws, i))->value));
    c->u->loc = e->pos;
    loc_to_attr(c, meth);
    if (nkws) {
        CHECK(emit_kwnames(c, kws));
        CHECK(emit(c, PY_CALL_KW, (uint32_t)(nargs + nkws)));
    }
    else {
        CHECK(emit(c, PY_CALL, (uint32_t)nargs));
    }
    return 1;
}

static int
visit_call(compiler *c, const py_expr *e)
{
    int r = method_call(c, e);
    if (r != 0)
        return r < 0 ? -1 : 0;
    CHECK(visit_expr(c, e->v.call.func));
    CHECK(emit(c, PY_PUSH_NULL, 0));
    return call_helper(c, 0, e->v.call.args, e->v.call.keywords);
}

/* ---- f-strings ---- */

static int
visit_formatted(compiler *c, const py_expr *e)
{
    CHECK(visit_expr(c, e->v.formattedvalue.value));
    uint32_t flags;
    switch (e->v.formattedvalue.conversion) {
    case 's':
        flags = PY_FVC_STR;
        break;
    case 'r':
        flags = PY_FVC_REPR;
        break;
    case 'a':
        flags = PY_FVC_ASCII;
        break;
    case -1:
        flags = PY_FVC_NONE;
        break;
    default:
        return system_error("unknown f-string conversion");
    }
    if (e->v.formattedvalue.format_spec != NULL) {
        CHECK(visit_expr(c, e->v.formattedvalue.format_spec));
        flags |= PY_FVS_HAVE_SPEC;
    }
    return emit(c, PY_FORMAT_VALUE, flags);
}

static int
visit_joined(compiler *c, const py_expr *e)
{
    const py_seq *values = e->v.joinedstr.values;
    CHECK(visit_exprs(c, values));
    if (PY_SEQ_LEN(values) != 1)
        CHECK(emit(c, PY_BUILD_STRING, (uint32_t)PY_SEQ_LEN(values)));
    return 0;
}

/* ---- Subscripts, slices, attributes ---- */

static int
visit_slice(compiler *c, const py_expr *e)
{
    uint32_t n = 2;
    if (e->v.slice.lower)
        CHECK(visit_expr(c, e->v.slice.lower));
    else
        CHECK(emit_const(c, OH_NONE));
    if (e->v.slice.upper)
        CHECK(visit_expr(c, e->v.slice.upper));
    else
        CHECK(emit_const(c, OH_NONE));
    if (e->v.slice.step) {
        n++;
        CHECK(visit_expr(c, e->v.slice.step));
    }
    return emit(c, PY_BUILD_SLICE, n);
}

static int
visit_subscript(compiler *c, const py_expr *e)
{
    static const int ops[] = {
        [PY_LOAD] = PY_BINARY_SUBSCR,
        [PY_STORE] = PY_STORE_SUBSCR,
        [PY_DEL] = PY_DELETE_SUBSCR,
    };
    CHECK(visit_expr(c, e->v.subscript.value));
    CHECK(visit_expr(c, e->v.subscript.slice));
    return emit(c, ops[e->v.subscript.ctx], 0);
}

static int
visit_attribute(compiler *c, const py_expr *e)
{
    CHECK(visit_expr(c, e->v.attribute.value));
    oh_object *attr = e->v.attribute.attr;
    switch (e->v.attribute.ctx) {
    case PY_LOAD:
        loc_to_attr(c, e);
        return emit_name(c, PY_LOAD_ATTR, attr);
    case PY_STORE:
        if (attr == c->s___debug__)
            return compiler_error(c, "cannot assign to __debug__", NULL);
        loc_to_attr(c, e);
        return emit_name(c, PY_STORE_ATTR, attr);
    default:
        return emit_name(c, PY_DELETE_ATTR, attr);
    }
}

/* ---- Comprehensions ---- */

/* One `for` of a comprehension and what is inside it (CPython's
 * compiler_sync_comprehension_generator).  depth: iterators on the
 * stack below this one's. */
static int
comprehension_generator(compiler *c, const py_seq *gens, size_t index,
                        int depth, const py_expr *elt, const py_expr *val,
                        py_comp_type type)
{
    const py_comprehension *gen = PY_SEQ_GET(gens, index);
    int start, if_cleanup, anchor;
    CHECK(start = new_label(c));
    CHECK(if_cleanup = new_label(c));
    CHECK(anchor = new_label(c));
    bool loop = true;
    if (index == 0) {
        /* The outermost iterator is the argument ".0". */
        c->u->argcount = 1;
        CHECK(emit(c, PY_LOAD_FAST, 0));
    }
    else {
        /* for y in [f(x)]: just assign (CPython's fast path). */
        const py_expr *it = gen->iter;
        const py_seq *elts = NULL;
        if (it->kind == PY_E_LIST)
            elts = it->v.list.elts;
        else if (it->kind == PY_E_TUPLE)
            elts = it->v.tuple.elts;
        if (PY_SEQ_LEN(elts) == 1
            && ((const py_expr *)PY_SEQ_GET(elts, 0))->kind
                   != PY_E_STARRED) {
            CHECK(visit_expr(c, PY_SEQ_GET(elts, 0)));
            loop = false;
        }
        else {
            CHECK(visit_iterable(c, it));
            CHECK(emit(c, PY_GET_ITER, 0));
        }
    }
    if (loop) {
        depth++;
        use_label(c, start);
        CHECK(emit_jump(c, PY_FOR_ITER, anchor));
    }
    CHECK(visit_expr(c, gen->target));
    for (size_t i = 0; i < PY_SEQ_LEN(gen->ifs); i++)
        CHECK(jump_if(c, PY_SEQ_GET(gen->ifs, i), if_cleanup, false));
    if (index + 1 < PY_SEQ_LEN(gens)) {
        CHECK(comprehension_generator(c, gens, index + 1, depth, elt, val,
                                      type));
    }
    else {
        switch (type) {
        case PY_COMP_GEN:
            CHECK(visit_expr(c, elt));
            CHECK(emit(c, PY_YIELD_VALUE, 0));
            CHECK(emit(c, PY_POP_TOP, 0));
            break;
        case PY_COMP_LIST:
            CHECK(visit_expr(c, elt));
            CHECK(emit(c, PY_LIST_APPEND, (uint32_t)depth + 1));
            break;
        case PY_COMP_SET:
            CHECK(visit_expr(c, elt));
            CHECK(emit(c, PY_SET_ADD, (uint32_t)depth + 1));
            break;
        default:
            /* {k: v}: k is evaluated first. */
            CHECK(visit_expr(c, elt));
            CHECK(visit_expr(c, val));
            CHECK(emit(c, PY_MAP_ADD, (uint32_t)depth + 1));
            break;
        }
    }
    use_label(c, if_cleanup);
    if (loop) {
        CHECK(emit_jump(c, PY_JUMP, start));
        use_label(c, anchor);
    }
    return 0;
}

static int make_closure(compiler *c, oh_object *co, uint32_t flags,
                        oh_object *qualname);

static int
visit_comprehension(compiler *c, const py_expr *e, py_comp_type type,
                    oh_object *name)
{
    static const int build[] = {
        [PY_COMP_LIST] = PY_BUILD_LIST,
        [PY_COMP_SET] = PY_BUILD_SET,
        [PY_COMP_DICT] = PY_BUILD_MAP,
    };
    const py_seq *gens = e->v.comp.generators;
    const py_comprehension *outer = PY_SEQ_GET(gens, 0);
    CHECK(enter_scope(c, name, SCOPE_COMPREHENSION, e, e->pos.lineno));
    c->u->loc = e->pos;
    if (type != PY_COMP_GEN)
        CHECK(emit(c, build[type], 0));
    CHECK(comprehension_generator(c, gens, 0, 0, e->v.comp.elt,
                                  e->v.comp.value, type));
    if (type != PY_COMP_GEN)
        CHECK(emit(c, PY_RETURN_VALUE, 0));
    oh_object *co = assemble(c, true);
    if (co == NULL)
        return -1;
    oh_object *qualname = c->u->qualname;
    oh_incref(qualname);
    exit_scope(c);
    int rc = make_closure(c, co, 0, qualname);
    oh_decref(co);
    oh_decref(qualname);
    CHECK(rc);
    CHECK(visit_iterable(c, outer->iter));
    CHECK(emit(c, PY_GET_ITER, 0));
    /* [function, iterator]: CALL 0 calls function(iterator), the iterator
     * in the self slot. */
    return emit(c, PY_CALL, 0);
}

/* An iterable that is a list display is built as a tuple (a constant
 * one when it can be): `for x in [a, b]`, `x in [1, 2]` (CPython's
 * fold_iter). */
static int
visit_iterable(compiler *c, const py_expr *e)
{
    if (e->kind == PY_E_SET) {
        /* x in {1, 2}: a frozenset constant. */
        oh_object *t;
        int r = const_tuple(c, e->v.set.elts, 0, PY_SEQ_LEN(e->v.set.elts),
                            &t);
        CHECK(r);
        if (r > 0) {
            oh_object *fs = const_frozenset(t);
            oh_decref(t);
            if (fs != NULL) {
                unit *u = c->u;
                py_pos saved = u->loc;
                u->loc = e->pos;
                int rc = emit_const_new(c, fs);
                u->loc = saved;
                return rc;
            }
            CHECK(py_err_occurred() ? -1 : 0);
        }
        return visit_expr(c, e);
    }
    if (e->kind != PY_E_LIST)
        return visit_expr(c, e);
    const py_seq *elts = e->v.list.elts;
    for (size_t i = 0; i < PY_SEQ_LEN(elts); i++)
        if (((const py_expr *)PY_SEQ_GET(elts, i))->kind == PY_E_STARRED)
            return visit_expr(c, e);
    unit *u = c->u;
    py_pos saved = u->loc;
    u->loc = e->pos;
    int rc = starunpack(c, elts, 0, PY_BUILD_LIST, PY_LIST_APPEND,
                        PY_LIST_EXTEND, true);
    u->loc = saved;
    return rc;
}

/* ---- The dispatcher ---- */

static int visit_lambda(compiler *c, const py_expr *e);

static int
visit_expr_(compiler *c, const py_expr *e)
{
    switch (e->kind) {
    case PY_E_NAMEDEXPR:
        CHECK(visit_expr(c, e->v.namedexpr.value));
        CHECK(emit(c, PY_COPY, 1));
        return visit_expr(c, e->v.namedexpr.target);
    case PY_E_BOOLOP:
        return visit_boolop(c, e);
    case PY_E_BINOP:
        CHECK(visit_expr(c, e->v.binop.left));
        CHECK(visit_expr(c, e->v.binop.right));
        return emit(c, PY_BINARY_OP, (uint32_t)e->v.binop.op);
    case PY_E_UNARYOP: {
        static const int ops[] = {
            [PY_INVERT] = PY_UNARY_INVERT,
            [PY_NOT] = PY_UNARY_NOT,
            [PY_UADD] = PY_UNARY_POSITIVE,
            [PY_USUB] = PY_UNARY_NEGATIVE,
        };
        CHECK(visit_expr(c, e->v.unaryop.operand));
        return emit(c, ops[e->v.unaryop.op], 0);
    }
    case PY_E_LAMBDA:
        return visit_lambda(c, e);
    case PY_E_IFEXP:
        return visit_ifexp(c, e);
    case PY_E_DICT:
        return visit_dict(c, e);
    case PY_E_SET:
        return starunpack(c, e->v.set.elts, 0, PY_BUILD_SET, PY_SET_ADD,
                          PY_SET_UPDATE, false);
    case PY_E_GENERATOREXP:
        return visit_comprehension(c, e, PY_COMP_GEN, c->s_genexpr);
    case PY_E_LISTCOMP:
        return visit_comprehension(c, e, PY_COMP_LIST, c->s_listcomp);
    case PY_E_SETCOMP:
        return visit_comprehension(c, e, PY_COMP_SET, c->s_setcomp);
    case PY_E_DICTCOMP:
        return visit_comprehension(c, e, PY_COMP_DICT, c->s_dictcomp);
    case PY_E_YIELD:
        if (c->u->ste->type != PY_BLOCK_FUNCTION)
            return compiler_error(c, "'yield' outside function", NULL);
        if (e->v.yield.value)
            CHECK(visit_expr(c, e->v.yield.value));
        else
            CHECK(emit_const(c, OH_NONE));
        return emit(c, PY_YIELD_VALUE, 0);
    case PY_E_YIELDFROM: {
        if (c->u->ste->type != PY_BLOCK_FUNCTION)
            return compiler_error(c, "'yield' outside function", NULL);
        int start, exit;
        CHECK(visit_expr(c, e->v.yieldfrom.value));
        CHECK(emit(c, PY_GET_YIELD_FROM_ITER, 0));
        CHECK(emit_const(c, OH_NONE));
        /* SEND, then YIELD_VALUE right after it: opcodes.h's shape of a
         * delegation, which gen.throw() and close() recognise. */
        CHECK(start = new_label(c));
        CHECK(exit = new_label(c));
        use_label(c, start);
        CHECK(emit_jump(c, PY_SEND, exit));
        CHECK(emit(c, PY_YIELD_VALUE, 0));
        CHECK(emit_jump(c, PY_JUMP, start));
        use_label(c, exit);
        return 0;
    }
    case PY_E_COMPARE:
        return visit_compare(c, e);
    case PY_E_CALL:
        return visit_call(c, e);
    case PY_E_FORMATTEDVALUE:
        return visit_formatted(c, e);
    case PY_E_JOINEDSTR:
        return visit_joined(c, e);
    case PY_E_CONSTANT:
        return emit_const(c, e->v.constant.value);
    case PY_E_ATTRIBUTE:
        return visit_attribute(c, e);
    case PY_E_SUBSCRIPT:
        return visit_subscript(c, e);
    case PY_E_STARRED:
        if (e->v.starred.ctx == PY_STORE)
            return compiler_error(c, "starred assignment target must be in "
                                  "a list or tuple", NULL);
        return compiler_error(c, "can't use starred expression here", NULL);
    case PY_E_SLICE:
        return visit_slice(c, e);
    case PY_E_NAME:
        /* __debug__ is True: assertions are always on. */
        if (e->v.name.ctx == PY_LOAD && e->v.name.id == c->s___debug__)
            return emit_const(c, OH_TRUE);
        return nameop(c, e->v.name.id, e->v.name.ctx);
    case PY_E_LIST:
        return visit_list_or_tuple(c, e->v.list.elts, e->v.list.ctx, false);
    case PY_E_TUPLE:
        return visit_list_or_tuple(c, e->v.tuple.elts, e->v.tuple.ctx,
                                   true);
    }
    return system_error("unknown expression kind");
}

/* Compile e with the position of e, restoring the enclosing position
 * afterwards (CPython's compiler_visit_expr). */
static int
visit_expr(compiler *c, const py_expr *e)
{
    if (++c->depth > CO_MAX_DEPTH) {
        py_err_set_string(PY_EXC(RecursionError), "maximum recursion depth "
                          "exceeded during compilation");
        return -1;
    }
    unit *u = c->u;
    py_pos saved = u->loc;
    u->loc = e->pos;
    int rc = visit_expr_(c, e);
    /* A lambda or comprehension pushed and popped a unit: c->u is u. */
    u->loc = saved;
    c->depth--;
    return rc;
}

/* ==========================================================================
 * Annotations as strings (from __future__ import annotations)
 * ========================================================================== */

/* Under the future import an annotation is not evaluated: it is stored
 * as the source text CPython's unparser (Python/ast_unparse.c) gives,
 * normalised: minimal parentheses by precedence, repr() of constants,
 * "1e309" for infinity.  The precedence levels, lowest first: */
enum {
    PR_TUPLE, PR_TEST, PR_OR, PR_AND, PR_NOT, PR_CMP, PR_BOR, PR_BXOR,
    PR_BAND, PR_SHIFT, PR_ARITH, PR_TERM, PR_FACTOR, PR_POWER, PR_AWAIT,
    PR_ATOM
};

static int unparse(compiler *c, ohi_strbuf *b, const py_expr *e, int level);

static void
put(ohi_strbuf *b, const char *s)
{
    ohi_strbuf_adds(b, s);
}

static void
put_if(ohi_strbuf *b, bool cond, const char *s)
{
    if (cond)
        ohi_strbuf_adds(b, s);
}

static void
put_str(ohi_strbuf *b, oh_object *s)
{
    size_t n;
    const char *p = oh_str_utf8(s, &n);
    ohi_strbuf_add(b, p, n);
}

/* repr(o), with "inf" spelled 1e309 for floats and complexes. */
static int
put_repr(ohi_strbuf *b, oh_object *o)
{
    oh_object *r = py_repr(o);
    if (r == NULL)
        return -1;
    size_t n;
    const char *p = oh_str_utf8(r, &n);
    if (o->type == &oh_float_type || o->type == &PY_T(complex)->ot) {
        for (const char *q; (q = strstr(p, "inf")) != NULL; p = q + 3) {
            ohi_strbuf_add(b, p, (size_t)(q - p));
            put(b, "1e309");
        }
        put(b, p);
    }
    else {
        ohi_strbuf_add(b, p, n);
    }
    oh_decref(r);
    return 0;
}

static int
unparse_seq(compiler *c, ohi_strbuf *b, const py_seq *seq, int level)
{
    for (size_t i = 0; i < PY_SEQ_LEN(seq); i++) {
        put_if(b, i > 0, ", ");
        CHECK(unparse(c, b, PY_SEQ_GET(seq, i), level));
    }
    return 0;
}

static int
unparse_arg(compiler *c, ohi_strbuf *b, const py_arg *a)
{
    put_str(b, a->arg);
    if (a->annotation == NULL)
        return 0;
    put(b, ": ");
    return unparse(c, b, a->annotation, PR_TEST);
}

/* A lambda's parameters (CPython's append_ast_args). */
static int
unparse_args(compiler *c, ohi_strbuf *b, const py_arguments *a)
{
    size_t npos = PY_SEQ_LEN(a->posonlyargs), nargs = PY_SEQ_LEN(a->args);
    size_t ndef = PY_SEQ_LEN(a->defaults);
    bool first = true;
    for (size_t i = 0; i < npos + nargs; i++) {
        put_if(b, !first, ", ");
        first = false;
        CHECK(unparse_arg(c, b, i < npos ? PY_SEQ_GET(a->posonlyargs, i)
                                         : PY_SEQ_GET(a->args, i - npos)));
        if (i + ndef >= npos + nargs) {
            put(b, "=");
            CHECK(unparse(c, b, PY_SEQ_GET(a->defaults,
                                           i + ndef - npos - nargs),
                          PR_TEST));
        }
        put_if(b, npos > 0 && i + 1 == npos, ", /");
    }
    if (a->vararg != NULL || PY_SEQ_LEN(a->kwonlyargs) > 0) {
        put_if(b, !first, ", ");
        first = false;
        put(b, "*");
        if (a->vararg != NULL)
            CHECK(unparse_arg(c, b, a->vararg));
    }
    for (size_t i = 0; i < PY_SEQ_LEN(a->kwonlyargs); i++) {
        put_if(b, !first, ", ");
        first = false;
        CHECK(unparse_arg(c, b, PY_SEQ_GET(a->kwonlyargs, i)));
        const py_expr *d = PY_SEQ_GET(a->kw_defaults, i);
        if (d != NULL) {
            put(b, "=");
            CHECK(unparse(c, b, d, PR_TEST));
        }
    }
    if (a->kwarg != NULL) {
        put_if(b, !first, ", ");
        put(b, "**");
        CHECK(unparse_arg(c, b, a->kwarg));
    }
    return 0;
}

static int
unparse_comprehensions(compiler *c, ohi_strbuf *b, const py_seq *gens)
{
    for (size_t i = 0; i < PY_SEQ_LEN(gens); i++) {
        const py_comprehension *g = PY_SEQ_GET(gens, i);
        put(b, " for ");
        CHECK(unparse(c, b, g->target, PR_TUPLE));
        put(b, " in ");
        CHECK(unparse(c, b, g->iter, PR_TEST + 1));
        for (size_t k = 0; k < PY_SEQ_LEN(g->ifs); k++) {
            put(b, " if ");
            CHECK(unparse(c, b, PY_SEQ_GET(g->ifs, k), PR_TEST + 1));
        }
    }
    return 0;
}

static int unparse_fstring_part(compiler *c, ohi_strbuf *b, const py_expr *e,
                                bool spec);

/* An f-string: its body, then f + repr(body) (in a format spec, the body
 * as it is). */
static int
unparse_joined(compiler *c, ohi_strbuf *b, const py_expr *e, bool spec)
{
    ohi_strbuf body;
    ohi_strbuf_init(&body);
    for (size_t i = 0; i < PY_SEQ_LEN(e->v.joinedstr.values); i++) {
        if (unparse_fstring_part(c, &body, PY_SEQ_GET(e->v.joinedstr.values,
                                                      i), spec) < 0) {
            ohi_strbuf_discard(&body);
            return -1;
        }
    }
    oh_object *s = ohi_strbuf_finish(&body);
    if (s == NULL)
        return -1;
    int rc = 0;
    if (spec)
        put_str(b, s);
    else {
        put(b, "f");
        rc = put_repr(b, s);
    }
    oh_decref(s);
    return rc;
}

static int
unparse_fstring_part(compiler *c, ohi_strbuf *b, const py_expr *e, bool spec)
{
    if (e->kind == PY_E_CONSTANT) {
        /* Braces are doubled in the literal text. */
        size_t n;
        const char *p = oh_str_utf8(e->v.constant.value, &n);
        for (size_t i = 0; i < n; i++) {
            ohi_strbuf_add(b, p + i, 1);
            if (p[i] == '{' || p[i] == '}')
                ohi_strbuf_add(b, p + i, 1);
        }
        return 0;
    }
    if (e->kind == PY_E_JOINEDSTR)
        return unparse_joined(c, b, e, spec);
    /* A replacement field; a value that starts with a brace is spaced
     * from the field's own. */
    ohi_strbuf v;
    ohi_strbuf_init(&v);
    if (unparse(c, &v, e->v.formattedvalue.value, PR_TEST + 1) < 0) {
        ohi_strbuf_discard(&v);
        return -1;
    }
    oh_object *vs = ohi_strbuf_finish(&v);
    if (vs == NULL)
        return -1;
    put(b, oh_str_utf8(vs, NULL)[0] == '{' ? "{ " : "{");
    put_str(b, vs);
    oh_decref(vs);
    switch (e->v.formattedvalue.conversion) {
    case 's':
        put(b, "!s");
        break;
    case 'r':
        put(b, "!r");
        break;
    case 'a':
        put(b, "!a");
        break;
    default:
        break;
    }
    if (e->v.formattedvalue.format_spec != NULL) {
        put(b, ":");
        CHECK(unparse_fstring_part(c, b, e->v.formattedvalue.format_spec,
                                   true));
    }
    put(b, "}");
    return 0;
}

static int
unparse_(compiler *c, ohi_strbuf *b, const py_expr *e, int level)
{
    static const char *const binop[] = {
        "+", "-", "*", "@", "/", "%", "**", "<<", ">>", "|", "^", "&", "//"
    };
    static const int binpr[] = {
        PR_ARITH, PR_ARITH, PR_TERM, PR_TERM, PR_TERM, PR_TERM, PR_POWER,
        PR_SHIFT, PR_SHIFT, PR_BOR, PR_BXOR, PR_BAND, PR_TERM
    };
    static const char *const cmpop[] = {
        "<", "<=", "==", "!=", ">", ">=", "is", "is not", "in", "not in"
    };
    int pr;
    switch (e->kind) {
    case PY_E_BOOLOP:
        pr = e->v.boolop.op == PY_AND ? PR_AND : PR_OR;
        put_if(b, level > pr, "(");
        for (size_t i = 0; i < PY_SEQ_LEN(e->v.boolop.values); i++) {
            put_if(b, i > 0, pr == PR_AND ? " and " : " or ");
            CHECK(unparse(c, b, PY_SEQ_GET(e->v.boolop.values, i), pr + 1));
        }
        put_if(b, level > pr, ")");
        return 0;
    case PY_E_NAMEDEXPR:
        put_if(b, level > PR_TUPLE, "(");
        CHECK(unparse(c, b, e->v.namedexpr.target, PR_ATOM));
        put(b, " := ");
        CHECK(unparse(c, b, e->v.namedexpr.value, PR_ATOM));
        put_if(b, level > PR_TUPLE, ")");
        return 0;
    case PY_E_BINOP: {
        int op = e->v.binop.op;
        bool rassoc = op == PY_OP_POW;
        pr = binpr[op];
        put_if(b, level > pr, "(");
        CHECK(unparse(c, b, e->v.binop.left, pr + rassoc));
        put(b, " ");
        put(b, binop[op]);
        put(b, " ");
        CHECK(unparse(c, b, e->v.binop.right, pr + !rassoc));
        put_if(b, level > pr, ")");
        return 0;
    }
    case PY_E_UNARYOP: {
        static const char *const ops[] = {
            [PY_INVERT] = "~", [PY_NOT] = "not ", [PY_UADD] = "+",
            [PY_USUB] = "-"
        };
        pr = e->v.unaryop.op == PY_NOT ? PR_NOT : PR_FACTOR;
        put_if(b, level > pr, "(");
        put(b, ops[e->v.unaryop.op]);
        CHECK(unparse(c, b, e->v.unaryop.operand, pr));
        put_if(b, level > pr, ")");
        return 0;
    }
    case PY_E_LAMBDA: {
        const py_arguments *a = e->v.lambda.args;
        put_if(b, level > PR_TEST, "(");
        put(b, "lambda");
        if (PY_SEQ_LEN(a->posonlyargs) + PY_SEQ_LEN(a->args)
            + PY_SEQ_LEN(a->kwonlyargs) > 0 || a->vararg || a->kwarg) {
            put(b, " ");
            CHECK(unparse_args(c, b, a));
        }
        put(b, ": ");
        CHECK(unparse(c, b, e->v.lambda.body, PR_TEST));
        put_if(b, level > PR_TEST, ")");
        return 0;
    }
    case PY_E_IFEXP:
        put_if(b, level > PR_TEST, "(");
        CHECK(unparse(c, b, e->v.ifexp.body, PR_TEST + 1));
        put(b, " if ");
        CHECK(unparse(c, b, e->v.ifexp.test, PR_TEST + 1));
        put(b, " else ");
        CHECK(unparse(c, b, e->v.ifexp.orelse, PR_TEST));
        put_if(b, level > PR_TEST, ")");
        return 0;
    case PY_E_DICT:
        put(b, "{");
        for (size_t i = 0; i < PY_SEQ_LEN(e->v.dict.values); i++) {
            const py_expr *k = PY_SEQ_GET(e->v.dict.keys, i);
            put_if(b, i > 0, ", ");
            if (k == NULL) {
                put(b, "**");
                CHECK(unparse(c, b, PY_SEQ_GET(e->v.dict.values, i),
                              PR_BOR));
                continue;
            }
            CHECK(unparse(c, b, k, PR_TEST));
            put(b, ": ");
            CHECK(unparse(c, b, PY_SEQ_GET(e->v.dict.values, i), PR_TEST));
        }
        put(b, "}");
        return 0;
    case PY_E_SET:
        if (PY_SEQ_LEN(e->v.set.elts) == 0) {
            put(b, "{*()}");
            return 0;
        }
        put(b, "{");
        CHECK(unparse_seq(c, b, e->v.set.elts, PR_TEST));
        put(b, "}");
        return 0;
    case PY_E_LISTCOMP:
    case PY_E_SETCOMP:
    case PY_E_GENERATOREXP:
    case PY_E_DICTCOMP: {
        const char *open = e->kind == PY_E_LISTCOMP ? "["
                           : e->kind == PY_E_GENERATOREXP ? "(" : "{";
        put(b, open);
        CHECK(unparse(c, b, e->v.comp.elt, PR_TEST));
        if (e->kind == PY_E_DICTCOMP) {
            put(b, ": ");
            CHECK(unparse(c, b, e->v.comp.value, PR_TEST));
        }
        CHECK(unparse_comprehensions(c, b, e->v.comp.generators));
        put(b, open[0] == '[' ? "]" : open[0] == '(' ? ")" : "}");
        return 0;
    }
    case PY_E_YIELD:
        if (e->v.yield.value == NULL) {
            put(b, "(yield)");
            return 0;
        }
        put(b, "(yield ");
        CHECK(unparse(c, b, e->v.yield.value, PR_TEST));
        put(b, ")");
        return 0;
    case PY_E_YIELDFROM:
        put(b, "(yield from ");
        CHECK(unparse(c, b, e->v.yieldfrom.value, PR_TEST));
        put(b, ")");
        return 0;
    case PY_E_COMPARE:
        put_if(b, level > PR_CMP, "(");
        CHECK(unparse(c, b, e->v.compare.left, PR_CMP + 1));
        for (size_t i = 0; i < PY_SEQ_LEN(e->v.compare.ops); i++) {
            put(b, " ");
            put(b, cmpop[CMP_OP(e, i)]);
            put(b, " ");
            CHECK(unparse(c, b, PY_SEQ_GET(e->v.compare.comparators, i),
                          PR_CMP + 1));
        }
        put_if(b, level > PR_CMP, ")");
        return 0;
    case PY_E_CALL: {
        const py_seq *args = e->v.call.args, *kws = e->v.call.keywords;
        CHECK(unparse(c, b, e->v.call.func, PR_ATOM));
        if (PY_SEQ_LEN(args) == 1 && PY_SEQ_LEN(kws) == 0
            && ((const py_expr *)PY_SEQ_GET(args, 0))->kind
                   == PY_E_GENERATOREXP)
            return unparse(c, b, PY_SEQ_GET(args, 0), PR_TEST);
        put(b, "(");
        CHECK(unparse_seq(c, b, args, PR_TEST));
        for (size_t i = 0; i < PY_SEQ_LEN(kws); i++) {
            const py_keyword *k = PY_SEQ_GET(kws, i);
            put_if(b, i > 0 || PY_SEQ_LEN(args) > 0, ", ");
            if (k->arg != NULL) {
                put_str(b, k->arg);
                put(b, "=");
            }
            else {
                put(b, "**");
            }
            CHECK(unparse(c, b, k->value, PR_TEST));
        }
        put(b, ")");
        return 0;
    }
    case PY_E_JOINEDSTR:
        return unparse_joined(c, b, e, false);
    case PY_E_FORMATTEDVALUE:
        return unparse_fstring_part(c, b, e, false);
    case PY_E_CONSTANT: {
        oh_object *v = e->v.constant.value;
        if (v == PY_ELLIPSIS) {
            put(b, "...");
            return 0;
        }
        if (e->v.constant.kind != NULL)
            put_str(b, e->v.constant.kind);
        return put_repr(b, v);
    }
    case PY_E_ATTRIBUTE: {
        const py_expr *v = e->v.attribute.value;
        CHECK(unparse(c, b, v, PR_ATOM));
        /* 1 .real: an int needs the space. */
        put(b, v->kind == PY_E_CONSTANT && is_int(v->v.constant.value)
                   ? " ." : ".");
        put_str(b, e->v.attribute.attr);
        return 0;
    }
    case PY_E_SUBSCRIPT:
        CHECK(unparse(c, b, e->v.subscript.value, PR_ATOM));
        put(b, "[");
        CHECK(unparse(c, b, e->v.subscript.slice, PR_TUPLE));
        put(b, "]");
        return 0;
    case PY_E_STARRED:
        put(b, "*");
        return unparse(c, b, e->v.starred.value, PR_BOR);
    case PY_E_NAME:
        put_str(b, e->v.name.id);
        return 0;
    case PY_E_LIST:
        put(b, "[");
        CHECK(unparse_seq(c, b, e->v.list.elts, PR_TEST));
        put(b, "]");
        return 0;
    case PY_E_TUPLE: {
        size_t n = PY_SEQ_LEN(e->v.tuple.elts);
        if (n == 0) {
            put(b, "()");
            return 0;
        }
        put_if(b, level > PR_TUPLE, "(");
        CHECK(unparse_seq(c, b, e->v.tuple.elts, PR_TEST));
        put_if(b, n == 1, ",");
        put_if(b, level > PR_TUPLE, ")");
        return 0;
    }
    case PY_E_SLICE:
        if (e->v.slice.lower)
            CHECK(unparse(c, b, e->v.slice.lower, PR_TEST));
        put(b, ":");
        if (e->v.slice.upper)
            CHECK(unparse(c, b, e->v.slice.upper, PR_TEST));
        if (e->v.slice.step) {
            put(b, ":");
            CHECK(unparse(c, b, e->v.slice.step, PR_TEST));
        }
        return 0;
    }
    return system_error("unknown expression kind");
}

static int
unparse(compiler *c, ohi_strbuf *b, const py_expr *e, int level)
{
    if (++c->depth > CO_MAX_DEPTH) {
        py_err_set_string(PY_EXC(RecursionError), "maximum recursion depth "
                          "exceeded during compilation");
        return -1;
    }
    int rc = unparse_(c, b, e, level);
    c->depth--;
    return rc;
}

/* LOAD_CONST of the annotation's text (CPython's compiler_visit_annexpr). */
static int
emit_annotation_str(compiler *c, const py_expr *e)
{
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    if (unparse(c, &b, e, PR_TEST) < 0) {
        ohi_strbuf_discard(&b);
        return -1;
    }
    oh_object *s = ohi_strbuf_finish(&b);
    return emit_const_new(c, s);
}

/* Compile an annotation: its value, or under the future import its text. */
static int
visit_annotation(compiler *c, const py_expr *e)
{
    if (c->future_annotations)
        return emit_annotation_str(c, e);
    return visit_expr(c, e);
}

/* ==========================================================================
 * Functions, lambdas, classes
 * ========================================================================== */

/* LOAD_CLOSURE for each free variable of co, from this block's cells or
 * free variables, then LOAD_CONST co and MAKE_FUNCTION (CPython's
 * compiler_make_closure).  qualname is co's; MAKE_FUNCTION reads it
 * from the code object. */
static int
make_closure(compiler *c, oh_object *co, uint32_t flags, oh_object *qualname)
{
    (void)qualname;
    const py_code *code = (const py_code *)(const void *)co;
    unit *u = c->u;
    if (code->nfrees > 0) {
        int first = code->nlocalsplus - code->nfrees;
        for (int i = first; i < code->nlocalsplus; i++) {
            oh_object *name = OHI_TUPLE(code->localsplusnames)->items[i];
            int index;
            /* A class passes its own __class__ cell; any other name is a
             * cell or a free variable here. */
            bool cell = (u->scope == SCOPE_CLASS && name == c->s___class__)
                        || py_ste_scope(u->ste, name) == PY_SCOPE_CELL;
            if (cell)
                index = omap_find(&u->cellvars, name);
            else {
                index = omap_find(&u->freevars, name);
                if (index >= 0)
                    index += (int)u->cellvars.n;
            }
            if (index < 0)
                return system_error("a closure's variable is not here");
            CHECK(emit(c, PY_LOAD_CLOSURE, (uint32_t)index));
        }
        flags |= PY_MF_CLOSURE;
        CHECK(emit(c, PY_BUILD_TUPLE, (uint32_t)code->nfrees));
    }
    CHECK(emit_const(c, co));
    return emit(c, PY_MAKE_FUNCTION, flags);
}

static int
check_debug_arg(compiler *c, const py_arg *a)
{
    if (a != NULL && a->arg == c->s___debug__)
        return compiler_error(c, "cannot assign to __debug__", NULL);
    return 0;
}

static int
check_debug_args(compiler *c, const py_arguments *args)
{
    const py_seq *seqs[] = {args->posonlyargs, args->args, args->kwonlyargs};
    for (size_t s = 0; s < 3; s++)
        for (size_t i = 0; i < PY_SEQ_LEN(seqs[s]); i++)
            CHECK(check_debug_arg(c, PY_SEQ_GET(seqs[s], i)));
    CHECK(check_debug_arg(c, args->vararg));
    return check_debug_arg(c, args->kwarg);
}

/* Push the defaults tuple and the keyword-only defaults dict; the
 * MAKE_FUNCTION flags they need, or -1. */
static int
default_arguments(compiler *c, const py_arguments *args)
{
    int flags = 0;
    size_t n = PY_SEQ_LEN(args->defaults);
    if (n > 0) {
        CHECK(visit_exprs(c, args->defaults));
        CHECK(emit(c, PY_BUILD_TUPLE, (uint32_t)n));
        flags |= PY_MF_DEFAULTS;
    }
    size_t nkw = 0;
    for (size_t i = 0; i < PY_SEQ_LEN(args->kwonlyargs); i++)
        if (PY_SEQ_GET(args->kw_defaults, i) != NULL)
            nkw++;
    if (nkw > 0) {
        oh_object *keys = ohi_tuple_alloc(nkw);
        if (keys == NULL)
            return -1;
        size_t k = 0;
        for (size_t i = 0; i < PY_SEQ_LEN(args->kwonlyargs); i++) {
            const py_expr *d = PY_SEQ_GET(args->kw_defaults, i);
            if (d == NULL)
                continue;
            const py_arg *a = PY_SEQ_GET(args->kwonlyargs, i);
            oh_object *m = py_mangle(c->u->private_, a->arg);
            if (m == NULL || visit_expr(c, d) < 0) {
                oh_xdecref(m);
                /* Unfilled items are NULL: fill them before dropping. */
                for (; k < nkw; k++)
                    OHI_TUPLE(keys)->items[k] = OH_NONE;
                oh_decref(keys);
                return -1;
            }
            OHI_TUPLE(keys)->items[k++] = m;
        }
        CHECK(emit_const_new(c, keys));
        CHECK(emit(c, PY_BUILD_CONST_KEY_MAP, (uint32_t)nkw));
        flags |= PY_MF_KWDEFAULTS;
    }
    return flags;
}

/* One annotation: LOAD_CONST name; the value.  *n counts the pairs. */
static int
visit_argannotation(compiler *c, oh_object *name, const py_expr *ann,
                    size_t *n)
{
    if (ann == NULL)
        return 0;
    oh_object *m = py_mangle(c->u->private_, name);
    CHECK(emit_const_new(c, m));
    if (c->future_annotations) {
        CHECK(emit_annotation_str(c, ann));
    }
    else if (ann->kind == PY_E_STARRED) {
        /* *args: *Ts -- [value] = [*Ts]. */
        CHECK(visit_expr(c, ann->v.starred.value));
        CHECK(emit(c, PY_UNPACK_SEQUENCE, 1));
    }
    else {
        CHECK(visit_expr(c, ann));
    }
    (*n)++;
    return 0;
}

static int
visit_argannotations(compiler *c, const py_seq *args, size_t *n)
{
    for (size_t i = 0; i < PY_SEQ_LEN(args); i++) {
        const py_arg *a = PY_SEQ_GET(args, i);
        CHECK(visit_argannotation(c, a->arg, a->annotation, n));
    }
    return 0;
}

/* The annotations dict, in CPython 3.11's order (args before
 * positional-only ones, "return" last): 1 if pushed, 0 if there are
 * none, -1 on error. */
static int
visit_annotations(compiler *c, const py_arguments *args,
                  const py_expr *returns)
{
    size_t n = 0;
    CHECK(visit_argannotations(c, args->args, &n));
    CHECK(visit_argannotations(c, args->posonlyargs, &n));
    if (args->vararg)
        CHECK(visit_argannotation(c, args->vararg->arg,
                                  args->vararg->annotation, &n));
    CHECK(visit_argannotations(c, args->kwonlyargs, &n));
    if (args->kwarg)
        CHECK(visit_argannotation(c, args->kwarg->arg,
                                  args->kwarg->annotation, &n));
    CHECK(visit_argannotation(c, c->s_return_, returns, &n));
    if (n == 0)
        return 0;
    CHECK(emit(c, PY_BUILD_MAP, (uint32_t)n));
    return 1;
}

/* The docstring of a body: its first statement when that is a str
 * constant.  Borrowed; NULL if none. */
static oh_object *
docstring(const py_seq *body)
{
    if (PY_SEQ_LEN(body) == 0)
        return NULL;
    const py_stmt *s = PY_SEQ_GET(body, 0);
    if (s->kind != PY_S_EXPR || s->v.expr.value->kind != PY_E_CONSTANT)
        return NULL;
    oh_object *v = s->v.expr.value->v.constant.value;
    return is_str(v) ? v : NULL;
}

static void
set_args(unit *u, const py_arguments *args)
{
    u->argcount = (int)PY_SEQ_LEN(args->args);
    u->posonlyargcount = (int)PY_SEQ_LEN(args->posonlyargs);
    u->kwonlyargcount = (int)PY_SEQ_LEN(args->kwonlyargs);
}

/* Close the unit being compiled into a code object and make the
 * function in the enclosing block. */
static int
finish_function(compiler *c, uint32_t flags)
{
    oh_object *co = assemble(c, true);
    if (co == NULL)
        return -1;
    oh_object *qualname = c->u->qualname;
    oh_incref(qualname);
    exit_scope(c);
    int rc = make_closure(c, co, flags, qualname);
    oh_decref(co);
    oh_decref(qualname);
    return rc;
}

/* Call the decorators on the function or class on the stack, innermost
 * first, each at its own position: [d, f] CALL 0 calls d(f), f in the
 * self slot. */
static int
apply_decorators(compiler *c, const py_seq *decos)
{
    py_pos saved = c->u->loc;
    for (size_t i = PY_SEQ_LEN(decos); i-- > 0;) {
        c->u->loc = ((const py_expr *)PY_SEQ_GET(decos, i))->pos;
        CHECK(emit(c, PY_CALL, 0));
    }
    c->u->loc = saved;
    return 0;
}

static int
visit_functiondef(compiler *c, const py_stmt *s)
{
    const py_arguments *args = s->v.functiondef.args;
    const py_seq *decos = s->v.functiondef.decorator_list;
    const py_seq *body = s->v.functiondef.body;
    CHECK(check_debug_args(c, args));
    CHECK(visit_exprs(c, decos));
    int firstlineno = s->pos.lineno;
    if (PY_SEQ_LEN(decos) > 0)
        firstlineno = ((const py_expr *)PY_SEQ_GET(decos, 0))->pos.lineno;
    int flags = default_arguments(c, args);
    CHECK(flags);
    int ann = visit_annotations(c, args, s->v.functiondef.returns);
    CHECK(ann);
    if (ann)
        flags |= PY_MF_ANNOTATIONS;
    CHECK(enter_scope(c, s->v.functiondef.name, SCOPE_FUNCTION, s,
                      firstlineno));
    oh_object *doc = docstring(body);
    CHECK(omap_add(&c->u->consts, doc ? doc : OH_NONE));     /* CO3 */
    set_args(c->u, args);
    for (size_t i = doc ? 1 : 0; i < PY_SEQ_LEN(body); i++)
        CHECK(visit_stmt(c, PY_SEQ_GET(body, i)));
    CHECK(finish_function(c, (uint32_t)flags));
    CHECK(apply_decorators(c, decos));
    return nameop(c, s->v.functiondef.name, PY_STORE);
}

static int
visit_lambda(compiler *c, const py_expr *e)
{
    const py_arguments *args = e->v.lambda.args;
    CHECK(check_debug_args(c, args));
    int flags = default_arguments(c, args);
    CHECK(flags);
    CHECK(enter_scope(c, c->s_lambda, SCOPE_LAMBDA, e, e->pos.lineno));
    c->u->loc = e->pos;
    /* None first: a lambda has no docstring (CO3). */
    CHECK(omap_add(&c->u->consts, OH_NONE));
    set_args(c->u, args);
    CHECK(visit_expr(c, e->v.lambda.body));
    if (c->u->ste->generator)
        CHECK(emit(c, PY_POP_TOP, 0));
    else
        CHECK(emit(c, PY_RETURN_VALUE, 0));
    return finish_function(c, (uint32_t)flags);
}

static bool find_ann(const py_seq *stmts);

/* A module's or class's statements: SETUP_ANNOTATIONS when it annotates
 * anything, __doc__ from a docstring (CPython's compiler_body). */
static int
visit_body(compiler *c, const py_seq *stmts)
{
    if (c->u->scope == SCOPE_MODULE && PY_SEQ_LEN(stmts) > 0)
        c->u->loc = ((const py_stmt *)PY_SEQ_GET(stmts, 0))->pos;
    if (find_ann(stmts))
        CHECK(emit(c, PY_SETUP_ANNOTATIONS, 0));
    size_t i = 0;
    if (docstring(stmts) != NULL) {
        const py_stmt *s = PY_SEQ_GET(stmts, 0);
        c->u->loc = s->pos;
        CHECK(visit_expr(c, s->v.expr.value));
        CHECK(nameop(c, c->s___doc__, PY_STORE));
        i = 1;
    }
    for (; i < PY_SEQ_LEN(stmts); i++)
        CHECK(visit_stmt(c, PY_SEQ_GET(stmts, i)));
    return 0;
}

static int
visit_classdef(compiler *c, const py_stmt *s)
{
    const py_seq *decos = s->v.classdef.decorator_list;
    CHECK(visit_exprs(c, decos));
    int firstlineno = s->pos.lineno;
    if (PY_SEQ_LEN(decos) > 0)
        firstlineno = ((const py_expr *)PY_SEQ_GET(decos, 0))->pos.lineno;
    oh_object *name = s->v.classdef.name;
    CHECK(enter_scope(c, name, SCOPE_CLASS, s, firstlineno));
    unit *u = c->u;
    u->private_ = name;
    CHECK(nameop(c, c->s___name__, PY_LOAD));
    CHECK(nameop(c, c->s___module__, PY_STORE));
    CHECK(emit_const(c, u->qualname));
    CHECK(nameop(c, c->s___qualname__, PY_STORE));
    CHECK(visit_body(c, s->v.classdef.body));
    if (u->ste->needs_class_closure) {
        /* The __class__ cell (cell number 0) goes to type.__new__ as
         * __classcell__, which fills it with the class. */
        CHECK(emit(c, PY_LOAD_CLOSURE, 0));
        CHECK(emit(c, PY_COPY, 1));
        CHECK(nameop(c, c->s___classcell__, PY_STORE));
    }
    else {
        CHECK(emit_const(c, OH_NONE));
    }
    CHECK(emit(c, PY_RETURN_VALUE, 0));
    oh_object *co = assemble(c, true);
    if (co == NULL)
        return -1;
    exit_scope(c);
    int rc = emit(c, PY_LOAD_BUILD_CLASS, 0);
    if (rc == 0)
        rc = emit(c, PY_PUSH_NULL, 0);
    if (rc == 0)
        rc = make_closure(c, co, 0, NULL);
    oh_decref(co);
    CHECK(rc);
    CHECK(emit_const(c, name));
    CHECK(call_helper(c, 2, s->v.classdef.bases, s->v.classdef.keywords));
    CHECK(apply_decorators(c, decos));
    return nameop(c, name, PY_STORE);
}

/* ==========================================================================
 * Blocks: loops, try, with, and leaving them early
 * ========================================================================== */

static int
push_fblock(compiler *c, fb_type type, int block, int exit,
            const void *datum)
{
    unit *u = c->u;
    if (u->nfblocks >= CO_MAXBLOCKS)
        return compiler_error(c, "too many statically nested blocks", NULL);
    fblock *f = &u->fblocks[u->nfblocks++];
    OH_ASSERT(u->nfblocks <= CO_MAXBLOCKS);            /* CO2 */
    f->type = type;
    f->block = block;
    f->exit = exit;
    f->datum = datum;
    return 0;
}

static void
pop_fblock(compiler *c)
{
    OH_ASSERT(c->u->nfblocks > 0);
    c->u->nfblocks--;
}

/* __exit__(None, None, None): [exit] -> [exit, None, None, None] and
 * CALL 2 calls exit(None, None, None), the first None in the self
 * slot. */
static int
call_exit_with_nones(compiler *c)
{
    CHECK(emit_const(c, OH_NONE));
    CHECK(emit_const(c, OH_NONE));
    CHECK(emit_const(c, OH_NONE));
    return emit(c, PY_CALL, 2);
}

/* COPY 3; POP_EXCEPT; RERAISE 1: restore the exception being handled
 * before re-raising (the cleanup handler of every except and finally). */
static int
pop_except_and_reraise(compiler *c)
{
    CHECK(emit(c, PY_COPY, 3));
    CHECK(emit(c, PY_POP_EXCEPT, 0));
    return emit(c, PY_RERAISE, 1);
}

/* Leave fblock f on the way to a break, continue or return: run what it
 * must run on exit.  preserve_tos: a return value is on top of the stack
 * and must stay there (CPython's compiler_unwind_fblock). */
static int
unwind_fblock(compiler *c, const fblock *f, bool preserve_tos)
{
    switch (f->type) {
    case FB_WHILE_LOOP:
    case FB_EXCEPTION_HANDLER:
        return 0;
    case FB_FOR_LOOP:
        /* Drop the iterator. */
        if (preserve_tos)
            CHECK(emit(c, PY_SWAP, 2));
        return emit(c, PY_POP_TOP, 0);
    case FB_TRY_EXCEPT:
        return emit(c, CO_POP_BLOCK, 0);
    case FB_FINALLY_TRY:
        /* Run the finally body, out of its own handler. */
        CHECK(emit(c, CO_POP_BLOCK, 0));
        if (preserve_tos)
            CHECK(push_fblock(c, FB_POP_VALUE, -1, -1, NULL));
        CHECK(visit_stmts(c, f->datum));
        if (preserve_tos)
            pop_fblock(c);
        return 0;
    case FB_FINALLY_END:
        if (preserve_tos)
            CHECK(emit(c, PY_SWAP, 2));
        CHECK(emit(c, PY_POP_TOP, 0));          /* the exception */
        if (preserve_tos)
            CHECK(emit(c, PY_SWAP, 2));
        CHECK(emit(c, CO_POP_BLOCK, 0));
        return emit(c, PY_POP_EXCEPT, 0);
    case FB_WITH: {
        const py_stmt *w = f->datum;
        c->u->loc = w->pos;
        CHECK(emit(c, CO_POP_BLOCK, 0));
        if (preserve_tos)
            CHECK(emit(c, PY_SWAP, 2));
        CHECK(call_exit_with_nones(c));
        return emit(c, PY_POP_TOP, 0);
    }
    case FB_HANDLER_CLEANUP:
        if (f->datum != NULL)
            CHECK(emit(c, CO_POP_BLOCK, 0));
        if (preserve_tos)
            CHECK(emit(c, PY_SWAP, 2));
        CHECK(emit(c, CO_POP_BLOCK, 0));
        CHECK(emit(c, PY_POP_EXCEPT, 0));
        if (f->datum != NULL) {
            /* except E as name: name = None; del name. */
            oh_object *name = (oh_object *)(uintptr_t)f->datum;
            CHECK(emit_const(c, OH_NONE));
            CHECK(nameop(c, name, PY_STORE));
            CHECK(nameop(c, name, PY_DEL));
        }
        return 0;
    case FB_POP_VALUE:
        if (preserve_tos)
            CHECK(emit(c, PY_SWAP, 2));
        return emit(c, PY_POP_TOP, 0);
    }
    return system_error("unknown block");
}

/* Unwind the fblocks from the innermost out, stopping at a loop when
 * *loop is wanted (CPython's compiler_unwind_fblock_stack).  The
 * fblocks are restored afterwards: the code after a break, continue or
 * return is still inside them. */
static int
unwind_fblock_stack(compiler *c, bool preserve_tos, const fblock **loop)
{
    unit *u = c->u;
    if (u->nfblocks == 0)
        return 0;
    fblock *top = &u->fblocks[u->nfblocks - 1];
    if (loop != NULL
        && (top->type == FB_WHILE_LOOP || top->type == FB_FOR_LOOP)) {
        *loop = top;
        return 0;
    }
    fblock copy = *top;
    u->nfblocks--;
    CHECK(unwind_fblock(c, &copy, preserve_tos));
    CHECK(unwind_fblock_stack(c, preserve_tos, loop));
    u->fblocks[u->nfblocks++] = copy;
    return 0;
}

static int
visit_return(compiler *c, const py_stmt *s)
{
    const py_expr *v = s->v.return_.value;
    bool preserve_tos = v != NULL && v->kind != PY_E_CONSTANT;
    if (c->u->ste->type != PY_BLOCK_FUNCTION)
        return compiler_error(c, "'return' outside function", NULL);
    if (preserve_tos)
        CHECK(visit_expr(c, v));
    CHECK(unwind_fblock_stack(c, preserve_tos, NULL));
    c->u->loc = s->pos;                 /* after any finally body */
    if (v == NULL)
        CHECK(emit_const(c, OH_NONE));
    else if (!preserve_tos)
        CHECK(emit_const(c, v->v.constant.value));
    return emit(c, PY_RETURN_VALUE, 0);
}

static int
visit_break(compiler *c)
{
    const fblock *loop = NULL;
    CHECK(unwind_fblock_stack(c, false, &loop));
    if (loop == NULL)
        return compiler_error(c, "'break' outside loop", NULL);
    CHECK(unwind_fblock(c, loop, false));
    return emit_jump(c, PY_JUMP, loop->exit);
}

static int
visit_continue(compiler *c)
{
    const fblock *loop = NULL;
    CHECK(unwind_fblock_stack(c, false, &loop));
    if (loop == NULL)
        return compiler_error(c, "'continue' not properly in loop", NULL);
    return emit_jump(c, PY_JUMP, loop->block);
}

static int
visit_for(compiler *c, const py_stmt *s)
{
    int start, cleanup, end;
    CHECK(start = new_label(c));
    CHECK(cleanup = new_label(c));
    CHECK(end = new_label(c));
    CHECK(push_fblock(c, FB_FOR_LOOP, start, end, NULL));
    CHECK(visit_iterable(c, s->v.for_.iter));
    CHECK(emit(c, PY_GET_ITER, 0));
    use_label(c, start);
    CHECK(emit_jump(c, PY_FOR_ITER, cleanup));
    CHECK(visit_expr(c, s->v.for_.target));
    CHECK(visit_stmts(c, s->v.for_.body));
    CHECK(emit_jump(c, PY_JUMP, start));
    use_label(c, cleanup);
    pop_fblock(c);
    CHECK(visit_stmts(c, s->v.for_.orelse));
    use_label(c, end);
    return 0;
}

/* while: the test at the top and a JUMP back at the bottom, so that
 * every iteration passes a backward JUMP, which polls for signals. */
static int
visit_while(compiler *c, const py_stmt *s)
{
    int loop, anchor, end;
    CHECK(loop = new_label(c));
    CHECK(anchor = new_label(c));
    CHECK(end = new_label(c));
    use_label(c, loop);
    CHECK(push_fblock(c, FB_WHILE_LOOP, loop, end, NULL));
    CHECK(jump_if(c, s->v.while_.test, anchor, false));
    CHECK(visit_stmts(c, s->v.while_.body));
    c->u->loc = s->pos;
    CHECK(emit_jump(c, PY_JUMP, loop));
    pop_fblock(c);
    use_label(c, anchor);
    CHECK(visit_stmts(c, s->v.while_.orelse));
    use_label(c, end);
    return 0;
}

static int
visit_if(compiler *c, const py_stmt *s)
{
    int end, next;
    CHECK(end = new_label(c));
    next = end;
    if (PY_SEQ_LEN(s->v.if_.orelse) > 0)
        CHECK(next = new_label(c));
    CHECK(jump_if(c, s->v.if_.test, next, false));
    CHECK(visit_stmts(c, s->v.if_.body));
    if (PY_SEQ_LEN(s->v.if_.orelse) > 0) {
        CHECK(emit_jump(c, PY_JUMP, end));
        use_label(c, next);
        CHECK(visit_stmts(c, s->v.if_.orelse));
    }
    use_label(c, end);
    return 0;
}

/* try/except/else (CPython's compiler_try_except):
 *
 *      SETUP_FINALLY except      body       POP_BLOCK   else   JUMP end
 *   except:   SETUP_CLEANUP cleanup   PUSH_EXC_INFO
 *             for each handler: <type> CHECK_EXC_MATCH
 *             POP_JUMP_IF_FALSE next; STORE name or POP_TOP; body;
 *             POP_BLOCK; POP_EXCEPT; [name = None; del name]; JUMP end
 *             RERAISE 0                 (nothing matched)
 *   cleanup:  COPY 3; POP_EXCEPT; RERAISE 1
 *   end: */
static int
visit_try_except(compiler *c, const py_stmt *s)
{
    int except, end, cleanup;
    CHECK(except = new_label(c));
    CHECK(end = new_label(c));
    CHECK(cleanup = new_label(c));
    CHECK(emit_jump(c, CO_SETUP_FINALLY, except));
    CHECK(push_fblock(c, FB_TRY_EXCEPT, -1, -1, NULL));
    CHECK(visit_stmts(c, s->v.try_.body));
    pop_fblock(c);
    CHECK(emit(c, CO_POP_BLOCK, 0));
    CHECK(visit_stmts(c, s->v.try_.orelse));
    CHECK(emit_jump(c, PY_JUMP, end));
    size_t n = PY_SEQ_LEN(s->v.try_.handlers);
    use_label(c, except);
    CHECK(emit_jump(c, CO_SETUP_CLEANUP, cleanup));
    CHECK(emit(c, PY_PUSH_EXC_INFO, 0));
    CHECK(push_fblock(c, FB_EXCEPTION_HANDLER, -1, -1, NULL));
    for (size_t i = 0; i < n; i++) {
        const py_excepthandler *h = PY_SEQ_GET(s->v.try_.handlers, i);
        c->u->loc = h->pos;
        if (h->type == NULL && i < n - 1)
            return compiler_error(c, "default 'except:' must be last",
                                  NULL);
        int next;
        CHECK(next = new_label(c));
        if (h->type != NULL) {
            CHECK(visit_expr(c, h->type));
            CHECK(emit(c, PY_CHECK_EXC_MATCH, 0));
            CHECK(emit_jump(c, PY_POP_JUMP_IF_FALSE, next));
        }
        if (h->name != NULL) {
            int cleanup_end;
            CHECK(cleanup_end = new_label(c));
            CHECK(nameop(c, h->name, PY_STORE));
            /* try: body finally: name = None; del name */
            CHECK(emit_jump(c, CO_SETUP_CLEANUP, cleanup_end));
            CHECK(push_fblock(c, FB_HANDLER_CLEANUP, -1, -1, h->name));
            CHECK(visit_stmts(c, h->body));
            pop_fblock(c);
            CHECK(emit(c, CO_POP_BLOCK, 0));
            CHECK(emit(c, CO_POP_BLOCK, 0));
            CHECK(emit(c, PY_POP_EXCEPT, 0));
            CHECK(emit_const(c, OH_NONE));
            CHECK(nameop(c, h->name, PY_STORE));
            CHECK(nameop(c, h->name, PY_DEL));
            CHECK(emit_jump(c, PY_JUMP, end));
            use_label(c, cleanup_end);
            /* name = None; del name on the way out: artificial, without
             * a position (CPython's UNSET_LOC). */
            static const py_pos none = {-1, -1, -1, -1};
            c->u->loc = none;
            CHECK(emit_const(c, OH_NONE));
            CHECK(nameop(c, h->name, PY_STORE));
            CHECK(nameop(c, h->name, PY_DEL));
            CHECK(emit(c, PY_RERAISE, 1));
        }
        else {
            CHECK(emit(c, PY_POP_TOP, 0));
            CHECK(push_fblock(c, FB_HANDLER_CLEANUP, -1, -1, NULL));
            CHECK(visit_stmts(c, h->body));
            pop_fblock(c);
            CHECK(emit(c, CO_POP_BLOCK, 0));
            CHECK(emit(c, PY_POP_EXCEPT, 0));
            CHECK(emit_jump(c, PY_JUMP, end));
        }
        use_label(c, next);
    }
    pop_fblock(c);
    CHECK(emit(c, PY_RERAISE, 0));
    use_label(c, cleanup);
    CHECK(pop_except_and_reraise(c));
    use_label(c, end);
    return 0;
}

/* try/finally (CPython's compiler_try_finally): the finally body is
 * compiled twice, once for the normal way out and once as the handler:
 *
 *      SETUP_FINALLY end   body (or try/except)   POP_BLOCK
 *      finally-body   JUMP exit
 *   end:      SETUP_CLEANUP cleanup   PUSH_EXC_INFO   finally-body
 *             RERAISE 0
 *   cleanup:  COPY 3; POP_EXCEPT; RERAISE 1
 *   exit: */
static int
visit_try_finally(compiler *c, const py_stmt *s)
{
    int end, exit, cleanup;
    CHECK(end = new_label(c));
    CHECK(exit = new_label(c));
    CHECK(cleanup = new_label(c));
    CHECK(emit_jump(c, CO_SETUP_FINALLY, end));
    CHECK(push_fblock(c, FB_FINALLY_TRY, -1, -1, s->v.try_.finalbody));
    if (PY_SEQ_LEN(s->v.try_.handlers) > 0)
        CHECK(visit_try_except(c, s));
    else
        CHECK(visit_stmts(c, s->v.try_.body));
    CHECK(emit(c, CO_POP_BLOCK, 0));
    pop_fblock(c);
    CHECK(visit_stmts(c, s->v.try_.finalbody));
    CHECK(emit_jump(c, PY_JUMP, exit));
    use_label(c, end);
    CHECK(emit_jump(c, CO_SETUP_CLEANUP, cleanup));
    CHECK(emit(c, PY_PUSH_EXC_INFO, 0));
    CHECK(push_fblock(c, FB_FINALLY_END, -1, -1, NULL));
    CHECK(visit_stmts(c, s->v.try_.finalbody));
    pop_fblock(c);
    CHECK(emit(c, PY_RERAISE, 0));
    use_label(c, cleanup);
    CHECK(pop_except_and_reraise(c));
    use_label(c, exit);
    return 0;
}

/* with (CPython's compiler_with), one item at a time:
 *
 *      <mgr> BEFORE_WITH          [exit, enter()]
 *      SETUP_WITH final           STORE target or POP_TOP
 *      body (or the next item)    POP_BLOCK
 *      exit(None, None, None)     POP_TOP   JUMP exit
 *   final:    SETUP_CLEANUP cleanup   PUSH_EXC_INFO   WITH_EXCEPT_START
 *             POP_JUMP_IF_TRUE suppress   RERAISE 2
 *   cleanup:  COPY 3; POP_EXCEPT; RERAISE 1
 *   suppress: POP_TOP; POP_BLOCK; POP_EXCEPT; POP_TOP; POP_TOP
 *   exit: */
static int
visit_with(compiler *c, const py_stmt *s, size_t pos)
{
    const py_withitem *item = PY_SEQ_GET(s->v.with.items, pos);
    int final, exit, cleanup, suppress;
    CHECK(final = new_label(c));
    CHECK(exit = new_label(c));
    CHECK(cleanup = new_label(c));
    CHECK(suppress = new_label(c));
    CHECK(visit_expr(c, item->context_expr));
    CHECK(emit(c, PY_BEFORE_WITH, 0));
    CHECK(emit_jump(c, CO_SETUP_WITH, final));
    CHECK(push_fblock(c, FB_WITH, -1, -1, s));
    if (item->optional_vars != NULL)
        CHECK(visit_expr(c, item->optional_vars));
    else
        CHECK(emit(c, PY_POP_TOP, 0));
    if (pos + 1 == PY_SEQ_LEN(s->v.with.items))
        CHECK(visit_stmts(c, s->v.with.body));
    else
        CHECK(visit_with(c, s, pos + 1));
    CHECK(emit(c, CO_POP_BLOCK, 0));
    pop_fblock(c);
    c->u->loc = s->pos;
    CHECK(call_exit_with_nones(c));
    CHECK(emit(c, PY_POP_TOP, 0));
    CHECK(emit_jump(c, PY_JUMP, exit));
    use_label(c, final);
    CHECK(emit_jump(c, CO_SETUP_CLEANUP, cleanup));
    CHECK(emit(c, PY_PUSH_EXC_INFO, 0));
    CHECK(emit(c, PY_WITH_EXCEPT_START, 0));
    CHECK(emit_jump(c, PY_POP_JUMP_IF_TRUE, suppress));
    CHECK(emit(c, PY_RERAISE, 2));
    use_label(c, cleanup);
    CHECK(pop_except_and_reraise(c));
    use_label(c, suppress);
    CHECK(emit(c, PY_POP_TOP, 0));
    CHECK(emit(c, CO_POP_BLOCK, 0));
    CHECK(emit(c, PY_POP_EXCEPT, 0));
    CHECK(emit(c, PY_POP_TOP, 0));
    CHECK(emit(c, PY_POP_TOP, 0));
    use_label(c, exit);
    return 0;
}

/* ==========================================================================
 * Statements
 * ========================================================================== */

static int
visit_augassign(compiler *c, const py_stmt *s)
{
    const py_expr *t = s->v.augassign.target;
    unit *u = c->u;
    py_pos stmt_loc = u->loc;
    u->loc = t->pos;
    switch (t->kind) {
    case PY_E_ATTRIBUTE: {
        CHECK(visit_expr(c, t->v.attribute.value));
        CHECK(emit(c, PY_COPY, 1));
        py_pos saved = u->loc;
        loc_to_attr(c, t);
        CHECK(emit_name(c, PY_LOAD_ATTR, t->v.attribute.attr));
        u->loc = saved;
        break;
    }
    case PY_E_SUBSCRIPT:
        CHECK(visit_expr(c, t->v.subscript.value));
        CHECK(visit_expr(c, t->v.subscript.slice));
        CHECK(emit(c, PY_COPY, 2));
        CHECK(emit(c, PY_COPY, 2));
        CHECK(emit(c, PY_BINARY_SUBSCR, 0));
        break;
    case PY_E_NAME:
        CHECK(nameop(c, t->v.name.id, PY_LOAD));
        break;
    default:
        return system_error("invalid target of an augmented assignment");
    }
    u->loc = stmt_loc;
    CHECK(visit_expr(c, s->v.augassign.value));
    CHECK(emit(c, PY_BINARY_OP,
               (uint32_t)(s->v.augassign.op + PY_OP_INPLACE)));
    u->loc = t->pos;
    switch (t->kind) {
    case PY_E_ATTRIBUTE:
        loc_to_attr(c, t);
        CHECK(emit(c, PY_SWAP, 2));
        return emit_name(c, PY_STORE_ATTR, t->v.attribute.attr);
    case PY_E_SUBSCRIPT:
        CHECK(emit(c, PY_SWAP, 3));
        CHECK(emit(c, PY_SWAP, 2));
        return emit(c, PY_STORE_SUBSCR, 0);
    default:
        return nameop(c, t->v.name.id, PY_STORE);
    }
}

/* Evaluate an expression for its effect: the parts of an annotated
 * target without a value, which CPython evaluates and drops. */
static int
visit_and_pop(compiler *c, const py_expr *e)
{
    CHECK(visit_expr(c, e));
    return emit(c, PY_POP_TOP, 0);
}

static int
visit_annassign(compiler *c, const py_stmt *s)
{
    const py_expr *t = s->v.annassign.target;
    bool module_or_class = c->u->scope == SCOPE_MODULE
                           || c->u->scope == SCOPE_CLASS;
    if (s->v.annassign.value != NULL) {
        CHECK(visit_expr(c, s->v.annassign.value));
        CHECK(visit_expr(c, t));
    }
    switch (t->kind) {
    case PY_E_NAME:
        if (t->v.name.id == c->s___debug__)
            return compiler_error(c, "cannot assign to __debug__", NULL);
        /* x: T at module or class level: __annotations__['x'] = T. */
        if (s->v.annassign.simple && module_or_class) {
            CHECK(visit_annotation(c, s->v.annassign.annotation));
            CHECK(nameop(c, c->s___annotations__, PY_LOAD));
            CHECK(emit_const_new(c, py_mangle(c->u->private_,
                                              t->v.name.id)));
            return emit(c, PY_STORE_SUBSCR, 0);
        }
        break;
    case PY_E_ATTRIBUTE:
        if (s->v.annassign.value == NULL)
            CHECK(visit_and_pop(c, t->v.attribute.value));
        break;
    case PY_E_SUBSCRIPT:
        if (s->v.annassign.value == NULL) {
            CHECK(visit_and_pop(c, t->v.subscript.value));
            CHECK(visit_and_pop(c, t->v.subscript.slice));
        }
        break;
    default:
        return system_error("invalid target of an annotated assignment");
    }
    /* A complex target's annotation is evaluated (and dropped) at module
     * and class level only, and not at all under the future import. */
    if (!s->v.annassign.simple && module_or_class && !c->future_annotations)
        CHECK(visit_and_pop(c, s->v.annassign.annotation));
    return 0;
}

static int
visit_assert(compiler *c, const py_stmt *s)
{
    int end;
    CHECK(end = new_label(c));
    CHECK(jump_if(c, s->v.assert_.test, end, true));
    CHECK(emit(c, PY_LOAD_ASSERTION_ERROR, 0));
    if (s->v.assert_.msg != NULL) {
        /* [AssertionError, msg] CALL 0: AssertionError(msg). */
        CHECK(visit_expr(c, s->v.assert_.msg));
        CHECK(emit(c, PY_CALL, 0));
    }
    CHECK(emit(c, PY_RAISE_VARARGS, 1));
    use_label(c, end);
    return 0;
}

/* A str of s[begin..end) (UTF-8 bytes), interned.  New reference. */
static oh_object *
substr(oh_object *s, size_t begin, size_t end)
{
    const char *p = oh_str_utf8(s, NULL);
    oh_object *r = oh_str_from_utf8(p + begin, end - begin);
    if (r == NULL)
        return NULL;
    oh_object *i = oh_str_intern(r);
    oh_decref(r);
    return i;
}

/* import a.b.c as d: IMPORT_NAME gave a; IMPORT_FROM b, then c, store d
 * (CPython's compiler_import_as). */
static int
import_as(compiler *c, oh_object *name, oh_object *asname)
{
    size_t len;
    const char *s = oh_str_utf8(name, &len);
    const char *dot = memchr(s, '.', len);
    if (dot == NULL)
        return nameop(c, asname, PY_STORE);
    size_t pos = (size_t)(dot - s) + 1;
    for (;;) {
        const char *next = memchr(s + pos, '.', len - pos);
        size_t stop = next ? (size_t)(next - s) : len;
        oh_object *attr = substr(name, pos, stop);
        if (attr == NULL)
            return -1;
        int rc = emit_name_raw(c, PY_IMPORT_FROM, attr);
        oh_decref(attr);
        CHECK(rc);
        if (next == NULL)
            break;
        CHECK(emit(c, PY_SWAP, 2));
        CHECK(emit(c, PY_POP_TOP, 0));
        pos = stop + 1;
    }
    CHECK(nameop(c, asname, PY_STORE));
    return emit(c, PY_POP_TOP, 0);
}

static int
visit_import(compiler *c, const py_stmt *s)
{
    for (size_t i = 0; i < PY_SEQ_LEN(s->v.import.names); i++) {
        const py_alias *a = PY_SEQ_GET(s->v.import.names, i);
        CHECK(emit_const_new(c, oh_int_from_i64(0)));
        CHECK(emit_const(c, OH_NONE));
        CHECK(emit_name(c, PY_IMPORT_NAME, a->name));
        if (a->asname != NULL) {
            CHECK(import_as(c, a->name, a->asname));
            continue;
        }
        /* import a.b.c binds a. */
        size_t len;
        const char *p = oh_str_utf8(a->name, &len);
        const char *dot = memchr(p, '.', len);
        if (dot == NULL) {
            CHECK(nameop(c, a->name, PY_STORE));
            continue;
        }
        oh_object *head = substr(a->name, 0, (size_t)(dot - p));
        if (head == NULL)
            return -1;
        int rc = nameop(c, head, PY_STORE);
        oh_decref(head);
        CHECK(rc);
    }
    return 0;
}

static int
visit_importfrom(compiler *c, const py_stmt *s)
{
    const py_seq *names = s->v.importfrom.names;
    size_t n = PY_SEQ_LEN(names);
    oh_object *module = s->v.importfrom.module;
    CHECK(emit_const_new(c, oh_int_from_i64(s->v.importfrom.level)));
    if (s->pos.lineno > c->future_lineno && module == c->s___future__)
        return compiler_error(c, "from __future__ imports must occur at the "
                              "beginning of the file", NULL);
    oh_object *fromlist = ohi_tuple_alloc(n);
    if (fromlist == NULL)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const py_alias *a = PY_SEQ_GET(names, i);
        oh_incref(a->name);
        OHI_TUPLE(fromlist)->items[i] = a->name;
    }
    CHECK(emit_const_new(c, fromlist));
    CHECK(emit_name(c, PY_IMPORT_NAME, module ? module : c->s_empty));
    for (size_t i = 0; i < n; i++) {
        const py_alias *a = PY_SEQ_GET(names, i);
        if (i == 0 && oh_str_equal_cstr(a->name, "*"))
            return emit(c, PY_IMPORT_STAR, 0);
        CHECK(emit_name(c, PY_IMPORT_FROM, a->name));
        CHECK(nameop(c, a->asname ? a->asname : a->name, PY_STORE));
    }
    return emit(c, PY_POP_TOP, 0);
}

static int
visit_stmt_(compiler *c, const py_stmt *s)
{
    switch (s->kind) {
    case PY_S_FUNCTIONDEF:
        return visit_functiondef(c, s);
    case PY_S_CLASSDEF:
        return visit_classdef(c, s);
    case PY_S_RETURN:
        return visit_return(c, s);
    case PY_S_DELETE:
        return visit_exprs(c, s->v.delete_.targets);
    case PY_S_ASSIGN: {
        size_t n = PY_SEQ_LEN(s->v.assign.targets);
        CHECK(visit_expr(c, s->v.assign.value));
        for (size_t i = 0; i < n; i++) {
            if (i + 1 < n)
                CHECK(emit(c, PY_COPY, 1));
            CHECK(visit_expr(c, PY_SEQ_GET(s->v.assign.targets, i)));
        }
        return 0;
    }
    case PY_S_AUGASSIGN:
        return visit_augassign(c, s);
    case PY_S_ANNASSIGN:
        return visit_annassign(c, s);
    case PY_S_FOR:
        return visit_for(c, s);
    case PY_S_WHILE:
        return visit_while(c, s);
    case PY_S_IF:
        return visit_if(c, s);
    case PY_S_WITH:
        return visit_with(c, s, 0);
    case PY_S_RAISE: {
        uint32_t n = 0;
        if (s->v.raise.exc != NULL) {
            CHECK(visit_expr(c, s->v.raise.exc));
            n++;
            if (s->v.raise.cause != NULL) {
                CHECK(visit_expr(c, s->v.raise.cause));
                n++;
            }
        }
        return emit(c, PY_RAISE_VARARGS, n);
    }
    case PY_S_TRY:
        if (PY_SEQ_LEN(s->v.try_.finalbody) > 0)
            return visit_try_finally(c, s);
        return visit_try_except(c, s);
    case PY_S_ASSERT:
        return visit_assert(c, s);
    case PY_S_IMPORT:
        return visit_import(c, s);
    case PY_S_IMPORTFROM:
        return visit_importfrom(c, s);
    case PY_S_GLOBAL:
    case PY_S_NONLOCAL:
        return 0;
    case PY_S_EXPR: {
        const py_expr *v = s->v.expr.value;
        if (c->interactive && c->nestlevel <= 1) {
            CHECK(visit_expr(c, v));
            return emit(c, PY_PRINT_EXPR, 0);
        }
        if (v->kind == PY_E_CONSTANT)
            return emit(c, PY_NOP, 0);
        CHECK(visit_expr(c, v));
        return emit(c, PY_POP_TOP, 0);
    }
    case PY_S_PASS:
        return emit(c, PY_NOP, 0);
    case PY_S_BREAK:
        return visit_break(c);
    case PY_S_CONTINUE:
        return visit_continue(c);
    }
    return system_error("unknown statement kind");
}

/* Every statement sets the position of what it emits (CPython's
 * compiler_visit_stmt). */
static int
visit_stmt(compiler *c, const py_stmt *s)
{
    if (++c->depth > CO_MAX_DEPTH) {
        py_err_set_string(PY_EXC(RecursionError), "maximum recursion depth "
                          "exceeded during compilation");
        return -1;
    }
    c->u->loc = s->pos;
    int rc = visit_stmt_(c, s);
    c->depth--;
    return rc;
}

/* Does a block (not counting nested defs and classes) annotate a name?
 * Then it needs __annotations__ (CPython's find_ann). */
static bool
find_ann(const py_seq *stmts)
{
    for (size_t i = 0; i < PY_SEQ_LEN(stmts); i++) {
        const py_stmt *s = PY_SEQ_GET(stmts, i);
        switch (s->kind) {
        case PY_S_ANNASSIGN:
            return true;
        case PY_S_FOR:
            if (find_ann(s->v.for_.body) || find_ann(s->v.for_.orelse))
                return true;
            break;
        case PY_S_WHILE:
            if (find_ann(s->v.while_.body) || find_ann(s->v.while_.orelse))
                return true;
            break;
        case PY_S_IF:
            if (find_ann(s->v.if_.body) || find_ann(s->v.if_.orelse))
                return true;
            break;
        case PY_S_WITH:
            if (find_ann(s->v.with.body))
                return true;
            break;
        case PY_S_TRY:
            for (size_t j = 0; j < PY_SEQ_LEN(s->v.try_.handlers); j++) {
                const py_excepthandler *h = PY_SEQ_GET(s->v.try_.handlers, j);
                if (find_ann(h->body))
                    return true;
            }
            if (find_ann(s->v.try_.body) || find_ann(s->v.try_.finalbody)
                || find_ann(s->v.try_.orelse))
                return true;
            break;
        default:
            break;
        }
    }
    return false;
}

/* ==========================================================================
 * __future__
 * ========================================================================== */

/* Check the `from __future__ import` statements at the top of a module
 * (after its docstring), as CPython's future.c: each feature must exist;
 * remember the last one's line (a later one is an error, reported by
 * visit_importfrom). */
static int
future_parse(compiler *c, const py_mod *mod)
{
    static const char *const features[] = {
        "nested_scopes", "generators", "division", "absolute_import",
        "with_statement", "print_function", "unicode_literals",
        "barry_as_FLUFL", "generator_stop", "annotations", NULL
    };
    const py_seq *body = mod->body;
    size_t i = docstring(body) != NULL ? 1 : 0;
    bool done = false;
    int prev_line = 0;
    for (; i < PY_SEQ_LEN(body); i++) {
        const py_stmt *s = PY_SEQ_GET(body, i);
        if (done && s->pos.lineno > prev_line)
            return 0;
        prev_line = s->pos.lineno;
        if (s->kind != PY_S_IMPORTFROM
            || s->v.importfrom.module != c->s___future__) {
            done = true;
            continue;
        }
        py_pos at = {s->pos.lineno, s->pos.col_offset, s->pos.lineno, -1};
        if (done) {
            at.col_offset--;
            py_syntax_error(&c->si, &at, "from __future__ imports must "
                            "occur at the beginning of the file", NULL);
            return -1;
        }
        const py_seq *names = s->v.importfrom.names;
        for (size_t k = 0; k < PY_SEQ_LEN(names); k++) {
            const py_alias *a = PY_SEQ_GET(names, k);
            const char *f = oh_str_utf8(a->name, NULL);
            size_t j = 0;
            while (features[j] != NULL && strcmp(features[j], f) != 0)
                j++;
            if (features[j] != NULL) {
                if (strcmp(f, "annotations") == 0)
                    c->future_annotations = true;
                continue;
            }
            if (strcmp(f, "braces") == 0)
                py_syntax_error(&c->si, &at, "not a chance", NULL);
            else
                py_syntax_error(&c->si, &at, "future feature %s is not "
                                "defined", a->name);
            return -1;
        }
        c->future_lineno = s->pos.lineno;
    }
    return 0;
}

/* ==========================================================================
 * Entry points
 * ========================================================================== */

static void
compiler_free(compiler *c)
{
    while (c->u != NULL)
        exit_scope(c);
    py_symtable_free(c->st);
#define CO_NAME_FREE(id, text) oh_xdecref(c->s_##id);
    CO_NAMES(CO_NAME_FREE)
#undef CO_NAME_FREE
}

static oh_object *
compile_mod(const py_mod *mod, oh_object *filename, const char *src,
            size_t len)
{
    compiler c;
    memset(&c, 0, sizeof c);
    c.si.filename = filename;
    c.si.src = src;
    c.si.len = len;
    oh_object *co = NULL;
#define CO_NAME_INIT(id, text)                                              \
    if ((c.s_##id = oh_str_intern_cstr(text)) == NULL)                      \
        goto done;
    CO_NAMES(CO_NAME_INIT)
#undef CO_NAME_INIT
    if (mod->mode != PY_MODE_EVAL && future_parse(&c, mod) < 0)
        goto done;
    c.st = py_symtable_build(mod, &c.si, c.future_annotations
                                             ? PY_ST_FUTURE_ANNOTATIONS : 0);
    if (c.st == NULL)
        goto done;
    if (enter_scope(&c, c.s_module, SCOPE_MODULE, mod, 1) < 0)
        goto done;
    c.top = c.u->ste;
    bool add_none = true;
    int rc;
    switch (mod->mode) {
    case PY_MODE_EXEC:
        rc = visit_body(&c, mod->body);
        break;
    case PY_MODE_SINGLE:
        rc = 0;
        if (find_ann(mod->body))
            rc = emit(&c, PY_SETUP_ANNOTATIONS, 0);
        c.interactive = true;
        if (rc == 0)
            rc = visit_stmts(&c, mod->body);
        break;
    default:
        rc = visit_expr(&c, mod->expr);
        add_none = false;
        break;
    }
    if (rc == 0)
        co = assemble(&c, add_none);
    /* Folding calls the types' own functions: none may leave an error
     * behind a success. */
    OH_ASSERT(co == NULL || !py_err_occurred());
done:
    compiler_free(&c);
    return co;
}

oh_object *
py_compile_ast(const py_mod *mod, oh_object *filename, py_arena *arena)
{
    (void)arena;
    return compile_mod(mod, filename, NULL, 0);
}

oh_object *
py_compile_source(const char *src, size_t len, oh_object *filename,
                  int mode)
{
    py_arena *arena = py_arena_new();
    if (arena == NULL)
        return NULL;
    oh_object *co = NULL;
    py_mod *mod = py_parse(arena, src, len, filename, (py_parse_mode)mode,
                           NULL);
    if (mod != NULL)
        co = compile_mod(mod, filename, src, len);
    py_arena_free(arena);
    return co;
}
