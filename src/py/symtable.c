/*
 * symtable.c -- scopes: which names are local, global, free or cells.
 *
 * What this file owns
 * -------------------
 * The first stage of compilation after parsing: one walk over the tree
 * that records, per block (module, class, def, lambda, comprehension),
 * every name the block binds, reads or declares (py_ste, symtable.h), and
 * one analysis over the finished tree that gives each name its scope.
 * compile.c then picks LOAD_FAST, LOAD_DEREF, LOAD_GLOBAL or LOAD_NAME
 * from that scope, and builds each function's cells and free variables
 * from it.  The rules are CPython 3.11's (Python/symtable.c), including
 * its compile-time errors, their messages and positions.
 *
 * Data structures
 * ---------------
 *
 *   py_symtable --top--> py_ste "top" (module)
 *        |                  | children
 *        |                  +--> py_ste "f" --> py_ste "listcomp"
 *        |                  +--> py_ste "C" (class) --> py_ste "m"
 *        +--table--> open-addressed: AST node pointer -> py_ste
 *
 * Each py_ste has a dict `symbols` (mangled name -> int flags), the list
 * of its parameters, its children in source order and the global and
 * nonlocal statements it contains (for errors found by the analysis).
 *
 * Pass 1: the walk
 * ----------------
 * Visits statements and expressions in CPython's order (the order decides
 * which error is reported: "used prior to global declaration" needs the
 * use seen first).  Defaults, annotations, decorators and class bases are
 * visited in the enclosing block before the new block is entered.  A
 * comprehension's first iterable is evaluated in the enclosing block;
 * the rest is a nested function block with one parameter, ".0".  A walrus
 * inside a comprehension binds in the nearest enclosing function or
 * module (nonlocal, or global, from the comprehension's side).
 *
 * Pass 2: the analysis (CPython's analyze_block)
 * ---------------------------------------------
 * Top-down it passes each block the names bound by enclosing functions
 * (`bound`) and declared global (`global`); bottom-up it returns the
 * names its blocks use freely (`free`).  Per name, in this order:
 *   declared global           -> GLOBAL_EXPLICIT
 *   declared nonlocal         -> FREE (error unless an enclosing
 *                                function binds it)
 *   bound here                -> LOCAL, or CELL when a nested block
 *                                uses it freely (functions only)
 *   bound by an enclosing fn  -> FREE
 *   otherwise                 -> GLOBAL_IMPLICIT
 * A class body's names are invisible to the functions inside it: a class
 * passes its own `bound` through unchanged, plus "__class__", which its
 * methods use for super(); when one does, the class gets a __class__ cell
 * (needs_class_closure).  A free name a class passes through keeps the
 * scope it has in the class (PY_DEF_FREE_CLASS marks one that is also a
 * class-level name), so the class can hand the cell on.
 *
 * Invariants (SY1-SY2 are at py_ste in symtable.h)
 * ----------
 * SY3. During pass 1, stack[0..nstack) are the blocks being visited,
 *      outermost first; cur == stack[nstack - 1]; private_ is the name
 *      of the innermost class around cur (borrowed), or NULL.
 * SY4. Every py_ste is in `table` exactly once, under its key; the table
 *      owns it (py_symtable_free frees every entry through it).
 * SY5. After analysis every name in every block's symbols has a scope,
 *      and a FREE name of a block is bound (LOCAL or CELL, or FREE
 *      itself) in an enclosing function block, so compile.c can build
 *      the closure tuple by name.
 */
#include "py/symtable.h"

#include <string.h>

/* How deep the walk recurses before it gives up, as CPython's compiler
 * does ("maximum recursion depth exceeded during compilation").  The
 * parser bounds nesting already; this guards trees built by hand. */
#define SY_MAX_DEPTH 3000

struct py_symtable {
    const py_srcinfo *si;
    py_ste *top;
    py_ste *cur;                        /* SY3 */
    py_ste **stack;                     /* oh_malloc'd; SY3 */
    size_t nstack, capstack;
    oh_object *private_;                /* SY3 */
    py_ste **table;                     /* SY4: tabcap slots, NULL empty */
    size_t tabcap, tabcount;
    int depth;                          /* of the recursive walk */
    unsigned flags;                     /* PY_ST_* */
    /* Interned names the walk needs (owned). */
    oh_object *s_top, *s_lambda, *s_listcomp, *s_setcomp, *s_dictcomp;
    oh_object *s_genexpr, *s_class, *s_super, *s_dot0;
};

/* ==========================================================================
 * Errors
 * ========================================================================== */

/* The text of line `lineno` (1-based) of the source: its start and its
 * length without the line break; NULL when there is no such line. */
static const char *
source_line(const py_srcinfo *si, int lineno, size_t *len)
{
    if (si->src == NULL || lineno < 1)
        return NULL;
    const char *p = si->src, *end = si->src + si->len;
    for (int l = 1; l < lineno; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (nl == NULL)
            return NULL;
        p = nl + 1;
    }
    const char *e = p;
    while (e < end && *e != '\n' && *e != '\r')
        e++;
    *len = (size_t)(e - p);
    return p;
}

void *
py_syntax_error(const py_srcinfo *si, const py_pos *pos, const char *fmt,
                oh_object *name)
{
    /* fmt % (name,), done by hand: fmt is not a literal here. */
    char msg[512];
    const char *hole = strstr(fmt, "%s");
    if (hole == NULL || name == NULL)
        snprintf(msg, sizeof msg, "%s", fmt);
    else
        snprintf(msg, sizeof msg, "%.*s%s%s", (int)(hole - fmt), fmt,
                 oh_str_utf8(name, NULL), hole + 2);
    const char *line = NULL;
    size_t linelen = 0;
    /* CPython reads the text from the file named by filename; a name in
     * angle brackets (<string>, <stdin>) names no file. */
    const char *fn = oh_str_utf8(si->filename, NULL);
    if (fn != NULL && fn[0] != '<')
        line = source_line(si, pos->lineno, &linelen);
    return py_err_syntax(PY_EXC(SyntaxError), msg, si->filename,
                         pos->lineno, pos->col_offset + 1, line, linelen,
                         pos->end_lineno, pos->end_col_offset + 1);
}

static int
recursion_error(void)
{
    py_err_set_string(PY_EXC(RecursionError),
                      "maximum recursion depth exceeded during compilation");
    return -1;
}

/* ==========================================================================
 * Mangling
 * ========================================================================== */

