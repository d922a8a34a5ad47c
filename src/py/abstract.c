/*
 * abstract.c -- the object protocol: what `a + b`, `a[k]`, `a.x`, `f(x)`,
 * `for x in a` and `x in a` do for any objects.
 *
 * What this file owns
 * -------------------
 * The generic operations of py.h's "object protocol" section.  Each looks
 * up the slot of the operand's type (py_type, slots.c for how classes get
 * theirs) and applies Python's rules on top: the reflected operand for
 * binary operators and comparisons, NotImplemented, identity for == and
 * != when both sides decline, the sequence protocol (__getitem__ with
 * 0, 1, 2, ...) for iteration and `in`, and the exact TypeError messages
 * CPython gives when nothing applies ("unsupported operand type(s) for
 * +: 'int' and 'str'", "'int' object is not iterable", ...).  It also owns
 * the two iterator types those protocols make (seq_iter, call_iter) and
 * dir().
 *
 * Invariants
 * ----------
 * AB1. Every function here returns a new reference or NULL with an
 *      exception set; none returns NotImplemented to its caller.
 * AB2. Python-level code (a slot function calling a dunder) may run inside
 *      any of them, so no borrowed reference is used across a slot call
 *      unless its owner is held.
 */
#include "py/py.h"

#include <stdlib.h>
#include <string.h>

/* oh_object py_notimplemented_object and py_ellipsis_object: immortal
 * singletons, defined with their types below. */

/* ==========================================================================
 * str, repr, hash, truth
 * ========================================================================== */

static int
enter_recursive(const char *where)
{
    if (py_c_stack_exhausted()) {
        py_err_format(PY_EXC(RecursionError), "maximum recursion depth "
                      "exceeded%s", where);
        return -1;
    }
    return 0;
}

oh_object *
py_repr(oh_object *o)
{
    py_type *t = PY_TYPE(o);
    if (enter_recursive(" while getting the repr of an object") < 0)
        return NULL;
    oh_object *r = t->tp_repr != NULL ? t->tp_repr(o) : oh_repr(o);
    if (r != NULL && r->type != &oh_str_type) {
        py_err_format(PY_EXC(TypeError), "__repr__ returned non-string "
                      "(type %s)", PY_TYPE(r)->tp_name);
        oh_decref(r);
        return NULL;
    }
    return r;
}

oh_object *
py_str(oh_object *o)
{
    if (o->type == &oh_str_type) {
        oh_incref(o);
        return o;
    }
    py_type *t = PY_TYPE(o);
    if (t->tp_str == NULL)
        return py_repr(o);
    if (enter_recursive(" while getting the str of an object") < 0)
        return NULL;
    oh_object *r = t->tp_str(o);
    if (r != NULL && r->type != &oh_str_type
        && OHI_TYPE_KIND(r->type) != OHI_KIND_STR) {
        py_err_format(PY_EXC(TypeError), "__str__ returned non-string "
                      "(type %s)", PY_TYPE(r)->tp_name);
        oh_decref(r);
        return NULL;
    }
    return r;
}

/* repr() with every non-ASCII character escaped. */
oh_object *
py_ascii(oh_object *o)
{
    oh_object *r = py_repr(o);
    if (r == NULL || py_str_is_ascii(r))
        return r;
    ohi_strbuf b;
    ohi_strbuf_init(&b);
    int64_t n = oh_str_length(r);
    for (int64_t i = 0; i < n; i++) {
        uint32_t c = py_str_char_at(r, i);
        if (c < 0x80) {
            char ch = (char)c;
            ohi_strbuf_add(&b, &ch, 1);
        }
        else if (c <= 0xff)
            ohi_strbuf_addf(&b, "\\x%02x", c);
        else if (c <= 0xffff)
            ohi_strbuf_addf(&b, "\\u%04x", c);
        else
            ohi_strbuf_addf(&b, "\\U%08x", c);
    }
    oh_decref(r);
    return ohi_strbuf_finish(&b);
}

oh_hash_t
py_hash(oh_object *o)
{
    py_type *t = PY_TYPE(o);
    if (t->tp_hash == NULL) {
        py_err_format(PY_EXC(TypeError), "unhashable type: '%s'",
                      t->tp_name);
        return -1;
    }
    return t->tp_hash(o);
}

int
py_is_true(oh_object *o)
{
    if (o == OH_TRUE)
        return 1;
    if (o == OH_FALSE || o == OH_NONE)
        return 0;
    py_type *t = PY_TYPE(o);
    if (t->nb_bool != NULL)
        return t->nb_bool(o);
    if (t->mp_length != NULL) {
        int64_t n = t->mp_length(o);
        return n < 0 ? -1 : n != 0;
    }
    return 1;
}

