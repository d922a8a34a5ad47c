/*
 * typeobject.c -- type objects, `object`, classes, attribute lookup.
 *
 * What this file owns
 * -------------------
 * The two types every other type stands on -- `type` (PY_T(type)) and
 * `object` (PY_T(object)) -- the readying of static types, the creation
 * of classes (type(name, bases, dict) and the class statement), the
 * method resolution order, the attribute cache, and the layout of the
 * instances of classes: their inline attribute values, __dict__,
 * __slots__ and weak reference list.  The special-method slots of classes
 * are in slots.c; the descriptor types (methods of built-in types,
 * property, classmethod, staticmethod, super) in descr.c.
 *
 * Type objects
 * ------------
 *
 *   py_type | refcnt | type -> metatype.ot | ot (oh_type) | layout | ...
 *                                             ^
 *   instance | refcnt | type ----------------+   (TY1: layout == &ot)
 *
 * An instance's oh_object.type points at the oh_type embedded in its
 * class, so py_type_of is one subtraction, and the library (dealloc,
 * traverse, repr, hash, equality, getsizeof) reaches the class's
 * behaviour through the same descriptor.  The library's own types are the
 * exception: an int points at oh_int_type, and PY_T(int)'s layout is
 * &oh_int_type; py_type_of finds PY_T(int) through the kind in
 * oh_int_type's flags (py_kind_types).
 *
 * Static types live in the data segment with a zeroed gc head in front
 * (py_static_type), are immortal, and are readied at start-up.  Classes
 * made by `class` are heap objects, containers tracked by the collector;
 * each instance holds a reference to its class (subtype_dealloc drops it
 * last), and a class holds its bases, mro and dict.
 *
 * Instances of classes (layout)
 * -----------------------------
 * A class adds fields after its base's struct, in this order: its
 * __slots__ (one pointer each), then -- unless __slots__ leaves them out
 * or the base already has them -- the attribute storage, then the weak
 * reference list:
 *
 *   class A: pass          | refcnt | type | values | dict | weaklist |
 *                          40 bytes + 16 gc head = 56, as CPython 3.11
 *
 * Attributes live inline (PY_TPFLAGS_HAS_INLINE) until someone asks for
 * __dict__: `values` is an array indexed like the class's shared key
 * table (py_keys: attribute names in first-set order, at most
 * PY_INLINE_MAX), so two instances of a class share their key objects and
 * an attribute read is a scan of at most 30 interned pointers -- later an
 * inline cache's index (issue 14).  Each instance also keeps the order
 * in which it set its names (TY8), which need not be the class's: a dict
 * made from the values lists them in that order, as CPython 3.11's
 * instances keep theirs.  Asking for __dict__ (or adding a 31st name)
 * turns the values into a real dict once, and the instance keeps the
 * dict from then on (TY4).  This is why two instances in a cycle are 2
 * objects for the collector, as in CPython 3.11, not 4.
 *
 * The attribute cache (TY3)
 * -------------------------
 * py_type_lookup walks the mro's dicts; a 4096-entry table indexed by
 * (type version, name address) remembers the answers.  A type gets a
 * version lazily, only when every type on its mro has one; any change to a
 * type's dict (type_setattro, __bases__ assignment) clears its version
 * and its subclasses' (py_type_modified walks `subclasses`, a list of weak
 * references), so a stale entry can never match.  Static types cannot be
 * changed and keep their first version.
 *
 * Invariants TY1-TY4 are at struct py_type in py.h.
 * TY5. A heap type's instances each hold one reference to it; its
 *      `subclasses` list holds weak references only (a class does not
 *      keep its subclasses alive).
 * TY6. An instance with inline values has values == NULL or an array of
 *      cap slots, which may be fewer than keys->n (names added to the
 *      class since): slots past cap read as unset.
 * TY7. py_alloc_instance gives an instance of a class with inline values
 *      (and no items) room for max(4, keys->n) of them in its own block,
 *      after basicsize, and points `values` there (embedded == 1): one
 *      allocation per instance instead of two, and reading an attribute
 *      or traversing the instance touches no second block -- the cache
 *      misses that bench/py/bm_gc_graph.py's walks and full collections
 *      are made of (docs/PYTHON.md, "Speed").  Values that outgrow it
 *      move to an oh_malloc'd array (embedded == 0); only such an array
 *      is ever freed.  getsizeof and __basicsize__ do not count the room,
 *      as CPython 3.11 does not count its separate values array.
 * TY8. An instance's values know the order its attributes were set in
 *      (deleting one takes it out; setting it again puts it last).  In
 *      key order (hi != PY_VALUES_LISTED), the common case of instances
 *      set up alike, the order is that of the indices, every set slot is
 *      below hi and slot hi - 1 is set (hi == 0: none): a store into an
 *      empty slot i >= hi keeps it so and only raises hi, which is all
 *      STORE_ATTR_CACHED adds to an ordinary store.  A store into an
 *      empty slot below hi moves the values to an oh_malloc'd array with
 *      room for an order list after v[cap] (hi == PY_VALUES_LISTED): the
 *      n distinct indices of the set slots, oldest first.  Such an
 *      instance stays listed; its stores of new names take the slow
 *      path, its stores over set names do not.
 * TY9. Sizes are CPython 3.11's.  There a class whose base has no dict
 *      keeps its instances' dict (and values) pointers in 16 bytes
 *      before the object, which __sizeof__ leaves out and getsizeof
 *      counts (PY_TPFLAGS_MANAGED_DICT, inherited), and its basicsize is
 *      its base's plus a pointer for each slot and the weak list (its
 *      sizeof_extra, summed down the classes to the builtin base).  So
 *      `class A: pass` is 24 bytes to __sizeof__ and 56 to getsizeof, as
 *      our 40-byte struct with a 16-byte gc head is; an instance's
 *      __sizeof__ is what its builtin base's says for its items plus
 *      sizeof_extra (int and str count only their digits or characters,
 *      as CPython's do), and getsizeof (subtype_getsizeof) adds the gc
 *      head and the 16 for a managed dict.  Where our builtin is smaller
 *      than CPython's (dict, set, str, bytearray), so is the instance.
 */
#include "py/py.h"

#include <string.h>

/* ==========================================================================
 * Inline attribute values
 * ========================================================================== */

#define values_ptr(o, t) py_values_ptr(o, t)
#define dict_ptr(o, t) py_dict_ptr(o, t)

/* The index of name in keys, or -1.  Names are interned, so a pointer
 * compare usually decides; a str that is not interned (getattr with a
 * computed name) is compared by value. */
static int
keys_find(const py_keys *k, oh_object *name)
{
    for (uint32_t i = 0; i < k->n; i++)
        if (k->names[i] == name)
            return (int)i;
    if (OHI_STR(name)->len_state & OHI_STR_INTERNED)
        return -1;
    for (uint32_t i = 0; i < k->n; i++)
        if (ohi_str_eq(k->names[i], name))
            return (int)i;
    return -1;
}

/* Add name to the class's keys; its index, or -1 when the table is full
 * (the caller then uses a dict).  Never fails otherwise. */
static int
keys_add(py_keys *k, oh_object *name)
{
    if (k->n >= PY_INLINE_MAX)
        return -1;
    oh_object *in = oh_str_intern(name);
    if (in == NULL) {
        oh_err_clear();
        return -1;
    }
    k->names[k->n] = in;
    k->version++;
    return (int)k->n++;
}

/* Drop o's values (*vp, not NULL) and their references; *vp is NULL on
 * return.  Only an array outside the instance's block is freed (TY7). */
static void
values_drop(py_values **vp)
{
    py_values *v = *vp;
    *vp = NULL;
    for (uint32_t i = 0; i < v->cap; i++)
        oh_xdecref(v->v[i]);
    if (!v->embedded)
        oh_free(v);
}

/* Turn o's inline values into a dict (TY4).  0 or -1. */
static int
materialize_dict(oh_object *o, py_type *t)
{
    py_values **vp = values_ptr(o, t);
    oh_object **dp = dict_ptr(o, t);
    if (*dp != NULL)
        return 0;
    oh_object *d = oh_dict_new();
    if (d == NULL)
        return -1;
    py_values *v = *vp;
    if (v != NULL) {
        /* In the order the instance set them (TY8), as a dict keeps. */
        bool listed = v->hi == PY_VALUES_LISTED;
        uint32_t n = listed ? v->n : v->hi;
        for (uint32_t k = 0; k < n; k++) {
            uint32_t i = listed ? py_values_order(v)[k] : k;
            if (v->v[i] != NULL
                && oh_dict_set(d, t->keys->names[i], v->v[i]) < 0) {
                oh_decref(d);
                return -1;
            }
        }
        values_drop(vp);
    }
    *dp = d;
    return 0;
}

oh_object *
py_object_get_dict(oh_object *o)
{
    py_type *t = PY_TYPE(o);
    if (t->dictoffset == 0)
        return py_err_format(PY_EXC(AttributeError),
                             "'%s' object has no attribute '__dict__'",
                             t->tp_name);
    oh_object **dp = dict_ptr(o, t);
    if (*dp == NULL) {
        if (t->valuesoffset != 0) {
            if (materialize_dict(o, t) < 0)
                return NULL;
        }
        else {
            *dp = oh_dict_new();
            if (*dp == NULL)
                return NULL;
        }
    }
    return *dp;
}

/* Read attribute `name` from o's own storage: 1 and *out (new
 * reference), 0 when absent, -1 on error. */
static int
instance_attr_get(oh_object *o, py_type *t, oh_object *name,
                  oh_object **out)
{
    if (t->dictoffset == 0)
        return 0;
    oh_object *d = *dict_ptr(o, t);
    if (d == NULL && t->valuesoffset != 0) {
        py_values *v = *values_ptr(o, t);
        if (v == NULL)
            return 0;
        int i = keys_find(t->keys, name);
        if (i < 0 || (uint32_t)i >= v->cap || v->v[i] == NULL)
            return 0;
        oh_incref(v->v[i]);
        *out = v->v[i];
        return 1;
    }
    if (d == NULL)
        return 0;
    oh_object *val;
    int r = oh_dict_lookup(d, name, &val);
    if (r > 0) {
        oh_incref(val);
        *out = val;
    }
    return r;
}

int
py_instance_own_attr(oh_object *o, oh_object *name, oh_object **out)
{
    py_type *t = PY_TYPE(o);
    return instance_attr_get(o, t, name, out);
}

/* Move o's values (*vp, or none yet) to an oh_malloc'd array of cap
 * slots, cap >= their present cap, with room for the order list (TY8)
 * when `listed`; the slots past the old cap are NULL, and the order and
 * its mode are kept (the caller changes the mode).  NULL without an
 * error when memory ran out (*vp unchanged). */
static py_values *
values_move(py_values **vp, uint32_t cap, bool listed)
{
    py_values *v = *vp;
    size_t size = sizeof *v + cap * sizeof(oh_object *) + (listed ? cap : 0);
    uint32_t from = v == NULL ? 0 : v->cap;
    py_values *nv;
    OH_ASSERT(v == NULL || cap >= v->cap);
    OH_ASSERT(v == NULL || !v->embedded || v->hi != PY_VALUES_LISTED);
    if (v != NULL && !v->embedded) {
        nv = oh_realloc(v, size);
        if (nv == NULL)
            return NULL;
        if (nv->hi == PY_VALUES_LISTED)    /* the order follows v[cap] */
            memmove(&nv->v[cap], &nv->v[from], nv->n);
    }
    else {
        /* New, or out of the instance's block (TY7): the references
         * move.  An embedded array is never listed. */
        nv = oh_malloc(size);
        if (nv == NULL)
            return NULL;
        if (v != NULL)
            memcpy(nv, v, sizeof *v + from * sizeof(oh_object *));
        else {
            nv->hi = 0;
            nv->n = 0;
            nv->pad = 0;
        }
    }
    for (uint32_t j = from; j < cap; j++)
        nv->v[j] = NULL;
    nv->cap = cap;
    nv->embedded = 0;
    *vp = nv;
    return nv;
}

