/*
 * parser.c -- Python 3.11 tokens to the AST of ast.h, with CPython's
 * SyntaxErrors.
 *
 * What it owns
 * ------------
 * py_parse: the grammar of CPython 3.11 (Grammar/python.gram, less
 * async/await, match, except* and type comments), the tree it builds in
 * a py_arena, the decoding of literals (numbers, strings, bytes,
 * f-strings), and the choice of the SyntaxError to raise, which follows
 * CPython's parser so closely that the tests compare messages and
 * positions with python3's.
 *
 * How it parses
 * -------------
 * A hand-written PEG parser: one C function per grammar rule, trying
 * the rule's alternatives in order and backtracking over a token array
 * (the lexer tokenizes everything first; see "Errors" for why that is
 * safe).  Rules CPython memoizes are memoized here too (a memo list per
 * token), which keeps backtracking linear; left-recursive rules (sum,
 * primary, ...) are loops.  Because the alternatives and lookaheads are
 * CPython's, so is the furthest token the parser looks at, which is
 * where CPython reports "invalid syntax".
 *
 * Like CPython, parsing runs in two passes.  The first uses only the
 * grammar.  If it fails without an error, the second pass parses again
 * with the "invalid_" rules switched on: extra alternatives that match
 * common mistakes and raise a specific message ("expected ':'", "cannot
 * assign to literal", ...).  If none matches, the error is "invalid
 * syntax" at the furthest token of the first pass.
 *
 *   tokens --pass 1--> tree
 *            | fails, no error set
 *            +--pass 2 (invalid rules)--> specific SyntaxError
 *                     | nothing matched
 *                     +--> "invalid syntax" at pass 1's furthest token
 *
 * Errors
 * ------
 * CPython's tokenizer runs in step with the parser, which fixes which
 * error wins when both the source's tokens and its grammar are wrong.
 * With every token made up front, the parser replays that order (PA7):
 * a tokenizer error is raised when the parser first looks at the token
 * where it happened; a parser error stands unless the tokenizer, run to
 * the end, raises an error of its own, or stops inside a bracket opened
 * on a line before the parser's error.
 *
 * Positions: nodes carry CPython's (lineno, byte col_offset, end);
 * errors carry 1-based character offsets computed as CPython computes
 * them, from byte offsets and the error's source line.
 *
 * f-strings are parsed as CPython 3.11 parses them: the literal parts
 * are scanned here, and each expression is copied as "(expr)" and parsed
 * by a parser of its own (start rule `fstring`), whose errors say
 * "f-string: ..." and count columns in that copy.
 *
 * Interactive input: with `incomplete` requested, a statement that ends
 * where the input does (an open bracket, a block header, a triple-quoted
 * string, a trailing backslash) is the error "incomplete input" with
 * *incomplete set, as CPython's PyCF_ALLOW_INCOMPLETE_INPUT makes it.
 *
 * Known differences from CPython 3.11
 * ------------------------------------
 *   - async, await, except* and match are refused (PA8); lone surrogates
 *     in string escapes ('\ud800') are refused (a str holds none here).
 *   - Identifiers are NFKC-normalized only for the compatibility
 *     characters nfkc_char knows.
 *   - Coding declarations other than UTF-8, Latin-1 and ASCII are
 *     "unknown encoding".
 *   - For two juxtaposed expressions the second of which is a bracketed
 *     display or call ("1 {a b}", "f f(a b)"), the message chosen can
 *     differ (which invalid rules run inside the brackets).
 *
 * States
 * ------
 *   pass 1 --(fails, no error)--> pass 2 --(fails, no error)--> generic
 *   any   --(error set)--> done: p->error, every rule returns NULL
 *
 * Invariants
 * ----------
 * PA1. A rule returns a node and leaves pos after what it matched, or
 *      returns NULL and leaves pos where it found it.
 * PA2. p->error is set iff a Python exception is set by this parse;
 *      from then on no rule does anything but return NULL.
 * PA3. fill is one more than the highest token index the parser has
 *      looked at (CPython's p->fill); tokens[ntoks - 1] is ENDMARKER or
 *      ERRORTOKEN, and pos <= ntoks - 1 except after the file rule
 *      consumed ENDMARKER.
 * PA4. A memo entry for (rule, token i) holds what the rule returned at
 *      i in this pass and the position after it; entries are dropped
 *      between passes, because invalid rules change what rules match.
 * PA5. Nodes are not changed once a memo entry may hold them: giving a
 *      node a Store or Del context copies it (set_ctx).
 * PA6. depth counts nested rule calls that can recurse without a
 *      bracket (unary operators, lambda, conditional expressions,
 *      targets) plus the length of left-deep chains being built;
 *      passing PA_MAX_DEPTH raises RecursionError, so neither this
 *      parser nor code walking its tree can exhaust the C stack.
 * PA7. The error raised is the first of: the tokenizer's error, if a
 *      pass looked at its token; MemoryError or RecursionError; an error
 *      raised by pass 1 (literals) or pass 2 (invalid rules); "invalid
 *      syntax".  A SyntaxError from the parser is then replaced by a
 *      "raised" tokenizer error found anywhere later, or by "'(' was
 *      never closed" when the tokenizer ends inside a bracket opened on
 *      a line before the furthest token.
 * PA8. await, async and except* parse as in CPython (await as a UnaryOp
 *      with op 0, the others as their synchronous forms) and are refused
 *      with "... is not supported" only if the whole parse succeeds.
 *
 * Tunables
 * --------
 * PA_MAX_DEPTH, 1500: CPython 3.11 parses a thousand nested unary
 * minuses; deeper nesting fails there too (MemoryError in its parser,
 * RecursionError when the tree is built).  Measured under ASan: the
 * deepest inputs (200 nested brackets around an error, which pass 2
 * walks with every invalid rule; 1490 nested lambdas, unary operators or
 * conditional expressions) run in a 2 MiB stack; 1 MiB is too little
 * for the brackets.
 */
#include "py/lexer.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PA_MAX_DEPTH 1500

/* ==========================================================================
 * The parser's state
 * ========================================================================== */

/* One memoized result (PA4). */
typedef struct memo {
    struct memo *next;
    int rule;                           /* a MEMO_* */
    uint32_t end;                       /* token index after the match */
    void *node;                         /* NULL: the rule failed here */
} memo;

enum {
    MEMO_EXPRESSION = 1, MEMO_DISJUNCTION, MEMO_CONJUNCTION, MEMO_INVERSION,
    MEMO_BITWISE_OR, MEMO_FACTOR, MEMO_PRIMARY, MEMO_STAR_EXPRESSION,
    MEMO_STAR_TARGET, MEMO_TARGET_WITH_STAR_ATOM, MEMO_T_PRIMARY,
    MEMO_DEL_TARGET, MEMO_INVALID_NAMED, MEMO_ARGUMENTS, MEMO_STRINGS,
    MEMO_SIMPLE_STMT, MEMO_BLOCK, MEMO_SUM, MEMO_TERM, MEMO_SHIFT,
    MEMO_BITWISE_XOR, MEMO_BITWISE_AND, MEMO_ATOM
};

typedef struct parser {
    py_arena *arena;                    /* the tree */
    py_arena *scratch;                  /* memo entries, freed at the end */
    py_token *toks;                     /* ntoks tokens (PA3) */
    size_t ntoks;
    memo **memos;                       /* ntoks lists (PA4) */
    size_t pos;                         /* next token */
    size_t fill;                        /* PA3 */
    int invalid;                        /* pass 2: invalid rules on */
    int error;                          /* PA2 */
    int depth;                          /* PA6 */
    int mode;                           /* py_parse_mode, or MODE_FSTRING */
    oh_object *filename;
    const py_lex_error *lexerr;         /* the lexer's error, if the last
                                           token is ERRORTOKEN */
    const char *buf, *bufend;           /* the text, for error lines */
    int line_base, col_base;            /* an f-string expression's
                                           place (lexer.h) */
    struct pshared *sh;                 /* shared with f-string parsers */
    /* Where parse_fstring_expr stopped counting lines in a string token,
     * so that a token with many replacement fields costs linear time. */
    const py_token *fs_tok;             /* the token, or NULL */
    const char *fs_pos;                 /* counted up to here */
    int fs_lines;                       /* '\n's in fs_tok->start..fs_pos */
    const char *fs_line;                /* start of fs_pos's line */
} parser;

/* What a parse shares with the parsers of its f-strings' expressions. */
typedef struct pshared {
    int depth;                          /* PA6 */
    /* The first construct parsed that this interpreter does not support
     * (await, async, except*): refused once the parse succeeds, so that
     * a program with a real syntax error gets CPython's message for it
     * (PA8). */
    const char *unsupported;            /* its message, or NULL */
    py_pos unsupported_pos;
} pshared;

#define MODE_FSTRING 3

/* The kinds of targets RAISE_SYNTAX_ERROR_INVALID_TARGET looks into. */
typedef enum { STAR_TARGETS, DEL_TARGETS, FOR_TARGETS } targets_type;

/* ==========================================================================
 * Tokens and memos
 * ========================================================================== */

/* The token at pos, which the parser now has looked at (PA3).  Looking
 * at the ERRORTOKEN raises the tokenizer's error, as fetching it does in
 * CPython. */
static void raise_lex_error(parser *p);

static py_token *
peek(parser *p)
{
    OH_ASSERT(p->ntoks > 0 && p->fill <= p->ntoks);            /* PA3 */
    size_t i = p->pos < p->ntoks ? p->pos : p->ntoks - 1;
    if (i + 1 > p->fill) {
        p->fill = i + 1;
        if (p->toks[i].kind == PY_TK_ERRORTOKEN && !p->error)
            raise_lex_error(p);
    }
    return &p->toks[i];
}

static int
peek_kind(parser *p)
{
    return peek(p)->kind;
}

/* The token at pos + k, looked at. */
static py_token *
peek_at(parser *p, size_t k)
{
    size_t save = p->pos;
    for (size_t i = 0; i < k && p->pos < p->ntoks - 1; i++) {
        peek(p);
        p->pos++;
    }
    py_token *t = peek(p);
    p->pos = save;
    return t;
}

/* Consume the token at pos if it is of `kind`; the token or NULL. */
static py_token *
expect(parser *p, int kind)
{
    py_token *t = peek(p);
    if (t->kind != kind || p->error)
        return NULL;
    if (kind == PY_TK_NOTEQUAL && (t->flags & PY_TOKF_LTGT))
        return NULL;                    /* "<>": no Barry as FLUFL here */
    p->pos++;
    return t;
}

/* The last token consumed that is not NEWLINE, INDENT, DEDENT or
 * ENDMARKER (CPython's _PyPegen_get_last_nonnwhitespace_token): where a
 * node ends. */
static py_token *
last_token(parser *p)
{
    size_t m = p->pos < p->ntoks ? p->pos : p->ntoks;
    py_token *t = &p->toks[0];
    while (m > 0) {
        t = &p->toks[--m];
        if (t->kind != PY_TK_ENDMARKER && t->kind != PY_TK_NEWLINE
            && t->kind != PY_TK_INDENT && t->kind != PY_TK_DEDENT)
            break;
    }
    return t;
}

static bool
memo_get(parser *p, int rule, void **out)
{
    size_t i = p->pos < p->ntoks ? p->pos : p->ntoks - 1;
    for (memo *m = p->memos[i]; m != NULL; m = m->next) {
        if (m->rule == rule) {
            *out = m->node;
            if (m->node != NULL)
                p->pos = m->end;
            return true;
        }
    }
    return false;
}

/* Record what `rule` gave at `start` (pos is after it). */
static void
memo_put(parser *p, size_t start, int rule, void *node)
{
    if (p->error || start >= p->ntoks)
        return;
    memo *m = py_arena_alloc(p->scratch, sizeof *m);
    if (m == NULL) {
        p->error = 1;
        return;
    }
    m->rule = rule;
    m->node = node;
    m->end = (uint32_t)p->pos;
    m->next = p->memos[start];
    p->memos[start] = m;
}

/* PA6.  Enter a rule that may recurse; false (RecursionError raised)
 * when too deep. */
static bool
enter(parser *p)
{
    if (++p->sh->depth > PA_MAX_DEPTH) {
        if (!p->error) {
            py_err_set_string(PY_EXC(RecursionError),
                              "maximum recursion depth exceeded during "
                              "compilation");
            p->error = 1;
        }
        return false;
    }
    return true;
}

static void
leave(parser *p)
{
    --p->sh->depth;
}

/* PA8: remember an unsupported construct at token t. */
static void
note_unsupported(parser *p, const py_token *t, const char *msg)
{
    pshared *sh = p->sh;
    if (sh->unsupported != NULL
        && (sh->unsupported_pos.lineno < t->lineno
            || (sh->unsupported_pos.lineno == t->lineno
                && sh->unsupported_pos.col_offset <= t->col)))
        return;
    sh->unsupported = msg;
    sh->unsupported_pos.lineno = t->lineno;
    sh->unsupported_pos.col_offset = t->col;
    sh->unsupported_pos.end_lineno = t->end_lineno;
    sh->unsupported_pos.end_col_offset = t->end_col;
}

/* A left-deep chain grew by one node: count it against PA6 for as long
 * as the rule building it runs (the caller subtracts `*chain` after). */
static bool
chain_grow(parser *p, int *chain)
{
    (*chain)++;
    return enter(p);
}

static void
chain_end(parser *p, int chain)
{
    p->sh->depth -= chain;
}

/* ==========================================================================
 * Errors
 * ========================================================================== */

#define CURRENT_POS (-5)

/* The source line `lineno` (absolute) for an error's text. */
static const char *
error_line(parser *p, int lineno, size_t *len)
{
    *len = 0;
    const char *s = py_lex_line(p->buf, p->bufend, lineno - p->line_base,
                                len);
    if (s == NULL) {
        *len = 0;
        return "";
    }
    return s;
}

/* CPython's _PyPegen_byte_offset_to_character_offset: the characters in
 * the first col bytes of the line, where a col past the line's end
 * counts its terminating NUL once. */
static int
byte_to_char(const char *line, size_t len, int col)
{
    if (col <= 0)
        return 0;
    size_t n = (size_t)col;
    if (n > len + 1)
        n = len + 1;
    if (n <= len)
        return py_lex_utf8_count(line, n);
    return py_lex_utf8_count(line, len) + 1;
}

/* CPython's _PyPegen_raise_error_known_location: col_offset and
 * end_col_offset are 1-based byte columns (or 0, -1, CURRENT_POS). */
static void *raise_known(parser *p, py_type *type, int lineno, int col,
                         int end_lineno, int end_col, const char *fmt, ...)
    OH_PRINTF(7, 8);

static void *
raise_known(parser *p, py_type *type, int lineno, int col, int end_lineno,
            int end_col, const char *fmt, ...)
{
    if (p->error)
        return NULL;
    char msg[400];
    int off = 0;
    if (p->mode == MODE_FSTRING)
        off = snprintf(msg, sizeof msg, "f-string: ");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + off, sizeof msg - (size_t)off, fmt, ap);
    va_end(ap);

    py_token *last = &p->toks[p->fill > 0 ? p->fill - 1 : 0];
    if (end_lineno == CURRENT_POS)
        end_lineno = last->cur_lineno;
    if (end_col == CURRENT_POS)
        end_col = last->cur_col;
    if (p->mode == MODE_FSTRING) {
        col -= p->col_base;
        end_col -= p->col_base;
        if (col < 0)
            col = 0;
    }
    size_t len;
    const char *line = error_line(p, lineno, &len);
    int offset = byte_to_char(line, len, col);
    int end_offset = end_col;
    if (end_col > 0)
        end_offset = byte_to_char(line, len, end_col);
    py_err_syntax(type, msg, p->filename, lineno, offset, line, len,
                  end_lineno, end_offset);
    p->error = 1;
    return NULL;
}

/* CPython's _PyPegen_raise_error: at the furthest token looked at. */
static void *
raise_last(parser *p, py_type *type, const char *msg)
{
    if (p->error)
        return NULL;
    py_token *t = &p->toks[p->fill > 0 ? p->fill - 1 : 0];
    int col, end_col = -1;
    if (t->col == -1)
        col = t->cur_col;
    else
        col = t->col + 1;
    if (t->end_col != -1)
        end_col = t->end_col + 1;
    return raise_known(p, type, t->lineno, col, t->end_lineno, end_col,
                       "%s", msg);
}

#define SYNTAX_ERROR PY_EXC(SyntaxError)

/* RAISE_SYNTAX_ERROR_KNOWN_LOCATION and friends, for nodes and tokens. */
static void *
raise_at_pos(parser *p, const py_pos *a, const py_pos *b, const char *msg)
{
    return raise_known(p, SYNTAX_ERROR, a->lineno, a->col_offset + 1,
                       b->end_lineno, b->end_col_offset + 1, "%s", msg);
}

static void *
raise_at_tok(parser *p, const py_token *a, const py_token *b,
             const char *msg)
{
    return raise_known(p, SYNTAX_ERROR, a->lineno, a->col + 1,
                       b->end_lineno, b->end_col + 1, "%s", msg);
}

static py_pos
tok_pos(const py_token *t)
{
    py_pos pos = {t->lineno, t->col, t->end_lineno, t->end_col};
    return pos;
}

/* RAISE_SYNTAX_ERROR_STARTING_FROM(a): to the tokenizer's position. */
static void *
raise_from(parser *p, const py_pos *a, const char *msg)
{
    return raise_known(p, SYNTAX_ERROR, a->lineno, a->col_offset + 1,
                       CURRENT_POS, CURRENT_POS, "%s", msg);
}

/* Raise the lexer's error (the parser has reached its ERRORTOKEN). */
static void
raise_lex_error(parser *p)
{
    const py_lex_error *e = p->lexerr;
    if (e == NULL || p->error)
        return;
    p->error = 1;
    if (e->style == PY_LEX_ERR_MEMORY) {
        oh_err_no_memory();
        return;
    }
    char msg[200];
    if (p->mode == MODE_FSTRING && e->style == PY_LEX_ERR_DONE)
        snprintf(msg, sizeof msg, "f-string: %s", e->msg);
    else
        snprintf(msg, sizeof msg, "%s", e->msg);
    py_err_syntax(e->type, msg, p->filename, e->lineno, e->offset, e->text,
                  e->textlen, e->end_lineno, e->end_offset);
}

/* After a SyntaxError from the parser: the tokenizer's own error, found
 * further on, replaces it (PA7). */
static void
override_with_lex_error(parser *p)
{
    const py_lex_error *e = p->lexerr;
    if (e == NULL)
        return;
    if (p->fill >= p->ntoks)
        return;                         /* the parser reached it already */
    if (e->style == PY_LEX_ERR_RAISED) {
        py_err_clear();
        p->error = 0;
        raise_lex_error(p);
        return;
    }
    if (e->style == PY_LEX_ERR_DONE && e->open_ch != 0) {
        int err_line = p->toks[p->fill > 0 ? p->fill - 1 : 0].lineno;
        if (err_line > e->open_lineno) {
            char msg[64];
            snprintf(msg, sizeof msg, "%s'%c' was never closed",
                     p->mode == MODE_FSTRING ? "f-string: " : "",
                     e->open_ch);
            py_err_clear();
            py_err_syntax(SYNTAX_ERROR, msg, p->filename, e->open_lineno,
                          e->open_offset, e->open_text, e->open_textlen,
                          e->open_lineno, 0);
        }
    }
}

/* A MemoryError from the library (an allocation or object creation
 * failed): stop. */
static void *
nomem(parser *p)
{
    if (!py_err_occurred())
        oh_err_no_memory();
    p->error = 1;
    return NULL;
}

/* ==========================================================================
 * Byte buffers
 * ========================================================================== */

/* Bytes being built, in the scratch arena. */
typedef struct sbuf {
    char *data;
    size_t len, cap;
} sbuf;

static bool
sb_add(parser *p, sbuf *b, const char *s, size_t n)
{
    if (p->error)
        return false;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1) {
            if (cap > SIZE_MAX / 2) {
                nomem(p);
                return false;
            }
            cap *= 2;
        }
        char *d = py_arena_alloc(p->scratch, cap);
        if (d == NULL) {
            nomem(p);
            return false;
        }
        if (b->len > 0)
            memcpy(d, b->data, b->len);
        b->data = d;
        b->cap = cap;
    }
    if (n > 0)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

static bool
sb_addc(parser *p, sbuf *b, char c)
{
    return sb_add(p, b, &c, 1);
}

/* Append code point c as UTF-8. */
static bool
sb_add_cp(parser *p, sbuf *b, uint32_t c)
{
    char u[4];
    size_t n;
    if (c < 0x80) {
        u[0] = (char)c;
        n = 1;
    }
    else if (c < 0x800) {
        u[0] = (char)(0xC0 | (c >> 6));
        u[1] = (char)(0x80 | (c & 0x3F));
        n = 2;
    }
    else if (c < 0x10000) {
        u[0] = (char)(0xE0 | (c >> 12));
        u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F));
        n = 3;
    }
    else {
        u[0] = (char)(0xF0 | (c >> 18));
        u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[3] = (char)(0x80 | (c & 0x3F));
        n = 4;
    }
    return sb_add(p, b, u, n);
}

/* ==========================================================================
 * Building nodes
 * ========================================================================== */

/* Where a node that began at token `start` and ends at the last token
 * consumed lies (CPython's EXTRA). */
static py_pos
pos_from(parser *p, size_t start)
{
    py_token *a = &p->toks[start < p->ntoks ? start : p->ntoks - 1];
    py_token *b = last_token(p);
    py_pos pos = {a->lineno, a->col, b->end_lineno, b->end_col};
    return pos;
}

static py_pos
pos_span(const py_pos *a, const py_pos *b)
{
    py_pos pos = {a->lineno, a->col_offset, b->end_lineno,
                  b->end_col_offset};
    return pos;
}

static py_expr *
new_expr(parser *p, py_expr_kind kind, py_pos pos)
{
    if (p->error)
        return NULL;
    py_expr *e = py_arena_alloc(p->arena, sizeof *e);
    if (e == NULL)
        return nomem(p);
    e->kind = kind;
    e->pos = pos;
    return e;
}

static py_stmt *
new_stmt(parser *p, py_stmt_kind kind, py_pos pos)
{
    if (p->error)
        return NULL;
    py_stmt *s = py_arena_alloc(p->arena, sizeof *s);
    if (s == NULL)
        return nomem(p);
    s->kind = kind;
    s->pos = pos;
    return s;
}

static void *
alloc(parser *p, size_t n)
{
    if (p->error)
        return NULL;
    void *x = py_arena_alloc(p->arena, n);
    if (x == NULL)
        return nomem(p);
    return x;
}

/* A growing list of pointers in the arena (what is left behind when it
 * grows is garbage the arena frees). */
typedef struct vec {
    void **items;
    size_t n, cap;
} vec;

#define VEC_INIT {NULL, 0, 0}

static bool
vec_push(parser *p, vec *v, void *x)
{
    if (p->error)
        return false;
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        void **items = py_arena_alloc(p->arena, cap * sizeof(void *));
        if (items == NULL) {
            nomem(p);
            return false;
        }
        if (v->n > 0)
            memcpy(items, v->items, v->n * sizeof(void *));
        v->items = items;
        v->cap = cap;
    }
    v->items[v->n++] = x;
    return true;
}

static py_seq *
vec_seq(parser *p, const vec *v)
{
    if (p->error)
        return NULL;
    py_seq *s = py_seq_new(p->arena, v->n);
    if (s == NULL)
        return nomem(p);
    if (v->n > 0)
        memcpy(s->items, v->items, v->n * sizeof(void *));
    return s;
}

static py_seq *
seq1(parser *p, void *x)
{
    vec v = VEC_INIT;
    if (!vec_push(p, &v, x))
        return NULL;
    return vec_seq(p, &v);
}

static py_seq *
seq_empty(parser *p)
{
    vec v = VEC_INIT;
    return vec_seq(p, &v);
}

/* An object for the tree: the arena owns it (AST1, AST2). */
static oh_object *
own(parser *p, oh_object *o)
{
    if (o == NULL)
        return nomem(p);
    if (py_arena_own(p->arena, o) == NULL)
        return nomem(p);
    return o;
}

/* NFKC of one identifier character, for the compatibility characters
 * identifiers hold in practice (CPython normalizes every non-ASCII
 * identifier with NFKC; without Unicode's tables this covers fullwidth
 * forms, ligatures, letterlike and mathematical letters, roman numerals,
 * and a few single letters; composition is not done).  The replacement
 * as UTF-8 in buf, or NULL when c stays. */
static const char *
nfkc_char(uint32_t c, char *buf)
{
    static const struct { uint32_t c; const char *s; } singles[] = {
        {0x00AA, "a"}, {0x00B5, "\xCE\xBC"}, {0x00BA, "o"}, {0x017F, "s"},
        {0x2071, "i"}, {0x207F, "n"}, {0x2090, "a"}, {0x2091, "e"},
        {0x2092, "o"}, {0x2093, "x"}, {0x2094, "\xC9\x99"}, {0x2095, "h"},
        {0x2096, "k"}, {0x2097, "l"}, {0x2098, "m"}, {0x2099, "n"},
        {0x209A, "p"}, {0x209B, "s"}, {0x209C, "t"}, {0x2102, "C"},
        {0x210A, "g"}, {0x210B, "H"}, {0x210C, "H"}, {0x210D, "H"},
        {0x210E, "h"}, {0x2110, "I"}, {0x2111, "I"}, {0x2112, "L"},
        {0x2113, "l"}, {0x2115, "N"}, {0x2119, "P"}, {0x211A, "Q"},
        {0x211B, "R"}, {0x211C, "R"}, {0x211D, "R"}, {0x2124, "Z"},
        {0x2126, "\xCE\xA9"}, {0x2128, "Z"}, {0x212A, "K"},
        {0x212B, "\xC3\x85"}, {0x212C, "B"}, {0x212D, "C"}, {0x212F, "e"},
        {0x2130, "E"}, {0x2131, "F"}, {0x2133, "M"}, {0x2134, "o"},
        {0x2139, "i"}, {0xFB00, "ff"}, {0xFB01, "fi"}, {0xFB02, "fl"},
        {0xFB03, "ffi"}, {0xFB04, "ffl"}, {0xFB05, "st"}, {0xFB06, "st"},
    };
    static const char *const roman[16] = {
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI",
        "XII", "L", "C", "D", "M",
    };
    if (c >= 0xFF10 && c <= 0xFF19)
        buf[0] = (char)('0' + (c - 0xFF10));
    else if (c >= 0xFF21 && c <= 0xFF3A)
        buf[0] = (char)('A' + (c - 0xFF21));
    else if (c >= 0xFF41 && c <= 0xFF5A)
        buf[0] = (char)('a' + (c - 0xFF41));
    else if (c == 0xFF3F)
        buf[0] = '_';
    else if (c >= 0x1D400 && c <= 0x1D6A3) {
        uint32_t i = (c - 0x1D400) % 52;
        buf[0] = (char)(i < 26 ? 'A' + i : 'a' + (i - 26));
    }
    else if (c >= 0x1D7CE && c <= 0x1D7FF)
        buf[0] = (char)('0' + (c - 0x1D7CE) % 10);
    else if (c >= 0x2160 && c <= 0x217F) {
        const char *r = roman[(c - 0x2160) % 16];
        size_t i;
        for (i = 0; r[i] != '\0'; i++)
            buf[i] = c >= 0x2170 ? (char)(r[i] - 'A' + 'a') : r[i];
        buf[i] = '\0';
        return buf;
    }
    else {
        for (size_t i = 0; i < sizeof singles / sizeof singles[0]; i++) {
            if (singles[i].c == c)
                return singles[i].s;
        }
        return NULL;
    }
    buf[1] = '\0';
    return buf;
}

