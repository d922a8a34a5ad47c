/*
 * opcodes.h -- the bytecode: what the compiler emits and ceval.c runs.
 *
 * Encoding
 * --------
 * Code is an array of 32-bit code units.  An instruction is one unit,
 * opcode in the low 8 bits and its argument in the high 24:
 *
 *     unit = op | arg << 8          (PY_INSTR(op, arg), PY_OP(u), PY_ARG(u))
 *
 * followed by PY_CACHE(op) cache units, which the compiler emits as
 * zeros and the interpreter owns (inline caches for specialised forms:
 * version tags and indexes; issue 14).  There is no EXTENDED_ARG: an
 * argument over 2^24 - 1 is a compile-time SystemError.  Jump targets
 * are absolute unit indexes.  Instruction i's "offset" in tracebacks,
 * line tables and exception tables is its unit index.
 *
 * The value stack
 * ---------------
 * Each instruction's effect is written [before] -> [after], top of stack
 * rightmost.  NULL is a real stack entry (PUSH_NULL, LOAD_METHOD) that
 * only CALL and its kin read.  Every instruction that can raise leaves the
 * stack as "before" minus what it consumed; the exception table decides
 * what happens next (below).
 *
 * Calls
 * -----
 * Every call site pushes two entries under the arguments: the callable,
 * then either NULL or the `self` to pass first:
 *
 *     f(x)        LOAD f; PUSH_NULL; LOAD x; CALL 1
 *     o.m(x)      LOAD o; LOAD_METHOD m; LOAD x; CALL 1
 *                 (LOAD_METHOD pushes [function, o] when m is a plain
 *                 function found on type(o), else [o.m, NULL])
 *     f(x, k=y)   LOAD f; PUSH_NULL; LOAD x; LOAD y; LOAD_CONST ('k',);
 *                 CALL_KW 2
 *     f(*a, **k)  LOAD f; PUSH_NULL; <build tuple>; <build dict>;
 *                 CALL_FUNCTION_EX 1
 *
 * Exceptions: the exception table
 * -------------------------------
 * No instruction sets up a try block.  Each code object carries a table of
 * entries (start, end, target, depth, lasti), sorted by start, with
 * non-overlapping [start, end) ranges.  When instruction i raises (or a
 * call made by it returns with an exception), the interpreter:
 *   1. adds a traceback entry for this frame at i, unless i is a RERAISE
 *      or the exception came from RAISE_VARARGS 0 (a re-raise);
 *   2. looks for the entry with start <= i < end;
 *   3. none: the frame returns with the exception to its caller, where the
 *      CALL instruction that made the call raises it in turn;
 *   4. found: pops (and drops) the value stack down to `depth` entries,
 *      pushes int(i) if `lasti` is set, pushes the exception object, and
 *      jumps to `target`.
 * The compiler produces the table from a handler label attached to each
 * instruction it emits (the innermost enclosing try, with, or finally at
 * that point); consecutive instructions with the same handler make one
 * entry.  Handler code starts with PUSH_EXC_INFO and leaves through
 * POP_EXCEPT (or re-raises with RERAISE); see compile.c for the shapes of
 * try/except, try/finally and with, which follow CPython 3.11's.
 *
 * Names
 * -----
 * namei indexes code->names (a tuple of interned strs); consti indexes
 * code->consts; i for *_FAST and *_DEREF indexes the frame's localsplus
 * (code->localsplusnames: locals, then cells, then free variables).
 */
#ifndef OBJHEAP_PY_OPCODES_H
#define OBJHEAP_PY_OPCODES_H

#include <stdint.h>

typedef uint32_t py_codeunit;

#define PY_INSTR(op, arg) ((py_codeunit)(op) | (py_codeunit)(arg) << 8)
#define PY_OP(u) ((int)((u) & 0xff))
#define PY_ARG(u) ((uint32_t)(u) >> 8)
#define PY_ARG_MAX ((uint32_t)0xffffff)

/* X(name, cache units).  The comment after each gives its stack effect
 * and meaning; an argument name in parentheses is what `arg` is. */
