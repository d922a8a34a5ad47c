/*
 * test_weakref.c -- src/weakref.c: weak references and their callbacks,
 * weak lists, program types that opt in, the weak containers, finalize.
 *
 * Scenarios from CPython's Lib/test/test_weakref.py in C; behaviours
 * marked "CPython 3.11" were checked with the installed python3 (3.11.7).
 */
#include <criterion/criterion.h>

#include "internal.h"
#include "testutil.h"

static oh_object *cls;

static oh_object *
obj_new(void)
{
    if (cls == NULL)
        cls = oh_class_new("Obj", NULL);
    oh_object *o = oh_instance_new(cls);
    cr_assert_not_null(o);
    return o;
}

static int order[16], norder;

static int
record(oh_object *ref, oh_object *data)
{
    int64_t v = 0;
    oh_int_as_i64(data, &v);
    order[norder++] = (int)v;
    oh_object *got = oh_weakref_get(ref);
    cr_assert_eq(got, OH_NONE, "cleared before its callback runs");
    oh_decref(got);
    return 0;
}

Test(weakref, get_and_death)
{
    size_t base = live_blocks();
    oh_object *o = obj_new();
    oh_object *r = oh_weakref_new(o, NULL);
    cr_assert(oh_weakref_check(r));
    cr_assert_eq(oh_refcount(o), 1, "a weak reference does not count");
    oh_object *got = oh_weakref_get(r);
    cr_assert_eq(got, o);
    oh_decref(got);
    oh_object *rr = oh_repr(r);
    cr_assert(strncmp(oh_str_utf8(rr, NULL), "<weakref at 0x", 14) == 0);
    oh_decref(rr);
    oh_decref(o);
    got = oh_weakref_get(r);
    cr_assert_eq(got, OH_NONE);
    oh_decref(got);
    oh_decref(r);
    oh_decref(cls);
    cls = NULL;
    cr_assert_eq(live_blocks(), base);
}

Test(weakref, callbacks_newest_first_once_each)
{
    norder = 0;
    oh_object *o = obj_new();
    oh_object *refs[3];
    for (int i = 0; i < 3; i++) {
        oh_object *n = I(i + 1);
        refs[i] = oh_weakref_new_data(o, record, n);
        oh_decref(n);
    }
    oh_object *basic = oh_weakref_new(o, NULL);
    oh_object *basic2 = oh_weakref_new(o, NULL);
    cr_assert_eq(basic, basic2, "CPython 3.11: ref(a) is ref(a)");
    cr_assert_eq(oh_weakref_count(o), 4);
    oh_object *l = oh_weakref_list(o);
    cr_assert_eq(oh_list_size(l), 4);
    cr_assert_eq(oh_list_get(l, 0), basic, "the basic reference first");
    cr_assert_eq(oh_list_get(l, 1), refs[2], "then newest first");
    oh_decref(l);
    oh_decref(o);
    cr_assert_eq(norder, 3);
    cr_assert(order[0] == 3 && order[1] == 2 && order[2] == 1,
              "CPython 3.11: [3, 2, 1]");
    cr_assert_eq(oh_weakref_count(refs[0]), 0);
    for (int i = 0; i < 3; i++)
        oh_decref(refs[i]);
    oh_decref(basic);
    oh_decref(basic2);
}

static int calls;

static int
count_cb(oh_object *ref, oh_object *data)
{
    calls++;
    return 0;
}

Test(weakref, a_reference_that_dies_first_never_calls_back)
{
    calls = 0;
    oh_object *o = obj_new();
    oh_object *r = oh_weakref_new(o, count_cb);
    oh_decref(r);
    cr_assert_eq(oh_weakref_count(o), 0);
    oh_decref(o);
    cr_assert_eq(calls, 0);
}

static int
failing_cb(oh_object *ref, oh_object *data)
{
    calls++;
    oh_err_set(OH_ERR_VALUE, "callback says no");
    return -1;
}

