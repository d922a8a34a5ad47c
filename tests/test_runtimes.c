/*
 * test_runtimes.c -- runtimes per thread (runtime.c, RT1-RT4;
 * objheap/runtime.h).
 *
 * Threads that each make, enter, use and free a runtime of their own,
 * with objects, cycles, collections and weak references; a runtime handed
 * from one thread to another; nesting; freeing a runtime gives its memory
 * back and frees what the program still held; the interpreter runs in
 * one runtime at a time; and the misuse the debug build catches (an
 * object of another runtime, a runtime used by two threads) aborts with
 * a message naming both threads.
 *
 * `make test` also runs the threaded tests built with ThreadSanitizer
 * (build/tsan/runtimes): each runtime's state must be touched by its own
 * thread only.  Criterion's runner does not start under ThreadSanitizer,
 * so that build (-DRUNTIMES_STANDALONE) has a main of its own, as
 * test_threads.c does; CHECK and RT_TEST are the two builds' words.
 */
#include "internal.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef RUNTIMES_STANDALONE
#  include <criterion/criterion.h>
#  include "testutil.h"
#  define CHECK(...) cr_assert(__VA_ARGS__)
#  define RT_TEST(name) Test(runtimes, name)
#else
#  include <stdio.h>
#  define CHECK(...) CHECK_COND(__VA_ARGS__, "")
#  define CHECK_COND(cond, ...)                                            \
    do {                                                                  \
        if (!(cond)) {                                                    \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,        \
                    __LINE__, #cond);                                     \
            abort();                                                      \
        }                                                                 \
    } while (0)