#define PY_OPCODES(X)                                                       \
    X(NOP, 0)                   /* nothing */                               \
    X(POP_TOP, 0)               /* [v] -> [] */                             \
    X(PUSH_NULL, 0)             /* [] -> [NULL] */                          \
    X(COPY, 0)                  /* (n>=1) [.. x (n-th from top)] ->        \
                                   [.. x, x]; COPY 1 duplicates TOS */      \
    X(SWAP, 0)                  /* (n>=2) exchange TOS and the n-th */      \
    X(LOAD_CONST, 0)            /* (consti) [] -> [const] */                \
    X(LOAD_FAST, 0)             /* (i) [] -> [local]; UnboundLocalError     \
                                   when unbound */                          \
    X(STORE_FAST, 0)            /* (i) [v] -> [] */                         \
    X(DELETE_FAST, 0)           /* (i) UnboundLocalError when unbound */    \
    X(MAKE_CELL, 0)             /* (i) localsplus[i] = cell(its value or    \
                                   empty); first in a function with cells */\
    X(COPY_FREE_VARS, 0)        /* (n) the function's closure cells into    \
                                   the last n localsplus slots */           \
    X(LOAD_CLOSURE, 0)          /* (i) [] -> [the cell in slot i] */        \
    X(LOAD_DEREF, 0)            /* (i) [] -> [contents of cell i];          \
                                   UnboundLocalError (cell) or NameError    \
                                   (free: "cannot access free variable 'x'  \
                                   where it is not associated with a value  \
                                   in enclosing scope") when empty */       \
    X(STORE_DEREF, 0)           /* (i) [v] -> [] */                         \
    X(DELETE_DEREF, 0)          /* (i) */                                   \
    X(LOAD_CLASSDEREF, 0)       /* (i) class body: locals mapping first,    \
                                   then cell i */                           \
    X(LOAD_NAME, 0)             /* (namei) locals, globals, builtins;       \
                                   NameError "name 'x' is not defined" */   \
    X(STORE_NAME, 0)            /* (namei) [v] -> [] into locals */         \
    X(DELETE_NAME, 0)           /* (namei) NameError when missing */        \
    X(LOAD_GLOBAL, 6)           /* (namei) globals, then builtins */        \
    X(STORE_GLOBAL, 0)          /* (namei) [v] -> [] */                     \
    X(DELETE_GLOBAL, 0)         /* (namei) */                               \
    X(LOAD_ATTR, 8)             /* (namei) [o] -> [o.name] */               \
    X(STORE_ATTR, 8)            /* (namei) [v, o] -> []: o.name = v */      \
    X(DELETE_ATTR, 0)           /* (namei) [o] -> [] */                     \
    X(LOAD_METHOD, 16)          /* (namei) [o] -> [meth, o] | [o.name,      \
                                   NULL] (see Calls) */                     \
    X(BINARY_SUBSCR, 0)         /* [c, k] -> [c[k]] */                      \
    X(STORE_SUBSCR, 0)          /* [v, c, k] -> []: c[k] = v */             \
    X(DELETE_SUBSCR, 0)         /* [c, k] -> [] */                          \
    X(BUILD_SLICE, 0)           /* (2|3) [a, b] or [a, b, c] -> [slice] */  \
    X(BINARY_OP, 0)             /* (py_operator, + PY_OP_INPLACE for the    \
                                   augmented form) [a, b] -> [a op b] */    \
    X(UNARY_NEGATIVE, 0)        /* [v] -> [-v] */                           \
    X(UNARY_POSITIVE, 0)        /* [v] -> [+v] */                           \
    X(UNARY_INVERT, 0)          /* [v] -> [~v] */                           \
    X(UNARY_NOT, 0)             /* [v] -> [not v] */                        \
    X(COMPARE_OP, 0)            /* (PY_CMP_LT..PY_CMP_GE) [a, b] ->         \
                                   [a op b] */                              \
    X(IS_OP, 0)                 /* (invert) [a, b] -> [a is b] */           \
    X(CONTAINS_OP, 0)           /* (invert) [a, b] -> [a in b] */           \
    X(BUILD_TUPLE, 0)           /* (n) [x1 .. xn] -> [tuple] */             \
    X(BUILD_LIST, 0)            /* (n) [x1 .. xn] -> [list] */              \
    X(BUILD_SET, 0)             /* (n) [x1 .. xn] -> [set] */               \
    X(BUILD_MAP, 0)             /* (n) [k1, v1 .. kn, vn] -> [dict] */      \
    X(BUILD_CONST_KEY_MAP, 0)   /* (n) [v1 .. vn, keys] -> [dict] */        \
    X(BUILD_STRING, 0)          /* (n) [s1 .. sn] -> [s1 + .. + sn] */      \
    X(LIST_APPEND, 0)           /* (i) [.. list .., v] -> [.. list ..]:     \
                                   v popped, then PEEK(i).append(v) */      \
    X(SET_ADD, 0)               /* (i) as LIST_APPEND, for a set */         \
    X(MAP_ADD, 0)               /* (i) [.., k, v] -> v, k popped, then      \
                                   PEEK(i)[k] = v */                        \
    X(LIST_EXTEND, 0)           /* (i) it popped; PEEK(i).extend(it) */     \
    X(SET_UPDATE, 0)            /* (i) it popped; PEEK(i).update(it) */     \
    X(DICT_UPDATE, 0)           /* (i) m popped; PEEK(i).update(m);         \
                                   TypeError "'int' object is not a         \
                                   mapping" */                              \
    X(DICT_MERGE, 0)            /* (i) as DICT_UPDATE, for f(**m): a key    \
                                   already there is TypeError "f() got      \
                                   multiple values for keyword argument     \
                                   'k'"; the callable is PEEK(i + 3) after  \
                                   the pop: [callable, NULL, args, dict] */ \
    X(LIST_TO_TUPLE, 0)         /* [list] -> [tuple] */                     \
    X(FORMAT_VALUE, 0)          /* (flags) flags & 3: 0 as is, 1 str(),     \
                                   2 repr(), 3 ascii(); flags & 4: [v,      \
                                   spec] -> [format(v, spec)], else [v] ->  \
                                   [format(v, '')] */                       \
    X(UNPACK_SEQUENCE, 0)       /* (n) [seq] -> [xn .. x1] (x1 on top) */   \
    X(UNPACK_EX, 0)             /* (a | b << 8) [seq] -> [last b reversed,  \
                                   list of the middle, first a reversed]:   \
                                   x1 on top, as UNPACK_SEQUENCE */         \
    X(JUMP, 0)                  /* (target) when backward, a step (py.h,    \
                                   IN4): Ctrl-C and the step limit */       \
    X(POP_JUMP_IF_FALSE, 0)     /* (target) [v] -> []; jump if not v */     \
    X(POP_JUMP_IF_TRUE, 0)      /* (target) [v] -> []; jump if v */         \
    X(POP_JUMP_IF_NONE, 0)      /* (target) [v] -> []; jump if v is None */ \
    X(POP_JUMP_IF_NOT_NONE, 0)  /* (target) */                              \
    X(JUMP_IF_FALSE_OR_POP, 0)  /* (target) [v] -> [v] and jump if not v,   \
                                   else [] */                               \
    X(JUMP_IF_TRUE_OR_POP, 0)   /* (target) [v] -> [v] and jump if v,       \
                                   else [] */                               \
    X(GET_ITER, 0)              /* [o] -> [iter(o)] */                      \
    X(FOR_ITER, 0)              /* (target) [it] -> [it, next(it)]; at the  \
                                   end [] and jump */                       \
    X(MAKE_FUNCTION, 0)         /* (flags) [defaults (1), kwdefaults (2),   \
                                   annotations (4), closure (8), code] ->   \
                                   [function] */                            \
    X(RETURN_VALUE, 0)          /* [v] -> return v */                       \
    X(YIELD_VALUE, 0)           /* [v] -> suspend, yielding v; resumed      \
                                   with [sent].  A generator's code starts  \
                                   at unit 0 with an empty stack: the       \
                                   first send(None) pushes nothing */       \
    X(GET_YIELD_FROM_ITER, 0)   /* [o] -> [o if a generator, else iter(o)] */\
    X(SEND, 0)                  /* (target) [recv, v] -> [recv, x] when it  \
                                   yields x (YIELD_VALUE follows); [r] and  \
                                   jump when it returns r.  `yield from`    \
                                   is L: SEND end; YIELD_VALUE; JUMP L: a   \
                                   YIELD_VALUE right after a SEND is a      \
                                   delegation, suspended with recv on top;  \
                                   gen.throw()/close() pass the exception   \
                                   to recv, and when recv finishes resume   \
                                   at SEND's target with its value pushed   \
                                   (CPython 3.11's _gen_throw) */           \
    X(PUSH_EXC_INFO, 0)         /* [exc] -> [prev, exc]: exc becomes the    \
                                   exception being handled (sys.exc_info), \
                                   prev is the one before (or None) */      \
    X(POP_EXCEPT, 0)            /* [prev] -> []: prev becomes the one       \
                                   being handled again */                   \
    X(RERAISE, 0)               /* (n) [.., exc] -> raise exc, no new       \
                                   traceback entry; n > 0: PEEK(n + 1),     \
                                   read before exc is popped, is an int,    \
                                   the frame's new lasti (n = 1 in except   \
                                   and finally cleanups: [lasti, exc];      \
                                   n = 2 in with: [lasti, prev, exc]) */    \
    X(RAISE_VARARGS, 0)         /* (0|1|2) 0: re-raise the exception being \
                                   handled; 1: [exc]; 2: [exc, cause] */    \
    X(CHECK_EXC_MATCH, 0)       /* [exc, type] -> [exc, isinstance(exc,     \
                                   type)]; type may be a tuple */           \
    X(LOAD_ASSERTION_ERROR, 0)  /* [] -> [AssertionError] */                \
    X(BEFORE_WITH, 0)           /* [mgr] -> [mgr.__exit__ (bound),          \
                                   mgr.__enter__()] */                      \
    X(WITH_EXCEPT_START, 0)     /* [exit, lasti, prev, exc] -> [.., exc,    \
                                   exit(type(exc), exc, exc.__traceback__)] \
                                   */                                       \
    X(LOAD_BUILD_CLASS, 0)      /* [] -> [builtins.__build_class__] */      \
    X(SETUP_ANNOTATIONS, 0)     /* __annotations__ = {} in locals unless    \
                                   there */                                 \
    X(IMPORT_NAME, 0)           /* (namei) [level, fromlist] -> [module] */ \
    X(IMPORT_FROM, 0)           /* (namei) [m] -> [m, m.name]; ImportError  \
                                   "cannot import name ..." */              \
    X(IMPORT_STAR, 0)           /* [m] -> []: its public names into the     \
                                   locals */                                \
    X(PRINT_EXPR, 0)            /* [v] -> []: sys.displayhook(v) (the       \
                                   interactive prompt's echo) */            \
    X(CALL, 0)                  /* (argc) [callable, self|NULL, a1 .. an]   \
                                   -> [result] */                           \
    X(CALL_KW, 0)               /* (argc) [callable, self|NULL, a1 .. an,   \
                                   kwnames] -> [result]: the last           \
                                   len(kwnames) of the argc values are      \
                                   keyword arguments */                     \
    X(CALL_FUNCTION_EX, 0)      /* (flags) [callable, NULL, args, kwargs    \
                                   (dict, if flags & 1)] -> [result]; args  \
                                   is a tuple, except for f(*a) alone: a    \
                                   as it is, which the interpreter makes    \
                                   a tuple (TypeError "f() argument after   \
                                   * must be an iterable, not int") */      \
    PY_SPECIALIZED(X)