Test(weakref, failing_callback_is_reported_and_the_rest_run)
{
    calls = 0;
    oh_object *o = obj_new();
    oh_object *r1 = oh_weakref_new(o, failing_cb);
    oh_object *r2 = oh_weakref_new(o, failing_cb);
    oh_err_set(OH_ERR_KEY, "kept");
    oh_decref(o);
    cr_assert_eq(calls, 2);
    cr_assert_eq(oh_err_occurred(), OH_ERR_KEY);
    oh_err_clear();
    oh_decref(r1);
    oh_decref(r2);
}

Test(weakref, type_errors)
{
    oh_object *n = I(5);
    cr_assert_null(oh_weakref_new(n, NULL));
    cr_assert_eq(oh_err_occurred(), OH_ERR_TYPE);
    cr_assert_str_eq(oh_err_message(),
                     "cannot create weak reference to 'int' object");
    oh_err_clear();
    oh_object *l = oh_list_new();
    cr_assert_null(oh_weakref_new(l, NULL));
    oh_err_clear();
    cr_assert_null(oh_weakref_new(NULL, NULL));
    oh_err_clear();
    cr_assert_null(oh_weakref_get(l));
    cr_assert_eq(oh_err_occurred(), OH_ERR_TYPE);
    oh_err_clear();
    cr_assert_eq(oh_weakref_count(n), 0);
    cr_assert_eq(oh_weakref_count(NULL), -1);
    oh_err_clear();
    cr_assert_null(oh_weakdict_get(l, n));
    oh_err_clear();
    cr_assert_eq(oh_weak_size(l), -1);
    oh_err_clear();
    cr_assert_eq(oh_finalize_alive(l), -1);
    oh_err_clear();
    oh_decref(l);
    oh_decref(n);
}

Test(weakref, hash_and_equality)
{
    oh_object *o = obj_new();
    oh_object *r1 = oh_weakref_new(o, NULL), *r2 = oh_weakref_new(o,
                                                                count_cb);
    cr_assert_eq(oh_hash(r1), oh_hash(o), "hashes as its referent");
    cr_assert_eq(oh_equal(r1, r2), 1, "equal referents");
    oh_decref(o);
    cr_assert_eq(oh_equal(r1, r2), 0, "dead: identity only");
    cr_assert_eq(oh_equal(r1, r1), 1);
    oh_decref(r1);
    oh_decref(r2);
    o = obj_new();
    r1 = oh_weakref_new(o, NULL);
    oh_decref(o);
    cr_assert_eq(oh_hash(r1), -1);
    cr_assert_str_eq(oh_err_message(), "weak object has gone away");
    oh_err_clear();
    oh_decref(r1);
}

/* A program's own type that opts in (the default dealloc clears its weak
 * references). */
typedef struct thing {
    OH_OBJECT_HEAD;
    oh_object *weaklist;
    oh_object *payload;
} thing;

static int
thing_traverse(oh_object *self, oh_visitproc visit, void *arg)
{
    OH_VISIT(((thing *)self)->payload);
    return 0;
}

static void
thing_clear(oh_object *self)
{
    OH_CLEAR(((thing *)self)->payload);
}

static const oh_type thing_type = {
    .name = "thing",
    .basicsize = sizeof(thing),
    .flags = OH_TYPE_CONTAINER | OH_TYPE_WEAKREFABLE,
    .weaklistoffset = offsetof(thing, weaklist),
    .traverse = thing_traverse,
    .clear = thing_clear,
};

