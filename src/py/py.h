/*
 * py.h -- the Python interpreter's internal header: a map of src/py/.
 *
 * The interpreter runs Python 3.11 programs on objheap's own objects,
 * reference counts, allocator and collector.  Every Python value is an
 * oh_object; the built-in data types (None, bool, int, float, str,
 * bytes, tuple, list, dict, set) are the library's own (src/types/), and
 * the kinds Python adds (type, function, code, cell, frame, generator,
 * module, exceptions, iterators, ...) are types described here, traversed
 * by the same collector (src/gc.c).
 *
 * Pipeline (docs/PYTHON.md draws it):
 *
 *   source --lexer.c--> tokens --parser.c--> AST (ast.h, in a py_arena)
 *          --symtable.c + compile.c--> code objects (code.c, opcodes.h)
 *          --ceval.c--> run, frames on the frame stack (frame.c)
 *
 * Files, each with its design comment and invariants (prefix in brackets):
 *   lexer.c      tokens                                          [LX]
 *   parser.c     recursive descent, AST, SyntaxError             [PA]
 *   ast.c        arena, sequences, ast.dump                      [AST]
 *   symtable.c   scopes: local, global, free, cell               [SY]
 *   compile.c    AST -> bytecode, exception tables               [CO]
 *   code.c       code objects, line tables, disassembly          [CD]
 *   ceval.c      the interpreter loop                            [EV]
 *   frame.c      the frame stack, frame objects                  [FR]
 *   function.c   functions, cells, bound methods, argument
 *                binding                                         [FN]
 *   typeobject.c type objects, MRO, slots, attribute lookup,
 *                object, super, descriptors                      [TY]
 *   abstract.c   the object protocol: operators, calls, items,
 *                iteration                                       [AB]
 *   exceptions.c the exception hierarchy, tracebacks            [EX]
 *   builtins.c   the builtins module                             [BI]
 *   import.c     modules, sys.modules, the import statement     [IM]
 *   t_*.c        methods of the built-in types (t_str.c, ...)
 *   mod_*.c      the modules written in C (mod_gc.c, mod_sys.c, ...)
 *   lib/NAME.py  the modules written in Python, compiled in (libpy.c)
 *   interp.c     start-up, shutdown, the embedding API (objheap/py.h)
 *
 * Conventions (those of the C API, objheap.h):
 *   - Functions returning oh_object * return a new reference, or NULL
 *     with an exception set; a comment says "Borrowed" otherwise.
 *     Functions returning int return 0 (or a count/flag >= 0) or -1 with
 *     an exception set.
 *   - Arguments are borrowed unless a comment says "steals".
 *   - One error indicator for the library and the interpreter: a Python
 *     exception is the library's error record with an exception object
 *     attached (error.c, ohi_err_set_object); a library error without an
 *     object (oh_err_set) becomes an exception of the matching class when
 *     the interpreter fetches it (py_err_fetch).
 */
#ifndef OBJHEAP_PY_H
#define OBJHEAP_PY_H

#include "internal.h"
#include "py/ast.h"
#include "py/opcodes.h"

#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>

typedef struct py_type py_type;
typedef struct py_interp py_interp;
typedef struct py_frame py_frame;
typedef struct py_code py_code;

/* ==========================================================================
 * Calling conventions and slot signatures
 * ========================================================================== */

/* Every call in the interpreter is a vector call: positional arguments in
 * args[0..nargs), then the values of keyword arguments, whose names are
 * the strs of the tuple kwnames (NULL when there are none).  The arrays
 * are borrowed for the call. */
typedef oh_object *(*py_vectorcall)(oh_object *callable,
                                    oh_object *const *args, size_t nargs,
                                    oh_object *kwnames);
/* A C function or method: `self` is the bound object (the module for a
 * module function, the type for a class method, NULL for a static one). */
typedef oh_object *(*py_cfunc)(oh_object *self, oh_object *const *args,
                               size_t nargs, oh_object *kwnames);

typedef oh_object *(*py_unaryfunc)(oh_object *);
typedef oh_object *(*py_binaryfunc)(oh_object *, oh_object *);
typedef oh_object *(*py_ternaryfunc)(oh_object *, oh_object *, oh_object *);
/* Rich comparison: op is PY_CMP_LT..PY_CMP_GE (ast.h).  Returns a new
 * reference, PY_NOTIMPL (new reference to NotImplemented), or NULL. */
typedef oh_object *(*py_richcmpfunc)(oh_object *, oh_object *, int op);
typedef oh_object *(*py_getattrofunc)(oh_object *, oh_object *name);
/* value NULL: delete. */
typedef int (*py_setattrofunc)(oh_object *, oh_object *name,
                               oh_object *value);
typedef oh_object *(*py_descrgetfunc)(oh_object *descr, oh_object *obj,
                                      oh_object *type);
typedef int (*py_descrsetfunc)(oh_object *descr, oh_object *obj,
                               oh_object *value);
/* -1 with an exception. */
typedef int64_t (*py_lenfunc)(oh_object *);
/* 1, 0, or -1 with an exception. */
typedef int (*py_inquiry)(oh_object *);
typedef int (*py_objobjproc)(oh_object *container, oh_object *item);
/* value NULL: delete. */
typedef int (*py_objobjargproc)(oh_object *, oh_object *key,
                                oh_object *value);
/* The next item, or NULL: with an exception set, an error; without one,
 * the end (StopIteration need not be raised). */
typedef oh_object *(*py_iternextfunc)(oh_object *);
typedef oh_hash_t (*py_hashfunc)(oh_object *);
typedef oh_object *(*py_newfunc)(py_type *type, oh_object *const *args,
                                 size_t nargs, oh_object *kwnames);
typedef int (*py_initproc)(oh_object *self, oh_object *const *args,
                           size_t nargs, oh_object *kwnames);

/* ==========================================================================
 * Defining built-in types and modules in C
 * ========================================================================== */

/* A method or module function.  Flags: */
#define PY_METH_CLASS 0x1       /* classmethod: self is the type */
#define PY_METH_STATIC 0x2      /* staticmethod: self is NULL */
typedef struct py_method_def {
    const char *name;
    py_cfunc fn;
    unsigned flags;
    const char *doc;            /* or NULL */
} py_method_def;

/* A computed attribute (a property written in C).  set NULL: read-only
 * ("AttributeError: readonly attribute"); set's value NULL: delete. */
typedef struct py_getset_def {
    const char *name;
    oh_object *(*get)(oh_object *self);
    int (*set)(oh_object *self, oh_object *value);
    const char *doc;
} py_getset_def;

/* A field of the instance struct exposed as an attribute. */
typedef enum py_member_kind {
    PY_MEMBER_OBJECT = 1,       /* oh_object *, NULL reads as None */
    PY_MEMBER_OBJECT_EX,        /* oh_object *, NULL is AttributeError */
    PY_MEMBER_INT64,
    PY_MEMBER_INT,
    PY_MEMBER_BOOL,             /* a C bool */
    PY_MEMBER_DOUBLE            /* a C double, read as a float */
} py_member_kind;
typedef struct py_member_def {
    const char *name;
    py_member_kind kind;
    size_t offset;
    bool readonly;
} py_member_def;

/* Binding a C function's arguments the way Python binds a def's:
 *
 *   static const char *const kw[] = {"iterable", "key", "reverse", NULL};
 *   static const py_argspec spec = {"sorted", kw, .min = 1, .npos = 1,
 *                                   .posonly = 1};
 *   oh_object *a[3];
 *   if (py_bind_args(&spec, args, nargs, kwnames, a) < 0) return NULL;
 *
 * names: the parameters, NULL-terminated.  min: how many are required.
 * npos: how many may be given positionally (the rest are keyword-only).
 * posonly: how many of the first ones cannot be given by keyword.
 * out[i] is the argument (borrowed) or NULL when not given.  Errors say
 * what CPython's do: "sorted expected 1 argument, got 0", "f() got an
 * unexpected keyword argument 'x'", "f() takes at most 2 arguments (3
 * given)", "f() missing required argument 'x' (pos 1)". */
typedef struct py_argspec {
    const char *fname;
    const char *const *names;
    int min;
    int npos;
    int posonly;
} py_argspec;
OHI_FUNC int py_bind_args(const py_argspec *spec, oh_object *const *args,
                          size_t nargs, oh_object *kwnames,
                          oh_object **out);
/* Shortcuts for the common shapes: exactly n positional arguments, no
 * keywords ("len() takes exactly one argument (2 given)"); between min
 * and max; none. */
OHI_FUNC int py_check_args(const char *fname, size_t nargs,
                           oh_object *kwnames, size_t min, size_t max);
OHI_FUNC int py_no_kwargs(const char *fname, oh_object *kwnames);

/* ==========================================================================
 * Type objects (typeobject.c)
 * ========================================================================== */

/* tpflags */
#define PY_TPFLAGS_HEAPTYPE     (1UL << 0)  /* made by a class statement */
#define PY_TPFLAGS_BASETYPE     (1UL << 1)  /* may be subclassed */
#define PY_TPFLAGS_READY        (1UL << 2)  /* py_type_ready done */
#define PY_TPFLAGS_ABSTRACT     (1UL << 3)
#define PY_TPFLAGS_HAS_INLINE   (1UL << 4)  /* instances keep attributes
                                               in inline values (TY4) */
#define PY_TPFLAGS_IMMUTABLE    (1UL << 5)  /* attributes cannot be set */
#define PY_TPFLAGS_EXC          (1UL << 6)  /* BaseException or a subclass */
#define PY_TPFLAGS_TYPE         (1UL << 7)  /* type or a subclass (a
                                               metaclass) */
#define PY_TPFLAGS_HAS_GETATTR  (1UL << 8)  /* defines __getattr__ */
#define PY_TPFLAGS_SEQUENCE     (1UL << 9)  /* list, tuple, str... */
#define PY_TPFLAGS_MANAGED_DICT (1UL << 10) /* a class's __dict__ that
                                               CPython 3.11 keeps before
                                               the object (sizes: TY9) */
#define PY_TPFLAGS_WEAK_ADDED   (1UL << 11) /* CPython 3.11's class adds a
                                               weak list to its builtin
                                               base (sizes: TY9) */

/* The shared key table of a class whose instances keep their attributes
 * inline (PY_TPFLAGS_HAS_INLINE): the attribute names in the order they
 * were first set, append-only, at most PY_INLINE_MAX.  Every instance's
 * values array is indexed like it. */
#define PY_INLINE_MAX 30
typedef struct py_keys {
    uint32_t n;                         /* names in use */
    uint32_t version;                   /* changes when a name is added */
    oh_object *names[PY_INLINE_MAX];    /* interned strs (owned) */
} py_keys;

