/*
 * specialize.c -- inline caches: instructions that learn what they work on.
 *
 * What this file owns
 * -------------------
 * The decisions of the adaptive interpreter (in the manner of CPython
 * 3.11's, PEP 659, with polymorphic caches): an attribute load, attribute
 * store or method load starts in its base form (LOAD_ATTR, STORE_ATTR,
 * LOAD_METHOD), which counts down in its first cache unit and, when the
 * count reaches zero, asks this file to look at the object in front of
 * it.  If the case is one the loop has a fast path for, the instruction
 * is rewritten in place into its cached form (opcodes.h, PY_SPECIALIZED)
 * holding one entry for that object's type; each later type the cached
 * form meets gets an entry of its own, up to PY_SPEC_ENTRIES:
 *
 *   LOAD_ATTR_CACHED, STORE_ATTR_CACHED   entry (type version, where):
 *       the attribute's index in the class's shared key table, read from
 *       or written to the instance's inline values, or a __slots__
 *       member's offset | PY_SPEC_SLOT
 *   LOAD_METHOD_CACHED                    entry (type version, key table
 *       version, function): o.m(...) with m a plain function (or a C
 *       method) of o's class that no attribute of o hides: for an
 *       instance with inline values, m is not in the key table (whose
 *       version changes when a name is added); for a type whose instances
 *       have no attributes of their own, PY_SPEC_NODICT
 *   LOAD_ATTR_MODULE                      one entry (the module dict's
 *       version, the value's slot): m.name, as LOAD_GLOBAL_CACHED
 *   LOAD_GLOBAL_CACHED                    one entry (globals' version,
 *       builtins' version or 0, the value's slot): a global or built-in
 *       name, read through the slot while both dicts keep the versions
 *       (D6 in dict.c: a version names one state of one dict's keys, so
 *       the slot is still the name's and the name is still missing from
 *       globals when it came from builtins).  Assigning a global changes
 *       only the value in the slot; adding or deleting any key misses,
 *       and the base form looks again.
 *
 * Several entries matter more than in CPython's monomorphic caches
 * because a method of a base class usually runs on instances of several
 * subclasses (bench/py/bm_richards.py's Task methods see four).
 *
 * Why a type's version is enough (TY3 in py.h): a class gets a version
 * number only while no dict on its mro has changed since, and any change
 * takes it away, so "the version is still v" means every lookup on the
 * type gives what it gave when the entry was made -- the same
 * descriptors, none added.  Versions are never reused, so a function
 * pointer kept with one is one the type still holds.
 *
 * When a cached form meets a type it has no entry for and no free entry
 * is left, or the type cannot be cached, the instruction goes back to
 * its base form with a count of PY_SPEC_BACKOFF (the loop: "deopt"), so a
 * site that sees many types costs one attempt per PY_SPEC_BACKOFF runs.
 *
 * Invariants
 * ----------
 * SP1. A cached instruction's entries are either empty (version 0, which
 *      no type has) or what this file wrote for a type whose version it
 *      was; the base form's first unit is its countdown.
 * SP2. Only code objects' instructions are rewritten, and only between a
 *      base form and its cached form: PY_BASE_OP and the argument never
 *      change, so co_code, the line and exception tables and jump
 *      targets are the compiler's.
 */
#include "py/py.h"

#include <string.h>

/* The index of name in a class's shared keys, or -1. */
static int
keys_index(const py_keys *k, oh_object *name)
{
    for (uint32_t i = 0; i < k->n; i++)
        if (k->names[i] == name)
            return (int)i;
    return -1;
}

/* A free entry of the instruction's cache (width units each), after
 * turning a base form into its cached form `op` with every entry empty;
 * NULL when all are taken. */
static py_codeunit *
free_entry(py_codeunit *instr, int op, int width)
{
    py_codeunit *c = instr + 1;
    if (PY_OP(*instr) != op) {
        memset(c, 0, (size_t)PY_CACHE(op) * sizeof *c);
        *instr = PY_INSTR(op, PY_ARG(*instr));
        return c;
    }
    for (int k = 0; k < PY_SPEC_ENTRIES; k++, c += width)
        if (c[0] == 0)
            return c;
    return NULL;
}

static int
give_up(py_codeunit *instr)
{
    if (PY_OP(*instr) == PY_BASE_OP(PY_OP(*instr)))
        instr[1] = PY_SPEC_BACKOFF;     /* the base form's countdown */
    return 0;
}

/* Where o.name lives for instances of t, when a cached form can reach it
 * directly: 0 and *where; -1 when it cannot.  `store`: for o.name = v. */
static int
attr_where(py_type *t, oh_object *name, bool store, uint32_t *where)
{
    oh_object *descr = py_type_lookup(t, name);
    if (t->version == 0)                /* the lookup gave it one if it can */
        return -1;
    if (descr != NULL && PY_TYPE(descr) == PY_T(member_descr)) {
        const py_member_def *m = py_member_descr_def(descr);
        if (m->kind != PY_MEMBER_OBJECT_EX || (store && m->readonly)
            || m->offset >= PY_SPEC_SLOT)
            return -1;
        *where = (uint32_t)m->offset | PY_SPEC_SLOT;
        return 0;
    }
    if (descr != NULL && PY_TYPE(descr)->tp_descr_set != NULL)
        return -1;                      /* a property or another data one */
    if (!(t->tpflags & PY_TPFLAGS_HAS_INLINE))
        return -1;
    int i = keys_index(t->keys, name);
    if (i < 0)
        return -1;                      /* a store adds the key first */
    *where = (uint32_t)i;
    return 0;
}