typedef struct rt_test {
    const char *name;
    void (*fn)(void);
} rt_test;
static rt_test tests[16];
static int ntests;
#  define RT_TEST(name)                                                    \
    static void name(void);                                               \
    __attribute__((constructor)) static void register_##name(void)        \
    {                                                                     \
        tests[ntests++] = (rt_test){#name, name};                         \
    }                                                                     \
    static void name(void)
#endif

#define NTHREADS 4

/* --- a workload inside one runtime ---------------------------------------- */

static atomic_int callbacks_run;

static int
count_callback(oh_object *wr, oh_object *data)
{
    (void)wr;
    (void)data;
    atomic_fetch_add(&callbacks_run, 1);
    return 0;
}

/* Objects, cycles, weak references and collections in the calling
 * thread's current runtime; every object made is freed before it
 * returns.  Ints start above the small ones, so that the workload's own
 * objects are the runtime's (the immortals are shared, objheap.h). */
static void
workload(int seed, int rounds)
{
    for (int r = 0; r < rounds; r++) {
        oh_object *cls = oh_class_new("Node", NULL);
        oh_object *node = oh_instance_new(cls);
        oh_object *list = oh_list_new();
        CHECK(cls != NULL && node != NULL && list != NULL);
        CHECK(oh_instance_setattr(node, "items", list) == 0);
        for (int i = 0; i < 300; i++) {
            oh_object *k = oh_int_from_i64(1000 + seed * 100000 + i);
            oh_object *d = oh_dict_new();
            CHECK(k != NULL && d != NULL);
            CHECK(oh_dict_set(d, k, node) == 0);   /* d -> node -> list */
            CHECK(oh_list_append(list, d) == 0);   /*   -> d */
            oh_decref(k);
            oh_decref(d);
        }
        oh_decref(list);
        /* A weak reference to the node, whose callback runs when the
         * collector frees the cycle. */
        oh_object *wr = oh_weakref_new(node, count_callback);
        CHECK(wr != NULL);
        oh_decref(node);
        oh_object *got = oh_weakref_get(wr);
        CHECK(got != NULL && got != OH_NONE, "held by its cycles");
        oh_decref(got);
        int64_t freed = oh_gc_collect(2);
        CHECK(freed >= 302, "the node, its list and 300 dicts: %lld",
              (long long)freed);
        got = oh_weakref_get(wr);
        CHECK(got == OH_NONE);
        oh_decref(got);
        oh_decref(wr);
        oh_decref(cls);
        CHECK(oh_err_occurred() == OH_ERR_NONE);
    }
}

typedef struct worker {
    int seed;
    oh_runtime *rt;
    oh_runtime *seen;           /* oh_runtime_current() inside */
} worker;

static void *
own_runtime_thread(void *arg)
{
    worker *w = arg;
    w->rt = oh_runtime_new();
    CHECK(w->rt != NULL);
    CHECK(oh_runtime_enter(w->rt) == 0);
    w->seen = oh_runtime_current();
    /* The error indicator is the runtime's own: the main runtime's is
     * set meanwhile. */
    CHECK(oh_err_occurred() == OH_ERR_NONE);
    oh_err_set(OH_ERR_VALUE, "an error in one runtime");
    CHECK(oh_err_occurred() == OH_ERR_VALUE);
    oh_err_clear();
    workload(w->seed, 5);
    CHECK(oh_runtime_leave() == 0);
    CHECK(oh_runtime_current() == oh_runtime_main());
    CHECK(oh_runtime_free(w->rt) == 0);
    return NULL;
}

RT_TEST(each_thread_its_own_runtime)
{
    oh_err_set(OH_ERR_KEY, "the main runtime's error");
    atomic_store(&callbacks_run, 0);
    pthread_t th[NTHREADS];
    worker w[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        w[i] = (worker){.seed = i + 1};
        CHECK(pthread_create(&th[i], NULL, own_runtime_thread, &w[i]) == 0);
    }
    for (int i = 0; i < NTHREADS; i++)
        CHECK(pthread_join(th[i], NULL) == 0);
    CHECK(oh_err_occurred() == OH_ERR_KEY, "untouched by the others");
    oh_err_clear();
    for (int i = 0; i < NTHREADS; i++)
        CHECK(w[i].seen == w[i].rt && w[i].rt != oh_runtime_main());
    CHECK(atomic_load(&callbacks_run) == NTHREADS * 5);
    workload(0, 2);             /* the main runtime is whole */
}

/* One runtime, used by two threads in turn (under the program's order:
 * each joins before the next enters). */
static oh_runtime *handed_rt;
static oh_object *handed_list;

static void *
hand_first(void *arg)
{
    (void)arg;
    CHECK(oh_runtime_enter(handed_rt) == 0);
    handed_list = oh_list_new();
    oh_object *s = oh_str_from_cstr("made by the first thread");
    CHECK(oh_list_append(handed_list, s) == 0);
    oh_decref(s);
    CHECK(oh_runtime_leave() == 0);
    return NULL;
}

static void *
hand_second(void *arg)
{
    (void)arg;
    CHECK(oh_runtime_enter(handed_rt) == 0);
    CHECK(oh_list_size(handed_list) == 1);
    oh_object *s = oh_list_get(handed_list, 0);
    CHECK(oh_str_equal_cstr(s, "made by the first thread"));
    oh_decref(handed_list);
    handed_list = NULL;
    workload(7, 2);
    CHECK(oh_runtime_leave() == 0);
    return NULL;
}

RT_TEST(runtime_handed_between_threads)
{
    handed_rt = oh_runtime_new();
    CHECK(handed_rt != NULL);
    pthread_t t;
    CHECK(pthread_create(&t, NULL, hand_first, NULL) == 0);
    CHECK(pthread_join(t, NULL) == 0);
    CHECK(pthread_create(&t, NULL, hand_second, NULL) == 0);
    CHECK(pthread_join(t, NULL) == 0);
    CHECK(oh_runtime_free(handed_rt) == 0);
}

/* --- a thread that exits inside runtimes (RT5) ----------------------------- */

typedef struct exiting_arg {
    oh_runtime *outer, *inner;
    oh_object *list;            /* made in inner, left in it */
} exiting_arg;

static void *
exit_inside(void *varg)
{
    exiting_arg *a = varg;
    CHECK(oh_runtime_enter(a->outer) == 0);
    CHECK(oh_runtime_enter(a->inner) == 0);
    a->list = oh_list_new();
    CHECK(a->list != NULL);
    oh_object *item = oh_int_from_i64(12345);
    CHECK(oh_list_append(a->list, item) == 0);
    oh_decref(item);
    return NULL;                /* exits without leaving either */
}

RT_TEST(a_thread_exiting_inside_runtimes_leaves_them)
{
    exiting_arg a = {oh_runtime_new(), oh_runtime_new(), NULL};
    CHECK(a.outer != NULL && a.inner != NULL);
    pthread_t t;
    CHECK(pthread_create(&t, NULL, exit_inside, &a) == 0);
    CHECK(pthread_join(t, NULL) == 0);
    /* Both are free to enter, and the inner one kept its objects. */
    CHECK(oh_runtime_enter(a.inner) == 0);
    CHECK(oh_list_size(a.list) == 1);
    oh_decref(a.list);
    CHECK(oh_runtime_leave() == 0);
    CHECK(oh_runtime_enter(a.outer) == 0);
    CHECK(oh_runtime_leave() == 0);
    CHECK(oh_runtime_free(a.inner) == 0);
    CHECK(oh_runtime_free(a.outer) == 0);
}

#ifndef RUNTIMES_STANDALONE

/* --- one thread: nesting, errors, freeing --------------------------------- */

Test(runtimes, enter_and_leave_nest)
{
    oh_runtime *a = oh_runtime_new(), *b = oh_runtime_new();
    cr_assert(a != NULL && b != NULL && a != b);
    cr_assert_eq(oh_runtime_current(), oh_runtime_main());
    cr_assert_eq(oh_runtime_enter(a), 0);
    cr_assert_eq(oh_runtime_current(), a);
    cr_assert_eq(oh_runtime_enter(b), 0);
    cr_assert_eq(oh_runtime_current(), b);
    cr_assert_eq(oh_runtime_leave(), 0);
    cr_assert_eq(oh_runtime_current(), a);
    cr_assert_eq(oh_runtime_leave(), 0);
    cr_assert_eq(oh_runtime_current(), oh_runtime_main());
    /* The main runtime can be entered too, and left. */
    cr_assert_eq(oh_runtime_enter(oh_runtime_main()), 0);
    cr_assert_eq(oh_runtime_leave(), 0);
    cr_assert_eq(oh_runtime_free(a), 0);
    cr_assert_eq(oh_runtime_free(b), 0);
}

static void
expect_runtime_error(const char *part)
{
    cr_assert_eq(oh_err_occurred(), OH_ERR_RUNTIME, "%s",
                 oh_err_message());
    cr_assert(strstr(oh_err_message(), part) != NULL, "%s",
              oh_err_message());
    oh_err_clear();
}

Test(runtimes, misuse_in_one_thread_is_an_error)
{
    cr_assert_eq(oh_runtime_leave(), -1);
    expect_runtime_error("has not entered a runtime");
    cr_assert_eq(oh_runtime_enter(NULL), -1);
    expect_runtime_error("NULL");
    cr_assert_eq(oh_runtime_free(NULL), -1);
    expect_runtime_error("NULL");
    cr_assert_eq(oh_runtime_free(oh_runtime_main()), -1);
    expect_runtime_error("never freed");
    oh_runtime *a = oh_runtime_new();
    cr_assert_eq(oh_runtime_enter(a), 0);
    cr_assert_eq(oh_runtime_enter(a), -1);
    /* The error is the runtime's current one: a, still. */
    cr_assert_eq(oh_runtime_current(), a);
    expect_runtime_error("inside this runtime already");
    oh_runtime *b = oh_runtime_new();
    cr_assert_eq(oh_runtime_enter(b), 0);
    cr_assert_eq(oh_runtime_free(a), -1);
    expect_runtime_error("leave that first");
    /* Freeing the current runtime leaves it first. */
    cr_assert_eq(oh_runtime_free(b), 0);
    cr_assert_eq(oh_runtime_current(), a);
    cr_assert_eq(oh_runtime_free(a), 0);
    cr_assert_eq(oh_runtime_current(), oh_runtime_main());
    cr_assert_eq(oh_runtime_enter(a), -1);
    expect_runtime_error("freed already");
    cr_assert_eq(oh_runtime_free(a), -1);
    expect_runtime_error("freed already");
}

static int64_t
arena_bytes(void)
{
    oh_alloc_trim();
    oh_alloc_stats_t st = {.size = sizeof st};
    oh_alloc_stats(&st);
    return st.arena_bytes.current;
}

Test(runtimes, free_gives_everything_back)
{
    int64_t before = arena_bytes();
    oh_runtime *rt = oh_runtime_new();
    cr_assert_eq(oh_runtime_enter(rt), 0);
    /* 50,000 objects the program keeps: a list of lists, a big tuple (a
     * large object), cycles, an interned str, an error with an object,
     * a frozen object. */
    oh_object *keep = oh_list_new();
    for (int i = 0; i < 10000; i++) {
        oh_object *l = oh_list_new();
        oh_object *n = oh_int_from_i64(1000 + i);
        oh_object *f = oh_float_from_double(i);
        oh_list_append(l, n);
        oh_list_append(l, f);
        oh_list_append(l, l);           /* a cycle, held */
        oh_list_append(keep, l);
        oh_decref(l);
        oh_decref(n);
        oh_decref(f);
    }
    oh_object *items[1000];
    for (int i = 0; i < 1000; i++)
        items[i] = oh_str_from_cstr("item, in a big tuple");
    oh_object *big = oh_tuple_from_array(items, 1000);
    for (int i = 0; i < 1000; i++)
        oh_decref(items[i]);
    cr_assert(big != NULL);
    oh_list_append(keep, big);
    oh_object *s = oh_str_intern_cstr("interned in the runtime");
    oh_list_append(keep, s);
    ohi_err_set_object(OH_ERR_VALUE, "an error holding a list",
                       oh_list_new());
    oh_gc_freeze();
    /* Leaked on purpose: keep, big and s are never released. */
    cr_assert_gt(arena_bytes(), before);
    cr_assert_eq(oh_runtime_leave(), 0);
    cr_assert_eq(oh_runtime_free(rt), 0);
    cr_assert_eq(arena_bytes(), before, "every arena of the runtime back");
    /* The struct is reused, and the reused runtime starts empty. */
    oh_runtime *again = oh_runtime_new();
    cr_assert_eq(again, rt, "RT4: the freed struct is reused");
    cr_assert_eq(oh_runtime_enter(again), 0);
    cr_assert_eq(oh_err_occurred(), OH_ERR_NONE);
    cr_assert_eq(oh_gc_get_freeze_count(), 0);
    oh_census *c = oh_census_take();
    cr_assert(c != NULL);
    cr_assert_eq(c->total_count, 0, "no object left in the reused runtime");
    oh_census_free(c);
    workload(3, 1);
    cr_assert_eq(oh_runtime_free(again), 0);
    cr_assert_eq(oh_runtime_current(), oh_runtime_main());
    cr_assert_eq(arena_bytes(), before);
    oh_alloc_check();
}

/* Weak references and finalizers run in the runtime being freed, while
 * it is still whole. */
static int finalized;

static void
count_finalizer(oh_object *self)
{
    (void)self;
    finalized++;
}

Test(runtimes, free_runs_finalizers_of_cycles)
{
    oh_runtime *rt = oh_runtime_new();
    cr_assert_eq(oh_runtime_enter(rt), 0);
    oh_object *cls = oh_class_new("Finalized", count_finalizer);
    cr_assert(cls != NULL);
    for (int i = 0; i < 10; i++) {
        oh_object *o = oh_instance_new(cls);
        cr_assert(o != NULL);
        oh_instance_setattr(o, "self", o);      /* a cycle */
        oh_decref(o);
    }
    oh_decref(cls);
    cr_assert_eq(oh_runtime_leave(), 0);
    finalized = 0;
    cr_assert_eq(oh_runtime_free(rt), 0);
    cr_assert_eq(finalized, 10);
}

/* --- the interpreter runs in one runtime at a time ------------------------ */

Test(runtimes, python_in_one_runtime_at_a_time)
{
    oh_runtime *a = oh_runtime_new(), *b = oh_runtime_new();
    cr_assert_eq(oh_runtime_enter(a), 0);
    cr_assert_eq(oh_py_init(0, NULL), 0, "%s", oh_err_message());
    cr_assert_eq(oh_py_run_string("x = [1, 2, 3]\n", "<a>"), 0);
    cr_assert_eq(oh_runtime_enter(b), 0);
    cr_assert_eq(oh_py_init(0, NULL), -1);
    expect_runtime_error("another runtime");
    cr_assert_eq(oh_py_run_string("x = 1\n", "<b>"), -1,
                 "no interpreter in b");
    expect_runtime_error("not running");
    cr_assert_eq(oh_runtime_leave(), 0);
    cr_assert_eq(oh_runtime_leave(), 0);
    /* Freeing a stops its interpreter; b may start one then. */
    cr_assert_eq(oh_runtime_free(a), 0);
    cr_assert_eq(oh_runtime_enter(b), 0);
    cr_assert_eq(oh_py_init(0, NULL), 0, "%s", oh_err_message());
    cr_assert_eq(oh_py_run_string("y = {'k': [1]}\n", "<b>"), 0);
    cr_assert_eq(oh_py_fini(), 0);
    cr_assert_eq(oh_runtime_free(b), 0);
}

/* --- tracing is process-wide ---------------------------------------------- */

static void *
traced_thread(void *arg)
{
    oh_runtime *rt = arg;
    CHECK(oh_runtime_enter(rt) == 0);
    oh_object *l = oh_list_new();
    for (int i = 0; i < 1000; i++) {
        oh_object *n = oh_int_from_i64(100000 + i);
        oh_list_append(l, n);
        oh_decref(n);
    }
    /* Kept: freed with the runtime. */
    CHECK(oh_runtime_leave() == 0);
    return NULL;
}

Test(runtimes, tracing_sees_every_runtime)
{
    oh_runtime *rt = oh_runtime_new();
    cr_assert_eq(oh_trace_start(1), 0);
    size_t before;
    oh_trace_get_traced_memory(&before, NULL);
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, traced_thread, rt), 0);
    cr_assert_eq(pthread_join(t, NULL), 0);
    size_t during;
    oh_trace_get_traced_memory(&during, NULL);
    cr_assert_gt(during, before + 1000 * 32, "the thread's ints traced");
    cr_assert_eq(oh_runtime_free(rt), 0);
    size_t after;
    oh_trace_get_traced_memory(&after, NULL);
    cr_assert_lt(after, during, "freed with the runtime");
    oh_trace_stop();
}