/* A type object.  Its instances' oh_object.type points at `ot`, the
 * descriptor embedded here (flag OHI_TYPE_PY), so py_type_of() is one
 * subtraction -- except for the library's own built-in types, whose
 * instances point at the library's descriptors (oh_int_type, ...):
 * those are found through their kind (OHI_TYPE_KIND, internal.h) in
 * py_kind_types.  Static types (int, function, TypeError, ...) are
 * immortal structs in the data segment; classes made by `class` are
 * heap objects, tracked by the collector.
 *
 * TY1. ot.flags has OHI_TYPE_PY iff instances point at ot (layout == &ot).
 * TY2. mro[0] is the type itself and the last item is object; base is
 *      NULL only for object.
 * TY3. version != 0 only while every type on mro has a version and no
 *      dict on the mro changed since it was given (the attribute cache
 *      relies on it: typeobject.c).
 * TY4. PY_TPFLAGS_HAS_INLINE: valuesoffset != 0 and keys != NULL; each
 *      instance has either values (indexed like keys) or a dict, never
 *      both. */
struct py_type {
    OH_OBJECT_HEAD;                     /* type: the metatype (type) */
    oh_type ot;                         /* descriptor of its instances */
    const oh_type *layout;              /* what instances point at: &ot,
                                           or the library's descriptor */
    const char *tp_name;                /* C string name ("int") */
    oh_object *name;                    /* __name__ (str) */
    oh_object *qualname;                /* __qualname__ (str) */
    py_type *base;                      /* __base__ */
    oh_object *bases;                   /* __bases__ (tuple) */
    oh_object *mro;                     /* __mro__ (tuple) */
    oh_object *dict;                    /* attributes (dict) */
    oh_object *subclasses;              /* weak references to direct
                                           subclasses (list), or NULL */
    oh_object *weaklist;
    py_keys *keys;                      /* TY4 */
    uint32_t version;                   /* TY3 */
    unsigned long tpflags;
    size_t basicsize;                   /* == ot.basicsize */
    size_t dictoffset;                  /* instance __dict__ field, or 0 */
    size_t valuesoffset;                /* inline values field, or 0 */
    size_t weaklistoffset;              /* or 0 */
    size_t sizeof_extra;                /* what __sizeof__ adds to the
                                           builtin base's figure (TY9) */
    /* Definitions of a static type, turned into dict entries by
     * py_type_ready. */
    const py_method_def *methods;
    const py_getset_def *getsets;
    const py_member_def *members;
    const char *doc;
    /* Slots: the special methods as C functions; NULL where the type has
     * none.  Heap types get generic slots that call the Python method
     * (typeobject.c, "slot functions") for each dunder they define, and
     * inherit the rest from their bases. */
    py_newfunc tp_new;
    py_initproc tp_init;
    py_vectorcall tp_call;              /* calling an instance */
    py_unaryfunc tp_repr;
    py_unaryfunc tp_str;
    py_hashfunc tp_hash;                /* NULL: unhashable */
    py_richcmpfunc tp_richcompare;
    py_getattrofunc tp_getattro;
    py_setattrofunc tp_setattro;
    py_descrgetfunc tp_descr_get;
    py_descrsetfunc tp_descr_set;
    py_unaryfunc tp_iter;
    py_iternextfunc tp_iternext;
    py_lenfunc mp_length;
    py_binaryfunc mp_subscript;
    py_objobjargproc mp_ass_subscript;
    py_objobjproc sq_contains;
    /* nb_binary[op](a, b) is tried with a's type's slot, and with b's when
     * b's type differs, as CPython's number slots: each implementation
     * checks which operand is its own; PY_NOTIMPL when it cannot. */
    py_binaryfunc nb_binary[PY_OP_NBINARY];
    py_binaryfunc nb_inplace[PY_OP_NBINARY];
    py_ternaryfunc nb_power3;           /* pow(a, b, m) */
    py_unaryfunc nb_negative;
    py_unaryfunc nb_positive;
    py_unaryfunc nb_invert;
    py_unaryfunc nb_absolute;
    py_inquiry nb_bool;
    py_unaryfunc nb_int;
    py_unaryfunc nb_float;
    py_unaryfunc nb_index;
};

/* An instance's inline values: cap slots, indexed like its class's keys
 * (TY4, TY6 in typeobject.c).  Owned by the instance: embedded in its
 * own block, after the class's basicsize, when py_alloc_instance made
 * room for them (TY7), else oh_malloc'd.  `hi` and `n` keep the order in
 * which the instance set its attributes (TY8): while hi is not
 * PY_VALUES_LISTED it is in key order and every set slot is below hi;
 * else the n bytes after v[cap] (py_values_order) list the set slots'
 * indices in the order they were set. */
typedef struct py_values {
    uint32_t cap;                       /* slots in v */
    uint8_t embedded;                   /* 1: in the instance's block */
    uint8_t hi;                         /* TY8: 1 + the highest set index
                                           (0: none), or PY_VALUES_LISTED */
    uint8_t n;                          /* listed: entries in the order */
    uint8_t pad;
    oh_object *v[];
} py_values;

#define PY_VALUES_LISTED 0xFF
_Static_assert(PY_INLINE_MAX < PY_VALUES_LISTED,
               "a key index fits in py_values.hi and the order bytes");

/* The order list of values whose hi is PY_VALUES_LISTED (TY8). */
OHI_INLINE uint8_t *
py_values_order(py_values *v)
{
    return (uint8_t *)(void *)&v->v[v->cap];
}

/* Where an instance of t keeps its values and its __dict__ (the offsets
 * must be non-zero: valuesoffset with PY_TPFLAGS_HAS_INLINE, dictoffset
 * when instances have a dict). */
OHI_INLINE py_values **
py_values_ptr(oh_object *o, const py_type *t)
{
    return (py_values **)(void *)((char *)o + t->valuesoffset);
}

OHI_INLINE oh_object **
py_dict_ptr(oh_object *o, const py_type *t)
{
    return (oh_object **)(void *)((char *)o + t->dictoffset);
}

#define PY_TYPE_FROM_OT(t)                                                  \
    ((py_type *)(void *)((char *)(uintptr_t)(t) - offsetof(py_type, ot)))

/* The py_type of the library's built-in descriptors, by kind (NULL
 * entries: a generic type made at start-up). */
OHI_FUNC extern py_type *const py_kind_types[OHI_NKINDS];

/* type(o).  Borrowed. */
OHI_INLINE py_type *
py_type_of(const oh_object *o)
{
    const oh_type *t = o->type;
    if (OH_LIKELY(t->flags & OHI_TYPE_PY))
        return PY_TYPE_FROM_OT(t);
    py_type *k = py_kind_types[OHI_TYPE_KIND(t)];
    if (k == NULL)
        __builtin_unreachable();        /* every kind has a type */
    return k;
}
#define PY_TYPE(o) py_type_of((const oh_object *)(o))

/* The static types: PY_T(type) is `type`, PY_T(object) `object`. */
#define PY_STATIC_TYPES(X)                                                  \
    X(type) X(object) X(none) X(boolean) X(int) X(float) X(str) X(bytes)       \
    X(tuple) X(list) X(dict) X(set) X(frozenset) X(bytearray)               \
    X(function) X(code) X(cell) X(method) X(cfunction) X(method_descr)      \
    X(classmethod_descr) X(getset_descr) X(member_descr) X(wrapper_descr)   \
    X(staticmethod) X(classmethod) X(property) X(super) X(module)           \
    X(frame) X(traceback) X(generator) X(range) X(range_iter) X(slice)      \
    X(ellipsis) X(notimplemented) X(seq_iter) X(call_iter) X(list_iter)     \
    X(list_reviter) X(tuple_iter) X(str_iter) X(bytes_iter) X(dict_keys)    \
    X(dict_values) X(dict_items) X(dict_keyiter) X(dict_valueiter)          \
    X(dict_itemiter) X(set_iter) X(enumerate) X(zip) X(map) X(filter)       \
    X(reversed) X(mappingproxy) X(weakref) X(weakproxy) X(callable_proxy)   \
    X(file) X(generic_alias) X(dict_revkeyiter) X(dict_revvalueiter)      \
    X(dict_revitemiter) X(longrange_iter)                                   \
    X(complex)

/* A static type object: immortal, in the data segment, with a zeroed gc
 * head in front of it like every container (type objects are containers:
 * the collector reads the head of any container it visits; G1). */
typedef struct py_static_type {
    ohi_gc_head gc;                     /* all zero: untracked */
    py_type t;
} py_static_type;

#define PY_DECLARE_TYPE(name) OHI_FUNC extern py_static_type py_##name##_static;
PY_STATIC_TYPES(PY_DECLARE_TYPE)
#undef PY_DECLARE_TYPE
/* The static type object `name`: PY_T(int), PY_T(function).  Borrowed. */
#define PY_T(name) (&py_##name##_static.t)

/* Initialise a static type inside `py_static_type py_X_static = {.t = {
 * ... }}`:
 *
 *     PY_TYPE_INIT("function", py_function, OH_TYPE_CONTAINER),
 *     .ot.dealloc = function_dealloc, .ot.traverse = ..., .tp_call = ...
 *
 * PY_TYPE_INIT_KIND is for the types whose instances are the library's
 * own (int, list, ...): their instances point at DESCR, not at ot. */
#define PY_TYPE_INIT(NAME, STRUCT, FLAGS)                                   \
    .ob_base = {OH_IMMORTAL_REFCNT, &py_type_static.t.ot},                  \
    .tp_name = (NAME),                                                      \
    .ot.name = (NAME),                                                      \
    .ot.basicsize = sizeof(STRUCT),                                         \
    .ot.flags = (FLAGS) | OHI_TYPE_PY
#define PY_TYPE_INIT_KIND(NAME, DESCR)                                      \
    .ob_base = {OH_IMMORTAL_REFCNT, &py_type_static.t.ot},                  \
    .tp_name = (NAME),                                                      \
    .layout = &(DESCR)

/* Finish a type: fill its dict from methods/getsets/members, compute its
 * mro, inherit slots and layout from its base.  Static types are readied
 * at start-up (interp.c); 0 or -1. */
OHI_FUNC int py_type_ready(py_type *t);
/* Is a a subtype of b (b on a's mro)? */
OHI_FUNC bool py_type_is_subtype(const py_type *a, const py_type *b);
/* isinstance(o, t) for a type t, without __instancecheck__. */
OHI_INLINE bool
py_is_instance(const oh_object *o, const py_type *t)
{
    const py_type *ot = py_type_of(o);
    return ot == t || py_type_is_subtype(ot, t);
}
/* Look name up along t's mro, without calling descriptors.  Borrowed;
 * NULL without an exception when missing (the attribute cache serves
 * repeated lookups: TY3). */
OHI_FUNC oh_object *py_type_lookup(py_type *t, oh_object *name);
/* The generic attribute access of object (PyObject_GenericGetAttr and
 * SetAttr): data descriptors on the type, then the instance's attributes,
 * then other descriptors and class attributes. */