oh_object *
py_mangle(oh_object *privateobj, oh_object *name)
{
    size_t n;
    const char *s = oh_str_utf8(name, &n);
    if (privateobj == NULL || n < 2 || s[0] != '_' || s[1] != '_'
        || (s[n - 1] == '_' && s[n - 2] == '_') || memchr(s, '.', n)) {
        oh_incref(name);
        return name;
    }
    size_t pn;
    const char *p = oh_str_utf8(privateobj, &pn);
    while (pn > 0 && *p == '_') {
        p++;
        pn--;
    }
    if (pn == 0) {                      /* a class named only "_"s */
        oh_incref(name);
        return name;
    }
    char small[128];
    char *buf = 1 + pn + n <= sizeof small ? small : oh_malloc(1 + pn + n);
    if (buf == NULL)
        return oh_err_no_memory();
    buf[0] = '_';
    memcpy(buf + 1, p, pn);
    memcpy(buf + 1 + pn, s, n);
    oh_object *m = oh_str_from_utf8(buf, 1 + pn + n);
    if (buf != small)
        oh_free(buf);
    if (m == NULL)
        return NULL;
    oh_object *r = oh_str_intern(m);
    oh_decref(m);
    return r;
}

/* ==========================================================================
 * Entries and the key table
 * ========================================================================== */

static size_t
key_hash(const void *key)
{
    uintptr_t h = (uintptr_t)key;
    h ^= h >> 17;
    h *= (uintptr_t)0x9e3779b97f4a7c15u;
    return (size_t)(h ^ (h >> 29));
}

static int
table_insert(py_symtable *st, py_ste *ste)
{
    if (2 * (st->tabcount + 1) > st->tabcap) {
        size_t cap = st->tabcap ? st->tabcap * 2 : 16;
        py_ste **t = oh_calloc(cap, sizeof *t);
        if (t == NULL) {
            oh_err_no_memory();
            return -1;
        }
        for (size_t i = 0; i < st->tabcap; i++) {
            py_ste *e = st->table[i];
            if (e == NULL)
                continue;
            size_t j = key_hash(e->key) & (cap - 1);
            while (t[j] != NULL)
                j = (j + 1) & (cap - 1);
            t[j] = e;
        }
        oh_free(st->table);
        st->table = t;
        st->tabcap = cap;
    }
    size_t j = key_hash(ste->key) & (st->tabcap - 1);
    while (st->table[j] != NULL)
        j = (j + 1) & (st->tabcap - 1);
    st->table[j] = ste;
    st->tabcount++;
    return 0;
}

py_ste *
py_symtable_lookup(py_symtable *st, const void *key)
{
    if (st->tabcap == 0)
        return NULL;
    size_t j = key_hash(key) & (st->tabcap - 1);
    while (st->table[j] != NULL) {
        if (st->table[j]->key == key)
            return st->table[j];
        j = (j + 1) & (st->tabcap - 1);
    }
    return NULL;
}

static void
ste_free(py_ste *ste)
{
    oh_xdecref(ste->name);
    oh_xdecref(ste->symbols);
    oh_xdecref(ste->varnames);
    oh_free(ste->children);
    oh_free(ste->directives);
    oh_free(ste);
}

void
py_symtable_free(py_symtable *st)
{
    if (st == NULL)
        return;
    for (size_t i = 0; i < st->tabcap; i++)
        if (st->table[i] != NULL)
            ste_free(st->table[i]);
    oh_free(st->table);
    oh_free(st->stack);
    oh_xdecref(st->s_top);
    oh_xdecref(st->s_lambda);
    oh_xdecref(st->s_listcomp);
    oh_xdecref(st->s_setcomp);
    oh_xdecref(st->s_dictcomp);
    oh_xdecref(st->s_genexpr);
    oh_xdecref(st->s_class);
    oh_xdecref(st->s_super);
    oh_xdecref(st->s_dot0);
    oh_free(st);
}

long
py_ste_flags(const py_ste *ste, oh_object *name)
{
    oh_object *v;
    int rc = oh_dict_lookup(ste->symbols, name, &v);
    if (rc < 0)
        oh_err_clear();                 /* strs never fail to hash */
    return rc > 0 ? (long)OHI_INT_VALUE(v) : 0;
}

static int
flags_set(oh_object *dict, oh_object *name, long flags)
{
    oh_object *v = oh_int_from_i64(flags);
    if (v == NULL)
        return -1;
    int rc = oh_dict_set(dict, name, v);
    oh_decref(v);
    return rc;
}

/* Grow an oh_malloc'd array to hold one more item. */
static int
grow(void **items, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 4;
    void *p = oh_realloc(*items, ncap * size);
    if (p == NULL) {
        oh_err_no_memory();
        return -1;
    }
    *items = p;
    *cap = ncap;
    return 0;
}

/* Enter a new block named `name` for node `key`: it becomes a child of
 * the current block and the current block (SY3). */
static int
enter_block(py_symtable *st, oh_object *name, py_block_type type,
            const void *key, const py_pos *pos)
{
    py_ste *ste = oh_calloc(1, sizeof *ste);
    if (ste == NULL) {
        oh_err_no_memory();
        return -1;
    }
    ste->key = key;
    ste->type = type;
    ste->pos = *pos;
    oh_incref(name);
    ste->name = name;
    ste->symbols = oh_dict_new();
    ste->varnames = oh_list_new();
    if (ste->symbols == NULL || ste->varnames == NULL
        || table_insert(st, ste) < 0) {
        ste_free(ste);
        return -1;
    }
    /* From here the table owns ste (SY4). */
    py_ste *parent = st->cur;
    if (parent != NULL) {
        ste->nested = parent->nested || parent->type == PY_BLOCK_FUNCTION;
        if (grow((void **)&parent->children, &parent->capchildren,
                 parent->nchildren, sizeof(py_ste *)) < 0)
            return -1;
        parent->children[parent->nchildren++] = ste;
    }
    if (grow((void **)&st->stack, &st->capstack, st->nstack,
             sizeof(py_ste *)) < 0)
        return -1;
    st->stack[st->nstack++] = ste;
    st->cur = ste;
    if (st->top == NULL)
        st->top = ste;
    return 0;
}

static void
exit_block(py_symtable *st)
{
    OH_ASSERT(st->nstack > 0 && st->cur == st->stack[st->nstack - 1]);
    st->nstack--;
    st->cur = st->nstack ? st->stack[st->nstack - 1] : NULL;
}

