/*
 * test_object.c -- the object core (src/object.c): reference counts,
 * immortal objects, identity, program-defined types, finalizers and
 * resurrection, the trashcan, repr recursion, equality and hashing across
 * types, and the debug-mode misuse reports.
 */
#include <criterion/criterion.h>

#include "internal.h"
#include "testutil.h"

#include <math.h>

/* ==========================================================================
 * Reference counts and immortals
 * ========================================================================== */

Test(refcount, rises_and_falls_with_references)
{
    size_t base = live_blocks();
    oh_object *n = I(100000);
    cr_assert_eq(oh_refcount(n), 1);
    oh_object *l = oh_list_new();
    cr_assert_eq(oh_list_append(l, n), 0);
    cr_assert_eq(oh_refcount(n), 2, "the list holds a reference");
    cr_assert_eq(oh_list_append(l, n), 0);
    cr_assert_eq(oh_refcount(n), 3);
    oh_object *t = oh_tuple_pack(1, n);
    cr_assert_eq(oh_refcount(n), 4);
    oh_decref(t);
    cr_assert_eq(oh_refcount(n), 3, "dropping the tuple drops its ref");
    oh_decref(l);
    cr_assert_eq(oh_refcount(n), 1, "dropping the list drops both");
    oh_decref(n);
    cr_assert_eq(live_blocks(), base, "freed the moment it reached zero");
}

Test(refcount, xincref_xdecref_accept_null)
{
    oh_xincref(NULL);
    oh_xdecref(NULL);
    oh_object *s = S("xy");    /* "x" would be a shared immortal str */
    oh_xincref(s);
    cr_assert_eq(oh_refcount(s), 2);
    oh_xdecref(s);
    oh_xdecref(s);
}

Test(immortal, singletons_and_small_ints)
{
    cr_assert(oh_is_immortal(OH_NONE));
    cr_assert(oh_is_immortal(OH_TRUE));
    cr_assert(oh_is_immortal(OH_FALSE));
    cr_assert_geq(oh_refcount(OH_NONE), OH_IMMORTAL_REFCNT / 2);
    for (int64_t v = -5; v <= 256; v++) {
        oh_object *a = I(v), *b = I(v);
        cr_assert_eq(a, b, "two %lld are one object", (long long)v);
        cr_assert(oh_is_immortal(a));
        oh_decref(a);
        oh_decref(b);
    }
    oh_object *a = I(257), *b = I(257);
    cr_assert_neq(a, b, "257 is not cached");
    cr_assert(!oh_is_immortal(a));
    cr_assert_eq(oh_equal(a, b), 1);
    oh_decref(a);
    oh_decref(b);
    oh_object *m = I(-6);
    cr_assert(!oh_is_immortal(m));
    oh_decref(m);
}

Test(immortal, counting_them_is_harmless)
{
    intptr_t before = oh_refcount(OH_NONE);
    for (int i = 0; i < 1000; i++)
        oh_decref(OH_NONE);
    cr_assert_eq(oh_refcount(OH_NONE), before - 1000);
    cr_assert(oh_is_immortal(OH_NONE));
    for (int i = 0; i < 1000; i++)
        oh_incref(OH_NONE);
    cr_assert_eq(oh_refcount(OH_NONE), before);
}

Test(identity, x_plus_one_is_a_new_object)
{
    oh_object *x = I(10), *y = I(10), *z = y;
    cr_assert_eq(oh_id(x), oh_id(y));
    cr_assert_eq(oh_id(y), oh_id(z));
    oh_object *one = I(1);
    oh_object *x1 = oh_int_add(x, one);
    cr_assert_neq(oh_id(x1), oh_id(x), "x + 1 is a different object");
    int64_t v;
    cr_assert_eq(oh_int_as_i64(x1, &v), 0);
    cr_assert_eq(v, 11);
    cr_assert_eq(x1, I(11), "and 11 is the cached 11");
    oh_decref(x1);
    oh_decref(x1);
    oh_decref(one);
    oh_decref(x);
    oh_decref(y);
}