oh_object *
py_format(oh_object *o, oh_object *spec)
{
    oh_object *empty = NULL;
    if (spec == NULL) {
        empty = oh_str_from_utf8("", 0);
        if (empty == NULL)
            return NULL;
        spec = empty;
    }
    bool found;
    oh_object *r = py_call_special(o, PY_ID(__format__), &spec, 1, &found);
    if (!found) {
        r = py_err_format(PY_EXC(TypeError), "Type %s doesn't define "
                          "__format__", PY_TYPE(o)->tp_name);
    }
    else {
        if (r != NULL && r->type != &oh_str_type) {
            py_err_format(PY_EXC(TypeError), "__format__ must return a "
                          "str, not %T", r);
            oh_decref(r);
            r = NULL;
        }
    }
    oh_xdecref(empty);
    return r;
}

/* ==========================================================================
 * Attributes
 * ========================================================================== */

/* AttributeError raised by a getattr of name on o: give it .name and .obj
 * (tracebacks suggest names from them), unless it has them. */
static void
attribute_error_context(oh_object *o, oh_object *name)
{
    oh_object *exc = py_err_peek();
    if (exc == NULL || !py_is_instance(exc, PY_EXC(AttributeError)))
        return;
    oh_object *d = py_object_get_dict(exc);
    if (d == NULL) {
        oh_err_clear();
        return;
    }
    oh_object *v;
    if (oh_dict_lookup(d, PY_ID(name), &v) > 0 && v != OH_NONE)
        return;
    oh_dict_set(d, PY_ID(name), name);
    oh_dict_set(d, py_static_str("obj"), o);
}

oh_object *
py_getattr(oh_object *o, oh_object *name)
{
    py_type *t = PY_TYPE(o);
    oh_object *r;
    if (t->tp_getattro != NULL)
        r = t->tp_getattro(o, name);
    else
        r = py_err_format(PY_EXC(AttributeError), "'%s' object has no "
                          "attribute '%U'", t->tp_name, name);
    if (r == NULL)
        attribute_error_context(o, name);
    return r;
}

oh_object *
py_getattr_cstr(oh_object *o, const char *name)
{
    oh_object *n = oh_str_intern_cstr(name);
    if (n == NULL)
        return NULL;
    oh_object *r = py_getattr(o, n);
    oh_decref(n);
    return r;
}

int
py_lookup_attr(oh_object *o, oh_object *name, oh_object **out)
{
    *out = py_getattr(o, name);
    if (*out != NULL)
        return 1;
    if (py_err_matches(PY_EXC(AttributeError))) {
        py_err_clear();
        return 0;
    }
    return -1;
}

int
py_setattr(oh_object *o, oh_object *name, oh_object *value)
{
    py_type *t = PY_TYPE(o);
    if (t->tp_setattro == NULL) {
        py_err_format(PY_EXC(AttributeError), "'%s' object has no "
                      "attribute '%U'", t->tp_name, name);
        return -1;
    }
    return t->tp_setattro(o, name, value);
}

int
py_delattr(oh_object *o, oh_object *name)
{
    return py_setattr(o, name, NULL);
}

int
py_get_method(oh_object *o, oh_object *name, oh_object **meth)
{
    py_type *t = PY_TYPE(o);
    if (t->tp_getattro != py_object_generic_getattr) {
        *meth = py_getattr(o, name);
        return *meth ? 0 : -1;
    }
    oh_object *descr = py_type_lookup(t, name);
    if (descr != NULL) {
        py_type *dt = PY_TYPE(descr);
        if ((dt == PY_T(function) || dt == PY_T(method_descr))
            && (t->dictoffset == 0
                || !(t->tpflags & (PY_TPFLAGS_HEAPTYPE)))) {
            /* A method of a type whose instances have no attributes of
             * their own: nothing can shadow it. */
            oh_incref(descr);
            *meth = descr;
            return 1;
        }
        if (dt == PY_T(function) || dt == PY_T(method_descr)) {
            /* An instance attribute of the same name would win (the
             * function is not a data descriptor). */
            oh_object *own;
            int r = py_instance_own_attr(o, name, &own);
            if (r < 0)
                return -1;
            if (r > 0) {
                *meth = own;
                return 0;
            }
            oh_incref(descr);
            *meth = descr;
            return 1;
        }
    }
    *meth = py_getattr(o, name);
    return *meth ? 0 : -1;
}

oh_object *
py_call_method(oh_object *o, oh_object *name, oh_object *const *args,
               size_t nargs)
{
    oh_object *meth;
    int r = py_get_method(o, name, &meth);
    if (r < 0)
        return NULL;
    oh_object *res;
    if (r > 0) {
        oh_object *small[8];
        oh_object **stack = nargs + 1 <= 8
                                ? small
                                : oh_malloc((nargs + 1) * sizeof(oh_object *));
        if (stack == NULL) {
            oh_decref(meth);
            return py_err_no_memory();
        }
        stack[0] = o;
        if (nargs > 0)
            memcpy(stack + 1, args, nargs * sizeof(oh_object *));
        res = py_call(meth, stack, nargs + 1, NULL);
        if (stack != small)
            oh_free(stack);
    }
    else
        res = py_call(meth, args, nargs, NULL);
    oh_decref(meth);
    return res;
}