OHI_FUNC oh_object *py_object_generic_getattr(oh_object *o, oh_object *name);
/* What __sizeof__ of a builtin type adds for an instance of a class
 * derived from it: the bytes CPython 3.11's class adds to its base's
 * __basicsize__ (TY9 in typeobject.c); 0 for the builtin's own. */
OHI_INLINE size_t
py_sizeof_extra(oh_object *o)
{
    return PY_TYPE(o)->sizeof_extra;
}
/* o.__sizeof__() as object's and the builtins that count what getsizeof
 * counts say it: oh_getsizeof(o) less the collector's prefix and, for an
 * instance of a class with a managed dict, the 16 bytes CPython 3.11
 * keeps before the object for it (TY9). */
OHI_FUNC size_t py_sizeof(oh_object *o);
/* STORE_ATTR_CACHED's slow steps.  The slot of key index i in the
 * inline values of o (an instance of t, which has PY_TPFLAGS_HAS_INLINE),
 * growing them as a store through py_object_generic_setattr would; NULL
 * (no error set) when o's attributes have moved to a dict or memory ran
 * out, and the generic store is to be taken.  Then, when the slot is
 * empty and i is not past the instance's other names, recording i as
 * its newest before the store (TY8 in typeobject.c), which may move the
 * values: 0, or -1 (no error set, nothing changed) when memory ran out. */
OHI_FUNC oh_object **py_instance_value_slot(oh_object *o, py_type *t,
                                           uint32_t i);
OHI_FUNC int py_instance_value_added(oh_object *o, py_type *t, uint32_t i);
OHI_FUNC int py_object_generic_setattr(oh_object *o, oh_object *name,
                                       oh_object *value);
/* The instance's __dict__, made from its inline values if it has none yet
 * (TY4).  Borrowed; NULL with an exception (AttributeError when the type
 * has no __dict__). */
OHI_FUNC oh_object *py_object_get_dict(oh_object *o);
/* A new class: type(name, bases, dict) without the metaclass
 * machinery.  New reference. */
OHI_FUNC oh_object *py_type_new(py_type *meta, oh_object *name,
                                oh_object *bases, oh_object *dict);
/* Invalidate the attribute cache entries of t and its subclasses (TY3):
 * called whenever a type's dict changes. */
OHI_FUNC void py_type_modified(py_type *t);

/* ==========================================================================
 * The object protocol (abstract.c)
 * ========================================================================== */

/* Singletons.  PY_NOTIMPL and PY_ELLIPSIS are immortal: the macros give
 * borrowed references that may be returned as new ones. */
OHI_FUNC extern oh_object py_notimplemented_object;
OHI_FUNC extern oh_object py_ellipsis_object;
#define PY_NOTIMPL (&py_notimplemented_object)
#define PY_ELLIPSIS (&py_ellipsis_object)

OHI_FUNC oh_object *py_repr(oh_object *o);          /* repr(o), a str */
OHI_FUNC oh_object *py_str(oh_object *o);           /* str(o) */
OHI_FUNC oh_object *py_ascii(oh_object *o);         /* ascii(o) */
OHI_FUNC oh_hash_t py_hash(oh_object *o);           /* -1 with an error */
OHI_FUNC int py_is_true(oh_object *o);              /* bool(o): 1/0/-1 */
OHI_FUNC oh_object *py_format(oh_object *o, oh_object *spec);

OHI_FUNC oh_object *py_getattr(oh_object *o, oh_object *name);
OHI_FUNC oh_object *py_getattr_cstr(oh_object *o, const char *name);
/* 1 and *out (new reference) when found, 0 without an exception when the
 * lookup raised AttributeError, -1 on another error. */
OHI_FUNC int py_lookup_attr(oh_object *o, oh_object *name, oh_object **out);
OHI_FUNC int py_setattr(oh_object *o, oh_object *name, oh_object *value);
OHI_FUNC int py_delattr(oh_object *o, oh_object *name);
/* LOAD_METHOD's lookup: 1 and *meth = the function found on the type,
 * to be called with o first (unbound); 0 and *meth = the attribute
 * itself.  -1 on error.  New reference in *meth. */
OHI_FUNC int py_get_method(oh_object *o, oh_object *name, oh_object **meth);
/* Call a method by name: o.name(*args).  `name` is an interned str. */
OHI_FUNC oh_object *py_call_method(oh_object *o, oh_object *name,
                                   oh_object *const *args, size_t nargs);
/* type(o).name bound to o, called with args: how special methods are
 * found.  *found false (and NULL, no error) when type(o) has none. */
OHI_FUNC oh_object *py_call_special(oh_object *o, oh_object *name,
                                    oh_object *const *args, size_t nargs,
                                    bool *found);

/* Calls. */
OHI_FUNC oh_object *py_call(oh_object *callable, oh_object *const *args,
                            size_t nargs, oh_object *kwnames);
OHI_FUNC oh_object *py_call0(oh_object *callable);
OHI_FUNC oh_object *py_call1(oh_object *callable, oh_object *a);
OHI_FUNC oh_object *py_call2(oh_object *callable, oh_object *a,
                             oh_object *b);
/* callable(*args, **kwargs): args a tuple, kwargs a dict or NULL. */
OHI_FUNC oh_object *py_call_tuple_dict(oh_object *callable, oh_object *args,
                                       oh_object *kwargs);
OHI_FUNC bool py_callable(oh_object *o);

/* Operators.  op: py_operator (ast.h); inplace: the augmented form, which
 * falls back to the binary one. */
OHI_FUNC oh_object *py_binary_op(oh_object *a, oh_object *b, int op);
OHI_FUNC oh_object *py_inplace_op(oh_object *a, oh_object *b, int op);
OHI_FUNC oh_object *py_power(oh_object *a, oh_object *b, oh_object *m);
OHI_FUNC oh_object *py_negative(oh_object *o);
OHI_FUNC oh_object *py_positive(oh_object *o);
OHI_FUNC oh_object *py_invert(oh_object *o);
OHI_FUNC oh_object *py_absolute(oh_object *o);
/* a op b for op PY_CMP_LT..PY_CMP_GE, with the reflected fallback and
 * identity for == and != (CPython's do_richcompare). */
OHI_FUNC oh_object *py_compare(oh_object *a, oh_object *b, int op);
/* The same, as 1/0/-1; == and != answer 1/0 for identical objects
 * without calling anything (as CPython's containers do). */
OHI_FUNC int py_compare_bool(oh_object *a, oh_object *b, int op);
/* a op b without the protocol for the common pairs: two exact ints (the
 * inline kind), two exact floats, two exact strs: 1 or 0; -1 for any
 * other pair (then ask py_compare). */
static inline int
py_compare_fast(oh_object *a, oh_object *b, int op)
{
    const oh_type *t = a->type;
    if (t != b->type)
        return -1;
    int c;
    if (t == &oh_int_type) {
        int64_t x = OHI_INT_VALUE(a), y = OHI_INT_VALUE(b);
        c = (x > y) - (x < y);
    }
    else if (t == &oh_float_type) {
        double x = OHI_FLOAT_VALUE(a), y = OHI_FLOAT_VALUE(b);
        c = x < y ? -1 : x > y ? 1 : x == y ? 0 : 2;   /* 2: NaN */
    }
    else if (t == &oh_str_type) {
        if (op == PY_CMP_EQ || op == PY_CMP_NE) {
            int eq = a == b || ohi_str_eq(a, b);
            return op == PY_CMP_EQ ? eq : !eq;
        }
        /* UTF-8's byte order is code point order. */
        int64_t na = OHI_STR(a)->nbytes, nb = OHI_STR(b)->nbytes;
        int m = __builtin_memcmp(OHI_STR(a)->data, OHI_STR(b)->data,
                                 (size_t)(na < nb ? na : nb));
        c = m != 0 ? (m < 0 ? -1 : 1) : (na > nb) - (na < nb);
    }
    else {
        return -1;
    }
    /* Bit c + 1 of the operator's mask is the answer for c = -1 (less),
     * 0 (equal), 1 (greater), 2 (unordered): a shift, not a switch,
     * whose jump every COMPARE_OP site would share. */
    static const uint8_t answers[6] = {
        [PY_CMP_LT] = 0x1, [PY_CMP_LE] = 0x3, [PY_CMP_EQ] = 0x2,
        [PY_CMP_NE] = 0xd, [PY_CMP_GT] = 0x4, [PY_CMP_GE] = 0x6,
    };
    return (answers[op] >> (c + 1)) & 1;
}
OHI_FUNC int py_contains(oh_object *container, oh_object *item);
/* operator.index(o): an int, or TypeError "'float' object cannot be
 * interpreted as an integer". */
OHI_FUNC oh_object *py_index(oh_object *o);
/* py_index, then to int64: OverflowError "Python int too large to
 * convert to C ssize_t" when it does not fit. */
OHI_FUNC int py_index_i64(oh_object *o, int64_t *out);
OHI_FUNC oh_object *py_number_int(oh_object *o);      /* int(o) */
OHI_FUNC oh_object *py_number_float(oh_object *o);    /* float(o) */

/* Items and length. */
OHI_FUNC oh_object *py_getitem(oh_object *o, oh_object *key);
OHI_FUNC int py_setitem(oh_object *o, oh_object *key, oh_object *value);
OHI_FUNC int py_delitem(oh_object *o, oh_object *key);
OHI_FUNC int64_t py_len(oh_object *o);              /* -1 with an error */

/* Iteration. */
OHI_FUNC oh_object *py_iter(oh_object *o);          /* iter(o) */
/* next(it): NULL without an exception at the end. */
OHI_FUNC oh_object *py_iter_next(oh_object *it);
/* A new list of the items of any iterable. */
OHI_FUNC oh_object *py_sequence_list(oh_object *iterable);
/* A tuple of the items (the object itself if it is a tuple). */
OHI_FUNC oh_object *py_sequence_tuple(oh_object *iterable);

/* ==========================================================================
 * Exceptions (exceptions.c)
 * ========================================================================== */