Test(identity, unique_while_alive)
{
    enum { N = 1000 };
    oh_object *objs[N];
    for (int i = 0; i < N; i++)
        objs[i] = oh_float_from_double(i);
    for (int i = 1; i < N; i++)
        cr_assert_neq(oh_id(objs[i]), oh_id(objs[i - 1]));
    for (int i = 0; i < N; i++)
        oh_decref(objs[i]);
}

Test(type, names)
{
    oh_object *l = oh_list_new(), *d = oh_dict_new(), *s = S("x");
    cr_assert_str_eq(oh_type_name(l), "list");
    cr_assert_str_eq(oh_type_name(d), "dict");
    cr_assert_str_eq(oh_type_name(s), "str");
    cr_assert_str_eq(oh_type_name(OH_NONE), "NoneType");
    cr_assert_str_eq(oh_type_name(OH_TRUE), "bool");
    cr_assert_eq(oh_type_of(l), &oh_list_type);
    oh_decref(l);
    oh_decref(d);
    oh_decref(s);
}

/* ==========================================================================
 * Program-defined types
 * ========================================================================== */

typedef struct pair {
    OH_OBJECT_HEAD;
    oh_object *first;
    oh_object *second;
} pair;

static int pair_clears;

static int
pair_traverse(oh_object *self, oh_visitproc visit, void *arg)
{
    OH_VISIT(((pair *)self)->first);
    OH_VISIT(((pair *)self)->second);
    return 0;
}

static void
pair_clear(oh_object *self)
{
    pair_clears++;
    OH_CLEAR(((pair *)self)->first);
    OH_CLEAR(((pair *)self)->second);
}

static const oh_type pair_type = {
    .name = "Pair",
    .basicsize = sizeof(pair),
    .flags = OH_TYPE_CONTAINER,
    .traverse = pair_traverse,
    .clear = pair_clear,
};

static int
count_visit(oh_object *o, void *arg)
{
    (*(int *)arg)++;
    return 0;
}

Test(usertype, new_zeroes_and_default_dealloc_clears)
{
    size_t base = live_blocks();
    pair_clears = 0;
    oh_object *p = oh_object_new(&pair_type);
    cr_assert_not_null(p);
    cr_assert_eq(((pair *)p)->first, NULL);
    cr_assert_eq(((pair *)p)->second, NULL);
    cr_assert_eq(oh_getsizeof(p), sizeof(pair) + 16, "plus the gc head");
    oh_object *s = S("child");
    oh_incref(s);
    ((pair *)p)->first = s;
    int visited = 0;
    pair_traverse(p, count_visit, &visited);
    cr_assert_eq(visited, 1);
    cr_assert_eq(oh_refcount(s), 2);
    cr_assert(oh_hash(p) == -1 && oh_err_occurred() == OH_ERR_TYPE);
    cr_assert_str_eq(oh_err_message(), "unhashable type: 'Pair'");
    oh_err_clear();
    oh_object *r = oh_repr(p);
    cr_assert(strncmp(oh_str_utf8(r, NULL), "<Pair object at 0x", 18) == 0);
    oh_decref(r);
    oh_decref(p);
    cr_assert_eq(pair_clears, 1);
    cr_assert_eq(oh_refcount(s), 1);
    oh_decref(s);
    cr_assert_eq(live_blocks(), base);
}

Test(usertype, malformed_types_are_refused)
{
    static const oh_type no_traverse = {
        .name = "Bad", .basicsize = sizeof(pair),
        .flags = OH_TYPE_CONTAINER, .clear = pair_clear};
    static const oh_type too_small = {.name = "Tiny", .basicsize = 8};
    static const oh_type bad_weak = {
        .name = "Weak", .basicsize = sizeof(pair),
        .flags = OH_TYPE_WEAKREFABLE, .weaklistoffset = 100};
    cr_assert_null(oh_object_new(NULL));
    cr_assert_eq(oh_err_occurred(), OH_ERR_TYPE);
    cr_assert_null(oh_object_new(&no_traverse));
    cr_assert_str_eq(oh_err_message(),
                     "type 'Bad': a container type needs traverse");
    cr_assert_null(oh_object_new(&too_small));
    cr_assert_null(oh_object_new(&bad_weak));
    cr_assert_null(oh_object_new_var(&pair_type, 3));
    cr_assert_eq(oh_err_occurred(), OH_ERR_TYPE);
    oh_err_clear();
}

