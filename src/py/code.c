/*
 * code.c -- code objects: what the compiler produces and the interpreter
 * runs.
 *
 * What this file owns
 * -------------------
 * The code object type (PY_T(code)): its constructor from a compiler's
 * description (py_code_spec), which checks everything the interpreter
 * will trust; its dealloc and traverse through the library's descriptor;
 * the position table that maps each instruction back to its source; the
 * opcode tables opcodes.h declares (names, cache units); and the
 * disassembler, which prints a code object and the code objects nested
 * in its constants the way CPython 3.11's `dis.dis` does.
 *
 * Layout
 * ------
 *
 *   py_code | refcnt | type | code ------> [unit 0][unit 1] ... (ncode)
 *           | flags, argcount, ..., stacksize, firstlineno
 *           | consts (tuple) | names (tuple of interned strs)
 *           | localsplusnames (tuple) | localspluskinds --> [kind] x n
 *           | filename | name | qualname
 *           | linetable ----> compressed positions (below)
 *           | exctable -----> [py_exc_entry] x nexc
 *
 * Every array is a private oh_malloc'd copy; the objects are owned
 * references.  A code object references only constants (numbers, strs,
 * bytes, tuples of them, other code objects), so it can never be part of
 * a reference cycle: it is not a container, and the collector never
 * tracks it.  It still has a traverse, so that the heap's reference graph
 * (refgraph.c) sees its edges.
 *
 * The position table
 * ------------------
 * Each code unit has a source position: first line, end line, first
 * column and end column (UTF-8 byte offsets, as the AST's), any of which
 * may be unknown (-1).  Tracebacks print the line, and CPython 3.11's
 * carets under the failing expression need the columns.  Consecutive
 * units with the same position form a run; the table is the runs in
 * order, each encoded as five variable-length integers:
 *
 *   run    := ulen  dline  dend  col1  endcol1
 *   ulen   := units in the run (>= 1)                  unsigned
 *   dline  := line + 1 - (previous run's line + 1)     signed (zigzag)
 *   dend   := end_line - line, or 0 when either is unknown   unsigned
 *   col1   := col + 1 (0: unknown)                     unsigned
 *   endcol1:= end col + 1 (0: unknown)                 unsigned
 *
 * An unsigned integer is written 7 bits a byte, low bits first, the top
 * bit set on every byte but the last (LEB128); a signed one is zigzagged
 * first (0, -1, 1, -2 ... -> 0, 1, 2, 3 ...).  The "previous line" of
 * the first run is firstlineno.  A straight-line statement costs 5 bytes
 * a run; a lookup decodes from the start, which only tracebacks and
 * f_lineno need.
 *
 * Invariants (CD1-CD3 are at struct py_code in py.h)
 * ----------
 * CD4. The runs' ulen add up to ncode exactly.
 * CD5. Every instruction's argument indexes what it names: consti <
 *      len(consts), namei < len(names), a local slot < nlocalsplus; a
 *      jump's or handler's target starts an instruction (CD1).  So the
 *      interpreter never checks an index.
 * CD6. The exception table's entries are sorted, their [start, end)
 *      ranges do not overlap, and depth <= stacksize.
 * CD7. localspluskinds[i] is PY_LOCAL_PLAIN (possibly | PY_LOCAL_CELL)
 *      for i < nlocals, PY_LOCAL_CELL for the next ncells slots and
 *      PY_LOCAL_FREE for the last nfrees.
 * CD8. What is given to py_code_new holds base instructions only (no
 *      specialised form, no superinstruction); py_code_new then quickens
 *      it (superinstructions, whose second half always follows them;
 *      every JUMP whose target is ahead becomes JUMP_FORWARD, so a JUMP
 *      left is a backward one), and the interpreter alone specialises it
 *      further (specialize.c).
 * py_code_new checks CD1 and CD4-CD8 on every code object it builds and
 * raises SystemError when one fails: whatever builds a code object (the
 * compiler today, a loader later), the interpreter can trust it.
 */
#include "py/py.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* ==========================================================================
 * Opcode tables (opcodes.h)
 * ========================================================================== */

const uint8_t py_opcode_cache[256] = {
#define CD_CACHE(name, cache) [PY_##name] = (cache),
    PY_OPCODES(CD_CACHE)
#undef CD_CACHE
};

const char *const py_opcode_name[256] = {
#define CD_NAME(name, cache) [PY_##name] = #name,
    PY_OPCODES(CD_NAME)
#undef CD_NAME
};

