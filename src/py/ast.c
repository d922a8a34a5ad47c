/*
 * ast.c -- the tree's memory (py_arena, py_seq) and ast.dump.
 *
 * What it owns
 * ------------
 * The arena every node of a tree lives in (ast.h explains why: one free
 * drops a whole tree, and an error half-way leaks nothing), the
 * sequences, and py_ast_dump, the text CPython 3.11's ast.dump() gives
 * for the same tree, which the parser's tests compare with python3's
 * (py_ast_dump_attrs adds the positions, as include_attributes=True).
 *
 * Data structures
 * ---------------
 *
 *   py_arena
 *     chunks --> [next | size | bytes ...........]  --> older chunk --> ...
 *     ptr, limit: the free part of the newest chunk
 *     owned --> [next | n | objects[AST_OWN_BLOCK]] --> older block --> ...
 *
 * Allocation bumps ptr; a request that does not fit starts a new chunk
 * of AST_CHUNK bytes, or of the request's size when larger (the rest of
 * the old chunk is left unused).  Owned objects go in blocks of pointers
 * kept outside the chunks, so that freeing the arena can drop them
 * before the chunks go.
 *
 * Invariants (AST1-AST4, about the tree, are in ast.h)
 * ----------
 * AST5. ptr and limit lie in the newest chunk (or are both NULL before the
 *       first allocation), ptr <= limit, and ptr is 8-aligned.
 * AST6. Every object in an owned block holds one reference that the arena
 *       drops exactly once, in py_arena_free.
 *
 * Tunables
 * --------
 * AST_CHUNK, 8 KiB: ast.h's figure; a 100-line module needs two or three.
 * AST_OWN_BLOCK, 62 pointers: a block is then 512 bytes, the allocator's
 * largest small size class.
 */
#include "py/lexer.h"

#include <stdio.h>
#include <string.h>

/* ==========================================================================
 * The arena
 * ========================================================================== */

#define AST_CHUNK 8192
#define AST_OWN_BLOCK 62

typedef struct ast_chunk {
    struct ast_chunk *next;             /* the chunk made before */
    size_t size;                        /* bytes in data */
    _Alignas(16) char data[];
} ast_chunk;

typedef struct ast_own_block {
    struct ast_own_block *next;         /* the block filled before */
    size_t n;                           /* objects in use */
    oh_object *objects[AST_OWN_BLOCK];
} ast_own_block;

_Static_assert(sizeof(ast_own_block) == 512,
               "an owned block is one 512-byte size class");

struct py_arena {
    ast_chunk *chunks;                  /* newest first */
    char *ptr, *limit;                  /* AST5 */
    ast_own_block *owned;               /* newest first (AST6) */
};

py_arena *
py_arena_new(void)
{
    py_arena *a = oh_malloc(sizeof *a);
    if (a == NULL)
        return oh_err_no_memory();
    memset(a, 0, sizeof *a);
    return a;
}

void
py_arena_free(py_arena *a)
{
    if (a == NULL)
        return;
    ast_own_block *b = a->owned;
    while (b != NULL) {
        ast_own_block *next = b->next;
        for (size_t i = 0; i < b->n; i++)
            oh_decref(b->objects[i]);
        oh_free(b);
        b = next;
    }
    ast_chunk *c = a->chunks;
    while (c != NULL) {
        ast_chunk *next = c->next;
        oh_free(c);
        c = next;
    }
    oh_free(a);
}

void *
py_arena_alloc(py_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    if (n == 0)
        n = 8;
    if (a->ptr == NULL || (size_t)(a->limit - a->ptr) < n) {
        size_t size = n > AST_CHUNK ? n : AST_CHUNK;
        if (size > SIZE_MAX - sizeof(ast_chunk))
            return oh_err_no_memory();
        ast_chunk *c = oh_malloc(sizeof(ast_chunk) + size);
        if (c == NULL)
            return oh_err_no_memory();
        c->size = size;
        c->next = a->chunks;
        a->chunks = c;
        a->ptr = c->data;
        a->limit = c->data + size;
    }
    void *p = a->ptr;
    a->ptr += n;
    OH_ASSERT(a->ptr <= a->limit);
    memset(p, 0, n);
    return p;
}

