/*
 * astload.c -- rebuild python3's AST (written by ast2sexp.py) as ast.h
 * nodes in a py_arena, so that the compiler can be tested on CPython's
 * exact trees, positions included, independently of our parser.
 *
 * A reader over the text: tokens are "(", ")", "[", "]" and atoms
 * separated by blanks.  Each read_* function reads one node of its kind
 * and returns NULL (with an error set) on malformed input.
 */
#include "astload.h"

#include <stdlib.h>
#include <string.h>

typedef struct reader {
    const char *p, *end;
    py_arena *a;
    int failed;
} reader;

static void *
fail(reader *r, const char *what)
{
    if (!r->failed)
        oh_err_format(OH_ERR_VALUE, "astload: %s near '%.20s'", what, r->p);
    r->failed = 1;
    return NULL;
}

static void
skip(reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\n'))
        r->p++;
}

/* The next token's text and length (not consumed). */
static const char *
peek(reader *r, size_t *n)
{
    skip(r);
    const char *s = r->p;
    if (s >= r->end) {
        *n = 0;
        return s;
    }
    if (strchr("()[]", *s)) {
        *n = 1;
        return s;
    }
    const char *e = s;
    while (e < r->end && !strchr(" \n()[]", *e))
        e++;
    *n = (size_t)(e - s);
    return s;
}

static const char *
next(reader *r, size_t *n)
{
    const char *s = peek(r, n);
    r->p = s + *n;
    return s;
}

static int
expect(reader *r, char c)
{
    size_t n;
    const char *s = next(r, &n);
    if (n != 1 || *s != c) {
        fail(r, "unexpected token");
        return -1;
    }
    return 0;
}

static bool
is_none(reader *r)
{
    size_t n;
    const char *s = peek(r, &n);
    if (n == 1 && *s == '_') {
        r->p = s + 1;
        return true;
    }
    return false;
}