/* The interned identifier s[0..n) (AST1), NFKC-normalized as far as
 * nfkc_char goes. */
static oh_object *
identifier(parser *p, const char *s, size_t n)
{
    if (p->error)
        return NULL;
    sbuf norm = {NULL, 0, 0};
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] < 0x80)
            continue;
        /* Not ASCII: rewrite what NFKC changes. */
        const char *q = s, *end = s + n;
        while (q < end) {
            int len;
            uint32_t c = py_lex_utf8_decode(q, end, &len);
            char buf[8];
            const char *r = c < 0x80 ? NULL : nfkc_char(c, buf);
            if (!(r != NULL ? sb_add(p, &norm, r, strlen(r))
                            : sb_add(p, &norm, q, (size_t)len)))
                return NULL;
            q += len;
        }
        s = norm.data;
        n = norm.len;
        break;
    }
    oh_object *str = oh_str_from_utf8(s, n);
    if (str == NULL)
        return nomem(p);
    oh_object *id = oh_str_intern(str);
    oh_decref(str);
    return own(p, id);
}

static oh_object *
tok_identifier(parser *p, const py_token *t)
{
    return identifier(p, t->start, (size_t)(t->end - t->start));
}

static py_expr *
name_expr(parser *p, const py_token *t, py_expr_context ctx)
{
    oh_object *id = tok_identifier(p, t);
    py_expr *e = new_expr(p, PY_E_NAME, tok_pos(t));
    if (e == NULL || id == NULL)
        return NULL;
    e->v.name.id = id;
    e->v.name.ctx = ctx;
    return e;
}

/* A Constant holding value: steals value (a new reference), except the
 * singletons None, True, False and Ellipsis, which are borrowed. */
static py_expr *
constant(parser *p, oh_object *value, py_pos pos)
{
    if (value == OH_NONE || value == OH_TRUE || value == OH_FALSE
        || value == PY_ELLIPSIS)
        oh_incref(value);
    if (p->error) {
        oh_xdecref(value);
        return NULL;
    }
    /* The arena takes the reference first, so that nothing leaks if the
     * node cannot be made. */
    if (own(p, value) == NULL)
        return NULL;
    py_expr *e = new_expr(p, PY_E_CONSTANT, pos);
    if (e == NULL)
        return NULL;
    e->v.constant.value = value;
    return e;
}

static py_expr *
binop(parser *p, py_expr *l, py_operator op, py_expr *r, py_pos pos)
{
    py_expr *e = new_expr(p, PY_E_BINOP, pos);
    if (e == NULL)
        return NULL;
    e->v.binop.left = l;
    e->v.binop.op = op;
    e->v.binop.right = r;
    return e;
}

static py_expr *
unaryop(parser *p, py_unaryop op, py_expr *operand, py_pos pos)
{
    py_expr *e = new_expr(p, PY_E_UNARYOP, pos);
    if (e == NULL)
        return NULL;
    e->v.unaryop.op = op;
    e->v.unaryop.operand = operand;
    return e;
}

static py_expr *
tuple_expr(parser *p, py_seq *elts, py_expr_context ctx, py_pos pos)
{
    py_expr *e = new_expr(p, PY_E_TUPLE, pos);
    if (e == NULL)
        return NULL;
    e->v.tuple.elts = elts ? elts : seq_empty(p);
    e->v.tuple.ctx = ctx;
    return e->v.tuple.elts ? e : NULL;
}

static py_expr *
list_expr(parser *p, py_seq *elts, py_expr_context ctx, py_pos pos)
{
    py_expr *e = new_expr(p, PY_E_LIST, pos);
    if (e == NULL)
        return NULL;
    e->v.list.elts = elts ? elts : seq_empty(p);
    e->v.list.ctx = ctx;
    return e->v.list.elts ? e : NULL;
}

static py_expr *
starred(parser *p, py_expr *value, py_expr_context ctx, py_pos pos)
{
    py_expr *e = new_expr(p, PY_E_STARRED, pos);
    if (e == NULL)
        return NULL;
    e->v.starred.value = value;
    e->v.starred.ctx = ctx;
    return e;
}

/* A copy of e with context ctx, children too for Tuple, List and Starred
 * (CPython's _PyPegen_set_expr_context).  Copies rather than changes: e
 * may sit in a memo entry (PA5). */
static py_expr *
set_ctx(parser *p, py_expr *e, py_expr_context ctx)
{
    if (e == NULL || p->error)
        return NULL;
    py_expr *c;
    switch (e->kind) {
    case PY_E_NAME:
    case PY_E_ATTRIBUTE:
    case PY_E_SUBSCRIPT:
        c = new_expr(p, e->kind, e->pos);
        if (c == NULL)
            return NULL;
        c->v = e->v;
        if (e->kind == PY_E_NAME)
            c->v.name.ctx = ctx;
        else if (e->kind == PY_E_ATTRIBUTE)
            c->v.attribute.ctx = ctx;
        else
            c->v.subscript.ctx = ctx;
        return c;
    case PY_E_STARRED:
        return starred(p, set_ctx(p, e->v.starred.value, ctx), ctx, e->pos);
    case PY_E_TUPLE:
    case PY_E_LIST: {
        vec v = VEC_INIT;
        for (size_t i = 0; i < PY_SEQ_LEN(e->v.tuple.elts); i++) {
            if (!vec_push(p, &v, set_ctx(p, PY_SEQ_GET(e->v.tuple.elts, i),
                                         ctx)))
                return NULL;
        }
        py_seq *elts = vec_seq(p, &v);
        return e->kind == PY_E_TUPLE ? tuple_expr(p, elts, ctx, e->pos)
                                     : list_expr(p, elts, ctx, e->pos);
    }
    default:
        return e;
    }
}

/* CPython's _PyPegen_get_expr_name, for error messages. */
static const char *
expr_name(const py_expr *e)
{
    switch (e->kind) {
    case PY_E_ATTRIBUTE: return "attribute";
    case PY_E_SUBSCRIPT: return "subscript";
    case PY_E_STARRED: return "starred";
    case PY_E_NAME: return "name";
    case PY_E_LIST: return "list";
    case PY_E_TUPLE: return "tuple";
    case PY_E_LAMBDA: return "lambda";
    case PY_E_CALL: return "function call";
    case PY_E_UNARYOP:
        if ((int)e->v.unaryop.op == 0)
            return "await expression";  /* PA8 */
        return "expression";
    case PY_E_BOOLOP:
    case PY_E_BINOP: return "expression";
    case PY_E_GENERATOREXP: return "generator expression";
    case PY_E_YIELD:
    case PY_E_YIELDFROM: return "yield expression";
    case PY_E_LISTCOMP: return "list comprehension";
    case PY_E_SETCOMP: return "set comprehension";
    case PY_E_DICTCOMP: return "dict comprehension";
    case PY_E_DICT: return "dict literal";
    case PY_E_SET: return "set display";
    case PY_E_JOINEDSTR:
    case PY_E_FORMATTEDVALUE: return "f-string expression";
    case PY_E_CONSTANT: {
        oh_object *v = e->v.constant.value;
        if (v == OH_NONE)
            return "None";
        if (v == OH_FALSE)
            return "False";
        if (v == OH_TRUE)
            return "True";
        if (v == PY_ELLIPSIS)
            return "ellipsis";
        return "literal";
    }
    case PY_E_COMPARE: return "comparison";
    case PY_E_IFEXP: return "conditional expression";
    case PY_E_NAMEDEXPR: return "named expression";
    case PY_E_SLICE: return "slice";
    }
    return "expression";
}

/* CPython's _PyPegen_get_invalid_target: the part of e that cannot be
 * assigned to (or deleted), or NULL. */
static const py_expr *
invalid_target(const py_expr *e, targets_type type)
{
    if (e == NULL)
        return NULL;
    switch (e->kind) {
    case PY_E_LIST:
    case PY_E_TUPLE:
        for (size_t i = 0; i < PY_SEQ_LEN(e->v.tuple.elts); i++) {
            const py_expr *c = invalid_target(PY_SEQ_GET(e->v.tuple.elts, i),
                                              type);
            if (c != NULL)
                return c;
        }
        return NULL;
    case PY_E_STARRED:
        if (type == DEL_TARGETS)
            return e;
        return invalid_target(e->v.starred.value, type);
    case PY_E_COMPARE:
        if (type == FOR_TARGETS) {
            py_cmpop op = (py_cmpop)(intptr_t)PY_SEQ_GET(e->v.compare.ops, 0);
            if (op == PY_CMP_IN)
                return invalid_target(e->v.compare.left, type);
            return NULL;
        }
        return e;
    case PY_E_NAME:
    case PY_E_SUBSCRIPT:
    case PY_E_ATTRIBUTE:
        return NULL;
    default:
        return e;
    }
}

/* RAISE_SYNTAX_ERROR_INVALID_TARGET. */
static void *
raise_invalid_target(parser *p, targets_type type, const py_expr *e)
{
    const py_expr *t = invalid_target(e, type);
    if (t == NULL)
        return NULL;
    char msg[100];
    snprintf(msg, sizeof msg,
             type == DEL_TARGETS ? "cannot delete %s" : "cannot assign to %s",
             expr_name(t));
    return raise_at_pos(p, &t->pos, &t->pos, msg);
}

/* print and exec, which Python 2 had as statements. */
static bool
is_legacy_name(const py_expr *e)
{
    if (e->kind != PY_E_NAME)
        return false;
    return oh_str_equal_cstr(e->v.name.id, "print")
           || oh_str_equal_cstr(e->v.name.id, "exec");
}

static bool
tok_is(const py_token *t, const char *text)
{
    size_t n = strlen(text);
    return (size_t)(t->end - t->start) == n && memcmp(t->start, text, n) == 0;
}

/* The soft keywords of 3.11 (match statements): "match", "case", "_". */
static bool
is_soft_keyword(const py_token *t)
{
    return t->kind == PY_TK_NAME
           && (tok_is(t, "match") || tok_is(t, "case") || tok_is(t, "_"));
}

/* ==========================================================================
 * Numbers
 * ========================================================================== */

/* The constant of a NUMBER token (CPython's parsenumber), or NULL with
 * an error.  An imaginary literal (1j, 2.5e3J) is the complex 0+xj. */
static py_expr *
number_expr(parser *p, const py_token *t)
{
    const char *s = t->start;
    size_t n = (size_t)(t->end - t->start);
    if (p->error)
        return NULL;
    bool imaginary = s[n - 1] == 'j' || s[n - 1] == 'J';
    if (imaginary)
        n--;
    char small[128];
    char *buf = n < sizeof small ? small : oh_malloc(n + 1);
    if (buf == NULL)
        return nomem(p);
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '_')
            buf[len++] = s[i];
    }
    buf[len] = '\0';
    bool prefixed = len > 1 && buf[0] == '0'
                    && strchr("xXoObB", buf[1]) != NULL;
    bool is_float = !prefixed && strpbrk(buf, ".eE") != NULL;
    oh_object *value;
    if (imaginary) {
        value = py_complex_from_doubles(0.0, strtod(buf, NULL));
    }
    else if (is_float) {
        value = oh_float_from_double(strtod(buf, NULL));
    }
    else {
        value = oh_int_from_string(buf, len, 0);
        if (value == NULL && oh_err_occurred() == OH_ERR_VALUE) {
            /* The digit limit: CPython reports it at the literal. */
            char msg[OH_ERR_MESSAGE_MAX];
            snprintf(msg, sizeof msg, "%s", oh_err_message());
            oh_err_clear();
            if (buf != small)
                oh_free(buf);
            return raise_known(p, SYNTAX_ERROR, t->lineno, 0, t->end_lineno,
                               0, "%s - Consider hexadecimal for huge "
                               "integer literals to avoid decimal "
                               "conversion limits.", msg);
        }
    }
    if (buf != small)
        oh_free(buf);
    if (value == NULL)
        return nomem(p);
    return constant(p, value, tok_pos(t));
}

/* ==========================================================================
 * Strings
 *
 * CPython 3.11's string_parser.c, rule for rule: the prefix, escapes
 * (with the error positions its decoders give), concatenation, and
 * f-strings, whose expressions go to a parser of their own.
 * ========================================================================== */

/* A string token's prefix and body (between the quotes). */
typedef struct strpart {
    bool bytes, raw, fmode;
    const char *body;
    size_t len;
} strpart;

static void
split_string(const py_token *t, strpart *sp)
{
    const char *s = t->start;
    memset(sp, 0, sizeof *sp);
    while (*s != '\'' && *s != '"') {
        if (*s == 'b' || *s == 'B')
            sp->bytes = true;
        else if (*s == 'r' || *s == 'R')
            sp->raw = true;
        else if (*s == 'f' || *s == 'F')
            sp->fmode = true;
        s++;
    }
    char quote = *s;
    size_t total = (size_t)(t->end - s);
    if (total >= 6 && s[1] == quote && s[2] == quote) {
        sp->body = s + 3;
        sp->len = total - 6;
    }
    else {
        sp->body = s + 1;
        sp->len = total - 2;
    }
}

/* "(unicode error) ..." for bad UTF-8 at s[pos..end) of a decoded
 * range. */
static void *
raise_utf8_error(parser *p, const char *s, long pos, size_t end,
                 const char *reason)
{
    char msg[200];
    if (end - (size_t)pos <= 1)
        snprintf(msg, sizeof msg, "(unicode error) 'utf-8' codec can't "
                 "decode byte 0x%02x in position %ld: %s",
                 (unsigned char)s[pos], pos, reason);
    else
        snprintf(msg, sizeof msg, "(unicode error) 'utf-8' codec can't "
                 "decode bytes in position %ld-%zu: %s", pos, end - 1,
                 reason);
    return raise_last(p, SYNTAX_ERROR, msg);
}

/* Append s[0..n) checked as UTF-8. */
static bool
add_utf8(parser *p, sbuf *out, const char *s, size_t n)
{
    size_t bad_end;
    const char *reason;
    long bad = py_lex_utf8_check(s, n, &bad_end, &reason);
    if (bad >= 0) {
        raise_utf8_error(p, s, bad, bad_end, reason);
        return false;
    }
    return sb_add(p, out, s, n);
}

static int
hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The unicode-escape decoder's error, positions in its input. */
static bool
escape_error(parser *p, size_t start, size_t end, const char *s,
             const char *reason)
{
    char msg[200];
    if (end - start == 1)
        snprintf(msg, sizeof msg, "(unicode error) 'unicodeescape' codec "
                 "can't decode byte 0x%02x in position %zu: %s",
                 (unsigned char)s[start], start, reason);
    else
        snprintf(msg, sizeof msg, "(unicode error) 'unicodeescape' codec "
                 "can't decode bytes in position %zu-%zu: %s", start,
                 end - 1, reason);
    raise_last(p, SYNTAX_ERROR, msg);
    return false;
}

/* Decode a string literal's text with its escapes (CPython's
 * decode_unicode_with_escapes): first every non-ASCII character becomes
 * a \U escape and a backslash before one (or at the end) becomes
 * \u005c, then the unicode-escape decoder runs; its error positions
 * count in that rewritten text, as CPython's do. */
static bool
decode_escapes(parser *p, const char *s, size_t len, sbuf *out)
{
    sbuf tb = {NULL, 0, 0};
    const char *end = s + len;
    if (!sb_add(p, &tb, "", 0))
        return false;
    while (s < end) {
        if (*s == '\\') {
            if (!sb_addc(p, &tb, *s++))
                return false;
            if (s >= end || (*s & 0x80)) {
                if (!sb_add(p, &tb, "u005c", 5))
                    return false;
                if (s >= end)
                    break;
            }
        }
        if (*s & 0x80) {
            const char *run = s;
            while (s < end && (*s & 0x80))
                s++;
            size_t bad_end;
            const char *reason;
            long bad = py_lex_utf8_check(run, (size_t)(s - run), &bad_end,
                                     &reason);
            if (bad >= 0) {
                raise_utf8_error(p, run, bad, bad_end, reason);
                return false;
            }
            for (const char *q = run; q < s;) {
                int n;
                uint32_t c = py_lex_utf8_decode(q, s, &n);
                char esc[16];
                snprintf(esc, sizeof esc, "\\U%08x", (unsigned)c);
                if (!sb_add(p, &tb, esc, 10))
                    return false;
                q += n;
            }
        }
        else {
            if (!sb_addc(p, &tb, *s++))
                return false;
        }
    }

    const char *in = tb.data;
    size_t n = tb.len;
    size_t i = 0;
    while (i < n) {
        char c = in[i];
        if (c != '\\') {
            if (!sb_addc(p, out, c))
                return false;
            i++;
            continue;
        }
        size_t start = i;
        i++;
        if (i >= n)
            return escape_error(p, start, n, in, "\\ at end of string");
        c = in[i++];
        uint32_t ch;
        int count = 0;
        const char *reason = NULL;
        switch (c) {
        case '\n':
            continue;
        case '\\': ch = '\\'; break;
        case '\'': ch = '\''; break;
        case '"': ch = '"'; break;
        case 'b': ch = '\b'; break;
        case 'f': ch = '\f'; break;
        case 't': ch = '\t'; break;
        case 'n': ch = '\n'; break;
        case 'r': ch = '\r'; break;
        case 'v': ch = '\v'; break;
        case 'a': ch = '\a'; break;
        case '0': case '1': case '2': case '3':
        case '4': case '5': case '6': case '7':
            ch = (uint32_t)(c - '0');
            if (i < n && in[i] >= '0' && in[i] <= '7') {
                ch = ch * 8 + (uint32_t)(in[i++] - '0');
                if (i < n && in[i] >= '0' && in[i] <= '7')
                    ch = ch * 8 + (uint32_t)(in[i++] - '0');
            }
            break;
        case 'x':
            count = 2;
            reason = "truncated \\xXX escape";
            break;
        case 'u':
            count = 4;
            reason = "truncated \\uXXXX escape";
            break;
        case 'U':
            count = 8;
            reason = "truncated \\UXXXXXXXX escape";
            break;
        case 'N': {
            reason = "malformed \\N character escape";
            if (i >= n)
                return escape_error(p, start, i, in, reason);
            if (in[i] == '{') {
                size_t name = ++i;
                while (i < n && in[i] != '}')
                    i++;
                if (i >= n)
                    return escape_error(p, start, i, in, reason);
                size_t namelen = i - name;
                if (namelen > 0) {
                    i++;
                    if (py_unicode_lookup(in + name, namelen, &ch))
                        break;
                    reason = "unknown Unicode character name";
                }
            }
            return escape_error(p, start, i, in, reason);
        }
        default:
            /* An invalid escape stays as it is (a DeprecationWarning in
             * CPython, not shown). */
            if (!sb_addc(p, out, '\\') || !sb_addc(p, out, c))
                return false;
            continue;
        }
        if (count > 0) {
            ch = 0;
            for (; count > 0; count--) {
                if (i >= n)
                    return escape_error(p, start, i, in, reason);
                int d = hexval((unsigned char)in[i]);
                if (d < 0)
                    return escape_error(p, start, i, in, reason);
                ch = (ch << 4) | (uint32_t)d;
                i++;
            }
            if (ch > 0x10FFFF)
                return escape_error(p, start, i, in,
                                    "illegal Unicode character");
        }
        if (ch >= 0xD800 && ch <= 0xDFFF)
            return escape_error(p, start, i, in,
                                "surrogate code points are not supported");
        if (!sb_add_cp(p, out, ch))
            return false;
    }
    return true;
}

/* A str literal's text, escapes decoded unless raw. */
static bool
decode_str(parser *p, const char *s, size_t len, bool raw, sbuf *out)
{
    if (raw || memchr(s, '\\', len) == NULL)
        return add_utf8(p, out, s, len);
    return decode_escapes(p, s, len, out);
}

/* A bytes literal's text (CPython's _PyBytes_DecodeEscape). */
static bool
decode_bytes(parser *p, const char *s, size_t len, bool raw, sbuf *out)
{
    if (raw || memchr(s, '\\', len) == NULL)
        return sb_add(p, out, s, len);
    const char *end = s + len;
    const char *start = s;
    while (s < end) {
        if (*s != '\\') {
            if (!sb_addc(p, out, *s++))
                return false;
            continue;
        }
        s++;
        if (s >= end) {
            raise_last(p, SYNTAX_ERROR, "(value error) Trailing \\ in string");
            return false;
        }
        char c = *s++;
        unsigned v;
        switch (c) {
        case '\n': continue;
        case '\\': v = '\\'; break;
        case '\'': v = '\''; break;
        case '"': v = '"'; break;
        case 'b': v = '\b'; break;
        case 'f': v = '\f'; break;
        case 't': v = '\t'; break;
        case 'n': v = '\n'; break;
        case 'r': v = '\r'; break;
        case 'v': v = '\v'; break;
        case 'a': v = '\a'; break;
        case '0': case '1': case '2': case '3':
        case '4': case '5': case '6': case '7':
            v = (unsigned)(c - '0');
            if (s < end && *s >= '0' && *s <= '7') {
                v = v * 8 + (unsigned)(*s++ - '0');
                if (s < end && *s >= '0' && *s <= '7')
                    v = v * 8 + (unsigned)(*s++ - '0');
            }
            v &= 0xFF;
            break;
        case 'x':
            if (s + 1 < end && hexval((unsigned char)s[0]) >= 0
                && hexval((unsigned char)s[1]) >= 0) {
                v = (unsigned)(hexval((unsigned char)s[0]) * 16
                               + hexval((unsigned char)s[1]));
                s += 2;
                break;
            }
            {
                char msg[100];
                snprintf(msg, sizeof msg, "(value error) invalid \\x escape "
                         "at position %zu", (size_t)(s - 2 - start));
                raise_last(p, SYNTAX_ERROR, msg);
            }
            return false;
        default:
            if (!sb_addc(p, out, '\\'))
                return false;
            s--;
            continue;
        }
        if (!sb_addc(p, out, (char)v))
            return false;
    }
    return true;
}

/* A str constant from UTF-8 bytes. */
static oh_object *
str_object(parser *p, const char *s, size_t n)
{
    oh_object *o = oh_str_from_utf8(n > 0 ? s : "", n);
    if (o == NULL)
        return nomem(p);
    return o;
}

/* --------------------------------------------------------------------------
 * f-strings (CPython 3.11's fstring_* functions)
 * -------------------------------------------------------------------------- */

/* What a run of literals and f-strings has collected. */
typedef struct fstate {
    sbuf last;                          /* literal text not yet a node */
    vec exprs;                          /* the JoinedStr's values */
    bool fmode;                         /* an f-string was seen */
} fstate;

static py_expr *fstring_parse(parser *p, const char **str, const char *end,
                              bool raw, int recurse_lvl,
                              const py_token *first, const py_token *t,
                              const py_token *last);
static py_expr *parse_fstring_expr(parser *p, const char *expr_start,
                                   const char *expr_end, const py_token *t);

/* The pending literal as a Constant (kind "u" when the first token is a
 * u'' literal), CPython's make_str_node_and_del. */
static py_expr *
fstate_str_node(parser *p, fstate *st, const py_token *first,
                const py_token *last)
{
    oh_object *s = str_object(p, st->last.data, st->last.len);
    st->last.len = 0;
    if (s == NULL)
        return NULL;
    py_expr *e = constant(p, s, pos_span(&(py_pos){first->lineno,
                                                   first->col, 0, 0},
                                         &(py_pos){0, 0, last->end_lineno,
                                                   last->end_col}));
    if (e != NULL && first->start[0] == 'u') {
        e->v.constant.kind = identifier(p, "u", 1);
        if (e->v.constant.kind == NULL)
            return NULL;
    }
    return e;
}

/* The literal part up to an expression ('{') or the end; 1 when it
 * stopped at a doubled brace (continue scanning), 0, or -1. */
static int
fstring_find_literal(parser *p, const char **str, const char *end,
                     bool raw, sbuf *literal, int recurse_lvl)
{
    const char *s = *str;
    const char *literal_start = s;
    int result = 0;
    while (s < end) {
        char ch = *s++;
        if (!raw && ch == '\\' && s < end) {
            ch = *s++;
            if (ch == 'N') {
                /* Skip "\N{...}": its braces are not an expression. */
                if (s < end && *s++ == '{') {
                    while (s < end && *s++ != '}') {
                    }
                    continue;
                }
                continue;
            }
        }
        if (ch == '{' || ch == '}') {
            if (recurse_lvl == 0) {
                if (s < end && *s == ch) {
                    *str = s + 1;
                    result = 1;
                    goto done;
                }
                if (ch == '}') {
                    *str = s - 1;
                    raise_last(p, SYNTAX_ERROR,
                               "f-string: single '}' is not allowed");
                    return -1;
                }
            }
            s--;
            break;
        }
    }
    *str = s;
done:
    if (literal_start != s) {
        bool ok = raw ? add_utf8(p, literal, literal_start,
                                 (size_t)(s - literal_start))
                      : decode_escapes(p, literal_start,
                                       (size_t)(s - literal_start), literal);
        if (!ok)
            return -1;
    }
    return result;
}

static bool
is_ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v'
           || c == '\f';
}

/* A replacement field at *str ('{'): the expression, "=", "!c", ":spec"
 * and '}'.  Sets *expression, and *expr_text (the text before "=" for a
 * self-documenting field) when there is one.  0 or -1. */