/* Specialised forms (specialize.c): the interpreter rewrites an adaptive
 * instruction into one of these in place once it has seen what the
 * instruction works on, and back when the guard in its cache fails.  Each
 * has its base form's cache units; the compiler never emits them, and
 * co_code and the disassembler show the base form (py_opcode_base). */
#define PY_SPECIALIZED(X)                                                   \
    X(LOAD_ATTR_CACHED, 8)      /* up to 4 (type version, where) entries:   \
                                   an attribute in the instance's inline    \
                                   values (its index) or a __slots__        \
                                   member (its offset | PY_SPEC_SLOT) */    \
    X(STORE_ATTR_CACHED, 8)     /* the same, for o.name = v */              \
    X(LOAD_METHOD_CACHED, 16)   /* up to 4 (type version, key table         \
                                   version, function in 2 units) entries:   \
                                   a function of the class, which no        \
                                   instance attribute hides */              \
    X(LOAD_ATTR_MODULE, 8)      /* m.name for a module m: its dict's        \
                                   version (2 units) and the value's slot   \
                                   (2) */                                   \
    X(LOAD_GLOBAL_CACHED, 6)    /* globals' version (2 units), builtins'    \
                                   version (2; 0: found in globals), the    \
                                   value's slot in that dict (2) */         \
    X(BINARY_OP_ADD_INT, 0)     /* BINARY_OP on two exact ints or two      \
                                   exact floats, one form per operator      \
                                   (ceval.c; + and += alike) */             \
    X(BINARY_OP_SUBTRACT_INT, 0)                                            \
    X(BINARY_OP_MULTIPLY_INT, 0)                                            \
    X(BINARY_OP_FLOOR_DIVIDE_INT, 0)                                        \
    X(BINARY_OP_REMAINDER_INT, 0)                                           \
    X(BINARY_OP_AND_INT, 0)                                                 \
    X(BINARY_OP_OR_INT, 0)                                                  \
    X(BINARY_OP_XOR_INT, 0)                                                 \
    X(BINARY_OP_RSHIFT_INT, 0)                                              \
    X(BINARY_OP_LSHIFT_INT, 0)                                              \
    X(BINARY_OP_ADD_FLOAT, 0)                                               \
    X(BINARY_OP_SUBTRACT_FLOAT, 0)                                          \
    X(BINARY_OP_MULTIPLY_FLOAT, 0)                                          \
    X(BINARY_OP_TRUE_DIVIDE_FLOAT, 0)                                       \
    PY_SUPERINSTRUCTIONS(X)