/* A special method, looked up on type(o) only (as the interpreter does for
 * __dir__, __format__, __len__ ...): for a class C, type(C).__dir__, never
 * the unbound C.__dir__ its own mro would find.  NULL with *found false
 * when the type has none (no error set). */
oh_object *
py_call_special(oh_object *o, oh_object *name, oh_object *const *args,
                size_t nargs, bool *found)
{
    py_type *t = PY_TYPE(o);
    oh_object *f = py_type_lookup(t, name);
    *found = f != NULL;
    if (f == NULL)
        return NULL;
    oh_incref(f);
    py_descrgetfunc get = PY_TYPE(f)->tp_descr_get;
    oh_object *bound = get != NULL ? get(f, o, &t->ob_base) : f;
    if (get != NULL)
        oh_decref(f);
    if (bound == NULL)
        return NULL;
    oh_object *res = py_call(bound, args, nargs, NULL);
    oh_decref(bound);
    return res;
}

/* ==========================================================================
 * Calls
 * ========================================================================== */

oh_object *
py_call(oh_object *callable, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    if (callable->type == &PY_T(function)->ot)
        return py_function_call(callable, args, nargs, kwnames);
    py_type *t = PY_TYPE(callable);
    if (t->tp_call == NULL)
        return py_err_format(PY_EXC(TypeError), "'%s' object is not "
                             "callable", t->tp_name);
    if (kwnames != NULL && OHI_TUPLE_SIZE(kwnames) == 0)
        kwnames = NULL;
    oh_object *r = t->tp_call(callable, args, nargs, kwnames);
    if (r == NULL && !py_err_occurred())
        py_err_set_string(PY_EXC(SystemError),
                          "error return without exception set");
    return r;
}

oh_object *
py_call0(oh_object *callable)
{
    return py_call(callable, NULL, 0, NULL);
}

oh_object *
py_call1(oh_object *callable, oh_object *a)
{
    return py_call(callable, &a, 1, NULL);
}

oh_object *
py_call2(oh_object *callable, oh_object *a, oh_object *b)
{
    oh_object *args[2] = {a, b};
    return py_call(callable, args, 2, NULL);
}

oh_object *
py_call_tuple_dict(oh_object *callable, oh_object *args, oh_object *kwargs)
{
    size_t np = (size_t)OHI_TUPLE_SIZE(args);
    int64_t nk = kwargs ? oh_dict_size(kwargs) : 0;
    if (nk <= 0)
        return py_call(callable, OHI_TUPLE(args)->items, np, NULL);
    oh_object **stack = oh_malloc((np + (size_t)nk) * sizeof(oh_object *));
    oh_object *kwnames = ohi_tuple_alloc((size_t)nk);
    if (stack == NULL || kwnames == NULL) {
        oh_free(stack);
        oh_xdecref(kwnames);
        return py_err_no_memory();
    }
    memcpy(stack, OHI_TUPLE(args)->items, np * sizeof(oh_object *));
    oh_dict_iter it;
    oh_object *k, *v;
    oh_dict_iter_init(&it, kwargs);
    size_t i = 0;
    oh_object *r = NULL;
    while (oh_dict_iter_next(&it, &k, &v) == 1 && i < (size_t)nk) {
        if (k->type != &oh_str_type) {
            py_err_format(PY_EXC(TypeError), "keywords must be strings");
            goto done;
        }
        oh_incref(k);
        OHI_TUPLE(kwnames)->items[i] = k;
        stack[np + i] = v;
        i++;
    }
    /* A dict changed under us leaves items unfilled: shrink the names. */
    for (size_t j = i; j < (size_t)nk; j++) {
        oh_incref(OH_NONE);
        OHI_TUPLE(kwnames)->items[j] = OH_NONE;
    }
    if (i != (size_t)nk) {
        py_err_set_string(PY_EXC(RuntimeError),
                          "dictionary changed size during iteration");
        goto done;
    }
    r = py_call(callable, stack, np, kwnames);
done:
    oh_free(stack);
    oh_decref(kwnames);
    return r;
}

bool
py_callable(oh_object *o)
{
    return PY_TYPE(o)->tp_call != NULL;
}

/* ==========================================================================
 * Operators
 * ========================================================================== */

static const char *const op_symbols[PY_OP_NBINARY] = {
    "+", "-", "*", "@", "/", "%", "** or pow()", "<<", ">>", "|", "^", "&",
    "//"
};
static const char *const inplace_symbols[PY_OP_NBINARY] = {
    "+=", "-=", "*=", "@=", "/=", "%=", "**=", "<<=", ">>=", "|=", "^=",
    "&=", "//="
};

