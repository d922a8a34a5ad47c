/*
 * t_int.c -- int and bool as Python types.
 *
 * What this file owns
 * -------------------
 * The Python face of the library's integers (src/types/int.c and
 * longint.c do the arithmetic, of any size): PY_T(int) and PY_T(bool),
 * their operator slots, constructors (int(x), int(s, base), bool(x)) and
 * methods.  An int object is the library's own: PY_T(int)'s layout is
 * oh_int_type, found from an object through its kind (py.h, py_type_of).
 *
 * Operators follow CPython's number protocol: each binary slot answers for
 * two ints (bools included) and returns NotImplemented otherwise, so that
 * 1 + 2.5 reaches float's slot, and a class with __radd__ gets its turn.
 * bool & | ^ bool stay bool, as in Python.
 *
 * Invariants
 * ----------
 * TI1. Every slot here accepts any object and returns NotImplemented for
 *      operands that are not ints; none raises TypeError for a wrong type
 *      (abstract.c words that error).
 */
#include "py/py.h"

#include <math.h>
#include <string.h>

/* Is o an int (or bool, or a subclass of int)? */
OHI_INLINE bool
is_int(const oh_object *o)
{
    unsigned k = OHI_TYPE_KIND(o->type);
    return k == OHI_KIND_INT || k == OHI_KIND_BOOL;
}

#define NOTIMPL() (oh_incref(PY_NOTIMPL), PY_NOTIMPL)

#define INT_BINOP(fname, libfn)                                             \
    static oh_object *fname(oh_object *a, oh_object *b)                     \
    {                                                                       \
        if (!is_int(a) || !is_int(b))                                       \
            return NOTIMPL();                                               \
        return libfn(a, b);                                                 \
    }
INT_BINOP(int_add, oh_int_add)
INT_BINOP(int_sub, oh_int_sub)
INT_BINOP(int_mul, oh_int_mul)
INT_BINOP(int_floordiv, oh_int_floordiv)
INT_BINOP(int_mod, oh_int_mod)
INT_BINOP(int_truediv, oh_int_truediv)
INT_BINOP(int_pow, oh_int_pow)
INT_BINOP(int_lshift, oh_int_lshift)
INT_BINOP(int_rshift, oh_int_rshift)
#undef INT_BINOP

/* &, |, ^: bools stay bools. */
#define INT_BITOP(fname, libfn, cop)                                        \
    static oh_object *fname(oh_object *a, oh_object *b)                     \
    {                                                                       \
        if (!is_int(a) || !is_int(b))                                       \
            return NOTIMPL();                                               \
        if (a->type == &oh_bool_type && b->type == &oh_bool_type)           \
            return oh_bool_from((a == OH_TRUE) cop (b == OH_TRUE));         \
        return libfn(a, b);                                                 \
    }
INT_BITOP(int_and, oh_int_and, &)
INT_BITOP(int_or, oh_int_or, |)
INT_BITOP(int_xor, oh_int_xor, ^)
#undef INT_BITOP

static oh_object *
int_powmod(oh_object *a, oh_object *b, oh_object *m)
{
    if (!is_int(a) || !is_int(b) || !is_int(m))
        return NOTIMPL();
    int sign = 0;
    if (oh_int_sign(b, &sign) == 0 && sign < 0
        && oh_int_sign(m, &sign) == 0 && sign == 0)
        return py_err_set_string(PY_EXC(ValueError),
                                 "pow() 3rd argument cannot be 0");
    return oh_int_powmod(a, b, m);
}

static oh_object *
int_divmod_slot(oh_object *a, oh_object *b)
{
    if (!is_int(a) || !is_int(b))
        return NOTIMPL();
    return oh_int_divmod(a, b);
}

/* The plain int with o's value (for subclasses and bools). */
static oh_object *
exact_int(oh_object *o)
{
    if (o->type == &oh_int_type) {
        oh_incref(o);
        return o;
    }
    return oh_int_add(o, oh_int_from_i64(0));
}

static oh_object *
int_neg(oh_object *o)
{
    return oh_int_neg(o);
}

static oh_object *
int_pos(oh_object *o)
{
    return exact_int(o);
}

