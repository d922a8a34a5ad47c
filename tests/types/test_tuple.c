/* test_tuple.c -- src/types/tuple.c: construction, access, the empty
 * singleton, free-list reuse, slicing, hash, equality, repr. */
#include <criterion/criterion.h>

#include "internal.h"
#include "testutil.h"

Test(tuple, pack_get_size)
{
    oh_object *a = I(1000), *b = S("b");
    oh_object *t = oh_tuple_pack(2, a, b);
    cr_assert_eq(oh_tuple_size(t), 2);
    cr_assert_eq(oh_tuple_get(t, 0), a, "borrowed, the same object");
    cr_assert_eq(oh_tuple_get(t, -1), b);
    cr_assert_eq(oh_refcount(a), 2);
    cr_assert_null(oh_tuple_get(t, 2));
    cr_assert_eq(oh_err_occurred(), OH_ERR_INDEX);
    cr_assert_str_eq(oh_err_message(), "tuple index out of range");
    oh_err_clear();
    cr_assert_eq(oh_getsizeof(t), 56);
    cr_assert(repr_is(t, "(1000, 'b')"));
    oh_decref(t);
    cr_assert_eq(oh_refcount(a), 1);
    oh_decref(a);
    oh_decref(b);
}

Test(tuple, empty_is_one_immortal_object)
{
    oh_object *e1 = oh_tuple_pack(0), *e2 = oh_tuple_from_array(NULL, 0);
    cr_assert_eq(e1, e2);
    cr_assert(oh_is_immortal(e1));
    cr_assert_eq(oh_getsizeof(e1), 40);
    cr_assert(repr_is(e1, "()"));
    oh_decref(e1);
    oh_decref(e2);
}

Test(tuple, free_list_reuses_dead_tuples)
{
    oh_object_clear_freelists();
    uint64_t reused = OHI_RT->obj.tuple_reused;
    oh_object *t = oh_tuple_pack(3, OH_NONE, OH_NONE, OH_NONE);
    oh_object *addr = t;
    size_t blocks = oh_alloc_blocks_in_use();
    oh_decref(t);
    cr_assert_eq(OHI_RT->obj.tuple_nfree[3], 1, "kept for reuse");
    cr_assert_eq(oh_alloc_blocks_in_use(), blocks, "not given back");
    oh_object *u = oh_tuple_pack(3, OH_TRUE, OH_FALSE, OH_NONE);
    cr_assert_eq(u, addr, "the same block comes back");
    cr_assert_eq(OHI_RT->obj.tuple_reused, reused + 1);
    cr_assert_eq(oh_tuple_get(u, 0), OH_TRUE);
    cr_assert(repr_is(u, "(True, False, None)"));
    oh_decref(u);
    /* A free list holds at most OHI_TUPLE_MAXFREELIST tuples. */
    enum { N = OHI_TUPLE_MAXFREELIST + 10 };
    static oh_object *many[N];
    for (int i = 0; i < N; i++)
        many[i] = oh_tuple_pack(1, OH_NONE);
    for (int i = 0; i < N; i++)
        oh_decref(many[i]);
    cr_assert_eq(OHI_RT->obj.tuple_nfree[1], OHI_TUPLE_MAXFREELIST);
    size_t before = oh_alloc_blocks_in_use();
    size_t freed = oh_object_clear_freelists();
    cr_assert_geq(freed, OHI_TUPLE_MAXFREELIST + 1);
    cr_assert_eq(oh_alloc_blocks_in_use(), before - freed);
    /* Big tuples are never free-listed. */
    oh_object *items[30];
    for (int i = 0; i < 30; i++)
        items[i] = OH_NONE;
    oh_object *big = oh_tuple_from_array(items, 30);
    before = oh_alloc_blocks_in_use();
    oh_decref(big);
    cr_assert_eq(oh_alloc_blocks_in_use(), before - 1);
}

Test(tuple, slices_hash_equal)
{
    oh_object *items[5];
    for (int i = 0; i < 5; i++)
        items[i] = I(i * 1000);
    oh_object *t = oh_tuple_from_array(items, 5);
    oh_object *s = oh_tuple_slice(t, 1, 3);
    cr_assert_eq(oh_tuple_size(s), 2);
    cr_assert_eq(oh_tuple_get(s, 0), items[1], "references are shared");
    oh_object *all = oh_tuple_slice(t, 0, INT64_MAX);
    cr_assert_eq(all, t, "a full slice of a tuple is the tuple");
    oh_object *t2 = oh_tuple_from_array(items, 5);
    cr_assert_eq(oh_equal(t, t2), 1);
    cr_assert_eq(oh_hash(t), oh_hash(t2));
    oh_object *r1 = oh_tuple_pack(2, items[1], items[2]);
    oh_object *r2 = oh_tuple_pack(2, items[2], items[1]);
    cr_assert_neq(oh_hash(r1), oh_hash(r2), "order matters");
    cr_assert_eq(oh_equal(r1, s), 1);
    oh_object *one = oh_tuple_pack(1, items[0]);
    cr_assert(repr_is(one, "(0,)"));
    oh_object *l = oh_list_new();
    cr_assert_null(oh_tuple_get(l, 0));
    cr_assert_str_eq(oh_err_message(), "expected tuple, got list");
    oh_err_clear();
    oh_decref(l);
    oh_decref(one);
    oh_decref(r1);
    oh_decref(r2);
    oh_decref(t2);
    oh_decref(all);
    oh_decref(s);
    oh_decref(t);
    for (int i = 0; i < 5; i++)
        oh_decref(items[i]);
}

/* hash(t) is CPython 3.11's tuplehash, value for value (computed with
 * python3): sets of tuples then iterate in Python's order. */
Test(tuple, hash_is_cpythons)
{
    oh_object *one = I(1), *two = I(2), *three = I(3), *m1 = I(-1);
    oh_object *m7 = I(-7), *f = oh_float_from_double(1.5);
    oh_object *big = oh_int_lshift(one, I(100)), *p = oh_int_lshift(one,
                                                                    I(61));
    oh_object *p61 = oh_int_sub(p, one);
    oh_object *h = oh_float_from_double(0.5), *mh = oh_float_from_double(-0.5);
    oh_object *t12 = oh_tuple_pack(2, one, two);
    oh_object *nested = oh_tuple_pack(2, t12, three);
    struct { oh_object *t; long long hash; } cases[] = {
        {t12, -3550055125485641917LL},                  /* (1, 2) */
        {oh_tuple_pack(0), 5740354900026072187LL},      /* () */
        {oh_tuple_pack(1, one), -6644214454873602895LL},
        {oh_tuple_pack(1, m1), 8078679518589016365LL},
        {nested, -333907151259015829LL},                /* ((1, 2), 3) */
        {oh_tuple_pack(3, f, big, m7), -1895647141027223964LL},
        {oh_tuple_pack(1, p61), -8753497827991233192LL},   /* (2**61-1,) */
        {oh_tuple_pack(2, h, mh), -4978703478475969215LL},
    };
    oh_incref(t12);
    oh_incref(nested);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cr_assert_eq(oh_hash(cases[i].t), cases[i].hash, "case %zu", i);
        oh_decref(cases[i].t);
    }
    oh_decref(t12);
    oh_decref(nested);
    oh_decref(p61);
    oh_decref(p);
    oh_decref(big);
    oh_decref(f);
    oh_decref(h);
    oh_decref(mh);
    oh_decref(one);
    oh_decref(two);
    oh_decref(three);
    oh_decref(m1);
    oh_decref(m7);
}