static int
fstring_find_expr(parser *p, const char **str, const char *end, bool raw,
                  int recurse_lvl, sbuf *expr_text, bool *has_text,
                  py_expr **expression, const py_token *first,
                  const py_token *t, const py_token *last)
{
    char quote_char = 0;
    int string_type = 0;
    size_t nested_depth = 0;
    char parenstack[PY_LEX_MAXLEVEL];
    py_expr *format_spec = NULL;
    int conversion = -1;

    *has_text = false;
    if (recurse_lvl >= 2) {
        raise_last(p, SYNTAX_ERROR, "f-string: expressions nested too deeply");
        return -1;
    }
    *str += 1;
    const char *expr_start = *str;
    for (; *str < end; (*str)++) {
        char ch = **str;
        if (ch == '\\') {
            raise_last(p, SYNTAX_ERROR,
                       "f-string expression part cannot include a "
                       "backslash");
            return -1;
        }
        if (quote_char) {
            if (ch == quote_char) {
                if (string_type == 3) {
                    if (*str + 2 < end && (*str)[1] == ch
                        && (*str)[2] == ch) {
                        *str += 2;
                        string_type = 0;
                        quote_char = 0;
                    }
                }
                else {
                    string_type = 0;
                    quote_char = 0;
                }
            }
            continue;
        }
        if (ch == '\'' || ch == '"') {
            if (*str + 2 < end && (*str)[1] == ch && (*str)[2] == ch) {
                string_type = 3;
                *str += 2;
            }
            else {
                string_type = 1;
            }
            quote_char = ch;
        }
        else if (ch == '[' || ch == '{' || ch == '(') {
            if (nested_depth >= PY_LEX_MAXLEVEL) {
                raise_last(p, SYNTAX_ERROR,
                           "f-string: too many nested parenthesis");
                return -1;
            }
            parenstack[nested_depth++] = ch;
        }
        else if (ch == '#') {
            raise_last(p, SYNTAX_ERROR,
                       "f-string expression part cannot include '#'");
            return -1;
        }
        else if (nested_depth == 0
                 && (ch == '!' || ch == ':' || ch == '}' || ch == '='
                     || ch == '>' || ch == '<')) {
            if (*str + 1 < end) {
                char next = (*str)[1];
                if ((ch == '!' && next == '=') || (ch == '=' && next == '=')
                    || (ch == '<' && next == '=')
                    || (ch == '>' && next == '=')) {
                    *str += 1;
                    continue;
                }
            }
            if (ch == '>' || ch == '<')
                continue;
            break;
        }
        else if (ch == ']' || ch == '}' || ch == ')') {
            char msg[100];
            if (nested_depth == 0) {
                snprintf(msg, sizeof msg, "f-string: unmatched '%c'", ch);
                raise_last(p, SYNTAX_ERROR, msg);
                return -1;
            }
            char opening = parenstack[--nested_depth];
            if (!((opening == '(' && ch == ')')
                  || (opening == '[' && ch == ']')
                  || (opening == '{' && ch == '}'))) {
                snprintf(msg, sizeof msg, "f-string: closing parenthesis "
                         "'%c' does not match opening parenthesis '%c'",
                         ch, opening);
                raise_last(p, SYNTAX_ERROR, msg);
                return -1;
            }
        }
    }
    const char *expr_end = *str;
    if (quote_char) {
        raise_last(p, SYNTAX_ERROR, "f-string: unterminated string");
        return -1;
    }
    if (nested_depth) {
        char msg[64];
        snprintf(msg, sizeof msg, "f-string: unmatched '%c'",
                 parenstack[nested_depth - 1]);
        raise_last(p, SYNTAX_ERROR, msg);
        return -1;
    }
    if (*str >= end)
        goto unexpected_end;

    py_expr *simple = parse_fstring_expr(p, expr_start, expr_end, t);
    if (simple == NULL)
        return -1;

    if (**str == '=') {
        *str += 1;
        while (*str < end && is_ascii_space(**str))
            *str += 1;
        if (*str >= end)
            goto unexpected_end;
        expr_text->len = 0;
        if (!add_utf8(p, expr_text, expr_start, (size_t)(*str - expr_start)))
            return -1;
        *has_text = true;
    }
    if (**str == '!') {
        *str += 1;
        if (*str >= end)
            goto unexpected_end;
        conversion = (unsigned char)**str;
        *str += 1;
        if (!(conversion == 's' || conversion == 'r' || conversion == 'a')) {
            raise_last(p, SYNTAX_ERROR, "f-string: invalid conversion "
                       "character: expected 's', 'r', or 'a'");
            return -1;
        }
    }
    if (*str >= end)
        goto unexpected_end;
    if (**str == ':') {
        *str += 1;
        if (*str >= end)
            goto unexpected_end;
        format_spec = fstring_parse(p, str, end, raw, recurse_lvl + 1, first,
                                    t, last);
        if (format_spec == NULL)
            return -1;
    }
    if (*str >= end || **str != '}')
        goto unexpected_end;
    *str += 1;
    if (*has_text && format_spec == NULL && conversion == -1)
        conversion = 'r';
    py_expr *fv = new_expr(p, PY_E_FORMATTEDVALUE,
                           pos_span(&(py_pos){first->lineno, first->col, 0,
                                              0},
                                    &(py_pos){0, 0, last->end_lineno,
                                              last->end_col}));
    if (fv == NULL)
        return -1;
    fv->v.formattedvalue.value = simple;
    fv->v.formattedvalue.conversion = conversion;
    fv->v.formattedvalue.format_spec = format_spec;
    *expression = fv;
    return 0;

unexpected_end:
    raise_last(p, SYNTAX_ERROR, "f-string: expecting '}'");
    return -1;
}

/* The f-string text *str..end into st: literals and replacement fields,
 * up to the end (recurse_lvl 0) or a '}' (a format spec). */
static bool
fstring_concat(parser *p, fstate *st, const char **str, const char *end,
               bool raw, int recurse_lvl, const py_token *first,
               const py_token *t, const py_token *last)
{
    st->fmode = true;
    sbuf literal = {NULL, 0, 0};
    sbuf expr_text = {NULL, 0, 0};
    for (;;) {
        literal.len = 0;
        int result = fstring_find_literal(p, str, end, raw, &literal,
                                          recurse_lvl);
        if (result < 0)
            return false;
        if (literal.len > 0 && !sb_add(p, &st->last, literal.data,
                                       literal.len))
            return false;
        if (result == 1)
            continue;
        if (*str >= end || **str == '}')
            break;
        py_expr *expression = NULL;
        bool has_text;
        if (fstring_find_expr(p, str, end, raw, recurse_lvl, &expr_text,
                              &has_text, &expression, first, t, last) < 0)
            return false;
        if (has_text && expr_text.len > 0
            && !sb_add(p, &st->last, expr_text.data, expr_text.len))
            return false;
        if (st->last.len > 0) {
            py_expr *s = fstate_str_node(p, st, first, last);
            if (s == NULL || !vec_push(p, &st->exprs, s))
                return false;
        }
        if (!vec_push(p, &st->exprs, expression))
            return false;
    }
    if (recurse_lvl == 0 && *str < end - 1) {
        raise_last(p, SYNTAX_ERROR, "f-string: unexpected end of string");
        return false;
    }
    if (recurse_lvl != 0 && (*str >= end || **str != '}')) {
        raise_last(p, SYNTAX_ERROR, "f-string: expecting '}'");
        return false;
    }
    return true;
}

/* The node a run of literals makes: a Constant when no f-string was in
 * it, else a JoinedStr. */
static py_expr *
fstate_finish(parser *p, fstate *st, const py_token *first,
              const py_token *last)
{
    if (!st->fmode)
        return fstate_str_node(p, st, first, last);
    if (st->last.len > 0) {
        py_expr *s = fstate_str_node(p, st, first, last);
        if (s == NULL || !vec_push(p, &st->exprs, s))
            return NULL;
    }
    py_seq *values = vec_seq(p, &st->exprs);
    py_expr *e = new_expr(p, PY_E_JOINEDSTR,
                          pos_span(&(py_pos){first->lineno, first->col, 0, 0},
                                   &(py_pos){0, 0, last->end_lineno,
                                             last->end_col}));
    if (e == NULL || values == NULL)
        return NULL;
    e->v.joinedstr.values = values;
    return e;
}

/* A format spec: an f-string of its own, ending at '}'. */
static py_expr *
fstring_parse(parser *p, const char **str, const char *end, bool raw,
              int recurse_lvl, const py_token *first, const py_token *t,
              const py_token *last)
{
    fstate st;
    memset(&st, 0, sizeof st);
    if (!fstring_concat(p, &st, str, end, raw, recurse_lvl, first, t, last))
        return NULL;
    (void)first;
    (void)last;
    st.fmode = true;
    return fstate_finish(p, &st, t, t);
}

/* STRING+ at toks[first..last] (CPython's _PyPegen_concatenate_strings). */
static py_expr *
concatenate_strings(parser *p, size_t first_i, size_t last_i)
{
    const py_token *first = &p->toks[first_i];
    const py_token *last = &p->toks[last_i];
    bool bytesmode = false;
    sbuf bytes = {NULL, 0, 0};
    fstate st;
    memset(&st, 0, sizeof st);
    for (size_t i = first_i; i <= last_i; i++) {
        const py_token *t = &p->toks[i];
        strpart sp;
        split_string(t, &sp);
        sbuf piece = {NULL, 0, 0};
        if (!sp.fmode) {
            if (sp.bytes) {
                for (const char *c = sp.body; c < t->end; c++) {
                    if ((unsigned char)*c >= 0x80)
                        return raise_at_tok(p, t, t, "bytes can only contain "
                                            "ASCII literal characters");
                }
                if (!decode_bytes(p, sp.body, sp.len, sp.raw, &piece))
                    return NULL;
            }
            else if (!decode_str(p, sp.body, sp.len, sp.raw, &piece)) {
                return NULL;
            }
        }
        if (i != first_i && bytesmode != sp.bytes)
            return raise_last(p, SYNTAX_ERROR,
                              "cannot mix bytes and nonbytes literals");
        bytesmode = sp.bytes;
        if (sp.fmode) {
            const char *s = sp.body;
            if (!fstring_concat(p, &st, &s, sp.body + sp.len, sp.raw, 0,
                                first, t, last))
                return NULL;
        }
        else if (bytesmode) {
            if (!sb_add(p, &bytes, piece.data, piece.len))
                return NULL;
        }
        else if (piece.len > 0 && !sb_add(p, &st.last, piece.data,
                                          piece.len)) {
            return NULL;
        }
    }
    if (bytesmode) {
        oh_object *b = oh_bytes_from(bytes.len ? bytes.data : "", bytes.len);
        if (b == NULL)
            return nomem(p);
        return constant(p, b, pos_span(&(py_pos){first->lineno, first->col,
                                                 0, 0},
                                       &(py_pos){0, 0, last->end_lineno,
                                                 last->end_col}));
    }
    return fstate_finish(p, &st, first, last);
}

/* ==========================================================================
 * Expressions
 *
 * One function per rule of CPython 3.11's grammar, alternatives in its
 * order; `if (p->invalid)` marks an invalid_ alternative (pass 2 only).
 * ========================================================================== */

static py_expr *expression(parser *p);
static py_expr *expression_without_invalid(parser *p);
static py_expr *named_expression(parser *p);
static py_expr *star_named_expression(parser *p);
static py_expr *star_expressions(parser *p);
static py_expr *star_expression(parser *p);
static py_expr *disjunction(parser *p);
static py_expr *bitwise_or(parser *p);
static py_expr *factor(parser *p);
static py_expr *primary(parser *p);
static py_expr *atom(parser *p);
static py_expr *slices(parser *p);
static py_expr *lambdef(parser *p);
static py_expr *yield_expr(parser *p);
static py_expr *genexp(parser *p);
static py_expr *arguments(parser *p);
static py_expr *starred_expression(parser *p);
static py_seq *for_if_clauses(parser *p);
static py_expr *star_targets(parser *p);
static py_expr *star_target(parser *p);
static py_expr *t_primary(parser *p);
static bool t_lookahead(parser *p);
static py_expr *invalid_named_expression(parser *p);
static py_expr *assignment_expression(parser *p);
static py_expr *kvpair(parser *p, py_expr **value);

/* Memoized rule wrapper: returns from the memo, or runs `raw` and
 * records what it gave. */
static py_expr *
memoized(parser *p, int rule, py_expr *(*raw)(parser *), bool deep)
{
    if (p->error)
        return NULL;
    void *r;
    if (memo_get(p, rule, &r))
        return r;
    size_t mark = p->pos;
    if (deep && !enter(p))
        return NULL;
    py_expr *e = raw(p);
    if (deep)
        leave(p);
    if (p->error)
        return NULL;
    if (e == NULL)
        p->pos = mark;                                          /* PA1 */
    memo_put(p, mark, rule, e);
    return e;
}

/* expressions: expression (',' expression)+ [','] | expression ','
 *            | expression */
static py_expr *
expressions(parser *p)
{
    size_t start = p->pos;
    py_expr *a = expression(p);
    if (a == NULL)
        return NULL;
    if (peek_kind(p) != PY_TK_COMMA)
        return a;
    vec v = VEC_INIT;
    if (!vec_push(p, &v, a))
        return NULL;
    while (expect(p, PY_TK_COMMA)) {
        size_t mark = p->pos;
        py_expr *b = expression(p);
        if (b == NULL) {
            if (p->error)
                return NULL;
            p->pos = mark;
            break;
        }
        if (!vec_push(p, &v, b))
            return NULL;
    }
    return tuple_expr(p, vec_seq(p, &v), PY_LOAD, pos_from(p, start));
}

/* invalid_expression (3.11). */
static py_expr *
invalid_expression(parser *p)
{
    size_t mark = p->pos;
    py_token *t0 = peek(p);
    bool skip = is_soft_keyword(t0)
                || (t0->kind == PY_TK_NAME
                    && peek_at(p, 1)->kind == PY_TK_STRING);
    if (p->error)
        return NULL;
    if (!skip) {
        py_expr *a = disjunction(p);
        if (a != NULL) {
            py_expr *b = expression_without_invalid(p);
            if (b != NULL) {
                if (!is_legacy_name(a) && p->toks[p->pos - 1].level != 0)
                    return raise_at_pos(p, &a->pos, &b->pos,
                                        "invalid syntax. Perhaps you forgot "
                                        "a comma?");
            }
        }
        if (p->error)
            return NULL;
        p->pos = mark;
    }
    py_expr *a = disjunction(p);
    if (a != NULL && expect(p, PY_TK_IF)) {
        py_expr *b = disjunction(p);
        if (b != NULL) {
            int k = peek_kind(p);
            if (k != PY_TK_ELSE && k != PY_TK_COLON)
                return raise_at_pos(p, &a->pos, &b->pos,
                                    "expected 'else' after 'if' expression");
        }
    }
    p->pos = mark;
    return NULL;
}

/* invalid_legacy_expression: print x, exec x. */
static py_expr *
invalid_legacy_expression(parser *p)
{
    size_t mark = p->pos;
    py_token *t = expect(p, PY_TK_NAME);
    if (t != NULL && peek_kind(p) != PY_TK_LPAR) {
        py_expr *b = star_expressions(p);
        if (b != NULL) {
            py_expr *a = name_expr(p, t, PY_LOAD);
            if (a != NULL && is_legacy_name(a)) {
                char msg[128];
                snprintf(msg, sizeof msg, "Missing parentheses in call to "
                         "'%.*s'. Did you mean %.*s(...)?",
                         (int)(t->end - t->start), t->start,
                         (int)(t->end - t->start), t->start);
                return raise_at_pos(p, &a->pos, &b->pos, msg);
            }
        }
    }
    p->pos = mark;
    return NULL;
}

/* expression (memo):
 *   invalid_expression | invalid_legacy_expression
 *   | disjunction 'if' disjunction 'else' expression | disjunction
 *   | lambdef */
static py_expr *
expression_raw(parser *p)
{
    size_t start = p->pos;
    if (p->invalid) {
        if (invalid_expression(p) != NULL || p->error)
            return NULL;
        if (invalid_legacy_expression(p) != NULL || p->error)
            return NULL;
    }
    py_expr *a = disjunction(p);
    if (a != NULL) {
        size_t mark = p->pos;
        if (expect(p, PY_TK_IF)) {
            py_expr *b = disjunction(p);
            if (b != NULL && expect(p, PY_TK_ELSE)) {
                py_expr *c = expression(p);
                if (c != NULL) {
                    py_expr *e = new_expr(p, PY_E_IFEXP, pos_from(p, start));
                    if (e == NULL)
                        return NULL;
                    e->v.ifexp.test = b;
                    e->v.ifexp.body = a;
                    e->v.ifexp.orelse = c;
                    return e;
                }
            }
            if (p->error)
                return NULL;
        }
        p->pos = mark;
        return a;
    }
    if (p->error)
        return NULL;
    p->pos = start;
    return lambdef(p);
}

static py_expr *
expression(parser *p)
{
    return memoized(p, MEMO_EXPRESSION, expression_raw, true);
}

/* expression_without_invalid: expression without its own invalid
 * alternatives.  The rules it calls keep theirs: CPython 3.11.7 reports
 * "Perhaps you forgot a comma?" for the "t b" of "1 {t b}", which only a
 * nested invalid_expression finds. */
static py_expr *
expression_without_invalid(parser *p)
{
    int saved = p->invalid;
    size_t start = p->pos;
    py_expr *r = NULL;
    if (!enter(p))
        goto out;
    py_expr *a = disjunction(p);
    if (a != NULL) {
        size_t mark = p->pos;
        if (expect(p, PY_TK_IF)) {
            py_expr *b = disjunction(p);
            if (b != NULL && expect(p, PY_TK_ELSE)) {
                py_expr *c = expression(p);
                if (c != NULL) {
                    r = new_expr(p, PY_E_IFEXP, pos_from(p, start));
                    if (r != NULL) {
                        r->v.ifexp.test = b;
                        r->v.ifexp.body = a;
                        r->v.ifexp.orelse = c;
                    }
                    goto done;
                }
            }
        }
        p->pos = mark;
        r = a;
        goto done;
    }
    if (!p->error) {
        p->pos = start;
        r = lambdef(p);
    }
done:
    leave(p);
out:
    p->invalid = saved;
    if (r == NULL)
        p->pos = start;
    return p->error ? NULL : r;
}

/* yield_expr: 'yield' 'from' expression | 'yield' [star_expressions] */
static py_expr *
yield_expr(parser *p)
{
    size_t start = p->pos;
    if (!expect(p, PY_TK_YIELD))
        return NULL;
    if (expect(p, PY_TK_FROM)) {
        py_expr *a = expression(p);
        if (a != NULL) {
            py_expr *e = new_expr(p, PY_E_YIELDFROM, pos_from(p, start));
            if (e != NULL)
                e->v.yieldfrom.value = a;
            return e;
        }
        if (p->error)
            return NULL;
        p->pos = start + 1;
    }
    py_expr *a = star_expressions(p);
    if (p->error)
        return NULL;
    py_expr *e = new_expr(p, PY_E_YIELD, pos_from(p, start));
    if (e != NULL)
        e->v.yield.value = a;
    return e;
}

/* star_expressions:
 *   star_expression (',' star_expression)+ [','] | star_expression ','
 *   | star_expression */
static py_expr *
star_expressions(parser *p)
{
    size_t start = p->pos;
    py_expr *a = star_expression(p);
    if (a == NULL)
        return NULL;
    if (peek_kind(p) != PY_TK_COMMA)
        return a;
    vec v = VEC_INIT;
    if (!vec_push(p, &v, a))
        return NULL;
    while (expect(p, PY_TK_COMMA)) {
        size_t mark = p->pos;
        py_expr *b = star_expression(p);
        if (b == NULL) {
            if (p->error)
                return NULL;
            p->pos = mark;
            break;
        }
        if (!vec_push(p, &v, b))
            return NULL;
    }
    return tuple_expr(p, vec_seq(p, &v), PY_LOAD, pos_from(p, start));
}

/* star_expression (memo): '*' bitwise_or | expression */
static py_expr *
star_expression_raw(parser *p)
{
    size_t start = p->pos;
    if (expect(p, PY_TK_STAR)) {
        py_expr *a = bitwise_or(p);
        if (a != NULL)
            return starred(p, a, PY_LOAD, pos_from(p, start));
        if (p->error)
            return NULL;
        p->pos = start;
    }
    return expression(p);
}

static py_expr *
star_expression(parser *p)
{
    return memoized(p, MEMO_STAR_EXPRESSION, star_expression_raw, false);
}

/* star_named_expressions: ','.star_named_expression+ [','] */
static py_seq *
star_named_expressions(parser *p)
{
    vec v = VEC_INIT;
    py_expr *a = star_named_expression(p);
    if (a == NULL)
        return NULL;
    if (!vec_push(p, &v, a))
        return NULL;
    for (;;) {
        size_t mark = p->pos;
        if (!expect(p, PY_TK_COMMA))
            break;
        py_expr *b = star_named_expression(p);
        if (b == NULL) {
            if (p->error)
                return NULL;
            p->pos = mark;
            break;
        }
        if (!vec_push(p, &v, b))
            return NULL;
    }
    expect(p, PY_TK_COMMA);
    return vec_seq(p, &v);
}

/* star_named_expression: '*' bitwise_or | named_expression */
static py_expr *
star_named_expression(parser *p)
{
    size_t start = p->pos;
    if (expect(p, PY_TK_STAR)) {
        py_expr *a = bitwise_or(p);
        if (a != NULL)
            return starred(p, a, PY_LOAD, pos_from(p, start));
        if (p->error)
            return NULL;
        p->pos = start;
    }
    return named_expression(p);
}

/* assignment_expression: NAME ':=' ~ expression */
static py_expr *
assignment_expression(parser *p)
{
    size_t start = p->pos;
    py_token *n = expect(p, PY_TK_NAME);
    if (n == NULL)
        return NULL;
    if (!expect(p, PY_TK_COLONEQUAL)) {
        p->pos = start;
        return NULL;
    }
    py_expr *b = expression(p);
    if (b == NULL) {
        p->pos = start;
        return NULL;
    }
    py_expr *target = name_expr(p, n, PY_STORE);
    py_expr *e = new_expr(p, PY_E_NAMEDEXPR, pos_from(p, start));
    if (e == NULL || target == NULL)
        return NULL;
    e->v.namedexpr.target = target;
    e->v.namedexpr.value = b;
    return e;
}

/* named_expression:
 *   assignment_expression | invalid_named_expression | expression !':=' */
static py_expr *
named_expression(parser *p)
{
    size_t start = p->pos;
    py_expr *a = assignment_expression(p);
    if (a != NULL || p->error)
        return a;
    if (p->invalid) {
        if (invalid_named_expression(p) != NULL || p->error)
            return NULL;
    }
    a = expression(p);
    if (a != NULL && peek_kind(p) != PY_TK_COLONEQUAL)
        return a;
    p->pos = start;
    return NULL;
}

/* Is a list, tuple, genexp, True, None or False at pos?  (The lookahead
 * of invalid_named_expression's third alternative.) */
static py_expr *list_rule(parser *p);
static py_expr *tuple_rule(parser *p);

static bool
starts_with_display(parser *p)
{
    size_t mark = p->pos;
    bool r = list_rule(p) != NULL;
    p->pos = mark;
    if (!r && !p->error) {
        r = tuple_rule(p) != NULL;
        p->pos = mark;
    }
    if (!r && !p->error) {
        r = genexp(p) != NULL;
        p->pos = mark;
    }
    if (!r && !p->error) {
        int k = peek_kind(p);
        r = k == PY_TK_TRUE || k == PY_TK_NONE || k == PY_TK_FALSE;
    }
    return r;
}

/* invalid_named_expression (memo). */
static py_expr *
invalid_named_expression_raw(parser *p)
{
    size_t mark = p->pos;
    py_expr *a = expression(p);
    if (a != NULL && expect(p, PY_TK_COLONEQUAL)) {
        if (expression(p) != NULL) {
            char msg[100];
            snprintf(msg, sizeof msg, "cannot use assignment expressions "
                     "with %s", expr_name(a));
            return raise_at_pos(p, &a->pos, &a->pos, msg);
        }
    }
    if (p->error)
        return NULL;
    p->pos = mark;
    py_token *n = expect(p, PY_TK_NAME);
    if (n != NULL && expect(p, PY_TK_EQUAL)) {
        py_expr *b = bitwise_or(p);
        if (b != NULL) {
            int k = peek_kind(p);
            if (k != PY_TK_EQUAL && k != PY_TK_COLONEQUAL) {
                py_pos an = tok_pos(n);
                return raise_at_pos(p, &an, &b->pos,
                                    "invalid syntax. Maybe you meant '==' or "
                                    "':=' instead of '='?");
            }
        }
    }
    if (p->error)
        return NULL;
    p->pos = mark;
    if (!starts_with_display(p) && !p->error) {
        a = bitwise_or(p);
        if (a != NULL && expect(p, PY_TK_EQUAL)) {
            if (bitwise_or(p) != NULL) {
                int k = peek_kind(p);
                if (k != PY_TK_EQUAL && k != PY_TK_COLONEQUAL) {
                    char msg[120];
                    snprintf(msg, sizeof msg, "cannot assign to %s here. "
                             "Maybe you meant '==' instead of '='?",
                             expr_name(a));
                    return raise_at_pos(p, &a->pos, &a->pos, msg);
                }
            }
        }
    }
    p->pos = mark;
    return NULL;
}

static py_expr *
invalid_named_expression(parser *p)
{
    return memoized(p, MEMO_INVALID_NAMED, invalid_named_expression_raw,
                    false);
}

/* disjunction (memo): conjunction ('or' conjunction)+ | conjunction;
 * conjunction likewise with 'and'. */
static py_expr *inversion(parser *p);

static py_expr *
boolop_rule(parser *p, int kw, py_boolop op, py_expr *(*sub)(parser *))
{
    size_t start = p->pos;
    py_expr *a = sub(p);
    if (a == NULL || peek_kind(p) != kw)
        return a;
    vec v = VEC_INIT;
    if (!vec_push(p, &v, a))
        return NULL;
    for (;;) {
        size_t mark = p->pos;
        if (!expect(p, kw))
            break;
        py_expr *b = sub(p);
        if (b == NULL) {
            if (p->error)
                return NULL;
            p->pos = mark;
            break;
        }
        if (!vec_push(p, &v, b))
            return NULL;
    }
    if (v.n == 1)
        return a;
    py_expr *e = new_expr(p, PY_E_BOOLOP, pos_from(p, start));
    if (e == NULL)
        return NULL;
    e->v.boolop.op = op;
    e->v.boolop.values = vec_seq(p, &v);
    return e->v.boolop.values ? e : NULL;
}

static py_expr *
conjunction_raw(parser *p)
{
    return boolop_rule(p, PY_TK_AND, PY_AND, inversion);
}

static py_expr *
conjunction(parser *p)
{
    return memoized(p, MEMO_CONJUNCTION, conjunction_raw, false);
}

static py_expr *
disjunction_raw(parser *p)
{
    return boolop_rule(p, PY_TK_OR, PY_OR, conjunction);
}

static py_expr *
disjunction(parser *p)
{
    return memoized(p, MEMO_DISJUNCTION, disjunction_raw, false);
}

/* inversion (memo): 'not' inversion | comparison */
static py_expr *comparison(parser *p);

static py_expr *
inversion_raw(parser *p)
{
    size_t start = p->pos;
    if (expect(p, PY_TK_NOT)) {
        py_expr *a = inversion(p);
        if (a != NULL)
            return unaryop(p, PY_NOT, a, pos_from(p, start));
        if (p->error)
            return NULL;
        p->pos = start;
    }
    return comparison(p);
}

static py_expr *
inversion(parser *p)
{
    return memoized(p, MEMO_INVERSION, inversion_raw, true);
}

/* One compare_op_bitwise_or_pair: the operator (or -1) and its operand. */
static int
compare_pair(parser *p, py_expr **operand)
{
    size_t mark = p->pos;
    int op = -1;
    switch (peek_kind(p)) {
    case PY_TK_EQEQUAL: op = PY_CMP_EQ; break;
    case PY_TK_NOTEQUAL:
        if (!(peek(p)->flags & PY_TOKF_LTGT))
            op = PY_CMP_NE;
        break;
    case PY_TK_LESSEQUAL: op = PY_CMP_LE; break;
    case PY_TK_LESS: op = PY_CMP_LT; break;
    case PY_TK_GREATEREQUAL: op = PY_CMP_GE; break;
    case PY_TK_GREATER: op = PY_CMP_GT; break;
    case PY_TK_NOT:
        p->pos++;
        if (peek_kind(p) == PY_TK_IN)
            op = PY_CMP_NOTIN;
        else
            p->pos = mark;
        break;
    case PY_TK_IN: op = PY_CMP_IN; break;
    case PY_TK_IS:
        p->pos++;
        if (peek_kind(p) == PY_TK_NOT)
            op = PY_CMP_ISNOT;
        else {
            p->pos = mark;
            op = PY_CMP_IS;
        }
        break;
    default:
        break;
    }
    if (op < 0 || p->error) {
        p->pos = mark;
        return -1;
    }
    p->pos++;
    py_expr *b = bitwise_or(p);
    if (b == NULL) {
        p->pos = mark;
        return -1;
    }
    *operand = b;
    return op;
}

