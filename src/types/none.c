/*
 * none.c -- None, True and False.
 *
 * What this file owns
 * -------------------
 * The none type and its one object, and the bool type and its two objects.
 * All three are immortal (object.c explains the design): statically
 * allocated, their count starting at OH_IMMORTAL_REFCNT, never freed.
 *
 *   oh_none_object   | refcnt 2^60 | &oh_none_type |            16 bytes
 *   oh_true_object   | refcnt 2^60 | &oh_bool_type | value 1 |  24 bytes
 *   oh_false_object  | refcnt 2^60 | &oh_bool_type | value 0 |  24 bytes
 *
 * bool shares int's layout (struct oh_int_object) because in Python bool
 * is a subclass of int: True + 1 == 2, hash(True) == hash(1), and
 * True == 1.  Every int function accepts a bool (OHI_INT_CHECK).
 *
 * Invariants
 * ----------
 * N1. oh_none_object, oh_true_object and oh_false_object are the only
 *     objects of their types: no constructor makes another, so a program
 *     may compare with OH_NONE, OH_TRUE and OH_FALSE by address.
 * N2. Their deallocs are never reached (the count cannot reach zero); if
 *     one is reached anyway, the count is restored rather than the static
 *     object handed to the allocator.
 */
#include "internal.h"

static void
immortal_dealloc(oh_object *o)
{
    /* N2: reachable only after 2^60 unmatched decrefs. */
    o->refcnt = OH_IMMORTAL_REFCNT;
}

static oh_object *
none_repr(oh_object *o)
{
    return oh_str_from_cstr("None");
}

static size_t
none_sizeof(oh_object *o)
{
    return sizeof(oh_object);
}

const oh_type oh_none_type = {
    .name = "NoneType",
    .basicsize = sizeof(oh_object),
    .flags = OH_TYPE_IMMUTABLE | OH_TYPE_HASHABLE
             | OHI_KIND(OHI_KIND_NONE),
    .dealloc = immortal_dealloc,
    .repr = none_repr,
    .getsizeof = none_sizeof,
};

oh_object oh_none_object = {OH_IMMORTAL_REFCNT, &oh_none_type};

static oh_object *
bool_repr(oh_object *o)
{
    return oh_str_from_cstr(OHI_INT_VALUE(o) ? "True" : "False");
}

const oh_type oh_bool_type = {
    .name = "bool",
    .basicsize = sizeof(ohi_int),
    .flags = OH_TYPE_IMMUTABLE | OH_TYPE_HASHABLE
             | OHI_KIND(OHI_KIND_BOOL),
    .dealloc = immortal_dealloc,
    .hash = ohi_int_hash,
    .equal = ohi_int_equal,
    .repr = bool_repr,
    .getsizeof = ohi_int_sizeof,        /* 28, as CPython 3.11 says */
};

struct oh_int_object oh_true_object = {{OH_IMMORTAL_REFCNT, &oh_bool_type}, 1};
struct oh_int_object oh_false_object = {{OH_IMMORTAL_REFCNT, &oh_bool_type},
                                        0};

oh_object *
oh_bool_from(int v)
{
    oh_object *r = v ? OH_TRUE : OH_FALSE;
    oh_incref(r);
    return r;
}