Test(weakref, program_types_opt_in)
{
    calls = 0;
    oh_object *t = oh_object_new(&thing_type);
    oh_object *r = oh_weakref_new(t, count_cb);
    cr_assert_not_null(r);
    oh_decref(t);
    cr_assert_eq(calls, 1);
    oh_decref(r);
    /* In a cycle, through the collector. */
    oh_gc_disable();
    t = oh_object_new(&thing_type);
    ((thing *)t)->payload = oh_list_new();
    oh_list_append(((thing *)t)->payload, t);
    r = oh_weakref_new(t, count_cb);
    oh_decref(t);
    cr_assert_eq(oh_gc_collect(2), 2);
    cr_assert_eq(calls, 2);
    oh_decref(r);
}

Test(weakref, callback_by_the_collector_sees_the_object_gone)
{
    oh_gc_disable();
    calls = 0;
    oh_object *o = obj_new();
    oh_instance_setattr(o, "self", o);
    oh_object *r = oh_weakref_new(o, count_cb);
    oh_decref(o);
    cr_assert_eq(oh_gc_collect(2), 2, "CPython 3.11: 2 (o and its dict)");
    cr_assert_eq(calls, 1);
    oh_object *got = oh_weakref_get(r);
    cr_assert_eq(got, OH_NONE);
    oh_decref(r);
}

/* ==========================================================================
 * Weak containers
 * ========================================================================== */

Test(weakdict, weak_values)
{
    size_t base = live_blocks();
    oh_object *d = oh_weakvaluedict_new();
    oh_object *a = obj_new(), *b = obj_new();
    oh_object *ka = S("a"), *kb = S("b");
    cr_assert_eq(oh_weakdict_set(d, ka, a), 0);
    cr_assert_eq(oh_weakdict_set(d, kb, b), 0);
    cr_assert_eq(oh_weak_size(d), 2);
    cr_assert_eq(oh_refcount(a), 1, "held weakly");
    oh_object *got = oh_weakdict_get(d, ka);
    cr_assert_eq(got, a);
    oh_decref(got);
    cr_assert_eq(oh_weakdict_contains(d, kb), 1);
    oh_decref(b);
    cr_assert_eq(oh_weak_size(d), 1, "the entry vanished with b");
    cr_assert_eq(oh_weakdict_contains(d, kb), 0);
    cr_assert_null(oh_weakdict_get(d, kb));
    cr_assert_eq(oh_err_occurred(), OH_ERR_KEY);
    cr_assert_str_eq(oh_err_message(), "'b'");
    oh_err_clear();
    /* Replacing a value: the old one's death no longer matters. */
    oh_object *c = obj_new();
    cr_assert_eq(oh_weakdict_set(d, ka, c), 0);
    oh_decref(a);
    cr_assert_eq(oh_weak_size(d), 1);
    got = oh_weakdict_get(d, ka);
    cr_assert_eq(got, c);
    oh_decref(got);
    cr_assert_eq(oh_weakdict_delete(d, ka), 0);
    cr_assert_eq(oh_weakdict_delete(d, ka), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_KEY);
    oh_err_clear();
    cr_assert_eq(oh_weak_size(d), 0);
    oh_object *n = I(3);
    cr_assert_eq(oh_weakdict_set(d, ka, n), -1, "ints are not weakly "
                 "referenceable");
    oh_err_clear();
    oh_decref(n);
    oh_decref(c);
    oh_decref(d);
    oh_decref(ka);
    oh_decref(kb);
    oh_decref(cls);
    cls = NULL;
    cr_assert_eq(live_blocks(), base);
}

Test(weakdict, weak_keys)
{
    oh_object *d = oh_weakkeydict_new();
    oh_object *a = obj_new(), *b = obj_new();
    oh_object *va = S("value a"), *vb = S("value b");
    cr_assert_eq(oh_weakdict_set(d, a, va), 0);
    cr_assert_eq(oh_weakdict_set(d, b, vb), 0);
    cr_assert_eq(oh_weakdict_set(d, a, vb), 0, "same key: new value");
    cr_assert_eq(oh_weak_size(d), 2);
    oh_object *got = oh_weakdict_get(d, a);
    cr_assert_eq(got, vb);
    oh_decref(got);
    cr_assert_eq(oh_refcount(va), 1);
    oh_decref(a);
    cr_assert_eq(oh_weak_size(d), 1);
    cr_assert_eq(oh_weakdict_contains(d, b), 1);
    oh_object *n = I(7);
    cr_assert_eq(oh_weakdict_contains(d, n), 0);
    cr_assert_eq(oh_weakdict_delete(d, b), 0);
    cr_assert_eq(oh_weak_size(d), 0);
    oh_decref(b);
    oh_decref(n);
    oh_decref(va);
    oh_decref(vb);
    oh_decref(d);
}