oh_object *
py_arena_own(py_arena *a, oh_object *o)
{
    if (o == NULL)
        return NULL;
    ast_own_block *b = a->owned;
    if (b == NULL || b->n == AST_OWN_BLOCK) {
        b = oh_malloc(sizeof *b);
        if (b == NULL) {
            oh_decref(o);
            return oh_err_no_memory();
        }
        b->n = 0;
        b->next = a->owned;
        a->owned = b;
    }
    b->objects[b->n++] = o;
    return o;
}

py_seq *
py_seq_new(py_arena *a, size_t n)
{
    if (n > (SIZE_MAX - sizeof(py_seq)) / sizeof(void *))
        return oh_err_no_memory();
    py_seq *s = py_arena_alloc(a, sizeof(py_seq) + n * sizeof(void *));
    if (s != NULL)
        s->n = n;
    return s;
}

/* ==========================================================================
 * ast.dump
 *
 * The format of CPython 3.11's ast.dump(node) with its defaults
 * (annotate_fields=True, include_attributes=False): every field as
 * name=value, in the order of Parser/Python.asdl; a field that is
 * optional there ('?') and None here is left out; lists print as
 * [a, b]; constants print as their repr.
 * ========================================================================== */

typedef struct dumper {
    ohi_strbuf b;
    int failed;                         /* a repr failed (error set) */
    int attrs;                          /* include_attributes=True */
} dumper;

static void dump_expr(dumper *d, const py_expr *e);
static void dump_stmts(dumper *d, const py_seq *s);

static void
put(dumper *d, const char *s)
{
    ohi_strbuf_adds(&d->b, s);
}

/* repr() of a str, as Python writes it: quotes, backslash escapes, and
 * \x, \u or \U for what is not printable (py_unicode_isprintable). */
static void
put_str_repr(dumper *d, oh_object *s)
{
    size_t n;
    const char *p = oh_str_utf8(s, &n);
    if (p == NULL) {
        d->failed = 1;
        return;
    }
    const char *end = p + n;
    char quote = '\'';
    if (memchr(p, '\'', n) != NULL && memchr(p, '"', n) == NULL)
        quote = '"';
    ohi_strbuf_add(&d->b, &quote, 1);
    while (p < end) {
        int len;
        uint32_t c = py_lex_utf8_decode(p, end, &len);
        char esc[16];
        if (c == (uint32_t)quote || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            ohi_strbuf_add(&d->b, esc, 2);
        }
        else if (c == '\t') {
            put(d, "\\t");
        }
        else if (c == '\n') {
            put(d, "\\n");
        }
        else if (c == '\r') {
            put(d, "\\r");
        }
        else if (c < ' ' || c == 0x7F
                 || (c >= 0x80 && !py_unicode_isprintable(c))) {
            snprintf(esc, sizeof esc, c <= 0xFF ? "\\x%02x"
                     : c <= 0xFFFF ? "\\u%04x" : "\\U%08x", (unsigned)c);
            put(d, esc);
        }
        else {
            ohi_strbuf_add(&d->b, p, (size_t)len);
        }
        p += len;
    }
    ohi_strbuf_add(&d->b, &quote, 1);
}

/* A constant or identifier: its repr. */
static void
put_repr(dumper *d, oh_object *o)
{
    if (o == PY_ELLIPSIS) {
        put(d, "Ellipsis");
        return;
    }
    if (oh_str_check(o)) {
        put_str_repr(d, o);
        return;
    }
    if (ohi_strbuf_add_repr(&d->b, o) < 0)
        d->failed = 1;
}

/* include_attributes=True: the positions of a stmt, expr, arg, keyword,
 * alias or excepthandler, after its fields. */