/* ==========================================================================
 * Pass 1: recording names
 * ========================================================================== */

/* Record that block ste uses `name` (unmangled) as `flag` says, at pos
 * (CPython's symtable_add_def_helper). */
static int
add_def_in(py_symtable *st, oh_object *name, long flag, py_ste *ste,
           const py_pos *pos)
{
    oh_object *mangled = py_mangle(st->private_, name);
    if (mangled == NULL)
        return -1;
    int rc = -1;
    long val = py_ste_flags(ste, mangled);
    if ((flag & PY_DEF_PARAM) && (val & PY_DEF_PARAM)) {
        py_syntax_error(st->si, pos,
                        "duplicate argument '%s' in function definition",
                        name);
        goto done;
    }
    val |= flag;
    if (ste->comp_iter_target) {
        /* A comprehension's loop variable: it must not be a walrus target
         * of the same comprehension. */
        if (val & (PY_DEF_GLOBAL | PY_DEF_NONLOCAL)) {
            py_syntax_error(st->si, pos, "comprehension inner loop cannot "
                            "rebind assignment expression target '%s'",
                            name);
            goto done;
        }
        val |= PY_DEF_COMP_ITER;
    }
    if (flags_set(ste->symbols, mangled, val) < 0)
        goto done;
    if (flag & PY_DEF_PARAM) {
        if (oh_list_append(ste->varnames, mangled) < 0)
            goto done;
    }
    else if (flag & PY_DEF_GLOBAL) {
        /* The module learns of every global declaration (CPython keeps
         * st_global, the module's symbols, up to date the same way). */
        long g = py_ste_flags(st->top, mangled) | flag;
        if (flags_set(st->top->symbols, mangled, g) < 0)
            goto done;
    }
    rc = 0;
done:
    oh_decref(mangled);
    return rc;
}

static int
add_def(py_symtable *st, oh_object *name, long flag, const py_pos *pos)
{
    return add_def_in(st, name, flag, st->cur, pos);
}

static int
record_directive(py_symtable *st, oh_object *name, const py_pos *pos)
{
    py_ste *ste = st->cur;
    oh_object *mangled = py_mangle(st->private_, name);
    if (mangled == NULL)
        return -1;
    /* symbols holds a reference to mangled: add_def ran first. */
    oh_decref(mangled);
    if (grow((void **)&ste->directives, &ste->capdirectives,
             ste->ndirectives, sizeof(py_directive)) < 0)
        return -1;
    ste->directives[ste->ndirectives].name = mangled;
    ste->directives[ste->ndirectives].pos = *pos;
    ste->ndirectives++;
    return 0;
}

static int visit_expr(py_symtable *st, const py_expr *e);
static int visit_stmt(py_symtable *st, const py_stmt *s);

static int
visit_exprs(py_symtable *st, const py_seq *seq)
{
    for (size_t i = 0; i < PY_SEQ_LEN(seq); i++) {
        const py_expr *e = PY_SEQ_GET(seq, i);
        if (e != NULL && visit_expr(st, e) < 0)
            return -1;
    }
    return 0;
}

static int
visit_stmts(py_symtable *st, const py_seq *seq)
{
    for (size_t i = 0; i < PY_SEQ_LEN(seq); i++)
        if (visit_stmt(st, PY_SEQ_GET(seq, i)) < 0)
            return -1;
    return 0;
}

static int
visit_params(py_symtable *st, const py_seq *args)
{
    for (size_t i = 0; i < PY_SEQ_LEN(args); i++) {
        const py_arg *a = PY_SEQ_GET(args, i);
        if (add_def(st, a->arg, PY_DEF_PARAM, &a->pos) < 0)
            return -1;
    }
    return 0;
}

/* The parameters, in varnames order (SY2). */
static int
visit_arguments(py_symtable *st, const py_arguments *a)
{
    if (visit_params(st, a->posonlyargs) < 0
        || visit_params(st, a->args) < 0
        || visit_params(st, a->kwonlyargs) < 0)
        return -1;
    if (a->vararg != NULL) {
        if (add_def(st, a->vararg->arg, PY_DEF_PARAM, &a->vararg->pos) < 0)
            return -1;
        st->cur->varargs = true;
    }
    if (a->kwarg != NULL) {
        if (add_def(st, a->kwarg->arg, PY_DEF_PARAM, &a->kwarg->pos) < 0)
            return -1;
        st->cur->varkeywords = true;
    }
    return 0;
}

/* An annotation's names are uses, unless the future import keeps it a
 * string. */
static int
visit_annotation(py_symtable *st, const py_expr *e)
{
    if (st->flags & PY_ST_FUTURE_ANNOTATIONS)
        return 0;
    return visit_expr(st, e);
}

static int
visit_arg_annotations(py_symtable *st, const py_seq *args)
{
    for (size_t i = 0; i < PY_SEQ_LEN(args); i++) {
        const py_arg *a = PY_SEQ_GET(args, i);
        if (a->annotation != NULL && visit_annotation(st, a->annotation) < 0)
            return -1;
    }
    return 0;
}

static int
visit_annotations(py_symtable *st, const py_arguments *a,
                  const py_expr *returns)
{
    if (visit_arg_annotations(st, a->posonlyargs) < 0
        || visit_arg_annotations(st, a->args) < 0)
        return -1;
    if (a->vararg != NULL && a->vararg->annotation != NULL
        && visit_annotation(st, a->vararg->annotation) < 0)
        return -1;
    if (a->kwarg != NULL && a->kwarg->annotation != NULL
        && visit_annotation(st, a->kwarg->annotation) < 0)
        return -1;
    if (visit_arg_annotations(st, a->kwonlyargs) < 0)
        return -1;
    if (returns != NULL && visit_annotation(st, returns) < 0)
        return -1;
    return 0;
}

/* global x / nonlocal x: errors for names already used here, then the
 * declaration (CPython's Global_kind and Nonlocal_kind cases). */