/* comparison: bitwise_or compare_op_bitwise_or_pair+ | bitwise_or */
static py_expr *
comparison(parser *p)
{
    size_t start = p->pos;
    py_expr *a = bitwise_or(p);
    if (a == NULL)
        return NULL;
    vec ops = VEC_INIT, cmps = VEC_INIT;
    for (;;) {
        py_expr *b;
        int op = compare_pair(p, &b);
        if (op < 0)
            break;
        if (!vec_push(p, &ops, (void *)(intptr_t)op)
            || !vec_push(p, &cmps, b))
            return NULL;
    }
    if (p->error)
        return NULL;
    if (ops.n == 0)
        return a;
    py_expr *e = new_expr(p, PY_E_COMPARE, pos_from(p, start));
    if (e == NULL)
        return NULL;
    e->v.compare.left = a;
    e->v.compare.ops = vec_seq(p, &ops);
    e->v.compare.comparators = vec_seq(p, &cmps);
    return p->error ? NULL : e;
}

/* A left-recursive binary rule: sub (op sub)*, where `ops` maps token
 * kinds to operators (PY_TK_ENDMARKER ends it). */
typedef struct binop_map {
    int tok;
    py_operator op;
} binop_map;

static py_expr *
binop_rule(parser *p, const binop_map *ops, py_expr *(*sub)(parser *))
{
    size_t start = p->pos;
    py_expr *a = sub(p);
    if (a == NULL)
        return NULL;
    int chain = 0;
    for (;;) {
        size_t mark = p->pos;
        int k = peek_kind(p);
        const binop_map *m = ops;
        while (m->tok != PY_TK_ENDMARKER && m->tok != k)
            m++;
        if (m->tok == PY_TK_ENDMARKER || p->error)
            break;
        p->pos++;
        py_expr *b = sub(p);
        if (b == NULL) {
            p->pos = mark;
            break;
        }
        if (!chain_grow(p, &chain))
            break;
        a = binop(p, a, m->op, b, pos_from(p, start));
        if (a == NULL)
            break;
    }
    chain_end(p, chain);
    return p->error ? NULL : a;
}

static const binop_map term_ops[] = {
    {PY_TK_STAR, PY_OP_MULT}, {PY_TK_SLASH, PY_OP_DIV},
    {PY_TK_DOUBLESLASH, PY_OP_FLOORDIV}, {PY_TK_PERCENT, PY_OP_MOD},
    {PY_TK_AT, PY_OP_MATMULT}, {PY_TK_ENDMARKER, PY_OP_ADD},
};
static const binop_map sum_ops[] = {
    {PY_TK_PLUS, PY_OP_ADD}, {PY_TK_MINUS, PY_OP_SUB},
    {PY_TK_ENDMARKER, PY_OP_ADD},
};
static const binop_map shift_ops[] = {
    {PY_TK_LEFTSHIFT, PY_OP_LSHIFT}, {PY_TK_RIGHTSHIFT, PY_OP_RSHIFT},
    {PY_TK_ENDMARKER, PY_OP_ADD},
};
static const binop_map and_ops[] = {
    {PY_TK_AMPER, PY_OP_BITAND}, {PY_TK_ENDMARKER, PY_OP_ADD},
};
static const binop_map xor_ops[] = {
    {PY_TK_CIRCUMFLEX, PY_OP_BITXOR}, {PY_TK_ENDMARKER, PY_OP_ADD},
};
static const binop_map or_ops[] = {
    {PY_TK_VBAR, PY_OP_BITOR}, {PY_TK_ENDMARKER, PY_OP_ADD},
};

static py_expr *
term_raw(parser *p)
{
    return binop_rule(p, term_ops, factor);
}

static py_expr *
term(parser *p)
{
    return memoized(p, MEMO_TERM, term_raw, false);
}

static py_expr *
sum_raw(parser *p)
{
    return binop_rule(p, sum_ops, term);
}

static py_expr *
sum(parser *p)
{
    return memoized(p, MEMO_SUM, sum_raw, false);
}

static py_expr *
shift_raw(parser *p)
{
    return binop_rule(p, shift_ops, sum);
}

static py_expr *
shift_expr(parser *p)
{
    return memoized(p, MEMO_SHIFT, shift_raw, false);
}

static py_expr *
bitwise_and_raw(parser *p)
{
    return binop_rule(p, and_ops, shift_expr);
}

static py_expr *
bitwise_and(parser *p)
{
    return memoized(p, MEMO_BITWISE_AND, bitwise_and_raw, false);
}

static py_expr *
bitwise_xor_raw(parser *p)
{
    return binop_rule(p, xor_ops, bitwise_and);
}

static py_expr *
bitwise_xor(parser *p)
{
    return memoized(p, MEMO_BITWISE_XOR, bitwise_xor_raw, false);
}

static py_expr *
bitwise_or_raw(parser *p)
{
    return binop_rule(p, or_ops, bitwise_xor);
}

static py_expr *
bitwise_or(parser *p)
{
    return memoized(p, MEMO_BITWISE_OR, bitwise_or_raw, false);
}

/* factor (memo): '+' factor | '-' factor | '~' factor | power
 * power: await_primary '**' factor | await_primary */
static py_expr *
factor_raw(parser *p)
{
    size_t start = p->pos;
    int k = peek_kind(p);
    if (k == PY_TK_PLUS || k == PY_TK_MINUS || k == PY_TK_TILDE) {
        p->pos++;
        py_expr *a = factor(p);
        if (a != NULL)
            return unaryop(p, k == PY_TK_PLUS ? PY_UADD
                              : k == PY_TK_MINUS ? PY_USUB : PY_INVERT,
                           a, pos_from(p, start));
        if (p->error)
            return NULL;
        p->pos = start;
        return NULL;
    }
    py_expr *a = primary(p);
    if (a == NULL)
        return NULL;
    size_t mark = p->pos;
    if (expect(p, PY_TK_DOUBLESTAR)) {
        py_expr *b = factor(p);
        if (b != NULL)
            return binop(p, a, PY_OP_POW, b, pos_from(p, start));
        if (p->error)
            return NULL;
    }
    p->pos = mark;
    return a;
}

static py_expr *
factor(parser *p)
{
    return memoized(p, MEMO_FACTOR, factor_raw, true);
}

/* primary (left-recursive):
 *   primary '.' NAME | primary genexp | primary '(' [arguments] ')'
 *   | primary '[' slices ']' | atom
 * await_primary ('await' primary | primary) is memoized here: await is
 * not supported. */
static py_expr *
make_call(parser *p, py_expr *func, py_expr *args, py_pos pos)
{
    py_expr *e = new_expr(p, PY_E_CALL, pos);
    if (e == NULL)
        return NULL;
    e->v.call.func = func;
    e->v.call.args = args ? args->v.call.args : seq_empty(p);
    e->v.call.keywords = args ? args->v.call.keywords : seq_empty(p);
    return p->error ? NULL : e;
}

static py_expr *
primary_raw(parser *p)
{
    size_t start = p->pos;
    py_token *aw = peek(p);
    if (aw->kind == PY_TK_AWAIT) {
        /* await_primary: 'await' primary.  Not supported: refused where
         * CPython would make an Await node. */
        p->pos++;
        py_expr *a = primary(p);
        if (a == NULL) {
            p->pos = start;
            return NULL;
        }
        note_unsupported(p, aw, "'await' is not supported");
        return unaryop(p, (py_unaryop)0, a, pos_from(p, start));
    }
    py_expr *a = atom(p);
    if (a == NULL)
        return NULL;
    int chain = 0;
    for (;;) {
        size_t mark = p->pos;
        py_expr *e = NULL;
        int k = peek_kind(p);
        if (p->error)
            break;
        if (k == PY_TK_DOT) {
            p->pos++;
            py_token *n = expect(p, PY_TK_NAME);
            if (n != NULL) {
                oh_object *id = tok_identifier(p, n);
                e = new_expr(p, PY_E_ATTRIBUTE, pos_from(p, start));
                if (e != NULL && id != NULL) {
                    e->v.attribute.value = a;
                    e->v.attribute.attr = id;
                    e->v.attribute.ctx = PY_LOAD;
                }
            }
        }
        else if (k == PY_TK_LPAR) {
            py_expr *g = genexp(p);
            if (g != NULL) {
                py_seq *args = seq1(p, g);
                e = new_expr(p, PY_E_CALL, pos_from(p, start));
                if (e != NULL) {
                    e->v.call.func = a;
                    e->v.call.args = args;
                    e->v.call.keywords = seq_empty(p);
                }
            }
            else if (!p->error) {
                p->pos = mark + 1;
                py_expr *args = arguments(p);
                if (!p->error && expect(p, PY_TK_RPAR))
                    e = make_call(p, a, args, pos_from(p, start));
            }
        }
        else if (k == PY_TK_LSQB) {
            p->pos++;
            py_expr *s = slices(p);
            if (s != NULL && expect(p, PY_TK_RSQB)) {
                e = new_expr(p, PY_E_SUBSCRIPT, pos_from(p, start));
                if (e != NULL) {
                    e->v.subscript.value = a;
                    e->v.subscript.slice = s;
                    e->v.subscript.ctx = PY_LOAD;
                }
            }
        }
        if (e == NULL || p->error) {
            p->pos = mark;
            break;
        }
        if (!chain_grow(p, &chain))
            break;
        a = e;
    }
    chain_end(p, chain);
    return p->error ? NULL : a;
}

static py_expr *
primary(parser *p)
{
    return memoized(p, MEMO_PRIMARY, primary_raw, false);
}

/* slice: [expression] ':' [expression] [':' [expression]]
 *      | named_expression */
static py_expr *
slice(parser *p)
{
    size_t start = p->pos;
    py_expr *lower = expression(p);
    if (p->error)
        return NULL;
    if (expect(p, PY_TK_COLON)) {
        py_expr *upper = expression(p);
        py_expr *step = NULL;
        if (p->error)
            return NULL;
        size_t mark = p->pos;
        if (expect(p, PY_TK_COLON)) {
            step = expression(p);
            if (p->error)
                return NULL;
        }
        else {
            p->pos = mark;
        }
        py_expr *e = new_expr(p, PY_E_SLICE, pos_from(p, start));
        if (e == NULL)
            return NULL;
        e->v.slice.lower = lower;
        e->v.slice.upper = upper;
        e->v.slice.step = step;
        return e;
    }
    p->pos = start;
    return named_expression(p);
}

/* slices: slice !',' | ','.(slice | starred_expression)+ [','] */
static py_expr *
slices(parser *p)
{
    size_t start = p->pos;
    py_expr *a = slice(p);
    if (a != NULL && peek_kind(p) != PY_TK_COMMA)
        return a;
    if (p->error)
        return NULL;
    p->pos = start;
    vec v = VEC_INIT;
    for (;;) {
        size_t mark = p->pos;
        py_expr *b = slice(p);
        if (b == NULL && !p->error) {
            p->pos = mark;
            b = starred_expression(p);
        }
        if (b == NULL) {
            if (p->error)
                return NULL;
            p->pos = mark;
            if (v.n == 0)
                return NULL;
            p->pos = mark - 1;          /* give the ',' back */
            break;
        }
        if (!vec_push(p, &v, b))
            return NULL;
        if (!expect(p, PY_TK_COMMA))
            break;
    }
    expect(p, PY_TK_COMMA);
    return tuple_expr(p, vec_seq(p, &v), PY_LOAD, pos_from(p, start));
}

/* ==========================================================================
 * Atoms and displays
 * ========================================================================== */

/* strings (memo): STRING+ */
static py_expr *
strings(parser *p)
{
    size_t first = p->pos;
    while (expect(p, PY_TK_STRING)) {
    }
    if (p->pos == first || p->error)
        return NULL;
    peek(p);                            /* the token after: CPython's STRING+
                                           looked at it */
    return concatenate_strings(p, first, p->pos - 1);
}

/* tuple: '(' [star_named_expression ',' [star_named_expressions]] ')' */
static py_expr *
tuple_rule(parser *p)
{
    size_t start = p->pos;
    if (!expect(p, PY_TK_LPAR))
        return NULL;
    vec v = VEC_INIT;
    size_t mark = p->pos;
    py_expr *y = star_named_expression(p);
    if (y != NULL && expect(p, PY_TK_COMMA)) {
        if (!vec_push(p, &v, y))
            return NULL;
        size_t m2 = p->pos;
        py_seq *z = star_named_expressions(p);
        if (z != NULL) {
            for (size_t i = 0; i < z->n; i++) {
                if (!vec_push(p, &v, z->items[i]))
                    return NULL;
            }
        }
        else {
            p->pos = m2;
        }
    }
    else {
        p->pos = mark;
    }
    if (p->error)
        return NULL;
    if (!expect(p, PY_TK_RPAR)) {
        p->pos = start;
        return NULL;
    }
    return tuple_expr(p, vec_seq(p, &v), PY_LOAD, pos_from(p, start));
}

/* group: '(' (yield_expr | named_expression) ')' | invalid_group */
static py_expr *
group(parser *p)
{
    size_t start = p->pos;
    if (!expect(p, PY_TK_LPAR))
        return NULL;
    py_expr *a = yield_expr(p);
    if (a == NULL && !p->error)
        a = named_expression(p);
    if (a != NULL && expect(p, PY_TK_RPAR))
        return a;
    if (p->error)
        return NULL;
    p->pos = start;
    if (p->invalid) {
        p->pos = start + 1;
        py_expr *s = starred_expression(p);
        if (s != NULL && expect(p, PY_TK_RPAR))
            return raise_at_pos(p, &s->pos, &s->pos,
                                "cannot use starred expression here");
        if (p->error)
            return NULL;
        p->pos = start + 1;
        py_token *ds = expect(p, PY_TK_DOUBLESTAR);
        if (ds != NULL && expression(p) != NULL && expect(p, PY_TK_RPAR))
            return raise_at_tok(p, ds, ds,
                                "cannot use double starred expression here");
        p->pos = start;
    }
    return NULL;
}

/* invalid_comprehension; `open` is the bracket kind. */
static py_expr *
invalid_comprehension(parser *p)
{
    size_t start = p->pos;
    int k = peek_kind(p);
    if (k != PY_TK_LSQB && k != PY_TK_LPAR && k != PY_TK_LBRACE)
        return NULL;
    p->pos++;
    py_expr *a = starred_expression(p);
    if (a != NULL && for_if_clauses(p) != NULL)
        return raise_at_pos(p, &a->pos, &a->pos,
                            "iterable unpacking cannot be used in "
                            "comprehension");
    if (p->error || k == PY_TK_LPAR) {
        p->pos = start;
        return NULL;
    }
    p->pos = start + 1;
    a = star_named_expression(p);
    if (a != NULL) {
        size_t after_a = p->pos;
        py_token *comma = expect(p, PY_TK_COMMA);
        if (comma != NULL) {
            py_seq *b = star_named_expressions(p);
            if (b != NULL && for_if_clauses(p) != NULL) {
                py_expr *last = b->items[b->n - 1];
                return raise_at_pos(p, &a->pos, &last->pos,
                                    "did you forget parentheses around the "
                                    "comprehension target?");
            }
            if (p->error)
                return NULL;
            p->pos = after_a;
            comma = expect(p, PY_TK_COMMA);
            if (for_if_clauses(p) != NULL) {
                py_pos cp = tok_pos(comma);
                return raise_at_pos(p, &a->pos, &cp,
                                    "did you forget parentheses around the "
                                    "comprehension target?");
            }
        }
    }
    p->pos = start;
    return NULL;
}

static py_expr *
comprehension_node(parser *p, py_expr_kind kind, py_expr *elt,
                   py_expr *value, py_seq *gens, size_t start)
{
    py_expr *e = new_expr(p, kind, pos_from(p, start));
    if (e == NULL)
        return NULL;
    e->v.comp.elt = elt;
    e->v.comp.value = value;
    e->v.comp.generators = gens;
    return e;
}

/* genexp: '(' (assignment_expression | expression !':=') for_if_clauses
 *         ')' | invalid_comprehension */
static py_expr *
genexp(parser *p)
{
    size_t start = p->pos;
    if (expect(p, PY_TK_LPAR)) {
        py_expr *a = assignment_expression(p);
        if (a == NULL && !p->error) {
            a = expression(p);
            if (a != NULL && peek_kind(p) == PY_TK_COLONEQUAL)
                a = NULL;
        }
        if (a != NULL) {
            py_seq *b = for_if_clauses(p);
            if (b != NULL && expect(p, PY_TK_RPAR))
                return comprehension_node(p, PY_E_GENERATOREXP, a, NULL, b,
                                          start);
        }
        if (p->error)
            return NULL;
        p->pos = start;
    }
    if (p->invalid)
        invalid_comprehension(p);
    p->pos = start;
    return NULL;
}

/* list: '[' [star_named_expressions] ']' */
static py_expr *
list_rule(parser *p)
{
    size_t start = p->pos;
    if (!expect(p, PY_TK_LSQB))
        return NULL;
    size_t mark = p->pos;
    py_seq *a = star_named_expressions(p);
    if (a == NULL)
        p->pos = mark;
    if (p->error)
        return NULL;
    if (!expect(p, PY_TK_RSQB)) {
        p->pos = start;
        return NULL;
    }
    return list_expr(p, a, PY_LOAD, pos_from(p, start));
}

/* listcomp: '[' named_expression for_if_clauses ']'
 *         | invalid_comprehension;  setcomp likewise with braces. */
static py_expr *
listcomp_or_setcomp(parser *p, int open, int close, py_expr_kind kind)
{
    size_t start = p->pos;
    if (expect(p, open)) {
        py_expr *a = named_expression(p);
        if (a != NULL) {
            py_seq *b = for_if_clauses(p);
            if (b != NULL && expect(p, close))
                return comprehension_node(p, kind, a, NULL, b, start);
        }
        if (p->error)
            return NULL;
        p->pos = start;
    }
    if (p->invalid)
        invalid_comprehension(p);
    p->pos = start;
    return NULL;
}

/* set: '{' star_named_expressions '}' */
static py_expr *
set_rule(parser *p)
{
    size_t start = p->pos;
    if (!expect(p, PY_TK_LBRACE))
        return NULL;
    py_seq *a = star_named_expressions(p);
    if (a == NULL || !expect(p, PY_TK_RBRACE)) {
        p->pos = start;
        return NULL;
    }
    py_expr *e = new_expr(p, PY_E_SET, pos_from(p, start));
    if (e != NULL)
        e->v.set.elts = a;
    return e;
}

/* kvpair: expression ':' expression */
static py_expr *
kvpair(parser *p, py_expr **value)
{
    size_t start = p->pos;
    py_expr *a = expression(p);
    if (a != NULL && expect(p, PY_TK_COLON)) {
        py_expr *b = expression(p);
        if (b != NULL) {
            *value = b;
            return a;
        }
    }
    p->pos = start;
    return NULL;
}

/* double_starred_kvpair: '**' bitwise_or | kvpair.  Returns 1 with
 * *key (NULL for '**') and *value, or 0. */
static int
double_starred_kvpair(parser *p, py_expr **key, py_expr **value)
{
    size_t start = p->pos;
    if (expect(p, PY_TK_DOUBLESTAR)) {
        py_expr *a = bitwise_or(p);
        if (a != NULL) {
            *key = NULL;
            *value = a;
            return 1;
        }
        p->pos = start;
        if (p->error)
            return 0;
    }
    *key = kvpair(p, value);
    return *key != NULL;
}

/* ','.double_starred_kvpair+ into keys/values; how many. */
static size_t
double_starred_kvpairs_gather(parser *p, vec *keys, vec *values)
{
    py_expr *k, *v;
    if (!double_starred_kvpair(p, &k, &v))
        return 0;
    if (!vec_push(p, keys, k) || !vec_push(p, values, v))
        return 0;
    for (;;) {
        size_t mark = p->pos;
        if (!expect(p, PY_TK_COMMA))
            break;
        if (!double_starred_kvpair(p, &k, &v)) {
            p->pos = mark;
            break;
        }
        if (!vec_push(p, keys, k) || !vec_push(p, values, v))
            return 0;
    }
    return p->error ? 0 : keys->n;
}

/* invalid_kvpair */
static void
invalid_kvpair(parser *p)
{
    size_t start = p->pos;
    py_expr *a = expression(p);
    if (a == NULL)
        return;
    if (peek_kind(p) != PY_TK_COLON) {
        raise_known(p, SYNTAX_ERROR, a->pos.lineno, a->pos.end_col_offset,
                    a->pos.end_lineno, 0,
                    "':' expected after dictionary key");
        return;
    }
    p->pos++;
    py_token *star = peek(p);
    if (expect(p, PY_TK_STAR) && bitwise_or(p) != NULL) {
        py_pos sp = tok_pos(star);
        raise_from(p, &sp, "cannot use a starred expression in a "
                   "dictionary value");
        return;
    }
    if (p->error)
        return;
    p->pos = start;
    a = expression(p);
    if (a != NULL && expect(p, PY_TK_COLON)) {
        int k = peek_kind(p);
        if (k == PY_TK_RBRACE || k == PY_TK_COMMA) {
            py_token *c = &p->toks[p->pos - 1];
            raise_at_tok(p, c, c, "expression expected after dictionary key "
                         "and ':'");
            return;
        }
    }
    p->pos = start;
}

/* invalid_double_starred_kvpairs */
static void
invalid_double_starred_kvpairs(parser *p)
{
    size_t start = p->pos;
    vec keys = VEC_INIT, values = VEC_INIT;
    if (double_starred_kvpairs_gather(p, &keys, &values) > 0
        && expect(p, PY_TK_COMMA)) {
        invalid_kvpair(p);
        if (p->error)
            return;
    }
    if (p->error)
        return;
    p->pos = start;
    py_expr *a = expression(p);
    if (a != NULL && expect(p, PY_TK_COLON)) {
        py_token *star = peek(p);
        if (expect(p, PY_TK_STAR) && bitwise_or(p) != NULL) {
            py_pos sp = tok_pos(star);
            raise_from(p, &sp, "cannot use a starred expression in a "
                       "dictionary value");
            return;
        }
    }
    if (p->error)
        return;
    p->pos = start;
    a = expression(p);
    if (a != NULL && expect(p, PY_TK_COLON)) {
        int k = peek_kind(p);
        if (k == PY_TK_RBRACE || k == PY_TK_COMMA) {
            py_token *c = &p->toks[p->pos - 1];
            raise_at_tok(p, c, c, "expression expected after dictionary key "
                         "and ':'");
            return;
        }
    }
    p->pos = start;
}

/* dict: '{' [double_starred_kvpairs] '}'
 *     | '{' invalid_double_starred_kvpairs '}' */
static py_expr *
dict_rule(parser *p)
{
    size_t start = p->pos;
    if (!expect(p, PY_TK_LBRACE))
        return NULL;
    vec keys = VEC_INIT, values = VEC_INIT;
    size_t mark = p->pos;
    if (double_starred_kvpairs_gather(p, &keys, &values) > 0)
        expect(p, PY_TK_COMMA);
    else
        p->pos = mark;
    if (p->error)
        return NULL;
    if (expect(p, PY_TK_RBRACE)) {
        py_expr *e = new_expr(p, PY_E_DICT, pos_from(p, start));
        if (e == NULL)
            return NULL;
        e->v.dict.keys = vec_seq(p, &keys);
        e->v.dict.values = vec_seq(p, &values);
        return p->error ? NULL : e;
    }
    p->pos = start;
    if (p->invalid) {
        p->pos = start + 1;
        invalid_double_starred_kvpairs(p);
        p->pos = start;
    }
    return NULL;
}

/* dictcomp: '{' kvpair for_if_clauses '}' | invalid_dict_comprehension */
static py_expr *
dictcomp(parser *p)
{
    size_t start = p->pos;
    if (!expect(p, PY_TK_LBRACE))
        return NULL;
    py_expr *value;
    py_expr *key = kvpair(p, &value);
    if (key != NULL) {
        py_seq *b = for_if_clauses(p);
        if (b != NULL && expect(p, PY_TK_RBRACE))
            return comprehension_node(p, PY_E_DICTCOMP, key, value, b, start);
    }
    if (p->error)
        return NULL;
    p->pos = start;
    if (p->invalid) {
        p->pos = start + 1;
        py_token *ds = expect(p, PY_TK_DOUBLESTAR);
        if (ds != NULL && bitwise_or(p) != NULL && for_if_clauses(p) != NULL
            && expect(p, PY_TK_RBRACE))
            return raise_at_tok(p, ds, ds, "dict unpacking cannot be used in "
                                "dict comprehension");
        p->pos = start;
    }
    return NULL;
}

/* atom */
static py_expr *
atom_raw(parser *p)
{
    size_t start = p->pos;
    py_token *t = peek(p);
    if (p->error)
        return NULL;
    py_expr *e = NULL;
    switch (t->kind) {
    case PY_TK_NAME:
        p->pos++;
        return name_expr(p, t, PY_LOAD);
    case PY_TK_TRUE:
        p->pos++;
        return constant(p, OH_TRUE, tok_pos(t));
    case PY_TK_FALSE:
        p->pos++;
        return constant(p, OH_FALSE, tok_pos(t));
    case PY_TK_NONE:
        p->pos++;
        return constant(p, OH_NONE, tok_pos(t));
    case PY_TK_STRING:
        return strings(p);
    case PY_TK_NUMBER:
        p->pos++;
        return number_expr(p, t);
    case PY_TK_LPAR:
        e = tuple_rule(p);
        if (e == NULL && !p->error)
            e = group(p);
        if (e == NULL && !p->error)
            e = genexp(p);
        break;
    case PY_TK_LSQB:
        e = list_rule(p);
        if (e == NULL && !p->error)
            e = listcomp_or_setcomp(p, PY_TK_LSQB, PY_TK_RSQB,
                                    PY_E_LISTCOMP);
        break;
    case PY_TK_LBRACE:
        e = dict_rule(p);
        if (e == NULL && !p->error)
            e = set_rule(p);
        if (e == NULL && !p->error)
            e = dictcomp(p);
        if (e == NULL && !p->error)
            e = listcomp_or_setcomp(p, PY_TK_LBRACE, PY_TK_RBRACE,
                                    PY_E_SETCOMP);
        break;
    case PY_TK_ELLIPSIS:
        p->pos++;
        return constant(p, PY_ELLIPSIS, tok_pos(t));
    default:
        return NULL;
    }
    if (e == NULL)
        p->pos = start;
    return e;
}

static py_expr *
atom(parser *p)
{
    return memoized(p, MEMO_ATOM, atom_raw, true);
}

/* ==========================================================================
 * Comprehensions
 * ========================================================================== */

/* for_if_clause: 'for' star_targets 'in' ~ disjunction ('if' disjunction)*
 *              | invalid_for_target */
