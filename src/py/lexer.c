/*
 * lexer.c -- Python 3.11 source to tokens.
 *
 * What it owns
 * ------------
 * The tokenizer: bytes of prepared source (py_lex_prepare: UTF-8, "\n"
 * line ends) in, py_token out, one at a time, with CPython 3.11's
 * tokens, positions and errors (Parser/tokenizer.c is the reference for
 * behaviour; the code here is written from scratch); the preparation of
 * the source it reads (py_lex_prepare: BOM, PEP 263 coding declaration,
 * newline translation); and the small UTF-8 helpers the parser shares.
 *
 * Data structures
 * ---------------
 * py_lexer (lexer.h): the text, a cursor, the current line, and the two
 * stacks a Python tokenizer needs:
 *
 *   indstack    column of each open indentation level (tabs to 8)
 *   altindstack the same with tabs as 1 column: a level where the two
 *               disagree about order is a TabError
 *   parens      each open bracket with its line and column, for
 *               "'(' was never closed" and mismatched closers
 *
 * States
 * ------
 * Reading a line goes: at the beginning of a line (atbol) the lexer
 * measures the indentation and, unless the line is blank or only a
 * comment or inside brackets, compares it with indstack, which queues
 * INDENTs or DEDENTs (pendin); those are given first; then tokens of the
 * line follow until its NEWLINE (not given inside brackets or for blank
 * lines), and atbol is set again.  At the end of the text: DEDENTs for
 * every open level, then ENDMARKER; inside brackets an error instead.
 * After ENDMARKER or an error the lexer is `done` and repeats its last
 * token.
 *
 * Lines are counted the way CPython's string tokenizer counts them: a
 * new line begins (lineno++, line_start moves) when its first byte is
 * read, so after the final '\n' the lexer still stands on the last line,
 * and ENDMARKER is on it.
 *
 * Errors
 * ------
 * The lexer never raises.  An error ends the stream with ERRORTOKEN and
 * fills lx->err with CPython's message and final positions, in one of
 * two styles (py_lex_err_style): "raised", the errors CPython's
 * tokenizer raises itself, whose offsets are counted in characters up to
 * the cursor; and "done", the states CPython's parser turns into errors
 * (indentation, TabError, line continuation, end of file) with its own
 * positions.  parser.c decides which error wins (PA7).
 *
 * Invariants (LX1-LX6 are in lexer.h, beside the structs)
 * ----------
 * LX7. An identifier is what str.isidentifier() accepts: ASCII letters,
 *      digits and '_', and outside ASCII XID_Start / XID_Continue from
 *      the character database of t_str.c (py_unicode_isidentifier, Unicode
 *      14 as Python 3.11).  (The parser NFKC-normalizes the compatibility
 *      characters identifiers commonly hold: parser.c, nfkc_char.)
 * LX8. The cursor never passes lx->end, and nextc() returns EOF there
 *      (prepared text has its NUL at end, so no read goes past it).
 */
#include "py/lexer.h"

#include <stdio.h>
#include <string.h>

#define EOF_CH (-1)

static const char *const tok_texts[PY_TK_NKINDS] = {
#define PY_TOK_TEXT(name, text) text,
    PY_TOKENS(PY_TOK_TEXT)
#undef PY_TOK_TEXT
};

const char *
py_tok_kind_text(int kind)
{
    if (kind < 0 || kind >= PY_TK_NKINDS)
        return "?";
    return tok_texts[kind];
}

/* ==========================================================================
 * UTF-8
 * ========================================================================== */

int
py_lex_utf8_count(const char *s, size_t n)
{
    /* A line that is not UTF-8 can only come from bytes without a
     * declared encoding, where CPython reports byte columns: so do we.
     * (s is in a NUL-terminated text; its line ends at '\n' or NUL.) */
    const char *e = s + n;
    while (*e != '\0' && *e != '\n')
        e++;
    size_t bad_end;
    const char *reason;
    if (py_lex_utf8_check(s, (size_t)(e - s), &bad_end, &reason) >= 0)
        return (int)n;
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    }
    return count;
}

long
py_lex_utf8_check(const char *s, size_t n, size_t *bad_end,
                  const char **reason)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned lo = 0x80, hi = 0xBF;  /* range of the second byte */
        if (c >= 0xC2 && c <= 0xDF)
            need = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        }
        else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        }
        else {
            *bad_end = i + 1;
            *reason = "invalid start byte";
            return (long)i;
        }
        size_t k;
        for (k = 1; k <= need; k++) {
            if (i + k >= n) {
                *bad_end = i + k;
                *reason = "unexpected end of data";
                return (long)i;
            }
            unsigned b = p[i + k];
            unsigned l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
            if (b < l || b > h) {
                *bad_end = i + k;
                *reason = "invalid continuation byte";
                return (long)i;
            }
        }
        i += need + 1;
    }
    return -1;
}

uint32_t
py_lex_utf8_decode(const char *s, const char *end, int *len)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned c = p[0];
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if ((const char *)p + n > end)
        n = (int)(end - s);
    uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F)
                                                            : (c & 0x07);
    for (int i = 1; i < n; i++)
        cp = (cp << 6) | (p[i] & 0x3F);
    *len = n;
    return cp;
}

/* ==========================================================================
 * Reading characters
 * ========================================================================== */

/* The next byte, or EOF_CH at the end (LX8).  A line begins when its
 * first byte is read (see "Lines" above): reading a '\n' only marks the
 * next line pending. */
static int
nextc(py_lexer *lx)
{
    OH_ASSERT(lx->buf <= lx->line_start && lx->line_start <= lx->cur
              && lx->cur <= lx->end);                       /* LX3, LX8 */
    if (lx->cur >= lx->end) {
        lx->eof_seen = 1;
        return EOF_CH;
    }
    if (lx->line_pending) {
        lx->lineno++;
        lx->line_start = lx->cur;
        lx->line_pending = 0;
    }
    int c = (unsigned char)*lx->cur++;
    if (c == '\n')
        lx->line_pending = 1;
    return c;
}

/* Step back over c, the byte nextc() just gave (never past line_start,
 * so the line count holds). */