/* Superinstructions (code.c's quickening, as CPython 3.11's): the first of
 * two adjacent instructions rewritten to do both, reading the second's
 * argument from the next unit and skipping it.  The second stays as it
 * was, so a jump to it still runs it alone; a tracer sees the base form
 * of the first and then the second. */
#define PY_SUPERINSTRUCTIONS(X)                                             \
    X(LOAD_FAST__LOAD_FAST, 0)                                              \
    X(LOAD_FAST__LOAD_CONST, 0)                                             \
    X(LOAD_CONST__LOAD_FAST, 0)                                             \
    X(STORE_FAST__LOAD_FAST, 0)                                             \
    X(STORE_FAST__STORE_FAST, 0)                                            \
    X(JUMP_FORWARD, 0)          /* not a superinstruction: a JUMP whose     \
                                   target is ahead, which needs no step     \
                                   (quickening tells them apart once) */

typedef enum py_opcode {
#define PY_OPCODE_ENUM(name, cache) PY_##name,
    PY_OPCODES(PY_OPCODE_ENUM)
#undef PY_OPCODE_ENUM
    PY_NOPCODES
} py_opcode;

_Static_assert(PY_NOPCODES <= 256, "an opcode fits in 8 bits");

/* Cache units after each opcode, each opcode's name, and the base form of
 * each specialised form (0 for the others: PY_BASE_OP) (code.c). */