/* Record key index i, whose slot in o's values (*vp) is empty or has
 * just been filled, as the instance's newest attribute (TY8).  0, or -1
 * when memory ran out (nothing changed; no error set). */
static int
values_note(py_values **vp, uint32_t i)
{
    py_values *v = *vp;
    OH_ASSERT(i < v->cap);
    if (v->hi != PY_VALUES_LISTED) {
        if (i >= v->hi) {
            v->hi = (uint8_t)(i + 1);   /* still in key order */
            return 0;
        }
        /* Set after a name the class saw later: list the order, which
         * until now was the key order. */
        v = values_move(vp, v->cap, true);
        if (v == NULL)
            return -1;
        uint8_t *order = py_values_order(v);
        uint32_t n = 0;
        for (uint32_t j = 0; j < v->hi; j++)
            if (j != i && v->v[j] != NULL)
                order[n++] = (uint8_t)j;
        v->n = (uint8_t)n;
        v->hi = PY_VALUES_LISTED;
    }
    OH_ASSERT(v->n < v->cap);           /* TY8: i is not listed yet */
    py_values_order(v)[v->n++] = (uint8_t)i;
    return 0;
}

/* o's values (*vp, or none yet) with a slot for key index i: grown to
 * hold it if they are smaller or absent.  NULL without an error when
 * memory ran out. */
static py_values *
values_reserve(py_values **vp, const py_type *t, uint32_t i)
{
    py_values *v = *vp;
    if (v != NULL && i < v->cap)
        return v;
    uint32_t cap = t->keys->n > 4 ? t->keys->n : 4;
    if (cap <= i)
        cap = i + 1;
    return values_move(vp, cap, v != NULL && v->hi == PY_VALUES_LISTED);
}

/* Forget key index i, whose slot the caller has just emptied, in v's
 * order (TY8). */
static void
values_forget(py_values *v, uint32_t i)
{
    if (v->hi != PY_VALUES_LISTED) {
        while (v->hi > 0 && v->v[v->hi - 1] == NULL)
            v->hi--;
        return;
    }
    uint8_t *order = py_values_order(v);
    uint32_t k = 0;
    while (order[k] != i) {
        k++;
        OH_ASSERT(k < v->n);            /* TY8: a set slot is listed */
    }
    memmove(order + k, order + k + 1, (size_t)(v->n - k - 1));
    v->n--;
}

oh_object **
py_instance_value_slot(oh_object *o, py_type *t, uint32_t i)
{
    if (*dict_ptr(o, t) != NULL)
        return NULL;                    /* its attributes are in a dict */
    py_values *v = values_reserve(values_ptr(o, t), t, i);
    if (v == NULL) {
        oh_err_clear();
        return NULL;
    }
    return &v->v[i];
}

int
py_instance_value_added(oh_object *o, py_type *t, uint32_t i)
{
    if (values_note(values_ptr(o, t), i) < 0) {
        oh_err_clear();
        return -1;
    }
    return 0;
}

/* Store (value != NULL) or delete attribute `name` in o's own storage.
 * 0; 1 when deleting a missing name (the caller raises AttributeError);
 * -1 on error. */
static int
instance_attr_set(oh_object *o, py_type *t, oh_object *name,
                  oh_object *value)
{
    oh_object **dp = dict_ptr(o, t);
    if (*dp == NULL && t->valuesoffset != 0) {
        py_values **vp = values_ptr(o, t);
        py_values *v = *vp;
        int i = keys_find(t->keys, name);
        if (i < 0 && value == NULL)
            return 1;                   /* no instance has such a name */
        if (i < 0)
            i = keys_add(t->keys, name);
        if (i >= 0) {
            if (value == NULL) {
                if (v == NULL || (uint32_t)i >= v->cap || v->v[i] == NULL)
                    return 1;
                /* Deleting keeps the values, as CPython 3.11 does: the
                 * name leaves the order, and setting it again puts it
                 * last (TY8). */
                oh_object *old = v->v[i];
                v->v[i] = NULL;
                values_forget(v, (uint32_t)i);
                oh_decref(old);
                return 0;
            }
            v = values_reserve(vp, t, (uint32_t)i);
            if (v == NULL || (v->v[i] == NULL
                              && values_note(vp, (uint32_t)i) < 0)) {
                py_err_no_memory();
                return -1;
            }
            v = *vp;                    /* values_note may move them */
            oh_object *old = v->v[i];
            oh_incref(value);
            v->v[i] = value;
            oh_xdecref(old);
            return 0;
        }
        /* The key table is full: a dict from now on. */
        if (materialize_dict(o, t) < 0)
            return -1;
    }
    if (*dp == NULL) {
        if (value == NULL)
            return 1;
        *dp = oh_dict_new();
        if (*dp == NULL)
            return -1;
    }
    if (value == NULL) {
        int r = oh_dict_contains(*dp, name);
        if (r <= 0)
            return r < 0 ? -1 : 1;
        return oh_dict_delete(*dp, name);
    }
    return oh_dict_set(*dp, name, value);
}

/* ==========================================================================
 * The attribute cache (TY3)
 * ========================================================================== */

#define ATTR_CACHE_BITS 12
#define ATTR_CACHE_SIZE ((size_t)1 << ATTR_CACHE_BITS)

typedef struct attr_cache_entry {
    uint32_t version;
    oh_object *name;                    /* compared by address only */
    oh_object *value;                   /* borrowed from the type's dict;
                                           NULL: known missing */
} attr_cache_entry;

OHI_INLINE attr_cache_entry *
cache_slot(uint32_t version, oh_object *name)
{
    attr_cache_entry *c = OHI_RT->py->attr_cache;
    uintptr_t h = ((uintptr_t)version * 0x9E3779B1u)
                  ^ ((uintptr_t)name >> 4);
    return &c[h & (ATTR_CACHE_SIZE - 1)];
}

/* Give t a version if every type on its mro can have one (TY3).  Returns
 * it, or 0. */
static uint32_t
assign_version(py_type *t)
{
    if (t->version != 0)
        return t->version;
    py_interp *in = OHI_RT->py;
    if (t->mro == NULL || in == NULL || in->next_type_version == 0)
        return 0;
    int64_t n = oh_tuple_size(t->mro);
    for (int64_t i = 1; i < n; i++) {
        py_type *b = (py_type *)(void *)OHI_TUPLE(t->mro)->items[i];
        if (assign_version(b) == 0)
            return 0;
    }
    t->version = in->next_type_version++;
    if (in->next_type_version == 0)     /* ran out: no more caching */
        in->next_type_version = 0;
    return t->version;
}

static oh_object *
find_in_mro(py_type *t, oh_object *name)
{
    oh_object *mro = t->mro;
    if (mro == NULL) {
        /* Being built: its own dict and its base's mro. */
        oh_object *v;
        if (t->dict != NULL && oh_dict_lookup(t->dict, name, &v) > 0)
            return v;
        if (t->base != NULL)
            return find_in_mro(t->base, name);
        return NULL;
    }
    int64_t n = OHI_TUPLE_SIZE(mro);
    for (int64_t i = 0; i < n; i++) {
        py_type *b = (py_type *)(void *)OHI_TUPLE(mro)->items[i];
        oh_object *v;
        int r = oh_dict_lookup(b->dict, name, &v);
        if (r > 0)
            return v;
        if (r < 0)
            oh_err_clear();     /* str keys cannot fail: defensive */
    }
    return NULL;
}

oh_object *
py_type_lookup(py_type *t, oh_object *name)
{
    uint32_t version = t->version;
    if (OH_LIKELY(version != 0)) {
        attr_cache_entry *e = cache_slot(version, name);
        if (e->version == version && e->name == name)
            return e->value;
    }
    oh_object *v = find_in_mro(t, name);
    /* An entry keeps the name's address: only a str that lives as long
     * as the cache may make one -- an interned str, or an immortal one:
     * the empty str and the one-character ASCII strs, which oh_str_intern
     * returns as they are, without the mark (str.c), and which names
     * like `x` are (raytrace's vectors looked `x` up in the mro at every
     * store into a new instance). */
    if (name->type == &oh_str_type
        && ((OHI_STR(name)->len_state & OHI_STR_INTERNED)
            || name->refcnt >= OH_IMMORTAL_REFCNT / 2)
        && (version != 0 || (version = assign_version(t)) != 0)) {
        attr_cache_entry *e = cache_slot(version, name);
        e->version = version;
        e->name = name;
        e->value = v;
    }
    return v;
}

void
py_type_modified(py_type *t)
{
    if (t->version == 0)
        return;                         /* TY3: its subclasses have none */
    t->version = 0;
    if (t->subclasses == NULL)
        return;
    int64_t n = oh_list_size(t->subclasses);
    for (int64_t i = 0; i < n; i++) {
        oh_object *sub = oh_weakref_get(oh_list_get(t->subclasses, i));
        if (sub != OH_NONE)
            py_type_modified((py_type *)(void *)sub);
        oh_decref(sub);
    }
}

/* Record sub as a subclass of base (TY5: weakly).  0 or -1. */
static int
add_subclass(py_type *base, py_type *sub)
{
    if (!(base->tpflags & PY_TPFLAGS_HEAPTYPE))
        return 0;       /* static types never change: nothing to tell */
    if (base->subclasses == NULL) {
        base->subclasses = oh_list_new();
        if (base->subclasses == NULL)
            return -1;
    }
    /* Drop references to subclasses that died, so the list stays as long
     * as the live ones. */
    for (int64_t i = oh_list_size(base->subclasses) - 1; i >= 0; i--) {
        oh_object *o = oh_weakref_get(oh_list_get(base->subclasses, i));
        if (o == OH_NONE)
            oh_list_delete(base->subclasses, i);
        oh_decref(o);
    }
    oh_object *wr = oh_weakref_new(&sub->ob_base, NULL);
    if (wr == NULL)
        return -1;
    int r = oh_list_append(base->subclasses, wr);
    oh_decref(wr);
    return r;
}

/* ==========================================================================
 * Subtypes, isinstance
 * ========================================================================== */

bool
py_type_is_subtype(const py_type *a, const py_type *b)
{
    if (a == b)
        return true;
    oh_object *mro = a->mro;
    if (mro != NULL) {
        int64_t n = OHI_TUPLE_SIZE(mro);
        for (int64_t i = 0; i < n; i++)
            if (OHI_TUPLE(mro)->items[i] == &b->ob_base)
                return true;
        return false;
    }
    for (const py_type *t = a->base; t != NULL; t = t->base)
        if (t == b)
            return true;
    return b == PY_T(object);
}

/* ==========================================================================
 * Generic attribute access (object.__getattribute__, __setattr__)
 * ========================================================================== */