static void
put_attrs(dumper *d, const py_pos *pos)
{
    if (!d->attrs)
        return;
    char buf[96];
    bool first = d->b.len > 0 && d->b.data[d->b.len - 1] == '(';
    snprintf(buf, sizeof buf, "%slineno=%d, col_offset=%d, end_lineno=%d, "
             "end_col_offset=%d", first ? "" : ", ", pos->lineno,
             pos->col_offset, pos->end_lineno, pos->end_col_offset);
    put(d, buf);
}

static void
put_id_field(dumper *d, const char *name, oh_object *id, bool first)
{
    if (id == NULL)
        return;
    if (!first)
        put(d, ", ");
    put(d, name);
    put(d, "=");
    put_repr(d, id);
}

static void
put_expr_field(dumper *d, const char *name, const py_expr *e, bool first)
{
    if (e == NULL)
        return;
    if (!first)
        put(d, ", ");
    put(d, name);
    put(d, "=");
    dump_expr(d, e);
}

static void
put_exprs(dumper *d, const char *name, const py_seq *s)
{
    put(d, name);
    put(d, "=[");
    for (size_t i = 0; i < PY_SEQ_LEN(s); i++) {
        if (i > 0)
            put(d, ", ");
        const py_expr *e = PY_SEQ_GET(s, i);
        if (e == NULL)
            put(d, "None");             /* Dict.keys, kw_defaults (AST3) */
        else
            dump_expr(d, e);
    }
    put(d, "]");
}

static void
put_ctx(dumper *d, py_expr_context ctx)
{
    put(d, ", ctx=");
    put(d, ctx == PY_STORE ? "Store()" : ctx == PY_DEL ? "Del()" : "Load()");
}

static const char *
operator_name(py_operator op)
{
    static const char *const names[PY_OP_NBINARY] = {
        "Add", "Sub", "Mult", "MatMult", "Div", "Mod", "Pow", "LShift",
        "RShift", "BitOr", "BitXor", "BitAnd", "FloorDiv",
    };
    return (unsigned)op < PY_OP_NBINARY ? names[op] : "?";
}

static const char *
cmpop_name(py_cmpop op)
{
    static const char *const names[] = {
        "Lt", "LtE", "Eq", "NotEq", "Gt", "GtE", "Is", "IsNot", "In",
        "NotIn",
    };
    return (unsigned)op < sizeof names / sizeof names[0] ? names[op] : "?";
}

static const char *
unaryop_name(py_unaryop op)
{
    switch (op) {
    case PY_INVERT: return "Invert";
    case PY_NOT: return "Not";
    case PY_UADD: return "UAdd";
    case PY_USUB: return "USub";
    }
    return "?";
}

static void
dump_arg(dumper *d, const py_arg *a)
{
    put(d, "arg(arg=");
    put_repr(d, a->arg);
    put_expr_field(d, "annotation", a->annotation, false);
    put_attrs(d, &a->pos);
    put(d, ")");
}

static void
put_args(dumper *d, const char *name, const py_seq *s)
{
    put(d, name);
    put(d, "=[");
    for (size_t i = 0; i < PY_SEQ_LEN(s); i++) {
        if (i > 0)
            put(d, ", ");
        dump_arg(d, PY_SEQ_GET(s, i));
    }
    put(d, "]");
}

static void
dump_arguments(dumper *d, const py_arguments *a)
{
    put(d, "arguments(");
    put_args(d, "posonlyargs", a->posonlyargs);
    put_args(d, ", args", a->args);
    if (a->vararg != NULL) {
        put(d, ", vararg=");
        dump_arg(d, a->vararg);
    }
    put_args(d, ", kwonlyargs", a->kwonlyargs);
    put_exprs(d, ", kw_defaults", a->kw_defaults);
    if (a->kwarg != NULL) {
        put(d, ", kwarg=");
        dump_arg(d, a->kwarg);
    }
    put_exprs(d, ", defaults", a->defaults);
    put(d, ")");
}