typedef struct blob {
    OH_OBJECT_VAR_HEAD;
    double values[];
} blob;

static const oh_type blob_type = {
    .name = "Blob",
    .basicsize = sizeof(blob),
    .itemsize = sizeof(double),
    .flags = OH_TYPE_IMMUTABLE,
};

Test(usertype, variable_size)
{
    oh_object *b = oh_object_new_var(&blob_type, 10);
    cr_assert_not_null(b);
    cr_assert_eq(((oh_varobject *)b)->size, 10);
    cr_assert_eq(((blob *)b)->values[9], 0.0);
    cr_assert_eq(oh_getsizeof(b), sizeof(blob) + 80);
    cr_assert_eq(oh_equal(b, b), 1);
    oh_decref(b);
}

/* ==========================================================================
 * Finalizers and resurrection
 * ========================================================================== */

static int finalized;
static oh_object *saved;

static void
finalize_count(oh_object *self)
{
    finalized++;
    /* The error indicator is clear inside; leave one to be discarded. */
    cr_assert_eq(oh_err_occurred(), OH_ERR_NONE);
    oh_err_set(OH_ERR_USER, "from the finalizer");
}

static void
finalize_resurrect(oh_object *self)
{
    finalized++;
    oh_incref(self);
    saved = self;
}

Test(finalizer, runs_once_and_keeps_callers_error)
{
    size_t base = live_blocks();
    finalized = 0;
    oh_object *cls = oh_class_new("Res", finalize_count);
    oh_object *o = oh_instance_new(cls);
    oh_err_set(OH_ERR_KEY, "outer");
    oh_decref(o);
    cr_assert_eq(finalized, 1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_KEY);
    cr_assert_str_eq(oh_err_message(), "outer");
    oh_err_clear();
    oh_decref(cls);
    cr_assert_eq(live_blocks(), base);
}

Test(finalizer, resurrection_runs_it_once)
{
    size_t base = live_blocks();
    finalized = 0;
    saved = NULL;
    oh_object *cls = oh_class_new("Phoenix", finalize_resurrect);
    oh_object *o = oh_instance_new(cls);
    oh_decref(cls);
    oh_decref(o);
    cr_assert_eq(finalized, 1);
    cr_assert_eq(saved, o, "the finalizer stored a new reference");
    cr_assert_eq(oh_refcount(saved), 1);
    cr_assert_eq(oh_instance_setattr(saved, "alive", OH_TRUE), 0);
    oh_decref(saved);           /* dies for good: no second finalizer */
    cr_assert_eq(finalized, 1);
    cr_assert_eq(live_blocks(), base);
}

/* ==========================================================================
 * The trashcan
 * ========================================================================== */

#define DEEP 10000000

Test(trashcan, list_nested_ten_million_deep, .timeout = 120)
{
    size_t base = live_blocks();
    oh_object *l = oh_list_new();
    for (int i = 0; i < DEEP; i++) {
        oh_object *outer = oh_list_new();
        cr_assert_not_null(outer);
        cr_assert_eq(oh_list_append(outer, l), 0);
        oh_decref(l);
        l = outer;
    }
    oh_decref(l);               /* would need gigabytes of stack */
    cr_assert_eq(OHI_RT->obj.trash_depth, 0);
    cr_assert_null(OHI_RT->obj.trash_later);
    cr_assert_eq(live_blocks(), base);
}

Test(trashcan, tuple_chain_ten_million_long, .timeout = 120)
{
    size_t base = live_blocks();
    oh_object *t = oh_tuple_pack(0);
    for (int i = 0; i < DEEP; i++) {
        oh_object *next = oh_tuple_pack(2, t, OH_NONE);
        cr_assert_not_null(next);
        oh_decref(t);
        t = next;
    }
    oh_decref(t);
    cr_assert_eq(OHI_RT->obj.trash_depth, 0);
    cr_assert_eq(live_blocks(), base);
}