/* The (type version, where) entry of a LOAD_ATTR_CACHED or
 * STORE_ATTR_CACHED instruction (`op`) for t: 1, or 0 when every entry
 * is taken. */
static int
add_attr_entry(py_codeunit *instr, int op, const py_type *t, uint32_t where)
{
    py_codeunit *c = free_entry(instr, op, 2);
    if (c == NULL)
        return 0;
    c[0] = t->version;
    c[1] = where;
    return 1;
}

/* m.name for a module m (exactly the module type, whose own descriptors
 * are fixed): the value's slot in m's dict, guarded by the dict's
 * version (D6 in dict.c), as LOAD_GLOBAL_CACHED.  Only from the base
 * form: a site that also sees instances keeps its type entries. */
static int
specialize_module_attr(py_codeunit *instr, oh_object *o, oh_object *name)
{
    oh_object *d = ((py_module *)(void *)o)->dict;
    oh_object *descr = py_type_lookup(PY_TYPE(o), name);
    oh_object **slot;
    if (PY_OP(*instr) != PY_LOAD_ATTR || d == NULL
        || (descr != NULL && PY_TYPE(descr)->tp_descr_set != NULL)
        || ohi_dict_value_slot(d, name, &slot) <= 0)
        return give_up(instr);
    *instr = PY_INSTR(PY_LOAD_ATTR_MODULE, PY_ARG(*instr));
    py_cache_set64(instr + 1, OHI_DICT(d)->version);
    py_cache_set64(instr + 3, (uint64_t)(uintptr_t)slot);
    return 1;
}

int
py_specialize_load_attr(py_codeunit *instr, oh_object *o, oh_object *name)
{
    py_type *t = PY_TYPE(o);
    if (t == PY_T(module))
        return specialize_module_attr(instr, o, name);
    uint32_t where;
    if (t->tp_getattro != py_object_generic_getattr
        || attr_where(t, name, false, &where) < 0)
        return give_up(instr);
    return add_attr_entry(instr, PY_LOAD_ATTR_CACHED, t, where);
}

int
py_specialize_store_attr(py_codeunit *instr, oh_object *o, oh_object *name)
{
    py_type *t = PY_TYPE(o);
    uint32_t where;
    if (t->tp_setattro != py_object_generic_setattr
        || attr_where(t, name, true, &where) < 0)
        return give_up(instr);
    return add_attr_entry(instr, PY_STORE_ATTR_CACHED, t, where);
}

int
py_specialize_load_method(py_codeunit *instr, oh_object *o, oh_object *name)
{
    py_type *t = PY_TYPE(o);
    if (t->tp_getattro != py_object_generic_getattr)
        return give_up(instr);
    oh_object *descr = py_type_lookup(t, name);
    if (t->version == 0 || descr == NULL)
        return give_up(instr);
    py_type *dt = PY_TYPE(descr);
    if (dt != PY_T(function) && dt != PY_T(method_descr))
        return give_up(instr);
    uint32_t keys_version;
    if (t->dictoffset == 0 || !(t->tpflags & PY_TPFLAGS_HEAPTYPE))
        keys_version = PY_SPEC_NODICT;
    else if ((t->tpflags & PY_TPFLAGS_HAS_INLINE)
             && keys_index(t->keys, name) < 0
             && t->keys->version != PY_SPEC_NODICT)
        keys_version = t->keys->version;
    else
        return give_up(instr);
    py_codeunit *c = free_entry(instr, PY_LOAD_METHOD_CACHED, 4);
    if (c == NULL)
        return 0;
    uintptr_t p = (uintptr_t)descr;
    c[0] = t->version;
    c[1] = keys_version;
    c[2] = (py_codeunit)p;
    c[3] = (py_codeunit)((uint64_t)p >> 32);
    return 1;
}

int
py_specialize_load_global(py_codeunit *instr, oh_object *globals,
                          oh_object *builtins, oh_object *name)
{
    uint64_t bver = 0;
    oh_object **slot;
    int r = ohi_dict_value_slot(globals, name, &slot);
    if (r < 0 || (r == 0 && OHI_DICT(globals)->version == 0))
        return give_up(instr);          /* version 0: globals never filled */
    if (r == 0) {
        /* Missing from globals: from builtins, guarded by both versions. */
        if (ohi_dict_value_slot(builtins, name, &slot) <= 0)
            return give_up(instr);
        bver = OHI_DICT(builtins)->version;
    }
    py_codeunit *c = instr + 1;
    *instr = PY_INSTR(PY_LOAD_GLOBAL_CACHED, PY_ARG(*instr));
    py_cache_set64(c, OHI_DICT(globals)->version);
    py_cache_set64(c + 2, bver);
    py_cache_set64(c + 4, (uint64_t)(uintptr_t)slot);
    return 1;
}