static void
put_keywords(dumper *d, const py_seq *s)
{
    put(d, "keywords=[");
    for (size_t i = 0; i < PY_SEQ_LEN(s); i++) {
        const py_keyword *k = PY_SEQ_GET(s, i);
        if (i > 0)
            put(d, ", ");
        put(d, "keyword(");
        if (k->arg != NULL) {
            put(d, "arg=");
            put_repr(d, k->arg);
            put(d, ", ");
        }
        put(d, "value=");
        dump_expr(d, k->value);
        put_attrs(d, &k->pos);
        put(d, ")");
    }
    put(d, "]");
}

static void
put_generators(dumper *d, const py_seq *s)
{
    put(d, "generators=[");
    for (size_t i = 0; i < PY_SEQ_LEN(s); i++) {
        const py_comprehension *c = PY_SEQ_GET(s, i);
        if (i > 0)
            put(d, ", ");
        put(d, "comprehension(target=");
        dump_expr(d, c->target);
        put(d, ", iter=");
        dump_expr(d, c->iter);
        put(d, ", ");
        put_exprs(d, "ifs", c->ifs);
        put(d, ", is_async=0)");
    }
    put(d, "]");
}

static void
dump_expr(dumper *d, const py_expr *e)
{
    switch (e->kind) {
    case PY_E_BOOLOP:
        put(d, "BoolOp(op=");
        put(d, e->v.boolop.op == PY_AND ? "And()" : "Or()");
        put(d, ", ");
        put_exprs(d, "values", e->v.boolop.values);
        break;
    case PY_E_NAMEDEXPR:
        put(d, "NamedExpr(target=");
        dump_expr(d, e->v.namedexpr.target);
        put(d, ", value=");
        dump_expr(d, e->v.namedexpr.value);
        break;
    case PY_E_BINOP:
        put(d, "BinOp(left=");
        dump_expr(d, e->v.binop.left);
        put(d, ", op=");
        put(d, operator_name(e->v.binop.op));
        put(d, "(), right=");
        dump_expr(d, e->v.binop.right);
        break;
    case PY_E_UNARYOP:
        put(d, "UnaryOp(op=");
        put(d, unaryop_name(e->v.unaryop.op));
        put(d, "(), operand=");
        dump_expr(d, e->v.unaryop.operand);
        break;
    case PY_E_LAMBDA:
        put(d, "Lambda(args=");
        dump_arguments(d, e->v.lambda.args);
        put(d, ", body=");
        dump_expr(d, e->v.lambda.body);
        break;
    case PY_E_IFEXP:
        put(d, "IfExp(test=");
        dump_expr(d, e->v.ifexp.test);
        put(d, ", body=");
        dump_expr(d, e->v.ifexp.body);
        put(d, ", orelse=");
        dump_expr(d, e->v.ifexp.orelse);
        break;
    case PY_E_DICT:
        put(d, "Dict(");
        put_exprs(d, "keys", e->v.dict.keys);
        put_exprs(d, ", values", e->v.dict.values);
        break;
    case PY_E_SET:
        put(d, "Set(");
        put_exprs(d, "elts", e->v.set.elts);
        break;
    case PY_E_LISTCOMP:
    case PY_E_SETCOMP:
    case PY_E_GENERATOREXP:
        put(d, e->kind == PY_E_LISTCOMP ? "ListComp(elt="
               : e->kind == PY_E_SETCOMP ? "SetComp(elt="
               : "GeneratorExp(elt=");
        dump_expr(d, e->v.comp.elt);
        put(d, ", ");
        put_generators(d, e->v.comp.generators);
        break;
    case PY_E_DICTCOMP:
        put(d, "DictComp(key=");
        dump_expr(d, e->v.comp.elt);
        put(d, ", value=");
        dump_expr(d, e->v.comp.value);
        put(d, ", ");
        put_generators(d, e->v.comp.generators);
        break;
    case PY_E_YIELD:
        put(d, "Yield(");
        put_expr_field(d, "value", e->v.yield.value, true);
        break;
    case PY_E_YIELDFROM:
        put(d, "YieldFrom(value=");
        dump_expr(d, e->v.yieldfrom.value);
        break;
    case PY_E_COMPARE:
        put(d, "Compare(left=");
        dump_expr(d, e->v.compare.left);
        put(d, ", ops=[");
        for (size_t i = 0; i < PY_SEQ_LEN(e->v.compare.ops); i++) {
            if (i > 0)
                put(d, ", ");
            put(d, cmpop_name((py_cmpop)(intptr_t)
                              PY_SEQ_GET(e->v.compare.ops, i)));
            put(d, "()");
        }
        put(d, "], ");
        put_exprs(d, "comparators", e->v.compare.comparators);
        break;
    case PY_E_CALL:
        put(d, "Call(func=");
        dump_expr(d, e->v.call.func);
        put(d, ", ");
        put_exprs(d, "args", e->v.call.args);
        put(d, ", ");
        put_keywords(d, e->v.call.keywords);
        break;
    case PY_E_FORMATTEDVALUE: {
        char buf[32];
        put(d, "FormattedValue(value=");
        dump_expr(d, e->v.formattedvalue.value);
        snprintf(buf, sizeof buf, ", conversion=%d",
                 e->v.formattedvalue.conversion);
        put(d, buf);
        put_expr_field(d, "format_spec", e->v.formattedvalue.format_spec,
                       false);
        break;
    }
    case PY_E_JOINEDSTR:
        put(d, "JoinedStr(");
        put_exprs(d, "values", e->v.joinedstr.values);
        break;
    case PY_E_CONSTANT:
        put(d, "Constant(value=");
        put_repr(d, e->v.constant.value);
        put_id_field(d, "kind", e->v.constant.kind, false);
        break;
    case PY_E_ATTRIBUTE:
        put(d, "Attribute(value=");
        dump_expr(d, e->v.attribute.value);
        put(d, ", attr=");
        put_repr(d, e->v.attribute.attr);
        put_ctx(d, e->v.attribute.ctx);
        break;
    case PY_E_SUBSCRIPT:
        put(d, "Subscript(value=");
        dump_expr(d, e->v.subscript.value);
        put(d, ", slice=");
        dump_expr(d, e->v.subscript.slice);
        put_ctx(d, e->v.subscript.ctx);
        break;
    case PY_E_STARRED:
        put(d, "Starred(value=");
        dump_expr(d, e->v.starred.value);
        put_ctx(d, e->v.starred.ctx);
        break;
    case PY_E_NAME:
        put(d, "Name(id=");
        put_repr(d, e->v.name.id);
        put_ctx(d, e->v.name.ctx);
        break;
    case PY_E_LIST:
    case PY_E_TUPLE:
        put(d, e->kind == PY_E_LIST ? "List(" : "Tuple(");
        put_exprs(d, "elts", e->v.list.elts);
        put_ctx(d, e->v.list.ctx);
        break;
    case PY_E_SLICE: {
        bool first = true;
        put(d, "Slice(");
        if (e->v.slice.lower != NULL) {
            put_expr_field(d, "lower", e->v.slice.lower, first);
            first = false;
        }
        if (e->v.slice.upper != NULL) {
            put_expr_field(d, "upper", e->v.slice.upper, first);
            first = false;
        }
        put_expr_field(d, "step", e->v.slice.step, first);
        break;
    }
    }
    put_attrs(d, &e->pos);
    put(d, ")");
}