const uint8_t py_opcode_base[256] = {
    [PY_LOAD_ATTR_CACHED] = PY_LOAD_ATTR,
    [PY_STORE_ATTR_CACHED] = PY_STORE_ATTR,
    [PY_LOAD_METHOD_CACHED] = PY_LOAD_METHOD,
    [PY_LOAD_GLOBAL_CACHED] = PY_LOAD_GLOBAL,
    [PY_LOAD_ATTR_MODULE] = PY_LOAD_ATTR,
    [PY_BINARY_OP_ADD_INT] = PY_BINARY_OP,
    [PY_BINARY_OP_SUBTRACT_INT] = PY_BINARY_OP,
    [PY_BINARY_OP_MULTIPLY_INT] = PY_BINARY_OP,
    [PY_BINARY_OP_FLOOR_DIVIDE_INT] = PY_BINARY_OP,
    [PY_BINARY_OP_REMAINDER_INT] = PY_BINARY_OP,
    [PY_BINARY_OP_AND_INT] = PY_BINARY_OP,
    [PY_BINARY_OP_OR_INT] = PY_BINARY_OP,
    [PY_BINARY_OP_XOR_INT] = PY_BINARY_OP,
    [PY_BINARY_OP_RSHIFT_INT] = PY_BINARY_OP,
    [PY_BINARY_OP_LSHIFT_INT] = PY_BINARY_OP,
    [PY_BINARY_OP_ADD_FLOAT] = PY_BINARY_OP,
    [PY_BINARY_OP_SUBTRACT_FLOAT] = PY_BINARY_OP,
    [PY_BINARY_OP_MULTIPLY_FLOAT] = PY_BINARY_OP,
    [PY_BINARY_OP_TRUE_DIVIDE_FLOAT] = PY_BINARY_OP,
    [PY_LOAD_FAST__LOAD_FAST] = PY_LOAD_FAST,
    [PY_LOAD_FAST__LOAD_CONST] = PY_LOAD_FAST,
    [PY_LOAD_CONST__LOAD_FAST] = PY_LOAD_CONST,
    [PY_STORE_FAST__LOAD_FAST] = PY_STORE_FAST,
    [PY_STORE_FAST__STORE_FAST] = PY_STORE_FAST,
    [PY_JUMP_FORWARD] = PY_JUMP,
};

/* The superinstruction for a pair of base instructions, or 0. */
static int
super_of(int first, int second)
{
    switch (first << 8 | second) {
    case PY_LOAD_FAST << 8 | PY_LOAD_FAST: return PY_LOAD_FAST__LOAD_FAST;
    case PY_LOAD_FAST << 8 | PY_LOAD_CONST: return PY_LOAD_FAST__LOAD_CONST;
    case PY_LOAD_CONST << 8 | PY_LOAD_FAST: return PY_LOAD_CONST__LOAD_FAST;
    case PY_STORE_FAST << 8 | PY_LOAD_FAST: return PY_STORE_FAST__LOAD_FAST;
    case PY_STORE_FAST << 8 | PY_STORE_FAST:
        return PY_STORE_FAST__STORE_FAST;
    default: return 0;
    }
}

/* Quicken (CD8): rewrite the first of each pair that has a
 * superinstruction, and each JUMP ahead into JUMP_FORWARD (a backward
 * JUMP is a loop's step: IN4 in py.h).  Runs once, on code check_spec
 * accepted, in which no specialised form appears. */
static void
quicken(py_codeunit *code, uint32_t n)
{
    for (uint32_t i = 0; i < n; i += 1 + PY_CACHE(PY_OP(code[i]))) {
        int op = PY_OP(code[i]);
        if (op == PY_JUMP && PY_ARG(code[i]) > i) {
            code[i] = PY_INSTR(PY_JUMP_FORWARD, PY_ARG(code[i]));
            continue;
        }
        if (PY_CACHE(op) != 0 || i + 1 >= n)
            continue;
        int super = super_of(op, PY_OP(code[i + 1]));
        if (super != 0)
            code[i] = PY_INSTR(super, PY_ARG(code[i]));
    }
}

/* What an instruction's argument indexes, for CD5 and the
 * disassembler. */
enum {
    ARG_NONE = 0,       /* no argument (printed without one) */
    ARG_INT,            /* a plain number */
    ARG_CONST,          /* consts */
    ARG_NAME,           /* names */
    ARG_LOCAL,          /* localsplus */
    ARG_JUMP,           /* a code unit */
    ARG_BINOP,          /* a py_operator, maybe + PY_OP_INPLACE */
    ARG_CMP,            /* PY_CMP_LT..PY_CMP_GE */
    ARG_FORMAT,         /* FORMAT_VALUE flags */
    ARG_MAKEFN          /* MAKE_FUNCTION flags */
};