Test(trashcan, deep_dicts_and_instances)
{
    size_t base = live_blocks();
    oh_object *cls = oh_class_new("Node", NULL);
    oh_object *head = oh_dict_new();
    for (int i = 0; i < 100000; i++) {
        oh_object *n = oh_instance_new(cls);
        cr_assert_eq(oh_instance_setattr(n, "next", head), 0);
        oh_decref(head);
        head = oh_dict_new();
        cr_assert_eq(oh_dict_set_str(head, "node", n), 0);
        oh_decref(n);
    }
    oh_decref(head);
    oh_decref(cls);
    cr_assert_eq(live_blocks(), base);
}

/* ==========================================================================
 * repr, equality, hashing, truth
 * ========================================================================== */

Test(repr, self_containing_containers)
{
    oh_object *l = oh_list_new();
    oh_object *one = I(1), *two = I(2);
    oh_list_append(l, one);
    oh_list_append(l, two);
    oh_list_append(l, l);
    cr_assert(repr_is(l, "[1, 2, [...]]"));
    oh_object *d = oh_dict_new();
    oh_dict_set_str(d, "self", d);
    oh_dict_set_str(d, "list", l);
    cr_assert(repr_is(d, "{'self': {...}, 'list': [1, 2, [...]]}"));
    /* Break the cycles by hand (the collector is issue 4). */
    oh_list_clear(l);
    oh_dict_clear(d);
    oh_decref(l);
    oh_decref(d);
    oh_decref(one);
    oh_decref(two);
}

Test(repr, too_deep_is_an_error_not_a_crash)
{
    size_t base = live_blocks();
    oh_object *l = oh_list_new();
    for (int i = 0; i < 5000; i++) {
        oh_object *o = oh_list_new();
        oh_list_append(o, l);
        oh_decref(l);
        l = o;
    }
    cr_assert_null(oh_repr(l));
    cr_assert_eq(oh_err_occurred(), OH_ERR_RUNTIME);
    cr_assert(strstr(oh_err_message(), "maximum recursion depth") != NULL);
    oh_err_clear();
    cr_assert_eq(OHI_RT->obj.recursion_depth, 0);
    cr_assert_eq(OHI_RT->obj.repr_len, 0);
    oh_object *l2 = oh_list_new();
    oh_list_append(l2, l);
    cr_assert_eq(oh_equal(l, l2), -1, "equality is guarded too");
    oh_err_clear();
    oh_decref(l2);
    oh_decref(l);
    cr_assert_eq(live_blocks(), base);
}

Test(equal, numbers_across_types)
{
    oh_object *i1 = I(1), *f1 = oh_float_from_double(1.0);
    oh_object *f15 = oh_float_from_double(1.5);
    cr_assert_eq(oh_equal(i1, f1), 1);
    cr_assert_eq(oh_equal(f1, i1), 1);
    cr_assert_eq(oh_equal(OH_TRUE, i1), 1);
    cr_assert_eq(oh_equal(OH_TRUE, f1), 1);
    cr_assert_eq(oh_equal(f15, i1), 0);
    cr_assert_eq(oh_hash(i1), oh_hash(f1));
    cr_assert_eq(oh_hash(i1), oh_hash(OH_TRUE));
    oh_object *s1 = S("1");
    cr_assert_eq(oh_equal(i1, s1), 0, "1 != '1'");
    cr_assert_eq(oh_equal(OH_NONE, OH_NONE), 1);
    cr_assert_eq(oh_equal(OH_NONE, OH_FALSE), 0);
    oh_decref(s1);
    oh_decref(i1);
    oh_decref(f1);
    oh_decref(f15);
}