/* a op b with both types' slots, or NotImplemented (a new reference). */
static oh_object *
binary_op1(oh_object *a, oh_object *b, int op)
{
    py_type *ta = PY_TYPE(a), *tb = PY_TYPE(b);
    py_binaryfunc slota = ta->nb_binary[op];
    py_binaryfunc slotb = tb != ta ? tb->nb_binary[op] : NULL;
    if (slotb == slota)
        slotb = NULL;
    oh_object *r;
    if (slota != NULL) {
        if (slotb != NULL && py_type_is_subtype(tb, ta)) {
            r = slotb(a, b);
            if (r != PY_NOTIMPL)
                return r;
            oh_decref(r);
            slotb = NULL;
        }
        r = slota(a, b);
        if (r != PY_NOTIMPL)
            return r;
        oh_decref(r);
    }
    if (slotb != NULL)
        return slotb(a, b);
    oh_incref(PY_NOTIMPL);
    return PY_NOTIMPL;
}

static bool
is_sequence_type(const py_type *t)
{
    return t == PY_T(str) || t == PY_T(list) || t == PY_T(tuple)
           || t == PY_T(bytes) || t == PY_T(bytearray);
}

static oh_object *
binop_type_error(oh_object *a, oh_object *b, int op, bool inplace)
{
    py_type *ta = PY_TYPE(a), *tb = PY_TYPE(b);
    const py_type *sa = ta;
    while (sa->tpflags & PY_TPFLAGS_HEAPTYPE)
        sa = sa->base;
    if (op == PY_OP_ADD && is_sequence_type(sa)) {
        if (sa == PY_T(str))
            return py_err_format(PY_EXC(TypeError), "can only concatenate "
                                 "str (not \"%s\") to str", tb->tp_name);
        return py_err_format(PY_EXC(TypeError), "can only concatenate %s "
                             "(not \"%s\") to %s", sa->tp_name, tb->tp_name,
                             sa->tp_name);
    }
    if (op == PY_OP_MULT && (is_sequence_type(sa)
                             || is_sequence_type(tb))) {
        oh_object *other = is_sequence_type(sa) ? b : a;
        return py_err_format(PY_EXC(TypeError), "can't multiply sequence "
                             "by non-int of type '%s'",
                             PY_TYPE(other)->tp_name);
    }
    return py_err_format(PY_EXC(TypeError), "unsupported operand type(s) "
                         "for %s: '%s' and '%s'",
                         inplace ? inplace_symbols[op] : op_symbols[op],
                         ta->tp_name, tb->tp_name);
}

oh_object *
py_binary_op(oh_object *a, oh_object *b, int op)
{
    oh_object *r = binary_op1(a, b, op);
    if (r != PY_NOTIMPL)
        return r;
    oh_decref(r);
    return binop_type_error(a, b, op, false);
}

oh_object *
py_inplace_op(oh_object *a, oh_object *b, int op)
{
    py_binaryfunc islot = PY_TYPE(a)->nb_inplace[op];
    if (islot != NULL) {
        oh_object *r = islot(a, b);
        if (r != PY_NOTIMPL)
            return r;
        oh_decref(r);
    }
    oh_object *r = binary_op1(a, b, op);
    if (r != PY_NOTIMPL)
        return r;
    oh_decref(r);
    return binop_type_error(a, b, op, true);
}

oh_object *
py_power(oh_object *a, oh_object *b, oh_object *m)
{
    if (m == NULL || m == OH_NONE)
        return py_binary_op(a, b, PY_OP_POW);
    /* CPython's ternary_op: a's slot, then b's (first, if b's type is a
     * subclass of a's), then m's, each distinct slot once: pow(2, 1j, 3)
     * reaches complex's, which refuses a modulus. */
    py_type *ta = PY_TYPE(a), *tb = PY_TYPE(b);
    py_ternaryfunc fa = ta->nb_power3;
    py_ternaryfunc fb = tb != ta ? tb->nb_power3 : NULL;
    if (fb == fa)
        fb = NULL;
    py_ternaryfunc fm = PY_TYPE(m)->nb_power3;
    if (fm == fa || fm == fb)
        fm = NULL;
    py_ternaryfunc order[3] = {fa, fb, fm};
    if (fa != NULL && fb != NULL && py_type_is_subtype(tb, ta)) {
        order[0] = fb;
        order[1] = fa;
    }
    for (int i = 0; i < 3; i++) {
        if (order[i] == NULL)
            continue;
        oh_object *r = order[i](a, b, m);
        if (r != PY_NOTIMPL)
            return r;
        oh_decref(r);
    }
    return py_err_format(PY_EXC(TypeError), "unsupported operand type(s) "
                         "for ** or pow(): '%s', '%s', '%s'",
                         PY_TYPE(a)->tp_name, PY_TYPE(b)->tp_name,
                         PY_TYPE(m)->tp_name);
}