static int
arg_kind(int op)
{
    switch (op) {
    case PY_NOP: case PY_POP_TOP: case PY_PUSH_NULL:
    case PY_BINARY_SUBSCR: case PY_STORE_SUBSCR: case PY_DELETE_SUBSCR:
    case PY_UNARY_NEGATIVE: case PY_UNARY_POSITIVE: case PY_UNARY_INVERT:
    case PY_UNARY_NOT: case PY_LIST_TO_TUPLE: case PY_GET_ITER:
    case PY_RETURN_VALUE: case PY_YIELD_VALUE: case PY_GET_YIELD_FROM_ITER:
    case PY_PUSH_EXC_INFO: case PY_POP_EXCEPT: case PY_CHECK_EXC_MATCH:
    case PY_LOAD_ASSERTION_ERROR: case PY_BEFORE_WITH:
    case PY_WITH_EXCEPT_START: case PY_LOAD_BUILD_CLASS:
    case PY_SETUP_ANNOTATIONS: case PY_IMPORT_STAR: case PY_PRINT_EXPR:
        return ARG_NONE;
    case PY_LOAD_CONST:
        return ARG_CONST;
    case PY_LOAD_NAME: case PY_STORE_NAME: case PY_DELETE_NAME:
    case PY_LOAD_GLOBAL: case PY_STORE_GLOBAL: case PY_DELETE_GLOBAL:
    case PY_LOAD_ATTR: case PY_STORE_ATTR: case PY_DELETE_ATTR:
    case PY_LOAD_METHOD: case PY_IMPORT_NAME: case PY_IMPORT_FROM:
        return ARG_NAME;
    case PY_LOAD_FAST: case PY_STORE_FAST: case PY_DELETE_FAST:
    case PY_MAKE_CELL: case PY_LOAD_CLOSURE: case PY_LOAD_DEREF:
    case PY_STORE_DEREF: case PY_DELETE_DEREF: case PY_LOAD_CLASSDEREF:
        return ARG_LOCAL;
    case PY_BINARY_OP:
        return ARG_BINOP;
    case PY_COMPARE_OP:
        return ARG_CMP;
    case PY_FORMAT_VALUE:
        return ARG_FORMAT;
    case PY_MAKE_FUNCTION:
        return ARG_MAKEFN;
    default:
        return PY_IS_JUMP(op) ? ARG_JUMP : ARG_INT;
    }
}

/* ==========================================================================
 * The position table
 * ========================================================================== */

/* A growing byte buffer for the encoder. */
typedef struct bytebuf {
    uint8_t *p;
    size_t len, cap;
} bytebuf;

static int
buf_put(bytebuf *b, uint8_t byte)
{
    if (b->len == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        uint8_t *p = oh_realloc(b->p, cap);
        if (p == NULL) {
            oh_err_no_memory();
            return -1;
        }
        b->p = p;
        b->cap = cap;
    }
    b->p[b->len++] = byte;
    return 0;
}

static int
put_uvar(bytebuf *b, uint64_t v)
{
    while (v >= 0x80) {
        if (buf_put(b, (uint8_t)(v | 0x80)) < 0)
            return -1;
        v >>= 7;
    }
    return buf_put(b, (uint8_t)v);
}

static int
put_svar(bytebuf *b, int64_t v)
{
    uint64_t z = v < 0 ? ((uint64_t)(-(v + 1)) << 1) | 1 : (uint64_t)v << 1;
    return put_uvar(b, z);
}

/* Read one unsigned integer at *pp (not past end); 0 at a truncated
 * table (py_code_new only stores tables it wrote). */
static uint64_t
get_uvar(const uint8_t **pp, const uint8_t *end)
{
    uint64_t v = 0;
    unsigned shift = 0;
    const uint8_t *p = *pp;
    while (p < end) {
        uint8_t byte = *p++;
        if (shift < 64)
            v |= (uint64_t)(byte & 0x7f) << shift;
        shift += 7;
        if (!(byte & 0x80))
            break;
    }
    *pp = p;
    return v;
}

static int64_t
get_svar(const uint8_t **pp, const uint8_t *end)
{
    uint64_t z = get_uvar(pp, end);
    return (z & 1) ? -(int64_t)(z >> 1) - 1 : (int64_t)(z >> 1);
}

static bool
pos_equal(const py_pos *a, const py_pos *b)
{
    return a->lineno == b->lineno && a->end_lineno == b->end_lineno
           && a->col_offset == b->col_offset
           && a->end_col_offset == b->end_col_offset;
}

/* The position of unit i from the spec: `positions` when given, else the
 * line alone from `lines`. */
static py_pos
spec_pos(const py_code_spec *spec, uint32_t i)
{
    if (spec->positions != NULL)
        return spec->positions[i];
    int line = spec->lines != NULL ? spec->lines[i] : -1;
    py_pos p = {line, -1, line, -1};
    return p;
}

/* Encode the spec's positions into co->linetable (format above). */
static int
encode_positions(py_code *co, const py_code_spec *spec)
{
    bytebuf b = {NULL, 0, 0};
    int64_t prev = (int64_t)spec->firstlineno + 1;
    uint32_t i = 0;
    while (i < spec->ncode) {
        py_pos p = spec_pos(spec, i);
        uint32_t j = i + 1;
        while (j < spec->ncode) {
            py_pos q = spec_pos(spec, j);
            if (!pos_equal(&p, &q))
                break;
            j++;
        }
        int64_t line1 = p.lineno < 0 ? 0 : (int64_t)p.lineno + 1;
        uint64_t dend = 0;
        if (p.lineno >= 0 && p.end_lineno >= p.lineno)
            dend = (uint64_t)(p.end_lineno - p.lineno);
        if (put_uvar(&b, j - i) < 0
            || put_svar(&b, line1 - prev) < 0
            || put_uvar(&b, dend) < 0
            || put_uvar(&b, p.col_offset < 0 ? 0
                              : (uint64_t)p.col_offset + 1) < 0
            || put_uvar(&b, p.end_col_offset < 0 ? 0
                              : (uint64_t)p.end_col_offset + 1) < 0) {
            oh_free(b.p);
            return -1;
        }
        prev = line1;
        i = j;
    }
    co->linetable = b.p;
    co->linetable_len = (uint32_t)b.len;
    return 0;
}