OHI_FUNC extern const uint8_t py_opcode_cache[256];
OHI_FUNC extern const char *const py_opcode_name[256];
OHI_FUNC extern const uint8_t py_opcode_base[256];
#define PY_BASE_OP(op) (py_opcode_base[(op)] ? py_opcode_base[(op)] : (op))
#define PY_CACHE(op) (py_opcode_cache[(op)])

/* Does the opcode's argument name a jump target? */
#define PY_IS_JUMP(op)                                                      \
    ((op) == PY_JUMP || (op) == PY_POP_JUMP_IF_FALSE                        \
     || (op) == PY_POP_JUMP_IF_TRUE || (op) == PY_POP_JUMP_IF_NONE          \
     || (op) == PY_POP_JUMP_IF_NOT_NONE || (op) == PY_JUMP_IF_FALSE_OR_POP  \
     || (op) == PY_JUMP_IF_TRUE_OR_POP || (op) == PY_FOR_ITER               \
     || (op) == PY_SEND || (op) == PY_JUMP_FORWARD)

/* FORMAT_VALUE flags. */
#define PY_FVC_MASK 0x3
#define PY_FVC_NONE 0x0
#define PY_FVC_STR 0x1
#define PY_FVC_REPR 0x2
#define PY_FVC_ASCII 0x3
#define PY_FVS_HAVE_SPEC 0x4

/* MAKE_FUNCTION flags. */
#define PY_MF_DEFAULTS 0x01
#define PY_MF_KWDEFAULTS 0x02
#define PY_MF_ANNOTATIONS 0x04
#define PY_MF_CLOSURE 0x08

#endif /* OBJHEAP_PY_OPCODES_H */
