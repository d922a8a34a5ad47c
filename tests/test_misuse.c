/*
 * test_misuse.c -- misuse that corrupts memory is caught in debug mode,
 * with a message that names the pointer, its size class and block size,
 * and then the process aborts.  Each misuse runs in a forked child whose
 * stderr is captured (testutil.h), so a test checks both the abort and the
 * message.  Debug mode is switched on at run time (oh_alloc_set_debug), so
 * these run in every build, the sanitizer build included.
 */
#include "internal.h"
#include "testutil.h"

#include <criterion/criterion.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

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
double_free(void)
{
    debug_on();
    void *p = oh_malloc(40);            /* 40 + 24 bytes: class 3 (64) */
    oh_free(p);
    oh_free(p);
}

Test(misuse, double_free_is_reported)
{
    cr_assert(expect_abort(double_free,
                           "double free of 0x"));
    cr_assert(expect_abort(double_free,
                           "(size class 3, 64-byte blocks)"));
}

static void
overrun(void)
{
    debug_on();
    char *p = oh_malloc(100);
    memset(p, 'x', 101);                /* one byte too many */
    oh_free(p);
}

Test(misuse, write_past_the_end_is_reported)
{
    cr_assert(expect_abort(overrun,
                           "write past the end of block 0x"));
    cr_assert(expect_abort(overrun,
                           "100 bytes requested): guard byte 0 after "
                           "the data was overwritten"));
}

static void
overrun_large(void)
{
    debug_on();
    char *p = oh_malloc(5000);
    p[5003] = 1;
    oh_free(p);
}

Test(misuse, write_past_the_end_of_a_large_block_is_reported)
{
    cr_assert(expect_abort(overrun_large,
                           "large block of 5024 bytes, 5000 bytes "
                           "requested): guard byte 3"));
}

static void
interior(void)
{
    debug_on();
    char *p = oh_malloc(200);
    oh_free(p + 32);
}

Test(misuse, interior_pointer_is_reported)
{
    /* 200 bytes + 24 of debug header and guard: class 13 (224). */
    cr_assert(expect_abort(interior,
                           "pointer into the middle of a block (size "
                           "class 13, 224-byte blocks; the block "
                           "holding it starts at 0x"));
}

static void
write_after_free(void)
{
    debug_on();
    void *keep = oh_malloc(64);         /* keeps the pool in use */
    char *p = oh_malloc(64);
    oh_free(p);
    ((volatile char *)p)[10] = 'z';     /* the block is on the free list */
    (void)keep;
    void *q = oh_malloc(64);            /* LIFO: the same block */
    (void)q;
}

Test(misuse, write_after_free_is_reported)
{
    cr_assert(expect_abort(write_after_free,
                           "write to freed block 0x"));
    cr_assert(expect_abort(write_after_free,
                           "byte 10 of the data was changed"));
}

static void
underrun(void)
{
    debug_on();
    char *p = oh_malloc(64);
    p[-2] = 0;                          /* inside the debug header */
    oh_free(p);
}

Test(misuse, header_overwrite_is_reported)
{
    cr_assert(expect_abort(underrun,
                           "the block header before 0x"));
    cr_assert(expect_abort(underrun,
                           "was overwritten: a write before the block, or a "
                           "pointer objheap never handed out; caught by "
                           "oh_free"));
}

static void
wrong_family(void)
{
    debug_on();
    void *p = oh_malloc(64);
    ohi_alloc_free(p, OHI_FAMILY_OBJ);
}

Test(misuse, free_through_the_wrong_family_is_reported)
{
    cr_assert(expect_abort(wrong_family,
                           "was allocated by oh_malloc and freed by the "
                           "object deallocator (an object's dealloc), which "
                           "frees only blocks of the object allocator"));
}

static void
check_finds_overrun(void)
{
    debug_on();
    volatile char *p = oh_malloc(30);
    p[30] = 1;
    oh_alloc_check();
}

Test(misuse, heap_check_finds_an_overrun_in_a_live_block)
{
    cr_assert(expect_abort(check_finds_overrun,
                           "write past the end of block"));
}

static void
double_free_huge(void)
{
    debug_on();
    void *p = oh_malloc(300000);        /* the C library maps it */
    oh_free(p);
    oh_free(p);                         /* its memory is unmapped now */
}

static void
realloc_after_free_large(void)
{
    debug_on();
    void *p = oh_malloc(200000);
    oh_free(p);
    void *q = oh_realloc(p, 10);
    (void)q;
}

Test(misuse, double_free_of_a_large_block_is_reported)
{
    cr_assert(expect_abort(double_free_huge, "double free of 0x"));
    cr_assert(expect_abort(double_free_huge, "(a large block, over 1024 "
                           "bytes): it was freed already; caught by "
                           "oh_free"));
    cr_assert(expect_abort(realloc_after_free_large,
                           "use of freed block 0x"));
    cr_assert(expect_abort(realloc_after_free_large,
                           "it was freed already; caught by oh_realloc"));
}

/* --- traverse functions that visit what the collector cannot follow ----- */

typedef struct holder {
    OH_OBJECT_HEAD;
    oh_object *child;
} holder;

static int
holder_traverse(oh_object *self, oh_visitproc visit, void *arg)
{
    /* Written by hand, not with OH_VISIT: visits whatever is there. */
    return visit(((holder *)(void *)self)->child, arg);
}

static void
holder_clear(oh_object *self)
{
    ((holder *)(void *)self)->child = NULL;     /* not owned here */
}