/* The exception classes, static types with one layout (py_exception). */
#define PY_EXCEPTIONS(X)                                                    \
    X(BaseException, object)                                                \
    X(SystemExit, BaseException)                                            \
    X(KeyboardInterrupt, BaseException)                                     \
    X(GeneratorExit, BaseException)                                         \
    X(Exception, BaseException)                                             \
    X(StopIteration, Exception)                                             \
    X(StopAsyncIteration, Exception)                                        \
    X(ArithmeticError, Exception)                                           \
    X(FloatingPointError, ArithmeticError)                                  \
    X(OverflowError, ArithmeticError)                                       \
    X(ZeroDivisionError, ArithmeticError)                                   \
    X(AssertionError, Exception)                                            \
    X(AttributeError, Exception)                                            \
    X(BufferError, Exception)                                               \
    X(EOFError, Exception)                                                  \
    X(ImportError, Exception)                                               \
    X(ModuleNotFoundError, ImportError)                                     \
    X(LookupError, Exception)                                               \
    X(IndexError, LookupError)                                              \
    X(KeyError, LookupError)                                                \
    X(MemoryError, Exception)                                               \
    X(NameError, Exception)                                                 \
    X(UnboundLocalError, NameError)                                         \
    X(OSError, Exception)                                                   \
    X(BlockingIOError, OSError)                                             \
    X(ChildProcessError, OSError)                                           \
    X(ConnectionError, OSError)                                             \
    X(BrokenPipeError, ConnectionError)                                     \
    X(ConnectionAbortedError, ConnectionError)                              \
    X(ConnectionRefusedError, ConnectionError)                              \
    X(ConnectionResetError, ConnectionError)                                \
    X(FileExistsError, OSError)                                             \
    X(FileNotFoundError, OSError)                                           \
    X(InterruptedError, OSError)                                            \
    X(IsADirectoryError, OSError)                                           \
    X(NotADirectoryError, OSError)                                          \
    X(PermissionError, OSError)                                             \
    X(ProcessLookupError, OSError)                                          \
    X(TimeoutError, OSError)                                                \
    X(ReferenceError, Exception)                                            \
    X(RuntimeError, Exception)                                              \
    X(NotImplementedError, RuntimeError)                                    \
    X(RecursionError, RuntimeError)                                         \
    X(SyntaxError, Exception)                                               \
    X(IndentationError, SyntaxError)                                        \
    X(TabError, IndentationError)                                           \
    X(SystemError, Exception)                                               \
    X(TypeError, Exception)                                                 \
    X(ValueError, Exception)                                                \
    X(UnicodeError, ValueError)                                             \
    X(UnicodeDecodeError, UnicodeError)                                     \
    X(UnicodeEncodeError, UnicodeError)                                     \
    X(UnicodeTranslateError, UnicodeError)                                  \
    X(Warning, Exception)                                                   \
    X(DeprecationWarning, Warning)                                          \
    X(PendingDeprecationWarning, Warning)                                   \
    X(RuntimeWarning, Warning)                                              \
    X(SyntaxWarning, Warning)                                               \
    X(UserWarning, Warning)                                                 \
    X(FutureWarning, Warning)                                               \
    X(ImportWarning, Warning)                                               \
    X(UnicodeWarning, Warning)                                              \
    X(BytesWarning, Warning)                                                \
    X(ResourceWarning, Warning)                                             \
    X(EncodingWarning, Warning)

#define PY_DECLARE_EXC(name, base)                                         \
    OHI_FUNC extern py_static_type py_exc_##name##_static;
PY_EXCEPTIONS(PY_DECLARE_EXC)
#undef PY_DECLARE_EXC
/* The exception class `name`: PY_EXC(TypeError).  Borrowed. */
#define PY_EXC(name) (&py_exc_##name##_static.t)

/* Every exception instance has this layout (user subclasses add an
 * instance dict only if... they always have one: `dict` is here).
 * Class-specific attributes (StopIteration.value, SystemExit.code,
 * OSError.errno, SyntaxError.lineno, ...) live in the dict. */
typedef struct py_exception {
    OH_OBJECT_HEAD;
    oh_object *dict;
    oh_object *args;                    /* tuple */
    oh_object *traceback;               /* traceback object or NULL */
    oh_object *context;                 /* __context__ or NULL */
    oh_object *cause;                   /* __cause__ or NULL */
    bool suppress_context;              /* __suppress_context__ */
    oh_object *weaklist;
} py_exception;

/* Raise: the exception becomes the error indicator.  Each returns NULL so
 * that `return py_err_format(...)` reads naturally. */
OHI_FUNC void *py_err_set_object(py_type *type, oh_object *value);
OHI_FUNC void *py_err_set_string(py_type *type, const char *msg);
/* printf-style, plus %R (repr of an object), %S (str of an object), %T
 * (name of an object's type), %U (a str object), %N (a type's __name__). */
OHI_FUNC void *py_err_format(py_type *type, const char *fmt, ...);
OHI_FUNC void *py_err_vformat(py_type *type, const char *fmt, va_list ap);
OHI_FUNC void *py_err_no_memory(void);
/* Make exc (an exception instance; stolen) the current error as it is:
 * a re-raise, which keeps its context and traceback. */
OHI_FUNC void py_err_raise(oh_object *exc);
/* Raise exc (stolen) as a new raise does: its __context__ becomes the
 * exception being handled, if any (implicit chaining).  py_err_set_* and
 * py_err_format raise this way too. */
OHI_FUNC void py_err_raise_new(oh_object *exc);
/* SyntaxError (or a subclass) with CPython's attributes: msg, filename,
 * lineno, offset (1-based, in characters), text (the line), end_lineno,
 * end_offset (0: unknown). */
OHI_FUNC void *py_err_syntax(py_type *type, const char *msg,
                             oh_object *filename, int lineno, int offset,
                             const char *line, size_t linelen,
                             int end_lineno, int end_offset);

/* Is an error set (Python exception or library error)? */
OHI_FUNC bool py_err_occurred(void);
/* Take the error as an exception instance (new reference), clearing it;
 * a library error becomes an instance of its kind's class.  NULL if none
 * is set. */
OHI_FUNC oh_object *py_err_fetch(void);
/* The current exception, borrowed (materialised from a library error if
 * need be); NULL if none. */
OHI_FUNC oh_object *py_err_peek(void);
/* Does the current error match type t (isinstance)? */
OHI_FUNC bool py_err_matches(py_type *t);
OHI_FUNC void py_err_clear(void);
/* Write the traceback and exception to stderr in CPython's format
 * (print_exception), as an uncaught exception is printed. */
OHI_FUNC void py_err_print_exception(oh_object *exc);
/* The same text to out; with traceback false, only the last part
 * (traceback.format_exception_only): the "Type: message" line, after the
 * location lines of a SyntaxError.  The error indicator is left as it
 * was. */
OHI_FUNC void py_err_write_exception(FILE *out, oh_object *exc,
                                     bool traceback);
/* Report an exception that cannot be raised ("Exception ignored in: ..."),
 * as sys.unraisablehook does; clears it. */
OHI_FUNC void py_err_write_unraisable(const char *where, oh_object *obj);
/* A new exception instance: type(*args). */
OHI_FUNC oh_object *py_exc_new(py_type *type, oh_object *const *args,
                               size_t nargs);
/* Add a traceback entry for frame f at instruction `lasti` to exc (the
 * new entry goes in front: exc.__traceback__ = tb(f, lasti, old)). */
OHI_FUNC int py_traceback_add(oh_object *exc, py_frame *f, int lasti);

/* ==========================================================================
 * Code objects (code.c)
 * ========================================================================== */

/* co_flags, with CPython's values (inspect shows them). */
#define PY_CO_OPTIMIZED   0x0001    /* locals are fast (a function) */
#define PY_CO_NEWLOCALS   0x0002
#define PY_CO_VARARGS     0x0004
#define PY_CO_VARKEYWORDS 0x0008
#define PY_CO_NESTED      0x0010
#define PY_CO_GENERATOR   0x0020
#define PY_CO_NOFREE      0x0040

/* localspluskinds: what each slot of the frame's localsplus holds.  An
 * argument captured by an inner function is LOCAL | CELL (MAKE_CELL
 * turns its value into a cell). */
#define PY_LOCAL_PLAIN 0x20
#define PY_LOCAL_CELL  0x40
#define PY_LOCAL_FREE  0x80

/* One entry of the exception table (opcodes.h). */
typedef struct py_exc_entry {
    uint32_t start, end;        /* [start, end) in code units */
    uint32_t target;
    uint16_t depth;             /* value stack entries kept */
    uint16_t lasti;             /* 1: push int(lasti) first */
} py_exc_entry;

/* A function's or lambda's consts[0] is its docstring (a str) or None,
 * as in CPython 3.11; MAKE_FUNCTION sets __doc__ from it.
 *
 * CD1. Every jump target, exception table target and instruction start
 *      is < ncode and starts an instruction (not a cache unit).
 * CD2. The stack never holds more than stacksize entries (the compiler's
 *      computation; the frame is sized by it).
 * CD3. nlocalsplus == len(localsplusnames) == nlocals + ncells + nfrees,
 *      in that order, where args that are cells count as locals. */
struct py_code {
    OH_OBJECT_HEAD;
    py_codeunit *code;                  /* ncode units (oh_malloc) */
    uint32_t ncode;
    uint32_t flags;                     /* PY_CO_* */
    int argcount;                       /* positional, posonly included */
    int posonlyargcount;
    int kwonlyargcount;
    int nlocalsplus;
    int nlocals;                        /* slots that are plain locals
                                           (args first) */
    int ncells;                         /* cell slots that are not args */
    int nfrees;
    int stacksize;
    int firstlineno;
    oh_object *consts;                  /* tuple */
    oh_object *names;                   /* tuple of interned strs */
    oh_object *localsplusnames;         /* tuple of interned strs */
    uint8_t *localspluskinds;           /* nlocalsplus bytes (oh_malloc) */
    oh_object *filename, *name, *qualname;  /* strs */
    uint8_t *linetable;                 /* compressed (code.c) */
    uint32_t linetable_len;
    py_exc_entry *exctable;             /* nexc entries (oh_malloc) */
    uint32_t nexc;
    oh_object *weaklist;
    void *extra;                        /* specialisation data (issue 14) */
    int32_t *trace_lines;               /* line of each unit, made when
                                           first traced (settrace.c) */
};

/* What the compiler gives py_code_new; arrays are copied. */
typedef struct py_code_spec {
    const py_codeunit *code;
    uint32_t ncode;
    const int *lines;                   /* line of each code unit, or -1 */
    const py_pos *positions;            /* or NULL: each unit's source
                                           position (lines, columns; -1
                                           unknown); replaces `lines` */
    const py_exc_entry *exctable;
    uint32_t nexc;
    uint32_t flags;
    int argcount, posonlyargcount, kwonlyargcount;
    int stacksize;
    int firstlineno;
    oh_object *consts;                  /* tuples, not stolen */
    oh_object *names;
    oh_object *localsplusnames;
    const uint8_t *localspluskinds;
    oh_object *filename, *name, *qualname;
} py_code_spec;

OHI_FUNC oh_object *py_code_new(const py_code_spec *spec);
/* The source line of instruction `lasti` (code units), or -1. */
OHI_FUNC int py_code_addr2line(const py_code *co, int lasti);
/* The source position of instruction `lasti`: first and end line, first
 * and end column (UTF-8 byte offsets, as the AST's; -1 where unknown), as
 * CPython's co_positions() gives them for the traceback's carets.  0
 * (all fields -1 for an instruction without a position), or -1 when
 * lasti is out of range.  lasti < 0 gives firstlineno, as CPython's
 * PyCode_Addr2Line does. */