static oh_object *
int_abs(oh_object *o)
{
    return oh_int_abs(o);
}

static oh_object *
int_invert(oh_object *o)
{
    return oh_int_invert(o);
}

static int
int_bool(oh_object *o)
{
    int s = 0;
    oh_int_sign(o, &s);
    return s != 0;
}

static oh_object *
int_float(oh_object *o)
{
    double d;
    if (oh_int_as_double(o, &d) < 0)
        return NULL;
    return oh_float_from_double(d);
}

static oh_object *
int_richcompare(oh_object *a, oh_object *b, int op)
{
    if (!is_int(a) || !is_int(b))
        return NOTIMPL();
    int c;
    if (oh_int_compare(a, b, &c) < 0)
        return NULL;
    bool r;
    switch (op) {
    case PY_CMP_LT: r = c < 0; break;
    case PY_CMP_LE: r = c <= 0; break;
    case PY_CMP_EQ: r = c == 0; break;
    case PY_CMP_NE: r = c != 0; break;
    case PY_CMP_GT: r = c > 0; break;
    default: r = c >= 0; break;
    }
    return oh_bool_from(r);
}

static oh_hash_t
int_hash(oh_object *o)
{
    /* Not oh_hash: for a subclass that would come back here. */
    return ohi_int_hash(o);
}

static oh_object *
int_repr(oh_object *o)
{
    if (o->type == &oh_int_type)
        return oh_repr(o);
    return oh_int_to_string(o, 10, 0);
}

/* int(x=0) / int(x, base) */
static oh_object *
int_from_object(oh_object *x, oh_object *base)
{
    if (base != NULL) {
        int64_t b;
        if (py_index_i64(base, &b) < 0)
            return NULL;
        if (x->type == &oh_str_type || OHI_TYPE_KIND(x->type)
                                           == OHI_KIND_STR) {
            size_t n;
            const char *s = oh_str_utf8(x, &n);
            return oh_int_from_string(s, n, (int)b);
        }
        if (x->type == &oh_bytes_type) {
            const char *s = (const char *)oh_bytes_data(x);
            return oh_int_from_string(s, (size_t)oh_bytes_size(x), (int)b);
        }
        return py_err_set_string(PY_EXC(TypeError), "int() can't convert "
                                 "non-string with explicit base");
    }
    if (x->type == &oh_int_type) {
        oh_incref(x);
        return x;
    }
    if (x->type == &oh_str_type || OHI_TYPE_KIND(x->type) == OHI_KIND_STR) {
        size_t n;
        const char *s = oh_str_utf8(x, &n);
        return oh_int_from_string(s, n, 10);
    }
    if (x->type == &oh_bytes_type)
        return oh_int_from_string((const char *)oh_bytes_data(x),
                                  (size_t)oh_bytes_size(x), 10);
    if (x->type == &oh_float_type) {
        double d;
        oh_float_as_double(x, &d);
        return oh_int_from_double(d);
    }
    oh_object *r = py_number_int(x);
    if (r == NULL)
        return NULL;
    if (!is_int(r)) {
        py_err_format(PY_EXC(TypeError), "__int__ returned non-int (type "
                      "%T)", r);
        oh_decref(r);
        return NULL;
    }
    oh_object *e = exact_int(r);
    oh_decref(r);
    return e;
}

static oh_object *
int_new(py_type *type, oh_object *const *args, size_t nargs,
        oh_object *kwnames)
{
    static const char *const kw[] = {"", "base", NULL};
    static const py_argspec spec = {"int", kw, 0, 2, 1};
    oh_object *a[2];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    oh_object *v;
    if (a[0] == NULL) {
        if (a[1] != NULL)
            return py_err_set_string(PY_EXC(TypeError), "int() missing "
                                     "string argument");
        v = oh_int_from_i64(0);
    }
    else
        v = int_from_object(a[0], a[1]);
    if (v == NULL || type == PY_T(int))
        return v;
    /* A subclass of int: an instance of the small layout with v's value
     * (values outside int64 are not supported in subclasses). */
    int64_t i;
    if (oh_int_as_i64(v, &i) < 0) {
        oh_decref(v);
        return py_err_set_string(PY_EXC(OverflowError), "int subclass "
                                 "values must fit in 64 bits here");
    }
    oh_decref(v);
    oh_object *o = py_alloc_instance(type, 0);
    if (o != NULL)
        OHI_INT_VALUE(o) = i;
    return o;
}