static void
backup(py_lexer *lx, int c)
{
    if (c == EOF_CH)
        return;
    lx->cur--;
    if (c == '\n')
        lx->line_pending = 0;
}

/* ==========================================================================
 * Errors
 * ========================================================================== */

/* The current line's text, without its '\n'. */
static void
current_line(py_lexer *lx, const char *line_start, const char **text,
             size_t *len)
{
    const char *e = line_start;
    while (e < lx->end && *e != '\n')
        e++;
    *text = line_start;
    *len = (size_t)(e - line_start);
}

static void set_msg(py_lexer *lx, const char *fmt, va_list ap)
    OH_PRINTF(2, 0);

static void
set_msg(py_lexer *lx, const char *fmt, va_list ap)
{
    vsnprintf(lx->err.msg, sizeof lx->err.msg, fmt, ap);
}

/* An error CPython's tokenizer raises itself (syntaxerror()): offset and
 * end_offset count characters from the line's start to the cursor, or
 * are given (col, end_col >= 0: used as they are, as CPython does). */
static int raise_range(py_lexer *lx, py_token *t, int col, int end_col,
                       const char *fmt, ...) OH_PRINTF(5, 6);

static int
raise_range(py_lexer *lx, py_token *t, int col, int end_col,
            const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    set_msg(lx, fmt, ap);
    va_end(ap);
    lx->err.style = PY_LEX_ERR_RAISED;
    lx->err.type = PY_EXC(SyntaxError);
    if (col < 0)
        col = py_lex_utf8_count(lx->line_start,
                            (size_t)(lx->cur - lx->line_start));
    if (end_col < 0)
        end_col = col;
    lx->err.lineno = lx->lineno + lx->line_base;
    lx->err.end_lineno = lx->err.lineno;
    lx->err.offset = col;
    lx->err.end_offset = end_col;
    current_line(lx, lx->line_start, &lx->err.text, &lx->err.textlen);
    (void)t;
    return -1;
}

#define RAISE(lx, t, ...) raise_range((lx), (t), -1, -1, __VA_ARGS__)

/* A state CPython's parser turns into an error (E_DEDENT, E_TABSPACE,
 * E_TOODEEP, E_LINECONT, E_EOF), with the positions it gives. */
static void record_open_bracket(py_lexer *lx);

static int
raise_done(py_lexer *lx, py_type *type, int offset, int end_offset,
           const char *msg)
{
    record_open_bracket(lx);
    lx->err.style = PY_LEX_ERR_DONE;
    lx->err.type = type;
    snprintf(lx->err.msg, sizeof lx->err.msg, "%s", msg);
    lx->err.lineno = lx->lineno + lx->line_base;
    lx->err.end_lineno = lx->err.lineno;
    lx->err.offset = offset;
    lx->err.end_offset = end_offset;
    current_line(lx, lx->line_start, &lx->err.text, &lx->err.textlen);
    if (lx->err.textlen < (size_t)(lx->end - lx->err.text)
        && lx->err.text[lx->err.textlen] == '\n')
        lx->err.textlen++;
    return -1;
}

/* Note the innermost open bracket, for "'(' was never closed". */
static void
record_open_bracket(py_lexer *lx)
{
    if (lx->level == 0)
        return;
    int i = lx->level - 1;
    size_t len = 0;
    const char *text = py_lex_line(lx->buf, lx->end, lx->parens[i].lineno,
                                   &len);
    lx->err.open_ch = lx->parens[i].ch;
    lx->err.open_lineno = lx->parens[i].lineno + lx->line_base;
    lx->err.open_text = text;
    lx->err.open_textlen = len;
    /* CPython converts col + 1 bytes of the line to characters. */
    size_t n = (size_t)lx->parens[i].col + 1;
    lx->err.open_offset = text == NULL ? 0
                          : py_lex_utf8_count(text, n <= len ? n : len);
}

/* Characters of the current line up to the cursor. */
static int
cursor_chars(py_lexer *lx)
{
    return py_lex_utf8_count(lx->line_start,
                             (size_t)(lx->cur - lx->line_start));
}

/* E_EOF: the input ended inside brackets or after a backslash. */
static int
raise_eof(py_lexer *lx)
{
    lx->err.eof = 1;
    if (lx->level > 0) {
        record_open_bracket(lx);
        lx->err.unclosed = 1;
        lx->err.unclosed_lineno = lx->err.open_lineno;
        lx->err.style = PY_LEX_ERR_DONE;
        lx->err.type = PY_EXC(SyntaxError);
        snprintf(lx->err.msg, sizeof lx->err.msg, "'%c' was never closed",
                 lx->err.open_ch);
        lx->err.lineno = lx->err.end_lineno = lx->err.open_lineno;
        lx->err.offset = lx->err.open_offset;
        lx->err.end_offset = 0;
        lx->err.text = lx->err.open_text;
        lx->err.textlen = lx->err.open_textlen;
        return -1;
    }
    return raise_done(lx, PY_EXC(SyntaxError), cursor_chars(lx), -1,
                      "unexpected EOF while parsing");
}

/* ==========================================================================
 * Set-up
 * ========================================================================== */

void
py_lex_init(py_lexer *lx, const char *buf, size_t len, int line_base,
            int col_base)
{
    memset(lx, 0, sizeof *lx);
    lx->buf = buf;
    lx->end = buf + len;
    lx->cur = buf;
    lx->line_start = buf;
    lx->line_pending = 1;
    lx->lineno = 0;
    lx->line_base = line_base;
    lx->col_base = col_base;
    lx->atbol = 1;
}

const char *
py_lex_line(const char *buf, const char *end, int lineno, size_t *len)
{
    const char *p = buf;
    for (int l = 1; l < lineno; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL)
            return NULL;
        p = nl + 1;
    }
    if (p > end || (p == end && lineno > 1))
        return NULL;
    const char *e = memchr(p, '\n', (size_t)(end - p));
    *len = e == NULL ? (size_t)(end - p) : (size_t)(e - p) + 1;
    return p;
}

/* ==========================================================================
 * Tokens
 * ========================================================================== */