OHI_FUNC int py_code_addr2pos(const py_code *co, int lasti, py_pos *pos);
/* dis-style listing of co and its nested code objects to `out` (for
 * `objheap run --dis` and the compiler's tests). */
OHI_FUNC void py_code_disassemble(const py_code *co, FILE *out);

/* ==========================================================================
 * The compiler (symtable.c, compile.c)
 * ========================================================================== */

/* Compile a tree to a code object for `mode`: a module (exec), an
 * expression (eval: the code returns its value), or an interactive
 * statement (single: expression statements are echoed with PRINT_EXPR).
 * New reference; NULL with SyntaxError (scoping errors such as "nonlocal
 * declaration not allowed at module level") or MemoryError. */
OHI_FUNC oh_object *py_compile_ast(const py_mod *mod, oh_object *filename,
                                   py_arena *arena);
/* Source to code: parse, then compile.  New reference. */
OHI_FUNC oh_object *py_compile_source(const char *src, size_t len,
                                      oh_object *filename, int mode);

/* ==========================================================================
 * Functions, cells, methods (function.c)
 * ========================================================================== */

typedef struct py_function {
    OH_OBJECT_HEAD;
    py_vectorcall vectorcall;           /* how C calls it */
    oh_object *code;                    /* py_code */
    oh_object *globals;                 /* dict */
    oh_object *builtins;                /* dict */
    oh_object *name, *qualname;         /* strs */
    oh_object *defaults;                /* tuple or NULL */
    oh_object *kwdefaults;              /* dict or NULL */
    oh_object *closure;                 /* tuple of cells or NULL */
    oh_object *doc;                     /* or NULL */
    oh_object *dict;                    /* __dict__ or NULL */
    oh_object *annotations;             /* dict or NULL */
    oh_object *module;                  /* __module__ or NULL */
    oh_object *weaklist;
    uint32_t version;                   /* call specialisation (issue 14) */
} py_function;

typedef struct py_cell {
    OH_OBJECT_HEAD;
    oh_object *ref;                     /* or NULL: empty */
} py_cell;

/* A bound method: a function (or any callable) with its first argument. */
typedef struct py_method {
    OH_OBJECT_HEAD;
    oh_object *func;
    oh_object *self;
    oh_object *weaklist;
} py_method;

/* A C function, bound to self (a module, an object, or NULL). */
typedef struct py_cfunction {
    OH_OBJECT_HEAD;
    const py_method_def *def;
    oh_object *self;                    /* or NULL */
    oh_object *module;                  /* __module__ str or NULL */
    oh_object *weaklist;
} py_cfunction;

/* A method of a built-in type, unbound (str.upper): calling it with an
 * instance first calls def->fn(instance, rest). */
typedef struct py_method_descr {
    OH_OBJECT_HEAD;
    const py_method_def *def;
    py_type *type;                      /* the type it belongs to */
} py_method_descr;

OHI_FUNC oh_object *py_function_new(oh_object *code, oh_object *globals,
                                    oh_object *qualname);
OHI_FUNC oh_object *py_cell_new(oh_object *ref);
OHI_FUNC oh_object *py_method_new(oh_object *func, oh_object *self);
OHI_FUNC oh_object *py_cfunction_new(const py_method_def *def,
                                     oh_object *self, oh_object *module);
OHI_FUNC oh_object *py_descr_new_method(py_type *type,
                                        const py_method_def *def);
/* Bind a call's arguments into a new frame's localsplus for function f
 * (defaults, *args, **kwargs, keyword-only, the errors CPython raises).
 * 0 or -1; on -1 the slots already filled are the caller's to drop
 * (py_frame_clear does). */
OHI_FUNC int py_bind_frame_args(py_function *f, oh_object **localsplus,
                                oh_object *const *args, size_t nargs,
                                oh_object *kwnames);

/* ==========================================================================
 * Frames (frame.c) and the interpreter loop (ceval.c)
 * ========================================================================== */

/* Who owns a py_frame's memory. */
#define PY_FRAME_OWNED_BY_STACK 0       /* the frame stack (a call) */
#define PY_FRAME_OWNED_BY_GENERATOR 1   /* inside a generator object */
#define PY_FRAME_OWNED_BY_OBJECT 2      /* a frame object, after the call
                                           returned (FR2) */

/* A frame's life: CREATED (pushed, not yet run) -> EXECUTING <->
 * SUSPENDED (a generator between yields) -> COMPLETED (returned or
 * raised) -> CLEARED (references dropped). */
#define PY_FRAME_CREATED 0
#define PY_FRAME_SUSPENDED 1
#define PY_FRAME_EXECUTING 2
#define PY_FRAME_COMPLETED 3
#define PY_FRAME_CLEARED 4

/* An executing (or suspended) function's state: the seeds' "stack
 * frame".  localsplus holds the locals, cells and free variables, then
 * the value stack: all references into the heap.
 *
 * FR1. localsplus[0 .. code->nlocalsplus + stacktop) are the live slots;
 *      locals may be NULL (unbound), value-stack entries may be NULL only
 *      where opcodes.h says so (PUSH_NULL, LOAD_METHOD).
 * FR2. A frame object (py_frameobject) made for a frame either points at
 *      the frame while its call runs, or owns a copy of it after the call
 *      returned (the traceback's view of a finished call). */
struct py_frame {
    oh_object *func;                    /* py_function; owned */
    py_code *code;                      /* borrowed from func */
    oh_object *globals;                 /* borrowed from func */
    oh_object *builtins;                /* borrowed from func */
    oh_object *locals;                  /* owned mapping, or NULL for a
                                           function's fast locals */
    py_frame *previous;                 /* the caller, or NULL */
    oh_object *frame_obj;               /* py_frameobject made for it, or
                                           NULL (borrowed: FR2) */
    py_codeunit *prev_instr;            /* the instruction running or last
                                           run */
    int stacktop;                       /* value stack entries, when the
                                           frame is not running */
    int trace_lasti;                    /* settrace.c, ST3 */
    uint8_t owner;                      /* PY_FRAME_OWNED_BY_* */
    uint8_t state;                      /* PY_FRAME_* below */
    bool is_entry;                      /* the first frame of one
                                           py_eval_frame call */
    oh_object *localsplus[];            /* nlocalsplus + stacksize */
};

/* Instruction index of the frame's current instruction. */
#define PY_FRAME_LASTI(f) ((int)((f)->prev_instr - (f)->code->code))

/* Push a frame for calling f on the interpreter's frame stack, args bound
 * (py_bind_frame_args); NULL with an exception. */
OHI_FUNC py_frame *py_frame_push(py_function *f, oh_object *const *args,
                                 size_t nargs, oh_object *kwnames);
/* py_frame_push for a call whose nargs positional arguments fill the
 * parameters exactly (no keywords, defaults, *args or **kwargs): the frame
 * takes the caller's references to func and to the arguments (the CALL
 * instruction's stack entries) on success; on failure (NULL) they are
 * still the caller's. */
OHI_FUNC py_frame *py_frame_push_steal(py_function *func, oh_object **args,
                                       size_t nargs);
/* Pop the innermost frame (which must be f), dropping its references. */
OHI_FUNC void py_frame_pop(py_frame *f);
/* Drop a frame's references (locals, stack, func). */
OHI_FUNC void py_frame_clear(py_frame *f);
/* The frame object of f, made on first request.  Borrowed. */
OHI_FUNC oh_object *py_frame_get_object(py_frame *f);
/* Bytes one frame of code co takes. */
OHI_FUNC size_t py_frame_size(const py_code *co);

/* Run f until it returns (or, for a generator's frame, yields): the
 * value, or NULL with an exception.  Python calls made inside run in the
 * same C call (EV1 in ceval.c): only C code calling back into Python
 * starts a new py_eval_frame.  `throwflag`: resume by raising the set
 * exception at the frame's current instruction (generator.throw). */
OHI_FUNC oh_object *py_eval_frame(py_frame *f, bool throwflag);
/* Call a Python function from C: push, run, pop. */
OHI_FUNC oh_object *py_function_call(oh_object *func, oh_object *const *args,
                                     size_t nargs, oh_object *kwnames);
/* Run a code object with a globals dict and a locals mapping (exec,
 * eval, module bodies). */
OHI_FUNC oh_object *py_eval_code(oh_object *code, oh_object *globals,
                                 oh_object *locals);

/* ==========================================================================
 * Generators (generator.c)
 * ========================================================================== */

OHI_FUNC oh_object *py_gen_new(py_frame *f);        /* steals the frame's
                                                       contents */
/* gen.send(v): the value yielded, or NULL: with StopIteration (or
 * another exception) set, or -- when `bare` -- NULL without an exception
 * and *retval set to the return value (FOR_ITER and SEND's fast path). */
OHI_FUNC oh_object *py_gen_send(oh_object *gen, oh_object *v, bool bare,
                                oh_object **retval);

/* ==========================================================================
 * Modules and import (import.c)
 * ========================================================================== */

typedef struct py_module {
    OH_OBJECT_HEAD;
    oh_object *dict;
    oh_object *name;                    /* str */
    const struct py_module_def *def;    /* C modules: their definition */
    oh_object *weaklist;
} py_module;

/* A module written in C. */
typedef struct py_module_def {
    const char *name;
    const char *doc;
    const py_method_def *methods;       /* NULL-terminated by name */
    /* Called after the functions are added: add constants, types. */
    int (*exec)(oh_object *module);
    /* Called once at interpreter shutdown if the module was made: drop
     * every object the module's C code keeps outside the module's dict
     * (a static list, a default instance), so the exit leaves nothing
     * live (OBJHEAP_REPORT). */
    void (*fini)(void);
} py_module_def;

OHI_FUNC oh_object *py_module_new(oh_object *name);
OHI_FUNC oh_object *py_module_from_def(const py_module_def *def);
/* import name (dotted), as the import statement does.  New reference. */
OHI_FUNC oh_object *py_import(oh_object *name, oh_object *globals,
                              oh_object *fromlist, int level);
OHI_FUNC oh_object *py_import_cstr(const char *name);
/* Add an object to a module's dict (steals value; NULL passes an error
 * through). */
OHI_FUNC int py_module_add(oh_object *module, const char *name,
                           oh_object *value);

/* The built-in modules (each in its mod_*.c). */
#define PY_BUILTIN_MODULES(X)                                               \
    X(builtins) X(sys) X(gc) X(weakref) X(tracemalloc) X(time) X(math)      \
    X(random) X(itertools) X(_functools) X(_collections) X(unicodedata)
#define PY_DECLARE_MODULE(name)                                             \
    OHI_FUNC extern const py_module_def py_module_##name;
PY_BUILTIN_MODULES(PY_DECLARE_MODULE)
#undef PY_DECLARE_MODULE

/* Python source compiled into the library (libpy.c): lib/NAME.py as a
 * string, or NULL. */
