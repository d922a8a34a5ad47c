/* test_instance.c -- src/types/instance.c: classes, attributes, the
 * attribute dict, finalizers, class lifetime, sizes. */
#include <criterion/criterion.h>

#include "internal.h"
#include "testutil.h"

Test(instance, attributes)
{
    size_t base = live_blocks();
    oh_object *Point = oh_class_new("Point", NULL);
    oh_object *p = oh_instance_new(Point);
    cr_assert(oh_instance_check(p));
    cr_assert(!oh_instance_check(Point));
    cr_assert_str_eq(oh_type_name(p), "Point");
    cr_assert_str_eq(oh_class_name(Point), "Point");
    cr_assert_eq(oh_instance_class(p), Point);
    cr_assert_eq(oh_refcount(Point), 2, "the instance holds its class");
    cr_assert_eq(oh_getsizeof(p), 48, "CPython 3.11: 56");
    oh_object *x = I(3000), *y = I(4000);
    cr_assert_eq(oh_instance_setattr(p, "x", x), 0);
    cr_assert_eq(oh_instance_setattr(p, "y", y), 0);
    cr_assert_eq(oh_refcount(x), 2);
    oh_object *got = oh_instance_getattr(p, "x");
    cr_assert_eq(got, x, "a new reference to the same object");
    cr_assert_eq(oh_refcount(x), 3);
    oh_decref(got);
    cr_assert_null(oh_instance_getattr(p, "z"));
    cr_assert_eq(oh_err_occurred(), OH_ERR_ATTRIBUTE);
    cr_assert_str_eq(oh_err_message(), "'Point' object has no attribute 'z'");
    cr_assert_str_eq(oh_err_kind_name(oh_err_occurred()), "AttributeError");
    oh_err_clear();
    cr_assert_eq(oh_instance_setattr(p, "x", y), 0, "rebinding");
    cr_assert_eq(oh_refcount(x), 1);
    cr_assert_eq(oh_instance_delattr(p, "x"), 0);
    cr_assert_eq(oh_instance_delattr(p, "x"), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_ATTRIBUTE);
    oh_err_clear();
    oh_object *d = oh_instance_dict(p);
    cr_assert(repr_is(d, "{'y': 4000}"));
    oh_object *r = oh_repr(p);
    cr_assert(strncmp(oh_str_utf8(r, NULL), "<Point object at 0x", 19) == 0);
    oh_decref(r);
    cr_assert(repr_is(Point, "<class 'Point'>"));
    oh_decref(p);
    cr_assert_eq(oh_refcount(Point), 1);
    cr_assert_eq(oh_refcount(y), 1);
    oh_decref(Point);
    oh_decref(x);
    oh_decref(y);
    cr_assert_eq(live_blocks(), base);
}

Test(instance, attribute_names_are_shared)
{
    oh_object *C = oh_class_new("C", NULL);
    oh_object *a = oh_instance_new(C), *b = oh_instance_new(C);
    oh_instance_setattr(a, "name", OH_NONE);
    oh_instance_setattr(b, "name", OH_NONE);
    oh_object *la = oh_dict_keys(oh_instance_dict(a));
    oh_object *lb = oh_dict_keys(oh_instance_dict(b));
    cr_assert_eq(oh_list_get(la, 0), oh_list_get(lb, 0),
                 "interned: one key object for both");
    oh_decref(la);
    oh_decref(lb);
    oh_decref(a);
    oh_decref(b);
    oh_decref(C);
}

static char order[64];

static void
note_finalized(oh_object *self)
{
    oh_object *tag = oh_instance_getattr(self, "tag");
    strcat(order, oh_str_utf8(tag, NULL));
    oh_decref(tag);
}

Test(instance, finalizer_runs_once_when_freed)
{
    size_t base = live_blocks();
    order[0] = '\0';
    oh_object *C = oh_class_new("Tagged", note_finalized);
    oh_object *a = oh_instance_new(C), *b = oh_instance_new(C);
    oh_object *ta = S("a"), *tb = S("b");
    oh_instance_setattr(a, "tag", ta);
    oh_instance_setattr(b, "tag", tb);
    oh_instance_setattr(a, "child", b);
    oh_decref(b);
    cr_assert_str_eq(order, "", "b is still referenced by a");
    oh_decref(C);
    cr_assert_str_eq(oh_type_name(a), "Tagged", "instances keep the class");
    oh_decref(a);
    cr_assert_str_eq(order, "ab", "a first, then b as a's dict dies");
    oh_decref(ta);
    oh_decref(tb);
    cr_assert_eq(live_blocks(), base);
}

Test(instance, wrong_types)
{
    oh_object *l = oh_list_new();
    cr_assert_null(oh_instance_new(l));
    cr_assert_str_eq(oh_err_message(), "expected class, got list");
    oh_err_clear();
    cr_assert_eq(oh_instance_setattr(l, "x", OH_NONE), -1);
    cr_assert_str_eq(oh_err_message(), "expected instance, got list");
    oh_err_clear();
    cr_assert_null(oh_class_new("", NULL));
    cr_assert_eq(oh_err_occurred(), OH_ERR_VALUE);
    oh_err_clear();
    oh_decref(l);
}

Test(instance, hashable_by_identity)
{
    oh_object *C = oh_class_new("K", NULL);
    oh_object *a = oh_instance_new(C), *b = oh_instance_new(C);
    oh_object *d = oh_dict_new();
    cr_assert_eq(oh_dict_set(d, a, OH_TRUE), 0);
    cr_assert_eq(oh_dict_contains(d, a), 1);
    cr_assert_eq(oh_dict_contains(d, b), 0);
    cr_assert_eq(oh_equal(a, b), 0);
    oh_decref(d);
    oh_decref(a);
    oh_decref(b);
    oh_decref(C);
}