/* "(Kind" -> the kind's name in buf. */
static int
open_node(reader *r, char *buf, size_t size)
{
    if (expect(r, '(') < 0)
        return -1;
    size_t n;
    const char *s = next(r, &n);
    if (n == 0 || n >= size) {
        fail(r, "bad node kind");
        return -1;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    return 0;
}

static long
read_int(reader *r)
{
    size_t n;
    const char *s = next(r, &n);
    char buf[32];
    if (n == 0 || n >= sizeof buf) {
        fail(r, "bad number");
        return 0;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    return strtol(buf, NULL, 10);
}

static void
read_pos(reader *r, py_pos *pos)
{
    pos->lineno = (int)read_int(r);
    pos->col_offset = (int)read_int(r);
    pos->end_lineno = (int)read_int(r);
    pos->end_col_offset = (int)read_int(r);
}

static int
hexval(char c)
{
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* A constant or identifier atom; an owned, arena-held object. */
static oh_object *
read_value(reader *r)
{
    size_t n;
    const char *s = next(r, &n);
    if (n == 0)
        return fail(r, "missing value");
    oh_object *o = NULL;
    switch (s[0]) {
    case 'T':
        o = OH_TRUE;
        break;
    case 'F':
        o = OH_FALSE;
        break;
    case 'E':
        o = PY_ELLIPSIS;
        break;
    case 'n':
        return py_arena_own(r->a, oh_int_from_string(s + 1, n - 1, 10));
    case 'f':
    case 'j': {
        char buf[64];
        if (n >= sizeof buf)
            return fail(r, "bad float");
        memcpy(buf, s + 1, n - 1);
        buf[n - 1] = '\0';
        double d = strtod(buf, NULL);
        return py_arena_own(r->a, s[0] == 'f'
                                      ? oh_float_from_double(d)
                                      : py_complex_from_doubles(0.0, d));
    }
    case 's':
    case 'b': {
        size_t len = (n - 1) / 2;
        char *buf = malloc(len + 1);
        if (buf == NULL)
            return fail(r, "out of memory");
        for (size_t i = 0; i < len; i++)
            buf[i] = (char)(hexval(s[1 + 2 * i]) << 4
                            | hexval(s[2 + 2 * i]));
        if (s[0] == 'b') {
            o = oh_bytes_from(buf, len);
        }
        else {
            oh_object *t = oh_str_from_utf8(buf, len);
            o = t ? oh_str_intern(t) : NULL;
            oh_xdecref(t);
        }
        free(buf);
        return py_arena_own(r->a, o);
    }
    default:
        return fail(r, "bad value");
    }
    oh_incref(o);
    return py_arena_own(r->a, o);
}

/* An identifier or None. */
static oh_object *
read_ident(reader *r)
{
    return is_none(r) ? NULL : read_value(r);
}

typedef void *(*read_fn)(reader *r);

static py_seq *
read_seq(reader *r, read_fn fn, bool nullable)
{
    if (expect(r, '[') < 0)
        return NULL;
    /* Count first: the sequence is allocated at its size. */
    const char *save = r->p;
    size_t count = 0;
    int depth = 0;
    for (;;) {
        size_t n;
        const char *s = next(r, &n);
        if (n == 0)
            return fail(r, "unterminated list");
        bool open = n == 1 && (*s == '(' || *s == '[');
        bool close = n == 1 && (*s == ')' || *s == ']');
        if (close) {
            if (depth == 0)
                break;
            depth--;
            continue;
        }
        if (depth == 0)
            count++;
        if (open)
            depth++;
    }
    r->p = save;
    py_seq *seq = py_seq_new(r->a, count);
    if (seq == NULL)
        return fail(r, "out of memory");
    for (size_t i = 0; i < count; i++) {
        if (nullable && is_none(r)) {
            seq->items[i] = NULL;
            continue;
        }
        seq->items[i] = fn(r);
        if (seq->items[i] == NULL)
            return fail(r, "bad list item");
    }
    if (expect(r, ']') < 0)
        return NULL;
    return seq;
}

static void *read_expr(reader *r);
static void *read_stmt(reader *r);

static py_expr *
read_opt_expr(reader *r)
{
    return is_none(r) ? NULL : read_expr(r);
}

/* An operator or context: "(Name)". */
static int
read_op(reader *r, const char *const *names, int first)
{
    char kind[32];
    if (open_node(r, kind, sizeof kind) < 0 || expect(r, ')') < 0)
        return -1;
    for (int i = 0; names[i] != NULL; i++)
        if (strcmp(names[i], kind) == 0)
            return first + i;
    fail(r, "unknown operator");
    return -1;
}

static const char *const binops[] = {
    "Add", "Sub", "Mult", "MatMult", "Div", "Mod", "Pow", "LShift",
    "RShift", "BitOr", "BitXor", "BitAnd", "FloorDiv", NULL
};
static const char *const cmpops[] = {
    "Lt", "LtE", "Eq", "NotEq", "Gt", "GtE", "Is", "IsNot", "In", "NotIn",
    NULL
};
static const char *const unaryops[] = {"Invert", "Not", "UAdd", "USub", NULL};
static const char *const boolops[] = {"And", "Or", NULL};
static const char *const ctxs[] = {"Load", "Store", "Del", NULL};

static void *
read_cmpop(reader *r)
{
    int op = read_op(r, cmpops, PY_CMP_LT);
    /* Never NULL: the item is the number (+ 1 to tell it from NULL). */
    return op < 0 ? NULL : (void *)(intptr_t)(op + 1);
}

static void *
read_arg(reader *r)
{
    char kind[32];
    if (open_node(r, kind, sizeof kind) < 0)
        return NULL;
    py_arg *a = py_arena_alloc(r->a, sizeof *a);
    if (a == NULL)
        return fail(r, "out of memory");
    read_pos(r, &a->pos);
    a->arg = read_value(r);
    a->annotation = read_opt_expr(r);
    read_ident(r);                      /* type_comment */
    if (expect(r, ')') < 0)
        return NULL;
    return a;
}

static py_arguments *
read_arguments(reader *r)
{
    char kind[32];
    if (open_node(r, kind, sizeof kind) < 0)
        return NULL;
    py_arguments *a = py_arena_alloc(r->a, sizeof *a);
    if (a == NULL)
        return fail(r, "out of memory");
    a->posonlyargs = read_seq(r, read_arg, false);
    a->args = read_seq(r, read_arg, false);
    a->vararg = is_none(r) ? NULL : read_arg(r);
    a->kwonlyargs = read_seq(r, read_arg, false);
    a->kw_defaults = read_seq(r, read_expr, true);
    a->kwarg = is_none(r) ? NULL : read_arg(r);
    a->defaults = read_seq(r, read_expr, false);
    if (expect(r, ')') < 0)
        return NULL;
    return a;
}

static void *
read_keyword(reader *r)
{
    char kind[32];
    if (open_node(r, kind, sizeof kind) < 0)
        return NULL;
    py_keyword *k = py_arena_alloc(r->a, sizeof *k);
    if (k == NULL)
        return fail(r, "out of memory");
    read_pos(r, &k->pos);
    k->arg = read_ident(r);
    k->value = read_expr(r);
    if (expect(r, ')') < 0)
        return NULL;
    return k;
}

static void *
read_alias(reader *r)
{
    char kind[32];
    if (open_node(r, kind, sizeof kind) < 0)
        return NULL;
    py_alias *al = py_arena_alloc(r->a, sizeof *al);
    if (al == NULL)
        return fail(r, "out of memory");
    read_pos(r, &al->pos);
    al->name = read_value(r);
    al->asname = read_ident(r);
    if (expect(r, ')') < 0)
        return NULL;
    return al;
}

static void *
read_withitem(reader *r)
{
    char kind[32];
    if (open_node(r, kind, sizeof kind) < 0)
        return NULL;
    py_withitem *w = py_arena_alloc(r->a, sizeof *w);
    if (w == NULL)
        return fail(r, "out of memory");
    w->context_expr = read_expr(r);
    w->optional_vars = read_opt_expr(r);
    if (expect(r, ')') < 0)
        return NULL;
    return w;
}

static void *
read_handler(reader *r)
{
    char kind[32];
    if (open_node(r, kind, sizeof kind) < 0)
        return NULL;
    py_excepthandler *h = py_arena_alloc(r->a, sizeof *h);
    if (h == NULL)
        return fail(r, "out of memory");
    read_pos(r, &h->pos);
    h->type = read_opt_expr(r);
    h->name = read_ident(r);
    h->body = read_seq(r, read_stmt, false);
    if (expect(r, ')') < 0)
        return NULL;
    return h;
}

static void *
read_comprehension(reader *r)
{
    char kind[32];
    if (open_node(r, kind, sizeof kind) < 0)
        return NULL;
    py_comprehension *c = py_arena_alloc(r->a, sizeof *c);
    if (c == NULL)
        return fail(r, "out of memory");
    c->target = read_expr(r);
    c->iter = read_expr(r);
    c->ifs = read_seq(r, read_expr, false);
    read_value(r);                      /* is_async */
    if (expect(r, ')') < 0)
        return NULL;
    return c;
}

static void *
read_ident_item(reader *r)
{
    return read_value(r);
}

static const struct {
    const char *name;
    py_expr_kind kind;
} expr_kinds[] = {
    {"BoolOp", PY_E_BOOLOP}, {"NamedExpr", PY_E_NAMEDEXPR},
    {"BinOp", PY_E_BINOP}, {"UnaryOp", PY_E_UNARYOP},
    {"Lambda", PY_E_LAMBDA}, {"IfExp", PY_E_IFEXP}, {"Dict", PY_E_DICT},
    {"Set", PY_E_SET}, {"ListComp", PY_E_LISTCOMP},
    {"SetComp", PY_E_SETCOMP}, {"DictComp", PY_E_DICTCOMP},
    {"GeneratorExp", PY_E_GENERATOREXP}, {"Yield", PY_E_YIELD},
    {"YieldFrom", PY_E_YIELDFROM}, {"Compare", PY_E_COMPARE},
    {"Call", PY_E_CALL}, {"FormattedValue", PY_E_FORMATTEDVALUE},
    {"JoinedStr", PY_E_JOINEDSTR}, {"Constant", PY_E_CONSTANT},
    {"Attribute", PY_E_ATTRIBUTE}, {"Subscript", PY_E_SUBSCRIPT},
    {"Starred", PY_E_STARRED}, {"Name", PY_E_NAME}, {"List", PY_E_LIST},
    {"Tuple", PY_E_TUPLE}, {"Slice", PY_E_SLICE},
};

static void *
read_expr(reader *r)
{
    char kind[32];
    if (open_node(r, kind, sizeof kind) < 0)
        return NULL;
    py_expr *e = py_arena_alloc(r->a, sizeof *e);
    if (e == NULL)
        return fail(r, "out of memory");
    e->kind = 0;
    for (size_t i = 0; i < sizeof expr_kinds / sizeof expr_kinds[0]; i++)
        if (strcmp(expr_kinds[i].name, kind) == 0)
            e->kind = expr_kinds[i].kind;
    if (e->kind == 0)
        return fail(r, "unknown expression");
    read_pos(r, &e->pos);
    switch (e->kind) {
    case PY_E_BOOLOP:
        e->v.boolop.op = (py_boolop)read_op(r, boolops, PY_AND);
        e->v.boolop.values = read_seq(r, read_expr, false);
        break;
    case PY_E_NAMEDEXPR:
        e->v.namedexpr.target = read_expr(r);
        e->v.namedexpr.value = read_expr(r);
        break;
    case PY_E_BINOP:
        e->v.binop.left = read_expr(r);
        e->v.binop.op = (py_operator)read_op(r, binops, PY_OP_ADD);
        e->v.binop.right = read_expr(r);
        break;
    case PY_E_UNARYOP:
        e->v.unaryop.op = (py_unaryop)read_op(r, unaryops, PY_INVERT);
        e->v.unaryop.operand = read_expr(r);
        break;
    case PY_E_LAMBDA:
        e->v.lambda.args = read_arguments(r);
        e->v.lambda.body = read_expr(r);
        break;
    case PY_E_IFEXP:
        e->v.ifexp.test = read_expr(r);
        e->v.ifexp.body = read_expr(r);
        e->v.ifexp.orelse = read_expr(r);
        break;
    case PY_E_DICT:
        e->v.dict.keys = read_seq(r, read_expr, true);
        e->v.dict.values = read_seq(r, read_expr, false);
        break;
    case PY_E_SET:
        e->v.set.elts = read_seq(r, read_expr, false);
        break;
    case PY_E_LISTCOMP:
    case PY_E_SETCOMP:
    case PY_E_GENERATOREXP:
        e->v.comp.elt = read_expr(r);
        e->v.comp.generators = read_seq(r, read_comprehension, false);
        break;
    case PY_E_DICTCOMP:
        e->v.comp.elt = read_expr(r);
        e->v.comp.value = read_expr(r);
        e->v.comp.generators = read_seq(r, read_comprehension, false);
        break;
    case PY_E_YIELD:
        e->v.yield.value = read_opt_expr(r);
        break;
    case PY_E_YIELDFROM:
        e->v.yieldfrom.value = read_expr(r);
        break;
    case PY_E_COMPARE: {
        e->v.compare.left = read_expr(r);
        py_seq *ops = read_seq(r, read_cmpop, false);
        if (ops != NULL)
            for (size_t i = 0; i < ops->n; i++)
                ops->items[i] = (void *)((intptr_t)ops->items[i] - 1);
        e->v.compare.ops = ops;
        e->v.compare.comparators = read_seq(r, read_expr, false);
        break;
    }
    case PY_E_CALL:
        e->v.call.func = read_expr(r);
        e->v.call.args = read_seq(r, read_expr, false);
        e->v.call.keywords = read_seq(r, read_keyword, false);
        break;
    case PY_E_FORMATTEDVALUE: {
        e->v.formattedvalue.value = read_expr(r);
        oh_object *conv = read_value(r);
        int64_t c = -1;
        if (conv != NULL)
            oh_int_as_i64(conv, &c);
        e->v.formattedvalue.conversion = (int)c;
        e->v.formattedvalue.format_spec = read_opt_expr(r);
        break;
    }
    case PY_E_JOINEDSTR:
        e->v.joinedstr.values = read_seq(r, read_expr, false);
        break;
    case PY_E_CONSTANT:
        if (is_none(r)) {
            oh_incref(OH_NONE);
            e->v.constant.value = py_arena_own(r->a, OH_NONE);
        }
        else {
            e->v.constant.value = read_value(r);
        }
        e->v.constant.kind = read_ident(r);
        break;
    case PY_E_ATTRIBUTE:
        e->v.attribute.value = read_expr(r);
        e->v.attribute.attr = read_value(r);
        e->v.attribute.ctx = (py_expr_context)read_op(r, ctxs, PY_LOAD);
        break;
    case PY_E_SUBSCRIPT:
        e->v.subscript.value = read_expr(r);
        e->v.subscript.slice = read_expr(r);
        e->v.subscript.ctx = (py_expr_context)read_op(r, ctxs, PY_LOAD);
        break;
    case PY_E_STARRED:
        e->v.starred.value = read_expr(r);
        e->v.starred.ctx = (py_expr_context)read_op(r, ctxs, PY_LOAD);
        break;
    case PY_E_NAME:
        e->v.name.id = read_value(r);
        e->v.name.ctx = (py_expr_context)read_op(r, ctxs, PY_LOAD);
        break;
    case PY_E_LIST:
        e->v.list.elts = read_seq(r, read_expr, false);
        e->v.list.ctx = (py_expr_context)read_op(r, ctxs, PY_LOAD);
        break;
    case PY_E_TUPLE:
        e->v.tuple.elts = read_seq(r, read_expr, false);
        e->v.tuple.ctx = (py_expr_context)read_op(r, ctxs, PY_LOAD);
        break;
    case PY_E_SLICE:
        e->v.slice.lower = read_opt_expr(r);
        e->v.slice.upper = read_opt_expr(r);
        e->v.slice.step = read_opt_expr(r);
        break;
    }
    if (expect(r, ')') < 0 || r->failed)
        return NULL;
    return e;
}

static const struct {
    const char *name;
    py_stmt_kind kind;
} stmt_kinds[] = {
    {"FunctionDef", PY_S_FUNCTIONDEF}, {"ClassDef", PY_S_CLASSDEF},
    {"Return", PY_S_RETURN}, {"Delete", PY_S_DELETE},
    {"Assign", PY_S_ASSIGN}, {"AugAssign", PY_S_AUGASSIGN},
    {"AnnAssign", PY_S_ANNASSIGN}, {"For", PY_S_FOR},
    {"While", PY_S_WHILE}, {"If", PY_S_IF}, {"With", PY_S_WITH},
    {"Raise", PY_S_RAISE}, {"Try", PY_S_TRY}, {"Assert", PY_S_ASSERT},
    {"Import", PY_S_IMPORT}, {"ImportFrom", PY_S_IMPORTFROM},
    {"Global", PY_S_GLOBAL}, {"Nonlocal", PY_S_NONLOCAL},
    {"Expr", PY_S_EXPR}, {"Pass", PY_S_PASS}, {"Break", PY_S_BREAK},
    {"Continue", PY_S_CONTINUE},
};

static void *
read_stmt(reader *r)
{
    char kind[32];
    if (open_node(r, kind, sizeof kind) < 0)
        return NULL;
    py_stmt *s = py_arena_alloc(r->a, sizeof *s);
    if (s == NULL)
        return fail(r, "out of memory");
    s->kind = 0;
    for (size_t i = 0; i < sizeof stmt_kinds / sizeof stmt_kinds[0]; i++)
        if (strcmp(stmt_kinds[i].name, kind) == 0)
            s->kind = stmt_kinds[i].kind;
    if (s->kind == 0)
        return fail(r, "unsupported statement");
    read_pos(r, &s->pos);
    switch (s->kind) {
    case PY_S_FUNCTIONDEF:
        s->v.functiondef.name = read_value(r);
        s->v.functiondef.args = read_arguments(r);
        s->v.functiondef.body = read_seq(r, read_stmt, false);
        s->v.functiondef.decorator_list = read_seq(r, read_expr, false);
        s->v.functiondef.returns = read_opt_expr(r);
        read_ident(r);
        break;
    case PY_S_CLASSDEF:
        s->v.classdef.name = read_value(r);
        s->v.classdef.bases = read_seq(r, read_expr, false);
        s->v.classdef.keywords = read_seq(r, read_keyword, false);
        s->v.classdef.body = read_seq(r, read_stmt, false);
        s->v.classdef.decorator_list = read_seq(r, read_expr, false);
        break;
    case PY_S_RETURN:
        s->v.return_.value = read_opt_expr(r);
        break;
    case PY_S_DELETE:
        s->v.delete_.targets = read_seq(r, read_expr, false);
        break;
    case PY_S_ASSIGN:
        s->v.assign.targets = read_seq(r, read_expr, false);
        s->v.assign.value = read_expr(r);
        read_ident(r);
        break;
    case PY_S_AUGASSIGN:
        s->v.augassign.target = read_expr(r);
        s->v.augassign.op = (py_operator)read_op(r, binops, PY_OP_ADD);
        s->v.augassign.value = read_expr(r);
        break;
    case PY_S_ANNASSIGN:
        s->v.annassign.target = read_expr(r);
        s->v.annassign.annotation = read_expr(r);
        s->v.annassign.value = read_opt_expr(r);
        {
            oh_object *simple = read_value(r);
            int64_t v = 0;
            if (simple != NULL)
                oh_int_as_i64(simple, &v);
            s->v.annassign.simple = (int)v;
        }
        break;
    case PY_S_FOR:
        s->v.for_.target = read_expr(r);
        s->v.for_.iter = read_expr(r);
        s->v.for_.body = read_seq(r, read_stmt, false);
        s->v.for_.orelse = read_seq(r, read_stmt, false);
        read_ident(r);
        break;
    case PY_S_WHILE:
        s->v.while_.test = read_expr(r);
        s->v.while_.body = read_seq(r, read_stmt, false);
        s->v.while_.orelse = read_seq(r, read_stmt, false);
        break;
    case PY_S_IF:
        s->v.if_.test = read_expr(r);
        s->v.if_.body = read_seq(r, read_stmt, false);
        s->v.if_.orelse = read_seq(r, read_stmt, false);
        break;
    case PY_S_WITH:
        s->v.with.items = read_seq(r, read_withitem, false);
        s->v.with.body = read_seq(r, read_stmt, false);
        read_ident(r);
        break;
    case PY_S_RAISE:
        s->v.raise.exc = read_opt_expr(r);
        s->v.raise.cause = read_opt_expr(r);
        break;
    case PY_S_TRY:
        s->v.try_.body = read_seq(r, read_stmt, false);
        s->v.try_.handlers = read_seq(r, read_handler, false);
        s->v.try_.orelse = read_seq(r, read_stmt, false);
        s->v.try_.finalbody = read_seq(r, read_stmt, false);
        break;
    case PY_S_ASSERT:
        s->v.assert_.test = read_expr(r);
        s->v.assert_.msg = read_opt_expr(r);
        break;
    case PY_S_IMPORT:
        s->v.import.names = read_seq(r, read_alias, false);
        break;
    case PY_S_IMPORTFROM: {
        s->v.importfrom.module = read_ident(r);
        s->v.importfrom.names = read_seq(r, read_alias, false);
        oh_object *level = read_ident(r);
        int64_t lv = 0;
        if (level != NULL)
            oh_int_as_i64(level, &lv);
        s->v.importfrom.level = (int)lv;
        break;
    }
    case PY_S_GLOBAL:
        s->v.global.names = read_seq(r, read_ident_item, false);
        break;
    case PY_S_NONLOCAL:
        s->v.nonlocal.names = read_seq(r, read_ident_item, false);
        break;
    case PY_S_EXPR:
        s->v.expr.value = read_expr(r);
        break;
    case PY_S_PASS:
    case PY_S_BREAK:
    case PY_S_CONTINUE:
        break;
    }
    if (expect(r, ')') < 0 || r->failed)
        return NULL;
    return s;
}

py_mod *
astload(py_arena *a, const char *text, size_t len)
{
    reader r = {text, text + len, a, 0};
    py_mod *mod = py_arena_alloc(a, sizeof *mod);
    if (mod == NULL)
        return NULL;
    char kind[32];
    if (open_node(&r, kind, sizeof kind) < 0)
        return NULL;
    if (strcmp(kind, "Module") == 0) {
        mod->mode = PY_MODE_EXEC;
        mod->body = read_seq(&r, read_stmt, false);
        read_seq(&r, read_stmt, false);         /* type_ignores: [] */
    }
    else if (strcmp(kind, "Interactive") == 0) {
        mod->mode = PY_MODE_SINGLE;
        mod->body = read_seq(&r, read_stmt, false);
    }
    else if (strcmp(kind, "Expression") == 0) {
        mod->mode = PY_MODE_EVAL;
        mod->expr = read_expr(&r);
    }
    else {
        return fail(&r, "unknown module kind");
    }
    if (expect(&r, ')') < 0 || r.failed)
        return NULL;
    return mod;
}