OHI_FUNC const char *py_frozen_source(const char *name, size_t *len);

/* ==========================================================================
 * Interned identifiers
 * ========================================================================== */

#define PY_IDS(X)                                                           \
    X(__abs__) X(__add__) X(__all__) X(__and__) X(__annotations__)          \
    X(__bases__) X(__bool__) X(__build_class__) X(__builtins__)             \
    X(__call__) X(__cause__) X(__ceil__) X(__class__) X(__class_getitem__)  \
    X(__classcell__) X(__complex__) X(__contains__) X(__context__)          \
    X(__copy__) X(__deepcopy__) X(__del__) X(__delattr__) X(__delete__)     \
    X(__delitem__) X(__dict__) X(__dir__) X(__divmod__) X(__doc__)          \
    X(__enter__) X(__eq__) X(__exit__) X(__file__) X(__float__)             \
    X(__floor__) X(__floordiv__) X(__format__) X(__ge__) X(__get__)         \
    X(__getattr__) X(__getattribute__) X(__getitem__) X(__gt__)             \
    X(__hash__) X(__iadd__) X(__iand__) X(__ifloordiv__) X(__ilshift__)     \
    X(__imatmul__) X(__imod__) X(__imul__) X(__index__) X(__init__)         \
    X(__init_subclass__) X(__instancecheck__) X(__int__) X(__invert__)      \
    X(__ior__) X(__ipow__) X(__irshift__) X(__isub__) X(__iter__)           \
    X(__itruediv__) X(__ixor__) X(__le__) X(__len__) X(__length_hint__)     \
    X(__loader__) X(__lshift__) X(__lt__) X(__main__) X(__matmul__)         \
    X(__missing__) X(__mod__) X(__module__) X(__mro__) X(__mul__)           \
    X(__name__) X(__ne__) X(__neg__) X(__new__) X(__next__) X(__or__)       \
    X(__package__) X(__path__) X(__pos__) X(__pow__) X(__prepare__)         \
    X(__qualname__) X(__radd__) X(__rand__) X(__rdivmod__) X(__repr__)      \
    X(__reversed__) X(__rfloordiv__) X(__rlshift__) X(__rmatmul__)          \
    X(__rmod__) X(__rmul__) X(__ror__) X(__round__) X(__rpow__)             \
    X(__rrshift__) X(__rshift__) X(__rsub__) X(__rtruediv__) X(__rxor__)    \
    X(__set__) X(__set_name__) X(__setattr__) X(__setitem__) X(__sizeof__)  \
    X(__slots__) X(__spec__) X(__str__) X(__sub__) X(__subclasscheck__)     \
    X(__traceback__) X(__truediv__) X(__trunc__) X(__weakref__) X(__xor__)  \
    X(args) X(append) X(builtins) X(close) X(code) X(decode) X(encode) X(end) X(file)   \
    X(fileno) X(flush) X(items) X(keys) X(metaclass) X(mro) X(name)         \
    X(read) X(readline) X(send) X(sep) X(stderr) X(stdin) X(stdout) X(sys) \
    X(throw) X(value) X(values) X(write) X(_)

typedef enum py_id_index {
#define PY_ID_ENUM(name) PY_ID_##name,
    PY_IDS(PY_ID_ENUM)
#undef PY_ID_ENUM
    PY_NIDS
} py_id_index;

/* The interned str for an identifier: PY_ID(__init__).  Borrowed. */
#define PY_ID(name) (OHI_RT->py->ids[PY_ID_##name])

/* The interned str of a C string literal, made once and kept until the
 * interpreter stops (interp.c caches by the literal's address).  Borrowed;
 * NULL with MemoryError.  For names not among PY_IDS. */
OHI_FUNC oh_object *py_static_str(const char *literal);

/* ==========================================================================
 * The interpreter state (interp.c)
 * ========================================================================== */

/* A chunk of the frame stack (frame.c). */
typedef struct py_stack_chunk {
    struct py_stack_chunk *previous;
    size_t size;                        /* bytes, header included */
    char *top;                          /* first free byte */
    char data[];
} py_stack_chunk;

/* Everything the interpreter keeps, reached through OHI_RT->py (one
 * interpreter per runtime, made by py_interp_init).
 *
 * IN1. frame is the innermost executing frame, and following `previous`
 *      from it visits every executing frame, innermost first.
 * IN2. exc_info is the exception being handled (sys.exc_info()[1]) or
 *      NULL: PUSH_EXC_INFO sets it, POP_EXCEPT restores the one before.
 * IN4. Steps (PY_STEP): steps_left counts down to the next visit of
 *      py_step_slow, 0 <= steps_left <= PY_STEP_CHUNK between steps;
 *      the SIGINT handler sets interrupted and then steps_left = 0, so
 *      the one test a step makes also polls for Ctrl-C.  With a step
 *      limit (oh_py_set_step_limit), the steps still allowed are
 *      steps_left + steps_reserve; without one steps_reserve is -1.
 * IN5. After py_interp_fini the collector's enabled flag, thresholds and
 *      debug flags, the int digit limit and tracing are what
 *      py_interp_init found, and nothing the program froze stays frozen
 *      (`saved`). */
/* settrace.c: trace events (its comment has their meaning) and hooks.
 * A hook returns 0, or -1 with an exception, which the loop raises in
 * the traced frame. */
typedef enum py_trace_event {
    PY_TRACE_CALL,
    PY_TRACE_LINE,
    PY_TRACE_RETURN,
    PY_TRACE_EXCEPTION
} py_trace_event;
typedef int (*py_trace_hook)(void *arg, py_frame *f, py_trace_event ev,
                             oh_object *obj);
#define PY_TRACE_TOOL 0                 /* a C tool (--show-memory) */
#define PY_TRACE_SYS 1                  /* sys.settrace */
#define PY_TRACE_SLOTS 2
/* trace_lasti of a frame that has not run a traced instruction since it
 * (re)started, the last instruction it ran being `prev` (ST3). */
#define PY_TRACE_RESTART(prev) (-(prev) - 3)
#define PY_TRACE_PREV(t) (-(t) - 3)
#define PY_TRACE_START PY_TRACE_RESTART(-1)

/* A new frame for calling func (its code co), owned by `owner`, about to
 * run its first instruction, linked to no caller: where a call's frame
 * (frame.c) and a generator's (generator.c) both start.  localsplus is
 * left to the caller. */
OHI_INLINE void
py_frame_init(py_frame *f, py_function *func, py_code *co, uint8_t owner)
{
    f->func = &func->ob_base;
    f->code = co;
    f->globals = func->globals;
    f->builtins = func->builtins;
    f->locals = NULL;
    f->previous = NULL;
    f->frame_obj = NULL;
    f->prev_instr = co->code - 1;
    f->stacktop = 0;
    f->trace_lasti = PY_TRACE_START;
    f->owner = owner;
    f->state = PY_FRAME_CREATED;
    f->is_entry = false;
}

/* showmem.c: `objheap run --show-memory=PATH` (issue 15).  Start
 * recording the steps of the program in file `script` (line_lo..line_hi
 * only when line_lo > 0), and at finish write the page to path.  0, or
 * -1 with an error (start) or a message on stderr (finish). */
OHI_FUNC int py_showmem_start(const char *path, const char *script,
                              int line_lo, int line_hi, int at_line);
OHI_FUNC int py_showmem_finish(void);
/* t_file.c: fn sees a copy of every write to the process's stdout made
 * through a file object (print, sys.stdout.write); NULL stops it. */
typedef void (*py_file_tee_fn)(void *arg, const char *data, size_t n);
OHI_FUNC void py_file_set_tee(py_file_tee_fn fn, void *arg);

struct py_interp {
    oh_object *ids[PY_NIDS];            /* interned identifiers (owned) */
    oh_object *builtins;                /* the builtins module's dict */
    oh_object *builtins_module;
    oh_object *modules;                 /* sys.modules (dict) */
    oh_object *sys;                     /* the sys module */
    oh_object *main_module;             /* __main__ */
    /* Execution. */
    py_frame *frame;                    /* IN1 */
    py_stack_chunk *stack;              /* the frame stack's top chunk */
    oh_object *exc_info;                /* IN2 */
    int depth;                          /* Python frames executing */
    int recursion_limit;                /* sys.getrecursionlimit() */
    int c_depth;                        /* nested py_eval_frame and C
                                           recursion (repr, compare, ...) */
    volatile sig_atomic_t interrupted;  /* SIGINT seen, not yet raised */
    volatile sig_atomic_t steps_left;   /* IN4: steps to the next slow
                                           check */
    int64_t steps_reserve;              /* IN4: the limit's steps not yet
                                           in steps_left; -1: no limit */
    /* IN5: the runtime's settings a program can change (gc.disable,
     * gc.set_threshold, gc.set_debug, gc.freeze, tracemalloc.start,
     * sys.set_int_max_str_digits), as py_interp_init found them;
     * py_interp_fini puts them back, so that the C program that embeds
     * the interpreter, or the next interpreter, finds them as they were. */
    struct {
        bool gc_enabled;
        int64_t threshold[OH_GC_GENERATIONS];
        unsigned gc_debug;
        int64_t frozen;
        bool tracing;
        int64_t max_str_digits;
    } saved;
    struct py_audit_entry *audit;       /* oh_py_add_audit_hook's hooks */
    size_t naudit, audit_cap;
    /* Files. */
    oh_object *argv;                    /* sys.argv (list) */
    oh_object *path;                    /* sys.path (list) */
    /* Static types readied so far, and the C modules made (both torn
     * down by py_interp_fini). */
    py_type **readied;
    size_t nreadied, readied_cap;
    const struct py_module_def **made_modules;
    size_t nmade, made_cap;
    /* Trace hooks (settrace.c). */
    py_trace_hook trace_hook[PY_TRACE_SLOTS];
    void *trace_arg[PY_TRACE_SLOTS];
    bool trace_active;                  /* ST1 */
    bool trace_busy;                    /* ST2 */
    oh_object *sys_trace;               /* sys.settrace's function */
    /* Caches. */
    void *attr_cache;                   /* typeobject.c */
    uint32_t next_type_version;
    void *free_lists;                   /* ceval.c / function.c */
    /* py_function_new's look-ups of __builtins__ and __name__ in the
     * globals: their value slots in the dict whose version was
     * fn_globals_version (D6 in src/types/dict.c), NULL for a key it
     * lacked.  Valid while that dict keeps that version (function.c). */
    uint64_t fn_globals_version;
    oh_object **fn_builtins_slot;
    oh_object **fn_name_slot;
};

/* Start and stop the interpreter of the runtime.  py_interp_init: 0, or
 * -1 with an error; a second call is an error. */
OHI_FUNC int py_interp_init(int argc, char **argv);
OHI_FUNC void py_interp_fini(void);