/* --- release builds: a runtime another thread is inside ------------------- */

static pthread_mutex_t hold_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hold_cond = PTHREAD_COND_INITIALIZER;
static int hold_state;          /* 1: inside; 2: may leave */

static void *
hold_runtime(void *arg)
{
    oh_runtime *rt = arg;
    pthread_setname_np(pthread_self(), "rt-holder");
    CHECK(oh_runtime_enter(rt) == 0);
    pthread_mutex_lock(&hold_lock);
    hold_state = 1;
    pthread_cond_broadcast(&hold_cond);
    while (hold_state != 2)
        pthread_cond_wait(&hold_cond, &hold_lock);
    pthread_mutex_unlock(&hold_lock);
    CHECK(oh_runtime_leave() == 0);
    return NULL;
}

/* Start a thread inside rt; returns once it is. */
static pthread_t
start_holder(oh_runtime *rt)
{
    pthread_t t;
    hold_state = 0;
    CHECK(pthread_create(&t, NULL, hold_runtime, rt) == 0);
    pthread_mutex_lock(&hold_lock);
    while (hold_state != 1)
        pthread_cond_wait(&hold_cond, &hold_lock);
    pthread_mutex_unlock(&hold_lock);
    return t;
}

#if OH_DEBUG == 0
static void
stop_holder(pthread_t t)
{
    pthread_mutex_lock(&hold_lock);
    hold_state = 2;
    pthread_cond_broadcast(&hold_cond);
    pthread_mutex_unlock(&hold_lock);
    CHECK(pthread_join(t, NULL) == 0);
}