#define UNARY(fname, slot, sym)                                             \
    oh_object *fname(oh_object *o)                                          \
    {                                                                       \
        py_type *t = PY_TYPE(o);                                            \
        if (t->slot != NULL)                                                \
            return t->slot(o);                                              \
        return py_err_format(PY_EXC(TypeError), "bad operand type for "     \
                             sym ": '%s'", t->tp_name);                     \
    }
UNARY(py_negative, nb_negative, "unary -")
UNARY(py_positive, nb_positive, "unary +")
UNARY(py_invert, nb_invert, "unary ~")
UNARY(py_absolute, nb_absolute, "abs()")
#undef UNARY

static const char *const cmp_symbols[6] = {"<", "<=", "==", "!=", ">",
                                           ">="};
static const int cmp_swapped[6] = {PY_CMP_GT, PY_CMP_GE, PY_CMP_EQ,
                                   PY_CMP_NE, PY_CMP_LT, PY_CMP_LE};

oh_object *
py_compare(oh_object *a, oh_object *b, int op)
{
    py_type *ta = PY_TYPE(a), *tb = PY_TYPE(b);
    bool checked_reverse = false;
    oh_object *r;
    if (enter_recursive(" in comparison") < 0)
        return NULL;
    if (ta != tb && tb->tp_richcompare != NULL
        && py_type_is_subtype(tb, ta)) {
        checked_reverse = true;
        r = tb->tp_richcompare(b, a, cmp_swapped[op]);
        if (r != PY_NOTIMPL)
            return r;
        oh_decref(r);
    }
    if (ta->tp_richcompare != NULL) {
        r = ta->tp_richcompare(a, b, op);
        if (r != PY_NOTIMPL)
            return r;
        oh_decref(r);
    }
    if (!checked_reverse && tb->tp_richcompare != NULL) {
        r = tb->tp_richcompare(b, a, cmp_swapped[op]);
        if (r != PY_NOTIMPL)
            return r;
        oh_decref(r);
    }
    if (op == PY_CMP_EQ)
        return oh_bool_from(a == b);
    if (op == PY_CMP_NE)
        return oh_bool_from(a != b);
    return py_err_format(PY_EXC(TypeError), "'%s' not supported between "
                         "instances of '%s' and '%s'", cmp_symbols[op],
                         ta->tp_name, tb->tp_name);
}

int
py_compare_bool(oh_object *a, oh_object *b, int op)
{
    if (a == b) {                       /* identity first: nan in [nan] */
        if (op == PY_CMP_EQ)
            return 1;
        if (op == PY_CMP_NE)
            return 0;
    }
    int fast = py_compare_fast(a, b, op);
    if (fast >= 0)
        return fast;
    oh_object *r = py_compare(a, b, op);
    if (r == NULL)
        return -1;
    int t = r == OH_TRUE ? 1 : r == OH_FALSE ? 0 : py_is_true(r);
    oh_decref(r);
    return t;
}

int
py_sequence_contains_by_iter(oh_object *container, oh_object *item)
{
    oh_object *it = py_iter(container);
    if (it == NULL)
        return -1;
    oh_object *v;
    while ((v = py_iter_next(it)) != NULL) {
        int eq = py_compare_bool(v, item, PY_CMP_EQ);
        oh_decref(v);
        if (eq != 0) {
            oh_decref(it);
            return eq;
        }
    }
    oh_decref(it);
    return py_err_occurred() ? -1 : 0;
}

int
py_contains(oh_object *container, oh_object *item)
{
    py_type *t = PY_TYPE(container);
    if (t->sq_contains != NULL)
        return t->sq_contains(container, item);
    if (t->tp_iter == NULL && t->mp_subscript == NULL) {
        py_err_format(PY_EXC(TypeError), "argument of type '%s' is not "
                      "iterable", t->tp_name);
        return -1;
    }
    return py_sequence_contains_by_iter(container, item);
}

oh_object *
py_index(oh_object *o)
{
    if (oh_int_check(o) && (o->type == &oh_int_type
                            || OHI_TYPE_KIND(o->type) == OHI_KIND_INT
                            || o->type == &oh_bool_type)) {
        oh_incref(o);
        return o;
    }
    py_type *t = PY_TYPE(o);
    if (t->nb_index == NULL)
        return py_err_format(PY_EXC(TypeError), "'%s' object cannot be "
                             "interpreted as an integer", t->tp_name);
    oh_object *r = t->nb_index(o);
    if (r != NULL && !oh_int_check(r)) {
        py_err_format(PY_EXC(TypeError), "__index__ returned non-int "
                      "(type %s)", PY_TYPE(r)->tp_name);
        oh_decref(r);
        return NULL;
    }
    return r;
}