Test(hash, matches_python_for_numbers)
{
    /* Values printed by CPython 3.11: hash(-1), hash(2**61), hash(0.5),
     * hash(1e100), hash(-2.5), hash(float('inf')). */
    struct { int64_t v; oh_hash_t h; } ints[] = {
        {0, 0}, {1, 1}, {-1, -2}, {-2, -2}, {(int64_t)1 << 61, 1},
        {INT64_MAX, 3}, {INT64_MIN, -4},
    };
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        oh_object *o = I(ints[i].v);
        cr_assert_eq(oh_hash(o), ints[i].h, "hash(%lld)",
                     (long long)ints[i].v);
        oh_decref(o);
    }
    struct { double v; oh_hash_t h; } floats[] = {
        {0.5, 1152921504606846976}, {1e100, 1822893315824342674},
        {-2.5, -1152921504606846978}, {INFINITY, 314159},
    };
    for (size_t i = 0; i < sizeof floats / sizeof floats[0]; i++) {
        oh_object *o = oh_float_from_double(floats[i].v);
        cr_assert_eq(oh_hash(o), floats[i].h, "hash(%g)", floats[i].v);
        oh_decref(o);
    }
}

Test(hash, unhashable_builtins)
{
    oh_object *objs[] = {oh_list_new(), oh_dict_new(), oh_set_new()};
    const char *msgs[] = {"unhashable type: 'list'",
                          "unhashable type: 'dict'",
                          "unhashable type: 'set'"};
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(oh_hash(objs[i]), -1);
        cr_assert_eq(oh_err_occurred(), OH_ERR_TYPE);
        cr_assert_str_eq(oh_err_message(), msgs[i]);
        oh_err_clear();
        oh_decref(objs[i]);
    }
    oh_object *l = oh_list_new();
    oh_object *t = oh_tuple_pack(2, OH_NONE, l);
    cr_assert_eq(oh_hash(t), -1, "a tuple holding a list is unhashable");
    cr_assert_str_eq(oh_err_message(), "unhashable type: 'list'");
    oh_err_clear();
    oh_decref(t);
    oh_decref(l);
}

/* A type whose hash and equal fail without saying why. */
static oh_hash_t
silent_hash(oh_object *self)
{
    return -1;
}

static int
silent_equal(oh_object *self, oh_object *other)
{
    return -1;
}

static const oh_type silent_type = {
    .name = "Silent",
    .basicsize = sizeof(oh_object),
    .flags = OH_TYPE_HASHABLE,
    .hash = silent_hash,
    .equal = silent_equal,
};

Test(hash, minus_one_without_an_error_is_a_system_error)
{
    oh_object *o = oh_object_new(&silent_type);
    oh_object *p = oh_object_new(&silent_type);
    cr_assert_eq(oh_hash(o), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_SYSTEM);
    cr_assert_str_eq(oh_err_message(), "error return without exception set");
    cr_assert_str_eq(oh_err_kind_name(OH_ERR_SYSTEM), "SystemError");
    oh_err_clear();
    cr_assert_eq(oh_equal(o, p), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_SYSTEM);
    oh_err_clear();
    cr_assert_eq(oh_equal(o, o), 1, "identity decides before equal runs");
    /* Through the containers that hash and compare. */
    oh_object *d = oh_dict_new();
    cr_assert_eq(oh_dict_set(d, o, OH_NONE), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_SYSTEM);
    oh_err_clear();
    cr_assert_eq(oh_dict_size(d), 0);
    oh_object *l = oh_list_new();
    oh_list_append(l, o);
    cr_assert_eq(oh_list_contains(l, p), -1);
    cr_assert_eq(oh_err_occurred(), OH_ERR_SYSTEM);
    oh_err_clear();
    /* An error the type did record is kept. */
    oh_decref(l);
    oh_decref(d);
    oh_decref(o);
    oh_decref(p);
}