static void
put_stmts_field(dumper *d, const char *name, const py_seq *s)
{
    put(d, name);
    put(d, "=");
    dump_stmts(d, s);
}

static void
put_handlers(dumper *d, const py_seq *s)
{
    put(d, "handlers=[");
    for (size_t i = 0; i < PY_SEQ_LEN(s); i++) {
        const py_excepthandler *h = PY_SEQ_GET(s, i);
        if (i > 0)
            put(d, ", ");
        put(d, "ExceptHandler(");
        if (h->type != NULL) {
            put(d, "type=");
            dump_expr(d, h->type);
            put(d, ", ");
        }
        if (h->name != NULL) {
            put(d, "name=");
            put_repr(d, h->name);
            put(d, ", ");
        }
        put_stmts_field(d, "body", h->body);
        put_attrs(d, &h->pos);
        put(d, ")");
    }
    put(d, "]");
}

static void
put_aliases(dumper *d, const py_seq *s)
{
    put(d, "names=[");
    for (size_t i = 0; i < PY_SEQ_LEN(s); i++) {
        const py_alias *a = PY_SEQ_GET(s, i);
        if (i > 0)
            put(d, ", ");
        put(d, "alias(name=");
        put_repr(d, a->name);
        put_id_field(d, "asname", a->asname, false);
        put_attrs(d, &a->pos);
        put(d, ")");
    }
    put(d, "]");
}

