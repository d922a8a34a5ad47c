/*
 * slots.c -- special methods: from Python names to C slots and back.
 *
 * What this file owns
 * -------------------
 * The table that ties each special method name (__add__, __len__,
 * __repr__, ...) to a slot of struct py_type (py.h), and the three ways
 * it is used:
 *
 *   class A: def __add__(...)   -->  A.nb_binary[ADD] = slot function
 *        (py_slots_from_dict)        that finds and calls A's __add__
 *
 *   int.__add__                 <--  int.nb_binary[ADD] is a C function;
 *        (py_slots_add_wrappers)     a wrapper descriptor in int's dict
 *                                    calls it (so super().__init__(),
 *                                    object.__setattr__(self, ...) work)
 *
 *   the library's oh_repr/oh_hash/oh_equal on an interpreter object
 *        (py_slots_install_bridges: ot.repr/hash/equal call the slots,
 *         so dicts and sets of Python objects use __hash__ and __eq__)
 *
 * A class's slots are first inherited from its base (py_slots_inherit),
 * then set from the dunders its own dict defines; assigning a dunder on a
 * class later (A.__add__ = f) updates the slot (py_slots_update, called by
 * type_setattro), and the class's subclasses, which inherited it.
 *
 * The generic slot functions look the method up on the type, never the
 * instance (CPython's special method lookup), and call a plain function
 * without making a bound method.
 *
 * Invariants
 * ----------
 * SL1. For a heap type t and each slot s, t.s is the generic slot
 *      function iff some type on t's mro before the first static type
 *      defines one of s's names; otherwise it is inherited from the base.
 * SL2. Wrappers are added to static types only, for slots the type itself
 *      sets (not inherited ones), under names its dict does not already
 *      have.
 */
#include "py/py.h"

#include <string.h>

/* ==========================================================================
 * The slot table
 * ========================================================================== */

typedef enum slot_kind {
    SK_REPR, SK_STR, SK_HASH, SK_CALL, SK_ITER, SK_NEXT, SK_GETATTRIBUTE,
    SK_GETATTR, SK_SETATTR, SK_DELATTR, SK_GET, SK_SET, SK_DELETE, SK_INIT,
    SK_NEW, SK_DEL, SK_CMP, SK_LEN, SK_GETITEM, SK_SETITEM, SK_DELITEM,
    SK_CONTAINS, SK_BOOL, SK_NEG, SK_POS, SK_INVERT, SK_ABS, SK_INT,
    SK_FLOAT, SK_INDEX, SK_BINARY, SK_RBINARY, SK_INPLACE
} slot_kind;

typedef struct slotdef {
    py_id_index name;
    slot_kind kind;
    int arg;                            /* operator or comparison */
} slotdef;