oh_object *
py_object_generic_getattr(oh_object *o, oh_object *name)
{
    py_type *t = PY_TYPE(o);
    if (OH_UNLIKELY(name->type != &oh_str_type))
        return py_err_format(PY_EXC(TypeError),
                             "attribute name must be string, not '%T'",
                             name);
    oh_object *descr = py_type_lookup(t, name);
    py_descrgetfunc get = NULL;
    if (descr != NULL) {
        oh_incref(descr);
        py_type *dt = PY_TYPE(descr);
        get = dt->tp_descr_get;
        if (get != NULL && dt->tp_descr_set != NULL) {
            /* A data descriptor wins over the instance's attributes. */
            oh_object *r = get(descr, o, &t->ob_base);
            oh_decref(descr);
            return r;
        }
    }
    oh_object *v = NULL;
    int r = instance_attr_get(o, t, name, &v);
    if (r != 0) {
        oh_xdecref(descr);
        return r > 0 ? v : NULL;
    }
    if (descr != NULL) {
        if (get != NULL) {
            oh_object *res = get(descr, o, &t->ob_base);
            oh_decref(descr);
            return res;
        }
        return descr;
    }
    return py_err_format(PY_EXC(AttributeError),
                         "'%s' object has no attribute '%U'", t->tp_name,
                         name);
}

int
py_object_generic_setattr(oh_object *o, oh_object *name, oh_object *value)
{
    py_type *t = PY_TYPE(o);
    if (OH_UNLIKELY(name->type != &oh_str_type)) {
        py_err_format(PY_EXC(TypeError),
                      "attribute name must be string, not '%T'", name);
        return -1;
    }
    oh_object *descr = py_type_lookup(t, name);
    if (descr != NULL) {
        py_descrsetfunc set = PY_TYPE(descr)->tp_descr_set;
        if (set != NULL) {
            oh_incref(descr);
            int r = set(descr, o, value);
            oh_decref(descr);
            return r;
        }
    }
    if (t->dictoffset == 0) {
        if (descr == NULL)
            py_err_format(PY_EXC(AttributeError),
                          "'%s' object has no attribute '%U'", t->tp_name,
                          name);
        else
            py_err_format(PY_EXC(AttributeError),
                          "'%s' object attribute '%U' is read-only",
                          t->tp_name, name);
        return -1;
    }
    int r = instance_attr_set(o, t, name, value);
    if (r > 0) {
        py_err_format(PY_EXC(AttributeError),
                      "'%s' object has no attribute '%U'", t->tp_name,
                      name);
        return -1;
    }
    return r;
}

/* ==========================================================================
 * object
 * ========================================================================== */

/* Are there arguments beyond the type (for object.__new__/__init__)? */
static bool
excess_args(size_t nargs, oh_object *kwnames)
{
    return nargs != 0 || (kwnames != NULL && OHI_TUPLE_SIZE(kwnames) != 0);
}

static oh_object *object_new(py_type *type, oh_object *const *args,
                             size_t nargs, oh_object *kwnames);
static int object_init(oh_object *self, oh_object *const *args,
                       size_t nargs, oh_object *kwnames);

/* A new, empty instance of t (every field after the header zero). */
oh_object *
py_alloc_instance(py_type *t, size_t nitems)
{
    const oh_type *lt = t->layout;
    oh_object *o;
    if ((t->tpflags & PY_TPFLAGS_HAS_INLINE) && t->valuesoffset != 0
        && lt->itemsize == 0) {
        /* TY7: the values in the instance's own block, after its fields. */
        uint32_t cap = t->keys->n > 4 ? t->keys->n : 4;
        size_t extra = sizeof(py_values) + cap * sizeof(oh_object *);
        o = ohi_object_alloc_extra(lt, 0, extra);
        if (o == NULL)
            return NULL;
        memset((char *)o + sizeof(oh_object), 0,
               lt->basicsize + extra - sizeof(oh_object));
        py_values *v = (py_values *)(void *)((char *)o + lt->basicsize);
        v->cap = cap;
        v->embedded = 1;
        *values_ptr(o, t) = v;
    }
    else {
        o = ohi_object_alloc(lt, nitems);
        if (o == NULL)
            return NULL;
        size_t size = lt->basicsize + nitems * lt->itemsize;
        memset((char *)o + sizeof(oh_object), 0, size - sizeof(oh_object));
        if (lt->itemsize != 0)
            ((oh_varobject *)(void *)o)->size = (intptr_t)nitems;
    }
    if (t->tpflags & PY_TPFLAGS_HEAPTYPE)
        oh_incref(&t->ob_base);         /* TY5 */
    if (OHI_IS_CONTAINER(lt)) {
        ohi_gc_track(o);
        ohi_gc_safe_point();
    }
    return o;
}

static oh_object *
object_new(py_type *type, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (excess_args(nargs, kwnames)) {
        if (type->tp_new != object_new)
            return py_err_set_string(PY_EXC(TypeError),
                                     "object.__new__() takes exactly one "
                                     "argument (the type to instantiate)");
        if (type->tp_init == object_init)
            return py_err_format(PY_EXC(TypeError), "%s() takes no "
                                 "arguments", type->tp_name);
    }
    if (type->tpflags & PY_TPFLAGS_ABSTRACT)
        return py_err_format(PY_EXC(TypeError), "Can't instantiate "
                             "abstract class %s", type->tp_name);
    return py_alloc_instance(type, 0);
}

static int
object_init(oh_object *self, oh_object *const *args, size_t nargs,
            oh_object *kwnames)
{
    if (excess_args(nargs, kwnames)) {
        py_type *type = PY_TYPE(self);
        if (type->tp_init != object_init) {
            py_err_set_string(PY_EXC(TypeError),
                              "object.__init__() takes exactly one "
                              "argument (the instance to initialize)");
            return -1;
        }
        if (type->tp_new == object_new) {
            py_err_format(PY_EXC(TypeError),
                          "%s() takes no arguments", type->tp_name);
            return -1;
        }
    }
    return 0;
}

/* <__main__.A object at 0x7f...> */
static oh_object *
object_repr(oh_object *self)
{
    py_type *t = PY_TYPE(self);
    oh_object *mod = NULL;
    if (t->tpflags & PY_TPFLAGS_HEAPTYPE) {
        mod = oh_dict_get(t->dict, PY_ID(__module__));
        if (mod == NULL)
            oh_err_clear();
    }
    if (mod != NULL && mod->type == &oh_str_type
        && !oh_str_equal_cstr(mod, "builtins"))
        return oh_str_from_format("<%s.%s object at %p>",
                                  oh_str_utf8(mod, NULL),
                                  oh_str_utf8(t->qualname, NULL),
                                  (void *)self);
    return oh_str_from_format("<%s object at %p>", t->tp_name,
                              (void *)self);
}

static oh_object *
object_str(oh_object *self)
{
    py_type *t = PY_TYPE(self);
    if (t->tp_repr == NULL)
        return object_repr(self);
    return t->tp_repr(self);
}

static oh_hash_t
object_hash(oh_object *self)
{
    return ohi_hash_pointer(self);
}

static oh_object *
object_richcompare(oh_object *a, oh_object *b, int op)
{
    switch (op) {
    case PY_CMP_EQ:
        if (a == b) {
            oh_incref(OH_TRUE);
            return OH_TRUE;
        }
        break;
    case PY_CMP_NE: {
        /* By default != inverts ==, unless == is not implemented. */
        py_type *t = PY_TYPE(a);
        if (t->tp_richcompare == NULL)
            break;
        oh_object *r = t->tp_richcompare(a, b, PY_CMP_EQ);
        if (r == NULL || r == PY_NOTIMPL)
            return r;
        int truth = py_is_true(r);
        oh_decref(r);
        if (truth < 0)
            return NULL;
        return oh_bool_from(!truth);
    }
    default:
        break;
    }
    oh_incref(PY_NOTIMPL);
    return PY_NOTIMPL;
}

static oh_object *
object_get_class(oh_object *self)
{
    oh_object *t = &PY_TYPE(self)->ob_base;
    oh_incref(t);
    return t;
}

/* obj.__class__ = C: allowed between classes with the same layout. */
static int
object_set_class(oh_object *self, oh_object *value)
{
    if (value == NULL) {
        py_err_set_string(PY_EXC(TypeError), "can't delete __class__ "
                          "attribute");
        return -1;
    }
    if (!py_is_instance(value, PY_T(type))) {
        py_err_format(PY_EXC(TypeError), "__class__ must be set to a "
                      "class, not '%T' object", value);
        return -1;
    }
    py_type *old = PY_TYPE(self), *nt = (py_type *)(void *)value;
    if (!(old->tpflags & PY_TPFLAGS_HEAPTYPE)
        || !(nt->tpflags & PY_TPFLAGS_HEAPTYPE)
        || old->basicsize != nt->basicsize
        || old->dictoffset != nt->dictoffset
        || old->valuesoffset != nt->valuesoffset
        || old->weaklistoffset != nt->weaklistoffset
        || old->ot.itemsize != nt->ot.itemsize) {
        py_err_format(PY_EXC(TypeError), "__class__ assignment: '%s' "
                      "object layout differs from '%s'", nt->tp_name,
                      old->tp_name);
        return -1;
    }
    if (old->valuesoffset != 0 && materialize_dict(self, old) < 0)
        return -1;
    oh_incref(value);
    self->type = &nt->ot;
    oh_decref(&old->ob_base);
    return 0;
}

static oh_object *
object_get_dict(oh_object *self)
{
    oh_object *d = py_object_get_dict(self);
    oh_xincref(d);
    return d;
}

static int
object_set_dict(oh_object *self, oh_object *value)
{
    py_type *t = PY_TYPE(self);
    if (t->dictoffset == 0) {
        py_err_format(PY_EXC(AttributeError),
                      "'%s' object has no attribute '__dict__'", t->tp_name);
        return -1;
    }
    if (value == NULL || value->type != &oh_dict_type) {
        py_err_format(PY_EXC(TypeError), "__dict__ must be set to a "
                      "dictionary, not a '%T'", value ? value : OH_NONE);
        return -1;
    }
    if (t->valuesoffset != 0 && materialize_dict(self, t) < 0)
        return -1;
    oh_object **dp = dict_ptr(self, t);
    oh_object *old = *dp;
    oh_incref(value);
    *dp = value;
    oh_xdecref(old);
    return 0;
}