static py_comprehension *
for_if_clause_inner(parser *p)
{
    size_t start = p->pos;
    if (expect(p, PY_TK_FOR)) {
        py_expr *a = star_targets(p);
        if (a != NULL && expect(p, PY_TK_IN)) {
            py_expr *b = disjunction(p);
            if (b == NULL) {
                p->pos = start;
                return NULL;            /* the cut */
            }
            vec ifs = VEC_INIT;
            for (;;) {
                size_t mark = p->pos;
                if (!expect(p, PY_TK_IF))
                    break;
                py_expr *z = disjunction(p);
                if (z == NULL) {
                    p->pos = mark;
                    break;
                }
                if (!vec_push(p, &ifs, z))
                    return NULL;
            }
            py_comprehension *c = alloc(p, sizeof *c);
            if (c == NULL)
                return NULL;
            c->target = a;
            c->iter = b;
            c->ifs = vec_seq(p, &ifs);
            return p->error ? NULL : c;
        }
        if (p->error)
            return NULL;
        p->pos = start;
    }
    if (p->invalid && expect(p, PY_TK_FOR)) {
        py_expr *a = star_expressions(p);
        if (a != NULL)
            raise_invalid_target(p, FOR_TARGETS, a);
    }
    p->pos = start;
    return NULL;
}

/* [ASYNC] before a for_if_clause: parsed, refused later (PA8). */
static py_comprehension *
for_if_clause(parser *p)
{
    size_t outer = p->pos;
    py_token *as = NULL;
    if (peek_kind(p) == PY_TK_ASYNC && peek_at(p, 1)->kind == PY_TK_FOR) {
        as = peek(p);
        p->pos++;
    }
    py_comprehension *c = for_if_clause_inner(p);
    if (c == NULL) {
        p->pos = outer;
        return NULL;
    }
    if (as != NULL)
        note_unsupported(p, as, "'async' is not supported");
    return c;
}

/* for_if_clauses: for_if_clause+ */
static py_seq *
for_if_clauses(parser *p)
{
    vec v = VEC_INIT;
    for (;;) {
        py_comprehension *c = for_if_clause(p);
        if (c == NULL)
            break;
        if (!vec_push(p, &v, c))
            return NULL;
    }
    if (v.n == 0 || p->error)
        return NULL;
    return vec_seq(p, &v);
}

/* The expression ending a comprehension (CPython's
 * _PyPegen_get_last_comprehension_item). */
static const py_expr *
last_comprehension_item(const py_seq *gens)
{
    const py_comprehension *c = gens->items[gens->n - 1];
    if (PY_SEQ_LEN(c->ifs) == 0)
        return c->iter;
    return c->ifs->items[c->ifs->n - 1];
}

/* ==========================================================================
 * Call arguments
 * ========================================================================== */

/* starred_expression: '*' expression */
static py_expr *
starred_expression(parser *p)
{
    size_t start = p->pos;
    if (!expect(p, PY_TK_STAR))
        return NULL;
    py_expr *a = expression(p);
    if (a == NULL) {
        p->pos = start;
        return NULL;
    }
    return starred(p, a, PY_LOAD, pos_from(p, start));
}

/* A keyword argument or a starred expression (kwarg_or_starred and
 * kwarg_or_double_starred give one). */
typedef struct kw_or_star {
    py_keyword *kw;                     /* or NULL */
    py_expr *star;                      /* or NULL */
} kw_or_star;

static py_keyword *
new_keyword(parser *p, oh_object *arg, py_expr *value, py_pos pos)
{
    py_keyword *k = alloc(p, sizeof *k);
    if (k == NULL)
        return NULL;
    k->arg = arg;
    k->value = value;
    k->pos = pos;
    return k;
}

/* invalid_kwarg */
static void
invalid_kwarg(parser *p)
{
    size_t start = p->pos;
    py_token *a = peek(p);
    if (a->kind == PY_TK_TRUE || a->kind == PY_TK_FALSE
        || a->kind == PY_TK_NONE) {
        p->pos++;
        py_token *b = expect(p, PY_TK_EQUAL);
        if (b != NULL) {
            char msg[64];
            snprintf(msg, sizeof msg, "cannot assign to %.*s",
                     (int)(a->end - a->start), a->start);
            raise_at_tok(p, a, b, msg);
            return;
        }
        p->pos = start;
    }
    py_token *n = expect(p, PY_TK_NAME);
    if (n != NULL) {
        py_token *b = expect(p, PY_TK_EQUAL);
        if (b != NULL && expression(p) != NULL && for_if_clauses(p) != NULL) {
            raise_at_tok(p, n, b, "invalid syntax. Maybe you meant '==' or "
                         "':=' instead of '='?");
            return;
        }
    }
    if (p->error)
        return;
    p->pos = start;
    bool name_eq = peek_kind(p) == PY_TK_NAME
                   && peek_at(p, 1)->kind == PY_TK_EQUAL;
    if (!name_eq && !p->error) {
        py_expr *e = expression(p);
        py_token *b = e != NULL ? expect(p, PY_TK_EQUAL) : NULL;
        if (b != NULL) {
            py_pos bp = tok_pos(b);
            raise_at_pos(p, &e->pos, &bp, "expression cannot contain "
                         "assignment, perhaps you meant \"==\"?");
            return;
        }
    }
    p->pos = start;
}

/* kwarg_or_starred: invalid_kwarg | NAME '=' expression
 *                 | starred_expression
 * kwarg_or_double_starred: invalid_kwarg | NAME '=' expression
 *                 | '**' expression */
static bool
kwarg_item(parser *p, bool double_starred, kw_or_star *out)
{
    size_t start = p->pos;
    out->kw = NULL;
    out->star = NULL;
    if (p->invalid) {
        invalid_kwarg(p);
        if (p->error)
            return false;
    }
    py_token *n = expect(p, PY_TK_NAME);
    if (n != NULL && expect(p, PY_TK_EQUAL)) {
        py_expr *b = expression(p);
        if (b != NULL) {
            out->kw = new_keyword(p, tok_identifier(p, n), b,
                                  pos_from(p, start));
            return out->kw != NULL && out->kw->arg != NULL;
        }
    }
    if (p->error)
        return false;
    p->pos = start;
    if (!double_starred) {
        out->star = starred_expression(p);
        return out->star != NULL;
    }
    if (expect(p, PY_TK_DOUBLESTAR)) {
        py_expr *a = expression(p);
        if (a != NULL) {
            out->kw = new_keyword(p, NULL, a, pos_from(p, start));
            return out->kw != NULL;
        }
    }
    p->pos = start;
    return false;
}

/* ','.kwarg_item+ appended to keywords / starreds. */
static bool
kwarg_gather(parser *p, bool double_starred, vec *items)
{
    kw_or_star it;
    if (!kwarg_item(p, double_starred, &it))
        return false;
    kw_or_star *copy = alloc(p, sizeof *copy);
    if (copy == NULL)
        return false;
    *copy = it;
    if (!vec_push(p, items, copy))
        return false;
    for (;;) {
        size_t mark = p->pos;
        if (!expect(p, PY_TK_COMMA))
            break;
        if (!kwarg_item(p, double_starred, &it)) {
            p->pos = mark;
            break;
        }
        copy = alloc(p, sizeof *copy);
        if (copy == NULL)
            return false;
        *copy = it;
        if (!vec_push(p, items, copy))
            return false;
    }
    return !p->error;
}

/* kwargs:
 *   ','.kwarg_or_starred+ ',' ','.kwarg_or_double_starred+
 *   | ','.kwarg_or_starred+ | ','.kwarg_or_double_starred+ */
static bool
kwargs(parser *p, vec *items)
{
    size_t start = p->pos;
    vec a = VEC_INIT;
    if (kwarg_gather(p, false, &a)) {
        size_t mark = p->pos;
        vec b = VEC_INIT;
        if (expect(p, PY_TK_COMMA) && kwarg_gather(p, true, &b)) {
            for (size_t i = 0; i < a.n; i++)
                vec_push(p, items, a.items[i]);
            for (size_t i = 0; i < b.n; i++)
                vec_push(p, items, b.items[i]);
            return !p->error;
        }
        if (p->error)
            return false;
        p->pos = mark;
        for (size_t i = 0; i < a.n; i++)
            vec_push(p, items, a.items[i]);
        return !p->error;
    }
    if (p->error)
        return false;
    p->pos = start;
    if (kwarg_gather(p, true, &a)) {
        for (size_t i = 0; i < a.n; i++)
            vec_push(p, items, a.items[i]);
        return !p->error;
    }
    p->pos = start;
    return false;
}

/* One positional item of args:
 *   starred_expression | (assignment_expression | expression !':=') !'=' */
static py_expr *
args_item(parser *p)
{
    size_t start = p->pos;
    py_expr *a = starred_expression(p);
    if (a != NULL || p->error)
        return a;
    a = assignment_expression(p);
    if (a == NULL && !p->error) {
        a = expression(p);
        if (a != NULL && peek_kind(p) == PY_TK_COLONEQUAL)
            a = NULL;
    }
    if (a != NULL && peek_kind(p) != PY_TK_EQUAL)
        return a;
    p->pos = start;
    return NULL;
}

/* A Call node holding args and keywords (func NULL), the way CPython's
 * _PyPegen_collect_call_seqs puts starred items of kwargs with the
 * positional ones. */
static py_expr *
collect_call(parser *p, vec *pos_args, vec *kw_items, size_t start)
{
    vec keywords = VEC_INIT;
    for (size_t i = 0; kw_items != NULL && i < kw_items->n; i++) {
        kw_or_star *it = kw_items->items[i];
        if (it->star != NULL)
            vec_push(p, pos_args, it->star);
        else
            vec_push(p, &keywords, it->kw);
    }
    py_expr *e = new_expr(p, PY_E_CALL, pos_from(p, start));
    if (e == NULL)
        return NULL;
    e->v.call.args = vec_seq(p, pos_args);
    e->v.call.keywords = vec_seq(p, &keywords);
    return p->error ? NULL : e;
}

/* args: ','.args_item+ [',' kwargs] | kwargs */
static py_expr *
args_rule(parser *p)
{
    size_t start = p->pos;
    vec pos_args = VEC_INIT;
    py_expr *a = args_item(p);
    if (a != NULL) {
        if (!vec_push(p, &pos_args, a))
            return NULL;
        for (;;) {
            size_t mark = p->pos;
            if (!expect(p, PY_TK_COMMA))
                break;
            py_expr *b = args_item(p);
            if (b == NULL) {
                p->pos = mark;
                break;
            }
            if (!vec_push(p, &pos_args, b))
                return NULL;
        }
        if (p->error)
            return NULL;
        size_t mark = p->pos;
        vec items = VEC_INIT;
        if (expect(p, PY_TK_COMMA) && kwargs(p, &items))
            return collect_call(p, &pos_args, &items, start);
        if (p->error)
            return NULL;
        p->pos = mark;
        return collect_call(p, &pos_args, NULL, start);
    }
    if (p->error)
        return NULL;
    p->pos = start;
    vec items = VEC_INIT;
    if (kwargs(p, &items))
        return collect_call(p, &pos_args, &items, start);
    p->pos = start;
    return NULL;
}

/* invalid_arguments (3.11). */
static void
invalid_arguments(parser *p)
{
    size_t start = p->pos;
    /* ((','.args_item+ ',' kwargs) | kwargs) ',' '*' */
    for (int form = 0; form < 2; form++) {
        p->pos = start;
        vec items = VEC_INIT;
        bool ok;
        if (form == 0) {
            ok = args_item(p) != NULL;
            while (ok) {
                size_t mark = p->pos;
                if (!expect(p, PY_TK_COMMA) || args_item(p) == NULL) {
                    p->pos = mark;
                    break;
                }
            }
            ok = ok && !p->error && expect(p, PY_TK_COMMA)
                 && kwargs(p, &items);
        }
        else {
            ok = kwargs(p, &items);
        }
        py_token *star;
        if (ok && expect(p, PY_TK_COMMA)
            && (star = expect(p, PY_TK_STAR)) != NULL) {
            raise_at_tok(p, star, star, "iterable argument unpacking "
                         "follows keyword argument unpacking");
            return;
        }
        if (p->error)
            return;
    }
    p->pos = start;
    py_expr *a;
    a = expression(p);
    if (a != NULL) {
        py_seq *b = for_if_clauses(p);
        if (b != NULL && expect(p, PY_TK_COMMA)) {
            size_t mark = p->pos;
            if (args_rule(p) == NULL && !p->error) {
                p->pos = mark;
                if (expression(p) == NULL || for_if_clauses(p) == NULL)
                    p->pos = mark;
            }
            if (p->error)
                return;
            const py_expr *last = last_comprehension_item(b);
            raise_at_pos(p, &a->pos, &last->pos, "Generator expression must "
                         "be parenthesized");
            return;
        }
    }
    if (p->error)
        return;
    p->pos = start;
    py_token *n = expect(p, PY_TK_NAME);
    if (n != NULL) {
        py_token *b = expect(p, PY_TK_EQUAL);
        if (b != NULL && expression(p) != NULL && for_if_clauses(p) != NULL) {
            raise_at_tok(p, n, b, "invalid syntax. Maybe you meant '==' or "
                         "':=' instead of '='?");
            return;
        }
    }
    if (p->error)
        return;
    p->pos = start;
    a = args_rule(p);
    if (a != NULL) {
        py_seq *b = for_if_clauses(p);
        if (b != NULL) {
            /* _PyPegen_nonparen_genexp_in_call */
            size_t len = PY_SEQ_LEN(a->v.call.args);
            if (len > 1) {
                const py_expr *arg = a->v.call.args->items[len - 1];
                const py_expr *last = last_comprehension_item(b);
                raise_at_pos(p, &arg->pos, &last->pos, "Generator expression "
                             "must be parenthesized");
                return;
            }
        }
    }
    if (p->error)
        return;
    p->pos = start;
    if (args_rule(p) != NULL && expect(p, PY_TK_COMMA)) {
        a = expression(p);
        if (a != NULL) {
            py_seq *b = for_if_clauses(p);
            if (b != NULL) {
                const py_expr *last = last_comprehension_item(b);
                raise_at_pos(p, &a->pos, &last->pos, "Generator expression "
                             "must be parenthesized");
                return;
            }
        }
    }
    if (p->error)
        return;
    p->pos = start;
    a = args_rule(p);
    if (a != NULL && expect(p, PY_TK_COMMA) && args_rule(p) != NULL) {
        bool unpacking = false;
        for (size_t i = 0; i < PY_SEQ_LEN(a->v.call.keywords); i++) {
            py_keyword *k = a->v.call.keywords->items[i];
            if (k->arg == NULL)
                unpacking = true;
        }
        raise_last(p, SYNTAX_ERROR, unpacking
                   ? "positional argument follows keyword argument unpacking"
                   : "positional argument follows keyword argument");
        return;
    }
    p->pos = start;
}

/* arguments (memo): args [','] &')' | invalid_arguments */
static py_expr *
arguments_raw(parser *p)
{
    size_t start = p->pos;
    py_expr *a = args_rule(p);
    if (a != NULL) {
        expect(p, PY_TK_COMMA);
        if (peek_kind(p) == PY_TK_RPAR)
            return a;
    }
    if (p->error)
        return NULL;
    p->pos = start;
    if (p->invalid)
        invalid_arguments(p);
    p->pos = start;
    return NULL;
}

static py_expr *
arguments(parser *p)
{
    return memoized(p, MEMO_ARGUMENTS, arguments_raw, false);
}

/* ==========================================================================
 * Parameters (def and lambda)
 * ========================================================================== */

/* What the parameter rules differ in between def and lambda. */
typedef struct pctx {
    bool lambda;                        /* no annotations; ends at ':' */
    int close;                          /* PY_TK_RPAR or PY_TK_COLON */
} pctx;

/* One parameter and its default. */
typedef struct param_t {
    py_arg *arg;
    py_expr *value;                     /* default, or NULL */
} param_t;

/* param: NAME annotation?   (lambda_param: NAME)
 * With star_annotation, the annotation may be a starred expression
 * (param_star_annotation, for *args: *Ts). */
static py_arg *
param(parser *p, const pctx *c, bool star_annotation)
{
    size_t start = p->pos;
    py_token *n = expect(p, PY_TK_NAME);
    if (n == NULL)
        return NULL;
    py_expr *ann = NULL;
    if (!c->lambda) {
        size_t mark = p->pos;
        if (expect(p, PY_TK_COLON)) {
            ann = star_annotation ? star_expression(p) : expression(p);
            if (ann == NULL) {
                if (p->error || star_annotation) {
                    p->pos = start;
                    return NULL;
                }
                p->pos = mark;
            }
        }
        else if (star_annotation) {
            p->pos = start;
            return NULL;
        }
    }
    py_arg *a = alloc(p, sizeof *a);
    if (a == NULL)
        return NULL;
    a->arg = tok_identifier(p, n);
    a->annotation = ann;
    a->pos = pos_from(p, start);
    return a->arg ? a : NULL;
}

/* default: '=' expression | invalid_default */
static py_expr *
default_rule(parser *p)
{
    size_t start = p->pos;
    py_token *eq = expect(p, PY_TK_EQUAL);
    if (eq == NULL)
        return NULL;
    py_expr *a = expression(p);
    if (a != NULL)
        return a;
    if (p->error)
        return NULL;
    if (p->invalid) {
        int k = peek_kind(p);
        if (k == PY_TK_RPAR || k == PY_TK_COMMA)
            return raise_at_tok(p, eq, eq,
                                "expected default value expression");
    }
    p->pos = start;
    return NULL;
}

/* The end of a parameter: ',' or a lookahead at the closer. */
static bool
param_end(parser *p, const pctx *c)
{
    if (expect(p, PY_TK_COMMA))
        return true;
    return peek_kind(p) == c->close;
}

/* param_no_default: param ',' | param &')' */
static py_arg *
param_no_default(parser *p, const pctx *c)
{
    size_t start = p->pos;
    py_arg *a = param(p, c, false);
    if (a != NULL && param_end(p, c))
        return a;
    p->pos = start;
    return NULL;
}

/* param_with_default: param default ',' | param default &')'
 * param_maybe_default: the default optional. */
static bool
param_default(parser *p, const pctx *c, bool required, param_t *out)
{
    size_t start = p->pos;
    py_arg *a = param(p, c, false);
    if (a != NULL) {
        size_t mark = p->pos;
        py_expr *d = default_rule(p);
        if (d == NULL)
            p->pos = mark;
        if ((d != NULL || !required) && !p->error && param_end(p, c)) {
            out->arg = a;
            out->value = d;
            return true;
        }
    }
    p->pos = start;
    return false;
}

static size_t
params_no_default(parser *p, const pctx *c, vec *v)
{
    size_t n = 0;
    py_arg *a;
    while ((a = param_no_default(p, c)) != NULL) {
        param_t *pt = alloc(p, sizeof *pt);
        if (pt == NULL)
            return 0;
        pt->arg = a;
        pt->value = NULL;
        if (!vec_push(p, v, pt))
            return 0;
        n++;
    }
    return n;
}

static size_t
params_default(parser *p, const pctx *c, bool required, vec *v)
{
    size_t n = 0;
    param_t t;
    while (param_default(p, c, required, &t)) {
        param_t *pt = alloc(p, sizeof *pt);
        if (pt == NULL)
            return 0;
        *pt = t;
        if (!vec_push(p, v, pt))
            return 0;
        n++;
    }
    return n;
}

/* The slash: '/' ',' | '/' &close */
static py_token *
slash(parser *p, const pctx *c)
{
    size_t start = p->pos;
    py_token *s = expect(p, PY_TK_SLASH);
    if (s != NULL && param_end(p, c))
        return s;
    p->pos = start;
    return NULL;
}

/* slash_no_default: param_no_default+ '/' (',' | &close) */
static bool
slash_no_default(parser *p, const pctx *c, vec *v)
{
    size_t start = p->pos;
    size_t n0 = v->n;
    if (params_no_default(p, c, v) > 0 && slash(p, c))
        return true;
    v->n = n0;
    p->pos = start;
    return false;
}

/* slash_with_default: param_no_default* param_with_default+ '/' ... */
static bool
slash_with_default(parser *p, const pctx *c, vec *v)
{
    size_t start = p->pos;
    size_t n0 = v->n;
    params_no_default(p, c, v);
    if (params_default(p, c, true, v) > 0 && slash(p, c))
        return true;
    v->n = n0;
    p->pos = start;
    return false;
}

/* star_etc's parts. */
typedef struct star_etc_t {
    py_arg *vararg;
    vec kwonly;                         /* param_t */
    py_arg *kwarg;
} star_etc_t;

/* kwds: invalid_kwds | '**' param_no_default */
static py_arg *
kwds(parser *p, const pctx *c)
{
    size_t start = p->pos;
    if (p->invalid && expect(p, PY_TK_DOUBLESTAR)) {
        if (param(p, c, false) != NULL) {
            size_t mark = p->pos;
            py_token *eq = expect(p, PY_TK_EQUAL);
            if (eq != NULL)
                return raise_at_tok(p, eq, eq, "var-keyword argument cannot "
                                    "have default value");
            if (expect(p, PY_TK_COMMA)) {
                size_t m2 = p->pos;
                py_arg *a = param(p, c, false);
                if (a != NULL)
                    return raise_at_pos(p, &a->pos, &a->pos, "arguments "
                                        "cannot follow var-keyword argument");
                p->pos = m2;
                py_token *t = peek(p);
                if (t->kind == PY_TK_STAR || t->kind == PY_TK_DOUBLESTAR
                    || t->kind == PY_TK_SLASH)
                    return raise_at_tok(p, t, t, "arguments cannot follow "
                                        "var-keyword argument");
            }
            p->pos = mark;
        }
        if (p->error)
            return NULL;
        p->pos = start;
    }
    if (expect(p, PY_TK_DOUBLESTAR)) {
        py_arg *a = param_no_default(p, c);
        if (a != NULL)
            return a;
    }
    p->pos = start;
    return NULL;
}

/* invalid_star_etc (and invalid_lambda_star_etc) */
static void
invalid_star_etc(parser *p, const pctx *c)
{
    size_t start = p->pos;
    py_token *star = expect(p, PY_TK_STAR);
    if (star == NULL)
        return;
    int k = peek_kind(p);
    if (k == c->close || (k == PY_TK_COMMA
                          && (peek_at(p, 1)->kind == c->close
                              || peek_at(p, 1)->kind == PY_TK_DOUBLESTAR))) {
        if (c->lambda)
            raise_last(p, SYNTAX_ERROR, "named arguments must follow bare *");
        else
            raise_at_tok(p, star, star, "named arguments must follow bare *");
        return;
    }
    if (p->error)
        return;
    p->pos = start + 1;
    if (param(p, c, false) != NULL) {
        py_token *eq = expect(p, PY_TK_EQUAL);
        if (eq != NULL) {
            raise_at_tok(p, eq, eq, "var-positional argument cannot have "
                         "default value");
            return;
        }
    }
    if (p->error)
        return;
    p->pos = start + 1;
    if (param_no_default(p, c) != NULL || expect(p, PY_TK_COMMA)) {
        vec dummy = VEC_INIT;
        params_default(p, c, false, &dummy);
        py_token *s2 = expect(p, PY_TK_STAR);
        if (s2 != NULL && (param_no_default(p, c) != NULL
                           || expect(p, PY_TK_COMMA))) {
            raise_at_tok(p, s2, s2, "* argument may appear only once");
            return;
        }
    }
    p->pos = start;
}

/* star_etc:
 *   invalid_star_etc
 *   | '*' param_no_default param_maybe_default* [kwds]
 *   | '*' param_no_default_star_annotation param_maybe_default* [kwds]
 *   | '*' ',' param_maybe_default+ [kwds]
 *   | kwds */
static bool
star_etc(parser *p, const pctx *c, star_etc_t *out)
{
    size_t start = p->pos;
    memset(out, 0, sizeof *out);
    if (p->invalid) {
        invalid_star_etc(p, c);
        if (p->error)
            return false;
    }
    if (expect(p, PY_TK_STAR)) {
        size_t mark = p->pos;
        py_arg *a = param_no_default(p, c);
        if (a == NULL && !c->lambda && !p->error) {
            p->pos = mark;
            a = param(p, c, true);
            if (a != NULL && !param_end(p, c))
                a = NULL;
            if (a == NULL)
                p->pos = mark;
        }
        if (a != NULL) {
            params_default(p, c, false, &out->kwonly);
            out->vararg = a;
            size_t m2 = p->pos;
            out->kwarg = kwds(p, c);
            if (out->kwarg == NULL)
                p->pos = m2;
            return !p->error;
        }
        if (p->error)
            return false;
        p->pos = mark;
        if (expect(p, PY_TK_COMMA)
            && params_default(p, c, false, &out->kwonly) > 0) {
            size_t m2 = p->pos;
            out->kwarg = kwds(p, c);
            if (out->kwarg == NULL)
                p->pos = m2;
            return !p->error;
        }
        if (p->error)
            return false;
        out->kwonly.n = 0;
        p->pos = start;
    }
    out->kwarg = kwds(p, c);
    if (out->kwarg != NULL)
        return true;
    p->pos = start;
    return false;
}

/* invalid_parameters (and invalid_lambda_parameters), 3.11. */
static void
invalid_parameters(parser *p, const pctx *c)
{
    size_t start = p->pos;
    vec v = VEC_INIT;
    /* param_no_default* invalid_parameters_helper param_no_default */
    params_no_default(p, c, &v);
    size_t mark = p->pos;
    bool helper = slash_with_default(p, c, &v);
    if (!helper && !p->error) {
        p->pos = mark;
        helper = params_default(p, c, true, &v) > 0;
    }
    if (helper) {
        py_arg *a = param_no_default(p, c);
        if (a != NULL) {
            raise_at_pos(p, &a->pos, &a->pos, "non-default argument follows "
                         "default argument");
            return;
        }
    }
    if (p->error)
        return;
    p->pos = start;
    /* param_no_default* '(' param_no_default+ ','? ')' */
    params_no_default(p, c, &v);
    py_token *lp = expect(p, PY_TK_LPAR);
    if (lp != NULL) {
        size_t n = 0;
        if (c->lambda) {
            /* ','.lambda_param+ */
            while (expect(p, PY_TK_NAME)) {
                n++;
                size_t m = p->pos;
                if (!expect(p, PY_TK_COMMA) || peek_kind(p) != PY_TK_NAME) {
                    p->pos = m;
                    break;
                }
            }
        }
        else {
            pctx inner = {false, PY_TK_RPAR};
            vec w = VEC_INIT;
            n = params_no_default(p, &inner, &w);
        }
        if (n > 0) {
            expect(p, PY_TK_COMMA);
            py_token *rp = expect(p, PY_TK_RPAR);
            if (rp != NULL) {
                raise_at_tok(p, lp, rp, c->lambda
                             ? "Lambda expression parameters cannot be "
                               "parenthesized"
                             : "Function parameters cannot be "
                               "parenthesized");
                return;
            }
        }
    }
    if (p->error)
        return;
    p->pos = start;
    /* "/" ',' */
    py_token *s = expect(p, PY_TK_SLASH);
    if (s != NULL && expect(p, PY_TK_COMMA)) {
        raise_at_tok(p, s, s, "at least one argument must precede /");
        return;
    }
    if (p->error)
        return;
    p->pos = start;
    /* (slash_no_default | slash_with_default) param_maybe_default* '/' */
    v.n = 0;
    if (slash_no_default(p, c, &v) || slash_with_default(p, c, &v)) {
        params_default(p, c, false, &v);
        s = expect(p, PY_TK_SLASH);
        if (s != NULL) {
            raise_at_tok(p, s, s, "/ may appear only once");
            return;
        }
    }
    if (p->error)
        return;
    p->pos = start;
    /* [slash] param_maybe_default* '*' (',' | param_no_default)
     * param_maybe_default* '/' */
    v.n = 0;
    if (!slash_no_default(p, c, &v) && !p->error)
        slash_with_default(p, c, &v);
    params_default(p, c, false, &v);
    if (expect(p, PY_TK_STAR)
        && (expect(p, PY_TK_COMMA) || param_no_default(p, c) != NULL)) {
        params_default(p, c, false, &v);
        s = expect(p, PY_TK_SLASH);
        if (s != NULL) {
            raise_at_tok(p, s, s, "/ must be ahead of *");
            return;
        }
    }
    if (p->error)
        return;
    p->pos = start;
    /* param_maybe_default+ '/' '*' */
    if (params_default(p, c, false, &v) > 0 && expect(p, PY_TK_SLASH)) {
        py_token *st = expect(p, PY_TK_STAR);
        if (st != NULL) {
            raise_at_tok(p, st, st, "expected comma between / and *");
            return;
        }
    }
    p->pos = start;
}

