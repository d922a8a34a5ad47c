/*
 * instance.c -- classes, and instances with attributes and finalizers.
 *
 * What this file owns
 * -------------------
 * The class type (named classes made at run time) and the instance
 * "type" every class carries for its instances: attribute access through
 * an attribute dict, and the optional finalizer (Python's __del__).
 *
 * Layout
 * ------
 *
 *   ohi_class | refcnt | type=&oh_class_type | itype (oh_type) |
 *             | finalizer | name ... \0 |
 *                   ^
 *                   |  instance->type points INTO its class
 *   ohi_instance | gc (16) | refcnt | type | dict | weaklist |  48 bytes
 *
 * A class embeds the oh_type descriptor of its instances, and an
 * instance's type pointer is &cls->itype: oh_type_of(p) is p's class's
 * descriptor and oh_type_name(p) the class's name, as type(p) is the class
 * in Python.  Each instance holds a reference to its class (counted on
 * the class's header), so the descriptor outlives every instance (O1).
 * CPython's instance of a plain class is 56 bytes in 3.11 (16 gc + 16
 * header + dict and weaklist pointers + the managed-dict pre-header it
 * reports); ours is 48.
 *
 * The attribute dict is created by the first setattr (an instance with no
 * attributes owns no dict), and attribute names are interned strs, so a
 * thousand instances of one class share their key objects.
 *
 * Life of an instance: ALIVE -> count reaches 0 -> the finalizer runs
 * (once: the FINALIZED bit of the gc head, G2) -> if it stored a new
 * reference, ALIVE again (resurrected; it will not run again) -> else the
 * dict is dropped, the block freed, then the class reference dropped.
 *
 * Invariants
 * ----------
 * I1. An object is an instance iff its type's dealloc is instance_dealloc;
 *     its type is then &class->itype of a live class.
 * I2. weaklist is the head of the list of weak references to the
 *     instance (weakref.c), NULL when there are none.
 * I3. dict is NULL or a dict owned by the instance.
 */
#include "internal.h"

#include <stddef.h>
#include <string.h>

typedef struct ohi_class {
    oh_object ob_base;
    oh_type itype;              /* the descriptor of its instances */
    oh_finalizer finalizer;     /* or NULL */
    char name[];                /* NUL-terminated; itype.name points here */
} ohi_class;

typedef struct ohi_instance {
    oh_object ob_base;
    oh_object *dict;            /* I3 */
    oh_object *weaklist;        /* I2 */
} ohi_instance;

_Static_assert(sizeof(ohi_instance) == 32,
               "instance: 32 bytes + gc head = 48 (CPython: 56)");

#define INSTANCE(o) ((ohi_instance *)(void *)(o))
#define CLASS(o) ((ohi_class *)(void *)(o))
#define CLASS_OF(o)                                                         \
    ((ohi_class *)(void *)((char *)(uintptr_t)(o)->type                     \
                           - offsetof(ohi_class, itype)))

static void instance_dealloc(oh_object *o);

#define INSTANCE_CHECK(o) ((o)->type->dealloc == instance_dealloc)

/* ==========================================================================
 * Instances
 * ========================================================================== */

static void
instance_dealloc(oh_object *o)
{
    if (!ohi_trashcan_begin(o))
        return;
    if (!ohi_call_finalizer(o)) {
        ohi_class *cls = CLASS_OF(o);
        /* After the finalizer, before the attributes go (CPython's
         * subtype_dealloc order): callbacks see the weak reference dead. */
        if (INSTANCE(o)->weaklist != NULL)
            oh_weakref_clear_all(o);
        OH_CLEAR(INSTANCE(o)->dict);
        ohi_object_free(o);
        oh_decref(&cls->ob_base);       /* after: o's type lives in cls */
    }
    ohi_trashcan_end();
}

static int
instance_traverse(oh_object *o, oh_visitproc visit, void *arg)
{
    OH_VISIT(INSTANCE(o)->dict);
    OH_VISIT(&CLASS_OF(o)->ob_base);
    return 0;
}

static void
instance_clear(oh_object *o)
{
    OH_CLEAR(INSTANCE(o)->dict);
}

static void
instance_finalize(oh_object *o)
{
    CLASS_OF(o)->finalizer(o);
}

static oh_object *
instance_repr(oh_object *o)
{
    return oh_str_from_format("<%s object at %p>", o->type->name,
                              (void *)o);
}

int
oh_instance_check(const oh_object *o)
{
    OHI_NOT_NULL(o, 0);
    return INSTANCE_CHECK(o);
}

oh_object *
oh_instance_new(oh_object *cls)
{
    OHI_NOT_NULL(cls, NULL);
    if (cls->type != &oh_class_type)
        return ohi_type_error(cls, "class");
    oh_object *o = ohi_object_alloc(&CLASS(cls)->itype, 0);
    if (o == NULL)
        return NULL;
    INSTANCE(o)->dict = NULL;
    INSTANCE(o)->weaklist = NULL;
    oh_incref(cls);
    ohi_gc_track(o);
    ohi_gc_safe_point();
    return o;
}

