/*
 * lexer.h -- tokens of Python 3.11 source: what lexer.c makes and
 * parser.c reads.
 *
 * The lexer turns UTF-8 source into the token stream of CPython 3.11's
 * tokenizer (Parser/tokenizer.c): NAME, NUMBER, STRING, NEWLINE, INDENT,
 * DEDENT, the operators, ENDMARKER.  Keywords are NAME tokens told apart
 * by kind here, so the parser compares one integer.  String and number
 * tokens carry only their text: parser.c decodes them, because their
 * errors are reported where CPython's parser reports them, not where the
 * tokenizer does.
 *
 * A tokenizer error does not raise at once.  The lexer ends its stream
 * with a PY_TK_ERRORTOKEN whose py_lex_error says what CPython would
 * raise and how (py_lex_err_style), and the parser decides which error
 * wins: CPython lets a tokenizer error that the parser reaches stop
 * everything, and lets one found after a parser error replace it.
 *
 * Positions are those of CPython's tokens: 1-based lines, 0-based UTF-8
 * byte columns, end columns exclusive.  A token CPython gives no column
 * (INDENT, DEDENT, ENDMARKER) has col == -1; cur_col then says where the
 * tokenizer stood, which is what CPython reports for an error at it.
 */
#ifndef OBJHEAP_PY_LEXER_H
#define OBJHEAP_PY_LEXER_H

#include "py/py.h"

/* ==========================================================================
 * Token kinds
 * ========================================================================== */

#define PY_TOKENS(X)                                                        \
    X(ENDMARKER, "end of file") X(NAME, "name") X(NUMBER, "number")         \
    X(STRING, "string") X(NEWLINE, "newline") X(INDENT, "indent")           \
    X(DEDENT, "dedent")                                                     \
    X(LPAR, "(") X(RPAR, ")") X(LSQB, "[") X(RSQB, "]") X(COLON, ":")       \
    X(COMMA, ",") X(SEMI, ";") X(PLUS, "+") X(MINUS, "-") X(STAR, "*")      \
    X(SLASH, "/") X(VBAR, "|") X(AMPER, "&") X(LESS, "<")                   \
    X(GREATER, ">") X(EQUAL, "=") X(DOT, ".") X(PERCENT, "%")               \
    X(LBRACE, "{") X(RBRACE, "}") X(EQEQUAL, "==") X(NOTEQUAL, "!=")        \
    X(LESSEQUAL, "<=") X(GREATEREQUAL, ">=") X(TILDE, "~")                  \
    X(CIRCUMFLEX, "^") X(LEFTSHIFT, "<<") X(RIGHTSHIFT, ">>")               \
    X(DOUBLESTAR, "**") X(PLUSEQUAL, "+=") X(MINEQUAL, "-=")                \
    X(STAREQUAL, "*=") X(SLASHEQUAL, "/=") X(PERCENTEQUAL, "%=")            \
    X(AMPEREQUAL, "&=") X(VBAREQUAL, "|=") X(CIRCUMFLEXEQUAL, "^=")         \
    X(LEFTSHIFTEQUAL, "<<=") X(RIGHTSHIFTEQUAL, ">>=")                      \
    X(DOUBLESTAREQUAL, "**=") X(DOUBLESLASH, "//")                          \
    X(DOUBLESLASHEQUAL, "//=") X(AT, "@") X(ATEQUAL, "@=")                  \
    X(RARROW, "->") X(ELLIPSIS, "...") X(COLONEQUAL, ":=")                  \
    X(OP, "operator")                                                       \
    X(FALSE, "False") X(NONE, "None") X(TRUE, "True") X(AND, "and")         \
    X(AS, "as") X(ASSERT, "assert") X(ASYNC, "async") X(AWAIT, "await")     \
    X(BREAK, "break") X(CLASS, "class") X(CONTINUE, "continue")             \
    X(DEF, "def") X(DEL, "del") X(ELIF, "elif") X(ELSE, "else")             \
    X(EXCEPT, "except") X(FINALLY, "finally") X(FOR, "for")                 \
    X(FROM, "from") X(GLOBAL, "global") X(IF, "if") X(IMPORT, "import")     \
    X(IN, "in") X(IS, "is") X(LAMBDA, "lambda") X(NONLOCAL, "nonlocal")     \
    X(NOT, "not") X(OR, "or") X(PASS, "pass") X(RAISE, "raise")             \
    X(RETURN, "return") X(TRY, "try") X(WHILE, "while") X(WITH, "with")     \
    X(YIELD, "yield")                                                       \
    X(ERRORTOKEN, "error")