Test(truth, like_python)
{
    oh_object *zero = I(0), *e = S(""), *l = oh_list_new();
    oh_object *t = oh_tuple_pack(0), *x = S("x");
    cr_assert_eq(oh_is_true(OH_NONE), 0);
    cr_assert_eq(oh_is_true(OH_FALSE), 0);
    cr_assert_eq(oh_is_true(OH_TRUE), 1);
    cr_assert_eq(oh_is_true(zero), 0);
    cr_assert_eq(oh_is_true(e), 0);
    cr_assert_eq(oh_is_true(l), 0);
    cr_assert_eq(oh_is_true(t), 0);
    cr_assert_eq(oh_is_true(x), 1);
    oh_list_append(l, OH_NONE);
    cr_assert_eq(oh_is_true(l), 1);
    oh_decref(zero);
    oh_decref(e);
    oh_decref(l);
    oh_decref(t);
    oh_decref(x);
}

Test(index, python_rules)
{
    cr_assert_eq(ohi_index(-1, 5), 4);
    cr_assert_eq(ohi_index(5, 5), -1);
    cr_assert_eq(ohi_index(-6, 5), -1);
    int64_t a = -100, b = 100;
    ohi_slice_bounds(&a, &b, 5);
    cr_assert(a == 0 && b == 5);
    a = 4;
    b = 2;
    ohi_slice_bounds(&a, &b, 5);
    cr_assert(a == 4 && b == 4);
    a = -2;
    b = INT64_MAX;
    ohi_slice_bounds(&a, &b, 5);
    cr_assert(a == 3 && b == 5);
}

/* ==========================================================================
 * Misuse in debug mode: reported with address and type, then abort
 * ========================================================================== */

static void
debug_on(void)
{
    if (oh_alloc_set_debug(1) != 0) {
        fprintf(stderr, "could not switch debug mode on: %s\n",
                oh_err_message());
        _exit(3);
    }
}

static void
decref_freed_list(void)
{
    debug_on();
    oh_object *l = oh_list_new();
    oh_decref(l);
    oh_decref(l);               /* one too many */
}

static void
decref_below_zero_in_clear(void);

static void
repr_of_freed_str(void)
{
    debug_on();
    oh_object *s = oh_str_from_cstr("gone");
    oh_decref(s);
    oh_object *r = oh_repr(s);
    (void)r;
}

static void
append_to_freed_list(void)
{
    debug_on();
    oh_object *l = oh_list_new();
    oh_decref(l);
    oh_list_append(l, OH_NONE);
}

static void
selfish_clear(oh_object *self)
{
    oh_decref(self);            /* a reference it never owned */
}

static const oh_type selfish_type = {
    .name = "Selfish",
    .basicsize = sizeof(pair),
    .flags = OH_TYPE_CONTAINER,
    .traverse = pair_traverse,
    .clear = selfish_clear,
};

static void
decref_below_zero_in_clear(void)
{
    debug_on();
    oh_object *o = oh_object_new(&selfish_type);
    oh_decref(o);
}

Test(misuse, decref_of_a_freed_object_names_it)
{
    cr_assert(expect_abort(decref_freed_list,
                           "use of a freed object: the object at 0x"));
    cr_assert(expect_abort(decref_freed_list, "(a 'list') was freed "
                           "already; caught by oh_decref"));
}

Test(misuse, decref_below_zero_names_the_type)
{
    cr_assert(expect_abort(decref_below_zero_in_clear,
                           "reference count below zero"));
    cr_assert(expect_abort(decref_below_zero_in_clear,
                           "of type 'Selfish' went to -1 (a reference was "
                           "dropped that was never owned); caught by "
                           "oh_decref"));
}

Test(misuse, operations_on_freed_objects)
{
    cr_assert(expect_abort(repr_of_freed_str, "(a 'str') was freed already; "
                           "caught by oh_repr"));
    cr_assert(expect_abort(append_to_freed_list, "(a 'list') was freed "
                           "already; caught by oh_list_append"));
}

static void
returns_normally(void)
{
}

Test(misuse, helper_reports_a_child_that_did_not_abort)
{
    child_result res;
    cr_assert_eq(run_in_child(returns_normally, &res), 0);
    cr_assert_eq(res.signal, 0);
    cr_assert_eq(res.exit_code, 0);
    cr_assert_eq(expect_abort(returns_normally, "anything"), 0);
}