/* An audit hook and its data (oh_py_add_audit_hook). */
typedef struct py_audit_entry {
    oh_py_audit_hook hook;
    void *data;
} py_audit_entry;

/* Raise an audit event (objheap/py.h lists them): the hooks see `event`
 * and a tuple of the nargs (at most 8) objects that follow, borrowed,
 * NULL standing for None.  0, or -1 with the exception of the hook that
 * refused.  Costs one test when no hook is set. */
OHI_FUNC int py_audit(const char *event, size_t nargs, ...);

/* One step of a running program (IN4): each backward jump (a loop's
 * iteration), each Python function's frame pushed, each item a C function
 * takes from an iterator (py_iter_next).  True, with KeyboardInterrupt
 * set, when Ctrl-C was pressed or the step limit is spent; once it is
 * spent every later step fails too, so a program that catches the
 * exception cannot run on.  The fast path is one decrement and one
 * branch (docs/RELIABILITY.md, "The Python fuzzer", has the cost). */
#define PY_STEP_CHUNK 65536
OHI_FUNC int py_step_slow(py_interp *in);
#define PY_STEP_FAILED(in)                                                  \
    (OH_UNLIKELY(--(in)->steps_left < 0) && py_step_slow(in) < 0)

/* ==========================================================================
 * Slices (t_slice.c)
 * ========================================================================== */

/* slice(start, stop, step); NULL arguments mean None. */
OHI_FUNC oh_object *py_slice_new(oh_object *start, oh_object *stop,
                                 oh_object *step);
OHI_FUNC bool py_slice_check(const oh_object *o);
/* Resolve a slice against a sequence of length len (SC1 in t_slice.c):
 * 0, or -1 with ValueError (step 0) or TypeError (bad bounds). */
OHI_FUNC int py_slice_indices(oh_object *slice, int64_t len, int64_t *start,
                              int64_t *stop, int64_t *step, int64_t *count);
/* The same for bounds not yet made into a slice (never NULL: None when
 * absent); ceval.c slices lists so without building one. */
OHI_FUNC int py_slice_unpack(oh_object *ostart, oh_object *ostop,
                             oh_object *ostep, int64_t len, int64_t *start,
                             int64_t *stop, int64_t *step, int64_t *count);
/* The index after j in an extended slice: j + step, computed unsigned.
 * The step after the last item may pass INT64_MAX (s[1::2**66] steps by
 * INT64_MAX from 1); that index is never used, and signed arithmetic
 * would overflow there (UBSan stops on it). */
static inline int64_t
py_slice_next(int64_t j, int64_t step)
{
    return (int64_t)((uint64_t)j + (uint64_t)step);
}

/* ==========================================================================
 * Strings and numbers used across the interpreter
 * ========================================================================== */

/* The i-th code point of a str (0 <= i < len). */
OHI_FUNC uint32_t py_str_char_at(oh_object *s, int64_t i);
/* A str of one code point. */
OHI_FUNC oh_object *py_str_from_char(uint32_t c);
/* Byte offset of code point i in s (0 <= i <= len). */
OHI_FUNC size_t py_str_offset(oh_object *s, int64_t i);
/* A str from a format with printf's conversions plus %R, %S, %T, %U, %N
 * (as py_err_format).  New reference. */
OHI_FUNC oh_object *py_str_format(const char *fmt, ...);
OHI_FUNC oh_object *py_str_vformat(const char *fmt, va_list ap);
/* The concatenation of n strs.  New reference. */
OHI_FUNC oh_object *py_unicode_join_array(oh_object *const *items, size_t n);
/* Formatting (format.c): format(value, spec) for the built-in types, and
 * str % args. */
OHI_FUNC oh_object *py_format_int(oh_object *o, oh_object *spec);
OHI_FUNC oh_object *py_format_float(oh_object *o, oh_object *spec);
OHI_FUNC oh_object *py_format_str(oh_object *o, oh_object *spec);
/* format(z, spec) for a complex (or subclass) z. */
OHI_FUNC oh_object *py_format_complex(oh_object *o, oh_object *spec);
/* Append d as repr() writes a float but without the ".0" of an integral
 * value (CPython's PyOS_double_to_string(d, 'r', 0, 0, NULL)): the parts
 * of complex's repr.  0, or -1 with MemoryError. */
OHI_FUNC int py_double_repr_short(ohi_strbuf *b, double d);
OHI_FUNC oh_object *py_str_percent(oh_object *fmt, oh_object *args);
/* str.format(*args, **kwargs) */
OHI_FUNC oh_object *py_str_format_method(oh_object *fmt,
                                         oh_object *const *args,
                                         size_t nargs, oh_object *kwnames);
/* Is s all ASCII (so code point i is byte i)? */
OHI_INLINE bool
py_str_is_ascii(oh_object *s)
{
    return OHI_STR_LENGTH(OHI_STR(s)) == OHI_STR(s)->nbytes;
}

/* ==========================================================================
 * Cross-file internals, by the file that defines them
 * ========================================================================== */

/* typeobject.c */
OHI_FUNC int py_typeobject_init(void);
OHI_FUNC void py_type_unready(py_type *t);
OHI_FUNC void py_typeobject_fini(void);
/* A new, empty instance of t (every field after the header zero; the
 * type's reference taken for heap types; tracked if a container). */
OHI_FUNC oh_object *py_alloc_instance(py_type *t, size_t nitems);
/* type.__new__ for a class statement: kwnames/kwvalues are the class
 * keywords other than metaclass (passed on to __init_subclass__). */
OHI_FUNC oh_object *py_build_class_type(py_type *meta, oh_object *name,
                                        oh_object *bases, oh_object *ns,
                                        oh_object *kwnames,
                                        oh_object *const *kwvalues);

/* slots.c */
OHI_FUNC int py_slots_from_dict(py_type *t);
OHI_FUNC void py_slots_update(py_type *t, oh_object *name);
OHI_FUNC void py_slots_inherit(py_type *t, py_type *base);
OHI_FUNC int py_slots_add_wrappers(py_type *t);
OHI_FUNC void py_slots_install_bridges(py_type *t);

/* t_structseq.c: struct sequences (sys.float_info, sys.version_info).
 * A subclass of tuple named module.name whose fields are the members
 * `fields` (static: SQ2), made with PY_STRUCTSEQ_FIELD. */
#define PY_STRUCTSEQ_FIELD(name, i)                                         \
    {(name), PY_MEMBER_OBJECT,                                              \
     offsetof(ohi_tuple, items) + (i) * sizeof(oh_object *), true}
OHI_FUNC py_type *py_structseq_type(const char *module, const char *name,
                                    const py_member_def *fields, size_t n);
/* An instance holding values[0..n) (borrowed). */
OHI_FUNC oh_object *py_structseq_new(py_type *t, oh_object *const *values,
                                     size_t n);

/* descr.c */
OHI_FUNC oh_object *py_descr_new_classmethod(py_type *type,
                                             const py_method_def *def);
OHI_FUNC oh_object *py_descr_new_getset(py_type *type,
                                        const py_getset_def *def);
OHI_FUNC oh_object *py_descr_new_member(py_type *type,
                                        const py_member_def *def);
OHI_FUNC oh_object *py_staticmethod_new(oh_object *callable);
OHI_FUNC oh_object *py_mappingproxy_new(oh_object *mapping);

/* frame.c */
/* The frame's locals as a dict (locals(), f_locals).  New reference. */
OHI_FUNC oh_object *py_frame_locals(py_frame *f);
OHI_FUNC py_frame *py_frameobject_frame(oh_object *fo);
OHI_FUNC void py_frame_release_object(py_frame *f);
OHI_FUNC void py_frame_stack_fini(void);

/* ceval.c */
OHI_FUNC void py_ceval_set_stack_base(void);
OHI_FUNC bool py_c_stack_exhausted(void);
OHI_FUNC int py_super_from_frame(py_type **type, oh_object **obj);

/* generator.c */
OHI_FUNC oh_object *py_gen_from_frame(py_frame *f);
/* Call generator function fn whose nargs positional arguments fill its
 * parameters exactly, as py_frame_push_steal's callers check: the new
 * generator takes the caller's references to fn and to args[0..nargs)
 * (dropped on failure, NULL with an exception), with no frame pushed on
 * the stack and copied (CALL's path; py_gen_from_frame is the general
 * one). */
OHI_FUNC oh_object *py_gen_new_steal(py_function *fn, oh_object **args,
                                     size_t nargs);

/* exceptions.c */
OHI_FUNC void py_unraisable_hook(const char *what, const oh_object *o);
OHI_FUNC void py_source_cache_clear(void);

/* abstract.c */
OHI_FUNC int py_sequence_contains_by_iter(oh_object *container,
                                          oh_object *item);
OHI_FUNC oh_object *py_call_iter_new(oh_object *callable,
                                     oh_object *sentinel);
/* object.__dir__ (unsorted) and dir() (sorted). */
OHI_FUNC oh_object *py_object_default_dir(oh_object *o);
OHI_FUNC oh_object *py_object_dir(oh_object *o);

/* import.c */
OHI_FUNC oh_object *py_import_from(oh_object *module, oh_object *name);
OHI_FUNC int py_import_star(oh_object *module, oh_object *locals);

/* builtins.c: builtins.__build_class__ */
OHI_FUNC oh_object *py_build_class(oh_object *const *args, size_t nargs,
                                   oh_object *kwnames);

/* t_file.c */
/* A file object over fp (owned: fclosed when it closes). */
OHI_FUNC oh_object *py_file_new(FILE *fp, const char *name, const char *mode,
                                bool owns);
/* builtins.open */
OHI_FUNC oh_object *py_open(oh_object *self, oh_object *const *args,
                            size_t nargs, oh_object *kwnames);

/* mod_sys.c */
OHI_FUNC int py_sys_init(int argc, char **argv);

/* t_int.c, t_float.c */
OHI_FUNC oh_object *py_int_divmod(oh_object *a, oh_object *b);
OHI_FUNC oh_object *py_float_divmod(oh_object *a, oh_object *b);
/* float(s) for text s[0..n); orig (or NULL) is quoted in the error. */
OHI_FUNC oh_object *py_float_from_string(const char *s, size_t n,
                                         oh_object *orig);

/* t_complex.c: complex numbers, two doubles after the header (32 bytes,
 * as CPython's).  A subclass's instances start with the same layout. */
typedef struct py_complex {
    OH_OBJECT_HEAD;
    double real;
    double imag;
} py_complex;
#define PY_COMPLEX(o) ((py_complex *)(void *)(o))
/* Is o a complex (subclasses included)? */
OHI_INLINE bool
py_complex_check(const oh_object *o)
{
    return o->type == &PY_T(complex)->ot || py_is_instance(o, PY_T(complex));
}
OHI_FUNC oh_object *py_complex_from_doubles(double real, double imag);
/* a ** b for ints, floats and complexes, as complex's nb_power: what
 * float's ** gives for a negative base and a fractional exponent. */