typedef enum py_tok_kind {
#define PY_TOK_ENUM(name, text) PY_TK_##name,
    PY_TOKENS(PY_TOK_ENUM)
#undef PY_TOK_ENUM
    PY_TK_NKINDS
} py_tok_kind;

/* Keywords are the kinds PY_TK_FALSE .. PY_TK_YIELD. */
#define PY_TK_IS_KEYWORD(k) ((k) >= PY_TK_FALSE && (k) <= PY_TK_YIELD)

/* The text of a kind: "(" for LPAR, "if" for IF, "name" for NAME. */
OHI_FUNC const char *py_tok_kind_text(int kind);

/* ==========================================================================
 * Tokens
 * ========================================================================== */

/* One token.  start..end is its text in the lexer's buffer (for NEWLINE
 * the '\n' is left out, as CPython does; INDENT, DEDENT and ENDMARKER
 * have start == end).
 *
 * LX1. lineno <= end_lineno, and on one line col <= end_col, except for
 *      the kinds without a column (col == end_col == -1).
 * LX2. level is the bracket depth after the token: 1 for the '(' of
 *      "f(x)", 1 for x, 0 for ')'. */
typedef struct py_token {
    int kind;                       /* py_tok_kind */
    int lineno, col;                /* first line (1-based), byte column or
                                       -1 (LX1) */
    int end_lineno, end_col;        /* last line, column after the end or
                                       -1 */
    int cur_lineno, cur_col;        /* where the tokenizer stood after it:
                                       line and byte column */
    int level;                      /* LX2 */
    unsigned flags;                 /* PY_TOKF_* */
    const char *start, *end;        /* its text, in the lexer's buffer */
    const char *cur;                /* the tokenizer's cursor after it */
} py_token;

#define PY_TOKF_LTGT 0x1            /* a NOTEQUAL spelt "<>" */
#define PY_TOKF_EOF 0x2             /* made after the input ran out (a
                                       DEDENT, ENDMARKER, or the NEWLINE
                                       an interactive statement gets) */

/* ==========================================================================
 * Errors
 * ========================================================================== */

/* How CPython's tokenizer reports an error, which decides whether it
 * replaces a parser error found earlier in the source (parser.c, PA7). */
typedef enum py_lex_err_style {
    PY_LEX_ERR_RAISED = 1,          /* raised by the tokenizer itself
                                       (syntaxerror()): unterminated
                                       strings, bad numbers, bad
                                       characters, brackets */
    PY_LEX_ERR_DONE,                /* a state the parser turns into an
                                       error when it meets it: indentation,
                                       TabError, line continuation, EOF */
    PY_LEX_ERR_MEMORY               /* MemoryError is set already */
} py_lex_err_style;

/* The error that ended the token stream.  Offsets are final: 1-based
 * character columns as CPython's SyntaxError has them. */
typedef struct py_lex_error {
    py_lex_err_style style;
    py_type *type;                  /* SyntaxError, IndentationError,
                                       TabError */
    char msg[160];
    int lineno, offset, end_lineno, end_offset;
    const char *text;               /* the source line, in the buffer */
    size_t textlen;
    int eof;                        /* the input ended inside a statement:
                                       a bracket, a triple-quoted string, a
                                       continuation line (E_EOF, E_EOFS) */
    int unclosed;                   /* eof inside brackets: the error is
                                       "'(' was never closed" at the
                                       innermost open bracket */
    int unclosed_lineno;            /* that bracket's line */
    /* The innermost open bracket when a "done" error happened inside
     * brackets (level > 0), else open_ch == 0: CPython reports "'(' was
     * never closed" instead of a parser error found on a later line. */
    char open_ch;
    int open_lineno, open_offset;   /* its line; 1-based character
                                       column */
    const char *open_text;          /* its line */
    size_t open_textlen;
} py_lex_error;

/* ==========================================================================
 * The lexer
 * ========================================================================== */

#define PY_LEX_MAXINDENT 100        /* CPython's MAXINDENT */
#define PY_LEX_MAXLEVEL 200         /* CPython's MAXLEVEL */