int
py_code_addr2pos(const py_code *co, int lasti, py_pos *out)
{
    py_pos unknown = {-1, -1, -1, -1};
    *out = unknown;
    if (lasti < 0) {
        out->lineno = out->end_lineno = co->firstlineno;
        return 0;
    }
    if ((uint32_t)lasti >= co->ncode)
        return -1;
    const uint8_t *p = co->linetable;
    const uint8_t *end = p + co->linetable_len;
    int64_t line1 = (int64_t)co->firstlineno + 1;
    uint64_t at = 0;
    while (p < end) {
        uint64_t ulen = get_uvar(&p, end);
        line1 += get_svar(&p, end);
        uint64_t dend = get_uvar(&p, end);
        uint64_t col1 = get_uvar(&p, end);
        uint64_t endcol1 = get_uvar(&p, end);
        if ((uint64_t)lasti < at + ulen) {
            if (line1 <= 0)
                return 0;               /* no position: all -1 */
            out->lineno = (int)(line1 - 1);
            out->end_lineno = out->lineno + (int)dend;
            out->col_offset = (int)col1 - 1;
            out->end_col_offset = (int)endcol1 - 1;
            return 0;
        }
        at += ulen;
    }
    return -1;
}

int
py_code_addr2line(const py_code *co, int lasti)
{
    py_pos pos;
    if (py_code_addr2pos(co, lasti, &pos) < 0)
        return -1;
    return pos.lineno;
}

/* ==========================================================================
 * Checking a spec (CD1, CD4-CD7)
 * ========================================================================== */

static void *
invalid(const char *what, uint32_t at)
{
    return py_err_format(PY_EXC(SystemError),
                         "invalid code object: %s (at unit %u)", what,
                         (unsigned)at);
}

/* 0 if the spec describes a code object the interpreter can run, -1 with
 * SystemError naming the first problem found. */
static int
check_spec(const py_code_spec *spec, int nlocalsplus, uint8_t *starts)
{
    int64_t nconsts = OHI_TUPLE_SIZE(spec->consts);
    int64_t nnames = OHI_TUPLE_SIZE(spec->names);
    uint32_t n = spec->ncode;
    if (n == 0 || n > PY_ARG_MAX) {
        invalid("no code, or more units than a jump can reach", 0);
        return -1;
    }
    /* First pass: where instructions start. */
    for (uint32_t i = 0; i < n;) {
        int op = PY_OP(spec->code[i]);
        if (op >= PY_NOPCODES) {
            invalid("unknown opcode", i);
            return -1;
        }
        if (py_opcode_base[op] != 0) {
            /* A specialised form or superinstruction: only the
             * interpreter writes those (CD8). */
            invalid("unknown opcode", i);
            return -1;
        }
        starts[i] = 1;
        i += 1 + PY_CACHE(op);
        if (i > n) {
            invalid("cache units run past the end", i);
            return -1;
        }
    }
    for (uint32_t i = 0; i < n; i += 1 + PY_CACHE(PY_OP(spec->code[i]))) {
        int op = PY_OP(spec->code[i]);
        uint32_t arg = PY_ARG(spec->code[i]);
        bool ok = true;
        switch (arg_kind(op)) {
        case ARG_CONST:
            ok = arg < (uint64_t)nconsts;
            break;
        case ARG_NAME:
            ok = arg < (uint64_t)nnames;
            break;
        case ARG_LOCAL:
            ok = arg < (uint32_t)nlocalsplus;
            break;
        case ARG_JUMP:
            ok = arg < n && starts[arg];
            break;
        case ARG_BINOP:
            ok = arg < 2 * PY_OP_NBINARY;
            break;
        case ARG_CMP:
            ok = arg <= PY_CMP_GE;
            break;
        default:
            break;
        }
        if (op == PY_COPY_FREE_VARS)
            ok = arg <= (uint32_t)nlocalsplus;
        if (!ok) {
            invalid("argument out of range", i);
            return -1;
        }
    }
    uint32_t prev_end = 0;
    for (uint32_t k = 0; k < spec->nexc; k++) {
        const py_exc_entry *e = &spec->exctable[k];
        if (e->start >= e->end || e->end > n || e->start < prev_end
            || !starts[e->start] || e->target >= n || !starts[e->target]
            || e->depth > spec->stacksize || e->lasti > 1) {
            invalid("bad exception table entry", e->start);
            return -1;
        }
        prev_end = e->end;
    }
    return 0;
}

/* ==========================================================================
 * The code object
 * ========================================================================== */