Test(runtimes, entering_a_runtime_in_use_is_an_error)
{
    oh_runtime *rt = oh_runtime_new();
    pthread_t t = start_holder(rt);
    cr_assert_eq(oh_runtime_enter(rt), -1);
    expect_runtime_error("thread ");
    cr_assert_eq(oh_runtime_free(rt), -1);
    expect_runtime_error("(rt-holder) is inside it");
    stop_holder(t);
    cr_assert_eq(oh_runtime_free(rt), 0);
}
#endif

/* --- the debug checks (RT2, RT3) ------------------------------------------
 * oh_refcount_check_ is what oh_incref and oh_decref call in a program
 * built with OH_DEBUG: in every build of the library. */

static void
foreign_object_incref(void)
{
    oh_runtime *rt = oh_runtime_new();
    oh_runtime_enter(rt);
    oh_object *l = oh_list_new();
    oh_runtime_leave();
    oh_refcount_check_(l, "oh_incref", "foreign_object_incref", "here.c",
                       1);
}

Test(runtimes, object_of_another_runtime_aborts)
{
    cr_assert(expect_abort(foreign_object_incref, "objheap: fatal: oh_incref "
                           "in foreign_object_incref (here.c:1): object 0x"));
    cr_assert(expect_abort(foreign_object_incref,
                           "(list) belongs to runtime 0x"));
    cr_assert(expect_abort(foreign_object_incref, ", which no thread is "
                           "inside, but thread "));
}