static py_seq *
param_args(parser *p, const vec *v, size_t from, size_t to)
{
    vec a = VEC_INIT;
    for (size_t i = from; i < to; i++)
        vec_push(p, &a, ((param_t *)v->items[i])->arg);
    return vec_seq(p, &a);
}

/* parameters (3.11) into a py_arguments, or NULL. */
static py_arguments *
parameters(parser *p, const pctx *c)
{
    size_t start = p->pos;
    vec posonly = VEC_INIT, plain = VEC_INIT, withdef = VEC_INIT;
    star_etc_t se;
    bool have_se = false;
    int alt = 0;

    /* slash_no_default param_no_default* param_with_default* [star_etc] */
    if (slash_no_default(p, c, &posonly)) {
        params_no_default(p, c, &plain);
        params_default(p, c, true, &withdef);
        alt = 1;
    }
    else if (!p->error && (p->pos = start, true)
             && slash_with_default(p, c, &posonly)) {
        /* slash_with_default param_with_default* [star_etc] */
        params_default(p, c, true, &withdef);
        alt = 2;
    }
    else if (!p->error && (p->pos = start, true)
             && params_no_default(p, c, &plain) > 0) {
        params_default(p, c, true, &withdef);
        alt = 3;
    }
    else if (!p->error && (p->pos = start, true)
             && params_default(p, c, true, &withdef) > 0) {
        alt = 4;
    }
    if (p->error)
        return NULL;
    if (alt == 0)
        p->pos = start;
    size_t mark = p->pos;
    have_se = star_etc(p, c, &se);
    if (!have_se) {
        if (p->error)
            return NULL;
        p->pos = mark;
        if (alt == 0)
            return NULL;
    }

    py_arguments *args = alloc(p, sizeof *args);
    if (args == NULL)
        return NULL;
    /* posonlyargs and their defaults, then args and theirs. */
    vec defaults = VEC_INIT;
    for (size_t i = 0; i < posonly.n; i++) {
        param_t *pt = posonly.items[i];
        if (pt->value != NULL)
            vec_push(p, &defaults, pt->value);
    }
    for (size_t i = 0; i < withdef.n; i++)
        vec_push(p, &defaults, ((param_t *)withdef.items[i])->value);
    vec all = VEC_INIT;
    for (size_t i = 0; i < plain.n; i++)
        vec_push(p, &all, plain.items[i]);
    for (size_t i = 0; i < withdef.n; i++)
        vec_push(p, &all, withdef.items[i]);
    args->posonlyargs = param_args(p, &posonly, 0, posonly.n);
    args->args = param_args(p, &all, 0, all.n);
    args->defaults = vec_seq(p, &defaults);
    vec kwdefs = VEC_INIT;
    if (have_se) {
        args->vararg = se.vararg;
        args->kwarg = se.kwarg;
        for (size_t i = 0; i < se.kwonly.n; i++)
            vec_push(p, &kwdefs, ((param_t *)se.kwonly.items[i])->value);
        args->kwonlyargs = param_args(p, &se.kwonly, 0, se.kwonly.n);
    }
    else {
        args->kwonlyargs = seq_empty(p);
    }
    args->kw_defaults = vec_seq(p, &kwdefs);
    return p->error ? NULL : args;
}

static py_arguments *
empty_arguments(parser *p)
{
    py_arguments *a = alloc(p, sizeof *a);
    if (a == NULL)
        return NULL;
    a->posonlyargs = seq_empty(p);
    a->args = seq_empty(p);
    a->kwonlyargs = seq_empty(p);
    a->kw_defaults = seq_empty(p);
    a->defaults = seq_empty(p);
    return p->error ? NULL : a;
}

/* params: invalid_parameters | parameters */
static py_arguments *
params(parser *p, const pctx *c)
{
    if (p->invalid) {
        size_t start = p->pos;
        invalid_parameters(p, c);
        if (p->error)
            return NULL;
        p->pos = start;
    }
    return parameters(p, c);
}

/* lambdef: 'lambda' [lambda_params] ':' expression */
static py_expr *
lambdef(parser *p)
{
    size_t start = p->pos;
    if (!expect(p, PY_TK_LAMBDA))
        return NULL;
    static const pctx lc = {true, PY_TK_COLON};
    size_t mark = p->pos;
    py_arguments *a = params(p, &lc);
    if (a == NULL) {
        if (p->error)
            return NULL;
        p->pos = mark;
        a = empty_arguments(p);
        if (a == NULL)
            return NULL;
    }
    if (!expect(p, PY_TK_COLON)) {
        p->pos = start;
        return NULL;
    }
    py_expr *b = expression(p);
    if (b == NULL) {
        p->pos = start;
        return NULL;
    }
    py_expr *e = new_expr(p, PY_E_LAMBDA, pos_from(p, start));
    if (e == NULL)
        return NULL;
    e->v.lambda.args = a;
    e->v.lambda.body = b;
    return e;
}

/* ==========================================================================
 * Targets
 * ========================================================================== */

/* t_lookahead: '(' | '[' | '.' */
static bool
t_lookahead(parser *p)
{
    int k = peek_kind(p);
    return k == PY_TK_LPAR || k == PY_TK_LSQB || k == PY_TK_DOT;
}

/* t_primary (left-recursive):
 *   t_primary '.' NAME &t_lookahead | t_primary '[' slices ']' &t_lookahead
 *   | t_primary genexp &t_lookahead
 *   | t_primary '(' [arguments] ')' &t_lookahead | atom &t_lookahead */
static py_expr *
t_primary_raw(parser *p)
{
    size_t start = p->pos;
    py_expr *a = atom(p);
    if (a == NULL || !t_lookahead(p))
        return NULL;
    int chain = 0;
    for (;;) {
        size_t mark = p->pos;
        py_expr *e = NULL;
        int k = peek_kind(p);
        if (p->error)
            break;
        if (k == PY_TK_DOT) {
            p->pos++;
            py_token *n = expect(p, PY_TK_NAME);
            if (n != NULL && t_lookahead(p)) {
                oh_object *id = tok_identifier(p, n);
                e = new_expr(p, PY_E_ATTRIBUTE, pos_from(p, start));
                if (e != NULL && id != NULL) {
                    e->v.attribute.value = a;
                    e->v.attribute.attr = id;
                    e->v.attribute.ctx = PY_LOAD;
                }
            }
        }
        else if (k == PY_TK_LSQB) {
            p->pos++;
            py_expr *s = slices(p);
            if (s != NULL && expect(p, PY_TK_RSQB) && t_lookahead(p)) {
                e = new_expr(p, PY_E_SUBSCRIPT, pos_from(p, start));
                if (e != NULL) {
                    e->v.subscript.value = a;
                    e->v.subscript.slice = s;
                    e->v.subscript.ctx = PY_LOAD;
                }
            }
        }
        else if (k == PY_TK_LPAR) {
            py_expr *g = genexp(p);
            if (g != NULL && t_lookahead(p)) {
                py_seq *args = seq1(p, g);
                e = new_expr(p, PY_E_CALL, pos_from(p, start));
                if (e != NULL) {
                    e->v.call.func = a;
                    e->v.call.args = args;
                    e->v.call.keywords = seq_empty(p);
                }
            }
            else if (!p->error) {
                p->pos = mark + 1;
                py_expr *args = arguments(p);
                if (!p->error && expect(p, PY_TK_RPAR) && t_lookahead(p))
                    e = make_call(p, a, args, pos_from(p, start));
            }
        }
        if (e == NULL || p->error) {
            p->pos = mark;
            break;
        }
        if (!chain_grow(p, &chain))
            break;
        a = e;
    }
    chain_end(p, chain);
    return p->error ? NULL : a;
}

static py_expr *
t_primary(parser *p)
{
    return memoized(p, MEMO_T_PRIMARY, t_primary_raw, false);
}

/* t_primary '.' NAME !t_lookahead | t_primary '[' slices ']' !t_lookahead,
 * with context ctx (target_with_star_atom, single_subscript_attribute_
 * target and del_target share it). */
static py_expr *
subscript_attribute_target(parser *p, py_expr_context ctx)
{
    size_t start = p->pos;
    py_expr *a = t_primary(p);
    if (a == NULL)
        return NULL;
    size_t mark = p->pos;
    if (expect(p, PY_TK_DOT)) {
        py_token *n = expect(p, PY_TK_NAME);
        if (n != NULL && !t_lookahead(p)) {
            oh_object *id = tok_identifier(p, n);
            py_expr *e = new_expr(p, PY_E_ATTRIBUTE, pos_from(p, start));
            if (e == NULL || id == NULL)
                return NULL;
            e->v.attribute.value = a;
            e->v.attribute.attr = id;
            e->v.attribute.ctx = ctx;
            return e;
        }
    }
    if (p->error)
        return NULL;
    p->pos = mark;
    if (expect(p, PY_TK_LSQB)) {
        py_expr *s = slices(p);
        if (s != NULL && expect(p, PY_TK_RSQB) && !t_lookahead(p)) {
            py_expr *e = new_expr(p, PY_E_SUBSCRIPT, pos_from(p, start));
            if (e == NULL)
                return NULL;
            e->v.subscript.value = a;
            e->v.subscript.slice = s;
            e->v.subscript.ctx = ctx;
            return e;
        }
    }
    p->pos = start;
    return NULL;
}

/* star_targets_tuple_seq: star_target (',' star_target)+ [',']
 *                       | star_target ','
 * star_targets_list_seq: ','.star_target+ [','] */
static py_seq *
star_target_seq(parser *p, bool tuple)
{
    size_t start = p->pos;
    vec v = VEC_INIT;
    py_expr *a = star_target(p);
    if (a == NULL)
        return NULL;
    if (!vec_push(p, &v, a))
        return NULL;
    for (;;) {
        size_t mark = p->pos;
        if (!expect(p, PY_TK_COMMA))
            break;
        py_expr *b = star_target(p);
        if (b == NULL) {
            p->pos = mark;
            break;
        }
        if (!vec_push(p, &v, b))
            return NULL;
    }
    if (p->error)
        return NULL;
    bool comma = expect(p, PY_TK_COMMA) != NULL;
    if (tuple && v.n == 1 && !comma) {
        p->pos = start;
        return NULL;
    }
    return vec_seq(p, &v);
}

static py_expr *target_with_star_atom(parser *p);

/* star_atom:
 *   NAME | '(' target_with_star_atom ')' | '(' [star_targets_tuple_seq] ')'
 *   | '[' [star_targets_list_seq] ']' */
static py_expr *
star_atom(parser *p)
{
    size_t start = p->pos;
    py_token *n = expect(p, PY_TK_NAME);
    if (n != NULL)
        return name_expr(p, n, PY_STORE);
    if (expect(p, PY_TK_LPAR)) {
        py_expr *a = target_with_star_atom(p);
        if (a != NULL && expect(p, PY_TK_RPAR))
            return set_ctx(p, a, PY_STORE);
        if (p->error)
            return NULL;
        p->pos = start + 1;
        size_t mark = p->pos;
        py_seq *s = star_target_seq(p, true);
        if (s == NULL)
            p->pos = mark;
        if (!p->error && expect(p, PY_TK_RPAR))
            return tuple_expr(p, s, PY_STORE, pos_from(p, start));
        p->pos = start;
        return NULL;
    }
    if (expect(p, PY_TK_LSQB)) {
        size_t mark = p->pos;
        py_seq *s = star_target_seq(p, false);
        if (s == NULL)
            p->pos = mark;
        if (!p->error && expect(p, PY_TK_RSQB))
            return list_expr(p, s, PY_STORE, pos_from(p, start));
    }
    p->pos = start;
    return NULL;
}

/* target_with_star_atom (memo): the attribute and subscript targets |
 * star_atom */
static py_expr *
target_with_star_atom_raw(parser *p)
{
    py_expr *e = subscript_attribute_target(p, PY_STORE);
    if (e != NULL || p->error)
        return e;
    return star_atom(p);
}

static py_expr *
target_with_star_atom(parser *p)
{
    return memoized(p, MEMO_TARGET_WITH_STAR_ATOM, target_with_star_atom_raw,
                    true);
}

/* star_target (memo): '*' (!'*' star_target) | target_with_star_atom */
static py_expr *
star_target_raw(parser *p)
{
    size_t start = p->pos;
    if (expect(p, PY_TK_STAR)) {
        if (peek_kind(p) != PY_TK_STAR) {
            py_expr *a = star_target(p);
            if (a != NULL)
                return starred(p, set_ctx(p, a, PY_STORE), PY_STORE,
                               pos_from(p, start));
        }
        if (p->error)
            return NULL;
        p->pos = start;
        return NULL;
    }
    return target_with_star_atom(p);
}

static py_expr *
star_target(parser *p)
{
    return memoized(p, MEMO_STAR_TARGET, star_target_raw, true);
}

/* star_targets: star_target !',' | star_target (',' star_target)* [','] */
static py_expr *
star_targets(parser *p)
{
    size_t start = p->pos;
    py_expr *a = star_target(p);
    if (a == NULL)
        return NULL;
    if (peek_kind(p) != PY_TK_COMMA)
        return a;
    p->pos = start;
    py_seq *s = star_target_seq(p, false);
    if (s == NULL)
        return NULL;
    return tuple_expr(p, s, PY_STORE, pos_from(p, start));
}

/* single_target: single_subscript_attribute_target | NAME
 *              | '(' single_target ')' */
static py_expr *
single_target(parser *p)
{
    size_t start = p->pos;
    py_expr *e = subscript_attribute_target(p, PY_STORE);
    if (e != NULL || p->error)
        return e;
    py_token *n = expect(p, PY_TK_NAME);
    if (n != NULL)
        return name_expr(p, n, PY_STORE);
    if (expect(p, PY_TK_LPAR)) {
        if (!enter(p))
            return NULL;
        e = single_target(p);
        leave(p);
        if (e != NULL && expect(p, PY_TK_RPAR))
            return e;
    }
    p->pos = start;
    return NULL;
}

static py_seq *del_targets(parser *p);

/* del_t_atom: NAME | '(' del_target ')' | '(' [del_targets] ')'
 *           | '[' [del_targets] ']'
 * del_target (memo): the attribute and subscript targets | del_t_atom */
static py_expr *del_target(parser *p);

static py_expr *
del_target_raw(parser *p)
{
    size_t start = p->pos;
    py_expr *e = subscript_attribute_target(p, PY_DEL);
    if (e != NULL || p->error)
        return e;
    py_token *n = expect(p, PY_TK_NAME);
    if (n != NULL)
        return name_expr(p, n, PY_DEL);
    int open = peek_kind(p);
    if (open == PY_TK_LPAR) {
        p->pos++;
        py_expr *a = del_target(p);
        if (a != NULL && expect(p, PY_TK_RPAR))
            return set_ctx(p, a, PY_DEL);
        if (p->error)
            return NULL;
        p->pos = start + 1;
    }
    if (open == PY_TK_LPAR || open == PY_TK_LSQB) {
        if (open == PY_TK_LSQB)
            p->pos++;
        size_t mark = p->pos;
        py_seq *s = del_targets(p);
        if (s == NULL)
            p->pos = mark;
        int close = open == PY_TK_LPAR ? PY_TK_RPAR : PY_TK_RSQB;
        if (!p->error && expect(p, close))
            return open == PY_TK_LPAR
                   ? tuple_expr(p, s, PY_DEL, pos_from(p, start))
                   : list_expr(p, s, PY_DEL, pos_from(p, start));
    }
    p->pos = start;
    return NULL;
}

static py_expr *
del_target(parser *p)
{
    return memoized(p, MEMO_DEL_TARGET, del_target_raw, true);
}

/* del_targets: ','.del_target+ [','] */
static py_seq *
del_targets(parser *p)
{
    vec v = VEC_INIT;
    py_expr *a = del_target(p);
    if (a == NULL)
        return NULL;
    if (!vec_push(p, &v, a))
        return NULL;
    for (;;) {
        size_t mark = p->pos;
        if (!expect(p, PY_TK_COMMA))
            break;
        py_expr *b = del_target(p);
        if (b == NULL) {
            p->pos = mark;
            break;
        }
        if (!vec_push(p, &v, b))
            return NULL;
    }
    expect(p, PY_TK_COMMA);
    return vec_seq(p, &v);
}

/* ==========================================================================
 * Simple statements
 * ========================================================================== */

static py_seq *block(parser *p);
static py_seq *statements(parser *p);

/* &&kind: the token or "expected '...'" raised at the token found
 * (CPython's forced tokens). */
static py_token *
expect_forced(parser *p, int kind)
{
    py_token *t = peek(p);
    if (p->error)
        return NULL;
    if (t->kind != kind) {
        char msg[64];
        snprintf(msg, sizeof msg, "expected '%s'", py_tok_kind_text(kind));
        return raise_at_tok(p, t, t, msg);
    }
    p->pos++;
    return t;
}

/* annotated_rhs: yield_expr | star_expressions */
static py_expr *
annotated_rhs(parser *p)
{
    py_expr *e = yield_expr(p);
    if (e != NULL || p->error)
        return e;
    return star_expressions(p);
}

/* augassign: the operator of an augmented assignment, or -1. */
static int
augassign(parser *p)
{
    static const struct { int tok; py_operator op; } ops[] = {
        {PY_TK_PLUSEQUAL, PY_OP_ADD}, {PY_TK_MINEQUAL, PY_OP_SUB},
        {PY_TK_STAREQUAL, PY_OP_MULT}, {PY_TK_ATEQUAL, PY_OP_MATMULT},
        {PY_TK_SLASHEQUAL, PY_OP_DIV}, {PY_TK_PERCENTEQUAL, PY_OP_MOD},
        {PY_TK_AMPEREQUAL, PY_OP_BITAND}, {PY_TK_VBAREQUAL, PY_OP_BITOR},
        {PY_TK_CIRCUMFLEXEQUAL, PY_OP_BITXOR},
        {PY_TK_LEFTSHIFTEQUAL, PY_OP_LSHIFT},
        {PY_TK_RIGHTSHIFTEQUAL, PY_OP_RSHIFT},
        {PY_TK_DOUBLESTAREQUAL, PY_OP_POW},
        {PY_TK_DOUBLESLASHEQUAL, PY_OP_FLOORDIV},
    };
    int k = peek_kind(p);
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (ops[i].tok == k) {
            p->pos++;
            return (int)ops[i].op;
        }
    }
    return -1;
}

/* invalid_ann_assign_target: list | tuple | '(' invalid_ann_assign_target
 * ')' */
static py_expr *
invalid_ann_assign_target(parser *p)
{
    size_t start = p->pos;
    py_expr *e = list_rule(p);
    if (e != NULL || p->error)
        return e;
    e = tuple_rule(p);
    if (e != NULL || p->error)
        return e;
    if (expect(p, PY_TK_LPAR)) {
        if (!enter(p))
            return NULL;
        e = invalid_ann_assign_target(p);
        leave(p);
        if (e != NULL && expect(p, PY_TK_RPAR))
            return e;
    }
    p->pos = start;
    return NULL;
}

/* (star_targets '=')* */
static void
skip_star_targets_eq(parser *p)
{
    for (;;) {
        size_t mark = p->pos;
        if (star_targets(p) == NULL || !expect(p, PY_TK_EQUAL)) {
            p->pos = mark;
            return;
        }
    }
}

/* invalid_assignment (pass 2). */
static void
invalid_assignment(parser *p)
{
    size_t start = p->pos;
    char msg[120];
    py_expr *a = invalid_ann_assign_target(p);
    if (a != NULL && expect(p, PY_TK_COLON) && expression(p) != NULL) {
        snprintf(msg, sizeof msg, "only single target (not %s) can be "
                 "annotated", expr_name(a));
        raise_at_pos(p, &a->pos, &a->pos, msg);
        return;
    }
    if (p->error)
        return;
    p->pos = start;
    a = star_named_expression(p);
    if (a != NULL && expect(p, PY_TK_COMMA)) {
        for (;;) {
            size_t mark = p->pos;
            if (star_named_expressions(p) == NULL) {
                p->pos = mark;
                break;
            }
        }
        if (!p->error && expect(p, PY_TK_COLON) && expression(p) != NULL) {
            raise_at_pos(p, &a->pos, &a->pos, "only single target (not "
                         "tuple) can be annotated");
            return;
        }
    }
    if (p->error)
        return;
    p->pos = start;
    a = expression(p);
    if (a != NULL && expect(p, PY_TK_COLON) && expression(p) != NULL) {
        raise_at_pos(p, &a->pos, &a->pos, "illegal target for annotation");
        return;
    }
    if (p->error)
        return;
    p->pos = start;
    skip_star_targets_eq(p);
    a = star_expressions(p);
    if (a != NULL && expect(p, PY_TK_EQUAL)) {
        raise_invalid_target(p, STAR_TARGETS, a);
        if (p->error)
            return;
    }
    if (p->error)
        return;
    p->pos = start;
    skip_star_targets_eq(p);
    a = yield_expr(p);
    if (a != NULL && expect(p, PY_TK_EQUAL)) {
        raise_at_pos(p, &a->pos, &a->pos, "assignment to yield expression "
                     "not possible");
        return;
    }
    if (p->error)
        return;
    p->pos = start;
    a = star_expressions(p);
    if (a != NULL && augassign(p) >= 0 && annotated_rhs(p) != NULL) {
        snprintf(msg, sizeof msg, "'%s' is an illegal expression for "
                 "augmented assignment", expr_name(a));
        raise_at_pos(p, &a->pos, &a->pos, msg);
        return;
    }
    p->pos = start;
}

static py_stmt *
annassign(parser *p, py_expr *target, py_expr *ann, py_expr *value,
          int simple, size_t start)
{
    py_stmt *s = new_stmt(p, PY_S_ANNASSIGN, pos_from(p, start));
    if (s == NULL)
        return NULL;
    s->v.annassign.target = target;
    s->v.annassign.annotation = ann;
    s->v.annassign.value = value;
    s->v.annassign.simple = simple;
    return s;
}

/* ['=' annotated_rhs] */
static py_expr *
opt_eq_rhs(parser *p)
{
    size_t mark = p->pos;
    if (expect(p, PY_TK_EQUAL)) {
        py_expr *d = annotated_rhs(p);
        if (d != NULL)
            return d;
    }
    p->pos = mark;
    return NULL;
}

/* assignment (3.11): see the grammar; NULL when none matches. */
static py_stmt *
assignment(parser *p)
{
    size_t start = p->pos;
    /* NAME ':' expression ['=' annotated_rhs] */
    py_token *n = expect(p, PY_TK_NAME);
    if (n != NULL && expect(p, PY_TK_COLON)) {
        py_expr *b = expression(p);
        if (b != NULL) {
            py_expr *c = opt_eq_rhs(p);
            if (p->error)
                return NULL;
            return annassign(p, name_expr(p, n, PY_STORE), b, c, 1, start);
        }
    }
    if (p->error)
        return NULL;
    p->pos = start;
    /* ('(' single_target ')' | single_subscript_attribute_target) ':'
     * expression ['=' annotated_rhs] */
    py_expr *a = NULL;
    if (expect(p, PY_TK_LPAR)) {
        a = single_target(p);
        if (a == NULL || !expect(p, PY_TK_RPAR))
            a = NULL;
    }
    if (a == NULL && !p->error) {
        p->pos = start;
        a = subscript_attribute_target(p, PY_STORE);
    }
    if (a != NULL && expect(p, PY_TK_COLON)) {
        py_expr *b = expression(p);
        if (b != NULL) {
            py_expr *c = opt_eq_rhs(p);
            if (p->error)
                return NULL;
            return annassign(p, a, b, c, 0, start);
        }
    }
    if (p->error)
        return NULL;
    p->pos = start;
    /* (star_targets '=')+ (yield_expr | star_expressions) !'=' */
    vec targets = VEC_INIT;
    for (;;) {
        size_t mark = p->pos;
        py_expr *t = star_targets(p);
        if (t == NULL || !expect(p, PY_TK_EQUAL)) {
            p->pos = mark;
            break;
        }
        if (!vec_push(p, &targets, t))
            return NULL;
    }
    if (p->error)
        return NULL;
    if (targets.n > 0) {
        py_expr *b = annotated_rhs(p);
        if (b != NULL && peek_kind(p) != PY_TK_EQUAL && !p->error) {
            py_stmt *s = new_stmt(p, PY_S_ASSIGN, pos_from(p, start));
            if (s == NULL)
                return NULL;
            s->v.assign.targets = vec_seq(p, &targets);
            s->v.assign.value = b;
            return p->error ? NULL : s;
        }
        if (p->error)
            return NULL;
    }
    p->pos = start;
    /* single_target augassign ~ (yield_expr | star_expressions) */
    a = single_target(p);
    if (a != NULL) {
        int op = augassign(p);
        if (op >= 0) {
            py_expr *c = annotated_rhs(p);
            if (c == NULL) {
                p->pos = start;
                return NULL;            /* the cut */
            }
            py_stmt *s = new_stmt(p, PY_S_AUGASSIGN, pos_from(p, start));
            if (s == NULL)
                return NULL;
            s->v.augassign.target = a;
            s->v.augassign.op = (py_operator)op;
            s->v.augassign.value = c;
            return s;
        }
    }
    if (p->error)
        return NULL;
    p->pos = start;
    if (p->invalid)
        invalid_assignment(p);
    p->pos = start;
    return NULL;
}

/* dotted_name: NAME ('.' NAME)*, as one identifier. */
static oh_object *
dotted_name(parser *p)
{
    size_t start = p->pos;
    if (!expect(p, PY_TK_NAME))
        return NULL;
    for (;;) {
        size_t mark = p->pos;
        if (!expect(p, PY_TK_DOT) || !expect(p, PY_TK_NAME)) {
            p->pos = mark;
            break;
        }
    }
    if (p->error)
        return NULL;
    sbuf b = {NULL, 0, 0};
    for (size_t i = start; i < p->pos; i++) {
        const py_token *t = &p->toks[i];
        if (!sb_add(p, &b, t->start, (size_t)(t->end - t->start)))
            return NULL;
    }
    return identifier(p, b.data, b.len);
}

static py_alias *
new_alias(parser *p, oh_object *name, oh_object *asname, size_t start)
{
    py_alias *a = alloc(p, sizeof *a);
    if (a == NULL || name == NULL)
        return NULL;
    a->name = name;
    a->asname = asname;
    a->pos = pos_from(p, start);
    return a;
}

/* ['as' NAME] */
static oh_object *
opt_as_name(parser *p)
{
    size_t mark = p->pos;
    if (expect(p, PY_TK_AS)) {
        py_token *n = expect(p, PY_TK_NAME);
        if (n != NULL)
            return tok_identifier(p, n);
    }
    p->pos = mark;
    return NULL;
}