static const oh_type holder_type = {
    .name = "Holder",
    .basicsize = sizeof(holder),
    .flags = OH_TYPE_CONTAINER,
    .traverse = holder_traverse,
    .clear = holder_clear,
};

static oh_object *
holding(oh_object *child)
{
    oh_object *h = oh_object_new(&holder_type);
    ((holder *)(void *)h)->child = child;
    return h;
}

static void
traverse_wild(void)
{
    debug_on();
    oh_object *h = holding((oh_object *)(uintptr_t)0x5a5a5a5a5a50);
    oh_gc_collect(2);
    (void)h;
}

static oh_object fake_static = {1, &oh_none_type};   /* not immortal */

static void
traverse_untracked_child(void)
{
    debug_on();
    oh_object *h = holding(&fake_static);
    oh_gc_collect(2);
    (void)h;
}

static void
traverse_malloc_child(void)
{
    debug_on();
    oh_object *fake = calloc(1, 64);
    fake->refcnt = 1;
    fake->type = &oh_list_type;
    oh_object *h = holding(fake);
    oh_gc_collect(2);
    (void)h;
}

static void
traverse_freed(void)
{
    debug_on();
    oh_object *l = oh_list_new();
    oh_object *h = holding(l);
    oh_decref(l);                       /* h still points at it */
    oh_object *chain = oh_find_backref_chain(h);
    (void)chain;
}

static void
traverse_interior(void)
{
    debug_on();
    oh_object *l = oh_list_new();
    oh_object *h = holding((oh_object *)(void *)((char *)l + 16));
    oh_object *refs = oh_gc_get_referents(&h, 1);
    (void)refs;
}

Test(misuse, a_traverse_that_visits_a_wild_pointer_is_reported)
{
    cr_assert(expect_abort(traverse_wild, "the traverse of the object at "
                           "0x"));
    cr_assert(expect_abort(traverse_wild, "of type 'Holder' visited "
                           "0x5a5a5a5a5a50, not an object objheap "
                           "allocated"));
    cr_assert(expect_abort(traverse_wild, "caught by a collection "
                           "(oh_gc_collect"));
}

Test(misuse, a_traverse_that_visits_an_object_the_collector_cannot_know)
{
    cr_assert(expect_abort(traverse_untracked_child, "a static object that "
                           "is not immortal"));
    cr_assert(expect_abort(traverse_malloc_child, "not an object objheap "
                           "allocated (a wild pointer, or memory from "
                           "malloc or the stack)"));
}

Test(misuse, a_traverse_that_visits_a_freed_object_is_reported)
{
    cr_assert(expect_abort(traverse_freed, "of type 'Holder' visited 0x"));
    cr_assert(expect_abort(traverse_freed, ", a freed object (a 'list'); "
                           "caught by building the heap's reference "
                           "graph"));
    cr_assert(expect_abort(traverse_interior, "a pointer into the middle of "
                           "a block, not an object's start; caught by "
                           "oh_gc_get_referents"));
}

/* Debug mode must not cry wolf: heavy correct use passes every check. */
Test(misuse, correct_use_passes_in_debug_mode)
{
    cr_assert_eq(oh_alloc_set_debug(1), 0);
    static void *ps[5000];
    for (size_t i = 0; i < 5000; i++) {
        size_t n = (i * 97) % 700;
        ps[i] = oh_malloc(n);
        cr_assert_not_null(ps[i]);
        cr_assert_eq(((uintptr_t)ps[i]) & 15, 0);
        cr_assert_eq(oh_usable_size(ps[i]), n);
        memset(ps[i], (int)i, n);
    }
    for (size_t i = 0; i < 5000; i += 2) {
        size_t n = (i * 97) % 700;
        ps[i] = oh_realloc(ps[i], n + 50);
        cr_assert_not_null(ps[i]);
        for (size_t j = 0; j < n; j++)
            cr_assert_eq(((unsigned char *)ps[i])[j], (unsigned char)i);
    }
    oh_alloc_check();
    for (size_t i = 0; i < 5000; i++)
        oh_free(ps[i]);
    cr_assert_eq(oh_alloc_blocks_in_use(), 0);
    /* Freed blocks carry the dead pattern and re-allocation checks it. */
    for (size_t i = 0; i < 5000; i++)
        ps[i] = oh_calloc(1, (i * 13) % 300);
    oh_alloc_check();
    for (size_t i = 0; i < 5000; i++)
        oh_free(ps[i]);
}

#if OHI_ASAN
/* In the sanitizer build the allocator poisons what it has not handed
 * out, so ASan itself sees an overrun inside a pool. */
static void
asan_overrun(void)
{
    char *p = oh_malloc(20);            /* 32-byte block */
    volatile char *v = p;
    v[24] = 1;                          /* inside the block, past the ask */
}

static void
asan_use_after_free(void)
{
    char *p = oh_malloc(64);
    oh_free(p);
    volatile char *v = p;
    v[16] = 1;
}

Test(asan, overrun_inside_a_block_is_seen_by_asan)
{
    child_result r;
    cr_assert_eq(run_in_child(asan_overrun, &r), 0);
    cr_assert_not_null(strstr(r.output, "use-after-poison"), "%s", r.output);
    cr_assert_eq(run_in_child(asan_use_after_free, &r), 0);
    cr_assert_not_null(strstr(r.output, "use-after-poison"), "%s", r.output);
}
#endif
