/*
 * tour_weakref.c -- the tour's chapter on weak references: a reference
 * that does not keep its object alive, its callback firing when the
 * object dies (by reference counting, then in a cycle), a weak-value
 * dict losing an entry, and finalize.
 */
#include "objheap.h"
#include "tour.h"

#include <stdio.h>

static int fired;

static int
on_death(oh_object *ref, oh_object *data)
{
    fired++;
    oh_object *now = oh_weakref_get(ref);
    tour_say("    ... callback fires for %s; the reference now gives %s",
             data ? oh_str_utf8(data, NULL) : "?",
             now == OH_NONE ? "None" : "an object");
    oh_xdecref(now);
    return 0;
}

static void
closed(void *arg)
{
    tour_say("    ... finalize: %s", (const char *)arg);
}

int
tour_weakref(void)
{
    tour_heading("4. Weak references: pointing without keeping alive");
    oh_object *cls = oh_class_new("Image", NULL);
    oh_object *img = oh_instance_new(cls);
    oh_object *label = oh_str_from_cstr("img");
    if (cls == NULL || img == NULL || label == NULL)
        return -1;
    oh_object *r = oh_weakref_new_data(img, on_death, label);
    if (r == NULL)
        return -1;
    oh_object *got = oh_weakref_get(r);
    tour_say("r = weakref.ref(img, callback): r() is img: %s; img's "
             "refcount is still %ld\n(the weak reference does not count; "
             "getweakrefcount(img) = %lld)", got == img ? "yes" : "no",
             (long)oh_refcount(img) - 1, (long long)oh_weakref_count(img));
    oh_decref(got);
    oh_object *d = oh_weakvaluedict_new();
    oh_weakdict_set(d, label, img);
    tour_say("a WeakValueDictionary maps 'img' to it: len = %lld",
             (long long)oh_weak_size(d));
    static char message[] = "img's resources released";
    oh_object *fin = oh_finalize(img, closed, message);
    oh_xdecref(fin);
    tour_say("\ndel img (its count reaches zero):");
    oh_decref(img);
    tour_say("  callbacks fired: %d; len(weak dict) = %lld\n", fired,
             (long long)oh_weak_size(d));

    tour_say("In a cycle, only the collector frees the object; the "
             "callback fires then:");
    oh_object *node = oh_instance_new(cls);
    oh_object *label2 = oh_str_from_cstr("node");
    oh_instance_setattr(node, "self", node);
    oh_object *r2 = oh_weakref_new_data(node, on_death, label2);
    oh_decref(node);
    tour_say("  del node: callbacks fired so far: %d (still alive in its "
             "cycle)", fired);
    int64_t n = oh_gc_collect(2);
    tour_say("  collect() = %lld; callbacks fired: %d", (long long)n,
             fired);
    oh_decref(r2);
    oh_decref(label2);
    oh_decref(r);
    oh_decref(d);
    oh_decref(label);
    oh_decref(cls);
    return fired == 2 ? 0 : -1;
}