/* --- methods ------------------------------------------------------------- */

static oh_object *
int_m_bit_length(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    if (py_check_args("bit_length", nargs, kwnames, 0, 0) < 0)
        return NULL;
    int64_t n = oh_int_bit_length(self);
    return n < 0 ? NULL : oh_int_from_i64(n);
}

static oh_object *
int_m_bit_count(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (py_check_args("bit_count", nargs, kwnames, 0, 0) < 0)
        return NULL;
    int64_t n = oh_int_bit_count(self);
    return n < 0 ? NULL : oh_int_from_i64(n);
}

/* 'little' / 'big' */
static int
parse_byteorder(oh_object *o, int *little)
{
    if (o == NULL) {
        *little = 0;
        return 0;
    }
    if (o->type != &oh_str_type) {
        py_err_format(PY_EXC(TypeError), "to_bytes() argument 'byteorder' "
                      "must be str, not %T", o);
        return -1;
    }
    if (oh_str_equal_cstr(o, "little"))
        *little = 1;
    else if (oh_str_equal_cstr(o, "big"))
        *little = 0;
    else {
        py_err_set_string(PY_EXC(ValueError), "byteorder must be either "
                          "'little' or 'big'");
        return -1;
    }
    return 0;
}

static oh_object *
int_m_to_bytes(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    static const char *const kw[] = {"length", "byteorder", "signed", NULL};
    static const py_argspec spec = {"to_bytes", kw, 0, 2, 0};
    oh_object *a[3];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    int64_t length = 1;
    if (a[0] != NULL && py_index_i64(a[0], &length) < 0)
        return NULL;
    if (length < 0)
        return py_err_set_string(PY_EXC(ValueError), "length argument "
                                 "must be non-negative");
    int little;
    if (parse_byteorder(a[1], &little) < 0)
        return NULL;
    int is_signed = a[2] ? py_is_true(a[2]) : 0;
    if (is_signed < 0)
        return NULL;
    return oh_int_to_bytes(self, (size_t)length, little, is_signed);
}

static oh_object *
int_m_from_bytes(oh_object *cls, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    static const char *const kw[] = {"bytes", "byteorder", "signed", NULL};
    static const py_argspec spec = {"from_bytes", kw, 1, 2, 0};
    oh_object *a[3];
    if (py_bind_args(&spec, args, nargs, kwnames, a) < 0)
        return NULL;
    int little;
    if (parse_byteorder(a[1], &little) < 0)
        return NULL;
    int is_signed = a[2] ? py_is_true(a[2]) : 0;
    if (is_signed < 0)
        return NULL;
    oh_object *r;
    if (a[0]->type == &oh_bytes_type)
        r = oh_int_from_bytes(oh_bytes_data(a[0]),
                              (size_t)oh_bytes_size(a[0]), little,
                              is_signed);
    else {
        oh_object *l = py_sequence_list(a[0]);
        if (l == NULL)
            return NULL;
        size_t n = (size_t)OHI_LIST(l)->size;
        unsigned char *buf = oh_malloc(n ? n : 1);
        if (buf == NULL) {
            oh_decref(l);
            return py_err_no_memory();
        }
        for (size_t i = 0; i < n; i++) {
            int64_t v;
            if (py_index_i64(OHI_LIST(l)->items[i], &v) < 0 || v < 0
                || v > 255) {
                if (!py_err_occurred())
                    py_err_set_string(PY_EXC(ValueError), "bytes must be "
                                      "in range(0, 256)");
                oh_free(buf);
                oh_decref(l);
                return NULL;
            }
            buf[i] = (unsigned char)v;
        }
        r = oh_int_from_bytes(buf, n, little, is_signed);
        oh_free(buf);
        oh_decref(l);
    }
    if (r == NULL || (py_type *)(void *)cls == PY_T(int))
        return r;
    oh_object *c = py_call1(cls, r);
    oh_decref(r);
    return c;
}