OHI_FUNC oh_object *py_complex_pow(oh_object *a, oh_object *b);

/* t_str.c: UTF-8 and the character database (t_str_db.h) */
/* Decode the code point at p (valid UTF-8); *len gets its byte count. */
OHI_FUNC uint32_t py_utf8_decode(const unsigned char *p, int *len);
/* Encode c (<= 0x10ffff) as UTF-8 into buf (4 bytes); the byte count. */
OHI_FUNC int py_utf8_encode(uint32_t c, char *buf);
/* The decimal digit value of c (0..9; Nd characters), or -1. */
OHI_FUNC int py_unicode_decimal(uint32_t c);
/* str.isprintable() and str.isspace() of one character. */
OHI_FUNC bool py_unicode_isprintable(uint32_t c);
OHI_FUNC bool py_unicode_isspace(uint32_t c);
/* May c start (first) or continue an identifier (XID_Start, '_' /
 * XID_Continue)? */
OHI_FUNC bool py_unicode_isidentifier(uint32_t c, bool first);

/* unicode_names.c: the character names of Unicode 14.0.0, as CPython 3.11
 * knows them */
#define PY_UNICODE_NAME_MAX 88          /* the longest name, in bytes */
#define PY_UNICODE_SEQ_MAX 4            /* the longest named sequence */
/* The code point named name[0..len) as "\N{...}" takes it: a name, an
 * alias or an algorithmic name (HANGUL SYLLABLE GA, CJK UNIFIED
 * IDEOGRAPH-4E00), ASCII letters in any case.  1 with *cp set, or 0. */
OHI_FUNC int py_unicode_lookup(const char *name, size_t len, uint32_t *cp);
/* The named sequence name[0..len) (which unicodedata.lookup takes too):
 * its code points into out, their count (2 or more), or 0. */
OHI_FUNC int py_unicode_lookup_sequence(const char *name, size_t len,
                                        uint32_t out[PY_UNICODE_SEQ_MAX]);
/* cp's name (unicodedata.name; an alias is no name) into buf,
 * NUL-terminated and cut to size - 1 bytes: its full length, or 0 when cp
 * has none. */
OHI_FUNC int py_unicode_name(uint32_t cp, char *buf, size_t size);

/* format.c */
/* str.format_map(mapping).  New reference. */
OHI_FUNC oh_object *py_str_format_map(oh_object *fmt, oh_object *mapping);
/* bytes % args for the format fmt[0..n): a bytes object.  New
 * reference. */
OHI_FUNC oh_object *py_bytes_percent(const unsigned char *fmt, size_t n,
                                     oh_object *args);

/* t_bytes.c */
/* bytes.decode(encoding, errors).  New reference. */
OHI_FUNC oh_object *py_bytes_decode(oh_object *b, const char *encoding,
                                    const char *errors);
/* The bytes of a bytes or bytearray object: 0, or -1 with TypeError. */
OHI_FUNC int py_buffer_view(oh_object *o, const unsigned char **data,
                            size_t *len);
/* The codecs str.encode and bytes.decode know, by any name Python accepts
 * for them ("utf-8", "UTF8", "utf_8", "latin-1", "iso8859-1", "ascii",
 * "us-ascii", "utf-16-le", "utf-32", ...): PY_CODEC_*, or -1 with
 * LookupError "unknown encoding: x". */
enum { PY_CODEC_UTF8, PY_CODEC_ASCII, PY_CODEC_LATIN1, PY_CODEC_UTF16,
       PY_CODEC_UTF16LE, PY_CODEC_UTF16BE, PY_CODEC_UTF32, PY_CODEC_UTF32LE,
       PY_CODEC_UTF32BE };
OHI_FUNC int py_codec_lookup(const char *name);

/* t_list.c: helpers the sequence types share */
/* key as a sequence index (tname names the type in the TypeError "list
 * indices must be integers or slices, not str"); a value too large is
 * IndexError "cannot fit 'int' into an index-sized integer".  0 or -1. */
OHI_FUNC int py_seq_index(oh_object *key, const char *tname, int64_t *out);
/* The n of seq * n: OverflowError "cannot fit 'int' into an index-sized
 * integer" past int64.  0 or -1. */
OHI_FUNC int py_repeat_count(oh_object *n, int64_t *out);
/* A start/stop argument (index, count): __index__, clamped to int64;
 * TypeError "slice indices must be integers or have an __index__
 * method".  0 or -1. */
OHI_FUNC int py_slice_bound(oh_object *o, int64_t *out);
/* Negative start/stop count from the end, then clamp at 0. */
OHI_FUNC void py_clamp_range(int64_t *start, int64_t *stop, int64_t n);
/* operator.length_hint(o, dflt): len(o), else o.__length_hint__(), else
 * dflt.  -1 with an exception. */
OHI_FUNC int64_t py_length_hint(oh_object *o, int64_t dflt);

/* t_generic_alias.c: list[int] (types.GenericAlias) */
OHI_FUNC oh_object *py_generic_alias_new(oh_object *origin, oh_object *args);
/* The __class_getitem__ class method of the built-in containers. */
OHI_FUNC oh_object *py_class_getitem(oh_object *cls, oh_object *const *args,
                                     size_t nargs, oh_object *kwnames);

/* t_list.c, t_set.c, t_dict.c: what the loop's builders need */
/* list.append, the C method (CALL compares a method descriptor's
 * function with it to append in place: ceval.c). */
OHI_FUNC oh_object *py_list_m_append(oh_object *self,
                                     oh_object *const *args, size_t nargs,
                                     oh_object *kwnames);
/* list.extend(iterable): 0 or -1. */
OHI_FUNC int py_list_extend(oh_object *list, oh_object *iterable);
/* list[start:...:step], count items, from indexes that py_slice_indices
 * or py_slice_unpack resolved.  New reference. */
OHI_FUNC oh_object *py_list_slice(oh_object *list, int64_t start,
                                  int64_t step, int64_t count);
/* list[start:stop] = the n items (borrowed; not the list's own), with
 * start and stop resolved for a step of 1: 0 or -1 (MemoryError). */
OHI_FUNC int py_list_replace(oh_object *list, int64_t start, int64_t stop,
                             oh_object *const *items, int64_t n);
/* A set of the n items.  New reference. */
OHI_FUNC oh_object *py_set_from_array(oh_object *const *items, size_t n);
/* set.update(iterable): 0 or -1. */
OHI_FUNC int py_set_update(oh_object *set, oh_object *iterable);

/* specialize.c: give the adaptive instruction at instr (its cache units
 * follow it; base or cached form) an entry for object o's type and
 * attribute name: 1; 0 when it cannot (a base form then waits
 * PY_SPEC_BACKOFF runs; a cached form must go back to its base form).
 * Never an error. */
#define PY_SPEC_BACKOFF 64
#define PY_SPEC_ENTRIES 4               /* types per cached instruction */
#define PY_SPEC_SLOT 0x80000000u        /* where: a member's offset */
#define PY_SPEC_NODICT 0xffffffffu      /* instances have no attributes */
OHI_FUNC int py_specialize_load_attr(py_codeunit *instr, oh_object *o,
                                     oh_object *name);
OHI_FUNC int py_specialize_store_attr(py_codeunit *instr, oh_object *o,
                                      oh_object *name);
OHI_FUNC int py_specialize_load_method(py_codeunit *instr, oh_object *o,
                                       oh_object *name);
/* The same for LOAD_GLOBAL of name in a frame with these globals and
 * builtins: one entry (the name's value slot and the dicts' versions,
 * D6 in dict.c); 0 when name is missing or a dict is not a plain dict
 * of str keys. */
OHI_FUNC int py_specialize_load_global(py_codeunit *instr,
                                       oh_object *globals,
                                       oh_object *builtins,
                                       oh_object *name);
/* The keyword arguments' values of a vectorcall: after the nargs
 * positional ones.  args may be NULL when there are none at all (and
 * NULL + 0 is undefined behaviour in C). */
#define PY_KWVALUES(args, nargs) ((args) != NULL ? (args) + (nargs) : NULL)

/* A 64-bit value kept in two cache units, low half first. */
static inline uint64_t
py_cache_get64(const py_codeunit *c)
{
    return (uint64_t)c[0] | (uint64_t)c[1] << 32;
}

static inline void
py_cache_set64(py_codeunit *c, uint64_t v)
{
    c[0] = (py_codeunit)v;
    c[1] = (py_codeunit)(v >> 32);
}
/* typeobject.c: o's own attribute `name` (inline values or __dict__,
 * not its class's): 1 and a new reference, 0 when it has none, -1 on
 * error. */
OHI_FUNC int py_instance_own_attr(oh_object *o, oh_object *name,
                                  oh_object **out);
/* descr.c: the member a member_descriptor reads and writes. */
OHI_FUNC const py_member_def *py_member_descr_def(oh_object *descr);

/* settrace.c */
/* Set (hook non-NULL) or clear the hook of a slot. */
OHI_FUNC void py_trace_set_hook(int slot, py_trace_hook hook, void *arg);
/* For the loop: before instruction `opcode` of f runs (f->prev_instr at
 * it; `top` the value a RETURN_VALUE/YIELD_VALUE returns): CALL, LINE
 * and RETURN events as due.  0, or -1 with an exception. */
OHI_FUNC int py_trace_instruction(py_frame *f, int opcode, oh_object *top);
/* An exception raised in f or passing through it; f leaving with one. */
OHI_FUNC int py_trace_exception(py_frame *f, oh_object *exc);
OHI_FUNC int py_trace_unwind(py_frame *f);
/* sys.settrace(func or None), sys.gettrace(). */
OHI_FUNC int py_sys_settrace(oh_object *func);
OHI_FUNC oh_object *py_sys_gettrace(void);
/* ceval.c: switch the loop's dispatch to the tracing label and back. */
OHI_FUNC void py_ceval_set_tracing(bool on);
/* frame.c: a frame object's f_trace (borrowed, or NULL) and
 * f_trace_lines. */
OHI_FUNC oh_object *py_frameobject_get_trace(oh_object *fo);
OHI_FUNC void py_frameobject_set_trace(oh_object *fo, oh_object *func);
OHI_FUNC bool py_frameobject_trace_lines(oh_object *fo);

/* mod_weakref.c */
/* The weak containers' types (py_kind_types maps their kinds here). */
OHI_FUNC extern py_static_type py_weakvaluedict_static;
OHI_FUNC extern py_static_type py_weakkeydict_static;
OHI_FUNC extern py_static_type py_weakset_static;
/* Call the live weakref.finalize objects whose atexit is true, newest
 * first (Lib/weakref.py's _exitfunc): for the interpreter's shutdown,
 * before the modules are cleared. */
OHI_FUNC void py_weakref_atexit(void);

#endif /* OBJHEAP_PY_H */