int
py_index_i64(oh_object *o, int64_t *out)
{
    oh_object *i = py_index(o);
    if (i == NULL)
        return -1;
    int r = oh_int_as_i64(i, out);
    oh_decref(i);
    if (r < 0) {
        py_err_clear();
        py_err_format(PY_EXC(OverflowError), "Python int too large to "
                      "convert to C ssize_t");
    }
    return r;
}

oh_object *
py_number_int(oh_object *o)
{
    py_type *t = PY_TYPE(o);
    if (t->nb_int != NULL)
        return t->nb_int(o);
    if (t->nb_index != NULL)
        return py_index(o);
    oh_object *trunc = py_type_lookup(t, PY_ID(__trunc__));
    if (trunc != NULL)
        return py_call_method(o, PY_ID(__trunc__), NULL, 0);
    return py_err_format(PY_EXC(TypeError), "int() argument must be a "
                         "string, a bytes-like object or a real number, "
                         "not '%s'", t->tp_name);
}

oh_object *
py_number_float(oh_object *o)
{
    py_type *t = PY_TYPE(o);
    if (t->nb_float != NULL)
        return t->nb_float(o);
    if (t->nb_index != NULL) {
        oh_object *i = py_index(o);
        if (i == NULL)
            return NULL;
        double d;
        int r = oh_float_as_double(i, &d);
        oh_decref(i);
        return r < 0 ? NULL : oh_float_from_double(d);
    }
    return py_err_format(PY_EXC(TypeError), "float() argument must be a "
                         "string or a real number, not '%s'", t->tp_name);
}

/* ==========================================================================
 * Items and length
 * ========================================================================== */

oh_object *
py_getitem(oh_object *o, oh_object *key)
{
    py_type *t = PY_TYPE(o);
    if (t->mp_subscript != NULL)
        return t->mp_subscript(o, key);
    if (py_is_instance(o, PY_T(type))) {
        oh_object *cg;
        int r = py_lookup_attr(o, PY_ID(__class_getitem__), &cg);
        if (r < 0)
            return NULL;
        if (r > 0) {
            oh_object *res = py_call1(cg, key);
            oh_decref(cg);
            return res;
        }
        return py_err_format(PY_EXC(TypeError), "type '%s' is not "
                             "subscriptable",
                             ((py_type *)(void *)o)->tp_name);
    }
    return py_err_format(PY_EXC(TypeError), "'%s' object is not "
                         "subscriptable", t->tp_name);
}

int
py_setitem(oh_object *o, oh_object *key, oh_object *value)
{
    py_type *t = PY_TYPE(o);
    if (t->mp_ass_subscript != NULL)
        return t->mp_ass_subscript(o, key, value);
    py_err_format(PY_EXC(TypeError), "'%s' object does not support item "
                  "assignment", t->tp_name);
    return -1;
}

int
py_delitem(oh_object *o, oh_object *key)
{
    py_type *t = PY_TYPE(o);
    if (t->mp_ass_subscript != NULL)
        return t->mp_ass_subscript(o, key, NULL);
    py_err_format(PY_EXC(TypeError), "'%s' object doesn't support item "
                  "deletion", t->tp_name);
    return -1;
}

int64_t
py_len(oh_object *o)
{
    py_type *t = PY_TYPE(o);
    if (t->mp_length != NULL)
        return t->mp_length(o);
    py_err_format(PY_EXC(TypeError), "object of type '%s' has no len()",
                  t->tp_name);
    return -1;
}

/* ==========================================================================
 * Iteration
 * ========================================================================== */

/* An iterator over obj[0], obj[1], ... until IndexError (the sequence
 * protocol), or over callable() until it returns sentinel. */
typedef struct seq_iter {
    OH_OBJECT_HEAD;
    oh_object *seq;                     /* NULL once exhausted */
    oh_object *sentinel;                /* call_iter only */
    int64_t index;
} seq_iter;

#define SEQIT(o) ((seq_iter *)(void *)(o))

static int
seqiter_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(SEQIT(o)->seq);
    OH_VISIT(SEQIT(o)->sentinel);
    return 0;
}

static void
seqiter_clear(oh_object *o)
{
    OH_CLEAR(SEQIT(o)->seq);
    OH_CLEAR(SEQIT(o)->sentinel);
}

static oh_object *
seqiter_new(py_type *t, oh_object *seq, oh_object *sentinel)
{
    seq_iter *it = (seq_iter *)(void *)ohi_object_alloc(&t->ot, 0);
    if (it == NULL)
        return NULL;
    oh_incref(seq);
    it->seq = seq;
    oh_xincref(sentinel);
    it->sentinel = sentinel;
    it->index = 0;
    ohi_gc_track(&it->ob_base);
    ohi_gc_safe_point();
    return &it->ob_base;
}