/* Fill t: kind, text start..end, positions.  `first_lineno` and
 * `first_line_start` locate the start (a string may begin on an earlier
 * line); a NULL start gives the column -1 that CPython gives INDENT,
 * DEDENT and ENDMARKER.  The col_base of an f-string expression shifts
 * the columns of a token that ends on the expression's first line, as
 * CPython shifts them. */
static int
make_token(py_lexer *lx, py_token *t, int kind, const char *start,
           const char *end, int first_lineno, const char *first_line_start)
{
    int shift = lx->lineno == 1 ? lx->col_base : 0;
    t->kind = kind;
    t->flags = lx->eof_seen ? PY_TOKF_EOF : 0;
    t->level = lx->level;
    t->cur = lx->cur;
    t->cur_lineno = lx->lineno + lx->line_base;
    t->cur_col = (int)(lx->cur - lx->line_start);
    if (start == NULL) {
        t->start = t->end = lx->cur;
        t->lineno = t->end_lineno = lx->lineno + lx->line_base;
        t->col = t->end_col = -1;
        return kind;
    }
    t->start = start;
    t->end = end;
    t->lineno = first_lineno + lx->line_base;
    t->col = (int)(start - first_line_start) + shift;
    t->end_lineno = lx->lineno + lx->line_base;
    t->end_col = (int)(end - lx->line_start) + shift;
    return kind;
}

#define ERRORTOKEN(lx, t) make_token((lx), (t), PY_TK_ERRORTOKEN, NULL, NULL, \
                                     0, NULL)

/* The keyword kind of an identifier, or PY_TK_NAME. */
static int
keyword_kind(const char *s, size_t n)
{
    static const struct { const char *text; int kind; } kws[] = {
        {"False", PY_TK_FALSE}, {"None", PY_TK_NONE}, {"True", PY_TK_TRUE},
        {"and", PY_TK_AND}, {"as", PY_TK_AS}, {"assert", PY_TK_ASSERT},
        {"async", PY_TK_ASYNC}, {"await", PY_TK_AWAIT},
        {"break", PY_TK_BREAK}, {"class", PY_TK_CLASS},
        {"continue", PY_TK_CONTINUE}, {"def", PY_TK_DEF},
        {"del", PY_TK_DEL}, {"elif", PY_TK_ELIF}, {"else", PY_TK_ELSE},
        {"except", PY_TK_EXCEPT}, {"finally", PY_TK_FINALLY},
        {"for", PY_TK_FOR}, {"from", PY_TK_FROM}, {"global", PY_TK_GLOBAL},
        {"if", PY_TK_IF}, {"import", PY_TK_IMPORT}, {"in", PY_TK_IN},
        {"is", PY_TK_IS}, {"lambda", PY_TK_LAMBDA},
        {"nonlocal", PY_TK_NONLOCAL}, {"not", PY_TK_NOT}, {"or", PY_TK_OR},
        {"pass", PY_TK_PASS}, {"raise", PY_TK_RAISE},
        {"return", PY_TK_RETURN}, {"try", PY_TK_TRY},
        {"while", PY_TK_WHILE}, {"with", PY_TK_WITH},
        {"yield", PY_TK_YIELD},
    };
    if (n < 2 || n > 8)
        return PY_TK_NAME;
    for (size_t i = 0; i < sizeof kws / sizeof kws[0]; i++) {
        if (strlen(kws[i].text) == n && memcmp(kws[i].text, s, n) == 0)
            return kws[i].kind;
    }
    return PY_TK_NAME;
}

static int
one_char(int c)
{
    switch (c) {
    case '%': return PY_TK_PERCENT;
    case '&': return PY_TK_AMPER;
    case '(': return PY_TK_LPAR;
    case ')': return PY_TK_RPAR;
    case '*': return PY_TK_STAR;
    case '+': return PY_TK_PLUS;
    case ',': return PY_TK_COMMA;
    case '-': return PY_TK_MINUS;
    case '.': return PY_TK_DOT;
    case '/': return PY_TK_SLASH;
    case ':': return PY_TK_COLON;
    case ';': return PY_TK_SEMI;
    case '<': return PY_TK_LESS;
    case '=': return PY_TK_EQUAL;
    case '>': return PY_TK_GREATER;
    case '@': return PY_TK_AT;
    case '[': return PY_TK_LSQB;
    case ']': return PY_TK_RSQB;
    case '^': return PY_TK_CIRCUMFLEX;
    case '{': return PY_TK_LBRACE;
    case '|': return PY_TK_VBAR;
    case '}': return PY_TK_RBRACE;
    case '~': return PY_TK_TILDE;
    default: return PY_TK_OP;
    }
}

static int
two_chars(int c1, int c2)
{
    switch (c1) {
    case '!': return c2 == '=' ? PY_TK_NOTEQUAL : PY_TK_OP;
    case '%': return c2 == '=' ? PY_TK_PERCENTEQUAL : PY_TK_OP;
    case '&': return c2 == '=' ? PY_TK_AMPEREQUAL : PY_TK_OP;
    case '*':
        return c2 == '*' ? PY_TK_DOUBLESTAR
               : c2 == '=' ? PY_TK_STAREQUAL : PY_TK_OP;
    case '+': return c2 == '=' ? PY_TK_PLUSEQUAL : PY_TK_OP;
    case '-':
        return c2 == '=' ? PY_TK_MINEQUAL
               : c2 == '>' ? PY_TK_RARROW : PY_TK_OP;
    case '/':
        return c2 == '/' ? PY_TK_DOUBLESLASH
               : c2 == '=' ? PY_TK_SLASHEQUAL : PY_TK_OP;
    case ':': return c2 == '=' ? PY_TK_COLONEQUAL : PY_TK_OP;
    case '<':
        return c2 == '<' ? PY_TK_LEFTSHIFT
               : c2 == '=' ? PY_TK_LESSEQUAL
               : c2 == '>' ? PY_TK_NOTEQUAL : PY_TK_OP;
    case '=': return c2 == '=' ? PY_TK_EQEQUAL : PY_TK_OP;
    case '>':
        return c2 == '=' ? PY_TK_GREATEREQUAL
               : c2 == '>' ? PY_TK_RIGHTSHIFT : PY_TK_OP;
    case '@': return c2 == '=' ? PY_TK_ATEQUAL : PY_TK_OP;
    case '^': return c2 == '=' ? PY_TK_CIRCUMFLEXEQUAL : PY_TK_OP;
    case '|': return c2 == '=' ? PY_TK_VBAREQUAL : PY_TK_OP;
    default: return PY_TK_OP;
    }
}