static oh_object *
int_m_format(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("__format__", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (args[0]->type != &oh_str_type)
        return py_err_format(PY_EXC(TypeError), "__format__() argument "
                             "must be str, not %T", args[0]);
    return py_format_int(self, args[0]);
}

static oh_object *
int_m_self(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    return exact_int(self);
}

static oh_object *
int_m_round(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (py_check_args("__round__", nargs, kwnames, 0, 1) < 0)
        return NULL;
    if (nargs == 0 || args[0] == OH_NONE)
        return exact_int(self);
    int64_t nd;
    if (py_index_i64(args[0], &nd) < 0)
        return NULL;
    if (nd >= 0)
        return exact_int(self);
    /* Round to 10**-nd, halves to even. */
    oh_object *ten = oh_int_from_i64(10), *e = oh_int_from_i64(-nd);
    oh_object *p = (ten && e) ? oh_int_pow(ten, e) : NULL;
    oh_xdecref(ten);
    oh_xdecref(e);
    if (p == NULL)
        return NULL;
    oh_object *dm = oh_int_divmod(self, p);
    if (dm == NULL) {
        oh_decref(p);
        return NULL;
    }
    oh_object *q = OHI_TUPLE(dm)->items[0], *r = OHI_TUPLE(dm)->items[1];
    oh_object *two = oh_int_from_i64(2);
    oh_object *r2 = oh_int_mul(r, two);
    int c = 0;
    oh_int_compare(r2, p, &c);
    int64_t qlow = 0;
    oh_object *qmod = oh_int_mod(q, two);
    oh_int_as_i64(qmod, &qlow);
    oh_object *q2;
    if (c > 0 || (c == 0 && qlow == 1))
        q2 = oh_int_add(q, oh_int_from_i64(1));
    else {
        oh_incref(q);
        q2 = q;
    }
    oh_object *res = q2 ? oh_int_mul(q2, p) : NULL;
    oh_xdecref(q2);
    oh_xdecref(qmod);
    oh_xdecref(r2);
    oh_decref(two);
    oh_decref(dm);
    oh_decref(p);
    return res;
}

static oh_object *
int_m_as_integer_ratio(oh_object *self, oh_object *const *args,
                       size_t nargs, oh_object *kwnames)
{
    oh_object *n = exact_int(self);
    if (n == NULL)
        return NULL;
    oh_object *r = oh_tuple_pack(2, n, oh_int_from_i64(1));
    oh_decref(n);
    return r;
}

static oh_object *
int_m_is_integer(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    oh_incref(OH_TRUE);
    return OH_TRUE;
}

static oh_object *
int_m_getnewargs(oh_object *self, oh_object *const *args, size_t nargs,
                 oh_object *kwnames)
{
    oh_object *n = exact_int(self);
    if (n == NULL)
        return NULL;
    oh_object *t = oh_tuple_pack(1, n);
    oh_decref(n);
    return t;
}

static oh_object *
int_m_sizeof(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    return oh_int_from_i64((int64_t)py_sizeof(self));
}

static const py_method_def int_methods[] = {
    {"bit_length", int_m_bit_length, 0, NULL},
    {"bit_count", int_m_bit_count, 0, NULL},
    {"to_bytes", int_m_to_bytes, 0, NULL},
    {"from_bytes", int_m_from_bytes, PY_METH_CLASS, NULL},
    {"__format__", int_m_format, 0, NULL},
    {"conjugate", int_m_self, 0, NULL},
    {"__trunc__", int_m_self, 0, NULL},
    {"__floor__", int_m_self, 0, NULL},
    {"__ceil__", int_m_self, 0, NULL},
    {"__round__", int_m_round, 0, NULL},
    {"as_integer_ratio", int_m_as_integer_ratio, 0, NULL},
    {"is_integer", int_m_is_integer, 0, NULL},
    {"__getnewargs__", int_m_getnewargs, 0, NULL},
    {"__sizeof__", int_m_sizeof, 0, NULL},
    {NULL, NULL, 0, NULL}
};

static oh_object *
int_get_self(oh_object *o)
{
    return exact_int(o);
}

static oh_object *
int_get_zero(oh_object *o)
{
    return oh_int_from_i64(0);
}

static oh_object *
int_get_one(oh_object *o)
{
    return oh_int_from_i64(1);
}

static const py_getset_def int_getsets[] = {
    {"real", int_get_self, NULL, NULL},
    {"imag", int_get_zero, NULL, NULL},
    {"numerator", int_get_self, NULL, NULL},
    {"denominator", int_get_one, NULL, NULL},
    {NULL, NULL, NULL, NULL}
};

py_static_type py_int_static = {.t = {
    PY_TYPE_INIT_KIND("int", oh_int_type),
    .tpflags = PY_TPFLAGS_BASETYPE,
    .methods = int_methods,
    .getsets = int_getsets,
    .doc = "int([x]) -> integer\nint(x, base=10) -> integer",
    .tp_new = int_new,
    .tp_repr = int_repr,
    .tp_hash = int_hash,
    .tp_richcompare = int_richcompare,
    .nb_binary = {
        [PY_OP_ADD] = int_add, [PY_OP_SUB] = int_sub,
        [PY_OP_MULT] = int_mul, [PY_OP_DIV] = int_truediv,
        [PY_OP_MOD] = int_mod, [PY_OP_POW] = int_pow,
        [PY_OP_LSHIFT] = int_lshift, [PY_OP_RSHIFT] = int_rshift,
        [PY_OP_BITOR] = int_or, [PY_OP_BITXOR] = int_xor,
        [PY_OP_BITAND] = int_and, [PY_OP_FLOORDIV] = int_floordiv,
    },
    .nb_power3 = int_powmod,
    .nb_negative = int_neg,
    .nb_positive = int_pos,
    .nb_absolute = int_abs,
    .nb_invert = int_invert,
    .nb_bool = int_bool,
    .nb_int = int_pos,
    .nb_float = int_float,
    .nb_index = int_pos,
}};

/* divmod(a, b) for ints (builtins.c's divmod asks each type). */
oh_object *
py_int_divmod(oh_object *a, oh_object *b)
{
    return int_divmod_slot(a, b);
}

/* ==========================================================================
 * bool
 * ========================================================================== */

static oh_object *
bool_repr(oh_object *o)
{
    return oh_str_from_cstr(o == OH_TRUE ? "True" : "False");
}

static oh_object *
bool_new(py_type *type, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    if (py_no_kwargs("bool", kwnames) < 0)
        return NULL;
    if (nargs > 1)
        return py_err_format(PY_EXC(TypeError), "bool expected at most 1 "
                             "argument, got %zu", nargs);
    if (nargs == 0)
        return oh_bool_from(0);
    int t = py_is_true(args[0]);
    return t < 0 ? NULL : oh_bool_from(t);
}

py_static_type py_boolean_static = {.t = {
    PY_TYPE_INIT_KIND("bool", oh_bool_type),
    .base = PY_T(int),
    .doc = "bool(x) -> bool",
    .tp_new = bool_new,
    .tp_repr = bool_repr,
    .nb_binary = {
        [PY_OP_BITOR] = int_or, [PY_OP_BITXOR] = int_xor,
        [PY_OP_BITAND] = int_and,
    },
}};

/* ==========================================================================
 * None
 * ========================================================================== */

static oh_object *
none_repr(oh_object *o)
{
    return oh_str_from_cstr("None");
}

static int
none_bool(oh_object *o)
{
    return 0;
}

static oh_object *
none_new(py_type *type, oh_object *const *args, size_t nargs,
         oh_object *kwnames)
{
    if (nargs != 0 || (kwnames && OHI_TUPLE_SIZE(kwnames)))
        return py_err_set_string(PY_EXC(TypeError),
                                 "NoneType takes no arguments");
    oh_incref(OH_NONE);
    return OH_NONE;
}

py_static_type py_none_static = {.t = {
    PY_TYPE_INIT_KIND("NoneType", oh_none_type),
    .tp_new = none_new,
    .tp_repr = none_repr,
    .nb_bool = none_bool,
}};