/* The tokenizer's state.  The buffer is the source after py_lex_prepare:
 * UTF-8, "\r\n" and "\r" turned into "\n", NUL-terminated.
 *
 * LX3. buf <= line_start <= cur <= end, *end == '\0', and line_start is
 *      the first byte of line `lineno` (after a '\n' or at buf).
 * LX4. indstack[0] == altindstack[0] == 0 and indstack[0..indent] rises
 *      strictly; 0 <= indent < PY_LEX_MAXINDENT.
 * LX5. parens[0..level) are the open brackets, innermost last;
 *      0 <= level <= PY_LEX_MAXLEVEL.
 * LX6. Once `done` is set the lexer only returns its last token again
 *      (ENDMARKER or ERRORTOKEN). */
typedef struct py_lexer {
    const char *buf, *end;          /* the text (LX3) */
    const char *cur;                /* next byte to read */
    const char *line_start;         /* first byte of the current line */
    int lineno;                     /* line of cur, 1-based (0 before
                                       the first line is read) */
    int line_pending;               /* a '\n' was read: the next read
                                       starts line lineno + 1 */
    int line_base;                  /* added to every line number (an
                                       f-string expression's line) */
    int col_base;                   /* added to the columns of line 1 in
                                       tokens (not in errors) */
    int atbol;                      /* at the beginning of a line */
    int pendin;                     /* INDENTs (> 0) or DEDENTs (< 0) to
                                       give before the next token */
    int indent;                     /* LX4 */
    int indstack[PY_LEX_MAXINDENT];
    int altindstack[PY_LEX_MAXINDENT];
    int level;                      /* LX5 */
    struct {
        char ch;                    /* '(', '[' or '{' */
        int lineno, col;            /* where, col in bytes */
    } parens[PY_LEX_MAXLEVEL];
    int cont_line;                  /* inside a continued line */
    int interactive;                /* PY_MODE_SINGLE: the first ENDMARKER
                                       becomes NEWLINE plus DEDENTs */
    int started;                    /* a token other than ENDMARKER was
                                       given (for `interactive`) */
    int eof_seen;                   /* nextc() has met the end */
    int done;                       /* LX6: 1 after ENDMARKER or an
                                       error */
    py_token last;                  /* the final token, once done */
    py_lex_error err;               /* set with an ERRORTOKEN */
} py_lexer;

/* Start lexing buf[0..len), which must be prepared text (buf[len] ==
 * '\0').  line_base, col_base: see above (0, 0 for a whole source). */
OHI_FUNC void py_lex_init(py_lexer *lx, const char *buf, size_t len,
                          int line_base, int col_base);

/* The next token in *t.  Returns 0, or -1 when *t is the ERRORTOKEN (see
 * lx->err).  After ENDMARKER or ERRORTOKEN the same token comes again. */
OHI_FUNC int py_lex_next(py_lexer *lx, py_token *t);

/* Turn `len` bytes of source into the lexer's text: drop a UTF-8 BOM,
 * read a PEP 263 coding declaration (utf-8, latin-1 and ascii are known;
 * latin-1 is converted), translate newlines, add a final newline when
 * add_newline and the text lacks one.  Returns a new buffer from
 * oh_malloc (*outlen bytes, NUL-terminated), or NULL with SyntaxError or
 * MemoryError raised. */
OHI_FUNC char *py_lex_prepare(const char *src, size_t len, int add_newline,
                              oh_object *filename, size_t *outlen);

/* ==========================================================================
 * Helpers the parser shares
 * ========================================================================== */

/* Characters (code points, an unfinished sequence counting one) in
 * s[0..n); the byte count when the line s[0..n) is part of is not UTF-8
 * (CPython counts bytes there).  s must lie in a NUL-terminated text. */
OHI_FUNC int py_lex_utf8_count(const char *s, size_t n);

/* Check s[0..n) is UTF-8.  Returns -1 if it is; else the byte position of
 * the first bad sequence, with *bad_end (the end of the bytes it covers)
 * and *reason ("invalid start byte", "invalid continuation byte",
 * "unexpected end of data") set. */
OHI_FUNC long py_lex_utf8_check(const char *s, size_t n, size_t *bad_end,
                            const char **reason);

/* Decode one UTF-8 sequence at s (which must be valid, s < end); the code
 * point, *len its bytes. */
OHI_FUNC uint32_t py_lex_utf8_decode(const char *s, const char *end, int *len);

/* The source line `lineno` (1-based) of a prepared text: *len bytes at
 * the pointer returned, its '\n' included when it has one; NULL past the
 * end. */
OHI_FUNC const char *py_lex_line(const char *buf, const char *end,
                                 int lineno, size_t *len);

#endif /* OBJHEAP_PY_LEXER_H */