/* A tuple of 200 Nones: over 1024 bytes, so a large object (in debug
 * mode, a block of the C library's). */
static oh_object *
large_tuple(void)
{
    oh_object *items[200];
    for (int i = 0; i < 200; i++)
        items[i] = OH_NONE;
    return oh_tuple_from_array(items, 200);
}

/* An object of a runtime freed since: its arena went back with the
 * runtime's heap, warm (still mapped) for the retain delay. */
static void
freed_runtime_object_incref(void)
{
    if (oh_alloc_set_debug(1) != 0)     /* what the check asks (RT4) */
        abort();
    oh_alloc_set_retain(60000);
    oh_runtime *rt = oh_runtime_new();
    oh_runtime_enter(rt);
    oh_object *l = oh_list_new();
    oh_runtime_leave();
    oh_runtime_free(rt);
    oh_refcount_check_(l, "oh_incref", "freed_runtime_object_incref",
                       "here.c", 3);
}

/* A large object freed: debug mode knows every large block live. */
static void
freed_large_object_incref(void)
{
    if (oh_alloc_set_debug(1) != 0)
        abort();
    oh_object *t = large_tuple();
    oh_decref(t);
    oh_refcount_check_(t, "oh_decref", "freed_large_object_incref",
                       "here.c", 4);
}