oh_object *
py_code_new(const py_code_spec *spec)
{
    int64_t nlp = OHI_TUPLE_SIZE(spec->localsplusnames);
    if (nlp > INT32_MAX / 2 || spec->stacksize < 0) {
        py_err_set_string(PY_EXC(SystemError), "invalid code object: "
                          "too many local variables");
        return NULL;
    }
    int nlocalsplus = (int)nlp;
    /* CD7: plain locals, then cells, then free variables. */
    int nlocals = 0, ncells = 0, nfrees = 0;
    for (int i = 0; i < nlocalsplus; i++) {
        uint8_t k = spec->localspluskinds[i];
        bool ok;
        if (k & PY_LOCAL_PLAIN)
            ok = ncells == 0 && nfrees == 0
                 && (k & ~(PY_LOCAL_PLAIN | PY_LOCAL_CELL)) == 0 && ++nlocals;
        else if (k == PY_LOCAL_CELL)
            ok = nfrees == 0 && ++ncells;
        else
            ok = k == PY_LOCAL_FREE && ++nfrees;
        if (!ok) {
            invalid("localsplus kinds out of order", (uint32_t)i);
            return NULL;
        }
    }
    int nargs = spec->argcount + spec->kwonlyargcount
                + !!(spec->flags & PY_CO_VARARGS)
                + !!(spec->flags & PY_CO_VARKEYWORDS);
    if (spec->argcount < spec->posonlyargcount || spec->kwonlyargcount < 0
        || spec->posonlyargcount < 0 || nargs > nlocals) {
        invalid("more arguments than locals", 0);
        return NULL;
    }
    uint8_t *starts = oh_calloc(spec->ncode ? spec->ncode : 1, 1);
    if (starts == NULL)
        return oh_err_no_memory();
    int rc = check_spec(spec, nlocalsplus, starts);
    oh_free(starts);
    if (rc < 0)
        return NULL;

    py_code *co = (py_code *)(void *)oh_object_new(&PY_T(code)->ot);
    if (co == NULL)
        return NULL;
    /* Every field is zero: code_dealloc can free a half-built one. */
    co->code = oh_malloc(spec->ncode * sizeof(py_codeunit));
    co->localspluskinds = oh_malloc(nlocalsplus ? (size_t)nlocalsplus : 1);
    co->exctable = oh_malloc(spec->nexc ? spec->nexc * sizeof(py_exc_entry)
                                        : 1);
    if (co->code == NULL || co->localspluskinds == NULL
        || co->exctable == NULL) {
        oh_decref(&co->ob_base);
        return oh_err_no_memory();
    }
    memcpy(co->code, spec->code, spec->ncode * sizeof(py_codeunit));
    co->ncode = spec->ncode;
    quicken(co->code, co->ncode);
    memcpy(co->localspluskinds, spec->localspluskinds, (size_t)nlocalsplus);
    if (spec->nexc)
        memcpy(co->exctable, spec->exctable,
               spec->nexc * sizeof(py_exc_entry));
    co->nexc = spec->nexc;
    co->flags = spec->flags;
    co->argcount = spec->argcount;
    co->posonlyargcount = spec->posonlyargcount;
    co->kwonlyargcount = spec->kwonlyargcount;
    co->nlocalsplus = nlocalsplus;
    co->nlocals = nlocals;
    co->ncells = ncells;
    co->nfrees = nfrees;
    co->stacksize = spec->stacksize;
    co->firstlineno = spec->firstlineno;
#define CD_SET(field)                                                       \
    do {                                                                    \
        oh_incref(spec->field);                                             \
        co->field = spec->field;                                            \
    } while (0)
    CD_SET(consts);
    CD_SET(names);
    CD_SET(localsplusnames);
    CD_SET(filename);
    CD_SET(name);
    CD_SET(qualname);
#undef CD_SET
    if (encode_positions(co, spec) < 0) {
        oh_decref(&co->ob_base);
        return NULL;
    }
    return &co->ob_base;
}

static void
code_dealloc(oh_object *o)
{
    py_code *co = (py_code *)(void *)o;
    if (co->weaklist != NULL)
        oh_weakref_clear_all(o);
    oh_free(co->code);
    oh_free(co->localspluskinds);
    oh_free(co->linetable);
    oh_free(co->exctable);
    oh_free(co->trace_lines);
    OH_CLEAR(co->consts);
    OH_CLEAR(co->names);
    OH_CLEAR(co->localsplusnames);
    OH_CLEAR(co->filename);
    OH_CLEAR(co->name);
    OH_CLEAR(co->qualname);
    /* `extra` belongs to the interpreter's specialisation (issue 14),
     * which frees it before the last reference goes. */
    ohi_object_free(o);
}

static int
code_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    py_code *co = (py_code *)(void *)o;
    OH_VISIT(co->consts);
    OH_VISIT(co->names);
    OH_VISIT(co->localsplusnames);
    OH_VISIT(co->filename);
    OH_VISIT(co->name);
    OH_VISIT(co->qualname);
    return 0;
}

static oh_object *
code_repr(oh_object *o)
{
    py_code *co = (py_code *)(void *)o;
    return oh_str_from_format("<code object %s at %p, file \"%s\", line %d>",
                              oh_str_utf8(co->name, NULL), (void *)o,
                              oh_str_utf8(co->filename, NULL),
                              co->firstlineno);
}

static size_t
code_sizeof(oh_object *o)
{
    py_code *co = (py_code *)(void *)o;
    return sizeof(py_code) + co->ncode * sizeof(py_codeunit)
           + (size_t)co->nlocalsplus + co->linetable_len
           + co->nexc * sizeof(py_exc_entry);
}

/* ==========================================================================
 * Python-level attributes (CPython 3.11's co_* names)
 * ========================================================================== */