/* ','.X+ of aliases: X is dotted_as_name (dotted) or
 * import_from_as_name. */
static py_seq *
alias_list(parser *p, bool dotted)
{
    vec v = VEC_INIT;
    for (;;) {
        size_t mark = p->pos;
        if (v.n > 0 && !expect(p, PY_TK_COMMA))
            break;
        size_t start = p->pos;
        oh_object *name;
        if (dotted) {
            name = dotted_name(p);
        }
        else {
            py_token *n = expect(p, PY_TK_NAME);
            name = n ? tok_identifier(p, n) : NULL;
        }
        if (name == NULL) {
            p->pos = mark;
            break;
        }
        oh_object *asname = opt_as_name(p);
        if (!vec_push(p, &v, new_alias(p, name, asname, start)))
            return NULL;
    }
    if (v.n == 0 || p->error)
        return NULL;
    return vec_seq(p, &v);
}

/* import_name: 'import' dotted_as_names */
static py_stmt *
import_name(parser *p)
{
    size_t start = p->pos;
    if (!expect(p, PY_TK_IMPORT))
        return NULL;
    py_seq *names = alias_list(p, true);
    if (names == NULL) {
        p->pos = start;
        return NULL;
    }
    py_stmt *s = new_stmt(p, PY_S_IMPORT, pos_from(p, start));
    if (s != NULL)
        s->v.import.names = names;
    return s;
}

/* import_from_targets:
 *   '(' import_from_as_names [','] ')' | import_from_as_names !','
 *   | '*' | invalid_import_from_targets */
static py_seq *
import_from_targets(parser *p)
{
    size_t start = p->pos;
    if (expect(p, PY_TK_LPAR)) {
        py_seq *a = alias_list(p, false);
        if (a != NULL) {
            expect(p, PY_TK_COMMA);
            if (expect(p, PY_TK_RPAR))
                return a;
        }
        if (p->error)
            return NULL;
        p->pos = start;
    }
    py_seq *a = alias_list(p, false);
    if (a != NULL && peek_kind(p) != PY_TK_COMMA)
        return a;
    if (p->error)
        return NULL;
    p->pos = start;
    if (expect(p, PY_TK_STAR)) {
        oh_object *star = identifier(p, "*", 1);
        return seq1(p, new_alias(p, star, NULL, start));
    }
    if (p->invalid) {
        if (alias_list(p, false) != NULL && expect(p, PY_TK_COMMA)
            && expect(p, PY_TK_NEWLINE))
            return raise_last(p, SYNTAX_ERROR, "trailing comma not allowed "
                              "without surrounding parentheses");
    }
    p->pos = start;
    return NULL;
}

/* import_from:
 *   'from' ('.' | '...')* dotted_name 'import' import_from_targets
 *   | 'from' ('.' | '...')+ 'import' import_from_targets */
static py_stmt *
import_from(parser *p)
{
    size_t start = p->pos;
    if (!expect(p, PY_TK_FROM))
        return NULL;
    int level = 0;
    for (;;) {
        if (expect(p, PY_TK_DOT))
            level++;
        else if (expect(p, PY_TK_ELLIPSIS))
            level += 3;
        else
            break;
    }
    size_t after_dots = p->pos;
    oh_object *module = dotted_name(p);
    if (module == NULL) {
        if (p->error)
            return NULL;
        p->pos = after_dots;
        if (level == 0) {
            p->pos = start;
            return NULL;
        }
    }
    if (!expect(p, PY_TK_IMPORT)) {
        p->pos = start;
        return NULL;
    }
    py_seq *names = import_from_targets(p);
    if (names == NULL) {
        p->pos = start;
        return NULL;
    }
    py_stmt *s = new_stmt(p, PY_S_IMPORTFROM, pos_from(p, start));
    if (s == NULL)
        return NULL;
    s->v.importfrom.module = module;
    s->v.importfrom.names = names;
    s->v.importfrom.level = level;
    return s;
}

/* global_stmt / nonlocal_stmt: kw ','.NAME+ */
static py_stmt *
names_stmt(parser *p, int kw, py_stmt_kind kind)
{
    size_t start = p->pos;
    if (!expect(p, kw))
        return NULL;
    vec v = VEC_INIT;
    for (;;) {
        size_t mark = p->pos;
        if (v.n > 0 && !expect(p, PY_TK_COMMA))
            break;
        py_token *n = expect(p, PY_TK_NAME);
        if (n == NULL) {
            p->pos = mark;
            break;
        }
        if (!vec_push(p, &v, tok_identifier(p, n)))
            return NULL;
    }
    if (v.n == 0 || p->error) {
        p->pos = start;
        return NULL;
    }
    py_stmt *s = new_stmt(p, kind, pos_from(p, start));
    if (s == NULL)
        return NULL;
    s->v.global.names = vec_seq(p, &v);
    return p->error ? NULL : s;
}

/* The statements that begin with their own keyword. */
static py_stmt *
keyword_stmt(parser *p, int k)
{
    size_t start = p->pos;
    py_stmt *s;
    switch (k) {
    case PY_TK_RETURN: {
        p->pos++;
        size_t mark = p->pos;
        py_expr *a = star_expressions(p);
        if (a == NULL)
            p->pos = mark;
        s = new_stmt(p, PY_S_RETURN, pos_from(p, start));
        if (s != NULL)
            s->v.return_.value = a;
        return s;
    }
    case PY_TK_IMPORT:
        return import_name(p);
    case PY_TK_FROM:
        return import_from(p);
    case PY_TK_RAISE: {
        p->pos++;
        py_expr *a = expression(p), *b = NULL;
        if (a != NULL) {
            size_t mark = p->pos;
            if (expect(p, PY_TK_FROM)) {
                b = expression(p);
                if (b == NULL)
                    p->pos = mark;
            }
        }
        else {
            p->pos = start + 1;
        }
        s = new_stmt(p, PY_S_RAISE, pos_from(p, start));
        if (s != NULL) {
            s->v.raise.exc = a;
            s->v.raise.cause = b;
        }
        return s;
    }
    case PY_TK_PASS:
    case PY_TK_BREAK:
    case PY_TK_CONTINUE:
        p->pos++;
        return new_stmt(p, k == PY_TK_PASS ? PY_S_PASS
                           : k == PY_TK_BREAK ? PY_S_BREAK : PY_S_CONTINUE,
                        pos_from(p, start));
    case PY_TK_DEL: {
        p->pos++;
        py_seq *a = del_targets(p);
        if (a != NULL) {
            int n = peek_kind(p);
            if (n == PY_TK_SEMI || n == PY_TK_NEWLINE) {
                s = new_stmt(p, PY_S_DELETE, pos_from(p, start));
                if (s != NULL)
                    s->v.delete_.targets = a;
                return s;
            }
        }
        if (p->error)
            return NULL;
        p->pos = start;
        if (p->invalid) {
            p->pos++;
            py_expr *e = star_expressions(p);
            if (e != NULL)
                raise_invalid_target(p, DEL_TARGETS, e);
        }
        p->pos = start;
        return NULL;
    }
    case PY_TK_YIELD: {
        if (p->invalid) {
            /* invalid_assignment: yield_expr '=' */
            py_expr *a = yield_expr(p);
            if (a != NULL && expect(p, PY_TK_EQUAL))
                return raise_at_pos(p, &a->pos, &a->pos, "assignment to "
                                    "yield expression not possible");
            if (p->error)
                return NULL;
            p->pos = start;
        }
        py_expr *y = yield_expr(p);
        if (y == NULL)
            return NULL;
        s = new_stmt(p, PY_S_EXPR, pos_from(p, start));
        if (s != NULL)
            s->v.expr.value = y;
        return s;
    }
    case PY_TK_ASSERT: {
        p->pos++;
        py_expr *a = expression(p), *b = NULL;
        if (a == NULL) {
            p->pos = start;
            return NULL;
        }
        size_t mark = p->pos;
        if (expect(p, PY_TK_COMMA)) {
            b = expression(p);
            if (b == NULL)
                p->pos = mark;
        }
        s = new_stmt(p, PY_S_ASSERT, pos_from(p, start));
        if (s != NULL) {
            s->v.assert_.test = a;
            s->v.assert_.msg = b;
        }
        return s;
    }
    case PY_TK_GLOBAL:
        return names_stmt(p, PY_TK_GLOBAL, PY_S_GLOBAL);
    case PY_TK_NONLOCAL:
        return names_stmt(p, PY_TK_NONLOCAL, PY_S_NONLOCAL);
    default:
        return NULL;
    }
}

/* simple_stmt (memo) */
static py_stmt *
simple_stmt_raw(parser *p)
{
    size_t start = p->pos;
    int k = peek_kind(p);
    switch (k) {
    case PY_TK_RETURN: case PY_TK_IMPORT: case PY_TK_FROM: case PY_TK_RAISE:
    case PY_TK_PASS: case PY_TK_DEL: case PY_TK_YIELD: case PY_TK_ASSERT:
    case PY_TK_BREAK: case PY_TK_CONTINUE: case PY_TK_GLOBAL:
    case PY_TK_NONLOCAL:
        return keyword_stmt(p, k);
    default:
        break;
    }
    py_stmt *s = assignment(p);
    if (s != NULL || p->error)
        return s;
    p->pos = start;
    py_expr *e = star_expressions(p);
    if (e == NULL)
        return NULL;
    s = new_stmt(p, PY_S_EXPR, pos_from(p, start));
    if (s != NULL)
        s->v.expr.value = e;
    return s;
}

static py_stmt *
simple_stmt(parser *p)
{
    if (p->error)
        return NULL;
    void *r;
    if (memo_get(p, MEMO_SIMPLE_STMT, &r))
        return r;
    size_t mark = p->pos;
    py_stmt *s = simple_stmt_raw(p);
    if (p->error)
        return NULL;
    if (s == NULL)
        p->pos = mark;
    memo_put(p, mark, MEMO_SIMPLE_STMT, s);
    return s;
}

/* simple_stmts: simple_stmt !';' NEWLINE
 *             | ';'.simple_stmt+ [';'] NEWLINE
 * The statements are appended to out. */
static bool
simple_stmts(parser *p, vec *out)
{
    size_t start = p->pos;
    size_t n0 = out->n;
    py_stmt *a = simple_stmt(p);
    if (a == NULL)
        return false;
    if (peek_kind(p) != PY_TK_SEMI && expect(p, PY_TK_NEWLINE))
        return vec_push(p, out, a);
    if (p->error)
        return false;
    p->pos = start;
    for (;;) {
        size_t mark = p->pos;
        if (out->n > n0 && !expect(p, PY_TK_SEMI))
            break;
        py_stmt *s = simple_stmt(p);
        if (s == NULL) {
            p->pos = mark;
            break;
        }
        if (!vec_push(p, out, s))
            return false;
    }
    if (p->error)
        return false;
    expect(p, PY_TK_SEMI);
    if (expect(p, PY_TK_NEWLINE))
        return true;
    out->n = n0;
    p->pos = start;
    return false;
}

/* ==========================================================================
 * Compound statements
 * ========================================================================== */

/* block (memo): NEWLINE INDENT statements DEDENT | simple_stmts
 *             | invalid_block */
static py_seq *
block_raw(parser *p)
{
    size_t start = p->pos;
    if (expect(p, PY_TK_NEWLINE) && expect(p, PY_TK_INDENT)) {
        py_seq *a = statements(p);
        if (a != NULL && expect(p, PY_TK_DEDENT))
            return a;
    }
    if (p->error)
        return NULL;
    p->pos = start;
    vec v = VEC_INIT;
    if (simple_stmts(p, &v))
        return vec_seq(p, &v);
    if (p->error)
        return NULL;
    p->pos = start;
    if (p->invalid && expect(p, PY_TK_NEWLINE)
        && peek_kind(p) != PY_TK_INDENT)
        return raise_last(p, PY_EXC(IndentationError),
                          "expected an indented block");
    p->pos = start;
    return NULL;
}

static py_seq *
block(parser *p)
{
    if (p->error)
        return NULL;
    void *r;
    if (memo_get(p, MEMO_BLOCK, &r))
        return r;
    size_t mark = p->pos;
    if (!enter(p))
        return NULL;
    py_seq *s = block_raw(p);
    leave(p);
    if (p->error)
        return NULL;
    if (s == NULL)
        p->pos = mark;
    memo_put(p, mark, MEMO_BLOCK, s);
    return s;
}

/* "expected an indented block after ... on line N": the header ended
 * with ':' NEWLINE and no INDENT follows.  true if raised. */
static bool
no_indent_after(parser *p, const char *what, int lineno)
{
    if (expect(p, PY_TK_NEWLINE) && peek_kind(p) != PY_TK_INDENT
        && !p->error) {
        char msg[120];
        snprintf(msg, sizeof msg, "expected an indented block after %s on "
                 "line %d", what, lineno);
        raise_last(p, PY_EXC(IndentationError), msg);
        return true;
    }
    return p->error;
}

/* The invalid_if_stmt pattern, for if/elif/while:
 *   kw named_expression NEWLINE                   -> "expected ':'"
 *   kw named_expression ':' NEWLINE !INDENT       -> IndentationError */
static bool
invalid_cond_stmt(parser *p, int kw, const char *what)
{
    size_t start = p->pos;
    if (expect(p, kw)) {
        py_expr *a = named_expression(p);
        if (a != NULL && expect(p, PY_TK_NEWLINE)) {
            raise_last(p, SYNTAX_ERROR, "expected ':'");
            return true;
        }
        if (p->error)
            return true;
        p->pos = start + 1;
        a = named_expression(p);
        if (a != NULL && expect(p, PY_TK_COLON)
            && no_indent_after(p, what, a->pos.lineno))
            return true;
    }
    p->pos = start;
    return p->error;
}

/* else_block: invalid_else_stmt | 'else' &&':' block */
static py_seq *
else_block(parser *p)
{
    size_t start = p->pos;
    if (p->invalid) {
        py_token *e = expect(p, PY_TK_ELSE);
        if (e != NULL && expect(p, PY_TK_COLON)
            && no_indent_after(p, "'else' statement", e->lineno))
            return NULL;
        if (p->error)
            return NULL;
        p->pos = start;
    }
    if (!expect(p, PY_TK_ELSE))
        return NULL;
    if (!expect_forced(p, PY_TK_COLON))
        return NULL;
    py_seq *b = block(p);
    if (b == NULL)
        p->pos = start;
    return b;
}

/* if_stmt / elif_stmt:
 *   invalid_if_stmt
 *   | kw named_expression ':' block elif_stmt
 *   | kw named_expression ':' block [else_block] */
static py_stmt *
if_rule(parser *p, int kw)
{
    size_t start = p->pos;
    if (p->invalid
        && invalid_cond_stmt(p, kw, kw == PY_TK_IF ? "'if' statement"
                                                     : "'elif' statement"))
        return NULL;
    if (!expect(p, kw))
        return NULL;
    py_expr *a = named_expression(p);
    if (a == NULL || !expect(p, PY_TK_COLON)) {
        p->pos = start;
        return NULL;
    }
    py_seq *b = block(p);
    if (b == NULL) {
        p->pos = start;
        return NULL;
    }
    py_seq *orelse = NULL;
    size_t mark = p->pos;
    if (peek_kind(p) == PY_TK_ELIF) {
        if (!enter(p))
            return NULL;
        py_stmt *c = if_rule(p, PY_TK_ELIF);
        leave(p);
        if (c != NULL)
            orelse = seq1(p, c);
        else if (p->error)
            return NULL;
        else
            p->pos = mark;
    }
    if (orelse == NULL) {
        orelse = else_block(p);
        if (orelse == NULL) {
            if (p->error)
                return NULL;
            p->pos = mark;
            orelse = seq_empty(p);
        }
    }
    py_stmt *s = new_stmt(p, PY_S_IF, pos_from(p, start));
    if (s == NULL || orelse == NULL)
        return NULL;
    s->v.if_.test = a;
    s->v.if_.body = b;
    s->v.if_.orelse = orelse;
    return s;
}

/* while_stmt: invalid_while_stmt
 *           | 'while' named_expression ':' block [else_block] */
static py_stmt *
while_stmt(parser *p)
{
    size_t start = p->pos;
    if (p->invalid && invalid_cond_stmt(p, PY_TK_WHILE, "'while' statement"))
        return NULL;
    if (!expect(p, PY_TK_WHILE))
        return NULL;
    py_expr *a = named_expression(p);
    if (a == NULL || !expect(p, PY_TK_COLON)) {
        p->pos = start;
        return NULL;
    }
    py_seq *b = block(p);
    if (b == NULL) {
        p->pos = start;
        return NULL;
    }
    size_t mark = p->pos;
    py_seq *c = else_block(p);
    if (c == NULL) {
        if (p->error)
            return NULL;
        p->pos = mark;
        c = seq_empty(p);
    }
    py_stmt *s = new_stmt(p, PY_S_WHILE, pos_from(p, start));
    if (s == NULL || c == NULL)
        return NULL;
    s->v.while_.test = a;
    s->v.while_.body = b;
    s->v.while_.orelse = c;
    return s;
}

/* for_stmt:
 *   invalid_for_stmt
 *   | 'for' star_targets 'in' ~ star_expressions ':' block [else_block]
 *   | invalid_for_target */
static py_stmt *
for_stmt(parser *p)
{
    size_t start = p->pos;
    if (p->invalid) {
        py_token *f = expect(p, PY_TK_FOR);
        if (f != NULL && star_targets(p) != NULL && expect(p, PY_TK_IN)
            && star_expressions(p) != NULL) {
            size_t mark = p->pos;
            if (expect(p, PY_TK_NEWLINE))
                return raise_last(p, SYNTAX_ERROR, "expected ':'");
            p->pos = mark;
            if (expect(p, PY_TK_COLON)
                && no_indent_after(p, "'for' statement", f->lineno))
                return NULL;
        }
        if (p->error)
            return NULL;
        p->pos = start;
    }
    if (expect(p, PY_TK_FOR)) {
        py_expr *t = star_targets(p);
        if (t != NULL && expect(p, PY_TK_IN)) {
            py_expr *ex = star_expressions(p);
            if (ex == NULL || !expect(p, PY_TK_COLON)) {
                p->pos = start;
                return NULL;            /* the cut */
            }
            py_seq *b = block(p);
            if (b == NULL) {
                p->pos = start;
                return NULL;
            }
            size_t mark = p->pos;
            py_seq *el = else_block(p);
            if (el == NULL) {
                if (p->error)
                    return NULL;
                p->pos = mark;
                el = seq_empty(p);
            }
            py_stmt *s = new_stmt(p, PY_S_FOR, pos_from(p, start));
            if (s == NULL || el == NULL)
                return NULL;
            s->v.for_.target = t;
            s->v.for_.iter = ex;
            s->v.for_.body = b;
            s->v.for_.orelse = el;
            return s;
        }
        if (p->error)
            return NULL;
        p->pos = start;
    }
    if (p->invalid && expect(p, PY_TK_FOR)) {
        py_expr *a = star_expressions(p);
        if (a != NULL)
            raise_invalid_target(p, FOR_TARGETS, a);
    }
    p->pos = start;
    return NULL;
}

/* with_item: expression 'as' star_target &(',' | ')' | ':')
 *          | invalid_with_item | expression */
static py_withitem *
with_item(parser *p)
{
    size_t start = p->pos;
    py_expr *e = expression(p);
    if (e == NULL)
        return NULL;
    size_t mark = p->pos;
    if (expect(p, PY_TK_AS)) {
        py_expr *t = star_target(p);
        int k = peek_kind(p);
        if (t != NULL && (k == PY_TK_COMMA || k == PY_TK_RPAR
                          || k == PY_TK_COLON)) {
            py_withitem *w = alloc(p, sizeof *w);
            if (w == NULL)
                return NULL;
            w->context_expr = e;
            w->optional_vars = t;
            return w;
        }
        if (p->error)
            return NULL;
        if (p->invalid) {
            p->pos = mark + 1;
            py_expr *a = expression(p);
            k = peek_kind(p);
            if (a != NULL && (k == PY_TK_COMMA || k == PY_TK_RPAR
                              || k == PY_TK_COLON)) {
                raise_invalid_target(p, STAR_TARGETS, a);
                if (p->error)
                    return NULL;
            }
        }
    }
    if (p->error)
        return NULL;
    p->pos = mark;
    (void)start;
    py_withitem *w = alloc(p, sizeof *w);
    if (w == NULL)
        return NULL;
    w->context_expr = e;
    return w;
}

/* ','.with_item+ */
static py_seq *
with_items(parser *p)
{
    vec v = VEC_INIT;
    for (;;) {
        size_t mark = p->pos;
        if (v.n > 0 && !expect(p, PY_TK_COMMA))
            break;
        py_withitem *w = with_item(p);
        if (w == NULL) {
            p->pos = mark;
            break;
        }
        if (!vec_push(p, &v, w))
            return NULL;
    }
    if (v.n == 0 || p->error)
        return NULL;
    return vec_seq(p, &v);
}

/* ','.(expression ['as' star_target])+, or with expressions in place of
 * expression (the parenthesized forms of the invalid with rules). */
static bool
loose_with_items(parser *p, bool plural)
{
    size_t n = 0;
    for (;;) {
        size_t mark = p->pos;
        if (n > 0 && !expect(p, PY_TK_COMMA))
            break;
        py_expr *e = plural ? expressions(p) : expression(p);
        if (e == NULL) {
            p->pos = mark;
            break;
        }
        size_t m2 = p->pos;
        if (!expect(p, PY_TK_AS) || star_target(p) == NULL)
            p->pos = m2;
        n++;
    }
    return n > 0 && !p->error;
}

/* The invalid with rules: which == 0 for invalid_with_stmt_indent, 1 for
 * invalid_with_stmt.  true if an error was raised. */
static bool
invalid_with(parser *p, int which)
{
    size_t start = p->pos;
    for (int form = 0; form < 2; form++) {
        p->pos = start;
        py_token *w = expect(p, PY_TK_WITH);
        if (w == NULL)
            return false;
        bool ok;
        if (form == 0) {
            ok = loose_with_items(p, false);
        }
        else {
            ok = expect(p, PY_TK_LPAR) && loose_with_items(p, true);
            if (ok) {
                expect(p, PY_TK_COMMA);
                ok = expect(p, PY_TK_RPAR) != NULL;
            }
        }
        if (p->error)
            return true;
        if (!ok)
            continue;
        if (which == 0) {
            if (expect(p, PY_TK_COLON)
                && no_indent_after(p, "'with' statement", w->lineno))
                return true;
        }
        else if (expect(p, PY_TK_NEWLINE)) {
            raise_last(p, SYNTAX_ERROR, "expected ':'");
            return true;
        }
        if (p->error)
            return true;
    }
    p->pos = start;
    return false;
}

/* with_stmt:
 *   invalid_with_stmt_indent
 *   | 'with' '(' ','.with_item+ ','? ')' ':' block
 *   | 'with' ','.with_item+ ':' block
 *   | invalid_with_stmt */
static py_stmt *
with_stmt(parser *p)
{
    size_t start = p->pos;
    if (p->invalid && invalid_with(p, 0))
        return NULL;
    p->pos = start;
    for (int form = 0; form < 2; form++) {
        p->pos = start;
        if (!expect(p, PY_TK_WITH))
            return NULL;
        py_seq *items;
        if (form == 0) {
            if (!expect(p, PY_TK_LPAR))
                continue;
            items = with_items(p);
            if (items == NULL)
                continue;
            expect(p, PY_TK_COMMA);
            if (!expect(p, PY_TK_RPAR))
                continue;
        }
        else {
            items = with_items(p);
            if (items == NULL)
                continue;
        }
        if (!expect(p, PY_TK_COLON))
            continue;
        py_seq *b = block(p);
        if (b == NULL)
            continue;
        py_stmt *s = new_stmt(p, PY_S_WITH, pos_from(p, start));
        if (s == NULL)
            return NULL;
        s->v.with.items = items;
        s->v.with.body = b;
        return s;
    }
    if (p->error)
        return NULL;
    p->pos = start;
    if (p->invalid && invalid_with(p, 1))
        return NULL;
    p->pos = start;
    return NULL;
}

/* invalid_except_stmt (3.11).  true if raised. */
static bool
invalid_except_stmt(parser *p)
{
    size_t start = p->pos;
    if (!expect(p, PY_TK_EXCEPT))
        return false;
    expect(p, PY_TK_STAR);
    py_expr *a = expression(p);
    if (a != NULL && expect(p, PY_TK_COMMA) && expressions(p) != NULL) {
        size_t mark = p->pos;
        if (opt_as_name(p) == NULL)
            p->pos = mark;
        if (expect(p, PY_TK_COLON)) {
            raise_from(p, &a->pos, "multiple exception types must be "
                       "parenthesized");
            return true;
        }
    }
    if (p->error)
        return true;
    p->pos = start + 1;
    expect(p, PY_TK_STAR);
    if (expression(p) != NULL) {
        size_t mark = p->pos;
        if (opt_as_name(p) == NULL)
            p->pos = mark;
        if (expect(p, PY_TK_NEWLINE)) {
            raise_last(p, SYNTAX_ERROR, "expected ':'");
            return true;
        }
    }
    if (p->error)
        return true;
    p->pos = start + 1;
    if (expect(p, PY_TK_NEWLINE)) {
        raise_last(p, SYNTAX_ERROR, "expected ':'");
        return true;
    }
    p->pos = start + 1;
    if (expect(p, PY_TK_STAR)) {
        int k = peek_kind(p);
        if (k == PY_TK_NEWLINE || k == PY_TK_COLON) {
            p->pos++;
            raise_last(p, SYNTAX_ERROR, "expected one or more exception "
                       "types");
            return true;
        }
    }
    p->pos = start;
    return p->error;
}

/* except_block (star false):
 *   invalid_except_stmt_indent
 *   | 'except' expression ['as' NAME] ':' block | 'except' ':' block
 *   | invalid_except_stmt
 * except_star_block (star true):
 *   invalid_except_star_stmt_indent
 *   | 'except' '*' expression ['as' NAME] ':' block | invalid_except_stmt
 * except* is parsed, then refused (PA8). */
static py_excepthandler *
except_block(parser *p, bool star)
{
    size_t start = p->pos;
    py_token *kw = peek(p);
    if (kw->kind != PY_TK_EXCEPT)
        return NULL;
    size_t after = start + 1;
    py_token *st = NULL;
    if (star) {
        st = peek_at(p, 1);
        if (st->kind != PY_TK_STAR)
            return NULL;
        after = start + 2;
    }
    const char *what = star ? "'except*' statement" : "'except' statement";
    if (p->invalid) {
        p->pos = after;
        py_expr *a = expression(p);
        if (a != NULL) {
            size_t mark = p->pos;
            if (opt_as_name(p) == NULL)
                p->pos = mark;
            if (expect(p, PY_TK_COLON)
                && no_indent_after(p, what, kw->lineno))
                return NULL;
        }
        if (p->error)
            return NULL;
        if (!star) {
            p->pos = after;
            if (expect(p, PY_TK_COLON)
                && no_indent_after(p, what, kw->lineno))
                return NULL;
        }
        p->pos = start;
    }
    p->pos = after;
    py_expr *type = expression(p);
    oh_object *name = NULL;
    if (type != NULL) {
        size_t mark = p->pos;
        name = opt_as_name(p);
        if (name == NULL)
            p->pos = mark;
    }
    if (p->error)
        return NULL;
    if ((type != NULL || !star) && expect(p, PY_TK_COLON)) {
        py_seq *b = block(p);
        if (b != NULL) {
            py_excepthandler *h = alloc(p, sizeof *h);
            if (h == NULL)
                return NULL;
            h->type = type;
            h->name = name;
            h->body = b;
            h->pos = pos_from(p, start);
            if (star)
                note_unsupported(p, st, "'except*' is not supported");
            return h;
        }
    }
    if (p->error)
        return NULL;
    p->pos = start;
    if (p->invalid && invalid_except_stmt(p))
        return NULL;
    p->pos = start;
    return NULL;
}