Test(runtimes, object_of_a_freed_runtime_aborts)
{
    cr_assert(expect_abort(freed_runtime_object_incref,
                           "objheap: fatal: oh_incref in "
                           "freed_runtime_object_incref (here.c:3): "
                           "object 0x"));
    cr_assert(expect_abort(freed_runtime_object_incref,
                           "is in no heap and not static: freed, or of a "
                           "runtime that was freed (oh_runtime_free)"));
    cr_assert(expect_abort(freed_large_object_incref,
                           "oh_decref in freed_large_object_incref "
                           "(here.c:4): object 0x"));
    cr_assert(expect_abort(freed_large_object_incref,
                           "is in no heap and not static"));
}

/* A static object, and a live one of this runtime, pass the check. */
Test(runtimes, static_and_live_objects_pass_the_check)
{
    cr_assert_eq(oh_alloc_set_debug(1), 0);
    oh_object *big = large_tuple();
    oh_object *small = oh_list_new();
    for (int i = 0; i < 3; i++) {
        oh_refcount_check_(OH_NONE, "oh_incref", "static", "here.c", 5);
        oh_refcount_check_(big, "oh_incref", "large", "here.c", 6);
        oh_refcount_check_(small, "oh_incref", "small", "here.c", 7);
    }
    oh_decref(big);
    oh_decref(small);
}