#define CODE(o) ((py_code *)(void *)(o))

static oh_object *
get_int(int v)
{
    return oh_int_from_i64(v);
}

static oh_object *
code_get_argcount(oh_object *o)
{
    return get_int(CODE(o)->argcount);
}

static oh_object *
code_get_posonlyargcount(oh_object *o)
{
    return get_int(CODE(o)->posonlyargcount);
}

static oh_object *
code_get_kwonlyargcount(oh_object *o)
{
    return get_int(CODE(o)->kwonlyargcount);
}

static oh_object *
code_get_nlocals(oh_object *o)
{
    return get_int(CODE(o)->nlocals);
}

static oh_object *
code_get_stacksize(oh_object *o)
{
    return get_int(CODE(o)->stacksize);
}

static oh_object *
code_get_flags(oh_object *o)
{
    return oh_int_from_i64(CODE(o)->flags);
}

static oh_object *
code_get_firstlineno(oh_object *o)
{
    return get_int(CODE(o)->firstlineno);
}

static oh_object *
own(oh_object *v)
{
    oh_incref(v);
    return v;
}

static oh_object *
code_get_consts(oh_object *o)
{
    return own(CODE(o)->consts);
}

static oh_object *
code_get_names(oh_object *o)
{
    return own(CODE(o)->names);
}

static oh_object *
code_get_filename(oh_object *o)
{
    return own(CODE(o)->filename);
}

static oh_object *
code_get_name(oh_object *o)
{
    return own(CODE(o)->name);
}

static oh_object *
code_get_qualname(oh_object *o)
{
    return own(CODE(o)->qualname);
}

/* The names of the slots whose kind has `kind`, as a tuple: co_varnames
 * (PY_LOCAL_PLAIN), co_cellvars (PY_LOCAL_CELL: cells that are arguments
 * too), co_freevars. */
static oh_object *
names_of_kind(py_code *co, uint8_t kind)
{
    int n = 0;
    for (int i = 0; i < co->nlocalsplus; i++)
        n += (co->localspluskinds[i] & kind) != 0;
    oh_object *t = ohi_tuple_alloc((size_t)n);
    if (t == NULL)
        return NULL;
    for (int i = 0, k = 0; i < co->nlocalsplus; i++) {
        if (co->localspluskinds[i] & kind) {
            oh_object *name = OHI_TUPLE(co->localsplusnames)->items[i];
            oh_incref(name);
            OHI_TUPLE(t)->items[k++] = name;
        }
    }
    return t;
}

static oh_object *
code_get_varnames(oh_object *o)
{
    return names_of_kind(CODE(o), PY_LOCAL_PLAIN);
}

static oh_object *
code_get_cellvars(oh_object *o)
{
    return names_of_kind(CODE(o), PY_LOCAL_CELL);
}

static oh_object *
code_get_freevars(oh_object *o)
{
    return names_of_kind(CODE(o), PY_LOCAL_FREE);
}

/* co_code: the code units as bytes (4 each, little-endian: opcode first,
 * then the argument's 3 bytes). */
static oh_object *
code_get_code(oh_object *o)
{
    py_code *co = CODE(o);
    uint8_t *buf = oh_malloc(co->ncode * 4 + 1);
    if (buf == NULL)
        return oh_err_no_memory();
    /* As the compiler made it: specialised instructions in their base
     * form, caches zero (CPython's co_code hides its quickening too). */
    for (uint32_t i = 0; i < co->ncode;) {
        py_codeunit u = co->code[i];
        int op = PY_OP(u);
        u = PY_INSTR(PY_BASE_OP(op), PY_ARG(u));
        for (int b = 0; b < 4; b++)
            buf[4 * i + (uint32_t)b] = (uint8_t)(u >> (8 * b));
        i++;
        for (int k = 0; k < PY_CACHE(op) && i < co->ncode; k++, i++)
            memset(buf + 4 * i, 0, 4);
    }
    oh_object *r = oh_bytes_from(buf, co->ncode * 4);
    oh_free(buf);
    return r;
}

static oh_object *
code_get_linetable(oh_object *o)
{
    return oh_bytes_from(CODE(o)->linetable, CODE(o)->linetable_len);
}

static const py_getset_def code_getsets[] = {
    {"co_argcount", code_get_argcount, NULL, NULL},
    {"co_posonlyargcount", code_get_posonlyargcount, NULL, NULL},
    {"co_kwonlyargcount", code_get_kwonlyargcount, NULL, NULL},
    {"co_nlocals", code_get_nlocals, NULL, NULL},
    {"co_stacksize", code_get_stacksize, NULL, NULL},
    {"co_flags", code_get_flags, NULL, NULL},
    {"co_firstlineno", code_get_firstlineno, NULL, NULL},
    {"co_code", code_get_code, NULL, NULL},
    {"co_consts", code_get_consts, NULL, NULL},
    {"co_names", code_get_names, NULL, NULL},
    {"co_varnames", code_get_varnames, NULL, NULL},
    {"co_cellvars", code_get_cellvars, NULL, NULL},
    {"co_freevars", code_get_freevars, NULL, NULL},
    {"co_filename", code_get_filename, NULL, NULL},
    {"co_name", code_get_name, NULL, NULL},
    {"co_qualname", code_get_qualname, NULL, NULL},
    {"co_linetable", code_get_linetable, NULL, NULL},
    {NULL, NULL, NULL, NULL}
};