static oh_object *
self_iter(oh_object *o)
{
    oh_incref(o);
    return o;
}

static oh_object *
seqiter_next(oh_object *o)
{
    seq_iter *it = SEQIT(o);
    if (it->seq == NULL)
        return NULL;
    oh_object *i = oh_int_from_i64(it->index);
    if (i == NULL)
        return NULL;
    oh_object *v = py_getitem(it->seq, i);
    oh_decref(i);
    if (v != NULL) {
        it->index++;
        return v;
    }
    if (py_err_matches(PY_EXC(IndexError))
        || py_err_matches(PY_EXC(StopIteration))) {
        py_err_clear();
        OH_CLEAR(it->seq);
    }
    return NULL;
}

py_static_type py_seq_iter_static = {.t = {
    PY_TYPE_INIT("iterator", seq_iter, OH_TYPE_CONTAINER),
    .ot.traverse = seqiter_traverse,
    .ot.clear = seqiter_clear,
    .tp_iter = self_iter,
    .tp_iternext = seqiter_next,
}};

static oh_object *
calliter_next(oh_object *o)
{
    seq_iter *it = SEQIT(o);
    if (it->seq == NULL)
        return NULL;
    oh_object *v = py_call0(it->seq);
    if (v == NULL) {
        if (py_err_matches(PY_EXC(StopIteration))) {
            py_err_clear();
            OH_CLEAR(it->seq);
        }
        return NULL;
    }
    int eq = py_compare_bool(v, it->sentinel, PY_CMP_EQ);
    if (eq != 0) {
        oh_decref(v);
        if (eq > 0)
            OH_CLEAR(it->seq);
        return NULL;
    }
    return v;
}

py_static_type py_call_iter_static = {.t = {
    PY_TYPE_INIT("callable_iterator", seq_iter, OH_TYPE_CONTAINER),
    .ot.traverse = seqiter_traverse,
    .ot.clear = seqiter_clear,
    .tp_iter = self_iter,
    .tp_iternext = calliter_next,
}};

oh_object *
py_call_iter_new(oh_object *callable, oh_object *sentinel)
{
    return seqiter_new(PY_T(call_iter), callable, sentinel);
}

oh_object *
py_iter(oh_object *o)
{
    py_type *t = PY_TYPE(o);
    if (t->tp_iter != NULL) {
        oh_object *it = t->tp_iter(o);
        if (it != NULL && PY_TYPE(it)->tp_iternext == NULL) {
            py_err_format(PY_EXC(TypeError), "iter() returned non-iterator "
                          "of type '%s'", PY_TYPE(it)->tp_name);
            oh_decref(it);
            return NULL;
        }
        return it;
    }
    if (t->mp_subscript != NULL && t != PY_T(dict)
        && !py_type_is_subtype(t, PY_T(dict)))
        return seqiter_new(PY_T(seq_iter), o, NULL);
    return py_err_format(PY_EXC(TypeError), "'%s' object is not iterable",
                         t->tp_name);
}

oh_object *
py_iter_next(oh_object *it)
{
    /* An item taken by C code is a step (IN4 in py.h), so that
     * sum(itertools.repeat(1)) stops at the step limit (and on Ctrl-C). */
    if (PY_STEP_FAILED(OHI_RT->py))
        return NULL;
    py_iternextfunc next = PY_TYPE(it)->tp_iternext;
    if (next == NULL)
        return py_err_format(PY_EXC(TypeError), "'%T' object is not an "
                             "iterator", it);
    oh_object *v = next(it);
    if (v == NULL && py_err_matches(PY_EXC(StopIteration)))
        py_err_clear();
    return v;
}

oh_object *
py_sequence_list(oh_object *iterable)
{
    oh_object *l = oh_list_new();
    if (l == NULL)
        return NULL;
    if (iterable->type == &oh_list_type || iterable->type == &oh_tuple_type) {
        if (oh_list_extend(l, iterable) < 0) {
            oh_decref(l);
            return NULL;
        }
        return l;
    }
    oh_object *it = py_iter(iterable);
    if (it == NULL) {
        oh_decref(l);
        return NULL;
    }
    oh_object *v;
    while ((v = py_iter_next(it)) != NULL) {
        int r = oh_list_append(l, v);
        oh_decref(v);
        if (r < 0)
            break;
    }
    oh_decref(it);
    if (py_err_occurred()) {
        oh_decref(l);
        return NULL;
    }
    return l;
}

oh_object *
py_sequence_tuple(oh_object *iterable)
{
    if (iterable->type == &oh_tuple_type) {
        oh_incref(iterable);
        return iterable;
    }
    oh_object *l = py_sequence_list(iterable);
    if (l == NULL)
        return NULL;
    oh_object *t = oh_tuple_from_array(OHI_LIST(l)->items,
                                       (size_t)OHI_LIST(l)->size);
    oh_decref(l);
    return t;
}