Test(weakset, add_discard_contains_and_death)
{
    oh_object *s = oh_weakset_new();
    oh_object *a = obj_new(), *b = obj_new();
    cr_assert_eq(oh_weakset_add(s, a), 0);
    cr_assert_eq(oh_weakset_add(s, a), 0);
    cr_assert_eq(oh_weakset_add(s, b), 0);
    cr_assert_eq(oh_weak_size(s), 2);
    cr_assert_eq(oh_weakset_contains(s, a), 1);
    oh_decref(a);
    cr_assert_eq(oh_weak_size(s), 1);
    cr_assert_eq(oh_weakset_discard(s, b), 1);
    cr_assert_eq(oh_weakset_discard(s, b), 0);
    cr_assert_eq(oh_weak_size(s), 0);
    cr_assert_eq(oh_weakdict_set(s, b, b), -1, "not a dict");
    oh_err_clear();
    oh_decref(b);
    oh_decref(s);
}

Test(weakdict, iteration_survives_entries_dying)
{
    oh_object *d = oh_weakvaluedict_new();
    oh_object *objs[10];
    for (int i = 0; i < 10; i++) {
        objs[i] = obj_new();
        oh_object *k = I(i);
        oh_weakdict_set(d, k, objs[i]);
        oh_decref(k);
    }
    oh_weak_iter it;
    oh_object *k, *v;
    cr_assert_eq(oh_weak_iter_init(&it, d), 0);
    int seen = 0;
    while (oh_weak_iter_next(&it, &k, &v) == 1) {
        int64_t i;
        oh_int_as_i64(k, &i);
        cr_assert_eq(v, objs[i]);
        if (i == 2) {
            /* Kill 5..9 mid-iteration: they are skipped. */
            for (int j = 5; j < 10; j++) {
                oh_decref(objs[j]);
                objs[j] = NULL;
            }
            cr_assert_eq(oh_weak_size(d), 5);
        }
        seen++;
        oh_decref(k);
        oh_decref(v);
    }
    cr_assert_eq(seen, 5);
    cr_assert_eq(oh_weak_size(d), 5);
    cr_assert_eq(oh_dict_size(((oh_object **)(void *)d)[2]), 5,
                 "the dead entries were removed when iteration ended");
    /* Stopping early, then ending twice. */
    oh_weak_iter_init(&it, d);
    cr_assert_eq(oh_weak_iter_next(&it, &k, &v), 1);
    oh_decref(k);
    oh_decref(v);
    oh_decref(objs[0]);
    oh_weak_iter_end(&it);
    oh_weak_iter_end(&it);
    cr_assert_eq(oh_weak_size(d), 4);
    for (int i = 1; i < 5; i++)
        oh_decref(objs[i]);
    cr_assert_eq(oh_weak_size(d), 0);
    oh_decref(d);
}