/* co_lines(): (start, end, line) for each run of units with one line
 * (offsets in code units; line None where unknown); co_positions(): a
 * (line, end line, column, end column) tuple per unit.  Both as
 * iterators over a list. */
static oh_object *
code_m_lines(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("co_lines", nargs, kwnames, 0, 0) < 0)
        return NULL;
    py_code *co = CODE(self);
    oh_object *list = oh_list_new();
    uint32_t start = 0;
    for (uint32_t i = 1; list != NULL && i <= co->ncode; i++) {
        int line = py_code_addr2line(co, (int)start);
        if (i < co->ncode && py_code_addr2line(co, (int)i) == line)
            continue;
        oh_object *l = line >= 0 ? oh_int_from_i64(line) : OH_NONE;
        oh_object *a = oh_int_from_i64(start), *b = oh_int_from_i64(i);
        oh_object *t = a && b && l ? oh_tuple_pack(3, a, b, l) : NULL;
        oh_xdecref(a);
        oh_xdecref(b);
        if (line >= 0)
            oh_xdecref(l);
        if (t == NULL || oh_list_append(list, t) < 0)
            OH_CLEAR(list);
        oh_xdecref(t);
        start = i;
    }
    if (list == NULL)
        return NULL;
    oh_object *it = py_iter(list);
    oh_decref(list);
    return it;
}

static oh_object *
code_m_positions(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_check_args("co_positions", nargs, kwnames, 0, 0) < 0)
        return NULL;
    py_code *co = CODE(self);
    oh_object *list = oh_list_new();
    for (uint32_t i = 0; list != NULL && i < co->ncode; i++) {
        py_pos p;
        py_code_addr2pos(co, (int)i, &p);
        int v[4] = {p.lineno, p.end_lineno, p.col_offset, p.end_col_offset};
        oh_object *items[4];
        int k;
        for (k = 0; k < 4; k++) {
            items[k] = v[k] >= 0 ? oh_int_from_i64(v[k]) : OH_NONE;
            if (items[k] == NULL)
                break;
            if (v[k] < 0)
                oh_incref(OH_NONE);
        }
        oh_object *t = k == 4 ? oh_tuple_from_array(items, 4) : NULL;
        while (k-- > 0)
            oh_decref(items[k]);
        if (t == NULL || oh_list_append(list, t) < 0)
            OH_CLEAR(list);
        oh_xdecref(t);
    }
    if (list == NULL)
        return NULL;
    oh_object *it = py_iter(list);
    oh_decref(list);
    return it;
}

static const py_method_def code_methods[] = {
    {"co_lines", code_m_lines, 0, NULL},
    {"co_positions", code_m_positions, 0, NULL},
    {NULL, NULL, 0, NULL}
};

/* The code type: the library's descriptor (dealloc, traverse, repr,
 * getsizeof) and the co_* attributes. */
py_static_type py_code_static = {.t = {
    PY_TYPE_INIT("code", py_code,
                 OH_TYPE_WEAKREFABLE | OH_TYPE_IMMUTABLE | OH_TYPE_HASHABLE),
    .ot.weaklistoffset = offsetof(py_code, weaklist),
    .ot.dealloc = code_dealloc,
    .ot.traverse = code_traverse,
    .ot.repr = code_repr,
    .ot.getsizeof = code_sizeof,
    .tp_repr = code_repr,
    .getsets = code_getsets,
    .methods = code_methods,
    .layout = &py_code_static.t.ot,
    .basicsize = sizeof(py_code),
    .weaklistoffset = offsetof(py_code, weaklist),
}};

/* ==========================================================================
 * Disassembly
 * ========================================================================== */

static bool
is_code(const oh_object *o)
{
    return o->type == &PY_T(code)->ot;
}

/* repr(o) into buf, cut to fit; code objects without their address, so
 * that listings compare equal from run to run. */
static void
const_repr(oh_object *o, char *buf, size_t size)
{
    if (is_code(o)) {
        py_code *co = (py_code *)(void *)o;
        snprintf(buf, size, "<code object %s, file \"%s\", line %d>",
                 oh_str_utf8(co->name, NULL),
                 oh_str_utf8(co->filename, NULL), co->firstlineno);
        return;
    }
    oh_object *r = oh_repr(o);
    if (r == NULL) {
        oh_err_clear();
        snprintf(buf, size, "<%s object>", oh_type_name(o));
        return;
    }
    snprintf(buf, size, "%s", oh_str_utf8(r, NULL));
    oh_decref(r);
}

static const char *const binop_symbol[PY_OP_NBINARY] = {
    "+", "-", "*", "@", "/", "%", "**", "<<", ">>", "|", "^", "&", "//"
};
static const char *const cmp_symbol[] = {"<", "<=", "==", "!=", ">", ">="};

static const char *
local_name(const py_code *co, uint32_t i)
{
    return oh_str_utf8(OHI_TUPLE(co->localsplusnames)->items[i], NULL);
}