static int
visit_declaration(py_symtable *st, const py_stmt *s, bool global)
{
    const py_seq *names = global ? s->v.global.names : s->v.nonlocal.names;
    for (size_t i = 0; i < PY_SEQ_LEN(names); i++) {
        oh_object *name = PY_SEQ_GET(names, i);
        oh_object *mangled = py_mangle(st->private_, name);
        if (mangled == NULL)
            return -1;
        long cur = py_ste_flags(st->cur, mangled);
        oh_decref(mangled);
        if (cur & (PY_DEF_PARAM | PY_DEF_LOCAL | PY_DEF_USE | PY_DEF_ANNOT)) {
            const char *msg;
            if (cur & PY_DEF_PARAM)
                msg = global ? "name '%s' is parameter and global"
                             : "name '%s' is parameter and nonlocal";
            else if (cur & PY_DEF_USE)
                msg = global ? "name '%s' is used prior to global declaration"
                             : "name '%s' is used prior to nonlocal "
                               "declaration";
            else if (cur & PY_DEF_ANNOT)
                msg = global ? "annotated name '%s' can't be global"
                             : "annotated name '%s' can't be nonlocal";
            else
                msg = global ? "name '%s' is assigned to before global "
                               "declaration"
                             : "name '%s' is assigned to before nonlocal "
                               "declaration";
            py_syntax_error(st->si, &s->pos, msg, name);
            return -1;
        }
        if (add_def(st, name, global ? PY_DEF_GLOBAL : PY_DEF_NONLOCAL,
                    &s->pos) < 0
            || record_directive(st, name, &s->pos) < 0)
            return -1;
    }
    return 0;
}

/* import a.b.c binds a; import a.b as c binds c; from m import *
 * only at module level. */
static int
visit_alias(py_symtable *st, const py_alias *a)
{
    oh_object *bind = a->asname ? a->asname : a->name;
    size_t n;
    const char *s = oh_str_utf8(bind, &n);
    if (n == 1 && s[0] == '*') {
        if (st->cur->type != PY_BLOCK_MODULE) {
            py_syntax_error(st->si, &a->pos,
                            "import * only allowed at module level", NULL);
            return -1;
        }
        return 0;
    }
    const char *dot = memchr(s, '.', n);
    if (dot == NULL)
        return add_def(st, bind, PY_DEF_IMPORT, &a->pos);
    oh_object *head = oh_str_from_utf8(s, (size_t)(dot - s));
    if (head == NULL)
        return -1;
    oh_object *ih = oh_str_intern(head);
    oh_decref(head);
    if (ih == NULL)
        return -1;
    int rc = add_def(st, ih, PY_DEF_IMPORT, &a->pos);
    oh_decref(ih);
    return rc;
}

static int
visit_stmt_(py_symtable *st, const py_stmt *s)
{
    switch (s->kind) {
    case PY_S_FUNCTIONDEF: {
        const py_arguments *a = s->v.functiondef.args;
        if (add_def(st, s->v.functiondef.name, PY_DEF_LOCAL, &s->pos) < 0
            || visit_exprs(st, a->defaults) < 0
            || visit_exprs(st, a->kw_defaults) < 0
            || visit_annotations(st, a, s->v.functiondef.returns) < 0
            || visit_exprs(st, s->v.functiondef.decorator_list) < 0
            || enter_block(st, s->v.functiondef.name, PY_BLOCK_FUNCTION, s,
                           &s->pos) < 0
            || visit_arguments(st, a) < 0
            || visit_stmts(st, s->v.functiondef.body) < 0)
            return -1;
        exit_block(st);
        return 0;
    }
    case PY_S_CLASSDEF: {
        if (add_def(st, s->v.classdef.name, PY_DEF_LOCAL, &s->pos) < 0
            || visit_exprs(st, s->v.classdef.bases) < 0)
            return -1;
        for (size_t i = 0; i < PY_SEQ_LEN(s->v.classdef.keywords); i++) {
            const py_keyword *k = PY_SEQ_GET(s->v.classdef.keywords, i);
            if (visit_expr(st, k->value) < 0)
                return -1;
        }
        if (visit_exprs(st, s->v.classdef.decorator_list) < 0
            || enter_block(st, s->v.classdef.name, PY_BLOCK_CLASS, s,
                           &s->pos) < 0)
            return -1;
        oh_object *saved = st->private_;
        st->private_ = s->v.classdef.name;
        int rc = visit_stmts(st, s->v.classdef.body);
        st->private_ = saved;
        if (rc < 0)
            return -1;
        exit_block(st);
        return 0;
    }
    case PY_S_RETURN:
        return s->v.return_.value ? visit_expr(st, s->v.return_.value) : 0;
    case PY_S_DELETE:
        return visit_exprs(st, s->v.delete_.targets);
    case PY_S_ASSIGN:
        if (visit_exprs(st, s->v.assign.targets) < 0)
            return -1;
        return visit_expr(st, s->v.assign.value);
    case PY_S_AUGASSIGN:
        if (visit_expr(st, s->v.augassign.target) < 0)
            return -1;
        return visit_expr(st, s->v.augassign.value);
    case PY_S_ANNASSIGN: {
        const py_expr *t = s->v.annassign.target;
        if (t->kind == PY_E_NAME) {
            oh_object *mangled = py_mangle(st->private_, t->v.name.id);
            if (mangled == NULL)
                return -1;
            long cur = py_ste_flags(st->cur, mangled);
            oh_decref(mangled);
            if ((cur & (PY_DEF_GLOBAL | PY_DEF_NONLOCAL))
                && st->cur != st->top && s->v.annassign.simple) {
                py_syntax_error(st->si, &s->pos,
                                (cur & PY_DEF_GLOBAL)
                                    ? "annotated name '%s' can't be global"
                                    : "annotated name '%s' can't be "
                                      "nonlocal",
                                t->v.name.id);
                return -1;
            }
            if (s->v.annassign.simple) {
                if (add_def(st, t->v.name.id, PY_DEF_ANNOT | PY_DEF_LOCAL,
                            &t->pos) < 0)
                    return -1;
            }
            else if (s->v.annassign.value != NULL
                     && add_def(st, t->v.name.id, PY_DEF_LOCAL, &t->pos) < 0)
                return -1;
        }
        else if (visit_expr(st, t) < 0)
            return -1;
        if (visit_annotation(st, s->v.annassign.annotation) < 0)
            return -1;
        if (s->v.annassign.value != NULL)
            return visit_expr(st, s->v.annassign.value);
        return 0;
    }
    case PY_S_FOR:
        if (visit_expr(st, s->v.for_.target) < 0
            || visit_expr(st, s->v.for_.iter) < 0
            || visit_stmts(st, s->v.for_.body) < 0)
            return -1;
        return visit_stmts(st, s->v.for_.orelse);
    case PY_S_WHILE:
        if (visit_expr(st, s->v.while_.test) < 0
            || visit_stmts(st, s->v.while_.body) < 0)
            return -1;
        return visit_stmts(st, s->v.while_.orelse);
    case PY_S_IF:
        if (visit_expr(st, s->v.if_.test) < 0
            || visit_stmts(st, s->v.if_.body) < 0)
            return -1;
        return visit_stmts(st, s->v.if_.orelse);
    case PY_S_WITH:
        for (size_t i = 0; i < PY_SEQ_LEN(s->v.with.items); i++) {
            const py_withitem *w = PY_SEQ_GET(s->v.with.items, i);
            if (visit_expr(st, w->context_expr) < 0)
                return -1;
            if (w->optional_vars && visit_expr(st, w->optional_vars) < 0)
                return -1;
        }
        return visit_stmts(st, s->v.with.body);
    case PY_S_RAISE:
        if (s->v.raise.exc != NULL) {
            if (visit_expr(st, s->v.raise.exc) < 0)
                return -1;
            if (s->v.raise.cause && visit_expr(st, s->v.raise.cause) < 0)
                return -1;
        }
        return 0;
    case PY_S_TRY:
        if (visit_stmts(st, s->v.try_.body) < 0
            || visit_stmts(st, s->v.try_.orelse) < 0)
            return -1;
        for (size_t i = 0; i < PY_SEQ_LEN(s->v.try_.handlers); i++) {
            const py_excepthandler *h = PY_SEQ_GET(s->v.try_.handlers, i);
            if (h->type != NULL && visit_expr(st, h->type) < 0)
                return -1;
            if (h->name != NULL
                && add_def(st, h->name, PY_DEF_LOCAL, &h->pos) < 0)
                return -1;
            if (visit_stmts(st, h->body) < 0)
                return -1;
        }
        return visit_stmts(st, s->v.try_.finalbody);
    case PY_S_ASSERT:
        if (visit_expr(st, s->v.assert_.test) < 0)
            return -1;
        return s->v.assert_.msg ? visit_expr(st, s->v.assert_.msg) : 0;
    case PY_S_IMPORT:
        for (size_t i = 0; i < PY_SEQ_LEN(s->v.import.names); i++)
            if (visit_alias(st, PY_SEQ_GET(s->v.import.names, i)) < 0)
                return -1;
        return 0;
    case PY_S_IMPORTFROM:
        for (size_t i = 0; i < PY_SEQ_LEN(s->v.importfrom.names); i++)
            if (visit_alias(st, PY_SEQ_GET(s->v.importfrom.names, i)) < 0)
                return -1;
        return 0;
    case PY_S_GLOBAL:
        return visit_declaration(st, s, true);
    case PY_S_NONLOCAL:
        return visit_declaration(st, s, false);
    case PY_S_EXPR:
        return visit_expr(st, s->v.expr.value);
    case PY_S_PASS:
    case PY_S_BREAK:
    case PY_S_CONTINUE:
        return 0;
    }
    py_err_set_string(PY_EXC(SystemError), "symtable: unknown statement");
    return -1;
}