static oh_object *
object_m_format(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (py_check_args("__format__", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (args[0]->type != &oh_str_type)
        return py_err_format(PY_EXC(TypeError), "__format__() argument "
                             "must be str, not %T", args[0]);
    if (OHI_STR(args[0])->nbytes != 0)
        return py_err_format(PY_EXC(TypeError), "unsupported format "
                             "string passed to %T.__format__", self);
    return py_str(self);
}

static oh_object *
object_m_sizeof(oh_object *self, oh_object *const *args, size_t nargs,
                oh_object *kwnames)
{
    if (py_check_args("__sizeof__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return oh_int_from_i64((int64_t)py_sizeof(self));
}

/* object.__init_subclass__(): accepts no keyword arguments. */
static oh_object *
object_m_init_subclass(oh_object *cls, oh_object *const *args,
                       size_t nargs, oh_object *kwnames)
{
    if (nargs != 0 || (kwnames != NULL && OHI_TUPLE_SIZE(kwnames) != 0))
        return py_err_format(PY_EXC(TypeError),
                             "%s.__init_subclass__() takes no keyword "
                             "arguments", ((py_type *)(void *)cls)->tp_name);
    oh_incref(OH_NONE);
    return OH_NONE;
}

static oh_object *
object_m_subclasshook(oh_object *cls, oh_object *const *args, size_t nargs,
                      oh_object *kwnames)
{
    oh_incref(PY_NOTIMPL);
    return PY_NOTIMPL;
}

static oh_object *
object_m_dir(oh_object *self, oh_object *const *args, size_t nargs,
             oh_object *kwnames)
{
    if (py_check_args("__dir__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    return py_object_default_dir(self);
}

/* object.__reduce_ex__(protocol): enough for copy.copy/deepcopy of plain
 * instances: (copyreg-less) (cls.__new__, (cls,), state). */
static oh_object *
object_m_reduce_ex(oh_object *self, oh_object *const *args, size_t nargs,
                   oh_object *kwnames)
{
    py_type *t = PY_TYPE(self);
    oh_object *newf = py_getattr(&t->ob_base, PY_ID(__new__));
    if (newf == NULL)
        return NULL;
    oh_object *cls_args = oh_tuple_pack(1, &t->ob_base);
    oh_object *state = OH_NONE;
    oh_incref(state);
    if (t->dictoffset != 0) {
        oh_object *d = py_object_get_dict(self);
        if (d != NULL && oh_dict_size(d) > 0) {
            oh_decref(state);
            state = d;
            oh_incref(d);
        }
        else if (d == NULL)
            oh_err_clear();
    }
    oh_object *r = NULL;
    if (cls_args != NULL)
        r = oh_tuple_pack(3, newf, cls_args, state);
    oh_decref(newf);
    oh_xdecref(cls_args);
    oh_decref(state);
    return r;
}

static const py_method_def object_methods[] = {
    {"__format__", object_m_format, 0, NULL},
    {"__sizeof__", object_m_sizeof, 0, NULL},
    {"__init_subclass__", object_m_init_subclass, PY_METH_CLASS, NULL},
    {"__subclasshook__", object_m_subclasshook, PY_METH_CLASS, NULL},
    {"__dir__", object_m_dir, 0, NULL},
    {"__reduce_ex__", object_m_reduce_ex, 0, NULL},
    {NULL, NULL, 0, NULL}
};

static const py_getset_def object_getsets[] = {
    {"__class__", object_get_class, object_set_class, NULL},
    {NULL, NULL, NULL, NULL}
};

/* __dict__ of instances of classes (added to each class that has one). */
static const py_getset_def instance_dict_getset[] = {
    {"__dict__", object_get_dict, object_set_dict, NULL},
    {NULL, NULL, NULL, NULL}
};

py_static_type py_object_static = {.t = {
    PY_TYPE_INIT("object", oh_object, OH_TYPE_HASHABLE),
    .tpflags = PY_TPFLAGS_BASETYPE,
    .methods = object_methods,
    .getsets = object_getsets,
    .doc = "The base class of the class hierarchy.",
    .tp_new = object_new,
    .tp_init = object_init,
    .tp_repr = object_repr,
    .tp_str = object_str,
    .tp_hash = object_hash,
    .tp_richcompare = object_richcompare,
    .tp_getattro = py_object_generic_getattr,
    .tp_setattro = py_object_generic_setattr,
}};

/* ==========================================================================
 * Instances of classes: dealloc, traverse, clear (subtype_*)
 * ========================================================================== */

/* The __slots__ fields of t and its bases up to the first static base. */
static void
clear_slots(oh_object *o, py_type *t)
{
    for (py_type *b = t; b != NULL && (b->tpflags & PY_TPFLAGS_HEAPTYPE);
         b = b->base) {
        for (const py_member_def *m = b->members; m && m->name; m++)
            if (m->kind == PY_MEMBER_OBJECT_EX)
                OH_CLEAR(*(oh_object **)(void *)((char *)o + m->offset));
    }
}

static int
subtype_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    py_type *t = PY_TYPE(o);
    for (py_type *b = t; b != NULL && (b->tpflags & PY_TPFLAGS_HEAPTYPE);
         b = b->base)
        for (const py_member_def *m = b->members; m && m->name; m++)
            if (m->kind == PY_MEMBER_OBJECT_EX)
                OH_VISIT(*(oh_object **)(void *)((char *)o + m->offset));
    if (t->valuesoffset != 0) {
        py_values *v = *values_ptr(o, t);
        if (v != NULL)
            for (uint32_t i = 0; i < v->cap; i++)
                OH_VISIT(v->v[i]);
    }
    if (t->dictoffset != 0)
        OH_VISIT(*dict_ptr(o, t));
    /* The base's own fields (a list's items, an exception's args). */
    py_type *solid = t;
    while (solid->tpflags & PY_TPFLAGS_HEAPTYPE)
        solid = solid->base;
    if (solid->layout->traverse != NULL) {
        int r = solid->layout->traverse(o, visit, arg);
        if (r != 0)
            return r;
    }
    OH_VISIT(&t->ob_base);
    return 0;
}

static void
subtype_clear(oh_object *o)
{
    py_type *t = PY_TYPE(o);
    clear_slots(o, t);
    if (t->valuesoffset != 0 && *values_ptr(o, t) != NULL)
        values_drop(values_ptr(o, t));
    if (t->dictoffset != 0)
        OH_CLEAR(*dict_ptr(o, t));
    py_type *solid = t;
    while (solid->tpflags & PY_TPFLAGS_HEAPTYPE)
        solid = solid->base;
    if (solid->layout->clear != NULL)
        solid->layout->clear(o);
}

static py_type *solid_base(py_type *t);

/* oh_getsizeof of an instance of a class, less the collector's prefix
 * (TY9): its builtin base's figure for it, what CPython 3.11's class
 * adds to that base's basicsize, and 16 bytes for a managed dict. */
static size_t
subtype_getsizeof(oh_object *o)
{
    py_type *t = PY_TYPE(o);
    size_t n = ohi_layout_size(solid_base(t)->layout, o) + t->sizeof_extra;
    if (t->tpflags & PY_TPFLAGS_MANAGED_DICT)
        n += 2 * sizeof(oh_object *);
    return n;
}

size_t
py_sizeof(oh_object *o)
{
    size_t n = oh_getsizeof(o) - OHI_GC_SIZE(o->type);
    if (PY_TYPE(o)->tpflags & PY_TPFLAGS_MANAGED_DICT)
        n -= 2 * sizeof(oh_object *);
    return n;
}

/* The dealloc of every class's instances: finalize (__del__, once), clear
 * weak references, drop the class's own fields, let the solid base free
 * the rest, then drop the class (TY5) -- after, since o's descriptor
 * lives in it. */
static void
subtype_dealloc(oh_object *o)
{
    py_type *t = PY_TYPE(o);
    bool gc = OHI_IS_CONTAINER(o->type);
    if (gc && !ohi_trashcan_begin(o))
        return;
    if (ohi_call_finalizer(o)) {
        if (gc)
            ohi_trashcan_end();
        return;                         /* resurrected by __del__ */
    }
    if (t->weaklistoffset != 0
        && *(oh_object **)(void *)((char *)o + t->weaklistoffset) != NULL)
        oh_weakref_clear_all(o);
    clear_slots(o, t);
    if (t->valuesoffset != 0 && *values_ptr(o, t) != NULL)
        values_drop(values_ptr(o, t));
    if (t->dictoffset != 0)
        OH_CLEAR(*dict_ptr(o, t));
    py_type *solid = t;
    while (solid->tpflags & PY_TPFLAGS_HEAPTYPE)
        solid = solid->base;
    if (solid == PY_T(object) || solid->layout->dealloc == NULL) {
        ohi_object_free(o);
    }
    else {
        /* The base frees the object with its own rules; it must see its
         * own descriptor's behaviour, and its free must know the block
         * is a container if ours is.  Its trashcan check must not park
         * an object whose dealloc is already under way. */
        OHI_RT->obj.trash_nested = o;
        solid->layout->dealloc(o);
    }
    oh_decref(&t->ob_base);
    if (gc)
        ohi_trashcan_end();
}

/* ==========================================================================
 * type
 * ========================================================================== */

#define TYPE(o) ((py_type *)(void *)(o))

static int
type_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    py_type *t = TYPE(o);
    OH_VISIT(t->dict);
    OH_VISIT(t->bases);
    OH_VISIT(t->mro);
    if (t->base != NULL)
        OH_VISIT(&t->base->ob_base);
    if (t->keys != NULL)
        for (uint32_t i = 0; i < t->keys->n; i++)
            OH_VISIT(t->keys->names[i]);
    /* A heap metaclass is visited by subtype_traverse, which is the
     * traverse of its instances (TY5). */
    return 0;
}

static void
type_clear(oh_object *o)
{
    py_type *t = TYPE(o);
    py_type_modified(t);
    OH_CLEAR(t->dict);
    OH_CLEAR(t->mro);
}

static void
type_dealloc(oh_object *o)
{
    py_type *t = TYPE(o);
    if (!ohi_trashcan_begin(o))
        return;
    py_type_modified(t);
    if (t->weaklist != NULL)
        oh_weakref_clear_all(o);
    OH_CLEAR(t->dict);
    OH_CLEAR(t->mro);
    OH_CLEAR(t->bases);
    OH_CLEAR(t->subclasses);
    OH_CLEAR(t->name);
    OH_CLEAR(t->qualname);
    if (t->keys != NULL) {
        for (uint32_t i = 0; i < t->keys->n; i++)
            oh_decref(t->keys->names[i]);
        oh_free(t->keys);
        t->keys = NULL;
    }
    if (t->members != NULL) {
        for (const py_member_def *m = t->members; m->name; m++)
            oh_free((void *)(uintptr_t)m->name);
        oh_free((void *)(uintptr_t)t->members);
    }
    oh_free((void *)(uintptr_t)t->doc);
    py_type *base = t->base;
    t->base = NULL;
    ohi_object_free(o);
    if (base != NULL)
        oh_decref(&base->ob_base);
    /* A heap metaclass is dropped by subtype_dealloc, which called us. */
    ohi_trashcan_end();
}

static size_t
type_sizeof(oh_object *o)
{
    return sizeof(py_type);
}

/* <class 'int'>, <class '__main__.A'> */
static oh_object *
type_repr(oh_object *o)
{
    py_type *t = TYPE(o);
    oh_object *mod = oh_dict_get(t->dict, PY_ID(__module__));
    if (mod == NULL)
        oh_err_clear();
    if (mod != NULL && mod->type == &oh_str_type
        && !oh_str_equal_cstr(mod, "builtins"))
        return oh_str_from_format("<class '%s.%s'>", oh_str_utf8(mod, NULL),
                                  oh_str_utf8(t->qualname, NULL));
    return oh_str_from_format("<class '%s'>", t->tp_name);
}

/* Attribute lookup on a class: data descriptors of the metatype, then the
 * class's own mro (descriptors called with obj NULL: functions stay plain
 * functions, classmethods bind to the class), then the metatype's other
 * attributes. */
static oh_object *
type_getattro(oh_object *o, oh_object *name)
{
    py_type *t = TYPE(o);
    py_type *meta = PY_TYPE(o);
    if (OH_UNLIKELY(name->type != &oh_str_type))
        return py_err_format(PY_EXC(TypeError),
                             "attribute name must be string, not '%T'",
                             name);
    oh_object *meta_attr = py_type_lookup(meta, name);
    py_descrgetfunc meta_get = NULL;
    if (meta_attr != NULL) {
        oh_incref(meta_attr);
        meta_get = PY_TYPE(meta_attr)->tp_descr_get;
        if (meta_get != NULL && PY_TYPE(meta_attr)->tp_descr_set != NULL) {
            oh_object *r = meta_get(meta_attr, o, &meta->ob_base);
            oh_decref(meta_attr);
            return r;
        }
    }
    oh_object *attr = py_type_lookup(t, name);
    if (attr != NULL) {
        oh_xdecref(meta_attr);
        py_descrgetfunc get = PY_TYPE(attr)->tp_descr_get;
        if (get != NULL)
            return get(attr, NULL, o);
        oh_incref(attr);
        return attr;
    }
    if (meta_get != NULL) {
        oh_object *r = meta_get(meta_attr, o, &meta->ob_base);
        oh_decref(meta_attr);
        return r;
    }
    if (meta_attr != NULL)
        return meta_attr;
    return py_err_format(PY_EXC(AttributeError),
                         "type object '%s' has no attribute '%U'",
                         t->tp_name, name);
}

static int
type_setattro(oh_object *o, oh_object *name, oh_object *value)
{
    py_type *t = TYPE(o);
    if (!(t->tpflags & PY_TPFLAGS_HEAPTYPE)) {
        py_err_format(PY_EXC(TypeError), "cannot set '%U' attribute of "
                      "immutable type '%s'", name, t->tp_name);
        return -1;
    }
    if (OH_UNLIKELY(name->type != &oh_str_type)) {
        py_err_format(PY_EXC(TypeError),
                      "attribute name must be string, not '%T'", name);
        return -1;
    }
    /* Data descriptors of the metatype (__name__, __qualname__, ...). */
    oh_object *meta_attr = py_type_lookup(PY_TYPE(o), name);
    if (meta_attr != NULL && PY_TYPE(meta_attr)->tp_descr_set != NULL) {
        oh_incref(meta_attr);
        int r = PY_TYPE(meta_attr)->tp_descr_set(meta_attr, o, value);
        oh_decref(meta_attr);
        return r;
    }
    oh_object *key = oh_str_intern(name);
    if (key == NULL)
        return -1;
    int r;
    if (value == NULL) {
        r = oh_dict_contains(t->dict, key);
        if (r == 0) {
            py_err_format(PY_EXC(AttributeError), "type object '%s' has "
                          "no attribute '%U'", t->tp_name, key);
            r = -1;
        }
        else if (r > 0)
            r = oh_dict_delete(t->dict, key);
    }
    else {
        r = oh_dict_set(t->dict, key, value);
    }
    if (r == 0) {
        py_type_modified(t);
        py_slots_update(t, key);
    }
    oh_decref(key);
    return r;
}

/* --- type's attributes --------------------------------------------------- */

static oh_object *
type_get_name(oh_object *o)
{
    oh_incref(TYPE(o)->name);
    return TYPE(o)->name;
}

static int
type_set_name(oh_object *o, oh_object *v)
{
    py_type *t = TYPE(o);
    if (!(t->tpflags & PY_TPFLAGS_HEAPTYPE)) {
        py_err_format(PY_EXC(TypeError), "cannot set '__name__' attribute "
                      "of immutable type '%s'", t->tp_name);
        return -1;
    }
    if (v == NULL || v->type != &oh_str_type) {
        py_err_format(PY_EXC(TypeError), "can only assign string to "
                      "%s.__name__, not '%T'", t->tp_name, v ? v : OH_NONE);
        return -1;
    }
    oh_incref(v);
    oh_decref(t->name);
    t->name = v;
    t->tp_name = oh_str_utf8(v, NULL);
    t->ot.name = t->tp_name;
    return 0;
}

static oh_object *
type_get_qualname(oh_object *o)
{
    oh_incref(TYPE(o)->qualname);
    return TYPE(o)->qualname;
}

static int
type_set_qualname(oh_object *o, oh_object *v)
{
    py_type *t = TYPE(o);
    if (!(t->tpflags & PY_TPFLAGS_HEAPTYPE)
        || v == NULL || v->type != &oh_str_type) {
        py_err_format(PY_EXC(TypeError), "can only assign string to "
                      "%s.__qualname__", t->tp_name);
        return -1;
    }
    oh_incref(v);
    oh_decref(t->qualname);
    t->qualname = v;
    return 0;
}

static oh_object *
type_get_module(oh_object *o)
{
    py_type *t = TYPE(o);
    oh_object *m;
    if (oh_dict_lookup(t->dict, PY_ID(__module__), &m) > 0) {
        oh_incref(m);
        return m;
    }
    const char *dot = strrchr(t->tp_name, '.');
    if (dot == NULL)
        return oh_str_from_cstr("builtins");
    return oh_str_from_utf8(t->tp_name, (size_t)(dot - t->tp_name));
}

static int
type_set_module(oh_object *o, oh_object *v)
{
    py_type *t = TYPE(o);
    if (!(t->tpflags & PY_TPFLAGS_HEAPTYPE)) {
        py_err_format(PY_EXC(TypeError), "cannot set '__module__' "
                      "attribute of immutable type '%s'", t->tp_name);
        return -1;
    }
    if (v == NULL)
        return oh_dict_delete(t->dict, PY_ID(__module__));
    return oh_dict_set(t->dict, PY_ID(__module__), v);
}

static oh_object *
type_get_bases(oh_object *o)
{
    oh_incref(TYPE(o)->bases);
    return TYPE(o)->bases;
}

static oh_object *
type_get_base(oh_object *o)
{
    oh_object *b = TYPE(o)->base ? &TYPE(o)->base->ob_base : OH_NONE;
    oh_incref(b);
    return b;
}

static oh_object *
type_get_mro(oh_object *o)
{
    oh_incref(TYPE(o)->mro);
    return TYPE(o)->mro;
}

static oh_object *
type_get_dict(oh_object *o)
{
    return py_mappingproxy_new(TYPE(o)->dict);
}

static oh_object *
type_get_doc(oh_object *o)
{
    py_type *t = TYPE(o);
    oh_object *d;
    if (t->tpflags & PY_TPFLAGS_HEAPTYPE) {
        if (oh_dict_lookup(t->dict, PY_ID(__doc__), &d) > 0) {
            py_descrgetfunc get = PY_TYPE(d)->tp_descr_get;
            if (get != NULL)
                return get(d, NULL, o);
            oh_incref(d);
            return d;
        }
        oh_incref(OH_NONE);
        return OH_NONE;
    }
    if (t->doc == NULL) {
        oh_incref(OH_NONE);
        return OH_NONE;
    }
    return oh_str_from_cstr(t->doc);
}

static oh_object *
type_get_abstractmethods(oh_object *o)
{
    oh_object *v;
    if (o != &PY_T(type)->ob_base
        && oh_dict_lookup(TYPE(o)->dict,
                          py_static_str("__abstractmethods__"), &v) > 0) {
        oh_incref(v);
        return v;
    }
    return py_err_set_string(PY_EXC(AttributeError),
                             "__abstractmethods__");
}

static const py_getset_def type_getsets[] = {
    {"__name__", type_get_name, type_set_name, NULL},
    {"__qualname__", type_get_qualname, type_set_qualname, NULL},
    {"__module__", type_get_module, type_set_module, NULL},
    {"__bases__", type_get_bases, NULL, NULL},
    {"__base__", type_get_base, NULL, NULL},
    {"__mro__", type_get_mro, NULL, NULL},
    {"__dict__", type_get_dict, NULL, NULL},
    {"__doc__", type_get_doc, NULL, NULL},
    {"__abstractmethods__", type_get_abstractmethods, NULL, NULL},
    {NULL, NULL, NULL, NULL}
};

/* --- type's methods ------------------------------------------------------ */

static oh_object *compute_mro(py_type *t);

static oh_object *
type_m_mro(oh_object *self, oh_object *const *args, size_t nargs,
           oh_object *kwnames)
{
    if (py_check_args("mro", nargs, kwnames, 0, 0) < 0)
        return NULL;
    oh_object *mro = compute_mro(TYPE(self));
    if (mro == NULL)
        return NULL;
    oh_object *l = py_sequence_list(mro);
    oh_decref(mro);
    return l;
}

static oh_object *
type_m_subclasses(oh_object *self, oh_object *const *args, size_t nargs,
                  oh_object *kwnames)
{
    if (py_check_args("__subclasses__", nargs, kwnames, 0, 0) < 0)
        return NULL;
    oh_object *out = oh_list_new();
    py_type *t = TYPE(self);
    if (out == NULL || t->subclasses == NULL)
        return out;
    int64_t n = oh_list_size(t->subclasses);
    for (int64_t i = 0; i < n; i++) {
        oh_object *s = oh_weakref_get(oh_list_get(t->subclasses, i));
        if (s != OH_NONE && oh_list_append(out, s) < 0) {
            oh_decref(s);
            oh_decref(out);
            return NULL;
        }
        oh_decref(s);
    }
    return out;
}

static oh_object *
type_m_prepare(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    return oh_dict_new();
}

static oh_object *
type_m_instancecheck(oh_object *self, oh_object *const *args, size_t nargs,
                     oh_object *kwnames)
{
    if (py_check_args("__instancecheck__", nargs, kwnames, 1, 1) < 0)
        return NULL;
    return oh_bool_from(py_is_instance(args[0], TYPE(self)));
}

static oh_object *
type_m_subclasscheck(oh_object *self, oh_object *const *args, size_t nargs,
                     oh_object *kwnames)
{
    if (py_check_args("__subclasscheck__", nargs, kwnames, 1, 1) < 0)
        return NULL;
    if (!py_is_instance(args[0], PY_T(type)))
        return py_err_set_string(PY_EXC(TypeError),
                                 "issubclass() arg 1 must be a class");
    return oh_bool_from(py_type_is_subtype(TYPE(args[0]), TYPE(self)));
}

static oh_object *
type_m_sizeof(oh_object *self, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    return oh_int_from_i64((int64_t)sizeof(py_type));
}

static const py_method_def type_methods[] = {
    {"mro", type_m_mro, 0, NULL},
    {"__subclasses__", type_m_subclasses, 0, NULL},
    {"__prepare__", type_m_prepare, PY_METH_CLASS, NULL},
    {"__instancecheck__", type_m_instancecheck, 0, NULL},
    {"__subclasscheck__", type_m_subclasscheck, 0, NULL},
    {"__sizeof__", type_m_sizeof, 0, NULL},
    {NULL, NULL, 0, NULL}
};

/* --- calling a type ------------------------------------------------------ */

static oh_object *
type_call(oh_object *callable, oh_object *const *args, size_t nargs,
          oh_object *kwnames)
{
    py_type *t = TYPE(callable);
    if (t == PY_T(type) && nargs == 1
        && (kwnames == NULL || OHI_TUPLE_SIZE(kwnames) == 0)) {
        oh_object *r = &PY_TYPE(args[0])->ob_base;
        oh_incref(r);
        return r;
    }
    if (t->tp_new == NULL)
        return py_err_format(PY_EXC(TypeError),
                             "cannot create '%s' instances", t->tp_name);
    oh_object *obj = t->tp_new(t, args, nargs, kwnames);
    if (obj == NULL)
        return NULL;
    if (!py_is_instance(obj, t))
        return obj;
    py_type *ot = PY_TYPE(obj);
    if (ot->tp_init != NULL && ot->tp_init(obj, args, nargs, kwnames) < 0) {
        oh_decref(obj);
        return NULL;
    }
    return obj;
}

/* type(name, bases, dict, **kwds) */
static oh_object *
type_new_slot(py_type *meta, oh_object *const *args, size_t nargs,
              oh_object *kwnames)
{
    size_t nkw = kwnames == NULL ? 0 : (size_t)OHI_TUPLE_SIZE(kwnames);
    if (meta == PY_T(type) && nargs == 1 && nkw == 0) {
        oh_object *r = &PY_TYPE(args[0])->ob_base;
        oh_incref(r);
        return r;
    }
    if (nargs != 3)
        return py_err_set_string(PY_EXC(TypeError),
                                 "type() takes 1 or 3 arguments");
    if (args[0]->type != &oh_str_type)
        return py_err_format(PY_EXC(TypeError), "type.__new__() argument 1 "
                             "must be str, not %T", args[0]);
    if (args[1]->type != &oh_tuple_type)
        return py_err_format(PY_EXC(TypeError), "type.__new__() argument 2 "
                             "must be tuple, not %T", args[1]);
    if (args[2]->type != &oh_dict_type)
        return py_err_format(PY_EXC(TypeError), "type.__new__() argument 3 "
                             "must be dict, not %T", args[2]);
    /* The most derived metaclass of meta and the bases' types; if it is
     * not meta, its own __new__ makes the class. */
    py_type *winner = meta;
    oh_object *bases = args[1];
    for (int64_t i = 0; i < OHI_TUPLE_SIZE(bases); i++) {
        py_type *bt = PY_TYPE(OHI_TUPLE(bases)->items[i]);
        if (py_type_is_subtype(winner, bt))
            continue;
        if (py_type_is_subtype(bt, winner)) {
            winner = bt;
            continue;
        }
        return py_err_set_string(PY_EXC(TypeError), "metaclass conflict: "
                                 "the metaclass of a derived class must be "
                                 "a (non-strict) subclass of the "
                                 "metaclasses of all its bases");
    }
    if (winner != meta && winner->tp_new != type_new_slot)
        return winner->tp_new(winner, args, nargs, kwnames);
    return py_build_class_type(winner, args[0], args[1], args[2], kwnames,
                               args + nargs);
}

static int
type_init_slot(oh_object *self, oh_object *const *args, size_t nargs,
               oh_object *kwnames)
{
    if (nargs != 1 && nargs != 3) {
        py_err_set_string(PY_EXC(TypeError),
                          "type.__init__() takes 1 or 3 arguments");
        return -1;
    }
    return 0;
}

py_static_type py_type_static = {.t = {
    PY_TYPE_INIT("type", py_type, OH_TYPE_CONTAINER | OH_TYPE_WEAKREFABLE
                                  | OH_TYPE_HASHABLE),
    .ot.weaklistoffset = offsetof(py_type, weaklist),
    .ot.dealloc = type_dealloc,
    .ot.traverse = type_traverse,
    .ot.clear = type_clear,
    .ot.getsizeof = type_sizeof,
    .tpflags = PY_TPFLAGS_BASETYPE | PY_TPFLAGS_TYPE,
    .weaklistoffset = offsetof(py_type, weaklist),
    .methods = type_methods,
    .getsets = type_getsets,
    .doc = "type(object) -> the object's type\n"
           "type(name, bases, dict, **kwds) -> a new type",
    .tp_new = type_new_slot,
    .tp_init = type_init_slot,
    .tp_call = type_call,
    .tp_repr = type_repr,
    .tp_getattro = type_getattro,
    .tp_setattro = type_setattro,
}};

/* ==========================================================================
 * The method resolution order (C3)
 * ========================================================================== */

/* Is t in the tail (positions 1..) of any of the n lists? */
static bool
in_some_tail(oh_object *t, oh_object **lists, const int64_t *pos, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int64_t len = OHI_TUPLE_SIZE(lists[i]);
        for (int64_t j = pos[i] + 1; j < len; j++)
            if (OHI_TUPLE(lists[i])->items[j] == t)
                return true;
    }
    return false;
}

/* C3 linearisation: t, then a merge of the bases' mros and the bases list
 * that keeps every list's order, taking at each step the first head that
 * is in no list's tail. */
static oh_object *
compute_mro(py_type *t)
{
    oh_object *bases = t->bases;
    size_t nb = (size_t)OHI_TUPLE_SIZE(bases);
    if (nb == 1) {
        /* The common case: t + base's mro. */
        py_type *b = TYPE(OHI_TUPLE(bases)->items[0]);
        int64_t n = OHI_TUPLE_SIZE(b->mro);
        oh_object *mro = ohi_tuple_alloc((size_t)n + 1);
        if (mro == NULL)
            return NULL;
        oh_incref(&t->ob_base);
        OHI_TUPLE(mro)->items[0] = &t->ob_base;
        for (int64_t i = 0; i < n; i++) {
            oh_incref(OHI_TUPLE(b->mro)->items[i]);
            OHI_TUPLE(mro)->items[i + 1] = OHI_TUPLE(b->mro)->items[i];
        }
        return mro;
    }
    size_t nl = nb + 1;
    oh_object **lists = oh_malloc(nl * sizeof *lists);
    int64_t *pos = oh_calloc(nl, sizeof *pos);
    oh_object *out = oh_list_new();
    if (lists == NULL || pos == NULL || out == NULL) {
        oh_free(lists);
        oh_free(pos);
        oh_xdecref(out);
        return py_err_no_memory();
    }
    for (size_t i = 0; i < nb; i++)
        lists[i] = TYPE(OHI_TUPLE(bases)->items[i])->mro;
    lists[nb] = bases;
    if (oh_list_append(out, &t->ob_base) < 0)
        goto fail;
    for (;;) {
        bool empty = true, found = false;
        for (size_t i = 0; i < nl; i++) {
            if (pos[i] >= OHI_TUPLE_SIZE(lists[i]))
                continue;
            empty = false;
            oh_object *head = OHI_TUPLE(lists[i])->items[pos[i]];
            if (in_some_tail(head, lists, pos, nl))
                continue;
            if (oh_list_append(out, head) < 0)
                goto fail;
            for (size_t j = 0; j < nl; j++)
                if (pos[j] < OHI_TUPLE_SIZE(lists[j])
                    && OHI_TUPLE(lists[j])->items[pos[j]] == head)
                    pos[j]++;
            found = true;
            break;
        }
        if (empty)
            break;
        if (!found) {
            /* "Cannot create a consistent method resolution order (MRO)
             * for bases A, B" */
            ohi_strbuf b;
            ohi_strbuf_init(&b);
            ohi_strbuf_adds(&b, "Cannot create a consistent method "
                                "resolution\norder (MRO) for bases ");
            bool first = true;
            for (size_t i = 0; i < nl; i++) {
                if (pos[i] >= OHI_TUPLE_SIZE(lists[i]))
                    continue;
                oh_object *h = OHI_TUPLE(lists[i])->items[pos[i]];
                bool dup = false;
                for (size_t j = 0; j < i; j++)
                    if (pos[j] < OHI_TUPLE_SIZE(lists[j])
                        && OHI_TUPLE(lists[j])->items[pos[j]] == h)
                        dup = true;
                if (dup)
                    continue;
                if (!first)
                    ohi_strbuf_adds(&b, ", ");
                first = false;
                ohi_strbuf_adds(&b, TYPE(h)->tp_name);
            }
            oh_object *msg = ohi_strbuf_finish(&b);
            if (msg != NULL) {
                py_err_set_object(PY_EXC(TypeError), msg);
                oh_decref(msg);
            }
            goto fail;
        }
    }
    oh_free(lists);
    oh_free(pos);
    oh_object *mro = oh_tuple_from_array(OHI_LIST(out)->items,
                                         (size_t)OHI_LIST(out)->size);
    oh_decref(out);
    return mro;
fail:
    oh_free(lists);
    oh_free(pos);
    oh_decref(out);
    return NULL;
}

/* ==========================================================================
 * Readying types
 * ========================================================================== */

/* Put name -> value in t's dict unless it is there (steals value). */
static int
dict_add_new(py_type *t, const char *cname, oh_object *value)
{
    if (value == NULL)
        return -1;
    oh_object *name = oh_str_intern_cstr(cname);
    if (name == NULL) {
        oh_decref(value);
        return -1;
    }
    int r = oh_dict_contains(t->dict, name);
    if (r == 0)
        r = oh_dict_set(t->dict, name, value);
    else if (r > 0)
        r = 0;
    oh_decref(name);
    oh_decref(value);
    return r;
}

/* Fill a static type's dict from its method, getset and member tables. */
static int
add_definitions(py_type *t)
{
    for (const py_method_def *m = t->methods; m && m->name; m++) {
        oh_object *d;
        if (m->flags & PY_METH_CLASS)
            d = py_descr_new_classmethod(t, m);
        else if (m->flags & PY_METH_STATIC) {
            oh_object *f = py_cfunction_new(m, NULL, NULL);
            d = f ? py_staticmethod_new(f) : NULL;
            oh_xdecref(f);
        }
        else
            d = py_descr_new_method(t, m);
        if (dict_add_new(t, m->name, d) < 0)
            return -1;
    }
    for (const py_getset_def *g = t->getsets; g && g->name; g++)
        if (dict_add_new(t, g->name, py_descr_new_getset(t, g)) < 0)
            return -1;
    for (const py_member_def *m = t->members; m && m->name; m++)
        if (dict_add_new(t, m->name, py_descr_new_member(t, m)) < 0)
            return -1;
    return 0;
}

static int
type_ready(py_type *t)
{
    if (t->layout == NULL)
        t->layout = &t->ot;
    if (t->ot.name == NULL)
        t->ot.name = t->tp_name;
    if (t->basicsize == 0)
        t->basicsize = t->layout->basicsize;
    if (t->base == NULL && t != PY_T(object))
        t->base = PY_T(object);
    if (t->base != NULL && py_type_ready(t->base) < 0)
        return -1;
    const char *dot = strrchr(t->tp_name, '.');
    t->name = oh_str_intern_cstr(dot ? dot + 1 : t->tp_name);
    if (t->name == NULL)
        return -1;
    oh_incref(t->name);
    t->qualname = t->name;
    t->dict = oh_dict_new();
    if (t->dict == NULL)
        return -1;
    t->bases = t->base ? oh_tuple_pack(1, &t->base->ob_base)
                       : oh_tuple_from_array(NULL, 0);
    if (t->bases == NULL)
        return -1;
    if (t->base == NULL) {
        t->mro = oh_tuple_pack(1, &t->ob_base);
        if (t->mro == NULL)
            return -1;
    }
    else {
        t->mro = compute_mro(t);
        if (t->mro == NULL)
            return -1;
    }
    /* Wrappers first, for the slots the type sets itself (SL2 in
     * slots.c); then the rest is inherited. */
    if (add_definitions(t) < 0)
        return -1;
    if (py_slots_add_wrappers(t) < 0)
        return -1;
    if (t->base != NULL) {
        py_slots_inherit(t, t->base);
        if (t->dictoffset == 0)
            t->dictoffset = t->base->dictoffset;
        if (t->weaklistoffset == 0)
            t->weaklistoffset = t->base->weaklistoffset;
    }
    if (t->doc != NULL) {
        if (dict_add_new(t, "__doc__", oh_str_from_cstr(t->doc)) < 0)
            return -1;
    }
    else if (dict_add_new(t, "__doc__", (oh_incref(OH_NONE), OH_NONE)) < 0)
        return -1;
    if (t->layout == &t->ot)
        py_slots_install_bridges(t);
    if (OHI_IS_CONTAINER(t->layout) && t->layout->traverse == NULL)
        ohi_fatal("static type '%s' is a container without a traverse",
                  t->tp_name);
    /* Remembered, to be undone at shutdown (py_type_unready). */
    py_interp *in = OHI_RT->py;
    if (in != NULL) {
        if (in->nreadied == in->readied_cap) {
            size_t cap = in->readied_cap ? in->readied_cap * 2 : 128;
            py_type **n = oh_realloc(in->readied, cap * sizeof *n);
            if (n == NULL) {
                py_err_no_memory();
                return -1;
            }
            in->readied = n;
            in->readied_cap = cap;
        }
        in->readied[in->nreadied++] = t;
    }
    t->tpflags |= PY_TPFLAGS_READY;
    return 0;
}

int
py_type_ready(py_type *t)
{
    if (t->tpflags & PY_TPFLAGS_READY)
        return 0;
    if (type_ready(t) == 0)
        return 0;
    /* Failed half-way (out of memory): drop what was made, so that
     * nothing leaks and a later call starts again from nothing. */
    OH_CLEAR(t->dict);
    OH_CLEAR(t->mro);
    OH_CLEAR(t->bases);
    OH_CLEAR(t->name);
    OH_CLEAR(t->qualname);
    return -1;
}

/* Undo py_type_ready for a static type (interpreter shutdown): drop the
 * objects it made, so the type can be readied again. */
void
py_type_unready(py_type *t)
{
    if (!(t->tpflags & PY_TPFLAGS_READY)
        || (t->tpflags & PY_TPFLAGS_HEAPTYPE))
        return;
    t->tpflags &= ~(unsigned long)PY_TPFLAGS_READY;
    t->version = 0;
    OH_CLEAR(t->dict);
    OH_CLEAR(t->mro);
    OH_CLEAR(t->bases);
    OH_CLEAR(t->subclasses);
    OH_CLEAR(t->name);
    OH_CLEAR(t->qualname);
}

/* ==========================================================================
 * Creating classes (type.__new__)
 * ========================================================================== */

/* The "solid base" of a type: the nearest type up its base chain whose
 * instances have a layout of their own (not just what classes add). */
static py_type *
solid_base(py_type *t)
{
    while (t->tpflags & PY_TPFLAGS_HEAPTYPE)
        t = t->base;
    return t;
}

/* Whether CPython 3.11's builtin type t has a weak reference list of its
 * own, so that a class derived from it adds none (TY9).  Ours mostly
 * agree; but our exceptions have one and CPython's do not, and CPython's
 * sets have one and ours do not. */
static bool
cpython_has_weaklist(py_type *t)
{
    if (t == PY_T(set) || t == PY_T(frozenset))
        return true;
    return t->weaklistoffset != 0 && !(t->tpflags & PY_TPFLAGS_EXC);
}

/* Choose the base whose layout the new class extends: among the bases,
 * the one with the most derived solid base; others must have a solid base
 * it extends ("multiple bases have instance lay-out conflict"). */
static py_type *
best_base(oh_object *bases)
{
    py_type *winner = NULL, *base = NULL;
    int64_t n = OHI_TUPLE_SIZE(bases);
    for (int64_t i = 0; i < n; i++) {
        oh_object *b = OHI_TUPLE(bases)->items[i];
        for (int64_t j = 0; j < i; j++)
            if (OHI_TUPLE(bases)->items[j] == b)
                return py_err_format(PY_EXC(TypeError), "duplicate base "
                                     "class %s",
                                     ((py_type *)(void *)b)->tp_name);
        if (!py_is_instance(b, PY_T(type)))
            return py_err_set_string(PY_EXC(TypeError),
                                     "bases must be types");
        py_type *bt = TYPE(b);
        if (!(bt->tpflags & PY_TPFLAGS_BASETYPE))
            return py_err_format(PY_EXC(TypeError), "type '%s' is not an "
                                 "acceptable base type", bt->tp_name);
        py_type *cand = solid_base(bt);
        if (winner == NULL) {
            winner = cand;
            base = bt;
        }
        else if (py_type_is_subtype(winner, cand)) {
            /* keep */
        }
        else if (py_type_is_subtype(cand, winner)) {
            winner = cand;
            base = bt;
        }
        else {
            return py_err_set_string(PY_EXC(TypeError),
                                     "multiple bases have instance lay-out "
                                     "conflict");
        }
    }
    return base;
}

/* Parse __slots__ from the namespace: a new tuple of the slot names (str),
 * with *want_dict / *want_weak set when "__dict__" / "__weakref__" are
 * among them; NULL with an error.  No __slots__: *none = true. */
static oh_object *
parse_slots(oh_object *ns, bool *none, bool *want_dict, bool *want_weak)
{
    oh_object *slots;
    *none = false;
    *want_dict = *want_weak = false;
    int r = oh_dict_lookup(ns, PY_ID(__slots__), &slots);
    if (r < 0)
        return NULL;
    if (r == 0) {
        *none = true;
        return NULL;
    }
    oh_object *seq;
    if (slots->type == &oh_str_type)
        seq = oh_tuple_pack(1, slots);
    else
        seq = py_sequence_tuple(slots);
    if (seq == NULL)
        return NULL;
    oh_object *names = oh_list_new();
    if (names == NULL) {
        oh_decref(seq);
        return NULL;
    }
    for (int64_t i = 0; i < OHI_TUPLE_SIZE(seq); i++) {
        oh_object *s = OHI_TUPLE(seq)->items[i];
        if (s->type != &oh_str_type) {
            py_err_format(PY_EXC(TypeError), "__slots__ items must be "
                          "strings, not '%T'", s);
            goto fail;
        }
        if (oh_str_equal_cstr(s, "__dict__")) {
            if (*want_dict) {
                py_err_set_string(PY_EXC(TypeError), "__dict__ slot "
                                  "disallowed: we already got one");
                goto fail;
            }
            *want_dict = true;
            continue;
        }
        if (oh_str_equal_cstr(s, "__weakref__")) {
            *want_weak = true;
            continue;
        }
        int c = oh_list_contains(names, s);
        if (c < 0)
            goto fail;
        if (c > 0 || oh_dict_contains(ns, s) > 0) {
            py_err_format(PY_EXC(ValueError), "%R in __slots__ conflicts "
                          "with class variable", s);
            goto fail;
        }
        oh_object *in = oh_str_intern(s);
        if (in == NULL)
            goto fail;
        r = oh_list_append(names, in);
        oh_decref(in);
        if (r < 0)
            goto fail;
    }
    oh_decref(seq);
    oh_object *t = oh_tuple_from_array(OHI_LIST(names)->items,
                                       (size_t)OHI_LIST(names)->size);
    oh_decref(names);
    return t;
fail:
    oh_decref(seq);
    oh_decref(names);
    return NULL;
}

/* The last steps of making a class, once it is a complete type (CPython's
 * order): fill the __class__ cell the body left as __classcell__, call
 * __set_name__(cls, name) on each attribute whose type has one, then the
 * parent's __init_subclass__(**kwds).  0 or -1. */
static int
finish_class(py_type *t, oh_object *kwnames, oh_object *const *kwvalues)
{
    oh_object *cell;
    if (oh_dict_lookup(t->dict, PY_ID(__classcell__), &cell) > 0) {
        if (PY_TYPE(cell) != PY_T(cell)) {
            py_err_format(PY_EXC(TypeError), "__classcell__ must be a "
                          "nonlocal cell, not %T", cell);
            return -1;
        }
        oh_object *old = ((py_cell *)(void *)cell)->ref;
        oh_incref(&t->ob_base);
        ((py_cell *)(void *)cell)->ref = &t->ob_base;
        oh_xdecref(old);
        if (oh_dict_delete(t->dict, PY_ID(__classcell__)) < 0)
            return -1;
        py_type_modified(t);
    }
    /* __set_name__: over a snapshot of the items, since a call may
     * change the dict. */
    oh_object *keys = oh_dict_keys(t->dict);
    if (keys == NULL)
        return -1;
    for (int64_t i = 0; i < OHI_LIST(keys)->size; i++) {
        oh_object *k = OHI_LIST(keys)->items[i];
        oh_object *v;
        if (oh_dict_lookup(t->dict, k, &v) <= 0)
            continue;
        oh_object *sn = py_type_lookup(PY_TYPE(v), PY_ID(__set_name__));
        if (sn == NULL)
            continue;
        oh_incref(v);
        oh_object *args[2] = {&t->ob_base, k};
        oh_object *r = py_call_method(v, PY_ID(__set_name__), args, 2);
        oh_decref(v);
        if (r == NULL) {
            oh_decref(keys);
            return -1;
        }
        oh_decref(r);
    }
    oh_decref(keys);
    /* super(t, t).__init_subclass__(**kwds) */
    oh_object *sargs[2] = {&t->ob_base, &t->ob_base};
    oh_object *sup = py_call(&PY_T(super)->ob_base, sargs, 2, NULL);
    if (sup == NULL)
        return -1;
    oh_object *init = py_getattr(sup, PY_ID(__init_subclass__));
    oh_decref(sup);
    if (init == NULL)
        return -1;
    size_t nkw = kwnames ? (size_t)OHI_TUPLE_SIZE(kwnames) : 0;
    oh_object *r = py_call(init, kwvalues, 0, nkw ? kwnames : NULL);
    oh_decref(init);
    if (r == NULL)
        return -1;
    oh_decref(r);
    return 0;
}

/* The class statement's type.__new__: a new heap type.  ns is the class
 * body's namespace (copied into the class's dict). */
oh_object *
py_build_class_type(py_type *meta, oh_object *name, oh_object *bases,
                    oh_object *ns, oh_object *kwnames,
                    oh_object *const *kwvalues)
{
    oh_object *bases_own = NULL;
    if (OHI_TUPLE_SIZE(bases) == 0) {
        bases_own = oh_tuple_pack(1, &PY_T(object)->ob_base);
        if (bases_own == NULL)
            return NULL;
        bases = bases_own;
    }
    else {
        oh_incref(bases);
        bases_own = bases;
    }
    py_type *base = best_base(bases);
    if (base == NULL) {
        oh_decref(bases_own);
        return NULL;
    }
    bool no_slots, want_dict, want_weak;
    oh_object *slots = parse_slots(ns, &no_slots, &want_dict, &want_weak);
    if (slots == NULL && !no_slots) {
        oh_decref(bases_own);
        return NULL;
    }
    /* Allocate the type object itself (a heap type; the metatype's
     * layout). */
    py_type *t = (py_type *)(void *)ohi_object_alloc(meta->layout, 0);
    if (t == NULL) {
        oh_xdecref(slots);
        oh_decref(bases_own);
        return NULL;
    }
    memset((char *)t + sizeof(oh_object), 0,
           meta->layout->basicsize - sizeof(oh_object));
    if (meta->tpflags & PY_TPFLAGS_HEAPTYPE)
        oh_incref(&meta->ob_base);
    t->tpflags = PY_TPFLAGS_HEAPTYPE | PY_TPFLAGS_BASETYPE
                 | (base->tpflags & (PY_TPFLAGS_EXC | PY_TPFLAGS_TYPE
                                     | PY_TPFLAGS_SEQUENCE));
    oh_incref(&base->ob_base);
    t->base = base;
    t->bases = bases_own;
    oh_incref(name);
    t->name = name;
    t->tp_name = oh_str_utf8(name, NULL);
    t->layout = &t->ot;
    t->dict = NULL;
    oh_object *err = NULL;
    /* The dict: a copy of the namespace. */
    t->dict = oh_dict_new();
    if (t->dict == NULL)
        goto fail;
    {
        oh_dict_iter it;
        oh_object *k, *v;
        int r;
        oh_dict_iter_init(&it, ns);
        while ((r = oh_dict_iter_next(&it, &k, &v)) == 1)
            if (oh_dict_set(t->dict, k, v) < 0)
                goto fail;
        if (r < 0)
            goto fail;
    }
    /* __qualname__ from the namespace, else the name. */
    {
        oh_object *qn;
        if (oh_dict_lookup(t->dict, PY_ID(__qualname__), &qn) > 0) {
            if (qn->type != &oh_str_type) {
                py_err_format(PY_EXC(TypeError), "type __qualname__ must "
                              "be a str, not %T", qn);
                goto fail;
            }
            oh_incref(qn);
            t->qualname = qn;
            if (oh_dict_delete(t->dict, PY_ID(__qualname__)) < 0)
                goto fail;
        }
        else {
            oh_incref(name);
            t->qualname = name;
        }
    }
    /* __module__: from the namespace, else the caller's globals. */
    if (oh_dict_contains(t->dict, PY_ID(__module__)) == 0) {
        py_frame *f = OHI_RT->py->frame;
        oh_object *mn;
        if (f != NULL && oh_dict_lookup(f->globals, PY_ID(__name__), &mn) > 0
            && oh_dict_set(t->dict, PY_ID(__module__), mn) < 0)
            goto fail;
    }
    /* __init_subclass__ and __class_getitem__ are implicitly
     * classmethods. */
    {
        static const py_id_index implicit[] = {PY_ID___init_subclass__,
                                               PY_ID___class_getitem__};
        for (size_t i = 0; i < 2; i++) {
            oh_object *key = OHI_RT->py->ids[implicit[i]];
            oh_object *f;
            if (oh_dict_lookup(t->dict, key, &f) > 0
                && f->type == &PY_T(function)->ot) {
                oh_object *cm = py_call1(&PY_T(classmethod)->ob_base, f);
                if (cm == NULL)
                    goto fail;
                int r = oh_dict_set(t->dict, key, cm);
                oh_decref(cm);
                if (r < 0)
                    goto fail;
            }
        }
    }
    /* __new__ is implicitly a staticmethod. */
    {
        oh_object *f;
        if (oh_dict_lookup(t->dict, PY_ID(__new__), &f) > 0
            && f->type == &PY_T(function)->ot) {
            oh_object *sm = py_staticmethod_new(f);
            if (sm == NULL)
                goto fail;
            int r = oh_dict_set(t->dict, PY_ID(__new__), sm);
            oh_decref(sm);
            if (r < 0)
                goto fail;
        }
    }
    /* Layout: the base's struct, then slots, dict, weaklist. */
    {
        const oh_type *bl = base->layout;
        size_t size = base->basicsize;
        bool var = bl->itemsize != 0;
        size_t nslots = slots ? (size_t)OHI_TUPLE_SIZE(slots) : 0;
        if (var && nslots > 0) {
            py_err_format(PY_EXC(TypeError), "nonempty __slots__ not "
                          "supported for subtype of '%s'", base->tp_name);
            goto fail;
        }
        py_member_def *members = NULL;
        if (nslots > 0) {
            members = oh_calloc(nslots + 1, sizeof *members);
            if (members == NULL) {
                py_err_no_memory();
                goto fail;
            }
            t->members = members;
            for (size_t i = 0; i < nslots; i++) {
                const char *s = oh_str_utf8(OHI_TUPLE(slots)->items[i],
                                            NULL);
                size_t n = strlen(s) + 1;
                char *copy = oh_malloc(n);
                if (copy == NULL) {
                    py_err_no_memory();
                    goto fail;
                }
                memcpy(copy, s, n);
                members[i].name = copy;
                members[i].kind = PY_MEMBER_OBJECT_EX;
                members[i].offset = size;
                size += sizeof(oh_object *);
            }
        }
        bool add_dict = base->dictoffset == 0 && !var
                        && (no_slots || want_dict)
                        && !(base->tpflags & PY_TPFLAGS_TYPE);
        bool add_weak = base->weaklistoffset == 0 && !var
                        && (no_slots || want_weak);
        t->dictoffset = base->dictoffset;
        t->valuesoffset = base->valuesoffset;
        t->weaklistoffset = base->weaklistoffset;
        if (add_dict) {
            if (solid_base(base) == PY_T(object)) {
                t->valuesoffset = size;
                size += sizeof(void *);
            }
            t->dictoffset = size;
            size += sizeof(oh_object *);
        }
        if (add_weak) {
            t->weaklistoffset = size;
            size += sizeof(oh_object *);
        }
        /* TY9: what CPython 3.11's class adds to its base's basicsize
         * (its slots and weak list; a dict only where the base's items
         * vary in number, never here), and whether its dict is managed
         * (kept before the object).  int's items vary in CPython, not
         * here: its dict is at the end there, and int.__sizeof__ counts
         * only the digits. */
        py_type *solid = solid_base(base);
        bool on_int = solid == PY_T(int);
        bool weak_there = (base->tpflags & PY_TPFLAGS_WEAK_ADDED)
                          || cpython_has_weaklist(solid);
        bool adds_weak = !weak_there && !var && !on_int
                         && (no_slots || want_weak);
        t->tpflags |= base->tpflags & (PY_TPFLAGS_MANAGED_DICT
                                       | PY_TPFLAGS_WEAK_ADDED);
        if (adds_weak)
            t->tpflags |= PY_TPFLAGS_WEAK_ADDED;
        if (add_dict && !on_int)
            t->tpflags |= PY_TPFLAGS_MANAGED_DICT;
        t->sizeof_extra = base->sizeof_extra;
        if (!on_int)
            t->sizeof_extra += (nslots + (adds_weak ? 1 : 0))
                               * sizeof(oh_object *);
        if (t->valuesoffset != 0) {
            t->tpflags |= PY_TPFLAGS_HAS_INLINE;
            t->keys = oh_calloc(1, sizeof *t->keys);
            if (t->keys == NULL) {
                py_err_no_memory();
                goto fail;
            }
        }
        t->basicsize = size;
        /* The descriptor instances point at. */
        t->ot = *bl;
        t->ot.name = t->tp_name;
        t->ot.basicsize = size;
        t->ot.flags = (bl->flags & ~(unsigned long)OHI_TYPE_PY)
                      | OHI_TYPE_PY | OH_TYPE_CONTAINER | OH_TYPE_HASHABLE;
        if (t->weaklistoffset != 0) {
            t->ot.flags |= OH_TYPE_WEAKREFABLE;
            t->ot.weaklistoffset = t->weaklistoffset;
        }
        t->ot.dealloc = subtype_dealloc;
        t->ot.traverse = subtype_traverse;
        t->ot.clear = subtype_clear;
        t->ot.finalize = NULL;
        t->ot.getsizeof = subtype_getsizeof;
    }
    t->mro = compute_mro(t);
    if (t->mro == NULL)
        goto fail;
    py_slots_inherit(t, base);
    if (add_definitions(t) < 0)
        goto fail;
    if (t->dictoffset != 0 && base->dictoffset == 0
        && dict_add_new(t, "__dict__",
                        py_descr_new_getset(t, instance_dict_getset)) < 0)
        goto fail;
    if (py_slots_from_dict(t) < 0)
        goto fail;
    /* A class that defines __eq__ but not __hash__ is unhashable. */
    {
        oh_object *h;
        if (oh_dict_lookup(t->dict, PY_ID(__eq__), &h) > 0
            && oh_dict_contains(t->dict, PY_ID(__hash__)) == 0) {
            if (oh_dict_set(t->dict, PY_ID(__hash__), OH_NONE) < 0)
                goto fail;
            t->tp_hash = NULL;
        }
    }
    py_slots_install_bridges(t);
    oh_xdecref(slots);
    slots = NULL;
    /* Lookups made while building it (slots.c) may have cached answers
     * the dict edits above changed (TY3). */
    py_type_modified(t);
    t->tpflags |= PY_TPFLAGS_READY;
    {
        int64_t nb = OHI_TUPLE_SIZE(t->bases);
        for (int64_t i = 0; i < nb; i++)
            if (add_subclass(TYPE(OHI_TUPLE(t->bases)->items[i]), t) < 0)
                goto fail;
    }
    ohi_gc_track(&t->ob_base);
    /* From here the type is complete: errors drop it like any object. */
    if (finish_class(t, kwnames, kwvalues) < 0) {
        oh_decref(&t->ob_base);
        return NULL;
    }
    ohi_gc_safe_point();
    return &t->ob_base;
fail:
    (void)err;
    oh_xdecref(slots);
    /* The half-built type is not tracked; type_dealloc handles NULLs. */
    if (t->name == NULL) {
        oh_incref(name);
        t->name = name;
    }
    if (t->qualname == NULL) {
        oh_incref(name);
        t->qualname = name;
    }
    t->ob_base.refcnt = 1;
    oh_decref(&t->ob_base);
    return NULL;
}

oh_object *
py_type_new(py_type *meta, oh_object *name, oh_object *bases, oh_object *dict)
{
    return py_build_class_type(meta, name, bases, dict, NULL, NULL);
}

/* ==========================================================================
 * The kind table
 * ========================================================================== */

py_type *const py_kind_types[OHI_NKINDS] = {
    [OHI_KIND_OTHER] = PY_T(object),
    [OHI_KIND_NONE] = PY_T(none),
    [OHI_KIND_BOOL] = PY_T(boolean),
    [OHI_KIND_INT] = PY_T(int),
    [OHI_KIND_FLOAT] = PY_T(float),
    [OHI_KIND_STR] = PY_T(str),
    [OHI_KIND_BYTES] = PY_T(bytes),
    [OHI_KIND_TUPLE] = PY_T(tuple),
    [OHI_KIND_LIST] = PY_T(list),
    [OHI_KIND_DICT] = PY_T(dict),
    [OHI_KIND_SET] = PY_T(set),
    [OHI_KIND_FROZENSET] = PY_T(frozenset),
    [OHI_KIND_CLASS] = PY_T(object),
    [OHI_KIND_INSTANCE] = PY_T(object),
    [OHI_KIND_WEAKREF] = PY_T(weakref),
    [OHI_KIND_WEAKVALUEDICT] = &py_weakvaluedict_static.t,
    [OHI_KIND_WEAKKEYDICT] = &py_weakkeydict_static.t,
    [OHI_KIND_WEAKSET] = &py_weakset_static.t,
    [OHI_KIND_FINALIZE] = PY_T(object),
};

/* Set up the attribute cache (interp.c calls this before readying any
 * type).  0 or -1. */
int
py_typeobject_init(void)
{
    py_interp *in = OHI_RT->py;
    in->attr_cache = oh_calloc(ATTR_CACHE_SIZE, sizeof(attr_cache_entry));
    if (in->attr_cache == NULL) {
        py_err_no_memory();
        return -1;
    }
    in->next_type_version = 1;
    return 0;
}

void
py_typeobject_fini(void)
{
    oh_free(OHI_RT->py->attr_cache);
    OHI_RT->py->attr_cache = NULL;
}