static void
runtime_used_while_another_inside(void)
{
    oh_object *l = oh_list_new();       /* the main runtime's */
    start_holder(oh_runtime_main());
    oh_refcount_check_(l, "oh_decref", "main_thread", "here.c", 2);
}

Test(runtimes, runtime_used_by_two_threads_aborts)
{
    cr_assert(expect_abort(runtime_used_while_another_inside,
                           "objheap: fatal: runtime 0x"));
    cr_assert(expect_abort(runtime_used_while_another_inside,
                           "while thread "));
    cr_assert(expect_abort(runtime_used_while_another_inside,
                           "(rt-holder) is inside it (oh_decref in "
                           "main_thread (here.c:2))"));
}

#if OH_DEBUG >= 1
/* The library's own check points: a function's object argument, the
 * collector, a large object, and entering a runtime in use. */
static void
foreign_object_appended(void)
{
    oh_runtime *rt = oh_runtime_new();
    oh_runtime_enter(rt);
    oh_object *l = oh_list_new();
    oh_runtime_leave();
    oh_object *mine = oh_list_new();
    oh_list_append(mine, l);
}

static void
foreign_large_object(void)
{
    oh_runtime *rt = oh_runtime_new();
    oh_runtime_enter(rt);
    oh_object *t = large_tuple();
    oh_runtime_leave();
    oh_object *mine = oh_list_new();
    oh_list_append(mine, t);
}

static void
enter_in_use(void)
{
    oh_runtime *rt = oh_runtime_new();
    start_holder(rt);
    oh_runtime_enter(rt);
}

Test(runtimes, debug_build_catches_misuse)
{
    cr_assert(expect_abort(foreign_object_appended,
                           "oh_list_append: object 0x"));
    cr_assert(expect_abort(foreign_object_appended,
                           "(list) belongs to runtime"));
    cr_assert(expect_abort(foreign_large_object,
                           "(tuple) belongs to runtime"));
    cr_assert(expect_abort(enter_in_use, "used by thread "));
    cr_assert(expect_abort(enter_in_use, "while thread "));
    cr_assert(expect_abort(enter_in_use, "(rt-holder) is inside it "
                           "(oh_runtime_enter)"));
}
#endif

#endif /* !RUNTIMES_STANDALONE */

#ifdef RUNTIMES_STANDALONE
int
main(void)
{
    for (int i = 0; i < ntests; i++) {
        tests[i].fn();
        printf("[PASS] runtimes::%s\n", tests[i].name);
    }
    printf("[====] Synthesis: Tested: %d | Passing: %d | Failing: 0 | "
           "Crashing: 0\n", ntests, ntests);
    return 0;
}
#endif