/* ==========================================================================
 * dir()
 * ========================================================================== */

static int
add_keys(oh_object *names, oh_object *dict)
{
    if (dict == NULL || dict->type != &oh_dict_type)
        return 0;
    oh_dict_iter it;
    oh_object *k;
    oh_dict_iter_init(&it, dict);
    int r;
    while ((r = oh_dict_iter_next(&it, &k, NULL)) == 1)
        if (oh_set_add(names, k) < 0)
            return -1;
    return r;
}

/* object.__dir__ (and type's): the names of o's attributes, unsorted. */
oh_object *
py_object_default_dir(oh_object *o)
{
    oh_object *names = oh_set_new();
    if (names == NULL)
        return NULL;
    bool is_type = py_is_instance(o, PY_T(type));
    py_type *t = is_type ? (py_type *)(void *)o : PY_TYPE(o);
    int r = 0;
    if (PY_TYPE(o) == PY_T(module))
        r = add_keys(names, ((py_module *)(void *)o)->dict);
    else {
        if (!is_type && t->dictoffset != 0) {
            oh_object *d = py_object_get_dict(o);
            if (d == NULL)
                py_err_clear();
            else
                r = add_keys(names, d);
        }
        oh_object *mro = t->mro;
        for (int64_t i = 0; r == 0 && mro && i < OHI_TUPLE_SIZE(mro); i++)
            r = add_keys(names,
                         ((py_type *)(void *)OHI_TUPLE(mro)->items[i])->dict);
    }
    if (r < 0) {
        oh_decref(names);
        return NULL;
    }
    oh_object *l = py_sequence_list(names);
    oh_decref(names);
    return l;
}

static int
compare_str_items(const void *a, const void *b)
{
    oh_object *x = *(oh_object *const *)a, *y = *(oh_object *const *)b;
    size_t nx, ny;
    const char *sx = oh_str_utf8(x, &nx), *sy = oh_str_utf8(y, &ny);
    int c = memcmp(sx, sy, nx < ny ? nx : ny);
    if (c != 0)
        return c;
    return nx < ny ? -1 : nx > ny;
}

/* dir(o): type(o).__dir__(o), sorted. */
oh_object *
py_object_dir(oh_object *o)
{
    bool found;
    oh_object *d = py_call_special(o, PY_ID(__dir__), NULL, 0, &found);
    if (d == NULL) {
        if (!found)
            py_err_set_string(PY_EXC(AttributeError), "__dir__");
        return NULL;
    }
    oh_object *l = py_sequence_list(d);
    oh_decref(d);
    if (l == NULL)
        return NULL;
    bool all_str = true;
    for (int64_t i = 0; i < OHI_LIST(l)->size; i++)
        if (OHI_LIST(l)->items[i]->type != &oh_str_type)
            all_str = false;
    if (all_str && OHI_LIST(l)->size > 1)
        qsort(OHI_LIST(l)->items, (size_t)OHI_LIST(l)->size,
              sizeof(oh_object *), compare_str_items);
    return l;
}

/* ==========================================================================
 * NotImplemented and Ellipsis
 * ========================================================================== */

static oh_object *
notimplemented_repr(oh_object *o)
{
    return oh_str_from_cstr("NotImplemented");
}

static int
notimplemented_bool(oh_object *o)
{
    /* 3.11 deprecates it but answers True. */
    return 1;
}

/* NotImplementedType() and type(...)(): the singletons. */
static oh_object *
singleton_new(py_type *type, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    if (nargs != 0 || (kwnames != NULL && OHI_TUPLE_SIZE(kwnames) != 0))
        return py_err_format(PY_EXC(TypeError), "%s takes no arguments",
                             type->tp_name);
    oh_object *o = type == PY_T(ellipsis) ? PY_ELLIPSIS : PY_NOTIMPL;
    oh_incref(o);
    return o;
}

py_static_type py_notimplemented_static = {.t = {
    PY_TYPE_INIT("NotImplementedType", oh_object, OH_TYPE_HASHABLE),
    .tp_new = singleton_new,
    .tp_repr = notimplemented_repr,
    .nb_bool = notimplemented_bool,
}};

oh_object py_notimplemented_object = {OH_IMMORTAL_REFCNT,
                                      &py_notimplemented_static.t.ot};

static oh_object *
ellipsis_repr(oh_object *o)
{
    return oh_str_from_cstr("Ellipsis");
}

py_static_type py_ellipsis_static = {.t = {
    PY_TYPE_INIT("ellipsis", oh_object, OH_TYPE_HASHABLE),
    .tp_new = singleton_new,
    .tp_repr = ellipsis_repr,
}};

oh_object py_ellipsis_object = {OH_IMMORTAL_REFCNT,
                                &py_ellipsis_static.t.ot};