static int
visit_stmt(py_symtable *st, const py_stmt *s)
{
    if (++st->depth > SY_MAX_DEPTH)
        return recursion_error();
    int rc = visit_stmt_(st, s);
    st->depth--;
    return rc;
}

/* A walrus inside a comprehension binds in the nearest enclosing function
 * or module (CPython's symtable_extend_namedexpr_scope). */
static int
extend_namedexpr_scope(py_symtable *st, const py_expr *target)
{
    oh_object *name = target->v.name.id;
    for (size_t i = st->nstack; i-- > 0;) {
        py_ste *ste = st->stack[i];
        if (ste->comp != PY_COMP_NONE) {
            if (py_ste_flags(ste, name) & PY_DEF_COMP_ITER) {
                py_syntax_error(st->si, &target->pos, "assignment "
                                "expression cannot rebind comprehension "
                                "iteration variable '%s'", name);
                return -1;
            }
            continue;
        }
        if (ste->type == PY_BLOCK_FUNCTION) {
            long f = py_ste_flags(ste, name);
            if (add_def(st, name, (f & PY_DEF_GLOBAL) ? PY_DEF_GLOBAL
                                                      : PY_DEF_NONLOCAL,
                        &target->pos) < 0
                || record_directive(st, name, &target->pos) < 0)
                return -1;
            return add_def_in(st, name, PY_DEF_LOCAL, ste, &target->pos);
        }
        if (ste->type == PY_BLOCK_MODULE) {
            if (add_def(st, name, PY_DEF_GLOBAL, &target->pos) < 0
                || record_directive(st, name, &target->pos) < 0)
                return -1;
            return add_def_in(st, name, PY_DEF_GLOBAL, ste, &target->pos);
        }
        /* A class body. */
        py_syntax_error(st->si, &target->pos, "assignment expression "
                        "within a comprehension cannot be used in a class "
                        "body", NULL);
        return -1;
    }
    py_err_set_string(PY_EXC(SystemError), "symtable: no scope for walrus");
    return -1;
}

static int
handle_namedexpr(py_symtable *st, const py_expr *e)
{
    if (st->cur->comp_iter_expr > 0) {
        py_syntax_error(st->si, &e->pos, "assignment expression cannot be "
                        "used in a comprehension iterable expression",
                        NULL);
        return -1;
    }
    if (st->cur->comp != PY_COMP_NONE
        && extend_namedexpr_scope(st, e->v.namedexpr.target) < 0)
        return -1;
    if (visit_expr(st, e->v.namedexpr.value) < 0)
        return -1;
    return visit_expr(st, e->v.namedexpr.target);
}

/* One `for ... in ... if ...` after the first, inside the comprehension's
 * block. */
static int
visit_comprehension(py_symtable *st, const py_comprehension *c)
{
    st->cur->comp_iter_target = true;
    int rc = visit_expr(st, c->target);
    st->cur->comp_iter_target = false;
    if (rc < 0)
        return -1;
    st->cur->comp_iter_expr++;
    rc = visit_expr(st, c->iter);
    st->cur->comp_iter_expr--;
    if (rc < 0)
        return -1;
    return visit_exprs(st, c->ifs);
}