static void
put_identifiers(dumper *d, const py_seq *s)
{
    put(d, "names=[");
    for (size_t i = 0; i < PY_SEQ_LEN(s); i++) {
        if (i > 0)
            put(d, ", ");
        put_repr(d, PY_SEQ_GET(s, i));
    }
    put(d, "]");
}

static void
dump_stmt(dumper *d, const py_stmt *s)
{
    switch (s->kind) {
    case PY_S_FUNCTIONDEF:
        put(d, "FunctionDef(name=");
        put_repr(d, s->v.functiondef.name);
        put(d, ", args=");
        dump_arguments(d, s->v.functiondef.args);
        put_stmts_field(d, ", body", s->v.functiondef.body);
        put_exprs(d, ", decorator_list", s->v.functiondef.decorator_list);
        put_expr_field(d, "returns", s->v.functiondef.returns, false);
        break;
    case PY_S_CLASSDEF:
        put(d, "ClassDef(name=");
        put_repr(d, s->v.classdef.name);
        put_exprs(d, ", bases", s->v.classdef.bases);
        put(d, ", ");
        put_keywords(d, s->v.classdef.keywords);
        put_stmts_field(d, ", body", s->v.classdef.body);
        put_exprs(d, ", decorator_list", s->v.classdef.decorator_list);
        break;
    case PY_S_RETURN:
        put(d, "Return(");
        put_expr_field(d, "value", s->v.return_.value, true);
        break;
    case PY_S_DELETE:
        put(d, "Delete(");
        put_exprs(d, "targets", s->v.delete_.targets);
        break;
    case PY_S_ASSIGN:
        put(d, "Assign(");
        put_exprs(d, "targets", s->v.assign.targets);
        put_expr_field(d, "value", s->v.assign.value, false);
        break;
    case PY_S_AUGASSIGN:
        put(d, "AugAssign(target=");
        dump_expr(d, s->v.augassign.target);
        put(d, ", op=");
        put(d, operator_name(s->v.augassign.op));
        put(d, "(), value=");
        dump_expr(d, s->v.augassign.value);
        break;
    case PY_S_ANNASSIGN:
        put(d, "AnnAssign(target=");
        dump_expr(d, s->v.annassign.target);
        put(d, ", annotation=");
        dump_expr(d, s->v.annassign.annotation);
        put_expr_field(d, "value", s->v.annassign.value, false);
        put(d, s->v.annassign.simple ? ", simple=1" : ", simple=0");
        break;
    case PY_S_FOR:
        put(d, "For(target=");
        dump_expr(d, s->v.for_.target);
        put(d, ", iter=");
        dump_expr(d, s->v.for_.iter);
        put_stmts_field(d, ", body", s->v.for_.body);
        put_stmts_field(d, ", orelse", s->v.for_.orelse);
        break;
    case PY_S_WHILE:
    case PY_S_IF:
        put(d, s->kind == PY_S_WHILE ? "While(test=" : "If(test=");
        dump_expr(d, s->v.if_.test);
        put_stmts_field(d, ", body", s->v.if_.body);
        put_stmts_field(d, ", orelse", s->v.if_.orelse);
        break;
    case PY_S_WITH:
        put(d, "With(items=[");
        for (size_t i = 0; i < PY_SEQ_LEN(s->v.with.items); i++) {
            const py_withitem *w = PY_SEQ_GET(s->v.with.items, i);
            if (i > 0)
                put(d, ", ");
            put(d, "withitem(context_expr=");
            dump_expr(d, w->context_expr);
            put_expr_field(d, "optional_vars", w->optional_vars, false);
            put(d, ")");
        }
        put(d, "]");
        put_stmts_field(d, ", body", s->v.with.body);
        break;
    case PY_S_RAISE:
        put(d, "Raise(");
        put_expr_field(d, "exc", s->v.raise.exc, true);
        put_expr_field(d, "cause", s->v.raise.cause, s->v.raise.exc == NULL);
        break;
    case PY_S_TRY:
        put(d, "Try(");
        put_stmts_field(d, "body", s->v.try_.body);
        put(d, ", ");
        put_handlers(d, s->v.try_.handlers);
        put_stmts_field(d, ", orelse", s->v.try_.orelse);
        put_stmts_field(d, ", finalbody", s->v.try_.finalbody);
        break;
    case PY_S_ASSERT:
        put(d, "Assert(test=");
        dump_expr(d, s->v.assert_.test);
        put_expr_field(d, "msg", s->v.assert_.msg, false);
        break;
    case PY_S_IMPORT:
        put(d, "Import(");
        put_aliases(d, s->v.import.names);
        break;
    case PY_S_IMPORTFROM: {
        char buf[32];
        put(d, "ImportFrom(");
        if (s->v.importfrom.module != NULL) {
            put(d, "module=");
            put_repr(d, s->v.importfrom.module);
            put(d, ", ");
        }
        put_aliases(d, s->v.importfrom.names);
        snprintf(buf, sizeof buf, ", level=%d", s->v.importfrom.level);
        put(d, buf);
        break;
    }
    case PY_S_GLOBAL:
        put(d, "Global(");
        put_identifiers(d, s->v.global.names);
        break;
    case PY_S_NONLOCAL:
        put(d, "Nonlocal(");
        put_identifiers(d, s->v.nonlocal.names);
        break;
    case PY_S_EXPR:
        put(d, "Expr(value=");
        dump_expr(d, s->v.expr.value);
        break;
    case PY_S_PASS:
        put(d, "Pass(");
        break;
    case PY_S_BREAK:
        put(d, "Break(");
        break;
    case PY_S_CONTINUE:
        put(d, "Continue(");
        break;
    }
    put_attrs(d, &s->pos);
    put(d, ")");
}