oh_object *
oh_instance_class(oh_object *o)
{
    OHI_NOT_NULL(o, NULL);
    if (!INSTANCE_CHECK(o))
        return ohi_type_error(o, "instance");
    return &CLASS_OF(o)->ob_base;
}

oh_object *
oh_instance_dict(oh_object *o)
{
    OHI_NOT_NULL(o, NULL);
    if (!INSTANCE_CHECK(o))
        return ohi_type_error(o, "instance");
    if (INSTANCE(o)->dict == NULL) {
        /* oh_dict_new is a safe point: a finalizer run there may have
         * given o a dict meanwhile. */
        oh_object *d = oh_dict_new();
        if (INSTANCE(o)->dict == NULL) {
            INSTANCE(o)->dict = d;
        }
        else {
            if (d == NULL)
                oh_err_clear();         /* the dict exists after all */
            oh_xdecref(d);
        }
    }
    return INSTANCE(o)->dict;
}

static void
attribute_error(oh_object *o, const char *name)
{
    oh_err_format(OH_ERR_ATTRIBUTE, "'%s' object has no attribute '%s'",
                  o->type->name, name);
}

int
oh_instance_setattr(oh_object *o, const char *name, oh_object *value)
{
    OHI_NOT_NULL(o, -1);
    OHI_NOT_NULL(value, -1);
    if (name == NULL || value == NULL) {
        oh_err_set(OH_ERR_VALUE, "oh_instance_setattr: NULL argument");
        return -1;
    }
    oh_object *d = oh_instance_dict(o);
    if (d == NULL)
        return -1;
    return oh_dict_set_str(d, name, value);
}

oh_object *
oh_instance_getattr(oh_object *o, const char *name)
{
    OHI_NOT_NULL(o, NULL);
    if (!INSTANCE_CHECK(o))
        return ohi_type_error(o, "instance");
    oh_object *value;
    if (name != NULL && INSTANCE(o)->dict != NULL
        && ohi_dict_lookup_str(INSTANCE(o)->dict, name, &value) > 0) {
        oh_incref(value);
        return value;
    }
    attribute_error(o, name ? name : "(null)");
    return NULL;
}

int
oh_instance_delattr(oh_object *o, const char *name)
{
    OHI_NOT_NULL(o, -1);
    if (!INSTANCE_CHECK(o)) {
        ohi_type_error(o, "instance");
        return -1;
    }
    oh_object *value;
    if (name == NULL || INSTANCE(o)->dict == NULL
        || ohi_dict_lookup_str(INSTANCE(o)->dict, name, &value) <= 0) {
        attribute_error(o, name ? name : "(null)");
        return -1;
    }
    oh_object *key = oh_str_from_cstr(name);
    if (key == NULL)
        return -1;
    int r = oh_dict_delete(INSTANCE(o)->dict, key);
    oh_decref(key);
    return r;
}

/* ==========================================================================
 * Classes
 * ========================================================================== */

static void
class_dealloc(oh_object *o)
{
    ohi_object_free(o);
}

static size_t
class_sizeof(oh_object *o)
{
    return sizeof(ohi_class) + strlen(CLASS(o)->name) + 1;
}

static oh_object *
class_repr(oh_object *o)
{
    return oh_str_from_format("<class '%s'>", CLASS(o)->name);
}

const oh_type oh_class_type = {
    .name = "type",
    .basicsize = sizeof(ohi_class),
    .itemsize = 1,
    .flags = OH_TYPE_HASHABLE
             | OHI_KIND(OHI_KIND_CLASS),
    .dealloc = class_dealloc,
    .repr = class_repr,
    .getsizeof = class_sizeof,
};

oh_object *
oh_class_new(const char *name, oh_finalizer finalizer)
{
    if (name == NULL || name[0] == '\0') {
        oh_err_set(OH_ERR_VALUE, "oh_class_new: a class needs a name");
        return NULL;
    }
    size_t n = strlen(name);
    oh_object *o = ohi_object_alloc(&oh_class_type, n + 1);
    if (o == NULL)
        return NULL;
    ohi_class *cls = CLASS(o);
    memcpy(cls->name, name, n + 1);
    cls->finalizer = finalizer;
    cls->itype = (oh_type){
        .name = cls->name,
        .basicsize = sizeof(ohi_instance),
        .flags = OH_TYPE_CONTAINER | OH_TYPE_WEAKREFABLE | OH_TYPE_HASHABLE
                 | OHI_KIND(OHI_KIND_INSTANCE),
        .weaklistoffset = offsetof(ohi_instance, weaklist),
        .dealloc = instance_dealloc,
        .traverse = instance_traverse,
        .clear = instance_clear,
        .finalize = finalizer != NULL ? instance_finalize : NULL,
        .repr = instance_repr,
    };
    return o;
}

const char *
oh_class_name(oh_object *cls)
{
    OHI_NOT_NULL(cls, NULL);
    if (cls->type != &oh_class_type)
        return ohi_type_error(cls, "class");
    return CLASS(cls)->name;
}