static int
handle_comprehension(py_symtable *st, const py_expr *e, oh_object *name,
                     py_comp_type comp)
{
    const py_seq *gens = e->v.comp.generators;
    const py_comprehension *outer = PY_SEQ_GET(gens, 0);
    /* The first iterable is evaluated in the enclosing block. */
    st->cur->comp_iter_expr++;
    int rc = visit_expr(st, outer->iter);
    st->cur->comp_iter_expr--;
    if (rc < 0)
        return -1;
    if (enter_block(st, name, PY_BLOCK_FUNCTION, e, &e->pos) < 0)
        return -1;
    py_ste *ste = st->cur;
    ste->comp = comp;
    if (comp == PY_COMP_GEN)
        ste->generator = true;
    if (add_def(st, st->s_dot0, PY_DEF_PARAM, &e->pos) < 0)
        return -1;
    ste->comp_iter_target = true;
    rc = visit_expr(st, outer->target);
    ste->comp_iter_target = false;
    if (rc < 0 || visit_exprs(st, outer->ifs) < 0)
        return -1;
    for (size_t i = 1; i < PY_SEQ_LEN(gens); i++)
        if (visit_comprehension(st, PY_SEQ_GET(gens, i)) < 0)
            return -1;
    if (e->v.comp.value != NULL && visit_expr(st, e->v.comp.value) < 0)
        return -1;
    if (visit_expr(st, e->v.comp.elt) < 0)
        return -1;
    exit_block(st);
    return 0;
}

/* yield inside a comprehension: CPython names the comprehension. */
static int
yield_in_comprehension(py_symtable *st, const py_expr *e)
{
    static const char *const what[] = {
        [PY_COMP_LIST] = "'yield' inside list comprehension",
        [PY_COMP_SET] = "'yield' inside set comprehension",
        [PY_COMP_DICT] = "'yield' inside dict comprehension",
        [PY_COMP_GEN] = "'yield' inside generator expression",
    };
    py_syntax_error(st->si, &e->pos, what[st->cur->comp], NULL);
    return -1;
}

static int
visit_expr_(py_symtable *st, const py_expr *e)
{
    switch (e->kind) {
    case PY_E_NAMEDEXPR:
        return handle_namedexpr(st, e);
    case PY_E_BOOLOP:
        return visit_exprs(st, e->v.boolop.values);
    case PY_E_BINOP:
        if (visit_expr(st, e->v.binop.left) < 0)
            return -1;
        return visit_expr(st, e->v.binop.right);
    case PY_E_UNARYOP:
        return visit_expr(st, e->v.unaryop.operand);
    case PY_E_LAMBDA: {
        const py_arguments *a = e->v.lambda.args;
        if (visit_exprs(st, a->defaults) < 0
            || visit_exprs(st, a->kw_defaults) < 0
            || enter_block(st, st->s_lambda, PY_BLOCK_FUNCTION, e,
                           &e->pos) < 0
            || visit_arguments(st, a) < 0
            || visit_expr(st, e->v.lambda.body) < 0)
            return -1;
        exit_block(st);
        return 0;
    }
    case PY_E_IFEXP:
        if (visit_expr(st, e->v.ifexp.test) < 0
            || visit_expr(st, e->v.ifexp.body) < 0)
            return -1;
        return visit_expr(st, e->v.ifexp.orelse);
    case PY_E_DICT:
        if (visit_exprs(st, e->v.dict.keys) < 0)
            return -1;
        return visit_exprs(st, e->v.dict.values);
    case PY_E_SET:
        return visit_exprs(st, e->v.set.elts);
    case PY_E_GENERATOREXP:
        return handle_comprehension(st, e, st->s_genexpr, PY_COMP_GEN);
    case PY_E_LISTCOMP:
        return handle_comprehension(st, e, st->s_listcomp, PY_COMP_LIST);
    case PY_E_SETCOMP:
        return handle_comprehension(st, e, st->s_setcomp, PY_COMP_SET);
    case PY_E_DICTCOMP:
        return handle_comprehension(st, e, st->s_dictcomp, PY_COMP_DICT);
    case PY_E_YIELD:
        if (e->v.yield.value && visit_expr(st, e->v.yield.value) < 0)
            return -1;
        st->cur->generator = true;
        if (st->cur->comp != PY_COMP_NONE)
            return yield_in_comprehension(st, e);
        return 0;
    case PY_E_YIELDFROM:
        if (visit_expr(st, e->v.yieldfrom.value) < 0)
            return -1;
        st->cur->generator = true;
        if (st->cur->comp != PY_COMP_NONE)
            return yield_in_comprehension(st, e);
        return 0;
    case PY_E_COMPARE:
        if (visit_expr(st, e->v.compare.left) < 0)
            return -1;
        return visit_exprs(st, e->v.compare.comparators);
    case PY_E_CALL:
        if (visit_expr(st, e->v.call.func) < 0
            || visit_exprs(st, e->v.call.args) < 0)
            return -1;
        for (size_t i = 0; i < PY_SEQ_LEN(e->v.call.keywords); i++) {
            const py_keyword *k = PY_SEQ_GET(e->v.call.keywords, i);
            if (visit_expr(st, k->value) < 0)
                return -1;
        }
        return 0;
    case PY_E_FORMATTEDVALUE:
        if (visit_expr(st, e->v.formattedvalue.value) < 0)
            return -1;
        if (e->v.formattedvalue.format_spec != NULL)
            return visit_expr(st, e->v.formattedvalue.format_spec);
        return 0;
    case PY_E_JOINEDSTR:
        return visit_exprs(st, e->v.joinedstr.values);
    case PY_E_CONSTANT:
        return 0;
    case PY_E_ATTRIBUTE:
        return visit_expr(st, e->v.attribute.value);
    case PY_E_SUBSCRIPT:
        if (visit_expr(st, e->v.subscript.value) < 0)
            return -1;
        return visit_expr(st, e->v.subscript.slice);
    case PY_E_STARRED:
        return visit_expr(st, e->v.starred.value);
    case PY_E_SLICE:
        if (e->v.slice.lower && visit_expr(st, e->v.slice.lower) < 0)
            return -1;
        if (e->v.slice.upper && visit_expr(st, e->v.slice.upper) < 0)
            return -1;
        if (e->v.slice.step && visit_expr(st, e->v.slice.step) < 0)
            return -1;
        return 0;
    case PY_E_NAME: {
        oh_object *id = e->v.name.id;
        bool load = e->v.name.ctx == PY_LOAD;
        /* __debug__ is a constant (compile.c): CPython's AST optimiser
         * removes it before the symbol table runs. */
        if (load && oh_str_equal_cstr(id, "__debug__"))
            return 0;
        if (add_def(st, id, load ? PY_DEF_USE : PY_DEF_LOCAL, &e->pos) < 0)
            return -1;
        /* super() in a function reads __class__ (the zero-argument form
         * finds the class through that cell). */
        if (load && st->cur->type == PY_BLOCK_FUNCTION && id == st->s_super
            && add_def(st, st->s_class, PY_DEF_USE, &e->pos) < 0)
            return -1;
        return 0;
    }
    case PY_E_LIST:
        return visit_exprs(st, e->v.list.elts);
    case PY_E_TUPLE:
        return visit_exprs(st, e->v.tuple.elts);
    }
    py_err_set_string(PY_EXC(SystemError), "symtable: unknown expression");
    return -1;
}