/* finally_block: invalid_finally_stmt | 'finally' &&':' block */
static py_seq *
finally_block(parser *p)
{
    size_t start = p->pos;
    py_token *f = expect(p, PY_TK_FINALLY);
    if (f == NULL)
        return NULL;
    if (p->invalid) {
        if (expect(p, PY_TK_COLON)
            && no_indent_after(p, "'finally' statement", f->lineno))
            return NULL;
        if (p->error)
            return NULL;
        p->pos = start + 1;
    }
    if (!expect_forced(p, PY_TK_COLON))
        return NULL;
    py_seq *b = block(p);
    if (b == NULL)
        p->pos = start;
    return b;
}

/* try_stmt:
 *   invalid_try_stmt
 *   | 'try' &&':' block finally_block
 *   | 'try' &&':' block except_block+ [else_block] [finally_block] */
static py_stmt *
try_stmt(parser *p)
{
    size_t start = p->pos;
    py_token *kw = peek(p);
    if (p->invalid) {
        p->pos++;
        if (expect(p, PY_TK_COLON)) {
            size_t mark = p->pos;
            if (no_indent_after(p, "'try' statement", kw->lineno))
                return NULL;
            p->pos = mark;
            if (block(p) != NULL) {
                int k = peek_kind(p);
                if (k != PY_TK_EXCEPT && k != PY_TK_FINALLY)
                    return raise_last(p, SYNTAX_ERROR, "expected 'except' or "
                                      "'finally' block");
                /* block* except_block+ 'except' '*' ... */
                size_t after_block = p->pos;
                size_t n = 0;
                while (except_block(p, false) != NULL)
                    n++;
                if (p->error)
                    return NULL;
                if (n == 0) {
                    /* block* except_star_block+ 'except' [expression
                     * ['as' NAME]] ':' */
                    p->pos = after_block;
                    while (except_block(p, true) != NULL)
                        n++;
                    if (p->error)
                        return NULL;
                    py_token *e = peek(p);
                    if (n > 0 && e->kind == PY_TK_EXCEPT) {
                        p->pos++;
                        if (expression(p) != NULL) {
                            size_t m2 = p->pos;
                            if (opt_as_name(p) == NULL)
                                p->pos = m2;
                        }
                        if (expect(p, PY_TK_COLON))
                            return raise_at_tok(p, e, e, "cannot have both "
                                                "'except' and 'except*' on "
                                                "the same 'try'");
                    }
                    n = 0;
                }
                py_token *e = peek(p);
                if (n > 0 && e->kind == PY_TK_EXCEPT) {
                    p->pos++;
                    py_token *star = expect(p, PY_TK_STAR);
                    if (star != NULL && expression(p) != NULL) {
                        size_t m2 = p->pos;
                        if (opt_as_name(p) == NULL)
                            p->pos = m2;
                        if (expect(p, PY_TK_COLON))
                            return raise_at_tok(p, e, star, "cannot have "
                                                "both 'except' and "
                                                "'except*' on the same "
                                                "'try'");
                    }
                }
            }
        }
        if (p->error)
            return NULL;
        p->pos = start;
    }
    if (!expect(p, PY_TK_TRY))
        return NULL;
    if (!expect_forced(p, PY_TK_COLON))
        return NULL;
    py_seq *b = block(p);
    if (b == NULL) {
        p->pos = start;
        return NULL;
    }
    size_t after_block = p->pos;
    py_seq *fin = finally_block(p);
    if (fin != NULL) {
        py_stmt *s = new_stmt(p, PY_S_TRY, pos_from(p, start));
        if (s == NULL)
            return NULL;
        s->v.try_.body = b;
        s->v.try_.handlers = seq_empty(p);
        s->v.try_.orelse = seq_empty(p);
        s->v.try_.finalbody = fin;
        return p->error ? NULL : s;
    }
    if (p->error)
        return NULL;
    p->pos = after_block;
    vec handlers = VEC_INIT;
    for (int star = 0; star < 2 && handlers.n == 0; star++) {
        p->pos = after_block;
        for (;;) {
            py_excepthandler *h = except_block(p, star);
            if (h == NULL)
                break;
            if (!vec_push(p, &handlers, h))
                return NULL;
        }
        if (p->error)
            return NULL;
    }
    if (handlers.n == 0) {
        p->pos = start;
        return NULL;
    }
    size_t mark = p->pos;
    py_seq *el = else_block(p);
    if (el == NULL) {
        if (p->error)
            return NULL;
        p->pos = mark;
        el = seq_empty(p);
    }
    mark = p->pos;
    fin = finally_block(p);
    if (fin == NULL) {
        if (p->error)
            return NULL;
        p->pos = mark;
        fin = seq_empty(p);
    }
    py_stmt *s = new_stmt(p, PY_S_TRY, pos_from(p, start));
    if (s == NULL)
        return NULL;
    s->v.try_.body = b;
    s->v.try_.handlers = vec_seq(p, &handlers);
    s->v.try_.orelse = el;
    s->v.try_.finalbody = fin;
    return p->error ? NULL : s;
}

/* decorators: ('@' named_expression NEWLINE)+ */
static bool
decorators(parser *p, vec *out)
{
    for (;;) {
        size_t mark = p->pos;
        if (!expect(p, PY_TK_AT))
            break;
        py_expr *f = named_expression(p);
        if (f == NULL || !expect(p, PY_TK_NEWLINE)) {
            p->pos = mark;
            break;
        }
        if (!vec_push(p, out, f))
            return false;
    }
    return out->n > 0 && !p->error;
}

/* function_def_raw:
 *   invalid_def_raw
 *   | 'def' NAME &&'(' [params] ')' ['->' expression] &&':' block */
static py_stmt *
function_def_raw(parser *p)
{
    size_t start = p->pos;
    static const pctx fc = {false, PY_TK_RPAR};
    py_token *def = expect(p, PY_TK_DEF);
    if (def == NULL)
        return NULL;
    if (p->invalid) {
        if (expect(p, PY_TK_NAME) && expect(p, PY_TK_LPAR)) {
            size_t mark = p->pos;
            if (params(p, &fc) == NULL)
                p->pos = mark;
            if (!p->error && expect(p, PY_TK_RPAR)) {
                mark = p->pos;
                if (!expect(p, PY_TK_RARROW) || expression(p) == NULL)
                    p->pos = mark;
                if (!p->error && expect(p, PY_TK_COLON)
                    && no_indent_after(p, "function definition",
                                       def->lineno))
                    return NULL;
            }
        }
        if (p->error)
            return NULL;
        p->pos = start + 1;
    }
    py_token *n = expect(p, PY_TK_NAME);
    if (n == NULL) {
        p->pos = start;
        return NULL;
    }
    if (!expect_forced(p, PY_TK_LPAR))
        return NULL;
    size_t mark = p->pos;
    py_arguments *args = params(p, &fc);
    if (args == NULL) {
        if (p->error)
            return NULL;
        p->pos = mark;
        args = empty_arguments(p);
        if (args == NULL)
            return NULL;
    }
    if (!expect(p, PY_TK_RPAR)) {
        p->pos = start;
        return NULL;
    }
    py_expr *returns = NULL;
    mark = p->pos;
    if (expect(p, PY_TK_RARROW)) {
        returns = expression(p);
        if (returns == NULL)
            p->pos = mark;
    }
    if (p->error || !expect_forced(p, PY_TK_COLON))
        return NULL;
    py_seq *b = block(p);
    if (b == NULL) {
        p->pos = start;
        return NULL;
    }
    py_stmt *s = new_stmt(p, PY_S_FUNCTIONDEF, pos_from(p, start));
    if (s == NULL)
        return NULL;
    s->v.functiondef.name = tok_identifier(p, n);
    s->v.functiondef.args = args;
    s->v.functiondef.body = b;
    s->v.functiondef.decorator_list = seq_empty(p);
    s->v.functiondef.returns = returns;
    return p->error ? NULL : s;
}

/* class_def_raw:
 *   invalid_class_def_raw
 *   | 'class' NAME ['(' [arguments] ')'] ':' block */
static py_stmt *
class_def_raw(parser *p)
{
    size_t start = p->pos;
    py_token *kw = expect(p, PY_TK_CLASS);
    if (kw == NULL)
        return NULL;
    for (int pass = p->invalid ? 0 : 1; pass < 2; pass++) {
        p->pos = start + 1;
        py_token *n = expect(p, PY_TK_NAME);
        if (n == NULL) {
            p->pos = start;
            return NULL;
        }
        py_expr *args = NULL;
        size_t mark = p->pos;
        if (expect(p, PY_TK_LPAR)) {
            size_t m2 = p->pos;
            args = arguments(p);
            if (args == NULL)
                p->pos = m2;
            if (p->error)
                return NULL;
            if (!expect(p, PY_TK_RPAR)) {
                args = NULL;
                p->pos = mark;
            }
        }
        if (p->error)
            return NULL;
        if (pass == 0) {
            /* invalid_class_def_raw */
            mark = p->pos;
            if (expect(p, PY_TK_NEWLINE))
                return raise_last(p, SYNTAX_ERROR, "expected ':'");
            p->pos = mark;
            if (expect(p, PY_TK_COLON)
                && no_indent_after(p, "class definition", kw->lineno))
                return NULL;
            if (p->error)
                return NULL;
            continue;
        }
        if (!expect(p, PY_TK_COLON))
            break;
        py_seq *b = block(p);
        if (b == NULL)
            break;
        py_stmt *s = new_stmt(p, PY_S_CLASSDEF, pos_from(p, start));
        if (s == NULL)
            return NULL;
        s->v.classdef.name = tok_identifier(p, n);
        s->v.classdef.bases = args ? args->v.call.args : seq_empty(p);
        s->v.classdef.keywords = args ? args->v.call.keywords
                                      : seq_empty(p);
        s->v.classdef.body = b;
        s->v.classdef.decorator_list = seq_empty(p);
        return p->error ? NULL : s;
    }
    p->pos = start;
    return NULL;
}

/* function_def / class_def: [decorators] *_def_raw; the decorated
 * statement keeps the def's position, as in CPython. */
static py_stmt *
decorated(parser *p, bool is_class)
{
    size_t start = p->pos;
    vec decos = VEC_INIT;
    if (peek_kind(p) == PY_TK_AT) {
        if (!decorators(p, &decos)) {
            p->pos = start;
            return NULL;
        }
    }
    py_token *as = NULL;
    if (!is_class && peek_kind(p) == PY_TK_ASYNC
        && peek_at(p, 1)->kind == PY_TK_DEF) {
        as = peek(p);
        p->pos++;
    }
    py_stmt *s = is_class ? class_def_raw(p) : function_def_raw(p);
    if (s == NULL) {
        p->pos = start;
        return NULL;
    }
    if (as != NULL) {
        /* async def: parsed, refused later (PA8); it starts at 'async'. */
        note_unsupported(p, as, "'async' is not supported");
        s->pos.lineno = as->lineno;
        s->pos.col_offset = as->col;
    }
    if (decos.n > 0) {
        py_stmt *d = new_stmt(p, s->kind, s->pos);
        if (d == NULL)
            return NULL;
        d->v = s->v;
        py_seq *dl = vec_seq(p, &decos);
        if (is_class)
            d->v.classdef.decorator_list = dl;
        else
            d->v.functiondef.decorator_list = dl;
        s = dl ? d : NULL;
    }
    return s;
}

/* match_stmt, recognised to be refused: pattern matching is not
 * supported.  Its block is skipped (every token looked at, as CPython's
 * parser would) and a Pass stands in, so that a syntax error further on
 * is still reported as CPython reports it; the statement is refused
 * once the parse succeeds (PA8).  CPython's invalid_match_stmt message
 * is kept for "match x" without ':'. */
static py_stmt *
match_stmt(parser *p)
{
    size_t start = p->pos;
    py_token *m = peek(p);
    if (m->kind != PY_TK_NAME || !tok_is(m, "match"))
        return NULL;
    p->pos++;
    /* subject_expr: star_named_expression ',' star_named_expressions?
     *             | named_expression */
    py_expr *subject = star_named_expression(p);
    if (subject != NULL && expect(p, PY_TK_COMMA)) {
        size_t mark = p->pos;
        if (star_named_expressions(p) == NULL)
            p->pos = mark;
    }
    else {
        p->pos = start + 1;
        subject = named_expression(p);
    }
    if (subject != NULL && !p->error) {
        size_t mark = p->pos;
        if (expect(p, PY_TK_COLON) && expect(p, PY_TK_NEWLINE)
            && expect(p, PY_TK_INDENT)) {
            for (int depth = 1; depth > 0; p->pos++) {
                int k = peek_kind(p);
                if (p->error)
                    return NULL;
                if (k == PY_TK_ENDMARKER || k == PY_TK_ERRORTOKEN) {
                    p->pos = start;
                    return NULL;
                }
                depth += k == PY_TK_INDENT ? 1 : k == PY_TK_DEDENT ? -1 : 0;
            }
            note_unsupported(p, m, "'match' statements are not supported");
            return new_stmt(p, PY_S_PASS, pos_from(p, start));
        }
        if (p->error)
            return NULL;
        p->pos = mark;
        if (p->invalid) {
            /* invalid_match_stmt */
            if (expect(p, PY_TK_NEWLINE))
                return raise_last(p, SYNTAX_ERROR, "expected ':'");
            p->pos = mark;
            if (expect(p, PY_TK_COLON)
                && no_indent_after(p, "'match' statement", m->lineno))
                return NULL;
        }
    }
    p->pos = start;
    return NULL;
}

/* compound_stmt */
static py_stmt *
compound_stmt(parser *p)
{
    int k = peek_kind(p);
    py_stmt *s = NULL;
    switch (k) {
    case PY_TK_ASYNC: {
        /* async def, async with, async for: parsed, refused later
         * (PA8). */
        size_t start = p->pos;
        py_token *as = peek(p);
        int k2 = peek_at(p, 1)->kind;
        if (k2 == PY_TK_DEF)
            return decorated(p, false);
        if (k2 != PY_TK_WITH && k2 != PY_TK_FOR)
            return NULL;
        p->pos++;
        s = k2 == PY_TK_WITH ? with_stmt(p) : for_stmt(p);
        if (s == NULL) {
            if (!p->error)
                p->pos = start;
            return NULL;
        }
        note_unsupported(p, as, "'async' is not supported");
        s->pos.lineno = as->lineno;
        s->pos.col_offset = as->col;
        return s;
    }
    case PY_TK_DEF:
    case PY_TK_AT:
        s = decorated(p, false);
        if (s != NULL || p->error || k == PY_TK_DEF)
            return s;
        return decorated(p, true);
    case PY_TK_IF:
        return if_rule(p, PY_TK_IF);
    case PY_TK_CLASS:
        return decorated(p, true);
    case PY_TK_WITH:
        return with_stmt(p);
    case PY_TK_FOR:
        return for_stmt(p);
    case PY_TK_TRY:
        return try_stmt(p);
    case PY_TK_WHILE:
        return while_stmt(p);
    case PY_TK_NAME:
        return match_stmt(p);
    default:
        return NULL;
    }
}

/* statement: compound_stmt | simple_stmts, appended to out. */
static bool
statement(parser *p, vec *out)
{
    if (!enter(p))
        return false;
    py_stmt *s = compound_stmt(p);
    leave(p);
    if (s != NULL)
        return vec_push(p, out, s);
    if (p->error)
        return false;
    return simple_stmts(p, out);
}

/* statements: statement+ */
static py_seq *
statements(parser *p)
{
    vec v = VEC_INIT;
    while (statement(p, &v)) {
    }
    if (v.n == 0 || p->error)
        return NULL;
    return vec_seq(p, &v);
}

/* ==========================================================================
 * Start rules, the two passes, and py_parse
 * ========================================================================== */

/* file: [statements] ENDMARKER */
static void *
file_rule(parser *p)
{
    py_seq *a = statements(p);
    if (p->error)
        return NULL;
    if (a == NULL) {
        p->pos = 0;
        a = seq_empty(p);
    }
    if (!expect(p, PY_TK_ENDMARKER))
        return NULL;
    return a;
}

/* interactive: statement_newline
 *   compound_stmt NEWLINE | simple_stmts | NEWLINE | ENDMARKER */
static void *
interactive_rule(parser *p)
{
    vec v = VEC_INIT;
    py_stmt *s = compound_stmt(p);
    if (s != NULL && expect(p, PY_TK_NEWLINE)) {
        vec_push(p, &v, s);
        return vec_seq(p, &v);
    }
    if (p->error)
        return NULL;
    p->pos = 0;
    if (simple_stmts(p, &v))
        return vec_seq(p, &v);
    if (p->error)
        return NULL;
    p->pos = 0;
    py_token *t = expect(p, PY_TK_NEWLINE);
    if (t != NULL) {
        py_stmt *pass = new_stmt(p, PY_S_PASS, tok_pos(t));
        return pass ? seq1(p, pass) : NULL;
    }
    return NULL;
}

/* eval: expressions NEWLINE* ENDMARKER */
static void *
eval_rule(parser *p)
{
    py_expr *e = expressions(p);
    if (e == NULL)
        return NULL;
    while (expect(p, PY_TK_NEWLINE)) {
    }
    if (!expect(p, PY_TK_ENDMARKER))
        return NULL;
    return e;
}

static void *
run_rule(parser *p)
{
    p->pos = 0;
    switch (p->mode) {
    case PY_MODE_EXEC:
        return file_rule(p);
    case PY_MODE_SINGLE:
        return interactive_rule(p);
    case PY_MODE_EVAL:
        return eval_rule(p);
    default:
        return star_expressions(p);     /* fstring: star_expressions */
    }
}

/* Did the parser reach the end of the input (CPython's
 * _is_end_of_source)? */
static bool
at_end_of_source(parser *p)
{
    const py_token *t = &p->toks[p->fill > 0 ? p->fill - 1 : 0];
    if (t->kind == PY_TK_ERRORTOKEN)
        return p->lexerr != NULL && p->lexerr->eof;
    return (t->flags & PY_TOKF_EOF) != 0;
}

/* Is the error set by this parse a SyntaxError (or subclass)? */
static bool
syntax_error_set(void)
{
    return py_err_matches(PY_EXC(SyntaxError));
}

/* A single statement must be all the input (CPython's
 * bad_single_statement): only blanks and comments may follow. */
static bool
bad_single_statement(parser *p)
{
    const char *cur = p->toks[p->fill > 0 ? p->fill - 1 : 0].cur;
    const char *end = p->bufend;
    for (;;) {
        while (cur < end && (*cur == ' ' || *cur == '\t' || *cur == '\n'
                             || *cur == '\f'))
            cur++;
        if (cur >= end)
            return false;
        if (*cur != '#')
            return true;
        while (cur < end && *cur != '\n')
            cur++;
    }
}

/* Both passes (see the file's comment), and the error PA7 chooses. */
static void *
run_parser(parser *p, int *incomplete)
{
    void *res = run_rule(p);
    if (res != NULL && !p->error) {
        if (p->mode == PY_MODE_SINGLE && bad_single_statement(p))
            return raise_last(p, SYNTAX_ERROR, "multiple statements found "
                              "while compiling a single statement");
        if (p->sh->unsupported != NULL && p->mode != MODE_FSTRING) {
            const py_pos *u = &p->sh->unsupported_pos;
            return raise_at_pos(p, u, u, p->sh->unsupported);   /* PA8 */
        }
        return res;
    }
    if (incomplete != NULL && at_end_of_source(p)
        && (!p->error || syntax_error_set())) {
        py_err_clear();
        p->error = 0;
        *incomplete = 1;
        return raise_last(p, SYNTAX_ERROR, "incomplete input");
    }
    if (p->error) {
        if (syntax_error_set())
            override_with_lex_error(p);
        return NULL;
    }
    /* Pass 2, with the invalid rules. */
    const py_token last = p->toks[p->fill > 0 ? p->fill - 1 : 0];
    memset(p->memos, 0, p->ntoks * sizeof *p->memos);
    p->invalid = 1;
    run_rule(p);
    if (p->error) {
        if (syntax_error_set())
            override_with_lex_error(p);
        return NULL;
    }
    if (last.kind == PY_TK_INDENT || last.kind == PY_TK_DEDENT) {
        /* CPython returns before looking further for a tokenizer error
         * here. */
        return raise_last(p, PY_EXC(IndentationError),
                          last.kind == PY_TK_INDENT ? "unexpected indent"
                                                    : "unexpected unindent");
    }
    raise_known(p, SYNTAX_ERROR, last.lineno, last.col + 1,
                last.end_lineno, last.end_col + 1, "invalid syntax");
    override_with_lex_error(p);
    return NULL;
}

/* Tokenize all of lx into a new array (oh_malloc); -1 with MemoryError. */
static int
lex_all(py_lexer *lx, py_token **out, size_t *n)
{
    size_t cap = 64, len = 0;
    py_token *toks = oh_malloc(cap * sizeof *toks);
    if (toks == NULL) {
        oh_err_no_memory();
        return -1;
    }
    for (;;) {
        if (len == cap) {
            py_token *t = oh_realloc(toks, cap * 2 * sizeof *toks);
            if (t == NULL) {
                oh_free(toks);
                oh_err_no_memory();
                return -1;
            }
            toks = t;
            cap *= 2;
        }
        py_lex_next(lx, &toks[len]);
        int k = toks[len++].kind;
        if (k == PY_TK_ENDMARKER || k == PY_TK_ERRORTOKEN)
            break;
    }
    *out = toks;
    *n = len;
    return 0;
}

/* Set up p over lexer lx; false with MemoryError. */
static bool
parser_init(parser *p, py_lexer *lx, py_arena *arena, py_arena *scratch,
            oh_object *filename, int mode, pshared *sh)
{
    memset(p, 0, sizeof *p);
    if (lex_all(lx, &p->toks, &p->ntoks) < 0)
        return false;
    p->memos = oh_malloc(p->ntoks * sizeof *p->memos);
    if (p->memos == NULL) {
        oh_free(p->toks);
        oh_err_no_memory();
        return false;
    }
    memset(p->memos, 0, p->ntoks * sizeof *p->memos);
    p->arena = arena;
    p->scratch = scratch;
    p->filename = filename;
    p->mode = mode;
    p->sh = sh;
    p->buf = lx->buf;
    p->bufend = lx->end;
    p->line_base = lx->line_base;
    p->col_base = lx->col_base;
    if (p->toks[p->ntoks - 1].kind == PY_TK_ERRORTOKEN)
        p->lexerr = &lx->err;
    return true;
}

static void
parser_fini(parser *p)
{
    oh_free(p->toks);
    oh_free(p->memos);
}

/* fstring_compile_expr: parse an f-string's expression text
 * expr_start..expr_end (inside token t) as "(" expr ")" with a parser of
 * its own. */
static py_expr *
parse_fstring_expr(parser *p, const char *expr_start, const char *expr_end,
                   const py_token *t)
{
    const char *s;
    for (s = expr_start; s != expr_end; s++) {
        char c = *s;
        if (!(c == ' ' || c == '\t' || c == '\n' || c == '\f'))
            break;
    }
    if (s == expr_end) {
        char msg[80];
        if (*expr_end == '!' || *expr_end == ':' || *expr_end == '=')
            snprintf(msg, sizeof msg, "f-string: expression required "
                     "before '%c'", *expr_end);
        else
            snprintf(msg, sizeof msg, "f-string: empty expression not "
                     "allowed");
        return raise_last(p, SYNTAX_ERROR, msg);
    }
    size_t len = (size_t)(expr_end - expr_start);
    char *buf = py_arena_alloc(p->scratch, len + 3);
    if (buf == NULL)
        return nomem(p);
    buf[0] = '(';
    memcpy(buf + 1, expr_start, len);
    buf[len + 1] = ')';
    buf[len + 2] = '\0';

    /* Where the '{' is: its line, and its column when the expression
     * starts on that line (CPython's fstring_find_expr_location). */
    const char *brace = expr_start - 1;
    if (p->fs_tok != t || p->fs_pos > brace) {
        p->fs_tok = t;
        p->fs_pos = t->start;
        p->fs_lines = 0;
        p->fs_line = t->start;
    }
    for (const char *q = p->fs_pos; q < brace; q++) {
        if (*q == '\n') {
            p->fs_lines++;
            p->fs_line = q + 1;
        }
    }
    p->fs_pos = brace;
    int lines = p->fs_lines;
    bool newline_after_brace = true;
    for (const char *q = brace + 1; q < t->end && *q != '}' && *q != '\n';
         q++) {
        if (*q != ' ' && *q != '\t' && *q != '\f') {
            newline_after_brace = false;
            break;
        }
    }
    int cols = newline_after_brace ? 0 : (int)(brace - p->fs_line);
    int col_base = lines == 0 ? t->col + cols : cols;

    py_lexer *lx = oh_malloc(sizeof *lx);
    if (lx == NULL)
        return nomem(p);
    py_lex_init(lx, buf, len + 2, t->lineno + lines - 1, col_base);
    parser sub;
    if (!parser_init(&sub, lx, p->arena, p->scratch, p->filename,
                     MODE_FSTRING, p->sh)) {
        oh_free(lx);
        return nomem(p);
    }
    py_expr *e = run_parser(&sub, NULL);
    parser_fini(&sub);
    oh_free(lx);
    if (e == NULL)
        p->error = 1;
    return e;
}

py_mod *
py_parse(py_arena *arena, const char *src, size_t len, oh_object *filename,
         py_parse_mode mode, int *incomplete)
{
    if (incomplete != NULL)
        *incomplete = 0;
    if (src == NULL) {
        src = "";
        len = 0;
    }
    size_t n;
    char *buf = py_lex_prepare(src, len, mode == PY_MODE_EXEC, filename, &n);
    if (buf == NULL)
        return NULL;
    py_mod *mod = NULL;
    py_lexer *lx = oh_malloc(sizeof *lx);
    py_arena *scratch = py_arena_new();
    if (lx == NULL || scratch == NULL) {
        oh_err_no_memory();
        goto done;
    }
    py_lex_init(lx, buf, n, 0, 0);
    lx->interactive = mode == PY_MODE_SINGLE;
    pshared sh;
    memset(&sh, 0, sizeof sh);
    parser p;
    if (!parser_init(&p, lx, arena, scratch, filename, (int)mode, &sh))
        goto done;
    void *r = run_parser(&p, mode == PY_MODE_SINGLE ? incomplete : NULL);
    parser_fini(&p);
    if (r == NULL)
        goto done;
    mod = py_arena_alloc(arena, sizeof *mod);
    if (mod == NULL)
        goto done;
    mod->mode = mode;
    if (mode == PY_MODE_EVAL)
        mod->expr = r;
    else
        mod->body = r;
done:
    py_arena_free(scratch);
    oh_free(lx);
    oh_free(buf);
    return mod;
}