/* What dis prints in parentheses after the argument; "" for nothing. */
static void
arg_detail(const py_code *co, int op, uint32_t arg, char *buf, size_t size)
{
    buf[0] = '\0';
    switch (arg_kind(op)) {
    case ARG_CONST:
        const_repr(OHI_TUPLE(co->consts)->items[arg], buf, size);
        break;
    case ARG_NAME:
        snprintf(buf, size, "%s",
                 oh_str_utf8(OHI_TUPLE(co->names)->items[arg], NULL));
        break;
    case ARG_LOCAL:
        snprintf(buf, size, "%s", local_name(co, arg));
        break;
    case ARG_JUMP:
        snprintf(buf, size, "to %u", (unsigned)arg);
        break;
    case ARG_BINOP:
        if (arg >= PY_OP_INPLACE)
            snprintf(buf, size, "%s=", binop_symbol[arg - PY_OP_INPLACE]);
        else
            snprintf(buf, size, "%s", binop_symbol[arg]);
        break;
    case ARG_CMP:
        snprintf(buf, size, "%s", cmp_symbol[arg]);
        break;
    case ARG_FORMAT: {
        static const char *const conv[] = {"", "str", "repr", "ascii"};
        snprintf(buf, size, "%s%s%s", conv[arg & PY_FVC_MASK],
                 (arg & PY_FVC_MASK) && (arg & PY_FVS_HAVE_SPEC) ? ", " : "",
                 (arg & PY_FVS_HAVE_SPEC) ? "with format" : "");
        break;
    }
    case ARG_MAKEFN: {
        static const char *const flag[] = {
            "defaults", "kwdefaults", "annotations", "closure"
        };
        size_t len = 0;
        for (int b = 0; b < 4; b++)
            if (arg & (1u << b))
                len += (size_t)snprintf(buf + len, size - len, "%s%s",
                                        len ? ", " : "", flag[b]);
        break;
    }
    default:
        break;
    }
}

static void
disassemble_one(const py_code *co, FILE *out)
{
    /* Jump targets and handlers get dis's ">>" mark. */
    uint8_t *target = oh_calloc(co->ncode, 1);
    for (uint32_t i = 0; target != NULL && i < co->ncode;
         i += 1 + PY_CACHE(PY_OP(co->code[i]))) {
        int op = PY_OP(co->code[i]);
        if (PY_IS_JUMP(op))
            target[PY_ARG(co->code[i])] = 1;
    }
    for (uint32_t k = 0; target != NULL && k < co->nexc; k++)
        target[co->exctable[k].target] = 1;
    int width = co->ncode > 9999 ? snprintf(NULL, 0, "%u", co->ncode) : 4;
    int last_line = -2;
    for (uint32_t i = 0; i < co->ncode;
         i += 1 + PY_CACHE(PY_OP(co->code[i]))) {
        int op = PY_BASE_OP(PY_OP(co->code[i]));   /* as compiled */
        uint32_t arg = PY_ARG(co->code[i]);
        int line = py_code_addr2line(co, (int)i);
        char linecol[16] = "   ";
        if (line != last_line) {
            if (i > 0)
                fputc('\n', out);
            if (line >= 0)
                snprintf(linecol, sizeof linecol, "%3d", line);
            else
                snprintf(linecol, sizeof linecol, "  ?");
            last_line = line;
        }
        char detail[200];
        arg_detail(co, op, arg, detail, sizeof detail);
        char text[300];
        int len = snprintf(text, sizeof text, "%s     %s %*u %-20s",
                           linecol, target && target[i] ? ">>" : "  ",
                           width, (unsigned)i, py_opcode_name[op]);
        if (arg_kind(op) != ARG_NONE) {
            len += snprintf(text + len, sizeof text - (size_t)len, " %5u",
                            (unsigned)arg);
            if (detail[0])
                snprintf(text + len, sizeof text - (size_t)len, " (%s)",
                         detail);
        }
        /* dis strips trailing blanks. */
        size_t n = strlen(text);
        while (n > 0 && text[n - 1] == ' ')
            text[--n] = '\0';
        fprintf(out, "%s\n", text);
    }
    oh_free(target);
    if (co->nexc > 0) {
        fprintf(out, "ExceptionTable:\n");
        for (uint32_t k = 0; k < co->nexc; k++) {
            const py_exc_entry *e = &co->exctable[k];
            fprintf(out, "  %u to %u -> %u [%u]%s\n", (unsigned)e->start,
                    (unsigned)e->end - 1, (unsigned)e->target,
                    (unsigned)e->depth, e->lasti ? " lasti" : "");
        }
    }
}

void
py_code_disassemble(const py_code *co, FILE *out)
{
    disassemble_one(co, out);
    for (int64_t i = 0; i < OHI_TUPLE_SIZE(co->consts); i++) {
        oh_object *c = OHI_TUPLE(co->consts)->items[i];
        if (!is_code(c))
            continue;
        char buf[300];
        const_repr(c, buf, sizeof buf);
        fprintf(out, "\nDisassembly of %s:\n", buf);
        py_code_disassemble((const py_code *)(const void *)c, out);
    }
}