static int
visit_expr(py_symtable *st, const py_expr *e)
{
    if (++st->depth > SY_MAX_DEPTH)
        return recursion_error();
    int rc = visit_expr_(st, e);
    st->depth--;
    return rc;
}

/* ==========================================================================
 * Pass 2: analysis
 * ========================================================================== */

/* Sets of names are oh sets; these helpers keep the error paths short. */
static int
set_update(oh_object *dst, oh_object *src)
{
    oh_set_iter it;
    oh_object *item;
    int rc;
    if (oh_set_iter_init(&it, src) < 0)
        return -1;
    while ((rc = oh_set_iter_next(&it, &item)) == 1)
        if (oh_set_add(dst, item) < 0)
            return -1;
    return rc;
}

static oh_object *
set_copy(oh_object *src)
{
    oh_object *s = oh_set_new();
    if (s != NULL && src != NULL && set_update(s, src) < 0)
        OH_CLEAR(s);
    return s;
}

static int
set_has(oh_object *s, oh_object *name)
{
    return s != NULL && oh_set_contains(s, name) == 1;
}

static int
set_scope(oh_object *scopes, oh_object *name, int scope)
{
    oh_object *v = oh_int_from_i64(scope);     /* small: shared */
    if (v == NULL)
        return -1;
    int rc = oh_dict_set(scopes, name, v);
    oh_decref(v);
    return rc;
}

/* The SyntaxError for a nonlocal or global name, at the statement that
 * declared it. */
static int
error_at_directive(py_symtable *st, py_ste *ste, oh_object *name,
                   const char *fmt)
{
    for (size_t i = 0; i < ste->ndirectives; i++) {
        if (ohi_str_eq(ste->directives[i].name, name)) {
            py_syntax_error(st->si, &ste->directives[i].pos, fmt, name);
            return -1;
        }
    }
    py_syntax_error(st->si, &ste->pos, fmt, name);
    return -1;
}

/* Decide one name's scope in ste (the table in the design comment). */
static int
analyze_name(py_symtable *st, py_ste *ste, oh_object *scopes,
             oh_object *name, long flags, oh_object *bound,
             oh_object *local, oh_object *free, oh_object *global)
{
    if (flags & PY_DEF_GLOBAL) {
        if (flags & PY_DEF_NONLOCAL)
            return error_at_directive(st, ste, name,
                                      "name '%s' is nonlocal and global");
        if (set_scope(scopes, name, PY_SCOPE_GLOBAL_EXPLICIT) < 0
            || oh_set_add(global, name) < 0)
            return -1;
        if (bound != NULL && oh_set_discard(bound, name) < 0)
            return -1;
        return 0;
    }
    if (flags & PY_DEF_NONLOCAL) {
        if (bound == NULL)
            return error_at_directive(st, ste, name, "nonlocal declaration "
                                      "not allowed at module level");
        if (!set_has(bound, name))
            return error_at_directive(st, ste, name,
                                      "no binding for nonlocal '%s' found");
        ste->free = true;
        if (set_scope(scopes, name, PY_SCOPE_FREE) < 0)
            return -1;
        return oh_set_add(free, name);
    }
    if (flags & PY_DEF_BOUND) {
        if (set_scope(scopes, name, PY_SCOPE_LOCAL) < 0
            || oh_set_add(local, name) < 0
            || oh_set_discard(global, name) < 0)
            return -1;
        return 0;
    }
    /* A name bound by an enclosing function is free here. */
    if (set_has(bound, name)) {
        ste->free = true;
        if (set_scope(scopes, name, PY_SCOPE_FREE) < 0)
            return -1;
        return oh_set_add(free, name);
    }
    if (ste->nested)
        ste->free = true;
    return set_scope(scopes, name, PY_SCOPE_GLOBAL_IMPLICIT);
}

/* A function's local used freely by a nested block becomes a cell. */
static int
analyze_cells(oh_object *scopes, oh_object *free)
{
    oh_dict_iter it;
    oh_object *name, *v;
    int rc;
    oh_dict_iter_init(&it, scopes);
    while ((rc = oh_dict_iter_next(&it, &name, &v)) == 1) {
        if (OHI_INT_VALUE(v) != PY_SCOPE_LOCAL || !set_has(free, name))
            continue;
        /* Replacing a value while iterating is allowed. */
        if (set_scope(scopes, name, PY_SCOPE_CELL) < 0)
            return -1;
        if (oh_set_discard(free, name) < 0)
            return -1;
    }
    return rc;
}

/* Write the scopes into the symbols, and add the free names that pass
 * through this block to reach a nested one (CPython's update_symbols). */
static int
update_symbols(py_ste *ste, oh_object *scopes, oh_object *bound,
               oh_object *free, bool classflag)
{
    oh_dict_iter it;
    oh_object *name, *v;
    int rc;
    oh_dict_iter_init(&it, ste->symbols);
    while ((rc = oh_dict_iter_next(&it, &name, &v)) == 1) {
        oh_object *scope;
        if (oh_dict_lookup(scopes, name, &scope) <= 0)
            return -1;
        long flags = (long)OHI_INT_VALUE(v)
                     | (long)OHI_INT_VALUE(scope) << PY_SCOPE_SHIFT;
        if (flags_set(ste->symbols, name, flags) < 0)
            return -1;
    }
    if (rc < 0)
        return -1;
    oh_set_iter si;
    if (oh_set_iter_init(&si, free) < 0)
        return -1;
    while ((rc = oh_set_iter_next(&si, &name)) == 1) {
        long flags = py_ste_flags(ste, name);
        if (flags != 0) {
            /* A class name also used freely by a method: the class must
             * pass the enclosing cell on too. */
            if (classflag && (flags & (PY_DEF_BOUND | PY_DEF_GLOBAL))
                && flags_set(ste->symbols, name,
                             flags | PY_DEF_FREE_CLASS) < 0)
                return -1;
            continue;
        }
        if (bound != NULL && !set_has(bound, name))
            continue;                   /* a global */
        if (flags_set(ste->symbols, name,
                      (long)PY_SCOPE_FREE << PY_SCOPE_SHIFT) < 0)
            return -1;
    }
    return rc;
}