static void
dump_stmts(dumper *d, const py_seq *s)
{
    put(d, "[");
    for (size_t i = 0; i < PY_SEQ_LEN(s); i++) {
        if (i > 0)
            put(d, ", ");
        dump_stmt(d, PY_SEQ_GET(s, i));
    }
    put(d, "]");
}

oh_object *
py_ast_dump(const py_mod *mod)
{
    return py_ast_dump_attrs(mod, 0);
}

oh_object *
py_ast_dump_attrs(const py_mod *mod, int include_attributes)
{
    dumper d;
    ohi_strbuf_init(&d.b);
    d.failed = 0;
    d.attrs = include_attributes;
    switch (mod->mode) {
    case PY_MODE_EXEC:
        put(&d, "Module(body=");
        dump_stmts(&d, mod->body);
        put(&d, ", type_ignores=[])");
        break;
    case PY_MODE_EVAL:
        put(&d, "Expression(body=");
        dump_expr(&d, mod->expr);
        put(&d, ")");
        break;
    case PY_MODE_SINGLE:
        put(&d, "Interactive(body=");
        dump_stmts(&d, mod->body);
        put(&d, ")");
        break;
    }
    if (d.failed) {
        ohi_strbuf_discard(&d.b);
        return NULL;
    }
    return ohi_strbuf_finish(&d.b);
}