Test(weakset, iteration)
{
    oh_object *s = oh_weakset_new();
    oh_object *a = obj_new(), *b = obj_new();
    oh_weakset_add(s, a);
    oh_weakset_add(s, b);
    oh_weak_iter it;
    oh_object *k, *v;
    oh_weak_iter_init(&it, s);
    int n = 0;
    while (oh_weak_iter_next(&it, &k, &v) == 1) {
        cr_assert(k == a || k == b);
        cr_assert_null(v);
        if (n == 0) {
            oh_object *other = k == a ? b : a;
            oh_decref(other);
            if (other == a)
                a = NULL;
            else
                b = NULL;
        }
        oh_decref(k);
        n++;
    }
    cr_assert_eq(n, 1);
    cr_assert_eq(oh_weak_size(s), 1);
    oh_xdecref(a);
    oh_xdecref(b);
    oh_decref(s);
}

Test(weakdict, entries_of_cyclic_garbage_vanish)
{
    oh_gc_disable();
    oh_object *d = oh_weakvaluedict_new();
    oh_object *a = obj_new();
    oh_instance_setattr(a, "self", a);
    oh_object *k = S("a");
    oh_weakdict_set(d, k, a);
    oh_decref(a);
    cr_assert_eq(oh_weak_size(d), 1);
    /* a and its dict; the entry's weak reference, freed by its callback
     * removing the entry, counts too (CPython's handle_weakrefs). */
    cr_assert_eq(oh_gc_collect(2), 3);
    cr_assert_eq(oh_weak_size(d), 0);
    /* The container itself in a cycle. */
    oh_object *holder = obj_new();
    oh_instance_setattr(holder, "d", d);
    oh_object *b = obj_new();
    oh_weakdict_set(d, k, b);
    oh_weakdict_set(d, S("h"), holder);
    oh_decref(holder);
    oh_decref(d);
    oh_decref(k);
    oh_gc_collect(2);
    oh_decref(b);                       /* its callback finds no table */
}

/* ==========================================================================
 * finalize
 * ========================================================================== */

static int fin_calls;

static void
fin(void *arg)
{
    fin_calls += *(int *)arg;
}

Test(finalize, called_when_the_object_dies)
{
    size_t base = live_blocks();
    fin_calls = 0;
    int one = 1;
    oh_object *o = obj_new();
    oh_object *f = oh_finalize(o, fin, &one);
    cr_assert_eq(oh_finalize_alive(f), 1);
    oh_decref(f);                       /* the registry keeps it */
    cr_assert_eq(OHI_RT->weakref.nfinalizers, 1);
    oh_decref(o);
    cr_assert_eq(fin_calls, 1);
    cr_assert_eq(OHI_RT->weakref.nfinalizers, 0);
    oh_decref(cls);
    cls = NULL;
    cr_assert_eq(live_blocks(), base);
}

Test(finalize, call_early_detach_alive)
{
    fin_calls = 0;
    int one = 1;
    oh_object *o = obj_new();
    oh_object *f = oh_finalize(o, fin, &one);
    cr_assert_eq(oh_finalize_call(f), 1);
    cr_assert_eq(fin_calls, 1);
    cr_assert_eq(oh_finalize_alive(f), 0);
    cr_assert_eq(oh_finalize_call(f), 0, "at most once");
    oh_decref(o);
    cr_assert_eq(fin_calls, 1);
    oh_decref(f);

    o = obj_new();
    f = oh_finalize(o, fin, &one);
    cr_assert_eq(oh_finalize_detach(f), 1);
    cr_assert_eq(oh_finalize_detach(f), 0);
    oh_decref(o);
    cr_assert_eq(fin_calls, 1, "detached: never called");
    oh_decref(f);
    cr_assert_null(oh_finalize(o == NULL ? NULL : OH_NONE, fin, &one));
    oh_err_clear();
}

Test(finalize, object_dying_in_a_cycle)
{
    oh_gc_disable();
    fin_calls = 0;
    int one = 1;
    oh_object *o = obj_new();
    oh_instance_setattr(o, "self", o);
    oh_object *f = oh_finalize(o, fin, &one);
    oh_decref(f);
    oh_decref(o);
    cr_assert_eq(fin_calls, 0);
    oh_gc_collect(2);
    cr_assert_eq(fin_calls, 1);
}