static int analyze_block(py_symtable *st, py_ste *ste, oh_object *bound,
                         oh_object *free, oh_object *global);

/* Analyse a child with copies of the sets, so that its changes stay its
 * own; its free names join child_free. */
static int
analyze_child(py_symtable *st, py_ste *child, oh_object *bound,
              oh_object *global, oh_object *child_free)
{
    int rc = -1;
    oh_object *tbound = set_copy(bound);
    oh_object *tfree = oh_set_new();
    oh_object *tglobal = set_copy(global);
    if (tbound != NULL && tfree != NULL && tglobal != NULL
        && analyze_block(st, child, tbound, tfree, tglobal) == 0
        && set_update(child_free, tfree) == 0)
        rc = 0;
    oh_xdecref(tbound);
    oh_xdecref(tfree);
    oh_xdecref(tglobal);
    return rc;
}

/* Analyse ste and its children (design comment, pass 2).  bound is NULL
 * for the module; free collects the names ste leaves free. */
static int
analyze_block(py_symtable *st, py_ste *ste, oh_object *bound,
              oh_object *free, oh_object *global)
{
    if (++st->depth > SY_MAX_DEPTH)
        return recursion_error();
    int rc = -1;
    bool isclass = ste->type == PY_BLOCK_CLASS;
    oh_object *local = oh_set_new(), *scopes = oh_dict_new();
    oh_object *newglobal = oh_set_new(), *newfree = oh_set_new();
    oh_object *newbound = oh_set_new(), *allfree = oh_set_new();
    if (local == NULL || scopes == NULL || newglobal == NULL
        || newfree == NULL || newbound == NULL || allfree == NULL)
        goto done;
    /* A class passes on what it was given, untouched by its own names. */
    if (isclass) {
        if (set_update(newglobal, global) < 0)
            goto done;
        if (bound != NULL && set_update(newbound, bound) < 0)
            goto done;
    }
    oh_dict_iter it;
    oh_object *name, *v;
    int r;
    oh_dict_iter_init(&it, ste->symbols);
    while ((r = oh_dict_iter_next(&it, &name, &v)) == 1)
        if (analyze_name(st, ste, scopes, name, (long)OHI_INT_VALUE(v),
                         bound, local, free, global) < 0)
            goto done;
    if (r < 0)
        goto done;
    if (!isclass) {
        if (ste->type == PY_BLOCK_FUNCTION && set_update(newbound, local) < 0)
            goto done;
        if (bound != NULL && set_update(newbound, bound) < 0)
            goto done;
        if (set_update(newglobal, global) < 0)
            goto done;
    }
    else if (oh_set_add(newbound, st->s_class) < 0) {
        goto done;
    }
    for (size_t i = 0; i < ste->nchildren; i++) {
        py_ste *child = ste->children[i];
        if (analyze_child(st, child, newbound, newglobal, allfree) < 0)
            goto done;
        if (child->free || child->child_free)
            ste->child_free = true;
    }
    if (set_update(newfree, allfree) < 0)
        goto done;
    if (ste->type == PY_BLOCK_FUNCTION) {
        if (analyze_cells(scopes, newfree) < 0)
            goto done;
    }
    else if (isclass) {
        int had = oh_set_discard(newfree, st->s_class);
        if (had < 0)
            goto done;
        if (had)
            ste->needs_class_closure = true;
    }
    if (update_symbols(ste, scopes, bound, newfree, isclass) < 0
        || set_update(free, newfree) < 0)
        goto done;
    rc = 0;
done:
    oh_xdecref(local);
    oh_xdecref(scopes);
    oh_xdecref(newglobal);
    oh_xdecref(newfree);
    oh_xdecref(newbound);
    oh_xdecref(allfree);
    st->depth--;
    return rc;
}

/* ==========================================================================
 * Entry point
 * ========================================================================== */

static int
intern_names(py_symtable *st)
{
    static const struct {
        size_t offset;
        const char *text;
    } names[] = {
        {offsetof(py_symtable, s_top), "top"},
        {offsetof(py_symtable, s_lambda), "lambda"},
        {offsetof(py_symtable, s_listcomp), "listcomp"},
        {offsetof(py_symtable, s_setcomp), "setcomp"},
        {offsetof(py_symtable, s_dictcomp), "dictcomp"},
        {offsetof(py_symtable, s_genexpr), "genexpr"},
        {offsetof(py_symtable, s_class), "__class__"},
        {offsetof(py_symtable, s_super), "super"},
        {offsetof(py_symtable, s_dot0), ".0"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        oh_object *s = oh_str_intern_cstr(names[i].text);
        if (s == NULL)
            return -1;
        *(oh_object **)(void *)((char *)st + names[i].offset) = s;
    }
    return 0;
}

py_symtable *
py_symtable_build(const py_mod *mod, const py_srcinfo *si, unsigned flags)
{
    py_symtable *st = oh_calloc(1, sizeof *st);
    if (st == NULL)
        return oh_err_no_memory();
    st->si = si;
    st->flags = flags;
    py_pos pos = {1, 0, 1, 0};
    if (intern_names(st) < 0
        || enter_block(st, st->s_top, PY_BLOCK_MODULE, mod, &pos) < 0)
        goto fail;
    switch (mod->mode) {
    case PY_MODE_EXEC:
    case PY_MODE_SINGLE:
        if (visit_stmts(st, mod->body) < 0)
            goto fail;
        break;
    case PY_MODE_EVAL:
        if (visit_expr(st, mod->expr) < 0)
            goto fail;
        break;
    }
    exit_block(st);
    oh_object *free = oh_set_new();
    oh_object *global = oh_set_new();
    int rc = -1;
    if (free != NULL && global != NULL)
        rc = analyze_block(st, st->top, NULL, free, global);
    oh_xdecref(free);
    oh_xdecref(global);
    if (rc < 0)
        goto fail;
    return st;
fail:
    py_symtable_free(st);
    return NULL;
}