static const slotdef slotdefs[] = {
    {PY_ID___repr__, SK_REPR, 0},
    {PY_ID___str__, SK_STR, 0},
    {PY_ID___hash__, SK_HASH, 0},
    {PY_ID___call__, SK_CALL, 0},
    {PY_ID___iter__, SK_ITER, 0},
    {PY_ID___next__, SK_NEXT, 0},
    {PY_ID___getattribute__, SK_GETATTRIBUTE, 0},
    {PY_ID___getattr__, SK_GETATTR, 0},
    {PY_ID___setattr__, SK_SETATTR, 0},
    {PY_ID___delattr__, SK_DELATTR, 0},
    {PY_ID___get__, SK_GET, 0},
    {PY_ID___set__, SK_SET, 0},
    {PY_ID___delete__, SK_DELETE, 0},
    {PY_ID___init__, SK_INIT, 0},
    {PY_ID___new__, SK_NEW, 0},
    {PY_ID___del__, SK_DEL, 0},
    {PY_ID___lt__, SK_CMP, PY_CMP_LT},
    {PY_ID___le__, SK_CMP, PY_CMP_LE},
    {PY_ID___eq__, SK_CMP, PY_CMP_EQ},
    {PY_ID___ne__, SK_CMP, PY_CMP_NE},
    {PY_ID___gt__, SK_CMP, PY_CMP_GT},
    {PY_ID___ge__, SK_CMP, PY_CMP_GE},
    {PY_ID___len__, SK_LEN, 0},
    {PY_ID___getitem__, SK_GETITEM, 0},
    {PY_ID___setitem__, SK_SETITEM, 0},
    {PY_ID___delitem__, SK_DELITEM, 0},
    {PY_ID___contains__, SK_CONTAINS, 0},
    {PY_ID___bool__, SK_BOOL, 0},
    {PY_ID___neg__, SK_NEG, 0},
    {PY_ID___pos__, SK_POS, 0},
    {PY_ID___invert__, SK_INVERT, 0},
    {PY_ID___abs__, SK_ABS, 0},
    {PY_ID___int__, SK_INT, 0},
    {PY_ID___float__, SK_FLOAT, 0},
    {PY_ID___index__, SK_INDEX, 0},
#define BINOP(op, name, rname, iname)                                       \
    {PY_ID_##name, SK_BINARY, op}, {PY_ID_##rname, SK_RBINARY, op},         \
    {PY_ID_##iname, SK_INPLACE, op},
    BINOP(PY_OP_ADD, __add__, __radd__, __iadd__)
    BINOP(PY_OP_SUB, __sub__, __rsub__, __isub__)
    BINOP(PY_OP_MULT, __mul__, __rmul__, __imul__)
    BINOP(PY_OP_MATMULT, __matmul__, __rmatmul__, __imatmul__)
    BINOP(PY_OP_DIV, __truediv__, __rtruediv__, __itruediv__)
    BINOP(PY_OP_MOD, __mod__, __rmod__, __imod__)
    BINOP(PY_OP_POW, __pow__, __rpow__, __ipow__)
    BINOP(PY_OP_LSHIFT, __lshift__, __rlshift__, __ilshift__)
    BINOP(PY_OP_RSHIFT, __rshift__, __rrshift__, __irshift__)
    BINOP(PY_OP_BITOR, __or__, __ror__, __ior__)
    BINOP(PY_OP_BITXOR, __xor__, __rxor__, __ixor__)
    BINOP(PY_OP_BITAND, __and__, __rand__, __iand__)
    BINOP(PY_OP_FLOORDIV, __floordiv__, __rfloordiv__, __ifloordiv__)
#undef BINOP
};
#define NSLOTDEFS (sizeof slotdefs / sizeof slotdefs[0])

static const py_id_index binary_names[PY_OP_NBINARY] = {
    PY_ID___add__, PY_ID___sub__, PY_ID___mul__, PY_ID___matmul__,
    PY_ID___truediv__, PY_ID___mod__, PY_ID___pow__, PY_ID___lshift__,
    PY_ID___rshift__, PY_ID___or__, PY_ID___xor__, PY_ID___and__,
    PY_ID___floordiv__
};
static const py_id_index rbinary_names[PY_OP_NBINARY] = {
    PY_ID___radd__, PY_ID___rsub__, PY_ID___rmul__, PY_ID___rmatmul__,
    PY_ID___rtruediv__, PY_ID___rmod__, PY_ID___rpow__, PY_ID___rlshift__,
    PY_ID___rrshift__, PY_ID___ror__, PY_ID___rxor__, PY_ID___rand__,
    PY_ID___rfloordiv__
};
static const py_id_index inplace_names[PY_OP_NBINARY] = {
    PY_ID___iadd__, PY_ID___isub__, PY_ID___imul__, PY_ID___imatmul__,
    PY_ID___itruediv__, PY_ID___imod__, PY_ID___ipow__, PY_ID___ilshift__,
    PY_ID___irshift__, PY_ID___ior__, PY_ID___ixor__, PY_ID___iand__,
    PY_ID___ifloordiv__
};
static const py_id_index compare_names[6] = {
    PY_ID___lt__, PY_ID___le__, PY_ID___eq__, PY_ID___ne__, PY_ID___gt__,
    PY_ID___ge__
};

#define ID(i) (OHI_RT->py->ids[(i)])

/* ==========================================================================
 * Calling a special method
 * ========================================================================== */

/* Call type(self).<name>(self, *args): 1 and *res when the type has the
 * method (res NULL on error), 0 when it has none (or it is None). */
static int
call_special(oh_object *self, oh_object *name, oh_object *const *args,
             size_t nargs, oh_object **res)
{
    py_type *t = PY_TYPE(self);
    oh_object *f = py_type_lookup(t, name);
    if (f == NULL || f == OH_NONE)
        return 0;
    oh_incref(f);
    oh_object *stack[4];
    if (f->type == &PY_T(function)->ot && nargs < 4) {
        stack[0] = self;
        for (size_t i = 0; i < nargs; i++)
            stack[i + 1] = args[i];
        *res = py_call(f, stack, nargs + 1, NULL);
    }
    else {
        py_descrgetfunc get = PY_TYPE(f)->tp_descr_get;
        if (get != NULL) {
            oh_object *bound = get(f, self, &t->ob_base);
            if (bound == NULL) {
                oh_decref(f);
                *res = NULL;
                return 1;
            }
            oh_decref(f);
            f = bound;
        }
        *res = py_call(f, args, nargs, NULL);
    }
    oh_decref(f);
    return 1;
}

/* The same, raising AttributeError-like TypeError when missing. */
static oh_object *
call_special_or_fail(oh_object *self, py_id_index name,
                     oh_object *const *args, size_t nargs)
{
    oh_object *r;
    if (call_special(self, ID(name), args, nargs, &r))
        return r;
    return py_err_format(PY_EXC(AttributeError), "'%T' object has no "
                         "attribute '%U'", self, ID(name));
}

/* ==========================================================================
 * Generic slot functions for classes
 * ========================================================================== */

static oh_object *
slot_tp_repr(oh_object *self)
{
    return call_special_or_fail(self, PY_ID___repr__, NULL, 0);
}

static oh_object *
slot_tp_str(oh_object *self)
{
    return call_special_or_fail(self, PY_ID___str__, NULL, 0);
}

static oh_hash_t
slot_tp_hash(oh_object *self)
{
    oh_object *r = call_special_or_fail(self, PY_ID___hash__, NULL, 0);
    if (r == NULL)
        return -1;
    if (!oh_int_check(r)) {
        py_err_set_string(PY_EXC(TypeError),
                          "__hash__ method should return an integer");
        oh_decref(r);
        return -1;
    }
    /* Large ints are reduced as hash(int) does; -1 becomes -2. */
    oh_hash_t h = oh_hash(r);
    oh_decref(r);
    return h;
}

static oh_object *
slot_tp_call(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    oh_object *f = py_type_lookup(PY_TYPE(self), PY_ID(__call__));
    if (f == NULL)
        return py_err_format(PY_EXC(TypeError), "'%T' object is not "
                             "callable", self);
    oh_incref(f);
    oh_object *r;
    if (f->type == &PY_T(function)->ot) {
        /* self, then the arguments: one small copy instead of a bound
         * method. */
        size_t n = nargs + (kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0);
        oh_object *small[8];
        oh_object **stack = n + 1 <= 8 ? small
                            : oh_malloc((n + 1) * sizeof(oh_object *));
        if (stack == NULL) {
            oh_decref(f);
            return py_err_no_memory();
        }
        stack[0] = self;
        if (n > 0)
            memcpy(stack + 1, args, n * sizeof(oh_object *));
        r = py_call(f, stack, nargs + 1, kwnames);
        if (stack != small)
            oh_free(stack);
    }
    else {
        oh_object *bound = f;
        py_descrgetfunc get = PY_TYPE(f)->tp_descr_get;
        if (get != NULL) {
            bound = get(f, self, &PY_TYPE(self)->ob_base);
            oh_decref(f);
            if (bound == NULL)
                return NULL;
        }
        r = py_call(bound, args, nargs, kwnames);
        f = bound;
    }
    oh_decref(f);
    return r;
}

static oh_object *
slot_tp_iter(oh_object *self)
{
    oh_object *f = py_type_lookup(PY_TYPE(self), PY_ID(__iter__));
    if (f == OH_NONE)
        return py_err_format(PY_EXC(TypeError), "'%T' object is not "
                             "iterable", self);
    return call_special_or_fail(self, PY_ID___iter__, NULL, 0);
}

static oh_object *
slot_tp_iternext(oh_object *self)
{
    oh_object *r = call_special_or_fail(self, PY_ID___next__, NULL, 0);
    if (r == NULL && py_err_matches(PY_EXC(StopIteration)))
        py_err_clear();
    return r;
}

/* __getattribute__ / __getattr__: call __getattribute__ (object's generic
 * lookup unless overridden); on AttributeError, __getattr__ if defined. */
static oh_object *
slot_tp_getattr_hook(oh_object *self, oh_object *name)
{
    py_type *t = PY_TYPE(self);
    oh_object *ga = py_type_lookup(t, PY_ID(__getattribute__));
    oh_object *r;
    if (ga == NULL || (ga->type == &PY_T(wrapper_descr)->ot
                       && PY_TYPE(ga) == PY_T(wrapper_descr)
                       && t->base != NULL
                       && py_type_lookup(PY_T(object),
                                         PY_ID(__getattribute__)) == ga))
        r = py_object_generic_getattr(self, name);
    else
        call_special(self, PY_ID(__getattribute__), &name, 1, &r);
    if (r != NULL || !py_err_matches(PY_EXC(AttributeError)))
        return r;
    oh_object *gf = py_type_lookup(t, PY_ID(__getattr__));
    if (gf == NULL)
        return NULL;
    py_err_clear();
    call_special(self, PY_ID(__getattr__), &name, 1, &r);
    return r;
}

static int
slot_tp_setattro(oh_object *self, oh_object *name, oh_object *value)
{
    oh_object *r;
    if (value == NULL) {
        if (!call_special(self, PY_ID(__delattr__), &name, 1, &r))
            return py_object_generic_setattr(self, name, NULL);
    }
    else {
        oh_object *args[2] = {name, value};
        if (!call_special(self, PY_ID(__setattr__), args, 2, &r))
            return py_object_generic_setattr(self, name, value);
    }
    if (r == NULL)
        return -1;
    oh_decref(r);
    return 0;
}

static oh_object *
slot_tp_descr_get(oh_object *self, oh_object *obj, oh_object *type)
{
    oh_object *args[2] = {obj ? obj : OH_NONE, type ? type : OH_NONE};
    return call_special_or_fail(self, PY_ID___get__, args, 2);
}

static int
slot_tp_descr_set(oh_object *self, oh_object *obj, oh_object *value)
{
    oh_object *r;
    if (value == NULL)
        r = call_special_or_fail(self, PY_ID___delete__, &obj, 1);
    else {
        oh_object *args[2] = {obj, value};
        r = call_special_or_fail(self, PY_ID___set__, args, 2);
    }
    if (r == NULL)
        return -1;
    oh_decref(r);
    return 0;
}

static int
slot_tp_init(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    oh_object *f = py_type_lookup(PY_TYPE(self), PY_ID(__init__));
    if (f == NULL)
        return 0;
    oh_incref(f);
    size_t n = nargs + (kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0);
    oh_object *small[8];
    oh_object **stack = n + 1 <= 8 ? small
                        : oh_malloc((n + 1) * sizeof(oh_object *));
    if (stack == NULL) {
        oh_decref(f);
        py_err_no_memory();
        return -1;
    }
    stack[0] = self;
    if (n > 0)                          /* args may be NULL when n == 0 */
        memcpy(stack + 1, args, n * sizeof(oh_object *));
    oh_object *r;
    if (f->type == &PY_T(function)->ot)
        r = py_call(f, stack, nargs + 1, kwnames);
    else {
        py_descrgetfunc get = PY_TYPE(f)->tp_descr_get;
        oh_object *bound = get ? get(f, self, &PY_TYPE(self)->ob_base) : f;
        if (get == NULL)
            oh_incref(bound);
        r = bound ? py_call(bound, args, nargs, kwnames) : NULL;
        oh_xdecref(bound);
    }
    if (stack != small)
        oh_free(stack);
    oh_decref(f);
    if (r == NULL)
        return -1;
    if (r != OH_NONE) {
        py_err_format(PY_EXC(TypeError), "__init__() should return None, "
                      "not '%T'", r);
        oh_decref(r);
        return -1;
    }
    oh_decref(r);
    return 0;
}

/* __new__ is a staticmethod: call it with the class first. */
static oh_object *
slot_tp_new(py_type *type, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    oh_object *f = py_getattr(&type->ob_base, PY_ID(__new__));
    if (f == NULL)
        return NULL;
    size_t n = nargs + (kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0);
    oh_object *small[8];
    oh_object **stack = n + 1 <= 8 ? small
                        : oh_malloc((n + 1) * sizeof(oh_object *));
    if (stack == NULL) {
        oh_decref(f);
        return py_err_no_memory();
    }
    stack[0] = &type->ob_base;
    if (n > 0)
        memcpy(stack + 1, args, n * sizeof(oh_object *));
    oh_object *r = py_call(f, stack, nargs + 1, kwnames);
    if (stack != small)
        oh_free(stack);
    oh_decref(f);
    return r;
}

/* __del__, run by the library as the object's finalizer (once; PEP 442):
 * errors are reported as unraisable by the library. */
static void
slot_tp_finalize(oh_object *self)
{
    oh_object *r;
    if (call_special(self, PY_ID(__del__), NULL, 0, &r) && r != NULL)
        oh_decref(r);
}

static oh_object *
slot_tp_richcompare(oh_object *self, oh_object *other, int op)
{
    oh_object *r;
    if (call_special(self, ID(compare_names[op]), &other, 1, &r))
        return r;
    oh_incref(PY_NOTIMPL);
    return PY_NOTIMPL;
}

static int64_t
slot_mp_length(oh_object *self)
{
    oh_object *r = call_special_or_fail(self, PY_ID___len__, NULL, 0);
    if (r == NULL)
        return -1;
    oh_object *i = py_index(r);
    oh_decref(r);
    if (i == NULL)
        return -1;
    int64_t n;
    if (oh_int_as_i64(i, &n) < 0) {
        oh_decref(i);
        py_err_set_string(PY_EXC(OverflowError), "cannot fit 'int' into "
                          "an index-sized integer");
        return -1;
    }
    oh_decref(i);
    if (n < 0) {
        py_err_set_string(PY_EXC(ValueError), "__len__() should return "
                          ">= 0");
        return -1;
    }
    return n;
}

static oh_object *
slot_mp_subscript(oh_object *self, oh_object *key)
{
    return call_special_or_fail(self, PY_ID___getitem__, &key, 1);
}

static int
slot_mp_ass_subscript(oh_object *self, oh_object *key, oh_object *value)
{
    oh_object *r;
    if (value == NULL)
        r = call_special_or_fail(self, PY_ID___delitem__, &key, 1);
    else {
        oh_object *args[2] = {key, value};
        r = call_special_or_fail(self, PY_ID___setitem__, args, 2);
    }
    if (r == NULL)
        return -1;
    oh_decref(r);
    return 0;
}

static int
slot_sq_contains(oh_object *self, oh_object *item)
{
    oh_object *f = py_type_lookup(PY_TYPE(self), PY_ID(__contains__));
    if (f == OH_NONE) {
        py_err_format(PY_EXC(TypeError), "'%T' object is not a container",
                      self);
        return -1;
    }
    if (f == NULL)
        return py_sequence_contains_by_iter(self, item);
    oh_object *r = call_special_or_fail(self, PY_ID___contains__, &item, 1);
    if (r == NULL)
        return -1;
    int t = py_is_true(r);
    oh_decref(r);
    return t;
}

static int
slot_nb_bool(oh_object *self)
{
    oh_object *r;
    if (!call_special(self, PY_ID(__bool__), NULL, 0, &r)) {
        /* No __bool__ here, but __len__ decides. */
        int64_t n = slot_mp_length(self);
        return n < 0 ? -1 : n != 0;
    }
    if (r == NULL)
        return -1;
    if (r->type != &oh_bool_type) {
        py_err_format(PY_EXC(TypeError), "__bool__ should return bool, "
                      "returned %T", r);
        oh_decref(r);
        return -1;
    }
    int t = r == OH_TRUE;
    oh_decref(r);
    return t;
}

#define UNARY_SLOT(fname, id)                                               \
    static oh_object *fname(oh_object *self)                                \
    {                                                                       \
        return call_special_or_fail(self, id, NULL, 0);                     \
    }
UNARY_SLOT(slot_nb_negative, PY_ID___neg__)
UNARY_SLOT(slot_nb_positive, PY_ID___pos__)
UNARY_SLOT(slot_nb_invert, PY_ID___invert__)
UNARY_SLOT(slot_nb_absolute, PY_ID___abs__)
UNARY_SLOT(slot_nb_int, PY_ID___int__)
UNARY_SLOT(slot_nb_float, PY_ID___float__)
UNARY_SLOT(slot_nb_index, PY_ID___index__)
#undef UNARY_SLOT

/* --- binary operators ---------------------------------------------------- */

static py_binaryfunc binary_slot_fn[PY_OP_NBINARY];

/* Does type t (or a heap type on its mro) define name itself, as opposed
 * to inheriting a static type's wrapper? */
static bool
defines_method(py_type *t, oh_object *name)
{
    oh_object *f = py_type_lookup(t, name);
    return f != NULL && f != OH_NONE
           && PY_TYPE(f) != PY_T(wrapper_descr);
}

/* CPython's binary slot protocol, for a class's __op__/__rop__: called as
 * slot(a, b) both when a's type has this slot and when b's does. */
static oh_object *
slot_binary(oh_object *a, oh_object *b, int op)
{
    py_type *ta = PY_TYPE(a), *tb = PY_TYPE(b);
    py_binaryfunc mine = binary_slot_fn[op];
    oh_object *r;
    bool do_other = ta != tb && tb->nb_binary[op] == mine
                    && defines_method(tb, ID(rbinary_names[op]));
    if (ta->nb_binary[op] == mine) {
        if (do_other && py_type_is_subtype(tb, ta)) {
            /* The right operand's class is a subclass that overrides the
             * reflected method: it goes first. */
            if (call_special(b, ID(rbinary_names[op]), &a, 1, &r)) {
                if (r != PY_NOTIMPL)
                    return r;
                oh_decref(r);
            }
            do_other = false;
        }
        if (call_special(a, ID(binary_names[op]), &b, 1, &r)) {
            if (r != PY_NOTIMPL || ta == tb)
                return r;
            oh_decref(r);
        }
    }
    if (do_other && call_special(b, ID(rbinary_names[op]), &a, 1, &r))
        return r;
    oh_incref(PY_NOTIMPL);
    return PY_NOTIMPL;
}

static oh_object *
slot_inplace(oh_object *a, oh_object *b, int op)
{
    oh_object *r;
    if (call_special(a, ID(inplace_names[op]), &b, 1, &r))
        return r;
    oh_incref(PY_NOTIMPL);
    return PY_NOTIMPL;
}

#define BINARY_SLOTS(op, suffix)                                            \
    static oh_object *slot_binary_##suffix(oh_object *a, oh_object *b)      \
    {                                                                       \
        return slot_binary(a, b, op);                                       \
    }                                                                       \
    static oh_object *slot_inplace_##suffix(oh_object *a, oh_object *b)     \
    {                                                                       \
        return slot_inplace(a, b, op);                                      \
    }
BINARY_SLOTS(PY_OP_ADD, add)
BINARY_SLOTS(PY_OP_SUB, sub)
BINARY_SLOTS(PY_OP_MULT, mul)
BINARY_SLOTS(PY_OP_MATMULT, matmul)
BINARY_SLOTS(PY_OP_DIV, truediv)
BINARY_SLOTS(PY_OP_MOD, mod)
BINARY_SLOTS(PY_OP_POW, pow)
BINARY_SLOTS(PY_OP_LSHIFT, lshift)
BINARY_SLOTS(PY_OP_RSHIFT, rshift)
BINARY_SLOTS(PY_OP_BITOR, or)
BINARY_SLOTS(PY_OP_BITXOR, xor)
BINARY_SLOTS(PY_OP_BITAND, and)
BINARY_SLOTS(PY_OP_FLOORDIV, floordiv)
#undef BINARY_SLOTS

static py_binaryfunc binary_slot_fn[PY_OP_NBINARY] = {
    slot_binary_add, slot_binary_sub, slot_binary_mul, slot_binary_matmul,
    slot_binary_truediv, slot_binary_mod, slot_binary_pow,
    slot_binary_lshift, slot_binary_rshift, slot_binary_or,
    slot_binary_xor, slot_binary_and, slot_binary_floordiv
};
static py_binaryfunc inplace_slot_fn[PY_OP_NBINARY] = {
    slot_inplace_add, slot_inplace_sub, slot_inplace_mul,
    slot_inplace_matmul, slot_inplace_truediv, slot_inplace_mod,
    slot_inplace_pow, slot_inplace_lshift, slot_inplace_rshift,
    slot_inplace_or, slot_inplace_xor, slot_inplace_and,
    slot_inplace_floordiv
};

static oh_object *
slot_nb_power3(oh_object *a, oh_object *b, oh_object *m)
{
    oh_object *args[2] = {b, m};
    oh_object *r;
    /* Three-argument pow has no reflected form: py_power may call this
     * slot as b's or m's, and then a's __pow__ is not this class's. */
    if (PY_TYPE(a)->nb_power3 == slot_nb_power3
        && call_special(a, PY_ID(__pow__), args, 2, &r))
        return r;
    oh_incref(PY_NOTIMPL);
    return PY_NOTIMPL;
}

/* ==========================================================================
 * Setting slots from a class's dict
 * ========================================================================== */

/* Set (or clear, when the class's value is None or missing everywhere
 * but static bases) the slot for slot definition d in heap type t. */
static void
set_slot(py_type *t, const slotdef *d, bool present, bool is_none)
{
    py_type *b = t->base;
    switch (d->kind) {
    case SK_REPR:
        t->tp_repr = present ? slot_tp_repr : b->tp_repr;
        break;
    case SK_STR:
        t->tp_str = present ? slot_tp_str : b->tp_str;
        break;
    case SK_HASH:
        t->tp_hash = is_none ? NULL : present ? slot_tp_hash : b->tp_hash;
        break;
    case SK_CALL:
        t->tp_call = present ? slot_tp_call : b->tp_call;
        break;
    case SK_ITER:
        t->tp_iter = present ? slot_tp_iter : b->tp_iter;
        break;
    case SK_NEXT:
        t->tp_iternext = present ? slot_tp_iternext : b->tp_iternext;
        break;
    case SK_GETATTRIBUTE:
    case SK_GETATTR:
        if (present)
            t->tp_getattro = slot_tp_getattr_hook;
        else if (!defines_method(t, PY_ID(__getattribute__))
                 && !defines_method(t, PY_ID(__getattr__)))
            t->tp_getattro = b->tp_getattro;
        if (defines_method(t, PY_ID(__getattr__)))
            t->tpflags |= PY_TPFLAGS_HAS_GETATTR;
        break;
    case SK_SETATTR:
    case SK_DELATTR:
        if (present)
            t->tp_setattro = slot_tp_setattro;
        else if (!defines_method(t, PY_ID(__setattr__))
                 && !defines_method(t, PY_ID(__delattr__)))
            t->tp_setattro = b->tp_setattro;
        break;
    case SK_GET:
        t->tp_descr_get = present ? slot_tp_descr_get : b->tp_descr_get;
        break;
    case SK_SET:
    case SK_DELETE:
        if (present)
            t->tp_descr_set = slot_tp_descr_set;
        else if (!defines_method(t, PY_ID(__set__))
                 && !defines_method(t, PY_ID(__delete__)))
            t->tp_descr_set = b->tp_descr_set;
        break;
    case SK_INIT:
        t->tp_init = present ? slot_tp_init : b->tp_init;
        break;
    case SK_NEW:
        t->tp_new = present ? slot_tp_new : b->tp_new;
        break;
    case SK_DEL:
        t->ot.finalize = present ? slot_tp_finalize
                                 : (b->layout == &b->ot ? b->ot.finalize
                                                        : NULL);
        break;
    case SK_CMP:
        if (present)
            t->tp_richcompare = slot_tp_richcompare;
        else {
            bool any = false;
            for (int i = 0; i < 6; i++)
                if (defines_method(t, ID(compare_names[i])))
                    any = true;
            if (!any)
                t->tp_richcompare = b->tp_richcompare;
        }
        break;
    case SK_LEN:
        t->mp_length = present ? slot_mp_length : b->mp_length;
        break;
    case SK_GETITEM:
        t->mp_subscript = present ? slot_mp_subscript : b->mp_subscript;
        break;
    case SK_SETITEM:
    case SK_DELITEM:
        if (present)
            t->mp_ass_subscript = slot_mp_ass_subscript;
        else if (!defines_method(t, PY_ID(__setitem__))
                 && !defines_method(t, PY_ID(__delitem__)))
            t->mp_ass_subscript = b->mp_ass_subscript;
        break;
    case SK_CONTAINS:
        t->sq_contains = present ? slot_sq_contains : b->sq_contains;
        break;
    case SK_BOOL:
        t->nb_bool = present ? slot_nb_bool : b->nb_bool;
        break;
    case SK_NEG:
        t->nb_negative = present ? slot_nb_negative : b->nb_negative;
        break;
    case SK_POS:
        t->nb_positive = present ? slot_nb_positive : b->nb_positive;
        break;
    case SK_INVERT:
        t->nb_invert = present ? slot_nb_invert : b->nb_invert;
        break;
    case SK_ABS:
        t->nb_absolute = present ? slot_nb_absolute : b->nb_absolute;
        break;
    case SK_INT:
        t->nb_int = present ? slot_nb_int : b->nb_int;
        break;
    case SK_FLOAT:
        t->nb_float = present ? slot_nb_float : b->nb_float;
        break;
    case SK_INDEX:
        t->nb_index = present ? slot_nb_index : b->nb_index;
        break;
    case SK_BINARY:
    case SK_RBINARY:
        if (present)
            t->nb_binary[d->arg] = binary_slot_fn[d->arg];
        else if (!defines_method(t, ID(binary_names[d->arg]))
                 && !defines_method(t, ID(rbinary_names[d->arg])))
            t->nb_binary[d->arg] = b->nb_binary[d->arg];
        if (d->arg == PY_OP_POW)
            t->nb_power3 = present ? slot_nb_power3 : b->nb_power3;
        break;
    case SK_INPLACE:
        t->nb_inplace[d->arg] = present ? inplace_slot_fn[d->arg]
                                        : b->nb_inplace[d->arg];
        break;
    }
}

/* A len() through __len__ makes the type truthy by length unless it has
 * __bool__ (object has neither). */
static void
fix_bool(py_type *t)
{
    if (t->nb_bool == NULL && t->mp_length == slot_mp_length)
        t->nb_bool = slot_nb_bool;
}

int
py_slots_from_dict(py_type *t)
{
    for (size_t i = 0; i < NSLOTDEFS; i++) {
        const slotdef *d = &slotdefs[i];
        oh_object *v;
        int r = oh_dict_lookup(t->dict, ID(d->name), &v);
        if (r < 0)
            return -1;
        if (r > 0)
            set_slot(t, d, v != OH_NONE || d->kind != SK_HASH,
                     v == OH_NONE);
        else if (defines_method(t, ID(d->name)))
            set_slot(t, d, true, false);        /* from a heap base */
    }
    fix_bool(t);
    return 0;
}

/* A dunder of heap type t changed (type_setattro): reset its slot in t
 * and in every subclass (which may have inherited it). */
void
py_slots_update(py_type *t, oh_object *name)
{
    const char *s = oh_str_utf8(name, NULL);
    if (s == NULL || s[0] != '_' || s[1] != '_')
        return;
    for (size_t i = 0; i < NSLOTDEFS; i++) {
        const slotdef *d = &slotdefs[i];
        if (ID(d->name) != name)
            continue;
        oh_object *v = py_type_lookup(t, name);
        bool present = v != NULL && defines_method(t, name);
        set_slot(t, d, present || (v == OH_NONE && d->kind == SK_HASH),
                 v == OH_NONE);
        fix_bool(t);
        py_slots_install_bridges(t);
        if (t->subclasses != NULL) {
            int64_t n = oh_list_size(t->subclasses);
            for (int64_t k = 0; k < n; k++) {
                oh_object *sub = oh_weakref_get(
                    oh_list_get(t->subclasses, k));
                if (sub != OH_NONE)
                    py_slots_update((py_type *)(void *)sub, name);
                oh_decref(sub);
            }
        }
    }
}

/* Inherit every slot t does not set from base. */
void
py_slots_inherit(py_type *t, py_type *base)
{
#define INHERIT(f) if (t->f == NULL) t->f = base->f
    INHERIT(tp_new);
    INHERIT(tp_init);
    INHERIT(tp_call);
    INHERIT(tp_repr);
    INHERIT(tp_str);
    INHERIT(tp_getattro);
    INHERIT(tp_setattro);
    INHERIT(tp_descr_get);
    INHERIT(tp_descr_set);
    INHERIT(tp_iter);
    INHERIT(tp_iternext);
    INHERIT(mp_length);
    INHERIT(mp_subscript);
    INHERIT(mp_ass_subscript);
    INHERIT(sq_contains);
    INHERIT(nb_power3);
    INHERIT(nb_negative);
    INHERIT(nb_positive);
    INHERIT(nb_invert);
    INHERIT(nb_absolute);
    INHERIT(nb_bool);
    INHERIT(nb_int);
    INHERIT(nb_float);
    INHERIT(nb_index);
    for (int i = 0; i < PY_OP_NBINARY; i++) {
        INHERIT(nb_binary[i]);
        INHERIT(nb_inplace[i]);
    }
    /* Comparison and hashing go together: a type that defines its own
     * comparison does not inherit its base's hash (CPython's rule). */
    if (t->tp_richcompare == NULL && t->tp_hash == NULL) {
        t->tp_richcompare = base->tp_richcompare;
        t->tp_hash = base->tp_hash;
    }
#undef INHERIT
}

/* ==========================================================================
 * The library's view: ot.repr, ot.hash, ot.equal
 * ========================================================================== */

static oh_object *
bridge_repr(oh_object *o)
{
    return py_repr(o);
}

static oh_hash_t
bridge_hash(oh_object *o)
{
    return py_hash(o);
}

static int
bridge_equal(oh_object *a, oh_object *b)
{
    return py_compare_bool(a, b, PY_CMP_EQ);
}

/* Make the library call t's slots: its dicts and sets then hash and
 * compare Python objects as Python does.  Identity semantics (object's
 * own hash and ==) stay the library's defaults, which are faster. */
void
py_slots_install_bridges(py_type *t)
{
    if (t->layout != &t->ot)
        return;
    py_type *obj = PY_T(object);
    t->ot.repr = t->tp_repr == obj->tp_repr ? NULL : bridge_repr;
    t->ot.equal = t->tp_richcompare == obj->tp_richcompare ? NULL
                                                           : bridge_equal;
    if (t->tp_hash == obj->tp_hash) {
        t->ot.hash = NULL;
        t->ot.flags |= OH_TYPE_HASHABLE;
    }
    else if (t->tp_hash == NULL) {
        t->ot.hash = NULL;
        t->ot.flags &= ~(unsigned long)OH_TYPE_HASHABLE;
    }
    else {
        t->ot.hash = bridge_hash;
        t->ot.flags |= OH_TYPE_HASHABLE;
    }
}

/* ==========================================================================
 * Wrapper descriptors: a static type's slots as methods
 * ========================================================================== */

typedef struct wrapper_descr {
    OH_OBJECT_HEAD;
    py_type *type;
    const slotdef *def;
} wrapper_descr;

#define WRAPPER(o) ((wrapper_descr *)(void *)(o))

static oh_object *
wrap_error_nargs(const wrapper_descr *w, size_t want, size_t got)
{
    return py_err_format(PY_EXC(TypeError), "expected %zu argument%s, got "
                         "%zu", want, want == 1 ? "" : "s", got);
}

/* Call the wrapped slot: args[0] is self. */
static oh_object *
wrapper_call(oh_object *callable, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    wrapper_descr *w = WRAPPER(callable);
    const slotdef *d = w->def;
    py_type *t = w->type;
    const char *name = oh_str_utf8(ID(d->name), NULL);
    if (d->kind == SK_NEW) {
        /* T.__new__(cls, ...): cls must be a subtype of T. */
        if (nargs < 1)
            return py_err_format(PY_EXC(TypeError), "%s.__new__(): not "
                                 "enough arguments", t->tp_name);
        if (!py_is_instance(args[0], PY_T(type)))
            return py_err_format(PY_EXC(TypeError), "%s.__new__(X): X is "
                                 "not a type object (%T)", t->tp_name,
                                 args[0]);
        py_type *sub = (py_type *)(void *)args[0];
        if (!py_type_is_subtype(sub, t))
            return py_err_format(PY_EXC(TypeError), "%s.__new__(%s): %s "
                                 "is not a subtype of %s", t->tp_name,
                                 sub->tp_name, sub->tp_name, t->tp_name);
        return t->tp_new(sub, args + 1, nargs - 1, kwnames);
    }
    if (nargs < 1)
        return py_err_format(PY_EXC(TypeError), "descriptor '%s' of '%s' "
                             "object needs an argument", name, t->tp_name);
    oh_object *self = args[0];
    if (!py_is_instance(self, t)
        && !(d->kind == SK_RBINARY || d->kind == SK_BINARY))
        return py_err_format(PY_EXC(TypeError), "descriptor '%s' requires "
                             "a '%s' object but received a '%T'", name,
                             t->tp_name, self);
    args++;
    nargs--;
    if (d->kind == SK_INIT)
        return t->tp_init(self, args, nargs, kwnames) < 0
                   ? NULL : (oh_incref(OH_NONE), OH_NONE);
    if (d->kind == SK_CALL)
        return t->tp_call(self, args, nargs, kwnames);
    if (kwnames != NULL && OHI_TUPLE_SIZE(kwnames) != 0)
        return py_err_format(PY_EXC(TypeError), "wrapper %s() takes no "
                             "keyword arguments", name);
    size_t want;
    switch (d->kind) {
    case SK_SETATTR: case SK_SET: case SK_SETITEM:
        want = 2;
        break;
    case SK_GETATTRIBUTE: case SK_GETATTR: case SK_DELATTR: case SK_DELETE:
    case SK_CMP: case SK_GETITEM: case SK_DELITEM: case SK_CONTAINS:
    case SK_BINARY: case SK_RBINARY: case SK_INPLACE:
        want = 1;
        break;
    case SK_GET:
        want = nargs >= 1 ? nargs : 1;
        break;
    default:
        want = 0;
        break;
    }
    if (d->kind == SK_BINARY && d->arg == PY_OP_POW && nargs == 2) {
        return t->nb_power3(self, args[0], args[1]);
    }
    if (nargs != want && !(d->kind == SK_GET && nargs <= 2))
        return wrap_error_nargs(w, want, nargs);
    switch (d->kind) {
    case SK_REPR:
        return t->tp_repr(self);
    case SK_STR:
        return t->tp_str(self);
    case SK_HASH: {
        oh_hash_t h = t->tp_hash(self);
        return h == -1 && py_err_occurred() ? NULL : oh_int_from_i64(h);
    }
    case SK_ITER:
        return t->tp_iter(self);
    case SK_NEXT: {
        oh_object *r = t->tp_iternext(self);
        if (r == NULL && !py_err_occurred())
            py_err_set_object(PY_EXC(StopIteration), NULL);
        return r;
    }
    case SK_GETATTRIBUTE:
    case SK_GETATTR:
        return t->tp_getattro(self, args[0]);
    case SK_SETATTR:
        return t->tp_setattro(self, args[0], args[1]) < 0
                   ? NULL : (oh_incref(OH_NONE), OH_NONE);
    case SK_DELATTR:
        return t->tp_setattro(self, args[0], NULL) < 0
                   ? NULL : (oh_incref(OH_NONE), OH_NONE);
    case SK_GET:
        return t->tp_descr_get(self, args[0] == OH_NONE ? NULL : args[0],
                               nargs > 1 ? args[1] : NULL);
    case SK_SET:
        return t->tp_descr_set(self, args[0], args[1]) < 0
                   ? NULL : (oh_incref(OH_NONE), OH_NONE);
    case SK_DELETE:
        return t->tp_descr_set(self, args[0], NULL) < 0
                   ? NULL : (oh_incref(OH_NONE), OH_NONE);
    case SK_CMP:
        return t->tp_richcompare(self, args[0], d->arg);
    case SK_LEN: {
        int64_t n = t->mp_length(self);
        return n < 0 ? NULL : oh_int_from_i64(n);
    }
    case SK_GETITEM:
        return t->mp_subscript(self, args[0]);
    case SK_SETITEM:
        return t->mp_ass_subscript(self, args[0], args[1]) < 0
                   ? NULL : (oh_incref(OH_NONE), OH_NONE);
    case SK_DELITEM:
        return t->mp_ass_subscript(self, args[0], NULL) < 0
                   ? NULL : (oh_incref(OH_NONE), OH_NONE);
    case SK_CONTAINS: {
        int r = t->sq_contains(self, args[0]);
        return r < 0 ? NULL : oh_bool_from(r);
    }
    case SK_BOOL: {
        int r = t->nb_bool(self);
        return r < 0 ? NULL : oh_bool_from(r);
    }
    case SK_NEG:
        return t->nb_negative(self);
    case SK_POS:
        return t->nb_positive(self);
    case SK_INVERT:
        return t->nb_invert(self);
    case SK_ABS:
        return t->nb_absolute(self);
    case SK_INT:
        return t->nb_int(self);
    case SK_FLOAT:
        return t->nb_float(self);
    case SK_INDEX:
        return t->nb_index(self);
    case SK_BINARY:
        return t->nb_binary[d->arg](self, args[0]);
    case SK_RBINARY:
        return t->nb_binary[d->arg](args[0], self);
    case SK_INPLACE:
        return t->nb_inplace[d->arg](self, args[0]);
    default:
        return py_err_format(PY_EXC(SystemError), "wrapper for %s",
                             name);
    }
}

static oh_object *
wrapper_descr_get(oh_object *descr, oh_object *obj, oh_object *type)
{
    if (obj == NULL || WRAPPER(descr)->def->kind == SK_NEW) {
        oh_incref(descr);
        return descr;
    }
    return py_method_new(descr, obj);
}

static oh_object *
wrapper_repr(oh_object *o)
{
    wrapper_descr *w = WRAPPER(o);
    return oh_str_from_format("<slot wrapper '%s' of '%s' objects>",
                              oh_str_utf8(ID(w->def->name), NULL),
                              w->type->tp_name);
}

static oh_object *
wrapper_get_name(oh_object *o)
{
    oh_object *n = ID(WRAPPER(o)->def->name);
    oh_incref(n);
    return n;
}

static oh_object *
wrapper_get_objclass(oh_object *o)
{
    oh_incref(&WRAPPER(o)->type->ob_base);
    return &WRAPPER(o)->type->ob_base;
}

static const py_getset_def wrapper_getsets[] = {
    {"__name__", wrapper_get_name, NULL, NULL},
    {"__qualname__", wrapper_get_name, NULL, NULL},
    {"__objclass__", wrapper_get_objclass, NULL, NULL},
    {NULL, NULL, NULL, NULL}
};

py_static_type py_wrapper_descr_static = {.t = {
    PY_TYPE_INIT("wrapper_descriptor", wrapper_descr, OH_TYPE_HASHABLE),
    .getsets = wrapper_getsets,
    .tp_call = wrapper_call,
    .tp_descr_get = wrapper_descr_get,
    .tp_repr = wrapper_repr,
    .tp_getattro = py_object_generic_getattr,
}};

static oh_object *
wrapper_new(py_type *t, const slotdef *d)
{
    wrapper_descr *w = (wrapper_descr *)(void *)ohi_object_alloc(
        &PY_T(wrapper_descr)->ot, 0);
    if (w == NULL)
        return NULL;
    w->type = t;                        /* static: never freed */
    w->def = d;
    return &w->ob_base;
}

/* Does static type t set the slot of d itself (not inherited: SL2)? */
static bool
has_slot(const py_type *t, const slotdef *d)
{
    switch (d->kind) {
    case SK_REPR: return t->tp_repr != NULL;
    case SK_STR: return t->tp_str != NULL;
    case SK_HASH: return t->tp_hash != NULL;
    case SK_CALL: return t->tp_call != NULL;
    case SK_ITER: return t->tp_iter != NULL;
    case SK_NEXT: return t->tp_iternext != NULL;
    case SK_GETATTRIBUTE: return t->tp_getattro != NULL;
    case SK_GETATTR: return false;
    case SK_SETATTR: case SK_DELATTR: return t->tp_setattro != NULL;
    case SK_GET: return t->tp_descr_get != NULL;
    case SK_SET: case SK_DELETE: return t->tp_descr_set != NULL;
    case SK_INIT: return t->tp_init != NULL;
    case SK_NEW: return t->tp_new != NULL;
    case SK_DEL: return false;
    case SK_CMP: return t->tp_richcompare != NULL;
    case SK_LEN: return t->mp_length != NULL;
    case SK_GETITEM: return t->mp_subscript != NULL;
    case SK_SETITEM: case SK_DELITEM: return t->mp_ass_subscript != NULL;
    case SK_CONTAINS: return t->sq_contains != NULL;
    case SK_BOOL: return t->nb_bool != NULL;
    case SK_NEG: return t->nb_negative != NULL;
    case SK_POS: return t->nb_positive != NULL;
    case SK_INVERT: return t->nb_invert != NULL;
    case SK_ABS: return t->nb_absolute != NULL;
    case SK_INT: return t->nb_int != NULL;
    case SK_FLOAT: return t->nb_float != NULL;
    case SK_INDEX: return t->nb_index != NULL;
    case SK_BINARY: case SK_RBINARY:
        return t->nb_binary[d->arg] != NULL;
    case SK_INPLACE: return t->nb_inplace[d->arg] != NULL;
    }
    return false;
}

int
py_slots_add_wrappers(py_type *t)
{
    for (size_t i = 0; i < NSLOTDEFS; i++) {
        const slotdef *d = &slotdefs[i];
        if (!has_slot(t, d))
            continue;
        /* A type with its own slot inherited from nowhere: skip slots
         * equal to the base's (inherited before readying). */
        oh_object *name = ID(d->name);
        int r = oh_dict_contains(t->dict, name);
        if (r != 0) {
            if (r < 0)
                return -1;
            continue;
        }
        oh_object *w = wrapper_new(t, d);
        if (w == NULL)
            return -1;
        r = oh_dict_set(t->dict, name, w);
        oh_decref(w);
        if (r < 0)
            return -1;
    }
    /* A type that compares but does not hash: __hash__ is None. */
    if (t->tp_richcompare != NULL && t->tp_hash == NULL
        && oh_dict_contains(t->dict, PY_ID(__hash__)) == 0
        && oh_dict_set(t->dict, PY_ID(__hash__), OH_NONE) < 0)
        return -1;
    return 0;
}