static int
three_chars(int c1, int c2, int c3)
{
    if (c3 != '=')
        return PY_TK_OP;
    if (c1 == '*' && c2 == '*')
        return PY_TK_DOUBLESTAREQUAL;
    if (c1 == '/' && c2 == '/')
        return PY_TK_DOUBLESLASHEQUAL;
    if (c1 == '<' && c2 == '<')
        return PY_TK_LEFTSHIFTEQUAL;
    if (c1 == '>' && c2 == '>')
        return PY_TK_RIGHTSHIFTEQUAL;
    return PY_TK_OP;
}

static bool
is_id_start_byte(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
           || c >= 128;
}

static bool
is_id_byte(int c)
{
    return is_id_start_byte(c) || (c >= '0' && c <= '9');
}

static bool
is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool
is_xdigit(int c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Move the cursor to the end of the current line, past its '\n' (CPython
 * sets cur = inp before some errors, and reports that position). */
static void
to_line_end(py_lexer *lx)
{
    while (lx->cur < lx->end && *lx->cur != '\n')
        lx->cur++;
    if (lx->cur < lx->end)
        lx->cur++;
}

/* A '\' outside a string has been read: it must end the line.  Returns
 * the first byte of the next line (put back), or -1 with the error set
 * (E_LINECONT, E_EOF). */
static int
continuation_line(py_lexer *lx)
{
    int c = nextc(lx);
    if (c != '\n') {
        /* CPython reports cur - buf (one past the byte after the '\'),
         * counted in characters of the line, and end offset 0. */
        size_t n = (size_t)(lx->cur - lx->line_start);
        return raise_done(lx, PY_EXC(SyntaxError),
                          py_lex_utf8_count(lx->line_start, n), 0,
                          "unexpected character after line continuation "
                          "character");
    }
    c = nextc(lx);
    if (c == EOF_CH) {
        lx->cur = lx->end;
        return raise_eof(lx);
    }
    backup(lx, c);
    return c;
}

/* The "(unicode error)" of a bad UTF-8 sequence, CPython's decoder's
 * message; pos and end relative to the decoded range. */
static void
unicode_error_msg(char *buf, size_t size, const char *s, long pos,
                  size_t end, const char *reason)
{
    if (end - (size_t)pos <= 1)
        snprintf(buf, size,
                 "(unicode error) 'utf-8' codec can't decode byte 0x%02x "
                 "in position %ld: %s", (unsigned char)s[pos], pos, reason);
    else
        snprintf(buf, size,
                 "(unicode error) 'utf-8' codec can't decode bytes in "
                 "position %ld-%zu: %s", pos, end - 1, reason);
}

/* An identifier with bytes outside ASCII has been read (start..cur):
 * check it is UTF-8 and made of identifier characters.  0, or -1 with
 * the error set. */
static int
verify_identifier(py_lexer *lx, const char *start)
{
    size_t n = (size_t)(lx->cur - start);
    size_t bad_end;
    const char *reason;
    long bad = py_lex_utf8_check(start, n, &bad_end, &reason);
    if (bad >= 0) {
        unicode_error_msg(lx->err.msg, sizeof lx->err.msg, start, bad,
                          bad_end, reason);
        lx->err.style = PY_LEX_ERR_RAISED;
        lx->err.type = PY_EXC(SyntaxError);
        lx->err.lineno = lx->err.end_lineno = lx->lineno + lx->line_base;
        lx->err.offset = cursor_chars(lx);
        lx->err.end_offset = -1;
        current_line(lx, lx->line_start, &lx->err.text, &lx->err.textlen);
        return -1;
    }
    const char *p = start;
    bool first = true;
    while (p < lx->cur) {
        int len;
        uint32_t c = py_lex_utf8_decode(p, lx->cur, &len);
        bool ok = c < 0x80 ? (first ? is_id_start_byte((int)c)
                                    : is_id_byte((int)c))
                           : py_unicode_isidentifier(c, first);
        if (!ok) {
            /* CPython moves the cursor past the bad character unless it
             * ends the identifier. */
            if (p + len < lx->cur)
                lx->cur = p + len;
            if (py_unicode_isprintable(c))
                return RAISE(lx, NULL, "invalid character '%.*s' (U+%04X)",
                             len, p, (unsigned)c);
            return RAISE(lx, NULL, "invalid non-printable character U+%04X",
                         (unsigned)c);
        }
        first = false;
        p += len;
    }
    return 0;
}

/* Is the text at the cursor `s` followed by a non-identifier byte?  The
 * cursor does not move. */
static bool
lookahead(py_lexer *lx, const char *s)
{
    size_t n = strlen(s);
    if ((size_t)(lx->end - lx->cur) < n || memcmp(lx->cur, s, n) != 0)
        return false;
    const char *after = lx->cur + n;
    return after >= lx->end || !is_id_byte((unsigned char)*after);
}

/* A number ended with c (already read): CPython allows a keyword that
 * can follow a number ("1if x else 2"), rejects other identifier
 * characters, and lets the rest be the next token.  true when fine. */
static bool
end_of_number(py_lexer *lx, int c, const char *kind)
{
    bool ok_keyword = false;
    if (c == 'a')
        ok_keyword = lookahead(lx, "nd");
    else if (c == 'e')
        ok_keyword = lookahead(lx, "lse");
    else if (c == 'f')
        ok_keyword = lookahead(lx, "or");
    else if (c == 'i')
        ok_keyword = lx->cur < lx->end
                     && (*lx->cur == 'f' || *lx->cur == 'n'
                         || *lx->cur == 's');
    else if (c == 'o')
        ok_keyword = lookahead(lx, "r");
    else if (c == 'n')
        ok_keyword = lookahead(lx, "ot");
    if (ok_keyword)
        return true;                    /* a SyntaxWarning in CPython */
    if (c >= 0 && c < 128 && is_id_byte(c)) {
        backup(lx, c);
        RAISE(lx, NULL, "invalid %s literal", kind);
        return false;
    }
    return true;
}

/* Digits and single underscores after the first digit; returns the byte
 * after them, or 0 with the error set. */
static int
decimal_tail(py_lexer *lx)
{
    int c;
    for (;;) {
        do {
            c = nextc(lx);
        } while (is_digit(c));
        if (c != '_')
            break;
        c = nextc(lx);
        if (!is_digit(c)) {
            backup(lx, c);
            RAISE(lx, NULL, "invalid decimal literal");
            return 0;
        }
    }
    return c;
}

/* A number whose first byte c has been read (a digit, or '.' followed by
 * a digit when `fraction`).  Returns the kind, NUMBER or ERRORTOKEN. */
static int
lex_number(py_lexer *lx, py_token *t, const char *start, int c,
           bool fraction)
{
    if (fraction)
        goto fraction;
    if (c == '0') {
        c = nextc(lx);
        if (c == 'x' || c == 'X' || c == 'o' || c == 'O' || c == 'b'
            || c == 'B') {
            int base = (c == 'x' || c == 'X') ? 16
                       : (c == 'o' || c == 'O') ? 8 : 2;
            const char *kind = base == 16 ? "hexadecimal"
                               : base == 8 ? "octal" : "binary";
            c = nextc(lx);
            do {
                if (c == '_')
                    c = nextc(lx);
                bool ok = base == 16 ? is_xdigit(c)
                          : base == 8 ? (c >= '0' && c <= '7')
                          : (c == '0' || c == '1');
                if (!ok) {
                    if (base != 16 && is_digit(c))
                        return RAISE(lx, t, "invalid digit '%c' in %s "
                                     "literal", c, kind),
                               ERRORTOKEN(lx, t);
                    backup(lx, c);
                    return RAISE(lx, t, "invalid %s literal", kind),
                           ERRORTOKEN(lx, t);
                }
                do {
                    c = nextc(lx);
                    ok = base == 16 ? is_xdigit(c)
                         : base == 8 ? (c >= '0' && c <= '7')
                         : (c == '0' || c == '1');
                } while (ok);
            } while (c == '_');
            if (base != 16 && is_digit(c))
                return RAISE(lx, t, "invalid digit '%c' in %s literal", c,
                             kind),
                       ERRORTOKEN(lx, t);
            if (!end_of_number(lx, c, kind))
                return ERRORTOKEN(lx, t);
            backup(lx, c);
            return make_token(lx, t, PY_TK_NUMBER, start, lx->cur,
                              lx->lineno, lx->line_start);
        }
        /* Zeros, maybe an old-style octal, a float or an imaginary. */
        bool nonzero = false;
        for (;;) {
            if (c == '_') {
                c = nextc(lx);
                if (!is_digit(c)) {
                    backup(lx, c);
                    return RAISE(lx, t, "invalid decimal literal"),
                           ERRORTOKEN(lx, t);
                }
            }
            if (c != '0')
                break;
            c = nextc(lx);
        }
        const char *zeros_end = lx->cur;
        if (is_digit(c)) {
            nonzero = true;
            c = decimal_tail(lx);
            if (c == 0)
                return ERRORTOKEN(lx, t);
        }
        if (c == '.') {
            c = nextc(lx);
            goto fraction;
        }
        if (c == 'e' || c == 'E')
            goto exponent;
        if (c == 'j' || c == 'J')
            goto imaginary;
        if (nonzero) {
            backup(lx, c);
            return raise_range(lx, t,
                               (int)(start + 1 - lx->line_start),
                               (int)(zeros_end - lx->line_start),
                               "leading zeros in decimal integer literals "
                               "are not permitted; use an 0o prefix for "
                               "octal integers"),
                   ERRORTOKEN(lx, t);
        }
        if (!end_of_number(lx, c, "decimal"))
            return ERRORTOKEN(lx, t);
        backup(lx, c);
        return make_token(lx, t, PY_TK_NUMBER, start, lx->cur, lx->lineno,
                          lx->line_start);
    }
    /* Decimal. */
    c = decimal_tail(lx);
    if (c == 0)
        return ERRORTOKEN(lx, t);
    if (c == '.') {
        c = nextc(lx);
fraction:
        if (is_digit(c)) {
            c = decimal_tail(lx);
            if (c == 0)
                return ERRORTOKEN(lx, t);
        }
    }
    if (c == 'e' || c == 'E') {
        int e;
exponent:
        e = c;
        c = nextc(lx);
        if (c == '+' || c == '-') {
            c = nextc(lx);
            if (!is_digit(c)) {
                backup(lx, c);
                return RAISE(lx, t, "invalid decimal literal"),
                       ERRORTOKEN(lx, t);
            }
        }
        else if (!is_digit(c)) {
            backup(lx, c);
            if (!end_of_number(lx, e, "decimal"))
                return ERRORTOKEN(lx, t);
            backup(lx, e);
            return make_token(lx, t, PY_TK_NUMBER, start, lx->cur,
                              lx->lineno, lx->line_start);
        }
        c = decimal_tail(lx);
        if (c == 0)
            return ERRORTOKEN(lx, t);
    }
    if (c == 'j' || c == 'J') {
imaginary:
        c = nextc(lx);
        if (!end_of_number(lx, c, "imaginary"))
            return ERRORTOKEN(lx, t);
    }
    else if (!end_of_number(lx, c, "decimal")) {
        return ERRORTOKEN(lx, t);
    }
    backup(lx, c);
    return make_token(lx, t, PY_TK_NUMBER, start, lx->cur, lx->lineno,
                      lx->line_start);
}

/* A string whose opening quote c has been read (its prefix, if any, is
 * start..quote).  Returns STRING or ERRORTOKEN. */
static int
lex_string(py_lexer *lx, py_token *t, const char *start, int c)
{
    int quote = c;
    int quote_size = 1;
    int end_quote_size = 0;
    int first_lineno = lx->lineno;
    const char *first_line_start = lx->line_start;

    c = nextc(lx);
    if (c == quote) {
        c = nextc(lx);
        if (c == quote)
            quote_size = 3;
        else
            end_quote_size = 1;         /* the empty string */
    }
    if (c != quote)
        backup(lx, c);

    while (end_quote_size != quote_size) {
        c = nextc(lx);
        if (c == EOF_CH || (quote_size == 1 && c == '\n')) {
            /* Report at the string's first character, as CPython does. */
            int detected = lx->lineno + lx->line_base;
            lx->err.eof = c == EOF_CH;
            lx->cur = start + 1;
            lx->line_start = first_line_start;
            lx->lineno = first_lineno;
            if (quote_size == 3)
                RAISE(lx, t, "unterminated triple-quoted string literal "
                      "(detected at line %d)", detected);
            else
                RAISE(lx, t, "unterminated string literal (detected at "
                      "line %d)", detected);
            return ERRORTOKEN(lx, t);
        }
        if (c == quote) {
            end_quote_size++;
        }
        else {
            end_quote_size = 0;
            if (c == '\\')
                (void)nextc(lx);        /* the escaped byte */
        }
    }
    return make_token(lx, t, PY_TK_STRING, start, lx->cur, first_lineno,
                      first_line_start);
}

/* Measure the indentation of a new line and queue INDENTs or DEDENTs.
 * Sets *blank for a line with only spaces and a comment.  0, or -1 with
 * the error set. */
static int
lex_indentation(py_lexer *lx, bool *blank)
{
    int col = 0, altcol = 0, cont_line_col = 0;
    int c;
    lx->atbol = 0;
    for (;;) {
        c = nextc(lx);
        if (c == ' ') {
            col++;
            altcol++;
        }
        else if (c == '\t') {
            col = (col / 8 + 1) * 8;
            altcol++;
        }
        else if (c == '\f') {
            col = altcol = 0;
        }
        else if (c == '\\') {
            /* A continued line's indentation is that before its first
             * backslash. */
            cont_line_col = cont_line_col ? cont_line_col : col;
            if (continuation_line(lx) < 0)
                return -1;
        }
        else {
            break;
        }
    }
    backup(lx, c);
    *blank = c == '#' || c == '\n';
    if (*blank || lx->level > 0)
        return 0;
    if (cont_line_col) {
        col = cont_line_col;
        altcol = cont_line_col;
    }
    int i = lx->indent;
    if (col == lx->indstack[i]) {
        if (altcol != lx->altindstack[i])
            goto tab_error;
    }
    else if (col > lx->indstack[i]) {
        if (i + 1 >= PY_LEX_MAXINDENT) {
            to_line_end(lx);
            return raise_done(lx, PY_EXC(IndentationError), 1, 0,
                              "too many levels of indentation");
        }
        if (altcol <= lx->altindstack[i])
            goto tab_error;
        lx->pendin++;
        lx->indent = ++i;
        OH_ASSERT(i < PY_LEX_MAXINDENT && col > lx->indstack[i - 1]); /* LX4 */
        lx->indstack[i] = col;
        lx->altindstack[i] = altcol;
    }
    else {
        while (i > 0 && col < lx->indstack[i]) {
            lx->pendin--;
            i--;
        }
        lx->indent = i;
        if (col != lx->indstack[i]) {
            to_line_end(lx);
            return raise_done(lx, PY_EXC(IndentationError),
                              cursor_chars(lx), -1,
                              "unindent does not match any outer "
                              "indentation level");
        }
        if (altcol != lx->altindstack[i])
            goto tab_error;
    }
    return 0;

tab_error:
    to_line_end(lx);
    return raise_done(lx, PY_EXC(TabError), 1, 0,
                      "inconsistent use of tabs and spaces in indentation");
}

/* The next token, as CPython's tok_get makes it. */
static int
lex_token(py_lexer *lx, py_token *t)
{
    int c;
    bool blank;
    const char *start;

nextline:
    blank = false;
    if (lx->atbol) {
        if (lex_indentation(lx, &blank) < 0)
            return ERRORTOKEN(lx, t);
    }
    if (lx->pendin != 0) {
        if (lx->pendin < 0) {
            lx->pendin++;
            return make_token(lx, t, PY_TK_DEDENT, NULL, NULL, 0, NULL);
        }
        lx->pendin--;
        return make_token(lx, t, PY_TK_INDENT, NULL, NULL, 0, NULL);
    }

again:
    do {
        c = nextc(lx);
    } while (c == ' ' || c == '\t' || c == '\f');
    start = lx->cur - 1;

    if (c == '#') {
        while (c != EOF_CH && c != '\n')
            c = nextc(lx);
    }

    if (c == EOF_CH) {
        if (lx->level > 0) {
            raise_eof(lx);
            return ERRORTOKEN(lx, t);
        }
        return make_token(lx, t, PY_TK_ENDMARKER, NULL, NULL, 0, NULL);
    }

    /* Identifiers, keywords, and string prefixes. */
    if (is_id_start_byte(c)) {
        bool saw_b = false, saw_r = false, saw_u = false, saw_f = false;
        for (;;) {
            if (!(saw_b || saw_u || saw_f) && (c == 'b' || c == 'B'))
                saw_b = true;
            else if (!(saw_b || saw_u || saw_r || saw_f)
                     && (c == 'u' || c == 'U'))
                saw_u = true;
            else if (!(saw_r || saw_u) && (c == 'r' || c == 'R'))
                saw_r = true;
            else if (!(saw_f || saw_b || saw_u) && (c == 'f' || c == 'F'))
                saw_f = true;
            else
                break;
            c = nextc(lx);
            if (c == '"' || c == '\'')
                return lex_string(lx, t, start, c);
        }
        bool nonascii = false;
        while (c != EOF_CH && is_id_byte(c)) {
            if (c >= 128)
                nonascii = true;
            c = nextc(lx);
        }
        backup(lx, c);
        if (nonascii && verify_identifier(lx, start) < 0)
            return ERRORTOKEN(lx, t);
        make_token(lx, t, PY_TK_NAME, start, lx->cur, lx->lineno,
                   lx->line_start);
        t->kind = keyword_kind(start, (size_t)(lx->cur - start));
        return t->kind;
    }

    if (c == '\n') {
        lx->atbol = 1;
        if (blank || lx->level > 0)
            goto nextline;
        lx->cont_line = 0;
        /* The '\n' is not part of the token's text. */
        make_token(lx, t, PY_TK_NEWLINE, start, lx->cur - 1, lx->lineno,
                   lx->line_start);
        t->end_lineno = t->lineno;
        return PY_TK_NEWLINE;
    }

    if (c == '.') {
        c = nextc(lx);
        if (is_digit(c))
            return lex_number(lx, t, start, c, true);
        if (c == '.') {
            c = nextc(lx);
            if (c == '.')
                return make_token(lx, t, PY_TK_ELLIPSIS, start, lx->cur,
                                  lx->lineno, lx->line_start);
            backup(lx, c);
            backup(lx, '.');
        }
        else {
            backup(lx, c);
        }
        return make_token(lx, t, PY_TK_DOT, start, lx->cur, lx->lineno,
                          lx->line_start);
    }

    if (is_digit(c))
        return lex_number(lx, t, start, c, false);

    if (c == '\'' || c == '"')
        return lex_string(lx, t, start, c);

    if (c == '\\') {
        if (continuation_line(lx) < 0)
            return ERRORTOKEN(lx, t);
        lx->cont_line = 1;
        goto again;
    }

    {
        int c2 = nextc(lx);
        int kind = two_chars(c, c2);
        if (kind != PY_TK_OP) {
            int c3 = nextc(lx);
            int kind3 = three_chars(c, c2, c3);
            if (kind3 != PY_TK_OP)
                kind = kind3;
            else
                backup(lx, c3);
            make_token(lx, t, kind, start, lx->cur, lx->lineno,
                       lx->line_start);
            if (c == '<' && c2 == '>')
                t->flags |= PY_TOKF_LTGT;
            return kind;
        }
        backup(lx, c2);
    }

    switch (c) {
    case '(':
    case '[':
    case '{':
        if (lx->level >= PY_LEX_MAXLEVEL) {
            RAISE(lx, t, "too many nested parentheses");
            return ERRORTOKEN(lx, t);
        }
        OH_ASSERT(lx->level < PY_LEX_MAXLEVEL);                 /* LX5 */
        lx->parens[lx->level].ch = (char)c;
        lx->parens[lx->level].lineno = lx->lineno;
        lx->parens[lx->level].col = (int)(start - lx->line_start);
        lx->level++;
        break;
    case ')':
    case ']':
    case '}': {
        if (lx->level == 0) {
            RAISE(lx, t, "unmatched '%c'", c);
            return ERRORTOKEN(lx, t);
        }
        lx->level--;
        int open = lx->parens[lx->level].ch;
        if (!((open == '(' && c == ')') || (open == '[' && c == ']')
              || (open == '{' && c == '}'))) {
            if (lx->parens[lx->level].lineno != lx->lineno)
                RAISE(lx, t, "closing parenthesis '%c' does not match "
                      "opening parenthesis '%c' on line %d", c, open,
                      lx->parens[lx->level].lineno + lx->line_base);
            else
                RAISE(lx, t, "closing parenthesis '%c' does not match "
                      "opening parenthesis '%c'", c, open);
            return ERRORTOKEN(lx, t);
        }
        break;
    }
    default:
        break;
    }

    if (c < 0x20 || c == 0x7F) {
        RAISE(lx, t, "invalid non-printable character U+%04X", c);
        return ERRORTOKEN(lx, t);
    }
    return make_token(lx, t, one_char(c), start, lx->cur, lx->lineno,
                      lx->line_start);
}

int
py_lex_next(py_lexer *lx, py_token *t)
{
    OH_ASSERT(lx->indent >= 0 && lx->indent < PY_LEX_MAXINDENT
              && lx->level >= 0 && lx->level <= PY_LEX_MAXLEVEL);
    if (lx->done) {                                             /* LX6 */
        *t = lx->last;
        return t->kind == PY_TK_ERRORTOKEN ? -1 : 0;
    }
    int kind = lex_token(lx, t);
    if (kind == PY_TK_ENDMARKER && lx->interactive && lx->started) {
        /* CPython's parser turns the first ENDMARKER of an interactive
         * statement into NEWLINE and closes the open blocks. */
        t->kind = PY_TK_NEWLINE;
        lx->pendin = -lx->indent;
        lx->indent = 0;
        lx->started = 0;
        return 0;
    }
    lx->started = 1;
    if (kind == PY_TK_ENDMARKER || kind == PY_TK_ERRORTOKEN) {
        lx->done = 1;
        lx->last = *t;
        return kind == PY_TK_ERRORTOKEN ? -1 : 0;
    }
    return 0;
}

/* ==========================================================================
 * Preparing the source
 * ========================================================================== */

/* A PEP 263 coding declaration in line[0..n) (CPython's get_coding_spec):
 * the line must be only a comment.  Copies the normalized name into
 * name[size] and returns 1; 0 when the line declares nothing; sets
 * *code_line when the line holds code (line 2 is then not looked at). */
static int
coding_spec(const char *line, size_t n, char *name, size_t size,
            bool *code_line)
{
    size_t i = 0;
    *code_line = false;
    for (; i < n; i++) {
        char c = line[i];
        if (c == '#' || c == '\n' || c == '\r')
            break;
        if (c != ' ' && c != '\t' && c != '\f') {
            *code_line = true;
            return 0;
        }
    }
    if (i >= n || line[i] != '#')
        return 0;
    for (; i + 6 < n; i++) {
        if (memcmp(line + i, "coding", 6) != 0)
            continue;
        const char *t = line + i + 6;
        const char *e = line + n;
        if (*t != ':' && *t != '=')
            continue;
        do {
            t++;
        } while (t < e && (*t == ' ' || *t == '\t'));
        const char *begin = t;
        while (t < e && ((*t >= 'a' && *t <= 'z') || (*t >= 'A' && *t <= 'Z')
                         || (*t >= '0' && *t <= '9') || *t == '-'
                         || *t == '_' || *t == '.'))
            t++;
        if (begin == t)
            continue;
        /* CPython's get_normal_name: lower case, '_' as '-', for the
         * first 12 characters. */
        char buf[13];
        size_t k;
        for (k = 0; k < 12 && begin + k < t; k++) {
            char c = begin[k];
            buf[k] = c == '_' ? '-' : (c >= 'A' && c <= 'Z')
                                      ? (char)(c - 'A' + 'a') : c;
        }
        buf[k] = '\0';
        if (strcmp(buf, "utf-8") == 0 || strncmp(buf, "utf-8-", 6) == 0)
            snprintf(name, size, "utf-8");
        else if (strcmp(buf, "latin-1") == 0
                 || strcmp(buf, "iso-8859-1") == 0
                 || strcmp(buf, "iso-latin-1") == 0
                 || strncmp(buf, "latin-1-", 8) == 0
                 || strncmp(buf, "iso-8859-1-", 11) == 0
                 || strncmp(buf, "iso-latin-1-", 12) == 0)
            snprintf(name, size, "iso-8859-1");
        else
            snprintf(name, size, "%.*s", (int)(t - begin), begin);
        return 1;
    }
    return 0;
}

/* The codec a declared name means, for the codecs this lexer decodes:
 * "utf-8", "iso-8859-1" (converted) or "ascii" (read as UTF-8, which
 * agrees on ASCII); NULL for any other (CPython's codec aliases, in
 * Lib/encodings/aliases.py, give the names). */
static const char *
known_codec(const char *name)
{
    static const char *const utf8[] = {
        "utf-8", "utf8", "u8", "utf", "cp65001", "utf8-ucs2", "utf8-ucs4",
    };
    static const char *const latin1[] = {
        "iso-8859-1", "latin1", "latin", "l1", "8859", "cp819", "ibm819",
        "iso8859", "iso8859-1", "iso-ir-100", "csisolatin1",
        "iso-8859-1-1987",
    };
    static const char *const ascii[] = {
        "ascii", "us-ascii", "646", "us", "ansi-x3.4-1968",
        "ansi-x3-4-1968", "ansi-x3.4-1986", "cp367", "csascii", "ibm367",
        "iso646-us", "iso-646.irv-1991", "iso-ir-6",
    };
    char low[64];
    size_t n = strlen(name);
    if (n >= sizeof low)
        return NULL;
    for (size_t i = 0; i <= n; i++) {
        char c = name[i];
        low[i] = c == '_' ? '-' : (c >= 'A' && c <= 'Z')
                                  ? (char)(c - 'A' + 'a') : c;
    }
    for (size_t i = 0; i < sizeof utf8 / sizeof utf8[0]; i++)
        if (strcmp(low, utf8[i]) == 0)
            return "utf-8";
    for (size_t i = 0; i < sizeof latin1 / sizeof latin1[0]; i++)
        if (strcmp(low, latin1[i]) == 0)
            return "iso-8859-1";
    for (size_t i = 0; i < sizeof ascii / sizeof ascii[0]; i++)
        if (strcmp(low, ascii[i]) == 0)
            return "ascii";
    return NULL;
}

/* A coding declaration's error, with the attributes CPython gives it:
 * lineno 0, offset -1, no text, no end. */
static void
coding_error(const char *msg, oh_object *filename)
{
    py_err_syntax(PY_EXC(SyntaxError), msg, filename, 0, -1, NULL, 0, 0, 0);
}

char *
py_lex_prepare(const char *src, size_t len, int add_newline,
               oh_object *filename, size_t *outlen)
{
    if (memchr(src, '\0', len) != NULL) {
        py_err_set_string(PY_EXC(SyntaxError),
                          "source code string cannot contain null bytes");
        return NULL;
    }
    bool bom = len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0;
    if (bom) {
        src += 3;
        len -= 3;
    }

    /* The coding declaration, on line 1 or (after a comment or blank
     * line 1) line 2; each line must end with a newline to count. */
    char enc[64] = "";
    const char *nl1 = memchr(src, '\n', len);
    if (nl1 != NULL) {
        bool code_line;
        size_t n1 = (size_t)(nl1 - src) + 1;
        int found = coding_spec(src, n1, enc, sizeof enc, &code_line);
        if (!found && !code_line) {
            const char *nl2 = memchr(nl1 + 1, '\n', len - n1);
            if (nl2 != NULL)
                found = coding_spec(nl1 + 1, (size_t)(nl2 - nl1), enc,
                                    sizeof enc, &code_line);
        }
        if (found) {
            if (bom && strcmp(enc, "utf-8") != 0) {
                char msg[128];
                snprintf(msg, sizeof msg, "encoding problem: %s with BOM",
                         enc);
                coding_error(msg, filename);
                return NULL;
            }
            const char *codec = known_codec(enc);
            if (codec == NULL) {
                /* CPython's message for a codec it does not know; this
                 * lexer knows UTF-8, Latin-1 and ASCII only. */
                char msg[128];
                snprintf(msg, sizeof msg, "unknown encoding: %s", enc);
                coding_error(msg, filename);
                return NULL;
            }
            snprintf(enc, sizeof enc, "%s", codec);
        }
    }
    bool latin1 = strcmp(enc, "iso-8859-1") == 0;

    size_t need = len + 2;
    if (latin1) {
        for (size_t i = 0; i < len; i++)
            need += (unsigned char)src[i] >= 0x80;
    }
    char *out = oh_malloc(need);
    if (out == NULL) {
        oh_err_no_memory();
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c == '\r') {
            out[o++] = '\n';
            if (i + 1 < len && src[i + 1] == '\n')
                i++;
        }
        else if (latin1 && c >= 0x80) {
            out[o++] = (char)(0xC0 | (c >> 6));
            out[o++] = (char)(0x80 | (c & 0x3F));
        }
        else {
            out[o++] = (char)c;
        }
    }
    if (add_newline && (o == 0 || out[o - 1] != '\n'))
        out[o++] = '\n';
    out[o] = '\0';
    *outlen = o;
    return out;
}
